/*
 * producer.c - OCOP producers: validation and storage (see producer.h).
 */
#include "producer.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "refdata.h"
#include "taxcode.h"
#include "field.h"
#include "i18n.h"
#include "vntext.h"

static const char *const kind_names[PRODUCER_KIND_COUNT] = {
	"cooperative", "cooperative_group", "enterprise", "household",
};
static const char *const kind_labels_vi[PRODUCER_KIND_COUNT] = {
	"Hợp tác xã", "Tổ hợp tác", "Doanh nghiệp", "Hộ kinh doanh",
};

/* Folded spellings people use for each kind. */
static const struct {
	const char *fold;
	enum producer_kind kind;
} kind_aliases[] = {
	{ "cooperative", PRODUCER_COOPERATIVE },
	{ "coop", PRODUCER_COOPERATIVE },
	{ "htx", PRODUCER_COOPERATIVE },
	{ "hop tac xa", PRODUCER_COOPERATIVE },
	{ "cooperative group", PRODUCER_COOP_GROUP },
	{ "tht", PRODUCER_COOP_GROUP },
	{ "to hop tac", PRODUCER_COOP_GROUP },
	{ "enterprise", PRODUCER_ENTERPRISE },
	{ "company", PRODUCER_ENTERPRISE },
	{ "dn", PRODUCER_ENTERPRISE },
	{ "doanh nghiep", PRODUCER_ENTERPRISE },
	{ "cong ty", PRODUCER_ENTERPRISE },
	{ "household", PRODUCER_HOUSEHOLD },
	{ "hkd", PRODUCER_HOUSEHOLD },
	{ "ho kinh doanh", PRODUCER_HOUSEHOLD },
	{ "ho san xuat", PRODUCER_HOUSEHOLD },
	{ "co so san xuat", PRODUCER_HOUSEHOLD },
};

const char *producer_kind_name(enum producer_kind kind)
{
	return (unsigned)kind < PRODUCER_KIND_COUNT ? kind_names[kind] : "?";
}

const char *producer_kind_label_vi(enum producer_kind kind)
{
	return (unsigned)kind < PRODUCER_KIND_COUNT ? kind_labels_vi[kind] : "?";
}

int producer_kind_parse(const char *s, enum producer_kind *kind, struct pos_error *err)
{
	char f[64];
	size_t i;

	if (!s)
		s = "";
	vn_fold(s, f, sizeof(f));
	for (i = 0; i < sizeof(kind_aliases) / sizeof(kind_aliases[0]); i++) {
		if (strcmp(f, kind_aliases[i].fold) == 0) {
			*kind = kind_aliases[i].kind;
			return 0;
		}
	}
	return pos_fail(err, POS_ERR_INVALID,
			tr("unknown producer kind \"%s\": use cooperative, cooperative_group, "
			"enterprise or household"), s);
}

void producer_init(struct producer *p)
{
	memset(p, 0, sizeof(*p));
	p->kind = PRODUCER_COOPERATIVE;
	p->active = 1;
}

int producer_validate(struct producer *p, struct pos_error *err)
{
	int r;

	r = field_code(p->code, "code", err);
	if (r)
		return r;
	r = field_name(p->name, sizeof(p->name), "name", err);
	if (r)
		return r;
	if ((unsigned)p->kind >= PRODUCER_KIND_COUNT)
		return pos_fail(err, POS_ERR_INVALID, tr("kind: unknown producer kind"));
	if (!province_find(p->province))
		return pos_fail(err, POS_ERR_INVALID,
				tr("province: \"%s\" is not a 2025 province code"), p->province);
	r = field_plain(p->commune, sizeof(p->commune), "commune", err);
	if (!r)
		r = field_plain(p->contact, sizeof(p->contact), "contact", err);
	if (!r)
		r = field_plain(p->phone, sizeof(p->phone), "phone", err);
	if (r)
		return r;
	field_trim(p->tax_code);
	if (p->tax_code[0]) {
		struct pos_error e;

		if (taxcode_validate(p->tax_code, &e))
			return pos_fail(err, POS_ERR_INVALID, tr("tax_code: %s"), pos_error_text(&e));
	}
	p->women_led = !!p->women_led;
	p->ethnic_minority_led = !!p->ethnic_minority_led;
	p->active = !!p->active;
	return 0;
}

#define PRODUCER_COLS "id, code, name, kind, province, commune, tax_code, women_led, " \
	"ethnic_minority_led, contact, phone, active"

static void row_to_producer(sqlite3_stmt *st, struct producer *p)
{
	enum producer_kind k = PRODUCER_COOPERATIVE;
	const char *kind = (const char *)sqlite3_column_text(st, 3);
	int i;

	producer_init(p);
	p->id = sqlite3_column_int64(st, 0);
	db_col_copy(st, 1, p->code, sizeof(p->code));
	db_col_copy(st, 2, p->name, sizeof(p->name));
	for (i = 0; i < PRODUCER_KIND_COUNT; i++)
		if (kind && strcmp(kind, kind_names[i]) == 0)
			k = (enum producer_kind)i;
	p->kind = k;
	db_col_copy(st, 4, p->province, sizeof(p->province));
	db_col_copy(st, 5, p->commune, sizeof(p->commune));
	db_col_copy(st, 6, p->tax_code, sizeof(p->tax_code));
	p->women_led = sqlite3_column_int(st, 7);
	p->ethnic_minority_led = sqlite3_column_int(st, 8);
	db_col_copy(st, 9, p->contact, sizeof(p->contact));
	db_col_copy(st, 10, p->phone, sizeof(p->phone));
	p->active = sqlite3_column_int(st, 11);
}

