/*
 * customer.c - customers, their purchases and loyalty points (see
 * customer.h).
 *
 * The purchase history needs no link written by the front ends: a sale's
 * buyer contact starts with the customer's phone (customer_attach writes
 * it so), and the index sale_buyer_phone (schema) is on that first word.
 * Refunds and voids are found through the sale they reverse.  Points are
 * the one thing written after a sale: a customer_points row per sale
 * (its primary key makes customer_after_sale idempotent).
 */
#include "customer.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "db.h"
#include "field.h"
#include "i18n.h"
#include "money.h"
#include "sale.h"
#include "showroom.h"
#include "taxcode.h"
#include "user.h"
#include "vntext.h"

static int step_done(struct db *db, sqlite3_stmt *st, const char *what, struct pos_error *err);

/* The first word of a buyer contact: the phone. Same text as the index. */
#define PHONE_OF(col) "substr(" col ", 1, instr(" col " || ' ', ' ') - 1)"

int customer_phone_normalize(const char *in, char out[CUSTOMER_PHONE_MAX],
			     struct pos_error *err)
{
	char d[CUSTOMER_PHONE_MAX + 4];
	size_t n = 0, len;
	const char *p;

	for (p = in ? in : ""; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n + 1 >= sizeof(d))
				goto bad;
			d[n++] = *p;
		} else if (*p == '+' && n == 0) {
			continue;
		} else if (*p != ' ' && *p != '.' && *p != '-') {
			goto bad;
		}
	}
	d[n] = '\0';
	if (n > 2 && d[0] == '8' && d[1] == '4' && n >= 11) {
		/* +84 912 345 678 -> 0912345678 */
		memmove(d + 1, d + 2, n - 1);
		d[0] = '0';
		n--;
	}
	len = n;
	if (len < 8 || len > 11 || d[0] != '0')
		goto bad;
	memcpy(out, d, len + 1);
	return 0;
bad:
	return pos_fail(err, POS_ERR_INVALID,
			tr("\"%s\" is not a phone number (10 digits starting with 0)"),
			in ? in : "");
}

static void row_customer(sqlite3_stmt *st, void *item)
{
	struct customer *c = item;

	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int64(st, 0);
	snprintf(c->code, sizeof(c->code), "KH%06lld", c->id);
	db_col_copy(st, 1, c->phone, sizeof(c->phone));
	db_col_copy(st, 2, c->name, sizeof(c->name));
	db_col_copy(st, 3, c->tax_code, sizeof(c->tax_code));
	db_col_copy(st, 4, c->email, sizeof(c->email));
	db_col_copy(st, 5, c->address, sizeof(c->address));
	c->points = sqlite3_column_int64(st, 6);
	db_col_copy(st, 7, c->created_at, sizeof(c->created_at));
	c->purchases = sqlite3_column_int64(st, 8);
	c->spent = sqlite3_column_int64(st, 9);
	db_col_copy(st, 10, c->last_purchase, sizeof(c->last_purchase));
}

#define CUSTOMER_COLS \
	"c.id, c.phone, c.name, c.tax_code, c.email, c.address, c.points, c.created_at," \
	" (SELECT count(*) FROM sale s WHERE " PHONE_OF("s.buyer_contact") " = c.phone" \
	"  AND s.buyer_contact <> '' AND s.kind = 'sale')," \
	" coalesce((SELECT sum(s.total) FROM sale s WHERE " PHONE_OF("s.buyer_contact") \
	"  = c.phone AND s.buyer_contact <> '' AND s.kind = 'sale'), 0)," \
	" coalesce((SELECT max(s.business_date) FROM sale s WHERE " \
	PHONE_OF("s.buyer_contact") " = c.phone AND s.buyer_contact <> '' AND s.kind = 'sale'), '')"

int customer_find(struct db *db, const struct user *u, const char *phone,
		  struct customer *out, struct pos_error *err)
{
	char ph[CUSTOMER_PHONE_MAX];
	sqlite3_stmt *st;
	int r;

	if ((r = user_require(u, PERM_CUSTOMER, err)) ||
	    (r = customer_phone_normalize(phone, ph, err)))
		return r;
	if ((r = db_prepare(db, "SELECT " CUSTOMER_COLS " FROM customer c WHERE c.phone = ?1",
			    &st, err)))
		return r;
	sqlite3_bind_text(st, 1, ph, -1, SQLITE_TRANSIENT);
	r = db_row(db, st, row_customer, out, "finding a customer", err);
	if (r == POS_ERR_NOT_FOUND)
		return pos_fail(err, r, tr("no customer has the phone %s"), ph);
	return r;
}

