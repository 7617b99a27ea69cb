/*
 * bench_scanner.c - decode-to-event latency of the scanner drivers: the
 * time from the last byte of a scan being handed to a decoder to its scan
 * event being taken, per scan.  Budget: < 1 ms per scan (a barcode
 * scanned to the line on screen is < 1 ms in core; the driver must not
 * eat that).
 *
 * Each decoder gets what the device sends for one EAN-13 scan
 * ("8935001234562" + the suffix) and the scan event is taken out:
 *   1. HID keyboard: 28 boot reports of 8 bytes (a press and a release
 *      per key), hidkbd_feed() each, hidkbd_next();
 *   2. HID POS: one 64-byte report, hidpos_feed(), hidpos_next(); and a
 *      120-character code in three reports (multi-report assembly);
 *   3. evdev: 56 input events (press, SYN, release, SYN per key),
 *      evkbd_feed() each, evkbd_next();
 *   4. wedge: 14 bytes 2 ms apart through the burst detector,
 *      wedge_feed() each, wedge_next();
 *   5. serial: 15 bytes (CR LF) through the code assembler.
 * Baseline for each, in the same run: a bare loop over the same input
 * that copies every report (memcpy) and sums its bytes - the least any
 * decoder must do to look at the input.  The ratio is the decoder's
 * median over the baseline's.
 *
 * End to end, the serial source through the kernel: 15 bytes written to a
 * pty master, poll() on scanner_pollfds(), scanner_handle(),
 * scanner_next(); baseline: the same bytes written to the pty and read
 * back from a raw slave descriptor after poll().  This is what the TUI's
 * loop pays per scan on top of the terminal.
 *
 * Knobs: BENCH_SCANS (20000 scans per decoder), BENCH_E2E (2000 scans
 * end to end).  Timings are printed, never asserted: exit 0 unless
 * something fails.
 */
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "drivers/device.h"
#include "drivers/scanner/evdev.h"
#include "drivers/scanner/hid_keyboard.h"
#include "drivers/scanner/hid_pos.h"
#include "drivers/scanner/scanbuf.h"
#include "drivers/scanner/scanner.h"
#include "drivers/scanner/serial.h"
#include "drivers/scanner/wedge.h"
#include "bench.h"

#define CODE "8935001234562"
#define CODE_LEN 13
#define MS 1000000LL
#define SCAN_BUDGET_US 1000.0
#define MAX_REPORTS 64
#define MAX_EVENTS 128
#define LONG_LEN 120

/* ---- the input of one scan, per kind of device ---------------------- */

struct input {
	uint8_t kbd[MAX_REPORTS][HIDKBD_REPORT_LEN];
	size_t nkbd;
	uint8_t pos[1][HIDPOS_REPORT_LEN];
	uint8_t posl[3][HIDPOS_REPORT_LEN];   /* the long code */
	struct input_event ev[MAX_EVENTS];
	size_t nev;
	uint8_t wedge[CODE_LEN + 1];
	uint8_t serial[CODE_LEN + 2];
};

static uint8_t usage_of(char c)
{
	return c == '0' ? 0x27 : (uint8_t)(0x1e + (c - '1'));
}

static unsigned short key_of(char c)
{
	static const unsigned short keys[10] = {
		KEY_0, KEY_1, KEY_2, KEY_3, KEY_4, KEY_5, KEY_6, KEY_7, KEY_8, KEY_9,
	};

	return keys[c - '0'];
}

static void pos_report(uint8_t rep[HIDPOS_REPORT_LEN], const char *aim, const char *data,
		       size_t len, int more)
{
	memset(rep, 0, HIDPOS_REPORT_LEN);
	rep[0] = HIDPOS_REPORT_ID;
	rep[1] = (uint8_t)len;
	memcpy(rep + 2, aim, 3);
	memcpy(rep + 5, data, len);
	rep[63] = (uint8_t)more;
}

