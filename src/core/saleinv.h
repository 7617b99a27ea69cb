/*
 * saleinv.h - the invariants of one sale document (a sale, refund or
 * void), stated once and used twice: by `db check` (sale_check in sale.c,
 * over the rows of a database) and by the exchange-file verifier (batch.c,
 * over the records of a file, before a hub writes anything, SQLite or
 * PostgreSQL).
 *
 * Each function takes the figures of one document (summed by the caller,
 * by SQL or while parsing) and returns 0 when they hold, or 1 with the
 * sentence `db check` prints in msg.
 */
#ifndef OCOP_SALEINV_H
#define OCOP_SALEINV_H

#include <stddef.h>

/* One document's own figures and the sums of its lines and payments. */
struct saleinv {
	const char *receipt_no;
	long long gross, discount, total, vat;      /* as the document says */
	long long nlines;                           /* lines it has */
	long long line_amount, line_vat, line_discount;   /* sums over its lines */
	long long payments;                         /* sum of its payments */
};

/* Lines add up to the total, VAT and discount; gross - discount = total. */
int saleinv_totals(const struct saleinv *s, char *msg, size_t n);

/* A document has lines. */
int saleinv_has_lines(const struct saleinv *s, char *msg, size_t n);

/* Payments cover the document exactly. */
int saleinv_payments(const struct saleinv *s, char *msg, size_t n);

/* A sale's cash (one payment, or the sum of its cash payments): change =
 * tendered - amount - rounding (the sale's cash rounding, sale.h; 0 for a
 * payment that did not settle the sale). */
int saleinv_cash_change(const char *receipt_no, long long amount, long long tendered,
			long long change, long long rounding, char *msg, size_t n);

/* A line's VAT is the VAT included in its amount at its rate (money.h). */
int saleinv_line_vat(const char *receipt_no, long long line_no, long long amount, int rate,
		     long long vat, char *msg, size_t n);

/*
 * All of the document-level checks above in the order `db check` runs
 * them; the first broken one is said.
 */
int saleinv_document(const struct saleinv *s, char *msg, size_t n);

#endif
