/*
 * bench_pghub.c - the PostgreSQL hub (core/pghub.c), ratios in one run.
 *
 * Needs OCOP_BENCH_PG_URI: tests/bench/bench_pghub.sh starts a throwaway
 * cluster and sets it (`make bench` runs that script).  Sizes:
 * BENCH_PG_LINES (300,000) sale lines of one showroom over 2025, made by
 * gen_sales.h (with lots, stock moves, payments) and kept in
 * build/bench-data/; the run is repeated at a quarter of that size, so the
 * growth shows.  For each size:
 *   1. import of the showroom's exchange file (export --all) into a fresh
 *      hub (verification, COPY into staging, merge, summaries), against a
 *      bare COPY of the same rows (sale, lines, line lots, payments, moves,
 *      read back from the hub) into tables of the same shape and keys;
 *   2. the per-product report for 2025 (pghub_report_products), against
 *      the plain aggregate over the month summaries; commercialization
 *      for 2025 (with 2024);
 *   3. the same file into an SQLite hub (batch_import) and the same
 *      per-product year there (report_sales), for comparison (skipped
 *      with BENCH_SQLITE=0);
 * the import and its bare COPY are run BENCH_PG_IMPORT_ROUNDS (5) times,
 * each into a fresh hub; the ratio printed is the median of the rounds';
 * and once, at the end: the import of one more showroom's day (about 300
 * lines, BENCH_PG_DAYS files) end to end, into the hub holding the year.
 * The national simulation (34 provinces x 60 showrooms, millions of lines)
 * is tests/bench/bench_pgnational.c.
 * Timings are printed, never asserted.
 */
#include <libpq-fe.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/batch.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/pghub.h"
#include "core/refdata.h"
#include "core/report.h"
#include "core/showroom.h"
#include "core/sign.h"
#include "bench.h"
#include "bench_pg.h"
#include "gen_sales.h"

#define DATA_DIR "build/bench-data"

static const char *uri;

static int ensure(const char *path, const struct gen_opts *o)
{
	struct stat sb;
	struct pos_error err;
	char tmp[256];
	uint64_t t0;

	if (stat(path, &sb) == 0)
		return 0;
	mkdir("build", 0755);
	mkdir(DATA_DIR, 0755);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	unlink(tmp);
	t0 = bench_now_ns();
	if (gen_sales(tmp, o, &err)) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return -1;
	}
	fprintf(stderr, "\ngenerated %s in %.1f s\n", path, (double)(bench_now_ns() - t0) / 1e9);
	return rename(tmp, path);
}

/* An empty database, then the hub's schema. */
static struct pghub *fresh_hub(void)
{
	PGconn *c = bench_pg_connect(uri);
	struct pghub *h;
	struct pos_error err;

	bench_pg_must(c, "DROP SCHEMA public CASCADE; CREATE SCHEMA public");
	PQfinish(c);
	if (pghub_open(uri, &h, &err) || pghub_init(h, "VN", "Bench", "01", &err)) {
		fprintf(stderr, "bench: %s\n", err.msg);
		exit(1);
	}
	return h;
}

/* The showroom at path: its exchange file (--all) into file; its key into pk. */
static void export_all(const char *path, const char *file, char pk[SIGN_PUBKEY_B64],
		       struct batch_header *h)
{
	struct db *db;
	struct pos_error err;

	if (db_open(path, 0, &db, &err) || sign_public_key(db, pk, &err) ||
	    batch_export(db, NULL, 1, file, h, &err)) {
		fprintf(stderr, "bench: %s\n", err.msg);
		exit(1);
	}
	db_close(db);
}

static const char *const tables[] = { "sale", "sale_line", "sale_line_lot", "payment",
				      "stock_move" };
#define NTABLES (sizeof(tables) / sizeof(tables[0]))

