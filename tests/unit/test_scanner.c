/*
 * test_scanner.c - unit tests of the scanner decoders: HID boot keyboard
 * reports (shift, Enter, release reports, rollover, garbage, suffixes,
 * partial codes, overflow, keypad), HID POS reports (single and multi-
 * report codes, missing continuation, other and malformed reports), the
 * evdev key decoder, the wedge burst detector (a scan at 2 ms/key, typing
 * at 120 ms/key, a scan while a person types, a key typed just before a
 * scan, a burst cut without suffix, short bursts, other keys, a full
 * output queue), the terminal source over a pipe, the evdev source over
 * a FIFO (unplug and back), plus the scanner interface itself (null and
 * printer specs, suffix parsing, translated messages).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "drivers/device.h"
#include "drivers/scanner/evdev.h"
#include "drivers/scanner/hid_keyboard.h"
#include "drivers/scanner/hid_pos.h"
#include "drivers/scanner/scanbuf.h"
#include "drivers/scanner/scanner.h"
#include "drivers/scanner/usbscan.h"
#include "drivers/scanner/wedge.h"

#define MS 1000000LL
#define SHIFT 0x02
#define RSHIFT 0x20

/* ---- HID keyboard helpers ---- */

static int feed_keys(struct hidkbd *k, uint8_t mod, const uint8_t *keys, size_t n, int64_t t)
{
	uint8_t rep[8] = { 0 };

	rep[0] = mod;
	memcpy(rep + 2, keys, n > 6 ? 6 : n);
	return hidkbd_feed(k, rep, sizeof(rep), t);
}

/* Press and release one usage at t and t + 1 ms. */
static void tap(struct hidkbd *k, uint8_t mod, uint8_t usage, int64_t t)
{
	uint8_t zero[8] = { 0 };

	assert_int_equal(feed_keys(k, mod, &usage, 1, t), 0);
	assert_int_equal(hidkbd_feed(k, zero, sizeof(zero), t + MS), 0);
}

/* Usage of a digit character. */
static uint8_t digit_usage(char c)
{
	return c == '0' ? 0x27 : (uint8_t)(0x1e + (c - '1'));
}

/* Type digits at 2 ms per key starting at t, then Enter; returns end time. */
static int64_t type_code(struct hidkbd *k, const char *digits, int64_t t)
{
	for (; *digits; digits++, t += 2 * MS)
		tap(k, 0, digit_usage(*digits), t);
	tap(k, 0, 0x28, t);
	return t;
}

static void test_hidkbd_digits_enter(void **state)
{
	struct hidkbd k;
	struct scan_event ev;
	int64_t end;

	(void)state;
	hidkbd_init(&k, NULL, "usb:0c2e:0b81");
	end = type_code(&k, "8935001234567", 1000 * MS);
	assert_int_equal(hidkbd_next(&k, &ev), 1);
	assert_string_equal(ev.code, "8935001234567");
	assert_string_equal(ev.symbology, "");
	assert_string_equal(ev.source, "usb:0c2e:0b81");
	assert_int_equal(ev.partial, 0);
	assert_int_equal(ev.t_ns, 1000 * MS);
	assert_int_equal(ev.dur_ns, end - 1000 * MS);
	assert_int_equal(hidkbd_next(&k, &ev), 0);
	assert_int_equal(hidkbd_deadline(&k), -1);
}

static void test_hidkbd_shift(void **state)
{
	struct hidkbd k;
	struct scan_event ev;
	int64_t t = 0;

	(void)state;
	hidkbd_init(&k, NULL, "kbd");
	tap(&k, SHIFT, 0x04, t += 2 * MS);      /* A */
	tap(&k, 0, 0x05, t += 2 * MS);          /* b */
	tap(&k, RSHIFT, 0x2d, t += 2 * MS);     /* _ */
	tap(&k, 0, 0x2d, t += 2 * MS);          /* - */
	tap(&k, SHIFT, 0x1e, t += 2 * MS);      /* ! */
	tap(&k, SHIFT, 0x27, t += 2 * MS);      /* ) */
	tap(&k, 0, 0x38, t += 2 * MS);          /* / */
	tap(&k, SHIFT, 0x38, t += 2 * MS);      /* ? */
	tap(&k, SHIFT, 0x34, t += 2 * MS);      /* " */
	tap(&k, 0, 0x2c, t += 2 * MS);          /* space */
	tap(&k, SHIFT | RSHIFT, 0x1d, t += 2 * MS); /* Z */
	tap(&k, 0, 0x28, t += 2 * MS);
	assert_int_equal(hidkbd_next(&k, &ev), 1);
	assert_string_equal(ev.code, "Ab_-!)/?\" Z");
	/* The table itself, both cases. */
	assert_int_equal(hidkbd_usage_char(SCANNER_LAYOUT_US, 0x04, 0), 'a');
	assert_int_equal(hidkbd_usage_char(SCANNER_LAYOUT_US, 0x1d, 1), 'Z');
	assert_int_equal(hidkbd_usage_char(SCANNER_LAYOUT_US, 0x1f, 1), '@');
	assert_int_equal(hidkbd_usage_char(SCANNER_LAYOUT_US, 0x26, 0), '9');
	assert_int_equal(hidkbd_usage_char(SCANNER_LAYOUT_US, 0x33, 1), ':');
	assert_int_equal(hidkbd_usage_char(SCANNER_LAYOUT_US, 0x35, 1), '~');
	assert_int_equal(hidkbd_usage_char(SCANNER_LAYOUT_US, 0x28, 1), '\r');
	assert_int_equal(hidkbd_usage_char(SCANNER_LAYOUT_US, 0x29, 0), -1);   /* Esc */
	assert_int_equal(hidkbd_usage_char(SCANNER_LAYOUT_US, 0x2a, 0), -1);   /* Backspace */
	assert_int_equal(hidkbd_usage_char(SCANNER_LAYOUT_US, 0x3a, 0), -1);   /* F1 */
	assert_int_equal(hidkbd_usage_char(SCANNER_LAYOUT_US, 0x00, 0), -1);
	assert_int_equal(hidkbd_usage_char(SCANNER_LAYOUT_US, 0xe1, 0), -1);
}

