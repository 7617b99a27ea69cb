/*
 * einvoice.c - cash-register e-invoices: settings, the rule sets by date,
 * issuing in the document's transaction, outbox state, look-ups and the
 * checks (see einvoice.h).
 *
 * Issuing is kept small because it sits inside every durable sale commit:
 * one read of the settings, one of the sale row (with the original's
 * invoice for a refund or void), two counter bumps and one insert.  The
 * XML is not built here: einvoice_xml.c makes it from the stored sale
 * whenever it is shown or sent, so it cannot disagree with the sale.
 *
 * Numbers: einvoice_counter holds "S:<series>" (the invoice number, the
 * series names the year) and "M:<code>:<YY>" (the 11 digits of the MTT
 * code).  Both are bumped in the caller's transaction, so a rolled back
 * sale gives its numbers back and neither series has gaps.
 */
#include "einvoice.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audit.h"
#include "clock.h"
#include "db.h"
#include "einvoice_send.h"
#include "i18n.h"
#include "showroom.h"
#include "taxcode.h"
#include "user.h"
#include "vntext.h"

#define KEY_FORM "einvoice.form"
#define KEY_SERIES "einvoice.series"
#define KEY_CODE "einvoice.code"
#define KEY_PROVIDER "einvoice.provider"
#define KEY_ENDPOINT "einvoice.endpoint"
#define KEY_CREDENTIALS "einvoice.credentials"
#define KEY_SINCE "einvoice.since"

/* The rule sets, oldest first; the last one also covers later dates. */
static const struct einv_rules rules_table[] = {
	{ "nd123-70", "0000-01-01", "2026-06-30", 1,
	  "Nghị định 123/2020/NĐ-CP (Điều 11), sửa đổi bởi Nghị định 70/2025/NĐ-CP; "
	  "Thông tư 78/2021/TT-BTC, Thông tư 32/2025/TT-BTC" },
	{ "nd254-2026", "2026-07-01", "9999-12-31", 0,
	  "Nghị định 254/2026/NĐ-CP; Thông tư 91/2026/TT-BTC" },
};

const struct einv_rules *einvoice_rules_for(const char *date)
{
	size_t i, n = sizeof(rules_table) / sizeof(rules_table[0]);

	for (i = 0; date && i < n; i++)
		if (strcmp(date, rules_table[i].from) >= 0 && strcmp(date, rules_table[i].until) <= 0)
			return &rules_table[i];
	return &rules_table[n - 1];
}

int einvoice_method_parse(const char *s, int *form, struct pos_error *err)
{
	if (s && strcmp(s, "deduction") == 0) {
		*form = EINV_FORM_VAT;
		return 0;
	}
	if (s && strcmp(s, "direct") == 0) {
		*form = EINV_FORM_SALES;
		return 0;
	}
	return pos_fail(err, POS_ERR_INVALID,
			tr("tax method: \"%s\" is not deduction (VAT invoice, form 1) or direct "
			   "(sales invoice, form 2)"), s ? s : "");
}

const char *einvoice_method_name(int form)
{
	return form == EINV_FORM_SALES ? "direct" : "deduction";
}

static int is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int einvoice_series_valid(const char *s, struct pos_error *err)
{
	if (s && strlen(s) == 6 && s[0] == 'C' && is_digit(s[1]) && is_digit(s[2]) &&
	    s[3] == 'M' && is_upper(s[4]) && is_upper(s[5]))
		return 0;
	return pos_fail(err, POS_ERR_INVALID,
			tr("series: \"%s\" is not C + 2-digit year + M + 2 capital letters "
			   "(e.g. C26MAB)"), s ? s : "");
}

int einvoice_code_valid(const char *s, struct pos_error *err)
{
	size_t i;

	if (s && strlen(s) == 5) {
		for (i = 0; i < 5; i++)
			if (!is_upper(s[i]) && !is_digit(s[i]))
				break;
		if (i == 5)
			return 0;
	}
	return pos_fail(err, POS_ERR_INVALID,
			tr("code: \"%s\" is not the 5 capital letters or digits given at "
			   "registration"), s ? s : "");
}

/* ---- settings ------------------------------------------------------- */

int einvoice_settings_get(struct db *db, struct einv_settings *out, int *enabled,
			  struct pos_error *err)
{
	struct einv_settings s;
	sqlite3_stmt *st;
	int r, rc;

