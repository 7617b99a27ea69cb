/*
 * test_stock.c - lots and the ledger: receiving (lot numbers, expiry from
 * shelf life, GRN numbers and notes, refusals that write nothing), FEFO,
 * expired lots, consignment ownership and returns, both oversell policies
 * (with two processes racing for the last unit), bundles and services,
 * adjustments, counts with selling during the count, lists, filters,
 * alerts and the db check of the caches.
 *
 * The clock is pinned with OCOP_POS_NOW: today is 2026-11-22 (local).
 */
#include <sqlite3.h>
#include <sys/wait.h>

#include "testutil.h"
#include "fixture.h"
#include "core/audit.h"
#include "core/catalog.h"
#include "core/check.h"
#include "core/clock.h"
#include "core/demo.h"
#include "core/producer.h"
#include "core/showroom.h"
#include "core/stock.h"
#include "core/user.h"

#define TEST_NOW "2026-11-22T03:00:00Z"

struct fx {
	struct testdb t;
	long long mo1, mo2, tea, tour, gift, shop_maker, consignor;
};

static long long add_producer(struct db *db, const char *code, const char *name)
{
	struct producer p;
	struct pos_error err;

	producer_init(&p);
	snprintf(p.code, sizeof(p.code), "%s", code);
	snprintf(p.name, sizeof(p.name), "%s", name);
	snprintf(p.province, sizeof(p.province), "08");
	p.kind = PRODUCER_COOPERATIVE;
	if (producer_save(db, &p, NULL, &err))
		fail_msg("producer_save: %s", err.msg);
	return p.id;
}

static long long add_product(struct db *db, const char *sku, const char *name, const char *maker,
			     int group, int shelf, int stars)
{
	struct product p;
	struct pos_error err;

	product_init(&p);
	snprintf(p.sku, sizeof(p.sku), "%s", sku);
	snprintf(p.name, sizeof(p.name), "%s", name);
	snprintf(p.producer, sizeof(p.producer), "%s", maker);
	snprintf(p.origin_province, sizeof(p.origin_province), "08");
	snprintf(p.unit, sizeof(p.unit), "hũ");
	p.ocop_group = group;
	p.stars = stars;
	p.price = 185000;
	p.vat_rate = 8;
	p.shelf_life_days = shelf;
	snprintf(p.cert_number, sizeof(p.cert_number), "12/QĐ-UBND");
	snprintf(p.cert_issued, sizeof(p.cert_issued), "2024-02-29");
	if (product_validate(&p, &err) || catalog_save(db, &p, "test", NULL, &err))
		fail_msg("product %s: %s", sku, err.msg);
	return p.id;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct showroom s;
	struct pos_error err;

	setenv("OCOP_POS_NOW", TEST_NOW, 1);
	testdb_open(&f->t);
	showroom_init_struct(&s);
	snprintf(s.code, sizeof(s.code), "DN01");
	snprintf(s.name, sizeof(s.name), "Điểm OCOP Đà Nẵng");
	snprintf(s.province, sizeof(s.province), "48");
	if (showroom_create(f->t.db, &s, &err))
		fail_msg("showroom: %s", err.msg);
	f->shop_maker = add_producer(f->t.db, "HTX-A", "HTX Mật ong Mèo Vạc");
	f->consignor = add_producer(f->t.db, "HKD-B", "Hộ kinh doanh Thào Thị Dính");
	f->mo1 = add_product(f->t.db, "MO-1", "Mật ong bạc hà 500 ml", "HTX-A", 1, 365, 4);
	f->mo2 = add_product(f->t.db, "MO-2", "Giỏ mây tre", "HTX-A", 4, 0, 3);
	f->tea = add_product(f->t.db, "CH-1", "Chè Shan tuyết", "HKD-B", 1, 540, 3);
	f->tour = add_product(f->t.db, "DV-1", "Tour bản Lác", "HKD-B", 6, 0, 3);
	f->gift = add_product(f->t.db, "QUA-1", "Hộp quà Tết", "HTX-A", 1, 0, 3);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	testdb_close(&f->t);
	free(f);
	unsetenv("OCOP_POS_NOW");
	return 0;
}

/* Receive one line; returns the lot id. */
static long long receive(struct fx *f, long long product, int64_t qty, int64_t cost,
			 const char *lot, const char *expiry, const char *received,
			 long long owner, int commission_bp)
{
	return fx_receive(f->t.db, NULL, received, product, qty, cost, lot, expiry, owner,
			  commission_bp);
}

static int64_t on_hand(struct fx *f, long long product)
{
	struct pos_error err;
	int64_t q = -12345;

	if (stock_on_hand(f->t.db, product, &q, &err))
		fail_msg("stock_on_hand: %s", err.msg);
	return q;
}

static int64_t lot_qty(struct fx *f, long long lot_id)
{
	char sql[128];

	snprintf(sql, sizeof(sql), "SELECT on_hand_milli FROM lot WHERE id = %lld", lot_id);
	return testdb_query(f->t.db, sql);
}

static int problems(struct db *db)
{
	struct pos_error err;
	int n = -1;

	assert_int_equal(check_run(db, NULL, NULL, &n, &err), 0);
	return n;
}

static const struct stock_doc sale_doc = { "sale", "DN01-01-2026-000001", "", 0, 0 };

