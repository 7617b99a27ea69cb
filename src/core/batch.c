/*
 * batch.c - exchange files: export at a showroom, import at a province
 * hub (see batch.h for the rules, docs/formats.md for the format).
 *
 * Files are streamed (issue 16): memory does not grow with the file.
 *
 * Export first works out with SQL what the file holds -- the counts, the
 * period, the ids of the lots, products and producers it names (as many
 * as the catalogue, not the sales) -- so the header can carry every count;
 * then it writes the header, the catalogue and one sale or move at a time
 * to FILE.tmp, feeding every byte to an Ed25519ph signature (sign.h,
 * format version 2), appends the signature line, reads the file back
 * line by line (batch_check) and records and renames it in one
 * transaction.  Each record is one cJSON object printed unformatted:
 * cJSON escapes control characters, so a record never spans two lines.
 *
 * Import reads the file line by line (struct src: from disk, or from
 * memory for batch_check/batch_verify, version 1 files and pipes), its
 * signature line taken from the end first.  Two passes in one write
 * transaction: the first (verify_pass) writes nothing and checks the
 * signature, the sequence, every record and what needs the hub; the
 * second writes, and a file on disk must hash to what the first pass
 * verified.  The same walker runs without a database (batch_check, the
 * fuzz target, the first pass): each handler first extracts and checks
 * every field, and only writes when there is a database.  The catalogue's
 * look-ups (SKU -> product, lot, producer) go through strmap caches; a
 * sale's line is looked up in the database (no cache of every sale).
 * The verifier keeps 40 bytes per sale (struct vsale).  Imports into one
 * database take turns (import_lock).
 */
#include "batch.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalog.h"
#include "clock.h"
#include "db.h"
#include "fileio.h"
#include "i18n.h"
#include "lib/alloc.h"
#include "lib/bytebuf.h"
#include "journal.h"
#include "jsonstrict.h"
#include "producer.h"
#include "saleinv.h"
#include "showroom.h"
#include "sign.h"
#include "strmap.h"
#include "uuid.h"
#include "vntext.h"

#define JSON_INT_MAX 9007199254740992LL   /* 2^53: exact in a double */

/* ---- the file being written: bytes go to it and to the signature ------- */

struct out {
	FILE *f;
	struct sign_stream ss;           /* Ed25519ph and SHA-256 of what was written */
	int failed;                      /* out of memory (cJSON) */
	int werr;                        /* errno of a failed write, 0 */
};

static void out_put(struct out *o, const void *p, size_t n)
{
	if (o->failed || o->werr)
		return;
	if (fwrite(p, 1, n, o->f) != n) {
		o->werr = errno ? errno : EIO;
		return;
	}
	sign_stream_update(&o->ss, p, n);
}

/* Write j as one line and delete it. */
static void out_json(struct out *o, cJSON *j)
{
	char *s = j ? cJSON_PrintUnformatted(j) : NULL;

	if (!s) {
		o->failed = 1;
	} else {
		out_put(o, s, strlen(s));
		out_put(o, "\n", 1);
	}
	free(s);
	cJSON_Delete(j);
}

/* 0, or the error of the writes so far (path names the file). */
static int out_check(const struct out *o, const char *path, struct pos_error *err)
{
	if (o->failed)
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory writing the exchange file");
	if (o->werr)
		return pos_fail(err, o->werr == ENOSPC ? POS_ERR_FULL : POS_ERR_IO,
				tr("cannot write %s: %s"), path, strerror(o->werr));
	return 0;
}

/* A sorted set of ids (sort + unique at the end). */
struct ids {
	long long *v;
	size_t n, cap;
	int failed;
};

static void ids_add(struct ids *s, long long id)
{
	if (id <= 0 || s->failed)
		return;
	if (POS_GROW(s->v, s->cap, s->n + 1)) {
		s->failed = 1;
		return;
	}
	s->v[s->n++] = id;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static void ids_unique(struct ids *s)
{
	size_t i, k = 0;

	if (!s->n)
		return;
	qsort(s->v, s->n, sizeof(*s->v), cmp_ll);
	for (i = 0; i < s->n; i++)
		if (!k || s->v[k - 1] != s->v[i])
			s->v[k++] = s->v[i];
	s->n = k;
}

/* ---- hub or showroom ---------------------------------------------------- */

int batch_is_hub(struct db *db, int *hub, struct pos_error *err)
{
	char role[16];
	int r = setting_get(db, "role", role, sizeof(role), NULL);

	if (r == POS_ERR_NOT_FOUND) {
		*hub = 0;
		return 0;
	}
	if (r)
		return pos_fail(err, r, "reading the database's role");
	*hub = strcmp(role, "hub") == 0;
	return 0;
}

/* ---- export ------------------------------------------------------------- */

/*
 * What a file holds, as SQL over the showroom's tables (parameters: ?1 the
 * last sale id exported, ?2 the highest now, ?3 the --since date or
 * "9999-99-99", ?4 and ?5 the same for stock moves).  The catalogue
 * records are known before the first sale is written, so the header can
 * carry every count and the file is written in one pass.
 */
#define WHERE_SALES "s.id <= ?2 AND (s.id > ?1 OR s.business_date >= ?3)"
#define WHERE_MOVES "id <= ?5 AND (id > ?4 OR business_date >= ?3)"
#define SALE_LINES "sale s JOIN sale_line sl ON sl.sale_id = s.id"
#define SEL_LOTS "SELECT sll.lot_id FROM " SALE_LINES " JOIN sale_line_lot sll" \
	" ON sll.sale_line_id = sl.id WHERE " WHERE_SALES \
	" UNION SELECT lot_id FROM stock_move WHERE " WHERE_MOVES
#define SEL_PRODUCTS "SELECT sl.product_id FROM " SALE_LINES " WHERE " WHERE_SALES \
	" UNION SELECT product_id FROM lot WHERE id IN (" SEL_LOTS ")" \
	" UNION SELECT id FROM product WHERE active = 1"
#define SEL_PRODUCERS "SELECT sll.owner_producer_id FROM " SALE_LINES " JOIN sale_line_lot sll" \
	" ON sll.sale_line_id = sl.id WHERE " WHERE_SALES \
	" UNION SELECT owner_producer_id FROM lot WHERE id IN (" SEL_LOTS ")" \
	" UNION SELECT producer_id FROM product WHERE id IN (" SEL_PRODUCTS ")"

struct exp {
	struct db *db;
	struct out *o;
	long long range[4];              /* ?1 ?2 ?4 ?5 of the selection */
	const char *since;               /* ?3 */
	struct ids products, lots, producers;
	long long nsales, nmoves;        /* written */
};

/* Prepare sql and bind the selection's parameters. */
static int exp_prepare(struct exp *x, const char *sql, sqlite3_stmt **st, struct pos_error *err)
{
	int r = db_prepare(x->db, sql, st, err);

	if (r)
		return r;
	sqlite3_bind_int64(*st, 1, x->range[0]);
	sqlite3_bind_int64(*st, 2, x->range[1]);
	sqlite3_bind_text(*st, 3, x->since, -1, SQLITE_STATIC);
	if (sqlite3_bind_parameter_count(*st) >= 5) {
		sqlite3_bind_int64(*st, 4, x->range[2]);
		sqlite3_bind_int64(*st, 5, x->range[3]);
	}
	return 0;
}

/* The ids sql (the selection's parameters) returns, into s (sorted, once each). */
static int exp_ids(struct exp *x, const char *sql, struct ids *s, struct pos_error *err)
{
	sqlite3_stmt *st;
	int r = exp_prepare(x, sql, &st, err), rc;

	if (r)
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		ids_add(s, sqlite3_column_int64(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(x->db, err, "reading the catalogue");
	ids_unique(s);
	return s->failed ? pos_fail(err, POS_ERR_NO_MEM, "out of memory writing the exchange file")
			 : 0;
}

/* One text or number that sql (the selection's parameters) returns into out. */
static int exp_scalar(struct exp *x, const char *sql, char *text, size_t n, long long *num,
		      struct pos_error *err)
{
	sqlite3_stmt *st;
	int r = exp_prepare(x, sql, &st, err), rc;

	if (r)
		return r;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && text)
		snprintf(text, n, "%s", db_col_text(st, 0));
	if (rc == SQLITE_ROW && num)
		*num = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail(x->db, err, "reading the database");
}

static void add_str_or_null(cJSON *o, const char *key, const char *s)
{
	if (s && *s)
		cJSON_AddStringToObject(o, key, s);
	else
		cJSON_AddNullToObject(o, key);
}

/*
 * Add the columns first, first+1 ... of st's row to o, one field each:
 * names[i] of kind kinds[i], 's' text, 'S' text or null when empty,
 * 'n' a whole number, 'N' a whole number or null.
 */
static void add_cols(cJSON *o, sqlite3_stmt *st, int first, const char *kinds,
		     const char *const *names)
{
	int i;

	for (i = 0; kinds[i]; i++) {
		int c = first + i;

		if (kinds[i] == 'N' && sqlite3_column_type(st, c) == SQLITE_NULL)
			cJSON_AddNullToObject(o, names[i]);
		else if (kinds[i] == 'n' || kinds[i] == 'N')
			cJSON_AddNumberToObject(o, names[i], (double)sqlite3_column_int64(st, c));
		else if (kinds[i] == 'S')
			add_str_or_null(o, names[i], db_col_text(st, c));
		else
			cJSON_AddStringToObject(o, names[i], db_col_text(st, c));
	}
}

/* The rows sql (?1 = id) returns, as the list name of parent (add_cols' kinds and names). */
static int exp_rows(struct exp *x, const char *sql, long long id, cJSON *parent,
		    const char *name, const char *kinds, const char *const *names,
		    const char *what, struct pos_error *err)
{
	sqlite3_stmt *st;
	cJSON *arr = cJSON_AddArrayToObject(parent, name);
	int r = db_prepare(x->db, sql, &st, err), rc;

	if (r)
		return r;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cJSON *o = cJSON_CreateObject();

		add_cols(o, st, 0, kinds, names);
		if (!cJSON_AddItemToArray(arr, o))
			cJSON_Delete(o);   /* no array (out of memory): batch_check refuses the file */
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(x->db, err, what);
}

static int exp_line_lots(struct exp *x, long long line_id, cJSON *line, struct pos_error *err)
{
	return exp_rows(x, "SELECT p.sku, l.lot_no, sll.qty_milli, sll.unit_cost, pr.code,"
			" sll.commission_bp"
			" FROM sale_line_lot sll JOIN lot l ON l.id = sll.lot_id"
			" JOIN product p ON p.id = l.product_id"
			" LEFT JOIN producer pr ON pr.id = sll.owner_producer_id"
			" WHERE sll.sale_line_id = ?1 ORDER BY sll.lot_id", line_id, line, "lots",
			"ssnnSn", (const char *const[]){ "sku", "lot_no", "qty_milli", "unit_cost",
							 "owner", "commission_bp" },
			"reading a sale's lots", err);
}

static int exp_sale_lines(struct exp *x, long long sale_id, cJSON *sale, struct pos_error *err)
{
	sqlite3_stmt *st;
	cJSON *arr = cJSON_AddArrayToObject(sale, "lines");
	int r = db_prepare(x->db, "SELECT sl.id, sl.line_no, p.sku, sl.sku, sl.name, sl.unit,"
			   " sl.stars, sl.qty_milli, sl.list_price, sl.unit_price, sl.discount,"
			   " sl.amount, sl.vat_rate, sl.vat, sl.cost, sl.commission, ol.line_no,"
			   " sl.product_id, sl.business_date"
			   " FROM sale_line sl JOIN product p ON p.id = sl.product_id"
			   " LEFT JOIN sale_line ol ON ol.id = sl.original_line_id"
			   " WHERE sl.sale_id = ?1 ORDER BY sl.line_no", &st, err), rc;
	struct ids line_ids = { 0 };
	size_t i;

	if (r)
		return r;
	sqlite3_bind_int64(st, 1, sale_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cJSON *o = cJSON_CreateObject();

		add_cols(o, st, 1, "nssssnnnnnnnnnnN", (const char *const[]){
			 "line_no", "product", "sku", "name", "unit", "stars", "qty_milli",
			 "list_price", "unit_price", "discount", "amount", "vat_rate", "vat",
			 "cost", "commission", "original_line" });
		if (!cJSON_AddItemToArray(arr, o))
			cJSON_Delete(o);   /* no array (out of memory): batch_check refuses the file */
		ids_add(&line_ids, sqlite3_column_int64(st, 0));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(line_ids.v);
		return db_fail(x->db, err, "reading a sale's lines");
	}
	if (line_ids.failed) {
		free(line_ids.v);
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory writing the exchange file");
	}
	/* the lots of each line, in the order of the lines (ids_add kept it) */
	for (i = 0, r = 0; i < line_ids.n && !r; i++)
		r = exp_line_lots(x, line_ids.v[i], cJSON_GetArrayItem(arr, (int)i), err);
	free(line_ids.v);
	return r;
}

static int exp_payments(struct exp *x, long long sale_id, cJSON *sale, struct pos_error *err)
{
	return exp_rows(x, "SELECT method, amount, tendered, change, reference FROM payment"
			" WHERE sale_id = ?1 ORDER BY id", sale_id, sale, "payments", "snnns",
			(const char *const[]){ "method", "amount", "tendered", "change",
					       "reference" }, "reading a sale's payments", err);
}

/* The selected sales, one record each, written as they are read. */
static int exp_sales(struct exp *x, struct pos_error *err)
{
	sqlite3_stmt *st;
	int r, rc;

	r = exp_prepare(x, "SELECT s.id, s.uuid, s.kind, s.receipt_no, s.register, s.seq,"
			" o.uuid, s.at, s.business_date, s.gross, s.discount, s.total, s.vat,"
			" s.reason, e.form, e.series, e.number, e.mtt_code, e.kind, s.cash_rounding"
			" FROM sale s LEFT JOIN sale o ON o.id = s.original_sale_id"
			" LEFT JOIN einvoice e ON e.sale_id = s.id"
			" WHERE s.id <= ?2 AND (s.id > ?1 OR s.business_date >= ?3) ORDER BY s.id",
			&st, err);
	if (r)
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "type", "sale");
		add_cols(o, st, 1, "ssssnSssnnnns", (const char *const[]){
			 "uuid", "kind", "receipt_no", "register", "seq", "original", "at",
			 "business_date", "gross", "discount", "total", "vat", "reason" });
		/* cash rounding (sale.h): only when there is one */
		if (sqlite3_column_int64(st, 19))
			cJSON_AddNumberToObject(o, "cash_rounding",
						(double)sqlite3_column_int64(st, 19));
		/* its e-invoice (einvoice.c), so the hub can report invoices per
		 * showroom; null before e-invoicing was set up */
		if (sqlite3_column_type(st, 15) != SQLITE_NULL) {
			cJSON *e = cJSON_AddObjectToObject(o, "einvoice");

			add_cols(e, st, 14, "nsNSs", (const char *const[]){
				 "form", "series", "number", "mtt_code", "kind" });
		} else {
			cJSON_AddNullToObject(o, "einvoice");
		}
		if ((r = exp_sale_lines(x, id, o, err)) || (r = exp_payments(x, id, o, err))) {
			cJSON_Delete(o);
			sqlite3_reset(st);
			return r;
		}
		out_json(x->o, o);
		x->nsales++;
		if (x->o->failed || x->o->werr) {
			sqlite3_reset(st);
			return 0;            /* said by the caller (out_check) */
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(x->db, err, "reading the sales");
}

static int exp_moves(struct exp *x, struct pos_error *err)
{
	sqlite3_stmt *st;
	int r = exp_prepare(x, "SELECT m.id, p.sku, l.lot_no, m.qty_milli, m.kind, m.reason, m.doc,"
			   " s.uuid, sl.line_no, m.at, m.business_date, m.lot_id, l.product_id,"
			   " l.owner_producer_id"
			   " FROM stock_move m JOIN lot l ON l.id = m.lot_id"
			   " JOIN product p ON p.id = l.product_id"
			   " LEFT JOIN sale_line sl ON sl.id = m.sale_line_id"
			   " LEFT JOIN sale s ON s.id = sl.sale_id"
			   " WHERE m.id <= ?5 AND (m.id > ?4 OR m.business_date >= ?3) ORDER BY m.id",
			   &st, err), rc;

	if (r)
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "type", "move");
		add_cols(o, st, 0, "nssnsssSNss", (const char *const[]){
			 "id", "sku", "lot_no", "qty_milli", "kind", "reason", "doc", "sale",
			 "line_no", "at", "business_date" });
		out_json(x->o, o);
		x->nmoves++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(x->db, err, "reading the stock moves");
}


/* The catalogue records: producers, products, lots (the ids are known). */
static int exp_catalog(struct exp *x, struct pos_error *err)
{
	sqlite3_stmt *st;
	size_t i;
	int r, rc;

	for (i = 0; i < x->producers.n; i++) {
		struct producer pr;
		cJSON *o;

		if ((r = producer_get_id(x->db, x->producers.v[i], &pr, err)))
			return r;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "type", "producer");
		cJSON_AddStringToObject(o, "code", pr.code);
		cJSON_AddStringToObject(o, "name", pr.name);
		cJSON_AddStringToObject(o, "kind", producer_kind_name(pr.kind));
		cJSON_AddStringToObject(o, "province", pr.province);
		cJSON_AddStringToObject(o, "commune", pr.commune);
		cJSON_AddStringToObject(o, "tax_code", pr.tax_code);
		cJSON_AddBoolToObject(o, "women_led", pr.women_led);
		cJSON_AddBoolToObject(o, "ethnic_minority_led", pr.ethnic_minority_led);
		out_json(x->o, o);
	}
	for (i = 0; i < x->products.n; i++) {
		struct product p;
		cJSON *o, *c;

		if ((r = catalog_get_id(x->db, x->products.v[i], &p, err)))
			return r;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "type", "product");
		cJSON_AddStringToObject(o, "sku", p.sku);
		cJSON_AddStringToObject(o, "name", p.name);
		cJSON_AddStringToObject(o, "unit", p.unit);
		cJSON_AddStringToObject(o, "producer", p.producer);
		cJSON_AddStringToObject(o, "origin_province", p.origin_province);
		cJSON_AddNumberToObject(o, "group", p.ocop_group);
		cJSON_AddStringToObject(o, "product_set", p.product_set);
		cJSON_AddNumberToObject(o, "stars", p.stars);
		c = cJSON_AddObjectToObject(o, "certificate");
		cJSON_AddStringToObject(c, "number", p.cert_number);
		cJSON_AddStringToObject(c, "issuer", p.cert_issuer);
		add_str_or_null(c, "issued", p.cert_issued);
		add_str_or_null(c, "expires", p.cert_expires);
		cJSON_AddNumberToObject(o, "price", (double)p.price);
		cJSON_AddNumberToObject(o, "vat_rate", p.vat_rate);
		cJSON_AddNumberToObject(o, "shelf_life_days", p.shelf_life_days);
		cJSON_AddBoolToObject(o, "is_service", p.is_service);
		out_json(x->o, o);
	}
	r = db_prepare(x->db, "SELECT p.sku, l.lot_no, l.expiry, l.received_on, l.unit_cost,"
		       " pr.code, l.commission_bp"
		       " FROM lot l JOIN product p ON p.id = l.product_id"
		       " LEFT JOIN producer pr ON pr.id = l.owner_producer_id WHERE l.id = ?1",
		       &st, err);
	if (r)
		return r;
	for (i = 0; i < x->lots.n; i++) {
		cJSON *o;

		sqlite3_bind_int64(st, 1, x->lots.v[i]);
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW) {
			sqlite3_reset(st);
			return db_fail(x->db, err, "reading a lot");
		}
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "type", "lot");
		add_cols(o, st, 0, "ssSsnSn", (const char *const[]){
			 "sku", "lot_no", "expiry", "received_on", "unit_cost", "owner",
			 "commission_bp" });
		sqlite3_reset(st);
		out_json(x->o, o);
	}
	return 0;
}

