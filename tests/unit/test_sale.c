/*
 * test_sale.c - the sales engine: cart arithmetic (VAT per line half up,
 * the whole-sale discount spread pro rata, sums that must add up exactly,
 * checked over thousands of random carts), payments and change, the cart
 * file, completion (one transaction, idempotent by UUID, gapless numbers,
 * lots, cost and commission, audit), permissions, holds and restores after
 * a restart, voids, returns (limits across several returns, refund
 * methods, write-offs), the reprint data and the db check of sales.
 */
#include <sqlite3.h>

#include "testutil.h"
#include "fixture.h"
#include "core/audit.h"
#include "core/cartfile.h"
#include "core/catalog.h"
#include "core/config.h"
#include "core/money.h"
#include "core/producer.h"
#include "core/sale.h"
#include "core/shift.h"
#include "core/showroom.h"
#include "core/stock.h"
#include "core/user.h"

#define REG "01"

struct fixture {
	struct testdb t;
	struct user admin, cashier, manager, auditor;
	long long mo, tra, ruou, gao, tour, lapsed, own_lot, consign_lot, hkd;
};

static long long query_ll1(struct db *db, const char *sql, const char *arg)
{
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db_handle(db)));
	sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static long long add_product(struct db *db, const char *sku, const char *name, const char *unit,
			     int64_t price, int vat, const char *barcode, int group,
			     const char *cert_issued)
{
	struct fx_product x = { sku, name, unit, price, vat, barcode, group, 0, cert_issued };

	return fx_product(db, &x);
}

static long long receive(struct db *db, long long product, int64_t qty_milli, int64_t cost,
			 const char *lot, long long owner, int commission_bp)
{
	return fx_receive(db, NULL, "2026-11-01", product, qty_milli, cost, lot, NULL,
			  owner, commission_bp);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct shift sh;
	struct pos_error err;

	setenv("OCOP_POS_NOW", "2026-11-22T03:00:00Z", 1);
	testdb_open(&f->t);
	fx_showroom(f->t.db, "Điểm OCOP Đà Nẵng", "12 Bạch Đằng, Hải Châu, Đà Nẵng", "0100109106");
	fx_staff(f->t.db, "thungan", "Lê Thu Ngân", &f->admin, &f->cashier, &f->manager,
		 &f->auditor);
	fx_producer(f->t.db, "HTX-A", NULL, PRODUCER_COOPERATIVE);
	f->hkd = fx_producer(f->t.db, "HKD-B", NULL, PRODUCER_HOUSEHOLD);
	f->mo = add_product(f->t.db, "MO-001", "Mật ong bạc hà Mèo Vạc", "hũ", 185000, 5,
			    "8931234500016", 1, "2025-01-15");
	f->tra = add_product(f->t.db, "TRA-01", "Trà shan tuyết", "gói", 90000, 8, NULL, 1,
			     "2025-01-15");
	f->ruou = add_product(f->t.db, "RUOU-1", "Rượu ngô Bắc Hà", "chai", 250000, 10, NULL, 2,
			      "2025-01-15");
	f->gao = add_product(f->t.db, "GAO-01", "Gạo ST25", "kg", 33333, VAT_KCT, NULL, 1,
			     "2025-01-15");
	f->tour = add_product(f->t.db, "TOUR-1", "Tour bản Lác", "lượt", 300000, 10, NULL, 6,
			      "2025-01-15");
	f->lapsed = add_product(f->t.db, "CU-01", "Củ cải muối", "hũ", 50000, 0, NULL, 1,
				"2023-01-10");
	f->own_lot = receive(f->t.db, f->mo, 10000, 120000, "L-MO-1", 0, 0);
	receive(f->t.db, f->ruou, 5000, 150000, "L-RU-1", 0, 0);
	receive(f->t.db, f->gao, 50000, 20000, "L-GAO", 0, 0);
	receive(f->t.db, f->lapsed, 5000, 30000, "L-CU", 0, 0);
	f->consign_lot = receive(f->t.db, f->tra, 4000, 70000, "L-TRA-K", f->hkd, 1500);
	if (shift_open(f->t.db, &f->cashier, REG, 500000, &sh, &err))
		fail_msg("shift_open: %s", err.msg);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	testdb_close(&f->t);
	free(f);
	unsetenv("OCOP_POS_NOW");
	return 0;
}

static void check_clean(struct db *db)
{
	struct pos_error err;
	int problems = -1;

	assert_int_equal(sale_check(db, NULL, NULL, &problems, &err), 0);
	if (problems) {
		sqlite3_stmt *st;

		(void)st;
		fail_msg("sale_check found %d problems", problems);
	}
}

static void report_problem(void *ctx, const char *p)
{
	(void)ctx;
	print_message("# problem: %s\n", p);
}

static void assert_clean(struct db *db)
{
	struct pos_error err;
	int problems = -1;

	assert_int_equal(sale_check(db, report_problem, NULL, &problems, &err), 0);
	assert_int_equal(problems, 0);
	check_clean(db);
}

/* A transient cart with lines added by code; fails the test on error. */
static void new_cart(struct fixture *f, struct cart *c)
{
	struct pos_error err;

	assert_int_equal(cart_init(c, REG, f->cashier.id, &err), 0);
}

static void add(struct fixture *f, struct cart *c, const char *code, int64_t qty)
{
	struct pos_error err;

	if (cart_add_code(c, f->t.db, NULL, code, qty, &err))
		fail_msg("cart_add_code %s: %s", code, err.msg);
}

static void pay_rest_cash(struct fixture *f, struct cart *c)
{
	struct pos_error err;

	if (cart_due(c) > 0 && cart_pay(c, f->t.db, PAY_CASH, 0, 0, NULL, &err))
		fail_msg("cart_pay: %s", err.msg);
}

static void sell(struct fixture *f, struct cart *c, struct sale_result *res)
{
	struct pos_error err;

	pay_rest_cash(f, c);
	if (sale_complete(f->t.db, c, &f->cashier, res, &err))
		fail_msg("sale_complete: %s", err.msg);
}

/* ---- arithmetic ------------------------------------------------------ */

static uint64_t rng = 88172645463325252ULL;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int64_t pick(int64_t lo, int64_t hi)
{
	return lo + (int64_t)(next() % (uint64_t)(hi - lo + 1));
}

/* The invariants every cart must hold after cart_totals(). */
static void check_cart_sums(const struct cart *c)
{
	static const int rates[] = { 0, 5, 8, 10, VAT_KCT };
	int64_t gross = 0, disc = 0, total = 0, vat = 0, lines_base = 0, shares = 0, want;
	size_t i, k, big = 0;

	for (i = 0; i < c->nlines; i++) {
		const struct cart_line *l = &c->lines[i];

		assert_true(l->amount >= 0);
		assert_true(l->discount >= l->line_discount);
		assert_int_equal(l->gross - l->discount, l->amount);
		assert_int_equal(l->vat, money_vat_included(l->amount, l->vat_rate));
		gross += l->gross;
		disc += l->discount;
		total += l->amount;
		vat += l->vat;
		lines_base += l->gross - l->line_discount;
		shares += l->discount - l->line_discount;
		if (l->gross - l->line_discount > c->lines[big].gross - c->lines[big].line_discount)
			big = i;
	}
	assert_int_equal(c->gross, gross);
	assert_int_equal(c->discount, disc);
	assert_int_equal(c->total, total);
	assert_int_equal(c->vat, vat);
	assert_int_equal(c->gross - c->discount, c->total);
	/* the whole-sale discount is spread exactly */
	if (c->sale_disc_percent)
		want = (lines_base * c->sale_disc_percent * 2 + 10000) / 20000;
	else
		want = c->sale_disc_amount < lines_base ? c->sale_disc_amount : lines_base;
	if (lines_base < 1000000000000LL)
		assert_int_equal(shares, want);
	/* the VAT summary by rate adds up to the receipt's VAT */
	{
		int64_t sum = 0;

		for (k = 0; k < 5; k++) {
			int64_t r = 0;

			for (i = 0; i < c->nlines; i++)
				if (c->lines[i].vat_rate == rates[k])
					r += c->lines[i].vat;
			sum += r;
		}
		assert_int_equal(sum, c->vat);
	}
	(void)big;
}

static void random_line(struct cart_line *l, int i)
{
	static const int rates[] = { 0, 5, 8, 10, VAT_KCT };

	memset(l, 0, sizeof(*l));
	l->product_id = i + 1;
	snprintf(l->sku, sizeof(l->sku), "SKU-%d", i);
	snprintf(l->name, sizeof(l->name), "Sản phẩm %d", i);
	l->vat_rate = rates[next() % 5];
	l->qty_milli = next() % 4 ? pick(1, 5) * 1000 : pick(1, 20000);
	l->list_price = pick(0, 3) ? pick(1, 2000) * 500 : pick(0, 999999);
	l->unit_price = l->list_price;
	l->fixed_amount = next() % 10 == 0 ? pick(0, 500000) : -1;
	switch (next() % 4) {
	case 0: l->disc_percent = (int)pick(1, 10000); break;
	case 1: l->disc_amount = pick(0, 100000); break;
	default: break;
	}
}

static void test_totals_random(void **state)
{
	struct cart c;
	int iter;

	(void)state;
	for (iter = 0; iter < 5000; iter++) {
		size_t n = (size_t)pick(1, 12), i;

		memset(&c, 0, sizeof(c));
		c.lines = calloc(n, sizeof(*c.lines));
		assert_non_null(c.lines);
		c.nlines = c.cap = n;
		for (i = 0; i < n; i++)
			random_line(&c.lines[i], (int)i);
		switch (next() % 3) {
		case 0: c.sale_disc_percent = (int)pick(1, 10000); break;
		case 1: c.sale_disc_amount = pick(1, 3000000); break;
		default: break;
		}
		cart_totals(&c);
		check_cart_sums(&c);
		cart_release(&c);
	}
}