	memset(&s, 0, sizeof(s));
	if ((r = db_prepare(db, "SELECT key, value FROM setting WHERE key > 'einvoice.' AND "
			    "key < 'einvoice/'", &st, err)))
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = db_col_text(st, 0);

		if (strcmp(k, KEY_FORM) == 0)
			s.form = sqlite3_column_int(st, 1);
		else if (strcmp(k, KEY_SERIES) == 0)
			db_col_copy(st, 1, s.series, sizeof(s.series));
		else if (strcmp(k, KEY_CODE) == 0)
			db_col_copy(st, 1, s.code, sizeof(s.code));
		else if (strcmp(k, KEY_PROVIDER) == 0)
			db_col_copy(st, 1, s.provider, sizeof(s.provider));
		else if (strcmp(k, KEY_ENDPOINT) == 0)
			db_col_copy(st, 1, s.endpoint, sizeof(s.endpoint));
		else if (strcmp(k, KEY_CREDENTIALS) == 0)
			db_col_copy(st, 1, s.credentials, sizeof(s.credentials));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err, "reading the e-invoice settings");
	*enabled = (s.form == 1 || s.form == 2) && s.series[0] && s.code[0];
	if (!*enabled)
		memset(&s, 0, sizeof(s));
	*out = s;
	return 0;
}

static int check_credentials(const char *path, struct pos_error *err)
{
	struct stat sb;

	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
		return pos_fail(err, POS_ERR_NOT_FOUND,
				tr("credentials: no file %s (write the provider's user name and "
				   "password there, mode 0600)"), path);
	if (sb.st_mode & 077)
		return pos_fail(err, POS_ERR_REFUSED,
				tr("credentials: %s may be read by others: chmod 600 it first"),
				path);
	return 0;
}

struct setup_args {
	const struct einv_settings *s;
	const struct user *u;
	const char *const *vals;
};

/* Save the checked settings and the audit entry, in one transaction. */
static int setup_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	static const char *const keys[] = { KEY_FORM, KEY_SERIES, KEY_CODE, KEY_PROVIDER,
					    KEY_ENDPOINT, KEY_CREDENTIALS };
	struct setup_args *a = ctx;
	char detail[900], since[24];
	sqlite3_stmt *st;
	long long last;
	size_t i;
	int r = 0;

	for (i = 0; i < 6; i++) {
		if (a->vals[i][0]) {
			r = setting_set(db, keys[i], a->vals[i], err);
		} else {
			r = db_prepare(db, "DELETE FROM setting WHERE key = ?1", &st, err);
			if (!r) {
				sqlite3_bind_text(st, 1, keys[i], -1, SQLITE_STATIC);
				r = sqlite3_step(st) == SQLITE_DONE ?
					    0 : db_fail(db, err, "saving the e-invoice settings");
				sqlite3_reset(st);
			}
		}
		if (r)
			return r;
	}
	/* invoices are owed from the first setup on */
	if ((r = setting_get(db, KEY_SINCE, since, sizeof(since), err)) == POS_ERR_NOT_FOUND ||
	    (r == 0 && !since[0])) {
		if ((r = db_query_int64(db, "SELECT coalesce(max(id), 0) FROM sale",
					"saving the e-invoice settings", &last, err)))
			return r;
		snprintf(since, sizeof(since), "%lld", last);
		r = setting_set(db, KEY_SINCE, since, err);
	}
	if (r)
		return r;
	snprintf(detail, sizeof(detail), "method=%s series=%s code=%s provider=%s endpoint=%s "
		 "credentials=%s", einvoice_method_name(a->s->form), a->s->series, a->s->code,
		 a->s->provider, a->s->endpoint, a->s->credentials);
	return audit_log(db, a->u->id, 0, "einvoice.setup", a->s->series, detail, err);
}

int einvoice_setup(struct db *db, const struct user *u, const struct einv_settings *in,
		   struct pos_error *err)
{
	struct einv_settings s = *in;
	struct showroom sr;
	struct pos_error e;
	struct setup_args a;
	char form[4];
	const char *vals[6];
	int r;

