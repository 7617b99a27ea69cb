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
#include <stdarg.h>
#include <stddef.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "i18n.h"
#include "lib/hash.h"
#include "lib/alloc.h"
#include "journal.h"
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
	dev_t dev;           /* the file opened: before each commit, path must */
	ino_t ino;           /* still name it (db_commit, check_file) */
	int fd;              /* read-only, for its header; -1 when none */
	int wal;             /* journal_mode is WAL: the header says 2, 2 */
	int lost;            /* the file was found replaced: nothing more commits */
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

/* The column SQLite names after "...constraint failed: " ("sale.receipt_no"
 * -> "receipt_no"; a CHECK's expression -> its first word), into out. */
static void constraint_column(const char *msg, char *out, size_t n)
{
	const char *p = strstr(msg, "failed: ");
	size_t i = 0;

	out[0] = '\0';
	if (!p)
		return;
	p += 8;
	if (strchr(p, '.') && (!strchr(p, ' ') || strchr(p, '.') < strchr(p, ' ')))
		p = strchr(p, '.') + 1;
	/* the first word that is not a function's name ("length(code)") */
	while (*p) {
		i = 0;
		while (*p && !(*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
			p++;
		while (*p && (*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			      (*p >= '0' && *p <= '9'))) {
			if (i + 1 < n)
				out[i++] = *p;
			p++;
		}
		out[i] = '\0';
		if (*p != '(')
			return;
	}
	out[0] = '\0';
}

/* SQLite's constraint messages ("UNIQUE constraint failed: sale.receipt_no")
 * said as sentences; other errors keep SQLite's words after ours. */
static int constraint_sentence(int rc, struct pos_error *err, int code, const char *what,
			       const char *msg)
{
	char col[64];

	constraint_column(msg, col, sizeof(col));
	switch (rc) {
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		return pos_fail(err, code, tr("%s: a record with this %s already exists (perhaps "
				"another till just wrote it); nothing was saved, try again"), what,
				col[0] ? col : "key");
	case SQLITE_CONSTRAINT_CHECK:
		return pos_fail(err, code, tr("%s: the value of %s is not one the database accepts; "
				"nothing was saved"), what, col[0] ? col : "a field");
	case SQLITE_CONSTRAINT_NOTNULL:
		return pos_fail(err, code, tr("%s: %s is missing; nothing was saved"), what,
				col[0] ? col : "a field");
	case SQLITE_CONSTRAINT_FOREIGNKEY:
		return pos_fail(err, code, tr("%s: it refers to something that does not exist (or "
				"is still referred to); nothing was saved"), what);
	}
	return pos_fail(err, code, "%s: %s", what, msg);
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
				"(%s: cut short or overwritten?); keep it aside and restore the last "
				"backup"), what, path, msg);
	case POS_ERR_PERM:
		return pos_fail(err, code, tr("%s: cannot write %s (%s); check the file's permissions"),
				what, path, msg);
	case POS_ERR_IO:
		return pos_fail(err, code, tr("%s: cannot read or write %s (%s)"), what, path, msg);
	}
	/* A rule of the schema (a trigger's RAISE) is a sentence of ours:
	 * translated and shown alone, the operation refused. */
	if (rc == SQLITE_CONSTRAINT_TRIGGER)
		return pos_fail(err, POS_ERR_REFUSED, "%s", tr(msg));
	return constraint_sentence(rc, err, code, what, msg);
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

/*
 * Is path on a medium this process cannot write (a read-only mount, a
 * write-protected card), or in a directory where SQLite could not make
 * its -wal and -shm files?  Then commands that only read still work.
 */
static int read_only_medium(const char *path)
{
	struct statvfs v;
	char dir[4096];
	const char *slash = strrchr(path, '/');

	if (statvfs(path, &v) == 0 && (v.f_flag & ST_RDONLY))
		return 1;
	if (access(path, W_OK) != 0)
		return 1;
	if (!slash)
		return access(".", W_OK) != 0;
	if ((size_t)(slash - path) >= sizeof(dir))
		return 0;
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	return access(slash == path ? "/" : dir, W_OK) != 0;
}

/* "file:PATH?immutable=1" with PATH percent-escaped where URIs need it. */
static char *immutable_uri(const char *path)
{
	size_t n = strlen(path), i, j = 0;
	char *u = malloc(n * 3 + 32);

	if (!u)
		return NULL;
	memcpy(u, "file:", 5);
	j = 5;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)path[i];

		if (c == '%' || c == '?' || c == '#') {
			snprintf(u + j, 4, "%%%02X", c);
			j += 3;
		} else {
			u[j++] = (char)c;
		}
	}
	memcpy(u + j, "?immutable=1", 13);
	return u;
}