static void test_totals_known(void **state)
{
	struct cart c;
	struct cart_line l[3];

	(void)state;
	memset(&c, 0, sizeof(c));
	memset(l, 0, sizeof(l));
	/* 185.000 at 8 % holds 13.704 VAT; 100.000 at 10 % holds 9.091 */
	l[0].unit_price = 185000; l[0].qty_milli = 1000; l[0].vat_rate = 8; l[0].fixed_amount = -1;
	l[1].unit_price = 100000; l[1].qty_milli = 1000; l[1].vat_rate = 10; l[1].fixed_amount = -1;
	/* 1,5 kg at 33.333: 49.999,5 rounds half up to 50.000 */
	l[2].unit_price = 33333; l[2].qty_milli = 1500; l[2].vat_rate = VAT_KCT;
	l[2].fixed_amount = -1;
	c.lines = l;
	c.nlines = 3;
	cart_totals(&c);
	assert_int_equal(l[0].vat, 13704);
	assert_int_equal(l[1].vat, 9091);
	assert_int_equal(l[2].gross, 50000);
	assert_int_equal(l[2].vat, 0);
	assert_int_equal(c.total, 335000);
	assert_int_equal(c.vat, 22795);

	/* 10.000 off, shared by amount: 185/335, 100/335, 50/335 of it */
	c.sale_disc_amount = 10000;
	cart_totals(&c);
	assert_int_equal(l[0].discount, 5522 + 1);  /* floor 5522.38 + the remainder */
	assert_int_equal(l[1].discount, 2985);
	assert_int_equal(l[2].discount, 1492);
	assert_int_equal(c.discount, 10000);
	assert_int_equal(c.total, 325000);
	check_cart_sums(&c);

	/* a percent discount on a line, then 100 % off the whole sale */
	l[1].disc_percent = 1250;   /* 12.5 % of 100.000 */
	c.sale_disc_amount = 0;
	cart_totals(&c);
	assert_int_equal(l[1].discount, 12500);
	assert_int_equal(l[1].amount, 87500);
	c.sale_disc_percent = 10000;
	cart_totals(&c);
	assert_int_equal(c.total, 0);
	assert_int_equal(c.vat, 0);
	check_cart_sums(&c);

	/* a 99.99 % discount: the remainder never drives a line below zero */
	c.sale_disc_percent = 0;
	c.sale_disc_amount = c.gross - l[1].line_discount - 1;
	cart_totals(&c);
	assert_int_equal(c.total, 1);
	check_cart_sums(&c);

	/* huge amounts stay exact (128-bit intermediate products) */
	l[0].unit_price = 900000000000000LL;
	l[0].disc_percent = 3333;
	c.sale_disc_amount = 0;
	c.sale_disc_percent = 1;
	cart_totals(&c);
	assert_int_equal(l[0].line_discount, 299970000000000LL);
	check_cart_sums(&c);
}

/* ---- carts in the database -------------------------------------------- */

static void test_cart_ops(void **state)
{
	struct fixture *f = *state;
	struct config cfg;
	struct pos_error err;
	struct cart c;

	memset(&cfg, 0, sizeof(cfg));
	new_cart(f, &c);
	add(f, &c, "8931234500016", 0);
	add(f, &c, "mo-001", 0);         /* a SKU in lower case, same line */
	assert_int_equal(c.nlines, 1);
	assert_int_equal(c.lines[0].qty_milli, 2000);
	assert_int_equal(c.total, 370000);
	add(f, &c, "GAO-01", 2500);
	assert_int_equal(c.lines[1].gross, 83333);   /* 2,5 x 33.333 = 83.332,5 -> 83.333 */
	assert_int_equal(c.last_line, 1);
	assert_int_equal(cart_add_code(&c, f->t.db, &cfg, "8931234500017", 0, &err),
			 POS_ERR_INVALID);
	assert_int_equal(cart_add_code(&c, f->t.db, &cfg, "NOPE", 0, &err), POS_ERR_NOT_FOUND);
	assert_int_equal(c.nlines, 2);
	assert_int_equal(cart_set_qty(&c, f->t.db, 0, 3000, &err), 0);
	assert_int_equal(c.lines[0].qty_milli, 3000);
	assert_int_equal(cart_set_qty(&c, f->t.db, 5, 3000, &err), POS_ERR_INVALID);
	assert_int_equal(cart_set_qty(&c, f->t.db, 0, -1, &err), POS_ERR_INVALID);
	assert_int_equal(cart_set_qty(&c, f->t.db, 1, 0, &err), 0);    /* 0 removes */
	assert_int_equal(c.nlines, 1);
	assert_int_equal(cart_add_product(&c, f->t.db, f->tour, 0, &err), 0);
	assert_int_equal(c.lines[1].is_service, 1);
	assert_int_equal(cart_remove_line(&c, f->t.db, 0, &err), 0);
	assert_string_equal(c.lines[0].sku, "TOUR-1");
	/* a lapsed certificate is flagged, or refused by the setting */
	add(f, &c, "CU-01", 0);
	assert_int_equal(c.lines[1].cert_lapsed, 1);
	assert_int_equal(setting_set(f->t.db, "sale.block_lapsed_cert", "1", &err), 0);
	assert_int_equal(cart_add_code(&c, f->t.db, NULL, "CU-01", 0, &err), POS_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "expired"));
	/* the buyer: a tax code is checked */
	assert_int_equal(cart_set_buyer(&c, f->t.db, "Công ty A", "0100109107", "", "", &err),
			 POS_ERR_INVALID);
	assert_int_equal(cart_set_buyer(&c, f->t.db, "Công ty A", " 0100109106 ", "Huế",
					"a@b.vn", &err), 0);
	assert_string_equal(c.buyer_tax_code, "0100109106");
	cart_release(&c);
	/* inactive products are not sold */
	{
		struct product p;
		int changed;

		assert_int_equal(catalog_get(f->t.db, "RUOU-1", &p, &err), 0);
		p.active = 0;
		assert_int_equal(catalog_save(f->t.db, &p, "test", &changed, &err), 0);
		new_cart(f, &c);
		assert_int_equal(cart_add_code(&c, f->t.db, NULL, "RUOU-1", 0, &err),
				 POS_ERR_REFUSED);
		cart_release(&c);
	}
}

static void test_payments(void **state)
{
	struct fixture *f = *state;
	struct pos_error err;
	struct sale_result res;
	struct cart c;
	char purpose[SALE_QR_PURPOSE_MAX];

	new_cart(f, &c);
	add(f, &c, "MO-001", 0);        /* 185.000 */
	add(f, &c, "TRA-01", 0);        /* 90.000 */
	assert_int_equal(c.total, 275000);
	assert_int_equal(cart_pay(&c, f->t.db, PAY_CARD, 100000, 0, "", &err), POS_ERR_INVALID);
	assert_int_equal(cart_pay(&c, f->t.db, PAY_CARD, 300000, 0, "T1", &err), POS_ERR_REFUSED);
	assert_int_equal(cart_pay(&c, f->t.db, PAY_CARD, 100000, 0, "VCB-889911", &err), 0);
	assert_int_equal(cart_due(&c), 175000);
	assert_int_equal(cart_pay(&c, f->t.db, PAY_QR, 75000, 0, NULL, &err), 0);
	cart_qr_purpose(&c, purpose);
	assert_string_equal(c.pay[1].reference, purpose);
	assert_int_equal(strncmp(purpose, "TT ", 3), 0);
	assert_int_equal(strlen(purpose), 11);
	/* cash: 200.000 handed over for the last 100.000 */
	assert_int_equal(cart_pay(&c, f->t.db, PAY_CASH, 0, 200000, NULL, &err), 0);
	assert_int_equal(c.pay[2].amount, 100000);
	assert_int_equal(c.pay[2].tendered, 200000);
	assert_int_equal(c.change, 100000);
	assert_int_equal(cart_due(&c), 0);
	assert_int_equal(cart_pay(&c, f->t.db, PAY_CASH, 0, 0, NULL, &err), POS_ERR_REFUSED);
	assert_int_equal(sale_complete(f->t.db, &c, &f->cashier, &res, &err), 0);
	assert_int_equal(res.total, 275000);
	assert_int_equal(res.paid, 275000);
	assert_int_equal(res.change, 100000);
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM payment"), 3);
	assert_int_equal(testdb_query(f->t.db, "SELECT tendered FROM payment WHERE method = 'cash'"),
			    200000);
	assert_int_equal(testdb_query(f->t.db, "SELECT change FROM payment WHERE method = 'cash'"),
			    100000);
	cart_release(&c);

	/* partial cash, then the rest; removing a payment; overpaid carts refused */
	new_cart(f, &c);
	add(f, &c, "MO-001", 0);
	assert_int_equal(cart_pay(&c, f->t.db, PAY_CASH, 50000, 0, NULL, &err), 0);
	assert_int_equal(sale_complete(f->t.db, &c, &f->cashier, &res, &err), POS_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "135.000"));
	assert_int_equal(cart_pay(&c, f->t.db, PAY_WALLET, 0, 0, "MOMO-1", &err), 0);
	assert_int_equal(c.pay[1].amount, 135000);
	assert_int_equal(cart_remove_line(&c, f->t.db, 0, &err), 0);
	add(f, &c, "TRA-01", 0);
	assert_int_equal(sale_complete(f->t.db, &c, &f->cashier, &res, &err), POS_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "remove a payment"));
	/* the e-wallet payment was confirmed: only a manager removes it, audited */
	assert_int_equal(cart_remove_payment(&c, f->t.db, 1, &err), POS_ERR_PERM);
	assert_int_equal(cart_remove_payment_approved(&c, f->t.db, 1, &f->cashier, &f->cashier,
						      &err), POS_ERR_PERM);
	assert_int_equal(c.npay, 2);
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM audit WHERE action = "
				      "'payment_remove'"), 0);
	assert_int_equal(cart_remove_payment_approved(&c, f->t.db, 1, &f->cashier, &f->manager,
						      &err), 0);
	assert_int_equal(c.npay, 1);
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM audit WHERE action = "
				      "'payment_remove' AND detail LIKE 'wallet 135000 MOMO-1%'"), 1);
	assert_int_equal(cart_remove_payment(&c, f->t.db, 4, &err), POS_ERR_INVALID);
	pay_rest_cash(f, &c);
	assert_int_equal(sale_complete(f->t.db, &c, &f->cashier, &res, &err), 0);
	cart_release(&c);
	assert_clean(f->t.db);
}

