/*
 * receipt_data.h - the data of each printed document as a template record
 * (receipt.h): sale, refund and void receipts (and their reprint copies),
 * shift X and Z reports, goods-received notes, consignment statements and
 * shelf labels.
 *
 * Each document has a thin adapter from the structure its own module
 * already loads (struct sale_doc, shift_report, stock_grn,
 * report_statement, product), so the figures on paper are exactly the
 * ones the rest of the program shows, and a loader that reads it from the
 * database.  The field names are the template's vocabulary, listed in
 * docs/formats.md ("Receipt templates": fields of each document).
 *
 * Every builder returns 0 with *out a new record (receipt_rec_free), or a
 * negative enum pos_err; *out is untouched on failure.
 */
#ifndef OCOP_RECEIPT_DATA_H
#define OCOP_RECEIPT_DATA_H

#include <stddef.h>

#include "lib/err.h"
#include "receipt.h"

struct db;
struct sale_doc;
struct shift_report;
struct stock_grn;
struct transfer_doc;
struct report_statement;
struct product;
struct producer;
struct showroom;

/* Settings read by the loaders (setting table). */
#define RECEIPT_SET_DIR "receipt.dir"               /* a directory of the shop's own templates */
#define RECEIPT_SET_LOOKUP_URL "receipt.lookup_url" /* "https://.../{uuid}": the look-up QR */
#define RECEIPT_SET_VIETQR "receipt.vietqr"         /* "1": print a VietQR for QR payments */

/* What the caller adds to any document. */
struct einv_row;

struct receipt_extra {
	int copy;                       /* a reprint: the template says "BẢN SAO" */
	const char *lookup_url;         /* pattern with {uuid} / {receipt_no}, or NULL */
	const char *vietqr;             /* the payload to print for QR payments, or NULL */
	/* the document's e-invoice (einvoice.h), or NULL: fields einvoice,
	 * einvoice_kind, einvoice_form, einvoice_series, einvoice_symbol
	 * (form + series, "1C26MAB"), einvoice_no, einvoice_code (MTT code)
	 * and einvoice_qr (the look-up text for the QR code) */
	const struct einv_row *einvoice;
	const char *einvoice_qr;
};

/* --- adapters: from the modules' own structures ------------------------ */

/* A sale, refund or void (template "sale" or "refund"). */
int receipt_data_from_sale(const struct sale_doc *d, const struct receipt_extra *x,
			   struct receipt_rec **out, struct pos_error *err);

/*
 * A shift X (open shift) or Z (closed) report; cashier is the person's
 * name as it should print, showroom may be NULL.
 */
int receipt_data_from_shift(const struct shift_report *r, const char *cashier,
			    const struct showroom *showroom, int copy, struct receipt_rec **out,
			    struct pos_error *err);

/* A goods-received note. */
int receipt_data_from_grn(const struct stock_grn *g, const struct showroom *showroom,
			  int copy, struct receipt_rec **out, struct pos_error *err);

/*
 * The transfer note that travels with goods sent to another showroom
 * (receipts/transfer.tpl): owner_names[i] is the consigning producer's
 * name of lot i (NULL, or an empty name: its code), owner_names may be
 * NULL.  receipt_data_transfer() looks the names up in db.
 */
int receipt_data_from_transfer(const struct transfer_doc *d, const struct showroom *showroom,
			       const char *const *owner_names, int copy, struct receipt_rec **out,
			       struct pos_error *err);
int receipt_data_transfer(struct db *db, const struct transfer_doc *d, int copy,
			  struct receipt_rec **out, struct pos_error *err);

/* A recorded consignment statement. */
int receipt_data_from_statement(const struct report_statement *s,
				const struct showroom *showroom, int copy,
				struct receipt_rec **out, struct pos_error *err);

/* A shelf label; producer may be NULL. */
int receipt_data_from_product(const struct product *p, const struct producer *producer,
			      struct receipt_rec **out, struct pos_error *err);

/*
 * Whether printing this document kicks the cash drawer, decided here
 * from the document and the settings, never by a template a shop can
 * edit: a sale's original receipt with cash taken, or a refund slip with
 * cash paid back (rec's "cash" above 0, its "copy" empty) when drawer.open_on_cash is not "0".  Returns the pin
 * (2 or 5, from drawer.pin) or 0 for no kick.  tpl is the template name
 * receipt_data_load gave.
 */
int receipt_drawer_pin(struct db *db, const char *tpl, const struct receipt_rec *rec);

/* --- loaders: from the database --------------------------------------- */

/*
 * The template and data of the numbered document docno: a sale, refund
 * or void receipt number, a Z report number, a GRN number, a
 * consignment statement number ("CS-12") or a transfer's UUID (or its
 * first 8+ characters: transfer_get).  tpl (tplsz bytes) receives the
 * template name ("sale", "refund", "shift_z", "grn", "consignment",
 * "transfer").
 * POS_ERR_NOT_FOUND names the number.
 */
int receipt_data_load(struct db *db, const char *docno, int copy, char *tpl, size_t tplsz,
		      struct receipt_rec **out, struct pos_error *err);

/* A sale/refund/void by receipt number (template name as above). */
int receipt_data_sale(struct db *db, const char *receipt_no, int copy, char *tpl, size_t tplsz,
		      struct receipt_rec **out, struct pos_error *err);

/* Shift id's X (still open) or Z (closed) report; tpl gets "shift_x"/"shift_z". */
int receipt_data_shift(struct db *db, long long shift_id, int copy, char *tpl, size_t tplsz,
		       struct receipt_rec **out, struct pos_error *err);

/* A goods-received note by GRN number. */
int receipt_data_grn(struct db *db, const char *grn, int copy, struct receipt_rec **out,
		     struct pos_error *err);

/* A recorded consignment statement by id (report_statement_get). */
int receipt_data_statement(struct db *db, long long id, int copy, struct receipt_rec **out,
			   struct pos_error *err);

/* The shelf label of a product by SKU or barcode. */
int receipt_data_label(struct db *db, const char *code, struct receipt_rec **out,
		       struct pos_error *err);

/* --- samples ----------------------------------------------------------- */

/*
 * Realistic sample data for template name (sale, refund, shift_x,
 * shift_z, grn, consignment, label, transfer): for `ocop-pos receipt template`,
 * tests, the fuzz target and the benchmark.  nlines > 0 sets the number
 * of item lines of a sale (default 4).  POS_ERR_NOT_FOUND for an
 * unknown name.
 */
int receipt_data_sample(const char *name, int nlines, int copy, struct receipt_rec **out,
			struct pos_error *err);

#endif
