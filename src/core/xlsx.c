/*
 * xlsx.c - report books as Excel workbooks (see xlsx.h).
 *
 * Sheet names come from the translated table titles, cut at a word to
 * Excel's 31 characters, with the characters Excel refuses replaced, and made unique
 * with a number.  Column widths follow the widest cell (display width,
 * so Vietnamese with diacritics is measured right), between 6 and 60.
 * Written in libxlsxwriter's constant-memory mode (rows in order).
 */
#include "xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "i18n.h"
#include "report.h"
#include "vntext.h"

#define CHART_TOP 15
#define HEADER_ROW 3
#define SHEET_NAME_MAX 160

struct fmts {
	lxw_format *title, *sub, *head, *text, *money, *qty, *pct, *num, *date;
	lxw_format *t_text, *t_money, *t_qty, *t_pct, *t_num;   /* total row: bold */
};

static lxw_format *fmt(lxw_workbook *wb, const char *num, int bold)
{
	lxw_format *f = workbook_add_format(wb);

	if (!f)
		return NULL;
	if (num)
		format_set_num_format(f, num);
	if (bold) {
		format_set_bold(f);
		format_set_top(f, LXW_BORDER_THIN);
	}
	return f;
}

static int make_formats(lxw_workbook *wb, struct fmts *f)
{
	static const char money[] = "#,##0 \"₫\";-#,##0 \"₫\"";
	static const char qty[] = "#,##0.###";
	static const char pct[] = "0.0%";

	f->title = workbook_add_format(wb);
	f->sub = workbook_add_format(wb);
	f->head = workbook_add_format(wb);
	if (!f->title || !f->sub || !f->head)
		return -1;
	format_set_bold(f->title);
	format_set_font_size(f->title, 14);
	format_set_italic(f->sub);
	format_set_bold(f->head);
	format_set_text_wrap(f->head);
	format_set_bottom(f->head, LXW_BORDER_THIN);
	format_set_bg_color(f->head, 0xDDEBF7);
	f->text = NULL;
	f->money = fmt(wb, money, 0);
	f->qty = fmt(wb, qty, 0);
	f->pct = fmt(wb, pct, 0);
	f->num = fmt(wb, "#,##0", 0);
	f->date = fmt(wb, "dd/mm/yyyy", 0);
	f->t_text = fmt(wb, NULL, 1);
	f->t_money = fmt(wb, money, 1);
	f->t_qty = fmt(wb, qty, 1);
	f->t_pct = fmt(wb, pct, 1);
	f->t_num = fmt(wb, "#,##0", 1);
	if (!f->money || !f->qty || !f->pct || !f->num || !f->date || !f->t_text ||
	    !f->t_money || !f->t_qty || !f->t_pct || !f->t_num)
		return -1;
	return 0;
}

/* A sheet name from title: at most 31 characters, none of []:*?/\, unique. */
static void sheet_name(lxw_workbook *wb, const char *title, char *out, size_t n)
{
	char base[128];
	size_t len, i;
	int k;

	/* Excel allows 31 characters (code points); 28 leaves room for " 2".
	 * A longer title is cut at the last space that fits, never mid-word
	 * (nor inside a UTF-8 sequence). */
	for (len = 0, k = 0; title[len] && k < 28; k++) {
		len++;
		while (((unsigned char)title[len] & 0xc0) == 0x80)
			len++;
	}
	if (title[len]) {
		size_t cut = len;

		while (cut > 0 && title[cut] != ' ')
			cut--;
		if (cut > 0)
			len = cut;
		while (len > 0 && strchr(" ,:;-(", title[len - 1]))
			len--;
	}
	if (len >= sizeof(base))
		len = 0;
	memcpy(base, title, len);
	base[len] = '\0';
	for (i = 0; i < len; i++)
		if (strchr("[]:*?/\\'", base[i]))
			base[i] = ' ';
	snprintf(out, n, "%s", base);
	for (k = 2; workbook_get_worksheet_by_name(wb, out) ||
		    workbook_get_chartsheet_by_name(wb, out); k++)
		snprintf(out, n, "%s %d", base, k);
}

static int parse_date(const char *s, lxw_datetime *d)
{
	int y, m, day;

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d", &y, &m, &day) != 3)
		return -1;
	memset(d, 0, sizeof(*d));
	d->year = y;
	d->month = (uint8_t)m;
	d->day = (uint8_t)day;
	return 0;
}

