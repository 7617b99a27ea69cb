/*
 * barcode.h - GS1 barcodes, in-store codes and label-scale codes.
 *
 * What a scanner sends is checked and normalised here before anything
 * looks it up:
 *   - EAN-13, EAN-8, UPC-A and GTIN-14 must carry the right GS1 mod-10
 *     check digit.  UPC-A (12 digits) is stored in its 13-digit EAN form
 *     ("0" + UPC), and a GTIN-14 whose indicator digit is 0 in its
 *     13-digit form, so every scan of the same product finds it.
 *   - EAN-13 with prefix 20-29 are in-store codes, printed by the shop
 *     (barcode_make_instore) or by a label scale (variable measure).
 *   - Shops label products without a GS1 code with their own Code128
 *     labels: 1-32 characters from A-Z 0-9 - . _ / (lowercase letters are
 *     uppercased), not all digits.
 *
 * Variable-measure codes (label scales) follow a configurable layout,
 * described by a 13-character pattern over the 13 digits of the EAN:
 *
 *   0-9   a literal digit the code must have at this position; these
 *         say which codes the layout is for (the first character must be
 *         a literal, e.g. "2" or "20")
 *   I     a digit of the item code (PLU); the I digits, read left to
 *         right, are the item code, leading zeros kept
 *   V     a digit of the value: weight in grams, or price in VND
 *   X     a digit that is not checked (e.g. a price check digit)
 *   C     the EAN-13 check digit: exactly once, as the last character
 *
 * Examples: "2IIIIIIVVVVVC" (flag 2, 6-digit PLU, 5-digit value) or
 * "20IIIIIVVVVVC" / "21IIIIXVVVVVC".  Grams of a product sold by the
 * kilogram are its quantity in thousandths (see money.h).
 *
 * Everything here is pure: no allocation, no state of its own (error
 * messages are translated with tr(), which only reads the catalogue).
 */
#ifndef OCOP_BARCODE_H
#define OCOP_BARCODE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

/* Longest normalised code (an internal label) + NUL. */
#define BARCODE_INTERNAL_MAX 32
#define BARCODE_NORM_MAX (BARCODE_INTERNAL_MAX + 1)

enum barcode_kind {
	BARCODE_EAN13,		/* GS1 EAN-13, prefix not 20-29 */
	BARCODE_EAN8,		/* GS1 EAN-8 */
	BARCODE_UPCA,		/* UPC-A; normalised to 13 digits "0" + UPC */
	BARCODE_INSTORE,	/* EAN-13 with prefix 20-29 */
	BARCODE_INTERNAL,	/* shop's own alphanumeric Code128 label */
	BARCODE_GTIN14,		/* GTIN-14 (cases); "0..." normalised to 13 */
};

/* An English name of k ("EAN-13", "internal"); static storage. */
const char *barcode_kind_name(enum barcode_kind k);

/*
 * The GS1 mod-10 check digit of the n digits at digits (weights 3, 1,
 * 3, ... from the rightmost digit): 0-9, or -1 if one of them is not a
 * digit.  "893123450001" -> 6.
 */
int barcode_check_digit(const char *digits, size_t n);

/*
 * Check a scanned or typed code and normalise it.  Surrounding
 * whitespace is ignored.  All-digit codes must have 8, 12, 13 or 14
 * digits and the right check digit ("wrong check digit in 8931234500017:
 * expected 6"); other codes are internal labels (see above).
 *
 * On success returns 0, writes the normalised code into norm (normsz
 * bytes, caller-owned; BARCODE_NORM_MAX always suffices) and *kind (kind
 * may be NULL).  Otherwise returns POS_ERR_INVALID with a message, and
 * norm and *kind are untouched.
 */
int barcode_validate(const char *code, char *norm, size_t normsz,
		     enum barcode_kind *kind, struct pos_error *err);

/*
 * Make an in-store EAN-13: the two digits of prefix (20-29), number as
 * ten digits (zero-padded, < 10^10), and the check digit.  Returns 0 and
 * writes out (NUL-terminated), or POS_ERR_INVALID.
 */
int barcode_make_instore(int prefix, uint64_t number, char out[14],
			 struct pos_error *err);

/* ---- variable-measure codes (label scales) ---- */

#define BARCODE_VM_LEN 13

struct barcode_vm_layout {
	char pattern[16];	/* the 13 pattern characters, uppercase */
	int value_is_price;	/* 0: value is grams; 1: value is VND */
	int item_digits;	/* number of I */
	int value_digits;	/* number of V */
	int literal_digits;	/* number of literal digits */
};

/*
 * Parse pattern (see the top of this file) into *out.  Needs exactly 13
 * characters, a literal first, at least one I and one V,
 * and C last; lowercase letters are accepted.  Returns 0 or
 * POS_ERR_INVALID naming the problem; *out is written only on success.
 */
int barcode_vm_layout_parse(const char *pattern, int value_is_price,
			    struct barcode_vm_layout *out,
			    struct pos_error *err);

/*
 * Decode code13 with layout l: the item code into item (itemsz bytes,
 * caller-owned, NUL-terminated; item_digits + 1 suffices) and the value
 * (grams or VND) into *value.
 *
 * Returns 0 on success; POS_ERR_NOT_FOUND when code13 is not 13 digits
 * or does not have the layout's literal digits (so the caller tries the
 * next layout or an ordinary lookup); POS_ERR_INVALID for a wrong check
 * digit or an item buffer that is too small.  Outputs are written only
 * on success.
 */
int barcode_vm_decode(const struct barcode_vm_layout *l, const char *code13,
		      char *item, size_t itemsz, int64_t *value,
		      struct pos_error *err);

/*
 * Build the code a label scale would print with layout l: item (1 to
 * item_digits digits, zero-padded on the left), value (0 to
 * 10^value_digits - 1), X digits 0, check digit computed.  Returns 0 and
 * writes out (NUL-terminated), or POS_ERR_INVALID.
 */
int barcode_vm_encode(const struct barcode_vm_layout *l, const char *item,
		      int64_t value, char out[14], struct pos_error *err);

#endif
