/*
 * tui.c - the terminal POS's event loop, layout and drawing helpers (see
 * tui.h for how screens plug in).
 *
 * One poll() waits on standard input, the device scanner's descriptors
 * (libusb pollfds, evdev, serial, its timerfd) and a timeout: the next
 * clock second, the wedge detector's deadline or the message expiry.
 * Keys are read with wget_wch() until none is left and each is fed, with
 * the time it was read, to the burst detector (wedge.h): a fast burst
 * ending in Enter is a scan, anything else comes back as typed keys, in
 * order.  A burst without its Enter (a paste) is typed text too.
 *
 * Layout: row 0 the status bar (showroom, register, cashier, shift,
 * printer, scanner, clock); then the top screen's body; a message line;
 * the key bar (one line when it fits, else two).  Overlays are drawn over
 * the screen below.  Everything is repainted after a change and ncurses
 * sends only what differs, so screens just draw their state.
 *
 * The terminal is restored on every exit: normal return, exit() (atexit),
 * SIGINT/SIGTERM/SIGHUP (a flag the loop sees; the cart is in the
 * database already) and fatal signals (SIGSEGV, SIGABRT from xmalloc,
 * SIGBUS, SIGFPE, SIGILL), whose handler only does async-signal-safe
 * things: restore the saved termios, write the terminfo strings that
 * leave the alternate screen and show the cursor, then re-raise.
 */
#define _XOPEN_SOURCE_EXTENDED 1
#include "lib/utf8.h"
#include "ui/tui.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "app/app.h"
#include "app/printing.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/vntext.h"
#include "ui/widget.h"

#define MSG_SECONDS 8

/* --- terminal restore on every way out --------------------------------- */

static volatile sig_atomic_t got_signal;
static int curses_on;
static struct termios saved_tio;
static int have_tio;
static char restore_seq[128];
static size_t restore_len;

static void add_restore(const char *cap)
{
	char *s = tigetstr((char *)cap);
	size_t n;

	if (!s || s == (char *)-1)
		return;
	n = strlen(s);
	if (restore_len + n < sizeof(restore_seq)) {
		memcpy(restore_seq + restore_len, s, n);
		restore_len += n;
	}
}

static void fatal_handler(int sig)
{
	ssize_t w;

	if (have_tio)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tio);
	if (restore_len)
		w = write(STDOUT_FILENO, restore_seq, restore_len);
	w = write(STDERR_FILENO, "\nocop-pos: stopped by a fatal error; the open cart is saved\n", 60);
	(void)w;
	signal(sig, SIG_DFL);
	raise(sig);
}

static void quit_handler(int sig)
{
	got_signal = sig;
}

static void tui_restore(void)
{
	if (curses_on) {
		curses_on = 0;
		endwin();
	}
}

