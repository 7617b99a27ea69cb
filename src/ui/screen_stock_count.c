/*
 * screen_stock_count.c - a stocktake on the terminal.
 *
 * One count may be open at a time (core's rule).  With none open the
 * screen says what a new count would cover (the stock screen's filter)
 * and starts it after one question.  Then each scan counts one more of
 * the scanned product (stock_count_enter with add = 1: the units a lot
 * holds are shared out by core, latest expiry first); a code or a name
 * typed in the field, or Enter on a lot, asks for the counted quantity.
 * Every lot of the scope is listed -- counted ones with what was expected
 * and the variance in quantity and at cost, the others still waiting --
 * so the manager sees the damage before posting.  Posting (or cancelling)
 * asks once; lots nobody counted stay as they are unless the manager
 * chose "count what was not counted as zero".  Selling goes on meanwhile:
 * core keeps each line's expected quantity from when it was entered.
 */
#include "ui/manager.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/vntext.h"
#include "ui/widget.h"

struct crow {
	long long lot_id;
	char sku[PRODUCT_SKU_MAX];
	char name[PRODUCT_NAME_MAX];
	char unit[32];
	char lot[STOCK_LOT_NO_MAX];
	char expiry[11];
	int entered;
	int64_t expected, counted, on_hand, variance, cost, value;
};

struct countscr {
	long long id;                 /* 0: no count open */
	struct stock_count_info info;
	struct stock_filter scope;    /* for a new count */
	struct crow *r;
	int n, cap;
	struct wlist list;
	struct wfield code;
	int zero_missing;
	int64_t var_value, missing_value;
	int counted, missing, differ;
	/* the quantity being entered */
	long long enter_product;
	char enter_lot[STOCK_LOT_NO_MAX];
	char enter_name[PRODUCT_NAME_MAX];
};

/* ---- loading ----------------------------------------------------------------- */

static int collect(void *ctx, const struct stock_count_row *r)
{
	struct countscr *c = ctx;
	struct crow *o;

	if (c->n == c->cap) {
		int cap = c->cap ? c->cap * 2 : 64;
		struct crow *nr = xcalloc((size_t)cap, sizeof(*nr));

		if (c->n)
			memcpy(nr, c->r, (size_t)c->n * sizeof(*nr));
		free(c->r);
		c->r = nr;
		c->cap = cap;
	}
	o = &c->r[c->n++];
	o->lot_id = r->lot_id;
	snprintf(o->sku, sizeof(o->sku), "%s", r->sku ? r->sku : "");
	snprintf(o->name, sizeof(o->name), "%s", r->name ? r->name : "");
	snprintf(o->unit, sizeof(o->unit), "%s", r->unit ? r->unit : "");
	snprintf(o->lot, sizeof(o->lot), "%s", r->lot_no ? r->lot_no : "");
	snprintf(o->expiry, sizeof(o->expiry), "%s", r->expiry ? r->expiry : "");
	o->entered = r->entered;
	o->expected = r->expected_milli;
	o->counted = r->counted_milli;
	o->on_hand = r->on_hand_milli;
	o->variance = r->variance_milli;
	o->cost = r->unit_cost;
	o->value = r->variance_value;
	if (r->entered) {
		c->counted++;
		c->var_value += r->variance_value;
		if (r->variance_milli)
			c->differ++;
	} else {
		int64_t v = 0;

		c->missing++;
		money_line_amount(r->unit_cost, -r->expected_milli, &v, NULL);
		c->missing_value += v;
	}
	return 0;
}

static void load(struct tui *t, struct countscr *c)
{
	struct pos_error err;
	long long keep = c->list.sel >= 0 && c->list.sel < c->n ? c->r[c->list.sel].lot_id : 0;
	int i;

	c->n = 0;
	c->var_value = c->missing_value = 0;
	c->counted = c->missing = c->differ = 0;
	if (!c->id) {
		wlist_set_count(&c->list, 0);
		return;
	}
	if (stock_count_get(t->db, c->id, &c->info, &err) ||
	    stock_count_lines(t->db, c->id, 1, collect, c, &err))
		tui_error(t, &err);
	wlist_set_count(&c->list, c->n);
	for (i = 0; keep && i < c->n; i++)
		if (c->r[i].lot_id == keep)
			wlist_select(&c->list, i);
}

