/*
 * scanner.h - barcode scanners behind one interface that yields scan
 * events.
 *
 * Whatever the shop bought, a scanner is one of these sources, all opened
 * with scanner_open() from a device spec (device.h):
 *
 *   wedge                  the terminal: a scan is a fast burst of keys
 *                          ending in Enter, told from typing by timing
 *                          (wedge.h; the TUI feeds the detector itself)
 *   usb:VID:PID | usb:auto a USB HID scanner read with libusb, either in
 *                          keyboard mode (8-byte boot reports,
 *                          hid_keyboard.h) or HID POS mode (usage page
 *                          0x8C, hid_pos.h); keys no longer reach the
 *                          console
 *   evdev:/dev/input/N     a keyboard-wedge scanner grabbed through evdev
 *   serial:/dev/ttyACM0    USB-CDC or RS-232: bytes up to the suffix
 *
 * One poll() loop serves every source: scanner_pollfds() says which file
 * descriptors to wait on (the device, libusb's pollfds, a timerfd for
 * timeouts and reconnection), scanner_handle() does the non-blocking work
 * once poll() returns, and scanner_next() hands out the scans.  Nothing
 * here blocks, nothing uses threads.
 *
 * Drivers know bytes, not barcodes: a scan is the characters the scanner
 * sent, with the symbology when the scanner says it (HID POS), and the
 * partial flag when it was cut short.  Deciding whether a code is usable
 * (check digit, length, noise) belongs to the consumer, through core
 * (barcode_validate, catalog lookup): the stream never drops a scan, so
 * nothing the scanner sent vanishes silently.
 *
 * Hot-plug: an unplugged scanner is a state (SCANNER_DISCONNECTED), not
 * an error; the source looks for it again every retry_ms and resumes
 * without a restart.  The TUI shows scanner_state() in its status bar.
 *
 * USING SCANNERS IN THE TUI'S ONE poll() LOOP
 *
 * The TUI reads the terminal itself (ncurses), so it does not open the
 * "wedge" source: it keeps a struct wedge (wedge.h) and feeds it every key
 * it reads.  A device scanner (usb:, evdev:, serial:) is a struct scanner
 * opened once at start-up, with allow_absent so a scanner that is not
 * plugged in yet, or is unplugged later, is a state and not a failure.
 * The configured scanner is $OCOP_POS_SCANNER (a device spec, as
 * `scanner listen --scanner` takes); unset or "wedge" means the terminal
 * only.  One turn of the loop:
 *
 *     struct pollfd fds[1 + SCANNER_MAX_FDS];
 *     nfds = 0;
 *     fds[nfds++] = (struct pollfd){ STDIN_FILENO, POLLIN, 0 };
 *     if (s)
 *             nfds += scanner_pollfds(s, fds + nfds, SCANNER_MAX_FDS);
 *     timeout = -1, or the ms until wedge_deadline(&w), or until the
 *               screen's own next tick (the clock), whichever is first;
 *               scanner timeouts need nothing here: the scanner's
 *               timerfd is among its pollfds
 *     poll(fds, nfds, timeout);
 *     now = scanner_now_ns();
 *     while ((key = next key from ncurses, nodelay)) != none)
 *             if (wedge_feed(&w, key, now) == POS_ERR_FULL)
 *                     { drain the outputs below, then feed it again }
 *     wedge_tick(&w, now);
 *     while (wedge_next(&w, &out) != WEDGE_NONE)
 *             out.kind == WEDGE_KEY  -> the focused screen's key handler
 *             out.kind == WEDGE_SCAN -> the scan handler (out.scan)
 *     if (s) {
 *             scanner_handle(s, &err);       (only POS_ERR_NO_MEM fails)
 *             while (scanner_next(s, &ev))   -> the scan handler
 *             if (scanner_state_seq(s) != seen) -> repaint the status bar
 *                     with scanner_state() and scanner_state_text()
 *     }
 *
 * Call scanner_handle() after every poll(), whatever woke it: it never
 * blocks, and it is what runs the partial-code timeout and the reconnect
 * clock.  ncurses KEY_* codes (arrows, F-keys, wrapped as the TUI likes,
 * any int outside 0x20-0x7e) may be fed to the wedge as they are: they
 * are never part of a scan and come back as keys, in order.  Typed keys
 * come back at most gap_ms (30 ms) late, which nobody notices; a scan's
 * keys never reach the focused field.  Feed the wedge the raw bytes or
 * code points before any input method has turned them into something
 * else, and keep keys' order.
 *
 * The scan handler, whoever has focus (a scan typed into the search box
 * or a dialog still reaches the cart):
 *   - ev.partial: refuse it with a beep and a message ("scan cut short:
 *     scan again"), add nothing;
 *   - barcode_validate() fails (wrong check digit, wrong length, '?' for
 *     noise bytes): refuse it with a beep and core's message, add nothing;
 *   - valid but no product has it: say so and offer search or adding the
 *     product (never a silent drop);
 *   - else add it to the cart.
 * `ocop-pos scanner listen` (src/cli/cmd_scanner.c) makes the same
 * decisions, for setting a till up.
 *
 * Messages: the drivers' sentences (errors, state texts) are English
 * msgids passed through the function given to scanner_set_tr(); the TUI
 * and the CLI give it tr() once at start-up.
 */
