/*
 * catalog.c - products: validation, upsert with history, look-up by code
 * and accent-insensitive search (see catalog.h).
 *
 * Search uses three bounded steps, each an index walk with a LIMIT, so a
 * keystroke costs the same at 1,000 or 100,000 products: (0) exact
 * barcode/SKU, (1) name_fold range scan for names starting with the
 * folded query, (2) the FTS5 index of name_fold for names holding every
 * word (the last one as a prefix).  Folding is ours (vn_fold), done
 * before FTS5 sees the text, so "đ" matches "d" - unicode61's
 * remove_diacritics alone would not fold it.
 */
#include "catalog.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "barcode.h"
#include "clock.h"
#include "db.h"
#include "field.h"
#include "i18n.h"
#include "money.h"
#include "producer.h"
#include "refdata.h"
#include "vntext.h"

#define PRICE_MAX 100000000000LL   /* 100 billion VND: a typo guard */
#define FOLD_MAX (PRODUCT_NAME_MAX * 2)

int catalog_unit_measured(const char *unit)
{
	static const char *const measures[] = {
		"kg", "g", "gr", "gam", "gram", "kilogam", "kilogram", "lang", "can", "ta", "yen",
		"l", "lit", "ml", "m", "met", "cm", "mm", "m2", "m3", "m²", "m³",
	};
	char f[64];
	size_t i;

	if (!unit || !*unit)
		return 0;
	vn_fold(unit, f, sizeof(f));
	for (i = 0; i < sizeof(measures) / sizeof(measures[0]); i++)
		if (strcmp(f, measures[i]) == 0)
			return 1;
	return 0;
}

void product_init(struct product *p)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->unit, sizeof(p->unit), "%s", "cái");
	p->vat_rate = 10;
	p->active = 1;
}

static const char *barcode_kind_str(enum barcode_kind k)
{
	switch (k) {
	case BARCODE_EAN13: return "ean13";
	case BARCODE_EAN8: return "ean8";
	case BARCODE_UPCA: return "upca";
	case BARCODE_GTIN14: return "gtin14";
	case BARCODE_INSTORE: return "instore";
	case BARCODE_INTERNAL: return "internal";
	}
	return "internal";
}

static int check_date(char *d, const char *field, struct pos_error *err)
{
	struct pos_error e;

	field_trim(d);
	if (!d[0])
		return 0;
	if (clock_date_parse(d, NULL, &e))
		return pos_fail(err, POS_ERR_INVALID, "%s: %s", field, pos_error_text(&e));
	return 0;
}

