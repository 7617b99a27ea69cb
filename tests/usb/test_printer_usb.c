/*
 * test_printer_usb.c - the USB printer path (drivers/usb.c,
 * transport_usb.c, status.c) against an emulated POS58 printer
 * (fake_printer.h: a UMockdevIoctlBase handler playing the kernel's usbfs
 * for tests/data/usb/printer.umockdev, 0416:5011, interface 07/01/02,
 * bulk OUT 0x01, bulk IN 0x82): kernel-driver detach, claims, captured
 * bulk OUT bytes, DLE EOT answers on bulk IN, string descriptors, ENODEV
 * (unplug) and held submissions (a printer that takes nothing).  Run
 * under umockdev-wrapper (tests/run.sh does).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <sys/ioctl.h>
#include <linux/usbdevice_fs.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <umockdev.h>
#include <cmocka.h>

#include "drivers/device.h"
#include "drivers/printer/escpos.h"
#include "drivers/printer/status.h"
#include "drivers/usb.h"

#include "fake_printer.h"

static int setup(void **s)
{
	(void)s;
	return fake_printer_attach();
}

static int teardown(void **s)
{
	(void)s;
	fake_printer_detach();
	return 0;
}

static struct transport *open_usb(const char *text)
{
	struct device_spec spec;
	struct transport *t = NULL;
	struct pos_error err;

	assert_int_equal(device_spec_parse(text, &spec, &err), 0);
	if (transport_open(&spec, &t, &err))
		fail_msg("%s: %s", text, err.msg);
	return t;
}

static void load_profile(struct printer_profile *p)
{
	const char *j = "{\"name\":\"xprinter-pos58\",\"width_dots\":384,\"columns\":32,"
			"\"needs_fs_dot\":true,\"vietnamese\":{\"mode\":\"raster\",\"cp1258\":[27]}}";
	struct pos_error err;

	assert_int_equal(profile_parse(j, strlen(j), "t", p, &err), 0);
}

static void receipt(struct doc *d)
{
	struct pos_error err;

	assert_int_equal(doc_text(d, DOC_BOLD, DOC_CENTER, "HÓA ĐƠN BÁN LẺ", &err), 0);
	assert_int_equal(doc_row2(d, 0, "Mật ong Đắk Lắk 500ml", "185.000 ₫", &err), 0);
	assert_int_equal(doc_qr(d, "https://ocop.example/r/01-2025-000123", 0, DOC_CENTER, &err), 0);
	assert_int_equal(doc_cut(d, 1, &err), 0);
}

static int keep_first(void *ctx, const struct usb_info *info)
{
	struct usb_info *out = ctx;

	if (info->vid == 0x0416)
		*out = *info;
	return 0;
}

static void test_discover(void **s)
{
	struct usb_info seen;
	struct pos_error err;
	struct device_spec spec;
	struct transport *t;

	(void)s;
	fake_reset();
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(usb_list(keep_first, &seen, &err), 0);
	assert_int_equal(seen.vid, 0x0416);
	assert_int_equal(seen.pid, 0x5011);
	assert_int_equal(seen.if_class, USB_CLASS_PRINTER_IF);
	assert_int_equal(seen.if_protocol, 2);
	assert_string_equal(seen.product, "POS58 Printer");
	assert_string_equal(seen.serial, "TEST0001");
	/* By serial: the right one opens, another is not found. */
	t = open_usb("usb:0416:5011:TEST0001");
	transport_close(t);
	assert_int_equal(device_spec_parse("usb:0416:5011:OTHER", &spec, &err), 0);
	assert_int_equal(transport_open(&spec, &t, &err), POS_ERR_NOT_FOUND);
	assert_non_null(strstr(err.msg, "plugged in"));
	assert_int_equal(device_spec_parse("usb:04b8:0e03", &spec, &err), 0);
	assert_int_equal(transport_open(&spec, &t, &err), POS_ERR_NOT_FOUND);
}

