/*
 * demo_sales.c - the demo showroom's sales history (see demo_sales.h).
 *
 * One random stream per day, derived from the seed and the day's number
 * (demo_rng_stream, never rand()), so a day's sales do not depend on the
 * days before except through stock.  The clock is moved with clock_override()
 * (clock_now() reads it on every call) to each event's time, so every
 * row gets the timestamp and business date it would have had; the
 * caller's value is put back at the end.  Users are taken as they are
 * (user_get): no PIN is checked per sale, which is what keeps `demo`
 * fast (argon2 is slow on purpose).
 *
 * Each day: the producers' deliveries in the morning (demo_stock.c), the
 * shift, 8-20 sales (x1.5 on Saturdays and Sundays) of 1-4 lines, now and
 * then a return, a void or a cash-out, the expired lots written off at
 * closing, the Z report.  About 500 sales and 1,100 lines a month,
 * written in the demo's one transaction.
 */
#include "demo_sales.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "demo.h"
#include "demo_stock.h"
#include "lib/alloc.h"
#include "money.h"
#include "sale.h"
#include "shift.h"
#include "showroom.h"
#include "stock.h"
#include "taxcode.h"
#include "user.h"

#define REG "01"
#define SALT_DAY 0xda75ULL
#define MAX_RECENT 256

struct item {
	long long id;
	char sku[33];
	int weighed;            /* sold by the kg or the litre: decimal quantities */
	int service;
	int story;              /* a stock alert the demo should keep */
};

struct recent {
	char no[SALE_RECEIPT_NO_MAX];
	int day;
};

struct gen {
	struct db *db;
	struct user cashier, manager;
	struct item *items;
	size_t nitems;
	struct recent recent[MAX_RECENT];
	size_t nrecent;
	int64_t day0;           /* day number of the first day */
	struct demo_shelf *shelf;
	uint64_t seed;
	int days;
	struct demo_clock saved;  /* the caller's clock */
};

/* The items are in id order (each begins with its id). */
static int story_cb(void *ctx, long long product_id)
{
	struct gen *g = ctx;
	size_t k = demo_find_id(g->items, g->nitems, sizeof(*g->items), product_id);

	if (k != SIZE_MAX)
		g->items[k].story = 1;
	return 0;
}

static int load_items(struct gen *g, struct pos_error *err)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int r, rc;

	r = db_prepare(g->db, "SELECT id, sku, unit, is_service FROM product WHERE active = 1 "
		       "ORDER BY id", &st, err);
	if (r)
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct item *it;
		const char *unit = (const char *)sqlite3_column_text(st, 2);

		if (POS_GROW(g->items, cap, g->nitems + 1)) {
			sqlite3_reset(st);
			return pos_fail(err, POS_ERR_NO_MEM, "out of memory making demo sales");
		}
		it = &g->items[g->nitems++];
		memset(it, 0, sizeof(*it));
		it->id = sqlite3_column_int64(st, 0);
		snprintf(it->sku, sizeof(it->sku), "%s", (const char *)sqlite3_column_text(st, 1));
		it->weighed = unit && (strcmp(unit, "kg") == 0 || strcmp(unit, "lít") == 0);
		it->service = sqlite3_column_int(st, 3);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(g->db, err, "reading the catalogue");
	/* the stories of `stock alerts` (low, expiring, expired, never received) stay */
	return demo_stock_stories(g->db, story_cb, g, err);
}

/* A valid 10-digit tax code from the stream. */
static void tax_code(uint64_t *s, char out[11])
{
	char d[10];
	int i, c;

	do {
		d[0] = '0';
		d[1] = (char)('1' + demo_rng_range(s, 0, 8));
		for (i = 2; i < 9; i++)
			d[i] = (char)('0' + demo_rng_range(s, 0, 9));
		d[9] = '\0';
		c = taxcode_check_digit(d);
	} while (c < 0);
	memcpy(out, d, 9);
	out[9] = (char)('0' + c % 10);
	out[10] = '\0';
}