/* ---- drawing -------------------------------------------------------------------- */

struct drawctx {
	struct countscr *c;
	int wname, wlot;
};

static void draw_row(void *vctx, int i, int y, int x, int w, int selected)
{
	struct drawctx *d = vctx;
	const struct crow *r = &d->c->r[i];
	attr_t a = selected ? tui_attr(TR_SEL) : tui_attr(TR_NORMAL);
	attr_t dim = selected ? a : tui_attr(TR_DIM);
	attr_t v = a;
	int cx = x;

	if (!selected && r->entered && r->variance)
		v = tui_attr(r->variance < 0 ? TR_ERROR : TR_WARN);
	tui_fill(y, x, 1, w, a);
	tui_name(y, cx, d->wname, r->entered ? a : dim, r->name);
	cx += d->wname + 1;
	tui_text(y, cx, d->wlot, TA_LEFT, r->entered ? a : dim, r->lot);
	cx += d->wlot + 1;
	tui_text(y, cx, 8, TA_RIGHT, r->entered ? a : dim, tui_qty(r->expected));
	cx += 9;
	if (r->entered) {
		tui_text(y, cx, 8, TA_RIGHT, a, tui_qty(r->counted));
		cx += 9;
		tui_textf(y, cx, 8, TA_RIGHT, v, "%s%s", r->variance > 0 ? "+" : "",
			  tui_qty(r->variance));
		cx += 9;
		tui_text(y, cx, w - (cx - x), TA_RIGHT, v, r->variance ? tui_money(r->value) : "");
	} else {
		tui_text(y, cx, 8, TA_RIGHT, dim, "—");
		cx += 9;
		tui_text(y, cx, w - (cx - x), TA_RIGHT, dim, tr("not counted"));
	}
}

static void count_draw(struct tui *t, void *st, struct tui_rect area)
{
	struct countscr *c = st;
	struct drawctx d = { c, 0, 12 };
	attr_t h = tui_attr(TR_HEADER);
	struct tui_rect lr;
	char buf[600];
	int y, cx, lw;

	tui_fill(area.y, area.x, area.h, area.w, tui_attr(TR_NORMAL));
	if (!c->id) {
		struct tui_rect b = tui_center(area, 9, area.w - 4 < 72 ? area.w - 4 : 72), in;

		tui_text(area.y, area.x, area.w, TA_LEFT, tui_attr(TR_TITLE), tr("Stock count"));
		in = tui_box(b, tui_attr(TR_DIALOG), tr("No count is open"));
		tui_text(in.y, in.x, in.w, TA_LEFT, tui_attr(TR_DIALOG),
			 tr("A new count will cover the products of the stock screen's filter:"));
		mgr_filter_text(&c->scope, 0, buf, sizeof(buf));
		tui_text(in.y + 1, in.x, in.w, TA_LEFT, tui_attr(TR_DIALOG) | A_BOLD, buf);
		tui_text(in.y + 3, in.x, in.w, TA_LEFT, tui_attr(TR_DIALOG),
			 tr("Selling can go on while you count."));
		tui_text(in.y + 5, in.x, in.w, TA_LEFT, tui_attr(TR_DIALOG) | A_BOLD,
			 tr("F2 (Ctrl-N): start the count    Esc: back"));
		tui_cursor(t, -1, -1);
		return;
	}
	tui_textf(area.y, area.x, area.w / 2, TA_LEFT, tui_attr(TR_TITLE), tr("Stock count #%lld"),
		  c->id);
	{
		char when[17] = "";
		time_t ts;

		if (clock_parse_utc(c->info.started_at, &ts, NULL) == 0)
			clock_format_local(ts, when);
		tui_textf(area.y, area.x + area.w / 2, area.w - area.w / 2, TA_RIGHT,
			  tui_attr(TR_DIM), tr("opened %s %s by %s"), mgr_date(when), when + 11,
			  c->info.started_by);
	}
	lw = vn_width(tr("Scan, or type a code or a name:")) + 1;
	tui_text(area.y + 1, area.x, lw, TA_LEFT, tui_attr(TR_NORMAL),
		 tr("Scan, or type a code or a name:"));
	y = area.y + 2;
	d.wname = area.w - 1 - (d.wlot + 1) - 9 - 9 - 9 - 13 - 1;
	tui_fill(y, area.x, 1, area.w, h);
	cx = area.x;
	tui_text(y, cx, d.wname, TA_LEFT, h, tr("Product"));
	cx += d.wname + 1;
	tui_text(y, cx, d.wlot, TA_LEFT, h, tr("Lot"));
	cx += d.wlot + 1;
	tui_text(y, cx, 8, TA_RIGHT, h, tr("Expected"));
	cx += 9;
	tui_text(y, cx, 8, TA_RIGHT, h, tr("Counted"));
	cx += 9;
	tui_text(y, cx, 8, TA_RIGHT, h, tr("Diff."));
	cx += 9;
	tui_text(y, cx, area.w - 1 - (cx - area.x), TA_RIGHT, h, tr("At cost"));
	lr.y = y + 1;
	lr.x = area.x;
	lr.h = area.h - 6;
	lr.w = area.w;
	if (c->n == 0)
		tui_text(lr.y + 1, area.x, area.w, TA_CENTER, tui_attr(TR_DIM),
			 tr("nothing in stock in this count's scope yet: scan what is on the shelf"));
	else
		wlist_draw(&c->list, lr, draw_row, &d);
	y = area.y + area.h - 3;
	tui_hline(y, area.x, area.w, tui_attr(TR_DIM));
	tui_textf(y + 1, area.x, area.w, TA_LEFT, tui_attr(TR_TOTAL),
		  tr("Counted %d lots, %d differ: %s at cost"), c->counted, c->differ,
		  tui_money(c->var_value));
	if (c->missing)
		tui_textf(y + 2, area.x, area.w, TA_LEFT, tui_attr(c->zero_missing ? TR_WARN : TR_DIM),
			  c->zero_missing ?
			  tr("%d lots not counted: set to zero when posted (%s). F4: leave them") :
			  tr("%d lots not counted: left as they are. F4: set them to zero (%s)"),
			  c->missing, tui_money(c->missing_value));
	else
		tui_text(y + 2, area.x, area.w, TA_LEFT, tui_attr(TR_DIM),
			 tr("every lot in the scope is counted"));
	wfield_draw(t, &c->code, area.y + 1, area.x + lw, area.w - lw, 1);
}

