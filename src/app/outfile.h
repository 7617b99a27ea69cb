/*
 * outfile.h - every file a command writes (reports, exports, catalogue,
 * backups, previews) goes through here, so that no command ever writes
 * over the open database, its -wal/-shm/-journal, or any SQLite database
 * (a backup `db backup` made is one: recognised by its header); an
 * existing file is replaced only with force; the output goes to a
 * temporary file in the same directory (mode 0600: outputs hold buyers'
 * names and tax codes) that is fsynced and renamed into place on commit,
 * so a reader never sees half a file and a failure leaves the old one.
 *
 *   struct app_out o;
 *   if ((r = app_out_open(ctx, path, force, 0, &o)))   // refused: r = exit status
 *           return r;
 *   write to o.fp ...                  (or, with APP_OUT_PATH, to the file o.tmp)
 *   return app_out_commit(&o);         // or app_out_abort(&o) on failure
 */
#ifndef OCOP_APP_OUTFILE_H
#define OCOP_APP_OUTFILE_H

#include <stdio.h>

#include "app/app.h"
#include "lib/err.h"

/* The writer opens the temporary path itself (SQLite backup, xlsx): no FILE. */
#define APP_OUT_PATH 1u

struct app_out {
	char *path;      /* where the file goes */
	char *tmp;       /* the temporary file beside it */
	FILE *fp;        /* open on tmp, unless APP_OUT_PATH */
};

/*
 * Check that path may be written (see above) and open the temporary
 * file.  Returns 0, or an exit status after saying why on stderr (1).
 */
int app_out_open(struct app_ctx *ctx, const char *path, int force, unsigned flags,
		 struct app_out *out);

/* Flush, fsync and rename into place; 0 or 1 after a message (the temporary removed). */
int app_out_commit(struct app_out *out);

/* Remove the temporary file; the path keeps what it had. */
void app_out_abort(struct app_out *out);

/*
 * The same for the terminal POS, which shows errors itself: 0 or a
 * pos_error, nothing printed.
 */
int app_out_begin(struct app_ctx *ctx, const char *path, int force, unsigned flags,
		  struct app_out *out, struct pos_error *err);
int app_out_finish(struct app_out *out, struct pos_error *err);

/*
 * 0 when path may be written by a command (not the database, its side
 * files, nor an SQLite file; an existing file only with force); else 1
 * after a message.  app_out_open checks this first.
 */
int app_out_check(struct app_ctx *ctx, const char *path, int force);

/*
 * The same check without printing: 0 or a pos_error (POS_ERR_REFUSED for
 * the database or an SQLite file, POS_ERR_EXISTS without force).  A file
 * printer (file:PATH, receipts.prn) that appends calls it with force 1.
 */
int app_out_safe(struct app_ctx *ctx, const char *path, int force, struct pos_error *err);

#endif
