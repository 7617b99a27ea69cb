/*
 * db.c - opening the showroom database, pragmas, migrations, cached
 * prepared statements, nested transactions and SQLite error mapping.
 *
 * Durability: journal_mode=WAL with synchronous=FULL, so a sale the
 * cashier saw completed survives a power cut.  Two tills on one file are
 * serialised by BEGIN IMMEDIATE and a busy timeout; a lock that outlasts
 * the timeout is reported as POS_ERR_BUSY, never as a crash.
 */
#include "db.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "lib/alloc.h"
#include "schema.h"
#include "vntext.h"

#define DB_BUSY_MS 5000
#define DB_CACHE_SIZE 256

struct stmt_entry {
	char *sql;           /* our copy of the statement's text */
	uint32_t hash;       /* of sql, to skip most string compares */
	sqlite3_stmt *st;
};

struct db {
	sqlite3 *h;
	char *path;
	int depth;           /* transaction nesting */
	int ncache;
	struct stmt_entry cache[DB_CACHE_SIZE];
};

static int map_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK: return POS_OK;
	case SQLITE_NOMEM: return POS_ERR_NO_MEM;
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return POS_ERR_BUSY;
	case SQLITE_FULL: return POS_ERR_FULL;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB: return POS_ERR_CORRUPT;
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN: return POS_ERR_IO;
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_AUTH: return POS_ERR_PERM;
	case SQLITE_CONSTRAINT:
		return rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY ?
			       POS_ERR_EXISTS : POS_ERR_INVALID;
	}
	return POS_ERR_DB;
}

static int fail_rc(sqlite3 *h, int rc, struct pos_error *err, const char *what,
		   const char *path)
{
	int code = map_rc(rc);
	const char *msg = h ? sqlite3_errmsg(h) : sqlite3_errstr(rc);

	what = what ? tr(what) : "";   /* "updating the database" etc. are msgids */
	switch (code) {
	case POS_ERR_BUSY:
		return pos_fail(err, code, tr("%s: the database %s is locked by another program "
				"(another till or a backup); try again in a moment"), what, path);
	case POS_ERR_FULL:
		return pos_fail(err, code, tr("%s: the disk holding %s is full; free some space "
				"and try again (nothing was saved)"), what, path);
	case POS_ERR_CORRUPT:
		return pos_fail(err, code, tr("%s: %s is not an ocop-pos database or is damaged "
				"(%s); restore a backup or run `ocop-pos db check`"), what, path, msg);
	case POS_ERR_PERM:
		return pos_fail(err, code, tr("%s: cannot write %s (%s); check the file's permissions"),
				what, path, msg);
	case POS_ERR_IO:
		return pos_fail(err, code, tr("%s: cannot read or write %s (%s)"), what, path, msg);
	}
	return pos_fail(err, code, "%s: %s", what, msg);
}

int db_fail(struct db *db, struct pos_error *err, const char *what)
{
	return fail_rc(db->h, sqlite3_extended_errcode(db->h), err, what, db->path);
}

/* SQL function vn_fold(text): the accent-insensitive search key. */
static void sql_vn_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	char small[256];
	char *buf = small;
	size_t need;

	(void)argc;
	if (!s) {
		sqlite3_result_null(ctx);
		return;
	}
	need = vn_fold(s, small, sizeof(small));
	if (need >= sizeof(small)) {
		buf = malloc(need + 1);
		if (!buf) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
		vn_fold(s, buf, need + 1);
	}
	sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
	if (buf != small)
		free(buf);
}

static int sql_vi_collate(void *arg, int na, const void *a, int nb, const void *b)
{
	char sa[512], sb[512];
	size_t la = (size_t)na < sizeof(sa) - 1 ? (size_t)na : sizeof(sa) - 1;
	size_t lb = (size_t)nb < sizeof(sb) - 1 ? (size_t)nb : sizeof(sb) - 1;

	(void)arg;
	memcpy(sa, a, la);
	sa[la] = '\0';
	memcpy(sb, b, lb);
	sb[lb] = '\0';
	return vn_collate(sa, sb);
}

int db_latest_version(void)
{
	return (int)schema_count();
}

static int get_version(sqlite3 *h, int *v)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, NULL);

	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*v = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

int db_schema_version(struct db *db, int *version, struct pos_error *err)
{
	int v = 0, rc = get_version(db->h, &v);

	if (rc != SQLITE_OK)
		return fail_rc(db->h, rc, err, "reading the schema version", db->path);
	*version = v;
	return 0;
}

struct migrate_args {
	int from, to;
};