static void test_hidkbd_release_and_repeat(void **state)
{
	struct hidkbd k;
	struct scan_event ev;
	uint8_t one = 0x1e, zero[8] = { 0 };

	(void)state;
	hidkbd_init(&k, NULL, "kbd");
	/* Held over two reports: one key press. */
	feed_keys(&k, 0, &one, 1, 1 * MS);
	feed_keys(&k, 0, &one, 1, 2 * MS);
	/* Released and pressed again: a second '1'. */
	hidkbd_feed(&k, zero, 8, 3 * MS);
	feed_keys(&k, 0, &one, 1, 4 * MS);
	hidkbd_feed(&k, zero, 8, 5 * MS);
	tap(&k, 0, 0x28, 6 * MS);
	assert_int_equal(hidkbd_next(&k, &ev), 1);
	assert_string_equal(ev.code, "11");
	/* Only release reports: nothing at all. */
	hidkbd_feed(&k, zero, 8, 10 * MS);
	hidkbd_feed(&k, zero, 8, 11 * MS);
	hidkbd_tick(&k, 1000 * MS);
	assert_int_equal(hidkbd_next(&k, &ev), 0);
}

static void test_hidkbd_rollover(void **state)
{
	struct hidkbd k;
	struct scan_event ev;
	uint8_t a[] = { 0x1e }, ab[] = { 0x1e, 0x1f }, b[] = { 0x1f }, bc[] = { 0x1f, 0x20 };
	uint8_t many[] = { 0x21, 0x22, 0x23, 0x28, 0x24, 0x00 };
	uint8_t dup[] = { 0x25, 0x25 }, zero[8] = { 0 };

	(void)state;
	hidkbd_init(&k, NULL, "kbd");
	/* No release between keys: the new usage in each report is the press. */
	feed_keys(&k, 0, a, 1, 1 * MS);
	feed_keys(&k, 0, ab, 2, 2 * MS);
	feed_keys(&k, 0, b, 1, 3 * MS);
	feed_keys(&k, 0, bc, 2, 4 * MS);
	hidkbd_feed(&k, zero, 8, 5 * MS);
	/* Several presses in one report, Enter among them, in order. */
	feed_keys(&k, 0, many, 6, 6 * MS);
	hidkbd_feed(&k, zero, 8, 7 * MS);
	assert_int_equal(hidkbd_next(&k, &ev), 1);
	assert_string_equal(ev.code, "123456");
	/* "7" is pending; the same usage twice in one report is one press. */
	feed_keys(&k, 0, dup, 2, 8 * MS);
	hidkbd_feed(&k, zero, 8, 9 * MS);
	tap(&k, 0, 0x28, 10 * MS);
	assert_int_equal(hidkbd_next(&k, &ev), 1);
	assert_string_equal(ev.code, "78");
	assert_int_equal(hidkbd_next(&k, &ev), 0);
}

static void test_hidkbd_garbage(void **state)
{
	struct hidkbd k;
	struct scan_event ev;
	uint8_t shortrep[3] = { 0, 0, 0x1e };
	uint8_t phantom[8] = { 0, 0, 1, 1, 1, 1, 1, 1 };
	uint8_t weird[8] = { 0, 0xff, 0x3a, 0xe8, 0xff, 0x65, 0, 0 };
	uint8_t one = 0x1e, two = 0x1f;

	(void)state;
	hidkbd_init(&k, NULL, "kbd");
	assert_int_equal(hidkbd_feed(&k, shortrep, sizeof(shortrep), 1 * MS), POS_ERR_INVALID);
	assert_int_equal(hidkbd_feed(&k, NULL, 0, 1 * MS), POS_ERR_INVALID);
	assert_int_equal(k.bad_reports, 2);
	/* A key held, then ErrorRollOver: ignored, the held key stays held. */
	feed_keys(&k, 0, &one, 1, 2 * MS);
	assert_int_equal(hidkbd_feed(&k, phantom, 8, 3 * MS), 0);
	feed_keys(&k, 0, &one, 1, 4 * MS);       /* still held: no second '1' */
	/* Usages that type nothing, a reserved byte set: skipped. */
	assert_int_equal(hidkbd_feed(&k, weird, 8, 5 * MS), 0);
	assert_true(k.skipped_keys >= 4);
	/* Ctrl+2 is no character. */
	feed_keys(&k, 0x01, &two, 1, 6 * MS);
	tap(&k, 0, 0x20, 7 * MS);                /* 3 */
	tap(&k, 0, 0x28, 9 * MS);
	assert_int_equal(hidkbd_next(&k, &ev), 1);
	assert_string_equal(ev.code, "13");
	assert_int_equal(ev.partial, 0);
}

static void test_hidkbd_partial_timeout(void **state)
{
	struct hidkbd k;
	struct scanner_opts o;
	struct scan_event ev;

	(void)state;
	scanner_opts_init(&o);
	o.flush_ms = 100;
	hidkbd_init(&k, &o, "kbd");
	tap(&k, 0, 0x1e, 0);
	tap(&k, 0, 0x1f, 2 * MS);
	tap(&k, 0, 0x20, 4 * MS);
	/* Last character pressed at 4 ms; flush due 100 ms later. */
	assert_int_equal(hidkbd_deadline(&k), 104 * MS);
	hidkbd_tick(&k, 103 * MS);
	assert_int_equal(hidkbd_next(&k, &ev), 0);
	hidkbd_tick(&k, 104 * MS);
	assert_int_equal(hidkbd_next(&k, &ev), 1);
	assert_string_equal(ev.code, "123");
	assert_int_equal(ev.partial, 1);
	assert_int_equal(hidkbd_deadline(&k), -1);
	/* A key much later flushes the pending code before it is added. */
	tap(&k, 0, 0x21, 300 * MS);
	tap(&k, 0, 0x22, 500 * MS);
	tap(&k, 0, 0x28, 502 * MS);
	assert_int_equal(hidkbd_next(&k, &ev), 1);
	assert_string_equal(ev.code, "4");
	assert_int_equal(ev.partial, 1);
	assert_int_equal(hidkbd_next(&k, &ev), 1);
	assert_string_equal(ev.code, "5");
	assert_int_equal(ev.partial, 0);
}

