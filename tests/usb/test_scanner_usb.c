/*
 * test_scanner_usb.c - the libusb scanner source against umockdev's
 * emulated USB devices (run under umockdev-wrapper; tests/run.sh does).
 *
 * The fixtures (tests/data/usb/: the bus's root hub, usb-root-hub.umockdev,
 * and one file per scanner so a test can swap them) scanner-hidkbd.umockdev
 * (Honeywell Voyager
 * 1400g in keyboard mode, 0c2e:0b81, interface 03/01/01, interrupt IN
 * 0x81) and scanner-hidpos.umockdev (HID POS, 0c2e:0b8f) describe the
 * devices; the ioctl handler below plays the kernel's usbfs: usbhid bound
 * until libusb detaches it, claims, string descriptors and HID SET_REPORT
 * on the control endpoint, and the interrupt IN endpoint answering each
 * submitted URB with the next scripted report.  "Unplugging" makes every
 * URB and claim fail with ENODEV.
 *
 * Covers: a keyboard-mode scan with shifted characters and release
 * reports, the kernel driver detached and given back, unplug (state
 * disconnected, no crash) and re-plug (scans resume without reopening),
 * HID POS single and multi-report codes with their AIM ids, the Honeywell
 * switch to HID POS (feature report 254 = 1, then the device restarting
 * with another product id), usb:auto and `scanner list` on a USB bus, and
 * `ocop-pos scanner listen|list` run as a child process ($OCOP_POS) on
 * the same emulated bus.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <sys/ioctl.h>
#include <linux/usbdevice_fs.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <umockdev.h>

#include "drivers/device.h"
#include "drivers/scanner/list.h"
#include "drivers/scanner/scanner.h"

#define KBD_NODE "/dev/bus/usb/001/002"
#define POS_NODE "/dev/bus/usb/001/003"
#define KBD_SYSFS "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-1"
#define MAX_REPORTS 512

struct mock {
	GMutex lock;
	uint8_t reports[MAX_REPORTS][64];
	size_t report_len[MAX_REPORTS];
	unsigned nreports, next_report;
	int unplugged;
	int bound;                  /* usbhid holds the interface */
	unsigned detaches, attaches, claims;
	uint16_t feature_wvalue;
	uint8_t feature[16];
	size_t feature_len;
	GQueue pending;             /* interrupt IN URBs waiting for a report */
	GQueue done;                /* URBs ready to reap */
	GQueue discarded;
	unsigned unknown;           /* ioctls we did not expect */
};

struct fixture {
	UMockdevTestbed *tb;
	UMockdevIoctlBase *handler;
	struct mock m;
	struct scanner *s;
};

/* ---- the emulated usbfs ---- */

static void string_desc(unsigned index, uint8_t *out, size_t *len)
{
	static const char *const strings[] = { NULL, "Honeywell", "Voyager 1400g", "SCAN0001" };
	const char *s;
	size_t i, n;

	if (index == 0) {
		out[0] = 4;
		out[1] = 3;
		out[2] = 0x09;
		out[3] = 0x04;
		*len = 4;
		return;
	}
	s = index < 4 ? strings[index] : "";
	n = strlen(s);
	out[0] = (uint8_t)(2 + 2 * n);
	out[1] = 3;
	for (i = 0; i < n; i++) {
		out[2 + 2 * i] = (uint8_t)s[i];
		out[3 + 2 * i] = 0;
	}
	*len = 2 + 2 * n;
}

/* Answer a control URB now; buf holds the setup packet and the data. */
static void control(struct mock *m, struct usbdevfs_urb *urb, uint8_t *buf)
{
	uint16_t wvalue = (uint16_t)(buf[2] | buf[3] << 8);
	uint16_t wlength = (uint16_t)(buf[6] | buf[7] << 8);
	uint8_t desc[64];
	size_t len = 0;

	urb->status = 0;
	urb->actual_length = 0;
	if (buf[0] == 0x80 && buf[1] == 0x06 && (wvalue >> 8) == 3) {
		string_desc(wvalue & 0xff, desc, &len);
		if (len > wlength)
			len = wlength;
		memcpy(buf + 8, desc, len);
		urb->actual_length = (int)len;
	} else if (buf[0] == 0x80 && buf[1] == 0x08) {
		buf[8] = 1;
		urb->actual_length = 1;
	} else if (buf[0] == 0x21 && buf[1] == 0x09) {
		m->feature_wvalue = wvalue;
		m->feature_len = wlength < sizeof(m->feature) ? wlength : sizeof(m->feature);
		memcpy(m->feature, buf + 8, m->feature_len);
		urb->actual_length = wlength;
	} else {
		urb->status = -EPIPE;
	}
}