	if ((r = user_require(u, PERM_SETTINGS, err)))
		return r;
	if ((r = showroom_local(db, &sr, err)))
		return r;
	if (!sr.tax_code[0] || taxcode_validate(sr.tax_code, &e))
		return pos_fail(err, POS_ERR_REFUSED,
				tr("e-invoices need the showroom's valid tax code (MST) first: "
				   "set it with init --tax-code or in the settings"));
	if (s.form != EINV_FORM_VAT && s.form != EINV_FORM_SALES)
		return pos_fail(err, POS_ERR_INVALID, "%s", tr("tax method: deduction or direct"));
	if ((r = einvoice_series_valid(s.series, err)) || (r = einvoice_code_valid(s.code, err)))
		return r;
	if (s.provider[0]) {
		if (!einv_provider_find(s.provider))
			return pos_fail(err, POS_ERR_INVALID,
					tr("provider: \"%s\" is not known (known: %s)"), s.provider,
					einv_provider_names());
		if (strncmp(s.endpoint, "https://", 8) != 0 || !s.endpoint[8])
			return pos_fail(err, POS_ERR_INVALID,
					tr("endpoint: \"%s\" is not an https:// address"), s.endpoint);
		if (!s.credentials[0])
			return pos_fail(err, POS_ERR_INVALID, "%s",
					tr("credentials: give the file with the provider's user "
					   "name and password"));
		if ((r = check_credentials(s.credentials, err)))
			return r;
	} else if (s.endpoint[0] || s.credentials[0]) {
		return pos_fail(err, POS_ERR_INVALID, "%s",
				tr("endpoint and credentials need a provider"));
	}
	snprintf(form, sizeof(form), "%d", s.form);
	vals[0] = form;
	vals[1] = s.series;
	vals[2] = s.code;
	vals[3] = s.provider;
	vals[4] = s.endpoint;
	vals[5] = s.credentials;

	a.s = &s;
	a.u = u;
	a.vals = vals;
	return db_tx(db, DB_TX_WRITE, setup_in_tx, &a, err);
}

/* ---- issuing -------------------------------------------------------- */

/* Bump counter key by one (1 for a new key) in the caller's transaction. */
static int counter_next(struct db *db, const char *key, long long *v, struct pos_error *err)
{
	sqlite3_stmt *st;
	int r;

	if ((r = db_prepare(db, "INSERT INTO einvoice_counter (key, last) VALUES (?1, 1) "
			    "ON CONFLICT (key) DO UPDATE SET last = last + 1 RETURNING last",
			    &st, err)))
		return r;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		r = db_fail(db, err, "numbering the e-invoice");
		sqlite3_reset(st);
		return r;
	}
	*v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

/* The sale row being invoiced and its original's invoice. */
struct issue_src {
	char kind[8];
	char date[11];
	char at[21];
	long long orig_inv;          /* 0: none */
	char orig_state[12];
	char orig_kind[12];
	char orig_series[EINV_SERIES_LEN];
	long long done;              /* an invoice exists for this sale already */
};

static void issue_src_row(sqlite3_stmt *st, void *item)
{
	struct issue_src *s = item;

	db_col_copy(st, 0, s->kind, sizeof(s->kind));
	db_col_copy(st, 1, s->date, sizeof(s->date));
	db_col_copy(st, 2, s->at, sizeof(s->at));
	s->orig_inv = sqlite3_column_int64(st, 3);
	db_col_copy(st, 4, s->orig_state, sizeof(s->orig_state));
	db_col_copy(st, 5, s->orig_kind, sizeof(s->orig_kind));
	db_col_copy(st, 6, s->orig_series, sizeof(s->orig_series));
	s->done = sqlite3_column_int64(st, 7);
}

