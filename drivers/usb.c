/*
 * usb.c - the libusb layer shared by the printer and scanner drivers (see
 * usb.h).
 *
 * Each opened device owns its own libusb context, so a handle can be
 * opened and closed at any time (the next print after an unplug simply
 * opens again and re-enumerates the bus) and nothing global is left
 * behind for leak checkers.  Opening:
 *
 *   1. enumerate, match VID:PID[:SERIAL] or an interface class;
 *   2. open; EACCES becomes POS_ERR_PERM naming the udev rule;
 *   3. detach the kernel driver (usblp, usbhid) if it holds the
 *      interface, and remember to give it back on close;
 *   4. set the configuration only when the active one differs (setting it
 *      again resets some printers);
 *   5. claim, retrying while another process holds the interface (BUSY);
 *   6. read the bulk OUT/IN and interrupt IN endpoints from the interface
 *      descriptor.
 *
 * Transfers are synchronous with a timeout each; writes go out in chunks
 * so a slow printer is noticed per chunk rather than after megabytes.
 * libusb errors become POS_ERR_DEVICE (or NOT_FOUND/PERM) with a sentence
 * that tells the cashier what to check.
 */
#include "usb.h"

#include <errno.h>
#include <libusb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "drivers/device.h"

#define USB_CHUNK 4096          /* bytes per bulk OUT transfer */
#define USB_CTRL_TIMEOUT 1000   /* ms for control transfers */
#define USB_CLAIM_TRIES 5
#define USB_CLAIM_WAIT_MS 100
#define USB_UDEV_HINT "install config/udev/60-ocop-pos.rules into /etc/udev/rules.d/, " \
	"run `sudo udevadm control --reload` and plug the device in again"

struct usb_dev {
	libusb_context *ctx;
	libusb_device_handle *h;
	int iface;
	int claimed;
	int detached;           /* we detached a kernel driver: reattach on close */
	uint8_t ep_out, ep_in, ep_intr;
	uint16_t in_max;        /* wMaxPacketSize of the IN endpoints */
	uint16_t vid, pid;
	char name[32];          /* "0416:5011" for messages */
};

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static int no_mem(struct pos_error *err)
{
	return pos_fail(err, POS_ERR_NO_MEM, DRV_TR("out of memory opening a USB device"));
}

/* Context error: the bus cannot be used at all. */
static int init_ctx(libusb_context **ctx, struct pos_error *err)
{
	int r = libusb_init(ctx);

	if (r == LIBUSB_ERROR_NO_MEM)
		return no_mem(err);
	if (r != 0)
		return pos_fail(err, POS_ERR_DEVICE,
				DRV_TR("cannot use USB on this computer (%s): is /dev/bus/usb present?"),
				libusb_strerror(r));
	return 0;
}

/*
 * Map a libusb transfer error to our error with the action to take.
 * what: "sending to" or "reading from".
 */
static int xfer_fail(struct usb_dev *d, int r, const char *what, int timeout_ms,
		     struct pos_error *err)
{
	switch (r) {
	case LIBUSB_ERROR_NO_DEVICE:
		return pos_fail(err, POS_ERR_DEVICE,
				DRV_TR("USB device %s was unplugged or switched off while %s it: "
				"plug it in, switch it on and try again"), d->name, what);
	case LIBUSB_ERROR_TIMEOUT:
		return pos_fail(err, POS_ERR_DEVICE,
				DRV_TR("USB device %s did not respond within %d ms while %s it: "
				"check that it is on, has paper and its cover is closed"),
				d->name, timeout_ms, what);
	case LIBUSB_ERROR_PIPE:
		return pos_fail(err, POS_ERR_DEVICE,
				DRV_TR("USB device %s refused the data (endpoint stalled) while %s it: "
				"switch it off and on again"), d->name, what);
	case LIBUSB_ERROR_NO_MEM:
		return no_mem(err);
	default:
		return pos_fail(err, POS_ERR_DEVICE, DRV_TR("USB error while %s device %s: %s; "
				"check the cable"), what, d->name, libusb_strerror(r));
	}
}