static void install_signals(void)
{
	static const int fatal[] = { SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL };
	static const int quit[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = fatal_handler;
	sa.sa_flags = (int)SA_RESETHAND;
	for (i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		sigaction(fatal[i], &sa, NULL);
	sa.sa_handler = quit_handler;
	sa.sa_flags = 0;              /* no SA_RESTART: poll() wakes up */
	for (i = 0; i < sizeof(quit) / sizeof(quit[0]); i++)
		sigaction(quit[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* --- colours ---------------------------------------------------------------- */

static attr_t role_attr[TR_COUNT];

static void setup_colors(struct tui *t)
{
	static const struct { short fg, bg; attr_t extra; attr_t mono; } def[TR_COUNT] = {
		[TR_NORMAL]   = { -1, -1, 0, 0 },
		[TR_STATUS]   = { COLOR_WHITE, COLOR_BLUE, 0, A_REVERSE },
		[TR_KEY]      = { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE },
		[TR_KEYLABEL] = { -1, -1, 0, 0 },
		[TR_TITLE]    = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
		[TR_HEADER]   = { COLOR_CYAN, -1, A_BOLD, A_BOLD | A_UNDERLINE },
		[TR_SEL]      = { COLOR_BLACK, COLOR_WHITE, 0, A_REVERSE },
		[TR_LAST]     = { COLOR_BLACK, COLOR_GREEN, 0, A_REVERSE | A_BOLD },
		[TR_TOTAL]    = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
		[TR_ERROR]    = { COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD },
		[TR_OK]       = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
		[TR_WARN]     = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
		[TR_DIALOG]   = { COLOR_WHITE, COLOR_BLUE, 0, 0 },
		[TR_FIELD]    = { COLOR_BLACK, COLOR_WHITE, 0, A_UNDERLINE },
		[TR_DIM]      = { COLOR_BLUE, -1, A_BOLD, A_DIM },
		[TR_STARS]    = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
		[TR_QR]       = { COLOR_WHITE, COLOR_BLACK, 0, 0 },
	};
	int i;

	t->color = has_colors() && getenv("NO_COLOR") == NULL;
	if (t->color && start_color() == OK) {
		use_default_colors();
		for (i = 1; i < TR_COUNT; i++) {
			init_pair((short)i, def[i].fg, def[i].bg);
			role_attr[i] = COLOR_PAIR(i) | def[i].extra;
		}
		role_attr[TR_NORMAL] = 0;
	} else {
		t->color = 0;
		for (i = 0; i < TR_COUNT; i++)
			role_attr[i] = def[i].mono;
	}
}

attr_t tui_attr(enum tui_role r)
{
	return (r >= 0 && r < TR_COUNT) ? role_attr[r] : 0;
}

/* --- drawing helpers ------------------------------------------------------ */

int tui_key_is_text(int key)
{
	return key >= 0x20 && key != 0x7f && !(key & TUI_KEYCODE) && key < 0x110000 &&
	       !(key >= 0x80 && key < 0xa0);
}

static int utf8_ok;
static void hline_at(int y, int x, int w);

static void set_attr(attr_t attr)
{
	attr_set(attr & ~A_COLOR, (short)PAIR_NUMBER(attr), NULL);
}

static void put_utf8(int y, int x, const char *s, size_t n, attr_t attr)
{
	wchar_t wbuf[512];
	mbstate_t ps;
	size_t i = 0, k = 0, r;

	memset(&ps, 0, sizeof(ps));
	while (i < n && k < sizeof(wbuf) / sizeof(wbuf[0]) - 1) {
		wchar_t wc;

		r = mbrtowc(&wc, s + i, n - i, &ps);
		if (r == (size_t)-1 || r == (size_t)-2) {
			wc = L'?';
			r = 1;
			memset(&ps, 0, sizeof(ps));
		} else if (r == 0) {
			break;
		}
		wbuf[k++] = wc;
		i += r;
	}
	wbuf[k] = 0;
	set_attr(attr);
	mvaddnwstr(y, x, wbuf, (int)k);
	attr_set(A_NORMAL, 0, NULL);
}

int tui_text(int y, int x, int w, enum tui_align al, attr_t attr, const char *s)
{
	int used = 0, pad, maxy, maxx;
	size_t n;

	getmaxyx(stdscr, maxy, maxx);
	if (w <= 0 || y < 0 || y >= maxy || x >= maxx)
		return 0;
	if (x + w > maxx)
		w = maxx - x;
	if (!s)
		s = "";
	n = vn_fit(s, w, &used);
	pad = w - used;
	tui_fill(y, x, 1, w, attr);
	if (al == TA_RIGHT)
		x += pad;
	else if (al == TA_CENTER)
		x += pad / 2;
	if (n)
		put_utf8(y, x, s, n, attr);
	return used;
}

int tui_name(int y, int x, int w, attr_t attr, const char *s)
{
	char buf[512];
	const char *tail = NULL, *p;
	size_t head;
	int tw, spaces = 0;

	if (!s || w < 12 || vn_width(s) <= w)
		return tui_text(y, x, w, TA_LEFT, attr, s);
	/* The last one or two words ("250 ml", "1 lít"): what tells variants apart. */
	for (p = s + strlen(s); p > s; p--)
		if (p[-1] == ' ' && ++spaces <= 2 && vn_width(p) <= w / 2)
			tail = p;
	if (!tail)
		return tui_text(y, x, w, TA_LEFT, attr, s);
	tw = vn_width(tail);
	head = vn_fit(s, w - tw - 1, NULL);
	while (head > 0 && s[head - 1] == ' ')
		head--;
	snprintf(buf, sizeof(buf), "%.*s…%s", (int)head, s, tail);
	return tui_text(y, x, w, TA_LEFT, attr, buf);
}

int tui_textf(int y, int x, int w, enum tui_align al, attr_t attr, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return tui_text(y, x, w, al, attr, buf);
}

void tui_fill(int y, int x, int h, int w, attr_t attr)
{
	int i, j, maxy, maxx;

	getmaxyx(stdscr, maxy, maxx);
	set_attr(attr);
	for (i = y; i < y + h && i < maxy; i++) {
		if (i < 0)
			continue;
		move(i, x);
		for (j = x; j < x + w && j < maxx; j++)
			addch(' ');
	}
	attr_set(A_NORMAL, 0, NULL);
}

void tui_hline(int y, int x, int w, attr_t attr)
{
	set_attr(attr);
	hline_at(y, x, w);
	attr_set(A_NORMAL, 0, NULL);
}

/* Line drawing: Unicode box characters on a UTF-8 terminal (they survive
 * any TERM and screen captures), the terminal's ACS otherwise. */
static void line_ch(int y, int x, const char *u, chtype acs)
{
	if (utf8_ok)
		mvaddstr(y, x, u);
	else
		mvaddch(y, x, acs);
}

static void hline_at(int y, int x, int w)
{
	int i;

	for (i = 0; i < w; i++)
		line_ch(y, x + i, "─", ACS_HLINE);
}

struct tui_rect tui_box(struct tui_rect r, attr_t attr, const char *title)
{
	struct tui_rect in = { r.y + 1, r.x + 2, r.h - 2, r.w - 4 };
	int i;

	tui_fill(r.y, r.x, r.h, r.w, attr);
	set_attr(attr);
	line_ch(r.y, r.x, "┌", ACS_ULCORNER);
	hline_at(r.y, r.x + 1, r.w - 2);
	line_ch(r.y, r.x + r.w - 1, "┐", ACS_URCORNER);
	for (i = 1; i < r.h - 1; i++) {
		line_ch(r.y + i, r.x, "│", ACS_VLINE);
		line_ch(r.y + i, r.x + r.w - 1, "│", ACS_VLINE);
	}
	line_ch(r.y + r.h - 1, r.x, "└", ACS_LLCORNER);
	hline_at(r.y + r.h - 1, r.x + 1, r.w - 2);
	line_ch(r.y + r.h - 1, r.x + r.w - 1, "┘", ACS_LRCORNER);
	attr_set(A_NORMAL, 0, NULL);
	if (title && *title) {
		char buf[256];
		int tw;

		snprintf(buf, sizeof(buf), " %s ", title);
		tw = vn_width(buf);
		if (tw > r.w - 4)
			tw = r.w - 4;
		tui_text(r.y, r.x + 2, tw, TA_LEFT, attr | A_BOLD, buf);
	}
	return in;
}

int tui_wrap(int y, int x, int w, int maxlines, attr_t attr, const char *text, int draw)
{
	const char *s = text;
	int n = 0;

	while (*s && n < maxlines) {
		size_t fit, brk, i;
		const char *nl = strchr(s, '\n');
		size_t linelen = nl ? (size_t)(nl - s) : strlen(s);
		char line[1024];

		fit = vn_fit(s, w, NULL);
		if (fit > linelen)
			fit = linelen;
		brk = fit;
		if (fit < linelen) {
			/* Break at the last space that fits. */
			for (i = fit; i > 0; i--)
				if (s[i] == ' ')
					break;
			if (i > 0)
				brk = i;
		}
		if (draw) {
			snprintf(line, sizeof(line), "%.*s", (int)brk, s);
			tui_text(y + n, x, w, TA_LEFT, attr, line);
		}
		n++;
		s += brk;
		while (*s == ' ')
			s++;
		if (*s == '\n')
			s++;
		if (brk == 0 && *s)
			s++;    /* a character wider than the box */
	}
	return n;
}

struct tui_rect tui_center(struct tui_rect area, int h, int w)
{
	struct tui_rect r;

	if (h > area.h)
		h = area.h;
	if (w > area.w)
		w = area.w;
	r.h = h;
	r.w = w;
	r.y = area.y + (area.h - h) / 2;
	r.x = area.x + (area.w - w) / 2;
	return r;
}


const char *tui_stars(const struct tui *t, int stars)
{
	static const char *u[] = { "", "★", "★★", "★★★", "★★★★", "★★★★★" };
	static const char *a[] = { "", "*", "**", "***", "****", "*****" };

	(void)t;
	if (stars < 0)
		stars = 0;
	if (stars > 5)
		stars = 5;
	return utf8_ok ? u[stars] : a[stars];
}

const char *tui_money(int64_t vnd)
{
	static char buf[8][MONEY_FMT_MAX];
	static int i;

	i = (i + 1) % 8;
	if (utf8_ok)
		money_format(vnd, buf[i], sizeof(buf[i]));
	else {
		money_format_plain(vnd, buf[i], sizeof(buf[i]) - 2);
		utf8_append(buf[i], sizeof(buf[i]), " d");
	}
	return buf[i];
}

const char *tui_qty(int64_t milli)
{
	static char buf[8][QTY_FMT_MAX];
	static int i;

	i = (i + 1) % 8;
	qty_format(milli, buf[i], sizeof(buf[i]));
	return buf[i];
}

static int cursor_y = -1, cursor_x = -1;

void tui_cursor(struct tui *t, int y, int x)
{
	(void)t;
	cursor_y = y;
	cursor_x = x;
}

void tui_clock_text(char out[6])
{
	time_t now = clock_now() + CLOCK_VN_OFFSET;
	struct tm tm;

	gmtime_r(&now, &tm);
	snprintf(out, 6, "%02u:%02u", (unsigned)tm.tm_hour % 24u, (unsigned)tm.tm_min % 60u);
}

/* --- messages ----------------------------------------------------------- */

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void tui_msg(struct tui *t, enum tui_msg_level lvl, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->msg, sizeof(t->msg), fmt, ap);
	va_end(ap);
	t->msg_level = lvl;
	t->msg_until_ns = lvl == TUI_MSG_ERROR ? 0 : now_ns() + (int64_t)MSG_SECONDS * 1000000000;
	t->dirty |= TUI_REPAINT_ALL;
}

void tui_beep(struct tui *t)
{
	(void)t;
	if (curses_on)
		beep();
}

void tui_error(struct tui *t, const struct pos_error *err)
{
	tui_msg(t, TUI_MSG_ERROR, "%s", pos_error_text(err));
	tui_beep(t);
}

/* --- the screen stack ---------------------------------------------------- */

static void send_event(struct tui *t, int i, const struct tui_event *ev)
{
	int r;

	if (i < 0 || i >= t->depth || !t->stack[i].scr->event)
		return;
	r = t->stack[i].scr->event(t, t->stack[i].st, ev);
	if (r > 0)
		t->dirty |= r;
}

void tui_push(struct tui *t, const struct tui_screen *scr, void *st)
{
	if (t->depth >= TUI_STACK_MAX) {
		/* Deeper than any real use: refuse rather than overflow. */
		if (scr->close)
			scr->close(t, st);
		tui_msg(t, TUI_MSG_ERROR, "%s", tr("too many windows open: press Esc to close some"));
		return;
	}
	t->stack[t->depth].scr = scr;
	t->stack[t->depth].st = st;
	t->depth++;
	t->dirty |= TUI_REPAINT_ALL;
}

/*
 * Take the screen at i off the stack and mark it dead: its close() runs
 * in tui_reap(), after the key or event being handled has returned, so a
 * handler that pops its own screen (or logs out) never runs on freed state.
 */
static void remove_at(struct tui *t, int i)
{
	struct tui_view v = t->stack[i];
	struct tui_event ev;
	int was_top = i == t->depth - 1;

	memmove(&t->stack[i], &t->stack[i + 1], (size_t)(t->depth - i - 1) * sizeof(t->stack[0]));
	t->depth--;
	if (t->ndead < TUI_DEAD_MAX) {
		t->dead[t->ndead++] = v;
	} else {
		/* Never in practice (a dispatch pops a few screens); keep the
		 * address alive rather than free it under a running handler. */
		tui_reap(t);
		t->dead[t->ndead++] = v;
	}
	t->dirty |= TUI_REPAINT_ALL;
	if (was_top && t->depth > 0) {
		memset(&ev, 0, sizeof(ev));
		ev.kind = TUI_EV_RESUME;
		send_event(t, t->depth - 1, &ev);
	}
}

void tui_reap(struct tui *t)
{
	while (t->ndead > 0) {
		struct tui_view v = t->dead[--t->ndead];

		if (v.scr->close)
			v.scr->close(t, v.st);
	}
}

int tui_alive(const struct tui *t, const void *st)
{
	int i;

	for (i = 0; i < t->depth; i++)
		if (t->stack[i].st == st)
			return 1;
	return 0;
}

void tui_pop(struct tui *t)
{
	if (t->depth > 0)
		remove_at(t, t->depth - 1);
}

void tui_remove_state(struct tui *t, void *st)
{
	int i;

	if (!st)
		return;
	for (i = t->depth - 1; i >= 0; i--)
		if (t->stack[i].st == st) {
			remove_at(t, i);
			return;
		}
}

void tui_pop_to(struct tui *t, const char *name)
{
	while (t->depth > 0 && strcmp(t->stack[t->depth - 1].scr->name, name) != 0)
		tui_pop(t);
}

void *tui_find(struct tui *t, const char *name)
{
	int i;

	for (i = t->depth - 1; i >= 0; i--)
		if (strcmp(t->stack[i].scr->name, name) == 0)
			return t->stack[i].st;
	return NULL;
}

void tui_scan(struct tui *t, const struct scan_event *sc)
{
	struct tui_event ev;
	int i, r;

	memset(&ev, 0, sizeof(ev));
	ev.kind = TUI_EV_SCAN;
	ev.scan = *sc;
	for (i = t->depth - 1; i >= 0; i--) {
		if (i >= t->depth || !t->stack[i].scr->event)
			continue;
		r = t->stack[i].scr->event(t, t->stack[i].st, &ev);
		if (r != TUI_PASS) {
			t->dirty |= r;
			return;
		}
	}
	/* No till yet (login, opening a shift, the reports): keep it for this
	 * login, or the next one when nobody is logged in; tui_logout drops it. */
	if (t->npending < TUI_PENDING_MAX) {
		t->pending[t->npending++] = *sc;
		tui_msg(t, TUI_MSG_WARN, tr("scanned %s: it will go into the cart once the sale screen is open"),
			sc->code);
	} else {
		tui_msg(t, TUI_MSG_ERROR, tr("scanned %s but %d scans are already waiting: log in "
					     "to sell them, then scan this one again"), sc->code,
			TUI_PENDING_MAX);
		tui_beep(t);
	}
}

int tui_take_pending(struct tui *t, struct scan_event *ev)
{
	if (t->npending == 0)
		return 0;
	*ev = t->pending[0];
	memmove(&t->pending[0], &t->pending[1], (size_t)(t->npending - 1) * sizeof(t->pending[0]));
	t->npending--;
	return 1;
}

/* --- session ------------------------------------------------------------ */

void tui_refresh_shift(struct tui *t)
{
	struct pos_error err;
	struct shift s;

	if (shift_current(t->db, t->register_code, &s, &err) == 0) {
		t->shift = s;
		t->has_shift = 1;
	} else {
		t->has_shift = 0;
	}
	/* login, shift open/close: the e-invoice counts, and send what waits */
	tui_einv_queued(t);
	t->dirty |= TUI_REPAINT_ALL;
}

void tui_logout(struct tui *t)
{
	struct pos_error err;
	char label[64], hhmm[6];

	if (t->has_cart) {
		if (t->cart.nlines > 0) {
			tui_clock_text(hhmm);
			snprintf(label, sizeof(label), "%s %s", t->user.name, hhmm);
			if (cart_hold(&t->cart, t->db, label, &err) == 0)
				tui_msg(t, TUI_MSG_INFO, tr("the open sale was put on hold as \"%s\""), label);
		}
		cart_release(&t->cart);
		t->has_cart = 0;
	}
	if (t->npending)
		tui_msg(t, TUI_MSG_WARN, tr("%d scans that waited for the sale screen were dropped: "
					    "they belonged to %s"), t->npending, t->user.name);
	t->npending = 0;             /* scans belong to the login that made them */
	explicit_bzero(&t->user, sizeof(t->user));
	t->logged_in = 0;
	t->multiplier = 0;
	while (t->depth > 0)
		tui_pop(t);
	screen_login_open(t);
}

/* --- timing trace for benchmarks (OCOP_POS_TRACE=FILE) -------------------
 * One line per event, times in microseconds of CLOCK_REALTIME so a script
 * can compare them with its own clock:
 *   screen NAME T      the first paint with NAME on top
 *   key K READ PAINTED a key read at READ was on screen at PAINTED
 *   idle N             all N keys read so far are handled and painted, none
 *                      is held by the scan detector: the loop waits for
 *                      input (the tmux tests wait for this line after each
 *                      key they send instead of guessing with sleeps)
 */
static FILE *trace_fp;
static const struct tui_screen *traced_top;
static int64_t trace_key_read;
static int trace_key;
static unsigned long trace_nkeys;          /* keys read (resizes not counted) */
static unsigned long trace_idle_said = (unsigned long)-1;

static int64_t real_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void trace_paint(struct tui *t)
{
	int64_t now;

	if (!trace_fp)
		return;
	now = real_us();
	if (t->depth > 0 && t->stack[t->depth - 1].scr != traced_top) {
		traced_top = t->stack[t->depth - 1].scr;
		fprintf(trace_fp, "screen %s %lld\n", traced_top->name, (long long)now);
	}
	if (trace_key_read) {
		fprintf(trace_fp, "key %d %lld %lld\n", trace_key, (long long)trace_key_read, (long long)now);
		trace_key_read = 0;
	}
	fflush(trace_fp);
}

/* Before the loop sleeps: say "idle N" once per batch of keys handled. */
static void trace_idle(struct tui *t)
{
	if (!trace_fp || trace_nkeys == trace_idle_said || t->wedge.nheld || t->wedge.out_count)
		return;
	trace_idle_said = trace_nkeys;
	fprintf(trace_fp, "idle %lu\n", trace_nkeys);
	fflush(trace_fp);
}

/* --- layout and painting ------------------------------------------------ */

int tui_binding_on(struct tui *t, const struct tui_binding *b, void *st)
{
	return !b->when || b->when(t, st);
}

/* The screen whose bindings the key bar shows: the topmost that has some. */
static const struct tui_view *keys_view(struct tui *t)
{
	int i;

	for (i = t->depth - 1; i >= 0; i--)
		if (t->stack[i].scr->bindings)
			return &t->stack[i];
	return NULL;
}

/* Width of one key bar item: "F2 / Tìm". */
static int hint_width(const struct tui_binding *k)
{
	int w = vn_width(k->key) + 1 + vn_width(tr(k->label));

	if (k->alt && *k->alt)
		w += vn_width(k->alt) + 1;
	return w;
}

static int in_bar(struct tui *t, const struct tui_binding *b, void *st)
{
	return b->key && b->label && tui_binding_on(t, b, st);
}

/* Lay the key bar out in rows of cols; draw it when draw; return the rows. */
static int keybar(struct tui *t, const struct tui_view *v, int y0, int cols, int draw)
{
	const struct tui_binding *keys;
	int row = 0, x = 0, w, i, any = 0;

	if (!v || !v->scr->bindings)
		return 0;
	keys = v->scr->bindings;
	for (i = 0; TUI_BIND_LIVE(&keys[i]); i++) {
		if (!in_bar(t, &keys[i], v->st))
			continue;
		any = 1;
		w = hint_width(&keys[i]);
		if (x > 0 && x + w > cols) {
			row++;
			x = 0;
		}
		if (draw) {
			int kx = x;

			kx += tui_text(y0 + row, kx, vn_width(keys[i].key), TA_LEFT, tui_attr(TR_KEY),
				       keys[i].key);
			if (keys[i].alt && *keys[i].alt) {
				tui_text(y0 + row, kx, 1, TA_LEFT, tui_attr(TR_KEYLABEL), " ");
				kx += 1;
				kx += tui_text(y0 + row, kx, vn_width(keys[i].alt), TA_LEFT,
					       tui_attr(TR_KEY), keys[i].alt);
			}
			w = 1 + vn_width(tr(keys[i].label));
			if (w > cols - kx)
				w = cols - kx;
			tui_textf(y0 + row, kx, w, TA_LEFT, tui_attr(TR_KEYLABEL), " %s",
				  tr(keys[i].label));
			w = hint_width(&keys[i]);
		}
		x += w + 1;
	}
	return any ? row + 1 : 0;
}

static void draw_status(struct tui *t)
{
	char left[1200], clk[6], scan[160], prn[200], einv[120];
	const char *sstate;
	int cw, rw;

	tui_fill(0, 0, 1, t->cols, tui_attr(TR_STATUS));
	tui_clock_text(clk);
	if (t->scanner)
		sstate = scanner_state(t->scanner) == SCANNER_CONNECTED ? tr("ready") : tr("unplugged");
	else
		sstate = tr("keyboard");
	snprintf(scan, sizeof(scan), tr("Scan: %s"), sstate);
	if (!t->printer_spec[0])
		snprintf(prn, sizeof(prn), tr("Print: %s"), tr("none"));
	else
		snprintf(prn, sizeof(prn), tr("Print: %s%s"),
			 t->printer_state[0] ? tr(t->printer_state) : tr("ready"),
			 t->printer_ok < 0 ? tr(" (ERROR)") : "");
	einv[0] = '\0';
	if (t->logged_in && t->einv_on) {
		/* "HĐĐT chờ 2 │ " or "HĐĐT chờ 2, từ chối 1 │ " (tui_einvoice.c) */
		char rej[60] = "";

		if (t->einv_rejected > 0)
			snprintf(rej, sizeof(rej), tr(", rejected %lld"), t->einv_rejected);
		snprintf(einv, sizeof(einv), tr("E-inv wait %lld%s │ "), t->einv_waiting, rej);
	}
	if (t->logged_in) {
		char shift[64];

		if (t->has_shift)
			snprintf(shift, sizeof(shift), tr("Shift %lld"), (long long)t->shift.id);
		else
			snprintf(shift, sizeof(shift), "%s", tr("No shift"));
		snprintf(left, sizeof(left), " │ %s %s │ %s │ %s │ %s%s │ %s ", tr("Till"),
			 t->register_code, t->user.name, shift, einv, prn, scan);
	} else {
		snprintf(left, sizeof(left), " │ %s %s │ %s │ %s ", tr("Till"), t->register_code, prn,
			 scan);
	}
	/* The facts first; the showroom's name gets the room that is left. */
	cw = 6;
	rw = vn_width(left);
	if (rw > t->cols - cw - 8)
		rw = t->cols - cw - 8;
	tui_textf(0, 0, t->cols - cw - rw, TA_LEFT, tui_attr(TR_STATUS) | A_BOLD, " %s",
		  t->showroom.name);
	tui_text(0, t->cols - cw - rw, rw, TA_LEFT, tui_attr(TR_STATUS), left);
	tui_text(0, t->cols - cw, cw, TA_RIGHT, tui_attr(TR_STATUS) | A_BOLD, clk);
}

/* The message line: two lines when the sentence needs them. */
static int message_lines(struct tui *t)
{
	if (!t->msg[0])
		return 1;
	return tui_wrap(0, 0, t->cols - 2, 2, 0, t->msg, 0);
}

static void draw_message(struct tui *t, int y, int n)
{
	static const enum tui_role role[] = { TR_NORMAL, TR_OK, TR_WARN, TR_ERROR };
	attr_t a = tui_attr(role[t->msg_level]);

	tui_fill(y, 0, n, t->cols, t->msg[0] ? a : tui_attr(TR_NORMAL));
	if (t->msg[0])
		tui_wrap(y, 1, t->cols - 2, n, a, t->msg, 1);
}

static void paint(struct tui *t)
{
	const struct tui_view *keys;
	struct tui_rect body;
	int i, base, kb, ml, full;

	getmaxyx(stdscr, t->rows, t->cols);
	erase();
	cursor_y = cursor_x = -1;
	if (t->rows < TUI_MIN_ROWS || t->cols < TUI_MIN_COLS) {
		/* Every screen is laid out for 80 x 24: below it, say so plainly
		 * rather than draw a broken till (keys still work). */
		int nl = tui_wrap(0, 0, t->cols - 2, t->rows, 0,
				     tr("The window is too small: make it at least 80 x 24."), 0);
		int y = (t->rows - nl - 1) / 2;

		tui_fill(0, 0, t->rows, t->cols, tui_attr(TR_ERROR));
		tui_wrap(y < 0 ? 0 : y, 1, t->cols - 2, t->rows, tui_attr(TR_ERROR),
			 tr("The window is too small: make it at least 80 x 24."), 1);
		if (y + nl < t->rows)
			tui_textf(y + nl, 1, t->cols - 2, TA_LEFT, tui_attr(TR_ERROR), "(%d x %d)",
				  t->cols, t->rows);
		curs_set(0);
		wnoutrefresh(stdscr);
		doupdate();
		trace_paint(t);
		return;
	}
	if (t->depth == 0) {
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	base = t->depth - 1;
	while (base > 0 && (t->stack[base].scr->flags & TUI_OVERLAY))
		base--;
	full = (t->stack[base].scr->flags & TUI_FULL) != 0;
	keys = keys_view(t);
	if (full) {
		body.y = 0;
		body.x = 0;
		body.h = t->rows;
		body.w = t->cols;
	} else {
		kb = keybar(t, keys, 0, t->cols, 0);
		ml = message_lines(t);
		body.y = 1;
		body.x = 0;
		body.h = t->rows - 1 - ml - kb;
		body.w = t->cols;
		draw_status(t);
		draw_message(t, t->rows - ml - kb, ml);
		keybar(t, keys, t->rows - kb, t->cols, 1);
	}
	for (i = base; i < t->depth; i++)
		t->stack[i].scr->draw(t, t->stack[i].st, body);
	if (cursor_y >= 0) {
		curs_set(1);
		move(cursor_y, cursor_x);
	} else {
		curs_set(0);
	}
	wnoutrefresh(stdscr);
	doupdate();
	trace_paint(t);
}

void tui_flush(struct tui *t)
{
	if (curses_on) {
		t->dirty = 0;
		paint(t);
	}
}

/* --- input ---------------------------------------------------------------- */

/* The action key stands for on the screen v, or key itself when none is bound. */
static int bound_action(struct tui *t, const struct tui_view *v, int key)
{
	const struct tui_binding *b;
	int k;

	if (!v->scr->bindings)
		return key;
	for (b = v->scr->bindings; TUI_BIND_LIVE(b); b++)
		for (k = 0; k < 4 && b->keys[k]; k++)
			if (b->keys[k] == key && tui_binding_on(t, b, v->st))
				return b->action;
	return key;
}

static void dispatch_key(struct tui *t, int key)
{
	int r = TUI_PASS, k = key;

	if (key == TK(KEY_RESIZE)) {
		t->dirty |= TUI_REPAINT_ALL;
		return;
	}
	if (t->depth > 0) {
		struct tui_view v = t->stack[t->depth - 1];

		k = bound_action(t, &v, key);
		if (k == TUI_ACT_HELP) {
			screen_help_open(t, &v);
			r = TUI_REPAINT_ALL;
		} else {
			r = v.scr->key(t, v.st, k);
		}
	}
	if (r != TUI_PASS) {
		t->dirty |= r;
		return;
	}
	if (key == TK_F(1) && t->depth > 0 && strcmp(t->stack[t->depth - 1].scr->name, "help")) {
		struct tui_view v = t->stack[t->depth - 1];

		screen_help_open(t, &v);
		t->dirty |= TUI_REPAINT_ALL;
	} else if (key == TK_CTRL('L')) {
		clearok(curscr, TRUE);
		t->dirty |= TUI_REPAINT_ALL;
	}
}

/* Hand out what the burst detector decided, in order. */
static void drain_wedge(struct tui *t)
{
	struct wedge_out o;
	size_t i;

	while (wedge_next(&t->wedge, &o) != WEDGE_NONE) {
		if (o.kind == WEDGE_KEY) {
			dispatch_key(t, o.key);
		} else if (o.scan.partial) {
			/* A fast burst without Enter: pasted text, not a scan. */
			for (i = 0; o.scan.code[i]; i++)
				dispatch_key(t, (unsigned char)o.scan.code[i]);
		} else {
			tui_scan(t, &o.scan);
		}
	}
}

static int normalise_key(int r, wint_t wc)
{
	if (r == KEY_CODE_YES) {
		if (wc == KEY_ENTER)
			return TK_ENTER;
		if (wc == KEY_BACKSPACE)
			return TK_BS;
		return TK((int)wc);
	}
	if (wc == '\n')
		return TK_ENTER;
	if (wc == 8)
		return TK_BS;
	return (int)wc;
}

static void read_keys(struct tui *t, int64_t now)
{
	wint_t wc;
	int r, key;

	while ((r = get_wch(&wc)) != ERR) {
		key = normalise_key(r, wc);
		t->last_key_ns = now;
		if (key != TK(KEY_RESIZE))
			trace_nkeys++;
		if (trace_fp && !trace_key_read) {
			trace_key_read = real_us();
			trace_key = key;
		}
		while (wedge_feed(&t->wedge, key, now) == POS_ERR_FULL)
			drain_wedge(t);
		drain_wedge(t);
		if (t->quit)
			return;
	}
}

static void read_scanner(struct tui *t)
{
	struct scan_event ev;
	struct pos_error err;
	unsigned seq;

	if (!t->scanner)
		return;
	seq = scanner_state_seq(t->scanner);
	if (scanner_handle(t->scanner, &err))
		tui_error(t, &err);
	while (scanner_next(t->scanner, &ev))
		tui_scan(t, &ev);
	if (scanner_state_seq(t->scanner) != seq) {
		const char *s = scanner_state_text(t->scanner);

		if (scanner_state(t->scanner) == SCANNER_CONNECTED)
			tui_msg(t, TUI_MSG_OK, "%s", tr("the scanner is connected"));
		else
			tui_msg(t, TUI_MSG_WARN, "%s%s%s", tr("the scanner is not connected"),
				*s ? ": " : "", s);
	}
}

/* --- set-up --------------------------------------------------------------- */

static void setup_locale(struct tui *t)
{
	const char *cs;

	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	cs = nl_langinfo(CODESET);
	if (!cs || strcmp(cs, "UTF-8") != 0) {
		/* The POS speaks Vietnamese: prefer a UTF-8 locale when the
		 * environment names none (a bare console, cron, ssh). */
		if (setlocale(LC_CTYPE, "C.UTF-8") || setlocale(LC_CTYPE, "en_US.UTF-8"))
			cs = nl_langinfo(CODESET);
	}
	t->utf8 = cs && strcmp(cs, "UTF-8") == 0;
	utf8_ok = t->utf8;
}

static void open_scanner(struct tui *t)
{
	struct device_spec spec;
	struct scanner_opts o;
	struct pos_error err;
	char buf[256] = "";
	const char *s = getenv("OCOP_POS_SCANNER");

	if (!s || !*s) {
		if (setting_get(t->db, "scanner.device", buf, sizeof(buf), NULL) == 0)
			s = buf;
	}
	if (!s || !*s || strcmp(s, "wedge") == 0)
		return;
	scanner_set_tr(tr);           /* the drivers' sentences in the cashier's language */
	if (device_spec_parse(s, &spec, &err)) {
		tui_error(t, &err);
		return;
	}
	scanner_opts_init(&o);
	o.allow_absent = 1;
	if (scanner_open(&spec, &o, &t->scanner, &err)) {
		tui_error(t, &err);
		t->scanner = NULL;
	}
}

/* The printer printing.h will use, and a word for it in the status bar. */
static void find_printer(struct tui *t)
{
	static const struct { const char *prefix, *word; } kinds[] = {
		{ "file:", N_("file") }, { "usb:", "USB" }, { "lp:", "USB (lp)" },
		{ "tcp:", N_("network") }, { "serial:", N_("serial") }, { "null", N_("none") },
	};
	size_t i;

	app_printer_spec(t->app, NULL, t->printer_spec, sizeof(t->printer_spec));
	t->printer_state[0] = '\0';
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strncmp(t->printer_spec, kinds[i].prefix, strlen(kinds[i].prefix)) == 0)
			snprintf(t->printer_state, sizeof(t->printer_state), "%s", kinds[i].word);
}

static int timeout_ms(struct tui *t, int64_t now)
{
	int64_t until, d;
	struct timespec ts;

	/* Wake at the next second for the clock. */
	clock_gettime(CLOCK_REALTIME, &ts);
	until = now + (1000000000LL - ts.tv_nsec);
	d = wedge_deadline(&t->wedge);
	if (d >= 0 && d < until)
		until = d;
	if (t->msg_until_ns && t->msg_until_ns < until)
		until = t->msg_until_ns;
	d = until - now;
	if (d < 0)
		return 0;
	return (int)((d + 999999) / 1000000);
}

static int run_loop(struct tui *t)
{
	struct pollfd fds[1 + SCANNER_MAX_FDS];
	struct tui_event tick;
	time_t last_sec = time(NULL);
	int nfds, r;

	memset(&tick, 0, sizeof(tick));
	tick.kind = TUI_EV_TICK;
	t->dirty = TUI_REPAINT_ALL;
	while (!t->quit && t->depth > 0) {
		int64_t now;

		if (got_signal)
			break;
		tui_reap(t);
		if (t->dirty) {
			t->dirty = 0;
			paint(t);
		}
		trace_idle(t);
		fds[0].fd = STDIN_FILENO;
		fds[0].events = POLLIN;
		fds[0].revents = 0;
		nfds = 1;
		if (t->scanner)
			nfds += scanner_pollfds(t->scanner, fds + 1, SCANNER_MAX_FDS);
		r = poll(fds, (nfds_t)nfds, timeout_ms(t, now_ns()));
		if (r < 0 && errno != EINTR)
			break;
		if (got_signal)
			break;
		now = now_ns();
		if (r > 0 && (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) &&
		    !(fds[0].revents & POLLIN))
			break;          /* the terminal went away */
		/* get_wch() also returns KEY_RESIZE after SIGWINCH interrupted poll. */
		read_keys(t, now);
		wedge_tick(&t->wedge, now_ns());
		drain_wedge(t);
		read_scanner(t);
		if (t->msg_until_ns && now >= t->msg_until_ns) {
			t->msg[0] = '\0';
			t->msg_until_ns = 0;
			t->dirty |= TUI_REPAINT_ALL;
		}
		if (time(NULL) != last_sec) {
			last_sec = time(NULL);
			t->dirty |= TUI_REPAINT_STATUS;
			if (t->depth > 0)
				send_event(t, t->depth - 1, &tick);
			tui_einv_idle(t, now_ns());
		}
	}
	return 0;
}

int tui_run(const struct tui_opts *o)
{
	struct tui *t = xcalloc(1, sizeof(*t));
	struct pos_error err;
	int rc = 0;

	t->db = o->db;
	t->cfg = o->cfg;
	t->db_path = o->db_path;
	t->datadir = o->datadir;
	t->app = o->app;
	snprintf(t->register_code, sizeof(t->register_code), "%s",
		 o->cfg && o->cfg->register_code[0] ? o->cfg->register_code : "01");
	if (showroom_local(t->db, &t->showroom, &err)) {
		fprintf(stderr, "ocop-pos: %s\n", pos_error_text(&err));
		free(t);
		return 1;
	}
	wedge_init(&t->wedge, NULL, "wedge");
	find_printer(t);

	setup_locale(t);
	if (tcgetattr(STDIN_FILENO, &saved_tio) == 0)
		have_tio = 1;
	if (!getenv("ESCDELAY"))
		set_escdelay(25);
	if (!initscr()) {
		fprintf(stderr, "ocop-pos: %s\n", tr("cannot start the terminal screen (is TERM set?)"));
		free(t);
		return 1;
	}
	curses_on = 1;
	atexit(tui_restore);
	add_restore("sgr0");
	add_restore("cnorm");
	add_restore("rmcup");
	install_signals();
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	setup_colors(t);
	getmaxyx(stdscr, t->rows, t->cols);

	if (getenv("OCOP_POS_TRACE") && *getenv("OCOP_POS_TRACE"))
		trace_fp = fopen(getenv("OCOP_POS_TRACE"), "a");
	open_scanner(t);
	screen_login_open(t);
	run_loop(t);

	while (t->depth > 0)
		tui_pop(t);
	tui_reap(t);
	if (t->has_cart)
		cart_release(&t->cart);
	scanner_close(t->scanner);
	tui_restore();
	if (trace_fp)
		fclose(trace_fp);
	trace_fp = NULL;
	if (got_signal) {
		fprintf(stderr, tr("ocop-pos: stopped by signal %d; the open cart is saved and comes "
				   "back at the next login\n"), (int)got_signal);
		rc = 128 + (int)got_signal;
	}
	explicit_bzero(t, sizeof(*t));
	free(t);
	return rc;
}
