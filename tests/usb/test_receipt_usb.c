/*
 * test_receipt_usb.c - a completed sale printed from the command line
 * (`ocop-pos receipt print N --printer usb:auto`) on an emulated POS58
 * printer (tests/data/usb/printer.umockdev: 0416:5011, interface
 * 07/01/02, bulk OUT 0x01, bulk IN 0x82), with the printer's status asked
 * before and after, and the failures a cashier meets: paper out (nothing
 * is sent, the message says what to do), paper nearly out (printed, with a
 * warning) and the printer unplugged half-way
 * (ENODEV) - the sale stays saved and the message says how to print it
 * again.
 *
 * The sale is made in this process through core; the real ocop-pos
 * ($OCOP_POS) runs as a child, and umockdev forwards its usbfs ioctls to
 * the handler here (the same fake usbfs as test_printer_usb.c: usblp bound
 * until detached, bulk OUT captured, DLE EOT answered from a table, ENODEV
 * after a number of bytes).  Run under umockdev-wrapper (tests/run.sh).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <linux/usbdevice_fs.h>
#include <pthread.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <umockdev.h>
#include <cmocka.h>

#include "core/catalog.h"
#include "core/db.h"
#include "core/producer.h"
#include "core/refdata.h"
#include "core/sale.h"
#include "core/shift.h"
#include "core/showroom.h"
#include "core/stock.h"
#include "core/user.h"

extern char **environ;

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

static int usb_setup(void)
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

static void usb_teardown(void)
{
	g_clear_object(&handler);
	g_clear_object(&tb);
	free(fk.out);
}


/* ---- the sale, made through core --------------------------------------- */

static char dir[64], dbpath[128], receipt_no[SALE_RECEIPT_NO_MAX];

static void make_sale(void)
{
	struct stock_receipt_line l;
	struct sale_result res;
	struct user admin, lan;
	struct product p;
	struct producer pr;
	struct showroom sr;
	struct shift sh;
	struct cart c;
	struct pos_error err;
	struct db *db;
	char grn[STOCK_DOC_MAX];
	int changed;

	snprintf(dir, sizeof(dir), "/tmp/ocop-rusb-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(dbpath, sizeof(dbpath), "%s/shop.db", dir);
	assert_int_equal(refdata_load(NULL, &err), 0);
	if (db_open(dbpath, DB_CREATE, &db, &err))
		fail_msg("db_open: %s", err.msg);
	showroom_init_struct(&sr);
	snprintf(sr.code, sizeof(sr.code), "DN01");
	snprintf(sr.name, sizeof(sr.name), "Điểm OCOP Đà Nẵng");
	snprintf(sr.province, sizeof(sr.province), "48");
	snprintf(sr.tax_code, sizeof(sr.tax_code), "0100109106");
	if (showroom_create(db, &sr, &err) ||
	    user_add(db, NULL, "admin", "", ROLE_ADMIN, "1111", &admin, &err) ||
	    user_add(db, &admin, "lan", "Nguyễn Thị Lan", ROLE_CASHIER, "1234", &lan, &err))
		fail_msg("setup: %s", err.msg);
	producer_init(&pr);
	snprintf(pr.code, sizeof(pr.code), "HTX-A");
	snprintf(pr.name, sizeof(pr.name), "HTX Mật ong Mèo Vạc");
	snprintf(pr.province, sizeof(pr.province), "08");
	pr.kind = PRODUCER_COOPERATIVE;
	if (producer_save(db, &pr, &changed, &err))
		fail_msg("producer_save: %s", err.msg);
	product_init(&p);
	snprintf(p.sku, sizeof(p.sku), "MO-001");
	snprintf(p.name, sizeof(p.name), "Mật ong bạc hà Mèo Vạc");
	snprintf(p.unit, sizeof(p.unit), "hũ");
	snprintf(p.producer, sizeof(p.producer), "HTX-A");
	snprintf(p.origin_province, sizeof(p.origin_province), "08");
	p.ocop_group = 1;
	p.stars = 4;
	p.price = 185000;
	p.vat_rate = 5;
	snprintf(p.cert_number, sizeof(p.cert_number), "12/QĐ-UBND");
	snprintf(p.cert_issued, sizeof(p.cert_issued), "2025-01-15");
	snprintf(p.barcodes[0], PRODUCT_BARCODE_LEN, "8931234500016");
	p.nbarcodes = 1;
	if (product_validate(&p, &err) || catalog_save(db, &p, "test", &changed, &err))
		fail_msg("product: %s", err.msg);
	memset(&l, 0, sizeof(l));
	l.product_id = p.id;
	l.qty_milli = 10000;
	l.unit_cost = 120000;
	if (stock_receive(db, NULL, "2026-11-20", &l, 1, grn, &err) ||
	    shift_open(db, &lan, "01", 500000, &sh, &err) ||
	    cart_init(&c, "01", lan.id, &err) ||
	    cart_add_code(&c, db, NULL, "8931234500016", 2000, &err) ||
	    cart_pay(&c, db, PAY_CASH, 0, 400000, NULL, &err) ||
	    sale_complete(db, &c, &lan, &res, &err))
		fail_msg("sale: %s", err.msg);
	cart_release(&c);
	snprintf(receipt_no, sizeof(receipt_no), "%s", res.receipt_no);
	db_close(db);
}

static int setup(void **s)
{
	(void)s;
	setenv("OCOP_POS_NOW", "2026-11-22T03:00:00Z", 1);
	unsetenv("OCOP_POS_PRINTER");
	unsetenv("OCOP_POS_DATADIR");
	if (!getenv("OCOP_POS")) {
		fprintf(stderr, "test_receipt_usb: set OCOP_POS to the ocop-pos binary\n");
		return -1;
	}
	if (usb_setup())
		return -1;
	make_sale();
	return 0;
}

static int teardown(void **s)
{
	char cmd[128];

	(void)s;
	usb_teardown();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) ? -1 : 0;
}

