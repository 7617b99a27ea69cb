/*
 * catalog.h - OCOP products: identity (SKU, barcodes), OCOP rating and
 * certificate, price and VAT, and accent-insensitive search.
 *
 * Saving is an upsert by SKU.  Every change of a field that matters
 * (price, VAT, stars, certificate, name, ...) is written to
 * product_history, and every star rating to the append-only rating
 * history, so a 3★→4★ upgrade is a programme metric.
 */
#ifndef OCOP_CATALOG_H
#define OCOP_CATALOG_H

#include <stdint.h>

#include "lib/err.h"

struct db;

#define PRODUCT_SKU_MAX 33
#define PRODUCT_NAME_MAX 256
#define PRODUCT_BARCODES_MAX 8
#define PRODUCT_BARCODE_LEN 33
#define CERT_VALID_MONTHS 36

struct product {
	long long id;                          /* 0 until saved */
	char sku[PRODUCT_SKU_MAX];
	char name[PRODUCT_NAME_MAX];
	char unit[32];                         /* "hộp", "chai", "kg" */
	char producer[33];                     /* producer code */
	char origin_province[3];               /* 2025 code */
	int ocop_group;                        /* 1..6 */
	char product_set[8];                   /* "1.04" or "" */
	int stars;                             /* 3..5 */
	char cert_number[64];
	char cert_issuer[128];
	char cert_issued[11];                  /* YYYY-MM-DD or "" */
	char cert_expires[11];                 /* YYYY-MM-DD or "" */
	int64_t price;                         /* VND, VAT-inclusive */
	int vat_rate;                          /* 0, 5, 8, 10 or VAT_KCT */
	int shelf_life_days;                   /* 0 = not perishable/unknown */
	int is_service;                        /* tourism service: no stock */
	int active;
	int nbarcodes;
	char barcodes[PRODUCT_BARCODES_MAX][PRODUCT_BARCODE_LEN];
};

/*
 * 1 when unit is a measure sold in fractions (kg, g, lạng, l, ml, m, cm,
 * m2, m3, with or without accents, any case); 0 for counted units (cái,
 * hộp, bộ, chai ...), which the till sells in whole numbers only.
 */
int catalog_unit_measured(const char *unit);

/* Initialise p: active, VAT 10, unit "cái", everything else empty. */
void product_init(struct product *p);

/*
 * Check and normalise p: SKU, name (UTF-8, NFC), unit, group 1-6 and its
 * product set, stars 3-5, dates, certificate expiry (issued + 36 months
 * when not given), price >= 0, VAT rate, barcodes (check digits, UPC-A
 * stored as EAN-13, no duplicates), a service only in group 6 or marked
 * explicitly.  Needs refdata_load().  The message names the field.
 */
int product_validate(struct product *p, struct pos_error *err);

/*
 * Insert p or update the product with its SKU, its barcodes, and history.
 * The producer must exist.  A barcode that belongs to another product is
 * refused (POS_ERR_EXISTS).  source says where the change came from
 * ("cli", "import:FILE", "demo").  *changed (may be NULL) is 1 when
 * anything was written.  Runs in its own (nested) transaction.
 */
int catalog_save(struct db *db, struct product *p, const char *source, int *changed,
		 struct pos_error *err);

/* The product with this SKU. */
int catalog_get(struct db *db, const char *sku, struct product *out, struct pos_error *err);

/* The product with this id. */
int catalog_get_id(struct db *db, long long id, struct product *out, struct pos_error *err);

/*
 * The product a scanned or typed code names: a barcode (validated and
 * normalised first: a wrong check digit is POS_ERR_INVALID with the
 * expected digit), else a SKU.  POS_ERR_NOT_FOUND when unknown.  This is
 * the till's hot path: two indexed look-ups at most.
 */
int catalog_lookup(struct db *db, const char *code, struct product *out,
		   struct pos_error *err);

struct barcode_vm_layout;

/* What a scanned code puts on a sale line. */
struct catalog_scan {
	struct product product;
	int64_t qty_milli;     /* 1000 = one unit; a label-scale weight in grams */
	int64_t amount;        /* the line amount printed on a price label, or -1 */
	int variable;          /* 1 when it came from a label-scale code */
};

/*
 * Resolve a scanned code: first the variable-measure layouts (label-scale
 * codes: the product is the one whose barcode is the same code with the
 * value digits zeroed), then catalog_lookup().  A weight becomes the
 * quantity in thousandths (grams of a product sold by the kg); a price
 * label fixes the amount and the quantity is derived from the unit price.
 */
int catalog_scan(struct db *db, const struct barcode_vm_layout *layouts, int nlayouts,
		 const char *code, struct catalog_scan *out, struct pos_error *err);

struct catalog_hit {
	long long id;
	const char *sku;
	const char *name;
	const char *unit;
	const char *origin_province;
	int stars;
	int ocop_group;
	int64_t price;
	int rank;           /* 0 code match, 1 name prefix, 2 words anywhere */
};

/*
 * Accent-insensitive search, ranked: exact barcode or SKU, then names
 * starting with the query, then names containing every word of it (the
 * last word as a prefix).  At most limit hits (active products only);
 * cb gets each hit (strings valid during the call only); a non-zero
 * return from cb stops the search and is returned.  *nhits (may be NULL)
 * receives the number of hits.
 */
int catalog_search(struct db *db, const char *query, int limit,
		   int (*cb)(void *ctx, const struct catalog_hit *hit), void *ctx,
		   int *nhits, struct pos_error *err);

struct catalog_filter {
	const char *producer;   /* code */
	const char *province;   /* origin, 2025 code */
	int group;              /* 0 = any */
	int stars;              /* 0 = any */
	int include_inactive;
	int cert_expiring_days; /* > 0: certificate expires within N days (or lapsed) */
};

/*
 * Call cb for each product matching f (NULL = all active) in Vietnamese
 * name order; stops on a non-zero return from cb.
 */
int catalog_list(struct db *db, const struct catalog_filter *f,
		 int (*cb)(void *ctx, const struct product *p), void *ctx,
		 struct pos_error *err);

/*
 * A new in-store EAN-13 (prefix 20, then a running number, then the check
 * digit) not used by any product yet, for goods without a GS1 barcode.
 * Prefixes 21-29 are left to label-scale (variable-measure) layouts.
 */
int catalog_new_instore_code(struct db *db, char out[14], struct pos_error *err);

/* Number of products (active and inactive). */
int catalog_count(struct db *db, long long *count, struct pos_error *err);

/*
 * One rating or change record of a product, oldest first, for
 * `product show`.  kind is "rating" or the changed field's name.
 */
struct catalog_change {
	const char *at;      /* UTC timestamp */
	const char *kind;
	const char *old_value;
	const char *new_value;
	const char *source;
};
int catalog_history(struct db *db, long long product_id,
		    int (*cb)(void *ctx, const struct catalog_change *c), void *ctx,
		    struct pos_error *err);

#endif
