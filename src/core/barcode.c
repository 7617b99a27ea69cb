/*
 * barcode.c - GS1 check digits, code normalisation, in-store and
 * variable-measure codes (see barcode.h).
 *
 * Design: a code is classified by its shape first (all digits or not, and
 * how many), then checked; normalisation happens in a local buffer and is
 * copied out only when everything passed, so callers never see half a
 * result.  A variable-measure layout is parsed once into a struct that
 * keeps its pattern; decoding walks the pattern and the code side by
 * side, so the layout language needs no other state.
 */
#include "barcode.h"

#include <string.h>

#include "lib/utf8.h"
#include "i18n.h"

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}


const char *barcode_kind_name(enum barcode_kind k)
{
	switch (k) {
	case BARCODE_EAN13: return "EAN-13";
	case BARCODE_EAN8: return "EAN-8";
	case BARCODE_UPCA: return "UPC-A";
	case BARCODE_INSTORE: return "in-store EAN-13";
	case BARCODE_INTERNAL: return "internal";
	case BARCODE_GTIN14: return "GTIN-14";
	}
	return "unknown";
}

int barcode_check_digit(const char *digits, size_t n)
{
	unsigned sum = 0;
	size_t i;

	if (!digits && n > 0)
		return -1;
	for (i = 0; i < n; i++) {
		char c = digits[n - 1 - i];

		if (!is_digit(c))
			return -1;
		sum += (unsigned)(c - '0') * (i % 2 == 0 ? 3u : 1u);
	}
	return (int)((10 - sum % 10) % 10);
}

/* Check the last digit of the n-digit GS1 code s. */
static int check_gs1(const char *s, size_t n, struct pos_error *err)
{
	int want = barcode_check_digit(s, n - 1);

	if (want != s[n - 1] - '0')
		return pos_fail(err, POS_ERR_INVALID,
				tr("wrong check digit in %.*s: expected %d"),
				(int)n, s, want);
	return 0;
}

static int check_internal(const char *s, size_t n, char *buf,
			  struct pos_error *err)
{
	size_t i;

	if (n > BARCODE_INTERNAL_MAX)
		return pos_fail(err, POS_ERR_INVALID,
				tr("barcode %.40s... is too long: shop codes have at most %d characters"),
				s, BARCODE_INTERNAL_MAX);
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if ((c >= 'A' && c <= 'Z') || is_digit(c) || c == '-' ||
		    c == '.' || c == '_' || c == '/') {
			buf[i] = c;
			continue;
		}
		if (str_is_space(c))
			return pos_fail(err, POS_ERR_INVALID,
					tr("barcode \"%.*s\" contains a space: shop codes use only A-Z, 0-9 and - . _ /"),
					(int)n, s);
		if ((unsigned char)c < 0x20 || (unsigned char)c >= 0x7F)
			return pos_fail(err, POS_ERR_INVALID,
					tr("barcode contains a byte 0x%02X that is not a letter or digit: shop codes use only A-Z, 0-9 and - . _ /"),
					(unsigned)(unsigned char)c);
		return pos_fail(err, POS_ERR_INVALID,
				tr("barcode \"%.*s\" contains '%c': shop codes use only A-Z, 0-9 and - . _ /"),
				(int)n, s, c);
	}
	buf[n] = '\0';
	return 0;
}

int barcode_validate(const char *code, char *norm, size_t normsz,
		     enum barcode_kind *kind, struct pos_error *err)
{
	char buf[BARCODE_NORM_MAX + 1];
	const char *s;
	enum barcode_kind k;
	size_t n, len;
	int rc;

	if (!code)
		return pos_fail(err, POS_ERR_INVALID, tr("no barcode given"));
	s = str_trim(code, &n);
	if (n == 0)
		return pos_fail(err, POS_ERR_INVALID, tr("empty barcode"));