static gboolean handle_ioctl(UMockdevIoctlBase *handler, UMockdevIoctlClient *client,
			     gpointer data)
{
	struct mock *m = data;
	UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(client);
	gulong request = umockdev_ioctl_client_get_request(client);
	UMockdevIoctlData *d, *b, *pick = NULL;
	struct usbdevfs_urb *urb;
	int handled = 1;

	(void)handler;
	g_mutex_lock(&m->lock);
	switch (request) {
	case USBDEVFS_GET_CAPABILITIES:
		d = umockdev_ioctl_data_resolve(arg, 0, sizeof(guint32), NULL);
		*(guint32 *)d->data = USBDEVFS_CAP_BULK_CONTINUATION |
				      USBDEVFS_CAP_NO_PACKET_SIZE_LIM |
				      USBDEVFS_CAP_REAP_AFTER_DISCONNECT;
		umockdev_ioctl_data_unref(d);
		umockdev_ioctl_client_complete(client, 0, 0);
		break;
	case USBDEVFS_GETDRIVER:
		if (!m->bound) {
			umockdev_ioctl_client_complete(client, -1, ENODATA);
			break;
		}
		d = umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_getdriver), NULL);
		snprintf(((struct usbdevfs_getdriver *)d->data)->driver,
			 USBDEVFS_MAXDRIVERNAME + 1, "usbhid");
		umockdev_ioctl_data_unref(d);
		umockdev_ioctl_client_complete(client, 0, 0);
		break;
	case USBDEVFS_IOCTL:
		d = umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_ioctl), NULL);
		if (((struct usbdevfs_ioctl *)d->data)->ioctl_code == (int)USBDEVFS_DISCONNECT) {
			m->bound = 0;
			m->detaches++;
		} else if (((struct usbdevfs_ioctl *)d->data)->ioctl_code ==
			   (int)USBDEVFS_CONNECT) {
			m->bound = 1;
			m->attaches++;
		}
		umockdev_ioctl_data_unref(d);
		umockdev_ioctl_client_complete(client, 0, 0);
		break;
	case USBDEVFS_CLAIMINTERFACE:
		if (m->unplugged) {
			umockdev_ioctl_client_complete(client, -1, ENODEV);
			break;
		}
		m->claims++;
		umockdev_ioctl_client_complete(client, 0, 0);
		break;
	case USBDEVFS_RELEASEINTERFACE:
	case USBDEVFS_SETCONFIGURATION:
	case USBDEVFS_CLEAR_HALT:
	case USBDEVFS_RESET:
	case USBDEVFS_RESETEP:
		umockdev_ioctl_client_complete(client, 0, 0);
		break;
	case USBDEVFS_SUBMITURB:
		if (m->unplugged) {
			umockdev_ioctl_client_complete(client, -1, ENODEV);
			break;
		}
		d = umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_urb), NULL);
		urb = (struct usbdevfs_urb *)d->data;
		b = umockdev_ioctl_data_resolve(d, offsetof(struct usbdevfs_urb, buffer),
						 (gsize)urb->buffer_length, NULL);
		if (urb->type == USBDEVFS_URB_TYPE_CONTROL) {
			control(m, urb, (uint8_t *)urb->buffer);
			g_queue_push_tail(&m->done, d);
		} else if (urb->endpoint & 0x80) {
			g_queue_push_tail(&m->pending, d);
		} else {
			urb->status = 0;
			urb->actual_length = urb->buffer_length;
			g_queue_push_tail(&m->done, d);
		}
		if (b)
			umockdev_ioctl_data_unref(b);
		umockdev_ioctl_client_complete(client, 0, 0);
		break;
	case USBDEVFS_DISCARDURB: {
		GList *l;

		for (l = m->pending.head; l; l = l->next)
			if (((UMockdevIoctlData *)l->data)->client_addr ==
			    (gulong) * (void **)arg->data)
				break;
		if (l) {
			g_queue_push_tail(&m->discarded, l->data);
			g_queue_delete_link(&m->pending, l);
			umockdev_ioctl_client_complete(client, 0, 0);
		} else {
			umockdev_ioctl_client_complete(client, -1, EINVAL);
		}
		break;
	}
	case USBDEVFS_REAPURB:
	case USBDEVFS_REAPURBNDELAY:
		if ((pick = g_queue_pop_head(&m->discarded))) {
			urb = (struct usbdevfs_urb *)pick->data;
			urb->status = -ENOENT;
			urb->actual_length = 0;
		} else if ((pick = g_queue_pop_head(&m->done))) {
			/* ready as it is */
		} else if (m->pending.length && m->unplugged) {
			pick = g_queue_pop_head(&m->pending);
			urb = (struct usbdevfs_urb *)pick->data;
			urb->status = -ENODEV;
			urb->actual_length = 0;
		} else if (m->pending.length && m->next_report < m->nreports) {
			size_t n = m->report_len[m->next_report];

			pick = g_queue_pop_head(&m->pending);
			urb = (struct usbdevfs_urb *)pick->data;
			if (n > (size_t)urb->buffer_length)
				n = (size_t)urb->buffer_length;
			memcpy(urb->buffer, m->reports[m->next_report], n);
			urb->actual_length = (int)n;
			urb->status = 0;
			m->next_report++;
		}
		if (!pick) {
			umockdev_ioctl_client_complete(client, -1, EAGAIN);
			break;
		}
		d = umockdev_ioctl_data_resolve(arg, 0, sizeof(gpointer), NULL);
		umockdev_ioctl_data_set_ptr(d, 0, pick);
		umockdev_ioctl_data_unref(d);
		umockdev_ioctl_data_unref(pick);
		umockdev_ioctl_client_complete(client, 0, 0);
		break;
	default:
		m->unknown++;
		handled = 0;
		break;
	}
	g_mutex_unlock(&m->lock);
	return handled ? TRUE : FALSE;
}

