/*
 * screen_stock_doc.c - a stock document built line by line by scanning:
 * a goods receipt (posted as one GRN by stock_receive) or a transfer to
 * another showroom (taken out of stock and written to a signed file by
 * transfer_out).
 *
 * A scan (or a code or a few words of a name typed in the field, Enter)
 * adds the product, or one more of it when it is already on a line.  A
 * new receipt line starts with the cost, owner and commission of the
 * product's last lot, so a regular delivery is scan, scan, post.  Enter
 * on a line edits it (quantity, cost, lot, expiry, owner and commission;
 * for a transfer the quantity and the lot).  Nothing touches the database
 * before the document is posted, in one transaction, after one question.
 */
#include "ui/manager.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/printing.h"
#include "core/clock.h"
#include "core/field.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/producer.h"
#include "core/transfer.h"
#include "core/vntext.h"
#include "ui/widget.h"

struct dline {
	long long product_id;
	char sku[PRODUCT_SKU_MAX];
	char name[PRODUCT_NAME_MAX];
	char unit[32];
	int64_t qty;                  /* thousandths */
	int64_t cost;
	int has_cost;
	char lot[STOCK_LOT_NO_MAX];
	char expiry[11];
	char owner[STOCK_CODE_MAX];   /* consigning producer, "" = the shop */
	int commission_bp;
	int64_t on_hand;              /* for a transfer: what there is */
};

struct sdoc {
	enum sdoc_mode mode;
	struct dline *l;
	int n, cap;
	struct wlist list;
	struct wfield code;
	int editing;
	char today[11];
	char grn[STOCK_DOC_MAX];
	/* transfer */
	char to[17];
	char note[256];
	char path[1024];
	struct transfer_doc *sent;   /* the transfer just sent, for its note */
};

/* ---- lines ------------------------------------------------------------------ */

struct last_lot {
	long long lot_id;
	int64_t cost;
	char owner[STOCK_CODE_MAX];
	int commission_bp;
	int found;
};

static int newest_lot(void *ctx, const struct stock_lot_row *r)
{
	struct last_lot *l = ctx;

	if (!l->found || r->lot_id > l->lot_id) {
		l->found = 1;
		l->lot_id = r->lot_id;
		l->cost = r->unit_cost;
		snprintf(l->owner, sizeof(l->owner), "%s", r->owner);
		l->commission_bp = r->commission_bp;
	}
	return 0;
}

/*
 * The quantity of the document per unit ("24 hũ + 2,5 kg"): kilograms and
 * pieces are never added together.
 */
static const char *qty_by_unit(const struct sdoc *s, char *out, size_t n)
{
	size_t len = 0;
	int i, j;

	out[0] = '\0';
	for (i = 0; i < s->n; i++) {
		int64_t sum = 0;

		for (j = 0; j < i && strcmp(s->l[j].unit, s->l[i].unit) != 0; j++)
			;
		if (j < i)
			continue;       /* this unit was summed already */
		for (j = i; j < s->n; j++)
			if (strcmp(s->l[j].unit, s->l[i].unit) == 0)
				sum += s->l[j].qty;
		if (len < n)
			len += (size_t)snprintf(out + len, n - len, "%s%s %s", len ? " + " : "",
						tui_qty(sum), s->l[i].unit);
	}
	if (!out[0])
		snprintf(out, n, "0");
	return out;
}

static int64_t line_amount(const struct dline *d)
{
	int64_t a = 0;

	if (money_line_amount(d->cost, d->qty, &a, NULL))
		return 0;
	return a;
}

