/*
 * test_scanner_serial.c - the serial scanner source over a pseudo-
 * terminal pair: the test writes what a USB-CDC scanner would send into
 * the master side, the source reads the slave side (serial:/dev/pts/N)
 * through the scanner interface and the same poll() loop the TUI runs.
 * Covers a code with CR LF, LF only and CR only, several codes in one
 * write, a code cut without suffix (partial after flush_ms), noise bytes,
 * the unplug (the master closes: disconnected, retries fail, no crash),
 * the re-plug (a stable name pointing at a new pty: scans resume in the
 * same open scanner) and the raw mode of the port.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "drivers/device.h"
#include "drivers/scanner/scanner.h"
#include "drivers/scanner/serial.h"

struct fixture {
	int master;
	char slave[128];
	struct scanner *s;
};

static int open_pty(struct fixture *f)
{
	f->master = posix_openpt(O_RDWR | O_NOCTTY);
	if (f->master < 0 || grantpt(f->master) != 0 || unlockpt(f->master) != 0)
		return -1;
	if (ptsname_r(f->master, f->slave, sizeof(f->slave)) != 0)
		return -1;
	return 0;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct device_spec spec;
	struct scanner_opts o;
	struct pos_error err;
	char text[160];

	if (!f || open_pty(f) != 0)
		return -1;
	snprintf(text, sizeof(text), "serial:%s", f->slave);
	if (device_spec_parse(text, &spec, &err) != 0)
		return -1;
	scanner_opts_init(&o);
	o.flush_ms = 50;
	o.retry_ms = 20;
	if (scanner_open(&spec, &o, &f->s, &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	scanner_close(f->s);
	if (f->master >= 0)
		close(f->master);
	free(f);
	return 0;
}

/*
 * Run the poll() loop for up to ms milliseconds or until want events
 * arrived; returns how many were stored in evs.
 */
static int pump(struct scanner *s, struct scan_event *evs, int want, int ms)
{
	struct pollfd fds[SCANNER_MAX_FDS];
	struct pos_error err;
	int got = 0, n, left = ms;
	int64_t start = scanner_now_ns();

	while (got < want && left > 0) {
		n = scanner_pollfds(s, fds, SCANNER_MAX_FDS);
		poll(fds, (nfds_t)n, left);
		assert_int_equal(scanner_handle(s, &err), 0);
		while (got < want && scanner_next(s, &evs[got]))
			got++;
		left = ms - (int)((scanner_now_ns() - start) / 1000000);
	}
	return got;
}

static void put(struct fixture *f, const char *bytes)
{
	size_t n = strlen(bytes);

	assert_int_equal(write(f->master, bytes, n), (ssize_t)n);
}

static void test_serial_codes(void **state)
{
	struct fixture *f = *state;
	struct scan_event ev[4];

	assert_int_equal(scanner_state(f->s), SCANNER_CONNECTED);
	put(f, "8935001234567\r\n");
	assert_int_equal(pump(f->s, ev, 1, 2000), 1);
	assert_string_equal(ev[0].code, "8935001234567");
	assert_int_equal(ev[0].partial, 0);
	assert_string_equal(ev[0].symbology, "");
	assert_int_equal(strncmp(ev[0].source, "serial:/dev/", 12), 0);
	/* The LF after CR made no second, empty code. */
	assert_int_equal(pump(f->s, ev, 1, 100), 0);

	/* LF only, CR only, and two codes in one write. */
	put(f, "96385074\n");
	put(f, "ABC-123\r04006381333931\r");
	assert_int_equal(pump(f->s, ev, 3, 2000), 3);
	assert_string_equal(ev[0].code, "96385074");
	assert_string_equal(ev[1].code, "ABC-123");
	assert_string_equal(ev[2].code, "04006381333931");
}

static void test_serial_partial(void **state)
{
	struct fixture *f = *state;
	struct scan_event ev[2];
	int64_t t0 = scanner_now_ns();

	put(f, "89350012");
	assert_int_equal(pump(f->s, ev, 1, 2000), 1);
	assert_string_equal(ev[0].code, "89350012");
	assert_int_equal(ev[0].partial, 1);
	/* Not before the flush pause (50 ms). */
	assert_true(scanner_now_ns() - t0 >= 50 * 1000000LL);

	/* Noise bytes are kept visible as '?', the code still ends on CR. */
	put(f, "12\x01\xff" "3\r");
	assert_int_equal(pump(f->s, ev, 1, 2000), 1);
	assert_string_equal(ev[0].code, "12??3");
	assert_int_equal(ev[0].partial, 0);
}

