/*
 * screen_einvoice.c - the manager's e-invoice screen: the outbox in three
 * views (waiting = queued or being sent, rejected with the provider's
 * reason, accepted), resend a rejected invoice and send now.
 *
 * Everything goes through core's public calls: einvoice_list,
 * einvoice_counts, einvoice_resend (needs PERM_VOID, audited) and
 * einvoice_send.  "Send now" says so on the message line before it starts
 * (tui_flush) and is bounded: one try per invoice, EINV_NOW_TIMEOUT_MS
 * per request, at most EINV_NOW_LIMIT invoices per key press; what is
 * left stays queued for the next press or the till's background sending
 * (tui_einvoice.c).
 */
#include "ui/manager.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/einvoice.h"
#include "core/einvoice_send.h"
#include "core/i18n.h"
#include "core/vntext.h"
#include "ui/widget.h"

#define EINV_NOW_TIMEOUT_MS 10000L
#define EINV_NOW_LIMIT 20
#define EINV_LIST_MAX 2000

enum { V_WAITING, V_REJECTED, V_ACCEPTED, V_COUNT };

static const char *const view_name[V_COUNT] = {
	N_("Waiting"), N_("Rejected"), N_("Accepted"),
};

enum { A_VIEW = TUI_ACT(1), A_RESEND, A_SEND, A_BACK };

struct einvs {
	struct einv_row *all;
	size_t nall;
	size_t *idx;             /* rows of the current view, newest first */
	int n;
	int view;
	struct einv_counts counts;
	struct wlist list;
	char target[48];         /* the receipt a resend is for */
};

static int in_view(const struct einv_row *r, int view)
{
	switch (view) {
	case V_WAITING:
		return strcmp(r->state, "queued") == 0 || strcmp(r->state, "sending") == 0;
	case V_REJECTED:
		return strcmp(r->state, "rejected") == 0;
	default:
		return strcmp(r->state, "accepted") == 0;
	}
}

static void load(struct tui *t, struct einvs *s)
{
	struct pos_error err;
	size_t i;

	free(s->all);
	free(s->idx);
	s->all = NULL;
	s->idx = NULL;
	s->nall = 0;
	s->n = 0;
	if (einvoice_list(t->db, NULL, EINV_LIST_MAX, &s->all, &s->nall, &err))
		tui_error(t, &err);
	if (einvoice_counts(t->db, &s->counts, &err))
		memset(&s->counts, 0, sizeof(s->counts));
	if (s->nall)
		s->idx = xcalloc(s->nall, sizeof(*s->idx));
	for (i = s->nall; i-- > 0;)
		if (in_view(&s->all[i], s->view))
			s->idx[s->n++] = i;
	wlist_set_count(&s->list, s->n);
	if (s->list.sel < 0 && s->n > 0)
		wlist_select(&s->list, 0);
	tui_einv_refresh(t);
}

static const struct einv_row *selected(const struct einvs *s)
{
	if (s->list.sel < 0 || s->list.sel >= s->n)
		return NULL;
	return &s->all[s->idx[s->list.sel]];
}

static const char *state_text(const char *state)
{
	if (strcmp(state, "queued") == 0)
		return tr("waiting");
	if (strcmp(state, "sending") == 0)
		return tr("sending");
	if (strcmp(state, "rejected") == 0)
		return tr("rejected");
	if (strcmp(state, "accepted") == 0)
		return tr("accepted");
	return state;
}

static void draw_row(void *ctx, int i, int y, int x, int w, int sel)
{
	struct einvs *s = ctx;
	const struct einv_row *r = &s->all[s->idx[i]];
	attr_t a = sel ? tui_attr(TR_SEL) : tui_attr(TR_NORMAL);
	char no[48];
	int wr = w - 22 - 18 - 11 - 14 - 4;

	if (r->number > 0)
		snprintf(no, sizeof(no), "%s %lld", r->series, r->number);
	else
		snprintf(no, sizeof(no), "%s", tr("(cancel notice)"));
	tui_fill(y, x, 1, w, a);
	tui_text(y, x, 21, TA_LEFT, a, r->receipt_no);
	tui_text(y, x + 22, 17, TA_LEFT, a, no);
	tui_text(y, x + 40, 10, TA_LEFT, a, r->date);
	tui_text(y, x + 51, 13, TA_RIGHT, a, tui_money(r->total));
	if (wr > 0)
		tui_text(y, x + 66, wr, TA_LEFT, a,
			 s->view == V_REJECTED ? r->last_error :
			 s->view == V_ACCEPTED ? r->provider_no :
			 r->last_error[0] ? r->last_error : state_text(r->state));
}

