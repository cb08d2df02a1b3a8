/* piste apikey create|revoke */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/err.h"
#include "crm/apikey.h"
#include "crm/audit.h"
#include "crm/user.h"
#include "db/db.h"

int cmd_apikey(struct cli *c)
{
	if (c->argc < 1)
		return cli_fail("usage: piste apikey create|revoke --login L");
	struct db *db = cli_db(c);
	if (!db)
		return 75;
	const char *login = cli_opt(c, "login");
	if (!login)
		return cli_fail("--login is required");
	struct user u;
	if (user_by_login(db, &c->a, login, &u, NULL) != 0)
		return cli_fail("no user with login '%s'", login);
	if (strcmp(c->argv[0], "create") == 0) {
		char key[64];
		int64_t id;
		if (apikey_create(db, u.id, cli_opt(c, "name"), key, &id) != 0)
			return cli_fail("cannot create the key: %s", db_error(db));
		audit_log(db, u.id, u.login, "cli", "apikey.created", "");
		/* Only the key on stdout: scripts capture it with $(...). */
		printf("%s\n", key);
		return 0;
	}
	if (strcmp(c->argv[0], "revoke") == 0) {
		int64_t kid = 0;
		const char *ids = cli_opt(c, "id");
		if (ids)
			kid = strtoll(ids, NULL, 10);
		int n = apikey_revoke(db, u.id, kid);
		if (n < 0)
			return cli_fail("cannot revoke: %s", db_error(db));
		audit_log(db, u.id, u.login, "cli", "apikey.revoked", "");
		printf("%d key(s) revoked\n", n);
		return 0;
	}
	return cli_fail("unknown apikey subcommand '%s'", c->argv[0]);
}