/* ---- entering quantities --------------------------------------------------------- */

static void select_sku(struct countscr *c, const char *sku)
{
	int i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->r[i].sku, sku) == 0) {
			wlist_select(&c->list, i);
			return;
		}
}

static void say_counted(struct tui *t, struct countscr *c, const char *sku)
{
	int64_t counted = 0, expected = 0;
	const char *name = "", *unit = "";
	int i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->r[i].sku, sku) == 0 && c->r[i].entered) {
			counted += c->r[i].counted;
			expected += c->r[i].expected;
			name = c->r[i].name;
			unit = c->r[i].unit;
		}
	tui_msg(t, counted == expected ? TUI_MSG_OK : TUI_MSG_WARN, tr("%s: counted %s %s of %s"),
		name, tui_qty(counted), unit, tui_qty(expected));
}

static int qty_done(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct countscr *c = ctx;
	struct pos_error err;
	struct product p;
	int64_t q = 0;

	if (!ok)
		return 0;
	if (strcmp(form->f[0].buf, "0") != 0 && qty_parse(form->f[0].buf, &q, &err)) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	if (stock_count_enter(t->db, &t->user, c->id, c->enter_product,
			      c->enter_lot[0] ? c->enter_lot : NULL, q, 0, &err)) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	load(t, c);
	if (catalog_get_id(t->db, c->enter_product, &p, NULL) == 0) {
		select_sku(c, p.sku);
		say_counted(t, c, p.sku);
	}
	return 0;
}

static void ask_qty(struct tui *t, struct countscr *c, long long product_id, const char *lot,
		    const char *init)
{
	struct product p;
	struct pos_error err;
	struct wform *f;
	char text[400];

	if (catalog_get_id(t->db, product_id, &p, &err)) {
		tui_error(t, &err);
		return;
	}
	c->enter_product = product_id;
	snprintf(c->enter_lot, sizeof(c->enter_lot), "%s", lot ? lot : "");
	snprintf(c->enter_name, sizeof(c->enter_name), "%s", p.name);
	if (lot && *lot)
		snprintf(text, sizeof(text), tr("%s (%s), lot %s: how many %s are there?"), p.name,
			 p.sku, lot, p.unit);
	else
		snprintf(text, sizeof(text), tr("%s (%s), all lots together: how many %s are there?"),
			 p.name, p.sku, p.unit);
	f = dialog_form(t, tr("Counted quantity"), text, qty_done, c);
	wform_add(f, N_("Counted"), WF_QTY, init);
}

