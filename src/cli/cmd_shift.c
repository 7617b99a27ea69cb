/*
 * cmd_shift.c - `ocop-pos shift open|cash-in|cash-out|x|close|show|list`.
 *
 * The register is the config's register_code.  Every command that acts
 * takes --user NAME and reads that user's PIN from standard input.  The
 * close is blind: the count is given on the command line (a total with
 * --counted, or per denomination with --count 500000x2,...) and the
 * expected amount is printed only after the shift is closed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "app/printing.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/shift.h"
#include "core/user.h"
#include "core/vntext.h"

static int run_open(struct app_ctx *ctx, const struct cli_args *a);
static int run_cash(struct app_ctx *ctx, const struct cli_args *a);
static int run_x(struct app_ctx *ctx, const struct cli_args *a);
static int run_close(struct app_ctx *ctx, const struct cli_args *a);
static int run_show(struct app_ctx *ctx, const struct cli_args *a);
static int run_list(struct app_ctx *ctx, const struct cli_args *a);

#define O_PRINT CLI_FLAG("print", "also print it on the receipt printer"), \
	CLI_PRINTER

static const struct cli_opt open_opts[] = {
	CLI_MONEY("float", 0, CLI_MONEY_MAX, "the cash in the drawer (required, 0 if none)"),
	CLI_USER, CLI_END,
};
static const struct cli_opt cash_opts[] = {
	CLI_STR("reason", "TEXT", "why (required)"), CLI_USER, CLI_END,
};
static const struct cli_opt x_opts[] = {
	CLI_USER, CLI_FORMAT_JSON, O_PRINT, CLI_END,
};
static const struct cli_opt close_opts[] = {
	CLI_MONEY("counted", 0, CLI_MONEY_MAX, "the cash counted in the drawer"),
	CLI_STR("count", "500000x2,...", "the cash counted, by denomination"),
	CLI_USER, CLI_FORMAT_JSON, O_PRINT, CLI_END,
};
static const struct cli_opt show_opts[] = {
	CLI_FORMAT_JSON, O_PRINT, CLI_USER, CLI_END,
};
static const struct cli_opt list_opts[] = { CLI_FORMAT, CLI_USER, CLI_END };

static const struct cli_sub shift_subs[] = {
	{ "open", NULL, "open the register's shift with its float", open_opts, run_open, 0, NULL },
	{ "cash-in", "VND", "put cash in the drawer", cash_opts, run_cash, 0, NULL },
	{ "cash-out", "VND", "take cash out of the drawer", cash_opts, run_cash, 0, NULL },
	{ "x", NULL, "the X report of the open shift", x_opts, run_x, 0, NULL },
	{ "close", NULL, "close the shift (blind count) and make the Z report", close_opts,
	  run_close, 0, NULL },
	{ "show", "[ID]", "the Z report of a closed shift (default: the last one)", show_opts,
	  run_show, CLI_NEEDS(PERM_REPORTS), NULL },
	{ "list", NULL, "every shift", list_opts, run_list, CLI_NEEDS(PERM_REPORTS), NULL },
	CLI_SUBS_END,
};

const struct cli_cmd cmd_shift = {
	"shift", "open and close shifts, cash in and out, X and Z reports", shift_subs,
	"The user's PIN is read from standard input.  The register is the one of\n"
	"the config file (register_code).  Expected cash = opening float + cash\n"
	"sales (net of change) - cash refunds + cash in - cash out.  The close is\n"
	"blind: give the counted cash, then the expected amount and the over/short\n"
	"are shown and the Z report gets its number.  Open carts are held.\n"
	"`show` prints the Z report of a closed shift (default: the last one).\n"
	"--print also prints the X or Z report on the receipt printer.\n",
};

/* Print n spaces. */
static void spaces(int n)
{
	while (n-- > 0)
		putchar(' ');
}

/* "  label ....... value" with the label padded and the value right-aligned by display width. */
static void money_line(const char *label, int64_t v)
{
	char m[48];

	money_format(v, m, sizeof(m));
	printf("  %s", label);
	spaces(30 - vn_width(label));
	spaces(16 - vn_width(m));
	printf("%s\n", m);
}

static void local_time(const char *utc, char out[17])
{
	time_t t;

	if (utc[0] && clock_parse_utc(utc, &t, NULL) == 0)
		clock_format_local(t, out);
	else
		snprintf(out, 17, "%.16s", utc);
}

static const char *user_name(struct app_ctx *ctx, long long id, char *buf, size_t n)
{
	struct user u;

	if (id && user_get_id(ctx->db, id, &u, NULL) == 0)
		snprintf(buf, n, "%s", u.name);
	else
		snprintf(buf, n, "-");
	return buf;
}

