/*
 * stock.h - lots, the stock ledger and what a manager does with them.
 *
 * The ledger (stock_move) is append-only; on hand is the sum of its moves.
 * lot.on_hand_milli and stock_balance are caches kept by a trigger in the
 * same transaction (schema v2); `db check` compares them with the ledger.
 * Quantities are thousandths of the product's unit (qty_milli).
 *
 * The part the sales engine uses comes first: taking goods for a sale line
 * first-expiry-first-out, and putting them back on a refund or a void.
 * Every function here runs inside the caller's transaction when there is
 * one (db_tx nests), else in its own.
 */
#ifndef OCOP_STOCK_H
#define OCOP_STOCK_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

struct db;

#define STOCK_LOT_NO_MAX 64

/* One lot's share of a movement, with what the lot was at that time. */
struct stock_alloc {
	long long lot_id;
	long long product_id;          /* a bundle's component when selling a bundle */
	char lot_no[STOCK_LOT_NO_MAX];
	char expiry[11];               /* YYYY-MM-DD or "" */
	int64_t qty_milli;             /* > 0 */
	int64_t unit_cost;             /* VND per unit */
	long long owner_producer_id;   /* 0 = the shop's own */
	int commission_bp;             /* consignment commission, basis points */
};

/* Who, why and which document a movement belongs to. */
struct stock_doc {
	const char *kind;              /* stock_move.kind: "sale", "refund", "void", ... */
	const char *doc;               /* receipt number, GRN number, transfer uuid, ... */
	const char *reason;            /* free text or an adjustment reason code */
	long long user_id;             /* 0 = none */
	long long sale_line_id;        /* 0 = none */
};

/*
 * Take qty_milli of a product for a sale: lots first-expiry-first-out
 * (undated lots last, then oldest received), never an expired lot.  A
 * bundle takes its components instead.  A service product takes nothing
 * (*n = 0).  When stock is short: the showroom setting `stock.oversell`
 * "refuse" (the default) fails with POS_ERR_REFUSED naming the product and
 * what is on hand (and the expired lot, when only expired stock is left);
 * "allow" takes the rest from the newest lot, which goes negative.  *out
 * (malloc'd, free()) receives the allocations, *n their count.
 */
int stock_take_fefo(struct db *db, long long product_id, int64_t qty_milli,
		    const struct stock_doc *d, struct stock_alloc **out, size_t *n,
		    struct pos_error *err);

/*
 * Take qty_milli of a product that holds stock of its own, never
 * overselling whatever the policy and never from an expired lot: from the
 * lot lot_no, or first-expiry-first-out when lot_no is NULL or "".  For
 * transfers out.  *out and *n as stock_take_fefo.
 */
int stock_take_exact(struct db *db, long long product_id, const char *lot_no,
		     int64_t qty_milli, const struct stock_doc *d, struct stock_alloc **out,
		     size_t *n, struct pos_error *err);

/* Put qty_milli back into a lot (refund, void): a positive move. */
int stock_put_back(struct db *db, long long lot_id, int64_t qty_milli,
		   const struct stock_doc *d, struct pos_error *err);

/*
 * On hand for a product (sum over its lots), from the cache.  For a bundle:
 * the whole bundles its components make (in thousandths); a service: 0.
 */
int stock_on_hand(struct db *db, long long product_id, int64_t *qty_milli,
		  struct pos_error *err);

/* ==== the manager's side (stock.c, added by the inventory issue) ==== */

/*
 * Who acts: functions below take the acting user; they need PERM_STOCK
 * (manager, admin) and are audited where the design says so.  u == NULL
 * means the system itself (demo data, tests): no permission check, moves
 * recorded without a user.  Documents: a goods receipt gets a GRN number
 * from doc_counter (kind 'grn'): "<showroom>-PNK-<year>-<seq>"; an
 * adjustment "ADJ-<n>", a return to a producer "RTN-<n>" (n = the id of
 * its first ledger row), a count "COUNT-<id>", a transfer its UUID.
 */
struct user;

#define STOCK_DOC_MAX 64
#define STOCK_CODE_MAX 33       /* SKU, producer code */
#define STOCK_NAME_MAX 256

/* The showroom's oversell policy, setting `stock.oversell`. */
enum stock_oversell { STOCK_OVERSELL_REFUSE, STOCK_OVERSELL_ALLOW };

/* The policy in force (an unset or unknown value means refuse). */
int stock_oversell_get(struct db *db, enum stock_oversell *out, struct pos_error *err);
/* Change it: needs PERM_SETTINGS (admin).  Audited. */
int stock_oversell_set(struct db *db, const struct user *u, enum stock_oversell p,
		       struct pos_error *err);

