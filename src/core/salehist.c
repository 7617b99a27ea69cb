/*
 * salehist.c - finding past invoices (see salehist.h).
 *
 * The date and the amount filter in SQL (sale_date indexes the date);
 * the text is tried in C on the newest SALEHIST_SCAN documents as the end
 * of a receipt number, a buyer's tax code, the start of their contact
 * (the phone) or a part of their name, both folded without accents
 * (vn_fold), so "tran thi hoa" finds "Trần Thị Hoa".
 */
#include "salehist.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "db.h"
#include "vntext.h"

#define SALEHIST_SCAN 20000       /* documents looked through for a text */

static void row_doc(sqlite3_stmt *st, void *item)
{
	struct salehist_row *r = item;
	time_t t;

	memset(r, 0, sizeof(*r));
	db_col_copy(st, 0, r->receipt_no, sizeof(r->receipt_no));
	db_col_copy(st, 1, r->kind, sizeof(r->kind));
	if (clock_parse_utc(db_col_text(st, 2), &t, NULL) == 0)
		clock_format_local(t, r->local_time);
	db_col_copy(st, 3, r->register_code, sizeof(r->register_code));
	db_col_copy(st, 4, r->cashier, sizeof(r->cashier));
	r->total = sqlite3_column_int64(st, 5);
	db_col_copy(st, 6, r->buyer, sizeof(r->buyer));
	if (!r->buyer[0])
		db_col_copy(st, 7, r->buyer, sizeof(r->buyer));
	db_col_copy(st, 7, r->buyer_contact, sizeof(r->buyer_contact));
	r->voided = sqlite3_column_int(st, 8);
	r->refunded = sqlite3_column_int64(st, 9);
	db_col_copy(st, 10, r->buyer_tax_code, sizeof(r->buyer_tax_code));
}

static int ends_with(const char *s, const char *end)
{
	size_t a = strlen(s), b = strlen(end);

	return b <= a && strcmp(s + a - b, end) == 0;
}

/* Does r match the folded text? */
static int matches(const struct salehist_row *r, const char *text, const char *fold)
{
	char name[256];

	if (ends_with(r->receipt_no, text) || strcmp(r->buyer_tax_code, text) == 0 ||
	    (r->buyer_contact[0] && strncmp(r->buyer_contact, text, strlen(text)) == 0))
		return 1;
	vn_fold(r->buyer, name, sizeof(name));
	return fold[0] && strstr(name, fold) != NULL;
}

int salehist_find(struct db *db, const struct salehist_query *q, struct salehist_row **out,
		  size_t *n, struct pos_error *err)
{
	char text[128], fold[256];
	sqlite3_stmt *st;
	void *rows = NULL;
	int r;

	vn_copy(text, sizeof(text), q->text ? q->text : "");
	vn_fold(text, fold, sizeof(fold));
	*out = NULL;
	*n = 0;
	if ((r = db_prepare(db, "SELECT s.receipt_no, s.kind, s.at, s.register, coalesce(u.name, ''),"
			    " s.total, s.buyer_name, s.buyer_contact,"
			    " EXISTS (SELECT 1 FROM sale v WHERE v.original_sale_id = s.id"
			    "  AND v.kind = 'void'),"
			    " coalesce((SELECT sum(f.total) FROM sale f WHERE f.original_sale_id = s.id"
			    "  AND f.kind = 'refund'), 0),"
			    " s.buyer_tax_code"
			    " FROM sale s LEFT JOIN user u ON u.id = s.user_id"
			    " WHERE (?2 = '' OR s.business_date = ?2) AND (?3 = 0 OR s.total = ?3)"
			    " ORDER BY s.id DESC LIMIT ?5", &st, err)))
		return r;
	sqlite3_bind_text(st, 2, q->date ? q->date : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, q->amount);
	sqlite3_bind_int(st, 5, text[0] ? SALEHIST_SCAN : SALEHIST_MAX);
	if ((r = db_rows(db, st, sizeof(struct salehist_row), row_doc, "finding invoices", &rows, n,
			 err)))
		return r;
	*out = rows;
	if (text[0]) {
		size_t i, k = 0;

		for (i = 0; i < *n && k < SALEHIST_MAX; i++)
			if (matches(&(*out)[i], text, fold))
				(*out)[k++] = (*out)[i];
		*n = k;
	}
	return 0;
}

int salehist_is_receipt(struct db *db, const char *code)
{
	struct pos_error err;
	sqlite3_stmt *st;
	int found;

	if (!code || !strchr(code, '-') || strlen(code) >= 32)
		return 0;
	if (db_prepare(db, "SELECT 1 FROM sale WHERE receipt_no = ?1", &st, &err))
		return 0;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return found;
}