static const char *const vat_labels[5] = { "0%", "5%", "8%", "10%", "KCT" };
static const char *const method_keys[4] = { "cash", "qr", "card", "wallet" };
static const char *const method_labels[4] = { "Cash", "VietQR transfer", "Card", "E-wallet" };

/* see: the reader may see the expected cash and the over/short
 * (shift_may_see_expected); a cashier's copy gives the counted cash only. */
static void print_json(struct app_ctx *ctx, const struct shift_report *r, int x, int see)
{
	const struct shift *s = &r->shift;
	char who[40], closer[40];
	int i;

	printf("{\"report\":\"%s\",\"shift\":%lld,\"register\":\"%s\",\"user\":\"%s\","
	       "\"opened_at\":\"%s\",\"business_date\":\"%s\",\"opening_float\":%lld,"
	       "\"closed\":%s",
	       x ? "x" : "z", s->id, s->register_code, user_name(ctx, s->user_id, who, sizeof(who)),
	       s->opened_at, s->business_date, (long long)s->opening_float,
	       s->closed ? "true" : "false");
	if (s->closed) {
		printf(",\"closed_at\":\"%s\",\"closed_by\":\"%s\",\"z_no\":\"%s\",\"counted_cash\":%lld,"
		       "\"counts\":\"%s\"",
		       s->closed_at, user_name(ctx, s->closed_by, closer, sizeof(closer)), s->z_no,
		       (long long)s->counted_cash, s->counts);
		if (see)
			printf(",\"over_short\":%lld", (long long)s->over_short);
	}
	printf(",\"sales_count\":%lld,\"sales_total\":%lld,\"refunds_count\":%lld,"
	       "\"refunds_total\":%lld,\"voids_count\":%lld,\"voids_total\":%lld,"
	       "\"discounts\":%lld,\"cash_in\":%lld,\"cash_out\":%lld,\"cash_rounding\":%lld,",
	       (long long)r->sales_count, (long long)r->sales_total, (long long)r->refunds_count,
	       (long long)r->refunds_total, (long long)r->voids_count, (long long)r->voids_total,
	       (long long)r->discounts, (long long)r->cash_in, (long long)r->cash_out,
	       (long long)r->cash_rounding);
	if (see)
		printf("\"expected_cash\":%lld,", (long long)r->expected_cash);
	printf("\"by_method\":{");
	for (i = 0; i < 4; i++)
		printf("%s\"%s\":%lld", i ? "," : "", method_keys[i], (long long)r->by_method[i]);
	printf("},\"vat\":[");
	for (i = 0; i < 5; i++)
		printf("%s{\"rate\":\"%s\",\"amount\":%lld,\"vat\":%lld}", i ? "," : "",
		       vat_labels[i], (long long)r->amount_by_rate[i], (long long)r->vat_by_rate[i]);
	printf("]}\n");
}

/* The X (x = 1) or Z report of r for people. */
static void print_report(struct app_ctx *ctx, const struct shift_report *r, int x,
			 enum app_format fmt, int see)
{
	const struct shift *s = &r->shift;
	char who[40], when[17], label[64];
	int i, shown;