static void test_cartfile(void **state)
{
	struct fixture *f = *state;
	struct pos_error err;
	struct cart c, d;
	char *json = NULL;
	static const char *const bad[] = {
		"", "[]", "{}", "{\"format\":\"ocop-pos/cart\",\"version\":1}",
		"{\"format\":\"x\",\"version\":1,\"uuid\":\"0b7a1f2e-1c7d-4c1e-9a4e-2f3b4c5d6e7f\","
		"\"register\":\"01\",\"user_id\":1,\"lines\":[]}",
		"{\"format\":\"ocop-pos/cart\",\"version\":9,\"uuid\":"
		"\"0b7a1f2e-1c7d-4c1e-9a4e-2f3b4c5d6e7f\",\"register\":\"01\",\"user_id\":1}",
		"{\"format\":\"ocop-pos/cart\",\"version\":1,\"uuid\":\"nope\",\"register\":\"01\","
		"\"user_id\":1,\"sale_disc_percent\":0,\"sale_disc_amount\":0,\"approved_by\":0,"
		"\"lines\":[]}",
		"{\"format\":\"ocop-pos/cart\",\"version\":1,\"uuid\":"
		"\"0b7a1f2e-1c7d-4c1e-9a4e-2f3b4c5d6e7f\",\"register\":\"01\",\"user_id\":1,"
		"\"sale_disc_percent\":20000,\"sale_disc_amount\":0,\"approved_by\":0,\"lines\":[]}",
		"{\"format\":\"ocop-pos/cart\",\"version\":1,\"uuid\":"
		"\"0b7a1f2e-1c7d-4c1e-9a4e-2f3b4c5d6e7f\",\"register\":\"01\",\"user_id\":1,"
		"\"sale_disc_percent\":0,\"sale_disc_amount\":0,\"approved_by\":0,\"lines\":[{}]}",
	};
	size_t i;

	new_cart(f, &c);
	add(f, &c, "MO-001", 2000);
	add(f, &c, "GAO-01", 1250);
	assert_int_equal(cart_discount(&c, f->t.db, &f->cashier, 0, 500, 0, NULL, &err), 0);
	assert_int_equal(cart_set_buyer(&c, f->t.db, "Nguyễn Văn \"A\"", "0100109106", "Huế",
					"", &err), 0);
	assert_int_equal(cart_pay(&c, f->t.db, PAY_CARD, 10000, 0, "REF-1", &err), 0);
	assert_int_equal(cartfile_write(&c, &json, &err), 0);
	assert_int_equal(cartfile_read(json, strlen(json), &d, &err), 0);
	assert_string_equal(d.uuid, c.uuid);
	assert_int_equal(d.nlines, 2);
	assert_int_equal(d.total, c.total);
	assert_int_equal(d.vat, c.vat);
	assert_int_equal(d.paid, 10000);
	assert_string_equal(d.buyer_name, "Nguyễn Văn \"A\"");
	assert_string_equal(d.lines[1].name, "Gạo ST25");
	assert_int_equal(d.lines[0].disc_percent, 500);
	cart_release(&d);
	/* a cut-off text never loads */
	for (i = 0; i < strlen(json); i += 7)
		assert_int_not_equal(cartfile_read(json, i, &d, &err), 0);
	free(json);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		pos_error_clear(&err);
		assert_int_not_equal(cartfile_read(bad[i], strlen(bad[i]), &d, &err), 0);
		assert_true(err.msg[0] != '\0');
	}
	cart_release(&c);
}

/* hold, recall, and restore after a "restart" (a new connection) */
static void test_hold_restore(void **state)
{
	struct fixture *f = *state;
	struct pos_error err;
	struct held_cart *held = NULL;
	struct cart c, r;
	char uuid[SALE_UUID_LEN], held_uuid[SALE_UUID_LEN];
	size_t n = 0;

	new_cart(f, &c);
	add(f, &c, "MO-001", 0);
	add(f, &c, "TRA-01", 3000);
	snprintf(held_uuid, sizeof(held_uuid), "%s", c.uuid);
	assert_int_equal(cart_hold(&c, f->t.db, "Chị Lan, áo đỏ", &err), 0);
	assert_int_equal(c.nlines, 0);
	assert_string_not_equal(c.uuid, held_uuid);
	assert_int_equal(cart_hold(&c, f->t.db, "x", &err), POS_ERR_REFUSED);
	add(f, &c, "GAO-01", 1500);
	snprintf(uuid, sizeof(uuid), "%s", c.uuid);
	cart_release(&c);

	/* the program dies; a new connection finds both carts */
	db_close(f->t.db);
	assert_int_equal(db_open(f->t.path, 0, &f->t.db, &err), 0);
	assert_int_equal(cart_init(&r, REG, f->cashier.id, &err), 0);
	assert_int_equal(cart_restore(&r, f->t.db, REG, &err), 0);
	assert_string_equal(r.uuid, uuid);
	assert_int_equal(r.nlines, 1);
	assert_int_equal(r.lines[0].qty_milli, 1500);
	assert_int_equal(r.total, 50000);
	assert_int_equal(cart_restore(&r, f->t.db, "02", &err), POS_ERR_NOT_FOUND);
	assert_int_equal(cart_held_list(f->t.db, REG, &held, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(held[0].uuid, held_uuid);
	assert_string_equal(held[0].label, "Chị Lan, áo đỏ");
	assert_int_equal(held[0].nlines, 2);
	assert_int_equal(held[0].total, 185000 + 270000);
	free(held);
	/* recall needs an empty cart */
	assert_int_equal(cart_recall(&r, f->t.db, held_uuid, &err), POS_ERR_REFUSED);
	assert_int_equal(cart_hold(&r, f->t.db, "", &err), 0);
	assert_int_equal(cart_recall(&r, f->t.db, held_uuid, &err), 0);
	assert_int_equal(r.nlines, 2);
	assert_int_equal(query_ll1(f->t.db, "SELECT count(*) FROM cart WHERE uuid = ?1 AND "
				   "status = 'open'", held_uuid), 1);
	assert_int_equal(cart_recall(&r, f->t.db, "0b7a1f2e-1c7d-4c1e-9a4e-2f3b4c5d6e7f", &err),
			 POS_ERR_REFUSED);
	/* completing deletes the cart row in the same transaction */
	{
		struct sale_result res;

		sell(f, &r, &res);
		assert_int_equal(query_ll1(f->t.db, "SELECT count(*) FROM cart WHERE uuid = ?1",
					   held_uuid), 0);
	}
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM cart"), 1);   /* the 2nd hold */
	cart_release(&r);
	assert_clean(f->t.db);
}

/* ---- completion ---------------------------------------------------------- */

static void test_complete(void **state)
{
	struct fixture *f = *state;
	struct pos_error err;
	struct sale_result res, again;
	struct sale_doc d;
	struct cart c;
	int64_t on_hand;

	new_cart(f, &c);
	add(f, &c, "MO-001", 2000);
	add(f, &c, "TRA-01", 1000);     /* consigned: 15 % commission */
	add(f, &c, "TOUR-1", 0);        /* a service: no stock */
	sell(f, &c, &res);
	assert_string_equal(res.receipt_no, "DN01-01-2026-000001");
	assert_int_equal(res.replayed, 0);
	assert_int_equal(res.total, 370000 + 90000 + 300000);
	/* the same cart again (a double Enter) is the same sale */
	assert_int_equal(sale_complete(f->t.db, &c, &f->cashier, &again, &err), 0);
	assert_int_equal(again.replayed, 1);
	assert_int_equal(again.sale_id, res.sale_id);
	assert_string_equal(again.receipt_no, res.receipt_no);
	assert_int_equal(again.total, res.total);
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM sale"), 1);
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM payment"), 1);
	assert_int_equal(sale_find_uuid(f->t.db, c.uuid, &again, &err), 0);
	assert_int_equal(again.sale_id, res.sale_id);
	/* stock, cost and commission */
	assert_int_equal(stock_on_hand(f->t.db, f->mo, &on_hand, &err), 0);
	assert_int_equal(on_hand, 8000);
	assert_int_equal(testdb_query(f->t.db, "SELECT cost FROM sale_line WHERE sku = 'MO-001'"),
			    240000);
	assert_int_equal(testdb_query(f->t.db, "SELECT commission FROM sale_line WHERE sku = 'MO-001'"),
			    0);
	assert_int_equal(testdb_query(f->t.db, "SELECT cost FROM sale_line WHERE sku = 'TRA-01'"),
			    70000);
	assert_int_equal(testdb_query(f->t.db, "SELECT commission FROM sale_line WHERE sku = 'TRA-01'"),
			    13500);
	assert_int_equal(testdb_query(f->t.db, "SELECT owner_producer_id FROM sale_line_lot x JOIN "
				     "sale_line l ON l.id = x.sale_line_id WHERE l.sku = 'TRA-01'"),
			    f->hkd);
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM sale_line_lot x JOIN sale_line l "
				     "ON l.id = x.sale_line_id WHERE l.sku = 'TOUR-1'"), 0);
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM stock_move WHERE kind = 'sale' "
				     "AND sale_line_id IS NOT NULL AND doc = 'DN01-01-2026-000001'"), 2);
	/* the reprint data */
	assert_int_equal(sale_doc_load(f->t.db, res.receipt_no, &d, &err), 0);
	assert_string_equal(d.kind, "sale");
	assert_string_equal(d.uuid, c.uuid);
	assert_string_equal(d.seller_name, "Điểm OCOP Đà Nẵng");
	assert_string_equal(d.seller_tax_code, "0100109106");
	assert_string_equal(d.seller_address, "12 Bạch Đằng, Hải Châu, Đà Nẵng");
	assert_string_equal(d.cashier, "thungan");
	assert_string_equal(d.cashier_name, "Lê Thu Ngân");
	assert_string_equal(d.local_time, "2026-11-22 10:00");
	assert_int_equal(d.nlines, 3);
	assert_int_equal(d.npay, 1);
	assert_int_equal(d.nrates, 3);  /* 5 %, 8 %, 10 % */
	assert_int_equal(d.rates[0].rate, 5);
	assert_int_equal(d.rates[0].vat, money_vat_included(370000, 5));
	assert_int_equal(d.rates[0].vat + d.rates[1].vat + d.rates[2].vat, d.vat);
	assert_int_equal(d.rates[2].net, 300000 - money_vat_included(300000, 10));
	assert_int_equal(d.paid, d.total);
	sale_doc_release(&d);
	assert_int_equal(sale_doc_load(f->t.db, c.uuid, &d, &err), 0);   /* by UUID too */
	sale_doc_release(&d);
	assert_int_equal(sale_doc_load(f->t.db, "DN01-01-2026-000099", &d, &err),
			 POS_ERR_NOT_FOUND);
	cart_release(&c);
	assert_clean(f->t.db);
}

