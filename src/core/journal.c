/*
 * journal.c - the fiscal journal's SQL function, chain head and checks
 * (see journal.h; the triggers that write it are schema v5, built from
 * journal_tables.h like the checks here).
 *
 * journal_check() works in two passes.  The chain: records are read in
 * seq order, each hash recomputed from the previous one; a missing seq is
 * a deleted record, the first hash that does not match names the record
 * that was edited (later ones are not reported: they follow from it).
 * The rows: for each chained table, the last journal record of each key
 * is compared with the row as it is now (content hash, or a row that
 * should not exist after a 'D'), which finds a row edited, deleted or
 * inserted with the triggers dropped.
 */
#include "journal.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "journal_tables.h"
#include "lib/alloc.h"

#define TOLERANCE_S 300   /* a clock may step back this much (NTP, a tired RTC) */

static void hex_sha256(const void *data, size_t n, char out[JOURNAL_HASH_LEN])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, data, n);
	sodium_bin2hex(out, JOURNAL_HASH_LEN, h, sizeof(h));
}

/* pos_sha256(text): SHA-256 of the text's UTF-8 bytes as lower-case hex;
 * NULL counts as the empty text. */
static void sql_sha256(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *s = sqlite3_value_text(argv[0]);
	int n = sqlite3_value_bytes(argv[0]);
	char out[JOURNAL_HASH_LEN];

	(void)argc;
	if (!s && sqlite3_value_type(argv[0]) != SQLITE_NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	hex_sha256(s ? s : (const unsigned char *)"", s ? (size_t)n : 0, out);
	sqlite3_result_text(ctx, out, 64, SQLITE_TRANSIENT);
}

int journal_register(struct sqlite3 *h)
{
	return sqlite3_create_function(h, "pos_sha256", 1,
				       SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
				       NULL, sql_sha256, NULL, NULL);
}

static void copy_hash(sqlite3_stmt *st, int i, char out[JOURNAL_HASH_LEN])
{
	snprintf(out, JOURNAL_HASH_LEN, "%s", db_col_text(st, i));
}

int journal_head(struct db *db, long long *seq, char hash[JOURNAL_HASH_LEN],
		 struct pos_error *err)
{
	sqlite3_stmt *st;
	int r = db_prepare(db, "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1", &st, err);
	int rc;

	if (r)
		return r;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		copy_hash(st, 1, hash);
	} else if (rc == SQLITE_DONE) {
		*seq = 0;
		snprintf(hash, JOURNAL_HASH_LEN, "%s", JOURNAL_GENESIS);
	} else {
		sqlite3_reset(st);
		return db_fail(db, err, "reading the fiscal journal");
	}
	sqlite3_reset(st);
	return 0;
}

int journal_at_close(struct db *db, long long shift_id, long long *seq,
		     char hash[JOURNAL_HASH_LEN], long long *grand_total,
		     struct pos_error *err)
{
	sqlite3_stmt *st;
	char key[32], h[JOURNAL_HASH_LEN];
	long long s, last_sale = 0;
	int r, rc;

	snprintf(key, sizeof(key), "%lld", shift_id);
	r = db_prepare(db, "SELECT j.seq, j.hash FROM journal j JOIN shift s ON s.id = ?2 "
		       "AND s.closed_at IS NOT NULL WHERE j.tbl = 'shift' AND j.row_key = ?1 "
		       "AND j.op = 'U' ORDER BY j.seq DESC LIMIT 1", &st, err);
	if (r)
		return r;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, shift_id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? pos_fail(err, POS_ERR_NOT_FOUND,
						    "shift %lld: its close is not in the journal",
						    shift_id)
					 : db_fail(db, err, "reading the fiscal journal");
	}
	s = sqlite3_column_int64(st, 0);
	copy_hash(st, 1, h);
	sqlite3_reset(st);

	r = db_prepare(db, "SELECT CAST(row_key AS INTEGER) FROM journal WHERE tbl = 'sale' "
		       "AND op = 'I' AND seq < ?1 ORDER BY seq DESC LIMIT 1", &st, err);
	if (r)
		return r;
	sqlite3_bind_int64(st, 1, s);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		last_sale = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, err, "reading the fiscal journal");

	r = db_prepare(db, "SELECT coalesce(sum(iif(kind = 'sale', total, -total)), 0) FROM sale "
		       "WHERE id <= ?1", &st, err);
	if (r)
		return r;
	sqlite3_bind_int64(st, 1, last_sale);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_fail(db, err, "adding up the grand total");
	}
	*grand_total = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	*seq = s;
	memcpy(hash, h, JOURNAL_HASH_LEN);
	return 0;
}

