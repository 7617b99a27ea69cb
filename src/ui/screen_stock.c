/*
 * screen_stock.c - the manager's stock screen: products with what is on
 * hand and its value at cost, filtered by origin province, producer, OCOP
 * group, stars, owner (shop or consigned) and alerts; the lots of the
 * selected product below; and the way to every stock action: receive,
 * count, adjust, transfer out and in, alerts, reorder level.
 *
 * A "!" before a name marks stock below zero or below the reorder level;
 * with the "only with alerts" filter the full check of stock_alerts()
 * (expiring lots, certificates) decides.
 *
 * Scale.  stock_list() is walked once per filter change into a compact
 * array (ids, SKU and numbers: about 90 bytes a product), so scrolling
 * through 100,000 products is only drawing; the names, units and origins
 * of the twenty-odd visible rows come from catalog_get_id() through a
 * small cache.  The list is reloaded after an action that changes stock
 * (not after every dialog), and a scan jumps to the scanned product.
 */
#include "ui/manager.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/app.h"
#include "core/field.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/refdata.h"
#include "core/transfer.h"
#include "core/vntext.h"
#include "lib/alloc.h"
#include "ui/widget.h"
#include "ui/widget_mgr.h"

#define CACHE_SIZE 64

struct srow {
	long long id;
	char sku[PRODUCT_SKU_MAX];
	int64_t on_hand, consigned, value, reorder;
	int nlots;
	signed char group, stars;
	unsigned char alert;
};

struct pcache {
	long long id;
	char name[PRODUCT_NAME_MAX];
	char unit[32];
	char producer[33];
	char province[3];
	int64_t price;
};

struct lrow {
	long long lot_id;
	char lot_no[STOCK_LOT_NO_MAX];
	char expiry[11], received_on[11];
	char owner[STOCK_CODE_MAX];
	int commission_bp;
	int64_t unit_cost, on_hand, value;
	int has_expiry, days_left;
};

struct adjust {
	long long product_id;
	char name[PRODUCT_NAME_MAX];
	char unit[32];
	char lot[STOCK_LOT_NO_MAX];
	int64_t delta;
	enum stock_reason reason;
	char note[256];
};

struct stockscr {
	struct stock_filter f;
	int alerts_only;
	struct srow *rows;
	int n, cap;
	int64_t total_value;
	struct wlist list;
	struct pcache cache[CACHE_SIZE];
	char error[POS_ERRMSG_MAX];
	int reload;              /* an action may have changed stock: reload on resume */

	/* the lots panel */
	int lots_open, focus_lots;
	long long lots_of;
	struct lrow *lots;
	int nlots, lots_cap;
	struct wlist lotlist;

	struct adjust adj;
	char tin_path[1400];     /* the transfer file being received */
};

/* ---- loading ------------------------------------------------------------- */

struct alert_skus {
	char (*sku)[PRODUCT_SKU_MAX];
	size_t n, cap;
};

static int collect_alert(void *ctx, const struct stock_alert *a)
{
	struct alert_skus *s = ctx;

	if (a->kind == STOCK_ALERT_CACHE)
		return 0;
	if (POS_GROW(s->sku, s->cap, s->n + 1))
		return POS_ERR_NO_MEM;
	snprintf(s->sku[s->n++], PRODUCT_SKU_MAX, "%s", a->sku);
	return 0;
}

static int cmp_sku(const void *a, const void *b)
{
	return strcmp(a, b);
}

struct load_ctx {
	struct stockscr *s;
	struct alert_skus *al;
};

static int collect_row(void *vctx, const struct stock_product_row *r)
{
	struct load_ctx *c = vctx;
	struct stockscr *s = c->s;
	struct srow *o;
	int flagged = 0;

	if (s->alerts_only) {
		flagged = c->al->n &&
			  bsearch(r->sku, c->al->sku, c->al->n, sizeof(*c->al->sku), cmp_sku) != NULL;
		if (!flagged)
			return 0;
	} else {
		/* The alerts the row itself shows; the full check (expiry,
		 * certificates) runs for the alerts filter and the alerts view. */
		flagged = r->on_hand_milli < 0 ||
			  (r->reorder_milli > 0 && r->on_hand_milli < r->reorder_milli);
	}
	if (s->n == s->cap) {
		int cap = s->cap ? s->cap * 2 : 1024;
		struct srow *nr = xmalloc((size_t)cap * sizeof(*nr));

		if (s->n)
			memcpy(nr, s->rows, (size_t)s->n * sizeof(*nr));
		free(s->rows);
		s->rows = nr;
		s->cap = cap;
	}
	o = &s->rows[s->n++];
	o->id = r->product_id;
	snprintf(o->sku, sizeof(o->sku), "%s", r->sku);
	o->on_hand = r->on_hand_milli;
	o->consigned = r->consigned_milli;
	o->value = r->value;
	o->reorder = r->reorder_milli;
	o->nlots = r->nlots;
	o->group = (signed char)r->group;
	o->stars = (signed char)r->stars;
	o->alert = (unsigned char)flagged;
	s->total_value += r->value;
	return 0;
}

