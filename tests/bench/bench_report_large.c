/*
 * bench_report_large.c - the sales reports with a national-size catalogue
 * (issue 16, item 1).
 *
 * For each size in BENCH_SIZES (default 200000,1000000,2000000 sale lines
 * in 2025), gen_large.h makes a showroom database with BENCH_PRODUCTS
 * (100,000) products in a temporary directory (removed at the end; one
 * generation per size per run).  Then, BENCH_ROUNDS (3) times each, median
 * printed:
 *   - baseline, on a raw sqlite3 connection to the same file: the plain
 *     aggregate SELECT product_id, sum(qty_milli), sum(amount) FROM
 *     sale_line WHERE business_date BETWEEN '2025-01-01' AND '2025-12-31'
 *     GROUP BY product_id (every row stepped);
 *   - report_sales() for the year in every grouping, and
 *     report_commercialization(), with the ratio to that baseline;
 *   - with OCOP_POS set (make bench sets it): the command line end to end,
 *     `report products --format csv` to /dev/null and `--format xlsx`
 *     to a file, against `sqlite3` running the plain aggregate to
 *     /dev/null (when the sqlite3 program is installed), with the child's
 *     peak resident memory (GNU time's, else wait4's: see run_cmd).
 * The rounds are interleaved (one sample of every series per round), and
 * both wall and CPU time are kept: on a shared machine the CPU time (the
 * thread's, or the child's user + system) is the steadier figure, and the
 * verdicts use it: every report at most as slow as the plain aggregate
 * (ratio <= 1).  Timings are printed, never asserted (exit 0 unless something
 * fails).  BENCH_KEEP=1 keeps the databases (the path is printed);
 * BENCH_DIR=DIR works in DIR (made beforehand) and uses a database kept
 * there by an earlier run instead of generating it again.  The command
 * line runs as the manager quanly, the PIN on standard input.  A database
 * found in BENCH_DIR is never removed (only one this run generated, and
 * not with BENCH_KEEP).
 *
 * Memory with the number of rows written: with OCOP_POS set, for the
 * first size's lines and each catalogue of BENCH_RSS_PRODUCTS (default
 * 10000,50000, then BENCH_PRODUCTS's own database from above), the peak
 * resident memory of `report products --format csv` and `--format xlsx`
 * and the rows they write, and the growth per row between catalogues
 * (what a row of the report costs; the rest is fixed: SQLite's cache,
 * libxlsxwriter, the program).
 */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/db.h"
#include "core/i18n.h"
#include "core/refdata.h"
#include "core/report.h"
#include "bench.h"
#include "bench_report_run.h"
#include "gen_large.h"

#define FROM "2025-01-01"
#define TO "2025-12-31"

struct ctx {
	struct db *db;
	sqlite3_stmt *plain;
	struct report_filter f;
	enum report_group g;
	int com;
	const char *const *argv;     /* a command to run */
	const char *pin;             /* a file with the PIN of --user, its stdin */
	long max_rss_kb;             /* the largest child's peak */
};

static int run_report(void *vc, size_t i)
{
	struct ctx *c = vc;

	(void)i;
	return bench_report_once(c->db, c->g, &c->f, c->com);
}

static int run_plain(void *vc, size_t i)
{
	struct ctx *c = vc;
	long long n = 0;
	int rc;
	(void)i;

	while ((rc = sqlite3_step(c->plain)) == SQLITE_ROW)
		n += sqlite3_column_int64(c->plain, 2) != 0;
	sqlite3_reset(c->plain);
	return rc == SQLITE_DONE && n > 0 ? 0 : -1;
}

/*
 * The peak resident memory of a command: a forked child's ru_maxrss starts
 * at what this process had resident when it forked (Linux keeps the high
 * mark of the image exec replaced), hundreds of MB after a generation, so
 * with GNU time installed the command runs under it (a small process
 * whose child's peak is the command's own, written to rss_file).
 */
static char rss_file[600];
static int have_time;

