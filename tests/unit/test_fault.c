/*
 * test_fault.c - out-of-memory and read-error fault injection over the
 * core operations, in the spirit of SQLite's test_malloc.c.
 *
 * Every allocation the program makes goes through a counter that can be
 * armed to fail the Nth one: our code's malloc/calloc/realloc/strdup
 * (this binary is linked with -Wl,--wrap=..., see the Makefile), SQLite's
 * (SQLITE_CONFIG_MALLOC with a failing wrapper, set before
 * sqlite3_initialize) and cJSON's (cJSON_InitHooks).  Each operation --
 * a catalogue import, a sale, a return, a void, an exchange-file export,
 * a report -- is run with the Nth allocation failing for N = 1, 2, ...
 * until a run completes without reaching N.  After every run:
 *   - a failure is a clean error: a known code and a sentence, never a
 *     crash (and no leak: the CI runs this binary under ASan/LSan);
 *   - a failure leaves the database exactly as it was (a digest of every
 *     row of every table), with no transaction left open;
 *   - a success leaves a consistent database (sale_check finds nothing).
 *
 * sqlite3_step is wrapped as well, to make a statement fail on its Nth
 * row: refunding through the original payments must not write a refund
 * or a void with payment rows missing when the read fails half-way.
 */
#include <cjson/cJSON.h>
#include <execinfo.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "testutil.h"
#include "fixture.h"
#include "core/batch.h"
#include "core/catfile.h"
#include "core/catalog.h"
#include "core/report.h"
#include "core/sale.h"
#include "core/shift.h"
#include "core/showroom.h"
#include "core/sign.h"
#include "core/stock.h"
#include "core/user.h"

#define REG "01"

/* ---- the failing allocator -------------------------------------------- */

static long fault_countdown;   /* 0: off; N: the Nth allocation from now fails */
static long fault_fired;       /* allocations failed since armed */
static long fault_calls;       /* allocations seen */

static void fault_arm(long n)
{
	fault_countdown = n;
	fault_fired = 0;
}

static void fault_disarm(void)
{
	fault_countdown = 0;
}

/*
 * An allocation is about to fail.  To see where, run the binary under a
 * debugger with FAULT_ABORT=K: the Kth failure (counted over the whole
 * run) aborts.
 */
static void *fault_where[24];    /* the stack of the last failed allocation */
static int fault_depth;

static void fault_trap(void)
{
	static long hits, abort_at = -1;

	fault_depth = backtrace(fault_where, 24);
	if (abort_at < 0)
		abort_at = getenv("FAULT_ABORT") ? atol(getenv("FAULT_ABORT")) : 0;
	if (++hits == abort_at)
		abort();
}

/* 1 when this allocation is to fail. */
static int fault_now(void)
{
	fault_calls++;
	if (fault_countdown <= 0)
		return 0;
	if (--fault_countdown > 0)
		return 0;
	fault_fired++;
	fault_trap();
	return 1;
}

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);

void *__wrap_malloc(size_t n)
{
	return fault_now() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return fault_now() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
	return fault_now() ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
	return fault_now() ? NULL : __real_strdup(s);
}

/* SQLite's allocator, wrapped: the default methods, failing when armed. */
static sqlite3_mem_methods sqlite_default;

static void *sqlite_fault_malloc(int n)
{
	return fault_now() ? NULL : sqlite_default.xMalloc(n);
}

static void *sqlite_fault_realloc(void *p, int n)
{
	return fault_now() ? NULL : sqlite_default.xRealloc(p, n);
}

static void fault_install(void)
{
	sqlite3_mem_methods m;
	cJSON_Hooks hooks = { __wrap_malloc, free };

	assert_int_equal(sqlite3_config(SQLITE_CONFIG_GETMALLOC, &sqlite_default), SQLITE_OK);
	m = sqlite_default;
	m.xMalloc = sqlite_fault_malloc;
	m.xRealloc = sqlite_fault_realloc;
	assert_int_equal(sqlite3_config(SQLITE_CONFIG_MALLOC, &m), SQLITE_OK);
	assert_int_equal(sqlite3_initialize(), SQLITE_OK);
	cJSON_InitHooks(&hooks);
}

/* ---- a failing step ----------------------------------------------------- */

static const char *step_fail_sql;   /* a statement whose text contains this ... */
static int step_fail_row;           /* ... fails on this step (1 = the first) */
static int step_count;

int __real_sqlite3_step(sqlite3_stmt *st);
int __wrap_sqlite3_step(sqlite3_stmt *st);

static int stop_now(void *ctx)
{
	(void)ctx;
	return 1;
}

