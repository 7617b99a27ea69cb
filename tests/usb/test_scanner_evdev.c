/*
 * test_scanner_evdev.c - the evdev scanner source against umockdev's
 * evdev emulation (run under umockdev-wrapper; tests/run.sh does).
 *
 * tests/data/usb/usbkbd.umockdev describes a USB keyboard's input device
 * (/dev/input/event5, with its by-id "-event-kbd" link) and scan.events
 * is an evemu recording of a scanner typing 8935001234567 and Enter, a
 * key every 2 ms (both copied from shared/usb-fixtures).  umockdev replays
 * the recording to the reader in real time.  Covers: the code read through
 * the scanner interface and the poll() loop with its source and its
 * timing; `scanner list` naming the evdev keyboard by its stable path;
 * a device that is gone when opened (an error, or disconnected with
 * allow_absent); and `ocop-pos scanner listen` ($OCOP_POS) reading the
 * replay as a child process.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <umockdev.h>

#include "drivers/device.h"
#include "drivers/scanner/list.h"
#include "drivers/scanner/scanner.h"

#define EVDEV_NODE "/dev/input/event5"
#define EVDEV_SYSFS "/sys/devices/pci0000:00/0000:00:1a.0/usb1/1-1/1-1.5/1-1.5.4/" \
	"1-1.5.4.2/1-1.5.4.2:1.0/input/input5/event5"

struct fixture {
	UMockdevTestbed *tb;
	struct scanner *s;
};

static const char *data_path(const char *name, char *buf, size_t n)
{
	const char *src = getenv("OCOP_SRC");

	snprintf(buf, n, "%s/tests/data/usb/%s", src && *src ? src : ".", name);
	return buf;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	GError *error = NULL;
	char path[512];

	if (!f)
		return -1;
	f->tb = umockdev_testbed_new();
	if (!umockdev_testbed_add_from_file(f->tb, data_path("usbkbd.umockdev", path,
							     sizeof(path)), &error)) {
		fprintf(stderr, "%s: %s\n", path, error ? error->message : "?");
		return -1;
	}
	*state = f;
	return 0;
}

static int setup_empty(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	f->tb = umockdev_testbed_new();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	scanner_close(f->s);
	g_clear_object(&f->tb);
	free(f);
	return 0;
}

static void load_events(struct fixture *f)
{
	GError *error = NULL;
	char path[512];

	if (!umockdev_testbed_load_evemu_events(f->tb, EVDEV_NODE,
						data_path("scan.events", path, sizeof(path)),
						&error)) {
		fprintf(stderr, "%s: %s\n", path, error ? error->message : "?");
		fail();
	}
}

static int pump(struct scanner *s, struct scan_event *evs, int want, int ms)
{
	struct pollfd fds[SCANNER_MAX_FDS];
	struct pos_error err;
	int got = 0, n;
	int64_t end = scanner_now_ns() + (int64_t)ms * 1000000;

	while (got < want && scanner_now_ns() < end) {
		n = scanner_pollfds(s, fds, SCANNER_MAX_FDS);
		poll(fds, (nfds_t)n, 10);
		assert_int_equal(scanner_handle(s, &err), 0);
		while (got < want && scanner_next(s, &evs[got]))
			got++;
	}
	return got;
}

static void test_evdev_replay(void **state)
{
	struct fixture *f = *state;
	struct device_spec spec;
	struct scan_event ev[2];
	struct pos_error err;

	load_events(f);
	assert_int_equal(device_spec_parse("evdev:" EVDEV_NODE, &spec, &err), 0);
	assert_int_equal(scanner_open(&spec, NULL, &f->s, &err), 0);
	assert_int_equal(scanner_state(f->s), SCANNER_CONNECTED);
	assert_int_equal(pump(f->s, ev, 1, 3000), 1);
	assert_string_equal(ev[0].code, "8935001234567");
	assert_string_equal(ev[0].source, "evdev:" EVDEV_NODE);
	assert_int_equal(ev[0].partial, 0);
	/* Recorded at 2 ms per event: at most a few hundred ms however it was read. */
	assert_true(ev[0].dur_ns >= 0);
	assert_true(ev[0].dur_ns < 500 * 1000000LL);
	/* Nothing else was typed. */
	assert_int_equal(pump(f->s, ev, 1, 100), 0);
}

