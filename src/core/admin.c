/*
 * admin.c - the administrator's changes to the showroom record and to the
 * settings the settings screen shows (see admin.h).  Every change is
 * checked here, needs PERM_SETTINGS and leaves an audit entry in the same
 * transaction, so a refused or failed change writes nothing at all.
 */
#include "admin.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "db.h"
#include "lib/devspec.h"
#include "field.h"
#include "i18n.h"
#include "showroom.h"
#include "taxcode.h"
#include "user.h"

/* Append "what: old → new; " to the audit detail when a field changed. */
static int note_change(char *detail, size_t n, const char *what, const char *old,
		       const char *new_value)
{
	size_t len = strlen(detail);

	if (strcmp(old, new_value) == 0)
		return 0;
	if (len < n)
		snprintf(detail + len, n - len, "%s%s: %s -> %s", len ? "; " : "", what, old,
			 new_value);
	return 1;
}

struct showroom_args {
	const struct user *u;
	const struct showroom *cur, *nw;
	const char *detail;
};

static int showroom_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct showroom_args *a = ctx;
	int r = db_write(db, err, "saving the showroom", "UPDATE showroom SET name = ?1, "
			 "address = ?2, tax_code = ?3, phone = ?4 WHERE is_local = 1", "tttt",
			 a->nw->name, a->nw->address, a->nw->tax_code, a->nw->phone);

	return r ? r : audit_log(db, a->u->id, 0, "showroom", a->cur->code, a->detail, err);
}

int admin_showroom_update(struct db *db, const struct user *u, const struct showroom *s,
			  int *changed, struct pos_error *err)
{
	struct showroom cur, nw;
	struct showroom_args a;
	struct pos_error e;
	char detail[256] = "";
	int r, any = 0;

	if ((r = user_require(u, PERM_SETTINGS, err)))
		return r;
	if ((r = showroom_local(db, &cur, err)))
		return r;
	if (strcmp(s->code, cur.code) != 0)
		return pos_fail(err, POS_ERR_INVALID,
				tr("showroom code: this database is showroom %s, not %s (the code "
				   "cannot be changed)"), cur.code, s->code);
	nw = cur;
	snprintf(nw.name, sizeof(nw.name), "%s", s->name);
	snprintf(nw.address, sizeof(nw.address), "%s", s->address);
	snprintf(nw.tax_code, sizeof(nw.tax_code), "%s", s->tax_code);
	snprintf(nw.phone, sizeof(nw.phone), "%s", s->phone);
	if ((r = field_name(nw.name, sizeof(nw.name), tr("showroom name"), err)) ||
	    (r = field_plain(nw.address, sizeof(nw.address), tr("address"), err)) ||
	    (r = field_plain(nw.phone, sizeof(nw.phone), tr("phone"), err)))
		return r;
	field_trim(nw.tax_code);
	if (nw.tax_code[0] && taxcode_validate(nw.tax_code, &e))
		return pos_fail(err, POS_ERR_INVALID, tr("tax code: %s"), pos_error_text(&e));
	any |= note_change(detail, sizeof(detail), "name", cur.name, nw.name);
	any |= note_change(detail, sizeof(detail), "address", cur.address, nw.address);
	any |= note_change(detail, sizeof(detail), "tax_code", cur.tax_code, nw.tax_code);
	any |= note_change(detail, sizeof(detail), "phone", cur.phone, nw.phone);
	if (!any) {
		if (changed)
			*changed = 0;
		return 0;
	}
	a.u = u;
	a.cur = &cur;
	a.nw = &nw;
	a.detail = detail;
	if ((r = db_tx(db, DB_TX_WRITE, showroom_in_tx, &a, err)))
		return r;
	if (changed)
		*changed = 1;
	return 0;
}

/* A profile name: 1..31 of A-Z a-z 0-9 - _ . */
static int profile_name_ok(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > 31)
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.'))
			return 0;
	}
	return 1;
}

/* A whole number lo..hi written in plain digits. */
static int check_int(const char *key, const char *value, long lo, long hi,
		     struct pos_error *err)
{
	const char *p;
	long v = 0;

	for (p = value; *p && *p >= '0' && *p <= '9' && v <= hi; p++)
		v = v * 10 + (*p - '0');
	if (*p || p == value || v < lo || v > hi)
		return pos_fail(err, POS_ERR_INVALID, tr("%s: \"%s\" is not a number from %ld to %ld"),
				key, value, lo, hi);
	return 0;
}

