/*
 * screen_consign.c - consignment statements for the manager (issue 14
 * item 23; until now `ocop-pos report consignment --statement` and
 * `report consignment-paid`): the statements, newest first; F2 makes one
 * for a producer and a period, F4 prints the selected one, F5 marks it
 * paid with the transfer's reference.  Core (report.h) checks the
 * permission (PERM_STOCK), refuses overlapping periods and audits.
 */
#include "ui/mgr_more.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/i18n.h"
#include "core/report.h"
#include "ui/manager.h"
#include "ui/widget.h"

struct consign {
	struct report_statement *s;
	size_t n;
	struct wlist list;
	long long target;
};

static void load(struct tui *t, struct consign *c)
{
	struct pos_error err;

	free(c->s);
	c->s = NULL;
	c->n = 0;
	if (report_statement_list(t->db, NULL, NULL, NULL, &c->s, &c->n, &err))
		tui_error(t, &err);
	wlist_set_count(&c->list, (int)c->n);
	if (c->n && c->list.sel < 0)
		wlist_select(&c->list, 0);
}

static void draw_row(void *ctx, int i, int y, int x, int w, int selected)
{
	struct consign *c = ctx;
	const struct report_statement *s = &c->s[i];
	attr_t a = selected ? tui_attr(TR_SEL) : s->paid ? tui_attr(TR_DIM) : tui_attr(TR_NORMAL);
	char no[24];
	int wp = w - 7 - 24 - 13 - 12;

	snprintf(no, sizeof(no), "CS-%lld", s->id);
	tui_fill(y, x, 1, w, a);
	tui_text(y, x, 6, TA_LEFT, a, no);
	tui_text(y, x + 7, wp - 1, TA_LEFT, a, s->producer_name);
	tui_textf(y, x + 7 + wp, 23, TA_LEFT, a, "%s–%s", mgr_date(s->from), mgr_date(s->to));
	tui_text(y, x + 7 + wp + 24, 12, TA_RIGHT, a, tui_money(s->payable));
	tui_text(y, x + w - 11, 11, TA_RIGHT, a, s->paid ? tr("paid") : tr("to pay"));
}

static void consign_draw(struct tui *t, void *st, struct tui_rect area)
{
	struct consign *c = st;
	attr_t h = tui_attr(TR_HEADER);
	struct tui_rect lr = { area.y + 2, area.x, area.h - 4, area.w };
	int wp = area.w - 7 - 24 - 13 - 12;

	tui_fill(area.y, area.x, area.h, area.w, tui_attr(TR_NORMAL));
	tui_textf(area.y, area.x, area.w, TA_LEFT, tui_attr(TR_TITLE),
		  tr("Consignment statements (%zu)"), c->n);
	tui_fill(area.y + 1, area.x, 1, area.w, h);
	tui_text(area.y + 1, area.x, 6, TA_LEFT, h, tr("No."));
	tui_text(area.y + 1, area.x + 7, wp - 1, TA_LEFT, h, tr("Producer"));
	tui_text(area.y + 1, area.x + 7 + wp, 23, TA_LEFT, h, tr("Period"));
	tui_text(area.y + 1, area.x + 7 + wp + 24, 12, TA_RIGHT, h, tr("Payable"));
	if (c->n == 0)
		tui_text(lr.y + 1, area.x, area.w, TA_CENTER, tui_attr(TR_DIM),
			 tr("no statements yet: F2 makes one"));
	else
		wlist_draw(&c->list, lr, draw_row, c);
	mgr_wrap(area.y + area.h - 2, area.x, area.w, 2, tui_attr(TR_DIM),
		 tr("What the shop owes each consigning producer for what was sold, after its "
		    "commission."));
	tui_cursor(t, -1, -1);
}

static int create_done(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct consign *c = ctx;
	struct report_statement s;
	struct pos_error err;
	char code[33], from[11], to[11];

	if (!ok)
		return 0;
	if (mgr_producer_field(t, form, 0, code))
		return 1;
	if (!code[0]) {
		dialog_error(t, tr("which producer?"));
		form->cur = 0;
		return 1;
	}
	if (mgr_date_parse(form->f[1].buf, from, &err) || mgr_date_parse(form->f[2].buf, to, &err)) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	memset(&s, 0, sizeof(s));
	if (report_statement_create(t->db, &t->user, code, from, to, &s, &err)) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	tui_msg(t, TUI_MSG_OK, tr("statement CS-%lld made: %s to pay %s"), s.id, s.producer_name,
		tui_money(s.payable));
	report_statement_release(&s);
	c->list.sel = -1;
	load(t, c);
	return 0;
}

