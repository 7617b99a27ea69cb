/*
 * field.c - field checks shared by producers, products and showrooms.
 */
#include "field.h"

#include <string.h>

#include "i18n.h"
#include "vntext.h"

void field_trim(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
			 s[n - 1] == '\n'))
		s[--n] = '\0';
	while (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')
		i++;
	if (i)
		memmove(s, s + i, n - i + 1);
}

int field_code(char *s, const char *field, struct pos_error *err)
{
	size_t i, n;

	field_trim(s);
	n = strlen(s);
	if (n == 0)
		return pos_fail(err, POS_ERR_INVALID, tr("%s: must not be empty"), field);
	if (n > 32)
		return pos_fail(err, POS_ERR_INVALID, tr("%s: \"%.40s\" is longer than 32 characters"),
				field, s);
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.' || c == '/'))
			return pos_fail(err, POS_ERR_INVALID,
					tr("%s: \"%s\" may only hold letters A-Z, digits and - _ . /"),
					field, s);
	}
	return 0;
}

int field_copy_code(char *dst, size_t n, const char *src, const char *field,
		    struct pos_error *err)
{
	size_t len = strlen(src);
	char buf[64];

	while (len > 0 && (src[len - 1] == ' ' || src[len - 1] == '\t'))
		len--;
	while (len > 0 && (*src == ' ' || *src == '\t')) {
		src++;
		len--;
	}
	if (len > 32 || len >= n)
		return pos_fail(err, POS_ERR_INVALID, tr("%s: \"%.40s...\" is longer than 32 "
				"characters (%zu): nothing was saved"), field, src, len);
	memcpy(buf, src, len);
	buf[len] = '\0';
	if (field_code(buf, field, err))
		return POS_ERR_INVALID;
	memcpy(dst, buf, len + 1);
	return 0;
}

int field_bidi(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	/* U+202A..U+202E are E2 80 AA..AE, U+2066..U+2069 are E2 81 A6..A9 */
	for (; *p; p++)
		if (p[0] == 0xE2 && ((p[1] == 0x80 && p[2] >= 0xAA && p[2] <= 0xAE) ||
				     (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9)))
			return 1;
	return 0;
}

static int check_text(char *s, size_t n, const char *field, int required,
		      struct pos_error *err)
{
	char tmp[1024];
	size_t i, len;
	int r;

	field_trim(s);
	len = strlen(s);
	if (required && len == 0)
		return pos_fail(err, POS_ERR_INVALID, tr("%s: must not be empty"), field);
	if (!utf8_valid(s, len))
		return pos_fail(err, POS_ERR_INVALID, tr("%s: is not valid UTF-8 text"), field);
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return pos_fail(err, POS_ERR_INVALID,
					tr("%s: must not contain control characters"), field);
	if (field_bidi(s))
		return pos_fail(err, POS_ERR_INVALID,
				tr("%s: must not contain right-to-left or other direction "
				   "override characters (U+202A-U+202E, U+2066-U+2069)"), field);
	if (len + 1 >= n)
		return pos_fail(err, POS_ERR_INVALID, tr("%s: is longer than %zu bytes"), field, n - 2);
	r = vn_nfc(s, tmp, sizeof(tmp));
	if (r < 0)
		return pos_fail(err, POS_ERR_INVALID, tr("%s: is not valid text"), field);
	if ((size_t)r >= n)
		return pos_fail(err, POS_ERR_INVALID, tr("%s: is too long"), field);
	memcpy(s, tmp, (size_t)r + 1);
	return 0;
}

int field_name(char *s, size_t n, const char *field, struct pos_error *err)
{
	return check_text(s, n, field, 1, err);
}

int field_plain(char *s, size_t n, const char *field, struct pos_error *err)
{
	return check_text(s, n, field, 0, err);
}

int field_formula_like(const char *s)
{
	const char *p = s;

	if (!s || !strchr("=+-@\t\r", s[0]) || !s[0])
		return 0;
	/* a plain number (-30000, +5, -1.5) is a number, not a formula */
	if (*p == '+' || *p == '-')
		p++;
	if (*p >= '0' && *p <= '9') {
		while (*p >= '0' && *p <= '9')
			p++;
		if ((*p == '.' || *p == ',') && p[1] >= '0' && p[1] <= '9')
			for (p++; *p >= '0' && *p <= '9'; p++)
				;
		if (!*p)
			return 0;
	}
	return 1;
}

const char *field_unguard(const char *s)
{
	return s && s[0] == '\'' && field_formula_like(s + 1) ? s + 1 : s;
}