int product_validate(struct product *p, struct pos_error *err)
{
	const struct ocop_set *set;
	struct pos_error e;
	int r, i, j;

	if ((r = field_code(p->sku, "sku", err)) ||
	    (r = field_name(p->name, sizeof(p->name), "name", err)) ||
	    (r = field_name(p->unit, sizeof(p->unit), "unit", err)) ||
	    (r = field_code(p->producer, "producer", err)) ||
	    (r = field_plain(p->cert_number, sizeof(p->cert_number), "certificate number", err)) ||
	    (r = field_plain(p->cert_issuer, sizeof(p->cert_issuer), "certificate issuer", err)))
		return r;
	if (!province_find(p->origin_province))
		return pos_fail(err, POS_ERR_INVALID,
				tr("origin_province: \"%s\" is not a 2025 province code"),
				p->origin_province);
	if (!ocop_group_find(p->ocop_group))
		return pos_fail(err, POS_ERR_INVALID, tr("group: must be 1 to 6, got %d"), p->ocop_group);
	field_trim(p->product_set);
	if (p->product_set[0]) {
		if (ocop_set_resolve(p->ocop_group, p->product_set, &set, &e))
			return pos_fail(err, POS_ERR_INVALID, tr("product_set: %s"), pos_error_text(&e));
		snprintf(p->product_set, sizeof(p->product_set), "%s", set->code);
	}
	if (p->stars < 3 || p->stars > 5)
		return pos_fail(err, POS_ERR_INVALID, tr("stars: must be 3, 4 or 5, got %d"), p->stars);
	if ((r = check_date(p->cert_issued, "certificate issued", err)) ||
	    (r = check_date(p->cert_expires, "certificate expires", err)))
		return r;
	if (p->cert_issued[0] && !p->cert_expires[0]) {
		r = clock_date_add_months(p->cert_issued, CERT_VALID_MONTHS, p->cert_expires, err);
		if (r)
			return r;
	}
	if (p->cert_issued[0] && strcmp(p->cert_expires, p->cert_issued) < 0)
		return pos_fail(err, POS_ERR_INVALID,
				tr("certificate expires: %s is before the issue date %s"),
				p->cert_expires, p->cert_issued);
	if (p->price < 0 || p->price > PRICE_MAX)
		return pos_fail(err, POS_ERR_INVALID,
				tr("price: must be between 0 and 100.000.000.000 VND, got %lld"),
				(long long)p->price);
	if (!vat_rate_valid(p->vat_rate))
		return pos_fail(err, POS_ERR_INVALID,
				tr("vat_rate: must be 0, 5, 8, 10 or KCT, got %d"), p->vat_rate);
	if (p->shelf_life_days < 0 || p->shelf_life_days > 36500)
		return pos_fail(err, POS_ERR_INVALID,
				tr("shelf_life_days: must be 0 to 36500, got %d"), p->shelf_life_days);
	if (p->ocop_group == 6)
		p->is_service = 1;   /* tourism services carry no stock */
	p->is_service = !!p->is_service;
	p->active = !!p->active;
	if (p->nbarcodes < 0 || p->nbarcodes > PRODUCT_BARCODES_MAX)
		return pos_fail(err, POS_ERR_INVALID, tr("barcodes: at most %d per product"),
				PRODUCT_BARCODES_MAX);
	for (i = 0; i < p->nbarcodes; i++) {
		char norm[PRODUCT_BARCODE_LEN];
		enum barcode_kind kind;

		if (barcode_validate(p->barcodes[i], norm, sizeof(norm), &kind, &e))
			return pos_fail(err, POS_ERR_INVALID, tr("barcodes[%d]: %s"), i,
					pos_error_text(&e));
		snprintf(p->barcodes[i], sizeof(p->barcodes[i]), "%s", norm);
		for (j = 0; j < i; j++)
			if (strcmp(p->barcodes[j], norm) == 0)
				return pos_fail(err, POS_ERR_INVALID,
						tr("barcodes[%d]: %s is listed twice"), i, norm);
	}
	return 0;
}

#define PRODUCT_COLS "p.id, p.sku, p.name, p.unit, pr.code, p.origin_province, " \
	"p.ocop_group, p.product_set, p.stars, p.cert_number, p.cert_issuer, " \
	"p.cert_issued, p.cert_expires, p.price, p.vat_rate, p.shelf_life_days, " \
	"p.is_service, p.active"

static void row_to_product(sqlite3_stmt *st, struct product *p)
{
	product_init(p);
	p->id = sqlite3_column_int64(st, 0);
	db_col_copy(st, 1, p->sku, sizeof(p->sku));
	db_col_copy(st, 2, p->name, sizeof(p->name));
	db_col_copy(st, 3, p->unit, sizeof(p->unit));
	db_col_copy(st, 4, p->producer, sizeof(p->producer));
	db_col_copy(st, 5, p->origin_province, sizeof(p->origin_province));
	p->ocop_group = sqlite3_column_int(st, 6);
	db_col_copy(st, 7, p->product_set, sizeof(p->product_set));
	p->stars = sqlite3_column_int(st, 8);
	db_col_copy(st, 9, p->cert_number, sizeof(p->cert_number));
	db_col_copy(st, 10, p->cert_issuer, sizeof(p->cert_issuer));
	db_col_copy(st, 11, p->cert_issued, sizeof(p->cert_issued));
	db_col_copy(st, 12, p->cert_expires, sizeof(p->cert_expires));
	p->price = sqlite3_column_int64(st, 13);
	p->vat_rate = sqlite3_column_int(st, 14);
	p->shelf_life_days = sqlite3_column_int(st, 15);
	p->is_service = sqlite3_column_int(st, 16);
	p->active = sqlite3_column_int(st, 17);
}

/* row_to_product as a db_row_fn. */
static void product_row(sqlite3_stmt *st, void *item)
{
	row_to_product(st, item);
}

