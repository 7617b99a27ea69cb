/*
 * shift.c - cashier shifts and the cash drawer's arithmetic (see shift.h).
 *
 * A shift belongs to a register (the till number of the config); the
 * schema allows one open shift per register.  All figures of the X and Z
 * reports are computed from the ledger rows, never kept as running totals
 * that could drift: sales, refunds and voids (sale.kind) of the shift,
 * their lines (VAT per rate), their payments (per method; a cash payment's
 * amount is what it covered, i.e. net of change) and the cash moves.
 *
 *   expected cash = opening float + cash of sales - cash of refunds/voids
 *                   + cash rounding (sale.cash_rounding, net) + cash in - cash out
 *
 * Closing is blind: the caller collects the count (per denomination or a
 * total) before anything shows the expected amount; shift_close() stores
 * counted, expected and over/short (counted - expected), takes the next
 * gapless Z number from doc_counter (kind 'z', per showroom, register and
 * year), holds the register's open carts and audits the close, all in one
 * transaction.  A closed shift is never updated again.
 */
#include "shift.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "clock.h"
#include "db.h"
#include "doccounter.h"
#include "field.h"
#include "i18n.h"
#include "money.h"
#include "showroom.h"
#include "user.h"

const int64_t shift_denoms[SHIFT_NDENOMS] = {
	500000, 200000, 100000, 50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100,
};

/* Largest amount a drawer can be said to hold: guards the sums. */
#define SHIFT_CASH_MAX 1000000000000LL   /* 10^12 VND */

static int check_register(const char *reg, struct pos_error *err)
{
	size_t i, n = reg ? strlen(reg) : 0;

	if (n < 1 || n >= sizeof(((struct shift *)0)->register_code))
		return pos_fail(err, POS_ERR_INVALID, tr("bad register code \"%s\""),
				reg ? reg : "");
	for (i = 0; i < n; i++)
		if (!((reg[i] >= '0' && reg[i] <= '9') || (reg[i] >= 'A' && reg[i] <= 'Z') ||
		      (reg[i] >= 'a' && reg[i] <= 'z')))
			return pos_fail(err, POS_ERR_INVALID, tr("bad register code \"%s\""), reg);
	return 0;
}

static void text(sqlite3_stmt *st, int i, char *out, size_t n)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	snprintf(out, n, "%s", s ? s : "");
}

#define SHIFT_COLS "id, register, user_id, opened_at, business_date, opening_float, " \
	"closed_at IS NOT NULL, coalesce(closed_at, ''), coalesce(expected_cash, 0), " \
	"coalesce(counted_cash, 0), coalesce(over_short, 0), coalesce(z_no, ''), " \
	"coalesce(closed_by, 0), counts"

static void row_to_shift(sqlite3_stmt *st, struct shift *s)
{
	memset(s, 0, sizeof(*s));
	s->id = sqlite3_column_int64(st, 0);
	text(st, 1, s->register_code, sizeof(s->register_code));
	s->user_id = sqlite3_column_int64(st, 2);
	text(st, 3, s->opened_at, sizeof(s->opened_at));
	text(st, 4, s->business_date, sizeof(s->business_date));
	s->opening_float = sqlite3_column_int64(st, 5);
	s->closed = sqlite3_column_int(st, 6);
	text(st, 7, s->closed_at, sizeof(s->closed_at));
	s->expected_cash = sqlite3_column_int64(st, 8);
	s->counted_cash = sqlite3_column_int64(st, 9);
	s->over_short = sqlite3_column_int64(st, 10);
	text(st, 11, s->z_no, sizeof(s->z_no));
	s->closed_by = sqlite3_column_int64(st, 12);
	text(st, 13, s->counts, sizeof(s->counts));
}

/* row_to_shift as a db_row_fn. */
static void shift_row(sqlite3_stmt *st, void *item)
{
	row_to_shift(st, item);
}

/*
 * The shift of register_code that sql (SELECT SHIFT_COLS ... WHERE register
 * = ?1 ...) finds: 0 with *out, POS_ERR_NOT_FOUND with err left alone, or
 * an error.
 */
static int register_shift(struct db *db, const char *sql, const char *register_code,
			  struct shift *out, struct pos_error *err)
{
	sqlite3_stmt *st;
	int r;

	r = check_register(register_code, err);
	if (r)
		return r;
	r = db_prepare(db, sql, &st, err);
	if (r)
		return r;
	sqlite3_bind_text(st, 1, register_code, -1, SQLITE_STATIC);
	return db_row(db, st, shift_row, out, "reading the shift", err);
}

