/*
 * bench_stock.c - stock list and alerts at 100,000 products and 1,000,000
 * ledger rows.
 *
 * 1. Builds a throw-away database under /tmp: 500 producers, N products
 *    (BENCH_PRODUCTS, default 100000) with reorder levels and certificate
 *    dates, two lots per product (one consigned in five, expiries spread
 *    over -30..+700 days), and M ledger rows (BENCH_MOVES, default
 *    1000000): one receipt per lot, the rest sales and a few adjustments.
 *    The rows go in with plain SQL; the cache trigger is set aside during
 *    the load and the caches are rebuilt from the ledger afterwards (the
 *    trigger's own cost is not what is measured here).
 * 2. Baseline, same run: the plain SQL aggregate of the same rows,
 *    `SELECT product_id, sum(qty_milli) FROM stock_move GROUP BY
 *    product_id`, stepped to the end, as SQLite plans it (through the
 *    product index), and the same forced to a table scan (NOT INDEXED),
 *    which is faster on a cold cache.
 * 3. stock_list (all, and filtered by province and by owner), stock_lots,
 *    stock_alerts (which includes the cache-versus-ledger check, itself a
 *    full aggregate of the ledger), each reported as a ratio to the
 *    baseline; stock_on_hand against `SELECT sum(qty_milli) ... WHERE
 *    product_id = ?` for random products; stock_take_fefo inside one
 *    transaction (rolled back) against a bare INSERT of the same row.
 *
 * Knobs: BENCH_PRODUCTS, BENCH_MOVES, BENCH_ROUNDS (5), BENCH_KEEP=1 (keep
 * the database and print its path).  Timings are printed, never asserted.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/db.h"
#include "core/refdata.h"
#include "core/stock.h"
#include "bench.h"

#define NPRODUCERS 500

struct ctx {
	struct db *db;
	sqlite3 *h;
	sqlite3_stmt *st;
	struct stock_filter f;
	long nprod;
	struct bench_rand rnd;
	long long rows;
	long long lot_id;
};

static int exec(sqlite3 *h, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "bench: %s\n  in: %.120s\n", msg ? msg : "?", sql);
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int load(struct ctx *c, long nprod, long nmoves)
{
	sqlite3 *h = c->h;
	sqlite3_stmt *st = NULL;
	char trig[2048] = "", sku[32], name[96], lot[32], day[11];
	long i, k, n = 0;
	int rc;

	if (exec(h, "BEGIN") ||
	    exec(h, "WITH RECURSIVE i(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM i WHERE n < 500) "
		    "INSERT INTO producer (code, name, name_fold, kind, province, created_at, updated_at) "
		    "SELECT 'P' || n, 'Hợp tác xã số ' || n, 'hop tac xa so ' || n, 'cooperative', "
		    "printf('%02d', (n % 5) * 10 + 1), '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' "
		    "FROM i"))
		return -1;
	/* the provinces above (01 11 21 31 41) need not be real for the bench */
	if (sqlite3_prepare_v2(h, "INSERT INTO product (sku, name, name_fold, unit, producer_id, "
			       "origin_province, ocop_group, stars, price, vat_rate, shelf_life_days, "
			       "reorder_milli, cert_expires, created_at, updated_at) VALUES (?1, ?2, "
			       "vn_fold(?2), 'hộp', ?3, ?4, ?5, ?6, ?7, 8, 365, ?8, ?9, "
			       "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')", -1, &st, NULL))
		return -1;
	for (i = 1; i <= nprod; i++) {
		long m = (long)bench_rand_below(&c->rnd, 700);

		snprintf(sku, sizeof(sku), "SP-%06ld", i);
		snprintf(name, sizeof(name), "Sản phẩm OCOP số %ld", i);
		snprintf(day, sizeof(day), "20%02ld-%02ld-15", 26 + m / 365, 1 + (m / 30) % 12);
		sqlite3_bind_text(st, 1, sku, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 3, 1 + i % NPRODUCERS);
		sqlite3_bind_text(st, 4, (i % 5) ? "01" : "46", -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 5, 1 + (int)(i % 5));
		sqlite3_bind_int(st, 6, 3 + (int)(i % 3));
		sqlite3_bind_int64(st, 7, 50000 + (i % 40) * 5000);
		sqlite3_bind_int64(st, 8, (i % 3) ? 5000 : 0);
		sqlite3_bind_text(st, 9, day, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto fail;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	st = NULL;
	/* two lots per product: the first owned, the second consigned in one of five */
	if (sqlite3_prepare_v2(h, "INSERT INTO lot (product_id, lot_no, expiry, received_on, "
			       "unit_cost, owner_producer_id, commission_bp, created_at) VALUES "
			       "(?1, ?2, date('2026-11-22', ?3), '2025-11-01', ?4, ?5, ?6, "
			       "'2026-01-01T00:00:00Z')", -1, &st, NULL))
		goto fail;
	for (i = 1; i <= nprod; i++)
		for (k = 0; k < 2; k++) {
			int consigned = k == 1 && i % 5 == 0;
			char off[16];

			snprintf(lot, sizeof(lot), "L%ld-%ld", i, k);
			snprintf(off, sizeof(off), "%+ld days",
				 (long)bench_rand_below(&c->rnd, 730) - 30);
			sqlite3_bind_int64(st, 1, i);
			sqlite3_bind_text(st, 2, lot, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(st, 3, off, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(st, 4, 30000 + (i % 40) * 3000);
			if (consigned) {
				sqlite3_bind_int64(st, 5, 1 + i % NPRODUCERS);
				sqlite3_bind_int(st, 6, 2000);
			} else {
				sqlite3_bind_null(st, 5);
				sqlite3_bind_int(st, 6, 0);
			}
			if (sqlite3_step(st) != SQLITE_DONE)
				goto fail;
			sqlite3_reset(st);
		}
	sqlite3_finalize(st);
	st = NULL;
	/* the ledger, with the cache trigger set aside */
	if (sqlite3_prepare_v2(h, "SELECT sql FROM sqlite_master WHERE name = 'stock_move_balance'",
			       -1, &st, NULL) || sqlite3_step(st) != SQLITE_ROW)
		goto fail;
	snprintf(trig, sizeof(trig), "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	st = NULL;
	if (exec(h, "DROP TRIGGER stock_move_balance"))
		goto fail;
	if (sqlite3_prepare_v2(h, "INSERT INTO stock_move (lot_id, product_id, qty_milli, kind, "
			       "reason, doc, at, business_date) VALUES (?1, ?2, ?3, ?4, '', ?5, "
			       "'2026-06-01T03:00:00Z', ?6)", -1, &st, NULL))
		goto fail;
	for (i = 1; i <= nprod && n < nmoves; i++)
		for (k = 0; k < 2 && n < nmoves; k++, n++) {
			sqlite3_bind_int64(st, 1, 2 * (i - 1) + k + 1);
			sqlite3_bind_int64(st, 2, i);
			sqlite3_bind_int64(st, 3, 40000);
			sqlite3_bind_text(st, 4, "receive", -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 5, "GRN", -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 6, "2025-11-01", -1, SQLITE_STATIC);
			if (sqlite3_step(st) != SQLITE_DONE)
				goto fail;
			sqlite3_reset(st);
		}
	for (; n < nmoves; n++) {
		long p = 1 + (long)bench_rand_below(&c->rnd, (size_t)nprod);
		long l = 2 * (p - 1) + 1 + (long)bench_rand_below(&c->rnd, 2);
		int adj = n % 50 == 0;

		snprintf(day, sizeof(day), "2026-%02ld-%02ld", 1 + n % 11, 1 + n % 28);
		sqlite3_bind_int64(st, 1, l);
		sqlite3_bind_int64(st, 2, p);
		sqlite3_bind_int64(st, 3, adj ? -500 : -1000);
		sqlite3_bind_text(st, 4, adj ? "adjust" : "sale", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, adj ? "ADJ" : "DN01-01-2026-1", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, day, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto fail;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (exec(h, "UPDATE lot SET on_hand_milli = coalesce((SELECT sum(qty_milli) FROM stock_move "
		    "m WHERE m.lot_id = lot.id), 0)") ||
	    exec(h, "INSERT INTO stock_balance (product_id, on_hand_milli) SELECT product_id, "
		    "sum(qty_milli) FROM stock_move GROUP BY product_id") ||
	    exec(h, trig) || exec(h, "COMMIT") || exec(h, "ANALYZE"))
		goto fail;
	return 0;
fail:
	rc = sqlite3_errcode(h);
	fprintf(stderr, "bench: loading failed: %s (%d)\n", sqlite3_errmsg(h), rc);
	sqlite3_finalize(st);
	exec(h, "ROLLBACK");
	return -1;
}

/* ---- measured calls ---------------------------------------------------- */

static int baseline(void *vc, size_t i)
{
	struct ctx *c = vc;
	long long rows = 0;
	int rc;

	(void)i;
	sqlite3_reset(c->st);
	while ((rc = sqlite3_step(c->st)) == SQLITE_ROW)
		rows += sqlite3_column_int64(c->st, 1) != 0;
	c->rows = rows;
	return rc == SQLITE_DONE ? 0 : -1;
}

static int count_product(void *vc, const struct stock_product_row *r)
{
	struct ctx *c = vc;

	c->rows += r->on_hand_milli != 0 || r->nlots >= 0;
	return 0;
}

static int count_lot(void *vc, const struct stock_lot_row *r)
{
	struct ctx *c = vc;

	c->rows += r->lot_id > 0;
	return 0;
}

static int count_alert(void *vc, const struct stock_alert *a)
{
	struct ctx *c = vc;

	c->rows += a->sku[0] != 0;
	return 0;
}

static int list_all(void *vc, size_t i)
{
	struct ctx *c = vc;

	(void)i;
	c->rows = 0;
	return stock_list(c->db, &c->f, count_product, c, NULL);
}

static int lots_all(void *vc, size_t i)
{
	struct ctx *c = vc;

	(void)i;
	c->rows = 0;
	return stock_lots(c->db, &c->f, 0, count_lot, c, NULL);
}

static int alerts(void *vc, size_t i)
{
	struct ctx *c = vc;

	(void)i;
	c->rows = 0;
	return stock_alerts(c->db, &c->f, 30, 60, count_alert, c, NULL);
}

static int raw_on_hand(void *vc, size_t i)
{
	struct ctx *c = vc;
	int rc;

	(void)i;
	sqlite3_reset(c->st);
	sqlite3_bind_int64(c->st, 1, 1 + (long long)bench_rand_below(&c->rnd, (size_t)c->nprod));
	rc = sqlite3_step(c->st);
	c->rows += sqlite3_column_int64(c->st, 0) != 0;
	return rc == SQLITE_ROW ? 0 : -1;
}

static int on_hand(void *vc, size_t i)
{
	struct ctx *c = vc;
	int64_t q;

	(void)i;
	return stock_on_hand(c->db, 1 + (long long)bench_rand_below(&c->rnd, (size_t)c->nprod), &q,
			     NULL);
}

static int raw_insert(void *vc, size_t i)
{
	struct ctx *c = vc;
	int rc;

	(void)i;
	sqlite3_reset(c->st);
	sqlite3_bind_int64(c->st, 1, 2 * (c->lot_id - 1) + 1);
	sqlite3_bind_int64(c->st, 2, c->lot_id);
	rc = sqlite3_step(c->st);
	c->lot_id = 1 + (c->lot_id % c->nprod);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int take(void *vc, size_t i)
{
	static const struct stock_doc d = { "sale", "BENCH", "", 0, 0 };
	struct ctx *c = vc;
	struct stock_alloc *a = NULL;
	size_t n;
	int r;

	(void)i;
	r = stock_take_fefo(c->db, c->lot_id, 1000, &d, &a, &n, NULL);
	free(a);
	c->lot_id = 1 + (c->lot_id % c->nprod);
	return r == 0 || r == POS_ERR_REFUSED ? 0 : r;
}

int main(void)
{
	struct bench_result base, scan, r_list, r_prov, r_owner, r_lots, r_alerts, b_one, r_one, b_ins,
		r_take;
	struct pos_error err = { 0 };
	struct ctx c;
	char dir[64] = "/tmp/ocop-bench-XXXXXX", path[128], f[160];
	const char *keep_env = getenv("BENCH_KEEP");
	int keep = keep_env && strcmp(keep_env, "1") == 0, status = 1;
	long nprod = bench_env_long("BENCH_PRODUCTS", 100000);
	long nmoves = bench_env_long("BENCH_MOVES", 1000000);
	long rounds = bench_env_long("BENCH_ROUNDS", 5);
	long long nlist, nlots, nalerts;
	uint64_t t0;

	if (nprod < 0 || nmoves < 0 || rounds < 0)
		return 1;
	memset(&c, 0, sizeof(c));
	bench_rand_seed(&c.rnd, 42);
	c.nprod = nprod;
	if (!mkdtemp(dir)) {
		perror("bench: mkdtemp");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/stock.db", dir);
	if (refdata_load(NULL, &err) || db_open(path, DB_CREATE, &c.db, &err)) {
		fprintf(stderr, "bench: %s\n", err.msg);
		goto out;
	}
	c.h = db_handle(c.db);
	printf("== stock benchmark: %ld products, %ld lots, %ld ledger rows, SQLite %s ==\n", nprod,
	       2 * nprod, nmoves, sqlite3_libversion());
	t0 = bench_now_ns();
	if (load(&c, nprod, nmoves))
		goto out;
	printf("load: %.1f s\n", (double)(bench_now_ns() - t0) / 1e9);

	bench_print_header();
	if (sqlite3_prepare_v2(c.h, "SELECT product_id, sum(qty_milli) FROM stock_move "
			       "GROUP BY product_id", -1, &c.st, NULL) ||
	    bench_run("baseline: SQL aggregate of the ledger", (size_t)rounds, baseline, &c, &base))
		goto out;
	sqlite3_finalize(c.st);
	c.st = NULL;
	bench_print(&base, NULL);
	if (sqlite3_prepare_v2(c.h, "SELECT product_id, sum(qty_milli) FROM stock_move NOT INDEXED "
			       "GROUP BY product_id", -1, &c.st, NULL) ||
	    bench_run("baseline: the same, table scan", (size_t)rounds, baseline, &c, &scan))
		goto out;
	sqlite3_finalize(c.st);
	c.st = NULL;
	bench_print(&scan, &base);
	if (bench_run("stock_list (all)", (size_t)rounds, list_all, &c, &r_list))
		goto out;
	nlist = c.rows;
	bench_print(&r_list, &base);
	snprintf(c.f.province, sizeof(c.f.province), "46");
	if (bench_run("stock_list --province 46", (size_t)rounds, list_all, &c, &r_prov))
		goto out;
	bench_print(&r_prov, &base);
	memset(&c.f, 0, sizeof(c.f));
	snprintf(c.f.owner, sizeof(c.f.owner), "consigned");
	if (bench_run("stock_list --owner consigned", (size_t)rounds, list_all, &c, &r_owner))
		goto out;
	bench_print(&r_owner, &base);
	memset(&c.f, 0, sizeof(c.f));
	if (bench_run("stock_lots (all)", (size_t)rounds, lots_all, &c, &r_lots))
		goto out;
	nlots = c.rows;
	bench_print(&r_lots, &base);
	if (bench_run("stock_alerts (30 d, cert 60 d)", (size_t)rounds, alerts, &c, &r_alerts))
		goto out;
	nalerts = c.rows;
	bench_print(&r_alerts, &base);

	if (sqlite3_prepare_v2(c.h, "SELECT sum(qty_milli) FROM stock_move WHERE product_id = ?1",
			       -1, &c.st, NULL) ||
	    bench_run("baseline: SUM of one product's moves", 2000, raw_on_hand, &c, &b_one))
		goto out;
	sqlite3_finalize(c.st);
	c.st = NULL;
	bench_print(&b_one, NULL);
	if (bench_run("stock_on_hand (cache)", 2000, on_hand, &c, &r_one))
		goto out;
	bench_print(&r_one, &b_one);

	if (db_begin(c.db, &err) ||
	    sqlite3_prepare_v2(c.h, "INSERT INTO stock_move (lot_id, product_id, qty_milli, kind, "
			       "doc, at, business_date) VALUES (?1, ?2, -1000, 'sale', 'BENCH', "
			       "'2026-11-22T03:00:00Z', '2026-11-22')", -1, &c.st, NULL))
		goto out;
	c.lot_id = 1;
	if (bench_run("baseline: bare INSERT of a sale move", 2000, raw_insert, &c, &b_ins))
		goto out;
	sqlite3_finalize(c.st);
	c.st = NULL;
	bench_print(&b_ins, NULL);
	c.lot_id = 1;
	if (bench_run("stock_take_fefo (1 unit, no commit)", 2000, take, &c, &r_take))
		goto out;
	bench_print(&r_take, &b_ins);
	db_rollback(c.db);

	printf("rows: stock list %lld, lots %lld, alerts %lld\n", nlist, nlots, nalerts);
	printf("summary: list %.0f ms (%.2fx the aggregate, %.2fx its table scan), alerts %.0f ms "
	       "(%.2fx, %.2fx), on hand %.1f us (%.2fx a SUM)\n", r_list.median_us / 1e3,
	       r_list.median_us / base.median_us, r_list.median_us / scan.median_us,
	       r_alerts.median_us / 1e3, r_alerts.median_us / base.median_us,
	       r_alerts.median_us / scan.median_us, r_one.median_us,
	       r_one.median_us / b_one.median_us);
	status = 0;
out:
	if (c.st)
		sqlite3_finalize(c.st);
	db_close(c.db);
	if (keep) {
		printf("database kept: %s\n", path);
	} else {
		unlink(path);
		snprintf(f, sizeof(f), "%s-wal", path);
		unlink(f);
		snprintf(f, sizeof(f), "%s-shm", path);
		unlink(f);
		rmdir(dir);
	}
	return status;
}
