/*
 * audit.c - the append-only audit log (see audit.h).
 *
 * audit_log() is one INSERT: inside the caller's transaction it commits or
 * rolls back with the change it records, so the log never claims what did
 * not happen.  The table's triggers refuse UPDATE and DELETE.  Texts are
 * cut to the sizes of struct audit_entry on a UTF-8 boundary, so what is
 * stored is what is listed.
 *
 * audit_list() takes local business dates and turns them into UTC bounds
 * on `at` (indexed): local day D runs from (D - 1) 17:00Z to D 17:00Z.
 */
#include "audit.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "db.h"
#include "i18n.h"
#include "lib/utf8.h"
#include "vntext.h"

int audit_log(struct db *db, long long user_id, long long approved_by, const char *action,
	      const char *doc, const char *detail, struct pos_error *err)
{
	struct audit_entry e;
	char ts[CLOCK_TS_LEN];

	if (!action || !*action || strlen(action) >= sizeof(e.action))
		return pos_fail(err, POS_ERR_INVALID, "audit: bad action \"%s\"",
				action ? action : "");
	vn_copy(e.doc, sizeof(e.doc), doc);
	vn_copy(e.detail, sizeof(e.detail), detail);
	clock_format_utc(clock_now(), ts);
	return db_write(db, err, "writing the audit log",
			"INSERT INTO audit (at, user_id, approved_by, action, doc, detail) "
			"VALUES (?1, ?2, ?3, ?4, ?5, ?6)", "tkkttt",
			ts, user_id, approved_by, action, e.doc, e.detail);
}

/* UTC timestamp at which local date s (+ extra days) begins. */
static int local_day_start(const char *s, int extra, char out[CLOCK_TS_LEN],
			   struct pos_error *err)
{
	int64_t days;
	int r = clock_date_parse(s, &days, err);

	if (r)
		return r;
	clock_format_utc((time_t)((days + extra) * 86400 - CLOCK_VN_OFFSET), out);
	return 0;
}

/* One row of audit_list's query into a struct audit_entry (a db_row_fn). */
static void audit_row(sqlite3_stmt *st, void *item)
{
	struct audit_entry *e = item;

	e->id = sqlite3_column_int64(st, 0);
	db_col_copy(st, 1, e->at, sizeof(e->at));
	db_col_copy(st, 2, e->user, sizeof(e->user));
	db_col_copy(st, 3, e->approved_by, sizeof(e->approved_by));
	db_col_copy(st, 4, e->action, sizeof(e->action));
	db_col_copy(st, 5, e->doc, sizeof(e->doc));
	db_col_copy(st, 6, e->detail, sizeof(e->detail));
}

int audit_list(struct db *db, const char *from, const char *to, struct audit_entry **out,
	       size_t *n, struct pos_error *err)
{
	char lo[CLOCK_TS_LEN] = "0000", hi[CLOCK_TS_LEN] = "9999";
	sqlite3_stmt *st;
	void *v;
	int r;

	if (from && *from && (r = local_day_start(from, 0, lo, err)))
		return r;
	if (to && *to && (r = local_day_start(to, 1, hi, err)))
		return r;
	r = db_query(db, &st, err, "SELECT a.id, a.at, coalesce(u.name, ''), coalesce(p.name, ''), "
		     "a.action, a.doc, a.detail FROM audit a "
		     "LEFT JOIN user u ON u.id = a.user_id "
		     "LEFT JOIN user p ON p.id = a.approved_by "
		     "WHERE a.at >= ?1 AND a.at < ?2 ORDER BY a.at, a.id", "tt", lo, hi);
	if (r)
		return r;
	r = db_rows(db, st, sizeof(**out), audit_row, "reading the audit log", &v, n, err);
	if (!r)
		*out = v;
	return r;
}

/* ---- in the reader's language ------------------------------------------ */

static const struct {
	const char *action, *words;
} action_words[] = {
	{ "void", "void" },
	{ "return", "return" },
	{ "discount", "discount" },
	{ "price_override", "price override" },
	{ "drawer", "drawer opened" },
	{ "payment_remove", "payment removed" },
	{ "cart_clear", "cart cleared" },
	{ "held_delete", "held cart deleted" },
	{ "shift_open", "shift opened" },
	{ "shift_close", "shift closed" },
	{ "cash_in", "cash in" },
	{ "cash_out", "cash out" },
	{ "stock_adjust", "stock adjusted" },
	{ "stock_count_start", "count started" },
	{ "stock_count_post", "count posted" },
	{ "stock_count_cancel", "count cancelled" },
	{ "stock_return", "returned to producer" },
	{ "stock_reorder", "reorder level" },
	{ "stock_bundle", "bundle" },
	{ "stock_oversell", "selling beyond stock" },
	{ "stock_transfer_out", "transfer out" },
	{ "stock_transfer_in", "transfer in" },
	{ "user_add", "user added" },
	{ "user_enable", "user enabled" },
	{ "user_disable", "user disabled" },
	{ "user_pin", "PIN changed" },
	{ "user_locked", "user locked" },
	{ "setting", "setting" },
	{ "showroom", "showroom details" },
	{ "showroom_key", "showroom key" },
	{ "customer.add", "customer added" },
	{ "customer.export", "customers exported" },
	{ "einvoice.setup", "e-invoice setup" },
	{ "einvoice.resend", "e-invoice resent" },
	{ "consign_statement", "consignment statement" },
	{ "consign_paid", "consignment paid" },
};

const char *audit_action_text(const char *action)
{
	size_t i;

	for (i = 0; i < sizeof(action_words) / sizeof(action_words[0]); i++)
		if (strcmp(action, action_words[i].action) == 0)
			return tr(action_words[i].words);
	return action;
}

