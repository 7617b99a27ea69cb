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
#include "core/admin.h"
#include "core/customer.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/user.h"

static int run(struct app_ctx *ctx, int argc, char **argv);

const struct cli_cmd cmd_customer = {
	"customer", "customers: add, list, show with purchases and points, export",
	"Usage: ocop-pos customer add --phone PHONE --name NAME [--tax-code MST|CCCD]\n"
	"                [--email EMAIL] [--address TEXT] --user NAME\n"
	"       ocop-pos customer list [QUERY] [--personal] [--format table|csv|json]\n"
	"                --user NAME\n"
	"       ocop-pos customer show PHONE [--format table|json] --user NAME\n"
	"       ocop-pos customer export [--out FILE] [--personal] --user NAME\n"
	"       ocop-pos customer loyalty [--earn POINTS_PER_1000] [--value VND]\n"
	"                [--user ADMIN]\n"
	"A customer is found by phone (10 digits starting with 0; +84 is turned\n"
	"into 0).  The tax code is an enterprise's MST or an individual's 12-digit\n"
	"CCCD.  `sale --customer PHONE` puts the customer on a sale as its buyer.\n"
	"Lists and exports show names, phones, tax codes, e-mails and addresses\n"
	"only with --personal (a manager or admin); without it the phone is\n"
	"masked.  Loyalty: --earn points per 1.000 VND of a sale (0 = off, the\n"
	"default), --value what a point is worth when redeemed (default 10 VND).\n"
	"The PIN of --user is read from standard input.\n",
	run,
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

static int run(struct app_ctx *ctx, int argc, char **argv)
{
	const char *phone = NULL, *name = NULL, *tax = NULL, *email = NULL, *address = NULL,
		   *who = NULL, *format = NULL, *outp = NULL, *earn = NULL, *value = NULL;
	int personal = 0;
	struct cli_opt opts[] = {
		{ "phone", OPT_STR, &phone, 0 }, { "name", OPT_STR, &name, 0 },
		{ "tax-code", OPT_STR, &tax, 0 }, { "email", OPT_STR, &email, 0 },
		{ "address", OPT_STR, &address, 0 }, { "user", OPT_STR, &who, 0 },
		{ "format", OPT_STR, &format, 0 }, { "out", OPT_STR, &outp, 0 },
		{ "personal", OPT_FLAG, &personal, 0 }, { "earn", OPT_STR, &earn, 0 },
		{ "value", OPT_STR, &value, 0 },
		{ NULL, 0, NULL, 0 },
	};
	struct pos_error err;
	enum app_format fmt;
	struct customer c, *list = NULL;
	struct user u;
	const char *sub;
	size_t n = 0;
	int npos, help, r;

	r = cli_parse(&cmd_customer, argc, argv, opts, &npos, &help);
	if (r || help)
		return r;
	if (npos < 1)
		return cli_usage(&cmd_customer, "%s", tr("say what to do: add, list, show, export "
							 "or loyalty"));
	sub = argv[1];
	if (app_format_parse(format, &fmt))
		return cli_usage(&cmd_customer, tr("unknown format \"%s\""), format);
	if (strcmp(sub, "loyalty") == 0)
		return loyalty(ctx, who, earn, value);
	if (strcmp(sub, "add") && strcmp(sub, "list") && strcmp(sub, "show") &&
	    strcmp(sub, "export"))
		return cli_usage(&cmd_customer, tr("unknown subcommand \"%s\""), sub);
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
		FILE *f = outp ? fopen(outp, "w") : stdout;

		if (!f) {
			free(list);
			pos_fail(&err, POS_ERR_IO, tr("cannot write %s"), outp);
			return app_error(&err);
		}
		app_customer_table(list, n, APP_CSV, f);
		if (personal && customer_note_export(ctx->db, &u, n, &err)) {
			if (outp)
				fclose(f);
			free(list);
			return app_error(&err);
		}
		if (outp) {
			if (fclose(f) != 0) {
				free(list);
				pos_fail(&err, POS_ERR_IO, tr("cannot write %s"), outp);
				return app_error(&err);
			}
			fprintf(stderr, tr("Exported %zu customers to %s.\n"), n, outp);
		}
	}
	free(list);
	return 0;
}