int __wrap_sqlite3_step(sqlite3_stmt *st)
{
	sqlite3 *h = sqlite3_db_handle(st);
	int rc;

	if (!step_fail_sql || !strstr(sqlite3_sql(st), step_fail_sql) ||
	    ++step_count != step_fail_row)
		return __real_sqlite3_step(st);
	/* this step fails as a read error would, half-way through the query */
	sqlite3_progress_handler(h, 1, stop_now, NULL);
	rc = __real_sqlite3_step(st);
	sqlite3_progress_handler(h, 0, NULL, NULL);
	return rc;
}

static void step_fail(const char *sql, int row)
{
	step_fail_sql = sql;
	step_fail_row = row;
	step_count = 0;
}

/* ---- the database's state ------------------------------------------------ */

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	while (n--)
		h = (h ^ *s++) * 1099511628211ULL;
	return h;
}

/* A digest of every row of every table, in rowid/key order. */
static uint64_t db_digest(struct db *db)
{
	sqlite3 *h = db_handle(db);
	sqlite3_stmt *tables, *st;
	uint64_t d = 14695981039346656037ULL;
	char sql[256];
	int i, n;

	assert_int_equal(sqlite3_prepare_v2(h, "SELECT name FROM sqlite_master WHERE type = "
					     "'table' ORDER BY name", -1, &tables, NULL),
			 SQLITE_OK);
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(tables, 0);

		d = fnv(d, t, strlen(t) + 1);
		snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\" ORDER BY 1", t);
		assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
		n = sqlite3_column_count(st);
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (i = 0; i < n; i++) {
				const void *v = sqlite3_column_blob(st, i);

				d = fnv(d, v ? v : "", (size_t)sqlite3_column_bytes(st, i));
				d = fnv(d, "|", 1);
			}
		}
		sqlite3_finalize(st);
	}
	sqlite3_finalize(tables);
	return d;
}

/* ---- the sweep ------------------------------------------------------------ */

struct fixture {
	struct testdb t;
	struct user admin, cashier, manager;
	char export_path[160];
	long runs, failures;
};

/* One operation under test: 0 or the error; it must not leave memory behind. */
typedef int (*op_fn)(struct fixture *f, struct pos_error *err);

/* Where the allocation that failed was made (addresses: see addr2line). */
static void print_fault_stack(void)
{
	fflush(stdout);
	backtrace_symbols_fd(fault_where, fault_depth, 2);
}

/* What a failed run may report: running out of memory or the database failing. */
static void assert_clean_error(int r, const struct pos_error *err, const char *name, long n)
{
	if (r != POS_ERR_NO_MEM && r != POS_ERR_DB && r != POS_ERR_IO)
		print_fault_stack();
	if (r != POS_ERR_NO_MEM && r != POS_ERR_DB && r != POS_ERR_IO)
		fail_msg("%s with allocation %ld failing: code %d (%s)", name, n, r, err->msg);
	if (!err->msg[0])
		fail_msg("%s with allocation %ld failing: no message", name, n);
}

static void check_consistent(struct fixture *f)
{
	struct pos_error err;
	int problems = -1;

	assert_int_equal(sale_check(f->t.db, NULL, NULL, &problems, &err), 0);
	assert_int_equal(problems, 0);
}

/*
 * Which allocations fail: by default every one of the first 64, then every
 * 1/16th further (a sale makes a few thousand allocations, and `make
 * test` runs this); FAULT_FULL=1 fails every one in turn, as SQLite's
 * test_malloc does, and FAULT_START=N begins at the Nth.
 */
static long sweep_start(void)
{
	return getenv("FAULT_START") ? atol(getenv("FAULT_START")) : 1;
}

static long sweep_next(long n)
{
	if (getenv("FAULT_FULL") || n < 64)
		return n + 1;
	return n + n / 16;
}

/*
 * Run op with the Nth allocation failing, N = 1.. until a run reaches its
 * end without the failure firing.  prepare (may be NULL) sets up each run
 * with faults off.  Returns how many runs failed cleanly.
 */
static long sweep(struct fixture *f, const char *name, void (*prepare)(struct fixture *f),
		  op_fn op)
{
	struct pos_error err;
	long n, failed = 0;
	uint64_t before;
	int r;

	for (n = sweep_start(); n < 200000; n = sweep_next(n)) {
		if (prepare)
			prepare(f);
		before = db_digest(f->t.db);
		memset(&err, 0, sizeof(err));
		fault_arm(n);
		r = op(f, &err);
		fault_disarm();
		f->runs++;
		assert_int_equal(db_tx_depth(f->t.db), 0);
		if (r) {
			if (!fault_fired)         /* it fails only when made to */
				fail_msg("%s failed on its own (run %ld): %s", name, n, err.msg);
			assert_clean_error(r, &err, name, n);
			if (db_digest(f->t.db) != before)
				print_fault_stack();
			if (db_digest(f->t.db) != before)
				fail_msg("%s with allocation %ld failing changed the database "
					 "(%s)", name, n, err.msg);
			failed++;
			continue;
		}
		check_consistent(f);
		if (!fault_fired)
			break;          /* past the last allocation: the sweep is complete */
	}
	print_message("# %s: allocations 1..%ld swept, %ld runs failed cleanly\n", name, n,
		      failed);
	assert_true(failed > 0 || sweep_start() > 1);
	f->failures += failed;
	return failed;
}

