#include "web/chatter_view.h"

#include <jansson.h>
#include <string.h>

#include "core/fmt.h"
#include "crm/chatter.h"
#include "db/db.h"
#include "web/view.h"

int chatter_view_fill(struct ctx *c, const char *res_model, int64_t res_id, const char *post_url)
{
	struct db_rows r;
	int rc = chatter_list(c->db, c->a, res_model, res_id, 100, 0, &r);
	if (rc)
		return rc;
	struct view *v = c->view;
	view_set(v, "Chatter.Model", res_model);
	view_set_int(v, "Chatter.Id", res_id);
	view_set(v, "Chatter.PostUrl", post_url);
	view_set_int(v, "Chatter.Count", (int64_t)r.nrows);
	const char *tz = c->user && c->user->tz ? c->user->tz : "Europe/Paris";
	for (size_t i = 0; i < r.nrows; i++) {
		view_setk(v, db_getn(&r, i, "id"), "Chatter.Messages.%zu.Id", i);
		view_setk(v, db_getn(&r, i, "kind"), "Chatter.Messages.%zu.Kind", i);
		view_setk(v, db_getn(&r, i, "author"), "Chatter.Messages.%zu.Author", i);
		view_setk(v, db_getn(&r, i, "subject"), "Chatter.Messages.%zu.Subject", i);
		view_setk(v, db_getn(&r, i, "body"), "Chatter.Messages.%zu.Body", i);
		if (db_getn_i64(&r, i, "body_is_html"))
			view_setk(v, "1", "Chatter.Messages.%zu.IsHtml", i);
		if (db_getn_i64(&r, i, "is_public"))
			view_setk(v, "1", "Chatter.Messages.%zu.Public", i);
		view_setk_int(v, db_getn_i64(&r, i, "nattach"), "Chatter.Messages.%zu.Attachments", i);
		char date[64];
		fmt_datetime(c->lang, tz, db_getn(&r, i, "created_at"), date, sizeof date);
		view_setk(v, date, "Chatter.Messages.%zu.Date", i);
		const char *tr = db_getn(&r, i, "tracking");
		if (!tr)
			continue;
		json_t *arr = json_loads(tr, 0, NULL);
		size_t k;
		json_t *o;
		json_array_foreach(arr, k, o) {
			view_setk(v, json_string_value(json_object_get(o, "field")),
				  "Chatter.Messages.%zu.Tracking.%zu.Field", i, k);
			view_setk(v, json_string_value(json_object_get(o, "old")),
				  "Chatter.Messages.%zu.Tracking.%zu.Old", i, k);
			view_setk(v, json_string_value(json_object_get(o, "new")),
				  "Chatter.Messages.%zu.Tracking.%zu.New", i, k);
		}
		json_decref(arr);
	}
	return 0;
}