/* An MST with its check digit, or a 12-digit CCCD (taxcode.h); "" stays "". */
static int check_tax_code(const char *in, char out[16], struct pos_error *err)
{
	int r;

	out[0] = '\0';
	if (!in[0])
		return 0;
	r = taxcode_normalize(in, out, 16, err);
	return r < 0 ? r : 0;
}

struct add_args {
	const struct customer *c;
	const struct user *u;
	const char *ts;
	long long id;
};

static int add_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct add_args *a = ctx;
	char detail[300], fold[400];
	sqlite3_stmt *st;
	int r;

	r = db_prepare(db, "INSERT INTO customer (phone, name, name_fold, tax_code, email, address,"
		       " points, created_at, created_by) VALUES (?1, ?2, ?8, ?3, ?4, ?5, 0, ?6, ?7)",
		       &st, err);
	if (r)
		return r;
	sqlite3_bind_text(st, 1, a->c->phone, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, a->c->name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, a->c->tax_code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, a->c->email, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, a->c->address, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, a->ts, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 7, a->u->id);
	vn_fold(a->c->name, fold, sizeof(fold));
	sqlite3_bind_text(st, 8, fold, -1, SQLITE_TRANSIENT);
	r = sqlite3_step(st);
	sqlite3_reset(st);
	if (r != SQLITE_DONE)
		return db_fail(db, err, "adding a customer");
	a->id = db_last_id(db);
	/* the audit names the customer by number, not by personal data */
	snprintf(detail, sizeof(detail), "KH%06lld", a->id);
	return audit_log(db, a->u->id, 0, "customer.add", detail, "", err);
}

int customer_add(struct db *db, const struct user *u, const struct customer *in,
		 struct customer *out, struct pos_error *err)
{
	struct add_args aa;
	struct customer c;
	char ts[CLOCK_TS_LEN];
	sqlite3_stmt *st;
	int r;

	if ((r = user_require(u, PERM_CUSTOMER, err)))
		return r;
	memset(&c, 0, sizeof(c));
	if ((r = customer_phone_normalize(in->phone, c.phone, err)))
		return r;
	vn_copy(c.name, sizeof(c.name), in->name);
	vn_copy(c.email, sizeof(c.email), in->email);
	vn_copy(c.address, sizeof(c.address), in->address);
	field_trim(c.email);
	if ((r = field_name(c.name, sizeof(c.name), tr("name"), err)) ||
	    (r = field_plain(c.address, sizeof(c.address), tr("address"), err)) ||
	    (r = check_tax_code(in->tax_code, c.tax_code, err)))
		return r;
	if (c.email[0] && (!strchr(c.email, '@') || strchr(c.email, ' ')))
		return pos_fail(err, POS_ERR_INVALID, tr("\"%s\" is not an e-mail address"),
				c.email);
	if ((r = db_prepare(db, "SELECT 1 FROM customer WHERE phone = ?1", &st, err)))
		return r;
	sqlite3_bind_text(st, 1, c.phone, -1, SQLITE_TRANSIENT);
	r = sqlite3_step(st);
	sqlite3_reset(st);
	if (r == SQLITE_ROW)
		return pos_fail(err, POS_ERR_EXISTS, tr("a customer with the phone %s exists"),
				c.phone);
	clock_format_utc(clock_now(), ts);
	aa.c = &c;
	aa.u = u;
	aa.ts = ts;
	if ((r = db_tx(db, DB_TX_WRITE, add_in_tx, &aa, err)))
		return r;
	if (out) {
		c.id = aa.id;
		snprintf(c.code, sizeof(c.code), "KH%06lld", aa.id);
		vn_copy(c.created_at, sizeof(c.created_at), ts);
		*out = c;
	}
	return 0;
}

/* "0912345678" -> "091****678" */
static void mask(struct customer *c)
{
	size_t n = strlen(c->phone), i;

	for (i = 3; i + 3 < n; i++)
		c->phone[i] = '*';
	c->name[0] = c->tax_code[0] = c->email[0] = c->address[0] = '\0';
	c->masked = 1;
}

int customer_list(struct db *db, const struct user *u, const char *query, int personal,
		  struct customer **out, size_t *n, struct pos_error *err)
{
	char q[200], fold[400];
	sqlite3_stmt *st;
	void *rows = NULL;
	size_t i;
	int r;