/* ---- the command line as a child ---------------------------------------- */

struct run {
	int rc;
	char out[4096], err[4096];
};

static void slurp(const char *path, char *buf, size_t n)
{
	FILE *f = fopen(path, "r");
	size_t k = 0;

	if (f) {
		k = fread(buf, 1, n - 1, f);
		fclose(f);
	}
	buf[k] = '\0';
}

/* ocop-pos --lang en --db DB receipt print NO --profile xprinter-pos58 --printer SPEC */
static void print_to(const char *spec, struct run *r)
{
	char outp[160], errp[160];
	char *argv[] = { "ocop-pos", "--lang", "en", "--db", dbpath, "receipt", "print",
			 receipt_no, "--profile", "xprinter-pos58", "--printer", (char *)spec, NULL };
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st;

	snprintf(outp, sizeof(outp), "%s/out", dir);
	snprintf(errp, sizeof(errp), "%s/err", dir);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, outp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_addopen(&fa, 2, errp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_int_equal(posix_spawn(&pid, getenv("OCOP_POS"), &fa, NULL, argv, environ), 0);
	posix_spawn_file_actions_destroy(&fa);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	r->rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
	slurp(outp, r->out, sizeof(r->out));
	slurp(errp, r->err, sizeof(r->err));
}

static unsigned char *file_bytes(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *b;
	long size;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	b = malloc((size_t)size + 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	*n = (size_t)size;
	return b;
}

static void online(void)
{
	pthread_mutex_lock(&fk.lock);
	fk.answer[1] = 0x12;            /* online */
	fk.answer[2] = 0x12;            /* no offline cause */
	fk.answer[4] = 0x12;            /* paper present */
	pthread_mutex_unlock(&fk.lock);
}

static void must(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("\"%s\" lacks \"%s\"", hay, needle);
}

static void test_print_usb(void **s)
{
	char spec[200], want[200];
	unsigned char *file;
	struct run r;
	size_t n;

	(void)s;
	/* The bytes the printer should get: the same print to a file. */
	snprintf(spec, sizeof(spec), "file:%s/receipt.bin", dir);
	print_to(spec, &r);
	if (r.rc)
		fail_msg("print to a file: %s", r.err);
	snprintf(spec, sizeof(spec), "%s/receipt.bin", dir);
	file = file_bytes(spec, &n);
	assert_true(n > 4096);                  /* several USB chunks */

	fake_reset();
	online();
	print_to("usb:auto", &r);
	if (r.rc)
		fail_msg("print to usb:auto: rc %d: %s", r.rc, r.err);
	snprintf(want, sizeof(want), "Printed receipt %s on usb:", receipt_no);
	must(r.out, want);
	must(r.out, "(profile xprinter-pos58");
	assert_int_equal(fk.detaches, 1);       /* usblp was detached ... */
	assert_int_equal(fk.bound, 1);          /* ... and given back */
	/* Status first (DLE EOT 1, 2, 4), then exactly the receipt, then status again. */
	assert_true(fk.nout >= 9 + n);
	assert_memory_equal(fk.out, "\x10\x04\x01\x10\x04\x02\x10\x04\x04", 9);
	assert_memory_equal(fk.out + 9, file, n);
	assert_int_equal(fk.nout, 9 + n + 9);
	free(file);
}

static void test_paper_out(void **s)
{
	struct run r;

	(void)s;
	fake_reset();
	pthread_mutex_lock(&fk.lock);
	fk.answer[1] = 0x12;
	fk.answer[2] = 0x36;                    /* cover open, stopped for paper end */
	fk.answer[4] = 0x72;                    /* roll end */
	pthread_mutex_unlock(&fk.lock);
	print_to("usb:auto", &r);
	assert_int_equal(r.rc, 1);
	must(r.err, "out of paper");
	must(r.err, "is saved: print it again with `ocop-pos receipt print");
	assert_int_equal(fk.nout, 9);           /* nothing but the questions */
}

static void test_near_end(void **s)
{
	struct run r;

	(void)s;
	fake_reset();
	online();
	pthread_mutex_lock(&fk.lock);
	fk.answer[4] = 0x1E;                    /* paper near its end */
	pthread_mutex_unlock(&fk.lock);
	print_to("usb:auto", &r);
	if (r.rc)
		fail_msg("rc %d: %s", r.rc, r.err);
	must(r.out, "Printed receipt");
	must(r.err, "warning: the paper roll is nearly finished");
}

static void test_unplugged(void **s)
{
	struct pos_error err;
	struct sale_doc d;
	struct db *db;
	struct run r;

	(void)s;
	fake_reset();
	online();
	pthread_mutex_lock(&fk.lock);
	fk.unplug_after = 9 + 5000;             /* pulled out after the first chunk */
	pthread_mutex_unlock(&fk.lock);
	print_to("usb:auto", &r);
	assert_int_equal(r.rc, 1);
	must(r.err, "unplugged");
	must(r.err, receipt_no);
	must(r.err, "is saved");
	/* The sale is untouched. */
	if (db_open(dbpath, 0, &db, &err))
		fail_msg("db_open: %s", err.msg);
	assert_int_equal(sale_doc_load(db, receipt_no, &d, &err), 0);
	assert_int_equal(d.total, 370000);
	sale_doc_release(&d);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_print_usb),
		cmocka_unit_test(test_paper_out),
		cmocka_unit_test(test_near_end),
		cmocka_unit_test(test_unplugged),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
