/*
 * sale.c - the cart, the completed sale, voids, returns and reprint data
 * (see sale.h for the rules; docs/cashier.md for the cashier's view).
 *
 * Cart operations work on a copy: the change is made to a clone of the
 * cart, totals recomputed, the clone mirrored in the `cart` table, and
 * only then swapped into the caller's cart.  So a failed change (a bad
 * quantity, a locked database) leaves the cart exactly as it was, in
 * memory and on disk.
 *
 * Arithmetic is exact integer VND.  Products of two large numbers (a
 * whole-sale discount spread over lines, a commission share) go through
 * muldiv(), a 128-bit multiply-divide written with 64-bit halves, because
 * __int128 does not exist on 32-bit ARM (a Raspberry Pi till).
 *
 * Completion (sale_complete) in one transaction: number, sale row, lines,
 * stock taken FEFO per line, lots, payments, audit, cart row deleted.  A
 * line's cost and commission come from the lots stock_take_fefo() chose,
 * and sale lines are never updated (a trigger refuses it), so the line's
 * id is fixed before the stock is taken (max(id) + 1 under the write lock
 * taken by BEGIN IMMEDIATE) and the stock moves point at a line inserted
 * just after them; PRAGMA defer_foreign_keys moves the reference check to
 * the commit, where everything is in place.
 *
 * Numbering: doc_counter rows per showroom, register, year and kind,
 * incremented by an upsert in the same transaction as the document: a
 * rolled-back sale gives its number back, so numbers are gapless.
 *   sale:         <showroom>-<register>-<year>-<000123>
 *   refund, void: <showroom>-<register>-<year>-R<000012> (one series)
 */
#include "sale.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cartfile.h"
#include "catalog.h"
#include "clock.h"
#include "customer.h"
#include "config.h"
#include "db.h"
#include "einvoice.h"
#include "doccounter.h"
#include "field.h"
#include "i18n.h"
#include "lib/alloc.h"
#include "money.h"
#include "saleinv.h"
#include "showroom.h"
#include "shift.h"
#include "stock.h"
#include "taxcode.h"
#include "user.h"
#include "uuid.h"
#include "vietqr.h"
#include "vntext.h"

/* ---- arithmetic ------------------------------------------------------- */

/*
 * a * b = q * c + rem for a, b >= 0 and c > 0, exact: the 128-bit product
 * is built from 32-bit halves and divided bit by bit.  q is assumed to fit
 * in 64 bits (callers pass b <= c or bounded values).
 */
static uint64_t udivmod(uint64_t a, uint64_t b, uint64_t c, uint64_t *rem)
{
	uint64_t al = a & 0xffffffffu, ah = a >> 32, bl = b & 0xffffffffu, bh = b >> 32;
	uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
	uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);
	uint64_t lo = (ll & 0xffffffffu) | (mid << 32);
	uint64_t hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
	uint64_t q = 0, r = 0;
	int i;

	if (hi == 0) {
		*rem = lo % c;
		return lo / c;
	}
	for (i = 127; i >= 0; i--) {
		uint64_t bit = i >= 64 ? (hi >> (i - 64)) & 1 : (lo >> i) & 1;
		int carry = (int)(r >> 63);

		r = (r << 1) | bit;
		q <<= 1;
		if (carry || r >= c) {
			r -= c;
			q |= 1;
		}
	}
	*rem = r;
	return q;
}

/* round(a * b / c), half up; 0 unless a, b, c > 0. */
static int64_t muldiv(int64_t a, int64_t b, int64_t c)
{
	uint64_t rem, q;

	if (a <= 0 || b <= 0 || c <= 0)
		return 0;
	q = udivmod((uint64_t)a, (uint64_t)b, (uint64_t)c, &rem);
	/* half up: 2 rem >= c, written without overflow */
	return (int64_t)(q + (rem >= (uint64_t)c - rem ? 1 : 0));
}

/* floor(a * b / c); 0 unless a, b, c > 0. */
static int64_t muldiv_floor(int64_t a, int64_t b, int64_t c)
{
	uint64_t rem;

	if (a <= 0 || b <= 0 || c <= 0)
		return 0;
	return (int64_t)udivmod((uint64_t)a, (uint64_t)b, (uint64_t)c, &rem);
}

/*
 * Basis points of part in whole, rounded up (a 5.01 % discount is over a
 * 5 % limit); 10001 when whole is 0 and part is not.
 */
static int bp_of(int64_t part, int64_t whole)
{
	uint64_t rem, q;

	if (part <= 0)
		return 0;
	if (whole <= 0 || part > whole)
		return 10001;
	q = udivmod((uint64_t)part, 10000, (uint64_t)whole, &rem);
	return (int)(q + (rem ? 1 : 0));
}

static void fmt_money(int64_t v, char out[MONEY_FMT_MAX])
{
	if (money_format(v, out, MONEY_FMT_MAX) < 0)
		vn_copy(out, MONEY_FMT_MAX, "?");
}

static void fmt_bp(int bp, char out[16])
{
	if (bp % 100)
		snprintf(out, 16, "%d.%02d%%", bp / 100, bp % 100);
	else
		snprintf(out, 16, "%d%%", bp / 100);
}

/* ---- payment methods -------------------------------------------------- */

static const char *const method_names[] = { "cash", "qr", "card", "wallet" };

const char *pay_method_name(enum pay_method m)
{
	return (unsigned)m < 4 ? method_names[m] : "?";
}

int pay_method_parse(const char *s, enum pay_method *out, struct pos_error *err)
{
	int i;

	for (i = 0; s && i < 4; i++) {
		if (strcmp(s, method_names[i]) == 0) {
			*out = (enum pay_method)i;
			return 0;
		}
	}
	return pos_fail(err, POS_ERR_INVALID,
			tr("unknown payment method \"%s\": use cash, qr, card or wallet"),
			s ? s : "");
}

/* ---- the cart in memory ----------------------------------------------- */

static int cart_setup(struct cart *c, const char *register_code, long long user_id,
		      const char *uuid, struct pos_error *err)
{
	char id[UUID_STR_LEN];
	size_t i;
	int r;

	if (!register_code || !*register_code || strlen(register_code) >= sizeof(c->register_code))
		return pos_fail(err, POS_ERR_INVALID, tr("register code \"%s\" is not valid"),
				register_code ? register_code : "");
	if (uuid) {
		if (!uuid_valid(uuid))
			return pos_fail(err, POS_ERR_INVALID, tr("\"%s\" is not a UUID"), uuid);
		vn_copy(id, sizeof(id), uuid);
		for (i = 0; id[i]; i++)
			if (id[i] >= 'A' && id[i] <= 'F')
				id[i] = (char)(id[i] + 32);
	} else if ((r = uuid_v4(id, err))) {
		return r;
	}
	memset(c, 0, sizeof(*c));
	vn_copy(c->uuid, sizeof(c->uuid), id);
	vn_copy(c->register_code, sizeof(c->register_code), register_code);
	c->user_id = user_id;
	c->last_line = -1;
	return 0;
}

int cart_init(struct cart *c, const char *register_code, long long user_id,
	      struct pos_error *err)
{
	return cart_setup(c, register_code, user_id, NULL, err);
}

int cart_init_uuid(struct cart *c, const char *register_code, long long user_id,
		   const char *uuid, struct pos_error *err)
{
	if (!uuid)
		return pos_fail(err, POS_ERR_INVALID, "no UUID given");
	return cart_setup(c, register_code, user_id, uuid, err);
}

void cart_release(struct cart *c)
{
	if (!c)
		return;
	free(c->lines);
	c->lines = NULL;
	c->nlines = c->cap = 0;
}

/* A deep copy of c into *out (the lines array is duplicated). */
static int cart_clone(const struct cart *c, struct cart *out, size_t extra, struct pos_error *err)
{
	*out = *c;
	out->lines = NULL;
	out->cap = c->nlines + extra;
	if (out->cap) {
		out->lines = malloc(out->cap * sizeof(*out->lines));
		if (!out->lines)
			return pos_fail(err, POS_ERR_NO_MEM, "out of memory changing the cart");
		if (c->nlines)
			memcpy(out->lines, c->lines, c->nlines * sizeof(*c->lines));
	}
	return 0;
}

/* Replace *c by the changed copy *n (c's lines are freed). */
static void cart_swap(struct cart *c, struct cart *n)
{
	free(c->lines);
	*c = *n;
}

void cart_totals(struct cart *c)
{
	int64_t base = 0, sale_disc, shared = 0, left;
	size_t i, big = 0;

	c->gross = c->discount = c->total = c->vat = c->paid = c->change = 0;
	for (i = 0; i < c->nlines; i++) {
		struct cart_line *l = &c->lines[i];
		int64_t g = 0, d;

		if (l->fixed_amount >= 0)
			g = l->fixed_amount;
		else if (money_line_amount(l->unit_price, l->qty_milli, &g, NULL) != 0)
			g = CART_AMOUNT_MAX + 1;
		if (g > CART_AMOUNT_MAX + 1 || g < 0)
			g = CART_AMOUNT_MAX + 1;
		l->gross = g;
		if (l->disc_percent > 0)
			d = muldiv(g, l->disc_percent > 10000 ? 10000 : l->disc_percent, 10000);
		else
			d = l->disc_amount;
		if (d > g)
			d = g;
		if (d < 0)
			d = 0;
		l->line_discount = d;
		l->discount = d;
		l->amount = g - d;
		base += l->amount;
		if (l->amount > c->lines[big].amount)
			big = i;
	}
	/* the whole-sale discount, shared pro rata by amount */
	if (c->sale_disc_percent > 0)
		sale_disc = muldiv(base, c->sale_disc_percent > 10000 ? 10000 : c->sale_disc_percent,
				   10000);
	else
		sale_disc = c->sale_disc_amount;
	if (sale_disc > base)
		sale_disc = base;
	if (sale_disc < 0)
		sale_disc = 0;
	if (sale_disc > 0 && base > 0) {
		for (i = 0; i < c->nlines; i++) {
			struct cart_line *l = &c->lines[i];
			int64_t s = muldiv_floor(sale_disc, l->amount, base);

			l->discount += s;
			l->amount -= s;
			shared += s;
		}
		/* The remainder (fewer đồng than lines) goes on the largest line;
		 * should it not have room (a discount of nearly 100 %), on the
		 * next lines in order. */
		left = sale_disc - shared;
		for (i = 0; left > 0 && i <= c->nlines; i++) {
			size_t k = i == 0 ? big : i - 1;
			struct cart_line *l = &c->lines[k];
			int64_t take = left < l->amount ? left : l->amount;

			if (i > 0 && k == big)
				continue;
			l->discount += take;
			l->amount -= take;
			left -= take;
		}
	}
	for (i = 0; i < c->nlines; i++) {
		struct cart_line *l = &c->lines[i];

		l->vat = money_vat_included(l->amount, l->vat_rate);
		c->gross += l->gross;
		c->discount += l->discount;
		c->total += l->amount;
		c->vat += l->vat;
	}
	c->rounding = 0;
	for (i = 0; i < c->npay; i++) {
		int64_t taken = c->pay[i].amount + c->pay[i].rounding;

		c->paid += c->pay[i].amount;
		c->rounding += c->pay[i].rounding;
		if (c->pay[i].tendered > taken)
			c->change += c->pay[i].tendered - taken;
	}
}

int64_t cart_due(const struct cart *c)
{
	return c->total > c->paid ? c->total - c->paid : 0;
}

int cart_validate(const struct cart *c, struct pos_error *err)
{
	size_t i;

	if (c->nlines > CART_MAX_LINES)
		return pos_fail(err, POS_ERR_REFUSED, tr("a sale has at most %d lines"),
				CART_MAX_LINES);
	for (i = 0; i < c->nlines; i++)
		if (c->lines[i].gross > CART_AMOUNT_MAX)
			return pos_fail(err, POS_ERR_INVALID,
					tr("line %zu (%s) is too large an amount"), i + 1,
					c->lines[i].sku);
	if (c->total > CART_AMOUNT_MAX)
		return pos_fail(err, POS_ERR_INVALID, "%s", tr("the sale's total is too large"));
	return 0;
}

void cart_qr_purpose(const struct cart *c, char out[SALE_QR_PURPOSE_MAX])
{
	char hex[9];
	size_t i, n = 0;

	for (i = 0; c->uuid[i] && n < 8; i++) {
		char ch = c->uuid[i];

		if (ch == '-')
			continue;
		hex[n++] = (ch >= 'a' && ch <= 'f') ? (char)(ch - 32) : ch;
	}
	hex[n] = '\0';
	snprintf(out, SALE_QR_PURPOSE_MAX, "TT %s", hex);
}

int cart_qr_payload(const struct cart *c, struct db *db, int64_t amount, char *out, size_t n,
		    struct pos_error *err)
{
	char purpose[SALE_QR_PURPOSE_MAX];

	if (amount <= 0)
		amount = cart_due(c);
	cart_qr_purpose(c, purpose);
	return vietqr_build_showroom(db, amount, purpose, out, n, err);
}

/* ---- the cart in the database ----------------------------------------- */

static int cart_is_empty(const struct cart *c)
{
	return c->nlines == 0 && c->npay == 0;
}

/* Write c with status (or delete its row when an open cart is empty). */
static int cart_write(struct cart *c, struct db *db, const char *status, struct pos_error *err)
{
	char now[CLOCK_TS_LEN], *json = NULL;
	sqlite3_stmt *st;
	int r;

	if (c->transient)
		return 0;
	if (strcmp(status, "open") != 0 && strcmp(status, "held") != 0)
		return pos_fail(err, POS_ERR_INVALID, "cart status \"%s\" is not open or held",
				status);
	if (strcmp(status, "open") == 0 && cart_is_empty(c)) {
		if ((r = db_prepare(db, "DELETE FROM cart WHERE uuid = ?1", &st, err)))
			return r;
		sqlite3_bind_text(st, 1, c->uuid, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			return db_fail(db, err, "saving the cart");
		return 0;
	}
	if ((r = cartfile_write(c, &json, err)))
		return r;
	clock_format_utc(clock_now(), now);
	r = db_prepare(db, "INSERT INTO cart(uuid, register, user_id, status, label, data, "
		       "updated_at) VALUES (?1, ?2, nullif(?3, 0), ?4, ?5, ?6, ?7) "
		       "ON CONFLICT(uuid) DO UPDATE SET register = excluded.register, "
		       "user_id = excluded.user_id, status = excluded.status, "
		       "label = excluded.label, data = excluded.data, "
		       "updated_at = excluded.updated_at", &st, err);
	if (r == 0) {
		sqlite3_bind_text(st, 1, c->uuid, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, c->register_code, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, c->user_id);
		sqlite3_bind_text(st, 4, status, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, c->label, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, json, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			r = db_fail(db, err, "saving the cart");
		sqlite3_reset(st);
	}
	free(json);
	return r;
}

/* Finish a change made on the copy n: totals, limits, mirror, swap into c. */
static int cart_commit(struct cart *c, struct cart *n, struct db *db, struct pos_error *err)
{
	int r;

	cart_totals(n);
	r = cart_validate(n, err);
	if (r == 0)
		r = cart_write(n, db, "open", err);
	if (r) {
		cart_release(n);
		return r;
	}
	cart_swap(c, n);
	return 0;
}

int cart_hold(struct cart *c, struct db *db, const char *label, struct pos_error *err)
{
	struct cart fresh, n;
	char lab[64];
	int r;

	if (cart_is_empty(c))
		return pos_fail(err, POS_ERR_REFUSED, "%s", tr("the cart is empty: nothing to hold"));
	if (c->transient)
		return pos_fail(err, POS_ERR_REFUSED, "%s", tr("a scripted sale cannot be held"));
	if (label && strlen(label) >= sizeof(lab))
		return pos_fail(err, POS_ERR_INVALID, "%s", tr("the label is too long"));
	vn_copy(lab, sizeof(lab), label);
	if ((r = field_plain(lab, sizeof(lab), "label", err)))
		return r;
	if ((r = cart_init(&fresh, c->register_code, c->user_id, err)))
		return r;
	if ((r = cart_clone(c, &n, 0, err)))
		return r;
	vn_copy(n.label, sizeof(n.label), lab);
	if ((r = cart_write(&n, db, "held", err))) {
		cart_release(&n);
		return r;
	}
	cart_release(&n);
	cart_release(c);
	*c = fresh;
	return 0;
}

/* Load the cart row with uuid (and status, when not NULL) into *out. */
static int cart_load_row(struct db *db, const char *sql, const char *key, struct cart *out,
			 struct pos_error *err)
{
	sqlite3_stmt *st;
	int r, rc;

	if ((r = db_prepare(db, sql, &st, err)))
		return r;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? POS_ERR_NOT_FOUND : db_fail(db, err, "loading a cart");
	}
	r = cartfile_read((const char *)sqlite3_column_blob(st, 0),
			  (size_t)sqlite3_column_bytes(st, 0), out, err);
	sqlite3_reset(st);
	return r;
}

struct recall_args {
	struct cart *held, *cur;
};

/* The held cart becomes the open one; the current cart is saved (open). */
static int recall_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct recall_args *a = ctx;
	int r;

	if ((r = cart_write(a->held, db, "open", err)))
		return r;
	if (strcmp(a->cur->uuid, a->held->uuid) != 0)
		return cart_write(a->cur, db, "open", err);
	return 0;
}

