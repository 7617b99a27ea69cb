/*
 * test_db.c - opening, pragmas, migrations, version refusal, file mode,
 * transactions, error mapping and online backup.
 */
#include <sqlite3.h>
#include <sys/stat.h>

#include "testutil.h"
#include "core/journal.h"
#include "core/journal_tables.h"
#include "core/schema.h"

static void test_create_pragmas_mode(void **state)
{
	struct testdb t;
	struct stat sb;
	int v = -1;
	sqlite3_stmt *st;
	struct pos_error err;

	(void)state;
	testdb_open(&t);
	assert_int_equal(stat(t.path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(db_schema_version(t.db, &v, &err), 0);
	assert_int_equal(v, db_latest_version());
	assert_int_equal(testdb_query(t.db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(testdb_query(t.db, "PRAGMA synchronous"), 2);   /* FULL */
	assert_int_equal(sqlite3_prepare_v2(db_handle(t.db), "PRAGMA journal_mode", -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	/* the SQL helpers are registered */
	assert_int_equal(testdb_query(t.db, "SELECT vn_fold('Mật ong Đắk Lắk') = 'mat ong dak lak'"), 1);
	assert_int_equal(testdb_query(t.db, "SELECT 'ă' < 'b' COLLATE VI"), 1);
	testdb_close(&t);
}

static void test_missing_file(void **state)
{
	struct db *db = (struct db *)0x1;
	struct pos_error err;

	(void)state;
	assert_int_equal(db_open("/tmp/no/such/dir/x.db", 0, &db, &err), POS_ERR_NOT_FOUND);
	assert_ptr_equal(db, (struct db *)0x1);   /* out-param untouched */
	assert_non_null(strstr(err.msg, "ocop-pos init"));
	assert_int_equal(db_open("", 0, &db, &err), POS_ERR_INVALID);
}

static void test_not_a_database(void **state)
{
	struct testdb t;
	struct db *db = NULL;
	struct pos_error err;
	char path[160];
	FILE *f;

	(void)state;
	testdb_open(&t);
	testdb_path(&t, "junk.db", path, sizeof(path));
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("this is not an SQLite file, just some text that is long enough to look like "
	      "a header of something else entirely......................................", f);
	fclose(f);
	assert_int_equal(db_open(path, 0, &db, &err), POS_ERR_CORRUPT);
	assert_null(db);
	assert_non_null(strstr(err.msg, "not an ocop-pos database"));
	testdb_close(&t);
}

static void test_newer_version_refused(void **state)
{
	struct testdb t;
	struct db *db = NULL;
	struct pos_error err;
	char sql[64];

	(void)state;
	testdb_open(&t);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", db_latest_version() + 1);
	assert_int_equal(db_exec(t.db, sql, &err), 0);
	db_close(t.db);
	t.db = NULL;
	assert_int_equal(db_open(t.path, 0, &db, &err), POS_ERR_VERSION);
	assert_null(db);
	assert_non_null(strstr(err.msg, "newer ocop-pos"));
	testdb_close(&t);
}

static void test_migrate_old_schema(void **state)
{
	struct testdb t;
	struct db *db = NULL;
	struct pos_error err;
	int from = -1, to = -1, v;
	sqlite3 *h;
	char path[160];

	(void)state;
	testdb_open(&t);
	/* An empty version-0 file (as an older, pre-schema tool left it). */
	testdb_path(&t, "old.db", path, sizeof(path));
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "CREATE TABLE legacy_note (x TEXT); "
				      "INSERT INTO legacy_note VALUES ('kept')", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(db_open(path, DB_NO_MIGRATE, &db, &err), 0);
	assert_int_equal(db_schema_version(db, &v, &err), 0);
	assert_int_equal(v, 0);
	assert_int_equal(db_migrate(db, &from, &to, &err), 0);
	assert_int_equal(from, 0);
	assert_int_equal(to, db_latest_version());
	assert_int_equal(testdb_query(db, "SELECT count(*) FROM legacy_note"), 1);
	assert_int_equal(testdb_query(db, "SELECT count(*) FROM product"), 0);
	/* again: nothing to do */
	assert_int_equal(db_migrate(db, &from, &to, &err), 0);
	assert_int_equal(from, to);
	db_close(db);
	testdb_close(&t);
}

static void count_problem(void *ctx, const char *problem)
{
	(void)problem;
	(*(int *)ctx)++;
}

/* Every record's hash is SHA-256 of prev|tbl|row_key|op|content_hash
 * (docs/formats.md), whichever migration's triggers wrote it. */
#define CHAIN_BROKEN "SELECT count(*) FROM journal j WHERE typeof(row_key) <> 'text' OR hash <> " \
	"pos_sha256(coalesce((SELECT hash FROM journal p WHERE p.seq = j.seq - 1), '" \
	JOURNAL_GENESIS "') || '|' || tbl || '|' || row_key || '|' || op || '|' || content_hash)"

/* Schema 8 moved the fiscal journal's chaining from each table's triggers
 * into one (journal_chain): a journal written by schema 7's triggers goes
 * on after the migration with the same hashes, and db check finds nothing. */
static void test_journal_chain_migration(void **state)
{
	struct testdb t;
	struct db *db = NULL;
	struct pos_error err;
	sqlite3 *h;
	char path[160];
	int i, problems = 0, reported = 0;
	long long before;

	(void)state;
	testdb_open(&t);
	testdb_path(&t, "v7.db", path, sizeof(path));
	assert_true(db_latest_version() >= 8);
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(journal_register(h), SQLITE_OK);
	for (i = 0; i < 7; i++)
		assert_int_equal(sqlite3_exec(h, schema_migrations[i], NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "PRAGMA user_version = 7; "
				      "INSERT INTO setting VALUES ('x.a', '1'); "
				      "UPDATE setting SET value = '2' WHERE key = 'x.a'; "
				      "INSERT INTO setting VALUES ('x.b', '3'); "
				      "DELETE FROM setting WHERE key = 'x.b'", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(h);

	assert_int_equal(db_open(path, 0, &db, &err), 0);
	assert_int_equal(testdb_query(db, "PRAGMA user_version"), db_latest_version());
	before = testdb_query(db, "SELECT count(*) FROM journal");
	assert_true(before >= 4);
	/* 11 tables x insert, update, delete: each trigger only names its record */
	assert_int_equal(testdb_query(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' "
				      "AND name GLOB 'journal_*_a[iud]' AND sql LIKE '%INSERT INTO journal_chain %' "
				      "AND sql NOT LIKE '%ORDER BY seq%'"), 33);
	testdb_exec(db, "INSERT INTO setting VALUES ('x.c', 'bốn'); "
		    "UPDATE setting SET value = '5' WHERE key = 'x.a'; "
		    "DELETE FROM setting WHERE key = 'x.c'");
	assert_int_equal(testdb_query(db, "SELECT count(*) FROM journal"), before + 3);
	assert_int_equal(testdb_query(db, CHAIN_BROKEN), 0);
	/* the records name the rows as before: key as text, content hash of
	 * json_array(columns), '' for a delete */
	assert_int_equal(testdb_query(db, "SELECT count(*) FROM journal WHERE tbl = 'setting' AND "
				      "row_key = 'x.c' AND ((op = 'I' AND content_hash = "
				      "pos_sha256(json_array('x.c', 'bốn'))) OR (op = 'D' AND "
				      "content_hash = ''))"), 2);
	/* an integer key is chained as its decimal text */
	testdb_exec(db, "INSERT INTO audit (at, action, doc, detail) "
		    "VALUES ('2026-11-22T03:00:00Z', 'test', '', '')");
	assert_int_equal(testdb_query(db, "SELECT count(*) FROM journal WHERE tbl = 'audit' AND "
				      "row_key = CAST((SELECT max(id) FROM audit) AS TEXT)"), 1);
	assert_int_equal(testdb_query(db, CHAIN_BROKEN), 0);
	assert_int_equal(journal_check(db, count_problem, &reported, &problems, &err), 0);
	assert_int_equal(problems, 0);
	assert_int_equal(reported, 0);
	/* the view shows nothing, and the journal is still append-only */
	assert_int_equal(testdb_query(db, "SELECT count(*) FROM journal_chain"), 0);
	assert_int_not_equal(db_exec(db, "UPDATE journal SET op = 'U' WHERE seq = 1", &err), 0);
	assert_int_not_equal(db_exec(db, "DELETE FROM journal WHERE seq = 1", &err), 0);
	db_close(db);
	testdb_close(&t);
}

static void test_failed_migration_changes_nothing(void **state)
{
	struct testdb t;
	struct db *db = NULL;
	struct pos_error err;
	sqlite3 *h;
	char path[160];

	(void)state;
	testdb_open(&t);
	/* A table in the way makes migration 1 fail half-way. */
	testdb_path(&t, "clash.db", path, sizeof(path));
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "CREATE TABLE product (x)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	assert_int_not_equal(db_open(path, 0, &db, &err), 0);
	assert_null(db);
	assert_non_null(strstr(err.msg, "nothing changed"));
	assert_int_equal(db_open(path, DB_NO_MIGRATE, &db, &err), 0);
	assert_int_equal(testdb_query(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'setting'"), 0);
	assert_int_equal(testdb_query(db, "PRAGMA user_version"), 0);
	db_close(db);
	testdb_close(&t);
}

/* SQLite's allocations through db_open()'s allocator (the size-class
 * pools, or libc's in a sanitizer build): sizes, growth across the pools'
 * largest size and back, contents kept, blocks reused. */
static void test_sqlite_allocations(void **state)
{
	struct testdb t;
	unsigned char *p, *q, *blocks[2000];
	int i, j;

	(void)state;
	testdb_open(&t);                /* SQLite is initialised with our allocator */
	p = sqlite3_malloc(10);
	assert_non_null(p);
	assert_true(sqlite3_msize(p) >= 10);
	memset(p, 0xab, 10);
	q = sqlite3_realloc(p, 600);    /* small -> large */
	assert_non_null(q);
	assert_true(sqlite3_msize(q) >= 600);
	for (i = 0; i < 10; i++)
		assert_int_equal(q[i], 0xab);
	memset(q, 0xcd, 600);
	p = sqlite3_realloc(q, 5000);   /* large -> larger */
	assert_non_null(p);
	assert_true(sqlite3_msize(p) >= 5000);
	for (i = 0; i < 600; i++)
		assert_int_equal(p[i], 0xcd);
	q = sqlite3_realloc(p, 40);     /* large -> small */
	assert_non_null(q);
	assert_true(sqlite3_msize(q) >= 40);
	for (i = 0; i < 40; i++)
		assert_int_equal(q[i], 0xcd);
	p = sqlite3_realloc(q, 20);     /* shrinking in place keeps the bytes */
	assert_non_null(p);
	for (i = 0; i < 20; i++)
		assert_int_equal(p[i], 0xcd);
	sqlite3_free(p);
	/* every size up to past the pools, written whole, freed, and again */
	for (j = 0; j < 2; j++) {
		for (i = 0; i < 2000; i++) {
			int n = 1 + (i * 7) % 700;

			blocks[i] = sqlite3_malloc(n);
			assert_non_null(blocks[i]);
			assert_true(sqlite3_msize(blocks[i]) >= (sqlite3_uint64)n);
			memset(blocks[i], i & 0xff, (size_t)n);
		}
		for (i = 0; i < 2000; i++) {
			int n = 1 + (i * 7) % 700;

			assert_int_equal(blocks[i][0], i & 0xff);
			assert_int_equal(blocks[i][n - 1], i & 0xff);
			sqlite3_free(blocks[i]);
		}
	}
	sqlite3_free(NULL);
	/* and the database still works on top of it */
	assert_int_equal(testdb_query(t.db, "SELECT count(*) FROM sqlite_schema") > 100, 1);
	testdb_close(&t);
}

static void test_nested_transactions(void **state)
{
	struct testdb t;
	struct pos_error err;

	(void)state;
	testdb_open(&t);
	assert_int_equal(db_begin(t.db, &err), 0);
	assert_int_equal(db_exec(t.db, "INSERT INTO setting VALUES ('a', '1')", &err), 0);
	assert_int_equal(db_begin(t.db, &err), 0);
	assert_int_equal(db_exec(t.db, "INSERT INTO setting VALUES ('b', '2')", &err), 0);
	db_rollback(t.db);   /* inner only */
	assert_int_equal(db_commit(t.db, &err), 0);
	assert_int_equal(testdb_query(t.db, "SELECT count(*) FROM setting WHERE key = 'a'"), 1);
	assert_int_equal(testdb_query(t.db, "SELECT count(*) FROM setting WHERE key = 'b'"), 0);
	/* a constraint failure maps to POS_ERR_EXISTS */
	assert_int_equal(db_exec(t.db, "INSERT INTO setting VALUES ('a', '3')", &err),
			 POS_ERR_EXISTS);
	/* ... said as a sentence, never SQLite's "UNIQUE constraint failed" */
	assert_non_null(strstr(err.msg, "a record with this key already exists"));
	assert_null(strstr(err.msg, "constraint failed"));
	assert_int_equal(db_exec(t.db, "INSERT INTO showroom (code, name, province, created_at) "
				 "VALUES ('X', 'X', '123', 'x')", &err), POS_ERR_INVALID);
	if (!strstr(err.msg, "the value of province is not one the database accepts"))
		fail_msg("%s", err.msg);
	assert_null(strstr(err.msg, "constraint failed"));
	assert_int_equal(db_commit(t.db, &err), POS_ERR_DB);   /* no transaction */
	testdb_close(&t);
}

/* DB_TX_JOIN: its own transaction at the top, no level of its own inside one. */
static int join_fn(struct db *db, void *ctx, struct pos_error *err)
{
	int *depth = ctx;

	*depth = db_tx_depth(db);
	return db_exec(db, "INSERT INTO setting VALUES ('j', '1')", err);
}

static int join_outer(struct db *db, void *ctx, struct pos_error *err)
{
	int r = db_tx(db, DB_TX_JOIN, join_fn, ctx, err);

	return r ? r : pos_fail(err, POS_ERR_REFUSED, "changed my mind");
}

static void test_tx_join(void **state)
{
	struct testdb t;
	struct pos_error err;
	int depth = -1;

	(void)state;
	testdb_open(&t);
	/* alone: a transaction of its own, committed */
	assert_int_equal(db_tx(t.db, DB_TX_JOIN, join_fn, &depth, &err), 0);
	assert_int_equal(depth, 1);
	assert_int_equal(db_tx_depth(t.db), 0);
	assert_int_equal(testdb_query(t.db, "SELECT count(*) FROM setting WHERE key = 'j'"), 1);
	assert_int_equal(db_exec(t.db, "DELETE FROM setting WHERE key = 'j'", &err), 0);
	/* inside another: no savepoint (same depth), undone with the caller's */
	depth = -1;
	assert_int_equal(db_tx(t.db, DB_TX_WRITE, join_outer, &depth, &err), POS_ERR_REFUSED);
	assert_int_equal(depth, 1);
	assert_int_equal(db_tx_depth(t.db), 0);
	assert_int_equal(testdb_query(t.db, "SELECT count(*) FROM setting WHERE key = 'j'"), 0);
	/* a failure inside: the error comes back, nothing stays */
	assert_int_equal(db_exec(t.db, "INSERT INTO setting VALUES ('j', '0')", &err), 0);
	assert_int_equal(db_tx(t.db, DB_TX_JOIN, join_fn, &depth, &err), POS_ERR_EXISTS);
	assert_int_equal(db_tx_depth(t.db), 0);
	testdb_close(&t);
}

static void test_busy_is_reported(void **state)
{
	struct testdb t;
	struct pos_error err;
	struct db *other = NULL;
	sqlite3 *h;

	(void)state;
	testdb_open(&t);
	assert_int_equal(db_open(t.path, 0, &other, &err), 0);
	/* another writer holds the lock: BEGIN IMMEDIATE waits, then gives up */
	assert_int_equal(sqlite3_open(t.path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db_handle(other), 50);
	assert_int_equal(db_begin(other, &err), POS_ERR_BUSY);
	assert_non_null(strstr(err.msg, "locked"));
	sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(h);
	assert_int_equal(db_begin(other, &err), 0);
	assert_int_equal(db_commit(other, &err), 0);
	db_close(other);
	testdb_close(&t);
}

static void test_backup(void **state)
{
	struct testdb t;
	struct pos_error err;
	struct db *copy = NULL;
	struct stat sb;
	char path[160];

	(void)state;
	testdb_open(&t);
	assert_int_equal(db_exec(t.db, "INSERT INTO setting VALUES ('who', 'backup test')", &err), 0);
	testdb_path(&t, "backup.db", path, sizeof(path));
	assert_int_equal(db_backup(t.db, path, NULL, NULL, &err), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(db_open(path, 0, &copy, &err), 0);
	assert_int_equal(testdb_query(copy, "SELECT count(*) FROM setting WHERE value = 'backup test'"), 1);
	db_close(copy);
	/* an unwritable destination fails cleanly */
	assert_int_equal(db_backup(t.db, "/nonexistent-dir/b.db", NULL, NULL, &err), POS_ERR_IO);
	testdb_close(&t);
}

/* A full statement cache never finalizes a statement a caller is stepping. */
static void test_stmt_cache_eviction(void **state)
{
	struct testdb t;
	struct pos_error err;
	sqlite3_stmt *outer, *st, *again;
	char sql[96];
	int i, rows = 0;

	(void)state;
	testdb_open(&t);
	assert_int_equal(db_prepare(t.db, "SELECT value FROM json_each('[1,2,3]')", &outer, &err), 0);
	assert_int_equal(sqlite3_step(outer), SQLITE_ROW);
	rows++;
	for (i = 0; i < 600; i++) {
		/* Built in a buffer: the cache must keep its own copy of the text. */
		snprintf(sql, sizeof(sql), "SELECT %d + ?1", i);
		assert_int_equal(db_prepare(t.db, sql, &st, &err), 0);
		sqlite3_bind_int(st, 1, 1);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), i + 1);
		sqlite3_reset(st);
	}
	while (sqlite3_step(outer) == SQLITE_ROW)
		rows++;
	assert_int_equal(rows, 3);
	sqlite3_reset(outer);
	/* Same text from another buffer finds the cached statement. */
	snprintf(sql, sizeof(sql), "SELECT %d + ?1", 599);
	assert_int_equal(db_prepare(t.db, sql, &st, &err), 0);
	snprintf(sql, sizeof(sql), "SELECT %d + ?1", 599);
	assert_int_equal(db_prepare(t.db, sql, &again, &err), 0);
	assert_ptr_equal(st, again);
	testdb_close(&t);
}

/* db_write, db_query, db_row_by, db_text_by: binding by letter, NULLs, not found. */
static void count_row(sqlite3_stmt *st, void *item)
{
	*(long long *)item = sqlite3_column_int64(st, 0) * 10 + sqlite3_column_int64(st, 1);
}

static void test_statement_helpers(void **state)
{
	struct testdb t;
	struct pos_error err;
	sqlite3_stmt *st;
	char buf[8] = "old";
	long long v = -1;

	(void)state;
	testdb_open(&t);
	testdb_exec(t.db, "CREATE TABLE h (id INTEGER PRIMARY KEY, s TEXT, z TEXT, n INTEGER, "
		    "k INTEGER)");
	assert_int_equal(db_write(t.db, &err, "writing h", "INSERT INTO h (s, z, n, k) "
				  "VALUES (?1, ?2, ?3, ?4)", "tzik", "a", "", -5LL, 0LL), 0);
	assert_int_equal(db_write(t.db, &err, "writing h", "INSERT INTO h (s, z, n, k) "
				  "VALUES (?1, ?2, ?3, ?4)", "tzik", (const char *)NULL, "zz", 7LL,
				  3LL), 0);
	/* z binds NULL for "", k binds NULL for 0, t binds NULL for NULL */
	assert_int_equal(testdb_query(t.db, "SELECT count(*) FROM h WHERE id = 1 AND s = 'a' "
				      "AND z IS NULL AND n = -5 AND k IS NULL"), 1);
	assert_int_equal(testdb_query(t.db, "SELECT count(*) FROM h WHERE id = 2 AND s IS NULL "
				      "AND z = 'zz' AND n = 7 AND k = 3"), 1);
	assert_int_equal(db_write(t.db, &err, "writing h", "DELETE FROM h WHERE id = ?1", "x", 1LL),
			 POS_ERR_INVALID);
	assert_non_null(strstr(err.msg, "bad parameter types \"x\""));
	assert_int_equal(db_write(t.db, &err, "writing h", "INSERT INTO h (id) VALUES (?1)", "i",
				  1LL), POS_ERR_EXISTS);
	assert_non_null(strstr(err.msg, "writing h"));
	assert_int_equal(testdb_query(t.db, "SELECT count(*) FROM h"), 2);

	assert_int_equal(db_query(t.db, &st, &err, "SELECT n FROM h WHERE s = ?1", "t", "a"), 0);
	assert_int_equal(db_row(t.db, st, db_row_int64, &v, "reading h", &err), 0);
	assert_int_equal(v, -5);
	assert_int_equal(db_row_by(t.db, "SELECT n, k FROM h WHERE id = ?1", NULL, 2, count_row,
				   &v, "reading h", &err), 0);
	assert_int_equal(v, 73);
	assert_int_equal(db_row_by(t.db, "SELECT n, k FROM h WHERE z = ?1", "zz", 0, count_row,
				   &v, "reading h", &err), 0);
	assert_int_equal(v, 73);
	v = 99;
	assert_int_equal(db_row_by(t.db, "SELECT n, k FROM h WHERE z = ?1", "none", 0, count_row,
				   &v, "reading h", &err), POS_ERR_NOT_FOUND);
	assert_int_equal(v, 99);   /* untouched when there is no row */

	assert_int_equal(db_text_by(t.db, "SELECT z FROM h WHERE s = ?1", "nobody", buf,
				    sizeof(buf), "reading h", &err), POS_ERR_NOT_FOUND);
	assert_string_equal(buf, "old");
	assert_int_equal(db_write(t.db, &err, "writing h", "UPDATE h SET z = ?1 WHERE id = 2", "t",
				  "Đà Nẵng"), 0);
	assert_int_equal(db_text_by(t.db, "SELECT z FROM h WHERE n = CAST(?1 AS INTEGER)", "7", buf,
				    sizeof(buf), "reading h", &err), 0);
	assert_string_equal(buf, "Đà N");   /* cut to 8 bytes on a character boundary */
	testdb_close(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_pragmas_mode),
		cmocka_unit_test(test_stmt_cache_eviction),
		cmocka_unit_test(test_statement_helpers),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_not_a_database),
		cmocka_unit_test(test_newer_version_refused),
		cmocka_unit_test(test_migrate_old_schema),
		cmocka_unit_test(test_failed_migration_changes_nothing),
		cmocka_unit_test(test_journal_chain_migration),
		cmocka_unit_test(test_sqlite_allocations),
		cmocka_unit_test(test_nested_transactions),
		cmocka_unit_test(test_tx_join),
		cmocka_unit_test(test_busy_is_reported),
		cmocka_unit_test(test_backup),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);

	refdata_free();
	return r;
}
