/*
 * screen_login.c - who is at the till: user name and PIN (masked), a
 * language switch, and the lockout sentence from core after too many
 * wrong PINs.  On success the till opens (the open cart of a crash comes
 * back there) and, when the register has no open shift, the cashier is
 * offered to open one with a float.
 *
 * Login keystrokes are never scans: a user name or a PIN typed so fast
 * that it looked like a scanner's burst is taken as the name or the PIN
 * (login_event).  A product's barcode scanned here waits (tui.c) for the
 * till of the login that follows; a logout drops what is still waiting.  An auditor, who sells nothing, gets the
 * reports as the only screen.
 */
#include "lib/utf8.h"
#include "ui/tui.h"

#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/barcode.h"
#include "core/i18n.h"
#include "core/user.h"
#include "ui/manager.h"
#include "ui/widget.h"

struct login {
	struct wform form;
	char error[POS_ERRMSG_MAX];
	char users[256];
};

static void load_users(struct tui *t, struct login *l)
{
	struct user *u = NULL;
	struct pos_error err;
	size_t n = 0, i;

	l->users[0] = '\0';
	if (user_list(t->db, &u, &n, &err))
		return;
	for (i = 0; i < n; i++) {
		if (!u[i].active || u[i].role == ROLE_AUDITOR)
			continue;
		if (l->users[0])
			utf8_append(l->users, sizeof(l->users), ", ");
		utf8_append(l->users, sizeof(l->users), u[i].name);
	}
	free(u);
}

static void login_draw(struct tui *t, void *st, struct tui_rect area)
{
	struct login *l = st;
	struct tui_rect r, in, fr;
	int h = 14;

	r = tui_center(area, h, area.w < 70 ? area.w : 70);
	in = tui_box(r, tui_attr(TR_NORMAL), tr("Log in"));
	tui_text(in.y, in.x, in.w, TA_CENTER, tui_attr(TR_TITLE), t->showroom.name);
	tui_textf(in.y + 1, in.x, in.w, TA_CENTER, tui_attr(TR_DIM), "%s %s", tr("Till"),
		  t->register_code);
	fr.y = in.y + 3;
	fr.x = in.x + 4;
	fr.h = 2;
	fr.w = in.w - 8;
	l->form.label_w = 16;
	l->form.bg = tui_attr(TR_NORMAL);
	wform_draw(t, &l->form, fr);
	if (l->error[0])
		tui_text(in.y + 6, in.x, in.w, TA_CENTER, tui_attr(TR_ERROR), l->error);
	if (l->users[0])
		tui_textf(in.y + 8, in.x, in.w, TA_LEFT, tui_attr(TR_DIM), "%s: %s", tr("Users"),
			  l->users);
	tui_wrap(in.y + 10, in.x, in.w, 2, tui_attr(TR_DIM),
		 tr("Enter: next / log in   F2 or Ctrl-E: English / Tiếng Việt   Esc: quit"), 1);
}

static int quit_cb(struct tui *t, void *ctx, int ok, struct wform *f)
{
	(void)ctx;
	(void)f;
	if (ok)
		t->quit = 1;
	return 0;
}

static int try_login(struct tui *t, struct login *l)
{
	struct pos_error err;
	struct user u;
	char name[USER_NAME_MAX + 32];
	int r;

	snprintf(name, sizeof(name), "%.*s", USER_NAME_MAX - 1, l->form.f[0].buf);
	if (!name[0]) {
		snprintf(l->error, sizeof(l->error), "%s", tr("type your user name"));
		l->form.cur = 0;
		return TUI_REPAINT_ALL;
	}
	if (!l->form.f[1].buf[0]) {
		snprintf(l->error, sizeof(l->error), "%s", tr("type your PIN"));
		l->form.cur = 1;
		return TUI_REPAINT_ALL;
	}
	r = user_auth(t->db, name, l->form.f[1].buf, &u, &err);
	explicit_bzero(l->form.f[1].buf, sizeof(l->form.f[1].buf));
	if (r) {
		snprintf(l->error, sizeof(l->error), "%s", pos_error_text(&err));
		tui_beep(t);
		l->form.cur = 1;
		return TUI_REPAINT_ALL;
	}
	if (u.role == ROLE_AUDITOR || !user_can(&u, PERM_SELL)) {
		if (!user_can(&u, PERM_REPORTS)) {
			snprintf(l->error, sizeof(l->error),
				 tr("%s may not sell at the till: log in as a cashier or a manager"),
				 u.name);
			return TUI_REPAINT_ALL;
		}
		/* An auditor reads the reports and nothing else: they are the
		 * only screen, and Esc there logs out. */
		t->user = u;
		t->logged_in = 1;
		t->msg[0] = '\0';
		tui_refresh_shift(t);
		tui_pop(t);               /* frees l */
		screen_reports_open(t);
		return TUI_REPAINT_ALL;
	}
	t->user = u;
	t->logged_in = 1;
	t->msg[0] = '\0';
	tui_refresh_shift(t);
	tui_pop(t);                       /* frees l */
	screen_sale_open(t);
	if (!t->has_shift)
		screen_shift_open_float(t);
	return TUI_REPAINT_ALL;
}

