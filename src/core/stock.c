/*
 * stock.c - lots, the stock ledger and what a manager does with them (see
 * stock.h).
 *
 * The ledger: every change of stock is one INSERT into stock_move (never
 * updated or deleted); the trigger stock_move_balance keeps lot.on_hand_milli
 * and stock_balance in the same statement, so the caches can only disagree
 * with the ledger if someone edits the file by hand (db check and `stock
 * alerts` look for that).  Quantities are thousandths of a unit.
 *
 * Taking goods (a sale, a transfer, a return to the producer) goes through
 * one function, take(): it reads the candidate lots of the product in
 * first-expiry-first-out order (dated lots by expiry, undated ones last,
 * then by receipt date), skips expired lots, and writes one negative move
 * per lot used.  It runs inside db_tx(), whose outermost level is BEGIN
 * IMMEDIATE: the write lock is held before the lots are read, so two tills
 * selling the last unit are serialised and the second one sees the first
 * one's move.  The lots are read into an array before any move is written
 * (a SELECT must not run over rows its own loop changes).
 *
 * When a product is short, the showroom's `stock.oversell` setting decides:
 * "refuse" (the default, also for an unknown value) fails naming the
 * product, what is on hand and the expired lot if only expired stock is
 * left; "allow" takes the rest from the newest unexpired lot, which goes
 * negative, or from a placeholder lot "NEG-<yyyymmdd>" when the product has
 * never been received.  Transfers and returns never oversell.
 *
 * Bundles (bundle_item) have no lots: taking one takes each component
 * (component quantity x bundle quantity).  A bundle cannot be a component,
 * so there is no nesting.  Services take nothing.
 *
 * Counts: a line per lot holds the counted quantity and what the ledger
 * said when the line was entered; posting applies counted - expected to
 * the lot as it is then, so what was sold during the count stays sold.
 *
 * Filters (lists, alerts, count scopes) are one WHERE clause with
 * numbered parameters (?1 province, ?2 maker, ?3 group, ?4 stars, ?5
 * owner, ?6 all), bound by bind_filter(); never SQL built from text.
 */
#include "stock.h"

#include <cjson/cJSON.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "audit.h"
#include "db.h"
#include "doccounter.h"
#include "field.h"
#include "i18n.h"
#include "lib/alloc.h"
#include "money.h"
#include "producer.h"
#include "refdata.h"
#include "showroom.h"
#include "user.h"
#include "vntext.h"

#define BUNDLE_MAX_ITEMS 32

/* ---- small helpers --------------------------------------------------- */

static void today(char out[CLOCK_DATE_LEN])
{
	clock_local_date(clock_now(), out);
}

/* round(qty_milli x unit / 1000), half away from zero, saturating. */
static int64_t value_of(int64_t qty_milli, int64_t unit)
{
	int64_t v;

	if (money_line_amount(unit, qty_milli, &v, NULL) != 0)
		return qty_milli < 0 ? INT64_MIN : INT64_MAX;
	return v;
}

static int fmt_qty(int64_t milli, char *buf, size_t n)
{
	if (qty_format(milli, buf, n) < 0)
		snprintf(buf, n, "?");
	return 0;
}

/* The permission check: u == NULL is the system (demo data, tests). */
static int require(const struct user *u, enum user_perm p, struct pos_error *err)
{
	return u ? user_require(u, p, err) : 0;
}

static long long uid(const struct user *u)
{
	return u ? u->id : 0;
}

static int step_done(struct db *db, sqlite3_stmt *st, const char *what, struct pos_error *err)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err, what);
	return 0;
}

static void bind_opt_id(sqlite3_stmt *st, int i, long long id)
{
	if (id > 0)
		sqlite3_bind_int64(st, i, id);
	else
		sqlite3_bind_null(st, i);
}

/* What stock.c needs to know about a product. */
struct pinfo {
	long long id;
	char sku[STOCK_CODE_MAX];
	char name[STOCK_NAME_MAX];
	char unit[32];
	int is_service;
	int is_bundle;
	int shelf_life_days;
	int64_t price;                 /* VND, VAT included */
};

/* One row of product_info's query (a db_row_fn; id is set by the caller). */
static void pinfo_row(sqlite3_stmt *st, void *item)
{
	struct pinfo *p = item;

	vn_copy(p->sku, sizeof(p->sku), db_col_text(st, 0));
	vn_copy(p->name, sizeof(p->name), db_col_text(st, 1));
	vn_copy(p->unit, sizeof(p->unit), db_col_text(st, 2));
	p->is_service = sqlite3_column_int(st, 3);
	p->shelf_life_days = sqlite3_column_int(st, 4);
	p->is_bundle = sqlite3_column_int(st, 5);
	p->price = sqlite3_column_int64(st, 6);
}

static int product_info(struct db *db, long long id, struct pinfo *out, struct pos_error *err)
{
	sqlite3_stmt *st;
	struct pinfo p;
	int r = db_prepare(db, "SELECT p.sku, p.name, p.unit, p.is_service, "
			   "coalesce(p.shelf_life_days, 0), "
			   "EXISTS (SELECT 1 FROM bundle_item b WHERE b.bundle_id = p.id), "
			   "p.price FROM product p WHERE p.id = ?1", &st, err);

	if (r)
		return r;
	sqlite3_bind_int64(st, 1, id);
	memset(&p, 0, sizeof(p));
	p.id = id;
	r = db_row(db, st, pinfo_row, &p, "reading a product", err);
	if (r == POS_ERR_NOT_FOUND)
		return pos_fail(err, POS_ERR_NOT_FOUND, tr("unknown product id %lld"), id);
	if (r)
		return r;
	*out = p;
	return 0;
}

/*
 * Append one row to the ledger.  id > 0 forces the row id (the caller
 * holds the write lock and numbered its document after it).  *move_id
 * (may be NULL) receives the row id.
 */
static int insert_move(struct db *db, long long id, long long lot_id, long long product_id,
		       int64_t qty_milli, const char *kind, const char *reason, const char *doc,
		       long long sale_line_id, long long user_id, long long *move_id,
		       struct pos_error *err)
{
	char ts[CLOCK_TS_LEN], date[CLOCK_DATE_LEN];
	sqlite3_stmt *st;
	time_t now = clock_now();
	int r;

	if (qty_milli == 0)
		return 0;
	r = db_prepare(db, "INSERT INTO stock_move (id, lot_id, product_id, qty_milli, kind, "
		       "reason, doc, sale_line_id, user_id, at, business_date) "
		       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", &st, err);
	if (r)
		return r;
	clock_format_utc(now, ts);
	clock_local_date(now, date);
	bind_opt_id(st, 1, id);
	sqlite3_bind_int64(st, 2, lot_id);
	sqlite3_bind_int64(st, 3, product_id);
	sqlite3_bind_int64(st, 4, qty_milli);
	sqlite3_bind_text(st, 5, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, reason ? reason : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, doc ? doc : "", -1, SQLITE_STATIC);
	bind_opt_id(st, 8, sale_line_id);
	bind_opt_id(st, 9, user_id);
	sqlite3_bind_text(st, 10, ts, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, date, -1, SQLITE_STATIC);
	r = step_done(db, st, "writing a stock movement", err);
	if (!r && move_id)
		*move_id = db_last_id(db);
	return r;
}

/* The id the next ledger row gets (valid while the write lock is held). */
static int next_move_id(struct db *db, long long *id, struct pos_error *err)
{
	return db_query_int64(db, "SELECT coalesce(max(id), 0) + 1 FROM stock_move",
			      "reading the stock ledger", id, err);
}

/* An existing lot of the product with this number: 0, NOT_FOUND, or an error. */
struct lotrow {
	long long id;
	char expiry[CLOCK_DATE_LEN];
	char received_on[CLOCK_DATE_LEN];
	int64_t unit_cost, on_hand;
	long long owner;
	int commission_bp;
};

static int find_lot(struct db *db, long long product_id, const char *lot_no, struct lotrow *out,
		    struct pos_error *err)
{
	sqlite3_stmt *st;
	int r = db_prepare(db, "SELECT id, coalesce(expiry, ''), received_on, unit_cost, "
			   "on_hand_milli, coalesce(owner_producer_id, 0), commission_bp "
			   "FROM lot WHERE product_id = ?1 AND lot_no = ?2", &st, err), rc;

	if (r)
		return r;
	sqlite3_bind_int64(st, 1, product_id);
	sqlite3_bind_text(st, 2, lot_no, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		vn_copy(out->expiry, sizeof(out->expiry), db_col_text(st, 1));
		vn_copy(out->received_on, sizeof(out->received_on), db_col_text(st, 2));
		out->unit_cost = sqlite3_column_int64(st, 3);
		out->on_hand = sqlite3_column_int64(st, 4);
		out->owner = sqlite3_column_int64(st, 5);
		out->commission_bp = sqlite3_column_int(st, 6);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return POS_ERR_NOT_FOUND;
	return db_fail(db, err, "reading a lot");
}

/* ---- oversell policy ------------------------------------------------- */

int stock_oversell_get(struct db *db, enum stock_oversell *out, struct pos_error *err)
{
	char buf[32];
	struct pos_error e;
	int r = setting_get(db, "stock.oversell", buf, sizeof(buf), &e);

	if (r && r != POS_ERR_NOT_FOUND) {
		if (err)
			*err = e;
		return r;
	}
	*out = r == 0 && strcmp(buf, "allow") == 0 ? STOCK_OVERSELL_ALLOW : STOCK_OVERSELL_REFUSE;
	return 0;
}

struct oversell_args {
	const struct user *u;
	const char *v;
};

static int oversell_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct oversell_args *a = ctx;
	int r = setting_set(db, "stock.oversell", a->v, err);

	return r ? r : audit_log(db, uid(a->u), 0, "stock_oversell", "", a->v, err);
}

int stock_oversell_set(struct db *db, const struct user *u, enum stock_oversell p,
		       struct pos_error *err)
{
	struct oversell_args a = { u, p == STOCK_OVERSELL_ALLOW ? "allow" : "refuse" };
	int r = require(u, PERM_SETTINGS, err);

