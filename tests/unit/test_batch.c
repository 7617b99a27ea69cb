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

#include "exchange_fx.h"

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

	/* issue 12: a key twice, a \u0000 and a direction override in a record
	 * are refused with the record's line, whatever the signature says */
	{
		static const struct {
			const char *after, *insert, *want;
		} cases[] = {
			{ "\"amount\":", "1,\"amount\":", "the key \"amount\" is given twice" },
			{ "\"type\":\"product\",\"sku\":\"MO-1\",", "\"name\":\"M\\u0000x\",",
			  "a NUL character" },
			{ "\"type\":\"product\",\"sku\":\"MO-1\",", "\"x\":\"M\\u202ex\",",
			  "direction override" },
		};
		size_t k;

		for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
			const char *at = strstr(data, cases[k].after);
			size_t pre, ins = strlen(cases[k].insert);
			char *v;

			assert_non_null(at);
			pre = (size_t)(at - data) + strlen(cases[k].after);
			v = malloc(n + ins);
			assert_non_null(v);
			memcpy(v, data, pre);
			memcpy(v + pre, cases[k].insert, ins);
			memcpy(v + pre + ins, data + pre, n - pre);
			assert_int_equal(batch_check(v, n + ins, NULL, &err), POS_ERR_INVALID);
			if (!strstr(err.msg, cases[k].want) || !strstr(err.msg, "line "))
				fail_msg("case %zu: \"%s\"", k, err.msg);
			free(v);
		}
	}

	/* a newer version */
	p = strstr(data, "\"version\":2");
	assert_non_null(p);
	p[10] = '3';
	spit(f->file[4], data, n);
	assert_int_equal(batch_import(f->hub, f->file[4], &res, &err), POS_ERR_VERSION);
	p[10] = '2';

	/* the key of another showroom: registering it over DN01's is refused;
	 * an administrator may replace it (audited, test_sign) */
	{
		struct user adm = { .id = 0, .name = "an", .role = ROLE_ADMIN, .active = 1 };
		char pk[SIGN_PUBKEY_B64];

		assert_int_equal(sign_public_key(f->hn, pk, &err), 0);
		assert_int_equal(sign_register(f->hub, "DN01", pk, &err), POS_ERR_REFUSED);
		assert_int_equal(sign_register_as(f->hub, &adm, "DN01", pk, 1, &err), 0);
		assert_int_equal(batch_import(f->hub, f->file[1], &res, &err), POS_ERR_REFUSED);
		assert_int_equal(sign_public_key(f->t.db, pk, &err), 0);
		assert_int_equal(sign_register_as(f->hub, &adm, "DN01", pk, 1, &err), 0);
	}
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

	/* the tills' clocks are in 2027 (a clock never runs back, issue 12),
	 * and so the files' periods reach the sales (issue 15) */
	setenv("OCOP_POS_NOW", "2027-01-05T10:00:00Z", 1);
	sell(f, f->t.db, "DN01", "MO-1", 1, 150000, "2027-01-02", 0);
	sell(f, f->hn, "HN01", "MO-1", 1, 150000, "2027-01-03", 0);
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

/* ---- trust (issue 15): files a dishonest or broken showroom signs ---- */

/* SHA-256 over every row of every table: equal = the database is unchanged. */
static void db_hash(struct db *db, char out[SIGN_SHA256_HEX])
{
	sqlite3_stmt *t, *st;
	char *buf = NULL, sql[160];
	size_t n = 0, cap = 0;

	assert_int_equal(sqlite3_prepare_v2(db_handle(db), "SELECT name FROM sqlite_master WHERE"
					    " type = 'table' AND name NOT LIKE 'sqlite_%'"
					    " AND name NOT LIKE 'product_fts%' ORDER BY name",
					    -1, &t, NULL), SQLITE_OK);
	while (sqlite3_step(t) == SQLITE_ROW) {
		snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\"", sqlite3_column_text(t, 0));
		assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL), SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			int i;

			for (i = 0; i < sqlite3_column_count(st); i++) {
				const char *v = (const char *)sqlite3_column_text(st, i);
				size_t len = v ? strlen(v) + 1 : 2;

				if (n + len + 1 > cap) {
					cap = (n + len + 1) * 2;
					buf = realloc(buf, cap);
					assert_non_null(buf);
				}
				memcpy(buf + n, v ? v : "\x01", len - 1);
				n += len - 1;
				buf[n++] = '\x1f';
			}
		}
		sqlite3_finalize(st);
	}
	sqlite3_finalize(t);
	sign_sha256_hex(buf ? buf : "", n, out);
	free(buf);
}

