/*
 * receipt.h - printed documents from templates: the template language of
 * receipts/NAME.tpl, the data records that fill them, and the filling itself
 * into a document of drivers/printer/doc.h (the printer's vocabulary).
 *
 * A template is line-oriented, small enough for a shop manager to edit
 * (the language is documented in docs/formats.md, "Receipt templates"):
 *
 *   @center @bold {showroom.name}
 *   MST: {showroom.tax_code}
 *   @sep
 *   @each lines
 *   {index}. {name} {stars|stars}
 *   @cols *,~> |   {qty|qty} x {unit_price|plain} | {amount|plain}
 *   @end
 *   @bold @row TỔNG CỘNG | {total|money}
 *   @if vietqr
 *   @qr {vietqr}
 *   @endif
 *   @cut
 *
 * Templates are parsed once into a tree (struct receipt_tpl) and filled
 * any number of times.  Parse errors name the source, the line and the
 * reason ("receipts/sale.tpl:12: unknown directive @bol").  Fill errors
 * (a field the data does not have, a filter given text that is not a
 * number) name the line too.
 *
 * The data is a record (struct receipt_rec): named text fields plus named
 * sections, each a list of records (sale lines, payments, VAT rates).
 * The builders in receipt_data.h fill records from the database; tests and
 * `ocop-pos receipt template` fill them with sample data.  Records build
 * like bytebuf: setters never fail loudly; the first allocation failure is
 * remembered and receipt_rec_check() reports it once at the end.
 */
#ifndef OCOP_RECEIPT_H
#define OCOP_RECEIPT_H

#include <stddef.h>
#include <stdint.h>

#include "lib/doc.h"
#include "lib/err.h"

/* Largest template accepted (bytes) and deepest @if/@each nesting. */
#define RECEIPT_TPL_MAX (64 * 1024)
#define RECEIPT_DEPTH_MAX 16
/* Most document items one fill may produce (runaway @each guard). */
#define RECEIPT_ITEMS_MAX 20000

/* --- data records ----------------------------------------------------- */

struct receipt_rec;

/* A new empty root record, or NULL when out of memory.  Free with
 * receipt_rec_free(), which frees every record added under it. */
struct receipt_rec *receipt_rec_new(void);
void receipt_rec_free(struct receipt_rec *r);

/*
 * Set field key (letters, digits, '_' and '.', at most 63 bytes) to a
 * copy of value (NULL = ""), replacing an earlier value.  r may be NULL
 * (then nothing happens: a failed receipt_rec_add() already marked the
 * root as failed).
 */
void receipt_rec_set(struct receipt_rec *r, const char *key, const char *value);
void receipt_rec_setf(struct receipt_rec *r, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void receipt_rec_set_int(struct receipt_rec *r, const char *key, long long v);

/*
 * Declare section name on r (empty until records are added), so a
 * template may loop over it or test it even when it has no records.
 */
void receipt_rec_section(struct receipt_rec *r, const char *name);

/*
 * Append a new empty record to section name of r (declaring it) and
 * return it (owned by r's root), or NULL when out of memory (the root is
 * then marked failed).
 */
struct receipt_rec *receipt_rec_add(struct receipt_rec *r, const char *name);

/* The value of field key in r (not its parents), or NULL. */
const char *receipt_rec_get(const struct receipt_rec *r, const char *key);

/* Records in section name of r (0 when it has none), and the i-th. */
size_t receipt_rec_count(const struct receipt_rec *r, const char *name);
const struct receipt_rec *receipt_rec_at(const struct receipt_rec *r, const char *name,
					 size_t i);

/* 0, or POS_ERR_NO_MEM when a setter on this record tree ran out of memory. */
int receipt_rec_check(const struct receipt_rec *r, struct pos_error *err);

/* --- templates -------------------------------------------------------- */

struct receipt_tpl;

/*
 * Parse template text (len bytes, need not be NUL-terminated); source
 * names it in messages ("receipts/sale.tpl").  Returns 0 with *out owned
 * by the caller (receipt_tpl_free), or POS_ERR_INVALID ("SOURCE:LINE:
 * reason"), POS_ERR_NO_MEM.
 */
int receipt_parse(const char *text, size_t len, const char *source, struct receipt_tpl **out,
		  struct pos_error *err);
void receipt_tpl_free(struct receipt_tpl *t);

/* The source name given to receipt_parse (owned by t). */
const char *receipt_tpl_source(const struct receipt_tpl *t);

/*
 * Load template name ("sale", "refund", "shift_z", ...: letters, digits,
 * '_' and '-'): dir/NAME.tpl when dir is non-NULL and the file exists
 * (a shop's own copy, setting receipt.dir), else the built-in
 * receipts/NAME.tpl.  POS_ERR_NOT_FOUND for an unknown name, else as
 * receipt_parse (plus POS_ERR_IO for an unreadable file).
 */
int receipt_load(const char *name, const char *dir, struct receipt_tpl **out,
		 struct pos_error *err);

/* Parse the template file at path. */
int receipt_load_file(const char *path, struct receipt_tpl **out, struct pos_error *err);

struct receipt_opts {
	int columns;            /* cells per line on the paper: 32 (58 mm), 48 (80 mm) */
	int width_dots;         /* paper width in dots (images are scaled to fit); 0 = columns x 12 */
	const char *image_dir;  /* where @image files are read from; NULL = no images */
	char warning[256];      /* out: the first non-fatal problem (a logo that could
				   not be read), "" when none */
};

/* Defaults for columns (32 or 48): no image directory, no warning. */
void receipt_opts_init(struct receipt_opts *o, int columns);

/*
 * Fill template t with data into a new document.  On success *out
 * receives the document (the caller releases it with doc_release()); on
 * failure *out is untouched.  Errors: POS_ERR_INVALID ("SOURCE:LINE:
 * unknown field {shworoom.name}", a barcode the data makes invalid, ...),
 * POS_ERR_NO_MEM.  Paper-dependent fields paper.cols, paper.dots and
 * paper.wide (1 on 42 columns or more) come from o.
 */
int receipt_fill(const struct receipt_tpl *t, const struct receipt_rec *data,
		 struct receipt_opts *o, struct doc *out, struct pos_error *err);

#endif