	if (str_all_digits(s, n)) {
		switch (n) {
		case 8:
			k = BARCODE_EAN8;
			break;
		case 12:
			k = BARCODE_UPCA;
			break;
		case 13:
			k = (s[0] == '2') ? BARCODE_INSTORE : BARCODE_EAN13;
			break;
		case 14:
			k = BARCODE_GTIN14;
			break;
		default:
			return pos_fail(err, POS_ERR_INVALID,
					tr("barcode %.*s has %zu digits: GS1 barcodes have 8, 12, 13 or 14 (shop codes need a letter)"),
					n > 40 ? 40 : (int)n, s, n);
		}
		rc = check_gs1(s, n, err);
		if (rc)
			return rc;
		if (k == BARCODE_UPCA) {
			buf[0] = '0';
			memcpy(buf + 1, s, n);
			len = n + 1;
		} else if (k == BARCODE_GTIN14 && s[0] == '0') {
			/* indicator 0: the same trade item as its EAN-13 */
			memcpy(buf, s + 1, n - 1);
			len = n - 1;
		} else {
			memcpy(buf, s, n);
			len = n;
		}
		buf[len] = '\0';
	} else {
		rc = check_internal(s, n, buf, err);
		if (rc)
			return rc;
		k = BARCODE_INTERNAL;
		len = n;
	}
	if (!norm || len + 1 > normsz)
		return pos_fail(err, POS_ERR_INVALID,
				tr("barcode %s does not fit in %zu bytes"), buf,
				normsz);
	memcpy(norm, buf, len + 1);
	if (kind)
		*kind = k;
	return 0;
}

int barcode_make_instore(int prefix, uint64_t number, char out[14],
			 struct pos_error *err)
{
	char buf[14];
	int i;

	if (prefix < 20 || prefix > 29)
		return pos_fail(err, POS_ERR_INVALID,
				tr("in-store prefix %d: must be 20 to 29"), prefix);
	if (number >= 10000000000ull)
		return pos_fail(err, POS_ERR_INVALID,
				tr("in-store number %llu has more than 10 digits"),
				(unsigned long long)number);
	buf[0] = (char)('0' + prefix / 10);
	buf[1] = (char)('0' + prefix % 10);
	for (i = 11; i >= 2; i--) {
		buf[i] = (char)('0' + number % 10);
		number /= 10;
	}
	buf[12] = (char)('0' + barcode_check_digit(buf, 12));
	buf[13] = '\0';
	memcpy(out, buf, sizeof(buf));
	return 0;
}

/* ---- variable-measure codes ---- */

int barcode_vm_layout_parse(const char *pattern, int value_is_price,
			    struct barcode_vm_layout *out,
			    struct pos_error *err)
{
	struct barcode_vm_layout l;
	size_t i, n;

	if (!pattern)
		return pos_fail(err, POS_ERR_INVALID, tr("no barcode layout given"));
	n = strlen(pattern);
	if (n != BARCODE_VM_LEN)
		return pos_fail(err, POS_ERR_INVALID,
				tr("barcode layout \"%.40s\" has %zu characters: it needs 13, one per EAN-13 digit"),
				pattern, n);
	memset(&l, 0, sizeof(l));
	for (i = 0; i < n; i++) {
		char c = pattern[i];

		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		switch (c) {
		case 'I':
			l.item_digits++;
			break;
		case 'V':
			l.value_digits++;
			break;
		case 'X':
			break;
		case 'C':
			if (i != n - 1)
				return pos_fail(err, POS_ERR_INVALID,
						tr("barcode layout \"%s\": the check digit C must be last and only once"),
						pattern);
			break;
		default:
			if (!is_digit(c))
				return pos_fail(err, POS_ERR_INVALID,
						tr("barcode layout \"%s\": '%c' is not a digit or one of I V X C"),
						pattern, c);
			l.literal_digits++;
		}
		l.pattern[i] = c;
	}
	l.pattern[n] = '\0';
	if (l.pattern[n - 1] != 'C')
		return pos_fail(err, POS_ERR_INVALID,
				tr("barcode layout \"%s\" must end with the check digit C"),
				pattern);
	if (!is_digit(l.pattern[0]))
		return pos_fail(err, POS_ERR_INVALID,
				tr("barcode layout \"%s\" must start with a literal prefix digit such as 2"),
				pattern);
	if (l.item_digits == 0 || l.value_digits == 0)
		return pos_fail(err, POS_ERR_INVALID,
				tr("barcode layout \"%s\" needs item digits I and value digits V"),
				pattern);
	l.value_is_price = value_is_price ? 1 : 0;
	*out = l;
	return 0;
}

