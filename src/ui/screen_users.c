/*
 * screen_users.c - the people who use the till: list, add one with a role
 * and a PIN, reset a forgotten PIN, disable someone who left (and enable
 * them again).  Everything goes through user.h, which needs PERM_USERS,
 * hashes PINs and audits the change; PINs are typed twice in masked
 * fields and wiped from memory when the dialog closes.
 */
#include "ui/manager.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/field.h"
#include "core/i18n.h"
#include "ui/widget.h"

struct users {
	struct user *u;
	size_t n;
	struct wlist list;
	char target[USER_NAME_MAX];   /* the user a PIN reset or disable is for */
};

static void load(struct tui *t, struct users *s)
{
	struct pos_error err;

	free(s->u);
	s->u = NULL;
	s->n = 0;
	if (user_list(t->db, &s->u, &s->n, &err))
		tui_error(t, &err);
	wlist_set_count(&s->list, (int)s->n);
}

static void draw_user(void *ctx, int i, int y, int x, int w, int selected)
{
	struct users *s = ctx;
	const struct user *u = &s->u[i];
	attr_t a = selected ? tui_attr(TR_SEL) : u->active ? tui_attr(TR_NORMAL) : tui_attr(TR_DIM);
	int wf = w - 14 - 14 - 12;

	tui_fill(y, x, 1, w, a);
	tui_text(y, x, 13, TA_LEFT, a, u->name);
	tui_text(y, x + 14, wf, TA_LEFT, a, u->full_name);
	tui_text(y, x + 14 + wf + 1, 13, TA_LEFT, a, tr(user_role_name(u->role)));
	tui_text(y, x + w - 11, 11, TA_LEFT, a, u->active ? tr("active") : tr("disabled"));
}

static void users_draw(struct tui *t, void *st, struct tui_rect area)
{
	struct users *s = st;
	attr_t h = tui_attr(TR_HEADER);
	struct tui_rect lr = { area.y + 2, area.x, area.h - 5, area.w };
	int wf = area.w - 1 - 14 - 14 - 12;

	tui_fill(area.y, area.x, area.h, area.w, tui_attr(TR_NORMAL));
	tui_textf(area.y, area.x, area.w, TA_LEFT, tui_attr(TR_TITLE), tr("Users (%zu)"), s->n);
	tui_fill(area.y + 1, area.x, 1, area.w, h);
	tui_text(area.y + 1, area.x, 13, TA_LEFT, h, tr("User"));
	tui_text(area.y + 1, area.x + 14, wf, TA_LEFT, h, tr("Full name"));
	tui_text(area.y + 1, area.x + 14 + wf + 1, 13, TA_LEFT, h, tr("Role"));
	tui_text(area.y + 1, area.x + area.w - 12, 11, TA_LEFT, h, tr("State"));
	wlist_draw(&s->list, lr, draw_user, s);
	mgr_wrap(area.y + area.h - 2, area.x, area.w, 2, tui_attr(TR_DIM),
		 tr("Cashiers sell; managers also receive stock and see reports; admins change "
		    "settings and users; auditors only read reports."));
	tui_cursor(t, -1, -1);
}

/* ---- add ----------------------------------------------------------------------- */

static int add_done(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct users *s = ctx;
	struct pos_error err;
	struct user nu;
	char name[USER_NAME_MAX], full[128];
	long long role;
	int i;

	if (!ok)
		return 0;
	mgr_copy(name, sizeof(name), form->f[0].buf);
	field_trim(name);
	mgr_copy(full, sizeof(full), form->f[1].buf);
	field_trim(full);
	role = wfield_int(&form->f[2]);
	if (role < 1 || role > 4) {
		dialog_error(t, tr("role: 1 cashier, 2 manager, 3 admin, 4 auditor"));
		form->cur = 2;
		return 1;
	}
	if (strcmp(form->f[3].buf, form->f[4].buf) != 0) {
		dialog_error(t, tr("the two PINs differ: type the same PIN twice"));
		form->f[3].buf[0] = form->f[4].buf[0] = '\0';
		form->cur = 3;
		return 1;
	}
	if (user_add(t->db, &t->user, name, full, (enum user_role)(role - 1), form->f[3].buf, &nu,
		     &err)) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	load(t, s);
	for (i = 0; i < (int)s->n; i++)
		if (strcmp(s->u[i].name, nu.name) == 0)
			wlist_select(&s->list, i);
	tui_msg(t, TUI_MSG_OK, tr("%s added as %s: they log in with the PIN you typed"), nu.name,
		tr(user_role_name(nu.role)));
	return 0;
}

