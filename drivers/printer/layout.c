/*
 * layout.c - wrapping and column layout in cells (see layout.h).
 *
 * Wrapping is greedy: a line breaks at the last space that fits; a word
 * longer than the width is split where it must be.  Spaces at a break
 * are dropped; runs of spaces inside a line are kept.  A row gives each
 * column its width (fixed, as wide as its text, or what is left), wraps
 * each column on its own and pads the pieces side by side, one space
 * apart, so a long product name wraps in its column while the amount
 * stays on the row's first line.
 */
#include "layout.h"

#include <stdlib.h>
#include <string.h>

#include "lib/alloc.h"
#include "vn_codepage.h"

void layout_init(struct layout *l)
{
	l->lines = NULL;
	l->n = l->cap = 0;
}

void layout_release(struct layout *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->lines[i]);
	free(l->lines);
	layout_init(l);
}

int layout_cells(const char *s, size_t n)
{
	size_t i = 0;
	int cells = 0;

	while (i < n) {
		uint32_t cp;

		i += vncp_next(s, n, i, &cp);
		if (!vncp_is_combining(cp))
			cells++;
	}
	return cells;
}

int layout_avail(unsigned style, int columns)
{
	int a = (style & DOC_DOUBLE_WIDTH) ? columns / 2 : columns;

	return a < 1 ? 1 : a;
}

static int push(struct layout *l, const char *s, size_t n)
{
	char *copy;

	if (POS_GROW(l->lines, l->cap, l->n + 1))
		return -1;
	copy = malloc(n + 1);
	if (!copy)
		return -1;
	memcpy(copy, s, n);
	copy[n] = '\0';
	l->lines[l->n++] = copy;
	return 0;
}

/* Byte offset after `cells` cells of s (with their combining marks). */
static size_t skip_cells(const char *s, size_t n, size_t i, int cells)
{
	while (i < n) {
		uint32_t cp;
		size_t k = vncp_next(s, n, i, &cp);

		if (!vncp_is_combining(cp)) {
			if (cells == 0)
				break;
			cells--;
		}
		i += k;
	}
	return i;
}

/*
 * Wrap s (n bytes) into lines of at most width cells, appended to l.
 * An empty s gives one empty line.
 */
static int wrap(const char *s, size_t n, int width, struct layout *l)
{
	size_t start = 0;

	for (;;) {
		size_t i, brk = 0, end, after;
		int cells = 0, have_brk = 0;

		while (start < n && s[start] == ' ')
			start++;
		/* Walk width cells, remembering the last space (a break). */
		i = start;
		while (i < n) {
			uint32_t cp;
			size_t k = vncp_next(s, n, i, &cp);

			if (!vncp_is_combining(cp)) {
				if (cells == width)
					break;
				cells++;
			}
			if (cp == ' ') {
				brk = i;
				have_brk = 1;
			}
			i += k;
		}
		if (i >= n) {
			end = n;
			after = n;
		} else if (s[i] == ' ') {
			end = i;        /* the line ends just before a space */
			after = i;
		} else if (have_brk && brk > start) {
			end = brk;
			after = brk;
		} else {
			end = skip_cells(s, n, start, width);
			after = end;
		}
		while (end > start && s[end - 1] == ' ')
			end--;
		if (push(l, s + start, end - start))
			return -1;
		if (after >= n)
			return 0;
		start = after;
		while (start < n && s[start] == ' ')
			start++;
		if (start >= n)
			return 0;
	}
}

/* Append s padded with spaces to width cells by align. */
static char *pad_into(char *out, const char *s, int width, enum doc_align align)
{
	size_t n = strlen(s);
	int cells = layout_cells(s, n), gap = width - cells, left, i;

	if (gap < 0)
		gap = 0;
	left = align == DOC_RIGHT ? gap : align == DOC_CENTER ? gap / 2 : 0;
	for (i = 0; i < left; i++)
		*out++ = ' ';
	memcpy(out, s, n);
	out += n;
	for (i = left; i < gap; i++)
		*out++ = ' ';
	return out;
}

