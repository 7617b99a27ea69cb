/*
 * screen_reports.c - sales figures for the manager and the province staff.
 *
 * Views (Tab): sales by product, producer, province of origin, OCOP group,
 * star rating, day and month (report_sales), the commercialization of
 * OCOP products (report_commercialization: which products did not sell,
 * growth on a year before) and the consignment settlement
 * (report_consignment).  Each is shown from core's presentation model
 * (report.h's books of typed tables), the same columns the command line,
 * CSV and XLSX give: the columns that name a row stay on the left, the
 * figures that matter most come first and ←/→ scroll the others in.
 *
 * The period is this month, last month, this year (1, 2, 3) or any dates
 * (4); sales views sort by revenue, quantity or gross margin (s); the
 * chart (c) draws the current measure as bars, or a time series as
 * columns; wide terminals show the chart beside the table.  Export
 * writes the table on screen as CSV (e) or the whole book as an Excel
 * workbook (x), and says where.
 *
 * When it is the only screen (an auditor's session: nothing to sell),
 * Esc asks to log out.
 */
#include "ui/manager.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/outfile.h"
#include "app/app.h"
#include "app/table.h"
#include "core/clock.h"
#include "core/field.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/refdata.h"
#include "core/report.h"
#include "core/vntext.h"
#include "core/xlsx.h"
#include "ui/widget.h"
#include "ui/widget_mgr.h"

enum rview {
	RV_PRODUCTS, RV_PRODUCERS, RV_PROVINCES, RV_GROUPS, RV_STARS, RV_DAILY, RV_MONTHLY,
	RV_COM, RV_CONSIGN, RV_COUNT
};

static const struct {
	const char *tab;              /* msgid */
	enum report_group group;      /* sales views */
	int time;                     /* a time series */
} views[RV_COUNT] = {
	[RV_PRODUCTS] = { N_("Products"), REPORT_PRODUCTS, 0 },
	[RV_PRODUCERS] = { N_("Producers"), REPORT_PRODUCERS, 0 },
	[RV_PROVINCES] = { N_("Provinces"), REPORT_PROVINCES, 0 },
	[RV_GROUPS] = { N_("Groups"), REPORT_GROUPS, 0 },
	[RV_STARS] = { N_("Stars"), REPORT_STARS, 0 },
	[RV_DAILY] = { N_("Daily"), REPORT_DAILY, 1 },
	[RV_MONTHLY] = { N_("Monthly"), REPORT_MONTHLY, 1 },
	[RV_COM] = { N_("Activity"), REPORT_PRODUCTS, 0 },
	[RV_CONSIGN] = { N_("Consigned"), REPORT_PRODUCTS, 0 },
};

enum period { P_THIS_MONTH, P_LAST_MONTH, P_THIS_YEAR, P_CUSTOM };

/* Figures first, in this order; then the others in the book's order. */
static const char *const preferred[] = {
	"no_sales", "qty", "revenue", "margin", "margin_pct", "share", "growth", "revenue_prev",
	"payable", "gross", "commission", "sold", "unsold", "months", "last_sale", "sales",
	"returns", "refunded", "products", "producers", "net", "vat", "cost",
};

#define COLW_MAX 18
#define CHART_W 52

struct repscr {
	struct report_filter f;
	enum rview view;
	enum period period;
	struct report_book *book;
	size_t table;                 /* which table of the book */
	int order[64];                /* column order */
	int width[64];                /* widths */
	int norder;
	int hscroll;                  /* first figure column shown */
	int table_w;                  /* the table's width at the last draw (paging columns) */
	struct wlist list;
	int chart;                    /* 1: chart instead of the table */
	int base;                     /* the only screen (auditor) */
	char error[POS_ERRMSG_MAX];
	char path[1024];              /* export being written */
	int xlsx;
};

/* ---- cells ------------------------------------------------------------------ */

static const char *cell_human(const struct report_col *col, const struct report_cell *c)
{
	static char buf[8][64];
	static int k;
	int64_t a;

	k = (k + 1) % 8;
	if (c->null)
		return "—";
	switch (col->kind) {
	case RCOL_MONEY:
		return tui_money(c->num);
	case RCOL_QTY:
		return tui_qty(c->num);
	case RCOL_PERCENT:
		a = c->num < 0 ? -c->num : c->num;
		snprintf(buf[k], sizeof(buf[k]), "%s%lld%s%lld %%", c->num < 0 ? "-" : "",
			 (long long)((a + 5) / 100), i18n_lang() == I18N_EN ? "." : ",",
			 (long long)((a + 5) / 10 % 10));
		return buf[k];
	case RCOL_INT:
		snprintf(buf[k], sizeof(buf[k]), "%lld", (long long)c->num);
		return buf[k];
	case RCOL_DATE:
		return mgr_date(c->text ? c->text : "");
	case RCOL_TEXT:
		break;
	}
	return c->text ? c->text : "";
}