static void typed_product(struct tui *t, void *ctx, long long id)
{
	ask_qty(t, ctx, id, NULL, "");
}

/* ---- start, post, cancel ------------------------------------------------------------- */

static int start_confirmed(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct countscr *c = ctx;
	struct pos_error err;
	long long id;

	(void)form;
	if (!ok)
		return 0;
	if (stock_count_start(t->db, &t->user, &c->scope, &id, &err)) {
		dialog_message(t, TUI_MSG_ERROR, tr("The count did not start"), pos_error_text(&err));
		return 0;
	}
	c->id = id;
	load(t, c);
	tui_msg(t, TUI_MSG_OK, tr("count #%lld started: scan what is on the shelves"), id);
	return 0;
}

static int post_confirmed(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct countscr *c = ctx;
	struct pos_error err;
	long long adjusted = 0, id = c->id;
	int64_t value = 0;

	(void)form;
	if (!ok)
		return 0;
	tui_flush(t);
	if (stock_count_post(t->db, &t->user, c->id, c->zero_missing, &adjusted, &value, &err)) {
		dialog_message(t, TUI_MSG_ERROR, tr("Not posted"), pos_error_text(&err));
		return 0;
	}
	tui_remove_state(t, c);
	tui_msg(t, TUI_MSG_OK, tr("count #%lld posted: %lld lots corrected, %s at cost"), id,
		adjusted, tui_money(value));
	return 0;
}

static int cancel_confirmed(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct countscr *c = ctx;
	struct pos_error err;
	long long id = c->id;

	(void)form;
	if (!ok)
		return 0;
	if (stock_count_cancel(t->db, &t->user, c->id, &err)) {
		dialog_message(t, TUI_MSG_ERROR, tr("Not cancelled"), pos_error_text(&err));
		return 0;
	}
	tui_remove_state(t, c);
	tui_msg(t, TUI_MSG_INFO, tr("count #%lld cancelled: nothing was adjusted"), id);
	return 0;
}

static int count_key(struct tui *t, void *st, int key)
{
	struct countscr *c = st;
	char text[700], code[WFIELD_MAX];

	if (!c->id) {
		switch (key) {
		case TK_ESC:
			tui_pop(t);
			return TUI_REPAINT_ALL;
		case TK_F(2):
		case TK_ENTER:
			mgr_filter_text(&c->scope, 0, text, sizeof(text));
			snprintf(text + strlen(text), sizeof(text) - strlen(text), "\n%s",
				 tr("Start a stock count of these products now?"));
			dialog_confirm(t, tr("Start a count"), text, start_confirmed, c);
			return TUI_REPAINT_ALL;
		}
		return TUI_PASS;
	}
	switch (key) {
	case TK_ESC:
		if (c->code.buf[0]) {
			c->code.buf[0] = '\0';
			return TUI_REPAINT_BODY;
		}
		tui_pop(t);
		tui_msg(t, TUI_MSG_INFO, "%s",
			tr("the count stays open: come back to it with F3 (Ctrl-K)"));
		return TUI_REPAINT_ALL;
	case TK_ENTER:
		if (c->code.buf[0]) {
			snprintf(code, sizeof(code), "%s", c->code.buf);
			c->code.buf[0] = '\0';
			mgr_find_product(t, code, typed_product, c);
			return TUI_REPAINT_ALL;
		}
		if (c->list.sel >= 0) {
			const struct crow *r = &c->r[c->list.sel];
			struct product p;

			if (catalog_get(t->db, r->sku, &p, NULL) == 0)
				ask_qty(t, c, p.id, r->lot, r->entered ? tui_qty(r->counted) : "");
		}
		return TUI_REPAINT_ALL;
	case TK_F(4):
		c->zero_missing = !c->zero_missing;
		return TUI_REPAINT_BODY;
	case TK_F(10):
		if (c->counted == 0 && !c->zero_missing) {
			tui_msg(t, TUI_MSG_WARN, "%s", tr("nothing counted yet: scan the goods first"));
			return TUI_REPAINT_ALL;
		}
		snprintf(text, sizeof(text),
			 tr("Post count #%lld: %d lots counted, %d differ, %s at cost."), c->id,
			 c->counted, c->differ, tui_money(c->var_value));
		if (c->missing)
			snprintf(text + strlen(text), sizeof(text) - strlen(text), " %s",
				 c->zero_missing ?
				 tr("The lots not counted are set to zero.") :
				 tr("The lots not counted stay as they are."));
		snprintf(text + strlen(text), sizeof(text) - strlen(text), "\n%s",
			 tr("The stock is corrected now. Post?"));
		dialog_confirm(t, tr("Post the count"), text, post_confirmed, c);
		return TUI_REPAINT_ALL;
	case TK_F(8):
		snprintf(text, sizeof(text),
			 tr("Cancel count #%lld? What was entered is thrown away and nothing is "
			    "adjusted."), c->id);
		dialog_confirm(t, tr("Cancel the count"), text, cancel_confirmed, c);
		return TUI_REPAINT_ALL;
	}
	if (wlist_key(&c->list, key, t->rows > 12 ? t->rows - 12 : 5))
		return TUI_REPAINT_BODY;
	if (wfield_key(&c->code, key))
		return TUI_REPAINT_BODY;
	return TUI_PASS;
}