	return r ? r : db_tx(db, DB_TX_WRITE, oversell_in_tx, &a, err);
}

/* ---- taking goods ---------------------------------------------------- */

struct allocs {
	struct stock_alloc *v;
	size_t n, cap;
};

static int allocs_push(struct allocs *a, const struct stock_alloc *x, struct pos_error *err)
{
	if (POS_GROW(a->v, a->cap, a->n + 1))
		return pos_fail(err, POS_ERR_NO_MEM, tr("out of memory"));
	a->v[a->n++] = *x;
	return 0;
}

struct take_opts {
	enum stock_oversell policy;
	long long owner;        /* -1 any; 0 the shop; else a producer id */
	long long lot_id;       /* 0 any */
	int expired_ok;         /* returns to the producer take expired lots too */
};

/* A lot as take() reads it. */
struct cand {
	struct stock_alloc a;   /* qty_milli = on hand */
	char received_on[CLOCK_DATE_LEN];
};

static void row_to_alloc(sqlite3_stmt *st, long long product_id, struct stock_alloc *a)
{
	memset(a, 0, sizeof(*a));
	a->lot_id = sqlite3_column_int64(st, 0);
	a->product_id = product_id;
	vn_copy(a->lot_no, sizeof(a->lot_no), db_col_text(st, 1));
	vn_copy(a->expiry, sizeof(a->expiry), db_col_text(st, 2));
	a->qty_milli = sqlite3_column_int64(st, 3);
	a->unit_cost = sqlite3_column_int64(st, 4);
	a->owner_producer_id = sqlite3_column_int64(st, 5);
	a->commission_bp = sqlite3_column_int(st, 6);
}

#define LOT_COLS "l.id, l.lot_no, coalesce(l.expiry, ''), l.on_hand_milli, l.unit_cost, " \
	"coalesce(l.owner_producer_id, 0), l.commission_bp, l.received_on"

/* The lots take() may use, FEFO order, into *out (malloc'd). */
static int candidates(struct db *db, long long product_id, const struct take_opts *o,
		      const char *day, struct cand **out, size_t *n, struct pos_error *err)
{
	sqlite3_stmt *st;
	struct cand *v = NULL;
	size_t cnt = 0, cap = 0;
	int r = db_prepare(db, "SELECT " LOT_COLS " FROM lot l "
			   "WHERE l.product_id = ?1 AND l.on_hand_milli > 0 "
			   "AND (?3 = 1 OR l.expiry IS NULL OR l.expiry >= ?2) "
			   "AND (?4 < 0 OR coalesce(l.owner_producer_id, 0) = ?4) "
			   "AND (?5 = 0 OR l.id = ?5) "
			   "ORDER BY l.expiry IS NULL, l.expiry, l.received_on, l.id", &st, err), rc;

	if (r)
		return r;
	sqlite3_bind_int64(st, 1, product_id);
	sqlite3_bind_text(st, 2, day, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, o->expired_ok);
	sqlite3_bind_int64(st, 4, o->owner);
	sqlite3_bind_int64(st, 5, o->lot_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (POS_GROW(v, cap, cnt + 1)) {
			sqlite3_reset(st);
			free(v);
			return pos_fail(err, POS_ERR_NO_MEM, tr("out of memory"));
		}
		row_to_alloc(st, product_id, &v[cnt].a);
		vn_copy(v[cnt].received_on, sizeof(v[cnt].received_on), db_col_text(st, 7));
		cnt++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return db_fail(db, err, "reading the lots");
	}
	*out = v;
	*n = cnt;
	return 0;
}

/*
 * The sentence of a refusal for want of stock: the product, what is on
 * hand, what was wanted, and the first expired lot still holding goods.
 */
static int short_message(struct db *db, const struct pinfo *p, int64_t have, int64_t want,
			 const char *day, struct pos_error *err)
{
	char h[QTY_FMT_MAX], w[QTY_FMT_MAX], eq[QTY_FMT_MAX];
	sqlite3_stmt *st;
	int r = db_prepare(db, "SELECT lot_no, expiry, on_hand_milli FROM lot "
			   "WHERE product_id = ?1 AND on_hand_milli > 0 AND expiry < ?2 "
			   "ORDER BY expiry, id LIMIT 1", &st, err);

	if (r)
		return r;
	fmt_qty(have, h, sizeof(h));
	fmt_qty(want, w, sizeof(w));
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_text(st, 2, day, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		char lot[STOCK_LOT_NO_MAX], exp[CLOCK_DATE_LEN];

		vn_copy(lot, sizeof(lot), db_col_text(st, 0));
		vn_copy(exp, sizeof(exp), db_col_text(st, 1));
		fmt_qty(sqlite3_column_int64(st, 2), eq, sizeof(eq));
		sqlite3_reset(st);
		if (have <= 0)
			return pos_fail(err, POS_ERR_REFUSED,
					tr("%s (%s): only expired stock is left: lot %s expired on %s "
					   "(%s %s); it cannot be sold: remove it with `ocop-pos stock "
					   "adjust %s -%s --lot %s --reason expired`"),
					p->name, p->sku, lot, exp, eq, p->unit, p->sku, eq, lot);
		return pos_fail(err, POS_ERR_REFUSED,
				tr("not enough %s (%s) in stock: %s %s on hand, %s wanted (lot %s "
				   "expired on %s and cannot be sold)"),
				p->name, p->sku, h, p->unit, w, lot, exp);
	}
	sqlite3_reset(st);
	return pos_fail(err, POS_ERR_REFUSED,
			tr("not enough %s (%s) in stock: %s %s on hand, %s wanted"),
			p->name, p->sku, h, p->unit, w);
}

/* The lot an allowed oversell goes negative in; *a describes it. */
static int oversell_lot(struct db *db, const struct pinfo *p, const char *day,
			struct stock_alloc *a, struct pos_error *err)
{
	char lot_no[STOCK_LOT_NO_MAX], ts[CLOCK_TS_LEN];
	sqlite3_stmt *st;
	int64_t cost = 0;
	int r, rc;

	r = db_prepare(db, "SELECT " LOT_COLS " FROM lot l WHERE l.product_id = ?1 "
		       "AND (l.expiry IS NULL OR l.expiry >= ?2) "
		       "ORDER BY l.received_on DESC, l.id DESC LIMIT 1", &st, err);
	if (r)
		return r;
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_text(st, 2, day, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		row_to_alloc(st, p->id, a);
		sqlite3_reset(st);
		return 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err, "reading the lots");
	/* Never received (or only expired lots): a placeholder lot of the day. */
	r = db_prepare(db, "SELECT unit_cost FROM lot WHERE product_id = ?1 "
		       "ORDER BY received_on DESC, id DESC LIMIT 1", &st, err);
	if (r)
		return r;
	sqlite3_bind_int64(st, 1, p->id);
	if (sqlite3_step(st) == SQLITE_ROW)
		cost = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	snprintf(lot_no, sizeof(lot_no), "NEG-%.4s%.2s%.2s", day, day + 5, day + 8);
	clock_format_utc(clock_now(), ts);
	r = db_prepare(db, "INSERT INTO lot (product_id, lot_no, expiry, received_on, unit_cost, "
		       "source, created_at) VALUES (?1, ?2, NULL, ?3, ?4, 'oversell', ?5) "
		       "ON CONFLICT (product_id, lot_no) DO NOTHING", &st, err);
	if (r)
		return r;
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_text(st, 2, lot_no, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, day, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, cost);
	sqlite3_bind_text(st, 5, ts, -1, SQLITE_STATIC);
	if ((r = step_done(db, st, "writing a lot", err)))
		return r;
	r = db_prepare(db, "SELECT " LOT_COLS " FROM lot l WHERE l.product_id = ?1 "
		       "AND l.lot_no = ?2", &st, err);
	if (r)
		return r;
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_text(st, 2, lot_no, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_fail(db, err, "reading a lot");
	}
	row_to_alloc(st, p->id, a);
	sqlite3_reset(st);
	return 0;
}

/* Components of a bundle into items (at most BUNDLE_MAX_ITEMS). */
static int bundle_items(struct db *db, long long bundle_id, struct stock_bundle_item *items,
			size_t *n, struct pos_error *err)
{
	sqlite3_stmt *st;
	size_t k = 0;
	int r = db_prepare(db, "SELECT component_id, qty_milli FROM bundle_item "
			   "WHERE bundle_id = ?1 ORDER BY component_id", &st, err), rc;

	if (r)
		return r;
	sqlite3_bind_int64(st, 1, bundle_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && k < BUNDLE_MAX_ITEMS) {
		items[k].component_id = sqlite3_column_int64(st, 0);
		items[k].qty_milli = sqlite3_column_int64(st, 1);
		k++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_fail(db, err, "reading a bundle");
	*n = k;
	return 0;
}

/*
 * Take qty_milli of product_id per o: append the allocations to *a and
 * write the moves (negative) with d.  Runs in the caller's transaction.
 */
static int take(struct db *db, long long product_id, int64_t qty_milli, const struct stock_doc *d,
		const struct take_opts *o, struct allocs *a, struct pos_error *err)
{
	char day[CLOCK_DATE_LEN];
	struct cand *c = NULL;
	struct pinfo p;
	size_t nc = 0, i, first = a->n;
	int64_t have = 0, need = qty_milli, t;
	int r;

	if (qty_milli <= 0)
		return pos_fail(err, POS_ERR_INVALID, tr("the quantity must be more than zero"));
	if ((r = product_info(db, product_id, &p, err)))
		return r;
	if (p.is_service)
		return 0;
	if (p.is_bundle) {
		struct stock_bundle_item items[BUNDLE_MAX_ITEMS];
		size_t ni;

		if (o->lot_id || o->owner >= 0)
			return pos_fail(err, POS_ERR_REFUSED,
					tr("%s (%s) is a bundle: it has no lots of its own"),
					p.name, p.sku);
		if ((r = bundle_items(db, product_id, items, &ni, err)))
			return r;
		for (i = 0; i < ni; i++) {
			int64_t q = value_of(items[i].qty_milli, qty_milli);

			if (q <= 0)
				q = 1;
			if ((r = take(db, items[i].component_id, q, d, o, a, err)))
				return r;
		}
		return 0;
	}
	today(day);
	if ((r = candidates(db, product_id, o, day, &c, &nc, err)))
		return r;
	for (i = 0; i < nc; i++)
		have += c[i].a.qty_milli;
	for (i = 0; i < nc && need > 0; i++) {
		struct stock_alloc x = c[i].a;

		t = x.qty_milli < need ? x.qty_milli : need;
		x.qty_milli = t;
		need -= t;
		if ((r = allocs_push(a, &x, err)))
			goto out;
	}
	if (need > 0) {
		struct stock_alloc x;

		if (o->policy != STOCK_OVERSELL_ALLOW || o->lot_id || o->owner >= 0) {
			char h[QTY_FMT_MAX], w[QTY_FMT_MAX];

			fmt_qty(have, h, sizeof(h));
			fmt_qty(qty_milli, w, sizeof(w));
			if (o->lot_id)
				r = pos_fail(err, POS_ERR_REFUSED,
					     tr("%s (%s): the lot holds %s %s that can be taken, "
						"%s wanted"), p.name, p.sku, h, p.unit, w);
			else if (o->owner >= 0)
				r = pos_fail(err, POS_ERR_REFUSED,
					     tr("%s (%s): %s %s of the producer's goods on hand, "
						"%s asked"), p.name, p.sku, h, p.unit, w);
			else
				r = short_message(db, &p, have, qty_milli, day, err);
			goto out;
		}
		if ((r = oversell_lot(db, &p, day, &x, err)))
			goto out;
		for (i = first; i < a->n; i++)
			if (a->v[i].lot_id == x.lot_id)
				break;
		if (i < a->n) {
			a->v[i].qty_milli += need;
		} else {
			x.qty_milli = need;
			if ((r = allocs_push(a, &x, err)))
				goto out;
		}
	}
	for (i = first; i < a->n; i++) {
		r = insert_move(db, 0, a->v[i].lot_id, a->v[i].product_id, -a->v[i].qty_milli,
				d && d->kind ? d->kind : "sale", d ? d->reason : NULL,
				d ? d->doc : NULL, d ? d->sale_line_id : 0, d ? d->user_id : 0,
				NULL, err);
		if (r)
			goto out;
	}
out:
	free(c);
	return r;
}

/* A take (FEFO, or from one lot) in its own transaction level. */
struct take_args {
	long long product_id;
	const char *lot_no;          /* NULL: FEFO under the oversell policy */
	int64_t qty_milli;
	const struct stock_doc *d;
	struct allocs a;
};

static int take_fefo_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct take_args *t = ctx;
	struct take_opts o = { STOCK_OVERSELL_REFUSE, -1, 0, 0 };
	int r = stock_oversell_get(db, &o.policy, err);

	return r ? r : take(db, t->product_id, t->qty_milli, t->d, &o, &t->a, err);
}

static int take_exact_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct take_args *t = ctx;
	struct take_opts o = { STOCK_OVERSELL_REFUSE, -1, 0, 0 };
	struct lotrow lr;
	struct pinfo p;
	int r;

	if ((r = product_info(db, t->product_id, &p, err)))
		return r;
	if (p.is_service || p.is_bundle)
		return pos_fail(err, POS_ERR_REFUSED, tr("%s (%s) holds no stock of its own"),
				p.name, p.sku);
	if (t->lot_no && t->lot_no[0]) {
		r = find_lot(db, t->product_id, t->lot_no, &lr, err);
		if (r == POS_ERR_NOT_FOUND)
			return pos_fail(err, r, tr("%s (%s) has no lot %s: see `ocop-pos stock lots "
						   "%s`"), p.name, p.sku, t->lot_no, p.sku);
		if (r)
			return r;
		o.lot_id = lr.id;
	}
	return take(db, t->product_id, t->qty_milli, t->d, &o, &t->a, err);
}

static int take_run(struct db *db, db_tx_fn fn, struct take_args *t, struct stock_alloc **out,
		    size_t *n, struct pos_error *err)
{
	int r;

	if (t->qty_milli <= 0)
		return pos_fail(err, POS_ERR_INVALID, tr("the quantity must be more than zero"));
	if ((r = db_tx(db, DB_TX_WRITE, fn, t, err))) {
		free(t->a.v);
		return r;
	}
	*out = t->a.v;
	*n = t->a.n;
	return 0;
}

int stock_take_fefo(struct db *db, long long product_id, int64_t qty_milli,
		    const struct stock_doc *d, struct stock_alloc **out, size_t *n,
		    struct pos_error *err)
{
	struct take_args t = { product_id, NULL, qty_milli, d, { NULL, 0, 0 } };

	return take_run(db, take_fefo_in_tx, &t, out, n, err);
}

int stock_take_exact(struct db *db, long long product_id, const char *lot_no,
		     int64_t qty_milli, const struct stock_doc *d, struct stock_alloc **out,
		     size_t *n, struct pos_error *err)
{
	struct take_args t = { product_id, lot_no, qty_milli, d, { NULL, 0, 0 } };

	return take_run(db, take_exact_in_tx, &t, out, n, err);
}

struct put_back_args {
	long long lot_id;
	int64_t qty_milli;
	const struct stock_doc *d;
};