static const char *const companies[] = {
	"Công ty TNHH Du lịch Sông Hàn", "Công ty CP Quà tặng Miền Trung",
	"Khách sạn Biển Xanh", "Công ty TNHH Thương mại Hải Vân",
	"Trường THPT Phan Châu Trinh", "Công ty CP Sự kiện Đà Thành",
};
static const char *const addresses[] = {
	"25 Trần Phú, Hải Châu, Đà Nẵng", "108 Nguyễn Văn Linh, Thanh Khê, Đà Nẵng",
	"12 Võ Nguyên Giáp, Sơn Trà, Đà Nẵng", "45 Lê Duẩn, Hải Châu, Đà Nẵng",
};

/* The next note up: what a customer hands over for amount. */
static int64_t tendered_for(uint64_t *s, int64_t amount)
{
	static const int64_t notes[] = { 10000, 50000, 100000, 200000, 500000 };
	int64_t step = notes[demo_rng_range(s, 0, 4)];

	return (amount + step - 1) / step * step;
}

/* Pick a product with stock for a line; 0 when none found quickly. */
static int pick_line(struct gen *g, uint64_t *s, struct cart *c, struct pos_error *err)
{
	int tries, r;

	for (tries = 0; tries < 12; tries++) {
		const struct item *it = &g->items[demo_rng_range(s, 0, (int)g->nitems - 1)];
		int64_t qty, on_hand = 0;

		if (it->story || (it->service && demo_rng_range(s, 0, 9)))
			continue;
		if (it->weighed)
			qty = demo_rng_range(s, 6, 40) * 50;           /* 0,3 to 2 kg */
		else
			qty = (demo_rng_range(s, 0, 9) < 8 ? 1 : demo_rng_range(s, 2, 3)) * QTY_ONE;
		if (!it->service) {
			if ((r = stock_on_hand(g->db, it->id, &on_hand, err)))
				return r;
			if (on_hand < qty * 3)
				continue;
		}
		r = cart_add_product(c, g->db, it->id, qty, err);
		if (r == POS_ERR_REFUSED)
			continue;
		return r;
	}
	return 0;
}

/* One sale at the current clock; *made = 1 when it was completed. */
static int one_sale(struct gen *g, uint64_t *s, int day, int *made, struct pos_error *err)
{
	struct sale_result res;
	struct cart c;
	int64_t due;
	int lines = demo_rng_range(s, 1, 10) <= 5 ? 1 : demo_rng_range(s, 2, 4), i, r, kind;
	char ref[64];

	*made = 0;
	if ((r = cart_init(&c, REG, g->cashier.id, err)))
		return r;
	c.transient = 1;
	for (i = 0; i < lines; i++)
		if ((r = pick_line(g, s, &c, err)))
			goto out;
	if (c.nlines == 0)
		goto out;
	if (demo_rng_range(s, 1, 100) <= 8 &&
	    (r = cart_discount(&c, g->db, &g->cashier, 0, 500, 0, NULL, err)))
		goto out;
	if (demo_rng_range(s, 1, 100) <= 2 &&
	    (r = cart_discount(&c, g->db, &g->cashier, -1, 1500, 0, &g->manager, err)))
		goto out;
	if (demo_rng_range(s, 1, 100) <= 4) {
		char tc[11];

		tax_code(s, tc);
		if ((r = cart_set_buyer(&c, g->db, companies[demo_rng_range(s, 0, 5)], tc,
					addresses[demo_rng_range(s, 0, 3)], "", err)))
			goto out;
	}
	due = cart_due(&c);
	kind = demo_rng_range(s, 1, 100);
	if (due > 0 && kind <= 5) {
		/* split: part by QR, the rest in cash */
		int64_t part = due / 2 / 1000 * 1000;

		if (part > 0 && (r = cart_pay(&c, g->db, PAY_QR, part, 0, NULL, err)))
			goto out;
		due = cart_due(&c);
		if (due > 0 && (r = cart_pay(&c, g->db, PAY_CASH, 0, tendered_for(s, due), NULL, err)))
			goto out;
	} else if (due > 0 && kind <= 57) {
		r = cart_pay(&c, g->db, PAY_CASH, 0, tendered_for(s, due), NULL, err);
	} else if (due > 0 && kind <= 82) {
		r = cart_pay(&c, g->db, PAY_QR, 0, 0, NULL, err);
	} else if (due > 0 && kind <= 94) {
		snprintf(ref, sizeof(ref), "POS-%06d", demo_rng_range(s, 0, 999999));
		r = cart_pay(&c, g->db, PAY_CARD, 0, 0, ref, err);
	} else if (due > 0) {
		snprintf(ref, sizeof(ref), "%s-%08d", demo_rng_range(s, 0, 1) ? "MOMO" : "ZALOPAY",
			 demo_rng_range(s, 0, 99999999));
		r = cart_pay(&c, g->db, PAY_WALLET, 0, 0, ref, err);
	}
	if (r)
		goto out;
	r = sale_complete(g->db, &c, &g->cashier, &res, err);
	if (r == POS_ERR_REFUSED) {
		r = 0;      /* stock ran short: the customer leaves it */
		goto out;
	}
	if (r)
		goto out;
	*made = 1;
	if (g->nrecent == MAX_RECENT) {
		memmove(g->recent, g->recent + 1, (MAX_RECENT - 1) * sizeof(g->recent[0]));
		g->nrecent--;
	}
	snprintf(g->recent[g->nrecent].no, sizeof(g->recent[0].no), "%s", res.receipt_no);
	g->recent[g->nrecent++].day = day;
out:
	cart_release(&c);
	return r;
}

