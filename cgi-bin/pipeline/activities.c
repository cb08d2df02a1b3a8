/* activities.c - activities (P10): "My activities" (/crm/activities,
 * grouped by state in the assignee's time zone), scheduling one on a record
 * (POST /crm/leads/:id/activities), marking one done with feedback (and
 * "done & schedule next"), cancelling one. */
#include "pipeline.h"

#include <string.h>

#include "core/str.h"
#include "crm/activity.h"
#include "crm/lead.h"
#include "db/db.h"
#include "web/pages.h"
#include "web/request.h"
#include "web/response.h"
#include "web/view.h"

int activities_get(struct ctx *c)
{
	struct view *v = c->view;
	page_nav(c, "activities", "Nav.Activities");
	struct db_rows r;
	int rc = activity_list_user(c->db, c->a, c->user->id, 500, &r);
	if (rc)
		return rc;
	const char *groups[] = {"overdue", "today", "planned"};
	size_t counts[3] = {0, 0, 0};
	for (size_t i = 0; i < r.nrows; i++) {
		const char *st = pl_state(db_getn(&r, i, "date_deadline"), db_getn(&r, i, "tz"));
		for (size_t g = 0; g < 3; g++) {
			if (!str_eq(st, groups[g]))
				continue;
			size_t k = counts[g]++;
			for (size_t col = 0; col < r.ncols; col++)
				view_setk(v, db_get(&r, i, col), "Groups.%s.Items.%zu.%s", groups[g], k, r.names[col]);
			view_setk(v, pl_date(c, db_getn(&r, i, "date_deadline")), "Groups.%s.Items.%zu.deadline_fmt",
				  groups[g], k);
		}
	}
	for (size_t g = 0; g < 3; g++)
		view_setk_int(v, (int64_t)counts[g], "Groups.%s.Count", groups[g]);
	view_set_int(v, "Activities.Total", (int64_t)r.nrows);
	return pl_page(c, 200, "pipeline/activities.cs");
}

/* Shared with the API: schedule from the request's fields. */
int activity_from_request(struct ctx *c, int64_t lead_id, int64_t *id)
{
	struct err_info *e = &c->err;
	struct access ac = pl_access(c);
	struct db_rows lead;
	int rc = lead_get(c->db, c->a, &ac, lead_id, &lead);
	if (rc)
		return rc;
	struct activity_input in = {0};
	in.res_model = "lead";
	in.res_id = lead_id;
	const char *type;
	if ((rc = req_value(c, "type", &type, e)) != 0)
		return rc;
	if ((!type || !*type) && (rc = req_value(c, "activity_type_id", &type, e)) != 0)
		return rc;
	if (!type || !*type)
		return err_set(e, ERR_INVALID, "type", "Required", "the activity type is required");
	if (activity_type_resolve(c->db, c->a, type, &in.type_id) != 0)
		return err_set(e, ERR_INVALID, "type", "NotFound", "unknown activity type");
	if ((rc = req_text(c, "summary", &in.summary, ACTIVITY_SUMMARY_MAX, false, e)) != 0 ||
	    (rc = req_text(c, "note", &in.note, ACTIVITY_NOTE_MAX, false, e)) != 0 ||
	    (rc = req_date(c, "date_deadline", &in.date_deadline, false, e)) != 0)
		return rc;
	bool present = false;
	if ((rc = req_int(c, "user_id", &in.user_id, 1, INT64_MAX, false, &present, e)) != 0)
		return rc;
	if (!present)
		in.user_id = c->user->id;
	in.create_uid = c->user->id;
	int64_t prev = 0;
	if ((rc = req_int(c, "previous_type_id", &prev, 0, INT64_MAX, false, NULL, e)) != 0 ||
	    (rc = access_check_ref(c->db, &ac, ACCESS_REF_ACTIVITY_TYPE_ANY, prev, "previous_type_id", e)) != 0)
		return rc;
	in.previous_type_id = prev;
	return activity_schedule(c->db, c->a, &in, id, e);
}

int lead_activity_post(struct ctx *c)
{
	int64_t id;
	int rc = activity_from_request(c, c->req.id[0], &id);
	if (rc == ERR_INVALID) {
		view_set_error(c->view, &c->err);
		view_set(c->view, "Schedule.Open", "1");
		return lead_form_render(c, c->req.id[0], 422);
	}
	if (rc)
		return rc;
	return http_redirect(c, arena_printf(c->a, "/crm/leads/%lld#activities", (long long)c->req.id[0]));
}

int activity_done_post(struct ctx *c)
{
	struct access ac = pl_access(c);
	struct db_rows r;
	int rc = activity_get(c->db, c->a, &ac, c->req.id[0], &r);
	if (rc)
		return rc;
	const char *feedback = NULL;
	if ((rc = req_text(c, "feedback", &feedback, ACTIVITY_NOTE_MAX, false, &c->err)) != 0)
		return rc;
	int64_t next = 0, suggest = 0;
	rc = activity_done(c->db, c->a, &ac, c->req.id[0], c->user->id, feedback, &next, &suggest, &c->err);
	if (rc)
		return rc;
	int64_t lead = db_getn_i64(&r, 0, "res_id");
	if (req_bool(c, "schedule_next") && !next)
		return http_redirect(c, arena_printf(c->a, "/crm/leads/%lld?schedule=1&next_type=%lld#schedule",
						     (long long)lead, (long long)(suggest ? suggest : db_getn_i64(&r, 0, "activity_type_id"))));
	return http_redirect(c, page_safe_next(req_get(c, "next"),
					       arena_printf(c->a, "/crm/leads/%lld#activities", (long long)lead)));
}

int activity_cancel_post(struct ctx *c)
{
	struct access ac = pl_access(c);
	struct db_rows r;
	int rc = activity_get(c->db, c->a, &ac, c->req.id[0], &r);
	if (rc)
		return rc;
	if ((rc = activity_cancel(c->db, c->a, &ac, c->req.id[0])) != 0)
		return rc;
	return http_redirect(c, page_safe_next(req_get(c, "next"),
					       arena_printf(c->a, "/crm/leads/%lld#activities",
							    (long long)db_getn_i64(&r, 0, "res_id"))));
}
