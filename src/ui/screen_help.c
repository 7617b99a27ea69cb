/*
 * screen_help.c - every key of the till in one box, with the key that
 * works on a terminal without F-keys, so a new cashier learns it in
 * minutes.  Any key closes it.
 */
#include "ui/tui.h"

#include <stdlib.h>

#include "app/app.h"
#include "core/i18n.h"
#include "ui/widget.h"

struct help_row {
	const char *keys;
	const char *what;
};

static const struct help_row rows[] = {
	{ "F1  ?", N_("this help") },
	{ "F2  /  Ctrl-F", N_("find a product by name (accents optional)") },
	{ "F3  Ctrl-Q", N_("change the quantity of the selected line") },
	{ "+  -", N_("one more / one less of the selected line") },
	{ "3*", N_("typed before a scan: sell 3 of it (1,5* = 1.5 kg)") },
	{ "F4  Ctrl-D", N_("discount on a line or the sale (big ones: manager)") },
	{ "F5  Ctrl-T", N_("put the sale on hold / recall a held sale") },
	{ "F6  Ctrl-K", N_("customer details for an invoice (name, tax code)") },
	{ "F7  Ctrl-R", N_("return goods against a receipt") },
	{ "F8  Ctrl-X  Del", N_("remove the selected line (asks first)") },
	{ "F9  Ctrl-O", N_("open the cash drawer without a sale (recorded)") },
	{ "F10 Ctrl-P", N_("take payment: cash, VietQR, card, e-wallet, or a mix") },
	{ "F11 Ctrl-W", N_("shift: open, cash in/out, X report, close with Z") },
	{ "F12 Ctrl-E", N_("menu: more screens") },
	{ "↑ ↓ PgUp PgDn", N_("choose a line in the cart") },
	{ "Esc", N_("back; on the till: log out (the sale is held)") },
	{ "Ctrl-L", N_("redraw the screen") },
};
#define NROWS (int)(sizeof(rows) / sizeof(rows[0]))

static void help_draw(struct tui *t, void *st, struct tui_rect area)
{
	struct tui_rect r, in;
	int i, y, dw, need = 0, wrap, w = area.w - 4 < 96 ? area.w - 4 : 96;

	(void)st;
	/* Descriptions wrap when the rows allow it, else they are cut. */
	dw = w - 4 - 17;
	for (i = 0; i < NROWS; i++)
		need += tui_wrap(0, 0, dw, 3, 0, tr(rows[i].what), 0);
	wrap = need + 3 <= area.h - 2;
	r = tui_center(area, (wrap ? need : NROWS) + 5, w);
	in = tui_box(r, tui_attr(TR_DIALOG), tr("Keys"));
	for (i = 0, y = in.y; i < NROWS && y < in.y + in.h - 2; i++) {
		tui_text(y, in.x, 17, TA_LEFT, tui_attr(TR_DIALOG) | A_BOLD, rows[i].keys);
		if (wrap)
			y += tui_wrap(y, in.x + 17, in.w - 17, 3, tui_attr(TR_DIALOG), tr(rows[i].what), 1);
		else
			tui_text(y++, in.x + 17, in.w - 17, TA_LEFT, tui_attr(TR_DIALOG), tr(rows[i].what));
	}
	tui_text(in.y + in.h - 1, in.x, in.w, TA_LEFT, tui_attr(TR_DIALOG),
		 tr("A scan always goes into the cart, whatever is open. Any key closes this."));
	tui_cursor(t, -1, -1);
}

static int help_key(struct tui *t, void *st, int key)
{
	(void)st;
	(void)key;
	tui_pop(t);
	return TUI_REPAINT_ALL;
}

static void help_close(struct tui *t, void *st)
{
	(void)t;
	(void)st;
}

static const struct tui_screen screen_help = {
	/* The whole terminal: at 80 x 24 every key fits only without the bars. */
	"help", TUI_FULL, help_draw, help_key, NULL, help_close, NULL,
};

void screen_help_open(struct tui *t, const struct tui_keyhint *keys)
{
	(void)keys;
	tui_push(t, &screen_help, NULL);
}
