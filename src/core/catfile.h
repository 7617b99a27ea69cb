/*
 * catfile.h - catalogue files: import and export of producers and
 * products as JSON ("ocop-pos/catalog" version 1) or CSV (one header row,
 * one product per row with its producer inline).  docs/formats.md
 * describes both formats field by field.
 *
 * Import is all or nothing: the whole file is parsed and every record
 * validated before anything is written, then everything is saved in one
 * transaction.  A bad record rejects the file, and the message names the
 * record and the field ("products[12] (sku \"MO-001\"): stars: must be 3,
 * 4 or 5, got 2", "line 14 (sku \"MO-001\"): price: ...").
 *
 * A field the file leaves out (an absent JSON member, null, or a CSV
 * column the header does not have) keeps the value already in the
 * database for an existing record and takes the default for a new one,
 * so a spreadsheet holding only sku, name, producer_code, group, stars
 * and price updates prices without touching barcodes or certificates.
 * Re-importing a file, or importing an export, changes nothing.
 */
#ifndef OCOP_CATFILE_H
#define OCOP_CATFILE_H

#include <stddef.h>
#include <stdio.h>

#include "catalog.h"
#include "lib/err.h"
#include "producer.h"

struct db;

#define CATFILE_FORMAT_TAG "ocop-pos/catalog"
#define CATFILE_VERSION 1
#define CATFILE_MAX_SIZE (64u * 1024u * 1024u)   /* catfile_import_file() limit */

enum catfile_format {
	CATFILE_JSON,
	CATFILE_CSV,
};

/*
 * The format a file name implies: ".json" or ".csv", case-insensitive.
 * Returns 0 and sets *fmt, or POS_ERR_INVALID naming the file.
 */
int catfile_format_from_name(const char *path, enum catfile_format *fmt,
			     struct pos_error *err);

/* What an import did, record by record. */
struct catfile_result {
	int producers_added, producers_updated, producers_unchanged;
	int products_added, products_updated, products_unchanged;
};

struct catfile_doc_priv;

/*
 * A parsed and validated catalogue file.  producers are the producers the
 * file defines (in file order); products reference producers by code,
 * either one of producers or one already in the database.  A product
 * whose origin_province is "" takes its producer's province when
 * imported (its producer is not in the file).  priv holds the position
 * of each record in the file and which fields the file gave: private to
 * catfile.c.
 */
struct catfile_doc {
	enum catfile_format format;
	size_t nproducers;
	struct producer *producers;
	size_t nproducts;
	struct product *products;
	struct catfile_doc_priv *priv;
};

/*
 * Parse len bytes of data (need not be NUL-terminated) in format fmt and
 * validate every record with producer_validate() / product_validate(),
 * without a database.  Needs refdata_load().  On success *out owns a new
 * document: free it with catfile_doc_free().  Returns POS_ERR_INVALID
 * naming the record and the field, POS_ERR_NO_MEM.
 */
int catfile_parse(const char *data, size_t len, enum catfile_format fmt,
		  struct catfile_doc **out, struct pos_error *err);

/* Free a document from catfile_parse() (NULL is fine). */
void catfile_doc_free(struct catfile_doc *doc);

/*
 * Import a catalogue held in memory into db: parse and validate it all,
 * check that every product's producer is in the file or in db, then save
 * producers and products in one transaction (rolled back on any failure,
 * so nothing is written).  source is recorded in the product history
 * ("import:catalog.json"; NULL means "import").  On success *res (may be
 * NULL) receives the counts.  Errors: POS_ERR_INVALID naming the record
 * and field, POS_ERR_EXISTS (a barcode of another product in db), the
 * database's errors, POS_ERR_NO_MEM.
 */
int catfile_import(struct db *db, const char *data, size_t len, enum catfile_format fmt,
		   const char *source, struct catfile_result *res, struct pos_error *err);

/*
 * Read the file at path (at most CATFILE_MAX_SIZE bytes), pick the format
 * from its extension and import it as catfile_import() does.  source NULL
 * means "import:<path>".  Errors also: POS_ERR_NOT_FOUND (no such file),
 * POS_ERR_IO (unreadable), POS_ERR_INVALID (unknown extension, a
 * directory, too large).
 */
int catfile_import_file(struct db *db, const char *path, const char *source,
			struct catfile_result *res, struct pos_error *err);

/*
 * Write every producer and product of db, inactive ones included, to out
 * in format fmt (JSON: pretty-printed UTF-8; CSV: UTF-8 with a byte
 * order mark, CRLF line ends, the header of docs/formats.md).  Producers
 * and products come in Vietnamese name order.  Importing the output
 * changes nothing; importing it into an empty database and exporting
 * again gives the same bytes.  Returns 0, POS_ERR_IO when writing
 * fails, the database's errors, POS_ERR_NO_MEM.
 */
int catfile_export(struct db *db, enum catfile_format fmt, FILE *out, struct pos_error *err);

#endif
