/* mention.h - @mentions in notes (SPEC P9): "@lucas.bernard" names a user by
 * login; the mentioned user follows the record and gets an in-app
 * notification. */
#ifndef PISTE_MENTION_H
#define PISTE_MENTION_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;

/* Pure: the distinct logins mentioned in text (at most max). A mention is
 * '@' at the start or after a non-word character, followed by [a-z0-9._-]
 * (case-folded); a trailing '.' is punctuation. */
size_t mention_parse(struct arena *a, const char *text, const char **out, size_t max);
/* Notify each mentioned active user (except the author) and make them
 * followers. Returns how many were notified, or a negative error. */
int mention_notify(struct db *db, struct arena *a, const char *text, const char *res_model,
		   int64_t res_id, int64_t author_id, int64_t message_id, const char *summary);

#endif