/* Column widths for a row in avail cells; fills w[]. */
static void row_widths(const struct doc_item *it, int avail, int *w)
{
	int i, fill = -1, fixed = 0, room = avail - (it->ncols - 1), cap;

	for (i = 0; i < it->ncols; i++)
		if (it->cols[i].width == DOC_COL_FILL && fill < 0)
			fill = i;
	if (fill < 0)
		fill = 0;
	for (i = 0; i < it->ncols; i++) {
		const char *t = it->cols[i].text;

		if (i == fill)
			continue;
		if (it->cols[i].width > 0)
			w[i] = it->cols[i].width;
		else if (it->cols[i].width == DOC_COL_AUTO) {
			w[i] = layout_cells(t, strlen(t));
			if (w[i] > avail * 2 / 3)
				w[i] = avail * 2 / 3;
		} else
			w[i] = 1;       /* a second FILL column: keep it minimal */
		if (w[i] < 1)
			w[i] = 1;
		fixed += w[i];
	}
	/* Leave the filling column at least a third of the line. */
	cap = room - (room / 3 > 1 ? room / 3 : 1);
	while (fixed > cap) {
		int widest = -1;

		for (i = 0; i < it->ncols; i++)
			if (i != fill && w[i] > 1 && (widest < 0 || w[i] > w[widest]))
				widest = i;
		if (widest < 0)
			break;
		w[widest]--;
		fixed--;
	}
	w[fill] = room - fixed;
	if (w[fill] < 1)
		w[fill] = 1;
}

static int layout_row(const struct doc_item *it, int avail, struct layout *l)
{
	struct layout cols[DOC_COLS_MAX];
	int w[DOC_COLS_MAX], i, r = -1;
	size_t rows = 0, k, size = 0;
	char *line = NULL;

	row_widths(it, avail, w);
	for (i = 0; i < it->ncols; i++)
		layout_init(&cols[i]);
	for (i = 0; i < it->ncols; i++) {
		const char *t = it->cols[i].text;

		if (wrap(t, strlen(t), w[i], &cols[i]))
			goto out;
		if (cols[i].n > rows)
			rows = cols[i].n;
		size += strlen(t) + (size_t)w[i] + 1;
	}
	line = malloc(size + 1);
	if (!line)
		goto out;
	for (k = 0; k < rows; k++) {
		char *p = line;

		for (i = 0; i < it->ncols; i++) {
			const char *piece = k < cols[i].n ? cols[i].lines[k] : "";

			if (i > 0)
				*p++ = ' ';
			p = pad_into(p, piece, w[i], it->cols[i].align);
		}
		if (push(l, line, (size_t)(p - line)))
			goto out;
	}
	r = 0;
out:
	free(line);
	for (i = 0; i < it->ncols; i++)
		layout_release(&cols[i]);
	return r;
}

int layout_item(const struct doc_item *it, int columns, struct layout *l,
		struct pos_error *err)
{
	int avail = layout_avail(it->style, columns), r = 0;

	switch (it->kind) {
	case DOC_TEXT: {
		const char *s = it->text, *nl;

		/* Each '\n'-separated piece wraps on its own. */
		for (;;) {
			nl = strchr(s, '\n');
			if (wrap(s, nl ? (size_t)(nl - s) : strlen(s), avail, l)) {
				r = -1;
				break;
			}
			if (!nl)
				break;
			s = nl + 1;
		}
		break;
	}
	case DOC_ROW:
		r = layout_row(it, avail, l);
		break;
	case DOC_SEPARATOR: {
		char buf[256];
		int n = avail < (int)sizeof(buf) ? avail : (int)sizeof(buf) - 1;

		memset(buf, it->fill, (size_t)n);
		r = push(l, buf, (size_t)n);
		break;
	}
	default:
		break;
	}
	if (r)
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory laying out a receipt");
	return 0;
}
