/*
 * screen_return.c - goods brought back against a receipt.  Find the sale
 * by its number (typed, or scanned from the receipt's barcode), mark what
 * comes back line by line (Enter/Space takes all that is left of a line,
 * digits type a quantity, a product scanned adds one of it), choose the
 * refund (the way it was paid, or cash) and confirm once.  Core checks
 * every rule (never more than was sold minus earlier returns, a voided
 * sale cannot be returned, an open shift) and computes the refund; the
 * refund slip prints like a receipt.
 */
#include "lib/utf8.h"
#include "ui/tui.h"

#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/catalog.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/vntext.h"
#include "ui/widget.h"

struct ret {
	struct wfield receipt;
	int loaded;
	struct sale_doc doc;
	int64_t *back;            /* qty_milli to return, per line */
	struct wlist list;
	struct wfield qty;        /* typing a quantity for the selected line */
	int refund_cash;
	int done;
	struct sale_result res;
	char print_error[POS_ERRMSG_MAX];
};

static int64_t left_of(const struct ret *r, size_t i)
{
	int64_t l = r->doc.lines[i].qty_milli - r->doc.lines[i].returned_milli;

	return l > 0 ? l : 0;
}

/* What the refund comes to, exactly as core will pay it. */
static int64_t refund_amount(const struct ret *r)
{
	return sale_doc_refund_amount(&r->doc, r->back);
}

/* How the money goes back, for the cashier: "in cash", or the sale's own ways. */
static void refund_way(const struct ret *r, char *out, size_t n)
{
	static const char *const names[] = { N_("Cash"), N_("VietQR transfer"), N_("Card"),
					     N_("E-wallet") };
	size_t i;

	out[0] = '\0';
	if (r->refund_cash) {
		snprintf(out, n, "%s", tr("in cash"));
		return;
	}
	for (i = 0; i < r->doc.npay; i++) {
		const char *w = (unsigned)r->doc.pay[i].method < 4 ? tr(names[r->doc.pay[i].method])
								   : "?";

		if (strstr(out, w))
			continue;
		if (out[0])
			utf8_append(out, n, " + ");
		utf8_append(out, n, w);
	}
}

static void unload(struct ret *r)
{
	if (r->loaded) {
		sale_doc_release(&r->doc);
		free(r->back);
		r->back = NULL;
		r->loaded = 0;
	}
}

static int load(struct tui *t, struct ret *r, const char *no)
{
	struct pos_error err;
	struct sale_doc d;

	if (sale_doc_load(t->db, no, &d, &err)) {
		tui_error(t, &err);
		return -1;
	}
	if (strcmp(d.kind, "sale") != 0) {
		tui_msg(t, TUI_MSG_ERROR, tr("%s is a refund or a void, not a sale: type the number "
					     "of the original receipt"), d.receipt_no);
		tui_beep(t);
		sale_doc_release(&d);
		return -1;
	}
	unload(r);
	r->doc = d;
	r->loaded = 1;
	r->back = xcalloc(d.nlines ? d.nlines : 1, sizeof(*r->back));
	r->list.sel = -1;
	wlist_set_count(&r->list, (int)d.nlines);
	snprintf(r->receipt.buf, sizeof(r->receipt.buf), "%s", d.receipt_no);
	if (d.voided_by[0])
		tui_msg(t, TUI_MSG_ERROR, tr("sale %s was voided (%s): nothing can be returned"),
			d.receipt_no, d.voided_by);
	else
		tui_msg(t, TUI_MSG_INFO, "%s",
			tr("mark what comes back: Enter takes a whole line, or type a quantity"));
	return 0;
}

struct rrow {
	struct tui *t;
	struct ret *r;
	int wname;
};

static void draw_line(void *ctx, int i, int y, int x, int w, int selected)
{
	struct rrow *rr = ctx;
	const struct sale_doc_line *l = &rr->r->doc.lines[i];
	attr_t a = selected ? tui_attr(TR_SEL) : rr->r->back[i] ? tui_attr(TR_LAST)
								  : tui_attr(TR_NORMAL);
	int cx = x;
	char back[QTY_FMT_MAX + 8];

	tui_fill(y, x, 1, w, a);
	tui_textf(y, cx, 3, TA_RIGHT, a, "%d", l->line_no);
	cx += 4;
	tui_text(y, cx, rr->wname, TA_LEFT, a, l->name);
	cx += rr->wname + 1;
	tui_text(y, cx, 7, TA_RIGHT, a, tui_qty(l->qty_milli));
	cx += 8;
	tui_text(y, cx, 7, TA_RIGHT, a, tui_qty(l->returned_milli));
	cx += 8;
	tui_text(y, cx, 12, TA_RIGHT, a, tui_money(l->amount));
	cx += 13;
	if (selected && rr->r->qty.buf[0])
		snprintf(back, sizeof(back), "%.20s_", rr->r->qty.buf);
	else
		snprintf(back, sizeof(back), "%s", rr->r->back[i] ? tui_qty(rr->r->back[i]) : "");
	tui_text(y, cx, 8, TA_RIGHT, a | A_BOLD, back);
}