static void test_receive(void **state)
{
	struct fx *f = *state;
	struct stock_receipt_line l[2];
	struct stock_grn g;
	struct pos_error err;
	char grn[STOCK_DOC_MAX];
	struct user cashier = { 7, "thu", "Thu", ROLE_CASHIER, 1 };

	memset(l, 0, sizeof(l));
	l[0].product_id = f->mo1;
	l[0].qty_milli = 10000;
	l[0].unit_cost = 120000;
	l[1].product_id = f->tea;
	l[1].qty_milli = 2500;
	l[1].unit_cost = 90000;
	l[1].owner_producer_id = f->consignor;
	l[1].commission_bp = 2000;
	snprintf(l[1].lot_no, sizeof(l[1].lot_no), "  CH2611 ");
	assert_int_equal(stock_receive(f->t.db, NULL, NULL, l, 2, grn, &err), 0);
	assert_string_equal(grn, "DN01-PNK-2026-00001");
	assert_string_equal(l[0].lot_no, "L20261122-1");
	assert_string_equal(l[0].expiry, "2027-11-22");       /* received + 365 days */
	assert_string_equal(l[1].lot_no, "CH2611");           /* trimmed */
	assert_string_equal(l[1].expiry, "2028-05-15");       /* + 540 days */
	assert_int_equal(on_hand(f, f->mo1), 10000);
	assert_int_equal(on_hand(f, f->tea), 2500);

	/* the note for printing */
	assert_int_equal(stock_grn_get(f->t.db, grn, &g, &err), 0);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.received_on, "2026-11-22");
	assert_string_equal(g.lines[0].sku, "MO-1");
	assert_int_equal(g.lines[0].amount, 1200000);
	assert_string_equal(g.lines[1].owner, "HKD-B");
	assert_int_equal(g.lines[1].commission_bp, 2000);
	assert_int_equal(g.lines[1].amount, 225000);
	assert_int_equal(g.total, 1425000);
	stock_grn_release(&g);
	assert_null(g.lines);
	assert_int_equal(stock_grn_get(f->t.db, "DN01-PNK-2026-99999", &g, &err),
			 POS_ERR_NOT_FOUND);

	/* a second receipt the same day: next lot number and GRN */
	memset(l, 0, sizeof(l));
	l[0].product_id = f->mo1;
	l[0].qty_milli = 1000;
	l[0].unit_cost = 120000;
	assert_int_equal(stock_receive(f->t.db, NULL, "2026-11-20", l, 1, grn, &err), 0);
	assert_string_equal(grn, "DN01-PNK-2026-00002");
	assert_string_equal(l[0].lot_no, "L20261120-1");

	/* refusals write nothing, not even a GRN number */
	long long moves = testdb_query(f->t.db, "SELECT count(*) FROM stock_move");
	memset(l, 0, sizeof(l));
	l[0].product_id = f->mo1;
	l[0].qty_milli = 1000;
	l[0].unit_cost = 1000;
	l[1] = l[0];
	snprintf(l[1].expiry, sizeof(l[1].expiry), "2026-11-01");   /* before receipt */
	assert_int_equal(stock_receive(f->t.db, NULL, NULL, l, 2, grn, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "before the receipt date"));
	assert_string_equal(l[0].lot_no, "");                       /* untouched */
	snprintf(l[1].expiry, sizeof(l[1].expiry), "2026-02-30");
	assert_int_equal(stock_receive(f->t.db, NULL, NULL, l, 2, grn, &err), POS_ERR_INVALID);
	l[1].expiry[0] = '\0';
	l[1].qty_milli = 0;
	assert_int_equal(stock_receive(f->t.db, NULL, NULL, l, 2, grn, &err), POS_ERR_INVALID);
	l[1].qty_milli = 1000;
	l[1].commission_bp = 1500;                                   /* owned: no commission */
	assert_int_equal(stock_receive(f->t.db, NULL, NULL, l, 2, grn, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "consigned"));
	l[1].commission_bp = 0;
	l[1].product_id = f->tour;
	assert_int_equal(stock_receive(f->t.db, NULL, NULL, l, 2, grn, &err), POS_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "service"));
	l[1].product_id = 999999;
	assert_int_equal(stock_receive(f->t.db, NULL, NULL, l, 2, grn, &err), POS_ERR_NOT_FOUND);
	assert_int_equal(stock_receive(f->t.db, NULL, "2026-11-23", l, 1, grn, &err),
			 POS_ERR_INVALID);                           /* future */
	assert_int_equal(stock_receive(f->t.db, &cashier, NULL, l, 1, grn, &err), POS_ERR_PERM);
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM stock_move"), moves);
	assert_int_equal(testdb_query(f->t.db, "SELECT last FROM doc_counter WHERE kind = 'grn'"), 2);

	/* the same lot number again: more of it when it agrees, else refused */
	memset(l, 0, sizeof(l));
	l[0].product_id = f->tea;
	l[0].qty_milli = 500;
	l[0].unit_cost = 90000;
	l[0].owner_producer_id = f->consignor;
	l[0].commission_bp = 2000;
	snprintf(l[0].lot_no, sizeof(l[0].lot_no), "CH2611");
	snprintf(l[0].expiry, sizeof(l[0].expiry), "2028-05-15");
	assert_int_equal(stock_receive(f->t.db, NULL, NULL, l, 1, grn, &err), 0);
	assert_int_equal(on_hand(f, f->tea), 3000);
	l[0].unit_cost = 95000;
	assert_int_equal(stock_receive(f->t.db, NULL, NULL, l, 1, grn, &err), POS_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "CH2611"));
	assert_int_equal(problems(f->t.db), 0);
}