static int put_back_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct put_back_args *a = ctx;
	const struct stock_doc *d = a->d;
	sqlite3_stmt *st;
	long long product_id;
	int r, rc;

	if ((r = db_prepare(db, "SELECT product_id FROM lot WHERE id = ?1", &st, err)))
		return r;
	sqlite3_bind_int64(st, 1, a->lot_id);
	rc = sqlite3_step(st);
	product_id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? pos_fail(err, POS_ERR_NOT_FOUND,
						    tr("unknown lot id %lld"), a->lot_id)
					 : db_fail(db, err, "reading a lot");
	return insert_move(db, 0, a->lot_id, product_id, a->qty_milli,
			   d && d->kind ? d->kind : "refund", d ? d->reason : NULL,
			   d ? d->doc : NULL, d ? d->sale_line_id : 0, d ? d->user_id : 0, NULL,
			   err);
}

int stock_put_back(struct db *db, long long lot_id, int64_t qty_milli,
		   const struct stock_doc *d, struct pos_error *err)
{
	struct put_back_args a = { lot_id, qty_milli, d };

	if (qty_milli <= 0)
		return pos_fail(err, POS_ERR_INVALID, tr("the quantity must be more than zero"));
	return db_tx(db, DB_TX_WRITE, put_back_in_tx, &a, err);
}

/* Whole bundles the components make, in thousandths. */
static int bundle_on_hand(struct db *db, long long id, int64_t *out, struct pos_error *err)
{
	struct stock_bundle_item items[BUNDLE_MAX_ITEMS];
	int64_t best = -1, have, k;
	size_t n, i;
	int r = bundle_items(db, id, items, &n, err);

	if (r)
		return r;
	for (i = 0; i < n; i++) {
		if ((r = stock_on_hand(db, items[i].component_id, &have, err)))
			return r;
		k = have > 0 ? have / items[i].qty_milli : 0;
		if (best < 0 || k < best)
			best = k;
	}
	*out = best > 0 ? best * QTY_ONE : 0;
	return 0;
}

int stock_on_hand(struct db *db, long long product_id, int64_t *qty_milli,
		  struct pos_error *err)
{
	sqlite3_stmt *st;
	int64_t v = 0;
	int r = db_prepare(db, "SELECT (SELECT on_hand_milli FROM stock_balance "
			   "WHERE product_id = ?1), EXISTS (SELECT 1 FROM bundle_item "
			   "WHERE bundle_id = ?1)", &st, err), rc, bundle;

	if (r)
		return r;
	sqlite3_bind_int64(st, 1, product_id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_fail(db, err, "reading the stock");
	}
	v = sqlite3_column_int64(st, 0);
	bundle = sqlite3_column_int(st, 1);
	sqlite3_reset(st);
	if (bundle)
		return bundle_on_hand(db, product_id, qty_milli, err);
	*qty_milli = v;
	return 0;
}

/* ---- receiving ------------------------------------------------------- */

/* The next GRN number "<showroom>-PNK-<year>-<seq>" (doc_counter). */
static int next_grn(struct db *db, const char *day, char grn[STOCK_DOC_MAX],
		    struct pos_error *err)
{
	struct showroom s;
	int year = atoi(day);
	long long seq;
	int r;

	if (showroom_local(db, &s, NULL) != 0)
		snprintf(s.code, sizeof(s.code), "OCOP");
	r = doc_counter_next(db, s.code, "", year, "grn", "numbering the goods receipt", &seq, err);
	if (r)
		return r;
	snprintf(grn, STOCK_DOC_MAX, "%s-PNK-%d-%05lld", s.code, year, seq);
	return 0;
}

/* "L<yyyymmdd>-<n>": the first free n for this product and day. */
static int make_lot_no(struct db *db, long long product_id, const char *day, char *out,
		       size_t n, struct pos_error *err)
{
	struct lotrow lr;
	int k, r;

	for (k = 1; k < 100000; k++) {
		snprintf(out, n, "L%.4s%.2s%.2s-%d", day, day + 5, day + 8, k);
		r = find_lot(db, product_id, out, &lr, err);
		if (r == POS_ERR_NOT_FOUND)
			return 0;
		if (r)
			return r;
	}
	return pos_fail(err, POS_ERR_REFUSED, "too many lots on %s", day);
}

/* Check a lot number typed or read from a file. */
static int check_lot_no(char *lot_no, struct pos_error *err)
{
	size_t i;

	field_trim(lot_no);
	if (field_plain(lot_no, STOCK_LOT_NO_MAX, "lot", err))
		return POS_ERR_INVALID;
	for (i = 0; lot_no[i]; i++)
		if (lot_no[i] == '\n' || lot_no[i] == '\t')
			return pos_fail(err, POS_ERR_INVALID, tr("lot: no tabs or line breaks"));
	if (!lot_no[0])
		return pos_fail(err, POS_ERR_INVALID, tr("lot: must not be empty"));
	return 0;
}

/*
 * Put one lot line into the database: a new lot, or more of an existing
 * one that agrees.  received_on is the lot's receipt date, source the
 * lot's origin ("grn:<no>", "transfer:<uuid>"), kind/doc the move's.
 * line->lot_no and line->expiry must be final; line->lot_id is set.
 */
static int put_lot(struct db *db, struct stock_receipt_line *line, const char *received_on,
		   const char *source, const char *kind, const char *doc, long long user_id,
		   struct pos_error *err)
{
	char ts[CLOCK_TS_LEN], want[QTY_FMT_MAX];
	struct lotrow lr;
	sqlite3_stmt *st;
	int r;

	r = find_lot(db, line->product_id, line->lot_no, &lr, err);
	if (r == 0) {
		if (strcmp(lr.expiry, line->expiry) != 0 || lr.owner != line->owner_producer_id ||
		    lr.commission_bp != line->commission_bp || lr.unit_cost != line->unit_cost) {
			money_format(lr.unit_cost, want, sizeof(want));
			return pos_fail(err, POS_ERR_REFUSED,
					tr("lot %s of this product is already here with expiry %s, "
					   "cost %s and its owner: goods that differ in any of these "
					   "need another lot number"),
					line->lot_no, lr.expiry[0] ? lr.expiry : "-", want);
		}
		line->lot_id = lr.id;
	} else if (r == POS_ERR_NOT_FOUND) {
		clock_format_utc(clock_now(), ts);
		r = db_prepare(db, "INSERT INTO lot (product_id, lot_no, expiry, received_on, "
			       "unit_cost, owner_producer_id, commission_bp, source, created_at) "
			       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", &st, err);
		if (r)
			return r;
		sqlite3_bind_int64(st, 1, line->product_id);
		sqlite3_bind_text(st, 2, line->lot_no, -1, SQLITE_STATIC);
		if (line->expiry[0])
			sqlite3_bind_text(st, 3, line->expiry, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 3);
		sqlite3_bind_text(st, 4, received_on, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, line->unit_cost);
		bind_opt_id(st, 6, line->owner_producer_id);
		sqlite3_bind_int(st, 7, line->commission_bp);
		sqlite3_bind_text(st, 8, source, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 9, ts, -1, SQLITE_STATIC);
		if ((r = step_done(db, st, "writing a lot", err)))
			return r;
		line->lot_id = db_last_id(db);
	} else {
		return r;
	}
	return insert_move(db, 0, line->lot_id, line->product_id, line->qty_milli, kind, "", doc,
			   0, user_id, NULL, err);
}

/* Check a line's product, quantity, cost, owner; fill lot number and expiry. */
static int prepare_line(struct db *db, struct stock_receipt_line *l, const char *received_on,
			int shelf_life_default, struct pos_error *err)
{
	struct producer owner;
	struct pinfo p;
	int64_t rd, ed;
	int r;

	if ((r = product_info(db, l->product_id, &p, err)))
		return r;
	if (p.is_service)
		return pos_fail(err, POS_ERR_REFUSED,
				tr("%s (%s) is a service: it has no stock to receive"), p.name, p.sku);
	if (p.is_bundle)
		return pos_fail(err, POS_ERR_REFUSED,
				tr("%s (%s) is a bundle: receive its components instead"),
				p.name, p.sku);
	if (l->qty_milli <= 0 || l->qty_milli > QTY_MAX_MILLI)
		return pos_fail(err, POS_ERR_INVALID,
				tr("%s (%s): the quantity received must be more than zero"),
				p.name, p.sku);
	if (l->unit_cost < 0)
		return pos_fail(err, POS_ERR_INVALID, tr("%s (%s): the cost must not be negative"),
				p.name, p.sku);
	if (l->commission_bp < 0 || l->commission_bp > 10000)
		return pos_fail(err, POS_ERR_INVALID,
				tr("the commission must be 0 to 100 %%, got %d basis points"),
				l->commission_bp);
	if (l->owner_producer_id > 0) {
		if ((r = producer_get_id(db, l->owner_producer_id, &owner, err)))
			return r;
	} else if (l->commission_bp) {
		return pos_fail(err, POS_ERR_INVALID,
				tr("a commission applies only to consigned goods (--consign)"));
	}
	if (l->lot_no[0]) {
		if ((r = check_lot_no(l->lot_no, err)))
			return r;
	} else if ((r = make_lot_no(db, l->product_id, received_on, l->lot_no,
				    sizeof(l->lot_no), err))) {
		return r;
	}
	if (clock_date_parse(received_on, &rd, err))
		return POS_ERR_INVALID;
	if (l->expiry[0]) {
		if (clock_date_parse(l->expiry, &ed, err))
			return POS_ERR_INVALID;
		if (ed < rd)
			return pos_fail(err, POS_ERR_INVALID,
					tr("%s (%s): expiry %s is before the receipt date %s"),
					p.name, p.sku, l->expiry, received_on);
	} else if (shelf_life_default && p.shelf_life_days > 0) {
		if (clock_date_add_days(received_on, p.shelf_life_days, l->expiry, err))
			return POS_ERR_INVALID;
	}
	return 0;
}

struct receive_args {
	const struct user *u;
	const char *rdate;
	struct stock_receipt_line *work;
	size_t n;
	char no[STOCK_DOC_MAX];
};

static int receive_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct receive_args *a = ctx;
	char source[80];
	size_t i;
	int r;

	if ((r = next_grn(db, a->rdate, a->no, err)))
		return r;
	snprintf(source, sizeof(source), "grn:%s", a->no);
	for (i = 0; i < a->n; i++) {
		if ((r = prepare_line(db, &a->work[i], a->rdate, 1, err)) ||
		    (r = put_lot(db, &a->work[i], a->rdate, source, "receive", a->no, uid(a->u),
				 err)))
			return r;
	}
	return 0;
}

int stock_receive(struct db *db, const struct user *u, const char *received_on,
		  struct stock_receipt_line *lines, size_t n, char grn[STOCK_DOC_MAX],
		  struct pos_error *err)
{
	struct receive_args a;
	struct stock_receipt_line *work = NULL;
	char day[CLOCK_DATE_LEN], rdate[CLOCK_DATE_LEN];
	int r;

	if ((r = require(u, PERM_STOCK, err)))
		return r;
	if (n == 0)
		return pos_fail(err, POS_ERR_INVALID, tr("nothing to receive"));
	today(day);
	if (received_on && received_on[0]) {
		if (clock_date_parse(received_on, NULL, err))
			return POS_ERR_INVALID;
		if (strcmp(received_on, day) > 0)
			return pos_fail(err, POS_ERR_INVALID,
					tr("the receipt date %s is in the future (today is %s)"),
					received_on, day);
		vn_copy(rdate, sizeof(rdate), received_on);
	} else {
		vn_copy(rdate, sizeof(rdate), day);
	}
	work = malloc(n * sizeof(*work));
	if (!work)
		return pos_fail(err, POS_ERR_NO_MEM, tr("out of memory"));
	memcpy(work, lines, n * sizeof(*work));
	memset(&a, 0, sizeof(a));
	a.u = u;
	a.rdate = rdate;
	a.work = work;
	a.n = n;
	if ((r = db_tx(db, DB_TX_WRITE, receive_in_tx, &a, err)) == 0) {
		memcpy(lines, work, n * sizeof(*work));
		if (grn)
			vn_copy(grn, STOCK_DOC_MAX, a.no);
	}
	free(work);
	return r;
}

int stock_consign_check(struct db *db, const struct stock_receipt_line *l, int64_t *want,
			struct pos_error *err)
{
	struct pinfo p;
	char pr[MONEY_FMT_MAX], w[MONEY_FMT_MAX], c[MONEY_FMT_MAX], pct[QTY_FMT_MAX];
	int64_t keep, owed;
	int r;

