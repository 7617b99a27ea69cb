/*
 * cmd_scanner.c - `ocop-pos scanner list|listen`: find the scanners
 * plugged in, and watch one scan, for setting a till up.
 *
 * listen runs the same poll() loop as the TUI over one source and prints
 * each scan with its source, symbology and timing (first to last key),
 * then what core says of the code (barcode_validate: "valid EAN-13" or
 * the wrong check digit).  Drivers know bytes; barcodes are core's.  With
 * the wedge source, keys that were typed rather than scanned are shown
 * too, so the shop can check that typing is not taken for a scan.
 * Unplugging and plugging back the scanner prints its state changes.
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/barcode.h"
#include "core/i18n.h"
#include "drivers/device.h"
#include "drivers/scanner/list.h"
#include "drivers/scanner/scanner.h"

#define TYPED_MAX 256

static int run(struct cli_ctx *ctx, int argc, char **argv);

const struct cli_cmd cmd_scanner = {
	"scanner", "find barcode scanners and watch their scans",
	"Usage: ocop-pos scanner list [--format table|csv|json]\n"
	"       ocop-pos scanner listen [--scanner SPEC] [--count N] [--timeout SEC]\n"
	"                               [--suffix enter|tab|none|CHAR] [--gap MS]\n"
	"                               [--min-len N] [--mode auto|keyboard|pos]\n"
	"                               [--hid-pos] [--wait]\n"
	"list     shows candidate scanners: USB devices of known scanner makes, USB\n"
	"         keyboards, serial ports /dev/ttyACM*, evdev keyboards, the terminal.\n"
	"listen   prints each scan: the code, its source, symbology (HID POS), the\n"
	"         time from first to last key, and whether it is a valid barcode.\n"
	"  --scanner SPEC  wedge (this terminal, the default), usb:VID:PID, usb:auto,\n"
	"                  evdev:/dev/input/eventN, serial:/dev/ttyACM0\n"
	"  --count N       stop after N scans (exit 1 if fewer came)\n"
	"  --timeout SEC   stop after SEC seconds\n"
	"  --suffix S      what ends a code: enter (default), tab, none, or a character\n"
	"  --gap MS        wedge: longest pause between two keys of a scan (default 30)\n"
	"  --min-len N     wedge: fewest characters of a scan (default 4)\n"
	"  --mode M        USB: keyboard or HID POS reports (default: auto)\n"
	"  --hid-pos       switch a Honeywell scanner in keyboard mode to HID POS\n"
	"  --wait          wait for a scanner that is not plugged in yet\n",
	run,
};

/* ---- list ---- */

static int list_cb(void *vctx, const struct scanner_candidate *c)
{
	struct cli_table *t = vctx;

	cli_table_add_text(t, c->spec);
	cli_table_add_text(t, c->kind);
	cli_table_add_bool(t, c->known);
	cli_table_add_text(t, c->desc);
	return 0;
}

static int do_list(const char *format)
{
	struct pos_error err;
	enum cli_format fmt;
	struct cli_table *t;

	if (cli_format_parse(format, &fmt))
		return cli_usage(&cmd_scanner, tr("unknown format \"%s\""), format);
	t = cli_table_new(4);
	cli_table_col(t, 0, "spec", tr("Scanner"), COL_TEXT);
	cli_table_col(t, 1, "kind", tr("Kind"), COL_TEXT);
	cli_table_col(t, 2, "known_make", tr("Known make"), COL_BOOL);
	cli_table_col(t, 3, "description", tr("Description"), COL_TEXT);
	if (scanner_list(list_cb, t, &err)) {
		cli_table_print(t, fmt, stdout);
		return cli_error(&err);
	}
	cli_table_print(t, fmt, stdout);
	return 0;
}

/* ---- listen ---- */

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

struct listen {
	char typed[TYPED_MAX];
	size_t ntyped;
	int end_of_input;           /* Ctrl-D typed */
};