int cart_recall(struct cart *c, struct db *db, const char *uuid, struct pos_error *err)
{
	struct recall_args a;
	struct cart held;
	int r;

	if (!cart_is_empty(c))
		return pos_fail(err, POS_ERR_REFUSED, "%s",
				tr("the current cart is not empty: hold it or finish it first"));
	r = cart_load_row(db, "SELECT data FROM cart WHERE uuid = lower(?1) AND status = 'held'",
			  uuid ? uuid : "", &held, err);
	if (r == POS_ERR_NOT_FOUND)
		return pos_fail(err, r, tr("no held cart %s (see `ocop-pos sale held`)"),
				uuid ? uuid : "");
	if (r)
		return r;
	vn_copy(held.register_code, sizeof(held.register_code), c->register_code);
	held.user_id = c->user_id;
	held.label[0] = '\0';
	a.held = &held;
	a.cur = c;
	if ((r = db_tx(db, DB_TX_WRITE, recall_in_tx, &a, err))) {
		cart_release(&held);
		return r;
	}
	cart_release(c);
	*c = held;
	return 0;
}

int cart_restore(struct cart *c, struct db *db, const char *register_code,
		 struct pos_error *err)
{
	struct cart open;
	int r;

	r = cart_load_row(db, "SELECT data FROM cart WHERE register = ?1 AND status = 'open' "
			  "ORDER BY updated_at DESC, uuid LIMIT 1",
			  register_code ? register_code : "", &open, err);
	if (r == POS_ERR_NOT_FOUND)
		return pos_fail(err, r, tr("no open cart on register %s"),
				register_code ? register_code : "");
	if (r)
		return r;
	cart_release(c);
	*c = open;
	return 0;
}

int cart_held_list(struct db *db, const char *register_code, struct held_cart **out,
		   size_t *n, struct pos_error *err)
{
	struct held_cart *list = NULL;
	size_t cnt = 0, cap = 0;
	sqlite3_stmt *st;
	int r, rc;

	r = db_prepare(db, "SELECT uuid, label, updated_at, data FROM cart WHERE status = 'held' "
		       "AND (?1 = '' OR register = ?1) ORDER BY updated_at DESC, uuid", &st, err);
	if (r)
		return r;
	sqlite3_bind_text(st, 1, register_code ? register_code : "", -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct cart c;
		struct held_cart *h;

		if (POS_GROW(list, cap, cnt + 1)) {
			r = pos_fail(err, POS_ERR_NO_MEM, "out of memory listing carts");
			goto fail;
		}
		h = &list[cnt];
		memset(h, 0, sizeof(*h));
		vn_copy(h->uuid, sizeof(h->uuid), db_col_text(st, 0));
		vn_copy(h->label, sizeof(h->label), db_col_text(st, 1));
		vn_copy(h->updated_at, sizeof(h->updated_at), db_col_text(st, 2));
		if (cartfile_read((const char *)sqlite3_column_blob(st, 3),
				  (size_t)sqlite3_column_bytes(st, 3), &c, NULL) == 0) {
			h->nlines = (int)c.nlines;
			h->total = c.total;
			cart_release(&c);
		} else {
			h->nlines = -1;    /* unreadable: shown, so it can be looked at */
		}
		cnt++;
	}
	if (rc != SQLITE_DONE) {
		r = db_fail(db, err, "listing held carts");
		goto fail;
	}
	sqlite3_reset(st);
	*out = list;
	*n = cnt;
	return 0;
fail:
	sqlite3_reset(st);
	free(list);
	return r;
}

/* ---- adding goods ----------------------------------------------------- */

/* *block = 1 when the showroom refuses products whose OCOP certificate has lapsed. */
static int block_lapsed(struct db *db, int *block, struct pos_error *err)
{
	char v[8];
	int r = setting_get(db, "sale.block_lapsed_cert", v, sizeof(v), err);

	if (r && r != POS_ERR_NOT_FOUND)
		return r;
	*block = r == 0 && strcmp(v, "1") == 0;
	return 0;
}

static int cert_lapsed(const char *expires)
{
	char today[CLOCK_DATE_LEN];

	if (!expires || !expires[0])
		return 0;
	clock_local_date(clock_now(), today);
	return strcmp(expires, today) < 0;
}

static int lapsed_refused(const struct product *p, struct pos_error *err)
{
	return pos_fail(err, POS_ERR_REFUSED,
			tr("%s (%s): its OCOP certificate expired on %s and this showroom does "
			   "not sell products with a lapsed certificate"), p->name, p->sku,
			p->cert_expires);
}

/* A counted unit (cái, hộp, bộ) takes whole numbers: only measures sell in fractions. */
static int whole_only(const char *name, const char *unit, struct pos_error *err)
{
	return pos_fail(err, POS_ERR_INVALID,
			tr("%s is sold by the %s: the quantity is a whole number (fractions only "
			   "for goods sold by weight or volume)"), name, unit);
}

/*
 * Put qty_milli of p on the cart (a new line, or more on its line unless
 * the code carried its own measure: fixed >= 0 or variable).
 */
static int add_line(struct cart *c, struct db *db, const struct product *p, int64_t qty_milli,
		    int64_t fixed, int variable, struct pos_error *err)
{
	struct cart n;
	size_t i;
	int r, lapsed, block;

	if (!p->active)
		return pos_fail(err, POS_ERR_REFUSED,
				tr("%s (%s) is no longer sold (inactive in the catalogue)"), p->name,
				p->sku);
	if (qty_milli <= 0 || qty_milli > QTY_MAX_MILLI)
		return pos_fail(err, POS_ERR_INVALID, "%s", tr("the quantity must be more than 0"));
	if (!variable && fixed < 0 && qty_milli % QTY_ONE && !catalog_unit_measured(p->unit))
		return whole_only(p->name, p->unit, err);
	lapsed = cert_lapsed(p->cert_expires);
	if (lapsed && (r = block_lapsed(db, &block, err)))
		return r;
	if (lapsed && block)
		return lapsed_refused(p, err);
	if (!variable) {
		for (i = 0; i < c->nlines; i++) {
			struct cart_line *l = &c->lines[i];

			if (l->product_id == p->id && l->fixed_amount < 0 && !l->measured) {
				if ((r = cart_clone(c, &n, 0, err)))
					return r;
				l = &n.lines[i];
				if (l->qty_milli > QTY_MAX_MILLI - qty_milli) {
					cart_release(&n);
					return pos_fail(err, POS_ERR_INVALID, "%s",
							tr("the quantity is too large"));
				}
				l->qty_milli += qty_milli;
				l->cert_lapsed = lapsed;
				n.last_line = (int)i;
				return cart_commit(c, &n, db, err);
			}
		}
	}
	if (c->nlines >= CART_MAX_LINES)
		return pos_fail(err, POS_ERR_REFUSED, tr("a sale has at most %d lines"),
				CART_MAX_LINES);
	if ((r = cart_clone(c, &n, 1, err)))
		return r;
	{
		struct cart_line *l = &n.lines[n.nlines];

		memset(l, 0, sizeof(*l));
		l->product_id = p->id;
		vn_copy(l->sku, sizeof(l->sku), p->sku);
		vn_copy(l->name, sizeof(l->name), p->name);
		vn_copy(l->unit, sizeof(l->unit), p->unit);
		l->stars = p->stars;
		l->vat_rate = p->vat_rate;
		l->is_service = p->is_service;
		l->cert_lapsed = lapsed;
		l->qty_milli = qty_milli;
		l->list_price = p->price;
		l->unit_price = p->price;
		l->fixed_amount = fixed;
		l->measured = variable;
		n.last_line = (int)n.nlines;
		n.nlines++;
	}
	return cart_commit(c, &n, db, err);
}

int cart_add_code(struct cart *c, struct db *db, const struct config *cfg, const char *code,
		  int64_t qty_milli, struct pos_error *err)
{
	struct catalog_scan s;
	int r;

	r = catalog_scan(db, cfg ? cfg->layouts : NULL, cfg ? cfg->nlayouts : 0, code, &s, err);
	if (r)
		return r;
	if (s.variable) {
		if (qty_milli != 0 && qty_milli != s.qty_milli)
			return pos_fail(err, POS_ERR_INVALID,
					tr("%s is a label-scale code that carries its own "
					   "quantity: scan each package"), code);
		return add_line(c, db, &s.product, s.qty_milli, s.amount, 1, err);
	}
	if (qty_milli < 0)
		return pos_fail(err, POS_ERR_INVALID, "%s", tr("the quantity must be more than 0"));
	return add_line(c, db, &s.product, qty_milli ? qty_milli : s.qty_milli, -1, 0, err);
}

int cart_add_product(struct cart *c, struct db *db, long long product_id, int64_t qty_milli,
		     struct pos_error *err)
{
	struct product p;
	int r;

	if ((r = catalog_get_id(db, product_id, &p, err)))
		return r;
	if (qty_milli < 0)
		return pos_fail(err, POS_ERR_INVALID, "%s", tr("the quantity must be more than 0"));
	return add_line(c, db, &p, qty_milli ? qty_milli : QTY_ONE, -1, 0, err);
}

static int bad_line(const struct cart *c, size_t line, struct pos_error *err)
{
	return pos_fail(err, POS_ERR_INVALID, tr("there is no line %zu (the cart has %zu)"),
			line + 1, c->nlines);
}

int cart_remove_line(struct cart *c, struct db *db, size_t line, struct pos_error *err)
{
	struct cart n;
	int r;

	if (line >= c->nlines)
		return bad_line(c, line, err);
	if ((r = cart_clone(c, &n, 0, err)))
		return r;
	memmove(&n.lines[line], &n.lines[line + 1], (n.nlines - line - 1) * sizeof(*n.lines));
	n.nlines--;
	if (n.last_line == (int)line)
		n.last_line = n.nlines ? (int)n.nlines - 1 : -1;
	else if (n.last_line > (int)line)
		n.last_line--;
	return cart_commit(c, &n, db, err);
}

int cart_set_qty(struct cart *c, struct db *db, size_t line, int64_t qty_milli,
		 struct pos_error *err)
{
	struct cart n;
	struct cart_line *l;
	int r;

	if (line >= c->nlines)
		return bad_line(c, line, err);
	if (qty_milli == 0)
		return cart_remove_line(c, db, line, err);
	if (qty_milli < 0 || qty_milli > QTY_MAX_MILLI)
		return pos_fail(err, POS_ERR_INVALID, "%s", tr("the quantity must be more than 0"));
	if (c->lines[line].fixed_amount >= 0)
		return pos_fail(err, POS_ERR_REFUSED,
				tr("line %zu comes from a price label: its quantity is the "
				   "label's"), line + 1);
	if (c->lines[line].measured)
		return pos_fail(err, POS_ERR_REFUSED,
				tr("line %zu comes from a label-scale code: its quantity is the "
				   "label's weight (remove the line and scan the package again)"),
				line + 1);
	if (qty_milli % QTY_ONE && !catalog_unit_measured(c->lines[line].unit))
		return whole_only(c->lines[line].name, c->lines[line].unit, err);
	if ((r = cart_clone(c, &n, 0, err)))
		return r;
	l = &n.lines[line];
	l->qty_milli = qty_milli;
	n.last_line = (int)line;
	return cart_commit(c, &n, db, err);
}

/* ---- discounts, price overrides, buyer -------------------------------- */

/* The limit of a plain cashier, to tell which discounts are "over the limit". */
static int cashier_limit(struct db *db)
{
	struct user cashier;
	int bp = USER_CASHIER_DISCOUNT_BP;

	memset(&cashier, 0, sizeof(cashier));
	cashier.role = ROLE_CASHIER;
	cashier.active = 1;
	if (user_discount_limit(db, &cashier, &bp, NULL) != 0)
		bp = USER_CASHIER_DISCOUNT_BP;
	return bp;
}

/*
 * May u give a discount of bp?  0 with *approved_by = 0 (within u's
 * limit) or the approver's id; POS_ERR_PERM otherwise.
 */
static int discount_allowed(struct db *db, const struct user *u, int bp,
			    const struct user *approver, long long *approved_by,
			    struct pos_error *err)
{
	char want[16], lim[16];
	int limit, alimit, r;

	if ((r = user_discount_limit(db, u, &limit, err)))
		return r;
	if (bp <= limit) {
		*approved_by = 0;
		return 0;
	}
	fmt_bp(bp > 10000 ? 10000 : bp, want);
	fmt_bp(limit, lim);
	if (!approver)
		return pos_fail(err, POS_ERR_PERM,
				tr("a discount of %s is over %s's limit of %s: a manager must "
				   "approve it with their PIN"), want, u->name, lim);
	if ((r = user_require(approver, PERM_DISCOUNT_ANY, err)))
		return r;
	if ((r = user_discount_limit(db, approver, &alimit, err)))
		return r;
	if (bp > alimit) {
		fmt_bp(alimit, lim);
		return pos_fail(err, POS_ERR_PERM, tr("a discount of %s is over %s's limit of %s"),
				want, approver->name, lim);
	}
	*approved_by = approver->id;
	return 0;
}

int cart_discount(struct cart *c, struct db *db, const struct user *u, int line,
		  int percent_bp, int64_t amount, const struct user *approver,
		  struct pos_error *err)
{
	struct cart n;
	long long approved = 0;
	int64_t base = 0;
	int bp, r;
	size_t i;

