/*
 * vnwords.c - amounts in Vietnamese words (see vnwords.h for the rules).
 *
 * The number is cut into tỷ (10^9) blocks, each read as up to three
 * groups of three digits (trăm/mươi/đơn vị); a block above the lowest
 * gets "tỷ" after it, repeated once per level.  Words are appended to a
 * small bounded buffer; nothing is allocated.
 */
#include "vnwords.h"

#include <string.h>

struct wbuf {
	char *p;
	size_t n, len;
	int overflow;
};

static const char *const digit[10] = {
	"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
};

static void put(struct wbuf *b, const char *w)
{
	size_t wl = strlen(w), need = wl + (b->len ? 1 : 0);

	if (b->overflow || b->len + need + 1 > b->n) {
		b->overflow = 1;
		return;
	}
	if (b->len)
		b->p[b->len++] = ' ';
	memcpy(b->p + b->len, w, wl);
	b->len += wl;
	b->p[b->len] = '\0';
}

/* One group of three digits (0..999); full: a higher group was read, so
 * hundreds and a zero ten are spelled out. */
static void group(struct wbuf *b, unsigned g, int full, unsigned flags)
{
	unsigned h = g / 100, t = g / 10 % 10, u = g % 10;

	if (h || full) {
		put(b, digit[h]);
		put(b, "trăm");
	}
	if (t == 0) {
		if (u && (h || full))
			put(b, flags & VNW_LINH ? "linh" : "lẻ");
		if (u)
			put(b, digit[u]);
		return;
	}
	if (t == 1) {
		put(b, "mười");
		if (u == 5)
			put(b, "lăm");
		else if (u)
			put(b, digit[u]);
		return;
	}
	put(b, digit[t]);
	put(b, "mươi");
	if (u == 1)
		put(b, "mốt");
	else if (u == 4)
		put(b, flags & VNW_BON ? "bốn" : "tư");
	else if (u == 5)
		put(b, "lăm");
	else if (u)
		put(b, digit[u]);
}

/* A block below 10^9; full as for group(). */
static void block(struct wbuf *b, unsigned v, int full, unsigned flags)
{
	static const char *const name[3] = { "triệu", "nghìn", NULL };
	unsigned part[3] = { v / 1000000, v / 1000 % 1000, v % 1000 };
	int i;

	for (i = 0; i < 3; i++) {
		if (part[i] == 0)
			continue;
		group(b, part[i], full, flags);
		if (name[i])
			put(b, name[i]);
		full = 1;
	}
}

/* v in words: blocks of 10^9 from the top, each followed by "tỷ" once per
 * level below it.  *full says whether anything was read before. */
static void number(struct wbuf *b, uint64_t v, int *full, unsigned flags)
{
	uint64_t blocks[3];
	int nb = 0, i, k;

	do {
		blocks[nb++] = v % 1000000000u;
		v /= 1000000000u;
	} while (v && nb < 3);
	for (i = nb - 1; i >= 0; i--) {
		if (blocks[i] == 0)
			continue;
		block(b, (unsigned)blocks[i], *full, flags);
		*full = 1;
		for (k = 0; k < i; k++)
			put(b, "tỷ");
	}
}

int vnwords_amount(int64_t vnd, unsigned flags, char *out, size_t n)
{
	struct wbuf b = { out, n, 0, 0 };
	uint64_t v;
	int full = 0;

	if (!out || n == 0)
		return -1;
	out[0] = '\0';
	if (vnd < 0) {
		put(&b, "âm");
		v = (uint64_t)(-(vnd + 1)) + 1;
	} else {
		v = (uint64_t)vnd;
	}
	if (v == 0)
		put(&b, "không");
	else
		number(&b, v, &full, flags);
	put(&b, "đồng");
	if (b.overflow) {
		out[0] = '\0';
		return -1;
	}
	/* a capital first letter: every first word starts with an ASCII
	 * letter except "âm" */
	if (out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 'a' + 'A');
	else if (strncmp(out, "âm", strlen("âm")) == 0)
		memcpy(out, "Â", strlen("Â"));
	return (int)b.len;
}