static int count_event(struct tui *t, void *st, const struct tui_event *ev)
{
	struct countscr *c = st;
	struct product p;
	struct pos_error err;

	if (ev->kind != TUI_EV_SCAN)
		return TUI_REPAINT_NONE;
	if (!c->id) {
		tui_msg(t, TUI_MSG_WARN, "%s", tr("start the count first: F2 (Ctrl-N)"));
		tui_beep(t);
		return TUI_REPAINT_ALL;
	}
	if (mgr_product_for_code(t, ev->scan.code, &p, &err) ||
	    stock_count_enter(t->db, &t->user, c->id, p.id, NULL, QTY_ONE, 1, &err)) {
		tui_error(t, &err);
		return TUI_REPAINT_ALL;
	}
	load(t, c);
	select_sku(c, p.sku);
	say_counted(t, c, p.sku);
	return TUI_REPAINT_ALL;
}

static void count_close(struct tui *t, void *st)
{
	struct countscr *c = st;

	(void)t;
	free(c->r);
	free(c);
}

static int counting(struct tui *t, void *st)
{
	(void)t;
	return ((const struct countscr *)st)->id != 0;
}

static int not_counting(struct tui *t, void *st)
{
	return !counting(t, st);
}

static const struct tui_binding count_bind[] = {
	{ { TK_F(2), TK_CTRL('N') }, "F2", "^N", N_("Start the count"), NULL, TK_F(2),
	  not_counting },
	{ { TK_ENTER }, "Enter", NULL, N_("Enter quantity"), NULL, TK_ENTER, counting },
	{ { TK_F(4), TK_CTRL('Z') }, "F4", "^Z", N_("Not counted = 0"), NULL, TK_F(4), counting },
	{ { TK_F(10), TK_CTRL('P') }, "F10", "^P", N_("Post"), NULL, TK_F(10), counting },
	{ { TK_F(8), TK_CTRL('X') }, "F8", "^X", N_("Cancel count"), NULL, TK_F(8), counting },
	{ { TK_ESC }, "Esc", NULL, N_("Back"), NULL, TK_ESC, not_counting },
	{ { TK_ESC }, "Esc", NULL, N_("Back (stays open)"), NULL, TK_ESC, counting },
	TUI_BIND_END
};

static const struct tui_screen screen_count = {
	"stock-count", 0, count_draw, count_key, count_event, count_close, count_bind,
};

void screen_stock_count_open(struct tui *t, const struct stock_filter *scope)
{
	struct countscr *c = xcalloc(1, sizeof(*c));
	long long id;

	c->list.sel = -1;
	c->code.kind = WF_TEXT;
	c->code.maxlen = 60;
	if (scope)
		c->scope = *scope;
	c->scope.all = 0;
	if (stock_count_current(t->db, &id, NULL) == 0)
		c->id = id;
	tui_push(t, &screen_count, c);
	load(t, c);
}
