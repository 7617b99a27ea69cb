/*
 * cli.h - the command line: a table of commands (one file per command
 * group, cmd_*.c), each a table of subcommands that declare the options
 * they take; the parser here reads argv against that table, calls core
 * through the subcommand's run function and prints.  Exit status: 0 done,
 * 1 refused or bad input, 2 bad usage.  Errors go to stderr as
 * "ocop-pos: <what went wrong and what to do>".  What the TUI shares with
 * the command line (the context, opening the database, printing, output
 * tables, output files) is the application layer, src/app/.
 *
 * HOW TO ADD A COMMAND (for whoever writes the next one)
 *
 *   1. A subcommand is one line of a table and one run function.  In
 *      src/cli/cmd_GROUP.c:
 *
 *        static const struct cli_opt list_opts[] = {
 *                CLI_INT("stars", 3, 5, "3-5", "only products with these stars"),
 *                CLI_FLAG("all", "also inactive products"),
 *                CLI_FORMAT, CLI_END,
 *        };
 *        static int run_list(struct app_ctx *ctx, const struct cli_args *a)
 *        {
 *                long long stars = cli_int(a, "stars", 0);
 *                ...
 *        }
 *        static const struct cli_sub subs[] = {
 *                { "list", NULL, "list products", list_opts, run_list, 0, NULL },
 *                { "edit", "SKU", "change a product", edit_opts, run_edit,
 *                  CLI_NEEDS(PERM_CATALOG), NULL },
 *                CLI_SUBS_END,
 *        };
 *        const struct cli_cmd cmd_GROUP = { "GROUP", "one line", subs, NULL };
 *
 *      and one line in cli_commands[] (cli.c).  A name with a space
 *      ("count start") is a subcommand of a subcommand; a sub with a NULL
 *      name is what the command does when no subcommand word is given
 *      (`sale --user ...`, `init --showroom ...`).
 *   2. Options: CLI_STR, CLI_FLAG, CLI_INT(lo, hi), CLI_MONEY(lo, hi),
 *      CLI_LIST (repeatable).  The parser refuses an option the
 *      subcommand does not declare, a number outside its range or not a
 *      number, and a missing value, all with exit 2 and "Try `ocop-pos CMD
 *      SUB --help`".  Read values with cli_str/cli_has/cli_int/cli_money/
 *      cli_list by name; never index the table.
 *   3. Positional arguments: `args` is their synopsis for --help ("SKU
 *      QTY"); NULL means none, and the parser refuses any.  Otherwise run
 *      checks a->npos: a->argv[1..nwords] are the subcommand's words and
 *      a->argv[nwords+1..npos] its arguments (cli_arg(a, 0) is the first).
 *   4. Who may: a subcommand that changes data, exports data or reads the
 *      audit log declares CLI_USER and CLI_NEEDS(PERM_x): the parser then
 *      reads the PIN of --user from standard input, checks it (core's
 *      user_auth) and the permission (core's user_require, the one table
 *      in src/core/user.c) before run, and a->user is that person.  Where
 *      core itself takes the user (sales, stock, shifts), run calls
 *      cli_auth_user and core decides.  docs/manager.md has the matrix.
 *   5. --help is generated from the table (summary, options with their
 *      help, then the `help` text); `ocop-pos --list-commands` prints
 *      every "CMD SUB" for tests (tests/cli/options_cli.sh tries an
 *      unknown option on each).  Files are written through app_out_*
 *      (app/outfile.h), never fopen(path, "w").
 *   6. Document it in docs/ocop-pos.1 and the docs/ page of its group;
 *      put its sentences through tr() (config/locale/vi*.json).
 */
#ifndef OCOP_CLI_H
#define OCOP_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "app/app.h"
#include "app/table.h"
#include "core/user.h"
#include "lib/err.h"

struct db;
struct cli_args;

/* --- options ----------------------------------------------------------- */

enum cli_opt_kind { OPT_STR, OPT_FLAG, OPT_INT, OPT_MONEY, OPT_LIST };

struct cli_opt {
	const char *name;          /* long name without "--" */
	enum cli_opt_kind kind;
	long long min, max;        /* OPT_INT, OPT_MONEY: the accepted range */
	const char *arg;           /* the value's name in --help ("N", "FILE") */
	const char *help;          /* one line for --help */
};