/* Import path into the hub: refused with want in the message, hub unchanged. */
static void refused(struct fx *f, const char *path, const char *want)
{
	char before[SIGN_SHA256_HEX], after[SIGN_SHA256_HEX];
	struct batch_result res;
	struct pos_error err;
	int r;

	db_hash(f->hub, before);
	r = batch_import(f->hub, path, &res, &err);
	if (r != POS_ERR_REFUSED || !strstr(err.msg, want))
		fail_msg("wanted a refusal saying \"%s\", got %d: %s", want, r, r ? err.msg : "");
	db_hash(f->hub, after);
	assert_string_equal(before, after);
}

static void test_trust(void **state)
{
	struct fx *f = *state;
	struct batch_header h;
	struct batch_result res;
	struct pos_error err;
	char first[256], bad[220], bad2[220];
	const char *s1 = "\"receipt_no\":\"DN01-01-2026-000001\"";
	const char *s2 = "\"receipt_no\":\"DN01-01-2026-000002\"";

	register_key(f->t.db, f->hub, "DN01");
	register_key(f->hn, f->hub, "HN01");
	assert_int_equal(batch_export(f->t.db, NULL, 0, f->file[1], &h, &err), 0);
	assert_int_equal(batch_export(f->hn, NULL, 0, f->file[2], &h, &err), 0);
	assert_int_equal(batch_import(f->hub, f->file[2], &res, &err), 0);
	snprintf(bad, sizeof(bad), "%s.bad", f->file[1]);
	snprintf(bad2, sizeof(bad2), "%s.bad2", f->file[1]);

	/* the untouched file re-signed checks out (the tamper helper is honest) */
	tamper(f->t.db, f->file[1], bad, s1, "\"reason\":\"\"", "\"reason\":\"\"");
	{
		size_t n;
		char *data = slurp(bad, &n);

		assert_int_equal(batch_check(data, n, &h, &err), 0);
		free(data);
	}

	/* another showroom's receipt number: one showroom cannot block another */
	tamper(f->t.db, f->file[1], bad, s2, s2, "\"receipt_no\":\"HN01-01-2026-000002\"");
	refused(f, bad, "receipt number HN01-01-2026-000002 is not DN01's");
	/* figures that do not add up, re-signed with DN01's own key */
	tamper(f->t.db, f->file[1], bad, s1, "\"total\":300000", "\"total\":1");
	refused(f, bad, "lines add up to 300000 (VAT 22222, discount 0) but the receipt says 1");
	tamper(f->t.db, f->file[1], bad, s1, "\"amount\":300000,\"vat_rate\"",
	       "\"amount\":5,\"vat_rate\"");
	refused(f, bad, "line 1: VAT 22222 is not the VAT in 5 at 8%");
	tamper(f->t.db, f->file[1], bad, s1, "\"method\":\"cash\",\"amount\":300000",
	       "\"method\":\"cash\",\"amount\":1");
	refused(f, bad, "payments add up to 1, not the total 300000");
	tamper(f->t.db, f->file[1], bad, s1, "\"tendered\":300000", "\"tendered\":500000");
	refused(f, bad, "change is not tendered - amount");
	/* dates: outside the file's period; the period itself in the future */
	tamper(f->t.db, f->file[1], bad, s1, "\"business_date\":\"2026-03-02\"",
	       "\"business_date\":\"2026-12-02\"");
	refused(f, bad, "dated 2026-12-02, outside the file's period 2026-01-01 to 2026-03-31");
	tamper(f->t.db, bad, bad2, "\"format\"", "\"to\":\"2026-03-31\"", "\"to\":\"2099-12-31\"");
	refused(f, bad2, "period ends 2099-12-31, after today (2026-03-31)");
	/* numbers: a gap, then (after the honest file) a repeat across files */
	tamper(f->t.db, f->file[1], bad, s2, s2, "\"receipt_no\":\"DN01-01-2026-000003\"");
	tamper(f->t.db, bad, bad2, "DN01-01-2026-000003", "\"seq\":2", "\"seq\":3");
	refused(f, bad2, "must go on from number 2, but the file has DN01-01-2026-000003");
	assert_int_equal(batch_import(f->hub, f->file[1], &res, &err), 0);
	sell(f, f->t.db, "DN01", "MO-1", 1, 150000, "2026-03-31", 0);
	assert_int_equal(batch_export(f->t.db, NULL, 0, f->file[3], &h, &err), 0);
	tamper(f->t.db, f->file[3], bad, "DN01-01-2026-000003", "DN01-01-2026-000003",
	       "DN01-01-2026-000002");
	tamper(f->t.db, bad, bad2, "DN01-01-2026-000002", "\"seq\":3", "\"seq\":2");
	refused(f, bad2, "must go on from number 3, but the file has DN01-01-2026-000002");
	assert_int_equal(batch_import(f->hub, f->file[3], &res, &err), 0);
	if (problems(f->hub, first))
		fail_msg("db check at the hub: %s", first);
}

