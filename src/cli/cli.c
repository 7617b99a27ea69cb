/*
 * cli.c - the command table, the option parser every subcommand goes
 * through, --help generated from the tables, and error reporting shared by
 * every cmd_*.c (see cli.h for how to add a command).
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "core/db.h"
#include "core/i18n.h"
#include "core/pghub.h"
#include "core/refdata.h"
#include "core/money.h"
#include "core/user.h"
#include "core/vntext.h"

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

/* The command and subcommand being run, for "Try `ocop-pos CMD SUB --help`". */
static const struct cli_cmd *cur_cmd;
static const struct cli_sub *cur_sub;

const struct cli_cmd *cli_find(const char *name)
{
	int i;

	for (i = 0; cli_commands[i]; i++)
		if (strcmp(cli_commands[i]->name, name) == 0)
			return cli_commands[i];
	return NULL;
}

static void try_help(const struct cli_cmd *cmd)
{
	if (cmd == cur_cmd && cur_sub && cur_sub->name)
		fprintf(stderr, tr("Try `ocop-pos %s %s --help`.\n"), cmd->name, cur_sub->name);
	else
		fprintf(stderr, tr("Try `ocop-pos %s --help`.\n"), cmd->name);
}

int cli_usage(const struct cli_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("ocop-pos: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (!cmd)
		cmd = cur_cmd;
	if (cmd)
		try_help(cmd);
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
	if (r) {
		long long n = 1;

		if (user_count(ctx->db, &n, NULL) == 0 && n == 0)
			return app_fail("%s", tr("this database has no users yet: add the first "
						 "admin with `ocop-pos user add NAME --role admin`"));
		return app_error(&err);
	}
	*out = u;
	return 0;
}

/* ---- option values ------------------------------------------------------- */

static const struct cli_val *val_of(const struct cli_args *a, const char *name)
{
	const struct cli_opt *o;
	int i = 0;

	for (o = a->sub->opts; o && o->name; o++, i++)
		if (strcmp(o->name, name) == 0)
			return a->val[i].seen ? &a->val[i] : NULL;
	return NULL;
}

const char *cli_str(const struct cli_args *a, const char *name)
{
	const struct cli_val *v = val_of(a, name);

	return v ? v->str : NULL;
}

int cli_has(const struct cli_args *a, const char *name)
{
	return val_of(a, name) != NULL;
}

long long cli_int(const struct cli_args *a, const char *name, long long dflt)
{
	const struct cli_val *v = val_of(a, name);

	return v ? v->num : dflt;
}

int64_t cli_money(const struct cli_args *a, const char *name, int64_t dflt)
{
	const struct cli_val *v = val_of(a, name);

	return v ? (int64_t)v->num : dflt;
}

const char *const *cli_list(const struct cli_args *a, const char *name, int *n)
{
	const struct cli_val *v = val_of(a, name);

	*n = v ? v->seen : 0;
	return v ? v->list : NULL;
}

const char *cli_arg(const struct cli_args *a, int i)
{
	int k = a->nwords + 1 + i;

	return i >= 0 && k <= a->npos ? a->argv[k] : NULL;
}

int cli_nargs(const struct cli_args *a)
{
	return a->npos - a->nwords;
}

int cli_format(const struct cli_args *a, enum app_format *fmt)
{
	const char *f = cli_str(a, "format");

	if (app_format_parse(f, fmt))
		return cli_usage(a->cmd, tr("unknown format \"%s\""), f);
	return 0;
}

/* ---- help ------------------------------------------------------------------ */

static void sub_synopsis(FILE *out, const struct cli_cmd *cmd, const struct cli_sub *s)
{
	fprintf(out, "ocop-pos %s", cmd->name);
	if (s->name)
		fprintf(out, " %s", s->name);
	if (s->args)
		fprintf(out, " %s", s->args);
	if (s->opts && s->opts->name)
		fprintf(out, " %s", tr("[options]"));
}

/* "ocop-pos CMD SUB ARGS [--opt ARG] ..." wrapped at 79 columns, then a newline. */
static void synopsis_full(FILE *out, const struct cli_cmd *cmd, const struct cli_sub *s,
			  int indent)
{
	const struct cli_opt *o;
	int col = indent;
	char w[128];

	col += fprintf(out, "ocop-pos %s%s%s%s%s", cmd->name, s->name ? " " : "",
		       s->name ? s->name : "", s->args ? " " : "", s->args ? s->args : "");
	for (o = s->opts; o && o->name; o++) {
		int n = snprintf(w, sizeof(w), "[--%s%s%s]", o->name, o->arg ? " " : "",
				 o->arg ? o->arg : "");

		if (col + 1 + n > 79) {
			fprintf(out, "\n%*s", indent + 8, "");
			col = indent + 8;
		} else {
			fputc(' ', out);
			col++;
		}
		fputs(w, out);
		col += n;
	}
	fputc('\n', out);
}

static void sub_help(FILE *out, const struct cli_cmd *cmd, const struct cli_sub *s)
{
	const struct cli_opt *o;
	char left[64];

	fprintf(out, "%s ", tr("Usage:"));
	sub_synopsis(out, cmd, s);
	fprintf(out, "\n%s\n", tr(s->summary ? s->summary : cmd->summary));
	if (s->opts && s->opts->name) {
		fprintf(out, "\n%s\n", tr("Options:"));
		for (o = s->opts; o->name; o++) {
			size_t w;

			snprintf(left, sizeof(left), "--%s%s%s", o->name, o->arg ? " " : "",
				 o->arg ? o->arg : "");
			w = strlen(left);
			fprintf(out, "  %s%*s %s", left, w < 26 ? (int)(26 - w) : 0, "",
				tr(o->help ? o->help : ""));
			if (o->kind == OPT_INT)
				fprintf(out, " (%lld-%lld)", o->min, o->max);
			else if (o->kind == OPT_LIST)
				fprintf(out, " %s", tr("(may be repeated)"));
			fputc('\n', out);
		}
	}
	if (s->perm)
		fprintf(out, "\n%s\n", tr("Needs --user NAME (PIN on standard input) with the right "
					  "role: see ROLES in `man ocop-pos`."));
	if (s->help)
		fprintf(out, "\n%s", tr(s->help));
}

static int has_named_subs(const struct cli_cmd *cmd)
{
	const struct cli_sub *s;

	for (s = cmd->subs; s->run; s++)
		if (s->name)
			return 1;
	return 0;
}

static void group_help(FILE *out, const struct cli_cmd *cmd)
{
	const struct cli_sub *s;

	for (s = cmd->subs; s->run; s++)
		if (!s->name) {
			/* `sale --help`: what the command does by itself, then the others */
			sub_help(out, cmd, s);
			fprintf(out, "\n%s\n", tr("Other commands:"));
			break;
		}
	if (!s->run) {
		const char *lead = tr("Usage:");
		int w = vn_width(lead);         /* columns, not bytes: "Cách dùng:" */

		for (s = cmd->subs; s->run; s++) {
			fprintf(out, "%s%*s ", lead, w - vn_width(lead), "");
			synopsis_full(out, cmd, s, w + 1);
			lead = "";
		}
		fprintf(out, "%s\n\n%s\n", tr(cmd->summary), tr("Commands:"));
	}
	for (s = cmd->subs; s->run; s++) {
		if (!s->name)
			continue;
		char left[96];

		snprintf(left, sizeof(left), "%s%s%s", s->name ? s->name : "",
			 s->name && s->args ? " " : "", s->args ? s->args : "");
		if (!s->name && !s->args)
			snprintf(left, sizeof(left), "%s", tr("[options]"));
		fprintf(out, "  %-34s %s\n", left, tr(s->summary ? s->summary : ""));
	}
	if (cmd->help)
		fprintf(out, "\n%s", tr(cmd->help));
	fprintf(out, tr("\n`ocop-pos %s COMMAND --help` lists a command's options.\n"), cmd->name);
}

void cli_list_commands(FILE *out)
{
	const struct cli_sub *s;
	int i;

	for (i = 0; cli_commands[i]; i++)
		for (s = cli_commands[i]->subs; s->run; s++)
			fprintf(out, "%s%s%s\n", cli_commands[i]->name, s->name ? " " : "",
				s->name ? s->name : "");
}

/* ---- parsing ----------------------------------------------------------------- */

/* How many words of argv[1..argc-1] the name "w1 w2" matches: 0 when not all. */
static int words_match(const char *name, int argc, char **argv)
{
	int k = 1;
	const char *p = name;

	while (*p) {
		size_t len = strcspn(p, " ");

		if (k >= argc || strlen(argv[k]) != len || strncmp(argv[k], p, len) != 0)
			return 0;
		k++;
		p += len;
		if (*p == ' ')
			p++;
	}
	return k - 1;
}

/* "a, b, c" -> "a, b or c" */
static void last_or(char *buf, size_t n)
{
	char *comma = strrchr(buf, ',');

	if (comma && strlen(buf) + 3 < n) {
		memmove(comma + 3, comma + 1, strlen(comma + 1) + 1);
		memcpy(comma, " or", 3);
	}
}

/* The subcommands whose first word is w, for "stock count needs start, enter ...". */
static void next_words(const struct cli_cmd *cmd, const char *w, char *buf, size_t n)
{
	const struct cli_sub *s;
	size_t len = 0, wl = strlen(w);

	buf[0] = '\0';
	for (s = cmd->subs; s->run; s++)
		if (s->name && strncmp(s->name, w, wl) == 0 && s->name[wl] == ' ' && len < n)
			len += (size_t)snprintf(buf + len, n - len, "%s%s", len ? ", " : "",
						s->name + wl + 1);
	last_or(buf, n);
}

static void sub_names(const struct cli_cmd *cmd, char *buf, size_t n)
{
	const struct cli_sub *s;
	size_t len = 0;

	buf[0] = '\0';
	for (s = cmd->subs; s->run; s++) {
		size_t wl;

		if (!s->name)
			continue;
		wl = strcspn(s->name, " ");
		if (s->name[wl] && s > cmd->subs && s[-1].name &&
		    strncmp(s[-1].name, s->name, wl) == 0 && s[-1].name[wl] == ' ')
			continue;   /* "count start", "count enter": say "count" once */
		if (len < n)
			len += (size_t)snprintf(buf + len, n - len, "%s%.*s", len ? ", " : "",
						(int)wl, s->name);
	}
	last_or(buf, n);
}

static int set_value(const struct cli_cmd *cmd, const struct cli_opt *o, struct cli_val *v,
		     const char *val, int maxn)
{
	struct pos_error err;
	char *end;
	long long n;
	int64_t m;

	v->seen++;
	v->str = val;
	switch (o->kind) {
	case OPT_FLAG:
		return 0;
	case OPT_STR:
		return 0;
	case OPT_LIST:
		if (!v->list)
			v->list = xcalloc((size_t)maxn + 1, sizeof(*v->list));
		v->list[v->seen - 1] = val;
		return 0;
	case OPT_INT:
		errno = 0;
		n = strtoll(val, &end, 10);
		if (!*val || *end || errno == ERANGE || n < o->min || n > o->max)
			return cli_usage(cmd, tr("--%s takes a whole number from %lld to %lld, "
						 "not \"%s\""), o->name, o->min, o->max, val);
		v->num = n;
		return 0;
	case OPT_MONEY:
		if (money_parse(val, &m, &err))
			return cli_usage(cmd, "--%s: %s", o->name, pos_error_text(&err));
		if (m > o->max) {
			char lim[MONEY_FMT_MAX];

			money_format(o->max, lim, sizeof(lim));
			return cli_usage(cmd, tr("--%s: %s is too large (at most %s)"), o->name, val,
					 lim);
		}
		if (m < o->min) {
			char lim[MONEY_FMT_MAX];

			money_format(o->min, lim, sizeof(lim));
			return cli_usage(cmd, tr("--%s: %s is too small (at least %s)"), o->name, val,
					 lim);
		}
		v->num = m;
		return 0;
	}
	return 0;
}

/*
 * Parse argv[first..argc-1] against s->opts into a; positional arguments
 * go to pos[*npos + 1 ...].  Returns 0, -1 after --help, or an exit status.
 */
static int parse_opts(const struct cli_cmd *cmd, const struct cli_sub *s, int first, int argc,
		      char **argv, struct cli_args *a, char **pos, int *npos)
{
	int i, only_pos = 0, r;

	for (i = first; i < argc; i++) {
		char *arg = argv[i], *eq;
		const struct cli_opt *o;
		size_t len;
		int k = 0;

		if (only_pos || arg[0] != '-' || !arg[1]) {
			pos[++*npos] = arg;
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			only_pos = 1;
			continue;
		}
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			sub_help(stdout, cmd, s);
			return -1;
		}
		if (arg[1] != '-') {
			if (arg[1] >= '0' && arg[1] <= '9') {   /* -2: a negative number */
				pos[++*npos] = arg;
				continue;
			}
			goto unknown;
		}
		eq = strchr(arg, '=');
		len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
		for (o = s->opts; o && o->name; o++, k++)
			if (strlen(o->name) == len && strncmp(o->name, arg + 2, len) == 0)
				break;
		if (!o || !o->name)
			goto unknown;
		if (o->kind == OPT_FLAG) {
			if (eq)
				return cli_usage(cmd, tr("--%s takes no value"), o->name);
			r = set_value(cmd, o, &a->val[k], NULL, argc);
		} else if (eq) {
			r = set_value(cmd, o, &a->val[k], eq + 1, argc);
		} else {
			if (i + 1 >= argc)
				return cli_usage(cmd, tr("--%s needs a value"), o->name);
			r = set_value(cmd, o, &a->val[k], argv[++i], argc);
		}
		if (r)
			return r;
		if (o->kind != OPT_LIST && a->val[k].seen > 1)
			return cli_usage(cmd, tr("--%s is given twice"), o->name);
		continue;
unknown:
		if (eq = strchr(arg, '='), eq)
			*eq = '\0';
		if (s->name)
			return cli_usage(cmd, tr("unknown option %s for `ocop-pos %s %s`"), arg,
					 cmd->name, s->name);
		return cli_usage(cmd, tr("unknown option %s for `ocop-pos %s`"), arg, cmd->name);
	}
	return 0;
}

