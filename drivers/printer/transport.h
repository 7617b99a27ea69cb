/*
 * transport.h - the constructors behind transport_open() (device.h).
 * Each builds one struct transport with its own ops and private state;
 * device.c dispatches on the spec's kind.  Everything else uses the
 * vtable through transport_write/read/close.
 *
 * Each returns 0 and sets *out (caller owns it, frees with
 * transport_close), or a negative enum pos_err with a message saying what
 * the cashier should check.
 */
#ifndef OCOP_PRINTER_TRANSPORT_H
#define OCOP_PRINTER_TRANSPORT_H

#include "drivers/device.h"

/* Connection and I/O timeouts used when a caller passes timeout_ms <= 0. */
#define TRANSPORT_DEFAULT_TIMEOUT_MS 5000
#define TRANSPORT_CONNECT_TIMEOUT_MS 3000

/* USB printers: usb:auto (a class-7 interface, else a known printer
 * VID:PID with a vendor-class interface) or usb:VID:PID[:SERIAL]. */
int transport_usb_open(const struct device_spec *spec, struct transport **out,
		       struct pos_error *err);

/* The usblp character device (lp:/dev/usb/lp0). */
int transport_lp_open(const struct device_spec *spec, struct transport **out,
		      struct pos_error *err);

/* A serial port, raw 8N1 (serial:/dev/ttyACM0, serial:/dev/ttyS0). */
int transport_serial_open(const struct device_spec *spec, struct transport **out,
			  struct pos_error *err);

/* Raw TCP, usually port 9100 (tcp:HOST:PORT). */
int transport_tcp_open(const struct device_spec *spec, struct transport **out,
		       struct pos_error *err);

/* Append to a file (file:PATH); reads return nothing. */
int transport_file_open(const struct device_spec *spec, struct transport **out,
			struct pos_error *err);

/* Accept and drop everything (null). */
int transport_null_open(const struct device_spec *spec, struct transport **out,
			struct pos_error *err);

/*
 * Allocate a transport with ops, a copy of spec and priv_size zeroed
 * bytes of private state (t->priv).  Returns NULL when out of memory.
 * Free with transport_free_shell() (used by the implementations' close).
 */
struct transport *transport_alloc(const struct transport_ops *ops,
				  const struct device_spec *spec, size_t priv_size);
void transport_free_shell(struct transport *t);

#endif
