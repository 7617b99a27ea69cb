/*
 * testutil.h - helpers for unit tests: a fresh database in a temporary
 * directory, removed (with its WAL files) afterwards, and raw SQL for
 * setting up cases and checking what core wrote.
 */
#ifndef OCOP_TESTUTIL_H
#define OCOP_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "core/db.h"
#include "core/refdata.h"

struct testdb {
	char dir[64];
	char path[128];
	struct db *db;
};

static inline void testdb_path(struct testdb *t, const char *name, char *out, size_t n)
{
	snprintf(out, n, "%s/%s", t->dir, name);
}

static inline void testdb_open(struct testdb *t)
{
	struct pos_error err;

	snprintf(t->dir, sizeof(t->dir), "/tmp/ocop-test-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	snprintf(t->path, sizeof(t->path), "%s/test.db", t->dir);
	assert_int_equal(refdata_load(NULL, &err), 0);
	if (db_open(t->path, DB_CREATE, &t->db, &err) != 0)
		fail_msg("db_open: %s", err.msg);
}

static inline void testdb_close(struct testdb *t)
{
	char cmd[200];

	db_close(t->db);
	t->db = NULL;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->dir);
	assert_int_equal(system(cmd), 0);
}

/* The first column of the first row of sql (no parameters), -1 when
 * there is no row; a bad statement fails the test. */
static inline long long testdb_query(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db_handle(db)));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Run sql (no parameters, no results); an error fails the test. */
static inline void testdb_exec(struct db *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db_handle(db), sql, NULL, NULL, &msg) != SQLITE_OK) {
		fail_msg("%s: %s", sql, msg ? msg : "?");
		sqlite3_free(msg);
	}
}

#endif
