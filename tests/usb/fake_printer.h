/*
 * fake_printer.h - an emulated POS58 USB receipt printer for the umockdev
 * tests (tests/data/usb/printer.umockdev, a copy of shared/usb-fixtures:
 * 0416:5011, interface 07/01/02, bulk OUT 0x01, bulk IN 0x82).
 *
 * A UMockdevIoctlBase handler plays the kernel's usbfs: it reports the
 * usblp driver bound until libusb detaches it, accepts claims, captures
 * every bulk OUT byte (fk.out, fk.nout), answers DLE EOT n with
 * fk.answer[n] on bulk IN, serves the string descriptors, and can fail
 * submissions with ENODEV past fk.unplug_after bytes (an unplug) or hold
 * them (fk.hold_out: a printer that takes nothing).  It serves a child
 * process (ocop-pos started by the test) too: umockdev-wrapper forwards
 * the child's usbfs ioctls here.
 *
 * Header-only, for one test program each (test_printer_usb.c,
 * test_receipt_usb.c): fake_printer_attach() in the group setup,
 * fake_reset() before each test, fake_printer_detach() at the end.
 * Include <cmocka.h> and <umockdev.h> first.
 */
#ifndef OCOP_TEST_FAKE_PRINTER_H
#define OCOP_TEST_FAKE_PRINTER_H

#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/usbdevice_fs.h>

#define DEVNODE "/dev/bus/usb/001/002"

struct fake {
	pthread_mutex_t lock;
	int bound;                      /* usblp holds the interface */
	int detaches, attaches, claims;
	unsigned char *out;             /* captured bulk OUT */
	size_t nout, cap;
	size_t unplug_after;            /* fail OUT submissions past this many bytes */
	int unplugged;                  /* ... and every submission after that */
	unsigned char answer[5];        /* reply to DLE EOT n, 0 = none */
	int hold_out;                   /* never complete OUT URBs */
	unsigned char status[8];        /* bytes to answer on bulk IN */
	int nstatus;
	GList *ready;                   /* UMockdevIoctlData* to reap */
	GList *flying;                  /* submitted, not completed */
};

static struct fake fk;
static UMockdevTestbed *tb;
static UMockdevIoctlBase *handler;

static void fake_reset(void)
{
	pthread_mutex_lock(&fk.lock);
	fk.bound = 1;
	fk.detaches = fk.attaches = fk.claims = 0;
	fk.nout = 0;
	fk.unplug_after = (size_t)-1;
	fk.unplugged = 0;
	memset(fk.answer, 0, sizeof(fk.answer));
	fk.hold_out = 0;
	fk.nstatus = 0;
	pthread_mutex_unlock(&fk.lock);
}

/* A printer answers DLE EOT n after it reads it: queue the reply. */
static void queue_answers(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i + 2 < n; i++)
		if (p[i] == 0x10 && p[i + 1] == 0x04 && p[i + 2] <= 4 && fk.answer[p[i + 2]] &&
		    fk.nstatus < (int)sizeof(fk.status))
			fk.status[fk.nstatus++] = fk.answer[p[i + 2]];
}

static void capture(const unsigned char *p, size_t n)
{
	queue_answers(p, n);
	if (fk.nout + n > fk.cap) {
		fk.cap = (fk.nout + n) * 2;
		fk.out = realloc(fk.out, fk.cap);
		assert_non_null(fk.out);
	}
	memcpy(fk.out + fk.nout, p, n);
	fk.nout += n;
}

/* The reply to a control request (string descriptors); -1 = stall. */
static int control_reply(const unsigned char *setup, unsigned char *data, int max)
{
	static const char *strings[] = { NULL, "Fake", "POS58 Printer", "TEST0001" };
	int idx = setup[2], len, i;

	if (setup[0] != 0x80 || setup[1] != 6 || setup[3] != 3)
		return -1;
	if (idx == 0) {
		len = 4;
		if (len > max)
			len = max;
		memcpy(data, "\x04\x03\x09\x04", (size_t)len);
		return len;
	}
	if (idx > 3)
		return -1;
	len = 2 + 2 * (int)strlen(strings[idx]);
	if (len > max)
		len = max;
	data[0] = (unsigned char)(2 + 2 * strlen(strings[idx]));
	data[1] = 3;
	for (i = 2; i + 1 < len; i += 2) {
		data[i] = (unsigned char)strings[idx][(i - 2) / 2];
		data[i + 1] = 0;
	}
	return len;
}