static void add_product(struct tui *t, void *ctx, long long id)
{
	struct sdoc *s = ctx;
	struct product p;
	struct pos_error err;
	struct dline *d;
	int i;

	if (catalog_get_id(t->db, id, &p, &err)) {
		tui_error(t, &err);
		return;
	}
	if (p.is_service) {
		tui_msg(t, TUI_MSG_ERROR, tr("%s is a service: it has no stock to receive or send"),
			p.name);
		tui_beep(t);
		return;
	}
	for (i = 0; i < s->n; i++)
		if (s->l[i].product_id == id) {
			s->l[i].qty += QTY_ONE;
			wlist_select(&s->list, i);
			tui_msg(t, TUI_MSG_OK, "%s × %s %s", s->l[i].name, tui_qty(s->l[i].qty),
				s->l[i].unit);
			return;
		}
	if (s->n == s->cap) {
		int cap = s->cap ? s->cap * 2 : 16;
		struct dline *nl = xcalloc((size_t)cap, sizeof(*nl));

		if (s->n)
			memcpy(nl, s->l, (size_t)s->n * sizeof(*nl));
		free(s->l);
		s->l = nl;
		s->cap = cap;
	}
	d = &s->l[s->n];
	memset(d, 0, sizeof(*d));
	d->product_id = id;
	snprintf(d->sku, sizeof(d->sku), "%s", p.sku);
	snprintf(d->name, sizeof(d->name), "%s", p.name);
	snprintf(d->unit, sizeof(d->unit), "%s", p.unit);
	d->qty = QTY_ONE;
	if (s->mode == SDOC_RECEIVE) {
		struct stock_filter f;
		struct last_lot ll;

		memset(&f, 0, sizeof(f));
		memset(&ll, 0, sizeof(ll));
		f.all = 1;
		if (stock_lots(t->db, &f, id, newest_lot, &ll, NULL) == 0 && ll.found) {
			d->cost = ll.cost;
			d->has_cost = 1;
			snprintf(d->owner, sizeof(d->owner), "%s", ll.owner);
			d->commission_bp = ll.commission_bp;
		}
	} else {
		stock_on_hand(t->db, id, &d->on_hand, NULL);
	}
	s->n++;
	wlist_set_count(&s->list, s->n);
	wlist_select(&s->list, s->n - 1);
	if (s->mode == SDOC_RECEIVE && !d->has_cost)
		tui_msg(t, TUI_MSG_WARN, tr("%s added: first receipt of it, press Enter to type its "
					    "unit cost"), d->name);
	else if (s->mode == SDOC_TRANSFER && d->on_hand <= 0)
		tui_msg(t, TUI_MSG_WARN, tr("%s added, but there is none in stock to send"), d->name);
	else
		tui_msg(t, TUI_MSG_OK, "%s × %s %s", d->name, tui_qty(d->qty), d->unit);
}

/* ---- drawing ------------------------------------------------------------------ */

struct drawctx {
	struct sdoc *s;
	int wname;
};

static void draw_line(void *vctx, int i, int y, int x, int w, int selected)
{
	struct drawctx *c = vctx;
	const struct dline *d = &c->s->l[i];
	attr_t a = selected ? tui_attr(TR_SEL) : tui_attr(TR_NORMAL);
	int cx = x;
	char owner[48];

	tui_fill(y, x, 1, w, a);
	tui_textf(y, cx, 3, TA_RIGHT, a, "%d", i + 1);
	cx += 4;
	tui_text(y, cx, c->wname, TA_LEFT, a, d->name);
	cx += c->wname + 1;
	tui_text(y, cx, 6, TA_RIGHT, a, tui_qty(d->qty));
	cx += 7;
	if (c->s->mode == SDOC_RECEIVE) {
		if (d->has_cost)
			tui_text(y, cx, 10, TA_RIGHT, a, tui_money(d->cost));
		else
			tui_text(y, cx, 10, TA_RIGHT, selected ? a : tui_attr(TR_WARN), tr("cost?"));
		cx += 11;
		tui_text(y, cx, 10, TA_LEFT, selected || d->lot[0] ? a : tui_attr(TR_DIM),
			 d->lot[0] ? d->lot : tr("(new)"));
		cx += 11;
		tui_text(y, cx, 10, TA_LEFT, selected || d->expiry[0] ? a : tui_attr(TR_DIM),
			 d->expiry[0] ? mgr_date(d->expiry) : tr("(auto)"));
		cx += 11;
		if (d->owner[0])
			snprintf(owner, sizeof(owner), "%s %s", d->owner, mgr_bp_text(d->commission_bp));
		else
			snprintf(owner, sizeof(owner), "%s", tr("shop"));
		tui_text(y, cx, w - (cx - x), TA_LEFT, a, owner);
	} else {
		tui_text(y, cx, 16, TA_LEFT, selected || d->lot[0] ? a : tui_attr(TR_DIM),
			 d->lot[0] ? d->lot : tr("(first to expire)"));
		cx += 17;
		tui_text(y, cx, w - (cx - x), TA_RIGHT,
			 !selected && d->qty > d->on_hand ? tui_attr(TR_WARN) : a, tui_qty(d->on_hand));
	}
}

