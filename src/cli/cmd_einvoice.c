/*
 * cmd_einvoice.c - `ocop-pos einvoice`: set up cash-register e-invoices,
 * show an invoice's XML, list the outbox, send what is queued, resend a
 * rejected invoice.  Everything is done by core (einvoice*.h); this file
 * parses, calls and prints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/clock.h"
#include "core/einvoice.h"
#include "core/einvoice_send.h"
#include "core/einvoice_xml.h"
#include "core/i18n.h"
#include "core/user.h"
#include "core/vntext.h"

static int run_setup(struct app_ctx *ctx, const struct cli_args *a);
static int run_status(struct app_ctx *ctx, const struct cli_args *a);
static int run_show(struct app_ctx *ctx, const struct cli_args *a);
static int run_list(struct app_ctx *ctx, const struct cli_args *a);
static int run_send(struct app_ctx *ctx, const struct cli_args *a);
static int run_resend(struct app_ctx *ctx, const struct cli_args *a);

static const struct cli_opt setup_opts[] = {
	CLI_STR("method", "deduction|direct", "VAT invoices (form 1) or sales invoices (form 2)"),
	CLI_STR("series", "C26MAB", "the registered series"),
	CLI_STR("code", "XXXXX", "the 5 characters given at registration"),
	CLI_STR("provider", "viettel", "the e-invoice provider"),
	CLI_STR("endpoint", "URL", "the provider's address"),
	CLI_STR("credentials", "FILE", "user= and password= lines (mode 0600)"),
	CLI_USER, CLI_END,
};
static const struct cli_opt list_opts[] = {
	CLI_STR("state", "queued|sending|sent|accepted|rejected", "only this state"),
	CLI_INT("limit", 1, 1000000, "N", "at most N invoices"),
	CLI_FORMAT, CLI_USER, CLI_END,
};
static const struct cli_opt send_opts[] = {
	CLI_FLAG("force", "ignore the backoff"),
	CLI_INT("timeout", 1, 3600, "SECONDS", "how long to wait for the provider"),
	CLI_INT("tries", 1, 100, "N", "how many tries per invoice"),
	CLI_USER, CLI_END,
};
static const struct cli_opt user_opts[] = { CLI_USER, CLI_END };

static const struct cli_sub einvoice_subs[] = {
	{ "setup", NULL, "set up cash-register e-invoices (an admin)", setup_opts, run_setup, 0,
	  NULL },
	{ "status", NULL, "the e-invoice settings and the outbox in short", NULL, run_status, 0,
	  NULL },
	{ "show", "RECEIPT_NO", "print an invoice's XML", user_opts, run_show,
	  CLI_NEEDS(PERM_RECEIPTS), NULL },
	{ "list", NULL, "the outbox with each invoice's state", list_opts, run_list,
	  CLI_NEEDS(PERM_RECEIPTS), NULL },
	{ "send", NULL, "send the queued invoices to the provider", send_opts, run_send,
	  CLI_NEEDS(PERM_SELL), NULL },
	{ "resend", "RECEIPT_NO", "put a rejected invoice back in the queue (a manager)",
	  user_opts, run_resend, 0, NULL },
	CLI_SUBS_END,
};

const struct cli_cmd cmd_einvoice = {
	"einvoice", "cash-register e-invoices: setup, show the XML, list, send, resend",
	einvoice_subs,
	"Every sale, return and void after `setup` gets its e-invoice (hóa đơn điện\n"
	"tử khởi tạo từ máy tính tiền) in the same transaction: the number, gapless\n"
	"per series and year, and the MTT code M{form}-{YY}-{XXXXX}-{11 digits},\n"
	"made without a network.  A return issues an adjustment invoice; a void\n"
	"cancels an unsent invoice under the rules up to 2026-06-30, otherwise it\n"
	"issues a replacement invoice.\n"
	"setup: --method deduction gives VAT invoices (form 1), direct sales\n"
	"  invoices (form 2); --series is the registered series (its year digits\n"
	"  follow the year of issue); --code the 5 characters given at\n"
	"  registration.  The provider's user name and password stay in FILE\n"
	"  (lines user=... and password=..., mode 0600), never in the database.\n"
	"  Needs an admin (PIN on standard input) and the showroom's valid tax code.\n"
	"show: prints the invoice's XML (Decision 1450/QĐ-TCT) on standard output.\n"
	"list: the outbox with each invoice's state and the provider's reason.\n"
	"send: sends the queued invoices to the provider over HTTPS, in order,\n"
	"  with retries; what gets no definite answer stays queued (a later run\n"
	"  asks the provider first, so nothing is created twice).  --force ignores\n"
	"  the backoff.  Exit status 1 when some invoice was rejected or left queued.\n"
	"resend: puts a rejected invoice back in the queue (manager or admin).\n",
};

static int do_setup(struct app_ctx *ctx, const char *method, const char *series,
		    const char *code, const char *provider, const char *endpoint,
		    const char *credentials, const char *user)
{
	struct einv_settings s;
	struct pos_error err;
	struct user u;
	int r;

	if (!method || !series || !code)
		return cli_usage(&cmd_einvoice, "%s",
				 tr("setup needs --method, --series and --code"));
	memset(&s, 0, sizeof(s));
	if (einvoice_method_parse(method, &s.form, &err))
		return cli_usage(&cmd_einvoice, "--method: %s", pos_error_text(&err));
	if (einvoice_series_valid(series, &err) || einvoice_code_valid(code, &err))
		return app_error(&err);
	snprintf(s.series, sizeof(s.series), "%s", series);
	snprintf(s.code, sizeof(s.code), "%s", code);
	if (provider && strlen(provider) >= sizeof(s.provider))
		return cli_usage(&cmd_einvoice, "%s", tr("--provider: name too long"));
	if ((endpoint && strlen(endpoint) >= sizeof(s.endpoint)) ||
	    (credentials && strlen(credentials) >= sizeof(s.credentials)))
		return cli_usage(&cmd_einvoice, "%s", tr("--endpoint or --credentials too long"));
	snprintf(s.provider, sizeof(s.provider), "%s", provider ? provider : "");
	snprintf(s.endpoint, sizeof(s.endpoint), "%s", endpoint ? endpoint : "");
	snprintf(s.credentials, sizeof(s.credentials), "%s", credentials ? credentials : "");
	if ((r = cli_auth_user(ctx, user, &u)))
		return r;
	if (einvoice_setup(ctx->db, &u, &s, &err))
		return app_error(&err);
	printf(tr("E-invoices set up: %s (form %d), series %s, code %s, provider %s.\n"),
	       einvoice_method_name(s.form), s.form, s.series, s.code,
	       s.provider[0] ? s.provider : tr("none (invoices are queued)"));
	return 0;
}

static int do_status(struct app_ctx *ctx)
{
	struct einv_settings s;
	struct einv_counts c;
	struct pos_error err;
	char today[11];
	int enabled;

	if (einvoice_settings_get(ctx->db, &s, &enabled, &err) ||
	    einvoice_counts(ctx->db, &c, &err))
		return app_error(&err);
	if (!enabled) {
		printf("%s\n", tr("E-invoices are not set up (einvoice setup)."));
		return 0;
	}
	clock_local_date(clock_now(), today);
	printf("%s: %s (%d)\n", tr("Tax method"), einvoice_method_name(s.form), s.form);
	printf("%s: %s\n", tr("Series"), s.series);
	printf("%s: %s\n", tr("Code"), s.code);
	printf("%s: %s\n", tr("Provider"), s.provider[0] ? s.provider : "-");
	printf("%s: %s\n", tr("Endpoint"), s.endpoint[0] ? s.endpoint : "-");
	printf("%s: %s\n", tr("Rules in force"), einvoice_rules_for(today)->legal);
	printf("%s: %lld\n", tr("Waiting"), c.waiting);
	printf("%s: %lld\n", tr("Rejected"), c.rejected);
	printf("%s: %lld\n", tr("Accepted"), c.accepted);
	return 0;
}

static int do_show(struct app_ctx *ctx, const char *no)
{
	struct pos_error err;
	char *xml = NULL;
	size_t len;

	if (einvoice_xml(ctx->db, no, &xml, &len, &err))
		return app_error(&err);
	fwrite(xml, 1, len, stdout);
	free(xml);
	return 0;
}

static int do_list(struct app_ctx *ctx, const char *state, long long limit, const char *format)
{
	struct einv_row *v = NULL;
	struct app_table *t;
	struct pos_error err;
	enum app_format fmt;
	size_t n = 0, i;

	if (app_format_parse(format, &fmt))
		return cli_usage(&cmd_einvoice, tr("unknown format \"%s\""), format);
	if (limit < 0)
		return cli_usage(&cmd_einvoice, "%s", tr("--limit must be 0 or more"));
	if (einvoice_list(ctx->db, state, (size_t)limit, &v, &n, &err))
		return app_error(&err);
	t = app_table_new(11);
	app_table_col(t, 0, "receipt_no", "Receipt", COL_TEXT);
	app_table_col(t, 1, "kind", "Kind", COL_TEXT);
	app_table_col(t, 2, "form", "Form", COL_INT);
	app_table_col(t, 3, "series", "Series", COL_TEXT);
	app_table_col(t, 4, "number", "No.", COL_INT);
	app_table_col(t, 5, "mtt_code", "MTT code", COL_TEXT);
	app_table_col(t, 6, "date", "Date", COL_TEXT);
	app_table_col(t, 7, "total", "Total", COL_MONEY);
	app_table_col(t, 8, "state", "State", COL_TEXT);
	app_table_col(t, 9, "attempts", "Tries", COL_INT);
	app_table_col(t, 10, "reason", "Reason", COL_TEXT);
	for (i = 0; i < n; i++) {
		app_table_add_text(t, v[i].receipt_no);
		app_table_add_text(t, v[i].kind);
		app_table_add_int(t, v[i].form);
		app_table_add_text(t, v[i].series);
		app_table_add_int(t, v[i].number);
		app_table_add_text(t, v[i].mtt_code);
		app_table_add_text(t, v[i].date);
		app_table_add_money(t, v[i].total);
		app_table_add_text(t, v[i].state);
		app_table_add_int(t, v[i].attempts);
		app_table_add_text(t, v[i].last_error);
	}
	free(v);
	if (n == 0 && fmt == APP_TABLE) {
		app_table_print(t, fmt, NULL);
		fprintf(stderr, "%s", tr("No e-invoices.\n"));
		return 0;
	}
	app_table_print(t, fmt, stdout);
	return 0;
}

static int do_send(struct app_ctx *ctx, int force, long long timeout, long long tries)
{
	struct einv_send_opts o;
	struct einv_send_stats s;
	struct einv_counts c;
	struct pos_error err;

	memset(&o, 0, sizeof(o));
	o.force = force;
	if (timeout < 0 || tries < 0)
		return cli_usage(&cmd_einvoice, "%s", tr("--timeout and --tries must be positive"));
	o.timeout_ms = (long)timeout * 1000;
	o.tries = (int)tries;
	if (einvoice_send(ctx->db, &o, &s, &err))
		return app_error(&err);
	if (einvoice_counts(ctx->db, &c, &err))
		return app_error(&err);
	printf(tr("Sent: %d accepted, %d rejected, %d to retry, %d waiting for their original; "
		  "%lld in the queue.\n"), s.accepted, s.rejected, s.retry, s.waiting, c.waiting);
	if (s.retry && s.last_error[0])
		fprintf(stderr, tr("ocop-pos: last error: %s\n"), s.last_error);
	return s.rejected || c.waiting ? 1 : 0;
}

static int do_resend(struct app_ctx *ctx, const char *no, const char *user)
{
	struct pos_error err;
	struct user u;
	int r;

	if ((r = cli_auth_user(ctx, user, &u)))
		return r;
	if (einvoice_resend(ctx->db, &u, no, &err))
		return app_error(&err);
	printf(tr("The e-invoice of %s is queued again.\n"), no);
	return 0;
}

/* One receipt number, and the database. */
static int one_receipt(struct app_ctx *ctx, const struct cli_args *a)
{
	if (cli_nargs(a) != 1)
		return cli_usage(&cmd_einvoice, tr("%s needs one receipt number"), a->sub->name);
	return app_db(ctx, 0);
}