static void load(struct tui *t, struct stockscr *s)
{
	struct alert_skus al = { NULL, 0, 0 };
	struct load_ctx c = { s, &al };
	struct pos_error err;
	long long keep = s->list.sel >= 0 && s->list.sel < s->n ? s->rows[s->list.sel].id : 0;
	int i, r;

	s->n = 0;
	s->total_value = 0;
	s->error[0] = '\0';
	memset(s->cache, 0, sizeof(s->cache));
	r = 0;
	if (s->alerts_only) {
		r = stock_alerts(t->db, &s->f, MGR_ALERT_DAYS, MGR_CERT_DAYS, collect_alert, &al,
				 &err);
		if (r == 0)
			qsort(al.sku, al.n, sizeof(*al.sku), cmp_sku);
	}
	if (r == 0)
		r = stock_list(t->db, &s->f, collect_row, &c, &err);
	free(al.sku);
	if (r)
		snprintf(s->error, sizeof(s->error), "%s", pos_error_text(&err));
	wlist_set_count(&s->list, s->n);
	for (i = 0; keep && i < s->n; i++)
		if (s->rows[i].id == keep) {
			wlist_select(&s->list, i);
			break;
		}
	s->reload = 0;
}

static const struct pcache *product_info(struct tui *t, struct stockscr *s, long long id)
{
	struct pcache *c = &s->cache[(unsigned long long)id % CACHE_SIZE];
	struct product p;

	if (c->id == id)
		return c;
	memset(c, 0, sizeof(*c));
	if (catalog_get_id(t->db, id, &p, NULL) == 0) {
		snprintf(c->name, sizeof(c->name), "%s", p.name);
		snprintf(c->unit, sizeof(c->unit), "%s", p.unit);
		snprintf(c->producer, sizeof(c->producer), "%s", p.producer);
		snprintf(c->province, sizeof(c->province), "%s", p.origin_province);
		c->price = p.price;
	} else {
		snprintf(c->name, sizeof(c->name), "?");
	}
	c->id = id;
	return c;
}

static int collect_lot(void *ctx, const struct stock_lot_row *r)
{
	struct stockscr *s = ctx;
	struct lrow *o;

	if (s->nlots == s->lots_cap) {
		int cap = s->lots_cap ? s->lots_cap * 2 : 16;
		struct lrow *nl = xcalloc((size_t)cap, sizeof(*nl));

		if (s->nlots)
			memcpy(nl, s->lots, (size_t)s->nlots * sizeof(*nl));
		free(s->lots);
		s->lots = nl;
		s->lots_cap = cap;
	}
	o = &s->lots[s->nlots++];
	o->lot_id = r->lot_id;
	snprintf(o->lot_no, sizeof(o->lot_no), "%s", r->lot_no);
	snprintf(o->expiry, sizeof(o->expiry), "%s", r->expiry);
	snprintf(o->received_on, sizeof(o->received_on), "%s", r->received_on);
	snprintf(o->owner, sizeof(o->owner), "%s", r->owner);
	o->commission_bp = r->commission_bp;
	o->unit_cost = r->unit_cost;
	o->on_hand = r->on_hand_milli;
	o->value = r->value;
	o->has_expiry = r->has_expiry;
	o->days_left = r->days_left;
	return 0;
}

static void load_lots(struct tui *t, struct stockscr *s)
{
	struct stock_filter f = s->f;
	struct pos_error err;

	s->nlots = 0;
	if (s->list.sel < 0) {
		s->lots_open = 0;
		return;
	}
	s->lots_of = s->rows[s->list.sel].id;
	free(s->lots);
	s->lots = NULL;
	s->lots_cap = 0;
	f.all = 0;
	if (stock_lots(t->db, &f, s->lots_of, collect_lot, s, &err))
		tui_error(t, &err);
	s->lotlist.sel = -1;
	s->lotlist.top = 0;
	wlist_set_count(&s->lotlist, s->nlots);
	s->lots_open = 1;
}

/* ---- drawing ---------------------------------------------------------------- */

struct drawctx {
	struct tui *t;
	struct stockscr *s;
	int wsku, wname, wprod, wprov;
};

