/*
 * bytebuf.c - growable byte buffer with a sticky out-of-memory flag (see
 * bytebuf.h).  Capacity doubles, so building a receipt costs a handful
 * of reallocations.
 */
#include "lib/bytebuf.h"

#include <stdarg.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "lib/alloc.h"

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
	if (b->data)
		b->data[0] = '\0';
}

/* Room for extra more bytes and the NUL kept after them. */
static int grow(struct bytebuf *b, size_t extra)
{
	if (b->failed)
		return -1;
	if (extra >= SIZE_MAX - b->len ||
	    pos_grow((void **)&b->data, &b->cap, b->len + extra + 1, 1)) {
		b->failed = 1;
		return -1;
	}
	return 0;
}

void bytebuf_put(struct bytebuf *b, const void *p, size_t n)
{
	if (!n || grow(b, n))
		return;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void bytebuf_byte(struct bytebuf *b, unsigned char c)
{
	if (grow(b, 1))
		return;
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
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
	b->data[b->len] = '\0';
}

void bytebuf_str(struct bytebuf *b, const char *s)
{
	bytebuf_put(b, s, strlen(s));
}

const char *bytebuf_cstr(const struct bytebuf *b)
{
	return b->data ? (const char *)b->data : "";
}

int bytebuf_check(const struct bytebuf *b, struct pos_error *err)
{
	if (b->failed)
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory building printer output");
	return 0;
}
