/*
 * cmd_receipt.c - `ocop-pos receipt show|print|preview|template` and
 * `ocop-pos label`: printed documents from the command line.
 *
 * show writes the document as text (what a text-mode printer prints, with
 * placeholders for codes and images), preview writes the PNG of exactly
 * what raster mode prints, print sends it to the printer (printing.h).
 * `receipt template NAME` is the shop manager's tool: it checks a
 * template (the shop's copy in receipt.dir, or --file) and fills it with
 * sample data, so an edit can be seen before any real receipt uses it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "core/i18n.h"
#include "core/receipt.h"
#include "core/receipt_data.h"
#include "core/shift.h"
#include "lib/doc.h"
#include "drivers/printer/layout.h"
#include "drivers/printer/preview.h"
#include "drivers/printer/profile.h"
#include "app/outfile.h"
#include "app/printing.h"

static int run_receipt(struct app_ctx *ctx, const struct cli_args *a);
static int run_label(struct app_ctx *ctx, const struct cli_args *a);

#define O_WIDTH CLI_INT("width", 58, 80, "58|80", "paper width in mm")
#define O_PNG CLI_STR("png", "FILE", "write a PNG preview to FILE (mode 0600)")
#define O_COPY CLI_FLAG("copy", "a reprint: marked BAN SAO, no drawer")

static const struct cli_opt show_opts[] = { O_COPY, O_WIDTH, CLI_PROFILE, CLI_USER, CLI_END };
static const struct cli_opt print_opts_tab[] = {
	CLI_PRINTER, CLI_PROFILE, O_COPY, O_WIDTH, CLI_USER, CLI_END,
};
static const struct cli_opt preview_opts[] = {
	O_PNG, O_COPY, O_WIDTH, CLI_PROFILE, CLI_FORCE, CLI_USER, CLI_END,
};
static const struct cli_opt template_opts[] = {
	CLI_STR("file", "FILE", "check this file instead of the shop's copy"),
	O_PNG, CLI_PRINTER, O_WIDTH, CLI_INT("lines", 1, 500, "N", "sample lines"), O_COPY,
	CLI_FORCE, CLI_END,
};

static const struct cli_sub receipt_subs[] = {
	{ "show", "NUMBER", "the document as text on the screen", show_opts, run_receipt,
	  CLI_NEEDS(PERM_RECEIPTS), NULL },
	{ "print", "NUMBER", "print it (--copy: a reprint)", print_opts_tab, run_receipt,
	  CLI_NEEDS(PERM_RECEIPTS), NULL },
	{ "preview", "NUMBER", "a PNG of exactly what raster mode prints (default NUMBER.png)",
	  preview_opts, run_receipt, CLI_NEEDS(PERM_RECEIPTS), NULL },
	{ "template", "NAME", "check a receipt template and fill it with sample data",
	  template_opts, run_receipt, 0, NULL },
	CLI_SUBS_END,
};

const struct cli_cmd cmd_receipt = {
	"receipt", "show, print or preview a receipt; check a receipt template", receipt_subs,
	"NUMBER is a receipt number (sale, refund or void), a Z report number, a\n"
	"goods-received note number, a consignment statement number (CS-12) or a\n"
	"transfer note number (CK-1A2B3C4D, or the transfer's UUID).\n"
	"template checks template NAME (sale, refund, shift_x, shift_z, grn, consignment,\n"
	"         label): the shop's copy in the directory of setting receipt.dir, or\n"
	"         --file FILE; fills it with sample data and shows it (or --png, or\n"
	"         --printer).  Errors give the file, the line and the reason.\n"
	"The printer is --printer SPEC, else $OCOP_POS_PRINTER, else the setting\n"
	"printer.device, else the file receipts.prn beside the database.  Template\n"
	"language: docs/formats.md; printers: docs/hardware.md.\n",
};

static const struct cli_opt label_opts[] = {
	CLI_INT("count", 1, 100, "N", "how many labels (default 1)"),
	O_PNG, CLI_PRINTER, CLI_PROFILE, O_WIDTH, CLI_FORCE, CLI_END,
};

static const struct cli_sub label_subs[] = {
	{ NULL, "SKU|BARCODE", "print shelf labels for a product", label_opts, run_label, 0,
	"Prints N (default 1, at most 100) shelf labels of the product: name, OCOP\n"
	"stars, price, barcode, origin, producer and certificate, from the template\n"
	"label.tpl.  With --png only, writes the preview of one label instead.\n" },
	CLI_SUBS_END,
};

const struct cli_cmd cmd_label = {
	"label", "print shelf labels for a product", label_subs, NULL,
};

struct ropts {
	const char *printer, *profile, *png, *file;
	long long width, lines, count;
	int copy, force;
	int blind;      /* a Z report for a cashier: no expected cash (app_receipt_blind) */
};