#ifndef OCOP_SCANNER_H
#define OCOP_SCANNER_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"
#include "drivers/device.h"

struct pollfd;

#define SCAN_CODE_MAX 128       /* longest code + NUL */
#define SCANNER_MAX_FDS 8       /* file descriptors one scanner may ask poll() for */

struct scan_event {
	char code[SCAN_CODE_MAX];   /* NUL-terminated; printable ASCII, GS (0x1d) kept,
				     * other bytes shown as '?'; the suffix removed */
	char symbology[8];          /* AIM id such as "]E0", or "" when unknown */
	char source[64];            /* the source's spec: "wedge", "usb:0c2e:0b81" */
	int64_t t_ns;               /* CLOCK_MONOTONIC time of the first character */
	int64_t dur_ns;             /* first to last character, suffix included */
	int partial;                /* 1: cut short (no suffix before the timeout,
				     * or longer than SCAN_CODE_MAX - 1) */
};

/* The suffix that ends a code (scanners are configured to send one). */
#define SCANNER_SUFFIX_ENTER '\r'   /* CR or LF; CR LF counts once */
#define SCANNER_SUFFIX_TAB '\t'
#define SCANNER_SUFFIX_NONE 0       /* a code ends when the input pauses */

enum scanner_layout {
	SCANNER_LAYOUT_US = 0,      /* the factory default of every scanner */
};

enum scanner_usb_mode {
	SCANNER_USB_AUTO = 0,       /* from the interface (boot keyboard or not) */
	SCANNER_USB_KEYBOARD,       /* HID boot keyboard reports */
	SCANNER_USB_POS,            /* HID POS (usage page 0x8C) reports */
};

struct scanner_opts {
	int suffix;                 /* SCANNER_SUFFIX_*, or another ASCII character */
	int gap_ms;                 /* wedge: longest pause between two keys of a scan */
	int min_len;                /* wedge: fewest characters a scan has */
	int flush_ms;               /* devices: a code without suffix is handed out
				     * (partial) after this pause */
	int retry_ms;               /* a disconnected scanner is looked for this often */
	enum scanner_layout layout;
	enum scanner_usb_mode usb_mode;
	int hid_pos_switch;         /* Honeywell in keyboard mode: switch it to HID POS
				     * (feature report 254 = 1) and wait for it */
	int allow_absent;           /* open succeeds while the scanner is missing */
	/*
	 * wedge source: called with each key that was typed, not scanned, in
	 * order, from scanner_handle().  It may call scanner_next() on the
	 * same scanner: what that hands out are the scans that came before
	 * the key (so the two streams can be shown in their true order).
	 */
	void (*on_key)(void *ctx, int key);
	void *key_ctx;
};