static int load_barcodes(struct db *db, struct product *p, struct pos_error *err)
{
	sqlite3_stmt *st;
	int r = db_prepare(db, "SELECT code FROM product_barcode WHERE product_id = ?1 "
			   "ORDER BY position, code", &st, err), rc;

	if (r)
		return r;
	sqlite3_bind_int64(st, 1, p->id);
	p->nbarcodes = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && p->nbarcodes < PRODUCT_BARCODES_MAX)
		db_col_copy(st, 0, p->barcodes[p->nbarcodes++], PRODUCT_BARCODE_LEN);
	r = (rc == SQLITE_ROW || rc == SQLITE_DONE) ? 0 : db_fail(db, err, "reading barcodes");
	sqlite3_reset(st);
	return r;
}

/* Run a one-row product query with one bound value. */
static int get_one(struct db *db, const char *sql, const char *text, long long id,
		   struct product *out, struct pos_error *err)
{
	struct product p;
	int r = db_row_by(db, sql, text, id, product_row, &p, "reading a product", err);

	if (r)
		return r;
	r = load_barcodes(db, &p, err);
	if (r)
		return r;
	*out = p;
	return 0;
}

int catalog_get(struct db *db, const char *sku, struct product *out, struct pos_error *err)
{
	int r = get_one(db, "SELECT " PRODUCT_COLS " FROM product p JOIN producer pr "
			"ON pr.id = p.producer_id WHERE p.sku = ?1", sku, 0, out, err);

	if (r == POS_ERR_NOT_FOUND)
		return pos_fail(err, r, tr("unknown product \"%s\": search with `ocop-pos product "
				   "search`"), sku);
	return r;
}

int catalog_get_id(struct db *db, long long id, struct product *out, struct pos_error *err)
{
	int r = get_one(db, "SELECT " PRODUCT_COLS " FROM product p JOIN producer pr "
			"ON pr.id = p.producer_id WHERE p.id = ?1", NULL, id, out, err);

	if (r == POS_ERR_NOT_FOUND)
		return pos_fail(err, r, tr("unknown product id %lld"), id);
	return r;
}

int catalog_lookup(struct db *db, const char *code, struct product *out,
		   struct pos_error *err)
{
	char norm[PRODUCT_BARCODE_LEN], trimmed[64];
	enum barcode_kind kind;
	struct pos_error bad;
	int r, valid;

	snprintf(trimmed, sizeof(trimmed), "%s", code ? code : "");
	field_trim(trimmed);
	if (!trimmed[0])
		return pos_fail(err, POS_ERR_INVALID, tr("empty code"));
	valid = barcode_validate(trimmed, norm, sizeof(norm), &kind, &bad) == 0;
	if (valid) {
		r = get_one(db, "SELECT " PRODUCT_COLS " FROM product_barcode b "
			    "JOIN product p ON p.id = b.product_id "
			    "JOIN producer pr ON pr.id = p.producer_id WHERE b.code = ?1",
			    norm, 0, out, err);
		if (r != POS_ERR_NOT_FOUND)
			return r;
	}
	r = get_one(db, "SELECT " PRODUCT_COLS " FROM product p JOIN producer pr "
		    "ON pr.id = p.producer_id WHERE p.sku = ?1", trimmed, 0, out, err);
	if (r == POS_ERR_NOT_FOUND) {
		/* SKUs are upper case; people type them in lower case */
		char upper[64];
		size_t i;

		for (i = 0; trimmed[i] && i < sizeof(upper) - 1; i++)
			upper[i] = (trimmed[i] >= 'a' && trimmed[i] <= 'z') ?
					   (char)(trimmed[i] - 32) : trimmed[i];
		upper[i] = '\0';
		if (strcmp(upper, trimmed) != 0)
			r = get_one(db, "SELECT " PRODUCT_COLS " FROM product p JOIN producer pr "
				    "ON pr.id = p.producer_id WHERE p.sku = ?1", upper, 0, out, err);
	}
	if (r != POS_ERR_NOT_FOUND)
		return r;
	if (!valid)
		return pos_fail(err, POS_ERR_INVALID, "%s", pos_error_text(&bad));
	return pos_fail(err, POS_ERR_NOT_FOUND,
			tr("no product has the code %s: search by name, or add it with "
			   "`ocop-pos product add`"), trimmed);
}

