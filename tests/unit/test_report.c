/*
 * test_report.c - sales reports, commercialization and consignment on a
 * small hand-computed dataset (known answers), reconciliation of every
 * report with the sale lines it came from, the summary tables against
 * the lines, statements (create, overlap, paid once), books and the XLSX
 * workbook (unzipped and its sheet XML read).
 *
 * The dataset, inserted with SQL as sale_complete() would write it:
 *   producers HTX-A (cooperative, women-led, 66), DN-B (enterprise, 01),
 *             HKD-C (household, ethnic-minority-led, 14)
 *   products  P1 HTX-A 4★ group 1, P2 DN-B 3★ group 2, P3 HKD-C 5★ group 4,
 *             P4 HTX-A 3★ (never sold)
 *   lots      L1 of P1 (shop's, cost 60,000), L2 of P2 (DN-B consigned,
 *             20 % commission), L3 of P3 (HKD-C consigned, no commission,
 *             agreed price 50,000)
 *   S5 2025-03-10 sale  P1 x1 100,000 (vat 7,407, cost 60,000)
 *   S1 2026-03-05 sale  P1 x2 200,000 (14,815, 120,000) + P2 x1 150,000
 *                       (13,636, commission 30,000)
 *   S2 2026-03-20 sale  P1 x1 90,000 (6,667, 60,000) + P3 x3 240,000 (0, 150,000)
 *   S3 2026-03-21 refund of S1 line 1: P1 x1 100,000 (7,407, 60,000)
 *   S4 2026-04-02 sale  P2 x2 300,000 (27,273, commission 60,000)
 *   moves: L2 +10, L3 +5 received 2026-03-01; the sales' moves; L3 -1 given
 *          back to HKD-C on 2026-03-25.
 * March 2026: P1 2 units, 190,000 (vat 14,075, cost 120,000, 2 sales, 1
 * return of 100,000); P2 150,000; P3 240,000; total 580,000.
 */
#include <sqlite3.h>
#include <sys/stat.h>

#include "testutil.h"
#include "core/catalog.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/producer.h"
#include "core/report.h"
#include "core/showroom.h"
#include "core/user.h"
#include "core/xlsx.h"

struct fx {
	struct testdb t;
	struct user admin, cashier;
	long long p[5], lot[4], s1;
};

static long long add_producer(struct db *db, const char *code, const char *name,
			      enum producer_kind kind, const char *prov, int women, int ethnic)
{
	struct producer p;
	struct pos_error err;

	producer_init(&p);
	snprintf(p.code, sizeof(p.code), "%s", code);
	snprintf(p.name, sizeof(p.name), "%s", name);
	snprintf(p.province, sizeof(p.province), "%s", prov);
	p.kind = kind;
	p.women_led = women;
	p.ethnic_minority_led = ethnic;
	if (producer_save(db, &p, NULL, &err))
		fail_msg("producer_save: %s", err.msg);
	return p.id;
}

static long long add_product(struct db *db, const char *sku, const char *name,
			     const char *producer, const char *origin, int group, int stars,
			     int vat)
{
	struct product p;
	struct pos_error err;

	product_init(&p);
	snprintf(p.sku, sizeof(p.sku), "%s", sku);
	snprintf(p.name, sizeof(p.name), "%s", name);
	snprintf(p.producer, sizeof(p.producer), "%s", producer);
	snprintf(p.origin_province, sizeof(p.origin_province), "%s", origin);
	snprintf(p.cert_number, sizeof(p.cert_number), "12/QĐ-UBND");
	snprintf(p.cert_issued, sizeof(p.cert_issued), "2024-06-01");
	p.ocop_group = group;
	p.stars = stars;
	p.price = 100000;
	p.vat_rate = vat;
	if (catalog_save(db, &p, "test", NULL, &err))
		fail_msg("catalog_save %s: %s", sku, err.msg);
	return p.id;
}

static long long add_lot(struct db *db, long long product, const char *lot_no, long long cost,
			 long long owner, int bp)
{
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(db_handle(db),
		"INSERT INTO lot (product_id, lot_no, received_on, unit_cost, owner_producer_id,"
		" commission_bp, created_at) VALUES (?1, ?2, '2026-03-01', ?3, ?4, ?5,"
		" '2026-03-01T01:00:00Z')", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, product);
	sqlite3_bind_text(st, 2, lot_no, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, cost);
	if (owner)
		sqlite3_bind_int64(st, 4, owner);
	sqlite3_bind_int(st, 5, bp);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	return sqlite3_last_insert_rowid(db_handle(db));
}