static void einv_draw(struct tui *t, void *st, struct tui_rect area)
{
	struct einvs *s = st;
	const struct einv_row *r = selected(s);
	attr_t h = tui_attr(TR_HEADER);
	struct tui_rect lr = { area.y + 3, area.x, area.h - 8, area.w };
	int x = area.x, i;
	char text[700];

	tui_fill(area.y, area.x, area.h, area.w, tui_attr(TR_NORMAL));
	tui_text(area.y, area.x, area.w, TA_LEFT, tui_attr(TR_TITLE), tr("E-invoices"));
	/* the views as tabs with their counts */
	for (i = 0; i < V_COUNT; i++) {
		long long c = i == V_WAITING ? s->counts.waiting :
			      i == V_REJECTED ? s->counts.rejected : s->counts.accepted;
		char tab[80];
		int n;

		snprintf(tab, sizeof(tab), " %s (%lld) ", tr(view_name[i]), c);
		n = vn_width(tab);
		tui_text(area.y + 1, x, n, TA_LEFT,
			     i == s->view ? tui_attr(TR_SEL) :
			     i == V_REJECTED && c > 0 ? tui_attr(TR_ERROR) : tui_attr(TR_NORMAL), tab);
		x += n + 1;
	}
	tui_fill(area.y + 2, area.x, 1, area.w, h);
	tui_text(area.y + 2, area.x, 21, TA_LEFT, h, tr("Receipt"));
	tui_text(area.y + 2, area.x + 22, 17, TA_LEFT, h, tr("Invoice"));
	tui_text(area.y + 2, area.x + 40, 10, TA_LEFT, h, tr("Date"));
	tui_text(area.y + 2, area.x + 51, 13, TA_RIGHT, h, tr("Total"));
	tui_text(area.y + 2, area.x + 66, area.w - 66, TA_LEFT, h,
		 s->view == V_REJECTED ? tr("Reason") :
		 s->view == V_ACCEPTED ? tr("Provider's number") : tr("State"));
	if (s->n == 0)
		tui_text(lr.y + 1, area.x + 2, area.w - 4, TA_LEFT, tui_attr(TR_DIM),
			 tr("no invoices here"));
	else
		wlist_draw(&s->list, lr, draw_row, s);
	/* the selected invoice in full: the reason is not cut */
	if (r) {
		if (strcmp(r->state, "rejected") == 0)
			snprintf(text, sizeof(text), tr("%s: rejected by the provider: %s (tries: %d)"),
				 r->receipt_no, r->last_error, r->attempts);
		else if (strcmp(r->state, "accepted") == 0)
			snprintf(text, sizeof(text), tr("%s: accepted, provider's number %s, code %s"),
				 r->receipt_no, r->provider_no, r->mtt_code);
		else if (r->last_error[0])
			snprintf(text, sizeof(text), tr("%s: waiting (tries: %d, next try %s): %s"),
				 r->receipt_no, r->attempts, r->next_try_at, r->last_error);
		else
			snprintf(text, sizeof(text), tr("%s: waiting to be sent (%s)"), r->receipt_no,
				 r->kind);
		mgr_wrap(area.y + area.h - 4, area.x, area.w, 3,
			 strcmp(r->state, "rejected") == 0 ? tui_attr(TR_ERROR) : tui_attr(TR_NORMAL),
			 text);
	}
	tui_cursor(t, -1, -1);
}

static int resend_confirmed(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct einvs *s = ctx;
	struct pos_error err;

	(void)form;
	if (!ok)
		return 0;
	if (einvoice_resend(t->db, &t->user, s->target, &err)) {
		tui_error(t, &err);
		return 0;
	}
	load(t, s);
	tui_msg(t, TUI_MSG_OK, tr("%s is waiting again: F4 sends it now"), s->target);
	return 0;
}

static void open_resend(struct tui *t, struct einvs *s)
{
	const struct einv_row *r = selected(s);
	char text[500];

	if (!r) {
		tui_beep(t);
		return;
	}
	if (strcmp(r->state, "accepted") == 0) {
		tui_msg(t, TUI_MSG_WARN, tr("%s was accepted: it is never sent twice"), r->receipt_no);
		return;
	}
	snprintf(s->target, sizeof(s->target), "%s", r->receipt_no);
	snprintf(text, sizeof(text), tr("Send the invoice of %s again? Correct what the provider "
					"refused first (%s)."), r->receipt_no,
		 r->last_error[0] ? r->last_error : "-");
	dialog_confirm(t, tr("Resend an e-invoice"), text, resend_confirmed, s);
}

