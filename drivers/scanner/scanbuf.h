/*
 * scanbuf.h - the code assembler every scanner decoder shares: decoded
 * characters go in with their time, scan events come out.
 *
 * A code ends with the configured suffix (Enter = CR or LF, CR LF
 * counting once; Tab; any ASCII character), or, when the scanner sends no
 * suffix, with a pause of flush_ms.  A code still waiting for its suffix
 * after flush_ms is handed out marked partial, never dropped.  CR, LF and
 * Tab never become part of a code; other control and non-ASCII bytes are
 * kept as '?' (so the code fails validation visibly rather than
 * vanishing), except GS (0x1d, the GS1 separator).  A code longer than
 * SCAN_CODE_MAX - 1 keeps its first characters and is marked partial.
 *
 * Finished events wait in a small FIFO (struct scanq) until the source
 * hands them out.  Pure: no allocation, no clock, no I/O.
 */
#ifndef OCOP_SCANBUF_H
#define OCOP_SCANBUF_H

#include <stddef.h>
#include <stdint.h>

#include "drivers/scanner/scanner.h"

#define SCANQ_LEN 16

/* Finished scans waiting to be taken. */
struct scanq {
	struct scan_event ev[SCANQ_LEN];
	unsigned head, count;
	unsigned long dropped;      /* scans lost because nobody took them */
};

struct scanbuf {
	char code[SCAN_CODE_MAX];
	size_t len;
	int64_t t_first, t_last;
	int overflow;               /* characters were cut off */
	int suffix;                 /* SCANNER_SUFFIX_* or an ASCII character */
	int64_t flush_ns;           /* pause that ends (or cuts) a code; 0 = never */
	char source[64];
	struct scanq q;
};

/*
 * The default options (scanner.h's SCANNER_DEF_*: Enter, gap, min_len,
 * flush, retry, US), for decoders given none; scanner_opts_init() is the
 * same for users of the scanner interface.
 */
void scanbuf_default_opts(struct scanner_opts *o);

/* Empty queue. */
void scanq_init(struct scanq *q);

/* Append a copy of ev; when full the new event is dropped and counted. */
void scanq_push(struct scanq *q, const struct scan_event *ev);

/* Take the oldest event: 1 and *ev written, or 0 when empty. */
int scanq_pop(struct scanq *q, struct scan_event *ev);

/*
 * Set up b for a source called source (copied, truncated to fit) with the
 * given suffix and flush pause in milliseconds (<= 0: never flush).
 */
void scanbuf_init(struct scanbuf *b, int suffix, int flush_ms, const char *source);

/*
 * Feed one decoded character (0-255) received at t_ns.  A pending code
 * whose flush time has passed is flushed first.
 */
void scanbuf_char(struct scanbuf *b, int ch, int64_t t_ns);

/*
 * Append the n bytes at p to the current code without looking for a
 * suffix (HID POS data), filtering them as described above.
 */
void scanbuf_append(struct scanbuf *b, const uint8_t *p, size_t n, int64_t t_ns);

/*
 * End the current code now: queue an event with symbology (NULL = "")
 * and partial (or'ed with the overflow flag).  Nothing happens when the
 * code is empty.
 */
void scanbuf_finish(struct scanbuf *b, int64_t t_ns, const char *symbology, int partial);

/* Drop the current code (no event). */
void scanbuf_reset(struct scanbuf *b);

/*
 * When a pending code must be flushed (t_last + flush_ns), or -1 when
 * there is nothing pending or no flush pause.
 */
int64_t scanbuf_deadline(const struct scanbuf *b);

/*
 * Flush the pending code if its deadline has passed at now_ns: partial
 * when a suffix was expected, complete when the suffix is NONE.
 */
void scanbuf_tick(struct scanbuf *b, int64_t now_ns);

/* Take the oldest finished scan: 1 and *ev written, or 0. */
int scanbuf_next(struct scanbuf *b, struct scan_event *ev);

/*
 * The character a code keeps for byte c: c itself for printable ASCII
 * and GS, -1 for CR, LF and Tab (never part of a code), '?' otherwise.
 */
int scanbuf_filter(int c);

#endif
