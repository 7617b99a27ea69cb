/*
 * sale.h - the cart and the completed sale: the till's whole logic, shared
 * by the CLI (`ocop-pos sale`, `return`), the TUI and the tests.
 *
 * A cart lives in memory while the cashier works on it and is mirrored in
 * the `cart` table (status 'open') after every change, so a crash or a
 * power cut loses nothing: cart_restore() brings it back at the next
 * login.  Holding a cart marks it 'held'; recalling it makes it open again.
 *
 * Prices are VAT-inclusive integer VND.  Per line: amount = round(unit
 * price x qty) - line discount - its share of the whole-sale discount
 * (shared pro rata by amount, the remainder on the largest line so the
 * shares add up exactly); vat = round(amount x rate / (100 + rate)), half
 * up; the VAT-per-rate summary is the sum of the lines' VAT per rate, so it
 * always adds up to the receipt's VAT total.
 *
 * sale_complete() writes the sale, its lines, the lines' lots (FEFO,
 * through stock.c), the payments and the receipt number in one
 * transaction, and deletes the cart row in it.  The cart's UUID is the
 * sale's UUID: completing the same cart twice (a double Enter, a retry
 * after a crash between commit and print, a replayed script) returns the
 * first sale and writes nothing.
 *
 * Permissions (user.h) are checked here, not only in the UI: a discount
 * beyond the role's limit or a price override needs an approver with the
 * right (a manager's PIN), passed as `approver`.
 */
#ifndef OCOP_SALE_H
#define OCOP_SALE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct db;
struct config;
struct user;

#define SALE_UUID_LEN 37          /* 36 + NUL */
#define SALE_RECEIPT_NO_MAX 48    /* "<showroom>-<register>-<year>-<seq>" */
#define CART_MAX_PAYMENTS 8

enum pay_method { PAY_CASH, PAY_QR, PAY_CARD, PAY_WALLET };

/* "cash", "qr", "card", "wallet". */
const char *pay_method_name(enum pay_method m);
int pay_method_parse(const char *s, enum pay_method *out, struct pos_error *err);

struct cart_line {
	long long product_id;
	char sku[64];
	char name[256];
	char unit[32];
	int stars;
	int vat_rate;             /* 0, 5, 8, 10, or VAT_KCT (money.h) */
	int is_service;
	int cert_lapsed;          /* the OCOP certificate has expired: flag it */
	int64_t qty_milli;        /* 1000 = one unit */
	int64_t list_price;       /* catalogue price per unit */
	int64_t unit_price;       /* = list_price unless overridden */
	int64_t fixed_amount;     /* price-label amount of a variable-measure code, else -1 */
	int disc_percent;         /* line discount: percent x 100 (basis points) ... */
	int64_t disc_amount;      /* ... or a fixed amount (one of the two is 0) */
	/* computed by cart_totals(): */
	int64_t gross;            /* round(unit_price x qty) or fixed_amount */
	int64_t discount;         /* line discount + share of the whole-sale discount */
	int64_t amount;           /* gross - discount */
	int64_t vat;
};

struct cart_payment {
	enum pay_method method;
	int64_t amount;           /* what this payment covers (<= due) */
	int64_t tendered;         /* cash handed over (>= amount), else = amount */
	char reference[64];       /* card/wallet reference, QR purpose */
};

struct cart {
	char uuid[SALE_UUID_LEN];
	char register_code[8];
	long long user_id;
	struct cart_line *lines;
	size_t nlines, cap;
	int last_line;            /* index of the line last added/changed, -1 */
	int sale_disc_percent;    /* whole-sale discount, basis points ... */
	int64_t sale_disc_amount; /* ... or amount */
	long long approved_by;    /* manager who approved an over-limit discount/override, 0 */
	char buyer_name[128], buyer_tax_code[16], buyer_address[256], buyer_contact[128];
	struct cart_payment pay[CART_MAX_PAYMENTS];
	size_t npay;
	/* computed by cart_totals(): */
	int64_t gross, discount, total, vat, paid, change;
};

/* A new empty cart for register_code and the user, with a fresh UUID. */
int cart_init(struct cart *c, const char *register_code, long long user_id,
	      struct pos_error *err);
void cart_release(struct cart *c);

