/*
 * test_batch.c - exchange files between showrooms and a province hub:
 * export, signature, import, idempotence, tampering, truncation, replay,
 * sequence, --since/--all, refunds across files, the hub's reports
 * equal to the showrooms' own added up, and `db check` at the hub.
 *
 * Two showrooms (DN01, HN01) and a hub live in one temporary directory;
 * sales are written with SQL as sale_complete() would (tests may do so).
 */
#include <sqlite3.h>

#include "testutil.h"
#include "core/batch.h"
#include "core/catalog.h"
#include "core/check.h"
#include "core/i18n.h"
#include "core/producer.h"
#include "core/report.h"
#include "core/showroom.h"
#include "core/sign.h"
#include "core/user.h"

struct fx {
	struct testdb t;              /* showroom DN01 */
	struct db *hn, *hub;          /* showroom HN01, the hub */
	char file[8][200];
	int nsale;
};

static void make_showroom(struct db *db, const char *code, const char *name, const char *prov,
			  int hub)
{
	struct showroom s;
	struct pos_error err;

	showroom_init_struct(&s);
	snprintf(s.code, sizeof(s.code), "%s", code);
	snprintf(s.name, sizeof(s.name), "%s", name);
	snprintf(s.province, sizeof(s.province), "%s", prov);
	s.is_hub = hub;
	if (showroom_create(db, &s, &err))
		fail_msg("showroom: %s", err.msg);
}

static void catalogue(struct db *db)
{
	static const struct {
		const char *code, *name, *prov;
		enum producer_kind kind;
	} pr[] = {
		{ "HTX-A", "HTX Mật ong Mèo Vạc", "08", PRODUCER_COOPERATIVE },
		{ "HKD-C", "Hộ Thào Thị Dính", "08", PRODUCER_HOUSEHOLD },
	};
	static const struct {
		const char *sku, *name, *producer;
		int stars;
	} pd[] = {
		{ "MO-1", "Mật ong bạc hà 500 ml", "HTX-A", 4 },
		{ "TH-1", "Thịt bò khô Đồng Văn", "HKD-C", 3 },
	};
	struct pos_error err;
	size_t i;

	for (i = 0; i < 2; i++) {
		struct producer p;

		producer_init(&p);
		snprintf(p.code, sizeof(p.code), "%s", pr[i].code);
		snprintf(p.name, sizeof(p.name), "%s", pr[i].name);
		snprintf(p.province, sizeof(p.province), "%s", pr[i].prov);
		p.kind = pr[i].kind;
		if (producer_save(db, &p, NULL, &err))
			fail_msg("producer: %s", err.msg);
	}
	for (i = 0; i < 2; i++) {
		struct product p;

		product_init(&p);
		snprintf(p.sku, sizeof(p.sku), "%s", pd[i].sku);
		snprintf(p.name, sizeof(p.name), "%s", pd[i].name);
		snprintf(p.producer, sizeof(p.producer), "%s", pd[i].producer);
		snprintf(p.origin_province, sizeof(p.origin_province), "08");
		p.ocop_group = 1;
		p.stars = pd[i].stars;
		p.price = 150000;
		p.vat_rate = 8;
		if (catalog_save(db, &p, "test", NULL, &err))
			fail_msg("product: %s", err.msg);
	}
}

/*
 * A sale (or a refund of sale `orig` when orig > 0) of qty units of sku
 * from lot lot_no (created when missing: HKD-C's goods are consigned at
 * 20 %), with its lot row, stock move and a cash payment.
 */
