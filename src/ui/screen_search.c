/*
 * screen_search.c - find a product by name as the cashier types, without
 * accents ("mat ong" finds "Mật ong"), ranked by core (catalog_search):
 * code matches, names starting with the words, then names containing
 * them.  Each hit shows stars, price, stock on hand and origin province;
 * Enter puts the selected product in the cart (with the pending "N*"
 * quantity) and goes back to the till.
 */
#include "ui/tui.h"

#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/catalog.h"
#include "core/i18n.h"
#include "core/refdata.h"
#include "core/stock.h"
#include "core/vntext.h"
#include "ui/widget.h"

#define SEARCH_LIMIT 100

struct hit {
	long long id;
	char sku[PRODUCT_SKU_MAX];
	char name[PRODUCT_NAME_MAX];
	char unit[32];
	char province[64];
	int stars;
	int64_t price;
	int64_t stock;
	int has_stock;
};

struct search {
	struct wfield query;
	struct hit *hits;
	int nhits;
	struct wlist list;
	char error[POS_ERRMSG_MAX];
	struct tui *t;
};

static int collect(void *ctx, const struct catalog_hit *h)
{
	struct search *s = ctx;
	struct hit *o;
	const struct province *p;

	if (s->nhits >= SEARCH_LIMIT)
		return 1;
	o = &s->hits[s->nhits++];
	memset(o, 0, sizeof(*o));
	o->id = h->id;
	snprintf(o->sku, sizeof(o->sku), "%s", h->sku ? h->sku : "");
	snprintf(o->name, sizeof(o->name), "%s", h->name ? h->name : "");
	snprintf(o->unit, sizeof(o->unit), "%s", h->unit ? h->unit : "");
	p = h->origin_province ? province_find(h->origin_province) : NULL;
	snprintf(o->province, sizeof(o->province), "%s",
		 p ? p->name : (h->origin_province ? h->origin_province : ""));
	o->stars = h->stars;
	o->price = h->price;
	return 0;
}

static void run_search(struct tui *t, struct search *s)
{
	struct pos_error err;
	int i;

	s->nhits = 0;
	s->error[0] = '\0';
	if (s->query.buf[0] &&
	    catalog_search(t->db, s->query.buf, SEARCH_LIMIT, collect, s, NULL, &err) < 0)
		snprintf(s->error, sizeof(s->error), "%s", pos_error_text(&err));
	for (i = 0; i < s->nhits; i++) {
		int64_t q;

		if (stock_on_hand(t->db, s->hits[i].id, &q, NULL) == 0) {
			s->hits[i].stock = q;
			s->hits[i].has_stock = 1;
		}
	}
	wlist_set_count(&s->list, s->nhits);
	wlist_select(&s->list, 0);
	s->list.top = 0;
}

struct srow {
	struct search *s;
	struct tui *t;
	int wname, wprov;
};

static void draw_hit(void *ctx, int i, int y, int x, int w, int selected)
{
	struct srow *r = ctx;
	const struct hit *h = &r->s->hits[i];
	attr_t a = selected ? tui_attr(TR_SEL) : tui_attr(TR_NORMAL);
	int cx = x;
	char stock[48];

	tui_fill(y, x, 1, w, a);
	tui_name(y, cx, r->wname, a, h->name);
	cx += r->wname + 1;
	tui_text(y, cx, 5, TA_LEFT, selected ? a : tui_attr(TR_STARS), tui_stars(r->t, h->stars));
	cx += 6;
	tui_text(y, cx, 11, TA_RIGHT, a, tui_money(h->price));
	cx += 12;
	if (h->has_stock)
		snprintf(stock, sizeof(stock), "%s", tui_qty(h->stock));
	else
		snprintf(stock, sizeof(stock), "-");
	tui_text(y, cx, 7, TA_RIGHT, h->has_stock && h->stock <= 0 && !selected ?
		 tui_attr(TR_WARN) : a, stock);
	cx += 8;
	if (r->wprov > 0)
		tui_text(y, cx, r->wprov, TA_LEFT, a, h->province);
}