/* The cell text for CSV (the command line's machine format). */
static const char *cell_machine(const struct report_col *col, const struct report_cell *c,
				char *buf, size_t n)
{
	int64_t a;

	if (c->null)
		return "";
	switch (col->kind) {
	case RCOL_MONEY:
	case RCOL_INT:
		snprintf(buf, n, "%lld", (long long)c->num);
		return buf;
	case RCOL_QTY:
		qty_format_c(c->num, buf, n);
		return buf;
	case RCOL_PERCENT:
		a = c->num < 0 ? -c->num : c->num;
		snprintf(buf, n, "%s%lld.%02lld", c->num < 0 ? "-" : "", (long long)(a / 100),
			 (long long)(a % 100));
		return buf;
	default:
		break;
	}
	return c->text ? c->text : "";
}

static int right_aligned(enum report_col_kind k)
{
	return k != RCOL_TEXT && k != RCOL_DATE;
}

static const struct report_table *cur_table(const struct repscr *r)
{
	if (!r->book || r->table >= r->book->n)
		return NULL;
	return &r->book->tables[r->table];
}

static const struct report_cell *cell(const struct report_table *t, size_t row, int col)
{
	return &t->cells[row * (size_t)t->ncols + (size_t)col];
}

static int col_by_key(const struct report_table *t, const char *key)
{
	int c;

	for (c = 0; c < t->ncols; c++)
		if (strcmp(t->cols[c].key, key) == 0)
			return c;
	return -1;
}

/* Column order and widths of the current table. */
static void layout_columns(struct repscr *r)
{
	const struct report_table *t = cur_table(r);
	int used[64] = { 0 }, c, i;
	size_t row;

	r->norder = 0;
	r->hscroll = 0;
	if (!t)
		return;
	for (c = 0; c < t->label_cols && c < t->ncols && c < 64; c++) {
		r->order[r->norder++] = c;
		used[c] = 1;
	}
	for (i = 0; i < (int)(sizeof(preferred) / sizeof(preferred[0])); i++) {
		c = col_by_key(t, preferred[i]);
		if (c >= 0 && c < 64 && !used[c]) {
			r->order[r->norder++] = c;
			used[c] = 1;
		}
	}
	for (c = 0; c < t->ncols && c < 64; c++)
		if (!used[c])
			r->order[r->norder++] = c;
	for (c = 0; c < t->ncols && c < 64; c++) {
		int w = vn_width(tr(t->cols[c].header));

		for (row = 0; row < t->nrows; row++) {
			int cw = vn_width(cell_human(&t->cols[c], cell(t, row, c)));

			if (cw > w)
				w = cw;
		}
		r->width[c] = w > COLW_MAX && right_aligned(t->cols[c].kind) ? COLW_MAX :
			      w > 40 ? 40 : w;
	}
}

/* ---- loading ------------------------------------------------------------------- */

static void set_period(struct repscr *r, enum period p)
{
	char today[11];

	mgr_today(today);
	r->period = p;
	switch (p) {
	case P_THIS_MONTH:
		snprintf(r->f.from, sizeof(r->f.from), "%.8s01", today);
		snprintf(r->f.to, sizeof(r->f.to), "%s", today);
		break;
	case P_LAST_MONTH: {
		char first[11], prev[11];

		snprintf(first, sizeof(first), "%.8s01", today);
		clock_date_add_months(first, -1, prev, NULL);
		snprintf(r->f.from, sizeof(r->f.from), "%s", prev);
		clock_date_add_days(first, -1, r->f.to, NULL);
		break;
	}
	case P_THIS_YEAR:
		snprintf(r->f.from, sizeof(r->f.from), "%.4s-01-01", today);
		snprintf(r->f.to, sizeof(r->f.to), "%s", today);
		break;
	case P_CUSTOM:
		break;
	}
}

static void load(struct tui *t, struct repscr *r)
{
	struct pos_error err;
	int rc = 0;

	report_book_free(r->book);
	r->book = NULL;
	r->table = 0;
	r->error[0] = '\0';
	if (r->view == RV_COM) {
		struct report_com *c = NULL;

		rc = report_commercialization(t->db, &r->f, &c, &err);
		if (!rc)
			rc = report_book_com(c, &r->book, &err);
		report_com_free(c);
	} else if (r->view == RV_CONSIGN) {
		struct report_consign *c = NULL;

		rc = report_consignment(t->db, &r->f, &c, &err);
		if (!rc)
			rc = report_book_consign(c, &r->book, &err);
		report_consign_free(c);
	} else {
		struct report *rep = NULL;

		rc = report_sales(t->db, views[r->view].group, &r->f, &rep, &err);
		if (!rc)
			rc = report_book_sales(rep, &r->book, &err);
		report_free(rep);
	}
	if (rc) {
		snprintf(r->error, sizeof(r->error), "%s", pos_error_text(&err));
		r->book = NULL;
	}
	layout_columns(r);
	r->list.sel = -1;
	r->list.top = 0;
	{
		const struct report_table *tb = cur_table(r);
		int rows = tb ? (int)tb->nrows - (tb->has_total ? 1 : 0) : 0;

		wlist_set_count(&r->list, rows);
	}
}