static void doc_draw(struct tui *t, void *st, struct tui_rect area)
{
	struct sdoc *s = st;
	struct drawctx c = { s, 0 };
	attr_t h = tui_attr(TR_HEADER);
	struct tui_rect lr;
	int64_t total = 0;
	int i, cx, y, lw;

	tui_fill(area.y, area.x, area.h, area.w, tui_attr(TR_NORMAL));
	if (s->mode == SDOC_RECEIVE) {
		tui_text(area.y, area.x, area.w / 2, TA_LEFT, tui_attr(TR_TITLE),
			 tr("Receive goods (new goods receipt)"));
		tui_textf(area.y, area.x + area.w / 2, area.w - area.w / 2, TA_RIGHT,
			  tui_attr(TR_TITLE), "%s %s", tr("Received on"), mgr_date(s->today));
	} else {
		tui_text(area.y, area.x, area.w, TA_LEFT, tui_attr(TR_TITLE),
			 tr("Send goods to another showroom (transfer)"));
	}
	lw = vn_width(tr("Scan, or type a code or a name:")) + 1;
	tui_text(area.y + 1, area.x, lw, TA_LEFT, tui_attr(TR_NORMAL),
		 tr("Scan, or type a code or a name:"));
	y = area.y + 2;
	tui_fill(y, area.x, 1, area.w, h);
	cx = area.x;
	tui_text(y, cx, 3, TA_RIGHT, h, "#");
	cx += 4;
	if (s->mode == SDOC_RECEIVE)
		c.wname = area.w - 1 - 4 - 7 - 11 - 11 - 11 - 11;
	else
		c.wname = area.w - 1 - 4 - 7 - 17 - 10;
	tui_text(y, cx, c.wname, TA_LEFT, h, tr("Product"));
	cx += c.wname + 1;
	tui_text(y, cx, 6, TA_RIGHT, h, tr("Qty"));
	cx += 7;
	if (s->mode == SDOC_RECEIVE) {
		tui_text(y, cx, 10, TA_RIGHT, h, tr("Unit cost"));
		cx += 11;
		tui_text(y, cx, 10, TA_LEFT, h, tr("Lot"));
		cx += 11;
		tui_text(y, cx, 10, TA_LEFT, h, tr("Expiry"));
		cx += 11;
		tui_text(y, cx, area.w - 1 - (cx - area.x), TA_LEFT, h, tr("Owner"));
	} else {
		tui_text(y, cx, 16, TA_LEFT, h, tr("Lot"));
		cx += 17;
		tui_text(y, cx, area.w - 1 - (cx - area.x), TA_RIGHT, h, tr("On hand"));
	}
	lr.y = y + 1;
	lr.x = area.x;
	lr.h = area.h - 5;
	lr.w = area.w;
	if (s->n == 0)
		tui_text(lr.y + 1, area.x, area.w, TA_CENTER, tui_attr(TR_DIM),
			 s->mode == SDOC_RECEIVE ?
			 tr("scan the goods as they are unpacked; each scan adds one") :
			 tr("scan the goods to send; each scan adds one"));
	else
		wlist_draw(&s->list, lr, draw_line, &c);
	for (i = 0; i < s->n; i++) {
		total += line_amount(&s->l[i]);
	}
	y = area.y + area.h - 2;
	tui_hline(y, area.x, area.w, tui_attr(TR_DIM));
	{
		char tot[200];
		int tw;

		char units[120];

		qty_by_unit(s, units, sizeof(units));
		if (s->mode == SDOC_RECEIVE)
			snprintf(tot, sizeof(tot), tr("%d lines · %s · value at cost %s"), s->n,
				 units, tui_money(total));
		else
			snprintf(tot, sizeof(tot), tr("%d lines · %s"), s->n, units);
		tw = vn_width(tot);
		if (tw > area.w)
			tw = area.w;
		tui_text(y + 1, area.x + area.w - tw, tw, TA_RIGHT, tui_attr(TR_TOTAL), tot);
		if (s->list.sel >= 0 && s->list.sel < s->n && area.w - tw - 1 > 0)
			tui_textf(y + 1, area.x, area.w - tw - 1, TA_LEFT, tui_attr(TR_DIM), "%s %s",
				  s->l[s->list.sel].sku, s->l[s->list.sel].unit);
	}
	/* the field last: it places the cursor */
	wfield_draw(t, &s->code, area.y + 1, area.x + lw, area.w - lw, 1);
}

