/*
 * catfile.c - catalogue import and export, JSON and CSV (see catfile.h and
 * docs/formats.md).
 *
 * Import runs in three steps so that a bad record never leaves half a
 * file behind:
 *
 *   1. parse (catfile_parse, no database): the JSON (cJSON) or CSV (our
 *      own small RFC 4180 reader below) becomes arrays of struct producer
 *      and struct product.  Both formats feed the same text-based field
 *      setters (p_set, q_set), so "185.000", "KCT", "có" or a legacy
 *      province code mean the same in either.  Each record remembers its
 *      position (JSON index or CSV line) and a bit mask of the fields the
 *      file gave.  Then every record is validated, duplicates (codes,
 *      SKUs, barcodes) are refused, and a product without an origin takes
 *      its producer's province;
 *   2. resolve (inside the transaction, reads only): references to
 *      producers that are not in the file must exist in the database;
 *      fields the file left out are taken from the existing record;
 *      everything is validated again;
 *   3. write: producer_save then catalog_save for each record, committed
 *      once, rolled back on any failure.
 *
 * Look-ups by code during parsing use a small open-addressing hash of
 * record indexes (the arrays move when they grow, so it stores indexes,
 * not pointers).
 *
 * Export walks producer_list and catalog_list (inactive included).  JSON
 * is written one record at a time with cJSON_Print, indented to sit in
 * the envelope, so a large catalogue never lives in memory as one tree.
 * CSV writes one product per row with its producer inline, then one row
 * per producer that has no products (sku empty).
 */
#include "catfile.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db.h"
#include "field.h"
#include "fileio.h"
#include "i18n.h"
#include "lib/hash.h"
#include "lib/alloc.h"
#include "jsonstrict.h"
#include "money.h"
#include "refdata.h"
#include "vntext.h"

#define MAX_RECORDS 250000      /* producers, and products, per file */
#define CSV_MAX_FIELDS 1024
#define SET_TEXT_MAX 256

/* --- fields ----------------------------------------------------------- */

/* Product fields; bit (1u << PC_x) in a record's "given" mask. */
enum pcol {
	PC_SKU, PC_BARCODES, PC_NAME, PC_UNIT, PC_PRODUCER, PC_ORIGIN, PC_GROUP, PC_SET,
	PC_STARS, PC_CERT_NUMBER, PC_CERT_ISSUER, PC_CERT_ISSUED, PC_CERT_EXPIRES,
	PC_PRICE, PC_VAT, PC_SHELF, PC_SERVICE, PC_ACTIVE, PC_COUNT
};

/* Producer fields. */
enum qcol {
	QC_CODE, QC_NAME, QC_KIND, QC_PROVINCE, QC_COMMUNE, QC_TAX, QC_WOMEN, QC_ETHNIC,
	QC_CONTACT, QC_PHONE, QC_ACTIVE, QC_COUNT
};

#define BIT(c) (1u << (c))
#define P_REQUIRED (BIT(PC_SKU) | BIT(PC_NAME) | BIT(PC_PRODUCER) | BIT(PC_GROUP) | \
		    BIT(PC_STARS) | BIT(PC_PRICE))
#define P_CERT (BIT(PC_CERT_NUMBER) | BIT(PC_CERT_ISSUER) | BIT(PC_CERT_ISSUED) | \
		BIT(PC_CERT_EXPIRES))
#define Q_REQUIRED (BIT(QC_CODE) | BIT(QC_NAME) | BIT(QC_KIND) | BIT(QC_PROVINCE))

static const char *const pcol_json[PC_COUNT] = {
	"sku", "barcodes", "name", "unit", "producer", "origin_province", "group",
	"product_set", "stars", "certificate.number", "certificate.issuer",
	"certificate.issued", "certificate.expires", "price", "vat_rate",
	"shelf_life_days", "is_service", "active",
};

static const char *const qcol_json[QC_COUNT] = {
	"code", "name", "kind", "province", "commune", "tax_code", "women_led",
	"ethnic_minority_led", "contact", "phone", "active",
};

/* CSV columns, in the order export writes them. */
enum ccol {
	C_SKU, C_BARCODES, C_NAME, C_UNIT, C_PRODUCER_CODE, C_PRODUCER_NAME,
	C_PRODUCER_KIND, C_PRODUCER_PROVINCE, C_PRODUCER_COMMUNE, C_PRODUCER_TAX,
	C_WOMEN, C_ETHNIC, C_ORIGIN, C_GROUP, C_SET, C_STARS, C_CERT_NUMBER,
	C_CERT_ISSUER, C_CERT_ISSUED, C_CERT_EXPIRES, C_PRICE, C_VAT, C_SHELF,
	C_SERVICE, C_ACTIVE, C_PRODUCER_CONTACT, C_PRODUCER_PHONE, C_PRODUCER_ACTIVE,
	C_COUNT
};

static const struct {
	const char *name;
	int pcol;       /* product field, or -1 */
	int qcol;       /* producer field, or -1 */
} csv_cols[C_COUNT] = {
	{ "sku", PC_SKU, -1 },
	{ "barcodes", PC_BARCODES, -1 },
	{ "name", PC_NAME, -1 },
	{ "unit", PC_UNIT, -1 },
	{ "producer_code", PC_PRODUCER, QC_CODE },
	{ "producer_name", -1, QC_NAME },
	{ "producer_kind", -1, QC_KIND },
	{ "producer_province", -1, QC_PROVINCE },
	{ "producer_commune", -1, QC_COMMUNE },
	{ "producer_tax_code", -1, QC_TAX },
	{ "women_led", -1, QC_WOMEN },
	{ "ethnic_minority_led", -1, QC_ETHNIC },
	{ "origin_province", PC_ORIGIN, -1 },
	{ "group", PC_GROUP, -1 },
	{ "product_set", PC_SET, -1 },
	{ "stars", PC_STARS, -1 },
	{ "cert_number", PC_CERT_NUMBER, -1 },
	{ "cert_issuer", PC_CERT_ISSUER, -1 },
	{ "cert_issued", PC_CERT_ISSUED, -1 },
	{ "cert_expires", PC_CERT_EXPIRES, -1 },
	{ "price", PC_PRICE, -1 },
	{ "vat_rate", PC_VAT, -1 },
	{ "shelf_life_days", PC_SHELF, -1 },
	{ "is_service", PC_SERVICE, -1 },
	{ "active", PC_ACTIVE, -1 },
	{ "producer_contact", -1, QC_CONTACT },
	{ "producer_phone", -1, QC_PHONE },
	{ "producer_active", -1, QC_ACTIVE },
};

/* The CSV column of each producer field (for messages). */
static const int qcol_csv[QC_COUNT] = {
	C_PRODUCER_CODE, C_PRODUCER_NAME, C_PRODUCER_KIND, C_PRODUCER_PROVINCE,
	C_PRODUCER_COMMUNE, C_PRODUCER_TAX, C_WOMEN, C_ETHNIC, C_PRODUCER_CONTACT,
	C_PRODUCER_PHONE, C_PRODUCER_ACTIVE,
};

static const int pcol_csv[PC_COUNT] = {
	C_SKU, C_BARCODES, C_NAME, C_UNIT, C_PRODUCER_CODE, C_ORIGIN, C_GROUP, C_SET,
	C_STARS, C_CERT_NUMBER, C_CERT_ISSUER, C_CERT_ISSUED, C_CERT_EXPIRES, C_PRICE,
	C_VAT, C_SHELF, C_SERVICE, C_ACTIVE,
};

static const char *plabel(enum catfile_format fmt, int col)
{
	return fmt == CATFILE_JSON ? pcol_json[col] : csv_cols[pcol_csv[col]].name;
}

static const char *qlabel(enum catfile_format fmt, int col)
{
	return fmt == CATFILE_JSON ? qcol_json[col] : csv_cols[qcol_csv[col]].name;
}

/* --- index: string key -> record index -------------------------------- */

struct catfile_doc;

typedef const char *(*key_fn)(const struct catfile_doc *doc, size_t idx);

struct slot {
	size_t idx1;            /* record index + 1; 0 = empty */
	uint32_t hash;
};

struct smap {
	struct slot *s;
	size_t cap, n;          /* cap is 0 or a power of two */
	key_fn key;
};


static int smap_grow(struct smap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 64, i, j;
	struct slot *ns;

	if (ncap > SIZE_MAX / sizeof(*ns))
		return POS_ERR_NO_MEM;
	ns = calloc(ncap, sizeof(*ns));
	if (!ns)
		return POS_ERR_NO_MEM;
	for (i = 0; i < m->cap; i++) {
		if (!m->s[i].idx1)
			continue;
		for (j = m->s[i].hash & (ncap - 1); ns[j].idx1; j = (j + 1) & (ncap - 1))
			;
		ns[j] = m->s[i];
	}
	free(m->s);
	m->s = ns;
	m->cap = ncap;
	return 0;
}

/*
 * Find key k; when absent and insert is set, add it as idx.  Returns 1
 * and *found when present, 0 when absent (inserted or not), or
 * POS_ERR_NO_MEM.
 */
static int smap_find(struct smap *m, const struct catfile_doc *doc, const char *k,
		     int insert, size_t idx, size_t *found)
{
	uint32_t h = hash_str(k);
	size_t j;

	if (insert && (m->n + 1) * 2 > m->cap && smap_grow(m))
		return POS_ERR_NO_MEM;
	if (!m->cap)
		return 0;
	for (j = h & (m->cap - 1); m->s[j].idx1; j = (j + 1) & (m->cap - 1)) {
		if (m->s[j].hash == h && strcmp(m->key(doc, m->s[j].idx1 - 1), k) == 0) {
			*found = m->s[j].idx1 - 1;
			return 1;
		}
	}
	if (insert) {
		m->s[j].idx1 = idx + 1;
		m->s[j].hash = h;
		m->n++;
	}
	return 0;
}

static void smap_free(struct smap *m)
{
	free(m->s);
	m->s = NULL;
	m->cap = m->n = 0;
}

/* --- the document ----------------------------------------------------- */

struct catfile_doc_priv {
	size_t *qwhere;         /* producers: JSON index or CSV line */
	unsigned *qgiven;
	size_t qcap;
	size_t *pwhere;         /* products */
	unsigned *pgiven;
	size_t pcap;
	struct smap by_code;    /* producers by code */
	struct smap by_sku;     /* products by sku */
};

static const char *key_code(const struct catfile_doc *doc, size_t i)
{
	return doc->producers[i].code;
}

