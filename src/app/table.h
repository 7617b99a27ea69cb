/*
 * table.h - output tables for people and machines: aligned columns for
 * a terminal (display width, not bytes), CSV with a BOM for Excel, JSON.
 * Used by the command line's listings and reports and the TUI's exports.
 */
#ifndef OCOP_APP_TABLE_H
#define OCOP_APP_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "app/app.h"

/* COL_QTY: thousandths, shown "1,5" to people, 1.5 in CSV and JSON. */
enum app_col_kind { COL_TEXT, COL_INT, COL_MONEY, COL_BOOL, COL_QTY };

struct app_table;

/*
 * A table with ncols columns; each column has a machine key (CSV/JSON
 * header), a human header (translated) and a kind (numbers right-aligned
 * on screen, typed in JSON, money as "185.000 ₫" for people and an
 * integer for machines).
 */
struct app_table *app_table_new(int ncols);
void app_table_col(struct app_table *t, int i, const char *key, const char *header,
		   enum app_col_kind kind);
void app_table_add_text(struct app_table *t, const char *s);
void app_table_add_int(struct app_table *t, long long v);
void app_table_add_money(struct app_table *t, int64_t vnd);
void app_table_add_bool(struct app_table *t, int v);
void app_table_add_qty(struct app_table *t, int64_t milli);
/* Print in fmt to out (NULL: print nothing) and free t. */
void app_table_print(struct app_table *t, enum app_format fmt, FILE *out);

/*
 * The "Label:" of a label/value listing padded with spaces to width
 * display columns (a Vietnamese letter with its marks is one column;
 * printf's %-18s counts bytes), written into buf (n bytes, cut if too
 * small); returns buf.
 */
const char *app_pad(char *buf, size_t n, const char *label, int width);

/* Write s as a CSV field (quoted when needed). */
void app_csv_field(FILE *out, const char *s);
/* The same appended to b (a row built whole, written once: a large CSV). */
struct bytebuf;
void app_csv_put(struct bytebuf *b, const char *s);

#endif
