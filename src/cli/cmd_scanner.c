/*
 * cmd_scanner.c - `ocop-pos scanner list|listen`: find the scanners
 * plugged in, and watch one scan, for setting a till up.
 *
 * listen runs the same poll() loop as the TUI over one source and prints
 * each scan with its source, symbology and timing (first to last key),
 * then the decision the till would make (scanner.h, "The scan handler"):
 * a valid GS1 code or a shop label is shown as such; a partial scan, a
 * wrong check digit, a wrong length or noise is REJECTED with the reason,
 * what to do, and a beep on the terminal.  Drivers know bytes; barcodes
 * are core's (barcode_validate).  listen does not open the database:
 * codes no product has are shown like any other.  With the wedge source,
 * keys that were typed rather than scanned are shown too, so the shop can
 * check that typing is not taken for a scan.  Unplugging and plugging
 * back the scanner prints its state changes.
 *
 * The scanner is --scanner SPEC, else $OCOP_POS_SCANNER, else the one
 * set for the till in the database (setting scanner.device, from the
 * settings screen; read only when the database exists, never created),
 * else the terminal (wedge), as the TUI chooses it.
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "lib/utf8.h"
#include "core/barcode.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/showroom.h"
#include "drivers/device.h"
#include "drivers/scanner/list.h"
#include "drivers/scanner/scanner.h"

#define TYPED_MAX 256
/* The till's scanner setting, as the settings screen saves it (the key is
 * ADMIN_SET_SCANNER in core/admin.h; the TUI reads the same). */
#define SETTING_SCANNER "scanner.device"

static int run(struct app_ctx *ctx, const struct cli_args *a);

static const struct cli_opt list_opts[] = { CLI_FORMAT, CLI_END };
static const struct cli_opt listen_opts[] = {
	CLI_STR("scanner", "SPEC", "wedge, usb:VID:PID, usb:auto, evdev:/dev/input/eventN, "
		"serial:/dev/ttyACM0 (default $OCOP_POS_SCANNER, the setting, wedge)"),
	CLI_INT("count", 1, 1000000, "N", "stop after N scans (exit 1 if fewer came)"),
	CLI_INT("timeout", 1, 86400, "SEC", "stop after SEC seconds"),
	CLI_STR("suffix", "enter|tab|none|CHAR", "what ends a code (default enter)"),
	CLI_INT("gap", 1, 10000, "MS", "wedge: longest pause between two keys (default 30)"),
	CLI_INT("min-len", 1, SCAN_CODE_MAX - 1, "N", "wedge: fewest characters of a scan (default 4)"),
	CLI_STR("mode", "auto|keyboard|pos", "USB: keyboard or HID POS reports"),
	CLI_FLAG("hid-pos", "switch a Honeywell scanner in keyboard mode to HID POS"),
	CLI_FLAG("wait", "wait for a scanner that is not plugged in yet"),
	CLI_END,
};

static const struct cli_sub scanner_subs[] = {
	{ "list", NULL, "candidate scanners: USB scanners and keyboards, serial ports, evdev, "
	  "the terminal", list_opts, run, 0, NULL },
	{ "listen", NULL, "print each scan and whether the till would take it", listen_opts, run,
	  0,
	  "Prints each scan: the code, its source, symbology (HID POS), the time from\n"
	  "first to last key, and whether the till would take it (a valid barcode or\n"
	  "shop label) or reject it (cut short, wrong check digit, noise).  It does not\n"
	  "look codes up in the catalogue.\n" },
	CLI_SUBS_END,
};

const struct cli_cmd cmd_scanner = {
	"scanner", "find barcode scanners and watch their scans", scanner_subs,
	"listen reads --scanner SPEC, else $OCOP_POS_SCANNER, else the till's scanner\n"
	"setting in the database, else wedge (this terminal).\n",
};

/* ---- list ---- */

struct list_out {
	struct app_table *t;
	int people;                 /* table for people: translate, one description */
	int devices;                /* candidates besides the terminal */
};

static int list_cb(void *vctx, const struct scanner_candidate *c)
{
	struct list_out *l = vctx;
	char desc[512];

	if (strcmp(c->spec, "wedge") != 0)
		l->devices++;
	app_table_add_text(l->t, c->spec);
	app_table_add_text(l->t, l->people ? tr(c->kind) : c->kind);
	app_table_add_bool(l->t, c->known);
	if (l->people) {
		snprintf(desc, sizeof(desc), "%s%s%s", c->desc,
			 c->desc[0] && c->note ? " - " : "", c->note ? tr(c->note) : "");
		app_table_add_text(l->t, desc);
	} else {
		app_table_add_text(l->t, c->desc);
		app_table_add_text(l->t, c->note ? c->note : "");
	}
	return 0;
}