int einvoice_issue_in_tx(struct db *db, long long sale_id, struct pos_error *err)
{
	struct einv_settings set;
	struct issue_src src;
	const struct einv_rules *rules;
	const char *kind;
	char series[EINV_SERIES_LEN], key[40], code[48], yy[3], now[CLOCK_TS_LEN];
	long long number = 0, digits = 0;
	sqlite3_stmt *st;
	int r, enabled;

	if ((r = einvoice_settings_get(db, &set, &enabled, err)) || !enabled)
		return r;
	if ((r = db_prepare(db, "SELECT s.kind, s.business_date, s.at, coalesce(o.id, 0), "
			    "coalesce(o.state, ''), coalesce(o.kind, ''), coalesce(o.series, ''), "
			    "(SELECT count(*) FROM einvoice x WHERE x.sale_id = s.id) "
			    "FROM sale s LEFT JOIN einvoice o ON o.sale_id = s.original_sale_id "
			    "WHERE s.id = ?1", &st, err)))
		return r;
	sqlite3_bind_int64(st, 1, sale_id);
	memset(&src, 0, sizeof(src));
	r = db_row(db, st, issue_src_row, &src, "issuing the e-invoice", err);
	if (r == POS_ERR_NOT_FOUND)
		return pos_fail(err, POS_ERR_NOT_FOUND, "issuing the e-invoice: no sale %lld",
				sale_id);
	if (r || src.done)
		return r;
	rules = einvoice_rules_for(src.date);
	if (strcmp(src.kind, "sale") == 0) {
		kind = "original";
	} else {
		if (!src.orig_inv)
			return 0;    /* the sale predates e-invoicing: nothing to adjust */
		if (strcmp(src.kind, "refund") == 0)
			kind = "adjust";
		else if (rules->may_cancel && strcmp(src.orig_state, "queued") == 0 &&
			 strcmp(src.orig_kind, "original") == 0)
			kind = "cancel";
		else
			kind = "replace";
	}
	/* the series names the year of issue: C + YY + M + the seller's two */
	memcpy(yy, src.date + 2, 2);
	yy[2] = '\0';
	if (strcmp(kind, "cancel") == 0)
		VN_COPY(series, src.orig_series);
	else
		snprintf(series, sizeof(series), "C%sM%c%c", yy, set.series[4], set.series[5]);
	if (strcmp(kind, "cancel") != 0) {
		snprintf(key, sizeof(key), "S:%s", series);
		if ((r = counter_next(db, key, &number, err)))
			return r;
		snprintf(key, sizeof(key), "M:%s:%s", set.code, yy);
		if ((r = counter_next(db, key, &digits, err)))
			return r;
		if (digits > 99999999999LL)
			return pos_fail(err, POS_ERR_REFUSED, "%s",
					tr("the MTT codes of this year are used up"));
		snprintf(code, sizeof(code), "M%d-%s-%s-%011lld", set.form, yy, set.code, digits);
	}
	clock_format_utc(clock_now(), now);
	if ((r = db_prepare(db, "INSERT INTO einvoice (sale_id, kind, ref_id, rules, form, series, "
			    "number, mtt_code, issued_at, business_date, updated_at) "
			    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", &st, err)))
		return r;
	sqlite3_bind_int64(st, 1, sale_id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	if (src.orig_inv && strcmp(kind, "original") != 0)
		sqlite3_bind_int64(st, 3, src.orig_inv);
	sqlite3_bind_text(st, 4, rules->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, set.form);
	sqlite3_bind_text(st, 6, series, -1, SQLITE_STATIC);
	if (number) {
		sqlite3_bind_int64(st, 7, number);
		sqlite3_bind_text(st, 8, code, -1, SQLITE_STATIC);
	}
	sqlite3_bind_text(st, 9, src.at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, src.date, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, now, -1, SQLITE_STATIC);
	r = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, err, "issuing the e-invoice");
	sqlite3_reset(st);
	return r;
}

/* ---- look-ups ------------------------------------------------------- */

#define ROW_SELECT \
	"SELECT e.id, e.sale_id, s.receipt_no, s.kind, e.kind, coalesce(o.receipt_no, ''), " \
	"coalesce(r.series, ''), coalesce(r.number, 0), coalesce(r.business_date, ''), " \
	"e.rules, e.form, e.series, coalesce(e.number, 0), coalesce(e.mtt_code, ''), " \
	"e.issued_at, e.business_date, e.state, e.attempts, e.next_try_at, e.last_error, " \
	"e.provider_no, s.total, coalesce(r.provider_no, ''), coalesce(r.state, '') " \
	"FROM einvoice e JOIN sale s ON s.id = e.sale_id " \
	"LEFT JOIN einvoice r ON r.id = e.ref_id LEFT JOIN sale o ON o.id = r.sale_id "

static void inv_row(sqlite3_stmt *st, void *item)
{
	struct einv_row *r = item;

	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	r->sale_id = sqlite3_column_int64(st, 1);
	db_col_copy(st, 2, r->receipt_no, sizeof(r->receipt_no));
	db_col_copy(st, 3, r->sale_kind, sizeof(r->sale_kind));
	db_col_copy(st, 4, r->kind, sizeof(r->kind));
	db_col_copy(st, 5, r->ref_receipt_no, sizeof(r->ref_receipt_no));
	db_col_copy(st, 6, r->ref_series, sizeof(r->ref_series));
	r->ref_number = sqlite3_column_int64(st, 7);
	db_col_copy(st, 8, r->ref_date, sizeof(r->ref_date));
	db_col_copy(st, 9, r->rules, sizeof(r->rules));
	r->form = sqlite3_column_int(st, 10);
	db_col_copy(st, 11, r->series, sizeof(r->series));
	r->number = sqlite3_column_int64(st, 12);
	db_col_copy(st, 13, r->mtt_code, sizeof(r->mtt_code));
	db_col_copy(st, 14, r->issued_at, sizeof(r->issued_at));
	db_col_copy(st, 15, r->date, sizeof(r->date));
	db_col_copy(st, 16, r->state, sizeof(r->state));
	r->attempts = sqlite3_column_int(st, 17);
	db_col_copy(st, 18, r->next_try_at, sizeof(r->next_try_at));
	db_col_copy(st, 19, r->last_error, sizeof(r->last_error));
	db_col_copy(st, 20, r->provider_no, sizeof(r->provider_no));
	r->total = sqlite3_column_int64(st, 21);
	db_col_copy(st, 22, r->ref_provider_no, sizeof(r->ref_provider_no));
	db_col_copy(st, 23, r->ref_state, sizeof(r->ref_state));
}

int einvoice_get(struct db *db, const char *receipt_no, struct einv_row *out,
		 struct pos_error *err)
{
	struct einv_row row;
	int r = db_row_by(db, ROW_SELECT "WHERE s.receipt_no = ?1", receipt_no, 0, inv_row, &row,
			  "reading the e-invoice", err);

	if (r == POS_ERR_NOT_FOUND)
		return pos_fail(err, POS_ERR_NOT_FOUND, tr("%s has no e-invoice"), receipt_no);
	if (r)
		return r;
	*out = row;
	return 0;
}

int einvoice_list(struct db *db, const char *state, size_t limit, struct einv_row **out,
		  size_t *n, struct pos_error *err)
{
	sqlite3_stmt *st;
	void *rows = NULL;
	int r;

	if (state && strcmp(state, "queued") && strcmp(state, "sending") &&
	    strcmp(state, "accepted") && strcmp(state, "rejected") && strcmp(state, "sent"))
		return pos_fail(err, POS_ERR_INVALID,
				tr("state: \"%s\" is not queued, sending, sent, accepted or "
				   "rejected"), state);
	if ((r = db_prepare(db, "SELECT * FROM (" ROW_SELECT
			    "WHERE ?1 IS NULL OR e.state = ?1 OR "
			    "(?1 = 'sent' AND e.state IN ('sending', 'accepted')) "
			    "ORDER BY e.id DESC LIMIT ?2) ORDER BY 1", &st, err)))
		return r;
	if (state)
		sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, limit > 0 ? (long long)limit : -1);
	if ((r = db_rows(db, st, sizeof(struct einv_row), inv_row, "listing e-invoices", &rows, n,
			 err)))
		return r;
	*out = rows;
	return 0;
}

int einvoice_counts(struct db *db, struct einv_counts *out, struct pos_error *err)
{
	struct einv_counts c;
	sqlite3_stmt *st;
	int r, rc;

	memset(&c, 0, sizeof(c));
	if ((r = db_prepare(db, "SELECT state, count(*) FROM einvoice GROUP BY state", &st, err)))
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *s = db_col_text(st, 0);
		long long k = sqlite3_column_int64(st, 1);

		if (strcmp(s, "queued") == 0 || strcmp(s, "sending") == 0)
			c.waiting += k;
		else if (strcmp(s, "rejected") == 0)
			c.rejected += k;
		else if (strcmp(s, "accepted") == 0)
			c.accepted += k;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err, "counting e-invoices");
	*out = c;
	return 0;
}

/* ---- outbox state --------------------------------------------------- */

static int set_state(struct db *db, long long id, const char *state, const char *error,
		     const char *provider_no, int attempts_add, int backoff_s,
		     const char *only_from, struct pos_error *err)
{
	char now[CLOCK_TS_LEN], next[CLOCK_TS_LEN];
	time_t t = clock_now();

	clock_format_utc(t, now);
	clock_format_utc(t + backoff_s, next);
	return db_write(db, err, "saving the e-invoice state",
			"UPDATE einvoice SET state = ?2, last_error = coalesce(?3, last_error), "
			"provider_no = coalesce(?4, provider_no), attempts = attempts + ?5, "
			"next_try_at = ?6, updated_at = ?7 "
			"WHERE id = ?1 AND (?8 IS NULL OR state = ?8 OR state = 'sending')",
			"itttittt", id, state, error, provider_no, (long long)attempts_add,
			backoff_s ? next : "", now, only_from);
}

int einvoice_mark_sending(struct db *db, long long id, struct pos_error *err)
{
	return set_state(db, id, "sending", NULL, NULL, 1, 0, NULL, err);
}

int einvoice_claim(struct db *db, long long id, int attempts, struct pos_error *err)
{
	char now[CLOCK_TS_LEN];
	int r;

	clock_format_utc(clock_now(), now);
	r = db_write(db, err, "saving the e-invoice state",
		     "UPDATE einvoice SET state = 'sending', attempts = attempts + 1, "
		     "next_try_at = '', updated_at = ?3 WHERE id = ?1 AND attempts = ?2 "
		     "AND state IN ('queued', 'sending')", "iit", id, (long long)attempts, now);
	if (!r && db_changes(db) != 1)
		return pos_fail(err, POS_ERR_BUSY, "the e-invoice is being sent by another process");
	return r;
}

int einvoice_mark_accepted(struct db *db, long long id, const char *provider_no,
			   struct pos_error *err)
{
	return set_state(db, id, "accepted", "", provider_no ? provider_no : "", 0, 0, NULL, err);
}

int einvoice_mark_rejected(struct db *db, long long id, const char *reason,
			   struct pos_error *err)
{
	return set_state(db, id, "rejected", reason ? reason : "", NULL, 0, 0, NULL, err);
}

int einvoice_mark_retry(struct db *db, long long id, const char *error, int backoff_s,
			int unsure, struct pos_error *err)
{
	return set_state(db, id, unsure ? "sending" : "queued", error ? error : "", NULL, 0,
			 backoff_s, NULL, err);
}

struct resend_args {
	long long id;
	const struct user *u;
	const char *receipt_no, *detail;
};

static int resend_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct resend_args *a = ctx;
	int r;

	if ((r = set_state(db, a->id, "queued", NULL, NULL, 0, 0, NULL, err)))
		return r;
	return audit_log(db, a->u->id, 0, "einvoice.resend", a->receipt_no, a->detail, err);
}

