/*
 * status.h - asking an ESC/POS printer how it is (DLE EOT n) and saying
 * it in words a cashier can act on.
 *
 * DLE EOT 1 (printer), 2 (offline cause) and 4 (paper sensor) each get
 * one byte back on the bulk IN endpoint, the TCP socket or a
 * bidirectional lp device.  One-way printers, files and null never
 * answer: that is "no status", not an error.
 */
#ifndef OCOP_PRINTER_STATUS_H
#define OCOP_PRINTER_STATUS_H

#include <stddef.h>

#include "lib/err.h"
#include "drivers/device.h"

#define STATUS_TIMEOUT_MS 500

struct printer_status {
	int answered;           /* the printer answered DLE EOT 1 */
	int online;
	int cover_open;
	int paper_near_end;
	int paper_out;
	int error;              /* cutter jam, overheating, mechanical error */
	int feed_button;        /* the feed button is being pressed */
	int drawer_high;        /* drawer connector pin 3 high (drawer open on most) */
	unsigned char raw[3];   /* answers to n = 1, 2, 4 */
	int have[3];            /* which answers came, and were well-formed */
};

/*
 * Decode the answer byte b to DLE EOT n (1, 2 or 4) into st.  Returns 0,
 * or -1 when b is not a well-formed status byte (fixed bits wrong).
 */
int status_decode(int n, unsigned char b, struct printer_status *st);

/*
 * Ask the printer on t.  Returns 0 with *out filled (out->answered = 0
 * when it does not answer), or POS_ERR_DEVICE when the transport fails
 * (unplugged...).  Waits at most timeout_ms per question (<= 0: default).
 */
int status_query(struct transport *t, int timeout_ms, struct printer_status *out,
		 struct pos_error *err);

/* A short description ("online, paper OK" / "offline: cover open, paper
 * out") into buf; returns buf. */
const char *status_describe(const struct printer_status *st, char *buf, size_t n);

/*
 * 0 when the printer can print (or did not answer), else POS_ERR_DEVICE
 * with what to do: "the printer is out of paper: put in a new roll and
 * close the cover, then print again".
 */
int status_check(const struct printer_status *st, struct pos_error *err);

#endif
