/*
 * bench_sale.c - a durable sale commit against a bare SQLite
 * insert-and-commit of the same rows (budget: within 2x, DESIGN.md).
 *
 * 1. Builds a throw-away database under $BENCH_DIR (default /var/tmp, a
 *    real disk: fsync must cost what it costs at the till) with a
 *    showroom, users, BENCH_PRODUCTS products (default 500) each with a
 *    lot of stock, and an open shift.
 * 2. Then, alternately so both see the same disk:
 *    - sale_complete() of a 3-line cart paid in cash (the cart is built
 *      in memory beforehand, untimed): numbering, checks, FEFO, lines,
 *      lots, payment, audit, commit with synchronous=FULL in WAL;
 *    - baseline: a raw sqlite3 connection to the same file with the same
 *      pragmas doing BEGIN IMMEDIATE, the same rows (counter upsert, sale,
 *      3 lines, 3 line lots, 3 stock moves with their triggers, payment)
 *      with prepared statements and pre-computed values, COMMIT.
 *    - the same sale_complete() on a second database built alike but
 *      whose fiscal journal triggers are dropped: the commit as it was
 *      before the journal (issue 12), so the chain's own cost shows.
 * 3. Prints them, their ratios and the verdicts (sale <= 2x bare; with
 *    the journal <= 1.3x without); also the cost of building the cart
 *    (three scans), which is not part of the commit.
 *
 * Knobs: BENCH_SALES (300), BENCH_PRODUCTS (500), BENCH_DIR, BENCH_KEEP=1,
 * BENCH_CPU=1 (process CPU time instead of the wall clock: on a loaded
 * machine, and with BENCH_DIR=/dev/shm, the work without the disk).
 * Timings are printed, never asserted.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/catalog.h"
#include "core/db.h"
#include "core/journal.h"
#include "core/producer.h"
#include "core/refdata.h"
#include "core/sale.h"
#include "core/shift.h"
#include "core/showroom.h"
#include "core/stock.h"
#include "core/user.h"
#include "bench.h"

#define BUDGET_RATIO 2.0
#define CHAIN_BUDGET 1.3

struct ctx {
	struct db *db;
	sqlite3 *raw;
	struct user cashier;
	long nproducts;
	long long *lot_ids;
	char (*skus)[PRODUCT_SKU_MAX];
	struct bench_rand rnd;
	struct cart cart;
	uint64_t *sale_ns, *base_ns, *cart_ns;
	size_t n;
	long long seq;
	char dir[256];
	const char *file;       /* the database's name in dir */
};

static int fail(const char *what, const struct pos_error *err)
{
	fprintf(stderr, "bench_sale: %s: %s\n", what, err ? pos_error_text(err) : "");
	return 1;
}

