/* audit.h - the audit log (SPEC X9): logins, failed logins, lockouts,
 * password and permission changes, API key changes. */
#ifndef PISTE_AUDIT_H
#define PISTE_AUDIT_H

#include <stdint.h>

struct db;

/* user_id 0 = none. Failures to write are logged, never fatal. */
void audit_log(struct db *db, int64_t user_id, const char *login, const char *ip,
	       const char *action, const char *detail);

#endif
