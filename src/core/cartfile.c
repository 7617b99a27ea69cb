/*
 * cartfile.c - a cart to and from JSON (see cartfile.h), with cJSON.
 *
 * Writing builds a cJSON tree and prints it unformatted.  Reading parses
 * into a fresh cart on the side, checking each field (type, range, length,
 * UTF-8 is left to the catalogue that produced it: strings are copied
 * with a length check only), and hands it over only when every field
 * passed, so a damaged row never yields half a cart.
 */
#include "cartfile.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"
#include "sale.h"
#include "uuid.h"

#define CARTFILE_FORMAT "ocop-pos/cart"
#define CARTFILE_VERSION 1
/* Largest whole number a JSON double carries exactly, and then some margin. */
#define JSON_INT_MAX 9000000000000000.0

/* ---- writing ------------------------------------------------------ */

static int add_num(cJSON *o, const char *key, double v)
{
	return cJSON_AddNumberToObject(o, key, v) != NULL;
}

static int add_str(cJSON *o, const char *key, const char *v)
{
	return cJSON_AddStringToObject(o, key, v) != NULL;
}

static cJSON *line_json(const void *item)
{
	const struct cart_line *l = item;
	cJSON *o = cJSON_CreateObject();
	int ok;

	if (!o)
		return NULL;
	ok = add_num(o, "product_id", (double)l->product_id) && add_str(o, "sku", l->sku) &&
	     add_str(o, "name", l->name) && add_str(o, "unit", l->unit) &&
	     add_num(o, "stars", l->stars) && add_num(o, "vat_rate", l->vat_rate) &&
	     add_num(o, "is_service", l->is_service) &&
	     add_num(o, "cert_lapsed", l->cert_lapsed) &&
	     add_num(o, "qty_milli", (double)l->qty_milli) &&
	     add_num(o, "list_price", (double)l->list_price) &&
	     add_num(o, "unit_price", (double)l->unit_price) &&
	     add_num(o, "fixed_amount", (double)l->fixed_amount) &&
	     add_num(o, "measured", l->measured) &&
	     add_num(o, "disc_percent", l->disc_percent) &&
	     add_num(o, "disc_amount", (double)l->disc_amount) &&
	     add_num(o, "approved_by", (double)l->approved_by) &&
	     add_num(o, "price_overridden", l->price_overridden);
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static cJSON *pay_json(const void *item)
{
	const struct cart_payment *p = item;
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	if (!add_str(o, "method", pay_method_name(p->method)) ||
	    !add_num(o, "amount", (double)p->amount) ||
	    !add_num(o, "tendered", (double)p->tendered) ||
	    !add_str(o, "reference", p->reference) ||
	    (p->rounding && !add_num(o, "rounding", (double)p->rounding))) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* Add array key to o with n items of `size` bytes made by to_json; 0 when out of memory. */
static int add_array(cJSON *o, const char *key, const void *items, size_t n, size_t size,
		     cJSON *(*to_json)(const void *item))
{
	cJSON *a = cJSON_AddArrayToObject(o, key), *it;
	size_t i;

	if (!a)
		return 0;
	for (i = 0; i < n; i++) {
		if (!(it = to_json((const char *)items + i * size)))
			return 0;
		cJSON_AddItemToArray(a, it);
	}
	return 1;
}

int cartfile_write(const struct cart *c, char **out, struct pos_error *err)
{
	cJSON *root = cJSON_CreateObject(), *buyer;
	char *text;
	int ok;

	if (!root)
		goto nomem;
	ok = add_str(root, "format", CARTFILE_FORMAT) &&
	     add_num(root, "version", CARTFILE_VERSION) && add_str(root, "uuid", c->uuid) &&
	     add_str(root, "register", c->register_code) &&
	     add_num(root, "user_id", (double)c->user_id) && add_str(root, "label", c->label) &&
	     add_num(root, "sale_disc_percent", c->sale_disc_percent) &&
	     add_num(root, "sale_disc_amount", (double)c->sale_disc_amount) &&
	     add_num(root, "approved_by", (double)c->approved_by);
	if (!ok)
		goto nomem;
	buyer = cJSON_AddObjectToObject(root, "buyer");
	if (!buyer || !add_str(buyer, "name", c->buyer_name) ||
	    !add_str(buyer, "tax_code", c->buyer_tax_code) ||
	    !add_str(buyer, "address", c->buyer_address) ||
	    !add_str(buyer, "contact", c->buyer_contact))
		goto nomem;
	if (!add_array(root, "lines", c->lines, (size_t)c->nlines, sizeof(c->lines[0]), line_json) ||
	    !add_array(root, "payments", c->pay, (size_t)c->npay, sizeof(c->pay[0]), pay_json))
		goto nomem;
	text = cJSON_PrintUnformatted(root);
	if (!text)
		goto nomem;
	cJSON_Delete(root);
	*out = text;
	return 0;
nomem:
	cJSON_Delete(root);
	return pos_fail(err, POS_ERR_NO_MEM, "out of memory saving the cart");
}

/* ---- reading ------------------------------------------------------ */

static int get_int(const cJSON *o, const char *key, double lo, double hi, int64_t *v,
		   struct pos_error *err)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
	double d;

	if (!it)
		return pos_fail(err, POS_ERR_INVALID, "cart: %s is missing", key);
	if (!cJSON_IsNumber(it))
		return pos_fail(err, POS_ERR_INVALID, "cart: %s must be a number", key);
	d = it->valuedouble;
	if (!(d >= lo && d <= hi) || (double)(int64_t)d != d)
		return pos_fail(err, POS_ERR_INVALID, "cart: %s is out of range (%g)", key, d);
	*v = (int64_t)d;
	return 0;
}

static int get_intv(const cJSON *o, const char *key, int lo, int hi, int *v,
		    struct pos_error *err)
{
	int64_t x;
	int r = get_int(o, key, lo, hi, &x, err);

	if (r == 0)
		*v = (int)x;
	return r;
}

static int get_str(const cJSON *o, const char *key, char *buf, size_t n, int required,
		   struct pos_error *err)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
	size_t len;

	if (!it) {
		if (required)
			return pos_fail(err, POS_ERR_INVALID, "cart: %s is missing", key);
		buf[0] = '\0';
		return 0;
	}
	if (!cJSON_IsString(it) || !it->valuestring)
		return pos_fail(err, POS_ERR_INVALID, "cart: %s must be a string", key);
	len = strlen(it->valuestring);
	if (len >= n)
		return pos_fail(err, POS_ERR_INVALID, "cart: %s is too long (%zu bytes)", key, len);
	memcpy(buf, it->valuestring, len + 1);
	return 0;
}

