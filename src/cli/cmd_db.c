/*
 * cmd_db.c - `ocop-pos db check|backup|migrate`.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "core/check.h"
#include "core/db.h"
#include "app/outfile.h"
#include "core/i18n.h"
#include "core/user.h"

static int run_check(struct app_ctx *ctx, const struct cli_args *a);
static int run_backup(struct app_ctx *ctx, const struct cli_args *a);
static int run_migrate(struct app_ctx *ctx, const struct cli_args *a);

static const struct cli_opt backup_opts[] = {
	CLI_FORCE, CLI_USER, CLI_END,
};

static const struct cli_sub db_subs[] = {
	{ "check", NULL, "check the database's integrity and ocop-pos's rules", NULL, run_check,
	  0, NULL },
	{ "backup", "FILE", "copy the database to FILE while tills keep selling", backup_opts,
	  run_backup, CLI_NEEDS(PERM_EXPORT),
	  "FILE is new (or --force), never the database itself nor another SQLite\n"
	  "database (an earlier backup): start a new file for each backup.\n" },
	{ "migrate", NULL, "bring an older database up to this program's schema", NULL,
	  run_migrate, 0, NULL },
	CLI_SUBS_END,
};

const struct cli_cmd cmd_db = {
	"db", "check, back up or migrate the database", db_subs,
	"check    runs SQLite's integrity and foreign-key checks and ocop-pos's own\n"
	"         rules; prints each problem; exit 1 if any.\n"
	"backup   copies the database to FILE while tills keep selling (online backup).\n"
	"migrate  brings an older database up to this program's schema (also done\n"
	"         automatically when a database is opened).\n",
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

static int run_check(struct app_ctx *ctx, const struct cli_args *a)
{
	struct pos_error err;
	int r, problems = 0;

	(void)a;
	if ((r = app_db(ctx, DB_NO_MIGRATE)))
		return r;
	if (check_run(ctx->db, report, NULL, &problems, &err))
		return app_error(&err);
	if (problems)
		return app_fail(tr("%s: %d problem(s) found"), db_path(ctx->db), problems);
	printf(tr("%s: no problems found.\n"), db_path(ctx->db));
	return 0;
}

static int run_backup(struct app_ctx *ctx, const struct cli_args *a)
{
	const char *dest = cli_arg(a, 0);
	struct pos_error err;
	char part[4200];
	int r;

	if (cli_nargs(a) != 1)
		return cli_usage(&cmd_db, "%s", tr("db backup needs one FILE"));
	if ((r = app_db(ctx, DB_NO_MIGRATE)))
		return r;
	/* db_backup writes DEST.part (0600) and renames it: check both names */
	snprintf(part, sizeof(part), "%s.part", dest);
	if ((r = app_out_check(ctx, dest, cli_has(a, "force"))) ||
	    (r = app_out_check(ctx, part, 1)))
		return r;
	if (db_backup(ctx->db, dest, progress, NULL, &err))
		return app_error(&err);
	if (isatty(STDERR_FILENO))
		fputc('\n', stderr);
	printf(tr("Backed up %s to %s.\n"), db_path(ctx->db), dest);
	return 0;
}

static int run_migrate(struct app_ctx *ctx, const struct cli_args *a)
{
	struct pos_error err;
	int r, from, to;

	(void)a;
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
