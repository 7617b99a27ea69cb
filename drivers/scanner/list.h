/*
 * list.h - find the scanners plugged into this computer, for `ocop-pos
 * scanner list` and for the usb:auto spec.
 *
 * Candidates, in this order:
 *   - USB devices of the scanner vendors we know (Honeywell/Metrologic
 *     0c2e, Zebra/Symbol 05e0, Datalogic 05f9, Newland 1eab), with the
 *     mode their interface or product id says (HID keyboard, HID POS,
 *     CDC serial);
 *   - other USB HID boot keyboards (many cheap scanners are just that);
 *   - serial ports /dev/ttyACM* (USB-CDC scanners);
 *   - evdev keyboards /dev/input/by-id/ *kbd* (stable names);
 *   - the terminal itself (wedge).
 * A computer without a USB bus still lists the others.
 */
#ifndef OCOP_SCANNER_LIST_H
#define OCOP_SCANNER_LIST_H

#include <stdint.h>

#include "lib/err.h"
#include "drivers/scanner/scanner.h"

struct scanner_candidate {
	char spec[300];             /* what --scanner takes */
	char kind[32];              /* "USB HID keyboard", "USB HID POS", "serial port",
				     * "evdev keyboard", "terminal": English, stable
				     * (machine output); translate it for people */
	char desc[256];             /* vendor and product, or the device a path
				     * points to; may be "" */
	const char *note;           /* an English msgid saying what to know about it
				     * ("a keyboard: a scanner only if it is one"),
				     * static, or NULL */
	int known;                  /* a known scanner vendor (not just any keyboard) */
};

/* The name of a known scanner vendor ("Honeywell"), or NULL. */
const char *scanner_known_vendor(uint16_t vid);

/*
 * The mode a known vendor's product id says (0c2e:0b8f HID POS, Newland
 * 1eab:xx10 HID POS, 1eab:xx03 keyboard, 05e0:1200 keyboard ...), or
 * SCANNER_USB_AUTO when the id says nothing.
 */
enum scanner_usb_mode scanner_known_mode(uint16_t vid, uint16_t pid);

/*
 * Call cb for each candidate (a non-zero return stops); the terminal
 * (spec "wedge", kind "terminal") always comes last.  Returns 0;
 * problems with one kind of device (no USB bus) do not stop the others.
 */
int scanner_list(int (*cb)(void *ctx, const struct scanner_candidate *c), void *ctx,
		 struct pos_error *err);

/*
 * usb:auto: the VID:PID of the first USB device of a known scanner
 * vendor with a HID interface.  Returns 0, POS_ERR_NOT_FOUND (with what
 * to do) or the USB layer's error.
 */
int scanner_usb_auto(uint16_t *vid, uint16_t *pid, struct pos_error *err);

#endif
