/*
 * fuzz_scanner_reports.c - libFuzzer target for the scanner decoders:
 * the HID boot keyboard decoder, the HID POS decoder, the evdev key
 * decoder and the wedge burst detector get arbitrary bytes; they must never crash, hang or leak, and
 * what they hand out must hold:
 *   - every code is NUL-terminated, shorter than SCAN_CODE_MAX, and made
 *     of printable ASCII, GS or '?' only; durations are not negative;
 *   - the wedge detector loses no key: every key fed comes back as a
 *     typed key, inside a scan, or as the suffix that ended a scan.
 *
 * Input layout: byte 0 picks the options (suffix, gap, min_len, flush);
 * then records of [length][time step][bytes...], each fed as one report
 * to both HID decoders, three bytes at a time as input events (type,
 * code, value) to the evdev decoder, and byte by byte to the detector,
 * the clock moving by the time step (ms) so bursts, typing and timeouts
 * all happen.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/input.h>

#include "drivers/scanner/evdev.h"
#include "drivers/scanner/hid_keyboard.h"
#include "drivers/scanner/hid_pos.h"
#include "drivers/scanner/scanbuf.h"
#include "drivers/scanner/wedge.h"

#define MS 1000000LL

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_event(const struct scan_event *ev)
{
	size_t n = strnlen(ev->code, sizeof(ev->code)), i;

	if (n >= sizeof(ev->code) || ev->dur_ns < 0)
		abort();
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)ev->code[i];

		if (!((c >= 0x20 && c < 0x7f) || c == 0x1d))
			abort();
	}
	if (strnlen(ev->symbology, sizeof(ev->symbology)) >= sizeof(ev->symbology))
		abort();
}

struct wedge_count {
	unsigned long keys_out, scan_chars, suffixed;
};

static void drain(struct hidkbd *k, struct hidpos *p, struct evkbd *e, struct wedge *w,
		  int suffix, struct wedge_count *wc)
{
	struct scan_event ev;
	struct wedge_out o;

	while (evkbd_next(e, &ev))
		check_event(&ev);
	while (hidkbd_next(k, &ev))
		check_event(&ev);
	while (hidpos_next(p, &ev))
		check_event(&ev);
	while (wedge_next(w, &o) != WEDGE_NONE) {
		if (o.kind == WEDGE_KEY) {
			wc->keys_out++;
			continue;
		}
		check_event(&o.scan);
		if (o.scan.t_ns < 0)
			abort();
		wc->scan_chars += strlen(o.scan.code);
		if (!o.scan.partial && suffix != SCANNER_SUFFIX_NONE)
			wc->suffixed++;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int suffixes[] = { SCANNER_SUFFIX_ENTER, SCANNER_SUFFIX_TAB,
					 SCANNER_SUFFIX_NONE, '#' };
	struct scanner_opts o;
	struct hidkbd *k;
	struct hidpos *p;
	struct evkbd *e;
	struct wedge *w;
	struct wedge_count wc = { 0, 0, 0 };
	unsigned long fed = 0;
	int64_t t = 1000 * MS;
	size_t pos = 1;

	if (size < 1)
		return 0;
	k = malloc(sizeof(*k));
	p = malloc(sizeof(*p));
	e = malloc(sizeof(*e));
	w = malloc(sizeof(*w));
	if (!k || !p || !e || !w)
		abort();
	scanbuf_default_opts(&o);
	o.suffix = suffixes[data[0] & 3];
	o.gap_ms = 1 + ((data[0] >> 2) & 7) * 10;
	o.min_len = 1 + ((data[0] >> 5) & 7);
	o.flush_ms = 10 + (data[0] & 0x70);
	hidkbd_init(k, &o, "fuzz");
	hidpos_init(p, &o, "fuzz");
	evkbd_init(e, &o, "fuzz");
	wedge_init(w, &o, "fuzz");
	while (pos + 2 <= size) {
		size_t len = data[pos], i;
		int step = data[pos + 1];

		pos += 2;
		if (len > size - pos)
			len = size - pos;
		t += (int64_t)(step & 0x7f) * MS;
		hidkbd_feed(k, data + pos, len, t);
		hidpos_feed(p, data + pos, len, t);
		for (i = 0; i + 3 <= len; i += 3) {
			const uint8_t *v = data + pos + i;

			/* Mostly key events; codes up to 0x1ff; values 0, 1, 2 and odd. */
			evkbd_feed(e, (v[0] & 0x0f) ? EV_KEY : (unsigned)(v[0] >> 4),
				   v[1] | ((v[0] & 0x10) ? 0x100u : 0u),
				   (v[2] & 0x80) ? (int)(int8_t)v[2] : v[2] % 3, t);
		}
		for (i = 0; i < len; i++) {
			/* One in 8 keys far outside ASCII, like an ncurses KEY_ code. */
			int key = (data[pos + i] & 0x80) && (step & 0x80) ? 0x100 + data[pos + i]
									   : data[pos + i];

			if (wedge_feed(w, key, t + (int64_t)i * (step & 7) * MS) != 0)
				abort();        /* drained every time: never full */
			fed++;
			drain(k, p, e, w, o.suffix, &wc);
		}
		if (step & 0x40) {
			hidkbd_tick(k, t + 500 * MS);
			hidpos_tick(p, t + 500 * MS);
			evkbd_tick(e, t + 500 * MS);
			wedge_tick(w, t + 500 * MS);
		}
		drain(k, p, e, w, o.suffix, &wc);
		pos += len;
	}
	hidkbd_tick(k, t + 10000 * MS);
	hidpos_tick(p, t + 10000 * MS);
	evkbd_tick(e, t + 10000 * MS);
	wedge_flush(w);
	drain(k, p, e, w, o.suffix, &wc);
	if (hidkbd_deadline(k) != -1 || hidpos_deadline(p) != -1 || evkbd_deadline(e) != -1 ||
	    wedge_deadline(w) != -1)
		abort();
	if (wc.keys_out + wc.scan_chars + wc.suffixed != fed)
		abort();
	free(k);
	free(p);
	free(e);
	free(w);
	return 0;
}