/* ---- scripting ---- */

static void add_report(struct mock *m, const uint8_t *rep, size_t n)
{
	g_mutex_lock(&m->lock);
	assert_true(m->nreports < MAX_REPORTS);
	memcpy(m->reports[m->nreports], rep, n);
	m->report_len[m->nreports] = n;
	m->nreports++;
	g_mutex_unlock(&m->lock);
}

/* A key press (with modifiers) and its release. */
static void add_key(struct mock *m, uint8_t mod, uint8_t usage)
{
	uint8_t press[8] = { mod, 0, usage, 0, 0, 0, 0, 0 }, release[8] = { 0 };

	add_report(m, press, 8);
	add_report(m, release, 8);
}

static void add_digits(struct mock *m, const char *s)
{
	for (; *s; s++)
		add_key(m, 0, *s == '0' ? 0x27 : (uint8_t)(0x1e + (*s - '1')));
	add_key(m, 0, 0x28);
}

static void add_pos(struct mock *m, const char *aim, const char *data, size_t len, int more)
{
	uint8_t rep[64] = { 0 };

	rep[0] = 0x02;
	rep[1] = (uint8_t)len;
	memcpy(rep + 2, aim, 3);
	memcpy(rep + 5, data, len);
	rep[61] = '?';
	rep[63] = (uint8_t)more;
	add_report(m, rep, 64);
}

static void set_unplugged(struct mock *m, int v)
{
	g_mutex_lock(&m->lock);
	m->unplugged = v;
	g_mutex_unlock(&m->lock);
}