static int setup(struct ctx *c)
{
	struct pos_error err;
	struct showroom s;
	struct producer p;
	struct user admin;
	struct shift sh;
	struct stock_receipt_line *lines;
	char path[300], grn[STOCK_DOC_MAX];
	int changed;
	long i;

	if (refdata_load(NULL, &err))
		return fail("refdata", &err);
	snprintf(path, sizeof(path), "%s/%s", c->dir, c->file);
	if (db_open(path, DB_CREATE, &c->db, &err))
		return fail("db_open", &err);
	showroom_init_struct(&s);
	snprintf(s.code, sizeof(s.code), "BN01");
	snprintf(s.name, sizeof(s.name), "Điểm OCOP thử tải");
	snprintf(s.province, sizeof(s.province), "48");
	if (showroom_create(c->db, &s, &err))
		return fail("showroom", &err);
	if (user_add(c->db, NULL, "admin", "", ROLE_ADMIN, "1111", &admin, &err) ||
	    user_add(c->db, &admin, "thungan", "", ROLE_CASHIER, "1234", &c->cashier, &err))
		return fail("users", &err);
	producer_init(&p);
	snprintf(p.code, sizeof(p.code), "HTX-BENCH");
	snprintf(p.name, sizeof(p.name), "Hợp tác xã thử tải");
	snprintf(p.province, sizeof(p.province), "48");
	if (producer_save(c->db, &p, &changed, &err))
		return fail("producer", &err);
	lines = calloc((size_t)c->nproducts, sizeof(*lines));
	c->lot_ids = calloc((size_t)c->nproducts, sizeof(*c->lot_ids));
	c->skus = calloc((size_t)c->nproducts, sizeof(*c->skus));
	if (!lines || !c->lot_ids || !c->skus)
		return fail("out of memory", NULL);
	if (db_begin(c->db, &err))
		return fail("begin", &err);
	for (i = 0; i < c->nproducts; i++) {
		struct product pr;
		static const int rates[] = { 0, 5, 8, 10 };

		product_init(&pr);
		snprintf(pr.sku, sizeof(pr.sku), "BS-%05ld", i);
		snprintf(pr.name, sizeof(pr.name), "Mật ong rừng số %ld", i);
		snprintf(pr.producer, sizeof(pr.producer), "HTX-BENCH");
		snprintf(pr.origin_province, sizeof(pr.origin_province), "48");
		pr.ocop_group = 1;
		pr.stars = 3 + (int)(i % 3);
		pr.price = 10000 + (i * 7919) % 500 * 1000;
		pr.vat_rate = rates[i % 4];
		if (product_validate(&pr, &err) || catalog_save(c->db, &pr, "bench", &changed, &err))
			return fail("product", &err);
		snprintf(c->skus[i], sizeof(c->skus[i]), "%s", pr.sku);
		lines[i].product_id = pr.id;
		lines[i].qty_milli = 1000000000;
		lines[i].unit_cost = pr.price / 2;
	}
	if (db_commit(c->db, &err))
		return fail("commit", &err);
	if (stock_receive(c->db, NULL, NULL, lines, (size_t)c->nproducts, grn, &err))
		return fail("stock_receive", &err);
	for (i = 0; i < c->nproducts; i++)
		c->lot_ids[i] = lines[i].lot_id;
	free(lines);
	if (shift_open(c->db, &c->cashier, "01", 0, &sh, &err))
		return fail("shift_open", &err);
	if (sqlite3_open_v2(path, &c->raw, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    sqlite3_exec(c->raw, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
			 "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000", NULL, NULL,
			 NULL) != SQLITE_OK || journal_register(c->raw) != SQLITE_OK)
		return fail("raw open", NULL);
	return 0;
}

/* Drop the fiscal journal's row triggers: the commit as it was before. */
static int drop_journal(struct ctx *c)
{
	sqlite3 *h = db_handle(c->db);
	sqlite3_stmt *st;
	char sql[128];
	char names[64][64];
	int n = 0, i;

	if (sqlite3_prepare_v2(h, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND "
			       "name LIKE 'journal%' AND name NOT LIKE 'journal_no_%'", -1, &st,
			       NULL) != SQLITE_OK)
		return fail("listing the journal triggers", NULL);
	while (n < 64 && sqlite3_step(st) == SQLITE_ROW)
		snprintf(names[n++], sizeof(names[0]), "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	for (i = 0; i < n; i++) {
		snprintf(sql, sizeof(sql), "DROP TRIGGER \"%s\"", names[i]);
		if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK)
			return fail("dropping a journal trigger", NULL);
	}
	return n > 0 ? 0 : fail("no journal triggers found", NULL);
}

/* A 3-line cart of random products, paid in cash (untimed except cart_ns). */
static int make_cart(struct ctx *c, size_t i, long pick[3])
{
	struct pos_error err;
	uint64_t t0 = bench_now_ns();
	int k;

	if (cart_init(&c->cart, "01", c->cashier.id, &err))
		return fail("cart_init", &err);
	c->cart.transient = 1;
	for (k = 0; k < 3; k++) {
		pick[k] = (long)bench_rand_below(&c->rnd, (size_t)c->nproducts);
		if (cart_add_code(&c->cart, c->db, NULL, c->skus[pick[k]], 1000 + k * 1000, &err))
			return fail("cart_add_code", &err);
	}
	if (cart_pay(&c->cart, c->db, PAY_CASH, 0, 0, NULL, &err))
		return fail("cart_pay", &err);
	c->cart_ns[i] = bench_now_ns() - t0;
	return 0;
}

static int sale_one(struct ctx *c, size_t i)
{
	struct sale_result res;
	struct pos_error err;
	long pick[3];
	uint64_t t0;

	if (make_cart(c, i, pick))
		return 1;
	t0 = bench_now_ns();
	if (sale_complete(c->db, &c->cart, &c->cashier, &res, &err))
		return fail("sale_complete", &err);
	c->sale_ns[i] = bench_now_ns() - t0;
	cart_release(&c->cart);
	return 0;
}