static void test_hidkbd_suffixes(void **state)
{
	struct hidkbd k;
	struct scanner_opts o;
	struct scan_event ev;

	(void)state;
	scanner_opts_init(&o);
	o.suffix = SCANNER_SUFFIX_TAB;
	hidkbd_init(&k, &o, "kbd");
	tap(&k, 0, 0x1e, 0);
	tap(&k, 0, 0x28, 2 * MS);                /* Enter: not the suffix, not kept */
	tap(&k, 0, 0x1f, 4 * MS);
	tap(&k, 0, 0x2b, 6 * MS);                /* Tab */
	assert_int_equal(hidkbd_next(&k, &ev), 1);
	assert_string_equal(ev.code, "12");
	assert_int_equal(ev.partial, 0);

	/* No suffix: the pause ends the code, which is complete. */
	o.suffix = SCANNER_SUFFIX_NONE;
	o.flush_ms = 50;
	hidkbd_init(&k, &o, "kbd");
	tap(&k, 0, 0x1e, 0);
	tap(&k, 0, 0x1f, 2 * MS);
	hidkbd_tick(&k, 100 * MS);
	assert_int_equal(hidkbd_next(&k, &ev), 1);
	assert_string_equal(ev.code, "12");
	assert_int_equal(ev.partial, 0);

	/* A character suffix. */
	o.suffix = '#';
	hidkbd_init(&k, &o, "kbd");
	tap(&k, 0, 0x1e, 0);
	tap(&k, SHIFT, 0x20, 2 * MS);            /* # */
	assert_int_equal(hidkbd_next(&k, &ev), 1);
	assert_string_equal(ev.code, "1");
}

static void test_hidkbd_keypad_and_overflow(void **state)
{
	struct hidkbd k;
	struct scan_event ev;
	int64_t t = 0;
	int i;

	(void)state;
	hidkbd_init(&k, NULL, "kbd");
	tap(&k, 0, 0x59, t += 2 * MS);           /* KP 1 */
	tap(&k, 0, 0x62, t += 2 * MS);           /* KP 0 */
	tap(&k, 0, 0x63, t += 2 * MS);           /* KP . */
	tap(&k, 0, 0x56, t += 2 * MS);           /* KP - */
	tap(&k, 0, 0x58, t += 2 * MS);           /* KP Enter */
	assert_int_equal(hidkbd_next(&k, &ev), 1);
	assert_string_equal(ev.code, "10.-");
	/* 200 characters: the first 127 are kept, marked partial. */
	for (i = 0; i < 200; i++)
		tap(&k, 0, (uint8_t)(0x04 + i % 26), t += 2 * MS);
	tap(&k, 0, 0x28, t += 2 * MS);
	assert_int_equal(hidkbd_next(&k, &ev), 1);
	assert_int_equal(strlen(ev.code), SCAN_CODE_MAX - 1);
	assert_int_equal(ev.code[0], 'a');
	assert_int_equal(ev.code[26], 'a');
	assert_int_equal(ev.partial, 1);
	/* The next code is whole again. */
	type_code(&k, "42", t + 10 * MS);
	assert_int_equal(hidkbd_next(&k, &ev), 1);
	assert_string_equal(ev.code, "42");
	assert_int_equal(ev.partial, 0);
}

/* ---- HID POS ---- */

static void pos_report(uint8_t rep[64], const char *aim, const char *data, size_t len,
		       int more)
{
	memset(rep, 0, 64);
	rep[0] = HIDPOS_REPORT_ID;
	rep[1] = (uint8_t)len;
	if (aim)
		memcpy(rep + 2, aim, 3);
	memcpy(rep + 5, data, len);
	rep[61] = '?';
	rep[63] = (uint8_t)(more ? 1 : 0);
}

static void test_hidpos_single(void **state)
{
	struct hidpos p;
	struct scan_event ev;
	uint8_t rep[64];

	(void)state;
	hidpos_init(&p, NULL, "usb:0c2e:0b8f");
	pos_report(rep, "]E0", "8935001234567", 13, 0);
	assert_int_equal(hidpos_feed(&p, rep, sizeof(rep), 10 * MS), 0);
	assert_int_equal(hidpos_next(&p, &ev), 1);
	assert_string_equal(ev.code, "8935001234567");
	assert_string_equal(ev.symbology, "]E0");
	assert_string_equal(ev.source, "usb:0c2e:0b8f");
	assert_int_equal(ev.partial, 0);
	assert_int_equal(ev.t_ns, 10 * MS);
	assert_int_equal(hidpos_next(&p, &ev), 0);
	assert_int_equal(hidpos_deadline(&p), -1);

	/* Trailing CR LF dropped; no AIM id: "". */
	pos_report(rep, NULL, "ABC-123\r\n", 9, 0);
	assert_int_equal(hidpos_feed(&p, rep, sizeof(rep), 20 * MS), 0);
	assert_int_equal(hidpos_next(&p, &ev), 1);
	assert_string_equal(ev.code, "ABC-123");
	assert_string_equal(ev.symbology, "");

	/* A shorter report (another vendor) carries no "more" bit: final. */
	pos_report(rep, "]C0", "LBL-9", 5, 0);
	assert_int_equal(hidpos_feed(&p, rep, 12, 30 * MS), 0);
	assert_int_equal(hidpos_next(&p, &ev), 1);
	assert_string_equal(ev.code, "LBL-9");
	assert_string_equal(ev.symbology, "]C0");
}

static void test_hidpos_multi(void **state)
{
	struct hidpos p;
	struct scan_event ev;
	uint8_t rep[64];
	char data[130], want[131];
	int i;

	(void)state;
	for (i = 0; i < 130; i++)
		data[i] = (char)('A' + i % 26);
	hidpos_init(&p, NULL, "pos");
	pos_report(rep, "]C1", data, 56, 1);
	assert_int_equal(hidpos_feed(&p, rep, 64, 1 * MS), 0);
	assert_int_equal(hidpos_next(&p, &ev), 0);         /* waiting for more */
	assert_int_equal(hidpos_deadline(&p), 101 * MS);
	pos_report(rep, "]C1", data + 56, 56, 1);
	assert_int_equal(hidpos_feed(&p, rep, 64, 3 * MS), 0);
	pos_report(rep, "]C1", data + 112, 10, 0);
	assert_int_equal(hidpos_feed(&p, rep, 64, 5 * MS), 0);
	assert_int_equal(hidpos_next(&p, &ev), 1);
	memcpy(want, data, 122);
	want[122] = '\0';
	assert_string_equal(ev.code, want);
	assert_string_equal(ev.symbology, "]C1");
	assert_int_equal(ev.partial, 0);
	assert_int_equal(ev.dur_ns, 4 * MS);

	/* The continuation never comes: partial after flush_ms. */
	pos_report(rep, "]Q1", "HALF", 4, 1);
	assert_int_equal(hidpos_feed(&p, rep, 64, 200 * MS), 0);
	hidpos_tick(&p, 299 * MS);
	assert_int_equal(hidpos_next(&p, &ev), 0);
	hidpos_tick(&p, 300 * MS);
	assert_int_equal(hidpos_next(&p, &ev), 1);
	assert_string_equal(ev.code, "HALF");
	assert_string_equal(ev.symbology, "]Q1");
	assert_int_equal(ev.partial, 1);
}

