/*
 * cmd_hub.c - hubs on PostgreSQL (core/pghub.h, docs/province.md):
 * `hub key` prints a hub's own public key (the province countersigns what
 * it forwards), `hub register CODE --key KEY` records a province's key at
 * the national server, `hub forward --from URI`: the national server (--db)
 * takes the verified, countersigned files of a province hub.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/i18n.h"
#include "core/pghub.h"

static int run_forward(struct app_ctx *ctx, const struct cli_args *a);
static int run_key(struct app_ctx *ctx, const struct cli_args *a);
static int run_register(struct app_ctx *ctx, const struct cli_args *a);

static const struct cli_opt forward_opts[] = {
	CLI_STR("from", "URI", "the province hub (postgresql://...)"),
	CLI_END,
};
static const struct cli_opt register_opts[] = {
	CLI_STR("key", "PUBLIC_KEY", "the line `ocop-pos hub key` printed at the province"),
	CLI_FLAG("replace-key", "replace a different key already registered (audited)"),
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
	  "refused.  Who may do it is PostgreSQL's to say (the role in the URIs).\n"
	  "Each file travels with the province's countersignature (Ed25519 over the\n"
	  "file's SHA-256, the province, showroom, number and the showroom's key);\n"
	  "the national server refuses a file whose province has no registered key\n"
	  "(hub register) or whose countersignature does not verify.\n" },
	{ "key", NULL, "print this hub's code and public key (PostgreSQL)", NULL, run_key, 0,
	  "Made on first use and kept in the hub's database (table hub_key, not\n"
	  "readable by ocop_reader).  Send the line to the national server.\n" },
	{ "register", "CODE", "national server: record a province hub's public key", register_opts,
	  run_register, 0,
	  "A province that already has a different key keeps it unless --replace-key\n"
	  "is given by a PostgreSQL superuser or a member of ocop_admin; the\n"
	  "replacement is written to the audit table.\n" },
	CLI_SUBS_END,
};

const struct cli_cmd cmd_hub = {
	"hub", "province and national hubs on PostgreSQL: keys, forwarding", hub_subs, NULL,
};

/* --db as a PostgreSQL hub into *out, or a usage error. */
static int open_pg(struct app_ctx *ctx, struct pghub **out)
{
	int r;

	if ((r = app_pghub(ctx, out)))
		return r;
	if (!*out)
		return app_fail("%s", tr("--db must name a hub on PostgreSQL: postgresql://..."));
	return 0;
}

static int run_key(struct app_ctx *ctx, const struct cli_args *a)
{
	char code[17], pk[SIGN_PUBKEY_B64];
	struct pos_error err;
	struct pghub *h;
	int r;
	(void)a;

	if ((r = open_pg(ctx, &h)))
		return r;
	r = pghub_hub_key(h, code, pk, &err);
	pghub_close(h);
	if (r)
		return app_error(&err);
	printf("%s %s\n", code, pk);
	return 0;
}

static int run_register(struct app_ctx *ctx, const struct cli_args *a)
{
	const char *key = cli_str(a, "key"), *code = cli_arg(a, 0);
	struct pos_error err;
	struct pghub *h;
	int r;

	if (cli_nargs(a) != 1)
		return cli_usage(&cmd_hub, "%s",
				 tr("register needs the province's code: hub register CODE --key KEY"));
	if (!key)
		return cli_usage(&cmd_hub, "%s",
				 tr("give the key `ocop-pos hub key` printed at the province with --key"));
	if ((r = open_pg(ctx, &h)))
		return r;
	r = pghub_register_province(h, code, key, cli_has(a, "replace-key"), &err);
	pghub_close(h);
	if (r)
		return app_error(&err);
	printf(tr("Registered the key of province %s.\n"), code);
	return 0;
}

static int run_forward(struct app_ctx *ctx, const struct cli_args *a)
{
	const char *from = cli_str(a, "from");
	struct pghub *to, *src;
	struct pos_error err;
	long long files = 0;
	int r;

	if (!from || !pghub_is_uri(from))
		return cli_usage(&cmd_hub, "%s", tr("--from names the province hub: postgresql://..."));
	if ((r = open_pg(ctx, &to)))
		return r;
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
