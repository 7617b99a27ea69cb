/*
 * batch.c - exchange files: export at a showroom, import at a province
 * hub (see batch.h for the rules, docs/formats.md for the format).
 *
 * Export builds the whole file in memory -- sales and moves first into
 * one buffer while noting the products, lots and producers they refer to,
 * then those catalogue records into another -- so the header can carry
 * the record counts and the signature can cover the exact bytes written.
 * Each record is one cJSON object printed unformatted: cJSON escapes
 * control characters, so a record never spans two lines.
 *
 * Import reads the file into memory, splits off the signature line,
 * checks the header and the signature, then walks the records in one
 * transaction.  The same walker runs without a database (batch_check,
 * the fuzz target): each handler first extracts and checks every field,
 * and only writes when there is a database.  Look-ups that repeat on
 * every row (SKU -> product, lot, UUID -> sale) go through strmap caches.
 */
#include "batch.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "catalog.h"
#include "clock.h"
#include "db.h"
#include "fileio.h"
#include "i18n.h"
#include "lib/alloc.h"
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

/* ---- growable buffer ------------------------------------------------- */

struct buf {
	char *p;
	size_t n, cap;
	int failed;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 65536;
		char *p;

		while (cap < b->n + n + 1)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			b->failed = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

/* Append o as one line and delete it. */
static void buf_json(struct buf *b, cJSON *o)
{
	char *s = o ? cJSON_PrintUnformatted(o) : NULL;

	if (!s) {
		b->failed = 1;
	} else {
		buf_add(b, s, strlen(s));
		buf_add(b, "\n", 1);
	}
	free(s);
	cJSON_Delete(o);
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

struct exp {
	struct db *db;
	struct buf body;                 /* sales and moves */
	struct ids products, lots, producers;
	long long nsales, nmoves;
	char first_date[11];             /* earliest business date written */
};

static void note_date(struct exp *x, const char *d)
{
	if (d[0] && (!x->first_date[0] || strcmp(d, x->first_date) < 0))
		VN_COPY(x->first_date, d);
}

static void add_str_or_null(cJSON *o, const char *key, const char *s)
{
	if (s && *s)
		cJSON_AddStringToObject(o, key, s);
	else
		cJSON_AddNullToObject(o, key);
}

static int exp_line_lots(struct exp *x, long long line_id, cJSON *line, struct pos_error *err)
{
	sqlite3_stmt *st;
	cJSON *arr = cJSON_AddArrayToObject(line, "lots");
	int r = db_prepare(x->db, "SELECT p.sku, l.lot_no, sll.qty_milli, sll.unit_cost, pr.code,"
			   " sll.commission_bp, sll.lot_id, l.product_id, sll.owner_producer_id"
			   " FROM sale_line_lot sll JOIN lot l ON l.id = sll.lot_id"
			   " JOIN product p ON p.id = l.product_id"
			   " LEFT JOIN producer pr ON pr.id = sll.owner_producer_id"
			   " WHERE sll.sale_line_id = ?1 ORDER BY sll.lot_id", &st, err), rc;

	if (r)
		return r;
	sqlite3_bind_int64(st, 1, line_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "sku", db_col_text(st, 0));
		cJSON_AddStringToObject(o, "lot_no", db_col_text(st, 1));
		cJSON_AddNumberToObject(o, "qty_milli", (double)sqlite3_column_int64(st, 2));
		cJSON_AddNumberToObject(o, "unit_cost", (double)sqlite3_column_int64(st, 3));
		add_str_or_null(o, "owner", db_col_text(st, 4));
		cJSON_AddNumberToObject(o, "commission_bp", sqlite3_column_int(st, 5));
		if (!cJSON_AddItemToArray(arr, o))
			cJSON_Delete(o);   /* no array (out of memory): batch_check refuses the file */
		ids_add(&x->lots, sqlite3_column_int64(st, 6));
		ids_add(&x->products, sqlite3_column_int64(st, 7));
		ids_add(&x->producers, sqlite3_column_int64(st, 8));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(x->db, err, "reading a sale's lots");
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

		cJSON_AddNumberToObject(o, "line_no", sqlite3_column_int(st, 1));
		cJSON_AddStringToObject(o, "product", db_col_text(st, 2));
		cJSON_AddStringToObject(o, "sku", db_col_text(st, 3));
		cJSON_AddStringToObject(o, "name", db_col_text(st, 4));
		cJSON_AddStringToObject(o, "unit", db_col_text(st, 5));
		cJSON_AddNumberToObject(o, "stars", sqlite3_column_int(st, 6));
		cJSON_AddNumberToObject(o, "qty_milli", (double)sqlite3_column_int64(st, 7));
		cJSON_AddNumberToObject(o, "list_price", (double)sqlite3_column_int64(st, 8));
		cJSON_AddNumberToObject(o, "unit_price", (double)sqlite3_column_int64(st, 9));
		cJSON_AddNumberToObject(o, "discount", (double)sqlite3_column_int64(st, 10));
		cJSON_AddNumberToObject(o, "amount", (double)sqlite3_column_int64(st, 11));
		cJSON_AddNumberToObject(o, "vat_rate", sqlite3_column_int(st, 12));
		cJSON_AddNumberToObject(o, "vat", (double)sqlite3_column_int64(st, 13));
		cJSON_AddNumberToObject(o, "cost", (double)sqlite3_column_int64(st, 14));
		cJSON_AddNumberToObject(o, "commission", (double)sqlite3_column_int64(st, 15));
		if (sqlite3_column_type(st, 16) == SQLITE_NULL)
			cJSON_AddNullToObject(o, "original_line");
		else
			cJSON_AddNumberToObject(o, "original_line", sqlite3_column_int(st, 16));
		if (!cJSON_AddItemToArray(arr, o))
			cJSON_Delete(o);   /* no array (out of memory): batch_check refuses the file */
		ids_add(&x->products, sqlite3_column_int64(st, 17));
		note_date(x, db_col_text(st, 18));
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
	sqlite3_stmt *st;
	cJSON *arr = cJSON_AddArrayToObject(sale, "payments");
	int r = db_prepare(x->db, "SELECT method, amount, tendered, change, reference FROM payment"
			   " WHERE sale_id = ?1 ORDER BY id", &st, err), rc;

	if (r)
		return r;
	sqlite3_bind_int64(st, 1, sale_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "method", db_col_text(st, 0));
		cJSON_AddNumberToObject(o, "amount", (double)sqlite3_column_int64(st, 1));
		cJSON_AddNumberToObject(o, "tendered", (double)sqlite3_column_int64(st, 2));
		cJSON_AddNumberToObject(o, "change", (double)sqlite3_column_int64(st, 3));
		cJSON_AddStringToObject(o, "reference", db_col_text(st, 4));
		if (!cJSON_AddItemToArray(arr, o))
			cJSON_Delete(o);   /* no array (out of memory): batch_check refuses the file */
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(x->db, err, "reading a sale's payments");
}

/* Sales with id in (min, max], or from business date since on (<= max). */
static int exp_sales(struct exp *x, long long min, long long max, const char *since,
		     struct pos_error *err)
{
	sqlite3_stmt *st;
	int r, rc;

	r = db_prepare(x->db, "SELECT s.id, s.uuid, s.kind, s.receipt_no, s.register, s.seq,"
		       " o.uuid, s.at, s.business_date, s.gross, s.discount, s.total, s.vat,"
		       " s.reason, e.form, e.series, e.number, e.mtt_code, e.kind, s.cash_rounding"
		       " FROM sale s LEFT JOIN sale o ON o.id = s.original_sale_id"
		       " LEFT JOIN einvoice e ON e.sale_id = s.id"
		       " WHERE s.id <= ?2 AND (s.id > ?1 OR s.business_date >= ?3) ORDER BY s.id",
		       &st, err);
	if (r)
		return r;
	sqlite3_bind_int64(st, 1, min);
	sqlite3_bind_int64(st, 2, max);
	sqlite3_bind_text(st, 3, since, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "type", "sale");
		cJSON_AddStringToObject(o, "uuid", db_col_text(st, 1));
		cJSON_AddStringToObject(o, "kind", db_col_text(st, 2));
		cJSON_AddStringToObject(o, "receipt_no", db_col_text(st, 3));
		cJSON_AddStringToObject(o, "register", db_col_text(st, 4));
		cJSON_AddNumberToObject(o, "seq", (double)sqlite3_column_int64(st, 5));
		add_str_or_null(o, "original", db_col_text(st, 6));
		cJSON_AddStringToObject(o, "at", db_col_text(st, 7));
		cJSON_AddStringToObject(o, "business_date", db_col_text(st, 8));
		note_date(x, db_col_text(st, 8));
		cJSON_AddNumberToObject(o, "gross", (double)sqlite3_column_int64(st, 9));
		cJSON_AddNumberToObject(o, "discount", (double)sqlite3_column_int64(st, 10));
		cJSON_AddNumberToObject(o, "total", (double)sqlite3_column_int64(st, 11));
		cJSON_AddNumberToObject(o, "vat", (double)sqlite3_column_int64(st, 12));
		cJSON_AddStringToObject(o, "reason", db_col_text(st, 13));
		/* cash rounding (sale.h): only when there is one */
		if (sqlite3_column_int64(st, 19))
			cJSON_AddNumberToObject(o, "cash_rounding",
						(double)sqlite3_column_int64(st, 19));
		/* its e-invoice (einvoice.c), so the hub can report invoices per
		 * showroom; null before e-invoicing was set up */
		if (sqlite3_column_type(st, 15) != SQLITE_NULL) {
			cJSON *e = cJSON_AddObjectToObject(o, "einvoice");

			cJSON_AddNumberToObject(e, "form", (double)sqlite3_column_int64(st, 14));
			cJSON_AddStringToObject(e, "series", db_col_text(st, 15));
			if (sqlite3_column_type(st, 16) != SQLITE_NULL)
				cJSON_AddNumberToObject(e, "number",
							(double)sqlite3_column_int64(st, 16));
			else
				cJSON_AddNullToObject(e, "number");
			add_str_or_null(e, "mtt_code", db_col_text(st, 17));
			cJSON_AddStringToObject(e, "kind", db_col_text(st, 18));
		} else {
			cJSON_AddNullToObject(o, "einvoice");
		}
		if ((r = exp_sale_lines(x, id, o, err)) || (r = exp_payments(x, id, o, err))) {
			cJSON_Delete(o);
			sqlite3_reset(st);
			return r;
		}
		buf_json(&x->body, o);
		x->nsales++;
		if (x->body.failed) {
			sqlite3_reset(st);
			return pos_fail(err, POS_ERR_NO_MEM, "out of memory writing the exchange file");
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(x->db, err, "reading the sales");
}

static int exp_moves(struct exp *x, long long min, long long max, const char *since,
		     struct pos_error *err)
{
	sqlite3_stmt *st;
	int r = db_prepare(x->db, "SELECT m.id, p.sku, l.lot_no, m.qty_milli, m.kind, m.reason, m.doc,"
			   " s.uuid, sl.line_no, m.at, m.business_date, m.lot_id, l.product_id,"
			   " l.owner_producer_id"
			   " FROM stock_move m JOIN lot l ON l.id = m.lot_id"
			   " JOIN product p ON p.id = l.product_id"
			   " LEFT JOIN sale_line sl ON sl.id = m.sale_line_id"
			   " LEFT JOIN sale s ON s.id = sl.sale_id"
			   " WHERE m.id <= ?2 AND (m.id > ?1 OR m.business_date >= ?3) ORDER BY m.id",
			   &st, err), rc;

	if (r)
		return r;
	sqlite3_bind_int64(st, 1, min);
	sqlite3_bind_int64(st, 2, max);
	sqlite3_bind_text(st, 3, since, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "type", "move");
		cJSON_AddNumberToObject(o, "id", (double)sqlite3_column_int64(st, 0));
		cJSON_AddStringToObject(o, "sku", db_col_text(st, 1));
		cJSON_AddStringToObject(o, "lot_no", db_col_text(st, 2));
		cJSON_AddNumberToObject(o, "qty_milli", (double)sqlite3_column_int64(st, 3));
		cJSON_AddStringToObject(o, "kind", db_col_text(st, 4));
		cJSON_AddStringToObject(o, "reason", db_col_text(st, 5));
		cJSON_AddStringToObject(o, "doc", db_col_text(st, 6));
		add_str_or_null(o, "sale", db_col_text(st, 7));
		if (sqlite3_column_type(st, 8) == SQLITE_NULL)
			cJSON_AddNullToObject(o, "line_no");
		else
			cJSON_AddNumberToObject(o, "line_no", sqlite3_column_int(st, 8));
		cJSON_AddStringToObject(o, "at", db_col_text(st, 9));
		cJSON_AddStringToObject(o, "business_date", db_col_text(st, 10));
		note_date(x, db_col_text(st, 10));
		ids_add(&x->lots, sqlite3_column_int64(st, 11));
		ids_add(&x->products, sqlite3_column_int64(st, 12));
		ids_add(&x->producers, sqlite3_column_int64(st, 13));
		buf_json(&x->body, o);
		x->nmoves++;
	}
	sqlite3_reset(st);
	if (x->body.failed)
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory writing the exchange file");
	return rc == SQLITE_DONE ? 0 : db_fail(x->db, err, "reading the stock moves");
}

/* The lots, their products' producers, then producers, products, lots as records. */
static int exp_catalog(struct exp *x, struct buf *out, long long counts[3],
		       struct pos_error *err)
{
	sqlite3_stmt *st;
	size_t i;
	int r, rc;

	/* lots first: they add products and owners */
	ids_unique(&x->lots);
	r = db_prepare(x->db, "SELECT p.sku, l.lot_no, l.expiry, l.received_on, l.unit_cost,"
		       " pr.code, l.commission_bp, l.product_id, l.owner_producer_id"
		       " FROM lot l JOIN product p ON p.id = l.product_id"
		       " LEFT JOIN producer pr ON pr.id = l.owner_producer_id WHERE l.id = ?1",
		       &st, err);
	if (r)
		return r;
	{
		struct buf lots = { 0 };

		for (i = 0; i < x->lots.n; i++) {
			cJSON *o;

			sqlite3_bind_int64(st, 1, x->lots.v[i]);
			rc = sqlite3_step(st);
			if (rc != SQLITE_ROW) {
				sqlite3_reset(st);
				free(lots.p);
				return db_fail(x->db, err, "reading a lot");
			}
			o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "type", "lot");
			cJSON_AddStringToObject(o, "sku", db_col_text(st, 0));
			cJSON_AddStringToObject(o, "lot_no", db_col_text(st, 1));
			add_str_or_null(o, "expiry", db_col_text(st, 2));
			cJSON_AddStringToObject(o, "received_on", db_col_text(st, 3));
			cJSON_AddNumberToObject(o, "unit_cost", (double)sqlite3_column_int64(st, 4));
			add_str_or_null(o, "owner", db_col_text(st, 5));
			cJSON_AddNumberToObject(o, "commission_bp", sqlite3_column_int(st, 6));
			ids_add(&x->products, sqlite3_column_int64(st, 7));
			ids_add(&x->producers, sqlite3_column_int64(st, 8));
			sqlite3_reset(st);
			buf_json(&lots, o);
		}
		/* the whole catalogue the showroom offers, sold or not: the hub's
		 * commercialization report flags what never sold */
		r = db_prepare(x->db, "SELECT id FROM product WHERE active = 1", &st, err);
		if (r) {
			free(lots.p);
			return r;
		}
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			ids_add(&x->products, sqlite3_column_int64(st, 0));
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			free(lots.p);
			return db_fail(x->db, err, "reading the catalogue");
		}
		ids_unique(&x->products);
		/* products: their producers */
		for (i = 0; i < x->products.n; i++) {
			struct product p;

			if ((r = catalog_get_id(x->db, x->products.v[i], &p, err))) {
				free(lots.p);
				return r;
			}
			{
				struct producer pr;

				if ((r = producer_get(x->db, p.producer, &pr, err))) {
					free(lots.p);
					return r;
				}
				ids_add(&x->producers, pr.id);
			}
		}
		ids_unique(&x->producers);
		for (i = 0; i < x->producers.n; i++) {
			struct producer pr;
			cJSON *o;

			if ((r = producer_get_id(x->db, x->producers.v[i], &pr, err))) {
				free(lots.p);
				return r;
			}
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
			buf_json(out, o);
		}
		for (i = 0; i < x->products.n; i++) {
			struct product p;
			cJSON *o, *c;

			if ((r = catalog_get_id(x->db, x->products.v[i], &p, err))) {
				free(lots.p);
				return r;
			}
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
			buf_json(out, o);
		}
		buf_add(out, lots.p ? lots.p : "", lots.n);
		free(lots.p);
	}
	counts[0] = (long long)x->producers.n;
	counts[1] = (long long)x->products.n;
	counts[2] = (long long)x->lots.n;
	if (out->failed || x->lots.failed || x->products.failed || x->producers.failed)
		return pos_fail(err, POS_ERR_NO_MEM, "out of memory writing the exchange file");
	return 0;
}

