/*
 * db.h - the showroom database: one SQLite file per showroom.
 *
 * db_open() applies the pragmas of the design (WAL, synchronous=FULL,
 * foreign keys, busy timeout), registers the Vietnamese collation "VI"
 * and the SQL function vn_fold(), and brings the schema up to date with
 * the forward-only migrations compiled into the binary (PRAGMA
 * user_version), all pending ones in one transaction.  A database written
 * by a newer ocop-pos is refused.
 *
 * Only src/core/ includes this header's SQLite parts: other layers see
 * struct db as an opaque handle.
 */
#ifndef OCOP_DB_H
#define OCOP_DB_H

#include "lib/err.h"

struct db;
struct sqlite3;
struct sqlite3_stmt;

enum {
	DB_CREATE = 1,      /* create the file (mode 0600) if missing */
	DB_NO_MIGRATE = 2,  /* open as is; refuse an older schema only when used */
	DB_READONLY = 4,
};

/*
 * Open (and with DB_CREATE create) the database at path.  On success *out
 * owns the connection; free with db_close().  Errors: POS_ERR_NOT_FOUND
 * (no such file), POS_ERR_VERSION (newer schema), POS_ERR_CORRUPT (not a
 * database), POS_ERR_BUSY (locked), POS_ERR_IO, POS_ERR_NO_MEM.
 */
int db_open(const char *path, unsigned flags, struct db **out, struct pos_error *err);

/* Close db (NULL is fine).  Finalizes cached statements. */
void db_close(struct db *db);

/* The file name given to db_open(); owned by db. */
const char *db_path(const struct db *db);

/* The schema version this program writes (the number of migrations). */
int db_latest_version(void);

/* The database's schema version (PRAGMA user_version). */
int db_schema_version(struct db *db, int *version, struct pos_error *err);

/*
 * Apply the pending migrations in one transaction.  *from and *to (may be
 * NULL) receive the versions before and after.
 */
int db_migrate(struct db *db, int *from, int *to, struct pos_error *err);

/*
 * Copy the database to dest with SQLite's online backup API, a few pages
 * at a time, so a till can go on selling meanwhile.  progress (may be
 * NULL) is called with pages done and total.  dest is written to a
 * temporary file beside it and renamed when complete, mode 0600.
 */
int db_backup(struct db *db, const char *dest,
	      void (*progress)(void *ctx, int done, int total), void *ctx,
	      struct pos_error *err);

/* --- for src/core/ modules only ------------------------------------ */

/* The raw SQLite handle. */
struct sqlite3 *db_handle(struct db *db);

/*
 * A prepared statement for sql, cached on db (keyed by the text) and
 * reset with its bindings cleared.  db owns it: do not finalize.  Reset
 * it when done (db_row() and db_rows() do): asking for a statement that
 * is still being stepped (a caller up the stack is iterating over it and
 * would see its rows vanish) fails with POS_ERR_DB instead of resetting
 * it under that caller.
 *
 * Bind text with SQLITE_STATIC (the buffer outlives the step): a
 * SQLITE_TRANSIENT copy is an allocation, and a bind that runs out of
 * memory leaves the parameter NULL without the step noticing.
 */
int db_prepare(struct db *db, const char *sql, struct sqlite3_stmt **st,
	       struct pos_error *err);

/* Column i of st's current row as text: "" for NULL; valid until the
 * statement steps or resets. */
const char *db_col_text(struct sqlite3_stmt *st, int i);

/* Copy column i of st's current row into dst (n bytes), cut to fit on a
 * UTF-8 character boundary; "" for NULL. */
void db_col_copy(struct sqlite3_stmt *st, int i, char *dst, size_t n);

/* Run SQL without results (no user text in it). */
int db_exec(struct db *db, const char *sql, struct pos_error *err);

/*
 * Transactions.  Core modules write every transaction as a function run
 * by db_tx(), never as db_begin() ... db_commit()/db_rollback() by hand:
 *
 *	static int rename_in_tx(struct db *db, void *ctx, struct pos_error *err)
 *	{
 *		struct rename_args *a = ctx;
 *		...  return 0, or the error (err filled)
 *	}
 *	...
 *	r = db_tx(db, DB_TX_WRITE, rename_in_tx, &args, err);
 *
 * db_tx() begins, runs fn(db, ctx, err), and then exactly once either
 * commits (fn returned 0) or rolls back (fn failed, or the commit itself
 * failed).  It returns fn's result, else the commit's error, else 0.  So
 * whatever fn wrote is either all in the database or none of it, and fn
 * never says COMMIT or ROLLBACK itself.  fn may call functions that use
 * db_tx() in turn: transactions nest.  The outermost level is BEGIN
 * IMMEDIATE for DB_TX_WRITE (the write lock is taken up front, so two
 * tills never both read-then-write) or a deferred BEGIN for DB_TX_READ (a
 * consistent snapshot for a report that reads several tables); inner
 * levels are savepoints, whose rollback undoes only what fn wrote.
 *
 * fn's outputs: fn writes them to ctx; a caller that must not show a
 * result unless it was committed copies them out after db_tx() returns 0.
 *
 * DB_TX_JOIN is DB_TX_WRITE at the outermost level; inside a transaction
 * fn simply runs in the caller's, without a savepoint, and its failure is
 * undone by the caller's rollback (which follows, as it returns the
 * error).  For a long loop of small transactions (demo data: one per
 * stock move or sale): a savepoint held open across the loop makes every
 * inner SAVEPOINT/RELEASE cost in proportion to what the loop has written
 * so far (SQLite walks its in-memory sub-journal), so the loop would be
 * quadratic; under a plain BEGIN each inner level starts from nothing.
 */
