/*
 * test_device.c - device specs (good and bad), the transport vtable's
 * file/null/lp/tcp implementations, and DLE EOT status over TCP against
 * a listener this test starts on 127.0.0.1 (a forked child that plays a
 * network printer: it answers DLE EOT with fixed status bytes and
 * returns everything else it received).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "drivers/device.h"
#include "drivers/printer/status.h"

static void parse_ok(const char *s, const char *canon, enum device_kind kind)
{
	struct device_spec d;
	struct pos_error err;
	char out[300];

	if (device_spec_parse(s, &d, &err))
		fail_msg("%s: %s", s, err.msg);
	assert_int_equal(d.kind, kind);
	assert_int_equal(device_spec_format(&d, out, sizeof(out)), 0);
	assert_string_equal(out, canon);
}

static void test_parse_good(void **s)
{
	struct device_spec d;
	struct pos_error err;

	(void)s;
	parse_ok("usb:auto", "usb:auto", DEVICE_USB);
	parse_ok("usb", "usb:auto", DEVICE_USB);
	parse_ok("usb:", "usb:auto", DEVICE_USB);
	parse_ok("usb:0416:5011", "usb:0416:5011", DEVICE_USB);
	parse_ok("usb:4b8:E03", "usb:04b8:0e03", DEVICE_USB);
	parse_ok("usb:0416:5011:TEST0001", "usb:0416:5011:TEST0001", DEVICE_USB);
	parse_ok("lp:/dev/usb/lp0", "lp:/dev/usb/lp0", DEVICE_LP);
	parse_ok("tcp:192.168.1.50:9100", "tcp:192.168.1.50:9100", DEVICE_TCP);
	parse_ok("tcp:printer.local", "tcp:printer.local:9100", DEVICE_TCP);
	parse_ok("tcp:[fe80::1]:9101", "tcp:[fe80::1]:9101", DEVICE_TCP);
	parse_ok("file:/tmp/receipt.bin", "file:/tmp/receipt.bin", DEVICE_FILE);
	parse_ok("serial:/dev/ttyACM0", "serial:/dev/ttyACM0", DEVICE_SERIAL);
	parse_ok("evdev:/dev/input/event3", "evdev:/dev/input/event3", DEVICE_EVDEV);
	parse_ok("wedge", "wedge", DEVICE_WEDGE);
	parse_ok("null", "null", DEVICE_NULL);
	assert_int_equal(device_spec_parse("usb:0416:5011:SN1", &d, &err), 0);
	assert_int_equal(d.vid, 0x0416);
	assert_int_equal(d.pid, 0x5011);
	assert_string_equal(d.serial, "SN1");
	assert_int_equal(d.usb_auto, 0);
	assert_int_equal(device_spec_parse("tcp:10.0.0.7:9100", &d, &err), 0);
	assert_string_equal(d.host, "10.0.0.7");
	assert_int_equal(d.port, 9100);
}

static void test_parse_bad(void **s)
{
	static const char *bad[] = {
		"", "usb:0416", "usb:0416:", "usb:12345:1", "usb:xyz:1", "usb:0000:0001",
		"usb:0416:5011:", "lp:", "lp", "file:", "tcp:", "tcp:host:", "tcp:host:0",
		"tcp:host:65536", "tcp:host:-1", "tcp:host:9x", "tcp::9100", "tcp:fe80::1:9100",
		"tcp:[fe80::1", "tcp:[::1]x", "printer", "null:x", "wedge:1", "file:a\nb",
		"USB:auto",
	};
	struct device_spec d;
	struct pos_error err;
	size_t i;
	char longpath[400];

	(void)s;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&d, 0x77, sizeof(d));
		if (device_spec_parse(bad[i], &d, &err) != POS_ERR_INVALID)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(d.port, 0x77777777);           /* untouched */
		assert_non_null(strstr(err.msg, "usb:auto"));   /* shows the forms */
	}
	assert_int_equal(device_spec_parse(NULL, &d, &err), POS_ERR_INVALID);
	memset(longpath, 'a', sizeof(longpath));
	memcpy(longpath, "file:", 5);
	longpath[sizeof(longpath) - 1] = '\0';
	assert_int_equal(device_spec_parse(longpath, &d, &err), POS_ERR_INVALID);
}

