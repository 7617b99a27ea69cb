/*
 * cmd_customer.c - `ocop-pos customer`: add a customer, list them, show
 * one with their purchases and points, export the list as CSV, and set
 * the loyalty programme (core/customer.h).  Every subcommand says who is
 * asking (--user, PIN on standard input): customers are personal data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "app/customer_table.h"
#include "app/outfile.h"
#include "core/admin.h"
#include "core/customer.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/user.h"

static int run(struct app_ctx *ctx, const struct cli_args *a);

#define O_PERSONAL CLI_FLAG("personal", "names, phones and tax codes in full (a manager)")

static const struct cli_opt add_opts[] = {
	CLI_STR("phone", "PHONE", "10 digits starting with 0 (required)"),
	CLI_STR("name", "NAME", "the customer's name (required)"),
	CLI_STR("tax-code", "MST|CCCD", "an enterprise's MST or a 12-digit CCCD"),
	CLI_STR("email", "EMAIL", "e-mail"), CLI_STR("address", "TEXT", "address"),
	CLI_USER, CLI_END,
};
static const struct cli_opt list_opts[] = {
	O_PERSONAL,
	CLI_FORMAT, CLI_USER, CLI_END,
};
static const struct cli_opt show_opts[] = {
	CLI_FORMAT_JSON, CLI_USER, CLI_END,
};
static const struct cli_opt export_opts[] = {
	CLI_OUT,
	O_PERSONAL,
	CLI_FORCE, CLI_USER, CLI_END,
};
static const struct cli_opt loyalty_opts[] = {
	CLI_STR("earn", "POINTS_PER_1000", "points per 1.000 VND of a sale (0 = off)"),
	CLI_STR("value", "VND", "what a point is worth when redeemed"),
	CLI_USER, CLI_END,
};

static const struct cli_sub customer_subs[] = {
	{ "add", NULL, "add a customer", add_opts, run, 0, NULL },
	{ "list", "[QUERY]", "list customers (phones masked without --personal)", list_opts, run,
	  0, NULL },
	{ "show", "PHONE", "one customer with purchases and points", show_opts, run, 0, NULL },
	{ "export", "[QUERY]", "the list as CSV", export_opts, run, 0, NULL },
	{ "loyalty", NULL, "show or set the loyalty programme (an admin)", loyalty_opts, run, 0,
	  NULL },
	CLI_SUBS_END,
};

const struct cli_cmd cmd_customer = {
	"customer", "customers: add, list, show with purchases and points, export", customer_subs,
	"A customer is found by phone (10 digits starting with 0; +84 is turned\n"
	"into 0).  The tax code is an enterprise's MST or an individual's 12-digit\n"
	"CCCD.  `sale --customer PHONE` puts the customer on a sale as its buyer.\n"
	"Lists and exports show names, phones, tax codes, e-mails and addresses\n"
	"only with --personal (a manager or admin); without it the phone is\n"
	"masked.  Loyalty: --earn points per 1.000 VND of a sale (0 = off, the\n"
	"default), --value what a point is worth when redeemed (default 10 VND).\n"
	"The PIN of --user is read from standard input.\n",
};

static int show(struct app_ctx *ctx, const struct user *u, const char *phone,
		enum app_format fmt)
{
	struct customer c;
	struct customer_sale *h = NULL;
	struct pos_error err;
	struct app_table *t;
	size_t n = 0, i;
	char lb[64], m[MONEY_FMT_MAX];

	if (customer_find(ctx->db, u, phone, &c, &err) ||
	    customer_history(ctx->db, u, &c, &h, &n, &err))
		return app_error(&err);
	if (fmt == APP_TABLE) {
		printf("%s %s\n", app_pad(lb, sizeof(lb), tr("Customer:"), 14), c.code);
		printf("%s %s\n", app_pad(lb, sizeof(lb), tr("Name:"), 14), c.name);
		printf("%s %s\n", app_pad(lb, sizeof(lb), tr("Phone:"), 14), c.phone);
		if (c.tax_code[0])
			printf("%s %s\n", app_pad(lb, sizeof(lb), tr("Tax code:"), 14), c.tax_code);
		if (c.email[0])
			printf("%s %s\n", app_pad(lb, sizeof(lb), tr("E-mail:"), 14), c.email);
		if (c.address[0])
			printf("%s %s\n", app_pad(lb, sizeof(lb), tr("Address:"), 14), c.address);
		money_format(c.spent, m, sizeof(m));
		printf("%s %lld (%s)\n", app_pad(lb, sizeof(lb), tr("Purchases:"), 14),
		       (long long)c.purchases, m);
		printf("%s %lld\n\n", app_pad(lb, sizeof(lb), tr("Points:"), 14),
		       (long long)c.points);
	}
	t = app_table_new(6);
	app_table_col(t, 0, "receipt_no", tr("Receipt"), COL_TEXT);
	app_table_col(t, 1, "kind", tr("Kind"), COL_TEXT);
	app_table_col(t, 2, "date", tr("Date"), COL_TEXT);
	app_table_col(t, 3, "total", tr("Total"), COL_MONEY);
	app_table_col(t, 4, "points_earned", tr("Points earned"), COL_INT);
	app_table_col(t, 5, "points_redeemed", tr("Points redeemed"), COL_INT);
	for (i = 0; i < n; i++) {
		app_table_add_text(t, h[i].receipt_no);
		app_table_add_text(t, h[i].kind);
		app_table_add_text(t, h[i].business_date);
		app_table_add_money(t, h[i].total);
		app_table_add_int(t, h[i].points_earned);
		app_table_add_int(t, h[i].points_redeemed);
	}
	app_table_print(t, fmt, stdout);
	free(h);
	return 0;
}

static int loyalty(struct app_ctx *ctx, const char *who, const char *earn, const char *value)
{
	struct pos_error err;
	struct loyalty l;
	struct user u;
	int r;

	if (earn || value) {
		if ((r = cli_auth_user(ctx, who, &u)))
			return r;
		if ((earn && admin_setting_set(ctx->db, &u, ADMIN_SET_LOYALTY_EARN, earn, &err)) ||
		    (value && admin_setting_set(ctx->db, &u, ADMIN_SET_LOYALTY_VALUE, value, &err)))
			return app_error(&err);
	} else if ((r = app_db(ctx, 0))) {
		return r;
	}
	if (customer_loyalty(ctx->db, &l, &err))
		return app_error(&err);
	if (l.points_per_1000 > 0)
		printf(tr("Loyalty points: %d per 1.000 ₫ spent, a point is worth %lld ₫.\n"),
		       l.points_per_1000, (long long)l.point_vnd);
	else
		printf("%s\n", tr("Loyalty points are off."));
	return 0;
}

static int run(struct app_ctx *ctx, const struct cli_args *a)
{
	const char *phone = cli_str(a, "phone"), *name = cli_str(a, "name"),
		   *tax = cli_str(a, "tax-code"), *email = cli_str(a, "email"),
		   *address = cli_str(a, "address"), *who = cli_str(a, "user"),
		   *format = cli_str(a, "format"), *outp = cli_str(a, "out"),
		   *earn = cli_str(a, "earn"), *value = cli_str(a, "value");
	int personal = cli_has(a, "personal"), npos = a->npos;
	char **argv = a->argv;
	struct app_out out;
	struct pos_error err;
	enum app_format fmt;
	struct customer c, *list = NULL;
	struct user u;
	const char *sub;
	size_t n = 0;
	int r;

	sub = argv[1];
	if (app_format_parse(format, &fmt))
		return cli_usage(&cmd_customer, tr("unknown format \"%s\""), format);
	if (strcmp(sub, "loyalty") == 0)
		return loyalty(ctx, who, earn, value);
	if (strcmp(sub, "add") == 0 && (!phone || !name))
		return cli_usage(&cmd_customer, "%s", tr("customer add needs --phone and --name"));
	if (strcmp(sub, "show") == 0 && npos < 2)
		return cli_usage(&cmd_customer, "%s", tr("customer show needs the phone"));
	if ((r = cli_auth_user(ctx, who, &u)))
		return r;
	if (strcmp(sub, "add") == 0) {
		memset(&c, 0, sizeof(c));
		snprintf(c.phone, sizeof(c.phone), "%s", phone);
		snprintf(c.name, sizeof(c.name), "%s", name);
		snprintf(c.tax_code, sizeof(c.tax_code), "%s", tax ? tax : "");
		snprintf(c.email, sizeof(c.email), "%s", email ? email : "");
		snprintf(c.address, sizeof(c.address), "%s", address ? address : "");
		if (strlen(phone) >= sizeof(c.phone) || (tax && strlen(tax) >= sizeof(c.tax_code)))
			return cli_usage(&cmd_customer, "%s", tr("the phone or tax code is too long"));
		if (customer_add(ctx->db, &u, &c, &c, &err))
			return app_error(&err);
		printf(tr("Customer %s added: %s, %s.\n"), c.code, c.name, c.phone);
		return 0;
	}
	if (strcmp(sub, "show") == 0)
		return show(ctx, &u, argv[2], fmt);
	if (customer_list(ctx->db, &u, npos >= 2 ? argv[2] : "", personal, &list, &n, &err))
		return app_error(&err);
	if (strcmp(sub, "list") == 0) {
		app_customer_table(list, n, fmt, stdout);
	} else {
		FILE *f = stdout;

		if (outp) {
			if ((r = app_out_open(ctx, outp, cli_has(a, "force"), 0, &out))) {
				free(list);
				return r;
			}
			f = out.fp;
		}
		app_customer_table(list, n, APP_CSV, f);
		if (personal && customer_note_export(ctx->db, &u, n, &err)) {
			if (outp)
				app_out_abort(&out);
			free(list);
			return app_error(&err);
		}
		if (outp) {
			if ((r = app_out_commit(&out))) {
				free(list);
				return r;
			}
			fprintf(stderr, tr("Exported %zu customers to %s.\n"), n, outp);
		}
	}
	free(list);
	return 0;
}