static void add_event(struct input *in, unsigned type, unsigned code, int value)
{
	struct input_event *e = &in->ev[in->nev++];

	memset(e, 0, sizeof(*e));
	e->type = (unsigned short)type;
	e->code = (unsigned short)code;
	e->value = value;
}

static void make_input(struct input *in)
{
	char longcode[LONG_LEN];
	size_t i;

	memset(in, 0, sizeof(*in));
	for (i = 0; i <= CODE_LEN; i++) {
		uint8_t u = i < CODE_LEN ? usage_of(CODE[i]) : 0x28;
		unsigned short k = i < CODE_LEN ? key_of(CODE[i]) : KEY_ENTER;

		in->kbd[in->nkbd][2] = u;       /* press; the release stays all zero */
		in->nkbd += 2;
		add_event(in, EV_KEY, k, 1);
		add_event(in, EV_SYN, SYN_REPORT, 0);
		add_event(in, EV_KEY, k, 0);
		add_event(in, EV_SYN, SYN_REPORT, 0);
	}
	pos_report(in->pos[0], "]E0", CODE, CODE_LEN, 0);
	for (i = 0; i < LONG_LEN; i++)
		longcode[i] = (char)('0' + i % 10);
	pos_report(in->posl[0], "]C1", longcode, 56, 1);
	pos_report(in->posl[1], "]C1", longcode + 56, 56, 1);
	pos_report(in->posl[2], "]C1", longcode + 112, LONG_LEN - 112, 0);
	memcpy(in->wedge, CODE "\r", CODE_LEN + 1);
	memcpy(in->serial, CODE "\r\n", CODE_LEN + 2);
}

/* ---- the decoders, one scan per call ---------------------------------- */

struct ctx {
	struct input in;
	struct hidkbd kbd;
	struct hidpos pos;
	struct evkbd evk;
	struct wedge wedge;
	struct scanbuf ser;
	volatile unsigned sink;     /* keeps the baselines' work */
	unsigned long scans;
};

/* Each scan's clock starts 1 s after the previous: no pause is pending. */
static int64_t t_of(size_t i)
{
	return (int64_t)(i + 1) * 1000 * MS;
}

/* The event must be our code: a benchmark of a wrong decoder is worthless. */
static int check(struct ctx *c, const struct scan_event *ev, size_t len)
{
	if (strlen(ev->code) != len || ev->partial ||
	    (len == CODE_LEN && memcmp(ev->code, CODE, CODE_LEN) != 0)) {
		fprintf(stderr, "bench: decoded \"%s\" (partial %d), not the code\n", ev->code,
			ev->partial);
		return 1;
	}
	c->scans++;
	return 0;
}

static int run_kbd(void *vctx, size_t i)
{
	struct ctx *c = vctx;
	struct scan_event ev;
	int64_t t = t_of(i);
	size_t k;

	for (k = 0; k < c->in.nkbd; k++)
		hidkbd_feed(&c->kbd, c->in.kbd[k], HIDKBD_REPORT_LEN, t + (int64_t)k * MS);
	if (!hidkbd_next(&c->kbd, &ev))
		return 1;
	return check(c, &ev, CODE_LEN);
}

static int run_pos(void *vctx, size_t i)
{
	struct ctx *c = vctx;
	struct scan_event ev;

	hidpos_feed(&c->pos, c->in.pos[0], HIDPOS_REPORT_LEN, t_of(i));
	if (!hidpos_next(&c->pos, &ev))
		return 1;
	return check(c, &ev, CODE_LEN);
}

static int run_pos_long(void *vctx, size_t i)
{
	struct ctx *c = vctx;
	struct scan_event ev;
	size_t k;

	for (k = 0; k < 3; k++)
		hidpos_feed(&c->pos, c->in.posl[k], HIDPOS_REPORT_LEN, t_of(i) + (int64_t)k * MS);
	if (!hidpos_next(&c->pos, &ev))
		return 1;
	return check(c, &ev, LONG_LEN);
}