	if (want)
		*want = l->unit_cost;
	if (l->owner_producer_id <= 0 || l->commission_bp <= 0 || l->commission_bp > 10000)
		return 0;
	if ((r = product_info(db, l->product_id, &p, err)))
		return r;
	/* The shop keeps its commission of the price, as the consignment
	 * statement reckons it; the producer is owed the rest. */
	keep = (p.price * l->commission_bp + 5000) / 10000;
	owed = p.price - keep;
	if (want)
		*want = owed;
	if (l->unit_cost >= owed - 1 && l->unit_cost <= owed + 1)
		return 0;
	money_format(p.price, pr, sizeof(pr));
	money_format(owed, w, sizeof(w));
	money_format(l->unit_cost, c, sizeof(c));
	qty_format((int64_t)l->commission_bp * 10, pct, sizeof(pct));
	return pos_fail(err, POS_ERR_REFUSED,
			tr("%s (%s): the price %s less the %s %% commission leaves %s for the "
			   "producer, but the unit cost is %s"), p.name, p.sku, pr, pct, w, c);
}

struct receive_lot_args {
	struct stock_receipt_line work;
	const char *received_on, *source;
	const struct stock_doc *d;
};

static int receive_lot_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct receive_lot_args *a = ctx;
	const struct stock_doc *d = a->d;
	int r = prepare_line(db, &a->work, a->received_on, 0, err);

	return r ? r : put_lot(db, &a->work, a->received_on, a->source ? a->source : "",
			       d && d->kind ? d->kind : "receive", d ? d->doc : "",
			       d ? d->user_id : 0, err);
}

int stock_receive_lot(struct db *db, struct stock_receipt_line *line, const char *received_on,
		      const char *source, const struct stock_doc *d, struct pos_error *err)
{
	struct receive_lot_args a = { *line, received_on, source, d };
	int r;

	if (!received_on || clock_date_parse(received_on, NULL, err))
		return pos_fail(err, POS_ERR_INVALID, tr("a lot needs its receipt date"));
	if ((r = db_tx(db, DB_TX_WRITE, receive_lot_in_tx, &a, err)))
		return r;
	*line = a.work;
	return 0;
}

int stock_grn_get(struct db *db, const char *grn, struct stock_grn *out, struct pos_error *err)
{
	struct stock_grn g;
	struct stock_grn_line *v = NULL;
	size_t cap = 0;
	sqlite3_stmt *st;
	int r, rc;

	memset(&g, 0, sizeof(g));
	r = db_prepare(db, "SELECT p.sku, p.name, p.unit, l.lot_no, coalesce(l.expiry, ''), "
		       "m.qty_milli, l.unit_cost, coalesce(o.code, ''), coalesce(o.name, ''), "
		       "l.commission_bp, m.business_date, m.at, coalesce(u.name, '') "
		       "FROM stock_move m JOIN lot l ON l.id = m.lot_id "
		       "JOIN product p ON p.id = m.product_id "
		       "LEFT JOIN producer o ON o.id = l.owner_producer_id "
		       "LEFT JOIN user u ON u.id = m.user_id "
		       "WHERE m.doc = ?1 AND m.kind = 'receive' ORDER BY m.id", &st, err);
	if (r)
		return r;
	sqlite3_bind_text(st, 1, grn, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct stock_grn_line *x;

		if (POS_GROW(v, cap, g.n + 1)) {
			sqlite3_reset(st);
			free(v);
			return pos_fail(err, POS_ERR_NO_MEM, tr("out of memory"));
		}
		x = &v[g.n++];
		memset(x, 0, sizeof(*x));
		vn_copy(x->sku, sizeof(x->sku), db_col_text(st, 0));
		vn_copy(x->name, sizeof(x->name), db_col_text(st, 1));
		vn_copy(x->unit, sizeof(x->unit), db_col_text(st, 2));
		vn_copy(x->lot_no, sizeof(x->lot_no), db_col_text(st, 3));
		vn_copy(x->expiry, sizeof(x->expiry), db_col_text(st, 4));
		x->qty_milli = sqlite3_column_int64(st, 5);
		x->unit_cost = sqlite3_column_int64(st, 6);
		x->amount = value_of(x->qty_milli, x->unit_cost);
		vn_copy(x->owner, sizeof(x->owner), db_col_text(st, 7));
		vn_copy(x->owner_name, sizeof(x->owner_name), db_col_text(st, 8));
		x->commission_bp = sqlite3_column_int(st, 9);
		g.total += x->amount;
		if (g.n == 1) {
			vn_copy(g.received_on, sizeof(g.received_on), db_col_text(st, 10));
			vn_copy(g.at, sizeof(g.at), db_col_text(st, 11));
			vn_copy(g.user, sizeof(g.user), db_col_text(st, 12));
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return db_fail(db, err, "reading a goods receipt");
	}
	if (g.n == 0)
		return pos_fail(err, POS_ERR_NOT_FOUND, tr("no goods receipt %s"), grn);
	/* The lot's receipt date is the note's date (a receipt may be backdated). */
	r = db_prepare(db, "SELECT l.received_on FROM stock_move m JOIN lot l ON l.id = m.lot_id "
		       "WHERE m.doc = ?1 AND m.kind = 'receive' ORDER BY m.id LIMIT 1", &st, err);
	if (r) {
		free(v);
		return r;
	}
	sqlite3_bind_text(st, 1, grn, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		vn_copy(g.received_on, sizeof(g.received_on), db_col_text(st, 0));
	sqlite3_reset(st);
	vn_copy(g.grn, sizeof(g.grn), grn);
	g.lines = v;
	*out = g;
	return 0;
}

void stock_grn_release(struct stock_grn *g)
{
	if (!g)
		return;
	free(g->lines);
	g->lines = NULL;
	g->n = 0;
}

/* ---- adjustments ----------------------------------------------------- */

static const char *const reason_names[STOCK_REASON_COUNT] = {
	"damaged", "expired", "lost", "sample", "correction",
};

const char *stock_reason_name(enum stock_reason r)
{
	return (unsigned)r < STOCK_REASON_COUNT ? reason_names[r] : "?";
}

int stock_reason_parse(const char *s, enum stock_reason *out, struct pos_error *err)
{
	int i;

	for (i = 0; i < STOCK_REASON_COUNT; i++)
		if (s && strcmp(s, reason_names[i]) == 0) {
			*out = (enum stock_reason)i;
			return 0;
		}
	return pos_fail(err, POS_ERR_INVALID,
			tr("unknown reason \"%s\": say damaged, expired, lost, sample or correction"),
			s ? s : "");
}

/*
 * The lot an operation names: lot_no, or the product's only lot holding
 * something (positive or negative).  With none and allow_empty, the
 * newest lot.
 */
static int resolve_lot(struct db *db, const struct pinfo *p, const char *lot_no,
		       int allow_empty, struct lotrow *out, char *lot_out, size_t lot_n,
		       struct pos_error *err)
{
	char list[256] = "";
	size_t len = 0;
	sqlite3_stmt *st;
	int r, rc, count = 0;

	if (lot_no && lot_no[0]) {
		r = find_lot(db, p->id, lot_no, out, err);
		if (r == POS_ERR_NOT_FOUND)
			return pos_fail(err, r, tr("%s (%s) has no lot %s: see `ocop-pos stock lots "
						   "%s`"), p->name, p->sku, lot_no, p->sku);
		if (!r)
			vn_copy(lot_out, lot_n, lot_no);
		return r;
	}
	r = db_prepare(db, "SELECT lot_no FROM lot WHERE product_id = ?1 AND on_hand_milli <> 0 "
		       "ORDER BY expiry IS NULL, expiry, received_on, id", &st, err);
	if (r)
		return r;
	sqlite3_bind_int64(st, 1, p->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == 0)
			vn_copy(lot_out, lot_n, db_col_text(st, 0));
		if (len < sizeof(list))
			len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
						count ? ", " : "", db_col_text(st, 0));
		count++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err, "reading the lots");
	if (count > 1)
		return pos_fail(err, POS_ERR_INVALID,
				tr("%s (%s) has %d lots (%s): say which with --lot"),
				p->name, p->sku, count, list);
	if (count == 0) {
		if (!allow_empty)
			return pos_fail(err, POS_ERR_REFUSED, tr("%s (%s) has nothing on hand"),
					p->name, p->sku);
		r = db_prepare(db, "SELECT lot_no FROM lot WHERE product_id = ?1 "
			       "ORDER BY received_on DESC, id DESC LIMIT 1", &st, err);
		if (r)
			return r;
		sqlite3_bind_int64(st, 1, p->id);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			vn_copy(lot_out, lot_n, db_col_text(st, 0));
		sqlite3_reset(st);
		if (rc != SQLITE_ROW)
			return pos_fail(err, POS_ERR_REFUSED,
					tr("%s (%s) has never been received: use `ocop-pos stock "
					   "receive`"), p->name, p->sku);
	}
	return find_lot(db, p->id, lot_out, out, err);
}

struct adjust_args {
	const struct user *u;
	const struct pinfo *p;
	const char *lot_no, *text;
	int64_t delta_milli;
	enum stock_reason reason;
	char no[STOCK_DOC_MAX];
};

static int adjust_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct adjust_args *a = ctx;
	const struct pinfo *p = a->p;
	char lot[STOCK_LOT_NO_MAX], detail[400], q[QTY_FMT_MAX], h[QTY_FMT_MAX];
	struct lotrow lr;
	long long id = 0;
	int r;

	r = resolve_lot(db, p, a->lot_no, a->delta_milli > 0, &lr, lot, sizeof(lot), err);
	if (r)
		return r;
	if (a->delta_milli < 0 && -a->delta_milli > lr.on_hand) {
		fmt_qty(-a->delta_milli, q, sizeof(q));
		fmt_qty(lr.on_hand, h, sizeof(h));
		return pos_fail(err, POS_ERR_REFUSED,
				tr("lot %s of %s holds %s %s: %s cannot be removed"),
				lot, p->sku, h, p->unit, q);
	}
	if ((r = next_move_id(db, &id, err)))
		return r;
	snprintf(a->no, sizeof(a->no), "ADJ-%lld", id);
	r = insert_move(db, id, lr.id, p->id, a->delta_milli, "adjust",
			stock_reason_name(a->reason), a->no, 0, uid(a->u), NULL, err);
	if (r)
		return r;
	qty_format_c(a->delta_milli, q, sizeof(q));
	snprintf(detail, sizeof(detail), "%s lot %s %s %s%s%s", p->sku, lot, q,
		 stock_reason_name(a->reason), a->text[0] ? ": " : "", a->text);
	return audit_log(db, uid(a->u), 0, "stock_adjust", a->no, detail, err);
}

int stock_adjust(struct db *db, const struct user *u, long long product_id, const char *lot_no,
		 int64_t delta_milli, enum stock_reason reason, const char *note,
		 char doc[STOCK_DOC_MAX], struct pos_error *err)
{
	struct adjust_args a;
	char text[256];
	struct pinfo p;
	int r;

	if ((r = require(u, PERM_STOCK, err)))
		return r;
	if ((unsigned)reason >= STOCK_REASON_COUNT)
		return pos_fail(err, POS_ERR_INVALID, "bad adjustment reason");
	if (delta_milli == 0 || delta_milli > QTY_MAX_MILLI || delta_milli < -QTY_MAX_MILLI)
		return pos_fail(err, POS_ERR_INVALID,
				tr("the change must be a quantity such as -2 or +1, not zero"));
	if (delta_milli > 0 && reason != STOCK_REASON_CORRECTION)
		return pos_fail(err, POS_ERR_INVALID,
				tr("reason %s only removes stock: give a negative quantity (-2), "
				   "or use --reason correction to add"), stock_reason_name(reason));
	vn_copy(text, sizeof(text), note);
	if (field_plain(text, sizeof(text), "note", err))
		return POS_ERR_INVALID;
	if ((r = product_info(db, product_id, &p, err)))
		return r;
	if (p.is_service || p.is_bundle)
		return pos_fail(err, POS_ERR_REFUSED, tr("%s (%s) holds no stock of its own"),
				p.name, p.sku);
	memset(&a, 0, sizeof(a));
	a.u = u;
	a.p = &p;
	a.lot_no = lot_no;
	a.text = text;
	a.delta_milli = delta_milli;
	a.reason = reason;
	if ((r = db_tx(db, DB_TX_WRITE, adjust_in_tx, &a, err)))
		return r;
	if (doc)
		vn_copy(doc, STOCK_DOC_MAX, a.no);
	return 0;
}

/* ---- returns to the producer ----------------------------------------- */

struct rtp_args {
	const struct user *u;
	const struct producer *pr;
	long long producer_id, product_id;
	const char *lot_no;
	int64_t qty_milli;
	long long *pids;             /* freed by the caller */
	struct allocs a;             /* freed by the caller unless handed out */
	char no[STOCK_DOC_MAX];
};