static void test_fefo(void **state)
{
	struct fx *f = *state;
	struct stock_alloc *a = NULL;
	struct pos_error err;
	size_t n = 0;
	long long la, lb, lc, ld;

	la = receive(f, f->mo1, 2000, 100000, "A", "2027-01-01", "2026-10-01", 0, 0);
	lb = receive(f, f->mo1, 3000, 110000, "B", "2026-12-01", "2026-11-01", 0, 0);
	ld = receive(f, f->mo1, 1000, 105000, "D", "2026-12-01", "2026-10-15", 0, 0);
	lc = receive(f, f->mo2, 5000, 50000, "C", NULL, NULL, 0, 0);   /* no shelf life: undated */
	assert_int_equal(on_hand(f, f->mo1), 6000);

	/* same expiry: the older receipt first */
	assert_int_equal(stock_take_fefo(f->t.db, f->mo1, 4500, &sale_doc, &a, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(a[0].lot_id, ld);
	assert_int_equal(a[0].qty_milli, 1000);
	assert_int_equal(a[1].lot_id, lb);
	assert_int_equal(a[1].qty_milli, 3000);
	assert_string_equal(a[1].lot_no, "B");
	assert_string_equal(a[1].expiry, "2026-12-01");
	assert_int_equal(a[1].unit_cost, 110000);
	assert_int_equal(a[2].lot_id, la);
	assert_int_equal(a[2].qty_milli, 500);
	assert_int_equal(a[2].owner_producer_id, 0);
	free(a);
	assert_int_equal(lot_qty(f, la), 1500);
	assert_int_equal(lot_qty(f, lb), 0);
	assert_int_equal(on_hand(f, f->mo1), 1500);
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM stock_move WHERE kind = 'sale' "
				     "AND doc = 'DN01-01-2026-000001' AND qty_milli < 0"), 3);

	/* an undated lot comes after every dated one */
	receive(f, f->mo2, 1000, 50000, "E", "2027-06-01", NULL, 0, 0);
	assert_int_equal(stock_take_fefo(f->t.db, f->mo2, 1500, &sale_doc, &a, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(a[0].lot_no, "E");
	assert_int_equal(a[1].lot_id, lc);
	assert_int_equal(a[1].qty_milli, 500);
	free(a);

	/* bad input */
	a = NULL;
	assert_int_equal(stock_take_fefo(f->t.db, f->mo1, 0, &sale_doc, &a, &n, &err),
			 POS_ERR_INVALID);
	assert_int_equal(stock_take_fefo(f->t.db, 999999, 1000, &sale_doc, &a, &n, &err),
			 POS_ERR_NOT_FOUND);
	assert_null(a);
	assert_int_equal(problems(f->t.db), 0);
}

static void test_expired(void **state)
{
	struct fx *f = *state;
	struct stock_alloc *a = NULL;
	struct pos_error err;
	size_t n = 0;
	long long old, fresh;
	long long moves;

	old = receive(f, f->mo1, 5000, 100000, "HSD-CU", "2026-11-21", "2026-01-10", 0, 0);
	moves = testdb_query(f->t.db, "SELECT count(*) FROM stock_move");
	assert_int_equal(stock_take_fefo(f->t.db, f->mo1, 1000, &sale_doc, &a, &n, &err),
			 POS_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "HSD-CU"));
	assert_non_null(strstr(err.msg, "expired"));
	assert_non_null(strstr(err.msg, "2026-11-21"));
	assert_null(a);
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM stock_move"), moves);

	/* expiring today is still sellable; the expired lot is skipped */
	fresh = receive(f, f->mo1, 2000, 100000, "HSD-NAY", "2026-11-22", "2026-11-01", 0, 0);
	assert_int_equal(stock_take_fefo(f->t.db, f->mo1, 2000, &sale_doc, &a, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(a[0].lot_id, fresh);
	free(a);
	a = NULL;
	assert_int_equal(lot_qty(f, old), 5000);
	/* even with oversell allowed, never from the expired lot */
	assert_int_equal(setting_set(f->t.db, "stock.oversell", "allow", &err), 0);
	assert_int_equal(stock_take_fefo(f->t.db, f->mo1, 1000, &sale_doc, &a, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_not_equal(a[0].lot_id, old);
	assert_int_equal(a[0].lot_id, fresh);                 /* the newest unexpired lot */
	free(a);
	assert_int_equal(lot_qty(f, fresh), -1000);
	assert_int_equal(lot_qty(f, old), 5000);
}

static void test_oversell(void **state)
{
	struct fx *f = *state;
	struct stock_alloc *a = NULL;
	struct pos_error err;
	enum stock_oversell p;
	size_t n = 0;
	long long l1, l2, moves;

	assert_int_equal(stock_oversell_get(f->t.db, &p, &err), 0);
	assert_int_equal(p, STOCK_OVERSELL_REFUSE);
	l1 = receive(f, f->mo1, 1000, 100000, "A", "2026-12-01", "2026-11-01", 0, 0);
	l2 = receive(f, f->mo1, 1000, 100000, "B", "2027-12-01", "2026-11-10", 0, 0);
	moves = testdb_query(f->t.db, "SELECT count(*) FROM stock_move");
	assert_int_equal(stock_take_fefo(f->t.db, f->mo1, 3000, &sale_doc, &a, &n, &err),
			 POS_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "2 hũ on hand, 3 wanted"));
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM stock_move"), moves);
	assert_int_equal(on_hand(f, f->mo1), 2000);
	/* an unknown setting value means refuse */
	assert_int_equal(setting_set(f->t.db, "stock.oversell", "maybe", &err), 0);
	assert_int_equal(stock_take_fefo(f->t.db, f->mo1, 3000, &sale_doc, &a, &n, &err),
			 POS_ERR_REFUSED);

	assert_int_equal(stock_oversell_set(f->t.db, NULL, STOCK_OVERSELL_ALLOW, &err), 0);
	assert_int_equal(stock_take_fefo(f->t.db, f->mo1, 3000, &sale_doc, &a, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(a[0].lot_id, l1);
	assert_int_equal(a[0].qty_milli, 1000);
	assert_int_equal(a[1].lot_id, l2);                    /* the newest lot goes negative */
	assert_int_equal(a[1].qty_milli, 2000);
	free(a);
	assert_int_equal(lot_qty(f, l2), -1000);
	assert_int_equal(on_hand(f, f->mo1), -1000);

	/* never received at all: a placeholder lot of the day */
	assert_int_equal(stock_take_fefo(f->t.db, f->mo2, 2000, &sale_doc, &a, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(a[0].lot_no, "NEG-20261122");
	free(a);
	assert_int_equal(on_hand(f, f->mo2), -2000);
	assert_int_equal(problems(f->t.db), 0);
}

/* Two processes each try to sell the last unit at the same moment. */
static int race(struct fx *f, int *ok, int *refused)
{
	int go[2], i, status;
	pid_t pid[2];
	char c = 'x';

	/* no connection crosses fork(): the parent's is closed meanwhile */
	db_close(f->t.db);
	f->t.db = NULL;
	assert_int_equal(pipe(go), 0);
	for (i = 0; i < 2; i++) {
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0) {
			struct stock_alloc *a = NULL;
			struct pos_error err;
			struct db *db;
			size_t n;
			int r;

			close(go[1]);
			if (db_open(f->t.path, 0, &db, &err))
				_exit(3);
			if (read(go[0], &c, 1) != 0)   /* released when the pipe closes */
				_exit(4);
			r = stock_take_fefo(db, f->mo1, 1000, &sale_doc, &a, &n, &err);
			free(a);
			db_close(db);
			_exit(r == 0 ? 0 : r == POS_ERR_REFUSED ? 1 : 2);
		}
	}
	close(go[0]);
	usleep(100000);
	close(go[1]);
	*ok = *refused = 0;
	for (i = 0; i < 2; i++) {
		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		assert_true(WIFEXITED(status));
		if (WEXITSTATUS(status) == 0)
			(*ok)++;
		else if (WEXITSTATUS(status) == 1)
			(*refused)++;
	}
	{
		struct pos_error err;

		if (db_open(f->t.path, 0, &f->t.db, &err))
			fail_msg("db_open: %s", err.msg);
	}
	return 0;
}

static void test_two_tills(void **state)
{
	struct fx *f = *state;
	struct pos_error err;
	int ok, refused, round;

	for (round = 0; round < 3; round++) {
		receive(f, f->mo1, 1000, 100000, NULL, NULL, NULL, 0, 0);
		race(f, &ok, &refused);
		assert_int_equal(ok, 1);
		assert_int_equal(refused, 1);
		assert_int_equal(on_hand(f, f->mo1), 0);
	}
	/* allow: both sell, the stock goes to -1 and says so */
	assert_int_equal(stock_oversell_set(f->t.db, NULL, STOCK_OVERSELL_ALLOW, &err), 0);
	receive(f, f->mo1, 1000, 100000, NULL, NULL, NULL, 0, 0);
	race(f, &ok, &refused);
	assert_int_equal(ok, 2);
	assert_int_equal(on_hand(f, f->mo1), -1000);
	assert_int_equal(problems(f->t.db), 0);
}

static int count_rows_cb(void *ctx, const struct stock_product_row *r)
{
	(void)r;
	(*(int *)ctx)++;
	return 0;
}

struct lotsum {
	int n;
	int64_t qty, value;
	char owner[40];
};

static int lots_cb(void *ctx, const struct stock_lot_row *r)
{
	struct lotsum *s = ctx;

	s->n++;
	s->qty += r->on_hand_milli;
	s->value += r->value;
	snprintf(s->owner, sizeof(s->owner), "%s", r->owner);
	return 0;
}

static void test_consignment(void **state)
{
	struct fx *f = *state;
	struct stock_alloc *a = NULL;
	struct stock_filter flt;
	struct lotsum s;
	struct pos_error err;
	char doc[STOCK_DOC_MAX];
	size_t n = 0;
	long long own, cons;
	int rows;

	own = receive(f, f->tea, 2000, 80000, "SHOP", "2027-03-01", NULL, 0, 0);
	cons = receive(f, f->tea, 5000, 95000, "KG-1", "2027-01-01", NULL, f->consignor, 2000);
	/* FEFO takes the consigned lot first: the line knows owner and commission */
	assert_int_equal(stock_take_fefo(f->t.db, f->tea, 1000, &sale_doc, &a, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(a[0].lot_id, cons);
	assert_int_equal(a[0].owner_producer_id, f->consignor);
	assert_int_equal(a[0].commission_bp, 2000);
	assert_int_equal(a[0].unit_cost, 95000);
	free(a);
	a = NULL;

	/* lists by owner */
	memset(&flt, 0, sizeof(flt));
	snprintf(flt.owner, sizeof(flt.owner), "consigned");
	memset(&s, 0, sizeof(s));
	assert_int_equal(stock_lots(f->t.db, &flt, 0, lots_cb, &s, &err), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.qty, 4000);
	assert_int_equal(s.value, 380000);
	assert_string_equal(s.owner, "HKD-B");
	snprintf(flt.owner, sizeof(flt.owner), "shop");
	memset(&s, 0, sizeof(s));
	assert_int_equal(stock_lots(f->t.db, &flt, 0, lots_cb, &s, &err), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.qty, 2000);
	assert_string_equal(s.owner, "");
	snprintf(flt.owner, sizeof(flt.owner), "HKD-B");
	assert_int_equal(stock_filter_check(f->t.db, &flt, &err), 0);
	rows = 0;
	assert_int_equal(stock_list(f->t.db, &flt, count_rows_cb, &rows, &err), 0);
	assert_int_equal(rows, 1);
	snprintf(flt.owner, sizeof(flt.owner), "NOBODY");
	assert_int_equal(stock_filter_check(f->t.db, &flt, &err), POS_ERR_NOT_FOUND);

	/* the shop's own lot does not go back to a producer */
	assert_int_equal(stock_return_to_producer(f->t.db, NULL, f->consignor, f->tea, "SHOP", 0,
						  &a, &n, doc, &err), POS_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "not consigned"));
	/* more than the producer's lots hold */
	assert_int_equal(stock_return_to_producer(f->t.db, NULL, f->consignor, f->tea, NULL, 4500,
						  &a, &n, doc, &err), POS_ERR_REFUSED);
	assert_null(a);
	/* part, then the rest (an expired consigned lot goes back too) */
	assert_int_equal(stock_return_to_producer(f->t.db, NULL, f->consignor, f->tea, NULL, 1500,
						  &a, &n, doc, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(a[0].lot_id, cons);
	assert_int_equal(strncmp(doc, "RTN-", 4), 0);
	free(a);
	a = NULL;
	assert_int_equal(lot_qty(f, cons), 2500);
	assert_int_equal(stock_return_to_producer(f->t.db, NULL, f->consignor, 0, NULL, 0, &a, &n,
						  doc, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(a[0].qty_milli, 2500);
	free(a);
	a = NULL;
	assert_int_equal(lot_qty(f, cons), 0);
	assert_int_equal(lot_qty(f, own), 2000);
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM stock_move "
				     "WHERE kind = 'return_to_producer'"), 2);
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM audit "
				     "WHERE action = 'stock_return'"), 2);
	assert_int_equal(stock_return_to_producer(f->t.db, NULL, f->consignor, 0, NULL, 0, &a, &n,
						  doc, &err), POS_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "nothing consigned"));
}

static void test_bundle(void **state)
{
	struct fx *f = *state;
	struct stock_bundle_item items[2] = { { 0, 2000 }, { 0, 1000 } }, *got = NULL;
	struct stock_receipt_line l;
	struct stock_alloc *a = NULL;
	struct pos_error err;
	char grn[STOCK_DOC_MAX];
	size_t n = 0;
	int64_t q;

	items[0].component_id = f->mo1;
	items[1].component_id = f->mo2;
	assert_int_equal(stock_bundle_set(f->t.db, NULL, f->gift, items, 2, &err), 0);
	assert_int_equal(stock_bundle_get(f->t.db, f->gift, &got, &n, &err), 0);
	assert_int_equal(n, 2);
	free(got);
	receive(f, f->mo1, 5000, 100000, NULL, NULL, NULL, 0, 0);
	receive(f, f->mo2, 10000, 40000, NULL, NULL, NULL, 0, 0);
	assert_int_equal(stock_on_hand(f->t.db, f->gift, &q, &err), 0);
	assert_int_equal(q, 2000);                            /* 5 jars make 2 packs */
	assert_int_equal(stock_take_fefo(f->t.db, f->gift, 2000, &sale_doc, &a, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(a[0].product_id, f->mo1);
	assert_int_equal(a[0].qty_milli, 4000);
	assert_int_equal(a[1].product_id, f->mo2);
	assert_int_equal(a[1].qty_milli, 2000);
	free(a);
	a = NULL;
	assert_int_equal(on_hand(f, f->mo1), 1000);
	assert_int_equal(on_hand(f, f->mo2), 8000);
	assert_int_equal(stock_on_hand(f->t.db, f->gift, &q, &err), 0);
	assert_int_equal(q, 0);
	/* short on one component: nothing taken from the other either */
	assert_int_equal(stock_take_fefo(f->t.db, f->gift, 1000, &sale_doc, &a, &n, &err),
			 POS_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "MO-1"));
	assert_int_equal(on_hand(f, f->mo2), 8000);

	/* a bundle receives nothing, nests nothing, contains no service */
	memset(&l, 0, sizeof(l));
	l.product_id = f->gift;
	l.qty_milli = 1000;
	assert_int_equal(stock_receive(f->t.db, NULL, NULL, &l, 1, grn, &err), POS_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "bundle"));
	items[0].component_id = f->gift;
	assert_int_equal(stock_bundle_set(f->t.db, NULL, f->tea, items, 1, &err), POS_ERR_REFUSED);
	items[0].component_id = f->tour;
	assert_int_equal(stock_bundle_set(f->t.db, NULL, f->tea, items, 1, &err), POS_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "service"));
	items[0].component_id = f->tea;
	assert_int_equal(stock_bundle_set(f->t.db, NULL, f->mo1, items, 1, &err), POS_ERR_REFUSED);

	/* a service takes nothing */
	assert_int_equal(stock_take_fefo(f->t.db, f->tour, 3000, &sale_doc, &a, &n, &err), 0);
	assert_int_equal(n, 0);
	free(a);
	assert_int_equal(stock_on_hand(f->t.db, f->tour, &q, &err), 0);
	assert_int_equal(q, 0);
	assert_int_equal(problems(f->t.db), 0);
}

static void test_adjust(void **state)
{
	struct fx *f = *state;
	struct audit_entry *e = NULL;
	struct pos_error err;
	enum stock_reason why;
	char doc[STOCK_DOC_MAX];
	size_t n = 0;
	long long la;
	int found = 0;

	assert_int_equal(stock_reason_parse("damaged", &why, &err), 0);
	assert_int_equal(why, STOCK_REASON_DAMAGED);
	assert_int_equal(stock_reason_parse("stolen", &why, &err), POS_ERR_INVALID);
	la = receive(f, f->mo1, 5000, 100000, "A", "2027-01-01", NULL, 0, 0);
	/* the only lot need not be named */
	assert_int_equal(stock_adjust(f->t.db, NULL, f->mo1, NULL, -2000, STOCK_REASON_DAMAGED,
				      "rơi vỡ", doc, &err), 0);
	assert_int_equal(strncmp(doc, "ADJ-", 4), 0);
	assert_int_equal(lot_qty(f, la), 3000);
	assert_int_equal(stock_adjust(f->t.db, NULL, f->mo1, NULL, 1000, STOCK_REASON_LOST, "",
				      doc, &err), POS_ERR_INVALID);
	assert_int_equal(stock_adjust(f->t.db, NULL, f->mo1, "A", -4000, STOCK_REASON_LOST, "",
				      doc, &err), POS_ERR_REFUSED);
	assert_int_equal(stock_adjust(f->t.db, NULL, f->mo1, "ZZ", -1000, STOCK_REASON_LOST, "",
				      doc, &err), POS_ERR_NOT_FOUND);
	assert_int_equal(stock_adjust(f->t.db, NULL, f->mo1, NULL, 0, STOCK_REASON_CORRECTION, "",
				      doc, &err), POS_ERR_INVALID);
	receive(f, f->mo1, 1000, 100000, "B", "2027-02-01", NULL, 0, 0);
	assert_int_equal(stock_adjust(f->t.db, NULL, f->mo1, NULL, -1000, STOCK_REASON_SAMPLE, "",
				      doc, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "A, B"));
	assert_int_equal(stock_adjust(f->t.db, NULL, f->mo1, "B", 500, STOCK_REASON_CORRECTION,
				      "đếm lại", doc, &err), 0);
	assert_int_equal(on_hand(f, f->mo1), 4500);
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM stock_move WHERE kind = 'adjust' "
				     "AND reason IN ('damaged', 'correction') AND doc LIKE 'ADJ-%'"), 2);
	assert_int_equal(audit_list(f->t.db, NULL, NULL, &e, &n, &err), 0);
	for (size_t i = 0; i < n; i++)
		if (strcmp(e[i].action, "stock_adjust") == 0 && strstr(e[i].detail, "rơi vỡ"))
			found = 1;
	free(e);
	assert_true(found);
	assert_int_equal(stock_adjust(f->t.db, NULL, f->tour, NULL, -1000, STOCK_REASON_LOST, "",
				      doc, &err), POS_ERR_REFUSED);
}

struct countsum {
	int entered, missing;
	int64_t variance, value;
};

static int count_cb(void *ctx, const struct stock_count_row *r)
{
	struct countsum *s = ctx;

	if (r->entered)
		s->entered++;
	else
		s->missing++;
	s->variance += r->variance_milli;
	s->value += r->variance_value;
	return 0;
}

static void test_count(void **state)
{
	struct fx *f = *state;
	struct stock_alloc *a = NULL;
	struct stock_count_info info;
	struct stock_filter scope;
	struct countsum s;
	struct pos_error err;
	size_t n;
	long long id, id2, cur, adjusted;
	int64_t value;
	long long la, lb, lt;

	la = receive(f, f->mo1, 6000, 100000, "A", "2026-12-31", NULL, 0, 0);
	lb = receive(f, f->mo1, 4000, 100000, "B", "2027-06-30", NULL, 0, 0);
	lt = receive(f, f->tea, 3000, 80000, "T", NULL, NULL, 0, 0);
	assert_int_equal(stock_count_current(f->t.db, &cur, &err), POS_ERR_NOT_FOUND);

	/* a count of group 1 products made by HTX-A */
	memset(&scope, 0, sizeof(scope));
	snprintf(scope.producer, sizeof(scope.producer), "HTX-A");
	scope.group = 1;
	assert_int_equal(stock_count_start(f->t.db, NULL, &scope, &id, &err), 0);
	assert_int_equal(stock_count_start(f->t.db, NULL, NULL, &id2, &err), POS_ERR_EXISTS);
	assert_int_equal(stock_count_current(f->t.db, &cur, &err), 0);
	assert_int_equal(cur, id);
	/* the tea is made by HKD-B: not in scope */
	assert_int_equal(stock_count_enter(f->t.db, NULL, id, f->tea, NULL, 1000, 0, &err),
			 POS_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "scope"));

	/* 8 jars found for 10 expected: shared latest expiry first (B 4, A 4) */
	assert_int_equal(stock_count_enter(f->t.db, NULL, id, f->mo1, NULL, 8000, 0, &err), 0);
	assert_int_equal(testdb_query(f->t.db, "SELECT counted_milli FROM stock_count_line "
				     "WHERE lot_id = 2"), 4000);
	memset(&s, 0, sizeof(s));
	assert_int_equal(stock_count_lines(f->t.db, id, 1, count_cb, &s, &err), 0);
	assert_int_equal(s.entered, 2);
	assert_int_equal(s.missing, 0);
	assert_int_equal(s.variance, -2000);
	assert_int_equal(s.value, -200000);

	/* selling goes on during the count: 3 jars from lot A */
	assert_int_equal(stock_take_fefo(f->t.db, f->mo1, 3000, &sale_doc, &a, &n, &err), 0);
	free(a);
	assert_int_equal(lot_qty(f, la), 3000);

	/* posting applies the variance against what is there now */
	assert_int_equal(stock_count_post(f->t.db, NULL, id, 0, &adjusted, &value, &err), 0);
	assert_int_equal(adjusted, 1);
	assert_int_equal(value, -200000);
	assert_int_equal(lot_qty(f, la), 1000);                /* 6 - 3 sold - 2 missing */
	assert_int_equal(lot_qty(f, lb), 4000);
	assert_int_equal(lot_qty(f, lt), 3000);                /* out of scope: untouched */
	assert_int_equal(stock_count_get(f->t.db, id, &info, &err), 0);
	assert_string_equal(info.status, "posted");
	assert_non_null(strstr(info.scope, "HTX-A"));
	assert_int_equal(info.lines, 2);
	assert_int_equal(stock_count_post(f->t.db, NULL, id, 0, &adjusted, &value, &err),
			 POS_ERR_REFUSED);
	assert_int_equal(stock_count_enter(f->t.db, NULL, id, f->mo1, NULL, 1000, 0, &err),
			 POS_ERR_REFUSED);

	/* a full count by scanning one by one, a missing lot counted as zero */
	assert_int_equal(stock_count_start(f->t.db, NULL, NULL, &id2, &err), 0);
	assert_int_equal(stock_count_enter(f->t.db, NULL, id2, f->tea, "T", 1000, 1, &err), 0);
	assert_int_equal(stock_count_enter(f->t.db, NULL, id2, f->tea, "T", 1000, 1, &err), 0);
	assert_int_equal(stock_count_enter(f->t.db, NULL, id2, f->tea, NULL, 1000, 1, &err), 0);
	assert_int_equal(testdb_query(f->t.db, "SELECT counted_milli FROM stock_count_line "
				     "WHERE lot_id = 3 AND count_id = 2"), 3000);
	memset(&s, 0, sizeof(s));
	assert_int_equal(stock_count_lines(f->t.db, id2, 1, count_cb, &s, &err), 0);
	assert_int_equal(s.entered, 1);
	assert_int_equal(s.missing, 2);                       /* MO-1 lots A and B */
	assert_int_equal(stock_count_enter(f->t.db, NULL, id2, f->mo1, "ZZ", 1000, 0, &err),
			 POS_ERR_NOT_FOUND);
	assert_int_equal(stock_count_enter(f->t.db, NULL, id2, f->tour, NULL, 1000, 0, &err),
			 POS_ERR_REFUSED);
	assert_int_equal(stock_count_post(f->t.db, NULL, id2, 1, &adjusted, &value, &err), 0);
	assert_int_equal(adjusted, 2);
	assert_int_equal(value, -500000);
	assert_int_equal(on_hand(f, f->mo1), 0);
	assert_int_equal(on_hand(f, f->tea), 3000);
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM stock_move WHERE kind = 'count'"),
			    3);

	/* cancel: nothing changes */
	assert_int_equal(stock_count_start(f->t.db, NULL, NULL, &id, &err), 0);
	assert_int_equal(stock_count_enter(f->t.db, NULL, id, f->tea, NULL, 0, 0, &err), 0);
	assert_int_equal(stock_count_cancel(f->t.db, NULL, id, &err), 0);
	assert_int_equal(on_hand(f, f->tea), 3000);
	assert_int_equal(stock_count_current(f->t.db, &cur, &err), POS_ERR_NOT_FOUND);
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM audit WHERE action LIKE "
				     "'stock_count_%'"), 6);
	assert_int_equal(problems(f->t.db), 0);
}