/* ---- editing a line ------------------------------------------------------------- */

static int edit_done(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct sdoc *s = ctx;
	struct dline *d, nd;
	struct pos_error err;
	int64_t v;

	if (!ok || s->editing < 0 || s->editing >= s->n)
		return 0;
	d = &s->l[s->editing];
	nd = *d;
	if (qty_parse(form->f[0].buf, &nd.qty, &err)) {
		dialog_error(t, pos_error_text(&err));
		form->cur = 0;
		return 1;
	}
	if (s->mode == SDOC_RECEIVE) {
		if (form->f[1].buf[0]) {
			v = wfield_int(&form->f[1]);
			if (v < 0) {
				dialog_error(t, tr("unit cost: too large"));
				form->cur = 1;
				return 1;
			}
			nd.cost = v;
			nd.has_cost = 1;
		} else {
			nd.has_cost = 0;
		}
		mgr_copy(nd.lot, sizeof(nd.lot), form->f[2].buf);
		field_trim(nd.lot);
		nd.expiry[0] = '\0';
		if (form->f[3].buf[0] && mgr_date_parse(form->f[3].buf, nd.expiry, &err)) {
			dialog_error(t, pos_error_text(&err));
			form->cur = 3;
			return 1;
		}
		if (nd.expiry[0] && strcmp(nd.expiry, s->today) < 0) {
			dialog_error(t, tr("expiry: this date has passed; expired goods cannot be received"));
			form->cur = 3;
			return 1;
		}
		if (mgr_producer_code(t, form->f[4].buf, nd.owner, &err)) {
			dialog_error(t, pos_error_text(&err));
			form->cur = 4;
			return 1;
		}
		if (mgr_percent_bp(form->f[5].buf, &nd.commission_bp, &err)) {
			dialog_error(t, pos_error_text(&err));
			form->cur = 5;
			return 1;
		}
		if (!nd.owner[0] && nd.commission_bp) {
			dialog_error(t, tr("commission: only consigned goods have one; type the "
					   "producer that consigned them as owner, or leave it empty"));
			form->cur = 5;
			return 1;
		}
	} else {
		mgr_copy(nd.lot, sizeof(nd.lot), form->f[1].buf);
		field_trim(nd.lot);
	}
	*d = nd;
	return 0;
}

