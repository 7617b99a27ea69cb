/*
 * hid_keyboard.c - HID boot keyboard report decoder (see hid_keyboard.h).
 *
 * The US layout is two tables indexed by usage from 0x04 (a) to 0x38 (/),
 * one without and one with shift, plus the keypad (0x54-0x63), which does
 * not change with shift.  0x32 (the non-US # key) types what the US
 * backslash key types, as on US keyboards.
 */
#include "hid_keyboard.h"

#include <string.h>

#include "lib/err.h"

#define MOD_SHIFT 0x22          /* left or right shift */
#define MOD_OTHER 0xdd          /* ctrl, alt, GUI (left and right) */
#define USAGE_ROLLOVER 0x01     /* ErrorRollOver, POSTFail = 2, ErrorUndefined = 3 */
#define USAGE_FIRST 0x04
#define USAGE_LAST 0x38
#define KP_FIRST 0x54
#define KP_LAST 0x63

/* Usages 0x04..0x38, unshifted and shifted (US); ' ' marks "no character"
 * for Esc and Backspace, handled in hidkbd_usage_char. */
static const char us_plain[] =
	"abcdefghijklmnopqrstuvwxyz"    /* 0x04-0x1d */
	"1234567890"                    /* 0x1e-0x27 */
	"\r\x1b\b\t "                   /* 0x28-0x2c: Enter Esc Backspace Tab Space */
	"-=[]\\\\;'`,./";               /* 0x2d-0x38 */
static const char us_shift[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	"!@#$%^&*()"
	"\r\x1b\b\t "
	"_+{}||:\"~<>?";
/* Keypad 0x54..0x63 with Num Lock on. */
static const char us_keypad[] = "/*-+\r1234567890.";

_Static_assert(sizeof(us_plain) - 1 == USAGE_LAST - USAGE_FIRST + 1, "US table size");
_Static_assert(sizeof(us_shift) == sizeof(us_plain), "US shift table size");
_Static_assert(sizeof(us_keypad) - 1 == KP_LAST - KP_FIRST + 1, "keypad table size");

int hidkbd_usage_char(enum scanner_layout layout, uint8_t u, int shift)
{
	int c;

	(void)layout;   /* US only for now: every scanner's factory default */
	if (u >= USAGE_FIRST && u <= USAGE_LAST) {
		if (shift)
			c = (unsigned char)us_shift[u - USAGE_FIRST];
		else
			c = (unsigned char)us_plain[u - USAGE_FIRST];
		if (c == 0x1b || c == '\b')
			return -1;
		return c;
	}
	if (u >= KP_FIRST && u <= KP_LAST)
		return (unsigned char)us_keypad[u - KP_FIRST];
	return -1;
}

void hidkbd_init(struct hidkbd *k, const struct scanner_opts *o, const char *source)
{
	struct scanner_opts def;

	if (!o) {
		scanbuf_default_opts(&def);
		o = &def;
	}
	memset(k, 0, sizeof(*k));
	scanbuf_init(&k->buf, o->suffix, o->flush_ms, source);
	k->layout = o->layout;
}

static int held_in(const uint8_t *keys, size_t n, uint8_t u)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (keys[i] == u)
			return 1;
	return 0;
}

int hidkbd_feed(struct hidkbd *k, const uint8_t *rep, size_t n, int64_t t_ns)
{
	const uint8_t *keys;
	int shift, other, c;
	size_t i;

	if (!rep || n < HIDKBD_REPORT_LEN) {
		k->bad_reports++;
		return POS_ERR_INVALID;
	}
	keys = rep + 2;
	for (i = 0; i < 6; i++)
		if (keys[i] >= USAGE_ROLLOVER && keys[i] < USAGE_FIRST)
			return 0;       /* too many keys at once: state unknown, wait */
	scanbuf_tick(&k->buf, t_ns);
	shift = (rep[0] & MOD_SHIFT) != 0;
	other = (rep[0] & MOD_OTHER) != 0;
	for (i = 0; i < 6; i++) {
		uint8_t u = keys[i];

		if (u == 0 || held_in(k->prev, 6, u) || held_in(keys, i, u))
			continue;
		c = hidkbd_usage_char(k->layout, u, shift);
		if (c < 0 || other) {
			k->skipped_keys++;
			continue;
		}
		scanbuf_char(&k->buf, c, t_ns);
	}
	memcpy(k->prev, keys, 6);
	return 0;
}

int64_t hidkbd_deadline(const struct hidkbd *k)
{
	return scanbuf_deadline(&k->buf);
}

void hidkbd_tick(struct hidkbd *k, int64_t now_ns)
{
	scanbuf_tick(&k->buf, now_ns);
}

int hidkbd_next(struct hidkbd *k, struct scan_event *ev)
{
	return scanbuf_next(&k->buf, ev);
}
