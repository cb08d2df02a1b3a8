/* session.h - staff sessions stored in the database (table session).
 *
 * The cookie carries 256 random bits; the table stores only their BLAKE2b
 * hash. Sessions end after 8 h idle or 7 days in all (configurable), at
 * logout, and when the password changes. Each session has its CSRF token. */
#ifndef PISTE_SESSION_H
#define PISTE_SESSION_H

#include <stdint.h>

#include "web/ctx.h"

#define SESSION_COOKIE "piste_sid"

/* New session for user_id: cookie value in token (64 bytes), CSRF token in
 * csrf (48 bytes). */
int session_create(struct db *db, int64_t user_id, const char *ip, const char *ua,
		   char token[64], char csrf[48]);
/* Look up a live session by cookie value; fills user and session (strings in
 * a). ERR_AUTH when missing or expired (the row is deleted). */
int session_load(struct db *db, struct arena *a, const char *token, struct user *u,
		 struct session *s, long idle_s, long absolute_s);
int session_destroy(struct db *db, const char *token);
/* All sessions of a user except the one whose hash is keep_hash (or all). */
int session_destroy_user(struct db *db, int64_t user_id, const char *keep_hash);
/* Remove expired rows (periodic job). */
int session_purge(struct db *db, long idle_s, long absolute_s);

#endif
