/* apikey.h - per-user API keys for /api/v1 (Bearer). Only a BLAKE2b hash of
 * each key is stored; the key itself is shown once, at creation. */
#ifndef PISTE_APIKEY_H
#define PISTE_APIKEY_H

#include <stdint.h>

struct arena;
struct db;
struct user;

/* out receives "pk_" + 43 base64url characters. */
int apikey_create(struct db *db, int64_t user_id, const char *name, char out[64], int64_t *id);
/* Revoke one key by id, or all keys of a user (id 0). Returns the number
 * revoked or a negative error. */
int apikey_revoke(struct db *db, int64_t user_id, int64_t key_id);
/* The active user owning key, or ERR_AUTH. revs (may be NULL): the cache
 * revisions read by the same statement (crm/refcache.h). */
int apikey_lookup(struct db *db, struct arena *a, const char *key, struct user *out,
		  const char **revs);

#endif
