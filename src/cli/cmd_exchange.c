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
#include "app/outfile.h"
#include "core/i18n.h"
#include "core/pghub.h"
#include "core/user.h"
#include "core/showroom.h"
#include "core/sign.h"

static int run_export(struct app_ctx *ctx, const struct cli_args *a);
static int run_import(struct app_ctx *ctx, const struct cli_args *a);
static int run_key(struct app_ctx *ctx, const struct cli_args *a);
static int run_register(struct app_ctx *ctx, const struct cli_args *a);
static int run_list(struct app_ctx *ctx, const struct cli_args *a);
static int run_exports(struct app_ctx *ctx, const struct cli_args *a);

static const struct cli_opt export_opts[] = {
	CLI_STR("out", "FILE", "where to write the file (required; mode 0600)"),
	CLI_STR("since", "YYYY-MM-DD", "also everything from that business date on"),
	CLI_FLAG("all", "everything (for a new hub)"),
	CLI_FORCE, CLI_USER, CLI_END,
};

static const struct cli_sub export_subs[] = {
	{ NULL, NULL, "write the exchange file for the province hub", export_opts, run_export,
	  CLI_NEEDS(PERM_EXPORT),
	"Writes this showroom's next exchange file: every sale, return, void and\n"
	"stock move since the previous export, with the products, lots and\n"
	"producers they name, signed with the showroom's key.  Files are numbered\n"
	"1, 2, 3 ...; the hub imports them in order.  --since adds everything from\n"
	"that business date on (to resend what a lost file held); --all writes\n"
	"everything (for a new hub).  Carry the file on a USB stick or by e-mail.\n" },
	CLI_SUBS_END,
};

const struct cli_cmd cmd_export = {
	"export", "write the exchange file for the province hub", export_subs, NULL,
};

static const struct cli_opt import_opts[] = { CLI_USER, CLI_END };

static const struct cli_sub import_subs[] = {
	{ NULL, "FILE...", "merge showrooms' exchange files (province hub)", import_opts,
	  run_import, 0,
	"Needs --user NAME (PIN on standard input) with the right role: see ROLES\n"
	"in `man ocop-pos`.\n"
	"\n"
	"At a province hub (init --province-hub): checks each file's signature\n"
	"against the key registered for its showroom and merges it, all or\n"
	"nothing.  Refused with nothing written: an unknown showroom, a changed or\n"
	"truncated file, a file that skips one of the showroom's earlier files.\n"
	"Importing the same file twice adds nothing.  Files are taken in order of\n"
	"showroom and number, whatever the order on the command line.\n" },
	CLI_SUBS_END,
};

const struct cli_cmd cmd_import = {
	"import", "merge showrooms' exchange files (province hub)", import_subs, NULL,
};

static const struct cli_opt register_opts[] = {
	CLI_STR("key", "PUBLIC_KEY", "the line `ocop-pos showroom key` printed there"),
	CLI_FLAG("replace-key", "replace a different key already registered (audited)"),
	CLI_USER, CLI_END,
};
static const struct cli_opt list_opts[] = { CLI_FORMAT, CLI_USER, CLI_END };

static const struct cli_sub showroom_subs[] = {
	{ "key", NULL, "print this showroom's code and public key", NULL, run_key, 0, NULL },
	{ "register", "CODE", "record another showroom's public key (an admin)", register_opts,
	  run_register, CLI_NEEDS(PERM_SETTINGS),
	  "A showroom that already has a different key keeps it unless --replace-key\n"
	  "is given; the replacement is audited.\n" },
	{ "list", NULL, "the showrooms known here, with the last file imported", list_opts,
	  run_list, CLI_NEEDS(PERM_REPORTS), NULL },
	{ "exports", NULL, "the exchange files written here", list_opts, run_exports,
	  CLI_NEEDS(PERM_REPORTS), NULL },
	CLI_SUBS_END,
};

const struct cli_cmd cmd_showroom = {
	"showroom", "exchange keys: show this showroom's key, register others", showroom_subs,
	"key prints this database's showroom code and public key (made on first\n"
	"use); send that line to the province.  register (at the hub, or at a\n"
	"showroom receiving transfers) records another showroom's key.  list shows\n"
	"the showrooms known here with the last file imported from each; exports\n"
	"the files written here.\n",
};

