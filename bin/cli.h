/* cli.h - shared plumbing of the `piste` command: configuration, database
 * connection on demand, option parsing. Each subcommand lives in its own
 * bin/cmd_<name>.c and calls the same lib functions as the web programs. */
#ifndef PISTE_CLI_H
#define PISTE_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"

struct config;
struct db;

struct cli {
	struct config *cfg;
	struct db *db;
	struct arena a;
	int argc;
	char **argv; /* arguments after the subcommand name */
};

/* Connect (once); prints a message and returns NULL when the database is
 * unavailable. */
struct db *cli_db(struct cli *c);
/* Value of --name VALUE (or --name=VALUE) in the arguments, or NULL. */
const char *cli_opt(struct cli *c, const char *name);
bool cli_flag(struct cli *c, const char *name);
/* Print "piste: <msg>" to stderr and return 1 (for `return cli_fail(...)`). */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Append "label: login / password" lines to a 0600 credentials file. */
int cli_write_credentials(const char *path, const char *text);

/* Subcommands: return the process exit status. */
int cmd_migrate(struct cli *c);
int cmd_init(struct cli *c);
int cmd_user(struct cli *c);
int cmd_apikey(struct cli *c);
int cmd_demo(struct cli *c);
int cmd_cron(struct cli *c);
int cmd_score(struct cli *c);
int cmd_assign(struct cli *c);
int cmd_quote(struct cli *c);
int cmd_mailgate(struct cli *c);
int cmd_spool(struct cli *c);

#endif
