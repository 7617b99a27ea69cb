/*
 * testutil.h - helpers for unit tests: a fresh database in a temporary
 * directory, removed (with its WAL files) afterwards.
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

#endif
