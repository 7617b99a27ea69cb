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
 * sent, with the symbology when the scanner says it (HID POS).  Check
 * digits and product lookup belong to core (core/barcode.h).
 *
 * Hot-plug: an unplugged scanner is a state (SCANNER_DISCONNECTED), not
 * an error; the source looks for it again every retry_ms and resumes
 * without a restart.  The TUI shows scanner_state() in its status bar.
 */
#ifndef OCOP_SCANNER_H
#define OCOP_SCANNER_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
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
	/* wedge source: called with each key that was typed, not scanned */
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
 * Parse a --suffix value: "enter", "tab", "none", or one ASCII
 * character.  Returns 0 and sets *suffix, or POS_ERR_INVALID.
 */
int scanner_suffix_parse(const char *s, int *suffix, struct pos_error *err);

#endif
