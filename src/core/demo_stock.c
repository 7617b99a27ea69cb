/*
 * demo_stock.c - the demo showroom's stock (see demo_stock.h).
 *
 * Every product that holds stock (services and bundles excepted) is
 * visited in id order with its own random stream derived from the seed
 * and its id (demo_rng_stream), so what one product gets does not depend
 * on the others.  About a third of the producers consign their goods
 * (commission 15-25 %, unit cost = price less the commission); the shop
 * buys the rest outright at 55-72 % of the price.
 *
 * The opening stock (one to three lots a product, older lots first) is
 * received in the days before the first day of sales, each receipt dated
 * by moving the clock, so no sale ever takes goods from a lot that had not
 * arrived.  Then, each day of the sales (demo_sales.c), what has sold
 * down to its reorder level is restocked in the morning on its producer's
 * delivery day, and lots expiring that day are written off at closing: a
 * product that ran low in the last days waits for its delivery, which is
 * the handful `stock alerts` shows besides the stories.
 *
 * Stories, by position in the product order, for a manager to find in
 * `stock alerts`; demo sales leave these products alone (their goods may
 * come in lately): kept under its reorder level (every 29th), a lot
 * expiring within 3-25 days (every 19th), an expired lot still on the
 * shelf (every 17th), never received (every 37th, half of them with a
 * reorder level).  A damaged jar is
 * written off now and then (every 29th).  Other products get a reorder
 * level of 2-5 units three times in five.  Combo products ("… (combo 3)")
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
#include "demo.h"
#include "lib/alloc.h"
#include "money.h"
#include "stock.h"
#include "user.h"
#include "vntext.h"

#define SALT_STOCK 0x5707c4ULL
#define SALT_CONSIGN 0xc0251ULL
#define SALT_RESTOCK 0x4e570cULL
#define DELIVERY_EVERY 3        /* days between a producer's deliveries */

enum story { STORY_NONE, STORY_LOW, STORY_NEAR, STORY_EXPIRED, STORY_NEVER };

struct dprod {
	long long id, producer_id;
	char name[256];
	char unit[32];
	int64_t price;
	int64_t reorder;
	int shelf;
};

/* The story of p, the k-th stocked product (one at most; an expiry story
 * needs a shelf life). */
static enum story story_of(const struct dprod *p, size_t k)
{
	if (k % 37 == 5)
		return STORY_NEVER;
	if (k % 29 == 2)
		return STORY_LOW;
	if (p->shelf > 0 && k % 17 == 8)
		return STORY_EXPIRED;
	if (p->shelf > 0 && k % 19 == 4)
		return STORY_NEAR;
	return STORY_NONE;
}

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
	struct combo *v = NULL;
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
		const char *name = db_col_text(st, 1);
		const char *p = strstr(name, " (combo ");
		int k;

		if (!p || sscanf(p, " (combo %d)", &k) != 1 || k < 2 || k > 20 ||
		    sqlite3_column_type(st, 2) == SQLITE_NULL)
			continue;
		if (POS_GROW(v, cap, n + 1)) {
			sqlite3_reset(st);
			free(v);
			return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
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
	struct dprod *v = NULL;
	size_t k = 0, cap = 0;
	sqlite3_stmt *st;
	int r = db_prepare(db, "SELECT id, producer_id, name, unit, price, "
			   "coalesce(shelf_life_days, 0), reorder_milli FROM product p "
			   "WHERE is_service = 0 AND NOT EXISTS (SELECT 1 FROM bundle_item b "
			   "WHERE b.bundle_id = p.id) ORDER BY id", &st, err), rc;

	if (r)
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (POS_GROW(v, cap, k + 1)) {
			sqlite3_reset(st);
			free(v);
			return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
		}
		v[k].id = sqlite3_column_int64(st, 0);
		v[k].producer_id = sqlite3_column_int64(st, 1);
		VN_COPY(v[k].name, db_col_text(st, 2));
		VN_COPY(v[k].unit, db_col_text(st, 3));
		v[k].price = sqlite3_column_int64(st, 4);
		v[k].shelf = sqlite3_column_int(st, 5);
		v[k].reorder = sqlite3_column_int64(st, 6);
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
		return loose ? (int64_t)demo_rng_range(s, 2, 8) * 500 :
			       (int64_t)demo_rng_range(s, 1, 4) * 1000;
	if (loose)
		return (int64_t)demo_rng_range(s, 10, 60) * 500;
	if (p->price > 1000000)
		return (int64_t)demo_rng_range(s, 2, 5) * 1000;
	if (p->price > 300000)
		return (int64_t)demo_rng_range(s, 4, 12) * 1000;
	return (int64_t)demo_rng_range(s, 8, 40) * 1000;
}

