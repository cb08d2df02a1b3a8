#include "web/session.h"

#include <string.h>

#include "core/crypt.h"
#include "core/err.h"
#include "core/log.h"
#include "crm/refcache.h"
#include "db/db.h"

int session_create(struct db *db, int64_t user_id, const char *ip, const char *ua,
		   char token[64], char csrf[48])
{
	char hash[65];
	crypt_token(token, 64, 32);
	crypt_token(csrf, 48, 32);
	crypt_token_hash(token, hash);
	int64_t r = db_exec(db,
			    "INSERT INTO session (id_hash, user_id, csrf, created_at, last_seen, ip, "
			    "user_agent) VALUES (?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP(), ?, LEFT(?, 255))",
			    "sisss", hash, user_id, csrf, ip ? ip : "", ua ? ua : "");
	return r < 0 ? (int)r : 0;
}

int session_load(struct db *db, struct arena *a, const char *token, struct user *u,
		 struct session *s, long idle_s, long absolute_s)
{
	if (!token || strlen(token) < 32 || strlen(token) > 64)
		return ERR_AUTH;
	char hash[65];
	crypt_token_hash(token, hash);
	struct db_rows r;
	int rc = db_query1(db, a, &r,
			   "SELECT u.id, u.login, u.name, u.email, u.role, u.lang, u.tz, u.active, "
			   "s.csrf, "
			   "(s.last_seen < UTC_TIMESTAMP() - INTERVAL ? SECOND "
			   " OR s.created_at < UTC_TIMESTAMP() - INTERVAL ? SECOND) AS expired, "
			   "(s.last_seen < UTC_TIMESTAMP() - INTERVAL 60 SECOND) AS stale, "
			   REFCACHE_REVS_SQL " AS revs "
			   "FROM session s JOIN app_user u ON u.id = s.user_id WHERE s.id_hash = ?",
			   "iis", (int64_t)idle_s, (int64_t)absolute_s, hash);
	if (rc == ERR_NOTFOUND)
		return ERR_AUTH;
	if (rc)
		return rc;
	if (db_getn_i64(&r, 0, "expired") || !db_getn_i64(&r, 0, "active")) {
		/* Refused either way: a row left behind is refused again. */
		if (db_exec(db, "DELETE FROM session WHERE id_hash = ?", "s", hash) < 0)
			log_warnx("session: deleting an expired one: %s", db_error(db));
		return ERR_AUTH;
	}
	/* Touch at most once a minute: a write per page view would cost more
	 * than the page. A touch that fails only brings the idle timeout
	 * closer; the page itself is still served. */
	if (db_getn_i64(&r, 0, "stale") &&
	    db_exec(db, "UPDATE session SET last_seen = UTC_TIMESTAMP() WHERE id_hash = ?", "s", hash) < 0)
		log_warnx("session: touching last_seen: %s", db_error(db));
	user_from_row(u, &r, 0);
	s->csrf = db_getn(&r, 0, "csrf");
	s->id_hash = arena_strdup(a, hash);
	s->via_api_key = false;
	s->revs = db_getn(&r, 0, "revs");
	return 0;
}

int session_destroy(struct db *db, const char *token)
{
	if (!token)
		return 0;
	char hash[65];
	crypt_token_hash(token, hash);
	int64_t r = db_exec(db, "DELETE FROM session WHERE id_hash = ?", "s", hash);
	return r < 0 ? (int)r : 0;
}

int session_destroy_user(struct db *db, int64_t user_id, const char *keep_hash)
{
	int64_t r = db_exec(db, "DELETE FROM session WHERE user_id = ? AND id_hash <> ?", "is",
			    user_id, keep_hash ? keep_hash : "");
	return r < 0 ? (int)r : 0;
}

int session_purge(struct db *db, long idle_s, long absolute_s)
{
	int64_t r = db_exec(db,
			    "DELETE FROM session WHERE last_seen < UTC_TIMESTAMP() - INTERVAL ? SECOND "
			    "OR created_at < UTC_TIMESTAMP() - INTERVAL ? SECOND",
			    "ii", (int64_t)idle_s, (int64_t)absolute_s);
	return r < 0 ? (int)r : (int)r;
}
