#include "web/auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/config.h"
#include "core/crypt.h"
#include "core/log.h"
#include "core/str.h"
#include "crm/audit.h"
#include "db/db.h"
#include "web/request.h"
#include "web/response.h"

void auth_default_policy(struct auth_policy *p)
{
	p->ip_login_failures = 10;
	p->ip_failures = 30;
	p->device_failures = 10;
	p->window_s = 300;
	p->lock_s = 900;
}

/* ---- device cookies ------------------------------------------------------ */

static void device_message(char *m, size_t n, int64_t t, const char *nonce, const char *login)
{
	snprintf(m, n, "device|%lld|%s|%s", (long long)t, nonce, login);
}

void auth_device_make(const char *secret, const char *login, int64_t now, char out[200])
{
	char nonce[AUTH_DEVICE_NONCE], m[256], sig[48];
	crypt_token(nonce, sizeof nonce, 16); /* 128 bits, 22 characters */
	device_message(m, sizeof m, now, nonce, login);
	crypt_sign(secret, m, sig);
	snprintf(out, 200, "%lld.%s.%s.%s", (long long)now, nonce, sig, login);
}

bool auth_device_check(const char *secret, const char *cookie, const char *login, int64_t now,
		       char nonce[AUTH_DEVICE_NONCE])
{
	if (!secret || !*secret || !cookie || !login || strlen(cookie) >= 200)
		return false;
	/* The login comes last: it may itself contain dots. */
	const char *d1 = strchr(cookie, '.');
	const char *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
	const char *d3 = d2 ? strchr(d2 + 1, '.') : NULL;
	if (!d3 || d1 == cookie || d1 - cookie > 20 || d2 - d1 - 1 != 22 || d3 - d2 - 1 > 47)
		return false;
	char ts[24], n[AUTH_DEVICE_NONCE], sig[48];
	snprintf(ts, sizeof ts, "%.*s", (int)(d1 - cookie), cookie);
	snprintf(n, sizeof n, "%.*s", (int)(d2 - d1 - 1), d1 + 1);
	snprintf(sig, sizeof sig, "%.*s", (int)(d3 - d2 - 1), d2 + 1);
	const char *who = d3 + 1;
	int64_t t;
	if (!str_to_i64(ts, &t) || strcasecmp(who, login) != 0)
		return false;
	char m[256];
	device_message(m, sizeof m, t, n, who);
	if (!crypt_sign_verify(secret, m, sig))
		return false;
	if (now - t > (int64_t)AUTH_DEVICE_DAYS * 86400 || t - now > 60)
		return false;
	memcpy(nonce, n, sizeof n);
	return true;
}

const char *auth_device_of(struct ctx *c, const char *login)
{
	char nonce[AUTH_DEVICE_NONCE];
	if (!login || !auth_device_check(c->secret, req_cookie(c, AUTH_DEVICE_COOKIE), login,
					 (int64_t)time(NULL), nonce))
		return NULL;
	return arena_strdup(c->a, nonce);
}

void auth_device_issue(struct ctx *c, const char *login)
{
	char v[200], line[320];
	auth_device_make(c->secret, login, (int64_t)time(NULL), v);
	/* Not http_cookie: this one is scoped to the staff pages and never
	 * sent along with a cross-site request. */
	snprintf(line, sizeof line, "%s=%s; Path=/crm; Max-Age=%ld; HttpOnly; SameSite=Strict%s",
		 AUTH_DEVICE_COOKIE, v, (long)AUTH_DEVICE_DAYS * 86400,
		 (c->req.https || config_bool(c->cfg, "https")) ? "; Secure" : "");
	http_header(c, "Set-Cookie", line);
}

/* ---- throttling ---------------------------------------------------------- */

/* Seconds the key stays locked (0: not locked), or a negative error. */
static int64_t locked_for(struct db *db, const char *kind, const char *key)
{
	int64_t secs = 0;
	int rc = db_int(db, &secs, 0,
			"SELECT GREATEST(0, TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), until)) FROM login_lock "
			"WHERE kind = ? AND k = ? AND until > UTC_TIMESTAMP()",
			"ss", kind, key);
	return rc < 0 ? rc : secs;
}

static void lock(struct db *db, const struct auth_policy *p, const char *kind, const char *key)
{
	if (db_exec(db,
		    "INSERT INTO login_lock (kind, k, until) VALUES (?, ?, UTC_TIMESTAMP() + INTERVAL ? "
		    "SECOND) ON DUPLICATE KEY UPDATE until = VALUES(until)",
		    "ssi", kind, key, (int64_t)p->lock_s) < 0)
		log_warnx("login throttle: locking %s: %s", kind, db_error(db));
}

