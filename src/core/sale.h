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

#include "lib/err.h"

struct db;
struct config;
struct user;

#define SALE_UUID_LEN 37          /* 36 + NUL */
#define SALE_RECEIPT_NO_MAX 48    /* "<showroom>-<register>-<year>-<seq>" */
#define CART_MAX_PAYMENTS 8
#define CART_MAX_LINES 2000       /* = CARTFILE_MAX_LINES */
#define CART_AMOUNT_MAX ((int64_t)1000000000000000)   /* 10^15 VND: any line or total */

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
	int measured;             /* from a label-scale code (weight or price label): its own
				   * line, the quantity is the label's and cannot be changed */
	int disc_percent;         /* line discount: percent x 100 (basis points) ... */
	int64_t disc_amount;      /* ... or a fixed amount (one of the two is 0) */
	/* computed by cart_totals(): */
	int64_t gross;            /* round(unit_price x qty) or fixed_amount */
	int64_t discount;         /* line discount + share of the whole-sale discount */
	int64_t amount;           /* gross - discount */
	int64_t vat;
	/* added by sale.c: */
	long long approved_by;    /* who approved this line's over-limit discount or price override */
	int price_overridden;     /* unit_price was set by cart_override_price() */
	int64_t line_discount;    /* computed: the line's own discount (without the sale share) */
};

struct cart_payment {
	enum pay_method method;
	int64_t amount;           /* what this payment covers (<= due) */
	int64_t tendered;         /* cash handed over (>= amount + rounding), else = amount */
	char reference[64];       /* card/wallet reference, QR purpose */
	int64_t rounding;         /* cash that settles the sale: its rounding to the shop's
				     step (cash taken = amount + rounding), else 0 */
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
	int64_t rounding;         /* the cash payments' rounding (cash taken = paid in cash + it) */
	/* added by sale.c: */
	int transient;            /* 1: never mirrored in the cart table (one-shot scripted sale) */
	char label[64];           /* a held cart's label */
};

/* A new empty cart for register_code and the user, with a fresh UUID. */
int cart_init(struct cart *c, const char *register_code, long long user_id,
	      struct pos_error *err);
void cart_release(struct cart *c);
/*
 * The same with a given UUID (a scripted sale's --uuid, so a retry is
 * idempotent); POS_ERR_INVALID when uuid is not a well-formed UUID.  It
 * is stored lower-case.
 */
int cart_init_uuid(struct cart *c, const char *register_code, long long user_id,
		   const char *uuid, struct pos_error *err);

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
/*
 * Change a line's quantity (> 0); 0 removes the line.  A line from a
 * label-scale code keeps the label's quantity (POS_ERR_REFUSED; remove it
 * and scan the package again).
 */
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
 * 0 when the cart's amounts are within bounds (each line and the total at
 * most CART_AMOUNT_MAX, at most CART_MAX_LINES lines), else
 * POS_ERR_INVALID/REFUSED naming the line.  Every change checks it.
 */
int cart_validate(const struct cart *c, struct pos_error *err);

/*
 * Cash rounding.  A shop may round what a customer pays in cash to a step
 * (setting cash.rounding_step: 0 = off, the default, or 100, 200, 500,
 * 1000, 2000, 5000, 10000 VND), to the nearest step with halves up
 * (164.480 -> 164.000, 164.500 -> 165.000).  Only cash is rounded, and
 * only the cash that settles the sale; the sale's total, VAT and e-invoice
 * stay as they are: the rounding is a cash adjustment kept beside the
 * payments (sale.cash_rounding), shown on the receipt and in the X/Z
 * reports, and the drawer's expected cash includes it.
 */
#define SALE_ROUNDING_STEP_MAX 10000
int sale_cash_rounding_step(struct db *db, int64_t *step, struct pos_error *err);
/* amount rounded to the nearest multiple of step, halves up; step <= 0: amount. */
int64_t sale_round_cash(int64_t amount, int64_t step);