static const char *key_sku(const struct catfile_doc *doc, size_t i)
{
	return doc->products[i].sku;
}

static const char *key_barcode(const struct catfile_doc *doc, size_t i)
{
	return doc->products[i / PRODUCT_BARCODES_MAX].barcodes[i % PRODUCT_BARCODES_MAX];
}

void catfile_doc_free(struct catfile_doc *doc)
{
	if (!doc)
		return;
	if (doc->priv) {
		free(doc->priv->qwhere);
		free(doc->priv->qgiven);
		free(doc->priv->pwhere);
		free(doc->priv->pgiven);
		smap_free(&doc->priv->by_code);
		smap_free(&doc->priv->by_sku);
		free(doc->priv);
	}
	free(doc->producers);
	free(doc->products);
	free(doc);
}

static struct catfile_doc *doc_new(enum catfile_format fmt)
{
	struct catfile_doc *doc = calloc(1, sizeof(*doc));

	if (!doc)
		return NULL;
	doc->format = fmt;
	doc->priv = calloc(1, sizeof(*doc->priv));
	if (!doc->priv) {
		free(doc);
		return NULL;
	}
	doc->priv->by_code.key = key_code;
	doc->priv->by_sku.key = key_sku;
	return doc;
}

/*
 * arr (holding *cap elements of size el) grown to hold at least need
 * elements: returns the new array and updates *cap, or NULL (arr
 * untouched) when out of memory.
 */
static void *grow(void *arr, size_t need, size_t *cap, size_t el)
{
	return pos_grow(&arr, cap, need, el) ? NULL : arr;
}

/*
 * Grow three parallel arrays sharing the capacity *cap.  On failure some
 * may be larger than *cap says, which is harmless.
 */
static int grow3(void **a, size_t ela, void **b, size_t elb, void **c, size_t elc,
		 size_t need, size_t *cap)
{
	size_t ca = *cap, cb = *cap, cc = *cap;
	void *p;

	if (!(p = grow(*a, need, &ca, ela)))
		return POS_ERR_NO_MEM;
	*a = p;
	if (!(p = grow(*b, need, &cb, elb)))
		return POS_ERR_NO_MEM;
	*b = p;
	if (!(p = grow(*c, need, &cc, elc)))
		return POS_ERR_NO_MEM;
	*c = p;
	*cap = ca;
	return 0;
}

static int doc_add_producer(struct catfile_doc *doc, const struct producer *q,
			    unsigned given, size_t where)
{
	struct catfile_doc_priv *v = doc->priv;
	void *a = doc->producers, *b = v->qwhere, *c = v->qgiven;
	int r;

	r = grow3(&a, sizeof(*doc->producers), &b, sizeof(*v->qwhere), &c, sizeof(*v->qgiven),
		  doc->nproducers + 1, &v->qcap);
	doc->producers = a;
	v->qwhere = b;
	v->qgiven = c;
	if (r)
		return r;
	doc->producers[doc->nproducers] = *q;
	v->qwhere[doc->nproducers] = where;
	v->qgiven[doc->nproducers] = given;
	doc->nproducers++;
	return 0;
}

static int doc_add_product(struct catfile_doc *doc, const struct product *p,
			   unsigned given, size_t where)
{
	struct catfile_doc_priv *v = doc->priv;
	void *a = doc->products, *b = v->pwhere, *c = v->pgiven;
	int r;

	r = grow3(&a, sizeof(*doc->products), &b, sizeof(*v->pwhere), &c, sizeof(*v->pgiven),
		  doc->nproducts + 1, &v->pcap);
	doc->products = a;
	v->pwhere = b;
	v->pgiven = c;
	if (r)
		return r;
	doc->products[doc->nproducts] = *p;
	v->pwhere[doc->nproducts] = where;
	v->pgiven[doc->nproducts] = given;
	doc->nproducts++;
	return 0;
}

/* --- messages --------------------------------------------------------- */

/* 1 if s can be quoted in a message as is. */
static int quotable(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == '"' || s[i] == 0x7f)
			return 0;
	return i > 0 && utf8_valid(s, i);
}

/*
 * Where a record is, for messages: "products[3] (sku \"X\")",
 * "producers[0] (code \"Y\")", "line 14 (sku \"X\")".
 */
static void where_fmt(char *buf, size_t n, enum catfile_format fmt, int product, size_t pos,
		      const char *key)
{
	int len;

	if (fmt == CATFILE_JSON)
		len = snprintf(buf, n, "%s[%zu]", product ? "products" : "producers", pos);
	else
		len = snprintf(buf, n, "line %zu", pos);
	if (len < 0 || (size_t)len >= n || !key || !quotable(key))
		return;
	snprintf(buf + len, n - (size_t)len, " (%s \"%s\")",
		 product ? "sku" : fmt == CATFILE_JSON ? "code" : "producer", key);
}

/* Record inner's failure in err, prefixed with the record's position. */
static int fail_at(struct pos_error *err, const struct pos_error *inner, enum catfile_format fmt,
		   int product, size_t pos, const char *key)
{
	char where[96];

	where_fmt(where, sizeof(where), fmt, product, pos, key);
	return pos_fail(err, inner->code ? inner->code : POS_ERR_INVALID, "%s: %s", where,
			pos_error_text(inner));
}

/* --- text values ------------------------------------------------------ */

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The trimmed part of s: *start and *len. */
static void span(const char *s, size_t *start, size_t *len)
{
	size_t a = 0, b = strlen(s);

	while (a < b && is_space(s[a]))
		a++;
	while (b > a && is_space(s[b - 1]))
		b--;
	*start = a;
	*len = b - a;
}

/* Copy the n bytes at t into dst (size bytes) as a string. */
static int copy_text(char *dst, size_t size, const char *label, const char *t, size_t n,
		     struct pos_error *err)
{
	if (!utf8_valid(t, n))
		return pos_fail(err, POS_ERR_INVALID, tr("%s: is not valid UTF-8 text"), label);
	if (n >= size)
		return pos_fail(err, POS_ERR_INVALID, tr("%s: is longer than %zu bytes"), label,
				size - 1);
	memcpy(dst, t, n);
	dst[n] = '\0';
	return 0;
}

/* A whole number, optionally signed, at most 9 digits. */
static int parse_int(const char *t, size_t n, const char *label, int *out,
		     struct pos_error *err)
{
	size_t i = 0, digits = 0;
	int neg = 0, v = 0;

	if (n > 0 && (t[0] == '-' || t[0] == '+')) {
		neg = t[0] == '-';
		i = 1;
	}
	for (; i < n && t[i] >= '0' && t[i] <= '9'; i++, digits++)
		if (digits < 9)
			v = v * 10 + (t[i] - '0');
	if (i != n || digits == 0 || digits > 9)
		return pos_fail(err, POS_ERR_INVALID, tr("%s: must be a whole number, got \"%.*s\""),
				label, (int)(n > 40 ? 40 : n), t);
	*out = neg ? -v : v;
	return 0;
}

/*
 * A yes/no value: 1/0, true/false, yes/no, y/n, có/không (with or
 * without accents), x/empty; any case.
 */
static int parse_bool(const char *t, size_t n, const char *label, int *out,
		      struct pos_error *err)
{
	static const char *const yes[] = { "1", "true", "yes", "y", "x", "co" };
	static const char *const no[] = { "0", "false", "no", "n", "khong", "" };
	char f[16];
	size_t i, k = 0;

