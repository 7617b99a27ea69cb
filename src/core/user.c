/*
 * user.c - users, roles, PINs and permissions (see user.h).
 *
 * A PIN is 4-12 digits.  It is hashed with argon2id through libsodium's
 * crypto_pwhash_str() with USER_PWHASH_OPSLIMIT passes over
 * USER_PWHASH_MEMLIMIT bytes: t = 3, m = 12 MiB, one lane, the lowest of
 * OWASP's argon2id settings (equal in cost to m = 19 MiB, t = 2; ours was
 * t = 2 over 8 MiB, below that floor).  About 20 ms on this project's
 * 2-core development PC and 60-80 ms on a Raspberry Pi-class CPU: cheap
 * for a login at the till, and 12 MiB per guess keeps GPU farms from
 * trying the 10^6..10^12 PINs of 6-12 digits at scale (docs/architecture.md,
 * "The PIN check").  The real protection
 * of a short PIN is the lockout: USER_MAX_FAILS wrong PINs in a row lock
 * the user for USER_LOCK_MINUTES, counted in the database so restarting
 * the program does not reset it.  A hash made with other limits (older or
 * newer versions) is re-hashed at the next good login.
 *
 * The PIN itself is never stored, logged or audited (the caller owns and
 * wipes its buffer; cli_auth_user() does).
 */
#include "user.h"

#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "db.h"
#include "field.h"
#include "i18n.h"
#include "showroom.h"

/* See the top of the file and docs/architecture.md. */
#define USER_PWHASH_OPSLIMIT 3ULL
#define USER_PWHASH_MEMLIMIT (12u * 1024u * 1024u)

static const char *const role_names[] = { "cashier", "manager", "admin", "auditor" };

#define NROLES (sizeof(role_names) / sizeof(role_names[0]))

const char *user_role_name(enum user_role r)
{
	return (unsigned)r < NROLES ? role_names[r] : "?";
}

int user_role_parse(const char *s, enum user_role *out, struct pos_error *err)
{
	size_t i;

	for (i = 0; s && i < NROLES; i++) {
		if (strcmp(s, role_names[i]) == 0) {
			*out = (enum user_role)i;
			return 0;
		}
	}
	return pos_fail(err, POS_ERR_INVALID,
			tr("unknown role \"%s\": use cashier, manager, admin or auditor"),
			s ? s : "");
}

/* Bit i set: ROLE i has the permission.  Order of enum user_role. */
#define R_C (1u << ROLE_CASHIER)
#define R_M (1u << ROLE_MANAGER)
#define R_A (1u << ROLE_ADMIN)
#define R_U (1u << ROLE_AUDITOR)

static const struct {
	unsigned roles;
	const char *what;            /* "may not <what>" */
	const char *who;             /* who may */
} perms[] = {
	[PERM_SELL] = { R_C | R_M | R_A, "sell", "a cashier, manager or admin" },
	[PERM_RETURN] = { R_C | R_M | R_A, "take returns", "a cashier, manager or admin" },
	[PERM_VOID] = { R_M | R_A, "void a sale", "a manager" },
	[PERM_DISCOUNT_ANY] = { R_M | R_A, "give a discount beyond the cashier limit",
				"a manager" },
	[PERM_PRICE_OVERRIDE] = { R_M | R_A, "change a price", "a manager" },
	[PERM_DRAWER] = { R_C | R_M | R_A, "open the cash drawer", "a cashier or manager" },
	[PERM_SHIFT] = { R_C | R_M | R_A, "open or close shifts or move cash",
			 "a cashier or manager" },
	[PERM_STOCK] = { R_M | R_A, "change stock", "a manager" },
	[PERM_CATALOG] = { R_M | R_A, "change the catalogue", "a manager" },
	[PERM_USERS] = { R_A, "manage users", "an admin" },
	[PERM_REPORTS] = { R_M | R_A | R_U, "see reports", "a manager, admin or auditor" },
	[PERM_SETTINGS] = { R_A, "change settings", "an admin" },
	[PERM_CUSTOMER] = { R_C | R_M | R_A, "look up customers", "a cashier or manager" },
	[PERM_CUSTOMER_DATA] = { R_M | R_A, "see the customers' personal data", "a manager" },
	[PERM_AUDIT] = { R_M | R_A | R_U, "read the audit log", "a manager, admin or auditor" },
	[PERM_EXPORT] = { R_M | R_A, "export or back up data", "a manager or admin" },
	[PERM_RECEIPTS] = { R_C | R_M | R_A | R_U, "see or reprint receipts",
			    "a cashier, manager, admin or auditor" },
};