static void test_hidpos_bad(void **state)
{
	struct hidpos p;
	struct scan_event ev;
	uint8_t rep[64];

	(void)state;
	hidpos_init(&p, NULL, "pos");
	/* Another report ID (status): not a scan, not an error. */
	pos_report(rep, "]E0", "123", 3, 0);
	rep[0] = 0x04;
	assert_int_equal(hidpos_feed(&p, rep, 64, 1 * MS), 0);
	assert_int_equal(p.other_reports, 1);
	/* Length byte beyond the data. */
	pos_report(rep, "]E0", "123", 3, 0);
	rep[1] = 57;
	assert_int_equal(hidpos_feed(&p, rep, 64, 2 * MS), POS_ERR_INVALID);
	rep[1] = 10;
	assert_int_equal(hidpos_feed(&p, rep, 9, 2 * MS), POS_ERR_INVALID);
	assert_int_equal(hidpos_feed(&p, rep, 4, 2 * MS), POS_ERR_INVALID);
	assert_int_equal(hidpos_feed(&p, NULL, 0, 2 * MS), POS_ERR_INVALID);
	assert_int_equal(p.bad_reports, 4);
	assert_int_equal(hidpos_next(&p, &ev), 0);
	/* Control bytes and non-ASCII become '?', GS stays. */
	pos_report(rep, "]C1", "01\x1d" "9\x01\xff", 6, 0);
	assert_int_equal(hidpos_feed(&p, rep, 64, 3 * MS), 0);
	assert_int_equal(hidpos_next(&p, &ev), 1);
	assert_string_equal(ev.code, "01\x1d" "9??");
	/* A report with no data and no "more": nothing. */
	pos_report(rep, "]E0", "", 0, 0);
	assert_int_equal(hidpos_feed(&p, rep, 64, 4 * MS), 0);
	assert_int_equal(hidpos_next(&p, &ev), 0);
}

static void test_usb_report_mode(void **state)
{
	uint8_t kbd[8] = { 0 }, pos[64] = { HIDPOS_REPORT_ID };

	(void)state;
	assert_int_equal(usbscan_report_mode(SCANNER_USB_AUTO, kbd, 8), SCANNER_USB_KEYBOARD);
	assert_int_equal(usbscan_report_mode(SCANNER_USB_AUTO, pos, 64), SCANNER_USB_POS);
	assert_int_equal(usbscan_report_mode(SCANNER_USB_KEYBOARD, pos, 64),
			 SCANNER_USB_KEYBOARD);
	assert_int_equal(usbscan_report_mode(SCANNER_USB_POS, kbd, 8), SCANNER_USB_POS);
}

/* ---- evdev ---- */

static void ev_tap(struct evkbd *k, unsigned code, int64_t t)
{
	evkbd_feed(k, EV_KEY, code, 1, t);
	evkbd_feed(k, EV_SYN, SYN_REPORT, 0, t);
	evkbd_feed(k, EV_KEY, code, 0, t + MS);
}

static void test_evdev_keys(void **state)
{
	struct evkbd k;
	struct scan_event ev;

	(void)state;
	evkbd_init(&k, NULL, "evdev:/dev/input/event5");
	evkbd_feed(&k, EV_MSC, MSC_SCAN, 0x70004, 0);
	ev_tap(&k, KEY_8, 0);
	evkbd_feed(&k, EV_KEY, KEY_LEFTSHIFT, 1, 2 * MS);
	ev_tap(&k, KEY_A, 2 * MS);
	ev_tap(&k, KEY_MINUS, 3 * MS);
	evkbd_feed(&k, EV_KEY, KEY_LEFTSHIFT, 0, 4 * MS);
	ev_tap(&k, KEY_B, 5 * MS);
	evkbd_feed(&k, EV_KEY, KEY_B, 2, 6 * MS);          /* auto-repeat: ignored */
	evkbd_feed(&k, EV_KEY, KEY_LEFTCTRL, 1, 7 * MS);
	ev_tap(&k, KEY_C, 7 * MS);                        /* ctrl+c: no character */
	evkbd_feed(&k, EV_KEY, KEY_LEFTCTRL, 0, 8 * MS);
	ev_tap(&k, KEY_KP5, 9 * MS);
	ev_tap(&k, KEY_ENTER, 10 * MS);
	assert_int_equal(evkbd_next(&k, &ev), 1);
	assert_string_equal(ev.code, "8A_b5");
	assert_string_equal(ev.source, "evdev:/dev/input/event5");
	assert_int_equal(ev.dur_ns, 10 * MS);
	assert_int_equal(evkbd_next(&k, &ev), 0);
	assert_int_equal(evkbd_key_char(SCANNER_LAYOUT_US, KEY_SLASH, 1), '?');
	assert_int_equal(evkbd_key_char(SCANNER_LAYOUT_US, KEY_F1, 0), -1);
	/* A cut code is flushed partial. */
	ev_tap(&k, KEY_1, 100 * MS);
	evkbd_tick(&k, 300 * MS);
	assert_int_equal(evkbd_next(&k, &ev), 1);
	assert_string_equal(ev.code, "1");
	assert_int_equal(ev.partial, 1);
}

/* ---- wedge detector ---- */

/* Collect outputs: typed keys as a string, scans into an array. */
struct collected {
	char keys[256];
	size_t nkeys;
	struct scan_event scans[8];
	size_t nscans;
	char order[64];             /* 'k' or 's' per output */
	size_t norder;
};

static void collect(struct wedge *w, struct collected *c)
{
	struct wedge_out o;

	while (wedge_next(w, &o) != WEDGE_NONE) {
		if (o.kind == WEDGE_SCAN) {
			if (c->nscans < 8)
				c->scans[c->nscans++] = o.scan;
			if (c->norder + 1 < sizeof(c->order))
				c->order[c->norder++] = 's';
		} else {
			if (c->nkeys + 1 < sizeof(c->keys))
				c->keys[c->nkeys++] = (char)o.key;
			if (c->norder + 1 < sizeof(c->order))
				c->order[c->norder++] = 'k';
		}
	}
}

