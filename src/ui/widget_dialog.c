/*
 * widget_dialog.c - modal dialogs as overlay screens: a yes/no question,
 * a message to acknowledge, a form.  The caller passes a callback that
 * gets the answer (dialog_cb in widget.h); the dialog closes itself unless
 * the callback asks to keep it open after saying why (dialog_error).
 *
 * Keys in a question: Enter or y/c ("có") is yes, Esc or n/k ("không")
 * is no.  A scan arriving while a dialog is open is not the dialog's: it
 * goes down the stack to the till and lands in the cart.
 */
#include "ui/widget.h"

#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/i18n.h"
#include "core/vntext.h"

enum dlg_kind { DLG_CONFIRM, DLG_MESSAGE, DLG_FORM };

struct dialog {
	enum dlg_kind kind;
	enum tui_msg_level level;
	char title[128];
	char text[1024];
	char error[512];
	int note;                 /* error[] is a note (not a refusal): drawn plain */
	dialog_cb cb;
	void *ctx;
	struct wform form;
	int safe;                 /* a confirm whose Enter is "no": only c/y says yes */
};

enum { A_YES = TUI_ACT(1), A_NO };

static void dlg_draw(struct tui *t, void *st, struct tui_rect area)
{
	struct dialog *d = st;
	attr_t bg = tui_attr(d->level == TUI_MSG_ERROR ? TR_ERROR : TR_DIALOG);
	int w = area.w - 8 < 64 ? area.w - 8 : 64, tl, h, fl = 0, el = 0;
	struct tui_rect r, in;
	const char *hint;

	if (w < 30)
		w = area.w;
	tl = d->text[0] ? tui_wrap(0, 0, w - 4, 12, 0, d->text, 0) : 0;
	if (d->kind == DLG_FORM)
		fl = d->form.n;
	/* Messages and refusals wrap: a sentence is never cut at the box's edge. */
	if (d->error[0])
		el = tui_wrap(0, 0, w - 4, 4, 0, d->error, 0);
	h = 2 + tl + (tl ? 1 : 0) + fl + (fl ? 1 : 0) + (el ? el + 1 : 0) + 1;
	r = tui_center(area, h, w);
	in = tui_box(r, bg, d->title);
	if (tl)
		tui_wrap(in.y, in.x, in.w, 12, bg, d->text, 1);
	if (fl) {
		struct tui_rect fr = { in.y + tl + (tl ? 1 : 0), in.x, fl, in.w };

		d->form.bg = bg;
		wform_draw(t, &d->form, fr);
	}
	if (el)
		tui_wrap(in.y + in.h - 1 - el, in.x, in.w, el,
			 d->note ? bg | A_BOLD : tui_attr(TR_ERROR), d->error, 1);
	switch (d->kind) {
	case DLG_CONFIRM:
		hint = d->safe ? tr("c = yes   Enter or Esc = no") : tr("Enter = yes   Esc = no");
		break;
	case DLG_MESSAGE:
		hint = tr("Enter = OK");
		break;
	default:
		hint = d->form.n > 1 ? tr("Enter = OK   Tab = next field   Esc = cancel")
				     : tr("Enter = OK   Esc = cancel");
		break;
	}
	tui_text(in.y + in.h - 1, in.x, in.w, TA_RIGHT, bg | A_BOLD, hint);
	if (d->kind != DLG_FORM)
		tui_cursor(t, -1, -1);
}

/*
 * Give the answer; close unless the callback keeps the dialog open.  The
 * callback may take the dialog off the stack itself (a logout empties the
 * stack): tui.c frees popped screens only after this key's dispatch, so d
 * is still ours here, and tui_remove_state() does nothing when it is gone.
 */
static int answer(struct tui *t, struct dialog *d, int ok)
{
	int keep = 0;

	d->error[0] = '\0';
	if (d->cb)
		keep = d->cb(t, d->ctx, ok, d->kind == DLG_FORM ? &d->form : NULL);
	if (!keep || !ok)
		tui_remove_state(t, d);
	return TUI_REPAINT_ALL;
}

static int dlg_key(struct tui *t, void *st, int key)
{
	struct dialog *d = st;
	int r;

	if (key == A_YES)
		return answer(t, d, 1);
	if (key == A_NO)
		return answer(t, d, d->kind == DLG_MESSAGE);
	if (d->kind != DLG_FORM)
		return TUI_REPAINT_NONE;
	r = wform_key(&d->form, key);
	if (r == WFORM_SUBMIT)
		return answer(t, d, 1);
	if (r == WFORM_CANCEL)
		return answer(t, d, 0);
	return r == WFORM_CHANGED ? TUI_REPAINT_BODY : TUI_REPAINT_NONE;
}

static void dlg_close(struct tui *t, void *st)
{
	(void)t;
	explicit_bzero(st, sizeof(struct dialog));   /* forms may hold a PIN */
	free(st);
}