	if (personal || !user_can(u, PERM_REPORTS))
		if ((r = user_require(u, PERM_CUSTOMER_DATA, err)))
			return r;
	vn_copy(q, sizeof(q), query ? query : "");
	field_trim(q);
	vn_fold(q, fold, sizeof(fold));
	if ((r = db_prepare(db, "SELECT " CUSTOMER_COLS " FROM customer c WHERE ?1 = ''"
			    " OR c.phone LIKE '%' || ?1 || '%' OR c.tax_code = ?1"
			    " OR c.name_fold LIKE '%' || ?2 || '%' ORDER BY c.name_fold, c.id", &st, err)))
		return r;
	sqlite3_bind_text(st, 1, q, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, fold, -1, SQLITE_TRANSIENT);
	if ((r = db_rows(db, st, sizeof(struct customer), row_customer, "listing customers",
			 &rows, n, err)))
		return r;
	*out = rows;
	if (!personal || !user_can(u, PERM_CUSTOMER_DATA))
		for (i = 0; i < *n; i++)
			mask(&(*out)[i]);
	return 0;
}

int customer_note_export(struct db *db, const struct user *u, size_t n, struct pos_error *err)
{
	char detail[64];
	int r;

	if ((r = user_require(u, PERM_CUSTOMER_DATA, err)))
		return r;
	snprintf(detail, sizeof(detail), "%zu customers with personal data", n);
	return audit_log(db, u->id, 0, "customer.export", "", detail, err);
}

static void row_sale(sqlite3_stmt *st, void *item)
{
	struct customer_sale *s = item;

	memset(s, 0, sizeof(*s));
	db_col_copy(st, 0, s->receipt_no, sizeof(s->receipt_no));
	db_col_copy(st, 1, s->kind, sizeof(s->kind));
	db_col_copy(st, 2, s->business_date, sizeof(s->business_date));
	s->total = sqlite3_column_int64(st, 3);
	s->points_earned = sqlite3_column_int64(st, 4);
	s->points_redeemed = sqlite3_column_int64(st, 5);
}

int customer_history(struct db *db, const struct user *u, const struct customer *c,
		     struct customer_sale **out, size_t *n, struct pos_error *err)
{
	sqlite3_stmt *st;
	void *rows = NULL;
	int r;

	if ((r = user_require(u, PERM_CUSTOMER, err)))
		return r;
	if ((r = db_prepare(db, "WITH mine AS (SELECT id FROM sale WHERE buyer_contact <> '' AND "
			    PHONE_OF("buyer_contact") " = ?1 AND kind = 'sale') "
			    "SELECT s.receipt_no, s.kind, s.business_date, s.total,"
			    " coalesce(p.earned, 0), coalesce(p.redeemed, 0) FROM sale s"
			    " LEFT JOIN customer_points p ON p.sale_id = s.id"
			    " WHERE s.id IN mine OR s.original_sale_id IN mine"
			    " ORDER BY s.at DESC, s.id DESC", &st, err)))
		return r;
	sqlite3_bind_text(st, 1, c->phone, -1, SQLITE_TRANSIENT);
	if ((r = db_rows(db, st, sizeof(struct customer_sale), row_sale, "reading purchases",
			 &rows, n, err)))
		return r;
	*out = rows;
	return 0;
}

int customer_attach(struct db *db, const struct user *u, struct cart *cart,
		    const struct customer *c, struct pos_error *err)
{
	char contact[160];
	int r;

	if ((r = user_require(u, PERM_CUSTOMER, err)))
		return r;
	if (c->email[0])
		snprintf(contact, sizeof(contact), "%s %s", c->phone, c->email);
	else
		snprintf(contact, sizeof(contact), "%s", c->phone);
	return cart_set_buyer(cart, db, c->name, c->tax_code, c->address, contact, err);
}

static int setting_int(struct db *db, const char *key, int64_t def, int64_t *out,
		       struct pos_error *err)
{
	char v[32], *end;
	long long x;

	*out = def;
	if (setting_get(db, key, v, sizeof(v), NULL) != 0 || !v[0])
		return 0;
	x = strtoll(v, &end, 10);
	if (*end || x < 0 || x > 1000000)
		return pos_fail(err, POS_ERR_INVALID, tr("setting %s: \"%s\" is not a number"),
				key, v);
	*out = x;
	return 0;
}

int customer_loyalty(struct db *db, struct loyalty *out, struct pos_error *err)
{
	int64_t earn, value;
	int r;

	if ((r = setting_int(db, CUSTOMER_SET_EARN, 0, &earn, err)) ||
	    (r = setting_int(db, CUSTOMER_SET_VALUE, 10, &value, err)))
		return r;
	out->points_per_1000 = (int)earn;
	out->point_vnd = value;
	return 0;
}

int customer_redeem(struct db *db, const struct user *u, struct cart *cart,
		    const struct customer *c, int64_t points, int64_t *amount,
		    struct pos_error *err)
{
	struct loyalty l;
	sqlite3_stmt *st;
	int64_t vnd;
	int r;