static void test_print(void **s)
{
	struct printer_profile p;
	struct escpos_opts o;
	struct pos_error err;
	struct transport *t;
	struct bytebuf b;
	struct doc d;

	(void)s;
	fake_reset();
	load_profile(&p);
	doc_init(&d);
	receipt(&d);
	bytebuf_init(&b);
	escpos_opts_default(&p, &o);
	assert_int_equal(escpos_render(&d, &p, &o, NULL, &b, &err), 0);
	assert_true(b.len > 4096);              /* more than one chunk */
	t = open_usb("usb:auto");
	assert_int_equal(fk.detaches, 1);       /* usblp was detached */
	assert_int_equal(fk.bound, 0);
	assert_int_equal(transport_write(t, b.data, b.len, 2000, &err), 0);
	transport_close(t);
	assert_int_equal(fk.attaches, 1);       /* and given back */
	assert_int_equal(fk.bound, 1);
	assert_int_equal(fk.nout, b.len);
	assert_memory_equal(fk.out, b.data, b.len);
	bytebuf_release(&b);
	doc_release(&d);
}

static void test_status(void **s)
{
	struct printer_status st;
	struct pos_error err;
	struct transport *t;
	char words[200];

	(void)s;
	fake_reset();
	t = open_usb("usb:0416:5011");
	/* Online; cover open + stopped for paper end; roll end. */
	fk.answer[1] = 0x12;
	fk.answer[2] = 0x36;
	fk.answer[4] = 0x72;
	assert_int_equal(status_query(t, 200, &st, &err), 0);
	assert_int_equal(fk.nout, 9);
	assert_memory_equal(fk.out, "\x10\x04\x01\x10\x04\x02\x10\x04\x04", 9);
	assert_int_equal(st.answered, 1);
	assert_int_equal(st.paper_out, 1);
	assert_int_equal(st.cover_open, 1);
	assert_string_equal(status_describe(&st, words, sizeof(words)),
			    "online: cover open, paper out");
	assert_int_equal(status_check(&st, &err), POS_ERR_DEVICE);
	assert_non_null(strstr(err.msg, "out of paper"));
	/* A printer that says nothing: no status, within the timeout. */
	fk.nout = 0;
	memset(fk.answer, 0, sizeof(fk.answer));
	assert_int_equal(status_query(t, 100, &st, &err), 0);
	assert_int_equal(st.answered, 0);
	transport_close(t);
}

static void test_unplug(void **s)
{
	struct printer_profile p;
	struct escpos_opts o;
	struct pos_error err;
	struct transport *t;
	struct bytebuf b;
	struct doc d;

	(void)s;
	fake_reset();
	load_profile(&p);
	doc_init(&d);
	receipt(&d);
	bytebuf_init(&b);
	escpos_opts_default(&p, &o);
	assert_int_equal(escpos_render(&d, &p, &o, NULL, &b, &err), 0);
	t = open_usb("usb:auto");
	fk.unplug_after = 5000;                 /* pulled out after the first chunk */
	assert_int_equal(transport_write(t, b.data, b.len, 2000, &err), POS_ERR_DEVICE);
	assert_non_null(strstr(err.msg, "unplugged"));
	assert_int_equal(fk.nout, 4096);
	assert_memory_equal(fk.out, b.data, 4096);
	/* Still unplugged: the next write fails the same way, no crash. */
	assert_int_equal(transport_write(t, "x", 1, 200, &err), POS_ERR_DEVICE);
	transport_close(t);
	bytebuf_release(&b);
	doc_release(&d);
}

static void test_timeout(void **s)
{
	struct pos_error err;
	struct transport *t;

	(void)s;
	fake_reset();
	t = open_usb("usb:auto");
	fk.hold_out = 1;                        /* the printer takes nothing */
	assert_int_equal(transport_write(t, "\x1b@", 2, 150, &err), POS_ERR_DEVICE);
	assert_non_null(strstr(err.msg, "did not respond"));
	transport_close(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_discover),
		cmocka_unit_test(test_print),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_unplug),
		cmocka_unit_test(test_timeout),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
