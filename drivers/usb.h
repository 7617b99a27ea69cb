/*
 * usb.h - the libusb layer shared by the printer and scanner drivers:
 * find a device by VID:PID[:SERIAL] or by interface class, detach the
 * kernel driver that holds the interface (usblp, usbhid), set the
 * configuration only when it differs, claim with retries on BUSY, find
 * endpoints from the descriptors (never hard-coded), bulk and interrupt
 * transfers with timeouts, and pollfds for the TUI's one poll() loop.
 * Only drivers/ include libusb.
 */
#ifndef OCOP_USB_H
#define OCOP_USB_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

struct usb_dev;

/* USB interface classes we look for. */
#define USB_CLASS_PRINTER_IF 0x07
#define USB_CLASS_HID_IF 0x03
#define USB_CLASS_CDC_DATA_IF 0x0a
#define USB_CLASS_VENDOR_IF 0xff

struct usb_match {
	uint16_t vid, pid;       /* 0 = any */
	const char *serial;      /* NULL = any */
	int if_class;            /* -1 = any; used when vid/pid are 0 */
};

/* One device seen on the bus (for `printer list` / `scanner list`). */
struct usb_info {
	uint16_t vid, pid;
	uint8_t bus, address;
	int if_class, if_subclass, if_protocol;   /* first interface */
	char manufacturer[64], product[64], serial[64];
};

/*
 * List devices: cb is called for each (a non-zero return stops).  Returns
 * 0, or POS_ERR_DEVICE when libusb cannot be initialised (no USB bus).
 */
int usb_list(int (*cb)(void *ctx, const struct usb_info *info), void *ctx,
	     struct pos_error *err);

/*
 * Open the first device matching m and claim the first interface of
 * class m->if_class (or, with a VID:PID given, the first interface that
 * has the endpoints asked for).  Detaches a kernel driver if active.
 * *out owns the handle; free with usb_close().  POS_ERR_NOT_FOUND when no
 * device matches ("no USB printer found: is it plugged in and on?"),
 * POS_ERR_PERM when access is denied (message names the udev rule).
 */
int usb_open(const struct usb_match *m, struct usb_dev **out, struct pos_error *err);

/* Release the interface, reattach the kernel driver, close. NULL is fine. */
void usb_close(struct usb_dev *d);

/* Endpoint addresses found on the claimed interface (0 = none). */
uint8_t usb_ep_bulk_out(const struct usb_dev *d);
uint8_t usb_ep_bulk_in(const struct usb_dev *d);

/* Bulk OUT all of buf; POS_ERR_DEVICE on stall/unplug/timeout. */
int usb_bulk_write(struct usb_dev *d, const void *buf, size_t n, int timeout_ms,
		   struct pos_error *err);

/* Bulk IN; *got = 0 on timeout. */
int usb_bulk_read(struct usb_dev *d, void *buf, size_t n, size_t *got, int timeout_ms,
		  struct pos_error *err);

/* HID SET_REPORT (feature report), e.g. to switch a scanner to HID POS. */
int usb_hid_set_feature(struct usb_dev *d, uint8_t report_id, const void *buf, size_t n,
			struct pos_error *err);

/*
 * ---- Asynchronous interrupt IN, for the TUI's one poll() loop ----
 * Added by the scanner driver (issue 6), apart from the synchronous API
 * above: a scanner must be read without blocking, and a synchronous read
 * with a short timeout would either block the loop for the endpoint's
 * polling interval or miss reports.  A stream keeps one interrupt IN
 * transfer submitted on the claimed interface and queues the reports it
 * brings; the caller polls libusb's descriptors and reads the queue.
 */
struct pollfd;
struct usb_stream;

/*
 * Start reading the interrupt IN endpoint of d.  *out owns the stream;
 * stop it with usb_stream_stop() before usb_close(d).  POS_ERR_DEVICE
 * when d has no interrupt IN endpoint or the transfer cannot be submitted.
 */
int usb_stream_start(struct usb_dev *d, struct usb_stream **out, struct pos_error *err);

/*
 * Fill up to n entries of fds with libusb's descriptors for d (fd and
 * events; revents 0) and return how many.  They change when devices come
 * and go: ask before every poll().
 */
int usb_stream_pollfds(struct usb_stream *st, struct pollfd *fds, int n);

/*
 * Handle libusb's pending events without blocking and take one queued
 * report (at most n bytes into buf): *got is its length, 0 when none is
 * waiting.  Returns 0, or POS_ERR_DEVICE once the stream has stopped
 * (unplugged: the message says so; the stream stays stopped).
 */
int usb_stream_read(struct usb_stream *st, void *buf, size_t n, size_t *got,
		    struct pos_error *err);

/* Cancel the transfer, wait for it briefly, free st. NULL is fine. */
void usb_stream_stop(struct usb_stream *st);

#endif