static int run_evdev(void *vctx, size_t i)
{
	struct ctx *c = vctx;
	struct scan_event ev;
	int64_t t = t_of(i);
	size_t k;

	for (k = 0; k < c->in.nev; k++)
		evkbd_feed(&c->evk, c->in.ev[k].type, c->in.ev[k].code, c->in.ev[k].value,
			   t + (int64_t)(k / 2) * MS);
	if (!evkbd_next(&c->evk, &ev))
		return 1;
	return check(c, &ev, CODE_LEN);
}

static int run_wedge(void *vctx, size_t i)
{
	struct ctx *c = vctx;
	struct wedge_out o;
	int64_t t = t_of(i);
	size_t k;

	for (k = 0; k < sizeof(c->in.wedge); k++)
		if (wedge_feed(&c->wedge, c->in.wedge[k], t + (int64_t)k * 2 * MS))
			return 1;
	if (wedge_next(&c->wedge, &o) != WEDGE_SCAN)
		return 1;
	return check(c, &o.scan, CODE_LEN);
}

static int run_serial(void *vctx, size_t i)
{
	struct ctx *c = vctx;
	struct scan_event ev;
	int64_t t = t_of(i);
	size_t k;

	for (k = 0; k < sizeof(c->in.serial); k++)
		scanbuf_char(&c->ser, c->in.serial[k], t);
	if (!scanbuf_next(&c->ser, &ev))
		return 1;
	return check(c, &ev, CODE_LEN);
}

/* ---- baselines: copy and sum the same bytes ----------------------------- */

static unsigned bare(const void *p, size_t n)
{
	uint8_t buf[MAX_EVENTS * sizeof(struct input_event)];
	unsigned sum = 0;
	size_t k;

	memcpy(buf, p, n);
	for (k = 0; k < n; k++)
		sum += buf[k];
	return sum;
}

static int base_kbd(void *vctx, size_t i)
{
	struct ctx *c = vctx;

	(void)i;
	c->sink += bare(c->in.kbd, c->in.nkbd * HIDKBD_REPORT_LEN);
	return 0;
}

static int base_pos(void *vctx, size_t i)
{
	struct ctx *c = vctx;

	(void)i;
	c->sink += bare(c->in.pos, sizeof(c->in.pos));
	return 0;
}

static int base_pos_long(void *vctx, size_t i)
{
	struct ctx *c = vctx;

	(void)i;
	c->sink += bare(c->in.posl, sizeof(c->in.posl));
	return 0;
}

static int base_evdev(void *vctx, size_t i)
{
	struct ctx *c = vctx;

	(void)i;
	c->sink += bare(c->in.ev, c->in.nev * sizeof(c->in.ev[0]));
	return 0;
}

static int base_wedge(void *vctx, size_t i)
{
	struct ctx *c = vctx;

	(void)i;
	c->sink += bare(c->in.wedge, sizeof(c->in.wedge));
	return 0;
}

static int base_serial(void *vctx, size_t i)
{
	struct ctx *c = vctx;

	(void)i;
	c->sink += bare(c->in.serial, sizeof(c->in.serial));
	return 0;
}

/* ---- end to end: the serial source on a pty ------------------------------ */

struct e2e {
	int master;
	int raw;                    /* baseline: the slave opened raw by hand */
	struct scanner *s;
	char slave[128];
};

static int write_all(int fd, const void *p, size_t n)
{
	return write(fd, p, n) == (ssize_t)n ? 0 : 1;
}

static int e2e_source(void *vctx, size_t i)
{
	struct e2e *e = vctx;
	struct pollfd fds[SCANNER_MAX_FDS];
	struct scan_event ev;
	struct pos_error err;
	int n, rounds;

	(void)i;
	if (write_all(e->master, CODE "\r\n", CODE_LEN + 2))
		return 1;
	for (rounds = 0; rounds < 1000; rounds++) {
		n = scanner_pollfds(e->s, fds, SCANNER_MAX_FDS);
		if (poll(fds, (nfds_t)n, 1000) < 0 || scanner_handle(e->s, &err))
			return 1;
		if (scanner_next(e->s, &ev))
			return strcmp(ev.code, CODE) != 0 || ev.partial;
	}
	return 1;
}