/* Pick the interface to claim on dev; fills d's endpoints. */
static int pick_interface(libusb_device *dev, const struct usb_match *m, int *iface,
			  uint8_t *cfg_value, struct usb_dev *d)
{
	struct libusb_config_descriptor *cfg = NULL;
	int i, found = 0;

	if (libusb_get_active_config_descriptor(dev, &cfg) != 0 &&
	    libusb_get_config_descriptor(dev, 0, &cfg) != 0)
		return 0;
	for (i = 0; i < cfg->bNumInterfaces && !found; i++) {
		const struct libusb_interface_descriptor *alt;
		uint8_t out = 0, in = 0, intr = 0;
		uint16_t in_max = 0;
		int e;

		if (cfg->interface[i].num_altsetting < 1)
			continue;
		alt = &cfg->interface[i].altsetting[0];
		for (e = 0; e < alt->bNumEndpoints; e++) {
			const struct libusb_endpoint_descriptor *ep = &alt->endpoint[e];
			int type = ep->bmAttributes & LIBUSB_TRANSFER_TYPE_MASK;
			int is_in = (ep->bEndpointAddress & LIBUSB_ENDPOINT_IN) != 0;

			if (type == LIBUSB_TRANSFER_TYPE_BULK && !is_in && !out)
				out = ep->bEndpointAddress;
			else if (type == LIBUSB_TRANSFER_TYPE_BULK && is_in && !in) {
				in = ep->bEndpointAddress;
				in_max = ep->wMaxPacketSize;
			} else if (type == LIBUSB_TRANSFER_TYPE_INTERRUPT && is_in && !intr) {
				intr = ep->bEndpointAddress;
				if (!in_max)
					in_max = ep->wMaxPacketSize;
			}
		}
		if (m->if_class >= 0) {
			if (alt->bInterfaceClass != m->if_class)
				continue;
		} else if (!out && !intr) {
			/* VID:PID given: the first interface with useful endpoints. */
			continue;
		}
		found = 1;
		*iface = alt->bInterfaceNumber;
		*cfg_value = cfg->bConfigurationValue;
		d->ep_out = out;
		d->ep_in = in;
		d->ep_intr = intr;
		d->in_max = in_max ? in_max : 64;
	}
	libusb_free_config_descriptor(cfg);
	return found;
}

/* Does the device's serial number string equal want? */
static int serial_matches(libusb_device_handle *h, uint8_t index, const char *want)
{
	unsigned char buf[128];
	int r;

	if (!index)
		return 0;
	r = libusb_get_string_descriptor_ascii(h, index, buf, sizeof(buf));
	if (r < 0)
		return 0;
	return strlen(want) == (size_t)r && memcmp(buf, want, (size_t)r) == 0;
}

static const char *match_text(const struct usb_match *m, char *buf, size_t n)
{
	if ((m->vid || m->pid) && m->serial)
		snprintf(buf, n, DRV_TR("USB device %04x:%04x with serial %s"), m->vid, m->pid,
			 m->serial);
	else if (m->vid || m->pid)
		snprintf(buf, n, DRV_TR("USB device %04x:%04x"), m->vid, m->pid);
	else if (m->if_class == USB_CLASS_PRINTER_IF)
		snprintf(buf, n, "%s", DRV_TR("USB printer"));
	else if (m->if_class == USB_CLASS_HID_IF)
		snprintf(buf, n, "%s", DRV_TR("USB HID device (scanner)"));
	else
		snprintf(buf, n, "%s", DRV_TR("USB device"));
	return buf;
}

/* Detach, configure, claim; d->h is open. */
static int claim(struct usb_dev *d, uint8_t cfg_value, struct pos_error *err)
{
	int r, cur = -1, tries;

	r = libusb_kernel_driver_active(d->h, d->iface);
	if (r == 1) {
		r = libusb_detach_kernel_driver(d->h, d->iface);
		if (r == LIBUSB_ERROR_ACCESS)
			return pos_fail(err, POS_ERR_PERM,
					DRV_TR("not allowed to take USB device %s from its kernel driver: %s"),
					d->name, DRV_TR(USB_UDEV_HINT));
		if (r != 0 && r != LIBUSB_ERROR_NOT_FOUND)
			return pos_fail(err, POS_ERR_DEVICE,
					DRV_TR("cannot detach the kernel driver from USB device %s: %s"),
					d->name, libusb_strerror(r));
		if (r == 0)
			d->detached = 1;
	}
	if (libusb_get_configuration(d->h, &cur) == 0 && cur != cfg_value) {
		r = libusb_set_configuration(d->h, cfg_value);
		if (r != 0 && r != LIBUSB_ERROR_BUSY)
			return pos_fail(err, POS_ERR_DEVICE,
					DRV_TR("cannot configure USB device %s: %s"), d->name,
					libusb_strerror(r));
	}
	for (tries = 0;; tries++) {
		r = libusb_claim_interface(d->h, d->iface);
		if (r != LIBUSB_ERROR_BUSY || tries + 1 >= USB_CLAIM_TRIES)
			break;
		sleep_ms(USB_CLAIM_WAIT_MS);
	}
	if (r == LIBUSB_ERROR_BUSY)
		return pos_fail(err, POS_ERR_DEVICE,
				DRV_TR("USB device %s is in use by another program (another ocop-pos, "
				"CUPS or a driver): close it and try again"), d->name);
	if (r == LIBUSB_ERROR_NO_DEVICE)
		return pos_fail(err, POS_ERR_NOT_FOUND,
				DRV_TR("USB device %s disappeared while opening it: plug it in again"),
				d->name);
	if (r != 0)
		return pos_fail(err, POS_ERR_DEVICE, DRV_TR("cannot claim USB device %s: %s"),
				d->name, libusb_strerror(r));
	d->claimed = 1;
	return 0;
}

