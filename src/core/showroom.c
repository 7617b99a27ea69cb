/*
 * showroom.c - the local showroom record and key/value settings.
 */
#include "showroom.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "field.h"
#include "i18n.h"
#include "refdata.h"
#include "taxcode.h"

void showroom_init_struct(struct showroom *s)
{
	memset(s, 0, sizeof(*s));
}

struct create_args {
	struct showroom *s;
};

static int create_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct create_args *a = ctx;
	struct showroom *s = a->s;
	struct showroom old;
	char now[CLOCK_TS_LEN];
	int r;

	if (showroom_local(db, &old, NULL) == 0)
		return pos_fail(err, POS_ERR_EXISTS,
				tr("%s is already set up for showroom %s (%s); use another --db file"),
				db_path(db), old.code, old.name);
	clock_format_utc(clock_now(), now);
	r = db_write(db, err, "saving the showroom", "INSERT INTO showroom (code, name, province, "
		     "address, tax_code, phone, is_local, created_at) "
		     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7)", "ttttttt", s->code, s->name,
		     s->province, s->address, s->tax_code, s->phone, now);
	if (r)
		return r;
	s->id = db_last_id(db);
	if ((r = setting_set(db, "role", s->is_hub ? "hub" : "showroom", err)))
		return r;
	return setting_set(db, "register", "01", err);
}

int showroom_create(struct db *db, struct showroom *s, struct pos_error *err)
{
	struct create_args a = { s };
	struct pos_error e;
	int r;

	if ((r = field_code(s->code, "showroom code", err)) ||
	    (r = field_name(s->name, sizeof(s->name), "showroom name", err)) ||
	    (r = field_plain(s->address, sizeof(s->address), "address", err)) ||
	    (r = field_plain(s->phone, sizeof(s->phone), "phone", err)))
		return r;
	if (strlen(s->code) > 16)
		return pos_fail(err, POS_ERR_INVALID, tr("showroom code: at most 16 characters"));
	if (!province_find(s->province))
		return pos_fail(err, POS_ERR_INVALID,
				tr("province: \"%s\" is not a 2025 province code"), s->province);
	field_trim(s->tax_code);
	if (s->tax_code[0] && taxcode_validate(s->tax_code, &e))
		return pos_fail(err, POS_ERR_INVALID, tr("tax code: %s"), pos_error_text(&e));
	return db_tx(db, DB_TX_WRITE, create_in_tx, &a, err);
}

int showroom_local(struct db *db, struct showroom *out, struct pos_error *err)
{
	struct showroom s;
	sqlite3_stmt *st;
	char role[16];
	int r = db_prepare(db, "SELECT id, code, name, province, address, tax_code, phone "
			   "FROM showroom WHERE is_local = 1", &st, err), rc;

	if (r)
		return r;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return db_fail(db, err, "reading the showroom");
		return pos_fail(err, POS_ERR_NOT_FOUND,
				tr("%s has no showroom yet: run `ocop-pos init --showroom CODE "
				   "--name NAME --province CODE`"), db_path(db));
	}
	showroom_init_struct(&s);
	s.id = sqlite3_column_int64(st, 0);
	snprintf(s.code, sizeof(s.code), "%s", (const char *)sqlite3_column_text(st, 1));
	snprintf(s.name, sizeof(s.name), "%s", (const char *)sqlite3_column_text(st, 2));
	snprintf(s.province, sizeof(s.province), "%s", (const char *)sqlite3_column_text(st, 3));
	snprintf(s.address, sizeof(s.address), "%s", (const char *)sqlite3_column_text(st, 4));
	snprintf(s.tax_code, sizeof(s.tax_code), "%s", (const char *)sqlite3_column_text(st, 5));
	snprintf(s.phone, sizeof(s.phone), "%s", (const char *)sqlite3_column_text(st, 6));
	sqlite3_reset(st);
	r = setting_get(db, "role", role, sizeof(role), err);
	if (r && r != POS_ERR_NOT_FOUND)
		return r;
	s.is_hub = r == 0 && strcmp(role, "hub") == 0;
	*out = s;
	return 0;
}

int setting_get(struct db *db, const char *key, char *buf, size_t n, struct pos_error *err)
{
	int r = db_text_by(db, "SELECT value FROM setting WHERE key = ?1", key, buf, n,
			   "reading a setting", err);

	if (r == POS_ERR_NOT_FOUND)
		return pos_fail(err, r, "setting %s is not set", key);
	return r;
}

int setting_set(struct db *db, const char *key, const char *value, struct pos_error *err)
{
	return db_write(db, err, "saving a setting", "INSERT INTO setting (key, value) "
			"VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
			"tt", key, value);
}