/* ---- drawing -------------------------------------------------------------------- */

static const char *sort_name(enum report_sort s)
{
	switch (s) {
	case REPORT_SORT_QTY: return tr("quantity");
	case REPORT_SORT_MARGIN: return tr("gross margin");
	case REPORT_SORT_KEY: return tr("code / date");
	default: break;
	}
	return tr("revenue");
}

static const char *period_name(enum period p)
{
	switch (p) {
	case P_THIS_MONTH: return tr("this month");
	case P_LAST_MONTH: return tr("last month");
	case P_THIS_YEAR: return tr("this year");
	case P_CUSTOM: break;
	}
	return tr("chosen dates");
}

struct cols {
	int ncol;                     /* columns shown */
	int idx[64];
	int w[64];
	int x[64];
};

/* Which columns fit in w, from the label columns and hscroll on. */
static void fit_columns(struct repscr *r, const struct report_table *t, int w, struct cols *cs)
{
	int i, x = 0, flex = -1, min_flex = w / 4 > 14 ? w / 4 : 14, left;

	cs->ncol = 0;
	for (i = 0; i < r->norder && i < t->label_cols; i++) {
		int c = r->order[i];

		cs->idx[cs->ncol] = c;
		cs->w[cs->ncol] = r->width[c] < 12 ? r->width[c] : 12;
		if (i == t->label_cols - 1) {
			flex = cs->ncol;       /* the name column takes what is left */
			cs->w[cs->ncol] = min_flex;
		}
		cs->ncol++;
	}
	for (i = 0; i < cs->ncol; i++)
		x += cs->w[i] + 1;
	for (i = t->label_cols + r->hscroll; i < r->norder; i++) {
		int c = r->order[i];

		if (x + r->width[c] + 1 > w)
			break;
		cs->idx[cs->ncol] = c;
		cs->w[cs->ncol] = r->width[c];
		cs->ncol++;
		x += r->width[c] + 1;
	}
	/* Give the rest to the name column, up to its content. */
	left = w - x;
	if (flex >= 0 && left > 0) {
		int want = r->width[cs->idx[flex]] - cs->w[flex];

		if (want < 0)
			want = 0;
		cs->w[flex] += want < left ? want : left;
	}
	x = 0;
	for (i = 0; i < cs->ncol; i++) {
		cs->x[i] = x;
		x += cs->w[i] + 1;
	}
}

/* The figure columns shown when the page starts at column h. */
static int page_cols(struct repscr *r, const struct report_table *t, int h)
{
	struct cols cs;
	int keep = r->hscroll, n;

	r->hscroll = h;
	fit_columns(r, t, r->table_w > 0 ? r->table_w : 79, &cs);
	r->hscroll = keep;
	n = cs.ncol - (t->label_cols < r->norder ? t->label_cols : r->norder);
	return n > 0 ? n : 1;
}

/*
 * ←/→ page through the figure columns a screen at a time (the next page
 * starts at the first column not shown); Home and End go to the first
 * and the last page.
 */
static void page_columns(struct repscr *r, const struct report_table *t, int key)
{
	int nfig = r->norder - t->label_cols, h;

	if (nfig <= 0)
		return;
	switch (key) {
	case TK_RIGHT:
		if (r->hscroll + page_cols(r, t, r->hscroll) < nfig)
			r->hscroll += page_cols(r, t, r->hscroll);
		break;
	case TK_LEFT:
		/* the page that ends just before this one */
		for (h = 0; h < r->hscroll && h + page_cols(r, t, h) < r->hscroll; h++)
			;
		r->hscroll = h;
		break;
	case TK_HOME:
		r->hscroll = 0;
		break;
	case TK_END:
		/* the first start from which the last column is shown */
		for (h = 0; h < nfig - 1 && h + page_cols(r, t, h) < nfig; h++)
			;
		r->hscroll = h;
		break;
	}
}

struct drawctx {
	struct repscr *r;
	const struct report_table *t;
	struct cols cs;
};

static void draw_cells(const struct drawctx *d, size_t row, int y, int x, attr_t a)
{
	int i;

	for (i = 0; i < d->cs.ncol; i++) {
		int c = d->cs.idx[i];

		if (right_aligned(d->t->cols[c].kind))
			tui_text(y, x + d->cs.x[i], d->cs.w[i], TA_RIGHT, a,
				 cell_human(&d->t->cols[c], cell(d->t, row, c)));
		else            /* a long name keeps its end: "...250 ml" */
			tui_name(y, x + d->cs.x[i], d->cs.w[i], a,
				 cell_human(&d->t->cols[c], cell(d->t, row, c)));
	}
}

