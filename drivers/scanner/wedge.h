/*
 * wedge.h - the terminal as a scanner: tell a scan from typing by timing.
 *
 * A keyboard-wedge scanner types its code into whatever has focus, a few
 * milliseconds per key, and presses Enter.  People type a key every 50 ms
 * or more.  The detector watches every key with its arrival time:
 *
 *   - a printable key starts a burst and is held back;
 *   - each further printable key within gap_ms of the previous one joins
 *     the burst;
 *   - the suffix (Enter) within gap_ms ends the burst: with at least
 *     min_len characters it is a scan, otherwise the held keys and the
 *     Enter are handed back as typed keys;
 *   - a pause longer than gap_ms ends the burst: with at least min_len
 *     characters it is a scan cut short (partial; complete when the
 *     scanner sends no suffix), otherwise the keys were typed;
 *   - any other key (Escape, arrows, Backspace, non-ASCII) ends the burst
 *     the same way and is handed back itself.
 *   - a key typed just before a scan (its gap much longer than the scan's
 *     own rhythm) is split off and handed back as typed.
 *
 * Typed keys are therefore delayed by at most gap_ms, and everything comes
 * out in the order it went in.  The detector is pure (no clock, no I/O):
 * the TUI feeds it the keys it reads itself and asks wedge_deadline() how
 * long poll() may sleep; scanner_open() of the "wedge" spec wraps it
 * around standard input in raw mode for `ocop-pos scanner listen`.
 */
#ifndef OCOP_WEDGE_H
#define OCOP_WEDGE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"
#include "drivers/scanner/scanbuf.h"
#include "drivers/scanner/scanner.h"

#define WEDGE_OUT_MAX 512

enum wedge_kind {
	WEDGE_NONE = 0,
	WEDGE_KEY,                  /* a typed key, to handle as usual */
	WEDGE_SCAN,                 /* a scan */
};

struct wedge_out {
	enum wedge_kind kind;
	int key;                    /* WEDGE_KEY: the key as fed */
	struct scan_event scan;     /* WEDGE_SCAN */
};

struct wedge {
	int suffix;
	size_t min_len;
	int64_t gap_ns;
	char source[64];
	/* the burst being watched */
	char held[SCAN_CODE_MAX];
	int64_t t_held[SCAN_CODE_MAX];
	size_t nheld;
	/* outputs in order: keys >= 0, or WEDGE_MARK for the next scan */
	int out[WEDGE_OUT_MAX];
	unsigned out_head, out_count;
	struct scanq scans;
};

/*
 * Set up w with o's suffix, gap_ms and min_len (o NULL: defaults) for a
 * source called source (NULL: "wedge").
 */
void wedge_init(struct wedge *w, const struct scanner_opts *o, const char *source);

/*
 * Feed one key received at t_ns (nanoseconds, any monotonic clock): a
 * byte, or any other int the caller reads (ncurses KEY_* codes), which
 * never belongs to a scan.  Returns 0, or POS_ERR_FULL when the outputs
 * have not been taken (the key is not consumed then).
 */
int wedge_feed(struct wedge *w, int key, int64_t t_ns);

/* When wedge_tick() must be called if no key comes, or -1: nothing held. */
int64_t wedge_deadline(const struct wedge *w);

/* Decide about held keys whose gap has expired at now_ns. */
void wedge_tick(struct wedge *w, int64_t now_ns);

/* The input ended: decide about held keys now, as if the gap expired. */
void wedge_flush(struct wedge *w);

/* Take the next output: its kind (WEDGE_NONE when there is none). */
enum wedge_kind wedge_next(struct wedge *w, struct wedge_out *out);

#endif
