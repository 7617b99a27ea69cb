/*
 * printing.h - printing documents from the command line and the TUI:
 * which printer, which profile, which template, then render, send and say
 * what happened.
 *
 * The printer is the spec given (--printer), else $OCOP_POS_PRINTER, else
 * the setting printer.device, else the file receipts.prn beside the
 * database, so a till without a printer still "prints" (appends the bytes
 * to that file).  The profile is the one given (--profile NAME or a .json
 * file), else the setting printer.profile, else the one whose usb_ids
 * match the USB printer found, else generic-80 (generic-58 with width 58);
 * the setting printer.vn_mode, when set, replaces the profile's
 * Vietnamese mode.
 * Templates come from the setting receipt.dir (or $OCOP_POS_DATADIR/
 * receipts), else the built-in ones; a shop template with an error falls
 * back to the built-in one with a warning, so an edit never stops a till.
 *
 * A sale is committed before its receipt is printed: every failure here
 * leaves the sale as it is and says how to print it again.
 */
#ifndef OCOP_APP_PRINTING_H
#define OCOP_APP_PRINTING_H

#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "lib/err.h"

struct doc;
struct printer_profile;
struct receipt_rec;
struct transfer_doc;
struct user;

struct app_print_opts {
	const char *printer;    /* device spec, or NULL (resolved as above) */
	const char *profile;    /* profile name or file, or NULL */
	int width;              /* 58 or 80 to force the paper, 0 = the profile's */
	int copy;               /* a reprint: "BẢN SAO", no drawer kick */
	int own_retry;          /* the caller says how to print again (the TUI: a key):
				   failures give the printer's reason only */
	int blind;              /* the reader may not see the cash the drawer should
				   hold (!shift_may_see_expected): an X or Z report
				   leaves out the expected cash and the over/short */
};

struct app_print_result {
	char device[300];       /* the spec printed to */
	char profile[32];       /* the profile used */
	char tpl[300];          /* the template used: receipts/sale.tpl or the shop's file */
	size_t bytes;           /* bytes sent */
	char warning[768];      /* a non-fatal problem ("paper nearly out", a
				   template that fell back), "" when none */
};

/*
 * The printer spec to use (see above) into out (n bytes).  When no
 * database is open yet, the one of ctx is opened if it exists, for its
 * printer.device setting (none: the setting is skipped).
 */
void app_printer_spec(struct app_ctx *ctx, const char *given, char *out, size_t n);

#define APP_PRINTER_PROFILES_MAX 64

/*
 * Every printer profile: the built-in ones (a same-named file in
 * $OCOP_POS_DATADIR/printers/ replaces one) and the data directory's
 * others, at most max, into out.  Returns how many.
 */
int app_printer_profiles(struct app_ctx *ctx, struct printer_profile *out, int max);

/* The profile of all[0..n) whose usb_ids best match vid:pid, or NULL. */
const struct printer_profile *app_printer_match_usb(const struct printer_profile *all, int n,
						   uint16_t vid, uint16_t pid);

/*
 * Load profile name (or a .json file): $OCOP_POS_DATADIR/printers/ first,
 * then the built-in profiles.  0, or a negative enum pos_err in err.
 */
int app_printer_profile_load(struct app_ctx *ctx, const char *name, struct printer_profile *p,
			     struct pos_error *err);

/*
 * The shop's template (and logo) directory: the setting receipt.dir, else
 * $OCOP_POS_DATADIR/receipts, else NULL (built-in templates only).
 * Returns buf or NULL.
 */
const char *app_receipt_dir(struct app_ctx *ctx, char *buf, size_t n);

/*
 * Fill template tpl ("sale", "shift_z", ...) with rec for paper p into
 * *out (a new document: doc_release it).  res (may be NULL) gets the
 * template used and a warning when the shop's template failed.
 */
int app_receipt_doc(struct app_ctx *ctx, const char *tpl, const struct receipt_rec *rec,
		    const struct printer_profile *p, struct doc *out,
		    struct app_print_result *res, struct pos_error *err);

/*
 * The profile o asks for, for the printer spec (may be NULL; no device is
 * opened for file:, null and tcp:), as described above; the database of
 * ctx is opened if it exists, for the printer.profile setting.  0 or a
 * negative enum pos_err.
 */
int app_print_profile(struct app_ctx *ctx, const struct app_print_opts *o, const char *spec,
		      struct printer_profile *p, struct pos_error *err);

/*
 * Send d to the printer o names with profile p: status first (paper out,
 * cover open refuse with what to do), ESC/POS bytes, status after.
 * Writes nothing on stdout.  0 or a negative enum pos_err.
 */
int app_print_doc(struct app_ctx *ctx, const struct doc *d, const struct printer_profile *p,
		  const char *spec, struct app_print_result *res, struct pos_error *err);

/*
 * Print the numbered document docno (sale, refund, void receipt, Z
 * report, goods-received note) without writing on stdout (the TUI).
 * Failures say the document is saved and how to print it again with the
 * command line (not with o->own_retry).
 */
int app_print_receipt_ex(struct app_ctx *ctx, const char *docno, const struct app_print_opts *o,
			 struct app_print_result *res, struct pos_error *err);

/*
 * The same for the command line (`sale --print`, `receipt print`): prints
 * "Printed receipt N on SPEC (profile P, B bytes)." on stdout and any
 * warning on stderr.  0 or a negative enum pos_err in err (not printed).
 */
int app_print_receipt(struct app_ctx *ctx, const char *receipt_no, const char *printer_spec,
		      int copy, struct pos_error *err);

/*
 * Print shift shift_id's X (open) or Z (closed) report quietly (the TUI);
 * res->tpl names the template used (receipts/shift_z.tpl ...).  0 or a
 * negative enum pos_err.
 */
int app_print_shift_ex(struct app_ctx *ctx, long long shift_id, const struct app_print_opts *o,
		       struct app_print_result *res, struct pos_error *err);

/*
 * Print the transfer note of d (receipts/transfer.tpl), the paper that
 * travels with goods sent to another showroom; quiet like the _ex
 * functions.  0 or a negative enum pos_err.
 */
int app_print_transfer(struct app_ctx *ctx, const struct transfer_doc *d,
		       const struct app_print_opts *o, struct app_print_result *res,
		       struct pos_error *err);

/*
 * Make the filled X or Z report rec blind (the cashier's copy): "blind" is
 * 1, the expected cash and the over/short are emptied, so a row naming
 * them is left out even in a shop's own template.  Other documents are
 * left as they are.
 */
void app_receipt_blind(struct receipt_rec *rec);
/* Print shift shift_id's X (open) or Z (closed) report; as app_print_receipt;
 * blind: the cashier's copy (app_receipt_blind). */
int app_print_shift(struct app_ctx *ctx, long long shift_id, const char *printer_spec, int copy,
		    int blind, struct pos_error *err);

/*
 * Open the cash drawer without a sale for user u (PERM_DRAWER), on
 * connector pin 2 or 5, and record it in the audit log with reason (may
 * be NULL).  0 or a negative enum pos_err in err; on success res
 * (may be NULL) says where.
 */
int app_open_drawer(struct app_ctx *ctx, const struct user *u, const char *printer_spec,
		    const char *profile, int pin, const char *reason,
		    struct app_print_result *res, struct pos_error *err);

#endif
