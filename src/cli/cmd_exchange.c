/*
 * cmd_exchange.c - the showroom -> province exchange (core/batch.h):
 * `ocop-pos export`, `ocop-pos import FILE...`, `ocop-pos showroom
 * key|register|list|exports`.
 *
 * import reads every file's header first and imports them sorted by
 * showroom and sequence, so `import *.jsonl` works whatever order the
 * shell gives; each file is its own transaction, and the first refused
 * file stops the run (the ones before it stay imported).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/batch.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/pghub.h"
#include "core/showroom.h"
#include "core/sign.h"

static int run_export(struct app_ctx *ctx, int argc, char **argv);
static int run_import(struct app_ctx *ctx, int argc, char **argv);
static int run_showroom(struct app_ctx *ctx, int argc, char **argv);

const struct cli_cmd cmd_export = {
	"export", "write the exchange file for the province hub",
	"Usage: ocop-pos export --out FILE [--since YYYY-MM-DD | --all]\n"
	"Writes this showroom's next exchange file: every sale, return, void and\n"
	"stock move since the previous export, with the products, lots and\n"
	"producers they name, signed with the showroom's key.  Files are numbered\n"
	"1, 2, 3 ...; the hub imports them in order.  --since adds everything from\n"
	"that business date on (to resend what a lost file held); --all writes\n"
	"everything (for a new hub).  Carry the file on a USB stick or by e-mail.\n",
	run_export,
};

const struct cli_cmd cmd_import = {
	"import", "merge showrooms' exchange files (province hub)",
	"Usage: ocop-pos import FILE...\n"
	"At a province hub (init --province-hub): checks each file's signature\n"
	"against the key registered for its showroom and merges it, all or\n"
	"nothing.  Refused with nothing written: an unknown showroom, a changed or\n"
	"truncated file, a file that skips one of the showroom's earlier files.\n"
	"Importing the same file twice adds nothing.  Files are taken in order of\n"
	"showroom and number, whatever the order on the command line.\n",
	run_import,
};

const struct cli_cmd cmd_showroom = {
	"showroom", "exchange keys: show this showroom's key, register others",
	"Usage: ocop-pos showroom key\n"
	"       ocop-pos showroom register CODE --key PUBLIC_KEY\n"
	"       ocop-pos showroom list [--format table|csv|json]\n"
	"       ocop-pos showroom exports [--format table|csv|json]\n"
	"key prints this database's showroom code and public key (made on first\n"
	"use); send that line to the province.  register (at the hub, or at a\n"
	"showroom receiving transfers) records another showroom's key.  list shows\n"
	"the showrooms known here with the last file imported from each; exports\n"
	"the files written here.\n",
	run_showroom,
};

static int run_export(struct app_ctx *ctx, int argc, char **argv)
{
	const char *out = NULL, *since = NULL;
	int all = 0, npos, help, r;
	struct cli_opt opts[] = {
		{ "out", OPT_STR, &out, 0 }, { "since", OPT_STR, &since, 0 },
		{ "all", OPT_FLAG, &all, 0 }, { NULL, 0, NULL, 0 },
	};
	struct batch_header h;
	struct pos_error err;

	r = cli_parse(&cmd_export, argc, argv, opts, &npos, &help);
	if (r || help)
		return r;
	if (npos)
		return cli_usage(&cmd_export, tr("unexpected argument \"%s\""), argv[1]);
	if (!out)
		return cli_usage(&cmd_export, "%s", tr("say where to write the file with --out FILE"));
	if (all && since)
		return cli_usage(&cmd_export, "%s", tr("give --since DATE or --all, not both"));
	if ((r = app_db(ctx, 0)))
		return r;
	if (batch_export(ctx->db, since, all, out, &h, &err))
		return app_error(&err);
	printf(tr("Wrote %s: exchange file %lld of %s (%s to %s), %lld sales, %lld stock moves, "
		  "%lld products.\n"), out, h.sequence, h.showroom, h.from, h.to, h.sales, h.moves,
	       h.products);
	return 0;
}

struct pending {
	const char *path;
	struct batch_header h;
};

static int cmp_pending(const void *pa, const void *pb)
{
	const struct pending *a = pa, *b = pb;
	int c = strcmp(a->h.showroom, b->h.showroom);

	if (c)
		return c;
	return a->h.sequence < b->h.sequence ? -1 : a->h.sequence > b->h.sequence;
}

static int run_import(struct app_ctx *ctx, int argc, char **argv)
{
	struct cli_opt opts[] = { { NULL, 0, NULL, 0 } };
	struct pending *p;
	struct pos_error err;
	struct pghub *pg;
	int npos, help, r, i;

	r = cli_parse(&cmd_import, argc, argv, opts, &npos, &help);
	if (r || help)
		return r;
	if (npos < 1)
		return cli_usage(&cmd_import, "%s", tr("name the exchange files to import"));
	if ((r = app_pghub(ctx, &pg)))
		return r;
	if (!pg && (r = app_db(ctx, 0)))
		return r;
	p = xcalloc((size_t)npos, sizeof(*p));
	for (i = 0; i < npos; i++) {
		p[i].path = argv[i + 1];
		if (batch_peek(p[i].path, &p[i].h, &err)) {
			free(p);
			pghub_close(pg);
			return app_error(&err);
		}
	}
	qsort(p, (size_t)npos, sizeof(*p), cmp_pending);
	for (i = 0; i < npos; i++) {
		struct batch_result res;

		if (pg ? pghub_import(pg, p[i].path, &res, &err)
		       : batch_import(ctx->db, p[i].path, &res, &err)) {
			r = app_error(&err);
			if (i > 0)
				fprintf(stderr, tr("ocop-pos: %d file(s) before it were imported; "
						   "fix this one and run import again\n"), i);
			free(p);
			pghub_close(pg);
			return r;
		}
		if (res.already)
			printf(tr("%s: file %lld of %s was imported before; nothing to do.\n"),
			       p[i].path, res.h.sequence, res.h.showroom);
		else
			printf(tr("%s: file %lld of %s imported: %lld sales (%lld already here), "
				  "%lld stock moves, %lld new products.\n"), p[i].path, res.h.sequence,
			       res.h.showroom, res.sales_added, res.sales_skipped, res.moves_added,
			       res.products_added);
	}
	free(p);
	pghub_close(pg);
	return 0;
}

static int showroom_list(struct app_ctx *ctx, struct pghub *pg, const char *format)
{
	struct batch_showroom *v;
	struct app_table *t;
	struct pos_error err;
	char local[17];
	time_t when;
	enum app_format fmt;
	size_t n, i;

	if (app_format_parse(format, &fmt))
		return cli_usage(&cmd_showroom, tr("--format is table, csv or json, not \"%s\""), format);
	if (pg ? pghub_showrooms(pg, &v, &n, &err) : batch_showrooms(ctx->db, &v, &n, &err))
		return app_error(&err);
	t = app_table_new(8);
	app_table_col(t, 0, "code", "Code", COL_TEXT);
	app_table_col(t, 1, "name", "Name", COL_TEXT);
	app_table_col(t, 2, "province", "Prov.", COL_TEXT);
	app_table_col(t, 3, "key", "Key", COL_BOOL);
	app_table_col(t, 4, "last_file", "Last file", COL_INT);
	app_table_col(t, 5, "imported_at", "Imported", COL_TEXT);
	app_table_col(t, 6, "files", "Files", COL_INT);
	app_table_col(t, 7, "sales", "Sales", COL_INT);
	for (i = 0; i < n; i++) {
		app_table_add_text(t, v[i].code);
		app_table_add_text(t, v[i].name);
		app_table_add_text(t, v[i].province);
		app_table_add_bool(t, v[i].has_key);
		app_table_add_int(t, v[i].last_seq);
		if (fmt == APP_TABLE && clock_parse_utc(v[i].last_import, &when, NULL) == 0) {
			clock_format_local(when, local);  /* people read local time */
			app_table_add_text(t, local);
		} else {
			app_table_add_text(t, v[i].last_import);
		}
		app_table_add_int(t, v[i].files);
		app_table_add_int(t, v[i].sales);
	}
	free(v);
	app_table_print(t, fmt, stdout);
	return 0;
}