int shift_current(struct db *db, const char *register_code, struct shift *out,
		  struct pos_error *err)
{
	int r = register_shift(db, "SELECT " SHIFT_COLS " FROM shift WHERE register = ?1 "
			       "AND closed_at IS NULL", register_code, out, err);

	if (r != POS_ERR_NOT_FOUND)
		return r;
	return pos_fail(err, POS_ERR_NOT_FOUND,
			tr("no open shift on register %s: open one with "
			   "`ocop-pos shift open --user NAME --float VND`"), register_code);
}

int shift_get(struct db *db, long long id, struct shift *out, struct pos_error *err)
{
	sqlite3_stmt *st;
	int r = db_prepare(db, "SELECT " SHIFT_COLS " FROM shift WHERE id = ?1", &st, err);

	if (r)
		return r;
	sqlite3_bind_int64(st, 1, id);
	r = db_row(db, st, shift_row, out, "reading the shift", err);
	if (r != POS_ERR_NOT_FOUND)
		return r;
	return pos_fail(err, POS_ERR_NOT_FOUND, tr("no shift number %lld"), id);
}

int shift_last(struct db *db, const char *register_code, struct shift *out,
	       struct pos_error *err)
{
	int r = register_shift(db, "SELECT " SHIFT_COLS " FROM shift WHERE register = ?1 "
			       "ORDER BY id DESC LIMIT 1", register_code, out, err);

	if (r != POS_ERR_NOT_FOUND)
		return r;
	return pos_fail(err, POS_ERR_NOT_FOUND, tr("register %s has had no shift yet"),
			register_code);
}

struct open_args {
	const struct user *u;
	const char *register_code;
	int64_t opening_float;
	struct shift cur;
};

static int open_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct open_args *a = ctx;
	const struct user *u = a->u;
	const char *register_code = a->register_code;
	int64_t opening_float = a->opening_float;
	char ts[CLOCK_TS_LEN], date[CLOCK_DATE_LEN], amount[32];
	struct shift *cur = &a->cur;
	sqlite3_stmt *st;
	time_t now = clock_now();
	int r;

	r = shift_current(db, register_code, cur, err);
	if (r && r != POS_ERR_NOT_FOUND)
		return r;
	if (r == 0) {
		char when[17];
		time_t t;

		if (clock_parse_utc(cur->opened_at, &t, NULL) == 0)
			clock_format_local(t, when);
		else
			snprintf(when, sizeof(when), "%.16s", cur->opened_at);
		return pos_fail(err, POS_ERR_REFUSED,
				tr("register %s already has an open shift (number %lld, opened %s): "
				   "close it first with `ocop-pos shift close`"),
				register_code, cur->id, when);
	}
	clock_format_utc(now, ts);
	clock_local_date(now, date);
	r = db_prepare(db, "INSERT INTO shift (register, user_id, opened_at, business_date, "
		       "opening_float) VALUES (?1, ?2, ?3, ?4, ?5)", &st, err);
	if (r)
		return r;
	sqlite3_bind_text(st, 1, register_code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, u->id);
	sqlite3_bind_text(st, 3, ts, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, date, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, opening_float);
	r = sqlite3_step(st);
	sqlite3_reset(st);
	if (r != SQLITE_DONE)
		return db_fail(db, err, "opening the shift");
	snprintf(amount, sizeof(amount), "float=%lld", (long long)opening_float);
	{
		char doc[32];

		snprintf(doc, sizeof(doc), "shift %lld", db_last_id(db));
		r = audit_log(db, u->id, 0, "shift_open", doc, amount, err);
	}
	if (r)
		return r;
	return shift_current(db, register_code, cur, err);
}

int shift_open(struct db *db, const struct user *u, const char *register_code,
	       int64_t opening_float, struct shift *out, struct pos_error *err)
{
	struct open_args a;
	int r;

	r = user_require(u, PERM_SHIFT, err);
	if (!r)
		r = check_register(register_code, err);
	if (r)
		return r;
	if (opening_float < 0 || opening_float > SHIFT_CASH_MAX)
		return pos_fail(err, POS_ERR_INVALID, "%s",
				tr("the opening float must be an amount of 0 VND or more"));
	a.u = u;
	a.register_code = register_code;
	a.opening_float = opening_float;
	if ((r = db_tx(db, DB_TX_WRITE, open_in_tx, &a, err)))
		return r;
	if (out)
		*out = a.cur;
	return 0;
}

