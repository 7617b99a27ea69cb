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
#include "lib/doc.h"
#include "drivers/printer/layout.h"
#include "drivers/printer/preview.h"
#include "drivers/printer/profile.h"
#include "app/printing.h"

static int run_receipt(struct app_ctx *ctx, int argc, char **argv);
static int run_label(struct app_ctx *ctx, int argc, char **argv);

const struct cli_cmd cmd_receipt = {
	"receipt", "show, print or preview a receipt; check a receipt template",
	"Usage: ocop-pos receipt show NUMBER [--copy] [--width 58|80] [--profile NAME]\n"
	"       ocop-pos receipt print NUMBER [--printer SPEC] [--profile NAME] [--copy]\n"
	"                                     [--width 58|80]\n"
	"       ocop-pos receipt preview NUMBER [--png FILE] [--copy] [--width 58|80]\n"
	"                                       [--profile NAME]\n"
	"       ocop-pos receipt template NAME [--file FILE] [--png FILE] [--printer SPEC]\n"
	"                                      [--width 58|80] [--lines N] [--copy]\n"
	"NUMBER is a receipt number (sale, refund or void), a Z report number, a\n"
	"goods-received note number or a consignment statement number (CS-12).\n"
	"show     the document as text on the screen.\n"
	"print    prints it; --copy marks a reprint \"BAN SAO\" and does not open the drawer.\n"
	"preview  writes a PNG of exactly what the printer prints in raster mode\n"
	"         (default NUMBER.png).\n"
	"template checks template NAME (sale, refund, shift_x, shift_z, grn, consignment,\n"
	"         label): the shop's copy in the directory of setting receipt.dir, or\n"
	"         --file FILE; fills it with sample data and shows it (or --png, or\n"
	"         --printer).  Errors give the file, the line and the reason.\n"
	"The printer is --printer SPEC, else $OCOP_POS_PRINTER, else the setting\n"
	"printer.device, else the file receipts.prn beside the database.  Template\n"
	"language: docs/formats.md; printers: docs/hardware.md.\n",
	run_receipt,
};

const struct cli_cmd cmd_label = {
	"label", "print shelf labels for a product",
	"Usage: ocop-pos label SKU|BARCODE [--count N] [--png FILE] [--printer SPEC]\n"
	"                      [--profile NAME] [--width 58|80]\n"
	"Prints N (default 1, at most 100) shelf labels of the product: name, OCOP\n"
	"stars, price, barcode, origin, producer and certificate, from the template\n"
	"label.tpl.  With --png only, writes the preview of one label instead.\n",
	run_label,
};

struct ropts {
	const char *printer, *profile, *png, *file;
	long long width, lines, count;
	int copy;
};

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
		if (preview_png(&d, &p, NULL, o->png, &err)) {
			doc_release(&d);
			return app_error(&err);
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
		if (preview_png(&d, &p, NULL, o->png, &err))
			r = app_error(&err);
		else
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
	if (!strcmp(verb, "preview") && !o->png) {
		snprintf(png, sizeof(png), "%.200s.png", no);
		o->png = png;
	}
	r = output(ctx, o, verb, tpl, rec, doc_word(tpl), no, 1);
	receipt_rec_free(rec);
	return r;
}

static int run_receipt(struct app_ctx *ctx, int argc, char **argv)
{
	struct ropts o;
	struct cli_opt opts[] = {
		{ "printer", OPT_STR, &o.printer, 0 },
		{ "profile", OPT_STR, &o.profile, 0 },
		{ "png", OPT_STR, &o.png, 0 },
		{ "file", OPT_STR, &o.file, 0 },
		{ "width", OPT_INT, &o.width, 0 },
		{ "lines", OPT_INT, &o.lines, 0 },
		{ "copy", OPT_FLAG, &o.copy, 0 },
		{ NULL, 0, NULL, 0 },
	};
	int npos, help, r;

	memset(&o, 0, sizeof(o));
	r = cli_parse(&cmd_receipt, argc, argv, opts, &npos, &help);
	if (r || help)
		return r;
	if ((r = check_width(&o)))
		return 2;
	if (o.lines < 0 || o.lines > 500)
		return cli_usage(&cmd_receipt, "%s", tr("--lines is 1-500"));
	if (npos != 2)
		return cli_usage(&cmd_receipt, "%s",
				 tr("receipt needs show, print, preview or template, and a number "
				    "or a template name"));
	if (!strcmp(argv[1], "template"))
		return cmd_template(ctx, &o, argv[2]);
	if (o.file)
		return cli_usage(&cmd_receipt, "%s", tr("--file goes with receipt template"));
	if (!strcmp(argv[1], "show") || !strcmp(argv[1], "print") || !strcmp(argv[1], "preview"))
		return cmd_doc(ctx, &o, argv[1], argv[2]);
	return cli_usage(&cmd_receipt, tr("unknown receipt command \"%s\""), argv[1]);
}

/* --- label --------------------------------------------------------------- */

static int run_label(struct app_ctx *ctx, int argc, char **argv)
{
	struct receipt_rec *rec = NULL;
	struct pos_error err;
	struct ropts o;
	struct cli_opt opts[] = {
		{ "printer", OPT_STR, &o.printer, 0 },
		{ "profile", OPT_STR, &o.profile, 0 },
		{ "png", OPT_STR, &o.png, 0 },
		{ "width", OPT_INT, &o.width, 0 },
		{ "count", OPT_INT, &o.count, 0 },
		{ NULL, 0, NULL, 0 },
	};
	int npos, help, r;

	memset(&o, 0, sizeof(o));
	o.count = 1;
	r = cli_parse(&cmd_label, argc, argv, opts, &npos, &help);
	if (r || help)
		return r;
	if (check_width(&o))
		return 2;
	if (npos != 1)
		return cli_usage(&cmd_label, "%s", tr("label needs one SKU or barcode"));
	if (o.count < 1 || o.count > 100)
		return cli_usage(&cmd_label, "%s", tr("--count is 1-100"));
	if (app_db(ctx, 0))
		return 1;
	if (receipt_data_label(ctx->db, argv[1], &rec, &err))
		return app_error(&err);
	if (o.png && !o.printer)
		r = output(ctx, &o, "preview", "label", rec, tr("label"), argv[1], 1);
	else
		r = output(ctx, &o, "print", "label", rec, tr("label"), argv[1], (int)o.count);
	receipt_rec_free(rec);
	return r;
}