static void search_draw(struct tui *t, void *st, struct tui_rect area)
{
	struct search *s = st;
	struct srow r = { s, t, 0, 0 };
	struct tui_rect lr;
	attr_t h = tui_attr(TR_HEADER);
	int cx;

	tui_fill(area.y, area.x, area.h, area.w, tui_attr(TR_NORMAL));
	tui_text(area.y, area.x, 12, TA_LEFT, tui_attr(TR_TITLE), tr("Search:"));
	wfield_draw(t, &s->query, area.y, area.x + 12, area.w - 14, 1);
	tui_text(area.y + 1, area.x, area.w, TA_LEFT, tui_attr(TR_DIM),
		 tr("Type part of the name (accents optional), a SKU or a barcode. "
		    "Enter adds to the cart."));
	r.wprov = area.w >= 100 ? 20 : area.w >= 80 ? 13 : 0;
	r.wname = area.w - 1 - 6 - 12 - 8 - (r.wprov ? r.wprov + 1 : 0) - 1;
	cx = area.x;
	tui_fill(area.y + 2, area.x, 1, area.w, h);
	tui_text(area.y + 2, cx, r.wname, TA_LEFT, h, tr("Product"));
	cx += r.wname + 1;
	tui_text(area.y + 2, cx, 5, TA_LEFT, h, tr("OCOP"));
	cx += 6;
	tui_text(area.y + 2, cx, 11, TA_RIGHT, h, tr("Price"));
	cx += 12;
	tui_text(area.y + 2, cx, 7, TA_RIGHT, h, tr("Stock"));
	cx += 8;
	if (r.wprov)
		tui_text(area.y + 2, cx, r.wprov, TA_LEFT, h, tr("Province"));
	lr.y = area.y + 3;
	lr.x = area.x;
	lr.h = area.h - 4;
	lr.w = area.w;
	if (s->error[0])
		tui_text(lr.y, area.x, area.w, TA_LEFT, tui_attr(TR_ERROR), s->error);
	else if (!s->query.buf[0])
		tui_text(lr.y + 1, area.x, area.w, TA_CENTER, tui_attr(TR_DIM),
			 tr("for example: mat ong, tra, ca phe"));
	else if (s->nhits == 0)
		tui_textf(lr.y + 1, area.x, area.w, TA_CENTER, tui_attr(TR_WARN),
			  tr("nothing matches \"%s\": try fewer or other words"), s->query.buf);
	else
		wlist_draw(&s->list, lr, draw_hit, &r);
	if (s->nhits > 0) {
		const struct hit *hh = &s->hits[s->list.sel >= 0 ? s->list.sel : 0];

		tui_textf(area.y + area.h - 1, area.x, area.w, TA_LEFT, tui_attr(TR_DIM),
			  "%s  %s  %s/%s  %s", hh->sku, hh->name, tui_money(hh->price), hh->unit,
			  hh->province);
	}
}

static int search_key(struct tui *t, void *st, int key)
{
	struct search *s = st;
	const struct hit *h;

	switch (key) {
	case TK_ESC:
		tui_pop(t);
		return TUI_REPAINT_ALL;
	case TK_ENTER:
		if (s->nhits == 0 || s->list.sel < 0) {
			tui_msg(t, TUI_MSG_WARN, "%s", tr("nothing selected: type a name first"));
			return TUI_REPAINT_ALL;
		}
		h = &s->hits[s->list.sel];
		if (!t->has_cart) {
			tui_pop(t);
			return TUI_REPAINT_ALL;
		}
		if (till_add_product(t, h->id))
			return TUI_REPAINT_ALL;
		tui_pop(t);
		return TUI_REPAINT_ALL;
	}
	if (wlist_key(&s->list, key, t->rows > 10 ? t->rows - 10 : 5))
		return TUI_REPAINT_BODY;
	if (wfield_key(&s->query, key)) {
		run_search(t, s);
		return TUI_REPAINT_BODY;
	}
	return TUI_PASS;
}

static void search_close(struct tui *t, void *st)
{
	struct search *s = st;

	(void)t;
	free(s->hits);
	free(s);
}

static const struct tui_binding search_bind[] = {
	{ { TK_ENTER }, "Enter", NULL, N_("Add to cart"), NULL, TK_ENTER, NULL },
	{ { 0 }, "↑↓", NULL, N_("Choose"), NULL, 0, NULL },
	{ { TK_ESC }, "Esc", NULL, N_("Back"), NULL, TK_ESC, NULL },
	TUI_BIND_END
};

static const struct tui_screen screen_search = {
	"search", 0, search_draw, search_key, NULL, search_close, search_bind,
};

void screen_search_open(struct tui *t, const char *query)
{
	struct search *s = xcalloc(1, sizeof(*s));

	s->hits = xcalloc(SEARCH_LIMIT, sizeof(*s->hits));
	s->query.kind = WF_TEXT;
	s->query.maxlen = 80;
	s->list.sel = -1;
	s->t = t;
	if (query)
		snprintf(s->query.buf, sizeof(s->query.buf), "%s", query);
	run_search(t, s);
	tui_push(t, &screen_search, s);
}
