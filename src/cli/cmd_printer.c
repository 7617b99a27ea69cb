/*
 * cmd_printer.c - `ocop-pos printer list|test|status|drawer`: find the
 * receipt printer, print the self-test page (or its PNG preview), ask it
 * how it is, open the cash drawer.
 *
 * The printer and its profile are resolved exactly as for printing a
 * receipt (printing.h): --printer SPEC, else $OCOP_POS_PRINTER, else the
 * setting printer.device, else the file receipts.prn beside the database;
 * --profile NAME (or a .json path), else the setting printer.profile, else
 * the one whose usb_ids match the USB printer found, else generic-80.
 * Profiles are read from $OCOP_POS_DATADIR/printers/NAME.json when that
 * exists, else from the copies built into the program.
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
#include "lib/doc.h"
#include "drivers/printer/escpos.h"
#include "drivers/printer/preview.h"
#include "drivers/printer/profile.h"
#include "drivers/printer/selftest.h"
#include "drivers/printer/status.h"
#include "drivers/usb.h"
#include "core/user.h"
#include "app/outfile.h"
#include "app/printing.h"

#define DEFAULT_PROFILE "generic-80"

static int run_list(struct app_ctx *ctx, const struct cli_args *a);
static int run_test(struct app_ctx *ctx, const struct cli_args *a);
static int run_status(struct app_ctx *ctx, const struct cli_args *a);
static int run_drawer(struct app_ctx *ctx, const struct cli_args *a);

static const struct cli_opt test_opts[] = {
	CLI_PRINTER, CLI_PROFILE, CLI_STR("png", "FILE", "write the page's preview (mode 0600)"),
	CLI_FORCE, CLI_END,
};
static const struct cli_opt status_opts[] = { CLI_PRINTER, CLI_END };
static const struct cli_opt drawer_opts[] = {
	CLI_USER, CLI_PRINTER, CLI_PROFILE, CLI_INT("pin", 2, 5, "2|5", "drawer pin (default 2)"),
	CLI_STR("reason", "TEXT", "why (audited)"), CLI_END,
};

static const struct cli_sub printer_subs[] = {
	{ "list", NULL, "USB printers seen on this computer, and the printer profiles", NULL,
	  run_list, 0, NULL },
	{ "test", NULL, "print the self-test page (or --png: its preview)", test_opts, run_test,
	  0, NULL },
	{ "status", NULL, "ask the printer: online, cover, paper", status_opts, run_status, 0,
	  NULL },
	{ "drawer", NULL, "open the cash drawer without a sale (audited)", drawer_opts,
	  run_drawer, 0, NULL },
	CLI_SUBS_END,
};

const struct cli_cmd cmd_printer = {
	"printer", "find, test and query the receipt printer; open the cash drawer", printer_subs,
	"test    prints the self-test page: the profile, a Vietnamese sample in every\n"
	"        mode the printer may support (pick the one that reads right), a\n"
	"        barcode, a QR code and the TCVN-3 tables.  With --png only (no\n"
	"        --printer), writes the page's preview instead of printing.\n"
	"drawer  opens the cash drawer (pin 2, or --pin 5) without printing, as the\n"
	"        user NAME (PIN on standard input); recorded in the audit log.\n"
	"SPEC: usb:auto, usb:VID:PID[:SERIAL], lp:/dev/usb/lp0, tcp:HOST:9100,\n"
	"      file:PATH, serial:/dev/ttyACM0, null.  Without --printer, the printer\n"
	"      receipts go to: $OCOP_POS_PRINTER, else the setting printer.device,\n"
	"      else the file receipts.prn beside the database.\n"
	"NAME: generic-58, generic-80, epson-tm-t20, xprinter-pos58, xprinter-pos80,\n"
	"      or a profile file (see docs/hardware.md); default: the setting\n"
	"      printer.profile, else the one matching the USB printer, else generic-80.\n",
};

struct printer_opts {
	const char *printer, *profile, *png;
	long long pin;
	const char *user, *reason;
	int force;
};

struct list_ctx {
	const struct printer_profile *all;
	int nall, shown;
};

static int list_one(void *vctx, const struct usb_info *info)
{
	struct list_ctx *lc = vctx;
	const struct printer_profile *p = app_printer_match_usb(lc->all, lc->nall, info->vid,
								  info->pid);
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

static int cmd_list(struct app_ctx *ctx)
{
	struct printer_profile *all = xcalloc(APP_PRINTER_PROFILES_MAX, sizeof(*all));
	struct list_ctx lc = { all, 0, 0 };
	struct pos_error err;
	int i;

	lc.nall = app_printer_profiles(ctx, all, APP_PRINTER_PROFILES_MAX);
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

/* The printer to use, as for receipts (printing.h), parsed: spec gets the
 * text, label its normal form.  0 or an exit status. */
