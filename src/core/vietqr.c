/*
 * vietqr.c - VietQR payloads: build, fold the purpose, decode and check
 * (see vietqr.h for the field layout).
 *
 * The builder appends TLV fields into a fixed buffer with length checks;
 * the decoder walks TLV lists (the top level, 38, 38/01 and 62) with one
 * bounded parser that never reads outside [s, s + len), so it doubles as
 * the fuzz target's subject (tests/fuzz/fuzz_vietqr.c).
 */
#include "vietqr.h"

#include <stdio.h>
#include <string.h>

#include "lib/utf8.h"
#include "audit.h"
#include "db.h"
#include "i18n.h"
#include "showroom.h"
#include "user.h"
#include "vntext.h"

uint16_t vietqr_crc16(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint16_t crc = 0xFFFF;
	size_t i;
	int b;

	for (i = 0; i < len; i++) {
		crc ^= (uint16_t)(p[i] << 8);
		for (b = 0; b < 8; b++)
			crc = (uint16_t)((crc & 0x8000) ? (crc << 1) ^ 0x1021 : crc << 1);
	}
	return crc;
}

/* --- the purpose -------------------------------------------------------- */

/* 1 when cp is an uppercase Latin letter of the ranges Vietnamese uses. */
static int vn_upper(uint32_t cp)
{
	if (cp >= 0xC0 && cp <= 0xDE)
		return cp != 0xD7;
	if (cp >= 0x100 && cp < 0x1AF)
		return (cp & 1) == 0;
	if (cp == 0x1AF)               /* Ư (ư is 0x1B0) */
		return 1;
	if (cp >= 0x1EA0 && cp <= 0x1EF9)
		return (cp & 1) == 0;
	return 0;
}

