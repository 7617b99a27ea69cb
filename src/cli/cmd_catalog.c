/*
 * cmd_catalog.c - `ocop-pos catalog import FILE | catalog export`.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/catfile.h"
#include "core/db.h"
#include "core/i18n.h"

static int run(struct app_ctx *ctx, int argc, char **argv);

const struct cli_cmd cmd_catalog = {
	"catalog", "import or export the catalogue (JSON or CSV)",
	"Usage: ocop-pos catalog import FILE.json|FILE.csv\n"
	"       ocop-pos catalog export [--format json|csv] [--out FILE]\n"
	"import adds and updates producers and products in one transaction: a file\n"
	"with one bad record is refused whole, naming the record and the field, and\n"
	"nothing is written.  Importing the same file again changes nothing; changed\n"
	"prices and ratings are kept in the product's history.\n"
	"export writes every producer and product (standard output by default).\n"
	"The formats are described in docs/formats.md.\n",
	run,
};

static int run(struct app_ctx *ctx, int argc, char **argv)
{
	const char *format = "json", *outpath = NULL;
	struct cli_opt opts[] = {
		{ "format", OPT_STR, &format, 0 }, { "out", OPT_STR, &outpath, 0 },
		{ NULL, 0, NULL, 0 },
	};
	struct catfile_result res;
	enum catfile_format fmt;
	struct pos_error err;
	char src[600];
	FILE *out = stdout;
	int npos, help, r;

	r = cli_parse(&cmd_catalog, argc, argv, opts, &npos, &help);
	if (r || help)
		return r;
	if (npos < 1)
		return cli_usage(&cmd_catalog, "%s", tr("catalog needs import FILE or export"));
	if (strcmp(argv[1], "import") == 0) {
		if (npos != 2)
			return cli_usage(&cmd_catalog, "%s", tr("catalog import needs one FILE"));
		if ((r = app_db(ctx, 0)))
			return r;
		snprintf(src, sizeof(src), "import:%s", argv[2]);
		memset(&res, 0, sizeof(res));
		if (catfile_import_file(ctx->db, argv[2], src, &res, &err)) {
			const char *m = pos_error_text(&err);
			size_t pl = strlen(argv[2]);

			if (strncmp(m, argv[2], pl) == 0 && m[pl] == ':')  /* names it already */
				return app_fail(tr("%s (nothing was imported)"), m);
			return app_fail(tr("%s: %s (nothing was imported)"), argv[2], m);
		}
		printf(tr("Imported %s: producers %d added, %d updated, %d unchanged; "
			  "products %d added, %d updated, %d unchanged.\n"),
		       argv[2], res.producers_added, res.producers_updated, res.producers_unchanged,
		       res.products_added, res.products_updated, res.products_unchanged);
		return 0;
	}
	if (strcmp(argv[1], "export") == 0) {
		if (npos != 1)
			return cli_usage(&cmd_catalog, tr("unexpected argument \"%s\""), argv[2]);
		if (strcmp(format, "json") == 0)
			fmt = CATFILE_JSON;
		else if (strcmp(format, "csv") == 0)
			fmt = CATFILE_CSV;
		else
			return cli_usage(&cmd_catalog, tr("unknown format \"%s\": use json or csv"), format);
		if ((r = app_db(ctx, 0)))
			return r;
		if (outpath && !(out = fopen(outpath, "w")))
			return app_fail(tr("cannot write %s: %s"), outpath, strerror(errno));
		r = catfile_export(ctx->db, fmt, out, &err);
		if (out != stdout && fclose(out) != 0 && !r)
			return app_fail(tr("cannot write %s: %s"), outpath, strerror(errno));
		if (r)
			return app_error(&err);
		return 0;
	}
	return cli_usage(&cmd_catalog, tr("unknown catalog command \"%s\""), argv[1]);
}