static void test_numbers_and_refusals(void **state)
{
	struct fixture *f = *state;
	struct pos_error err;
	struct sale_result res;
	struct cart c;
	struct shift_report rep;
	char no[SALE_RECEIPT_NO_MAX];
	int i;

	for (i = 0; i < 3; i++) {
		new_cart(f, &c);
		add(f, &c, "GAO-01", 1000);
		sell(f, &c, &res);
		cart_release(&c);
	}
	assert_string_equal(res.receipt_no, "DN01-01-2026-000003");
	/* oversell: refused, nothing written, no number used */
	new_cart(f, &c);
	add(f, &c, "RUOU-1", 4000);
	add(f, &c, "MO-001", 0);
	add(f, &c, "RUOU-1", 2000);     /* 6 bottles, 5 on hand */
	pay_rest_cash(f, &c);
	assert_int_equal(sale_complete(f->t.db, &c, &f->cashier, &res, &err), POS_ERR_REFUSED);
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM sale"), 3);
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM stock_move WHERE kind = 'sale'"),
			    3);
	assert_int_equal(cart_set_qty(&c, f->t.db, 0, 5000, &err), 0);
	assert_int_equal(cart_remove_payment(&c, f->t.db, 0, &err), 0);
	sell(f, &c, &res);
	assert_string_equal(res.receipt_no, "DN01-01-2026-000004");
	cart_release(&c);
	/* another register has its own series */
	{
		struct shift sh2;

		assert_int_equal(shift_open(f->t.db, &f->manager, "02", 0, &sh2, &err), 0);
		assert_int_equal(cart_init(&c, "02", f->manager.id, &err), 0);
		add(f, &c, "GAO-01", 1000);
		pay_rest_cash(f, &c);
		assert_int_equal(sale_complete(f->t.db, &c, &f->manager, &res, &err), 0);
		assert_string_equal(res.receipt_no, "DN01-02-2026-000001");
		cart_release(&c);
	}
	/* an auditor may not sell; an empty cart is refused */
	new_cart(f, &c);
	assert_int_equal(sale_complete(f->t.db, &c, &f->cashier, &res, &err), POS_ERR_REFUSED);
	add(f, &c, "GAO-01", 1000);
	pay_rest_cash(f, &c);
	assert_int_equal(sale_complete(f->t.db, &c, &f->auditor, &res, &err), POS_ERR_PERM);
	/* no sale without an open shift */
	assert_int_equal(shift_close(f->t.db, &f->cashier, REG, NULL, NULL, 0, 0, &rep, &err), 0);
	assert_int_equal(sale_complete(f->t.db, &c, &f->cashier, &res, &err), POS_ERR_REFUSED);
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM sale"), 5);
	assert_int_equal(sale_last_receipt(f->t.db, REG, no, &err), 0);
	assert_string_equal(no, "DN01-01-2026-000004");
	assert_int_equal(sale_last_receipt(f->t.db, "09", no, &err), POS_ERR_NOT_FOUND);
	cart_release(&c);
	assert_clean(f->t.db);
}

/* ---- permissions ------------------------------------------------------ */

static void test_permissions(void **state)
{
	struct fixture *f = *state;
	struct pos_error err;
	struct sale_result res;
	struct audit_entry *a = NULL;
	struct cart c;
	size_t n = 0, i;
	int discounts = 0, overrides = 0;

	new_cart(f, &c);
	add(f, &c, "MO-001", 2000);     /* 370.000 */
	add(f, &c, "TRA-01", 0);
	/* within the cashier's 10 %: fine */
	assert_int_equal(cart_discount(&c, f->t.db, &f->cashier, 0, 1000, 0, NULL, &err), 0);
	/* 20 % needs a manager */
	assert_int_equal(cart_discount(&c, f->t.db, &f->cashier, 0, 2000, 0, NULL, &err),
			 POS_ERR_PERM);
	assert_non_null(strstr(err.msg, "manager"));
	assert_int_equal(c.lines[0].disc_percent, 1000);     /* unchanged */
	assert_int_equal(cart_discount(&c, f->t.db, &f->cashier, 0, 2000, 0, &f->cashier, &err),
			 POS_ERR_PERM);
	assert_int_equal(cart_discount(&c, f->t.db, &f->cashier, 0, 2000, 0, &f->manager, &err),
			 0);
	assert_int_equal(c.lines[0].approved_by, f->manager.id);
	/* an amount over the limit on the whole sale: 50.000 of 386.000 is 12.96 % */
	assert_int_equal(cart_discount(&c, f->t.db, &f->cashier, -1, 0, 50000, NULL, &err),
			 POS_ERR_PERM);
	assert_int_equal(cart_discount(&c, f->t.db, &f->cashier, -1, 0, 30000, NULL, &err), 0);
	assert_int_equal(cart_discount(&c, f->t.db, &f->cashier, -1, 0, 10000000, &f->manager,
				       &err), POS_ERR_INVALID);
	assert_int_equal(cart_discount(&c, f->t.db, &f->cashier, 0, 500, 100, NULL, &err),
			 POS_ERR_INVALID);
	/* price override: the cashier needs an approver */
	assert_int_equal(cart_override_price(&c, f->t.db, &f->cashier, 1, 80000, NULL, &err),
			 POS_ERR_PERM);
	assert_int_equal(cart_override_price(&c, f->t.db, &f->cashier, 1, 80000, &f->cashier,
					     &err), POS_ERR_PERM);
	assert_int_equal(cart_override_price(&c, f->t.db, &f->cashier, 1, 80000, &f->manager,
					     &err), 0);
	assert_int_equal(c.lines[1].unit_price, 80000);
	assert_int_equal(c.lines[1].price_overridden, 1);
	sell(f, &c, &res);
	assert_int_equal(testdb_query(f->t.db, "SELECT approved_by FROM sale"), f->manager.id);
	assert_int_equal(audit_list(f->t.db, NULL, NULL, &a, &n, &err), 0);
	for (i = 0; i < n; i++) {
		if (strcmp(a[i].doc, res.receipt_no) != 0)
			continue;
		if (strcmp(a[i].action, "discount") == 0) {
			discounts++;
			assert_string_equal(a[i].approved_by, "quanly");
			assert_string_equal(a[i].user, "thungan");
		}
		if (strcmp(a[i].action, "price_override") == 0) {
			overrides++;
			assert_string_equal(a[i].approved_by, "quanly");
		}
	}
	free(a);
	assert_int_equal(discounts, 1);   /* the 20 % line; the 7.x % sale discount is within */
	assert_int_equal(overrides, 1);
	cart_release(&c);

	/* a discount that grows over the limit when the cart shrinks is caught */
	new_cart(f, &c);
	add(f, &c, "MO-001", 0);
	add(f, &c, "RUOU-1", 0);
	assert_int_equal(cart_discount(&c, f->t.db, &f->cashier, -1, 0, 40000, NULL, &err), 0);
	assert_int_equal(cart_remove_line(&c, f->t.db, 1, &err), 0);   /* 40.000 of 185.000 */
	pay_rest_cash(f, &c);
	assert_int_equal(sale_complete(f->t.db, &c, &f->cashier, &res, &err), POS_ERR_PERM);
	/* a manager sells it without approval; it is audited as over the cashier limit */
	assert_int_equal(sale_complete(f->t.db, &c, &f->manager, &res, &err), 0);
	assert_int_equal(query_ll1(f->t.db, "SELECT count(*) FROM audit WHERE doc = ?1 AND "
				   "action = 'discount'", res.receipt_no), 1);
	cart_release(&c);
	assert_clean(f->t.db);
}

