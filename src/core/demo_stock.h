/*
 * demo_stock.h - the stock of the demo showroom (`ocop-pos demo`): lots
 * for most goods, bought outright or on consignment, some near expiry,
 * some expired, some below their reorder level; combos become bundles.
 */
#ifndef OCOP_DEMO_STOCK_H
#define OCOP_DEMO_STOCK_H

#include <stdint.h>

#include "err.h"

struct db;

/*
 * Receive demo lots for the products already in db, through stock.c
 * (stock_receive, stock_adjust, stock_set_reorder, stock_bundle_set), in
 * the caller's transaction when there is one.  Deterministic: the same
 * seed, catalogue and clock_now() date give the same lots.  The moves are
 * recorded as done by the first manager (or admin) when the database has
 * users, else by the system.  Returns 0 or the first error.
 */
int demo_stock(struct db *db, uint64_t seed, struct pos_error *err);

#endif
