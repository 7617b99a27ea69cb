/*
 * screen_shift.c - the cashier's shift: open it with a float, cash in and
 * out with a reason, the X report (figures so far), and the close: a
 * blind count of the drawer per banknote (the expected amount is shown
 * only after the count is given, so it cannot steer it), then the Z
 * report with the over/short, printed on the receipt printer.
 *
 * All figures come from core (shift.h); this file only asks and shows.
 */
#include "ui/tui.h"

#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/shift.h"
#include "ui/widget.h"

/* --- a report view (X or Z) ------------------------------------------------ */

#define REPORT_LINES 48

struct report_view {
	char title[128];
	char label[REPORT_LINES][160];
	char value[REPORT_LINES][48];
	int n;
	struct wlist list;
	long long shift_id;
	int z;
};

static void add_line(struct report_view *v, const char *label, const char *value)
{
	if (v->n >= REPORT_LINES)
		return;
	snprintf(v->label[v->n], sizeof(v->label[0]), "%.150s", label);
	snprintf(v->value[v->n], sizeof(v->value[0]), "%.40s", value ? value : "");
	v->n++;
}

static void fill_report(struct report_view *v, const struct shift_report *r, int z,
			int see_expected)
{
	static const char *rates[5] = { "0%", "5%", "8%", "10%", "KCT" };
	static const char *meth[4] = { N_("Cash"), N_("VietQR transfer"), N_("Card"), N_("E-wallet") };
	char buf[160], when[17];
	time_t tt;
	int i;

	v->n = 0;
	v->z = z;
	v->shift_id = r->shift.id;
	if (z)
		snprintf(v->title, sizeof(v->title), "%s %s", tr("Z REPORT"), r->shift.z_no);
	else
		snprintf(v->title, sizeof(v->title), "%s", tr("X REPORT (shift still open)"));
	when[0] = '\0';
	if (clock_parse_utc(r->shift.opened_at, &tt, NULL) == 0)
		clock_format_local(tt, when);
	snprintf(buf, sizeof(buf), tr("Shift %lld, till %s, opened %s (business date %s)"),
		 (long long)r->shift.id, r->shift.register_code, when, r->shift.business_date);
	add_line(v, buf, NULL);
	add_line(v, "", NULL);
	snprintf(buf, sizeof(buf), "%lld", (long long)r->sales_count);
	add_line(v, tr("Sales"), buf);
	add_line(v, tr("Sales total"), tui_money(r->sales_total));
	snprintf(buf, sizeof(buf), "%lld", (long long)r->refunds_count);
	add_line(v, tr("Refunds"), buf);
	add_line(v, tr("Refunds total"), tui_money(r->refunds_total));
	if (r->voids_count) {
		snprintf(buf, sizeof(buf), "%lld", (long long)r->voids_count);
		add_line(v, tr("Voids"), buf);
		add_line(v, tr("Voids total"), tui_money(r->voids_total));
	}
	add_line(v, tr("Discounts given"), tui_money(r->discounts));
	add_line(v, "", NULL);
	add_line(v, tr("By payment method (net):"), NULL);
	for (i = 0; i < 4; i++) {
		if (i != PAY_CASH && !r->by_method[i])
			continue;
		snprintf(buf, sizeof(buf), "  %s", tr(meth[i]));
		add_line(v, buf, tui_money(r->by_method[i]));
	}
	add_line(v, tr("VAT by rate:"), NULL);
	for (i = 0; i < 5; i++) {
		if (!r->vat_by_rate[i] && !r->amount_by_rate[i])
			continue;
		snprintf(buf, sizeof(buf), "  %s (%s %s)", rates[i], tr("of"),
			 tui_money(r->amount_by_rate[i]));
		add_line(v, buf, tui_money(r->vat_by_rate[i]));
	}
	add_line(v, "", NULL);
	add_line(v, tr("Opening float"), tui_money(r->shift.opening_float));
	if (r->cash_rounding)
		add_line(v, tr("Cash rounding"), tui_money(r->cash_rounding));
	add_line(v, tr("Cash in"), tui_money(r->cash_in));
	add_line(v, tr("Cash out"), tui_money(r->cash_out));
	/* Blind close: the cashier counts without knowing what should be there. */
	if (see_expected)
		add_line(v, tr("Expected cash in the drawer"), tui_money(r->expected_cash));
	if (z) {
		add_line(v, tr("Counted cash"), tui_money(r->shift.counted_cash));
		if (see_expected)
			add_line(v, r->shift.over_short >= 0 ? tr("Over") : tr("Short"),
				 tui_money(r->shift.over_short));
	}
	wlist_set_count(&v->list, v->n);
}