struct alertsum {
	int kinds[8];
	char lots[256];
};

static int alert_cb(void *ctx, const struct stock_alert *a)
{
	struct alertsum *s = ctx;
	size_t len = strlen(s->lots);

	s->kinds[a->kind]++;
	snprintf(s->lots + len, sizeof(s->lots) - len, "%s:%s:%s ", stock_alert_kind_name(a->kind),
		 a->sku, a->lot_no);
	return 0;
}

static int list_cb(void *ctx, const struct stock_product_row *r)
{
	struct stock_product_row *out = ctx;

	if (strcmp(r->sku, "MO-1") == 0)
		*out = *r;
	return 0;
}

static void test_list_and_alerts(void **state)
{
	struct fx *f = *state;
	struct stock_product_row row;
	struct stock_alloc *a = NULL;
	struct stock_filter flt;
	struct alertsum s;
	struct pos_error err;
	size_t n;
	int rows;

	receive(f, f->mo1, 3000, 100000, "A", "2026-12-10", "2026-10-01", 0, 0);  /* 18 days */
	receive(f, f->mo1, 2500, 110000, "B", "2026-11-20", "2026-10-01", 0, 0);  /* expired */
	receive(f, f->tea, 1000, 80000, "T", "2027-11-01", NULL, f->consignor, 1500);
	assert_int_equal(stock_set_reorder(f->t.db, NULL, f->mo1, 10000, &err), 0);
	assert_int_equal(stock_set_reorder(f->t.db, NULL, f->mo2, 2000, &err), 0);
	assert_int_equal(stock_set_reorder(f->t.db, NULL, f->mo1, -1, &err), POS_ERR_INVALID);
	assert_int_equal(stock_set_reorder(f->t.db, NULL, f->tour, 1000, &err), POS_ERR_REFUSED);

	memset(&row, 0, sizeof(row));
	assert_int_equal(stock_list(f->t.db, NULL, list_cb, &row, &err), 0);
	assert_int_equal(row.on_hand_milli, 5500);
	assert_int_equal(row.value, 575000);
	assert_int_equal(row.reorder_milli, 10000);
	assert_int_equal(row.nlots, 2);
	assert_int_equal(row.consigned_milli, 0);
	rows = 0;
	assert_int_equal(stock_list(f->t.db, NULL, count_rows_cb, &rows, &err), 0);
	assert_int_equal(rows, 3);                             /* MO-1, MO-2 (reorder), CH-1 */
	memset(&flt, 0, sizeof(flt));
	flt.group = 4;
	rows = 0;
	assert_int_equal(stock_list(f->t.db, &flt, count_rows_cb, &rows, &err), 0);
	assert_int_equal(rows, 1);
	memset(&flt, 0, sizeof(flt));
	snprintf(flt.province, sizeof(flt.province), "01");
	rows = 0;
	assert_int_equal(stock_list(f->t.db, &flt, count_rows_cb, &rows, &err), 0);
	assert_int_equal(rows, 0);
	memset(&flt, 0, sizeof(flt));
	flt.stars = 4;
	rows = 0;
	assert_int_equal(stock_list(f->t.db, &flt, count_rows_cb, &rows, &err), 0);
	assert_int_equal(rows, 1);
	flt.stars = 7;
	assert_int_equal(stock_filter_check(f->t.db, &flt, &err), POS_ERR_INVALID);

	/* the tea's certificate lapses in 2027-02-28: inside 120 days */
	memset(&s, 0, sizeof(s));
	assert_int_equal(stock_alerts(f->t.db, NULL, 30, 120, alert_cb, &s, &err), 0);
	assert_int_equal(s.kinds[STOCK_ALERT_LOW], 2);
	assert_int_equal(s.kinds[STOCK_ALERT_EXPIRING], 1);
	assert_int_equal(s.kinds[STOCK_ALERT_EXPIRED], 1);
	assert_int_equal(s.kinds[STOCK_ALERT_CERT], 2);
	assert_int_equal(s.kinds[STOCK_ALERT_NEGATIVE], 0);
	assert_int_equal(s.kinds[STOCK_ALERT_CACHE], 0);
	assert_non_null(strstr(s.lots, "expired:MO-1:B"));
	assert_non_null(strstr(s.lots, "expiring:MO-1:A"));
	memset(&s, 0, sizeof(s));
	assert_int_equal(stock_alerts(f->t.db, NULL, 7, 30, alert_cb, &s, &err), 0);
	assert_int_equal(s.kinds[STOCK_ALERT_EXPIRING], 0);
	assert_int_equal(s.kinds[STOCK_ALERT_CERT], 0);
	assert_int_equal(stock_alerts(f->t.db, NULL, -1, 30, alert_cb, &s, &err), POS_ERR_INVALID);

	/* negative stock */
	assert_int_equal(stock_oversell_set(f->t.db, NULL, STOCK_OVERSELL_ALLOW, &err), 0);
	assert_int_equal(stock_take_fefo(f->t.db, f->mo2, 1000, &sale_doc, &a, &n, &err), 0);
	free(a);
	memset(&s, 0, sizeof(s));
	assert_int_equal(stock_alerts(f->t.db, NULL, 30, 0, alert_cb, &s, &err), 0);
	assert_int_equal(s.kinds[STOCK_ALERT_NEGATIVE], 2);    /* the product and its lot */
	assert_int_equal(problems(f->t.db), 0);

	/* a cache edited behind the ledger's back */
	testdb_exec(f->t.db, "UPDATE lot SET on_hand_milli = on_hand_milli + 7 WHERE lot_no = 'T'");
	testdb_exec(f->t.db, "UPDATE stock_balance SET on_hand_milli = 1 WHERE product_id = 1");
	memset(&s, 0, sizeof(s));
	assert_int_equal(stock_alerts(f->t.db, NULL, 30, 0, alert_cb, &s, &err), 0);
	/* lot T against its ledger rows; CH-1 and MO-1 against their lots */
	assert_int_equal(s.kinds[STOCK_ALERT_CACHE], 3);
	assert_non_null(strstr(s.lots, "inconsistent:CH-1:T"));
	assert_non_null(strstr(s.lots, "inconsistent:CH-1: "));
	assert_non_null(strstr(s.lots, "inconsistent:MO-1: "));
	assert_int_equal(problems(f->t.db), 2);
}

