/*
 * app.c - the application layer's context, database opening, error
 * reporting and memory tier (see app.h).
 */
#include "app/app.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/db.h"
#include "core/i18n.h"
#include "core/pghub.h"
#include "core/refdata.h"
#include "lib/dynlib.h"

int app_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("ocop-pos: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

int app_error(const struct pos_error *err)
{
	return app_fail("%s", pos_error_text(err));
}

int app_refdata_load(struct app_ctx *ctx, struct pos_error *err)
{
	/* The built-in tables load at their first look-up; files given in a
	 * data directory are read and checked now, so a mistake in them is
	 * reported whatever the command. */
	if (!ctx->datadir) {
		refdata_defer();
		return 0;
	}
	return refdata_load(ctx->datadir, err);
}

int app_refdata(struct app_ctx *ctx)
{
	struct pos_error err;

	if (app_refdata_load(ctx, &err))
		return app_error(&err);
	return 0;
}

int app_db(struct app_ctx *ctx, unsigned flags)
{
	struct pos_error err;
	int r = app_refdata(ctx);

	if (r)
		return r;
	if (ctx->db)
		return 0;
	if (db_open(ctx->db_path, flags, &ctx->db, &err))
		return app_error(&err);
	return 0;
}

int app_pghub(struct app_ctx *ctx, struct pghub **out)
{
	struct pos_error err;
	int r;

	*out = NULL;
	if (!pghub_is_uri(ctx->db_path))
		return 0;
	if ((r = app_refdata(ctx)))
		return r;
	if (dynlib_open(&dynlib_pq, &err))      /* libpq is loaded only for a hub URI */
		return app_error(&err);
	if (pghub_open(ctx->db_path, out, &err))
		return app_error(&err);
	return 0;
}

static void out_of_memory(void)
{
	fputs("ocop-pos: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		out_of_memory();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		out_of_memory();
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		out_of_memory();
	return p;
}

int app_format_parse(const char *s, enum app_format *fmt)
{
	if (!s || strcmp(s, "table") == 0)
		*fmt = APP_TABLE;
	else if (strcmp(s, "csv") == 0)
		*fmt = APP_CSV;
	else if (strcmp(s, "json") == 0)
		*fmt = APP_JSON;
	else
		return -1;
	return 0;
}

