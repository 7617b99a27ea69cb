/*
 * profile.h - printer profiles (config/printers/NAME.json): what one
 * class of printer can do, derived from escpos-printer-db and field
 * reports.  The file format is documented in docs/hardware.md:
 *
 *   { "format": "ocop-pos/printer-profile", "version": 1,
 *     "name": "xprinter-pos58", "description": "...",
 *     "usb_ids": ["0416:5011", "0519:*"],
 *     "width_dots": 384, "columns": 32,
 *     "vietnamese": { "mode": "raster", "tcvn3": [30, 31], "cp1258": [27, 94] },
 *     "native_qr": false, "native_barcode": false,
 *     "cut": { "type": "none|partial|full", "feed_lines": 4 },
 *     "drawer": { "pins": [2, 5], "on_ms": 50, "off_ms": 500 },
 *     "raster_band_rows": 24, "needs_fs_dot": true, "status": true }
 *
 * Only name, width_dots and columns are required; the rest default to the
 * safest choice (raster, no native codes, no cut, pin 2).  Unknown keys
 * are ignored so newer files load in older programs.  Finding the file
 * (data directory or built in) is the caller's business: drivers never
 * include core headers.
 */
#ifndef OCOP_PRINTER_PROFILE_H
#define OCOP_PRINTER_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"
#include "vn_codepage.h"

#define PROFILE_IDS_MAX 16
#define PROFILE_CP1258_MAX 4

enum profile_cut { PROFILE_CUT_NONE = 0, PROFILE_CUT_PARTIAL, PROFILE_CUT_FULL };

struct printer_profile {
	char name[32];
	char description[160];
	struct { uint16_t vid, pid; } ids[PROFILE_IDS_MAX];     /* pid 0 = any */
	int nids;
	int width_dots;                 /* 384 (58 mm), 576 or 512 (80 mm) */
	int columns;                    /* font A characters per line */
	enum vn_mode mode;              /* default Vietnamese mode */
	int tcvn3_lower, tcvn3_upper;   /* ESC t numbers, -1 = none */
	int cp1258[PROFILE_CP1258_MAX]; /* candidate ESC t numbers, first = used */
	int ncp1258;
	int native_qr, native_barcode;  /* GS ( k / GS k work */
	enum profile_cut cut;
	int cut_feed;                   /* lines fed before cutting (or tearing) */
	unsigned drawer_pins;           /* bit 2 and/or bit 5 */
	int drawer_on_ms, drawer_off_ms;
	int band_rows;                  /* GS v 0 rows per command */
	int needs_fs_dot;               /* send FS . to leave double-byte mode */
	int status;                     /* answers DLE EOT */
};

/*
 * Parse profile JSON (len bytes; need not be NUL-terminated).  source
 * names the file in messages.  Returns 0 and fills *out, or
 * POS_ERR_INVALID with the field and the reason, or POS_ERR_NO_MEM.
 */
int profile_parse(const char *json, size_t len, const char *source,
		  struct printer_profile *out, struct pos_error *err);

/* How well a USB id matches the profile: 2 exact, 1 vendor-wide, 0 not. */
int profile_match_usb(const struct printer_profile *p, uint16_t vid, uint16_t pid);

/* The code tables a text mode uses; cp1258_table -1 = the profile's first. */
void profile_tables(const struct printer_profile *p, int cp1258_table,
		    struct vncp_tables *out);

#endif
