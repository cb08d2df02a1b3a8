/* piste init, piste user add|passwd|disable|list */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/crypt.h"
#include "core/err.h"
#include "crm/audit.h"
#include "crm/team.h"
#include "crm/user.h"
#include "db/db.h"
#include "web/session.h"

int cmd_init(struct cli *c)
{
	struct db *db = cli_db(c);
	if (!db)
		return 75;
	int64_t n = 0;
	if (user_count(db, &n) != 0)
		return cli_fail("cannot count users: %s", db_error(db));
	if (n > 0) {
		printf("users already exist: nothing to do\n");
		return 0;
	}
	char pw[32];
	crypt_token(pw, sizeof pw, 12); /* 96 bits, 16 characters */
	struct err_info e = {0};
	if (user_create(db, "admin", "Administrator", NULL, "admin", pw, NULL, &e) != 0)
		return cli_fail("cannot create the administrator: %s", e.msg);
	audit_log(db, 0, "admin", "cli", "user.created", "first administrator");
	const char *path = cli_opt(c, "credentials");
	if (path) {
		char line[256];
		snprintf(line, sizeof line, "login: %-14s password: %s  (Administrator, admin)\n", "admin", pw);
		if (cli_write_credentials(path, line) != 0)
			return cli_fail("cannot write %s", path);
	}
	printf("Administrator created.\n  login:    admin\n  password: %s\n", pw);
	printf("(shown once%s%s)\n", path ? "; also stored in " : "", path ? path : "");
	return 0;
}

static int find_user(struct cli *c, struct db *db, struct user *u)
{
	const char *login = cli_opt(c, "login");
	if (!login)
		return cli_fail("--login is required");
	if (user_by_login(db, &c->a, login, u, NULL) != 0)
		return cli_fail("no user with login '%s'", login);
	return 0;
}

/* "--password -" reads the password from standard input (not visible in ps). */
static const char *password_arg(struct cli *c, char *buf, size_t n)
{
	const char *pw = cli_opt(c, "password");
	if (pw && strcmp(pw, "-") == 0) {
		if (!fgets(buf, (int)n, stdin))
			return NULL;
		buf[strcspn(buf, "\r\n")] = '\0';
		return buf;
	}
	return pw;
}

int cmd_user(struct cli *c)
{
	if (c->argc < 1)
		return cli_fail("usage: piste user add|passwd|disable|list ...");
	const char *sub = c->argv[0];
	struct db *db = cli_db(c);
	if (!db)
		return 75;
	struct err_info e = {0};
	char pwbuf[512];
	if (strcmp(sub, "add") == 0) {
		const char *login = cli_opt(c, "login"), *role = cli_opt(c, "role");
		const char *pw = password_arg(c, pwbuf, sizeof pwbuf);
		if (!login || !pw || !role)
			return cli_fail("usage: piste user add --login L --password P --role admin|manager|sales");
		int64_t id;
		if (user_create(db, login, cli_opt(c, "name"), cli_opt(c, "email"), role, pw, &id, &e) != 0)
			return cli_fail("%s%s%s", e.field[0] ? e.field : "", e.field[0] ? ": " : "", e.msg);
		const char *team = cli_opt(c, "team");
		if (team) {
			int64_t tid;
			if (team_find_by_name(db, team, &tid) != 0)
				return cli_fail("user created, but there is no team named '%s'", team);
			if (team_add_member(db, tid, id, 30, false, &e) != 0)
				return cli_fail("cannot add to team: %s", e.msg);
		}
		audit_log(db, 0, login, "cli", "user.created", role);
		printf("user %s created (id %lld, role %s)\n", login, (long long)id, role);
		return 0;
	}
	if (strcmp(sub, "passwd") == 0) {
		struct user u;
		if (find_user(c, db, &u))
			return 1;
		const char *pw = password_arg(c, pwbuf, sizeof pwbuf);
		if (!pw)
			return cli_fail("--password is required (use - to read it from stdin)");
		if (user_set_password(db, u.id, pw, &e) != 0)
			return cli_fail("%s", e.msg[0] ? e.msg : "cannot change the password");
		session_destroy_user(db, u.id, NULL);
		audit_log(db, u.id, u.login, "cli", "password.changed", "by administrator");
		printf("password of %s changed; their sessions were closed\n", u.login);
		return 0;
	}
	if (strcmp(sub, "disable") == 0 || strcmp(sub, "enable") == 0) {
		struct user u;
		if (find_user(c, db, &u))
			return 1;
		bool on = strcmp(sub, "enable") == 0;
		if (user_set_active(db, u.id, on) != 0)
			return cli_fail("cannot update the user");
		if (!on)
			session_destroy_user(db, u.id, NULL);
		audit_log(db, u.id, u.login, "cli", on ? "user.enabled" : "user.disabled", "");
		printf("user %s %s\n", u.login, on ? "enabled" : "disabled");
		return 0;
	}
	if (strcmp(sub, "list") == 0) {
		struct db_rows r;
		if (user_list(db, &c->a, &r) != 0)
			return cli_fail("cannot list users");
		for (size_t i = 0; i < r.nrows; i++)
			printf("%-5s %-24s %-8s %s%s\n", db_getn(&r, i, "id"), db_getn(&r, i, "login"),
			       db_getn(&r, i, "role"), db_getn(&r, i, "name"),
			       db_getn_i64(&r, i, "active") ? "" : " (disabled)");
		return 0;
	}
	return cli_fail("unknown user subcommand '%s'", sub);
}
