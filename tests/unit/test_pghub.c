/*
 * test_pghub.c - the PostgreSQL hub (core/pghub.c) against a real server:
 * the trust cases of test_batch.c (files altered and signed again with the
 * showroom's own key) are refused with their reason and leave the hub
 * unchanged (a hash over every table); a reused UUID keeps both sales; the
 * same file twice adds nothing; imports of two showrooms at once both
 * succeed (no deadlock); totals equal the SQLite hub's; a sale's cash
 * rounding is kept, and a hub made before that column is upgraded by init;
 * a file repeating imported sales adds only the new ones.
 *
 * Needs OCOP_TEST_PG_URI (tests/pg/hub_pg.sh starts a throwaway cluster
 * and sets it); skipped without it.  Each test empties the database's
 * public schema first.
 */
#include <libpq-fe.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "core/batch.h"
#include "core/catalog.h"
#include "core/fileio.h"
#include "core/i18n.h"
#include "core/pghub.h"
#include "core/producer.h"
#include "core/report.h"
#include "core/showroom.h"
#include "core/sign.h"
#include "exchange_fx.h"

static const char *uri(void)
{
	return getenv("OCOP_TEST_PG_URI");
}

/* A fresh hub: the schema emptied, then pghub_init. */
static struct pghub *fresh_hub(void)
{
	struct pghub *h;
	struct pos_error err;
	PGconn *c;

	c = PQconnectdb(uri());
	assert_int_equal(PQstatus(c), CONNECTION_OK);
	PQclear(PQexec(c, "SET client_min_messages = warning; DROP SCHEMA public CASCADE;"
			  " CREATE SCHEMA public"));
	PQfinish(c);
	if (pghub_open(uri(), &h, &err) || pghub_init(h, "TQ", "Sở Tuyên Quang", "08", &err))
		fail_msg("hub: %s", err.msg);
	return h;
}