int usb_open(const struct usb_match *m, struct usb_dev **out, struct pos_error *err)
{
	struct usb_dev *d;
	libusb_device **list = NULL;
	ssize_t n, i;
	int r, denied = 0, iface = 0;
	uint8_t cfg_value = 1;
	char what[160];

	d = calloc(1, sizeof(*d));
	if (!d)
		return no_mem(err);
	r = init_ctx(&d->ctx, err);
	if (r) {
		free(d);
		return r;
	}
	n = libusb_get_device_list(d->ctx, &list);
	if (n < 0) {
		r = pos_fail(err, POS_ERR_DEVICE, DRV_TR("cannot list USB devices: %s"),
			     libusb_strerror((int)n));
		goto fail;
	}
	for (i = 0; i < n && !d->h; i++) {
		struct libusb_device_descriptor dd;
		libusb_device_handle *h;

		if (libusb_get_device_descriptor(list[i], &dd) != 0)
			continue;
		if (m->vid && dd.idVendor != m->vid)
			continue;
		if (m->pid && dd.idProduct != m->pid)
			continue;
		if (!pick_interface(list[i], m, &iface, &cfg_value, d))
			continue;
		r = libusb_open(list[i], &h);
		if (r == LIBUSB_ERROR_ACCESS) {
			denied = 1;
			snprintf(d->name, sizeof(d->name), "%04x:%04x", dd.idVendor, dd.idProduct);
			continue;
		}
		if (r != 0)
			continue;
		if (m->serial && !serial_matches(h, dd.iSerialNumber, m->serial)) {
			libusb_close(h);
			continue;
		}
		d->h = h;
		d->iface = iface;
		d->vid = dd.idVendor;
		d->pid = dd.idProduct;
		snprintf(d->name, sizeof(d->name), "%04x:%04x", dd.idVendor, dd.idProduct);
	}
	libusb_free_device_list(list, 1);
	list = NULL;
	if (!d->h) {
		if (denied)
			r = pos_fail(err, POS_ERR_PERM,
				     DRV_TR("permission denied opening USB device %s: %s"), d->name,
				     DRV_TR(USB_UDEV_HINT));
		else
			r = pos_fail(err, POS_ERR_NOT_FOUND,
				     DRV_TR("no %s found: is it plugged in and switched on?"),
				     match_text(m, what, sizeof(what)));
		goto fail;
	}
	r = claim(d, cfg_value, err);
	if (r)
		goto fail;
	*out = d;
	return 0;

fail:
	if (list)
		libusb_free_device_list(list, 1);
	usb_close(d);
	return r;
}

void usb_close(struct usb_dev *d)
{
	if (!d)
		return;
	if (d->h) {
		if (d->claimed)
			libusb_release_interface(d->h, d->iface);
		if (d->detached)
			libusb_attach_kernel_driver(d->h, d->iface);
		libusb_close(d->h);
	}
	if (d->ctx)
		libusb_exit(d->ctx);
	free(d);
}

uint8_t usb_ep_bulk_out(const struct usb_dev *d)
{
	return d ? d->ep_out : 0;
}

uint8_t usb_ep_bulk_in(const struct usb_dev *d)
{
	return d ? d->ep_in : 0;
}

int usb_bulk_write(struct usb_dev *d, const void *buf, size_t n, int timeout_ms,
		   struct pos_error *err)
{
	const unsigned char *p = buf;
	size_t done = 0;