/* ---- voids ------------------------------------------------------------ */

static void test_void(void **state)
{
	struct fixture *f = *state;
	struct pos_error err;
	struct sale_result s1, s2, v;
	struct return_request rq;
	struct sale_doc d;
	struct cart c;
	int64_t on_hand;

	new_cart(f, &c);
	add(f, &c, "MO-001", 0);
	sell(f, &c, &s1);
	cart_release(&c);
	new_cart(f, &c);
	add(f, &c, "MO-001", 3000);
	add(f, &c, "TRA-01", 0);
	assert_int_equal(cart_pay(&c, f->t.db, PAY_CARD, 200000, 0, "C-77", &err), 0);
	sell(f, &c, &s2);
	cart_release(&c);
	assert_int_equal(stock_on_hand(f->t.db, f->mo, &on_hand, &err), 0);
	assert_int_equal(on_hand, 6000);

	assert_int_equal(sale_void_last(f->t.db, &f->cashier, REG, "khách đổi ý", &v, &err),
			 POS_ERR_PERM);
	assert_int_equal(sale_void_last(f->t.db, &f->manager, REG, "  ", &v, &err),
			 POS_ERR_INVALID);
	assert_int_equal(sale_void_last(f->t.db, &f->manager, REG, "khách đổi ý", &v, &err), 0);
	assert_string_equal(v.receipt_no, "DN01-01-2026-R000001");
	assert_int_equal(v.total, s2.total);
	assert_int_equal(stock_on_hand(f->t.db, f->mo, &on_hand, &err), 0);
	assert_int_equal(on_hand, 9000);
	/* payments go back by their own method */
	assert_int_equal(query_ll1(f->t.db, "SELECT p.amount FROM payment p JOIN sale s ON "
				   "s.id = p.sale_id WHERE s.receipt_no = ?1 AND method = 'card'",
				   v.receipt_no), 200000);
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM audit WHERE action = 'void'"), 1);
	/* only once, and only the last sale */
	assert_int_equal(sale_void_last(f->t.db, &f->manager, REG, "again", &v, &err),
			 POS_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "already voided"));
	/* a voided sale cannot be returned */
	memset(&rq, 0, sizeof(rq));
	rq.register_code = REG;
	rq.receipt_no = s2.receipt_no;
	assert_int_equal(sale_return(f->t.db, &f->cashier, &rq, &v, &err), POS_ERR_REFUSED);
	assert_int_equal(sale_doc_load(f->t.db, s2.receipt_no, &d, &err), 0);
	assert_string_equal(d.voided_by, "DN01-01-2026-R000001");
	sale_doc_release(&d);
	assert_int_equal(sale_doc_load(f->t.db, "DN01-01-2026-R000001", &d, &err), 0);
	assert_string_equal(d.kind, "void");
	assert_string_equal(d.original_no, s2.receipt_no);
	assert_string_equal(d.reason, "khách đổi ý");
	sale_doc_release(&d);
	/* a sale with a return cannot be voided */
	new_cart(f, &c);
	add(f, &c, "GAO-01", 2000);
	sell(f, &c, &s2);
	cart_release(&c);
	rq.receipt_no = s2.receipt_no;
	assert_int_equal(sale_return(f->t.db, &f->cashier, &rq, &v, &err), 0);
	assert_int_equal(sale_void_last(f->t.db, &f->manager, REG, "x", &v, &err),
			 POS_ERR_REFUSED);
	assert_clean(f->t.db);
}

/* ---- returns ---------------------------------------------------------- */

static void test_returns(void **state)
{
	struct fixture *f = *state;
	struct pos_error err;
	struct sale_result s, r1, r2, r3;
	struct return_request rq;
	struct return_item it[2];
	struct sale_doc d;
	struct cart c;
	int64_t on_hand, refunded;

	/* 3 jars with a 10 % line discount and an odd whole-sale discount */
	new_cart(f, &c);
	add(f, &c, "MO-001", 3000);
	add(f, &c, "TRA-01", 2000);
	add(f, &c, "GAO-01", 1500);
	assert_int_equal(cart_discount(&c, f->t.db, &f->cashier, 0, 1000, 0, NULL, &err), 0);
	assert_int_equal(cart_discount(&c, f->t.db, &f->cashier, -1, 0, 7777, NULL, &err), 0);
	assert_int_equal(cart_pay(&c, f->t.db, PAY_QR, 300000, 0, NULL, &err), 0);
	sell(f, &c, &s);
	cart_release(&c);

	memset(&rq, 0, sizeof(rq));
	rq.register_code = REG;
	rq.receipt_no = s.receipt_no;
	rq.items = it;
	rq.nitems = 1;
	it[0].code = "8931234500016";    /* by barcode */
	it[0].qty_milli = 1000;
	assert_int_equal(sale_return(f->t.db, &f->cashier, &rq, &r1, &err), 0);
	assert_string_equal(r1.receipt_no, "DN01-01-2026-R000001");
	it[0].code = "MO-001";
	it[0].qty_milli = 3000;           /* 2 are left */
	assert_int_equal(sale_return(f->t.db, &f->cashier, &rq, &r2, &err), POS_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "already returned"));
	it[0].qty_milli = 1000;
	rq.refund = REFUND_CASH;
	assert_int_equal(sale_return(f->t.db, &f->cashier, &rq, &r2, &err), 0);
	assert_string_equal(r2.receipt_no, "DN01-01-2026-R000002");
	assert_int_equal(stock_on_hand(f->t.db, f->mo, &on_hand, &err), 0);
	assert_int_equal(on_hand, 9000);
	/* what is not on the receipt */
	it[0].code = "RUOU-1";
	it[0].qty_milli = 0;
	assert_int_equal(sale_return(f->t.db, &f->cashier, &rq, &r3, &err), POS_ERR_REFUSED);
	it[0].code = "NOPE-1";
	assert_int_equal(sale_return(f->t.db, &f->cashier, &rq, &r3, &err), POS_ERR_REFUSED);
	rq.receipt_no = "DN01-01-2026-000777";
	assert_int_equal(sale_return(f->t.db, &f->cashier, &rq, &r3, &err), POS_ERR_NOT_FOUND);
	rq.receipt_no = r1.receipt_no;
	assert_int_equal(sale_return(f->t.db, &f->cashier, &rq, &r3, &err), POS_ERR_REFUSED);
	rq.receipt_no = s.receipt_no;
	assert_int_equal(sale_return(f->t.db, &f->auditor, &rq, &r3, &err), POS_ERR_PERM);
	/* the rest: everything left, by the original method, with a UUID (retry-safe) */
	rq.nitems = 0;
	rq.refund = REFUND_ORIGINAL;
	rq.uuid = "0B7A1F2E-1C7D-4C1E-9A4E-2F3B4C5D6E7F";
	assert_int_equal(sale_return(f->t.db, &f->cashier, &rq, &r3, &err), 0);
	assert_int_equal(r3.replayed, 0);
	assert_int_equal(sale_return(f->t.db, &f->cashier, &rq, &r2, &err), 0);
	assert_int_equal(r2.replayed, 1);
	assert_string_equal(r2.receipt_no, r3.receipt_no);
	rq.uuid = NULL;
	assert_int_equal(sale_return(f->t.db, &f->cashier, &rq, &r2, &err), POS_ERR_REFUSED);
	/* the refunds add up to the sale exactly, and so does the stock */
	refunded = query_ll1(f->t.db, "SELECT sum(total) FROM sale WHERE original_sale_id = "
			     "(SELECT id FROM sale WHERE receipt_no = ?1)", s.receipt_no);
	assert_int_equal(refunded, s.total);
	assert_int_equal(stock_on_hand(f->t.db, f->mo, &on_hand, &err), 0);
	assert_int_equal(on_hand, 10000);
	assert_int_equal(testdb_query(f->t.db, "SELECT on_hand_milli FROM lot WHERE lot_no = 'L-TRA-K'"),
			    4000);
	/* the QR payment (300.000) was refunded first, then cash for the rest */
	assert_int_equal(testdb_query(f->t.db, "SELECT sum(p.amount) FROM payment p JOIN sale s ON "
				     "s.id = p.sale_id WHERE s.kind = 'refund' AND p.method = 'qr'"),
			    300000);
	assert_int_equal(sale_doc_load(f->t.db, s.receipt_no, &d, &err), 0);
	assert_int_equal(d.refunded, s.total);
	assert_int_equal(d.nrefunds, 3);
	assert_int_equal(d.lines[0].returned_milli, 3000);
	sale_doc_release(&d);
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM audit WHERE action = 'return'"), 3);
	assert_clean(f->t.db);
}