static void load(const struct cli_args *a, struct ropts *o)
{
	memset(o, 0, sizeof(*o));
	o->printer = cli_str(a, "printer");
	o->profile = cli_str(a, "profile");
	o->png = cli_str(a, "png");
	o->file = cli_str(a, "file");
	o->width = cli_int(a, "width", 0);
	o->lines = cli_int(a, "lines", 0);
	o->count = cli_int(a, "count", 1);
	o->copy = cli_has(a, "copy");
	o->force = cli_has(a, "force");
	o->blind = a->user && !shift_may_see_expected(a->user);
}

/* A PNG preview through a safe output file (app/outfile.h). */
static int write_png(struct app_ctx *ctx, const struct ropts *o, const struct doc *d,
		     const struct printer_profile *p)
{
	struct pos_error err;
	struct app_out out;
	int r;

	if ((r = app_out_open(ctx, o->png, o->force, APP_OUT_PATH, &out)))
		return r;
	if (preview_png(d, p, NULL, out.tmp, &err)) {
		app_out_abort(&out);
		return app_error(&err);
	}
	return app_out_commit(&out);
}

/* --- the document as text -------------------------------------------- */

static void put_line(const char *s, enum doc_align align, int columns)
{
	int cells = layout_cells(s, strlen(s)), pad = 0;

	if (align == DOC_CENTER)
		pad = (columns - cells) / 2;
	else if (align == DOC_RIGHT)
		pad = columns - cells;
	printf("%*s%s\n", pad > 0 ? pad : 0, "", s);
}

static void show_doc(const struct doc *d, int columns)
{
	struct pos_error err;
	char buf[200];
	size_t i, k;

	for (i = 0; i < d->n; i++) {
		const struct doc_item *it = &d->items[i];
		struct layout l;
		int j;

		switch (it->kind) {
		case DOC_TEXT:
		case DOC_ROW:
		case DOC_SEPARATOR:
			layout_init(&l);
			if (layout_item(it, columns, &l, &err) == 0)
				for (k = 0; k < l.n; k++)
					put_line(l.lines[k], it->kind == DOC_TEXT ? it->align : DOC_LEFT,
						 it->style & DOC_DOUBLE_WIDTH ? columns / 2 : columns);
			layout_release(&l);
			break;
		case DOC_BARCODE:
			snprintf(buf, sizeof(buf), "[%s %s]", tr("barcode"), it->text);
			put_line(buf, it->align, columns);
			break;
		case DOC_QR:
			snprintf(buf, sizeof(buf), "[%s %.40s%s]", tr("QR code"), it->text,
				 strlen(it->text) > 40 ? "..." : "");
			put_line(buf, it->align, columns);
			break;
		case DOC_IMAGE:
			snprintf(buf, sizeof(buf), "[%s %dx%d]", tr("image"), it->width, it->height);
			put_line(buf, it->align, columns);
			break;
		case DOC_FEED:
			for (j = 0; j < it->lines; j++)
				putchar('\n');
			break;
		case DOC_CUT:
			snprintf(buf, sizeof(buf), "- - - %s - - -", tr("cut"));
			put_line(buf, DOC_CENTER, columns);
			break;
		case DOC_DRAWER:
			snprintf(buf, sizeof(buf), "[%s]", tr("the cash drawer opens"));
			put_line(buf, DOC_LEFT, columns);
			break;
		default:
			break;
		}
	}
}

/* --- helpers ----------------------------------------------------------- */

/* What a document is called, from its template name or file. */
static const char *doc_word(const char *tpl)
{
	if (strstr(tpl, "shift_z"))
		return tr("Z report");
	if (strstr(tpl, "shift_x"))
		return tr("X report");
	if (strstr(tpl, "grn"))
		return tr("goods-received note");
	if (strstr(tpl, "consignment"))
		return tr("consignment statement");
	return tr("receipt");
}

static int check_width(const struct ropts *o)
{
	if (o->width && o->width != 58 && o->width != 80)
		return app_fail("%s", tr("--width is 58 or 80 (mm of paper)"));
	return 0;
}

