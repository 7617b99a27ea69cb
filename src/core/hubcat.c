/*
 * hubcat.c - the client's copy of a PostgreSQL hub's catalogue (hubcat.h).
 *
 * A file, all numbers little-endian:
 *   "OCOPHCAT" (8 bytes), version (u32, 1), epoch (i64), rows (u32),
 *   text bytes (u32);
 *   per row six u32: the offsets in the text of its SKU, name, producer
 *   and province, then its group and stars;
 *   the text: NUL-terminated strings.
 * Read back only when the sizes add up to the file's, every offset is
 * inside the text and the text ends with a NUL (so every string ends
 * inside it), the group is 0..99 and the stars 0..5.
 */
#include "hubcat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "i18n.h"
#include "lib/alloc.h"
#include "lib/hash.h"

#define MAGIC "OCOPHCAT"
#define VERSION 1u
#define HEAD 28                          /* magic, version, epoch, rows, text bytes */
#define ROW 24                           /* six u32 */
#define STR_MAX 1000                     /* a string kept, at most (bytes) */
#define FILE_MAX (256u << 20)            /* a cache file read, at most */

struct crow {
	uint32_t sku, name, producer, province;
	int group, stars;
};

struct hubcat {
	char id[HUBCAT_ID_MAX + 1];
	long long epoch;
	struct crow *rows;
	size_t n, cap;
	char *text;                       /* the strings, NUL-terminated */
	size_t tlen, tcap;
	uint32_t *slot;                   /* row + 1 per slot, 0: empty (mask + 1 slots) */
	uint32_t mask;
	int added;                        /* rows added since opened: to be saved */
};