static void edit_line(struct tui *t, struct sdoc *s)
{
	struct dline *d;
	struct wform *f;
	char text[400], cost[32] = "", pct[16] = "";

	if (s->list.sel < 0 || s->list.sel >= s->n)
		return;
	s->editing = s->list.sel;
	d = &s->l[s->editing];
	if (s->mode == SDOC_RECEIVE) {
		snprintf(text, sizeof(text), "%s (%s, %s)\n%s", d->name, d->sku, d->unit,
			 tr("Lot empty: a new lot number. Expiry empty: from the shelf life. "
			    "Owner empty: bought by the shop; else the producer who consigned it."));
		f = dialog_form(t, tr("Receipt line"), text, edit_done, s);
		if (d->has_cost)
			snprintf(cost, sizeof(cost), "%lld", (long long)d->cost);
		if (d->commission_bp) {
			qty_format((int64_t)d->commission_bp * 10, pct, sizeof(pct));
		}
		wform_add(f, N_("Quantity"), WF_QTY, tui_qty(d->qty));
		wform_add(f, N_("Unit cost (VND)"), WF_MONEY, cost);
		wform_add(f, N_("Lot"), WF_TEXT, d->lot)->maxlen = STOCK_LOT_NO_MAX - 1;
		wform_add(f, N_("Expiry (dd/mm/yyyy)"), WF_TEXT,
			  d->expiry[0] ? mgr_date(d->expiry) : "")->maxlen = 10;
		wform_add(f, N_("Owner (consigned by)"), WF_TEXT, d->owner)->maxlen = 60;
		wform_add(f, N_("Commission %"), WF_PERCENT, pct)->maxlen = 6;
		/* quantity first, even for a first receipt: the cost is the next field */
	} else {
		snprintf(text, sizeof(text), "%s (%s): %s %s %s.\n%s", d->name, d->sku,
			 tui_qty(d->on_hand), d->unit, tr("on hand"),
			 tr("Lot empty: the lots that expire first."));
		f = dialog_form(t, tr("Transfer line"), text, edit_done, s);
		wform_add(f, N_("Quantity"), WF_QTY, tui_qty(d->qty));
		wform_add(f, N_("Lot"), WF_TEXT, d->lot)->maxlen = STOCK_LOT_NO_MAX - 1;
	}
}

static int remove_confirmed(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct sdoc *s = ctx;
	int i = s->list.sel;

	(void)form;
	if (!ok || i < 0 || i >= s->n)
		return 0;
	tui_msg(t, TUI_MSG_INFO, tr("%s removed from the list"), s->l[i].name);
	memmove(&s->l[i], &s->l[i + 1], (size_t)(s->n - i - 1) * sizeof(s->l[0]));
	s->n--;
	wlist_set_count(&s->list, s->n);
	return 0;
}

/* ---- posting ------------------------------------------------------------------------ */

/* Before printing a document: the till's printer, and "printing..." on screen. */
static void print_begin(struct tui *t, struct app_print_opts *o, struct app_print_result *res)
{
	memset(o, 0, sizeof(*o));
	memset(res, 0, sizeof(*res));
	o->printer = t->printer_spec[0] ? t->printer_spec : NULL;
	tui_msg(t, TUI_MSG_INFO, "%s", tr("printing..."));
	tui_flush(t);
}

/* After printing (r from app_print_*): 1 when it printed, else the reason in a dialog. */
static int print_end(struct tui *t, int r, const struct pos_error *err)
{
	if (r) {
		t->printer_ok = -1;
		dialog_message(t, TUI_MSG_ERROR, tr("Not printed"), pos_error_text(err));
		return 0;
	}
	t->printer_ok = 1;
	return 1;
}

static int print_grn(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct sdoc *s = ctx;
	struct app_print_opts o;
	struct app_print_result res;
	struct pos_error err;

	(void)form;
	if (!ok)
		return 0;
	print_begin(t, &o, &res);
	if (print_end(t, app_print_receipt_ex(t->app, s->grn, &o, &res, &err), &err))
		tui_msg(t, TUI_MSG_OK, tr("printed %s on %s"), s->grn, res.device);
	return 0;
}