static int do_list(const char *format)
{
	struct pos_error err;
	enum app_format fmt;
	struct list_out l;
	FILE *hint;

	if (app_format_parse(format, &fmt))
		return cli_usage(&cmd_scanner, tr("unknown format \"%s\""), format);
	memset(&l, 0, sizeof(l));
	l.people = fmt == APP_TABLE;
	l.t = app_table_new(l.people ? 4 : 5);
	app_table_col(l.t, 0, "spec", tr("Scanner"), COL_TEXT);
	app_table_col(l.t, 1, "kind", tr("Kind"), COL_TEXT);
	app_table_col(l.t, 2, "known_make", tr("Known make"), COL_BOOL);
	app_table_col(l.t, 3, "description", tr("Description"), COL_TEXT);
	if (!l.people)
		app_table_col(l.t, 4, "note", tr("Note"), COL_TEXT);
	if (scanner_list(list_cb, &l, &err)) {
		app_table_print(l.t, fmt, stdout);
		return app_error(&err);
	}
	app_table_print(l.t, fmt, stdout);
	if (!l.devices) {
		/* Machine formats keep stdout clean: the hint goes to stderr. */
		hint = l.people ? stdout : stderr;
		fprintf(hint, "\n%s\n", tr("No scanner device found: no USB scanner or keyboard, no "
					  "serial port /dev/ttyACM*, no evdev keyboard."));
		if (access("/dev/bus/usb", F_OK) != 0)
			fprintf(hint, "%s\n", tr("This computer shows no USB bus (/dev/bus/usb is "
						 "missing): in a container or virtual machine, pass "
						 "the USB devices through."));
		fprintf(hint, "%s\n", tr("Plug the scanner in and run `ocop-pos scanner list` again. "
					 "A scanner in keyboard mode also works through this "
					 "terminal: `ocop-pos scanner listen --scanner wedge`. "
					 "Set-up, modes and permissions: docs/hardware.md."));
	}
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
	int scans, rejected;
	long long count;            /* --count, 0 = no limit */
	struct scanner *s;
};

static void print_scan(struct listen *l, const struct scan_event *ev);

/*
 * Print the scans waiting in the source.  Also called from on_key, so a
 * typed key is shown after the scans that came before it.
 */
static void print_scans(struct listen *l)
{
	struct scan_event ev;

	while ((l->count <= 0 || l->scans < l->count) && scanner_next(l->s, &ev))
		print_scan(l, &ev);
}

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

	print_scans(l);
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