int catalog_scan(struct db *db, const struct barcode_vm_layout *layouts, int nlayouts,
		 const char *code, struct catalog_scan *out, struct pos_error *err)
{
	struct catalog_scan s;
	char trimmed[64], item[16], base[14];
	int64_t value;
	int i, r;

	snprintf(trimmed, sizeof(trimmed), "%s", code ? code : "");
	field_trim(trimmed);
	for (i = 0; i < nlayouts; i++) {
		r = barcode_vm_decode(&layouts[i], trimmed, item, sizeof(item), &value, err);
		if (r == POS_ERR_NOT_FOUND)
			continue;
		if (r)
			return r;
		r = barcode_vm_encode(&layouts[i], item, 0, base, err);
		if (r)
			return r;
		memset(&s, 0, sizeof(s));
		r = get_one(db, "SELECT " PRODUCT_COLS " FROM product_barcode b "
			    "JOIN product p ON p.id = b.product_id "
			    "JOIN producer pr ON pr.id = p.producer_id WHERE b.code = ?1",
			    base, 0, &s.product, err);
		if (r == POS_ERR_NOT_FOUND)
			return pos_fail(err, r, tr("label-scale item %s (code %s) is not in the "
						   "catalogue: give its product the barcode %s"), item,
					trimmed, base);
		if (r)
			return r;
		s.variable = 1;
		if (layouts[i].value_is_price) {
			s.amount = value;
			s.qty_milli = s.product.price > 0 ?
				(value * 1000 + s.product.price / 2) / s.product.price : 1000;
		} else {
			if (value <= 0)
				return pos_fail(err, POS_ERR_INVALID, tr("label-scale code %s has no "
						"weight"), trimmed);
			s.amount = -1;
			s.qty_milli = value;
		}
		*out = s;
		return 0;
	}
	memset(&s, 0, sizeof(s));
	r = catalog_lookup(db, trimmed, &s.product, err);
	if (r)
		return r;
	s.qty_milli = 1000;
	s.amount = -1;
	*out = s;
	return 0;
}

/* --- saving with history ------------------------------------------ */

enum { F_NAME, F_UNIT, F_PRODUCER, F_ORIGIN, F_GROUP, F_SET, F_STARS, F_CERT_NUMBER,
       F_CERT_ISSUER, F_CERT_ISSUED, F_CERT_EXPIRES, F_PRICE, F_VAT, F_SHELF,
       F_SERVICE, F_ACTIVE, F_BARCODES, F_COUNT };

static const char *const field_names[F_COUNT] = {
	"name", "unit", "producer", "origin_province", "group", "product_set", "stars",
	"cert_number", "cert_issuer", "cert_issued", "cert_expires", "price", "vat_rate",
	"shelf_life_days", "is_service", "active", "barcodes",
};

static void render_field(const struct product *p, int f, char *buf, size_t n)
{
	int i;
	size_t len;

	switch (f) {
	case F_NAME: snprintf(buf, n, "%s", p->name); break;
	case F_UNIT: snprintf(buf, n, "%s", p->unit); break;
	case F_PRODUCER: snprintf(buf, n, "%s", p->producer); break;
	case F_ORIGIN: snprintf(buf, n, "%s", p->origin_province); break;
	case F_GROUP: snprintf(buf, n, "%d", p->ocop_group); break;
	case F_SET: snprintf(buf, n, "%s", p->product_set); break;
	case F_STARS: snprintf(buf, n, "%d", p->stars); break;
	case F_CERT_NUMBER: snprintf(buf, n, "%s", p->cert_number); break;
	case F_CERT_ISSUER: snprintf(buf, n, "%s", p->cert_issuer); break;
	case F_CERT_ISSUED: snprintf(buf, n, "%s", p->cert_issued); break;
	case F_CERT_EXPIRES: snprintf(buf, n, "%s", p->cert_expires); break;
	case F_PRICE: snprintf(buf, n, "%lld", (long long)p->price); break;
	case F_VAT:
		if (p->vat_rate == VAT_KCT)
			snprintf(buf, n, "KCT");
		else
			snprintf(buf, n, "%d", p->vat_rate);
		break;
	case F_SHELF: snprintf(buf, n, "%d", p->shelf_life_days); break;
	case F_SERVICE: snprintf(buf, n, "%d", p->is_service); break;
	case F_ACTIVE: snprintf(buf, n, "%d", p->active); break;
	case F_BARCODES:
		buf[0] = '\0';
		for (i = 0, len = 0; i < p->nbarcodes && len < n; i++)
			len += (size_t)snprintf(buf + len, n - len, "%s%s", i ? ";" : "",
						p->barcodes[i]);
		break;
	default: buf[0] = '\0';
	}
}

