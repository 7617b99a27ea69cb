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

static int run(struct app_ctx *ctx, int argc, char **argv);

const struct cli_cmd cmd_init = {
	"init", "create a new showroom database",
	"Usage: ocop-pos [--db FILE] init --showroom CODE --name NAME --province CODE\n"
	"                [--address TEXT] [--tax-code MST] [--phone TEXT] [--province-hub]\n"
	"Creates the database file (mode 0600) with the current schema and records\n"
	"the showroom it belongs to: its code (used in receipt numbers), name,\n"
	"province (2025 code, legacy code or name), and the seller details printed\n"
	"on receipts.  --province-hub makes a province database that merges the\n"
	"exchange files of its showrooms.\n",
	run,
};

static int run(struct app_ctx *ctx, int argc, char **argv)
{
	const char *code = NULL, *name = NULL, *province = NULL, *address = "", *tax = "",
		   *phone = "";
	int hub = 0, npos, help, r;
	struct cli_opt opts[] = {
		{ "showroom", OPT_STR, &code, 0 }, { "name", OPT_STR, &name, 0 },
		{ "province", OPT_STR, &province, 0 }, { "address", OPT_STR, &address, 0 },
		{ "tax-code", OPT_STR, &tax, 0 }, { "phone", OPT_STR, &phone, 0 },
		{ "province-hub", OPT_FLAG, &hub, 0 }, { NULL, 0, NULL, 0 },
	};
	const struct province *prov;
	struct showroom s;
	struct pos_error err;
	struct pghub *pg;

	r = cli_parse(&cmd_init, argc, argv, opts, &npos, &help);
	if (r || help)
		return r;
	if (npos)
		return cli_usage(&cmd_init, tr("unexpected argument \"%s\""), argv[1]);
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
