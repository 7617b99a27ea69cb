/*
 * cli.c - the command table, option parsing and error reporting shared by
 * every cmd_*.c (see cli.h).
 */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "core/db.h"
#include "core/i18n.h"
#include "core/refdata.h"
#include "core/money.h"
#include "core/user.h"

extern const struct cli_cmd cmd_init, cmd_demo, cmd_producer, cmd_product, cmd_catalog,
	cmd_db, cmd_printer, cmd_scanner;
extern const struct cli_cmd cmd_user, cmd_shift, cmd_audit, cmd_vietqr, cmd_customer;
extern const struct cli_cmd cmd_receipt, cmd_label;
extern const struct cli_cmd cmd_sale, cmd_return;
extern const struct cli_cmd cmd_stock;
extern const struct cli_cmd cmd_report, cmd_export, cmd_import, cmd_showroom, cmd_hub;
extern const struct cli_cmd cmd_einvoice;

const struct cli_cmd *const cli_commands[] = {
	&cmd_init, &cmd_demo, &cmd_producer, &cmd_product, &cmd_catalog, &cmd_db, &cmd_printer,
	&cmd_scanner, &cmd_user, &cmd_shift, &cmd_audit, &cmd_vietqr, &cmd_receipt, &cmd_label,
	&cmd_sale, &cmd_return, &cmd_stock, &cmd_report, &cmd_export, &cmd_import, &cmd_showroom,
	&cmd_hub, &cmd_einvoice, &cmd_customer, NULL,
};

const struct cli_cmd *cli_find(const char *name)
{
	int i;

	for (i = 0; cli_commands[i]; i++)
		if (strcmp(cli_commands[i]->name, name) == 0)
			return cli_commands[i];
	return NULL;
}

int cli_usage(const struct cli_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("ocop-pos: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (cmd)
		fprintf(stderr, tr("Try `ocop-pos %s --help`.\n"), cmd->name);
	return 2;
}

int cli_getline(char *buf, size_t n)
{
	size_t len = 0;
	int c;

	while ((c = getchar()) != EOF && c != '\n')
		if (len + 1 < n)
			buf[len++] = (char)c;
	buf[len] = '\0';
	if (len && buf[len - 1] == '\r')
		buf[--len] = '\0';
	return c == EOF && len == 0 ? -1 : 0;
}

int cli_read_line(char *buf, size_t n)
{
	struct termios old, quiet;
	int tty = isatty(STDIN_FILENO);

	if (tty && tcgetattr(STDIN_FILENO, &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	} else {
		tty = 0;
	}
	cli_getline(buf, n);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	return 0;
}

int cli_auth_user(struct app_ctx *ctx, const char *name, struct user *out)
{
	struct pos_error err;
	struct user u;
	char pin[64];
	int r;

	if (!name || !*name)
		return cli_usage(NULL, "%s", tr("say who you are with --user NAME "
						"(the PIN is read from standard input)"));
	r = app_db(ctx, 0);
	if (r)
		return r;
	if (isatty(STDIN_FILENO))
		fprintf(stderr, tr("PIN for %s: "), name);
	cli_read_line(pin, sizeof(pin));
	r = user_auth(ctx->db, name, pin, &u, &err);
	explicit_bzero(pin, sizeof(pin));
	if (r)
		return app_error(&err);
	*out = u;
	return 0;
}

static int set_opt(const struct cli_cmd *cmd, struct cli_opt *o, const char *val)
{
	char *end;
	long long v;
	struct pos_error err;

	o->seen = 1;
	switch (o->kind) {
	case OPT_FLAG:
		*(int *)o->out = 1;
		return 0;
	case OPT_STR:
		*(const char **)o->out = val;
		return 0;
	case OPT_INT:
		v = strtoll(val, &end, 10);
		if (!*val || *end)
			return cli_usage(cmd, tr("--%s needs a whole number, not \"%s\""), o->name, val);
		*(long long *)o->out = v;
		return 0;
	case OPT_MONEY:
		if (money_parse(val, (int64_t *)o->out, &err))
			return cli_usage(cmd, "--%s: %s", o->name, pos_error_text(&err));
		return 0;
	}
	return 0;
}

int cli_parse(const struct cli_cmd *cmd, int argc, char **argv, struct cli_opt *opts,
	      int *npos, int *help)
{
	int i, n = 0, only_pos = 0, r;

	*help = 0;
	for (i = 1; i < argc; i++) {
		char *a = argv[i], *eq;
		struct cli_opt *o;
		size_t len;

		if (only_pos || a[0] != '-' || a[1] != '-' || !a[2]) {
			if (!only_pos && strcmp(a, "--") == 0) {
				only_pos = 1;
				continue;
			}
			if (!only_pos && a[0] == '-' && a[1] && !(a[1] >= '0' && a[1] <= '9')) {
				if (strcmp(a, "-h") == 0) {
					*help = 1;
					fputs(tr(cmd->usage), stdout);
					return 0;
				}
				return cli_usage(cmd, tr("unknown option %s"), a);
			}
			argv[++n] = a;
			continue;
		}
		if (strcmp(a, "--help") == 0) {
			*help = 1;
			fputs(tr(cmd->usage), stdout);
			return 0;
		}
		eq = strchr(a, '=');
		len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
		for (o = opts; o && o->name; o++)
			if (strlen(o->name) == len && strncmp(o->name, a + 2, len) == 0)
				break;
		if (!o || !o->name)
			return cli_usage(cmd, tr("unknown option %s"), a);
		if (o->kind == OPT_FLAG) {
			if (eq)
				return cli_usage(cmd, tr("--%s takes no value"), o->name);
			r = set_opt(cmd, o, NULL);
		} else if (eq) {
			r = set_opt(cmd, o, eq + 1);
		} else {
			if (i + 1 >= argc)
				return cli_usage(cmd, tr("--%s needs a value"), o->name);
			r = set_opt(cmd, o, argv[++i]);
		}
		if (r)
			return r;
	}
	*npos = n;
	return 0;
}
