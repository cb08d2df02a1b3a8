/* follower.h - who follows a record, and their in-app notifications (SPEC
 * P13). Owns tables follower and notification. Delivery by e-mail reads the
 * notification rows (emailed_at) and belongs to the mail module. */
#ifndef PISTE_FOLLOWER_H
#define PISTE_FOLLOWER_H

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

#endif
