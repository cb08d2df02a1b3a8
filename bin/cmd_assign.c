/* piste assign [--team ID|NAME] - rule-based lead assignment now (SPEC S3),
 * for every team that is not opted out, or for one team. Prints the summary
 * ("N leads assigned to M salespersons, K duplicates merged") per team. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/err.h"
#include "core/str.h"
#include "crm/assign.h"
#include "crm/merge.h"
#include "crm/team.h"
#include "db/db.h"

int cmd_assign(struct cli *c)
{
	struct db *db = cli_db(c);
	if (!db)
		return 75;
	struct assign_opts o = {.merge = merge_assign_hook};
	const char *t = cli_opt(c, "team");
	if (t && !str_to_i64(t, &o.team_id) && team_find_by_name(db, t, &o.team_id) != 0)
		return cli_fail("unknown team '%s'", t);
	if (t && o.team_id <= 0)
		return cli_fail("unknown team '%s'", t);
	struct assign_result r;
	struct err_info e = {0};
	int rc = assign_run(db, &o, &r, &e);
	if (rc)
		return cli_fail("assignment failed: %s", e.msg[0] ? e.msg : db_error(db));
	for (size_t i = 0; i < r.nteams; i++) {
		char line[256];
		assign_summary(NULL, r.teams[i].assigned, r.teams[i].salespersons, r.teams[i].merged, line,
			       sizeof line);
		printf("%s: %lld leads allocated; %s%s\n", r.teams[i].name, (long long)r.teams[i].allocated, line,
		       r.teams[i].bad_filter ? " (an assignment filter is invalid: fix it in the settings)" : "");
	}
	printf("%s\n", r.summary);
	return 0;
}
