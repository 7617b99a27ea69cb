/*
 * cmd_report.c - `ocop-pos report`: sales by product and rolled up,
 * commercialization, consignment settlement (core/report.h), shown as a
 * terminal table, CSV, JSON or an XLSX workbook.
 *
 * Every report is a book of typed tables (report_book); this file prints
 * books.  Terminal tables are aligned by display width (vn_width) and,
 * when stdout is a terminal narrower than the table, shown in parts that
 * each repeat the columns naming the row.  CSV is UTF-8 with a BOM (so
 * Excel opens Vietnamese correctly) with the translated headers and one
 * table (the first, or --table NAME); money is a bare integer, quantities
 * and percentages use a '.' decimal point.  JSON has every table with its
 * machine keys, numbers typed, and null where there is no value.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "core/clock.h"
#include "core/db.h"
#include "app/outfile.h"
#include "core/i18n.h"
#include "core/pghub.h"
#include "core/money.h"
#include "core/producer.h"
#include "core/refdata.h"
#include "core/report.h"
#include "core/user.h"
#include "core/vntext.h"
#include "core/xlsx.h"
#include "lib/bytebuf.h"

static int run(struct app_ctx *ctx, const struct cli_args *a);
static int run_paid(struct app_ctx *ctx, const struct cli_args *a);
static int run_statement(struct app_ctx *ctx, const struct cli_args *a);
static int run_statements(struct app_ctx *ctx, const struct cli_args *a);

#define O_DATES CLI_STR("from", "YYYY-MM-DD", "first business date (default: the 1st)"), \
	CLI_STR("to", "YYYY-MM-DD", "last business date (default: today)")
#define O_FILTERS \
	CLI_STR("showroom", "CODE", "one showroom (at a province hub)"), \
	CLI_STR("province", "P", "origin of the product"), \
	CLI_STR("producer", "CODE", "one producer"), \
	CLI_STR("kind", "KIND", "cooperative, cooperative_group, enterprise, household"), \
	CLI_INT("group", 1, 6, "1-6", "one OCOP group"), \
	CLI_INT("stars", 3, 5, "3-5", "one rating"), \
	CLI_STR("owner", "shop|consigned|PRODUCER_CODE", "one owner of the goods")
#define O_OUTPUT \
	CLI_STR("sort", "revenue|qty|margin|key", "order of the rows"), \
	CLI_STR("format", "table|csv|json|xlsx", "output format"), \
	CLI_OUT, \
	CLI_FORCE, \
	CLI_STR("table", "NAME", "the table CSV holds (shares, upgrades, lots, ...)")

static const struct cli_opt sales_opts[] = { O_DATES, O_FILTERS, O_OUTPUT, CLI_USER, CLI_END };
static const struct cli_opt consign_opts[] = {
	O_DATES, O_FILTERS, O_OUTPUT,
	CLI_FLAG("statement", "record a consignment statement for --producer"),
	CLI_USER, CLI_END,
};
static const struct cli_opt paid_opts[] = {
	CLI_STR("reference", "TEXT", "how it was paid (required)"), CLI_USER, CLI_END,
};
static const struct cli_opt statements_opts[] = {
	CLI_STR("producer", "CODE", "one producer"), O_DATES, CLI_FORMAT, CLI_USER, CLI_END,
};
static const struct cli_opt user_opts[] = { CLI_USER, CLI_END };

#define NEEDS_REPORTS CLI_NEEDS(PERM_REPORTS)
static const struct cli_sub report_subs[] = {
	{ "products", NULL, "sales per product", sales_opts, run, NEEDS_REPORTS, NULL },
	{ "producers", NULL, "sales per producer", sales_opts, run, NEEDS_REPORTS, NULL },
	{ "provinces", NULL, "sales per province of origin", sales_opts, run, NEEDS_REPORTS, NULL },
	{ "groups", NULL, "sales per OCOP group", sales_opts, run, NEEDS_REPORTS, NULL },
	{ "stars", NULL, "sales per OCOP rating", sales_opts, run, NEEDS_REPORTS, NULL },
	{ "daily", NULL, "sales per day", sales_opts, run, NEEDS_REPORTS, NULL },
	{ "weekly", NULL, "sales per week", sales_opts, run, NEEDS_REPORTS, NULL },
	{ "monthly", NULL, "sales per month", sales_opts, run, NEEDS_REPORTS, NULL },
	{ "commercialization", NULL, "the commercialization report", sales_opts, run,
	  NEEDS_REPORTS, NULL },
	{ "consignment", NULL, "consigned goods sold, per producer (or record a statement)",
	  consign_opts, run, NEEDS_REPORTS, NULL },
	{ "consignment-paid", "ID", "mark a consignment statement as paid", paid_opts, run_paid,
	  0, NULL },
	{ "statements", NULL, "consignment statements", statements_opts, run_statements,
	  NEEDS_REPORTS, NULL },
	{ "statement", "ID", "one consignment statement", user_opts, run_statement,
	  NEEDS_REPORTS, NULL },
	CLI_SUBS_END,
};

const struct cli_cmd cmd_report = {
	"report", "sales, commercialization and consignment reports", report_subs,
	"Dates are local business dates YYYY-MM-DD, both included; the default is\n"
	"from the first of this month to today.  Revenue includes VAT; refunds and\n"
	"voids subtract on their own date.  CSV is UTF-8 with a BOM for Excel and\n"
	"holds one table (--table NAME picks another: shares, upgrades, lots, ...);\n"
	"JSON holds them all; xlsx (needs --out) has a sheet per grouping and a chart.\n"
	"Every report needs --user NAME (a manager, admin or auditor; PIN on\n"
	"standard input).\n",
};

enum out_fmt { OUT_TABLE, OUT_CSV, OUT_JSON, OUT_XLSX };

struct opts {
	const char *from, *to, *showroom, *province, *producer, *kind, *owner, *sort, *format,
		*out, *user, *reference, *table;
	long long group, stars;
	int statement, force;
};

static void load(const struct cli_args *a, struct opts *o)
{
	memset(o, 0, sizeof(*o));
	o->from = cli_str(a, "from");
	o->to = cli_str(a, "to");
	o->showroom = cli_str(a, "showroom");
	o->province = cli_str(a, "province");
	o->producer = cli_str(a, "producer");
	o->kind = cli_str(a, "kind");
	o->owner = cli_str(a, "owner");
	o->sort = cli_str(a, "sort");
	o->format = cli_str(a, "format");
	o->out = cli_str(a, "out");
	o->user = cli_str(a, "user");
	o->reference = cli_str(a, "reference");
	o->table = cli_str(a, "table");
	o->group = cli_int(a, "group", 0);
	o->stars = cli_int(a, "stars", 0);
	o->statement = cli_has(a, "statement");
	o->force = cli_has(a, "force");
}

/* ---- printing books --------------------------------------------------- */

