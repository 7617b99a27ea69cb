/*
 * screen_audit.c - the audit log (issue 14 item 23; the docs promise the
 * auditor this screen): voids, returns, discounts, approvals, the drawer,
 * stock, users, settings and exports, newest first, for a period (the
 * last 7 days at first) and optionally one kind of action or a word in
 * the detail.  Read-only; times in Vietnam time.
 */
#include "ui/mgr_more.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "core/audit.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "ui/manager.h"
#include "ui/widget.h"

struct auditscr {
	struct audit_entry *all;      /* the period, oldest first */
	size_t nall;
	size_t *idx;                  /* the entries shown, newest first */
	size_t n;
	struct wlist list;
	char from[11], to[11];
	char word[64];
};

static void apply_filter(struct auditscr *a)
{
	size_t i;

	free(a->idx);
	a->idx = xcalloc(a->nall ? a->nall : 1, sizeof(*a->idx));
	a->n = 0;
	for (i = a->nall; i-- > 0;) {
		const struct audit_entry *e = &a->all[i];

		char detail[sizeof(e->detail) * 2];

		/* the word as stored or as shown (the reader's language) */
		if (a->word[0] && !strstr(e->action, a->word) && !strstr(e->detail, a->word) &&
		    !strstr(audit_action_text(e->action), a->word) &&
		    !strstr(audit_detail_text(e->action, e->detail, detail, sizeof(detail)),
			    a->word) &&
		    !strstr(e->doc, a->word) && strcmp(e->user, a->word) != 0)
			continue;
		a->idx[a->n++] = i;
	}
	wlist_set_count(&a->list, (int)a->n);
	a->list.sel = a->n ? 0 : -1;
	a->list.top = 0;
}

static void load(struct tui *t, struct auditscr *a)
{
	struct pos_error err;

	free(a->all);
	a->all = NULL;
	a->nall = 0;
	if (audit_list(t->db, a->from, a->to, &a->all, &a->nall, &err))
		tui_error(t, &err);
	apply_filter(a);
}

static void draw_row(void *ctx, int i, int y, int x, int w, int selected)
{
	struct auditscr *a = ctx;
	const struct audit_entry *e = &a->all[a->idx[i]];
	attr_t at = selected ? tui_attr(TR_SEL) : tui_attr(TR_NORMAL);
	char when[17] = "", who[80], detail[sizeof(e->detail) * 2];
	time_t tt;
	int wd = w - 12 - 19 - 19;

	if (clock_parse_utc(e->at, &tt, NULL) == 0)
		clock_format_local(tt, when);
	if (e->approved_by[0])
		snprintf(who, sizeof(who), "%s/%s", e->user, e->approved_by);
	else
		snprintf(who, sizeof(who), "%s", e->user);
	tui_fill(y, x, 1, w, at);
	tui_text(y, x, 11, TA_LEFT, at, when + 5);
	tui_text(y, x + 12, 18, TA_LEFT, at, audit_action_text(e->action));
	tui_text(y, x + 31, 18, TA_LEFT, at, who);
	if (wd > 0)
		tui_textf(y, x + w - wd, wd, TA_LEFT, at, "%s%s%s", e->doc, e->doc[0] ? " " : "",
			  audit_detail_text(e->action, e->detail, detail, sizeof(detail)));
}