static int read_line(const cJSON *o, struct cart_line *l, struct pos_error *err)
{
	int64_t v;
	int r;

	memset(l, 0, sizeof(*l));
	if (!cJSON_IsObject(o))
		return pos_fail(err, POS_ERR_INVALID, "cart: a line must be an object");
	if ((r = get_int(o, "product_id", 1, JSON_INT_MAX, &v, err)))
		return r;
	l->product_id = (long long)v;
	if ((r = get_str(o, "sku", l->sku, sizeof(l->sku), 1, err)) ||
	    (r = get_str(o, "name", l->name, sizeof(l->name), 1, err)) ||
	    (r = get_str(o, "unit", l->unit, sizeof(l->unit), 0, err)) ||
	    (r = get_intv(o, "stars", 0, 5, &l->stars, err)) ||
	    (r = get_intv(o, "vat_rate", VAT_KCT, 10, &l->vat_rate, err)) ||
	    (r = get_intv(o, "is_service", 0, 1, &l->is_service, err)) ||
	    (r = get_intv(o, "cert_lapsed", 0, 1, &l->cert_lapsed, err)) ||
	    (r = get_int(o, "qty_milli", 1, (double)QTY_MAX_MILLI, &l->qty_milli, err)) ||
	    (r = get_int(o, "list_price", 0, JSON_INT_MAX, &l->list_price, err)) ||
	    (r = get_int(o, "unit_price", 0, JSON_INT_MAX, &l->unit_price, err)) ||
	    (r = get_int(o, "fixed_amount", -1, JSON_INT_MAX, &l->fixed_amount, err)) ||
	    (r = get_intv(o, "disc_percent", 0, 10000, &l->disc_percent, err)) ||
	    (r = get_int(o, "disc_amount", 0, JSON_INT_MAX, &l->disc_amount, err)) ||
	    (r = get_int(o, "approved_by", 0, JSON_INT_MAX, &v, err)))
		return r;
	l->approved_by = (long long)v;
	if ((r = get_intv(o, "price_overridden", 0, 1, &l->price_overridden, err)))
		return r;
	/* "measured" came later: a cart saved before it has none (0) */
	if (cJSON_GetObjectItemCaseSensitive(o, "measured") &&
	    (r = get_intv(o, "measured", 0, 1, &l->measured, err)))
		return r;
	if (!vat_rate_valid(l->vat_rate))
		return pos_fail(err, POS_ERR_INVALID, "cart: vat_rate %d is not a VAT rate",
				l->vat_rate);
	if (l->disc_percent && l->disc_amount)
		return pos_fail(err, POS_ERR_INVALID,
				"cart: a line has both a percent and an amount discount");
	return 0;
}

