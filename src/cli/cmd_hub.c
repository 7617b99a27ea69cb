/*
 * cmd_hub.c - `ocop-pos hub forward --from URI`: the national server takes
 * the verified files of a province hub on PostgreSQL (core/pghub.h,
 * docs/province.md).  --db is the national server (also PostgreSQL).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/i18n.h"
#include "core/pghub.h"

static int run_forward(struct app_ctx *ctx, const struct cli_args *a);

static const struct cli_opt forward_opts[] = {
	CLI_STR("from", "URI", "the province hub (postgresql://...)"),
	CLI_END,
};

static const struct cli_sub hub_subs[] = {
	{ "forward", NULL, "national server: take a province hub's files (PostgreSQL)",
	  forward_opts, run_forward, 0,
	  "Both databases are PostgreSQL hubs (postgresql://...); --db is the national\n"
	  "server.  Every exchange file the province imported and the national server\n"
	  "does not have yet is verified again there (the showroom's signature, its\n"
	  "numbers, totals and dates) and imported, each in its own transaction, in\n"
	  "the order of the showroom's files.  The showrooms' keys come with the\n"
	  "files; a different key already registered at the national server is\n"
	  "refused.  Who may do it is PostgreSQL's to say (the role in the URIs).\n" },
	CLI_SUBS_END,
};

const struct cli_cmd cmd_hub = {
	"hub", "national server: take a province hub's files (PostgreSQL)", hub_subs, NULL,
};

static int run_forward(struct app_ctx *ctx, const struct cli_args *a)
{
	const char *from = cli_str(a, "from");
	struct pghub *to, *src;
	struct pos_error err;
	long long files = 0;
	int r;

	if (!from || !pghub_is_uri(from))
		return cli_usage(&cmd_hub, "%s", tr("--from names the province hub: postgresql://..."));
	if ((r = app_pghub(ctx, &to)))
		return r;
	if (!to)
		return app_fail("%s", tr("--db must name the national server: postgresql://..."));
	if (pghub_open(from, &src, &err)) {
		pghub_close(to);
		return app_error(&err);
	}
	r = pghub_forward(src, to, &files, &err);
	pghub_close(src);
	pghub_close(to);
	if (r)
		return app_error(&err);
	printf(tr("%lld file(s) forwarded and verified.\n"), files);
	return 0;
}