static int receive_confirmed(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct sdoc *s = ctx;
	struct stock_receipt_line *rl;
	struct pos_error err;
	struct producer pr;
	char text[400];
	int64_t total = 0;
	int i, n = s->n;

	(void)form;
	if (!ok)
		return 0;
	rl = xcalloc((size_t)s->n, sizeof(*rl));
	for (i = 0; i < s->n; i++) {
		const struct dline *d = &s->l[i];

		rl[i].product_id = d->product_id;
		rl[i].qty_milli = d->qty;
		rl[i].unit_cost = d->cost;
		snprintf(rl[i].lot_no, sizeof(rl[i].lot_no), "%s", d->lot);
		snprintf(rl[i].expiry, sizeof(rl[i].expiry), "%s", d->expiry);
		if (d->owner[0]) {
			if (producer_get(t->db, d->owner, &pr, &err)) {
				free(rl);
				wlist_select(&s->list, i);
				dialog_message(t, TUI_MSG_ERROR, tr("Not posted"), pos_error_text(&err));
				return 0;
			}
			rl[i].owner_producer_id = pr.id;
		}
		rl[i].commission_bp = d->commission_bp;
		total += line_amount(d);
	}
	tui_flush(t);
	if (stock_receive(t->db, &t->user, NULL, rl, (size_t)s->n, s->grn, &err)) {
		free(rl);
		dialog_message(t, TUI_MSG_ERROR, tr("Not posted: nothing was received"),
			       pos_error_text(&err));
		return 0;
	}
	free(rl);
	s->n = 0;
	wlist_set_count(&s->list, 0);
	snprintf(text, sizeof(text), tr("Goods receipt %s is posted: %d lines, value at cost %s. "
					"Print the goods-received note?"), s->grn, n,
		 tui_money(total));
	tui_msg(t, TUI_MSG_OK, tr("goods receipt %s posted"), s->grn);
	dialog_confirm(t, tr("Goods received"), text, print_grn, s);
	return 0;
}

/* Print the transfer note that travels with the goods (receipts/transfer.tpl). */
static int print_transfer(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct sdoc *s = ctx;
	struct app_print_opts o;
	struct app_print_result res;
	struct pos_error err;

	(void)form;
	if (!ok || !s->sent)
		return 0;
	print_begin(t, &o, &res);
	if (print_end(t, app_print_transfer(t->app, s->sent, &o, &res, &err), &err))
		tui_msg(t, TUI_MSG_OK, tr("transfer note printed on %s"), res.device);
	return 0;
}

static int transfer_confirmed(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct sdoc *s = ctx;
	struct transfer_item *it;
	struct transfer_doc *d = NULL;
	struct pos_error err;
	char text[1400];
	int i;

	(void)form;
	if (!ok)
		return 0;
	it = xcalloc((size_t)s->n, sizeof(*it));
	for (i = 0; i < s->n; i++) {
		it[i].product_id = s->l[i].product_id;
		it[i].lot_no = s->l[i].lot[0] ? s->l[i].lot : NULL;
		it[i].qty_milli = s->l[i].qty;
	}
	tui_flush(t);
	if (transfer_out(t->db, &t->user, s->to, it, (size_t)s->n, s->note, s->path, &d, &err)) {
		free(it);
		dialog_message(t, TUI_MSG_ERROR, tr("Not sent: nothing left the stock"),
			       pos_error_text(&err));
		return 0;
	}
	free(it);
	s->n = 0;
	wlist_set_count(&s->list, 0);
	snprintf(text, sizeof(text),
		 tr("Transfer %s to showroom %s is written to\n%s\nTake this file to showroom %s "
		    "(USB stick, e-mail, Zalo): they receive it on their stock screen with F6 "
		    "(Ctrl-O).\nPrint the transfer note that travels with the goods?"), d->uuid, d->to,
		 s->path, d->to);
	transfer_doc_free(s->sent);
	s->sent = d;
	tui_msg(t, TUI_MSG_OK, tr("transfer file written: %s"), s->path);
	dialog_confirm(t, tr("Goods sent"), text, print_transfer, s);
	return 0;
}