struct vrow {
	struct report_view *v;
};

static void draw_vrow(void *ctx, int i, int y, int x, int w, int selected)
{
	struct vrow *r = ctx;

	(void)selected;
	if (!r->v->value[i][0]) {
		tui_text(y, x + 2, w - 2, TA_LEFT, tui_attr(TR_NORMAL), r->v->label[i]);
		return;
	}
	tui_text(y, x + 2, w - 24, TA_LEFT, tui_attr(TR_NORMAL), r->v->label[i]);
	tui_text(y, x + w - 21, 20, TA_RIGHT, tui_attr(TR_NORMAL), r->v->value[i]);
}

static void view_draw(struct tui *t, void *st, struct tui_rect area)
{
	struct report_view *v = st;
	struct vrow r = { v };
	struct tui_rect lr = { area.y + 2, area.x, area.h - 2, area.w < 72 ? area.w : 72 };

	(void)t;
	tui_fill(area.y, area.x, area.h, area.w, tui_attr(TR_NORMAL));
	tui_text(area.y, area.x, area.w, TA_LEFT, tui_attr(TR_TITLE), v->title);
	wlist_draw(&v->list, lr, draw_vrow, &r);
	tui_cursor(t, -1, -1);
}

static int view_key(struct tui *t, void *st, int key)
{
	struct report_view *v = st;
	struct pos_error err;

	switch (key) {
	case TK_ESC:
	case TK_ENTER:
		tui_pop(t);
		return TUI_REPAINT_ALL;
	case 'p':
	case 'P':
	case TK_F(2):
		tui_msg(t, TUI_MSG_INFO, "%s", tr("printing..."));
		tui_flush(t);
		if (tui_print_shift(t, v->shift_id, v->z, &err))
			tui_msg(t, TUI_MSG_ERROR, tr("the report did not print: %s"), pos_error_text(&err));
		else
			tui_msg(t, TUI_MSG_OK, "%s", tr("report printed"));
		return TUI_REPAINT_ALL;
	}
	/* Scroll by a line, not a selection. */
	if (key == TK_DOWN || key == TK_PGDN) {
		v->list.top += key == TK_DOWN ? 1 : 10;
		if (v->list.top > v->n - 1)
			v->list.top = v->n - 1;
		v->list.sel = -1;
		return TUI_REPAINT_BODY;
	}
	if (key == TK_UP || key == TK_PGUP) {
		v->list.top -= key == TK_UP ? 1 : 10;
		if (v->list.top < 0)
			v->list.top = 0;
		v->list.sel = -1;
		return TUI_REPAINT_BODY;
	}
	return TUI_PASS;
}

static void view_close(struct tui *t, void *st)
{
	(void)t;
	free(st);
}

static const struct tui_binding view_bind[] = {
	{ { 'p', 'P', TK_F(2) }, "p", "F2", N_("Print"), NULL, 'p', NULL },
	{ { 0 }, "↑↓", NULL, N_("Scroll"), NULL, 0, NULL },
	{ { TK_ESC, TK_ENTER }, "Esc", "Enter", N_("Close"), NULL, TK_ESC, NULL },
	TUI_BIND_END
};

static const struct tui_screen screen_report = {
	"report", 0, view_draw, view_key, NULL, view_close, view_bind,
};

static void open_report(struct tui *t, const struct shift_report *r, int z)
{
	struct report_view *v = xcalloc(1, sizeof(*v));

	v->list.sel = -1;
	fill_report(v, r, z, shift_may_see_expected(&t->user));
	tui_push(t, &screen_report, v);
}

/* --- the blind count ---------------------------------------------------------- */

struct count {
	struct wfield f[SHIFT_NDENOMS];
	int cur;
};

static int64_t count_total(const struct count *c)
{
	int64_t sum = 0, n;
	int i;

	for (i = 0; i < SHIFT_NDENOMS; i++) {
		n = wfield_int(&c->f[i]);
		if (n > 0)
			sum += n * shift_denoms[i];
	}
	return sum;
}