static void test_evdev_vanishes(void **state)
{
	struct fixture *f = *state;
	struct device_spec spec;
	struct scanner_opts o;
	struct scan_event ev[1];
	struct pos_error err;
	struct scanner *s = NULL;

	umockdev_testbed_remove_device(f->tb, EVDEV_SYSFS);
	assert_int_equal(device_spec_parse("evdev:" EVDEV_NODE, &spec, &err), 0);
	assert_int_equal(scanner_open(&spec, NULL, &s, &err), POS_ERR_NOT_FOUND);
	assert_null(s);
	assert_non_null(strstr(err.msg, EVDEV_NODE));
	scanner_opts_init(&o);
	o.allow_absent = 1;
	o.retry_ms = 20;
	assert_int_equal(scanner_open(&spec, &o, &f->s, &err), 0);
	assert_int_equal(scanner_state(f->s), SCANNER_DISCONNECTED);
	assert_int_equal(pump(f->s, ev, 1, 100), 0);
	assert_int_equal(scanner_state(f->s), SCANNER_DISCONNECTED);
}

/*
 * Hot-plug: the scanner is plugged in after the till started (udev add):
 * the source, open while it was absent, finds it and reads its scan.
 * (umockdev cannot make an open evdev descriptor fail the way the kernel
 * does on unplug, ENODEV, nor add a removed evdev node again; the unplug
 * path is the same scanner_lost() the serial and USB tests drive.)  The
 * test bed starts empty (setup_empty).
 */
static void test_evdev_plugged_later(void **state)
{
	struct fixture *f = *state;
	struct device_spec spec;
	struct scanner_opts o;
	struct scan_event ev[1];
	struct pos_error err;
	char path[512];
	GError *error = NULL;
	int64_t end;

	scanner_opts_init(&o);
	o.retry_ms = 20;
	o.allow_absent = 1;
	assert_int_equal(device_spec_parse("evdev:" EVDEV_NODE, &spec, &err), 0);
	assert_int_equal(scanner_open(&spec, &o, &f->s, &err), 0);
	assert_int_equal(scanner_state(f->s), SCANNER_DISCONNECTED);
	assert_non_null(strstr(scanner_state_text(f->s), "no input device"));
	assert_int_equal(pump(f->s, ev, 1, 60), 0);

	assert_true(umockdev_testbed_add_from_file(f->tb, data_path("usbkbd.umockdev", path,
								   sizeof(path)), &error));
	load_events(f);
	end = scanner_now_ns() + 3000 * 1000000LL;
	while (scanner_state(f->s) != SCANNER_CONNECTED && scanner_now_ns() < end)
		pump(f->s, ev, 1, 20);
	assert_int_equal(scanner_state(f->s), SCANNER_CONNECTED);
	assert_int_equal(pump(f->s, ev, 1, 3000), 1);
	assert_string_equal(ev[0].code, "8935001234567");
	assert_int_equal(ev[0].partial, 0);
}

static int list_cb(void *ctx, const struct scanner_candidate *c)
{
	int *found = ctx;
	size_t n = strlen(c->desc);

	/* The link's target (umockdev shows it inside its test bed). */
	if (strcmp(c->spec, "evdev:/dev/input/by-id/usb-05f3_0007-event-kbd") == 0 &&
	    strcmp(c->kind, "evdev keyboard") == 0 && n >= 17 &&
	    strcmp(c->desc + n - 17, "/dev/input/event5") == 0)
		*found = 1;
	return 0;
}

static void test_evdev_listed(void **state)
{
	struct pos_error err;
	int found = 0;

	(void)state;
	assert_int_equal(scanner_list(list_cb, &found, &err), 0);
	assert_int_equal(found, 1);
}

static void test_cli_listen(void **state)
{
	struct fixture *f = *state;
	const char *prog = getenv("OCOP_POS");
	char cmd[1024], out[4096];
	size_t len = 0, got;
	FILE *p;

	load_events(f);
	snprintf(cmd, sizeof(cmd), "%s --lang en scanner listen --scanner evdev:%s --count 1 "
		 "--timeout 10 2>&1", prog && *prog ? prog : "./ocop-pos", EVDEV_NODE);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (len + 1 < sizeof(out) && (got = fread(out + len, 1, sizeof(out) - 1 - len, p)))
		len += got;
	out[len] = '\0';
	fprintf(stderr, "%s", out);
	assert_int_equal(pclose(p), 0);
	assert_non_null(strstr(out, "scan 1: \"8935001234567\" from evdev:" EVDEV_NODE));
	/* The recording's code has a wrong check digit: core says so. */
	assert_non_null(strstr(out, "REJECTED: wrong check digit (the last digit should be 2)"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_evdev_replay, setup, teardown),
		cmocka_unit_test_setup_teardown(test_evdev_vanishes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_evdev_plugged_later, setup_empty, teardown),
		cmocka_unit_test_setup_teardown(test_evdev_listed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cli_listen, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