static void ret_draw(struct tui *t, void *st, struct tui_rect area)
{
	struct ret *r = st;
	struct rrow rr = { t, r, 0 };
	struct tui_rect lr;
	attr_t h = tui_attr(TR_HEADER);
	int cx, y = area.y;

	tui_fill(area.y, area.x, area.h, area.w, tui_attr(TR_NORMAL));
	tui_text(y, area.x, 24, TA_LEFT, tui_attr(TR_TITLE), tr("RETURN - receipt no.:"));
	wfield_draw(t, &r->receipt, y, area.x + 24, 30, !r->loaded);
	y++;
	if (r->done) {
		tui_textf(y + 1, area.x + 2, area.w - 4, TA_LEFT, tui_attr(TR_OK), "%s %s",
			  tr("Refund done:"), r->res.receipt_no);
		char way[128];

		refund_way(r, way, sizeof(way));
		tui_textf(y + 2, area.x + 2, area.w - 4, TA_LEFT, tui_attr(TR_TOTAL) | A_BOLD,
			  "%s: %s (%s)", tr("Give back to the customer"), tui_money(r->res.total), way);
		if (r->print_error[0])
			tui_textf(y + 4, area.x + 2, area.w - 4, TA_LEFT, tui_attr(TR_ERROR), "%s: %s",
				  tr("Not printed"), r->print_error);
		tui_text(y + 6, area.x + 2, area.w - 4, TA_LEFT, tui_attr(TR_DIM),
			 tr("Enter: back to the till   r: print the refund slip again"));
		tui_cursor(t, -1, -1);
		return;
	}
	if (!r->loaded) {
		tui_text(y + 1, area.x, area.w, TA_LEFT, tui_attr(TR_DIM),
			 tr("Type the receipt number (for example DN01-01-2026-000123) and press Enter,"));
		tui_text(y + 2, area.x, area.w, TA_LEFT, tui_attr(TR_DIM),
			 tr("or scan the barcode printed on the receipt."));
		return;
	}
	tui_textf(y++, area.x, area.w, TA_LEFT, tui_attr(TR_NORMAL), "%s  %s  %s: %s  %s",
		  r->doc.local_time, r->doc.cashier, tr("total"), tui_money(r->doc.total),
		  r->doc.refunded ? tr("(partly returned before)") : "");
	rr.wname = area.w - 4 - 8 - 8 - 13 - 9 - 2;
	cx = area.x;
	tui_fill(y, area.x, 1, area.w, h);
	tui_text(y, cx, 3, TA_RIGHT, h, "#");
	cx += 4;
	tui_text(y, cx, rr.wname, TA_LEFT, h, tr("Product"));
	cx += rr.wname + 1;
	tui_text(y, cx, 7, TA_RIGHT, h, tr("Sold"));
	cx += 8;
	tui_text(y, cx, 7, TA_RIGHT, h, tr("Returned"));
	cx += 8;
	tui_text(y, cx, 12, TA_RIGHT, h, tr("Amount"));
	cx += 13;
	tui_text(y, cx, 8, TA_RIGHT, h, tr("Return"));
	y++;
	lr.y = y;
	lr.x = area.x;
	lr.h = area.h - (y - area.y) - 3;
	lr.w = area.w;
	wlist_draw(&r->list, lr, draw_line, &rr);
	y = area.y + area.h - 3;
	tui_hline(y, area.x, area.w, tui_attr(TR_DIM));
	tui_textf(y + 1, area.x, area.w, TA_LEFT, tui_attr(TR_NORMAL), "%s: %s    %s: %s",
		  tr("Refund"), tui_money(refund_amount(r)), tr("Refund by"),
		  r->refund_cash ? tr("cash") : tr("the way it was paid"));
	tui_text(y + 2, area.x, area.w, TA_LEFT, tui_attr(TR_DIM),
		 tr("Enter/Space: whole line  digits: quantity  0: none  c: cash/original  "
		    "F10: refund"));
	tui_cursor(t, -1, -1);
}

static void do_print(struct tui *t, struct ret *r)
{
	struct pos_error err;

	tui_flush(t);
	if (tui_print_receipt(t, r->res.receipt_no, &err)) {
		snprintf(r->print_error, sizeof(r->print_error), "%s", pos_error_text(&err));
		t->printer_ok = -1;
	} else {
		r->print_error[0] = '\0';
		t->printer_ok = 1;
	}
}