static const char *fixture_path(const char *name, char *buf, size_t n)
{
	const char *src = getenv("OCOP_SRC");

	snprintf(buf, n, "%s/tests/data/usb/%s", src && *src ? src : ".", name);
	return buf;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char path[512];
	GError *error = NULL;

	if (!f)
		return -1;
	g_mutex_init(&f->m.lock);
	g_queue_init(&f->m.pending);
	g_queue_init(&f->m.done);
	g_queue_init(&f->m.discarded);
	f->m.bound = 1;
	f->tb = umockdev_testbed_new();
	f->handler = umockdev_ioctl_base_new();
	g_signal_connect(f->handler, "handle-ioctl", G_CALLBACK(handle_ioctl), &f->m);
	if (!umockdev_testbed_attach_ioctl(f->tb, KBD_NODE, f->handler, &error) ||
	    !umockdev_testbed_attach_ioctl(f->tb, POS_NODE, f->handler, &error)) {
		fprintf(stderr, "attach_ioctl: %s\n", error ? error->message : "?");
		return -1;
	}
	/* The bus's root hub, parent of every scanner fixture. */
	if (!umockdev_testbed_add_from_file(f->tb,
					    fixture_path("usb-root-hub.umockdev", path,
							 sizeof(path)), &error)) {
		fprintf(stderr, "%s: %s\n", path, error ? error->message : "?");
		return -1;
	}
	*state = f;
	return 0;
}

static void add_device(struct fixture *f, const char *name)
{
	char path[512];
	GError *error = NULL;

	if (!umockdev_testbed_add_from_file(f->tb, fixture_path(name, path, sizeof(path)),
					    &error)) {
		fprintf(stderr, "%s: %s\n", path, error ? error->message : "?");
		fail();
	}
}

static void drop_queue(GQueue *q)
{
	UMockdevIoctlData *d;

	while ((d = g_queue_pop_head(q)))
		umockdev_ioctl_data_unref(d);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	scanner_close(f->s);
	g_clear_object(&f->handler);
	g_clear_object(&f->tb);
	drop_queue(&f->m.pending);
	drop_queue(&f->m.done);
	drop_queue(&f->m.discarded);
	g_mutex_clear(&f->m.lock);
	free(f);
	return 0;
}

static struct scanner *open_scanner(const char *spec_text, const struct scanner_opts *o)
{
	struct device_spec spec;
	struct scanner *s = NULL;
	struct pos_error err;

	assert_int_equal(device_spec_parse(spec_text, &spec, &err), 0);
	if (scanner_open(&spec, o, &s, &err) != 0) {
		fprintf(stderr, "scanner_open: %s\n", err.msg);
		fail();
	}
	return s;
}

/* Run the poll() loop until want events or ms milliseconds. */
static int pump(struct scanner *s, struct scan_event *evs, int want, int ms)
{
	struct pollfd fds[SCANNER_MAX_FDS];
	struct pos_error err;
	int got = 0, n;
	int64_t end = scanner_now_ns() + (int64_t)ms * 1000000;

	while (got < want && scanner_now_ns() < end) {
		n = scanner_pollfds(s, fds, SCANNER_MAX_FDS);
		poll(fds, (nfds_t)n, 5);
		assert_int_equal(scanner_handle(s, &err), 0);
		while (got < want && scanner_next(s, &evs[got]))
			got++;
	}
	return got;
}

/*
 * Run the loop until the state is st or ms pass, leaving scans queued for
 * the next pump(); returns the state.
 */
static enum scanner_state pump_state(struct scanner *s, enum scanner_state st, int ms)
{
	struct pollfd fds[SCANNER_MAX_FDS];
	struct pos_error err;
	int n;
	int64_t end = scanner_now_ns() + (int64_t)ms * 1000000;

	while (scanner_state(s) != st && scanner_now_ns() < end) {
		n = scanner_pollfds(s, fds, SCANNER_MAX_FDS);
		poll(fds, (nfds_t)n, 5);
		assert_int_equal(scanner_handle(s, &err), 0);
	}
	return scanner_state(s);
}

/* ---- tests ---- */