static int max_id(struct db *db, const char *sql, long long *out, struct pos_error *err)
{
	sqlite3_stmt *st;
	int r = db_prepare(db, sql, &st, err);

	if (r)
		return r;
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	if (sqlite3_reset(st) != SQLITE_OK)
		return db_fail(db, err, "reading the database");
	return 0;
}

struct export_args {
	const char *since, *path;
	int all;
	struct showroom s;
	char pk[SIGN_PUBKEY_B64];
	struct batch_header h;
	char tmp[4096];                  /* path.tmp while it is written */
	int written;                     /* renamed to path: removed if the commit fails */
};

static int batch_check_file(const char *path, struct pos_error *err);

/* The header of the file about to be written, as one line. */
static int exp_header(struct db *db, const struct batch_header *h, const char *pk,
		      struct out *o, struct pos_error *err)
{
	char jhash[JOURNAL_HASH_LEN];
	long long jseq = 0;
	cJSON *hd, *j;
	int r;

	hd = cJSON_CreateObject();
	cJSON_AddStringToObject(hd, "format", BATCH_FORMAT);
	cJSON_AddNumberToObject(hd, "version", BATCH_VERSION);
	cJSON_AddStringToObject(hd, "showroom", h->showroom);
	cJSON_AddStringToObject(hd, "name", h->name);
	cJSON_AddStringToObject(hd, "province", h->province);
	cJSON_AddNumberToObject(hd, "sequence", (double)h->sequence);
	cJSON_AddNumberToObject(hd, "continues", (double)h->continues);
	j = cJSON_AddObjectToObject(hd, "period");
	cJSON_AddStringToObject(j, "from", h->from);
	cJSON_AddStringToObject(j, "to", h->to);
	cJSON_AddStringToObject(hd, "created", h->created);
	cJSON_AddStringToObject(hd, "public_key", pk);
	j = cJSON_AddObjectToObject(hd, "counts");
	cJSON_AddNumberToObject(j, "producers", (double)h->producers);
	cJSON_AddNumberToObject(j, "products", (double)h->products);
	cJSON_AddNumberToObject(j, "lots", (double)h->lots);
	cJSON_AddNumberToObject(j, "sales", (double)h->sales);
	cJSON_AddNumberToObject(j, "moves", (double)h->moves);
	/* The fiscal journal's head as this file was written: the hub sees
	 * the chain go on from one file to the next (journal.h). */
	if ((r = journal_head(db, &jseq, jhash, err))) {
		cJSON_Delete(hd);
		return r;
	}
	j = cJSON_AddObjectToObject(hd, "journal");
	cJSON_AddNumberToObject(j, "seq", (double)jseq);
	cJSON_AddStringToObject(j, "head", jhash);
	out_json(o, hd);
	return 0;
}

/*
 * The file's selection and header: what was exported last, the ranges,
 * the catalogue, the counts and the period.
 */
static int exp_plan(struct db *db, struct export_args *a, struct exp *x, struct batch_header *h,
		    long long *max_sale, long long *max_move, struct pos_error *err)
{
	const struct showroom *sr = &a->s;
	sqlite3_stmt *st;
	char last_until[11] = "", first[11] = "", today[11];
	long long last_seq = 0, last_sale = 0, last_move = 0;
	int r, rc;

	r = db_prepare(db, "SELECT seq, last_sale_id, last_move_id, until FROM batch_out"
		       " ORDER BY seq DESC LIMIT 1", &st, err);
	if (r)
		return r;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		last_seq = sqlite3_column_int64(st, 0);
		last_sale = sqlite3_column_int64(st, 1);
		last_move = sqlite3_column_int64(st, 2);
		VN_COPY(last_until, db_col_text(st, 3));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, err, "reading the exports");
	if ((r = max_id(db, "SELECT coalesce(max(id), 0) FROM sale", max_sale, err)) ||
	    (r = max_id(db, "SELECT coalesce(max(id), 0) FROM stock_move", max_move, err)))
		return r;
	if (a->all)
		last_sale = last_move = 0;
	x->range[0] = last_sale;
	x->range[1] = *max_sale;
	x->range[2] = last_move;
	x->range[3] = *max_move;
	x->since = !a->all && a->since ? a->since : "9999-99-99";
	/* lots first: the products and producers include theirs */
	if ((r = exp_ids(x, SEL_LOTS, &x->lots, err)) ||
	    (r = exp_ids(x, SEL_PRODUCTS, &x->products, err)) ||
	    (r = exp_ids(x, SEL_PRODUCERS, &x->producers, err)))
		return r;

	memset(h, 0, sizeof(*h));
	if ((r = exp_scalar(x, "SELECT count(*) FROM sale s WHERE " WHERE_SALES, NULL, 0,
			    &h->sales, err)) ||
	    (r = exp_scalar(x, "SELECT count(*) FROM stock_move WHERE " WHERE_MOVES, NULL, 0,
			    &h->moves, err)) ||
	    (r = exp_scalar(x, "SELECT coalesce(min(d), '') FROM ("
			    "SELECT min(nullif(s.business_date, '')) AS d FROM sale s WHERE "
			    WHERE_SALES " UNION ALL SELECT min(nullif(sl.business_date, '')) FROM "
			    SALE_LINES " WHERE " WHERE_SALES " UNION ALL SELECT"
			    " min(nullif(business_date, '')) FROM stock_move WHERE " WHERE_MOVES ")",
			    first, sizeof(first), NULL, err)))
		return r;
	VN_COPY(h->showroom, sr->code);
	VN_COPY(h->name, sr->name);
	VN_COPY(h->province, sr->province);
	h->sequence = last_seq + 1;
	h->continues = a->all ? 0 : last_seq;
	clock_local_date(clock_now(), today);
	if (!a->all && a->since)
		VN_COPY(h->from, a->since);
	else if (!a->all && last_until[0])
		VN_COPY(h->from, last_until);
	else
		VN_COPY(h->from, first[0] ? first : today);
	/* the period covers every record written (a hub refuses a record outside it) */
	if (first[0] && strcmp(first, h->from) < 0)
		VN_COPY(h->from, first);
	VN_COPY(h->to, today);
	if (strcmp(h->from, h->to) > 0)
		VN_COPY(h->from, h->to);
	clock_format_utc(clock_now(), h->created);
	h->producers = (long long)x->producers.n;
	h->products = (long long)x->products.n;
	h->lots = (long long)x->lots.n;
	return 0;
}

/* Finish the file: check the counts, sign, sync, read it back. */
static int exp_finish(struct db *db, struct export_args *a, struct exp *x, struct out *o,
		      char sha[SIGN_SHA256_HEX], struct pos_error *err)
{
	char sig[SIGN_SIG_B64], line[SIGN_SIG_B64 + 32];
	int r, n;

	if ((r = out_check(o, a->path, err)))
		return r;
	if (x->nsales != a->h.sales || x->nmoves != a->h.moves)
		return pos_fail(err, POS_ERR_DB, "the sales changed while the file was written");
	if ((r = sign_stream_final(db, &o->ss, sig, err)))
		return r;
	n = snprintf(line, sizeof(line), "{\"signature\":\"%s\"}\n", sig);
	if (fwrite(line, 1, (size_t)n, o->f) != (size_t)n)
		o->werr = errno ? errno : EIO;
	sign_stream_tail(&o->ss, line, (size_t)n);
	sign_stream_sha256_hex(&o->ss, sha);
	if (!o->werr && (fflush(o->f) != 0 || fsync(fileno(o->f)) != 0))
		o->werr = errno ? errno : EIO;
	if (fclose(o->f) != 0 && !o->werr)
		o->werr = errno ? errno : EIO;
	o->f = NULL;
	if ((r = out_check(o, a->path, err)))
		return r;
	/* a JSON field that could not be added (out of memory) leaves no trace
	 * in cJSON: read the file back before anything claims it is complete */
	if ((r = batch_check_file(a->tmp, err))) {
		if (r == POS_ERR_INVALID)
			r = pos_fail(err, POS_ERR_NO_MEM, "out of memory writing the exchange file");
		return r;
	}
	return 0;
}

/*
 * Everything since the last export: plan the file, write it record by
 * record to path.tmp (nothing is held in memory but the catalogue's ids),
 * sign it as it goes, record it in batch_out and rename it into place.
 */