static int write_file(const char *path, const char *data, size_t n, struct pos_error *err)
{
	char tmp[4096];
	FILE *f;
	int ok;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return pos_fail(err, POS_ERR_INVALID, tr("file name too long: %s"), path);
	f = fopen(tmp, "wb");
	if (!f)
		return pos_fail(err, POS_ERR_IO, tr("cannot write %s: %s"), path, strerror(errno));
	ok = fwrite(data, 1, n, f) == n && fflush(f) == 0 && fsync(fileno(f)) == 0;
	if (fclose(f) != 0)
		ok = 0;
	if (!ok || rename(tmp, path) != 0) {
		int e = errno;

		unlink(tmp);
		return pos_fail(err, e == ENOSPC ? POS_ERR_FULL : POS_ERR_IO, tr("cannot write %s: %s"),
				path, strerror(e));
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
	int written;                 /* the file is written: remove it if the commit fails */
};

/* Everything since the last export: read, sign, record and write the file. */
static int export_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct export_args *a = ctx;
	const char *since = a->since, *path = a->path, *pk = a->pk;
	const struct showroom *sr = &a->s;
	int all = a->all;
	struct batch_header h;
	struct exp x;
	struct buf cat = { 0 }, file = { 0 };
	sqlite3_stmt *st;
	char sig[SIGN_SIG_B64], sha[SIGN_SHA256_HEX], since_key[11], today[11];
	long long last_seq = 0, last_sale = 0, last_move = 0, max_sale = 0, max_move = 0,
		  counts[3] = { 0, 0, 0 };
	char last_until[11] = "", jhash[JOURNAL_HASH_LEN];
	long long jseq = 0;
	cJSON *hd, *o;
	int r, rc;

	memset(&x, 0, sizeof(x));
	x.db = db;
	r = db_prepare(db, "SELECT seq, last_sale_id, last_move_id, until FROM batch_out"
		       " ORDER BY seq DESC LIMIT 1", &st, err);
	if (r)
		goto out;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		last_seq = sqlite3_column_int64(st, 0);
		last_sale = sqlite3_column_int64(st, 1);
		last_move = sqlite3_column_int64(st, 2);
		VN_COPY(last_until, db_col_text(st, 3));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		r = db_fail(db, err, "reading the exports");
		goto out;
	}
	if ((r = max_id(db, "SELECT coalesce(max(id), 0) FROM sale", &max_sale, err)) ||
	    (r = max_id(db, "SELECT coalesce(max(id), 0) FROM stock_move", &max_move, err)))
		goto out;
	if (all) {
		last_sale = last_move = 0;
		VN_COPY(since_key, "9999-99-99");
	} else {
		VN_COPY(since_key, since ? since : "9999-99-99");
	}
	if ((r = exp_sales(&x, last_sale, max_sale, since_key, err)) ||
	    (r = exp_moves(&x, last_move, max_move, since_key, err)) ||
	    (r = exp_catalog(&x, &cat, counts, err)))
		goto out;

	memset(&h, 0, sizeof(h));
	VN_COPY(h.showroom, sr->code);
	VN_COPY(h.name, sr->name);
	VN_COPY(h.province, sr->province);
	h.sequence = last_seq + 1;
	h.continues = all ? 0 : last_seq;
	clock_local_date(clock_now(), today);
	if (!all && since)
		VN_COPY(h.from, since);
	else if (!all && last_until[0])
		VN_COPY(h.from, last_until);
	else
		VN_COPY(h.from, x.first_date[0] ? x.first_date : today);
	/* the period covers every record written (a hub refuses a record outside it) */
	if (x.first_date[0] && strcmp(x.first_date, h.from) < 0)
		VN_COPY(h.from, x.first_date);
	VN_COPY(h.to, today);
	if (strcmp(h.from, h.to) > 0)
		VN_COPY(h.from, h.to);
	clock_format_utc(clock_now(), h.created);
	h.producers = counts[0];
	h.products = counts[1];
	h.lots = counts[2];
	h.sales = x.nsales;
	h.moves = x.nmoves;

	hd = cJSON_CreateObject();
	cJSON_AddStringToObject(hd, "format", BATCH_FORMAT);
	cJSON_AddNumberToObject(hd, "version", BATCH_VERSION);
	cJSON_AddStringToObject(hd, "showroom", h.showroom);
	cJSON_AddStringToObject(hd, "name", h.name);
	cJSON_AddStringToObject(hd, "province", h.province);
	cJSON_AddNumberToObject(hd, "sequence", (double)h.sequence);
	cJSON_AddNumberToObject(hd, "continues", (double)h.continues);
	o = cJSON_AddObjectToObject(hd, "period");
	cJSON_AddStringToObject(o, "from", h.from);
	cJSON_AddStringToObject(o, "to", h.to);
	cJSON_AddStringToObject(hd, "created", h.created);
	cJSON_AddStringToObject(hd, "public_key", pk);
	o = cJSON_AddObjectToObject(hd, "counts");
	cJSON_AddNumberToObject(o, "producers", (double)h.producers);
	cJSON_AddNumberToObject(o, "products", (double)h.products);
	cJSON_AddNumberToObject(o, "lots", (double)h.lots);
	cJSON_AddNumberToObject(o, "sales", (double)h.sales);
	cJSON_AddNumberToObject(o, "moves", (double)h.moves);
	/* The fiscal journal's head as this file was written: the hub sees
	 * the chain go on from one file to the next (journal.h). */
	if ((r = journal_head(db, &jseq, jhash, err))) {
		cJSON_Delete(hd);
		goto out;
	}
	o = cJSON_AddObjectToObject(hd, "journal");
	cJSON_AddNumberToObject(o, "seq", (double)jseq);
	cJSON_AddStringToObject(o, "head", jhash);
	buf_json(&file, hd);
	buf_add(&file, cat.p ? cat.p : "", cat.n);
	buf_add(&file, x.body.p ? x.body.p : "", x.body.n);
	if (file.failed) {
		r = pos_fail(err, POS_ERR_NO_MEM, "out of memory writing the exchange file");
		goto out;
	}
	if ((r = sign_data(db, file.p, file.n, sig, err)))
		goto out;
	buf_add(&file, "{\"signature\":\"", 14);
	buf_add(&file, sig, strlen(sig));
	buf_add(&file, "\"}\n", 3);
	if (file.failed) {
		r = pos_fail(err, POS_ERR_NO_MEM, "out of memory writing the exchange file");
		goto out;
	}
	/* a JSON field that could not be added (out of memory) leaves no trace
	 * in cJSON: read the file back before anything claims it is complete */
	if ((r = batch_check(file.p, file.n, NULL, err))) {
		if (r == POS_ERR_INVALID)
			r = pos_fail(err, POS_ERR_NO_MEM, "out of memory writing the exchange file");
		goto out;
	}
	sign_sha256_hex(file.p, file.n, sha);
	r = db_prepare(db, "INSERT INTO batch_out (seq, created_at, since, until, last_sale_id,"
		       " last_move_id, sha256) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &st, err);
	if (r)
		goto out;
	sqlite3_bind_int64(st, 1, h.sequence);
	sqlite3_bind_text(st, 2, h.created, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, h.from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, h.to, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, max_sale);
	sqlite3_bind_int64(st, 6, max_move);
	sqlite3_bind_text(st, 7, sha, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		r = db_fail(db, err, "recording the export");
		goto out;
	}
	if ((r = write_file(path, file.p, file.n, err)))
		goto out;
	a->written = 1;
	a->h = h;
out:
	free(x.body.p);
	free(x.products.v);
	free(x.lots.v);
	free(x.producers.v);
	free(cat.p);
	free(file.p);
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
	if ((r = sign_public_key(db, a.pk, err)))   /* makes the key pair on first use */
		return r;
	r = db_tx(db, DB_TX_WRITE, export_in_tx, &a, err);
	if (r) {
		if (a.written)
			unlink(path);
		return r;
	}
	if (out)
		*out = a.h;
	return 0;
}