static int resolve(struct app_ctx *ctx, const struct printer_opts *o, struct device_spec *ds,
		   char *spec, size_t specsz, char *label, size_t labelsz)
{
	struct pos_error err;

	app_printer_spec(ctx, o->printer, spec, specsz);
	if (device_spec_parse(spec, ds, &err))
		return app_error(&err);
	device_spec_format(ds, label, labelsz);
	return 0;
}

static int cmd_test(struct app_ctx *ctx, const struct printer_opts *o)
{
	struct app_print_opts po;
	struct app_print_result res;
	struct printer_profile p;
	struct device_spec ds;
	struct pos_error err;
	struct doc d;
	char spec[600], label[600];
	int r, to_printer = o->printer || !o->png;

	memset(&po, 0, sizeof(po));
	memset(&res, 0, sizeof(res));
	po.printer = o->printer;
	po.profile = o->profile;
	if (to_printer && (r = resolve(ctx, o, &ds, spec, sizeof(spec), label, sizeof(label))))
		return r;
	if (app_print_profile(ctx, &po, to_printer ? spec : NULL, &p, &err))
		return app_error(&err);
	doc_init(&d);
	if (selftest_build(&p, to_printer ? label : NULL, &d, &err)) {
		r = app_error(&err);
		goto done;
	}
	if (o->png) {
		struct app_out out;

		if ((r = app_out_open(ctx, o->png, o->force, APP_OUT_PATH, &out)))
			goto done;
		if (preview_png(&d, &p, NULL, out.tmp, &err)) {
			app_out_abort(&out);
			r = app_error(&err);
			goto done;
		}
		if ((r = app_out_commit(&out)))
			goto done;
		printf(tr("Wrote the test page preview (%s) to %s.\n"), p.name, o->png);
	}
	if (to_printer) {
		if (app_print_doc(ctx, &d, &p, spec, &res, &err)) {
			r = app_error(&err);
			goto done;
		}
		printf(tr("Printed the test page on %s (profile %s, %zu bytes).\n"), res.device,
		       res.profile, res.bytes);
		if (res.warning[0])
			fprintf(stderr, "ocop-pos: %s: %s\n", tr("warning"), res.warning);
	}
	r = 0;
done:
	doc_release(&d);
	return r;
}

static int cmd_status(struct app_ctx *ctx, const struct printer_opts *o)
{
	struct printer_status st;
	struct device_spec ds;
	struct transport *t = NULL;
	struct pos_error err;
	char words[256], spec[600], label[600];
	int r;

	if ((r = resolve(ctx, o, &ds, spec, sizeof(spec), label, sizeof(label))))
		return r;
	if (ds.kind == DEVICE_FILE || ds.kind == DEVICE_NULL) {
		/* Asking would write DLE EOT into the file. */
		printf("%s: %s\n", label, tr("not a printer (a file): it has no status to ask; "
					     "give --printer SPEC or set printer.device"));
		return 0;
	}
	if (transport_open(&ds, &t, &err))
		return app_error(&err);
	device_spec_format(&t->spec, label, sizeof(label));
	if (status_query(t, 0, &st, &err)) {
		transport_close(t);
		return app_error(&err);
	}
	transport_close(t);
	printf("%s: %s\n", label, status_describe(&st, words, sizeof(words)));
	if (status_check(&st, &err))
		return app_error(&err);
	return 0;
}

/* Opening the drawer without a sale is done by a person and audited
 * (printing.c: app_open_drawer). */
static int cmd_drawer(struct app_ctx *ctx, const struct printer_opts *o)
{
	struct app_print_result res;
	struct pos_error err;
	struct user u;
	int r;

	if (o->pin != 2 && o->pin != 5)
		return cli_usage(&cmd_printer, "%s", tr("--pin is 2 or 5"));
	if ((r = cli_auth_user(ctx, o->user, &u)))
		return r;
	if (app_open_drawer(ctx, &u, o->printer, o->profile, (int)o->pin, o->reason, &res, &err))
		return app_error(&err);
	printf(tr("Opened the cash drawer (pin %d) on %s.\n"), (int)o->pin, res.device);
	return 0;
}

static void load(const struct cli_args *a, struct printer_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->printer = cli_str(a, "printer");
	o->profile = cli_str(a, "profile");
	o->png = cli_str(a, "png");
	o->pin = cli_int(a, "pin", 2);
	o->user = cli_str(a, "user");
	o->reason = cli_str(a, "reason");
	o->force = cli_has(a, "force");
}

static int run_list(struct app_ctx *ctx, const struct cli_args *a)
{
	(void)a;
	return cmd_list(ctx);
}

static int run_test(struct app_ctx *ctx, const struct cli_args *a)
{
	struct printer_opts o;

	load(a, &o);
	return cmd_test(ctx, &o);       /* --png alone: preview only */
}

static int run_status(struct app_ctx *ctx, const struct cli_args *a)
{
	struct printer_opts o;

	load(a, &o);
	return cmd_status(ctx, &o);
}

static int run_drawer(struct app_ctx *ctx, const struct cli_args *a)
{
	struct printer_opts o;

	load(a, &o);
	return cmd_drawer(ctx, &o);
}