/* Run c->argv with stdout to /dev/null; its peak RSS into c->max_rss_kb. */
static int run_cmd(void *vc, size_t i)
{
	struct ctx *c = vc;
	struct rusage ru;
	const char *av[40];
	int status, fd;
	long kb = 0;
	size_t k = 0, j;
	pid_t pid;
	(void)i;

	if (have_time) {
		av[k++] = "/usr/bin/time";
		av[k++] = "-f";
		av[k++] = "%M";
		av[k++] = "-o";
		av[k++] = rss_file;
	}
	for (j = 0; c->argv[j] && k < 39; j++)
		av[k++] = c->argv[j];
	av[k] = NULL;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		fd = open("/dev/null", O_WRONLY);
		if (fd >= 0) {
			dup2(fd, 1);
			close(fd);
		}
		fd = open(c->pin, O_RDONLY);
		if (fd >= 0) {
			dup2(fd, 0);
			close(fd);
		}
		execvp(av[0], (char *const *)av);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "bench: %s failed\n", c->argv[0]);
		return -1;
	}
	kb = ru.ru_maxrss;
	if (have_time) {
		FILE *fp = fopen(rss_file, "r");

		kb = 0;
		if (!fp || fscanf(fp, "%ld", &kb) != 1)
			kb = 0;
		if (fp)
			fclose(fp);
	}
	if (kb > c->max_rss_kb)
		c->max_rss_kb = kb;
	return 0;
}

static int have_program(const char *name)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", name);
	return system(cmd) == 0;
}

