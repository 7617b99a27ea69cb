/*
 * history_ui.h - the till's invoice history (screen_history.c): find past
 * invoices by number, buyer, day or total; show, reprint, return, void.
 */
#ifndef OCOP_UI_HISTORY_UI_H
#define OCOP_UI_HISTORY_UI_H

#include "ui/tui.h"

/* Today's invoices, newest first (PERM_SELL). */
void screen_history_open(struct tui *t);
/* The history opened on one receipt (a scanned receipt barcode). */
void screen_history_open_receipt(struct tui *t, const char *receipt_no);

#endif
