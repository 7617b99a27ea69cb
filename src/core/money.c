/*
 * money.c - VND amounts, quantities and VAT (see money.h).
 *
 * Design: all arithmetic is exact integer arithmetic on int64_t.  Where a
 * product could overflow (unit price x quantity, amount x rate), the
 * factors are split into a quotient and a remainder of the divisor so
 * the large parts never need rounding and the small part never overflows:
 *   a x b / d = a x (b / d) + a x (b % d) / d,
 * and because all parts have the same sign, rounding the small part half
 * away from zero rounds the whole.  Overflow is detected with the
 * compiler's checked builtins, so this also works where there is no
 * 128-bit integer (32-bit ARM Raspberry Pi).
 *
 * Parsing is strict: a cashier who types "185.5" for an amount has made a
 * mistake, and guessing would put a wrong price on a receipt.
 */
#include "money.h"

#include <string.h>

#include "i18n.h"
#include "lib/utf8.h"

#define MONEY_SYMBOL " \xe2\x82\xab"	/* space + U+20AB ₫ */

/* ---- helpers ---- */


static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Copy s into buf for an error message, cut on a UTF-8 boundary. */
static const char *quote(const char *s, char *buf, size_t n)
{
	size_t len = strlen(s);

	if (len < n) {
		memcpy(buf, s, len + 1);
		return buf;
	}
	len = n - 4;
	while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
		len--;
	memcpy(buf, s, len);
	memcpy(buf + len, "...", 4);
	return buf;
}

/* Trim ASCII whitespace: [*b, *e) is what is left of s. */
static void trim(const char *s, const char **b, const char **e)
{
	size_t n;

	*b = str_trim(s, &n);
	*e = *b + n;
}

/* Length of the space-like separator at p (< e): ' ', NBSP, NNBSP. */
static size_t space_sep(const char *p, const char *e)
{
	size_t left = (size_t)(e - p);

	if (left >= 1 && *p == ' ')
		return 1;
	if (left >= 2 && memcmp(p, "\xc2\xa0", 2) == 0)
		return 2;
	if (left >= 3 && memcmp(p, "\xe2\x80\xaf", 3) == 0)
		return 3;
	return 0;
}

/* Does [p, e) end with the n bytes of suffix, ignoring ASCII case? */
static int ends_with(const char *p, const char *e, const char *suffix)
{
	size_t n = strlen(suffix), i;
	const char *t;

	if ((size_t)(e - p) < n)
		return 0;
	t = e - n;
	for (i = 0; i < n; i++)
		if (lower(t[i]) != lower(suffix[i]))
			return 0;
	return 1;
}

