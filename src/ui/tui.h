/*
 * tui.h - the terminal point of sale: one event loop, a stack of screens,
 * a few widgets.  The only part of ocop-pos that includes ncurses.
 *
 * HOW TO ADD A SCREEN (for whoever writes the next one)
 *
 *   1. One file src/ui/screen_NAME.c.  It keeps its state in a struct it
 *      allocates (xcalloc), names its actions, lists its keys in ONE
 *      binding table and exports a screen and an opener:
 *
 *        enum { A_RECEIVE = TUI_ACT(1), A_COUNT, A_BACK };
 *        static const struct tui_binding stock_bind[] = {
 *                { { TK_F(2), TK_CTRL('R') }, "F2", "^R", N_("Receive"),
 *                  N_("receive goods from a producer"), A_RECEIVE, NULL },
 *                { { TK_ESC }, "Esc", NULL, N_("Back"), NULL, A_BACK, NULL },
 *                TUI_BIND_END
 *        };
 *        static const struct tui_screen screen_stock = {
 *                "stock", 0, stock_draw, stock_key, stock_event,
 *                stock_close, stock_bind,
 *        };
 *        void screen_stock_open(struct tui *t)
 *        {
 *                struct stock_state *st = xcalloc(1, sizeof(*st));
 *                ...
 *                tui_push(t, &screen_stock, st);
 *        }
 *
 *   2. The binding table is the only list of the screen's keys.  tui.c
 *      reads it for three things: dispatch (a key listed in keys[] whose
 *      condition holds reaches key() as the binding's action, never as
 *      the raw key), the key bar (bindings with a label whose condition
 *      holds) and the help screen (F1 everywhere: every binding with a
 *      help text or a label).  A condition when(t, st) turns a binding
 *      off in a state (a letter that picks a payment method is off while
 *      a text field has the focus: the letter is then typed).  A row with
 *      no keys only documents keys the screen handles itself (arrows,
 *      digits, "3*").  Each action should have a key that works without
 *      F-keys (Ctrl letters, '/', '+').
 *   3. draw(t, st, area) paints the screen's body inside `area` (the rows
 *      between the status bar and the message line) with the helpers
 *      below (tui_text, tui_fill, tui_box, ...); it is called after every
 *      change, ncurses sends only what differs.  Never block in draw.
 *   4. key(t, st, key) gets an action of the table (TUI_ACT(n)) or an
 *      unbound key (a TK_* code or a Unicode character: text, arrows) of
 *      the topmost screen and returns what must be repainted
 *      (TUI_REPAINT_*), or TUI_PASS to let the global keys (F1 help,
 *      Ctrl-L redraw) have it.  Long work is fine: the loop waits; call
 *      tui_flush() first so the screen says what is going on.
 *   5. event(t, st, ev) gets scans, the one-second tick and "you are on
 *      top again" (TUI_EV_RESUME).  Return TUI_PASS for a scan you do not
 *      take: it goes down the stack to the till, which puts it in the cart
 *      (or, with no till open yet, it waits for the login that scanned it
 *      and is dropped at logout).
 *   6. close(t, st) frees st.  Lifetime: tui_pop() and tui_remove_state()
 *      only take a screen off the stack and mark it dead; tui.c calls
 *      close() after the key or event being handled has returned (a list
 *      of dead screens drained at the top of the loop).  So a handler, or
 *      a dialog callback, may pop its own screen, log out or empty the
 *      stack and still read its state until it returns.
 *   7. To reach it from the manager menu, add one line to the table in
 *      screen_menu.c (label, permission, opener).
 *
 *   Overlays (flag TUI_OVERLAY) are drawn over the screen below them:
 *   dialogs (widget_dialog.c) are overlays that call back with the result.
 *   Permissions are checked by core; a screen only hides what the user may
 *   not do and shows core's refusal (tui_error) in the message line.
 *
 * Text is UTF-8 everywhere; tui_text() cuts and pads by display columns
 * (vntext.h), so Vietnamese with combining marks lines up.  Colours come
 * from tui_attr(role), which falls back to bold/reverse/underline on a
 * monochrome terminal.
 */
#ifndef OCOP_TUI_H
#define OCOP_TUI_H

#include <stddef.h>
#include <stdint.h>

#include <curses.h>

#include "core/config.h"
#include "core/sale.h"
#include "core/shift.h"
#include "core/showroom.h"
#include "core/user.h"
#include "drivers/scanner/scanner.h"
#include "drivers/scanner/wedge.h"

struct db;
struct app_ctx;

/* --- keys ---------------------------------------------------------------
 * A key is a Unicode code point (typed text), a control character
 * (TK_CTRL('P') == 16), or an ncurses KEY_* code wrapped with TK().
 */
