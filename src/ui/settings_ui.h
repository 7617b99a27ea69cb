/*
 * settings_ui.h - sections of the settings screen kept in their own files
 * (screen_settings.c draws the section list and dispatches to them).
 */
#ifndef OCOP_UI_SETTINGS_UI_H
#define OCOP_UI_SETTINGS_UI_H

#include "ui/tui.h"

/* "Selling": VietQR account, discount limit, oversell, lapsed certificates, loyalty. */
void settings_sales_draw(struct tui *t, struct tui_rect r);
void settings_sales_edit(struct tui *t);

#endif