int barcode_vm_decode(const struct barcode_vm_layout *l, const char *code13,
		      char *item, size_t itemsz, int64_t *value,
		      struct pos_error *err)
{
	char it[BARCODE_VM_LEN + 1];
	int64_t v = 0;
	size_t i, ni = 0;
	int want;

	if (!l || !code13 || strlen(code13) != BARCODE_VM_LEN ||
	    !str_all_digits(code13, BARCODE_VM_LEN))
		return pos_fail(err, POS_ERR_NOT_FOUND,
				tr("not a 13-digit code for a label-scale layout"));
	for (i = 0; i < BARCODE_VM_LEN; i++) {
		char p = l->pattern[i], c = code13[i];

		if (is_digit(p) && p != c)
			return pos_fail(err, POS_ERR_NOT_FOUND,
					tr("%s does not match barcode layout %s"),
					code13, l->pattern);
		if (p == 'I')
			it[ni++] = c;
		else if (p == 'V')
			v = v * 10 + (c - '0');
	}
	it[ni] = '\0';
	want = barcode_check_digit(code13, BARCODE_VM_LEN - 1);
	if (want != code13[BARCODE_VM_LEN - 1] - '0')
		return pos_fail(err, POS_ERR_INVALID,
				tr("wrong check digit in %s: expected %d"), code13,
				want);
	if (!item || ni + 1 > itemsz)
		return pos_fail(err, POS_ERR_INVALID,
				tr("item code %s does not fit in %zu bytes"), it,
				itemsz);
	memcpy(item, it, ni + 1);
	if (value)
		*value = v;
	return 0;
}

int barcode_vm_encode(const struct barcode_vm_layout *l, const char *item,
		      int64_t value, char out[14], struct pos_error *err)
{
	char buf[BARCODE_VM_LEN + 1];
	size_t nitem, i;
	int64_t limit = 1;
	int k, ii;

	if (!l || !item)
		return pos_fail(err, POS_ERR_INVALID, tr("no layout or item code"));
	nitem = strlen(item);
	if (nitem == 0 || nitem > (size_t)l->item_digits ||
	    !str_all_digits(item, nitem))
		return pos_fail(err, POS_ERR_INVALID,
				tr("item code \"%.20s\" must be 1 to %d digits for layout %s"),
				item, l->item_digits, l->pattern);
	for (k = 0; k < l->value_digits; k++)
		limit *= 10;
	if (value < 0 || value >= limit)
		return pos_fail(err, POS_ERR_INVALID,
				tr("%s %lld does not fit in the %d digits of layout %s"),
				l->value_is_price ? "price" : "weight",
				(long long)value, l->value_digits, l->pattern);
	/* fill the I and V digits from the right, so both are padded left */
	ii = (int)nitem - 1;
	for (i = BARCODE_VM_LEN; i-- > 0;) {
		char p = l->pattern[i];

		if (p == 'I') {
			buf[i] = ii >= 0 ? item[ii] : '0';
			ii--;
		} else if (p == 'V') {
			buf[i] = (char)('0' + value % 10);
			value /= 10;
		} else if (p == 'X' || p == 'C') {
			buf[i] = '0';
		} else {
			buf[i] = p;
		}
	}
	buf[BARCODE_VM_LEN - 1] =
		(char)('0' + barcode_check_digit(buf, BARCODE_VM_LEN - 1));
	buf[BARCODE_VM_LEN] = '\0';
	memcpy(out, buf, sizeof(buf));
	return 0;
}
