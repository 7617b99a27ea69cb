/*
 * scanbuf.c - the shared code assembler and scan FIFO (see scanbuf.h).
 *
 * Empty codes are never queued, which also makes "CR LF" one suffix: the
 * LF ends an empty code and is ignored.
 */
#include "scanbuf.h"

#include <stdio.h>
#include <string.h>

void scanbuf_default_opts(struct scanner_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->suffix = SCANNER_SUFFIX_ENTER;
	o->gap_ms = SCANNER_DEF_GAP_MS;
	o->min_len = SCANNER_DEF_MIN_LEN;
	o->flush_ms = SCANNER_DEF_FLUSH_MS;
	o->retry_ms = SCANNER_DEF_RETRY_MS;
	o->layout = SCANNER_LAYOUT_US;
	o->usb_mode = SCANNER_USB_AUTO;
}

void scanq_init(struct scanq *q)
{
	q->head = 0;
	q->count = 0;
	q->dropped = 0;
}

void scanq_push(struct scanq *q, const struct scan_event *ev)
{
	if (q->count >= SCANQ_LEN) {
		q->dropped++;
		return;
	}
	q->ev[(q->head + q->count) % SCANQ_LEN] = *ev;
	q->count++;
}

int scanq_pop(struct scanq *q, struct scan_event *ev)
{
	if (!q->count)
		return 0;
	*ev = q->ev[q->head];
	q->head = (q->head + 1) % SCANQ_LEN;
	q->count--;
	return 1;
}

void scanbuf_init(struct scanbuf *b, int suffix, int flush_ms, const char *source)
{
	memset(b->code, 0, sizeof(b->code));
	b->len = 0;
	b->t_first = b->t_last = 0;
	b->overflow = 0;
	b->suffix = suffix;
	b->flush_ns = flush_ms > 0 ? (int64_t)flush_ms * 1000000 : 0;
	snprintf(b->source, sizeof(b->source), "%s", source ? source : "");
	scanq_init(&b->q);
}

int scanbuf_filter(int c)
{
	if (c == '\r' || c == '\n' || c == '\t')
		return -1;
	if ((c >= 0x20 && c < 0x7f) || c == 0x1d)
		return c;
	return '?';
}

/* Append one already filtered character. */
static void add(struct scanbuf *b, int c, int64_t t_ns)
{
	if (b->len == 0)
		b->t_first = t_ns;
	b->t_last = t_ns;
	if (b->len + 1 >= sizeof(b->code)) {
		b->overflow = 1;
		return;
	}
	b->code[b->len++] = (char)c;
	b->code[b->len] = '\0';
}

void scanbuf_reset(struct scanbuf *b)
{
	b->len = 0;
	b->code[0] = '\0';
	b->overflow = 0;
}

void scanbuf_finish(struct scanbuf *b, int64_t t_ns, const char *symbology, int partial)
{
	struct scan_event ev;

	if (b->len == 0) {
		scanbuf_reset(b);
		return;
	}
	memset(&ev, 0, sizeof(ev));
	memcpy(ev.code, b->code, b->len);
	ev.code[b->len] = '\0';
	snprintf(ev.symbology, sizeof(ev.symbology), "%s", symbology ? symbology : "");
	snprintf(ev.source, sizeof(ev.source), "%s", b->source);
	ev.t_ns = b->t_first;
	ev.dur_ns = t_ns > b->t_first ? t_ns - b->t_first : 0;
	ev.partial = partial || b->overflow;
	scanq_push(&b->q, &ev);
	scanbuf_reset(b);
}

int64_t scanbuf_deadline(const struct scanbuf *b)
{
	if (b->len == 0 || b->flush_ns <= 0)
		return -1;
	return b->t_last + b->flush_ns;
}

void scanbuf_tick(struct scanbuf *b, int64_t now_ns)
{
	int64_t d = scanbuf_deadline(b);

	if (d < 0 || now_ns < d)
		return;
	/* The code ended at its last character, not when we noticed. */
	scanbuf_finish(b, b->t_last, NULL, b->suffix != SCANNER_SUFFIX_NONE);
}

static int is_suffix(const struct scanbuf *b, int ch)
{
	if (b->suffix == SCANNER_SUFFIX_NONE)
		return 0;
	if (b->suffix == SCANNER_SUFFIX_ENTER)
		return ch == '\r' || ch == '\n';
	return ch == b->suffix;
}

void scanbuf_char(struct scanbuf *b, int ch, int64_t t_ns)
{
	int c;

	scanbuf_tick(b, t_ns);
	if (is_suffix(b, ch)) {
		scanbuf_finish(b, t_ns, NULL, 0);
		return;
	}
	c = scanbuf_filter(ch & 0xff);
	if (c >= 0)
		add(b, c, t_ns);
}

void scanbuf_append(struct scanbuf *b, const uint8_t *p, size_t n, int64_t t_ns)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int c = scanbuf_filter(p[i]);

		if (c >= 0)
			add(b, c, t_ns);
	}
}

int scanbuf_next(struct scanbuf *b, struct scan_event *ev)
{
	return scanq_pop(&b->q, ev);
}
