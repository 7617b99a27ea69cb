/*
 * xlsx.h - a report book as an Excel workbook (libxlsxwriter).
 *
 * Core writes the file itself, so the CLI (`report ... --format xlsx`)
 * and the TUI's reports screen produce the same workbook; nothing is
 * printed.  Each table of the book is a worksheet: a title row, the
 * period and the filters, a header row (translated, with an autofilter
 * and frozen below it), then the rows with typed cells -- money as
 * numbers in a VND format (#,##0 "₫"), quantities as decimal numbers,
 * percentages as fractions in a % format, dates as dates -- and the total
 * row in bold.  The book's chart table also gets a chart sheet: the
 * revenue of its first rows (the largest, as the book is sorted) as bars,
 * or of every period as columns for daily/weekly/monthly books.
 */
#ifndef OCOP_XLSX_H
#define OCOP_XLSX_H

#include <stddef.h>

#include "lib/err.h"
#include "report.h"

/*
 * Write book b to path (replacing it; written to path.tmp and renamed, so
 * a failure leaves no half file).  Returns 0, POS_ERR_IO naming the file
 * and libxlsxwriter's reason, or POS_ERR_NO_MEM.
 */
int xlsx_write(const struct report_book *b, const char *path, struct pos_error *err);

/*
 * Every sales grouping of f as one workbook at path, laid out as
 * report_book_all lays them (first's table, the programme shares, then
 * the other groupings; the chart of first's table), in constant memory:
 * each report is made, its rows streamed to its sheet (report_table_row)
 * and freed before the next, so memory is that of the largest report,
 * nothing per row written.  *sheets (may be NULL): the sheets written.
 * Errors as xlsx_write's and report_sales's.
 */
int xlsx_write_sales(struct db *db, enum report_group first, const struct report_filter *f,
		     const char *path, size_t *sheets, struct pos_error *err);

#endif
