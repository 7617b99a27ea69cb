/*
 * outfile.c - safe output files (see outfile.h): refuse the database and
 * SQLite files, refuse to replace without force, write a 0600 temporary
 * beside the target, fsync, rename, fsync the directory.
 */
#include "app/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/i18n.h"

/* The directory part of path ("." when none), malloc'd. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	{
		size_t n = (size_t)(slash - path);
		char *d = xmalloc(n + 1);

		memcpy(d, path, n);
		d[n] = '\0';
		return d;
	}
}

static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* realpath(dir of path) + "/" + base: the same file whatever the spelling. */
static int canonical(const char *path, char *out, size_t n)
{
	char *dir = dir_of(path), real[PATH_MAX];
	int ok = realpath(dir, real) != NULL;

	free(dir);
	if (!ok)
		return -1;
	return snprintf(out, n, "%s/%s", real, base_of(path)) >= (int)n ? -1 : 0;
}

static int is_sqlite(const char *path)
{
	static const char magic[16] = "SQLite format 3";   /* with its NUL: 16 bytes */
	char head[16];
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW), n;

	if (fd < 0)
		return 0;
	n = (int)read(fd, head, sizeof(head));
	close(fd);
	return n == (int)sizeof(head) && memcmp(head, magic, sizeof(head)) == 0;
}

int app_out_safe(struct app_ctx *ctx, const char *path, int force, struct pos_error *err)
{
	static const char *const side[] = { "", "-wal", "-shm", "-journal" };
	char want[PATH_MAX + 16], dbc[PATH_MAX + 16];
	struct stat st, dst;
	size_t i;

	if (!path || !*path)
		return pos_fail(err, POS_ERR_INVALID, "%s", tr("no output file given"));
	if (ctx && ctx->db_path && canonical(path, want, sizeof(want)) == 0 &&
	    canonical(ctx->db_path, dbc, sizeof(dbc)) == 0) {
		for (i = 0; i < sizeof(side) / sizeof(side[0]); i++) {
			char f[PATH_MAX + 32];

			snprintf(f, sizeof(f), "%s%s", dbc, side[i]);
			if (strcmp(f, want) == 0)
				return pos_fail(err, POS_ERR_REFUSED,
						tr("refusing to write over the database %s%s; "
						   "give another file name"), ctx->db_path, side[i]);
		}
	}
	if (lstat(path, &st) != 0)
		return 0;                                /* a new file */
	if (ctx && ctx->db_path && stat(ctx->db_path, &dst) == 0 && stat(path, &st) == 0 &&
	    st.st_dev == dst.st_dev && st.st_ino == dst.st_ino)
		return pos_fail(err, POS_ERR_REFUSED, tr("refusing to write over the database %s; "
							 "give another file name"), ctx->db_path);
	if (S_ISDIR(st.st_mode))
		return pos_fail(err, POS_ERR_INVALID, tr("%s is a directory; give a file name"),
				path);
	if (is_sqlite(path))
		return pos_fail(err, POS_ERR_REFUSED,
				tr("refusing to write over %s: it is an SQLite database (a showroom "
				   "database or a backup); give another file name"), path);
	if (!force)
		return pos_fail(err, POS_ERR_EXISTS, tr("%s already exists; add --force to replace "
							"it"), path);
	return 0;
}

int app_out_check(struct app_ctx *ctx, const char *path, int force)
{
	struct pos_error err;

	if (app_out_safe(ctx, path, force, &err))
		return app_error(&err);
	return 0;
}

int app_out_begin(struct app_ctx *ctx, const char *path, int force, unsigned flags,
		  struct app_out *out, struct pos_error *err)
{
	char *dir;
	size_t n;
	int fd, r;

	memset(out, 0, sizeof(*out));
	if ((r = app_out_safe(ctx, path, force, err)))
		return r;
	dir = dir_of(path);
	n = strlen(dir) + strlen(base_of(path)) + 16;
	out->tmp = xmalloc(n);
	snprintf(out->tmp, n, "%s/.%s.XXXXXX", dir, base_of(path));
	free(dir);
	fd = mkstemp(out->tmp);
	if (fd < 0) {
		r = pos_fail(err, errno == ENOSPC ? POS_ERR_FULL : POS_ERR_IO,
			     tr("cannot write %s: %s"), path, strerror(errno));
		free(out->tmp);
		out->tmp = NULL;
		return r;
	}
	fchmod(fd, 0600);
	out->path = xstrdup(path);
	if (flags & APP_OUT_PATH) {
		close(fd);
		return 0;
	}
	out->fp = fdopen(fd, "w");
	if (!out->fp) {
		close(fd);
		r = pos_fail(err, POS_ERR_IO, tr("cannot write %s: %s"), path, strerror(errno));
		app_out_abort(out);
		return r;
	}
	return 0;
}

int app_out_open(struct app_ctx *ctx, const char *path, int force, unsigned flags,
		 struct app_out *out)
{
	struct pos_error err;

	if (app_out_begin(ctx, path, force, flags, out, &err))
		return app_error(&err);
	return 0;
}

static void release(struct app_out *out)
{
	free(out->path);
	free(out->tmp);
	memset(out, 0, sizeof(*out));
}

void app_out_abort(struct app_out *out)
{
	if (out->fp)
		fclose(out->fp);
	out->fp = NULL;
	if (out->tmp)
		unlink(out->tmp);
	release(out);
}

int app_out_finish(struct app_out *out, struct pos_error *err)
{
	int fd, bad = 0, e = 0;
	char *dir;

	if (out->fp) {
		if (ferror(out->fp) || fflush(out->fp) != 0 || fsync(fileno(out->fp)) != 0)
			bad = 1, e = errno;
		if (fclose(out->fp) != 0 && !bad)
			bad = 1, e = errno;
		out->fp = NULL;
	} else if ((fd = open(out->tmp, O_RDONLY | O_CLOEXEC)) >= 0) {
		fchmod(fd, 0600);        /* whatever the writer used */
		if (fsync(fd) != 0)
			bad = 1, e = errno;
		close(fd);
	} else {
		bad = 1, e = errno;
	}
	if (!bad && rename(out->tmp, out->path) != 0)
		bad = 1, e = errno;
	if (bad) {
		int r = pos_fail(err, e == ENOSPC ? POS_ERR_FULL : POS_ERR_IO,
				 tr("cannot write %s: %s"), out->path, strerror(e ? e : EIO));

		app_out_abort(out);
		return r;
	}
	dir = dir_of(out->path);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
	release(out);
	return 0;
}

int app_out_commit(struct app_out *out)
{
	struct pos_error err;

	if (app_out_finish(out, &err))
		return app_error(&err);
	return 0;
}