static int migrate_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct migrate_args *a = ctx;
	int v = 0, r, latest = db_latest_version();
	char sql[64];

	if ((r = db_schema_version(db, &v, err)))
		return r;
	if (v > latest)
		return pos_fail(err, POS_ERR_VERSION,
				tr("the database %s was written by a newer ocop-pos (schema %d; this "
				   "program knows up to %d): upgrade ocop-pos"), db->path, v, latest);
	a->from = v;
	for (; v < latest; v++) {
		char *msg = NULL;
		int rc = sqlite3_exec(db->h, schema_migrations[v], NULL, NULL, &msg);

		if (rc != SQLITE_OK) {
			r = pos_fail(err, map_rc(rc) == POS_ERR_DB ? POS_ERR_DB : map_rc(rc),
				     tr("migrating %s to schema %d failed: %s (nothing changed)"),
				     db->path, v + 1, msg ? msg : sqlite3_errstr(rc));
			sqlite3_free(msg);
			return r;
		}
	}
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", latest);
	a->to = latest;
	return db_exec(db, sql, err);
}

int db_migrate(struct db *db, int *from, int *to, struct pos_error *err)
{
	struct migrate_args a = { 0, 0 };
	int r = db_tx(db, DB_TX_WRITE, migrate_in_tx, &a, err);

	if (r)
		return r;
	if (from)
		*from = a.from;
	if (to)
		*to = a.to;
	return 0;
}

/* Create path with mode 0600 if it does not exist. */
static int create_file(const char *path, struct pos_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0) {
		if (errno == EEXIST)
			return 0;
		return pos_fail(err, errno == ENOSPC ? POS_ERR_FULL : POS_ERR_IO,
				tr("cannot create the database %s: %s"), path, strerror(errno));
	}
	close(fd);
	return 0;
}

