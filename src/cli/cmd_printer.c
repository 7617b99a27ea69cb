/*
 * cmd_printer.c - `ocop-pos printer list|test|status|drawer`: find the
 * receipt printer, print the self-test page (or its PNG preview), ask it
 * how it is, open the cash drawer.
 *
 * The printer is --printer SPEC, else $OCOP_POS_PRINTER, else usb:auto.
 * The profile is --profile NAME (or a .json path), else the one whose
 * usb_ids match the USB printer found, else generic-80.  Profiles are
 * read from $OCOP_POS_DATADIR/printers/NAME.json when that exists, else
 * from the copies built into the program.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/embedded.h"
#include "core/i18n.h"
#include "drivers/device.h"
#include "drivers/printer/doc.h"
#include "drivers/printer/escpos.h"
#include "drivers/printer/preview.h"
#include "drivers/printer/profile.h"
#include "drivers/printer/selftest.h"
#include "drivers/printer/status.h"
#include "drivers/usb.h"
#include "core/user.h"
#include "printing.h"

#define EMBED_DIR "config/printers/"
#define DEFAULT_PROFILE "generic-80"
#define PROFILES_MAX 64
#define WRITE_TIMEOUT_MS 10000

static int run(struct cli_ctx *ctx, int argc, char **argv);

const struct cli_cmd cmd_printer = {
	"printer", "find, test and query the receipt printer; open the cash drawer",
	"Usage: ocop-pos printer list\n"
	"       ocop-pos printer test [--printer SPEC] [--profile NAME] [--png FILE]\n"
	"       ocop-pos printer status [--printer SPEC]\n"
	"       ocop-pos printer drawer --user NAME [--printer SPEC] [--profile NAME]\n"
	"                               [--pin 2|5] [--reason TEXT]\n"
	"list    USB printers seen on this computer, and the printer profiles.\n"
	"test    prints the self-test page: the profile, a Vietnamese sample in every\n"
	"        mode the printer may support (pick the one that reads right), a\n"
	"        barcode, a QR code and the TCVN-3 tables.  With --png only (no\n"
	"        --printer), writes the page's preview instead of printing.\n"
	"status  asks the printer (DLE EOT): online, cover, paper.\n"
	"drawer  opens the cash drawer (pin 2, or --pin 5) without printing, as the\n"
	"        user NAME (PIN on standard input); recorded in the audit log.\n"
	"SPEC: usb:auto, usb:VID:PID[:SERIAL], lp:/dev/usb/lp0, tcp:HOST:9100,\n"
	"      file:PATH, serial:/dev/ttyACM0, null (default $OCOP_POS_PRINTER or usb:auto).\n"
	"NAME: generic-58, generic-80, epson-tm-t20, xprinter-pos58, xprinter-pos80,\n"
	"      or a profile file (see docs/hardware.md).\n",
	run,
};

struct printer_opts {
	const char *printer, *profile, *png;
	long long pin;
	const char *user, *reason;
};

/* Read a whole file (NUL-terminated, caller frees); NULL with errno. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL, *p;
	size_t cap = 0, n = 0, got;

	if (!f)
		return NULL;
	do {
		if (cap - n < 4096) {
			if (cap >= (1u << 20)) {
				errno = EFBIG;
				goto fail;
			}
			cap = cap ? cap * 2 : 8192;
			p = realloc(buf, cap + 1);
			if (!p)
				goto fail;
			buf = p;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f))
		goto fail;
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
fail:
	free(buf);
	fclose(f);
	return NULL;
}

static int is_path(const char *name)
{
	size_t n = strlen(name);

	return strchr(name, '/') || (n > 5 && strcmp(name + n - 5, ".json") == 0);
}

/* Load profile name (or a file path) into *p; 0 or an exit status. */
static int load_profile(struct cli_ctx *ctx, const char *name, struct printer_profile *p)
{
	const struct embedded_file *ef;
	struct pos_error err;
	char path[1024], epath[128];
	size_t len;
	char *text;
	int r;

	if (is_path(name)) {
		text = read_file(name, &len);
		if (!text)
			return cli_fail(tr("cannot read printer profile %s: %s"), name,
					strerror(errno));
		r = profile_parse(text, len, name, p, &err);
		free(text);
		return r ? cli_error(&err) : 0;
	}
	if (ctx->datadir) {
		snprintf(path, sizeof(path), "%s/printers/%s.json", ctx->datadir, name);
		text = read_file(path, &len);
		if (text) {
			r = profile_parse(text, len, path, p, &err);
			free(text);
			return r ? cli_error(&err) : 0;
		}
	}
	snprintf(epath, sizeof(epath), EMBED_DIR "%s.json", name);
	ef = embedded_find(epath);
	if (!ef)
		return cli_fail(tr("no printer profile \"%s\": `ocop-pos printer list` shows them"),
				name);
	if (profile_parse((const char *)ef->data, ef->size, epath, p, &err))
		return cli_error(&err);
	return 0;
}