static int e2e_base(void *vctx, size_t i)
{
	struct e2e *e = vctx;
	struct pollfd p;
	char buf[64];
	size_t got = 0;
	ssize_t r;

	(void)i;
	if (write_all(e->master, CODE "\r\n", CODE_LEN + 2))
		return 1;
	while (got < CODE_LEN + 2) {
		p.fd = e->raw;
		p.events = POLLIN;
		p.revents = 0;
		if (poll(&p, 1, 1000) <= 0)
			return 1;
		r = read(e->raw, buf + got, sizeof(buf) - got);
		if (r <= 0)
			return 1;
		got += (size_t)r;
	}
	return 0;
}

static int e2e_open(struct e2e *e, struct pos_error *err)
{
	struct device_spec spec;
	struct scanner_opts o;
	char text[160];

	memset(e, 0, sizeof(*e));
	e->raw = -1;
	e->master = posix_openpt(O_RDWR | O_NOCTTY);
	if (e->master < 0 || grantpt(e->master) || unlockpt(e->master) ||
	    ptsname_r(e->master, e->slave, sizeof(e->slave)))
		return pos_fail(err, POS_ERR_IO, "cannot make a pty");
	snprintf(text, sizeof(text), "serial:%s", e->slave);
	scanner_opts_init(&o);
	if (device_spec_parse(text, &spec, err) || scanner_open(&spec, &o, &e->s, err))
		return POS_ERR_DEVICE;
	e->raw = open(e->slave, O_RDWR | O_NOCTTY | O_NONBLOCK);
	if (e->raw < 0 || serial_set_raw(e->raw, 9600, err))
		return POS_ERR_DEVICE;
	return 0;
}

static void e2e_close(struct e2e *e)
{
	scanner_close(e->s);
	if (e->raw >= 0)
		close(e->raw);
	if (e->master >= 0)
		close(e->master);
}

/* ---- the report ------------------------------------------------------------- */

struct row {
	const char *what;
	size_t bytes;
	char base_name[BENCH_NAME_MAX];
	struct bench_result r, base;
};

int main(void)
{
	struct ctx *c;
	struct e2e e;
	struct pos_error err = { 0 };
	struct bench_result e2e_r, e2e_b;
	struct row rows[6];
	long nscans, ne2e;
	size_t i, nrows = 0;
	double worst_us = 0;
	int ok, status = 1, e2e_ok = 0;

	nscans = bench_env_long("BENCH_SCANS", 20000);
	ne2e = bench_env_long("BENCH_E2E", 2000);
	if (nscans < 0 || ne2e < 0)
		return 1;
	c = calloc(1, sizeof(*c));
	if (!c) {
		fprintf(stderr, "bench: out of memory\n");
		return 1;
	}
	make_input(&c->in);
	hidkbd_init(&c->kbd, NULL, "usb:0c2e:0b81");
	hidpos_init(&c->pos, NULL, "usb:0c2e:0b8f");
	evkbd_init(&c->evk, NULL, "evdev:/dev/input/event5");
	wedge_init(&c->wedge, NULL, "wedge");
	scanbuf_init(&c->ser, SCANNER_SUFFIX_ENTER, SCANNER_DEF_FLUSH_MS, "serial:/dev/ttyACM0");

	printf("== scanner benchmark: decode-to-event latency, %ld scans of \"%s\" per "
	       "decoder ==\n", nscans, CODE);
	/* Warm the caches and branch predictors, untimed. */
	for (i = 0; i < 1000; i++)
		if (run_kbd(c, i) || run_pos(c, i) || run_evdev(c, i) || run_wedge(c, i) ||
		    run_serial(c, i) || run_pos_long(c, i))
			goto fail;

#define ROW(label, n, fn, bfn) do { \
		rows[nrows].what = label; \
		rows[nrows].bytes = n; \
		snprintf(rows[nrows].base_name, BENCH_NAME_MAX, "baseline: copy+sum %zu bytes", \
			 rows[nrows].bytes); \
		if (bench_run(rows[nrows].base_name, (size_t)nscans, bfn, c, \
			      &rows[nrows].base) || \
		    bench_run(label, (size_t)nscans, fn, c, &rows[nrows].r)) \
			goto fail; \
		nrows++; \
	} while (0)

	ROW("HID keyboard: 28 reports", c->in.nkbd * HIDKBD_REPORT_LEN, run_kbd, base_kbd);
	ROW("HID POS: 1 report", sizeof(c->in.pos), run_pos, base_pos);
	ROW("HID POS: 120 chars, 3 reports", sizeof(c->in.posl), run_pos_long, base_pos_long);
	ROW("evdev: 56 input events", c->in.nev * sizeof(c->in.ev[0]), run_evdev, base_evdev);
	ROW("wedge: 14 keys, burst detector", sizeof(c->in.wedge), run_wedge, base_wedge);
	ROW("serial: 15 bytes", sizeof(c->in.serial), run_serial, base_serial);