	if (fmt == APP_JSON) {
		print_json(ctx, r, x, see);
		return;
	}
	if (x)
		printf(tr("X report - shift %lld, register %s (not closed)\n"), s->id,
		       s->register_code);
	else
		printf(tr("Z report %s - shift %lld, register %s\n"), s->z_no, s->id,
		       s->register_code);
	local_time(s->opened_at, when);
	printf(tr("  Opened %s by %s (business date %s)\n"), when,
	       user_name(ctx, s->user_id, who, sizeof(who)), s->business_date);
	if (s->closed) {
		local_time(s->closed_at, when);
		printf(tr("  Closed %s by %s\n"), when, user_name(ctx, s->closed_by, who, sizeof(who)));
	}
	snprintf(label, sizeof(label), tr("Sales (%lld)"), (long long)r->sales_count);
	money_line(label, r->sales_total);
	snprintf(label, sizeof(label), tr("Refunds (%lld)"), (long long)r->refunds_count);
	money_line(label, -r->refunds_total);
	snprintf(label, sizeof(label), tr("Voids (%lld)"), (long long)r->voids_count);
	money_line(label, -r->voids_total);
	money_line(tr("Net"), r->sales_total - r->refunds_total - r->voids_total);
	money_line(tr("Discounts given"), r->discounts);
	printf("%s\n", tr("  By payment method (net):"));
	for (i = 0; i < 4; i++) {
		snprintf(label, sizeof(label), "  %s", tr(method_labels[i]));
		money_line(label, r->by_method[i]);
	}
	printf("%s\n", tr("  VAT by rate (amount incl. VAT / VAT):"));
	for (i = 0, shown = 0; i < 5; i++) {
		char a[48], v[48];

		if (!r->amount_by_rate[i] && !r->vat_by_rate[i])
			continue;
		shown++;
		money_format(r->amount_by_rate[i], a, sizeof(a));
		money_format(r->vat_by_rate[i], v, sizeof(v));
		printf("    %-5s", vat_labels[i]);
		spaces(16 - vn_width(a));
		printf("%s", a);
		spaces(16 - vn_width(v));
		printf("%s\n", v);
	}
	if (!shown)
		printf("    -\n");
	printf("%s\n", tr("  Cash drawer:"));
	money_line(tr("Opening float"), s->opening_float);
	money_line(tr("Cash sales (net)"), r->by_method[0]);
	if (r->cash_rounding)
		money_line(tr("Cash rounding"), r->cash_rounding);
	money_line(tr("Cash in"), r->cash_in);
	money_line(tr("Cash out"), -r->cash_out);
	if (see)
		money_line(tr("Expected cash"), r->expected_cash);
	if (s->closed) {
		money_line(tr("Counted cash"), s->counted_cash);
		if (see)
			money_line(s->over_short >= 0 ? tr("Over") : tr("Short"), s->over_short);
		if (s->counts[0])
			printf(tr("  Count: %s\n"), s->counts);
	}
}

/* Print the report on paper when asked; a failure is reported, not fatal. */
static int print_paper(struct app_ctx *ctx, long long id, int closed, const char *printer,
		       int fatal, int see)
{
	struct pos_error err;

	fflush(stdout);
	if (app_print_shift(ctx, id, printer, 0, !see, &err) == 0)
		return 0;
	if (fatal)
		return app_error(&err);
	if (closed)
		fprintf(stderr, tr("ocop-pos: shift %lld is closed, but its Z report did not print: "
				   "%s. Print it again with `ocop-pos shift show %lld --print`.\n"),
			id, pos_error_text(&err), id);
	else
		fprintf(stderr, tr("ocop-pos: the X report of shift %lld did not print: %s\n"), id,
			pos_error_text(&err));
	return 0;
}

static int open_shift(struct app_ctx *ctx, const char *who, int have_float, int64_t fl)
{
	struct pos_error err;
	struct shift s;
	struct user u;
	char m[48];
	int r;

	if (!have_float)
		return cli_usage(&cmd_shift, "%s",
				 tr("shift open needs --float VND (the cash in the drawer, 0 if none)"));
	if ((r = cli_auth_user(ctx, who, &u)))
		return r;
	if (shift_open(ctx->db, &u, ctx->cfg.register_code, fl, &s, &err))
		return app_error(&err);
	money_format(s.opening_float, m, sizeof(m));
	printf(tr("Opened shift %lld on register %s for %s with a float of %s.\n"), s.id,
	       s.register_code, u.name, m);
	return 0;
}

static int cash_move(struct app_ctx *ctx, const char *who, const char *amount_s,
		     const char *reason, int out)
{
	struct pos_error err;
	struct user u;
	int64_t amount;
	char m[48];
	int r;

	if (money_parse(amount_s, &amount, &err))
		return cli_usage(&cmd_shift, "%s", pos_error_text(&err));
	if (amount > CLI_MONEY_MAX) {
		money_format(CLI_MONEY_MAX, m, sizeof(m));
		return cli_usage(&cmd_shift, tr("the amount %s is too large (at most %s)"), amount_s,
				 m);
	}
	if (amount <= 0)
		return cli_usage(&cmd_shift, "%s", tr("a cash in or out needs an amount above 0 VND"));
	if (!reason || !*reason)
		return cli_usage(&cmd_shift, "%s",
				 tr("give a reason for the cash in or out (--reason TEXT)"));
	if ((r = cli_auth_user(ctx, who, &u)))
		return r;
	if (shift_cash_move(ctx->db, &u, ctx->cfg.register_code, out ? -amount : amount, reason,
			    &err))
		return app_error(&err);
	money_format(amount, m, sizeof(m));
	printf(out ? tr("Cash out: %s (%s).\n") : tr("Cash in: %s (%s).\n"), m, reason);
	return 0;
}

