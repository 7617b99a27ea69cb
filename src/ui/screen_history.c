/*
 * screen_history.c - invoice history on the till (issue 14 item 21).
 *
 * Today's documents first; '/' finds by number (or its last digits),
 * buyer (name without accents, phone, tax code), day and amount
 * (core/salehist.h).  On the selected document: Enter shows it (lines,
 * payments), F4 reprints it ("BẢN SAO"), F7 starts a return against it
 * (the return screen), F8 voids it with a manager's PIN typed in place
 * (core allows voiding only the register's last sale of the open shift,
 * and says so otherwise).  Scanning a receipt's barcode on the sale
 * screen opens this screen on that receipt (screen_history_open_receipt).
 */
#include "ui/history_ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/field.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/sale.h"
#include "core/salehist.h"
#include "core/user.h"
#include "core/vntext.h"
#include "ui/manager.h"
#include "ui/widget.h"

struct hist {
	struct salehist_row *r;
	size_t n;
	struct wlist list;
	char text[128];
	char date[11];                /* "" = any day */
	int64_t amount;
	char target[32];              /* the document a dialog is about */
};

static void load(struct tui *t, struct hist *h)
{
	struct salehist_query q = { h->text, h->date, h->amount };
	struct pos_error err;

	free(h->r);
	h->r = NULL;
	h->n = 0;
	if (salehist_find(t->db, &q, &h->r, &h->n, &err))
		tui_error(t, &err);
	wlist_set_count(&h->list, (int)h->n);
	if (h->n)
		wlist_select(&h->list, 0);
}

static const char *kind_text(const struct salehist_row *r)
{
	if (strcmp(r->kind, "refund") == 0)
		return tr("refund");
	if (strcmp(r->kind, "void") == 0)
		return tr("void");
	if (r->voided)
		return tr("voided");
	if (r->refunded)
		return tr("returned");
	return "";
}

static void draw_row(void *ctx, int i, int y, int x, int w, int selected)
{
	struct hist *h = ctx;
	const struct salehist_row *r = &h->r[i];
	attr_t a = selected ? tui_attr(TR_SEL) : r->voided || strcmp(r->kind, "sale") ?
		   tui_attr(TR_DIM) : tui_attr(TR_NORMAL);
	int wb = w - 12 - 21 - 9 - 13;

	tui_fill(y, x, 1, w, a);
	tui_text(y, x, 11, TA_LEFT, a, r->local_time + 5);        /* "MM-DD HH:MM" */
	tui_text(y, x + 12, 20, TA_LEFT, a, r->receipt_no);
	tui_text(y, x + 33, 8, TA_LEFT, a, kind_text(r));
	tui_text(y, x + 42, 12, TA_RIGHT, a, tui_money(r->total));
	if (wb > 0)
		tui_text(y, x + w - wb, wb, TA_LEFT, a, r->buyer);
}

static void hist_draw(struct tui *t, void *st, struct tui_rect area)
{
	struct hist *h = st;
	attr_t hd = tui_attr(TR_HEADER);
	struct tui_rect lr = { area.y + 2, area.x, area.h - 3, area.w };
	char what[300];
	int wb = area.w - 12 - 21 - 9 - 13;

	snprintf(what, sizeof(what), "%s%s%s%s%s", h->text, h->text[0] ? " " : "",
		 h->date[0] ? mgr_date(h->date) : "", h->amount ? " " : "",
		 h->amount ? tui_money(h->amount) : "");
	tui_fill(area.y, area.x, area.h, area.w, tui_attr(TR_NORMAL));
	tui_textf(area.y, area.x, area.w, TA_LEFT, tui_attr(TR_TITLE),
		  tr("Invoice history (%zu)%s%s"), h->n, what[0] ? " · " : "", what);
	tui_fill(area.y + 1, area.x, 1, area.w, hd);
	tui_text(area.y + 1, area.x, 11, TA_LEFT, hd, tr("Time"));
	tui_text(area.y + 1, area.x + 12, 20, TA_LEFT, hd, tr("Number"));
	tui_text(area.y + 1, area.x + 42, 12, TA_RIGHT, hd, tr("Total"));
	if (wb > 0)
		tui_text(area.y + 1, area.x + area.w - wb, wb, TA_LEFT, hd, tr("Buyer"));
	if (h->n == 0)
		tui_text(lr.y + 1, area.x, area.w, TA_CENTER, tui_attr(TR_DIM),
			 tr("nothing found: press / to search again"));
	else
		wlist_draw(&h->list, lr, draw_row, h);
	tui_cursor(t, -1, -1);
}

static const struct salehist_row *selected(struct hist *h)
{
	if (h->list.sel < 0 || h->list.sel >= (int)h->n)
		return NULL;
	return &h->r[h->list.sel];
}

/* ---- search ------------------------------------------------------------------------------- */