static int is_confirm(struct tui *t, void *st)
{
	(void)t;
	return ((struct dialog *)st)->kind == DLG_CONFIRM;
}

static int is_plain_confirm(struct tui *t, void *st)
{
	return is_confirm(t, st) && !((struct dialog *)st)->safe;
}

static int is_safe_confirm(struct tui *t, void *st)
{
	return is_confirm(t, st) && ((struct dialog *)st)->safe;
}

static int is_message(struct tui *t, void *st)
{
	(void)t;
	return ((struct dialog *)st)->kind == DLG_MESSAGE;
}

static int is_form(struct tui *t, void *st)
{
	(void)t;
	return ((struct dialog *)st)->kind == DLG_FORM;
}

static int multi_field(struct tui *t, void *st)
{
	return is_form(t, st) && ((struct dialog *)st)->form.n > 1;
}

static const struct tui_binding dlg_bind[] = {
	{ { TK_ENTER, 'y', 'c' }, "Enter", "c", N_("Yes"), NULL, A_YES, is_plain_confirm },
	{ { TK_ESC, 'n', 'k' }, "Esc", "k", N_("No"), NULL, A_NO, is_plain_confirm },
	/* Leaving work behind: Enter (typed out of habit) is "no". */
	{ { 'c', 'y' }, "c", NULL, N_("Yes"), NULL, A_YES, is_safe_confirm },
	{ { TK_ENTER, TK_ESC, 'n', 'k' }, "Esc", "Enter", N_("No"), NULL, A_NO, is_safe_confirm },
	{ { TK_ENTER, TK_ESC, ' ' }, "Enter", NULL, N_("OK"), NULL, A_YES, is_message },
	{ { 'Y', 'C' }, NULL, NULL, NULL, NULL, A_YES, is_confirm },
	{ { 'N', 'K' }, NULL, NULL, NULL, NULL, A_NO, is_confirm },
	/* A form's Enter and Tab belong to the form (wform_key): shown only. */
	{ { 0 }, "Enter", NULL, N_("OK"), NULL, 0, is_form },
	{ { 0 }, "Tab", NULL, N_("Next field"), NULL, 0, multi_field },
	{ { TK_ESC }, "Esc", NULL, N_("Cancel"), NULL, A_NO, is_form },
	TUI_BIND_END
};

static const struct tui_screen dialog_screen = {
	"dialog", TUI_OVERLAY, dlg_draw, dlg_key, NULL, dlg_close, dlg_bind,
};

static struct dialog *dlg_new(struct tui *t, enum dlg_kind kind, const char *title,
			      const char *text, dialog_cb cb, void *ctx)
{
	struct dialog *d = xcalloc(1, sizeof(*d));

	d->kind = kind;
	d->level = TUI_MSG_INFO;
	snprintf(d->title, sizeof(d->title), "%s", title ? title : "");
	snprintf(d->text, sizeof(d->text), "%s", text ? text : "");
	d->cb = cb;
	d->ctx = ctx;
	wform_init(&d->form);
	tui_push(t, &dialog_screen, d);
	return d;
}

void dialog_confirm(struct tui *t, const char *title, const char *text, dialog_cb cb,
		    void *ctx)
{
	dlg_new(t, DLG_CONFIRM, title, text, cb, ctx);
}

void dialog_confirm_safe(struct tui *t, const char *title, const char *text, dialog_cb cb,
			 void *ctx)
{
	dlg_new(t, DLG_CONFIRM, title, text, cb, ctx)->safe = 1;
}

void dialog_message(struct tui *t, enum tui_msg_level level, const char *title,
		    const char *text)
{
	struct dialog *d = dlg_new(t, DLG_MESSAGE, title, text, NULL, NULL);

	d->level = level;
	if (level == TUI_MSG_ERROR)
		tui_beep(t);
}

struct wform *dialog_form(struct tui *t, const char *title, const char *text, dialog_cb cb,
			  void *ctx)
{
	return &dlg_new(t, DLG_FORM, title, text, cb, ctx)->form;
}

/* The line under the topmost dialog's form: a refusal, or a note. */
static void dialog_say(struct tui *t, const char *text, int note)
{
	int i;

	for (i = t->depth - 1; i >= 0; i--)
		if (t->stack[i].scr == &dialog_screen) {
			struct dialog *d = t->stack[i].st;

			snprintf(d->error, sizeof(d->error), "%s", text);
			d->note = note;
			if (!note)
				tui_beep(t);
			t->dirty |= TUI_REPAINT_ALL;
			return;
		}
	tui_msg(t, note ? TUI_MSG_INFO : TUI_MSG_ERROR, "%s", text);
}

void dialog_error(struct tui *t, const char *text)
{
	dialog_say(t, text, 0);
}

void dialog_note(struct tui *t, const char *text)
{
	dialog_say(t, text, 1);
}