static int64_t feed_str(struct wedge *w, const char *s, int64_t t, int64_t step)
{
	for (; *s; s++, t += step)
		assert_int_equal(wedge_feed(w, (unsigned char)*s, t), 0);
	return t - step;
}

static void test_wedge_burst(void **state)
{
	struct wedge w;
	struct collected c;
	int64_t end;

	(void)state;
	memset(&c, 0, sizeof(c));
	wedge_init(&w, NULL, NULL);
	end = feed_str(&w, "8935001234567\r", 5000 * MS, 2 * MS);
	collect(&w, &c);
	assert_int_equal(c.nscans, 1);
	assert_int_equal(c.nkeys, 0);
	assert_string_equal(c.scans[0].code, "8935001234567");
	assert_string_equal(c.scans[0].source, "wedge");
	assert_int_equal(c.scans[0].partial, 0);
	assert_int_equal(c.scans[0].t_ns, 5000 * MS);
	assert_int_equal(c.scans[0].dur_ns, end - 5000 * MS);
	assert_int_equal(wedge_deadline(&w), -1);

	/* All at once (a terminal read, tmux send-keys): also a scan. */
	memset(&c, 0, sizeof(c));
	feed_str(&w, "ABC-12345\r", 6000 * MS, 0);
	collect(&w, &c);
	assert_int_equal(c.nscans, 1);
	assert_string_equal(c.scans[0].code, "ABC-12345");
	assert_int_equal(c.scans[0].dur_ns, 0);
}

static void test_wedge_typing(void **state)
{
	struct wedge w;
	struct collected c;
	int64_t end;

	(void)state;
	memset(&c, 0, sizeof(c));
	wedge_init(&w, NULL, NULL);
	end = feed_str(&w, "hello\r", 0, 120 * MS);
	collect(&w, &c);
	/* Typed keys come out once their gap has passed: all but nothing held. */
	assert_int_equal(c.nscans, 0);
	assert_int_equal(c.nkeys, 6);
	assert_memory_equal(c.keys, "hello\r", 6);
	assert_int_equal(wedge_deadline(&w), -1);
	(void)end;

	/* A key held alone is released after the gap, not before. */
	memset(&c, 0, sizeof(c));
	assert_int_equal(wedge_feed(&w, 'x', 1000 * MS), 0);
	collect(&w, &c);
	assert_int_equal(c.nkeys, 0);
	assert_int_equal(wedge_deadline(&w), 1030 * MS + 1);
	wedge_tick(&w, 1030 * MS);
	collect(&w, &c);
	assert_int_equal(c.nkeys, 0);
	wedge_tick(&w, 1031 * MS);
	collect(&w, &c);
	assert_int_equal(c.nkeys, 1);
	assert_int_equal(c.keys[0], 'x');
	assert_int_equal(c.nscans, 0);

	/* Fast typists: a digraph within the gap, then a pause. */
	memset(&c, 0, sizeof(c));
	feed_str(&w, "th", 2000 * MS, 15 * MS);
	feed_str(&w, "e\r", 2100 * MS, 90 * MS);
	wedge_tick(&w, 3000 * MS);
	collect(&w, &c);
	assert_int_equal(c.nscans, 0);
	assert_memory_equal(c.keys, "the\r", 4);
}

static void test_wedge_mixed(void **state)
{
	struct wedge w;
	struct collected c;

	(void)state;
	memset(&c, 0, sizeof(c));
	wedge_init(&w, NULL, NULL);
	/* A person types "ab", the scanner fires, the person types "c". */
	assert_int_equal(wedge_feed(&w, 'a', 0), 0);
	assert_int_equal(wedge_feed(&w, 'b', 120 * MS), 0);
	feed_str(&w, "8935001234567\r", 200 * MS, 2 * MS);
	assert_int_equal(wedge_feed(&w, 'c', 320 * MS), 0);
	wedge_tick(&w, 400 * MS);
	collect(&w, &c);
	assert_int_equal(c.nscans, 1);
	assert_string_equal(c.scans[0].code, "8935001234567");
	assert_int_equal(c.nkeys, 3);
	assert_memory_equal(c.keys, "abc", 3);
	assert_memory_equal(c.order, "kksk", 4);

	/* A key typed 10 ms before the scanner fires is split off. */
	memset(&c, 0, sizeof(c));
	assert_int_equal(wedge_feed(&w, 'x', 990 * MS), 0);
	feed_str(&w, "8935001234567\r", 1000 * MS, 2 * MS);
	collect(&w, &c);
	assert_int_equal(c.nscans, 1);
	assert_string_equal(c.scans[0].code, "8935001234567");
	assert_int_equal(c.scans[0].t_ns, 1000 * MS);
	assert_int_equal(c.nkeys, 1);
	assert_int_equal(c.keys[0], 'x');
	assert_memory_equal(c.order, "ks", 2);

	/* Same with a burst cut before its suffix. */
	memset(&c, 0, sizeof(c));
	assert_int_equal(wedge_feed(&w, 'y', 1990 * MS), 0);
	feed_str(&w, "89350012", 2000 * MS, 2 * MS);
	wedge_tick(&w, 3000 * MS);
	collect(&w, &c);
	assert_int_equal(c.nscans, 1);
	assert_string_equal(c.scans[0].code, "89350012");
	assert_int_equal(c.scans[0].partial, 1);
	assert_int_equal(c.keys[0], 'y');
}