static int run_setup(struct app_ctx *ctx, const struct cli_args *a)
{
	int r;

	if ((r = app_db(ctx, 0)))
		return r;
	return do_setup(ctx, cli_str(a, "method"), cli_str(a, "series"), cli_str(a, "code"),
			cli_str(a, "provider"), cli_str(a, "endpoint"), cli_str(a, "credentials"),
			cli_str(a, "user"));
}

static int run_status(struct app_ctx *ctx, const struct cli_args *a)
{
	int r;

	(void)a;
	if ((r = app_db(ctx, 0)))
		return r;
	return do_status(ctx);
}

static int run_show(struct app_ctx *ctx, const struct cli_args *a)
{
	int r = one_receipt(ctx, a);

	return r ? r : do_show(ctx, cli_arg(a, 0));
}

static int run_list(struct app_ctx *ctx, const struct cli_args *a)
{
	int r;

	if ((r = app_db(ctx, 0)))
		return r;
	return do_list(ctx, cli_str(a, "state"), cli_int(a, "limit", 0), cli_str(a, "format"));
}

static int run_send(struct app_ctx *ctx, const struct cli_args *a)
{
	int r;

	if ((r = app_db(ctx, 0)))
		return r;
	return do_send(ctx, cli_has(a, "force"), cli_int(a, "timeout", 0), cli_int(a, "tries", 0));
}

static int run_resend(struct app_ctx *ctx, const struct cli_args *a)
{
	int r = one_receipt(ctx, a);

	return r ? r : do_resend(ctx, cli_arg(a, 0), cli_str(a, "user"));
}