static void sell(struct fx *f, struct db *db, const char *code, const char *sku, int qty,
		 long long amount, const char *date, long long orig)
{
	sqlite3_stmt *st;
	char uuid[40], no[48];
	long long sale, line, lot, product, seq;
	int consigned = !strcmp(sku, "TH-1");

	/* numbers are gapless per showroom, register, year and series */
	assert_int_equal(sqlite3_prepare_v2(db_handle(db),
		"SELECT count(*) + 1 FROM sale WHERE showroom = ?1 AND register = '01' AND "
		"substr(business_date, 1, 4) = substr(?2, 1, 4) AND (kind = 'sale') = ?3",
		-1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, !orig);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	seq = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	f->nsale++;
	snprintf(uuid, sizeof(uuid), "00000000-0000-4000-8000-%012d", f->nsale);
	snprintf(no, sizeof(no), "%s-01-%.4s-%s%06lld", code, date, orig ? "R" : "", seq);
	product = testdb_query(db, consigned ? "SELECT id FROM product WHERE sku = 'TH-1'"
				         : "SELECT id FROM product WHERE sku = 'MO-1'");
	lot = testdb_query(db, consigned ? "SELECT coalesce(max(l.id), 0) FROM lot l JOIN product p"
				       " ON p.id = l.product_id WHERE p.sku = 'TH-1'"
				     : "SELECT coalesce(max(l.id), 0) FROM lot l JOIN product p"
				       " ON p.id = l.product_id WHERE p.sku = 'MO-1'");
	if (!lot) {
		assert_int_equal(sqlite3_prepare_v2(db_handle(db),
			"INSERT INTO lot (product_id, lot_no, received_on, unit_cost, owner_producer_id,"
			" commission_bp, created_at) VALUES (?1, 'LOT-1', '2026-01-01', 90000,"
			" (SELECT id FROM producer WHERE code = ?2), ?3, '2026-01-01T00:00:00Z')",
			-1, &st, NULL), SQLITE_OK);
		sqlite3_bind_int64(st, 1, product);
		if (consigned)
			sqlite3_bind_text(st, 2, "HKD-C", -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, consigned ? 2000 : 0);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_finalize(st);
		lot = sqlite3_last_insert_rowid(db_handle(db));
		assert_int_equal(sqlite3_prepare_v2(db_handle(db),
			"INSERT INTO stock_move (lot_id, product_id, qty_milli, kind, doc, at,"
			" business_date) VALUES (?1, ?2, 100000, 'receive', 'GRN-1',"
			" '2026-01-01T00:00:00Z', '2026-01-01')", -1, &st, NULL), SQLITE_OK);
		sqlite3_bind_int64(st, 1, lot);
		sqlite3_bind_int64(st, 2, product);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_finalize(st);
	}
	assert_int_equal(sqlite3_prepare_v2(db_handle(db),
		"INSERT INTO sale (uuid, kind, receipt_no, showroom, register, seq, original_sale_id,"
		" at, business_date, gross, total, vat) VALUES (?1, ?2, ?3, ?4, '01', ?5, ?6,"
		" ?7 || 'T03:00:00Z', ?7, ?8, ?8, (?8 * 8 + 54) / 108)", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, orig ? "refund" : "sale", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, no, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, seq);
	if (orig)
		sqlite3_bind_int64(st, 6, orig);
	sqlite3_bind_text(st, 7, date, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, amount);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sale = sqlite3_last_insert_rowid(db_handle(db));
	assert_int_equal(sqlite3_prepare_v2(db_handle(db),
		"INSERT INTO sale_line (sale_id, line_no, product_id, sku, name, stars, qty_milli,"
		" list_price, unit_price, amount, vat_rate, vat, cost, commission, original_line_id,"
		" business_date) SELECT ?1, 1, id, sku, name, stars, ?2, price, price, ?3, 8,"
		" (?3 * 8 + 54) / 108, ?2 * 90, ?4, (SELECT id FROM sale_line WHERE sale_id = ?5),"
		" ?6 FROM product WHERE id = ?7", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, sale);
	sqlite3_bind_int64(st, 2, (long long)qty * 1000);
	sqlite3_bind_int64(st, 3, amount);
	sqlite3_bind_int64(st, 4, consigned ? amount / 5 : 0);
	sqlite3_bind_int64(st, 5, orig);
	sqlite3_bind_text(st, 6, date, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, product);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	line = sqlite3_last_insert_rowid(db_handle(db));
	assert_int_equal(sqlite3_prepare_v2(db_handle(db),
		"INSERT INTO sale_line_lot (sale_line_id, lot_id, qty_milli, unit_cost,"
		" owner_producer_id, commission_bp) SELECT ?1, id, ?2, unit_cost, owner_producer_id,"
		" commission_bp FROM lot WHERE id = ?3", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, line);
	sqlite3_bind_int64(st, 2, (long long)qty * 1000);
	sqlite3_bind_int64(st, 3, lot);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(db_handle(db),
		"INSERT INTO stock_move (lot_id, product_id, qty_milli, kind, doc, sale_line_id, at,"
		" business_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7 || 'T03:00:00Z', ?7)", -1, &st,
		NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, lot);
	sqlite3_bind_int64(st, 2, product);
	sqlite3_bind_int64(st, 3, orig ? (long long)qty * 1000 : -(long long)qty * 1000);
	sqlite3_bind_text(st, 4, orig ? "refund" : "sale", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, no, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, line);
	sqlite3_bind_text(st, 7, date, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(db_handle(db),
		"INSERT INTO payment (sale_id, method, amount, tendered) VALUES (?1, 'cash', ?2, ?2)",
		-1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, sale);
	sqlite3_bind_int64(st, 2, amount);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

static struct db *open_db(struct fx *f, const char *name)
{
	char path[200];
	struct pos_error err;
	struct db *db;

	testdb_path(&f->t, name, path, sizeof(path));
	if (db_open(path, DB_CREATE, &db, &err))
		fail_msg("db_open: %s", err.msg);
	return db;
}

/* Register (or, as an admin, replace: sign_register_as) from's key as code's at to. */
static void register_key(struct db *from, struct db *to, const char *code)
{
	struct user adm = { .id = 0, .name = "admin", .role = ROLE_ADMIN, .active = 1 };
	char pk[SIGN_PUBKEY_B64];
	struct pos_error err;

	assert_int_equal(sign_public_key(from, pk, &err), 0);
	assert_int_equal(sign_register_as(to, &adm, code, pk, 1, &err), 0);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	int i;

	setenv("OCOP_POS_NOW", "2026-03-31T10:00:00Z", 1);
	i18n_set_lang("en", NULL);
	testdb_open(&f->t);
	make_showroom(f->t.db, "DN01", "Điểm OCOP Đà Nẵng", "48", 0);
	catalogue(f->t.db);
	f->hn = open_db(f, "hn.db");
	make_showroom(f->hn, "HN01", "Điểm OCOP Hà Nội", "01", 0);
	catalogue(f->hn);
	f->hub = open_db(f, "hub.db");
	make_showroom(f->hub, "TQ", "Sở Nông nghiệp Tuyên Quang", "08", 1);
	for (i = 0; i < 8; i++)
		testdb_path(&f->t, "", f->file[i], sizeof(f->file[i])),
		snprintf(f->file[i] + strlen(f->file[i]), sizeof(f->file[i]) - strlen(f->file[i]),
			 "x%d.jsonl", i);
	sell(f, f->t.db, "DN01", "MO-1", 2, 300000, "2026-03-02", 0);
	sell(f, f->t.db, "DN01", "TH-1", 1, 120000, "2026-03-03", 0);
	sell(f, f->hn, "HN01", "MO-1", 1, 150000, "2026-03-04", 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	db_close(f->hn);
	db_close(f->hub);
	testdb_close(&f->t);
	free(f);
	return 0;
}

static char *slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	char *buf;

	assert_non_null(fp);
	buf = malloc(1 << 20);
	*n = fread(buf, 1, 1 << 20, fp);
	fclose(fp);
	return buf;
}

static void spit(const char *path, const char *data, size_t n)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, n, fp), n);
	fclose(fp);
}

static int64_t total(struct db *db, const char *showroom, const char *sku)
{
	struct report_filter rf;
	struct report *r;
	struct pos_error err;
	int64_t v = 0;
	size_t i;

	report_filter_init(&rf);
	snprintf(rf.from, sizeof(rf.from), "2026-01-01");
	snprintf(rf.to, sizeof(rf.to), "2026-12-31");
	snprintf(rf.showroom, sizeof(rf.showroom), "%s", showroom ? showroom : "");
	if (report_sales(db, REPORT_PRODUCTS, &rf, &r, &err))
		fail_msg("report: %s", err.msg);
	if (!sku)
		v = r->total.m.amount;
	for (i = 0; sku && i < r->n; i++)
		if (!strcmp(r->rows[i].key, sku))
			v = r->rows[i].m.amount;
	report_free(r);
	return v;
}

static void test_export_import(void **state)
{
	struct fx *f = *state;
	struct batch_header h, peek;
	struct batch_result res;
	struct pos_error err;
	char *data;
	size_t n;

	assert_int_equal(batch_export(f->t.db, NULL, 0, f->file[1], &h, &err), 0);
	assert_int_equal(h.sequence, 1);
	assert_int_equal(h.continues, 0);
	assert_int_equal(h.sales, 2);
	assert_int_equal(h.moves, 4);
	assert_int_equal(h.products, 2);
	assert_int_equal(h.producers, 2);
	assert_int_equal(h.lots, 2);
	assert_string_equal(h.from, "2026-01-01");
	assert_string_equal(h.to, "2026-03-31");
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM batch_out"), 1);
	/* the structure checks out without a database */
	data = slurp(f->file[1], &n);
	assert_int_equal(batch_check(data, n, &peek, &err), 0);
	assert_string_equal(peek.showroom, "DN01");
	assert_non_null(strstr(data, "\"format\":\"ocop-pos/exchange\""));
	assert_non_null(strstr(data, "Mật ong bạc hà 500 ml"));
	free(data);
	assert_int_equal(batch_peek(f->file[1], &peek, &err), 0);
	assert_int_equal(peek.sequence, 1);

	/* unknown showroom: refused, nothing written */
	assert_int_equal(batch_import(f->hub, f->file[1], &res, &err), POS_ERR_NOT_FOUND);
	assert_non_null(strstr(err.msg, "showroom register DN01"));
	assert_int_equal(testdb_query(f->hub, "SELECT count(*) FROM sale"), 0);
	/* a showroom does not import */
	assert_int_equal(batch_import(f->hn, f->file[1], &res, &err), POS_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "province-hub"));
	/* a hub does not export */
	assert_int_equal(batch_export(f->hub, NULL, 0, f->file[7], &h, &err), POS_ERR_REFUSED);

	register_key(f->t.db, f->hub, "DN01");
	assert_int_equal(batch_import(f->hub, f->file[1], &res, &err), 0);
	assert_int_equal(res.already, 0);
	assert_int_equal(res.sales_added, 2);
	assert_int_equal(res.moves_added, 4);
	assert_int_equal(res.products_added, 2);
	assert_int_equal(res.producers_added, 2);
	assert_int_equal(res.lots_added, 2);
	assert_int_equal(testdb_query(f->hub, "SELECT count(*) FROM sale WHERE showroom = 'DN01'"), 2);
	assert_int_equal(testdb_query(f->hub, "SELECT count(*) FROM lot WHERE lot_no = 'DN01/LOT-1'"), 2);
	assert_int_equal(testdb_query(f->hub, "SELECT count(*) FROM payment"), 2);
	assert_int_equal(testdb_query(f->hub, "SELECT count(*) FROM sale_line_lot WHERE owner_producer_id"
				          " IS NOT NULL"), 1);
	assert_int_equal(testdb_query(f->hub, "SELECT count(*) FROM showroom WHERE code = 'DN01'"
				          " AND is_local = 0"), 1);
	assert_int_equal(total(f->hub, "DN01", NULL), total(f->t.db, NULL, NULL));
	assert_int_equal(total(f->hub, NULL, "MO-1"), 300000);

	/* the same file again adds nothing */
	assert_int_equal(batch_import(f->hub, f->file[1], &res, &err), 0);
	assert_int_equal(res.already, 1);
	assert_int_equal(testdb_query(f->hub, "SELECT count(*) FROM sale"), 2);
	assert_int_equal(testdb_query(f->hub, "SELECT count(*) FROM stock_move"), 4);
	assert_int_equal(testdb_query(f->hub, "SELECT count(*) FROM batch_in"), 1);
}

static void test_tamper_truncate(void **state)
{
	struct fx *f = *state;
	struct batch_header h;
	struct batch_result res;
	struct pos_error err;
	char *data, *p;
	size_t n;

	register_key(f->t.db, f->hub, "DN01");
	assert_int_equal(batch_export(f->t.db, NULL, 0, f->file[1], &h, &err), 0);
	data = slurp(f->file[1], &n);

	/* one amount changed: the signature no longer matches */
	p = strstr(data, "\"amount\":300000");
	assert_non_null(p);
	p[10] = '9';
	spit(f->file[2], data, n);
	assert_int_equal(batch_check(data, n, NULL, &err), 0);     /* well-formed ... */
	assert_int_equal(batch_import(f->hub, f->file[2], &res, &err), POS_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "signature does not match"));
	assert_int_equal(testdb_query(f->hub, "SELECT count(*) FROM sale"), 0);
	p[10] = '3';

	/* truncated in the middle of a line, and at a line boundary */
	spit(f->file[3], data, n / 2);
	assert_int_equal(batch_import(f->hub, f->file[3], &res, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "truncated"));
	p = data + n - 2;
	while (*p != '\n')
		p--;
	spit(f->file[3], data, (size_t)(p - data) + 1);
	assert_int_equal(batch_import(f->hub, f->file[3], &res, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "truncated"));
	assert_int_equal(testdb_query(f->hub, "SELECT count(*) FROM sale"), 0);

	/* a signed file whose header counts disagree is refused by batch_check */
	p = strstr(data, "\"sales\":2");
	assert_non_null(p);
	p[8] = '3';
	assert_int_equal(batch_check(data, n, NULL, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "announces 3 sale"));
	p[8] = '2';

	/* a newer version */
	p = strstr(data, "\"version\":1");
	p[10] = '2';
	spit(f->file[4], data, n);
	assert_int_equal(batch_import(f->hub, f->file[4], &res, &err), POS_ERR_VERSION);
	p[10] = '1';

	/* the key of another showroom */
	register_key(f->hn, f->hub, "DN01");
	assert_int_equal(batch_import(f->hub, f->file[1], &res, &err), POS_ERR_REFUSED);
	register_key(f->t.db, f->hub, "DN01");
	assert_int_equal(batch_import(f->hub, f->file[1], &res, &err), 0);
	assert_int_equal(testdb_query(f->hub, "SELECT count(*) FROM sale"), 2);
	free(data);

	/* not an exchange file at all */
	assert_int_equal(batch_check("hello\n", 6, NULL, &err), POS_ERR_INVALID);
	assert_int_equal(batch_check("", 0, NULL, &err), POS_ERR_INVALID);
	assert_int_equal(batch_check("{\"format\":\"ocop-pos/catalog\"}\n{\"signature\":\"x\"}\n", 46,
				     NULL, &err), POS_ERR_INVALID);
}

static void test_sequence(void **state)
{
	struct fx *f = *state;
	struct batch_header h;
	struct batch_result res;
	struct pos_error err;

	register_key(f->t.db, f->hub, "DN01");
	assert_int_equal(batch_export(f->t.db, NULL, 0, f->file[1], &h, &err), 0);
	setenv("OCOP_POS_NOW", "2026-04-30T10:00:00Z", 1);
	/* file 2: a refund of a sale in file 1, and a new sale */
	sell(f, f->t.db, "DN01", "MO-1", 1, 150000, "2026-04-05", 1);
	sell(f, f->t.db, "DN01", "TH-1", 2, 240000, "2026-04-06", 0);
	assert_int_equal(batch_export(f->t.db, NULL, 0, f->file[2], &h, &err), 0);
	assert_int_equal(h.sequence, 2);
	assert_int_equal(h.continues, 1);
	assert_int_equal(h.sales, 2);
	assert_string_equal(h.from, "2026-03-31");
	sell(f, f->t.db, "DN01", "MO-1", 1, 150000, "2026-04-20", 0);
	assert_int_equal(batch_export(f->t.db, NULL, 0, f->file[3], &h, &err), 0);
	assert_int_equal(h.sequence, 3);
	assert_int_equal(h.sales, 1);

	/* out of order: 2 before 1, 3 before 2 */
	assert_int_equal(batch_import(f->hub, f->file[2], &res, &err), POS_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "out of sequence"));
	assert_non_null(strstr(err.msg, "import files 1 to 1 first"));
	assert_int_equal(testdb_query(f->hub, "SELECT count(*) FROM sale"), 0);
	assert_int_equal(batch_import(f->hub, f->file[1], &res, &err), 0);
	assert_int_equal(batch_import(f->hub, f->file[3], &res, &err), POS_ERR_REFUSED);
	assert_int_equal(batch_import(f->hub, f->file[2], &res, &err), 0);
	assert_int_equal(res.sales_added, 2);
	assert_int_equal(batch_import(f->hub, f->file[3], &res, &err), 0);
	assert_int_equal(testdb_query(f->hub, "SELECT count(*) FROM sale WHERE kind = 'refund'"
				          " AND original_sale_id IS NOT NULL"), 1);
	/* replaying an older file: it was imported, nothing to do */
	assert_int_equal(batch_import(f->hub, f->file[1], &res, &err), 0);
	assert_int_equal(res.already, 1);
	assert_int_equal(total(f->hub, "DN01", NULL), total(f->t.db, NULL, NULL));
	assert_int_equal(total(f->hub, NULL, "MO-1"), 300000 - 150000 + 150000);

	/* everything again (--all): continues nothing, adds nothing */
	assert_int_equal(batch_export(f->t.db, NULL, 1, f->file[4], &h, &err), 0);
	assert_int_equal(h.sequence, 4);
	assert_int_equal(h.continues, 0);
	assert_int_equal(h.sales, 5);
	assert_int_equal(batch_import(f->hub, f->file[4], &res, &err), 0);
	assert_int_equal(res.sales_added, 0);
	assert_int_equal(res.sales_skipped, 5);
	assert_int_equal(res.moves_added, 0);
	assert_int_equal(testdb_query(f->hub, "SELECT count(*) FROM sale"), 5);
	/* --since: the sales of that date on, plus what is new (nothing) */
	assert_int_equal(batch_export(f->t.db, "2026-04-06", 0, f->file[5], &h, &err), 0);
	assert_int_equal(h.sales, 2);
	assert_int_equal(h.continues, 4);
	assert_int_equal(batch_import(f->hub, f->file[5], &res, &err), 0);
	assert_int_equal(res.sales_skipped, 2);
	assert_int_equal(total(f->hub, "DN01", NULL), total(f->t.db, NULL, NULL));
	assert_int_equal(batch_export(f->t.db, "2026-13-01", 0, f->file[6], &h, &err), POS_ERR_INVALID);
}