/* A bare COPY of the rows the import wrote: seconds, and the row count in *rows. */
static double bare_copy(long long *rows)
{
	PGconn *c = bench_pg_connect(uri);
	char *data[NTABLES];
	size_t len[NTABLES], cap;
	char sql[200];
	uint64_t t0;
	size_t i;

	*rows = 0;
	for (i = 0; i < NTABLES; i++) {
		PGresult *r;
		char *buf;
		int n;

		snprintf(sql, sizeof(sql), "COPY (SELECT * FROM %s) TO STDOUT", tables[i]);
		r = PQexec(c, sql);
		PQclear(r);
		data[i] = NULL;
		len[i] = cap = 0;
		while ((n = PQgetCopyData(c, &buf, 0)) > 0) {
			if (len[i] + (size_t)n > cap) {
				cap = (len[i] + (size_t)n) * 2;
				data[i] = realloc(data[i], cap);
			}
			memcpy(data[i] + len[i], buf, (size_t)n);
			len[i] += (size_t)n;
			PQfreemem(buf);
			(*rows)++;
		}
		while ((r = PQgetResult(c)))
			PQclear(r);
		snprintf(sql, sizeof(sql), "DROP TABLE IF EXISTS bare_%s; CREATE TABLE bare_%s"
			 " (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)",
			 tables[i], tables[i], tables[i]);
		bench_pg_must(c, sql);
	}
	t0 = bench_now_ns();
	bench_pg_must(c, "BEGIN");
	for (i = 0; i < NTABLES; i++) {
		PGresult *r;

		snprintf(sql, sizeof(sql), "COPY bare_%s FROM STDIN", tables[i]);
		r = PQexec(c, sql);
		PQclear(r);
		if (len[i] && PQputCopyData(c, data[i], (int)len[i]) != 1)
			exit(1);
		PQputCopyEnd(c, NULL);
		while ((r = PQgetResult(c)))
			PQclear(r);
		free(data[i]);
	}
	bench_pg_must(c, "COMMIT");
	t0 = bench_now_ns() - t0;
	PQfinish(c);
	return (double)t0 / 1e9;
}

struct rep {
	struct pghub *h;
	PGconn *c;
	struct report_filter f;
};

static int run_products(void *v, size_t i)
{
	struct rep *x = v;
	struct report *r;
	struct pos_error err;
	(void)i;

	if (pghub_report_products(x->h, &x->f, &r, &err))
		return 1;
	report_free(r);
	return 0;
}

static int run_com(void *v, size_t i)
{
	struct rep *x = v;
	struct report_com *r;
	struct pos_error err;
	(void)i;

	if (pghub_report_commercialization(x->h, &x->f, &r, &err))
		return 1;
	report_com_free(r);
	return 0;
}

struct sq {
	struct db *db;
	struct report_filter f;
};

static int run_sq_products(void *v, size_t i)
{
	struct sq *x = v;
	struct report *r;
	struct pos_error err;
	(void)i;

	if (report_sales(x->db, REPORT_PRODUCTS, &x->f, &r, &err))
		return 1;
	report_free(r);
	return 0;
}

/* The showroom at path into a fresh SQLite hub, and its year report there. */
static void sqlite_hub(const char *path, const struct report_filter *f, long rounds)
{
	char file[160], hubpath[160], pk[SIGN_PUBKEY_B64];
	struct batch_header hd;
	struct batch_result res;
	struct bench_result r;
	struct pos_error err;
	struct showroom s;
	struct sq x;
	uint64_t t0;
	double t;

	snprintf(file, sizeof(file), "%s.sq.jsonl", path);
	snprintf(hubpath, sizeof(hubpath), "%s.hub.db", path);
	unlink(hubpath);
	export_all(path, file, pk, &hd);
	if (db_open(hubpath, DB_CREATE, &x.db, &err))
		goto fail;
	showroom_init_struct(&s);
	snprintf(s.code, sizeof(s.code), "VN");
	snprintf(s.name, sizeof(s.name), "Bench");
	snprintf(s.province, sizeof(s.province), "01");
	s.is_hub = 1;
	if (showroom_create(x.db, &s, &err) || sign_register(x.db, "HN01", pk, &err))
		goto fail;
	t0 = bench_now_ns();
	if (batch_import(x.db, file, &res, &err))
		goto fail;
	t = (double)(bench_now_ns() - t0) / 1e9;
	printf("  SQLite hub: import %7.2f s  %9.0f rows/s\n", t, (double)res.rows / t);
	x.f = *f;
	if (bench_run("SQLite hub: report products 2025", (size_t)rounds, run_sq_products, &x, &r))
		goto fail;
	bench_print(&r, NULL);
	db_close(x.db);
	unlink(file);
	unlink(hubpath);
	return;
fail:
	fprintf(stderr, "bench: %s\n", err.msg);
	exit(1);
}

/*
 * The year 2025 at hub h (c: a plain connection, closed here): the plain
 * aggregates over sale_month and sale_month_all, the per-product report
 * and commercialization, against the budgets.  x keeps the filter.
 */