static void draw_row(void *vctx, int i, int y, int x, int w, int selected)
{
	struct drawctx *d = vctx;
	attr_t a = selected ? tui_attr(TR_SEL) : tui_attr(TR_NORMAL);

	tui_fill(y, x, 1, w, a);
	draw_cells(d, (size_t)i, y, x, a);
}

static int by_label(const void *a, const void *b)
{
	const struct wchart_bar *x = a, *y = b;

	return strcmp(x->label, y->label);
}

/* The bars of the current measure: up to max, in table order (time: by date). */
static int chart_bars(struct repscr *r, const struct report_table *t, struct wchart_bar *bars,
		      int max, enum wchart_fmt *fmt)
{
	static char store[400][32];
	int label = t->chart_label, value = t->chart_value, n = 0, c;
	size_t rows = t->nrows - (t->has_total ? 1 : 0), i;

	if (r->view < RV_COM && !views[r->view].time) {
		const char *key = r->f.sort == REPORT_SORT_QTY ? "qty" :
				  r->f.sort == REPORT_SORT_MARGIN ? "margin" : "revenue";

		if ((c = col_by_key(t, key)) >= 0)
			value = c;
	}
	if (label < 0 || value < 0)
		return 0;
	*fmt = t->cols[value].kind == RCOL_QTY ? WCHART_QTY :
	       t->cols[value].kind == RCOL_MONEY ? WCHART_MONEY :
	       t->cols[value].kind == RCOL_PERCENT ? WCHART_BP : WCHART_INT;
	if (max > 400)
		max = 400;
	for (i = 0; i < rows && n < max; i++) {
		const struct report_cell *lc = cell(t, i, label);

		if (t->cols[label].kind == RCOL_TEXT || t->cols[label].kind == RCOL_DATE) {
			bars[n].label = lc->text ? lc->text : "";
		} else {
			snprintf(store[n], sizeof(store[n]), "%s", cell_human(&t->cols[label], lc));
			bars[n].label = store[n];
		}
		bars[n].value = cell(t, i, value)->num;
		n++;
	}
	/* A time series is drawn in date order whatever the table's sort,
	 * with its days as people write them. */
	if (r->view < RV_COM && views[r->view].time) {
		qsort(bars, (size_t)n, sizeof(bars[0]), by_label);
		for (i = 0; i < (size_t)n; i++)
			if (strlen(bars[i].label) == 10) {
				snprintf(store[i], sizeof(store[i]), "%s", mgr_date(bars[i].label));
				bars[i].label = store[i];
			}
	}
	return n;
}

static void draw_chart(struct tui *t, struct repscr *r, const struct report_table *tb,
		       struct tui_rect area)
{
	struct wchart_bar bars[400];
	enum wchart_fmt fmt = WCHART_MONEY;
	int n = chart_bars(r, tb, bars, (int)(sizeof(bars) / sizeof(bars[0])), &fmt);

	tui_fill(area.y, area.x, area.h, area.w, tui_attr(TR_NORMAL));
	if (n == 0) {
		tui_text(area.y + 1, area.x, area.w, TA_CENTER, tui_attr(TR_DIM),
			 tr("nothing to chart"));
		return;
	}
	if (r->view < RV_COM && views[r->view].time)
		wchart_columns(t, area, bars, n, fmt);
	else
		wchart_hbars(t, area, bars, n, fmt);
}

