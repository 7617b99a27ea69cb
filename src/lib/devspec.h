/*
 * devspec.h - device specs (the --printer / --scanner strings, see
 * DESIGN.md) and printer text-mode names: vocabulary that settings in
 * core and the drivers both speak.  Parsing only: opening a device is
 * the drivers' job (drivers/device.h).
 *
 *   usb:auto                 first USB device of the wanted class
 *   usb:VID:PID[:SERIAL]     hex ids, e.g. usb:0416:5011
 *   lp:/dev/usb/lp0          the usblp kernel driver's character device
 *   tcp:HOST:PORT            raw TCP (printers: port 9100)
 *   file:PATH                write bytes to a file (tests, previews)
 *   serial:/dev/ttyACM0      USB-CDC or RS-232
 *   evdev:/dev/input/eventN  a keyboard-wedge scanner read as evdev
 *   wedge                    the terminal itself (scanner only)
 *   null                     accepts everything, reads nothing
 */
#ifndef OCOP_LIB_DEVSPEC_H
#define OCOP_LIB_DEVSPEC_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

enum device_kind {
	DEVICE_NULL = 0,
	DEVICE_USB,
	DEVICE_LP,
	DEVICE_TCP,
	DEVICE_FILE,
	DEVICE_SERIAL,
	DEVICE_EVDEV,
	DEVICE_WEDGE,
};

struct device_spec {
	enum device_kind kind;
	int usb_auto;            /* usb:auto */
	uint16_t vid, pid;       /* usb:VID:PID */
	char serial[64];         /* usb:VID:PID:SERIAL, or "" */
	char path[256];          /* lp:, file:, serial:, evdev: */
	char host[256];          /* tcp: */
	int port;                /* tcp: */
};

/*
 * Parse a device spec.  Returns 0, or POS_ERR_INVALID with a message that
 * names the spec and shows the accepted forms.
 */
int device_spec_parse(const char *s, struct device_spec *out, struct pos_error *err);

/* Write the canonical text of spec (the form device_spec_parse takes). */
int device_spec_format(const struct device_spec *spec, char *out, size_t n);


/*
 * How a printer gets Vietnamese on paper (docs/hardware.md): raster (drawn
 * by us, the default), tcvn3, cp1258 or ascii (folded).
 */
enum vn_mode {
	VN_MODE_RASTER = 0,
	VN_MODE_TCVN3,
	VN_MODE_CP1258,
	VN_MODE_ASCII,
};
#define VN_MODE_COUNT 4

/* "raster", "tcvn3", "cp1258", "ascii" (static storage). */
const char *vn_mode_name(enum vn_mode m);

/* Parse a mode name; 0, or -1 when s is not one of the four. */
int vn_mode_parse(const char *s, enum vn_mode *out);

#endif