static int check_value(const char *key, const char *value, struct pos_error *err)
{
	struct device_spec ds;
	enum vn_mode m;

	if (!value[0])
		return 0;
	if (strcmp(key, ADMIN_SET_PRINTER) == 0 || strcmp(key, ADMIN_SET_SCANNER) == 0) {
		if (strcmp(key, ADMIN_SET_SCANNER) == 0 && strcmp(value, "wedge") == 0)
			return 0;
		return device_spec_parse(value, &ds, err) ? POS_ERR_INVALID : 0;
	}
	if (strcmp(key, ADMIN_SET_PROFILE) == 0) {
		if (!profile_name_ok(value))
			return pos_fail(err, POS_ERR_INVALID,
					tr("printer profile: \"%s\" is not a profile name"), value);
		return 0;
	}
	if (strcmp(key, ADMIN_SET_VN_MODE) == 0) {
		if (vn_mode_parse(value, &m))
			return pos_fail(err, POS_ERR_INVALID,
					tr("Vietnamese mode: \"%s\" is not raster, tcvn3, cp1258 "
					   "or ascii"), value);
		return 0;
	}
	if (strcmp(key, ADMIN_SET_DRAWER) == 0) {
		if (strcmp(value, "0") && strcmp(value, "1"))
			return pos_fail(err, POS_ERR_INVALID,
					tr("open the drawer on cash sales: \"%s\" is not 1 or 0"), value);
		return 0;
	}
	if (strcmp(key, ADMIN_SET_DRAWER_PIN) == 0) {
		if (strcmp(value, "2") && strcmp(value, "5"))
			return pos_fail(err, POS_ERR_INVALID,
					tr("the drawer is on pin 2 or 5, not %s"), value);
		return 0;
	}
	if (strcmp(key, ADMIN_SET_LANG) == 0) {
		if (strcmp(value, "vi") && strcmp(value, "en"))
			return pos_fail(err, POS_ERR_INVALID,
					tr("language: \"%s\" is not vi or en"), value);
		return 0;
	}
	if (strcmp(key, ADMIN_SET_BLOCK_LAPSED) == 0) {
		if (strcmp(value, "0") && strcmp(value, "1"))
			return pos_fail(err, POS_ERR_INVALID,
					tr("block lapsed certificates: \"%s\" is not 1 or 0"), value);
		return 0;
	}
	if (strcmp(key, ADMIN_SET_OVERSELL) == 0) {
		if (strcmp(value, "refuse") && strcmp(value, "allow"))
			return pos_fail(err, POS_ERR_INVALID,
					tr("selling beyond stock: \"%s\" is not refuse or allow"), value);
		return 0;
	}
	if (strcmp(key, ADMIN_SET_DISCOUNT) == 0)
		return check_int(key, value, 0, 10000, err);
	if (strcmp(key, ADMIN_SET_LOYALTY_EARN) == 0)
		return check_int(key, value, 0, 1000, err);
	if (strcmp(key, ADMIN_SET_LOYALTY_VALUE) == 0)
		return check_int(key, value, 1, 100000, err);
	if (strcmp(key, ADMIN_SET_CASH_ROUNDING) == 0) {
		static const char *const steps[] = { "0", "100", "200", "500", "1000", "2000",
						     "5000", "10000" };
		size_t i;

		for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
			if (strcmp(value, steps[i]) == 0)
				return 0;
		return pos_fail(err, POS_ERR_INVALID,
				tr("cash rounding: \"%s\" is not 0 (off), 100, 200, 500, 1000, "
				   "2000, 5000 or 10000"), value);
	}
	return pos_fail(err, POS_ERR_INVALID, tr("setting %s cannot be changed here"), key);
}

struct setting_args {
	const struct user *u;
	const char *key, *value;
};

static int setting_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct setting_args *a = ctx;
	const char *key = a->key, *value = a->value;
	char detail[400];
	int r;

	if (value[0])
		r = setting_set(db, key, value, err);
	else
		r = db_write(db, err, "removing a setting", "DELETE FROM setting WHERE key = ?1", "t",
			     key);
	if (r)
		return r;
	snprintf(detail, sizeof(detail), "%s=%s", key, value);
	return audit_log(db, a->u->id, 0, "setting", key, detail, err);
}

int admin_setting_set(struct db *db, const struct user *u, const char *key, const char *value,
		      struct pos_error *err)
{
	struct setting_args a = { u, key, value };
	int r;

	if ((r = user_require(u, PERM_SETTINGS, err)))
		return r;
	if (!key || !value)
		return pos_fail(err, POS_ERR_INVALID, "admin_setting_set: no key or value");
	if ((r = check_value(key, value, err)))
		return r;
	return db_tx(db, DB_TX_WRITE, setting_in_tx, &a, err);
}
