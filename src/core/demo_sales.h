/*
 * demo_sales.h - the demo showroom's sales history (`ocop-pos demo
 * --days N`): N days of shifts, sales, returns and voids, made through
 * the till's own code (cart_*, sale_complete, sale_return, sale_void_last,
 * shift_open/close), so reports, Z reports and consignment statements of
 * the demo database are computed from real documents.
 */
#ifndef OCOP_DEMO_SALES_H
#define OCOP_DEMO_SALES_H

#include <stdint.h>

#include "lib/err.h"

struct db;

/*
 * Generate days days of sales ending yesterday (local dates from
 * clock_now()) on register "01": each day the producers due deliver what
 * sold down to its reorder level (demo_stock_deliveries), the demo cashier
 * opens a shift in the morning, sells 8-20 times (half as much again at
 * weekends; cash, VietQR, card, e-wallet and split payments, a few
 * discounts, a few invoices with a buyer's tax code), takes back a return
 * now and then, the manager voids a sale every ten days or so, the lots
 * expiring that day are written off (demo_stock_closing), and the shift is
 * closed in the evening with the counted cash (now and then a little over
 * or short).  Products with a stock story (demo_stock_stories: near expiry,
 * expired, below the reorder level, never received) are left alone so
 * `stock alerts` keeps telling it.
 *
 * Needs the demo users (thungan, a cashier, and quanly, a manager) and
 * the local showroom: without them nothing is done.  Deterministic for a
 * seed, catalogue and date, but for the UUIDs.  The time of each event is
 * set through clock_override(), restored afterwards.  Runs in the caller's
 * transaction when there is one.  Returns 0 or the first error (a sale
 * refused for want of stock is skipped, not an error).
 */
int demo_sales(struct db *db, int days, uint64_t seed, struct pos_error *err);

#endif
