/*
 * batch.h - exchange files: a showroom's sales, returns, stock moves and
 * the catalogue they refer to, carried to the province hub (USB stick,
 * e-mail) and merged there.
 *
 * The file (format "ocop-pos/exchange", version 2; docs/formats.md) is
 * JSON Lines: the first line is the header (showroom, sequence, the
 * sequence it continues, period, creation time, record counts), then one
 * record per line -- producers, products, lots, sales (with their lines,
 * the lots each line took, payments), stock moves -- and the last line
 * is {"signature": "..."}: the showroom's Ed25519ph signature (sign.h,
 * computed as the file is written) over every byte before that line
 * (version 1: pure Ed25519, still read).  Files are written and read line
 * by line, any size.  Buyer details and user names stay in the showroom.
 *
 * A showroom numbers its files 1, 2, 3 ... (table batch_out); each file
 * holds what was written since the previous one, so file N "continues"
 * N-1.  `--since DATE` adds everything from that business date on;
 * `--all` writes everything and continues nothing (0).  The hub imports
 * a file only when it continues the last file it has from that showroom
 * (or continues nothing), verifies the signature against the key
 * registered for the showroom, and writes it in one transaction: an
 * unknown, tampered, truncated, malformed or out-of-sequence file is
 * refused with nothing written.  Importing the same file again adds
 * nothing; a sale is stored once by its UUID and a stock move once by its
 * showroom id, so overlapping files are harmless.
 *
 * At the hub, imported sales land in the ordinary sale tables with
 * sale.showroom = the showroom's code (shift, user: none), so every
 * report works across showrooms; lots are named "<showroom>/<lot_no>";
 * producers and products unknown to the hub are created from the file,
 * known ones are left as they are (the province's catalogue wins).
 */
#ifndef OCOP_BATCH_H
#define OCOP_BATCH_H

#include <stddef.h>

#include "lib/err.h"

struct db;
struct cJSON;

#define BATCH_FORMAT "ocop-pos/exchange"
#define BATCH_VERSION 2
/* The largest file read whole into memory: version 1 files, pipes, the
 * PostgreSQL hub.  Version 2 files from disk are read line by line, any size. */
#define BATCH_FILE_MAX ((size_t)1 << 31)

struct batch_header {
	char showroom[17];
	char name[256];
	char province[3];
	long long sequence;              /* >= 1 */
	long long continues;             /* sequence - 1, or 0: complete from the start */
	char from[11], to[11];           /* business dates the file covers */
	char created[21];                /* UTC */
	long long producers, products, lots, sales, moves;   /* records of each type */
};

/*
 * Write the showroom's next exchange file to path.  since: NULL for what
 * changed since the last export, or a date YYYY-MM-DD to add every sale
 * and move from that business date on; all = 1 for everything (since is
 * then ignored).  The file is written to path.tmp, synced and renamed;
 * the export is recorded in batch_out in the same transaction, and undone
 * if the file cannot be written.  Refused at a province hub.  *out (may
 * be NULL) receives the header written.
 */
int batch_export(struct db *db, const char *since, int all, const char *path,
		 struct batch_header *out, struct pos_error *err);

struct batch_result {
	struct batch_header h;
	int already;                     /* 1: this very file was imported before */
	long long sales_added, sales_skipped;    /* skipped: already at the hub */
	long long moves_added, moves_skipped;
	long long producers_added, products_added, lots_added;
	long long rows;                  /* rows written (all tables) */
};

/* The header of the exchange file data[0..n) (its first line; nothing else is checked). */
int batch_header_of(const char *data, size_t n, const char *name, struct batch_header *out,
		    struct pos_error *err);

/* Read the header of the exchange file at path (no database needed). */
int batch_peek(const char *path, struct batch_header *out, struct pos_error *err);

/*
 * Import the exchange file at path into a province hub database (see the
 * top of this file).  Returns 0 (out->already set when the file was
 * imported before: nothing written), POS_ERR_REFUSED (not a hub, out of
 * sequence, tampered), POS_ERR_NOT_FOUND (showroom not registered),
 * POS_ERR_INVALID (not an exchange file, truncated, malformed: the message
 * names the line), POS_ERR_VERSION (a newer format), POS_ERR_IO, POS_ERR_DB,
 * POS_ERR_NO_MEM.  name (may be NULL) names the file in messages.
 */
int batch_import(struct db *db, const char *path, struct batch_result *out,
		 struct pos_error *err);
/*
 * The same, telling waiting(ctx) (may be NULL) once when another import
 * into this database is running: imports take turns (a lock file
 * "<database>.import") instead of failing with "database is locked".
 */
int batch_import_wait(struct db *db, const char *path, void (*waiting)(void *ctx), void *ctx,
		      struct batch_result *out, struct pos_error *err);
