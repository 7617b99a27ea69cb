/*
 * demo_stock.c - the demo showroom's stock (see demo_stock.h).
 *
 * Every product that holds stock (services and bundles excepted) is
 * visited in id order with its own random stream derived from the seed
 * and its id (our splitmix64, never rand()), so what one product gets does
 * not depend on the others.  About a third of the producers consign their
 * goods (commission 15-25 %, unit cost = price less the commission); the
 * shop buys the rest outright at 55-72 % of the price.  One to three lots
 * per product, received 1-90 days ago with a few producer lot numbers;
 * expiry follows the shelf life.  Positions in the product order decide
 * the stories a manager should see in `stock alerts`: a lot near expiry
 * (every 11th), an expired lot still on the shelf (every 17th), stock
 * under its reorder level (every 9th), never received (every 13th, half of
 * them with a reorder level), a damaged jar written off (every 29th).
 * Other products get a reorder level of 2-5 units three times in five.  Combo products ("… (combo 3)")
 * become bundles of their base product.
 *
 * Everything goes through stock.c, so the demo ledger is like any other.
 */
#include "demo_stock.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "money.h"
#include "stock.h"
#include "user.h"

#define SALT_STOCK 0x5707c4ULL
#define SALT_CONSIGN 0xc0251ULL

static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* lo..hi inclusive */
static int rng_range(uint64_t *s, int lo, int hi)
{
	return lo + (int)(rng_next(s) % (uint64_t)(hi - lo + 1));
}

static uint64_t rng_stream(uint64_t seed, uint64_t salt, uint64_t idx)
{
	uint64_t s = seed ^ (salt * 0x9e3779b97f4a7c15ULL) ^ (idx * 0xd1b54a32d192ed03ULL);

	rng_next(&s);
	return s;
}

struct dprod {
	long long id, producer_id;
	char name[256];
	char unit[32];
	int64_t price;
	int shelf;
};

/* Round down to 100 đồng, at least 100. */
static int64_t round100(int64_t v)
{
	v -= v % 100;
	return v < 100 ? 100 : v;
}

/* The user the demo's moves are recorded under: the first manager, else admin, else none. */
static int demo_user(struct db *db, struct user *out, int *have, struct pos_error *err)
{
	struct user *v = NULL;
	size_t n = 0, i;
	int r = user_list(db, &v, &n, err), best = -1;

	if (r)
		return r;
	for (i = 0; i < n; i++) {
		if (!v[i].active)
			continue;
		if (v[i].role == ROLE_MANAGER) {
			best = (int)i;
			break;
		}
		if (v[i].role == ROLE_ADMIN && best < 0)
			best = (int)i;
	}
	*have = best >= 0;
	if (best >= 0)
		*out = v[best];
	free(v);
	return 0;
}

/* Combos "<base> (combo k)" become bundles of k x base. */
struct combo {
	long long id, base;
	int k;
};

static int make_bundles(struct db *db, const struct user *u, struct pos_error *err)
{
	struct combo *v = NULL, *nv;
	size_t n = 0, cap = 0, i;
	sqlite3_stmt *st;
	int r, rc;

	r = db_prepare(db, "SELECT c.id, c.name, (SELECT b.id FROM product b WHERE b.producer_id = "
		       "c.producer_id AND b.is_service = 0 AND b.name = substr(c.name, 1, "
		       "instr(c.name, ' (combo ') - 1) ORDER BY b.id LIMIT 1) FROM product c "
		       "WHERE c.name LIKE '% (combo %)' AND c.is_service = 0 ORDER BY c.id", &st, err);
	if (r)
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 1);
		const char *p = name ? strstr(name, " (combo ") : NULL;
		int k;

		if (!p || sscanf(p, " (combo %d)", &k) != 1 || k < 2 || k > 20 ||
		    sqlite3_column_type(st, 2) == SQLITE_NULL)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				sqlite3_reset(st);
				free(v);
				return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
			}
			v = nv;
		}
		v[n].id = sqlite3_column_int64(st, 0);
		v[n].base = sqlite3_column_int64(st, 2);
		v[n].k = k;
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return db_fail(db, err, "making demo bundles");
	}
	for (i = 0, r = 0; !r && i < n; i++) {
		struct stock_bundle_item item = { v[i].base, (int64_t)v[i].k * QTY_ONE };

		r = stock_bundle_set(db, u, v[i].id, &item, 1, err);
	}
	free(v);
	return r;
}

/* The products to stock, in id order, into *out (malloc'd). */
static int load_products(struct db *db, struct dprod **out, size_t *n, struct pos_error *err)
{
	struct dprod *v = NULL, *nv;
	size_t k = 0, cap = 0;
	sqlite3_stmt *st;
	int r = db_prepare(db, "SELECT id, producer_id, name, unit, price, "
			   "coalesce(shelf_life_days, 0) FROM product p WHERE is_service = 0 "
			   "AND NOT EXISTS (SELECT 1 FROM bundle_item b WHERE b.bundle_id = p.id) "
			   "ORDER BY id", &st, err), rc;

	if (r)
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (k == cap) {
			cap = cap ? cap * 2 : 256;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				sqlite3_reset(st);
				free(v);
				return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
			}
			v = nv;
		}
		v[k].id = sqlite3_column_int64(st, 0);
		v[k].producer_id = sqlite3_column_int64(st, 1);
		snprintf(v[k].name, sizeof(v[k].name), "%s", (const char *)sqlite3_column_text(st, 2));
		snprintf(v[k].unit, sizeof(v[k].unit), "%s", (const char *)sqlite3_column_text(st, 3));
		v[k].price = sqlite3_column_int64(st, 4);
		v[k].shelf = sqlite3_column_int(st, 5);
		k++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return db_fail(db, err, "reading the demo catalogue");
	}
	*out = v;
	*n = k;
	return 0;
}