/* ---- receiving ------------------------------------------------------- */

/* One line of a goods receipt; the fields marked out are set on success. */
struct stock_receipt_line {
	long long product_id;
	int64_t qty_milli;             /* > 0 */
	int64_t unit_cost;             /* VND per unit, >= 0; for a consigned lot
					  what the shop owes the producer per unit */
	char lot_no[STOCK_LOT_NO_MAX]; /* in/out: "" = generated L<yyyymmdd>-<n> */
	char expiry[11];               /* in/out: "" = received + shelf life, or none */
	long long owner_producer_id;   /* 0 = bought by the shop, else consigned */
	int commission_bp;             /* the shop's commission on a consigned lot */
	long long lot_id;              /* out */
};

/*
 * Receive n lines under one new GRN number (copied into grn) dated
 * received_on (YYYY-MM-DD, NULL = today; not in the future), in one
 * transaction: each line goes into a new lot, or adds to the product's lot
 * of the same number when its expiry, cost and owner agree (else
 * POS_ERR_REFUSED naming the lot).  Refused (nothing written): a service or
 * a bundle, qty <= 0, an expiry before the receipt date, a commission on a
 * shop-owned lot or outside 0..100 %.  lines[] are updated on success only.
 */
int stock_receive(struct db *db, const struct user *u, const char *received_on,
		  struct stock_receipt_line *lines, size_t n, char grn[STOCK_DOC_MAX],
		  struct pos_error *err);

/*
 * A consigned line (owner and commission set) checked against the
 * product's selling price: the shop keeps commission_bp of the price
 * (rounded as the consignment statement does) and owes the producer the
 * rest, which should be the unit cost.  0 when it is (within 1 VND), or
 * the line is the shop's or has no commission; POS_ERR_REFUSED with err
 * saying so in words when it is not (a warning: stock_receive still takes
 * the line); another error if the product cannot be read.  *want (may be
 * NULL) gets the cost that agrees with the price.
 */
int stock_consign_check(struct db *db, const struct stock_receipt_line *l, int64_t *want,
			struct pos_error *err);

/*
 * Receive one lot under another document (a transfer): line->lot_no and
 * expiry as given (checked as by stock_receive, the expiry against
 * received_on; an undated lot stays undated), the move of kind d->kind with d->doc and d->user_id, the
 * lot's source text `source`.  No permission check: the caller made it.
 */
int stock_receive_lot(struct db *db, struct stock_receipt_line *line, const char *received_on,
		      const char *source, const struct stock_doc *d, struct pos_error *err);

/* A goods-received note, for printing (receipts/): what stock_receive wrote. */
struct stock_grn_line {
	char sku[STOCK_CODE_MAX];
	char name[STOCK_NAME_MAX];
	char unit[32];
	char lot_no[STOCK_LOT_NO_MAX];
	char expiry[11];               /* "" = none */
	int64_t qty_milli;
	int64_t unit_cost;
	int64_t amount;                /* round(qty x cost) */
	char owner[STOCK_CODE_MAX];    /* consigning producer code, "" = the shop */
	char owner_name[STOCK_NAME_MAX];
	int commission_bp;
};

struct stock_grn {
	char grn[STOCK_DOC_MAX];
	char received_on[11];          /* local date */
	char at[21];                   /* UTC timestamp */
	char user[33];                 /* "" = system */
	int64_t total;                 /* sum of amounts */
	size_t n;
	struct stock_grn_line *lines;  /* malloc'd; stock_grn_release() */
};

/* The note of a GRN number; POS_ERR_NOT_FOUND when there is none. */
int stock_grn_get(struct db *db, const char *grn, struct stock_grn *out,
		  struct pos_error *err);
void stock_grn_release(struct stock_grn *g);

/* ---- adjustments, returns, reorder levels, bundles ------------------- */

enum stock_reason {
	STOCK_REASON_DAMAGED, STOCK_REASON_EXPIRED, STOCK_REASON_LOST,
	STOCK_REASON_SAMPLE, STOCK_REASON_CORRECTION, STOCK_REASON_COUNT
};

/* "damaged", "expired", "lost", "sample", "correction". */
const char *stock_reason_name(enum stock_reason r);
int stock_reason_parse(const char *s, enum stock_reason *out, struct pos_error *err);

/*
 * Change a lot by delta_milli (signed, != 0) for a reason: damaged,
 * expired, lost and sample only remove; correction either way.  lot_no
 * NULL or "" names the product's only lot with stock (POS_ERR_INVALID
 * listing the lots when there are several).  A removal beyond what the
 * lot holds is refused whatever the oversell policy.  Audited with the
 * note.  doc (may be NULL) receives "ADJ-<n>".
 */