static int step(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	while (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The same rows with bare prepared statements and pre-computed values. */
static int base_one(struct ctx *c, size_t i, sqlite3_stmt **st)
{
	char uuid[40], no[48];
	long long sale_id, line_id;
	long pick[3];
	uint64_t t0;
	int k;

	for (k = 0; k < 3; k++)
		pick[k] = (long)bench_rand_below(&c->rnd, (size_t)c->nproducts);
	snprintf(uuid, sizeof(uuid), "bench-%zu-%lld", i, c->seq);
	c->seq++;
	snprintf(no, sizeof(no), "BN01-99-2026-%06lld", c->seq);
	t0 = bench_now_ns();
	if (sqlite3_exec(c->raw, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return fail("raw begin", NULL);
	if (step(st[0]))
		goto fail;
	sqlite3_bind_text(st[1], 1, uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st[1], 2, no, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st[1], 3, c->seq);
	if (step(st[1]))
		goto fail;
	sale_id = sqlite3_last_insert_rowid(c->raw);
	for (k = 0; k < 3; k++) {
		sqlite3_bind_int64(st[2], 1, sale_id);
		sqlite3_bind_int(st[2], 2, k + 1);
		sqlite3_bind_int64(st[2], 3, (long long)pick[k] + 1);
		if (step(st[2]))
			goto fail;
		line_id = sqlite3_last_insert_rowid(c->raw);
		sqlite3_bind_int64(st[3], 1, line_id);
		sqlite3_bind_int64(st[3], 2, c->lot_ids[pick[k]]);
		if (step(st[3]))
			goto fail;
		sqlite3_bind_int64(st[4], 1, c->lot_ids[pick[k]]);
		sqlite3_bind_int64(st[4], 2, (long long)pick[k] + 1);
		sqlite3_bind_text(st[4], 3, no, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st[4], 4, line_id);
		if (step(st[4]))
			goto fail;
	}
	sqlite3_bind_int64(st[5], 1, sale_id);
	if (step(st[5]))
		goto fail;
	if (sqlite3_exec(c->raw, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	c->base_ns[i] = bench_now_ns() - t0;
	return 0;
fail:
	fprintf(stderr, "bench_sale: baseline: %s\n", sqlite3_errmsg(c->raw));
	sqlite3_exec(c->raw, "ROLLBACK", NULL, NULL, NULL);
	return 1;
}

static const char *const base_sql[] = {
	"INSERT INTO doc_counter(showroom, register, year, kind, last) VALUES ('BN01', '99', "
	"2026, 'sale', 1) ON CONFLICT(showroom, register, year, kind) DO UPDATE SET "
	"last = last + 1 RETURNING last",
	"INSERT INTO sale(uuid, kind, receipt_no, showroom, register, seq, shift_id, user_id, at, "
	"business_date, gross, discount, total, vat, seller_name) VALUES (?1, 'sale', ?2, 'BN01', "
	"'99', ?3, 1, 2, '2026-11-22T03:00:00Z', '2026-11-22', 60000, 0, 60000, 5455, 'x')",
	"INSERT INTO sale_line(sale_id, line_no, product_id, sku, name, unit, stars, qty_milli, "
	"list_price, unit_price, discount, amount, vat_rate, vat, cost, commission, business_date) "
	"VALUES (?1, ?2, ?3, 'BS-00001', 'Mật ong rừng số 1', 'cái', 4, 1000, 20000, 20000, 0, "
	"20000, 10, 1818, 10000, 0, '2026-11-22')",
	"INSERT INTO sale_line_lot(sale_line_id, lot_id, qty_milli, unit_cost, commission_bp) "
	"VALUES (?1, ?2, 1000, 10000, 0)",
	"INSERT INTO stock_move(lot_id, product_id, qty_milli, kind, doc, sale_line_id, user_id, "
	"at, business_date) VALUES (?1, ?2, -1000, 'sale', ?3, ?4, 2, '2026-11-22T03:00:00Z', "
	"'2026-11-22')",
	"INSERT INTO payment(sale_id, method, amount, tendered, change) VALUES (?1, 'cash', "
	"60000, 60000, 0)",
};

int main(void)
{
	struct ctx c, c0;
	struct bench_result rs, rb, rc, r0;
	sqlite3_stmt *st[6] = { NULL }, *st0[6] = { NULL };
	const char *dir = getenv("BENCH_DIR");
	long nsales = bench_env_long("BENCH_SALES", 300);
	size_t i, k;
	int r = 1;

	memset(&c, 0, sizeof(c));
	memset(&c0, 0, sizeof(c0));
	c.file = "bench.db";
	c.nproducts = bench_env_long("BENCH_PRODUCTS", 500);
	if (nsales < 0 || c.nproducts < 0)
		return 1;
	setenv("OCOP_POS_NOW", "2026-11-22T03:00:00Z", 1);
	snprintf(c.dir, sizeof(c.dir), "%s/ocop-bench-sale-XXXXXX", dir && *dir ? dir : "/var/tmp");
	if (!mkdtemp(c.dir)) {
		perror("bench_sale: mkdtemp");
		return 1;
	}
	bench_rand_seed(&c.rnd, 42);
	c.n = (size_t)nsales;
	c.sale_ns = calloc(c.n, sizeof(uint64_t));
	c.base_ns = calloc(c.n, sizeof(uint64_t));
	c.cart_ns = calloc(c.n, sizeof(uint64_t));
	if (!c.sale_ns || !c.base_ns || !c.cart_ns)
		goto out;
	c0.file = "nochain.db";
	c0.nproducts = c.nproducts;
	c0.n = c.n;
	bench_rand_seed(&c0.rnd, 42);
	memcpy(c0.dir, c.dir, sizeof(c.dir));
	c0.sale_ns = calloc(c.n, sizeof(uint64_t));
	c0.base_ns = calloc(c.n, sizeof(uint64_t));
	c0.cart_ns = calloc(c.n, sizeof(uint64_t));
	if (!c0.sale_ns || !c0.base_ns || !c0.cart_ns)
		goto out;
	fprintf(stderr, "bench_sale: %ld products, %ld sales in %s\n", c.nproducts, nsales, c.dir);
	if (setup(&c) || setup(&c0) || drop_journal(&c0))
		goto out;
	for (k = 0; k < 6; k++)
		if (sqlite3_prepare_v2(c.raw, base_sql[k], -1, &st[k], NULL) != SQLITE_OK ||
		    sqlite3_prepare_v2(c0.raw, base_sql[k], -1, &st0[k], NULL) != SQLITE_OK) {
			fprintf(stderr, "bench_sale: %s\n", sqlite3_errmsg(c.raw));
			goto out;
		}
	/* warm-up: one of each */
	/* Both databases see the same traffic: a sale, then the baseline's
	 * rows from a second connection (which makes the next sale reload
	 * what that connection changed). */
	if (sale_one(&c, 0) || base_one(&c, 0, st) || sale_one(&c0, 0) || base_one(&c0, 0, st0))
		goto out;
	for (i = 0; i < c.n; i++)
		if (sale_one(&c, i) || base_one(&c, i, st) || sale_one(&c0, i) ||
		    base_one(&c0, i, st0))
			goto out;
	bench_summarise("bare insert+commit (baseline)", c.base_ns, c.n, &rb);
	bench_summarise("sale_complete (3 lines, cash)", c.sale_ns, c.n, &rs);
	bench_summarise("cart: 3 scans + payment (untimed)", c.cart_ns, c.n, &rc);
	bench_summarise("sale_complete, no journal (before)", c0.sale_ns, c0.n, &r0);
	printf("durable sale commit: WAL, synchronous=FULL, %zu sales, dir %s\n", c.n, c.dir);
	bench_print_header();
	bench_print(&rb, NULL);
	bench_print(&rs, &rb);
	bench_print(&rc, NULL);
	bench_print(&r0, NULL);
	bench_verdict("durable sale commit <= 2x bare insert-and-commit", "median ratio",
		      rb.median_us > 0 ? rs.median_us / rb.median_us : 0, BUDGET_RATIO, "x");
	bench_verdict("fiscal journal: sale commit <= 1.3x the commit without it", "median ratio",
		      r0.median_us > 0 ? rs.median_us / r0.median_us : 0, CHAIN_BUDGET, "x");
	r = 0;
out:
	for (k = 0; k < 6; k++) {
		sqlite3_finalize(st[k]);
		sqlite3_finalize(st0[k]);
	}
	if (c.raw)
		sqlite3_close(c.raw);
	db_close(c.db);
	if (c0.raw)
		sqlite3_close(c0.raw);
	db_close(c0.db);
	free(c0.lot_ids);
	free(c0.skus);
	free(c0.sale_ns);
	free(c0.base_ns);
	free(c0.cart_ns);
	free(c.lot_ids);
	free(c.skus);
	free(c.sale_ns);
	free(c.base_ns);
	free(c.cart_ns);
	if (getenv("BENCH_KEEP")) {
		printf("kept %s\n", c.dir);
	} else {
		char cmd[400];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", c.dir);
		if (system(cmd) != 0)
			fprintf(stderr, "bench_sale: could not remove %s\n", c.dir);
	}
	return r;
}
