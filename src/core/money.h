/*
 * money.h - whole-VND amounts, quantities in thousandths and VAT.
 *
 * Money is int64_t whole đồng (VND has no minor unit).  People see
 * "185.000 ₫" (dot thousands separator, a space, U+20AB); machines see the
 * bare integer.  Quantities are int64_t thousandths of a unit ("milli"),
 * so 1,5 kg of tea is 1500 and two jars of honey are 2000; a line amount
 * is unit price x quantity / 1000, rounded half away from zero.
 *
 * Retail prices include VAT.  The VAT inside an amount is
 * round(amount x rate / (100 + rate)), half away from zero, computed per
 * sale line (never on a total).  Rates are 0, 5, 8 (temporary, 2025-2026)
 * and 10 percent, or VAT_KCT for goods not subject to VAT.
 *
 * Everything here is pure: no allocation, no global state.
 */
#ifndef OCOP_MONEY_H
#define OCOP_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

/* Buffer sizes enough for any value (INT64_MIN with separators). */
#define MONEY_FMT_MAX 32	/* money_format, money_format_plain */
#define QTY_FMT_MAX 24		/* qty_format, qty_format_c */

/* Thousandths in one unit of quantity. */
#define QTY_ONE 1000

/* "Không chịu thuế": not subject to VAT (not the same as 0%). */
#define VAT_KCT (-1)

/*
 * Write vnd for people: "185.000 ₫", "0 ₫", "-1.500 ₫" (any int64_t,
 * INT64_MIN included) into out (n bytes, caller-owned, NUL-terminated).
 * Returns the length written (without the NUL), or POS_ERR_INVALID when n
 * is too small, leaving out untouched.  MONEY_FMT_MAX always suffices.
 */
int money_format(int64_t vnd, char *out, size_t n);

/* As money_format without the symbol: "185.000", "-1.500". */
int money_format_plain(int64_t vnd, char *out, size_t n);

/*
 * Parse an amount of VND typed or pasted by a person into *out.
 *
 * Accepts an optional leading '-', digits either bare ("185000") or in
 * groups of exactly three after the first, separated consistently by
 * '.', ',' or a space (also U+00A0 / U+202F): "185.000", "185,000",
 * "185 000"; then optionally a currency mark, with or without a space
 * before it: "₫", "đ", "Đ", "d", "VND", "VNĐ" (any case).  Surrounding
 * whitespace is ignored.  Refuses empty input, decimals ("185.5"),
 * stray characters and values outside int64_t with POS_ERR_INVALID and an
 * English message quoting the input.  *out is written only on success.
 */
int money_parse(const char *s, int64_t *out, struct pos_error *err);

/*
 * Parse a positive quantity into thousandths: "2" -> 2000, "1.5" and
 * "1,5" -> 1500, "0.125" -> 125.  Either '.' or ',' is the decimal
 * separator (there are no thousands separators in quantities: "1.500"
 * is one and a half).  At most three decimals; zero, negative, empty or
 * malformed quantities and values above QTY_MAX_MILLI are refused with
 * POS_ERR_INVALID.  *milli is written only on success.
 */
#define QTY_MAX_MILLI ((int64_t)1000000000 * 1000)	/* 1e9 units */
int qty_parse(const char *s, int64_t *milli, struct pos_error *err);

/*
 * Write a quantity for people with the Vietnamese decimal comma and no
 * trailing zeros: 2000 -> "2", 1500 -> "1,5", 125 -> "0,125",
 * -250 -> "-0,25".  Returns the length, or POS_ERR_INVALID when n is too
 * small (out untouched).  QTY_FMT_MAX always suffices.
 */
int qty_format(int64_t milli, char *out, size_t n);

/* As qty_format with a '.' decimal point, for CSV/JSON: "1.5". */
int qty_format_c(int64_t milli, char *out, size_t n);

/*
 * The amount of a sale line: unit_price x qty_milli / 1000, rounded half
 * away from zero (so -1,5 x 3 ₫ gives -5 ₫ like 1,5 x 3 ₫ gives 5 ₫).
 * Returns 0 and writes *out, or POS_ERR_INVALID if the result does not
 * fit in int64_t.
 */
int money_line_amount(int64_t unit_price, int64_t qty_milli, int64_t *out,
		      struct pos_error *err);

/*
 * The VAT contained in a VAT-inclusive amount at rate_percent:
 * round(amount x rate / (100 + rate)), half away from zero, exact for all
 * int64_t amounts.  185000 at 8% -> 13704; 100000 at 10% -> 9091.
 * A negative rate (VAT_KCT) means not taxable and gives 0.
 */
int64_t money_vat_included(int64_t amount, int rate_percent);

/* 1 if rate is 0, 5, 8, 10 or VAT_KCT, else 0. */
int vat_rate_valid(int rate);

/*
 * Parse a VAT rate: "0", "5", "8", "10", optionally followed by "%",
 * or "KCT" / "none" (any case) for VAT_KCT.  Returns 0 and writes *rate,
 * or POS_ERR_INVALID naming the input.
 */
int vat_rate_parse(const char *s, int *rate, struct pos_error *err);

/*
 * Write a rate for people and files: "8%", "0%", "KCT".  Returns the
 * length or POS_ERR_INVALID (n too small or rate not valid).
 */
int vat_rate_format(int rate, char *out, size_t n);

#endif
