/*
 * fileio.c - whole-file reads (see fileio.h).
 *
 * A regular file is sized with fstat() and read into one allocation; for
 * anything else (a pipe) the buffer doubles until the end or the limit.
 * One byte more than max is asked for, so a file that grew past the limit
 * after fstat() is still refused.
 */
#include "fileio.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n.h"

/* "64 KB", "16 MiB": the limit as people read it. */
static void size_words(size_t n, char *out, size_t outsz)
{
	if (n >= ((size_t)1 << 20) && n % ((size_t)1 << 20) == 0)
		snprintf(out, outsz, "%zu MiB", n >> 20);
	else if (n >= 1024 && n % 1024 == 0)
		snprintf(out, outsz, "%zu KB", n >> 10);
	else
		snprintf(out, outsz, "%zu bytes", n);
}

static int too_large(const char *path, size_t max, struct pos_error *err)
{
	char words[32];

	size_words(max, words, sizeof(words));
	return pos_fail(err, POS_ERR_INVALID, tr("%s: is larger than %s"), path, words);
}

int fileio_read(const char *path, size_t max, char **data, size_t *len, struct pos_error *err)
{
	struct stat sb;
	/* room for one byte more than allowed, to see a file too large */
	size_t limit = max < SIZE_MAX / 2 ? max + 1 : SIZE_MAX / 2;
	size_t n = 0, cap = 0, got;
	char *buf = NULL;
	FILE *f;
	int r;

	f = fopen(path, "rb");
	if (!f) {
		if (errno == ENOENT)
			return pos_fail(err, POS_ERR_NOT_FOUND, tr("%s: no such file"), path);
		return pos_fail(err, POS_ERR_IO, tr("%s: cannot open it (%s)"), path, strerror(errno));
	}
	if (fstat(fileno(f), &sb) == 0) {
		if (S_ISDIR(sb.st_mode)) {
			r = pos_fail(err, POS_ERR_INVALID, tr("%s: is a directory, not a file"), path);
			goto fail;
		}
		if (S_ISREG(sb.st_mode)) {
			if ((uintmax_t)sb.st_size > max) {
				r = too_large(path, max, err);
				goto fail;
			}
			cap = (size_t)sb.st_size + 1;
		}
	}
	for (;;) {
		if (n == cap) {
			/* Not POS_GROW: the buffer is sized to the file (fstat) and
			 * clamped to the read limit, where pos_grow would round up
			 * past both; limit <= SIZE_MAX / 2, so cap * 2 cannot wrap. */
			size_t ncap = cap < 64 * 1024 ? 64 * 1024 : cap * 2;
			char *nb;

			if (cap >= limit)
				break;
			if (ncap > limit)
				ncap = limit;
			nb = realloc(buf, ncap + 1);
			if (!nb) {
				r = pos_fail(err, POS_ERR_NO_MEM, tr("out of memory reading %s"), path);
				goto fail;
			}
			buf = nb;
			cap = ncap;
		} else if (!buf) {
			buf = malloc(cap + 1);
			if (!buf) {
				r = pos_fail(err, POS_ERR_NO_MEM, tr("out of memory reading %s"), path);
				goto fail;
			}
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		r = pos_fail(err, POS_ERR_IO, tr("%s: cannot read it (%s)"), path, strerror(errno));
		goto fail;
	}
	if (n > max) {
		r = too_large(path, max, err);
		goto fail;
	}
	fclose(f);
	if (!buf) {
		buf = malloc(1);
		if (!buf)
			return pos_fail(err, POS_ERR_NO_MEM, tr("out of memory reading %s"), path);
	}
	buf[n] = '\0';
	*data = buf;
	if (len)
		*len = n;
	return 0;
fail:
	free(buf);
	fclose(f);
	return r;
}