int db_open(const char *path, unsigned flags, struct db **out, struct pos_error *err)
{
	struct db *db;
	struct stat sb;
	int rc, r, v = 0;
	int oflags = (flags & DB_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;

	if (!path || !*path)
		return pos_fail(err, POS_ERR_INVALID, tr("no database file given (use --db FILE)"));
	if (stat(path, &sb) != 0) {
		if (!(flags & DB_CREATE))
			return pos_fail(err, POS_ERR_NOT_FOUND,
					tr("the database %s does not exist: create it with "
					"`ocop-pos init` or `ocop-pos demo`"), path);
		r = create_file(path, err);
		if (r)
			return r;
	} else if (S_ISDIR(sb.st_mode)) {
		return pos_fail(err, POS_ERR_INVALID, tr("%s is a directory, not a database file"), path);
	}

	db = calloc(1, sizeof(*db));
	if (!db)
		return pos_fail(err, POS_ERR_NO_MEM, tr("out of memory opening %s"), path);
	db->path = strdup(path);
	if (!db->path) {
		r = pos_fail(err, POS_ERR_NO_MEM, tr("out of memory opening %s"), path);
		goto fail;
	}
	rc = sqlite3_open_v2(path, &db->h, oflags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		r = fail_rc(db->h, rc, err, "opening the database", path);
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, DB_BUSY_MS);
	rc = get_version(db->h, &v);
	if (rc != SQLITE_OK) {
		r = fail_rc(db->h, rc, err, "opening the database", path);
		goto fail;
	}
	if (!(flags & DB_READONLY)) {
		r = db_exec(db, "PRAGMA journal_mode = WAL", err);
		if (r)
			goto fail;
	}
	r = db_exec(db, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; "
		    "PRAGMA temp_store = MEMORY", err);
	if (r)
		goto fail;
	rc = sqlite3_create_function(db->h, "vn_fold", 1,
				     SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
				     NULL, sql_vn_fold, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_collation(db->h, "VI", SQLITE_UTF8, NULL, sql_vi_collate);
	if (rc != SQLITE_OK) {
		r = fail_rc(db->h, rc, err, "opening the database", path);
		goto fail;
	}
	if (v > db_latest_version()) {
		r = pos_fail(err, POS_ERR_VERSION,
			     tr("the database %s was written by a newer ocop-pos (schema %d; this "
				"program knows up to %d): upgrade ocop-pos"), path, v, db_latest_version());
		goto fail;
	}
	if (v < db_latest_version() && !(flags & (DB_NO_MIGRATE | DB_READONLY))) {
		r = db_migrate(db, NULL, NULL, err);
		if (r)
			goto fail;
	}
	*out = db;
	return 0;
fail:
	db_close(db);
	return r;
}

void db_close(struct db *db)
{
	int i;

	if (!db)
		return;
	for (i = 0; i < db->ncache; i++) {
		sqlite3_finalize(db->cache[i].st);
		free(db->cache[i].sql);
	}
	if (db->h)
		sqlite3_close(db->h);
	free(db->path);
	free(db);
}

const char *db_path(const struct db *db)
{
	return db->path;
}

struct sqlite3 *db_handle(struct db *db)
{
	return db->h;
}

static uint32_t sql_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/*
 * Statements are cached by their text (copied, so a caller may build the
 * text in a buffer).  When the cache is full, the oldest statement that is
 * not in the middle of a step is finalized; one still being stepped by a
 * caller is never touched.
 */
int db_prepare(struct db *db, const char *sql, sqlite3_stmt **st, struct pos_error *err)
{
	uint32_t h = sql_hash(sql);
	sqlite3_stmt *s;
	char *copy;
	int i, rc, victim;

	for (i = 0; i < db->ncache; i++) {
		if (db->cache[i].hash == h && strcmp(db->cache[i].sql, sql) == 0) {
			s = db->cache[i].st;
			if (sqlite3_stmt_busy(s))
				return pos_fail(err, POS_ERR_DB, "internal error: a query is "
						"still in use by its caller (%.60s...)", sql);
			sqlite3_reset(s);
			sqlite3_clear_bindings(s);
			*st = s;
			return 0;
		}
	}
	if (!(copy = strdup(sql)))
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory preparing a query");
	rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
	if (rc != SQLITE_OK) {
		free(copy);
		return db_fail(db, err, "preparing a query");
	}
	if (db->ncache == DB_CACHE_SIZE) {
		for (victim = 0; victim < db->ncache; victim++)
			if (!sqlite3_stmt_busy(db->cache[victim].st))
				break;
		if (victim == db->ncache) {
			sqlite3_finalize(s);
			free(copy);
			return pos_fail(err, POS_ERR_DB, "too many queries in progress at once");
		}
		sqlite3_finalize(db->cache[victim].st);
		free(db->cache[victim].sql);
		memmove(db->cache + victim, db->cache + victim + 1,
			sizeof(db->cache[0]) * (size_t)(DB_CACHE_SIZE - 1 - victim));
		db->ncache--;
	}
	db->cache[db->ncache].sql = copy;
	db->cache[db->ncache].hash = h;
	db->cache[db->ncache].st = s;
	db->ncache++;
	*st = s;
	return 0;
}

const char *db_col_text(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s ? s : "";
}

void db_col_copy(sqlite3_stmt *st, int i, char *dst, size_t n)
{
	vn_copy(dst, n, (const char *)sqlite3_column_text(st, i));
}

int db_exec(struct db *db, const char *sql, struct pos_error *err)
{
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return db_fail(db, err, "updating the database");
	return 0;
}

static int tx_begin(struct db *db, enum db_tx_kind kind, struct pos_error *err)
{
	const char *sql = db->depth > 0 ? "SAVEPOINT nested" :
			  kind == DB_TX_READ ? "BEGIN" : "BEGIN IMMEDIATE";
	int r = db_exec(db, sql, err);

	if (r == 0)
		db->depth++;
	return r;
}

int db_begin(struct db *db, struct pos_error *err)
{
	return tx_begin(db, DB_TX_WRITE, err);
}

int db_commit(struct db *db, struct pos_error *err)
{
	int r;

	if (db->depth <= 0)
		return pos_fail(err, POS_ERR_DB, "commit without a transaction");
	r = db_exec(db, db->depth == 1 ? "COMMIT" : "RELEASE nested", err);
	if (r) {
		db_rollback(db);
		return r;
	}
	db->depth--;
	return 0;
}

/*
 * End the outermost transaction without a trace.  SQLite may have rolled
 * it back already (after running out of memory or a disk error); and a
 * statement a failed operation left half-stepped is stopped first, so the
 * connection is never left inside a transaction the depth forgot.
 */
static void rollback_outer(struct db *db)
{
	sqlite3_stmt *s = NULL;

	if (sqlite3_get_autocommit(db->h))
		return;
	if (sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL) == SQLITE_OK)
		return;
	while ((s = sqlite3_next_stmt(db->h, s)))
		if (sqlite3_stmt_busy(s))
			sqlite3_reset(s);
	sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

void db_rollback(struct db *db)
{
	if (db->depth <= 0)
		return;
	if (db->depth == 1)
		rollback_outer(db);
	else
		sqlite3_exec(db->h, "ROLLBACK TO nested; RELEASE nested", NULL, NULL, NULL);
	db->depth--;
}

int db_tx(struct db *db, enum db_tx_kind kind, db_tx_fn fn, void *ctx,
	  struct pos_error *err)
{
	int r, depth = db->depth;

	if ((r = tx_begin(db, kind, err)))
		return r;
	r = fn(db, ctx, err);
	if (db->depth != depth + 1) {
		/* fn left a level of its own open or closed ours: a bug */
		while (db->depth > depth)
			db_rollback(db);
		return r ? r : pos_fail(err, POS_ERR_DB, "internal error: unbalanced transaction");
	}
	if (r) {
		db_rollback(db);
		return r;
	}
	if (depth == 0 && sqlite3_get_autocommit(db->h)) {
		/* SQLite ended the transaction after an error fn did not report */
		db->depth--;
		return pos_fail(err, POS_ERR_DB, "internal error: the transaction was rolled "
				"back by the database after an unreported error; nothing was saved");
	}
	return db_commit(db, err);   /* rolls back itself when it fails */
}

int db_tx_depth(const struct db *db)
{
	return db->depth;
}

int db_row(struct db *db, sqlite3_stmt *st, db_row_fn row, void *item,
	   const char *what, struct pos_error *err)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW) {
		row(st, item);
		sqlite3_reset(st);
		return 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err, what);
	return POS_ERR_NOT_FOUND;
}