static int read_pay(const cJSON *o, struct cart_payment *p, struct pos_error *err)
{
	char method[16];
	int r;

	memset(p, 0, sizeof(*p));
	if (!cJSON_IsObject(o))
		return pos_fail(err, POS_ERR_INVALID, "cart: a payment must be an object");
	if ((r = get_str(o, "method", method, sizeof(method), 1, err)) ||
	    (r = pay_method_parse(method, &p->method, err)) ||
	    (r = get_int(o, "amount", 1, JSON_INT_MAX, &p->amount, err)) ||
	    (r = get_int(o, "tendered", 1, JSON_INT_MAX, &p->tendered, err)) ||
	    (r = get_str(o, "reference", p->reference, sizeof(p->reference), 0, err)))
		return r;
	/* the cash rounding (sale.h), only on the cash that settled the sale */
	if (cJSON_GetObjectItemCaseSensitive(o, "rounding") &&
	    (r = get_int(o, "rounding", -5000, 5000, &p->rounding, err)))
		return r;
	if ((p->rounding && p->method != PAY_CASH) || p->tendered < p->amount + p->rounding ||
	    (p->method != PAY_CASH && p->tendered != p->amount))
		return pos_fail(err, POS_ERR_INVALID, "cart: a payment's tendered amount is wrong");
	return 0;
}