#define TUI_KEYCODE 0x40000000
#define TK(k) (TUI_KEYCODE | (k))
#define TK_F(n) TK(KEY_F(n))
#define TK_CTRL(c) ((c) & 0x1f)
#define TK_ENTER '\r'
#define TK_ESC 27
#define TK_TAB '\t'
#define TK_BS 127
#define TK_UP TK(KEY_UP)
#define TK_DOWN TK(KEY_DOWN)
#define TK_LEFT TK(KEY_LEFT)
#define TK_RIGHT TK(KEY_RIGHT)
#define TK_PGUP TK(KEY_PPAGE)
#define TK_PGDN TK(KEY_NPAGE)
#define TK_HOME TK(KEY_HOME)
#define TK_END TK(KEY_END)
#define TK_DEL TK(KEY_DC)
#define TK_BTAB TK(KEY_BTAB)

/* 1 when key is text a field may take (printable, not a control). */
int tui_key_is_text(int key);

/* --- what to repaint ---------------------------------------------------- */
#define TUI_REPAINT_NONE 0
#define TUI_REPAINT_BODY 1
#define TUI_REPAINT_STATUS 2
#define TUI_REPAINT_ALL 3
#define TUI_PASS (-1)         /* not handled: offer it below */

/* --- colours ------------------------------------------------------------ */
enum tui_role {
	TR_NORMAL, TR_STATUS, TR_KEY, TR_KEYLABEL, TR_TITLE, TR_HEADER, TR_SEL,
	TR_LAST, TR_TOTAL, TR_ERROR, TR_OK, TR_WARN, TR_DIALOG, TR_FIELD, TR_DIM,
	TR_STARS, TR_QR, TR_COUNT
};
/* The attributes of a role: a colour pair, or a monochrome fallback. */
attr_t tui_attr(enum tui_role r);

/* --- screens ------------------------------------------------------------ */
struct tui;

struct tui_rect {
	int y, x, h, w;
};

enum tui_ev_kind {
	TUI_EV_SCAN,              /* ev->scan: a complete scan */
	TUI_EV_TICK,              /* once a second (the clock) */
	TUI_EV_RESUME,            /* the screen is on top again */
};

struct tui_event {
	enum tui_ev_kind kind;
	struct scan_event scan;
};

/*
 * Actions: what a binding hands to key() instead of the raw key.  Apart
 * from keys (TUI_KEYCODE) and Unicode (< 0x110000).
 */
#define TUI_ACTION 0x20000000
#define TUI_ACT(n) (TUI_ACTION | (n))
#define TUI_IS_ACT(k) (((k) & TUI_ACTION) != 0 && ((k) & TUI_KEYCODE) == 0)
#define TUI_ACT_HELP TUI_ACT(0xffff)   /* handled by tui.c: the help screen */

struct tui_binding {
	int keys[4];              /* keys that do it (0 = unused); none: a row for the help only */
	const char *key;          /* the key as shown: "F2"; NULL: not shown */
	const char *alt;          /* "/" or "^F": works without F-keys; may be NULL */
	const char *label;        /* key bar msgid; NULL: not in the key bar */
	const char *help;         /* help screen msgid; NULL: the label */
	int action;               /* what key() gets: TUI_ACT(n) */
	int (*when)(struct tui *t, void *st);   /* NULL: always */
};
#define TUI_BIND_END { { 0 }, NULL, NULL, NULL, NULL, 0, NULL }
/* 1 while b is not the end of its table. */
#define TUI_BIND_LIVE(b) ((b)->key || (b)->keys[0] || (b)->action)

#define TUI_OVERLAY 1         /* drawn over the screen below (dialogs) */
#define TUI_FULL 2            /* uses the whole terminal (no status or key bar) */

struct tui_screen {
	const char *name;
	unsigned flags;
	void (*draw)(struct tui *t, void *st, struct tui_rect area);
	int (*key)(struct tui *t, void *st, int key);
	int (*event)(struct tui *t, void *st, const struct tui_event *ev);  /* may be NULL */
	void (*close)(struct tui *t, void *st);                             /* may be NULL */
	const struct tui_binding *bindings;                                  /* may be NULL */
};

struct tui_view {
	const struct tui_screen *scr;
	void *st;
};

#define TUI_STACK_MAX 16
#define TUI_MIN_COLS 80       /* below this size a screen says so instead of its layout */
#define TUI_MIN_ROWS 24
#define TUI_DEAD_MAX (TUI_STACK_MAX + 8)
#define TUI_PENDING_MAX 32
#define TUI_MSG_MAX 512

enum tui_msg_level { TUI_MSG_INFO, TUI_MSG_OK, TUI_MSG_WARN, TUI_MSG_ERROR };

