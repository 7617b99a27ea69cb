/*
 * demo_stock.h - the stock of the demo showroom (`ocop-pos demo`): lots
 * for most goods, bought outright or on consignment, received before the
 * demo's sales begin, restocked as they sell and written off when they
 * expire; a few products near expiry, a few with an expired lot still on
 * the shelf, a few below their reorder level; combos become bundles.
 */
#ifndef OCOP_DEMO_STOCK_H
#define OCOP_DEMO_STOCK_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

struct db;
struct user;

/*
 * Receive the opening stock for the products already in db, dated before
 * the first day of sales (`days` days before today: a sale never takes
 * goods from a lot received after it; the story products' goods may come
 * later, they are not sold), through stock.c (stock_receive,
 * stock_adjust, stock_set_reorder, stock_bundle_set), in the caller's
 * transaction when there is one.  Each receipt is dated by moving the
 * clock (demo_clock_set); the caller's clock is put back.  Deterministic:
 * the same seed, catalogue and clock_now() date give the same lots.  The
 * moves are recorded as done by the first manager (or admin) when the
 * database has users, else by the system.  Returns 0 or the first error.
 */
int demo_stock(struct db *db, int days, uint64_t seed, struct pos_error *err);

/*
 * The ordinary products (no bundles, no services), loaded once for all
 * the days of the demo's sales (reading a national catalogue each day
 * made `demo --days 730` take hours).  Free with demo_shelf_free().
 */
/*
 * The index of the element whose id is id in v, n elements of size bytes
 * in id order, each beginning with its `long long id`; SIZE_MAX when
 * there is none.  A binary search.
 */
size_t demo_find_id(const void *v, size_t n, size_t size, long long id);

struct demo_shelf;
int demo_shelf_load(struct db *db, struct demo_shelf **out, struct pos_error *err);
void demo_shelf_free(struct demo_shelf *s);

/*
 * The morning of day (days since 1970-01-01, the clock set to it): the
 * shelf's ordinary products at or under their reorder level (two units
 * without one) are restocked when their producer delivers that day
 * (every third day, by producer); with empty_only, those with nothing
 * left to sell are, whatever the producer's day (the morning the demo
 * hands over: an ordinary product can always be sold).  Moves by u (NULL:
 * the system).  0 or an error.
 */
int demo_stock_deliveries(struct db *db, const struct demo_shelf *shelf, const struct user *u,
			  uint64_t seed, int64_t day, int empty_only, struct pos_error *err);

/* The closing of day: lots of the shelf's ordinary products expiring that
 * day or before are written off (reason expired).  0 or an error. */
int demo_stock_closing(struct db *db, const struct demo_shelf *shelf, const struct user *u,
		       int64_t day, struct pos_error *err);

/*
 * Call cb with the id of every product whose stock tells a story in
 * `stock alerts` (kept under its reorder level, a lot near expiry, an
 * expired lot, never received): demo sales leave them alone.  A non-zero
 * return from cb stops and is returned.
 */
int demo_stock_stories(struct db *db, int (*cb)(void *ctx, long long product_id), void *ctx,
		       struct pos_error *err);

#endif