int einvoice_resend(struct db *db, const struct user *u, const char *receipt_no,
		    struct pos_error *err)
{
	struct resend_args a;
	struct einv_row row;
	char detail[128];
	int r;

	if ((r = user_require(u, PERM_VOID, err)))
		return r;
	if ((r = einvoice_get(db, receipt_no, &row, err)))
		return r;
	if (strcmp(row.state, "accepted") == 0)
		return pos_fail(err, POS_ERR_REFUSED,
				tr("the e-invoice of %s was accepted already: it is never sent "
				   "twice"), receipt_no);
	snprintf(detail, sizeof(detail), "%s %lld was %s", row.series, row.number, row.state);
	a.id = row.id;
	a.u = u;
	a.receipt_no = receipt_no;
	a.detail = detail;
	return db_tx(db, DB_TX_WRITE, resend_in_tx, &a, err);
}

int einvoice_lookup_text(const struct einv_row *r, const char *seller_tax_code, char *out,
			 size_t n, struct pos_error *err)
{
	int k = snprintf(out, n, "hoadondientu.gdt.gov.vn|%s|%d|%s|%lld|%s|%s|%lld",
			 seller_tax_code, r->form, r->series, r->number, r->mtt_code, r->date,
			 (long long)r->total);

	if (k < 0 || (size_t)k >= n)
		return pos_fail(err, POS_ERR_INVALID, "e-invoice look-up text too long");
	return 0;
}