static void draw_row(void *vctx, int i, int y, int x, int w, int selected)
{
	struct drawctx *c = vctx;
	const struct srow *r = &c->s->rows[i];
	const struct pcache *p = product_info(c->t, c->s, r->id);
	attr_t a = selected ? tui_attr(c->s->focus_lots ? TR_DIM : TR_SEL) : tui_attr(TR_NORMAL);
	attr_t q = a;
	int cx = x;

	if (selected && c->s->focus_lots)
		a = tui_attr(TR_HEADER);
	tui_fill(y, x, 1, w, a);
	tui_text(y, cx, c->wsku, TA_LEFT, a, r->sku);
	cx += c->wsku + 1;
	tui_textf(y, cx, c->wname, TA_LEFT, a, "%s%s", r->alert ? "! " : "", p->name);
	cx += c->wname + 1;
	if (c->wprod) {
		tui_text(y, cx, c->wprod, TA_LEFT, a, p->producer);
		cx += c->wprod + 1;
	}
	if (c->wprov) {
		const struct province *pv = province_find(p->province);

		tui_text(y, cx, c->wprov, TA_LEFT, a, pv ? pv->name : p->province);
		cx += c->wprov + 1;
	}
	tui_text(y, cx, 5, TA_LEFT, selected ? a : tui_attr(TR_STARS), tui_stars(c->t, r->stars));
	cx += 6;
	if (!selected) {
		if (r->on_hand < 0)
			q = tui_attr(TR_ERROR);
		else if (r->reorder > 0 && r->on_hand < r->reorder)
			q = tui_attr(TR_WARN);
	}
	tui_text(y, cx, 9, TA_RIGHT, q, tui_qty(r->on_hand));
	cx += 10;
	tui_text(y, cx, w - (cx - x), TA_RIGHT, a, tui_money(r->value));
}

static void draw_lot(void *vctx, int i, int y, int x, int w, int selected)
{
	struct drawctx *c = vctx;
	const struct lrow *l = &c->s->lots[i];
	attr_t a = selected && c->s->focus_lots ? tui_attr(TR_SEL) : tui_attr(TR_NORMAL);
	attr_t e = a;
	char owner[64], days[32];
	int cx = x, wl = w - (11 + 1 + 9 + 1 + 20 + 1 + 12 + 1 + 9);

	if (wl < 8)
		wl = 8;
	tui_fill(y, x, 1, w, a);
	tui_text(y, cx, wl, TA_LEFT, a, l->lot_no);
	cx += wl + 1;
	if (!l->has_expiry) {
		snprintf(days, sizeof(days), "%s", "");
	} else if (l->days_left < 0) {
		snprintf(days, sizeof(days), "%s", tr("expired"));
		if (!(selected && c->s->focus_lots))
			e = tui_attr(TR_ERROR);
	} else {
		snprintf(days, sizeof(days), tr("%d d"), l->days_left);
		if (l->days_left <= MGR_ALERT_DAYS && !(selected && c->s->focus_lots))
			e = tui_attr(TR_WARN);
	}
	tui_text(y, cx, 11, TA_LEFT, e, l->has_expiry ? mgr_date(l->expiry) : "—");
	cx += 12;
	tui_text(y, cx, 9, TA_LEFT, e, days);
	cx += 10;
	if (l->owner[0]) {
		/* the percentage always shows whole: a long producer code is cut instead */
		const char *pct = mgr_bp_text(l->commission_bp);
		int room = 20 - 1 - (int)strlen(pct);

		snprintf(owner, sizeof(owner), "%.*s %s", room > 0 ? room : 0, l->owner, pct);
	} else
		snprintf(owner, sizeof(owner), "%s", tr("shop"));
	tui_text(y, cx, 20, TA_LEFT, a, owner);
	cx += 21;
	tui_text(y, cx, 12, TA_RIGHT, a, tui_money(l->unit_cost));
	cx += 13;
	tui_text(y, cx, w - (cx - x), TA_RIGHT, a, tui_qty(l->on_hand));
}