/* ---- import: the record walker ------------------------------------------- */

enum { N_PRODUCERS, N_PRODUCTS, N_LOTS, N_SALES, N_MOVES, N_TYPES };

/* A sale of the file as the verifier keeps it (numbering, ownership). */
struct vsale {
	char uuid[UUID_STR_LEN], original[UUID_STR_LEN];
	char reg[16], receipt_no[64];
	int year, refunds;               /* refunds: the refund/void series */
	long long seq;
	int at_hub;
};

struct imp {
	struct db *db;                   /* NULL: check only */
	const char *name;
	long long line;
	struct batch_header h;
	struct batch_result *res;
	struct pos_error *err;
	struct strmap producers, products, lots, sales;
	char source[64];
	char now[CLOCK_TS_LEN];
	long long n[N_TYPES];
	/* verification (batch_verify): documents, dates, ownership */
	int verify;
	char today[CLOCK_DATE_LEN];
	const char *kind;                /* of the sale being read */
	const char *receipt_no;
	struct saleinv inv;              /* its figures, summed while reading */
	char change_msg[256];            /* its first cash payment with wrong change */
	long long cash_rounding;         /* its cash rounding (sale.h) */
	struct vsale *vs;
	size_t nvs, capvs;
	struct strmap uuids;             /* uuid -> index in vs */
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

static int get_str(struct imp *im, const cJSON *o, const char *key, int required, char *out,
		   size_t n)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
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
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
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

/* Keep a found id (not 0) in the import's cache m under key. */
static int remember(struct imp *im, struct strmap *m, const char *key, long long id)
{
	if (id && strmap_put(m, key, id))
		return imp_fail(im, POS_ERR_NO_MEM, "out of memory");
	return 0;
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
	if ((r = db_prepare(im->db, sql, &st, im->err)))
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
	if ((r = db_prepare(im->db, "SELECT id FROM lot WHERE product_id = ?1 AND lot_no = ?2",
			    &st, im->err)))
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
	if (strmap_get(&im->sales, uuid, id))
		return 0;
	if ((r = db_prepare(im->db, "SELECT id FROM sale WHERE showroom = ?1 AND uuid = ?2", &st,
			    im->err)))
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
	if ((r = db_prepare(im->db, "SELECT id FROM sale_line WHERE sale_id = ?1 AND line_no = ?2",
			    &st, im->err)))
		return r;
	sqlite3_bind_int64(st, 1, sale_id);
	sqlite3_bind_int64(st, 2, line_no);
	return step_id(im, st, "looking up a sale line", id);
}

static int rec_producer(struct imp *im, const cJSON *o)
{
	struct producer p;
	enum producer_kind k;
	char kind[32];
	long long v, id;
	int r, changed;
	struct pos_error e;

	producer_init(&p);
	if ((r = get_str(im, o, "code", 1, p.code, sizeof(p.code))) ||
	    (r = get_str(im, o, "name", 1, p.name, sizeof(p.name))) ||
	    (r = get_str(im, o, "kind", 1, kind, sizeof(kind))) ||
	    (r = get_str(im, o, "province", 1, p.province, sizeof(p.province))) ||
	    (r = get_str(im, o, "commune", 0, p.commune, sizeof(p.commune))) ||
	    (r = get_str(im, o, "tax_code", 0, p.tax_code, sizeof(p.tax_code))))
		return r;
	if ((r = get_int(im, o, "women_led", 0, 0, 1, &v, NULL)))
		return r;
	p.women_led = (int)v;
	if ((r = get_int(im, o, "ethnic_minority_led", 0, 0, 1, &v, NULL)))
		return r;
	p.ethnic_minority_led = (int)v;
	if (producer_kind_parse(kind, &k, NULL))
		return imp_fail(im, POS_ERR_INVALID, tr("unknown producer kind \"%s\""), kind);
	p.kind = k;
	if (!im->db)
		return 0;
	if ((r = find_producer(im, p.code, &id)))
		return r;
	if (id)
		return 0;                        /* the hub's own record wins */
	if (producer_validate(&p, &e) || producer_save(im->db, &p, &changed, &e))
		return imp_fail(im, e.code ? e.code : POS_ERR_INVALID, tr("producer %s: %s"), p.code,
				pos_error_text(&e));
	im->res->producers_added++;
	im->res->rows++;
	if (strmap_put(&im->producers, p.code, p.id))
		return imp_fail(im, POS_ERR_NO_MEM, "out of memory");
	return 0;
}

static int rec_product(struct imp *im, const cJSON *o)
{
	struct product p;
	const cJSON *c;
	struct pos_error e;
	long long v, id;
	int r, changed;

	product_init(&p);
	if ((r = get_str(im, o, "sku", 1, p.sku, sizeof(p.sku))) ||
	    (r = get_str(im, o, "name", 1, p.name, sizeof(p.name))) ||
	    (r = get_str(im, o, "unit", 1, p.unit, sizeof(p.unit))) ||
	    (r = get_str(im, o, "producer", 1, p.producer, sizeof(p.producer))) ||
	    (r = get_str(im, o, "origin_province", 1, p.origin_province, sizeof(p.origin_province))) ||
	    (r = get_str(im, o, "product_set", 0, p.product_set, sizeof(p.product_set))))
		return r;
	if ((r = get_int(im, o, "group", 1, 1, 6, &v, NULL)))
		return r;
	p.ocop_group = (int)v;
	if ((r = get_int(im, o, "stars", 1, 3, 5, &v, NULL)))
		return r;
	p.stars = (int)v;
	if ((r = get_int(im, o, "price", 1, 0, JSON_INT_MAX, &v, NULL)))
		return r;
	p.price = v;
	if ((r = get_int(im, o, "vat_rate", 1, -1, 10, &v, NULL)))
		return r;
	p.vat_rate = (int)v;
	if ((r = get_int(im, o, "shelf_life_days", 0, 0, 100000, &v, NULL)))
		return r;
	p.shelf_life_days = (int)v;
	if ((r = get_int(im, o, "is_service", 0, 0, 1, &v, NULL)))
		return r;
	p.is_service = (int)v;
	c = cJSON_GetObjectItemCaseSensitive(o, "certificate");
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
	if (!im->db)
		return 0;
	if ((r = find_product(im, p.sku, &id)))
		return r;
	if (id)
		return 0;
	if ((r = find_producer(im, p.producer, &id)))
		return r;
	if (!id)
		return imp_fail(im, POS_ERR_INVALID,
				tr("product %s names producer %s, which is neither in the file nor "
				   "at the hub"), p.sku, p.producer);
	if (product_validate(&p, &e) || catalog_save(im->db, &p, im->source, &changed, &e))
		return imp_fail(im, e.code ? e.code : POS_ERR_INVALID, tr("product %s: %s"), p.sku,
				pos_error_text(&e));
	im->res->products_added++;
	im->res->rows++;
	if (strmap_put(&im->products, p.sku, p.id))
		return imp_fail(im, POS_ERR_NO_MEM, "out of memory");
	return 0;
}

static int rec_lot(struct imp *im, const cJSON *o)
{
	char sku[64], lot_no[64], expiry[16], received[16], owner[33], hub_lot[128], key[256];
	long long cost, bp, id, product_id, owner_id = 0;
	sqlite3_stmt *st;
	int r, rc;

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
	if (!im->db)
		return 0;
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
	if ((r = db_prepare(im->db, "INSERT INTO lot (product_id, lot_no, expiry, received_on,"
			    " unit_cost, owner_producer_id, commission_bp, source, created_at)"
			    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", &st, im->err)))
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
	im->res->lots_added++;
	im->res->rows++;
	snprintf(key, sizeof(key), "%s\x1f%s", sku, lot_no);
	if (strmap_put(&im->lots, key, db_last_id(im->db)))
		return imp_fail(im, POS_ERR_NO_MEM, "out of memory");
	return 0;
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
static int verify_sale_head(struct imp *im, const struct sale_rec *s)
{
	char expect[96];
	struct vsale *v;
	long long at;
	int r, refunds = strcmp(s->kind, "sale") != 0;

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
	if (strmap_get(&im->uuids, s->uuid, &at))
		return imp_fail(im, POS_ERR_REFUSED,
				tr("refused: sale %s appears twice in the file (receipts %s and %s)"),
				s->uuid, im->vs[at].receipt_no, s->receipt_no);
	if (im->nvs == im->capvs) {
		size_t cap = im->capvs ? im->capvs * 2 : 256;
		struct vsale *w = realloc(im->vs, cap * sizeof(*w));

		if (!w)
			return imp_fail(im, POS_ERR_NO_MEM, "out of memory");
		im->vs = w;
		im->capvs = cap;
	}
	v = &im->vs[im->nvs];
	memset(v, 0, sizeof(*v));
	VN_COPY(v->uuid, s->uuid);
	VN_COPY(v->original, s->original);
	VN_COPY(v->reg, s->reg);
	VN_COPY(v->receipt_no, s->receipt_no);
	v->year = atoi(s->date);
	v->refunds = refunds;
	v->seq = s->seq;
	if (strmap_put(&im->uuids, s->uuid, (long long)im->nvs))
		return imp_fail(im, POS_ERR_NO_MEM, "out of memory");
	im->nvs++;
	return 0;
}

static int rec_line_lots(struct imp *im, const cJSON *arr, long long line_id, const char *uuid)
{
	const cJSON *lo;
	sqlite3_stmt *st = NULL;
	int r, rc;

	if (!arr || cJSON_IsNull(arr))
		return 0;
	if (!cJSON_IsArray(arr))
		return imp_fail(im, POS_ERR_INVALID, tr("field \"%s\" must be a list"), "lots");
	cJSON_ArrayForEach(lo, arr) {
		char sku[64], lot_no[64], owner[33];
		long long q, cost, bp, lot_id, product_id, owner_id = 0;

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
		if (!im->db)
			continue;
		if ((r = find_lot(im, sku, lot_no, &lot_id, &product_id)))
			return r;
		if (!lot_id)
			return imp_fail(im, POS_ERR_INVALID,
					tr("sale %s takes goods from lot %s of %s, which the file "
					   "does not describe"), uuid, lot_no, sku);
		if (owner[0] && ((r = find_producer(im, owner, &owner_id)) || !owner_id))
			return r ? r : imp_fail(im, POS_ERR_INVALID, tr("lot %s: unknown owner %s"),
						 lot_no, owner);
		if (!st && (r = db_prepare(im->db, "INSERT INTO sale_line_lot (sale_line_id, lot_id,"
					   " qty_milli, unit_cost, owner_producer_id, commission_bp)"
					   " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &st, im->err)))
			return r;
		sqlite3_bind_int64(st, 1, line_id);
		sqlite3_bind_int64(st, 2, lot_id);
		sqlite3_bind_int64(st, 3, q);
		sqlite3_bind_int64(st, 4, cost);
		if (owner_id)
			sqlite3_bind_int64(st, 5, owner_id);
		else
			sqlite3_bind_null(st, 5);
		sqlite3_bind_int64(st, 6, bp);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return db_err(im, "saving a sale line's lot");
		im->res->rows++;
	}
	return 0;
}

static int rec_sale_lines(struct imp *im, const cJSON *arr, const struct sale_rec *s,
			  long long sale_id, long long orig_id)
{
	const cJSON *lo;
	int r, rc;

	if (!arr || !cJSON_IsArray(arr))
		return imp_fail(im, POS_ERR_INVALID, tr("field \"%s\" must be a list"), "lines");
	cJSON_ArrayForEach(lo, arr) {
		char product[64], sku[64], name[256], unit[32];
		long long line_no, stars, q, list, unit_price, disc, amount, rate, vat, cost, com,
			orig_line, product_id, line_id, orig_line_id = 0;
		int has_orig;
		sqlite3_stmt *st;

		if (!cJSON_IsObject(lo))
			return imp_fail(im, POS_ERR_INVALID, tr("field \"%s\" must be a list of objects"),
					"lines");
		if ((r = get_str(im, lo, "product", 1, product, sizeof(product))) ||
		    (r = get_str(im, lo, "sku", 1, sku, sizeof(sku))) ||
		    (r = get_str(im, lo, "name", 1, name, sizeof(name))) ||
		    (r = get_str(im, lo, "unit", 0, unit, sizeof(unit))) ||
		    (r = get_int(im, lo, "line_no", 1, 1, 100000, &line_no, NULL)) ||
		    (r = get_int(im, lo, "stars", 0, 0, 5, &stars, NULL)) ||
		    (r = get_int(im, lo, "qty_milli", 1, 1, JSON_INT_MAX, &q, NULL)) ||
		    (r = get_int(im, lo, "list_price", 1, 0, JSON_INT_MAX, &list, NULL)) ||
		    (r = get_int(im, lo, "unit_price", 1, 0, JSON_INT_MAX, &unit_price, NULL)) ||
		    (r = get_int(im, lo, "discount", 0, 0, JSON_INT_MAX, &disc, NULL)) ||
		    (r = get_int(im, lo, "amount", 1, 0, JSON_INT_MAX, &amount, NULL)) ||
		    (r = get_int(im, lo, "vat_rate", 1, -1, 10, &rate, NULL)) ||
		    (r = get_int(im, lo, "vat", 1, 0, JSON_INT_MAX, &vat, NULL)) ||
		    (r = get_int(im, lo, "cost", 0, -JSON_INT_MAX, JSON_INT_MAX, &cost, NULL)) ||
		    (r = get_int(im, lo, "commission", 0, -JSON_INT_MAX, JSON_INT_MAX, &com, NULL)) ||
		    (r = get_int(im, lo, "original_line", 0, 1, 100000, &orig_line, &has_orig)))
			return r;
		im->inv.nlines++;
		im->inv.line_amount += amount;
		im->inv.line_vat += vat;
		im->inv.line_discount += disc;
		if (im->verify) {
			char msg[256];

			if (saleinv_line_vat(s->receipt_no, line_no, amount, (int)rate, vat, msg,
					     sizeof(msg)))
				return imp_fail(im, POS_ERR_REFUSED, tr("refused: %s"), msg);
		}
		if (!im->db) {
			if ((r = rec_line_lots(im, cJSON_GetObjectItemCaseSensitive(lo, "lots"), 0,
					       s->uuid)))
				return r;
			continue;
		}
		if ((r = find_product(im, product, &product_id)))
			return r;
		if (!product_id)
			return imp_fail(im, POS_ERR_INVALID,
					tr("sale %s sells %s, which is neither in the file nor at the "
					   "hub"), s->uuid, product);
		if (has_orig && orig_id) {
			if ((r = find_line(im, orig_id, orig_line, &orig_line_id)))
				return r;
			if (!orig_line_id)
				return imp_fail(im, POS_ERR_INVALID,
						tr("%s %s refers to line %lld of sale %s, which has no "
						   "such line"), s->kind, s->uuid, orig_line, s->original);
		}
		if ((r = db_prepare(im->db, "INSERT INTO sale_line (sale_id, line_no, product_id, sku,"
				    " name, unit, stars, qty_milli, list_price, unit_price, discount,"
				    " amount, vat_rate, vat, cost, commission, original_line_id,"
				    " business_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
				    " ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)", &st, im->err)))
			return r;
		sqlite3_bind_int64(st, 1, sale_id);
		sqlite3_bind_int64(st, 2, line_no);
		sqlite3_bind_int64(st, 3, product_id);
		sqlite3_bind_text(st, 4, sku, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, unit, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 7, stars);
		sqlite3_bind_int64(st, 8, q);
		sqlite3_bind_int64(st, 9, list);
		sqlite3_bind_int64(st, 10, unit_price);
		sqlite3_bind_int64(st, 11, disc);
		sqlite3_bind_int64(st, 12, amount);
		sqlite3_bind_int64(st, 13, rate);
		sqlite3_bind_int64(st, 14, vat);
		sqlite3_bind_int64(st, 15, cost);
		sqlite3_bind_int64(st, 16, com);
		if (orig_line_id)
			sqlite3_bind_int64(st, 17, orig_line_id);
		else
			sqlite3_bind_null(st, 17);
		sqlite3_bind_text(st, 18, s->date, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return db_err(im, "saving a sale line");
		line_id = db_last_id(im->db);
		im->res->rows++;
		if ((r = rec_line_lots(im, cJSON_GetObjectItemCaseSensitive(lo, "lots"), line_id,
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
		if (!im->db)
			continue;
		if ((r = db_prepare(im->db, "INSERT INTO payment (sale_id, method, amount, tendered,"
				    " change, reference) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &st, im->err)))
			return r;
		sqlite3_bind_int64(st, 1, sale_id);
		sqlite3_bind_text(st, 2, method, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, amount);
		sqlite3_bind_int64(st, 4, tendered);
		sqlite3_bind_int64(st, 5, change);
		sqlite3_bind_text(st, 6, ref, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return db_err(im, "saving a payment");
		im->res->rows++;
	}
	return 0;
}

static int rec_sale(struct imp *im, const cJSON *o)
{
	struct sale_rec s;
	long long id, orig_id = 0;
	sqlite3_stmt *st;
	int r, rc;

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
	if (!im->db) {
		char msg[256];

		if ((r = rec_sale_lines(im, cJSON_GetObjectItemCaseSensitive(o, "lines"), &s, 0, 0)) ||
		    (r = rec_payments(im, cJSON_GetObjectItemCaseSensitive(o, "payments"), 0)))
			return r;
		if (im->verify && saleinv_document(&im->inv, msg, sizeof(msg)))
			return imp_fail(im, POS_ERR_REFUSED, tr("refused: %s"), msg);
		if (im->verify && im->change_msg[0])
			return imp_fail(im, POS_ERR_REFUSED, tr("refused: %s"), im->change_msg);
		return 0;
	}
	if ((r = find_sale(im, s.uuid, &id)))
		return r;
	if (id) {
		im->res->sales_skipped++;
		return 0;
	}
	if (s.original[0]) {
		if ((r = find_sale(im, s.original, &orig_id)))
			return r;
		if (!orig_id)
			return imp_fail(im, POS_ERR_REFUSED,
					tr("%s %s refers to sale %s, which the hub does not have: "
					   "import the earlier files of %s first"), s.kind, s.receipt_no,
					s.original, im->h.showroom);
	}
	if ((r = db_prepare(im->db, "INSERT INTO sale (uuid, kind, receipt_no, showroom, register, seq,"
			    " original_sale_id, at, business_date, gross, discount, total, vat, reason,"
			    " cash_rounding) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
			    " ?13, ?14, ?15)",
			    &st, im->err)))
		return r;
	sqlite3_bind_text(st, 1, s.uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, s.kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, s.receipt_no, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, im->h.showroom, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, s.reg, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, s.seq);
	if (orig_id)
		sqlite3_bind_int64(st, 7, orig_id);
	else
		sqlite3_bind_null(st, 7);
	sqlite3_bind_text(st, 8, s.at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, s.date, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 10, s.gross);
	sqlite3_bind_int64(st, 11, s.discount);
	sqlite3_bind_int64(st, 12, s.total);
	sqlite3_bind_int64(st, 13, s.vat);
	sqlite3_bind_text(st, 14, s.reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 15, s.cash_rounding);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_err(im, "saving a sale");
	id = db_last_id(im->db);
	im->res->rows++;
	if (strmap_put(&im->sales, s.uuid, id))
		return imp_fail(im, POS_ERR_NO_MEM, "out of memory");
	/* the hub keeps each register's counter too: the next file continues it */
	if ((r = db_prepare(im->db, "INSERT INTO doc_counter (showroom, register, year, kind, last)"
			    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (showroom, register, year, kind)"
			    " DO UPDATE SET last = max(last, excluded.last)", &st, im->err)))
		return r;
	sqlite3_bind_text(st, 1, im->h.showroom, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, s.reg, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, atoi(s.date));
	sqlite3_bind_text(st, 4, strcmp(s.kind, "sale") ? "refund" : "sale", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, s.seq);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_err(im, "numbering a sale");
	if ((r = rec_sale_lines(im, cJSON_GetObjectItemCaseSensitive(o, "lines"), &s, id, orig_id)) ||
	    (r = rec_payments(im, cJSON_GetObjectItemCaseSensitive(o, "payments"), id)))
		return r;
	im->res->sales_added++;
	return 0;
}

static const char *const move_kinds[] = {
	"receive", "sale", "refund", "void", "adjust", "count", "transfer_out", "transfer_in",
	"return_to_producer",
};

static int rec_move(struct imp *im, const cJSON *o)
{
	char sku[64], lot_no[64], kind[24], reason[256], doc[128], sale[UUID_STR_LEN], at[24],
	     date[16];
	long long rid = 0, q, line_no, lot_id, product_id, sale_id = 0, line_id = 0;
	sqlite3_stmt *st;
	size_t i;
	int r, rc, has_line, known = 0;

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
	if (!im->db)
		return 0;
	if ((r = db_prepare(im->db, "SELECT 1 FROM exchange_move WHERE showroom = ?1 AND"
			    " remote_id = ?2", &st, im->err)))
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
		if ((r = find_sale(im, sale, &sale_id)) ||
		    (sale_id && (r = find_line(im, sale_id, line_no, &line_id))))
			return r;
		if (!line_id)
			return imp_fail(im, POS_ERR_INVALID,
					tr("stock move %lld belongs to line %lld of sale %s, which the "
					   "hub does not have"), rid, line_no, sale);
	}
	if ((r = db_prepare(im->db, "INSERT INTO stock_move (lot_id, product_id, qty_milli, kind,"
			    " reason, doc, sale_line_id, at, business_date)"
			    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", &st, im->err)))
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
	if ((r = db_prepare(im->db, "INSERT INTO exchange_move (showroom, remote_id, move_id)"
			    " VALUES (?1, ?2, ?3)", &st, im->err)))
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
static int split_signature(struct imp *im, const char *data, size_t n, size_t *signed_len,
			   char sig[SIGN_SIG_B64])
{
	size_t i;
	cJSON *o;
	const cJSON *s;
	int r = 0;

	if (n == 0)
		return imp_fail(im, POS_ERR_INVALID, "%s", tr("the file is empty"));
	if (memchr(data, '\0', n))
		return imp_fail(im, POS_ERR_INVALID, "%s",
				tr("not an exchange file: it holds binary data"));
	if (data[n - 1] != '\n')
		return imp_fail(im, POS_ERR_INVALID, "%s",
				tr("the file is truncated (it does not end with its signature): "
				   "copy it again from the showroom"));
	for (i = n - 1; i > 0 && data[i - 1] != '\n'; i--)
		;
	if (i == 0)
		return imp_fail(im, POS_ERR_INVALID, "%s",
				tr("not an ocop-pos exchange file (the first line is not its header)"));
	o = cJSON_ParseWithLength(data + i, n - i);
	s = o ? cJSON_GetObjectItemCaseSensitive(o, "signature") : NULL;
	if (!cJSON_IsString(s) || !s->valuestring || strlen(s->valuestring) != SIGN_SIG_B64 - 1 ||
	    cJSON_GetArraySize(o) != 1)
		r = imp_fail(im, POS_ERR_INVALID, "%s",
			     tr("the file is truncated (it does not end with its signature): copy "
				"it again from the showroom"));
	else
		memcpy(sig, s->valuestring, SIGN_SIG_B64);
	cJSON_Delete(o);
	*signed_len = i;
	return r;
}

/* Walk the records of body[0..n) after the header line. */
static int walk(struct imp *im, const char *body, size_t n)
{
	static const char *const types[N_TYPES] = { "producer", "product", "lot", "sale", "move" };
	const long long expect[N_TYPES] = { im->h.producers, im->h.products, im->h.lots,
					    im->h.sales, im->h.moves };
	size_t pos = 0;
	int r, t;

	/* skip the header line */
	while (pos < n && body[pos] != '\n')
		pos++;
	pos++;
	im->line = 1;
	while (pos < n) {
		const char *line = body + pos;
		const char *end = memchr(line, '\n', n - pos);
		size_t len = end ? (size_t)(end - line) : n - pos;
		cJSON *o;
		char type[16];

		im->line++;
		pos += len + 1;
		o = cJSON_ParseWithLength(line, len);
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
		cJSON_Delete(o);
		if (r)
			return r;
		im->n[t]++;
	}
	im->line = 0;
	for (t = 0; t < N_TYPES; t++)
		if (im->n[t] != expect[t])
			return imp_fail(im, POS_ERR_INVALID,
					tr("the header announces %lld %s records but the file has "
					   "%lld: it is incomplete or was altered"), expect[t], types[t],
					im->n[t]);
	return 0;
}

static void imp_release(struct imp *im)
{
	free(im->vs);
	im->vs = NULL;
	im->nvs = im->capvs = 0;
	strmap_release(&im->uuids);
	strmap_release(&im->producers);
	strmap_release(&im->products);
	strmap_release(&im->lots);
	strmap_release(&im->sales);
}

/* Sales by series (register, year, refunds), then number. */
static int cmp_vsale_key(const struct vsale *a, const struct vsale *b)
{
	int c = strcmp(a->reg, b->reg);

	if (c)
		return c;
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	return a->refunds - b->refunds;
}

static int cmp_vsale(const void *pa, const void *pb)
{
	const struct vsale *a = pa, *b = pb;
	int c = cmp_vsale_key(a, b);

	return c ? c : a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* What needs the hub: sales it holds, originals of refunds, numbering. */
static int verify_hub(struct imp *im, const struct batch_hub *hub)
{
	struct pos_error e;
	size_t i, j;
	int r, found;

	{
		const char **u = malloc((im->nvs + 1) * sizeof(*u));
		int *f = calloc(im->nvs + 1, sizeof(*f));

		if (!u || !f) {
			free(u);
			free(f);
			return imp_fail(im, POS_ERR_NO_MEM, "out of memory");
		}
		for (i = 0; i < im->nvs; i++)
			u[i] = im->vs[i].uuid;
		r = im->nvs ? hub->has_sales(hub->ctx, im->h.showroom, u, im->nvs, f, &e) : 0;
		for (i = 0; !r && i < im->nvs; i++)
			im->vs[i].at_hub = f[i];
		free(u);
		free(f);
		if (r)
			return imp_fail(im, r, "%s", pos_error_text(&e));
	}
	for (i = 0; i < im->nvs; i++) {
		long long at;
		const char *o = im->vs[i].original;

		if (!o[0] || im->vs[i].at_hub || strmap_get(&im->uuids, o, &at))
			continue;
		if ((r = hub->has_sales(hub->ctx, im->h.showroom, &o, 1, &found, &e)))
			return imp_fail(im, r, "%s", pos_error_text(&e));
		if (!found)
			return imp_fail(im, POS_ERR_REFUSED,
					tr("%s %s refers to sale %s, which the hub does not have from "
					   "%s: import the earlier files of %s first"),
					im->vs[i].receipt_no[0] ? "receipt" : "sale", im->vs[i].receipt_no,
					im->vs[i].original, im->h.showroom, im->h.showroom);
	}
	/* numbering: the new sales of each series continue the hub's */
	for (i = j = 0; i < im->nvs; i++)
		if (!im->vs[i].at_hub)
			im->vs[j++] = im->vs[i];
	im->nvs = j;          /* (the uuid map is not used after this) */
	if (im->nvs > 1)
		qsort(im->vs, im->nvs, sizeof(*im->vs), cmp_vsale);
	for (i = 0; i < im->nvs; i = j) {
		long long last = 0, next;

		if ((r = hub->last_seq(hub->ctx, im->h.showroom, im->vs[i].reg, im->vs[i].year,
				       im->vs[i].refunds, &last, &e)))
			return imp_fail(im, r, "%s", pos_error_text(&e));
		for (j = i, next = last + 1; j < im->nvs && !cmp_vsale_key(&im->vs[i], &im->vs[j]);
		     j++, next++)
			if (im->vs[j].seq != next)
				return imp_fail(im, POS_ERR_REFUSED,
						tr("refused: receipts of %s-%s %d %s must go on from "
						   "number %lld, but the file has %s (a gap or a repeat)"),
						im->h.showroom, im->vs[i].reg, im->vs[i].year,
						im->vs[i].refunds ? tr("(refunds and voids)") : tr("(sales)"),
						next, im->vs[j].receipt_no);
	}
	return 0;
}

/* Verify the signature of data[0..body) by the showroom of im->h. */
static int verify_signature(struct imp *im, const struct batch_hub *hub, const char *data,
			    size_t body, const char *sig)
{
	char pk[SIGN_PUBKEY_B64];
	struct pos_error e;
	int r = hub->key(hub->ctx, im->h.showroom, pk, sizeof(pk), &e);

	if (r == POS_ERR_NOT_FOUND)
		return imp_fail(im, r, tr("showroom %s is not registered here: register its key "
					  "with `ocop-pos showroom register %s --key KEY` (the key "
					  "is what `ocop-pos showroom key` prints there)"),
				im->h.showroom, im->h.showroom);
	if (r)
		return imp_fail(im, r, "%s", pos_error_text(&e));
	r = sign_verify_key(pk, im->h.showroom, data, body, sig, &e);
	if (r == POS_ERR_REFUSED)
		return imp_fail(im, r, tr("the signature does not match: the file was changed "
					  "after showroom %s wrote it, or another key signed it. "
					  "Nothing was imported"), im->h.showroom);
	if (r)
		return imp_fail(im, r, "%s", pos_error_text(&e));
	return 0;
}

int batch_verify(const char *data, size_t n, const char *name, const struct batch_hub *hub,
		 struct batch_header *out, struct pos_error *err)
{
	struct batch_result res;
	struct imp im;
	char sig[SIGN_SIG_B64];
	size_t body;
	const char *nl;
	int r;

	memset(&im, 0, sizeof(im));
	memset(&res, 0, sizeof(res));
	im.name = name ? name : tr("exchange file");
	im.err = err;
	im.res = &res;
	im.verify = 1;
	clock_local_date(clock_now(), im.today);
	if ((r = split_signature(&im, data, n, &body, sig)))
		return r;
	nl = memchr(data, '\n', body);
	if ((r = parse_header(&im, data, nl ? (size_t)(nl - data) : body)))
		return r;
	im.line = 0;
	if ((r = verify_signature(&im, hub, data, body, sig)))
		return r;
	if (strcmp(im.h.from, im.h.to) > 0)
		return imp_fail(&im, POS_ERR_REFUSED, tr("refused: the file's period %s to %s ends "
							  "before it begins"), im.h.from, im.h.to);
	if (strcmp(im.h.to, im.today) > 0)
		return imp_fail(&im, POS_ERR_REFUSED,
				tr("refused: the file's period ends %s, after today (%s): the "
				   "showroom's clock is wrong or the file was altered"), im.h.to,
				im.today);
	if (!(r = walk(&im, data, body)))
		r = verify_hub(&im, hub);
	imp_release(&im);
	if (!r && out)
		*out = im.h;
	return r;
}

int batch_check(const char *data, size_t n, struct batch_header *out, struct pos_error *err)
{
	struct batch_result res;
	struct imp im;
	char sig[SIGN_SIG_B64];
	size_t body;
	const char *nl;
	int r;

	memset(&im, 0, sizeof(im));
	memset(&res, 0, sizeof(res));
	im.name = tr("exchange file");
	im.err = err;
	im.res = &res;
	if ((r = split_signature(&im, data, n, &body, sig)))
		return r;
	nl = memchr(data, '\n', body);
	if ((r = parse_header(&im, data, nl ? (size_t)(nl - data) : body)))
		return r;
	r = walk(&im, data, body);
	imp_release(&im);
	if (!r && out)
		*out = im.h;
	return r;
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
	const char *data, *sha;
	size_t body, n;
	struct batch_result *res;
};

/* Check the file's place in its showroom's sequence, then walk and record it. */
static int import_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct import_args *a = ctx;
	struct imp *im = a->im;
	const char *data = a->data, *sha = a->sha;
	size_t body = a->body;
	char old_sha[SIGN_SHA256_HEX] = "";
	sqlite3_stmt *st;
	long long last = 0;
	int r, rc;

	if ((r = db_prepare(db, "SELECT sha256 FROM batch_in WHERE showroom = ?1 AND seq = ?2",
			    &st, err)))
		return r;
	sqlite3_bind_text(st, 1, im->h.showroom, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, im->h.sequence);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		VN_COPY(old_sha, db_col_text(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_err(im, "reading the imported files");
	if (old_sha[0]) {
		if (strcmp(old_sha, sha) == 0) {
			a->res->already = 1;    /* the same file again: nothing to write */
			return 0;
		}
		r = imp_fail(im, POS_ERR_REFUSED,
			     tr("a different file %lld from %s was imported already: this one was "
				"made later from the same database state or another database; "
				"nothing was imported"), im->h.sequence, im->h.showroom);
		return r;
	}
	if ((r = db_prepare(db, "SELECT coalesce(max(seq), 0) FROM batch_in WHERE showroom = ?1",
			    &st, err)))
		return r;
	sqlite3_bind_text(st, 1, im->h.showroom, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		last = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (im->h.sequence <= last) {
		r = imp_fail(im, POS_ERR_REFUSED,
			     tr("out of sequence: file %lld from %s is older than file %lld already "
				"imported, which holds its sales; nothing was imported"),
			     im->h.sequence, im->h.showroom, last);
		return r;
	}
	if (im->h.continues && im->h.continues != last)
		return imp_fail(im, POS_ERR_REFUSED,
				tr("out of sequence: file %lld from %s continues file %lld, but the last "
				   "file imported from %s is %lld: import files %lld to %lld first"),
				im->h.sequence, im->h.showroom, im->h.continues, im->h.showroom, last,
				last + 1, im->h.continues);
	/* everything checked before the first write: a bad file is refused whole */
	if ((r = batch_verify(data, a->n, im->name, a->sq, NULL, err)))
		return r;
	clock_format_utc(clock_now(), im->now);
	snprintf(im->source, sizeof(im->source), "exchange:%s#%lld", im->h.showroom, im->h.sequence);
	if ((r = upsert_showroom(im)) || (r = walk(im, data, body)))
		return r;
	if ((r = db_prepare(db, "INSERT INTO batch_in (showroom, seq, sha256, imported_at, sales)"
			    " VALUES (?1, ?2, ?3, ?4, ?5)", &st, err)))
		return r;
	sqlite3_bind_text(st, 1, im->h.showroom, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, im->h.sequence);
	sqlite3_bind_text(st, 3, sha, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, im->now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, a->res->sales_added);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_err(im, "recording the import");
	a->res->rows++;
	return 0;
}

int batch_import_data(struct db *db, const char *data, size_t n, const char *name,
		      struct batch_result *out, struct pos_error *err)
{
	struct batch_result res;
	struct showroom local;
	struct imp im;
	struct batch_hub sq = { db, sq_key, sq_has_sales, sq_last_seq };
	struct import_args a;
	char sig[SIGN_SIG_B64], sha[SIGN_SHA256_HEX];
	size_t body;
	const char *nl;
	int r, hub = 0;

	memset(&im, 0, sizeof(im));
	memset(&res, 0, sizeof(res));
	im.db = db;
	im.name = name ? name : tr("exchange file");
	im.err = err;
	im.res = &res;
	if ((r = showroom_local(db, &local, err)) || (r = batch_is_hub(db, &hub, err)))
		return r;
	if (!hub)
		return pos_fail(err, POS_ERR_REFUSED,
				tr("%s is a showroom database: exchange files are imported at the "
				   "province hub (a database made with `ocop-pos init "
				   "--province-hub`)"), db_path(db));
	if ((r = split_signature(&im, data, n, &body, sig)))
		return r;
	nl = memchr(data, '\n', body);
	if ((r = parse_header(&im, data, nl ? (size_t)(nl - data) : body)))
		return r;
	im.line = 0;
	res.h = im.h;
	if (!strcmp(im.h.showroom, local.code))
		return imp_fail(&im, POS_ERR_REFUSED, tr("the file comes from %s, this hub's own "
							 "code"), im.h.showroom);
	if ((r = verify_signature(&im, &sq, data, body, sig)))
		return r;
	sign_sha256_hex(data, n, sha);

	a.im = &im;
	a.sq = &sq;
	a.data = data;
	a.sha = sha;
	a.body = body;
	a.n = n;
	a.res = &res;
	r = db_tx(db, DB_TX_WRITE, import_in_tx, &a, err);
	if (r == 0 && !res.already)
		res.h = im.h;
	if (r == 0 && out)
		*out = res;
	imp_release(&im);
	return r;
}

int batch_import(struct db *db, const char *path, struct batch_result *out,
		 struct pos_error *err)
{
	char *data = NULL;
	size_t n = 0;
	int r;

	if ((r = fileio_read(path, BATCH_FILE_MAX, &data, &n, err)))
		return r;
	r = batch_import_data(db, data, n, path, out, err);
	free(data);
	return r;
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
