/*
 * dl_xlsx.c - libxlsxwriter, loaded when a report is written as XLSX
 * (see lib/dynlib.h).  Linked, it cost about 2 ms at every start.
 */
#include <xlsxwriter.h>

#include "lib/dynlib.h"

static const char *const names[] = { "libxlsxwriter.so.4", "libxlsxwriter.so.5",
				     "libxlsxwriter.so.6", "libxlsxwriter.so", NULL };
struct dynlib dynlib_xlsx = { .names = names, .package = "libxlsxwriter4",
			.use = "Excel (XLSX) output" };

#define FAIL LXW_ERROR_CREATING_XLSX_FILE

DYNLIB_FN(dynlib_xlsx, lxw_chart_series *, NULL, chart_add_series,
	  (lxw_chart *chart, const char *categories, const char *values),
	  (chart, categories, values))
DYNLIB_VOID(dynlib_xlsx, chart_axis_set_num_format, (lxw_chart_axis *axis, const char *num_format),
	    (axis, num_format))
DYNLIB_VOID(dynlib_xlsx, chart_axis_set_reverse, (lxw_chart_axis *axis), (axis))
DYNLIB_VOID(dynlib_xlsx, chart_legend_set_position, (lxw_chart *chart, uint8_t position),
	    (chart, position))
DYNLIB_VOID(dynlib_xlsx, chart_series_set_categories,
	    (lxw_chart_series *series, const char *sheetname, lxw_row_t first_row,
	     lxw_col_t first_col, lxw_row_t last_row, lxw_col_t last_col),
	    (series, sheetname, first_row, first_col, last_row, last_col))
DYNLIB_VOID(dynlib_xlsx, chart_series_set_name, (lxw_chart_series *series, const char *name),
	    (series, name))
DYNLIB_VOID(dynlib_xlsx, chart_series_set_values,
	    (lxw_chart_series *series, const char *sheetname, lxw_row_t first_row,
	     lxw_col_t first_col, lxw_row_t last_row, lxw_col_t last_col),
	    (series, sheetname, first_row, first_col, last_row, last_col))
DYNLIB_VOID(dynlib_xlsx, chart_title_set_name, (lxw_chart *chart, const char *name), (chart, name))
DYNLIB_FN(dynlib_xlsx, lxw_error, FAIL, chartsheet_set_chart,
	  (lxw_chartsheet *chartsheet, lxw_chart *chart), (chartsheet, chart))
DYNLIB_VOID(dynlib_xlsx, format_set_bg_color, (lxw_format *format, lxw_color_t color),
	    (format, color))
DYNLIB_VOID(dynlib_xlsx, format_set_bold, (lxw_format *format), (format))
DYNLIB_VOID(dynlib_xlsx, format_set_bottom, (lxw_format *format, uint8_t style), (format, style))
DYNLIB_VOID(dynlib_xlsx, format_set_font_size, (lxw_format *format, double size), (format, size))
DYNLIB_VOID(dynlib_xlsx, format_set_italic, (lxw_format *format), (format))
DYNLIB_VOID(dynlib_xlsx, format_set_num_format, (lxw_format *format, const char *num_format),
	    (format, num_format))
DYNLIB_VOID(dynlib_xlsx, format_set_text_wrap, (lxw_format *format), (format))
DYNLIB_VOID(dynlib_xlsx, format_set_top, (lxw_format *format, uint8_t style), (format, style))
DYNLIB_FN(dynlib_xlsx, char *, (char *)"libxlsxwriter is not installed", lxw_strerror,
	  (lxw_error error_num), (error_num))
DYNLIB_FN(dynlib_xlsx, lxw_chart *, NULL, workbook_add_chart,
	  (lxw_workbook *workbook, uint8_t chart_type), (workbook, chart_type))
DYNLIB_FN(dynlib_xlsx, lxw_chartsheet *, NULL, workbook_add_chartsheet,
	  (lxw_workbook *workbook, const char *sheetname), (workbook, sheetname))
DYNLIB_FN(dynlib_xlsx, lxw_format *, NULL, workbook_add_format, (lxw_workbook *workbook),
	  (workbook))
DYNLIB_FN(dynlib_xlsx, lxw_worksheet *, NULL, workbook_add_worksheet,
	  (lxw_workbook *workbook, const char *sheetname), (workbook, sheetname))
DYNLIB_FN(dynlib_xlsx, lxw_error, FAIL, workbook_close, (lxw_workbook *workbook), (workbook))
DYNLIB_FN(dynlib_xlsx, lxw_chartsheet *, NULL, workbook_get_chartsheet_by_name,
	  (lxw_workbook *workbook, const char *name), (workbook, name))
DYNLIB_FN(dynlib_xlsx, lxw_worksheet *, NULL, workbook_get_worksheet_by_name,
	  (lxw_workbook *workbook, const char *name), (workbook, name))
DYNLIB_FN(dynlib_xlsx, lxw_workbook *, NULL, workbook_new_opt,
	  (const char *filename, lxw_workbook_options *options), (filename, options))
DYNLIB_FN(dynlib_xlsx, lxw_error, FAIL, workbook_set_properties,
	  (lxw_workbook *workbook, lxw_doc_properties *properties), (workbook, properties))
DYNLIB_FN(dynlib_xlsx, lxw_error, FAIL, worksheet_autofilter,
	  (lxw_worksheet *worksheet, lxw_row_t first_row, lxw_col_t first_col,
	   lxw_row_t last_row, lxw_col_t last_col),
	  (worksheet, first_row, first_col, last_row, last_col))
DYNLIB_VOID(dynlib_xlsx, worksheet_freeze_panes,
	    (lxw_worksheet *worksheet, lxw_row_t row, lxw_col_t col), (worksheet, row, col))
DYNLIB_FN(dynlib_xlsx, lxw_error, FAIL, worksheet_set_column,
	  (lxw_worksheet *worksheet, lxw_col_t first_col, lxw_col_t last_col, double width,
	   lxw_format *format),
	  (worksheet, first_col, last_col, width, format))
DYNLIB_FN(dynlib_xlsx, lxw_error, FAIL, worksheet_write_blank,
	  (lxw_worksheet *worksheet, lxw_row_t row, lxw_col_t col, lxw_format *format),
	  (worksheet, row, col, format))
DYNLIB_FN(dynlib_xlsx, lxw_error, FAIL, worksheet_write_datetime,
	  (lxw_worksheet *worksheet, lxw_row_t row, lxw_col_t col, lxw_datetime *datetime,
	   lxw_format *format),
	  (worksheet, row, col, datetime, format))
DYNLIB_FN(dynlib_xlsx, lxw_error, FAIL, worksheet_write_number,
	  (lxw_worksheet *worksheet, lxw_row_t row, lxw_col_t col, double number,
	   lxw_format *format),
	  (worksheet, row, col, number, format))
DYNLIB_FN(dynlib_xlsx, lxw_error, FAIL, worksheet_write_string,
	  (lxw_worksheet *worksheet, lxw_row_t row, lxw_col_t col, const char *string,
	   lxw_format *format),
	  (worksheet, row, col, string, format))