/* A sale document of showroom sr. */
static long long add_sale_sr(struct db *db, const char *sr, const char *uuid, const char *kind,
			     const char *no, const char *date, long long original, long long total,
			     long long vat)
{
	sqlite3_stmt *st;
	char at[32];

	snprintf(at, sizeof(at), "%sT03:00:00Z", date);
	assert_int_equal(sqlite3_prepare_v2(db_handle(db),
		"INSERT INTO sale (uuid, kind, receipt_no, showroom, register, seq, original_sale_id,"
		" at, business_date, gross, total, vat) VALUES (?1, ?2, ?3, ?9, '01', 1, ?4, ?5,"
		" ?6, ?7, ?7, ?8)", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 9, sr, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, no, -1, SQLITE_STATIC);
	if (original)
		sqlite3_bind_int64(st, 4, original);
	sqlite3_bind_text(st, 5, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, date, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, total);
	sqlite3_bind_int64(st, 8, vat);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	return sqlite3_last_insert_rowid(db_handle(db));
}

static long long add_sale(struct db *db, const char *uuid, const char *kind, const char *no,
			  const char *date, long long original, long long total, long long vat)
{
	return add_sale_sr(db, "DN01", uuid, kind, no, date, original, total, vat);
}

/* A line with its one lot and its stock move (sign by the sale's kind). */
static long long add_line(struct db *db, long long sale, int line_no, long long product,
			  int stars, long long qty, long long amount, long long vat, long long cost,
			  long long commission, const char *date, long long lot, long long lot_cost,
			  long long owner, int bp, const char *kind)
{
	sqlite3_stmt *st;
	long long id;

	assert_int_equal(sqlite3_prepare_v2(db_handle(db),
		"INSERT INTO sale_line (sale_id, line_no, product_id, sku, name, stars, qty_milli,"
		" list_price, unit_price, amount, vat_rate, vat, cost, commission, business_date)"
		" SELECT ?1, ?2, id, sku, name, ?3, ?4, price, price, ?5, vat_rate, ?6, ?7, ?8, ?9"
		" FROM product WHERE id = ?10", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, sale);
	sqlite3_bind_int(st, 2, line_no);
	sqlite3_bind_int(st, 3, stars);
	sqlite3_bind_int64(st, 4, qty * 1000);
	sqlite3_bind_int64(st, 5, amount);
	sqlite3_bind_int64(st, 6, vat);
	sqlite3_bind_int64(st, 7, cost);
	sqlite3_bind_int64(st, 8, commission);
	sqlite3_bind_text(st, 9, date, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 10, product);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	id = sqlite3_last_insert_rowid(db_handle(db));
	assert_int_equal(sqlite3_prepare_v2(db_handle(db),
		"INSERT INTO sale_line_lot (sale_line_id, lot_id, qty_milli, unit_cost,"
		" owner_producer_id, commission_bp) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", -1, &st, NULL),
		SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, lot);
	sqlite3_bind_int64(st, 3, qty * 1000);
	sqlite3_bind_int64(st, 4, lot_cost);
	if (owner)
		sqlite3_bind_int64(st, 5, owner);
	sqlite3_bind_int(st, 6, bp);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(db_handle(db),
		"INSERT INTO stock_move (lot_id, product_id, qty_milli, kind, sale_line_id, at,"
		" business_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6 || 'T03:00:00Z', ?6)", -1, &st, NULL),
		SQLITE_OK);
	sqlite3_bind_int64(st, 1, lot);
	sqlite3_bind_int64(st, 2, product);
	sqlite3_bind_int64(st, 3, strcmp(kind, "sale") ? qty * 1000 : -qty * 1000);
	sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, id);
	sqlite3_bind_text(st, 6, date, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	return id;
}

static void add_move(struct db *db, long long lot, long long product, long long qty,
		     const char *kind, const char *date)
{
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(db_handle(db),
		"INSERT INTO stock_move (lot_id, product_id, qty_milli, kind, at, business_date)"
		" VALUES (?1, ?2, ?3, ?4, ?5 || 'T03:00:00Z', ?5)", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, lot);
	sqlite3_bind_int64(st, 2, product);
	sqlite3_bind_int64(st, 3, qty * 1000);
	sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, date, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct showroom s;
	struct pos_error err;
	long long a, b, c, s1, s2, s3, s4, s5, l1;

	setenv("OCOP_POS_NOW", "2026-04-15T03:00:00Z", 1);
	i18n_set_lang("en", NULL);
	testdb_open(&f->t);
	showroom_init_struct(&s);
	snprintf(s.code, sizeof(s.code), "DN01");
	snprintf(s.name, sizeof(s.name), "Điểm OCOP Đà Nẵng");
	snprintf(s.province, sizeof(s.province), "48");
	if (showroom_create(f->t.db, &s, &err))
		fail_msg("showroom: %s", err.msg);
	if (user_add(f->t.db, NULL, "admin", "", ROLE_ADMIN, "1111", &f->admin, &err) ||
	    user_add(f->t.db, &f->admin, "thu", "", ROLE_CASHIER, "1234", &f->cashier, &err))
		fail_msg("user_add: %s", err.msg);
	a = add_producer(f->t.db, "HTX-A", "HTX Mật ong Mèo Vạc", PRODUCER_COOPERATIVE, "66", 1, 0);
	b = add_producer(f->t.db, "DN-B", "Công ty Cà phê Hà Nội", PRODUCER_ENTERPRISE, "01", 0, 0);
	c = add_producer(f->t.db, "HKD-C", "Hộ Thào Thị Dính", PRODUCER_HOUSEHOLD, "14", 0, 1);
	f->p[1] = add_product(f->t.db, "P1", "Mật ong bạc hà 500 ml", "HTX-A", "66", 1, 4, 8);
	f->p[2] = add_product(f->t.db, "P2", "Cà phê rang xay 250 g", "DN-B", "01", 2, 3, 10);
	f->p[3] = add_product(f->t.db, "P3", "Khăn thổ cẩm", "HKD-C", "14", 4, 5, 0);
	f->p[4] = add_product(f->t.db, "P4", "Mật ong rừng", "HTX-A", "66", 1, 3, 8);
	f->lot[1] = add_lot(f->t.db, f->p[1], "L1", 60000, 0, 0);
	f->lot[2] = add_lot(f->t.db, f->p[2], "L2", 0, b, 2000);
	f->lot[3] = add_lot(f->t.db, f->p[3], "L3", 50000, c, 0);
	add_move(f->t.db, f->lot[1], f->p[1], 20, "receive", "2025-01-01");
	add_move(f->t.db, f->lot[2], f->p[2], 10, "receive", "2026-03-01");
	add_move(f->t.db, f->lot[3], f->p[3], 5, "receive", "2026-03-01");
	(void)a;
	s5 = add_sale(f->t.db, "00000000-0000-4000-8000-000000000005", "sale", "DN01-01-2025-000001",
		      "2025-03-10", 0, 100000, 7407);
	add_line(f->t.db, s5, 1, f->p[1], 4, 1, 100000, 7407, 60000, 0, "2025-03-10", f->lot[1],
		 60000, 0, 0, "sale");
	s1 = add_sale(f->t.db, "00000000-0000-4000-8000-000000000001", "sale", "DN01-01-2026-000001",
		      "2026-03-05", 0, 350000, 28451);
	l1 = add_line(f->t.db, s1, 1, f->p[1], 4, 2, 200000, 14815, 120000, 0, "2026-03-05",
		      f->lot[1], 60000, 0, 0, "sale");
	add_line(f->t.db, s1, 2, f->p[2], 3, 1, 150000, 13636, 0, 30000, "2026-03-05", f->lot[2], 0,
		 b, 2000, "sale");
	s2 = add_sale(f->t.db, "00000000-0000-4000-8000-000000000002", "sale", "DN01-01-2026-000002",
		      "2026-03-20", 0, 330000, 6667);
	add_line(f->t.db, s2, 1, f->p[1], 4, 1, 90000, 6667, 60000, 0, "2026-03-20", f->lot[1], 60000,
		 0, 0, "sale");
	add_line(f->t.db, s2, 2, f->p[3], 5, 3, 240000, 0, 150000, 0, "2026-03-20", f->lot[3], 50000,
		 c, 0, "sale");
	s3 = add_sale(f->t.db, "00000000-0000-4000-8000-000000000003", "refund", "DN01-01-2026-R000001",
		      "2026-03-21", s1, 100000, 7407);
	add_line(f->t.db, s3, 1, f->p[1], 4, 1, 100000, 7407, 60000, 0, "2026-03-21", f->lot[1], 60000,
		 0, 0, "refund");
	s4 = add_sale(f->t.db, "00000000-0000-4000-8000-000000000004", "sale", "DN01-01-2026-000003",
		      "2026-04-02", 0, 300000, 27273);
	add_line(f->t.db, s4, 1, f->p[2], 3, 2, 300000, 27273, 0, 60000, "2026-04-02", f->lot[2], 0,
		 b, 2000, "sale");
	add_move(f->t.db, f->lot[3], f->p[3], -1, "return_to_producer", "2026-03-25");
	(void)l1;
	f->s1 = s1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	testdb_close(&f->t);
	free(f);
	return 0;
}

static void period(struct report_filter *rf, const char *from, const char *to)
{
	report_filter_init(rf);
	snprintf(rf->from, sizeof(rf->from), "%s", from);
	snprintf(rf->to, sizeof(rf->to), "%s", to);
}

static const struct report_row *row_of(const struct report *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->rows[i].key, key) == 0)
			return &r->rows[i];
	fail_msg("no row %s", key);
	return NULL;
}