/* Who owns the goods and at what cost: the producer's terms (the same for
 * all its products and lots), the shop's buying price otherwise. */
static void terms(uint64_t seed, uint64_t *s, const struct dprod *p,
		  struct stock_receipt_line *l)
{
	uint64_t c = demo_rng_stream(seed, SALT_CONSIGN, (uint64_t)p->producer_id);
	int consign = demo_rng_range(&c, 0, 99) < 33, bp = demo_rng_range(&c, 15, 25) * 100;

	if (consign) {
		l->owner_producer_id = p->producer_id;
		l->commission_bp = bp;
		l->unit_cost = round100(p->price * (10000 - bp) / 10000);
	} else {
		l->unit_cost = round100(p->price * demo_rng_range(s, 55, 72) / 100);
	}
}

/* Receive l on date at 07:30 (the clock moved there), now and then under
 * the producer's own lot number. */
static int receive(struct db *db, const struct user *u, uint64_t *s, const char *date,
		   struct stock_receipt_line *l, struct pos_error *err)
{
	char grn[STOCK_DOC_MAX];
	int64_t day;
	int r;

	if ((r = clock_date_parse(date, &day, err)))
		return r;
	demo_clock_set(day, 7, 30);
	if (demo_rng_range(s, 0, 99) < 35)
		snprintf(l->lot_no, sizeof(l->lot_no), "SX%.2s%.2s%.2s%c", date + 2, date + 5,
			 date + 8, 'A' + demo_rng_range(s, 0, 5));
	r = stock_receive(db, u, date, l, 1, grn, err);
	if (r == POS_ERR_REFUSED && l->lot_no[0]) {
		/* the same producer lot number twice: let one be made */
		l->lot_no[0] = '\0';
		r = stock_receive(db, u, date, l, 1, grn, err);
	}
	return r;
}

/* The opening stock of product p (the k-th), received before first_day. */
static int stock_one(struct db *db, const struct user *u, uint64_t seed, size_t k,
		     const struct dprod *p, const char *today, const char *first_day,
		     struct pos_error *err)
{
	static const char *const notes[] = { "vỡ khi vận chuyển", "móp hộp", "rách bao bì" };
	uint64_t s = demo_rng_stream(seed, SALT_STOCK, (uint64_t)p->id);
	enum story story = story_of(p, k);
	int nlots = 1 + (demo_rng_range(&s, 0, 99) < 45) + (demo_rng_range(&s, 0, 99) < 12), j, r;
	int64_t reorder = 0, day;
	char eve[CLOCK_DATE_LEN], yesterday[CLOCK_DATE_LEN];

