#include "crm/follower.h"

#include "core/buf.h"
#include "core/err.h"
#include "core/log.h"
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

bool follower_is(struct db *db, const char *res_model, int64_t res_id, int64_t user_id)
{
	int64_t n = 0;
	/* On failure answer "not following": at worst a button shows the
	 * wrong label on a page that the dead server cannot fill anyway. */
	if (db_int(db, &n, 0, "SELECT COUNT(*) FROM follower WHERE res_model = ? AND res_id = ? AND user_id = ?", "sii",
		   res_model, res_id, user_id) < 0)
		log_warnx("follower_is: %s", db_error(db));
	return n > 0;
}

int notify_unread_count(struct db *db, int64_t user_id, int64_t cap, int64_t *n)
{
	return db_int(db, n, 0,
		      "SELECT COUNT(*) FROM (SELECT 1 FROM notification WHERE user_id = ? AND is_read = 0 LIMIT ?) x",
		      "ii", user_id, cap + 1);
}

int notify_list(struct db *db, struct arena *a, int64_t user_id, bool unread_only, size_t limit,
		struct db_rows *out)
{
	return db_query(db, a, out,
			"SELECT n.id, n.event, n.summary, n.created_at, n.is_read, "
			"COALESCE(m.res_model, n.res_model) AS link_model, COALESCE(m.res_id, n.res_id) AS link_id "
			"FROM notification n LEFT JOIN message m ON m.id = n.message_id "
			"WHERE n.user_id = ? AND (? = 0 OR n.is_read = 0) ORDER BY n.id DESC LIMIT ?",
			"iii", user_id, (int64_t)unread_only, (int64_t)(limit ? limit : 50));
}

int notify_open(struct db *db, struct arena *a, int64_t user_id, int64_t id, const char **model,
		int64_t *res_id)
{
	struct db_rows r;
	int rc = db_query1(db, a, &r,
			   "SELECT COALESCE(m.res_model, n.res_model), COALESCE(m.res_id, n.res_id) "
			   "FROM notification n LEFT JOIN message m ON m.id = n.message_id "
			   "WHERE n.id = ? AND n.user_id = ?",
			   "ii", id, user_id);
	if (rc)
		return rc;
	*model = db_get(&r, 0, 0);
	*res_id = db_get_i64(&r, 0, 1);
	rc = notify_mark_read(db, user_id, id);
	return rc == ERR_NOTFOUND ? 0 : rc; /* already read: still opens */
}

int notify_mark_all_read(struct db *db, int64_t user_id)
{
	int64_t r = db_exec(db, "UPDATE notification SET is_read = 1 WHERE user_id = ? AND is_read = 0", "i", user_id);
	return r < 0 ? (int)r : 0;
}

int follower_add_pairs(struct db *db, const char *res_model, const char *pairs)
{
	int64_t r = db_exec(db,
			    "INSERT IGNORE INTO follower (res_model, res_id, user_id) SELECT ?, j.id, j.u "
			    "FROM JSON_TABLE(?, '$[*]' COLUMNS (n FOR ORDINALITY, id BIGINT PATH '$[0]', "
			    "u BIGINT PATH '$[1]')) j ORDER BY j.n",
			    "ss", res_model, pairs);
	return r < 0 ? (int)r : 0;
}