static uint64_t magnitude(int64_t v)
{
	return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

/* Write buf (len bytes) into out if it fits with its NUL. */
static int emit(const char *buf, size_t len, char *out, size_t n)
{
	if (!out || len + 1 > n)
		return POS_ERR_INVALID;
	memcpy(out, buf, len);
	out[len] = '\0';
	return (int)len;
}

/* ---- amounts ---- */

static int format_grouped(int64_t vnd, const char *suffix, char *out,
			  size_t n)
{
	char digits[24], buf[MONEY_FMT_MAX + 8];
	uint64_t m = magnitude(vnd);
	size_t nd = 0, len = 0, slen = strlen(suffix);

	do {
		digits[nd++] = (char)('0' + m % 10);
		m /= 10;
	} while (m);
	if (vnd < 0)
		buf[len++] = '-';
	while (nd > 0) {
		nd--;
		buf[len++] = digits[nd];
		if (nd > 0 && nd % 3 == 0)
			buf[len++] = '.';
	}
	memcpy(buf + len, suffix, slen);
	len += slen;
	return emit(buf, len, out, n);
}

int money_format(int64_t vnd, char *out, size_t n)
{
	return format_grouped(vnd, MONEY_SYMBOL, out, n);
}

int money_format_plain(int64_t vnd, char *out, size_t n)
{
	return format_grouped(vnd, "", out, n);
}

/* Strip one currency mark (and the spaces before it) from the end. */
static void strip_currency(const char *p, const char **e)
{
	static const char *const marks[] = {
		"\xe2\x82\xab",		/* ₫ */
		"vn\xc4\x91", "vn\xc4\x90",	/* vnđ, VNĐ */
		"vnd",
		"\xc4\x91", "\xc4\x90",	/* đ, Đ */
		"d",
	};
	size_t k;

	for (k = 0; k < sizeof(marks) / sizeof(marks[0]); k++) {
		if (ends_with(p, *e, marks[k])) {
			*e -= strlen(marks[k]);
			break;
		}
	}
	if (k == sizeof(marks) / sizeof(marks[0]))
		return;
	for (;;) {
		if (*e > p && (*e)[-1] == ' ')
			*e -= 1;
		else if (*e - p >= 2 && memcmp(*e - 2, "\xc2\xa0", 2) == 0)
			*e -= 2;
		else if (*e - p >= 3 && memcmp(*e - 3, "\xe2\x80\xaf", 3) == 0)
			*e -= 3;
		else
			break;
	}
}

/* A digit group of the wrong length in amount q: a decimal part (VND has
 * none) when it looks like one, else a bad thousands group. */
static int bad_group(const char *q, int looks_decimal, struct pos_error *err)
{
	if (looks_decimal)
		return pos_fail(err, POS_ERR_INVALID,
				tr("invalid amount \"%s\": VND has no decimals; write whole đồng such as 185.000"),
				q);
	return pos_fail(err, POS_ERR_INVALID,
			tr("invalid amount \"%s\": thousands groups must have 3 digits"), q);
}

int money_parse(const char *s, int64_t *out, struct pos_error *err)
{
	const char *p, *e;
	char q[64];
	uint64_t v = 0, limit;
	int neg = 0, ngroups = 0;
	char sep = 0;	/* '.', ',' or ' ' once a separator was seen */

	if (!s)
		return pos_fail(err, POS_ERR_INVALID, tr("no amount given"));
	quote(s, q, sizeof(q));
	trim(s, &p, &e);
	if (p < e && *p == '-') {
		neg = 1;
		p++;
	}
	strip_currency(p, &e);
	if (p == e)
		return pos_fail(err, POS_ERR_INVALID,
				tr("invalid amount \"%s\": no digits"), q);
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	while (p < e) {
		size_t glen = 0, sl;
		char this_sep;

		while (p < e && is_digit(*p)) {
			unsigned d = (unsigned)(*p - '0');

			if (v > (limit - d) / 10)
				return pos_fail(err, POS_ERR_INVALID,
						tr("invalid amount \"%s\": too large"),
						q);
			v = v * 10 + d;
			glen++;
			p++;
		}
		if (glen == 0)
			return pos_fail(err, POS_ERR_INVALID,
					tr("invalid amount \"%s\": write digits, optionally grouped by 3 and followed by ₫"),
					q);
		if (ngroups > 0 && glen != 3)
			return bad_group(q, (sep == '.' || sep == ',') && p == e, err);
		ngroups++;
		if (p == e)
			break;
		if (*p == '.' || *p == ',') {
			this_sep = *p;
			sl = 1;
		} else if ((sl = space_sep(p, e)) > 0) {
			this_sep = ' ';
		} else {
			return pos_fail(err, POS_ERR_INVALID,
					tr("invalid amount \"%s\": only digits, thousands separators and a currency mark are allowed"),
					q);
		}
		if (ngroups == 1 && glen > 3)
			return bad_group(q, this_sep != ' ' && e - p <= 3, err);
		if (sep && this_sep != sep)
			return pos_fail(err, POS_ERR_INVALID,
					tr("invalid amount \"%s\": mixed separators; VND has no decimals"),
					q);
		sep = this_sep;
		p += sl;
		if (p == e)
			return pos_fail(err, POS_ERR_INVALID,
					tr("invalid amount \"%s\": ends with a separator"),
					q);
	}
	*out = neg ? (int64_t)((uint64_t)0 - v) : (int64_t)v;
	return 0;
}

/* ---- quantities ---- */

int qty_parse(const char *s, int64_t *milli, struct pos_error *err)
{
	const char *p, *e;
	char q[64];
	int64_t whole = 0, frac = 0, v;
	int nint = 0, nfrac = 0;

	if (!s)
		return pos_fail(err, POS_ERR_INVALID, tr("no quantity given"));
	quote(s, q, sizeof(q));
	trim(s, &p, &e);
	if (p == e)
		return pos_fail(err, POS_ERR_INVALID, tr("empty quantity"));
	if (*p == '-')
		return pos_fail(err, POS_ERR_INVALID,
				tr("invalid quantity \"%s\": must be more than 0"), q);
	while (p < e && is_digit(*p)) {
		if (whole > QTY_MAX_MILLI / QTY_ONE)
			goto too_large;
		whole = whole * 10 + (*p - '0');
		nint++;
		p++;
	}
	if (p < e && (*p == '.' || *p == ',')) {
		p++;
		while (p < e && is_digit(*p)) {
			if (++nfrac > 3)
				return pos_fail(err, POS_ERR_INVALID,
						tr("invalid quantity \"%s\": at most 3 decimals"),
						q);
			frac = frac * 10 + (*p - '0');
			p++;
		}
		if (nfrac == 0)
			return pos_fail(err, POS_ERR_INVALID,
					tr("invalid quantity \"%s\": digits expected after the decimal separator"),
					q);
	}
	if (p != e || (nint == 0 && nfrac == 0))
		return pos_fail(err, POS_ERR_INVALID,
				tr("invalid quantity \"%s\": write a number such as 2 or 1,5"),
				q);
	while (nfrac < 3) {
		frac *= 10;
		nfrac++;
	}
	if (whole > QTY_MAX_MILLI / QTY_ONE)
		goto too_large;
	v = whole * QTY_ONE + frac;
	if (v > QTY_MAX_MILLI)
		goto too_large;
	if (v <= 0)
		return pos_fail(err, POS_ERR_INVALID,
				tr("invalid quantity \"%s\": must be more than 0"), q);
	*milli = v;
	return 0;
too_large:
	return pos_fail(err, POS_ERR_INVALID,
			tr("invalid quantity \"%s\": too large"), q);
}

static int format_qty(int64_t milli, char point, char *out, size_t n)
{
	char buf[QTY_FMT_MAX + 8], digits[24];
	uint64_t m = magnitude(milli);
	uint64_t whole = m / QTY_ONE;
	unsigned frac = (unsigned)(m % QTY_ONE);
	size_t len = 0, nd = 0;

	if (milli < 0)
		buf[len++] = '-';
	do {
		digits[nd++] = (char)('0' + whole % 10);
		whole /= 10;
	} while (whole);
	while (nd > 0)
		buf[len++] = digits[--nd];
	if (frac) {
		int k = 3;

		while (frac % 10 == 0) {
			frac /= 10;
			k--;
		}
		buf[len++] = point;
		len += (size_t)k;
		for (nd = len; k > 0; k--) {
			buf[--nd] = (char)('0' + frac % 10);
			frac /= 10;
		}
	}
	return emit(buf, len, out, n);
}

int qty_format(int64_t milli, char *out, size_t n)
{
	return format_qty(milli, ',', out, n);
}

int qty_format_c(int64_t milli, char *out, size_t n)
{
	return format_qty(milli, '.', out, n);
}

/* ---- arithmetic ---- */

/* x / d rounded half away from zero, d > 0, no overflow. */
static int64_t div_round(int64_t x, int64_t d)
{
	int64_t q = x / d, r = x % d;

	/* |r| < d, and 2|r| >= d  <=>  |r| >= d - |r| */
	if (r > 0 && r >= d - r)
		q++;
	else if (r < 0 && -r >= d + r)
		q--;
	return q;
}

int money_line_amount(int64_t unit_price, int64_t qty_milli, int64_t *out,
		      struct pos_error *err)
{
	/*
	 * price x qty / 1000 with qty = qw * 1000 + qp and price = pw * 1000
	 * + pp:  price x qw  +  pw x qp  +  pp x qp / 1000.  All three terms
	 * have the sign of the result and only the last needs rounding;
	 * |pw x qp| < 2^63 / 1000 x 999 and |pp x qp| < 10^6 cannot overflow.
	 */
	int64_t qw = qty_milli / QTY_ONE, qp = qty_milli % QTY_ONE;
	int64_t pw = unit_price / QTY_ONE, pp = unit_price % QTY_ONE;
	int64_t a, res;

	if (__builtin_mul_overflow(unit_price, qw, &a) ||
	    __builtin_add_overflow(a, pw * qp, &res) ||
	    __builtin_add_overflow(res, div_round(pp * qp, QTY_ONE), &res))
		return pos_fail(err, POS_ERR_INVALID,
				tr("line amount too large: %lld x %lld/1000"),
				(long long)unit_price, (long long)qty_milli);
	*out = res;
	return 0;
}

int64_t money_vat_included(int64_t amount, int rate_percent)
{
	int64_t d, rate;

	if (rate_percent <= 0)
		return 0;
	rate = rate_percent;
	d = 100 + rate;
	/* |amount % d| < d, so (amount % d) * rate < d * rate < 2^63 */
	return amount / d * rate + div_round(amount % d * rate, d);
}

/* ---- VAT rates ---- */

int vat_rate_valid(int rate)
{
	return rate == 0 || rate == 5 || rate == 8 || rate == 10 ||
	       rate == VAT_KCT;
}

static int word_is(const char *p, const char *e, const char *w)
{
	size_t n = strlen(w), i;

	if ((size_t)(e - p) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (lower(p[i]) != w[i])
			return 0;
	return 1;
}

int vat_rate_parse(const char *s, int *rate, struct pos_error *err)
{
	const char *p, *e;
	char q[64];
	int v = 0, nd = 0;

	if (!s)
		return pos_fail(err, POS_ERR_INVALID, tr("no VAT rate given"));
	quote(s, q, sizeof(q));
	trim(s, &p, &e);
	if (word_is(p, e, "kct") || word_is(p, e, "none")) {
		*rate = VAT_KCT;
		return 0;
	}
	while (p < e && is_digit(*p) && nd < 4) {
		v = v * 10 + (*p - '0');
		nd++;
		p++;
	}
	while (p < e && *p == ' ')
		p++;
	if (p < e && *p == '%')
		p++;
	if (nd == 0 || p != e || !vat_rate_valid(v))
		return pos_fail(err, POS_ERR_INVALID,
				tr("invalid VAT rate \"%s\": use 0, 5, 8, 10 or KCT"),
				q);
	*rate = v;
	return 0;
}

int vat_rate_format(int rate, char *out, size_t n)
{
	char buf[8];
	size_t len = 0;

	if (!vat_rate_valid(rate))
		return POS_ERR_INVALID;
	if (rate == VAT_KCT)
		return emit("KCT", 3, out, n);
	if (rate >= 10)
		buf[len++] = (char)('0' + rate / 10);
	buf[len++] = (char)('0' + rate % 10);
	buf[len++] = '%';
	return emit(buf, len, out, n);
}