static void test_serial_unplug(void **state)
{
	struct fixture *f = *state;
	struct scan_event ev[2];
	unsigned seq = scanner_state_seq(f->s);
	int n;

	/* A code half sent, then the cable goes.  On a slow machine (a
	 * sanitizer build under load) the flush pause may pass during the
	 * first pump and the partial code come out already. */
	put(f, "4711");
	n = pump(f->s, ev, 1, 10);
	close(f->master);
	f->master = -1;
	if (n == 0)
		n = pump(f->s, ev, 1, 2000);
	else
		assert_int_equal(pump(f->s, ev + 1, 1, 200), 0);
	assert_int_equal(n, 1);
	assert_string_equal(ev[0].code, "4711");
	assert_int_equal(ev[0].partial, 1);
	assert_int_equal(scanner_state(f->s), SCANNER_DISCONNECTED);
	assert_true(scanner_state_seq(f->s) > seq);
	assert_non_null(strstr(scanner_state_text(f->s), f->slave));
	/* Retries (every 20 ms) fail quietly; the loop keeps running. */
	assert_int_equal(pump(f->s, ev, 1, 150), 0);
	assert_int_equal(scanner_state(f->s), SCANNER_DISCONNECTED);
	assert_non_null(strstr(scanner_state_text(f->s), "plugged"));
}

/*
 * Unplugged and plugged back: the port is a stable name (as
 * /dev/serial/by-id/... or a udev symlink is) pointing at a pty; the
 * cable goes (the pty closes), the name comes back pointing at a new
 * pty, and the same open scanner reads the next code.
 */
static void test_serial_replug(void **state)
{
	struct fixture *f = *state, g;
	char dir[] = "/tmp/ocop-serial-XXXXXX", link[64], text[96];
	struct device_spec spec;
	struct scanner_opts o;
	struct scanner *s = NULL;
	struct scan_event ev[2];
	struct pos_error err;
	int i;

	(void)f;
	assert_non_null(mkdtemp(dir));
	snprintf(link, sizeof(link), "%s/ttyACM0", dir);
	assert_int_equal(open_pty(&g), 0);
	assert_int_equal(symlink(g.slave, link), 0);
	snprintf(text, sizeof(text), "serial:%s", link);
	assert_int_equal(device_spec_parse(text, &spec, &err), 0);
	scanner_opts_init(&o);
	o.retry_ms = 20;
	assert_int_equal(scanner_open(&spec, &o, &s, &err), 0);
	assert_int_equal(write(g.master, "96385074\r", 9), 9);
	assert_int_equal(pump(s, ev, 1, 2000), 1);
	assert_string_equal(ev[0].code, "96385074");

	/* Unplugged: the pty goes, the name dangles. */
	close(g.master);
	assert_int_equal(unlink(link), 0);
	for (i = 0; i < 100 && scanner_state(s) != SCANNER_DISCONNECTED; i++)
		pump(s, ev, 1, 10);
	assert_int_equal(scanner_state(s), SCANNER_DISCONNECTED);
	assert_int_equal(pump(s, ev, 1, 60), 0);
	assert_non_null(strstr(scanner_state_text(s), "no serial port"));

	/* Plugged back: the same name, another pty. */
	assert_int_equal(open_pty(&g), 0);
	assert_int_equal(symlink(g.slave, link), 0);
	for (i = 0; i < 200 && scanner_state(s) != SCANNER_CONNECTED; i++)
		pump(s, ev, 1, 5);
	assert_int_equal(scanner_state(s), SCANNER_CONNECTED);
	assert_int_equal(write(g.master, "4006381333931\r\n", 15), 15);
	assert_int_equal(pump(s, ev, 1, 2000), 1);
	assert_string_equal(ev[0].code, "4006381333931");
	assert_int_equal(ev[0].partial, 0);
	scanner_close(s);
	close(g.master);
	assert_int_equal(unlink(link), 0);
	assert_int_equal(rmdir(dir), 0);
}

static void test_serial_raw_mode(void **state)
{
	struct fixture *f = *state;
	struct termios tio;
	struct pos_error err;
	int fd, p[2];

	(void)f;
	fd = open(f->slave, O_RDWR | O_NOCTTY);
	assert_true(fd >= 0);
	assert_int_equal(serial_set_raw(fd, 115200, &err), 0);
	assert_int_equal(tcgetattr(fd, &tio), 0);
	assert_int_equal(tio.c_lflag & (ICANON | ECHO), 0);
	assert_int_equal(tio.c_cflag & CSIZE, CS8);
	assert_int_equal(cfgetispeed(&tio), B115200);
	close(fd);
	/* A pipe is no serial port. */
	assert_int_equal(pipe(p), 0);
	assert_int_equal(serial_set_raw(p[0], 9600, &err), POS_ERR_DEVICE);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_serial_codes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_serial_partial, setup, teardown),
		cmocka_unit_test_setup_teardown(test_serial_unplug, setup, teardown),
		cmocka_unit_test_setup_teardown(test_serial_replug, setup, teardown),
		cmocka_unit_test_setup_teardown(test_serial_raw_mode, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
