#include "web/auth.h"

#include <stdio.h>
#include <string.h>

#include "core/crypt.h"
#include "core/log.h"
#include "crm/audit.h"
#include "db/db.h"

void auth_default_policy(struct auth_policy *p)
{
	p->login_failures = 10;
	p->ip_failures = 30;
	p->window_s = 300;
	p->lock_s = 900;
}

static int64_t locked_for(struct db *db, const char *kind, const char *key)
{
	int64_t secs = 0;
	db_int(db, &secs, 0,
	       "SELECT GREATEST(0, TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), until)) FROM login_lock "
	       "WHERE kind = ? AND k = ? AND until > UTC_TIMESTAMP()",
	       "ss", kind, key);
	return secs;
}

static void record_failure(struct db *db, const struct auth_policy *p, const char *login,
			   const char *ip)
{
	db_exec(db, "INSERT INTO login_failure (login, ip, at) VALUES (LEFT(?, 64), ?, UTC_TIMESTAMP())",
		"ss", login, ip);
	int64_t n = 0;
	db_int(db, &n, 0,
	       "SELECT COUNT(*) FROM login_failure WHERE login = LEFT(?, 64) AND at > "
	       "UTC_TIMESTAMP() - INTERVAL ? SECOND",
	       "si", login, (int64_t)p->window_s);
	if (n >= p->login_failures) {
		db_exec(db,
			"INSERT INTO login_lock (kind, k, until) VALUES ('login', LEFT(?, 64), "
			"UTC_TIMESTAMP() + INTERVAL ? SECOND) ON DUPLICATE KEY UPDATE until = VALUES(until)",
			"si", login, (int64_t)p->lock_s);
		audit_log(db, 0, login, ip, "login.locked", "too many failures for this login");
	}
	db_int(db, &n, 0,
	       "SELECT COUNT(*) FROM login_failure WHERE ip = ? AND at > UTC_TIMESTAMP() - INTERVAL ? SECOND",
	       "si", ip, (int64_t)p->window_s);
	if (n >= p->ip_failures) {
		db_exec(db,
			"INSERT INTO login_lock (kind, k, until) VALUES ('ip', ?, "
			"UTC_TIMESTAMP() + INTERVAL ? SECOND) ON DUPLICATE KEY UPDATE until = VALUES(until)",
			"si", ip, (int64_t)p->lock_s);
		audit_log(db, 0, login, ip, "login.locked_ip", "too many failures from this address");
	}
}

int auth_login(struct db *db, struct arena *a, const struct auth_policy *p, const char *login,
	       const char *password, const char *ip, struct user *u, int64_t *retry_after)
{
	*retry_after = 0;
	if (!ip)
		ip = "";
	if (!login)
		login = "";
	if (!password)
		password = "";
	int64_t l1 = locked_for(db, "login", login), l2 = locked_for(db, "ip", ip);
	if (l1 || l2) {
		*retry_after = l1 > l2 ? l1 : l2;
		/* Burn the same time as a real attempt: the answer time says
		 * nothing about the password. */
		crypt_password_burn(password);
		log_info("login refused (locked) login=%s ip=%s", login, ip);
		return ERR_LOCKED;
	}
	const char *hash = NULL;
	int rc = user_by_login(db, a, login, u, &hash);
	if (rc != 0 && rc != ERR_NOTFOUND)
		return rc;
	bool ok;
	if (rc == ERR_NOTFOUND) {
		crypt_password_burn(password);
		ok = false;
	} else {
		ok = crypt_password_verify(hash, password) && u->active;
	}
	if (!ok) {
		record_failure(db, p, login, ip);
		audit_log(db, 0, login, ip, "login.failed", "");
		return ERR_AUTH;
	}
	db_exec(db, "DELETE FROM login_failure WHERE login = ?", "s", login);
	audit_log(db, u->id, login, ip, "login.ok", "");
	return 0;
}
