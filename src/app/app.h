/*
 * app.h - the application layer shared by the command line (src/cli/)
 * and the terminal POS (src/ui/): the context a run works in, opening
 * the database with its reference data, reporting errors to the person,
 * and the memory tier of the front ends.  It sits on core and the
 * drivers; cli and ui sit on it and never include each other.
 */
#ifndef OCOP_APP_H
#define OCOP_APP_H

#include <stddef.h>

#include "core/config.h"
#include "lib/err.h"

struct db;

enum app_format { APP_TABLE, APP_CSV, APP_JSON };

struct app_ctx {
	const char *db_path;
	const char *config_path;
	const char *datadir;      /* config files override, or NULL */
	struct db *db;            /* opened by app_db() */
	struct config cfg;        /* loaded by main() */
};

/* Print "ocop-pos: <msg>" on stderr; return 1. */
int app_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Report a core error: message on stderr, exit status 1. */
int app_error(const struct pos_error *err);

/* Open the database (loads reference data first); 0 or an exit status. */
int app_db(struct app_ctx *ctx, unsigned flags);

/*
 * Reference data (provinces, groups): from the data directory, loaded and
 * checked now; the built-in tables at their first look-up
 * (refdata_defer()).  0 or an exit status.
 */
int app_refdata(struct app_ctx *ctx);

/* The same returning a core error (0 or an enum pos_err) instead of printing. */
int app_refdata_load(struct app_ctx *ctx, struct pos_error *err);

/*
 * When --db is a postgresql:// URI (a hub on PostgreSQL, core/pghub.h):
 * connect and set *out, returning 0; or an exit status.  *out = NULL and
 * 0 when --db is an SQLite file.  The caller closes it (pghub_close).
 */
struct pghub;
int app_pghub(struct app_ctx *ctx, struct pghub **out);

/* Parse --format: table, csv or json (xlsx where allowed elsewhere). */
int app_format_parse(const char *s, enum app_format *fmt);

/* Abort with the terminal restored when memory runs out (the front ends' tier). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
char *xstrdup(const char *s);

#endif
