/*
 * usbscan.c - the libusb scanner source (see usbscan.h).
 *
 * Both decoders live in the source; each report goes to one of them, so
 * a scanner that changes mode on the fly is still read.  Reports read in
 * one scanner_handle() share its time stamp (libusb does not stamp
 * them); at 1-8 ms per report that makes the timing shown by `scanner
 * listen` coarse, never wrong by more than one poll() wake-up.
 */
#include "usbscan.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/usb.h"
#include "hid_keyboard.h"
#include "hid_pos.h"
#include "list.h"
#include "scanner_source.h"

#define HONEYWELL_VID 0x0c2e
#define HID_PROTO_KEYBOARD 1
#define REPORT_MAX 64

struct usbscan {
	struct hidkbd kbd;
	struct hidpos pos;
	struct usb_dev *dev;
	struct usb_stream *st;
	enum scanner_usb_mode mode;     /* of the connected device */
	uint16_t vid, pid;
	int switched;                   /* sent the HID POS switch: match the vendor only */
};

enum scanner_usb_mode usbscan_report_mode(enum scanner_usb_mode mode, const uint8_t *rep,
					  size_t n)
{
	if (mode == SCANNER_USB_KEYBOARD || mode == SCANNER_USB_POS)
		return mode;
	if (n > HIDKBD_REPORT_LEN && rep && rep[0] == HIDPOS_REPORT_ID)
		return SCANNER_USB_POS;
	return SCANNER_USB_KEYBOARD;
}

static int us_pollfds(struct scanner *s, struct pollfd *fds, int n)
{
	struct usbscan *u = s->priv;

	return usb_stream_pollfds(u->st, fds, n);
}

static int us_handle(struct scanner *s, int64_t now_ns, struct pos_error *err)
{
	struct usbscan *u = s->priv;
	uint8_t rep[REPORT_MAX];
	struct pos_error e;
	size_t got;
	int guard;

	(void)err;
	/* Bounded, so a device flooding reports cannot starve the loop. */
	for (guard = 0; guard < 256; guard++) {
		if (usb_stream_read(u->st, rep, sizeof(rep), &got, &e) != 0) {
			scanner_lost(s, pos_error_text(&e));
			return 0;
		}
		if (got == 0)
			break;
		if (usbscan_report_mode(u->mode, rep, got) == SCANNER_USB_POS)
			hidpos_feed(&u->pos, rep, got, now_ns);
		else
			hidkbd_feed(&u->kbd, rep, got, now_ns);
	}
	hidkbd_tick(&u->kbd, now_ns);
	hidpos_tick(&u->pos, now_ns);
	return 0;
}

static int64_t us_deadline(struct scanner *s)
{
	struct usbscan *u = s->priv;
	int64_t a = hidkbd_deadline(&u->kbd), b = hidpos_deadline(&u->pos);

	if (a < 0)
		return b;
	if (b < 0)
		return a;
	return a < b ? a : b;
}

static int us_next(struct scanner *s, struct scan_event *ev)
{
	struct usbscan *u = s->priv;

	return hidkbd_next(&u->kbd, ev) || hidpos_next(&u->pos, ev);
}

struct find_ctx {
	uint16_t vid, pid;
	struct usb_info info;
	int found;
};

static int find_cb(void *vctx, const struct usb_info *info)
{
	struct find_ctx *f = vctx;

	if (info->vid != f->vid || (f->pid && info->pid != f->pid))
		return 0;
	f->info = *info;
	f->found = 1;
	return 1;
}

/*
 * A Honeywell scanner in keyboard mode when HID POS is wanted: send the
 * switch and report that we wait for it.  Returns 0 when nothing was to
 * be done.
 */
static int maybe_switch(struct scanner *s, struct usbscan *u, const struct usb_match *m,
			struct pos_error *err)
{
	static const uint8_t on = 1;
	struct find_ctx f;
	struct usb_dev *d = NULL;
	int r;

	if (!s->opts.hid_pos_switch || m->vid != HONEYWELL_VID || u->switched)
		return 0;
	memset(&f, 0, sizeof(f));
	f.vid = m->vid;
	f.pid = m->pid;
	if (usb_list(find_cb, &f, NULL) != 0 || !f.found ||
	    f.info.if_class != USB_CLASS_HID_IF || f.info.if_protocol != HID_PROTO_KEYBOARD)
		return 0;
	r = usb_open(m, &d, err);
	if (r)
		return r;
	r = usb_hid_set_feature(d, HIDPOS_HONEYWELL_SWITCH_ID, &on, 1, err);
	usb_close(d);
	if (r)
		return r;
	u->switched = 1;
	return pos_fail(err, POS_ERR_DEVICE,
			scanner_tr("switched the Honeywell scanner %04x:%04x to HID POS mode: "
				   "waiting for it to restart"), f.info.vid, f.info.pid);
}

static int us_reconnect(struct scanner *s, struct pos_error *err)
{
	struct usbscan *u = s->priv;
	struct usb_match m;
	uint16_t vid, pid;
	int r;

	if (s->spec.usb_auto) {
		r = scanner_usb_auto(&vid, &pid, err);
		if (r)
			return r;
	} else {
		vid = s->spec.vid;
		pid = s->spec.pid;
	}
	memset(&m, 0, sizeof(m));
	m.vid = vid;
	m.pid = u->switched ? 0 : pid;
	m.serial = s->spec.serial[0] ? s->spec.serial : NULL;
	m.if_class = USB_CLASS_HID_IF;
	r = maybe_switch(s, u, &m, err);
	if (r)
		return r;
	r = usb_open(&m, &u->dev, err);
	if (r)
		return r;
	r = usb_stream_start(u->dev, &u->st, err);
	if (r) {
		usb_close(u->dev);
		u->dev = NULL;
		return r;
	}
	u->vid = vid;
	u->pid = pid;
	u->mode = s->opts.usb_mode;
	if (u->mode == SCANNER_USB_AUTO && !u->switched)
		u->mode = scanner_known_mode(vid, pid);
	s->note[0] = '\0';
	return 0;
}

static void us_disconnect(struct scanner *s)
{
	struct usbscan *u = s->priv;

	scanbuf_finish(&u->kbd.buf, u->kbd.buf.t_last, NULL, 1);
	memset(u->kbd.prev, 0, sizeof(u->kbd.prev));
	if (u->pos.more) {
		u->pos.more = 0;
		scanbuf_finish(&u->pos.buf, u->pos.t_more, u->pos.aim, 1);
	}
	usb_stream_stop(u->st);
	u->st = NULL;
	usb_close(u->dev);
	u->dev = NULL;
}

static void us_destroy(struct scanner *s)
{
	free(s->priv);
	s->priv = NULL;
}

static const struct scanner_ops usbscan_ops = {
	"usb",
	us_pollfds,
	us_handle,
	us_deadline,
	us_next,
	us_reconnect,
	us_disconnect,
	us_destroy,
};

int usbscan_source_open(struct scanner *s, struct pos_error *err)
{
	struct usbscan *u;

	u = calloc(1, sizeof(*u));
	if (!u)
		return pos_fail(err, POS_ERR_NO_MEM, "%s",
				scanner_tr("out of memory opening the scanner"));
	hidkbd_init(&u->kbd, &s->opts, s->name);
	hidpos_init(&u->pos, &s->opts, s->name);
	s->ops = &usbscan_ops;
	s->priv = u;
	return 0;
}