/*
 * A sale with the UUID another showroom already used: both sales are kept
 * (keys are (showroom, uuid)), the moves too, and `db check` passes.
 */
static void test_trust_uuid(void **state)
{
	struct fx *f = *state;
	struct batch_header h;
	struct batch_result res;
	struct pos_error err;
	char first[256], bad[220], hn_uuid[64], dn_uuid[64];

	register_key(f->t.db, f->hub, "DN01");
	register_key(f->hn, f->hub, "HN01");
	assert_int_equal(batch_export(f->t.db, NULL, 0, f->file[1], &h, &err), 0);
	assert_int_equal(batch_export(f->hn, NULL, 0, f->file[2], &h, &err), 0);
	assert_int_equal(batch_import(f->hub, f->file[2], &res, &err), 0);
	snprintf(bad, sizeof(bad), "%s.bad", f->file[1]);
	/* DN01's first sale takes HN01's UUID (sale 3 of the fixture); the move
	 * of that sale names it too */
	snprintf(dn_uuid, sizeof(dn_uuid), "\"uuid\":\"00000000-0000-4000-8000-000000000001\"");
	snprintf(hn_uuid, sizeof(hn_uuid), "\"uuid\":\"00000000-0000-4000-8000-000000000003\"");
	tamper(f->t.db, f->file[1], bad, dn_uuid, dn_uuid, hn_uuid);
	{
		char bad2[230];

		snprintf(bad2, sizeof(bad2), "%s.2", bad);
		tamper(f->t.db, bad, bad2, "\"sale\":\"00000000-0000-4000-8000-000000000001\"",
		       "\"sale\":\"00000000-0000-4000-8000-000000000001\"",
		       "\"sale\":\"00000000-0000-4000-8000-000000000003\"");
		assert_int_equal(batch_import(f->hub, bad2, &res, &err), 0);
	}
	assert_int_equal(res.sales_added, 2);
	assert_int_equal(res.sales_skipped, 0);
	assert_int_equal(testdb_query(f->hub, "SELECT count(*) FROM sale WHERE uuid ="
				      " '00000000-0000-4000-8000-000000000003'"), 2);
	assert_int_equal(total(f->hub, "DN01", NULL), total(f->t.db, NULL, NULL));
	assert_int_equal(total(f->hub, "HN01", NULL), total(f->hn, NULL, NULL));
	if (problems(f->hub, first))
		fail_msg("db check at the hub: %s", first);
}

/* The catalogue travels whole: a product never sold reaches the hub's
 * commercialization report, as at the showroom. */
static void test_unsold_catalogue(void **state)
{
	struct fx *f = *state;
	struct report_filter rf;
	struct report_com *c;
	struct batch_header h;
	struct batch_result res;
	struct pos_error err;
	struct product p;
	size_t i;
	int found = 0;

	product_init(&p);
	snprintf(p.sku, sizeof(p.sku), "CH-1");
	snprintf(p.name, sizeof(p.name), "Chè Shan tuyết cổ thụ");
	snprintf(p.producer, sizeof(p.producer), "HTX-A");
	snprintf(p.origin_province, sizeof(p.origin_province), "08");
	p.ocop_group = 1;
	p.stars = 5;
	p.price = 200000;
	p.vat_rate = 8;
	if (catalog_save(f->t.db, &p, "test", NULL, &err))
		fail_msg("product: %s", err.msg);
	register_key(f->t.db, f->hub, "DN01");
	assert_int_equal(batch_export(f->t.db, NULL, 0, f->file[1], &h, &err), 0);
	assert_int_equal(h.products, 3);
	assert_int_equal(batch_import(f->hub, f->file[1], &res, &err), 0);
	report_filter_init(&rf);
	snprintf(rf.from, sizeof(rf.from), "2026-03-01");
	snprintf(rf.to, sizeof(rf.to), "2026-03-31");
	assert_int_equal(report_commercialization(f->hub, &rf, &c, &err), 0);
	assert_int_equal(c->n, 3);
	assert_int_equal(c->no_sales, 1);
	for (i = 0; i < c->n; i++)
		if (!strcmp(c->rows[i].sku, "CH-1"))
			found = c->rows[i].no_sales;
	assert_true(found);
	report_com_free(c);
}

