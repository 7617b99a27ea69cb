/*
 * user.h - users, roles, PINs and permissions.
 *
 * PINs (4-12 digits) are hashed with argon2id (libsodium crypto_pwhash_str)
 * and never stored, logged or audited in clear.  After USER_MAX_FAILS
 * wrong PINs in a row a user is locked for USER_LOCK_MINUTES.  Permissions
 * are decided here from the role; core functions call user_require() so
 * the rules hold whatever the front end.
 */
#ifndef OCOP_USER_H
#define OCOP_USER_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

struct db;

#define USER_NAME_MAX 33
#define USER_MAX_FAILS 5
#define USER_LOCK_MINUTES 5
#define USER_CASHIER_DISCOUNT_BP 1000   /* default cashier limit: 10 % */

enum user_role { ROLE_CASHIER, ROLE_MANAGER, ROLE_ADMIN, ROLE_AUDITOR };

enum user_perm {
	PERM_SELL,              /* cashier, manager, admin */
	PERM_RETURN,            /* cashier (refund against a receipt), manager, admin */
	PERM_VOID,              /* manager, admin: void the last sale */
	PERM_DISCOUNT_ANY,      /* manager, admin: discounts beyond the cashier limit */
	PERM_PRICE_OVERRIDE,    /* manager, admin */
	PERM_DRAWER,            /* open the drawer without a sale (audited): all sellers */
	PERM_SHIFT,             /* open/close shifts, cash in/out: cashier, manager, admin */
	PERM_STOCK,             /* receive, adjust, count, transfer: manager, admin */
	PERM_CATALOG,           /* products, producers, imports: manager, admin */
	PERM_USERS,             /* add users, reset PINs: admin */
	PERM_REPORTS,           /* manager, admin, auditor */
	PERM_SETTINGS,          /* admin */
	PERM_CUSTOMER,          /* find/add a customer by phone, attach to a sale: sellers */
	PERM_CUSTOMER_DATA,     /* list and export customers' personal data: manager, admin */
};

struct user {
	long long id;
	char name[USER_NAME_MAX];
	char full_name[128];
	enum user_role role;
	int active;
};

const char *user_role_name(enum user_role r);          /* "cashier", ... */
int user_role_parse(const char *s, enum user_role *out, struct pos_error *err);

/* 1 when the role has the permission. */
int user_can(const struct user *u, enum user_perm p);
/* 0, or POS_ERR_PERM with a sentence naming the user and what is refused. */
int user_require(const struct user *u, enum user_perm p, struct pos_error *err);
/* Largest discount the role may give without approval, basis points of the amount. */
int user_discount_limit_bp(const struct user *u);
/*
 * The same, honouring the showroom's setting sale.cashier_discount_limit_bp
 * (0..10000) for cashiers; manager/admin 10000 (unlimited), auditor 0.
 * *bp is written on success; POS_ERR_INVALID names a malformed setting.
 */
int user_discount_limit(struct db *db, const struct user *u, int *bp, struct pos_error *err);

/* 0 when pin is 4-12 ASCII digits, else POS_ERR_INVALID. */
int user_pin_valid(const char *pin, struct pos_error *err);
/* 0 when name is a valid login name (1-32 of A-Z a-z 0-9 . _ -). */
int user_name_valid(const char *name, struct pos_error *err);

/*
 * Add a user.  actor may be NULL only while the database has no user (the
 * first admin); otherwise it needs PERM_USERS.  Audited.
 */
int user_add(struct db *db, const struct user *actor, const char *name, const char *full_name,
	     enum user_role role, const char *pin, struct user *out, struct pos_error *err);
/* Check name and PIN: POS_ERR_PERM for a wrong PIN (counted), a locked or inactive user. */
int user_auth(struct db *db, const char *name, const char *pin, struct user *out,
	      struct pos_error *err);
int user_get(struct db *db, const char *name, struct user *out, struct pos_error *err);
int user_get_id(struct db *db, long long id, struct user *out, struct pos_error *err);
/* Change a PIN: the user themself (old PIN checked by the caller) or an actor with PERM_USERS. */
int user_set_pin(struct db *db, const struct user *actor, const char *name, const char *pin,
		 struct pos_error *err);
/* Disable (active 0) or enable a user: needs PERM_USERS, not oneself.  Audited. */
int user_set_active(struct db *db, const struct user *actor, const char *name, int active,
		    struct pos_error *err);
/* All users, by name; *out malloc'd (free()). */
int user_list(struct db *db, struct user **out, size_t *n, struct pos_error *err);
/* Number of users (0 on a new database). */
int user_count(struct db *db, long long *n, struct pos_error *err);

/*
 * The demo showroom's staff, when the database has no user yet (else
 * nothing): admin (admin, PIN 1111), quanly (manager, 2222), thungan
 * (cashier, 1234), tinh (auditor, 3333).  Called by demo_generate().
 */
int demo_users(struct db *db, struct pos_error *err);

#endif
