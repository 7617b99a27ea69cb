/*
 * wedge.c - the burst detector (see wedge.h).  The terminal source that
 * runs it over standard input is wedge_term.c.
 *
 * The detector keeps the held burst with each key's time.  When a burst
 * turns out to be a scan, its first key is checked against the rhythm of
 * the rest: a key typed by a person just before the scanner fired is
 * split off (its gap is more than SPLIT_FACTOR times the median gap of the
 * scan and at least SPLIT_MIN_NS).  A person's key landing inside a burst
 * cannot be told apart; the code then fails its check digit in core.
 */
#include "wedge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WEDGE_MARK (-1)
#define SPLIT_FACTOR 4
#define SPLIT_MIN_NS 4000000        /* 4 ms */

void wedge_init(struct wedge *w, const struct scanner_opts *o, const char *source)
{
	struct scanner_opts def;

	if (!o) {
		scanbuf_default_opts(&def);
		o = &def;
	}
	memset(w, 0, sizeof(*w));
	w->suffix = o->suffix;
	w->min_len = o->min_len > 0 ? (size_t)o->min_len : 1;
	if (w->min_len > SCAN_CODE_MAX - 1)
		w->min_len = SCAN_CODE_MAX - 1;
	w->gap_ns = (int64_t)(o->gap_ms > 0 ? o->gap_ms : 1) * 1000000;
	snprintf(w->source, sizeof(w->source), "%s", source ? source : "wedge");
	scanq_init(&w->scans);
}

static int holdable(int key)
{
	return key >= 0x20 && key < 0x7f;
}

static int is_suffix(const struct wedge *w, int key)
{
	if (w->suffix == SCANNER_SUFFIX_NONE)
		return 0;
	if (w->suffix == SCANNER_SUFFIX_ENTER)
		return key == '\r' || key == '\n';
	return key == w->suffix;
}

static void out_push(struct wedge *w, int v)
{
	/* wedge_feed() checked for room. */
	if (w->out_count >= WEDGE_OUT_MAX)
		return;
	w->out[(w->out_head + w->out_count) % WEDGE_OUT_MAX] = v;
	w->out_count++;
}

/* Hand the first n held keys back as typed keys and drop them. */
static void release(struct wedge *w, size_t n)
{
	size_t i;

	if (n > w->nheld)
		n = w->nheld;
	for (i = 0; i < n; i++)
		out_push(w, (unsigned char)w->held[i]);
	memmove(w->held, w->held + n, w->nheld - n);
	memmove(w->t_held, w->t_held + n, (w->nheld - n) * sizeof(w->t_held[0]));
	w->nheld -= n;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * How many leading held keys were typed by a person just before the scan
 * (0 or 1): the first gap against the median of the others, the gap to
 * the suffix (at t_end, or -1 when there is none) included.
 */
static size_t typed_prefix(const struct wedge *w, int64_t t_end)
{
	int64_t gaps[SCAN_CODE_MAX];
	size_t n = 0, i;
	int64_t first, median;

	if (w->nheld < w->min_len + 1)
		return 0;
	first = w->t_held[1] - w->t_held[0];
	for (i = 2; i < w->nheld; i++)
		gaps[n++] = w->t_held[i] - w->t_held[i - 1];
	if (t_end >= 0)
		gaps[n++] = t_end - w->t_held[w->nheld - 1];
	if (n == 0)
		return 0;
	qsort(gaps, n, sizeof(gaps[0]), cmp_i64);
	median = gaps[n / 2];
	if (first >= SPLIT_MIN_NS && first > SPLIT_FACTOR * median)
		return 1;
	return 0;
}

/* Turn all held keys into a scan ending at t_end. */
static void emit_scan(struct wedge *w, int64_t t_end, int partial)
{
	struct scan_event ev;

	memset(&ev, 0, sizeof(ev));
	memcpy(ev.code, w->held, w->nheld);
	ev.code[w->nheld] = '\0';
	snprintf(ev.source, sizeof(ev.source), "%s", w->source);
	ev.t_ns = w->t_held[0];
	/* A clock that went back (fed by the caller) must not make it negative. */
	ev.dur_ns = t_end > w->t_held[0] ? t_end - w->t_held[0] : 0;
	ev.partial = partial;
	if (w->scans.count < SCANQ_LEN) {
		scanq_push(&w->scans, &ev);
		out_push(w, WEDGE_MARK);
	} else {
		/* Nobody takes the scans: hand the keys back rather than lose them. */
		release(w, w->nheld);
		return;
	}
	w->nheld = 0;
}

/*
 * The burst ended without its suffix (pause, other key, end of input):
 * a scan cut short if long enough, else typed keys.
 */
static void end_burst(struct wedge *w)
{
	size_t typed;

	if (w->nheld == 0)
		return;
	if (w->nheld < w->min_len) {
		release(w, w->nheld);
		return;
	}
	typed = typed_prefix(w, -1);
	release(w, typed);
	if (w->nheld < w->min_len) {
		release(w, w->nheld);
		return;
	}
	emit_scan(w, w->t_held[w->nheld - 1], w->suffix != SCANNER_SUFFIX_NONE);
}

void wedge_tick(struct wedge *w, int64_t now_ns)
{
	if (w->nheld && now_ns - w->t_held[w->nheld - 1] > w->gap_ns)
		end_burst(w);
}

void wedge_flush(struct wedge *w)
{
	end_burst(w);
}

int64_t wedge_deadline(const struct wedge *w)
{
	if (!w->nheld)
		return -1;
	return w->t_held[w->nheld - 1] + w->gap_ns + 1;
}

int wedge_feed(struct wedge *w, int key, int64_t t_ns)
{
	size_t typed;

	/* Room for the worst case: a whole burst released twice, and a mark. */
	if (w->out_count + 2 * SCAN_CODE_MAX + 2 > WEDGE_OUT_MAX)
		return POS_ERR_FULL;
	wedge_tick(w, t_ns);
	if (w->nheld && is_suffix(w, key)) {
		if (w->nheld >= w->min_len) {
			typed = typed_prefix(w, t_ns);
			release(w, typed);
		}
		if (w->nheld >= w->min_len) {
			emit_scan(w, t_ns, 0);
			return 0;
		}
		release(w, w->nheld);
		out_push(w, key);
		return 0;
	}
	if (holdable(key)) {
		if (w->nheld + 1 >= SCAN_CODE_MAX) {
			/* Longer than any code: hand it out cut, go on with a new burst. */
			emit_scan(w, w->t_held[w->nheld - 1], 1);
		}
		w->held[w->nheld] = (char)key;
		w->t_held[w->nheld] = t_ns;
		w->nheld++;
		return 0;
	}
	end_burst(w);
	out_push(w, key);
	return 0;
}

enum wedge_kind wedge_next(struct wedge *w, struct wedge_out *out)
{
	int v;

	if (!w->out_count)
		return WEDGE_NONE;
	v = w->out[w->out_head];
	w->out_head = (w->out_head + 1) % WEDGE_OUT_MAX;
	w->out_count--;
	memset(out, 0, sizeof(*out));
	if (v == WEDGE_MARK && scanq_pop(&w->scans, &out->scan)) {
		out->kind = WEDGE_SCAN;
		return WEDGE_SCAN;
	}
	out->kind = WEDGE_KEY;
	out->key = v;
	return WEDGE_KEY;
}