/*
 * Add a payment.  amount 0 means "the rest".  Cash may be tendered above
 * what is due (the change is computed); other methods may not exceed what
 * is due.  card and wallet need a reference.  For qr the reference is set
 * to the receipt purpose when empty.  Cash that covers what is due rounded
 * to the step (or the exact amount) settles the sale, with the rounding on
 * the payment.
 */
int cart_pay(struct cart *c, struct db *db, enum pay_method m, int64_t amount, int64_t tendered,
	     const char *reference, struct pos_error *err);
/*
 * Remove payment i.  A cash payment just goes (the money is handed back);
 * a transfer, card or e-wallet payment was confirmed and is refused here
 * (POS_ERR_PERM): cart_remove_payment_approved() takes it off with the
 * approval of a user with PERM_VOID (a manager's PIN at the till) and
 * writes an audit row "payment_remove" (method, amount, reference).
 */
int cart_remove_payment(struct cart *c, struct db *db, size_t i, struct pos_error *err);
int cart_remove_payment_approved(struct cart *c, struct db *db, size_t i, const struct user *u,
				 const struct user *approver, struct pos_error *err);
/*
 * Is there stock for line's product (all its lines in the cart)?  Sets
 * *short_milli to what is missing (0 when enough; services never short)
 * and *allowed to whether the showroom's oversell policy lets the sale go
 * through anyway.  For a warning at the scan, before any money is taken.
 */
int cart_stock_short(struct db *db, const struct cart *c, size_t line, int64_t *short_milli,
		     int *allowed, struct pos_error *err);

/* Hold (park) the cart with a label; c is emptied into a new cart. */
int cart_hold(struct cart *c, struct db *db, const char *label, struct pos_error *err);
/* Recall a held cart by UUID into c (c must be empty: hold it first). */
int cart_recall(struct cart *c, struct db *db, const char *uuid, struct pos_error *err);
/*
 * The open cart of the register left by a crash, if any (POS_ERR_NOT_FOUND
 * when none).  c must have been set up with cart_init() (or zeroed): on
 * success its lines are released and it becomes the saved cart.
 */
int cart_restore(struct cart *c, struct db *db, const char *register_code,
		 struct pos_error *err);

struct held_cart {
	char uuid[SALE_UUID_LEN];
	char label[64];
	char updated_at[21];
	int nlines;
	int64_t total;
};
/*
 * A manager's actions at the till (approver: a user with PERM_VOID, whose
 * PIN the till checked), each audited: empty the cart in one go
 * ("cart_clear"; refused while a transfer, card or e-wallet payment is on
 * it), and delete a held cart ("held_delete").
 */
int cart_clear_approved(struct cart *c, struct db *db, const struct user *u,
			const struct user *approver, struct pos_error *err);
int cart_held_delete(struct db *db, const char *uuid, const struct user *u,
		     const struct user *approver, struct pos_error *err);
/* Held carts of a register, newest first; *out is malloc'd (free()). */
int cart_held_list(struct db *db, const char *register_code, struct held_cart **out,
		   size_t *n, struct pos_error *err);

struct sale_result {
	long long sale_id;
	char receipt_no[SALE_RECEIPT_NO_MAX];
	int64_t total, vat, paid, change;
	int64_t rounding;         /* the cash rounding (sale.cash_rounding) */
	int replayed;             /* 1 when the sale already existed (idempotent retry) */
};

/*
 * Complete the sale (see the top of this file).  Needs an open shift on
 * the register, the cart fully paid, and stock by the showroom's oversell
 * policy (stock.h).  out is written on success.
 */
int sale_complete(struct db *db, struct cart *c, const struct user *u, struct sale_result *out,
		  struct pos_error *err);

/*
 * The sale with this UUID, if it exists: *out as sale_complete() would
 * return it (replayed = 1).  POS_ERR_NOT_FOUND when there is none.  Lets a
 * scripted retry (`sale --uuid U`) answer before re-building its cart.
 */
int sale_find_uuid(struct db *db, const char *uuid, struct sale_result *out,
		   struct pos_error *err);

