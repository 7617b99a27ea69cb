/*
 * test_shift.c - shifts and the cash drawer: open (one per register,
 * permissions), cash in/out, the X/Z figures from sales, refunds and voids
 * (written here with SQL so every amount is known), the expected cash,
 * blind closes by denomination with over/short, gapless Z numbers, open
 * carts held at close, the count parser and the audit trail.
 */
#include <sqlite3.h>

#include "testutil.h"
#include "fixture.h"
#include "core/audit.h"
#include "core/shift.h"
#include "core/showroom.h"
#include "core/user.h"

struct fixture {
	struct testdb t;
	struct user admin, cashier, cashier2, manager, auditor;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct pos_error err;

	setenv("OCOP_POS_NOW", "2026-11-22T01:00:00Z", 1);
	testdb_open(&f->t);
	fx_showroom(f->t.db, "Điểm OCOP Đà Nẵng", NULL, NULL);
	assert_int_equal(user_add(f->t.db, NULL, "admin", "", ROLE_ADMIN, "1111", &f->admin, &err),
			 0);
	assert_int_equal(user_add(f->t.db, &f->admin, "thungan", "", ROLE_CASHIER, "1234",
				  &f->cashier, &err), 0);
	assert_int_equal(user_add(f->t.db, &f->admin, "thungan2", "", ROLE_CASHIER, "1234",
				  &f->cashier2, &err), 0);
	assert_int_equal(user_add(f->t.db, &f->admin, "quanly", "", ROLE_MANAGER, "2222",
				  &f->manager, &err), 0);
	assert_int_equal(user_add(f->t.db, &f->admin, "tinh", "", ROLE_AUDITOR, "3333",
				  &f->auditor, &err), 0);
	testdb_exec(f->t.db,
	            "INSERT INTO producer (code, name, name_fold, kind, province, created_at, updated_at) "
	            "VALUES ('HTX', 'HTX Mật ong', 'htx mat ong', 'cooperative', '66', 'x', 'x');"
	            "INSERT INTO product (sku, name, name_fold, unit, producer_id, origin_province, "
	            "ocop_group, stars, price, vat_rate, created_at, updated_at) VALUES "
	            "('MO1', 'Mật ong', 'mat ong', 'chai', 1, '66', 1, 4, 108000, 8, 'x', 'x');");
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

/*
 * A sale, refund or void on shift_id: one line per (rate, amount, vat)
 * and payments "method:amount" (up to 3); returns the sale id.
 */
static long long add_sale(struct db *db, long long shift_id, const char *kind, long long orig,
			  int64_t discount, const int (*lines)[3], int nlines,
			  const char *const *pays, int npays)
{
	static int seq;
	char sql[1024];
	int64_t total = 0, vat = 0;
	long long id;
	int i;

	for (i = 0; i < nlines; i++) {
		total += lines[i][1];
		vat += lines[i][2];
	}
	seq++;
	snprintf(sql, sizeof(sql),
		 "INSERT INTO sale (uuid, kind, receipt_no, showroom, register, seq, "
		 "original_sale_id, shift_id, user_id, at, business_date, gross, discount, total, "
		 "vat) VALUES ('u-%d', '%s', 'DN01-01-2026-%06d', 'DN01', '01', %d, %s, %lld, 2, "
		 "'2026-11-22T01:00:00Z', '2026-11-22', %lld, %lld, %lld, %lld)",
		 seq, kind, seq, seq, orig ? "1" : "NULL", shift_id, (long long)(total + discount),
		 (long long)discount, (long long)total, (long long)vat);
	testdb_exec(db, sql);
	id = testdb_query(db, "SELECT max(id) FROM sale");
	for (i = 0; i < nlines; i++) {
		snprintf(sql, sizeof(sql),
			 "INSERT INTO sale_line (sale_id, line_no, product_id, sku, name, qty_milli, "
			 "list_price, unit_price, amount, vat_rate, vat, business_date) VALUES "
			 "(%lld, %d, 1, 'MO1', 'Mật ong', 1000, %d, %d, %d, %d, %d, '2026-11-22')",
			 id, i + 1, lines[i][1], lines[i][1], lines[i][1], lines[i][0], lines[i][2]);
		testdb_exec(db, sql);
	}
	for (i = 0; i < npays; i++) {
		char method[16];
		long long amount;

		assert_int_equal(sscanf(pays[i], "%15[a-z]:%lld", method, &amount), 2);
		snprintf(sql, sizeof(sql),
			 "INSERT INTO payment (sale_id, method, amount, tendered) VALUES "
			 "(%lld, '%s', %lld, %lld)", id, method, amount, amount);
		testdb_exec(db, sql);
	}
	return id;
}

static void test_open(void **state)
{
	struct fixture *f = *state;
	struct pos_error err;
	struct shift s, cur;

	assert_int_equal(shift_current(f->t.db, "01", &cur, &err), POS_ERR_NOT_FOUND);
	assert_non_null(strstr(err.msg, "shift open"));
	assert_int_equal(shift_open(f->t.db, &f->auditor, "01", 0, &s, &err), POS_ERR_PERM);
	assert_int_equal(shift_open(f->t.db, &f->cashier, "01", -1, &s, &err), POS_ERR_INVALID);
	assert_int_equal(shift_open(f->t.db, &f->cashier, "", 0, &s, &err), POS_ERR_INVALID);
	assert_int_equal(shift_open(f->t.db, &f->cashier, "0'1", 0, &s, &err), POS_ERR_INVALID);
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM shift"), 0);
	assert_int_equal(shift_open(f->t.db, &f->cashier, "01", 500000, &s, &err), 0);
	assert_string_equal(s.register_code, "01");
	assert_int_equal(s.opening_float, 500000);
	assert_int_equal(s.user_id, f->cashier.id);
	assert_string_equal(s.business_date, "2026-11-22");
	assert_string_equal(s.opened_at, "2026-11-22T01:00:00Z");
	assert_false(s.closed);
	/* One open shift per register. */
	assert_int_equal(shift_open(f->t.db, &f->manager, "01", 0, &cur, &err), POS_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "already"));
	assert_int_equal(shift_current(f->t.db, "01", &cur, &err), 0);
	assert_int_equal(cur.id, s.id);
	/* Another register is independent. */
	assert_int_equal(shift_open(f->t.db, &f->cashier2, "02", 0, &cur, &err), 0);
	assert_int_not_equal(cur.id, s.id);
	assert_int_equal(shift_get(f->t.db, s.id, &cur, &err), 0);
	assert_int_equal(cur.opening_float, 500000);
	assert_int_equal(shift_get(f->t.db, 99, &cur, &err), POS_ERR_NOT_FOUND);
	assert_int_equal(shift_last(f->t.db, "02", &cur, &err), 0);
	assert_string_equal(cur.register_code, "02");
	assert_int_equal(shift_last(f->t.db, "03", &cur, &err), POS_ERR_NOT_FOUND);
}