/* partial returns in several goes give back exactly the line, never more */
static void test_returns_random(void **state)
{
	struct fixture *f = *state;
	struct pos_error err;
	struct sale_result s, r;
	struct return_request rq;
	struct return_item it;
	struct cart c;
	int round;

	for (round = 0; round < 6; round++) {
		int64_t left = 7000;

		new_cart(f, &c);
		add(f, &c, "GAO-01", 7000);
		add(f, &c, "MO-001", 0);
		assert_int_equal(cart_discount(&c, f->t.db, &f->cashier, 0, (int)pick(0, 1000), 0,
					       NULL, &err), 0);
		assert_int_equal(cart_discount(&c, f->t.db, &f->cashier, -1, 0, pick(0, 9999),
					       NULL, &err), 0);
		sell(f, &c, &s);
		cart_release(&c);
		memset(&rq, 0, sizeof(rq));
		rq.register_code = REG;
		rq.receipt_no = s.receipt_no;
		rq.items = &it;
		rq.nitems = 1;
		it.code = "GAO-01";
		while (left > 0) {
			it.qty_milli = pick(1, left);
			assert_int_equal(sale_return(f->t.db, &f->cashier, &rq, &r, &err), 0);
			left -= it.qty_milli;
		}
		it.qty_milli = 1;
		assert_int_equal(sale_return(f->t.db, &f->cashier, &rq, &r, &err), POS_ERR_REFUSED);
		assert_int_equal(query_ll1(f->t.db, "SELECT sum(r.amount) - l.amount FROM sale_line r "
					   "JOIN sale_line l ON l.id = r.original_line_id JOIN sale s "
					   "ON s.id = l.sale_id WHERE s.receipt_no = ?1 AND "
					   "l.sku = 'GAO-01'", s.receipt_no), 0);
	}
	assert_int_equal(testdb_query(f->t.db, "SELECT on_hand_milli FROM lot WHERE lot_no = 'L-GAO'"),
			    50000);
	assert_clean(f->t.db);
}

static void test_writeoff(void **state)
{
	struct fixture *f = *state;
	struct pos_error err;
	struct sale_result s, r;
	struct return_request rq;
	struct return_item it;
	struct cart c;
	int64_t on_hand;

	new_cart(f, &c);
	add(f, &c, "MO-001", 2000);
	sell(f, &c, &s);
	cart_release(&c);
	memset(&rq, 0, sizeof(rq));
	rq.register_code = REG;
	rq.receipt_no = s.receipt_no;
	rq.items = &it;
	rq.nitems = 1;
	it.code = "MO-001";
	it.qty_milli = 1000;
	rq.writeoff = "vỡ nắp";
	/* writing stock off is a manager's */
	assert_int_equal(sale_return(f->t.db, &f->cashier, &rq, &r, &err), POS_ERR_PERM);
	assert_int_equal(sale_return(f->t.db, &f->manager, &rq, &r, &err), 0);
	assert_int_equal(stock_on_hand(f->t.db, f->mo, &on_hand, &err), 0);
	assert_int_equal(on_hand, 8000);    /* back, then written off */
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM stock_move WHERE kind = 'adjust' "
				     "AND qty_milli = -1000"), 1);
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM stock_move WHERE kind = 'refund' "
				     "AND qty_milli = 1000"), 1);
	assert_int_equal(r.total, 185000);
	assert_clean(f->t.db);
}

/* ---- limits: at, one under, one over ----------------------------------- */

/* The cashier's discount limit (basis points), as a shop sets it. */
static void set_cashier_limit(struct fixture *f, int bp)
{
	char sql[128];

	snprintf(sql, sizeof(sql), "INSERT OR REPLACE INTO setting(key, value) VALUES "
		 "('sale.cashier_discount_limit_bp', '%d')", bp);
	testdb_exec(f->t.db, sql);
}

static long long nsales(struct fixture *f)
{
	return testdb_query(f->t.db, "SELECT count(*) FROM sale");
}

/* A cart of one MO-001 (185.000) with a discount of bp on the line or the sale, paid. */
static void discounted_cart(struct fixture *f, struct cart *c, int line, int bp)
{
	struct pos_error err;

	new_cart(f, c);
	add(f, c, "MO-001", 0);
	if (cart_discount(c, f->t.db, &f->cashier, line, bp, 0, NULL, &err))
		fail_msg("cart_discount: %s", err.msg);
	pay_rest_cash(f, c);
}

/* Complete a cart discounted by 10 % under a limit of limit_bp. */
static int complete_under_limit(struct fixture *f, int line, int limit_bp)
{
	struct pos_error err;
	struct sale_result res;
	struct cart c;
	long long before = nsales(f);
	int r;

	set_cashier_limit(f, 1000);
	discounted_cart(f, &c, line, 1000);
	set_cashier_limit(f, limit_bp);     /* the limit changed while the cart was open */
	r = sale_complete(f->t.db, &c, &f->cashier, &res, &err);
	if (r)
		assert_int_equal(nsales(f), before);   /* a refusal writes nothing */
	else
		assert_int_equal(nsales(f), before + 1);
	cart_release(&c);
	return r;
}

static void test_limit_discount_at_completion(void **state)
{
	struct fixture *f = *state;

	/* the whole-sale discount: 10 % against a limit of 10.01 %, 10 %, 9.99 % */
	assert_int_equal(complete_under_limit(f, -1, 1001), 0);
	assert_int_equal(complete_under_limit(f, -1, 1000), 0);
	assert_int_equal(complete_under_limit(f, -1, 999), POS_ERR_PERM);
	assert_int_equal(complete_under_limit(f, -1, 0), POS_ERR_PERM);
	/* a line's own discount, the same */
	assert_int_equal(complete_under_limit(f, 0, 1001), 0);
	assert_int_equal(complete_under_limit(f, 0, 1000), 0);
	assert_int_equal(complete_under_limit(f, 0, 999), POS_ERR_PERM);
	assert_clean(f->t.db);
}

static void test_limit_discount_when_given(void **state)
{
	struct fixture *f = *state;
	struct pos_error err;
	struct cart c;

	new_cart(f, &c);
	add(f, &c, "MO-001", 0);          /* 185.000: 1 % = 1.850 */
	/* the cashier's 10 %: in percent and as an amount (rounded up, so 18.501 is over) */
	assert_int_equal(cart_discount(&c, f->t.db, &f->cashier, 0, 999, 0, NULL, &err), 0);
	assert_int_equal(cart_discount(&c, f->t.db, &f->cashier, 0, 1000, 0, NULL, &err), 0);
	assert_int_equal(cart_discount(&c, f->t.db, &f->cashier, 0, 1001, 0, NULL, &err),
			 POS_ERR_PERM);
	assert_int_equal(c.lines[0].disc_percent, 1000);      /* unchanged by the refusal */
	assert_int_equal(cart_discount(&c, f->t.db, &f->cashier, 0, 0, 18500, NULL, &err), 0);
	assert_int_equal(cart_discount(&c, f->t.db, &f->cashier, 0, 0, 18501, NULL, &err),
			 POS_ERR_PERM);
	/* the whole-sale discount applies to what the line's 18.500 leaves: 166.500 */
	assert_int_equal(cart_discount(&c, f->t.db, &f->cashier, -1, 0, 16650, NULL, &err), 0);
	assert_int_equal(cart_discount(&c, f->t.db, &f->cashier, -1, 0, 16651, NULL, &err),
			 POS_ERR_PERM);
	/* over the limit with a manager's approval; a cashier cannot approve */
	assert_int_equal(cart_discount(&c, f->t.db, &f->cashier, 0, 1001, 0, &f->cashier, &err),
			 POS_ERR_PERM);
	assert_int_equal(cart_discount(&c, f->t.db, &f->cashier, 0, 1001, 0, &f->manager, &err),
			 0);
	/* a manager: up to 100 %, not beyond */
	assert_int_equal(cart_discount(&c, f->t.db, &f->manager, 0, 10000, 0, NULL, &err), 0);
	assert_int_equal(cart_discount(&c, f->t.db, &f->manager, 0, 10001, 0, NULL, &err),
			 POS_ERR_INVALID);
	assert_int_equal(cart_discount(&c, f->t.db, &f->manager, 0, -1, 0, NULL, &err),
			 POS_ERR_INVALID);
	/* an amount up to what it applies to */
	assert_int_equal(cart_discount(&c, f->t.db, &f->manager, 0, 0, 185000, NULL, &err), 0);
	assert_int_equal(cart_discount(&c, f->t.db, &f->manager, 0, 0, 185001, NULL, &err),
			 POS_ERR_INVALID);
	/* an auditor does not sell */
	assert_int_equal(cart_discount(&c, f->t.db, &f->auditor, 0, 1, 0, NULL, &err),
			 POS_ERR_PERM);
	/* a limit of 0: any discount needs approval */
	set_cashier_limit(f, 0);
	assert_int_equal(cart_discount(&c, f->t.db, &f->cashier, 0, 0, 0, NULL, &err), 0);
	assert_int_equal(cart_discount(&c, f->t.db, &f->cashier, 0, 1, 0, NULL, &err),
			 POS_ERR_PERM);
	set_cashier_limit(f, 10001);      /* a bad setting is an error, not a free pass */
	assert_int_equal(cart_discount(&c, f->t.db, &f->cashier, 0, 1, 0, NULL, &err),
			 POS_ERR_INVALID);
	cart_release(&c);
}

/* Complete one MO-001 (185.000) paid `paid` by card; the payments must match exactly. */
static int complete_paid(struct fixture *f, int64_t paid)
{
	struct pos_error err;
	struct sale_result res;
	struct cart c;
	long long before = nsales(f);
	int r;

	new_cart(f, &c);
	add(f, &c, "MO-001", 0);
	assert_int_equal(cart_pay(&c, f->t.db, PAY_CARD, paid, 0, "C-1", &err), 0);
	r = sale_complete(f->t.db, &c, &f->cashier, &res, &err);
	if (r == 0)
		assert_int_equal(res.paid, 185000);
	assert_int_equal(nsales(f), before + (r == 0));
	cart_release(&c);
	return r;
}