static int x_report(struct app_ctx *ctx, const char *who, enum app_format fmt, int print,
		    const char *printer)
{
	struct shift_report rep;
	struct pos_error err;
	struct shift s;
	struct user u;
	int r, see;

	if ((r = cli_auth_user(ctx, who, &u)))
		return r;
	if (!user_can(&u, PERM_SHIFT) && !user_can(&u, PERM_REPORTS))
		return app_fail(tr("%s may not see shift reports"), u.name);
	if (shift_current(ctx->db, ctx->cfg.register_code, &s, &err) ||
	    shift_report(ctx->db, s.id, &rep, &err))
		return app_error(&err);
	see = shift_may_see_expected(&u);
	print_report(ctx, &rep, 1, fmt, see);
	return print ? print_paper(ctx, s.id, 0, printer, 1, see) : 0;
}

static int close_shift(struct app_ctx *ctx, const char *who, int have_counted, int64_t counted,
		       const char *count, enum app_format fmt, int print, const char *printer)
{
	int64_t denoms[SHIFT_NDENOMS * 2], counts[SHIFT_NDENOMS * 2];
	struct shift_report rep;
	struct pos_error err;
	struct user u;
	size_t n = 0;
	char m[48];
	int r, see;

	if (have_counted == !!count)
		return cli_usage(&cmd_shift, "%s",
				 tr("shift close needs the counted cash: --counted VND or "
				    "--count 500000x2,200000x1,..."));
	if (count && shift_count_parse(count, denoms, counts, SHIFT_NDENOMS * 2, &n, &err))
		return cli_usage(&cmd_shift, "%s", pos_error_text(&err));
	if (have_counted && counted < 0)
		return cli_usage(&cmd_shift, "%s", tr("the counted cash must be 0 VND or more"));
	if ((r = cli_auth_user(ctx, who, &u)))
		return r;
	if (shift_close(ctx->db, &u, ctx->cfg.register_code, denoms, counts, n, counted, &rep,
			&err))
		return app_error(&err);
	see = shift_may_see_expected(&u);
	if (fmt == APP_JSON) {
		print_json(ctx, &rep, 0, see);
	} else {
		money_format(rep.shift.counted_cash, m, sizeof(m));
		printf(tr("Closed shift %lld: counted %s.\n"), rep.shift.id, m);
		print_report(ctx, &rep, 0, fmt, see);
		if (!see)
			printf("%s\n", tr("  The expected cash and the over/short are for the manager "
					  "(`ocop-pos shift show`)."));
	}
	return print ? print_paper(ctx, rep.shift.id, 1, printer, 0, see) : 0;
}

static int show(struct app_ctx *ctx, const char *id_s, enum app_format fmt, int print,
		const char *printer)
{
	struct shift_report rep;
	struct pos_error err;
	struct shift s;
	long long id;
	char *end;
	int r;

	if ((r = app_db(ctx, 0)))
		return r;
	if (id_s) {
		errno = 0;
		id = strtoll(id_s, &end, 10);
		if (!*id_s || *end || id <= 0 || errno == ERANGE)
			return cli_usage(&cmd_shift, tr("a shift number, not \"%s\""), id_s);
		if (shift_get(ctx->db, id, &s, &err))
			return app_error(&err);
	} else if (shift_last(ctx->db, ctx->cfg.register_code, &s, &err)) {
		return app_error(&err);
	}
	if (!s.closed) {
		if (id_s)
			return app_fail(tr("shift %lld is still open: see its figures with "
					   "`ocop-pos shift x --user NAME`"), s.id);
		/* The last shift is open: show the one before it, if any. */
		{
			struct shift *v;
			size_t n, i;
			int found = 0;

			if (shift_list(ctx->db, ctx->cfg.register_code, &v, &n, &err))
				return app_error(&err);
			for (i = n; i-- > 0;)
				if (v[i].closed) {
					s = v[i];
					found = 1;
					break;
				}
			free(v);
			if (!found)
				return app_fail(tr("register %s has no closed shift yet"),
						ctx->cfg.register_code);
		}
	}
	if (shift_report(ctx->db, s.id, &rep, &err))
		return app_error(&err);
	print_report(ctx, &rep, 0, fmt, 1);      /* PERM_REPORTS: may see */
	return print ? print_paper(ctx, s.id, 1, printer, 1, 1) : 0;
}

