#include "crm/audit.h"

#include "core/log.h"
#include "db/db.h"

void audit_log(struct db *db, int64_t user_id, const char *login, const char *ip,
	       const char *action, const char *detail)
{
	int64_t r = db_exec(db,
			    "INSERT INTO audit_log (user_id, login, ip, action, detail) "
			    "VALUES (NULLIF(?, 0), ?, ?, ?, LEFT(?, 1024))",
			    "issss", user_id, login, ip ? ip : "", action, detail ? detail : "");
	if (r < 0)
		log_warnx("audit: cannot record %s for %s", action, login ? login : "-");
	log_info("audit %s login=%s ip=%s %s", action, login ? login : "-", ip ? ip : "-",
		 detail ? detail : "");
}