/* Print s with quotes, escaping what a terminal should not see raw. */
static void print_code(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void flush_typed(struct listen *l)
{
	if (!l->ntyped)
		return;
	l->typed[l->ntyped] = '\0';
	printf("%s ", tr("typed, not a scan:"));
	print_code(l->typed);
	putchar('\n');
	fflush(stdout);
	l->ntyped = 0;
}

static void on_key(void *ctx, int key)
{
	struct listen *l = ctx;

	if (key == 0x04) {          /* Ctrl-D */
		l->end_of_input = 1;
		return;
	}
	if (key == '\r' || key == '\n') {
		flush_typed(l);
		return;
	}
	if (l->ntyped + 1 < sizeof(l->typed))
		l->typed[l->ntyped++] = (char)(key >= 0 && key < 0x100 ? key : '?');
}

static void print_scan(int n, const struct scan_event *ev)
{
	char norm[BARCODE_NORM_MAX];
	enum barcode_kind kind;
	struct pos_error err;

	printf(tr("scan %d: "), n);
	print_code(ev->code);
	printf(tr(" from %s"), ev->source);
	if (ev->symbology[0])
		printf(tr(", symbology %s"), ev->symbology);
	printf(tr(", %.1f ms first to last key"), (double)ev->dur_ns / 1e6);
	if (ev->partial)
		printf(", %s", tr("PARTIAL (cut short: no suffix before the timeout)"));
	if (barcode_validate(ev->code, norm, sizeof(norm), &kind, &err) != 0)
		printf(", %s", pos_error_text(&err));
	else if (kind == BARCODE_INTERNAL)
		printf(", %s", tr("a shop's own label (not a GS1 barcode)"));
	else
		printf(tr(", valid %s"), barcode_kind_name(kind));
	putchar('\n');
	fflush(stdout);
}

static void print_state(struct scanner *s)
{
	const char *text = scanner_state_text(s);

	printf(tr("scanner %s: %s%s%s\n"), scanner_name(s),
	       tr(scanner_state_name(scanner_state(s))), text[0] ? ": " : "", text);
	fflush(stdout);
}

static int parse_mode(const char *m, enum scanner_usb_mode *out)
{
	if (!m || strcmp(m, "auto") == 0)
		*out = SCANNER_USB_AUTO;
	else if (strcmp(m, "keyboard") == 0)
		*out = SCANNER_USB_KEYBOARD;
	else if (strcmp(m, "pos") == 0)
		*out = SCANNER_USB_POS;
	else
		return -1;
	return 0;
}

static int do_listen(const char *spec_text, long long count, long long timeout_s,
		     struct scanner_opts *o)
{
	struct device_spec spec;
	struct scanner *s = NULL;
	struct scan_event ev;
	struct pollfd fds[SCANNER_MAX_FDS];
	struct pos_error err;
	struct sigaction sa, old;
	struct listen l;
	unsigned seq;
	int64_t end = -1, now;
	int n, wait_ms, scans = 0, r = 0;

	memset(&l, 0, sizeof(l));
	if (device_spec_parse(spec_text, &spec, &err))
		return cli_usage(&cmd_scanner, "%s", pos_error_text(&err));
	o->on_key = on_key;
	o->key_ctx = &l;
	if (scanner_open(&spec, o, &s, &err))
		return cli_error(&err);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old);
	interrupted = 0;
	fprintf(stderr, tr("Listening to %s; scan a barcode (Ctrl-C to stop).\n"),
		scanner_name(s));
	if (scanner_state(s) != SCANNER_CONNECTED || scanner_state_text(s)[0])
		print_state(s);
	seq = scanner_state_seq(s);
	if (timeout_s > 0)
		end = scanner_now_ns() + timeout_s * 1000000000LL;
	while (!interrupted && !l.end_of_input) {
		n = scanner_pollfds(s, fds, SCANNER_MAX_FDS);
		wait_ms = -1;
		if (end >= 0) {
			now = scanner_now_ns();
			if (now >= end)
				break;
			wait_ms = (int)((end - now + 999999) / 1000000);
		}
		if (poll(fds, (nfds_t)n, wait_ms) < 0 && errno != EINTR) {
			r = cli_fail(tr("waiting for the scanner failed: %s"), strerror(errno));
			break;
		}
		if (scanner_handle(s, &err)) {
			r = cli_error(&err);
			break;
		}
		while (scanner_next(s, &ev)) {
			flush_typed(&l);
			print_scan(++scans, &ev);
			if (count > 0 && scans >= count)
				break;
		}
		if (scanner_state_seq(s) != seq) {
			seq = scanner_state_seq(s);
			print_state(s);
		}
		if ((count > 0 && scans >= count) || scanner_state(s) == SCANNER_ENDED)
			break;
	}
	flush_typed(&l);
	scanner_close(s);
	sigaction(SIGINT, &old, NULL);
	if (!r && count > 0 && scans < count)
		r = cli_fail(tr("%d of %lld scans came in: check the scanner's cable and "
				"its suffix setting (`ocop-pos scanner listen --help`)"),
			     scans, count);
	return r;
}

