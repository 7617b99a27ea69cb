/*
 * bytebuf.h - a growable byte buffer: printer output, and text built
 * piece by piece (a JSON document, a filtered template value).
 *
 * Appends never fail loudly: the first allocation failure sets .failed,
 * later appends do nothing, and the builder checks once at the end
 * (bytebuf_check) and returns POS_ERR_NO_MEM.  This keeps the ESC/POS
 * writer free of an error check after every command.
 */
#ifndef OCOP_PRINTER_BYTEBUF_H
#define OCOP_PRINTER_BYTEBUF_H

#include <stddef.h>

#include "lib/err.h"

struct bytebuf {
	unsigned char *data;    /* owned; NULL while empty */
	size_t len, cap;
	int failed;             /* an append ran out of memory */
};

/* Start empty (no allocation).  bytebuf_release frees the storage. */
void bytebuf_init(struct bytebuf *b);
void bytebuf_release(struct bytebuf *b);

/* Forget the contents, keep the storage and clear .failed. */
void bytebuf_reset(struct bytebuf *b);

void bytebuf_put(struct bytebuf *b, const void *p, size_t n);
void bytebuf_byte(struct bytebuf *b, unsigned char c);
/* Append n bytes given as arguments (each an int 0-255), e.g. a command. */
void bytebuf_cmd(struct bytebuf *b, int n, ...);

/* Append the C string s (without its NUL). */
void bytebuf_str(struct bytebuf *b, const char *s);
/* The contents as a C string ("" while empty); valid until the next
 * append, reset or release. */
const char *bytebuf_cstr(const struct bytebuf *b);
/* 0, or POS_ERR_NO_MEM (with a message) when an append failed. */
int bytebuf_check(const struct bytebuf *b, struct pos_error *err);

#endif