static void reports_draw(struct tui *t, void *st, struct tui_rect area)
{
	struct repscr *r = st;
	const struct report_table *tb = cur_table(r);
	struct drawctx d;
	struct tui_rect lr;
	char buf[700];
	int i, x, y, tw;
	attr_t h = tui_attr(TR_HEADER);


	tui_fill(area.y, area.x, area.h, area.w, tui_attr(TR_NORMAL));
	/* line 1: title and period */
	tui_text(area.y, area.x, area.w / 2, TA_LEFT, tui_attr(TR_TITLE),
		 tb ? tr(tb->title) : tr("Reports"));
	tui_textf(area.y, area.x + area.w / 2, area.w - area.w / 2, TA_RIGHT, tui_attr(TR_TITLE),
		  "%s – %s (%s)", mgr_date(r->f.from), mgr_date(r->f.to), period_name(r->period));
	/* line 2: the views as tabs (from one that keeps the current in sight) */
	{
		int first = 0, need;

		do {
			need = 0;
			for (i = first; i < RV_COUNT; i++) {
				need += vn_width(tr(views[i].tab)) + 1;
				if (i == (int)r->view)
					break;
			}
		} while (need > area.w && first++ < (int)r->view);
		x = area.x;
		if (first > 0)
			x += tui_text(area.y + 1, x, 1, TA_LEFT, tui_attr(TR_DIM), "◂");
		for (i = first; i < RV_COUNT; i++) {
			int w = vn_width(tr(views[i].tab)) + 1;

			if (x + w > area.x + area.w)
				break;
			tui_textf(area.y + 1, x, w, TA_LEFT,
				  (int)r->view == i ? tui_attr(TR_SEL) | A_BOLD : tui_attr(TR_DIM),
				  "%s ", tr(views[i].tab));
			x += w;
		}
	}
	/* line 3: filter, sort, table */
	{
		size_t len;
		const struct province *p;

		buf[0] = '\0';
#define ADD(...) do { len = strlen(buf); snprintf(buf + len, sizeof(buf) - len, __VA_ARGS__); } while (0)
		if (r->book && r->book->invoices >= 0)
			ADD(tr("%lld invoices · "), (long long)r->book->invoices);
		if (r->f.showroom[0])
			ADD("%s %s · ", tr("showroom"), r->f.showroom);
		if (r->f.province[0]) {
			p = province_find(r->f.province);
			ADD("%s %s · ", tr("province"), p ? p->name : r->f.province);
		}
		if (r->f.producer[0])
			ADD("%s %s · ", tr("producer"), r->f.producer);
		if (r->f.group)
			ADD("%s %d · ", tr("group"), r->f.group);
		if (r->f.stars)
			ADD("%d★ · ", r->f.stars);
		if (r->f.owner[0])
			ADD("%s %s · ", tr("owner"), !strcmp(r->f.owner, "shop") ? tr("shop") :
			    !strcmp(r->f.owner, "consigned") ? tr("consigned") : r->f.owner);
		if (r->view < RV_COM)
			ADD("%s %s · ", tr("sorted by"), sort_name(r->f.sort));
		if (r->book && r->book->n > 1)
			ADD("%s %zu/%zu (t) · ", tr("table"), r->table + 1, r->book->n);
		len = strlen(buf);
		if (len >= strlen(" · "))
			buf[len - strlen(" · ")] = '\0';
#undef ADD
	}
	tui_text(area.y + 2, area.x, area.w, TA_LEFT, tui_attr(TR_DIM), buf);

	lr.y = area.y + 4;
	lr.x = area.x;
	lr.h = area.h - 6;
	lr.w = area.w;
	if (r->error[0] || !tb) {
		tui_text(lr.y, area.x, area.w, TA_LEFT, tui_attr(TR_ERROR), r->error);
		tui_cursor(t, -1, -1);
		return;
	}
	tw = area.w;
	if (area.w >= 140 && !r->chart) {
		struct tui_rect cr = { lr.y - 1, area.x + area.w - CHART_W, lr.h + 1, CHART_W };

		tw = area.w - CHART_W - 2;
		draw_chart(t, r, tb, cr);
	}
	memset(&d, 0, sizeof(d));
	d.r = r;
	d.t = tb;
	r->table_w = tw - 1;
	fit_columns(r, tb, tw - 1, &d.cs);
	if (r->chart) {
		struct tui_rect cr = { lr.y - 1, area.x, lr.h + 2, area.w };

		draw_chart(t, r, tb, cr);
	} else {
		y = area.y + 3;
		tui_fill(y, area.x, 1, tw, h);
		for (i = 0; i < d.cs.ncol; i++) {
			int c = d.cs.idx[i];

			tui_text(y, area.x + d.cs.x[i], d.cs.w[i],
				 right_aligned(tb->cols[c].kind) ? TA_RIGHT : TA_LEFT, h,
				 tr(tb->cols[c].header));
		}
		if (r->hscroll > 0)
			tui_text(y, area.x + tw - 2, 2, TA_LEFT, h | A_BOLD, "◂");
		if (d.cs.ncol < r->norder - r->hscroll)
			tui_text(y, area.x + tw - 1, 1, TA_LEFT, h | A_BOLD, "▸");
		lr.w = tw;
		if (r->list.n == 0)
			tui_text(lr.y + 1, area.x, tw, TA_CENTER, tui_attr(TR_DIM),
				 tr("no sales in this period: press 1, 2, 3 or 4 for another"));
		else
			wlist_draw(&r->list, lr, draw_row, &d);
		if (tb->has_total && tb->nrows > 0) {
			y = area.y + area.h - 2;
			tui_hline(y, area.x, tw, tui_attr(TR_DIM));
			tui_fill(y + 1, area.x, 1, tw, tui_attr(TR_TOTAL));
			draw_cells(&d, tb->nrows - 1, y + 1, area.x, tui_attr(TR_TOTAL));
		}
	}
	if (!tb->has_total || r->chart) {
		tui_textf(area.y + area.h - 1, area.x, area.w, TA_RIGHT, tui_attr(TR_DIM),
			  tr("%d rows"), r->list.n);
	}
	tui_cursor(t, -1, -1);
}

/* ---- period and filter ---------------------------------------------------------- */