#define CLI_STR(n, arg, help)             { n, OPT_STR, 0, 0, arg, help }
#define CLI_LIST(n, arg, help)            { n, OPT_LIST, 0, 0, arg, help }
#define CLI_FLAG(n, help)                 { n, OPT_FLAG, 0, 0, NULL, help }
#define CLI_INT(n, lo, hi, arg, help)     { n, OPT_INT, lo, hi, arg, help }
#define CLI_MONEY(n, lo, hi, help)        { n, OPT_MONEY, lo, hi, "VND", help }
#define CLI_END                           { NULL, OPT_STR, 0, 0, NULL, NULL }
/* Options many subcommands share. */
#define CLI_USER   CLI_STR("user", "NAME", "who does it (the PIN is read from standard input)")
#define CLI_FORMAT CLI_STR("format", "table|csv|json", "output format")
#define CLI_FORCE  CLI_FLAG("force", "replace an existing file")
#define CLI_FORMAT_JSON CLI_STR("format", "table|json", "output format")
#define CLI_OUT    CLI_STR("out", "FILE", "write FILE (mode 0600) instead of standard output")
#define CLI_PRINTER CLI_STR("printer", "SPEC", "the printer (default: configured)")
#define CLI_PROFILE CLI_STR("profile", "NAME", "printer profile")
/* The largest amount a command takes: 100 billion VND. */
#define CLI_MONEY_MAX 100000000000LL

/* --- subcommands and commands -------------------------------------------- */

#define CLI_NEEDS(perm) ((int)(perm) + 1)

struct cli_sub {
	const char *name;          /* "list", "count start"; NULL: no subcommand word */
	const char *args;          /* positional synopsis ("SKU QTY"); NULL: none taken */
	const char *summary;       /* one line */
	const struct cli_opt *opts;   /* ended by CLI_END; NULL: no options */
	int (*run)(struct app_ctx *ctx, const struct cli_args *a);
	int perm;                  /* CLI_NEEDS(PERM_x): --user checked before run; 0: none */
	const char *help;          /* more text for --help, or NULL */
};
#define CLI_SUBS_END { NULL, NULL, NULL, NULL, NULL, 0, NULL }

struct cli_cmd {
	const char *name;
	const char *summary;       /* one line for `ocop-pos --help` */
	const struct cli_sub *subs;   /* ended by an entry whose run is NULL */
	const char *help;          /* notes after the list of subcommands, or NULL */
};

struct cli_val {
	const char *str;           /* the text given (last one) */
	long long num;             /* OPT_INT, OPT_MONEY */
	int seen;                  /* how many times given */
	const char **list;         /* OPT_LIST: every value, in order */
};

#define CLI_OPTS_MAX 48

struct cli_args {
	const struct cli_cmd *cmd;
	const struct cli_sub *sub;
	int npos;                  /* argv[1..npos]: subcommand words, then arguments */
	char **argv;
	int nwords;                /* how many of argv[1..] name the subcommand */
	const struct user *user;   /* authenticated (sub->perm), else NULL */
	struct cli_val val[CLI_OPTS_MAX];
};

/* The commands, NULL-terminated (cli.c). */
extern const struct cli_cmd *const cli_commands[];

/* Find a command by name, or NULL. */
const struct cli_cmd *cli_find(const char *name);

/*
 * Run cmd with argv[0] = its name: find the subcommand, parse its options
 * (refusing any other), authenticate when it needs a permission, run it.
 * Returns the exit status.
 */
int cli_run(const struct cli_cmd *cmd, struct app_ctx *ctx, int argc, char **argv);

/* Print "CMD SUB" for every subcommand, one a line (`--list-commands`). */
void cli_list_commands(FILE *out);

/* Option values by name (NULL / 0 / dflt when not given or not declared). */
const char *cli_str(const struct cli_args *a, const char *name);
int cli_has(const struct cli_args *a, const char *name);
long long cli_int(const struct cli_args *a, const char *name, long long dflt);
int64_t cli_money(const struct cli_args *a, const char *name, int64_t dflt);
/* The values of a repeatable option; *n their number. */
const char *const *cli_list(const struct cli_args *a, const char *name, int *n);
/* The i-th positional argument (0 = first after the subcommand words), or NULL. */
const char *cli_arg(const struct cli_args *a, int i);
/* How many positional arguments follow the subcommand words. */
int cli_nargs(const struct cli_args *a);
/* --format of a: 0, or the exit status after a usage message. */
int cli_format(const struct cli_args *a, enum app_format *fmt);

/*
 * Usage error: "ocop-pos: <msg>" and "Try `ocop-pos CMD [SUB] --help`." on
 * stderr (the subcommand being run, when there is one); returns 2.
 */
int cli_usage(const struct cli_cmd *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Read one line of standard input into buf (n bytes): a longer line is
 * cut, the newline and a CR before it dropped.  Returns 0, or -1 at the
 * end of input with nothing read (buf "").
 */
int cli_getline(char *buf, size_t n);

/* Read one line (a PIN) from standard input without echo; "" at EOF. */
int cli_read_line(char *buf, size_t n);

/*
 * Authenticate the person a command acts as (`--user NAME`): open the
 * database if needed, read NAME's PIN as one line from standard input
 * (prompting on stderr when it is a terminal), check it with user_auth()
 * (wrong PINs counted, lockout) and fill *out.  Call it once per person:
 * a second call reads the next line (an approver's or admin's PIN).
 * Returns 0, or an exit status after printing the reason (1: unknown user,
 * wrong PIN, locked; 2: name NULL or empty).  The PIN is wiped after use.
 */
int cli_auth_user(struct app_ctx *ctx, const char *name, struct user *out);

#endif