static int rtp_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct rtp_args *args = ctx;
	const struct user *u = args->u;
	const struct producer *pr = args->pr;
	long long producer_id = args->producer_id, product_id = args->product_id;
	const char *lot_no = args->lot_no;
	int64_t qty_milli = args->qty_milli;
	struct take_opts o = { STOCK_OVERSELL_REFUSE, producer_id, 0, 1 };
	struct stock_doc d;
	char *no = args->no, detail[256], q[QTY_FMT_MAX];
	long long id = 0;
	size_t np = 0, i;
	int64_t total = 0;
	sqlite3_stmt *st;
	int r, rc;

	if (product_id) {
		struct pinfo p;
		struct lotrow lr;
		char lot[STOCK_LOT_NO_MAX];

		if ((r = product_info(db, product_id, &p, err)))
			return r;
		if (lot_no && lot_no[0]) {
			if ((r = resolve_lot(db, &p, lot_no, 0, &lr, lot, sizeof(lot), err)))
				return r;
			if (lr.owner != producer_id)
				return pos_fail(err, POS_ERR_REFUSED,
						tr("lot %s of %s is not consigned by %s: only consigned "
						   "goods go back to their producer"), lot, p.sku, pr->code);
			o.lot_id = lr.id;
		}
		args->pids = malloc(sizeof(*args->pids));
		if (!args->pids)
			return pos_fail(err, POS_ERR_NO_MEM, tr("out of memory"));
		args->pids[np++] = product_id;
	} else {
		size_t cap = 0;

		if (qty_milli)
			return pos_fail(err, POS_ERR_INVALID,
					tr("a quantity needs a product: name one, or return everything"));
		r = db_prepare(db, "SELECT DISTINCT product_id FROM lot WHERE owner_producer_id = ?1 "
			       "AND on_hand_milli > 0 ORDER BY product_id", &st, err);
		if (r)
			return r;
		sqlite3_bind_int64(st, 1, producer_id);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (POS_GROW(args->pids, cap, np + 1)) {
				sqlite3_reset(st);
				return pos_fail(err, POS_ERR_NO_MEM, tr("out of memory"));
			}
			args->pids[np++] = sqlite3_column_int64(st, 0);
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return db_fail(db, err, "reading the lots");
		if (np == 0)
			return pos_fail(err, POS_ERR_REFUSED,
					tr("nothing consigned by %s is on hand"), pr->code);
	}
	if ((r = next_move_id(db, &id, err)))
		return r;
	snprintf(no, STOCK_DOC_MAX, "RTN-%lld", id);
	memset(&d, 0, sizeof(d));
	d.kind = "return_to_producer";
	d.doc = no;
	d.reason = pr->code;
	d.user_id = uid(u);
	for (i = 0; i < np; i++) {
		int64_t want = qty_milli;

		if (want == 0) {
			/* everything of this producer's lots (the lot's, if one is named) */
			r = db_prepare(db, "SELECT coalesce(sum(on_hand_milli), 0) FROM lot "
				       "WHERE product_id = ?1 AND owner_producer_id = ?2 "
				       "AND on_hand_milli > 0 AND (?3 = 0 OR id = ?3)", &st, err);
			if (r)
				return r;
			sqlite3_bind_int64(st, 1, args->pids[i]);
			sqlite3_bind_int64(st, 2, producer_id);
			sqlite3_bind_int64(st, 3, o.lot_id);
			rc = sqlite3_step(st);
			want = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
			sqlite3_reset(st);
			if (want <= 0)
				return pos_fail(err, POS_ERR_REFUSED,
						tr("nothing consigned by %s is on hand"), pr->code);
		}
		total += want;
		if ((r = take(db, args->pids[i], want, &d, &o, &args->a, err)))
			return r;
	}
	qty_format_c(total, q, sizeof(q));
	snprintf(detail, sizeof(detail), "%s: %zu lot(s), %s", pr->code, args->a.n, q);
	if ((r = audit_log(db, uid(u), 0, "stock_return", no, detail, err)))
		return r;
	return 0;
}

int stock_return_to_producer(struct db *db, const struct user *u, long long producer_id,
			     long long product_id, const char *lot_no, int64_t qty_milli,
			     struct stock_alloc **out, size_t *n, char doc[STOCK_DOC_MAX],
			     struct pos_error *err)
{
	struct rtp_args a;
	struct producer pr;
	int r;

	if ((r = require(u, PERM_STOCK, err)))
		return r;
	if (qty_milli < 0)
		return pos_fail(err, POS_ERR_INVALID, tr("the quantity must be more than zero"));
	if ((r = producer_get_id(db, producer_id, &pr, err)))
		return r;
	memset(&a, 0, sizeof(a));
	a.u = u;
	a.pr = &pr;
	a.producer_id = producer_id;
	a.product_id = product_id;
	a.lot_no = lot_no;
	a.qty_milli = qty_milli;
	r = db_tx(db, DB_TX_WRITE, rtp_in_tx, &a, err);
	if (r == 0) {
		if (doc)
			vn_copy(doc, STOCK_DOC_MAX, a.no);
		*out = a.a.v;
		*n = a.a.n;
		a.a.v = NULL;
	}
	free(a.pids);
	free(a.a.v);
	return r;
}

/* ---- reorder levels and bundles -------------------------------------- */

struct reorder_args {
	const struct user *u;
	const struct pinfo *p;
	int64_t qty_milli;
};

static int reorder_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct reorder_args *a = ctx;
	char detail[128], q[QTY_FMT_MAX];
	sqlite3_stmt *st;
	int r;

	r = db_prepare(db, "UPDATE product SET reorder_milli = ?2 WHERE id = ?1", &st, err);
	if (r)
		return r;
	sqlite3_bind_int64(st, 1, a->p->id);
	sqlite3_bind_int64(st, 2, a->qty_milli);
	if ((r = step_done(db, st, "saving the reorder level", err)))
		return r;
	qty_format_c(a->qty_milli, q, sizeof(q));
	snprintf(detail, sizeof(detail), "%s reorder level %s", a->p->sku, q);
	return audit_log(db, uid(a->u), 0, "stock_reorder", a->p->sku, detail, err);
}

int stock_set_reorder(struct db *db, const struct user *u, long long product_id,
		      int64_t qty_milli, struct pos_error *err)
{
	struct reorder_args a;
	struct pinfo p;
	int r;

	if ((r = require(u, PERM_STOCK, err)))
		return r;
	if (qty_milli < 0 || qty_milli > QTY_MAX_MILLI)
		return pos_fail(err, POS_ERR_INVALID, tr("the reorder level must be zero or more"));
	if ((r = product_info(db, product_id, &p, err)))
		return r;
	if (p.is_service)
		return pos_fail(err, POS_ERR_REFUSED,
				tr("%s (%s) is a service: it has no stock"), p.name, p.sku);
	a.u = u;
	a.p = &p;
	a.qty_milli = qty_milli;
	return db_tx(db, DB_TX_WRITE, reorder_in_tx, &a, err);
}

struct bundle_args {
	const struct user *u;
	const struct pinfo *b;
	long long bundle_id;
	const struct stock_bundle_item *items;
	size_t n;
};

static int bundle_set_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct bundle_args *a = ctx;
	const struct pinfo *b = a->b;
	sqlite3_stmt *st;
	struct pinfo c;
	size_t i, j;
	int r, rc;

	r = db_prepare(db, "SELECT (SELECT count(*) FROM lot WHERE product_id = ?1), "
		       "(SELECT p.sku FROM bundle_item i JOIN product p ON p.id = i.bundle_id "
		       "WHERE i.component_id = ?1 LIMIT 1)", &st, err);
	if (r)
		return r;
	sqlite3_bind_int64(st, 1, a->bundle_id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_fail(db, err, "reading a bundle");
	}
	if (a->n && sqlite3_column_int64(st, 0) > 0) {
		sqlite3_reset(st);
		return pos_fail(err, POS_ERR_REFUSED,
				tr("%s (%s) has lots of its own: a bundle takes its stock from its "
				   "components"), b->name, b->sku);
	}
	if (a->n && sqlite3_column_type(st, 1) != SQLITE_NULL) {
		char parent[STOCK_CODE_MAX];

		vn_copy(parent, sizeof(parent), db_col_text(st, 1));
		sqlite3_reset(st);
		return pos_fail(err, POS_ERR_REFUSED,
				tr("%s (%s) is a component of bundle %s: bundles cannot be nested"),
				b->name, b->sku, parent);
	}
	sqlite3_reset(st);
	r = db_prepare(db, "DELETE FROM bundle_item WHERE bundle_id = ?1", &st, err);
	if (r)
		return r;
	sqlite3_bind_int64(st, 1, a->bundle_id);
	if ((r = step_done(db, st, "saving a bundle", err)))
		return r;
	for (i = 0; i < a->n; i++) {
		if (a->items[i].component_id == a->bundle_id)
			return pos_fail(err, POS_ERR_INVALID, tr("a bundle cannot contain itself"));
		for (j = 0; j < i; j++)
			if (a->items[j].component_id == a->items[i].component_id)
				return pos_fail(err, POS_ERR_INVALID,
						tr("a component is listed twice"));
		if (a->items[i].qty_milli <= 0 || a->items[i].qty_milli > QTY_MAX_MILLI)
			return pos_fail(err, POS_ERR_INVALID,
					tr("the quantity must be more than zero"));
		if ((r = product_info(db, a->items[i].component_id, &c, err)))
			return r;
		if (c.is_service || c.is_bundle)
			return pos_fail(err, POS_ERR_REFUSED,
					tr("%s (%s) cannot be a component: it is a %s"), c.name, c.sku,
					c.is_service ? tr("service") : tr("bundle"));
		r = db_prepare(db, "INSERT INTO bundle_item (bundle_id, component_id, qty_milli) "
			       "VALUES (?1, ?2, ?3)", &st, err);
		if (r)
			return r;
		sqlite3_bind_int64(st, 1, a->bundle_id);
		sqlite3_bind_int64(st, 2, a->items[i].component_id);
		sqlite3_bind_int64(st, 3, a->items[i].qty_milli);
		if ((r = step_done(db, st, "saving a bundle", err)))
			return r;
	}
	if ((r = audit_log(db, uid(a->u), 0, "stock_bundle", b->sku,
			   a->n ? "components set" : "no longer a bundle", err)))
		return r;
	return 0;
}

int stock_bundle_set(struct db *db, const struct user *u, long long bundle_id,
		     const struct stock_bundle_item *items, size_t n, struct pos_error *err)
{
	struct bundle_args a = { u, NULL, bundle_id, items, n };
	struct pinfo b;
	int r;

	if ((r = require(u, PERM_CATALOG, err)))
		return r;
	if (n > BUNDLE_MAX_ITEMS)
		return pos_fail(err, POS_ERR_INVALID, tr("a bundle has at most %d components"),
				BUNDLE_MAX_ITEMS);
	if ((r = product_info(db, bundle_id, &b, err)))
		return r;
	if (b.is_service)
		return pos_fail(err, POS_ERR_REFUSED, tr("%s (%s) is a service"), b.name, b.sku);
	a.b = &b;
	return db_tx(db, DB_TX_WRITE, bundle_set_in_tx, &a, err);
}

int stock_bundle_get(struct db *db, long long bundle_id, struct stock_bundle_item **out,
		     size_t *n, struct pos_error *err)
{
	struct stock_bundle_item items[BUNDLE_MAX_ITEMS], *v = NULL;
	size_t k;
	int r = bundle_items(db, bundle_id, items, &k, err);

	if (r)
		return r;
	if (k) {
		v = malloc(k * sizeof(*v));
		if (!v)
			return pos_fail(err, POS_ERR_NO_MEM, tr("out of memory"));
		memcpy(v, items, k * sizeof(*v));
	}
	*out = v;
	*n = k;
	return 0;
}

/* ---- filters --------------------------------------------------------- */

int stock_filter_check(struct db *db, struct stock_filter *f, struct pos_error *err)
{
	const struct province *prov;
	struct producer pr;
	int r;

	if (f->province[0]) {
		if (province_resolve(f->province, &prov, NULL, err))
			return POS_ERR_INVALID;
		vn_copy(f->province, sizeof(f->province), prov->code);
	}
	if (f->producer[0] && (r = producer_get(db, f->producer, &pr, err)))
		return r;
	if (f->group && (f->group < 1 || f->group > 6))
		return pos_fail(err, POS_ERR_INVALID, tr("group: must be 1 to 6, got %d"), f->group);
	if (f->stars && (f->stars < 3 || f->stars > 5))
		return pos_fail(err, POS_ERR_INVALID, tr("stars: must be 3, 4 or 5, got %d"),
				f->stars);
	if (f->owner[0] && strcmp(f->owner, "shop") && strcmp(f->owner, "consigned") &&
	    (r = producer_get(db, f->owner, &pr, err)))
		return r;
	return 0;
}