	if ((r = user_require(u, PERM_SELL, err)))
		return r;
	if (percent_bp < 0 || percent_bp > 10000 || amount < 0 || amount > CART_AMOUNT_MAX)
		return pos_fail(err, POS_ERR_INVALID, "%s",
				tr("a discount is from 0 to 100 percent, or an amount of 0 or more"));
	if (percent_bp && amount)
		return pos_fail(err, POS_ERR_INVALID, "%s",
				tr("give a discount in percent or as an amount, not both"));
	if (line < -1 || (line >= 0 && (size_t)line >= c->nlines))
		return bad_line(c, line < 0 ? 0 : (size_t)line, err);
	if (line >= 0) {
		base = c->lines[line].gross;
	} else {
		for (i = 0; i < c->nlines; i++)
			base += c->lines[i].gross - c->lines[i].line_discount;
	}
	if (amount > base) {
		char a[MONEY_FMT_MAX], b[MONEY_FMT_MAX];

		fmt_money(amount, a);
		fmt_money(base, b);
		return pos_fail(err, POS_ERR_INVALID, tr("a discount of %s is more than the %s it "
							 "applies to"), a, b);
	}
	bp = percent_bp ? percent_bp : bp_of(amount, base);
	if ((r = discount_allowed(db, u, bp, approver, &approved, err)))
		return r;
	if ((r = cart_clone(c, &n, 0, err)))
		return r;
	if (line >= 0) {
		n.lines[line].disc_percent = percent_bp;
		n.lines[line].disc_amount = amount;
		if (approved || !n.lines[line].price_overridden)
			n.lines[line].approved_by = approved;
		n.last_line = line;
	} else {
		n.sale_disc_percent = percent_bp;
		n.sale_disc_amount = amount;
		n.approved_by = approved;
	}
	return cart_commit(c, &n, db, err);
}

int cart_override_price(struct cart *c, struct db *db, const struct user *u, size_t line,
			int64_t unit_price, const struct user *approver, struct pos_error *err)
{
	struct cart n;
	long long approved = 0;
	int r;

	if ((r = user_require(u, PERM_SELL, err)))
		return r;
	if (line >= c->nlines)
		return bad_line(c, line, err);
	if (unit_price < 0 || unit_price > CART_AMOUNT_MAX)
		return pos_fail(err, POS_ERR_INVALID, "%s", tr("a price must be 0 or more"));
	if (!user_can(u, PERM_PRICE_OVERRIDE)) {
		if (!approver)
			return pos_fail(err, POS_ERR_PERM, tr("%s may not change a price: a "
							      "manager must approve it with their "
							      "PIN"), u->name);
		if ((r = user_require(approver, PERM_PRICE_OVERRIDE, err)))
			return r;
		approved = approver->id;
	}
	if ((r = cart_clone(c, &n, 0, err)))
		return r;
	n.lines[line].unit_price = unit_price;
	n.lines[line].fixed_amount = -1;
	n.lines[line].price_overridden = unit_price != n.lines[line].list_price;
	if (approved)
		n.lines[line].approved_by = approved;
	n.last_line = (int)line;
	return cart_commit(c, &n, db, err);
}

int cart_set_buyer(struct cart *c, struct db *db, const char *name, const char *tax_code,
		   const char *address, const char *contact, struct pos_error *err)
{
	char nm[128], tc[TAXCODE_MAX + 1], ad[256], co[128];
	struct cart n;
	int r;

	if ((name && strlen(name) >= sizeof(nm)) || (address && strlen(address) >= sizeof(ad)) ||
	    (contact && strlen(contact) >= sizeof(co)))
		return pos_fail(err, POS_ERR_INVALID, "%s", tr("the buyer's details are too long"));
	vn_copy(nm, sizeof(nm), name);
	vn_copy(ad, sizeof(ad), address);
	vn_copy(co, sizeof(co), contact);
	tc[0] = '\0';
	if ((r = field_plain(nm, sizeof(nm), "buyer name", err)) ||
	    (r = field_plain(ad, sizeof(ad), "buyer address", err)) ||
	    (r = field_plain(co, sizeof(co), "buyer contact", err)))
		return r;
	if (tax_code && *tax_code) {
		r = taxcode_normalize(tax_code, tc, sizeof(tc), err);
		if (r < 0)
			return r;
	}
	if ((r = cart_clone(c, &n, 0, err)))
		return r;
	vn_copy(n.buyer_name, sizeof(n.buyer_name), nm);
	vn_copy(n.buyer_tax_code, sizeof(n.buyer_tax_code), tc);
	vn_copy(n.buyer_address, sizeof(n.buyer_address), ad);
	vn_copy(n.buyer_contact, sizeof(n.buyer_contact), co);
	return cart_commit(c, &n, db, err);
}

/* ---- payments --------------------------------------------------------- */

int64_t sale_round_cash(int64_t amount, int64_t step)
{
	int64_t q, rest;

	if (step <= 0)
		return amount;
	q = amount / step;
	rest = amount % step;
	if (rest < 0) {
		q--;
		rest += step;
	}
	return (q + (rest * 2 >= step)) * step;
}

int sale_cash_rounding_step(struct db *db, int64_t *step, struct pos_error *err)
{
	char v[32], *end;
	long long n;
	int r = db ? setting_get(db, "cash.rounding_step", v, sizeof(v), err) : POS_ERR_NOT_FOUND;

	if (r == POS_ERR_NOT_FOUND) {
		*step = 0;                /* off unless the shop turns it on */
		return 0;
	}
	if (r)
		return r;
	n = strtoll(v, &end, 10);
	if (end == v || *end || n < 0 || n > SALE_ROUNDING_STEP_MAX)
		return pos_fail(err, POS_ERR_CORRUPT,
				tr("the setting cash.rounding_step is \"%s\": set it again (0 = off, "
				   "or 100 ... 10000 VND)"), v);
	*step = n;
	return 0;
}

int cart_pay(struct cart *c, struct db *db, enum pay_method m, int64_t amount, int64_t tendered,
	     const char *reference, struct pos_error *err)
{
	struct cart_payment p;
	struct cart n;
	char a[MONEY_FMT_MAX], b[MONEY_FMT_MAX];
	int64_t due;
	int r;

	if ((unsigned)m > PAY_WALLET)
		return pos_fail(err, POS_ERR_INVALID, "unknown payment method %d", (int)m);
	if (amount < 0 || tendered < 0 || amount > CART_AMOUNT_MAX || tendered > CART_AMOUNT_MAX)
		return pos_fail(err, POS_ERR_INVALID, "%s", tr("a payment must be 0 or more"));
	if (c->npay >= CART_MAX_PAYMENTS)
		return pos_fail(err, POS_ERR_REFUSED, tr("a sale takes at most %d payments"),
				CART_MAX_PAYMENTS);
	due = cart_due(c);
	if (due <= 0)
		return pos_fail(err, POS_ERR_REFUSED, "%s", tr("nothing is left to pay"));
	memset(&p, 0, sizeof(p));
	p.method = m;
	vn_copy(p.reference, sizeof(p.reference), reference);
	if (reference && strlen(reference) >= sizeof(p.reference))
		return pos_fail(err, POS_ERR_INVALID, "%s", tr("the payment reference is too long"));
	if ((r = field_plain(p.reference, sizeof(p.reference), "reference", err)))
		return r;
	if (m == PAY_CASH) {
		int64_t step, rdue, cover;

		if ((r = sale_cash_rounding_step(db, &step, err)))
			return r;
		rdue = sale_round_cash(due, step);
		if (rdue <= 0)
			rdue = due;       /* less than half a step due: taken exactly */
		/* what this cash is to cover: the amount, else what was handed over,
		 * else exactly what is due (rounded) */
		cover = amount ? amount : tendered ? tendered : rdue;
		if (tendered == 0)
			tendered = cover;
		if (cover >= rdue || cover >= due) {
			/* it settles the sale: the rounding only when it covers the
			 * rounded amount (the exact amount is never refused) */
			p.rounding = cover >= rdue ? rdue - due : 0;
			if (cover > due && tendered < cover)
				tendered = cover; /* the cashier typed what was handed over */
			amount = due;
		} else {
			amount = cover;
		}
		if (tendered < amount + p.rounding) {
			fmt_money(tendered, a);
			fmt_money(amount + p.rounding, b);
			return pos_fail(err, POS_ERR_INVALID,
					tr("%s tendered does not cover the %s of this payment"), a, b);
		}
	} else {
		if (amount == 0)
			amount = due;
		if (amount > due) {
			fmt_money(amount, a);
			fmt_money(due, b);
			return pos_fail(err, POS_ERR_REFUSED,
					tr("%s is more than the %s left to pay: only cash can be "
					   "more (change is given in cash)"), a, b);
		}
		tendered = amount;
		if (m == PAY_CARD && !p.reference[0])
			return pos_fail(err, POS_ERR_INVALID, "%s",
					tr("a card payment needs the card terminal's reference"));
		if (m == PAY_WALLET && !p.reference[0])
			return pos_fail(err, POS_ERR_INVALID, "%s",
					tr("an e-wallet payment needs the app's transaction reference"));
		if (m == PAY_QR && !p.reference[0])
			cart_qr_purpose(c, p.reference);
	}
	p.amount = amount;
	p.tendered = tendered;
	if ((r = cart_clone(c, &n, 0, err)))
		return r;
	n.pay[n.npay++] = p;
	return cart_commit(c, &n, db, err);
}

static int remove_payment(struct cart *c, struct db *db, size_t i, struct pos_error *err)
{
	struct cart n;
	int r;

	if ((r = cart_clone(c, &n, 0, err)))
		return r;
	memmove(&n.pay[i], &n.pay[i + 1], (n.npay - i - 1) * sizeof(n.pay[0]));
	n.npay--;
	return cart_commit(c, &n, db, err);
}

int cart_remove_payment(struct cart *c, struct db *db, size_t i, struct pos_error *err)
{
	if (i >= c->npay)
		return pos_fail(err, POS_ERR_INVALID, tr("there is no payment %zu"), i + 1);
	if (c->pay[i].method != PAY_CASH)
		return pos_fail(err, POS_ERR_PERM, "%s",
				tr("a confirmed transfer, card or e-wallet payment is removed only "
				   "with a manager's PIN"));
	return remove_payment(c, db, i, err);
}

/* Detail of the audit row: "qr 3471000 <reference>". */
static void payment_detail(const struct cart_payment *p, char *out, size_t n)
{
	snprintf(out, n, "%s %lld %s", pay_method_name(p->method), (long long)p->amount,
		 p->reference);
}

/* The audited actions a manager approves at the till: who, what, why. */
struct approved_args {
	struct cart *c, *next;
	size_t i;
	const char *uuid;
	const struct user *u, *approver;
	const char *detail;
};

static int remove_payment_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct approved_args *a = ctx;
	int r;

	if ((r = audit_log(db, a->u ? a->u->id : 0, a->approver->id, "payment_remove",
			   a->c->uuid, a->detail, err)))
		return r;
	return remove_payment(a->c, db, a->i, err);
}

int cart_remove_payment_approved(struct cart *c, struct db *db, size_t i, const struct user *u,
				 const struct user *approver, struct pos_error *err)
{
	struct approved_args a;
	char detail[160];

	if (i >= c->npay)
		return pos_fail(err, POS_ERR_INVALID, tr("there is no payment %zu"), i + 1);
	if (c->pay[i].method == PAY_CASH)
		return remove_payment(c, db, i, err);
	if (!approver || !user_can(approver, PERM_VOID))
		return pos_fail(err, POS_ERR_PERM, "%s",
				tr("a confirmed transfer, card or e-wallet payment is removed only "
				   "with a manager's PIN"));
	payment_detail(&c->pay[i], detail, sizeof(detail));
	a.c = c;
	a.i = i;
	a.u = u;
	a.approver = approver;
	a.detail = detail;
	return db_tx(db, DB_TX_WRITE, remove_payment_in_tx, &a, err);
}

int cart_stock_short(struct db *db, const struct cart *c, size_t line, int64_t *short_milli,
		     int *allowed, struct pos_error *err)
{
	enum stock_oversell pol;
	int64_t want = 0, have = 0;
	size_t i;
	int r;

	*short_milli = 0;
	*allowed = 1;
	if (line >= c->nlines)
		return bad_line(c, line, err);
	if (c->lines[line].is_service)
		return 0;
	for (i = 0; i < c->nlines; i++)
		if (c->lines[i].product_id == c->lines[line].product_id)
			want += c->lines[i].qty_milli;
	if ((r = stock_on_hand(db, c->lines[line].product_id, &have, err)))
		return r;
	if (want <= have)
		return 0;
	*short_milli = want - have;
	if ((r = stock_oversell_get(db, &pol, err)))
		return r;
	*allowed = pol == STOCK_OVERSELL_ALLOW;
	return 0;
}

/* ---- documents: numbers, heads, lines --------------------------------- */

/* What every document row holds. */
struct doc_head {
	const char *uuid;
	const char *kind;              /* "sale", "refund", "void" */
	char no[SALE_RECEIPT_NO_MAX];
	const char *showroom;
	const char *reg;
	long long seq;
	long long original_id;         /* 0 for a sale */
	long long shift_id;
	long long user_id, approved_by;
	char at[CLOCK_TS_LEN], date[CLOCK_DATE_LEN];
	int64_t gross, discount, total, vat;
	const char *buyer_name, *buyer_tax_code, *buyer_address, *buyer_contact;
	const char *reason;
	const char *seller_name, *seller_address, *seller_tax_code;
	int64_t cash_rounding;         /* cash taken or given back beyond the cash payments */
};

/* Number the document (series "sale" or "refund") and set its time. */
static int head_number(struct db *db, struct doc_head *h, const char *series,
		       struct pos_error *err)
{
	time_t now = clock_now();
	int year, r;

	clock_format_utc(now, h->at);
	clock_local_date(now, h->date);
	year = atoi(h->date);
	if ((r = doc_counter_next(db, h->showroom, h->reg, year, series,
				    "numbering the receipt", &h->seq, err)))
		return r;
	if (strcmp(series, "sale") == 0)
		snprintf(h->no, sizeof(h->no), "%s-%s-%04d-%06lld", h->showroom, h->reg, year,
			 h->seq);
	else
		snprintf(h->no, sizeof(h->no), "%s-%s-%04d-R%06lld", h->showroom, h->reg, year,
			 h->seq);
	return 0;
}

static int head_insert(struct db *db, const struct doc_head *h, long long *id,
		       struct pos_error *err)
{
	sqlite3_stmt *st;
	int r;

	r = db_prepare(db, "INSERT INTO sale(uuid, kind, receipt_no, showroom, register, seq, "
		       "original_sale_id, shift_id, user_id, approved_by, at, business_date, gross, "
		       "discount, total, vat, buyer_name, buyer_tax_code, buyer_address, "
		       "buyer_contact, reason, seller_name, seller_address, seller_tax_code, "
		       "cash_rounding) "
		       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, nullif(?7, 0), nullif(?8, 0), nullif(?9, 0), "
		       "nullif(?10, 0), ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, "
		       "?23, ?24, ?25)", &st, err);
	if (r)
		return r;
	sqlite3_bind_text(st, 1, h->uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, h->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, h->no, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, h->showroom, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, h->reg, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, h->seq);
	sqlite3_bind_int64(st, 7, h->original_id);
	sqlite3_bind_int64(st, 8, h->shift_id);
	sqlite3_bind_int64(st, 9, h->user_id);
	sqlite3_bind_int64(st, 10, h->approved_by);
	sqlite3_bind_text(st, 11, h->at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, h->date, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 13, h->gross);
	sqlite3_bind_int64(st, 14, h->discount);
	sqlite3_bind_int64(st, 15, h->total);
	sqlite3_bind_int64(st, 16, h->vat);
	sqlite3_bind_text(st, 17, h->buyer_name ? h->buyer_name : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 18, h->buyer_tax_code ? h->buyer_tax_code : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 19, h->buyer_address ? h->buyer_address : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 20, h->buyer_contact ? h->buyer_contact : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 21, h->reason ? h->reason : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 22, h->seller_name ? h->seller_name : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 23, h->seller_address ? h->seller_address : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 24, h->seller_tax_code ? h->seller_tax_code : "", -1,
			  SQLITE_STATIC);
	sqlite3_bind_int64(st, 25, h->cash_rounding);
	if (sqlite3_step(st) != SQLITE_DONE)
		return db_fail(db, err, "saving the sale");
	*id = db_last_id(db);
	return 0;
}