/* --- the figures ------------------------------------------------------ */

static int vat_index(int rate)
{
	switch (rate) {
	case 0:
		return 0;
	case 5:
		return 1;
	case 8:
		return 2;
	case 10:
		return 3;
	default:
		return 4;
	}
}

/* Step a grouped query: for each row call f(row). */
static int each_row(struct db *db, sqlite3_stmt *st, void (*f)(sqlite3_stmt *, void *),
		    void *ctx, struct pos_error *err)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		f(st, ctx);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, err, "computing the shift report");
	return 0;
}

static void kind_row(sqlite3_stmt *st, void *vr)
{
	struct shift_report *r = vr;
	const char *kind = (const char *)sqlite3_column_text(st, 0);
	int64_t n = sqlite3_column_int64(st, 1), total = sqlite3_column_int64(st, 2),
		disc = sqlite3_column_int64(st, 3), rounding = sqlite3_column_int64(st, 4);

	if (!kind)
		return;
	/* the drawer took (sale) or gave back (refund, void) the rounding too */
	r->cash_rounding += strcmp(kind, "sale") == 0 ? rounding : -rounding;
	if (strcmp(kind, "sale") == 0) {
		r->sales_count = n;
		r->sales_total = total;
		r->discounts += disc;
	} else if (strcmp(kind, "refund") == 0) {
		r->refunds_count = n;
		r->refunds_total = total;
		r->discounts -= disc;
	} else if (strcmp(kind, "void") == 0) {
		r->voids_count = n;
		r->voids_total = total;
		r->discounts -= disc;
	}
}

static void vat_row(sqlite3_stmt *st, void *vr)
{
	struct shift_report *r = vr;
	int i = vat_index(sqlite3_column_int(st, 0));

	r->vat_by_rate[i] += sqlite3_column_int64(st, 1);
	r->amount_by_rate[i] += sqlite3_column_int64(st, 2);
}

static void method_row(sqlite3_stmt *st, void *vr)
{
	static const char *const names[4] = { "cash", "qr", "card", "wallet" };
	struct shift_report *r = vr;
	const char *m = (const char *)sqlite3_column_text(st, 0);
	int i;

	for (i = 0; m && i < 4; i++)
		if (strcmp(m, names[i]) == 0)
			r->by_method[i] += sqlite3_column_int64(st, 1);
}

static void move_row(sqlite3_stmt *st, void *vr)
{
	struct shift_report *r = vr;
	const char *k = (const char *)sqlite3_column_text(st, 0);

	if (k && strcmp(k, "in") == 0)
		r->cash_in += sqlite3_column_int64(st, 1);
	else if (k && strcmp(k, "out") == 0)
		r->cash_out += sqlite3_column_int64(st, 1);
}

static const struct {
	const char *sql;
	void (*row)(sqlite3_stmt *, void *);
} report_queries[] = {
	{ "SELECT kind, count(*), coalesce(sum(total), 0), coalesce(sum(discount), 0), "
	  "coalesce(sum(cash_rounding), 0) FROM sale WHERE shift_id = ?1 GROUP BY kind",
	  kind_row },
	{ "SELECT l.vat_rate, "
	  "coalesce(sum(CASE s.kind WHEN 'sale' THEN l.vat ELSE -l.vat END), 0), "
	  "coalesce(sum(CASE s.kind WHEN 'sale' THEN l.amount ELSE -l.amount END), 0) "
	  "FROM sale s JOIN sale_line l ON l.sale_id = s.id WHERE s.shift_id = ?1 "
	  "GROUP BY l.vat_rate", vat_row },
	{ "SELECT p.method, "
	  "coalesce(sum(CASE s.kind WHEN 'sale' THEN p.amount ELSE -p.amount END), 0) "
	  "FROM sale s JOIN payment p ON p.sale_id = s.id WHERE s.shift_id = ?1 "
	  "GROUP BY p.method", method_row },
	{ "SELECT kind, coalesce(sum(amount), 0) FROM cash_move WHERE shift_id = ?1 "
	  "GROUP BY kind", move_row },
};

int shift_report(struct db *db, long long shift_id, struct shift_report *out,
		 struct pos_error *err)
{
	struct shift_report rep;
	sqlite3_stmt *st;
	size_t i;
	int r;

