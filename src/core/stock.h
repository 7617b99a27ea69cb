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
 * one (db_begin nests), else in its own.
 */
#ifndef OCOP_STOCK_H
#define OCOP_STOCK_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

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

/* Put qty_milli back into a lot (refund, void): a positive move. */
int stock_put_back(struct db *db, long long lot_id, int64_t qty_milli,
		   const struct stock_doc *d, struct pos_error *err);

/* On hand for a product (sum over its lots), from the cache. */
int stock_on_hand(struct db *db, long long product_id, int64_t *qty_milli,
		  struct pos_error *err);

#endif