static int transfer_form_done(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct sdoc *s = ctx;
	struct showroom me;
	struct pos_error err;
	char dir[1024], stamp[16], text[1400], units[120];
	int i;

	if (!ok)
		return 0;
	mgr_copy(s->to, sizeof(s->to), form->f[0].buf);
	field_trim(s->to);
	for (i = 0; s->to[i]; i++)
		if (s->to[i] >= 'a' && s->to[i] <= 'z')
			s->to[i] = (char)(s->to[i] - 'a' + 'A');
	if (!s->to[0]) {
		dialog_error(t, tr("type the code of the showroom that receives the goods"));
		form->cur = 0;
		return 1;
	}
	if (showroom_local(t->db, &me, &err) == 0 && strcmp(me.code, s->to) == 0) {
		dialog_error(t, tr("that is this showroom: type the code of the other one"));
		form->cur = 0;
		return 1;
	}
	snprintf(s->note, sizeof(s->note), "%s", form->f[1].buf);
	snprintf(s->path, sizeof(s->path), "%s", form->f[2].buf);
	field_trim(s->path);
	if (!s->path[0]) {
		time_t now = clock_now() + CLOCK_VN_OFFSET;
		struct tm tm;

		gmtime_r(&now, &tm);
		strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M", &tm);
		snprintf(s->path, sizeof(s->path), "%s/transfer-%s-%s-%s.json",
			 mgr_dir(t, dir, sizeof(dir)), me.code, s->to, stamp);
	}
	for (i = 0; i < s->n; i++)
	snprintf(text, sizeof(text),
		 tr("Send %d lines (%s) to showroom %s? The goods leave this showroom's "
		    "stock now, and the transfer file is written to %s."), s->n,
		 qty_by_unit(s, units, sizeof(units)), s->to, s->path);
	dialog_confirm(t, tr("Send goods"), text, transfer_confirmed, s);
	return 0;
}

static void post(struct tui *t, struct sdoc *s)
{
	char text[400], units[120];
	int64_t total = 0;
	int i;

	if (s->n == 0) {
		tui_msg(t, TUI_MSG_WARN, "%s", tr("nothing to post yet: scan the goods first"));
		return;
	}
	for (i = 0; i < s->n; i++) {
		if (s->mode == SDOC_RECEIVE && !s->l[i].has_cost) {
			wlist_select(&s->list, i);
			tui_msg(t, TUI_MSG_ERROR, tr("line %d (%s) has no unit cost: press Enter and "
						     "type it"), i + 1, s->l[i].name);
			tui_beep(t);
			return;
		}
		total += line_amount(&s->l[i]);
	}
	if (s->mode == SDOC_RECEIVE) {
		snprintf(text, sizeof(text), tr("Post this goods receipt: %d lines, %s, value "
						"at cost %s? The stock goes up now."), s->n,
			 qty_by_unit(s, units, sizeof(units)), tui_money(total));
		dialog_confirm(t, tr("Post the goods receipt"), text, receive_confirmed, s);
	} else {
		struct wform *f = dialog_form(t, tr("Send goods"),
			tr("The showroom's code (e.g. HN01). File empty: a new file in the "
			   "database's folder."), transfer_form_done, s);

		wform_add(f, N_("To showroom"), WF_TEXT, s->to)->maxlen = 16;
		wform_add(f, N_("Note"), WF_TEXT, s->note)->maxlen = 200;
		wform_add(f, N_("File name"), WF_TEXT, "");
	}
}

/* ---- keys ------------------------------------------------------------------------------ */

static int leave_confirmed(struct tui *t, void *ctx, int ok, struct wform *form)
{
	(void)form;
	if (ok)
		tui_remove_state(t, ctx);
	return 0;
}