static void open_add(struct tui *t, struct users *s)
{
	struct wform *f = dialog_form(t, tr("Add a user"),
				      tr("User name: letters, digits, . _ - (no spaces). Role: 1 "
					 "cashier, 2 manager, 3 admin, 4 auditor. PIN: 4 to 12 "
					 "digits."), add_done, s);

	wform_add(f, N_("User name"), WF_TEXT, "")->maxlen = USER_NAME_MAX - 1;
	wform_add(f, N_("Full name"), WF_TEXT, "")->maxlen = 100;
	wform_add(f, N_("Role (1-4)"), WF_DIGITS, "1")->maxlen = 1;
	wform_add(f, N_("PIN"), WF_PIN, "")->maxlen = 12;
	wform_add(f, N_("PIN again"), WF_PIN, "")->maxlen = 12;
}

/* ---- reset PIN ------------------------------------------------------------------- */

static int pin_done(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct users *s = ctx;
	struct pos_error err;

	if (!ok)
		return 0;
	if (strcmp(form->f[0].buf, form->f[1].buf) != 0) {
		dialog_error(t, tr("the two PINs differ: type the same PIN twice"));
		form->f[0].buf[0] = form->f[1].buf[0] = '\0';
		form->cur = 0;
		return 1;
	}
	if (user_set_pin(t->db, &t->user, s->target, form->f[0].buf, &err)) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	tui_msg(t, TUI_MSG_OK, tr("new PIN saved for %s"), s->target);
	return 0;
}

static void open_pin(struct tui *t, struct users *s)
{
	struct wform *f;
	char text[200];

	if (s->list.sel < 0)
		return;
	snprintf(s->target, sizeof(s->target), "%s", s->u[s->list.sel].name);
	snprintf(text, sizeof(text), tr("A new PIN for %s (4 to 12 digits), typed twice."),
		 s->target);
	f = dialog_form(t, tr("Reset a PIN"), text, pin_done, s);
	wform_add(f, N_("New PIN"), WF_PIN, "")->maxlen = 12;
	wform_add(f, N_("PIN again"), WF_PIN, "")->maxlen = 12;
}

/* ---- disable / enable ---------------------------------------------------------------- */

static int active_confirmed(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct users *s = ctx;
	struct pos_error err;
	struct user u;
	int to;

	(void)form;
	if (!ok)
		return 0;
	if (user_get(t->db, s->target, &u, &err)) {
		tui_error(t, &err);
		return 0;
	}
	to = !u.active;
	if (user_set_active(t->db, &t->user, s->target, to, &err)) {
		dialog_message(t, TUI_MSG_ERROR, tr("Not changed"), pos_error_text(&err));
		return 0;
	}
	load(t, s);
	tui_msg(t, TUI_MSG_OK, to ? tr("%s can log in again") : tr("%s can no longer log in"),
		s->target);
	return 0;
}

static void open_active(struct tui *t, struct users *s)
{
	const struct user *u;
	char text[300];

	if (s->list.sel < 0)
		return;
	u = &s->u[s->list.sel];
	snprintf(s->target, sizeof(s->target), "%s", u->name);
	if (u->active)
		snprintf(text, sizeof(text), tr("Disable %s (%s)? They can no longer log in; their "
						"sales and history stay."), u->name, u->full_name);
	else
		snprintf(text, sizeof(text), tr("Enable %s (%s) again?"), u->name, u->full_name);
	dialog_confirm(t, u->active ? tr("Disable a user") : tr("Enable a user"), text,
		       active_confirmed, s);
}

/* ---- keys -------------------------------------------------------------------------- */

static int users_key(struct tui *t, void *st, int key)
{
	struct users *s = st;

	switch (key) {
	case TK_ESC:
		tui_pop(t);
		return TUI_REPAINT_ALL;
	case TK_F(2):
		open_add(t, s);
		return TUI_REPAINT_ALL;
	case TK_F(3):
		open_pin(t, s);
		return TUI_REPAINT_ALL;
	case TK_F(4):
		open_active(t, s);
		return TUI_REPAINT_ALL;
	}
	if (wlist_key(&s->list, key, 10))
		return TUI_REPAINT_BODY;
	return TUI_PASS;
}

static void users_close(struct tui *t, void *st)
{
	struct users *s = st;

	(void)t;
	free(s->u);
	free(s);
}

static const struct tui_binding users_bind[] = {
	{ { TK_F(2), TK_CTRL('N') }, "F2", "^N", N_("Add"), NULL, TK_F(2), NULL },
	{ { TK_F(3), TK_CTRL('P') }, "F3", "^P", N_("Reset PIN"), NULL, TK_F(3), NULL },
	{ { TK_F(4), TK_CTRL('X') }, "F4", "^X", N_("Disable / enable"), NULL, TK_F(4), NULL },
	{ { TK_ESC }, "Esc", NULL, N_("Back"), NULL, TK_ESC, NULL },
	TUI_BIND_END
};

static const struct tui_screen screen_users = {
	"users", 0, users_draw, users_key, NULL, users_close, users_bind,
};

void screen_users_open(struct tui *t)
{
	struct users *s = xcalloc(1, sizeof(*s));

	s->list.sel = -1;
	load(t, s);
	tui_push(t, &screen_users, s);
}
