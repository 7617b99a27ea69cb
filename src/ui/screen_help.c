/*
 * screen_help.c - every key of the screen below in one box, with the key
 * that works on a terminal without F-keys, so a new cashier learns it in
 * minutes.  The rows come from that screen's binding table (tui.h), the
 * same table that drives its key bar and its dispatch, so the help never
 * disagrees with the keys.  Any key closes it.
 */
#include "ui/tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/i18n.h"
#include "core/vntext.h"
#include "ui/widget.h"

#define HELP_ROWS_MAX 48

struct help_row {
	char keys[48];
	const char *what;         /* msgid */
};

struct help {
	struct help_row rows[HELP_ROWS_MAX];
	int n;
};

/* "^Q" as the help says it: "Ctrl-Q". */
static void help_key_name(char *out, size_t n, const char *k)
{
	if (k[0] == '^' && k[1] && !k[2])
		snprintf(out, n, "Ctrl-%c", k[1]);
	else
		snprintf(out, n, "%s", k);
}

static void add_key(char *out, size_t n, const char *k)
{
	char name[16];
	size_t len = strlen(out);

	help_key_name(name, sizeof(name), k);
	if (strstr(out, name))
		return;
	snprintf(out + len, n - len, "%s%s", len ? "  " : "", name);
}

/* One row: the shown key, its alternative, and every Ctrl key or Del that also does it. */
static void add_row(struct help *h, const struct tui_binding *b, const char *key,
		    const char *what)
{
	struct help_row *r;
	int k;

	if (h->n >= HELP_ROWS_MAX || !key || !what)
		return;
	r = &h->rows[h->n++];
	r->keys[0] = '\0';
	add_key(r->keys, sizeof(r->keys), key);
	if (b && b->alt && *b->alt)
		add_key(r->keys, sizeof(r->keys), b->alt);
	for (k = 0; b && k < 4 && b->keys[k]; k++) {
		char c[4] = "^?";

		if (b->keys[k] >= 1 && b->keys[k] < 27 && b->keys[k] != TK_TAB &&
		    b->keys[k] != TK_ENTER) {
			c[1] = (char)('A' + b->keys[k] - 1);
			add_key(r->keys, sizeof(r->keys), c);
		} else if (b->keys[k] == TK_DEL) {
			add_key(r->keys, sizeof(r->keys), "Del");
		}
	}
	r->what = what;
}

static void help_draw(struct tui *t, void *st, struct tui_rect area)
{
	struct help *hp = st;
	struct tui_rect r, in;
	int i, y, dw, kw = 17, need = 0, wrap, w = area.w - 4 < 96 ? area.w - 4 : 96;

	/* Descriptions wrap when the rows allow it, else they are cut. */
	dw = w - 4 - kw;
	for (i = 0; i < hp->n; i++)
		need += tui_wrap(0, 0, dw, 3, 0, tr(hp->rows[i].what), 0);
	wrap = need + 3 <= area.h - 2;
	r = tui_center(area, (wrap ? need : hp->n) + 5, w);
	in = tui_box(r, tui_attr(TR_DIALOG), tr("Keys"));
	for (i = 0, y = in.y; i < hp->n && y < in.y + in.h - 2; i++) {
		tui_text(y, in.x, kw, TA_LEFT, tui_attr(TR_DIALOG) | A_BOLD, hp->rows[i].keys);
		if (wrap)
			y += tui_wrap(y, in.x + kw, in.w - kw, 3, tui_attr(TR_DIALOG),
				      tr(hp->rows[i].what), 1);
		else
			tui_text(y++, in.x + kw, in.w - kw, TA_LEFT, tui_attr(TR_DIALOG),
				 tr(hp->rows[i].what));
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
	free(st);
}

static const struct tui_screen screen_help = {
	/* The whole terminal: at 80 x 24 every key fits only without the bars. */
	"help", TUI_FULL, help_draw, help_key, NULL, help_close, NULL,
};

void screen_help_open(struct tui *t, const struct tui_view *view)
{
	struct help *h = xcalloc(1, sizeof(*h));
	const struct tui_binding *b;
	int f1 = 0;

	if (view && view->scr->bindings)
		for (b = view->scr->bindings; TUI_BIND_LIVE(b); b++) {
			if (b->action == TUI_ACT_HELP)
				f1 = 1;
			add_row(h, b, b->key, b->help ? b->help : b->label);
		}
	if (!f1)
		add_row(h, NULL, "F1", N_("this help"));
	add_row(h, NULL, "Ctrl-L", N_("redraw the screen"));
	tui_push(t, &screen_help, h);
}