enum scanner_state {
	SCANNER_CONNECTED = 0,
	SCANNER_DISCONNECTED,       /* unplugged or not found: being looked for */
	SCANNER_ENDED,              /* the input ended for good (stdin closed) */
};

struct scanner;

/* The defaults scanner_opts_init() sets (decoders use them for NULL opts). */
#define SCANNER_DEF_GAP_MS 30
#define SCANNER_DEF_MIN_LEN 4
#define SCANNER_DEF_FLUSH_MS 100
#define SCANNER_DEF_RETRY_MS 1000

/* Defaults: Enter, 30 ms gap, 4 characters, 100 ms flush, 1 s retry, US. */
void scanner_opts_init(struct scanner_opts *o);

/*
 * Open the source spec names (DEVICE_WEDGE, DEVICE_USB, DEVICE_EVDEV,
 * DEVICE_SERIAL; DEVICE_NULL opens a source that never scans).  o may be
 * NULL for the defaults; it is copied.  Returns 0 and sets *out (caller
 * owns it: scanner_close), POS_ERR_INVALID for a printer-only spec, or
 * the device's error (POS_ERR_NOT_FOUND, POS_ERR_PERM, POS_ERR_DEVICE)
 * unless o->allow_absent, which opens it disconnected instead.
 */
int scanner_open(const struct device_spec *spec, const struct scanner_opts *o,
		 struct scanner **out, struct pos_error *err);

/* Release the device (the terminal is restored) and free s. NULL is fine. */
void scanner_close(struct scanner *s);

/*
 * Fill up to n entries of fds with the descriptors to wait on (fd and
 * events set, revents 0) and return how many (at most SCANNER_MAX_FDS).
 * The set changes with the state: call it before every poll().
 */
int scanner_pollfds(struct scanner *s, struct pollfd *fds, int n);

/*
 * After poll() returned (readable, timeout or signal, whatever fd it
 * was): read what is ready without blocking, decode, flush timed-out
 * codes, reconnect.  Returns 0, or POS_ERR_NO_MEM; device trouble is a
 * state change, not an error.
 */
int scanner_handle(struct scanner *s, struct pos_error *err);

/* Take the oldest scan: 1 and *ev written, or 0 when there is none. */
int scanner_next(struct scanner *s, struct scan_event *ev);

/* Connected, disconnected (being looked for) or ended. */
enum scanner_state scanner_state(const struct scanner *s);

/*
 * A sentence for the status bar about the state ("USB device 0c2e:0b81
 * was unplugged: plug it in again"); owned by s, valid until the next
 * scanner_handle().  "" when connected with nothing to say.
 */
const char *scanner_state_text(const struct scanner *s);

/* Number of state changes so far, so a loop can tell when to repaint. */
unsigned scanner_state_seq(const struct scanner *s);

/* The source's spec text ("usb:0c2e:0b81"); owned by s. */
const char *scanner_name(const struct scanner *s);

/* An English name of st ("connected"); static storage. */
const char *scanner_state_name(enum scanner_state st);

/* CLOCK_MONOTONIC now, in nanoseconds. */
int64_t scanner_now_ns(void);

/*
 * The translation of the drivers' messages: fn (the program's tr()) maps
 * an English msgid to the user's language and returns static text; NULL,
 * the default, keeps English.  Messages of the shared USB layer
 * (drivers/usb.h) go through msg_set_tr() instead (lib/msg.h);
 * src/main.c installs both.  Call it before opening a scanner.
 */
void scanner_set_tr(const char *(*fn)(const char *msgid));

/*
 * Parse a --suffix value: "enter", "tab", "none", or one ASCII
 * character.  Returns 0 and sets *suffix, or POS_ERR_INVALID.
 */
int scanner_suffix_parse(const char *s, int *suffix, struct pos_error *err);

#endif
