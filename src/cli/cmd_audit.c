/*
 * cmd_audit.c - `ocop-pos audit`: list the append-only audit log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/audit.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/user.h"

static int run(struct app_ctx *ctx, const struct cli_args *a);

static const struct cli_opt audit_opts[] = {
	CLI_STR("from", "YYYY-MM-DD", "first business date"),
	CLI_STR("to", "YYYY-MM-DD", "last business date"),
	CLI_STR("action", "NAME", "only this action (void, return, drawer, ...)"),
	CLI_FORMAT, CLI_USER, CLI_END,
};

static const struct cli_sub audit_subs[] = {
	{ NULL, NULL, "list the audit log (voids, returns, discounts, drawer, stock, users, shifts)",
	  audit_opts, run, CLI_NEEDS(PERM_AUDIT),
	"Lists the audit log, oldest first; dates are local business dates and\n"
	"both ends are included.  Times are shown in local time (UTC in csv and\n"
	"json).  The log is append-only: nothing can edit or delete an entry.\n" },
	CLI_SUBS_END,
};

const struct cli_cmd cmd_audit = {
	"audit", "list the audit log (voids, returns, discounts, drawer, stock, users, shifts)",
	audit_subs, NULL,
};

static int run(struct app_ctx *ctx, const struct cli_args *a)
{
	const char *from = cli_str(a, "from"), *to = cli_str(a, "to"),
		   *format = cli_str(a, "format"), *action = cli_str(a, "action");
	struct audit_entry *v;
	struct app_table *t;
	struct pos_error err;
	enum app_format fmt;
	size_t n, i, shown = 0;
	int r;

	if (app_format_parse(format, &fmt))
		return cli_usage(&cmd_audit, tr("unknown format \"%s\""), format);
	if (from && clock_date_parse(from, NULL, &err))
		return cli_usage(&cmd_audit, "--from: %s", pos_error_text(&err));
	if (to && clock_date_parse(to, NULL, &err))
		return cli_usage(&cmd_audit, "--to: %s", pos_error_text(&err));
	if (from && to && strcmp(from, to) > 0)
		return cli_usage(&cmd_audit, "%s", tr("--from is after --to"));
	if ((r = app_db(ctx, 0)))
		return r;
	if (audit_list(ctx->db, from, to, &v, &n, &err))
		return app_error(&err);
	t = app_table_new(7);
	app_table_col(t, 0, "id", "No.", COL_INT);
	app_table_col(t, 1, "at", "Time", COL_TEXT);
	app_table_col(t, 2, "user", "User", COL_TEXT);
	app_table_col(t, 3, "approved_by", "Approved by", COL_TEXT);
	app_table_col(t, 4, "action", "Action", COL_TEXT);
	app_table_col(t, 5, "doc", "Document", COL_TEXT);
	app_table_col(t, 6, "detail", "Detail", COL_TEXT);
	for (i = 0; i < n; i++) {
		char when[17];
		time_t tt;

		if (action && strcmp(action, v[i].action) != 0)
			continue;
		shown++;
		app_table_add_int(t, v[i].id);
		if (fmt == APP_TABLE && clock_parse_utc(v[i].at, &tt, NULL) == 0) {
			clock_format_local(tt, when);
			app_table_add_text(t, when);
		} else {
			app_table_add_text(t, v[i].at);
		}
		app_table_add_text(t, v[i].user);
		app_table_add_text(t, v[i].approved_by);
		/* on screen in the reader's language; CSV and JSON keep what is stored */
		if (fmt == APP_TABLE) {
			char d[sizeof(v[i].detail) * 2];

			app_table_add_text(t, audit_action_text(v[i].action));
			app_table_add_text(t, v[i].doc);
			app_table_add_text(t, audit_detail_text(v[i].action, v[i].detail, d,
								sizeof(d)));
		} else {
			app_table_add_text(t, v[i].action);
			app_table_add_text(t, v[i].doc);
			app_table_add_text(t, v[i].detail);
		}
	}
	free(v);
	if (shown == 0 && fmt == APP_TABLE) {
		app_table_print(t, fmt, NULL);
		fprintf(stderr, "%s", tr("No audit entries in that period.\n"));
		return 0;
	}
	app_table_print(t, fmt, stdout);
	return 0;
}