size_t vietqr_purpose(const char *s, char *out, size_t n)
{
	size_t i = 0, len = 0, slen = s ? strlen(s) : 0;
	size_t max = n ? n - 1 : 0;
	int space = 0;

	if (max > VIETQR_PURPOSE_MAX)
		max = VIETQR_PURPOSE_MAX;
	if (!n)
		return 0;
	while (i < slen && len < max) {
		uint32_t cp;
		size_t used = utf8_next(s, slen, i, &cp), next = i + used;
		char c = 0;

		if (used == 0)
			break;
		if (cp < 0x80 && ((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
				  (cp >= 'A' && cp <= 'Z'))) {
			c = (char)cp;
		} else if (cp >= 0x300 && cp <= 0x36F) {
			i = next;              /* a combining mark: drop it, no break */
			continue;
		} else if (cp >= 0x80) {
			char one[8], f[8];

			memcpy(one, s + i, next - i < sizeof(one) - 1 ? next - i : sizeof(one) - 1);
			one[next - i < sizeof(one) - 1 ? next - i : sizeof(one) - 1] = '\0';
			if (vn_fold(one, f, sizeof(f)) == 1 && f[0] >= 'a' && f[0] <= 'z')
				c = vn_upper(cp) ? (char)(f[0] - 'a' + 'A') : f[0];
		}
		i = next;
		if (!c) {
			space = len > 0;
			continue;
		}
		if (space) {
			if (len + 1 >= max)
				break;
			out[len++] = ' ';
			space = 0;
		}
		out[len++] = c;
	}
	while (len > 0 && out[len - 1] == ' ')
		len--;
	out[len] = '\0';
	return len;
}

/* --- banks -------------------------------------------------------------- */

static const struct {
	const char *bin;
	const char *names;             /* ' '-separated lowercase aliases */
} banks[] = {
	{ "970436", "vietcombank vcb" },
	{ "970415", "vietinbank ctg icb" },
	{ "970418", "bidv" },
	{ "970405", "agribank vba" },
	{ "970422", "mb mbbank" },
	{ "970407", "techcombank tcb" },
	{ "970416", "acb" },
};

int vietqr_bank_bin(const char *bank, char bin[7], struct pos_error *err)
{
	char key[32];
	size_t i, k, len = bank ? strlen(bank) : 0;

	if (len == 6 && str_all_digits(bank, 6)) {
		memcpy(bin, bank, 7);
		return 0;
	}
	if (len > 0 && len < sizeof(key)) {
		for (k = 0; k < len; k++)
			key[k] = (char)((bank[k] >= 'A' && bank[k] <= 'Z') ? bank[k] + 32 : bank[k]);
		key[len] = '\0';
		for (i = 0; i < sizeof(banks) / sizeof(banks[0]); i++) {
			const char *p = banks[i].names;

			while (*p) {
				size_t w = strcspn(p, " ");

				if (w == len && memcmp(p, key, len) == 0) {
					memcpy(bin, banks[i].bin, 7);
					return 0;
				}
				p += w;
				while (*p == ' ')
					p++;
			}
		}
	}
	return pos_fail(err, POS_ERR_INVALID,
			tr("bank \"%s\": give the bank's 6-digit BIN (Vietcombank 970436, "
			   "VietinBank 970415, BIDV 970418, Agribank 970405, ...)"),
			bank ? bank : "");
}

/* --- building ----------------------------------------------------------- */

struct buf {
	char *p;
	size_t n, len;
	int full;
};

static void put(struct buf *b, const char *id, const char *v, size_t vlen)
{
	if (vlen > 99 || b->len + 4 + vlen >= b->n) {
		b->full = 1;
		return;
	}
	snprintf(b->p + b->len, 5, "%s%02u", id, (unsigned)vlen);
	memcpy(b->p + b->len + 4, v, vlen);
	b->len += 4 + vlen;
	b->p[b->len] = '\0';
}

static void puts0(struct buf *b, const char *id, const char *v)
{
	put(b, id, v, strlen(v));
}

static int account_valid(const char *a)
{
	size_t i, n = a ? strlen(a) : 0;

	if (n < 1 || n > VIETQR_ACCOUNT_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!((a[i] >= '0' && a[i] <= '9') || (a[i] >= 'A' && a[i] <= 'Z') ||
		      (a[i] >= 'a' && a[i] <= 'z')))
			return 0;
	return 1;
}

int vietqr_build(const char *bank, const char *account, int64_t amount, const char *purpose,
		 char *out, size_t n, struct pos_error *err)
{
	char bin[7], acct[64], mai[128], add[64], amt[24], tmp[VIETQR_MAX], why[VIETQR_PURPOSE_MAX + 1];
	struct buf in = { acct, sizeof(acct), 0, 0 }, m = { mai, sizeof(mai), 0, 0 },
		   a = { add, sizeof(add), 0, 0 }, b = { tmp, sizeof(tmp), 0, 0 };
	int r = vietqr_bank_bin(bank, bin, err);

	if (r)
		return r;
	if (!account_valid(account))
		return pos_fail(err, POS_ERR_INVALID,
				tr("account \"%s\": 1 to %d letters or digits, no spaces"),
				account ? account : "", VIETQR_ACCOUNT_MAX);
	if (amount < 0 || amount > VIETQR_AMOUNT_MAX)
		return pos_fail(err, POS_ERR_INVALID,
				tr("a VietQR amount is 0 to %lld VND"), VIETQR_AMOUNT_MAX);
	acct[0] = mai[0] = add[0] = '\0';
	puts0(&in, "00", bin);
	puts0(&in, "01", account);
	puts0(&m, "00", VIETQR_GUID);
	put(&m, "01", acct, in.len);
	puts0(&m, "02", "QRIBFTTA");
	puts0(&b, "00", "01");
	puts0(&b, "01", amount > 0 ? "12" : "11");
	put(&b, "38", mai, m.len);
	puts0(&b, "53", "704");
	if (amount > 0) {
		snprintf(amt, sizeof(amt), "%lld", (long long)amount);
		puts0(&b, "54", amt);
	}
	puts0(&b, "58", "VN");
	if (vietqr_purpose(purpose, why, sizeof(why)) > 0) {
		puts0(&a, "08", why);
		put(&b, "62", add, a.len);
	}
	if (in.full || m.full || a.full || b.full || b.len + 8 >= sizeof(tmp))
		return pos_fail(err, POS_ERR_INVALID, "%s", tr("the VietQR payload is too long"));
	memcpy(tmp + b.len, "6304", 4);
	b.len += 4;
	snprintf(tmp + b.len, 5, "%04X", (unsigned)vietqr_crc16(tmp, b.len));
	b.len += 4;
	if (b.len + 1 > n)
		return pos_fail(err, POS_ERR_INVALID, "%s",
				tr("no room for the VietQR payload"));
	memcpy(out, tmp, b.len + 1);
	return 0;
}

int vietqr_build_showroom(struct db *db, int64_t amount, const char *purpose, char *out,
			  size_t n, struct pos_error *err)
{
	char bank[32], account[64];
	int r = setting_get(db, "vietqr.bank", bank, sizeof(bank), err);

	if (r == 0)
		r = setting_get(db, "vietqr.account", account, sizeof(account), err);
	if (r && r != POS_ERR_NOT_FOUND)
		return r;
	if (r)
		return pos_fail(err, POS_ERR_NOT_FOUND, "%s",
				tr("the showroom's bank account for VietQR is not set: an admin "
				   "sets it with `ocop-pos vietqr --bank BIN --account NO --save "
				   "--user NAME`"));
	return vietqr_build(bank, account, amount, purpose, out, n, err);
}

struct bank_args {
	const struct user *actor;
	const char *bin, *account;
};

static int bank_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct bank_args *a = ctx;
	char detail[64];
	int r;

	snprintf(detail, sizeof(detail), "%s %s", a->bin, a->account);
	if ((r = setting_set(db, "vietqr.bank", a->bin, err)) ||
	    (r = setting_set(db, "vietqr.account", a->account, err)))
		return r;
	return audit_log(db, a->actor->id, 0, "setting", "vietqr", detail, err);
}

