/* settings.h - run-time settings users change in the Settings page (table
 * setting, key -> text value), as opposed to the configuration file. Also
 * keeps the server secret used to sign anonymous form tokens, generated on
 * first use and shared by every worker through the database. */
#ifndef PISTE_SETTINGS_H
#define PISTE_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;

/* Value or dflt when unset (dflt may be NULL). */
const char *settings_get(struct db *db, struct arena *a, const char *key, const char *dflt);
int64_t settings_int(struct db *db, const char *key, int64_t dflt);
bool settings_bool(struct db *db, const char *key, bool dflt);
/* Several settings in one query: vals[i] receives the value of keys[i]
 * (arena string) or stays NULL when unset. n <= 32. Returns 0 or an error. */
int settings_get_many(struct db *db, struct arena *a, const char *const *keys, size_t n,
		      const char **vals);
int settings_set(struct db *db, const char *key, const char *value);
int settings_set_int(struct db *db, const char *key, int64_t v);
/* The signing secret (64 base64url chars), created once. out: 96 bytes. */
int settings_secret(struct db *db, char out[96]);

#endif