static void test_file_and_null(void **s)
{
	char path[] = "/tmp/ocop-dev-XXXXXX", spec_text[64], buf[16];
	struct device_spec spec;
	struct transport *t;
	struct pos_error err;
	size_t got = 99;
	FILE *f;
	int fd;

	(void)s;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	snprintf(spec_text, sizeof(spec_text), "file:%s", path);
	assert_int_equal(device_spec_parse(spec_text, &spec, &err), 0);
	assert_int_equal(transport_open(&spec, &t, &err), 0);
	assert_int_equal(transport_write(t, "ab", 2, 0, &err), 0);
	assert_int_equal(transport_write(t, "cd", 2, 100, &err), 0);
	assert_int_equal(transport_read(t, buf, sizeof(buf), &got, 10, &err), 0);
	assert_int_equal(got, 0);
	transport_close(t);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(buf, 1, sizeof(buf), f), 4);
	assert_memory_equal(buf, "abcd", 4);
	fclose(f);
	unlink(path);

	assert_int_equal(device_spec_parse("null", &spec, &err), 0);
	assert_int_equal(transport_open(&spec, &t, &err), 0);
	assert_int_equal(transport_write(t, "x", 1, 0, &err), 0);
	transport_close(t);
	transport_close(NULL);

	/* Missing devices and directories fail with what to check. */
	assert_int_equal(device_spec_parse("lp:/nonexistent/lp9", &spec, &err), 0);
	assert_int_equal(transport_open(&spec, &t, &err), POS_ERR_NOT_FOUND);
	assert_non_null(strstr(err.msg, "plugged in"));
	assert_int_equal(device_spec_parse("file:/nonexistent/dir/x", &spec, &err), 0);
	assert_int_equal(transport_open(&spec, &t, &err), POS_ERR_IO);
	assert_int_equal(device_spec_parse("wedge", &spec, &err), 0);
	assert_int_equal(transport_open(&spec, &t, &err), POS_ERR_INVALID);
}

/* --- a fake network printer -------------------------------------------- */

/* Serve one connection: answer DLE EOT n with status[n], echo the rest
 * back in a final burst when the client half-closes. */
static void serve(int lfd, const unsigned char status[5], int silent)
{
	unsigned char buf[4096], got[65536];
	size_t n = 0;
	int c = accept(lfd, NULL, NULL);
	ssize_t r;

	if (c < 0)
		_exit(1);
	while ((r = read(c, buf, sizeof(buf))) > 0) {
		ssize_t i;

		for (i = 0; i < r; i++) {
			if (!silent && i + 2 < r && buf[i] == 0x10 && buf[i + 1] == 0x04 &&
			    buf[i + 2] <= 4) {
				if (write(c, &status[buf[i + 2]], 1) != 1)
					_exit(1);
				i += 2;
				continue;
			}
			if (n < sizeof(got))
				got[n++] = buf[i];
		}
	}
	if (n && write(c, got, n) != (ssize_t)n)
		_exit(1);
	close(c);
	_exit(0);
}

static pid_t start_printer(int *port, const unsigned char status[5], int silent)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int lfd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	pid_t pid;

	assert_true(lfd >= 0);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(lfd, 1), 0);
	assert_int_equal(getsockname(lfd, (struct sockaddr *)&a, &len), 0);
	*port = ntohs(a.sin_port);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		serve(lfd, status, silent);
	close(lfd);
	return pid;
}

static struct transport *connect_to(int port)
{
	struct device_spec spec;
	struct transport *t;
	struct pos_error err;
	char text[64];

	snprintf(text, sizeof(text), "tcp:127.0.0.1:%d", port);
	assert_int_equal(device_spec_parse(text, &spec, &err), 0);
	if (transport_open(&spec, &t, &err))
		fail_msg("connect: %s", err.msg);
	return t;
}