/* A customer brings back something bought 1-5 days ago. */
static int one_return(struct gen *g, uint64_t *s, int day, struct pos_error *err)
{
	struct return_request rq;
	struct sale_result res;
	struct sale_doc d;
	struct return_item it;
	size_t i, k;
	int r;

	for (i = g->nrecent; i > 0; i--)
		if (g->recent[i - 1].day < day - 5)
			break;
	if (i >= g->nrecent)
		return 0;
	k = i + (size_t)demo_rng_range(s, 0, (int)(g->nrecent - i) - 1);
	if (g->recent[k].day >= day)
		return 0;
	if ((r = sale_doc_load(g->db, g->recent[k].no, &d, err)))
		return r;
	memset(&rq, 0, sizeof(rq));
	rq.register_code = REG;
	rq.receipt_no = g->recent[k].no;
	rq.refund = demo_rng_range(s, 0, 2) ? REFUND_ORIGINAL : REFUND_CASH;
	if (d.nlines > 1 || d.lines[0].qty_milli > QTY_ONE) {
		it.code = d.lines[0].sku;
		it.qty_milli = d.lines[0].qty_milli >= QTY_ONE && d.lines[0].qty_milli % QTY_ONE == 0 ?
				       QTY_ONE : 0;
		rq.items = &it;
		rq.nitems = 1;
	}
	r = sale_return(g->db, &g->cashier, &rq, &res, err);
	sale_doc_release(&d);
	if (r == POS_ERR_REFUSED)
		r = 0;      /* already returned or voided */
	return r;
}

