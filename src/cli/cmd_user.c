/*
 * cmd_user.c - `ocop-pos user add|list|passwd|disable|enable`.
 *
 * PINs are read from standard input, one per line, never from argv:
 *   user add NAME ...            new PIN [, admin's PIN with --by ADMIN]
 *   user passwd NAME             old PIN, new PIN
 *   user passwd NAME --by ADMIN  admin's PIN, new PIN
 *   user disable|enable NAME --by ADMIN   admin's PIN
 * On a terminal the new PIN is asked twice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "core/i18n.h"
#include "core/user.h"

static int run_add(struct app_ctx *ctx, const struct cli_args *a);
static int run_list(struct app_ctx *ctx, const struct cli_args *a);
static int run_passwd(struct app_ctx *ctx, const struct cli_args *a);
static int run_active(struct app_ctx *ctx, const struct cli_args *a);

#define O_BY CLI_STR("by", "ADMIN", "the admin who does it (PIN on standard input)")
static const struct cli_opt add_opts[] = {
	CLI_STR("role", "ROLE", "cashier, manager, admin or auditor (required)"),
	CLI_STR("full-name", "TEXT", "the person's full name"), O_BY, CLI_END,
};
static const struct cli_opt by_opts[] = { O_BY, CLI_END };
static const struct cli_opt list_opts[] = { CLI_FORMAT, CLI_USER, CLI_END };

static const struct cli_sub user_subs[] = {
	{ "add", "NAME", "add a user (the first one is an admin)", add_opts, run_add, 0, NULL },
	{ "list", NULL, "list users and their roles (an admin)", list_opts, run_list,
	  CLI_NEEDS(PERM_USERS), NULL },
	{ "passwd", "NAME", "change a PIN (one's own, or anyone's by an admin)", by_opts,
	  run_passwd, 0, NULL },
	{ "disable", "NAME", "disable a user (an admin)", by_opts, run_active, 0, NULL },
	{ "enable", "NAME", "enable a user again (an admin)", by_opts, run_active, 0, NULL },
	CLI_SUBS_END,
};

const struct cli_cmd cmd_user = {
	"user", "add, list and change users and their PINs", user_subs,
	"PINs (4 to 12 digits) are read from standard input, one per line:\n"
	"  add: the new user's PIN, then the admin's PIN (with --by; the very\n"
	"       first user needs no --by and must be an admin);\n"
	"  passwd: the old PIN then the new one, or with --by the admin's PIN\n"
	"       then the new one (this also unlocks a locked user).\n"
	"Roles: cashier sells and runs shifts; manager also voids, gives any\n"
	"discount, manages stock and the catalogue; admin also manages users and\n"
	"settings; auditor only reads reports and the audit log.\n",
};

/* Read a new PIN (twice on a terminal); 0 or an exit status. */
static int read_new_pin(const char *name, char *pin, size_t n)
{
	char again[64];
	struct pos_error err;
	int tty = isatty(STDIN_FILENO);

	if (tty)
		fprintf(stderr, tr("New PIN for %s: "), name);
	cli_read_line(pin, n);
	if (user_pin_valid(pin, &err)) {
		explicit_bzero(pin, n);
		return app_error(&err);
	}
	if (tty) {
		fprintf(stderr, "%s", tr("Repeat the new PIN: "));
		cli_read_line(again, sizeof(again));
		if (strcmp(again, pin) != 0) {
			explicit_bzero(again, sizeof(again));
			explicit_bzero(pin, n);
			return app_fail("%s", tr("the two PINs differ: nothing changed"));
		}
		explicit_bzero(again, sizeof(again));
	}
	return 0;
}

static int add(struct app_ctx *ctx, const char *name, const char *role_s, const char *full,
	       const char *by)
{
	struct user actor, u;
	struct pos_error err;
	enum user_role role;
	long long count;
	char pin[64];
	int r;

	if (!role_s)
		return cli_usage(&cmd_user, "%s",
				 tr("user add needs --role cashier, manager, admin or auditor"));
	if (user_role_parse(role_s, &role, &err))
		return app_error(&err);
	if (user_name_valid(name, &err))
		return app_error(&err);
	if ((r = app_db(ctx, 0)))
		return r;
	if (user_count(ctx->db, &count, &err))
		return app_error(&err);
	if (count > 0 && !by)
		return cli_usage(&cmd_user, "%s",
				 tr("adding a user needs an admin: give --by ADMIN and the admin's "
				    "PIN on the second line"));
	if (count == 0 && role != ROLE_ADMIN)
		return app_fail("%s", tr("the first user must be an admin (--role admin)"));
	if ((r = read_new_pin(name, pin, sizeof(pin))))
		return r;
	if (by && (r = cli_auth_user(ctx, by, &actor))) {
		explicit_bzero(pin, sizeof(pin));
		return r;
	}
	r = user_add(ctx->db, by ? &actor : NULL, name, full ? full : "", role, pin, &u, &err);
	explicit_bzero(pin, sizeof(pin));
	if (r)
		return app_error(&err);
	printf(tr("Added user %s (%s).\n"), u.name, tr(user_role_name(u.role)));
	return 0;
}

