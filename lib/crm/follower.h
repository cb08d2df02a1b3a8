/* follower.h - who follows a record, and their in-app notifications (SPEC
 * P13). Owns tables follower and notification. Delivery by e-mail reads the
 * notification rows (emailed_at) and belongs to the mail module. */
#ifndef PISTE_FOLLOWER_H
#define PISTE_FOLLOWER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct db_rows;

/* Idempotent. */
int follower_add(struct db *db, const char *res_model, int64_t res_id, int64_t user_id);
/* The same follower on n records, in one statement. Idempotent. */
int follower_add_many(struct db *db, const char *res_model, const int64_t *ids, size_t n,
		      int64_t user_id);
/* Followers of several records, one user each, in one statement: pairs is a
 * JSON array of [record id, user id]. Idempotent. */
int follower_add_pairs(struct db *db, const char *res_model, const char *pairs);
int follower_remove(struct db *db, const char *res_model, int64_t res_id, int64_t user_id);
/* user_id, name, login of the followers. */
int follower_list(struct db *db, struct arena *a, const char *res_model, int64_t res_id,
		  struct db_rows *out);
/* One notification for one user. */
int notify_user(struct db *db, int64_t user_id, const char *res_model, int64_t res_id,
		const char *event, const char *summary, int64_t message_id);
/* A notification for every follower of (model, id), except except_user (0:
 * nobody excluded). Returns how many were created, or a negative error. */
int notify_followers(struct db *db, const char *res_model, int64_t res_id, const char *event,
		     const char *summary, int64_t message_id, int64_t except_user);
/* Unread notifications of a user, newest first (id, res_model, res_id, event,
 * summary, created_at). */
int notify_unread(struct db *db, struct arena *a, int64_t user_id, size_t limit,
		  struct db_rows *out);
int notify_mark_read(struct db *db, int64_t user_id, int64_t id);
/* How many unread notifications the user has, counting at most cap (the
 * header badge shows "cap+" beyond: the count stays an index range scan). */
int notify_unread_count(struct db *db, int64_t user_id, int64_t cap, int64_t *n);
/* The user's notifications, newest first, unread only or all (id, event,
 * summary, created_at, is_read, and link_model / link_id: the record to open,
 * the message's record when the notification came with one - a new lead
 * announced to a team's followers opens the lead, not the team). */
int notify_list(struct db *db, struct arena *a, int64_t user_id, bool unread_only, size_t limit,
		struct db_rows *out);
/* The record a notification opens (ERR_NOTFOUND: not the user's). The row is
 * marked read. */
int notify_open(struct db *db, struct arena *a, int64_t user_id, int64_t id, const char **model,
		int64_t *res_id);
int notify_mark_all_read(struct db *db, int64_t user_id);
/* Does the user follow the record? */
bool follower_is(struct db *db, const char *res_model, int64_t res_id, int64_t user_id);

#endif