static void test_kbd_scan(void **state)
{
	struct fixture *f = *state;
	struct scan_event ev[2];

	add_device(f, "scanner-hidkbd.umockdev");
	/* "Ab-" with shift, then an EAN-13 and Enter, each key released. */
	add_key(&f->m, 0x02, 0x04);
	add_key(&f->m, 0x00, 0x05);
	add_key(&f->m, 0x20, 0x2d);
	add_key(&f->m, 0x00, 0x28);
	add_digits(&f->m, "4006381333931");
	f->s = open_scanner("usb:0c2e:0b81", NULL);
	assert_int_equal(scanner_state(f->s), SCANNER_CONNECTED);
	assert_int_equal(pump(f->s, ev, 2, 3000), 2);
	assert_string_equal(ev[0].code, "Ab_");
	assert_string_equal(ev[1].code, "4006381333931");
	assert_string_equal(ev[1].source, "usb:0c2e:0b81");
	assert_string_equal(ev[1].symbology, "");
	assert_int_equal(ev[1].partial, 0);
	/* usbhid was detached and the interface claimed ... */
	g_mutex_lock(&f->m.lock);
	assert_int_equal(f->m.detaches, 1);
	assert_true(f->m.claims >= 1);
	g_mutex_unlock(&f->m.lock);
	/* ... and usbhid gets the scanner back on close. */
	scanner_close(f->s);
	f->s = NULL;
	g_mutex_lock(&f->m.lock);
	assert_int_equal(f->m.attaches, 1);
	assert_int_equal(f->m.bound, 1);
	assert_int_equal(f->m.unknown, 0);
	g_mutex_unlock(&f->m.lock);
}

static void test_kbd_unplug_replug(void **state)
{
	struct fixture *f = *state;
	struct scanner_opts o;
	struct scan_event ev[2];
	unsigned seq;

	add_device(f, "scanner-hidkbd.umockdev");
	add_digits(&f->m, "96385074");
	scanner_opts_init(&o);
	o.retry_ms = 30;
	f->s = open_scanner("usb:0c2e:0b81", &o);
	assert_int_equal(pump(f->s, ev, 1, 3000), 1);
	assert_string_equal(ev[0].code, "96385074");
	seq = scanner_state_seq(f->s);

	/* Unplugged: a state, not an error; retries fail quietly. */
	set_unplugged(&f->m, 1);
	assert_int_equal(pump_state(f->s, SCANNER_DISCONNECTED, 3000), SCANNER_DISCONNECTED);
	assert_true(scanner_state_seq(f->s) > seq);
	assert_non_null(strstr(scanner_state_text(f->s), "0c2e:0b81"));
	assert_int_equal(pump(f->s, ev, 1, 200), 0);
	assert_int_equal(scanner_state(f->s), SCANNER_DISCONNECTED);

	/* Plugged back: found again, scans resume, no restart. */
	add_digits(&f->m, "4006381333931");
	set_unplugged(&f->m, 0);
	assert_int_equal(pump_state(f->s, SCANNER_CONNECTED, 3000), SCANNER_CONNECTED);
	assert_string_equal(scanner_state_text(f->s), "");
	assert_int_equal(pump(f->s, ev, 1, 3000), 1);
	assert_string_equal(ev[0].code, "4006381333931");
	assert_int_equal(ev[0].partial, 0);
}

/*
 * Hot-plug as udev sees it: the device leaves the bus (its sysfs entry
 * and node are removed, outstanding URBs fail with ENODEV as the kernel
 * does), the source looks for it and does not find it, then the same
 * scanner comes back and scans resume in the same open scanner.
 */