/* The display width a cell's column needs for it. */
static int cell_width(const struct report_col *col, const struct report_cell *cell)
{
	if (cell->null)
		return 0;
	switch (col->kind) {
	case RCOL_MONEY:
		return 14;
	case RCOL_QTY:
	case RCOL_PERCENT:
	case RCOL_INT:
		return 10;
	case RCOL_DATE: {
		lxw_datetime d;

		if (parse_date(cell->text, &d) == 0)
			return 10;
	}
		/* fall through */
	default:
		return vn_width(cell->text);
	}
}

/*
 * One table on its own sheet.  Everything about the sheet (column widths,
 * panes, filter) is set before the first row, and rows go out in order:
 * in constant-memory mode a row is on disk once the next one begins.
 */
static int write_table(lxw_workbook *wb, const struct report_book *b,
		       const struct report_table *t, const struct fmts *f, char *name,
		       size_t namesz)
{
	lxw_worksheet *ws;
	char period[256];
	int *width, c;
	size_t r;
	lxw_error e = LXW_NO_ERROR;
	struct report_rowbuf buf;
	const struct report_cell *cells;

	sheet_name(wb, tr(t->title), name, namesz);
	ws = workbook_add_worksheet(wb, name);
	if (!ws)
		return -1;
	width = calloc((size_t)t->ncols, sizeof(*width));
	if (!width)
		return -1;
	memset(&buf, 0, sizeof(buf));
	for (c = 0; c < t->ncols; c++) {
		int h = vn_width(tr(t->cols[c].header));

		width[c] = h < 30 ? h : 30;
	}
	/* a first pass for the widths (a streamed table's rows are made twice,
	 * never held: the columns are set before the first row) */
	for (r = 0; r < t->nrows; r++) {
		if (!(cells = report_table_row(t, r, &buf))) {
			free(width);
			report_rowbuf_release(&buf);
			return -1;
		}
		for (c = 0; c < t->ncols; c++) {
			int w = cell_width(&t->cols[c], &cells[c]);

			if (w > width[c])
				width[c] = w;
		}
	}
	for (c = 0; c < t->ncols && e == LXW_NO_ERROR; c++)
		e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
					 width[c] < 6 ? 6 : width[c] > 60 ? 60 : width[c] + 1, NULL);
	free(width);
	if (e != LXW_NO_ERROR) {
		report_rowbuf_release(&buf);
		return -1;
	}
	worksheet_freeze_panes(ws, HEADER_ROW + 1, (lxw_col_t)t->label_cols);
	if (t->nrows > 0)
		worksheet_autofilter(ws, HEADER_ROW, 0,
				     (lxw_row_t)(HEADER_ROW + t->nrows - (t->has_total ? 1 : 0)),
				     (lxw_col_t)(t->ncols - 1));
	worksheet_write_string(ws, 0, 0, tr(t->title), f->title);
	snprintf(period, sizeof(period), tr("From %s to %s; %s"), b->from, b->to, b->filters);
	worksheet_write_string(ws, 1, 0, period, f->sub);
	for (c = 0; c < t->ncols; c++)
		worksheet_write_string(ws, HEADER_ROW, (lxw_col_t)c, tr(t->cols[c].header), f->head);
	for (r = 0; r < t->nrows && e == LXW_NO_ERROR; r++) {
		int total = t->has_total && r + 1 == t->nrows;
		lxw_row_t row = (lxw_row_t)(HEADER_ROW + 1 + r);

		if (!(cells = report_table_row(t, r, &buf))) {
			e = LXW_ERROR_MEMORY_MALLOC_FAILED;
			break;
		}
		for (c = 0; c < t->ncols && e == LXW_NO_ERROR; c++) {
			const struct report_cell *cell = &cells[c];
			lxw_col_t col = (lxw_col_t)c;
			lxw_datetime d;

			if (cell->null) {
				if (total)
					e = worksheet_write_blank(ws, row, col, f->t_text);
				continue;
			}
			switch (t->cols[c].kind) {
			case RCOL_MONEY:
				e = worksheet_write_number(ws, row, col, (double)cell->num,
							   total ? f->t_money : f->money);
				break;
			case RCOL_QTY:
				e = worksheet_write_number(ws, row, col, (double)cell->num / 1000.0,
							   total ? f->t_qty : f->qty);
				break;
			case RCOL_PERCENT:
				e = worksheet_write_number(ws, row, col, (double)cell->num / 10000.0,
							   total ? f->t_pct : f->pct);
				break;
			case RCOL_INT:
				e = worksheet_write_number(ws, row, col, (double)cell->num,
							   total ? f->t_num : f->num);
				break;
			case RCOL_DATE:
				if (parse_date(cell->text, &d) == 0) {
					e = worksheet_write_datetime(ws, row, col, &d, f->date);
					break;
				}
				/* not a date (empty): write it as text */
				/* fall through */
			default:
				if (cell->text[0] || total)
					e = worksheet_write_string(ws, row, col, cell->text,
								   total ? f->t_text : f->text);
			}
		}
	}
	report_rowbuf_release(&buf);
	return e == LXW_NO_ERROR ? 0 : -1;
}