static void stock_draw(struct tui *t, void *st, struct tui_rect area)
{
	struct stockscr *s = st;
	struct drawctx c = { t, s, 12, 0, 0, 0 };
	attr_t h = tui_attr(TR_HEADER);
	struct tui_rect lr;
	char buf[512];
	int cx, listh, y;

	tui_fill(area.y, area.x, area.h, area.w, tui_attr(TR_NORMAL));
	tui_text(area.y, area.x, area.w / 2, TA_LEFT, tui_attr(TR_TITLE), tr("Stock on hand"));
	tui_textf(area.y, area.x + area.w / 2, area.w - area.w / 2, TA_RIGHT, tui_attr(TR_TITLE),
		  tr("%d products, value %s"), s->n, tui_money(s->total_value));
	mgr_filter_text(&s->f, s->alerts_only, buf, sizeof(buf));
	tui_text(area.y + 1, area.x, area.w, TA_LEFT, tui_attr(TR_DIM), buf);

	if (area.w >= 120) {
		c.wprod = 10;
		c.wprov = 14;
	} else if (area.w >= 100) {
		c.wprov = 14;
	}
	c.wname = area.w - 1 - c.wsku - 1 - (c.wprod ? c.wprod + 1 : 0) -
		  (c.wprov ? c.wprov + 1 : 0) - 6 - 10 - 14;
	y = area.y + 2;
	tui_fill(y, area.x, 1, area.w, h);
	cx = area.x;
	tui_text(y, cx, c.wsku, TA_LEFT, h, tr("SKU"));
	cx += c.wsku + 1;
	tui_text(y, cx, c.wname, TA_LEFT, h, tr("Product"));
	cx += c.wname + 1;
	if (c.wprod) {
		tui_text(y, cx, c.wprod, TA_LEFT, h, tr("Producer"));
		cx += c.wprod + 1;
	}
	if (c.wprov) {
		tui_text(y, cx, c.wprov, TA_LEFT, h, tr("Province"));
		cx += c.wprov + 1;
	}
	tui_text(y, cx, 5, TA_LEFT, h, tr("OCOP"));
	cx += 6;
	tui_text(y, cx, 9, TA_RIGHT, h, tr("On hand"));
	cx += 10;
	tui_text(y, cx, area.w - 1 - (cx - area.x), TA_RIGHT, h, tr("Stock value"));

	listh = area.h - 4;
	if (s->lots_open)
		listh = (area.h - 4) / 2 - 1;
	lr.y = area.y + 3;
	lr.x = area.x;
	lr.h = listh;
	lr.w = area.w;
	if (s->error[0])
		tui_text(lr.y, area.x, area.w, TA_LEFT, tui_attr(TR_ERROR), s->error);
	else if (s->n == 0)
		tui_text(lr.y + 1, area.x, area.w, TA_CENTER, tui_attr(TR_DIM),
			 s->alerts_only || s->f.province[0] || s->f.producer[0] || s->f.group ||
			 s->f.stars || s->f.owner[0] ?
			 tr("nothing matches the filter: press / to change it") :
			 tr("no stock yet: press F2 (Ctrl-R) to receive goods"));
	else
		wlist_draw(&s->list, lr, draw_row, &c);

	if (s->lots_open) {
		const struct pcache *p = product_info(t, s, s->lots_of);
		int ly = lr.y + lr.h, wl = area.w - 1 - (11 + 1 + 9 + 1 + 20 + 1 + 12 + 1 + 9);

		snprintf(buf, sizeof(buf), tr("Lots of %s"), p->name);
		tui_hline(ly, area.x, area.w, tui_attr(TR_DIM));
		tui_textf(ly, area.x + 2, vn_width(buf) + 2 < area.w - 4 ? vn_width(buf) + 2 :
			  area.w - 4, TA_LEFT, tui_attr(TR_TITLE), " %s ", buf);
		ly++;
		if (wl < 8)
			wl = 8;
		tui_fill(ly, area.x, 1, area.w, h);
		cx = area.x;
		tui_text(ly, cx, wl, TA_LEFT, h, tr("Lot"));
		cx += wl + 1;
		tui_text(ly, cx, 11, TA_LEFT, h, tr("Expiry"));
		cx += 12;
		tui_text(ly, cx, 9, TA_LEFT, h, tr("Left"));
		cx += 10;
		tui_text(ly, cx, 20, TA_LEFT, h, tr("Owner"));
		cx += 21;
		tui_text(ly, cx, 12, TA_RIGHT, h, tr("Unit cost"));
		cx += 13;
		tui_text(ly, cx, area.w - 1 - (cx - area.x), TA_RIGHT, h, tr("On hand"));
		lr.y = ly + 1;
		lr.h = area.y + area.h - 1 - lr.y;
		if (s->nlots == 0)
			tui_text(lr.y, area.x, area.w, TA_LEFT, tui_attr(TR_DIM),
				 tr("no lot holds any of it"));
		else
			wlist_draw(&s->lotlist, lr, draw_lot, &c);
	}
	/* The selected product in full on the last line. */
	if (s->list.sel >= 0 && s->list.sel < s->n) {
		const struct srow *r = &s->rows[s->list.sel];
		const struct pcache *p = product_info(t, s, r->id);
		const struct province *pv = province_find(p->province);
		char extra[128] = "";

		if (r->consigned)
			snprintf(extra, sizeof(extra), " · %s %s", tr("consigned"),
				 tui_qty(r->consigned));
		if (r->reorder)
			snprintf(extra + strlen(extra), sizeof(extra) - strlen(extra), " · %s %s",
				 tr("reorder at"), tui_qty(r->reorder));
		tui_textf(area.y + area.h - 1, area.x, area.w, TA_LEFT, tui_attr(TR_DIM),
			  "%s · %s · %s %s %s · %s · %s%s", r->sku, p->name, tui_qty(r->on_hand),
			  p->unit, tr("on hand"), p->producer, pv ? pv->name : p->province, extra);
	}
	tui_cursor(t, -1, -1);
}