/*
 * Issue 16: files of version 1 (signed whole with Ed25519, written before
 * exchange files were streamed) are still read and verified: a fixture
 * written by the old code (tests/data/exchange/v1-DN01-1.jsonl, key in
 * its header) imports, a changed copy is refused.  Version 2 files are
 * signed with Ed25519ph: not a plain Ed25519 signature of the same bytes.
 */
/* The verifier's record callback (struct batch_hub.record): each record
 * once, in file order, after its own checks; a callback's error stops it. */
struct rec_hub {
	char pk[SIGN_PUBKEY_B64];
	int counts[5];
	int fail_on_sale;
};

static int rh_key(void *ctx, const char *showroom, char *out, size_t n, struct pos_error *err)
{
	(void)showroom;
	(void)err;
	snprintf(out, n, "%s", ((struct rec_hub *)ctx)->pk);
	return 0;
}

static int rh_has_sales(void *ctx, const char *showroom, const char *const *uuids, size_t n,
			int *found, struct pos_error *err)
{
	(void)ctx;
	(void)showroom;
	(void)uuids;
	(void)err;
	memset(found, 0, n * sizeof(*found));
	return 0;
}

static int rh_last_seq(void *ctx, const char *showroom, const char *reg, int year, int refunds,
		       long long *last, struct pos_error *err)
{
	(void)ctx;
	(void)showroom;
	(void)reg;
	(void)year;
	(void)refunds;
	(void)err;
	*last = 0;
	return 0;
}

static int rh_record(void *ctx, const char *type, const struct cJSON *o, struct pos_error *err)
{
	static const char *const types[5] = { "producer", "product", "lot", "sale", "move" };
	struct rec_hub *h = ctx;
	int t;

	assert_non_null(o);
	for (t = 0; t < 5 && strcmp(type, types[t]); t++)
		;
	assert_true(t < 5);
	if (t == 3 && h->fail_on_sale)
		return pos_fail(err, POS_ERR_IO, "staging failed on purpose");
	h->counts[t]++;
	return 0;
}

static void test_verify_records(void **state)
{
	struct fx *f = *state;
	struct batch_header h, out;
	struct pos_error err;
	struct rec_hub rh;
	struct batch_hub hub = { &rh, rh_key, rh_has_sales, rh_last_seq, rh_record };
	char *data;
	size_t n;

	memset(&rh, 0, sizeof(rh));
	assert_int_equal(sign_public_key(f->t.db, rh.pk, &err), 0);
	assert_int_equal(batch_export(f->t.db, NULL, 0, f->file[1], &h, &err), 0);
	data = slurp(f->file[1], &n);
	assert_int_equal(batch_verify(data, n, "f1", &hub, &out, &err), 0);
	assert_int_equal(rh.counts[0], h.producers);
	assert_int_equal(rh.counts[1], h.products);
	assert_int_equal(rh.counts[2], h.lots);
	assert_int_equal(rh.counts[3], h.sales);
	assert_int_equal(rh.counts[4], h.moves);
	/* a hub that cannot stage a record stops the verification with its reason */
	memset(rh.counts, 0, sizeof(rh.counts));
	rh.fail_on_sale = 1;
	assert_int_equal(batch_verify(data, n, "f1", &hub, &out, &err), POS_ERR_IO);
	assert_non_null(strstr(err.msg, "staging failed on purpose"));
	assert_int_equal(rh.counts[3], 0);
	free(data);
}