	if (story == STORY_LOW)
		reorder = 10 * QTY_ONE;
	else if (story == STORY_NEVER ? k % 2 : demo_rng_range(&s, 0, 99) < 60)
		reorder = demo_rng_range(&s, 2, 5) * QTY_ONE;
	if (reorder && (r = stock_set_reorder(db, u, p->id, reorder, err)))
		return r;
	if (story == STORY_NEVER)
		return 0;
	if (story == STORY_LOW)
		nlots = 1;
	if ((r = clock_date_add_days(first_day, -1, eve, err)) ||
	    (r = clock_date_add_days(today, -1, yesterday, err)))
		return r;
	for (j = 0; j < nlots; j++) {
		struct stock_receipt_line l;
		char received[CLOCK_DATE_LEN];
		int oldest = j == 0, off;
		int tells = (story == STORY_NEAR || story == STORY_EXPIRED) && oldest;

		memset(&l, 0, sizeof(l));
		l.product_id = p->id;
		l.qty_milli = lot_qty(&s, p, story == STORY_LOW || (tells && nlots > 1));
		terms(seed, &s, p, &l);
		if (tells) {
			/* the story lot: expires in 3-25 days, or expired 1-20 days
			 * ago; received a shelf life before (yesterday at the latest) */
			off = story == STORY_NEAR ? demo_rng_range(&s, 3, 25) : -demo_rng_range(&s, 1, 20);
			if ((r = clock_date_add_days(today, off, l.expiry, err)) ||
			    (r = clock_date_add_days(l.expiry, -p->shelf, received, err)))
				return r;
			if (strcmp(received, yesterday) > 0)
				VN_COPY(received, yesterday);
		} else if (story != STORY_NONE) {
			/* a story product is not sold: its other goods came lately */
			if ((r = clock_date_add_days(yesterday, -demo_rng_range(&s, 0, 6), received,
						     err)))
				return r;
		} else {
			/* older lots first; never past a third of the shelf life left
			 * when sales begin */
			int span = p->shelf > 0 ? p->shelf * 2 / 3 : 90;

			if (span > 90)
				span = 90;
			if (span < 1)
				span = 1;
			off = demo_rng_range(&s, 0, span);
			if (nlots > 1)
				off = off * (nlots - j) / nlots;
			if ((r = clock_date_add_days(eve, -off, received, err)))
				return r;
		}
		if ((r = receive(db, u, &s, received, &l, err)))
			return r;
	}
	if (k % 29 == 10) {
		/* a damaged jar, written off the evening before sales begin */
		if ((r = clock_date_parse(eve, &day, err)))
			return r;
		demo_clock_set(day, 18, 0);
		r = stock_adjust(db, u, p->id, NULL, -QTY_ONE, STOCK_REASON_DAMAGED, notes[k % 3],
				 NULL, NULL);
		/* several lots or too little: the write-off is simply skipped */
		(void)r;
	}
	return 0;
}

struct stock_args {
	int days;
	uint64_t seed;
};

static int stock_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	const struct stock_args *a = ctx;
	char today[CLOCK_DATE_LEN], first_day[CLOCK_DATE_LEN];
	struct demo_clock saved;
	struct dprod *v = NULL;
	struct user who;
	size_t n = 0, k;
	int r, have = 0;

	clock_local_date(clock_now(), today);
	if ((r = clock_date_add_days(today, a->days > 0 ? -a->days : 0, first_day, err)))
		return r;
	if ((r = demo_user(db, &who, &have, err)))
		return r;
	demo_clock_save(&saved);
	r = make_bundles(db, have ? &who : NULL, err);
	if (!r)
		r = load_products(db, &v, &n, err);
	for (k = 0; !r && k < n; k++)
		r = stock_one(db, have ? &who : NULL, a->seed, k, &v[k], today, first_day, err);
	demo_clock_restore(&saved);
	free(v);
	return r;
}

int demo_stock(struct db *db, int days, uint64_t seed, struct pos_error *err)
{
	struct stock_args a = { days, seed };

	/* inside demo_generate's transaction, in it (DB_TX_JOIN, db.h): one
	 * savepoint held across every stock move made the demo quadratic */
	return db_tx(db, DB_TX_JOIN, stock_in_tx, &a, err);
}

/* The ordinary products, loaded once for all the days of demo_sales. */
struct demo_shelf {
	struct dprod *v;                 /* in id order */
	size_t n;
};

int demo_shelf_load(struct db *db, struct demo_shelf **out, struct pos_error *err)
{
	struct demo_shelf *s = calloc(1, sizeof(*s));
	int r;

	if (!s)
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
	if ((r = load_products(db, &s->v, &s->n, err))) {
		free(s);
		return r;
	}
	*out = s;
	return 0;
}

void demo_shelf_free(struct demo_shelf *s)
{
	if (!s)
		return;
	free(s->v);
	free(s);
}

size_t demo_find_id(const void *v, size_t n, size_t size, long long id)
{
	const unsigned char *base = v;
	size_t lo = 0, hi = n;
	long long at;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		memcpy(&at, base + mid * size, sizeof(at));
		if (at < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n) {
		memcpy(&at, base + lo * size, sizeof(at));
		if (at == id)
			return lo;
	}
	return SIZE_MAX;
}

/* The position of product id on the shelf (SIZE_MAX: not there). */
static size_t shelf_find(const struct demo_shelf *s, long long id)
{
	return demo_find_id(s->v, s->n, sizeof(*s->v), id);
}

/*
 * Each shelf product's stock that may still be sold on date (sellable[k]
 * for the k-th), from one pass over the lots: one statement a day rather
 * than one per product (a national catalogue has 100,000).
 */
