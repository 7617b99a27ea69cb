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
 * the handler of fake_printer.h (shared with test_printer_usb.c: usblp
 * bound until detached, bulk OUT captured, DLE EOT answered from a table,
 * ENODEV after a number of bytes).  Run under umockdev-wrapper (tests/run.sh).
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
#include "fake_printer.h"

extern char **environ;

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
	if (fake_printer_attach())
		return -1;
	make_sale();
	return 0;
}

static int teardown(void **s)
{
	char cmd[128];

	(void)s;
	fake_printer_detach();
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

/* ocop-pos --lang en --db DB receipt print NO --profile xprinter-pos58 --printer SPEC
 *         --user lan (her PIN on standard input) */
static void print_to(const char *spec, struct run *r)
{
	char outp[160], errp[160], pinp[160];
	char *argv[] = { "ocop-pos", "--lang", "en", "--db", dbpath, "receipt", "print",
			 receipt_no, "--profile", "xprinter-pos58", "--printer", (char *)spec,
			 "--user", "lan", NULL };
	FILE *pf;
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st;

	snprintf(outp, sizeof(outp), "%s/out", dir);
	snprintf(errp, sizeof(errp), "%s/err", dir);
	snprintf(pinp, sizeof(pinp), "%s/pin", dir);
	pf = fopen(pinp, "w");
	assert_non_null(pf);
	fputs("1234\n", pf);
	fclose(pf);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, pinp, O_RDONLY, 0);
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
