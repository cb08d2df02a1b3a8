#include "crm/follower.h"

#include "core/buf.h"
#include "core/err.h"
#include "db/db.h"

int follower_add(struct db *db, const char *res_model, int64_t res_id, int64_t user_id)
{
	if (user_id <= 0)
		return 0;
	int64_t r = db_exec(db, "INSERT IGNORE INTO follower (res_model, res_id, user_id) VALUES (?, ?, ?)",
			    "sii", res_model, res_id, user_id);
	return r < 0 ? (int)r : 0;
}

int follower_add_many(struct db *db, const char *res_model, const int64_t *ids, size_t n,
		      int64_t user_id)
{
	if (user_id <= 0 || n == 0)
		return 0;
	struct buf j;
	buf_init(&j);
	buf_addc(&j, '[');
	for (size_t i = 0; i < n; i++)
		buf_printf(&j, "%s%lld", i ? "," : "", (long long)ids[i]);
	buf_addc(&j, ']');
	int64_t r = db_exec(db, "INSERT IGNORE INTO follower (res_model, res_id, user_id) SELECT ?, j.id, ? "
				"FROM JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT PATH '$')) j ORDER BY j.id",
			    "sis", res_model, user_id, j.p);
	buf_free(&j);
	return r < 0 ? (int)r : 0;
}

int follower_remove(struct db *db, const char *res_model, int64_t res_id, int64_t user_id)
{
	int64_t r = db_exec(db, "DELETE FROM follower WHERE res_model = ? AND res_id = ? AND user_id = ?",
			    "sii", res_model, res_id, user_id);
	return r < 0 ? (int)r : 0;
}

int follower_list(struct db *db, struct arena *a, const char *res_model, int64_t res_id,
		  struct db_rows *out)
{
	return db_query(db, a, out,
			"SELECT f.user_id, u.name, u.login FROM follower f JOIN app_user u ON u.id = f.user_id "
			"WHERE f.res_model = ? AND f.res_id = ? ORDER BY u.name",
			"si", res_model, res_id);
}

int notify_user(struct db *db, int64_t user_id, const char *res_model, int64_t res_id,
		const char *event, const char *summary, int64_t message_id)
{
	int64_t r = db_exec(db,
			    "INSERT INTO notification (user_id, message_id, res_model, res_id, event, summary) "
			    "VALUES (?, NULLIF(?, 0), ?, ?, ?, LEFT(?, 512))",
			    "iisiss", user_id, message_id, res_model, res_id, event, summary ? summary : "");
	return r < 0 ? (int)r : 0;
}

int notify_followers(struct db *db, const char *res_model, int64_t res_id, const char *event,
		     const char *summary, int64_t message_id, int64_t except_user)
{
	/* One statement, whatever the number of followers. */
	int64_t r = db_exec(db,
			    "INSERT INTO notification (user_id, message_id, res_model, res_id, event, summary) "
			    "SELECT f.user_id, NULLIF(?, 0), ?, ?, ?, LEFT(?, 512) FROM follower f "
			    "JOIN app_user u ON u.id = f.user_id AND u.active = 1 "
			    "WHERE f.res_model = ? AND f.res_id = ? AND f.user_id <> ?",
			    "isisssii", message_id, res_model, res_id, event, summary ? summary : "",
			    res_model, res_id, except_user);
	return (int)r;
}

int notify_unread(struct db *db, struct arena *a, int64_t user_id, size_t limit,
		  struct db_rows *out)
{
	return db_query(db, a, out,
			"SELECT id, res_model, res_id, event, summary, created_at FROM notification "
			"WHERE user_id = ? AND is_read = 0 ORDER BY id DESC LIMIT ?",
			"ii", user_id, (int64_t)(limit ? limit : 20));
}

int notify_mark_read(struct db *db, int64_t user_id, int64_t id)
{
	int64_t r = db_exec(db, "UPDATE notification SET is_read = 1 WHERE id = ? AND user_id = ?", "ii",
			    id, user_id);
	return r < 0 ? (int)r : (r == 0 ? ERR_NOTFOUND : 0);
}