static void free_args(struct cli_args *a)
{
	int i;

	for (i = 0; i < CLI_OPTS_MAX; i++)
		free(a->val[i].list);
	free(a->argv);
}

int cli_run(const struct cli_cmd *cmd, struct app_ctx *ctx, int argc, char **argv)
{
	const struct cli_sub *s, *best = NULL, *dflt = NULL;
	struct cli_args a;
	struct pos_error err;
	struct user u;
	char names[512];
	int nw = 0, r, i, nopts = 0;

	cur_cmd = cmd;
	cur_sub = NULL;
	for (s = cmd->subs; s->run; s++) {
		int w;

		if (!s->name) {
			dflt = s;
			continue;
		}
		w = words_match(s->name, argc, argv);
		if (w > nw) {
			nw = w;
			best = s;
		}
	}
	if (!best) {
		if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) &&
		    has_named_subs(cmd)) {
			group_help(stdout, cmd);
			return 0;
		}
		if (argc >= 2 && argv[1][0] != '-') {
			next_words(cmd, argv[1], names, sizeof(names));
			if (names[0])
				return cli_usage(cmd, tr("%s %s needs %s"), cmd->name, argv[1], names);
		}
		if (!dflt) {
			sub_names(cmd, names, sizeof(names));
			if (argc < 2 || argv[1][0] == '-')
				return cli_usage(cmd, tr("%s needs %s"), cmd->name, names);
			return cli_usage(cmd, tr("unknown %s command \"%s\": use %s"), cmd->name,
					 argv[1], names);
		}
		if (argc >= 2 && argv[1][0] != '-' && !dflt->args && has_named_subs(cmd)) {
			sub_names(cmd, names, sizeof(names));
			return cli_usage(cmd, tr("unknown %s command \"%s\": use %s"), cmd->name,
					 argv[1], names);
		}
		best = dflt;
	}
	s = best;
	cur_sub = s;
	for (const struct cli_opt *o = s->opts; o && o->name; o++)
		nopts++;
	if (nopts > CLI_OPTS_MAX) {
		fprintf(stderr, "ocop-pos: %s %s declares too many options\n", cmd->name,
			s->name ? s->name : "");
		return 2;
	}
	memset(&a, 0, sizeof(a));
	a.cmd = cmd;
	a.sub = s;
	a.nwords = nw;
	a.argv = xcalloc((size_t)argc + 1, sizeof(*a.argv));
	a.argv[0] = argv[0];
	for (i = 1; i <= nw; i++)
		a.argv[i] = argv[i];
	a.npos = nw;
	r = parse_opts(cmd, s, nw + 1, argc, argv, &a, a.argv, &a.npos);
	if (r) {
		free_args(&a);
		return r < 0 ? 0 : r;
	}
	if (!s->args && a.npos > nw) {
		r = cli_usage(cmd, tr("unexpected argument \"%s\""), a.argv[nw + 1]);
		free_args(&a);
		return r;
	}
	/* A hub on PostgreSQL has no PINs: the server authenticates the role
	 * named in the URI and its grants say what it may do (docs/province.md). */
	if (s->perm && !pghub_is_uri(ctx->db_path)) {
		if ((r = cli_auth_user(ctx, cli_str(&a, "user"), &u))) {
			free_args(&a);
			return r;
		}
		if (user_require(&u, (enum user_perm)(s->perm - 1), &err)) {
			free_args(&a);
			return app_error(&err);
		}
		a.user = &u;
	}
	r = s->run(ctx, &a);
	free_args(&a);
	explicit_bzero(&u, sizeof(u));
	return r;
}