/* ---- filter ------------------------------------------------------------------ */

static int filter_done(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct stockscr *s = ctx;
	struct stock_filter f;
	struct mgr_filter mf;
	struct pos_error err;

	if (!ok)
		return 0;
	memset(&f, 0, sizeof(f));
	if (mgr_filter_fields(t, form, 0, &mf))
		return 1;
	memcpy(f.province, mf.province, sizeof(f.province));
	memcpy(f.producer, mf.producer, sizeof(f.producer));
	f.group = mf.group;
	f.stars = mf.stars;
	memcpy(f.owner, mf.owner, sizeof(f.owner));
	f.all = mgr_yes(form->f[6].buf);
	if (stock_filter_check(t->db, &f, &err)) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	s->f = f;
	s->alerts_only = mgr_yes(form->f[5].buf);
	s->list.sel = -1;
	s->list.top = 0;
	s->lots_open = 0;
	s->focus_lots = 0;
	tui_flush(t);
	load(t, s);
	if (s->n)
		wlist_select(&s->list, 0);
	return 0;
}

static void open_filter(struct tui *t, struct stockscr *s)
{
	struct wform *f;
	char grp[4] = "", stars[4] = "", owner[40];

	f = dialog_form(t, tr("Filter the stock"),
			tr("Empty = all. Province and producer: a code or part of the name. "
			   "Goods of: \"shop\" (bought by the shop), \"consigned\", or a "
			   "consigning producer. Yes/no: c = yes."), filter_done, s);
	if (s->f.group)
		snprintf(grp, sizeof(grp), "%d", s->f.group);
	if (s->f.stars)
		snprintf(stars, sizeof(stars), "%d", s->f.stars);
	snprintf(owner, sizeof(owner), "%s", s->f.owner);
	wform_add(f, N_("Origin province"), WF_TEXT, s->f.province);
	wform_add(f, N_("Producer"), WF_TEXT, s->f.producer);
	wform_add(f, N_("OCOP group (1-6)"), WF_DIGITS, grp)->maxlen = 1;
	wform_add(f, N_("Stars (3-5)"), WF_DIGITS, stars)->maxlen = 1;
	wform_add(f, N_("Goods of"), WF_TEXT, owner);
	wform_add(f, N_("Only with alerts"), WF_TEXT, s->alerts_only ? "c" : "")->maxlen = 3;
	wform_add(f, N_("Also out of stock"), WF_TEXT, s->f.all ? "c" : "")->maxlen = 3;
}

/* ---- adjust -------------------------------------------------------------------- */

static const char *reason_label(enum stock_reason r)
{
	switch (r) {
	case STOCK_REASON_DAMAGED: return tr("damaged");
	case STOCK_REASON_EXPIRED: return tr("expired");
	case STOCK_REASON_LOST: return tr("lost");
	case STOCK_REASON_SAMPLE: return tr("sample / tasting");
	case STOCK_REASON_CORRECTION: return tr("correction");
	default: break;
	}
	return "?";
}

static int adjust_confirmed(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct stockscr *s = ctx;
	struct adjust *a = &s->adj;
	struct pos_error err;
	char doc[STOCK_DOC_MAX];
	int64_t now;

	(void)form;
	if (!ok) {
		tui_msg(t, TUI_MSG_INFO, "%s", tr("nothing was changed"));
		return 0;
	}
	if (stock_adjust(t->db, &t->user, a->product_id, a->lot[0] ? a->lot : NULL, a->delta,
			 a->reason, a->note, doc, &err)) {
		dialog_message(t, TUI_MSG_ERROR, tr("Not adjusted"), pos_error_text(&err));
		return 0;
	}
	load(t, s);
	if (s->lots_open)
		load_lots(t, s);
	now = 0;
	stock_on_hand(t->db, a->product_id, &now, NULL);
	tui_msg(t, TUI_MSG_OK, tr("%s: %s %s %s (%s); on hand now %s"), doc, a->name,
		a->delta > 0 ? "+" : "", tui_qty(a->delta), reason_label(a->reason), tui_qty(now));
	return 0;
}