static int doc_key(struct tui *t, void *st, int key)
{
	struct sdoc *s = st;
	char text[200], code[WFIELD_MAX];

	switch (key) {
	case TK_ESC:
		if (s->code.buf[0]) {
			s->code.buf[0] = '\0';
			return TUI_REPAINT_BODY;
		}
		if (s->n == 0) {
			tui_pop(t);
			return TUI_REPAINT_ALL;
		}
		snprintf(text, sizeof(text), s->mode == SDOC_RECEIVE ?
			 tr("Throw away this receipt of %d lines? Nothing was received yet.") :
			 tr("Throw away this transfer of %d lines? Nothing was sent yet."), s->n);
		dialog_confirm(t, tr("Leave"), text, leave_confirmed, s);
		return TUI_REPAINT_ALL;
	case TK_ENTER:
		if (s->code.buf[0]) {
			snprintf(code, sizeof(code), "%s", s->code.buf);
			s->code.buf[0] = '\0';
			mgr_find_product(t, code, add_product, s);
			return TUI_REPAINT_ALL;
		}
		edit_line(t, s);
		return TUI_REPAINT_ALL;
	case TK_F(8):
		if (s->list.sel < 0)
			return TUI_REPAINT_NONE;
		snprintf(text, sizeof(text), tr("Remove %s from the list?"), s->l[s->list.sel].name);
		dialog_confirm(t, tr("Remove a line"), text, remove_confirmed, s);
		return TUI_REPAINT_ALL;
	case TK_F(10):
		post(t, s);
		return TUI_REPAINT_ALL;
	case '+':
		if (s->list.sel >= 0 && !s->code.buf[0]) {
			s->l[s->list.sel].qty += QTY_ONE;
			return TUI_REPAINT_BODY;
		}
		break;
	case '-':
		if (s->list.sel >= 0 && !s->code.buf[0]) {
			if (s->l[s->list.sel].qty > QTY_ONE)
				s->l[s->list.sel].qty -= QTY_ONE;
			return TUI_REPAINT_BODY;
		}
		break;
	}
	if (wlist_key(&s->list, key, t->rows > 12 ? t->rows - 12 : 5))
		return TUI_REPAINT_BODY;
	if (wfield_key(&s->code, key))
		return TUI_REPAINT_BODY;
	return TUI_PASS;
}

static int doc_event(struct tui *t, void *st, const struct tui_event *ev)
{
	struct sdoc *s = st;
	struct product p;
	struct pos_error err;

	if (ev->kind != TUI_EV_SCAN)
		return TUI_REPAINT_NONE;
	if (mgr_product_for_code(t, ev->scan.code, &p, &err)) {
		tui_error(t, &err);
		return TUI_REPAINT_ALL;
	}
	add_product(t, s, p.id);
	return TUI_REPAINT_ALL;
}

static void doc_close(struct tui *t, void *st)
{
	struct sdoc *s = st;

	(void)t;
	transfer_doc_free(s->sent);
	free(s->l);
	free(s);
}

static int receiving(struct tui *t, void *st)
{
	(void)t;
	return ((const struct sdoc *)st)->mode == SDOC_RECEIVE;
}

static int sending(struct tui *t, void *st)
{
	return !receiving(t, st);
}

static const struct tui_binding doc_bind[] = {
	{ { TK_ENTER }, "Enter", NULL, N_("Add / edit line"), NULL, TK_ENTER, NULL },
	{ { '+' }, "+", "-", N_("Quantity"), N_("one more / one less of the selected line"), '+',
	  NULL },
	{ { '-' }, NULL, NULL, NULL, NULL, '-', NULL },
	{ { TK_F(8), TK_CTRL('D'), TK_DEL }, "F8", "^D", N_("Remove line"), NULL, TK_F(8), NULL },
	{ { TK_F(10), TK_CTRL('P') }, "F10", "^P", N_("Post"), NULL, TK_F(10), receiving },
	{ { TK_F(10), TK_CTRL('P') }, "F10", "^P", N_("Send"), NULL, TK_F(10), sending },
	{ { TK_ESC }, "Esc", NULL, N_("Back"), NULL, TK_ESC, NULL },
	TUI_BIND_END
};

static const struct tui_screen screen_doc = {
	"stock-doc", 0, doc_draw, doc_key, doc_event, doc_close, doc_bind,
};

void screen_stock_doc_open(struct tui *t, enum sdoc_mode mode, long long product_id)
{
	struct sdoc *s = xcalloc(1, sizeof(*s));

	s->mode = mode;
	s->list.sel = -1;
	s->editing = -1;
	s->code.kind = WF_TEXT;
	s->code.maxlen = 60;
	mgr_today(s->today);
	tui_push(t, &screen_doc, s);
	if (product_id)
		add_product(t, s, product_id);
}