/* row_to_producer as a db_row_fn. */
static void producer_row(sqlite3_stmt *st, void *item)
{
	row_to_producer(st, item);
}

static int get_by(struct db *db, const char *sql, const char *code, long long id,
		  struct producer *out, struct pos_error *err)
{
	int r = db_row_by(db, sql, code, id, producer_row, out, "reading a producer", err);

	if (r != POS_ERR_NOT_FOUND)
		return r;
	if (code)
		return pos_fail(err, POS_ERR_NOT_FOUND,
				tr("unknown producer \"%s\": see `ocop-pos producer list`"), code);
	return pos_fail(err, POS_ERR_NOT_FOUND, tr("unknown producer id %lld"), id);
}

int producer_get(struct db *db, const char *code, struct producer *out,
		 struct pos_error *err)
{
	return get_by(db, "SELECT " PRODUCER_COLS " FROM producer WHERE code = ?1",
		      code, 0, out, err);
}

int producer_get_id(struct db *db, long long id, struct producer *out,
		    struct pos_error *err)
{
	return get_by(db, "SELECT " PRODUCER_COLS " FROM producer WHERE id = ?1",
		      NULL, id, out, err);
}

static int same_producer(const struct producer *a, const struct producer *b)
{
	return strcmp(a->name, b->name) == 0 && a->kind == b->kind &&
	       strcmp(a->province, b->province) == 0 && strcmp(a->commune, b->commune) == 0 &&
	       strcmp(a->tax_code, b->tax_code) == 0 && a->women_led == b->women_led &&
	       a->ethnic_minority_led == b->ethnic_minority_led &&
	       strcmp(a->contact, b->contact) == 0 && strcmp(a->phone, b->phone) == 0 &&
	       a->active == b->active;
}

int producer_save(struct db *db, struct producer *p, int *changed, struct pos_error *err)
{
	struct producer old;
	struct pos_error e;
	sqlite3_stmt *st;
	char now[CLOCK_TS_LEN], fold[PRODUCER_NAME_MAX * 2];
	int r, exists;

	r = producer_validate(p, err);
	if (r)
		return r;
	r = producer_get(db, p->code, &old, &e);
	if (r && r != POS_ERR_NOT_FOUND)
		return pos_fail(err, (enum pos_err)r, "%s", pos_error_text(&e));
	exists = r == 0;
	if (exists && same_producer(&old, p)) {
		p->id = old.id;
		if (changed)
			*changed = 0;
		return 0;
	}
	clock_format_utc(clock_now(), now);
	vn_fold(p->name, fold, sizeof(fold));
	r = db_prepare(db, exists ?
		       "UPDATE producer SET name = ?2, name_fold = ?3, kind = ?4, province = ?5, "
		       "commune = ?6, tax_code = ?7, women_led = ?8, ethnic_minority_led = ?9, "
		       "contact = ?10, phone = ?11, active = ?12, updated_at = ?13 WHERE code = ?1" :
		       "INSERT INTO producer (code, name, name_fold, kind, province, commune, "
		       "tax_code, women_led, ethnic_minority_led, contact, phone, active, "
		       "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
		       "?11, ?12, ?13, ?13)", &st, err);
	if (r)
		return r;
	sqlite3_bind_text(st, 1, p->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, p->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, fold, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, kind_names[p->kind], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, p->province, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, p->commune, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, p->tax_code, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 8, p->women_led);
	sqlite3_bind_int(st, 9, p->ethnic_minority_led);
	sqlite3_bind_text(st, 10, p->contact, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, p->phone, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 12, p->active);
	sqlite3_bind_text(st, 13, now, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		r = db_fail(db, err, "saving the producer");
		sqlite3_reset(st);
		return r;
	}
	sqlite3_reset(st);
	p->id = exists ? old.id : db_last_id(db);
	if (changed)
		*changed = 1;
	return 0;
}

int producer_list(struct db *db, const struct producer_filter *f,
		  int (*cb)(void *ctx, const struct producer *p), void *ctx,
		  struct pos_error *err)
{
	struct producer p;
	sqlite3_stmt *st;
	char like[300] = "";
	int r, rc;

	r = db_prepare(db, "SELECT " PRODUCER_COLS " FROM producer "
		       "WHERE (?1 IS NULL OR province = ?1) AND (?2 < 0 OR kind = ?3) "
		       "AND (?4 OR active = 1) "
		       "AND (?5 IS NULL OR name_fold LIKE ?5 OR lower(code) LIKE ?5) "
		       "ORDER BY name COLLATE VI, code", &st, err);
	if (r)
		return r;
	if (f && f->province)
		sqlite3_bind_text(st, 1, f->province, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, f ? f->kind : -1);
	sqlite3_bind_text(st, 3, f && f->kind >= 0 && f->kind < PRODUCER_KIND_COUNT ?
			  kind_names[f->kind] : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, f ? f->include_inactive : 0);
	if (f && f->text && *f->text) {
		char fold[256];

		vn_fold(f->text, fold, sizeof(fold));
		snprintf(like, sizeof(like), "%%%s%%", fold);
		sqlite3_bind_text(st, 5, like, -1, SQLITE_STATIC);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row_to_producer(st, &p);
		r = cb(ctx, &p);
		if (r) {
			sqlite3_reset(st);
			return r;
		}
	}
	r = rc == SQLITE_DONE ? 0 : db_fail(db, err, "listing producers");
	sqlite3_reset(st);
	return r;
}
