/*
 * screen_customers.c - the manager's customer list (see customer_ui.h):
 * who they are, how often they buy, their points; '/' searches (name
 * without accents, phone, tax code), Enter shows a customer's purchases,
 * F2 adds one, F5 exports the list as CSV without personal data and F6
 * with it (asked for explicitly).  Everything comes from core/customer.h,
 * which checks the permissions: without PERM_CUSTOMER_DATA the rows are
 * masked.
 */
#include "ui/customer_ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/customer_table.h"
#include "core/clock.h"
#include "core/customer.h"
#include "core/i18n.h"
#include "core/vntext.h"
#include "ui/manager.h"
#include "ui/widget.h"

struct custscr {
	struct customer *c;
	size_t n;
	struct wlist list;
	char query[128];
	int personal;                 /* the user may see personal data */
};

static void load(struct tui *t, struct custscr *s)
{
	struct pos_error err;

	free(s->c);
	s->c = NULL;
	s->n = 0;
	if (customer_list(t->db, &t->user, s->query, s->personal, &s->c, &s->n, &err))
		tui_error(t, &err);
	wlist_set_count(&s->list, (int)s->n);
}

static void draw_row(void *ctx, int i, int y, int x, int w, int selected)
{
	struct custscr *s = ctx;
	const struct customer *c = &s->c[i];
	attr_t a = selected ? tui_attr(TR_SEL) : tui_attr(TR_NORMAL);
	int wn = w - 9 - 12 - 6 - 13 - 8;

	tui_fill(y, x, 1, w, a);
	tui_text(y, x, 8, TA_LEFT, a, c->code);
	tui_text(y, x + 9, 11, TA_LEFT, a, c->phone);
	tui_text(y, x + 21, wn - 1, TA_LEFT, a, c->masked ? "—" : c->name);
	tui_textf(y, x + 21 + wn, 5, TA_RIGHT, a, "%lld", (long long)c->purchases);
	tui_text(y, x + 27 + wn, 12, TA_RIGHT, a, tui_money(c->spent));
	tui_textf(y, x + w - 8, 8, TA_RIGHT, a, "%lld", (long long)c->points);
}

static void cust_draw(struct tui *t, void *st, struct tui_rect area)
{
	struct custscr *s = st;
	attr_t h = tui_attr(TR_HEADER);
	struct tui_rect lr = { area.y + 2, area.x, area.h - 4, area.w };
	int wn = area.w - 9 - 12 - 6 - 13 - 8;

	tui_fill(area.y, area.x, area.h, area.w, tui_attr(TR_NORMAL));
	tui_textf(area.y, area.x, area.w, TA_LEFT, tui_attr(TR_TITLE), tr("Customers (%zu)%s%s"),
		  s->n, s->query[0] ? " · " : "", s->query);
	tui_fill(area.y + 1, area.x, 1, area.w, h);
	tui_text(area.y + 1, area.x, 8, TA_LEFT, h, tr("Code"));
	tui_text(area.y + 1, area.x + 9, 11, TA_LEFT, h, tr("Phone"));
	tui_text(area.y + 1, area.x + 21, wn - 1, TA_LEFT, h, tr("Name"));
	tui_text(area.y + 1, area.x + 21 + wn, 5, TA_RIGHT, h, tr("Buys"));
	tui_text(area.y + 1, area.x + 27 + wn, 12, TA_RIGHT, h, tr("Spent"));
	tui_text(area.y + 1, area.x + area.w - 8, 8, TA_RIGHT, h, tr("Points"));
	if (s->n == 0)
		tui_text(lr.y + 1, area.x, area.w, TA_CENTER, tui_attr(TR_DIM),
			 tr("no customers yet: the till adds them with Ctrl-N"));
	else
		wlist_draw(&s->list, lr, draw_row, s);
	mgr_wrap(area.y + area.h - 2, area.x, area.w, 2, tui_attr(TR_DIM),
		 s->personal ? tr("Personal data: use it only to serve the customer; exports "
				  "with it (F6) are logged.")
			     : tr("Names and phones are hidden for your role."));
	tui_cursor(t, -1, -1);
}