static int run_export(struct app_ctx *ctx, const struct cli_args *a)
{
	const char *out = cli_str(a, "out"), *since = cli_str(a, "since");
	int all = cli_has(a, "all"), r;
	struct batch_header h;
	struct pos_error err;
	struct app_out o;

	if (!out)
		return cli_usage(&cmd_export, "%s", tr("say where to write the file with --out FILE"));
	if (all && since)
		return cli_usage(&cmd_export, "%s", tr("give --since DATE or --all, not both"));
	if ((r = app_db(ctx, 0)))
		return r;
	if ((r = app_out_open(ctx, out, cli_has(a, "force"), APP_OUT_PATH, &o)))
		return r;
	if (batch_export(ctx->db, since, all, o.tmp, &h, &err)) {
		app_out_abort(&o);
		return app_error(&err);
	}
	if ((r = app_out_commit(&o)))
		return r;
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

/* Another import into the same hub is running: say so, then wait for it. */
static void import_waiting(void *ctx)
{
	(void)ctx;
	fprintf(stderr, "%s\n", tr("ocop-pos: waiting for another import to finish..."));
}

static int run_import(struct app_ctx *ctx, const struct cli_args *a)
{
	struct pending *p;
	struct pos_error err;
	struct pghub *pg;
	int npos = cli_nargs(a), r, i;
	char **argv = a->argv + a->nwords;

	if (npos < 1)
		return cli_usage(&cmd_import, "%s", tr("name the exchange files to import"));
	if ((r = app_pghub(ctx, &pg)))
		return r;
	if (!pg) {
		/* imports take turns: wait for a running one before the PIN
		 * check (which writes), then check who acts (the parser would
		 * check it first: import is declared without CLI_NEEDS) */
		struct user u;

		if ((r = app_db(ctx, 0)))
			return r;
		if (batch_queue(ctx->db, import_waiting, NULL, &err))
			return app_error(&err);
		if ((r = cli_auth_user(ctx, cli_str(a, "user"), &u)))
			return r;
		if (user_require(&u, PERM_CATALOG, &err))
			return app_error(&err);
		explicit_bzero(&u, sizeof(u));
	}
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

static int run_key(struct app_ctx *ctx, const struct cli_args *a)
{
	struct pos_error err;
	struct showroom s;
	char pk[SIGN_PUBKEY_B64];
	int r;

	(void)a;
	if ((r = app_db(ctx, 0)))
		return r;
	if (showroom_local(ctx->db, &s, &err) || sign_public_key(ctx->db, pk, &err))
		return app_error(&err);
	printf("%s %s\n", s.code, pk);
	return 0;
}

static int run_register(struct app_ctx *ctx, const struct cli_args *a)
{
	const char *key = cli_str(a, "key"), *code = cli_arg(a, 0);
	struct pos_error err;
	struct showroom s;
	struct pghub *pg;
	int r;

	if (cli_nargs(a) != 1)
		return cli_usage(&cmd_showroom, "%s",
				 tr("register needs the showroom code: showroom register CODE --key KEY"));
	if (!key)
		return cli_usage(&cmd_showroom, "%s",
				 tr("give the key `ocop-pos showroom key` printed there with --key"));
	if ((r = app_pghub(ctx, &pg)))
		return r;
	if (pg) {
		r = pghub_register(pg, code, key, cli_has(a, "replace-key"), &err);
		pghub_close(pg);
		if (r)
			return app_error(&err);
		printf(tr("Registered the key of showroom %s.\n"), code);
		return 0;
	}
	if ((r = app_db(ctx, 0)))
		return r;
	if (showroom_local(ctx->db, &s, &err))
		return app_error(&err);
	if (!strcmp(code, s.code))
		return app_fail(tr("%s is this database's own showroom"), code);
	if (sign_register_as(ctx->db, a->user, code, key, cli_has(a, "replace-key"), &err))
		return app_error(&err);
	printf(tr("Registered the key of showroom %s.\n"), code);
	return 0;
}

static int run_list(struct app_ctx *ctx, const struct cli_args *a)
{
	struct pghub *pg;
	int r;

	if ((r = app_pghub(ctx, &pg)))
		return r;
	if (pg) {
		r = showroom_list(ctx, pg, cli_str(a, "format"));
		pghub_close(pg);
		return r;
	}
	if ((r = app_db(ctx, 0)))
		return r;
	return showroom_list(ctx, NULL, cli_str(a, "format"));
}

static int run_exports(struct app_ctx *ctx, const struct cli_args *a)
{
	int r;

	if ((r = app_db(ctx, 0)))
		return r;
	return showroom_exports(ctx, cli_str(a, "format"));
}
