/*
 * audit.c - the append-only audit log (see audit.h).
 *
 * audit_log() is one INSERT: inside the caller's transaction it commits or
 * rolls back with the change it records, so the log never claims what did
 * not happen.  The table's triggers refuse UPDATE and DELETE.  Texts are
 * cut to the sizes of struct audit_entry on a UTF-8 boundary, so what is
 * stored is what is listed.
 *
 * audit_list() takes local business dates and turns them into UTC bounds
 * on `at` (indexed): local day D runs from (D - 1) 17:00Z to D 17:00Z.
 */
#include "audit.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "i18n.h"
#include "vntext.h"

int audit_log(struct db *db, long long user_id, long long approved_by, const char *action,
	      const char *doc, const char *detail, struct pos_error *err)
{
	struct audit_entry e;
	char ts[CLOCK_TS_LEN];

	if (!action || !*action || strlen(action) >= sizeof(e.action))
		return pos_fail(err, POS_ERR_INVALID, "audit: bad action \"%s\"",
				action ? action : "");
	vn_copy(e.doc, sizeof(e.doc), doc);
	vn_copy(e.detail, sizeof(e.detail), detail);
	clock_format_utc(clock_now(), ts);
	return db_write(db, err, "writing the audit log",
			"INSERT INTO audit (at, user_id, approved_by, action, doc, detail) "
			"VALUES (?1, ?2, ?3, ?4, ?5, ?6)", "tkkttt",
			ts, user_id, approved_by, action, e.doc, e.detail);
}

/* UTC timestamp at which local date s (+ extra days) begins. */
static int local_day_start(const char *s, int extra, char out[CLOCK_TS_LEN],
			   struct pos_error *err)
{
	int64_t days;
	int r = clock_date_parse(s, &days, err);

	if (r)
		return r;
	clock_format_utc((time_t)((days + extra) * 86400 - CLOCK_VN_OFFSET), out);
	return 0;
}

/* One row of audit_list's query into a struct audit_entry (a db_row_fn). */
static void audit_row(sqlite3_stmt *st, void *item)
{
	struct audit_entry *e = item;

	e->id = sqlite3_column_int64(st, 0);
	db_col_copy(st, 1, e->at, sizeof(e->at));
	db_col_copy(st, 2, e->user, sizeof(e->user));
	db_col_copy(st, 3, e->approved_by, sizeof(e->approved_by));
	db_col_copy(st, 4, e->action, sizeof(e->action));
	db_col_copy(st, 5, e->doc, sizeof(e->doc));
	db_col_copy(st, 6, e->detail, sizeof(e->detail));
}

int audit_list(struct db *db, const char *from, const char *to, struct audit_entry **out,
	       size_t *n, struct pos_error *err)
{
	char lo[CLOCK_TS_LEN] = "0000", hi[CLOCK_TS_LEN] = "9999";
	sqlite3_stmt *st;
	void *v;
	int r;

	if (from && *from && (r = local_day_start(from, 0, lo, err)))
		return r;
	if (to && *to && (r = local_day_start(to, 1, hi, err)))
		return r;
	r = db_query(db, &st, err, "SELECT a.id, a.at, coalesce(u.name, ''), coalesce(p.name, ''), "
		     "a.action, a.doc, a.detail FROM audit a "
		     "LEFT JOIN user u ON u.id = a.user_id "
		     "LEFT JOIN user p ON p.id = a.approved_by "
		     "WHERE a.at >= ?1 AND a.at < ?2 ORDER BY a.at, a.id", "tt", lo, hi);
	if (r)
		return r;
	r = db_rows(db, st, sizeof(**out), audit_row, "reading the audit log", &v, n, err);
	if (!r)
		*out = v;
	return r;
}
