/* notifications.c - the user's in-app notifications (P9 @mentions, new leads
 * of a followed team, e-mails received, stage changes, activities, signed or
 * declined quotations): /crm/notifications, the header bell, opening one
 * (marks it read and goes to its record), all read; the same over the API.
 * Following a team: /crm/teams/<id>/follow, from the kanban. */
#include "pipeline.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "crm/follower.h"
#include "db/db.h"
#include "web/pages.h"
#include "web/request.h"
#include "web/response.h"
#include "web/view.h"

/* The page of a record a notification points to. */
static const char *record_url(struct ctx *c, const char *model, int64_t id)
{
	if (str_eq(model, "lead"))
		return arena_printf(c->a, "/crm/leads/%lld", (long long)id);
	if (str_eq(model, "quote"))
		return arena_printf(c->a, "/quotes/%lld", (long long)id);
	if (str_eq(model, "partner"))
		return arena_printf(c->a, "/crm/customers/%lld", (long long)id);
	if (str_eq(model, "team"))
		return arena_printf(c->a, "/crm/pipeline?team=%lld", (long long)id);
	return "/crm";
}

int notifications_get(struct ctx *c)
{
	bool all = req_query(c, "all") != NULL;
	struct db_rows r;
	int rc = notify_list(c->db, c->a, c->user->id, !all, 200, &r);
	if (rc)
		return rc;
	struct view *v = c->view;
	for (size_t i = 0; i < r.nrows; i++) {
		for (size_t col = 0; col < r.ncols; col++)
			view_setk(v, db_get(&r, i, col), "Notifs.Items.%zu.%s", i, r.names[col]);
		view_setk(v, pl_datetime(c, db_getn(&r, i, "created_at")), "Notifs.Items.%zu.when", i);
	}
	view_set_int(v, "Notifs.Count", (int64_t)r.nrows);
	if (all)
		view_set(v, "Notifs.All", "1");
	page_nav(c, "notifications", "Pl.Notif.Title");
	return pl_page(c, 200, "pipeline/notifications.cs");
}

int notification_open_post(struct ctx *c)
{
	const char *model;
	int64_t id;
	int rc = notify_open(c->db, c->a, c->user->id, c->req.id[0], &model, &id);
	if (rc)
		return rc; /* another user's notification: 404 */
	return http_redirect(c, record_url(c, model, id));
}

int notifications_read_all_post(struct ctx *c)
{
	int rc = notify_mark_all_read(c->db, c->user->id);
	return rc ? rc : http_redirect(c, "/crm/notifications");
}

int api_notifications(struct ctx *c)
{
	struct db_rows r;
	int rc = notify_list(c->db, c->a, c->user->id, req_bool(c, "unread"), 200, &r);
	if (rc)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < r.nrows; i++)
		json_array_append_new(
			items, json_pack("{s:I, s:s, s:s, s:s, s:b, s:s, s:I}", "id",
					 (json_int_t)db_get_i64(&r, i, 0), "event", db_getn(&r, i, "event"), "summary",
					 db_getn(&r, i, "summary"), "date", db_getn(&r, i, "created_at"), "read",
					 (int)db_getn_i64(&r, i, "is_read"), "res_model", db_getn(&r, i, "link_model"),
					 "res_id", (json_int_t)db_getn_i64(&r, i, "link_id")));
	int64_t unread = 0;
	if ((rc = notify_unread_count(c->db, c->user->id, 1000000, &unread)))
		return rc;
	return http_json(c, 200, json_pack("{s:o, s:I}", "items", items, "unread", (json_int_t)unread));
}

int api_notification_read(struct ctx *c)
{
	int rc = notify_mark_read(c->db, c->user->id, c->req.id[0]);
	if (rc == ERR_NOTFOUND) {
		/* Already read, or not this user's: tell them apart. */
		int64_t mine = 0;
		if ((rc = db_int(c->db, &mine, 0, "SELECT COUNT(*) FROM notification WHERE id = ? AND user_id = ?",
				 "ii", c->req.id[0], c->user->id)))
			return rc;
		if (!mine)
			return err_set(&c->err, ERR_NOTFOUND, "", "NotFound", "no such notification");
	} else if (rc) {
		return rc;
	}
	return http_json(c, 200, json_pack("{s:I, s:b}", "id", (json_int_t)c->req.id[0], "read", 1));
}

/* POST /crm/teams/<id>/follow  follow=1|0: the team's new leads (website,
 * e-mail alias) notify its followers. Any staff member may follow a team. */
int team_follow_post(struct ctx *c)
{
	int64_t team = c->req.id[0], ok = 0;
	int rc = db_int(c->db, &ok, 0, "SELECT COUNT(*) FROM team WHERE id = ? AND active = 1", "i", team);
	if (rc)
		return rc;
	if (!ok)
		return err_set(&c->err, ERR_NOTFOUND, "", "NotFound", "no such team");
	rc = req_bool(c, "follow") ? follower_add(c->db, "team", team, c->user->id)
				   : follower_remove(c->db, "team", team, c->user->id);
	if (rc)
		return rc;
	return http_redirect(c, arena_printf(c->a, "/crm/pipeline?team=%lld", (long long)team));
}