int stock_adjust(struct db *db, const struct user *u, long long product_id, const char *lot_no,
		 int64_t delta_milli, enum stock_reason reason, const char *note,
		 char doc[STOCK_DOC_MAX], struct pos_error *err);

/*
 * Give unsold consigned goods back to their producer (kind
 * return_to_producer): from one product (product_id, 0 = every product
 * the producer consigned here) and one lot (lot_no, NULL = its lots
 * first-expiry-first-out), qty_milli (0 = all that is left).  Only lots
 * owned by the producer are touched; asking for more than they hold is
 * refused.  *out and *n receive what was taken from which lot (malloc'd,
 * free()); doc (may be NULL) "RTN-<n>".  Audited.
 */
int stock_return_to_producer(struct db *db, const struct user *u, long long producer_id,
			     long long product_id, const char *lot_no, int64_t qty_milli,
			     struct stock_alloc **out, size_t *n, char doc[STOCK_DOC_MAX],
			     struct pos_error *err);

/* Set a product's reorder level (>= 0; 0 = no alert). */
int stock_set_reorder(struct db *db, const struct user *u, long long product_id,
		      int64_t qty_milli, struct pos_error *err);

/* One component of a bundle (gift pack). */
struct stock_bundle_item {
	long long component_id;
	int64_t qty_milli;             /* per bundle, > 0 */
};

/*
 * Make product bundle_id a bundle of the n components (n == 0: no longer
 * a bundle), replacing what it was.  A bundle holds no stock of its own:
 * selling one takes its components.  Refused: a component that is the
 * bundle itself, a service or a bundle; a bundle product that has lots.
 * Needs PERM_CATALOG.
 */
int stock_bundle_set(struct db *db, const struct user *u, long long bundle_id,
		     const struct stock_bundle_item *items, size_t n, struct pos_error *err);
/* The components of a bundle (*n = 0 for an ordinary product); *out malloc'd. */
int stock_bundle_get(struct db *db, long long bundle_id, struct stock_bundle_item **out,
		     size_t *n, struct pos_error *err);

/* ---- seeing the stock ------------------------------------------------ */

/*
 * What to show or count.  Empty strings and zeros mean any.  owner: "" any,
 * "shop" bought outright, "consigned" any consigning producer, or a
 * producer code (that producer's consigned lots).
 */
struct stock_filter {
	char province[3];              /* origin of the product, 2025 code */
	char producer[STOCK_CODE_MAX]; /* maker of the product */
	int group;                     /* OCOP group 1..6 */
	int stars;                     /* 3..5 */
	char owner[STOCK_CODE_MAX];
	int all;                       /* include products/lots with nothing on hand */
};

/*
 * Check and normalise f (province names and legacy codes resolved, owner
 * producer known); POS_ERR_INVALID / POS_ERR_NOT_FOUND name the field.
 */
int stock_filter_check(struct db *db, struct stock_filter *f, struct pos_error *err);

struct stock_product_row {
	long long product_id;
	const char *sku, *name, *unit, *producer, *origin_province;
	int group, stars;
	int64_t on_hand_milli;         /* of the lots the owner filter selects */
	int64_t consigned_milli;       /* of which consigned */
	int64_t value;                 /* at cost, VND */
	int64_t reorder_milli;
	int nlots;                     /* lots with something on hand (or negative) */
};

/*
 * Stock per product, by SKU: products that have or had stock, or a
 * reorder level (f->all: every product that holds stock, services and
 * bundles excepted).  On hand comes from the caches.  cb gets each row
 * (strings valid during the call); a non-zero return stops and is returned.
 */
int stock_list(struct db *db, const struct stock_filter *f,
	       int (*cb)(void *ctx, const struct stock_product_row *r), void *ctx,
	       struct pos_error *err);

struct stock_lot_row {
	long long lot_id, product_id;
	const char *sku, *name, *unit, *lot_no;
	const char *expiry;            /* "" = none */
	const char *received_on;
	const char *owner;             /* producer code, "" = the shop */
	int commission_bp;
	int64_t unit_cost, on_hand_milli, value;
	int has_expiry;
	int days_left;                 /* expiry - today (negative: expired) */
};

/*
 * Lots with something on hand (f->all: every lot), of one product
 * (product_id, 0 = all), by SKU then first-expiry-first-out order.
 */
int stock_lots(struct db *db, const struct stock_filter *f, long long product_id,
	       int (*cb)(void *ctx, const struct stock_lot_row *r), void *ctx,
	       struct pos_error *err);

