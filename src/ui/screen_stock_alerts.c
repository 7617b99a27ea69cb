/*
 * screen_stock_alerts.c - what needs the manager's attention, from
 * stock_alerts(): products below their reorder level, lots that expire
 * within MGR_ALERT_DAYS or have expired, OCOP certificates that lapse
 * within MGR_CERT_DAYS, stock below zero, and cached balances that no
 * longer match the ledger.  Each kind has a heading and a count; the
 * worst (expired, negative, inconsistent) are in the error colour.  Enter
 * on an expired lot offers to write it off (an adjustment "expired").
 */
#include "ui/manager.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/vntext.h"
#include "ui/widget.h"

struct arow {
	int heading;                  /* 1: a kind's heading line */
	enum stock_alert_kind kind;
	int count;                    /* headings: rows of the kind */
	char sku[PRODUCT_SKU_MAX];
	char name[PRODUCT_NAME_MAX];
	char unit[32];
	char lot[STOCK_LOT_NO_MAX];
	char date[11];
	int days;
	int64_t qty, level;
};

struct alerts {
	struct stock_filter f;
	struct arow *r;
	int n, cap;
	int nalerts;
	struct wlist list;
	/* write-off being confirmed */
	int woff;
};

static struct arow *grow(struct alerts *a)
{
	if (a->n == a->cap) {
		int cap = a->cap ? a->cap * 2 : 64;
		struct arow *nr = xcalloc((size_t)cap, sizeof(*nr));

		if (a->n)
			memcpy(nr, a->r, (size_t)a->n * sizeof(*nr));
		free(a->r);
		a->r = nr;
		a->cap = cap;
	}
	memset(&a->r[a->n], 0, sizeof(a->r[0]));
	return &a->r[a->n++];
}

static int collect(void *ctx, const struct stock_alert *al)
{
	struct alerts *a = ctx;
	struct arow *o;
	int i;

	/* A heading before the first alert of each kind (they come in kind order). */
	for (i = a->n - 1; i >= 0 && !a->r[i].heading; i--)
		;
	if (i < 0 || a->r[i].kind != al->kind) {
		o = grow(a);
		o->heading = 1;
		o->kind = al->kind;
		i = a->n - 1;
	}
	a->r[i].count++;
	o = grow(a);
	o->kind = al->kind;
	snprintf(o->sku, sizeof(o->sku), "%s", al->sku ? al->sku : "");
	snprintf(o->name, sizeof(o->name), "%s", al->name ? al->name : "");
	snprintf(o->unit, sizeof(o->unit), "%s", al->unit ? al->unit : "");
	snprintf(o->lot, sizeof(o->lot), "%s", al->lot_no ? al->lot_no : "");
	snprintf(o->date, sizeof(o->date), "%s", al->date ? al->date : "");
	o->days = al->days;
	o->qty = al->qty_milli;
	o->level = al->level_milli;
	a->nalerts++;
	return 0;
}

static void load(struct tui *t, struct alerts *a)
{
	struct pos_error err;

	a->n = 0;
	a->nalerts = 0;
	if (stock_alerts(t->db, &a->f, MGR_ALERT_DAYS, MGR_CERT_DAYS, collect, a, &err))
		tui_error(t, &err);
	wlist_set_count(&a->list, a->n);
	if (a->n > 1 && a->list.sel <= 0)
		wlist_select(&a->list, 1);
}

static const char *kind_title(enum stock_alert_kind k)
{
	switch (k) {
	case STOCK_ALERT_LOW: return tr("Running low (below the reorder level)");
	case STOCK_ALERT_EXPIRING: return tr("Expiring soon");
	case STOCK_ALERT_EXPIRED: return tr("Expired, still in stock");
	case STOCK_ALERT_CERT: return tr("OCOP certificate expiring or lapsed");
	case STOCK_ALERT_NEGATIVE: return tr("Below zero (sold more than was received)");
	case STOCK_ALERT_CACHE: return tr("Balance differs from the ledger (run `ocop-pos db check`)");
	}
	return "?";
}

static enum tui_role kind_role(enum stock_alert_kind k)
{
	switch (k) {
	case STOCK_ALERT_EXPIRED:
	case STOCK_ALERT_NEGATIVE:
	case STOCK_ALERT_CACHE:
		return TR_ERROR;
	default:
		return TR_WARN;
	}
}

struct drawctx {
	struct alerts *a;
	int wname;
};

static void draw_row(void *vctx, int i, int y, int x, int w, int selected)
{
	struct drawctx *d = vctx;
	const struct arow *r = &d->a->r[i];
	attr_t a = selected ? tui_attr(TR_SEL) : tui_attr(TR_NORMAL);
	char what[128];
	int cx = x + 2;

	tui_fill(y, x, 1, w, a);
	if (r->heading) {
		tui_textf(y, x, w, TA_LEFT, selected ? a : tui_attr(kind_role(r->kind)) | A_BOLD,
			  "%s (%d)", kind_title(r->kind), r->count);
		return;
	}
	tui_name(y, cx, d->wname, a, r->name);
	cx += d->wname + 1;
	tui_text(y, cx, 11, TA_LEFT, a, r->lot);
	cx += 12;
	switch (r->kind) {
	case STOCK_ALERT_LOW:
		snprintf(what, sizeof(what), tr("%s of %s"), tui_qty(r->qty), tui_qty(r->level));
		break;
	case STOCK_ALERT_EXPIRING:
	case STOCK_ALERT_CERT:
		if (r->days < 0)
			snprintf(what, sizeof(what), tr("%s, lapsed"), mgr_date(r->date));
		else
			snprintf(what, sizeof(what), tr("%s, in %d days"), mgr_date(r->date), r->days);
		break;
	case STOCK_ALERT_EXPIRED:
		snprintf(what, sizeof(what), tr("%s, %d days ago"), mgr_date(r->date), -r->days);
		break;
	case STOCK_ALERT_CACHE:
		snprintf(what, sizeof(what), tr("cache %s, ledger %s"), tui_qty(r->qty),
			 tui_qty(r->level));
		break;
	default:
		what[0] = '\0';
		break;
	}
	tui_text(y, cx, 24, TA_LEFT, a, what);
	cx += 25;
	tui_textf(y, cx, w - (cx - x), TA_RIGHT, a, "%s %s", tui_qty(r->qty), r->unit);
}