	memset(&rep, 0, sizeof(rep));
	r = shift_get(db, shift_id, &rep.shift, err);
	if (r)
		return r;
	for (i = 0; i < sizeof(report_queries) / sizeof(report_queries[0]); i++) {
		r = db_prepare(db, report_queries[i].sql, &st, err);
		if (r)
			return r;
		sqlite3_bind_int64(st, 1, shift_id);
		r = each_row(db, st, report_queries[i].row, &rep, err);
		if (r)
			return r;
	}
	rep.expected_cash = rep.shift.opening_float + rep.by_method[0] + rep.cash_rounding +
			    rep.cash_in - rep.cash_out;
	*out = rep;
	return 0;
}

/* --- cash in and out ---------------------------------------------------- */

int shift_may_see_expected(const struct user *u)
{
	return u && user_can(u, PERM_REPORTS);
}

struct cash_args {
	const struct user *u;
	const char *register_code;
	int64_t amount;
	const char *why;
};

static int cash_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct cash_args *a = ctx;
	const struct user *u = a->u;
	const char *register_code = a->register_code;
	int64_t amount = a->amount;
	const char *why = a->why;
	char ts[CLOCK_TS_LEN], doc[32], detail[300], money[32];
	int64_t abs_amount = amount < 0 ? -amount : amount;
	struct shift_report rep;
	struct shift cur;
	sqlite3_stmt *st;
	int r;

	r = shift_current(db, register_code, &cur, err);
	if (r)
		return r;
	if (amount < 0) {
		r = shift_report(db, cur.id, &rep, err);
		if (r)
			return r;
		if (abs_amount > rep.expected_cash) {
			money_format(rep.expected_cash, money, sizeof(money));
			if (shift_may_see_expected(u))
				return pos_fail(err, POS_ERR_REFUSED,
						tr("the drawer should hold only %s: cannot take out more"),
						money);
			return pos_fail(err, POS_ERR_REFUSED, "%s",
					tr("the drawer does not hold that much cash: take out "
					   "less, or ask a manager"));
		}
	}
	clock_format_utc(clock_now(), ts);
	r = db_prepare(db, "INSERT INTO cash_move (shift_id, kind, amount, reason, user_id, at) "
		       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &st, err);
	if (r)
		return r;
	sqlite3_bind_int64(st, 1, cur.id);
	sqlite3_bind_text(st, 2, amount > 0 ? "in" : "out", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, abs_amount);
	sqlite3_bind_text(st, 4, why, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, u->id);
	sqlite3_bind_text(st, 6, ts, -1, SQLITE_STATIC);
	r = sqlite3_step(st);
	sqlite3_reset(st);
	if (r != SQLITE_DONE)
		return db_fail(db, err, "recording the cash move");
	snprintf(doc, sizeof(doc), "shift %lld", cur.id);
	snprintf(detail, sizeof(detail), "%lld %s", (long long)abs_amount, why);
	return audit_log(db, u->id, 0, amount > 0 ? "cash_in" : "cash_out", doc, detail, err);
}

int shift_cash_move(struct db *db, const struct user *u, const char *register_code,
		    int64_t amount, const char *reason, struct pos_error *err)
{
	int64_t abs_amount = amount == INT64_MIN ? INT64_MAX : amount < 0 ? -amount : amount;
	struct cash_args a;
	char why[256];
	int r;

	r = user_require(u, PERM_SHIFT, err);
	if (r)
		return r;
	if (amount == 0)
		return pos_fail(err, POS_ERR_INVALID, "%s",
				tr("a cash in or out needs an amount above 0 VND"));
	if (abs_amount > SHIFT_CASH_MAX || amount == INT64_MIN) {
		char max[MONEY_FMT_MAX];

		money_format(SHIFT_CASH_MAX, max, sizeof(max));
		return pos_fail(err, POS_ERR_INVALID,
				tr("a cash in or out of more than %s is not possible: check the "
				   "amount (nothing was saved)"), max);
	}
	if (!reason || strlen(reason) >= sizeof(why))
		return pos_fail(err, POS_ERR_INVALID, "%s",
				tr("give a reason for the cash in or out (--reason TEXT)"));
	snprintf(why, sizeof(why), "%s", reason);
	r = field_name(why, sizeof(why), "reason", err);
	if (r)
		return pos_fail(err, POS_ERR_INVALID, "%s",
				tr("give a reason for the cash in or out (--reason TEXT)"));
	a.u = u;
	a.register_code = register_code;
	a.amount = amount;
	a.why = why;
	return db_tx(db, DB_TX_WRITE, cash_in_tx, &a, err);
}