/* One sale_line row as written. */
struct line_row {
	long long id;                  /* 0: let SQLite choose */
	long long sale_id;
	int line_no;
	long long product_id;
	const char *sku, *name, *unit;
	int stars;
	int64_t qty_milli, list_price, unit_price, discount, amount;
	int vat_rate;
	int64_t vat, cost, commission;
	long long original_line_id;
	const char *date;
};

static int line_insert(struct db *db, const struct line_row *l, long long *id,
		       struct pos_error *err)
{
	sqlite3_stmt *st;
	int r;

	r = db_prepare(db, "INSERT INTO sale_line(id, sale_id, line_no, product_id, sku, name, "
		       "unit, stars, qty_milli, list_price, unit_price, discount, amount, vat_rate, "
		       "vat, cost, commission, original_line_id, business_date) VALUES "
		       "(nullif(?1, 0), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
		       "?15, ?16, ?17, nullif(?18, 0), ?19)", &st, err);
	if (r)
		return r;
	sqlite3_bind_int64(st, 1, l->id);
	sqlite3_bind_int64(st, 2, l->sale_id);
	sqlite3_bind_int(st, 3, l->line_no);
	sqlite3_bind_int64(st, 4, l->product_id);
	sqlite3_bind_text(st, 5, l->sku, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, l->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, l->unit, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 8, l->stars);
	sqlite3_bind_int64(st, 9, l->qty_milli);
	sqlite3_bind_int64(st, 10, l->list_price);
	sqlite3_bind_int64(st, 11, l->unit_price);
	sqlite3_bind_int64(st, 12, l->discount);
	sqlite3_bind_int64(st, 13, l->amount);
	sqlite3_bind_int(st, 14, l->vat_rate);
	sqlite3_bind_int64(st, 15, l->vat);
	sqlite3_bind_int64(st, 16, l->cost);
	sqlite3_bind_int64(st, 17, l->commission);
	sqlite3_bind_int64(st, 18, l->original_line_id);
	sqlite3_bind_text(st, 19, l->date, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return db_fail(db, err, "saving a sale line");
	*id = db_last_id(db);
	return 0;
}

static int lot_insert(struct db *db, long long line_id, long long lot_id, int64_t qty,
		      int64_t unit_cost, long long owner, int commission_bp, struct pos_error *err)
{
	sqlite3_stmt *st;
	int r;

	r = db_prepare(db, "INSERT INTO sale_line_lot(sale_line_id, lot_id, qty_milli, unit_cost, "
		       "owner_producer_id, commission_bp) VALUES (?1, ?2, ?3, ?4, nullif(?5, 0), ?6) "
		       "ON CONFLICT(sale_line_id, lot_id) DO UPDATE SET "
		       "qty_milli = qty_milli + excluded.qty_milli", &st, err);
	if (r)
		return r;
	sqlite3_bind_int64(st, 1, line_id);
	sqlite3_bind_int64(st, 2, lot_id);
	sqlite3_bind_int64(st, 3, qty);
	sqlite3_bind_int64(st, 4, unit_cost);
	sqlite3_bind_int64(st, 5, owner);
	sqlite3_bind_int(st, 6, commission_bp);
	if (sqlite3_step(st) != SQLITE_DONE)
		return db_fail(db, err, "saving a sale line's lots");
	return 0;
}

static int pay_insert(struct db *db, long long sale_id, enum pay_method m, int64_t amount,
		      int64_t tendered, int64_t change, const char *ref, struct pos_error *err)
{
	sqlite3_stmt *st;
	int r;

	if (amount <= 0)
		return 0;
	r = db_prepare(db, "INSERT INTO payment(sale_id, method, amount, tendered, change, "
		       "reference) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &st, err);
	if (r)
		return r;
	sqlite3_bind_int64(st, 1, sale_id);
	sqlite3_bind_text(st, 2, pay_method_name(m), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, amount);
	sqlite3_bind_int64(st, 4, tendered);
	sqlite3_bind_int64(st, 5, change);
	sqlite3_bind_text(st, 6, ref ? ref : "", -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return db_fail(db, err, "saving a payment");
	return 0;
}

static int exec_bound1(struct db *db, const char *sql, const char *arg, const char *what,
		       struct pos_error *err)
{
	sqlite3_stmt *st;
	int r;

	if ((r = db_prepare(db, sql, &st, err)))
		return r;
	sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return db_fail(db, err, what);
	return 0;
}

/* A manager's approval (PERM_VOID) for what takes goods or money off the record. */
static int need_manager(const struct user *approver, const char *what, struct pos_error *err)
{
	if (!approver || !user_can(approver, PERM_VOID))
		return pos_fail(err, POS_ERR_PERM, tr("%s needs a manager's PIN"), what);
	return 0;
}

static int clear_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct approved_args *a = ctx;
	struct cart *n = a->next;
	int r;

	if ((r = audit_log(db, a->u ? a->u->id : 0, a->approver->id, "cart_clear", a->c->uuid,
			   a->detail, err)))
		return r;
	a->next = NULL;             /* cart_commit owns it from here */
	return cart_commit(a->c, n, db, err);
}

int cart_clear_approved(struct cart *c, struct db *db, const struct user *u,
			const struct user *approver, struct pos_error *err)
{
	struct approved_args a;
	struct cart n;
	char detail[128];
	size_t i;
	int r;

	for (i = 0; i < c->npay; i++)
		if (c->pay[i].method != PAY_CASH)
			return pos_fail(err, POS_ERR_REFUSED, "%s",
					tr("the cart has a confirmed transfer, card or e-wallet "
					   "payment: remove it first"));
	if ((r = need_manager(approver, tr("clearing the cart"), err)))
		return r;
	snprintf(detail, sizeof(detail), "%zu lines, %lld", c->nlines, (long long)c->total);
	if ((r = cart_clone(c, &n, 0, err)))
		return r;
	n.nlines = 0;
	n.npay = 0;
	n.last_line = -1;
	memset(&a, 0, sizeof(a));
	a.c = c;
	a.next = &n;
	a.u = u;
	a.approver = approver;
	a.detail = detail;
	r = db_tx(db, DB_TX_WRITE, clear_in_tx, &a, err);
	if (a.next)
		cart_release(&n);   /* not handed to cart_commit */
	return r;
}

static int held_delete_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct approved_args *a = ctx;
	int r;

	if ((r = audit_log(db, a->u ? a->u->id : 0, a->approver->id, "held_delete", a->uuid, "",
			   err)))
		return r;
	if ((r = exec_bound1(db, "DELETE FROM cart WHERE uuid = lower(?1) AND status = 'held'",
			     a->uuid, "deleting the held cart", err)))
		return r;
	if (sqlite3_changes(db_handle(db)) != 1)
		return pos_fail(err, POS_ERR_NOT_FOUND, "%s", tr("that held cart is gone already"));
	return 0;
}

int cart_held_delete(struct db *db, const char *uuid, const struct user *u,
		     const struct user *approver, struct pos_error *err)
{
	struct approved_args a;
	int r;

	if ((r = need_manager(approver, tr("deleting a held cart"), err)))
		return r;
	memset(&a, 0, sizeof(a));
	a.uuid = uuid;
	a.u = u;
	a.approver = approver;
	return db_tx(db, DB_TX_WRITE, held_delete_in_tx, &a, err);
}

/*
 * The register's open shift; without one the operation is refused
 * (POS_ERR_REFUSED) with shift_current()'s sentence.
 */
static int open_shift(struct db *db, const char *reg, struct shift *sh, struct pos_error *err)
{
	struct pos_error e;
	int r = shift_current(db, reg, sh, &e);

	if (r == POS_ERR_NOT_FOUND)
		return pos_fail(err, POS_ERR_REFUSED, "%s", pos_error_text(&e));
	if (r && err)
		*err = e;
	return r;
}

/* The local showroom, or a refusal saying to run init. */
static int local_showroom(struct db *db, struct showroom *s, struct pos_error *err)
{
	int r = showroom_local(db, s, err);

	if (r == POS_ERR_NOT_FOUND)
		return pos_fail(err, POS_ERR_REFUSED, "%s",
				tr("this database has no showroom yet: run `ocop-pos init` first"));
	return r;
}

/* ---- completing a sale ------------------------------------------------ */

/* Fill *out from the document with uuid (any kind); POS_ERR_NOT_FOUND if none. */
static int result_by_uuid(struct db *db, const char *uuid, struct sale_result *out,
			  struct pos_error *err)
{
	struct sale_result res;
	sqlite3_stmt *st;
	int r, rc;

	r = db_prepare(db, "SELECT s.id, s.receipt_no, s.total, s.vat, "
		       "coalesce((SELECT sum(amount) FROM payment WHERE sale_id = s.id), 0), "
		       "coalesce((SELECT sum(change) FROM payment WHERE sale_id = s.id), 0), "
		       "s.cash_rounding FROM sale s WHERE s.uuid = lower(?1)", &st, err);
	if (r)
		return r;
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		return POS_ERR_NOT_FOUND;
	if (rc != SQLITE_ROW)
		return db_fail(db, err, "looking up the sale");
	memset(&res, 0, sizeof(res));
	res.sale_id = sqlite3_column_int64(st, 0);
	vn_copy(res.receipt_no, sizeof(res.receipt_no), db_col_text(st, 1));
	res.total = sqlite3_column_int64(st, 2);
	res.vat = sqlite3_column_int64(st, 3);
	res.paid = sqlite3_column_int64(st, 4);
	res.change = sqlite3_column_int64(st, 5);
	res.rounding = sqlite3_column_int64(st, 6);
	res.replayed = 1;
	sqlite3_reset(st);
	*out = res;
	return 0;
}

int sale_find_uuid(struct db *db, const char *uuid, struct sale_result *out,
		   struct pos_error *err)
{
	int r;

	if (!uuid || !uuid_valid(uuid))
		return pos_fail(err, POS_ERR_INVALID, tr("\"%s\" is not a UUID"), uuid ? uuid : "");
	r = result_by_uuid(db, uuid, out, err);
	if (r == POS_ERR_NOT_FOUND)
		return pos_fail(err, r, tr("no sale has the UUID %s"), uuid);
	return r;
}

/* Check the cart's discounts against the seller's limit and the approvals. */
static int check_discounts(struct db *db, const struct cart *c, const struct user *u,
			   struct pos_error *err)
{
	int64_t base = 0, share = 0;
	int limit, r, bp;
	char want[16], lim[16];
	size_t i;

	if ((r = user_discount_limit(db, u, &limit, err)))
		return r;
	for (i = 0; i < c->nlines; i++) {
		const struct cart_line *l = &c->lines[i];

		base += l->gross - l->line_discount;
		share += l->discount - l->line_discount;
		bp = bp_of(l->line_discount, l->gross);
		if (bp > limit && !l->approved_by) {
			fmt_bp(bp > 10000 ? 10000 : bp, want);
			fmt_bp(limit, lim);
			return pos_fail(err, POS_ERR_PERM,
					tr("line %zu has a discount of %s, over %s's limit of %s: "
					   "a manager must approve it"), i + 1, want, u->name, lim);
		}
	}
	bp = bp_of(share, base);
	if (bp > limit && !c->approved_by) {
		fmt_bp(bp > 10000 ? 10000 : bp, want);
		fmt_bp(limit, lim);
		return pos_fail(err, POS_ERR_PERM,
				tr("the sale has a discount of %s, over %s's limit of %s: a "
				   "manager must approve it"), want, u->name, lim);
	}
	return 0;
}

/* Lapsed certificates at completion time (a restored cart may be days old). */
static int check_certs(struct db *db, struct cart *c, struct pos_error *err)
{
	sqlite3_stmt *st;
	int block, r, rc;
	size_t i;

	if ((r = block_lapsed(db, &block, err)))
		return r;
	r = db_prepare(db, "SELECT coalesce(cert_expires, ''), active, name, sku FROM product "
		       "WHERE id = ?1", &st, err);
	if (r)
		return r;
	for (i = 0; i < c->nlines; i++) {
		struct product p;

		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, c->lines[i].product_id);
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW) {
			sqlite3_reset(st);
			return rc == SQLITE_DONE ?
				pos_fail(err, POS_ERR_NOT_FOUND, tr("product %s is no longer in "
								    "the catalogue"),
					 c->lines[i].sku) :
				db_fail(db, err, "checking the products");
		}
		memset(&p, 0, sizeof(p));
		vn_copy(p.cert_expires, sizeof(p.cert_expires), db_col_text(st, 0));
		p.active = sqlite3_column_int(st, 1);
		vn_copy(p.name, sizeof(p.name), db_col_text(st, 2));
		vn_copy(p.sku, sizeof(p.sku), db_col_text(st, 3));
		c->lines[i].cert_lapsed = cert_lapsed(p.cert_expires);
		if (!p.active) {
			sqlite3_reset(st);
			return pos_fail(err, POS_ERR_REFUSED,
					tr("%s (%s) is no longer sold (inactive in the catalogue)"),
					p.name, p.sku);
		}
		if (block && c->lines[i].cert_lapsed) {
			sqlite3_reset(st);
			return lapsed_refused(&p, err);
		}
	}
	sqlite3_reset(st);
	return 0;
}

/*
 * Cost and commission of a line from its allocations: cost = sum of
 * unit_cost x qty; commission = each consigned allocation's share of the
 * line amount (by quantity) x its commission rate.
 */
static void line_cost(const struct stock_alloc *a, size_t n, int64_t amount, int64_t *cost,
		      int64_t *commission)
{
	int64_t qty = 0, c = 0, m = 0, v;
	size_t i;

	for (i = 0; i < n; i++)
		qty += a[i].qty_milli;
	for (i = 0; i < n; i++) {
		if (money_line_amount(a[i].unit_cost, a[i].qty_milli, &v, NULL) == 0)
			c += v;
		if (a[i].owner_producer_id && a[i].commission_bp > 0 && qty > 0)
			m += muldiv(muldiv(amount, a[i].qty_milli, qty), a[i].commission_bp, 10000);
	}
	*cost = c;
	*commission = m;
}