int vietqr_set_showroom(struct db *db, const struct user *actor, const char *bank,
			const char *account, struct pos_error *err)
{
	struct bank_args a;
	char bin[7], test[VIETQR_MAX];
	int r = user_require(actor, PERM_SETTINGS, err);

	if (!r)
		r = vietqr_bank_bin(bank, bin, err);
	if (!r)
		r = vietqr_build(bin, account, 0, NULL, test, sizeof(test), err);
	if (r)
		return r;
	a.actor = actor;
	a.bin = bin;
	a.account = account;
	return db_tx(db, DB_TX_WRITE, bank_in_tx, &a, err);
}

/* --- decoding ----------------------------------------------------------- */

struct tlv {
	int id;
	const char *v;
	size_t len;
	size_t at;                     /* offset of the field in its list */
};

/*
 * Read the field at *pos of list [s, s + n): two-digit id and length, then
 * the value, all inside the list.  Returns 1 with *t filled, 0 at the end,
 * -1 when malformed.
 */
static int tlv_next(const char *s, size_t n, size_t *pos, struct tlv *t)
{
	size_t p = *pos;

	if (p >= n)
		return 0;
	if (n - p < 4 || !str_all_digits(s + p, 4))
		return -1;
	t->id = (s[p] - '0') * 10 + (s[p + 1] - '0');
	t->len = (size_t)((s[p + 2] - '0') * 10 + (s[p + 3] - '0'));
	if (t->len > n - p - 4)
		return -1;
	t->v = s + p + 4;
	t->at = p;
	*pos = p + 4 + t->len;
	return 1;
}

static void copy_field(char *out, size_t n, const struct tlv *t)
{
	size_t k = t->len < n - 1 ? t->len : n - 1;

	memcpy(out, t->v, k);
	out[k] = '\0';
}

static int eq(const struct tlv *t, const char *v)
{
	return t->len == strlen(v) && memcmp(t->v, v, t->len) == 0;
}

/* Walk a nested list, refusing duplicates; f handles each field. */
static int walk(const char *s, size_t n, const char *where,
		int (*f)(const struct tlv *, struct vietqr_info *, struct pos_error *),
		struct vietqr_info *info, struct pos_error *err)
{
	unsigned char seen[100] = { 0 };
	size_t pos = 0;
	struct tlv t;
	int r;

	while ((r = tlv_next(s, n, &pos, &t)) == 1) {
		if (seen[t.id])
			return pos_fail(err, POS_ERR_INVALID, tr("VietQR: field %s%02d appears twice"),
					where, t.id);
		seen[t.id] = 1;
		r = f(&t, info, err);
		if (r)
			return r;
	}
	if (r < 0)
		return pos_fail(err, POS_ERR_INVALID,
				tr("VietQR: malformed field at position %zu of %s"), pos,
				*where ? where : "the payload");
	return 0;
}

static int f_account(const struct tlv *t, struct vietqr_info *q, struct pos_error *err)
{
	if (t->id == 0) {
		if (t->len != 6 || !str_all_digits(t->v, 6))
			return pos_fail(err, POS_ERR_INVALID, "%s",
					tr("VietQR: the bank BIN (38/01/00) is not 6 digits"));
		copy_field(q->bin, sizeof(q->bin), t);
	} else if (t->id == 1) {
		if (t->len < 1 || t->len >= sizeof(q->account))
			return pos_fail(err, POS_ERR_INVALID, "%s",
					tr("VietQR: bad account number (38/01/01)"));
		copy_field(q->account, sizeof(q->account), t);
	}
	return 0;
}

static int f_merchant(const struct tlv *t, struct vietqr_info *q, struct pos_error *err)
{
	if (t->id == 0) {
		if (t->len >= sizeof(q->guid))
			return pos_fail(err, POS_ERR_INVALID, "%s", tr("VietQR: GUID too long"));
		copy_field(q->guid, sizeof(q->guid), t);
	} else if (t->id == 1) {
		return walk(t->v, t->len, "38/01/", f_account, q, err);
	} else if (t->id == 2) {
		if (t->len >= sizeof(q->service))
			return pos_fail(err, POS_ERR_INVALID, "%s",
					tr("VietQR: service code too long"));
		copy_field(q->service, sizeof(q->service), t);
	}
	return 0;
}