static void alerts_draw(struct tui *t, void *st, struct tui_rect area)
{
	struct alerts *a = st;
	struct drawctx d = { a, 0 };
	struct tui_rect lr;
	char buf[600];

	tui_fill(area.y, area.x, area.h, area.w, tui_attr(TR_NORMAL));
	tui_text(area.y, area.x, area.w / 2, TA_LEFT, tui_attr(TR_TITLE), tr("Stock alerts"));
	tui_textf(area.y, area.x + area.w / 2, area.w - area.w / 2, TA_RIGHT, tui_attr(TR_TITLE),
		  tr("%d to look at"), a->nalerts);
	mgr_filter_text(&a->f, 0, buf, sizeof(buf));
	tui_text(area.y + 1, area.x, area.w, TA_LEFT, tui_attr(TR_DIM), buf);
	lr.y = area.y + 2;
	lr.x = area.x;
	lr.h = area.h - 3;
	lr.w = area.w;
	d.wname = area.w - 1 - 2 - 12 - 25 - 11;
	if (a->n == 0)
		tui_text(lr.y + 2, area.x, area.w, TA_CENTER, tui_attr(TR_OK),
			 tr("nothing needs attention: no low stock, nothing expiring"));
	else
		wlist_draw(&a->list, lr, draw_row, &d);
	if (a->list.sel >= 0 && !a->r[a->list.sel].heading)
		tui_textf(area.y + area.h - 1, area.x, area.w, TA_LEFT, tui_attr(TR_DIM), "%s · %s%s",
			  a->r[a->list.sel].sku, a->r[a->list.sel].name,
			  a->r[a->list.sel].kind == STOCK_ALERT_EXPIRED ?
			  tr(" · Enter: write the lot off as expired") : "");
	tui_cursor(t, -1, -1);
}

static int writeoff_confirmed(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct alerts *a = ctx;
	const struct arow *r;
	struct product p;
	struct pos_error err;
	char doc[STOCK_DOC_MAX];

	(void)form;
	if (!ok || a->woff < 0 || a->woff >= a->n)
		return 0;
	r = &a->r[a->woff];
	if (catalog_get(t->db, r->sku, &p, &err) ||
	    stock_adjust(t->db, &t->user, p.id, r->lot, -r->qty, STOCK_REASON_EXPIRED,
			 tr("written off from the alerts screen"), doc, &err)) {
		dialog_message(t, TUI_MSG_ERROR, tr("Not written off"), pos_error_text(&err));
		return 0;
	}
	tui_msg(t, TUI_MSG_OK, tr("%s: lot %s of %s written off (%s %s)"), doc, r->lot, r->name,
		tui_qty(r->qty), r->unit);
	load(t, a);
	return 0;
}

static int alerts_key(struct tui *t, void *st, int key)
{
	struct alerts *a = st;
	char text[600];

	switch (key) {
	case TK_ESC:
		tui_pop(t);
		return TUI_REPAINT_ALL;
	case TK_ENTER:
		if (a->list.sel >= 0 && a->r[a->list.sel].kind == STOCK_ALERT_EXPIRED &&
		    !a->r[a->list.sel].heading && a->r[a->list.sel].qty > 0) {
			const struct arow *r = &a->r[a->list.sel];

			a->woff = a->list.sel;
			snprintf(text, sizeof(text), tr("Remove lot %s of %s (%s %s, expired %s) from "
							"the stock as expired?"), r->lot, r->name,
				 tui_qty(r->qty), r->unit, mgr_date(r->date));
			dialog_confirm(t, tr("Write off"), text, writeoff_confirmed, a);
		}
		return TUI_REPAINT_ALL;
	case TK_F(5):
		load(t, a);
		return TUI_REPAINT_BODY;
	}
	if (wlist_key(&a->list, key, t->rows > 12 ? t->rows - 12 : 5))
		return TUI_REPAINT_BODY;
	return TUI_PASS;
}

static void alerts_close(struct tui *t, void *st)
{
	struct alerts *a = st;

	(void)t;
	free(a->r);
	free(a);
}

static const struct tui_binding alerts_bind[] = {
	{ { TK_ENTER }, "Enter", NULL, N_("Write off expired"), NULL, TK_ENTER, NULL },
	{ { TK_F(5), TK_CTRL('R') }, "F5", "^R", N_("Refresh"), NULL, TK_F(5), NULL },
	{ { TK_ESC }, "Esc", NULL, N_("Back"), NULL, TK_ESC, NULL },
	TUI_BIND_END
};

static const struct tui_screen screen_alerts = {
	"stock-alerts", 0, alerts_draw, alerts_key, NULL, alerts_close, alerts_bind,
};

void screen_stock_alerts_open(struct tui *t, const struct stock_filter *f)
{
	struct alerts *a = xcalloc(1, sizeof(*a));

	if (f)
		a->f = *f;
	a->f.all = 0;
	a->list.sel = -1;
	a->woff = -1;
	tui_push(t, &screen_alerts, a);
	load(t, a);
}