/*
 * The filter as SQL over `p` (product), `pr` (its maker), `l` (a lot) and
 * `o` (the lot's owner).  PFILTER is the product part, OFILTER the owner.
 */
#define PFILTER "(?1 = '' OR p.origin_province = ?1) AND (?2 = '' OR pr.code = ?2) " \
	"AND (?3 = 0 OR p.ocop_group = ?3) AND (?4 = 0 OR p.stars = ?4)"
#define OFILTER "(?5 = '' OR (?5 = 'shop' AND l.owner_producer_id IS NULL) " \
	"OR (?5 = 'consigned' AND l.owner_producer_id IS NOT NULL) OR o.code = ?5)"

static void bind_filter(sqlite3_stmt *st, const struct stock_filter *f)
{
	static const struct stock_filter none;

	if (!f)
		f = &none;
	sqlite3_bind_text(st, 1, f->province, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, f->producer, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, f->group);
	sqlite3_bind_int(st, 4, f->stars);
	sqlite3_bind_text(st, 5, f->owner, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, f->all);
}

/* ---- lists ----------------------------------------------------------- */

int stock_list(struct db *db, const struct stock_filter *f,
	       int (*cb)(void *ctx, const struct stock_product_row *r), void *ctx,
	       struct pos_error *err)
{
	struct stock_product_row row;
	sqlite3_stmt *st;
	int r = db_prepare(db,
		"SELECT p.id, p.sku, p.name, p.unit, pr.code, p.origin_province, p.ocop_group, "
		"p.stars, p.reorder_milli, coalesce(a.qty, 0), coalesce(a.cons, 0), "
		"coalesce(a.val, 0), coalesce(a.nlots, 0) "
		"FROM product p JOIN producer pr ON pr.id = p.producer_id "
		"LEFT JOIN (SELECT l.product_id, sum(l.on_hand_milli) qty, "
		"  sum(CASE WHEN l.owner_producer_id IS NULL THEN 0 ELSE l.on_hand_milli END) cons, "
		"  sum((l.on_hand_milli * l.unit_cost + CASE WHEN l.on_hand_milli < 0 THEN -500 "
		"  ELSE 500 END) / 1000) val, sum(l.on_hand_milli <> 0) nlots "
		"  FROM lot l LEFT JOIN producer o ON o.id = l.owner_producer_id "
		"  WHERE " OFILTER " GROUP BY l.product_id) a ON a.product_id = p.id "
		"WHERE " PFILTER " AND p.is_service = 0 "
		"AND NOT EXISTS (SELECT 1 FROM bundle_item b WHERE b.bundle_id = p.id) "
		"AND (a.product_id IS NOT NULL OR (?5 = '' AND (?6 = 1 OR p.reorder_milli > 0))) "
		"ORDER BY p.sku", &st, err), rc;

	if (r)
		return r;
	bind_filter(st, f);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row.product_id = sqlite3_column_int64(st, 0);
		row.sku = db_col_text(st, 1);
		row.name = db_col_text(st, 2);
		row.unit = db_col_text(st, 3);
		row.producer = db_col_text(st, 4);
		row.origin_province = db_col_text(st, 5);
		row.group = sqlite3_column_int(st, 6);
		row.stars = sqlite3_column_int(st, 7);
		row.reorder_milli = sqlite3_column_int64(st, 8);
		row.on_hand_milli = sqlite3_column_int64(st, 9);
		row.consigned_milli = sqlite3_column_int64(st, 10);
		row.value = sqlite3_column_int64(st, 11);
		row.nlots = sqlite3_column_int(st, 12);
		/* owner-filtered: products whose selected lots are all empty go */
		if (f && f->owner[0] && !f->all && row.nlots == 0)
			continue;
		if ((r = cb(ctx, &row))) {
			sqlite3_reset(st);
			return r;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, err, "listing the stock");
}

static int days_between(const char *from, const char *to, int *out)
{
	int64_t a, b;

	if (clock_date_parse(from, &a, NULL) || clock_date_parse(to, &b, NULL))
		return -1;
	*out = (int)(b - a);
	return 0;
}

int stock_lots(struct db *db, const struct stock_filter *f, long long product_id,
	       int (*cb)(void *ctx, const struct stock_lot_row *r), void *ctx,
	       struct pos_error *err)
{
	char day[CLOCK_DATE_LEN];
	struct stock_lot_row row;
	sqlite3_stmt *st;
	int r = db_prepare(db,
		"SELECT l.id, l.product_id, p.sku, p.name, p.unit, l.lot_no, coalesce(l.expiry, ''), "
		"l.received_on, coalesce(o.code, ''), l.commission_bp, l.unit_cost, l.on_hand_milli "
		"FROM lot l JOIN product p ON p.id = l.product_id "
		"JOIN producer pr ON pr.id = p.producer_id "
		"LEFT JOIN producer o ON o.id = l.owner_producer_id "
		"WHERE " PFILTER " AND " OFILTER " AND (?6 = 1 OR l.on_hand_milli <> 0) "
		"AND (?7 = 0 OR l.product_id = ?7) "
		"ORDER BY p.sku, l.expiry IS NULL, l.expiry, l.received_on, l.id", &st, err), rc;

	if (r)
		return r;
	today(day);
	bind_filter(st, f);
	sqlite3_bind_int64(st, 7, product_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&row, 0, sizeof(row));
		row.lot_id = sqlite3_column_int64(st, 0);
		row.product_id = sqlite3_column_int64(st, 1);
		row.sku = db_col_text(st, 2);
		row.name = db_col_text(st, 3);
		row.unit = db_col_text(st, 4);
		row.lot_no = db_col_text(st, 5);
		row.expiry = db_col_text(st, 6);
		row.received_on = db_col_text(st, 7);
		row.owner = db_col_text(st, 8);
		row.commission_bp = sqlite3_column_int(st, 9);
		row.unit_cost = sqlite3_column_int64(st, 10);
		row.on_hand_milli = sqlite3_column_int64(st, 11);
		row.value = value_of(row.on_hand_milli, row.unit_cost);
		row.has_expiry = row.expiry[0] && days_between(day, row.expiry, &row.days_left) == 0;
		if ((r = cb(ctx, &row))) {
			sqlite3_reset(st);
			return r;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, err, "listing the lots");
}

/* ---- alerts ---------------------------------------------------------- */

const char *stock_alert_kind_name(enum stock_alert_kind k)
{
	switch (k) {
	case STOCK_ALERT_LOW: return "low";
	case STOCK_ALERT_EXPIRING: return "expiring";
	case STOCK_ALERT_EXPIRED: return "expired";
	case STOCK_ALERT_CERT: return "certificate";
	case STOCK_ALERT_NEGATIVE: return "negative";
	case STOCK_ALERT_CACHE: return "inconsistent";
	}
	return "?";
}

/*
 * One query per kind; each returns (sku, name, unit, lot_no, date, qty,
 * level) and binds the filter as ?1..?6, then ?7 = today and ?8 = the
 * horizon date.
 */
static const struct {
	enum stock_alert_kind kind;
	const char *sql;
} alert_sql[] = {
	{ STOCK_ALERT_LOW,
	  "SELECT p.sku, p.name, p.unit, '', '', coalesce(b.on_hand_milli, 0), p.reorder_milli "
	  "FROM product p CROSS JOIN producer pr ON pr.id = p.producer_id "
	  "LEFT JOIN stock_balance b ON b.product_id = p.id "
	  "WHERE " PFILTER " AND ?5 = ?5 AND ?6 = ?6 AND p.reorder_milli > 0 AND p.is_service = 0 "
	  "AND coalesce(b.on_hand_milli, 0) < p.reorder_milli ORDER BY p.sku" },
	{ STOCK_ALERT_EXPIRING,
	  "SELECT p.sku, p.name, p.unit, l.lot_no, l.expiry, l.on_hand_milli, 0 "
	  "FROM lot l CROSS JOIN product p ON p.id = l.product_id "
	  "CROSS JOIN producer pr ON pr.id = p.producer_id "
	  "LEFT JOIN producer o ON o.id = l.owner_producer_id "
	  "WHERE " PFILTER " AND " OFILTER " AND ?6 = ?6 AND l.on_hand_milli > 0 "
	  "AND l.expiry >= ?7 AND l.expiry <= ?8 ORDER BY l.expiry, p.sku" },
	{ STOCK_ALERT_EXPIRED,
	  "SELECT p.sku, p.name, p.unit, l.lot_no, l.expiry, l.on_hand_milli, 0 "
	  "FROM lot l CROSS JOIN product p ON p.id = l.product_id "
	  "CROSS JOIN producer pr ON pr.id = p.producer_id "
	  "LEFT JOIN producer o ON o.id = l.owner_producer_id "
	  "WHERE " PFILTER " AND " OFILTER " AND ?6 = ?6 AND ?8 = ?8 AND l.on_hand_milli > 0 "
	  "AND l.expiry < ?7 ORDER BY l.expiry, p.sku" },
	{ STOCK_ALERT_CERT,
	  "SELECT p.sku, p.name, p.unit, '', p.cert_expires, b.on_hand_milli, 0 "
	  "FROM stock_balance b CROSS JOIN product p ON p.id = b.product_id "
	  "CROSS JOIN producer pr ON pr.id = p.producer_id "
	  "WHERE " PFILTER " AND ?5 = ?5 AND ?6 = ?6 AND ?7 = ?7 AND b.on_hand_milli > 0 "
	  "AND p.cert_expires IS NOT NULL AND p.cert_expires <= ?8 ORDER BY p.cert_expires, p.sku" },
	{ STOCK_ALERT_NEGATIVE,
	  "SELECT sku, name, unit, lot_no, '', qty, 0 FROM ("
	  "SELECT p.sku, p.name, p.unit, '' lot_no, b.on_hand_milli qty, 0 k "
	  "FROM stock_balance b CROSS JOIN product p ON p.id = b.product_id "
	  "CROSS JOIN producer pr ON pr.id = p.producer_id "
	  "WHERE " PFILTER " AND b.on_hand_milli < 0 "
	  "UNION ALL SELECT p.sku, p.name, p.unit, l.lot_no, l.on_hand_milli, 1 "
	  "FROM lot l CROSS JOIN product p ON p.id = l.product_id "
	  "CROSS JOIN producer pr ON pr.id = p.producer_id "
	  "LEFT JOIN producer o ON o.id = l.owner_producer_id "
	  "WHERE " PFILTER " AND " OFILTER " AND l.on_hand_milli < 0) "
	  "WHERE ?6 = ?6 AND ?7 = ?7 AND ?8 = ?8 ORDER BY sku, k, lot_no" },
	{ STOCK_ALERT_CACHE,
	  /* a lot's cache against its ledger rows (index-only sums), a
	   * product's against its lots: together, every cache against the ledger */
	  "SELECT p.sku, p.name, p.unit, x.lot_no, '', x.c, x.s FROM ("
	  "  SELECT l.product_id, l.lot_no, l.on_hand_milli c, coalesce((SELECT sum(m.qty_milli) "
	  "  FROM stock_move m WHERE m.lot_id = l.id), 0) s FROM lot l "
	  "  WHERE l.on_hand_milli <> coalesce((SELECT sum(m.qty_milli) FROM stock_move m "
	  "  WHERE m.lot_id = l.id), 0) "
	  "  UNION ALL SELECT b.product_id, '', b.on_hand_milli, coalesce((SELECT "
	  "  sum(l.on_hand_milli) FROM lot l WHERE l.product_id = b.product_id), 0) "
	  "  FROM stock_balance b WHERE b.on_hand_milli <> coalesce((SELECT sum(l.on_hand_milli) "
	  "  FROM lot l WHERE l.product_id = b.product_id), 0) "
	  "  UNION ALL SELECT l.product_id, '', 0, sum(l.on_hand_milli) FROM lot l "
	  "  WHERE NOT EXISTS (SELECT 1 FROM stock_balance b WHERE b.product_id = l.product_id) "
	  "  GROUP BY l.product_id HAVING sum(l.on_hand_milli) <> 0) x "
	  "JOIN product p ON p.id = x.product_id JOIN producer pr ON pr.id = p.producer_id "
	  "WHERE " PFILTER " AND ?5 = ?5 AND ?6 = ?6 AND ?7 = ?7 AND ?8 = ?8 "
	  "ORDER BY p.sku, x.lot_no" },
};

