/*
 * widget_chart.c - bar charts in the terminal with block characters.
 *
 * Horizontal bars (a ranking: revenue per product) use the left-aligned
 * eighth blocks U+258F..U+2588, so a bar's length has eight steps per
 * cell; vertical columns (a series of days or months) use the lower
 * eighth blocks U+2581..U+2588.  Without UTF-8 the bars are '#' and '|'
 * in whole cells.  Values are scaled to the largest one shown; negative
 * values (a period of refunds) draw no bar and show the value in the
 * warning colour.
 */
#include "ui/widget_mgr.h"

#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "core/money.h"
#include "core/vntext.h"

static const char *const hblocks[8] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
static const char *const vblocks[9] = { " ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };

/* v / unit with one decimal, the Vietnamese comma (a point in English). */
static void one_decimal(int64_t v, int64_t unit, char *out, size_t n)
{
	int64_t a = v < 0 ? -v : v;
	int64_t tenths = a > INT64_MAX / 10 ? a / unit * 10 : (a * 10 + unit / 2) / unit;

	if (tenths % 10 == 0 || tenths >= 1000)
		snprintf(out, n, "%s%lld", v < 0 ? "-" : "", (long long)(tenths / 10));
	else
		snprintf(out, n, "%s%lld%s%lld", v < 0 ? "-" : "", (long long)(tenths / 10),
			 i18n_lang() == I18N_EN ? "." : ",", (long long)(tenths % 10));
}

const char *wchart_value(int64_t v, enum wchart_fmt fmt, int compact)
{
	static char buf[8][48];
	static int k;
	char *out, num[32];
	int64_t a = v < 0 ? -v : v;

	k = (k + 1) % 8;
	out = buf[k];
	switch (fmt) {
	case WCHART_MONEY:
		if (!compact)
			return tui_money(v);
		if (a >= 1000000000) {
			one_decimal(v, 1000000000, num, sizeof(num));
			snprintf(out, sizeof(buf[k]), tr("%s B"), num);
		} else if (a >= 1000000) {
			one_decimal(v, 1000000, num, sizeof(num));
			snprintf(out, sizeof(buf[k]), tr("%s M"), num);
		} else if (a >= 1000) {
			one_decimal(v, 1000, num, sizeof(num));
			snprintf(out, sizeof(buf[k]), tr("%s k"), num);
		} else {
			snprintf(out, sizeof(buf[k]), "%lld", (long long)v);
		}
		return out;
	case WCHART_QTY:
		qty_format(v, out, sizeof(buf[k]));
		return out;
	case WCHART_BP:
		one_decimal(v, 100, num, sizeof(num));
		snprintf(out, sizeof(buf[k]), "%s %%", num);
		return out;
	case WCHART_INT:
		break;
	}
	snprintf(out, sizeof(buf[k]), "%lld", (long long)v);
	return out;
}

static int64_t max_value(const struct wchart_bar *bars, int n)
{
	int64_t m = 0;
	int i;

	for (i = 0; i < n; i++)
		if (bars[i].value > m)
			m = bars[i].value;
	return m;
}

/* Eighths of a cell for v on a scale where max fills cells cells. */
static long scale8(int64_t v, int64_t max, int cells)
{
	double e;

	if (v <= 0 || max <= 0 || cells <= 0)
		return 0;
	e = (double)v / (double)max * (double)cells * 8.0 + 0.5;
	if (e < 1)
		e = 1;               /* something sold shows something */
	if (e > (double)cells * 8)
		e = (double)cells * 8;
	return (long)e;
}

int wchart_hbars(struct tui *t, struct tui_rect r, const struct wchart_bar *bars, int n,
		 enum wchart_fmt fmt)
{
	int lw, vw = 0, bw, i, rows = n < r.h ? n : r.h, compact;
	int64_t max;
	attr_t bar = tui_attr(TR_OK), lab = tui_attr(TR_NORMAL);

	if (rows <= 0 || r.w < 20)
		return 0;
	max = max_value(bars, rows);
	/* Label column: the widest label, at most a third of the width. */
	lw = 0;
	for (i = 0; i < rows; i++) {
		int w = vn_width(bars[i].label ? bars[i].label : "");

		if (w > lw)
			lw = w;
	}
	if (lw > r.w / 3)
		lw = r.w / 3;
	compact = r.w < 100;
	for (i = 0; i < rows; i++) {
		int w = vn_width(wchart_value(bars[i].value, fmt, compact));

		if (w > vw)
			vw = w;
	}
	bw = r.w - lw - vw - 2;
	if (bw < 4) {
		compact = 1;
		bw = 4;
	}
	for (i = 0; i < rows; i++) {
		int y = r.y + i, x = r.x + lw + 1, full, part, c;
		long e8 = scale8(bars[i].value, max, bw);
		char line[1024];
		size_t len = 0;

		tui_fill(y, r.x, 1, r.w, lab);
		tui_text(y, r.x, lw, TA_LEFT, lab, bars[i].label);
		full = (int)(e8 / 8);
		part = (int)(e8 % 8);
		line[0] = '\0';
		for (c = 0; c < full && len + 4 < sizeof(line); c++) {
			const char *b = t->utf8 ? "█" : "#";

			memcpy(line + len, b, strlen(b));
			len += strlen(b);
		}
		if (part && t->utf8 && len + 4 < sizeof(line)) {
			memcpy(line + len, hblocks[part], strlen(hblocks[part]));
			len += strlen(hblocks[part]);
			full++;
		}
		line[len] = '\0';
		if (full > 0)
			tui_text(y, x, full, TA_LEFT, bar, line);
		tui_text(y, x + full + 1, vw, TA_LEFT,
			 bars[i].value < 0 ? tui_attr(TR_WARN) : lab,
			 wchart_value(bars[i].value, fmt, compact));
	}
	return rows;
}

int wchart_columns(struct tui *t, struct tui_rect r, const struct wchart_bar *bars, int n,
		   enum wchart_fmt fmt)
{
	int cw, first, shown, i, h, y;
	int64_t max;
	attr_t bar = tui_attr(TR_OK), dim = tui_attr(TR_DIM);

	if (n <= 0 || r.h < 4 || r.w < 10)
		return 0;
	/* One or two cells per column with a gap when there is room. */
	cw = r.w / n >= 3 ? 2 : 1;
	shown = r.w / (cw + (cw > 1 ? 1 : 0));
	if (shown > n)
		shown = n;
	first = n - shown;
	max = max_value(bars + first, shown);
	h = r.h - 2;                  /* the top line: max; the bottom: labels */
	tui_fill(r.y, r.x, r.h, r.w, tui_attr(TR_NORMAL));
	tui_textf(r.y, r.x, r.w, TA_LEFT, dim, "%s %s", tr("max"),
		  wchart_value(max, fmt, 1));
	for (i = 0; i < shown; i++) {
		const struct wchart_bar *b = &bars[first + i];
		long e8 = scale8(b->value, max, h - 1);
		int x = r.x + i * (cw + (cw > 1 ? 1 : 0));

		for (y = 0; y < h - 1; y++) {
			long cell = e8 - (long)y * 8;   /* eighths in this cell from the bottom */
			const char *s;
			char two[16];

			if (cell <= 0)
				break;
			if (t->utf8)
				s = vblocks[cell >= 8 ? 8 : cell];
			else
				s = "|";
			snprintf(two, sizeof(two), "%s%s", s, cw > 1 ? s : "");
			tui_text(r.y + h - 1 - y, x, cw, TA_LEFT, bar, two);
		}
	}
	tui_hline(r.y + h, r.x, shown * (cw + (cw > 1 ? 1 : 0)), dim);
	if (shown > 0) {
		const char *l0 = bars[first].label ? bars[first].label : "";
		const char *l1 = bars[n - 1].label ? bars[n - 1].label : "";

		tui_text(r.y + h + 1, r.x, r.w / 2, TA_LEFT, dim, l0);
		if (shown > 1)
			tui_text(r.y + h + 1, r.x + r.w / 2, r.w - r.w / 2, TA_RIGHT, dim, l1);
	}
	return shown;
}