static void count_problem(void *ctx, const char *problem)
{
	char *first = ctx;

	if (!first[0])
		snprintf(first, 256, "%s", problem);
}

/* check_run(): the number of problems, the first one into first[256]. */
static int problems(struct db *db, char *first)
{
	struct pos_error err;
	int n = -1;

	first[0] = '\0';
	if (check_run(db, count_problem, first, &n, &err))
		fail_msg("check_run: %s", err.msg);
	return n;
}

/*
 * A hub built from two showrooms' files: per-product totals add up, and
 * `db check` passes at the hub: both showrooms number their receipts
 * from 1 on the same register, in two years, each series gapless on its
 * own; a summary that no longer matches the lines is found.
 */
static void test_hub_totals(void **state)
{
	struct fx *f = *state;
	struct batch_header h;
	struct batch_result res;
	struct batch_showroom *v;
	struct pos_error err;
	char first[256];
	size_t n;

	sell(f, f->t.db, "DN01", "MO-1", 1, 150000, "2025-12-30", 0);
	sell(f, f->hn, "HN01", "MO-1", 1, 150000, "2025-12-31", 0);
	if (problems(f->t.db, first) || problems(f->hn, first))
		fail_msg("db check at a showroom: %s", first);
	register_key(f->t.db, f->hub, "DN01");
	register_key(f->hn, f->hub, "HN01");
	assert_int_equal(batch_export(f->t.db, NULL, 0, f->file[1], &h, &err), 0);
	assert_int_equal(batch_export(f->hn, NULL, 0, f->file[2], &h, &err), 0);
	assert_int_equal(batch_import(f->hub, f->file[2], &res, &err), 0);
	assert_int_equal(batch_import(f->hub, f->file[1], &res, &err), 0);
	assert_int_equal(total(f->hub, NULL, "MO-1"),
			 total(f->t.db, NULL, "MO-1") + total(f->hn, NULL, "MO-1"));
	assert_int_equal(total(f->hub, NULL, "TH-1"),
			 total(f->t.db, NULL, "TH-1") + total(f->hn, NULL, "TH-1"));
	assert_int_equal(total(f->hub, "HN01", NULL), 150000);
	/* the same lot number in two showrooms stays two lots */
	assert_int_equal(testdb_query(f->hub, "SELECT count(*) FROM lot WHERE lot_no LIKE '%/LOT-1'"), 3);
	assert_int_equal(batch_showrooms(f->hub, &v, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].code, "DN01");
	assert_int_equal(v[0].last_seq, 1);
	assert_int_equal(v[0].sales, 3);
	assert_string_equal(v[1].name, "Điểm OCOP Hà Nội");
	free(v);
	{
		struct report_filter rf;
		struct report_com *c;

		report_filter_init(&rf);
		snprintf(rf.from, sizeof(rf.from), "2026-03-01");
		snprintf(rf.to, sizeof(rf.to), "2026-03-31");
		assert_int_equal(report_commercialization(f->hub, &rf, &c, &err), 0);
		assert_int_equal(c->n, 2);
		assert_int_equal(c->rows[0].showrooms + c->rows[1].showrooms, 3);
		report_com_free(c);
	}
	assert_int_equal(report_check_summary(f->hub, &err), 0);
	testdb_exec(f->hub, "PRAGMA foreign_key_check");
	assert_int_equal(testdb_query(f->hub, "SELECT count(*) FROM sale WHERE seq = 1"), 4);
	if (problems(f->hub, first))
		fail_msg("db check at the hub: %s", first);
	/* db check compares the summary tables with the sale lines */
	testdb_exec(f->hub, "UPDATE sale_day SET amount = amount + 1 WHERE showroom = 'HN01' "
		    "AND business_date = '2026-03-04'");
	assert_int_equal(problems(f->hub, first), 1);
	assert_non_null(strstr(first, "sale_day"));
	assert_non_null(strstr(first, "2026-03-04"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_export_import, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tamper_truncate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sequence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hub_totals, setup, teardown),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);

	i18n_free();
	refdata_free();
	return r;
}