static int adjust_done(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct stockscr *s = ctx;
	struct adjust *a = &s->adj;
	struct pos_error err;
	char text[600];
	long long rn;
	int64_t q;

	if (!ok)
		return 0;
	mgr_copy(a->lot, sizeof(a->lot), form->f[0].buf);
	rn = wfield_int(&form->f[1]);
	if (rn < 1 || rn > 5) {
		dialog_error(t, tr("reason: type 1 to 5"));
		form->cur = 1;
		return 1;
	}
	a->reason = (enum stock_reason)(rn - 1);
	if (mgr_qty_signed(form->f[2].buf, &q, &err)) {
		dialog_error(t, pos_error_text(&err));
		form->cur = 2;
		return 1;
	}
	if (a->reason == STOCK_REASON_CORRECTION) {
		char c = form->f[2].buf[0];

		if (c != '-' && c != '+') {
			dialog_error(t, tr("a correction goes either way: type + to add or - to "
					   "remove, e.g. -2"));
			form->cur = 2;
			return 1;
		}
	} else if (q > 0) {
		q = -q;                 /* damaged, expired, lost, sample only remove
					   ("-2" means the same as "2") */
	}
	a->delta = q;
	snprintf(a->note, sizeof(a->note), "%s", form->f[3].buf);
	if (a->delta < 0)
		snprintf(text, sizeof(text), tr("Remove %s %s of %s%s%s (%s)?"), tui_qty(-a->delta),
			 a->unit, a->name, a->lot[0] ? tr(" from lot ") : "", a->lot,
			 reason_label(a->reason));
	else
		snprintf(text, sizeof(text), tr("Add %s %s of %s%s%s (%s)?"), tui_qty(a->delta),
			 a->unit, a->name, a->lot[0] ? tr(" to lot ") : "", a->lot,
			 reason_label(a->reason));
	dialog_confirm(t, tr("Adjust stock"), text, adjust_confirmed, s);
	return 0;
}

static void open_adjust(struct tui *t, struct stockscr *s)
{
	const struct pcache *p;
	struct wform *f;
	char text[600];

	if (s->list.sel < 0) {
		tui_msg(t, TUI_MSG_WARN, "%s", tr("choose a product first"));
		return;
	}
	memset(&s->adj, 0, sizeof(s->adj));
	s->adj.product_id = s->rows[s->list.sel].id;
	p = product_info(t, s, s->adj.product_id);
	snprintf(s->adj.name, sizeof(s->adj.name), "%s", p->name);
	snprintf(s->adj.unit, sizeof(s->adj.unit), "%s", p->unit);
	snprintf(text, sizeof(text), "%s (%s)\n%s", p->name, s->rows[s->list.sel].sku,
		 tr("Reasons: 1 damaged, 2 expired, 3 lost, 4 sample/tasting (these remove), "
		    "5 correction (+ adds, - removes). Lot: empty when the product has one lot."));
	f = dialog_form(t, tr("Adjust stock"), text, adjust_done, s);
	wform_add(f, N_("Lot"), WF_TEXT,
		  s->lots_open && s->focus_lots && s->lotlist.sel >= 0 && s->lots_of == s->adj.product_id ?
		  s->lots[s->lotlist.sel].lot_no : "");
	wform_add(f, N_("Reason (1-5)"), WF_DIGITS, "")->maxlen = 1;
	wform_add(f, N_("Quantity"), WF_TEXT, "")->maxlen = 16;
	wform_add(f, N_("Note"), WF_TEXT, "")->maxlen = 120;
	if (s->lots_open && s->focus_lots && s->nlots > 0)
		f->cur = 1;
	else if (s->rows[s->list.sel].nlots <= 1)
		f->cur = 1;
}

/* ---- reorder level ------------------------------------------------------------ */

static int reorder_done(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct stockscr *s = ctx;
	struct pos_error err;
	int64_t q = 0;

	if (!ok || s->list.sel < 0)
		return 0;
	if (form->f[0].buf[0] && strcmp(form->f[0].buf, "0") &&
	    qty_parse(form->f[0].buf, &q, &err)) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	if (stock_set_reorder(t->db, &t->user, s->rows[s->list.sel].id, q, &err)) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	s->rows[s->list.sel].reorder = q;
	if (q)
		tui_msg(t, TUI_MSG_OK, tr("an alert shows when %s falls below %s"),
			s->rows[s->list.sel].sku, tui_qty(q));
	else
		tui_msg(t, TUI_MSG_OK, tr("no low-stock alert for %s"), s->rows[s->list.sel].sku);
	return 0;
}

static void open_reorder(struct tui *t, struct stockscr *s)
{
	const struct srow *r;
	struct wform *f;
	char text[400];

	if (s->list.sel < 0) {
		tui_msg(t, TUI_MSG_WARN, "%s", tr("choose a product first"));
		return;
	}
	r = &s->rows[s->list.sel];
	snprintf(text, sizeof(text), tr("%s: alert when the stock falls below this quantity "
					"(0 = no alert)."), product_info(t, s, r->id)->name);
	f = dialog_form(t, tr("Reorder level"), text, reorder_done, s);
	wform_add(f, N_("Reorder level"), WF_QTY, r->reorder ? tui_qty(r->reorder) : "");
}