/* Options main() passes in. */
struct tui_opts {
	const char *db_path;
	const char *datadir;
	const struct config *cfg;
	struct db *db;            /* open database, owned by the caller */
	struct app_ctx *app;      /* for printing (app/printing.h) */
};

/*
 * The running POS: the session (user, shift, cart) shared by the screens,
 * the devices and the screen stack.  Screens read and change the session
 * fields directly; only tui.c touches the loop's own fields.
 */
struct tui {
	struct db *db;
	const struct config *cfg;
	const char *db_path;
	const char *datadir;
	struct app_ctx *app;
	struct showroom showroom;
	char register_code[8];

	/* the session */
	int logged_in;
	struct user user;
	int has_shift;
	struct shift shift;
	int has_cart;
	struct cart cart;
	int64_t multiplier;       /* qty_milli for the next scan ("3*"), 0 = none */

	/* devices */
	char printer_spec[300];   /* "" = none configured */
	char printer_state[128];  /* the printer's kind for the status bar: an English
				     msgid ("file", "USB"), translated when drawn */
	int printer_ok;           /* 1 ok, 0 unknown, -1 last print failed */

	/* e-invoices (tui_einvoice.c): the status bar's counts, background sending */
	int einv_on;              /* e-invoicing is set up */
	long long einv_waiting, einv_rejected;
	int einv_due;             /* something was queued: send it when idle */
	int64_t einv_next_ns;     /* no background send before this (provider down) */
	int64_t einv_counted_ns;  /* when the counts were read */
	struct scanner *scanner;  /* a device scanner, or NULL (the terminal only) */
	struct wedge wedge;       /* scans typed into the terminal */

	/* screens */
	struct tui_view stack[TUI_STACK_MAX];
	int depth;
	struct tui_view dead[TUI_DEAD_MAX];   /* popped, closed after dispatch */
	int ndead;
	struct scan_event pending[TUI_PENDING_MAX];   /* scans nobody took yet */
	int npending;

	/* the message line */
	char msg[TUI_MSG_MAX];
	enum tui_msg_level msg_level;
	int64_t msg_until_ns;     /* 0 = stays until replaced */

	/* terminal */
	int rows, cols;
	int color, utf8;
	int quit;
	int dirty;                /* TUI_REPAINT_* waiting */
	int64_t last_key_ns;      /* for benchmarks: when the last key was read */
};

/*
 * Run the POS on an open database until the cashier quits.  Sets up the
 * terminal (and restores it on every way out, signals included), opens
 * the configured scanner, shows the login screen.  Returns the exit
 * status for main().
 */
int tui_run(const struct tui_opts *o);

/* Push a screen with its state (the screen's close() frees st). */
void tui_push(struct tui *t, const struct tui_screen *scr, void *st);
/* Close the top screen; the one below gets TUI_EV_RESUME. */
void tui_pop(struct tui *t);
/* Close screens down to (not including) the first one named name. */
void tui_pop_to(struct tui *t, const char *name);
/* The state of the topmost screen named name, or NULL. */
void *tui_find(struct tui *t, const char *name);
/* Deliver a scan as if it had just been read (used by tests and dialogs). */
void tui_scan(struct tui *t, const struct scan_event *ev);
/* Take the scans that waited for a till (login, shift opening); 1 if any. */
int tui_take_pending(struct tui *t, struct scan_event *ev);