	if (!d->ep_out)
		return pos_fail(err, POS_ERR_DEVICE,
				DRV_TR("USB device %s has no bulk OUT endpoint: it cannot take print data"),
				d->name);
	while (done < n) {
		size_t want = n - done < USB_CHUNK ? n - done : USB_CHUNK;
		int sent = 0, r;

		r = libusb_bulk_transfer(d->h, d->ep_out, (unsigned char *)(p + done), (int)want,
					 &sent, (unsigned)timeout_ms);
		if (sent > 0)
			done += (size_t)sent;
		if (r == LIBUSB_ERROR_TIMEOUT && sent > 0)
			continue;       /* progress: the printer is slow, not stuck */
		if (r == 0 && sent <= 0)
			r = LIBUSB_ERROR_IO;
		if (r == LIBUSB_ERROR_PIPE)
			libusb_clear_halt(d->h, d->ep_out);
		if (r != 0)
			return xfer_fail(d, r, DRV_TR("sending to"), timeout_ms, err);
	}
	return 0;
}

/* One IN transfer from ep into a bounce buffer of the packet size. */
static int read_ep(struct usb_dev *d, uint8_t ep, int intr, void *buf, size_t n,
		   size_t *got, int timeout_ms, struct pos_error *err)
{
	unsigned char bounce[1024];
	size_t cap = d->in_max > sizeof(bounce) ? sizeof(bounce) : d->in_max;
	int len = 0, r;

	if (n > cap)
		cap = n > sizeof(bounce) ? sizeof(bounce) : n;
	if (intr)
		r = libusb_interrupt_transfer(d->h, ep, bounce, (int)cap, &len,
					      (unsigned)timeout_ms);
	else
		r = libusb_bulk_transfer(d->h, ep, bounce, (int)cap, &len, (unsigned)timeout_ms);
	if (r == LIBUSB_ERROR_TIMEOUT && len == 0) {
		*got = 0;
		return 0;
	}
	if (r == LIBUSB_ERROR_PIPE)
		libusb_clear_halt(d->h, ep);
	if (r != 0 && r != LIBUSB_ERROR_TIMEOUT && r != LIBUSB_ERROR_OVERFLOW)
		return xfer_fail(d, r, DRV_TR("reading from"), timeout_ms, err);
	if ((size_t)len > n)
		len = (int)n;
	memcpy(buf, bounce, (size_t)len);
	*got = (size_t)len;
	return 0;
}

int usb_bulk_read(struct usb_dev *d, void *buf, size_t n, size_t *got, int timeout_ms,
		  struct pos_error *err)
{
	if (!d->ep_in)
		return pos_fail(err, POS_ERR_DEVICE,
				DRV_TR("USB device %s cannot answer (no bulk IN endpoint: a one-way printer)"),
				d->name);
	return read_ep(d, d->ep_in, 0, buf, n, got, timeout_ms, err);
}

int usb_hid_set_feature(struct usb_dev *d, uint8_t report_id, const void *buf, size_t n,
			struct pos_error *err)
{
	unsigned char data[256];
	size_t len = 0;
	int r;

	if (n + 1 > sizeof(data))
		return pos_fail(err, POS_ERR_INVALID, DRV_TR("HID feature report of %zu bytes is too long"),
				n);
	/* With numbered reports the report ID is the first data byte. */
	if (report_id)
		data[len++] = report_id;
	if (n)
		memcpy(data + len, buf, n);
	len += n;
	r = libusb_control_transfer(d->h,
				    LIBUSB_ENDPOINT_OUT | LIBUSB_REQUEST_TYPE_CLASS |
				    LIBUSB_RECIPIENT_INTERFACE,
				    0x09 /* SET_REPORT */, (uint16_t)(0x0300 | report_id),
				    (uint16_t)d->iface, data, (uint16_t)len, USB_CTRL_TIMEOUT);
	if (r < 0)
		return xfer_fail(d, r, "configuring", USB_CTRL_TIMEOUT, err);
	return 0;
}

/* First interface's class triple, from the active or first configuration. */
static void first_interface(libusb_device *dev, const struct libusb_device_descriptor *dd,
			    struct usb_info *info)
{
	struct libusb_config_descriptor *cfg = NULL;

