/*
 * dl_curses.h - ncurses, loaded when the terminal POS starts (see
 * lib/dynlib.h and dl_curses.c).  main() calls dynlib_open(&dynlib_curses)
 * before tui_run() to say clearly when the library is missing.
 */
#ifndef OCOP_UI_DL_CURSES_H
#define OCOP_UI_DL_CURSES_H

#include "lib/dynlib.h"

extern struct dynlib dynlib_curses;

#endif
