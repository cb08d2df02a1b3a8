#include "support/testutil.h"

#include <mysql.h>
#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "core/crypt.h"
#include "db/db.h"
#include "db/migrate.h"

struct config *test_config(void)
{
	char eb[256];
	struct config *c = config_load(eb, sizeof eb);
	if (!c) {
		fprintf(stderr, "config: %s\n", eb);
		exit(2);
	}
	piste_config = c;
	static int init;
	if (!init) {
		crypt_setup();
		init = 1;
	}
	return c;
}

struct db *test_db_fresh(struct config **cfg_out)
{
	struct config *cfg = test_config();
	const char *name = getenv("PISTE_DB_NAME");
	if (!name || !*name) {
		fprintf(stderr, "PISTE_DB_NAME must name a scratch database\n");
		exit(2);
	}
	config_set(cfg, "db.name", name);
	struct db *db;
	db_open(&db, cfg, false);
	if (!db || !db_connected(db)) {
		fprintf(stderr, "MariaDB not reachable (PISTE_DB_SOCKET=%s)\n", config_get(cfg, "db.socket"));
		exit(2);
	}
	char sql[256], eb[512];
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS `%s`", name);
	if (db_script(db, sql, eb, sizeof eb) != 0) {
		fprintf(stderr, "%s\n", eb);
		exit(2);
	}
	db_close(db);
	if (migrate_run(cfg, 0, eb, sizeof eb) != 0) {
		fprintf(stderr, "migrate: %s\n", eb);
		exit(2);
	}
	db_open(&db, cfg, true);
	*cfg_out = cfg;
	return db;
}