static void test_limit_payment_at_completion(void **state)
{
	struct fixture *f = *state;
	struct pos_error err;
	struct sale_result res;
	struct cart c;

	assert_int_equal(complete_paid(f, 185000), 0);
	assert_int_equal(complete_paid(f, 184999), POS_ERR_REFUSED);   /* 1 ₫ short */
	assert_int_equal(complete_paid(f, 184001), POS_ERR_REFUSED);   /* 999 ₫ short */
	assert_int_equal(complete_paid(f, 184000), POS_ERR_REFUSED);
	assert_int_equal(complete_paid(f, 1), POS_ERR_REFUSED);
	/* paid in full, then the total fell by 1 ₫: more paid than due is refused too */
	new_cart(f, &c);
	add(f, &c, "MO-001", 0);
	assert_int_equal(cart_pay(&c, f->t.db, PAY_CARD, 185000, 0, "C-2", &err), 0);
	assert_int_equal(cart_discount(&c, f->t.db, &f->cashier, -1, 0, 1, NULL, &err), 0);
	assert_int_equal(sale_complete(f->t.db, &c, &f->cashier, &res, &err), POS_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "more than the total"));
	assert_int_equal(cart_discount(&c, f->t.db, &f->cashier, -1, 0, 0, NULL, &err), 0);
	assert_int_equal(sale_complete(f->t.db, &c, &f->cashier, &res, &err), 0);
	cart_release(&c);
	assert_clean(f->t.db);
}

/* Cash rounding (issue 14 item 15): nearest step, halves up; only the cash
 * that settles the sale; the total is never changed; the cart file keeps it. */
static void test_cash_rounding(void **state)
{
	struct fixture *f = *state;
	struct sale_result res;
	struct pos_error err;
	struct cart c, back;
	int64_t step = -1;

	assert_int_equal(sale_round_cash(164480, 1000), 164000);
	assert_int_equal(sale_round_cash(164500, 1000), 165000);
	assert_int_equal(sale_round_cash(164499, 1000), 164000);
	assert_int_equal(sale_round_cash(164480, 0), 164480);
	assert_int_equal(sale_round_cash(250, 500), 500);
	assert_int_equal(sale_round_cash(-164480, 1000), -164000);
	assert_int_equal(sale_cash_rounding_step(f->t.db, &step, &err), 0);
	assert_int_equal(step, 0);                        /* off by default */
	assert_int_equal(setting_set(f->t.db, "cash.rounding_step", "1000", &err), 0);
	assert_int_equal(sale_cash_rounding_step(f->t.db, &step, &err), 0);
	assert_int_equal(step, 1000);

	new_cart(f, &c);
	add(f, &c, "MO-001", 0);                          /* 185.000 */
	assert_int_equal(cart_discount(&c, f->t.db, &f->cashier, -1, 0, 20520, &f->manager, &err), 0);
	assert_int_equal(c.total, 164480);
	/* a part payment in cash is not rounded */
	assert_int_equal(cart_pay(&c, f->t.db, PAY_CASH, 0, 100000, NULL, &err), 0);
	assert_int_equal(c.rounding, 0);
	assert_int_equal(cart_remove_payment(&c, f->t.db, 0, &err), 0);
	/* 164.000 handed over settles 164.480 */
	assert_int_equal(cart_pay(&c, f->t.db, PAY_CASH, 0, 164000, NULL, &err), 0);
	assert_int_equal(c.rounding, -480);
	assert_int_equal(c.change, 0);
	assert_int_equal(cart_due(&c), 0);
	assert_int_equal(cart_remove_payment(&c, f->t.db, 0, &err), 0);
	/* 200.000: change from 164.000 */
	assert_int_equal(cart_pay(&c, f->t.db, PAY_CASH, 0, 200000, NULL, &err), 0);
	assert_int_equal(c.change, 36000);
	assert_int_equal(c.pay[0].amount, 164480);
	/* the cart file keeps the rounding (a crash between pay and complete) */
	memset(&back, 0, sizeof(back));
	assert_int_equal(cart_init(&back, REG, f->cashier.id, &err), 0);
	assert_int_equal(cart_restore(&back, f->t.db, REG, &err), 0);
	assert_int_equal(back.rounding, -480);
	assert_int_equal(back.change, 36000);
	cart_release(&back);
	assert_int_equal(sale_complete(f->t.db, &c, &f->cashier, &res, &err), 0);
	assert_int_equal(res.total, 164480);
	assert_int_equal(res.rounding, -480);
	assert_int_equal(res.change, 36000);
	cart_release(&c);
	/* a transfer is never rounded; a card neither */
	new_cart(f, &c);
	add(f, &c, "MO-001", 0);
	assert_int_equal(cart_discount(&c, f->t.db, &f->cashier, -1, 0, 20520, &f->manager, &err), 0);
	assert_int_equal(cart_pay(&c, f->t.db, PAY_CARD, 0, 0, "T-1", &err), 0);
	assert_int_equal(c.rounding, 0);
	assert_int_equal(c.paid, 164480);
	cart_release(&c);
	assert_clean(f->t.db);
}

static void test_limit_payments(void **state)
{
	struct fixture *f = *state;
	struct pos_error err;
	struct cart c;
	int i;

	new_cart(f, &c);
	add(f, &c, "MO-001", 0);          /* 185.000 due */
	/* cash: what is handed over must cover the payment */
	assert_int_equal(cart_pay(&c, f->t.db, PAY_CASH, 185000, 184999, NULL, &err),
			 POS_ERR_INVALID);
	assert_int_equal(c.npay, 0);
	assert_int_equal(cart_pay(&c, f->t.db, PAY_CASH, 185000, 185001, NULL, &err), 0);
	assert_int_equal(c.change, 1);
	assert_int_equal(cart_remove_payment(&c, f->t.db, 0, &err), 0);
	assert_int_equal(cart_pay(&c, f->t.db, PAY_CASH, 185000, 185000, NULL, &err), 0);
	assert_int_equal(c.change, 0);
	assert_int_equal(cart_pay(&c, f->t.db, PAY_CASH, 1, 1, NULL, &err), POS_ERR_REFUSED);
	assert_int_equal(cart_remove_payment(&c, f->t.db, 0, &err), 0);
	/* other methods: up to what is due, never more */
	assert_int_equal(cart_pay(&c, f->t.db, PAY_CARD, 185001, 0, "C-1", &err),
			 POS_ERR_REFUSED);
	assert_int_equal(cart_pay(&c, f->t.db, PAY_CARD, 185000, 0, "C-1", &err), 0);
	assert_int_equal(cart_remove_payment_approved(&c, f->t.db, 0, &f->cashier, &f->manager,
						      &err), 0);
	/* amounts: 0 .. 10^15 */
	assert_int_equal(cart_pay(&c, f->t.db, PAY_CASH, -1, 0, NULL, &err), POS_ERR_INVALID);
	assert_int_equal(cart_pay(&c, f->t.db, PAY_CASH, 0, CART_AMOUNT_MAX + 1, NULL, &err),
			 POS_ERR_INVALID);
	assert_int_equal(cart_pay(&c, f->t.db, PAY_CASH, 0, CART_AMOUNT_MAX, NULL, &err), 0);
	assert_int_equal(c.change, CART_AMOUNT_MAX - 185000);
	assert_int_equal(cart_remove_payment(&c, f->t.db, 0, &err), 0);
	/* at most CART_MAX_PAYMENTS payments */
	for (i = 0; i < CART_MAX_PAYMENTS; i++)
		assert_int_equal(cart_pay(&c, f->t.db, PAY_CASH, 1000, 1000, NULL, &err), 0);
	assert_int_equal(cart_pay(&c, f->t.db, PAY_CASH, 1000, 1000, NULL, &err),
			 POS_ERR_REFUSED);
	assert_int_equal(c.npay, CART_MAX_PAYMENTS);
	cart_release(&c);
}

static void test_limit_price_override(void **state)
{
	struct fixture *f = *state;
	struct pos_error err;
	struct cart c;

	new_cart(f, &c);
	add(f, &c, "MO-001", 0);
	assert_int_equal(cart_override_price(&c, f->t.db, &f->cashier, 0, 1, NULL, &err),
			 POS_ERR_PERM);
	assert_int_equal(cart_override_price(&c, f->t.db, &f->manager, 0, -1, NULL, &err),
			 POS_ERR_INVALID);
	assert_int_equal(cart_override_price(&c, f->t.db, &f->manager, 0, 0, NULL, &err), 0);
	assert_int_equal(c.total, 0);
	assert_int_equal(cart_override_price(&c, f->t.db, &f->manager, 0, CART_AMOUNT_MAX + 1,
					     NULL, &err), POS_ERR_INVALID);
	assert_int_equal(cart_override_price(&c, f->t.db, &f->manager, 0, CART_AMOUNT_MAX, NULL,
					     &err), 0);
	assert_int_equal(c.total, CART_AMOUNT_MAX);
	/* the same price is no override */
	assert_int_equal(cart_override_price(&c, f->t.db, &f->manager, 0, 185000, NULL, &err),
			 0);
	assert_int_equal(c.lines[0].price_overridden, 0);
	assert_int_equal(cart_override_price(&c, f->t.db, &f->manager, 0, 185001, NULL, &err),
			 0);
	assert_int_equal(c.lines[0].price_overridden, 1);
	assert_int_equal(cart_override_price(&c, f->t.db, &f->manager, 1, 1, NULL, &err),
			 POS_ERR_INVALID);        /* no line 2 */
	cart_release(&c);
}

