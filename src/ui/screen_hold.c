/*
 * screen_hold.c - park the sale being rung up (a customer went to fetch
 * something) and serve the next one, then recall it.  The first row puts
 * the current cart on hold under a label; the others are this till's
 * held carts, newest first: Enter recalls one (the current cart, if it
 * has lines, is put on hold first, so nothing is ever thrown away).
 */
#include "ui/tui.h"

#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/i18n.h"
#include "core/vntext.h"
#include "ui/widget.h"

struct hold {
	struct held_cart *held;
	size_t n;
	struct wlist list;        /* row 0: hold the current cart */
};

static void load(struct tui *t, struct hold *h)
{
	struct pos_error err;

	free(h->held);
	h->held = NULL;
	h->n = 0;
	if (cart_held_list(t->db, t->register_code, &h->held, &h->n, &err))
		tui_error(t, &err);
	wlist_set_count(&h->list, (int)h->n + 1);
}

struct hrow {
	struct tui *t;
	struct hold *h;
};

static void draw_row(void *ctx, int i, int y, int x, int w, int selected)
{
	struct hrow *r = ctx;
	attr_t a = selected ? tui_attr(TR_SEL) : tui_attr(TR_NORMAL);
	const struct held_cart *c;
	char when[32];

	tui_fill(y, x, 1, w, a);
	if (i == 0) {
		if (r->t->cart.nlines)
			tui_textf(y, x + 1, w - 1, TA_LEFT, a | A_BOLD, tr("+ Put the current sale on hold "
									  "(%zu lines, %s)"),
				  r->t->cart.nlines, tui_money(r->t->cart.total));
		else
			tui_text(y, x + 1, w - 1, TA_LEFT, selected ? a : tui_attr(TR_DIM),
				 tr("(the current cart is empty: nothing to hold)"));
		return;
	}
	c = &r->h->held[i - 1];
	/* updated_at is UTC "YYYY-MM-DDTHH:MM:SSZ": show the local time of day. */
	snprintf(when, sizeof(when), "%.16s", c->updated_at);
	if (strlen(c->updated_at) >= 16) {
		int hh = (c->updated_at[11] - '0') * 10 + (c->updated_at[12] - '0');

		snprintf(when, sizeof(when), "%02d:%.2s", (hh + 7) % 24, c->updated_at + 14);
	}
	/* The label in its own 30 columns, cut by display width on a character
	 * boundary (tui_text), never inside a UTF-8 sequence. */
	tui_textf(y, x + 1, 7, TA_LEFT, a, "%-6s ", when);
	tui_text(y, x + 8, 31, TA_LEFT, a, c->label);
	tui_textf(y, x + 39, w - 39, TA_LEFT, a, "%3d %s  %14s", c->nlines, tr("lines"),
		  tui_money(c->total));
}

static void hold_draw(struct tui *t, void *st, struct tui_rect area)
{
	struct hold *h = st;
	struct hrow r = { t, h };
	struct tui_rect lr = { area.y + 2, area.x, area.h - 3, area.w };

	tui_fill(area.y, area.x, area.h, area.w, tui_attr(TR_NORMAL));
	tui_text(area.y, area.x, area.w, TA_LEFT, tui_attr(TR_TITLE), tr("HELD SALES"));
	if (h->n == 0)
		tui_text(area.y + area.h - 1, area.x, area.w, TA_LEFT, tui_attr(TR_DIM),
			 tr("No sale is on hold at this till."));
	else
		tui_textf(area.y + area.h - 1, area.x, area.w, TA_LEFT, tui_attr(TR_DIM),
			  tr("%zu sales on hold. Enter recalls the one selected."), h->n);
	wlist_draw(&h->list, lr, draw_row, &r);
}

static int label_cb(struct tui *t, void *ctx, int ok, struct wform *f)
{
	struct pos_error err;
	char label[64];

	(void)ctx;
	if (!ok)
		return 0;
	vn_copy(label, 61, f->f[0].buf[0] ? f->f[0].buf : tr("customer"));   /* whole characters */
	if (cart_hold(&t->cart, t->db, label, &err)) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	tui_msg(t, TUI_MSG_OK, tr("sale put on hold as \"%s\": F5 recalls it"), label);
	tui_pop_to(t, "sale");
	return 0;
}