int hubcat_id_ok(const char *id)
{
	size_t i;

	if (!id || !*id || strlen(id) > HUBCAT_ID_MAX)
		return 0;
	for (i = 0; id[i]; i++)
		if (!((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f') ||
		      id[i] == '-'))
			return 0;
	return 1;
}

struct hubcat *hubcat_new(const char *id, long long epoch)
{
	struct hubcat *c;

	if (!hubcat_id_ok(id) || !(c = calloc(1, sizeof(*c))))
		return NULL;
	snprintf(c->id, sizeof(c->id), "%s", id);
	c->epoch = epoch;
	return c;
}

void hubcat_free(struct hubcat *c)
{
	if (!c)
		return;
	free(c->rows);
	free(c->text);
	free(c->slot);
	free(c);
}

size_t hubcat_count(const struct hubcat *c)
{
	return c->n;
}

void hubcat_row(const struct hubcat *c, size_t i, struct hubcat_row *out)
{
	const struct crow *r = &c->rows[i];

	out->sku = c->text + r->sku;
	out->name = c->text + r->name;
	out->producer = c->text + r->producer;
	out->province = c->text + r->province;
	out->group = r->group;
	out->stars = r->stars;
}

long hubcat_find(const struct hubcat *c, const char *sku)
{
	uint32_t k;

	if (!c->slot)
		return -1;
	for (k = hash_str(sku) & c->mask; c->slot[k]; k = (k + 1) & c->mask)
		if (!strcmp(c->text + c->rows[c->slot[k] - 1].sku, sku))
			return (long)c->slot[k] - 1;
	return -1;
}

/* The index of rows [0, n) made again for room for at least want rows. */
static int reindex(struct hubcat *c, size_t want)
{
	uint32_t mask = 15, k, *slot;
	size_t i;

	while (mask < 2 * want && mask < (1u << 30))
		mask = mask << 1 | 1;
	if (!(slot = calloc((size_t)mask + 1, sizeof(*slot))))
		return POS_ERR_NO_MEM;
	for (i = 0; i < c->n; i++) {
		for (k = hash_str(c->text + c->rows[i].sku) & mask; slot[k]; k = (k + 1) & mask)
			if (!strcmp(c->text + c->rows[slot[k] - 1].sku, c->text + c->rows[i].sku))
				break;
		if (!slot[k])
			slot[k] = (uint32_t)i + 1;        /* (a SKU twice: the first row) */
	}
	free(c->slot);
	c->slot = slot;
	c->mask = mask;
	return 0;
}

/* s (cut at STR_MAX bytes on a character boundary) appended to the text: its offset in *off. */
static int put_str(struct hubcat *c, const char *s, uint32_t *off)
{
	size_t len = strlen(s);

	if (len > STR_MAX) {
		len = STR_MAX;
		while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--;
	}
	if (c->tlen + len + 1 > UINT32_MAX || POS_GROW(c->text, c->tcap, c->tlen + len + 1))
		return POS_ERR_NO_MEM;
	*off = (uint32_t)c->tlen;
	memcpy(c->text + c->tlen, s, len);
	c->text[c->tlen + len] = '\0';
	c->tlen += len + 1;
	return 0;
}

int hubcat_add(struct hubcat *c, const struct hubcat_row *r)
{
	struct crow w;

	if (hubcat_find(c, r->sku) >= 0)
		return 0;
	if (c->n >= UINT32_MAX - 1 || POS_GROW(c->rows, c->cap, c->n + 1) ||
	    put_str(c, r->sku, &w.sku) || put_str(c, r->name ? r->name : "", &w.name) ||
	    put_str(c, r->producer ? r->producer : "", &w.producer) ||
	    put_str(c, r->province ? r->province : "", &w.province))
		return POS_ERR_NO_MEM;
	w.group = r->group;
	w.stars = r->stars;
	c->rows[c->n++] = w;
	if (!c->slot || 2 * c->n > c->mask) {
		if (reindex(c, c->n * 2)) {
			c->n--;
			return POS_ERR_NO_MEM;
		}
	} else {
		uint32_t k;

		for (k = hash_str(r->sku) & c->mask; c->slot[k]; k = (k + 1) & c->mask)
			;
		c->slot[k] = (uint32_t)c->n;
	}
	c->added = 1;
	return 0;
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static void clear(struct hubcat *c)
{
	c->n = c->tlen = 0;
	free(c->slot);
	c->slot = NULL;
	c->mask = 0;
}

int hubcat_parse(struct hubcat *c, const void *data, size_t n)
{
	const unsigned char *p = data;
	uint32_t rows, tlen;
	uint64_t epoch;
	size_t i;
	int k;

	clear(c);
	if (n < HEAD || memcmp(p, MAGIC, 8) || get32(p + 8) != VERSION)
		return POS_ERR_INVALID;
	epoch = (uint64_t)get32(p + 12) | (uint64_t)get32(p + 16) << 32;
	rows = get32(p + 20);
	tlen = get32(p + 24);
	if ((long long)epoch != c->epoch || rows > (n - HEAD) / ROW ||
	    (size_t)rows * ROW + tlen != n - HEAD || (rows && (!tlen || p[n - 1] != '\0')))
		return POS_ERR_INVALID;
	if (POS_GROW(c->rows, c->cap, (size_t)rows + 1) || POS_GROW(c->text, c->tcap, (size_t)tlen + 1))
		return POS_ERR_NO_MEM;
	for (i = 0; i < rows; i++) {
		const unsigned char *r = p + HEAD + i * ROW;
		uint32_t off[4];

		for (k = 0; k < 4; k++)
			if ((off[k] = get32(r + 4 * k)) >= tlen)
				return POS_ERR_INVALID;
		c->rows[i].sku = off[0];
		c->rows[i].name = off[1];
		c->rows[i].producer = off[2];
		c->rows[i].province = off[3];
		c->rows[i].group = (int)get32(r + 16);
		c->rows[i].stars = (int)get32(r + 20);
		if (get32(r + 16) > 99 || get32(r + 20) > 5)
			return POS_ERR_INVALID;
	}
	memcpy(c->text, p + HEAD + (size_t)rows * ROW, tlen);
	c->tlen = tlen;
	c->n = rows;
	if (reindex(c, c->n)) {
		clear(c);
		return POS_ERR_NO_MEM;
	}
	return 0;
}

int hubcat_format(const struct hubcat *c, unsigned char **out, size_t *n)
{
	size_t len = HEAD + c->n * ROW + c->tlen, i;
	unsigned char *b = malloc(len ? len : 1), *r;

	if (!b)
		return POS_ERR_NO_MEM;
	memcpy(b, MAGIC, 8);
	put32(b + 8, VERSION);
	put32(b + 12, (uint32_t)((uint64_t)c->epoch & 0xffffffffu));
	put32(b + 16, (uint32_t)((uint64_t)c->epoch >> 32));
	put32(b + 20, (uint32_t)c->n);
	put32(b + 24, (uint32_t)c->tlen);
	for (i = 0, r = b + HEAD; i < c->n; i++, r += ROW) {
		put32(r, c->rows[i].sku);
		put32(r + 4, c->rows[i].name);
		put32(r + 8, c->rows[i].producer);
		put32(r + 12, c->rows[i].province);
		put32(r + 16, (uint32_t)c->rows[i].group);
		put32(r + 20, (uint32_t)c->rows[i].stars);
	}
	if (c->tlen)
		memcpy(r, c->text, c->tlen);
	*out = b;
	*n = len;
	return 0;
}

/*
 * 1 when dir is a folder of this user that nobody else may write to: a
 * copy there is this user's own (a folder another user can write to
 * could hold a copy that renames products in this user's reports).
 */
static int own_dir(const char *dir)
{
	struct stat st;

	return !lstat(dir, &st) && S_ISDIR(st.st_mode) && st.st_uid == geteuid() &&
	       !(st.st_mode & (S_IWGRP | S_IWOTH));
}

/*
 * The cache folder into dir (made, 0700, when make): 0, or -1 when there
 * is none, or it is not the user's own (own_dir).
 */
static int cache_dir(char *dir, size_t n, int make)
{
	const char *x = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	int w;

	if (x && *x == '/')
		w = snprintf(dir, n, "%s/ocop-pos", x);
	else if (home && *home == '/')
		w = snprintf(dir, n, "%s/.cache/ocop-pos", home);
	else
		return -1;
	if (w < 0 || (size_t)w >= n)
		return -1;
	if (make) {
		char *s;

		/* the parents as well (~/.cache may not exist yet) */
		for (s = dir + 1; *s; s++)
			if (*s == '/') {
				*s = '\0';
				if (mkdir(dir, 0700) && errno != EEXIST) {
					*s = '/';
					return -1;
				}
				*s = '/';
			}
		if (mkdir(dir, 0700) && errno != EEXIST)
			return -1;
	}
	return own_dir(dir) ? 0 : -1;
}

static int file_path(const struct hubcat *c, char *path, size_t n, int make)
{
	char dir[4096];
	int w;

	if (cache_dir(dir, sizeof(dir), make))
		return -1;
	w = snprintf(path, n, "%s/hub-%s.cat", dir, c->id);
	return w < 0 || (size_t)w >= n ? -1 : 0;
}

struct hubcat *hubcat_open(const char *id, long long epoch)
{
	struct hubcat *c = hubcat_new(id, epoch);
	char path[4200], *data = NULL;
	size_t len = 0;

	if (!c)
		return NULL;
	if (!file_path(c, path, sizeof(path), 0) &&
	    !fileio_read(path, FILE_MAX, &data, &len, NULL) &&
	    hubcat_parse(c, data, len) == POS_ERR_NO_MEM) {
		free(data);
		hubcat_free(c);
		return NULL;
	}
	free(data);
	c->added = 0;
	return c;
}

int hubcat_save(struct hubcat *c, struct pos_error *err)
{
	char path[4200], tmp[4300];
	unsigned char *b;
	size_t n, done = 0;
	int fd, r;

	if (!c->added || file_path(c, path, sizeof(path), 1))
		return 0;
	if ((r = hubcat_format(c, &b, &n)))
		return pos_fail(err, r, "out of memory");
	snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		free(b);
		return pos_fail(err, POS_ERR_IO, tr("cannot write %s: %s"), tmp, strerror(errno));
	}
	while (done < n) {
		ssize_t w = write(fd, b + done, n - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	free(b);
	if (close(fd) || done < n || rename(tmp, path)) {
		r = pos_fail(err, errno == ENOSPC ? POS_ERR_FULL : POS_ERR_IO,
			     tr("cannot write %s: %s"), path, strerror(errno));
		unlink(tmp);
		return r;
	}
	c->added = 0;
	return 0;
}
