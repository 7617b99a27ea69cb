/*
 * widget_mgr.h - two widgets the manager's screens add to widget.h's
 * set: bar charts drawn with block characters (widget_chart.c) and a
 * file picker (widget_files.c).  Like the others they keep no global
 * state.
 */
#ifndef OCOP_UI_WIDGET_MGR_H
#define OCOP_UI_WIDGET_MGR_H

#include <stdint.h>

#include "ui/tui.h"

/* --- bar charts (widget_chart.c) ------------------------------------------- */

struct wchart_bar {
	const char *label;        /* shown as is (already translated) */
	int64_t value;            /* negative values draw no bar */
};

enum wchart_fmt {
	WCHART_MONEY,             /* "185.000 ₫", or "1,2 tr" when narrow */
	WCHART_QTY,               /* thousandths: "1,5" */
	WCHART_INT,               /* a count */
	WCHART_BP,                /* basis points: "12,5 %" */
};

/*
 * Horizontal bars, one row each, in r: the label (cut to fit), the bar
 * scaled to the largest value with eighth-cell precision (▏▎▍▌▋▊▉█; '#'
 * without UTF-8), the value.  Draws min(n, r.h) bars; returns them.
 */
int wchart_hbars(struct tui *t, struct tui_rect r, const struct wchart_bar *bars, int n,
		 enum wchart_fmt fmt);

/*
 * Vertical columns (a time series) in r: one column per bar from the left
 * (the last ones when they do not all fit), heights in eighths
 * (▁▂▃▄▅▆▇█), the largest value written above, the first and last labels
 * under the axis.  Returns the bars drawn.
 */
int wchart_columns(struct tui *t, struct tui_rect r, const struct wchart_bar *bars, int n,
		   enum wchart_fmt fmt);

/* A value as the chart shows it (rotating static buffer). */
const char *wchart_value(int64_t v, enum wchart_fmt fmt, int compact);

/* --- file picker (widget_files.c) ------------------------------------------ */

/* Called with the chosen path (the picker is already closed). */
typedef void (*wfiles_cb)(struct tui *t, void *ctx, const char *path);

/*
 * An overlay listing the files of folder dir whose names end in suffix
 * (e.g. ".json"; NULL = all), newest first.  The path field at the top
 * may be edited: Enter on a folder lists it, on a file picks it; Enter
 * with the field untouched picks the selected file.  Esc cancels (cb is
 * not called).
 */
void wfiles_open(struct tui *t, const char *title, const char *dir, const char *suffix,
		 wfiles_cb cb, void *ctx);

#endif
