/* api_activities.c - JSON API: /api/v1/activities (state overdue | today |
 * planned in the assignee's time zone), mark done, activity types. */
#include "pipeline.h"

#include <jansson.h>

#include "core/str.h"
#include "crm/activity.h"
#include "db/db.h"
#include "web/request.h"
#include "web/response.h"

int api_activities(struct ctx *c)
{
	int64_t user = c->user->id;
	bool present = false;
	int rc = req_int(c, "user_id", &user, 0, INT64_MAX, false, &present, &c->err);
	if (rc)
		return rc;
	if (!present)
		user = c->user->id;
	/* X1: a salesperson sees their own activities only. */
	if (user != c->user->id && !ctx_is_manager(c))
		return ERR_NOTFOUND;
	const char *state = req_get(c, "state");
	if (state && *state && !str_eq(state, "overdue") && !str_eq(state, "today") && !str_eq(state, "planned"))
		return pl_fail(c, ERR_INVALID, "state", "Unknown", "state must be overdue, today or planned");
	struct db_rows r;
	if ((rc = activity_list_user(c->db, c->a, user, 1000, &r)) != 0)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < r.nrows; i++) {
		json_t *o = api_activity_json(c, &r, i);
		if (state && *state && !str_eq(json_string_value(json_object_get(o, "state")), state)) {
			json_decref(o);
			continue;
		}
		json_array_append_new(items, o);
	}
	return http_json(c, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)json_array_size(items)));
}

int api_activity_done(struct ctx *c)
{
	const char *feedback = NULL;
	int rc = req_text(c, "feedback", &feedback, ACTIVITY_NOTE_MAX, false, &c->err);
	if (rc)
		return rc;
	struct access ac = pl_access(c);
	int64_t next = 0, suggest = 0;
	if ((rc = activity_done(c->db, c->a, &ac, c->req.id[0], c->user->id, feedback, &next, &suggest, &c->err)) != 0)
		return rc;
	json_t *o = json_pack("{s:b}", "done", 1);
	json_object_set_new(o, "next_activity_id", next ? json_integer(next) : json_null());
	json_object_set_new(o, "suggested_type_id", suggest ? json_integer(suggest) : json_null());
	return http_json(c, 200, o);
}

int api_activity_types(struct ctx *c)
{
	struct db_rows r;
	int rc = activity_type_list(c->db, c->a, false, &r);
	if (rc)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < r.nrows; i++) {
		json_t *o = json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:s}", "id", (json_int_t)db_getn_i64(&r, i, "id"),
				      "name", db_getn(&r, i, "name"), "summary", db_getn(&r, i, "summary"),
				      "delay_count", (json_int_t)db_getn_i64(&r, i, "delay_count"), "delay_unit",
				      db_getn(&r, i, "delay_unit"), "delay_from", db_getn(&r, i, "delay_from"),
				      "chaining_type", db_getn(&r, i, "chaining_type"));
		json_object_set_new(o, "code", db_getn(&r, i, "code") ? json_string(db_getn(&r, i, "code")) : json_null());
		json_object_set_new(o, "next_type_id", db_getn(&r, i, "next_type_id")
							       ? json_integer(db_getn_i64(&r, i, "next_type_id"))
							       : json_null());
		json_array_append_new(items, o);
	}
	return http_json(c, 200, json_pack("{s:o}", "items", items));
}