/*
 * The QR payment's purpose for a cart: "TT" and the first 8 hex digits of
 * its UUID in capitals ("TT 1A2B3C4D"), ASCII, at most 25 characters (the
 * VietQR purpose field).  The receipt number does not exist before the
 * sale completes, so this is what the bank statement shows; it is kept as
 * the qr payment's reference.
 */
#define SALE_QR_PURPOSE_MAX 26
void cart_qr_purpose(const struct cart *c, char out[SALE_QR_PURPOSE_MAX]);
/*
 * The VietQR payload (vietqr.h) to show for a qr payment of amount (0 =
 * what is still due) to the showroom's account, with the purpose above.
 * POS_ERR_NOT_FOUND (with how to set them) when the showroom has no bank
 * account settings.
 */
int cart_qr_payload(const struct cart *c, struct db *db, int64_t amount, char *out, size_t n,
		    struct pos_error *err);

/* ---- after the sale: voids and returns --------------------------------
 *
 * A void or a return is a new document (sale.kind 'void' or 'refund')
 * that points at the original sale; the original is never changed.  Both
 * take their number from the register's 'refund' counter, gapless per
 * showroom, register and year: "<showroom>-<register>-<year>-R<000012>".
 * Their lines point at the original lines (original_line_id) and their
 * lots are the original lots, so goods go back to the lot and owner they
 * came from; amounts are positive and the kind gives the sign.  Each needs
 * an open shift on the register (money leaves its drawer) and is audited.
 */

/*
 * Void the register's last sale (a manager, PERM_VOID): it must be a sale
 * of the shift now open, not voided and without returns; reason is
 * required.  The void document copies the sale's lines, puts every lot
 * back, and pays back each payment by its own method.  *out describes
 * the void document (total = amount given back).
 */
int sale_void_last(struct db *db, const struct user *u, const char *register_code,
		   const char *reason, struct sale_result *out, struct pos_error *err);

enum refund_method {
	REFUND_ORIGINAL,          /* back by the sale's own payment methods */
	REFUND_CASH,              /* all in cash from the drawer */
};

/* One thing brought back: a SKU or barcode and how much (0 = all that is left). */
struct return_item {
	const char *code;
	int64_t qty_milli;
};

struct return_request {
	const char *register_code;
	const char *receipt_no;    /* the original sale */
	const struct return_item *items;
	size_t nitems;             /* 0: everything not yet returned */
	enum refund_method refund;
	const char *writeoff;      /* non-NULL: the goods are written off with this
				    * reason (an 'adjust' move), not back on sale */
	const char *uuid;          /* the refund's UUID for an idempotent retry, or NULL */
};

/*
 * Take goods back against a receipt (PERM_RETURN): never more of a line
 * than was sold minus what earlier returns took back (POS_ERR_REFUSED
 * naming the product and the quantities).  A partial return refunds its
 * share of the line's amount, computed cumulatively so that returning a
 * line in several goes refunds exactly the line's amount.  REFUND_ORIGINAL
 * pays back through the sale's payments in their order, each up to what
 * it paid minus earlier refunds through it; REFUND_CASH pays it all in
 * cash.  A voided sale cannot be returned.  *out describes the refund.
 */
int sale_return(struct db *db, const struct user *u, const struct return_request *rq,
		struct sale_result *out, struct pos_error *err);

/* ---- reprint data: a completed document as the receipt shows it -------- */

#define SALE_DOC_RATES 5          /* 0 %, 5 %, 8 %, 10 %, KCT */

struct sale_doc_line {
	int line_no;
	long long product_id;
	char sku[64];
	char name[256];
	char unit[32];
	int stars;
	char cert_expires[11];     /* the product's OCOP certificate expiry, or "" */
	int64_t qty_milli;
	int64_t list_price, unit_price;
	int64_t discount;          /* line discount + share of the sale discount */
	int64_t amount;            /* VAT-inclusive, after discounts */
	int vat_rate;              /* 0, 5, 8, 10 or VAT_KCT */
	int64_t vat;
	int64_t returned_milli;    /* a sale's line: taken back so far by refunds */
};

