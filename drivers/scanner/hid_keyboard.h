/*
 * hid_keyboard.h - decode the 8-byte HID boot keyboard reports a
 * keyboard-mode scanner sends, into scan codes.
 *
 * A report is: modifiers (bit 1 left shift, bit 5 right shift; ctrl, alt
 * and GUI bits), a reserved byte, and up to 6 key usages held down.  A key
 * press is a usage that was not held in the previous report; scanners
 * follow each press with an all-zero release report, but some send the
 * next key straight away (rollover), and a key pressed twice needs a
 * release between.  A report of ErrorRollOver (usage 0x01) is ignored.
 * Usages map to characters with the keyboard layout (US: a-z, 0-9,
 * punctuation with and without shift, the keypad with Num Lock on);
 * Enter (main or keypad) is CR.  Keys pressed with ctrl, alt or GUI are
 * not characters and are skipped.  The characters then go through the
 * code assembler (scanbuf.h): the suffix ends a code, a code without its
 * suffix is flushed as partial after flush_ms.
 *
 * Pure: no clock, no I/O.  The USB source (usbscan.c) feeds it the
 * reports it reads from the interrupt endpoint.
 */
#ifndef OCOP_HID_KEYBOARD_H
#define OCOP_HID_KEYBOARD_H

#include <stddef.h>
#include <stdint.h>

#include "drivers/scanner/scanbuf.h"
#include "drivers/scanner/scanner.h"

#define HIDKBD_REPORT_LEN 8

struct hidkbd {
	struct scanbuf buf;
	uint8_t prev[6];            /* usages held in the previous report */
	enum scanner_layout layout;
	unsigned long bad_reports;  /* too short to be a boot report */
	unsigned long skipped_keys; /* usages that are no character */
};

/* Set up k with o's suffix, flush_ms and layout (o NULL: defaults). */
void hidkbd_init(struct hidkbd *k, const struct scanner_opts *o, const char *source);

/*
 * Feed one report of n bytes received at t_ns.  Returns 0, or
 * POS_ERR_INVALID for a report shorter than 8 bytes (ignored and
 * counted); longer reports use their first 8 bytes.
 */
int hidkbd_feed(struct hidkbd *k, const uint8_t *rep, size_t n, int64_t t_ns);

/* When hidkbd_tick() must flush a code waiting for its suffix, or -1. */
int64_t hidkbd_deadline(const struct hidkbd *k);

/* Flush a code whose suffix has not come by now_ns (partial). */
void hidkbd_tick(struct hidkbd *k, int64_t now_ns);

/* Take the oldest scan: 1 and *ev written, or 0. */
int hidkbd_next(struct hidkbd *k, struct scan_event *ev);

/*
 * The character of key usage u with shift held or not in layout: ASCII,
 * '\r' for Enter, '\t' for Tab, or -1 for keys that type nothing.
 */
int hidkbd_usage_char(enum scanner_layout layout, uint8_t u, int shift);

#endif