static long long q1(struct db *db, const char *sql, const char *from, const char *to)
{
	sqlite3_stmt *st;
	long long v = 0;

	assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
	if (from)
		sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
	if (to)
		sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void test_products_known_answers(void **state)
{
	struct fx *f = *state;
	struct report_filter rf;
	struct report *r;
	struct pos_error err;
	const struct report_row *p1, *p2, *p3;

	period(&rf, "2026-03-01", "2026-03-31");
	assert_int_equal(report_sales(f->t.db, REPORT_PRODUCTS, &rf, &r, &err), 0);
	assert_int_equal(r->n, 3);
	/* by revenue: P3 240,000, P1 190,000, P2 150,000 */
	assert_string_equal(r->rows[0].key, "P3");
	assert_string_equal(r->rows[1].key, "P1");
	assert_string_equal(r->rows[2].key, "P2");
	p1 = row_of(r, "P1");
	assert_string_equal(p1->label, "Mật ong bạc hà 500 ml");
	assert_string_equal(p1->producer, "HTX-A");
	assert_int_equal(p1->m.qty_milli, 2000);
	assert_int_equal(p1->m.amount, 190000);
	assert_int_equal(p1->m.vat, 14075);
	assert_int_equal(report_net(&p1->m), 175925);
	assert_int_equal(p1->m.cost, 120000);
	assert_int_equal(report_margin(&p1->m), 55925);
	assert_int_equal(p1->m.sales, 2);
	assert_int_equal(p1->m.returns, 1);
	assert_int_equal(p1->m.returned_milli, 1000);
	assert_int_equal(p1->m.returned_amount, 100000);
	p2 = row_of(r, "P2");
	assert_int_equal(p2->m.amount, 150000);
	assert_int_equal(p2->m.commission, 30000);
	p3 = row_of(r, "P3");
	assert_int_equal(p3->m.qty_milli, 3000);
	assert_int_equal(p3->m.cost, 150000);
	assert_int_equal(r->total.m.amount, 580000);
	assert_int_equal(r->total.m.vat, 27711);
	assert_int_equal(r->total.m.cost, 270000);
	assert_int_equal(r->total.m.sales, 4);
	assert_int_equal(r->total.products, 3);
	assert_int_equal(r->total.producers, 3);
	report_free(r);

	/* sorted by quantity, then by margin */
	rf.sort = REPORT_SORT_QTY;
	assert_int_equal(report_sales(f->t.db, REPORT_PRODUCTS, &rf, &r, &err), 0);
	assert_string_equal(r->rows[0].key, "P3");
	assert_string_equal(r->rows[1].key, "P1");
	report_free(r);
	rf.sort = REPORT_SORT_MARGIN;      /* P2 136,364; P3 90,000; P1 55,925 */
	assert_int_equal(report_sales(f->t.db, REPORT_PRODUCTS, &rf, &r, &err), 0);
	assert_string_equal(r->rows[0].key, "P2");
	assert_string_equal(r->rows[2].key, "P1");
	report_free(r);

	/* partial months at both ends: 15 March to 10 April */
	period(&rf, "2026-03-15", "2026-04-10");
	assert_int_equal(report_sales(f->t.db, REPORT_PRODUCTS, &rf, &r, &err), 0);
	assert_int_equal(row_of(r, "P1")->m.amount, -10000);
	assert_int_equal(row_of(r, "P2")->m.amount, 300000);
	assert_int_equal(row_of(r, "P3")->m.amount, 240000);
	assert_int_equal(r->total.m.amount, 530000);
	report_free(r);
}

static void test_filters(void **state)
{
	struct fx *f = *state;
	struct report_filter rf;
	struct report *r;
	struct pos_error err;

	period(&rf, "2026-03-01", "2026-03-31");
	snprintf(rf.owner, sizeof(rf.owner), "shop");
	assert_int_equal(report_sales(f->t.db, REPORT_PRODUCTS, &rf, &r, &err), 0);
	assert_int_equal(r->n, 1);
	assert_int_equal(r->total.m.amount, 190000);
	assert_int_equal(r->total.m.vat, 14075);
	assert_int_equal(r->total.m.sales, 2);
	assert_int_equal(r->total.m.returns, 1);
	report_free(r);
	snprintf(rf.owner, sizeof(rf.owner), "consigned");
	assert_int_equal(report_sales(f->t.db, REPORT_PRODUCTS, &rf, &r, &err), 0);
	assert_int_equal(r->total.m.amount, 390000);
	report_free(r);
	snprintf(rf.owner, sizeof(rf.owner), "DN-B");
	assert_int_equal(report_sales(f->t.db, REPORT_PRODUCTS, &rf, &r, &err), 0);
	assert_int_equal(r->total.m.amount, 150000);
	assert_int_equal(r->total.m.commission, 30000);
	report_free(r);
	snprintf(rf.owner, sizeof(rf.owner), "NOPE");
	assert_int_equal(report_sales(f->t.db, REPORT_PRODUCTS, &rf, &r, &err), POS_ERR_NOT_FOUND);
	assert_non_null(strstr(err.msg, "NOPE"));
	rf.owner[0] = '\0';

	rf.kind = PRODUCER_HOUSEHOLD;
	assert_int_equal(report_sales(f->t.db, REPORT_PRODUCTS, &rf, &r, &err), 0);
	assert_int_equal(r->n, 1);
	assert_string_equal(r->rows[0].key, "P3");
	report_free(r);
	rf.kind = -1;
	snprintf(rf.province, sizeof(rf.province), "01");
	assert_int_equal(report_sales(f->t.db, REPORT_PRODUCTS, &rf, &r, &err), 0);
	assert_int_equal(r->total.m.amount, 150000);
	report_free(r);
	rf.province[0] = '\0';
	rf.group = 1;
	assert_int_equal(report_sales(f->t.db, REPORT_PRODUCTS, &rf, &r, &err), 0);
	assert_int_equal(r->total.m.amount, 190000);
	report_free(r);
	rf.group = 0;
	rf.stars = 5;
	assert_int_equal(report_sales(f->t.db, REPORT_PRODUCTS, &rf, &r, &err), 0);
	assert_int_equal(r->total.m.amount, 240000);
	report_free(r);
	rf.stars = 0;
	snprintf(rf.producer, sizeof(rf.producer), "HTX-A");
	assert_int_equal(report_sales(f->t.db, REPORT_PRODUCTS, &rf, &r, &err), 0);
	assert_int_equal(r->total.m.amount, 190000);
	report_free(r);
	rf.producer[0] = '\0';
	snprintf(rf.showroom, sizeof(rf.showroom), "HN01");
	assert_int_equal(report_sales(f->t.db, REPORT_PRODUCTS, &rf, &r, &err), 0);
	assert_int_equal(r->n, 0);
	assert_int_equal(r->total.m.amount, 0);
	report_free(r);

	/* bad filters */
	period(&rf, "2026-03-31", "2026-03-01");
	assert_int_equal(report_sales(f->t.db, REPORT_PRODUCTS, &rf, &r, &err), POS_ERR_INVALID);
	period(&rf, "2026-02-30", "2026-03-01");
	assert_int_equal(report_sales(f->t.db, REPORT_PRODUCTS, &rf, &r, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "2026-02-30"));
	period(&rf, "2026-03-01", "2026-03-31");
	rf.stars = 2;
	assert_int_equal(report_sales(f->t.db, REPORT_PRODUCTS, &rf, &r, &err), POS_ERR_INVALID);
}

static void test_rollups_and_shares(void **state)
{
	struct fx *f = *state;
	struct report_filter rf;
	struct report *r;
	struct pos_error err;
	const struct report_row *row;

	period(&rf, "2026-03-01", "2026-03-31");
	assert_int_equal(report_sales(f->t.db, REPORT_PROVINCES, &rf, &r, &err), 0);
	assert_int_equal(r->n, 3);
	assert_int_equal(row_of(r, "66")->m.amount, 190000);
	assert_int_equal(row_of(r, "01")->m.amount, 150000);
	assert_string_equal(row_of(r, "14")->label, "Sơn La");
	assert_int_equal(r->total.by_kind[PRODUCER_COOPERATIVE], 190000);
	assert_int_equal(r->total.by_kind[PRODUCER_ENTERPRISE], 150000);
	assert_int_equal(r->total.by_kind[PRODUCER_HOUSEHOLD], 240000);
	assert_int_equal(r->total.women_led_amount, 190000);
	assert_int_equal(r->total.ethnic_amount, 240000);
	assert_int_equal(r->total.stars_products[0], 1);
	assert_int_equal(r->total.stars_products[1], 1);
	assert_int_equal(r->total.stars_products[2], 1);
	assert_int_equal(r->total.stars_amount[2], 240000);
	report_free(r);

	assert_int_equal(report_sales(f->t.db, REPORT_PRODUCERS, &rf, &r, &err), 0);
	row = row_of(r, "HKD-C");
	assert_int_equal(row->kind, PRODUCER_HOUSEHOLD);
	assert_int_equal(row->ethnic_minority_led, 1);
	assert_int_equal(row->products, 1);
	assert_int_equal(row_of(r, "HTX-A")->women_led, 1);
	report_free(r);

	assert_int_equal(report_sales(f->t.db, REPORT_GROUPS, &rf, &r, &err), 0);
	assert_int_equal(row_of(r, "1")->m.amount, 190000);
	assert_string_equal(row_of(r, "1")->label, "Food");
	assert_int_equal(row_of(r, "4")->m.amount, 240000);
	assert_string_equal(r->rows[0].key, "1");          /* by key */
	report_free(r);

	assert_int_equal(report_sales(f->t.db, REPORT_STARS, &rf, &r, &err), 0);
	assert_int_equal(row_of(r, "4")->m.amount, 190000);
	assert_string_equal(row_of(r, "5")->label, "★★★★★");
	report_free(r);

	assert_int_equal(report_sales(f->t.db, REPORT_DAILY, &rf, &r, &err), 0);
	assert_int_equal(r->n, 3);
	assert_string_equal(r->rows[0].key, "2026-03-05");
	assert_int_equal(r->rows[0].m.amount, 350000);
	assert_int_equal(row_of(r, "2026-03-21")->m.amount, -100000);
	report_free(r);

	assert_int_equal(report_sales(f->t.db, REPORT_WEEKLY, &rf, &r, &err), 0);
	assert_int_equal(r->n, 2);
	assert_int_equal(row_of(r, "2026-W10")->m.amount, 350000);
	assert_int_equal(row_of(r, "2026-W12")->m.amount, 230000);
	report_free(r);

	period(&rf, "2025-01-01", "2026-04-30");
	assert_int_equal(report_sales(f->t.db, REPORT_MONTHLY, &rf, &r, &err), 0);
	assert_int_equal(r->n, 3);
	assert_int_equal(row_of(r, "2025-03")->m.amount, 100000);
	assert_int_equal(row_of(r, "2026-03")->m.amount, 580000);
	assert_int_equal(row_of(r, "2026-04")->m.amount, 300000);
	assert_int_equal(r->total.m.amount, 980000);
	report_free(r);
}

/* Every grouping, filtered or not, sums back to the lines (and rows to the total). */
static void test_reconciliation(void **state)
{
	static const char *const periods[][2] = {
		{ "2026-03-01", "2026-03-31" }, { "2026-03-15", "2026-04-10" },
		{ "2025-01-01", "2026-12-31" }, { "2026-03-21", "2026-03-21" },
	};
	static const char *const owners[] = { "", "shop", "consigned" };
	struct fx *f = *state;
	struct pos_error err;
	size_t p, o;
	int g;

	assert_int_equal(report_check_summary(f->t.db, &err), 0);
	for (p = 0; p < 4; p++) {
		long long amount = q1(f->t.db, "SELECT coalesce(sum(iif(s.kind = 'sale', sl.amount,"
				      " -sl.amount)), 0) FROM sale_line sl JOIN sale s ON s.id = sl.sale_id"
				      " WHERE sl.business_date BETWEEN ?1 AND ?2", periods[p][0],
				      periods[p][1]);
		long long vat = q1(f->t.db, "SELECT coalesce(sum(iif(s.kind = 'sale', sl.vat, -sl.vat)),"
				   " 0) FROM sale_line sl JOIN sale s ON s.id = sl.sale_id"
				   " WHERE sl.business_date BETWEEN ?1 AND ?2", periods[p][0],
				   periods[p][1]);

		long long parts = 0;

		for (o = 0; o < 3; o++) {
			for (g = 0; g < REPORT_GROUP_COUNT; g++) {
				struct report_filter rf;
				struct report *r;
				struct report_measures sum;
				size_t i;

				period(&rf, periods[p][0], periods[p][1]);
				snprintf(rf.owner, sizeof(rf.owner), "%s", owners[o]);
				assert_int_equal(report_sales(f->t.db, (enum report_group)g, &rf, &r, &err), 0);
				memset(&sum, 0, sizeof(sum));
				for (i = 0; i < r->n; i++) {
					sum.amount += r->rows[i].m.amount;
					sum.vat += r->rows[i].m.vat;
					sum.cost += r->rows[i].m.cost;
					sum.qty_milli += r->rows[i].m.qty_milli;
				}
				assert_int_equal(sum.amount, r->total.m.amount);
				assert_int_equal(sum.vat, r->total.m.vat);
				assert_int_equal(sum.cost, r->total.m.cost);
				assert_int_equal(sum.qty_milli, r->total.m.qty_milli);
				if (o == 0) {
					assert_int_equal(r->total.m.amount, amount);
					assert_int_equal(r->total.m.vat, vat);
				} else if (g == 0) {
					parts += r->total.m.amount;
				}
				report_free(r);
			}
		}
		/* shop + consigned = everything */
		assert_int_equal(amount, parts);
	}
}

static void test_commercialization(void **state)
{
	struct fx *f = *state;
	struct report_filter rf;
	struct report_com *c;
	struct pos_error err;
	size_t i;

	/* an upgrade of P2 recorded in March */
	setenv("OCOP_POS_NOW", "2026-03-10T03:00:00Z", 1);
	{
		struct product p;

		assert_int_equal(catalog_get(f->t.db, "P2", &p, &err), 0);
		p.stars = 4;
		snprintf(p.cert_number, sizeof(p.cert_number), "99/QĐ-UBND");
		snprintf(p.cert_issued, sizeof(p.cert_issued), "2026-03-10");
		p.cert_expires[0] = '\0';
		assert_int_equal(catalog_save(f->t.db, &p, "test", NULL, &err), 0);
	}
	setenv("OCOP_POS_NOW", "2026-04-15T03:00:00Z", 1);
	period(&rf, "2026-03-01", "2026-03-31");
	assert_int_equal(report_commercialization(f->t.db, &rf, &c, &err), 0);
	assert_int_equal(c->n, 4);
	assert_int_equal(c->no_sales, 1);
	/* the product without sales comes first */
	assert_string_equal(c->rows[0].sku, "P4");
	assert_int_equal(c->rows[0].no_sales, 1);
	assert_string_equal(c->rows[0].first_sale, "");
	for (i = 0; i < c->n; i++)
		if (!strcmp(c->rows[i].sku, "P1"))
			break;
	assert_true(i < c->n);
	assert_int_equal(c->rows[i].cur.amount, 190000);
	assert_int_equal(c->rows[i].prev.amount, 100000);
	assert_int_equal(c->rows[i].has_growth, 1);
	assert_int_equal(c->rows[i].growth_bp, 9000);
	assert_string_equal(c->rows[i].first_sale, "2025-03-10");
	assert_string_equal(c->rows[i].last_sale, "2026-03-20");
	assert_int_equal(c->rows[i].months, 1);
	assert_int_equal(c->rows[i].showrooms, 1);
	assert_string_equal(c->rows[i].cert_issued, "2024-06-01");
	assert_string_equal(c->prev_from, "2025-03-01");
	assert_int_equal(c->cur.amount, 580000);
	assert_int_equal(c->nupgrades, 1);
	assert_string_equal(c->upgrades[0].sku, "P2");
	assert_int_equal(c->upgrades[0].from_stars, 3);
	assert_int_equal(c->upgrades[0].to_stars, 4);
	assert_string_equal(c->upgrades[0].date, "2026-03-10");
	report_com_free(c);

	/* current stars filter: only P2 (now 4★) and P1 */
	rf.stars = 4;
	assert_int_equal(report_commercialization(f->t.db, &rf, &c, &err), 0);
	assert_int_equal(c->n, 2);
	assert_int_equal(c->no_sales, 0);
	report_com_free(c);
}

static void test_consignment(void **state)
{
	struct fx *f = *state;
	struct report_filter rf;
	struct report_consign *c;
	struct report_statement s, s2;
	struct report_statement *list;
	struct pos_error err;
	char unit[32];
	size_t n;

	period(&rf, "2026-03-01", "2026-03-31");
	assert_int_equal(report_consignment(f->t.db, &rf, &c, &err), 0);
	assert_int_equal(c->n, 2);
	assert_string_equal(c->producers[0].code, "DN-B");
	assert_int_equal(c->producers[0].nlots, 1);
	assert_int_equal(c->producers[0].lots[0].sold_milli, 1000);
	assert_int_equal(c->producers[0].lots[0].gross, 150000);
	assert_int_equal(c->producers[0].lots[0].commission, 30000);
	assert_int_equal(c->producers[0].lots[0].payable, 120000);
	assert_int_equal(c->producers[0].lots[0].unsold_milli, 9000);
	assert_string_equal(c->producers[1].code, "HKD-C");
	assert_int_equal(c->producers[1].lots[0].sold_milli, 3000);
	assert_int_equal(c->producers[1].lots[0].gross, 240000);
	assert_int_equal(c->producers[1].lots[0].commission, 90000);   /* 240,000 - 3 x 50,000 */
	assert_int_equal(c->producers[1].lots[0].payable, 150000);
	assert_int_equal(c->producers[1].lots[0].returned_milli, 1000);
	assert_int_equal(c->producers[1].lots[0].unsold_milli, 1000);
	assert_int_equal(c->total.payable, 270000);
	snprintf(unit, sizeof(unit), "%s", c->producers[0].lots[0].unit);
	assert_true(unit[0] != '\0');
	report_consign_free(c);

	/* a statement: needs the right, refuses overlaps, is paid once */
	assert_int_equal(report_statement_create(f->t.db, &f->cashier, "DN-B", "2026-03-01",
						 "2026-03-31", NULL, &err), POS_ERR_PERM);
	assert_int_equal(report_statement_create(f->t.db, &f->admin, "DN-B", "2026-03-01",
						 "2026-03-31", &s, &err), 0);
	assert_int_equal(s.gross, 150000);
	assert_int_equal(s.commission, 30000);
	assert_int_equal(s.payable, 120000);
	assert_int_equal(s.nlines, 1);
	assert_string_equal(s.lines[0].lot_no, "L2");
	/* the statement's lines name the unit (the printed statement shows it) */
	assert_string_equal(s.lines[0].unit, unit);
	assert_int_equal(strlen(s.lines[0].received_on), 10);
	assert_string_equal(s.producer_name, "Công ty Cà phê Hà Nội");
	assert_string_equal(s.created_by, "admin");
	assert_int_equal(s.paid, 0);
	assert_int_equal(report_statement_create(f->t.db, &f->admin, "DN-B", "2026-03-15",
						 "2026-04-30", NULL, &err), POS_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "already covers"));
	assert_int_equal(report_statement_create(f->t.db, &f->admin, "HTX-A", "2026-03-01",
						 "2026-03-31", NULL, &err), POS_ERR_REFUSED);
	assert_int_equal(report_statement_paid(f->t.db, &f->admin, s.id, "", &err), POS_ERR_INVALID);
	assert_int_equal(report_statement_paid(f->t.db, &f->admin, s.id, "UNC 123", &err), 0);
	assert_int_equal(report_statement_paid(f->t.db, &f->admin, s.id, "UNC 124", &err),
			 POS_ERR_REFUSED);
	assert_int_equal(report_statement_get(f->t.db, s.id, &s2, &err), 0);
	assert_int_equal(s2.paid, 1);
	assert_string_equal(s2.paid_reference, "UNC 123");
	assert_string_equal(s2.paid_by, "admin");
	report_statement_release(&s2);
	assert_int_equal(report_statement_get(f->t.db, 999, &s2, &err), POS_ERR_NOT_FOUND);
	assert_int_equal(report_statement_list(f->t.db, "DN-B", NULL, NULL, &list, &n, &err), 0);
	assert_int_equal(n, 1);
	free(list);
	/* recorded in the audit log */
	assert_int_equal(q1(f->t.db, "SELECT count(*) FROM audit WHERE action IN"
			    " ('consign_statement', 'consign_paid')", NULL, NULL), 2);
	report_statement_release(&s);
	/* April: the next statement */
	assert_int_equal(report_statement_create(f->t.db, NULL, "DN-B", "2026-04-01", "2026-04-30",
						 &s, &err), 0);
	assert_int_equal(s.gross, 300000);
	assert_int_equal(s.payable, 240000);
	report_statement_release(&s);
}

