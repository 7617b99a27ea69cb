/*
 * cmd_db.c - `ocop-pos db check|backup|migrate`.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "core/check.h"
#include "core/db.h"
#include "core/i18n.h"

static int run(struct app_ctx *ctx, int argc, char **argv);

const struct cli_cmd cmd_db = {
	"db", "check, back up or migrate the database",
	"Usage: ocop-pos [--db FILE] db check\n"
	"       ocop-pos [--db FILE] db backup FILE\n"
	"       ocop-pos [--db FILE] db migrate\n"
	"check    runs SQLite's integrity and foreign-key checks and ocop-pos's own\n"
	"         rules; prints each problem; exit 1 if any.\n"
	"backup   copies the database to FILE while tills keep selling (online backup).\n"
	"migrate  brings an older database up to this program's schema (also done\n"
	"         automatically when a database is opened).\n",
	run,
};

static void report(void *ctx, const char *problem)
{
	(void)ctx;
	printf("  %s\n", problem);
}

static void progress(void *ctx, int done, int total)
{
	(void)ctx;
	if (isatty(STDERR_FILENO) && total > 0)
		fprintf(stderr, "\r%s %3d%%", tr("Backing up"), done * 100 / total);
}

static int run(struct app_ctx *ctx, int argc, char **argv)
{
	struct pos_error err;
	int npos, help, r, problems = 0, from, to;
	struct cli_opt opts[] = { { NULL, 0, NULL, 0 } };

	r = cli_parse(&cmd_db, argc, argv, opts, &npos, &help);
	if (r || help)
		return r;
	if (npos < 1)
		return cli_usage(&cmd_db, "%s", tr("db needs check, backup FILE or migrate"));
	if (strcmp(argv[1], "check") == 0) {
		if (npos != 1)
			return cli_usage(&cmd_db, tr("unexpected argument \"%s\""), argv[2]);
		if ((r = app_db(ctx, DB_NO_MIGRATE)))
			return r;
		if (check_run(ctx->db, report, NULL, &problems, &err))
			return app_error(&err);
		if (problems)
			return app_fail(tr("%s: %d problem(s) found"), db_path(ctx->db), problems);
		printf(tr("%s: no problems found.\n"), db_path(ctx->db));
		return 0;
	}
	if (strcmp(argv[1], "backup") == 0) {
		if (npos != 2)
			return cli_usage(&cmd_db, "%s", tr("db backup needs one FILE"));
		if ((r = app_db(ctx, DB_NO_MIGRATE)))
			return r;
		if (db_backup(ctx->db, argv[2], progress, NULL, &err))
			return app_error(&err);
		if (isatty(STDERR_FILENO))
			fputc('\n', stderr);
		printf(tr("Backed up %s to %s.\n"), db_path(ctx->db), argv[2]);
		return 0;
	}
	if (strcmp(argv[1], "migrate") == 0) {
		if (npos != 1)
			return cli_usage(&cmd_db, tr("unexpected argument \"%s\""), argv[2]);
		if ((r = app_db(ctx, DB_NO_MIGRATE)))
			return r;
		if (db_migrate(ctx->db, &from, &to, &err))
			return app_error(&err);
		if (from == to)
			printf(tr("%s is up to date (schema %d).\n"), db_path(ctx->db), to);
		else
			printf(tr("Migrated %s from schema %d to %d.\n"), db_path(ctx->db), from, to);
		return 0;
	}
	return cli_usage(&cmd_db, tr("unknown db command \"%s\""), argv[1]);
}