int stock_alerts(struct db *db, const struct stock_filter *f, int days, int cert_days,
		 int (*cb)(void *ctx, const struct stock_alert *a), void *ctx,
		 struct pos_error *err)
{
	char day[CLOCK_DATE_LEN], horizon[CLOCK_DATE_LEN], chorizon[CLOCK_DATE_LEN];
	struct stock_alert a;
	sqlite3_stmt *st;
	size_t i;
	int r, rc;

	if (days < 0 || cert_days < 0 || days > 36500 || cert_days > 36500)
		return pos_fail(err, POS_ERR_INVALID, tr("days: must be 0 to 36500"));
	today(day);
	if (clock_date_add_days(day, days, horizon, err) ||
	    clock_date_add_days(day, cert_days, chorizon, err))
		return POS_ERR_INVALID;
	for (i = 0; i < sizeof(alert_sql) / sizeof(alert_sql[0]); i++) {
		if ((r = db_prepare(db, alert_sql[i].sql, &st, err)))
			return r;
		bind_filter(st, f);
		sqlite3_bind_text(st, 7, day, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, alert_sql[i].kind == STOCK_ALERT_CERT ? chorizon : horizon,
				  -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			memset(&a, 0, sizeof(a));
			a.kind = alert_sql[i].kind;
			a.sku = db_col_text(st, 0);
			a.name = db_col_text(st, 1);
			a.unit = db_col_text(st, 2);
			a.lot_no = db_col_text(st, 3);
			a.date = db_col_text(st, 4);
			a.qty_milli = sqlite3_column_int64(st, 5);
			a.level_milli = sqlite3_column_int64(st, 6);
			if (a.date[0])
				days_between(day, a.date, &a.days);
			if ((r = cb(ctx, &a))) {
				sqlite3_reset(st);
				return r;
			}
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return db_fail(db, err, "looking for stock alerts");
	}
	return 0;
}

/* ---- counts ---------------------------------------------------------- */

/* The filter of a count as its scope text: "all" or JSON. */
static int scope_text(const struct stock_filter *f, char *out, size_t n, struct pos_error *err)
{
	cJSON *o;
	char *s;

	if (!f || (!f->province[0] && !f->producer[0] && !f->group && !f->stars && !f->owner[0])) {
		vn_copy(out, n, "all");
		return 0;
	}
	o = cJSON_CreateObject();
	if (!o)
		return pos_fail(err, POS_ERR_NO_MEM, tr("out of memory"));
	if ((f->province[0] && !cJSON_AddStringToObject(o, "province", f->province)) ||
	    (f->producer[0] && !cJSON_AddStringToObject(o, "producer", f->producer)) ||
	    (f->group && !cJSON_AddNumberToObject(o, "group", f->group)) ||
	    (f->stars && !cJSON_AddNumberToObject(o, "stars", f->stars)) ||
	    (f->owner[0] && !cJSON_AddStringToObject(o, "owner", f->owner)) ||
	    !(s = cJSON_PrintUnformatted(o))) {
		cJSON_Delete(o);
		return pos_fail(err, POS_ERR_NO_MEM, tr("out of memory"));
	}
	cJSON_Delete(o);
	if (strlen(s) >= n) {
		cJSON_free(s);
		return pos_fail(err, POS_ERR_INVALID, "count scope too long");
	}
	vn_copy(out, n, s);
	cJSON_free(s);
	return 0;
}

static void scope_filter(const char *text, struct stock_filter *f)
{
	const cJSON *it;
	cJSON *o;

	memset(f, 0, sizeof(*f));
	if (!text || strcmp(text, "all") == 0 || !(o = cJSON_Parse(text)))
		return;
	if ((it = cJSON_GetObjectItemCaseSensitive(o, "province")) && cJSON_IsString(it))
		vn_copy(f->province, sizeof(f->province), it->valuestring);
	if ((it = cJSON_GetObjectItemCaseSensitive(o, "producer")) && cJSON_IsString(it))
		vn_copy(f->producer, sizeof(f->producer), it->valuestring);
	if ((it = cJSON_GetObjectItemCaseSensitive(o, "group")) && cJSON_IsNumber(it))
		f->group = it->valueint;
	if ((it = cJSON_GetObjectItemCaseSensitive(o, "stars")) && cJSON_IsNumber(it))
		f->stars = it->valueint;
	if ((it = cJSON_GetObjectItemCaseSensitive(o, "owner")) && cJSON_IsString(it))
		vn_copy(f->owner, sizeof(f->owner), it->valuestring);
	cJSON_Delete(o);
}

/* The count's status and filter; POS_ERR_REFUSED unless open when open_only. */
static int count_load(struct db *db, long long id, int open_only, struct stock_filter *f,
		      struct pos_error *err)
{
	sqlite3_stmt *st;
	char status[16];
	int r = db_prepare(db, "SELECT status, scope FROM stock_count WHERE id = ?1", &st, err), rc;

	if (r)
		return r;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return db_fail(db, err, "reading a count");
		return pos_fail(err, POS_ERR_NOT_FOUND, tr("there is no count %lld"), id);
	}
	vn_copy(status, sizeof(status), db_col_text(st, 0));
	scope_filter(db_col_text(st, 1), f);
	sqlite3_reset(st);
	if (open_only && strcmp(status, "open") != 0)
		return pos_fail(err, POS_ERR_REFUSED, tr("count %lld is %s, not open"), id,
				tr(status));
	return 0;
}

int stock_count_current(struct db *db, long long *count_id, struct pos_error *err)
{
	sqlite3_stmt *st;
	int r = db_prepare(db, "SELECT id FROM stock_count WHERE status = 'open' "
			   "ORDER BY id LIMIT 1", &st, err), rc;

	if (r)
		return r;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*count_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return db_fail(db, err, "reading the counts");
	return pos_fail(err, POS_ERR_NOT_FOUND,
			tr("no count is open: start one with `ocop-pos stock count start`"));
}

struct count_start_args {
	const struct user *u;
	const char *scope;
	long long id;
};

static int count_start_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct count_start_args *a = ctx;
	char ts[CLOCK_TS_LEN], doc[32];
	sqlite3_stmt *st;
	long long open;
	int r;

	r = stock_count_current(db, &open, err);
	if (r && r != POS_ERR_NOT_FOUND)
		return r;
	if (r == 0)
		return pos_fail(err, POS_ERR_EXISTS,
				tr("count %lld is still open: post or cancel it first"), open);
	clock_format_utc(clock_now(), ts);
	r = db_prepare(db, "INSERT INTO stock_count (scope, status, started_at, started_by) "
		       "VALUES (?1, 'open', ?2, ?3)", &st, err);
	if (r)
		return r;
	sqlite3_bind_text(st, 1, a->scope, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, ts, -1, SQLITE_STATIC);
	bind_opt_id(st, 3, uid(a->u));
	if ((r = step_done(db, st, "starting a count", err)))
		return r;
	a->id = db_last_id(db);
	snprintf(doc, sizeof(doc), "COUNT-%lld", a->id);
	return audit_log(db, uid(a->u), 0, "stock_count_start", doc, a->scope, err);
}

int stock_count_start(struct db *db, const struct user *u, const struct stock_filter *f,
		      long long *count_id, struct pos_error *err)
{
	char scope[256];
	struct count_start_args a = { u, scope, 0 };
	int r;

	if ((r = require(u, PERM_STOCK, err)))
		return r;
	if ((r = scope_text(f, scope, sizeof(scope), err)))
		return r;
	if ((r = db_tx(db, DB_TX_WRITE, count_start_in_tx, &a, err)))
		return r;
	*count_id = a.id;
	return 0;
}

/* 1 when product p is in the scope f. */
static int in_scope(struct db *db, long long product_id, const struct stock_filter *f,
		    int *yes, struct pos_error *err)
{
	sqlite3_stmt *st;
	int r = db_prepare(db, "SELECT 1 FROM product p JOIN producer pr ON pr.id = p.producer_id "
			   "WHERE p.id = ?7 AND " PFILTER " AND ?5 = ?5 AND ?6 = ?6", &st, err), rc;

	if (r)
		return r;
	bind_filter(st, f);
	sqlite3_bind_int64(st, 7, product_id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, err, "reading a product");
	*yes = rc == SQLITE_ROW;
	return 0;
}

/* A lot with what a count knows of it. */
struct clot {
	long long lot_id;
	int64_t on_hand;
	int has_line;
	int64_t counted, expected;
};

static int count_lots(struct db *db, long long count_id, long long product_id,
		      const struct stock_filter *f, long long lot_id, struct clot **out,
		      size_t *n, struct pos_error *err)
{
	sqlite3_stmt *st;
	struct clot *v = NULL;
	size_t k = 0, cap = 0;
	int r = db_prepare(db,
		"SELECT l.id, l.on_hand_milli, cl.lot_id IS NOT NULL, coalesce(cl.counted_milli, 0), "
		"coalesce(cl.expected_milli, 0) FROM lot l "
		"LEFT JOIN producer o ON o.id = l.owner_producer_id "
		"LEFT JOIN stock_count_line cl ON cl.count_id = ?7 AND cl.lot_id = l.id "
		"WHERE l.product_id = ?8 AND " OFILTER " AND ?1 = ?1 AND ?2 = ?2 AND ?3 = ?3 "
		"AND ?4 = ?4 AND ?6 = ?6 AND (?9 = 0 OR l.id = ?9) "
		"AND (?9 <> 0 OR l.on_hand_milli <> 0 OR cl.lot_id IS NOT NULL) "
		"ORDER BY l.expiry IS NULL DESC, l.expiry DESC, l.received_on DESC, l.id DESC",
		&st, err), rc;

	if (r)
		return r;
	bind_filter(st, f);
	sqlite3_bind_int64(st, 7, count_id);
	sqlite3_bind_int64(st, 8, product_id);
	sqlite3_bind_int64(st, 9, lot_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (POS_GROW(v, cap, k + 1)) {
			sqlite3_reset(st);
			free(v);
			return pos_fail(err, POS_ERR_NO_MEM, tr("out of memory"));
		}
		v[k].lot_id = sqlite3_column_int64(st, 0);
		v[k].on_hand = sqlite3_column_int64(st, 1);
		v[k].has_line = sqlite3_column_int(st, 2);
		v[k].counted = sqlite3_column_int64(st, 3);
		v[k].expected = sqlite3_column_int64(st, 4);
		k++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return db_fail(db, err, "reading the lots");
	}
	*out = v;
	*n = k;
	return 0;
}

static int put_line(struct db *db, long long count_id, long long lot_id, int64_t counted,
		    int64_t expected, struct pos_error *err)
{
	char ts[CLOCK_TS_LEN];
	sqlite3_stmt *st;
	int r = db_prepare(db, "INSERT INTO stock_count_line (count_id, lot_id, counted_milli, "
			   "expected_milli, entered_at) VALUES (?1, ?2, ?3, ?4, ?5) "
			   "ON CONFLICT (count_id, lot_id) DO UPDATE SET "
			   "counted_milli = excluded.counted_milli, "
			   "expected_milli = excluded.expected_milli, entered_at = excluded.entered_at",
			   &st, err);

	if (r)
		return r;
	clock_format_utc(clock_now(), ts);
	sqlite3_bind_int64(st, 1, count_id);
	sqlite3_bind_int64(st, 2, lot_id);
	sqlite3_bind_int64(st, 3, counted);
	sqlite3_bind_int64(st, 4, expected);
	sqlite3_bind_text(st, 5, ts, -1, SQLITE_STATIC);
	return step_done(db, st, "saving a count line", err);
}

struct count_enter_args {
	long long count_id, product_id;
	const struct pinfo *p;
	const char *lot_no;
	int64_t counted_milli;
	int add;
};