static void test_wedge_partial(void **state)
{
	struct wedge w;
	struct collected c;
	int64_t end;

	(void)state;
	memset(&c, 0, sizeof(c));
	wedge_init(&w, NULL, NULL);
	end = feed_str(&w, "89350", 0, 2 * MS);
	assert_int_equal(wedge_deadline(&w), end + 30 * MS + 1);
	wedge_tick(&w, end + 30 * MS);
	collect(&w, &c);
	assert_int_equal(c.nscans + c.nkeys, 0);
	wedge_tick(&w, end + 31 * MS);
	collect(&w, &c);
	assert_int_equal(c.nscans, 1);
	assert_int_equal(c.nkeys, 0);
	assert_string_equal(c.scans[0].code, "89350");
	assert_int_equal(c.scans[0].partial, 1);
	assert_int_equal(c.scans[0].dur_ns, end);

	/* The Enter arriving late is a typed key, not the end of that scan. */
	memset(&c, 0, sizeof(c));
	feed_str(&w, "1234", 1000 * MS, 2 * MS);
	assert_int_equal(wedge_feed(&w, '\r', 1200 * MS), 0);
	wedge_tick(&w, 1300 * MS);
	collect(&w, &c);
	assert_int_equal(c.nscans, 1);
	assert_int_equal(c.scans[0].partial, 1);
	assert_int_equal(c.nkeys, 1);
	assert_int_equal(c.keys[0], '\r');

	/* End of input decides at once. */
	memset(&c, 0, sizeof(c));
	feed_str(&w, "55555", 2000 * MS, 1 * MS);
	wedge_flush(&w);
	collect(&w, &c);
	assert_int_equal(c.nscans, 1);
	assert_string_equal(c.scans[0].code, "55555");

	/* Without a suffix configured, a burst ended by a pause is complete. */
	{
		struct scanner_opts o;

		scanner_opts_init(&o);
		o.suffix = SCANNER_SUFFIX_NONE;
		wedge_init(&w, &o, "wedge");
		memset(&c, 0, sizeof(c));
		feed_str(&w, "8935001234567", 0, 2 * MS);
		wedge_tick(&w, 1000 * MS);
		collect(&w, &c);
		assert_int_equal(c.nscans, 1);
		assert_int_equal(c.scans[0].partial, 0);
	}
}

static void test_wedge_short_and_other_keys(void **state)
{
	struct wedge w;
	struct collected c;

	(void)state;
	memset(&c, 0, sizeof(c));
	wedge_init(&w, NULL, NULL);
	/* A fast but short burst with Enter: typed (min_len is 4). */
	feed_str(&w, "ab\r", 0, 2 * MS);
	collect(&w, &c);
	assert_int_equal(c.nscans, 0);
	assert_memory_equal(c.keys, "ab\r", 3);

	/* Enter alone, Escape, an ncurses key code: passed straight through. */
	memset(&c, 0, sizeof(c));
	assert_int_equal(wedge_feed(&w, '\r', 100 * MS), 0);
	assert_int_equal(wedge_feed(&w, 0x1b, 200 * MS), 0);
	assert_int_equal(wedge_feed(&w, 0x103, 300 * MS), 0);
	collect(&w, &c);
	assert_int_equal(c.nkeys, 3);
	assert_int_equal(c.keys[0], '\r');
	assert_int_equal(c.keys[1], 0x1b);

	/* Escape sequence after two held keys: all typed, in order. */
	memset(&c, 0, sizeof(c));
	feed_str(&w, "q", 1000 * MS, 0);
	feed_str(&w, "\x1b[A", 1001 * MS, 0);
	wedge_tick(&w, 2000 * MS);
	collect(&w, &c);
	assert_int_equal(c.nscans, 0);
	assert_memory_equal(c.keys, "q\x1b[A", 4);

	/* A long burst cut by a non-printable byte: a partial scan, then the key. */
	memset(&c, 0, sizeof(c));
	feed_str(&w, "123456", 3000 * MS, 1 * MS);
	assert_int_equal(wedge_feed(&w, 0xc3, 3006 * MS), 0);
	collect(&w, &c);
	assert_int_equal(c.nscans, 1);
	assert_string_equal(c.scans[0].code, "123456");
	assert_int_equal(c.scans[0].partial, 1);
	assert_int_equal(c.nkeys, 1);
	assert_int_equal((unsigned char)c.keys[0], 0xc3);
	assert_memory_equal(c.order, "sk", 2);
}

static void test_wedge_full_and_long(void **state)
{
	struct wedge w;
	struct wedge_out o;
	struct collected c;
	int i, r = 0, fed = 0;
	char longcode[200];

	(void)state;
	wedge_init(&w, NULL, NULL);
	/* Nobody takes the outputs: refused, never lost. */
	for (i = 0; i < 1000; i++) {
		r = wedge_feed(&w, 'k', (int64_t)i * 100 * MS);
		if (r)
			break;
		fed++;
	}
	assert_int_equal(r, POS_ERR_FULL);
	wedge_flush(&w);
	i = 0;
	while (wedge_next(&w, &o) != WEDGE_NONE) {
		assert_int_equal(o.kind, WEDGE_KEY);
		assert_int_equal(o.key, 'k');
		i++;
	}
	assert_int_equal(i, fed);
	assert_int_equal(wedge_feed(&w, 'k', 200000 * MS), 0);

	/* A burst longer than any code: cut at 127, marked partial. */
	wedge_init(&w, NULL, NULL);
	memset(&c, 0, sizeof(c));
	memset(longcode, '7', sizeof(longcode) - 1);
	longcode[sizeof(longcode) - 1] = '\0';
	feed_str(&w, longcode, 0, 1 * MS);
	assert_int_equal(wedge_feed(&w, '\r', 199 * MS), 0);
	collect(&w, &c);
	assert_int_equal(c.nscans, 2);
	assert_int_equal(strlen(c.scans[0].code), SCAN_CODE_MAX - 1);
	assert_int_equal(c.scans[0].partial, 1);
	assert_int_equal(strlen(c.scans[1].code), 199 - (SCAN_CODE_MAX - 1));
	assert_int_equal(c.scans[1].partial, 0);
}

/* ---- the interface ---- */

