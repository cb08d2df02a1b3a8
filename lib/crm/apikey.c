#include "crm/apikey.h"

#include <stdio.h>
#include <string.h>

#include "core/crypt.h"
#include "core/err.h"
#include "crm/refcache.h"
#include "crm/user.h"
#include "db/db.h"

int apikey_create(struct db *db, int64_t user_id, const char *name, char out[64], int64_t *id)
{
	char tok[48], hash[65], prefix[12];
	crypt_token(tok, sizeof tok, 32);
	snprintf(out, 64, "pk_%s", tok);
	crypt_token_hash(out, hash);
	snprintf(prefix, sizeof prefix, "%.10s", out);
	int64_t r = db_exec(db,
			    "INSERT INTO api_key (user_id, prefix, key_hash, name) VALUES (?, ?, ?, ?)",
			    "isss", user_id, prefix, hash, name ? name : "");
	if (r < 0)
		return (int)r;
	if (id)
		*id = db_last_id(db);
	return 0;
}

int apikey_revoke(struct db *db, int64_t user_id, int64_t key_id)
{
	int64_t r;
	if (key_id)
		r = db_exec(db,
			    "UPDATE api_key SET revoked_at = UTC_TIMESTAMP() WHERE id = ? AND user_id = ? "
			    "AND revoked_at IS NULL",
			    "ii", key_id, user_id);
	else
		r = db_exec(db,
			    "UPDATE api_key SET revoked_at = UTC_TIMESTAMP() WHERE user_id = ? "
			    "AND revoked_at IS NULL",
			    "i", user_id);
	return (int)r;
}

int apikey_lookup(struct db *db, struct arena *a, const char *key, struct user *out,
		  const char **revs)
{
	if (!key || strncmp(key, "pk_", 3) != 0 || strlen(key) > 80)
		return ERR_AUTH;
	char hash[65];
	crypt_token_hash(key, hash);
	struct db_rows r;
	/* The lookup is by hash (an index); comparing hashes of a 256-bit
	 * random key leaks nothing useful through timing. */
	int rc = db_query1(db, a, &r,
			   "SELECT u.id, u.login, u.name, u.email, u.role, u.lang, u.tz, u.active, "
			   "k.id AS key_id, " REFCACHE_REVS_SQL " AS revs FROM api_key k JOIN app_user u ON u.id = k.user_id "
			   "WHERE k.key_hash = ? AND k.revoked_at IS NULL AND u.active = 1",
			   "s", hash);
	if (rc == ERR_NOTFOUND)
		return ERR_AUTH;
	if (rc)
		return rc;
	user_from_row(out, &r, 0);
	if (revs)
		*revs = db_getn(&r, 0, "revs");
	return 0;
}