#define NPERMS (sizeof(perms) / sizeof(perms[0]))

int user_can(const struct user *u, enum user_perm p)
{
	if (!u || !u->active || (unsigned)p >= NPERMS || (unsigned)u->role >= NROLES)
		return 0;
	return (perms[p].roles & (1u << u->role)) != 0;
}

int user_require(const struct user *u, enum user_perm p, struct pos_error *err)
{
	if (user_can(u, p))
		return 0;
	if ((unsigned)p >= NPERMS)
		return pos_fail(err, POS_ERR_PERM, "unknown permission %d", (int)p);
	if (!u)
		return pos_fail(err, POS_ERR_PERM, tr("nobody is logged in: log in to %s"),
				tr(perms[p].what));
	if (!u->active)
		return pos_fail(err, POS_ERR_PERM, tr("user %s is disabled"), u->name);
	return pos_fail(err, POS_ERR_PERM, tr("%s (%s) may not %s: ask %s"), u->name,
			tr(user_role_name(u->role)), tr(perms[p].what), tr(perms[p].who));
}

int user_discount_limit_bp(const struct user *u)
{
	if (!u || !u->active)
		return 0;
	switch (u->role) {
	case ROLE_CASHIER:
		return USER_CASHIER_DISCOUNT_BP;
	case ROLE_MANAGER:
	case ROLE_ADMIN:
		return 10000;
	case ROLE_AUDITOR:
		return 0;
	}
	return 0;
}

int user_discount_limit(struct db *db, const struct user *u, int *bp, struct pos_error *err)
{
	char buf[32], *end;
	struct pos_error e;
	long v;
	int r;

	if (!u || !u->active || u->role != ROLE_CASHIER) {
		*bp = user_discount_limit_bp(u);
		return 0;
	}
	r = setting_get(db, "sale.cashier_discount_limit_bp", buf, sizeof(buf), &e);
	if (r == POS_ERR_NOT_FOUND) {
		*bp = USER_CASHIER_DISCOUNT_BP;
		return 0;
	}
	if (r)
		return pos_fail(err, (enum pos_err)r, "%s", pos_error_text(&e));
	v = strtol(buf, &end, 10);
	if (!buf[0] || *end || v < 0 || v > 10000)
		return pos_fail(err, POS_ERR_INVALID,
				tr("setting sale.cashier_discount_limit_bp is \"%s\": "
				   "it must be 0..10000 (basis points, 1000 = 10 %%)"), buf);
	*bp = (int)v;
	return 0;
}

/* --- validation ------------------------------------------------------ */

int user_pin_valid(const char *pin, struct pos_error *err)
{
	size_t i, n = pin ? strlen(pin) : 0;

	for (i = 0; i < n; i++)
		if (pin[i] < '0' || pin[i] > '9')
			break;
	if (n < 4 || n > 12 || i != n)
		return pos_fail(err, POS_ERR_INVALID, "%s", tr("a PIN is 4 to 12 digits"));
	return 0;
}

int user_name_valid(const char *name, struct pos_error *err)
{
	size_t i, n = name ? strlen(name) : 0;

	if (n < 1 || n > USER_NAME_MAX - 1)
		return pos_fail(err, POS_ERR_INVALID,
				tr("a user name is 1 to %d characters"), USER_NAME_MAX - 1);
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return pos_fail(err, POS_ERR_INVALID,
					tr("user name \"%s\": use letters without accents, digits, "
					   ". _ or - (the full name may have accents)"), name);
	}
	return 0;
}