/* A plausible quantity of one lot, in thousandths. */
static int64_t lot_qty(uint64_t *s, const struct dprod *p, int small)
{
	int loose = strcmp(p->unit, "kg") == 0;

	if (small)
		return loose ? (int64_t)rng_range(s, 2, 8) * 500 : (int64_t)rng_range(s, 1, 4) * 1000;
	if (loose)
		return (int64_t)rng_range(s, 10, 60) * 500;
	if (p->price > 1000000)
		return (int64_t)rng_range(s, 1, 4) * 1000;
	if (p->price > 300000)
		return (int64_t)rng_range(s, 2, 10) * 1000;
	return (int64_t)rng_range(s, 6, 40) * 1000;
}

static int stock_one(struct db *db, const struct user *u, uint64_t seed, size_t k,
		     const struct dprod *p, const char *today, struct pos_error *err)
{
	static const char *const notes[] = { "vỡ khi vận chuyển", "móp hộp", "rách bao bì" };
	uint64_t s = rng_stream(seed, SALT_STOCK, (uint64_t)p->id);
	uint64_t c = rng_stream(seed, SALT_CONSIGN, (uint64_t)p->producer_id);
	int consign = rng_range(&c, 0, 99) < 33, bp = rng_range(&c, 15, 25) * 100;
	int low = k % 9 == 2, near = k % 11 == 4, expired = k % 17 == 8, none = k % 13 == 5;
	int nlots = 1 + (rng_range(&s, 0, 99) < 45) + (rng_range(&s, 0, 99) < 12), j, r;
	int64_t reorder = 0, unit = strcmp(p->unit, "kg") == 0 ? 1000 : QTY_ONE;

	if (low)
		reorder = 10 * unit;
	else if (rng_range(&s, 0, 99) < 60 || (none && k % 2))
		reorder = rng_range(&s, 2, 5) * unit;
	if (reorder && (r = stock_set_reorder(db, u, p->id, reorder, err)))
		return r;
	if (none)
		return 0;
	if (low)
		nlots = 1;
	for (j = 0; j < nlots; j++) {
		struct stock_receipt_line l;
		char received[CLOCK_DATE_LEN], grn[STOCK_DOC_MAX];
		int oldest = j == 0 && nlots > 1, off;

		memset(&l, 0, sizeof(l));
		l.product_id = p->id;
		l.qty_milli = lot_qty(&s, p, low || (oldest && (near || expired)));
		if (consign) {
			l.owner_producer_id = p->producer_id;
			l.commission_bp = bp;
			l.unit_cost = round100(p->price * (10000 - bp) / 10000);
		} else {
			l.unit_cost = round100(p->price * rng_range(&s, 55, 72) / 100);
		}
		if (p->shelf > 0 && (near || expired) && (oldest || nlots == 1)) {
			/* the story lot: expires in 3-25 days, or expired 1-20 days ago */
			off = near ? rng_range(&s, 3, 25) : -rng_range(&s, 1, 20);
			if ((r = clock_date_add_days(today, off, l.expiry, err)) ||
			    (r = clock_date_add_days(l.expiry, -p->shelf, received, err)))
				return r;
			if (strcmp(received, today) > 0)
				snprintf(received, sizeof(received), "%s", today);
		} else {
			/* older lots first; never past a third of the shelf life left */
			int span = p->shelf > 0 ? p->shelf * 2 / 3 : 90;

			if (span > 90)
				span = 90;
			if (span < 1)
				span = 1;
			off = rng_range(&s, 0, span);
			if (nlots > 1)
				off = off * (nlots - j) / nlots;
			if ((r = clock_date_add_days(today, -off, received, err)))
				return r;
		}
		if (rng_range(&s, 0, 99) < 35)
			snprintf(l.lot_no, sizeof(l.lot_no), "SX%.2s%.2s%.2s%c", received + 2,
				 received + 5, received + 8, 'A' + rng_range(&s, 0, 5));
		r = stock_receive(db, u, received, &l, 1, grn, err);
		if (r == POS_ERR_REFUSED) {
			/* the same producer lot number twice: let one be made */
			l.lot_no[0] = '\0';
			r = stock_receive(db, u, received, &l, 1, grn, err);
		}
		if (r)
			return r;
	}
	if (k % 29 == 10) {
		r = stock_adjust(db, u, p->id, NULL, -QTY_ONE / (unit == QTY_ONE ? 1 : 2),
				 STOCK_REASON_DAMAGED, notes[k % 3], NULL, NULL);
		/* several lots or too little: the write-off is simply skipped */
		(void)r;
	}
	return 0;
}

int demo_stock(struct db *db, uint64_t seed, struct pos_error *err)
{
	char today[CLOCK_DATE_LEN];
	struct dprod *v = NULL;
	struct user who;
	size_t n = 0, k;
	int r, have = 0;

	clock_local_date(clock_now(), today);
	if ((r = demo_user(db, &who, &have, err)))
		return r;
	if ((r = db_begin(db, err)))
		return r;
	r = make_bundles(db, have ? &who : NULL, err);
	if (!r)
		r = load_products(db, &v, &n, err);
	for (k = 0; !r && k < n; k++)
		r = stock_one(db, have ? &who : NULL, seed, k, &v[k], today, err);
	free(v);
	if (r) {
		db_rollback(db);
		return r;
	}
	return db_commit(db, err);
}