/* --- counting and closing ------------------------------------------- */

int shift_denom_valid(int64_t d)
{
	size_t i;

	for (i = 0; i < SHIFT_NDENOMS; i++)
		if (shift_denoms[i] == d)
			return 1;
	return 0;
}

int shift_count_parse(const char *s, int64_t *denoms, int64_t *counts, size_t max, size_t *n,
		      struct pos_error *err)
{
	size_t k = 0, j;
	const char *p = s ? s : "";

	while (*p) {
		char item[64], *x, *end1, *end2;
		size_t len = strcspn(p, ",; ");
		long long d, c;

		if (len == 0) {
			p++;
			continue;
		}
		if (len >= sizeof(item))
			return pos_fail(err, POS_ERR_INVALID, tr("bad count \"%.*s\": write "
								  "DENOMINATIONxNOTES, e.g. 500000x2"),
					(int)(len > 40 ? 40 : len), p);
		memcpy(item, p, len);
		item[len] = '\0';
		p += len;
		x = strpbrk(item, "xX*");
		if (!x)
			return pos_fail(err, POS_ERR_INVALID, tr("bad count \"%s\": write "
								  "DENOMINATIONxNOTES, e.g. 500000x2"),
					item);
		*x = '\0';
		{
			int64_t dv;

			if (money_parse(item, &dv, NULL))
				return pos_fail(err, POS_ERR_INVALID,
						tr("bad count \"%s\": write DENOMINATIONxNOTES, "
						   "e.g. 500000x2"), item);
			d = dv;
		}
		c = strtoll(x + 1, &end2, 10);
		end1 = x + 1;
		if (!*end1 || *end2 || c < 0 || c > 1000000)
			return pos_fail(err, POS_ERR_INVALID,
					tr("bad number of notes \"%s\" for %lld"), x + 1, d);
		if (!shift_denom_valid(d))
			return pos_fail(err, POS_ERR_INVALID,
					tr("%lld is not a Vietnamese banknote: use 500000, 200000, "
					   "100000, 50000, 20000, 10000, 5000, 2000, 1000, 500, 200 "
					   "or 100"), d);
		for (j = 0; j < k; j++)
			if (denoms[j] == d)
				break;
		if (j < k) {
			counts[j] += c;
			continue;
		}
		if (k >= max)
			return pos_fail(err, POS_ERR_INVALID, "%s", tr("too many denominations"));
		denoms[k] = d;
		counts[k] = c;
		k++;
	}
	if (k == 0)
		return pos_fail(err, POS_ERR_INVALID, "%s",
				tr("no count given: write e.g. 500000x2,200000x1,10000x5"));
	*n = k;
	return 0;
}

struct close_args {
	const struct user *u;
	const char *register_code;
	int64_t counted;
	const char *countstr;
	const struct showroom *sr;
	struct shift_report rep;
};

