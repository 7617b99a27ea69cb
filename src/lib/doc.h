/*
 * doc.h - the printed document model: the printer's vocabulary.
 *
 * A document is a list of items - text lines, rows of two or three
 * columns, separators, barcodes, QR codes, 1-bit images, paper feed, cut,
 * drawer kick - independent of any printer.  src/core/receipt.c fills
 * templates into it; escpos.c turns it into bytes for a printer profile
 * (in any Vietnamese mode), preview.c into a PNG.  Widths are in cells
 * (characters of font A), so the same document lays out on 58 mm (32
 * columns) and 80 mm (48 columns) paper; long Vietnamese names wrap at
 * spaces inside their column.
 *
 * Text is UTF-8; it is copied, composed to NFC (so NFD input prints the
 * same) and stripped of control characters when added.  All adders
 * return 0 or a negative enum pos_err (POS_ERR_NO_MEM, POS_ERR_INVALID
 * for bad barcode data or sizes) and leave the document unchanged on
 * failure.  The document owns every string and image it holds.
 */
#ifndef OCOP_PRINTER_DOC_H
#define OCOP_PRINTER_DOC_H

#include <stddef.h>

#include "lib/err.h"

enum doc_align { DOC_LEFT = 0, DOC_CENTER = 1, DOC_RIGHT = 2 };

/* Style bits for text and rows. */
#define DOC_BOLD 0x01u
#define DOC_UNDERLINE 0x02u
#define DOC_DOUBLE_WIDTH 0x04u
#define DOC_DOUBLE_HEIGHT 0x08u
#define DOC_DOUBLE (DOC_DOUBLE_WIDTH | DOC_DOUBLE_HEIGHT)

enum doc_kind {
	DOC_TEXT,       /* a paragraph: wrapped at the paper width */
	DOC_ROW,        /* 2 or 3 columns, each wrapping inside its width */
	DOC_SEPARATOR,  /* a full-width line of one character */
	DOC_BARCODE,
	DOC_QR,
	DOC_IMAGE,      /* 1-bit bitmap */
	DOC_FEED,       /* blank lines */
	DOC_CUT,
	DOC_DRAWER,     /* cash-drawer kick */
	DOC_RAW,        /* bytes sent to the printer as they are; not drawn (self-test) */
};

enum doc_barcode_type { DOC_EAN13, DOC_EAN8, DOC_UPCA, DOC_CODE128 };

/* Column widths: > 0 a fixed number of cells; these two are special. */
#define DOC_COL_AUTO 0          /* as wide as its text (at most 2/3 of the line) */
#define DOC_COL_FILL (-1)       /* whatever is left (the first column by default) */
#define DOC_COLS_MAX 3

struct doc_col {
	char *text;
	int width;
	enum doc_align align;
};

/* Force one item into a Vietnamese mode (the self-test page); -1 = the
 * document's mode.  mode is an enum vn_mode (vn_codepage.h). */
struct doc_force {
	int mode;
	int table;              /* cp1258 ESC t number for that line, or -1 */
};

struct doc_item {
	enum doc_kind kind;
	unsigned style;         /* DOC_BOLD ... (TEXT, ROW, SEPARATOR) */
	enum doc_align align;   /* TEXT, BARCODE, QR, IMAGE */
	char *text;             /* TEXT; BARCODE/QR data */
	int ncols;              /* ROW */
	struct doc_col cols[DOC_COLS_MAX];
	char fill;              /* SEPARATOR: '-', '=', '.', '*' or ' ' */
	enum doc_barcode_type barcode;
	int hri;                /* BARCODE: print the digits under the bars */
	int module;             /* QR: dots per module, 0 = automatic */
	int width, height;      /* IMAGE: dots */
	unsigned char *bits;    /* IMAGE: rows of (width+7)/8 bytes, MSB left, 1 = black;
				   RAW: the bytes */
	size_t nbytes;          /* RAW */
	int lines;              /* FEED */
	int partial;            /* CUT: 1 partial, 0 full */
	int pin;                /* DRAWER: 2 or 5 */
	struct doc_force force;
};

struct doc {
	struct doc_item *items;
	size_t n, cap;
};

/* An empty document (no allocation); doc_release frees everything. */
void doc_init(struct doc *d);
void doc_release(struct doc *d);

/* A paragraph; '\n' starts a new line, long lines wrap at spaces. */
int doc_text(struct doc *d, unsigned style, enum doc_align align, const char *text,
	     struct pos_error *err);

/*
 * A row of ncols (2 or 3) columns: texts[i] in widths[i] cells (see
 * DOC_COL_*), aligned by aligns[i].  One cell separates columns.  Every
 * column wraps inside its width; the row is as tall as its tallest column.
 */
int doc_row(struct doc *d, unsigned style, int ncols, const char *const texts[],
	    const int widths[], const enum doc_align aligns[], struct pos_error *err);

/* The common receipt row: left text filling, right text as wide as it is. */
int doc_row2(struct doc *d, unsigned style, const char *left, const char *right,
	     struct pos_error *err);

/* A full-width line of fill (one of "-=.*_ "). */
int doc_separator(struct doc *d, char fill, struct pos_error *err);

/*
 * A barcode.  EAN-13 takes 12 or 13 digits, EAN-8 7 or 8, UPC-A 11 or 12
 * (the check digit is computed, or verified when given); CODE128 takes
 * 1-64 printable ASCII characters.  POS_ERR_INVALID otherwise.
 */
int doc_barcode(struct doc *d, enum doc_barcode_type type, const char *data, int hri,
		enum doc_align align, struct pos_error *err);

/* A QR code of data (1-700 bytes), module dots 0 (auto) or 1-16. */
int doc_qr(struct doc *d, const char *data, int module, enum doc_align align,
	   struct pos_error *err);

/* A 1-bit image (copied): width 1-2048 and height 1-4096 dots. */
int doc_image(struct doc *d, int width, int height, const unsigned char *bits,
	      enum doc_align align, struct pos_error *err);

/* lines (1-20) blank lines. */
int doc_feed(struct doc *d, int lines, struct pos_error *err);

/* Cut the paper (after feeding it past the cutter). */
int doc_cut(struct doc *d, int partial, struct pos_error *err);

/* Kick the cash drawer on connector pin 2 or 5. */
int doc_drawer(struct doc *d, int pin, struct pos_error *err);

/* Raw printer bytes (copied, 1-4096), sent as they are in every mode and
 * not drawn in previews. */
int doc_raw(struct doc *d, const void *bytes, size_t n, struct pos_error *err);

/* Force the last item added into a Vietnamese mode (see struct
 * doc_force).  POS_ERR_INVALID when the document is empty. */
int doc_force_last(struct doc *d, int mode, int table, struct pos_error *err);

#endif
