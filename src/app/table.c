/*
 * table.c - command output as a human table (aligned by display width,
 * so Vietnamese with combining marks lines up), CSV (RFC 4180) or JSON
 * (typed values) from one description.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "app/table.h"
#include "core/field.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/vntext.h"
#include "lib/alloc.h"
#include "lib/bytebuf.h"

struct cell {
	char *text;         /* human form */
	long long num;
};

struct app_table {
	int ncols;
	const char **keys;
	const char **headers;
	enum app_col_kind *kinds;
	struct cell *cells;
	size_t ncells, cap;
};

struct app_table *app_table_new(int ncols)
{
	struct app_table *t = xcalloc(1, sizeof(*t));

	t->ncols = ncols;
	t->keys = xcalloc((size_t)ncols, sizeof(*t->keys));
	t->headers = xcalloc((size_t)ncols, sizeof(*t->headers));
	t->kinds = xcalloc((size_t)ncols, sizeof(*t->kinds));
	return t;
}

void app_table_col(struct app_table *t, int i, const char *key, const char *header,
		   enum app_col_kind kind)
{
	t->keys[i] = key;
	t->headers[i] = header;
	t->kinds[i] = kind;
}

static void add(struct app_table *t, const char *text, long long num)
{
	if (POS_GROW(t->cells, t->cap, t->ncells + 1)) {
		fputs("ocop-pos: out of memory\n", stderr);
		abort();
	}
	t->cells[t->ncells].text = xstrdup(text ? text : "");
	t->cells[t->ncells].num = num;
	t->ncells++;
}

void app_table_add_text(struct app_table *t, const char *s)
{
	add(t, s, 0);
}

void app_table_add_int(struct app_table *t, long long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", v);
	add(t, buf, v);
}

void app_table_add_money(struct app_table *t, int64_t vnd)
{
	char buf[48];

	money_format(vnd, buf, sizeof(buf));
	add(t, buf, vnd);
}

void app_table_add_bool(struct app_table *t, int v)
{
	add(t, v ? tr("yes") : tr("no"), v ? 1 : 0);
}

void app_table_add_qty(struct app_table *t, int64_t milli)
{
	char buf[QTY_FMT_MAX];

	if (qty_format(milli, buf, sizeof(buf)) < 0)
		buf[0] = '\0';
	add(t, buf, milli);
}

/* 1 when s goes out as it is (no quotes, no guard). */
static int csv_plain(const char *s)
{
	return !field_formula_like(s) && !strpbrk(s, ",\"\r\n") && s[0] != ' ' &&
	       !(s[0] && s[strlen(s) - 1] == ' ');
}

void app_csv_put(struct bytebuf *b, const char *s)
{
	int guard;

	if (csv_plain(s)) {
		bytebuf_str(b, s);
		return;
	}
	/* quoted; a formula shown, never run, by a spreadsheet (OWASP CSV injection) */
	guard = field_formula_like(s);
	bytebuf_str(b, guard ? "\"'" : "\"");
	for (; *s; s++) {
		if (*s == '"')
			bytebuf_byte(b, '"');
		bytebuf_byte(b, (unsigned char)*s);
	}
	bytebuf_byte(b, '"');
}

void app_csv_field(FILE *out, const char *s)
{
	struct bytebuf b;

	if (csv_plain(s)) {
		fputs(s, out);
		return;
	}
	bytebuf_init(&b);
	app_csv_put(&b, s);
	if (b.len)
		fwrite(b.data, 1, b.len, out);
	bytebuf_release(&b);
}

static void pad(FILE *out, int n)
{
	while (n-- > 0)
		fputc(' ', out);
}

const char *app_pad(char *buf, size_t n, const char *label, int width)
{
	int w = vn_width(label);
	size_t len = strlen(label);

	if (n == 0)
		return "";
	if (len >= n)
		len = n - 1;
	memcpy(buf, label, len);
	while (w < width && len + 1 < n) {
		buf[len++] = ' ';
		w++;
	}
	buf[len] = '\0';
	return buf;
}