static int close_in_tx(struct db *db, void *ctx, struct pos_error *err)
{
	struct close_args *a = ctx;
	const struct user *u = a->u;
	const char *register_code = a->register_code;
	int64_t counted = a->counted;
	const char *countstr = a->countstr;
	const struct showroom *sr = a->sr;
	char ts[CLOCK_TS_LEN], date[CLOCK_DATE_LEN], detail[256], label[64];
	struct shift_report *rep = &a->rep;
	time_t now = clock_now();
	struct shift cur;
	sqlite3_stmt *st;
	long long seq = 0;
	int r;

	r = shift_current(db, register_code, &cur, err);
	if (r)
		return r;
	if (cur.user_id != u->id && u->role != ROLE_MANAGER && u->role != ROLE_ADMIN) {
		struct user opener;

		if (user_get_id(db, cur.user_id, &opener, NULL))
			snprintf(opener.name, sizeof(opener.name), "#%lld", cur.user_id);
		return pos_fail(err, POS_ERR_PERM,
				tr("the shift was opened by %s: only %s or a manager may close it"),
				opener.name, opener.name);
	}
	r = shift_report(db, cur.id, rep, err);
	if (r)
		return r;
	clock_format_utc(now, ts);
	clock_local_date(now, date);
	r = doc_counter_next(db, sr->code, register_code, atoi(date), "z",
			     "numbering the Z report", &seq, err);
	if (r)
		return r;
	snprintf(rep->shift.z_no, sizeof(rep->shift.z_no), "%s-%s-Z%.4s-%06lld", sr->code,
		 register_code, date, seq);
	r = db_prepare(db, "UPDATE shift SET closed_at = ?1, closed_by = ?2, expected_cash = ?3, "
		       "counted_cash = ?4, over_short = ?5, counts = ?6, z_no = ?7 "
		       "WHERE id = ?8 AND closed_at IS NULL", &st, err);
	if (r)
		return r;
	sqlite3_bind_text(st, 1, ts, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, u->id);
	sqlite3_bind_int64(st, 3, rep->expected_cash);
	sqlite3_bind_int64(st, 4, counted);
	sqlite3_bind_int64(st, 5, counted - rep->expected_cash);
	sqlite3_bind_text(st, 6, countstr, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, rep->shift.z_no, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, cur.id);
	r = sqlite3_step(st);
	sqlite3_reset(st);
	if (r != SQLITE_DONE || db_changes(db) != 1)
		return db_fail(db, err, "closing the shift");
	/* Open carts are parked, never lost: the next shift recalls them. */
	snprintf(label, sizeof(label), "%s", rep->shift.z_no);
	r = db_write(db, err, "holding the open carts", "UPDATE cart SET status = 'held', "
		     "label = CASE WHEN label = '' THEN ?1 ELSE label END, updated_at = ?2 "
		     "WHERE register = ?3 AND status = 'open'", "ttt", label, ts, register_code);
	if (r)
		return r;
	snprintf(detail, sizeof(detail), "shift %lld expected=%lld counted=%lld over_short=%lld",
		 cur.id, (long long)rep->expected_cash, (long long)counted,
		 (long long)(counted - rep->expected_cash));
	r = audit_log(db, u->id, 0, "shift_close", rep->shift.z_no, detail, err);
	if (r)
		return r;
	return shift_report(db, cur.id, rep, err);
}

int shift_close(struct db *db, const struct user *u, const char *register_code,
		const int64_t *denoms, const int64_t *counts, size_t n, int64_t counted,
		struct shift_report *out, struct pos_error *err)
{
	char countstr[512];
	struct close_args a;
	struct showroom sr;
	size_t i, len = 0;
	int r;

	r = user_require(u, PERM_SHIFT, err);
	if (r)
		return r;
	countstr[0] = '\0';
	if (n > 0) {
		counted = 0;
		for (i = 0; i < n; i++) {
			if (!shift_denom_valid(denoms[i]))
				return pos_fail(err, POS_ERR_INVALID,
						tr("%lld is not a Vietnamese banknote"),
						(long long)denoms[i]);
			if (counts[i] < 0 || counts[i] > 1000000)
				return pos_fail(err, POS_ERR_INVALID,
						tr("bad number of notes %lld for %lld"),
						(long long)counts[i], (long long)denoms[i]);
			counted += denoms[i] * counts[i];
			if (counted > SHIFT_CASH_MAX)
				return pos_fail(err, POS_ERR_INVALID, "%s",
						tr("the counted cash is too large"));
			if (len + 48 < sizeof(countstr))
				len += (size_t)snprintf(countstr + len, sizeof(countstr) - len,
							"%s%lldx%lld", len ? "," : "",
							(long long)denoms[i], (long long)counts[i]);
		}
	}
	if (counted < 0 || counted > SHIFT_CASH_MAX)
		return pos_fail(err, POS_ERR_INVALID, "%s",
				tr("the counted cash must be 0 VND or more"));
	r = showroom_local(db, &sr, err);
	if (r)
		return r;
	a.u = u;
	a.register_code = register_code;
	a.counted = counted;
	a.countstr = countstr;
	a.sr = &sr;
	if ((r = db_tx(db, DB_TX_WRITE, close_in_tx, &a, err)))
		return r;
	if (out)
		*out = a.rep;
	return 0;
}

int shift_list(struct db *db, const char *register_code, struct shift **out, size_t *n,
	       struct pos_error *err)
{
	sqlite3_stmt *st;
	void *v;
	int r;

	if (register_code)
		r = db_prepare(db, "SELECT " SHIFT_COLS " FROM shift WHERE register = ?1 "
			       "ORDER BY id", &st, err);
	else
		r = db_prepare(db, "SELECT " SHIFT_COLS " FROM shift ORDER BY id", &st, err);
	if (r)
		return r;
	if (register_code)
		sqlite3_bind_text(st, 1, register_code, -1, SQLITE_STATIC);
	r = db_rows(db, st, sizeof(**out), shift_row, "listing shifts", &v, n, err);
	if (!r)
		*out = v;
	return r;
}