static int showroom_exports(struct app_ctx *ctx, const char *format)
{
	struct batch_export_info *v;
	struct app_table *t;
	struct pos_error err;
	enum app_format fmt;
	size_t n, i;

	if (app_format_parse(format, &fmt))
		return cli_usage(&cmd_showroom, tr("--format is table, csv or json, not \"%s\""), format);
	if (batch_exports(ctx->db, &v, &n, &err))
		return app_error(&err);
	t = app_table_new(5);
	app_table_col(t, 0, "seq", "File", COL_INT);
	app_table_col(t, 1, "created", "Written", COL_TEXT);
	app_table_col(t, 2, "from", "From", COL_TEXT);
	app_table_col(t, 3, "to", "To", COL_TEXT);
	app_table_col(t, 4, "sha256", "SHA-256", COL_TEXT);
	for (i = 0; i < n; i++) {
		app_table_add_int(t, v[i].seq);
		app_table_add_text(t, v[i].created);
		app_table_add_text(t, v[i].from);
		app_table_add_text(t, v[i].to);
		app_table_add_text(t, v[i].sha256);
	}
	free(v);
	app_table_print(t, fmt, stdout);
	return 0;
}

static int run_showroom(struct app_ctx *ctx, int argc, char **argv)
{
	const char *key = NULL, *format = NULL;
	int npos, help, r;
	struct cli_opt opts[] = {
		{ "key", OPT_STR, &key, 0 }, { "format", OPT_STR, &format, 0 },
		{ NULL, 0, NULL, 0 },
	};
	struct pos_error err;
	struct showroom s;
	char pk[SIGN_PUBKEY_B64];
	const char *what;
	struct pghub *pg;

	r = cli_parse(&cmd_showroom, argc, argv, opts, &npos, &help);
	if (r || help)
		return r;
	if (npos < 1)
		return cli_usage(&cmd_showroom, "%s", tr("which? key, register, list or exports"));
	what = argv[1];
	if ((r = app_pghub(ctx, &pg)))
		return r;
	if (pg) {
		r = 0;
		if (!strcmp(what, "register") && npos == 2 && key) {
			if (pghub_register(pg, argv[2], key, 0, &err))
				r = app_error(&err);
			else
				printf(tr("Registered the key of showroom %s.\n"), argv[2]);
		} else if (!strcmp(what, "list") && npos == 1) {
			r = showroom_list(ctx, pg, format);
		} else {
			r = cli_usage(&cmd_showroom, "%s", tr("a PostgreSQL hub knows showroom register "
							      "CODE --key KEY and showroom list"));
		}
		pghub_close(pg);
		return r;
	}
	if ((r = app_db(ctx, 0)))
		return r;
	if (!strcmp(what, "key") && npos == 1) {
		if (showroom_local(ctx->db, &s, &err) || sign_public_key(ctx->db, pk, &err))
			return app_error(&err);
		printf("%s %s\n", s.code, pk);
		return 0;
	}
	if (!strcmp(what, "register")) {
		if (npos != 2)
			return cli_usage(&cmd_showroom, "%s",
					 tr("register needs the showroom code: showroom register CODE --key KEY"));
		if (!key)
			return cli_usage(&cmd_showroom, "%s",
					 tr("give the key `ocop-pos showroom key` printed there with --key"));
		if (showroom_local(ctx->db, &s, &err))
			return app_error(&err);
		if (!strcmp(argv[2], s.code))
			return app_fail(tr("%s is this database's own showroom"), argv[2]);
		if (sign_register(ctx->db, argv[2], key, &err))
			return app_error(&err);
		printf(tr("Registered the key of showroom %s.\n"), argv[2]);
		return 0;
	}
	if (!strcmp(what, "list") && npos == 1)
		return showroom_list(ctx, NULL, format);
	if (!strcmp(what, "exports") && npos == 1)
		return showroom_exports(ctx, format);
	return cli_usage(&cmd_showroom, tr("unknown showroom command \"%s\""), what);
}
