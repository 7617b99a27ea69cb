/*
 * widget_list.c - a scrolling list: selection, paging, and drawing the
 * visible rows through a callback (the screen knows what a row is).
 */
#include "ui/widget.h"

void wlist_set_count(struct wlist *l, int n)
{
	l->n = n < 0 ? 0 : n;
	if (l->n == 0) {
		l->sel = -1;
		l->top = 0;
		return;
	}
	if (l->sel < 0)
		l->sel = 0;
	if (l->sel >= l->n)
		l->sel = l->n - 1;
	if (l->top > l->sel)
		l->top = l->sel;
}

void wlist_select(struct wlist *l, int i)
{
	if (l->n == 0) {
		l->sel = -1;
		return;
	}
	if (i < 0)
		i = 0;
	if (i >= l->n)
		i = l->n - 1;
	l->sel = i;
}

int wlist_key(struct wlist *l, int key, int page)
{
	int old = l->sel;

	if (l->n == 0)
		return 0;
	if (page < 1)
		page = 1;
	switch (key) {
	case TK_UP:
		wlist_select(l, l->sel - 1);
		break;
	case TK_DOWN:
		wlist_select(l, l->sel + 1);
		break;
	case TK_PGUP:
		wlist_select(l, l->sel - page);
		break;
	case TK_PGDN:
		wlist_select(l, l->sel + page);
		break;
	case TK_HOME:
		wlist_select(l, 0);
		break;
	case TK_END:
		wlist_select(l, l->n - 1);
		break;
	default:
		return 0;
	}
	(void)old;
	return 1;
}

void wlist_draw(struct wlist *l, struct tui_rect r,
		void (*row)(void *ctx, int i, int y, int x, int w, int selected), void *ctx)
{
	int i;

	if (r.h <= 0 || r.w <= 0)
		return;
	if (l->sel >= 0) {
		if (l->sel < l->top)
			l->top = l->sel;
		if (l->sel >= l->top + r.h)
			l->top = l->sel - r.h + 1;
	}
	if (l->top > 0 && l->top + r.h > l->n)
		l->top = l->n > r.h ? l->n - r.h : 0;
	for (i = 0; i < r.h && l->top + i < l->n; i++)
		row(ctx, l->top + i, r.y + i, r.x, r.w - 1, l->top + i == l->sel);
	/* Scroll marks: there is more above / below. */
	if (l->top > 0)
		tui_text(r.y, r.x + r.w - 1, 1, TA_LEFT, tui_attr(TR_DIM) | A_BOLD, "^");
	if (l->top + r.h < l->n)
		tui_text(r.y + r.h - 1, r.x + r.w - 1, 1, TA_LEFT, tui_attr(TR_DIM) | A_BOLD, "v");
}