/* ---- one customer's purchases ------------------------------------------------------ */

static void show_history(struct tui *t, struct custscr *s)
{
	struct customer_sale *h = NULL;
	struct customer c;
	struct pos_error err;
	char text[1600];
	size_t n = 0, i, len;

	if (s->list.sel < 0 || s->list.sel >= (int)s->n)
		return;
	c = s->c[s->list.sel];
	if (c.masked) {
		tui_msg(t, TUI_MSG_WARN, "%s", tr("purchases are personal data: a manager's view"));
		return;
	}
	if (customer_history(t->db, &t->user, &c, &h, &n, &err)) {
		tui_error(t, &err);
		return;
	}
	len = (size_t)snprintf(text, sizeof(text), tr("%s · %s · %s\n%lld points. Purchases:\n"),
			       c.name, c.phone, c.tax_code[0] ? c.tax_code : "—",
			       (long long)c.points);
	for (i = 0; i < n && i < 10 && len < sizeof(text); i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%s  %s  %s  %s\n",
					mgr_date(h[i].business_date), h[i].receipt_no,
					strcmp(h[i].kind, "sale") == 0 ? "" : tr(h[i].kind),
					tui_money(h[i].total));
	if (n == 0 && len < sizeof(text))
		snprintf(text + len, sizeof(text) - len, "%s", tr("none yet"));
	else if (n > 10 && len < sizeof(text))
		snprintf(text + len, sizeof(text) - len, tr("... and %zu more"), n - 10);
	free(h);
	dialog_message(t, TUI_MSG_INFO, c.code, text);
}

/* ---- search and add -------------------------------------------------------------------- */

static int search_done(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct custscr *s = ctx;

	if (!ok)
		return 0;
	mgr_copy(s->query, sizeof(s->query), form->f[0].buf);
	load(t, s);
	return 0;
}

static int add_done(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct custscr *s = ctx;
	struct pos_error err;
	struct customer in, out;

	if (!ok)
		return 0;
	memset(&in, 0, sizeof(in));
	vn_copy(in.phone, sizeof(in.phone), form->f[0].buf);
	vn_copy(in.name, sizeof(in.name), form->f[1].buf);
	vn_copy(in.tax_code, sizeof(in.tax_code), form->f[2].buf);
	vn_copy(in.email, sizeof(in.email), form->f[3].buf);
	vn_copy(in.address, sizeof(in.address), form->f[4].buf);
	if (customer_add(t->db, &t->user, &in, &out, &err)) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	load(t, s);
	tui_msg(t, TUI_MSG_OK, tr("customer %s added"), out.code);
	return 0;
}

static void open_add(struct tui *t, struct custscr *s)
{
	struct wform *f = dialog_form(t, tr("New customer"),
				      tr("Name and phone are needed; the tax code (MST, or the "
					 "12-digit CCCD) only for invoices in their name."),
				      add_done, s);

	wform_add(f, N_("Phone"), WF_DIGITS, "")->maxlen = CUSTOMER_PHONE_MAX - 1;
	wform_add(f, N_("Name"), WF_TEXT, "")->maxlen = 120;
	wform_add(f, N_("Tax code / CCCD"), WF_TEXT, "")->maxlen = 14;
	wform_add(f, N_("E-mail"), WF_TEXT, "")->maxlen = 120;
	wform_add(f, N_("Address"), WF_TEXT, "")->maxlen = 200;
}

/* ---- export ------------------------------------------------------------------------------ */