/* ---- checks --------------------------------------------------------- */

enum { CK_MISSING, CK_GAP, CK_MTT_GAP, CK_MTT_BAD, CK_COUNTER };

static void check_msg(int what, sqlite3_stmt *st, char *msg, size_t n)
{
	const char *a = db_col_text(st, 0), *b = db_col_text(st, 1), *c = db_col_text(st, 2);

	switch (what) {
	case CK_MISSING:
		snprintf(msg, n, "%s (%s) has no e-invoice", a, b);
		break;
	case CK_GAP:
		snprintf(msg, n, "e-invoice series %s: %s invoices but numbers up to %s", a, b, c);
		break;
	case CK_MTT_GAP:
		snprintf(msg, n, "MTT codes %s: %s codes but numbers up to %s", a, b, c);
		break;
	case CK_MTT_BAD:
		snprintf(msg, n, "e-invoice %s %s: malformed MTT code %s", a, b, c);
		break;
	default:
		snprintf(msg, n, "e-invoice counter %s is at %s, the last invoice %s", a, b, c);
		break;
	}
}

static int check_rows(struct db *db, const char *sql, long long arg,
		      void (*report)(void *ctx, const char *problem), void *ctx,
		      int what, int *problems, struct pos_error *err)
{
	sqlite3_stmt *st;
	char msg[400];
	int r, rc;

	if ((r = db_prepare(db, sql, &st, err)))
		return r;
	sqlite3_bind_int64(st, 1, arg);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		check_msg(what, st, msg, sizeof(msg));
		(*problems)++;
		if (report)
			report(ctx, msg);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, err, "checking e-invoices");
}