/* All profiles: built in, overridden by the data directory's. */
static int load_all(struct cli_ctx *ctx, struct printer_profile *out, int max)
{
	const struct embedded_file *ef;
	int n = 0, i;

	for (ef = embedded_files; ef->path && n < max; ef++) {
		char name[64];
		size_t len;
		const char *base;

		if (strncmp(ef->path, EMBED_DIR, sizeof(EMBED_DIR) - 1) != 0)
			continue;
		base = ef->path + sizeof(EMBED_DIR) - 1;
		len = strlen(base);
		if (len < 6 || len - 5 >= sizeof(name) || strcmp(base + len - 5, ".json"))
			continue;
		memcpy(name, base, len - 5);
		name[len - 5] = '\0';
		if (load_profile(ctx, name, &out[n]) == 0)
			n++;
	}
	if (ctx->datadir) {
		char dir[1024];
		DIR *d;
		struct dirent *e;

		snprintf(dir, sizeof(dir), "%s/printers", ctx->datadir);
		d = opendir(dir);
		while (d && (e = readdir(d)) != NULL && n < max) {
			char name[64];
			size_t len = strlen(e->d_name);
			int dup = 0;

			if (len < 6 || len - 5 >= sizeof(name) || strcmp(e->d_name + len - 5, ".json"))
				continue;
			memcpy(name, e->d_name, len - 5);
			name[len - 5] = '\0';
			for (i = 0; i < n; i++)
				dup |= strcmp(out[i].name, name) == 0;
			if (!dup && load_profile(ctx, name, &out[n]) == 0)
				n++;
		}
		if (d)
			closedir(d);
	}
	return n;
}

/* The profile best matching a USB id, or NULL. */
static const struct printer_profile *match_usb(const struct printer_profile *all, int n,
					       uint16_t vid, uint16_t pid)
{
	const struct printer_profile *best = NULL;
	int i, score = 0;

	for (i = 0; i < n; i++) {
		int s = profile_match_usb(&all[i], vid, pid);

		if (s > score) {
			score = s;
			best = &all[i];
		}
	}
	return best;
}

struct list_ctx {
	const struct printer_profile *all;
	int nall, shown;
};

static int list_one(void *vctx, const struct usb_info *info)
{
	struct list_ctx *lc = vctx;
	const struct printer_profile *p = match_usb(lc->all, lc->nall, info->vid, info->pid);
	int i;

	if (info->if_class != USB_CLASS_PRINTER_IF && !p)
		return 0;
	printf("  usb:%04x:%04x  bus %u addr %u  class %02x  %s %s", info->vid, info->pid,
	       info->bus, info->address, (unsigned)info->if_class,
	       info->manufacturer[0] ? info->manufacturer : "?",
	       info->product[0] ? info->product : "");
	if (info->serial[0])
		printf("  serial %s", info->serial);
	printf("\n      %s %s", tr("profile:"), p ? p->name : DEFAULT_PROFILE);
	for (i = 0; p && i < lc->nall; i++)
		if (&lc->all[i] != p && profile_match_usb(&lc->all[i], info->vid, info->pid))
			printf(" (%s %s)", tr("or"), lc->all[i].name);
	printf("\n");
	lc->shown++;
	return 0;
}