/* sodium_init() once per process (it is idempotent, but say it once). */
static int sodium_ready(void)
{
	static int state;          /* 0 not tried, 1 ready, -1 failed */

	if (!state)
		state = sodium_init() < 0 ? -1 : 1;
	return state > 0;
}

static int hash_pin(const char *pin, char out[crypto_pwhash_STRBYTES], struct pos_error *err)
{
	if (!sodium_ready())
		return pos_fail(err, POS_ERR_NO_MEM, "libsodium could not be initialised");
	if (crypto_pwhash_str(out, pin, strlen(pin), USER_PWHASH_OPSLIMIT,
			      USER_PWHASH_MEMLIMIT) != 0)
		return pos_fail(err, POS_ERR_NO_MEM, "%s",
				tr("out of memory while hashing the PIN"));
	return 0;
}

/* --- reading users ---------------------------------------------------- */

#define USER_COLS "id, name, full_name, role, active"

static void row_to_user(sqlite3_stmt *st, struct user *u)
{
	const char *s;
	size_t i;

	memset(u, 0, sizeof(*u));
	u->id = sqlite3_column_int64(st, 0);
	s = (const char *)sqlite3_column_text(st, 1);
	snprintf(u->name, sizeof(u->name), "%s", s ? s : "");
	s = (const char *)sqlite3_column_text(st, 2);
	snprintf(u->full_name, sizeof(u->full_name), "%s", s ? s : "");
	s = (const char *)sqlite3_column_text(st, 3);
	u->role = ROLE_CASHIER;
	for (i = 0; s && i < NROLES; i++)
		if (strcmp(s, role_names[i]) == 0)
			u->role = (enum user_role)i;
	u->active = sqlite3_column_int(st, 4);
}

/* row_to_user as a db_row_fn. */
static void user_row(sqlite3_stmt *st, void *item)
{
	row_to_user(st, item);
}

static int get_by(struct db *db, const char *name, long long id, struct user *out,
		  struct pos_error *err)
{
	int r = db_row_by(db, name ? "SELECT " USER_COLS " FROM user WHERE name = ?1"
			  : "SELECT " USER_COLS " FROM user WHERE id = ?1",
			  name, id, user_row, out, "reading a user", err);

	if (r != POS_ERR_NOT_FOUND)
		return r;
	if (name)
		return pos_fail(err, POS_ERR_NOT_FOUND,
				tr("unknown user \"%s\": see `ocop-pos user list`"), name);
	return pos_fail(err, POS_ERR_NOT_FOUND, tr("unknown user id %lld"), id);
}

int user_get(struct db *db, const char *name, struct user *out, struct pos_error *err)
{
	return get_by(db, name ? name : "", 0, out, err);
}

int user_get_id(struct db *db, long long id, struct user *out, struct pos_error *err)
{
	return get_by(db, NULL, id, out, err);
}

int user_count(struct db *db, long long *n, struct pos_error *err)
{
	return db_query_int64(db, "SELECT count(*) FROM user", "counting users", n, err);
}

int user_list(struct db *db, struct user **out, size_t *n, struct pos_error *err)
{
	sqlite3_stmt *st;
	void *v;
	int r = db_prepare(db, "SELECT " USER_COLS " FROM user ORDER BY name", &st, err);

	if (r)
		return r;
	r = db_rows(db, st, sizeof(**out), user_row, "listing users", &v, n, err);
	if (!r)
		*out = v;
	return r;
}

/* --- changing users --------------------------------------------------- */

struct add_args {
	const struct user *actor;
	const char *name;
	const char *fname;
	enum user_role role;
	const char *hash;
	struct user u;
};