/* ---- db check ------------------------------------------------------------ */

struct checker {
	struct db *db;
	void (*report)(void *ctx, const char *problem);
	void *ctx;
	int n;
};

static void problem(struct checker *c, const char *msg)
{
	c->n++;
	if (c->report)
		c->report(c->ctx, msg);
}

/* Walk the chain in seq order. */
static int check_chain(struct checker *c, struct pos_error *err)
{
	sqlite3_stmt *st;
	char prev[JOURNAL_HASH_LEN] = JOURNAL_GENESIS, h[JOURNAL_HASH_LEN], msg[512];
	char *buf = NULL;
	size_t cap = 0;
	long long want = 1;
	int rc, broken = 0;

	rc = sqlite3_prepare_v2(db_handle(c->db), "SELECT seq, tbl, row_key, op, content_hash, "
				"hash FROM journal ORDER BY seq", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(c->db, err, "checking the fiscal journal");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long seq = sqlite3_column_int64(st, 0);
		const char *tbl = db_col_text(st, 1), *key = db_col_text(st, 2);
		const char *op = db_col_text(st, 3), *ch = db_col_text(st, 4);
		const char *stored = db_col_text(st, 5);
		size_t need = strlen(prev) + strlen(tbl) + strlen(key) + strlen(op) + strlen(ch) + 32;
		int len;

		if (seq != want) {
			if (seq == want + 1)
				snprintf(msg, sizeof(msg), "fiscal journal: record %lld is missing "
					 "(deleted)", want);
			else
				snprintf(msg, sizeof(msg), "fiscal journal: records %lld to %lld are "
					 "missing (deleted)", want, seq - 1);
			problem(c, msg);
		}
		want = seq + 1;
		if (POS_GROW(buf, cap, need)) {
			sqlite3_finalize(st);
			free(buf);
			return pos_fail(err, POS_ERR_NO_MEM, "out of memory checking the journal");
		}
		len = snprintf(buf, cap, "%s|%s|%s|%s|%s", prev, tbl, key, op, ch);
		hex_sha256(buf, (size_t)len, h);
		if (!broken && strcmp(h, stored) != 0) {
			snprintf(msg, sizeof(msg), "fiscal journal: record %lld (%s %s) does not match "
				 "its hash: the journal was altered from this record on", seq, tbl, key);
			problem(c, msg);
			broken = 1;
		}
		snprintf(prev, sizeof(prev), "%s", stored);
	}
	sqlite3_finalize(st);
	free(buf);
	if (rc != SQLITE_DONE)
		return db_fail(c->db, err, "checking the fiscal journal");
	return 0;
}

struct jtable {
	const char *name, *key, *cols;
};

#define J_ENTRY(T, KEY, KNEW, KOLD, UPD, COLS) { T, KEY, COLS(J_PLAIN_F, J_PLAIN_N) },
static const struct jtable jtables[] = { JOURNAL_TABLES(J_ENTRY) };

static int run_problems(struct checker *c, const char *sql, struct pos_error *err)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db_handle(c->db), sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return db_fail(c->db, err, "checking the fiscal journal");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		problem(c, db_col_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(c->db, err, "checking the fiscal journal");
	return 0;
}

