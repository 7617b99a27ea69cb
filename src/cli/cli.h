/*
 * cli.h - the command line: a table of commands (one file per command
 * group, cmd_*.c), each parsing its own options, calling core and
 * printing.  Exit status: 0 done, 1 refused or bad input, 2 bad usage.
 * Errors go to stderr as "ocop-pos: <what went wrong and what to do>".
 */
#ifndef OCOP_CLI_H
#define OCOP_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/config.h"
#include "core/err.h"

struct db;

enum cli_format { CLI_TABLE, CLI_CSV, CLI_JSON };

struct cli_ctx {
	const char *db_path;
	const char *config_path;
	const char *datadir;      /* config files override, or NULL */
	struct db *db;            /* opened by cli_db() */
	struct config cfg;        /* loaded by main() */
};

struct cli_cmd {
	const char *name;
	const char *summary;      /* one line for `ocop-pos --help` */
	const char *usage;        /* full help text of the command */
	int (*run)(struct cli_ctx *ctx, int argc, char **argv);
};

/* The commands, NULL-terminated (cli.c). */
extern const struct cli_cmd *const cli_commands[];

/* Find a command by name, or NULL. */
const struct cli_cmd *cli_find(const char *name);

/* Print "ocop-pos: <msg>" on stderr; return 1 (or 2 for usage). */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int cli_usage(const struct cli_cmd *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Report a core error: message on stderr, exit status 1. */
int cli_error(const struct pos_error *err);

/* Open the database (loads reference data first); 0 or an exit status. */
int cli_db(struct cli_ctx *ctx, unsigned flags);

/* Load reference data (provinces, groups); 0 or an exit status. */
int cli_refdata(struct cli_ctx *ctx);

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
int cli_auth_user(struct cli_ctx *ctx, const char *name, struct user *out);

/* Abort with the terminal restored when memory runs out (cli/ui tier). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
char *xstrdup(const char *s);

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

/* Parse --format: table, csv or json (xlsx where allowed elsewhere). */
int cli_format_parse(const char *s, enum cli_format *fmt);

/* --- output tables --------------------------------------------------- */

/* COL_QTY: thousandths, shown "1,5" to people, 1.5 in CSV and JSON. */
enum cli_col_kind { COL_TEXT, COL_INT, COL_MONEY, COL_BOOL, COL_QTY };

struct cli_table;

/*
 * A table with ncols columns; each column has a machine key (CSV/JSON
 * header), a human header (translated) and a kind (numbers right-aligned
 * on screen, typed in JSON, money as "185.000 ₫" for people and an
 * integer for machines).
 */
struct cli_table *cli_table_new(int ncols);
void cli_table_col(struct cli_table *t, int i, const char *key, const char *header,
		   enum cli_col_kind kind);
void cli_table_add_text(struct cli_table *t, const char *s);
void cli_table_add_int(struct cli_table *t, long long v);
void cli_table_add_money(struct cli_table *t, int64_t vnd);
void cli_table_add_bool(struct cli_table *t, int v);
void cli_table_add_qty(struct cli_table *t, int64_t milli);
/* Print in fmt to out (NULL: print nothing) and free t. */
void cli_table_print(struct cli_table *t, enum cli_format fmt, FILE *out);

/*
 * The "Label:" of a label/value listing padded with spaces to width
 * display columns (a Vietnamese letter with its marks is one column;
 * printf's %-18s counts bytes), written into buf (n bytes, cut if too
 * small); returns buf.
 */
const char *cli_pad(char *buf, size_t n, const char *label, int width);

/* Write s as a CSV field (quoted when needed). */
void cli_csv_field(FILE *out, const char *s);

#endif
