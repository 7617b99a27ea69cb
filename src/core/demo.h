/*
 * demo.h - demo data for `ocop-pos demo`: a realistic OCOP showroom
 * catalogue (producers of every kind from many provinces, products of all
 * six OCOP groups with Vietnamese names, certificates, prices, VAT rates
 * and barcodes), the same for the same seed.
 *
 * Everything goes through the ordinary core paths (producer_validate/
 * producer_save, product_validate/catalog_save with source "demo"), so
 * the demo database is a database like any other.
 */
#ifndef OCOP_DEMO_H
#define OCOP_DEMO_H

#include <stdint.h>
#include <time.h>

#include "lib/err.h"

struct db;

#define DEMO_PRODUCTS_DEFAULT 150
#define DEMO_PRODUCTS_MAX 1000000
#define DEMO_DAYS_DEFAULT 30
#define DEMO_DAYS_MAX 3660

struct demo_options {
	int products;           /* number of products to create, >= 1 (default 150) */
	int days;               /* days of sales history before today (default 30) */
	uint64_t seed;          /* same seed, same catalogue (default 1) */
	/* Called (may be NULL) after each product is saved, with done 1..total. */
	void (*progress)(void *ctx, int done, int total);
	void *ctx;              /* passed to progress */
};

/* Fill o with the defaults: 150 products, 30 days, seed 1, no progress. */
void demo_options_init(struct demo_options *o);

/*
 * Write the demo producers and o->products products (o NULL = defaults)
 * into db, in one transaction: on failure nothing is left behind.
 * Deterministic: for the same seed and the same clock_now() date
 * (OCOP_POS_NOW in tests), two databases get identical content.
 * Certificate dates are relative to clock_now(), so some certificates
 * always expire within 60 days and a couple have lapsed.
 * Needs refdata_load().  Returns 0; POS_ERR_INVALID for bad options or
 * reference data not loaded; POS_ERR_REFUSED when the catalogue already
 * has products (demo data goes into an empty database); the errors of
 * producer_save() and catalog_save(); POS_ERR_NO_MEM.
 */
int demo_generate(struct db *db, const struct demo_options *o, struct pos_error *err);

/* ---- shared by the demo's parts (demo.c, demo_stock.c, demo_sales.c) ---- */

/* splitmix64: the next number of the stream *s (never rand()). */
uint64_t demo_rng_next(uint64_t *s);

/* A number in [lo, hi] (lo <= hi) from the stream *s. */
int demo_rng_range(uint64_t *s, int lo, int hi);

/* The independent stream of item idx of a kind (salt) for seed, so what
 * one item gets does not depend on the others. */
uint64_t demo_rng_stream(uint64_t seed, uint64_t salt, uint64_t idx);

/* The demo dates what it writes by moving the clock (clock_override(),
 * which clock_now() reads on every call); save and restore the caller's. */
struct demo_clock {
	time_t saved;
	int had;
};
void demo_clock_save(struct demo_clock *c);
void demo_clock_restore(const struct demo_clock *c);

/* Set the clock to local time hh:mm of day (days since 1970-01-01). */
void demo_clock_set(int64_t day, int hh, int mm);

#endif