/*
 * Take this database's import turn for the rest of the process (or until
 * batch_unqueue), waiting for a running import first (waiting(ctx) told
 * once): the command line takes it before it checks the PIN, which writes
 * to the database, so a second `import` waits instead of meeting the first
 * one's write lock.  batch_import* in this process then take no turn of
 * their own.
 */
int batch_queue(struct db *db, void (*waiting)(void *ctx), void *ctx, struct pos_error *err);
void batch_unqueue(void);
/* The same from memory (data[0..n)). */
int batch_import_data(struct db *db, const char *data, size_t n, const char *name,
		      struct batch_result *out, struct pos_error *err);

/*
 * Check the structure of an exchange file in memory without a database:
 * header, every record and its fields, the signature line (not verified:
 * that needs the key).  Returns 0 with *out filled, or POS_ERR_INVALID /
 * POS_ERR_VERSION naming the line.  (The fuzz target's entry point.)
 */
int batch_check(const char *data, size_t n, struct batch_header *out, struct pos_error *err);

/*
 * What a hub (SQLite here, PostgreSQL in pghub.c) tells the verifier.
 * Each returns 0 or an error (with err set).
 *   key:      the public key (base64) registered for showroom into out;
 *             POS_ERR_NOT_FOUND when none is.
 *   has_sales: found[i] = 1 when the hub holds sale (showroom, uuids[i]),
 *             for i < n (one question for the whole file: a server is a
 *             round trip away).
 *   last_seq: the highest receipt number the hub holds for showroom,
 *             register, year and series (refunds: 0 sales, 1 refunds and
 *             voids); 0 when none.
 */
struct batch_hub {
	void *ctx;
	int (*key)(void *ctx, const char *showroom, char *out, size_t n, struct pos_error *err);
	int (*has_sales)(void *ctx, const char *showroom, const char *const *uuids, size_t n,
			 int *found, struct pos_error *err);
	int (*last_seq)(void *ctx, const char *showroom, const char *reg, int year, int refunds,
			long long *last, struct pos_error *err);
	/*
	 * record (may be NULL): each record of the file once it has passed
	 * its own checks, in file order, during the one reading of the file
	 * (so a hub stages what it will write without parsing the file
	 * again).  type: "producer", "product", "lot", "sale" or "move"; o
	 * lives for the call only.  A non-zero return stops the verification
	 * with that error.  The file may still be refused afterwards (its
	 * signature, numbering or whole-file checks): a hub writes nothing it
	 * cannot undo before batch_verify returns 0.
	 */
	int (*record)(void *ctx, const char *type, const struct cJSON *o, struct pos_error *err);
};

/*
 * Verify an exchange file before a hub writes any of it: the signature
 * against the key the hub registered for the showroom in the header;
 * every record well formed; every sale the signing showroom's own (its
 * receipt number is showroom-register-year-number, refunds and moves
 * refer to the same showroom's sales); each document's figures (lines add
 * up to the total, VAT and discount, each line's VAT is the VAT in its
 * amount, payments cover the total, cash change = tendered - amount:
 * saleinv.h, the rules of `db check`); every business date inside the
 * file's period and the period not after today (local date); each UUID
 * once; the numbers of the sales the hub does not hold yet continue the
 * hub's, per register, year and series, without gap or repeat.
 * Returns 0 with *out (may be NULL) filled, or the first problem:
 * POS_ERR_REFUSED (with the reason; nothing may be written),
 * POS_ERR_NOT_FOUND (no key), POS_ERR_INVALID (malformed), or an error of
 * the hub.  name (may be NULL) names the file in messages.
 */
int batch_verify(const char *data, size_t n, const char *name, const struct batch_hub *hub,
		 struct batch_header *out, struct pos_error *err);

/* A showroom known to this database: a registered key and/or imported files. */
struct batch_showroom {
	char code[17];
	char name[256];
	char province[3];
	int has_key;
	long long last_seq;              /* last file imported, 0 = none */
	char last_import[21];            /* UTC, "" = never */
	long long files, sales;          /* files imported, sales they added */
};

/* Every showroom with a key or imported files, by code; *out malloc'd (free()). */
int batch_showrooms(struct db *db, struct batch_showroom **out, size_t *n,
		    struct pos_error *err);

/* The exports made here, newest first (seq, created, period, sha256). */
struct batch_export_info {
	long long seq;
	char created[21];
	char from[11], to[11];
	char sha256[65];
};
int batch_exports(struct db *db, struct batch_export_info **out, size_t *n,
		  struct pos_error *err);

/* 1 in *hub when this database is a province hub (init --province-hub). */
int batch_is_hub(struct db *db, int *hub, struct pos_error *err);

#endif
