/* piste migrate */
#include <stdio.h>

#include "cli.h"
#include "db/migrate.h"

int cmd_migrate(struct cli *c)
{
	char eb[1024] = "";
	if (migrate_run(c->cfg, !cli_flag(c, "quiet"), eb, sizeof eb) != 0)
		return cli_fail("migrate: %s", eb);
	return 0;
}