static void test_kbd_remove_add(void **state)
{
	struct fixture *f = *state;
	struct scanner_opts o;
	struct scan_event ev[1];
	unsigned seq;
	int i;

	add_device(f, "scanner-hidkbd.umockdev");
	add_digits(&f->m, "96385074");
	scanner_opts_init(&o);
	o.retry_ms = 20;
	f->s = open_scanner("usb:0c2e:0b81", &o);
	assert_int_equal(pump(f->s, ev, 1, 3000), 1);
	assert_string_equal(ev[0].code, "96385074");

	set_unplugged(&f->m, 1);
	umockdev_testbed_remove_device(f->tb, KBD_SYSFS);
	assert_int_equal(pump_state(f->s, SCANNER_DISCONNECTED, 3000), SCANNER_DISCONNECTED);
	/* While it is away, each retry says it is not found (and no crash). */
	seq = scanner_state_seq(f->s);
	for (i = 0; i < 50 && !strstr(scanner_state_text(f->s), "no USB device"); i++)
		pump(f->s, ev, 1, 20);
	assert_non_null(strstr(scanner_state_text(f->s), "0c2e:0b81"));
	assert_non_null(strstr(scanner_state_text(f->s), "no USB device"));
	assert_int_equal(scanner_state(f->s), SCANNER_DISCONNECTED);
	assert_true(scanner_state_seq(f->s) > seq);

	/* Plugged in again: found, claimed, scanning, without reopening. */
	g_mutex_lock(&f->m.lock);
	f->m.bound = 1;             /* usbhid binds to the new device */
	g_mutex_unlock(&f->m.lock);
	add_device(f, "scanner-hidkbd.umockdev");
	add_digits(&f->m, "4006381333931");
	set_unplugged(&f->m, 0);
	assert_int_equal(pump_state(f->s, SCANNER_CONNECTED, 3000), SCANNER_CONNECTED);
	assert_string_equal(scanner_state_text(f->s), "");
	assert_int_equal(pump(f->s, ev, 1, 3000), 1);
	assert_string_equal(ev[0].code, "4006381333931");
	assert_int_equal(ev[0].partial, 0);
	g_mutex_lock(&f->m.lock);
	assert_int_equal(f->m.detaches, 2);     /* usbhid detached from each */
	g_mutex_unlock(&f->m.lock);
}

static void test_kbd_unplug_mid_code(void **state)
{
	struct fixture *f = *state;
	struct scanner_opts o;
	struct scan_event ev[1];

	add_device(f, "scanner-hidkbd.umockdev");
	add_key(&f->m, 0, 0x1e);
	add_key(&f->m, 0, 0x1f);
	scanner_opts_init(&o);
	o.retry_ms = 30;
	o.flush_ms = 5000;          /* only the unplug can end the code */
	f->s = open_scanner("usb:0c2e:0b81", &o);
	pump(f->s, ev, 1, 200);
	set_unplugged(&f->m, 1);
	/* The half code is handed out partial when the scanner goes. */
	assert_int_equal(pump(f->s, ev, 1, 3000), 1);
	assert_string_equal(ev[0].code, "12");
	assert_int_equal(ev[0].partial, 1);
	assert_int_equal(scanner_state(f->s), SCANNER_DISCONNECTED);
}

static void test_pos_scan(void **state)
{
	struct fixture *f = *state;
	struct scan_event ev[3];
	char data[120];
	int i;

	add_device(f, "scanner-hidpos.umockdev");
	for (i = 0; i < 120; i++)
		data[i] = (char)('0' + i % 10);
	add_pos(&f->m, "]E0", "8935001234567", 13, 0);
	add_pos(&f->m, "]C1", data, 56, 1);
	add_pos(&f->m, "]C1", data + 56, 56, 1);
	add_pos(&f->m, "]C1", data + 112, 8, 0);
	add_pos(&f->m, "]d2", "HTTPS://X.VN/1", 14, 0);
	f->s = open_scanner("usb:0c2e:0b8f", NULL);
	assert_int_equal(pump(f->s, ev, 3, 3000), 3);
	assert_string_equal(ev[0].code, "8935001234567");
	assert_string_equal(ev[0].symbology, "]E0");
	assert_string_equal(ev[0].source, "usb:0c2e:0b8f");
	assert_int_equal(strlen(ev[1].code), 120);
	assert_memory_equal(ev[1].code, data, 120);
	assert_string_equal(ev[1].symbology, "]C1");
	assert_int_equal(ev[1].partial, 0);
	assert_string_equal(ev[2].code, "HTTPS://X.VN/1");
	assert_string_equal(ev[2].symbology, "]d2");
}