static int refund_cb(struct tui *t, void *ctx, int ok, struct wform *f)
{
	struct ret *r = ctx;
	struct return_item *items;
	struct return_request rq;
	struct pos_error err;
	size_t i, n = 0;
	int rc, cash = 0;

	(void)f;
	if (!ok)
		return 0;
	items = xcalloc(r->doc.nlines ? r->doc.nlines : 1, sizeof(*items));
	for (i = 0; i < r->doc.nlines; i++)
		if (r->back[i] > 0) {
			items[n].code = r->doc.lines[i].sku;
			items[n].qty_milli = r->back[i];
			n++;
		}
	memset(&rq, 0, sizeof(rq));
	rq.register_code = t->register_code;
	rq.receipt_no = r->doc.receipt_no;
	rq.items = items;
	rq.nitems = n;
	rq.refund = r->refund_cash ? REFUND_CASH : REFUND_ORIGINAL;
	rc = sale_return(t->db, &t->user, &rq, &r->res, &err);
	free(items);
	if (rc) {
		tui_error(t, &err);
		return 0;
	}
	r->done = 1;
	tui_einv_queued(t);               /* the refund's adjustment invoice */
	tui_msg(t, TUI_MSG_OK, tr("refund %s saved: give back %s"), r->res.receipt_no,
		tui_money(r->res.total));
	do_print(t, r);
	/* A cash refund's slip kicks the drawer itself (core's rule, no audit row
	 * "without a sale"); only when it did not print is the drawer opened on
	 * its own, audited with the refund's number. */
	for (i = 0; i < r->doc.npay; i++)
		cash |= r->doc.pay[i].method == PAY_CASH;
	if ((r->refund_cash || cash) && r->print_error[0]) {
		if (tui_open_drawer(t, r->res.receipt_no, &err))
			tui_error(t, &err);
	}
	return 0;
}

static int ret_key(struct tui *t, void *st, int key)
{
	struct ret *r = st;
	struct pos_error err;
	int i = r->list.sel;
	char text[512], way[128];

	if (r->done) {
		if (key == 'r' || key == 'R' || key == TK_F(2)) {
			do_print(t, r);
			return TUI_REPAINT_ALL;
		}
		if (key == TK_ENTER || key == TK_ESC) {
			tui_pop(t);
			return TUI_REPAINT_ALL;
		}
		return TUI_REPAINT_NONE;
	}
	if (!r->loaded) {
		if (key == TK_ESC) {
			tui_pop(t);
			return TUI_REPAINT_ALL;
		}
		if (key == TK_ENTER) {
			if (r->receipt.buf[0])
				load(t, r, r->receipt.buf);
			return TUI_REPAINT_ALL;
		}
		return wfield_key(&r->receipt, key) ? TUI_REPAINT_BODY : TUI_PASS;
	}
	switch (key) {
	case TK_ESC:
		if (r->qty.buf[0]) {
			r->qty.buf[0] = '\0';
			return TUI_REPAINT_BODY;
		}
		/* Back to the receipt number. */
		unload(r);
		r->receipt.buf[0] = '\0';
		return TUI_REPAINT_ALL;
	case TK_ENTER:
	case ' ':
		if (i < 0)
			return TUI_REPAINT_NONE;
		if (r->qty.buf[0]) {
			int64_t q;

			if (qty_parse(r->qty.buf, &q, &err)) {
				if (strcmp(r->qty.buf, "0") == 0)
					r->back[i] = 0;
				else
					tui_error(t, &err);
			} else if (q > left_of(r, (size_t)i)) {
				tui_msg(t, TUI_MSG_ERROR, tr("only %s of this line can still come back"),
					tui_qty(left_of(r, (size_t)i)));
				tui_beep(t);
			} else {
				r->back[i] = q;
			}
			r->qty.buf[0] = '\0';
		} else {
			r->back[i] = r->back[i] ? 0 : left_of(r, (size_t)i);
			if (!left_of(r, (size_t)i))
				tui_msg(t, TUI_MSG_WARN, "%s", tr("this line has already been returned"));
		}
		if (i + 1 < r->list.n)
			wlist_select(&r->list, i + 1);
		return TUI_REPAINT_ALL;
	case 'c':
		r->refund_cash = !r->refund_cash;
		return TUI_REPAINT_BODY;
	case TK_F(10):
		if (refund_amount(r) <= 0 && r->list.n) {
			size_t k;
			int any = 0;

			for (k = 0; k < r->doc.nlines; k++)
				any |= r->back[k] > 0;
			if (!any) {
				tui_msg(t, TUI_MSG_WARN, "%s",
					tr("nothing is marked to come back: choose the lines first"));
				return TUI_REPAINT_ALL;
			}
		}
		refund_way(r, way, sizeof(way));
		snprintf(text, sizeof(text), tr("Refund %s for receipt %s: %s?"),
			 tui_money(refund_amount(r)), r->doc.receipt_no, way);
		dialog_confirm(t, tr("Return"), text, refund_cb, r);
		return TUI_REPAINT_ALL;
	}
	if ((key >= '0' && key <= '9') || key == ',' || key == '.' || key == TK_BS) {
		wfield_key(&r->qty, key);
		return TUI_REPAINT_BODY;
	}
	if (wlist_key(&r->list, key, 10)) {
		r->qty.buf[0] = '\0';
		return TUI_REPAINT_BODY;
	}
	return TUI_PASS;
}