static const struct report_table *table_of(const struct report_book *b, const char *key)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (!strcmp(b->tables[i].key, key))
			return &b->tables[i];
	fail_msg("no table %s", key);
	return NULL;
}

/* Output of a shell command (unzip) as a malloc'd string. */
static char *run_cmd(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	char *buf = calloc(1, 1 << 20);
	size_t n;

	assert_non_null(p);
	n = fread(buf, 1, (1 << 20) - 1, p);
	buf[n] = '\0';
	assert_int_equal(pclose(p), 0);
	return buf;
}

static void test_books_and_xlsx(void **state)
{
	struct fx *f = *state;
	struct report_filter rf;
	struct report_book *b;
	const struct report_table *t;
	struct pos_error err;
	char path[200], cmd[400];
	char *xml;
	struct stat sb;

	period(&rf, "2026-03-01", "2026-03-31");
	assert_int_equal(report_book_all(f->t.db, REPORT_PROVINCES, &rf, &b, &err), 0);
	assert_string_equal(b->tables[0].key, "provinces");
	t = table_of(b, "products");
	assert_true(t->has_total);
	assert_int_equal(t->nrows, 4);
	assert_int_equal(t->cols[6].kind, RCOL_MONEY);
	assert_int_equal(t->cells[0 * t->ncols + 6].num, 240000);      /* P3's revenue */
	assert_int_equal(t->cells[3 * t->ncols + 6].num, 580000);      /* the total */
	t = table_of(b, "programme");
	assert_string_equal(t->cells[3 * t->ncols].text, "Households");
	assert_int_equal(t->cells[3 * t->ncols + 3].num, 240000);
	assert_int_equal(t->cells[3 * t->ncols + 4].num, 4138);        /* 240/580 = 41.38 % */
	table_of(b, "monthly");

	testdb_path(&f->t, "r.xlsx", path, sizeof(path));
	assert_int_equal(xlsx_write(b, path, &err), 0);
	assert_int_equal(stat(path, &sb), 0);
	report_book_free(b);
	/* the sheets and the chart sheet are there */
	snprintf(cmd, sizeof(cmd), "unzip -l '%s'", path);
	xml = run_cmd(cmd);
	assert_non_null(strstr(xml, "xl/worksheets/sheet7.xml"));
	assert_non_null(strstr(xml, "xl/chartsheets/sheet1.xml"));
	assert_non_null(strstr(xml, "xl/charts/chart1.xml"));
	free(xml);
	/* typed numbers: the provinces sheet holds 190000 as a number */
	snprintf(cmd, sizeof(cmd), "unzip -p '%s' xl/worksheets/sheet1.xml", path);
	xml = run_cmd(cmd);
	assert_non_null(strstr(xml, "<v>190000</v>"));
	assert_non_null(strstr(xml, "<v>580000</v>"));
	assert_non_null(strstr(xml, "<autoFilter"));
	free(xml);
	/* constant-memory mode: the strings are inline in the sheets */
	snprintf(cmd, sizeof(cmd), "unzip -p '%s' 'xl/worksheets/sheet*.xml'", path);
	xml = run_cmd(cmd);
	assert_non_null(strstr(xml, "t=\"inlineStr\""));
	assert_non_null(strstr(xml, "Sơn La"));
	assert_non_null(strstr(xml, "Mật ong bạc hà 500 ml"));
	free(xml);
	snprintf(cmd, sizeof(cmd), "unzip -p '%s' xl/styles.xml", path);
	xml = run_cmd(cmd);
	assert_non_null(strstr(xml, "₫"));
	free(xml);
	snprintf(cmd, sizeof(cmd), "unzip -p '%s' xl/workbook.xml", path);
	xml = run_cmd(cmd);
	assert_non_null(strstr(xml, "Sales by province of origin"));
	assert_non_null(strstr(xml, "Chart"));
	free(xml);

	/* the same workbook streamed report by report (constant memory): the
	 * same sheets, cell for cell, and the rows of every report */
	{
		char path2[200], *xml2;
		size_t sheets = 0;

		testdb_path(&f->t, "r2.xlsx", path2, sizeof(path2));
		assert_int_equal(xlsx_write_sales(f->t.db, REPORT_PROVINCES, &rf, path2, &sheets,
						  &err), 0);
		assert_int_equal(sheets, 8);          /* 7 tables and the chart */
		snprintf(cmd, sizeof(cmd), "unzip -l '%s'", path2);
		xml = run_cmd(cmd);
		assert_non_null(strstr(xml, "xl/worksheets/sheet7.xml"));
		assert_null(strstr(xml, "xl/worksheets/sheet8.xml"));
		assert_non_null(strstr(xml, "xl/chartsheets/sheet1.xml"));
		free(xml);
		snprintf(cmd, sizeof(cmd), "unzip -p '%s' 'xl/worksheets/sheet*.xml' xl/workbook.xml"
			 " xl/styles.xml 'xl/charts/*.xml'", path);
		xml = run_cmd(cmd);
		snprintf(cmd, sizeof(cmd), "unzip -p '%s' 'xl/worksheets/sheet*.xml' xl/workbook.xml"
			 " xl/styles.xml 'xl/charts/*.xml'", path2);
		xml2 = run_cmd(cmd);
		assert_string_equal(xml, xml2);
		free(xml);
		free(xml2);
		/* the products sheet (the third): the title, the period and the
		 * header (rows 1, 2 and 4), the 3 products and the total */
		snprintf(cmd, sizeof(cmd), "unzip -p '%s' xl/worksheets/sheet3.xml | grep -o '<row ' |"
			 " wc -l", path2);
		xml = run_cmd(cmd);
		assert_int_equal(atoi(xml), 3 + 3 + 1);
		free(xml);
		snprintf(cmd, sizeof(cmd), "unzip -p '%s' xl/worksheets/sheet3.xml", path2);
		xml = run_cmd(cmd);
		assert_non_null(strstr(xml, "Mật ong bạc hà 500 ml"));
		assert_non_null(strstr(xml, "<v>240000</v>"));
		assert_non_null(strstr(xml, "<v>580000</v>"));
		free(xml);
		unlink(path2);
	}

	/* a folder that does not exist */
	assert_int_equal(report_book_all(f->t.db, REPORT_PRODUCTS, &rf, &b, &err), 0);
	assert_int_equal(xlsx_write(b, "/nonexistent/dir/r.xlsx", &err), POS_ERR_IO);
	report_book_free(b);
	assert_int_equal(stat("/nonexistent/dir/r.xlsx.tmp", &sb), -1);
	assert_int_equal(xlsx_write_sales(f->t.db, REPORT_PRODUCTS, &rf, "/nonexistent/dir/r.xlsx",
					  NULL, &err), POS_ERR_IO);
	assert_int_equal(stat("/nonexistent/dir/r.xlsx.tmp", &sb), -1);
}

