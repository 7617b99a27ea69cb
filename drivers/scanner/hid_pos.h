/*
 * hid_pos.h - decode HID POS scanner reports (usage page 0x8C, "Barcode
 * Scanner") into scan codes with their symbology.
 *
 * A scanned-data input report, as read from the interrupt endpoint:
 *
 *   byte 0       report ID 2
 *   byte 1       number of data bytes in this report (at most 56)
 *   bytes 2-4    the AIM symbology identifier, "]E0" for EAN-13
 *   bytes 5-60   data
 *   bytes 61-62  vendor (Honeywell: its own code ID, then 0)
 *   byte 63      bit 0 set: more reports of the same code follow
 *
 * A code longer than one report comes in several, each with the "more"
 * bit but the last; reports shorter than 64 bytes carry no such bit and
 * end their code.  A code whose continuation does not come within
 * flush_ms is handed out marked partial.  Reports with other IDs (status,
 * feature answers) are not scans and are ignored; a report that is too
 * short, or whose length byte exceeds its data, is refused and counted.
 * Trailing CR/LF the scanner may append is dropped.  No suffix is needed:
 * the report says where the code ends.
 *
 * Honeywell scanners in keyboard mode switch to HID POS when sent feature
 * report HIDPOS_HONEYWELL_SWITCH_ID with the byte 1 (usbscan.c does it).
 *
 * Pure: no clock, no I/O.
 */
#ifndef OCOP_HID_POS_H
#define OCOP_HID_POS_H

#include <stddef.h>
#include <stdint.h>

#include "drivers/scanner/scanbuf.h"
#include "drivers/scanner/scanner.h"

#define HIDPOS_REPORT_ID 0x02
#define HIDPOS_REPORT_LEN 64
#define HIDPOS_DATA_MAX 56
#define HIDPOS_HONEYWELL_SWITCH_ID 254

struct hidpos {
	struct scanbuf buf;
	char aim[4];                /* symbology of the code being assembled */
	int more;                   /* a continuation report is expected */
	int64_t t_more;             /* when the last "more" report came */
	int64_t flush_ns;
	unsigned long bad_reports;
	unsigned long other_reports;
};

/* Set up p with o's flush_ms (o NULL: defaults). */
void hidpos_init(struct hidpos *p, const struct scanner_opts *o, const char *source);

/*
 * Feed one report of n bytes received at t_ns.  Returns 0 (a scanned-
 * data report decoded, or another report ignored), or POS_ERR_INVALID for
 * a malformed scanned-data report (ignored and counted).
 */
int hidpos_feed(struct hidpos *p, const uint8_t *rep, size_t n, int64_t t_ns);

/* When hidpos_tick() must give up on a continuation, or -1. */
int64_t hidpos_deadline(const struct hidpos *p);

/* Hand out a code whose continuation has not come by now_ns (partial). */
void hidpos_tick(struct hidpos *p, int64_t now_ns);

/* Take the oldest scan: 1 and *ev written, or 0. */
int hidpos_next(struct hidpos *p, struct scan_event *ev);

#endif