static int add_history(struct db *db, long long pid, const char *field, const char *old,
		       const char *new_value, const char *now, const char *source,
		       struct pos_error *err)
{
	return db_write(db, err, "recording product history",
			"INSERT INTO product_history (product_id, field, old_value, new_value, "
			"changed_at, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", "ittttt",
			pid, field, old, new_value, now, source);
}

static int add_rating(struct db *db, const struct product *p, int previous,
		      const char *now, const char *source, struct pos_error *err)
{
	/* previous_stars: NULL for the first rating (previous is 0) */
	return db_write(db, err, "recording the rating",
			"INSERT INTO rating (product_id, stars, previous_stars, cert_number, "
			"cert_issued, cert_expires, recorded_at, source) "
			"VALUES (?1, ?2, ?3, ?4, nullif(?5, ''), nullif(?6, ''), ?7, ?8)", "iikttttt",
			p->id, (long long)p->stars, (long long)previous, p->cert_number,
			p->cert_issued, p->cert_expires, now, source);
}

static int write_barcodes(struct db *db, const struct product *p, struct pos_error *err)
{
	int r, i;

	r = db_write(db, err, "saving barcodes", "DELETE FROM product_barcode WHERE product_id = ?1",
		     "i", p->id);
	if (r)
		return r;
	for (i = 0; i < p->nbarcodes; i++) {
		enum barcode_kind kind = BARCODE_INTERNAL;
		char norm[PRODUCT_BARCODE_LEN];

		barcode_validate(p->barcodes[i], norm, sizeof(norm), &kind, NULL);
		r = db_write(db, err, "saving barcodes", "INSERT INTO product_barcode (code, "
			     "product_id, kind, position) VALUES (?1, ?2, ?3, ?4)", "titi",
			     p->barcodes[i], p->id, barcode_kind_str(kind), (long long)i);
		if (r)
			return r;
	}
	return 0;
}

/* Refuse a barcode that belongs to a different product. */
static int check_barcode_owner(struct db *db, const struct product *p, struct pos_error *err)
{
	sqlite3_stmt *st;
	int i, r, rc;

	for (i = 0; i < p->nbarcodes; i++) {
		r = db_prepare(db, "SELECT p.sku FROM product_barcode b JOIN product p "
			       "ON p.id = b.product_id WHERE b.code = ?1", &st, err);
		if (r)
			return r;
		sqlite3_bind_text(st, 1, p->barcodes[i], -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			sqlite3_reset(st);
			return db_fail(db, err, "checking the barcodes");
		}
		if (rc == SQLITE_ROW) {
			const char *owner = (const char *)sqlite3_column_text(st, 0);

			if (owner && strcmp(owner, p->sku) != 0) {
				r = pos_fail(err, POS_ERR_EXISTS,
					     tr("barcodes[%d]: %s already belongs to product %s"),
					     i, p->barcodes[i], owner);
				sqlite3_reset(st);
				return r;
			}
		}
		sqlite3_reset(st);
	}
	return 0;
}

static int write_product(struct db *db, struct product *p, long long producer_id, int update,
			 const char *now, struct pos_error *err)
{
	char fold[FOLD_MAX];
	sqlite3_stmt *st;
	int r;

	vn_fold(p->name, fold, sizeof(fold));
	r = db_prepare(db, update ?
		       "UPDATE product SET name = ?2, name_fold = ?3, unit = ?4, producer_id = ?5, "
		       "origin_province = ?6, ocop_group = ?7, product_set = ?8, stars = ?9, "
		       "cert_number = ?10, cert_issuer = ?11, cert_issued = nullif(?12, ''), "
		       "cert_expires = nullif(?13, ''), price = ?14, vat_rate = ?15, "
		       "shelf_life_days = nullif(?16, 0), is_service = ?17, active = ?18, "
		       "updated_at = ?19 WHERE sku = ?1" :
		       "INSERT INTO product (sku, name, name_fold, unit, producer_id, "
		       "origin_province, ocop_group, product_set, stars, cert_number, cert_issuer, "
		       "cert_issued, cert_expires, price, vat_rate, shelf_life_days, is_service, "
		       "active, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
		       "?10, ?11, nullif(?12, ''), nullif(?13, ''), ?14, ?15, nullif(?16, 0), ?17, "
		       "?18, ?19, ?19)", &st, err);
	if (r)
		return r;
	sqlite3_bind_text(st, 1, p->sku, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, p->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, fold, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, p->unit, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, producer_id);
	sqlite3_bind_text(st, 6, p->origin_province, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 7, p->ocop_group);
	sqlite3_bind_text(st, 8, p->product_set, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 9, p->stars);
	sqlite3_bind_text(st, 10, p->cert_number, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, p->cert_issuer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, p->cert_issued, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 13, p->cert_expires, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 14, p->price);
	sqlite3_bind_int(st, 15, p->vat_rate);
	sqlite3_bind_int(st, 16, p->shelf_life_days);
	sqlite3_bind_int(st, 17, p->is_service);
	sqlite3_bind_int(st, 18, p->active);
	sqlite3_bind_text(st, 19, now, -1, SQLITE_STATIC);
	r = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, err, "saving the product");
	sqlite3_reset(st);
	return r;
}