static int cmd_list(struct cli_ctx *ctx)
{
	struct printer_profile *all = xcalloc(PROFILES_MAX, sizeof(*all));
	struct list_ctx lc = { all, 0, 0 };
	struct pos_error err;
	int i;

	lc.nall = load_all(ctx, all, PROFILES_MAX);
	printf("%s\n", tr("USB printers:"));
	if (usb_list(list_one, &lc, &err))
		printf("  %s\n", pos_error_text(&err));
	else if (!lc.shown)
		printf("  %s\n", tr("none found (check the cable and power; network printers: "
				     "use --printer tcp:IP:9100)"));
	printf("\n%s\n", tr("Printer profiles:"));
	for (i = 0; i < lc.nall; i++)
		printf("  %-16s %4d dots %2d cols  %-6s  %s\n", all[i].name, all[i].width_dots,
		       all[i].columns, vn_mode_name(all[i].mode), all[i].description);
	free(all);
	return 0;
}

static int open_printer(const char *spec_text, struct device_spec *spec, struct transport **t)
{
	struct pos_error err;

	if (device_spec_parse(spec_text, spec, &err))
		return cli_error(&err);
	if (transport_open(spec, t, &err))
		return cli_error(&err);
	return 0;
}

struct first_id {
	const struct printer_profile *all;
	int nall;
	uint16_t vid, pid;
};

/* usb_list callback: the first printer-class or known device. */
static int first_printer(void *vctx, const struct usb_info *info)
{
	struct first_id *f = vctx;

	if (info->if_class != USB_CLASS_PRINTER_IF &&
	    !match_usb(f->all, f->nall, info->vid, info->pid))
		return 0;
	f->vid = info->vid;
	f->pid = info->pid;
	return 1;
}

/* Pick the profile: --profile, else by the USB id, else the default. */
static int pick_profile(struct cli_ctx *ctx, const struct printer_opts *o,
			const struct transport *t, struct printer_profile *p)
{
	struct printer_profile *all;
	const struct printer_profile *m;
	struct first_id id = { NULL, 0, 0, 0 };
	struct pos_error err;
	int n, r;

	if (o->profile)
		return load_profile(ctx, o->profile, p);
	if (!t || t->spec.kind != DEVICE_USB)
		return load_profile(ctx, DEFAULT_PROFILE, p);
	all = xcalloc(PROFILES_MAX, sizeof(*all));
	n = load_all(ctx, all, PROFILES_MAX);
	id.all = all;
	id.nall = n;
	if (t->spec.usb_auto) {
		usb_list(first_printer, &id, &err);
	} else {
		id.vid = t->spec.vid;
		id.pid = t->spec.pid;
	}
	m = id.vid ? match_usb(all, n, id.vid, id.pid) : NULL;
	if (m) {
		*p = *m;
		r = 0;
	} else {
		r = load_profile(ctx, DEFAULT_PROFILE, p);
	}
	free(all);
	return r;
}

/* Status before printing: refuse with the reason when it cannot print. */
static int check_ready(struct transport *t, const struct printer_profile *p)
{
	struct printer_status st;
	struct pos_error err;

	if (!p->status || t->spec.kind == DEVICE_FILE || t->spec.kind == DEVICE_NULL)
		return 0;
	if (status_query(t, 0, &st, &err))
		return cli_error(&err);
	if (status_check(&st, &err))
		return cli_error(&err);
	return 0;
}

static int send(struct transport *t, const struct bytebuf *b)
{
	struct pos_error err;

	if (transport_write(t, b->data, b->len, WRITE_TIMEOUT_MS, &err))
		return cli_error(&err);
	return 0;
}