/* ---- the operations ------------------------------------------------------- */

static int op_import(struct fixture *f, struct pos_error *err)
{
	struct catfile_result res;

	return catfile_import_file(f->t.db, "tests/data/catalog-sample.csv", "test", &res, err);
}

static struct cart sale_cart;
static struct sale_result last_sale;

static void add_code(struct fixture *f, struct cart *c, const char *code, int64_t qty)
{
	struct pos_error err;

	if (cart_add_code(c, f->t.db, NULL, code, qty, &err))
		fail_msg("cart_add_code %s: %s", code, err.msg);
}

/* A cart of two lines paid by card and cash (two payment rows). */
static void prepare_cart(struct fixture *f)
{
	struct pos_error err;

	cart_release(&sale_cart);
	assert_int_equal(cart_init(&sale_cart, REG, f->cashier.id, &err), 0);
	add_code(f, &sale_cart, "TL-CHE-200", 2000);
	add_code(f, &sale_cart, "DL-MATONG-500", 0);
	assert_int_equal(cart_discount(&sale_cart, f->t.db, &f->cashier, -1, 500, 0, NULL, &err),
			 0);
	assert_int_equal(cart_pay(&sale_cart, f->t.db, PAY_CARD, 300000, 0, "C-9", &err), 0);
	assert_int_equal(cart_pay(&sale_cart, f->t.db, PAY_CASH, 0, 500000, NULL, &err), 0);
}

static int op_sale(struct fixture *f, struct pos_error *err)
{
	return sale_complete(f->t.db, &sale_cart, &f->cashier, &last_sale, err);
}

/* A fresh sale (faults off) to return or void. */
static void prepare_sale(struct fixture *f)
{
	struct pos_error err;

	prepare_cart(f);
	if (sale_complete(f->t.db, &sale_cart, &f->cashier, &last_sale, &err))
		fail_msg("sale_complete: %s", err.msg);
}

static int op_return(struct fixture *f, struct pos_error *err)
{
	struct return_item it = { "TL-CHE-200", 1000 };
	struct return_request rq;
	struct sale_result res;

	memset(&rq, 0, sizeof(rq));
	rq.register_code = REG;
	rq.receipt_no = last_sale.receipt_no;
	rq.items = &it;
	rq.nitems = 1;
	rq.refund = REFUND_ORIGINAL;
	return sale_return(f->t.db, &f->cashier, &rq, &res, err);
}

static int op_void(struct fixture *f, struct pos_error *err)
{
	struct sale_result res;

	return sale_void_last(f->t.db, &f->manager, REG, "khách đổi ý", &res, err);
}

static int op_export(struct fixture *f, struct pos_error *err)
{
	struct batch_header h;
	struct stat sb;
	char *data;
	size_t n;
	FILE *fp;
	int r;

	unlink(f->export_path);
	r = batch_export(f->t.db, NULL, 1, f->export_path, &h, err);
	if (r) {
		/* nothing half-written is left behind */
		assert_int_not_equal(stat(f->export_path, &sb), 0);
		return r;
	}
	/* a file that says it is complete is complete: it checks */
	fault_disarm();
	fp = fopen(f->export_path, "rb");
	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = (size_t)ftell(fp);
	rewind(fp);
	data = malloc(n ? n : 1);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, n, fp), n);
	fclose(fp);
	if (batch_check(data, n, NULL, err))
		fail_msg("an export that succeeded does not check: %s", err->msg);
	free(data);
	/* the next run exports everything again, as the first */
	testdb_exec(f->t.db, "DELETE FROM batch_out");
	return 0;
}

static int op_report(struct fixture *f, struct pos_error *err)
{
	struct report_filter rf;
	struct report *rep = NULL;
	int r;

	report_filter_init(&rf);
	snprintf(rf.from, sizeof(rf.from), "2026-01-01");
	r = report_sales(f->t.db, REPORT_PRODUCTS, &rf, &rep, err);
	if (r == 0) {
		assert_non_null(rep);
		report_free(rep);
	}
	return r;
}