/* v in decimal, as "%lld" writes it, at the end of buf[0..n) (n >= 21): its start. */
static char *int_text(int64_t v, char *buf, size_t n)
{
	uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	char *p = buf + n;

	*--p = '\0';
	do {
		*--p = (char)('0' + m % 10);
		m /= 10;
	} while (m);
	if (v < 0)
		*--p = '-';
	return p;
}

/* Basis points as a percentage: "12,3 %" for people, "12.34" for machines
 * (written without printf: a large CSV has a million of them). */
static const char *pct_text(int64_t bp, char *out, size_t n, int human)
{
	uint64_t a = bp < 0 ? (uint64_t)0 - (uint64_t)bp : (uint64_t)bp;
	char whole[24], *w;
	size_t len;

	if (human) {
		uint64_t tenths = (a + 5) / 10;

		snprintf(out, n, "%s%llu%s%llu %%", bp < 0 ? "-" : "",
			 (unsigned long long)(tenths / 10), i18n_lang() == I18N_EN ? "." : ",",
			 (unsigned long long)(tenths % 10));
		return out;
	}
	w = int_text((int64_t)(a / 100), whole, sizeof(whole));
	len = strlen(w);
	if (len + 5 > n) {
		out[0] = '\0';
		return out;
	}
	len = 0;
	if (bp < 0)
		out[len++] = '-';
	while (*w)
		out[len++] = *w++;
	out[len++] = '.';
	out[len++] = (char)('0' + a % 100 / 10);
	out[len++] = (char)('0' + a % 10);
	out[len] = '\0';
	return out;
}