static void count_draw(struct tui *t, void *st, struct tui_rect area)
{
	struct count *c = st;
	int i, half = (SHIFT_NDENOMS + 1) / 2, col, row, x, y;
	char d[MONEY_FMT_MAX];

	tui_fill(area.y, area.x, area.h, area.w, tui_attr(TR_NORMAL));
	tui_text(area.y, area.x, area.w, TA_LEFT, tui_attr(TR_TITLE), tr("CLOSE THE SHIFT: COUNT THE DRAWER"));
	tui_text(area.y + 1, area.x, area.w, TA_LEFT, tui_attr(TR_DIM),
		 tr("Type how many notes of each kind are in the drawer (blind count)."));
	for (i = 0; i < SHIFT_NDENOMS; i++) {
		col = i / half;
		row = i % half;
		x = area.x + 2 + col * 36;
		y = area.y + 3 + row;
		money_format_plain(shift_denoms[i], d, sizeof(d));
		tui_textf(y, x, 12, TA_RIGHT, i == c->cur ? tui_attr(TR_TITLE) : tui_attr(TR_NORMAL),
			  "%s ×", d);
		wfield_draw(t, &c->f[i], y, x + 13, 6, i == c->cur);
		if (wfield_int(&c->f[i]) > 0)
			tui_text(y, x + 20, 14, TA_RIGHT, tui_attr(TR_DIM),
				 tui_money(wfield_int(&c->f[i]) * shift_denoms[i]));
	}
	y = area.y + 4 + half;
	tui_textf(y, area.x + 2, area.w - 4, TA_LEFT, tui_attr(TR_TOTAL) | A_BOLD, "%s: %s",
		  tr("Counted"), tui_money(count_total(c)));
	tui_text(y + 2, area.x + 2, area.w - 4, TA_LEFT, tui_attr(TR_DIM),
		 tr("Enter/Tab/arrows: next; F10 or Ctrl-P: close the shift with this count"));
}

static int close_cb(struct tui *t, void *ctx, int ok, struct wform *f)
{
	struct count *c = ctx;
	struct shift_report rep;
	struct pos_error err;
	int64_t denoms[SHIFT_NDENOMS], counts[SHIFT_NDENOMS];
	size_t n = 0;
	int i;

	(void)f;
	if (!ok)
		return 0;
	for (i = 0; i < SHIFT_NDENOMS; i++) {
		int64_t k = wfield_int(&c->f[i]);

		if (k > 0) {
			denoms[n] = shift_denoms[i];
			counts[n] = k;
			n++;
		}
	}
	if (shift_close(t->db, &t->user, t->register_code, denoms, counts, n, n ? 0 : 0, &rep,
			&err)) {
		tui_error(t, &err);
		return 0;
	}
	tui_refresh_shift(t);
	tui_remove_state(t, c);
	tui_pop_to(t, "sale");
	open_report(t, &rep, 1);
	tui_msg(t, TUI_MSG_INFO, "%s", tr("printing the Z report..."));
	tui_flush(t);
	if (tui_print_shift(t, rep.shift.id, 1, &err))
		tui_msg(t, TUI_MSG_ERROR, tr("shift closed (Z report %s) but the report did not print: "
					     "%s; p prints it again"), rep.shift.z_no,
			pos_error_text(&err));
	else if (shift_may_see_expected(&t->user))
		tui_msg(t, rep.shift.over_short == 0 ? TUI_MSG_OK : TUI_MSG_WARN,
			tr("shift closed: Z report %s printed, over/short %s"), rep.shift.z_no,
			tui_money(rep.shift.over_short));
	else    /* blind: the over/short is the manager's to see */
		tui_msg(t, TUI_MSG_OK, tr("shift closed: Z report %s printed"), rep.shift.z_no);
	return 0;
}

static int count_key(struct tui *t, void *st, int key)
{
	struct count *c = st;
	char text[256];
	int half = (SHIFT_NDENOMS + 1) / 2;

	switch (key) {
	case TK_ESC:
		tui_pop(t);
		return TUI_REPAINT_ALL;
	case TK_ENTER:
	case TK_TAB:
	case TK_DOWN:
		c->cur = (c->cur + 1) % SHIFT_NDENOMS;
		return TUI_REPAINT_BODY;
	case TK_BTAB:
	case TK_UP:
		c->cur = (c->cur + SHIFT_NDENOMS - 1) % SHIFT_NDENOMS;
		return TUI_REPAINT_BODY;
	case TK_RIGHT:
	case TK_LEFT:
		c->cur = (c->cur + half) % (2 * half);
		if (c->cur >= SHIFT_NDENOMS)
			c->cur = SHIFT_NDENOMS - 1;
		return TUI_REPAINT_BODY;
	case TK_F(10):
		snprintf(text, sizeof(text), tr("Close shift %lld with %s counted in the drawer? "
						"Open carts are put on hold."),
			 (long long)t->shift.id, tui_money(count_total(c)));
		dialog_confirm(t, tr("Close the shift"), text, close_cb, c);
		return TUI_REPAINT_ALL;
	}
	if (wfield_key(&c->f[c->cur], key))
		return TUI_REPAINT_BODY;
	return TUI_PASS;
}

