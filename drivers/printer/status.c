/*
 * status.c - DLE EOT queries and their meaning (see status.h).
 *
 * Real-time status bytes have bit 1 and bit 4 set and bits 0 and 7
 * clear; anything else (a late answer, automatic status back, noise) is
 * ignored rather than misread.  Bits used:
 *   n=1 printer:   3 offline, 5 waiting for recovery, 6 feed button, 2 drawer pin 3
 *   n=2 offline:   2 cover open, 3 feed button, 5 stopped for paper end, 6 error
 *   n=4 paper:     2-3 roll near end, 5-6 roll end
 */
#include "status.h"

#include <stdio.h>
#include <string.h>

#define DLE 0x10
#define EOT 0x04

int status_decode(int n, unsigned char b, struct printer_status *st)
{
	if ((b & 0x93) != 0x12)
		return -1;
	switch (n) {
	case 1:
		st->answered = 1;
		st->online = !(b & 0x08);
		st->feed_button = (b & 0x40) != 0;
		st->drawer_high = (b & 0x04) != 0;
		st->raw[0] = b;
		st->have[0] = 1;
		return 0;
	case 2:
		st->cover_open = (b & 0x04) != 0;
		if (b & 0x08)
			st->feed_button = 1;
		if (b & 0x20)
			st->paper_out = 1;
		st->error = (b & 0x40) != 0;
		st->raw[1] = b;
		st->have[1] = 1;
		return 0;
	case 4:
		st->paper_near_end = (b & 0x0C) != 0;
		if (b & 0x60)
			st->paper_out = 1;
		st->raw[2] = b;
		st->have[2] = 1;
		return 0;
	default:
		return -1;
	}
}

/* Read and throw away anything already waiting (a late answer). */
static int drain(struct transport *t, struct pos_error *err)
{
	unsigned char junk[64];
	size_t got;
	int i, r;

	for (i = 0; i < 4; i++) {
		r = transport_read(t, junk, sizeof(junk), &got, 1, err);
		if (r)
			return r;
		if (!got)
			break;
	}
	return 0;
}

int status_query(struct transport *t, int timeout_ms, struct printer_status *out,
		 struct pos_error *err)
{
	static const int qs[3] = { 1, 2, 4 };
	struct printer_status st;
	int i, r;

	if (timeout_ms <= 0)
		timeout_ms = STATUS_TIMEOUT_MS;
	memset(&st, 0, sizeof(st));
	r = drain(t, err);
	if (r)
		return r;
	for (i = 0; i < 3; i++) {
		unsigned char q[3] = { DLE, EOT, (unsigned char)qs[i] }, b = 0;
		size_t got = 0;

		r = transport_write(t, q, sizeof(q), timeout_ms, err);
		if (r)
			return r;
		r = transport_read(t, &b, 1, &got, timeout_ms, err);
		if (r)
			return r;
		if (!got) {
			if (i == 0)
				break;          /* no answer at all: a one-way printer */
			continue;
		}
		status_decode(qs[i], b, &st);
		if (i == 0 && !st.answered)
			break;
	}
	*out = st;
	return 0;
}

const char *status_describe(const struct printer_status *st, char *buf, size_t n)
{
	size_t len;

	if (!st->answered) {
		snprintf(buf, n, "%s",
			 DRV_TR("no answer (this printer or connection does not report status)"));
		return buf;
	}
	snprintf(buf, n, "%s", st->online ? DRV_TR("online") : DRV_TR("offline"));
	len = strlen(buf);
#define ADD(cond, text) \
	do { \
		if ((cond) && len < n) { \
			snprintf(buf + len, n - len, "%s%s", first ? ": " : ", ", text); \
			len = strlen(buf); \
			first = 0; \
		} \
	} while (0)
	{
		int first = 1;

		ADD(st->cover_open, DRV_TR("cover open"));
		ADD(st->paper_out, DRV_TR("paper out"));
		ADD(!st->paper_out && st->paper_near_end, DRV_TR("paper nearly out"));
		ADD(st->error, DRV_TR("printer error (cutter jam or overheated)"));
		ADD(st->feed_button, DRV_TR("feed button pressed"));
		if (first && st->have[2] && len < n)
			snprintf(buf + len, n - len, "%s", DRV_TR(", paper OK"));
	}
#undef ADD
	return buf;
}

int status_check(const struct printer_status *st, struct pos_error *err)
{
	if (!st->answered)
		return 0;
	if (st->paper_out)
		return pos_fail(err, POS_ERR_DEVICE,
				DRV_TR("the printer is out of paper: put in a new roll and close the "
				"cover, then print again"));
	if (st->cover_open)
		return pos_fail(err, POS_ERR_DEVICE,
				DRV_TR("the printer's cover is open: close it firmly, then print again"));
	if (st->error)
		return pos_fail(err, POS_ERR_DEVICE,
				DRV_TR("the printer reports an error (paper jam at the cutter or "
				"overheated): switch it off, clear the paper, switch it on and "
				"print again"));
	if (!st->online)
		return pos_fail(err, POS_ERR_DEVICE,
				DRV_TR("the printer is offline: check the paper and the cover, press "
				"its feed button once, then print again"));
	return 0;
}