static void test_summary_check(void **state)
{
	struct fx *f = *state;
	struct pos_error err;

	assert_int_equal(report_check_summary(f->t.db, &err), 0);
	/* a summary row out of step is found */
	testdb_exec(f->t.db, "UPDATE sale_day SET amount = amount + 1 WHERE business_date = '2026-03-20'"
		             " AND product_id = (SELECT id FROM product WHERE sku = 'P3')");
	assert_int_equal(report_check_summary(f->t.db, &err), POS_ERR_CORRUPT);
	assert_non_null(strstr(err.msg, "2026-03-20"));
}

/*
 * Many products (issue 16): 300 more products over 6 producers, 240 of
 * them sold over two months, so the reports take their large-catalogue
 * paths (the catalogue scanned once instead of looked up per product,
 * labels read in one scan, bitmaps for the distinct counts).  Every row
 * is checked against SQL over the lines.
 */
static void test_many_products(void **state)
{
	static const char *const groups[] = { "products", "producers", "provinces", "daily" };
	struct fx *f = *state;
	struct report_filter rf;
	struct pos_error err;
	char code[16], sku[16], name[64], uuid[48], no[32], date[11], sr[8];
	long long ids[300], sale;
	size_t g, i;
	int k;

	/* raw rows of a generator, not a till: the clock guard (issue 12) is
	 * for documents a till writes, dated by its own clock */
	assert_int_equal(sqlite3_exec(db_handle(f->t.db),
				      "DROP TRIGGER clock_sale_behind; DROP TRIGGER clock_sale_day;",
				      NULL, NULL, NULL), SQLITE_OK);
	for (k = 0; k < 6; k++) {
		snprintf(code, sizeof(code), "NSX-%d", k);
		add_producer(f->t.db, code, "Chủ thể OCOP", (enum producer_kind)(k % 4),
			     k % 2 ? "01" : "66", k % 3 == 0, k % 5 == 0);
	}
	for (k = 0; k < 300; k++) {
		snprintf(sku, sizeof(sku), "M%03d", k);
		snprintf(name, sizeof(name), "Sản phẩm số %d", k);
		snprintf(code, sizeof(code), "NSX-%d", k % 6);
		ids[k] = add_product(f->t.db, sku, name, code, k % 3 ? "66" : "01", 1 + k % 6,
				     3 + k % 3, 8);
	}
	for (k = 0; k < 240 * 3; k++) {
		int p = k % 240;

		snprintf(uuid, sizeof(uuid), "10000000-0000-4000-8000-%012d", k);
		snprintf(no, sizeof(no), "DN01-01-2026-M%05d", k);
		/* in time order: a till's clock never runs back (issue 12) */
		snprintf(date, sizeof(date), "2026-0%d-%02d", 1 + k / 360, 1 + (k % 360) / 13);
		/* 70 showrooms (a hub's): past the 64 a word per row holds */
		snprintf(sr, sizeof(sr), "S%02d", k % 70);
		sale = add_sale_sr(f->t.db, sr, uuid, "sale", no, date, 0, 1000 + k, 0);
		add_line(f->t.db, sale, 1, ids[p], 3 + (k / 240) % 3, 1 + k % 3, 1000 + k, 0, 500, 0,
			 date, f->lot[1], 500, 0, 0, "sale");
	}
	period(&rf, "2026-01-01", "2026-02-28");
	for (g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
		enum report_group grp;
		struct report *r;

		assert_int_equal(report_group_parse(groups[g], &grp, &err), 0);
		assert_int_equal(report_sales(f->t.db, grp, &rf, &r, &err), 0);
		assert_int_equal(r->total.m.amount,
				 q1(f->t.db, "SELECT sum(amount) FROM sale_line"
				       " WHERE business_date BETWEEN ?1 AND ?2", rf.from, rf.to));
		assert_int_equal(r->total.products,
				 q1(f->t.db, "SELECT count(DISTINCT product_id) FROM sale_line"
				       " WHERE business_date BETWEEN ?1 AND ?2", rf.from, rf.to));
		assert_int_equal(r->total.producers,
				 q1(f->t.db, "SELECT count(DISTINCT p.producer_id) FROM sale_line sl"
				       " JOIN product p ON p.id = sl.product_id"
				       " WHERE sl.business_date BETWEEN ?1 AND ?2", rf.from, rf.to));
		assert_int_equal(r->total.stars_products[1],
				 q1(f->t.db, "SELECT count(DISTINCT product_id) FROM sale_line"
				       " WHERE stars = 4 AND business_date BETWEEN ?1 AND ?2",
				       rf.from, rf.to));
		assert_int_equal(r->total.showrooms, 70);
		assert_int_equal(r->total.showrooms,
				 q1(f->t.db, "SELECT count(DISTINCT s.showroom) FROM sale_line sl"
				       " JOIN sale s ON s.id = sl.sale_id"
				       " WHERE sl.business_date BETWEEN ?1 AND ?2", rf.from, rf.to));
		for (i = 0; i < r->n; i++) {
			const struct report_row *row = &r->rows[i];
			char sql[512];

			/* showrooms per row, from a word and past 64 from pairs */
			if (grp == REPORT_PRODUCTS || grp == REPORT_PRODUCERS ||
			    grp == REPORT_PROVINCES) {
				snprintf(sql, sizeof(sql), "SELECT count(DISTINCT s.showroom)"
					 " FROM sale_line sl JOIN sale s ON s.id = sl.sale_id"
					 " JOIN product p ON p.id = sl.product_id"
					 " JOIN producer pr ON pr.id = p.producer_id WHERE %s = '%s'"
					 " AND sl.business_date BETWEEN ?1 AND ?2",
					 grp == REPORT_PRODUCTS ? "p.sku" : grp == REPORT_PRODUCERS ?
					 "pr.code" : "p.origin_province", row->key);
				assert_int_equal(row->showrooms, q1(f->t.db, sql, rf.from, rf.to));
			}

			if (grp == REPORT_PRODUCTS) {
				snprintf(sql, sizeof(sql), "SELECT sum(sl.amount) * 1000000 + count(DISTINCT"
					 " sl.stars) * 1000 + (p.name = '%s') FROM sale_line sl"
					 " JOIN product p ON p.id = sl.product_id WHERE p.sku = '%s'"
					 " AND sl.business_date BETWEEN ?1 AND ?2", row->label, row->key);
				assert_int_equal(row->m.amount * 1000000 +
						 (row->stars_products[0] + row->stars_products[1] +
						  row->stars_products[2]) * 1000 + 1,
						 q1(f->t.db, sql, rf.from, rf.to));
				assert_int_equal(row->products, 1);
				assert_int_equal(row->producers, 1);
			} else if (grp == REPORT_PRODUCERS) {
				snprintf(sql, sizeof(sql), "SELECT sum(sl.amount) * 1000 + count(DISTINCT"
					 " sl.product_id) FROM sale_line sl JOIN product p ON p.id ="
					 " sl.product_id JOIN producer pr ON pr.id = p.producer_id"
					 " WHERE pr.code = '%s' AND sl.business_date BETWEEN ?1 AND ?2",
					 row->key);
				assert_int_equal(row->m.amount * 1000 + row->products,
						 q1(f->t.db, sql, rf.from, rf.to));
			} else if (grp == REPORT_PROVINCES) {
				snprintf(sql, sizeof(sql), "SELECT sum(sl.amount) * 1000000 + count(DISTINCT"
					 " sl.product_id) * 1000 + count(DISTINCT p.producer_id)"
					 " FROM sale_line sl JOIN product p ON p.id = sl.product_id"
					 " WHERE p.origin_province = '%s'"
					 " AND sl.business_date BETWEEN ?1 AND ?2", row->key);
				assert_int_equal(row->m.amount * 1000000 + row->products * 1000 +
						 row->producers, q1(f->t.db, sql, rf.from, rf.to));
			} else {
				snprintf(sql, sizeof(sql), "SELECT sum(amount) * 1000 + count(DISTINCT"
					 " product_id) FROM sale_line WHERE business_date = '%s'"
					 " AND ?1 <= ?2", row->key);
				assert_int_equal(row->m.amount * 1000 + row->products,
						 q1(f->t.db, sql, rf.from, rf.to));
			}
		}
		if (grp == REPORT_PRODUCTS)
			assert_int_equal(r->n, 240);
		report_free(r);
	}
}