/*
 * The details the writers store, as their English patterns ("%s" stands
 * for any text); each pattern is also the msgid of its translation, with
 * the same "%s" in the same order.
 */
static const struct {
	const char *action, *pattern;
} detail_patterns[] = {
	{ "discount", "sale discount %s (%s)" },
	{ "discount", "line %s %s: discount %s (%s)" },
	{ "price_override", "line %s %s: price %s -> %s" },
	{ "void", "voids %s (%s): %s" },
	{ "return", "returns %s line(s) of %s, refund %s by cash, written off: %s" },
	{ "return", "returns %s line(s) of %s, refund %s by cash" },
	{ "return", "returns %s line(s) of %s, refund %s by the original method, written off: %s" },
	{ "return", "returns %s line(s) of %s, refund %s by the original method" },
	{ "drawer", "opened without a sale (pin %s, %s): %s" },
	{ "drawer", "opened without a sale (pin %s, %s)" },
	{ "cart_clear", "%s lines, %s" },
	{ "shift_open", "float=%s" },
	{ "shift_close", "shift %s expected=%s counted=%s over_short=%s" },
	{ "stock_count_post", "%s lot(s) adjusted, variance at cost %s VND" },
	{ "stock_adjust", "%s lot %s %s %s: %s" },
	{ "stock_adjust", "%s lot %s %s %s" },
	{ "stock_return", "%s: %s lot(s), %s" },
	{ "stock_reorder", "%s reorder level %s" },
	{ "stock_transfer_out", "to %s: %s lot(s), %s" },
	{ "stock_transfer_in", "from %s: %s lot(s)" },
	{ "user_add", "role=%s" },
	{ "customer.export", "%s customers with personal data" },
	{ "einvoice.resend", "%s %s was %s" },
	{ "consign_statement", "%s %s..%s payable %s" },
	{ "showroom_key", "old %s, new %s" },
};

#define DETAIL_ARGS 6

/*
 * Match s against pattern ("%s" matches any text, shortest first, the last
 * one the rest): the pieces into arg[] (pointers into buf).  1 on a match.
 */
static int match(const char *pattern, const char *s, char *buf, size_t n,
		 const char *arg[DETAIL_ARGS], int *nargs)
{
	const char *p = pattern;
	size_t used = 0;

	*nargs = 0;
	while (*p) {
		const char *lit, *end, *hit;
		size_t litlen;

		if (p[0] != '%' || p[1] != 's') {
			if (*s != *p)
				return 0;
			s++;
			p++;
			continue;
		}
		p += 2;
		if (*nargs >= DETAIL_ARGS)
			return 0;
		/* the literal after this %s, up to the next %s */
		lit = p;
		end = strstr(lit, "%s");
		litlen = end ? (size_t)(end - lit) : strlen(lit);
		if (litlen == 0) {
			hit = end ? NULL : s + strlen(s);
			if (!hit)
				return 0;     /* two %s side by side: not in the table */
		} else if (!end) {
			/* the last literal ends the text */
			size_t sl = strlen(s);

			if (sl < litlen || strcmp(s + sl - litlen, lit) != 0)
				return 0;
			hit = s + sl - litlen;
		} else {
			char want[64];

			if (litlen >= sizeof(want))
				return 0;
			memcpy(want, lit, litlen);
			want[litlen] = '\0';
			hit = strstr(s, want);
			if (!hit)
				return 0;
		}
		if (used + (size_t)(hit - s) + 1 > n)
			return 0;
		memcpy(buf + used, s, (size_t)(hit - s));
		buf[used + (size_t)(hit - s)] = '\0';
		arg[(*nargs)++] = buf + used;
		used += (size_t)(hit - s) + 1;
		s = hit;
	}
	return *s == '\0';
}

/* tmpl with its %s replaced by arg[] in order (and %% by %), into out. */
static void fill(const char *tmpl, const char *const arg[DETAIL_ARGS], int nargs, char *out,
		 size_t n)
{
	size_t len = 0;
	int j = 0;

	if (!n)
		return;
	for (; *tmpl && len + 1 < n; tmpl++) {
		const char *a = NULL;

		if (tmpl[0] == '%' && tmpl[1] == 's') {
			a = j < nargs ? arg[j] : "";
			j++;
			tmpl++;
		} else if (tmpl[0] == '%' && tmpl[1] == '%') {
			tmpl++;
		}
		if (a) {
			size_t al = strlen(a);

			if (al > n - 1 - len)
				al = n - 1 - len;
			memcpy(out + len, a, al);
			len += al;
		} else {
			out[len++] = *tmpl;
		}
	}
	out[len] = '\0';
	/* never end inside a UTF-8 character */
	while (len > 0 && !utf8_valid(out, len))
		out[--len] = '\0';
}

const char *audit_detail_text(const char *action, const char *detail, char *out, size_t n)
{
	char buf[512];
	const char *arg[DETAIL_ARGS] = { "", "", "", "", "", "" };
	size_t i;
	int j, k;

	snprintf(out, n, "%s", detail);
	for (i = 0; i < sizeof(detail_patterns) / sizeof(detail_patterns[0]); i++) {
		if (strcmp(action, detail_patterns[i].action) != 0 ||
		    !match(detail_patterns[i].pattern, detail, buf, sizeof(buf), arg, &k))
			continue;
		/* A piece that is one word of the program's ("admin", "damaged") is
		 * said in the reader's language too. */
		for (j = 0; j < k; j++)
			if (arg[j][0] && !strpbrk(arg[j], " 0123456789-_.:/"))
				arg[j] = tr(arg[j]);
		/* the translation has the pattern's %s, in order (test_i18n checks) */
		fill(tr(detail_patterns[i].pattern), arg, k, out, n);
		break;
	}
	return out;
}
