/*
 * cmd_catalog.c - `ocop-pos catalog import FILE | catalog export`.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/catfile.h"
#include "core/db.h"
#include "app/outfile.h"
#include "core/i18n.h"
#include "core/user.h"

static int run_import(struct app_ctx *ctx, const struct cli_args *a);
static int run_export(struct app_ctx *ctx, const struct cli_args *a);

static const struct cli_opt import_opts[] = { CLI_USER, CLI_END };
static const struct cli_opt export_opts[] = {
	CLI_STR("format", "json|csv", "file format (default json)"),
	CLI_OUT,
	CLI_FORCE, CLI_USER, CLI_END,
};

static const struct cli_sub catalog_subs[] = {
	{ "import", "FILE.json|FILE.csv", "add and update producers and products from a file",
	  import_opts, run_import, CLI_NEEDS(PERM_CATALOG), NULL },
	{ "export", NULL, "write every producer and product", export_opts, run_export,
	  CLI_NEEDS(PERM_EXPORT), NULL },
	CLI_SUBS_END,
};

const struct cli_cmd cmd_catalog = {
	"catalog", "import or export the catalogue (JSON or CSV)", catalog_subs,
	"import adds and updates producers and products in one transaction: a file\n"
	"with one bad record is refused whole, naming the record and the field, and\n"
	"nothing is written.  Importing the same file again changes nothing; changed\n"
	"prices and ratings are kept in the product's history.\n"
	"export writes every producer and product (standard output by default).\n"
	"The formats are described in docs/formats.md.\n",
};

static int run_import(struct app_ctx *ctx, const struct cli_args *a)
{
	struct catfile_result res;
	struct pos_error err;
	const char *file = cli_arg(a, 0);
	char src[600];
	int r;

	if (cli_nargs(a) != 1)
		return cli_usage(&cmd_catalog, "%s", tr("catalog import needs one FILE"));
	if ((r = app_db(ctx, 0)))
		return r;
	snprintf(src, sizeof(src), "import:%s", file);
	memset(&res, 0, sizeof(res));
	if (catfile_import_file(ctx->db, file, src, &res, &err)) {
		const char *m = pos_error_text(&err);
		size_t pl = strlen(file);

		if (strncmp(m, file, pl) == 0 && m[pl] == ':')  /* names it already */
			return app_fail(tr("%s (nothing was imported)"), m);
		return app_fail(tr("%s: %s (nothing was imported)"), file, m);
	}
	printf(tr("Imported %s: producers %d added, %d updated, %d unchanged; "
		  "products %d added, %d updated, %d unchanged.\n"),
	       file, res.producers_added, res.producers_updated, res.producers_unchanged,
	       res.products_added, res.products_updated, res.products_unchanged);
	return 0;
}

static int run_export(struct app_ctx *ctx, const struct cli_args *a)
{
	const char *format = cli_str(a, "format"), *outpath = cli_str(a, "out");
	enum catfile_format fmt;
	struct pos_error err;
	struct app_out o;
	int r;

	if (!format || strcmp(format, "json") == 0)
		fmt = CATFILE_JSON;
	else if (strcmp(format, "csv") == 0)
		fmt = CATFILE_CSV;
	else
		return cli_usage(&cmd_catalog, tr("unknown format \"%s\": use json or csv"), format);
	if ((r = app_db(ctx, 0)))
		return r;
	if (!outpath) {
		if (catfile_export(ctx->db, fmt, stdout, &err))
			return app_error(&err);
		return 0;
	}
	if ((r = app_out_open(ctx, outpath, cli_has(a, "force"), 0, &o)))
		return r;
	if (catfile_export(ctx->db, fmt, o.fp, &err)) {
		app_out_abort(&o);
		return app_error(&err);
	}
	return app_out_commit(&o);
}
