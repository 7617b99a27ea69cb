/*
 * wedge_term.h - the "wedge" scanner source: the terminal the program
 * runs in, for `ocop-pos scanner listen --scanner wedge`.
 *
 * Keys read from standard input go through the burst detector (wedge.h):
 * scans come out of scanner_next(), keys that were typed go to
 * opts.on_key in their order.  The end of input (a closed pipe, a hung-up
 * terminal) is SCANNER_ENDED, after the held keys are decided.  The TUI
 * does not use this source: it reads the keys itself and feeds a struct
 * wedge directly.
 */
#ifndef OCOP_WEDGE_TERM_H
#define OCOP_WEDGE_TERM_H

#include "lib/err.h"

struct scanner;

/*
 * Set up s (its spec is "wedge") to read standard input: allocates
 * s->priv and sets s->ops; scanner_open() then connects (raw mode).
 * Returns 0 or POS_ERR_NO_MEM.
 */
int wedge_term_open(struct scanner *s, struct pos_error *err);

#endif