static int add_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct add_args *a = ctx;
	const struct user *actor = a->actor;
	const char *name = a->name;
	const char *fname = a->fname;
	enum user_role role = a->role;
	const char *hash = a->hash;
	char ts[CLOCK_TS_LEN], detail[64];
	struct user *u = &a->u;
	long long count = 0;
	sqlite3_stmt *st;
	int r;

	r = user_count(db, &count, err);
	if (r)
		return r;
	if (!actor && count > 0)
		return pos_fail(err, POS_ERR_PERM, "%s",
				tr("adding a user needs an admin: give --by ADMIN and the admin's PIN"));
	if (count == 0 && role != ROLE_ADMIN)
		return pos_fail(err, POS_ERR_REFUSED, "%s",
				tr("the first user must be an admin (--role admin)"));
	if (get_by(db, name, 0, u, NULL) == 0)
		return pos_fail(err, POS_ERR_EXISTS, tr("user \"%s\" already exists"), u->name);
	clock_format_utc(clock_now(), ts);
	r = db_prepare(db, "INSERT INTO user (name, full_name, role, pin_hash, created_at, "
		       "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)", &st, err);
	if (r)
		return r;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, fname, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, role_names[role], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, ts, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_reset(st);
		return db_fail(db, err, "saving the user");
	}
	sqlite3_reset(st);
	r = user_get_id(db, db_last_id(db), u, err);
	if (r)
		return r;
	snprintf(detail, sizeof(detail), "role=%s", role_names[role]);
	r = audit_log(db, actor ? actor->id : u->id, 0, "user_add", u->name, detail, err);
	if (r)
		return r;
	return 0;
}

/* When actor is given, that it may manage users; then the hash of pin. */
static int require_and_hash(const struct user *actor, const char *pin,
			    char hash[crypto_pwhash_STRBYTES], struct pos_error *err)
{
	int r = actor ? user_require(actor, PERM_USERS, err) : 0;

	return r ? r : hash_pin(pin, hash, err);
}

int user_add(struct db *db, const struct user *actor, const char *name, const char *full_name,
	     enum user_role role, const char *pin, struct user *out, struct pos_error *err)
{
	char hash[crypto_pwhash_STRBYTES], fname[128];
	struct add_args a;
	int r;

	if ((unsigned)role >= NROLES)
		return pos_fail(err, POS_ERR_INVALID, "unknown role %d", (int)role);
	r = user_name_valid(name, err);
	if (r)
		return r;
	snprintf(fname, sizeof(fname), "%s", full_name ? full_name : "");
	if (full_name && strlen(full_name) >= sizeof(fname))
		return pos_fail(err, POS_ERR_INVALID, tr("full name: at most %d bytes"),
				(int)sizeof(fname) - 1);
	r = field_plain(fname, sizeof(fname), "full name", err);
	if (r)
		return r;
	r = user_pin_valid(pin, err);
	if (r)
		return r;
	r = require_and_hash(actor, pin, hash, err);
	if (r)
		return r;
	a.actor = actor;
	a.name = name;
	a.fname = fname;
	a.role = role;
	a.hash = hash;
	if ((r = db_tx(db, DB_TX_WRITE, add_in_tx, &a, err)))
		return r;
	if (out)
		*out = a.u;
	return 0;
}

struct active_args {
	const struct user *actor;
	const char *name;
	int active;
};

static int active_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct active_args *a = ctx;
	const struct user *actor = a->actor;
	const char *name = a->name;
	int active = a->active;
	char ts[CLOCK_TS_LEN];
	struct user u;
	int r;

	r = user_get(db, name, &u, err);
	if (r)
		return r;
	if (!active && u.id == actor->id)
		return pos_fail(err, POS_ERR_REFUSED, "%s",
				tr("you cannot disable yourself: ask another admin"));
	clock_format_utc(clock_now(), ts);
	r = db_write(db, err, "saving the user", "UPDATE user SET active = ?1, failed_logins = 0, "
		     "locked_until = NULL, updated_at = ?2 WHERE id = ?3", "iti",
		     (long long)!!active, ts, u.id);
	if (r)
		return r;
	return audit_log(db, actor->id, 0, active ? "user_enable" : "user_disable", u.name, "",
			 err);
}

int user_set_active(struct db *db, const struct user *actor, const char *name, int active,
		    struct pos_error *err)
{
	struct active_args a;
	int r = user_require(actor, PERM_USERS, err);