static int period_done(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct repscr *r = ctx;
	struct pos_error err;
	char from[11], to[11];

	if (!ok)
		return 0;
	if (mgr_date_parse(form->f[0].buf, from, &err)) {
		dialog_error(t, pos_error_text(&err));
		form->cur = 0;
		return 1;
	}
	if (mgr_date_parse(form->f[1].buf, to, &err)) {
		dialog_error(t, pos_error_text(&err));
		form->cur = 1;
		return 1;
	}
	if (strcmp(from, to) > 0) {
		dialog_error(t, tr("the first day comes after the last one"));
		return 1;
	}
	memcpy(r->f.from, from, sizeof(from));
	memcpy(r->f.to, to, sizeof(to));
	r->period = P_CUSTOM;
	tui_flush(t);
	load(t, r);
	return 0;
}

static void open_period(struct tui *t, struct repscr *r)
{
	struct wform *f = dialog_form(t, tr("Period"),
				      tr("First and last day, both included (dd/mm/yyyy). "
					 "On the screen: 1 this month, 2 last month, 3 this year."),
				      period_done, r);

	wform_add(f, N_("From"), WF_TEXT, mgr_date(r->f.from))->maxlen = 10;
	wform_add(f, N_("To"), WF_TEXT, mgr_date(r->f.to))->maxlen = 10;
}

static int filter_done(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct repscr *r = ctx;
	struct report_filter f = r->f;
	struct mgr_filter mf;
	struct pos_error err;
	int i;

	if (!ok)
		return 0;
	mgr_copy(f.showroom, sizeof(f.showroom), form->f[0].buf);
	field_trim(f.showroom);
	for (i = 0; f.showroom[i]; i++)
		if (f.showroom[i] >= 'a' && f.showroom[i] <= 'z')
			f.showroom[i] = (char)(f.showroom[i] - 'a' + 'A');
	if (mgr_filter_fields(t, form, 1, &mf))
		return 1;
	memcpy(f.province, mf.province, sizeof(f.province));
	memcpy(f.producer, mf.producer, sizeof(f.producer));
	f.group = mf.group;
	f.stars = mf.stars;
	memcpy(f.owner, mf.owner, sizeof(f.owner));
	if (report_filter_check(t->db, &f, &err)) {
		dialog_error(t, pos_error_text(&err));
		return 1;
	}
	r->f = f;
	tui_flush(t);
	load(t, r);
	return 0;
}

static void open_filter(struct tui *t, struct repscr *r)
{
	struct wform *f = dialog_form(t, tr("Filter the report"),
		tr("Empty = all. Showroom: its code (a province hub merges many). Province and "
		   "producer: a code or part of the name. Goods of: \"shop\", \"consigned\" or a "
		   "consigning producer."), filter_done, r);
	char grp[4] = "", stars[4] = "";

	if (r->f.group)
		snprintf(grp, sizeof(grp), "%d", r->f.group);
	if (r->f.stars)
		snprintf(stars, sizeof(stars), "%d", r->f.stars);
	wform_add(f, N_("Showroom"), WF_TEXT, r->f.showroom)->maxlen = 16;
	wform_add(f, N_("Origin province"), WF_TEXT, r->f.province);
	wform_add(f, N_("Producer"), WF_TEXT, r->f.producer);
	wform_add(f, N_("OCOP group (1-6)"), WF_DIGITS, grp)->maxlen = 1;
	wform_add(f, N_("Stars (3-5)"), WF_DIGITS, stars)->maxlen = 1;
	wform_add(f, N_("Goods of"), WF_TEXT, r->f.owner);
}

/* ---- export ------------------------------------------------------------------------- */

/* Through app/outfile.h: 0600, a temporary renamed into place, never the database. */
static int write_csv(struct app_ctx *app, const struct report_table *t, const char *path,
		     struct pos_error *err)
{
	struct app_out o;
	char buf[64];
	size_t row;
	int c, r;

	/* the person confirmed replacing an existing file (replace_confirmed) */
	if ((r = app_out_begin(app, path, 1, 0, &o, err)))
		return r;
	fputs("\xEF\xBB\xBF", o.fp);
	for (c = 0; c < t->ncols; c++) {
		app_csv_field(o.fp, tr(t->cols[c].header));
		fputs(c < t->ncols - 1 ? "," : "\r\n", o.fp);
	}
	for (row = 0; row < t->nrows; row++)
		for (c = 0; c < t->ncols; c++) {
			app_csv_field(o.fp, cell_machine(&t->cols[c], cell(t, row, c), buf, sizeof(buf)));
			fputs(c < t->ncols - 1 ? "," : "\r\n", o.fp);
		}
	return app_out_finish(&o, err);
}

static int write_xlsx(struct app_ctx *app, const struct report_book *b, const char *path,
		      struct pos_error *err)
{
	struct app_out o;
	int r;

	if ((r = app_out_begin(app, path, 1, APP_OUT_PATH, &o, err)))
		return r;
	if ((r = xlsx_write(b, o.tmp, err))) {
		app_out_abort(&o);
		return r;
	}
	return app_out_finish(&o, err);
}