/* The chart of a book's chart table, added once every table is written
 * (the chart sheet comes last). */
struct chart_spec {
	char sheet[SHEET_NAME_MAX];      /* "" = none */
	size_t rows;                     /* rows charted */
	int label, value, timeline;
	const char *title, *value_header;/* English msgids */
};

static void chart_plan(struct chart_spec *cs, const struct report_book *b,
		       const struct report_table *t, const char *sheet)
{
	size_t rows = t->nrows - (t->has_total ? 1 : 0);

	memset(cs, 0, sizeof(*cs));
	if (rows == 0 || t->chart_label < 0 || t->chart_value < 0)
		return;
	cs->timeline = strcmp(b->name, "daily") == 0 || strcmp(b->name, "weekly") == 0 ||
		       strcmp(b->name, "monthly") == 0;
	if (!cs->timeline && rows > CHART_TOP)
		rows = CHART_TOP;
	snprintf(cs->sheet, sizeof(cs->sheet), "%s", sheet);
	cs->rows = rows;
	cs->label = t->chart_label;
	cs->value = t->chart_value;
	cs->title = t->title;
	cs->value_header = t->cols[t->chart_value].header;
}

static int add_chart(lxw_workbook *wb, const struct chart_spec *cs)
{
	lxw_chartsheet *sheet;
	lxw_chart *ch;
	lxw_chart_series *s;
	char name[SHEET_NAME_MAX];

	if (!cs->sheet[0])
		return 0;
	ch = workbook_add_chart(wb, cs->timeline ? LXW_CHART_COLUMN : LXW_CHART_BAR);
	if (!ch)
		return -1;
	s = chart_add_series(ch, NULL, NULL);
	if (!s)
		return -1;
	chart_series_set_categories(s, cs->sheet, HEADER_ROW + 1, (lxw_col_t)cs->label,
				    (lxw_row_t)(HEADER_ROW + cs->rows), (lxw_col_t)cs->label);
	chart_series_set_values(s, cs->sheet, HEADER_ROW + 1, (lxw_col_t)cs->value,
				(lxw_row_t)(HEADER_ROW + cs->rows), (lxw_col_t)cs->value);
	chart_series_set_name(s, tr(cs->value_header));
	chart_title_set_name(ch, tr(cs->title));
	chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
	if (cs->timeline)
		chart_axis_set_num_format(ch->y_axis, "#,##0");
	else {
		chart_axis_set_num_format(ch->x_axis, "#,##0");
		chart_axis_set_reverse(ch->y_axis);   /* largest at the top */
	}
	sheet_name(wb, tr("Chart"), name, sizeof(name));
	sheet = workbook_add_chartsheet(wb, name);
	if (!sheet || chartsheet_set_chart(sheet, ch) != LXW_NO_ERROR)
		return -1;
	return 0;
}

/* A workbook being written: its sheets added book by book. */
struct xw {
	lxw_workbook *wb;
	struct fmts f;
	char tmp[4096];
	const char *path;
	char title[256], subject[512];
	struct chart_spec chart;
	size_t sheets;
};

/*
 * Begin the workbook for path (written to path.tmp), titled and described
 * as book b is.  0, or an error with w left closed.
 */
static int xw_open(struct xw *w, const struct report_book *b, const char *path,
		   struct pos_error *err)
{
	/* constant memory: each row goes to a temporary file once the next
	 * begins (strings inline, no shared table), so memory stays flat in
	 * the rows written; rows are written in order, as this file does */
	lxw_workbook_options opt = { LXW_TRUE, NULL, LXW_FALSE };
	lxw_doc_properties props;
	static char author[] = "ocop-pos";