	info->if_class = dd->bDeviceClass;
	info->if_subclass = dd->bDeviceSubClass;
	info->if_protocol = dd->bDeviceProtocol;
	if (libusb_get_active_config_descriptor(dev, &cfg) != 0 &&
	    libusb_get_config_descriptor(dev, 0, &cfg) != 0)
		return;
	if (cfg->bNumInterfaces > 0 && cfg->interface[0].num_altsetting > 0) {
		const struct libusb_interface_descriptor *alt = &cfg->interface[0].altsetting[0];

		info->if_class = alt->bInterfaceClass;
		info->if_subclass = alt->bInterfaceSubClass;
		info->if_protocol = alt->bInterfaceProtocol;
	}
	libusb_free_config_descriptor(cfg);
}

static void read_string(libusb_device_handle *h, uint8_t index, char *out, size_t n)
{
	int r;

	out[0] = '\0';
	if (!h || !index)
		return;
	r = libusb_get_string_descriptor_ascii(h, index, (unsigned char *)out, (int)n);
	if (r < 0)
		r = 0;
	if ((size_t)r >= n)
		r = (int)n - 1;
	out[r] = '\0';
}

int usb_list(int (*cb)(void *ctx, const struct usb_info *info), void *ctx,
	     struct pos_error *err)
{
	libusb_context *uctx = NULL;
	libusb_device **list = NULL;
	ssize_t n, i;
	int r;

	r = init_ctx(&uctx, err);
	if (r)
		return r;
	n = libusb_get_device_list(uctx, &list);
	if (n < 0) {
		libusb_exit(uctx);
		return pos_fail(err, POS_ERR_DEVICE, DRV_TR("cannot list USB devices: %s"),
				libusb_strerror((int)n));
	}
	for (i = 0; i < n; i++) {
		struct libusb_device_descriptor dd;
		struct usb_info info;
		libusb_device_handle *h = NULL;

		if (libusb_get_device_descriptor(list[i], &dd) != 0)
			continue;
		if (dd.bDeviceClass == LIBUSB_CLASS_HUB)
			continue;
		memset(&info, 0, sizeof(info));
		info.vid = dd.idVendor;
		info.pid = dd.idProduct;
		info.bus = libusb_get_bus_number(list[i]);
		info.address = libusb_get_device_address(list[i]);
		first_interface(list[i], &dd, &info);
		if (libusb_open(list[i], &h) == 0) {
			read_string(h, dd.iManufacturer, info.manufacturer,
				    sizeof(info.manufacturer));
			read_string(h, dd.iProduct, info.product, sizeof(info.product));
			read_string(h, dd.iSerialNumber, info.serial, sizeof(info.serial));
			libusb_close(h);
		}
		if (cb(ctx, &info))
			break;
	}
	libusb_free_device_list(list, 1);
	libusb_exit(uctx);
	return 0;
}

/*
 * ==== Asynchronous interrupt IN (usb.h "usb_stream") ====
 * Added by the scanner driver (issue 6); the code above is untouched.
 * One interrupt transfer with no timeout stays submitted; its callback,
 * run from libusb_handle_events inside usb_stream_read() (our own thread,
 * no locking), queues the report and submits it again.  A transfer that
 * ends with an error (unplug: LIBUSB_TRANSFER_NO_DEVICE) stops the stream
 * and the next read reports it.
 */
#include <poll.h>
#include <sys/time.h>

#define USB_STREAM_SLOTS 32
#define USB_STREAM_REPORT 64
#define USB_STREAM_STOP_TRIES 50        /* x 10 ms to see a cancelled transfer end */

struct usb_stream {
	struct usb_dev *d;
	struct libusb_transfer *xfer;
	unsigned char xbuf[USB_STREAM_REPORT];
	unsigned char ring[USB_STREAM_SLOTS][USB_STREAM_REPORT];
	size_t ring_len[USB_STREAM_SLOTS];
	unsigned head, count;
	unsigned long overflow;     /* reports dropped: nobody read them */
	int active;                 /* the transfer is submitted */
	int error;                  /* libusb error that stopped the stream, or 0 */
};

