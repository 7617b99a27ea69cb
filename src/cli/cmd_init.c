/*
 * cmd_init.c - `ocop-pos init`: a new showroom (or province hub) database.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/pghub.h"
#include "core/refdata.h"
#include "core/showroom.h"

static int run(struct app_ctx *ctx, const struct cli_args *a);

static const struct cli_opt init_opts[] = {
	CLI_STR("showroom", "CODE", "the showroom's code (in receipt numbers; required)"),
	CLI_STR("name", "NAME", "the showroom's name (required)"),
	CLI_STR("province", "CODE", "its province: 2025 code, legacy code or name (required)"),
	CLI_STR("address", "TEXT", "address printed on receipts"),
	CLI_STR("tax-code", "MST", "tax code printed on receipts"),
	CLI_STR("phone", "TEXT", "phone printed on receipts"),
	CLI_FLAG("province-hub", "a province database that merges showrooms' files"),
	CLI_END,
};

static const struct cli_sub init_subs[] = {
	{ NULL, NULL, "create a new showroom database", init_opts, run, 0,
	"Creates the database file (mode 0600) with the current schema and records\n"
	"the showroom it belongs to: its code (used in receipt numbers), name,\n"
	"province (2025 code, legacy code or name), and the seller details printed\n"
	"on receipts.  --province-hub makes a province database that merges the\n"
	"exchange files of its showrooms.\n" },
	CLI_SUBS_END,
};

const struct cli_cmd cmd_init = { "init", "create a new showroom database", init_subs, NULL };

static int run(struct app_ctx *ctx, const struct cli_args *a)
{
	const char *code = cli_str(a, "showroom"), *name = cli_str(a, "name"),
		   *province = cli_str(a, "province"), *address = cli_str(a, "address"),
		   *tax = cli_str(a, "tax-code"), *phone = cli_str(a, "phone");
	int hub = cli_has(a, "province-hub"), r;
	const struct province *prov;
	struct showroom s;
	struct pos_error err;
	struct pghub *pg;

	if (!address)
		address = "";
	if (!tax)
		tax = "";
	if (!phone)
		phone = "";
	if (!code || !name || !province)
		return cli_usage(&cmd_init, "%s", tr("init needs --showroom CODE, --name NAME and --province CODE"));
	if ((r = app_pghub(ctx, &pg)))
		return r;
	if (pg) {
		if (!hub) {
			pghub_close(pg);
			return app_fail("%s", tr("a PostgreSQL database can only be a province or "
						 "national hub: add --province-hub (showrooms keep "
						 "their SQLite file)"));
		}
		r = province_resolve(province, &prov, NULL, &err) ||
		    pghub_init(pg, code, name, prov->code, &err);
		pghub_close(pg);
		if (r)
			return app_error(&err);
		printf(tr("PostgreSQL hub %s (%s, %s) is ready.\n"), code, name, prov->name);
		return 0;
	}
	if ((r = app_db(ctx, DB_CREATE)))
		return r;
	if (province_resolve(province, &prov, NULL, &err))
		return app_error(&err);
	showroom_init_struct(&s);
	snprintf(s.code, sizeof(s.code), "%s", code);
	snprintf(s.name, sizeof(s.name), "%s", name);
	snprintf(s.province, sizeof(s.province), "%s", prov->code);
	snprintf(s.address, sizeof(s.address), "%s", address);
	snprintf(s.tax_code, sizeof(s.tax_code), "%s", tax);
	snprintf(s.phone, sizeof(s.phone), "%s", phone);
	s.is_hub = hub;
	if (strlen(code) >= sizeof(s.code))
		return app_fail(tr("showroom code \"%s\" is longer than 16 characters"), code);
	if (showroom_create(ctx->db, &s, &err))
		return app_error(&err);
	printf(tr("Created %s for %s %s (%s, %s).\n"), db_path(ctx->db),
	       hub ? tr("province hub") : tr("showroom"), s.code, s.name, prov->name);
	if (hub)
		printf("%s", tr("A hub sells nothing itself.  Register each showroom's key "
				"(`ocop-pos showroom register CODE --key KEY`), then merge their "
				"files with `ocop-pos import FILE...` (see docs/province.md).\n"));
	return 0;
}