	if (r)
		return r;
	a.actor = actor;
	a.name = name;
	a.active = active;
	return db_tx(db, DB_TX_WRITE, active_in_tx, &a, err);
}

/* Replace the hash of user id (and clear the failure count). */
static int store_hash(struct db *db, long long id, const char *hash, struct pos_error *err)
{
	char ts[CLOCK_TS_LEN];

	clock_format_utc(clock_now(), ts);
	return db_write(db, err, "saving the PIN", "UPDATE user SET pin_hash = ?1, "
			"failed_logins = 0, locked_until = NULL, updated_at = ?2 WHERE id = ?3",
			"tti", hash, ts, id);
}

struct pin_args {
	const struct user *actor, *u;
	const char *hash;
	int self;
};

static int pin_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct pin_args *a = ctx;
	int r = store_hash(db, a->u->id, a->hash, err);

	return r ? r : audit_log(db, a->actor->id, 0, "user_pin", a->u->name,
				 a->self ? "changed by the user" : "reset by an admin", err);
}

int user_set_pin(struct db *db, const struct user *actor, const char *name, const char *pin,
		 struct pos_error *err)
{
	struct pin_args a;
	char hash[crypto_pwhash_STRBYTES];
	struct user u;
	int r, self;

	if (!actor)
		return pos_fail(err, POS_ERR_PERM, "%s",
				tr("changing a PIN needs the user's old PIN or an admin"));
	r = user_pin_valid(pin, err);
	if (r)
		return r;
	r = user_get(db, name, &u, err);
	if (r)
		return r;
	self = actor->id == u.id;
	r = require_and_hash(self ? NULL : actor, pin, hash, err);
	if (r)
		return r;
	a.actor = actor;
	a.u = &u;
	a.hash = hash;
	a.self = self;
	return db_tx(db, DB_TX_WRITE, pin_in_tx, &a, err);
}

/* --- logging in ------------------------------------------------------- */

struct auth_row {
	struct user u;
	char hash[crypto_pwhash_STRBYTES];
	long long fails;
	char locked_until[CLOCK_TS_LEN];
};

static void auth_row(sqlite3_stmt *st, void *item)
{
	struct auth_row *a = item;

	row_to_user(st, &a->u);
	db_col_copy(st, 5, a->hash, sizeof(a->hash));
	a->fails = sqlite3_column_int64(st, 6);
	db_col_copy(st, 7, a->locked_until, sizeof(a->locked_until));
}

static int read_auth(struct db *db, const char *name, struct auth_row *a, struct pos_error *err)
{
	int r = db_row_by(db, "SELECT " USER_COLS ", pin_hash, failed_logins, "
			  "coalesce(locked_until, '') FROM user WHERE name = ?1", name, 0, auth_row,
			  a, "reading a user", err);

	if (r == POS_ERR_NOT_FOUND)
		return pos_fail(err, r, tr("unknown user \"%s\": see `ocop-pos user list`"), name);
	return r;
}

/* Record the failure count and lock of user id (own transaction). */
static int store_fails(struct db *db, long long id, long long fails, const char *locked_until,
		       struct pos_error *err)
{
	return db_write(db, err, "saving the login attempt",
			"UPDATE user SET failed_logins = ?1, locked_until = ?2 WHERE id = ?3", "izi",
			fails, locked_until, id);
}

/* Minutes (rounded up, at least 1) from now until ts. */
static long minutes_until(const char *ts, time_t now)
{
	time_t t;

	if (clock_parse_utc(ts, &t, NULL))
		return USER_LOCK_MINUTES;
	if (t <= now)
		return 0;
	return (long)((t - now + 59) / 60);
}

