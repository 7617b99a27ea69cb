/*
 * evdev.h - a keyboard-wedge scanner read through the kernel's input
 * layer (/dev/input/eventN), for shops where the till's user is in the
 * "input" group but has no raw USB access.
 *
 * The source opens the device and grabs it (EVIOCGRAB), so the scanner's
 * keys no longer reach the console or the X session; if the grab fails
 * (another program holds it) it still reads and says so in the state
 * text.  Key events become characters with the shift state and the US
 * layout; the characters go through the code assembler (scanbuf.h).  An
 * unplugged device (read fails with ENODEV) is a state change; the path
 * is opened again every retry_ms.  Prefer the stable /dev/input/by-id/
 * *-event-kbd path: eventN numbers change when devices come and go.
 *
 * struct evkbd is the pure decoder of input events, fed by the source and
 * by tests.
 */
#ifndef OCOP_EVDEV_H
#define OCOP_EVDEV_H

#include <stddef.h>
#include <stdint.h>

#include "drivers/scanner/scanbuf.h"
#include "drivers/scanner/scanner.h"

struct evkbd {
	struct scanbuf buf;
	int shift;                  /* left/right shift held (bit 0/1) */
	int other;                  /* ctrl/alt/meta held (bits) */
	enum scanner_layout layout;
	unsigned long skipped_keys;
};

/* Set up k with o's suffix, flush_ms and layout (o NULL: defaults). */
void evkbd_init(struct evkbd *k, const struct scanner_opts *o, const char *source);

/*
 * Feed one input event (type, code, value as in struct input_event) at
 * t_ns.  Only EV_KEY events matter: presses (value 1) type characters,
 * shift/ctrl/alt/meta presses and releases change the modifier state,
 * auto-repeats (2) are ignored.
 */
void evkbd_feed(struct evkbd *k, unsigned type, unsigned code, int value, int64_t t_ns);

/* The character of Linux key code with shift or not (US), or -1. */
int evkbd_key_char(enum scanner_layout layout, unsigned code, int shift);

/* When evkbd_tick() must flush a code waiting for its suffix, or -1. */
int64_t evkbd_deadline(const struct evkbd *k);

/* Flush a code whose suffix has not come by now_ns (partial). */
void evkbd_tick(struct evkbd *k, int64_t now_ns);

/* Take the oldest scan: 1 and *ev written, or 0. */
int evkbd_next(struct evkbd *k, struct scan_event *ev);

#endif