/* Rows against the last journal record of their key. */
#define ROWS_SQL \
	"WITH j AS (SELECT row_key, op, content_hash, max(seq) AS s FROM journal " \
	"WHERE tbl = '%s' GROUP BY row_key), " \
	"r AS (SELECT CAST(%s AS TEXT) AS k, pos_sha256(json_array(%s)) AS c FROM \"%s\") " \
	"SELECT '%s ' || r.k || ': changed behind the fiscal journal''s back (its record ' " \
	"|| j.s || ' says otherwise)' FROM r JOIN j ON j.row_key = r.k " \
	"WHERE j.op = 'D' OR j.content_hash <> r.c " \
	"UNION ALL SELECT '%s ' || r.k || ': not in the fiscal journal (inserted behind " \
	"its back)' FROM r WHERE NOT EXISTS (SELECT 1 FROM j WHERE j.row_key = r.k) " \
	"UNION ALL SELECT '%s ' || j.row_key || ': deleted behind the fiscal journal''s " \
	"back (its record ' || j.s || ')' FROM j WHERE j.op <> 'D' " \
	"AND NOT EXISTS (SELECT 1 FROM r WHERE r.k = j.row_key)"

static int check_rows(struct checker *c, const struct jtable *t, struct pos_error *err)
{
	char *sql;
	int r, n;

	n = snprintf(NULL, 0, ROWS_SQL, t->name, t->key, t->cols, t->name, t->name, t->name, t->name);
	sql = malloc((size_t)n + 1);
	if (!sql)
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory checking the journal");
	snprintf(sql, (size_t)n + 1, ROWS_SQL, t->name, t->key, t->cols, t->name, t->name, t->name,
		 t->name);
	r = run_problems(c, sql, err);
	free(sql);
	return r;
}

/* Documents and shifts dated before the ones before them (item 4). */
static const char *const time_checks[] = {
	"SELECT 'clock ran backwards: ' || receipt_no || ' is dated ' || at || ', before ' "
	"|| prev_no || ' (' || prev_at || ')' FROM (SELECT receipt_no, at, "
	"lag(receipt_no) OVER w AS prev_no, lag(at) OVER w AS prev_at FROM sale "
	"WINDOW w AS (PARTITION BY showroom, register ORDER BY id)) WHERE prev_at IS NOT NULL "
	"AND unixepoch(at) < unixepoch(prev_at) - 300",
	"SELECT 'clock ran backwards: shift ' || id || ' closed at ' || closed_at || ', before "
	"it opened (' || opened_at || ')' FROM shift WHERE closed_at IS NOT NULL "
	"AND unixepoch(closed_at) < unixepoch(opened_at) - 300",
	"SELECT 'clock ran backwards: ' || receipt_no || ' (' || business_date || ') is dated "
	"outside its shift''s business day ' || sd FROM (SELECT s.receipt_no, s.business_date, "
	"h.business_date AS sd FROM sale s JOIN shift h ON h.id = s.shift_id) "
	"WHERE abs(julianday(business_date) - julianday(sd)) > 1",
};

int journal_check(struct db *db, void (*report)(void *ctx, const char *problem), void *ctx,
		  int *problems, struct pos_error *err)
{
	struct checker c = { db, report, ctx, 0 };
	size_t i;
	int r;

	long long have = 0;

	_Static_assert(TOLERANCE_S == 300, "time_checks use 300 s");
	if ((r = db_query_int64(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
				"AND name = 'journal'", "checking the fiscal journal", &have, err)))
		return r;
	if (!have) {
		problem(&c, "no fiscal journal: the database is older than this program; "
			    "run `ocop-pos db migrate`");
		*problems += c.n;
		return 0;
	}
	if ((r = check_chain(&c, err)))
		return r;
	for (i = 0; i < sizeof(jtables) / sizeof(jtables[0]); i++)
		if ((r = check_rows(&c, &jtables[i], err)))
			return r;
	for (i = 0; i < sizeof(time_checks) / sizeof(time_checks[0]); i++)
		if ((r = run_problems(&c, time_checks[i], err)))
			return r;
	*problems += c.n;
	return 0;
}
