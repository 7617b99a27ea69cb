/*
 * mgr_more.h - manager and auditor screens for what was command-line only
 * (issue 14 item 23): consignment statements (screen_consign.c) and the
 * audit log (screen_audit.c).
 */
#ifndef OCOP_UI_MGR_MORE_H
#define OCOP_UI_MGR_MORE_H

#include "ui/tui.h"

/* Consignment statements: make, print, mark paid (PERM_STOCK). */
void screen_consign_open(struct tui *t);
/* The audit log by period and action (PERM_REPORTS: managers, admins, auditors). */
void screen_audit_open(struct tui *t);

#endif