static void test_permissions(void **state)
{
	struct fx *f = *state;
	struct user cashier = { 7, "thu", "Thu", ROLE_CASHIER, 1 };
	struct pos_error err;
	long long id;
	char doc[STOCK_DOC_MAX];

	receive(f, f->mo1, 1000, 1000, NULL, NULL, NULL, 0, 0);
	assert_int_equal(stock_adjust(f->t.db, &cashier, f->mo1, NULL, -1000, STOCK_REASON_LOST,
				      "", doc, &err), POS_ERR_PERM);
	assert_int_equal(stock_count_start(f->t.db, &cashier, NULL, &id, &err), POS_ERR_PERM);
	assert_int_equal(stock_set_reorder(f->t.db, &cashier, f->mo1, 1000, &err), POS_ERR_PERM);
	assert_int_equal(stock_oversell_set(f->t.db, &cashier, STOCK_OVERSELL_ALLOW, &err),
			 POS_ERR_PERM);
	assert_int_equal(on_hand(f, f->mo1), 1000);
}

struct lotdump {
	unsigned long long hash;
	int lots, consigned, owned;
};

static int dump_cb(void *ctx, const struct stock_lot_row *r)
{
	struct lotdump *d = ctx;
	const char *p;

	d->lots++;
	if (r->owner[0])
		d->consigned++;
	else
		d->owned++;
	for (p = r->lot_no; *p; p++)
		d->hash = d->hash * 131 + (unsigned char)*p;
	for (p = r->expiry; *p; p++)
		d->hash = d->hash * 131 + (unsigned char)*p;
	d->hash = d->hash * 131 + (unsigned long long)r->on_hand_milli +
		  (unsigned long long)r->unit_cost * 7 + (unsigned long long)r->commission_bp;
	return 0;
}