/*
 * Check pin against user a's hash inside one write transaction (BEGIN
 * IMMEDIATE), from reading the failure count and lock to writing them
 * back: tries at once from several tills or processes are checked one
 * after the other, so N wrong tries count N and, once USER_MAX_FAILS of
 * them have locked the user, the others are refused unchecked.  A process
 * killed mid-check leaves nothing (its transaction rolls back), so a
 * crash never counts as a wrong PIN.  The check is first made in a read
 * transaction, which a long import holding the write lock does not block:
 * a right PIN with nothing to reset, or a running lock, writes nothing and
 * ends there.  Only a try that changes the count (a wrong PIN, or a right
 * one after wrong ones) goes on to the write transaction, which reads the
 * count again.  The PIN's hash is checked once either way.
 * *fails: the count after this try
 * (0 on success); *locked_min: minutes of a lock that was running (0 when
 * the PIN was checked); *ok: the PIN was right.
 */
struct check_pin_args {
	const struct auth_row *a;
	const char *pin;
	time_t now;
	int dry;             /* read only: say need_write instead of writing */
	int good;            /* the PIN matches the hash; -1: not checked yet */
	int need_write;      /* out (dry): the count or lock must change */
	long long fails;     /* out */
	long locked_min;     /* out */
	int ok;              /* out */
};

static int check_pin_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct check_pin_args *c = ctx;
	const struct auth_row *a = c->a;
	char until[CLOCK_TS_LEN], lock[CLOCK_TS_LEN];
	sqlite3_stmt *st;
	long long n;
	long mins;
	const char *s;
	int r, good;

	r = db_prepare(db, "SELECT failed_logins, coalesce(locked_until, '') FROM user "
		       "WHERE id = ?1", &st, err);
	if (r)
		return r;
	sqlite3_bind_int64(st, 1, a->u.id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_fail(db, err, "saving the login attempt");
	}
	n = sqlite3_column_int64(st, 0);
	s = (const char *)sqlite3_column_text(st, 1);
	snprintf(lock, sizeof(lock), "%s", s ? s : "");
	sqlite3_reset(st);
	if (lock[0] && (mins = minutes_until(lock, c->now)) > 0) {
		/* nothing to write */
		c->locked_min = mins;
		c->fails = n;
		c->ok = 0;
		return 0;
	}
	if (c->good < 0)
		c->good = user_pin_valid(c->pin, NULL) == 0 &&
			  crypto_pwhash_str_verify(a->hash, c->pin, strlen(c->pin)) == 0;
	good = c->good;
	if (c->dry) {
		/* a wrong PIN always counts; a right one resets a count or lock */
		c->need_write = !good || lock[0] || n || a->fails;
		if (c->need_write)
			return 0;
		c->locked_min = 0;
		c->fails = 0;
		c->ok = 1;
		return 0;
	}
	if (good) {
		n = 0;
		if (lock[0] || a->fails)
			r = store_fails(db, a->u.id, 0, NULL, err);
	} else {
		if (lock[0])
			n = 0;    /* the lock ran out: a new series of tries */
		n++;
		until[0] = '\0';
		if (n >= USER_MAX_FAILS)
			clock_format_utc(c->now + USER_LOCK_MINUTES * 60, until);
		r = store_fails(db, a->u.id, n >= USER_MAX_FAILS ? 0 : n, until, err);
		if (!r && n >= USER_MAX_FAILS)
			r = audit_log(db, a->u.id, 0, "user_locked", a->u.name,
				      "too many wrong PINs", err);
	}
	if (r)
		return r;
	c->locked_min = 0;
	c->fails = n;
	c->ok = good;
	return 0;
}

/*
 * The wrong-PIN count is committed like any other write: a wrong PIN is
 * not an error of the transaction (check_pin_in_tx returns 0 with ok = 0),
 * so the new count and lock are kept.  A try that must write while the
 * database is locked fails in db_tx()'s BEGIN IMMEDIATE with POS_ERR_BUSY,
 * counts nothing and gives no verdict.
 */
