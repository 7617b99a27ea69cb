/*
 * taxcode.c - Vietnamese tax code (MST) check digits (see taxcode.h).
 *
 * Design: one parser, parse(), turns any accepted spelling into the
 * canonical form in a local buffer; validate and normalize both use it,
 * so the two can never disagree about what is valid.
 */
#include "taxcode.h"

#include <string.h>

#include "i18n.h"
#include "lib/utf8.h"

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}


int taxcode_check_digit(const char *d)
{
	static const int w[9] = { 31, 29, 23, 19, 17, 13, 7, 5, 3 };
	int i, sum = 0, c;

	if (!d)
		return -1;
	for (i = 0; i < 9; i++) {
		if (!is_digit(d[i]))
			return -1;
		sum += (d[i] - '0') * w[i];
	}
	c = 10 - sum % 11;
	return c == 10 ? -1 : c;	/* sum % 11 == 0 has no check digit */
}

/*
 * A 12-digit citizen ID (CCCD), an individual's tax code since 1 July
 * 2025: three digits of the province of birth registration (001-096), one
 * of century and sex, two of the year of birth, six of sequence.  There is
 * no check digit; the province code is the one thing that can be checked.
 */
static int parse_cccd(const char *b, char buf[TAXCODE_MAX], struct pos_error *err)
{
	int prov = (b[0] - '0') * 100 + (b[1] - '0') * 10 + (b[2] - '0');

	if (prov < 1 || prov > 96)
		return pos_fail(err, POS_ERR_INVALID,
				tr("tax code %.12s: a 12-digit citizen ID (CCCD) starts with a "
				   "province code 001-096"), b);
	memcpy(buf, b, 12);
	buf[12] = '\0';
	return 12;
}

/* Parse s into canonical form in buf[TAXCODE_MAX]; returns its length. */
static int parse(const char *s, char buf[TAXCODE_MAX], struct pos_error *err)
{
	const char *b;
	size_t n, i;
	int want;

	if (!s)
		return pos_fail(err, POS_ERR_INVALID, tr("no tax code given"));
	b = str_trim(s, &n);
	if (n == 0)
		return pos_fail(err, POS_ERR_INVALID, tr("empty tax code"));

	/* copy the digits, accepting one dash after the tenth */
	for (i = 0; i < n; i++) {
		if (is_digit(b[i]))
			continue;
		if (b[i] == '-' && i == 10 && n == 14)
			continue;
		return pos_fail(err, POS_ERR_INVALID,
				tr("tax code %.*s must be 10 digits, or 13 written as XXXXXXXXXX-YYY"),
				n > 40 ? 40 : (int)n, b);
	}
	if (n == 12)
		return parse_cccd(b, buf, err);
	if (n != 10 && n != 13 && !(n == 14 && b[10] == '-'))
		return pos_fail(err, POS_ERR_INVALID,
				tr("tax code %.*s must be 10 digits, or 13 written as XXXXXXXXXX-YYY"),
				n > 40 ? 40 : (int)n, b);
	want = taxcode_check_digit(b);
	if (want < 0 || want != b[9] - '0')
		return pos_fail(err, POS_ERR_INVALID,
				tr("tax code %.*s has a wrong check digit"),
				(int)n, b);
	memcpy(buf, b, 10);
	if (n == 10) {
		buf[10] = '\0';
		return 10;
	}
	buf[10] = '-';
	memcpy(buf + 11, b + n - 3, 3);
	buf[14] = '\0';
	if (memcmp(buf + 11, "000", 3) == 0)
		return pos_fail(err, POS_ERR_INVALID,
				tr("tax code %.*s: branch number 000 does not exist (branches are 001-999)"),
				(int)n, b);
	return 14;
}

int taxcode_validate(const char *s, struct pos_error *err)
{
	char buf[TAXCODE_MAX];
	int rc = parse(s, buf, err);

	return rc < 0 ? rc : 0;
}

int taxcode_normalize(const char *s, char *out, size_t n,
		      struct pos_error *err)
{
	char buf[TAXCODE_MAX];
	int len = parse(s, buf, err);

	if (len < 0)
		return len;
	if (!out || (size_t)len + 1 > n)
		return pos_fail(err, POS_ERR_INVALID,
				tr("tax code %s does not fit in %zu bytes"), buf, n);
	memcpy(out, buf, (size_t)len + 1);
	return len;
}