static void open_create(struct tui *t, struct consign *c)
{
	char first[11], today[11];
	struct wform *f;

	mgr_today(today);
	memcpy(first, today, 8);
	memcpy(first + 8, "01", 3);
	f = dialog_form(t, tr("New consignment statement"),
			tr("The producer (code or part of the name) and the period, e.g. a "
			   "month."), create_done, c);
	wform_add(f, N_("Producer"), WF_TEXT, "")->maxlen = 60;
	wform_add(f, N_("From"), WF_TEXT, mgr_date(first))->maxlen = 10;
	wform_add(f, N_("To"), WF_TEXT, mgr_date(today))->maxlen = 10;
}

static int paid_done(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct consign *c = ctx;
	struct pos_error err;

	if (!ok)
		return 0;
	if (report_statement_paid(t->db, &t->user, c->target, form->f[0].buf, &err)) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	tui_msg(t, TUI_MSG_OK, tr("CS-%lld marked paid"), c->target);
	load(t, c);
	return 0;
}

enum { A_CREATE = TUI_ACT(1), A_PRINT, A_PAID, A_BACK };

static int consign_key(struct tui *t, void *st, int key)
{
	struct consign *c = st;
	const struct report_statement *s =
		c->list.sel >= 0 && c->list.sel < (int)c->n ? &c->s[c->list.sel] : NULL;
	struct pos_error err;
	struct wform *f;
	char no[24], text[200];

	switch (key) {
	case A_BACK:
		tui_pop(t);
		return TUI_REPAINT_ALL;
	case A_CREATE:
		open_create(t, c);
		return TUI_REPAINT_ALL;
	case A_PRINT:
	case A_PAID:
		if (!s) {
			tui_msg(t, TUI_MSG_WARN, "%s", tr("choose a statement first"));
			return TUI_REPAINT_ALL;
		}
		snprintf(no, sizeof(no), "CS-%lld", s->id);
		if (key == A_PRINT) {
			tui_flush(t);
			if (tui_print_receipt(t, no, &err))
				tui_error(t, &err);
			else
				tui_msg(t, TUI_MSG_OK, tr("%s printed"), no);
			return TUI_REPAINT_ALL;
		}
		if (s->paid) {
			tui_msg(t, TUI_MSG_WARN, tr("%s was paid on %s (%s)"), no,
				mgr_date(s->paid_at), s->paid_reference);
			return TUI_REPAINT_ALL;
		}
		c->target = s->id;
		snprintf(text, sizeof(text), tr("%s: %s paid to %s. The bank transfer's reference "
						"(or the cash receipt's):"), no,
			 tui_money(s->payable), s->producer_name);
		f = dialog_form(t, tr("Mark paid"), text, paid_done, c);
		wform_add(f, N_("Reference"), WF_TEXT, "")->maxlen = 100;
		return TUI_REPAINT_ALL;
	}
	if (wlist_key(&c->list, key, 10))
		return TUI_REPAINT_BODY;
	return TUI_PASS;
}

static void consign_close(struct tui *t, void *st)
{
	struct consign *c = st;

	(void)t;
	free(c->s);
	free(c);
}

static const struct tui_binding consign_bind[] = {
	{ { TK_F(2), TK_CTRL('N') }, "F2", "^N", N_("New"), N_("a statement for a producer"),
	  A_CREATE, NULL },
	{ { TK_F(4), TK_CTRL('P') }, "F4", "^P", N_("Print"), NULL, A_PRINT, NULL },
	{ { TK_F(5), TK_CTRL('T') }, "F5", "^T", N_("Mark paid"), NULL, A_PAID, NULL },
	{ { TK_ESC }, "Esc", NULL, N_("Back"), NULL, A_BACK, NULL },
	TUI_BIND_END
};

static const struct tui_screen screen_consign = {
	"consign", 0, consign_draw, consign_key, NULL, consign_close, consign_bind,
};

void screen_consign_open(struct tui *t)
{
	struct consign *c = xcalloc(1, sizeof(*c));

	c->list.sel = -1;
	load(t, c);
	tui_push(t, &screen_consign, c);
}