	if ((r = user_require(u, PERM_CUSTOMER, err)) || (r = customer_loyalty(db, &l, err)))
		return r;
	if (l.points_per_1000 <= 0)
		return pos_fail(err, POS_ERR_REFUSED, "%s",
				tr("loyalty points are off in this showroom"));
	if (points <= 0 || points > c->points)
		return pos_fail(err, POS_ERR_REFUSED, tr("%s has %lld points"), c->code,
				(long long)c->points);
	vnd = points * l.point_vnd;
	cart_totals(cart);
	if (vnd > cart->gross)
		return pos_fail(err, POS_ERR_REFUSED, "%s",
				tr("the points are worth more than the sale"));
	if ((r = cart_discount(cart, db, u, -1, 0, vnd, NULL, err)))
		return r;
	if ((r = db_prepare(db, "INSERT OR REPLACE INTO customer_redeem (cart_uuid, customer_id,"
			    " points) VALUES (?1, ?2, ?3)", &st, err)))
		return r;
	sqlite3_bind_text(st, 1, cart->uuid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, c->id);
	sqlite3_bind_int64(st, 3, points);
	if ((r = step_done(db, st, "recording points", err)))
		return r;
	if (amount)
		*amount = vnd;
	return 0;
}

/* Run a prepared statement that returns no rows; reset it. */
static int step_done(struct db *db, sqlite3_stmt *st, const char *what, struct pos_error *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, err, what);
}

int customer_sale_completed(struct db *db, long long sale_id, const struct cart *c,
			    struct pos_error *err)
{
	struct loyalty l;
	sqlite3_stmt *st;
	long long cust = 0;
	int64_t have = 0, redeemed = 0, e;
	char ts[CLOCK_TS_LEN];
	int r, rc;

	if (!c->buyer_contact[0])
		return 0;
	if ((r = customer_loyalty(db, &l, err)))
		return r;
	if ((r = db_prepare(db, "SELECT c.id, c.points, coalesce((SELECT x.points FROM"
			    " customer_redeem x WHERE x.cart_uuid = ?2 AND x.customer_id = c.id), 0)"
			    " FROM customer c WHERE c.phone = substr(?1, 1, instr(?1 || ' ', ' ') - 1)",
			    &st, err)))
		return r;
	sqlite3_bind_text(st, 1, c->buyer_contact, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, c->uuid, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		cust = sqlite3_column_int64(st, 0);
		have = sqlite3_column_int64(st, 1);
		redeemed = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, err, "reading the sale's customer");
	if ((r = db_prepare(db, "DELETE FROM customer_redeem WHERE cart_uuid = ?1", &st, err)))
		return r;
	sqlite3_bind_text(st, 1, c->uuid, -1, SQLITE_TRANSIENT);
	if ((r = step_done(db, st, "recording points", err)) || !cust)
		return r;
	/* the points stand only while the sale still carries their discount */
	if (redeemed > have || c->sale_disc_amount < redeemed * l.point_vnd)
		redeemed = 0;
	e = l.points_per_1000 > 0 ? c->total / 1000 * l.points_per_1000 : 0;
	if (!e && !redeemed)
		return 0;
	clock_format_utc(clock_now(), ts);
	if ((r = db_prepare(db, "INSERT INTO customer_points (sale_id, customer_id, earned, redeemed,"
			    " at) VALUES (?1, ?2, ?3, ?4, ?5)", &st, err)))
		return r;
	sqlite3_bind_int64(st, 1, sale_id);
	sqlite3_bind_int64(st, 2, cust);
	sqlite3_bind_int64(st, 3, e);
	sqlite3_bind_int64(st, 4, redeemed);
	sqlite3_bind_text(st, 5, ts, -1, SQLITE_TRANSIENT);
	if ((r = step_done(db, st, "recording points", err)))
		return r;
	if ((r = db_prepare(db, "UPDATE customer SET points = points + ?2 WHERE id = ?1", &st, err)))
		return r;
	sqlite3_bind_int64(st, 1, cust);
	sqlite3_bind_int64(st, 2, e - redeemed);
	return step_done(db, st, "recording points", err);
}

int customer_sale_points(struct db *db, const char *receipt_no, int64_t *earned,
			 int64_t *redeemed, struct pos_error *err)
{
	sqlite3_stmt *st;
	int r, rc;

	*earned = *redeemed = 0;
	if ((r = db_prepare(db, "SELECT p.earned, p.redeemed FROM customer_points p JOIN sale s"
			    " ON s.id = p.sale_id WHERE s.receipt_no = ?1", &st, err)))
		return r;
	sqlite3_bind_text(st, 1, receipt_no, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*earned = sqlite3_column_int64(st, 0);
		*redeemed = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, err, "reading points");
	return 0;
}