/*
 * Add what a scanned or typed code names: a barcode (with variable-measure
 * label codes from the config), else a SKU.  qty_milli 0 means one unit
 * (or the label's weight).  Scanning the same product again adds to its
 * line.  POS_ERR_NOT_FOUND names the code; POS_ERR_INVALID for a wrong
 * check digit; a lapsed certificate is flagged on the line, or refused
 * (POS_ERR_REFUSED) when the showroom's setting `sale.block_lapsed_cert`
 * is "1".  The cart is saved (status open).
 */
int cart_add_code(struct cart *c, struct db *db, const struct config *cfg, const char *code,
		  int64_t qty_milli, struct pos_error *err);
/* The same by product id (from search). */
int cart_add_product(struct cart *c, struct db *db, long long product_id, int64_t qty_milli,
		     struct pos_error *err);
/* Change a line's quantity (> 0); 0 removes the line. */
int cart_set_qty(struct cart *c, struct db *db, size_t line, int64_t qty_milli,
		 struct pos_error *err);
int cart_remove_line(struct cart *c, struct db *db, size_t line, struct pos_error *err);

/*
 * Line (line >= 0) or whole-sale (line == -1) discount: percent in basis
 * points or an amount, not both.  Beyond the user's role limit it needs an
 * approver who may (POS_ERR_PERM otherwise, saying a manager's PIN is
 * needed); the approval is audited when the sale completes.
 */
int cart_discount(struct cart *c, struct db *db, const struct user *u, int line,
		  int percent_bp, int64_t amount, const struct user *approver,
		  struct pos_error *err);
/* Override a line's unit price: needs the permission, or an approver who has it. */
int cart_override_price(struct cart *c, struct db *db, const struct user *u, size_t line,
			int64_t unit_price, const struct user *approver, struct pos_error *err);
/* Buyer details for an invoice; the tax code is checked (MST check digit). */
int cart_set_buyer(struct cart *c, struct db *db, const char *name, const char *tax_code,
		   const char *address, const char *contact, struct pos_error *err);

/* Recompute line and cart totals (called by every change above). */
void cart_totals(struct cart *c);
/* What is left to pay: total - paid (>= 0). */
int64_t cart_due(const struct cart *c);

/*
 * Add a payment.  amount 0 means "the rest".  Cash may be tendered above
 * what is due (the change is computed); other methods may not exceed what
 * is due.  card and wallet need a reference.  For qr the reference is set
 * to the receipt purpose when empty.
 */
int cart_pay(struct cart *c, struct db *db, enum pay_method m, int64_t amount, int64_t tendered,
	     const char *reference, struct pos_error *err);
int cart_remove_payment(struct cart *c, struct db *db, size_t i, struct pos_error *err);

/* Mirror the cart in the database (status 'open' or 'held'). */
int cart_save(struct cart *c, struct db *db, const char *status, struct pos_error *err);
/* Hold (park) the cart with a label; c is emptied into a new cart. */
int cart_hold(struct cart *c, struct db *db, const char *label, struct pos_error *err);
/* Recall a held cart by UUID into c (c must be empty: hold it first). */
int cart_recall(struct cart *c, struct db *db, const char *uuid, struct pos_error *err);
/* The open cart of the register left by a crash, if any (POS_ERR_NOT_FOUND when none). */
int cart_restore(struct cart *c, struct db *db, const char *register_code,
		 struct pos_error *err);

struct held_cart {
	char uuid[SALE_UUID_LEN];
	char label[64];
	char updated_at[21];
	int nlines;
	int64_t total;
};
/* Held carts of a register, newest first; *out is malloc'd (free()). */
int cart_held_list(struct db *db, const char *register_code, struct held_cart **out,
		   size_t *n, struct pos_error *err);

struct sale_result {
	long long sale_id;
	char receipt_no[SALE_RECEIPT_NO_MAX];
	int64_t total, vat, paid, change;
	int replayed;             /* 1 when the sale already existed (idempotent retry) */
};

/*
 * Complete the sale (see the top of this file).  Needs an open shift on
 * the register, the cart fully paid, and stock by the showroom's oversell
 * policy (stock.h).  out is written on success.
 */
int sale_complete(struct db *db, struct cart *c, const struct user *u, struct sale_result *out,
		  struct pos_error *err);

#endif
