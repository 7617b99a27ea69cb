/*
 * transport_usb.c - printers on USB through libusb (drivers/usb.h).
 *
 * usb:auto looks for an interface of the printer class (7) first; some
 * cheap printers report the vendor class (0xff) instead, so when no
 * printer-class interface exists it tries the VID:PIDs seen in the field
 * (FACTS.md) with any interface that has a bulk OUT endpoint.
 * usb:VID:PID[:SERIAL] opens exactly that device.
 *
 * The device is opened for each print job and closed after it, so an
 * unplugged and re-plugged printer is found again by the next job
 * without restarting the program.
 */
#include "transport.h"

#include "drivers/usb.h"

/* Known printers that may not report interface class 7 (pid 0 = any). */
static const struct { uint16_t vid, pid; } known_printers[] = {
	{ 0x0416, 0x5011 },     /* Winbond POS58 (Zjiang/Xprinter) */
	{ 0x1fc9, 0x2016 },     /* Xprinter */
	{ 0x0483, 0x5743 },     /* STM-based POS printers */
	{ 0x0483, 0x5840 },
	{ 0x04b8, 0x0e03 },     /* Epson TM-T20 */
	{ 0x1504, 0 },          /* Bixolon */
	{ 0x0519, 0 },          /* Star */
};

static int usb_t_write(struct transport *t, const void *buf, size_t n, int timeout_ms,
		       struct pos_error *err)
{
	return usb_bulk_write(t->priv, buf, n, timeout_ms, err);
}

static int usb_t_read(struct transport *t, void *buf, size_t n, size_t *got, int timeout_ms,
		      struct pos_error *err)
{
	if (!usb_ep_bulk_in(t->priv)) {
		*got = 0;       /* a one-way printer: no answer, not an error */
		return 0;
	}
	return usb_bulk_read(t->priv, buf, n, got, timeout_ms, err);
}

static void usb_t_close(struct transport *t)
{
	usb_close(t->priv);
	t->priv = NULL;
	transport_free_shell(t);
}

static const struct transport_ops usb_ops = {
	"usb", usb_t_write, usb_t_read, usb_t_close,
};

static int open_auto(struct usb_dev **dev, struct pos_error *err)
{
	struct usb_match m = { 0, 0, NULL, USB_CLASS_PRINTER_IF };
	struct pos_error first;
	size_t i;
	int r;

	r = usb_open(&m, dev, &first);
	if (r != POS_ERR_NOT_FOUND) {
		if (r && err)
			*err = first;
		return r;
	}
	for (i = 0; i < sizeof(known_printers) / sizeof(known_printers[0]); i++) {
		struct usb_match k = { known_printers[i].vid, known_printers[i].pid, NULL, -1 };

		r = usb_open(&k, dev, err);
		if (r != POS_ERR_NOT_FOUND)
			return r;
	}
	return pos_fail(err, POS_ERR_NOT_FOUND,
			DRV_TR("no USB printer found: check that it is plugged in and switched on "
			"(`ocop-pos printer list` shows what is connected; a printer with an "
			"unusual id can be named as usb:VID:PID)"));
}

int transport_usb_open(const struct device_spec *spec, struct transport **out,
		       struct pos_error *err)
{
	struct usb_dev *dev = NULL;
	struct transport *t;
	int r;

	if (spec->usb_auto) {
		r = open_auto(&dev, err);
	} else {
		struct usb_match m = { spec->vid, spec->pid,
				       spec->serial[0] ? spec->serial : NULL, -1 };

		r = usb_open(&m, &dev, err);
	}
	if (r)
		return r;
	if (!usb_ep_bulk_out(dev)) {
		usb_close(dev);
		return pos_fail(err, POS_ERR_DEVICE,
				DRV_TR("the USB device has no bulk OUT endpoint, so it is not a printer "
				"ocop-pos can drive: check the device given with --printer"));
	}
	t = transport_alloc(&usb_ops, spec, 0);
	if (!t) {
		usb_close(dev);
		return pos_fail(err, POS_ERR_NO_MEM, DRV_TR("out of memory opening the USB printer"));
	}
	t->priv = dev;
	*out = t;
	return 0;
}
