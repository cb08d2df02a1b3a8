#include "crm/settings.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/crypt.h"
#include "core/err.h"
#include "core/str.h"
#include "db/db.h"

const char *settings_get(struct db *db, struct arena *a, const char *key, const char *dflt)
{
	struct db_rows r;
	if (db_query1(db, a, &r, "SELECT v FROM setting WHERE k = ?", "s", key) != 0)
		return dflt;
	return db_get(&r, 0, 0);
}

int64_t settings_int(struct db *db, const char *key, int64_t dflt)
{
	struct arena a;
	arena_init(&a, 1024);
	const char *v = settings_get(db, &a, key, NULL);
	int64_t out = dflt;
	if (v && !str_to_i64(v, &out))
		out = dflt;
	arena_free(&a);
	return out;
}

bool settings_bool(struct db *db, const char *key, bool dflt)
{
	return settings_int(db, key, dflt ? 1 : 0) != 0;
}

int settings_get_many(struct db *db, struct arena *a, const char *const *keys, size_t n,
		      const char **vals)
{
	if (n == 0 || n > 32)
		return ERR_INVALID;
	/* The statement's shape depends only on n (cached per n). */
	char sql[256];
	size_t o = (size_t)snprintf(sql, sizeof sql, "SELECT k, v FROM setting WHERE k IN (?");
	for (size_t i = 1; i < n; i++)
		o += (size_t)snprintf(sql + o, sizeof sql - o, ", ?");
	snprintf(sql + o, sizeof sql - o, ")");
	struct db_param p[32];
	for (size_t i = 0; i < n; i++) {
		p[i] = (struct db_param){.type = 's', .s = keys[i], .len = strlen(keys[i])};
		vals[i] = NULL;
	}
	struct db_rows r;
	int rc = db_queryv(db, a, &r, sql, p, n);
	if (rc)
		return rc;
	for (size_t row = 0; row < r.nrows; row++)
		for (size_t i = 0; i < n; i++)
			if (strcmp(db_get(&r, row, 0), keys[i]) == 0)
				vals[i] = db_get(&r, row, 1);
	return 0;
}

int settings_set(struct db *db, const char *key, const char *value)
{
	int64_t r = db_exec(db, "INSERT INTO setting (k, v) VALUES (?, ?) "
				"ON DUPLICATE KEY UPDATE v = VALUES(v)",
			    "ss", key, value ? value : "");
	return r < 0 ? (int)r : 0;
}

int settings_set_int(struct db *db, const char *key, int64_t v)
{
	char b[32];
	snprintf(b, sizeof b, "%lld", (long long)v);
	return settings_set(db, key, b);
}

int settings_secret(struct db *db, char out[96])
{
	struct arena a;
	arena_init(&a, 1024);
	const char *v = settings_get(db, &a, "secret", NULL);
	int rc = 0;
	if (!v) {
		char fresh[96];
		crypt_token(fresh, sizeof fresh, 48);
		/* INSERT IGNORE: when two workers race, both end up reading the
		 * same stored value. */
		int64_t r = db_exec(db, "INSERT IGNORE INTO setting (k, v) VALUES ('secret', ?)", "s",
				    fresh);
		if (r < 0)
			rc = (int)r;
		else
			v = settings_get(db, &a, "secret", NULL);
	}
	if (rc == 0 && v)
		snprintf(out, 96, "%s", v);
	else if (rc == 0)
		rc = ERR_DB;
	arena_free(&a);
	return rc;
}