struct save_args {
	struct product *p;
	long long producer_id;
	const char *source;
	int any;                     /* something changed */
};

static int save_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct save_args *a = ctx;
	struct product *p = a->p, old;
	struct pos_error e;
	char now[CLOCK_TS_LEN], x[1024], y[1024];
	int r, exists, f, stars_changed;

	r = check_barcode_owner(db, p, err);
	if (r)
		return r;
	r = catalog_get(db, p->sku, &old, &e);
	if (r && r != POS_ERR_NOT_FOUND)
		return pos_fail(err, (enum pos_err)r, "%s", pos_error_text(&e));
	exists = r == 0;
	clock_format_utc(clock_now(), now);
	if (!exists) {
		r = write_product(db, p, a->producer_id, 0, now, err);
		if (r)
			return r;
		p->id = db_last_id(db);
		if ((r = write_barcodes(db, p, err)) ||
		    (r = add_rating(db, p, 0, now, a->source, err)) ||
		    (r = add_history(db, p->id, "created", NULL, p->sku, now, a->source, err)))
			return r;
		a->any = 1;
	} else {
		p->id = old.id;
		for (f = 0; f < F_COUNT; f++) {
			render_field(&old, f, x, sizeof(x));
			render_field(p, f, y, sizeof(y));
			if (strcmp(x, y) == 0)
				continue;
			a->any = 1;
			r = add_history(db, p->id, field_names[f], x, y, now, a->source, err);
			if (r)
				return r;
		}
		if (a->any) {
			r = write_product(db, p, a->producer_id, 1, now, err);
			if (r)
				return r;
			render_field(&old, F_BARCODES, x, sizeof(x));
			render_field(p, F_BARCODES, y, sizeof(y));
			if (strcmp(x, y) != 0 && (r = write_barcodes(db, p, err)))
				return r;
			stars_changed = old.stars != p->stars ||
					strcmp(old.cert_number, p->cert_number) != 0 ||
					strcmp(old.cert_issued, p->cert_issued) != 0;
			if (stars_changed && (r = add_rating(db, p, old.stars, now, a->source, err)))
				return r;
		}
	}
	return 0;
}

int catalog_save(struct db *db, struct product *p, const char *source, int *changed,
		 struct pos_error *err)
{
	struct save_args a;
	struct producer prod;
	struct pos_error e;
	int r;

	if (!source)
		source = "";
	field_trim(p->producer);
	r = producer_get(db, p->producer, &prod, &e);
	if (r == POS_ERR_NOT_FOUND)
		return pos_fail(err, POS_ERR_INVALID, tr("producer: unknown producer \"%s\""),
				p->producer);
	if (r)
		return pos_fail(err, (enum pos_err)r, "%s", pos_error_text(&e));
	field_trim(p->origin_province);
	if (!p->origin_province[0])
		snprintf(p->origin_province, sizeof(p->origin_province), "%s", prod.province);
	r = product_validate(p, err);
	if (r)
		return r;
	a.p = p;
	a.producer_id = prod.id;
	a.source = source;
	a.any = 0;
	if ((r = db_tx(db, DB_TX_WRITE, save_in_tx, &a, err)))
		return r;
	if (changed)
		*changed = a.any;
	return 0;
}

/* --- search --------------------------------------------------------- */

struct search_state {
	long long *seen;
	int nseen, limit;
	int (*cb)(void *ctx, const struct catalog_hit *hit);
	void *ctx;
};

static int seen(const struct search_state *s, long long id)
{
	int i;

	for (i = 0; i < s->nseen; i++)
		if (s->seen[i] == id)
			return 1;
	return 0;
}

