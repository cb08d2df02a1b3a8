#include "crm/chatter.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/crypt.h"
#include "core/err.h"
#include "db/db.h"

static bool model_ok(const char *m)
{
	return m && *m && strlen(m) <= 16;
}

int chatter_post(struct db *db, const struct chatter_msg *m, int64_t *id)
{
	if (!model_ok(m->res_model) || m->res_id <= 0)
		return ERR_INVALID;
	if (m->body && strlen(m->body) > CHATTER_BODY_MAX)
		return ERR_TOOBIG;
	char hash[65] = "";
	if (m->message_id && *m->message_id)
		crypt_sha256_hex(m->message_id, strlen(m->message_id), hash);
	int64_t r = db_exec(db,
			    "INSERT INTO message (res_model, res_id, kind, author_id, author_name, "
			    "subject, body, body_is_html, tracking, is_public, message_id, "
			    "message_id_hash, activity_type_id) "
			    "VALUES (?, ?, ?, NULLIF(?, 0), ?, LEFT(?, 998), ?, ?, ?, ?, LEFT(?, 998), ?, NULLIF(?, 0))",
			    "sisisssisissi", m->res_model, m->res_id, m->kind ? m->kind : "note",
			    m->author_id, m->author_name, m->subject, m->body,
			    (int64_t)m->body_is_html, m->tracking, (int64_t)m->is_public,
			    m->message_id, hash[0] ? hash : NULL, m->activity_type_id);
	if (r < 0)
		return (int)r;
	if (id)
		*id = db_last_id(db);
	return 0;
}

char *chatter_tracking_json(struct arena *a, const struct chatter_change *c, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "field", json_string(c[i].field));
		json_object_set_new(o, "old", c[i].old_value ? json_string(c[i].old_value) : json_null());
		json_object_set_new(o, "new", c[i].new_value ? json_string(c[i].new_value) : json_null());
		json_array_append_new(arr, o);
	}
	char *s = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	char *out = arena_strdup(a, s ? s : "[]");
	free(s);
	return out;
}

/* "[1,2,3]" for JSON_TABLE (malloc'd). */
static char *ids_json(const int64_t *ids, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_integer((json_int_t)ids[i]));
	char *s = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	return s;
}

int chatter_track_many(struct db *db, const char *res_model, const int64_t *ids, size_t n,
		       int64_t author_id, const char *subject, const char *tracking)
{
	if (!model_ok(res_model))
		return ERR_INVALID;
	if (n == 0)
		return 0;
	char *j = ids_json(ids, n);
	if (!j)
		return ERR_NOMEM;
	int64_t r = db_exec(db,
			    "INSERT INTO message (res_model, res_id, kind, author_id, subject, tracking) "
			    "SELECT ?, j.id, 'tracking', NULLIF(?, 0), LEFT(?, 998), ? FROM JSON_TABLE(?, '$[*]' "
			    "COLUMNS (id BIGINT PATH '$')) j ORDER BY j.id",
			    "sisss", res_model, author_id, subject, tracking, j);
	free(j);
	return r < 0 ? (int)r : 0;
}

int chatter_track(struct db *db, struct arena *a, const char *res_model, int64_t res_id,
		  int64_t author_id, const char *subject, const struct chatter_change *c, size_t n)
{
	if (n == 0)
		return 0;
	struct chatter_msg m = {0};
	m.res_model = res_model;
	m.res_id = res_id;
	m.kind = "tracking";
	m.author_id = author_id;
	m.subject = subject;
	m.tracking = chatter_tracking_json(a, c, n);
	return chatter_post(db, &m, NULL);
}

int chatter_attach(struct db *db, const char *res_model, int64_t res_id, int64_t message_id,
		   const char *name, const char *mimetype, const void *data, size_t len,
		   int64_t *id)
{
	if (!model_ok(res_model) || res_id <= 0 || !name || !*name)
		return ERR_INVALID;
	char sha[65];
	crypt_sha256_hex(data, len, sha);
	int64_t r = db_exec(db,
			    "INSERT INTO attachment (res_model, res_id, message_id, name, mimetype, size, "
			    "sha256, data) VALUES (?, ?, NULLIF(?, 0), LEFT(?, 255), LEFT(?, 128), ?, ?, ?)",
			    "siissisS", res_model, res_id, message_id, name,
			    mimetype ? mimetype : "application/octet-stream", (int64_t)len, sha,
			    (const char *)data, len);
	if (r < 0)
		return (int)r;
	if (id)
		*id = db_last_id(db);
	return 0;
}