enum db_tx_kind {
	DB_TX_WRITE,      /* BEGIN IMMEDIATE */
	DB_TX_READ,       /* BEGIN (deferred): a read snapshot */
	DB_TX_JOIN,       /* BEGIN IMMEDIATE; inside a transaction, no level of its own */
};

typedef int (*db_tx_fn)(struct db *db, void *ctx, struct pos_error *err);

int db_tx(struct db *db, enum db_tx_kind kind, db_tx_fn fn, void *ctx,
	  struct pos_error *err);

/*
 * The primitives db_tx() is made of, for the few callers outside core
 * (tests, benchmarks) that drive a transaction by hand.  Every db_begin()
 * is matched by exactly one db_commit() or db_rollback().  db_commit()
 * that fails has ALREADY rolled the level back (and returns the error):
 * do not call db_rollback() after it.  db_rollback() outside a
 * transaction does nothing.
 */
int db_begin(struct db *db, struct pos_error *err);
int db_commit(struct db *db, struct pos_error *err);
void db_rollback(struct db *db);

/* The transaction nesting depth (0: none open). */
int db_tx_depth(const struct db *db);

/*
 * Before the outermost commit, db_commit() checks that the file at the
 * path opened is still the file opened (device and inode) and still this
 * WAL database by its header: if it was deleted, moved away or replaced,
 * the transaction is rolled back with POS_ERR_IO and a sentence saying so,
 * and every later commit on db fails the same way.  db_lost() is then 1,
 * so a loop over many inputs can stop at once.
 */
int db_lost(const struct db *db);

/*
 * Turn the last SQLite error of db into a pos_error: a locked database,
 * a full disk, a constraint, corruption each get their own code and a
 * sentence beginning with `what` ("saving the product").  Returns the code.
 */
int db_fail(struct db *db, struct pos_error *err, const char *what);

/* Fills one caller's struct (item) from the current row of st. */
typedef void (*db_row_fn)(struct sqlite3_stmt *st, void *item);

/*
 * Step st (prepared and bound by the caller) for one row and fill item
 * with row().  0 with item filled; POS_ERR_NOT_FOUND with err left alone
 * when there is no row (the caller says what is missing); or the database
 * error, a sentence beginning with `what` ("reading the shift").  st is
 * reset in every case.
 */
int db_row(struct db *db, struct sqlite3_stmt *st, db_row_fn row, void *item,
	   const char *what, struct pos_error *err);

/*
 * Run one INSERT, UPDATE or DELETE: prepare sql, bind ?1, ?2 ... from the
 * arguments as `types` says, one letter each, step it to the end and
 * reset it.  0, or the database error (a sentence beginning with `what`).
 *   t  const char *, text (SQLITE_STATIC); NULL binds NULL
 *   z  const char *, text; NULL or "" binds NULL
 *   i  long long
 *   k  long long, a row id; 0 or less binds NULL
 * Pass integers as long long (cast int and int64_t).
 */
int db_write(struct db *db, struct pos_error *err, const char *what, const char *sql,
	     const char *types, ...);

/*
 * db_prepare() sql and bind its parameters from the arguments as db_write()
 * does: 0 with *st ready to step (reset it when done, as db_row() and
 * db_rows() do), or the error.
 */
int db_query(struct db *db, struct sqlite3_stmt **st, struct pos_error *err, const char *sql,
	     const char *types, ...);

/* A db_row_fn for a one-integer row: column 0 into the long long item. */
void db_row_int64(struct sqlite3_stmt *st, void *item);

/*
 * db_row() for a statement that takes one key: prepare sql, bind ?1 to
 * text key (SQLITE_STATIC) when key is not NULL, else to the integer id,
 * and fill item from the one row.  The same results as db_row(); a
 * failed prepare's error as well.
 */
int db_row_by(struct db *db, const char *sql, const char *key, long long id, db_row_fn row,
	      void *item, const char *what, struct pos_error *err);

/*
 * db_row_by() for a one-text row: column 0 copied into buf (n bytes, cut
 * on a character boundary).  buf is written only when the row is found.
 */
int db_text_by(struct db *db, const char *sql, const char *key, char *buf, size_t n,
	       const char *what, struct pos_error *err);

/*
 * Step st (prepared and bound by the caller) to the end and collect every
 * row into a malloc'ed array of items of `size` bytes filled by row().
 * 0 with *out (the caller frees it; NULL when there are no rows) and *n;
 * or POS_ERR_NO_MEM ("out of memory <what>") or the database error
 * ("<what>", e.g. "listing users").  st is reset in every case.
 */
int db_rows(struct db *db, struct sqlite3_stmt *st, size_t size, db_row_fn row,
	    const char *what, void **out, size_t *n, struct pos_error *err);

/*
 * Run a query that gives one integer (a count, a max): 0 with *v, or the
 * database error ("<what>").  No parameters.
 */
int db_query_int64(struct db *db, const char *sql, const char *what, long long *v,
		   struct pos_error *err);

/* The rowid of the last insert on db. */
long long db_last_id(struct db *db);

/* Number of rows changed by the last statement. */
int db_changes(struct db *db);

#endif