static void export_csv(struct tui *t, struct custscr *s, int personal)
{
	struct customer *c = NULL;
	struct pos_error err;
	char dir[1024], path[1200], day[11];
	size_t n = 0;
	FILE *f;

	if (customer_list(t->db, &t->user, s->query, personal, &c, &n, &err)) {
		tui_error(t, &err);
		return;
	}
	mgr_today(day);
	snprintf(path, sizeof(path), "%s/customers-%s%s.csv", mgr_dir(t, dir, sizeof(dir)), day,
		 personal ? "-personal" : "");
	f = fopen(path, "w");
	if (!f) {
		free(c);
		tui_msg(t, TUI_MSG_ERROR, tr("cannot write %s"), path);
		return;
	}
	app_customer_table(c, n, APP_CSV, f);
	free(c);
	if (personal && customer_note_export(t->db, &t->user, n, &err))
		tui_error(t, &err);
	if (fclose(f) != 0) {
		tui_msg(t, TUI_MSG_ERROR, tr("cannot write %s"), path);
		return;
	}
	tui_msg(t, TUI_MSG_OK, tr("%zu customers exported to %s"), n, path);
}

static int personal_confirmed(struct tui *t, void *ctx, int ok, struct wform *form)
{
	(void)form;
	if (ok)
		export_csv(t, ctx, 1);
	return 0;
}

/* ---- keys ---------------------------------------------------------------------------------- */

enum { A_SEARCH = TUI_ACT(1), A_HISTORY, A_ADD, A_EXPORT, A_EXPORT_PERSONAL, A_BACK };

static int cust_key(struct tui *t, void *st, int key)
{
	struct custscr *s = st;
	struct wform *f;

	switch (key) {
	case A_BACK:
		tui_pop(t);
		return TUI_REPAINT_ALL;
	case A_SEARCH:
		f = dialog_form(t, tr("Find customers"),
				tr("Part of a name (accents optional), a phone or a tax code; empty: "
				   "everybody."), search_done, s);
		wform_add(f, N_("Search"), WF_TEXT, s->query)->maxlen = 100;
		return TUI_REPAINT_ALL;
	case A_HISTORY:
		show_history(t, s);
		return TUI_REPAINT_ALL;
	case A_ADD:
		open_add(t, s);
		return TUI_REPAINT_ALL;
	case A_EXPORT:
		export_csv(t, s, 0);
		return TUI_REPAINT_ALL;
	case A_EXPORT_PERSONAL:
		dialog_confirm(t, tr("Export personal data"),
			       tr("Write names, phones, tax codes, e-mails of these customers to a "
				  "CSV file? Keep it safe and delete it when done."),
			       personal_confirmed, s);
		return TUI_REPAINT_ALL;
	}
	if (wlist_key(&s->list, key, 10))
		return TUI_REPAINT_BODY;
	return TUI_PASS;
}

static int can_personal(struct tui *t, void *st)
{
	(void)st;
	return user_can(&t->user, PERM_CUSTOMER_DATA);
}

static void cust_close(struct tui *t, void *st)
{
	struct custscr *s = st;

	(void)t;
	free(s->c);
	free(s);
}

static const struct tui_binding cust_bind[] = {
	{ { '/', TK_CTRL('F') }, "/", "^F", N_("Search"), N_("find by name, phone or tax code"),
	  A_SEARCH, NULL },
	{ { TK_ENTER }, "Enter", NULL, N_("Their purchases"), N_("the selected customer's purchases"),
	  A_HISTORY, can_personal },
	{ { TK_F(2), TK_CTRL('N') }, "F2", "^N", N_("Add"), NULL, A_ADD, can_personal },
	{ { TK_F(5) }, "F5", NULL, N_("Export"), N_("CSV without personal data"), A_EXPORT, NULL },
	{ { TK_F(6) }, "F6", NULL, N_("Export with data"),
	  N_("CSV with names, phones, tax codes, e-mails"), A_EXPORT_PERSONAL, can_personal },
	{ { TK_ESC }, "Esc", NULL, N_("Back"), NULL, A_BACK, NULL },
	TUI_BIND_END
};

static const struct tui_screen screen_customers = {
	"customers", 0, cust_draw, cust_key, NULL, cust_close, cust_bind,
};

void screen_customers_open(struct tui *t)
{
	struct custscr *s = xcalloc(1, sizeof(*s));

	s->list.sel = -1;
	s->personal = user_can(&t->user, PERM_CUSTOMER_DATA);
	load(t, s);
	tui_push(t, &screen_customers, s);
}