static int search_done(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct hist *h = ctx;
	struct pos_error err;
	char date[11] = "";
	int64_t amount;

	if (!ok)
		return 0;
	if (form->f[1].buf[0] && mgr_date_parse(form->f[1].buf, date, &err)) {
		dialog_error(t, pos_error_text(&err));
		form->cur = 1;
		return 1;
	}
	amount = wfield_int(&form->f[2]);
	if (amount < 0) {
		dialog_error(t, tr("the amount is too large"));
		form->cur = 2;
		return 1;
	}
	mgr_copy(h->text, sizeof(h->text), form->f[0].buf);
	field_trim(h->text);
	memcpy(h->date, date, sizeof(date));
	h->amount = amount;
	load(t, h);
	return 0;
}

static void open_search(struct tui *t, struct hist *h)
{
	struct wform *f = dialog_form(t, tr("Find invoices"),
				      tr("Any of: the number (or its last digits), the buyer's name, "
					 "phone or tax code; the day (22/11/2026); the total."),
				      search_done, h);
	char amount[32] = "";

	if (h->amount)
		snprintf(amount, sizeof(amount), "%lld", (long long)h->amount);
	wform_add(f, N_("Number / buyer"), WF_TEXT, h->text)->maxlen = 60;
	wform_add(f, N_("Day"), WF_TEXT, h->date[0] ? mgr_date(h->date) : "")->maxlen = 10;
	wform_add(f, N_("Total (VND)"), WF_MONEY, amount);
}

/* ---- show --------------------------------------------------------------------------------- */

static const char *method_text(enum pay_method m)
{
	switch (m) {
	case PAY_CASH: return tr("cash");
	case PAY_QR: return tr("bank transfer (QR)");
	case PAY_CARD: return tr("card");
	case PAY_WALLET: return tr("e-wallet");
	}
	return "";
}

static void show_doc(struct tui *t, const char *no)
{
	struct sale_doc d;
	struct pos_error err;
	char text[2400];
	size_t len = 0, i;

	if (sale_doc_load(t->db, no, &d, &err)) {
		tui_error(t, &err);
		return;
	}
#define ADD(...) do { if (len < sizeof(text)) \
	len += (size_t)snprintf(text + len, sizeof(text) - len, __VA_ARGS__); } while (0)
	ADD("%s · %s · %s\n", d.local_time, d.register_code,
	    d.cashier_name[0] ? d.cashier_name : d.cashier);
	if (d.original_no[0])
		ADD(tr("Against %s\n"), d.original_no);
	if (d.buyer_name[0] || d.buyer_tax_code[0])
		ADD(tr("Buyer: %s %s\n"), d.buyer_name, d.buyer_tax_code);
	for (i = 0; i < d.nlines && i < 8; i++)
		ADD("%s × %s = %s\n", d.lines[i].name, tui_qty(d.lines[i].qty_milli),
		    tui_money(d.lines[i].amount));
	if (d.nlines > 8)
		ADD(tr("... %zu more lines\n"), d.nlines - 8);
	ADD(tr("Total %s"), tui_money(d.total));
	for (i = 0; i < d.npay; i++)
		ADD(" · %s %s", method_text(d.pay[i].method), tui_money(d.pay[i].amount));
	if (d.voided_by[0])
		ADD(tr("\nVoided by %s"), d.voided_by);
	if (d.refunded)
		ADD(tr("\nRefunded so far %s"), tui_money(d.refunded));
#undef ADD
	dialog_message(t, TUI_MSG_INFO, d.receipt_no, text);
	sale_doc_release(&d);
}

/* ---- void with a manager's PIN -------------------------------------------------------------- */

static int void_done(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct hist *h = ctx;
	struct pos_error err;
	struct user mgr;
	struct sale_result res;
	char last[SALE_RECEIPT_NO_MAX];
	int r;

	if (!ok)
		return 0;
	r = user_auth(t->db, form->f[0].buf, form->f[1].buf, &mgr, &err);
	explicit_bzero(form->f[1].buf, sizeof(form->f[1].buf));
	if (r) {
		dialog_error(t, pos_error_text(&err));
		form->cur = 1;
		return 1;
	}
	if (!form->f[2].buf[0]) {
		dialog_error(t, tr("say why the sale is voided"));
		form->cur = 2;
		return 1;
	}
	/* core voids only the register's last sale: say so plainly for another */
	if (sale_last_receipt(t->db, t->register_code, last, &err) == 0 &&
	    strcmp(last, h->target) != 0) {
		dialog_error(t, tr("only the last sale of this register can be voided; take the "
				   "goods back with a return (F7) instead"));
		return 1;
	}
	if (sale_void_last(t->db, &mgr, t->register_code, form->f[2].buf, &res, &err)) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	tui_msg(t, TUI_MSG_OK, tr("%s voided (%s, approved by %s): give back %s"), h->target,
		res.receipt_no, mgr.name, tui_money(res.total));
	load(t, h);
	return 0;
}