enum { A_LANG = TUI_ACT(1), A_QUIT };

static int login_key(struct tui *t, void *st, int key)
{
	struct login *l = st;
	struct pos_error err;
	int r;

	if (key == A_LANG) {
		i18n_set_lang(i18n_lang() == I18N_VI ? "en" : "vi", &err);
		return TUI_REPAINT_ALL;
	}
	if (key == A_QUIT) {
		dialog_confirm(t, tr("Quit"), tr("Close the point of sale?"), quit_cb, NULL);
		return TUI_REPAINT_ALL;
	}
	if (key == TK_ENTER && l->form.cur == 1)
		return try_login(t, l);
	r = wform_key(&l->form, key);
	if (r == WFORM_SUBMIT)
		return try_login(t, l);
	if (r == WFORM_CHANGED) {
		l->error[0] = '\0';
		return TUI_REPAINT_BODY;
	}
	return TUI_PASS;
}

/*
 * A "scan" while the PIN field has the focus: when the till was busy for
 * a moment (a slow disk, a loaded machine), a PIN typed and its Enter are
 * read in one go and look like a scanner's burst.  Digits that can be a
 * PIN (4-12) and are no product code (GTIN check digit) are the PIN: they
 * are never shown or kept for the cart.  Anything else waits for the till.
 */
static int login_event(struct tui *t, void *st, const struct tui_event *ev)
{
	struct login *l = st;
	char norm[BARCODE_NORM_MAX];
	struct pos_error err;
	size_t n;

	if (ev->kind != TUI_EV_SCAN)
		return TUI_PASS;
	if (l->form.cur == 0) {
		/* A name typed fast with its Enter is the name, not a scan: only
		 * digits (a product's barcode) wait for the till. */
		n = strlen(ev->scan.code);
		if (strspn(ev->scan.code, "0123456789") == n || n >= USER_NAME_MAX)
			return TUI_PASS;
		snprintf(l->form.f[0].buf, sizeof(l->form.f[0].buf), "%s", ev->scan.code);
		l->form.cur = 1;
		l->error[0] = '\0';
		return TUI_REPAINT_ALL;
	}
	if (l->form.cur != 1)
		return TUI_PASS;
	n = strlen(ev->scan.code);
	if (n < 4 || n > 12 || strspn(ev->scan.code, "0123456789") != n ||
	    barcode_validate(ev->scan.code, norm, sizeof(norm), NULL, &err) == 0)
		return TUI_PASS;
	snprintf(l->form.f[1].buf, sizeof(l->form.f[1].buf), "%s", ev->scan.code);
	return try_login(t, l);
}

static void login_close(struct tui *t, void *st)
{
	(void)t;
	explicit_bzero(st, sizeof(struct login));
	free(st);
}

static const struct tui_binding login_bind[] = {
	{ { 0 }, "Enter", NULL, N_("Log in"), N_("next field; on the PIN: log in"), 0, NULL },
	{ { TK_F(2), TK_CTRL('E') }, "F2", "^E", N_("English / Tiếng Việt"), NULL, A_LANG, NULL },
	{ { TK_ESC, TK_CTRL('C') }, "Esc", NULL, N_("Quit"), NULL, A_QUIT, NULL },
	TUI_BIND_END
};

static const struct tui_screen screen_login = {
	"login", 0, login_draw, login_key, login_event, login_close, login_bind,
};

void screen_login_open(struct tui *t)
{
	struct login *l = xcalloc(1, sizeof(*l));
	struct wfield *f;

	wform_init(&l->form);
	f = wform_add(&l->form, "User", WF_TEXT, NULL);
	f->maxlen = USER_NAME_MAX - 1;
	f = wform_add(&l->form, "PIN", WF_PIN, NULL);
	f->maxlen = 12;
	load_users(t, l);
	tui_push(t, &screen_login, l);
}