static int export_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct export_args *a = ctx;
	struct exp x;
	struct out o;
	sqlite3_stmt *st;
	char sha[SIGN_SHA256_HEX];
	long long max_sale = 0, max_move = 0;
	int r, rc;

	memset(&x, 0, sizeof(x));
	memset(&o, 0, sizeof(o));
	x.db = db;
	x.o = &o;
	if ((r = exp_plan(db, a, &x, &a->h, &max_sale, &max_move, err)))
		goto out;
	o.f = fopen(a->tmp, "wb");
	if (!o.f) {
		r = pos_fail(err, POS_ERR_IO, tr("cannot write %s: %s"), a->path, strerror(errno));
		goto out;
	}
	sign_stream_init(&o.ss);
	if ((r = exp_header(db, &a->h, a->pk, &o, err)) || (r = exp_catalog(&x, err)) ||
	    (r = exp_sales(&x, err)) || (r = exp_moves(&x, err)) ||
	    (r = exp_finish(db, a, &x, &o, sha, err)))
		goto out;
	r = db_prepare(db, "INSERT INTO batch_out (seq, created_at, since, until, last_sale_id,"
		       " last_move_id, sha256) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &st, err);
	if (r)
		goto out;
	sqlite3_bind_int64(st, 1, a->h.sequence);
	sqlite3_bind_text(st, 2, a->h.created, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, a->h.from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, a->h.to, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, max_sale);
	sqlite3_bind_int64(st, 6, max_move);
	sqlite3_bind_text(st, 7, sha, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		r = db_fail(db, err, "recording the export");
	else if (rename(a->tmp, a->path) != 0)
		r = pos_fail(err, POS_ERR_IO, tr("cannot write %s: %s"), a->path, strerror(errno));
	else
		a->written = 1;      /* removed again if the commit fails */
out:
	if (o.f)
		fclose(o.f);
	free(x.products.v);
	free(x.lots.v);
	free(x.producers.v);
	return r;
}

int batch_export(struct db *db, const char *since, int all, const char *path,
		 struct batch_header *out, struct pos_error *err)
{
	struct export_args a;
	int r, hub = 0;

	memset(&a, 0, sizeof(a));
	a.since = since;
	a.path = path;
	a.all = all;
	if ((r = showroom_local(db, &a.s, err)) || (r = batch_is_hub(db, &hub, err)))
		return r;
	if (hub)
		return pos_fail(err, POS_ERR_REFUSED, "%s",
				tr("this is a province hub: exchange files are written by showrooms "
				   "and imported here with `ocop-pos import`"));
	if (!all && since && clock_date_parse(since, NULL, NULL))
		return pos_fail(err, POS_ERR_INVALID, tr("--since: \"%s\" is not a date YYYY-MM-DD"),
				since);
	if (snprintf(a.tmp, sizeof(a.tmp), "%s.tmp", path) >= (int)sizeof(a.tmp))
		return pos_fail(err, POS_ERR_INVALID, tr("file name too long: %s"), path);
	if ((r = sign_public_key(db, a.pk, err)))   /* makes the key pair on first use */
		return r;
	r = db_tx(db, DB_TX_WRITE, export_in_tx, &a, err);
	if (r) {
		unlink(a.written ? path : a.tmp);
		return r;
	}
	if (out)
		*out = a.h;
	return 0;
}

/* ---- import: the record walker ------------------------------------------- */

enum { N_PRODUCERS, N_PRODUCTS, N_LOTS, N_SALES, N_MOVES, N_TYPES };

/*
 * A sale of the file as batch_verify keeps it (numbering, ownership): 40
 * bytes, so a file of a million sales is checked in 40 MB (the SQLite
 * import, which writes as it reads, keeps less: struct vseries).  The UUID is
 * kept as 16 bytes and the case of each hex digit (a file may spell it in
 * either); the receipt number is rebuilt from its parts (verify_sale_head
 * checked it is exactly that); the register is an index in im->regs.
 */
struct vsale {
	unsigned char uuid[16];
	uint32_t upper;                  /* bit i: hex digit i was upper case */
	uint32_t orig;                   /* refunds and voids: 1 + index in im->origs */
	long long seq;
	uint16_t reg;
	int16_t year;
	uint8_t refunds;                 /* the refund/void series */
	uint8_t at_hub;
};

struct vuuid {
	unsigned char b[16];
	uint32_t upper;
};

/*
 * The import's one reading (import_in_tx) writes each record as soon as
 * it is checked and keeps, instead of every sale, only what the checks on
 * the whole file need: the numbers of each series (register, year,
 * refunds) as runs of consecutive numbers -- one run per series for a
 * file written by a showroom, whatever its size.
 */
struct vrun {
	long long a, b;                  /* numbers a, a+1, ..., b, in file order */
};

struct vseries {
	char reg[16];
	int year;
	int refunds;
	long long max;                   /* the highest number of its new sales */
	struct vrun *runs;
	size_t nruns, cap;
};

#define VRUNS_MAX ((size_t)1 << 20)          /* 16 MB of runs: then coalesced */
#define VSERIES_MAX 65535
#define CACHE_MAX 65536                      /* catalogue cache entries (each map) */

struct imp {
	struct db *db;                   /* NULL: check only */
	/* member(): the object read last and the member after the one found
	 * there (reset for each record parsed) */
	const cJSON *cur_o, *cur_at;
	const char *name;
	long long line;
	struct batch_header h;
	struct batch_result *res;
	struct pos_error *err;
	struct strmap producers, products, lots;   /* catalogue caches (hub ids) */
	char source[64];
	char now[CLOCK_TS_LEN];
	long long n[N_TYPES];
	/* verification (batch_verify): documents, dates, ownership */
	int verify;
	const struct batch_hub *hub;     /* told each checked record (record), may be NULL */
	char today[CLOCK_DATE_LEN];
	const char *kind;                /* of the sale being read */
	const char *receipt_no;
	struct saleinv inv;              /* its figures, summed while reading */
	char change_msg[256];            /* its first cash payment with wrong change */
	long long cash_rounding;         /* its cash rounding (sale.h) */
	struct vsale *vs;
	size_t nvs, capvs;
	struct vuuid *origs;             /* the originals of the file's refunds and voids */
	size_t norigs, caporigs;
	char (*regs)[16];                /* the registers of the file's sales */
	size_t nregs, capregs, last_reg;
	struct {                         /* the import's own statements (imp_prepare) */
		const char *sql;
		sqlite3_stmt *st;
	} q[16];
	int nq;
	int version;                     /* of the file's format */
	char sha[SIGN_SHA256_HEX];       /* of the whole file (verify_pass) */
	/* the import's one reading (db set): written while verified */
	long long sale_wm;               /* the hub's highest sale id before this import */
	int wfail;                       /* a write failed: the rest is only checked */
	int wcode;                       /* ... its code and message (said last) */
	struct pos_error wmsg;
	struct vseries *series;          /* the numbers of the new sales */
	size_t nseries, capseries, last_series, nruns;
	struct strmap series_idx;
	unsigned char **seen;            /* hub sales met in the file: a bit per id */
	size_t nseen;
	int dup;                         /* a sale twice: its UUID and receipts */
	char dup_uuid[UUID_STR_LEN], dup_a[64], dup_b[64];
	char porig[UUID_STR_LEN];        /* the first original the hub lacked ... */
	char porig_receipt[64];          /* ... for this refund or void */
	int porig_seen;                  /* ... and found later in the file */
};

static int imp_fail(struct imp *im, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int imp_fail(struct imp *im, int code, const char *fmt, ...)
{
	char msg[POS_ERRMSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (im->line > 0)
		return pos_fail(im->err, code, tr("%s, line %lld: %s"), im->name, im->line, msg);
	return pos_fail(im->err, code, "%s: %s", im->name, msg);
}

/*
 * The statement sql (a string constant: found again by its address) for
 * the rows of this import: prepared once, kept until imp_release, so a
 * row costs no look-up in the database's statement cache.
 */
static int imp_prepare(struct imp *im, const char *sql, sqlite3_stmt **st)
{
	int i;

	for (i = 0; i < im->nq; i++)
		if (im->q[i].sql == sql) {
			*st = im->q[i].st;
			sqlite3_clear_bindings(*st);   /* a NULL is not left bound */
			return 0;
		}
	if (im->nq == (int)(sizeof(im->q) / sizeof(im->q[0])))
		return db_prepare(im->db, sql, st, im->err);
	if (sqlite3_prepare_v3(db_handle(im->db), sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) !=
	    SQLITE_OK)
		return db_fail(im->db, im->err, "reading the database");
	im->q[im->nq].sql = sql;
	im->q[im->nq++].st = *st;
	return 0;
}

/*
 * Member key of object o, looked for from just after the member found last
 * in o (then from its start): a record's fields are read in the order the
 * exporter writes them, so each is found at the first comparison instead
 * of after a walk from the object's first member (those walks' strcmp
 * were a tenth of an import's client time).  The same member as
 * cJSON_GetObjectItemCaseSensitive: a record's keys are unique (strict()).
 */
static const cJSON *member(struct imp *im, const cJSON *o, const char *key)
{
	const cJSON *v, *start = NULL;

	if (!o)
		return NULL;
	if (im->cur_o == o)
		start = im->cur_at;
	if (!start)
		start = o->child;
	for (v = start; v; v = v->next)
		if (v->string && v->string[0] == key[0] && !strcmp(v->string, key))
			goto hit;
	for (v = o->child; v && v != start; v = v->next)
		if (v->string && v->string[0] == key[0] && !strcmp(v->string, key))
			goto hit;
	return NULL;
hit:
	im->cur_o = o;
	im->cur_at = v->next;
	return v;
}

static int get_str(struct imp *im, const cJSON *o, const char *key, int required, char *out,
		   size_t n)
{
	const cJSON *v = member(im, o, key);
	size_t len;

	if (!v || cJSON_IsNull(v)) {
		if (required)
			return imp_fail(im, POS_ERR_INVALID, tr("field \"%s\" is missing"), key);
		out[0] = '\0';
		return 0;
	}
	if (!cJSON_IsString(v) || !v->valuestring)
		return imp_fail(im, POS_ERR_INVALID, tr("field \"%s\" must be text"), key);
	len = strlen(v->valuestring);
	if (len >= n)
		return imp_fail(im, POS_ERR_INVALID, tr("field \"%s\" is too long"), key);
	if (!utf8_valid(v->valuestring, len))
		return imp_fail(im, POS_ERR_INVALID, tr("field \"%s\" is not valid UTF-8"), key);
	if (required && !len)
		return imp_fail(im, POS_ERR_INVALID, tr("field \"%s\" is empty"), key);
	memcpy(out, v->valuestring, len + 1);
	return 0;
}

/* An integer in [lo, hi]; *present (may be NULL) says whether it was there (not null). */
static int get_int(struct imp *im, const cJSON *o, const char *key, int required, long long lo,
		   long long hi, long long *out, int *present)
{
	const cJSON *v = member(im, o, key);
	double d;

	if (present)
		*present = 0;
	if (!v || cJSON_IsNull(v)) {
		if (required)
			return imp_fail(im, POS_ERR_INVALID, tr("field \"%s\" is missing"), key);
		*out = 0;
		return 0;
	}
	if (cJSON_IsBool(v)) {
		d = cJSON_IsTrue(v) ? 1 : 0;
	} else if (cJSON_IsNumber(v)) {
		d = v->valuedouble;
	} else {
		return imp_fail(im, POS_ERR_INVALID, tr("field \"%s\" must be a number"), key);
	}
	if (!(d >= -(double)JSON_INT_MAX && d <= (double)JSON_INT_MAX) ||
	    d != (double)(long long)d)
		return imp_fail(im, POS_ERR_INVALID, tr("field \"%s\" must be a whole number"), key);
	if ((long long)d < lo || (long long)d > hi)
		return imp_fail(im, POS_ERR_INVALID, tr("field \"%s\" is out of range: %lld"), key,
				(long long)d);
	*out = (long long)d;
	if (present)
		*present = 1;
	return 0;
}

/* The same into an int (lo and hi within int). */
static int get_small(struct imp *im, const cJSON *o, const char *key, int required, long long lo,
		     long long hi, int *out)
{
	long long v;
	int r = get_int(im, o, key, required, lo, hi, &v, NULL);

	if (!r)
		*out = (int)v;
	return r;
}

static int check_date(struct imp *im, const char *key, const char *s, int required)
{
	if (!s[0] && !required)
		return 0;
	if (clock_date_parse(s, NULL, NULL))
		return imp_fail(im, POS_ERR_INVALID, tr("field \"%s\" is not a date: \"%s\""), key, s);
	return 0;
}

static int check_ts(struct imp *im, const char *key, const char *s)
{
	time_t t;

	if (clock_parse_utc(s, &t, NULL))
		return imp_fail(im, POS_ERR_INVALID, tr("field \"%s\" is not a UTC time: \"%s\""), key,
				s);
	return 0;
}

static int db_err(struct imp *im, const char *what)
{
	struct pos_error e;
	int code = db_fail(im->db, &e, what);

	return imp_fail(im, code, "%s", pos_error_text(&e));
}

/* Step st (bound by the caller) for the id in its first column: *id, or 0
 * when there is no row.  st is reset; a database error is said with what. */
static int step_id(struct imp *im, sqlite3_stmt *st, const char *what, long long *id)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_err(im, what);
	return 0;
}

/*
 * The import writes each record once it is checked (import_in_tx); a
 * write that fails (a record naming what neither the file nor the hub
 * has, a database error) is kept, the rest of the file is only checked,
 * and the failure is said after every check of the file passed -- the
 * order of the former two readings -- and the transaction rolled back.
 */
static int writing(const struct imp *im)
{
	return im->db && !im->wfail;
}

/* A write failed with r (im->err says it): kept for later, 0 (go on checking). */
static int write_failed(struct imp *im, int r)
{
	if (!im->wfail) {
		im->wfail = 1;
		im->wcode = r;
		im->wmsg = *im->err;
	}
	return 0;
}

static int wrote(struct imp *im, int r)
{
	return r ? write_failed(im, r) : 0;
}

/* Keep a found id (not 0) in the import's cache m under key (at most
 * CACHE_MAX entries: then the cache starts again, memory stays flat). */
static int remember(struct imp *im, struct strmap *m, const char *key, long long id)
{
	if (id && m->n >= CACHE_MAX)
		strmap_release(m);
	if (id && strmap_put(m, key, id))
		return imp_fail(im, POS_ERR_NO_MEM, "out of memory");
	return 0;
}

/* A catalogue record written: counted, its id kept in the cache m under key. */
static int added(struct imp *im, long long *count, struct strmap *m, const char *key,
		 long long id)
{
	(*count)++;
	im->res->rows++;
	return remember(im, m, key, id);
}

/* The hub id of the row that sql (one text parameter: key) finds, through
 * the cache m (a found id is kept there); 0 = unknown. */
static int cached_id(struct imp *im, struct strmap *m, const char *sql, const char *key,
		     const char *what, long long *id)
{
	sqlite3_stmt *st;
	int r;

	*id = 0;
	if (strmap_get(m, key, id))
		return 0;
	if ((r = imp_prepare(im, sql, &st)))
		return r;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if ((r = step_id(im, st, what, id)))
		return r;
	return remember(im, m, key, *id);
}

/* The hub id of a producer by code (cache, then the database); 0 = unknown. */
static int find_producer(struct imp *im, const char *code, long long *id)
{
	return cached_id(im, &im->producers, "SELECT id FROM producer WHERE code = ?1", code,
			 "looking up a producer", id);
}

static int find_product(struct imp *im, const char *sku, long long *id)
{
	return cached_id(im, &im->products, "SELECT id FROM product WHERE sku = ?1", sku,
			 "looking up a product", id);
}

/* The hub lot of (sku, lot_no) at this showroom: "<showroom>/<lot_no>". */
static int find_lot(struct imp *im, const char *sku, const char *lot_no, long long *id,
		    long long *product_id)
{
	char key[256], hub_lot[128];
	sqlite3_stmt *st;
	int r;

	*id = 0;
	snprintf(key, sizeof(key), "%s\x1f%s", sku, lot_no);
	if ((r = find_product(im, sku, product_id)))
		return r;
	if (!*product_id || strmap_get(&im->lots, key, id))
		return 0;
	snprintf(hub_lot, sizeof(hub_lot), "%s/%s", im->h.showroom, lot_no);
	if ((r = imp_prepare(im, "SELECT id FROM lot WHERE product_id = ?1 AND lot_no = ?2", &st)))
		return r;
	sqlite3_bind_int64(st, 1, *product_id);
	sqlite3_bind_text(st, 2, hub_lot, -1, SQLITE_STATIC);
	if ((r = step_id(im, st, "looking up a lot", id)))
		return r;
	return remember(im, &im->lots, key, *id);
}

static int find_sale(struct imp *im, const char *uuid, long long *id)
{
	sqlite3_stmt *st;
	int r;

	*id = 0;
	if ((r = imp_prepare(im, "SELECT id FROM sale WHERE showroom = ?1 AND uuid = ?2", &st)))
		return r;
	sqlite3_bind_text(st, 1, im->h.showroom, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, uuid, -1, SQLITE_STATIC);
	return step_id(im, st, "looking up a sale", id);
}

static int find_line(struct imp *im, long long sale_id, long long line_no, long long *id)
{
	sqlite3_stmt *st;
	int r;

	*id = 0;
	if ((r = imp_prepare(im, "SELECT id FROM sale_line WHERE sale_id = ?1 AND line_no = ?2", &st)))
		return r;
	sqlite3_bind_int64(st, 1, sale_id);
	sqlite3_bind_int64(st, 2, line_no);
	return step_id(im, st, "looking up a sale line", id);
}

static int producer_write(struct imp *im, struct producer *p)
{
	struct pos_error e;
	long long id;
	int r, changed;

	if ((r = find_producer(im, p->code, &id)))
		return r;
	if (id)
		return 0;                        /* the hub's own record wins */
	if (producer_validate(p, &e) || producer_save(im->db, p, &changed, &e))
		return imp_fail(im, e.code ? e.code : POS_ERR_INVALID, tr("producer %s: %s"), p->code,
				pos_error_text(&e));
	return added(im, &im->res->producers_added, &im->producers, p->code, p->id);
}

static int rec_producer(struct imp *im, const cJSON *o)
{
	struct producer p;
	enum producer_kind k;
	char kind[32];
	int r;

	producer_init(&p);
	if ((r = get_str(im, o, "code", 1, p.code, sizeof(p.code))) ||
	    (r = get_str(im, o, "name", 1, p.name, sizeof(p.name))) ||
	    (r = get_str(im, o, "kind", 1, kind, sizeof(kind))) ||
	    (r = get_str(im, o, "province", 1, p.province, sizeof(p.province))) ||
	    (r = get_str(im, o, "commune", 0, p.commune, sizeof(p.commune))) ||
	    (r = get_str(im, o, "tax_code", 0, p.tax_code, sizeof(p.tax_code))))
		return r;
	if ((r = get_small(im, o, "women_led", 0, 0, 1, &p.women_led)) ||
	    (r = get_small(im, o, "ethnic_minority_led", 0, 0, 1, &p.ethnic_minority_led)))
		return r;
	if (producer_kind_parse(kind, &k, NULL))
		return imp_fail(im, POS_ERR_INVALID, tr("unknown producer kind \"%s\""), kind);
	p.kind = k;
	return writing(im) ? wrote(im, producer_write(im, &p)) : 0;
}

static int product_write(struct imp *im, struct product *p)
{
	struct pos_error e;
	long long id;
	int r, changed;

	if ((r = find_product(im, p->sku, &id)))
		return r;
	if (id)
		return 0;
	if ((r = find_producer(im, p->producer, &id)))
		return r;
	if (!id)
		return imp_fail(im, POS_ERR_INVALID,
				tr("product %s names producer %s, which is neither in the file nor "
				   "at the hub"), p->sku, p->producer);
	if (product_validate(p, &e) || catalog_save(im->db, p, im->source, &changed, &e))
		return imp_fail(im, e.code ? e.code : POS_ERR_INVALID, tr("product %s: %s"), p->sku,
				pos_error_text(&e));
	return added(im, &im->res->products_added, &im->products, p->sku, p->id);
}

static int rec_product(struct imp *im, const cJSON *o)
{
	struct product p;
	const cJSON *c;
	long long v;
	int r;

	product_init(&p);
	if ((r = get_str(im, o, "sku", 1, p.sku, sizeof(p.sku))) ||
	    (r = get_str(im, o, "name", 1, p.name, sizeof(p.name))) ||
	    (r = get_str(im, o, "unit", 1, p.unit, sizeof(p.unit))) ||
	    (r = get_str(im, o, "producer", 1, p.producer, sizeof(p.producer))) ||
	    (r = get_str(im, o, "origin_province", 1, p.origin_province, sizeof(p.origin_province))) ||
	    (r = get_str(im, o, "product_set", 0, p.product_set, sizeof(p.product_set))))
		return r;
	if ((r = get_small(im, o, "group", 1, 1, 6, &p.ocop_group)) ||
	    (r = get_small(im, o, "stars", 1, 3, 5, &p.stars)) ||
	    (r = get_int(im, o, "price", 1, 0, JSON_INT_MAX, &v, NULL)) ||
	    (r = get_small(im, o, "vat_rate", 1, -1, 10, &p.vat_rate)) ||
	    (r = get_small(im, o, "shelf_life_days", 0, 0, 100000, &p.shelf_life_days)) ||
	    (r = get_small(im, o, "is_service", 0, 0, 1, &p.is_service)))
		return r;
	p.price = v;
	c = member(im, o, "certificate");
	if (c && !cJSON_IsNull(c)) {
		if (!cJSON_IsObject(c))
			return imp_fail(im, POS_ERR_INVALID, tr("field \"%s\" must be an object"),
					"certificate");
		if ((r = get_str(im, c, "number", 0, p.cert_number, sizeof(p.cert_number))) ||
		    (r = get_str(im, c, "issuer", 0, p.cert_issuer, sizeof(p.cert_issuer))) ||
		    (r = get_str(im, c, "issued", 0, p.cert_issued, sizeof(p.cert_issued))) ||
		    (r = get_str(im, c, "expires", 0, p.cert_expires, sizeof(p.cert_expires))) ||
		    (r = check_date(im, "issued", p.cert_issued, 0)) ||
		    (r = check_date(im, "expires", p.cert_expires, 0)))
			return r;
	}
	return writing(im) ? wrote(im, product_write(im, &p)) : 0;
}

static int lot_write(struct imp *im, const char *sku, const char *lot_no, const char *expiry,
		     const char *received, const char *owner, long long cost, long long bp)
{
	char hub_lot[128], key[256];
	long long id, product_id, owner_id = 0;
	sqlite3_stmt *st;
	int r, rc;

	if ((r = find_lot(im, sku, lot_no, &id, &product_id)))
		return r;
	if (!product_id)
		return imp_fail(im, POS_ERR_INVALID,
				tr("lot %s names product %s, which is neither in the file nor at "
				   "the hub"), lot_no, sku);
	if (id)
		return 0;
	if (owner[0]) {
		if ((r = find_producer(im, owner, &owner_id)))
			return r;
		if (!owner_id)
			return imp_fail(im, POS_ERR_INVALID, tr("lot %s: unknown owner %s"), lot_no,
					owner);
	}
	snprintf(hub_lot, sizeof(hub_lot), "%s/%s", im->h.showroom, lot_no);
	if ((r = imp_prepare(im, "INSERT INTO lot (product_id, lot_no, expiry, received_on,"
			    " unit_cost, owner_producer_id, commission_bp, source, created_at)"
			    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", &st)))
		return r;
	sqlite3_bind_int64(st, 1, product_id);
	sqlite3_bind_text(st, 2, hub_lot, -1, SQLITE_STATIC);
	if (expiry[0])
		sqlite3_bind_text(st, 3, expiry, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, received, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, cost);
	if (owner_id)
		sqlite3_bind_int64(st, 6, owner_id);
	sqlite3_bind_int64(st, 7, bp);
	sqlite3_bind_text(st, 8, im->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, im->now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_err(im, "saving a lot");
	snprintf(key, sizeof(key), "%s\x1f%s", sku, lot_no);
	return added(im, &im->res->lots_added, &im->lots, key, db_last_id(im->db));
}

static int rec_lot(struct imp *im, const cJSON *o)
{
	char sku[64], lot_no[64], expiry[16], received[16], owner[33];
	long long cost, bp;
	int r;

	if ((r = get_str(im, o, "sku", 1, sku, sizeof(sku))) ||
	    (r = get_str(im, o, "lot_no", 1, lot_no, sizeof(lot_no))) ||
	    (r = get_str(im, o, "expiry", 0, expiry, sizeof(expiry))) ||
	    (r = get_str(im, o, "received_on", 1, received, sizeof(received))) ||
	    (r = get_str(im, o, "owner", 0, owner, sizeof(owner))) ||
	    (r = check_date(im, "expiry", expiry, 0)) ||
	    (r = check_date(im, "received_on", received, 1)) ||
	    (r = get_int(im, o, "unit_cost", 1, 0, JSON_INT_MAX, &cost, NULL)) ||
	    (r = get_int(im, o, "commission_bp", 0, 0, 10000, &bp, NULL)))
		return r;
	return writing(im) ? wrote(im, lot_write(im, sku, lot_no, expiry, received, owner, cost, bp))
			   : 0;
}

/* ---- the verifier's sales ------------------------------------------------- */

static int hexval(char c)
{
	return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

/* A valid UUID (uuid_valid) as 16 bytes and the case of its digits. */
static void uuid_pack(const char *s, struct vuuid *u)
{
	int i, d = 0;

	memset(u, 0, sizeof(*u));
	for (i = 0; i < 36; i++) {
		if (s[i] == '-')
			continue;
		if (s[i] >= 'A' && s[i] <= 'F')
			u->upper |= (uint32_t)1 << d;
		u->b[d / 2] = (unsigned char)(u->b[d / 2] | hexval(s[i]) << (d % 2 ? 0 : 4));
		d++;
	}
}

static void uuid_unpack(const unsigned char b[16], uint32_t upper, char out[UUID_STR_LEN])
{
	static const char lo[] = "0123456789abcdef", up[] = "0123456789ABCDEF";
	int i, d = 0, o = 0;

	for (i = 0; i < 36; i++) {
		int v;

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			out[o++] = '-';
			continue;
		}
		v = d % 2 ? b[d / 2] & 15 : b[d / 2] >> 4;
		out[o++] = (upper >> d & 1 ? up : lo)[v];
		d++;
	}
	out[o] = '\0';
}

static void vsale_uuid(const struct vsale *v, char out[UUID_STR_LEN])
{
	uuid_unpack(v->uuid, v->upper, out);
}

/* The receipt number of v: showroom-register-year-[R]number. */
static void vsale_receipt(const struct imp *im, const struct vsale *v, char *out, size_t n)
{
	snprintf(out, n, "%s-%s-%04d-%s%06lld", im->h.showroom, im->regs[v->reg], v->year,
		 v->refunds ? "R" : "", v->seq);
}

static int cmp_vsale_uuid(const void *pa, const void *pb)
{
	const struct vsale *a = pa, *b = pb;
	int c = memcmp(a->uuid, b->uuid, sizeof(a->uuid));

	if (c)
		return c;
	if (a->upper != b->upper)
		return a->upper < b->upper ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The index of register reg in im->regs (added when new); -1: out of memory or too many. */
static int reg_index(struct imp *im, const char *reg)
{
	size_t i;

	if (im->nregs && !strcmp(im->regs[im->last_reg], reg))
		return (int)im->last_reg;
	for (i = 0; i < im->nregs; i++)
		if (!strcmp(im->regs[i], reg))
			return (int)(im->last_reg = i);
	if (im->nregs >= 65535 || POS_GROW(im->regs, im->capregs, im->nregs + 1))
		return -1;
	VN_COPY(im->regs[im->nregs], reg);
	im->last_reg = im->nregs;
	return (int)im->nregs++;
}

struct sale_rec {
	char uuid[UUID_STR_LEN], kind[8], receipt_no[64], reg[16], original[UUID_STR_LEN];
	char at[24], date[16], reason[256];
	long long seq, gross, discount, total, vat;
	long long cash_rounding;        /* optional, 0 when absent */
};

/* A business date of the file: inside its period, and not after today. */
static int verify_date(struct imp *im, const char *what, const char *id, const char *date)
{
	if (strcmp(date, im->h.from) < 0 || strcmp(date, im->h.to) > 0)
		return imp_fail(im, POS_ERR_REFUSED,
				tr("refused: %s %s is dated %s, outside the file's period %s to %s"),
				what, id, date, im->h.from, im->h.to);
	if (strcmp(date, im->today) > 0)
		return imp_fail(im, POS_ERR_REFUSED,
				tr("refused: %s %s is dated %s, after today (%s)"), what, id, date,
				im->today);
	return 0;
}

/*
 * A sale's head as the verifier sees it: its receipt number is the one
 * the showroom that signed the file gives (showroom-register-year-seq),
 * its date is inside the period, its UUID appears once; it is kept for
 * the numbering and ownership checks that need the hub (verify_hub).
 */
/*
 * A sale's head as the verifier sees it: its receipt number is the one
 * the showroom that signed the file gives (showroom-register-year-seq),
 * its date is inside the period; it is kept for the checks that need the
 * whole file or the hub (verify_hub: each UUID once, originals, numbering).
 */
static int verify_sale_head(struct imp *im, const struct sale_rec *s)
{
	char expect[96];
	struct vsale *v;
	int r, reg, refunds = strcmp(s->kind, "sale") != 0;

	if (s->seq < 1)
		return imp_fail(im, POS_ERR_REFUSED, tr("refused: receipt %s has number %lld"),
				s->receipt_no, s->seq);
	snprintf(expect, sizeof(expect), "%s-%s-%.4s-%s%06lld", im->h.showroom, s->reg, s->date,
		 refunds ? "R" : "", s->seq);
	if (strcmp(expect, s->receipt_no))
		return imp_fail(im, POS_ERR_REFUSED,
				tr("refused: receipt number %s is not %s's: a %s of register %s "
				   "numbered %lld in %.4s is %s"), s->receipt_no, im->h.showroom,
				s->kind, s->reg, s->seq, s->date, expect);
	if ((r = verify_date(im, tr("receipt"), s->receipt_no, s->date)))
		return r;
	if (im->db)
		return 0;                        /* the import keeps less: sale_head */
	if ((reg = reg_index(im, s->reg)) < 0 || POS_GROW(im->vs, im->capvs, im->nvs + 1))
		return imp_fail(im, POS_ERR_NO_MEM, "out of memory");
	v = &im->vs[im->nvs];
	memset(v, 0, sizeof(*v));
	{
		struct vuuid u;

		uuid_pack(s->uuid, &u);
		memcpy(v->uuid, u.b, sizeof(v->uuid));
		v->upper = u.upper;
		if (s->original[0]) {
			if (POS_GROW(im->origs, im->caporigs, im->norigs + 1))
				return imp_fail(im, POS_ERR_NO_MEM, "out of memory");
			uuid_pack(s->original, &im->origs[im->norigs++]);
			v->orig = (uint32_t)im->norigs;
		}
	}
	v->reg = (uint16_t)reg;
	v->year = (int16_t)atoi(s->date);
	v->refunds = (uint8_t)refunds;
	v->seq = s->seq;
	im->nvs++;
	return 0;
}

static int line_lot_write(struct imp *im, const char *sku, const char *lot_no, const char *owner,
			  long long q, long long cost, long long bp, long long line_id,
			  const char *uuid)
{
	long long lot_id, product_id, owner_id = 0;
	sqlite3_stmt *st;
	int r, rc;

	if ((r = find_lot(im, sku, lot_no, &lot_id, &product_id)))
		return r;
	if (!lot_id)
		return imp_fail(im, POS_ERR_INVALID,
				tr("sale %s takes goods from lot %s of %s, which the file "
				   "does not describe"), uuid, lot_no, sku);
	if (owner[0] && ((r = find_producer(im, owner, &owner_id)) || !owner_id))
		return r ? r : imp_fail(im, POS_ERR_INVALID, tr("lot %s: unknown owner %s"),
					 lot_no, owner);
	if ((r = imp_prepare(im, "INSERT INTO sale_line_lot (sale_line_id, lot_id,"
			    " qty_milli, unit_cost, owner_producer_id, commission_bp)"
			    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &st)))
		return r;
	sqlite3_bind_int64(st, 1, line_id);
	sqlite3_bind_int64(st, 2, lot_id);
	sqlite3_bind_int64(st, 3, q);
	sqlite3_bind_int64(st, 4, cost);
	if (owner_id)
		sqlite3_bind_int64(st, 5, owner_id);
	sqlite3_bind_int64(st, 6, bp);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_err(im, "saving a sale line's lot");
	im->res->rows++;
	return 0;
}

static int rec_line_lots(struct imp *im, const cJSON *arr, long long line_id, const char *uuid)
{
	const cJSON *lo;
	int r;

	if (!arr || cJSON_IsNull(arr))
		return 0;
	if (!cJSON_IsArray(arr))
		return imp_fail(im, POS_ERR_INVALID, tr("field \"%s\" must be a list"), "lots");
	cJSON_ArrayForEach(lo, arr) {
		char sku[64], lot_no[64], owner[33];
		long long q, cost, bp;

		if (!cJSON_IsObject(lo))
			return imp_fail(im, POS_ERR_INVALID, tr("field \"%s\" must be a list of objects"),
					"lots");
		if ((r = get_str(im, lo, "sku", 1, sku, sizeof(sku))) ||
		    (r = get_str(im, lo, "lot_no", 1, lot_no, sizeof(lot_no))) ||
		    (r = get_str(im, lo, "owner", 0, owner, sizeof(owner))) ||
		    (r = get_int(im, lo, "qty_milli", 1, 1, JSON_INT_MAX, &q, NULL)) ||
		    (r = get_int(im, lo, "unit_cost", 1, -JSON_INT_MAX, JSON_INT_MAX, &cost, NULL)) ||
		    (r = get_int(im, lo, "commission_bp", 0, 0, 10000, &bp, NULL)))
			return r;
		if (line_id && writing(im))
			wrote(im, line_lot_write(im, sku, lot_no, owner, q, cost, bp, line_id, uuid));
	}
	return 0;
}

struct line_rec {
	char product[64], sku[64], name[256], unit[32];
	long long line_no, stars, q, list, unit_price, disc, amount, rate, vat, cost, com, orig_line;
	int has_orig;
};

/* Write line l of the new sale sale_id (orig_id: its original's, or 0): *line_id. */
static int sale_line_write(struct imp *im, const struct line_rec *l, const struct sale_rec *s,
			   long long sale_id, long long orig_id, long long *line_id)
{
	long long product_id, orig_line_id = 0;
	sqlite3_stmt *st;
	int r, rc;

	if ((r = find_product(im, l->product, &product_id)))
		return r;
	if (!product_id)
		return imp_fail(im, POS_ERR_INVALID,
				tr("sale %s sells %s, which is neither in the file nor at the "
				   "hub"), s->uuid, l->product);
	if (l->has_orig && orig_id) {
		if ((r = find_line(im, orig_id, l->orig_line, &orig_line_id)))
			return r;
		if (!orig_line_id)
			return imp_fail(im, POS_ERR_INVALID,
					tr("%s %s refers to line %lld of sale %s, which has no "
					   "such line"), s->kind, s->uuid, l->orig_line, s->original);
	}
	if ((r = imp_prepare(im, "INSERT INTO sale_line (sale_id, line_no, product_id, sku,"
			    " name, unit, stars, qty_milli, list_price, unit_price, discount,"
			    " amount, vat_rate, vat, cost, commission, original_line_id,"
			    " business_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
			    " ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)", &st)))
		return r;
	sqlite3_bind_int64(st, 1, sale_id);
	sqlite3_bind_int64(st, 2, l->line_no);
	sqlite3_bind_int64(st, 3, product_id);
	sqlite3_bind_text(st, 4, l->sku, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, l->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, l->unit, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, l->stars);
	sqlite3_bind_int64(st, 8, l->q);
	sqlite3_bind_int64(st, 9, l->list);
	sqlite3_bind_int64(st, 10, l->unit_price);
	sqlite3_bind_int64(st, 11, l->disc);
	sqlite3_bind_int64(st, 12, l->amount);
	sqlite3_bind_int64(st, 13, l->rate);
	sqlite3_bind_int64(st, 14, l->vat);
	sqlite3_bind_int64(st, 15, l->cost);
	sqlite3_bind_int64(st, 16, l->com);
	if (orig_line_id)
		sqlite3_bind_int64(st, 17, orig_line_id);
	sqlite3_bind_text(st, 18, s->date, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_err(im, "saving a sale line");
	*line_id = db_last_id(im->db);
	im->res->rows++;
	return 0;
}

/* The lines of sale s: checked, and written under sale_id when it is not 0. */
static int rec_sale_lines(struct imp *im, const cJSON *arr, const struct sale_rec *s,
			  long long sale_id, long long orig_id)
{
	const cJSON *lo;
	int r;

	if (!arr || !cJSON_IsArray(arr))
		return imp_fail(im, POS_ERR_INVALID, tr("field \"%s\" must be a list"), "lines");
	cJSON_ArrayForEach(lo, arr) {
		struct line_rec l;
		long long line_id = 0;

		if (!cJSON_IsObject(lo))
			return imp_fail(im, POS_ERR_INVALID, tr("field \"%s\" must be a list of objects"),
					"lines");
		if ((r = get_str(im, lo, "product", 1, l.product, sizeof(l.product))) ||
		    (r = get_str(im, lo, "sku", 1, l.sku, sizeof(l.sku))) ||
		    (r = get_str(im, lo, "name", 1, l.name, sizeof(l.name))) ||
		    (r = get_str(im, lo, "unit", 0, l.unit, sizeof(l.unit))) ||
		    (r = get_int(im, lo, "line_no", 1, 1, 100000, &l.line_no, NULL)) ||
		    (r = get_int(im, lo, "stars", 0, 0, 5, &l.stars, NULL)) ||
		    (r = get_int(im, lo, "qty_milli", 1, 1, JSON_INT_MAX, &l.q, NULL)) ||
		    (r = get_int(im, lo, "list_price", 1, 0, JSON_INT_MAX, &l.list, NULL)) ||
		    (r = get_int(im, lo, "unit_price", 1, 0, JSON_INT_MAX, &l.unit_price, NULL)) ||
		    (r = get_int(im, lo, "discount", 0, 0, JSON_INT_MAX, &l.disc, NULL)) ||
		    (r = get_int(im, lo, "amount", 1, 0, JSON_INT_MAX, &l.amount, NULL)) ||
		    (r = get_int(im, lo, "vat_rate", 1, -1, 10, &l.rate, NULL)) ||
		    (r = get_int(im, lo, "vat", 1, 0, JSON_INT_MAX, &l.vat, NULL)) ||
		    (r = get_int(im, lo, "cost", 0, -JSON_INT_MAX, JSON_INT_MAX, &l.cost, NULL)) ||
		    (r = get_int(im, lo, "commission", 0, -JSON_INT_MAX, JSON_INT_MAX, &l.com, NULL)) ||
		    (r = get_int(im, lo, "original_line", 0, 1, 100000, &l.orig_line, &l.has_orig)))
			return r;
		im->inv.nlines++;
		im->inv.line_amount += l.amount;
		im->inv.line_vat += l.vat;
		im->inv.line_discount += l.disc;
		if (im->verify) {
			char msg[256];

			if (saleinv_line_vat(s->receipt_no, l.line_no, l.amount, (int)l.rate, l.vat, msg,
					     sizeof(msg)))
				return imp_fail(im, POS_ERR_REFUSED, tr("refused: %s"), msg);
		}
		if (sale_id && writing(im))
			wrote(im, sale_line_write(im, &l, s, sale_id, orig_id, &line_id));
		if ((r = rec_line_lots(im, member(im, lo, "lots"), line_id,
				       s->uuid)))
			return r;
	}
	return 0;
}

static int rec_payments(struct imp *im, const cJSON *arr, long long sale_id)
{
	const cJSON *p;
	int r, rc;

	if (!arr || cJSON_IsNull(arr))
		return 0;
	if (!cJSON_IsArray(arr))
		return imp_fail(im, POS_ERR_INVALID, tr("field \"%s\" must be a list"), "payments");
	cJSON_ArrayForEach(p, arr) {
		char method[16], ref[128];
		long long amount, tendered, change;
		sqlite3_stmt *st;

		if (!cJSON_IsObject(p))
			return imp_fail(im, POS_ERR_INVALID, tr("field \"%s\" must be a list of objects"),
					"payments");
		if ((r = get_str(im, p, "method", 1, method, sizeof(method))) ||
		    (r = get_str(im, p, "reference", 0, ref, sizeof(ref))) ||
		    (r = get_int(im, p, "amount", 1, 1, JSON_INT_MAX, &amount, NULL)) ||
		    (r = get_int(im, p, "tendered", 0, 0, JSON_INT_MAX, &tendered, NULL)) ||
		    (r = get_int(im, p, "change", 0, 0, JSON_INT_MAX, &change, NULL)))
			return r;
		if (strcmp(method, "cash") && strcmp(method, "qr") && strcmp(method, "card") &&
		    strcmp(method, "wallet"))
			return imp_fail(im, POS_ERR_INVALID, tr("unknown payment method \"%s\""), method);
		im->inv.payments += amount;
		/* said after the document's totals, in the order of db check */
		if (im->verify && !strcmp(method, "cash") && im->kind && !strcmp(im->kind, "sale") &&
		    !im->change_msg[0] &&
		    change != tendered - amount)    /* the payment without rounding, else with */
			saleinv_cash_change(im->receipt_no, amount, tendered, change,
					    im->cash_rounding, im->change_msg, sizeof(im->change_msg));
		if (!sale_id || !writing(im))
			continue;
		if ((r = imp_prepare(im, "INSERT INTO payment (sale_id, method, amount, tendered,"
				    " change, reference) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &st))) {
			write_failed(im, r);
			continue;
		}
		sqlite3_bind_int64(st, 1, sale_id);
		sqlite3_bind_text(st, 2, method, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, amount);
		sqlite3_bind_int64(st, 4, tendered);
		sqlite3_bind_int64(st, 5, change);
		sqlite3_bind_text(st, 6, ref, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			write_failed(im, db_err(im, "saving a payment"));
			continue;
		}
		im->res->rows++;
	}
	return 0;
}

static int cmp_vrun(const void *pa, const void *pb)
{
	const struct vrun *a = pa, *b = pb;

	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return a->b < b->b ? -1 : a->b > b->b;
}

/* Sort each series' runs and join the adjacent ones: the runs left (all series). */
static size_t series_compact(struct imp *im)
{
	size_t i, k, j;

	im->nruns = 0;
	for (i = 0; i < im->nseries; i++) {
		struct vseries *v = &im->series[i];

		if (v->nruns > 1)
			qsort(v->runs, v->nruns, sizeof(*v->runs), cmp_vrun);
		for (k = j = 0; k < v->nruns; k++)
			if (j && v->runs[j - 1].b + 1 == v->runs[k].a)
				v->runs[j - 1].b = v->runs[k].b;
			else
				v->runs[j++] = v->runs[k];
		v->nruns = j;
		im->nruns += j;
	}
	return im->nruns;
}

/* Mark hub sale id as met in the file: *again = 1 when it was met before. */
static int hub_seen(struct imp *im, long long id, int *again)
{
	size_t page = (size_t)((unsigned long long)id >> 16), bit = (size_t)(id & 0xffff);

	if (page >= im->nseen) {
		size_t n = page + 1 > im->nseen * 2 ? page + 1 : im->nseen * 2;
		unsigned char **p = realloc(im->seen, n * sizeof(*p));

		if (!p)
			return imp_fail(im, POS_ERR_NO_MEM, "out of memory");
		memset(p + im->nseen, 0, (n - im->nseen) * sizeof(*p));
		im->seen = p;
		im->nseen = n;
	}
	if (!im->seen[page] && !(im->seen[page] = calloc(1, 0x10000 / 8)))
		return imp_fail(im, POS_ERR_NO_MEM, "out of memory");
	*again = im->seen[page][bit / 8] >> (bit % 8) & 1;
	im->seen[page][bit / 8] = (unsigned char)(im->seen[page][bit / 8] | 1 << (bit % 8));
	return 0;
}

/* Sale s met twice (the first time as the hub's sale id): kept to be said
 * with the checks of the whole file (verify_written). */
static int sale_twice(struct imp *im, const struct sale_rec *s, long long id)
{
	sqlite3_stmt *st;
	char first[64] = "";
	int r;

	if (im->dup)
		return 0;
	if ((r = imp_prepare(im, "SELECT receipt_no, seq FROM sale WHERE id = ?1", &st)))
		return r;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		VN_COPY(first, db_col_text(st, 0));
	sqlite3_reset(st);
	im->dup = 1;
	VN_COPY(im->dup_uuid, s->uuid);
	/* in the order of their numbers, as the receipts are listed */
	if (strcmp(first, s->receipt_no) <= 0) {
		VN_COPY(im->dup_a, first);
		VN_COPY(im->dup_b, s->receipt_no);
	} else {
		VN_COPY(im->dup_a, s->receipt_no);
		VN_COPY(im->dup_b, first);
	}
	return 0;
}

/* The number of new sale s in its series (register, year, refunds). */
static int series_add(struct imp *im, const struct sale_rec *s)
{
	int refunds = strcmp(s->kind, "sale") != 0, year = atoi(s->date);
	struct vseries *v = im->nseries ? &im->series[im->last_series] : NULL;
	struct vrun *run;

	if (!v || v->year != year || v->refunds != refunds || strcmp(v->reg, s->reg)) {
		char key[40];
		long long idx;

		snprintf(key, sizeof(key), "%s\x1f%d\x1f%d", s->reg, year, refunds);
		if (!strmap_get(&im->series_idx, key, &idx)) {
			if (im->nseries >= VSERIES_MAX ||
			    POS_GROW(im->series, im->capseries, im->nseries + 1))
				return imp_fail(im, POS_ERR_NO_MEM, "out of memory");
			idx = (long long)im->nseries;
			if (strmap_put(&im->series_idx, key, idx))
				return imp_fail(im, POS_ERR_NO_MEM, "out of memory");
			v = &im->series[im->nseries++];
			memset(v, 0, sizeof(*v));
			VN_COPY(v->reg, s->reg);
			v->year = year;
			v->refunds = refunds;
		}
		im->last_series = (size_t)idx;
		v = &im->series[idx];
	}
	if (s->seq > v->max)
		v->max = s->seq;
	if (v->nruns && v->runs[v->nruns - 1].b + 1 == s->seq) {
		v->runs[v->nruns - 1].b++;
		return 0;
	}
	if (im->nruns >= VRUNS_MAX && series_compact(im) >= VRUNS_MAX / 2)
		return imp_fail(im, POS_ERR_REFUSED, tr("refused: the receipt numbers of %s are too "
							"far out of order to be checked"),
				im->h.showroom);
	if (POS_GROW(v->runs, v->cap, v->nruns + 1))
		return imp_fail(im, POS_ERR_NO_MEM, "out of memory");
	run = &v->runs[v->nruns++];
	run->a = run->b = s->seq;
	im->nruns++;
	return 0;
}

/*
 * Sale s at the hub (import_in_tx): the same sale met before (in the
 * file or at the hub) is skipped, *id = 0; a new one is counted in its
 * series and written (*id, and its original's *orig_id).  A write that
 * fails leaves *id = 0 (write_failed).
 */
static int sale_head(struct imp *im, const struct sale_rec *s, long long *id, long long *orig_id)
{
	sqlite3_stmt *st;
	long long found;
	int r, rc, again = 0;

	*id = *orig_id = 0;
	if (im->porig[0] && !strcmp(s->uuid, im->porig))
		im->porig_seen = 1;
	if ((r = find_sale(im, s->uuid, &found)))
		return write_failed(im, r);
	if (found && found <= im->sale_wm) {        /* at the hub before this file */
		im->res->sales_skipped++;
		if ((r = hub_seen(im, found, &again)))
			return r;
		return again ? sale_twice(im, s, found) : 0;
	}
	if (found)                                  /* earlier in this file */
		return sale_twice(im, s, found);
	if ((r = series_add(im, s)) || !writing(im))
		return r;
	if (s->original[0]) {
		if ((r = find_sale(im, s->original, orig_id)))
			return write_failed(im, r);
		if (!*orig_id) {
			/* later in the file (said as below, after every check) or nowhere
			 * (said with the checks of the whole file: verify_written) */
			VN_COPY(im->porig, s->original);
			VN_COPY(im->porig_receipt, s->receipt_no);
			return write_failed(im, imp_fail(im, POS_ERR_REFUSED,
				tr("%s %s refers to sale %s, which the hub does not have: "
				   "import the earlier files of %s first"), s->kind, s->receipt_no,
				s->original, im->h.showroom));
		}
	}
	if ((r = imp_prepare(im, "INSERT INTO sale (uuid, kind, receipt_no, showroom, register, seq,"
			    " original_sale_id, at, business_date, gross, discount, total, vat, reason,"
			    " cash_rounding) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
			    " ?13, ?14, ?15)", &st)))
		return write_failed(im, r);
	sqlite3_bind_text(st, 1, s->uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, s->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, s->receipt_no, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, im->h.showroom, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, s->reg, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, s->seq);
	if (*orig_id)
		sqlite3_bind_int64(st, 7, *orig_id);
	sqlite3_bind_text(st, 8, s->at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, s->date, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 10, s->gross);
	sqlite3_bind_int64(st, 11, s->discount);
	sqlite3_bind_int64(st, 12, s->total);
	sqlite3_bind_int64(st, 13, s->vat);
	sqlite3_bind_text(st, 14, s->reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 15, s->cash_rounding);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		/* (a receipt number the hub holds already: the numbering refuses it) */
		*orig_id = 0;
		return write_failed(im, db_err(im, "saving a sale"));
	}
	*id = db_last_id(im->db);
	im->res->rows++;
	return 0;
}

static int rec_sale(struct imp *im, const cJSON *o)
{
	struct sale_rec s;
	long long id = 0, orig_id = 0;
	int r;

	memset(&s, 0, sizeof(s));
	if ((r = get_str(im, o, "uuid", 1, s.uuid, sizeof(s.uuid))) ||
	    (r = get_str(im, o, "kind", 1, s.kind, sizeof(s.kind))) ||
	    (r = get_str(im, o, "receipt_no", 1, s.receipt_no, sizeof(s.receipt_no))) ||
	    (r = get_str(im, o, "register", 1, s.reg, sizeof(s.reg))) ||
	    (r = get_str(im, o, "original", 0, s.original, sizeof(s.original))) ||
	    (r = get_str(im, o, "at", 1, s.at, sizeof(s.at))) ||
	    (r = get_str(im, o, "business_date", 1, s.date, sizeof(s.date))) ||
	    (r = get_str(im, o, "reason", 0, s.reason, sizeof(s.reason))) ||
	    (r = check_ts(im, "at", s.at)) || (r = check_date(im, "business_date", s.date, 1)) ||
	    (r = get_int(im, o, "seq", 1, 0, JSON_INT_MAX, &s.seq, NULL)) ||
	    (r = get_int(im, o, "gross", 1, 0, JSON_INT_MAX, &s.gross, NULL)) ||
	    (r = get_int(im, o, "discount", 0, 0, JSON_INT_MAX, &s.discount, NULL)) ||
	    (r = get_int(im, o, "total", 1, 0, JSON_INT_MAX, &s.total, NULL)) ||
	    (r = get_int(im, o, "vat", 1, 0, JSON_INT_MAX, &s.vat, NULL)) ||
	    (r = get_int(im, o, "cash_rounding", 0, -5000, 5000, &s.cash_rounding, NULL)))
		return r;
	if (!uuid_valid(s.uuid))
		return imp_fail(im, POS_ERR_INVALID, tr("\"%s\" is not a UUID"), s.uuid);
	if (strcmp(s.kind, "sale") && strcmp(s.kind, "refund") && strcmp(s.kind, "void"))
		return imp_fail(im, POS_ERR_INVALID, tr("unknown sale kind \"%s\""), s.kind);
	if (!strcmp(s.kind, "sale") != !s.original[0])
		return imp_fail(im, POS_ERR_INVALID, "%s",
				tr("a refund or void must name its original sale, a sale must not"));
	if (s.original[0] && !uuid_valid(s.original))
		return imp_fail(im, POS_ERR_INVALID, tr("\"%s\" is not a UUID"), s.original);
	memset(&im->inv, 0, sizeof(im->inv));
	im->inv.receipt_no = s.receipt_no;
	im->inv.gross = s.gross;
	im->inv.discount = s.discount;
	im->inv.total = s.total;
	im->inv.vat = s.vat;
	im->kind = s.kind;
	im->receipt_no = s.receipt_no;
	im->change_msg[0] = '\0';
	im->cash_rounding = s.cash_rounding;
	if (im->verify && (r = verify_sale_head(im, &s)))
		return r;
	if (im->db && (r = sale_head(im, &s, &id, &orig_id)))
		return r;
	if ((r = rec_sale_lines(im, member(im, o, "lines"), &s, id, orig_id)) ||
	    (r = rec_payments(im, member(im, o, "payments"), id)))
		return r;
	if (im->verify) {
		char msg[256];

		if (saleinv_document(&im->inv, msg, sizeof(msg)))
			return imp_fail(im, POS_ERR_REFUSED, tr("refused: %s"), msg);
		if (im->change_msg[0])
			return imp_fail(im, POS_ERR_REFUSED, tr("refused: %s"), im->change_msg);
	}
	if (id && writing(im))
		im->res->sales_added++;
	return 0;
}

static const char *const move_kinds[] = {
	"receive", "sale", "refund", "void", "adjust", "count", "transfer_out", "transfer_in",
	"return_to_producer",
};

static int move_write(struct imp *im, long long rid, const char *sku, const char *lot_no,
		      const char *kind, const char *reason, const char *doc, const char *sale,
		      const char *at, const char *date, long long q, long long line_no);

static int rec_move(struct imp *im, const cJSON *o)
{
	char sku[64], lot_no[64], kind[24], reason[256], doc[128], sale[UUID_STR_LEN], at[24],
	     date[16];
	long long rid = 0, q, line_no;
	size_t i;
	int r, has_line, known = 0;

	if ((r = get_int(im, o, "id", 1, 1, JSON_INT_MAX, &rid, NULL)) ||
	    (r = get_str(im, o, "sku", 1, sku, sizeof(sku))) ||
	    (r = get_str(im, o, "lot_no", 1, lot_no, sizeof(lot_no))) ||
	    (r = get_str(im, o, "kind", 1, kind, sizeof(kind))) ||
	    (r = get_str(im, o, "reason", 0, reason, sizeof(reason))) ||
	    (r = get_str(im, o, "doc", 0, doc, sizeof(doc))) ||
	    (r = get_str(im, o, "sale", 0, sale, sizeof(sale))) ||
	    (r = get_str(im, o, "at", 1, at, sizeof(at))) ||
	    (r = get_str(im, o, "business_date", 1, date, sizeof(date))) ||
	    (r = check_ts(im, "at", at)) || (r = check_date(im, "business_date", date, 1)) ||
	    (r = get_int(im, o, "qty_milli", 1, -JSON_INT_MAX, JSON_INT_MAX, &q, NULL)) ||
	    (r = get_int(im, o, "line_no", 0, 1, 100000, &line_no, &has_line)))
		return r;
	if (!q)
		return imp_fail(im, POS_ERR_INVALID, tr("field \"%s\" must not be 0"), "qty_milli");
	for (i = 0; i < sizeof(move_kinds) / sizeof(move_kinds[0]); i++)
		known |= !strcmp(kind, move_kinds[i]);
	if (!known)
		return imp_fail(im, POS_ERR_INVALID, tr("unknown stock move kind \"%s\""), kind);
	if (sale[0] && (!uuid_valid(sale) || !has_line))
		return imp_fail(im, POS_ERR_INVALID, "%s",
				tr("a move of a sale needs the sale's UUID and line_no"));
	if (im->verify) {
		char mid[24];

		snprintf(mid, sizeof(mid), "%lld", rid);
		if ((r = verify_date(im, tr("stock move"), mid, date)))
			return r;
	}
	return writing(im) ? wrote(im, move_write(im, rid, sku, lot_no, kind, reason, doc, sale, at,
						  date, q, line_no)) : 0;
}

static int move_write(struct imp *im, long long rid, const char *sku, const char *lot_no,
		      const char *kind, const char *reason, const char *doc, const char *sale,
		      const char *at, const char *date, long long q, long long line_no)
{
	long long lot_id, product_id, line_id = 0;
	sqlite3_stmt *st;
	int r, rc;

	if ((r = imp_prepare(im, "SELECT 1 FROM exchange_move WHERE showroom = ?1 AND"
			    " remote_id = ?2", &st)))
		return r;
	sqlite3_bind_text(st, 1, im->h.showroom, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, rid);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW) {
		im->res->moves_skipped++;
		return 0;
	}
	if (rc != SQLITE_DONE)
		return db_err(im, "looking up a stock move");
	if ((r = find_lot(im, sku, lot_no, &lot_id, &product_id)))
		return r;
	if (!lot_id)
		return imp_fail(im, POS_ERR_INVALID,
				tr("stock move %lld is in lot %s of %s, which the file does not "
				   "describe"), rid, lot_no, sku);
	if (sale[0]) {
		/* the sale's line in one look-up (no cache of every sale: memory
		 * stays flat whatever the number of sales) */
		if ((r = imp_prepare(im, "SELECT sl.id FROM sale s JOIN sale_line sl ON sl.sale_id = s.id"
				     " WHERE s.showroom = ?1 AND s.uuid = ?2 AND sl.line_no = ?3", &st)))
			return r;
		sqlite3_bind_text(st, 1, im->h.showroom, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, sale, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, line_no);
		if ((r = step_id(im, st, "looking up a sale line", &line_id)))
			return r;
		if (!line_id)
			return imp_fail(im, POS_ERR_INVALID,
					tr("stock move %lld belongs to line %lld of sale %s, which the "
					   "hub does not have"), rid, line_no, sale);
	}
	if ((r = imp_prepare(im, "INSERT INTO stock_move (lot_id, product_id, qty_milli, kind,"
			    " reason, doc, sale_line_id, at, business_date)"
			    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", &st)))
		return r;
	sqlite3_bind_int64(st, 1, lot_id);
	sqlite3_bind_int64(st, 2, product_id);
	sqlite3_bind_int64(st, 3, q);
	sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, doc, -1, SQLITE_STATIC);
	if (line_id)
		sqlite3_bind_int64(st, 7, line_id);
	else
		sqlite3_bind_null(st, 7);
	sqlite3_bind_text(st, 8, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, date, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_err(im, "saving a stock move");
	if ((r = imp_prepare(im, "INSERT INTO exchange_move (showroom, remote_id, move_id)"
			    " VALUES (?1, ?2, ?3)", &st)))
		return r;
	sqlite3_bind_text(st, 1, im->h.showroom, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, rid);
	sqlite3_bind_int64(st, 3, db_last_id(im->db));
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_err(im, "saving a stock move");
	im->res->moves_added++;
	im->res->rows += 2;
	return 0;
}

/* A record holding \u0000, a key twice or a direction override is
 * refused with its line (jsonstrict.h). */
static int strict(struct imp *im, const cJSON *o, const char *line, size_t len)
{
	char why[160];
	size_t off;

	if (jsonstrict_nul(line, len, &off))
		return imp_fail(im, POS_ERR_INVALID, tr("column %zu: a NUL character (\\u0000) "
				"inside a text is not allowed"), off + 1);
	if (jsonstrict_tree(o, why, sizeof(why)))
		return imp_fail(im, POS_ERR_INVALID, "%s", why);
	return 0;
}

/* The header (first line). */
static int parse_header(struct imp *im, const char *line, size_t len)
{
	struct batch_header *h = &im->h;
	cJSON *o = cJSON_ParseWithLength(line, len);
	const cJSON *p, *c;
	char fmt[64];
	long long v;
	size_t i;
	int r;

	im->line = 1;
	im->cur_o = NULL;                        /* (o may have the address of one freed) */
	if (o && cJSON_IsObject(o) && (r = strict(im, o, line, len))) {
		cJSON_Delete(o);
		return r;
	}
	if (!o || !cJSON_IsObject(o)) {
		cJSON_Delete(o);
		return imp_fail(im, POS_ERR_INVALID, "%s",
				tr("not an ocop-pos exchange file (the first line is not its header)"));
	}
	memset(h, 0, sizeof(*h));
	if ((r = get_str(im, o, "format", 1, fmt, sizeof(fmt))))
		goto done;
	if (strcmp(fmt, BATCH_FORMAT)) {
		r = imp_fail(im, POS_ERR_INVALID, tr("not an ocop-pos exchange file (format \"%s\")"),
			     fmt);
		goto done;
	}
	if ((r = get_int(im, o, "version", 1, 1, JSON_INT_MAX, &v, NULL)))
		goto done;
	im->version = (int)(v < BATCH_VERSION ? v : BATCH_VERSION);
	if (v > BATCH_VERSION) {
		r = imp_fail(im, POS_ERR_VERSION,
			     tr("exchange file version %lld is newer than this ocop-pos reads (%d): "
				"update ocop-pos"), v, BATCH_VERSION);
		goto done;
	}
	if ((r = get_str(im, o, "showroom", 1, h->showroom, sizeof(h->showroom))) ||
	    (r = get_str(im, o, "name", 1, h->name, sizeof(h->name))) ||
	    (r = get_str(im, o, "province", 1, h->province, sizeof(h->province))) ||
	    (r = get_str(im, o, "created", 1, h->created, sizeof(h->created))) ||
	    (r = check_ts(im, "created", h->created)) ||
	    (r = get_int(im, o, "sequence", 1, 1, JSON_INT_MAX, &h->sequence, NULL)) ||
	    (r = get_int(im, o, "continues", 1, 0, h->sequence - 1, &h->continues, NULL)))
		goto done;
	for (i = 0; h->showroom[i]; i++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.",
			    h->showroom[i])) {
			r = imp_fail(im, POS_ERR_INVALID, tr("\"%s\" is not a showroom code"), h->showroom);
			goto done;
		}
	p = cJSON_GetObjectItemCaseSensitive(o, "period");
	if (!cJSON_IsObject(p)) {
		r = imp_fail(im, POS_ERR_INVALID, tr("field \"%s\" must be an object"), "period");
		goto done;
	}
	if ((r = get_str(im, p, "from", 1, h->from, sizeof(h->from))) ||
	    (r = get_str(im, p, "to", 1, h->to, sizeof(h->to))) ||
	    (r = check_date(im, "from", h->from, 1)) || (r = check_date(im, "to", h->to, 1)))
		goto done;
	c = cJSON_GetObjectItemCaseSensitive(o, "counts");
	if (!cJSON_IsObject(c)) {
		r = imp_fail(im, POS_ERR_INVALID, tr("field \"%s\" must be an object"), "counts");
		goto done;
	}
	if ((r = get_int(im, c, "producers", 1, 0, JSON_INT_MAX, &h->producers, NULL)) ||
	    (r = get_int(im, c, "products", 1, 0, JSON_INT_MAX, &h->products, NULL)) ||
	    (r = get_int(im, c, "lots", 1, 0, JSON_INT_MAX, &h->lots, NULL)) ||
	    (r = get_int(im, c, "sales", 1, 0, JSON_INT_MAX, &h->sales, NULL)) ||
	    (r = get_int(im, c, "moves", 1, 0, JSON_INT_MAX, &h->moves, NULL)))
		goto done;
done:
	cJSON_Delete(o);
	return r;
}

/*
 * Split data into the signed part and the signature: the file must end
 * with "\n" and its last line be {"signature":"..."}.
 */
/* ---- import: reading a file line by line ---------------------------------- */

/*
 * An exchange file being read: from memory (batch_check, batch_verify,
 * batch_import_data) or from a file, one line at a time.  Only the signed
 * part is served as lines (bytes [0, n): the header and the records); the
 * signature line is split off when the source is opened.  Every byte
 * served is fed to ss when it is set.
 */
#define BATCH_LINE_MAX ((size_t)16 << 20)   /* a longer line is refused */
#define TAIL_MAX 4096                        /* the signature line is shorter */
#define SRC_NOT_SEEKABLE (-1)                /* src_file: read it whole instead */

struct src {
	FILE *f;                         /* NULL: data[0..n) */
	const char *data;
	size_t n;                        /* bytes before the signature line */
	size_t pos;                      /* bytes served */
	struct bytebuf line;             /* file: the line being read */
	struct sign_stream *ss;
	char sig[SIGN_SIG_B64];
	char tail[TAIL_MAX];             /* the signature line with its "\n" */
	size_t ntail;
};

/*
 * The signature line: t[0..nt) is the end of the file (all of it when
 * whole); it must end with "\n" and its last line be {"signature":"..."}.
 * *start: where that line begins in t.
 */
static int split_signature(struct imp *im, const char *t, size_t nt, int whole, size_t *start,
			   char sig[SIGN_SIG_B64])
{
	size_t i;
	cJSON *o;
	const cJSON *s;
	int r = 0;

	if (nt == 0)
		return imp_fail(im, POS_ERR_INVALID, "%s", tr("the file is empty"));
	if (memchr(t, '\0', nt))
		return imp_fail(im, POS_ERR_INVALID, "%s",
				tr("not an exchange file: it holds binary data"));
	if (t[nt - 1] != '\n')
		return imp_fail(im, POS_ERR_INVALID, "%s",
				tr("the file is truncated (it does not end with its signature): "
				   "copy it again from the showroom"));
	for (i = nt - 1; i > 0 && t[i - 1] != '\n'; i--)
		;
	if (i == 0 && whole)
		return imp_fail(im, POS_ERR_INVALID, "%s",
				tr("not an ocop-pos exchange file (the first line is not its header)"));
	o = i == 0 ? NULL : cJSON_ParseWithLength(t + i, nt - i);
	s = o ? cJSON_GetObjectItemCaseSensitive(o, "signature") : NULL;
	if (!cJSON_IsString(s) || !s->valuestring || strlen(s->valuestring) != SIGN_SIG_B64 - 1 ||
	    cJSON_GetArraySize(o) != 1)
		r = imp_fail(im, POS_ERR_INVALID, "%s",
			     tr("the file is truncated (it does not end with its signature): copy "
				"it again from the showroom"));
	else
		memcpy(sig, s->valuestring, SIGN_SIG_B64);
	cJSON_Delete(o);
	*start = i;
	return r;
}

static int src_mem(struct imp *im, struct src *s, const char *data, size_t n)
{
	size_t start;
	int r;

	memset(s, 0, sizeof(*s));
	if (n && memchr(data, '\0', n))
		return imp_fail(im, POS_ERR_INVALID, "%s",
				tr("not an exchange file: it holds binary data"));
	if ((r = split_signature(im, data, n, 1, &start, s->sig)))
		return r;
	s->data = data;
	s->n = start;
	s->ntail = n - start < TAIL_MAX ? n - start : 0;
	memcpy(s->tail, data + start, s->ntail);
	return 0;
}

/* Open path: its signature line read from its end.  Not a regular file:
 * SRC_NOT_SEEKABLE with nothing said (the caller reads it whole). */
static int src_file(struct imp *im, struct src *s, const char *path)
{
	struct stat sb;
	size_t nt, start;
	off_t size;
	int r;

	memset(s, 0, sizeof(*s));
	bytebuf_init(&s->line);
	s->f = fopen(path, "rb");
	if (!s->f)
		return pos_fail(im->err, errno == ENOENT ? POS_ERR_NOT_FOUND : POS_ERR_IO,
				tr("cannot read %s: %s"), path, strerror(errno));
	if (fstat(fileno(s->f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
		fclose(s->f);
		s->f = NULL;
		return SRC_NOT_SEEKABLE;
	}
	size = sb.st_size;
	nt = size < TAIL_MAX ? (size_t)size : TAIL_MAX;
	if (fseeko(s->f, size - (off_t)nt, SEEK_SET) != 0 || fread(s->tail, 1, nt, s->f) != nt ||
	    fseeko(s->f, 0, SEEK_SET) != 0)
		return pos_fail(im->err, POS_ERR_IO, tr("cannot read %s: %s"), path, strerror(errno));
	if ((r = split_signature(im, s->tail, nt, nt == (size_t)size, &start, s->sig)))
		return r;
	s->n = (size_t)size - (nt - start);
	memmove(s->tail, s->tail + start, nt - start);
	s->ntail = nt - start;
	return 0;
}

static void src_close(struct src *s)
{
	if (s->f)
		fclose(s->f);
	s->f = NULL;
	bytebuf_release(&s->line);
}

static int src_rewind(struct imp *im, struct src *s)
{
	s->pos = 0;
	if (s->f && fseeko(s->f, 0, SEEK_SET) != 0)
		return imp_fail(im, POS_ERR_IO, tr("cannot read %s: %s"), im->name, strerror(errno));
	return 0;
}

/*
 * The next line of the signed part into *line, *len (without its "\n"):
 * 1, or 0 at its end, or an error (im->err set).
 */
static int src_next(struct imp *im, struct src *s, const char **line, size_t *len)
{
	const char *nl;

	if (s->pos >= s->n)
		return 0;
	if (!s->f) {
		*line = s->data + s->pos;
		nl = memchr(*line, '\n', s->n - s->pos);
		*len = nl ? (size_t)(nl - *line) : s->n - s->pos;
	} else {
		char chunk[65536];

		bytebuf_reset(&s->line);
		for (;;) {
			size_t want = s->n - s->pos - s->line.len, k;

			if (!want)
				break;
			if (!fgets(chunk, (int)(want + 1 < sizeof(chunk) ? want + 1 : sizeof(chunk)),
				   s->f))
				return imp_fail(im, POS_ERR_INVALID, "%s",
						tr("the file is truncated (it does not end with its "
						   "signature): copy it again from the showroom"));
			k = strlen(chunk);
			bytebuf_put(&s->line, chunk, k);
			if (s->line.failed)
				return imp_fail(im, POS_ERR_NO_MEM, "out of memory");
			if (s->line.len > BATCH_LINE_MAX)
				return imp_fail(im, POS_ERR_INVALID,
						tr("a line is longer than %zu MB"), BATCH_LINE_MAX >> 20);
			if (k && chunk[k - 1] == '\n')
				break;
			if (k + 1 < sizeof(chunk) && k < want) /* a NUL byte cut the chunk */
				return imp_fail(im, POS_ERR_INVALID, "%s",
						tr("not an exchange file: it holds binary data"));
		}
		*line = (const char *)s->line.data;
		*len = s->line.len;
		if (*len && (*line)[*len - 1] == '\n')
			(*len)--;
	}
	if (s->ss)
		sign_stream_update(s->ss, *line, *len + (s->pos + *len < s->n));
	s->pos += *len + 1;
	if (s->f && memchr(*line, '\0', *len))
		return imp_fail(im, POS_ERR_INVALID, "%s",
				tr("not an exchange file: it holds binary data"));
	return 1;
}

/* Walk the records of s after its header line (s at the start of the file). */
static int walk(struct imp *im, struct src *s)
{
	static const char *const types[N_TYPES] = { "producer", "product", "lot", "sale", "move" };
	const long long expect[N_TYPES] = { im->h.producers, im->h.products, im->h.lots,
					    im->h.sales, im->h.moves };
	const char *line;
	size_t len;
	int r, t;

	im->line = 1;
	if ((r = src_next(im, s, &line, &len)) <= 0)      /* the header, parsed already */
		return r < 0 ? r : imp_fail(im, POS_ERR_INVALID, "%s", tr("the file is empty"));
	while ((r = src_next(im, s, &line, &len)) > 0) {
		cJSON *o;
		char type[16];

		im->line++;
		o = cJSON_ParseWithLength(line, len);
		im->cur_o = NULL;                /* (o may have the address of one freed) */
		if (!o || !cJSON_IsObject(o)) {
			cJSON_Delete(o);
			return imp_fail(im, POS_ERR_INVALID, "%s", tr("not a JSON object"));
		}
		if ((r = strict(im, o, line, len))) {
			cJSON_Delete(o);
			return r;
		}
		if ((r = get_str(im, o, "type", 1, type, sizeof(type)))) {
			cJSON_Delete(o);
			return r;
		}
		for (t = 0; t < N_TYPES && strcmp(type, types[t]); t++)
			;
		switch (t) {
		case N_PRODUCERS: r = rec_producer(im, o); break;
		case N_PRODUCTS: r = rec_product(im, o); break;
		case N_LOTS: r = rec_lot(im, o); break;
		case N_SALES: r = rec_sale(im, o); break;
		case N_MOVES: r = rec_move(im, o); break;
		default:
			r = imp_fail(im, POS_ERR_INVALID, tr("unknown record type \"%s\""), type);
		}
		if (!r && im->verify && im->hub && im->hub->record) {
			struct pos_error e;

			if ((r = im->hub->record(im->hub->ctx, types[t], o, &e)))
				r = imp_fail(im, r, "%s", pos_error_text(&e));
		}
		cJSON_Delete(o);
		if (r)
			return r;
		im->n[t]++;
	}
	if (r < 0)
		return r;
	im->line = 0;
	for (t = 0; t < N_TYPES; t++)
		if (im->n[t] != expect[t])
			return imp_fail(im, POS_ERR_INVALID,
					tr("the header announces %lld %s records but the file has "
					   "%lld: it is incomplete or was altered"), expect[t], types[t],
					im->n[t]);
	return 0;
}

/* Sales by series (register, year, refunds), then number. */
static int cmp_vsale_key(const struct imp *im, const struct vsale *a, const struct vsale *b)
{
	int c = a->reg == b->reg ? 0 : strcmp(im->regs[a->reg], im->regs[b->reg]);

	if (c)
		return c;
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	return a->refunds - b->refunds;
}

static const struct imp *sort_im;    /* qsort has no context argument */

static int cmp_vsale(const void *pa, const void *pb)
{
	const struct vsale *a = pa, *b = pb;
	int c = cmp_vsale_key(sort_im, a, b);

	return c ? c : a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Ask the hub which sales of the file it holds, VERIFY_CHUNK at a time. */
#define VERIFY_CHUNK 4096

static int verify_at_hub(struct imp *im, const struct batch_hub *hub)
{
	char (*txt)[UUID_STR_LEN] = malloc(VERIFY_CHUNK * sizeof(*txt));
	const char **u = malloc(VERIFY_CHUNK * sizeof(*u));
	int *f = malloc(VERIFY_CHUNK * sizeof(*f));
	struct pos_error e;
	size_t i, k, n;
	int r = 0;

	if (!txt || !u || !f) {
		r = imp_fail(im, POS_ERR_NO_MEM, "out of memory");
		goto out;
	}
	for (i = 0; i < im->nvs && !r; i += n) {
		n = im->nvs - i < VERIFY_CHUNK ? im->nvs - i : VERIFY_CHUNK;
		for (k = 0; k < n; k++) {
			vsale_uuid(&im->vs[i + k], txt[k]);
			u[k] = txt[k];
		}
		if ((r = hub->has_sales(hub->ctx, im->h.showroom, u, n, f, &e)))
			r = imp_fail(im, r, "%s", pos_error_text(&e));
		for (k = 0; !r && k < n; k++)
			im->vs[i + k].at_hub = (uint8_t)(f[k] != 0);
	}
out:
	free(txt);
	free(u);
	free(f);
	return r;
}

/* What needs the whole file or the hub: each UUID once, originals of refunds, numbering. */
static int verify_hub(struct imp *im, const struct batch_hub *hub)
{
	char a[96], b[96], uuid[UUID_STR_LEN];
	struct pos_error e;
	size_t i, j;
	int r, found;

	im->line = 0;
	/* each UUID once */
	if (im->nvs > 1)
		qsort(im->vs, im->nvs, sizeof(*im->vs), cmp_vsale_uuid);
	for (i = 1; i < im->nvs; i++)
		if (!memcmp(im->vs[i - 1].uuid, im->vs[i].uuid, 16) &&
		    im->vs[i - 1].upper == im->vs[i].upper) {
			vsale_uuid(&im->vs[i], uuid);
			vsale_receipt(im, &im->vs[i - 1], a, sizeof(a));
			vsale_receipt(im, &im->vs[i], b, sizeof(b));
			return imp_fail(im, POS_ERR_REFUSED,
					tr("refused: sale %s appears twice in the file (receipts %s "
					   "and %s)"), uuid, a, b);
		}
	if ((r = verify_at_hub(im, hub)))
		return r;
	/* the original of each new refund: in the file or at the hub */
	for (i = 0; i < im->nvs; i++) {
		const struct vuuid *o;
		struct vsale key;
		const char *po = uuid;

		if (!im->vs[i].orig || im->vs[i].at_hub)
			continue;
		o = &im->origs[im->vs[i].orig - 1];
		memset(&key, 0, sizeof(key));
		memcpy(key.uuid, o->b, 16);
		key.upper = o->upper;
		{
			size_t lo = 0, hi = im->nvs;

			while (lo < hi) {      /* the first sale whose UUID is not below o's */
				size_t mid = lo + (hi - lo) / 2;
				int c = memcmp(im->vs[mid].uuid, key.uuid, 16);

				if (c < 0 || (c == 0 && im->vs[mid].upper < key.upper))
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo < im->nvs && !memcmp(im->vs[lo].uuid, key.uuid, 16) &&
			    im->vs[lo].upper == key.upper)
				continue;
		}
		uuid_unpack(o->b, o->upper, uuid);
		if ((r = hub->has_sales(hub->ctx, im->h.showroom, &po, 1, &found, &e)))
			return imp_fail(im, r, "%s", pos_error_text(&e));
		if (!found) {
			vsale_receipt(im, &im->vs[i], a, sizeof(a));
			return imp_fail(im, POS_ERR_REFUSED,
					tr("%s %s refers to sale %s, which the hub does not have from "
					   "%s: import the earlier files of %s first"), "receipt", a, uuid,
					im->h.showroom, im->h.showroom);
		}
	}
	/* numbering: the new sales of each series continue the hub's */
	for (i = j = 0; i < im->nvs; i++)
		if (!im->vs[i].at_hub)
			im->vs[j++] = im->vs[i];
	im->nvs = j;
	sort_im = im;
	if (im->nvs > 1)
		qsort(im->vs, im->nvs, sizeof(*im->vs), cmp_vsale);
	for (i = 0; i < im->nvs; i = j) {
		long long last = 0, next;
		const char *reg = im->regs[im->vs[i].reg];

		if ((r = hub->last_seq(hub->ctx, im->h.showroom, reg, im->vs[i].year,
				       im->vs[i].refunds, &last, &e)))
			return imp_fail(im, r, "%s", pos_error_text(&e));
		for (j = i, next = last + 1; j < im->nvs && !cmp_vsale_key(im, &im->vs[i], &im->vs[j]);
		     j++, next++)
			if (im->vs[j].seq != next) {
				vsale_receipt(im, &im->vs[j], a, sizeof(a));
				return imp_fail(im, POS_ERR_REFUSED,
						tr("refused: receipts of %s-%s %d %s must go on from "
						   "number %lld, but the file has %s (a gap or a repeat)"),
						im->h.showroom, reg, im->vs[i].year,
						im->vs[i].refunds ? tr("(refunds and voids)") : tr("(sales)"),
						next, a);
			}
	}
	return 0;
}

static int cmp_vseries(const void *pa, const void *pb)
{
	const struct vseries *a = pa, *b = pb;
	int c = strcmp(a->reg, b->reg);

	if (c)
		return c;
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	return a->refunds - b->refunds;
}

/*
 * verify_hub for the import, which wrote the file's new sales as it read
 * them (import_in_tx): a sale met twice (sale_head), the original of a
 * refund that is neither in the file nor at the hub, and the numbering:
 * the new numbers of each series, in order, continue the hub's counter
 * (which this import has not touched yet) without a gap or a repeat --
 * the same verdict and message as verify_hub's sorted list, from runs.
 */
static int verify_written(struct imp *im, const struct batch_hub *hub)
{
	char a[96];
	struct pos_error e;
	size_t i, k;
	int r;

	im->line = 0;
	if (im->dup)
		return imp_fail(im, POS_ERR_REFUSED,
				tr("refused: sale %s appears twice in the file (receipts %s and %s)"),
				im->dup_uuid, im->dup_a, im->dup_b);
	if (im->porig[0] && !im->porig_seen)
		return imp_fail(im, POS_ERR_REFUSED,
				tr("%s %s refers to sale %s, which the hub does not have from %s: "
				   "import the earlier files of %s first"), "receipt", im->porig_receipt,
				im->porig, im->h.showroom, im->h.showroom);
	series_compact(im);
	if (im->nseries > 1)
		qsort(im->series, im->nseries, sizeof(*im->series), cmp_vseries);
	im->last_series = 0;
	strmap_release(&im->series_idx);   /* (indexes changed: series_add is done) */
	for (i = 0; i < im->nseries; i++) {
		const struct vseries *v = &im->series[i];
		long long last = 0, next, bad = 0;

		if (!v->nruns)
			continue;
		if ((r = hub->last_seq(hub->ctx, im->h.showroom, v->reg, v->year, v->refunds, &last,
				       &e)))
			return imp_fail(im, r, "%s", pos_error_text(&e));
		/* sorted, the numbers are next, next + 1, ... until the first run that
		 * does not start where the previous one ended */
		for (k = 0, next = last + 1; k < v->nruns && !bad; k++) {
			if (v->runs[k].a == next)
				next = v->runs[k].b + 1;
			else if (v->runs[k].a > next || k == 0)
				bad = v->runs[k].a;      /* a gap (or below the hub's counter) */
			else
				next = (bad = v->runs[k].a) + 1;   /* a repeat */
		}
		if (bad) {
			snprintf(a, sizeof(a), "%s-%s-%04d-%s%06lld", im->h.showroom, v->reg, v->year,
				 v->refunds ? "R" : "", bad);
			return imp_fail(im, POS_ERR_REFUSED,
					tr("refused: receipts of %s-%s %d %s must go on from "
					   "number %lld, but the file has %s (a gap or a repeat)"),
					im->h.showroom, v->reg, v->year,
					v->refunds ? tr("(refunds and voids)") : tr("(sales)"), next, a);
		}
	}
	return 0;
}

static void imp_release(struct imp *im)
{
	size_t i;

	for (i = 0; i < im->nseries; i++)
		free(im->series[i].runs);
	free(im->series);
	im->series = NULL;
	im->nseries = im->capseries = im->last_series = im->nruns = 0;
	strmap_release(&im->series_idx);
	for (i = 0; i < im->nseen; i++)
		free(im->seen[i]);
	free(im->seen);
	im->seen = NULL;
	im->nseen = 0;
	free(im->vs);
	im->vs = NULL;
	im->nvs = im->capvs = 0;
	free(im->origs);
	im->origs = NULL;
	im->norigs = im->caporigs = 0;
	free(im->regs);
	im->regs = NULL;
	im->nregs = im->capregs = im->last_reg = 0;
	strmap_release(&im->producers);
	strmap_release(&im->products);
	strmap_release(&im->lots);
	while (im->nq > 0)
		sqlite3_finalize(im->q[--im->nq].st);
}

/* The key the hub registered for the file's showroom, into pk. */
static int hub_key(struct imp *im, const struct batch_hub *hub, char pk[SIGN_PUBKEY_B64])
{
	struct pos_error e;
	int r = hub->key(hub->ctx, im->h.showroom, pk, SIGN_PUBKEY_B64, &e);

	if (r == POS_ERR_NOT_FOUND)
		return imp_fail(im, r, tr("showroom %s is not registered here: register its key "
					  "with `ocop-pos showroom register %s --key KEY` (the key "
					  "is what `ocop-pos showroom key` prints there)"),
				im->h.showroom, im->h.showroom);
	if (r)
		return imp_fail(im, r, "%s", pos_error_text(&e));
	return 0;
}

/* The result r of a signature check (e: its message) said for the file. */
static int signature_said(struct imp *im, int r, const struct pos_error *e)
{
	if (r == POS_ERR_REFUSED)
		return imp_fail(im, r, tr("the signature does not match: the file was changed "
					  "after showroom %s wrote it, or another key signed it. "
					  "Nothing was imported"), im->h.showroom);
	if (r)
		return imp_fail(im, r, "%s", pos_error_text(e));
	return 0;
}

/* The header (first line) of s into im->h; s is at its start again after. */
static int src_header(struct imp *im, struct src *s)
{
	const char *line;
	size_t len;
	int r = src_next(im, s, &line, &len);

	if (r <= 0)
		return r < 0 ? r : imp_fail(im, POS_ERR_INVALID, "%s",
					    tr("not an ocop-pos exchange file (the first line is not "
					       "its header)"));
	if ((r = parse_header(im, line, len)))
		return r;
	im->line = 0;
	return src_rewind(im, s);
}

/*
 * The first pass over s (its header in im->h): nothing is written.  The
 * signature; then seq (when given: the hub's sequence checks, which may
 * end the import with *done, e.g. the same file again); the period; every
 * record (figures, dates, owners: im->verify); then what needs the whole
 * file or the hub.  A version-2 file is hashed while it is walked, and a
 * record's problem is said only once the signature is known good: a
 * tampered file is always refused for its signature.  im->sha receives
 * the SHA-256 of the whole file when seq is given (an import here; "" for
 * batch_verify, whose hub hashes the file itself).
 */
static int verify_pass(struct imp *im, struct src *s, const struct batch_hub *hub,
		       int (*seq)(struct imp *im, void *ctx, int *done), void *ctx, int *done)
{
	struct sign_stream ss;
	struct pos_error werr, e, *keep = im->err;
	char pk[SIGN_PUBKEY_B64];
	const char *line;
	size_t len;
	int r, wr, stream = im->version >= 2;

	*done = 0;
	if ((r = hub_key(im, hub, pk)))
		return r;
	sign_stream_init(&ss);
	ss.no_sha256 = !seq;             /* batch_verify: the hub hashes the file itself */
	if (!stream) {
		/* version 1: Ed25519 over the signed bytes, which are in memory */
		if (s->f)
			return imp_fail(im, POS_ERR_INVALID, "version 1 files are read whole");
		r = sign_verify_key(pk, im->h.showroom, s->data, s->n, s->sig, &e);
		if ((r = signature_said(im, r, &e)))
			return r;
		sign_sha256_hex(s->data, s->n + s->ntail, im->sha);
	}
	if ((r = src_rewind(im, s)))
		return r;
	memset(im->n, 0, sizeof(im->n));
	im->verify = 1;
	im->hub = hub;
	im->err = &werr;
	s->ss = stream ? &ss : NULL;
	wr = walk(im, s);
	im->err = keep;
	while (wr && stream && (r = src_next(im, s, &line, &len)) > 0)
		;                                /* hash the rest: the signature speaks first */
	s->ss = NULL;
	im->line = 0;
	if (wr && stream && r < 0)
		return r;
	if (stream) {
		sign_stream_tail(&ss, s->tail, s->ntail);
		sign_stream_sha256_hex(&ss, im->sha);
		r = sign_stream_verify_key(&ss, pk, im->h.showroom, s->sig, &e);
		if ((r = signature_said(im, r, &e)))
			return r;
	}
	im->line = 0;
	if (seq && ((r = seq(im, ctx, done)) || *done))
		return r;
	if (strcmp(im->h.from, im->h.to) > 0)
		return imp_fail(im, POS_ERR_REFUSED, tr("refused: the file's period %s to %s ends "
							 "before it begins"), im->h.from, im->h.to);
	if (strcmp(im->h.to, im->today) > 0)
		return imp_fail(im, POS_ERR_REFUSED,
				tr("refused: the file's period ends %s, after today (%s): the "
				   "showroom's clock is wrong or the file was altered"), im->h.to,
				im->today);
	if (wr) {
		if (im->err)
			*im->err = werr;
		return wr;
	}
	if (!im->db)
		return verify_hub(im, hub);
	if ((r = verify_written(im, hub)))
		return r;
	if (im->wfail) {                 /* said last, as the former second reading did */
		if (im->err)
			*im->err = im->wmsg;
		return im->wcode;
	}
	return 0;
}

static void imp_start(struct imp *im, struct batch_result *res, const char *name,
		      struct pos_error *err)
{
	memset(im, 0, sizeof(*im));
	memset(res, 0, sizeof(*res));
	im->name = name ? name : tr("exchange file");
	im->err = err;
	im->res = res;
	clock_local_date(clock_now(), im->today);
}

int batch_verify(const char *data, size_t n, const char *name, const struct batch_hub *hub,
		 struct batch_header *out, struct pos_error *err)
{
	struct batch_result res;
	struct imp im;
	struct src s;
	int r, done;

	imp_start(&im, &res, name, err);
	if (!(r = src_mem(&im, &s, data, n)) && !(r = src_header(&im, &s)))
		r = verify_pass(&im, &s, hub, NULL, NULL, &done);
	imp_release(&im);
	src_close(&s);
	if (!r && out)
		*out = im.h;
	return r;
}

/* Check the structure of the opened s (batch_check). */
static int check_src(struct imp *im, struct src *s, struct batch_header *out)
{
	int r;

	if (!(r = src_header(im, s)))
		r = walk(im, s);
	imp_release(im);
	src_close(s);
	if (!r && out)
		*out = im->h;
	return r;
}

int batch_check(const char *data, size_t n, struct batch_header *out, struct pos_error *err)
{
	struct batch_result res;
	struct imp im;
	struct src s;
	int r;

	imp_start(&im, &res, NULL, err);
	if ((r = src_mem(&im, &s, data, n)))
		return r;
	return check_src(&im, &s, out);
}

/* The same for the file at path (an export read back), line by line. */
static int batch_check_file(const char *path, struct pos_error *err)
{
	struct batch_result res;
	struct imp im;
	struct src s;
	int r;

	imp_start(&im, &res, path, err);
	if ((r = src_file(&im, &s, path))) {
		src_close(&s);
		return r == SRC_NOT_SEEKABLE ? pos_fail(err, POS_ERR_IO, tr("cannot read %s"), path)
					     : r;
	}
	return check_src(&im, &s, NULL);
}

int batch_header_of(const char *data, size_t n, const char *name, struct batch_header *out,
		    struct pos_error *err)
{
	struct batch_result res;
	struct imp im;
	const char *nl = memchr(data, '\n', n);
	int r;

	memset(&im, 0, sizeof(im));
	memset(&res, 0, sizeof(res));
	im.name = name ? name : tr("exchange file");
	im.err = err;
	im.res = &res;
	if (!n)
		return imp_fail(&im, POS_ERR_INVALID, "%s", tr("the file is empty"));
	r = parse_header(&im, data, nl ? (size_t)(nl - data) : n);
	if (!r)
		*out = im.h;
	return r;
}

int batch_peek(const char *path, struct batch_header *out, struct pos_error *err)
{
	struct batch_result res;
	struct imp im;
	char line[8192];
	FILE *f = fopen(path, "rb");
	int r;

	if (!f)
		return pos_fail(err, errno == ENOENT ? POS_ERR_NOT_FOUND : POS_ERR_IO,
				tr("cannot read %s: %s"), path, strerror(errno));
	memset(&im, 0, sizeof(im));
	memset(&res, 0, sizeof(res));
	im.name = path;
	im.err = err;
	im.res = &res;
	if (!fgets(line, sizeof(line), f)) {
		fclose(f);
		return imp_fail(&im, POS_ERR_INVALID, "%s", tr("the file is empty"));
	}
	fclose(f);
	r = parse_header(&im, line, strcspn(line, "\n"));
	if (!r)
		*out = im.h;
	return r;
}

static int upsert_showroom(struct imp *im)
{
	sqlite3_stmt *st;
	int r, rc;

	if ((r = db_prepare(im->db, "INSERT INTO showroom (code, name, province, is_local, created_at)"
			    " VALUES (?1, ?2, ?3, 0, ?4) ON CONFLICT(code) DO UPDATE SET"
			    " name = excluded.name, province = excluded.province WHERE is_local = 0",
			    &st, im->err)))
		return r;
	sqlite3_bind_text(st, 1, im->h.showroom, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, im->h.name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, im->h.province, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, im->now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_err(im, "saving the showroom");
}

/* ---- the SQLite hub as the verifier sees it ------------------------------ */

static int sq_key(void *ctx, const char *showroom, char *out, size_t n, struct pos_error *err)
{
	char pk[SIGN_PUBKEY_B64];
	int r = sign_registered_key(ctx, showroom, pk, err);

	if (!r)
		snprintf(out, n, "%s", pk);
	return r;
}

static int sq_has_sales(void *ctx, const char *showroom, const char *const *uuids, size_t n,
			int *found, struct pos_error *err)
{
	sqlite3_stmt *st;
	size_t i;
	int r = db_prepare(ctx, "SELECT 1 FROM sale WHERE showroom = ?1 AND uuid = ?2", &st, err),
	    rc;

	if (r)
		return r;
	for (i = 0; i < n; i++) {
		sqlite3_bind_text(st, 1, showroom, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, uuids[i], -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return db_fail(ctx, err, "looking up a sale");
		found[i] = rc == SQLITE_ROW;
	}
	return 0;
}

static int sq_last_seq(void *ctx, const char *showroom, const char *reg, int year, int refunds,
		       long long *last, struct pos_error *err)
{
	sqlite3_stmt *st;
	int r = db_prepare(ctx, "SELECT last FROM doc_counter WHERE showroom = ?1 AND register = ?2"
			   " AND year = ?3 AND kind = ?4", &st, err), rc;

	if (r)
		return r;
	sqlite3_bind_text(st, 1, showroom, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, reg, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, year);
	sqlite3_bind_text(st, 4, refunds ? "refund" : "sale", -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*last = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(ctx, err, "reading receipt numbers");
	return 0;
}

struct import_args {
	struct imp *im;
	struct batch_hub *sq;
	struct src *s;
	struct batch_result *res;
};

/* The file's place in its showroom's sequence (verify_pass's seq). */
static int import_seq(struct imp *im, void *ctx, int *done)
{
	struct import_args *a = ctx;
	char old_sha[SIGN_SHA256_HEX] = "";
	sqlite3_stmt *st;
	long long last = 0;
	int r, rc;

	if ((r = db_prepare(a->sq->ctx, "SELECT sha256 FROM batch_in WHERE showroom = ?1 AND"
			    " seq = ?2", &st, im->err)))
		return r;
	sqlite3_bind_text(st, 1, im->h.showroom, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, im->h.sequence);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		VN_COPY(old_sha, db_col_text(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(a->sq->ctx, im->err, "reading the imported files");
	if (old_sha[0]) {
		if (strcmp(old_sha, im->sha) == 0) {
			a->res->already = 1;    /* the same file again: nothing to write */
			*done = 1;
			return 0;
		}
		return imp_fail(im, POS_ERR_REFUSED,
				tr("a different file %lld from %s was imported already: this one was "
				   "made later from the same database state or another database; "
				   "nothing was imported"), im->h.sequence, im->h.showroom);
	}
	if ((r = db_prepare(a->sq->ctx, "SELECT coalesce(max(seq), 0) FROM batch_in WHERE"
			    " showroom = ?1", &st, im->err)))
		return r;
	sqlite3_bind_text(st, 1, im->h.showroom, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		last = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (im->h.sequence <= last)
		return imp_fail(im, POS_ERR_REFUSED,
				tr("out of sequence: file %lld from %s is older than file %lld already "
				   "imported, which holds its sales; nothing was imported"),
				im->h.sequence, im->h.showroom, last);
	if (im->h.continues && im->h.continues != last)
		return imp_fail(im, POS_ERR_REFUSED,
				tr("out of sequence: file %lld from %s continues file %lld, but the last "
				   "file imported from %s is %lld: import files %lld to %lld first"),
				im->h.sequence, im->h.showroom, im->h.continues, im->h.showroom, last,
				last + 1, im->h.continues);
	return 0;
}

#define IMPORT_ALREADY 1000     /* import_in_tx: the same file again, nothing to keep */

/*
 * One reading of the file in one write transaction: each record is
 * checked and, once checked, written (the hub's sales as they were before
 * the import are told apart by their ids: sale_wm); what needs the whole
 * file -- the signature at its end, its sequence, each UUID once, the
 * numbering -- is checked after the last line, and a file refused for any
 * reason rolls the whole transaction back: nothing of it is committed, as
 * nothing of it was written before.  The hub's receipt counters are moved
 * once per series at the end, after the numbering was checked against them.
 */
static int import_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct import_args *a = ctx;
	struct imp *im = a->im;
	struct src *s = a->s;
	sqlite3_stmt *st;
	size_t i;
	int r, rc, done;

	im->db = db;
	clock_format_utc(clock_now(), im->now);
	snprintf(im->source, sizeof(im->source), "exchange:%s#%lld", im->h.showroom, im->h.sequence);
	if ((r = db_prepare(db, "SELECT coalesce(max(id), 0) FROM sale", &st, err)))
		return r;
	rc = sqlite3_step(st);
	im->sale_wm = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, err, "reading the sales");
	if ((r = upsert_showroom(im)))
		return r;
	if ((r = verify_pass(im, s, a->sq, import_seq, a, &done)))
		return r;
	if (done)
		return IMPORT_ALREADY;   /* rolled back: the showroom's row too */
	for (i = 0; i < im->nseries; i++) {
		const struct vseries *v = &im->series[i];

		if (!v->nruns)
			continue;
		/* the hub keeps each register's counter too: the next file continues it */
		if ((r = imp_prepare(im, "INSERT INTO doc_counter (showroom, register, year, kind,"
				    " last) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (showroom, register,"
				    " year, kind) DO UPDATE SET last = max(last, excluded.last)", &st)))
			return r;
		sqlite3_bind_text(st, 1, im->h.showroom, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, v->reg, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, v->year);
		sqlite3_bind_text(st, 4, v->refunds ? "refund" : "sale", -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, v->max);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return db_err(im, "numbering a sale");
	}
	if ((r = db_prepare(db, "INSERT INTO batch_in (showroom, seq, sha256, imported_at, sales)"
			    " VALUES (?1, ?2, ?3, ?4, ?5)", &st, err)))
		return r;
	sqlite3_bind_text(st, 1, im->h.showroom, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, im->h.sequence);
	sqlite3_bind_text(st, 3, im->sha, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, im->now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, a->res->sales_added);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_err(im, "recording the import");
	a->res->rows++;
	return 0;
}

/*
 * One importer at a time: an exclusive flock() on "<database>.import",
 * taken before the write transaction and held until it ends (or, taken
 * with batch_queue, until batch_unqueue).  A second importer waits for it
 * (waiting(ctx) is told once) instead of running into SQLite's busy
 * timeout during a long import; readers are never blocked (WAL).
 */
static int queue_fd = -1;            /* this process holds the lock (batch_queue) */

static int import_lock(struct db *db, void (*waiting)(void *ctx), void *wctx, int *fd,
		       struct pos_error *err)
{
	const char *path = db_path(db);
	char p[4096];

	*fd = -1;
	if (queue_fd >= 0 || !path || !path[0] || !strcmp(path, ":memory:"))
		return 0;
	if (snprintf(p, sizeof(p), "%s.import", path) >= (int)sizeof(p))
		return 0;
	*fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (*fd < 0)
		return pos_fail(err, POS_ERR_IO, tr("cannot write %s: %s"), p, strerror(errno));
	if (flock(*fd, LOCK_EX | LOCK_NB) == 0)
		return 0;
	if (errno == EWOULDBLOCK && waiting)
		waiting(wctx);
	while (flock(*fd, LOCK_EX) != 0)
		if (errno != EINTR) {
			pos_fail(err, POS_ERR_IO, tr("cannot lock %s: %s"), p, strerror(errno));
			close(*fd);
			*fd = -1;
			return POS_ERR_IO;
		}
	return 0;
}

int batch_queue(struct db *db, void (*waiting)(void *ctx), void *ctx, struct pos_error *err)
{
	int fd, r;

	if (queue_fd >= 0)
		return 0;
	if (!(r = import_lock(db, waiting, ctx, &fd, err)))
		queue_fd = fd;
	return r;
}

void batch_unqueue(void)
{
	if (queue_fd >= 0)
		close(queue_fd);
	queue_fd = -1;
}

/* Import the opened s (its header not read yet). */
static int import_src(struct db *db, struct imp *im, struct src *s, void (*waiting)(void *ctx),
		      void *wctx, struct batch_result *out)
{
	struct showroom local;
	struct batch_hub sq = { db, sq_key, sq_has_sales, sq_last_seq, NULL };
	struct import_args a;
	struct pos_error *err = im->err;
	int r, hub = 0, fd;

	im->db = db;
	if ((r = showroom_local(db, &local, err)) || (r = batch_is_hub(db, &hub, err)))
		return r;
	if (!hub)
		return pos_fail(err, POS_ERR_REFUSED,
				tr("%s is a showroom database: exchange files are imported at the "
				   "province hub (a database made with `ocop-pos init "
				   "--province-hub`)"), db_path(db));
	if ((r = src_header(im, s)))
		return r;
	im->res->h = im->h;
	if (!strcmp(im->h.showroom, local.code))
		return imp_fail(im, POS_ERR_REFUSED, tr("the file comes from %s, this hub's own "
							"code"), im->h.showroom);
	a.im = im;
	a.sq = &sq;
	a.s = s;
	a.res = im->res;
	if ((r = import_lock(db, waiting, wctx, &fd, err)))
		return r;
	r = db_tx(db, DB_TX_WRITE, import_in_tx, &a, err);
	if (fd >= 0)
		close(fd);                   /* releases the lock */
	if (r == IMPORT_ALREADY) {
		r = 0;
		memset(im->res, 0, sizeof(*im->res));
		im->res->already = 1;
		im->res->h = im->h;
	}
	if (r == 0 && !im->res->already)
		im->res->h = im->h;
	if (r == 0 && out)
		*out = *im->res;
	return r;
}

int batch_import_data(struct db *db, const char *data, size_t n, const char *name,
		      struct batch_result *out, struct pos_error *err)
{
	struct batch_result res;
	struct imp im;
	struct src s;
	int r;

	imp_start(&im, &res, name, err);
	if (!(r = src_mem(&im, &s, data, n)))
		r = import_src(db, &im, &s, NULL, NULL, out);
	imp_release(&im);
	src_close(&s);
	return r;
}

int batch_import_wait(struct db *db, const char *path, void (*waiting)(void *ctx), void *ctx,
		      struct batch_result *out, struct pos_error *err)
{
	struct batch_result res;
	struct imp im;
	struct src s;
	char *data = NULL;
	size_t n = 0;
	int r;

	imp_start(&im, &res, path, err);
	r = src_file(&im, &s, path);
	/* version 2 is read line by line; version 1 (signed whole) and pipes are read whole */
	if (!r && !(r = src_header(&im, &s)) && im.version >= 2) {
		r = import_src(db, &im, &s, waiting, ctx, out);
		imp_release(&im);
		src_close(&s);
		return r;
	}
	src_close(&s);
	if (r && r != SRC_NOT_SEEKABLE)
		return r;
	if ((r = fileio_read(path, BATCH_FILE_MAX, &data, &n, err)))
		return r;
	imp_start(&im, &res, path, err);
	if (!(r = src_mem(&im, &s, data, n)))
		r = import_src(db, &im, &s, waiting, ctx, out);
	imp_release(&im);
	src_close(&s);
	free(data);
	return r;
}

int batch_import(struct db *db, const char *path, struct batch_result *out,
		 struct pos_error *err)
{
	return batch_import_wait(db, path, NULL, NULL, out, err);
}

/* ---- listings ------------------------------------------------------------- */

int batch_showrooms(struct db *db, struct batch_showroom **out, size_t *n,
		    struct pos_error *err)
{
	struct batch_showroom *v = NULL;
	sqlite3_stmt *st;
	size_t cap = 0, cnt = 0;
	int r, rc;

	r = db_prepare(db, "SELECT c.code, coalesce(s.name, ''), coalesce(s.province, ''),"
		       " k.showroom IS NOT NULL, coalesce(b.last, 0), coalesce(b.at, ''),"
		       " coalesce(b.files, 0), coalesce(b.sales, 0)"
		       " FROM (SELECT showroom AS code FROM showroom_key"
		       "  UNION SELECT showroom FROM batch_in) c"
		       " LEFT JOIN showroom s ON s.code = c.code"
		       " LEFT JOIN showroom_key k ON k.showroom = c.code"
		       " LEFT JOIN (SELECT showroom, max(seq) AS last, max(imported_at) AS at,"
		       "  count(*) AS files, sum(sales) AS sales FROM batch_in GROUP BY showroom) b"
		       "  ON b.showroom = c.code ORDER BY c.code", &st, err);
	if (r)
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct batch_showroom *s;

		if (POS_GROW(v, cap, cnt + 1)) {
			r = pos_fail(err, POS_ERR_NO_MEM, tr("out of memory"));
			break;
		}
		s = &v[cnt++];
		memset(s, 0, sizeof(*s));
		VN_COPY(s->code, db_col_text(st, 0));
		VN_COPY(s->name, db_col_text(st, 1));
		VN_COPY(s->province, db_col_text(st, 2));
		s->has_key = sqlite3_column_int(st, 3);
		s->last_seq = sqlite3_column_int64(st, 4);
		VN_COPY(s->last_import, db_col_text(st, 5));
		s->files = sqlite3_column_int64(st, 6);
		s->sales = sqlite3_column_int64(st, 7);
	}
	if (!r && rc != SQLITE_DONE)
		r = db_fail(db, err, "reading the showrooms");
	sqlite3_reset(st);
	if (r) {
		free(v);
		return r;
	}
	*out = v;
	*n = cnt;
	return 0;
}

int batch_exports(struct db *db, struct batch_export_info **out, size_t *n,
		  struct pos_error *err)
{
	struct batch_export_info *v = NULL;
	sqlite3_stmt *st;
	size_t cap = 0, cnt = 0;
	int r, rc;

	r = db_prepare(db, "SELECT seq, created_at, since, until, sha256 FROM batch_out"
		       " ORDER BY seq DESC", &st, err);
	if (r)
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (POS_GROW(v, cap, cnt + 1)) {
			r = pos_fail(err, POS_ERR_NO_MEM, tr("out of memory"));
			break;
		}
		memset(&v[cnt], 0, sizeof(v[cnt]));
		v[cnt].seq = sqlite3_column_int64(st, 0);
		VN_COPY(v[cnt].created, db_col_text(st, 1));
		VN_COPY(v[cnt].from, db_col_text(st, 2));
		VN_COPY(v[cnt].to, db_col_text(st, 3));
		VN_COPY(v[cnt].sha256, db_col_text(st, 4));
		cnt++;
	}
	if (!r && rc != SQLITE_DONE)
		r = db_fail(db, err, "reading the exports");
	sqlite3_reset(st);
	if (r) {
		free(v);
		return r;
	}
	*out = v;
	*n = cnt;
	return 0;
}