static void test_scanner_interface(void **state)
{
	struct device_spec spec;
	struct scanner *s = NULL;
	struct scan_event ev;
	struct pollfd fds[SCANNER_MAX_FDS];
	struct pos_error err;
	int suffix = -1;

	(void)state;
	assert_int_equal(device_spec_parse("null", &spec, &err), 0);
	assert_int_equal(scanner_open(&spec, NULL, &s, &err), 0);
	assert_int_equal(scanner_state(s), SCANNER_CONNECTED);
	assert_string_equal(scanner_state_name(scanner_state(s)), "connected");
	assert_int_equal(scanner_pollfds(s, fds, SCANNER_MAX_FDS), 0);
	assert_int_equal(scanner_handle(s, &err), 0);
	assert_int_equal(scanner_next(s, &ev), 0);
	assert_string_equal(scanner_name(s), "null");
	scanner_close(s);
	scanner_close(NULL);

	s = NULL;
	assert_int_equal(device_spec_parse("tcp:192.168.1.50:9100", &spec, &err), 0);
	assert_int_equal(scanner_open(&spec, NULL, &s, &err), POS_ERR_INVALID);
	assert_null(s);
	assert_non_null(strstr(err.msg, "printer"));

	/* A missing device: an error, or disconnected when absence is allowed. */
	{
		struct scanner_opts o;

		assert_int_equal(device_spec_parse("serial:/nonexistent/ttyACM9", &spec, &err), 0);
		assert_int_equal(scanner_open(&spec, NULL, &s, &err), POS_ERR_NOT_FOUND);
		assert_non_null(strstr(err.msg, "/nonexistent/ttyACM9"));
		scanner_opts_init(&o);
		o.allow_absent = 1;
		o.retry_ms = 10;
		assert_int_equal(scanner_open(&spec, &o, &s, &err), 0);
		assert_int_equal(scanner_state(s), SCANNER_DISCONNECTED);
		assert_true(scanner_state_seq(s) > 0);
		assert_non_null(strstr(scanner_state_text(s), "/nonexistent/ttyACM9"));
		/* The timer wakes poll() for the retry. */
		assert_int_equal(scanner_pollfds(s, fds, SCANNER_MAX_FDS), 1);
		assert_int_equal(poll(fds, 1, 1000), 1);
		assert_int_equal(scanner_handle(s, &err), 0);
		assert_int_equal(scanner_state(s), SCANNER_DISCONNECTED);
		scanner_close(s);
	}

	assert_int_equal(scanner_suffix_parse("enter", &suffix, &err), 0);
	assert_int_equal(suffix, SCANNER_SUFFIX_ENTER);
	assert_int_equal(scanner_suffix_parse("tab", &suffix, &err), 0);
	assert_int_equal(suffix, '\t');
	assert_int_equal(scanner_suffix_parse("none", &suffix, &err), 0);
	assert_int_equal(suffix, SCANNER_SUFFIX_NONE);
	assert_int_equal(scanner_suffix_parse("#", &suffix, &err), 0);
	assert_int_equal(suffix, '#');
	suffix = -1;
	assert_int_equal(scanner_suffix_parse("enterr", &suffix, &err), POS_ERR_INVALID);
	assert_int_equal(scanner_suffix_parse(" ", &suffix, &err), POS_ERR_INVALID);
	assert_int_equal(scanner_suffix_parse(NULL, &suffix, &err), POS_ERR_INVALID);
	assert_int_equal(suffix, -1);
}

/* The terminal source over a pipe on standard input. */
struct typed {
	char keys[64];
	size_t n;
};

static void on_key(void *ctx, int key)
{
	struct typed *t = ctx;

	if (t->n + 1 < sizeof(t->keys))
		t->keys[t->n++] = (char)key;
}

static void test_wedge_source_pipe(void **state)
{
	struct device_spec spec;
	struct scanner_opts o;
	struct scanner *s = NULL;
	struct scan_event ev;
	struct pollfd fds[SCANNER_MAX_FDS];
	struct pos_error err;
	struct typed typed;
	int p[2], saved, n, got = 0, rounds;

	(void)state;
	memset(&typed, 0, sizeof(typed));
	assert_int_equal(pipe(p), 0);
	saved = dup(STDIN_FILENO);
	assert_true(saved >= 0);
	assert_int_equal(dup2(p[0], STDIN_FILENO), STDIN_FILENO);
	close(p[0]);
	assert_int_equal(device_spec_parse("wedge", &spec, &err), 0);
	scanner_opts_init(&o);
	o.on_key = on_key;
	o.key_ctx = &typed;
	assert_int_equal(scanner_open(&spec, &o, &s, &err), 0);
	assert_int_equal(write(p[1], "8935001234567\r", 14), 14);
	assert_int_equal(write(p[1], "q", 1), 1);
	close(p[1]);
	for (rounds = 0; rounds < 50 && scanner_state(s) == SCANNER_CONNECTED; rounds++) {
		n = scanner_pollfds(s, fds, SCANNER_MAX_FDS);
		assert_true(n >= 1);
		poll(fds, (nfds_t)n, 100);
		assert_int_equal(scanner_handle(s, &err), 0);
		while (scanner_next(s, &ev)) {
			assert_string_equal(ev.code, "8935001234567");
			assert_string_equal(ev.source, "wedge");
			got++;
		}
	}
	assert_int_equal(got, 1);
	assert_int_equal(scanner_state(s), SCANNER_ENDED);
	assert_string_equal(scanner_state_text(s), "the input ended");
	assert_int_equal(typed.n, 1);
	assert_int_equal(typed.keys[0], 'q');
	scanner_close(s);
	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
}

/* Run the poll() loop for up to ms or until want scans; returns the count. */
static int pump(struct scanner *s, struct scan_event *evs, int want, int ms)
{
	struct pollfd fds[SCANNER_MAX_FDS];
	struct pos_error err;
	int got = 0, n;
	int64_t end = scanner_now_ns() + (int64_t)ms * MS;

	while (got < want && scanner_now_ns() < end) {
		n = scanner_pollfds(s, fds, SCANNER_MAX_FDS);
		poll(fds, (nfds_t)n, 5);
		assert_int_equal(scanner_handle(s, &err), 0);
		while (got < want && scanner_next(s, &evs[got]))
			got++;
	}
	return got;
}

/* Write a key press and its release to fd, as the kernel would. */
static void write_key(int fd, unsigned short code)
{
	struct input_event ev[2];

	memset(ev, 0, sizeof(ev));
	ev[0].type = ev[1].type = EV_KEY;
	ev[0].code = ev[1].code = code;
	ev[0].value = 1;
	assert_int_equal(write(fd, ev, sizeof(ev)), (ssize_t)sizeof(ev));
}

/* Write the keys of a digit string, and Enter when enter is set. */
static void write_keys(int fd, const char *digits, int enter)
{
	static const unsigned short code_of[10] = {
		KEY_0, KEY_1, KEY_2, KEY_3, KEY_4, KEY_5, KEY_6, KEY_7, KEY_8, KEY_9,
	};

	for (; *digits; digits++)
		write_key(fd, code_of[*digits - '0']);
	if (enter)
		write_key(fd, KEY_ENTER);
}

