/*
 * customer.h - the shop's customers: found or added by phone at the till,
 * attached to a sale (the e-invoice buyer fields), their purchase history,
 * and loyalty points (off by default).
 *
 * A customer is a phone number (the key people know), a name, and
 * optionally a tax code (an enterprise's MST or an individual's 12-digit
 * CCCD, an individual's tax code since 1 July 2025), an e-mail and an
 * address.  Attaching one to a cart fills the buyer's name, tax code,
 * address and contact ("phone" or "phone email"), which the sale stores
 * like any buyer; the purchase history is the sales whose buyer contact
 * is the customer's phone, so it holds whichever front end made the sale.
 *
 * Personal data.  Finding one customer by the phone they give, adding
 * one, and attaching one to a sale are for the people at the till
 * (PERM_CUSTOMER: cashier, manager, admin).  A list of everybody with
 * names, phones and tax codes, and exporting it, is PERM_CUSTOMER_DATA
 * (manager, admin); without it (an auditor) the list shows only the
 * customer's number, a masked phone and the figures.
 *
 * Loyalty.  Setting loyalty.points_per_1000 (points earned per 1.000 ₫ of
 * a sale's total, 0 = off: the default) and loyalty.point_vnd (what a
 * point is worth when redeemed, default 10 ₫).  Points are earned when a
 * sale with the customer completes and redeemed as a whole-sale discount
 * (customer_redeem), taken off the balance when the sale completes.
 */
#ifndef OCOP_CUSTOMER_H
#define OCOP_CUSTOMER_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

struct db;
struct user;
struct cart;

#define CUSTOMER_PHONE_MAX 16
#define CUSTOMER_SET_EARN "loyalty.points_per_1000"
#define CUSTOMER_SET_VALUE "loyalty.point_vnd"

struct customer {
	long long id;
	char code[16];              /* "KH000012": the customer's number */
	char phone[CUSTOMER_PHONE_MAX];
	char name[128];
	char tax_code[16];          /* MST "0100109106[-001]" or CCCD (12 digits), or "" */
	char email[128];
	char address[256];
	int64_t points;
	char created_at[21];
	/* customer_list / customer_find fill these too */
	int64_t purchases;          /* sales (invoices) */
	int64_t spent;              /* their total, VND */
	char last_purchase[11];     /* business date, "" = none */
	int masked;                 /* 1: name, tax code, e-mail, address hidden, phone masked */
};

struct customer_sale {
	char receipt_no[32];
	char kind[8];               /* "sale", "refund", "void" */
	char business_date[11];
	int64_t total;
	int64_t points_earned, points_redeemed;
};

struct loyalty {
	int points_per_1000;        /* 0 = off */
	int64_t point_vnd;          /* ₫ per point redeemed */
};

/*
 * A phone as stored: digits only, "+84"/"84" turned into "0"; 10 digits
 * starting with 0 (or 8-11 digits for landlines).  POS_ERR_INVALID
 * otherwise.
 */
int customer_phone_normalize(const char *in, char out[CUSTOMER_PHONE_MAX],
			     struct pos_error *err);

/*
 * Find a customer by phone (PERM_CUSTOMER).  POS_ERR_NOT_FOUND naming the
 * phone when there is none.
 */
int customer_find(struct db *db, const struct user *u, const char *phone,
		  struct customer *out, struct pos_error *err);

/*
 * Add a customer (PERM_CUSTOMER): phone and name required, tax code an
 * MST with its check digit or 12 digits (CCCD), e-mail with an '@'.
 * POS_ERR_EXISTS when the phone is taken.  Audited ("customer.add").
 * *out (may be NULL) is the stored customer.
 */
int customer_add(struct db *db, const struct user *u, const struct customer *in,
		 struct customer *out, struct pos_error *err);

/*
 * Every customer whose name, phone or tax code contains query ("" = all),
 * by name.  personal = 1 needs PERM_CUSTOMER_DATA; personal = 0 needs
 * PERM_CUSTOMER_DATA or PERM_REPORTS and gives masked rows.  *out is
 * malloc'ed (free()).
 */
int customer_list(struct db *db, const struct user *u, const char *query, int personal,
		  struct customer **out, size_t *n, struct pos_error *err);

/* Record in the audit log that u exported n customers with personal data. */
int customer_note_export(struct db *db, const struct user *u, size_t n, struct pos_error *err);

/* The customer's sales, refunds and voids, newest first (PERM_CUSTOMER). *out: free(). */
int customer_history(struct db *db, const struct user *u, const struct customer *c,
		     struct customer_sale **out, size_t *n, struct pos_error *err);

/* Put the customer on the cart as its buyer (PERM_CUSTOMER). */
int customer_attach(struct db *db, const struct user *u, struct cart *cart,
		    const struct customer *c, struct pos_error *err);

/* The loyalty settings (defaults when unset). */
int customer_loyalty(struct db *db, struct loyalty *out, struct pos_error *err);

/*
 * Redeem points as a whole-sale discount on the cart (the cashier's
 * discount limit applies): POS_ERR_REFUSED when loyalty is off, the
 * customer has fewer points, or the discount would exceed the total.
 * *amount (may be NULL) is the discount.  The points leave the balance
 * when the sale completes (customer_after_sale with the same points).
 */
int customer_redeem(struct db *db, const struct user *u, struct cart *cart,
		    const struct customer *c, int64_t points, int64_t *amount,
		    struct pos_error *err);

/*
 * Called by sale_complete inside its transaction: when the sale's buyer
 * contact is a customer's phone, award the points it earns and take the
 * ones redeemed on this cart (while the cart still carries their
 * discount).  0 and nothing done for a sale without a customer.
 */
int customer_sale_completed(struct db *db, long long sale_id, const struct cart *c,
			    struct pos_error *err);

/* The points a completed sale earned and redeemed (0 and 0 when none). */
int customer_sale_points(struct db *db, const char *receipt_no, int64_t *earned,
			 int64_t *redeemed, struct pos_error *err);

#endif