/* ---- fixture -------------------------------------------------------------- */

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct shift sh;
	struct pos_error err;
	char pk[SIGN_PUBKEY_B64];

	setenv("OCOP_POS_NOW", "2026-11-22T03:00:00Z", 1);
	testdb_open(&f->t);
	testdb_exec(f->t.db, "PRAGMA synchronous = OFF");   /* thousands of commits: no fsync */
	testdb_path(&f->t, "export.ocx", f->export_path, sizeof(f->export_path));
	fx_showroom(f->t.db, "Điểm OCOP Đà Nẵng", NULL, NULL);
	fx_staff(f->t.db, "thungan", "", &f->admin, &f->cashier, &f->manager, NULL);
	if (shift_open(f->t.db, &f->cashier, REG, 500000, &sh, &err))
		fail_msg("shift_open: %s", err.msg);
	assert_int_equal(sign_public_key(f->t.db, pk, &err), 0);   /* made once, up front */
	memset(&sale_cart, 0, sizeof(sale_cart));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	cart_release(&sale_cart);
	memset(&sale_cart, 0, sizeof(sale_cart));
	testdb_close(&f->t);
	free(f);
	unsetenv("OCOP_POS_NOW");
	return 0;
}

/* Stock for the sales: a lot of each product sold. */
static void receive_stock(struct fixture *f)
{
	struct stock_receipt_line l[2];
	struct pos_error err;
	struct product p;
	char grn[STOCK_DOC_MAX];

	memset(l, 0, sizeof(l));
	assert_int_equal(catalog_get(f->t.db, "TL-CHE-200", &p, &err), 0);
	l[0].product_id = p.id;
	l[0].qty_milli = 100000000;
	l[0].unit_cost = 100000;
	assert_int_equal(catalog_get(f->t.db, "DL-MATONG-500", &p, &err), 0);
	l[1].product_id = p.id;
	l[1].qty_milli = 100000000;
	l[1].unit_cost = 150000;
	if (stock_receive(f->t.db, &f->admin, "2026-11-01", l, 2, grn, &err))
		fail_msg("stock_receive: %s", err.msg);
}

/* ---- tests ---------------------------------------------------------------- */

static void test_oom_core_operations(void **state)
{
	struct fixture *f = *state;

	sweep(f, "catalogue import", NULL, op_import);
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM product"), 5);
	receive_stock(f);
	sweep(f, "sale", prepare_cart, op_sale);
	sweep(f, "return", prepare_sale, op_return);
	sweep(f, "void", prepare_sale, op_void);
	sweep(f, "export", NULL, op_export);
	sweep(f, "report", NULL, op_report);
	print_message("# %ld runs, %ld failed cleanly\n", f->runs, f->failures);
}

/* A read error half-way through the original payments writes nothing. */
static void test_refund_payments_read_error(void **state)
{
	struct fixture *f = *state;
	struct pos_error err;
	uint64_t before;
	int r;

	assert_int_equal(op_import(f, &err), 0);
	receive_stock(f);
	prepare_sale(f);          /* paid by card, then cash: two payment rows */

	/* a return refunded through the original payments */
	before = db_digest(f->t.db);
	step_fail("FROM payment p WHERE p.sale_id", 2);
	r = op_return(f, &err);
	assert_int_equal(step_count, 2);
	step_fail(NULL, 0);
	assert_int_equal(r, POS_ERR_DB);
	assert_true(db_digest(f->t.db) == before);
	/* the earlier refunds read after them */
	step_fail("GROUP BY q.method, q.reference", 1);
	r = op_return(f, &err);
	step_fail(NULL, 0);
	assert_int_equal(r, POS_ERR_DB);
	assert_true(db_digest(f->t.db) == before);

	/* a void pays back through the same reads */
	step_fail("FROM payment p WHERE p.sale_id", 2);
	r = op_void(f, &err);
	step_fail(NULL, 0);
	assert_int_equal(r, POS_ERR_DB);
	assert_true(db_digest(f->t.db) == before);

	/* and without the fault both work, each payment paid back by its method */
	assert_int_equal(op_return(f, &err), 0);
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM payment p JOIN sale s ON "
				      "s.id = p.sale_id WHERE s.kind = 'refund'"), 1);
	assert_int_equal(op_void(f, &err), POS_ERR_REFUSED);   /* it has a return now */
	prepare_sale(f);
	assert_int_equal(op_void(f, &err), 0);
	assert_int_equal(testdb_query(f->t.db, "SELECT count(*) FROM payment p JOIN sale s ON "
				      "s.id = p.sale_id WHERE s.kind = 'void'"), 2);
	check_consistent(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_refund_payments_read_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_oom_core_operations, setup, teardown),
	};

	fault_install();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