/* The demo's stock: all the stories, consistent, the same for a seed. */
static void test_demo_stock(void **state)
{
	struct stock_filter all = { .all = 1 };
	struct demo_options o;
	struct alertsum s;
	struct lotdump d1, d2, d3;
	struct pos_error err;
	struct testdb a, b;
	int i;

	(void)state;
	setenv("OCOP_POS_NOW", TEST_NOW, 1);
	demo_options_init(&o);
	for (i = 0; i < 3; i++) {
		struct testdb *t = i == 1 ? &b : &a;
		struct lotdump *d = i == 0 ? &d1 : i == 1 ? &d2 : &d3;

		if (i < 2)
			testdb_open(t);
		if (i == 2) {
			testdb_close(&a);
			testdb_open(&a);
			o.seed = 7;
		}
		if (demo_generate(t->db, &o, &err))
			fail_msg("demo_generate: %s", err.msg);
		memset(d, 0, sizeof(*d));
		assert_int_equal(stock_lots(t->db, &all, 0, dump_cb, d, &err), 0);
	}
	assert_true(d1.lots > 150);
	assert_true(d1.consigned > 20);
	assert_true(d1.owned > 60);
	assert_true(d1.hash == d2.hash && d1.lots == d2.lots);   /* same seed, same lots */
	assert_true(d1.hash != d3.hash);                         /* another seed */
	memset(&s, 0, sizeof(s));
	assert_int_equal(stock_alerts(b.db, NULL, 30, 60, alert_cb, &s, &err), 0);
	assert_true(s.kinds[STOCK_ALERT_LOW] >= 5);
	assert_true(s.kinds[STOCK_ALERT_EXPIRING] >= 5);
	assert_true(s.kinds[STOCK_ALERT_EXPIRED] >= 3);
	assert_int_equal(s.kinds[STOCK_ALERT_NEGATIVE], 0);
	assert_int_equal(s.kinds[STOCK_ALERT_CACHE], 0);
	assert_true(testdb_query(b.db, "SELECT count(*) FROM stock_move WHERE kind = 'receive' "
			        "AND user_id IS NOT NULL") > 0);                 /* done by the manager */
	assert_int_equal(problems(b.db), 0);
	testdb_close(&a);
	testdb_close(&b);
	unsetenv("OCOP_POS_NOW");
}