static void test_versions(void **state)
{
	struct fx *f = *state;
	struct batch_header h;
	struct batch_result res;
	struct pos_error err;
	char path[512], pk[SIGN_PUBKEY_B64], sig[SIGN_SIG_B64], *data, *p;
	const char *src = getenv("OCOP_SRC");
	size_t n, body;

	snprintf(path, sizeof(path), "%s/tests/data/exchange/v1-DN01-1.jsonl",
		 src && *src ? src : ".");
	data = slurp(path, &n);
	assert_int_equal(batch_check(data, n, &h, &err), 0);
	assert_int_equal(h.sales, 2);
	p = strstr(data, "\"public_key\":\"");
	assert_non_null(p);
	snprintf(pk, sizeof(pk), "%.44s", p + 14);
	assert_int_equal(sign_register(f->hub, "DN01", pk, &err), 0);
	/* one amount changed: refused for its signature, nothing written */
	p = strstr(data, "\"amount\":300000");
	assert_non_null(p);
	p[9] = '9';
	spit(f->file[2], data, n);
	assert_int_equal(batch_import(f->hub, f->file[2], &res, &err), POS_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "signature does not match"));
	assert_int_equal(testdb_query(f->hub, "SELECT count(*) FROM sale"), 0);
	p[9] = '3';
	/* the untouched file, from disk and from memory (already there) */
	assert_int_equal(batch_import(f->hub, path, &res, &err), 0);
	assert_int_equal(res.already, 0);
	assert_int_equal(res.sales_added, 2);
	assert_int_equal(res.moves_added, 4);
	assert_int_equal(testdb_query(f->hub, "SELECT count(*) FROM sale WHERE showroom = 'DN01'"), 2);
	if (batch_import_data(f->hub, data, n, "v1", &res, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(res.already, 1);
	free(data);

	/* version 2 (this code): Ed25519ph, which plain Ed25519 does not accept;
	 * a lot with an expiry before one without: each keeps its own (the
	 * import reuses its statements) */
	assert_int_equal(sqlite3_exec(db_handle(f->hn), "UPDATE lot SET expiry = '2027-06-30'"
				      " WHERE id = (SELECT min(id) FROM lot)", NULL, NULL, NULL),
			 SQLITE_OK);
	if (!testdb_query(f->hn, "SELECT count(*) FROM lot WHERE expiry IS NULL"))
		sell(f, f->hn, "HN01", "TH-1", 1, 150000, "2026-03-31", 0);
	assert_true(testdb_query(f->hn, "SELECT count(*) FROM lot WHERE expiry IS NULL") > 0);
	assert_int_equal(batch_export(f->hn, NULL, 0, f->file[1], &h, &err), 0);
	register_key(f->hn, f->hub, "HN01");
	assert_int_equal(batch_import(f->hub, f->file[1], &res, &err), 0);
	assert_int_equal(testdb_query(f->hub, "SELECT count(*) FROM lot WHERE lot_no LIKE 'HN01/%'"
				      " AND expiry = '2027-06-30'"), 1);
	assert_int_equal(testdb_query(f->hub, "SELECT count(*) FROM lot WHERE lot_no LIKE 'HN01/%'"
				      " AND expiry IS NULL"),
			 testdb_query(f->hn, "SELECT count(*) FROM lot WHERE expiry IS NULL"));
	data = slurp(f->file[1], &n);
	assert_non_null(strstr(data, "\"version\":2,"));
	for (body = n - 1; body > 0 && data[body - 1] != '\n'; body--)
		;
	p = strstr(data + body, "\"signature\":\"");
	assert_non_null(p);
	snprintf(sig, sizeof(sig), "%.88s", p + 13);
	assert_int_equal(sign_public_key(f->hn, pk, &err), 0);
	assert_int_equal(sign_verify_key(pk, "HN01", data, body, sig, &err), POS_ERR_REFUSED);
	{
		struct sign_stream ss;

		sign_stream_init(&ss);
		sign_stream_update(&ss, data, body / 3);
		sign_stream_update(&ss, data + body / 3, body - body / 3);
		assert_int_equal(sign_stream_verify_key(&ss, pk, "HN01", sig, &err), 0);
	}
	free(data);
}

/* ---- one reading (issue 16): written as checked, refused whole ---------- */

/* The lines of exchange file path before its signature line (each malloc'd). */
static size_t lines_of(const char *path, char **line, size_t max)
{
	size_t n, k = 0, i, start = 0;
	char *data = slurp(path, &n);

	for (i = 0; i < n; i++)
		if (data[i] == '\n') {
			assert_true(k < max);
			line[k] = malloc(i - start + 1);
			assert_non_null(line[k]);
			memcpy(line[k], data + start, i - start);
			line[k++][i - start] = '\0';
			start = i + 1;
		}
	free(data);
	assert_true(k > 1);
	free(line[--k]);                 /* the signature */
	return k;
}

/* Write line[0..n) to out, signed with signer's key (the file a showroom
 * could make by hand). */
static void signed_file(struct db *signer, const char *out, char *const *line, size_t n)
{
	struct sign_stream ss;
	char sig[SIGN_SIG_B64], tail[SIGN_SIG_B64 + 32];
	struct pos_error err;
	FILE *fp = fopen(out, "wb");
	size_t i;

	assert_non_null(fp);
	sign_stream_init(&ss);
	for (i = 0; i < n; i++) {
		sign_stream_update(&ss, line[i], strlen(line[i]));
		sign_stream_update(&ss, "\n", 1);
		fputs(line[i], fp);
		fputc('\n', fp);
	}
	assert_int_equal(sign_stream_final(signer, &ss, sig, &err), 0);
	snprintf(tail, sizeof(tail), "{\"signature\":\"%s\"}\n", sig);
	fputs(tail, fp);
	fclose(fp);
}

/* line with its first `old` replaced by `repl` (malloc'd; line is freed). */
static char *subst(char *line, const char *old, const char *repl)
{
	char *at = strstr(line, old), *r;
	size_t pre;

	assert_non_null(at);
	pre = (size_t)(at - line);
	r = malloc(strlen(line) + strlen(repl) + 1);
	assert_non_null(r);
	memcpy(r, line, pre);
	memcpy(r + pre, repl, strlen(repl));
	memcpy(r + pre + strlen(repl), at + strlen(old), strlen(at + strlen(old)) + 1);
	free(line);
	return r;
}

/* The index of the k-th (0-based) line holding what. */
static size_t line_with(char *const *line, size_t n, const char *what, int k)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strstr(line[i], what) && k-- == 0)
			return i;
	fail_msg("no line holds %s", what);
	return 0;
}