	for (i = 0; i < n && k < sizeof(f) - 1; i++) {
		unsigned char c = (unsigned char)t[i];

		if (c == 0xC3 && i + 1 < n &&
		    ((unsigned char)t[i + 1] == 0xB3 || (unsigned char)t[i + 1] == 0x93 ||
		     (unsigned char)t[i + 1] == 0xB4 || (unsigned char)t[i + 1] == 0x94)) {
			f[k++] = 'o';   /* ó Ó ô Ô */
			i++;
			continue;
		}
		f[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	f[k] = '\0';
	if (i == n) {
		for (k = 0; k < sizeof(yes) / sizeof(yes[0]); k++) {
			if (strcmp(f, yes[k]) == 0) {
				*out = 1;
				return 0;
			}
			if (strcmp(f, no[k]) == 0) {
				*out = 0;
				return 0;
			}
		}
	}
	return pos_fail(err, POS_ERR_INVALID,
			tr("%s: must be yes or no (1/0, true/false, yes/no, có/không, x/empty), "
			"got \"%.*s\""), label, (int)(n > 40 ? 40 : n), t);
}

/* A product as it is read, before validation. */
struct prod_in {
	struct product p;
	unsigned given;
	char set_text[SET_TEXT_MAX];   /* product_set as written (code or name) */
};

static void prod_in_init(struct prod_in *in)
{
	product_init(&in->p);
	in->given = 0;
	in->set_text[0] = '\0';
}

static int add_barcode(struct prod_in *in, const char *label, const char *t, size_t n,
		       struct pos_error *err)
{
	struct product *p = &in->p;

	if (p->nbarcodes >= PRODUCT_BARCODES_MAX)
		return pos_fail(err, POS_ERR_INVALID, tr("%s: more than %d barcodes"), label,
				PRODUCT_BARCODES_MAX);
	if (n >= PRODUCT_BARCODE_LEN || !utf8_valid(t, n))
		return pos_fail(err, POS_ERR_INVALID, tr("%s: \"%.*s\" is not a barcode"), label,
				(int)(n > 40 ? 40 : n), utf8_valid(t, n) ? t : "?");
	memcpy(p->barcodes[p->nbarcodes], t, n);
	p->barcodes[p->nbarcodes][n] = '\0';
	p->nbarcodes++;
	return 0;
}

/* Split a list of barcodes separated by ';' or '|' (spaces around ignored). */
static int add_barcode_list(struct prod_in *in, const char *label, const char *t, size_t n,
			    struct pos_error *err)
{
	size_t i = 0;

	while (i < n) {
		size_t a, b;
		int r;

		while (i < n && is_space(t[i]))
			i++;
		a = i;
		while (i < n && t[i] != ';' && t[i] != '|')
			i++;
		b = i;
		while (b > a && is_space(t[b - 1]))
			b--;
		if (b > a && (r = add_barcode(in, label, t + a, b - a, err)))
			return r;
		if (i < n)
			i++;
	}
	return 0;
}

/* Copy the n bytes at t into a short NUL-terminated buffer for a parser. */
static int short_text(char *buf, size_t size, const char *label, const char *t, size_t n,
		      const char *what, struct pos_error *err)
{
	if (n >= size || !utf8_valid(t, n))
		return pos_fail(err, POS_ERR_INVALID, tr("%s: \"%.*s\" is not %s"), label,
				(int)(n > 40 ? 40 : n), utf8_valid(t, n) ? t : "?", what);
	memcpy(buf, t, n);
	buf[n] = '\0';
	return 0;
}

/* Resolve a province name or (legacy) code into a 2025 code. */
static int set_province(char code[3], const char *label, const char *t, size_t n,
			struct pos_error *err)
{
	const struct province *prov;
	struct pos_error e;
	char buf[128];
	int r;

	r = short_text(buf, sizeof(buf), label, t, n, "a province", err);
	if (r)
		return r;
	r = province_resolve(buf, &prov, NULL, &e);
	if (r)
		return pos_fail(err, (enum pos_err)(r == POS_ERR_NO_MEM ? r : POS_ERR_INVALID),
				"%s: %s", label, pos_error_text(&e));
	memcpy(code, prov->code, 3);
	code[2] = '\0';
	return 0;
}

/*
 * Set product field col of in from text (a CSV cell or a JSON scalar as
 * text).  An empty text is "not given" for the required fields and for
 * those where empty has no meaning (unit, origin, VAT, active); for the
 * others it is the empty value.
 */
static int p_set(struct prod_in *in, int col, const char *label, const char *text,
		 struct pos_error *err)
{
	struct product *p = &in->p;
	struct pos_error e;
	size_t s, n;
	const char *t;
	char buf[64];
	int r = 0, v;

	span(text, &s, &n);
	t = text + s;
	if (n == 0) {
		switch (col) {
		case PC_SKU: case PC_NAME: case PC_UNIT: case PC_PRODUCER: case PC_ORIGIN:
		case PC_GROUP: case PC_STARS: case PC_PRICE: case PC_VAT: case PC_ACTIVE:
			return 0;
		default:
			break;
		}
	}
	switch (col) {
	case PC_SKU: r = copy_text(p->sku, sizeof(p->sku), label, t, n, err); break;
	case PC_BARCODES:
		p->nbarcodes = 0;
		r = add_barcode_list(in, label, t, n, err);
		break;
	case PC_NAME: r = copy_text(p->name, sizeof(p->name), label, t, n, err); break;
	case PC_UNIT: r = copy_text(p->unit, sizeof(p->unit), label, t, n, err); break;
	case PC_PRODUCER: r = copy_text(p->producer, sizeof(p->producer), label, t, n, err); break;
	case PC_ORIGIN:
		r = set_province(p->origin_province, label, t, n, err);
		break;
	case PC_GROUP: r = parse_int(t, n, label, &p->ocop_group, err); break;
	case PC_SET: r = copy_text(in->set_text, sizeof(in->set_text), label, t, n, err); break;
	case PC_STARS: r = parse_int(t, n, label, &p->stars, err); break;
	case PC_CERT_NUMBER:
		r = copy_text(p->cert_number, sizeof(p->cert_number), label, t, n, err);
		break;
	case PC_CERT_ISSUER:
		r = copy_text(p->cert_issuer, sizeof(p->cert_issuer), label, t, n, err);
		break;
	case PC_CERT_ISSUED:
		r = short_text(p->cert_issued, sizeof(p->cert_issued), label, t, n,
			       "a date (YYYY-MM-DD)", err);
		break;
	case PC_CERT_EXPIRES:
		r = short_text(p->cert_expires, sizeof(p->cert_expires), label, t, n,
			       "a date (YYYY-MM-DD)", err);
		break;
	case PC_PRICE: {
		int64_t price;

		r = short_text(buf, sizeof(buf), label, t, n, "an amount", err);
		if (r)
			break;
		if (money_parse(buf, &price, &e))
			return pos_fail(err, POS_ERR_INVALID, "%s: %s", label, pos_error_text(&e));
		p->price = price;
		break;
	}
	case PC_VAT:
		r = short_text(buf, sizeof(buf), label, t, n, "a VAT rate", err);
		if (r)
			break;
		if (vat_rate_parse(buf, &v, &e))
			return pos_fail(err, POS_ERR_INVALID, "%s: %s", label, pos_error_text(&e));
		p->vat_rate = v;
		break;
	case PC_SHELF:
		p->shelf_life_days = 0;
		if (n)
			r = parse_int(t, n, label, &p->shelf_life_days, err);
		break;
	case PC_SERVICE: r = parse_bool(t, n, label, &p->is_service, err); break;
	case PC_ACTIVE: r = parse_bool(t, n, label, &p->active, err); break;
	default: return 0;
	}
	if (r)
		return r;
	in->given |= BIT(col);
	return 0;
}

/* Same for producer fields. */
static int q_set(struct producer *q, unsigned *given, int col, const char *label,
		 const char *text, struct pos_error *err)
{
	struct pos_error e;
	enum producer_kind kind;
	size_t s, n;
	const char *t;
	char buf[128];
	int r = 0;

	span(text, &s, &n);
	t = text + s;
	if (n == 0 && (col == QC_CODE || col == QC_NAME || col == QC_KIND ||
		       col == QC_PROVINCE || col == QC_ACTIVE))
		return 0;
	switch (col) {
	case QC_CODE: r = copy_text(q->code, sizeof(q->code), label, t, n, err); break;
	case QC_NAME: r = copy_text(q->name, sizeof(q->name), label, t, n, err); break;
	case QC_KIND:
		r = short_text(buf, sizeof(buf), label, t, n, "a producer kind", err);
		if (r)
			break;
		if (producer_kind_parse(buf, &kind, &e))
			return pos_fail(err, POS_ERR_INVALID, "%s: %s", label, pos_error_text(&e));
		q->kind = kind;
		break;
	case QC_PROVINCE: r = set_province(q->province, label, t, n, err); break;
	case QC_COMMUNE: r = copy_text(q->commune, sizeof(q->commune), label, t, n, err); break;
	case QC_TAX: r = copy_text(q->tax_code, sizeof(q->tax_code), label, t, n, err); break;
	case QC_WOMEN: r = parse_bool(t, n, label, &q->women_led, err); break;
	case QC_ETHNIC: r = parse_bool(t, n, label, &q->ethnic_minority_led, err); break;
	case QC_CONTACT: r = copy_text(q->contact, sizeof(q->contact), label, t, n, err); break;
	case QC_PHONE: r = copy_text(q->phone, sizeof(q->phone), label, t, n, err); break;
	case QC_ACTIVE: r = parse_bool(t, n, label, &q->active, err); break;
	default: return 0;
	}
	if (r)
		return r;
	*given |= BIT(col);
	return 0;
}

/* After all fields: required ones present, product set resolved. */
static int p_finish(struct prod_in *in, enum catfile_format fmt, struct pos_error *err)
{
	const struct ocop_set *set;
	struct pos_error e;
	int c, r;

	for (c = 0; c < PC_COUNT; c++)
		if ((P_REQUIRED & BIT(c)) && !(in->given & BIT(c)))
			return pos_fail(err, POS_ERR_INVALID, tr("%s: missing"), plabel(fmt, c));
	in->p.product_set[0] = '\0';
	if (in->set_text[0] && ocop_group_find(in->p.ocop_group)) {
		r = ocop_set_resolve(in->p.ocop_group, in->set_text, &set, &e);
		if (r)
			return pos_fail(err, (enum pos_err)(r == POS_ERR_NO_MEM ? r : POS_ERR_INVALID),
					"%s: %s", plabel(fmt, PC_SET), pos_error_text(&e));
		snprintf(in->p.product_set, sizeof(in->p.product_set), "%s", set->code);
	}
	return 0;
}

static int q_finish(unsigned given, enum catfile_format fmt, struct pos_error *err)
{
	int c;

	for (c = 0; c < QC_COUNT; c++)
		if ((Q_REQUIRED & BIT(c)) && !(given & BIT(c)))
			return pos_fail(err, POS_ERR_INVALID, tr("%s: missing"), qlabel(fmt, c));
	return 0;
}

/* Render producer field col as text (to compare and quote it). */
static void q_render(const struct producer *q, int col, char *buf, size_t n)
{
	switch (col) {
	case QC_CODE: snprintf(buf, n, "%s", q->code); break;
	case QC_NAME: snprintf(buf, n, "%s", q->name); break;
	case QC_KIND: snprintf(buf, n, "%s", producer_kind_name(q->kind)); break;
	case QC_PROVINCE: snprintf(buf, n, "%s", q->province); break;
	case QC_COMMUNE: snprintf(buf, n, "%s", q->commune); break;
	case QC_TAX: snprintf(buf, n, "%s", q->tax_code); break;
	case QC_WOMEN: snprintf(buf, n, "%d", q->women_led); break;
	case QC_ETHNIC: snprintf(buf, n, "%d", q->ethnic_minority_led); break;
	case QC_CONTACT: snprintf(buf, n, "%s", q->contact); break;
	case QC_PHONE: snprintf(buf, n, "%s", q->phone); break;
	case QC_ACTIVE: snprintf(buf, n, "%d", q->active); break;
	default: buf[0] = '\0';
	}
}

/* Copy the producer fields not in given from src into q. */
static void q_merge(struct producer *q, unsigned given, const struct producer *src)
{
	if (!(given & BIT(QC_NAME)))
		memcpy(q->name, src->name, sizeof(q->name));
	if (!(given & BIT(QC_KIND)))
		q->kind = src->kind;
	if (!(given & BIT(QC_PROVINCE)))
		memcpy(q->province, src->province, sizeof(q->province));
	if (!(given & BIT(QC_COMMUNE)))
		memcpy(q->commune, src->commune, sizeof(q->commune));
	if (!(given & BIT(QC_TAX)))
		memcpy(q->tax_code, src->tax_code, sizeof(q->tax_code));
	if (!(given & BIT(QC_WOMEN)))
		q->women_led = src->women_led;
	if (!(given & BIT(QC_ETHNIC)))
		q->ethnic_minority_led = src->ethnic_minority_led;
	if (!(given & BIT(QC_CONTACT)))
		memcpy(q->contact, src->contact, sizeof(q->contact));
	if (!(given & BIT(QC_PHONE)))
		memcpy(q->phone, src->phone, sizeof(q->phone));
	if (!(given & BIT(QC_ACTIVE)))
		q->active = src->active;
}

/* Copy the product fields not in given from the existing record old. */
static void p_merge(struct product *p, unsigned given, const struct product *old)
{
	if (!(given & BIT(PC_BARCODES))) {
		p->nbarcodes = old->nbarcodes;
		memcpy(p->barcodes, old->barcodes, sizeof(p->barcodes));
	}
	if (!(given & BIT(PC_UNIT)))
		memcpy(p->unit, old->unit, sizeof(p->unit));
	if (!(given & BIT(PC_ORIGIN)))
		memcpy(p->origin_province, old->origin_province, sizeof(p->origin_province));
	if (!(given & BIT(PC_SET))) {
		/* a set of the old group cannot stay when the group changes */
		if (p->ocop_group == old->ocop_group)
			memcpy(p->product_set, old->product_set, sizeof(p->product_set));
		else
			p->product_set[0] = '\0';
	}
	if (!(given & P_CERT)) {
		memcpy(p->cert_number, old->cert_number, sizeof(p->cert_number));
		memcpy(p->cert_issuer, old->cert_issuer, sizeof(p->cert_issuer));
		memcpy(p->cert_issued, old->cert_issued, sizeof(p->cert_issued));
		memcpy(p->cert_expires, old->cert_expires, sizeof(p->cert_expires));
	}
	if (!(given & BIT(PC_VAT)))
		p->vat_rate = old->vat_rate;
	if (!(given & BIT(PC_SHELF)))
		p->shelf_life_days = old->shelf_life_days;
	if (!(given & BIT(PC_SERVICE)))
		p->is_service = old->is_service;
	if (!(given & BIT(PC_ACTIVE)))
		p->active = old->active;
}

/*
 * The first field where a and b differ, as "field: \"x\" here, \"y\" on
 * line N" into msg; returns 0 when they are the same.
 */
static int q_diff(const struct producer *a, const struct producer *b, size_t bline,
		  char *msg, size_t n)
{
	char x[PRODUCER_NAME_MAX], y[PRODUCER_NAME_MAX];
	int c;

	for (c = QC_NAME; c < QC_COUNT; c++) {
		q_render(a, c, x, sizeof(x));
		q_render(b, c, y, sizeof(y));
		if (strcmp(x, y) != 0) {
			snprintf(msg, n, "%s: \"%.60s\" here, \"%.60s\" on line %zu (a producer "
				 "must have the same details on every row)",
				 qlabel(CATFILE_CSV, c), x, y, bline);
			return 1;
		}
	}
	return 0;
}

/* --- CSV reader (RFC 4180) --------------------------------------------- */

struct csv {
	const char *s;
	size_t n, i;
	size_t line;            /* line of s[i], from 1 */
	size_t row_line;        /* line where the current row starts */
	char *buf;              /* the row's fields, each NUL-terminated */
	size_t blen, bcap;
	size_t *off;            /* offset of each field in buf */
	size_t nf, fcap;
};

/* Append n bytes (term: and a NUL ending the field) to the row buffer. */
static int csv_put(struct csv *c, const char *p, size_t n, int term, struct pos_error *err)
{
	char *nb;

	if (memchr(p, '\0', n))
		return pos_fail(err, POS_ERR_INVALID, tr("line %zu: the file contains a NUL byte "
				"(is it a CSV text file?)"), c->line);
	nb = grow(c->buf, c->blen + n + 1, &c->bcap, 1);
	if (!nb)
		return pos_fail(err, POS_ERR_NO_MEM, tr("out of memory reading the CSV file"));
	c->buf = nb;
	memcpy(c->buf + c->blen, p, n);
	c->blen += n;
	if (term)
		c->buf[c->blen++] = '\0';
	return 0;
}

static int csv_begin_field(struct csv *c, struct pos_error *err)
{
	size_t *no;

	if (c->nf >= CSV_MAX_FIELDS)
		return pos_fail(err, POS_ERR_INVALID, tr("line %zu: more than %d fields"),
				c->row_line, CSV_MAX_FIELDS);
	no = grow(c->off, c->nf + 1, &c->fcap, sizeof(*c->off));
	if (!no)
		return pos_fail(err, POS_ERR_NO_MEM, tr("out of memory reading the CSV file"));
	c->off = no;
	c->off[c->nf++] = c->blen;
	return 0;
}

/* A line break at s[j]: LF, or a CR not followed by LF. */
static int csv_breaks_line(const struct csv *c, size_t j)
{
	return c->s[j] == '\n' || (c->s[j] == '\r' && (j + 1 >= c->n || c->s[j + 1] != '\n'));
}

/*
 * Read the next row into c->buf/c->off/c->nf.  Returns 1 for a row, 0 at
 * the end of the input, or an error naming the line.
 */
static int csv_row(struct csv *c, struct pos_error *err)
{
	static const char quote = '"';
	int r;

	if (c->i >= c->n)
		return 0;
	c->nf = 0;
	c->blen = 0;
	c->row_line = c->line;
	for (;;) {
		if ((r = csv_begin_field(c, err)))
			return r;
		if (c->i < c->n && c->s[c->i] == '"') {
			size_t open_line = c->line, j;

			c->i++;
			for (;;) {
				for (j = c->i; j < c->n && c->s[j] != '"'; j++)
					if (csv_breaks_line(c, j))
						c->line++;
				if ((r = csv_put(c, c->s + c->i, j - c->i, 0, err)))
					return r;
				if (j >= c->n)
					return pos_fail(err, POS_ERR_INVALID,
							tr("line %zu: a quoted field is never closed "
							"(a '\"' is missing)"), open_line);
				if (j + 1 < c->n && c->s[j + 1] == '"') {
					if ((r = csv_put(c, &quote, 1, 0, err)))
						return r;
					c->i = j + 2;
					continue;
				}
				c->i = j + 1;
				break;
			}
			if (c->i < c->n && c->s[c->i] != ',' && c->s[c->i] != '\r' &&
			    c->s[c->i] != '\n')
				return pos_fail(err, POS_ERR_INVALID,
						tr("line %zu: text after a closing quote (inside a quoted "
						"field write a quote as \"\")"), c->line);
		} else {
			size_t j = c->i;

			while (j < c->n && c->s[j] != ',' && c->s[j] != '\r' && c->s[j] != '\n')
				j++;
			if ((r = csv_put(c, c->s + c->i, j - c->i, 0, err)))
				return r;
			c->i = j;
		}
		if ((r = csv_put(c, "", 0, 1, err)))
			return r;
		if (c->i < c->n && c->s[c->i] == ',') {
			c->i++;
			continue;
		}
		if (c->i < c->n && c->s[c->i] == '\r')
			c->i++;
		if (c->i < c->n && c->s[c->i] == '\n')
			c->i++;
		c->line++;
		return 1;
	}
}

static const char *csv_field(const struct csv *c, size_t k)
{
	return c->buf + c->off[k];
}

static void csv_release(struct csv *c)
{
	free(c->buf);
	free(c->off);
}

/* --- CSV catalogue ----------------------------------------------------- */

/* A reference row's producer details, checked once every row is read. */
struct pending {
	size_t line;
	struct producer q;
	unsigned given;
};

struct csv_state {
	struct csv c;
	int col[C_COUNT];               /* field index of each column, or -1 */
	size_t nheader;
	struct pending *pend;
	size_t npend, pcap;
};

/* The cell of column k in the current row, or NULL when there is no such column. */
static const char *cell(const struct csv_state *st, int k)
{
	return st->col[k] < 0 ? NULL : field_unguard(csv_field(&st->c, (size_t)st->col[k]));
}

static int blank(const char *s)
{
	size_t a, n;

	if (!s)
		return 1;
	span(s, &a, &n);
	return n == 0;
}

static int csv_header(struct csv_state *st, struct pos_error *err)
{
	static const int required[] = { C_SKU, C_NAME, C_PRODUCER_CODE, C_GROUP, C_STARS,
					C_PRICE };
	char name[64];
	size_t k, a, n, i;
	int r, j;

	for (j = 0; j < C_COUNT; j++)
		st->col[j] = -1;
	do {
		r = csv_row(&st->c, err);
		if (r < 0)
			return r;
		if (r == 0)
			return pos_fail(err, POS_ERR_INVALID,
					tr("catalogue CSV: the file is empty (it needs a header row "
					"naming the columns: sku,name,producer_code,group,stars,price,...)"));
	} while (st->c.nf == 1 && blank(csv_field(&st->c, 0)));
	st->nheader = st->c.nf;
	for (k = 0; k < st->c.nf; k++) {
		const char *f = csv_field(&st->c, k);

		span(f, &a, &n);
		if (n >= sizeof(name))
			continue;
		for (i = 0; i < n; i++)
			name[i] = (char)(f[a + i] >= 'A' && f[a + i] <= 'Z' ? f[a + i] + 32 : f[a + i]);
		name[n] = '\0';
		for (j = 0; j < C_COUNT; j++) {
			if (strcmp(name, csv_cols[j].name) != 0)
				continue;
			if (st->col[j] >= 0)
				return pos_fail(err, POS_ERR_INVALID,
						tr("line %zu: the column \"%s\" appears twice in the header"),
						st->c.row_line, csv_cols[j].name);
			st->col[j] = (int)k;
		}
	}
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (st->col[required[i]] < 0)
			return pos_fail(err, POS_ERR_INVALID,
					tr("line %zu: the header has no \"%s\" column (required columns: "
					"sku, name, producer_code, group, stars, price)"),
					st->c.row_line, csv_cols[required[i]].name);
	return 0;
}

/*
 * A later mention of producer q (fields in given) must agree with its
 * definition d (on line dline): fill in what the row leaves out,
 * normalise, compare.
 */
static int check_same_producer(struct producer *q, unsigned given, const struct producer *d,
			       size_t dline, struct pos_error *err)
{
	struct pos_error e;
	char msg[POS_ERRMSG_MAX];

	q_merge(q, given, d);
	if (producer_validate(q, &e))
		return pos_fail(err, e.code, "%s", pos_error_text(&e));
	if (q_diff(q, d, dline, msg, sizeof(msg)))
		return pos_fail(err, POS_ERR_INVALID, "%s", msg);
	return 0;
}

/* The producer columns of the current row. */
static int csv_row_producer(struct csv_state *st, int defining, struct producer *q,
			    unsigned *given, struct pos_error *err)
{
	int c, r;

	producer_init(q);
	*given = 0;
	for (c = 0; c < QC_COUNT; c++) {
		const char *v = cell(st, qcol_csv[c]);

		if (!v || (!defining && blank(v)))
			continue;
		r = q_set(q, given, c, qlabel(CATFILE_CSV, c), v, err);
		if (r)
			return r;
	}
	return 0;
}

static int csv_one_row(struct catfile_doc *doc, struct csv_state *st, struct pos_error *err)
{
	struct catfile_doc_priv *v = doc->priv;
	size_t line = st->c.row_line, found;
	struct pos_error e;
	struct producer q;
	struct prod_in in;
	unsigned qgiven;
	int defining, product_row, r, c, k;
	const char *sku = cell(st, C_SKU);

	product_row = !blank(sku);
	defining = !blank(cell(st, C_PRODUCER_NAME));
	prod_in_init(&in);
	if (product_row) {
		if ((r = p_set(&in, PC_SKU, "sku", sku, &e)))
			return fail_at(err, &e, CATFILE_CSV, 1, line, NULL);
	} else {
		for (k = 0; k < C_COUNT; k++)
			if (csv_cols[k].pcol >= 0 && k != C_PRODUCER_CODE && !blank(cell(st, k)))
				break;
		if (k < C_COUNT || !defining) {
			pos_fail(&e, POS_ERR_INVALID, tr("sku: missing%s"), k < C_COUNT ? "" :
				 " (a row without a sku must define a producer: producer_code, "
				 "producer_name, producer_kind, producer_province)");
			return fail_at(err, &e, CATFILE_CSV, 1, line, NULL);
		}
	}
	/* the producer */
	if (blank(cell(st, C_PRODUCER_CODE))) {
		pos_fail(&e, POS_ERR_INVALID, tr("producer_code: missing"));
		return fail_at(err, &e, CATFILE_CSV, 1, line, in.p.sku);
	}
	if ((r = csv_row_producer(st, defining, &q, &qgiven, &e)))
		return fail_at(err, &e, CATFILE_CSV, product_row, line,
			       product_row ? in.p.sku : q.code);
	if (defining) {
		r = smap_find(&v->by_code, doc, q.code, 0, 0, &found);
		if (r < 0)
			return pos_fail(err, POS_ERR_NO_MEM, tr("out of memory"));
		if (r == 1) {
			if (check_same_producer(&q, qgiven, &doc->producers[found],
						v->qwhere[found], &e))
				return fail_at(err, &e, CATFILE_CSV, 0, line, q.code);
			v->qgiven[found] |= qgiven;
		} else {
			if ((r = q_finish(qgiven, CATFILE_CSV, &e)) ||
			    (r = producer_validate(&q, &e)))
				return fail_at(err, &e, CATFILE_CSV, 0, line, q.code);
			if (doc->nproducers >= MAX_RECORDS)
				return pos_fail(err, POS_ERR_INVALID, tr("line %zu: more than %d "
						"producers in one file"), line, MAX_RECORDS);
			if (doc_add_producer(doc, &q, qgiven, line) ||
			    smap_find(&v->by_code, doc, q.code, 1, doc->nproducers - 1, &found) < 0)
				return pos_fail(err, POS_ERR_NO_MEM, tr("out of memory"));
		}
	} else if (qgiven & ~BIT(QC_CODE)) {
		struct pending *np = grow(st->pend, st->npend + 1, &st->pcap, sizeof(*st->pend));

		if (!np)
			return pos_fail(err, POS_ERR_NO_MEM, tr("out of memory"));
		st->pend = np;
		st->pend[st->npend].line = line;
		st->pend[st->npend].q = q;
		st->pend[st->npend].given = qgiven;
		st->npend++;
	}
	if (!product_row)
		return 0;
	/* the product */
	for (c = 0; c < PC_COUNT; c++) {
		const char *val = cell(st, pcol_csv[c]);

		if (!val || c == PC_SKU)
			continue;
		if ((r = p_set(&in, c, plabel(CATFILE_CSV, c), val, &e)))
			return fail_at(err, &e, CATFILE_CSV, 1, line, in.p.sku);
	}
	if ((r = p_finish(&in, CATFILE_CSV, &e)))
		return fail_at(err, &e, CATFILE_CSV, 1, line, in.p.sku);
	if (doc->nproducts >= MAX_RECORDS)
		return pos_fail(err, POS_ERR_INVALID, tr("line %zu: more than %d products in one file"),
				line, MAX_RECORDS);
	if (doc_add_product(doc, &in.p, in.given, line))
		return pos_fail(err, POS_ERR_NO_MEM, tr("out of memory"));
	return 0;
}

static int parse_csv(struct catfile_doc *doc, const char *data, size_t len,
		     struct pos_error *err)
{
	struct csv_state st;
	struct pos_error e;
	size_t k, found;
	int r, all_blank;

	memset(&st, 0, sizeof(st));
	st.c.s = data;
	st.c.n = len;
	st.c.line = 1;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		st.c.i = 3;
	r = csv_header(&st, err);
	while (!r && (r = csv_row(&st.c, err)) == 1) {
		r = 0;
		for (k = 0, all_blank = 1; k < st.c.nf && all_blank; k++)
			all_blank = blank(csv_field(&st.c, k));
		if (all_blank)
			continue;   /* an empty line, or a row of empty cells */
		if (st.c.nf != st.nheader) {
			r = pos_fail(err, POS_ERR_INVALID, tr("line %zu: %zu fields, but the header "
				     "has %zu (a field holding a comma must be in quotes)"),
				     st.c.row_line, st.c.nf, st.nheader);
			break;
		}
		for (k = 0; k < st.c.nf; k++) {
			const char *f = csv_field(&st.c, k);

			if (!utf8_valid(f, strlen(f))) {
				r = pos_fail(err, POS_ERR_INVALID, tr("line %zu: field %zu is not valid "
					     "UTF-8 text (save the file as \"CSV UTF-8\")"),
					     st.c.row_line, k + 1);
				break;
			}
		}
		if (!r)
			r = csv_one_row(doc, &st, err);
	}
	/* producer details on rows that only name the producer */
	for (k = 0; !r && k < st.npend; k++) {
		struct pending *pd = &st.pend[k];

		r = smap_find(&doc->priv->by_code, doc, pd->q.code, 0, 0, &found);
		if (r < 0) {
			r = pos_fail(err, POS_ERR_NO_MEM, tr("out of memory"));
			break;
		}
		if (r == 0) {
			pos_fail(&e, POS_ERR_INVALID, tr("producer_name: missing (give the producer's "
				 "name and details, or leave the producer columns empty to use a "
				 "producer already in the database)"));
			r = fail_at(err, &e, CATFILE_CSV, 0, pd->line, pd->q.code);
			break;
		}
		r = check_same_producer(&pd->q, pd->given, &doc->producers[found],
					doc->priv->qwhere[found], &e);
		if (r) {
			r = fail_at(err, &e, CATFILE_CSV, 0, pd->line, pd->q.code);
			break;
		}
		doc->priv->qgiven[found] |= pd->given;
	}
	csv_release(&st.c);
	free(st.pend);
	return r < 0 ? r : 0;
}

/* --- JSON catalogue ---------------------------------------------------- */

enum { J_STR = 1, J_NUM = 2, J_BOOL = 4 };

/*
 * The text of JSON value it for a field accepting the types in allow
 * (strings always).  *text is NULL when it is absent or null; numbers
 * must be whole and become decimal text in buf, booleans "1" or "0".
 */
static int json_text(const cJSON *it, const char *label, int allow, char *buf, size_t n,
		     const char **text, struct pos_error *err)
{
	*text = NULL;
	if (!it || cJSON_IsNull(it))
		return 0;
	if (cJSON_IsString(it) && it->valuestring) {
		*text = it->valuestring;
		return 0;
	}
	if (cJSON_IsNumber(it) && (allow & J_NUM)) {
		double d = it->valuedouble;
		long long x;

		if (!(d >= -9e15 && d <= 9e15) || (double)(x = (long long)d) != d)
			return pos_fail(err, POS_ERR_INVALID, tr("%s: must be a whole number, got %g"),
					label, d);
		snprintf(buf, n, "%lld", x);
		*text = buf;
		return 0;
	}
	if (cJSON_IsBool(it) && (allow & J_BOOL)) {
		*text = cJSON_IsTrue(it) ? "1" : "0";
		return 0;
	}
	if (allow & J_BOOL)
		return pos_fail(err, POS_ERR_INVALID, tr("%s: must be true or false"), label);
	if (allow & J_NUM)
		return pos_fail(err, POS_ERR_INVALID, tr("%s: must be a number"), label);
	return pos_fail(err, POS_ERR_INVALID, tr("%s: must be a string"), label);
}

static int json_allow_p(int col)
{
	switch (col) {
	case PC_ORIGIN: case PC_GROUP: case PC_STARS: case PC_PRICE: case PC_VAT: case PC_SHELF:
		return J_STR | J_NUM;
	case PC_SERVICE: case PC_ACTIVE:
		return J_STR | J_NUM | J_BOOL;
	default:
		return J_STR;
	}
}

static int json_allow_q(int col)
{
	switch (col) {
	case QC_PROVINCE:
		return J_STR | J_NUM;
	case QC_WOMEN: case QC_ETHNIC: case QC_ACTIVE:
		return J_STR | J_NUM | J_BOOL;
	default:
		return J_STR;
	}
}

static int json_producer(const cJSON *o, struct producer *q, unsigned *given,
			 struct pos_error *err)
{
	const char *text;
	char buf[32];
	int c, r;

	producer_init(q);
	*given = 0;
	if (!cJSON_IsObject(o))
		return pos_fail(err, POS_ERR_INVALID, tr("must be an object {\"code\": ..., ...}"));
	for (c = 0; c < QC_COUNT; c++) {
		const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, qcol_json[c]);

		if ((r = json_text(it, qcol_json[c], json_allow_q(c), buf, sizeof(buf), &text, err)))
			return r;
		if (text && (r = q_set(q, given, c, qcol_json[c], text, err)))
			return r;
	}
	if ((r = q_finish(*given, CATFILE_JSON, err)))
		return r;
	return producer_validate(q, err);
}

static int json_barcodes(struct prod_in *in, const cJSON *it, struct pos_error *err)
{
	const cJSON *b;
	char label[32];
	int i = 0, r;

	if (!it || cJSON_IsNull(it))
		return 0;
	in->given |= BIT(PC_BARCODES);
	in->p.nbarcodes = 0;
	if (cJSON_IsString(it) && it->valuestring)
		return add_barcode_list(in, "barcodes", it->valuestring,
					strlen(it->valuestring), err);
	if (!cJSON_IsArray(it))
		return pos_fail(err, POS_ERR_INVALID, tr("barcodes: must be a list of strings"));
	cJSON_ArrayForEach(b, it) {
		size_t s, n;

		snprintf(label, sizeof(label), "barcodes[%d]", i++);
		if (!cJSON_IsString(b) || !b->valuestring)
			return pos_fail(err, POS_ERR_INVALID, tr("%s: must be a string"), label);
		span(b->valuestring, &s, &n);
		if (n && (r = add_barcode(in, label, b->valuestring + s, n, err)))
			return r;
	}
	return 0;
}

static int json_product(const cJSON *o, struct prod_in *in, struct pos_error *err)
{
	static const char *const cert_keys[4] = { "number", "issuer", "issued", "expires" };
	const cJSON *cert;
	const char *text;
	char buf[32];
	int c, r;

	prod_in_init(in);
	if (!cJSON_IsObject(o))
		return pos_fail(err, POS_ERR_INVALID, tr("must be an object {\"sku\": ..., ...}"));
	for (c = 0; c < PC_COUNT; c++) {
		const cJSON *it;

		if (c == PC_BARCODES || (P_CERT & BIT(c)))
			continue;
		it = cJSON_GetObjectItemCaseSensitive(o, pcol_json[c]);
		if ((r = json_text(it, pcol_json[c], json_allow_p(c), buf, sizeof(buf), &text, err)))
			return r;
		if (text && (r = p_set(in, c, pcol_json[c], text, err)))
			return r;
	}
	r = json_barcodes(in, cJSON_GetObjectItemCaseSensitive(o, "barcodes"), err);
	if (r)
		return r;
	cert = cJSON_GetObjectItemCaseSensitive(o, "certificate");
	if (cert && !cJSON_IsNull(cert)) {
		if (!cJSON_IsObject(cert))
			return pos_fail(err, POS_ERR_INVALID, tr("certificate: must be an object "
					"{\"number\", \"issuer\", \"issued\", \"expires\"}"));
		in->given |= P_CERT;
		for (c = 0; c < 4; c++) {
			const cJSON *it = cJSON_GetObjectItemCaseSensitive(cert, cert_keys[c]);
			int col = PC_CERT_NUMBER + c;

			if ((r = json_text(it, pcol_json[col], J_STR, buf, sizeof(buf), &text, err)))
				return r;
			if (text && (r = p_set(in, col, pcol_json[col], text, err)))
				return r;
		}
	}
	return p_finish(in, CATFILE_JSON, err);
}

/* Line and column (from 1) of byte off in data. */
static void line_col(const char *data, size_t off, size_t *line, size_t *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (data[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)data[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

static int parse_json(struct catfile_doc *doc, const char *data, size_t len,
		      struct pos_error *err)
{
	struct catfile_doc_priv *v = doc->priv;
	const cJSON *it, *rec;
	const char *end = NULL;
	struct pos_error e;
	cJSON *root;
	size_t i, found, line, col;
	char why[160];
	int r = 0;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	root = cJSON_ParseWithLengthOpts(data, len, &end, 0);
	if (!root) {
		if (end && end >= data && end <= data + len) {
			line_col(data, (size_t)(end - data), &line, &col);
			return pos_fail(err, POS_ERR_INVALID, tr("catalogue JSON: syntax error at "
					"line %zu, column %zu"), line, col);
		}
		return pos_fail(err, POS_ERR_INVALID, tr("catalogue JSON: not a JSON document"));
	}
	if (end && end >= data && end <= data + len) {
		for (i = (size_t)(end - data); i < len && is_space(data[i]); i++)
			;
		if (i < len) {
			line_col(data, i, &line, &col);
			r = pos_fail(err, POS_ERR_INVALID, tr("catalogue JSON: unexpected text after "
				     "the end of the document at line %zu, column %zu"), line, col);
			goto out;
		}
	}
	if (jsonstrict_nul(data, len, &i)) {
		line_col(data, i, &line, &col);
		r = pos_fail(err, POS_ERR_INVALID, tr("catalogue JSON: line %zu, column %zu: a NUL "
			     "character (\\u0000) inside a text is not allowed"), line, col);
		goto out;
	}
	if (!cJSON_IsObject(root)) {
		r = pos_fail(err, POS_ERR_INVALID, tr("catalogue JSON: the document must be an object "
			     "{\"format\": \"%s\", \"version\": 1, ...}"), CATFILE_FORMAT_TAG);
		goto out;
	}
	it = cJSON_GetObjectItemCaseSensitive(root, "format");
	if (!cJSON_IsString(it) || !it->valuestring ||
	    strcmp(it->valuestring, CATFILE_FORMAT_TAG) != 0) {
		char got[80];

		if (!it)
			snprintf(got, sizeof(got), "nothing");
		else if (cJSON_IsString(it) && it->valuestring && quotable(it->valuestring))
			snprintf(got, sizeof(got), "\"%.60s\"", it->valuestring);
		else
			snprintf(got, sizeof(got), "another value");
		r = pos_fail(err, POS_ERR_INVALID, tr("format: expected \"%s\", got %s: this is "
			     "not an ocop-pos catalogue"), CATFILE_FORMAT_TAG, got);
		goto out;
	}
	it = cJSON_GetObjectItemCaseSensitive(root, "version");
	if (!cJSON_IsNumber(it) || it->valuedouble != CATFILE_VERSION) {
		if (cJSON_IsNumber(it))
			r = pos_fail(err, POS_ERR_INVALID, tr("version: this ocop-pos reads catalogue "
				     "version %d, the file is version %g"), CATFILE_VERSION,
				     it->valuedouble);
		else
			r = pos_fail(err, POS_ERR_INVALID, tr("version: missing or not a number "
				     "(expected %d)"), CATFILE_VERSION);
		goto out;
	}

	it = cJSON_GetObjectItemCaseSensitive(root, "producers");
	if (it && !cJSON_IsNull(it) && !cJSON_IsArray(it)) {
		r = pos_fail(err, POS_ERR_INVALID, tr("producers: must be a list [...]"));
		goto out;
	}
	i = 0;
	cJSON_ArrayForEach(rec, it) {
		struct producer q;
		unsigned given;

		if (i >= MAX_RECORDS) {
			r = pos_fail(err, POS_ERR_INVALID, tr("producers: more than %d in one file"),
				     MAX_RECORDS);
			goto out;
		}
		if (json_producer(rec, &q, &given, &e)) {
			r = fail_at(err, &e, CATFILE_JSON, 0, i, q.code);
			goto out;
		}
		if (jsonstrict_tree(rec, why, sizeof(why))) {
			pos_fail(&e, POS_ERR_INVALID, "%s", why);
			r = fail_at(err, &e, CATFILE_JSON, 0, i, q.code);
			goto out;
		}
		r = smap_find(&v->by_code, doc, q.code, 0, 0, &found);
		if (r == 1) {
			pos_fail(&e, POS_ERR_INVALID, tr("code: listed twice (also producers[%zu])"),
				 v->qwhere[found]);
			r = fail_at(err, &e, CATFILE_JSON, 0, i, q.code);
			goto out;
		}
		if (r < 0 || doc_add_producer(doc, &q, given, i) ||
		    smap_find(&v->by_code, doc, q.code, 1, doc->nproducers - 1, &found) < 0) {
			r = pos_fail(err, POS_ERR_NO_MEM, tr("out of memory"));
			goto out;
		}
		i++;
	}

	it = cJSON_GetObjectItemCaseSensitive(root, "products");
	if (it && !cJSON_IsNull(it) && !cJSON_IsArray(it)) {
		r = pos_fail(err, POS_ERR_INVALID, tr("products: must be a list [...]"));
		goto out;
	}
	i = 0;
	cJSON_ArrayForEach(rec, it) {
		struct prod_in in;

		if (i >= MAX_RECORDS) {
			r = pos_fail(err, POS_ERR_INVALID, tr("products: more than %d in one file"),
				     MAX_RECORDS);
			goto out;
		}
		if (json_product(rec, &in, &e)) {
			r = fail_at(err, &e, CATFILE_JSON, 1, i, in.p.sku);
			goto out;
		}
		if (jsonstrict_tree(rec, why, sizeof(why))) {
			pos_fail(&e, POS_ERR_INVALID, "%s", why);
			r = fail_at(err, &e, CATFILE_JSON, 1, i, in.p.sku);
			goto out;
		}
		if (doc_add_product(doc, &in.p, in.given, i)) {
			r = pos_fail(err, POS_ERR_NO_MEM, tr("out of memory"));
			goto out;
		}
		i++;
	}
	/* the document around the records ("products" twice, say) */
	if (jsonstrict_tree(root, why, sizeof(why))) {
		r = pos_fail(err, POS_ERR_INVALID, tr("catalogue JSON: %s"), why);
		goto out;
	}
	r = 0;
out:
	cJSON_Delete(root);
	return r;
}

/* --- checks common to both formats -------------------------------------- */

/* The index of the producer with this code in doc, or -1. */
static long doc_producer(const struct catfile_doc *doc, const char *code)
{
	size_t found;

	if (smap_find(&doc->priv->by_code, doc, code, 0, 0, &found) == 1)
		return (long)found;
	return -1;
}

static int check_products(struct catfile_doc *doc, struct pos_error *err)
{
	struct catfile_doc_priv *v = doc->priv;
	struct smap barcodes = { NULL, 0, 0, key_barcode };
	enum catfile_format fmt = doc->format;
	const struct province *placeholder = province_at(0);
	struct pos_error e;
	char other[96];
	size_t i, found;
	int j, r = 0;

	for (i = 0; i < doc->nproducts; i++) {
		struct product *p = &doc->products[i];
		long q = doc_producer(doc, p->producer);
		int pending = 0;

		if (!(v->pgiven[i] & BIT(PC_ORIGIN))) {
			if (q >= 0)
				memcpy(p->origin_province, doc->producers[q].province, 3);
			else
				pending = 1;    /* the database producer's, on import */
		}
		if (pending && placeholder)
			memcpy(p->origin_province, placeholder->code, 3);
		r = product_validate(p, &e);
		if (pending)
			p->origin_province[0] = '\0';
		if (r) {
			r = fail_at(err, &e, fmt, 1, v->pwhere[i], p->sku);
			goto out;
		}
		r = smap_find(&v->by_sku, doc, p->sku, 1, i, &found);
		if (r < 0)
			goto nomem;
		if (r == 1) {
			where_fmt(other, sizeof(other), fmt, 1, v->pwhere[found], NULL);
			pos_fail(&e, POS_ERR_INVALID, tr("sku: listed twice (also %s)"), other);
			r = fail_at(err, &e, fmt, 1, v->pwhere[i], p->sku);
			goto out;
		}
		for (j = 0; j < p->nbarcodes; j++) {
			r = smap_find(&barcodes, doc, p->barcodes[j], 1,
				      i * PRODUCT_BARCODES_MAX + (size_t)j, &found);
			if (r < 0)
				goto nomem;
			if (r == 1) {
				size_t o = found / PRODUCT_BARCODES_MAX;

				where_fmt(other, sizeof(other), fmt, 1, v->pwhere[o],
					  doc->products[o].sku);
				pos_fail(&e, POS_ERR_INVALID, tr("barcodes[%d]: %s is also a barcode "
					 "of %s"), j, p->barcodes[j], other);
				r = fail_at(err, &e, fmt, 1, v->pwhere[i], p->sku);
				goto out;
			}
		}
	}
	r = 0;
	goto out;
nomem:
	r = pos_fail(err, POS_ERR_NO_MEM, tr("out of memory"));
out:
	smap_free(&barcodes);
	return r;
}

int catfile_parse(const char *data, size_t len, enum catfile_format fmt,
		  struct catfile_doc **out, struct pos_error *err)
{
	struct catfile_doc *doc;
	char *copy;
	int r;

	if (fmt != CATFILE_JSON && fmt != CATFILE_CSV)
		return pos_fail(err, POS_ERR_INVALID, tr("unknown catalogue format"));
	if (!data)
		len = 0;
	if (len > CATFILE_MAX_SIZE)
		return pos_fail(err, POS_ERR_INVALID, tr("the catalogue is larger than %u MiB"),
				CATFILE_MAX_SIZE >> 20);
	/* a NUL-terminated copy: neither parser may run past the end */
	copy = malloc(len + 1);
	doc = doc_new(fmt);
	if (!copy || !doc) {
		free(copy);
		catfile_doc_free(doc);
		return pos_fail(err, POS_ERR_NO_MEM, tr("out of memory reading the catalogue"));
	}
	if (len)
		memcpy(copy, data, len);
	copy[len] = '\0';
	r = fmt == CATFILE_JSON ? parse_json(doc, copy, len, err) : parse_csv(doc, copy, len, err);
	free(copy);
	if (!r)
		r = check_products(doc, err);
	if (r) {
		catfile_doc_free(doc);
		return r;
	}
	*out = doc;
	return 0;
}

/* --- import ------------------------------------------------------------- */

/* Resolve and save everything inside the caller's transaction. */
static int import_doc(struct db *db, struct catfile_doc *doc, const char *source,
		      struct catfile_result *res, struct pos_error *err)
{
	struct catfile_doc_priv *v = doc->priv;
	enum catfile_format fmt = doc->format;
	struct pos_error e;
	unsigned char *exists = NULL;
	size_t i, n = doc->nproducers + doc->nproducts;
	int r = 0, changed;

	exists = calloc(n ? n : 1, 1);
	if (!exists)
		return pos_fail(err, POS_ERR_NO_MEM, tr("out of memory importing the catalogue"));
	/* 2. resolve against the database (reads only) */
	for (i = 0; i < doc->nproducers; i++) {
		struct producer *q = &doc->producers[i], old;

		r = producer_get(db, q->code, &old, &e);
		if (r == POS_ERR_NOT_FOUND) {
			r = 0;
			continue;
		}
		if (!r) {
			exists[i] = 1;
			q_merge(q, v->qgiven[i], &old);
			r = producer_validate(q, &e);
		}
		if (r) {
			r = fail_at(err, &e, fmt, 0, v->qwhere[i], q->code);
			goto out;
		}
	}
	for (i = 0; i < doc->nproducts; i++) {
		struct product *p = &doc->products[i], old;
		struct producer dbq;
		long q = doc_producer(doc, p->producer);
		const char *province;

		if (q >= 0) {
			province = doc->producers[q].province;
		} else {
			r = producer_get(db, p->producer, &dbq, &e);
			if (r == POS_ERR_NOT_FOUND)
				pos_fail(&e, POS_ERR_INVALID, tr("producer: unknown producer \"%s\" (it "
					 "is neither in this file nor in the database)"), p->producer);
			if (r) {
				r = fail_at(err, &e, fmt, 1, v->pwhere[i], p->sku);
				goto out;
			}
			province = dbq.province;
		}
		r = catalog_get(db, p->sku, &old, &e);
		if (r == POS_ERR_NOT_FOUND) {
			r = 0;
			if (!p->origin_province[0])
				memcpy(p->origin_province, province, 3);
		} else if (!r) {
			exists[doc->nproducers + i] = 1;
			p_merge(p, v->pgiven[i], &old);
		}
		if (!r)
			r = product_validate(p, &e);
		if (r) {
			r = fail_at(err, &e, fmt, 1, v->pwhere[i], p->sku);
			goto out;
		}
	}
	/* 3. write */
	for (i = 0; i < doc->nproducers; i++) {
		r = producer_save(db, &doc->producers[i], &changed, &e);
		if (r) {
			r = fail_at(err, &e, fmt, 0, v->qwhere[i], doc->producers[i].code);
			goto out;
		}
		if (!exists[i])
			res->producers_added++;
		else if (changed)
			res->producers_updated++;
		else
			res->producers_unchanged++;
	}
	for (i = 0; i < doc->nproducts; i++) {
		r = catalog_save(db, &doc->products[i], source, &changed, &e);
		if (r) {
			r = fail_at(err, &e, fmt, 1, v->pwhere[i], doc->products[i].sku);
			goto out;
		}
		if (!exists[doc->nproducers + i])
			res->products_added++;
		else if (changed)
			res->products_updated++;
		else
			res->products_unchanged++;
	}
out:
	free(exists);
	return r;
}

struct import_args {
	struct catfile_doc *doc;
	const char *source;
	struct catfile_result *counts;
};

static int import_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct import_args *a = ctx;

	return import_doc(db, a->doc, a->source, a->counts, err);
}

int catfile_import(struct db *db, const char *data, size_t len, enum catfile_format fmt,
		   const char *source, struct catfile_result *res, struct pos_error *err)
{
	struct import_args a;
	struct catfile_result counts;
	struct catfile_doc *doc;
	int r;

	memset(&counts, 0, sizeof(counts));
	r = catfile_parse(data, len, fmt, &doc, err);
	if (r)
		return r;
	a.doc = doc;
	a.source = source ? source : "import";
	a.counts = &counts;
	r = db_tx(db, DB_TX_WRITE, import_in_tx, &a, err);
	if (!r && res)
		*res = counts;
	catfile_doc_free(doc);
	return r;
}

int catfile_format_from_name(const char *path, enum catfile_format *fmt,
			     struct pos_error *err)
{
	const char *dot = path ? strrchr(path, '.') : NULL;
	const char *slash = path ? strrchr(path, '/') : NULL;

	if (dot && (!slash || dot > slash)) {
		if (strcasecmp(dot, ".json") == 0) {
			*fmt = CATFILE_JSON;
			return 0;
		}
		if (strcasecmp(dot, ".csv") == 0) {
			*fmt = CATFILE_CSV;
			return 0;
		}
	}
	return pos_fail(err, POS_ERR_INVALID, tr("%s: unknown catalogue format; use a .json or "
			".csv file"), path ? path : "(no file)");
}

int catfile_import_file(struct db *db, const char *path, const char *source,
			struct catfile_result *res, struct pos_error *err)
{
	enum catfile_format fmt = CATFILE_JSON;
	char src[1024];
	char *data = NULL;
	size_t len = 0;
	int r;

	r = catfile_format_from_name(path, &fmt, err);
	if (r)
		return r;
	r = fileio_read(path, CATFILE_MAX_SIZE, &data, &len, err);
	if (r)
		return r;
	if (!source) {
		snprintf(src, sizeof(src), "import:%s", path);
		source = src;
	}
	r = catfile_import(db, data, len, fmt, source, res, err);
	free(data);
	return r;
}

/* --- export -------------------------------------------------------------- */

struct exp {
	FILE *out;
	enum catfile_format fmt;
	size_t count;                   /* records written to the current list */
	struct producer *prods;         /* CSV: every producer, list order */
	size_t nprods, cap;
	const struct producer **by_code;        /* CSV: prods sorted by code */
	unsigned char *used;            /* CSV: producer has a product row */
	int nomem;
};

/* Write a cJSON-printed record indented by two tabs, after a separator. */
static int json_emit(struct exp *x, cJSON *o)
{
	char *s, *p;

	if (!o) {
		x->nomem = 1;
		return POS_ERR_NO_MEM;
	}
	s = cJSON_Print(o);
	cJSON_Delete(o);
	if (!s) {
		x->nomem = 1;
		return POS_ERR_NO_MEM;
	}
	fputs(x->count ? ",\n\t\t" : "\n\t\t", x->out);
	for (p = s; *p; p++) {
		fputc(*p, x->out);
		if (*p == '\n')
			fputs("\t\t", x->out);
	}
	cJSON_free(s);
	x->count++;
	return 0;
}

static cJSON *json_of_producer(const struct producer *q)
{
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	if (!cJSON_AddStringToObject(o, "code", q->code) ||
	    !cJSON_AddStringToObject(o, "name", q->name) ||
	    !cJSON_AddStringToObject(o, "kind", producer_kind_name(q->kind)) ||
	    !cJSON_AddStringToObject(o, "province", q->province) ||
	    !cJSON_AddStringToObject(o, "commune", q->commune) ||
	    !cJSON_AddStringToObject(o, "tax_code", q->tax_code) ||
	    !cJSON_AddBoolToObject(o, "women_led", q->women_led) ||
	    !cJSON_AddBoolToObject(o, "ethnic_minority_led", q->ethnic_minority_led) ||
	    !cJSON_AddStringToObject(o, "contact", q->contact) ||
	    !cJSON_AddStringToObject(o, "phone", q->phone) ||
	    !cJSON_AddBoolToObject(o, "active", q->active)) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static cJSON *json_of_product(const struct product *p)
{
	cJSON *o = cJSON_CreateObject(), *codes, *cert;
	char price[32];
	int i;

	if (!o)
		return NULL;
	snprintf(price, sizeof(price), "%lld", (long long)p->price);
	if (!cJSON_AddStringToObject(o, "sku", p->sku) ||
	    !(codes = cJSON_AddArrayToObject(o, "barcodes")))
		goto fail;
	for (i = 0; i < p->nbarcodes; i++) {
		cJSON *s = cJSON_CreateString(p->barcodes[i]);

		if (!s || !cJSON_AddItemToArray(codes, s)) {
			cJSON_Delete(s);
			goto fail;
		}
	}
	if (!cJSON_AddStringToObject(o, "name", p->name) ||
	    !cJSON_AddStringToObject(o, "unit", p->unit) ||
	    !cJSON_AddStringToObject(o, "producer", p->producer) ||
	    !cJSON_AddStringToObject(o, "origin_province", p->origin_province) ||
	    !cJSON_AddNumberToObject(o, "group", p->ocop_group) ||
	    !cJSON_AddStringToObject(o, "product_set", p->product_set) ||
	    !cJSON_AddNumberToObject(o, "stars", p->stars) ||
	    !(cert = cJSON_AddObjectToObject(o, "certificate")) ||
	    !cJSON_AddStringToObject(cert, "number", p->cert_number) ||
	    !cJSON_AddStringToObject(cert, "issuer", p->cert_issuer) ||
	    !cJSON_AddStringToObject(cert, "issued", p->cert_issued) ||
	    !cJSON_AddStringToObject(cert, "expires", p->cert_expires) ||
	    !cJSON_AddRawToObject(o, "price", price) ||
	    !(p->vat_rate == VAT_KCT ? cJSON_AddStringToObject(o, "vat_rate", "KCT") :
	      cJSON_AddNumberToObject(o, "vat_rate", p->vat_rate)) ||
	    !cJSON_AddNumberToObject(o, "shelf_life_days", p->shelf_life_days) ||
	    !cJSON_AddBoolToObject(o, "is_service", p->is_service) ||
	    !cJSON_AddBoolToObject(o, "active", p->active))
		goto fail;
	return o;
fail:
	cJSON_Delete(o);
	return NULL;
}

static int json_producer_cb(void *ctx, const struct producer *q)
{
	struct exp *x = ctx;

	return json_emit(x, json_of_producer(q));
}

static int json_product_cb(void *ctx, const struct product *p)
{
	struct exp *x = ctx;

	return json_emit(x, json_of_product(p));
}

static int export_json(struct db *db, struct exp *x, struct pos_error *err)
{
	struct producer_filter pf = { NULL, -1, NULL, 1 };
	struct catalog_filter cf = { NULL, NULL, 0, 0, 1, 0 };
	int r;

	fprintf(x->out, "{\n\t\"format\":\t\"%s\",\n\t\"version\":\t%d,\n\t\"producers\":\t[",
		CATFILE_FORMAT_TAG, CATFILE_VERSION);
	x->count = 0;
	r = producer_list(db, &pf, json_producer_cb, x, err);
	if (r)
		return r;
	fputs(x->count ? "\n\t],\n\t\"products\":\t[" : "],\n\t\"products\":\t[", x->out);
	x->count = 0;
	r = catalog_list(db, &cf, json_product_cb, x, err);
	if (r)
		return r;
	fputs(x->count ? "\n\t]\n}\n" : "]\n}\n", x->out);
	return 0;
}

/* One CSV field, quoted when it must be. */
static void csv_write(FILE *out, const char *s, int first)
{
	size_t n = strlen(s);

	if (!first)
		fputc(',', out);
	if (field_formula_like(s)) {
		/* a spreadsheet must show it, not run it (OWASP): '=... */
		fputs("\"'", out);
	} else if (!strpbrk(s, ",\"\r\n") && !(n && (is_space(s[0]) || is_space(s[n - 1])))) {
		fputs(s, out);
		return;
	} else {
		fputc('"', out);
	}
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

/* Write the row of product p (NULL: a producer-only row) of producer q. */
static void csv_row_out(FILE *out, const struct product *p, const struct producer *q)
{
	char v[C_COUNT][PRODUCT_BARCODES_MAX * PRODUCT_BARCODE_LEN + 8];
	int k, i;
	size_t len;

	for (k = 0; k < C_COUNT; k++)
		v[k][0] = '\0';
	if (q) {
		snprintf(v[C_PRODUCER_CODE], sizeof(v[0]), "%s", q->code);
		snprintf(v[C_PRODUCER_KIND], sizeof(v[0]), "%s", producer_kind_name(q->kind));
		snprintf(v[C_PRODUCER_PROVINCE], sizeof(v[0]), "%s", q->province);
		snprintf(v[C_PRODUCER_TAX], sizeof(v[0]), "%s", q->tax_code);
		snprintf(v[C_WOMEN], sizeof(v[0]), "%d", q->women_led);
		snprintf(v[C_ETHNIC], sizeof(v[0]), "%d", q->ethnic_minority_led);
		snprintf(v[C_PRODUCER_ACTIVE], sizeof(v[0]), "%d", q->active);
	}
	if (p) {
		snprintf(v[C_SKU], sizeof(v[0]), "%s", p->sku);
		for (i = 0, len = 0; i < p->nbarcodes && len < sizeof(v[0]); i++)
			len += (size_t)snprintf(v[C_BARCODES] + len, sizeof(v[0]) - len, "%s%s",
						i ? ";" : "", p->barcodes[i]);
		snprintf(v[C_UNIT], sizeof(v[0]), "%s", p->unit);
		if (!q)
			snprintf(v[C_PRODUCER_CODE], sizeof(v[0]), "%s", p->producer);
		snprintf(v[C_ORIGIN], sizeof(v[0]), "%s", p->origin_province);
		snprintf(v[C_GROUP], sizeof(v[0]), "%d", p->ocop_group);
		snprintf(v[C_SET], sizeof(v[0]), "%s", p->product_set);
		snprintf(v[C_STARS], sizeof(v[0]), "%d", p->stars);
		snprintf(v[C_CERT_ISSUED], sizeof(v[0]), "%s", p->cert_issued);
		snprintf(v[C_CERT_EXPIRES], sizeof(v[0]), "%s", p->cert_expires);
		snprintf(v[C_PRICE], sizeof(v[0]), "%lld", (long long)p->price);
		if (p->vat_rate == VAT_KCT)
			snprintf(v[C_VAT], sizeof(v[0]), "KCT");
		else
			snprintf(v[C_VAT], sizeof(v[0]), "%d", p->vat_rate);
		if (p->shelf_life_days)
			snprintf(v[C_SHELF], sizeof(v[0]), "%d", p->shelf_life_days);
		snprintf(v[C_SERVICE], sizeof(v[0]), "%d", p->is_service);
		snprintf(v[C_ACTIVE], sizeof(v[0]), "%d", p->active);
	}
	for (k = 0; k < C_COUNT; k++) {
		const char *s = v[k];

		/* the long texts come straight from the records */
		if (k == C_NAME)
			s = p ? p->name : "";
		else if (k == C_PRODUCER_NAME)
			s = q ? q->name : "";
		else if (k == C_PRODUCER_COMMUNE)
			s = q ? q->commune : "";
		else if (k == C_PRODUCER_CONTACT)
			s = q ? q->contact : "";
		else if (k == C_PRODUCER_PHONE)
			s = q ? q->phone : "";
		else if (k == C_CERT_NUMBER)
			s = p ? p->cert_number : "";
		else if (k == C_CERT_ISSUER)
			s = p ? p->cert_issuer : "";
		csv_write(out, s, k == 0);
	}
	fputs("\r\n", out);
}

static int collect_producer(void *ctx, const struct producer *q)
{
	struct exp *x = ctx;
	struct producer *np = grow(x->prods, x->nprods + 1, &x->cap, sizeof(*x->prods));

	if (!np) {
		x->nomem = 1;
		return POS_ERR_NO_MEM;
	}
	x->prods = np;
	x->prods[x->nprods++] = *q;
	return 0;
}

static int cmp_code(const void *a, const void *b)
{
	const struct producer *const *x = a, *const *y = b;

	return strcmp((*x)->code, (*y)->code);
}

static int csv_product_cb(void *ctx, const struct product *p)
{
	struct exp *x = ctx;
	size_t lo = 0, hi = x->nprods;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(x->by_code[mid]->code, p->producer);

		if (c == 0) {
			x->used[x->by_code[mid] - x->prods] = 1;
			csv_row_out(x->out, p, x->by_code[mid]);
			return 0;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	csv_row_out(x->out, p, NULL);   /* cannot happen: products need a producer */
	return 0;
}

static int export_csv(struct db *db, struct exp *x, struct pos_error *err)
{
	struct producer_filter pf = { NULL, -1, NULL, 1 };
	struct catalog_filter cf = { NULL, NULL, 0, 0, 1, 0 };
	size_t i;
	int k, r;

	r = producer_list(db, &pf, collect_producer, x, err);
	if (r)
		return r;
	x->by_code = malloc((x->nprods ? x->nprods : 1) * sizeof(*x->by_code));
	x->used = calloc(x->nprods ? x->nprods : 1, 1);
	if (!x->by_code || !x->used) {
		x->nomem = 1;
		return POS_ERR_NO_MEM;
	}
	for (i = 0; i < x->nprods; i++)
		x->by_code[i] = &x->prods[i];
	qsort(x->by_code, x->nprods, sizeof(*x->by_code), cmp_code);
	fputs("\xEF\xBB\xBF", x->out);
	for (k = 0; k < C_COUNT; k++)
		csv_write(x->out, csv_cols[k].name, k == 0);
	fputs("\r\n", x->out);
	r = catalog_list(db, &cf, csv_product_cb, x, err);
	if (r)
		return r;
	for (i = 0; i < x->nprods; i++)
		if (!x->used[i])
			csv_row_out(x->out, NULL, &x->prods[i]);
	return 0;
}

int catfile_export(struct db *db, enum catfile_format fmt, FILE *out, struct pos_error *err)
{
	struct pos_error e;
	struct exp x;
	int r;

	if (fmt != CATFILE_JSON && fmt != CATFILE_CSV)
		return pos_fail(err, POS_ERR_INVALID, tr("unknown catalogue format"));
	memset(&x, 0, sizeof(x));
	x.out = out;
	x.fmt = fmt;
	pos_error_clear(&e);
	r = fmt == CATFILE_JSON ? export_json(db, &x, &e) : export_csv(db, &x, &e);
	free(x.prods);
	free((void *)x.by_code);
	free(x.used);
	if (x.nomem)
		return pos_fail(err, POS_ERR_NO_MEM, tr("out of memory exporting the catalogue"));
	if (r)
		return pos_fail(err, (enum pos_err)r, "%s", pos_error_text(&e));
	if (fflush(out) != 0 || ferror(out))
		return pos_fail(err, POS_ERR_IO, tr("writing the catalogue failed (%s)"),
				strerror(errno));
	return 0;
}