static void print_opts(const struct ropts *o, struct app_print_opts *po)
{
	memset(po, 0, sizeof(*po));
	po->printer = o->printer;
	po->profile = o->profile;
	po->width = (int)o->width;
	po->copy = o->copy;
}

/* The profile for show/preview (no printer is opened). */
static int view_profile(struct app_ctx *ctx, const struct ropts *o, struct printer_profile *p)
{
	struct app_print_opts po;
	struct pos_error err;

	print_opts(o, &po);
	po.printer = NULL;
	if (app_print_profile(ctx, &po, "null", p, &err))
		return app_error(&err);
	return 0;
}

static void warn_res(const struct app_print_result *res)
{
	if (res->warning[0])
		fprintf(stderr, "ocop-pos: %s: %s\n", tr("warning"), res->warning);
}

/* Show, preview or print a filled record. */
static int output(struct app_ctx *ctx, const struct ropts *o, const char *verb,
		  const char *tpl, const struct receipt_rec *rec, const char *what,
		  const char *no, int count)
{
	struct app_print_result res;
	struct printer_profile p;
	struct pos_error err;
	char spec[600];
	struct doc d;
	int r, i;

	memset(&res, 0, sizeof(res));
	if (!strcmp(verb, "print")) {
		struct app_print_opts po;

		print_opts(o, &po);
		app_printer_spec(ctx, o->printer, spec, sizeof(spec));
		if (app_print_profile(ctx, &po, spec, &p, &err))
			return app_error(&err);
	} else if ((r = view_profile(ctx, o, &p))) {
		return r;
	}
	if (app_receipt_doc(ctx, tpl, rec, &p, &d, &res, &err))
		return app_error(&err);
	if (!strcmp(verb, "show")) {
		show_doc(&d, p.columns);
	} else if (!strcmp(verb, "preview")) {
		if ((r = write_png(ctx, o, &d, &p))) {
			doc_release(&d);
			return r;
		}
		printf(tr("Wrote the preview of %s %s (%s, %d mm) to %s.\n"), what, no, p.name,
		       p.width_dots > 400 ? 80 : 58, o->png);
	} else {
		for (i = 0; i < count; i++) {
			if (app_print_doc(ctx, &d, &p, spec, &res, &err)) {
				doc_release(&d);
				if (i)
					fprintf(stderr, tr("ocop-pos: %d of %d printed.\n"), i, count);
				return app_error(&err);
			}
		}
		if (count > 1)
			printf(tr("Printed %d x %s %s on %s (profile %s).\n"), count, what, no,
			       res.device, res.profile);
		else
			printf(tr("Printed %s %s on %s (profile %s, %zu bytes).\n"), what, no,
			       res.device, res.profile, res.bytes);
	}
	warn_res(&res);
	doc_release(&d);
	return 0;
}

/* --- receipt ----------------------------------------------------------- */