/* Emit the rows of st (id, sku, name, unit, origin, stars, group, price). */
static int emit_rows(struct db *db, sqlite3_stmt *st, int rank, struct search_state *s,
		     struct pos_error *err)
{
	struct catalog_hit h;
	int rc = SQLITE_DONE, r = 0;

	while (s->nseen < s->limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		h.id = sqlite3_column_int64(st, 0);
		if (seen(s, h.id))
			continue;
		h.sku = (const char *)sqlite3_column_text(st, 1);
		h.name = (const char *)sqlite3_column_text(st, 2);
		h.unit = (const char *)sqlite3_column_text(st, 3);
		h.origin_province = (const char *)sqlite3_column_text(st, 4);
		h.stars = sqlite3_column_int(st, 5);
		h.ocop_group = sqlite3_column_int(st, 6);
		h.price = sqlite3_column_int64(st, 7);
		h.rank = rank;
		s->seen[s->nseen++] = h.id;
		r = s->cb ? s->cb(s->ctx, &h) : 0;
		if (r)
			break;
	}
	if (!r && s->nseen < s->limit && rc != SQLITE_DONE)
		r = db_fail(db, err, "searching products");
	sqlite3_reset(st);
	return r;
}

#define HIT_COLS "p.id, p.sku, p.name, p.unit, p.origin_province, p.stars, p.ocop_group, p.price"

int catalog_search(struct db *db, const char *query, int limit,
		   int (*cb)(void *ctx, const struct catalog_hit *hit), void *ctx,
		   int *nhits, struct pos_error *err)
{
	struct search_state s = { NULL, 0, limit, cb, ctx };
	struct product p;
	sqlite3_stmt *st;
	char fold[256], hi[260], match[600];
	size_t flen, mlen = 0;
	const char *w;
	int r = 0;

	if (limit <= 0)
		limit = s.limit = 50;
	s.seen = calloc((size_t)limit, sizeof(*s.seen));
	if (!s.seen)
		return pos_fail(err, POS_ERR_NO_MEM, tr("out of memory searching"));
	flen = vn_fold(query ? query : "", fold, sizeof(fold));
	if (flen >= sizeof(fold))
		flen = strlen(fold);

	/* (0) an exact barcode or SKU */
	if (catalog_lookup(db, query ? query : "", &p, NULL) == 0 && p.active) {
		struct catalog_hit h = { p.id, p.sku, p.name, p.unit, p.origin_province,
					 p.stars, p.ocop_group, p.price, 0 };

		s.seen[s.nseen++] = p.id;
		r = cb ? cb(ctx, &h) : 0;
		if (r)
			goto out;
	}
	if (flen == 0)
		goto out;

	/* (1) names starting with the query: an index range scan */
	snprintf(hi, sizeof(hi), "%s~", fold);
	r = db_prepare(db, "SELECT " HIT_COLS " FROM product p WHERE p.name_fold >= ?1 "
		       "AND p.name_fold < ?2 AND p.active = 1 ORDER BY p.name_fold LIMIT ?3",
		       &st, err);
	if (r)
		goto out;
	sqlite3_bind_text(st, 1, fold, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, limit);
	r = emit_rows(db, st, 1, &s, err);
	if (r || s.nseen >= limit)
		goto out;

	/* (2) every word anywhere, the last one as a prefix (FTS5) */
	for (w = fold; *w;) {
		size_t wl = strcspn(w, " ");
		int last = w[wl] == '\0';

		if (mlen + wl + 8 >= sizeof(match))
			break;
		mlen += (size_t)snprintf(match + mlen, sizeof(match) - mlen, "%s\"%.*s\"%s",
					 mlen ? " " : "", (int)wl, w, last ? "*" : "");
		w += wl;
		while (*w == ' ')
			w++;
	}
	if (mlen == 0)
		goto out;
	r = db_prepare(db, "SELECT " HIT_COLS " FROM product_fts f JOIN product p "
		       "ON p.id = f.rowid WHERE product_fts MATCH ?1 AND p.active = 1 LIMIT ?2",
		       &st, err);
	if (r)
		goto out;
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, limit * 2);
	r = emit_rows(db, st, 2, &s, err);
out:
	if (nhits)
		*nhits = s.nseen;
	free(s.seen);
	return r;
}

/* --- listing -------------------------------------------------------- */

int catalog_list(struct db *db, const struct catalog_filter *f,
		 int (*cb)(void *ctx, const struct product *p), void *ctx,
		 struct pos_error *err)
{
	char today[CLOCK_DATE_LEN], until[CLOCK_DATE_LEN] = "";
	struct product p;
	sqlite3_stmt *st;
	int r, rc;