static void reports(struct pghub *h, PGconn *c, long rounds, struct rep *x)
{
	struct bench_result prod, com, plain, plain_all, plain_year;
	struct bench_pg_plain pm = { c, BENCH_PG_PLAIN("sale_month", "month") };
	struct bench_pg_plain pa = { c, BENCH_PG_PLAIN("sale_month_all", "month") };
	struct bench_pg_plain py = { c, BENCH_PG_PLAIN("sale_year_com", "year") };

	memset(x, 0, sizeof(*x));
	x->h = h;
	x->c = c;
	report_filter_init(&x->f);
	snprintf(x->f.from, sizeof(x->f.from), "2025-01-01");
	snprintf(x->f.to, sizeof(x->f.to), "2025-12-31");
	bench_print_header();
	if (bench_run("plain aggregate over sale_month", (size_t)rounds, bench_pg_plain_run, &pm,
		      &plain) ||
	    bench_run("plain aggregate over sale_month_all", (size_t)rounds, bench_pg_plain_run,
		      &pa, &plain_all) ||
	    bench_run("plain aggregate over sale_year_com", (size_t)rounds, bench_pg_plain_run,
		      &py, &plain_year) ||
	    bench_run("report products 2025", (size_t)rounds, run_products, x, &prod) ||
	    bench_run("report commercialization 2025", (size_t)rounds, run_com, x, &com))
		exit(1);
	bench_print(&plain, NULL);
	bench_print(&plain_all, &plain);
	bench_print(&plain_year, &plain);
	bench_print(&prod, &plain);
	printf("  report products / plain aggregate over sale_year_com: %.2fx\n",
	       prod.median_us / plain_year.median_us);
	bench_print(&com, &plain);
	bench_verdict("per-product year < 1 s", "median", prod.median_us / 1e3, 1000, "ms");
	bench_verdict("per-product year <= 1.5x plain aggregate", "ratio",
		      prod.median_us / plain.median_us, 1.5001, "x");
	bench_verdict("commercialization year < 2 s", "median", com.median_us / 1e3, 2000, "ms");
	PQfinish(c);
	x->c = NULL;
}

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of v[0..n) (sorted here). */
static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), dbl_cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/*
 * One size: import against bare COPY (BENCH_PG_IMPORT_ROUNDS times, each
 * into a fresh hub, each followed by its bare COPY: the ratio's median),
 * reports against the plain aggregate.
 */
static struct pghub *one_size(long lines, long rounds, long import_rounds)
{
	struct gen_opts o = { "HN01", "2025-01-01", 365, 0, 1, 3 };
	char path[128], file[160], pk[SIGN_PUBKEY_B64];
	struct batch_header hd;
	struct batch_result res;
	struct pos_error err;
	struct pghub *h = NULL;
	struct rep x;
	long long copy_rows = 0;
	double ti[16], tc[16], ratio[16];
	uint64_t t0;
	long k;

	o.lines = lines;
	snprintf(path, sizeof(path), DATA_DIR "/pghub-%ld.db", lines);
	snprintf(file, sizeof(file), DATA_DIR "/pghub-%ld.jsonl", lines);
	if (ensure(path, &o))
		exit(1);
	export_all(path, file, pk, &hd);
	printf("\n%ld sale lines (%lld sales) of one showroom over 2025\n", lines, hd.sales);
	for (k = 0; k < import_rounds; k++) {
		if (h)
			pghub_close(h);
		h = fresh_hub();
		if (pghub_register(h, "HN01", pk, 0, &err))
			goto fail;
		t0 = bench_now_ns();
		if (pghub_import(h, file, &res, &err))
			goto fail;
		ti[k] = (double)(bench_now_ns() - t0) / 1e9;
		tc[k] = bare_copy(&copy_rows);
		ratio[k] = tc[k] / ti[k];
		printf("  round %ld: import %7.2f s  %9.0f rows/s, bare COPY of the same %lld rows"
		       " %7.2f s  %9.0f rows/s, ratio %.2f\n", k + 1, ti[k],
		       (double)copy_rows / ti[k], copy_rows, tc[k], (double)copy_rows / tc[k],
		       ratio[k]);
	}
	{
		double mi = median(ti, (size_t)import_rounds), mc = median(tc, (size_t)import_rounds);

		printf("  import (verify+COPY+merge+summaries) %7.2f s  %9.0f rows/s  (median)\n", mi,
		       (double)copy_rows / mi);
		printf("  bare COPY of the same %lld rows      %7.2f s  %9.0f rows/s  (median)\n",
		       copy_rows, mc, (double)copy_rows / mc);
		printf("  import speed / bare COPY speed         %7.2f  (median of %ld rounds;"
		       " budget: at least 0.5)\n", median(ratio, (size_t)import_rounds),
		       import_rounds);
	}
	unlink(file);

	reports(h, bench_pg_connect(uri), rounds, &x);
	if (getenv("BENCH_SQLITE") && !strcmp(getenv("BENCH_SQLITE"), "0"))
		printf("  SQLite hub: skipped (BENCH_SQLITE=0)\n");
	else
		sqlite_hub(path, &x.f, rounds);
	return h;
fail:
	fprintf(stderr, "bench: %s\n", err.msg);
	exit(1);
}

/* path's next exchange file (since the last) into file, as of now. */
static void export_next(const char *path, const char *file, const char *now,
			struct batch_header *h)
{
	struct pos_error err;
	struct db *db;

	setenv("OCOP_POS_NOW", now, 1);
	if (db_open(path, 0, &db, &err) || batch_export(db, NULL, 0, file, h, &err)) {
		fprintf(stderr, "bench: %s\n", err.msg);
		exit(1);
	}
	db_close(db);
}

