/*
 * usbscan.h - the libusb scanner source (usb:VID:PID[:SERIAL], usb:auto),
 * shared by keyboard mode and HID POS mode.
 *
 * Opening goes through drivers/usb.h: the HID interface is claimed and
 * usbhid detached, so the scanner's keys no longer reach the console.
 * The interrupt IN endpoint is read with a usb_stream (libusb's pollfds in
 * the caller's poll()).  Each report goes to the keyboard decoder
 * (hid_keyboard.h) or the HID POS decoder (hid_pos.h): by the mode asked
 * for, else by what the product id says (list.h), else by its shape (an
 * 8-byte report is a keyboard report, a longer one starting with report
 * ID 2 is HID POS).
 *
 * With opts.hid_pos_switch, a Honeywell scanner found in keyboard mode is
 * sent feature report 254 = 1, which makes it restart as a HID POS
 * device; the source then waits for it (any product id of the vendor).
 *
 * A failed transfer (unplug) becomes SCANNER_DISCONNECTED; scanner.c
 * calls the reconnect every retry_ms.  The source's open function is in
 * scanner_source.h; this header has what tests and tools may use.
 */
#ifndef OCOP_USBSCAN_H
#define OCOP_USBSCAN_H

#include <stddef.h>
#include <stdint.h>

#include "drivers/scanner/scanner.h"

/*
 * Which decoder a report of n bytes goes to in mode (SCANNER_USB_AUTO
 * looks at the report): SCANNER_USB_KEYBOARD or SCANNER_USB_POS.
 */
enum scanner_usb_mode usbscan_report_mode(enum scanner_usb_mode mode, const uint8_t *rep,
					  size_t n);

#endif
