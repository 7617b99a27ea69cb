/*
 * bytebuf.c - growable byte buffer with a sticky out-of-memory flag (see
 * bytebuf.h).  Capacity doubles, so building a receipt costs a handful
 * of reallocations.
 */
#include "bytebuf.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void bytebuf_init(struct bytebuf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}

void bytebuf_release(struct bytebuf *b)
{
	free(b->data);
	bytebuf_init(b);
}

void bytebuf_reset(struct bytebuf *b)
{
	b->len = 0;
	b->failed = 0;
}

static int grow(struct bytebuf *b, size_t extra)
{
	size_t cap;
	unsigned char *p;

	if (b->failed)
		return -1;
	if (b->len + extra <= b->cap)
		return 0;
	if (extra > ((size_t)-1) / 4 - b->len) {
		b->failed = 1;
		return -1;
	}
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + extra)
		cap *= 2;
	p = realloc(b->data, cap);
	if (!p) {
		b->failed = 1;
		return -1;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

void bytebuf_put(struct bytebuf *b, const void *p, size_t n)
{
	if (!n || grow(b, n))
		return;
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

void bytebuf_byte(struct bytebuf *b, unsigned char c)
{
	if (grow(b, 1))
		return;
	b->data[b->len++] = c;
}

void bytebuf_cmd(struct bytebuf *b, int n, ...)
{
	va_list ap;
	int i;

	if (grow(b, (size_t)n))
		return;
	va_start(ap, n);
	for (i = 0; i < n; i++)
		b->data[b->len++] = (unsigned char)va_arg(ap, int);
	va_end(ap);
}

int bytebuf_check(const struct bytebuf *b, struct pos_error *err)
{
	if (b->failed)
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory building printer output");
	return 0;
}