static int sellable_all(struct db *db, const struct demo_shelf *s, const char *date,
			int64_t *sellable, struct pos_error *err)
{
	sqlite3_stmt *st;
	int r = db_prepare(db, "SELECT product_id, sum(on_hand_milli) FROM lot "
			   "WHERE on_hand_milli > 0 AND (expiry IS NULL OR expiry >= ?1) "
			   "GROUP BY product_id", &st, err), rc;

	if (r)
		return r;
	memset(sellable, 0, s->n * sizeof(*sellable));
	sqlite3_bind_text(st, 1, date, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		size_t k = shelf_find(s, sqlite3_column_int64(st, 0));

		if (k != SIZE_MAX)
			sellable[k] = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, err, "reading the demo lots");
}

int demo_stock_deliveries(struct db *db, const struct demo_shelf *shelf, const struct user *u,
			  uint64_t seed, int64_t day, int empty_only, struct pos_error *err)
{
	char date[CLOCK_DATE_LEN];
	int64_t *have;
	size_t k;
	int r;

	clock_date_from_days(day, date);
	have = malloc((shelf->n ? shelf->n : 1) * sizeof(*have));
	if (!have)
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
	/* receipts change only their own product's lots: one snapshot serves */
	r = sellable_all(db, shelf, date, have, err);
	for (k = 0; !r && k < shelf->n; k++) {
		const struct dprod *p = &shelf->v[k];
		/* ordered a unit early: the delivery takes a few days */
		int64_t low = (p->reorder ? p->reorder : 2 * QTY_ONE) + QTY_ONE;
		struct stock_receipt_line l;
		uint64_t s;

		if (story_of(p, k) != STORY_NONE)
			continue;
		if (empty_only ? have[k] > 0
			       : (day + p->producer_id) % DELIVERY_EVERY != 0 || have[k] > low)
			continue;
		s = demo_rng_stream(seed, SALT_RESTOCK, (uint64_t)p->id * 40009u + (uint64_t)day);
		memset(&l, 0, sizeof(l));
		l.product_id = p->id;
		l.qty_milli = lot_qty(&s, p, 0);
		terms(seed, &s, p, &l);
		r = receive(db, u, &s, date, &l, err);
	}
	free(have);
	return r;
}

/* A lot to write off. */
struct expired {
	long long product_id;
	char lot_no[STOCK_LOT_NO_MAX];
	int64_t qty;
};

int demo_stock_closing(struct db *db, const struct demo_shelf *shelf, const struct user *u,
		       int64_t day, struct pos_error *err)
{
	char date[CLOCK_DATE_LEN];
	struct expired *v = NULL, *nv;
	size_t n = 0, cap = 0, i;
	sqlite3_stmt *st;
	int r, rc;

	clock_date_from_days(day, date);
	/* the lots to go, in product, expiry and lot order (as one product at a time would) */
	r = db_prepare(db, "SELECT product_id, lot_no, on_hand_milli FROM lot "
		       "WHERE on_hand_milli > 0 AND expiry <= ?1 ORDER BY product_id, expiry, id",
		       &st, err);
	if (r)
		return r;
	sqlite3_bind_text(st, 1, date, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		size_t k = shelf_find(shelf, sqlite3_column_int64(st, 0));

		if (k == SIZE_MAX || story_of(&shelf->v[k], k) != STORY_NONE)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				sqlite3_reset(st);
				free(v);
				return pos_fail(err, POS_ERR_NO_MEM, "out of memory");
			}
			v = nv;
		}
		v[n].product_id = shelf->v[k].id;
		VN_COPY(v[n].lot_no, db_col_text(st, 1));
		v[n].qty = sqlite3_column_int64(st, 2);
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return db_fail(db, err, "reading the demo lots");
	}
	for (i = 0, r = 0; !r && i < n; i++)
		r = stock_adjust(db, u, v[i].product_id, v[i].lot_no, -v[i].qty, STOCK_REASON_EXPIRED,
				 "hết hạn sử dụng, đã hủy", NULL, err);
	free(v);
	return r;
}

int demo_stock_stories(struct db *db, int (*cb)(void *ctx, long long product_id), void *ctx,
		       struct pos_error *err)
{
	struct dprod *v = NULL;
	size_t n = 0, k;
	int r;

	if ((r = load_products(db, &v, &n, err)))
		return r;
	for (k = 0; !r && k < n; k++)
		if (story_of(&v[k], k) != STORY_NONE)
			r = cb(ctx, v[k].id);
	free(v);
	return r;
}