static void test_cash_moves(void **state)
{
	struct fixture *f = *state;
	struct shift_report rep;
	struct pos_error err;
	struct shift s;

	assert_int_equal(shift_cash_move(f->t.db, &f->cashier, "01", 1000, "x", &err),
			 POS_ERR_NOT_FOUND);
	assert_int_equal(shift_open(f->t.db, &f->cashier, "01", 300000, &s, &err), 0);
	assert_int_equal(shift_cash_move(f->t.db, &f->cashier, "01", 200000, "Đổi tiền lẻ", &err),
			 0);
	assert_int_equal(shift_cash_move(f->t.db, &f->cashier, "01", -50000, "Mua nước", &err), 0);
	/* Refused: zero, no reason, more than the drawer holds, an auditor. */
	assert_int_equal(shift_cash_move(f->t.db, &f->cashier, "01", 0, "x", &err),
			 POS_ERR_INVALID);
	assert_int_equal(shift_cash_move(f->t.db, &f->cashier, "01", 1000, "  ", &err),
			 POS_ERR_INVALID);
	assert_int_equal(shift_cash_move(f->t.db, &f->cashier, "01", 1000, NULL, &err),
			 POS_ERR_INVALID);
	assert_int_equal(shift_cash_move(f->t.db, &f->cashier, "01", -450001, "Nộp", &err),
			 POS_ERR_REFUSED);
	/* the close is blind: a cashier is not told what the drawer should hold ... */
	assert_null(strstr(err.msg, "450.000"));
	assert_false(shift_may_see_expected(&f->cashier));
	/* ... a manager is */
	assert_true(shift_may_see_expected(&f->manager));
	assert_int_equal(shift_cash_move(f->t.db, &f->manager, "01", -450001, "Nộp", &err),
			 POS_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "450.000"));
	assert_int_equal(shift_cash_move(f->t.db, &f->auditor, "01", 1000, "x", &err),
			 POS_ERR_PERM);
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM cash_move"), 2);
	assert_int_equal(shift_report(f->t.db, s.id, &rep, &err), 0);
	assert_int_equal(rep.cash_in, 200000);
	assert_int_equal(rep.cash_out, 50000);
	assert_int_equal(rep.expected_cash, 450000);
	/* All of it may go out. */
	assert_int_equal(shift_cash_move(f->t.db, &f->cashier, "01", -450000, "Nộp ngân hàng",
					 &err), 0);
	assert_int_equal(shift_report(f->t.db, s.id, &rep, &err), 0);
	assert_int_equal(rep.expected_cash, 0);
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM audit WHERE action IN "
				     "('cash_in', 'cash_out') AND doc = 'shift 1'"), 3);
}

