/*
 * doccounter.c - gapless document numbers (see doccounter.h).
 *
 * One upsert with RETURNING: the row is inserted at 1 or bumped, and the
 * new value read back in the same statement.  The caller's transaction
 * makes it gapless: a rollback gives the number back.
 */
#include <sqlite3.h>

#include "db.h"
#include "doccounter.h"

int doc_counter_next(struct db *db, const char *showroom, const char *reg, int year,
		     const char *kind, const char *what, long long *seq,
		     struct pos_error *err)
{
	sqlite3_stmt *st;
	long long v;
	int r = db_query(db, &st, err, "INSERT INTO doc_counter (showroom, register, year, kind, "
			 "last) VALUES (?1, ?2, ?3, ?4, 1) ON CONFLICT (showroom, register, year, "
			 "kind) DO UPDATE SET last = last + 1 RETURNING last", "ttit", showroom, reg,
			 (long long)year, kind);

	if (r)
		return r;
	if (sqlite3_step(st) != SQLITE_ROW) {
		r = db_fail(db, err, what);
		sqlite3_reset(st);
		return r;
	}
	v = sqlite3_column_int64(st, 0);
	if (sqlite3_step(st) != SQLITE_DONE) {
		r = db_fail(db, err, what);
		sqlite3_reset(st);
		return r;
	}
	sqlite3_reset(st);
	*seq = v;
	return 0;
}