	memset(w, 0, sizeof(*w));
	w->path = path;
	if (snprintf(w->tmp, sizeof(w->tmp), "%s.tmp", path) >= (int)sizeof(w->tmp))
		return pos_fail(err, POS_ERR_INVALID, tr("file name too long: %s"), path);
	/* fail here with our message rather than libxlsxwriter's on stderr */
	{
		FILE *probe = fopen(w->tmp, "wb");

		if (!probe)
			return pos_fail(err, POS_ERR_IO, tr("cannot create %s: check the folder exists "
							    "and is writable"), path);
		fclose(probe);
	}
	w->wb = workbook_new_opt(w->tmp, &opt);
	if (!w->wb) {
		unlink(w->tmp);
		return pos_fail(err, POS_ERR_IO, tr("cannot create %s: check the folder exists "
						    "and is writable"), path);
	}
	memset(&props, 0, sizeof(props));
	snprintf(w->title, sizeof(w->title), "%s", tr(b->title));
	snprintf(w->subject, sizeof(w->subject), "%s", b->filters);
	props.title = w->title;
	props.subject = w->subject;
	props.author = author;
	workbook_set_properties(w->wb, &props);
	if (make_formats(w->wb, &w->f)) {
		workbook_close(w->wb);
		unlink(w->tmp);
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory writing %s", path);
	}
	return 0;
}

/* Give up w: nothing left behind. */
static void xw_abort(struct xw *w)
{
	workbook_close(w->wb);
	unlink(w->tmp);
}

/* Book b's tables as sheets; its chart (chart: if wanted) planned for the end. */
static int xw_book(struct xw *w, const struct report_book *b, int chart, struct pos_error *err)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		char name[SHEET_NAME_MAX];

		if (write_table(w->wb, b, &b->tables[i], &w->f, name, sizeof(name))) {
			xw_abort(w);
			return pos_fail(err, POS_ERR_NO_MEM, "out of memory writing %s", w->path);
		}
		w->sheets++;
		if (chart && (int)i == b->chart_table)
			chart_plan(&w->chart, b, &b->tables[i], name);
	}
	return 0;
}

/* The chart, and the file closed and put in place. */
static int xw_close(struct xw *w, struct pos_error *err)
{
	lxw_error e;

	if (add_chart(w->wb, &w->chart)) {
		xw_abort(w);
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory writing %s", w->path);
	}
	w->sheets += w->chart.sheet[0] != '\0';
	e = workbook_close(w->wb);
	if (e != LXW_NO_ERROR) {
		unlink(w->tmp);
		return pos_fail(err, POS_ERR_IO, tr("cannot write %s: %s"), w->path, lxw_strerror(e));
	}
	if (rename(w->tmp, w->path) != 0) {
		unlink(w->tmp);
		return pos_fail(err, POS_ERR_IO, tr("cannot write %s: check the folder is writable"),
				w->path);
	}
	return 0;
}

int xlsx_write(const struct report_book *b, const char *path, struct pos_error *err)
{
	struct xw w;
	int r;

	if ((r = xw_open(&w, b, path, err)) || (r = xw_book(&w, b, 1, err)))
		return r;
	return xw_close(&w, err);
}

int xlsx_write_sales(struct db *db, enum report_group first, const struct report_filter *f,
		     const char *path, size_t *sheets, struct pos_error *err)
{
	static const enum report_group order[] = {
		REPORT_PRODUCTS, REPORT_PRODUCERS, REPORT_PROVINCES, REPORT_GROUPS, REPORT_STARS,
		REPORT_MONTHLY,
	};
	enum report_group gs[sizeof(order) / sizeof(order[0]) + 1];
	struct report *reps[sizeof(order) / sizeof(order[0]) + 1];
	struct report_book *b = NULL;
	struct xw w;
	size_t i, n = 0;
	int r, open = 0;

	/* first's table and the programme, then the other groupings, made
	 * together (one snapshot; those summed per product share one pass
	 * over the sales), each written from its rows as streamed and freed */
	gs[n++] = first;
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (order[i] != first)
			gs[n++] = order[i];
	if ((r = report_sales_many(db, gs, n, f, reps, err)))
		return r;
	for (i = 0; i < n; i++) {
		if ((r = report_book_sales_stream(reps[i], i == 0, &b, err)))
			goto fail;
		if (!open && (r = xw_open(&w, b, path, err)))
			goto fail;
		open = 1;
		if ((r = xw_book(&w, b, i == 0, err))) {
			open = 0;               /* xw_book gave it up */
			goto fail;
		}
		report_book_free(b);
		report_free(reps[i]);
		b = NULL;
		reps[i] = NULL;
	}
	if ((r = xw_close(&w, err)))
		return r;
	if (sheets)
		*sheets = w.sheets;
	return 0;
fail:
	report_book_free(b);
	for (; i < n; i++)
		report_free(reps[i]);
	if (open)
		xw_abort(&w);
	return r;
}
