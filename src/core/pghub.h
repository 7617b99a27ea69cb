/*
 * pghub.h - a province (or national) hub on PostgreSQL (issue 15).
 *
 * When `--db` is a postgresql:// URI the hub commands run here instead of
 * on an SQLite file: init --province-hub, showroom register|list, import,
 * report products|commercialization.  The showroom's till stays SQLite.
 *
 * Schema (pghub_init; docs/architecture.md "A province hub on
 * PostgreSQL"): natural keys only -- showrooms by code, producers by code,
 * products by SKU, lots by (showroom, SKU, lot number), sales by
 * (showroom, uuid), lines by (showroom, uuid, line number), moves by
 * (showroom, id there).  sale_line is partitioned by business month
 * (declarative partitioning; a month's partition is created when the
 * first file with that month arrives, in its own short transaction).
 * sale_day and sale_month (per business date / month, showroom, SKU and
 * stars) are updated in the import's transaction, so a per-product year
 * is a scan of twelve months of summaries; sale_month_com (per month,
 * product and block of 1024 showrooms: the measures and a bitmap of the
 * showrooms that sold) does the same for commercialization.  Views for
 * people and BI tools (v_product_month, v_producer_month,
 * v_province_month, v_showroom_month, v_month) are readable by the role
 * ocop_reader.
 *
 * Import (pghub_import_data): the file is verified with the very code
 * the SQLite hub uses (batch_verify: signature, ownership, document
 * totals, dates, numbering), which hands each checked record over as it
 * reads the file once, to be turned into COPY text; while it runs the
 * server stores the file itself (batch_in).  Nothing is kept unless the
 * whole file passes: new sales, lines and payments are then COPYed into
 * the hub's tables, the rest through temporary staging tables merged with
 * INSERT ... ON CONFLICT in sorted key order, one transaction per file.  Imports of one showroom take a
 * transaction-level advisory lock on its code, so they queue; imports of
 * different showrooms touch disjoint summary rows and insert shared
 * catalogue rows in SKU order, so they neither block each other for long
 * nor deadlock.
 */
#ifndef OCOP_PGHUB_H
#define OCOP_PGHUB_H

#include <stddef.h>

#include "lib/err.h"
#include "sign.h"

struct batch_result;
struct batch_showroom;
struct report;
struct report_com;
struct report_filter;

/* 1 when s is a PostgreSQL connection URI (postgresql:// or postgres://). */
int pghub_is_uri(const char *s);

struct pghub;

/* Connect to uri; POS_ERR_IO with the server's words when it cannot. */
int pghub_open(const char *uri, struct pghub **out, struct pos_error *err);
void pghub_close(struct pghub *h);

/*
 * Create the hub's schema (idempotent: an existing hub is left as it is,
 * POS_ERR_EXISTS when it belongs to another code), the read-only role
 * ocop_reader (NOLOGIN: grant it to people's logins) and the views.
 */
int pghub_init(struct pghub *h, const char *code, const char *name, const char *province,
	       struct pos_error *err);

/*
 * Register showroom code's public key.  The same rules as
 * sign_register_as(): a different key over a registered one is refused
 * unless replace is set; a replacement is written to the audit table with
 * the database user who made it.
 */
int pghub_register(struct pghub *h, const char *code, const char *key, int replace,
		   struct pos_error *err);

/* The showrooms with a key or files, by code (as batch_showrooms). */
int pghub_showrooms(struct pghub *h, struct batch_showroom **out, size_t *n,
		    struct pos_error *err);

/* Import one exchange file (see the top of this file; results as batch_import). */
int pghub_import_data(struct pghub *h, const char *data, size_t n, const char *name,
		      struct batch_result *out, struct pos_error *err);
int pghub_import(struct pghub *h, const char *path, struct batch_result *out,
		 struct pos_error *err);

/*
 * Per-product sales for f (from, to, showroom, province, producer, group
 * filters; owner is not supported here: POS_ERR_INVALID), rows sorted by
 * revenue, as report_sales(REPORT_PRODUCTS) builds them.
 */
int pghub_report_products(struct pghub *h, const struct report_filter *f, struct report **out,
			  struct pos_error *err);

/* Commercialization, as report_commercialization (no rating upgrades here). */
int pghub_report_commercialization(struct pghub *h, const struct report_filter *f,
				   struct report_com **out, struct pos_error *err);

/* Register province code's public key at a national server (rules as pghub_register). */
int pghub_register_province(struct pghub *h, const char *code, const char *key, int replace,
			    struct pos_error *err);

/* This hub's code and public key (the key pair is made on first use). */
int pghub_hub_key(struct pghub *h, char code[17], char pk[SIGN_PUBKEY_B64],
		  struct pos_error *err);

/*
 * A file forwarded by a province: the province's code, its Ed25519
 * signature over (SHA-256 of the file, province, showroom, sequence, the
 * showroom's key), and the showroom's key the province vouches for.
 */
struct pghub_fwd {
	char province[17];
	char sig[SIGN_SIG_B64];
	char showroom_key[SIGN_PUBKEY_B64];
};

/* The province h countersigns data (an exchange file it imported) into *fw. */
int pghub_countersign(struct pghub *h, const char *data, size_t n, const char *showroom_key,
		      struct pghub_fwd *fw, struct pos_error *err);
/* The same with province's secret key sk64 (base64) given (a simulation's provinces). */
int pghub_countersign_key(const char *province, const char *sk64, const char *data, size_t n,
			  const char *showroom_key, struct pghub_fwd *fw, struct pos_error *err);

/*
 * At the national server h: import a forwarded file.  Refused, naming why,
 * when no key is registered for the province (POS_ERR_NOT_FOUND) or the
 * countersignature does not verify (POS_ERR_REFUSED); then the showroom's
 * key is registered when unknown (a different one is refused) and the file
 * imported with the full verification, its province and countersignature
 * kept in batch_in (via, via_sig).
 */
int pghub_import_forwarded(struct pghub *h, const char *data, size_t n, const char *name,
			   const struct pghub_fwd *fw, struct batch_result *out,
			   struct pos_error *err);

/*
 * National hub: every file imported at `from` that `to` does not have
 * yet, countersigned by `from` and imported at `to` with
 * pghub_import_forwarded, in the order of each showroom's files.  *files
 * receives how many were imported.
 */
int pghub_forward(struct pghub *from, struct pghub *to, long long *files,
		  struct pos_error *err);

#endif