/*
 * What the demo hands over does not depend on the day it is made: an
 * ordinary product that sold out or went off in the simulated days is
 * delivered again before the showroom opens, so the products with nothing
 * to sell are the stories' alone, the same on every day.  (Made at 01:00
 * on 8 December 2026, Hanoi time, "Bánh đa Kế" BK-0002 had sold out: the
 * till's tests, which sell it, failed from that hour.)
 */
static void test_demo_sellable_any_day(void **state)
{
	static const char *const days[] = { "2026-12-07T10:00:00Z", "2026-12-07T18:00:00Z",
					    "2026-12-09T23:30:00Z", "2027-03-01T02:00:00Z" };
	struct demo_options o;
	struct pos_error err;
	long long empty[4];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
		char today[CLOCK_DATE_LEN], sql[512];
		struct testdb t;

		setenv("OCOP_POS_NOW", days[i], 1);
		clock_local_date(clock_now(), today);
		testdb_open(&t);
		fx_showroom(t.db, "Showroom OCOP Đà Nẵng", NULL, NULL);
		demo_options_init(&o);
		if (demo_generate(t.db, &o, &err))
			fail_msg("demo_generate on %s: %s", days[i], err.msg);
		assert_true(testdb_query(t.db, "SELECT count(*) FROM sale") > 100);
		snprintf(sql, sizeof(sql),
			 "SELECT count(*) FROM product p WHERE p.is_service = 0 AND p.active = 1 AND NOT EXISTS"
			 " (SELECT 1 FROM lot l WHERE l.product_id = p.id AND l.on_hand_milli > 0"
			 " AND (l.expiry IS NULL OR l.expiry >= '%s'))", today);
		empty[i] = testdb_query(t.db, sql);
		snprintf(sql, sizeof(sql),
			 "SELECT count(*) FROM lot l JOIN product p ON p.id = l.product_id"
			 " WHERE p.sku = 'BK-0002' AND l.on_hand_milli > 0"
			 " AND (l.expiry IS NULL OR l.expiry >= '%s')", today);
		if (testdb_query(t.db, sql) <= 0)
			fail_msg("made on %s: BK-0002 has nothing to sell", days[i]);
		assert_int_equal(problems(t.db), 0);
		testdb_close(&t);
	}
	assert_true(empty[0] > 0);      /* the never-received story */
	for (i = 1; i < sizeof(days) / sizeof(days[0]); i++)
		assert_int_equal(empty[i], empty[0]);
	unsetenv("OCOP_POS_NOW");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_receive, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fefo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expired, setup, teardown),
		cmocka_unit_test_setup_teardown(test_oversell, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_tills, setup, teardown),
		cmocka_unit_test_setup_teardown(test_consignment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bundle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_adjust, setup, teardown),
		cmocka_unit_test_setup_teardown(test_count, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_and_alerts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_permissions, setup, teardown),
		cmocka_unit_test(test_demo_stock),
		cmocka_unit_test(test_demo_sellable_any_day),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