/* ---- transfer in ----------------------------------------------------------------- */

static int transfer_in_confirmed(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct stockscr *s = ctx;
	struct transfer_doc *d = NULL;
	struct pos_error err;
	char text[600];

	(void)form;
	if (!ok)
		return 0;
	tui_flush(t);
	if (transfer_in(t->db, &t->user, s->tin_path, &d, &err)) {
		dialog_message(t, TUI_MSG_ERROR, tr("Transfer not received"), pos_error_text(&err));
		return 0;
	}
	snprintf(text, sizeof(text), tr("Received %zu lots from showroom %s (transfer %s)."),
		 d->nlots, d->from, d->uuid);
	transfer_doc_free(d);
	load(t, s);
	dialog_message(t, TUI_MSG_OK, tr("Transfer received"), text);
	return 0;
}

static void transfer_in_file(struct tui *t, void *ctx, const char *path)
{
	struct stockscr *s = ctx;
	struct transfer_doc *d = NULL;
	struct pos_error err;
	char text[900], *data, sent[17];
	time_t when;
	FILE *fp;
	size_t n;
	int64_t qty = 0;
	size_t i;

	snprintf(s->tin_path, sizeof(s->tin_path), "%s", path);
	fp = fopen(path, "rb");
	if (!fp) {
		snprintf(text, sizeof(text), tr("cannot read %s: %s"), path, strerror(errno));
		dialog_message(t, TUI_MSG_ERROR, tr("Transfer not received"), text);
		return;
	}
	data = xmalloc(TRANSFER_MAX_BYTES + 1);
	n = fread(data, 1, TRANSFER_MAX_BYTES + 1, fp);
	fclose(fp);
	if (n > TRANSFER_MAX_BYTES || transfer_parse(data, n, &d, &err)) {
		if (n > TRANSFER_MAX_BYTES)
			snprintf(err.msg, sizeof(err.msg), tr("%s is too large for a transfer file"),
				 path);
		free(data);
		snprintf(text, sizeof(text), tr("%s is not a transfer file ocop-pos can read: %s"),
			 path, err.msg);
		dialog_message(t, TUI_MSG_ERROR, tr("Transfer not received"), text);
		return;
	}
	free(data);
	if (strcmp(d->from, t->showroom.code) == 0) {
		/* our own outgoing file: refused before anything is summarised */
		snprintf(text, sizeof(text), tr("%s is a transfer this showroom sent to %s: it is "
						"received there, not here."), path, d->to);
		transfer_doc_free(d);
		dialog_message(t, TUI_MSG_ERROR, tr("Transfer not received"), text);
		return;
	}
	for (i = 0; i < d->nlots; i++)
		qty += d->lots[i].qty_milli;
	/* the file's time is UTC: shown in Vietnam time like the clock */
	if (clock_parse_utc(d->created, &when, NULL) == 0)
		clock_format_local(when, sent);
	else
		snprintf(sent, sizeof(sent), "%.16s", d->created);
	snprintf(text, sizeof(text),
		 tr("From showroom %s to %s, sent %s by %s: %zu lots, %s units in all.%s%s\n"
		    "Receive these goods into stock now?"),
		 d->from, d->to, sent, d->user[0] ? d->user : "-", d->nlots, tui_qty(qty),
		 d->note[0] ? "\n" : "", d->note);
	transfer_doc_free(d);
	dialog_confirm(t, tr("Receive a transfer"), text, transfer_in_confirmed, s);
}

/* ---- keys ------------------------------------------------------------------------- */

static int find_row(const struct stockscr *s, long long id)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (s->rows[i].id == id)
			return i;
	return -1;
}