static gboolean on_ioctl(UMockdevIoctlBase *h, UMockdevIoctlClient *client, gpointer user)
{
	gulong req = umockdev_ioctl_client_get_request(client);
	UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(client);
	gboolean done = TRUE;

	(void)h;
	(void)user;
	pthread_mutex_lock(&fk.lock);
	switch (req) {
	case USBDEVFS_GET_CAPABILITIES: {
		UMockdevIoctlData *d = umockdev_ioctl_data_resolve(arg, 0, sizeof(guint32), NULL);

		*(guint32 *)d->data = USBDEVFS_CAP_BULK_CONTINUATION | USBDEVFS_CAP_NO_PACKET_SIZE_LIM |
				      USBDEVFS_CAP_REAP_AFTER_DISCONNECT;
		umockdev_ioctl_data_unref(d);
		umockdev_ioctl_client_complete(client, 0, 0);
		break;
	}
	case USBDEVFS_GETDRIVER: {
		UMockdevIoctlData *d = umockdev_ioctl_data_resolve(arg, 0,
			sizeof(struct usbdevfs_getdriver), NULL);
		struct usbdevfs_getdriver *g = (struct usbdevfs_getdriver *)d->data;

		if (fk.bound) {
			snprintf(g->driver, sizeof(g->driver), "usblp");
			umockdev_ioctl_client_complete(client, 0, 0);
		} else {
			umockdev_ioctl_client_complete(client, -1, ENODATA);
		}
		umockdev_ioctl_data_unref(d);
		break;
	}
	case USBDEVFS_IOCTL: {
		UMockdevIoctlData *d = umockdev_ioctl_data_resolve(arg, 0,
			sizeof(struct usbdevfs_ioctl), NULL);
		struct usbdevfs_ioctl *io = (struct usbdevfs_ioctl *)d->data;

		if (io->ioctl_code == (int)USBDEVFS_DISCONNECT) {
			fk.bound = 0;
			fk.detaches++;
			umockdev_ioctl_client_complete(client, 0, 0);
		} else if (io->ioctl_code == (int)USBDEVFS_CONNECT) {
			fk.bound = 1;
			fk.attaches++;
			umockdev_ioctl_client_complete(client, 0, 0);
		} else {
			umockdev_ioctl_client_complete(client, -1, ENOTTY);
		}
		umockdev_ioctl_data_unref(d);
		break;
	}
	case USBDEVFS_CLAIMINTERFACE:
		fk.claims++;
		umockdev_ioctl_client_complete(client, fk.bound ? -1 : 0, fk.bound ? EBUSY : 0);
		break;
	case USBDEVFS_RELEASEINTERFACE:
	case USBDEVFS_SETCONFIGURATION:
	case USBDEVFS_CLEAR_HALT:
	case USBDEVFS_RESET:
		umockdev_ioctl_client_complete(client, 0, 0);
		break;
	case USBDEVFS_SUBMITURB: {
		UMockdevIoctlData *ud = umockdev_ioctl_data_resolve(arg, 0,
			sizeof(struct usbdevfs_urb), NULL);
		struct usbdevfs_urb *urb = (struct usbdevfs_urb *)ud->data;
		UMockdevIoctlData *buf = umockdev_ioctl_data_resolve(ud,
			offsetof(struct usbdevfs_urb, buffer), (gsize)urb->buffer_length, NULL);
		unsigned char *b = buf->data;

		urb->status = 0;
		if (urb->type == USBDEVFS_URB_TYPE_CONTROL) {
			int len = control_reply(b, b + 8, urb->buffer_length - 8);

			if (len < 0) {
				urb->status = -EPIPE;
				urb->actual_length = 0;
			} else {
				urb->actual_length = len;
			}
			fk.ready = g_list_append(fk.ready, ud);
			umockdev_ioctl_client_complete(client, 0, 0);
		} else if (!(urb->endpoint & 0x80)) {
			if (fk.unplugged || fk.nout + (size_t)urb->buffer_length > fk.unplug_after) {
				fk.unplugged = 1;
				umockdev_ioctl_data_unref(ud);
				umockdev_ioctl_client_complete(client, -1, ENODEV);
			} else if (fk.hold_out) {
				fk.flying = g_list_append(fk.flying, ud);
				umockdev_ioctl_client_complete(client, 0, 0);
			} else {
				capture(b, (size_t)urb->buffer_length);
				urb->actual_length = urb->buffer_length;
				fk.ready = g_list_append(fk.ready, ud);
				umockdev_ioctl_client_complete(client, 0, 0);
			}
		} else if (fk.nstatus > 0 && urb->buffer_length >= 1) {
			b[0] = fk.status[0];
			memmove(fk.status, fk.status + 1, (size_t)--fk.nstatus);
			urb->actual_length = 1;
			fk.ready = g_list_append(fk.ready, ud);
			umockdev_ioctl_client_complete(client, 0, 0);
		} else {
			fk.flying = g_list_append(fk.flying, ud);       /* nothing to say */
			umockdev_ioctl_client_complete(client, 0, 0);
		}
		umockdev_ioctl_data_unref(buf);
		break;
	}
	case USBDEVFS_DISCARDURB: {
		GList *l;

		for (l = fk.flying; l; l = l->next)
			if (((UMockdevIoctlData *)l->data)->client_addr == (gulong)arg->data[0] ||
			    ((UMockdevIoctlData *)l->data)->client_addr == *(gulong *)arg->data)
				break;
		if (l) {
			UMockdevIoctlData *ud = l->data;

			((struct usbdevfs_urb *)ud->data)->status = -ENOENT;
			((struct usbdevfs_urb *)ud->data)->actual_length = 0;
			fk.flying = g_list_delete_link(fk.flying, l);
			fk.ready = g_list_append(fk.ready, ud);
			umockdev_ioctl_client_complete(client, 0, 0);
		} else {
			umockdev_ioctl_client_complete(client, -1, EINVAL);
		}
		break;
	}
	case USBDEVFS_REAPURB:
	case USBDEVFS_REAPURBNDELAY:
		if (fk.ready) {
			UMockdevIoctlData *ud = fk.ready->data;
			UMockdevIoctlData *p = umockdev_ioctl_data_resolve(arg, 0, sizeof(gpointer), NULL);

			fk.ready = g_list_delete_link(fk.ready, fk.ready);
			umockdev_ioctl_data_set_ptr(p, 0, ud);
			umockdev_ioctl_data_unref(p);
			umockdev_ioctl_data_unref(ud);
			umockdev_ioctl_client_complete(client, 0, 0);
		} else {
			umockdev_ioctl_client_complete(client, -1, EAGAIN);
		}
		break;
	default:
		done = FALSE;
	}
	pthread_mutex_unlock(&fk.lock);
	return done;
}

/* Load the printer description and attach the handler; 0 or -1. */
static int fake_printer_attach(void)
{
	const char *src = getenv("OCOP_SRC");
	char path[512];
	GError *e = NULL;

	pthread_mutex_init(&fk.lock, NULL);
	snprintf(path, sizeof(path), "%s/tests/data/usb/printer.umockdev", src ? src : ".");
	tb = umockdev_testbed_new();
	handler = umockdev_ioctl_base_new();
	g_signal_connect(handler, "handle-ioctl", G_CALLBACK(on_ioctl), NULL);
	if (!umockdev_testbed_add_from_file(tb, path, &e)) {
		fprintf(stderr, "cannot load %s: %s\n", path, e ? e->message : "?");
		return -1;
	}
	if (!umockdev_testbed_attach_ioctl(tb, DEVNODE, handler, &e)) {
		fprintf(stderr, "cannot attach ioctl handler: %s\n", e ? e->message : "?");
		return -1;
	}
	return 0;
}

static void fake_printer_detach(void)
{
	g_clear_object(&handler);
	g_clear_object(&tb);
	free(fk.out);
	fk.out = NULL;
	fk.cap = fk.nout = 0;
}

#endif
