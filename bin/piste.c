/* piste - the command line (SPEC X3). `piste help` lists the subcommands. */
#include <fcntl.h>
#include <mysql.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "core/config.h"
#include "core/crypt.h"
#include "core/log.h"
#include "db/db.h"

static const struct {
	const char *name;
	int (*fn)(struct cli *);
	const char *help;
} commands[] = {
	{"migrate", cmd_migrate, "apply pending schema/ migrations (creates the database)"},
	{"init", cmd_init, "create the first administrator with a random password [--credentials FILE]"},
	{"user", cmd_user, "user add --login L --password P --role admin|manager|sales [--name N] [--email E] [--team T]\n"
			   "                 user passwd --login L --password P | user disable --login L | user list"},
	{"apikey", cmd_apikey, "apikey create --login L [--name N] (prints the key) | apikey revoke --login L [--id N]"},
	{"demo", cmd_demo, "load the demo data (once) [--credentials FILE]"},
	{"cron", cmd_cron, "run the periodic jobs once, or every N seconds with --loop N"},
	{"score", cmd_score, "score rebuild [--batch N] (learn and rescore every lead) | score explain --lead ID"},
	{"assign", cmd_assign, "assign unassigned leads now by the team rules [--team ID|NAME]"},
	{"quote", cmd_quote, "quote pdf --id N [--lang fr|en] [--out FILE] | quote verify --id N | quote bench-pdf --id N [--count N]"},
	{"mailgate", cmd_mailgate, "deliver one e-mail from stdin to a team alias [--recipient ADDR] [--json]\n"
				   "                 exit 0 delivered, 65 unparsable, 67 unknown alias, 75 database unavailable"},
	{"spool", cmd_spool, "spool replay | spool status: contact-form submissions kept while the database was down"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: piste <command> [options]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\nConfiguration: $PISTE_CONFIG or $PISTE_VAR/piste.conf (default var/piste.conf),\n"
		   "overridden by PISTE_* environment variables.\n");
}

struct db *cli_db(struct cli *c)
{
	if (c->db && db_connected(c->db))
		return c->db;
	if (!c->db) {
		db_open(&c->db, c->cfg, true);
		if (!c->db)
			return NULL;
	}
	if (db_ensure(c->db) != 0) {
		fprintf(stderr, "piste: database unavailable: %s\n", db_error(c->db));
		return NULL;
	}
	return c->db;
}

const char *cli_opt(struct cli *c, const char *name)
{
	size_t n = strlen(name);
	for (int i = 0; i < c->argc; i++) {
		const char *a = c->argv[i];
		if (strncmp(a, "--", 2) != 0 || strncmp(a + 2, name, n) != 0)
			continue;
		if (a[2 + n] == '=')
			return a + 3 + n;
		if (a[2 + n] == '\0' && i + 1 < c->argc)
			return c->argv[i + 1];
	}
	return NULL;
}

bool cli_flag(struct cli *c, const char *name)
{
	for (int i = 0; i < c->argc; i++)
		if (strncmp(c->argv[i], "--", 2) == 0 && strcmp(c->argv[i] + 2, name) == 0)
			return true;
	return false;
}

int cli_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("piste: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return 1;
}

int cli_write_credentials(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0600);
	if (fd < 0)
		return -1;
	fchmod(fd, 0600);
	size_t n = strlen(text);
	ssize_t w = write(fd, text, n);
	fsync(fd);
	close(fd);
	return w == (ssize_t)n ? 0 : -1;
}

int main(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 64 : 0;
	}
	char eb[512];
	struct cli c = {0};
	c.cfg = config_load(eb, sizeof eb);
	if (!c.cfg)
		return cli_fail("%s", eb);
	piste_config = c.cfg;
	log_init("piste", 0);
	/* Informational lines only when asked (cron --loop logs its own). */
	log_set_quiet(!getenv("PISTE_VERBOSE") && strcmp(argv[1], "cron") != 0);
	if (crypt_setup() != 0)
		return cli_fail("libsodium initialisation failed");
	mysql_library_init(0, NULL, NULL);
	arena_init(&c.a, 64 * 1024);
	c.argc = argc - 2;
	c.argv = argv + 2;
	int rc = -1;
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			rc = commands[i].fn(&c);
	if (rc == -1) {
		fprintf(stderr, "piste: unknown command '%s'\n\n", argv[1]);
		usage(stderr);
		rc = 64;
	}
	db_close(c.db);
	arena_free(&c.a);
	config_free(c.cfg);
	mysql_library_end();
	return rc;
}
