/*
 * printing.c - printer, profile and template resolution and the print
 * itself (see printing.h).
 *
 * The order of work for one document: gather its data (core), pick the
 * profile, fill the template into a struct doc, render the ESC/POS bytes
 * in memory, and only then open the printer, ask its status, write, and
 * ask again.  Opening last keeps the device free while the data is read
 * and means a failed render never leaves half a receipt on paper.  The
 * printer is opened for every document, so one that was unplugged and
 * plugged in again is found by the next print.
 */
#include "app/printing.h"

#include "app/outfile.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/db.h"
#include "core/embedded.h"
#include "core/fileio.h"
#include "core/i18n.h"
#include "core/receipt.h"
#include "core/receipt_data.h"
#include "core/refdata.h"
#include "core/showroom.h"
#include "core/user.h"
#include "drivers/device.h"
#include "lib/bytebuf.h"
#include "lib/doc.h"
#include "drivers/printer/escpos.h"
#include "drivers/printer/profile.h"
#include "drivers/printer/status.h"
#include "drivers/usb.h"

#define PROFILE_EMBED_DIR "config/printers/"
#define PROFILE_FILE_MAX (256 * 1024)
#define WRITE_TIMEOUT_MS 10000
#define DEFAULT_OUT_FILE "receipts.prn"
#define SET_PRINTER "printer.device"
#define SET_PROFILE "printer.profile"
#define SET_VN_MODE "printer.vn_mode"       /* raster, tcvn3, cp1258, ascii */

static void res_init(struct app_print_result *res)
{
	if (res)
		memset(res, 0, sizeof(*res));
}

static void res_warn(struct app_print_result *res, const char *msg)
{
	if (res && !res->warning[0])
		snprintf(res->warning, sizeof(res->warning), "%s", msg);
}

/* Open the database when the command has not yet (refdata first). */
static int need_db(struct app_ctx *ctx, struct pos_error *err)
{
	int r;

	if (ctx->db)
		return 0;
	if ((r = refdata_load(ctx->datadir, err)))
		return r;
	return db_open(ctx->db_path, 0, &ctx->db, err);
}

/* A setting, or "" (no database, unset, or unreadable). */
static void setting_str(struct app_ctx *ctx, const char *key, char *buf, size_t n)
{
	buf[0] = '\0';
	if (ctx->db && setting_get(ctx->db, key, buf, n, NULL))
		buf[0] = '\0';
}

void app_printer_spec(struct app_ctx *ctx, const char *given, char *out, size_t n)
{
	const char *env = getenv("OCOP_POS_PRINTER");
	char set[300];
	const char *slash;

	if (given && *given) {
		snprintf(out, n, "%s", given);
		return;
	}
	if (env && *env) {
		snprintf(out, n, "%s", env);
		return;
	}
	if (!ctx->db)
		need_db(ctx, NULL);     /* no database (yet): no setting */
	setting_str(ctx, SET_PRINTER, set, sizeof(set));
	if (set[0]) {
		snprintf(out, n, "%s", set);
		return;
	}
	/* No printer configured: append to a file beside the database. */
	slash = ctx->db_path ? strrchr(ctx->db_path, '/') : NULL;
	if (slash)
		snprintf(out, n, "file:%.*s/%s", (int)(slash - ctx->db_path), ctx->db_path,
			 DEFAULT_OUT_FILE);
	else
		snprintf(out, n, "file:%s", DEFAULT_OUT_FILE);
}

static int is_path(const char *name)
{
	size_t n = strlen(name);

	return strchr(name, '/') || (n > 5 && strcmp(name + n - 5, ".json") == 0);
}

int app_printer_profile_load(struct app_ctx *ctx, const char *name, struct printer_profile *p,
			     struct pos_error *err)
{
	const struct embedded_file *ef;
	char path[1100], epath[128];
	size_t len;
	char *text;
	int r;