static void test_honeywell_switch(void **state)
{
	struct fixture *f = *state;
	struct scanner_opts o;
	struct scan_event ev[1];
	uint8_t want[2] = { 254, 1 };

	add_device(f, "scanner-hidkbd.umockdev");
	scanner_opts_init(&o);
	o.hid_pos_switch = 1;
	o.usb_mode = SCANNER_USB_POS;
	o.allow_absent = 1;
	o.retry_ms = 30;
	f->s = open_scanner("usb:0c2e:0b81", &o);
	assert_int_equal(scanner_state(f->s), SCANNER_DISCONNECTED);
	assert_non_null(strstr(scanner_state_text(f->s), "HID POS"));
	g_mutex_lock(&f->m.lock);
	assert_int_equal(f->m.feature_wvalue, 0x03fe);     /* feature report 254 */
	assert_int_equal(f->m.feature_len, 2);
	assert_memory_equal(f->m.feature, want, 2);
	g_mutex_unlock(&f->m.lock);

	/* The scanner restarts as 0c2e:0b8f in HID POS mode. */
	umockdev_testbed_remove_device(f->tb, KBD_SYSFS);
	add_device(f, "scanner-hidpos.umockdev");
	add_pos(&f->m, "]E0", "4006381333931", 13, 0);
	assert_int_equal(pump_state(f->s, SCANNER_CONNECTED, 3000), SCANNER_CONNECTED);
	assert_int_equal(pump(f->s, ev, 1, 3000), 1);
	assert_string_equal(ev[0].code, "4006381333931");
	assert_string_equal(ev[0].symbology, "]E0");
}

static int list_cb(void *ctx, const struct scanner_candidate *c)
{
	struct scanner_candidate *found = ctx;

	if (strcmp(c->spec, "usb:0c2e:0b81") == 0)
		*found = *c;
	return 0;
}

static void test_list_and_auto(void **state)
{
	struct fixture *f = *state;
	struct scanner_candidate c;
	struct pos_error err;
	struct scan_event ev[1];
	uint16_t vid = 0, pid = 0;

	add_device(f, "scanner-hidkbd.umockdev");
	memset(&c, 0, sizeof(c));
	assert_int_equal(scanner_list(list_cb, &c, &err), 0);
	assert_string_equal(c.spec, "usb:0c2e:0b81");
	assert_string_equal(c.kind, "USB HID keyboard");
	assert_int_equal(c.known, 1);
	assert_non_null(strstr(c.desc, "Honeywell"));
	assert_non_null(strstr(c.desc, "Voyager 1400g"));

	assert_int_equal(scanner_usb_auto(&vid, &pid, &err), 0);
	assert_int_equal(vid, 0x0c2e);
	assert_int_equal(pid, 0x0b81);
	add_digits(&f->m, "12345670");
	f->s = open_scanner("usb:auto", NULL);
	assert_int_equal(pump(f->s, ev, 1, 3000), 1);
	assert_string_equal(ev[0].code, "12345670");
	assert_string_equal(ev[0].source, "usb:auto");
}

static void test_not_found(void **state)
{
	struct fixture *f = *state;
	struct device_spec spec;
	struct scanner *s = NULL;
	struct pos_error err;

	add_device(f, "scanner-hidkbd.umockdev");
	assert_int_equal(device_spec_parse("usb:05e0:1200", &spec, &err), 0);
	assert_int_equal(scanner_open(&spec, NULL, &s, &err), POS_ERR_NOT_FOUND);
	assert_null(s);
	assert_non_null(strstr(err.msg, "05e0:1200"));
}


/* Run the command line, its output into out; returns its exit status. */
static int run_cli(const char *args, char *out, size_t n)
{
	const char *prog = getenv("OCOP_POS");
	char cmd[1024];
	size_t len = 0, got;
	FILE *p;

	if (!prog || !*prog)
		prog = "./ocop-pos";
	snprintf(cmd, sizeof(cmd), "%s --lang en %s 2>&1", prog, args);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (len + 1 < n && (got = fread(out + len, 1, n - 1 - len, p)) > 0)
		len += got;
	out[len] = '\0';
	return pclose(p);
}

