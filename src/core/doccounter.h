/*
 * doccounter.h - gapless document numbers from the doc_counter table.
 *
 * Receipts (sale.c), Z reports (shift.c) and goods receipts (stock.c) are
 * numbered per showroom, register, year and kind.  The counter row is
 * created at 1 or bumped by one in the caller's transaction, so a rolled
 * back document gives its number back and the series stays gapless.
 */
#ifndef OCOP_DOCCOUNTER_H
#define OCOP_DOCCOUNTER_H

#include "lib/err.h"

struct db;

/*
 * The next number of the series (showroom, reg, year, kind) in *seq: 1 for a
 * new series.  reg is "" for documents that belong to no register.  Call it
 * inside a transaction (db_tx).  what names the document for the error
 * message ("numbering the receipt").  0, or an error; *seq written only on
 * success.
 */
int doc_counter_next(struct db *db, const char *showroom, const char *reg, int year,
		     const char *kind, const char *what, long long *seq,
		     struct pos_error *err);

#endif