/* Write the audit entries of a completed sale's discounts and overrides. */
static int audit_sale(struct db *db, const struct cart *c, const struct user *u,
		      const char *no, struct pos_error *err)
{
	int limit = cashier_limit(db), bp, r;
	int64_t base = 0, share = 0;
	char detail[256], a[MONEY_FMT_MAX], b[MONEY_FMT_MAX], pc[16];
	size_t i;

	for (i = 0; i < c->nlines; i++) {
		const struct cart_line *l = &c->lines[i];

		base += l->gross - l->line_discount;
		share += l->discount - l->line_discount;
		if (l->price_overridden) {
			fmt_money(l->list_price, a);
			fmt_money(l->unit_price, b);
			snprintf(detail, sizeof(detail), "line %zu %s: price %s -> %s", i + 1, l->sku,
				 a, b);
			if ((r = audit_log(db, u->id, l->approved_by, "price_override", no, detail,
					   err)))
				return r;
		}
		bp = bp_of(l->line_discount, l->gross);
		if (bp > limit || (l->approved_by && l->line_discount > 0)) {
			fmt_money(l->line_discount, a);
			fmt_bp(bp > 10000 ? 10000 : bp, pc);
			snprintf(detail, sizeof(detail), "line %zu %s: discount %s (%s)", i + 1,
				 l->sku, a, pc);
			if ((r = audit_log(db, u->id, l->approved_by, "discount", no, detail, err)))
				return r;
		}
	}
	bp = bp_of(share, base);
	if (share > 0 && (bp > limit || c->approved_by)) {
		fmt_money(share, a);
		fmt_bp(bp > 10000 ? 10000 : bp, pc);
		snprintf(detail, sizeof(detail), "sale discount %s (%s)", a, pc);
		if ((r = audit_log(db, u->id, c->approved_by, "discount", no, detail, err)))
			return r;
	}
	return 0;
}

/* The approver recorded on the sale row: the sale discount's, else a line's. */
static long long sale_approver(const struct cart *c)
{
	size_t i;

	if (c->approved_by)
		return c->approved_by;
	for (i = 0; i < c->nlines; i++)
		if (c->lines[i].approved_by)
			return c->lines[i].approved_by;
	return 0;
}

struct complete_args {
	struct cart *c;
	const struct user *u;
	struct sale_result res;
};

static int complete_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct complete_args *args = ctx;
	struct cart *c = args->c;
	const struct user *u = args->u;
	struct sale_result *out = &args->res;
	struct doc_head h;
	struct showroom sr;
	struct shift sh;
	struct sale_result res;
	char a[MONEY_FMT_MAX], b[MONEY_FMT_MAX];
	long long sale_id, first_line, lid;
	sqlite3_stmt *st;
	size_t i;
	int r;

	r = result_by_uuid(db, c->uuid, out, err);
	if (r != POS_ERR_NOT_FOUND)
		return r;    /* 0: the sale exists already (replayed); or an error */
	if ((r = user_require(u, PERM_SELL, err)))
		return r;
	if (c->nlines == 0)
		return pos_fail(err, POS_ERR_REFUSED, "%s", tr("the cart is empty"));
	if ((r = open_shift(db, c->register_code, &sh, err)))
		return r;
	cart_totals(c);
	if ((r = cart_validate(c, err)))
		return r;
	if (c->paid < c->total) {
		fmt_money(c->total - c->paid, a);
		return pos_fail(err, POS_ERR_REFUSED, tr("%s is still to pay"), a);
	}
	if (c->paid > c->total) {
		fmt_money(c->paid, a);
		fmt_money(c->total, b);
		return pos_fail(err, POS_ERR_REFUSED,
				tr("the payments (%s) are more than the total (%s): remove a "
				   "payment"), a, b);
	}
	if ((r = check_discounts(db, c, u, err)) || (r = check_certs(db, c, err)))
		return r;
	if ((r = local_showroom(db, &sr, err)))
		return r;

	memset(&h, 0, sizeof(h));
	h.uuid = c->uuid;
	h.kind = "sale";
	h.showroom = sr.code;
	h.reg = c->register_code;
	h.shift_id = sh.id;
	h.user_id = u->id;
	h.approved_by = sale_approver(c);
	h.gross = c->gross;
	h.discount = c->discount;
	h.total = c->total;
	h.vat = c->vat;
	h.buyer_name = c->buyer_name;
	h.buyer_tax_code = c->buyer_tax_code;
	h.buyer_address = c->buyer_address;
	h.buyer_contact = c->buyer_contact;
	h.seller_name = sr.name;
	h.seller_address = sr.address;
	h.seller_tax_code = sr.tax_code;
	h.cash_rounding = c->rounding;
	if ((r = head_number(db, &h, "sale", err)) || (r = head_insert(db, &h, &sale_id, err)))
		return r;

	/* line ids fixed before the stock moves that point at them (see top) */
	if ((r = db_exec(db, "PRAGMA defer_foreign_keys = ON", err)))
		return r;
	if ((r = db_prepare(db, "SELECT coalesce(max(id), 0) + 1 FROM sale_line", &st, err)))
		return r;
	if (sqlite3_step(st) != SQLITE_ROW)
		return db_fail(db, err, "saving the sale");
	first_line = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);

	for (i = 0; i < c->nlines; i++) {
		const struct cart_line *l = &c->lines[i];
		struct stock_alloc *al = NULL;
		struct stock_doc d = { "sale", h.no, "", u->id, first_line + (long long)i };
		struct line_row row;
		size_t na = 0, k;

		if ((r = stock_take_fefo(db, l->product_id, l->qty_milli, &d, &al, &na, err)))
			return r;
		memset(&row, 0, sizeof(row));
		row.id = first_line + (long long)i;
		row.sale_id = sale_id;
		row.line_no = (int)i + 1;
		row.product_id = l->product_id;
		row.sku = l->sku;
		row.name = l->name;
		row.unit = l->unit;
		row.stars = l->stars;
		row.qty_milli = l->qty_milli;
		row.list_price = l->list_price;
		row.unit_price = l->unit_price;
		row.discount = l->discount;
		row.amount = l->amount;
		row.vat_rate = l->vat_rate;
		row.vat = l->vat;
		row.date = h.date;
		line_cost(al, na, l->amount, &row.cost, &row.commission);
		r = line_insert(db, &row, &lid, err);
		for (k = 0; r == 0 && k < na; k++)
			r = lot_insert(db, lid, al[k].lot_id, al[k].qty_milli, al[k].unit_cost,
				       al[k].owner_producer_id, al[k].commission_bp, err);
		free(al);
		if (r)
			return r;
	}
	for (i = 0; i < c->npay; i++) {
		const struct cart_payment *p = &c->pay[i];
		int64_t taken = p->amount + p->rounding;
		int64_t change = p->method == PAY_CASH && p->tendered > taken ?
					 p->tendered - taken : 0;

		if ((r = pay_insert(db, sale_id, p->method, p->amount,
				    p->method == PAY_CASH ? p->tendered : p->amount, change,
				    p->reference, err)))
			return r;
	}
	if ((r = audit_sale(db, c, u, h.no, err)) ||
	    (r = customer_sale_completed(db, sale_id, c, err)))
		return r;
	if ((r = einvoice_issue_in_tx(db, sale_id, err)))
		return r;
	if ((r = exec_bound1(db, "DELETE FROM cart WHERE uuid = ?1", c->uuid, "saving the sale",
			     err)))
		return r;

	memset(&res, 0, sizeof(res));
	res.sale_id = sale_id;
	vn_copy(res.receipt_no, sizeof(res.receipt_no), h.no);
	res.total = c->total;
	res.vat = c->vat;
	res.paid = c->paid;
	res.change = c->change;
	res.rounding = c->rounding;
	*out = res;
	return 0;
}

int sale_complete(struct db *db, struct cart *c, const struct user *u, struct sale_result *out,
		  struct pos_error *err)
{
	struct complete_args a;
	int r;

	if (!u)
		return user_require(u, PERM_SELL, err);
	memset(&a, 0, sizeof(a));
	a.c = c;
	a.u = u;
	if ((r = db_tx(db, DB_TX_WRITE, complete_in_tx, &a, err)))
		return r;
	*out = a.res;
	return 0;
}

/* ---- voids and returns ------------------------------------------------ */

/* An original sale as voids and returns see it. */
struct orig_sale {
	long long id, shift_id;
	char kind[8];
	char no[SALE_RECEIPT_NO_MAX];
	char showroom[17];
	char buyer_name[128], buyer_tax_code[16], buyer_address[256], buyer_contact[128];
	char seller_name[256], seller_address[256], seller_tax_code[16];
	int64_t gross, discount, total, vat;
	int voided, refunds;
	int64_t cash_rounding;
};

#define ORIG_COLS "s.id, coalesce(s.shift_id, 0), s.kind, s.receipt_no, s.showroom, " \
	"s.buyer_name, s.buyer_tax_code, s.buyer_address, s.buyer_contact, s.seller_name, " \
	"s.seller_address, s.seller_tax_code, s.gross, s.discount, s.total, s.vat, " \
	"EXISTS (SELECT 1 FROM sale v WHERE v.original_sale_id = s.id AND v.kind = 'void'), " \
	"(SELECT count(*) FROM sale f WHERE f.original_sale_id = s.id AND f.kind = 'refund'), " \
	"s.cash_rounding "

static void orig_row(sqlite3_stmt *st, void *item)
{
	struct orig_sale *o = item;

	memset(o, 0, sizeof(*o));
	o->id = sqlite3_column_int64(st, 0);
	o->shift_id = sqlite3_column_int64(st, 1);
	vn_copy(o->kind, sizeof(o->kind), db_col_text(st, 2));
	vn_copy(o->no, sizeof(o->no), db_col_text(st, 3));
	vn_copy(o->showroom, sizeof(o->showroom), db_col_text(st, 4));
	vn_copy(o->buyer_name, sizeof(o->buyer_name), db_col_text(st, 5));
	vn_copy(o->buyer_tax_code, sizeof(o->buyer_tax_code), db_col_text(st, 6));
	vn_copy(o->buyer_address, sizeof(o->buyer_address), db_col_text(st, 7));
	vn_copy(o->buyer_contact, sizeof(o->buyer_contact), db_col_text(st, 8));
	vn_copy(o->seller_name, sizeof(o->seller_name), db_col_text(st, 9));
	vn_copy(o->seller_address, sizeof(o->seller_address), db_col_text(st, 10));
	vn_copy(o->seller_tax_code, sizeof(o->seller_tax_code), db_col_text(st, 11));
	o->gross = sqlite3_column_int64(st, 12);
	o->discount = sqlite3_column_int64(st, 13);
	o->total = sqlite3_column_int64(st, 14);
	o->vat = sqlite3_column_int64(st, 15);
	o->voided = sqlite3_column_int(st, 16);
	o->refunds = sqlite3_column_int(st, 17);
	o->cash_rounding = sqlite3_column_int64(st, 18);
}

/* A line of the original sale, with what earlier refunds took back. */
struct orig_line {
	long long id;
	int line_no;
	long long product_id;
	char sku[64], name[256], unit[32];
	int stars;
	int64_t qty_milli, list_price, unit_price, discount, amount;
	int vat_rate;
	int64_t vat, cost, commission;
	int64_t returned;          /* qty taken back by earlier refunds */
	int64_t take;              /* qty this return takes back */
};

/* One row of load_orig_lines' query (a db_row_fn). */
static void orig_line_row(sqlite3_stmt *st, void *item)
{
	struct orig_line *l = item;

	memset(l, 0, sizeof(*l));
	l->id = sqlite3_column_int64(st, 0);
	l->line_no = sqlite3_column_int(st, 1);
	l->product_id = sqlite3_column_int64(st, 2);
	vn_copy(l->sku, sizeof(l->sku), db_col_text(st, 3));
	vn_copy(l->name, sizeof(l->name), db_col_text(st, 4));
	vn_copy(l->unit, sizeof(l->unit), db_col_text(st, 5));
	l->stars = sqlite3_column_int(st, 6);
	l->qty_milli = sqlite3_column_int64(st, 7);
	l->list_price = sqlite3_column_int64(st, 8);
	l->unit_price = sqlite3_column_int64(st, 9);
	l->discount = sqlite3_column_int64(st, 10);
	l->amount = sqlite3_column_int64(st, 11);
	l->vat_rate = sqlite3_column_int(st, 12);
	l->vat = sqlite3_column_int64(st, 13);
	l->cost = sqlite3_column_int64(st, 14);
	l->commission = sqlite3_column_int64(st, 15);
	l->returned = sqlite3_column_int64(st, 16);
}

static int load_orig_lines(struct db *db, long long sale_id, struct orig_line **out,
			   size_t *n, struct pos_error *err)
{
	sqlite3_stmt *st;
	void *v;
	int r;

	r = db_prepare(db, "SELECT l.id, l.line_no, l.product_id, l.sku, l.name, l.unit, l.stars, "
		       "l.qty_milli, l.list_price, l.unit_price, l.discount, l.amount, l.vat_rate, "
		       "l.vat, l.cost, l.commission, coalesce((SELECT sum(r.qty_milli) FROM "
		       "sale_line r JOIN sale f ON f.id = r.sale_id AND f.kind = 'refund' "
		       "WHERE r.original_line_id = l.id), 0) FROM sale_line l WHERE l.sale_id = ?1 "
		       "ORDER BY l.line_no", &st, err);
	if (r)
		return r;
	sqlite3_bind_int64(st, 1, sale_id);
	r = db_rows(db, st, sizeof(**out), orig_line_row, "loading a sale", &v, n, err);
	if (!r)
		*out = v;
	return r;
}

/* A lot of an original line, with what earlier refunds put back into it. */
struct orig_lot {
	long long lot_id, product_id, owner;
	char lot_no[STOCK_LOT_NO_MAX];
	int64_t qty, unit_cost, back;
	int commission_bp;
};

/* One row of load_orig_lots' query (a db_row_fn). */
static void orig_lot_row(sqlite3_stmt *st, void *item)
{
	struct orig_lot *l = item;

	l->lot_id = sqlite3_column_int64(st, 0);
	l->product_id = sqlite3_column_int64(st, 1);
	l->owner = sqlite3_column_int64(st, 2);
	l->qty = sqlite3_column_int64(st, 3);
	l->unit_cost = sqlite3_column_int64(st, 4);
	l->commission_bp = sqlite3_column_int(st, 5);
	l->back = sqlite3_column_int64(st, 6);
	vn_copy(l->lot_no, sizeof(l->lot_no), db_col_text(st, 7));
}

static int load_orig_lots(struct db *db, long long line_id, struct orig_lot **out, size_t *n,
			  struct pos_error *err)
{
	sqlite3_stmt *st;
	void *v;
	int r;

	r = db_prepare(db, "SELECT x.lot_id, t.product_id, coalesce(x.owner_producer_id, 0), "
		       "x.qty_milli, x.unit_cost, x.commission_bp, coalesce((SELECT "
		       "sum(y.qty_milli) FROM sale_line r JOIN sale_line_lot y ON y.sale_line_id = "
		       "r.id WHERE r.original_line_id = x.sale_line_id AND y.lot_id = x.lot_id), 0), "
		       "t.lot_no FROM sale_line_lot x JOIN lot t ON t.id = x.lot_id WHERE x.sale_line_id = ?1 "
		       "ORDER BY t.product_id, x.lot_id", &st, err);
	if (r)
		return r;
	sqlite3_bind_int64(st, 1, line_id);
	r = db_rows(db, st, sizeof(**out), orig_lot_row, "loading a sale's lots", &v, n, err);
	if (!r)
		*out = v;
	return r;
}