static uint64_t timed_import(struct pghub *h, const char *file)
{
	struct batch_result res;
	struct pos_error err;
	uint64_t t0 = bench_now_ns();

	if (pghub_import(h, file, &res, &err)) {
		fprintf(stderr, "bench: %s\n", err.msg);
		exit(1);
	}
	t0 = bench_now_ns() - t0;
	unlink(file);
	return t0;
}

/*
 * Showrooms' days (about 300 lines a day) imported into the hub h, end to
 * end: each showroom's first file (its whole catalogue new to the hub:
 * 1000 products and offers), then its next file (the same catalogue, as
 * every file after the first; the export takes whatever the database
 * holds, so here the first file has both generated days and the next one
 * only the catalogue: the fixed cost of a file, printed with its sales).
 */
static void day_imports(struct pghub *h, long n)
{
	uint64_t *first = calloc((size_t)n, sizeof(*first)), *next = calloc((size_t)n, sizeof(*next));
	struct bench_result r1, r2;
	long k, lines = 0;

	for (k = 0; k < n; k++) {
		/* sales, lines, payments and the whole catalogue (1000 products), no
		 * lots: with lots the generator would add the showroom's first
		 * receipt of all 1000 lots, which is no day's business */
		struct gen_opts o = { NULL, "2025-12-30", 2, 600, 0, 0 };
		char code[32], path[128], file[160], pk[SIGN_PUBKEY_B64];
		struct batch_header hd;
		struct pos_error err;

		snprintf(code, sizeof(code), "DAY%02d", (int)(k % 100));
		o.code = code;
		o.seed = 100 + (uint64_t)k;
		snprintf(path, sizeof(path), DATA_DIR "/pghub-day2-%02ld.db", k);
		snprintf(file, sizeof(file), DATA_DIR "/pghub-day-%02ld.jsonl", k);
		if (ensure(path, &o))
			exit(1);
		{       /* the generated database again for each run (exports are recorded) */
			char tmp[160], cmd[400];

			snprintf(tmp, sizeof(tmp), "%s.run", path);
			snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", path, tmp);
			if (system(cmd))
				exit(1);
			{
				struct db *db;

				if (db_open(tmp, 0, &db, &err) || sign_public_key(db, pk, &err) ||
				    pghub_register(h, code, pk, 0, &err)) {
					fprintf(stderr, "bench: %s\n", err.msg);
					exit(1);
				}
				db_close(db);
			}
			export_next(tmp, file, "2025-12-30T23:00:00Z", &hd);
			first[k] = timed_import(h, file);
			export_next(tmp, file, "2025-12-31T23:00:00Z", &hd);
			lines += hd.sales;
			next[k] = timed_import(h, file);
			unlink(tmp);
		}
	}
	setenv("OCOP_POS_NOW", "2026-01-02T03:00:00Z", 1);
	bench_summarise("import a showroom's first day", first, (size_t)n, &r1);
	bench_summarise("import a showroom's next file", next, (size_t)n, &r2);
	printf("\n(the next files: %ld sales in all)\n", lines);
	bench_print_header();
	bench_print(&r1, NULL);
	bench_print(&r2, &r1);
	bench_verdict("a showroom's first day imported < 100 ms", "median", r1.median_us / 1e3, 100,
		      "ms");
	bench_verdict("a showroom's next file imported < 100 ms", "median", r2.median_us / 1e3, 100,
		      "ms");
	free(first);
	free(next);
}

int main(void)
{
	struct pos_error err;
	long lines = bench_env_long("BENCH_PG_LINES", 300000);
	long rounds = bench_env_long("BENCH_ROUNDS", 7);
	long days = bench_env_long("BENCH_PG_DAYS", 7);
	long import_rounds = bench_env_long("BENCH_PG_IMPORT_ROUNDS", 5);
	struct pghub *h;

	setvbuf(stdout, NULL, _IOLBF, 0);
	uri = getenv("OCOP_BENCH_PG_URI");
	if (!uri) {
		printf("bench_pghub: OCOP_BENCH_PG_URI is not set; run tests/bench/bench_pghub.sh\n");
		return 0;
	}
	if (lines < 4 || rounds < 1 || days < 1 || import_rounds < 1 || import_rounds > 16 || refdata_load(NULL, &err)) {
		fprintf(stderr, "bench: bad sizes or reference data\n");
		return 1;
	}
	setenv("OCOP_POS_NOW", "2026-01-02T03:00:00Z", 1);
	i18n_set_lang("en", NULL);
	h = one_size(lines / 4, rounds, import_rounds);
	pghub_close(h);
	h = one_size(lines, rounds, import_rounds);
	day_imports(h, days);
	pghub_close(h);
	i18n_free();
	refdata_free();
	return 0;
}