/*
 * Random sales (issue 16): every report against the plain aggregate of
 * the same lines.  Two hundred products, sales and refunds on random days
 * of four months, a period that starts and ends mid-month (whole months
 * from sale_month, the days at either end from sale_day); per product,
 * per day and per month the sums must equal a GROUP BY over sale_line,
 * the rows come sorted by revenue (ties by SKU), and the invoices count
 * the sales with lines, with and without a catalogue filter.
 */
static void test_random_vs_plain(void **state)
{
	static const char line_sql[] =
		"SELECT sum(iif(s.kind = 'sale', sl.amount, -sl.amount)) * 1000000000"
		" + sum(iif(s.kind = 'sale', sl.qty_milli, -sl.qty_milli)) * 1000"
		" + sum(s.kind = 'sale') * 10 + sum(s.kind <> 'sale')"
		" FROM sale_line sl JOIN sale s ON s.id = sl.sale_id"
		" JOIN product p ON p.id = sl.product_id WHERE sl.business_date BETWEEN ?1 AND ?2";
	struct fx *f = *state;
	struct report_filter rf;
	struct pos_error err;
	char code[16], sku[16], uuid[48], no[32], date[11], sql[768];
	long long ids[200], sale, line;
	uint64_t seed = 88172645463325252u;
	int k, n = 0, day;
	enum report_group g;

	assert_int_equal(sqlite3_exec(db_handle(f->t.db),
				      "DROP TRIGGER clock_sale_behind; DROP TRIGGER clock_sale_day;",
				      NULL, NULL, NULL), SQLITE_OK);
	for (k = 0; k < 5; k++) {
		snprintf(code, sizeof(code), "NSX-R%d", k);
		add_producer(f->t.db, code, "Chủ thể", (enum producer_kind)(k % 4), k % 2 ? "01" : "66",
			     k % 2, k % 3 == 0);
	}
	for (k = 0; k < 200; k++) {
		snprintf(sku, sizeof(sku), "R%03d", k);
		snprintf(code, sizeof(code), "NSX-R%d", k % 5);
		ids[k] = add_product(f->t.db, sku, "Sản phẩm", code, k % 2 ? "66" : "01", 1 + k % 6,
				     3 + k % 3, 8);
	}
	/* in time order: a till's clock never runs back (issue 12) */
	for (day = 0; day < 120; day++) {
		int m = day / 30, sales = 1 + (int)((seed >> 33) % 6);

		snprintf(date, sizeof(date), "2026-0%d-%02d", 5 + m, 1 + day % 30);
		for (k = 0; k < sales; k++, n++) {
			int p, qty, stars;
			long long amount;

			seed ^= seed << 13;
			seed ^= seed >> 7;
			seed ^= seed << 17;
			p = (int)(seed % 200);
			qty = 1 + (int)((seed >> 20) % 3);
			stars = 3 + (int)((seed >> 24) % 3);
			amount = 1000 * (int)(1 + (seed >> 30) % 50) * qty;
			snprintf(uuid, sizeof(uuid), "20000000-0000-4000-8000-%012d", n);
			snprintf(no, sizeof(no), "DN01-01-2026-R%05d", n);
			sale = add_sale(f->t.db, uuid, "sale", no, date, 0, amount, 0);
			line = add_line(f->t.db, sale, 1, ids[p], stars, qty, amount, 0, amount / 2, 0,
					date, f->lot[1], 500, 0, 0, "sale");
			(void)line;
			if ((seed >> 40) % 9 == 0) {
				n++;
				snprintf(uuid, sizeof(uuid), "20000000-0000-4000-8000-%012d", n);
				snprintf(no, sizeof(no), "DN01-01-2026-R%05d", n);
				sale = add_sale(f->t.db, uuid, "refund", no, date, sale, amount, 0);
				add_line(f->t.db, sale, 1, ids[p], stars, qty, amount, 0, amount / 2, 0,
					 date, f->lot[1], 500, 0, 0, "refund");
			}
		}
	}
	period(&rf, "2026-05-17", "2026-08-11");
	for (g = 0; g < REPORT_GROUP_COUNT; g++) {
		struct report *r;
		int64_t rows_sum = 0;
		size_t i;

		assert_int_equal(report_sales(f->t.db, g, &rf, &r, &err), 0);
		assert_int_equal(r->total.m.amount * 1000000000 + r->total.m.qty_milli * 1000 +
				 r->total.m.sales * 10 + r->total.m.returns,
				 q1(f->t.db, line_sql, rf.from, rf.to));
		assert_int_equal(r->invoices,
				 q1(f->t.db, "SELECT count(*) FROM sale WHERE kind = 'sale'"
				       " AND business_date BETWEEN ?1 AND ?2", rf.from, rf.to));
		for (i = 0; i < r->n; i++) {
			const struct report_row *row = &r->rows[i];

			rows_sum += row->m.amount;
			if (g == REPORT_PRODUCTS) {
				snprintf(sql, sizeof(sql), "%s AND p.sku = '%s'", line_sql, row->key);
				if (i > 0)
					assert_true(r->rows[i - 1].m.amount > row->m.amount ||
						    (r->rows[i - 1].m.amount == row->m.amount &&
						     strcmp(r->rows[i - 1].key, row->key) < 0));
			} else if (g == REPORT_DAILY) {
				snprintf(sql, sizeof(sql), "%s AND sl.business_date = '%s'", line_sql,
					 row->key);
			} else if (g == REPORT_MONTHLY) {
				snprintf(sql, sizeof(sql), "%s AND substr(sl.business_date, 1, 7) = '%s'",
					 line_sql, row->key);
			} else {
				continue;
			}
			assert_int_equal(row->m.amount * 1000000000 + row->m.qty_milli * 1000 +
					 row->m.sales * 10 + row->m.returns,
					 q1(f->t.db, sql, rf.from, rf.to));
		}
		assert_int_equal(rows_sum, r->total.m.amount);
		if (g == REPORT_PRODUCTS)
			assert_int_equal((long long)r->n,
					 q1(f->t.db, "SELECT count(DISTINCT product_id) FROM sale_line"
					       " WHERE business_date BETWEEN ?1 AND ?2", rf.from, rf.to));
		report_free(r);
	}
	/* a catalogue filter: the invoices with a line of a 4-star sale */
	rf.stars = 4;
	{
		struct report *r;

		assert_int_equal(report_sales(f->t.db, REPORT_PRODUCTS, &rf, &r, &err), 0);
		assert_int_equal(r->invoices,
				 q1(f->t.db, "SELECT count(*) FROM sale s WHERE s.kind = 'sale'"
				       " AND s.business_date BETWEEN ?1 AND ?2 AND EXISTS (SELECT 1"
				       " FROM sale_line sl WHERE sl.sale_id = s.id AND sl.stars = 4)",
				       rf.from, rf.to));
		report_free(r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_products_known_answers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollups_and_shares, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reconciliation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_commercialization, setup, teardown),
		cmocka_unit_test_setup_teardown(test_consignment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_books_and_xlsx, setup, teardown),
		cmocka_unit_test_setup_teardown(test_summary_check, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_products, setup, teardown),
		cmocka_unit_test_setup_teardown(test_random_vs_plain, setup, teardown),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);

	i18n_free();
	refdata_free();
	return r;
}