static void recall(struct tui *t, struct hold *h, int i)
{
	struct pos_error err;
	char uuid[SALE_UUID_LEN], label[64], hhmm[6];

	snprintf(uuid, sizeof(uuid), "%s", h->held[i].uuid);
	label[0] = '\0';
	if (t->cart.nlines > 0) {
		tui_clock_text(hhmm);
		snprintf(label, sizeof(label), "%s %s", tr("customer"), hhmm);
		if (cart_hold(&t->cart, t->db, label, &err)) {
			tui_error(t, &err);
			return;
		}
	}
	if (cart_recall(&t->cart, t->db, uuid, &err)) {
		tui_error(t, &err);
		load(t, h);
		return;
	}
	if (label[0])
		tui_msg(t, TUI_MSG_OK, tr("sale recalled: %zu lines, %s; the sale you had is on hold "
					  "as \"%s\""), t->cart.nlines, tui_money(t->cart.total), label);
	else
		tui_msg(t, TUI_MSG_OK, tr("sale recalled: %zu lines, %s"), t->cart.nlines,
			tui_money(t->cart.total));
	tui_pop_to(t, "sale");
}

/* Deleting a held cart: a manager's name and PIN, audited by core. */
static int delete_cb(struct tui *t, void *ctx, int ok, struct wform *f)
{
	struct hold *h = ctx;
	struct pos_error err;
	struct user mgr;
	int r, i = h->list.sel - 1;
	char label[64];

	if (!ok || !tui_alive(t, h) || i < 0 || (size_t)i >= h->n)
		return 0;
	r = user_auth(t->db, f->f[0].buf, f->f[1].buf, &mgr, &err);
	explicit_bzero(f->f[1].buf, sizeof(f->f[1].buf));
	if (r == 0)
		r = cart_held_delete(t->db, h->held[i].uuid, &t->user, &mgr, &err);
	if (r) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	VN_COPY(label, h->held[i].label);
	load(t, h);
	wlist_set_count(&h->list, (int)h->n + 1);
	tui_msg(t, TUI_MSG_OK, tr("held sale \"%s\" deleted, approved by %s (recorded in the audit "
				  "log)"), label, mgr.name);
	return 0;
}

enum { A_DELETE = TUI_ACT(1) };

static int hold_key(struct tui *t, void *st, int key)
{
	struct hold *h = st;
	struct wform *f;
	char def[64], hhmm[6];

	switch (key) {
	case TK_ESC:
		tui_pop(t);
		return TUI_REPAINT_ALL;
	case A_DELETE:
		if (h->list.sel <= 0 || (size_t)(h->list.sel - 1) >= h->n)
			return TUI_REPAINT_NONE;
		f = dialog_form(t, tr("Delete a held sale"),
				tr("Throw the selected held sale away? A manager's PIN; recorded in "
				   "the audit log."), delete_cb, h);
		wform_add(f, "Manager", WF_TEXT, user_can(&t->user, PERM_VOID) ? t->user.name : NULL);
		wform_add(f, "PIN", WF_PIN, NULL);
		if (user_can(&t->user, PERM_VOID))
			f->cur = 1;
		return TUI_REPAINT_ALL;
	case TK_ENTER:
		if (h->list.sel <= 0) {
			if (!t->cart.nlines) {
				tui_msg(t, TUI_MSG_WARN, "%s", tr("the cart is empty: nothing to hold"));
				return TUI_REPAINT_ALL;
			}
			tui_clock_text(hhmm);
			snprintf(def, sizeof(def), "%s %s", tr("customer"), hhmm);
			f = dialog_form(t, tr("Hold the sale"),
					tr("A name to find it again (the customer, a table, a colour)."),
					label_cb, NULL);
			wform_add(f, "Label", WF_TEXT, def)->maxlen = 40;
			return TUI_REPAINT_ALL;
		}
		recall(t, h, h->list.sel - 1);
		return TUI_REPAINT_ALL;
	}
	if (wlist_key(&h->list, key, 10))
		return TUI_REPAINT_BODY;
	return TUI_PASS;
}

static void hold_close(struct tui *t, void *st)
{
	struct hold *h = st;

	(void)t;
	free(h->held);
	free(h);
}

static const struct tui_binding hold_bind[] = {
	{ { TK_ENTER }, "Enter", NULL, N_("Hold / recall"), NULL, TK_ENTER, NULL },
	{ { 0 }, "↑↓", NULL, N_("Choose"), NULL, 0, NULL },
	{ { TK_DEL, TK_CTRL('X'), TK_F(8) }, "Del", "^X", N_("Delete (manager)"),
	  N_("delete the selected held sale (manager's PIN, audited)"), A_DELETE, NULL },
	{ { TK_ESC }, "Esc", NULL, N_("Back"), NULL, TK_ESC, NULL },
	TUI_BIND_END
};

static const struct tui_screen screen_hold = {
	"hold", 0, hold_draw, hold_key, NULL, hold_close, hold_bind,
};

void screen_hold_open(struct tui *t)
{
	struct hold *h = xcalloc(1, sizeof(*h));

	h->list.sel = -1;
	load(t, h);
	/* With an empty cart the useful row is the newest held sale. */
	wlist_select(&h->list, t->cart.nlines == 0 && h->n > 0 ? 1 : 0);
	tui_push(t, &screen_hold, h);
}