static void test_cli_listen(void **state)
{
	struct fixture *f = *state;
	char out[4096];
	int status;

	add_device(f, "scanner-hidkbd.umockdev");
	add_digits(&f->m, "4006381333931");
	add_digits(&f->m, "4006381333932");
	status = run_cli("scanner listen --scanner usb:0c2e:0b81 --count 2 --timeout 10",
			 out, sizeof(out));
	fprintf(stderr, "%s", out);
	assert_int_equal(status, 0);
	assert_non_null(strstr(out, "scan 1: \"4006381333931\" from usb:0c2e:0b81"));
	assert_non_null(strstr(out, "valid EAN-13"));
	assert_non_null(strstr(out, "scan 2: \"4006381333932\""));
	assert_non_null(strstr(out, "wrong check digit"));

	status = run_cli("scanner list", out, sizeof(out));
	fprintf(stderr, "%s", out);
	assert_int_equal(status, 0);
	assert_non_null(strstr(out, "usb:0c2e:0b81"));
	assert_non_null(strstr(out, "USB HID keyboard"));
}

/* Read lines from p into out (appending) until one contains want; 1 if found. */
static int read_until(FILE *p, const char *want, char *out, size_t n)
{
	char line[1024];
	size_t len = strlen(out);

	while (fgets(line, sizeof(line), p)) {
		fprintf(stderr, "%s", line);
		if (len + strlen(line) + 1 < n) {
			memcpy(out + len, line, strlen(line) + 1);
			len += strlen(line);
		}
		if (strstr(line, want))
			return 1;
	}
	return 0;
}

/*
 * `scanner listen` keeps running while the scanner is unplugged and
 * plugged back (udev remove and add), says so, and prints the next scan.
 */
static void test_cli_listen_replug(void **state)
{
	struct fixture *f = *state;
	const char *prog = getenv("OCOP_POS");
	char cmd[1024], out[8192] = "";
	FILE *p;

	add_device(f, "scanner-hidkbd.umockdev");
	add_digits(&f->m, "8935001234562");
	snprintf(cmd, sizeof(cmd), "%s --lang en scanner listen --scanner usb:0c2e:0b81 "
		 "--count 2 --timeout 20 2>&1", prog && *prog ? prog : "./ocop-pos");
	p = popen(cmd, "r");
	assert_non_null(p);
	assert_true(read_until(p, "scan 1:", out, sizeof(out)));
	set_unplugged(&f->m, 1);
	umockdev_testbed_remove_device(f->tb, KBD_SYSFS);
	assert_true(read_until(p, "disconnected", out, sizeof(out)));
	g_mutex_lock(&f->m.lock);
	f->m.bound = 1;
	g_mutex_unlock(&f->m.lock);
	add_device(f, "scanner-hidkbd.umockdev");
	add_digits(&f->m, "4006381333931");
	set_unplugged(&f->m, 0);
	assert_true(read_until(p, "scan 2:", out, sizeof(out)));
	read_until(p, "\n\n", out, sizeof(out));      /* to the end */
	assert_int_equal(pclose(p), 0);
	assert_non_null(strstr(out, "scan 1: \"8935001234562\" from usb:0c2e:0b81"));
	assert_non_null(strstr(out, "scanner usb:0c2e:0b81: disconnected: "));
	assert_non_null(strstr(out, "scanner usb:0c2e:0b81: connected"));
	assert_non_null(strstr(out, "scan 2: \"4006381333931\" from usb:0c2e:0b81"));
}

static void test_cli_listen_pos(void **state)
{
	struct fixture *f = *state;
	char out[4096];
	int status;

	add_device(f, "scanner-hidpos.umockdev");
	add_pos(&f->m, "]E0", "8935001234562", 13, 0);
	status = run_cli("scanner listen --scanner usb:0c2e:0b8f --count 1 --timeout 10",
			 out, sizeof(out));
	fprintf(stderr, "%s", out);
	assert_int_equal(status, 0);
	assert_non_null(strstr(out, "scan 1: \"8935001234562\" from usb:0c2e:0b8f, "
				"symbology ]E0"));
	assert_non_null(strstr(out, "valid EAN-13"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kbd_scan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kbd_unplug_replug, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kbd_remove_add, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kbd_unplug_mid_code, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pos_scan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_honeywell_switch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_and_auto, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cli_listen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cli_listen_pos, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cli_listen_replug, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