static int run(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *scanner = NULL, *format = NULL, *suffix = NULL, *mode = NULL;
	long long count = 0, timeout_s = 0, gap = 0, min_len = 0;
	int hid_pos = 0, wait = 0, npos, help, r;
	struct scanner_opts o;
	struct pos_error err;
	struct cli_opt opts[] = {
		{ "scanner", OPT_STR, &scanner, 0 },
		{ "format", OPT_STR, &format, 0 },
		{ "count", OPT_INT, &count, 0 },
		{ "timeout", OPT_INT, &timeout_s, 0 },
		{ "suffix", OPT_STR, &suffix, 0 },
		{ "gap", OPT_INT, &gap, 0 },
		{ "min-len", OPT_INT, &min_len, 0 },
		{ "mode", OPT_STR, &mode, 0 },
		{ "hid-pos", OPT_FLAG, &hid_pos, 0 },
		{ "wait", OPT_FLAG, &wait, 0 },
		{ NULL, 0, NULL, 0 },
	};

	(void)ctx;
	r = cli_parse(&cmd_scanner, argc, argv, opts, &npos, &help);
	if (r || help)
		return r;
	if (npos < 1)
		return cli_usage(&cmd_scanner, "%s", tr("scanner needs list or listen"));
	if (npos > 1)
		return cli_usage(&cmd_scanner, tr("unexpected argument \"%s\""), argv[2]);
	if (strcmp(argv[1], "list") == 0)
		return do_list(format);
	if (strcmp(argv[1], "listen") != 0)
		return cli_usage(&cmd_scanner, tr("unknown scanner command \"%s\""), argv[1]);
	if (count < 0 || timeout_s < 0 || gap < 0 || gap > 10000 || min_len < 0 ||
	    min_len >= SCAN_CODE_MAX)
		return cli_usage(&cmd_scanner, "%s",
				 tr("--count, --timeout, --gap and --min-len take positive numbers"));
	scanner_opts_init(&o);
	if (suffix && scanner_suffix_parse(suffix, &o.suffix, &err))
		return cli_usage(&cmd_scanner, "%s", pos_error_text(&err));
	if (parse_mode(mode, &o.usb_mode))
		return cli_usage(&cmd_scanner, tr("--mode is auto, keyboard or pos, not \"%s\""),
				 mode);
	if (gap)
		o.gap_ms = (int)gap;
	if (min_len)
		o.min_len = (int)min_len;
	o.hid_pos_switch = hid_pos;
	if (hid_pos && o.usb_mode == SCANNER_USB_AUTO)
		o.usb_mode = SCANNER_USB_POS;
	/* After the switch the scanner restarts: wait for it. */
	o.allow_absent = wait || hid_pos;
	return do_listen(scanner ? scanner : "wedge", count, timeout_s, &o);
}