static void test_report_figures(void **state)
{
	struct fixture *f = *state;
	static const int l1[][3] = { { 8, 108000, 8000 }, { 10, 55000, 5000 } };
	static const int l2[][3] = { { -1, 50000, 0 } };
	static const int l3[][3] = { { 10, 55000, 5000 } };
	static const int l4[][3] = { { 5, 21000, 1000 } };
	static const char *const p1[] = { "cash:100000", "qr:63000" };
	static const char *const p2[] = { "cash:50000" };
	static const char *const p3[] = { "cash:55000" };
	static const char *const p4[] = { "card:21000" };
	struct shift_report rep;
	struct pos_error err;
	struct shift s, other;

	assert_int_equal(shift_open(f->t.db, &f->cashier, "01", 500000, &s, &err), 0);
	assert_int_equal(shift_open(f->t.db, &f->cashier2, "02", 100000, &other, &err), 0);
	add_sale(f->t.db, s.id, "sale", 0, 20000, l1, 2, p1, 2);      /* 163.000 */
	add_sale(f->t.db, s.id, "sale", 0, 0, l2, 1, p2, 1);          /* 50.000 KCT */
	add_sale(f->t.db, s.id, "refund", 1, 0, l3, 1, p3, 1);        /* -55.000 cash */
	add_sale(f->t.db, s.id, "sale", 0, 0, l4, 1, p4, 1);          /* 21.000 card */
	add_sale(f->t.db, s.id, "void", 1, 0, l4, 1, p4, 1);          /* -21.000 card */
	add_sale(f->t.db, other.id, "sale", 0, 0, l2, 1, p2, 1);      /* another register */
	assert_int_equal(shift_cash_move(f->t.db, &f->cashier, "01", 100000, "Đổi tiền", &err), 0);
	assert_int_equal(shift_cash_move(f->t.db, &f->cashier, "01", -30000, "Mua đá", &err), 0);

	assert_int_equal(shift_report(f->t.db, s.id, &rep, &err), 0);
	assert_int_equal(rep.shift.id, s.id);
	assert_int_equal(rep.sales_count, 3);
	assert_int_equal(rep.sales_total, 163000 + 50000 + 21000);
	assert_int_equal(rep.refunds_count, 1);
	assert_int_equal(rep.refunds_total, 55000);
	assert_int_equal(rep.voids_count, 1);
	assert_int_equal(rep.voids_total, 21000);
	assert_int_equal(rep.discounts, 20000);
	assert_int_equal(rep.by_method[0], 100000 + 50000 - 55000);
	assert_int_equal(rep.by_method[1], 63000);
	assert_int_equal(rep.by_method[2], 0);
	assert_int_equal(rep.by_method[3], 0);
	/* VAT per rate: 0 %, 5 %, 8 %, 10 %, KCT. */
	assert_int_equal(rep.vat_by_rate[0], 0);
	assert_int_equal(rep.vat_by_rate[1], 0);
	assert_int_equal(rep.vat_by_rate[2], 8000);
	assert_int_equal(rep.vat_by_rate[3], 0);
	assert_int_equal(rep.vat_by_rate[4], 0);
	assert_int_equal(rep.amount_by_rate[2], 108000);
	assert_int_equal(rep.amount_by_rate[3], 0);
	assert_int_equal(rep.amount_by_rate[4], 50000);
	assert_int_equal(rep.amount_by_rate[1], 0);
	assert_int_equal(rep.cash_in, 100000);
	assert_int_equal(rep.cash_out, 30000);
	/* float + cash sales - cash refunds + in - out */
	assert_int_equal(rep.expected_cash, 500000 + 150000 - 55000 + 100000 - 30000);
	/* The net by method adds up to the net sales. */
	assert_int_equal(rep.by_method[0] + rep.by_method[1] + rep.by_method[2] + rep.by_method[3],
			 rep.sales_total - rep.refunds_total - rep.voids_total);

	assert_int_equal(shift_report(f->t.db, other.id, &rep, &err), 0);
	assert_int_equal(rep.sales_count, 1);
	assert_int_equal(rep.expected_cash, 150000);
	assert_int_equal(shift_report(f->t.db, 999, &rep, &err), POS_ERR_NOT_FOUND);
}