static void print_human(struct app_table *t, FILE *out)
{
	size_t rows = t->ncells / (size_t)t->ncols, r;
	int *w = xcalloc((size_t)t->ncols, sizeof(int)), c;

	for (c = 0; c < t->ncols; c++)
		w[c] = vn_width(tr(t->headers[c]));
	for (r = 0; r < rows; r++)
		for (c = 0; c < t->ncols; c++) {
			int cw = vn_width(t->cells[r * (size_t)t->ncols + (size_t)c].text);

			if (cw > w[c])
				w[c] = cw;
		}
	for (c = 0; c < t->ncols; c++) {
		const char *h = tr(t->headers[c]);
		int right = t->kinds[c] == COL_INT || t->kinds[c] == COL_MONEY ||
				    t->kinds[c] == COL_QTY;

		if (right)
			pad(out, w[c] - vn_width(h));
		fputs(h, out);
		if (!right && c < t->ncols - 1)
			pad(out, w[c] - vn_width(h));
		fputs(c < t->ncols - 1 ? "  " : "\n", out);
	}
	for (c = 0; c < t->ncols; c++) {
		int i;

		for (i = 0; i < w[c]; i++)
			fputs("─", out);
		fputs(c < t->ncols - 1 ? "  " : "\n", out);
	}
	for (r = 0; r < rows; r++)
		for (c = 0; c < t->ncols; c++) {
			const char *s = t->cells[r * (size_t)t->ncols + (size_t)c].text;
			int right = t->kinds[c] == COL_INT || t->kinds[c] == COL_MONEY ||
				    t->kinds[c] == COL_QTY;

			if (right)
				pad(out, w[c] - vn_width(s));
			fputs(s, out);
			if (!right && c < t->ncols - 1)
				pad(out, w[c] - vn_width(s));
			fputs(c < t->ncols - 1 ? "  " : "\n", out);
		}
	free(w);
}

static void print_csv(struct app_table *t, FILE *out)
{
	size_t rows = t->ncells / (size_t)t->ncols, r;
	int c;

	for (c = 0; c < t->ncols; c++) {
		app_csv_field(out, t->keys[c]);
		fputs(c < t->ncols - 1 ? "," : "\r\n", out);
	}
	for (r = 0; r < rows; r++)
		for (c = 0; c < t->ncols; c++) {
			const struct cell *cell = &t->cells[r * (size_t)t->ncols + (size_t)c];

			if (t->kinds[c] == COL_MONEY || t->kinds[c] == COL_BOOL) {
				fprintf(out, "%lld", cell->num);
			} else if (t->kinds[c] == COL_QTY) {
				char q[QTY_FMT_MAX];

				qty_format_c(cell->num, q, sizeof(q));
				fputs(q, out);
			} else
				app_csv_field(out, cell->text);
			fputs(c < t->ncols - 1 ? "," : "\r\n", out);
		}
}

static void print_json(struct app_table *t, FILE *out)
{
	size_t rows = t->ncells / (size_t)t->ncols, r;
	cJSON *arr = cJSON_CreateArray();
	char *s;
	int c;

	for (r = 0; r < rows; r++) {
		cJSON *o = cJSON_CreateObject();

		for (c = 0; c < t->ncols; c++) {
			const struct cell *cell = &t->cells[r * (size_t)t->ncols + (size_t)c];

			switch (t->kinds[c]) {
			case COL_INT:
			case COL_MONEY:
				cJSON_AddNumberToObject(o, t->keys[c], (double)cell->num);
				break;
			case COL_BOOL:
				cJSON_AddBoolToObject(o, t->keys[c], cell->num != 0);
				break;
			case COL_QTY:
				cJSON_AddNumberToObject(o, t->keys[c], (double)cell->num / 1000.0);
				break;
			default:
				cJSON_AddStringToObject(o, t->keys[c], cell->text);
			}
		}
		cJSON_AddItemToArray(arr, o);
	}
	s = cJSON_Print(arr);
	if (s) {
		fputs(s, out);
		fputc('\n', out);
	}
	free(s);
	cJSON_Delete(arr);
}

void app_table_print(struct app_table *t, enum app_format fmt, FILE *out)
{
	size_t i;

	if (!out)
		;   /* only free */
	else if (fmt == APP_CSV)
		print_csv(t, out);
	else if (fmt == APP_JSON)
		print_json(t, out);
	else
		print_human(t, out);
	for (i = 0; i < t->ncells; i++)
		free(t->cells[i].text);
	free(t->cells);
	free(t->keys);
	free(t->headers);
	free(t->kinds);
	free(t);
}