static int passwd(struct app_ctx *ctx, const char *name, const char *by)
{
	struct user actor;
	struct pos_error err;
	char pin[64];
	int r;

	if ((r = cli_auth_user(ctx, by ? by : name, &actor)))
		return r;
	if (by && !user_can(&actor, PERM_USERS) && strcasecmp(actor.name, name) != 0)
		return app_fail(tr("%s may not change other users' PINs: ask an admin"), actor.name);
	if ((r = read_new_pin(name, pin, sizeof(pin))))
		return r;
	r = user_set_pin(ctx->db, &actor, name, pin, &err);
	explicit_bzero(pin, sizeof(pin));
	if (r)
		return app_error(&err);
	printf(tr("Changed the PIN of %s.\n"), name);
	return 0;
}

static int set_active(struct app_ctx *ctx, const char *name, const char *by, int active)
{
	struct user actor;
	struct pos_error err;
	int r;

	if (!by)
		return cli_usage(&cmd_user, "%s", tr("this needs an admin: give --by ADMIN"));
	if ((r = cli_auth_user(ctx, by, &actor)))
		return r;
	if (user_set_active(ctx->db, &actor, name, active, &err))
		return app_error(&err);
	printf(active ? tr("Enabled user %s.\n") : tr("Disabled user %s.\n"), name);
	return 0;
}

static int list(struct app_ctx *ctx, enum app_format fmt)
{
	struct app_table *t;
	struct pos_error err;
	struct user *v;
	size_t n, i;
	int r;

	if ((r = app_db(ctx, 0)))
		return r;
	if (user_list(ctx->db, &v, &n, &err))
		return app_error(&err);
	t = app_table_new(4);
	app_table_col(t, 0, "name", "User", COL_TEXT);
	app_table_col(t, 1, "full_name", "Full name", COL_TEXT);
	app_table_col(t, 2, "role", "Role", COL_TEXT);
	app_table_col(t, 3, "active", "Active", COL_BOOL);
	for (i = 0; i < n; i++) {
		app_table_add_text(t, v[i].name);
		app_table_add_text(t, v[i].full_name);
		app_table_add_text(t, fmt == APP_TABLE ? tr(user_role_name(v[i].role))
						       : user_role_name(v[i].role));
		app_table_add_bool(t, v[i].active);
	}
	free(v);
	if (n == 0 && fmt == APP_TABLE) {
		app_table_print(t, fmt, NULL);
		fprintf(stderr, "%s", tr("No users yet: add the first admin with "
					 "`ocop-pos user add NAME --role admin`.\n"));
		return 0;
	}
	app_table_print(t, fmt, stdout);
	return 0;
}

static int one_name(const struct cli_args *a)
{
	if (cli_nargs(a) != 1)
		return cli_usage(&cmd_user, tr("user %s needs one NAME"), a->sub->name);
	return 0;
}

static int run_add(struct app_ctx *ctx, const struct cli_args *a)
{
	int r = one_name(a);

	return r ? r : add(ctx, cli_arg(a, 0), cli_str(a, "role"), cli_str(a, "full-name"),
			   cli_str(a, "by"));
}

static int run_list(struct app_ctx *ctx, const struct cli_args *a)
{
	enum app_format fmt;
	int r = cli_format(a, &fmt);

	return r ? r : list(ctx, fmt);
}

static int run_passwd(struct app_ctx *ctx, const struct cli_args *a)
{
	int r = one_name(a);

	return r ? r : passwd(ctx, cli_arg(a, 0), cli_str(a, "by"));
}

static int run_active(struct app_ctx *ctx, const struct cli_args *a)
{
	int r = one_name(a);

	return r ? r : set_active(ctx, cli_arg(a, 0), cli_str(a, "by"),
				  strcmp(a->sub->name, "enable") == 0);
}