/*
 * Put goods back: for each product of the line's lots (one, or a bundle's
 * components), the cumulative share round(sold x (before + take) / qty)
 * minus what went back before, filled into its lots in order up to what
 * each gave.  Each part gets a sale_line_lot row on the new line and a
 * stock move (kind d->kind); with a write-off, an 'adjust' move takes it
 * out again (stock_adjust: u needs PERM_STOCK, and it is audited).  The
 * write-off's reason is a stock reason name when it starts with one
 * ("expired: dented tin"), else "damaged" with the text as the note.
 */
static int put_back(struct db *db, const struct user *u, const struct orig_line *ol,
		    long long new_line, const struct stock_doc *d, const char *writeoff,
		    int64_t *cost, struct pos_error *err)
{
	enum stock_reason why = STOCK_REASON_DAMAGED;
	struct orig_lot *lots = NULL;
	size_t n = 0, i, j;
	int64_t c = 0, v;
	int r;

	if (writeoff) {
		char word[16];
		size_t len = strcspn(writeoff, " :,;");
		enum stock_reason parsed;

		snprintf(word, sizeof(word), "%.*s", (int)(len < 15 ? len : 15), writeoff);
		if (stock_reason_parse(word, &parsed, NULL) == 0 &&
		    parsed != STOCK_REASON_CORRECTION && parsed != STOCK_REASON_COUNT)
			why = parsed;
	}
	if ((r = load_orig_lots(db, ol->id, &lots, &n, err)))
		return r;
	for (i = 0; i < n; i = j) {
		int64_t sold = 0, back = 0, target, want;

		for (j = i; j < n && lots[j].product_id == lots[i].product_id; j++) {
			sold += lots[j].qty;
			back += lots[j].back;
		}
		target = muldiv(sold, ol->returned + ol->take, ol->qty_milli);
		want = target - back;
		for (size_t k = i; k < j && want > 0; k++) {
			int64_t room = lots[k].qty - lots[k].back, q = want < room ? want : room;

			if (q <= 0)
				continue;
			want -= q;
			if ((r = lot_insert(db, new_line, lots[k].lot_id, q, lots[k].unit_cost,
					    lots[k].owner, lots[k].commission_bp, err)) ||
			    (r = stock_put_back(db, lots[k].lot_id, q, d, err)))
				goto out;
			if (writeoff && (r = stock_adjust(db, u, lots[k].product_id, lots[k].lot_no,
							  -q, why, writeoff, NULL, err)))
				goto out;
			if (money_line_amount(lots[k].unit_cost, q, &v, NULL) == 0)
				c += v;
		}
	}
	*cost = c;
out:
	free(lots);
	return r;
}

/* The part of a line's value v that `take` more of its qty carries, cumulatively. */
static int64_t share_of(int64_t v, const struct orig_line *l)
{
	return muldiv(v, l->returned + l->take, l->qty_milli) - muldiv(v, l->returned, l->qty_milli);
}

int64_t sale_doc_refund_amount(const struct sale_doc *d, const int64_t *back)
{
	int64_t sum = 0;
	size_t i;

	for (i = 0; d && back && i < d->nlines; i++) {
		const struct sale_doc_line *l = &d->lines[i];

		if (back[i] > 0 && l->qty_milli > 0)
			sum += muldiv(l->amount, l->returned_milli + back[i], l->qty_milli) -
			       muldiv(l->amount, l->returned_milli, l->qty_milli);
	}
	return sum;
}

static int find_orig(struct db *db, const char *where_sql, const char *key,
		     struct orig_sale *o, struct pos_error *err)
{
	sqlite3_stmt *st;
	int r;

	if ((r = db_prepare(db, where_sql, &st, err)))
		return r;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	return db_row(db, st, orig_row, o, "looking up the sale", err);
}

static int clean_reason(const char *in, char *out, size_t n, const char *field,
			struct pos_error *err)
{
	if (!in || strlen(in) >= n)
		return pos_fail(err, POS_ERR_INVALID, tr("%s: give a short reason"), field);
	vn_copy(out, n, in);
	return field_plain(out, n, field, err);
}

/* Mark on lines what item asks to take back; POS_ERR_REFUSED when too much. */
static int take_item(struct db *db, const struct orig_sale *o, struct orig_line *lines,
		     size_t n, const struct return_item *it, struct pos_error *err)
{
	struct product p;
	long long pid = 0;
	int64_t left, want, avail = 0, sold = 0;
	char q1[QTY_FMT_MAX], q2[QTY_FMT_MAX], q3[QTY_FMT_MAX];
	const char *name = it->code;
	size_t i;
	int found = 0;

	if (!it->code || !*it->code)
		return pos_fail(err, POS_ERR_INVALID, "%s", tr("an item to return needs a code"));
	if (it->qty_milli < 0)
		return pos_fail(err, POS_ERR_INVALID, "%s", tr("the quantity must be more than 0"));
	for (i = 0; i < n; i++)
		if (strcmp(lines[i].sku, it->code) == 0)
			pid = lines[i].product_id;
	if (!pid) {
		int r = catalog_lookup(db, it->code, &p, err);

		if (r == POS_ERR_NOT_FOUND)
			return pos_fail(err, POS_ERR_REFUSED, tr("%s was not sold on receipt %s"),
					it->code, o->no);
		if (r)
			return r;
		pid = p.id;
	}
	for (i = 0; i < n; i++) {
		if (lines[i].product_id != pid)
			continue;
		found = 1;
		name = lines[i].name;
		sold += lines[i].qty_milli;
		avail += lines[i].qty_milli - lines[i].returned - lines[i].take;
	}
	if (!found)
		return pos_fail(err, POS_ERR_REFUSED, tr("%s was not sold on receipt %s"), it->code,
				o->no);
	want = it->qty_milli ? it->qty_milli : avail;
	if (want <= 0 || want > avail) {
		qty_format(want > 0 ? want : 0, q1, sizeof(q1));
		qty_format(sold, q2, sizeof(q2));
		qty_format(sold - avail, q3, sizeof(q3));
		if (avail <= 0)
			return pos_fail(err, POS_ERR_REFUSED,
					tr("%s: all %s sold on %s have already been returned"), name,
					q2, o->no);
		return pos_fail(err, POS_ERR_REFUSED,
				tr("cannot take back %s of %s: %s were sold on %s and %s are "
				   "already returned"), q1, name, q2, o->no, q3);
	}
	for (i = 0, left = want; i < n && left > 0; i++) {
		int64_t room, q;

		if (lines[i].product_id != pid)
			continue;
		room = lines[i].qty_milli - lines[i].returned - lines[i].take;
		q = left < room ? left : room;
		if (q > 0) {
			lines[i].take += q;
			left -= q;
		}
	}
	return 0;
}

/* A payment of the original sale, less what earlier refunds paid back through it. */
struct orig_pay {
	enum pay_method m;
	int64_t amount;
	char ref[64];
};

#define ORIG_PAY_MAX (CART_MAX_PAYMENTS * 2)

static int load_orig_pays(struct db *db, long long orig_id, struct orig_pay *p, size_t *np,
			  struct pos_error *err)
{
	sqlite3_stmt *st;
	size_t n = 0, k;
	int r, rc;

	r = db_prepare(db, "SELECT p.method, p.amount, p.reference FROM payment p "
		       "WHERE p.sale_id = ?1 ORDER BY p.id", &st, err);
	if (r)
		return r;
	sqlite3_bind_int64(st, 1, orig_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == ORIG_PAY_MAX || pay_method_parse(db_col_text(st, 0), &p[n].m, NULL)) {
			sqlite3_reset(st);
			return pos_fail(err, POS_ERR_CORRUPT,
					tr("the payments of sale %lld cannot be read back "
					   "(run `ocop-pos db check`)"), orig_id);
		}
		p[n].amount = sqlite3_column_int64(st, 1);
		vn_copy(p[n].ref, sizeof(p[n].ref), db_col_text(st, 2));
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err, "reading the sale's payments");
	/* earlier refunds through the same method and reference used the
	 * first payments first: subtract them in that order */
	if ((r = db_prepare(db, "SELECT q.method, q.reference, sum(q.amount) FROM payment q JOIN "
			    "sale f ON f.id = q.sale_id WHERE f.original_sale_id = ?1 AND "
			    "f.kind = 'refund' GROUP BY q.method, q.reference", &st, err)))
		return r;
	sqlite3_bind_int64(st, 1, orig_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		enum pay_method m = PAY_CASH;
		int64_t used = sqlite3_column_int64(st, 2);

		if (pay_method_parse(db_col_text(st, 0), &m, NULL))
			continue;
		for (k = 0; k < n && used > 0; k++) {
			int64_t q;

			if (p[k].m != m || strcmp(p[k].ref, db_col_text(st, 1)) != 0)
				continue;
			q = used < p[k].amount ? used : p[k].amount;
			p[k].amount -= q;
			used -= q;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err, "reading the earlier refunds");
	*np = n;
	return 0;
}

/*
 * Refund amount through the sale's own payments, in their order (see
 * sale.h).  With refund_id 0 nothing is written: *cash (may be NULL) gets
 * the part given back in cash, for its rounding.  rounding goes on the last
 * cash row (what the drawer gives = tendered = amount + rounding).
 */
static int refund_original(struct db *db, long long orig_id, long long refund_id,
			   int64_t amount, int64_t rounding, int64_t *cash, struct pos_error *err)
{
	struct orig_pay p[ORIG_PAY_MAX];
	int64_t q[ORIG_PAY_MAX], in_cash = 0;
	size_t np = 0, k, last_cash = ORIG_PAY_MAX;
	int r;

	if ((r = load_orig_pays(db, orig_id, p, &np, err)))
		return r;
	for (k = 0; k < np; k++) {
		q[k] = amount < p[k].amount ? amount : p[k].amount;
		if (q[k] <= 0) {
			q[k] = 0;
			continue;
		}
		amount -= q[k];
		if (p[k].m == PAY_CASH) {
			in_cash += q[k];
			last_cash = k;
		}
	}
	/* more than the payments left (should not happen): the rest in cash */
	in_cash += amount > 0 ? amount : 0;
	if (cash)
		*cash = in_cash;
	if (!refund_id)
		return 0;
	for (k = 0; k < np; k++) {
		int64_t give = q[k] + (k == last_cash && amount <= 0 ? rounding : 0);

		if (q[k] > 0 && (r = pay_insert(db, refund_id, p[k].m, q[k], give, 0, p[k].ref, err)))
			return r;
	}
	if (amount > 0)
		return pay_insert(db, refund_id, PAY_CASH, amount, amount + rounding, 0, "", err);
	return 0;
}

/*
 * The cash rounding of a reversal: a void gives back what the sale took
 * (its own rounding); a return rounds the cash it gives back to today's
 * step, like a sale.
 */
static int reverse_rounding(struct db *db, const struct orig_sale *o, int is_void,
			    int all_cash, int64_t total, int64_t *rounding, struct pos_error *err)
{
	int64_t cash = total, step, rounded;
	int r;

	*rounding = 0;
	if (is_void) {
		*rounding = o->cash_rounding;
		return 0;
	}
	if ((r = sale_cash_rounding_step(db, &step, err)))
		return r;
	if (!step)
		return 0;
	if (!all_cash && (r = refund_original(db, o->id, 0, total, 0, &cash, err)))
		return r;
	rounded = sale_round_cash(cash, step);
	if (cash > 0 && rounded > 0)
		*rounding = rounded - cash;
	return 0;
}

/*
 * The reversal engine: a void and a return are both a reversal document
 * (kind "void" or "refund", series R) built from the original sale in one
 * place.  The caller finds the original (o), loads its lines and marks on
 * each the quantity taken back (take); a void takes everything and pays
 * back through the original payments, so a void is a full return with
 * REFUND_ORIGINAL.  reverse_write() writes the header (totals summed from
 * the lines' cumulative shares), the lines, the goods back into their
 * lots and the refund payments; the caller then writes its audit entry.
 */
struct reversal {
	const char *kind;            /* "void" or "refund" */
	const char *uuid;            /* the document's */
	const struct user *u;
	const char *reg;
	const char *reason;          /* on the header ("" for a plain return) */
	const char *move_reason;     /* on the stock moves */
	const char *writeoff;        /* NULL, or the goods are written off with this reason */
	int refund_cash;             /* all in cash, else through the original payments */
	struct showroom sr;
	struct shift sh;
	struct orig_sale o;
	struct orig_line *lines;     /* malloc'ed, take set by the caller */
	size_t n;
	/* written by reverse_write(): */
	struct doc_head h;
	long long id;
	int nlines;
};

/* The reversal of original line l for the quantity l->take (cumulative shares). */
static void reverse_line(const struct orig_line *l, struct line_row *row)
{
	memset(row, 0, sizeof(*row));
	row->product_id = l->product_id;
	row->sku = l->sku;
	row->name = l->name;
	row->unit = l->unit;
	row->stars = l->stars;
	row->qty_milli = l->take;
	row->list_price = l->list_price;
	row->unit_price = l->unit_price;
	row->amount = share_of(l->amount, l);
	row->discount = share_of(l->amount + l->discount, l) - row->amount;
	if (row->discount < 0)
		row->discount = 0;
	row->vat_rate = l->vat_rate;
	row->vat = money_vat_included(row->amount, l->vat_rate);
	row->cost = share_of(l->cost, l);
	row->commission = share_of(l->commission, l);
	row->original_line_id = l->id;
}

/* Find the local showroom and the register's open shift (money leaves its drawer). */
static int reverse_begin(struct db *db, struct reversal *rv, struct pos_error *err)
{
	int r;

	if ((r = local_showroom(db, &rv->sr, err)))
		return r;
	return open_shift(db, rv->reg, &rv->sh, err);
}

static int reverse_write(struct db *db, struct reversal *rv, struct pos_error *err)
{
	struct doc_head *h = &rv->h;
	size_t i, k;
	int r;

	memset(h, 0, sizeof(*h));
	rv->nlines = 0;
	for (i = 0; i < rv->n; i++) {
		struct line_row row;

		if (rv->lines[i].take <= 0)
			continue;
		rv->nlines++;
		reverse_line(&rv->lines[i], &row);
		h->gross += row.amount + row.discount;
		h->discount += row.discount;
		h->total += row.amount;
		h->vat += row.vat;
	}
	if (!rv->nlines)
		return pos_fail(err, POS_ERR_REFUSED, tr("everything on %s has already been returned"),
				rv->o.no);
	h->uuid = rv->uuid;
	h->kind = rv->kind;
	h->showroom = rv->sr.code;
	h->reg = rv->reg;
	h->original_id = rv->o.id;
	h->shift_id = rv->sh.id;
	h->user_id = rv->u->id;
	h->buyer_name = rv->o.buyer_name;
	h->buyer_tax_code = rv->o.buyer_tax_code;
	h->buyer_address = rv->o.buyer_address;
	h->buyer_contact = rv->o.buyer_contact;
	h->reason = rv->reason;
	h->seller_name = rv->o.seller_name;
	h->seller_address = rv->o.seller_address;
	h->seller_tax_code = rv->o.seller_tax_code;
	if ((r = reverse_rounding(db, &rv->o, strcmp(rv->kind, "void") == 0, rv->refund_cash,
				  h->total, &h->cash_rounding, err)))
		return r;
	if ((r = head_number(db, h, "refund", err)) || (r = head_insert(db, h, &rv->id, err)))
		return r;
	for (i = 0, k = 0; i < rv->n; i++) {
		struct orig_line *l = &rv->lines[i];
		struct line_row row;
		struct stock_doc d;
		long long lid;
		int64_t cost = 0;

		if (l->take <= 0)
			continue;
		reverse_line(l, &row);
		row.sale_id = rv->id;
		row.line_no = (int)++k;
		row.date = h->date;
		if ((r = line_insert(db, &row, &lid, err)))
			return r;
		d.kind = rv->kind;
		d.doc = h->no;
		d.reason = rv->move_reason;
		d.user_id = rv->u->id;
		d.sale_line_id = lid;
		if ((r = put_back(db, rv->u, l, lid, &d, rv->writeoff, &cost, err)))
			return r;
	}
	if (rv->refund_cash)
		r = pay_insert(db, rv->id, PAY_CASH, h->total, h->total + h->cash_rounding, 0, "",
			       err);
	else
		r = refund_original(db, rv->o.id, rv->id, h->total, h->cash_rounding, NULL, err);
	if (r)
		return r;
	/* the reversal document is complete: issue its e-invoice adjustment */
	return einvoice_issue_in_tx(db, rv->id, err);
}