/*
 * The evdev source's own read loop and unplug handling, over a FIFO that
 * stands in for /dev/input/eventN: events decoded, the grab refused (not
 * an input device) and said, the writer gone = unplugged (the half code
 * flushed as partial), and back again.
 */
static void test_evdev_source_fifo(void **state)
{
	char dir[] = "/tmp/ocop-scan-XXXXXX", path[64], spec_text[80];
	struct device_spec spec;
	struct scanner_opts o;
	struct scanner *s = NULL;
	struct scan_event ev[2];
	struct pos_error err;
	int wfd, i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/event9", dir);
	snprintf(spec_text, sizeof(spec_text), "evdev:%s", path);
	assert_int_equal(mkfifo(path, 0600), 0);
	wfd = open(path, O_RDWR);
	assert_true(wfd >= 0);
	assert_int_equal(device_spec_parse(spec_text, &spec, &err), 0);
	scanner_opts_init(&o);
	o.retry_ms = 10;
	o.flush_ms = 5000;          /* only the unplug ends the half code */
	assert_int_equal(scanner_open(&spec, &o, &s, &err), 0);
	assert_int_equal(scanner_state(s), SCANNER_CONNECTED);
	assert_non_null(strstr(scanner_state_text(s), "could not grab"));

	write_keys(wfd, "96385074", 1);
	assert_int_equal(pump(s, ev, 1, 2000), 1);
	assert_string_equal(ev[0].code, "96385074");
	assert_int_equal(ev[0].partial, 0);
	assert_string_equal(ev[0].source, spec_text);

	/* Unplugged half-way through a code. */
	write_keys(wfd, "12", 0);
	pump(s, ev, 1, 20);
	close(wfd);
	assert_int_equal(pump(s, ev, 1, 2000), 1);
	assert_string_equal(ev[0].code, "12");
	assert_int_equal(ev[0].partial, 1);
	assert_int_equal(scanner_state(s), SCANNER_DISCONNECTED);
	assert_non_null(strstr(scanner_state_text(s), "unplugged"));

	/* Back: the next retry opens it, its scans come in. */
	wfd = open(path, O_RDWR);
	assert_true(wfd >= 0);
	for (i = 0; i < 200 && scanner_state(s) != SCANNER_CONNECTED; i++)
		pump(s, ev, 1, 5);
	assert_int_equal(scanner_state(s), SCANNER_CONNECTED);
	write_keys(wfd, "4006381333931", 1);
	assert_int_equal(pump(s, ev, 1, 2000), 1);
	assert_string_equal(ev[0].code, "4006381333931");
	assert_int_equal(ev[0].partial, 0);
	scanner_close(s);
	close(wfd);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

/* A translator that marks what went through it. */
static const char *fake_tr(const char *msgid)
{
	if (strcmp(msgid, "no serial port %s: is the scanner plugged in? "
		   "(`ocop-pos scanner list` shows the candidates)") == 0)
		return "KHONG CO CONG %s";
	return msgid;
}

static void test_translated_messages(void **state)
{
	struct device_spec spec;
	struct scanner *s = NULL;
	struct pos_error err;

	(void)state;
	assert_int_equal(device_spec_parse("serial:/nonexistent/ttyACM7", &spec, &err), 0);
	scanner_set_tr(fake_tr);
	assert_int_equal(scanner_open(&spec, NULL, &s, &err), POS_ERR_NOT_FOUND);
	assert_string_equal(err.msg, "KHONG CO CONG /nonexistent/ttyACM7");
	/* Back to English. */
	scanner_set_tr(NULL);
	assert_int_equal(scanner_open(&spec, NULL, &s, &err), POS_ERR_NOT_FOUND);
	assert_non_null(strstr(err.msg, "no serial port /nonexistent/ttyACM7"));
	assert_null(s);
}

static void test_scanbuf_queue(void **state)
{
	struct scanbuf b;
	struct scan_event ev;
	int i;

	(void)state;
	scanbuf_init(&b, SCANNER_SUFFIX_ENTER, 100, "a-very-long-source-name-that-is-longer-than-"
		     "sixty-four-characters-for-sure-0123456789");
	assert_int_equal(strlen(b.source), sizeof(b.source) - 1);
	/* CR LF counts once; a lone suffix makes no empty code. */
	scanbuf_char(&b, '\r', 0);
	for (i = 0; i < SCANQ_LEN + 3; i++) {
		scanbuf_char(&b, '1', i * MS);
		scanbuf_char(&b, '\r', i * MS);
		scanbuf_char(&b, '\n', i * MS);
	}
	assert_int_equal(b.q.count, SCANQ_LEN);
	assert_int_equal(b.q.dropped, 3);
	for (i = 0; i < SCANQ_LEN; i++)
		assert_int_equal(scanbuf_next(&b, &ev), 1);
	assert_int_equal(scanbuf_next(&b, &ev), 0);
	assert_int_equal(scanbuf_filter('\t'), -1);
	assert_int_equal(scanbuf_filter(0x1d), 0x1d);
	assert_int_equal(scanbuf_filter(0x7f), '?');
	assert_int_equal(scanbuf_filter('Z'), 'Z');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hidkbd_digits_enter),
		cmocka_unit_test(test_hidkbd_shift),
		cmocka_unit_test(test_hidkbd_release_and_repeat),
		cmocka_unit_test(test_hidkbd_rollover),
		cmocka_unit_test(test_hidkbd_garbage),
		cmocka_unit_test(test_hidkbd_partial_timeout),
		cmocka_unit_test(test_hidkbd_suffixes),
		cmocka_unit_test(test_hidkbd_keypad_and_overflow),
		cmocka_unit_test(test_hidpos_single),
		cmocka_unit_test(test_hidpos_multi),
		cmocka_unit_test(test_hidpos_bad),
		cmocka_unit_test(test_usb_report_mode),
		cmocka_unit_test(test_evdev_keys),
		cmocka_unit_test(test_wedge_burst),
		cmocka_unit_test(test_wedge_typing),
		cmocka_unit_test(test_wedge_mixed),
		cmocka_unit_test(test_wedge_partial),
		cmocka_unit_test(test_wedge_short_and_other_keys),
		cmocka_unit_test(test_wedge_full_and_long),
		cmocka_unit_test(test_scanner_interface),
		cmocka_unit_test(test_wedge_source_pipe),
		cmocka_unit_test(test_scanbuf_queue),
		cmocka_unit_test(test_evdev_source_fifo),
		cmocka_unit_test(test_translated_messages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