	if (is_path(name)) {
		if ((r = fileio_read(name, PROFILE_FILE_MAX, &text, &len, err)))
			return r;
		r = profile_parse(text, len, name, p, err);
		free(text);
		return r;
	}
	if (ctx->datadir && strlen(name) < 64) {
		snprintf(path, sizeof(path), "%s/printers/%s.json", ctx->datadir, name);
		r = fileio_read(path, PROFILE_FILE_MAX, &text, &len, err);
		if (r == 0) {
			r = profile_parse(text, len, path, p, err);
			free(text);
			return r;
		}
		if (r != POS_ERR_NOT_FOUND)
			return r;
	}
	snprintf(epath, sizeof(epath), PROFILE_EMBED_DIR "%.64s.json", name);
	ef = embedded_find(epath);
	if (!ef)
		return pos_fail(err, POS_ERR_NOT_FOUND,
				tr("no printer profile \"%s\": `ocop-pos printer list` shows them"),
				name);
	return profile_parse((const char *)ef->data, ef->size, epath, p, err);
}

struct usb_pick {
	struct printer_profile *all;
	int nall;
	uint16_t vid, pid;
	int found;
};

const struct printer_profile *app_printer_match_usb(const struct printer_profile *all, int n,
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

static int first_printer(void *vctx, const struct usb_info *info)
{
	struct usb_pick *u = vctx;

	if (info->if_class != USB_CLASS_PRINTER_IF &&
	    !app_printer_match_usb(u->all, u->nall, info->vid, info->pid))
		return 0;
	u->vid = info->vid;
	u->pid = info->pid;
	u->found = 1;
	return 1;
}

/* "NAME.json" -> "NAME" into name (n bytes); 0, or -1 for another file. */
static int json_base(const char *file, char *name, size_t n)
{
	size_t len = strlen(file);

	if (len < 6 || len - 5 >= n || strcmp(file + len - 5, ".json"))
		return -1;
	memcpy(name, file, len - 5);
	name[len - 5] = '\0';
	return 0;
}

int app_printer_profiles(struct app_ctx *ctx, struct printer_profile *out, int max)
{
	const struct embedded_file *ef;
	char name[64];
	int n = 0, i;

	for (ef = embedded_files; ef->path && n < max; ef++) {
		if (strncmp(ef->path, PROFILE_EMBED_DIR, sizeof(PROFILE_EMBED_DIR) - 1) != 0 ||
		    json_base(ef->path + sizeof(PROFILE_EMBED_DIR) - 1, name, sizeof(name)))
			continue;
		if (app_printer_profile_load(ctx, name, &out[n], NULL) == 0)
			n++;
	}
	if (ctx->datadir) {
		char dir[1024];
		struct dirent *e;
		DIR *d;

		snprintf(dir, sizeof(dir), "%s/printers", ctx->datadir);
		d = opendir(dir);
		while (d && (e = readdir(d)) != NULL && n < max) {
			int dup = 0;

			if (json_base(e->d_name, name, sizeof(name)))
				continue;
			for (i = 0; i < n; i++)
				dup |= strcmp(out[i].name, name) == 0;
			if (!dup && app_printer_profile_load(ctx, name, &out[n], NULL) == 0)
				n++;
		}
		if (d)
			closedir(d);
	}
	return n;
}

int app_print_profile(struct app_ctx *ctx, const struct app_print_opts *o, const char *spec,
		      struct printer_profile *p, struct pos_error *err)
{
	struct device_spec ds;
	char set[300];
	int r;

	if (o && o->profile && *o->profile)
		return app_printer_profile_load(ctx, o->profile, p, err);
	if (o && o->width)
		return app_printer_profile_load(ctx, o->width == 58 ? "generic-58" : "generic-80", p,
						err);
	if (!ctx->db)
		need_db(ctx, NULL);     /* no database (yet): no setting */
	setting_str(ctx, SET_PROFILE, set, sizeof(set));
	if (set[0])
		return app_printer_profile_load(ctx, set, p, err);
	if (spec && device_spec_parse(spec, &ds, NULL) == 0 && ds.kind == DEVICE_USB) {
		struct usb_pick u;
		const struct printer_profile *m = NULL;

		memset(&u, 0, sizeof(u));
		u.all = xcalloc(APP_PRINTER_PROFILES_MAX, sizeof(*u.all));
		u.nall = app_printer_profiles(ctx, u.all, APP_PRINTER_PROFILES_MAX);
		if (ds.usb_auto) {
			usb_list(first_printer, &u, NULL);
		} else {
			u.vid = ds.vid;
			u.pid = ds.pid;
			u.found = 1;
		}
		if (u.found)
			m = app_printer_match_usb(u.all, u.nall, u.vid, u.pid);
		if (m) {
			*p = *m;
			free(u.all);
			return 0;
		}
		free(u.all);
	}
	r = app_printer_profile_load(ctx, "generic-80", p, err);
	return r;
}

const char *app_receipt_dir(struct app_ctx *ctx, char *buf, size_t n)
{
	setting_str(ctx, RECEIPT_SET_DIR, buf, n);
	if (buf[0])
		return buf;
	if (ctx->datadir) {
		snprintf(buf, n, "%s/receipts", ctx->datadir);
		return buf;
	}
	return NULL;
}

/*
 * The drawer opens by the program's rule (core's receipt_drawer_pin), not
 * the template's: the kick goes at the end of the filled document.
 */
static int add_drawer(struct app_ctx *ctx, const char *tpl, const struct receipt_rec *rec,
		      struct doc *d, struct pos_error *err)
{
	int pin = ctx->db ? receipt_drawer_pin(ctx->db, tpl, rec) : 0;
	int r;

	if (pin && (r = doc_drawer(d, pin, err))) {
		doc_release(d);
		return r;
	}
	return 0;
}

int app_receipt_doc(struct app_ctx *ctx, const char *tpl, const struct receipt_rec *rec,
		    const struct printer_profile *p, struct doc *out,
		    struct app_print_result *res, struct pos_error *err)
{
	struct receipt_tpl *t = NULL;
	struct receipt_opts o;
	struct pos_error e1;
	char dir[600];
	const char *d = app_receipt_dir(ctx, dir, sizeof(dir));
	int r;

	receipt_opts_init(&o, p->columns);
	o.width_dots = p->width_dots;
	o.image_dir = d;
	r = receipt_load(tpl, d, &t, &e1);
	if (!r) {
		r = receipt_fill(t, rec, &o, out, &e1);
		if (!r && res)
			snprintf(res->tpl, sizeof(res->tpl), "%s", receipt_tpl_source(t));
		receipt_tpl_free(t);
		t = NULL;
	}
	if (r && r != POS_ERR_NO_MEM && d) {
		/* The shop's template failed: say so, print with the built-in one. */
		char msg[700];

		snprintf(msg, sizeof(msg), tr("%s; printed with the built-in template instead"),
			 e1.msg);
		if (receipt_load(tpl, NULL, &t, err) == 0) {
			receipt_opts_init(&o, p->columns);
			o.width_dots = p->width_dots;
			o.image_dir = d;
			r = receipt_fill(t, rec, &o, out, err);
			if (!r) {
				res_warn(res, msg);
				if (res)
					snprintf(res->tpl, sizeof(res->tpl), "%s",
						 receipt_tpl_source(t));
			}
			receipt_tpl_free(t);
			if (!r && o.warning[0])
				res_warn(res, o.warning);
			return r ? r : add_drawer(ctx, tpl, rec, out, err);
		}
		return r;
	}
	if (r) {
		if (err)
			*err = e1;
		return r;
	}
	if (o.warning[0])
		res_warn(res, o.warning);
	return add_drawer(ctx, tpl, rec, out, err);
}

/* Ask the printer how it is; 0 when it can print (or does not answer). */
static int ready(struct transport *t, const struct printer_profile *p,
		 struct printer_status *st, struct pos_error *err)
{
	int r;

	memset(st, 0, sizeof(*st));
	if (!p->status || t->spec.kind == DEVICE_FILE || t->spec.kind == DEVICE_NULL)
		return 0;
	if ((r = status_query(t, 0, st, err)))
		return r;
	return status_check(st, err);
}

int app_print_doc(struct app_ctx *ctx, const struct doc *d, const struct printer_profile *p,
		  const char *spec, struct app_print_result *res, struct pos_error *err)
{
	struct printer_status before, after;
	struct device_spec ds;
	struct transport *t = NULL;
	struct escpos_opts eo;
	struct bytebuf b;
	char mode[16];
	int r;

	if ((r = device_spec_parse(spec, &ds, err)))
		return r;
	/* a file printer appends: never to the database or another SQLite file */
	if (ds.kind == DEVICE_FILE && (r = app_out_safe(ctx, ds.path, 1, err)))
		return r;
	bytebuf_init(&b);
	escpos_opts_default(p, &eo);
	/* The shop's choice of Vietnamese mode for its printer (settings screen). */
	setting_str(ctx, SET_VN_MODE, mode, sizeof(mode));
	if (mode[0] && vn_mode_parse(mode, &eo.mode))
		eo.mode = p->mode;
	if ((r = escpos_render(d, p, &eo, NULL, &b, err)))
		goto out;
	if ((r = transport_open(&ds, &t, err)))
		goto out;
	if ((r = ready(t, p, &before, err)))
		goto out;
	if ((r = transport_write(t, b.data, b.len, WRITE_TIMEOUT_MS, err)))
		goto out;
	if (res) {
		device_spec_format(&t->spec, res->device, sizeof(res->device));
		snprintf(res->profile, sizeof(res->profile), "%s", p->name);
		res->bytes = b.len;
	}
	/* Ask again: paper that ran out half-way means a torn receipt. */
	if (before.answered && status_query(t, 0, &after, NULL) == 0 && after.answered) {
		if (after.paper_out || after.cover_open || !after.online) {
			char words[200], msg[400];

			snprintf(msg, sizeof(msg),
				 tr("the printer reports \"%s\" after printing: check that the "
				    "receipt came out whole"),
				 status_describe(&after, words, sizeof(words)));
			res_warn(res, msg);
		} else if (after.paper_near_end) {
			res_warn(res, tr("the paper roll is nearly finished: put in a new roll soon"));
		}
	}
out:
	transport_close(t);
	bytebuf_release(&b);
	return r;
}

/* "<reason>. The document is saved: print it again with `...`." */
static int saved_fail(struct pos_error *err, int r, const char *docno)
{
	char why[POS_ERRMSG_MAX];
	size_t n;

	if (!err)
		return r;
	snprintf(why, sizeof(why), "%s", err->msg);
	n = strlen(why);
	while (n && (why[n - 1] == '.' || why[n - 1] == ' '))
		why[--n] = '\0';
	return pos_fail(err, r,
			tr("%s%s%s is saved: print it again with `ocop-pos receipt print %s` "
			   "when the printer is ready"),
			why, n && (why[n - 1] == '?' || why[n - 1] == '!') ? " " : ". ", docno, docno);
}

/* Template + data -> doc -> printer, with the options' profile. */
static int print_rec(struct app_ctx *ctx, const char *tpl, const struct receipt_rec *rec,
		     const struct app_print_opts *o, struct app_print_result *res,
		     struct pos_error *err)
{
	struct printer_profile p;
	char spec[600];
	struct doc d;
	int r;

	app_printer_spec(ctx, o ? o->printer : NULL, spec, sizeof(spec));
	if ((r = app_print_profile(ctx, o, spec, &p, err)))
		return r;
	if ((r = app_receipt_doc(ctx, tpl, rec, &p, &d, res, err)))
		return r;
	r = app_print_doc(ctx, &d, &p, spec, res, err);
	doc_release(&d);
	return r;
}

int app_print_receipt_ex(struct app_ctx *ctx, const char *docno, const struct app_print_opts *o,
			 struct app_print_result *res, struct pos_error *err)
{
	struct receipt_rec *rec = NULL;
	char tpl[32];
	int r;

	res_init(res);
	if ((r = need_db(ctx, err)))
		return r;
	if ((r = receipt_data_load(ctx->db, docno, o && o->copy, tpl, sizeof(tpl), &rec, err)))
		return r;
	if (o && o->blind)
		app_receipt_blind(rec);
	r = print_rec(ctx, tpl, rec, o, res, err);
	receipt_rec_free(rec);
	if (r && !(o && o->own_retry))
		return saved_fail(err, r, docno);
	return r;
}

static void report_done(const char *what, const char *no, const struct app_print_result *res)
{
	printf(tr("Printed %s %s on %s (profile %s, %zu bytes).\n"), what, no, res->device,
	       res->profile, res->bytes);
	if (res->warning[0])
		fprintf(stderr, "ocop-pos: %s: %s\n", tr("warning"), res->warning);
}

int app_print_receipt(struct app_ctx *ctx, const char *receipt_no, const char *printer_spec,
		      int copy, struct pos_error *err)
{
	struct app_print_opts o;
	struct app_print_result res;
	int r;

	memset(&o, 0, sizeof(o));
	o.printer = printer_spec;
	o.copy = copy;
	r = app_print_receipt_ex(ctx, receipt_no, &o, &res, err);
	if (!r)
		report_done(tr("receipt"), receipt_no, &res);
	return r;
}

int app_print_shift_ex(struct app_ctx *ctx, long long shift_id, const struct app_print_opts *o,
		       struct app_print_result *res, struct pos_error *err)
{
	struct receipt_rec *rec = NULL;
	char tpl[32];
	int r;

	res_init(res);
	if ((r = need_db(ctx, err)))
		return r;
	if ((r = receipt_data_shift(ctx->db, shift_id, o && o->copy, tpl, sizeof(tpl), &rec, err)))
		return r;
	if (o && o->blind)
		app_receipt_blind(rec);
	r = print_rec(ctx, tpl, rec, o, res, err);
	receipt_rec_free(rec);
	return r;
}

int app_print_transfer(struct app_ctx *ctx, const struct transfer_doc *d,
		       const struct app_print_opts *o, struct app_print_result *res,
		       struct pos_error *err)
{
	struct receipt_rec *rec = NULL;
	int r;

	res_init(res);
	if ((r = need_db(ctx, err)))
		return r;
	if ((r = receipt_data_transfer(ctx->db, d, o && o->copy, &rec, err)))
		return r;
	r = print_rec(ctx, "transfer", rec, o, res, err);
	receipt_rec_free(rec);
	return r;
}

void app_receipt_blind(struct receipt_rec *rec)
{
	if (!rec || !receipt_rec_get(rec, "expected_cash") || !receipt_rec_get(rec, "shift_id"))
		return;
	receipt_rec_set(rec, "blind", "1");
	receipt_rec_set(rec, "expected_cash", "");
	receipt_rec_set(rec, "over_short", "");
}

int app_print_shift(struct app_ctx *ctx, long long shift_id, const char *printer_spec, int copy,
		    int blind, struct pos_error *err)
{
	struct app_print_opts o;
	struct app_print_result res;
	char no[32];
	int r;

	memset(&o, 0, sizeof(o));
	o.printer = printer_spec;
	o.copy = copy;
	o.blind = blind;
	if ((r = app_print_shift_ex(ctx, shift_id, &o, &res, err)))
		return r;
	snprintf(no, sizeof(no), "%lld", shift_id);
	report_done(strstr(res.tpl, "shift_z") ? tr("the Z report of shift")
					       : tr("the X report of shift"), no, &res);
	return 0;
}

int app_open_drawer(struct app_ctx *ctx, const struct user *u, const char *printer_spec,
		    const char *profile, int pin, const char *reason,
		    struct app_print_result *res, struct pos_error *err)
{
	struct app_print_opts o;
	struct printer_profile p;
	struct device_spec ds;
	struct transport *t = NULL;
	struct bytebuf b;
	char spec[600], detail[700];
	int r;

	res_init(res);
	if (pin != 2 && pin != 5)
		return pos_fail(err, POS_ERR_INVALID, tr("the drawer is on pin 2 or 5, not %d"), pin);
	if ((r = user_require(u, PERM_DRAWER, err)))
		return r;
	if ((r = need_db(ctx, err)))
		return r;
	memset(&o, 0, sizeof(o));
	o.printer = printer_spec;
	o.profile = profile;
	app_printer_spec(ctx, printer_spec, spec, sizeof(spec));
	if ((r = app_print_profile(ctx, &o, spec, &p, err)))
		return r;
	if ((r = device_spec_parse(spec, &ds, err)))
		return r;
	if (ds.kind == DEVICE_FILE && (r = app_out_safe(ctx, ds.path, 1, err)))
		return r;
	/* On the record first, with who and why: a drawer that cannot be
	 * audited stays shut. */
	snprintf(detail, sizeof(detail), "opened without a sale (pin %d, %s)%s%s", pin, spec,
		 reason && *reason ? ": " : "", reason ? reason : "");
	if ((r = audit_log(ctx->db, u->id, 0, "drawer", "", detail, err)))
		return r;
	if ((r = transport_open(&ds, &t, err)))
		return r;
	bytebuf_init(&b);
	escpos_drawer(&p, pin, &b);
	r = transport_write(t, b.data, b.len, WRITE_TIMEOUT_MS, err);
	if (!r && res) {
		device_spec_format(&t->spec, res->device, sizeof(res->device));
		snprintf(res->profile, sizeof(res->profile), "%s", p.name);
		res->bytes = b.len;
	}
	transport_close(t);
	bytebuf_release(&b);
	return r;
}