static int f_additional(const struct tlv *t, struct vietqr_info *q, struct pos_error *err)
{
	(void)err;
	if (t->id == 8)
		copy_field(q->purpose, sizeof(q->purpose), t);
	return 0;
}

static int f_top(const struct tlv *t, struct vietqr_info *q, struct pos_error *err)
{
	size_t i;

	switch (t->id) {
	case 0:
		if (t->at != 0 || !eq(t, "01"))
			return pos_fail(err, POS_ERR_INVALID, "%s",
					tr("VietQR: the payload must begin with 000201"));
		break;
	case 1:
		if (!eq(t, "11") && !eq(t, "12"))
			return pos_fail(err, POS_ERR_INVALID, "%s",
					tr("VietQR: field 01 must be 11 (static) or 12 (dynamic)"));
		q->dynamic = eq(t, "12");
		break;
	case 38:
		return walk(t->v, t->len, "38/", f_merchant, q, err);
	case 53:
		if (t->len != 3 || !str_all_digits(t->v, 3))
			return pos_fail(err, POS_ERR_INVALID, "%s",
					tr("VietQR: bad currency (53)"));
		copy_field(q->currency, sizeof(q->currency), t);
		break;
	case 54:
		if (t->len < 1 || t->len > 13 || !str_all_digits(t->v, t->len))
			return pos_fail(err, POS_ERR_INVALID, "%s",
					tr("VietQR: the amount (54) must be 1 to 13 digits"));
		q->amount = 0;
		for (i = 0; i < t->len; i++)
			q->amount = q->amount * 10 + (t->v[i] - '0');
		break;
	case 58:
		if (t->len != 2)
			return pos_fail(err, POS_ERR_INVALID, "%s", tr("VietQR: bad country (58)"));
		copy_field(q->country, sizeof(q->country), t);
		break;
	case 62:
		return walk(t->v, t->len, "62/", f_additional, q, err);
	case 63:
		break;                 /* checked by vietqr_decode */
	default:
		break;                 /* other EMVCo fields are allowed and ignored */
	}
	return 0;
}

int vietqr_decode(const char *s, size_t len, struct vietqr_info *out, struct pos_error *err)
{
	struct vietqr_info q;
	char want[5];
	size_t i;
	int r;

	memset(&q, 0, sizeof(q));
	q.amount = -1;
	if (!s || len < 12)
		return pos_fail(err, POS_ERR_INVALID, "%s", tr("VietQR: payload too short"));
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
			return pos_fail(err, POS_ERR_INVALID,
					tr("VietQR: control character at position %zu"), i);
	if (memcmp(s, "000201", 6) != 0)
		return pos_fail(err, POS_ERR_INVALID, "%s",
				tr("VietQR: the payload must begin with 000201"));
	/* The CRC field is the last 8 characters: "6304" + 4 hex digits. */
	if (memcmp(s + len - 8, "6304", 4) != 0)
		return pos_fail(err, POS_ERR_INVALID, "%s",
				tr("VietQR: the payload must end with the CRC field 63"));
	snprintf(want, sizeof(want), "%04X", (unsigned)vietqr_crc16(s, len - 4));
	for (i = 0; i < 4; i++) {
		char c = s[len - 4 + i];

		if (c >= 'a' && c <= 'f')
			c = (char)(c - 32);
		if (c != want[i])
			return pos_fail(err, POS_ERR_INVALID,
					tr("VietQR: CRC mismatch (payload says %.4s, content gives %s)"),
					s + len - 4, want);
	}
	r = walk(s, len, "", f_top, &q, err);
	if (r)
		return r;
	{
		struct tlv t, last = { -1, NULL, 0, 0 };
		size_t pos = 0;

		while (tlv_next(s, len, &pos, &t) == 1)
			last = t;
		if (last.id != 63 || last.len != 4 || last.at != len - 8)
			return pos_fail(err, POS_ERR_INVALID, "%s",
					tr("VietQR: the payload must end with the CRC field 63"));
	}
	memcpy(q.crc, s + len - 4, 4);
	q.crc[4] = '\0';
	if (strcmp(q.guid, VIETQR_GUID) != 0 || !q.bin[0] || !q.account[0])
		return pos_fail(err, POS_ERR_INVALID, "%s",
				tr("VietQR: no NAPAS account (field 38 with A000000727, BIN "
				   "and account)"));
	if (!q.dynamic && q.amount >= 0)
		return pos_fail(err, POS_ERR_INVALID, "%s",
				tr("VietQR: a static payload (01 = 11) carries no amount"));
	*out = q;
	return 0;
}
