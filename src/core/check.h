/*
 * check.h - `ocop-pos db check`: SQLite's integrity_check and
 * foreign_key_check, then the project's own invariants (search keys
 * match names, the FTS index matches the catalogue, barcodes have valid
 * check digits, provinces and certificate dates are sane, the rating
 * history ends at each product's stars), the stock caches against the
 * ledger, the sales (sale_check: totals, payments, lots, gapless numbers
 * per showroom, register and year) and the sales summary tables against
 * the sale lines (report_check_summary).
 */
#ifndef OCOP_CHECK_H
#define OCOP_CHECK_H

#include "lib/err.h"

struct db;

/*
 * Run every check; report(ctx, problem) is called once per problem found
 * (a sentence).  *problems receives their number.  Returns 0 when the
 * checks ran (whatever they found), or an error if they could not run.
 */
int check_run(struct db *db, void (*report)(void *ctx, const char *problem), void *ctx,
	      int *problems, struct pos_error *err);

#endif