static void test_tcp_print_and_status(void **s)
{
	/* n=1 online, n=2 cover open + paper end, n=4 paper end. */
	static const unsigned char st[5] = { 0, 0x12, 0x36, 0, 0x72 };
	struct printer_status ps;
	struct pos_error err;
	struct transport *t;
	char words[200], echo[64];
	size_t got = 0, total = 0;
	int port, wst;
	pid_t pid = start_printer(&port, st, 0);

	(void)s;
	t = connect_to(port);
	assert_int_equal(status_query(t, 2000, &ps, &err), 0);
	assert_int_equal(ps.answered, 1);
	assert_int_equal(ps.online, 1);
	assert_int_equal(ps.cover_open, 1);
	assert_int_equal(ps.paper_out, 1);
	status_describe(&ps, words, sizeof(words));
	assert_string_equal(words, "online: cover open, paper out");
	assert_int_equal(status_check(&ps, &err), POS_ERR_DEVICE);
	assert_non_null(strstr(err.msg, "out of paper"));
	assert_int_equal(transport_write(t, "\x1b@hello\n", 8, 2000, &err), 0);
	shutdown(*(int *)t->priv, SHUT_WR);     /* the fake printer echoes on EOF */
	while (total < 8) {
		assert_int_equal(transport_read(t, echo + total, sizeof(echo) - total, &got, 2000,
						&err), 0);
		if (!got)
			break;
		total += got;
	}
	assert_int_equal(total, 8);
	assert_memory_equal(echo, "\x1b@hello\n", 8);
	transport_close(t);
	assert_int_equal(waitpid(pid, &wst, 0), pid);
	assert_true(WIFEXITED(wst) && WEXITSTATUS(wst) == 0);
}

static void test_tcp_silent_and_refused(void **s)
{
	static const unsigned char st[5] = { 0 };
	struct printer_status ps;
	struct device_spec spec;
	struct pos_error err;
	struct transport *t;
	int port, wst;
	pid_t pid = start_printer(&port, st, 1);

	(void)s;
	t = connect_to(port);
	/* A printer that never answers: "no status", quickly, not an error. */
	assert_int_equal(status_query(t, 100, &ps, &err), 0);
	assert_int_equal(ps.answered, 0);
	assert_int_equal(status_check(&ps, &err), 0);
	transport_close(t);
	assert_int_equal(waitpid(pid, &wst, 0), pid);
	/* Nothing listens there any more. */
	{
		char text[64];

		snprintf(text, sizeof(text), "tcp:127.0.0.1:%d", port);
		assert_int_equal(device_spec_parse(text, &spec, &err), 0);
	}
	assert_int_equal(transport_open(&spec, &t, &err), POS_ERR_DEVICE);
	assert_non_null(strstr(err.msg, "refused"));
	assert_int_equal(device_spec_parse("tcp:no-such-host.invalid:9100", &spec, &err), 0);
	assert_int_equal(transport_open(&spec, &t, &err), POS_ERR_NOT_FOUND);
}

static void test_status_bytes(void **s)
{
	struct printer_status st;
	char words[200];

	(void)s;
	memset(&st, 0, sizeof(st));
	assert_int_equal(status_decode(1, 0x16, &st), 0);      /* drawer pin high, online */
	assert_int_equal(st.online, 1);
	assert_int_equal(st.drawer_high, 1);
	assert_int_equal(status_decode(1, 0x1A, &st), 0);      /* offline */
	assert_int_equal(st.online, 0);
	assert_int_equal(status_decode(4, 0x1E, &st), 0);      /* near end */
	assert_int_equal(st.paper_near_end, 1);
	assert_int_equal(st.paper_out, 0);
	status_describe(&st, words, sizeof(words));
	assert_string_equal(words, "offline: paper nearly out");
	assert_int_equal(status_decode(2, 0x52, &st), 0);      /* error */
	assert_int_equal(st.error, 1);
	assert_int_equal(status_decode(1, 0xFF, &st), -1);     /* not a status byte */
	assert_int_equal(status_decode(1, 0x00, &st), -1);
	assert_int_equal(status_decode(3, 0x12, &st), -1);
	memset(&st, 0, sizeof(st));
	status_decode(1, 0x12, &st);
	status_decode(2, 0x12, &st);
	status_decode(4, 0x12, &st);
	status_describe(&st, words, sizeof(words));
	assert_string_equal(words, "online, paper OK");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_file_and_null),
		cmocka_unit_test(test_status_bytes),
		cmocka_unit_test(test_tcp_print_and_status),
		cmocka_unit_test(test_tcp_silent_and_refused),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