/* Thread CPU time in nanoseconds (this process's work, whatever the load). */
static uint64_t cpu_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* A series of samples: wall and CPU time (a child's user + system time). */
struct series {
	const char *name;
	int (*fn)(void *ctx, size_t i);
	enum report_group g;
	int com, cmd;
	uint64_t *wall, *cpu;
	struct bench_result w, c;
};

static int sample(struct ctx *c, struct series *s, size_t round)
{
	struct rusage before, after;
	uint64_t t0, c0;
	int r;

	c->g = s->g;
	c->com = s->com;
	getrusage(RUSAGE_CHILDREN, &before);
	c0 = cpu_ns();
	t0 = bench_now_ns();
	r = s->fn(c, round);
	s->wall[round] = bench_now_ns() - t0;
	s->cpu[round] = cpu_ns() - c0;
	if (s->cmd) {
		getrusage(RUSAGE_CHILDREN, &after);
		s->cpu[round] = (uint64_t)((after.ru_utime.tv_sec - before.ru_utime.tv_sec +
					     after.ru_stime.tv_sec - before.ru_stime.tv_sec) * 1000000 +
					    after.ru_utime.tv_usec - before.ru_utime.tv_usec +
					    after.ru_stime.tv_usec - before.ru_stime.tv_usec) * 1000u;
	}
	return r;
}

static void print_header(void)
{
	printf("%-38s %10s %10s %8s %8s\n", "name", "wall_ms", "cpu_ms", "wall_x", "cpu_x");
}

/* One line: medians, and the ratios to base's (none for a baseline). */
static int print_series(struct series *s, const struct series *base, int judge)
{
	char rw[16] = "-", rc[16] = "-", what[96];

	if (base) {
		snprintf(rw, sizeof(rw), "%.2fx", s->w.median_us / base->w.median_us);
		snprintf(rc, sizeof(rc), "%.2fx", s->c.median_us / base->c.median_us);
	}
	printf("%-38s %10.1f %10.1f %8s %8s\n", s->name, s->w.median_us / 1e3,
	       s->c.median_us / 1e3, rw, rc);
	if (!base || !judge)
		return 1;
	snprintf(what, sizeof(what), "%s <= plain aggregate (CPU)", s->name);
	return bench_verdict(what, "ratio", s->c.median_us / base->c.median_us, 1.0001, "x");
}

/* The peaks of the last one_size() run's command lines (KB). */
static long last_rss_csv, last_rss_xlsx, last_rows;

/* Rows of the products report for the year in the database at path (-1: error). */
static long products_rows(const char *path)
{
	struct report_filter f;
	struct pos_error err;
	struct report *r;
	struct db *db;
	long n;

	if (db_open(path, 0, &db, &err))
		return -1;
	report_filter_init(&f);
	snprintf(f.from, sizeof(f.from), "%s", FROM);
	snprintf(f.to, sizeof(f.to), "%s", TO);
	if (report_sales(db, REPORT_PRODUCTS, &f, &r, &err)) {
		db_close(db);
		return -1;
	}
	n = (long)r->n;
	report_free(r);
	db_close(db);
	return n;
}

/*
 * Peak resident memory of the products report's CSV and XLSX against the
 * rows written: the same lines over catalogues of each size in list (a
 * database each, made in dir unless kept there), then the products
 * database of the run above (rows0, rss0_*).  Printed, never asserted.
 */
static int rss_by_catalogue(const char *dir, const char *list, long lines, long products0,
			    long rounds)
{
	const char *pos = getenv("OCOP_POS");
	char path[512], xlsx[600], pin[600], *copy, *tok, *save = NULL;
	const char *csv[] = { pos, "--db", path, "report", "products", "--from", FROM, "--to", TO,
			      "--format", "csv", "--user", "quanly", NULL };
	const char *xl[] = { pos, "--db", path, "report", "products", "--from", FROM, "--to", TO,
			     "--format", "xlsx", "--out", xlsx, "--force", "--user", "quanly", NULL };
	long prods[16], rows[16], kb[16][2];
	size_t n = 0, k;
	struct ctx c;
	struct pos_error err;

	if (!pos || !(copy = strdup(list)))
		return 0;
	memset(&c, 0, sizeof(c));
	snprintf(pin, sizeof(pin), "%s/pin", dir);
	snprintf(xlsx, sizeof(xlsx), "%s/report-rss.xlsx", dir);
	c.pin = pin;
	for (tok = strtok_r(copy, ",", &save); tok && n < 15; tok = strtok_r(NULL, ",", &save)) {
		long p = strtol(tok, NULL, 10);
		int generated = 0, j, m;

		if (p <= 0 || p == products0)
			continue;
		snprintf(path, sizeof(path), "%s/hub-%ld-%ldp.db", dir, lines, p);
		if (access(path, F_OK) != 0) {
			if (gen_large(path, "HUB01", p, lines, 16, 0, &err)) {
				fprintf(stderr, "bench: %s\n", err.msg);
				free(copy);
				return -1;
			}
			generated = 1;
		}
		prods[n] = p;
		rows[n] = products_rows(path);
		for (m = 0; m < 2; m++) {
			c.argv = m ? xl : csv;
			c.max_rss_kb = 0;
			for (j = 0; j < rounds; j++)
				if (run_cmd(&c, 0)) {
					free(copy);
					return -1;
				}
			kb[n][m] = c.max_rss_kb;
		}
		n++;
		unlink(xlsx);
		if (generated && !getenv("BENCH_KEEP")) {
			unlink(path);
			snprintf(xlsx, sizeof(xlsx), "%s-wal", path);
			unlink(xlsx);
			snprintf(xlsx, sizeof(xlsx), "%s-shm", path);
			unlink(xlsx);
			snprintf(xlsx, sizeof(xlsx), "%s/report-rss.xlsx", dir);
		}
	}
	free(copy);
	if (last_rss_csv > 0 && last_rows > 0) {
		prods[n] = products0;
		rows[n] = last_rows;
		kb[n][0] = last_rss_csv;
		kb[n][1] = last_rss_xlsx;
		n++;
	}
	printf("\npeak resident memory of report products, %ld lines, by catalogue\n", lines);
	printf("%10s %10s %10s %10s %14s %14s\n", "products", "rows", "csv_MB", "xlsx_MB",
	       "csv_B/row", "xlsx_B/row");
	for (k = 0; k < n; k++) {
		char g0[32] = "-", g1[32] = "-";

		if (k > 0 && rows[k] > rows[0]) {
			snprintf(g0, sizeof(g0), "%.0f", (double)(kb[k][0] - kb[0][0]) * 1024 /
				 (double)(rows[k] - rows[0]));
			snprintf(g1, sizeof(g1), "%.0f", (double)(kb[k][1] - kb[0][1]) * 1024 /
				 (double)(rows[k] - rows[0]));
		}
		printf("%10ld %10ld %10.1f %10.1f %14s %14s\n", prods[k], rows[k],
		       (double)kb[k][0] / 1024, (double)kb[k][1] / 1024, g0, g1);
	}
	printf("(B/row: growth from the first catalogue, per row written)\n");
	return 0;
}

static int one_size(const char *dir, long products, long lines, long rounds, int check)
{
	static const char plain_sql[] =
		"SELECT product_id, sum(qty_milli), sum(amount) FROM sale_line"
		" WHERE business_date BETWEEN '" FROM "' AND '" TO "' GROUP BY product_id";
	char path[512], xlsx[600], pin[600];
	const char *pos = getenv("OCOP_POS");
	const char *csv[] = { pos, "--db", path, "report", "products", "--from", FROM, "--to", TO,
			      "--format", "csv", "--user", "quanly", NULL };
	const char *xl[] = { pos, "--db", path, "report", "products", "--from", FROM, "--to", TO,
			     "--format", "xlsx", "--out", xlsx, "--force", "--user", "quanly", NULL };
	const char *sq[] = { "sqlite3", path, plain_sql, NULL };
	struct series ser[] = {
		{ .name = "baseline: plain aggregate (a year)", .fn = run_plain, .g = 0, .com = 0, .cmd = 0 },
		{ .name = "report products", .fn = run_report, .g = REPORT_PRODUCTS, .com = 0, .cmd = 0 },
		{ .name = "report producers", .fn = run_report, .g = REPORT_PRODUCERS, .com = 0, .cmd = 0 },
		{ .name = "report provinces", .fn = run_report, .g = REPORT_PROVINCES, .com = 0, .cmd = 0 },
		{ .name = "report groups", .fn = run_report, .g = REPORT_GROUPS, .com = 0, .cmd = 0 },
		{ .name = "report stars", .fn = run_report, .g = REPORT_STARS, .com = 0, .cmd = 0 },
		{ .name = "report daily", .fn = run_report, .g = REPORT_DAILY, .com = 0, .cmd = 0 },
		{ .name = "report weekly", .fn = run_report, .g = REPORT_WEEKLY, .com = 0, .cmd = 0 },
		{ .name = "report monthly", .fn = run_report, .g = REPORT_MONTHLY, .com = 0, .cmd = 0 },
		{ .name = "report commercialization", .fn = run_report, .g = 0, .com = 1, .cmd = 0 },
		{ .name = "baseline: sqlite3 plain aggregate", .fn = run_cmd, .g = 0, .com = 0, .cmd = 1 },
		{ .name = "cli: report products --format csv", .fn = run_cmd, .g = 0, .com = 0, .cmd = 1 },
		{ .name = "cli: report products --format xlsx", .fn = run_cmd, .g = 0, .com = 0, .cmd = 1 },
	};
	const char *const *argv[] = { sq, csv, xl };
	long rss[3] = { 0, 0, 0 };
	int generated = 0;
	size_t nser = sizeof(ser) / sizeof(ser[0]), nin = 10, k, round;
	struct ctx c;
	struct pos_error err;
	sqlite3 *raw = NULL;
	uint64_t t0;
	int ok = 1, have_sqlite3 = have_program("sqlite3");

	snprintf(path, sizeof(path), "%s/hub-%ld.db", dir, lines);
	snprintf(xlsx, sizeof(xlsx), "%s/report-%ld.xlsx", dir, lines);
	snprintf(pin, sizeof(pin), "%s/pin", dir);
	t0 = bench_now_ns();
	if (access(path, F_OK) == 0) {
		printf("\n%ld products, %ld sale lines in 2025 (kept from an earlier run)\n",
		       products, lines);
	} else if (gen_large(path, "HUB01", products, lines, 16, check, &err)) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return -1;
	} else {
		printf("\n%ld products, %ld sale lines in 2025 (generated in %.1f s%s)\n", products,
		       lines, (double)(bench_now_ns() - t0) / 1e9, check ? ", summaries checked" : "");
		generated = 1;
	}
	memset(&c, 0, sizeof(c));
	c.pin = pin;
	if (db_open(path, 0, &c.db, &err)) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return -1;
	}
	if (sqlite3_open_v2(path, &raw, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_exec(raw, "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY", NULL, NULL,
			 NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(raw, plain_sql, -1, &c.plain, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench: %s\n", sqlite3_errmsg(raw));
		return -1;
	}
	report_filter_init(&c.f);
	snprintf(c.f.from, sizeof(c.f.from), "%s", FROM);
	snprintf(c.f.to, sizeof(c.f.to), "%s", TO);
	for (k = 0; k < nser; k++) {
		ser[k].wall = calloc((size_t)rounds, sizeof(uint64_t));
		ser[k].cpu = calloc((size_t)rounds, sizeof(uint64_t));
		if (!ser[k].wall || !ser[k].cpu)
			return -1;
	}
	/* warm the page cache for both alike */
	c.g = REPORT_PRODUCTS;
	if (run_plain(&c, 0) || run_report(&c, 0))
		return -1;
	/* rounds interleaved, so every series sees the machine's load alike */
	for (round = 0; round < (size_t)rounds; round++) {
		for (k = 0; k < nser; k++) {
			if (ser[k].cmd) {
				size_t j = k - nin;

				if (!pos || (j == 0 && !have_sqlite3))
					continue;
				c.argv = argv[j];
				c.max_rss_kb = 0;
			}
			if (sample(&c, &ser[k], round))
				return -1;
			if (ser[k].cmd && c.max_rss_kb > rss[k - nin])
				rss[k - nin] = c.max_rss_kb;
		}
		fprintf(stderr, "\rround %zu of %ld", round + 1, rounds);
	}
	fprintf(stderr, "\n");
	for (k = 0; k < nser; k++) {
		bench_summarise(ser[k].name, ser[k].wall, (size_t)rounds, &ser[k].w);
		bench_summarise(ser[k].name, ser[k].cpu, (size_t)rounds, &ser[k].c);
	}
	print_header();
	print_series(&ser[0], NULL, 0);
	for (k = 1; k < nin; k++)
		ok &= print_series(&ser[k], &ser[0], 1);
	if (pos) {
		if (have_sqlite3)
			print_series(&ser[nin], NULL, 0);
		for (k = nin + 1; k < nser; k++) {
			print_series(&ser[k], have_sqlite3 ? &ser[nin] : NULL, 0);
			printf("  peak resident %.1f MB\n", (double)rss[k - nin] / 1024);
		}
	}
	for (k = 0; k < nser; k++) {
		free(ser[k].wall);
		free(ser[k].cpu);
	}
	unlink(xlsx);
	sqlite3_finalize(c.plain);
	sqlite3_close(raw);
	db_close(c.db);
	if (pos)
		printf("memory: %ld products, %ld lines: csv %.1f MB, xlsx %.1f MB\n", products, lines,
		       (double)rss[1] / 1024, (double)rss[2] / 1024);
	last_rss_csv = rss[1];
	last_rss_xlsx = rss[2];
	last_rows = pos ? products_rows(path) : 0;
	if (generated && !getenv("BENCH_KEEP")) {
		unlink(path);
		snprintf(xlsx, sizeof(xlsx), "%s-wal", path);
		unlink(xlsx);
		snprintf(xlsx, sizeof(xlsx), "%s-shm", path);
		unlink(xlsx);
	} else {
		printf("kept %s\n", path);
	}
	return ok;
}

int main(void)
{
	char tmpl[] = "/var/tmp/ocop-bench-XXXXXX", pin[600];
	const char *dir = getenv("BENCH_DIR");
	const char *sizes = getenv("BENCH_SIZES");
	FILE *fp;
	long products = bench_env_long("BENCH_PRODUCTS", 100000);
	long rounds = bench_env_long("BENCH_ROUNDS", 3);
	char *list, *tok, *save = NULL;
	int ok = 1, first = 1;

	struct pos_error err;

	if (products < 0 || rounds < 0)
		return 1;
	if (refdata_load(NULL, &err)) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return 1;
	}
	i18n_set_lang("en", NULL);
	if (!dir || !*dir) {
		if (!mkdtemp(tmpl)) {
			perror("bench: mkdtemp");
			return 1;
		}
		dir = tmpl;
	}
	snprintf(pin, sizeof(pin), "%s/pin", dir);
	snprintf(rss_file, sizeof(rss_file), "%s/rss", dir);
	have_time = access("/usr/bin/time", X_OK) == 0 &&
		    system("/usr/bin/time -f %M -o /dev/null true >/dev/null 2>&1") == 0;
	if (!have_time)
		printf("(no GNU time: peak memory from wait4, which counts this process's "
		       "image at fork)\n");
	fp = fopen(pin, "w");
	if (!fp || fputs("2222\n", fp) == EOF || fclose(fp) != 0) {
		perror("bench: writing the PIN file");
		return 1;
	}
	list = strdup(sizes && *sizes ? sizes : "200000,1000000,2000000");
	if (!list)
		return 1;
	printf("bench_report_large: reports with %ld products (issue 16), median of %ld\n",
	       products, rounds);
	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		long lines = strtol(tok, NULL, 10);
		int r;

		if (lines <= 0) {
			fprintf(stderr, "bench: BENCH_SIZES: \"%s\" is not a number of lines\n", tok);
			free(list);
			return 1;
		}
		r = one_size(dir, products, lines, rounds, first);
		if (r < 0) {
			free(list);
			return 1;
		}
		ok &= r;
		if (first) {
			const char *rl = getenv("BENCH_RSS_PRODUCTS");

			if (rss_by_catalogue(dir, rl && *rl ? rl : "10000,50000", lines, products,
					     rounds) < 0) {
				free(list);
				return 1;
			}
		}
		first = 0;
	}
	free(list);
	unlink(pin);
	unlink(rss_file);
	if (!getenv("BENCH_KEEP") && !getenv("BENCH_DIR"))
		rmdir(dir);
	refdata_free();
	i18n_free();
	printf("budget: every report at most as slow as the plain aggregate: %s\n",
	       ok ? "OK" : "OVER");
	return 0;
}
