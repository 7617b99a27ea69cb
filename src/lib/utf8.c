/*
 * utf8.c - UTF-8 decoding, validation and encoding, and digit checks: the
 * text primitives every layer shares (see utf8.h).  Strict decoding: an
 * overlong, surrogate, out-of-range or truncated sequence decodes as one
 * U+FFFD for its first byte, so a caller always moves forward.
 */
#include "lib/utf8.h"

#include <string.h>


size_t utf8_next(const char *s, size_t n, size_t i, uint32_t *cp)
{
	const unsigned char *p;
	uint32_t c, min;
	size_t len, k;

	if (!s || i >= n) {
		if (cp)
			*cp = 0;
		return 0;
	}
	p = (const unsigned char *)s + i;
	c = p[0];
	if (c < 0x80) {
		if (cp)
			*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		c &= 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		c &= 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		goto bad;
	}
	if (len > n - i)
		goto bad;
	for (k = 1; k < len; k++) {
		if ((p[k] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (p[k] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		goto bad;
	if (cp)
		*cp = c;
	return len;
bad:
	if (cp)
		*cp = UTF8_REPLACEMENT;
	return 1;
}

int utf8_valid(const char *s, size_t n)
{
	size_t i = 0;

	if (!s)
		return n == 0;
	while (i < n) {
		uint32_t cp;
		size_t len = utf8_next(s, n, i, &cp);

		if (len == 1 && cp == UTF8_REPLACEMENT)
			return 0;
		i += len;
	}
	return 1;
}

size_t utf8_encode(uint32_t cp, char out[4])
{
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = UTF8_REPLACEMENT;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

int str_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

const char *str_trim(const char *s, size_t *n)
{
	const char *e = s + strlen(s);

	while (s < e && str_is_space(*s))
		s++;
	while (e > s && str_is_space(e[-1]))
		e--;
	*n = (size_t)(e - s);
	return s;
}

int str_all_digits(const char *s, size_t n)
{
	size_t i;

	if (!s)
		return n == 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

size_t utf8_append(char *dst, size_t n, const char *src)
{
	size_t len, add;

	if (!dst || n == 0)
		return 0;
	len = strnlen(dst, n - 1);
	add = src ? strlen(src) : 0;
	if (add > n - 1 - len) {
		add = n - 1 - len;
		/* Never end inside a character: back off to a lead byte. */
		while (add > 0 && ((unsigned char)src[add] & 0xC0) == 0x80)
			add--;
	}
	if (add)
		memcpy(dst + len, src, add);
	dst[len + add] = '\0';
	return len + add;
}