static int stock_key(struct tui *t, void *st, int key)
{
	struct stockscr *s = st;
	char dir[1024];

	switch (key) {
	case TK_ESC:
		if (s->lots_open) {
			s->lots_open = 0;
			s->focus_lots = 0;
			return TUI_REPAINT_BODY;
		}
		tui_pop(t);
		return TUI_REPAINT_ALL;
	case TK_ENTER:
		if (s->focus_lots)
			return TUI_REPAINT_NONE;
		if (s->list.sel < 0)
			return TUI_REPAINT_NONE;
		load_lots(t, s);
		s->focus_lots = s->nlots > 0;
		if (s->nlots)
			wlist_select(&s->lotlist, 0);
		return TUI_REPAINT_BODY;
	case TK_TAB:
	case TK_BTAB:
		if (s->lots_open && s->nlots)
			s->focus_lots = !s->focus_lots;
		return TUI_REPAINT_BODY;
	case TK_F(2):
		s->reload = 1;
		screen_stock_doc_open(t, SDOC_RECEIVE, 0);
		return TUI_REPAINT_ALL;
	case TK_F(3):
		s->reload = 1;
		screen_stock_count_open(t, &s->f);
		return TUI_REPAINT_ALL;
	case TK_F(4):
		open_adjust(t, s);
		return TUI_REPAINT_ALL;
	case TK_F(5):
		s->reload = 1;
		screen_stock_doc_open(t, SDOC_TRANSFER, 0);
		return TUI_REPAINT_ALL;
	case TK_F(6):
		wfiles_open(t, tr("Receive a transfer: choose the file"), mgr_dir(t, dir, sizeof(dir)),
			    ".json", transfer_in_file, s);
		return TUI_REPAINT_ALL;
	case TK_F(7):
		screen_stock_alerts_open(t, &s->f);
		return TUI_REPAINT_ALL;
	case TK_F(8):
	case TK_CTRL('F'):
		open_filter(t, s);
		return TUI_REPAINT_ALL;
	case TK_F(9):
		open_reorder(t, s);
		return TUI_REPAINT_ALL;
	}
	if (s->focus_lots) {
		if (wlist_key(&s->lotlist, key, 5))
			return TUI_REPAINT_BODY;
	} else if (wlist_key(&s->list, key, t->rows > 12 ? t->rows - 12 : 5)) {
		if (s->lots_open && s->list.sel >= 0 && s->rows[s->list.sel].id != s->lots_of)
			load_lots(t, s);
		return TUI_REPAINT_BODY;
	}
	return TUI_PASS;
}

static int stock_event(struct tui *t, void *st, const struct tui_event *ev)
{
	struct stockscr *s = st;
	struct product p;
	struct pos_error err;
	int i;

	switch (ev->kind) {
	case TUI_EV_SCAN:
		if (mgr_product_for_code(t, ev->scan.code, &p, &err)) {
			tui_error(t, &err);
			return TUI_REPAINT_ALL;
		}
		i = find_row(s, p.id);
		if (i < 0) {
			tui_msg(t, TUI_MSG_WARN, tr("%s (%s) is not in this list: it has no stock, or "
						    "the filter hides it"), p.name, p.sku);
			return TUI_REPAINT_ALL;
		}
		wlist_select(&s->list, i);
		s->focus_lots = 0;
		load_lots(t, s);
		return TUI_REPAINT_ALL;
	case TUI_EV_RESUME:
		if (s->reload) {
			load(t, s);
			if (s->lots_open)
				load_lots(t, s);
			return TUI_REPAINT_ALL;
		}
		return TUI_REPAINT_NONE;
	case TUI_EV_TICK:
		break;
	}
	return TUI_REPAINT_NONE;
}

static void stock_close(struct tui *t, void *st)
{
	struct stockscr *s = st;

	(void)t;
	free(s->rows);
	free(s->lots);
	free(s);
}

static const struct tui_binding stock_bind[] = {
	{ { TK_F(2), TK_CTRL('R') }, "F2", "^R", N_("Receive"), NULL, TK_F(2), NULL },
	{ { TK_F(3), TK_CTRL('K') }, "F3", "^K", N_("Count"), NULL, TK_F(3), NULL },
	{ { TK_F(4), TK_CTRL('A') }, "F4", "^A", N_("Adjust"), NULL, TK_F(4), NULL },
	{ { TK_F(5), TK_CTRL('T') }, "F5", "^T", N_("Send"), NULL, TK_F(5), NULL },
	{ { TK_F(6), TK_CTRL('O') }, "F6", "^O", N_("Receive file"), NULL, TK_F(6), NULL },
	{ { TK_F(7), TK_CTRL('W') }, "F7", "^W", N_("Alerts"), NULL, TK_F(7), NULL },
	{ { TK_F(8), '/' }, "F8", "/", N_("Filter"), NULL, TK_F(8), NULL },
	{ { TK_F(9), TK_CTRL('G') }, "F9", "^G", N_("Reorder level"), NULL, TK_F(9), NULL },
	{ { TK_ENTER }, "Enter", NULL, N_("See lots"), NULL, TK_ENTER, NULL },
	{ { TK_ESC }, "Esc", NULL, N_("Back"), NULL, TK_ESC, NULL },
	TUI_BIND_END
};

static const struct tui_screen screen_stock = {
	"stock", 0, stock_draw, stock_key, stock_event, stock_close, stock_bind,
};

void screen_stock_open(struct tui *t)
{
	struct stockscr *s = xcalloc(1, sizeof(*s));

	s->list.sel = -1;
	s->lotlist.sel = -1;
	tui_push(t, &screen_stock, s);
	t->msg[0] = '\0';           /* the till's last word is not about this screen */
	tui_flush(t);
	load(t, s);
	if (s->n)
		wlist_select(&s->list, 0);
}