static void send_now(struct tui *t, struct einvs *s)
{
	struct einv_send_opts o;
	struct einv_send_stats st;
	struct pos_error err;

	tui_msg(t, TUI_MSG_INFO, tr("sending e-invoices to the provider (at most %d, %ld s each)..."),
		EINV_NOW_LIMIT, EINV_NOW_TIMEOUT_MS / 1000);
	tui_flush(t);
	memset(&o, 0, sizeof(o));
	o.force = 1;
	o.tries = 1;
	o.timeout_ms = EINV_NOW_TIMEOUT_MS;
	o.limit = EINV_NOW_LIMIT;
	memset(&st, 0, sizeof(st));
	if (einvoice_send(t->db, &o, &st, &err)) {
		tui_error(t, &err);
		load(t, s);
		return;
	}
	load(t, s);
	if (st.retry > 0)
		tui_msg(t, TUI_MSG_WARN, tr("accepted %d, rejected %d; %d still waiting: %s"),
			st.accepted, st.rejected, st.retry, st.last_error);
	else
		tui_msg(t, st.rejected ? TUI_MSG_WARN : TUI_MSG_OK,
			tr("accepted %d, rejected %d; %lld waiting"), st.accepted, st.rejected,
			s->counts.waiting);
}

static int einv_key(struct tui *t, void *st, int key)
{
	struct einvs *s = st;

	switch (key) {
	case A_BACK:
		tui_pop(t);
		return TUI_REPAINT_ALL;
	case A_VIEW:
		s->view = (s->view + 1) % V_COUNT;
		s->list.sel = -1;
		load(t, s);
		return TUI_REPAINT_ALL;
	case A_RESEND:
		open_resend(t, s);
		return TUI_REPAINT_ALL;
	case A_SEND:
		send_now(t, s);
		return TUI_REPAINT_ALL;
	case TK_LEFT:
	case TK_RIGHT:
		s->view = (s->view + (key == TK_LEFT ? V_COUNT - 1 : 1)) % V_COUNT;
		s->list.sel = -1;
		load(t, s);
		return TUI_REPAINT_ALL;
	}
	if (wlist_key(&s->list, key, 10))
		return TUI_REPAINT_BODY;
	return TUI_PASS;
}

static int einv_event(struct tui *t, void *st, const struct tui_event *ev)
{
	struct einvs *s = st;

	if (ev->kind == TUI_EV_RESUME) {
		load(t, s);
		return TUI_REPAINT_ALL;
	}
	return ev->kind == TUI_EV_SCAN ? TUI_PASS : TUI_REPAINT_NONE;
}

static void einv_close(struct tui *t, void *st)
{
	struct einvs *s = st;

	(void)t;
	free(s->all);
	free(s->idx);
	free(s);
}

static int can_resend(struct tui *t, void *st)
{
	(void)st;
	return user_can(&t->user, PERM_VOID);
}

static const struct tui_binding einv_bind[] = {
	{ { TK_F(2), TK_CTRL('F') }, "F2", "^F", N_("View"),
	  N_("next view: waiting, rejected, accepted (also Left/Right)"), A_VIEW, NULL },
	{ { TK_F(3), TK_CTRL('R') }, "F3", "^R", N_("Resend"),
	  N_("put the selected rejected invoice back in the queue"), A_RESEND, can_resend },
	{ { TK_F(4), TK_CTRL('S') }, "F4", "^S", N_("Send now"),
	  N_("send what is waiting to the provider now"), A_SEND, NULL },
	{ { TK_ESC }, "Esc", NULL, N_("Back"), NULL, A_BACK, NULL },
	TUI_BIND_END
};

static const struct tui_screen screen_einvoice = {
	"einvoice", 0, einv_draw, einv_key, einv_event, einv_close, einv_bind,
};

void screen_einvoice_open(struct tui *t)
{
	struct einvs *s = xcalloc(1, sizeof(*s));
	struct einv_settings set;
	struct pos_error err;
	int on = 0;

	if (einvoice_settings_get(t->db, &set, &on, &err) == 0 && !on) {
		free(s);
		tui_msg(t, TUI_MSG_WARN, "%s", tr("e-invoicing is not set up: ocop-pos einvoice setup"));
		return;
	}
	s->list.sel = -1;
	load(t, s);
	tui_push(t, &screen_einvoice, s);
}