static int list(struct app_ctx *ctx, enum app_format fmt)
{
	struct app_table *t;
	struct pos_error err;
	struct shift *v;
	char who[40], when[17];
	size_t n, i;
	int r;

	if ((r = app_db(ctx, 0)))
		return r;
	if (shift_list(ctx->db, NULL, &v, &n, &err))
		return app_error(&err);
	t = app_table_new(9);
	app_table_col(t, 0, "id", "Shift", COL_INT);
	app_table_col(t, 1, "register", "Register", COL_TEXT);
	app_table_col(t, 2, "user", "User", COL_TEXT);
	app_table_col(t, 3, "opened_at", "Opened", COL_TEXT);
	app_table_col(t, 4, "closed_at", "Closed", COL_TEXT);
	app_table_col(t, 5, "z_no", "Z number", COL_TEXT);
	app_table_col(t, 6, "expected_cash", "Expected", COL_MONEY);
	app_table_col(t, 7, "counted_cash", "Counted", COL_MONEY);
	app_table_col(t, 8, "over_short", "Over/short", COL_MONEY);
	for (i = 0; i < n; i++) {
		app_table_add_int(t, v[i].id);
		app_table_add_text(t, v[i].register_code);
		app_table_add_text(t, user_name(ctx, v[i].user_id, who, sizeof(who)));
		if (fmt == APP_TABLE)
			local_time(v[i].opened_at, when);
		app_table_add_text(t, fmt == APP_TABLE ? when : v[i].opened_at);
		if (fmt == APP_TABLE)
			local_time(v[i].closed_at, when);
		app_table_add_text(t, fmt == APP_TABLE ? when : v[i].closed_at);
		app_table_add_text(t, v[i].z_no);
		if (!v[i].closed && fmt == APP_TABLE) {
			/* Still open: nothing counted yet, and the count stays blind. */
			app_table_add_text(t, "");
			app_table_add_text(t, "");
			app_table_add_text(t, "");
		} else {
			app_table_add_money(t, v[i].expected_cash);
			app_table_add_money(t, v[i].counted_cash);
			app_table_add_money(t, v[i].over_short);
		}
	}
	free(v);
	app_table_print(t, fmt, stdout);
	return 0;
}

static int run_open(struct app_ctx *ctx, const struct cli_args *a)
{
	const char *who = cli_str(a, "user");
	int r;

	if (!who)
		return cli_usage(&cmd_shift, "%s", tr("say who you are with --user NAME"));
	if ((r = app_db(ctx, 0)))
		return r;
	return open_shift(ctx, who, cli_has(a, "float"), cli_money(a, "float", 0));
}

static int run_cash(struct app_ctx *ctx, const struct cli_args *a)
{
	const char *who = cli_str(a, "user");
	int r;

	if (cli_nargs(a) != 1)
		return cli_usage(&cmd_shift, tr("shift %s needs one amount"), a->sub->name);
	if (!who)
		return cli_usage(&cmd_shift, "%s", tr("say who you are with --user NAME"));
	if ((r = app_db(ctx, 0)))
		return r;
	return cash_move(ctx, who, cli_arg(a, 0), cli_str(a, "reason"),
			 strcmp(a->sub->name, "cash-out") == 0);
}

static int run_x(struct app_ctx *ctx, const struct cli_args *a)
{
	const char *who = cli_str(a, "user");
	enum app_format fmt;
	int r;

	if ((r = cli_format(a, &fmt)))
		return r;
	if (!who)
		return cli_usage(&cmd_shift, "%s", tr("say who you are with --user NAME"));
	if ((r = app_db(ctx, 0)))
		return r;
	return x_report(ctx, who, fmt, cli_has(a, "print"), cli_str(a, "printer"));
}

static int run_close(struct app_ctx *ctx, const struct cli_args *a)
{
	const char *who = cli_str(a, "user");
	enum app_format fmt;
	int r;

	if ((r = cli_format(a, &fmt)))
		return r;
	if (!who)
		return cli_usage(&cmd_shift, "%s", tr("say who you are with --user NAME"));
	if ((r = app_db(ctx, 0)))
		return r;
	return close_shift(ctx, who, cli_has(a, "counted"), cli_money(a, "counted", 0),
			   cli_str(a, "count"), fmt, cli_has(a, "print"), cli_str(a, "printer"));
}

static int run_show(struct app_ctx *ctx, const struct cli_args *a)
{
	enum app_format fmt;
	int r;

	if ((r = cli_format(a, &fmt)))
		return r;
	if (cli_nargs(a) > 1)
		return cli_usage(&cmd_shift, tr("unexpected argument \"%s\""), cli_arg(a, 1));
	return show(ctx, cli_arg(a, 0), fmt, cli_has(a, "print"), cli_str(a, "printer"));
}

static int run_list(struct app_ctx *ctx, const struct cli_args *a)
{
	enum app_format fmt;
	int r;

	if ((r = cli_format(a, &fmt)))
		return r;
	return list(ctx, fmt);
}