static void open_void(struct tui *t, struct hist *h, const struct salehist_row *r)
{
	struct wform *f;
	char text[300];

	if (strcmp(r->kind, "sale") != 0 || r->voided) {
		tui_msg(t, TUI_MSG_WARN, "%s", tr("only a sale that is not voided can be voided"));
		return;
	}
	snprintf(h->target, sizeof(h->target), "%s", r->receipt_no);
	snprintf(text, sizeof(text), tr("Void %s (%s)? A manager approves here with their PIN; "
					"the money goes back the way it was paid."),
		 r->receipt_no, tui_money(r->total));
	f = dialog_form(t, tr("Void a sale"), text, void_done, h);
	wform_add(f, N_("Manager"), WF_TEXT, "")->maxlen = USER_NAME_MAX - 1;
	wform_add(f, N_("PIN"), WF_PIN, "")->maxlen = 12;
	wform_add(f, N_("Reason"), WF_TEXT, "")->maxlen = 200;
}

/* ---- keys ---------------------------------------------------------------------------------- */

enum { A_SEARCH = TUI_ACT(1), A_SHOW, A_REPRINT, A_RETURN, A_VOID, A_BACK };

static int hist_key(struct tui *t, void *st, int key)
{
	struct hist *h = st;
	const struct salehist_row *r = selected(h);
	struct pos_error err;
	char no[32];

	switch (key) {
	case A_BACK:
		tui_pop(t);
		return TUI_REPAINT_ALL;
	case A_SEARCH:
		open_search(t, h);
		return TUI_REPAINT_ALL;
	}
	if (key >= TUI_ACT(1) && !r) {
		tui_msg(t, TUI_MSG_WARN, "%s", tr("choose an invoice first"));
		return TUI_REPAINT_ALL;
	}
	switch (key) {
	case A_SHOW:
		show_doc(t, r->receipt_no);
		return TUI_REPAINT_ALL;
	case A_REPRINT:
		tui_flush(t);
		if (tui_reprint_receipt(t, r->receipt_no, &err))
			tui_error(t, &err);
		else
			tui_msg(t, TUI_MSG_OK, tr("%s reprinted (BẢN SAO)"), r->receipt_no);
		return TUI_REPAINT_ALL;
	case A_RETURN:
		if (strcmp(r->kind, "sale") != 0) {
			tui_msg(t, TUI_MSG_WARN, "%s", tr("returns are made against a sale"));
			return TUI_REPAINT_ALL;
		}
		snprintf(no, sizeof(no), "%s", r->receipt_no);
		tui_pop(t);
		screen_return_open(t, no);
		return TUI_REPAINT_ALL;
	case A_VOID:
		open_void(t, h, r);
		return TUI_REPAINT_ALL;
	}
	if (wlist_key(&h->list, key, 10))
		return TUI_REPAINT_BODY;
	return TUI_PASS;
}

static void hist_close(struct tui *t, void *st)
{
	struct hist *h = st;

	(void)t;
	free(h->r);
	free(h);
}

static const struct tui_binding hist_bind[] = {
	{ { '/', TK_F(2), TK_CTRL('F') }, "/", "F2", N_("Search"),
	  N_("find by number, buyer, day or total"), A_SEARCH, NULL },
	{ { TK_ENTER }, "Enter", NULL, N_("Show"), N_("the invoice's lines and payments"), A_SHOW,
	  NULL },
	{ { TK_F(4), TK_CTRL('P') }, "F4", "^P", N_("Reprint"), N_("print a copy (BẢN SAO)"),
	  A_REPRINT, NULL },
	{ { TK_F(7), TK_CTRL('R') }, "F7", "^R", N_("Return"), N_("take goods back against it"),
	  A_RETURN, NULL },
	{ { TK_F(8), TK_CTRL('X') }, "F8", "^X", N_("Void sale"),
	  N_("void the last sale (a manager's PIN here)"), A_VOID, NULL },
	{ { TK_ESC }, "Esc", NULL, N_("Back"), NULL, A_BACK, NULL },
	TUI_BIND_END
};

static const struct tui_screen screen_history = {
	"history", 0, hist_draw, hist_key, NULL, hist_close, hist_bind,
};

void screen_history_open_receipt(struct tui *t, const char *receipt_no)
{
	struct hist *h = xcalloc(1, sizeof(*h));

	h->list.sel = -1;
	if (receipt_no && *receipt_no) {
		mgr_copy(h->text, sizeof(h->text), receipt_no);
	} else {
		mgr_today(h->date);
	}
	load(t, h);
	tui_push(t, &screen_history, h);
}

void screen_history_open(struct tui *t)
{
	screen_history_open_receipt(t, NULL);
}
