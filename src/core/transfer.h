/*
 * transfer.h - moving goods between showrooms with a signed transfer file.
 *
 * `transfer_out` takes the goods out of their lots (ledger kind
 * transfer_out, document = the transfer's UUID, transfer row status
 * in_transit) and writes a JSON file, format "ocop-pos/transfer" version 1
 * (docs/formats.md), signed with the showroom's Ed25519 key (sign.h).
 * `transfer_in` at the receiving showroom checks the file (well formed,
 * signed by the sending showroom's registered key, addressed to this
 * showroom, not received before, every product and owner known here) and
 * receives each lot with the same lot number, expiry, receipt date, cost,
 * owner and commission (kind transfer_in), all in one transaction: a
 * refused file writes nothing.
 *
 * What is signed: the canonical text of the document, i.e. the file
 * without its "signature" member, as transfer_canonical() writes it from
 * the parsed values (fixed member order, fixed spacing).  So the file may
 * be re-indented by a text editor without breaking the signature, while
 * any change of a value does.
 */
#ifndef OCOP_TRANSFER_H
#define OCOP_TRANSFER_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

struct db;
struct user;

#define TRANSFER_FORMAT "ocop-pos/transfer"
#define TRANSFER_VERSION 1
#define TRANSFER_MAX_BYTES (16 * 1024 * 1024)
#define TRANSFER_MAX_LOTS 20000
#define TRANSFER_BARCODES_MAX 8

/* One lot travelling: the product as the sender knows it, and the lot. */
struct transfer_lot {
	char sku[33];
	int nbarcodes;
	char barcodes[TRANSFER_BARCODES_MAX][33];
	char name[256];
	char unit[32];
	char lot_no[64];
	char expiry[11];          /* "" = none */
	char received_on[11];     /* when the lot first came into the network */
	int64_t qty_milli;        /* > 0 */
	int64_t unit_cost;        /* VND per unit, >= 0 */
	char owner[33];           /* consigning producer's code, "" = owned */
	int commission_bp;        /* 0..10000, 0 unless consigned */
};

struct transfer_doc {
	char uuid[37];
	char from[17];            /* sending showroom code */
	char to[17];              /* receiving showroom code */
	char created[21];         /* UTC timestamp */
	char user[33];            /* who sent it, "" = system */
	char note[256];
	size_t nlots;
	struct transfer_lot *lots;
	char signature[89];       /* base64; "" when not signed yet */
};

/*
 * Parse and check a transfer file (no database): the JSON, format and
 * version, UUID, showroom codes, timestamps, every lot's fields (dates
 * real, quantities integers > 0, commission only on consigned lots).
 * On success *out owns the document (transfer_doc_free()); on failure
 * POS_ERR_INVALID says what is wrong and where ("lots[3].qty_milli: ...").
 * A file without a signature is refused.  Used on untrusted input: this
 * is the fuzz target's entry point.
 */
int transfer_parse(const char *data, size_t n, struct transfer_doc **out,
		   struct pos_error *err);

/*
 * The canonical text of d (the bytes signed), without the signature;
 * *out malloc'd (free()), NUL-terminated, *n its length.
 */
int transfer_canonical(const struct transfer_doc *d, char **out, size_t *n,
		       struct pos_error *err);

/* The file text: canonical text with the signature as its last member. */
int transfer_file_text(const struct transfer_doc *d, char **out, size_t *n,
		       struct pos_error *err);

void transfer_doc_free(struct transfer_doc *d);

/* What to send: a product, a lot of it (NULL = first-expiry-first-out), a quantity. */
struct transfer_item {
	long long product_id;
	const char *lot_no;
	int64_t qty_milli;
};

/*
 * Send the items to showroom `to` (not this one): take the goods (never
 * overselling, never expired lots), write the signed file at path (which
 * must not exist yet) and record the transfer, in one transaction; the
 * file appears only if the database commits.  Needs PERM_STOCK.  Audited.
 * *out (may be NULL) receives the document (transfer_doc_free()).
 */
int transfer_out(struct db *db, const struct user *u, const char *to,
		 const struct transfer_item *items, size_t n, const char *note,
		 const char *path, struct transfer_doc **out, struct pos_error *err);

/*
 * Receive a transfer file (see the top of this file).  Refusals, with
 * nothing written: POS_ERR_INVALID malformed or truncated; POS_ERR_REFUSED
 * addressed to another showroom or the signature does not match
 * (tampered); POS_ERR_NOT_FOUND no key registered for the sender, or a
 * product or producer unknown here; POS_ERR_EXISTS received before.
 * Needs PERM_STOCK.  Audited.  *out (may be NULL) receives the document.
 */
int transfer_in(struct db *db, const struct user *u, const char *path,
		struct transfer_doc **out, struct pos_error *err);
/* The same from bytes in memory. */
int transfer_in_data(struct db *db, const struct user *u, const char *data, size_t n,
		     struct transfer_doc **out, struct pos_error *err);

/*
 * The transfer uuid (or the first 8 or more characters of its UUID) as it
 * was sent or received here: the signed file kept with it, checked against
 * the SHA-256 recorded with it and its sender's signature (this
 * showroom's own key for one sent from here), and parsed
 * (transfer_doc_free()).
 * POS_ERR_NOT_FOUND: no such transfer, or one recorded before files were
 * kept (schema v8); POS_ERR_INVALID: the prefix fits several;
 * POS_ERR_REFUSED: the kept file was altered (hash or signature).
 */
int transfer_get(struct db *db, const char *uuid, struct transfer_doc **out,
		 struct pos_error *err);

struct transfer_row {
	const char *uuid, *direction, *from, *to, *status, *created, *received;
	long long lots;
	int64_t qty_milli;        /* total of the lots */
};

/* Transfers sent and received, newest first. */
int transfer_list(struct db *db, int (*cb)(void *ctx, const struct transfer_row *r),
		  void *ctx, struct pos_error *err);

#endif