int db_rows(struct db *db, sqlite3_stmt *st, size_t size, db_row_fn row,
	    const char *what, void **out, size_t *n, struct pos_error *err)
{
	char *v = NULL;
	size_t len = 0, cap = 0;
	int r, rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (pos_grow((void **)&v, &cap, len + 1, size)) {
			r = pos_fail(err, POS_ERR_NO_MEM, "out of memory %s", what);
			goto fail;
		}
		row(st, v + len++ * size);
	}
	if (rc != SQLITE_DONE) {
		r = db_fail(db, err, what);
		goto fail;
	}
	sqlite3_reset(st);
	*out = v;
	*n = len;
	return 0;
fail:
	sqlite3_reset(st);
	free(v);
	return r;
}

int db_query_int64(struct db *db, const char *sql, const char *what, long long *v,
		   struct pos_error *err)
{
	sqlite3_stmt *st;
	int r = db_prepare(db, sql, &st, err);

	if (r)
		return r;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_fail(db, err, what);
	}
	*v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

long long db_last_id(struct db *db)
{
	return (long long)sqlite3_last_insert_rowid(db->h);
}

int db_changes(struct db *db)
{
	return sqlite3_changes(db->h);
}

int db_backup(struct db *db, const char *dest,
	      void (*progress)(void *ctx, int done, int total), void *ctx,
	      struct pos_error *err)
{
	sqlite3 *out = NULL;
	sqlite3_backup *bk;
	char tmp[4096];
	int rc, r = 0, fd;

	if (!dest || !*dest)
		return pos_fail(err, POS_ERR_INVALID, tr("no backup file given"));
	if (snprintf(tmp, sizeof(tmp), "%s.part", dest) >= (int)sizeof(tmp))
		return pos_fail(err, POS_ERR_INVALID, tr("backup file name too long"));
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return pos_fail(err, errno == ENOSPC ? POS_ERR_FULL : POS_ERR_IO,
				tr("cannot write the backup %s: %s"), dest, strerror(errno));
	close(fd);
	rc = sqlite3_open_v2(tmp, &out, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		r = fail_rc(out, rc, err, "writing the backup", dest);
		goto fail;
	}
	bk = sqlite3_backup_init(out, "main", db->h, "main");
	if (!bk) {
		r = fail_rc(out, sqlite3_errcode(out), err, "writing the backup", dest);
		goto fail;
	}
	do {
		rc = sqlite3_backup_step(bk, 64);
		if (progress)
			progress(ctx, sqlite3_backup_pagecount(bk) - sqlite3_backup_remaining(bk),
				 sqlite3_backup_pagecount(bk));
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE) {
		r = fail_rc(out, rc, err, "writing the backup", dest);
		goto fail;
	}
	/* A backup is one self-contained file: no WAL beside it. */
	rc = sqlite3_exec(out, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		r = fail_rc(out, rc, err, "writing the backup", dest);
		goto fail;
	}
	sqlite3_close(out);
	out = NULL;
	if (rename(tmp, dest) != 0) {
		r = pos_fail(err, POS_ERR_IO, tr("cannot write the backup %s: %s"), dest,
			     strerror(errno));
		goto fail;
	}
	return 0;
fail:
	if (out)
		sqlite3_close(out);
	unlink(tmp);
	return r;
}