int chatter_list(struct db *db, struct arena *a, const char *res_model, int64_t res_id,
		 size_t limit, int64_t before_id, struct db_rows *out)
{
	if (limit == 0 || limit > 500)
		limit = 50;
	return db_query(db, a, out,
			"SELECT m.id, m.kind, m.author_id, COALESCE(u.name, m.author_name) AS author, "
			"m.subject, m.body, m.body_is_html, m.tracking, m.is_public, m.created_at, "
			"m.activity_type_id, (SELECT COUNT(*) FROM attachment t WHERE t.message_id = m.id) AS nattach "
			"FROM message m LEFT JOIN app_user u ON u.id = m.author_id "
			"WHERE m.res_model = ? AND m.res_id = ? AND (? = 0 OR m.id < ?) "
			"ORDER BY m.id DESC LIMIT ?",
			"siiii", res_model, res_id, before_id, before_id, (int64_t)limit);
}

int chatter_attachments(struct db *db, struct arena *a, const char *res_model, int64_t res_id,
			struct db_rows *out)
{
	return db_query(db, a, out,
			"SELECT id, name, mimetype, size, message_id FROM attachment "
			"WHERE res_model = ? AND res_id = ? ORDER BY id",
			"si", res_model, res_id);
}

int chatter_attachment_get(struct db *db, struct arena *a, const char *res_model, int64_t res_id,
			   int64_t id, struct db_rows *out)
{
	return db_query1(db, a, out,
			 "SELECT name, mimetype, size, data FROM attachment WHERE id = ? AND res_model = ? AND res_id = ?",
			 "isi", id, res_model, res_id);
}

int chatter_find_message_id(struct db *db, struct arena *a, const char *message_id,
			    const char **res_model, int64_t *res_id)
{
	if (!message_id || !*message_id)
		return ERR_NOTFOUND;
	char hash[65];
	crypt_sha256_hex(message_id, strlen(message_id), hash);
	struct db_rows r;
	int rc = db_query1(db, a, &r,
			   "SELECT res_model, res_id FROM message WHERE message_id_hash = ? "
			   "ORDER BY id LIMIT 1",
			   "s", hash);
	if (rc)
		return rc;
	*res_model = db_get(&r, 0, 0);
	*res_id = db_get_i64(&r, 0, 1);
	return 0;
}

int chatter_move_record(struct db *db, const char *res_model, int64_t from_id, int64_t to_id,
			const char *prefix)
{
	int64_t r = db_exec(db,
			    "UPDATE message SET res_id = ?, moved_from_id = ?, "
			    "subject = LEFT(IF(subject IS NULL OR subject = '', ?, CONCAT(?, ' : ', subject)), 998) "
			    "WHERE res_model = ? AND res_id = ?",
			    "iisssi", to_id, from_id, prefix, prefix, res_model, from_id);
	if (r < 0)
		return (int)r;
	r = db_exec(db, "UPDATE attachment SET res_id = ?, moved_from_id = ? WHERE res_model = ? AND res_id = ?",
		    "iisi", to_id, from_id, res_model, from_id);
	return r < 0 ? (int)r : 0;
}

int chatter_unmove_merge(struct db *db, int64_t merge_id)
{
	int64_t r = db_exec(db,
			    "UPDATE message m JOIN lead_merge_move mv ON mv.merge_id = ? AND mv.kind = 'message' "
			    "AND mv.obj_id = m.id SET m.res_id = mv.from_id, m.subject = mv.old_subject, "
			    "m.moved_from_id = mv.old_moved_from",
			    "i", merge_id);
	if (r < 0)
		return (int)r;
	r = db_exec(db,
		    "UPDATE attachment t JOIN lead_merge_move mv ON mv.merge_id = ? AND mv.kind = 'attachment' "
		    "AND mv.obj_id = t.id SET t.res_id = mv.from_id, t.moved_from_id = mv.old_moved_from",
		    "i", merge_id);
	return r < 0 ? (int)r : 0;
}

int chatter_track_pairs(struct db *db, const char *res_model, int64_t author_id, const char *pairs)
{
	int64_t r = db_exec(db,
			    "INSERT INTO message (res_model, res_id, kind, author_id, subject, tracking) "
			    "SELECT ?, j.id, 'tracking', NULLIF(?, 0), NULL, j.t FROM JSON_TABLE(?, '$[*]' "
			    "COLUMNS (n FOR ORDINALITY, id BIGINT PATH '$[0]', t TEXT PATH '$[1]')) j ORDER BY j.n",
			    "sis", res_model, author_id, pairs);
	return r < 0 ? (int)r : 0;
}