static void free_lines(char **line, size_t n)
{
	while (n)
		free(line[--n]);
}

/*
 * The import writes each record as soon as it is checked; a file refused
 * by a check that needs the whole file (a sale twice, the original of a
 * refund missing, the numbering) after records were written leaves the
 * hub exactly as it was.  Sales out of their numbers' order are fine.
 */
static void test_one_reading(void **state)
{
	struct fx *f = *state;
	struct batch_header h;
	struct batch_result res;
	struct pos_error err;
	char *line[64], *copy[64], out[220];
	size_t n, i, s1, s2;

	register_key(f->t.db, f->hub, "DN01");
	setenv("OCOP_POS_NOW", "2026-04-30T10:00:00Z", 1);
	sell(f, f->t.db, "DN01", "MO-1", 1, 150000, "2026-04-05", 1);   /* a refund of sale 1 */
	assert_int_equal(batch_export(f->t.db, NULL, 1, f->file[1], &h, &err), 0);
	assert_int_equal(h.sales, 3);
	n = lines_of(f->file[1], line, 64);
	s1 = line_with(line, n, "\"type\":\"sale\"", 0);
	s2 = line_with(line, n, "\"type\":\"sale\"", 1);
	snprintf(out, sizeof(out), "%s.x", f->file[1]);

	/* a sale twice (its UUID and its number): the count in the header agrees */
	for (i = 0; i < n; i++)
		copy[i] = strdup(line[i]);
	copy[0] = subst(copy[0], "\"sales\":3", "\"sales\":4");
	copy[n] = strdup(line[s2]);
	signed_file(f->t.db, out, copy, n + 1);
	refused(f, out, "appears twice in the file (receipts DN01-01-2026-000002 and "
		"DN01-01-2026-000002)");
	free_lines(copy, n + 1);
	/* the same number on two sales (a repeat inside the file) */
	for (i = 0; i < n; i++)
		copy[i] = strdup(line[i]);
	copy[0] = subst(copy[0], "\"sales\":3", "\"sales\":4");
	copy[n] = subst(strdup(line[s2]), "-000000000002\"", "-0000000000f2\"");
	signed_file(f->t.db, out, copy, n + 1);
	refused(f, out, "must go on from number 3, but the file has DN01-01-2026-000002");
	free_lines(copy, n + 1);
	/* a refund whose original is nowhere */
	i = line_with(line, n, "\"kind\":\"refund\"", 0);
	for (s1 = 0; s1 < n; s1++)
		copy[s1] = strdup(line[s1]);
	copy[i] = subst(copy[i], "\"original\":\"", "\"original\":\"f");
	copy[i] = subst(copy[i], "\"original\":\"f0", "\"original\":\"f");
	signed_file(f->t.db, out, copy, n);
	refused(f, out, "which the hub does not have from DN01");
	free_lines(copy, n);
	/* a refund before its original: the original is in the file, yet not
	 * written when the refund is (as before: refused, nothing written) */
	s1 = line_with(line, n, "\"type\":\"sale\"", 0);
	for (s2 = 0; s2 < n; s2++)
		copy[s2] = strdup(line[s2]);
	{
		char *t = copy[s1];

		copy[s1] = copy[i];
		copy[i] = t;
	}
	signed_file(f->t.db, out, copy, n);
	refused(f, out, "which the hub does not have: import the earlier files of DN01 first");
	free_lines(copy, n);
	/* a sale that names a product neither in the file nor at the hub */
	s2 = line_with(line, n, "\"type\":\"sale\"", 1);
	for (s1 = 0; s1 < n; s1++)
		copy[s1] = strdup(line[s1]);
	copy[s2] = subst(copy[s2], "\"product\":\"", "\"product\":\"ZZ");
	signed_file(f->t.db, out, copy, n);
	assert_int_equal(batch_import(f->hub, out, &res, &err), POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "which is neither in the file nor at the hub"));
	free_lines(copy, n);
	assert_int_equal(testdb_query(f->hub, "SELECT count(*) FROM sale"), 0);
	assert_int_equal(testdb_query(f->hub, "SELECT count(*) FROM showroom WHERE code = 'DN01'"), 0);

	/* the two sales the other way round: their numbers are still 1 and 2 */
	s1 = line_with(line, n, "\"type\":\"sale\"", 0);
	s2 = line_with(line, n, "\"type\":\"sale\"", 1);
	for (i = 0; i < n; i++)
		copy[i] = strdup(line[i]);
	{
		char *t = copy[s1];

		copy[s1] = copy[s2];
		copy[s2] = t;
	}
	signed_file(f->t.db, out, copy, n);
	assert_int_equal(batch_import(f->hub, out, &res, &err), 0);
	assert_int_equal(res.sales_added, 3);
	free_lines(copy, n);
	/* the hub's counters moved once per series, to the highest number */
	assert_int_equal(testdb_query(f->hub, "SELECT last FROM doc_counter WHERE showroom = 'DN01'"
				      " AND kind = 'sale'"), 2);
	assert_int_equal(testdb_query(f->hub, "SELECT last FROM doc_counter WHERE showroom = 'DN01'"
				      " AND kind = 'refund'"), 1);

	/* everything again (--all) with a sale the hub holds twice */
	assert_int_equal(batch_export(f->t.db, NULL, 1, f->file[2], &h, &err), 0);
	free_lines(line, n);
	n = lines_of(f->file[2], line, 64);
	s2 = line_with(line, n, "\"type\":\"sale\"", 1);
	for (i = 0; i < n; i++)
		copy[i] = strdup(line[i]);
	copy[0] = subst(copy[0], "\"sales\":3", "\"sales\":4");
	copy[n] = strdup(line[s2]);
	signed_file(f->t.db, out, copy, n + 1);
	refused(f, out, "appears twice in the file");
	free_lines(copy, n + 1);
	/* the same file again: nothing written, not even the showroom's name */
	testdb_exec(f->hub, "UPDATE showroom SET name = 'renamed' WHERE code = 'DN01'");
	assert_int_equal(batch_import(f->hub, f->file[2], &res, &err), 0);
	assert_int_equal(res.sales_skipped, 3);
	assert_int_equal(batch_import(f->hub, f->file[2], &res, &err), 0);
	assert_int_equal(res.already, 1);
	assert_int_equal(res.rows, 0);
	free_lines(line, n);
	/* (no `db check` here: the sales taken the other way round are stored
	 * against their clock, which it reports) */
	assert_int_equal(total(f->hub, "DN01", NULL), total(f->t.db, NULL, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_export_import, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tamper_truncate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sequence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hub_totals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trust, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trust_uuid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unsold_catalogue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_versions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_records, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_reading, setup, teardown),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);

	i18n_free();
	refdata_free();
	return r;
}