static void ip_login_key(char *k, size_t n, const char *ip, const char *login)
{
	snprintf(k, n, "%s %.64s", ip, login);
}

/* A trusted attempt counts against its device cookie only; an untrusted one
 * against its address and its (address, login) pair, never against the
 * login alone. The attempt is refused whatever happens here: a statement
 * that fails costs at most one uncounted attempt, so it is logged for the
 * operator and the caller still answers "wrong password". */
static void record_failure(struct db *db, const struct auth_policy *p, const char *login,
			   const char *ip, const char *device)
{
	if (db_exec(db,
		    "INSERT INTO login_failure (login, ip, device, at) VALUES (LEFT(?, 64), ?, ?, "
		    "UTC_TIMESTAMP())",
		    "sss", login, ip, device) < 0)
		log_warnx("login throttle: recording a failure: %s", db_error(db));
	int64_t n = 0;
	if (device) {
		if (db_int(db, &n, 0,
			   "SELECT COUNT(*) FROM login_failure WHERE device = ? AND at > "
			   "UTC_TIMESTAMP() - INTERVAL ? SECOND",
			   "si", device, (int64_t)p->window_s) < 0)
			log_warnx("login throttle: counting failures: %s", db_error(db));
		if (n >= p->device_failures) {
			lock(db, p, "device", device);
			audit_log(db, 0, login, ip, "login.locked_device",
				  "too many failures from this trusted browser");
		}
		return;
	}
	if (db_int(db, &n, 0,
		   "SELECT COUNT(*) FROM login_failure WHERE ip = ? AND login = LEFT(?, 64) AND device IS "
		   "NULL AND at > UTC_TIMESTAMP() - INTERVAL ? SECOND",
		   "ssi", ip, login, (int64_t)p->window_s) < 0)
		log_warnx("login throttle: counting failures: %s", db_error(db));
	if (n >= p->ip_login_failures) {
		char k[160];
		ip_login_key(k, sizeof k, ip, login);
		lock(db, p, "ip_login", k);
		audit_log(db, 0, login, ip, "login.locked",
			  "too many failures for this login from this address");
	}
	if (db_int(db, &n, 0,
		   "SELECT COUNT(*) FROM login_failure WHERE ip = ? AND device IS NULL AND at > "
		   "UTC_TIMESTAMP() - INTERVAL ? SECOND",
		   "si", ip, (int64_t)p->window_s) < 0)
		log_warnx("login throttle: counting failures: %s", db_error(db));
	if (n >= p->ip_failures) {
		lock(db, p, "ip", ip);
		audit_log(db, 0, login, ip, "login.locked_ip", "too many failures from this address");
	}
}

int auth_login(struct db *db, struct arena *a, const struct auth_policy *p, const char *login,
	       const char *password, const char *ip, const char *device, struct user *u,
	       int64_t *retry_after)
{
	*retry_after = 0;
	if (!ip)
		ip = "";
	if (!login)
		login = "";
	if (!password)
		password = "";
	int64_t l = 0;
	if (device) {
		l = locked_for(db, "device", device);
	} else {
		char k[160];
		ip_login_key(k, sizeof k, ip, login);
		l = locked_for(db, "ip_login", k);
		int64_t l2 = l < 0 ? 0 : locked_for(db, "ip", ip);
		if (l >= 0 && (l2 < 0 || l2 > l))
			l = l2;
	}
	if (l < 0)
		return (int)l;
	if (l) {
		*retry_after = l;
		/* Burn the same time as a real attempt: the answer time says
		 * nothing about the password. */
		crypt_password_burn(password);
		log_info("login refused (locked) login=%s ip=%s%s", login, ip,
			 device ? " (trusted browser)" : "");
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
		record_failure(db, p, login, ip, device);
		audit_log(db, 0, login, ip, "login.failed", device ? "trusted browser" : "");
		return ERR_AUTH;
	}
	/* Only this client's own count starts again: a success elsewhere must
	 * not reset an attacker's budget, nor one on the attacker's own
	 * account the count of their address. */
	int64_t r = device ? db_exec(db, "DELETE FROM login_failure WHERE device = ?", "s", device)
			   : db_exec(db, "DELETE FROM login_failure WHERE ip = ? AND login = ? AND device IS NULL",
				     "ss", ip, login);
	/* The password was right: a count left behind runs out with its
	 * window; at worst this client is locked out a little sooner. */
	if (r < 0)
		log_warnx("login throttle: resetting the count: %s", db_error(db));
	audit_log(db, u->id, login, ip, "login.ok", "");
	return 0;
}