	clock_local_date(clock_now(), today);
	if (f && f->cert_expiring_days > 0)
		clock_date_add_days(today, f->cert_expiring_days, until, NULL);
	r = db_prepare(db, "SELECT " PRODUCT_COLS " FROM product p JOIN producer pr "
		       "ON pr.id = p.producer_id WHERE (?1 IS NULL OR pr.code = ?1) "
		       "AND (?2 IS NULL OR p.origin_province = ?2) "
		       "AND (?3 = 0 OR p.ocop_group = ?3) AND (?4 = 0 OR p.stars = ?4) "
		       "AND (?5 OR p.active = 1) "
		       "AND (?6 = '' OR (p.cert_expires IS NOT NULL AND p.cert_expires <= ?6)) "
		       "ORDER BY p.name COLLATE VI, p.sku", &st, err);
	if (r)
		return r;
	if (f && f->producer)
		sqlite3_bind_text(st, 1, f->producer, -1, SQLITE_STATIC);
	if (f && f->province)
		sqlite3_bind_text(st, 2, f->province, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, f ? f->group : 0);
	sqlite3_bind_int(st, 4, f ? f->stars : 0);
	sqlite3_bind_int(st, 5, f ? f->include_inactive : 0);
	sqlite3_bind_text(st, 6, until, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row_to_product(st, &p);
		r = load_barcodes(db, &p, err);
		if (!r)
			r = cb(ctx, &p);
		if (r) {
			sqlite3_reset(st);
			return r;
		}
	}
	r = rc == SQLITE_DONE ? 0 : db_fail(db, err, "listing products");
	sqlite3_reset(st);
	return r;
}

int catalog_new_instore_code(struct db *db, char out[14], struct pos_error *err)
{
	sqlite3_stmt *st;
	uint64_t next = 1;
	int r = db_prepare(db, "SELECT max(code) FROM product_barcode WHERE code >= '20' "
			   "AND code < '21' AND length(code) = 13", &st, err);

	if (r)
		return r;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT) {
		const char *max = (const char *)sqlite3_column_text(st, 0);

		next = strtoull(max + 2, NULL, 10) / 10 + 1;  /* drop the check digit */
	}
	sqlite3_reset(st);
	return barcode_make_instore(20, next, out, err);
}

int catalog_count(struct db *db, long long *count, struct pos_error *err)
{
	sqlite3_stmt *st;
	int r = db_prepare(db, "SELECT count(*) FROM product", &st, err);

	if (r)
		return r;
	if (sqlite3_step(st) != SQLITE_ROW) {
		r = db_fail(db, err, "counting products");
		sqlite3_reset(st);
		return r;
	}
	*count = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

int catalog_history(struct db *db, long long product_id,
		    int (*cb)(void *ctx, const struct catalog_change *c), void *ctx,
		    struct pos_error *err)
{
	struct catalog_change c;
	sqlite3_stmt *st;
	int r, rc;

	r = db_prepare(db, "SELECT at, kind, old_value, new_value, source FROM ("
		       " SELECT recorded_at AS at, 'rating' AS kind, "
		       "  CAST(previous_stars AS TEXT) AS old_value, "
		       "  stars || '★ ' || cert_number || coalesce(' ' || cert_issued, '') AS new_value, "
		       "  source, 0 AS o, id FROM rating WHERE product_id = ?1"
		       " UNION ALL SELECT changed_at, field, old_value, new_value, source, 1, id "
		       "  FROM product_history WHERE product_id = ?1 AND field <> 'stars')"
		       " ORDER BY at, o, id", &st, err);
	if (r)
		return r;
	sqlite3_bind_int64(st, 1, product_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		c.at = (const char *)sqlite3_column_text(st, 0);
		c.kind = (const char *)sqlite3_column_text(st, 1);
		c.old_value = (const char *)sqlite3_column_text(st, 2);
		c.new_value = (const char *)sqlite3_column_text(st, 3);
		c.source = (const char *)sqlite3_column_text(st, 4);
		r = cb(ctx, &c);
		if (r) {
			sqlite3_reset(st);
			return r;
		}
	}
	r = rc == SQLITE_DONE ? 0 : db_fail(db, err, "reading product history");
	sqlite3_reset(st);
	return r;
}