static void count_close(struct tui *t, void *st)
{
	(void)t;
	free(st);
}

static const struct tui_binding count_bind[] = {
	{ { TK_F(10), TK_CTRL('P') }, "F10", "^P", N_("Close shift"), NULL, TK_F(10), NULL },
	{ { TK_TAB }, "Tab", "↑↓", N_("Next note"), NULL, TK_TAB, NULL },
	{ { TK_ESC }, "Esc", NULL, N_("Cancel"), NULL, TK_ESC, NULL },
	TUI_BIND_END
};

static const struct tui_screen screen_count = {
	"count", 0, count_draw, count_key, NULL, count_close, count_bind,
};

static void open_count(struct tui *t)
{
	struct count *c = xcalloc(1, sizeof(*c));
	int i;

	for (i = 0; i < SHIFT_NDENOMS; i++) {
		c->f[i].kind = WF_DIGITS;
		c->f[i].maxlen = 5;
	}
	tui_push(t, &screen_count, c);
}

/* --- opening, cash in/out ------------------------------------------------------- */

static int float_cb(struct tui *t, void *ctx, int ok, struct wform *f)
{
	struct pos_error err;
	struct shift s;
	int64_t v = wfield_int(&f->f[0]);

	(void)ctx;
	if (!ok) {
		if (!t->has_shift)
			tui_msg(t, TUI_MSG_WARN, "%s", tr("no shift is open: you can scan, but F11 "
							  "(Ctrl-W) must open a shift before payment"));
		return 0;
	}
	if (v < 0) {
		dialog_error(t, tr("the amount is too large"));
		return 1;
	}
	if (shift_open(t->db, &t->user, t->register_code, v, &s, &err)) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	tui_refresh_shift(t);
	tui_msg(t, TUI_MSG_OK, tr("shift %lld opened with a float of %s"), (long long)s.id,
		tui_money(v));
	return 0;
}

void screen_shift_open_float(struct tui *t)
{
	struct wform *f = dialog_form(t, tr("Open a shift"),
				      tr("No shift is open on this till. Count the cash in the drawer "
					 "(the float) and type it."),
				      float_cb, NULL);

	wform_add(f, "Opening float (VND)", WF_MONEY, NULL)->maxlen = 12;
}

static int cash_cb(struct tui *t, void *ctx, int ok, struct wform *f)
{
	struct pos_error err;
	int out = (int)(intptr_t)ctx;
	int64_t v = wfield_int(&f->f[0]);

	if (!ok)
		return 0;
	if (v <= 0) {
		dialog_error(t, tr("type an amount above zero"));
		return 1;
	}
	if (!f->f[1].buf[0]) {
		dialog_error(t, tr("say why the cash moves (the reason is required)"));
		return 1;
	}
	if (shift_cash_move(t->db, &t->user, t->register_code, out ? -v : v, f->f[1].buf, &err)) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	tui_msg(t, TUI_MSG_OK, out ? tr("cash out %s recorded") : tr("cash in %s recorded"),
		tui_money(v));
	return 0;
}

static void ask_cash(struct tui *t, int out)
{
	struct wform *f = dialog_form(t, out ? tr("Cash out") : tr("Cash in"),
				      out ? tr("Money taken out of the drawer (paying a supplier, a "
					       "bank deposit).")
					  : tr("Money put into the drawer (more change)."),
				      cash_cb, (void *)(intptr_t)out);

	wform_add(f, "Amount (VND)", WF_MONEY, NULL)->maxlen = 12;
	wform_add(f, "Reason", WF_TEXT, NULL)->maxlen = 120;
}

/* --- the shift menu --------------------------------------------------------------- */

enum { SM_OPEN, SM_CASH_IN, SM_CASH_OUT, SM_X, SM_CLOSE, SM_COUNT };