/* Every sales grouping, report by report, rows streamed (xlsx_write_sales). */
static int write_xlsx_sales(struct tui *t, enum report_group first, const struct report_filter *f,
			    const char *path, size_t *sheets, struct pos_error *err)
{
	struct app_out o;
	int r;

	if ((r = app_out_begin(t->app, path, 1, APP_OUT_PATH, &o, err)))
		return r;
	if ((r = xlsx_write_sales(t->db, first, f, o.tmp, sheets, err))) {
		app_out_abort(&o);
		return r;
	}
	return app_out_finish(&o, err);
}

static void do_export(struct tui *t, struct repscr *r)
{
	const struct report_table *tb = cur_table(r);
	struct pos_error err;
	char text[1400];
	int rc;

	if (!tb)
		return;
	tui_msg(t, TUI_MSG_INFO, "%s", tr("writing..."));
	tui_flush(t);
	if (!r->xlsx) {
		rc = write_csv(t->app, tb, r->path, &err);
		if (!rc)
			snprintf(text, sizeof(text), tr("%zu rows written to\n%s"), tb->nrows, r->path);
	} else {
		size_t sheets = r->book->n + (r->book->chart_table >= 0);

		if (r->view < RV_COM)
			rc = write_xlsx_sales(t, views[r->view].group, &r->f, r->path, &sheets, &err);
		else
			rc = write_xlsx(t->app, r->book, r->path, &err);
		if (!rc)
			snprintf(text, sizeof(text), tr("Excel workbook (%zu sheets) written to\n%s"),
				 sheets, r->path);
	}
	if (rc) {
		dialog_message(t, TUI_MSG_ERROR, tr("Not exported"), pos_error_text(&err));
		return;
	}
	tui_msg(t, TUI_MSG_OK, tr("written: %s"), r->path);
	dialog_message(t, TUI_MSG_OK, tr("Exported"), text);
}

static int replace_confirmed(struct tui *t, void *ctx, int ok, struct wform *form)
{
	(void)form;
	if (ok)
		do_export(t, ctx);
	return 0;
}

static int export_done(struct tui *t, void *ctx, int ok, struct wform *form)
{
	struct repscr *r = ctx;
	struct stat sb;
	char text[1200];

	if (!ok)
		return 0;
	mgr_copy(r->path, sizeof(r->path), form->f[0].buf);
	field_trim(r->path);
	if (!r->path[0]) {
		dialog_error(t, tr("type the file to write"));
		return 1;
	}
	if (stat(r->path, &sb) == 0) {
		snprintf(text, sizeof(text), tr("%s already exists. Replace it?"), r->path);
		dialog_confirm(t, tr("Replace the file"), text, replace_confirmed, r);
		return 0;
	}
	do_export(t, r);
	return 0;
}

static void open_export(struct tui *t, struct repscr *r, int xlsx)
{
	const struct report_table *tb = cur_table(r);
	struct wform *f;
	char dir[1024], path[1400];

	if (!tb) {
		tui_msg(t, TUI_MSG_WARN, "%s", tr("nothing to export"));
		return;
	}
	r->xlsx = xlsx;
	if (xlsx || strcmp(r->book->name, tb->key) == 0)
		snprintf(path, sizeof(path), "%s/report-%s-%s_%s.%s", mgr_dir(t, dir, sizeof(dir)),
			 r->book->name, r->f.from, r->f.to, xlsx ? "xlsx" : "csv");
	else
		snprintf(path, sizeof(path), "%s/report-%s-%s-%s_%s.csv",
			 mgr_dir(t, dir, sizeof(dir)), r->book->name, tb->key, r->f.from, r->f.to);
	f = dialog_form(t, xlsx ? tr("Export to Excel") : tr("Export to CSV"),
			xlsx ? tr("The whole report, a sheet per table, with a chart.") :
			tr("The table on the screen, every row and column (UTF-8, opens in Excel "
			   "and LibreOffice)."), export_done, r);
	wform_add(f, N_("File name"), WF_TEXT, NULL);
	mgr_copy(f->f[0].buf, sizeof(f->f[0].buf), path);
}

/* ---- keys --------------------------------------------------------------------------- */

static int logout_confirmed(struct tui *t, void *ctx, int ok, struct wform *form)
{
	(void)ctx;
	(void)form;
	if (ok)
		tui_logout(t);
	return 0;
}

static void change_view(struct tui *t, struct repscr *r, int step)
{
	r->view = (enum rview)(((int)r->view + step + RV_COUNT) % RV_COUNT);
	if (r->view < RV_COM)
		r->f.sort = views[r->view].time ? REPORT_SORT_KEY : REPORT_SORT_REVENUE;
	tui_flush(t);
	load(t, r);
}

