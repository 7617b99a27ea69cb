/*
 * manager.h - the manager's, the province staff's and the admin's
 * screens: stock (list, lots, receive, count, adjust, transfers, alerts),
 * reports (sales by product and roll-ups, charts, export) and settings
 * (showroom, printer, scanner, users, language), with the helpers they
 * share (mgr_common.c).  Each opener pushes its screen (see tui.h); the
 * manager menu (screen_menu.c) lists them by permission.
 *
 * Permissions are core's: the screens hide what the user may not do and
 * show core's refusal in words otherwise.
 */
#ifndef OCOP_UI_MANAGER_H
#define OCOP_UI_MANAGER_H

#include <stddef.h>
#include <stdint.h>

#include "core/catalog.h"
#include "core/stock.h"
#include "ui/tui.h"

/* ---- openers (the menu's entries) -------------------------------------- */

/* The stock list (PERM_STOCK). */
void screen_stock_open(struct tui *t);
/*
 * Reports (PERM_REPORTS).  When it is the only screen (an auditor's
 * session), Esc offers to log out and Ctrl-E opens the menu.
 */
void screen_reports_open(struct tui *t);
/* Settings (PERM_SETTINGS): showroom, printer, scanner, users, language. */
void screen_settings_open(struct tui *t);
/* Users (PERM_USERS): list, add, reset a PIN, disable. */
void screen_users_open(struct tui *t);

/* ---- the stock screens' parts ------------------------------------------ */

enum sdoc_mode { SDOC_RECEIVE, SDOC_TRANSFER };

/*
 * A document of lines built by scanning: a goods receipt (posted as one
 * GRN) or a transfer out (written to a signed file).  product_id, when
 * not 0, is the first line.
 */
void screen_stock_doc_open(struct tui *t, enum sdoc_mode mode, long long product_id);
/*
 * The open count, or (none open) start one of the products scope selects
 * after asking; scope may be NULL (everything).
 */
void screen_stock_count_open(struct tui *t, const struct stock_filter *scope);
/* What needs attention (low, expiring, expired, certificates, negative). */
void screen_stock_alerts_open(struct tui *t, const struct stock_filter *f);

/* The filter in words ("Filter: province Đà Nẵng · group 1 ..."). */
void mgr_filter_text(const struct stock_filter *f, int alerts_only, char *out, size_t n);

/* Days ahead for the expiry and certificate alerts. */
#define MGR_ALERT_DAYS 30
#define MGR_CERT_DAYS 60

/* ---- helpers (mgr_common.c) ---------------------------------------------- */

/* Copy src into dst (n bytes), cut on a UTF-8 character boundary. */
void mgr_copy(char *dst, size_t n, const char *src);
/*
 * Draw text wrapped at spaces in w columns from (y, x), at most maxlines
 * lines ('\n' breaks a line).  Returns the lines used.
 */
int mgr_wrap(int y, int x, int w, int maxlines, attr_t attr, const char *text);
/* Today's local business date. */
void mgr_today(char out[11]);
/* The folder of the database (where files are written by default). */
const char *mgr_dir(const struct tui *t, char *buf, size_t n);
/* 1 when s says yes ("c", "có", "y", "yes", "1", "x"). */
int mgr_yes(const char *s);

/*
 * The product a scanned or typed code names (barcode or SKU).  Returns
 * 0, or core's error (not found, wrong check digit).
 */
int mgr_product_for_code(struct tui *t, const char *code, struct product *out,
			 struct pos_error *err);

/*
 * What a person typed to name a product: a code, else an accent-
 * insensitive search.  One match: cb(t, ctx, id) is called at once; several:
 * a list to pick from (Enter picks, Esc cancels); none: the message line
 * says so.  Returns 1 when cb was called or the list opened.
 */
typedef void (*mgr_product_cb)(struct tui *t, void *ctx, long long product_id);
int mgr_find_product(struct tui *t, const char *text, mgr_product_cb cb, void *ctx);

/*
 * Choose one of n items (text shown as is; n <= MGR_CHOOSE_MAX) in a
 * list over the screen: cb(t, ctx, i) with the chosen index after the
 * list is closed; Esc closes it without a call.  sel: the item selected
 * first.
 */
#define MGR_CHOOSE_MAX 64
typedef void (*mgr_choose_cb)(struct tui *t, void *ctx, int i);
void mgr_choose(struct tui *t, const char *title, const char *const *items, int n, int sel,
		mgr_choose_cb cb, void *ctx);

struct wform;

/*
 * The producer form->f[field] names, by code or by (part of) its name,
 * into code (33 bytes; "" for an empty field): 0.  Otherwise 1, the form
 * to be kept open: none matches (said with dialog_error), or several do,
 * and a list over the form offers them; the one chosen replaces the words
 * in the field.
 */
int mgr_producer_field(struct tui *t, struct wform *form, int field, char code[33]);

/* The product filter a stock or report form asks for, as typed. */
struct mgr_filter {
	char province[3];
	char producer[33];
	int group, stars;
	char owner[33];          /* "", "shop", "consigned" or a producer code */
};

/*
 * Read five consecutive fields of form from `first`: origin province,
 * producer, OCOP group, stars, owner.  0 with *out filled; otherwise the
 * problem is shown (dialog_error), the cursor put on the field, and 1
 * returned (keep the form open).
 */
int mgr_filter_fields(struct tui *t, struct wform *form, int first, struct mgr_filter *out);

/* A signed quantity "-2", "+1,5", "3" into thousandths (never 0). */
int mgr_qty_signed(const char *s, int64_t *milli, struct pos_error *err);
/* A percentage "5" or "2,5" into basis points 0..10000. */
int mgr_percent_bp(const char *s, int *bp, struct pos_error *err);
/* Basis points for people: "5 %", "2,5 %". */
const char *mgr_bp_text(int bp);
/*
 * Who owns a lot in w columns: "shop", or the consigning producer's code
 * and its commission ("HTX-MOCAY 18 %"), the code cut so that the
 * percentage always shows whole.  Returns out.
 */
const char *mgr_owner_text(const char *owner, int bp, int w, char *out, size_t n);
/*
 * A date typed by a person: "2026-11-22", "22/11/2026" or "22-11-2026"
 * (day first, as in Vietnam) into out as YYYY-MM-DD.  0 or
 * POS_ERR_INVALID naming the text.
 */
int mgr_date_parse(const char *s, char out[11], struct pos_error *err);
/* A date "YYYY-MM-DD" for people: "22/11/2026" ("" stays ""); rotating buffer. */
const char *mgr_date(const char *iso);

#endif
