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

static int run(struct app_ctx *ctx, int argc, char **argv);

const struct cli_cmd cmd_hub = {
	"hub", "national server: take a province hub's files (PostgreSQL)",
	"Usage: ocop-pos --db NATIONAL_URI hub forward --from PROVINCE_URI\n"
	"Both databases are PostgreSQL hubs (postgresql://...).  Every exchange\n"
	"file the province imported and the national server does not have yet is\n"
	"verified again there (the showroom's signature, its numbers, totals and\n"
	"dates) and imported, each in its own transaction, in the order of the\n"
	"showroom's files.  The showrooms' keys come with the files; a different\n"
	"key already registered at the national server is refused.\n",
	run,
};

static int run(struct app_ctx *ctx, int argc, char **argv)
{
	const char *from = NULL;
	struct cli_opt opts[] = { { "from", OPT_STR, &from, 0 }, { NULL, 0, NULL, 0 } };
	struct pghub *to, *src;
	struct pos_error err;
	long long files = 0;
	int npos, help, r;

	r = cli_parse(&cmd_hub, argc, argv, opts, &npos, &help);
	if (r || help)
		return r;
	if (npos != 1 || strcmp(argv[1], "forward"))
		return cli_usage(&cmd_hub, "%s", tr("hub forward --from PROVINCE_URI"));
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