/* md5 over every row of every hub table: equal = unchanged. */
static void pg_hash(char out[64])
{
	static const char *const tables[] = {
		"showroom", "producer", "product", "offer", "lot", "sale", "sale_line",
		"sale_line_lot", "payment", "stock_move", "doc_counter", "batch_in", "sale_day",
		"sale_month", "sale_product", "audit",
	};
	PGconn *c = PQconnectdb(uri());
	char sql[4096] = "SELECT md5(''";
	PGresult *res;
	size_t i;

	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		snprintf(sql + strlen(sql), sizeof(sql) - strlen(sql),
			 " || coalesce((SELECT string_agg(t::text, '|' ORDER BY t::text) FROM %s t),"
			 " '-')", tables[i]);
	snprintf(sql + strlen(sql), sizeof(sql) - strlen(sql), ")");
	res = PQexec(c, sql);
	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	snprintf(out, 64, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	PQfinish(c);
}

static long long pg_count(const char *sql)
{
	PGconn *c = PQconnectdb(uri());
	PGresult *res = PQexec(c, sql);
	long long v;

	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	v = atoll(PQgetvalue(res, 0, 0));
	PQclear(res);
	PQfinish(c);
	return v;
}

static void pg_register(struct pghub *h, struct db *from, const char *code)
{
	char pk[SIGN_PUBKEY_B64];
	struct pos_error err;

	assert_int_equal(sign_public_key(from, pk, &err), 0);
	assert_int_equal(pghub_register(h, code, pk, 0, &err), 0);
}

static void pg_refused(struct pghub *h, const char *path, const char *want)
{
	char before[64], after[64];
	struct batch_result res;
	struct pos_error err;
	int r;

	pg_hash(before);
	r = pghub_import(h, path, &res, &err);
	if (r != POS_ERR_REFUSED || !strstr(err.msg, want))
		fail_msg("wanted a refusal saying \"%s\", got %d: %s", want, r, r ? err.msg : "");
	pg_hash(after);
	assert_string_equal(before, after);
}


static void test_pg_trust(void **state)
{
	struct fx *f = *state;
	struct pghub *h;
	struct batch_header hd;
	struct batch_result res;
	struct pos_error err;
	char bad[220], bad2[220];
	const char *s1 = "\"receipt_no\":\"DN01-01-2026-000001\"";
	const char *s2 = "\"receipt_no\":\"DN01-01-2026-000002\"";

	h = fresh_hub();
	pg_register(h, f->t.db, "DN01");
	pg_register(h, f->hn, "HN01");
	assert_int_equal(batch_export(f->t.db, NULL, 0, f->file[1], &hd, &err), 0);
	assert_int_equal(batch_export(f->hn, NULL, 0, f->file[2], &hd, &err), 0);
	assert_int_equal(pghub_import(h, f->file[2], &res, &err), 0);
	snprintf(bad, sizeof(bad), "%s.bad", f->file[1]);
	snprintf(bad2, sizeof(bad2), "%s.bad2", f->file[1]);

	tamper(f->t.db, f->file[1], bad, s2, s2, "\"receipt_no\":\"HN01-01-2026-000002\"");
	pg_refused(h, bad, "receipt number HN01-01-2026-000002 is not DN01's");
	tamper(f->t.db, f->file[1], bad, s1, "\"total\":300000", "\"total\":1");
	pg_refused(h, bad, "lines add up to 300000 (VAT 22222, discount 0) but the receipt says 1");
	tamper(f->t.db, f->file[1], bad, s1, "\"amount\":300000,\"vat_rate\"",
	       "\"amount\":5,\"vat_rate\"");
	pg_refused(h, bad, "VAT 22222 is not the VAT in 5 at 8%");
	tamper(f->t.db, f->file[1], bad, s1, "\"method\":\"cash\",\"amount\":300000",
	       "\"method\":\"cash\",\"amount\":1");
	pg_refused(h, bad, "payments add up to 1, not the total 300000");
	tamper(f->t.db, f->file[1], bad, s1, "\"business_date\":\"2026-03-02\"",
	       "\"business_date\":\"2026-12-02\"");
	pg_refused(h, bad, "outside the file's period");
	tamper(f->t.db, bad, bad2, "\"format\"", "\"to\":\"2026-03-31\"", "\"to\":\"2099-12-31\"");
	pg_refused(h, bad2, "after today");
	tamper(f->t.db, f->file[1], bad, s2, s2, "\"receipt_no\":\"DN01-01-2026-000003\"");
	tamper(f->t.db, bad, bad2, "DN01-01-2026-000003", "\"seq\":2", "\"seq\":3");
	pg_refused(h, bad2, "must go on from number 2");
	/* an unregistered key over DN01's: refused, then the honest file goes in */
	{
		char pk[SIGN_PUBKEY_B64];

		assert_int_equal(sign_public_key(f->hn, pk, &err), 0);
		assert_int_equal(pghub_register(h, "DN01", pk, 0, &err), POS_ERR_REFUSED);
		assert_non_null(strstr(err.msg, "--replace-key"));
	}
	assert_int_equal(pghub_import(h, f->file[1], &res, &err), 0);
	assert_int_equal(res.sales_added, 2);
	/* the same file again: nothing */
	assert_int_equal(pghub_import(h, f->file[1], &res, &err), 0);
	assert_int_equal(res.already, 1);
	/* a later file repeating number 2 */
	sell(f, f->t.db, "DN01", "MO-1", 1, 150000, "2026-03-31", 0);
	assert_int_equal(batch_export(f->t.db, NULL, 0, f->file[3], &hd, &err), 0);
	tamper(f->t.db, f->file[3], bad, "DN01-01-2026-000003", "DN01-01-2026-000003",
	       "DN01-01-2026-000002");
	tamper(f->t.db, bad, bad2, "DN01-01-2026-000002", "\"seq\":3", "\"seq\":2");
	pg_refused(h, bad2, "must go on from number 3");
	assert_int_equal(pghub_import(h, f->file[3], &res, &err), 0);
	assert_int_equal(pg_count("SELECT sum(amount) FROM sale_day WHERE showroom = 'DN01'"),
			 300000 + 120000 + 150000);
	assert_int_equal(pg_count("SELECT last FROM doc_counter WHERE showroom = 'DN01'"), 3);
	pghub_close(h);
}

static void test_pg_uuid(void **state)
{
	struct fx *f = *state;
	struct pghub *h;
	struct batch_header hd;
	struct batch_result res;
	struct pos_error err;
	char bad[220], bad2[230];
	const char *dn = "00000000-0000-4000-8000-000000000001";
	const char *hn = "00000000-0000-4000-8000-000000000003";
	char a[80], b[80];

	h = fresh_hub();
	pg_register(h, f->t.db, "DN01");
	pg_register(h, f->hn, "HN01");
	assert_int_equal(batch_export(f->t.db, NULL, 0, f->file[1], &hd, &err), 0);
	assert_int_equal(batch_export(f->hn, NULL, 0, f->file[2], &hd, &err), 0);
	assert_int_equal(pghub_import(h, f->file[2], &res, &err), 0);
	snprintf(bad, sizeof(bad), "%s.bad", f->file[1]);
	snprintf(bad2, sizeof(bad2), "%s.2", bad);
	snprintf(a, sizeof(a), "\"uuid\":\"%s\"", dn);
	snprintf(b, sizeof(b), "\"uuid\":\"%s\"", hn);
	tamper(f->t.db, f->file[1], bad, a, a, b);
	snprintf(a, sizeof(a), "\"sale\":\"%s\"", dn);
	snprintf(b, sizeof(b), "\"sale\":\"%s\"", hn);
	tamper(f->t.db, bad, bad2, a, a, b);
	assert_int_equal(pghub_import(h, bad2, &res, &err), 0);
	assert_int_equal(res.sales_added, 2);
	assert_int_equal(pg_count("SELECT count(*) FROM sale WHERE uuid ="
				  " '00000000-0000-4000-8000-000000000003'"), 2);
	assert_int_equal(pg_count("SELECT sum(amount) FROM sale_day WHERE showroom = 'HN01'"),
			 150000);
	assert_int_equal(pg_count("SELECT sum(amount) FROM sale_day WHERE showroom = 'DN01'"),
			 420000);
	pghub_close(h);
}

/* Run sql on the hub's database (no result wanted). */
static void pg_exec(const char *sql)
{
	PGconn *c = PQconnectdb(uri());
	PGresult *res = PQexec(c, sql);

	assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
	PQclear(res);
	PQfinish(c);
}

/*
 * A sale's cash rounding is stored (sale.cash_rounding, as at the SQLite
 * hub); a hub made before the column existed refuses to import until
 * init is run again, which adds it, and nothing is written before.
 */
static void test_pg_cash_rounding(void **state)
{
	struct fx *f = *state;
	struct pghub *h;
	struct batch_header hd;
	struct batch_result res;
	struct pos_error err;
	char before[64], after[64], file[220];

	h = fresh_hub();
	pg_register(h, f->t.db, "DN01");
	/* (sales are never edited at the showroom: the rounding is written into
	 * the file, signed again with the showroom's key) */
	assert_int_equal(batch_export(f->t.db, NULL, 0, f->file[1], &hd, &err), 0);
	snprintf(file, sizeof(file), "%s.rounded", f->file[1]);
	tamper(f->t.db, f->file[1], file, "\"receipt_no\":\"DN01-01-2026-000001\"",
	       "\"reason\":\"\"", "\"reason\":\"\",\"cash_rounding\":-500");
	/* an older hub: no column, no hub_sum */
	pg_exec("ALTER TABLE sale DROP COLUMN cash_rounding; DROP AGGREGATE hub_sum(bigint)");
	pghub_close(h);
	assert_int_equal(pghub_open(uri(), &h, &err), 0);
	pg_hash(before);
	assert_int_equal(pghub_import(h, file, &res, &err), POS_ERR_DB);
	assert_non_null(strstr(err.msg, "init --province-hub"));
	pg_hash(after);
	assert_string_equal(before, after);
	/* init again brings it up to date; the import goes in */
	assert_int_equal(pghub_init(h, "TQ", "Sở Tuyên Quang", "08", &err), 0);
	if (pghub_import(h, file, &res, &err))
		fail_msg("import: %s", err.msg);
	assert_int_equal(res.sales_added, 2);
	assert_int_equal(pg_count("SELECT cash_rounding FROM sale"
				  " WHERE receipt_no = 'DN01-01-2026-000001'"), -500);
	assert_int_equal(pg_count("SELECT cash_rounding FROM sale"
				  " WHERE receipt_no = 'DN01-01-2026-000002'"), 0);
	/* the figures around it stay as they were */
	assert_int_equal(pg_count("SELECT sum(total) FROM sale WHERE showroom = 'DN01'"),
			 300000 + 120000);
	pghub_close(h);
}

/*
 * A file that repeats sales the hub has (export --since over an imported
 * period): only the new sale goes in, its lines, payments, summaries and
 * counter once.
 */
static void test_pg_overlap(void **state)
{
	struct fx *f = *state;
	struct pghub *h;
	struct batch_header hd;
	struct batch_result res;
	struct pos_error err;

	h = fresh_hub();
	pg_register(h, f->t.db, "DN01");
	assert_int_equal(batch_export(f->t.db, NULL, 0, f->file[1], &hd, &err), 0);
	assert_int_equal(pghub_import(h, f->file[1], &res, &err), 0);
	assert_int_equal(res.sales_added, 2);
	sell(f, f->t.db, "DN01", "MO-1", 1, 150000, "2026-03-31", 0);
	assert_int_equal(batch_export(f->t.db, "2026-03-01", 0, f->file[2], &hd, &err), 0);
	assert_int_equal(hd.sales, 3);
	if (pghub_import(h, f->file[2], &res, &err))
		fail_msg("import: %s", err.msg);
	assert_int_equal(res.sales_added, 1);
	assert_int_equal(res.sales_skipped, 2);
	assert_int_equal(pg_count("SELECT count(*) FROM sale WHERE showroom = 'DN01'"), 3);
	assert_int_equal(pg_count("SELECT count(*) FROM sale_line WHERE showroom = 'DN01'"), 3);
	assert_int_equal(pg_count("SELECT count(*) FROM payment WHERE showroom = 'DN01'"), 3);
	assert_int_equal(pg_count("SELECT sum(amount) FROM sale_day WHERE showroom = 'DN01'"),
			 300000 + 120000 + 150000);
	assert_int_equal(pg_count("SELECT sum(amount) FROM sale_month WHERE showroom = 'DN01'"),
			 300000 + 120000 + 150000);
	assert_int_equal(pg_count("SELECT sum(sales) FROM sale_day WHERE showroom = 'DN01'"), 3);
	assert_int_equal(pg_count("SELECT last FROM doc_counter WHERE showroom = 'DN01'"), 3);
	pghub_close(h);
}

/* Two showrooms' files imported at once from two processes: both succeed. */
static void test_pg_concurrent(void **state)
{
	struct fx *f = *state;
	struct pghub *h;
	struct batch_header hd;
	struct pos_error err;
	pid_t pid[2];
	int i, k, status;

	h = fresh_hub();
	pg_register(h, f->t.db, "DN01");
	pg_register(h, f->hn, "HN01");
	/* more sales, in the same months and products, so the imports overlap */
	for (k = 0; k < 40; k++) {
		sell(f, f->t.db, "DN01", k % 2 ? "MO-1" : "TH-1", 1, 150000, "2026-03-20", 0);
		sell(f, f->hn, "HN01", k % 2 ? "TH-1" : "MO-1", 1, 150000, "2026-03-20", 0);
	}
	assert_int_equal(batch_export(f->t.db, NULL, 0, f->file[1], &hd, &err), 0);
	assert_int_equal(batch_export(f->hn, NULL, 0, f->file[2], &hd, &err), 0);
	pghub_close(h);
	for (i = 0; i < 2; i++) {
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0) {
			struct pghub *c;
			struct batch_result res;

			if (pghub_open(uri(), &c, &err) ||
			    pghub_import(c, f->file[1 + i], &res, &err)) {
				fprintf(stderr, "child %d: %s\n", i, err.msg);
				_exit(1);
			}
			pghub_close(c);
			_exit(0);
		}
	}
	for (i = 0; i < 2; i++) {
		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_int_equal(pg_count("SELECT count(*) FROM batch_in"), 2);
	assert_int_equal(pg_count("SELECT count(*) FROM sale"), 2 + 1 + 80);
	assert_int_equal(pg_count("SELECT sum(amount) FROM sale_month"),
			 300000 + 120000 + 150000 + 80 * 150000);
}

/* A forwarded file refused with want, the hub unchanged. */
static void fwd_refused(struct pghub *h, const char *data, size_t n, const struct pghub_fwd *fw,
			int code, const char *want)
{
	char before[64], after[64];
	struct batch_result res;
	struct pos_error err;
	int r;

	pg_hash(before);
	r = pghub_import_forwarded(h, data, n, "f", fw, &res, &err);
	if (r != code || !strstr(err.msg, want))
		fail_msg("wanted %d saying \"%s\", got %d: %s", code, want, r, r ? err.msg : "");
	pg_hash(after);
	assert_string_equal(before, after);
}

/*
 * The province's countersignature (this hub countersigns as province TQ
 * and, with TQ's key registered, takes the files as a national server).
 */
static void test_pg_countersign(void **state)
{
	struct fx *f = *state;
	struct pghub *h;
	struct batch_header hd;
	struct batch_result res;
	struct pghub_fwd fw, bad;
	struct pos_error err;
	char dn[SIGN_PUBKEY_B64], hn[SIGN_PUBKEY_B64], code[17], pk[SIGN_PUBKEY_B64];
	char path[230], *data, *alt;
	size_t n, an;

	h = fresh_hub();
	assert_int_equal(sign_public_key(f->t.db, dn, &err), 0);
	assert_int_equal(sign_public_key(f->hn, hn, &err), 0);
	assert_int_equal(batch_export(f->t.db, NULL, 0, f->file[1], &hd, &err), 0);
	assert_int_equal(fileio_read(f->file[1], BATCH_FILE_MAX, &data, &n, &err), 0);
	assert_int_equal(pghub_countersign(h, data, n, dn, &fw, &err), 0);
	assert_string_equal(fw.province, "TQ");
	/* no key registered for the province */
	fwd_refused(h, data, n, &fw, POS_ERR_NOT_FOUND, "no key is registered for province TQ");
	assert_int_equal(pghub_hub_key(h, code, pk, &err), 0);
	assert_string_equal(code, "TQ");
	assert_int_equal(pghub_register_province(h, "TQ", pk, 0, &err), 0);
	/* another key over TQ's: refused without --replace-key */
	assert_int_equal(pghub_register_province(h, "TQ", hn, 0, &err), POS_ERR_REFUSED);
	assert_non_null(strstr(err.msg, "--replace-key"));
	/* the file altered and signed again by the showroom: its own signature
	 * holds, the province's countersignature does not */
	snprintf(path, sizeof(path), "%s.alt", f->file[1]);
	tamper(f->t.db, f->file[1], path, "\"receipt_no\":\"DN01-01-2026-000001\"",
	       "\"reason\":\"\"", "\"reason\":\"x\"");
	assert_int_equal(fileio_read(path, BATCH_FILE_MAX, &alt, &an, &err), 0);
	fwd_refused(h, alt, an, &fw, POS_ERR_REFUSED, "province TQ's countersignature does not verify");
	free(alt);
	/* another showroom key slipped in */
	bad = fw;
	snprintf(bad.showroom_key, sizeof(bad.showroom_key), "%s", hn);
	fwd_refused(h, data, n, &bad, POS_ERR_REFUSED, "countersignature does not verify");
	/* the signature itself altered */
	bad = fw;
	bad.sig[5] = bad.sig[5] == 'A' ? 'B' : 'A';
	fwd_refused(h, data, n, &bad, POS_ERR_REFUSED, "countersignature does not verify");
	/* claimed by another province */
	bad = fw;
	snprintf(bad.province, sizeof(bad.province), "DN");
	fwd_refused(h, data, n, &bad, POS_ERR_NOT_FOUND, "no key is registered for province DN");
	/* the honest one: imported, its countersignature kept */
	assert_int_equal(pghub_import_forwarded(h, data, n, "f", &fw, &res, &err), 0);
	assert_int_equal(res.sales_added, 2);
	assert_int_equal(pg_count("SELECT count(*) FROM batch_in WHERE via = 'TQ'"
				  " AND via_sig IS NOT NULL"), 1);
	assert_int_equal(pg_count("SELECT sum(amount) FROM sale_day WHERE showroom = 'DN01'"),
			 420000);
	free(data);
	pghub_close(h);
}

/* ---- commercialization from its summary (sale_month_com, sale_sku_span) ---- */

/* Every row of the all-showrooms commercialization of [from, to], as text. */
static void com_text(struct pghub *h, const char *from, const char *to, char *out, size_t n)
{
	struct report_filter fl;
	struct report_com *c;
	struct pos_error err;
	size_t i, len = 0;

	report_filter_init(&fl);
	snprintf(fl.from, sizeof(fl.from), "%s", from);
	snprintf(fl.to, sizeof(fl.to), "%s", to);
	if (pghub_report_commercialization(h, &fl, &c, &err))
		fail_msg("commercialization: %s", err.msg);
	out[0] = '\0';
	for (i = 0; i < c->n && len < n; i++) {
		const struct report_com_row *r = &c->rows[i];

		len += (size_t)snprintf(out + len, n - len, "%s a=%lld s=%lld q=%lld mo=%d sr=%d"
					" prev=%lld first=%s last=%s ns=%d\n", r->sku,
					(long long)r->cur.amount, (long long)r->cur.sales,
					(long long)r->cur.qty_milli, r->months, r->showrooms,
					(long long)r->prev.amount, r->first_sale, r->last_sale,
					r->no_sales);
	}
	report_com_free(c);
}

/*
 * The same rows worked out the way the report did before its summary:
 * per product over the per-showroom day rows (showrooms with a sale
 * counted one by one), every product offered listed.
 */
static void com_expected(const char *from, const char *to, char *out, size_t n)
{
	PGconn *c = PQconnectdb(uri());
	const char *p[2] = { from, to };
	PGresult *res = PQexecParams(c,
		"WITH d AS (SELECT * FROM sale_day WHERE business_date BETWEEN $1::date AND $2::date),"
		" pv AS (SELECT * FROM sale_day WHERE business_date BETWEEN"
		"  ($1::date - interval '1 year')::date AND ($2::date - interval '1 year')::date)"
		" SELECT p.sku, coalesce(sum(d.amount), 0), coalesce(sum(d.sales), 0),"
		" coalesce(sum(d.qty_milli), 0),"
		" count(DISTINCT date_trunc('month', d.business_date)) FILTER (WHERE d.sales > 0),"
		" count(DISTINCT d.showroom) FILTER (WHERE d.sales > 0),"
		" coalesce((SELECT sum(amount) FROM pv WHERE pv.sku = p.sku), 0),"
		" coalesce((SELECT min(first_date)::text FROM sale_product s WHERE s.sku = p.sku), ''),"
		" coalesce((SELECT max(last_date)::text FROM sale_product s WHERE s.sku = p.sku), ''),"
		" (coalesce(sum(d.sales), 0) = 0)::int"
		" FROM product p LEFT JOIN d ON d.sku = p.sku"
		" WHERE EXISTS (SELECT 1 FROM offer o WHERE o.sku = p.sku) OR d.sku IS NOT NULL"
		" GROUP BY p.sku, p.stars ORDER BY (coalesce(sum(d.sales), 0) = 0) DESC,"
		" CASE WHEN coalesce(sum(d.sales), 0) = 0 THEN -p.stars ELSE 0 END,"
		" coalesce(sum(d.amount), 0) DESC, p.sku", 2, NULL, p, NULL, NULL, 0);
	size_t len = 0;
	int i;

	assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
	out[0] = '\0';
	for (i = 0; i < PQntuples(res) && len < n; i++)
		len += (size_t)snprintf(out + len, n - len, "%s a=%s s=%s q=%s mo=%s sr=%s prev=%s"
					" first=%s last=%s ns=%s\n", PQgetvalue(res, i, 0),
					PQgetvalue(res, i, 1), PQgetvalue(res, i, 2),
					PQgetvalue(res, i, 3), PQgetvalue(res, i, 4),
					PQgetvalue(res, i, 5), PQgetvalue(res, i, 6),
					PQgetvalue(res, i, 7), PQgetvalue(res, i, 8),
					PQgetvalue(res, i, 9));
	PQclear(res);
	PQfinish(c);
}

static const char *const com_periods[][2] = {
	{ "2026-01-01", "2026-12-31" },  /* whole months: the summary alone */
	{ "2026-03-04", "2026-05-20" },  /* days around a whole month */
	{ "2026-03-03", "2026-03-04" },  /* no whole month */
	{ "2027-03-01", "2027-05-31" },  /* nothing sold; 2026 the year before */
	{ "2021-02-01", "2026-12-31" },  /* over 63 months: their bits as a bit string */
	{ "2025-03-15", "2027-02-10" },  /* a whole year, months and days around it */
	{ "2026-01-01", "2027-12-31" },  /* whole years */
};
#define NCOM (sizeof(com_periods) / sizeof(com_periods[0]))

/* The report of every period equals the expected rows; its text into got[]. */
static void com_check(struct pghub *h, char got[][2048])
{
	char want[2048];
	size_t i;

	for (i = 0; i < NCOM; i++) {
		com_text(h, com_periods[i][0], com_periods[i][1], got[i], sizeof(got[i]));
		com_expected(com_periods[i][0], com_periods[i][1], want, sizeof(want));
		assert_string_equal(got[i], want);
	}
}

/*
 * The commercialization read from its summary gives what the per-showroom
 * rows give (amounts, months, showrooms that sold, first and last sale,
 * the never-sold product NS-1 listed), also after the same files again and
 * in a hub made before the summary (filled by pghub_init).
 */
static void test_pg_com_summary(void **state)
{
	struct fx *f = *state;
	char got[NCOM][2048], again[NCOM][2048];
	struct batch_header hd;
	struct batch_result res;
	struct pos_error err;
	struct product p;
	struct pghub *h;
	PGconn *c;
	size_t i;

	product_init(&p);
	snprintf(p.sku, sizeof(p.sku), "NS-1");
	snprintf(p.name, sizeof(p.name), "Miến dong chưa bán");
	snprintf(p.producer, sizeof(p.producer), "HTX-A");
	snprintf(p.origin_province, sizeof(p.origin_province), "08");
	p.ocop_group = 1;
	p.stars = 5;
	p.price = 50000;
	p.vat_rate = 8;
	assert_int_equal(catalog_save(f->t.db, &p, "test", NULL, &err), 0);
	setenv("OCOP_POS_NOW", "2026-05-31T10:00:00Z", 1);
	sell(f, f->hn, "HN01", "TH-1", 2, 240000, "2026-04-10", 0);
	sell(f, f->t.db, "DN01", "MO-1", 1, 150000, "2026-04-15", 0);
	sell(f, f->hn, "HN01", "MO-1", 1, 150000, "2026-05-20", 0);
	sell(f, f->t.db, "DN01", "MO-1", 3, 450000, "2026-05-28", 0);
	h = fresh_hub();
	pg_register(h, f->t.db, "DN01");
	pg_register(h, f->hn, "HN01");
	assert_int_equal(batch_export(f->t.db, NULL, 1, f->file[1], &hd, &err), 0);
	assert_int_equal(batch_export(f->hn, NULL, 1, f->file[2], &hd, &err), 0);
	assert_int_equal(pghub_import(h, f->file[1], &res, &err), 0);
	assert_int_equal(pghub_import(h, f->file[2], &res, &err), 0);
	com_check(h, got);
	assert_non_null(strstr(got[0], "NS-1 a=0 s=0 q=0 mo=0 sr=0 prev=0 first= last= ns=1\n"));
	assert_non_null(strstr(got[0], "MO-1 a=1200000 s=5 q=8000 mo=3 sr=2 "));
	/* the same files again: nothing changes */
	for (i = 1; i <= 2; i++) {
		assert_int_equal(pghub_import(h, f->file[i], &res, &err), 0);
		assert_int_equal(res.already, 1);
	}
	com_check(h, again);
	for (i = 0; i < NCOM; i++)
		assert_string_equal(got[i], again[i]);
	/* a hub made before the summary: pghub_init numbers the showrooms and fills it */
	c = PQconnectdb(uri());
	PQclear(PQexec(c, "SET client_min_messages = warning; DROP TABLE sale_month_com,"
			  " sale_year_com, sale_sku_span; ALTER TABLE showroom DROP COLUMN num;"
			  " DROP SEQUENCE showroom_num"));
	PQfinish(c);
	assert_int_equal(pghub_init(h, "TQ", "Sở Tuyên Quang", "08", &err), 0);
	assert_int_equal(pg_count("SELECT count(*) FROM sale_month_com"), 5);
	assert_int_equal(pg_count("SELECT count(*) FROM sale_year_com"), 2);
	com_check(h, again);
	for (i = 0; i < NCOM; i++)
		assert_string_equal(got[i], again[i]);
	pghub_close(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pg_trust, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pg_uuid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pg_concurrent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pg_countersign, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pg_cash_rounding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pg_overlap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pg_com_summary, setup, teardown),
	};
	int r;

	if (!uri()) {
		/* the unit suite runs without a server: tests/pg/hub_pg.sh runs this */
		printf("1..0 # SKIP OCOP_TEST_PG_URI is not set (the pg suite sets it)\n");
		return 0;
	}
	r = cmocka_run_group_tests(tests, NULL, NULL);
	i18n_free();
	refdata_free();
	return r;
}