static int count_enter_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct count_enter_args *a = ctx;
	const struct pinfo *p = a->p;
	long long count_id = a->count_id, product_id = a->product_id;
	const char *lot_no = a->lot_no;
	struct stock_filter f;
	struct clot *lots = NULL;
	struct lotrow lr;
	size_t n = 0, i;
	int64_t total, left;
	int r, yes = 0;

	if ((r = count_load(db, count_id, 1, &f, err)))
		goto out;
	if ((r = in_scope(db, product_id, &f, &yes, err)))
		goto out;
	if (!yes) {
		r = pos_fail(err, POS_ERR_REFUSED, tr("%s (%s) is not in the scope of count %lld"),
			     p->name, p->sku, count_id);
		goto out;
	}
	lr.id = 0;
	if (lot_no && lot_no[0]) {
		r = find_lot(db, product_id, lot_no, &lr, err);
		if (r == POS_ERR_NOT_FOUND)
			r = pos_fail(err, r, tr("%s (%s) has no lot %s: see `ocop-pos stock lots "
						"%s`"), p->name, p->sku, lot_no, p->sku);
		if (r)
			goto out;
	}
	if ((r = count_lots(db, count_id, product_id, &f, lr.id, &lots, &n, err)))
		goto out;
	if (n == 0) {
		r = pos_fail(err, POS_ERR_REFUSED,
			     lr.id ? tr("lot %s of %s is outside the count's scope")
				   : tr("%s has no lot to count into: receive it first "
					"(`ocop-pos stock receive`)"),
			     lr.id ? lot_no : p->sku, p->sku);
		goto out;
	}
	total = a->counted_milli;
	for (i = 0; i < n; i++) {
		if (a->add && lots[i].has_line)
			total += lots[i].counted;
		else
			lots[i].expected = lots[i].on_hand;  /* snapshot now */
	}
	if (total > QTY_MAX_MILLI) {
		r = pos_fail(err, POS_ERR_INVALID, tr("a counted quantity must be zero or more"));
		goto out;
	}
	/* latest expiry first, each up to what it should hold; surplus to the first */
	left = total;
	for (i = 0; i < n; i++) {
		int64_t want = lots[i].expected > 0 ? lots[i].expected : 0;

		lots[i].counted = left < want ? left : want;
		left -= lots[i].counted;
	}
	lots[0].counted += left;
	for (i = 0; i < n; i++)
		if ((r = put_line(db, count_id, lots[i].lot_id, lots[i].counted, lots[i].expected,
				  err)))
			goto out;
out:
	free(lots);
	return r;
}

int stock_count_enter(struct db *db, const struct user *u, long long count_id,
		      long long product_id, const char *lot_no, int64_t counted_milli, int add,
		      struct pos_error *err)
{
	struct count_enter_args a;
	struct pinfo p;
	int r;

	if ((r = require(u, PERM_STOCK, err)))
		return r;
	if (counted_milli < 0 || counted_milli > QTY_MAX_MILLI || (add && counted_milli == 0))
		return pos_fail(err, POS_ERR_INVALID,
				tr("a counted quantity must be zero or more"));
	if ((r = product_info(db, product_id, &p, err)))
		return r;
	if (p.is_service || p.is_bundle)
		return pos_fail(err, POS_ERR_REFUSED,
				tr("%s (%s) holds no stock of its own: count its components"),
				p.name, p.sku);
	a.count_id = count_id;
	a.product_id = product_id;
	a.p = &p;
	a.lot_no = lot_no;
	a.counted_milli = counted_milli;
	a.add = add;
	return db_tx(db, DB_TX_WRITE, count_enter_in_tx, &a, err);
}

/* One row of stock_count_get's query (a db_row_fn; id is set by the caller). */
static void count_info_row(sqlite3_stmt *st, void *item)
{
	struct stock_count_info *c = item;

	vn_copy(c->scope, sizeof(c->scope), db_col_text(st, 0));
	vn_copy(c->status, sizeof(c->status), db_col_text(st, 1));
	vn_copy(c->started_at, sizeof(c->started_at), db_col_text(st, 2));
	vn_copy(c->closed_at, sizeof(c->closed_at), db_col_text(st, 3));
	vn_copy(c->started_by, sizeof(c->started_by), db_col_text(st, 4));
	vn_copy(c->closed_by, sizeof(c->closed_by), db_col_text(st, 5));
	c->lines = sqlite3_column_int64(st, 6);
}

int stock_count_get(struct db *db, long long count_id, struct stock_count_info *out,
		    struct pos_error *err)
{
	struct stock_count_info c;
	sqlite3_stmt *st;
	int r = db_prepare(db, "SELECT c.scope, c.status, c.started_at, coalesce(c.closed_at, ''), "
			   "coalesce(a.name, ''), coalesce(b.name, ''), "
			   "(SELECT count(*) FROM stock_count_line WHERE count_id = c.id) "
			   "FROM stock_count c LEFT JOIN user a ON a.id = c.started_by "
			   "LEFT JOIN user b ON b.id = c.closed_by WHERE c.id = ?1", &st, err);

	if (r)
		return r;
	sqlite3_bind_int64(st, 1, count_id);
	memset(&c, 0, sizeof(c));
	c.id = count_id;
	r = db_row(db, st, count_info_row, &c, "reading a count", err);
	if (r == POS_ERR_NOT_FOUND)
		return pos_fail(err, POS_ERR_NOT_FOUND, tr("there is no count %lld"), count_id);
	if (r)
		return r;
	*out = c;
	return 0;
}

/* Lots in scope holding stock that the count has no line for. */
#define MISSING_SQL \
	"SELECT l.id, p.sku, p.name, p.unit, l.lot_no, coalesce(l.expiry, ''), 0, " \
	"l.on_hand_milli, 0, l.on_hand_milli, l.unit_cost " \
	"FROM lot l JOIN product p ON p.id = l.product_id JOIN producer pr ON pr.id = p.producer_id " \
	"LEFT JOIN producer o ON o.id = l.owner_producer_id " \
	"WHERE " PFILTER " AND " OFILTER " AND ?6 = ?6 AND l.on_hand_milli <> 0 " \
	"AND NOT EXISTS (SELECT 1 FROM stock_count_line cl WHERE cl.count_id = ?7 " \
	"AND cl.lot_id = l.id) ORDER BY p.sku, l.expiry IS NULL, l.expiry, l.id"

static int count_rows(struct db *db, long long count_id, const struct stock_filter *f,
		      int missing, int (*cb)(void *ctx, const struct stock_count_row *r),
		      void *ctx, struct pos_error *err)
{
	struct stock_count_row row;
	sqlite3_stmt *st;
	int r, rc, pass;

	for (pass = 0; pass < 1 + !!missing; pass++) {
		r = db_prepare(db, pass == 0 ?
			"SELECT l.id, p.sku, p.name, p.unit, l.lot_no, coalesce(l.expiry, ''), 1, "
			"cl.expected_milli, cl.counted_milli, l.on_hand_milli, l.unit_cost "
			"FROM stock_count_line cl JOIN lot l ON l.id = cl.lot_id "
			"JOIN product p ON p.id = l.product_id WHERE cl.count_id = ?7 "
			"AND ?1 = ?1 AND ?2 = ?2 AND ?3 = ?3 AND ?4 = ?4 AND ?5 = ?5 AND ?6 = ?6 "
			"ORDER BY p.sku, l.expiry IS NULL, l.expiry, l.id" : MISSING_SQL, &st, err);
		if (r)
			return r;
		bind_filter(st, f);
		sqlite3_bind_int64(st, 7, count_id);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			row.lot_id = sqlite3_column_int64(st, 0);
			row.sku = db_col_text(st, 1);
			row.name = db_col_text(st, 2);
			row.unit = db_col_text(st, 3);
			row.lot_no = db_col_text(st, 4);
			row.expiry = db_col_text(st, 5);
			row.entered = sqlite3_column_int(st, 6);
			row.expected_milli = sqlite3_column_int64(st, 7);
			row.counted_milli = sqlite3_column_int64(st, 8);
			row.on_hand_milli = sqlite3_column_int64(st, 9);
			row.unit_cost = sqlite3_column_int64(st, 10);
			row.variance_milli = row.counted_milli - row.expected_milli;
			row.variance_value = value_of(row.variance_milli, row.unit_cost);
			if ((r = cb(ctx, &row))) {
				sqlite3_reset(st);
				return r;
			}
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return db_fail(db, err, "reading a count");
	}
	return 0;
}

int stock_count_lines(struct db *db, long long count_id, int missing,
		      int (*cb)(void *ctx, const struct stock_count_row *r), void *ctx,
		      struct pos_error *err)
{
	struct stock_filter f;
	int r = count_load(db, count_id, 0, &f, err);

	if (r)
		return r;
	return count_rows(db, count_id, &f, missing, cb, ctx, err);
}

/* What posting does with each row, collected before any move is written. */
struct post_row {
	long long lot_id, product_id;
	int entered;
	int64_t counted, expected, variance, cost;
};

struct post_list {
	struct post_row *v;
	size_t n, cap;
	int nomem;
};

static int collect_row(void *vctx, const struct stock_count_row *r)
{
	struct post_list *l = vctx;

	if (POS_GROW(l->v, l->cap, l->n + 1)) {
		l->nomem = 1;
		return POS_ERR_NO_MEM;
	}
	l->v[l->n].lot_id = r->lot_id;
	l->v[l->n].entered = r->entered;
	l->v[l->n].counted = r->counted_milli;
	l->v[l->n].expected = r->expected_milli;
	l->v[l->n].variance = r->variance_milli;
	l->v[l->n].cost = r->unit_cost;
	l->n++;
	return 0;
}

static int count_close(struct db *db, const struct user *u, long long count_id,
		       const char *status, struct pos_error *err)
{
	char ts[CLOCK_TS_LEN];
	sqlite3_stmt *st;
	int r = db_prepare(db, "UPDATE stock_count SET status = ?2, closed_at = ?3, closed_by = ?4 "
			   "WHERE id = ?1 AND status = 'open'", &st, err);

	if (r)
		return r;
	clock_format_utc(clock_now(), ts);
	sqlite3_bind_int64(st, 1, count_id);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, ts, -1, SQLITE_STATIC);
	bind_opt_id(st, 4, uid(u));
	return step_done(db, st, "closing a count", err);
}

struct count_post_args {
	const struct user *u;
	long long count_id;
	int zero_missing;
	struct post_list l;          /* freed by the caller */
	long long nadj;
	int64_t val;
};

static int count_post_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct count_post_args *a = ctx;
	struct post_list *l = &a->l;
	struct stock_filter f;
	char doc[32], detail[128];
	sqlite3_stmt *st;
	size_t i;
	int r;

	if ((r = count_load(db, a->count_id, 1, &f, err)))
		return r;
	r = count_rows(db, a->count_id, &f, a->zero_missing, collect_row, l, err);
	if (l->nomem)
		r = pos_fail(err, POS_ERR_NO_MEM, tr("out of memory"));
	if (r)
		return r;
	snprintf(doc, sizeof(doc), "COUNT-%lld", a->count_id);
	for (i = 0; i < l->n; i++) {
		struct post_row *x = &l->v[i];

		r = db_prepare(db, "SELECT product_id FROM lot WHERE id = ?1", &st, err);
		if (r)
			return r;
		sqlite3_bind_int64(st, 1, x->lot_id);
		if (sqlite3_step(st) != SQLITE_ROW) {
			sqlite3_reset(st);
			return db_fail(db, err, "reading a lot");
		}
		x->product_id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (!x->entered) {
			/* not found on the shelf: counted zero, expected what is there now */
			if ((r = put_line(db, a->count_id, x->lot_id, 0, x->expected, err)))
				return r;
		}
		if (x->variance == 0)
			continue;
		r = insert_move(db, 0, x->lot_id, x->product_id, x->variance, "count", "count", doc,
				0, uid(a->u), NULL, err);
		if (r)
			return r;
		a->nadj++;
		a->val += value_of(x->variance, x->cost);
	}
	if ((r = count_close(db, a->u, a->count_id, "posted", err)))
		return r;
	snprintf(detail, sizeof(detail), "%lld lot(s) adjusted, variance at cost %lld VND", a->nadj,
		 (long long)a->val);
	if ((r = audit_log(db, uid(a->u), 0, "stock_count_post", doc, detail, err)))
		return r;
	return 0;
}

int stock_count_post(struct db *db, const struct user *u, long long count_id, int zero_missing,
		     long long *adjusted, int64_t *value, struct pos_error *err)
{
	struct count_post_args a;
	int r;

	if ((r = require(u, PERM_STOCK, err)))
		return r;
	memset(&a, 0, sizeof(a));
	a.u = u;
	a.count_id = count_id;
	a.zero_missing = zero_missing;
	r = db_tx(db, DB_TX_WRITE, count_post_in_tx, &a, err);
	if (r == 0 && adjusted)
		*adjusted = a.nadj;
	if (r == 0 && value)
		*value = a.val;
	free(a.l.v);
	return r;
}

struct count_cancel_args {
	const struct user *u;
	long long count_id;
};

static int count_cancel_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct count_cancel_args *a = ctx;
	struct stock_filter f;
	char doc[32];
	int r;

	if ((r = count_load(db, a->count_id, 1, &f, err)) ||
	    (r = count_close(db, a->u, a->count_id, "cancelled", err)))
		return r;
	snprintf(doc, sizeof(doc), "COUNT-%lld", a->count_id);
	return audit_log(db, uid(a->u), 0, "stock_count_cancel", doc, "", err);
}

int stock_count_cancel(struct db *db, const struct user *u, long long count_id,
		       struct pos_error *err)
{
	struct count_cancel_args a = { u, count_id };
	int r;

	if ((r = require(u, PERM_STOCK, err)))
		return r;
	return db_tx(db, DB_TX_WRITE, count_cancel_in_tx, &a, err);
}