static void audit_draw(struct tui *t, void *st, struct tui_rect area)
{
	struct auditscr *a = st;
	attr_t h = tui_attr(TR_HEADER);
	struct tui_rect lr = { area.y + 2, area.x, area.h - 4, area.w };
	int wd = area.w - 12 - 19 - 19;
	const struct audit_entry *e;

	tui_fill(area.y, area.x, area.h, area.w, tui_attr(TR_NORMAL));
	tui_textf(area.y, area.x, area.w, TA_LEFT, tui_attr(TR_TITLE),
		  tr("Audit log %s – %s (%zu)%s%s"), mgr_date(a->from), mgr_date(a->to), a->n,
		  a->word[0] ? " · " : "", a->word);
	tui_fill(area.y + 1, area.x, 1, area.w, h);
	tui_text(area.y + 1, area.x, 11, TA_LEFT, h, tr("Time"));
	tui_text(area.y + 1, area.x + 12, 18, TA_LEFT, h, tr("Action"));
	tui_text(area.y + 1, area.x + 31, 18, TA_LEFT, h, tr("User"));
	if (wd > 0)
		tui_text(area.y + 1, area.x + area.w - wd, wd, TA_LEFT, h, tr("Detail"));
	if (a->n == 0)
		tui_text(lr.y + 1, area.x, area.w, TA_CENTER, tui_attr(TR_DIM),
			 tr("nothing in this period: / for another"));
	else
		wlist_draw(&a->list, lr, draw_row, a);
	/* the selected entry's detail in full (it is cut in the list) */
	if (a->list.sel >= 0 && a->list.sel < (int)a->n) {
		char detail[sizeof(e->detail) * 2];

		e = &a->all[a->idx[a->list.sel]];
		mgr_wrap(area.y + area.h - 2, area.x, area.w, 2, tui_attr(TR_DIM),
			 audit_detail_text(e->action, e->detail, detail, sizeof(detail)));
	}
	tui_cursor(t, -1, -1);
}

static int search_done(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct auditscr *a = ctx;
	struct pos_error err;
	char from[11], to[11];

	if (!ok)
		return 0;
	if (mgr_date_parse(form->f[0].buf, from, &err) || mgr_date_parse(form->f[1].buf, to, &err)) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	if (strcmp(from, to) > 0) {
		dialog_error(t, tr("the first day comes after the last one"));
		return 1;
	}
	memcpy(a->from, from, sizeof(from));
	memcpy(a->to, to, sizeof(to));
	mgr_copy(a->word, sizeof(a->word), form->f[2].buf);
	load(t, a);
	return 0;
}

enum { A_SEARCH = TUI_ACT(1), A_BACK };

static int audit_key(struct tui *t, void *st, int key)
{
	struct auditscr *a = st;
	struct wform *f;

	switch (key) {
	case A_BACK:
		tui_pop(t);
		return TUI_REPAINT_ALL;
	case A_SEARCH:
		f = dialog_form(t, tr("Audit log"),
				tr("The period, and a word to look for (an action such as void, "
				   "discount, drawer; a user; a document number)."), search_done, a);
		wform_add(f, N_("From"), WF_TEXT, mgr_date(a->from))->maxlen = 10;
		wform_add(f, N_("To"), WF_TEXT, mgr_date(a->to))->maxlen = 10;
		wform_add(f, N_("Word"), WF_TEXT, a->word)->maxlen = 60;
		return TUI_REPAINT_ALL;
	}
	if (wlist_key(&a->list, key, 10))
		return TUI_REPAINT_BODY;
	return TUI_PASS;
}

static void audit_close(struct tui *t, void *st)
{
	struct auditscr *a = st;

	(void)t;
	free(a->all);
	free(a->idx);
	free(a);
}

static const struct tui_binding audit_bind[] = {
	{ { '/', TK_F(2), TK_CTRL('F') }, "/", "F2", N_("Period / search"), NULL, A_SEARCH, NULL },
	{ { 0 }, "↑ ↓ PgUp PgDn", NULL, NULL, N_("choose an entry: its detail shows in full"), 0,
	  NULL },
	{ { TK_ESC }, "Esc", NULL, N_("Back"), NULL, A_BACK, NULL },
	TUI_BIND_END
};

static const struct tui_screen screen_audit = {
	"audit", 0, audit_draw, audit_key, NULL, audit_close, audit_bind,
};

void screen_audit_open(struct tui *t)
{
	struct auditscr *a = xcalloc(1, sizeof(*a));
	struct pos_error err;

	mgr_today(a->to);
	if (clock_date_add_days(a->to, -6, a->from, &err))
		memcpy(a->from, a->to, sizeof(a->from));
	a->list.sel = -1;
	load(t, a);
	tui_push(t, &screen_audit, a);
}