struct sale_doc_payment {
	enum pay_method method;
	int64_t amount;            /* what it covers (a refund: what was paid back) */
	int64_t tendered;          /* cash handed over (= amount for other methods) */
	int64_t change;
	char reference[64];        /* card/wallet reference, QR purpose */
};

/* The VAT summary: one entry per rate present, in the order 0, 5, 8, 10, KCT. */
struct sale_doc_vat {
	int rate;                  /* 0, 5, 8, 10 or VAT_KCT */
	int64_t amount;            /* VAT-inclusive amounts of the lines at this rate */
	int64_t vat;               /* sum of the lines' VAT: adds up to the doc's vat */
	int64_t net;               /* amount - vat */
};

struct sale_doc {
	long long id;
	char uuid[SALE_UUID_LEN];          /* also the e-invoice look-up code */
	char kind[8];                      /* "sale", "refund", "void" */
	char receipt_no[SALE_RECEIPT_NO_MAX];
	char original_no[SALE_RECEIPT_NO_MAX];  /* refund/void: the sale it reverses */
	char showroom[17];
	char register_code[8];
	long long seq;
	long long shift_id;
	char at[21];                       /* time of issue, UTC ISO-8601 */
	char local_time[17];               /* the same in Vietnam: "YYYY-MM-DD HH:MM" */
	char business_date[11];
	char cashier[33], cashier_name[128];   /* login and full name */
	char approver[33];                 /* who approved a discount/override, or "" */
	/* the seller as recorded on the document */
	char seller_name[256], seller_address[256], seller_tax_code[16], seller_phone[32];
	char buyer_name[128], buyer_tax_code[16], buyer_address[256], buyer_contact[128];
	char reason[256];                  /* void/refund reason, write-off reason */
	int64_t gross, discount, total, vat;
	int64_t paid;                      /* sum of payments' amounts (= total) */
	int64_t tendered, change;          /* cash handed over and given back */
	int64_t cash_rounding;             /* the cash rounding (cash taken or given back =
					      cash payments + it), 0 when none */
	struct sale_doc_line *lines;       /* nlines, owned by the doc */
	size_t nlines;
	struct sale_doc_payment *pay;      /* npay, owned by the doc */
	size_t npay;
	struct sale_doc_vat rates[SALE_DOC_RATES];
	size_t nrates;
	/* a sale only: what happened to it since */
	char voided_by[SALE_RECEIPT_NO_MAX];   /* the void's number, or "" */
	int64_t refunded;                  /* total of refunds against it */
	int nrefunds;
};

/*
 * Load a completed sale, refund or void by receipt number (or by UUID)
 * with its lines, payments, VAT by rate, seller and buyer, for reprints
 * and `sale show`.  *out is written on success and owns its arrays:
 * release with sale_doc_release().  POS_ERR_NOT_FOUND names the number.
 */
int sale_doc_load(struct db *db, const char *receipt_no, struct sale_doc *out,
		  struct pos_error *err);
void sale_doc_release(struct sale_doc *d);
/*
 * What a return of back[i] (thousandths, one per line of sale d) pays
 * back: each line's cumulative share of its amount, exactly as
 * sale_return() will compute it (the till shows this figure, not an
 * estimate).
 */
int64_t sale_doc_refund_amount(const struct sale_doc *d, const int64_t *back);

/*
 * The receipt number of the register's last document (sale, refund or
 * void), for "reprint the last receipt".  POS_ERR_NOT_FOUND when none.
 */
int sale_last_receipt(struct db *db, const char *register_code,
		      char out[SALE_RECEIPT_NO_MAX], struct pos_error *err);

/*
 * `db check` invariants of the sales tables: each document's lines add up
 * to its totals, payments cover a sale's total exactly, every line's lots
 * add up to its quantity (goods lines) and match the stock ledger's moves
 * of its document, refunds never exceed what was sold, and receipt
 * numbers have no gaps.  report(ctx, sentence) per problem; *problems
 * receives their number.  Returns 0 when the checks ran.
 */
int sale_check(struct db *db, void (*report)(void *ctx, const char *problem), void *ctx,
	       int *problems, struct pos_error *err);

#endif
