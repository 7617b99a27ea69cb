/*
 * journal.h - the tamper-evident fiscal journal (issue 12).
 *
 * Every insert, update and delete of a fiscal record (sales, lines,
 * payments, cash moves, shifts, consignment statements, users, settings,
 * stock moves, the audit log: journal_tables.h) appends one record to the
 * `journal` table in the same transaction, by triggers (schema v4):
 *
 *   content_hash = SHA-256(json_array(the row's columns))
 *   hash         = SHA-256(prev_hash "|" table "|" key "|" op "|" content_hash)
 *
 * (hex, lower case; the first prev_hash is 64 zeros).  The triggers call
 * pos_sha256(), which only ocop-pos registers (journal_register), so an
 * edit of a fiscal table from the plain sqlite3 shell fails; an attacker
 * who drops the triggers first is caught by journal_check(), and one who
 * also rewrites the chain by the chain head printed on every Z report and
 * sent in every exchange file.  docs/formats.md has the canonical form.
 */
#ifndef OCOP_JOURNAL_H
#define OCOP_JOURNAL_H

#include "lib/err.h"

struct db;
struct sqlite3;

#define JOURNAL_HASH_LEN 65   /* 64 hex digits + NUL */

/* Register the SQL function pos_sha256(text) on h.  Returns an SQLite code. */
int journal_register(struct sqlite3 *h);

/* The chain head: the last record's seq and hash (0 and the genesis hash
 * when the journal is empty). */
int journal_head(struct db *db, long long *seq, char hash[JOURNAL_HASH_LEN],
		 struct pos_error *err);

/*
 * What a Z report prints for closed shift shift_id: the journal record of
 * its close (seq, hash: the chain head at that moment) and the perpetual
 * grand total (sales minus refunds and voids since the database began,
 * VND) up to that close.  POS_ERR_NOT_FOUND when the shift is not closed
 * or its close is not in the journal.
 */
int journal_at_close(struct db *db, long long shift_id, long long *seq,
		     char hash[JOURNAL_HASH_LEN], long long *grand_total,
		     struct pos_error *err);

/*
 * Recompute the chain and every chained row's content (db check): report
 * (ctx, sentence) for the first record whose hash does not match, every
 * missing record, every row changed, deleted or inserted behind the
 * journal's back, and documents dated before the one before them (a clock
 * that ran backwards).  *problems is increased by their number.  Returns 0
 * when the checks ran.
 */
int journal_check(struct db *db, void (*report)(void *ctx, const char *problem), void *ctx,
		  int *problems, struct pos_error *err);

#endif