static int one_day(struct gen *g, uint64_t seed, int day, struct pos_error *err)
{
	uint64_t s = demo_rng_stream(seed, SALT_DAY, (uint64_t)day);
	int64_t dn = g->day0 + day;
	int weekday = (int)(((dn % 7) + 7 + 4) % 7);     /* 1970-01-01 was a Thursday (4) */
	int n = demo_rng_range(&s, 8, 20), i, minute, made, void_at = -1, return_at = -1, r;
	struct shift sh;
	struct shift_report rep;
	int64_t counted;

	if (weekday == 0 || weekday == 6)
		n = n * 3 / 2;
	if (day % 10 == 4)
		void_at = demo_rng_range(&s, 2, n - 1);
	if (demo_rng_range(&s, 0, 2) == 0)
		return_at = demo_rng_range(&s, 1, n - 1);
	/* deliveries before the shop opens */
	demo_clock_set(dn, 7, 15);
	if ((r = demo_stock_deliveries(g->db, g->shelf, &g->manager, seed, dn, 0, err)))
		return r;
	demo_clock_set(dn, 7, 45);
	if ((r = shift_open(g->db, &g->cashier, REG, 1000000, &sh, err)))
		return r;
	for (i = 0; i < n; i++) {
		minute = 8 * 60 + 30 + (12 * 60) * i / n + demo_rng_range(&s, 0, 12 * 60 / n / 2);
		demo_clock_set(dn, minute / 60, minute % 60);
		if (i == return_at && (r = one_return(g, &s, day, err)))
			return r;
		if ((r = one_sale(g, &s, day, &made, err)))
			return r;
		if (made && i == void_at) {
			struct sale_result res;

			demo_clock_set(dn, minute / 60, minute % 60 + 1 < 60 ? minute % 60 + 1 : 59);
			r = sale_void_last(g->db, &g->manager, REG,
					   "Khách đổi ý, không lấy hàng nữa", &res, err);
			if (r)
				return r;
		}
	}
	if (day % 4 == 1) {
		demo_clock_set(dn, 15, 10);
		if ((r = shift_cash_move(g->db, &g->cashier, REG, -demo_rng_range(&s, 5, 20) * 10000,
					 "Mua túi đựng hàng và băng keo", err)))
			return r;
	}
	/* what expires today goes off the shelf at closing */
	demo_clock_set(dn, 20, 50);
	if ((r = demo_stock_closing(g->db, g->shelf, &g->manager, dn, err)))
		return r;
	demo_clock_set(dn, 21, 0);
	if ((r = shift_report(g->db, sh.id, &rep, err)))
		return r;
	counted = rep.expected_cash;
	if (demo_rng_range(&s, 1, 10) == 1)
		counted += demo_rng_range(&s, -3, 1) * 10000;
	if (counted < 0)
		counted = 0;
	return shift_close(g->db, &g->cashier, REG, NULL, NULL, 0, counted, &rep, err);
}

static int days_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct gen *g = ctx;
	int day, r = 0;

	(void)db;
	for (day = 0; day < g->days && !r; day++)
		r = one_day(g, g->seed, day, err);
	/* now, as the demo hands the showroom over: whatever ordinary product
	 * sold out or went off is delivered again (what can be sold does not
	 * depend on the day the demo is made) */
	if (!r) {
		demo_clock_restore(&g->saved);
		r = demo_stock_deliveries(g->db, g->shelf, &g->manager, g->seed, g->day0 + g->days,
					  1, err);
	}
	return r;
}

int demo_sales(struct db *db, int days, uint64_t seed, struct pos_error *err)
{
	struct demo_clock saved;
	struct showroom sr;
	struct gen g;
	char today[CLOCK_DATE_LEN];
	int64_t today_n;
	int r;

	if (days <= 0)
		return 0;
	memset(&g, 0, sizeof(g));
	g.db = db;
	if (user_get(db, "thungan", &g.cashier, NULL) || user_get(db, "quanly", &g.manager, NULL))
		return 0;     /* no demo users: no sales */
	if (!user_can(&g.cashier, PERM_SELL) || !user_can(&g.manager, PERM_VOID))
		return 0;
	if (showroom_local(db, &sr, NULL) != 0)
		return 0;     /* receipts need the showroom's code */
	demo_clock_save(&saved);
	g.saved = saved;
	clock_local_date(clock_now(), today);
	if ((r = clock_date_parse(today, &today_n, err)))
		return r;
	g.day0 = today_n - days;
	if ((r = load_items(&g, err)))
		goto out;
	if (g.nitems == 0)
		goto out;
	if ((r = demo_shelf_load(db, &g.shelf, err)))
		goto out;
	/* in the caller's transaction, no savepoint across the days (DB_TX_JOIN, db.h) */
	g.seed = seed;
	g.days = days;
	r = db_tx(db, DB_TX_JOIN, days_in_tx, &g, err);
out:
	demo_clock_restore(&saved);
	demo_shelf_free(g.shelf);
	free(g.items);
	return r;
}