static int cmd_test(struct cli_ctx *ctx, const struct printer_opts *o)
{
	struct printer_profile p;
	struct device_spec spec;
	struct transport *t = NULL;
	struct escpos_opts eo;
	struct pos_error err;
	struct bytebuf b;
	struct doc d;
	char label[600];
	int r, to_printer = o->printer || !o->png;

	if (to_printer && (r = open_printer(o->printer, &spec, &t)))
		return r;
	if ((r = pick_profile(ctx, o, t, &p)))
		goto out;
	if (t)
		device_spec_format(&t->spec, label, sizeof(label));
	doc_init(&d);
	bytebuf_init(&b);
	if (selftest_build(&p, t ? label : NULL, &d, &err)) {
		r = cli_error(&err);
		goto done;
	}
	if (o->png) {
		if (preview_png(&d, &p, NULL, o->png, &err)) {
			r = cli_error(&err);
			goto done;
		}
		printf(tr("Wrote the test page preview (%s) to %s.\n"), p.name, o->png);
	}
	if (t) {
		escpos_opts_default(&p, &eo);
		if ((r = check_ready(t, &p)))
			goto done;
		if (escpos_render(&d, &p, &eo, NULL, &b, &err)) {
			r = cli_error(&err);
			goto done;
		}
		if ((r = send(t, &b)))
			goto done;
		printf(tr("Printed the test page on %s (profile %s, %zu bytes).\n"), label, p.name,
		       b.len);
	}
done:
	bytebuf_release(&b);
	doc_release(&d);
out:
	transport_close(t);
	return r;
}

static int cmd_status(const struct printer_opts *o)
{
	struct printer_status st;
	struct device_spec spec;
	struct transport *t = NULL;
	struct pos_error err;
	char words[256], label[600];
	int r;

	if ((r = open_printer(o->printer, &spec, &t)))
		return r;
	device_spec_format(&t->spec, label, sizeof(label));
	if (status_query(t, 0, &st, &err)) {
		transport_close(t);
		return cli_error(&err);
	}
	transport_close(t);
	printf("%s: %s\n", label, status_describe(&st, words, sizeof(words)));
	if (status_check(&st, &err))
		return cli_error(&err);
	return 0;
}

/* Opening the drawer without a sale is done by a person and audited
 * (printing.c: cli_open_drawer). */
static int cmd_drawer(struct cli_ctx *ctx, const struct printer_opts *o)
{
	struct cli_print_result res;
	struct pos_error err;
	struct user u;
	int r;

	if (o->pin != 2 && o->pin != 5)
		return cli_usage(&cmd_printer, "%s", tr("--pin is 2 or 5"));
	if ((r = cli_auth_user(ctx, o->user, &u)))
		return r;
	if (cli_open_drawer(ctx, &u, o->printer, o->profile, (int)o->pin, o->reason, &res, &err))
		return cli_error(&err);
	printf(tr("Opened the cash drawer (pin %d) on %s.\n"), (int)o->pin, res.device);
	return 0;
}

static int run(struct cli_ctx *ctx, int argc, char **argv)
{
	struct printer_opts o = { NULL, NULL, NULL, 2, NULL, NULL };
	struct cli_opt opts[] = {
		{ "printer", OPT_STR, &o.printer, 0 },
		{ "profile", OPT_STR, &o.profile, 0 },
		{ "png", OPT_STR, &o.png, 0 },
		{ "pin", OPT_INT, &o.pin, 0 },
		{ "user", OPT_STR, &o.user, 0 },
		{ "reason", OPT_STR, &o.reason, 0 },
		{ NULL, 0, NULL, 0 },
	};
	const char *env = getenv("OCOP_POS_PRINTER");
	int npos, help, r, explicit_printer;

	r = cli_parse(&cmd_printer, argc, argv, opts, &npos, &help);
	if (r || help)
		return r;
	if (npos != 1)
		return cli_usage(&cmd_printer, "%s", tr("printer needs list, test, status or drawer"));
	explicit_printer = o.printer != NULL;
	if (!o.printer)
		o.printer = env && *env ? env : "usb:auto";
	if (strcmp(argv[1], "list") == 0)
		return cmd_list(ctx);
	if (strcmp(argv[1], "test") == 0) {
		if (!explicit_printer && o.png)
			o.printer = NULL;       /* --png alone: preview only */
		return cmd_test(ctx, &o);
	}
	if (strcmp(argv[1], "status") == 0)
		return cmd_status(&o);
	if (strcmp(argv[1], "drawer") == 0)
		return cmd_drawer(ctx, &o);
	return cli_usage(&cmd_printer, tr("unknown printer command \"%s\""), argv[1]);
}