enum stock_alert_kind {
	STOCK_ALERT_LOW,               /* on hand below the reorder level */
	STOCK_ALERT_EXPIRING,          /* a lot with stock expires within N days */
	STOCK_ALERT_EXPIRED,           /* a lot with stock has expired */
	STOCK_ALERT_CERT,              /* the OCOP certificate expires within N days or lapsed */
	STOCK_ALERT_NEGATIVE,          /* a product or a lot below zero */
	STOCK_ALERT_CACHE,             /* a lot's cache differs from its ledger rows, or
					  a product's from the sum of its lots */
};

/* "low", "expiring", "expired", "certificate", "negative", "inconsistent". */
const char *stock_alert_kind_name(enum stock_alert_kind k);

struct stock_alert {
	enum stock_alert_kind kind;
	const char *sku, *name, *unit;
	const char *lot_no;            /* "" for product alerts */
	const char *date;              /* expiry / certificate expiry, or "" */
	int days;                      /* date - today */
	int64_t qty_milli;             /* on hand (cached, for CACHE) */
	int64_t level_milli;           /* reorder level; for CACHE what the cache should
					  be: a lot's ledger sum, a product's sum of lots */
};

/*
 * Everything that needs the manager's attention, in the order of the
 * kinds above: days (>= 0) for expiring lots, cert_days for certificates
 * (of products with stock).  f filters products (may be NULL).
 */
int stock_alerts(struct db *db, const struct stock_filter *f, int days, int cert_days,
		 int (*cb)(void *ctx, const struct stock_alert *a), void *ctx,
		 struct pos_error *err);

/* ---- counts (stocktakes) --------------------------------------------- */

/*
 * Start a count of the products f selects (NULL = all); one count may be
 * open at a time (POS_ERR_EXISTS names the open one).  Selling goes on
 * during a count.  *count_id receives its id.  Audited.
 */
int stock_count_start(struct db *db, const struct user *u, const struct stock_filter *f,
		      long long *count_id, struct pos_error *err);
/* The open count's id, POS_ERR_NOT_FOUND when none is open. */
int stock_count_current(struct db *db, long long *count_id, struct pos_error *err);

/*
 * Enter what was counted of a product: in one lot (lot_no), or, with
 * lot_no NULL, the product's total, shared among its lots latest-expiry
 * first (the units left on the shelf are the ones FEFO sells last) up to
 * what each lot should hold, the surplus to the latest lot.  add = 0 sets
 * the count, add = 1 adds to what was entered (scanning one by one).  The
 * expected quantity of each line is the ledger at its first entry (at
 * each entry when add = 0), so sales during the count do not distort the
 * variance.  The product must be in the count's scope.
 */
int stock_count_enter(struct db *db, const struct user *u, long long count_id,
		      long long product_id, const char *lot_no, int64_t counted_milli, int add,
		      struct pos_error *err);

struct stock_count_info {
	long long id;
	char scope[256];               /* "all" or the filter as JSON */
	char status[12];               /* open, posted, cancelled */
	char started_at[21], closed_at[21];
	char started_by[33], closed_by[33];
	long long lines;               /* lines entered */
};
int stock_count_get(struct db *db, long long count_id, struct stock_count_info *out,
		    struct pos_error *err);

struct stock_count_row {
	long long lot_id;
	const char *sku, *name, *unit, *lot_no, *expiry;
	int entered;                   /* 0: a lot in scope not counted yet */
	int64_t expected_milli;        /* at entry (now, when not entered) */
	int64_t counted_milli;
	int64_t on_hand_milli;         /* now */
	int64_t variance_milli;        /* counted - expected */
	int64_t unit_cost;
	int64_t variance_value;        /* round(variance x cost) */
};

/*
 * The count's lines by SKU and lot; with missing = 1 also the lots in
 * scope that hold stock and were not counted.
 */
int stock_count_lines(struct db *db, long long count_id, int missing,
		      int (*cb)(void *ctx, const struct stock_count_row *r), void *ctx,
		      struct pos_error *err);

/*
 * Post an open count in one transaction: each line's variance becomes a
 * `count` move applied to the lot as it is now (sales since entry stay
 * counted).  zero_missing = 1 also counts every lot in scope not entered
 * as zero.  *adjusted (may be NULL) receives the number of lots changed,
 * *value the variance at cost.  Audited.
 */
int stock_count_post(struct db *db, const struct user *u, long long count_id, int zero_missing,
		     long long *adjusted, int64_t *value, struct pos_error *err);
/* Cancel an open count: nothing is adjusted.  Audited. */
int stock_count_cancel(struct db *db, const struct user *u, long long count_id,
		       struct pos_error *err);

#endif
