/*
 * main.c - global options, then a subcommand (src/cli/) or, with no
 * command, the terminal POS.
 *
 *   ocop-pos [--db FILE] [--config FILE] [--lang vi|en] [COMMAND ...]
 *
 * The database defaults to $OCOP_POS_DB, else ./ocop-pos.db; the language
 * to $OCOP_POS_LANG, else Vietnamese.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/showroom.h"
#include "core/refdata.h"
#include "drivers/device.h"
#include "lib/msg.h"
#include "drivers/scanner/scanner.h"
#include "ui/dl_curses.h"
#include "ui/tui.h"

#ifndef OCOP_VERSION
#define OCOP_VERSION "0.1.0"
#endif

static void usage(FILE *out)
{
	int i;

	fprintf(out, "%s", tr("Usage: ocop-pos [--db FILE] [--config FILE] [--lang vi|en] [COMMAND] ...\n"
			      "With no command, opens the terminal point of sale.\n\nCommands:\n"));
	for (i = 0; cli_commands[i]; i++)
		fprintf(out, "  %-10s %s\n", cli_commands[i]->name, tr(cli_commands[i]->summary));
	fprintf(out, "%s", tr("\n`ocop-pos COMMAND --help` describes a command; `man ocop-pos` all of them.\n"));
}

/*
 * No command: the terminal POS (src/ui/) when standard input and output
 * are a terminal.  Piped or redirected (`ocop-pos | less`, a cron job)
 * there is no screen to draw on: list the catalogue instead and say so on
 * standard error.
 */
static int run_pos(struct app_ctx *ctx, int lang_given)
{
	char *argv[] = { "product", "list", NULL };
	const struct cli_cmd *cmd = cli_find("product");
	struct tui_opts o;
	struct pos_error err;
	int r;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "%s\n", tr("ocop-pos: not a terminal, so no sale screen; here is the "
					   "catalogue (`ocop-pos --help` lists the commands)"));
		return cli_run(cmd, ctx, 2, argv);
	}
	if ((r = app_db(ctx, 0)))
		return r;
	if (dynlib_open(&dynlib_curses, &err))  /* loaded here, not at every start */
		return app_error(&err);
	/* The language chosen in the settings screen, unless --lang or
	 * $OCOP_POS_LANG says otherwise. */
	if (!lang_given) {
		char lang[8];

		if (setting_get(ctx->db, "ui.lang", lang, sizeof(lang), NULL) == 0)
			i18n_set_lang(lang, NULL);
	}
	memset(&o, 0, sizeof(o));
	o.db_path = ctx->db_path;
	o.datadir = ctx->datadir;
	o.cfg = &ctx->cfg;
	o.db = ctx->db;
	o.app = ctx;
	return tui_run(&o);
}

int main(int argc, char **argv)
{
	struct app_ctx ctx = { 0 };
	struct pos_error err;
	const char *lang = getenv("OCOP_POS_LANG");
	const struct cli_cmd *cmd;
	int i, r, lang_given;

	ctx.db_path = getenv("OCOP_POS_DB");
	ctx.datadir = getenv("OCOP_POS_DATADIR");
	if (!ctx.db_path || !*ctx.db_path)
		ctx.db_path = "ocop-pos.db";
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **dst = NULL;

		if (strcmp(a, "--db") == 0)
			dst = &ctx.db_path;
		else if (strcmp(a, "--config") == 0)
			dst = &ctx.config_path;
		else if (strcmp(a, "--lang") == 0)
			dst = &lang;
		else if (strncmp(a, "--db=", 5) == 0)
			ctx.db_path = a + 5;
		else if (strncmp(a, "--config=", 9) == 0)
			ctx.config_path = a + 9;
		else if (strncmp(a, "--lang=", 7) == 0)
			lang = a + 7;
		else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			i18n_set_lang(lang, NULL);
			usage(stdout);
			i18n_free();
			return 0;
		} else if (strcmp(a, "--list-commands") == 0) {
			cli_list_commands(stdout);      /* every "CMD SUB", for the tests */
			return 0;
		} else if (strcmp(a, "--version") == 0) {
			printf("ocop-pos %s\n", OCOP_VERSION);
			return 0;
		} else
			break;
		if (dst) {
			if (i + 1 >= argc) {
				fprintf(stderr, "ocop-pos: %s needs a value\n", a);
				return 2;
			}
			*dst = argv[++i];
		}
	}
	if (config_load(ctx.config_path, &ctx.cfg, &err)) {
		fprintf(stderr, "ocop-pos: %s\n", pos_error_text(&err));
		return 1;
	}
	lang_given = lang && *lang;
	if (!lang_given)
		lang = ctx.cfg.lang;
	if (i18n_set_lang(lang, &err)) {
		fprintf(stderr, "ocop-pos: %s\n", pos_error_text(&err));
		return 2;
	}
	msg_set_tr(tr);                /* the drivers' sentences in the cashier's language */
	scanner_set_tr(tr);
	if (i >= argc) {
		r = run_pos(&ctx, lang_given);
	} else if (argv[i][0] == '-') {
		fprintf(stderr, tr("ocop-pos: unknown option %s\n"), argv[i]);
		usage(stderr);
		r = 2;
	} else if (!(cmd = cli_find(argv[i]))) {
		fprintf(stderr, tr("ocop-pos: unknown command \"%s\"; `ocop-pos --help` lists them\n"),
			argv[i]);
		r = 2;
	} else {
		r = cli_run(cmd, &ctx, argc - i, argv + i);
	}
	db_close(ctx.db);
	refdata_free();
	i18n_free();
	return r;
}