/* *out describing the reversal document just written. */
static void reverse_result(const struct reversal *rv, struct sale_result *out)
{
	memset(out, 0, sizeof(*out));
	out->sale_id = rv->id;
	vn_copy(out->receipt_no, sizeof(out->receipt_no), rv->h.no);
	out->total = rv->h.total;
	out->vat = rv->h.vat;
	out->paid = rv->h.total;
	out->rounding = rv->h.cash_rounding;
}

struct void_args {
	const struct user *u;
	const char *reg, *reason;
	struct sale_result res;
};

static int void_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct void_args *a = ctx;
	struct reversal rv;
	char uuid[UUID_STR_LEN], no[SALE_RECEIPT_NO_MAX], detail[256], amt[MONEY_FMT_MAX];
	sqlite3_stmt *st;
	size_t i;
	int r, rc;

	memset(&rv, 0, sizeof(rv));
	rv.kind = "void";
	rv.uuid = uuid;
	rv.u = a->u;
	rv.reg = a->reg;
	rv.reason = a->reason;
	rv.move_reason = a->reason;
	if ((r = reverse_begin(db, &rv, err)))
		return r;
	if ((r = db_prepare(db, "SELECT receipt_no FROM sale WHERE showroom = ?1 AND register = ?2 "
			    "AND kind = 'sale' ORDER BY id DESC LIMIT 1", &st, err)))
		return r;
	sqlite3_bind_text(st, 1, rv.sr.code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, rv.reg, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		vn_copy(no, sizeof(no), db_col_text(st, 0));
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return pos_fail(err, POS_ERR_NOT_FOUND, tr("register %s has no sale to void"),
				rv.reg);
	if (rc != SQLITE_ROW)
		return db_fail(db, err, "looking up the last sale");
	if ((r = find_orig(db, "SELECT " ORIG_COLS "FROM sale s WHERE s.receipt_no = ?1", no,
			   &rv.o, err)))
		return r == POS_ERR_NOT_FOUND ? db_fail(db, err, "looking up the sale") : r;
	if (rv.o.voided)
		return pos_fail(err, POS_ERR_REFUSED, tr("the last sale %s is already voided"),
				rv.o.no);
	if (rv.o.refunds)
		return pos_fail(err, POS_ERR_REFUSED,
				tr("the last sale %s has returns against it: it cannot be voided"),
				rv.o.no);
	if (rv.o.shift_id != rv.sh.id)
		return pos_fail(err, POS_ERR_REFUSED,
				tr("the last sale %s belongs to an earlier shift: take the goods back "
				   "with `ocop-pos return %s --all` instead"), rv.o.no, rv.o.no);
	if ((r = uuid_v4(uuid, err)))
		return r;
	if ((r = load_orig_lines(db, rv.o.id, &rv.lines, &rv.n, err)))
		return r;
	for (i = 0; i < rv.n; i++)
		rv.lines[i].take = rv.lines[i].qty_milli - rv.lines[i].returned;
	if ((r = reverse_write(db, &rv, err)))
		goto out;
	fmt_money(rv.h.total, amt);
	snprintf(detail, sizeof(detail), "voids %s (%s): %.150s", rv.o.no, amt, a->reason);
	if ((r = audit_log(db, a->u->id, 0, "void", rv.h.no, detail, err)))
		goto out;
	reverse_result(&rv, &a->res);
out:
	free(rv.lines);
	return r;
}

int sale_void_last(struct db *db, const struct user *u, const char *register_code,
		   const char *reason, struct sale_result *out, struct pos_error *err)
{
	struct void_args a;
	char why[256];
	int r;

	if ((r = user_require(u, PERM_VOID, err)))
		return r;
	if (!register_code || !*register_code)
		return pos_fail(err, POS_ERR_INVALID, "%s", tr("no register given"));
	if ((r = clean_reason(reason, why, sizeof(why), "reason", err)))
		return r;
	if (!why[0])
		return pos_fail(err, POS_ERR_INVALID, "%s", tr("a void needs a reason (--reason TEXT)"));
	memset(&a, 0, sizeof(a));
	a.u = u;
	a.reg = register_code;
	a.reason = why;
	if ((r = db_tx(db, DB_TX_WRITE, void_in_tx, &a, err)))
		return r;
	*out = a.res;
	return 0;
}

struct return_args {
	const struct user *u;
	const struct return_request *rq;
	const char *writeoff;
	struct sale_result res;
};

static int return_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct return_args *a = ctx;
	const struct return_request *rq = a->rq;
	struct reversal rv;
	char uuid[UUID_STR_LEN], detail[256], amt[MONEY_FMT_MAX];
	size_t i, k;
	int r;

	if (rq->uuid) {
		r = result_by_uuid(db, rq->uuid, &a->res, err);
		if (r != POS_ERR_NOT_FOUND)
			return r;
		vn_copy(uuid, sizeof(uuid), rq->uuid);
		for (i = 0; uuid[i]; i++)
			if (uuid[i] >= 'A' && uuid[i] <= 'F')
				uuid[i] = (char)(uuid[i] + 32);
	} else if ((r = uuid_v4(uuid, err))) {
		return r;
	}
	memset(&rv, 0, sizeof(rv));
	rv.kind = "refund";
	rv.uuid = uuid;
	rv.u = a->u;
	rv.reg = rq->register_code;
	rv.reason = a->writeoff ? a->writeoff : "";
	rv.move_reason = a->writeoff ? a->writeoff : "return";
	rv.writeoff = a->writeoff;
	rv.refund_cash = rq->refund == REFUND_CASH;
	if ((r = reverse_begin(db, &rv, err)))
		return r;
	r = find_orig(db, "SELECT " ORIG_COLS "FROM sale s WHERE s.receipt_no = ?1",
		      rq->receipt_no, &rv.o, err);
	if (r == POS_ERR_NOT_FOUND)
		return pos_fail(err, r, tr("no receipt %s (see `ocop-pos sale show`)"),
				rq->receipt_no);
	if (r)
		return r;
	if (strcmp(rv.o.kind, "sale") != 0)
		return pos_fail(err, POS_ERR_REFUSED, tr("%s is a refund or a void, not a sale"),
				rv.o.no);
	if (strcmp(rv.o.showroom, rv.sr.code) != 0)
		return pos_fail(err, POS_ERR_REFUSED,
				tr("%s was sold at showroom %s: goods go back where they were sold"),
				rv.o.no, rv.o.showroom);
	if (rv.o.voided)
		return pos_fail(err, POS_ERR_REFUSED, tr("%s was voided: nothing to return"),
				rv.o.no);
	if ((r = load_orig_lines(db, rv.o.id, &rv.lines, &rv.n, err)))
		return r;
	if (rq->nitems == 0) {
		for (i = 0; i < rv.n; i++)
			rv.lines[i].take = rv.lines[i].qty_milli - rv.lines[i].returned;
	} else {
		for (k = 0; k < rq->nitems; k++)
			if ((r = take_item(db, &rv.o, rv.lines, rv.n, &rq->items[k], err)))
				goto out;
	}
	if ((r = reverse_write(db, &rv, err)))
		goto out;
	fmt_money(rv.h.total, amt);
	snprintf(detail, sizeof(detail), "returns %d line(s) of %s, refund %s by %s%s%.100s",
		 rv.nlines, rv.o.no, amt, rv.refund_cash ? "cash" : "the original method",
		 a->writeoff ? ", written off: " : "", a->writeoff ? a->writeoff : "");
	if ((r = audit_log(db, a->u->id, 0, "return", rv.h.no, detail, err)))
		goto out;
	reverse_result(&rv, &a->res);
out:
	free(rv.lines);
	return r;
}

int sale_return(struct db *db, const struct user *u, const struct return_request *rq,
		struct sale_result *out, struct pos_error *err)
{
	struct return_args a;
	char wo[256];
	int r;

	if ((r = user_require(u, PERM_RETURN, err)))
		return r;
	if (!rq || !rq->receipt_no || !*rq->receipt_no)
		return pos_fail(err, POS_ERR_INVALID, "%s", tr("which receipt? give its number"));
	if (!rq->register_code || !*rq->register_code)
		return pos_fail(err, POS_ERR_INVALID, "%s", tr("no register given"));
	if (rq->nitems && !rq->items)
		return pos_fail(err, POS_ERR_INVALID, "no items given");
	if (rq->uuid && !uuid_valid(rq->uuid))
		return pos_fail(err, POS_ERR_INVALID, tr("\"%s\" is not a UUID"), rq->uuid);
	if (rq->writeoff) {
		if ((r = clean_reason(rq->writeoff, wo, sizeof(wo), "write-off reason", err)))
			return r;
		if (!wo[0])
			return pos_fail(err, POS_ERR_INVALID, "%s",
					tr("a write-off needs a reason"));
	}
	memset(&a, 0, sizeof(a));
	a.u = u;
	a.rq = rq;
	a.writeoff = rq->writeoff ? wo : NULL;
	if ((r = db_tx(db, DB_TX_WRITE, return_in_tx, &a, err)))
		return r;
	*out = a.res;
	return 0;
}

/* ---- reprint data ----------------------------------------------------- */

static int rate_slot(int rate)
{
	switch (rate) {
	case 0: return 0;
	case 5: return 1;
	case 8: return 2;
	case 10: return 3;
	default: return 4;
	}
}

static int doc_lines(struct db *db, struct sale_doc *d, struct pos_error *err)
{
	struct sale_doc_vat sum[SALE_DOC_RATES];
	int present[SALE_DOC_RATES] = { 0 };
	size_t cap = 0, i;
	sqlite3_stmt *st;
	int r, rc;

	r = db_prepare(db, "SELECT l.line_no, l.product_id, l.sku, l.name, l.unit, l.stars, "
		       "l.qty_milli, l.list_price, l.unit_price, l.discount, l.amount, l.vat_rate, "
		       "l.vat, coalesce((SELECT sum(x.qty_milli) FROM sale_line x JOIN sale f ON "
		       "f.id = x.sale_id AND f.kind = 'refund' WHERE x.original_line_id = l.id), 0), "
		       "coalesce((SELECT p.cert_expires FROM product p WHERE p.id = l.product_id), '') "
		       "FROM sale_line l WHERE l.sale_id = ?1 ORDER BY l.line_no", &st, err);
	if (r)
		return r;
	memset(sum, 0, sizeof(sum));
	sqlite3_bind_int64(st, 1, d->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct sale_doc_line *l;
		int k;

		if (POS_GROW(d->lines, cap, d->nlines + 1)) {
			sqlite3_reset(st);
			return pos_fail(err, POS_ERR_NO_MEM, "out of memory loading a receipt");
		}
		l = &d->lines[d->nlines++];
		memset(l, 0, sizeof(*l));
		l->line_no = sqlite3_column_int(st, 0);
		l->product_id = sqlite3_column_int64(st, 1);
		vn_copy(l->sku, sizeof(l->sku), db_col_text(st, 2));
		vn_copy(l->name, sizeof(l->name), db_col_text(st, 3));
		vn_copy(l->unit, sizeof(l->unit), db_col_text(st, 4));
		l->stars = sqlite3_column_int(st, 5);
		l->qty_milli = sqlite3_column_int64(st, 6);
		l->list_price = sqlite3_column_int64(st, 7);
		l->unit_price = sqlite3_column_int64(st, 8);
		l->discount = sqlite3_column_int64(st, 9);
		l->amount = sqlite3_column_int64(st, 10);
		l->vat_rate = sqlite3_column_int(st, 11);
		l->vat = sqlite3_column_int64(st, 12);
		l->returned_milli = sqlite3_column_int64(st, 13);
		vn_copy(l->cert_expires, sizeof(l->cert_expires), db_col_text(st, 14));
		k = rate_slot(l->vat_rate);
		present[k] = 1;
		sum[k].rate = l->vat_rate < 0 ? VAT_KCT : l->vat_rate;
		sum[k].amount += l->amount;
		sum[k].vat += l->vat;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err, "loading a receipt");
	for (i = 0; i < SALE_DOC_RATES; i++) {
		if (!present[i])
			continue;
		sum[i].net = sum[i].amount - sum[i].vat;
		d->rates[d->nrates++] = sum[i];
	}
	return 0;
}

static int doc_payments(struct db *db, struct sale_doc *d, struct pos_error *err)
{
	size_t cap = 0;
	sqlite3_stmt *st;
	int r, rc;

	r = db_prepare(db, "SELECT method, amount, tendered, change, reference FROM payment "
		       "WHERE sale_id = ?1 ORDER BY id", &st, err);
	if (r)
		return r;
	sqlite3_bind_int64(st, 1, d->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct sale_doc_payment *p;

		if (POS_GROW(d->pay, cap, d->npay + 1)) {
			sqlite3_reset(st);
			return pos_fail(err, POS_ERR_NO_MEM, "out of memory loading a receipt");
		}
		p = &d->pay[d->npay++];
		memset(p, 0, sizeof(*p));
		if (pay_method_parse(db_col_text(st, 0), &p->method, NULL))
			p->method = PAY_CASH;
		p->amount = sqlite3_column_int64(st, 1);
		p->tendered = sqlite3_column_int64(st, 2);
		p->change = sqlite3_column_int64(st, 3);
		vn_copy(p->reference, sizeof(p->reference), db_col_text(st, 4));
		/* a row without what was handed over (tendered 0) shows the amount;
		 * a rounded cash payment has less than its amount, on purpose */
		if (p->tendered < p->amount &&
		    !(d->cash_rounding && p->tendered - p->change - p->amount == d->cash_rounding))
			p->tendered = p->amount;
		d->paid += p->amount;
		d->tendered += p->tendered;
		d->change += p->change;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err, "loading a receipt");
	return 0;
}

int sale_doc_load(struct db *db, const char *receipt_no, struct sale_doc *out,
		  struct pos_error *err)
{
	struct sale_doc d;
	sqlite3_stmt *st;
	time_t t;
	int r, rc;