static void test_limit_void_shift(void **state)
{
	struct fixture *f = *state;
	struct pos_error err;
	struct sale_result s, v;
	struct shift_report rep;
	struct shift sh;
	struct cart c;

	/* nothing sold yet */
	assert_int_equal(sale_void_last(f->t.db, &f->manager, REG, "lỗi", &v, &err),
			 POS_ERR_NOT_FOUND);
	new_cart(f, &c);
	add(f, &c, "MO-001", 0);
	sell(f, &c, &s);
	cart_release(&c);
	/* the shift that sold it closes: the sale belongs to an earlier shift now */
	assert_int_equal(shift_close(f->t.db, &f->cashier, REG, NULL, NULL, 0, 685000, &rep,
				     &err), 0);
	assert_int_equal(sale_void_last(f->t.db, &f->manager, REG, "lỗi", &v, &err),
			 POS_ERR_REFUSED);        /* and no shift is open */
	assert_int_equal(shift_open(f->t.db, &f->cashier, REG, 0, &sh, &err), 0);
	assert_int_equal(sale_void_last(f->t.db, &f->manager, REG, "lỗi", &v, &err),
			 POS_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "earlier shift"));
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM sale WHERE kind = 'void'"),
			 0);
	/* a sale of this shift can be voided */
	new_cart(f, &c);
	add(f, &c, "MO-001", 0);
	sell(f, &c, &s);
	cart_release(&c);
	assert_int_equal(sale_void_last(f->t.db, &f->manager, REG, "lỗi", &v, &err), 0);
	assert_int_equal(v.total, 185000);
	assert_clean(f->t.db);
}

/* Return qty of MO-001 against receipt no. */
static int return_mo(struct fixture *f, const char *no, int64_t qty)
{
	struct return_item it = { "MO-001", qty };
	struct return_request rq;
	struct sale_result v;
	struct pos_error err;

	memset(&rq, 0, sizeof(rq));
	rq.register_code = REG;
	rq.receipt_no = no;
	rq.items = &it;
	rq.nitems = 1;
	return sale_return(f->t.db, &f->cashier, &rq, &v, &err);
}

static void test_limit_return_quantity(void **state)
{
	struct fixture *f = *state;
	struct sale_result s;
	struct cart c;

	new_cart(f, &c);
	add(f, &c, "MO-001", 3000);
	sell(f, &c, &s);
	cart_release(&c);
	assert_int_equal(return_mo(f, s.receipt_no, 3001), POS_ERR_REFUSED);
	assert_int_equal(return_mo(f, s.receipt_no, -1), POS_ERR_INVALID);
	assert_int_equal(return_mo(f, s.receipt_no, 1000), 0);
	assert_int_equal(return_mo(f, s.receipt_no, 2001), POS_ERR_REFUSED);
	assert_int_equal(return_mo(f, s.receipt_no, 2000), 0);
	assert_int_equal(return_mo(f, s.receipt_no, 1), POS_ERR_REFUSED);
	assert_int_equal(return_mo(f, s.receipt_no, 0), POS_ERR_REFUSED);   /* nothing left */
	/* the refunds add up to the sale exactly */
	assert_int_equal(testdb_query(f->t.db, "SELECT sum(total) FROM sale WHERE kind = 'refund'"),
			 s.total);
	assert_clean(f->t.db);
}

/* Sell qty of GAO-01 (50 kg on hand) in one sale; the sale's result. */
static int sell_gao(struct fixture *f, int64_t qty)
{
	struct pos_error err;
	struct sale_result res;
	struct cart c;
	int r;

	new_cart(f, &c);
	add(f, &c, "GAO-01", qty);
	pay_rest_cash(f, &c);
	r = sale_complete(f->t.db, &c, &f->cashier, &res, &err);
	cart_release(&c);
	return r;
}

static void test_limit_oversell(void **state)
{
	struct fixture *f = *state;
	struct pos_error err;
	int64_t on_hand;

	/* refused by default: one milli-unit more than on hand, then exactly what is there */
	assert_int_not_equal(sell_gao(f, 50001), 0);
	assert_int_equal(stock_on_hand(f->t.db, f->gao, &on_hand, &err), 0);
	assert_int_equal(on_hand, 50000);
	assert_int_equal(nsales(f), 0);
	assert_int_equal(sell_gao(f, 49999), 0);
	assert_int_equal(sell_gao(f, 2), POS_ERR_REFUSED);
	assert_int_equal(sell_gao(f, 1), 0);
	assert_int_equal(stock_on_hand(f->t.db, f->gao, &on_hand, &err), 0);
	assert_int_equal(on_hand, 0);
	/* allowed: the stock goes negative */
	assert_int_equal(stock_oversell_set(f->t.db, &f->cashier, STOCK_OVERSELL_ALLOW, &err),
			 POS_ERR_PERM);
	assert_int_equal(stock_oversell_set(f->t.db, &f->admin, STOCK_OVERSELL_ALLOW, &err), 0);
	assert_int_equal(sell_gao(f, 1), 0);
	assert_int_equal(stock_on_hand(f->t.db, f->gao, &on_hand, &err), 0);
	assert_int_equal(on_hand, -1);
	assert_clean(f->t.db);
}

static void test_limit_cash_drawer(void **state)
{
	struct fixture *f = *state;
	struct pos_error err;
	struct shift sh;

	/* the float is 500.000: taking out one more is refused, all of it is fine */
	assert_int_equal(shift_cash_move(f->t.db, &f->cashier, REG, -500001, "ngân hàng", &err),
			 POS_ERR_REFUSED);
	assert_int_equal(shift_cash_move(f->t.db, &f->cashier, REG, -500000, "ngân hàng", &err),
			 0);
	assert_int_equal(shift_cash_move(f->t.db, &f->cashier, REG, -1, "ngân hàng", &err),
			 POS_ERR_REFUSED);
	assert_int_equal(shift_cash_move(f->t.db, &f->cashier, REG, 0, "ngân hàng", &err),
			 POS_ERR_INVALID);
	assert_int_equal(shift_cash_move(f->t.db, &f->cashier, REG, 1000000000001LL, "x", &err),
			 POS_ERR_INVALID);
	assert_int_equal(shift_cash_move(f->t.db, &f->cashier, REG, 1000000000000LL, "x", &err),
			 0);
	/* an opening float from 0 to 10^12 */
	assert_int_equal(shift_open(f->t.db, &f->cashier, "02", -1, &sh, &err), POS_ERR_INVALID);
	assert_int_equal(shift_open(f->t.db, &f->cashier, "02", 1000000000001LL, &sh, &err),
			 POS_ERR_INVALID);
	assert_int_equal(shift_open(f->t.db, &f->cashier, "02", 1000000000000LL, &sh, &err), 0);
	assert_int_equal(shift_open(f->t.db, &f->cashier, "03", 0, &sh, &err), 0);
}

/* Fractions only for measures; the stock warning before any money is taken. */
static void test_units_and_stock(void **state)
{
	struct fixture *f = *state;
	struct config cfg;
	struct pos_error err;
	struct cart c;
	int64_t short_milli;
	int allowed;

	assert_true(catalog_unit_measured("kg"));
	assert_true(catalog_unit_measured("Lít"));
	assert_true(catalog_unit_measured("ml"));
	assert_false(catalog_unit_measured("hũ"));
	assert_false(catalog_unit_measured("bộ"));
	assert_false(catalog_unit_measured("cái"));
	memset(&cfg, 0, sizeof(cfg));
	new_cart(f, &c);
	/* 0,5 of a jar: refused, nothing added */
	assert_int_equal(cart_add_code(&c, f->t.db, &cfg, "MO-001", 500, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "hũ"));
	assert_int_equal(c.nlines, 0);
	add(f, &c, "MO-001", 0);
	assert_int_equal(cart_set_qty(&c, f->t.db, 0, 1500, &err), POS_ERR_INVALID);
	assert_int_equal(c.lines[0].qty_milli, 1000);
	add(f, &c, "GAO-01", 1500);     /* rice by the kg: fine */
	/* RUOU-1: 5 bottles on hand; 6 short by 1, refused by the default policy */
	add(f, &c, "RUOU-1", 5000);
	assert_int_equal(cart_stock_short(f->t.db, &c, 2, &short_milli, &allowed, &err), 0);
	assert_int_equal(short_milli, 0);
	add(f, &c, "RUOU-1", 1000);
	assert_int_equal(cart_stock_short(f->t.db, &c, 2, &short_milli, &allowed, &err), 0);
	assert_int_equal(short_milli, 1000);
	assert_int_equal(allowed, 0);
	assert_int_equal(stock_oversell_set(f->t.db, &f->admin, STOCK_OVERSELL_ALLOW, &err), 0);
	assert_int_equal(cart_stock_short(f->t.db, &c, 2, &short_milli, &allowed, &err), 0);
	assert_int_equal(short_milli, 1000);
	assert_int_equal(allowed, 1);
	cart_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_totals_known),
		cmocka_unit_test(test_totals_random),
		cmocka_unit_test_setup_teardown(test_cart_ops, setup, teardown),
		cmocka_unit_test_setup_teardown(test_payments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_units_and_stock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cartfile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hold_restore, setup, teardown),
		cmocka_unit_test_setup_teardown(test_complete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_numbers_and_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_permissions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_void, setup, teardown),
		cmocka_unit_test_setup_teardown(test_returns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_returns_random, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writeoff, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit_discount_at_completion, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit_discount_when_given, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit_payment_at_completion, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit_payments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cash_rounding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit_price_override, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit_void_shift, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit_return_quantity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit_oversell, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit_cash_drawer, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