/*
 * SQLite's small allocations.  Debian builds SQLite without its lookaside
 * allocator (SQLITE_OMIT_LOOKASIDE), so each of the ~14,000 small objects
 * SQLite makes to read this schema at every open (expressions, tokens,
 * trigger steps: mostly 16-300 bytes) is a malloc() and later a free()
 * of libc's, about 100 instructions a pair.  These size-class pools give
 * them back what lookaside does: blocks of 16-512 bytes, 16 apart, cut
 * from 64 KiB chunks and kept on a free list per size when freed; larger
 * requests go to malloc().  Each block starts with its size (SQLite asks
 * for it: xSize).  Pool memory is never handed back to malloc: it stays
 * at the peak of small blocks SQLite held at once (about 2 MB reading the
 * schema; statements reuse it), and SQLite's big buffers (pages, sorters)
 * are malloc()'s as before.  The pools are per thread, so no lock (a block
 * freed by another thread joins that thread's list); a thread's pools
 * outlive it.  Sanitizer builds keep libc's allocator so ASan still sees
 * SQLite's memory.  About 1.5 million instructions of each open
 * (docs/architecture.md, "Start-up").
 */
#if defined(__SANITIZE_ADDRESS__)
#define DB_SYSTEM_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define DB_SYSTEM_MALLOC 1
#endif
#endif

#ifndef DB_SYSTEM_MALLOC
#define POOL_STEP 16
#define POOL_CLASSES 32                 /* blocks of 16, 32, ... 512 bytes */
#define POOL_MAX (POOL_STEP * POOL_CLASSES)
#define POOL_CHUNK 65536

union pool_hdr {
	size_t size;                    /* of the block after the header */
	max_align_t align;
};

struct pool {
	void *free[POOL_CLASSES];       /* freed blocks of each size, linked through their first word */
	char *next, *end;               /* what is left of the current chunk */
};

static __thread struct pool g_pool;

static void *pool_malloc(int n)
{
	struct pool *p = &g_pool;
	union pool_hdr *h;
	size_t size;

	if (n <= 0)
		return NULL;
	if (n > POOL_MAX) {
		size = ((size_t)n + 7) & ~(size_t)7;
		h = malloc(sizeof(*h) + size);
		if (!h)
			return NULL;
		h->size = size;
		return h + 1;
	}
	size = ((size_t)n + POOL_STEP - 1) & ~(size_t)(POOL_STEP - 1);
	if (p->free[size / POOL_STEP - 1]) {
		void *b = p->free[size / POOL_STEP - 1];

		memcpy(&p->free[size / POOL_STEP - 1], b, sizeof(void *));
		return b;
	}
	if (!p->next || (size_t)(p->end - p->next) < sizeof(*h) + size) {
		char *c = malloc(POOL_CHUNK);

		if (!c)
			return NULL;
		p->next = c;
		p->end = c + POOL_CHUNK;
	}
	h = (union pool_hdr *)(void *)p->next;
	p->next += sizeof(*h) + size;
	h->size = size;
	return h + 1;
}

static int pool_size(void *b)
{
	return b ? (int)((union pool_hdr *)b - 1)->size : 0;
}

static void pool_free(void *b)
{
	struct pool *p = &g_pool;
	size_t size;

	if (!b)
		return;
	size = ((union pool_hdr *)b - 1)->size;
	if (size > POOL_MAX) {
		free((union pool_hdr *)b - 1);
		return;
	}
	memcpy(b, &p->free[size / POOL_STEP - 1], sizeof(void *));
	p->free[size / POOL_STEP - 1] = b;
}

static void *pool_realloc(void *b, int n)
{
	size_t old = ((union pool_hdr *)b - 1)->size;
	union pool_hdr *h;
	void *c;

	if (n <= 0)
		return NULL;
	if ((size_t)n <= old && (old <= POOL_MAX || (size_t)n > POOL_MAX))
		return b;                       /* still fits (a big block stays big) */
	if (old > POOL_MAX && n > POOL_MAX) {
		size_t size = ((size_t)n + 7) & ~(size_t)7;

		h = realloc((union pool_hdr *)b - 1, sizeof(*h) + size);
		if (!h)
			return NULL;
		h->size = size;
		return h + 1;
	}
	c = pool_malloc(n);
	if (!c)
		return NULL;
	memcpy(c, b, old < (size_t)n ? old : (size_t)n);
	pool_free(b);
	return c;
}

static int pool_roundup(int n)
{
	if (n > POOL_MAX)
		return (n + 7) & ~7;
	return (n + POOL_STEP - 1) & ~(POOL_STEP - 1);
}

static int pool_init(void *arg)
{
	(void)arg;
	return SQLITE_OK;
}

static void pool_shutdown(void *arg)
{
	(void)arg;
}
#endif /* DB_SYSTEM_MALLOC */

