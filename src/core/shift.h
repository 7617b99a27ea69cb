/*
 * shift.h - cashier shifts and the cash drawer's arithmetic.
 *
 * One open shift per register (schema: unique partial index).  Expected
 * cash = opening float + cash sales (net of change) - cash refunds + cash
 * in - cash out.  Closing is blind: the counted cash (per denomination) is
 * given before the expected amount is shown; over/short is recorded and
 * the Z report gets a gapless number ("<showroom>-<register>-Z<year>-<seq>").
 * Open carts of the register are held at close, never lost.  With cash
 * rounding (sale.h), the drawer holds the rounded cash: the net rounding
 * of the shift's sales, refunds and voids is added to the expected cash.
 */
#ifndef OCOP_SHIFT_H
#define OCOP_SHIFT_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

struct db;
struct user;

struct shift {
	long long id;
	char register_code[8];
	long long user_id;
	char opened_at[21];
	char business_date[11];
	int64_t opening_float;
	int closed;
	char closed_at[21];
	int64_t expected_cash, counted_cash, over_short;
	char z_no[48];
	long long closed_by;           /* user who closed it, 0 while open */
	char counts[256];              /* the count per denomination, "500000x2,10000x5", or "" */
};

/* The Vietnamese banknotes a count may name, largest first. */
#define SHIFT_NDENOMS 12
extern const int64_t shift_denoms[SHIFT_NDENOMS];

/* The open shift of the register; POS_ERR_NOT_FOUND ("no open shift: open one ...") when none. */
int shift_current(struct db *db, const char *register_code, struct shift *out,
		  struct pos_error *err);
int shift_get(struct db *db, long long id, struct shift *out, struct pos_error *err);
/* The register's latest shift, open or closed; POS_ERR_NOT_FOUND when none. */
int shift_last(struct db *db, const char *register_code, struct shift *out,
	       struct pos_error *err);
/* Shifts of a register (NULL: all), oldest first; *out malloc'd (free()). */
int shift_list(struct db *db, const char *register_code, struct shift **out, size_t *n,
	       struct pos_error *err);
int shift_open(struct db *db, const struct user *u, const char *register_code,
	       int64_t opening_float, struct shift *out, struct pos_error *err);
/*
 * The close is blind: the cash the drawer should hold is for those who
 * check the count (manager, admin, auditor: PERM_REPORTS), never for the
 * cashier who counts it.  1 when u may see it.
 */
int shift_may_see_expected(const struct user *u);
/* Cash in (amount > 0) or out (amount < 0) with a reason.  Taking out
 * more than the drawer should hold is refused; the refusal names the
 * expected amount only to a user who may see it. */
int shift_cash_move(struct db *db, const struct user *u, const char *register_code,
		    int64_t amount, const char *reason, struct pos_error *err);

/* The figures of an X or Z report. */
struct shift_report {
	struct shift shift;
	int64_t sales_count, refunds_count, voids_count;
	int64_t sales_total, refunds_total, voids_total;
	int64_t vat_by_rate[5];        /* 0 %, 5 %, 8 %, 10 %, not taxable */
	int64_t amount_by_rate[5];     /* net amounts (VAT included) per rate, same order */
	int64_t by_method[4];          /* net per pay_method (sale.h) */
	int64_t cash_in, cash_out, discounts;
	int64_t cash_rounding;         /* net cash rounding: of sales, minus of refunds/voids */
	int64_t expected_cash;         /* float + by_method[PAY_CASH] + cash_rounding
					  + cash_in - cash_out */
};
int shift_report(struct db *db, long long shift_id, struct shift_report *out,
		 struct pos_error *err);

/*
 * Close the register's shift with the counted cash: counts[i] notes of
 * denoms[i] VND (n entries; or n == 0 and counted given directly).
 */
int shift_close(struct db *db, const struct user *u, const char *register_code,
		const int64_t *denoms, const int64_t *counts, size_t n, int64_t counted,
		struct shift_report *out, struct pos_error *err);

/* 1 when d is one of shift_denoms. */
int shift_denom_valid(int64_t d);
/*
 * Parse a count "500000x2,200000x1,10000x5" (also ';' or ' ' between
 * items, '*' or 'X' for 'x', "500.000x2") into up to max (denomination,
 * notes) pairs, merging repeats.  *n and the arrays are written on success.
 */
int shift_count_parse(const char *s, int64_t *denoms, int64_t *counts, size_t max, size_t *n,
		      struct pos_error *err);

#endif