static int read_root(const cJSON *root, struct cart *c, struct pos_error *err)
{
	const cJSON *lines, *pays, *buyer, *it;
	char format[32];
	int64_t v;
	int version, n, r;

	if (!cJSON_IsObject(root))
		return pos_fail(err, POS_ERR_INVALID, "cart: not a JSON object");
	if ((r = get_str(root, "format", format, sizeof(format), 1, err)))
		return r;
	if (strcmp(format, CARTFILE_FORMAT) != 0)
		return pos_fail(err, POS_ERR_INVALID, "cart: format is \"%s\", not \"%s\"", format,
				CARTFILE_FORMAT);
	if ((r = get_intv(root, "version", 1, 1000, &version, err)))
		return r;
	if (version > CARTFILE_VERSION)
		return pos_fail(err, POS_ERR_VERSION,
				"cart: version %d comes from a newer ocop-pos", version);
	if ((r = get_str(root, "uuid", c->uuid, sizeof(c->uuid), 1, err)))
		return r;
	if (!uuid_valid(c->uuid))
		return pos_fail(err, POS_ERR_INVALID, "cart: uuid is not a UUID");
	if ((r = get_str(root, "register", c->register_code, sizeof(c->register_code), 1, err)) ||
	    (r = get_int(root, "user_id", 0, JSON_INT_MAX, &v, err)))
		return r;
	c->user_id = (long long)v;
	if ((r = get_str(root, "label", c->label, sizeof(c->label), 0, err)) ||
	    (r = get_intv(root, "sale_disc_percent", 0, 10000, &c->sale_disc_percent, err)) ||
	    (r = get_int(root, "sale_disc_amount", 0, JSON_INT_MAX, &c->sale_disc_amount, err)) ||
	    (r = get_int(root, "approved_by", 0, JSON_INT_MAX, &v, err)))
		return r;
	c->approved_by = (long long)v;
	if (c->sale_disc_percent && c->sale_disc_amount)
		return pos_fail(err, POS_ERR_INVALID,
				"cart: both a percent and an amount sale discount");
	buyer = cJSON_GetObjectItemCaseSensitive(root, "buyer");
	if (buyer) {
		if (!cJSON_IsObject(buyer))
			return pos_fail(err, POS_ERR_INVALID, "cart: buyer must be an object");
		if ((r = get_str(buyer, "name", c->buyer_name, sizeof(c->buyer_name), 0, err)) ||
		    (r = get_str(buyer, "tax_code", c->buyer_tax_code, sizeof(c->buyer_tax_code), 0,
				 err)) ||
		    (r = get_str(buyer, "address", c->buyer_address, sizeof(c->buyer_address), 0,
				 err)) ||
		    (r = get_str(buyer, "contact", c->buyer_contact, sizeof(c->buyer_contact), 0,
				 err)))
			return r;
	}
	lines = cJSON_GetObjectItemCaseSensitive(root, "lines");
	if (!cJSON_IsArray(lines))
		return pos_fail(err, POS_ERR_INVALID, "cart: lines must be a list");
	n = cJSON_GetArraySize(lines);
	if (n > CARTFILE_MAX_LINES)
		return pos_fail(err, POS_ERR_INVALID, "cart: %d lines is more than %d", n,
				CARTFILE_MAX_LINES);
	if (n > 0) {
		c->lines = calloc((size_t)n, sizeof(*c->lines));
		if (!c->lines)
			return pos_fail(err, POS_ERR_NO_MEM, "out of memory loading a cart");
		c->cap = (size_t)n;
	}
	cJSON_ArrayForEach(it, lines) {
		if ((r = read_line(it, &c->lines[c->nlines], err)))
			return r;
		c->nlines++;
	}
	pays = cJSON_GetObjectItemCaseSensitive(root, "payments");
	if (pays) {
		if (!cJSON_IsArray(pays))
			return pos_fail(err, POS_ERR_INVALID, "cart: payments must be a list");
		if (cJSON_GetArraySize(pays) > CART_MAX_PAYMENTS)
			return pos_fail(err, POS_ERR_INVALID, "cart: more than %d payments",
					CART_MAX_PAYMENTS);
		cJSON_ArrayForEach(it, pays) {
			if ((r = read_pay(it, &c->pay[c->npay], err)))
				return r;
			c->npay++;
		}
	}
	return 0;
}

int cartfile_read(const char *text, size_t n, struct cart *c, struct pos_error *err)
{
	struct cart tmp;
	cJSON *root;
	int r;

	memset(&tmp, 0, sizeof(tmp));
	tmp.last_line = -1;
	root = cJSON_ParseWithLength(text, n);
	if (!root)
		return pos_fail(err, POS_ERR_INVALID, "cart: the saved cart is not valid JSON");
	r = read_root(root, &tmp, err);
	cJSON_Delete(root);
	if (r) {
		free(tmp.lines);
		return r;
	}
	tmp.last_line = tmp.nlines ? (int)tmp.nlines - 1 : -1;
	cart_totals(&tmp);
	*c = tmp;
	return 0;
}
