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