/* Set the message line (printf format, already translated). */
void tui_msg(struct tui *t, enum tui_msg_level lvl, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The message of a core error, at error level, with a beep. */
void tui_error(struct tui *t, const struct pos_error *err);
void tui_beep(struct tui *t);

/* --- drawing helpers ----------------------------------------------------- */
enum tui_align { TA_LEFT, TA_RIGHT, TA_CENTER };
/*
 * Draw s at (y, x) in exactly w columns (cut on a character boundary,
 * padded with spaces), aligned, with attr.  Returns the columns s used.
 */
int tui_text(int y, int x, int w, enum tui_align al, attr_t attr, const char *s);
/*
 * A product's name in w columns, left-aligned: when it does not fit, the
 * middle gives way ("Mật ong bạc hà Mèo…250 ml"), so names that differ
 * only at the end (a size, a weight) never look the same.
 */
int tui_name(int y, int x, int w, attr_t attr, const char *s);
/* printf into tui_text. */
int tui_textf(int y, int x, int w, enum tui_align al, attr_t attr, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/*
 * Word-wrap text (newlines kept) into lines of w columns from (y, x), at
 * most maxlines; draws them when draw, else only counts.  Returns the lines.
 */
int tui_wrap(int y, int x, int w, int maxlines, attr_t attr, const char *text, int draw);
/* Fill a rectangle with spaces in attr. */
void tui_fill(int y, int x, int h, int w, attr_t attr);
/* A box with a title; returns the inner rectangle. */
struct tui_rect tui_box(struct tui_rect r, attr_t attr, const char *title);
/* A centred rectangle of h x w inside area (clamped to it). */
struct tui_rect tui_center(struct tui_rect area, int h, int w);
/* A horizontal line. */
void tui_hline(int y, int x, int w, attr_t attr);
/* "★★★★" for 3-5 stars (ASCII "***" without UTF-8). */
const char *tui_stars(const struct tui *t, int stars);
/* Money for people ("185.000 ₫") into a static rotating buffer. */
const char *tui_money(int64_t vnd);
/* A quantity for people ("1,5") into a static rotating buffer. */
const char *tui_qty(int64_t milli);
/* Repaint now, before slow work (printing): the screen shows what is going on. */
void tui_flush(struct tui *t);
/*
 * Remove the screen whose state is st, wherever it is in the stack (no-op
 * when it is not there any more).  Like tui_pop, it is freed only after
 * the current dispatch returns.
 */
void tui_remove_state(struct tui *t, void *st);
/* 1 while st is on the stack (not popped). */
int tui_alive(const struct tui *t, const void *st);
/* Close the screens popped so far (tui.c's loop does it after each dispatch). */
void tui_reap(struct tui *t);
/* Where the cursor should be left after drawing (-1: hidden). */
void tui_cursor(struct tui *t, int y, int x);

/* The clock "HH:MM" (local time). */
void tui_clock_text(char out[6]);
/* 1 when binding b is on for the screen state st (its condition holds). */
int tui_binding_on(struct tui *t, const struct tui_binding *b, void *st);

/* --- the session (tui.c) -------------------------------------------------- */
/* Re-read the register's open shift into t (has_shift). */
void tui_refresh_shift(struct tui *t);
/* Log out: hold nothing, keep the open cart saved, back to the login screen. */
void tui_logout(struct tui *t);

/*
 * E-invoices (tui_einvoice.c).  tui_einv_refresh re-reads whether
 * e-invoicing is set up and the waiting/rejected counts for the status
 * bar.  tui_einv_queued says a sale or a shift close may have queued
 * invoices: tui_einv_idle (called by the loop) then sends them in the
 * background, one invoice per call with short timeouts and only after
 * the keyboard has been quiet for a moment.
 */
void tui_einv_refresh(struct tui *t);
void tui_einv_queued(struct tui *t);
void tui_einv_idle(struct tui *t, int64_t now_ns);
/* The manager's e-invoice screen (screen_einvoice.c). */
void screen_einvoice_open(struct tui *t);

/* --- screens (one file each) --------------------------------------------- */
void screen_login_open(struct tui *t);
void screen_sale_open(struct tui *t);
/* Search; query may be NULL.  Enter adds the product to the cart. */
void screen_search_open(struct tui *t, const char *query);
void screen_payment_open(struct tui *t);
void screen_hold_open(struct tui *t);
void screen_return_open(struct tui *t, const char *receipt_no);
/* Shift: the menu (open, cash in/out, X, close); at login with no shift, the opening form. */
void screen_shift_open(struct tui *t);
void screen_shift_open_float(struct tui *t);
/* Help for the screen under it: the binding table of view (the top screen). */
void screen_help_open(struct tui *t, const struct tui_view *view);
void screen_menu_open(struct tui *t);

/*
 * The till's scan handler, exported for screens that want to add a scan
 * to the cart themselves: adds code (with the pending multiplier) and
 * says what happened in the message line.  Returns 0 or the core error.
 */
int till_add_scan(struct tui *t, const char *code);
/* The same for a product chosen by id (search): selected, said, 0 or the error. */
int till_add_product(struct tui *t, long long product_id);
/* After a sale is complete: a fresh cart for the same cashier. */
void till_new_cart(struct tui *t);

/*
 * The printer side (tui_print.c): print a completed sale's or refund's
 * receipt, a shift's X (z = 0) or Z report, and open the cash drawer
 * (audited by core when there is no sale).  0, or the reason in err.
 */
int tui_print_receipt(struct tui *t, const char *receipt_no, struct pos_error *err);
/* A reprint of any receipt: "BẢN SAO" on it, no drawer kick. */
int tui_reprint_receipt(struct tui *t, const char *receipt_no, struct pos_error *err);
int tui_print_shift(struct tui *t, long long shift_id, int z, struct pos_error *err);
int tui_open_drawer(struct tui *t, const char *reason, struct pos_error *err);

/* Marks a msgid in a static table (translated where it is shown with tr()). */
#define N_(s) (s)

#endif