/* What einvoice_check() looks for: each query's rows are problems. */
static const struct {
	const char *sql;
	int kind;
} checks[] = {
	{ "SELECT s.receipt_no, s.kind, '' FROM sale s "
	  "LEFT JOIN einvoice e ON e.sale_id = s.id "
	  "WHERE s.id > ?1 AND e.id IS NULL AND (s.kind = 'sale' OR EXISTS "
	  "(SELECT 1 FROM einvoice o WHERE o.sale_id = s.original_sale_id))", CK_MISSING },
	{ "SELECT series, count(*), max(number) FROM einvoice "
	  "WHERE number IS NOT NULL GROUP BY series "
	  "HAVING count(*) <> max(number) OR min(number) <> 1", CK_GAP },
	{ "SELECT substr(mtt_code, 1, 11), count(*), "
	  "max(CAST(substr(mtt_code, 13) AS INTEGER)) FROM einvoice "
	  "WHERE mtt_code IS NOT NULL GROUP BY 1 "
	  "HAVING count(*) <> max(CAST(substr(mtt_code, 13) AS INTEGER))", CK_MTT_GAP },
	{ "SELECT series, number, mtt_code FROM einvoice WHERE mtt_code IS NOT NULL "
	  "AND (mtt_code NOT GLOB 'M[12]-[0-9][0-9]-[A-Z0-9][A-Z0-9][A-Z0-9][A-Z0-9]"
	  "[A-Z0-9]-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]' "
	  "OR substr(mtt_code, 2, 1) <> CAST(form AS TEXT) "
	  "OR substr(mtt_code, 4, 2) <> substr(series, 2, 2))", CK_MTT_BAD },
	{ "SELECT c.key, c.last, (SELECT max(number) FROM einvoice "
	  "WHERE series = substr(c.key, 3)) FROM einvoice_counter c "
	  "WHERE c.key GLOB 'S:*' AND c.last IS NOT (SELECT max(number) "
	  "FROM einvoice WHERE series = substr(c.key, 3))", CK_COUNTER },
};

int einvoice_check(struct db *db, void (*report)(void *ctx, const char *problem), void *ctx,
		   int *problems, struct pos_error *err)
{
	char since[24] = "";
	long long from = -1;
	size_t i;
	int r, p = 0;

	r = setting_get(db, KEY_SINCE, since, sizeof(since), err);
	if (r && r != POS_ERR_NOT_FOUND)
		return r;
	if (r == 0 && since[0])
		from = strtoll(since, NULL, 10);
	for (i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		if (checks[i].kind == CK_MISSING && from < 0)
			continue;   /* no e-invoicing start recorded */
		if ((r = check_rows(db, checks[i].sql, checks[i].kind == CK_MISSING ? from : 0,
				    report, ctx, checks[i].kind, &p, err)))
			return r;
	}
	*problems = p;
	return 0;
}