static void LIBUSB_CALL stream_done(struct libusb_transfer *t)
{
	struct usb_stream *st = t->user_data;
	int r;

	st->active = 0;
	if (t->status == LIBUSB_TRANSFER_COMPLETED && t->actual_length > 0) {
		if (st->count < USB_STREAM_SLOTS) {
			unsigned slot = (st->head + st->count) % USB_STREAM_SLOTS;

			memcpy(st->ring[slot], t->buffer, (size_t)t->actual_length);
			st->ring_len[slot] = (size_t)t->actual_length;
			st->count++;
		} else {
			st->overflow++;
		}
	}
	switch (t->status) {
	case LIBUSB_TRANSFER_COMPLETED:
	case LIBUSB_TRANSFER_TIMED_OUT:
	case LIBUSB_TRANSFER_OVERFLOW:
		/* Read the next report. */
		r = libusb_submit_transfer(t);
		if (r == 0)
			st->active = 1;
		else
			st->error = r;
		break;
	case LIBUSB_TRANSFER_CANCELLED:
		break;
	case LIBUSB_TRANSFER_NO_DEVICE:
		st->error = LIBUSB_ERROR_NO_DEVICE;
		break;
	case LIBUSB_TRANSFER_STALL:
		st->error = LIBUSB_ERROR_PIPE;
		break;
	default:
		st->error = LIBUSB_ERROR_IO;
		break;
	}
}

int usb_stream_start(struct usb_dev *d, struct usb_stream **out, struct pos_error *err)
{
	struct usb_stream *st;
	int len, r;

	if (!d->ep_intr)
		return pos_fail(err, POS_ERR_DEVICE,
				DRV_TR("USB device %s has no interrupt IN endpoint to read reports from"),
				d->name);
	st = calloc(1, sizeof(*st));
	if (!st)
		return no_mem(err);
	st->d = d;
	st->xfer = libusb_alloc_transfer(0);
	if (!st->xfer) {
		free(st);
		return no_mem(err);
	}
	len = d->in_max < USB_STREAM_REPORT ? d->in_max : USB_STREAM_REPORT;
	if (len < 8)
		len = 8;
	libusb_fill_interrupt_transfer(st->xfer, d->h, d->ep_intr, st->xbuf, len, stream_done,
				       st, 0);
	r = libusb_submit_transfer(st->xfer);
	if (r != 0) {
		libusb_free_transfer(st->xfer);
		free(st);
		return xfer_fail(d, r, DRV_TR("reading from"), 0, err);
	}
	st->active = 1;
	*out = st;
	return 0;
}

int usb_stream_pollfds(struct usb_stream *st, struct pollfd *fds, int n)
{
	const struct libusb_pollfd **l;
	int k = 0, i;

	if (!st || n <= 0)
		return 0;
	l = libusb_get_pollfds(st->d->ctx);
	if (!l)
		return 0;
	for (i = 0; l[i] && k < n; i++) {
		fds[k].fd = l[i]->fd;
		fds[k].events = l[i]->events;
		fds[k].revents = 0;
		k++;
	}
	libusb_free_pollfds(l);
	return k;
}

int usb_stream_read(struct usb_stream *st, void *buf, size_t n, size_t *got,
		    struct pos_error *err)
{
	struct timeval zero = { 0, 0 };
	size_t len;
	int r;

	if (!st->count && !st->error) {
		r = libusb_handle_events_timeout_completed(st->d->ctx, &zero, NULL);
		if (r < 0 && r != LIBUSB_ERROR_INTERRUPTED && r != LIBUSB_ERROR_TIMEOUT)
			return xfer_fail(st->d, r, DRV_TR("reading from"), 0, err);
	}
	if (st->count) {
		len = st->ring_len[st->head];
		if (len > n)
			len = n;
		memcpy(buf, st->ring[st->head], len);
		st->head = (st->head + 1) % USB_STREAM_SLOTS;
		st->count--;
		*got = len;
		return 0;
	}
	if (st->error)
		return xfer_fail(st->d, st->error, DRV_TR("reading from"), 0, err);
	*got = 0;
	return 0;
}

void usb_stream_stop(struct usb_stream *st)
{
	struct timeval tick = { 0, 10000 };
	int tries;

	if (!st)
		return;
	if (st->active && libusb_cancel_transfer(st->xfer) != 0)
		st->active = 0;         /* already finished or the device is gone */
	for (tries = 0; st->active && tries < USB_STREAM_STOP_TRIES; tries++)
		libusb_handle_events_timeout_completed(st->d->ctx, &tick, NULL);
	if (st->active) {
		/*
		 * libusb still owns the transfer and its buffer (inside st): leak
		 * both rather than let libusb write into freed memory.
		 */
		return;
	}
	libusb_free_transfer(st->xfer);
	free(st);
}
