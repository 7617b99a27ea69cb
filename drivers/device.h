/*
 * device.h - device specs and the transport vtable shared by the printer
 * and scanner drivers.  Drivers know bytes and devices, not sales: they
 * never touch the database, never abort, and include nothing from
 * src/ but the one error type (core/err.h).
 *
 * Device specs (the --printer / --scanner strings, see DESIGN.md):
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
#ifndef OCOP_DEVICE_H
#define OCOP_DEVICE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/devspec.h"
#include "lib/err.h"
#include "lib/msg.h"

/* For drivers: a msgid through the one translation hook (lib/msg.h). */
#define DRV_TR(msgid) MSG_TR(msgid)

/*
 * A byte transport (printers: USB bulk, lp, TCP, file, serial, null).
 * Every call has a timeout and returns an error instead of blocking for
 * ever; POS_ERR_DEVICE messages say what the person should check ("the
 * printer is unplugged", "out of paper", "no answer from 192.168.1.50:9100").
 */
struct transport;

struct transport_ops {
	const char *name;
	/* Write all n bytes or fail. */
	int (*write)(struct transport *t, const void *buf, size_t n, int timeout_ms,
		     struct pos_error *err);
	/* Read up to n bytes; *got may be 0 on timeout (not an error). */
	int (*read)(struct transport *t, void *buf, size_t n, size_t *got, int timeout_ms,
		    struct pos_error *err);
	/* Release the device and free t. */
	void (*close)(struct transport *t);
};

struct transport {
	const struct transport_ops *ops;
	struct device_spec spec;
	void *priv;
};

/*
 * Open the transport a spec names (for a printer: usb:* finds a printer-
 * class interface, or the VID:PID given).  *out owns it; close with
 * transport_close().
 */
int transport_open(const struct device_spec *spec, struct transport **out,
		   struct pos_error *err);

/* Convenience wrappers around the vtable. */
int transport_write(struct transport *t, const void *buf, size_t n, int timeout_ms,
		    struct pos_error *err);
int transport_read(struct transport *t, void *buf, size_t n, size_t *got, int timeout_ms,
		   struct pos_error *err);
void transport_close(struct transport *t);

#endif