/* The name of a common AIM symbology identifier, or NULL. */
static const char *aim_name(const char *aim)
{
	static const struct {
		const char *id, *name;
	} names[] = {
		{ "]E0", "EAN-13/UPC-A" }, { "]E4", "EAN-8" }, { "]C0", "Code 128" },
		{ "]C1", "GS1-128" }, { "]A0", "Code 39" }, { "]I0", "Interleaved 2 of 5" },
		{ "]Q1", "QR Code" }, { "]Q3", "GS1 QR Code" }, { "]d1", "Data Matrix" },
		{ "]d2", "GS1 DataMatrix" }, { "]e0", "GS1 DataBar" }, { "]L2", "PDF417" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(aim, names[i].id) == 0)
			return names[i].name;
	return NULL;
}

/* 1 when s is all digits (and not empty). */
/* A non-empty string of digits only. */
static int all_digits(const char *s)
{
	return *s && str_all_digits(s, strlen(s));
}

/*
 * The till's decision about a scan, as scanner.h describes it: writes
 * the sentence into out; returns 1 when the scan would be refused.
 */
static int verdict(const struct scan_event *ev, char *out, size_t n)
{
	char norm[BARCODE_NORM_MAX];
	enum barcode_kind kind;
	struct pos_error err;
	size_t len = strlen(ev->code);
	int want;

	if (ev->partial) {
		snprintf(out, n, "%s", tr("REJECTED: cut short (its suffix did not come in time): "
					  "scan it again; if every scan is cut, set the scanner's "
					  "suffix to Enter (docs/hardware.md)"));
		return 1;
	}
	if (strchr(ev->code, '?')) {
		snprintf(out, n, "%s", tr("REJECTED: noise (bytes that are no characters, shown "
					  "as ?): check the cable, the port settings (9600 baud, "
					  "8N1) and the scanner's keyboard layout (US)"));
		return 1;
	}
	if (all_digits(ev->code) && !(len == 8 || len == 12 || len == 13 || len == 14)) {
		snprintf(out, n, tr("REJECTED: %zu digits, but GS1 barcodes have 8, 12, 13 or 14 "
				    "(a shop's own labels need a letter): scan it again"), len);
		return 1;
	}
	if (all_digits(ev->code)) {
		want = barcode_check_digit(ev->code, len - 1);
		if (want >= 0 && want != ev->code[len - 1] - '0') {
			snprintf(out, n, tr("REJECTED: wrong check digit (the last digit should be "
					    "%d): scan it again, or type the number printed under "
					    "the bars"), want);
			return 1;
		}
	}
	if (barcode_validate(ev->code, norm, sizeof(norm), &kind, &err) != 0) {
		snprintf(out, n, tr("REJECTED: %s"), pos_error_text(&err));
		return 1;
	}
	if (kind == BARCODE_INTERNAL)
		snprintf(out, n, "%s", tr("a shop's own label (not a GS1 barcode)"));
	else if (kind == BARCODE_INSTORE)
		snprintf(out, n, "%s", tr("valid in-store EAN-13 (the shop's or a label scale's)"));
	else
		snprintf(out, n, tr("valid %s"), barcode_kind_name(kind));
	return 0;
}

static void print_scan(struct listen *l, const struct scan_event *ev)
{
	char say[POS_ERRMSG_MAX + 256];
	const char *name;
	int bad;

	flush_typed(l);
	l->scans++;
	printf(tr("scan %d: "), l->scans);
	print_code(ev->code);
	printf(tr(" from %s"), ev->source);
	if (ev->symbology[0]) {
		printf(tr(", symbology %s"), ev->symbology);
		if ((name = aim_name(ev->symbology)))
			printf(" (%s)", name);
	}
	printf(tr(", %.1f ms first to last key"), (double)ev->dur_ns / 1e6);
	bad = verdict(ev, say, sizeof(say));
	printf(": %s\n", say);
	fflush(stdout);
	if (bad) {
		l->rejected++;
		/* The beep a cashier hears; only where a person is looking. */
		if (isatty(STDERR_FILENO)) {
			fputc('\a', stderr);
			fflush(stderr);
		}
	}
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
	struct pollfd fds[SCANNER_MAX_FDS];
	struct pos_error err;
	struct sigaction sa, old;
	struct listen l;
	unsigned seq;
	int64_t end = -1, now;
	int n, wait_ms, r = 0;

	memset(&l, 0, sizeof(l));
	l.count = count;
	if (device_spec_parse(spec_text, &spec, &err))
		return cli_usage(&cmd_scanner, "%s", pos_error_text(&err));
	o->on_key = on_key;
	o->key_ctx = &l;
	if (scanner_open(&spec, o, &s, &err))
		return app_error(&err);
	l.s = s;
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
			r = app_fail(tr("waiting for the scanner failed: %s"), strerror(errno));
			break;
		}
		if (scanner_handle(s, &err)) {
			r = app_error(&err);
			break;
		}
		print_scans(&l);
		if (scanner_state_seq(s) != seq) {
			seq = scanner_state_seq(s);
			flush_typed(&l);
			print_state(s);
		}
		if ((count > 0 && l.scans >= count) || scanner_state(s) == SCANNER_ENDED)
			break;
	}
	flush_typed(&l);
	scanner_close(s);
	sigaction(SIGINT, &old, NULL);
	if (l.scans)
		fprintf(stderr, tr("Scans: %d, rejected: %d.\n"), l.scans, l.rejected);
	if (!r && count > 0 && l.scans < count)
		r = app_fail(tr("%d of %lld scans came in: check the scanner's cable and "
				"its suffix setting (`ocop-pos scanner listen --help`)"),
			     l.scans, count);
	return r;
}

/*
 * The scanner set for the till in the database (SETTING_SCANNER) into
 * out, or "" when there is none, no database, or it cannot be read: a
 * missing setting is no error for listen.  The file is opened read-only
 * and only if it exists.
 */
static void setting_scanner(struct app_ctx *ctx, char *out, size_t n)
{
	struct db *db = ctx->db;

	out[0] = '\0';
	if (!db) {
		if (!ctx->db_path || access(ctx->db_path, F_OK) != 0 ||
		    db_open(ctx->db_path, DB_READONLY | DB_NO_MIGRATE, &db, NULL))
			return;
	}
	if (setting_get(db, SETTING_SCANNER, out, n, NULL))
		out[0] = '\0';
	if (db != ctx->db)
		db_close(db);
}

static int run(struct app_ctx *ctx, const struct cli_args *a)
{
	const char *scanner = cli_str(a, "scanner"), *suffix = cli_str(a, "suffix"),
		   *mode = cli_str(a, "mode");
	char configured[300];
	long long count = cli_int(a, "count", 0), timeout_s = cli_int(a, "timeout", 0),
		  gap = cli_int(a, "gap", 0), min_len = cli_int(a, "min-len", 0);
	int hid_pos = cli_has(a, "hid-pos"), wait = cli_has(a, "wait");
	struct scanner_opts o;
	struct pos_error err;

	scanner_set_tr(tr);
	if (strcmp(a->sub->name, "list") == 0)
		return do_list(cli_str(a, "format"));
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
	if (!scanner || !*scanner)
		scanner = getenv("OCOP_POS_SCANNER");
	if (!scanner || !*scanner) {
		setting_scanner(ctx, configured, sizeof(configured));
		scanner = configured;
	}
	if (!*scanner)
		scanner = "wedge";
	return do_listen(scanner, count, timeout_s, &o);
}