static int reports_key(struct tui *t, void *st, int key)
{
	struct repscr *r = st;
	const struct report_table *tb = cur_table(r);

	switch (key) {
	case TK_ESC:
		if (r->base) {
			dialog_confirm(t, tr("Log out"), tr("Log out of the reports?"),
				       logout_confirmed, r);
			return TUI_REPAINT_ALL;
		}
		tui_pop(t);
		return TUI_REPAINT_ALL;
	case '1':
	case '2':
	case '3':
		set_period(r, (enum period)(key - '1'));
		tui_flush(t);
		load(t, r);
		return TUI_REPAINT_ALL;
	case '4':
	case TK_F(2):
	case TK_CTRL('D'):
		open_period(t, r);
		return TUI_REPAINT_ALL;
	case TK_TAB:
		change_view(t, r, 1);
		return TUI_REPAINT_ALL;
	case TK_BTAB:
		change_view(t, r, -1);
		return TUI_REPAINT_ALL;
	case TK_RIGHT:
	case TK_LEFT:
	case TK_HOME:
	case TK_END:
		if (tb)
			page_columns(r, tb, key);
		return TUI_REPAINT_BODY;
	case TK_F(3):
		if (r->view >= RV_COM) {
			tui_msg(t, TUI_MSG_INFO, "%s",
				tr("this report has its own order: products without sales first"));
			return TUI_REPAINT_ALL;
		}
		r->f.sort = r->f.sort == REPORT_SORT_REVENUE ? REPORT_SORT_QTY :
			    r->f.sort == REPORT_SORT_QTY ? REPORT_SORT_MARGIN :
			    r->f.sort == REPORT_SORT_MARGIN && views[r->view].time ? REPORT_SORT_KEY :
			    REPORT_SORT_REVENUE;
		tui_flush(t);
		load(t, r);
		tui_msg(t, TUI_MSG_INFO, tr("sorted by %s"), sort_name(r->f.sort));
		return TUI_REPAINT_ALL;
	case TK_F(4):
		r->chart = !r->chart;
		return TUI_REPAINT_BODY;
	case TK_F(5):
		open_filter(t, r);
		return TUI_REPAINT_ALL;
	case TK_F(6):
		open_export(t, r, 0);
		return TUI_REPAINT_ALL;
	case TK_F(7):
		open_export(t, r, 1);
		return TUI_REPAINT_ALL;
	case TK_F(8):
	case 't':
	case 'T':
		if (r->book && r->book->n > 1) {
			r->table = (r->table + 1) % r->book->n;
			layout_columns(r);
			r->list.sel = -1;
			r->list.top = 0;
			tb = cur_table(r);
			wlist_set_count(&r->list, tb ? (int)tb->nrows - (tb->has_total ? 1 : 0) : 0);
		}
		return TUI_REPAINT_BODY;
	case TK_F(12):
	case TK_CTRL('E'):
		if (r->base) {
			screen_menu_open(t);
			return TUI_REPAINT_ALL;
		}
		break;
	}
	if (wlist_key(&r->list, key, t->rows > 12 ? t->rows - 12 : 5))
		return TUI_REPAINT_BODY;
	return TUI_PASS;
}

static void reports_close(struct tui *t, void *st)
{
	struct repscr *r = st;

	(void)t;
	report_book_free(r->book);
	free(r);
}

static const struct tui_binding reports_bind[] = {
	{ { 0 }, "1-4", NULL, N_("Period"), NULL, 0, NULL },
	{ { TK_TAB }, "Tab", NULL, N_("View"), NULL, TK_TAB, NULL },
	{ { TK_F(3), 's', 'S' }, "F3", "s", N_("Sort"), NULL, TK_F(3), NULL },
	{ { TK_F(4), 'c', 'C' }, "F4", "c", N_("Chart"), NULL, TK_F(4), NULL },
	{ { TK_F(5), '/', TK_CTRL('F') }, "F5", "/", N_("Filter"), NULL, TK_F(5), NULL },
	{ { TK_F(6), 'e', 'E' }, "F6", "e", N_("CSV"), NULL, TK_F(6), NULL },
	{ { TK_F(7), 'x', 'X' }, "F7", "x", N_("Excel"), NULL, TK_F(7), NULL },
	{ { 0 }, "←→", NULL, N_("Columns"), N_("a screen of columns at a time; Home, End: the "
						"first, the last"), 0, NULL },
	{ { TK_ESC }, "Esc", NULL, N_("Back"), NULL, TK_ESC, NULL },
	TUI_BIND_END
};

static const struct tui_screen screen_reports = {
	"reports", 0, reports_draw, reports_key, NULL, reports_close, reports_bind,
};

void screen_reports_open(struct tui *t)
{
	struct repscr *r = xcalloc(1, sizeof(*r));

	report_filter_init(&r->f);
	r->f.sort = REPORT_SORT_REVENUE;
	r->view = RV_PRODUCTS;
	r->base = t->depth == 0;
	r->list.sel = -1;
	set_period(r, P_THIS_MONTH);
	tui_push(t, &screen_reports, r);
	t->msg[0] = '\0';           /* the till's last word is not about this screen */
	tui_flush(t);
	load(t, r);
}