/* The text of a cell for people (human = 1) or CSV; caller's buffer. */
static const char *cell_text(const struct report_col *col, const struct report_cell *c,
			     char *buf, size_t n, int human)
{
	if (c->null)
		return human ? "—" : "";
	switch (col->kind) {
	case RCOL_MONEY:
		if (!human)
			return int_text(c->num, buf, n);
		money_format(c->num, buf, n);
		return buf;
	case RCOL_QTY:
		if (human)
			qty_format(c->num, buf, n);
		else
			qty_format_c(c->num, buf, n);
		return buf;
	case RCOL_PERCENT:
		return pct_text(c->num, buf, n, human);
	case RCOL_INT:
		return int_text(c->num, buf, n);
	default:
		return c->text ? c->text : "";
	}
}

static int right_aligned(enum report_col_kind k)
{
	return k != RCOL_TEXT && k != RCOL_DATE;
}

static void pad(FILE *out, int n)
{
	while (n-- > 0)
		fputc(' ', out);
}

static int term_width(FILE *out)
{
	struct winsize ws;

	if (!isatty(fileno(out)))
		return 0;
	if (ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
		return ws.ws_col;
	return 0;
}

/* Print columns cols[0..ncols) of t (indexes into t->cols). */
static int print_part(FILE *out, const struct report_table *t, const int *cols, int ncols,
		      const int *w, struct report_rowbuf *rb)
{
	char buf[64];
	size_t r;
	int i, k;

	for (i = 0; i < ncols; i++) {
		const char *h = tr(t->cols[cols[i]].header);
		int right = right_aligned(t->cols[cols[i]].kind);

		if (right)
			pad(out, w[cols[i]] - vn_width(h));
		fputs(h, out);
		if (!right && i < ncols - 1)
			pad(out, w[cols[i]] - vn_width(h));
		fputs(i < ncols - 1 ? "  " : "\n", out);
	}
	for (i = 0; i < ncols; i++) {
		for (k = 0; k < w[cols[i]]; k++)
			fputs("─", out);
		fputs(i < ncols - 1 ? "  " : "\n", out);
	}
	for (r = 0; r < t->nrows; r++) {
		const struct report_cell *cells = report_table_row(t, r, rb);

		if (!cells)
			return -1;
		if (t->has_total && r + 1 == t->nrows) {
			for (i = 0; i < ncols; i++) {
				for (k = 0; k < w[cols[i]]; k++)
					fputs("─", out);
				fputs(i < ncols - 1 ? "  " : "\n", out);
			}
		}
		for (i = 0; i < ncols; i++) {
			const struct report_col *col = &t->cols[cols[i]];
			const char *s = cell_text(col, &cells[cols[i]], buf, sizeof(buf), 1);
			int right = right_aligned(col->kind);

			if (right)
				pad(out, w[cols[i]] - vn_width(s));
			fputs(s, out);
			if (!right && i < ncols - 1)
				pad(out, w[cols[i]] - vn_width(s));
			fputs(i < ncols - 1 ? "  " : "\n", out);
		}
	}
	return 0;
}

#define NAME_COL_MAX 40

static int print_table(FILE *out, const struct report_table *t, int width)
{
	int *w = xcalloc((size_t)t->ncols, sizeof(int)), *cols = xcalloc((size_t)t->ncols, sizeof(int));
	struct report_rowbuf rb;
	char buf[64];
	size_t r;
	int c, n, start, rc = 0;

	fprintf(out, "%s\n", tr(t->title));
	if (t->nrows == 0) {
		fprintf(out, "  %s\n", tr("(nothing in this period)"));
		goto done;
	}
	memset(&rb, 0, sizeof(rb));
	for (c = 0; c < t->ncols; c++)
		w[c] = vn_width(tr(t->cols[c].header));
	for (r = 0; r < t->nrows; r++) {
		const struct report_cell *cells = report_table_row(t, r, &rb);

		if (!cells) {
			rc = -1;
			goto done;
		}
		for (c = 0; c < t->ncols; c++) {
			int cw = vn_width(cell_text(&t->cols[c], &cells[c], buf, sizeof(buf), 1));

			if (cw > w[c])
				w[c] = cw;
		}
	}
	if (width <= 0) {
		for (c = 0; c < t->ncols; c++)
			cols[c] = c;
		rc = print_part(out, t, cols, t->ncols, w, &rb);
		goto done;
	}
	/* in parts that fit the terminal, each with the label columns */
	start = t->label_cols;
	do {
		int used = 0;

		n = 0;
		for (c = 0; c < t->label_cols && c < t->ncols; c++) {
			cols[n++] = c;
			used += w[c] + 2;
		}
		for (c = start; c < t->ncols; c++) {
			if (n > t->label_cols && used + w[c] > width)
				break;
			cols[n++] = c;
			used += w[c] + 2;
		}
		if (start > t->label_cols)
			fputc('\n', out);
		if ((rc = print_part(out, t, cols, n, w, &rb)))
			break;
		start = c;
	} while (start < t->ncols);
done:
	report_rowbuf_release(&rb);
	free(w);
	free(cols);
	return rc;
}

static int print_human(FILE *out, const struct report_book *b)
{
	int width = term_width(out);
	size_t i;

	fprintf(out, "%s — %s %s %s %s; %s\n\n", tr(b->title), tr("from"), b->from, tr("to"),
		b->to, b->filters);
	if (b->invoices >= 0)
		fprintf(out, "%s: %lld\n\n", tr("Invoices sold"), (long long)b->invoices);
	for (i = 0; i < b->n; i++) {
		if (i)
			fputc('\n', out);
		if (print_table(out, &b->tables[i], width))
			return -1;
	}
	return 0;
}

static const struct report_table *pick_table(const struct report_book *b, const char *name)
{
	size_t i;

	if (!name)
		return b->n ? &b->tables[0] : NULL;
	for (i = 0; i < b->n; i++)
		if (strcmp(b->tables[i].key, name) == 0)
			return &b->tables[i];
	return NULL;
}

/*
 * One table as CSV, row by row: a streamed table's rows are made from the
 * report as they are written (nothing held per row), each row built in a
 * buffer and written at once; numbers go out as they are (a plain number
 * is never quoted nor guarded: app_csv_field would leave it alone).
 */
static int print_csv(FILE *out, const struct report_table *t)
{
	struct report_rowbuf rb;
	struct bytebuf line;
	char buf[64];
	size_t r;
	int c, rc = 0;

	memset(&rb, 0, sizeof(rb));
	bytebuf_init(&line);
	fputs("\xEF\xBB\xBF", out);
	for (c = 0; c < t->ncols; c++) {
		app_csv_field(out, tr(t->cols[c].header));
		fputs(c < t->ncols - 1 ? "," : "\r\n", out);
	}
	for (r = 0; r < t->nrows && !rc; r++) {
		const struct report_cell *cells = report_table_row(t, r, &rb);

		if (!cells) {
			rc = -1;
			break;
		}
		bytebuf_reset(&line);
		for (c = 0; c < t->ncols; c++) {
			const char *s = cell_text(&t->cols[c], &cells[c], buf, sizeof(buf), 0);
			enum report_col_kind k = t->cols[c].kind;

			if (k == RCOL_TEXT || k == RCOL_DATE)
				app_csv_put(&line, s);
			else
				bytebuf_str(&line, s);
			if (c < t->ncols - 1)
				bytebuf_byte(&line, ',');
			else
				bytebuf_put(&line, "\r\n", 2);
		}
		if (line.failed)
			rc = -1;
		else
			fwrite(line.data, 1, line.len, out);
	}
	bytebuf_release(&line);
	report_rowbuf_release(&rb);
	return rc;
}

static cJSON *json_row(const struct report_table *t, size_t r, struct report_rowbuf *rb)
{
	const struct report_cell *cells = report_table_row(t, r, rb);
	cJSON *o = cells ? cJSON_CreateObject() : NULL;
	int c;

	for (c = 0; o && c < t->ncols; c++) {
		const struct report_cell *cell = &cells[c];
		const char *k = t->cols[c].key;

		if (cell->null) {
			cJSON_AddNullToObject(o, k);
			continue;
		}
		switch (t->cols[c].kind) {
		case RCOL_MONEY:
		case RCOL_INT:
			cJSON_AddNumberToObject(o, k, (double)cell->num);
			break;
		case RCOL_QTY:
			cJSON_AddNumberToObject(o, k, (double)cell->num / 1000.0);
			break;
		case RCOL_PERCENT:
			cJSON_AddNumberToObject(o, k, (double)cell->num / 100.0);
			break;
		default:
			cJSON_AddStringToObject(o, k, cell->text ? cell->text : "");
		}
	}
	return o;
}

static int print_json(FILE *out, const struct report_book *b)
{
	cJSON *root = cJSON_CreateObject(), *tables = cJSON_CreateObject();
	struct report_rowbuf rb;
	size_t i, r;
	char *s;
	int failed = 0;

	memset(&rb, 0, sizeof(rb));
	cJSON_AddStringToObject(root, "report", b->name);
	cJSON_AddStringToObject(root, "from", b->from);
	cJSON_AddStringToObject(root, "to", b->to);
	cJSON_AddStringToObject(root, "filters", b->filters);
	if (b->invoices >= 0)
		cJSON_AddNumberToObject(root, "invoices", (double)b->invoices);
	for (i = 0; i < b->n; i++) {
		const struct report_table *t = &b->tables[i];
		cJSON *o = cJSON_CreateObject(), *rows = cJSON_CreateArray();
		size_t n = t->nrows - (t->has_total && t->nrows ? 1 : 0);

		cJSON_AddStringToObject(o, "title", tr(t->title));
		for (r = 0; r < n; r++) {
			cJSON *row = json_row(t, r, &rb);

			failed |= !row;
			cJSON_AddItemToArray(rows, row);
		}
		cJSON_AddItemToObject(o, "rows", rows);
		if (t->has_total && t->nrows) {
			cJSON *row = json_row(t, t->nrows - 1, &rb);

			failed |= !row;
			cJSON_AddItemToObject(o, "total", row);
		}
		cJSON_AddItemToObject(tables, t->key, o);
	}
	cJSON_AddItemToObject(root, "tables", tables);
	s = cJSON_Print(root);
	failed |= !s;
	if (s) {
		fputs(s, out);
		fputc('\n', out);
	}
	free(s);
	cJSON_Delete(root);
	report_rowbuf_release(&rb);
	return failed ? -1 : 0;
}

/* Show book b in fmt (to o->out or stdout). */
static int emit(struct app_ctx *ctx, const struct report_book *b, enum out_fmt fmt,
		const struct opts *o)
{
	const struct report_table *t;
	struct pos_error err;
	struct app_out file;
	FILE *out = stdout;
	int r = 0;

	if (fmt == OUT_XLSX) {
		if ((r = app_out_open(ctx, o->out, o->force, APP_OUT_PATH, &file)))
			return r;
		if (xlsx_write(b, file.tmp, &err)) {
			app_out_abort(&file);
			return app_error(&err);
		}
		if ((r = app_out_commit(&file)))
			return r;
		printf(tr("Wrote %s (%zu sheets).\n"), o->out, b->n + (b->chart_table >= 0 ? 1 : 0));
		return 0;
	}
	if (fmt == OUT_CSV && !(t = pick_table(b, o->table))) {
		size_t i;

		fprintf(stderr, tr("ocop-pos: this report has no table \"%s\"; it has:"), o->table);
		for (i = 0; i < b->n; i++)
			fprintf(stderr, " %s", b->tables[i].key);
		fputc('\n', stderr);
		return 2;
	}
	if (o->out) {
		if ((r = app_out_open(ctx, o->out, o->force, 0, &file)))
			return r;
		out = file.fp;
	}
	if (fmt == OUT_CSV)
		r = print_csv(out, pick_table(b, o->table));
	else if (fmt == OUT_JSON)
		r = print_json(out, b);
	else
		r = print_human(out, b);
	if (r) {
		if (o->out)
			app_out_abort(&file);
		return app_fail("%s", tr("out of memory"));
	}
	return o->out ? app_out_commit(&file) : 0;
}

/* Every sales grouping as a workbook (first's first), report by report,
 * rows streamed: memory does not grow with the rows written. */
static int emit_sales_xlsx(struct app_ctx *ctx, enum report_group first,
			   const struct report_filter *f, const struct opts *o)
{
	struct pos_error err;
	struct app_out file;
	size_t sheets = 0;
	int r;

	if ((r = app_out_open(ctx, o->out, o->force, APP_OUT_PATH, &file)))
		return r;
	if (xlsx_write_sales(ctx->db, first, f, file.tmp, &sheets, &err)) {
		app_out_abort(&file);
		return app_error(&err);
	}
	if ((r = app_out_commit(&file)))
		return r;
	printf(tr("Wrote %s (%zu sheets).\n"), o->out, sheets);
	return 0;
}

/* ---- options ---------------------------------------------------------- */

static int parse_filter(struct app_ctx *ctx, const struct opts *o, const struct cli_args *a,
			struct report_filter *f)
{
	struct pos_error err;
	const struct province *prov;
	enum producer_kind k;

	report_filter_init(f);
	if (o->from)
		snprintf(f->from, sizeof(f->from), "%s", o->from);
	if (o->to)
		snprintf(f->to, sizeof(f->to), "%s", o->to);
	if ((o->from && strlen(o->from) != 10) || (o->to && strlen(o->to) != 10))
		return app_fail(tr("dates are YYYY-MM-DD, not \"%s\""),
				o->from && strlen(o->from) != 10 ? o->from : o->to);
	if (o->showroom)
		snprintf(f->showroom, sizeof(f->showroom), "%s", o->showroom);
	if (o->province) {
		if (province_resolve(o->province, &prov, NULL, &err))
			return app_error(&err);
		snprintf(f->province, sizeof(f->province), "%s", prov->code);
	}
	if (o->producer)
		snprintf(f->producer, sizeof(f->producer), "%s", o->producer);
	if (o->kind) {
		if (producer_kind_parse(o->kind, &k, &err))
			return app_error(&err);
		f->kind = (int)k;
	}
	if (cli_has(a, "group"))
		f->group = (int)o->group;
	if (cli_has(a, "stars"))
		f->stars = (int)o->stars;
	if (o->owner)
		snprintf(f->owner, sizeof(f->owner), "%s", o->owner);
	if (o->sort) {
		if (!strcmp(o->sort, "revenue"))
			f->sort = REPORT_SORT_REVENUE;
		else if (!strcmp(o->sort, "qty"))
			f->sort = REPORT_SORT_QTY;
		else if (!strcmp(o->sort, "margin"))
			f->sort = REPORT_SORT_MARGIN;
		else if (!strcmp(o->sort, "key"))
			f->sort = REPORT_SORT_KEY;
		else
			return cli_usage(&cmd_report, tr("--sort is revenue, qty, margin or key, not \"%s\""),
					 o->sort);
	}
	if (ctx->db && report_filter_check(ctx->db, f, &err))   /* (PostgreSQL: pghub checks) */
		return app_error(&err);
	return 0;
}

static int parse_format(const struct opts *o, enum out_fmt *fmt)
{
	if (!o->format || !strcmp(o->format, "table"))
		*fmt = OUT_TABLE;
	else if (!strcmp(o->format, "csv"))
		*fmt = OUT_CSV;
	else if (!strcmp(o->format, "json"))
		*fmt = OUT_JSON;
	else if (!strcmp(o->format, "xlsx"))
		*fmt = OUT_XLSX;
	else
		return cli_usage(&cmd_report, tr("--format is table, csv, json or xlsx, not \"%s\""),
				 o->format);
	if (*fmt == OUT_XLSX && !o->out)
		return cli_usage(&cmd_report, "%s", tr("--format xlsx needs --out FILE.xlsx"));
	return 0;
}

static int statement_id(const char *s, long long *id)
{
	char *end;

	if (!strncmp(s, "CS-", 3) || !strncmp(s, "cs-", 3))
		s += 3;
	errno = 0;
	*id = strtoll(s, &end, 10);
	if (!*s || *end || *id <= 0 || errno == ERANGE)
		return app_fail(tr("\"%s\" is not a statement number (see `ocop-pos report statements`)"),
				s);
	return 0;
}

/* ---- consignment statements -------------------------------------------- */

static void show_statement(const struct report_statement *s)
{
	char g[MONEY_FMT_MAX], c[MONEY_FMT_MAX], p[MONEY_FMT_MAX], q[QTY_FMT_MAX], lb[96];
	size_t i;

	money_format(s->gross, g, sizeof(g));
	money_format(s->commission, c, sizeof(c));
	money_format(s->payable, p, sizeof(p));
	printf(tr("Consignment statement CS-%lld\n"), s->id);
	printf("%s %s — %s\n", app_pad(lb, sizeof(lb), tr("Producer:"), 16),
	       s->producer, s->producer_name);
	printf("%s %s %s %s\n", app_pad(lb, sizeof(lb), tr("Period:"), 16),
	       s->from, tr("to"), s->to);
	for (i = 0; i < s->nlines; i++) {
		const struct report_consign_lot *l = &s->lines[i];
		char lg[MONEY_FMT_MAX];

		qty_format(l->sold_milli - l->refunded_milli, q, sizeof(q));
		money_format(l->payable, lg, sizeof(lg));
		printf("  %-12s %-10s %s: %s, %s\n", l->sku, l->lot_no, l->name, q, lg);
	}
	printf("%s %s\n", app_pad(lb, sizeof(lb), tr("Gross sales:"), 16), g);
	printf("%s %s\n", app_pad(lb, sizeof(lb), tr("Commission:"), 16), c);
	printf("%s %s\n", app_pad(lb, sizeof(lb), tr("Payable:"), 16), p);
	if (s->paid) {
		char when[32];
		time_t t;

		if (clock_parse_utc(s->paid_at, &t, NULL) == 0)
			clock_format_local(t, when);
		else
			snprintf(when, sizeof(when), "%s", s->paid_at);
		printf(tr("Paid on %s by %s, reference %s.\n"), when, s->paid_by,
		       s->paid_reference);
	}
	else
		printf("%s\n", tr("Not paid yet."));
}

static int statements(struct app_ctx *ctx, const struct opts *o)
{
	struct report_statement *v;
	struct app_table *t;
	struct pos_error err;
	enum app_format fmt;
	size_t n, i;

	if (app_format_parse(o->format, &fmt))
		return cli_usage(&cmd_report, tr("--format is table, csv or json, not \"%s\""), o->format);
	if (report_statement_list(ctx->db, o->producer, o->from, o->to, &v, &n, &err))
		return app_error(&err);
	t = app_table_new(9);
	app_table_col(t, 0, "id", "No.", COL_TEXT);
	app_table_col(t, 1, "producer", "Producer", COL_TEXT);
	app_table_col(t, 2, "from", "From", COL_TEXT);
	app_table_col(t, 3, "to", "To", COL_TEXT);
	app_table_col(t, 4, "gross", "Gross sales", COL_MONEY);
	app_table_col(t, 5, "commission", "Commission", COL_MONEY);
	app_table_col(t, 6, "payable", "Payable", COL_MONEY);
	app_table_col(t, 7, "paid_at", "Paid", COL_TEXT);
	app_table_col(t, 8, "reference", "Reference", COL_TEXT);
	for (i = 0; i < n; i++) {
		char id[32], local[17];
		time_t when;

		snprintf(id, sizeof(id), "CS-%lld", v[i].id);
		app_table_add_text(t, id);
		app_table_add_text(t, v[i].producer);
		app_table_add_text(t, v[i].from);
		app_table_add_text(t, v[i].to);
		app_table_add_money(t, v[i].gross);
		app_table_add_money(t, v[i].commission);
		app_table_add_money(t, v[i].payable);
		if (fmt == APP_TABLE && clock_parse_utc(v[i].paid_at, &when, NULL) == 0) {
			clock_format_local(when, local);  /* people read local time */
			app_table_add_text(t, local);
		} else {
			app_table_add_text(t, v[i].paid_at);
		}
		app_table_add_text(t, v[i].paid_reference);
	}
	free(v);
	app_table_print(t, fmt, stdout);
	return 0;
}

/* ---- the command --------------------------------------------------------- */

static int run_paid(struct app_ctx *ctx, const struct cli_args *a)
{
	const char *reference = cli_str(a, "reference");
	struct pos_error err;
	struct user u;
	long long id;
	int r;

	if (cli_nargs(a) != 1)
		return cli_usage(&cmd_report, "%s", tr("consignment-paid needs the statement number"));
	if ((r = statement_id(cli_arg(a, 0), &id)))
		return r;
	if (!reference)
		return cli_usage(&cmd_report, "%s", tr("say how it was paid with --reference TEXT"));
	if ((r = cli_auth_user(ctx, cli_str(a, "user"), &u)))
		return r;
	if (report_statement_paid(ctx->db, &u, id, reference, &err))
		return app_error(&err);
	printf(tr("Statement CS-%lld marked as paid (reference %s).\n"), id, reference);
	return 0;
}

static int run_statement(struct app_ctx *ctx, const struct cli_args *a)
{
	struct report_statement s;
	struct pos_error err;
	long long id;
	int r;

	if (cli_nargs(a) != 1)
		return cli_usage(&cmd_report, "%s", tr("statement needs the statement number"));
	if ((r = statement_id(cli_arg(a, 0), &id)) || (r = app_db(ctx, 0)))
		return r;
	if (report_statement_get(ctx->db, id, &s, &err))
		return app_error(&err);
	show_statement(&s);
	report_statement_release(&s);
	return 0;
}

static int run_statements(struct app_ctx *ctx, const struct cli_args *a)
{
	struct opts o;
	int r;

	load(a, &o);
	if ((r = app_db(ctx, 0)))
		return r;
	return statements(ctx, &o);
}

/* A report of a hub on PostgreSQL (core/pghub.h): products and commercialization. */
static int run_pg(struct app_ctx *ctx, struct pghub *pg, const char *what, const struct opts *o,
		  const struct cli_args *a)
{
	struct report_filter f;
	struct report_book *book = NULL;
	struct pos_error err;
	enum out_fmt fmt;
	int r;

	if ((r = parse_format(o, &fmt)) || (r = parse_filter(ctx, o, a, &f)))
		return r;
	if (!strcmp(what, "commercialization")) {
		struct report_com *c;

		if (pghub_report_commercialization(pg, &f, &c, &err))
			return app_error(&err);
		r = report_book_com(c, &book, &err);
		report_com_free(c);
	} else if (!strcmp(what, "products")) {
		struct report *rep;

		if (pghub_report_products(pg, &f, &rep, &err))
			return app_error(&err);
		r = report_book_sales(rep, &book, &err);
		report_free(rep);
	} else {
		return app_fail(tr("report %s is not available on a PostgreSQL hub yet: products "
				   "and commercialization are (the views in docs/province.md "
				   "cover the others)"), what);
	}
	if (r)
		return app_error(&err);
	r = emit(ctx, book, fmt, o);
	report_book_free(book);
	return r;
}

static int run(struct app_ctx *ctx, const struct cli_args *a)
{
	struct opts o;
	struct report_filter f;
	struct report_book *book = NULL;
	struct pos_error err;
	struct pghub *pg;
	enum report_group g;
	enum out_fmt fmt;
	const char *what = a->sub->name;
	int r;

	load(a, &o);
	if ((r = app_pghub(ctx, &pg)))
		return r;
	if (pg) {
		r = run_pg(ctx, pg, what, &o, a);
		pghub_close(pg);
		return r;
	}
	if ((r = app_db(ctx, 0)))
		return r;
	if ((r = parse_format(&o, &fmt)))
		return r;
	if ((r = parse_filter(ctx, &o, a, &f)))
		return r;

	if (!strcmp(what, "consignment")) {
		struct report_consign *c;

		if (o.statement) {
			struct report_statement s;

			if (!o.producer || !o.from || !o.to)
				return cli_usage(&cmd_report, "%s",
						 tr("a statement needs --producer CODE, --from DATE and --to DATE"));
			if (report_statement_create(ctx->db, a->user, o.producer, f.from, f.to, &s,
						    &err))
				return app_error(&err);
			show_statement(&s);
			report_statement_release(&s);
			return 0;
		}
		if (report_consignment(ctx->db, &f, &c, &err))
			return app_error(&err);
		r = report_book_consign(c, &book, &err);
		report_consign_free(c);
	} else if (!strcmp(what, "commercialization")) {
		struct report_com *c;

		/* the products table streamed: its rows made from c as they are written */
		if (report_commercialization(ctx->db, &f, &c, &err))
			return app_error(&err);
		if (report_book_com_stream(c, &book, &err)) {
			report_com_free(c);
			return app_error(&err);
		}
		r = emit(ctx, book, fmt, &o);
		report_book_free(book);
		report_com_free(c);
		return r;
	} else {
		struct report *rep;

		if (report_group_parse(what, &g, &err))
			return cli_usage(&cmd_report, "%s", pos_error_text(&err));
		if (fmt == OUT_XLSX)
			return emit_sales_xlsx(ctx, g, &f, &o);
		/* the grouping's table streamed from rep (CSV: nothing held per row) */
		if (report_sales(ctx->db, g, &f, &rep, &err))
			return app_error(&err);
		if (report_book_sales_stream(rep, 1, &book, &err)) {
			report_free(rep);
			return app_error(&err);
		}
		r = emit(ctx, book, fmt, &o);
		report_book_free(book);
		report_free(rep);
		return r;
	}
	if (r)
		return app_error(&err);
	r = emit(ctx, book, fmt, &o);
	report_book_free(book);
	return r;
}