static int check_pin(struct db *db, const struct auth_row *a, const char *pin, time_t now,
		     long long *fails, long *locked_min, int *ok, struct pos_error *err)
{
	struct check_pin_args c = { a, pin, now, 1, -1, 0, 0, 0, 0 };
	int r = db_tx(db, DB_TX_READ, check_pin_in_tx, &c, err);

	if (!r && c.need_write) {
		c.dry = 0;
		r = db_tx(db, DB_TX_WRITE, check_pin_in_tx, &c, err);
	}
	if (r)
		return r;
	*fails = c.fails;
	*locked_min = c.locked_min;
	*ok = c.ok;
	return 0;
}

int user_auth(struct db *db, const char *name, const char *pin, struct user *out,
	      struct pos_error *err)
{
	struct auth_row a;
	time_t now = clock_now();
	long mins;
	int r, ok = 0;

	if (!name || !*name)
		return pos_fail(err, POS_ERR_INVALID, "%s", tr("no user name given"));
	r = read_auth(db, name, &a, err);
	if (r)
		return r;
	if (!a.u.active)
		return pos_fail(err, POS_ERR_PERM, tr("user %s is disabled: ask an admin"),
				a.u.name);
	if (a.locked_until[0] && (mins = minutes_until(a.locked_until, now)) > 0)
		return pos_fail(err, POS_ERR_PERM,
				tr("user %s is locked after %d wrong PINs: try again in %ld "
				   "minute(s) or ask an admin to reset the PIN"),
				a.u.name, USER_MAX_FAILS, mins);
	if (!pin || !*pin)
		return pos_fail(err, POS_ERR_PERM,
				tr("no PIN for %s: give it on standard input (one line)"), a.u.name);
	if (!sodium_ready())
		return pos_fail(err, POS_ERR_NO_MEM, "libsodium could not be initialised");
	r = check_pin(db, &a, pin, now, &a.fails, &mins, &ok, err);
	if (r)
		return r;
	if (mins > 0)
		return pos_fail(err, POS_ERR_PERM,
				tr("user %s is locked after %d wrong PINs: try again in %ld "
				   "minute(s) or ask an admin to reset the PIN"),
				a.u.name, USER_MAX_FAILS, mins);
	if (ok) {
		if (crypto_pwhash_str_needs_rehash(a.hash, USER_PWHASH_OPSLIMIT,
						   USER_PWHASH_MEMLIMIT) != 0) {
			char hash[crypto_pwhash_STRBYTES];

			/* Best effort: the login succeeds even if this fails. */
			if (hash_pin(pin, hash, NULL) == 0)
				store_hash(db, a.u.id, hash, NULL);
		}
		*out = a.u;
		return 0;
	}
	if (a.fails >= USER_MAX_FAILS)
		return pos_fail(err, POS_ERR_PERM,
				tr("wrong PIN for %s: locked for %d minutes after %d wrong PINs"),
				a.u.name, USER_LOCK_MINUTES, USER_MAX_FAILS);
	return pos_fail(err, POS_ERR_PERM,
			tr("wrong PIN for %s: %lld more wrong PIN(s) lock the user for %d minutes"),
			a.u.name, USER_MAX_FAILS - a.fails, USER_LOCK_MINUTES);
}

/* --- demo ------------------------------------------------------------- */

int demo_users(struct db *db, struct pos_error *err)
{
	static const struct {
		const char *name, *full_name, *pin;
		enum user_role role;
	} demo[] = {
		{ "admin", "Nguyễn Thị Lan", "1111", ROLE_ADMIN },
		{ "quanly", "Trần Văn Hùng", "2222", ROLE_MANAGER },
		{ "thungan", "Lê Thị Mai", "1234", ROLE_CASHIER },
		{ "tinh", "Võ Thị Tình", "3333", ROLE_AUDITOR },
	};
	struct user admin, u;
	long long n = 0;
	size_t i;
	int r = user_count(db, &n, err);

	if (r || n > 0)
		return r;
	for (i = 0; i < sizeof(demo) / sizeof(demo[0]); i++) {
		r = user_add(db, i ? &admin : NULL, demo[i].name, demo[i].full_name, demo[i].role,
			     demo[i].pin, &u, err);
		if (r)
			return r;
		if (i == 0)
			admin = u;
	}
	return 0;
}
