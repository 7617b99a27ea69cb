/*
 * cmd_vietqr.c - `ocop-pos vietqr`: print a VietQR payload on one line,
 * decode one, or save the showroom's bank account for QR payments.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/user.h"
#include "core/vietqr.h"

static int run(struct app_ctx *ctx, const struct cli_args *a);

static const struct cli_opt vietqr_opts[] = {
	CLI_STR("bank", "BIN", "the bank's BIN or short name"),
	CLI_STR("account", "NO", "the account number"),
	CLI_MONEY("amount", 0, CLI_MONEY_MAX, "a fixed amount (a dynamic QR)"),
	CLI_STR("purpose", "TEXT", "the transfer's purpose"),
	CLI_FLAG("save", "store --bank and --account as the showroom's (an admin)"),
	CLI_USER,
	CLI_STR("decode", "PAYLOAD", "check a payload instead"),
	CLI_STR("format", "table|json", "output of --decode"),
	CLI_END,
};

static const struct cli_sub vietqr_subs[] = {
	{ NULL, NULL, "print a VietQR bank-transfer payload (or check one)", vietqr_opts, run, 0,
	"Also:  ocop-pos vietqr --bank BIN --account NO --save --user ADMIN\n"
	"       ocop-pos vietqr --decode PAYLOAD [--format table|json]\n"
	"Prints the EMVCo/NAPAS payload on one line, for any QR encoder.  --bank is\n"
	"the bank's 6-digit BIN or a short name (vcb, vietinbank, bidv, agribank,\n"
	"mb, techcombank, acb).  Without --bank and --account the showroom's saved\n"
	"account is used.  With an amount the payload is dynamic (the amount is\n"
	"fixed); without one it is static.  The purpose is written without\n"
	"accents, letters, digits and spaces only, at most 25 characters.\n"
	"--save stores the bank and account as the showroom's (an admin; the PIN\n"
	"is read from standard input).  --decode checks a payload (CRC, fields).\n" },
	CLI_SUBS_END,
};

const struct cli_cmd cmd_vietqr = {
	"vietqr", "print a VietQR bank-transfer payload (or check one)", vietqr_subs, NULL,
};

static int decode(const char *s, enum app_format fmt)
{
	struct vietqr_info q;
	struct pos_error err;
	char m[48], lb[64];

	if (vietqr_decode(s, strlen(s), &q, &err))
		return app_error(&err);
	if (fmt == APP_JSON) {
		printf("{\"dynamic\":%s,\"bin\":\"%s\",\"account\":\"%s\",\"service\":\"%s\","
		       "\"currency\":\"%s\",\"country\":\"%s\",\"amount\":%lld,\"purpose\":\"",
		       q.dynamic ? "true" : "false", q.bin, q.account, q.service, q.currency,
		       q.country, (long long)q.amount);
		for (const char *p = q.purpose; *p; p++)
			if (*p == '"' || *p == '\\')
				printf("\\%c", *p);
			else
				putchar(*p);
		printf("\",\"crc\":\"%s\"}\n", q.crc);
		return 0;
	}
	printf("%s %s\n", app_pad(lb, sizeof(lb), tr("QR kind:"), 14),
	       q.dynamic ? tr("dynamic") : tr("static"));
	printf("%s %s\n", app_pad(lb, sizeof(lb), tr("Bank BIN:"), 14), q.bin);
	printf("%s %s\n", app_pad(lb, sizeof(lb), tr("Account:"), 14), q.account);
	printf("%s %s\n", app_pad(lb, sizeof(lb), tr("Service code:"), 14), q.service);
	if (q.amount >= 0) {
		money_format(q.amount, m, sizeof(m));
		printf("%s %s\n", app_pad(lb, sizeof(lb), tr("Amount:"), 14), m);
	}
	printf("%s %s\n", app_pad(lb, sizeof(lb), tr("Purpose:"), 14), q.purpose);
	printf("%s %s (%s)\n", app_pad(lb, sizeof(lb), tr("CRC:"), 14), q.crc, tr("correct"));
	return 0;
}

static int run(struct app_ctx *ctx, const struct cli_args *a)
{
	const char *bank = cli_str(a, "bank"), *account = cli_str(a, "account"),
		   *purpose = cli_str(a, "purpose"), *who = cli_str(a, "user"),
		   *dec = cli_str(a, "decode"), *format = cli_str(a, "format");
	int64_t amount = cli_money(a, "amount", 0);
	int save = cli_has(a, "save");
	char out[VIETQR_MAX];
	struct pos_error err;
	enum app_format fmt;
	struct user u;
	int r;

	if (app_format_parse(format, &fmt))
		return cli_usage(&cmd_vietqr, tr("unknown format \"%s\""), format);
	if (dec)
		return decode(dec, fmt);
	if (!bank != !account)
		return cli_usage(&cmd_vietqr, "%s",
				 tr("give both --bank and --account, or neither (the showroom's)"));
	if (amount < 0)
		return cli_usage(&cmd_vietqr, "%s", tr("the amount cannot be negative"));
	if (save) {
		if (!bank)
			return cli_usage(&cmd_vietqr, "%s", tr("--save needs --bank and --account"));
		if (!who)
			return cli_usage(&cmd_vietqr, "%s", tr("--save needs --user ADMIN"));
		if (vietqr_build(bank, account, 0, NULL, out, sizeof(out), &err))
			return app_error(&err);
		if ((r = cli_auth_user(ctx, who, &u)))
			return r;
		if (vietqr_set_showroom(ctx->db, &u, bank, account, &err))
			return app_error(&err);
		printf(tr("Saved the showroom's VietQR account: %s %s.\n"), bank, account);
		return 0;
	}
	if (bank) {
		if (vietqr_build(bank, account, amount, purpose, out, sizeof(out), &err))
			return app_error(&err);
	} else {
		if ((r = app_db(ctx, 0)))
			return r;
		if (vietqr_build_showroom(ctx->db, amount, purpose, out, sizeof(out), &err))
			return app_error(&err);
	}
	printf("%s\n", out);
	return 0;
}