static int ret_event(struct tui *t, void *st, const struct tui_event *ev)
{
	struct ret *r = st;
	size_t i;

	if (ev->kind != TUI_EV_SCAN || r->done)
		return TUI_PASS;
	if (!r->loaded) {
		/* The receipt's own barcode. */
		load(t, r, ev->scan.code);
		return TUI_REPAINT_ALL;
	}
	/* A product brought back: one more of its line. */
	for (i = 0; i < r->doc.nlines; i++) {
		const struct sale_doc_line *l = &r->doc.lines[i];
		struct product p;

		if (strcmp(l->sku, ev->scan.code) != 0 &&
		    !(catalog_lookup(t->db, ev->scan.code, &p, NULL) == 0 && p.id == l->product_id))
			continue;
		if (r->back[i] + QTY_ONE > left_of(r, i)) {
			tui_msg(t, TUI_MSG_ERROR, tr("%s: no more of it can come back on this receipt"),
				l->name);
			tui_beep(t);
		} else {
			r->back[i] += QTY_ONE;
			wlist_select(&r->list, (int)i);
			tui_msg(t, TUI_MSG_OK, "%s: %s", l->name, tui_qty(r->back[i]));
		}
		return TUI_REPAINT_ALL;
	}
	tui_msg(t, TUI_MSG_ERROR, tr("%s is not on receipt %s"), ev->scan.code, r->doc.receipt_no);
	tui_beep(t);
	return TUI_REPAINT_ALL;
}

static void ret_close(struct tui *t, void *st)
{
	struct ret *r = st;

	(void)t;
	unload(r);
	free(r);
}

static int ret_finding(struct tui *t, void *st)
{
	const struct ret *r = st;

	(void)t;
	return !r->done && !r->loaded;
}

static int ret_lines(struct tui *t, void *st)
{
	const struct ret *r = st;

	(void)t;
	return !r->done && r->loaded;
}

static int ret_done(struct tui *t, void *st)
{
	(void)t;
	return ((const struct ret *)st)->done;
}

static const struct tui_binding ret_bind[] = {
	{ { TK_ENTER }, "Enter", NULL, N_("Find the receipt"), NULL, TK_ENTER, ret_finding },
	{ { TK_ENTER }, "Enter", NULL, N_("Take line"), NULL, TK_ENTER, ret_lines },
	{ { 'c', 'C' }, "c", NULL, N_("Cash/original"), NULL, 'c', ret_lines },
	{ { TK_F(10), TK_CTRL('P') }, "F10", "^P", N_("Refund"), NULL, TK_F(10), ret_lines },
	{ { TK_ESC }, "Esc", NULL, N_("Back"), NULL, TK_ESC, ret_finding },
	{ { TK_ESC }, "Esc", NULL, N_("Back"), NULL, TK_ESC, ret_lines },
	{ { TK_ENTER }, "Enter", NULL, N_("Back to the till"), NULL, TK_ENTER, ret_done },
	{ { 'r', 'R', TK_F(2) }, "r", "F2", N_("Print again"), NULL, 'r', ret_done },
	TUI_BIND_END
};

static const struct tui_screen screen_return = {
	"return", 0, ret_draw, ret_key, ret_event, ret_close, ret_bind,
};

void screen_return_open(struct tui *t, const char *receipt_no)
{
	struct ret *r = xcalloc(1, sizeof(*r));

	r->receipt.kind = WF_TEXT;
	r->receipt.maxlen = SALE_RECEIPT_NO_MAX - 1;
	r->qty.kind = WF_QTY;
	r->qty.maxlen = 10;
	r->list.sel = -1;
	tui_push(t, &screen_return, r);
	if (receipt_no && *receipt_no)
		load(t, r, receipt_no);
}