static void test_close(void **state)
{
	struct fixture *f = *state;
	static const int l1[][3] = { { 8, 108000, 8000 } };
	static const char *const p1[] = { "cash:108000" };
	static const int64_t denoms[] = { 500000, 100000, 5000, 2000, 1000 };
	static const int64_t counts[] = { 1, 1, 1, 1, 1 };
	struct shift_report rep;
	struct pos_error err;
	struct shift s, s2;

	assert_int_equal(shift_close(f->t.db, &f->cashier, "01", NULL, NULL, 0, 0, &rep, &err),
			 POS_ERR_NOT_FOUND);
	assert_int_equal(shift_open(f->t.db, &f->cashier, "01", 500000, &s, &err), 0);
	add_sale(f->t.db, s.id, "sale", 0, 0, l1, 1, p1, 1);
	/* Carts: one open on this register, one held, one open elsewhere. */
	testdb_exec(f->t.db, "INSERT INTO cart (uuid, register, status, label, data, updated_at) VALUES "
		             "('c1', '01', 'open', '', '{}', 'x'), ('c2', '01', 'held', 'khách A', '{}', 'x'),"
		             "('c3', '02', 'open', '', '{}', 'x')");
	/* Another cashier may not close it; an auditor neither; bad counts refused. */
	assert_int_equal(shift_close(f->t.db, &f->cashier2, "01", NULL, NULL, 0, 0, &rep, &err),
			 POS_ERR_PERM);
	assert_non_null(strstr(err.msg, "thungan"));
	assert_int_equal(shift_close(f->t.db, &f->auditor, "01", NULL, NULL, 0, 0, &rep, &err),
			 POS_ERR_PERM);
	{
		static const int64_t bad_d[] = { 300000 };
		static const int64_t bad_c[] = { 1 };
		static const int64_t neg_c[] = { -1 };

		assert_int_equal(shift_close(f->t.db, &f->cashier, "01", bad_d, bad_c, 1, 0, &rep,
					     &err), POS_ERR_INVALID);
		assert_int_equal(shift_close(f->t.db, &f->cashier, "01", denoms, neg_c, 1, 0, &rep,
					     &err), POS_ERR_INVALID);
		assert_int_equal(shift_close(f->t.db, &f->cashier, "01", NULL, NULL, 0, -1, &rep,
					     &err), POS_ERR_INVALID);
	}
	assert_int_equal(shift_current(f->t.db, "01", &s2, &err), 0);
	/* Counted 608.000 against 608.000 expected... minus nothing: 500k+108k. */
	assert_int_equal(shift_close(f->t.db, &f->cashier, "01", denoms, counts, 5, 0, &rep, &err),
			 0);
	assert_true(rep.shift.closed);
	assert_int_equal(rep.shift.counted_cash, 608000);
	assert_int_equal(rep.shift.expected_cash, 608000);
	assert_int_equal(rep.expected_cash, 608000);
	assert_int_equal(rep.shift.over_short, 0);
	assert_string_equal(rep.shift.z_no, "DN01-01-Z2026-000001");
	assert_string_equal(rep.shift.counts, "500000x1,100000x1,5000x1,2000x1,1000x1");
	assert_int_equal(rep.shift.closed_by, f->cashier.id);
	assert_string_equal(rep.shift.closed_at, "2026-11-22T01:00:00Z");
	assert_int_equal(rep.sales_count, 1);
	/* The register's open cart is held under the Z number; the others are untouched. */
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM cart WHERE uuid = 'c1' AND "
				     "status = 'held' AND label = 'DN01-01-Z2026-000001'"), 1);
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM cart WHERE uuid = 'c2' AND "
				     "status = 'held' AND label = 'khách A'"), 1);
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM cart WHERE uuid = 'c3' AND "
				     "status = 'open'"), 1);
	/* Closed: no current shift, no second close, no cash move. */
	assert_int_equal(shift_current(f->t.db, "01", &s2, &err), POS_ERR_NOT_FOUND);
	assert_int_equal(shift_close(f->t.db, &f->cashier, "01", NULL, NULL, 0, 0, &rep, &err),
			 POS_ERR_NOT_FOUND);
	assert_int_equal(shift_cash_move(f->t.db, &f->cashier, "01", 1000, "x", &err),
			 POS_ERR_NOT_FOUND);
	assert_int_equal(shift_get(f->t.db, s.id, &s2, &err), 0);
	assert_true(s2.closed);
	assert_int_equal(s2.over_short, 0);

	/* Next shift: a manager closes a cashier's shift, short by 8.000; Z is 2. */
	setenv("OCOP_POS_NOW", "2026-11-22T09:00:00Z", 1);
	assert_int_equal(shift_open(f->t.db, &f->cashier2, "01", 200000, &s2, &err), 0);
	assert_int_equal(shift_cash_move(f->t.db, &f->cashier2, "01", -10000, "Mua túi", &err), 0);
	assert_int_equal(shift_close(f->t.db, &f->manager, "01", NULL, NULL, 0, 182000, &rep, &err),
			 0);
	assert_int_equal(rep.shift.expected_cash, 190000);
	assert_int_equal(rep.shift.counted_cash, 182000);
	assert_int_equal(rep.shift.over_short, -8000);
	assert_string_equal(rep.shift.z_no, "DN01-01-Z2026-000002");
	assert_string_equal(rep.shift.counts, "");
	assert_int_equal(rep.shift.closed_by, f->manager.id);
	/* Another register numbers on its own; a new year starts again at 1. */
	assert_int_equal(shift_close(f->t.db, &f->cashier, "02", NULL, NULL, 0, 0, &rep, &err),
			 POS_ERR_NOT_FOUND);
	setenv("OCOP_POS_NOW", "2026-12-31T17:30:00Z", 1);     /* 2027-01-01 local */
	assert_int_equal(shift_open(f->t.db, &f->cashier, "01", 0, &s2, &err), 0);
	assert_string_equal(s2.business_date, "2027-01-01");
	assert_int_equal(shift_close(f->t.db, &f->cashier, "01", NULL, NULL, 0, 0, &rep, &err), 0);
	assert_string_equal(rep.shift.z_no, "DN01-01-Z2027-000001");
	/* Audited, with the figures. */
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM audit WHERE action = 'shift_close'"),
			    3);
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM audit WHERE action = 'shift_close' "
				     "AND doc = 'DN01-01-Z2026-000002' AND detail LIKE '%over_short=-8000%'"),
			    1);
	{
		struct shift *v;
		size_t n;

		assert_int_equal(shift_list(f->t.db, "01", &v, &n, &err), 0);
		assert_int_equal(n, 3);
		assert_true(v[0].closed && v[1].closed && v[2].closed);
		free(v);
	}
}

