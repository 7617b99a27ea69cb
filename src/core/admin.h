/*
 * admin.h - what the administrator changes from the settings screen: the
 * showroom's own details (name, address, tax code, phone printed on every
 * receipt) and the showroom settings the screens expose (printer device,
 * profile and Vietnamese mode, scanner, interface language).
 *
 * Both need PERM_SETTINGS (admin) and are audited, so the rule holds
 * whatever the front end; setting_get/setting_set (showroom.h) stay the
 * unchecked primitives the system itself uses.
 */
#ifndef OCOP_ADMIN_H
#define OCOP_ADMIN_H

#include <stddef.h>

#include "lib/err.h"

struct db;
struct showroom;
struct user;

/* The settings a person may change here, with what each accepts. */
#define ADMIN_SET_PRINTER "printer.device"     /* a device spec (lib/devspec.h) */
#define ADMIN_SET_PROFILE "printer.profile"    /* a profile name */
#define ADMIN_SET_VN_MODE "printer.vn_mode"    /* raster, tcvn3, cp1258 or ascii */
#define ADMIN_SET_SCANNER "scanner.device"     /* a device spec or "wedge" */
#define ADMIN_SET_LANG "ui.lang"               /* vi or en */
#define ADMIN_SET_DRAWER "drawer.open_on_cash"  /* 1 (default) or 0: kick the drawer on a cash sale */
#define ADMIN_SET_DRAWER_PIN "drawer.pin"       /* 2 (default) or 5: the drawer's connector pin */
#define ADMIN_SET_DISCOUNT "sale.cashier_discount_limit_bp"  /* 0..10000 basis points */
#define ADMIN_SET_BLOCK_LAPSED "sale.block_lapsed_cert"     /* 1: refuse lapsed certificates */
#define ADMIN_SET_OVERSELL "stock.oversell"    /* refuse (default) or allow */
#define ADMIN_SET_LOYALTY_EARN "loyalty.points_per_1000"   /* 0 (off) .. 1000 */
#define ADMIN_SET_LOYALTY_VALUE "loyalty.point_vnd"        /* ₫ per point, 1 .. 100000 */
#define ADMIN_SET_CASH_ROUNDING "cash.rounding_step"  /* 0 (off) or 100, 200, 500, 1000,
							 2000, 5000, 10000 VND (sale.h) */

/*
 * Change this database's own showroom: name, address, tax code and phone
 * from s (the code, the province and the hub role stay as `init` made
 * them; s->code must be this showroom's).  Checked like showroom_create
 * (name required, tax code with its check digit).  Needs PERM_SETTINGS;
 * audited ("showroom") with the fields that changed.  *changed (may be
 * NULL) is 1 when anything was written.
 */
int admin_showroom_update(struct db *db, const struct user *u, const struct showroom *s,
			  int *changed, struct pos_error *err);

/*
 * Set one of the ADMIN_SET_* settings to value ("" removes it, so the
 * default applies again).  The value is checked for its key: a device
 * spec that parses, a mode or language name, a profile name of letters,
 * digits, '-', '_' and '.'.  Unknown keys are refused (POS_ERR_INVALID).
 * Needs PERM_SETTINGS; audited ("setting", key=value).
 */
int admin_setting_set(struct db *db, const struct user *u, const char *key, const char *value,
		      struct pos_error *err);

#endif