static int cmd_template(struct app_ctx *ctx, const struct ropts *o, const char *name)
{
	struct receipt_rec *rec = NULL;
	struct receipt_tpl *t = NULL;
	struct printer_profile p;
	struct receipt_opts ro;
	struct pos_error err;
	struct doc d;
	char spec[600], dir[600], fdir[600];
	const char *tdir;
	int r = 0, filled = 0;

	/* The database only holds the setting receipt.dir: use it if there is one. */
	if (!ctx->db && access(ctx->db_path, F_OK) == 0 && app_db(ctx, 0))
		return 1;
	tdir = app_receipt_dir(ctx, dir, sizeof(dir));
	if (o->file) {
		const char *slash = strrchr(o->file, '/');

		snprintf(fdir, sizeof(fdir), "%.*s", slash ? (int)(slash - o->file) : 1,
			 slash ? o->file : ".");
		tdir = fdir;
		r = receipt_load_file(o->file, &t, &err);
	} else {
		/* Strict: the shop's copy as a print would find it, no fallback. */
		r = receipt_load(name, tdir, &t, &err);
	}
	if (r)
		return app_error(&err);
	if (receipt_data_sample(name, (int)o->lines, o->copy, &rec, &err)) {
		r = app_error(&err);
		goto out;
	}
	if (o->printer) {
		struct app_print_opts po;

		print_opts(o, &po);
		app_printer_spec(ctx, o->printer, spec, sizeof(spec));
		if (app_print_profile(ctx, &po, spec, &p, &err)) {
			r = app_error(&err);
			goto out;
		}
	} else if ((r = view_profile(ctx, o, &p))) {
		goto out;
	}
	receipt_opts_init(&ro, p.columns);
	ro.width_dots = p.width_dots;
	ro.image_dir = tdir;
	if (receipt_fill(t, rec, &ro, &d, &err)) {
		r = app_error(&err);
		goto out;
	}
	filled = 1;
	if (o->png) {
		if ((r = write_png(ctx, o, &d, &p)) == 0)
			printf(tr("Wrote the preview of template %s with sample data (%s) to %s.\n"),
			       receipt_tpl_source(t), p.name, o->png);
	} else if (o->printer) {
		struct app_print_result res;

		memset(&res, 0, sizeof(res));
		if (app_print_doc(ctx, &d, &p, spec, &res, &err))
			r = app_error(&err);
		else
			printf(tr("Printed template %s with sample data on %s (profile %s).\n"),
			       receipt_tpl_source(t), res.device, res.profile);
	} else {
		printf(tr("Template %s is valid; with sample data on %d columns it prints:\n\n"),
		       receipt_tpl_source(t), p.columns);
		show_doc(&d, p.columns);
	}
	if (ro.warning[0])
		fprintf(stderr, "ocop-pos: %s: %s\n", tr("warning"), ro.warning);
out:
	if (filled)
		doc_release(&d);
	receipt_tpl_free(t);
	receipt_rec_free(rec);
	return r;
}

static int cmd_doc(struct app_ctx *ctx, struct ropts *o, const char *verb, const char *no)
{
	struct receipt_rec *rec = NULL;
	struct pos_error err;
	char tpl[32], png[300];
	int r;

	if (!strcmp(verb, "print")) {
		struct app_print_result res;
		struct app_print_opts po;

		/* The same path as `sale --print` and the TUI. */
		print_opts(o, &po);
		po.blind = o->blind;
		if (app_db(ctx, 0))
			return 1;
		if (app_print_receipt_ex(ctx, no, &po, &res, &err))
			return app_error(&err);
		printf(tr("Printed %s %s on %s (profile %s, %zu bytes).\n"), doc_word(res.tpl), no,
		       res.device, res.profile, res.bytes);
		warn_res(&res);
		return 0;
	}
	if (app_db(ctx, 0))
		return 1;
	if ((r = receipt_data_load(ctx->db, no, o->copy, tpl, sizeof(tpl), &rec, &err)))
		return app_error(&err);
	if (o->blind)
		app_receipt_blind(rec);
	if (!strcmp(verb, "preview") && !o->png) {
		snprintf(png, sizeof(png), "%.200s.png", no);
		o->png = png;
	}
	r = output(ctx, o, verb, tpl, rec, doc_word(tpl), no, 1);
	receipt_rec_free(rec);
	return r;
}

static int run_receipt(struct app_ctx *ctx, const struct cli_args *a)
{
	const char *verb = a->sub->name;
	struct ropts o;
	int r;

	load(a, &o);
	if ((r = check_width(&o)))
		return 2;
	if (cli_nargs(a) != 1)
		return cli_usage(&cmd_receipt, "%s",
				 tr("receipt needs show, print, preview or template, and a number "
				    "or a template name"));
	if (!strcmp(verb, "template"))
		return cmd_template(ctx, &o, cli_arg(a, 0));
	return cmd_doc(ctx, &o, verb, cli_arg(a, 0));
}

/* --- label --------------------------------------------------------------- */

static int run_label(struct app_ctx *ctx, const struct cli_args *a)
{
	struct receipt_rec *rec = NULL;
	struct pos_error err;
	struct ropts o;
	int r;

	load(a, &o);
	if (check_width(&o))
		return 2;
	if (cli_nargs(a) != 1)
		return cli_usage(&cmd_label, "%s", tr("label needs one SKU or barcode"));
	if (app_db(ctx, 0))
		return 1;
	if (receipt_data_label(ctx->db, cli_arg(a, 0), &rec, &err))
		return app_error(&err);
	if (o.png && !o.printer)
		r = output(ctx, &o, "preview", "label", rec, tr("label"), cli_arg(a, 0), 1);
	else
		r = output(ctx, &o, "print", "label", rec, tr("label"), cli_arg(a, 0), (int)o.count);
	receipt_rec_free(rec);
	return r;
}