static void test_count_parse(void **state)
{
	int64_t d[8], c[8];
	struct pos_error err;
	size_t n = 99;

	(void)state;
	assert_int_equal(shift_count_parse("500000x2,200000x1, 10000X5;500.000*1", d, c, 8, &n,
					   &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(d[0], 500000);
	assert_int_equal(c[0], 3);
	assert_int_equal(d[1], 200000);
	assert_int_equal(c[1], 1);
	assert_int_equal(d[2], 10000);
	assert_int_equal(c[2], 5);
	n = 99;
	assert_int_equal(shift_count_parse("300000x1", d, c, 8, &n, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "300000"));
	assert_int_equal(n, 99);
	assert_int_equal(shift_count_parse("500000", d, c, 8, &n, &err), POS_ERR_INVALID);
	assert_int_equal(shift_count_parse("500000x", d, c, 8, &n, &err), POS_ERR_INVALID);
	assert_int_equal(shift_count_parse("500000x-1", d, c, 8, &n, &err), POS_ERR_INVALID);
	assert_int_equal(shift_count_parse("abcx1", d, c, 8, &n, &err), POS_ERR_INVALID);
	assert_int_equal(shift_count_parse("", d, c, 8, &n, &err), POS_ERR_INVALID);
	assert_int_equal(shift_count_parse(NULL, d, c, 8, &n, &err), POS_ERR_INVALID);
	assert_int_equal(shift_count_parse("500000x1,200000x1", d, c, 1, &n, &err),
			 POS_ERR_INVALID);
	assert_int_equal(n, 99);
	assert_true(shift_denom_valid(200));
	assert_false(shift_denom_valid(300));
	assert_false(shift_denom_valid(0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cash_moves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_figures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_close, setup, teardown),
		cmocka_unit_test(test_count_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
