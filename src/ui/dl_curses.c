/*
 * dl_curses.c - ncurses (with its terminfo library) loaded when the
 * terminal POS starts, not at every start of the command line (see
 * lib/dynlib.h).  The functions src/ui calls are forwarders; the three
 * variables it reads (stdscr, curscr and acs_map, behind the ACS_ line
 * characters) are ours, copied from the library's after initscr(), which
 * sets them, and after endwin().  ncurses resizes those windows in place,
 * so the pointers stay right.
 */
#include "ui/dl_curses.h"

#include <curses.h>
#include <term.h>

static const char *const names[] = { "libncursesw.so.6", "libncursesw.so.5", "libncursesw.so",
				     NULL };
struct dynlib dynlib_curses = { .names = names, .package = "libncursesw6",
			.use = "the terminal POS" };

WINDOW *stdscr, *curscr;
chtype acs_map[128];

/* Our copies of the library's variables. */
static void copy_vars(void)
{
	WINDOW **s = dynlib_sym(&dynlib_curses, "stdscr");
	WINDOW **c = dynlib_sym(&dynlib_curses, "curscr");
	chtype *a = dynlib_sym(&dynlib_curses, "acs_map");

	stdscr = s ? *s : NULL;
	curscr = c ? *c : NULL;
	if (a)
		memcpy(acs_map, a, sizeof(acs_map));
}

WINDOW *initscr(void)
{
	static WINDOW *(*fp)(void);
	WINDOW *w;

	if (!fp) {
		void *p = dynlib_sym(&dynlib_curses, "initscr");

		if (!p)
			return NULL;
		memcpy(&fp, &p, sizeof(fp));
	}
	w = fp();
	copy_vars();
	return w;
}

int endwin(void)
{
	static int (*fp)(void);
	int r;

	if (!fp) {
		void *p = dynlib_sym(&dynlib_curses, "endwin");

		if (!p)
			return ERR;
		memcpy(&fp, &p, sizeof(fp));
	}
	r = fp();
	copy_vars();
	return r;
}

DYNLIB_FN(dynlib_curses, int, ERR, beep, (void), ())
DYNLIB_FN(dynlib_curses, int, ERR, clearok, (WINDOW *win, bool bf), (win, bf))
DYNLIB_FN(dynlib_curses, int, ERR, doupdate, (void), ())
DYNLIB_FN(dynlib_curses, bool, FALSE, has_colors, (void), ())
DYNLIB_FN(dynlib_curses, int, ERR, init_pair, (short pair, short f, short b), (pair, f, b))
DYNLIB_FN(dynlib_curses, int, ERR, noecho, (void), ())
DYNLIB_FN(dynlib_curses, int, ERR, nonl, (void), ())
DYNLIB_FN(dynlib_curses, int, ERR, set_escdelay, (int ms), (ms))
DYNLIB_FN(dynlib_curses, int, ERR, start_color, (void), ())
DYNLIB_FN(dynlib_curses, int, ERR, use_default_colors, (void), ())
DYNLIB_FN(dynlib_curses, int, ERR, waddch, (WINDOW *win, const chtype ch), (win, ch))
DYNLIB_FN(dynlib_curses, int, ERR, waddnstr, (WINDOW *win, const char *s, int n), (win, s, n))
DYNLIB_FN(dynlib_curses, int, ERR, waddnwstr, (WINDOW *win, const wchar_t *s, int n), (win, s, n))
DYNLIB_FN(dynlib_curses, int, ERR, wattr_set, (WINDOW *win, attr_t attrs, short pair, void *opts),
	  (win, attrs, pair, opts))
DYNLIB_FN(dynlib_curses, int, ERR, werase, (WINDOW *win), (win))
DYNLIB_FN(dynlib_curses, int, ERR, wget_wch, (WINDOW *win, wint_t *wch), (win, wch))
DYNLIB_FN(dynlib_curses, int, ERR, wmove, (WINDOW *win, int y, int x), (win, y, x))
DYNLIB_FN(dynlib_curses, int, ERR, wnoutrefresh, (WINDOW *win), (win))
DYNLIB_FN(dynlib_curses, int, ERR, curs_set, (int visibility), (visibility))
DYNLIB_FN(dynlib_curses, int, ERR, keypad, (WINDOW *win, bool bf), (win, bf))
DYNLIB_FN(dynlib_curses, int, ERR, nodelay, (WINDOW *win, bool bf), (win, bf))
DYNLIB_FN(dynlib_curses, int, ERR, raw, (void), ())
DYNLIB_FN(dynlib_curses, char *, (char *)-1, tigetstr, (const char *capname), (capname))
