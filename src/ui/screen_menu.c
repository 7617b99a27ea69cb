/*
 * screen_menu.c - the menu of the other screens (F12 / Ctrl-E on the
 * till), each shown only to users with the permission it needs.
 *
 * To add a screen: write its opener (see tui.h) and add ONE line to
 * menu_items[] below: label (an English msgid; put the Vietnamese in
 * your config/locale/vi-<area>.json), the permission, the opener.
 */
#include "ui/tui.h"

#include <stdlib.h>

#include "app/app.h"
#include "core/i18n.h"
#include "ui/customer_ui.h"
#include "ui/history_ui.h"
#include "ui/manager.h"
#include "ui/mgr_more.h"
#include "ui/widget.h"

struct menu_item {
	const char *label;
	enum user_perm perm;
	void (*open)(struct tui *t);
};

static void open_return(struct tui *t)
{
	screen_return_open(t, NULL);
}

static void open_help(struct tui *t)
{
	/* The menu is closed already: the keys of the screen it was opened from. */
	screen_help_open(t, t->depth > 0 ? &t->stack[t->depth - 1] : NULL);
}

static void open_logout(struct tui *t)
{
	tui_logout(t);
}

static const struct menu_item menu_items[] = {
	{ N_("Shift: open, cash in/out, X and Z reports"), PERM_SHIFT, screen_shift_open },
	{ N_("Held sales"), PERM_SELL, screen_hold_open },
	{ N_("Return goods against a receipt"), PERM_RETURN, open_return },
	{ N_("Invoice history: find, reprint, return, void"), PERM_SELL, screen_history_open },
	/* manager and admin screens go here */
	{ N_("Stock: receive, count, adjust, transfer"), PERM_STOCK, screen_stock_open },
	{ N_("Reports: sales, charts, CSV/Excel export"), PERM_REPORTS, screen_reports_open },
	{ N_("E-invoices: waiting, rejected, resend, send now"), PERM_VOID, screen_einvoice_open },
	{ N_("Customers: purchases, points, CSV export"), PERM_CUSTOMER_DATA, screen_customers_open },
	{ N_("Consignment statements: make, print, mark paid"), PERM_STOCK, screen_consign_open },
	{ N_("Audit log: voids, discounts, drawer, settings"), PERM_REPORTS, screen_audit_open },
	{ N_("Settings: showroom, printer, scanner, users"), PERM_SETTINGS, screen_settings_open },
	{ N_("Keys (help)"), PERM_SELL, open_help },
	{ N_("Log out"), PERM_SELL, open_logout },
};
#define NITEMS (int)(sizeof(menu_items) / sizeof(menu_items[0]))

struct menu {
	int idx[NITEMS];
	int n;
	struct wlist list;
};

struct mrow {
	struct menu *m;
};

static void draw_item(void *ctx, int i, int y, int x, int w, int selected)
{
	struct mrow *r = ctx;

	/* keys 1-9, then a, b, c ...: one key opens any entry */
	tui_textf(y, x, w, TA_LEFT, selected ? tui_attr(TR_SEL) : tui_attr(TR_DIALOG), "  %c  %s",
		  i < 9 ? '1' + i : 'a' + (i - 9), tr(menu_items[r->m->idx[i]].label));
}

static void menu_draw(struct tui *t, void *st, struct tui_rect area)
{
	struct menu *m = st;
	struct mrow r = { m };
	struct tui_rect b = tui_center(area, m->n + 4, area.w < 64 ? area.w : 64), in;

	in = tui_box(b, tui_attr(TR_DIALOG), tr("Menu"));
	in.h = m->n;
	wlist_draw(&m->list, in, draw_item, &r);
	tui_cursor(t, -1, -1);
}

static int menu_key(struct tui *t, void *st, int key)
{
	struct menu *m = st;
	void (*open)(struct tui *);

	if (key >= '1' && key <= '9' && key - '1' < m->n) {
		wlist_select(&m->list, key - '1');
		key = TK_ENTER;
	} else if (key >= 'a' && key <= 'z' && key - 'a' + 9 < m->n) {
		wlist_select(&m->list, key - 'a' + 9);
		key = TK_ENTER;
	}
	switch (key) {
	case TK_ESC:
		tui_pop(t);
		return TUI_REPAINT_ALL;
	case TK_ENTER:
		if (m->list.sel < 0)
			return TUI_REPAINT_NONE;
		open = menu_items[m->idx[m->list.sel]].open;
		tui_pop(t);                  /* frees m */
		open(t);
		return TUI_REPAINT_ALL;
	}
	if (wlist_key(&m->list, key, 10))
		return TUI_REPAINT_BODY;
	return TUI_PASS;
}

static void menu_close(struct tui *t, void *st)
{
	(void)t;
	free(st);
}

static const struct tui_binding menu_bind[] = {
	{ { TK_ENTER }, "Enter", "1-9 a-c", N_("Open"), NULL, TK_ENTER, NULL },
	{ { TK_ESC }, "Esc", NULL, N_("Back"), NULL, TK_ESC, NULL },
	TUI_BIND_END
};

static const struct tui_screen screen_menu = {
	"menu", TUI_OVERLAY, menu_draw, menu_key, NULL, menu_close, menu_bind,
};

void screen_menu_open(struct tui *t)
{
	struct menu *m = xcalloc(1, sizeof(*m));
	int i;

	for (i = 0; i < NITEMS; i++)
		if (user_can(&t->user, menu_items[i].perm))
			m->idx[m->n++] = i;
	m->list.sel = -1;
	wlist_set_count(&m->list, m->n);
	tui_push(t, &screen_menu, m);
}
