/* piste spool replay|status - the contact-form spool (SPEC I4): submissions
 * written to var/spool/contact while the database was down. The intake
 * workers replay it when they reconnect and `piste cron` every minute; this
 * command does it on demand. Exit 75 when the database is unavailable. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/config.h"
#include "crm/intake.h"
#include "crm/spool.h"
#include "db/db.h"

int cmd_spool(struct cli *c)
{
	if (c->argc < 1 || (strcmp(c->argv[0], "replay") != 0 && strcmp(c->argv[0], "status") != 0))
		return cli_fail("usage: piste spool replay|status");
	char dir[1024];
	intake_spool_dir(c->cfg, dir);
	if (strcmp(c->argv[0], "status") == 0) {
		printf("%d submission(s) waiting in %s\n", spool_count(dir), dir);
		return 0;
	}
	struct db *db = cli_db(c);
	if (!db)
		return 75;
	int done = 0, failed = 0;
	int rc = intake_spool_replay(db, dir, 0, &done, &failed);
	printf("%d replayed, %d set aside, %d waiting\n", done, failed, spool_count(dir));
	return rc == 0 ? 0 : 75;
}
