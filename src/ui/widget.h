/*
 * widget.h - the widgets screens are built from: a scrolling list, a
 * form of edit fields, modal dialogs (confirm, message, form), a QR code
 * drawn with half blocks, and big digits for totals and change.
 *
 * Widgets keep no global state: the list and the form are plain structs
 * embedded in a screen's state; dialogs are overlay screens that call the
 * caller back with the result.
 */
#ifndef OCOP_UI_WIDGET_H
#define OCOP_UI_WIDGET_H

#include <stddef.h>
#include <stdint.h>

#include "ui/tui.h"

/* --- list (widget_list.c) ----------------------------------------------- */
struct wlist {
	int n;                    /* number of rows */
	int sel;                  /* selected row, -1 when empty */
	int top;                  /* first row shown */
};

/* Set the row count, keeping the selection inside it. */
void wlist_set_count(struct wlist *l, int n);
/* Select row i (clamped) and bring it into view on the next draw. */
void wlist_select(struct wlist *l, int i);
/* Up, Down, PgUp, PgDn, Home, End with page rows a page: 1 if it moved. */
int wlist_key(struct wlist *l, int key, int page);
/*
 * Draw the visible rows of l in r: row(ctx, i, y, x, w, selected) paints
 * row i on line y.  A scroll mark on the right edge shows there is more.
 */
void wlist_draw(struct wlist *l, struct tui_rect r,
		void (*row)(void *ctx, int i, int y, int x, int w, int selected), void *ctx);

/* --- form (widget_form.c) ----------------------------------------------- */
enum wfield_kind {
	WF_TEXT,                  /* any text */
	WF_PIN,                   /* digits, shown as bullets */
	WF_MONEY,                 /* whole VND, shown grouped "185.000" */
	WF_QTY,                   /* a quantity "1,5" */
	WF_DIGITS,                /* digits only (codes, counts) */
	WF_PERCENT,               /* a percentage "5" or "2,5" */
};

#define WFIELD_MAX 256
#define WFORM_MAX 12

struct wfield {
	const char *label;        /* msgid, translated when drawn */
	enum wfield_kind kind;
	char buf[WFIELD_MAX];     /* UTF-8 (digits for WF_MONEY) */
	int maxlen;               /* characters, 0 = the buffer's size */
	int fresh;                /* pre-filled and not touched: the first typed key replaces it */
};

struct wform {
	struct wfield f[WFORM_MAX];
	int n, cur;
	int label_w;              /* label column width, 0 = widest label */
	attr_t bg;                /* attributes of the labels (a dialog's colours) */
};

enum { WFORM_NONE, WFORM_CHANGED, WFORM_SUBMIT, WFORM_CANCEL };

/* Empty form. */
void wform_init(struct wform *f);
/* Add a field (init may be NULL); returns it (xmalloc tier: never NULL). */
struct wfield *wform_add(struct wform *f, const char *label, enum wfield_kind kind,
			 const char *init);
/*
 * Editing keys: text, Backspace, Ctrl-U (clear), Tab/Down/Up between
 * fields, Enter (next field; on the last one WFORM_SUBMIT), Esc
 * (WFORM_CANCEL).  Returns WFORM_NONE when the key is not the form's.
 * A pre-filled value (wform_add's init, or any value a field is entered
 * with) is shown selected and the first typed key replaces it, as in every
 * till and spreadsheet; Backspace or an arrow first keeps it for editing.
 */
int wform_key(struct wform *f, int key);
/* One field's editing keys only (text, Backspace, Ctrl-U): 1 if changed.
 * A fresh field (fl->fresh) is replaced by the first text key. */
int wfield_key(struct wfield *fl, int key);
/* Draw the fields one per line from r.y: label, then the value box. */
void wform_draw(struct tui *t, struct wform *f, struct tui_rect r);
/* Draw one field's value box at (y, x) in w columns; the cursor if focus
 * (where the next typed character goes: the start of a fresh value). */
void wfield_draw(struct tui *t, const struct wfield *fl, int y, int x, int w, int focus);
/* Set a field's value from code, pre-filled (the first key replaces it). */
void wfield_set(struct wfield *fl, const char *value);
/* A WF_MONEY/WF_DIGITS field's value (0 when empty); -1 on overflow. */
int64_t wfield_int(const struct wfield *fl);

/* --- dialogs (widget_dialog.c) ------------------------------------------ */
/*
 * The callback of a dialog: ok is 1 for Enter/yes, 0 for Esc/no; form is
 * the dialog's form (NULL for confirm).  Return 0 to close the dialog, or
 * 1 to keep it open (after dialog_error() said why).  The dialog is still
 * on the stack during the call; screens the callback pushes go above it
 * and the dialog is removed from under them.
 */
typedef int (*dialog_cb)(struct tui *t, void *ctx, int ok, struct wform *form);

/* Yes/no question; cb may be NULL. */
void dialog_confirm(struct tui *t, const char *title, const char *text, dialog_cb cb,
		    void *ctx);
/* The same where yes leaves work behind: only c (có) or y says yes; Enter is no. */
void dialog_confirm_safe(struct tui *t, const char *title, const char *text, dialog_cb cb,
			 void *ctx);
/* A message to acknowledge (error when level is TUI_MSG_ERROR). */
void dialog_message(struct tui *t, enum tui_msg_level level, const char *title,
		    const char *text);
/* A form in a box: add fields to the returned form right away. */
struct wform *dialog_form(struct tui *t, const char *title, const char *text, dialog_cb cb,
			  void *ctx);
/* From a dialog callback: show why the input is refused (keeps it open). */
void dialog_error(struct tui *t, const char *text);
/* The same place, for a note that refuses nothing (no beep, plain colours). */
void dialog_note(struct tui *t, const char *text);

/* --- QR code (widget_qr.c) ---------------------------------------------- */
/*
 * The size in terminal cells of payload drawn as a QR code with a quiet
 * zone (two modules per row: half blocks).  0, or -1 if it cannot be encoded.
 */
int wqr_size(const char *payload, int quiet, int *rows, int *cols);
/*
 * Draw payload as a QR code centred in r, light modules as blocks in the
 * TR_QR role (so it reads on dark and light terminals).  Uses a 4-module
 * quiet zone when it fits, else 2.  Returns 0, or -1 when it does not fit
 * or cannot be encoded (the caller then shows the payload as text).
 */
int wqr_draw(struct tui *t, const char *payload, struct tui_rect r);

/* --- big digits (widget_bigtext.c) --------------------------------------- */
#define BIGTEXT_ROWS 3
/* Columns text needs in big digits (digits, '.', ',', '-', ' '). */
int bigtext_width(const char *text);
/* Draw text in big digits with its top-left corner at (y, x). */
void bigtext_draw(struct tui *t, int y, int x, attr_t attr, const char *text);

#endif