#undef ROW

	printf("\n-- per scan, decoder vs a bare copy+sum of the same bytes --\n");
	bench_print_header();
	for (i = 0; i < nrows; i++) {
		bench_print(&rows[i].base, NULL);
		bench_print(&rows[i].r, &rows[i].base);
	}
	printf("%lu scans decoded, every one checked\n", c->scans);

	printf("\n-- end to end: serial source on a pty (write, poll, handle, next), "
	       "%ld scans --\n", ne2e);
	if (e2e_open(&e, &err) != 0) {
		printf("skipped: %s\n", pos_error_text(&err));
	} else if (bench_run("pty write+poll+read (baseline)", (size_t)ne2e, e2e_base, &e,
			     &e2e_b) ||
		   bench_run("serial source: bytes to scan event", (size_t)ne2e, e2e_source, &e,
			     &e2e_r)) {
		printf("skipped: the pty stopped answering\n");
	} else {
		bench_print_header();
		bench_print(&e2e_b, NULL);
		bench_print(&e2e_r, &e2e_b);
		e2e_ok = 1;
	}
	e2e_close(&e);

	printf("\n== summary: per scan ==\n");
	printf("%-34s %6s %10s %10s %10s %8s  %-8s %s\n", "decoder", "bytes", "median_us",
	       "p99_us", "max_us", "ratio", "budget", "verdict");
	for (i = 0; i < nrows; i++) {
		ok = rows[i].r.p99_us < SCAN_BUDGET_US;
		if (rows[i].r.p99_us > worst_us)
			worst_us = rows[i].r.p99_us;
		printf("%-34s %6zu %10.3f %10.3f %10.3f %7.1fx  %-8s %s\n", rows[i].what,
		       rows[i].bytes, rows[i].r.median_us, rows[i].r.p99_us, rows[i].r.max_us,
		       rows[i].base.median_us > 0 ? rows[i].r.median_us / rows[i].base.median_us
						   : 0.0,
		       "< 1 ms", ok ? "OK" : "OVER");
	}
	if (e2e_ok) {
		ok = e2e_r.p99_us < SCAN_BUDGET_US;
		if (e2e_r.p99_us > worst_us)
			worst_us = e2e_r.p99_us;
		printf("%-34s %6d %10.3f %10.3f %10.3f %7.1fx  %-8s %s\n", "serial on a pty, end to end",
		       CODE_LEN + 2, e2e_r.median_us, e2e_r.p99_us, e2e_r.max_us,
		       e2e_b.median_us > 0 ? e2e_r.median_us / e2e_b.median_us : 0.0, "< 1 ms",
		       ok ? "OK" : "OVER");
	}
	bench_verdict("scan decoded to its event < 1 ms", "worst p99", worst_us / 1e3,
		      SCAN_BUDGET_US / 1e3, "ms");
	status = 0;
	goto out;
fail:
	fprintf(stderr, "bench: a decoder did not produce the scan\n");
out:
	free(c);
	return status;
}