	if (!receipt_no || !*receipt_no)
		return pos_fail(err, POS_ERR_INVALID, "%s", tr("which receipt? give its number"));
	r = db_prepare(db, "SELECT s.id, s.uuid, s.kind, s.receipt_no, coalesce(o.receipt_no, ''), "
		       "s.showroom, s.register, s.seq, coalesce(s.shift_id, 0), s.at, "
		       "s.business_date, coalesce(u.name, ''), coalesce(u.full_name, ''), "
		       "coalesce(a.name, ''), s.seller_name, s.seller_address, s.seller_tax_code, "
		       "coalesce((SELECT phone FROM showroom WHERE code = s.showroom), ''), "
		       "s.buyer_name, s.buyer_tax_code, s.buyer_address, s.buyer_contact, s.reason, "
		       "s.gross, s.discount, s.total, s.vat, coalesce((SELECT v.receipt_no FROM "
		       "sale v WHERE v.original_sale_id = s.id AND v.kind = 'void'), ''), "
		       "coalesce((SELECT sum(f.total) FROM sale f WHERE f.original_sale_id = s.id "
		       "AND f.kind = 'refund'), 0), (SELECT count(*) FROM sale f WHERE "
		       "f.original_sale_id = s.id AND f.kind = 'refund'), s.cash_rounding FROM sale s "
		       "LEFT JOIN sale o ON o.id = s.original_sale_id "
		       "LEFT JOIN user u ON u.id = s.user_id LEFT JOIN user a ON a.id = s.approved_by "
		       "WHERE s.receipt_no = ?1 OR s.uuid = lower(?1) LIMIT 1", &st, err);
	if (r)
		return r;
	sqlite3_bind_text(st, 1, receipt_no, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		return pos_fail(err, POS_ERR_NOT_FOUND, tr("no receipt %s"), receipt_no);
	if (rc != SQLITE_ROW)
		return db_fail(db, err, "loading a receipt");
	memset(&d, 0, sizeof(d));
	d.id = sqlite3_column_int64(st, 0);
	vn_copy(d.uuid, sizeof(d.uuid), db_col_text(st, 1));
	vn_copy(d.kind, sizeof(d.kind), db_col_text(st, 2));
	vn_copy(d.receipt_no, sizeof(d.receipt_no), db_col_text(st, 3));
	vn_copy(d.original_no, sizeof(d.original_no), db_col_text(st, 4));
	vn_copy(d.showroom, sizeof(d.showroom), db_col_text(st, 5));
	vn_copy(d.register_code, sizeof(d.register_code), db_col_text(st, 6));
	d.seq = sqlite3_column_int64(st, 7);
	d.shift_id = sqlite3_column_int64(st, 8);
	vn_copy(d.at, sizeof(d.at), db_col_text(st, 9));
	vn_copy(d.business_date, sizeof(d.business_date), db_col_text(st, 10));
	vn_copy(d.cashier, sizeof(d.cashier), db_col_text(st, 11));
	vn_copy(d.cashier_name, sizeof(d.cashier_name), db_col_text(st, 12));
	vn_copy(d.approver, sizeof(d.approver), db_col_text(st, 13));
	vn_copy(d.seller_name, sizeof(d.seller_name), db_col_text(st, 14));
	vn_copy(d.seller_address, sizeof(d.seller_address), db_col_text(st, 15));
	vn_copy(d.seller_tax_code, sizeof(d.seller_tax_code), db_col_text(st, 16));
	vn_copy(d.seller_phone, sizeof(d.seller_phone), db_col_text(st, 17));
	vn_copy(d.buyer_name, sizeof(d.buyer_name), db_col_text(st, 18));
	vn_copy(d.buyer_tax_code, sizeof(d.buyer_tax_code), db_col_text(st, 19));
	vn_copy(d.buyer_address, sizeof(d.buyer_address), db_col_text(st, 20));
	vn_copy(d.buyer_contact, sizeof(d.buyer_contact), db_col_text(st, 21));
	vn_copy(d.reason, sizeof(d.reason), db_col_text(st, 22));
	d.gross = sqlite3_column_int64(st, 23);
	d.discount = sqlite3_column_int64(st, 24);
	d.total = sqlite3_column_int64(st, 25);
	d.vat = sqlite3_column_int64(st, 26);
	vn_copy(d.voided_by, sizeof(d.voided_by), db_col_text(st, 27));
	d.refunded = sqlite3_column_int64(st, 28);
	d.nrefunds = sqlite3_column_int(st, 29);
	d.cash_rounding = sqlite3_column_int64(st, 30);
	sqlite3_reset(st);
	if (clock_parse_utc(d.at, &t, NULL) == 0)
		clock_format_local(t, d.local_time);
	if ((r = doc_lines(db, &d, err)) || (r = doc_payments(db, &d, err))) {
		sale_doc_release(&d);
		return r;
	}
	*out = d;
	return 0;
}

void sale_doc_release(struct sale_doc *d)
{
	if (!d)
		return;
	free(d->lines);
	free(d->pay);
	d->lines = NULL;
	d->pay = NULL;
	d->nlines = d->npay = 0;
}

int sale_last_receipt(struct db *db, const char *register_code,
		      char out[SALE_RECEIPT_NO_MAX], struct pos_error *err)
{
	struct showroom sr;
	sqlite3_stmt *st;
	int r, rc;

	if ((r = local_showroom(db, &sr, err)))
		return r;
	r = db_prepare(db, "SELECT receipt_no FROM sale WHERE showroom = ?1 AND register = ?2 "
		       "ORDER BY id DESC LIMIT 1", &st, err);
	if (r)
		return r;
	sqlite3_bind_text(st, 1, sr.code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, register_code ? register_code : "", -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		return pos_fail(err, POS_ERR_NOT_FOUND, tr("register %s has no receipt yet"),
				register_code ? register_code : "");
	if (rc != SQLITE_ROW)
		return db_fail(db, err, "looking up the last receipt");
	vn_copy(out, SALE_RECEIPT_NO_MAX, db_col_text(st, 0));
	sqlite3_reset(st);
	return 0;
}

/* ---- db check --------------------------------------------------------- */

/* Each query returns one TEXT column per problem. */
static const char *const sale_checks[] = {
	/* totals, lines and payments of each document: sale_check_documents */
	/* lots of each line match the ledger's moves of its document */
	"SELECT 'receipt ' || s.receipt_no || ' line ' || l.line_no || ': lot ' || x.lot_id || "
	"' gave ' || x.qty_milli || ' but the ledger moved ' || coalesce(m.q, 0) "
	"FROM sale_line_lot x JOIN sale_line l ON l.id = x.sale_line_id JOIN sale s "
	"ON s.id = l.sale_id LEFT JOIN (SELECT sale_line_id, lot_id, sum(qty_milli) q FROM "
	"stock_move WHERE sale_line_id IS NOT NULL AND kind IN ('sale', 'refund', 'void') "
	"GROUP BY sale_line_id, lot_id) m ON m.sale_line_id = x.sale_line_id AND "
	"m.lot_id = x.lot_id WHERE coalesce(m.q, 0) <> CASE s.kind WHEN 'sale' THEN "
	"-x.qty_milli ELSE x.qty_milli END",
	"SELECT 'stock move ' || m.id || ' (' || m.kind || ' ' || m.doc || ') has no lot on its "
	"sale line' FROM stock_move m WHERE m.sale_line_id IS NOT NULL AND m.kind IN ('sale', "
	"'refund', 'void') AND NOT EXISTS (SELECT 1 FROM sale_line_lot x WHERE "
	"x.sale_line_id = m.sale_line_id AND x.lot_id = m.lot_id)",
	/* a goods line (not a service, not a bundle) took exactly its quantity */
	"SELECT 'receipt ' || s.receipt_no || ' line ' || l.line_no || ' (' || l.sku || "
	"'): lots hold ' || coalesce(sum(x.qty_milli), 0) || ' of ' || l.qty_milli "
	"FROM sale_line l JOIN sale s ON s.id = l.sale_id JOIN product p ON p.id = l.product_id "
	"LEFT JOIN sale_line_lot x ON x.sale_line_id = l.id WHERE p.is_service = 0 AND "
	"s.showroom = (SELECT code FROM showroom WHERE is_local = 1) AND NOT EXISTS "
	"(SELECT 1 FROM bundle_item b WHERE b.bundle_id = l.product_id) "
	"GROUP BY l.id HAVING coalesce(sum(x.qty_milli), 0) <> l.qty_milli",
	/* refunds and voids: never more than sold, a void is whole and alone */
	"SELECT 'receipt ' || s.receipt_no || ' line ' || l.line_no || ': ' || r.q || "
	"' returned of ' || l.qty_milli || ' sold' FROM sale_line l JOIN sale s ON s.id = "
	"l.sale_id JOIN (SELECT x.original_line_id o, sum(x.qty_milli) q FROM sale_line x "
	"WHERE x.original_line_id IS NOT NULL GROUP BY x.original_line_id) r ON r.o = l.id "
	"WHERE r.q > l.qty_milli",
	"SELECT 'receipt ' || o.receipt_no || ': ' || count(*) || ' voids/returns, and a void' "
	"FROM sale v JOIN sale o ON o.id = v.original_sale_id WHERE v.kind = 'void' "
	"AND (SELECT count(*) FROM sale z WHERE z.original_sale_id = o.id) > 1 GROUP BY o.id",
	"SELECT 'receipt ' || s.receipt_no || ' is a ' || s.kind || ' of ' || o.receipt_no || "
	"', which is not a sale' FROM sale s JOIN sale o ON o.id = s.original_sale_id "
	"WHERE o.kind <> 'sale'",
	/* numbers: 1..n without gaps per showroom, register, year and series */
	"SELECT 'receipts of ' || showroom || '-' || register || ' ' || y || "
	"CASE WHEN series THEN ' (sales)' ELSE ' (refunds and voids)' END || ': numbers ' || "
	"mn || '..' || mx || ' for ' || n || ' receipts (gap or repeat)' FROM (SELECT showroom, "
	"register, substr(business_date, 1, 4) y, kind = 'sale' series, count(*) n, "
	"count(DISTINCT seq) d, min(seq) mn, max(seq) mx FROM sale GROUP BY 1, 2, 3, 4) "
	"WHERE mn <> 1 OR mx <> n OR d <> n",
	"SELECT 'counter ' || c.showroom || '-' || c.register || ' ' || c.year || ' ' || c.kind || "
	"' is at ' || c.last || ' but the last receipt is ' || coalesce(m.mx, 0) FROM doc_counter c "
	"LEFT JOIN (SELECT showroom, register, CAST(substr(business_date, 1, 4) AS INTEGER) y, "
	"CASE kind WHEN 'sale' THEN 'sale' ELSE 'refund' END k, max(seq) mx FROM sale "
	"GROUP BY 1, 2, 3, 4) m ON m.showroom = c.showroom AND m.register = c.register AND "
	"m.y = c.year AND m.k = c.kind WHERE c.kind IN ('sale', 'refund') AND "
	"c.last <> coalesce(m.mx, 0)",
};

/*
 * Each document's figures against its lines and payments (saleinv.h: the
 * same rules the exchange-file verifier applies before a hub writes).
 */
static int sale_check_documents(struct db *db, void (*report)(void *ctx, const char *problem),
				void *ctx, int *n, struct pos_error *err)
{
	sqlite3_stmt *st;
	char msg[256];
	int rc;

	rc = sqlite3_prepare_v2(db_handle(db), "SELECT s.receipt_no, s.gross, s.discount, "
				"s.total, s.vat, coalesce(l.n, 0), coalesce(l.a, 0), coalesce(l.v, 0), "
				"coalesce(l.d, 0), coalesce(p.a, 0) FROM sale s LEFT JOIN (SELECT "
				"sale_id, count(*) n, sum(amount) a, sum(vat) v, sum(discount) d FROM "
				"sale_line GROUP BY sale_id) l ON l.sale_id = s.id LEFT JOIN (SELECT "
				"sale_id, sum(amount) a FROM payment GROUP BY sale_id) p "
				"ON p.sale_id = s.id ORDER BY s.id", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(db, err, "checking the sales");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct saleinv v;

		v.receipt_no = db_col_text(st, 0);
		v.gross = sqlite3_column_int64(st, 1);
		v.discount = sqlite3_column_int64(st, 2);
		v.total = sqlite3_column_int64(st, 3);
		v.vat = sqlite3_column_int64(st, 4);
		v.nlines = sqlite3_column_int64(st, 5);
		v.line_amount = sqlite3_column_int64(st, 6);
		v.line_vat = sqlite3_column_int64(st, 7);
		v.line_discount = sqlite3_column_int64(st, 8);
		v.payments = sqlite3_column_int64(st, 9);
		if (saleinv_totals(&v, msg, sizeof(msg)) && ++*n && report)
			report(ctx, msg);
		if (saleinv_has_lines(&v, msg, sizeof(msg)) && ++*n && report)
			report(ctx, msg);
		if (saleinv_payments(&v, msg, sizeof(msg)) && ++*n && report)
			report(ctx, msg);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err, "checking the sales");
	/* a sale's cash: change = tendered - amount - the sale's cash rounding
	 * (per sale: the rounding is on the cash payment that settled it) */
	rc = sqlite3_prepare_v2(db_handle(db), "SELECT s.receipt_no, sum(p.amount), "
				"sum(p.tendered), sum(p.change), s.cash_rounding FROM payment p "
				"JOIN sale s ON s.id = p.sale_id WHERE p.method = 'cash' AND "
				"s.kind = 'sale' GROUP BY s.id ORDER BY s.id", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(db, err, "checking the sales");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (saleinv_cash_change(db_col_text(st, 0), sqlite3_column_int64(st, 1),
					sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3),
					sqlite3_column_int64(st, 4), msg, sizeof(msg)) && ++*n && report)
			report(ctx, msg);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, err, "checking the sales");
}

int sale_check(struct db *db, void (*report)(void *ctx, const char *problem), void *ctx,
	       int *problems, struct pos_error *err)
{
	sqlite3_stmt *st;
	char msg[256];
	size_t i;
	int n = 0, rc;

	if ((rc = sale_check_documents(db, report, ctx, &n, err)))
		return rc;
	for (i = 0; i < sizeof(sale_checks) / sizeof(sale_checks[0]); i++) {
		rc = sqlite3_prepare_v2(db_handle(db), sale_checks[i], -1, &st, NULL);
		if (rc != SQLITE_OK)
			return db_fail(db, err, "checking the sales");
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			n++;
			if (report)
				report(ctx, db_col_text(st, 0));
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return db_fail(db, err, "checking the sales");
	}
	/* each line's VAT follows the rule; a C walk (SQL has no half-up VAT) */
	rc = sqlite3_prepare_v2(db_handle(db), "SELECT s.receipt_no, l.line_no, l.amount, "
				"l.vat_rate, l.vat FROM sale_line l JOIN sale s ON s.id = l.sale_id",
				-1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(db, err, "checking the sales");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (saleinv_line_vat(db_col_text(st, 0), sqlite3_column_int64(st, 1),
				     sqlite3_column_int64(st, 2), sqlite3_column_int(st, 3),
				     sqlite3_column_int64(st, 4), msg, sizeof(msg))) {
			n++;
			if (report)
				report(ctx, msg);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err, "checking the sales");
	/* saved carts can be read back */
	rc = sqlite3_prepare_v2(db_handle(db), "SELECT uuid, data FROM cart", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(db, err, "checking the carts");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct cart c;
		struct pos_error e;

		if (cartfile_read((const char *)sqlite3_column_blob(st, 1),
				  (size_t)sqlite3_column_bytes(st, 1), &c, &e) == 0) {
			cart_release(&c);
			continue;
		}
		n++;
		snprintf(msg, sizeof(msg), "cart %.40s cannot be read back: %.160s", db_col_text(st, 0),
			 e.msg);
		if (report)
			report(ctx, msg);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err, "checking the carts");
	*problems = n;
	return 0;
}