static const char *const sm_label[SM_COUNT] = {
	N_("Open a shift (float)"), N_("Cash in"), N_("Cash out"), N_("X report (figures so far)"),
	N_("Close the shift (count, Z report)"),
};

struct shift_menu {
	struct wlist list;
};

static int sm_enabled(struct tui *t, int i)
{
	return i == SM_OPEN ? !t->has_shift : t->has_shift;
}

struct smrow {
	struct tui *t;
};

static void draw_sm(void *ctx, int i, int y, int x, int w, int selected)
{
	struct smrow *r = ctx;
	attr_t a = selected ? tui_attr(TR_SEL) : sm_enabled(r->t, i) ? tui_attr(TR_NORMAL)
								  : tui_attr(TR_DIM);

	tui_textf(y, x, w, TA_LEFT, a, " %d  %s", i + 1, tr(sm_label[i]));
}

static void sm_draw(struct tui *t, void *st, struct tui_rect area)
{
	struct shift_menu *m = st;
	struct smrow r = { t };
	struct tui_rect lr = { area.y + 4, area.x + 2, SM_COUNT, area.w < 60 ? area.w - 4 : 56 };
	char when[17] = "";
	time_t tt;

	tui_fill(area.y, area.x, area.h, area.w, tui_attr(TR_NORMAL));
	tui_text(area.y, area.x, area.w, TA_LEFT, tui_attr(TR_TITLE), tr("SHIFT"));
	if (t->has_shift) {
		if (clock_parse_utc(t->shift.opened_at, &tt, NULL) == 0)
			clock_format_local(tt, when);
		tui_textf(area.y + 1, area.x, area.w, TA_LEFT, tui_attr(TR_NORMAL),
			  tr("Shift %lld open since %s, float %s"), (long long)t->shift.id, when,
			  tui_money(t->shift.opening_float));
	} else {
		tui_text(area.y + 1, area.x, area.w, TA_LEFT, tui_attr(TR_WARN),
			 tr("No shift is open on this till."));
	}
	wlist_draw(&m->list, lr, draw_sm, &r);
}

static int sm_key(struct tui *t, void *st, int key)
{
	struct shift_menu *m = st;
	struct shift_report rep;
	struct pos_error err;
	int i = m->list.sel;

	if (key >= '1' && key < '1' + SM_COUNT) {
		i = key - '1';
		wlist_select(&m->list, i);
		key = TK_ENTER;
	}
	switch (key) {
	case TK_ESC:
		tui_pop(t);
		return TUI_REPAINT_ALL;
	case TK_ENTER:
		tui_refresh_shift(t);
		if (!sm_enabled(t, i)) {
			tui_msg(t, TUI_MSG_WARN, "%s", t->has_shift ?
				tr("a shift is already open on this till") :
				tr("no shift is open on this till: open one first"));
			return TUI_REPAINT_ALL;
		}
		switch (i) {
		case SM_OPEN:
			screen_shift_open_float(t);
			break;
		case SM_CASH_IN:
		case SM_CASH_OUT:
			ask_cash(t, i == SM_CASH_OUT);
			break;
		case SM_X:
			if (shift_report(t->db, t->shift.id, &rep, &err))
				tui_error(t, &err);
			else
				open_report(t, &rep, 0);
			break;
		case SM_CLOSE:
			open_count(t);
			break;
		}
		return TUI_REPAINT_ALL;
	}
	if (wlist_key(&m->list, key, SM_COUNT))
		return TUI_REPAINT_BODY;
	return TUI_PASS;
}

static void sm_close(struct tui *t, void *st)
{
	(void)t;
	free(st);
}

static const struct tui_binding sm_bind[] = {
	{ { 0 }, "1-5", "Enter", N_("Choose"), NULL, 0, NULL },
	{ { TK_ESC }, "Esc", NULL, N_("Back"), NULL, TK_ESC, NULL },
	TUI_BIND_END
};

static const struct tui_screen screen_shift = {
	"shift", 0, sm_draw, sm_key, NULL, sm_close, sm_bind,
};

void screen_shift_open(struct tui *t)
{
	struct shift_menu *m = xcalloc(1, sizeof(*m));

	tui_refresh_shift(t);
	m->list.sel = -1;
	wlist_set_count(&m->list, SM_COUNT);
	wlist_select(&m->list, t->has_shift ? SM_X : SM_OPEN);
	tui_push(t, &screen_shift, m);
}
