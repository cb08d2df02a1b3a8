/* settings_assignment.c - /crm/settings/assignment (managers): manual or
 * repeated assignment and its interval, each team's filter and opt-out, each
 * member's capacity, skip flag and filter (S3), "Assign now" for all teams or
 * one, and the summary of the last run. */
#include "pipeline.h"
#include "intel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "crm/assign.h"
#include "crm/merge.h"
#include "crm/settings.h"
#include "crm/team.h"
#include "db/db.h"
#include "web/pages.h"
#include "web/request.h"
#include "web/response.h"
#include "web/view.h"

static int page(struct ctx *c, int status)
{
	view_lang(c->view, c->lang);
	page_nav(c, "settings", "Intel.Assign.Title");
	view_set(c->view, "Page.Js.0", "/static/js/reports.js");
	view_set(c->view, "Assign.Mode", settings_get(c->db, c->a, "assignment_mode", "manual"));
	view_set(c->view, "Assign.Interval", settings_get(c->db, c->a, "assignment_interval", "1"));
	view_set(c->view, "Assign.Unit", settings_get(c->db, c->a, "assignment_interval_unit", "days"));
	view_set(c->view, "Assign.LastRun", settings_get(c->db, c->a, "assignment_last_run_at", NULL));
	struct db_rows t, m;
	int rc = assign_overview(c->db, c->a, &t, &m);
	if (rc)
		return rc;
	view_set_rows(c->view, "Teams", &t);
	for (size_t i = 0; i < m.nrows; i++) {
		view_set_row(c->view, arena_printf(c->a, "Members.%zu", i), &m, i);
		int64_t cap = db_getn_i64(&m, i, "capacity");
		int64_t quota = (cap * 2 + 30) / 60 - db_getn_i64(&m, i, "day_count");
		int64_t left = cap - db_getn_i64(&m, i, "month_count");
		view_setk_int(c->view, quota < left ? (quota < 0 ? 0 : quota) : (left < 0 ? 0 : left), "Members.%zu.quota", i);
		view_setk_int(c->view, (cap * 2 + 30) / 60, "Members.%zu.daily", i);
	}
	/* The summary of a run (POST-redirect-GET): numbers from the query. */
	int64_t n, mm, k;
	const char *qn = req_query(c, "n"), *qm = req_query(c, "m"), *qk = req_query(c, "k");
	if (qn && qm && qk && str_to_i64(qn, &n) && str_to_i64(qm, &mm) && str_to_i64(qk, &k) && n >= 0 && mm >= 0 && k >= 0) {
		char s[256];
		assign_summary(view_tr(c->view, "Intel.Assign.SummaryFmt"), n, mm, k, s, sizeof s);
		view_set(c->view, "Assign.Summary", s);
	}
	view_set(c->view, "Assign.Saved", req_query(c, "saved"));
	view_set(c->view, "Assign.Busy", req_query(c, "busy"));
	return http_page(c, status, "intel/settings_assignment.cs");
}

int settings_assignment_get(struct ctx *c)
{
	return page(c, 200);
}

int settings_assignment_post(struct ctx *c)
{
	const char *mode, *unit;
	int64_t interval = 1;
	bool present;
	int rc;
	if ((rc = req_text(c, "assignment_mode", &mode, 16, true, &c->err)) ||
	    (rc = req_int(c, "assignment_interval", &interval, 1, 99, true, &present, &c->err)) ||
	    (rc = req_text(c, "assignment_interval_unit", &unit, 16, true, &c->err)) ||
	    (rc = assign_settings_save(c->db, mode, interval, unit, &c->err))) {
		if (rc != ERR_INVALID)
			return rc;
		view_set_error(c->view, &c->err);
		return page(c, 422);
	}
	return http_redirect(c, "/crm/settings/assignment?saved=1");
}

int settings_assignment_run_post(struct ctx *c)
{
	struct assign_opts o = {.author_id = c->user->id, .merge = merge_assign_hook};
	bool present;
	int rc = req_int(c, "team_id", &o.team_id, 0, INT64_MAX, false, &present, &c->err);
	if (rc)
		return rc;
	view_lang(c->view, c->lang);
	o.summary_tmpl = view_tr(c->view, "Intel.Assign.SummaryFmt");
	struct assign_result r;
	rc = assign_run(c->db, &o, &r, &c->err);
	if (rc == ERR_CONFLICT)
		return http_redirect(c, "/crm/settings/assignment?busy=1");
	if (rc)
		return rc;
	char loc[160];
	snprintf(loc, sizeof loc, "/crm/settings/assignment?n=%lld&m=%lld&k=%lld", (long long)r.assigned,
		 (long long)r.salespersons, (long long)r.merged);
	return http_redirect(c, loc);
}

/* An invalid filter: the page again, the error next to that team/member. */
static int filter_error(struct ctx *c, const char *where)
{
	view_set(c->view, arena_printf(c->a, "FilterError.%s.Key", where), c->err.key);
	view_set(c->view, arena_printf(c->a, "FilterError.%s.Detail", where), c->err.msg);
	view_set(c->view, arena_printf(c->a, "FilterError.%s.Text", where), req_form(c, "assignment_filter"));
	return page(c, 422);
}

int settings_assignment_team_post(struct ctx *c)
{
	const char *filter;
	int rc = req_text(c, "assignment_filter", &filter, 2000, false, &c->err);
	if (!rc)
		rc = team_set_assignment(c->db, c->req.id[0], filter, req_bool(c, "assignment_optout"), &c->err);
	if (rc == ERR_INVALID) {
		view_lang(c->view, c->lang);
		return filter_error(c, arena_printf(c->a, "t%lld", (long long)c->req.id[0]));
	}
	if (rc)
		return rc;
	return http_redirect(c, "/crm/settings/assignment?saved=1");
}

int settings_assignment_member_post(struct ctx *c)
{
	const char *filter;
	int64_t capacity = 30;
	bool present;
	int rc = req_text(c, "assignment_filter", &filter, 2000, false, &c->err);
	if (!rc)
		rc = req_int(c, "capacity", &capacity, 0, 100000, true, &present, &c->err);
	if (!rc)
		rc = team_member_set_assignment(c->db, c->req.id[0], c->req.id[1], (int)capacity,
						req_bool(c, "skip_assignment"), filter, &c->err);
	if (rc == ERR_INVALID) {
		view_lang(c->view, c->lang);
		return filter_error(c, arena_printf(c->a, "m%lld_%lld", (long long)c->req.id[0], (long long)c->req.id[1]));
	}
	if (rc)
		return rc;
	return http_redirect(c, "/crm/settings/assignment?saved=1");
}