/*
 * Once per process, before SQLite initialises itself at the first open:
 * the pools above, and no memory statistics.  With statistics on (SQLite's
 * default) every allocation and free takes a global mutex to keep counters
 * that only sqlite3_memory_used(), sqlite3_status() and the soft heap
 * limit read, none of which we use: about 2 million instructions (0.3-0.4
 * ms) of every open.  Once SQLite is initialised (a test that installed
 * its own allocator first) both calls are refused and nothing changes.
 */
static void db_configure(void)
{
	static int done;
#ifndef DB_SYSTEM_MALLOC
	static const sqlite3_mem_methods pools = {
		pool_malloc, pool_free, pool_realloc, pool_size, pool_roundup,
		pool_init, pool_shutdown, NULL
	};
#endif

	if (done)
		return;
	done = 1;
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
#ifndef DB_SYSTEM_MALLOC
	sqlite3_config(SQLITE_CONFIG_MALLOC, &pools);
#endif
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
	db->fd = -1;
	db->path = strdup(path);
	if (!db->path) {
		r = pos_fail(err, POS_ERR_NO_MEM, tr("out of memory opening %s"), path);
		goto fail;
	}
	if (!(flags & DB_CREATE) && !(flags & DB_READONLY) && read_only_medium(path)) {
		flags |= DB_READONLY;   /* reading works; a write says it cannot */
		oflags = SQLITE_OPEN_READONLY;
	}
	db_configure();
	rc = sqlite3_open_v2(path, &db->h, oflags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		r = fail_rc(db->h, rc, err, "opening the database", path);
		goto fail;
	}
	if ((flags & DB_READONLY) && read_only_medium(path) &&
	    get_version(db->h, &v) != SQLITE_OK) {
		/* a WAL database where no -shm can be made: read it as it is */
		char *uri = immutable_uri(path);

		sqlite3_close(db->h);
		db->h = NULL;
		if (!uri) {
			r = pos_fail(err, POS_ERR_NO_MEM, tr("out of memory opening %s"), path);
			goto fail;
		}
		rc = sqlite3_open_v2(uri, &db->h, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
				     SQLITE_OPEN_NOMUTEX, NULL);
		free(uri);
		if (rc != SQLITE_OK) {
			r = fail_rc(db->h, rc, err, "opening the database", path);
			goto fail;
		}
	}
	db->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (db->fd >= 0 && fstat(db->fd, &sb) == 0) {
		db->dev = sb.st_dev;
		db->ino = sb.st_ino;
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
		db->wal = 1;
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
	if (rc == SQLITE_OK)
		rc = journal_register(db->h);
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
	if (db->fd >= 0)
		close(db->fd);
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


/*
 * Statements are cached by their text (copied, so a caller may build the
 * text in a buffer).  When the cache is full, the oldest statement that is
 * not in the middle of a step is finalized; one still being stepped by a
 * caller is never touched.
 */
int db_prepare(struct db *db, const char *sql, sqlite3_stmt **st, struct pos_error *err)
{
	uint32_t h = hash_str(sql);
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

/*
 * Is the file at db->path still the one opened (issue 12)?  Deleted,
 * moved away or replaced by another file (another device or inode), or
 * overwritten in place by something that is not this WAL database (a
 * backup, which `db backup` writes in rollback mode, copied over it; any
 * other file): 0, or POS_ERR_IO with the sentence.  A header is only
 * there once SQLite has checkpointed, so a short file is not judged.
 */
static int check_file(struct db *db, struct pos_error *err)
{
	struct stat sb;
	unsigned char h[100];
	int bad = 0;

	if (db->lost)
		bad = 1;
	else if (stat(db->path, &sb) != 0 || sb.st_dev != db->dev || sb.st_ino != db->ino)
		bad = 1;
	else if (db->fd >= 0 && pread(db->fd, h, sizeof(h), 0) == (ssize_t)sizeof(h) &&
		 (memcmp(h, "SQLite format 3", 16) != 0 || (db->wal && (h[18] != 2 || h[19] != 2))))
		bad = 1;
	if (!bad)
		return 0;
	db->lost = 1;
	/* Closing must not checkpoint our WAL into whatever is at the path now
	 * (nor delete a -wal that may be another database's). */
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	return pos_fail(err, POS_ERR_IO,
			tr("the database file %s was deleted, moved or replaced while ocop-pos "
			   "was using it: nothing more was saved; stop, find out what happened "
			   "to the file and check it with `ocop-pos db check`"), db->path);
}

int db_lost(const struct db *db)
{
	return db->lost;
}

int db_commit(struct db *db, struct pos_error *err)
{
	int r;

	if (db->depth <= 0)
		return pos_fail(err, POS_ERR_DB, "commit without a transaction");
	if (db->depth == 1 && db->fd >= 0 && (r = check_file(db, err))) {
		db_rollback(db);
		return r;
	}
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

	if (kind == DB_TX_JOIN && depth > 0)
		return fn(db, ctx, err);   /* the caller's transaction (db.h) */
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

/* Bind st's ?1, ?2 ... from ap as types says (see db_write); -1 on an unknown letter. */
static int bind_va(sqlite3_stmt *st, const char *types, va_list ap)
{
	int i;

	for (i = 0; types[i]; i++) {
		const char *s;
		long long v;

		switch (types[i]) {
		case 't':
		case 'z':
			s = va_arg(ap, const char *);
			if (s && (*s || types[i] == 't'))
				sqlite3_bind_text(st, i + 1, s, -1, SQLITE_STATIC);
			break;
		case 'i':
		case 'k':
			v = va_arg(ap, long long);
			if (v > 0 || types[i] == 'i')
				sqlite3_bind_int64(st, i + 1, v);
			break;
		default:
			return -1;
		}
	}
	return 0;
}

/* db_prepare() sql and bind its parameters from ap. */
static int prepare_va(struct db *db, sqlite3_stmt **out, struct pos_error *err, const char *sql,
		      const char *types, va_list ap)
{
	sqlite3_stmt *st;
	int r = db_prepare(db, sql, &st, err);

	if (r)
		return r;
	if (bind_va(st, types, ap))
		return pos_fail(err, POS_ERR_INVALID, "bad parameter types \"%s\"", types);
	*out = st;
	return 0;
}

int db_query(struct db *db, struct sqlite3_stmt **st, struct pos_error *err, const char *sql,
	     const char *types, ...)
{
	va_list ap;
	int r;

	va_start(ap, types);
	r = prepare_va(db, st, err, sql, types, ap);
	va_end(ap);
	return r;
}

int db_write(struct db *db, struct pos_error *err, const char *what, const char *sql,
	     const char *types, ...)
{
	sqlite3_stmt *st;
	va_list ap;
	int r;

	va_start(ap, types);
	r = prepare_va(db, &st, err, sql, types, ap);
	va_end(ap);
	if (r)
		return r;
	r = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, err, what);
	sqlite3_reset(st);
	return r;
}

void db_row_int64(sqlite3_stmt *st, void *item)
{
	*(long long *)item = sqlite3_column_int64(st, 0);
}

int db_row_by(struct db *db, const char *sql, const char *key, long long id, db_row_fn row,
	      void *item, const char *what, struct pos_error *err)
{
	sqlite3_stmt *st;
	int r = db_prepare(db, sql, &st, err);

	if (r)
		return r;
	if (key)
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, id);
	return db_row(db, st, row, item, what, err);
}

struct text_out {
	char *buf;
	size_t n;
};

static void text_row(sqlite3_stmt *st, void *item)
{
	struct text_out *t = item;

	db_col_copy(st, 0, t->buf, t->n);
}

int db_text_by(struct db *db, const char *sql, const char *key, char *buf, size_t n,
	       const char *what, struct pos_error *err)
{
	struct text_out t = { buf, n };

	return db_row_by(db, sql, key, 0, text_row, &t, what, err);
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

/*
 * Remove what killed or disk-full backups left in dir: files "*.part"
 * that are empty or begin like an SQLite database, and that no backup
 * still writes (a running db_backup holds flock() on its part file; SQLite
 * locks with fcntl(), which does not interfere).  Best effort.
 */
static void clean_parts(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];
	unsigned char h[16];

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		struct stat sb;
		ssize_t got;
		int fd;

		if (n < 6 || strcmp(e->d_name + n - 5, ".part") != 0 ||
		    snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= (int)sizeof(path))
			continue;
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		if (fd < 0)
			continue;
		got = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) ? pread(fd, h, sizeof(h), 0) : -1;
		if ((got == 0 || (got == (ssize_t)sizeof(h) && memcmp(h, "SQLite format 3", 16) == 0)) &&
		    flock(fd, LOCK_EX | LOCK_NB) == 0)
			unlink(path);
		close(fd);
	}
	closedir(d);
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
	{
		char dir[4096];
		const char *slash = strrchr(dest, '/');

		if (!slash)
			snprintf(dir, sizeof(dir), ".");
		else
			snprintf(dir, sizeof(dir), "%.*s", slash == dest ? 1 : (int)(slash - dest), dest);
		clean_parts(dir);
	}
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return pos_fail(err, errno == ENOSPC ? POS_ERR_FULL : POS_ERR_IO,
				tr("cannot write the backup %s: %s"), dest, strerror(errno));
	/* held until this function returns: clean_parts() leaves it alone */
	flock(fd, LOCK_EX | LOCK_NB);
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
	close(fd);
	return 0;
fail:
	if (out)
		sqlite3_close(out);
	unlink(tmp);
	close(fd);
	return r;
}
