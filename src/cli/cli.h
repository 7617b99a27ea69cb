/*
 * cli.h - the command line: a table of commands (one file per command
 * group, cmd_*.c), each parsing its own options, calling core and
 * printing.  Exit status: 0 done, 1 refused or bad input, 2 bad usage.
 * Errors go to stderr as "ocop-pos: <what went wrong and what to do>".
 * What the TUI shares with the command line (the context, opening the
 * database, printing, output tables) is the application layer, src/app/.
 */
#ifndef OCOP_CLI_H
#define OCOP_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "app/app.h"
#include "app/table.h"
#include "lib/err.h"

struct db;

struct cli_cmd {
	const char *name;
	const char *summary;      /* one line for `ocop-pos --help` */
	const char *usage;        /* full help text of the command */
	int (*run)(struct app_ctx *ctx, int argc, char **argv);
};

/* The commands, NULL-terminated (cli.c). */
extern const struct cli_cmd *const cli_commands[];

/* Find a command by name, or NULL. */
const struct cli_cmd *cli_find(const char *name);

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

struct user;
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

/* --- options --------------------------------------------------------- */

enum cli_opt_kind { OPT_STR, OPT_FLAG, OPT_INT, OPT_MONEY };

struct cli_opt {
	const char *name;          /* long name without "--" */
	enum cli_opt_kind kind;
	void *out;                 /* const char **, int *, long long *, int64_t * */
	int seen;                  /* set by cli_parse */
};

/*
 * Parse argv[1..] against opts (terminated by a NULL name), accepting
 * "--name value", "--name=value" and "--help".  Positional arguments are
 * compacted into argv[1..*npos].  Returns 0, or an exit status after
 * printing a message (unknown option, missing value) or the help (0 with
 * *help set).
 */
int cli_parse(const struct cli_cmd *cmd, int argc, char **argv, struct cli_opt *opts,
	      int *npos, int *help);

#endif
