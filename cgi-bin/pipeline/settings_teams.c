/* settings_teams.c - /crm/settings/teams (managers, P12): teams with their
 * leader, alias, leads / pipeline switches, and members (capacity, skip
 * auto-assignment, default team of a user). */
#include "pipeline.h"

#include "core/str.h"
#include "crm/team.h"
#include "db/db.h"
#include "web/pages.h"
#include "web/request.h"
#include "web/response.h"
#include "web/view.h"

static int list_page(struct ctx *c, int status)
{
	page_nav(c, "settings", "Pl.Teams.Title");
	struct db_rows r;
	int rc = team_list_full(c->db, c->a, &r);
	if (rc)
		return rc;
	view_set_rows(c->view, "Teams", &r);
	pl_opt_users(c);
	return pl_page(c, status, "pipeline/settings_teams.cs");
}

int teams_get(struct ctx *c)
{
	return list_page(c, 200);
}

int team_input_from_request(struct ctx *c, struct team_input *in, bool *active)
{
	struct err_info *e = &c->err;
	int rc;
	if ((rc = req_text(c, "name", &in->name, 128, true, e)) != 0 ||
	    (rc = req_text(c, "alias", &in->alias, 254, false, e)) != 0 ||
	    (rc = req_int(c, "leader_id", &in->leader_id, 0, INT64_MAX, false, NULL, e)) != 0)
		return rc;
	in->use_leads = req_bool(c, "use_leads");
	in->use_opportunities = req_has(c, "use_opportunities") ? req_bool(c, "use_opportunities") : true;
	if (active)
		*active = req_has(c, "active") ? req_bool(c, "active") : true;
	return 0;
}

int team_create_post(struct ctx *c)
{
	struct team_input in = {0};
	int64_t id = 0;
	int rc = team_input_from_request(c, &in, NULL);
	if (!rc && in.leader_id) {
		int64_t ok = 0;
		rc = db_int(c->db, &ok, 0, "SELECT COUNT(*) FROM app_user WHERE id = ?", "i", in.leader_id);
		if (!rc && !ok)
			rc = err_set(&c->err, ERR_INVALID, "leader_id", "NotFound", "unknown user");
	}
	if (!rc)
		rc = team_create(c->db, &in, &id, &c->err);
	if (rc == ERR_INVALID || rc == ERR_CONFLICT) {
		view_set_error(c->view, &c->err);
		return list_page(c, rc == ERR_CONFLICT ? 409 : 422);
	}
	if (rc)
		return rc;
	return http_redirect(c, arena_printf(c->a, "/crm/settings/teams/%lld", (long long)id));
}

static int team_page(struct ctx *c, int status)
{
	struct db_rows r, m;
	int rc = team_get(c->db, c->a, c->req.id[0], &r);
	if (rc)
		return rc;
	if ((rc = team_members(c->db, c->a, c->req.id[0], &m)) != 0)
		return rc;
	page_nav(c, "settings", NULL);
	view_set(c->view, "Page.Title", db_getn(&r, 0, "name"));
	view_set_row(c->view, "Team", &r, 0);
	view_set_rows(c->view, "Members", &m);
	pl_opt_users(c);
	return pl_page(c, status, "pipeline/settings_team.cs");
}

int team_get_page(struct ctx *c)
{
	return team_page(c, 200);
}

int team_save_post(struct ctx *c)
{
	struct team_input in = {0};
	bool active = true;
	int rc = team_input_from_request(c, &in, &active);
	if (!rc)
		rc = team_update(c->db, c->req.id[0], &in, active, &c->err);
	if (rc == ERR_INVALID || (rc == ERR_CONFLICT && c->err.code)) {
		view_set_error(c->view, &c->err);
		return team_page(c, rc == ERR_CONFLICT ? 409 : 422);
	}
	if (rc)
		return rc;
	return http_redirect(c, arena_printf(c->a, "/crm/settings/teams/%lld", (long long)c->req.id[0]));
}

int team_member_post(struct ctx *c)
{
	int64_t user = 0, cap = 30;
	const char *filter = NULL;
	int rc = req_int(c, "user_id", &user, 1, INT64_MAX, true, NULL, &c->err);
	if (!rc)
		rc = req_int(c, "capacity", &cap, 0, 100000, false, NULL, &c->err);
	if (!rc)
		rc = req_text(c, "filter", &filter, 2000, false, &c->err);
	if (!rc)
		rc = team_join(c->db, c->req.id[0], user, (int)cap, req_bool(c, "skip_assignment"), filter, &c->err);
	if (rc == ERR_INVALID) {
		view_set_error(c->view, &c->err);
		return team_page(c, 422);
	}
	if (rc)
		return rc;
	return http_redirect(c, arena_printf(c->a, "/crm/settings/teams/%lld", (long long)c->req.id[0]));
}

int team_member_remove_post(struct ctx *c)
{
	int rc = team_leave(c->db, c->req.id[0], c->req.id[1]);
	if (rc)
		return rc;
	return http_redirect(c, arena_printf(c->a, "/crm/settings/teams/%lld", (long long)c->req.id[0]));
}

int team_member_default_post(struct ctx *c)
{
	int rc = team_set_default(c->db, c->req.id[1], c->req.id[0], &c->err);
	if (rc)
		return rc;
	return http_redirect(c, arena_printf(c->a, "/crm/settings/teams/%lld", (long long)c->req.id[0]));
}
