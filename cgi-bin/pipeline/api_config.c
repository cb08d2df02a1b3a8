/* api_config.c - JSON API for the pipeline's configuration: stages, teams
 * (and members), lost reasons, tags. Reading is open to every user;
 * changes are for managers (route flags). */
#include "pipeline.h"

#include <jansson.h>
#include <stdlib.h>

#include "core/str.h"
#include "crm/lost_reason.h"
#include "crm/stage.h"
#include "crm/tag.h"
#include "crm/team.h"
#include "db/db.h"
#include "web/request.h"
#include "web/response.h"

static json_t *jid(const struct db_rows *r, size_t i, const char *col)
{
	const char *v = db_getn(r, i, col);
	return v ? json_integer(atoll(v)) : json_null();
}

static json_t *jstr(const struct db_rows *r, size_t i, const char *col)
{
	const char *v = db_getn(r, i, col);
	return v ? json_string(v) : json_null();
}

static json_t *stage_json(const struct db_rows *r, size_t i)
{
	return json_pack("{s:o, s:o, s:o, s:b, s:b, s:o, s:o, s:b}", "id", jid(r, i, "id"), "name",
			 jstr(r, i, "name"), "sequence", jid(r, i, "sequence"), "is_won",
			 db_getn_i64(r, i, "is_won") != 0, "folded", db_getn_i64(r, i, "folded") != 0, "team_id",
			 jid(r, i, "team_id"), "requirements", jstr(r, i, "requirements"), "require_lost_reason",
			 db_col(r, "require_lost_reason") >= 0 && db_getn_i64(r, i, "require_lost_reason") != 0);
}

int api_stages(struct ctx *c)
{
	int64_t team = 0;
	bool present = false;
	int rc = req_int(c, "team_id", &team, 0, INT64_MAX, false, &present, &c->err);
	if (rc)
		return rc;
	struct db_rows r;
	rc = present ? stage_list_for_team(c->db, c->a, team, &r) : stage_list_all(c->db, c->a, &r);
	if (rc)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < r.nrows; i++)
		json_array_append_new(items, stage_json(&r, i));
	return http_json(c, 200, json_pack("{s:o}", "items", items));
}

static int send_stage(struct ctx *c, int status, int64_t id)
{
	struct db_rows r;
	int rc = stage_get(c->db, c->a, id, &r);
	return rc ? rc : http_json(c, status, stage_json(&r, 0));
}

/* JSON types of the members of a stage and of a team: the booleans of their
 * representation; every other member is one value. */
static const char *const stage_flags[] = {"is_won", "folded", "require_lost_reason", NULL};
static const char *const team_flags[] = {"use_leads", "use_opportunities", "active", NULL};

int api_stage_create(struct ctx *c)
{
	struct stage_input in = {0};
	int64_t id = 0;
	int rc = req_json_types(c, NULL, stage_flags, &c->err);
	if (!rc)
		rc = stage_input_from_request(c, &in);
	if (!rc && !req_has(c, "sequence"))
		in.sequence = 10;
	if (!rc)
		rc = stage_save(c->db, 0, &in, &id, &c->err);
	return rc ? rc : send_stage(c, 201, id);
}

int api_stage_patch(struct ctx *c)
{
	struct db_rows r;
	int rc = stage_get(c->db, c->a, c->req.id[0], &r);
	if (rc || (rc = req_json_types(c, NULL, stage_flags, &c->err)) != 0)
		return rc;
	struct stage_input in = {0};
	in.name = db_getn(&r, 0, "name");
	in.requirements = db_getn(&r, 0, "requirements");
	in.sequence = (int)db_getn_i64(&r, 0, "sequence");
	in.is_won = db_getn_i64(&r, 0, "is_won");
	in.folded = db_getn_i64(&r, 0, "folded");
	in.require_lost_reason = db_getn_i64(&r, 0, "require_lost_reason");
	in.team_id = db_getn_i64(&r, 0, "team_id");
	int64_t v;
	if (req_has(c, "name") && (rc = req_text(c, "name", &in.name, 128, true, &c->err)) != 0)
		return rc;
	if (req_has(c, "requirements") && (rc = req_text(c, "requirements", &in.requirements, 1000, false, &c->err)) != 0)
		return rc;
	if (req_has(c, "sequence")) {
		if ((rc = req_int(c, "sequence", &v, 0, 100000, true, NULL, &c->err)) != 0)
			return rc;
		in.sequence = (int)v;
	}
	if (req_has(c, "team_id") && (rc = req_int(c, "team_id", &in.team_id, 0, INT64_MAX, false, NULL, &c->err)) != 0)
		return rc;
	if ((req_has(c, "is_won") && (rc = req_flag(c, "is_won", &in.is_won, &c->err)) != 0) ||
	    (req_has(c, "folded") && (rc = req_flag(c, "folded", &in.folded, &c->err)) != 0) ||
	    (req_has(c, "require_lost_reason") &&
	     (rc = req_flag(c, "require_lost_reason", &in.require_lost_reason, &c->err)) != 0))
		return rc;
	if ((rc = stage_save(c->db, c->req.id[0], &in, NULL, &c->err)) != 0)
		return rc;
	return send_stage(c, 200, c->req.id[0]);
}

static json_t *team_json(const struct db_rows *r, size_t i)
{
	json_t *o = json_pack("{s:o, s:o, s:o, s:o, s:b, s:b, s:b}", "id", jid(r, i, "id"), "name", jstr(r, i, "name"),
			      "alias", jstr(r, i, "alias"), "leader_id", jid(r, i, "leader_id"), "use_leads",
			      db_getn_i64(r, i, "use_leads") != 0, "use_opportunities",
			      db_getn_i64(r, i, "use_opportunities") != 0, "active", db_getn_i64(r, i, "active") != 0);
	if (db_col(r, "member_count") >= 0)
		json_object_set_new(o, "member_count", jid(r, i, "member_count"));
	return o;
}

int api_teams(struct ctx *c)
{
	struct db_rows r;
	int rc = team_list_full(c->db, c->a, &r);
	if (rc)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < r.nrows; i++)
		json_array_append_new(items, team_json(&r, i));
	return http_json(c, 200, json_pack("{s:o}", "items", items));
}

static int send_team(struct ctx *c, int status, int64_t id)
{
	struct db_rows r;
	int rc = team_get(c->db, c->a, id, &r);
	return rc ? rc : http_json(c, status, team_json(&r, 0));
}

int api_team_create(struct ctx *c)
{
	struct team_input in = {0};
	int rc = req_json_types(c, NULL, team_flags, &c->err);
	if (!rc)
		rc = team_input_from_request(c, &in, NULL);
	if (rc)
		return rc;
	if (!req_has(c, "use_leads"))
		in.use_leads = true;
	if (in.leader_id) {
		int64_t ok = 0;
		if ((rc = db_int(c->db, &ok, 0, "SELECT COUNT(*) FROM app_user WHERE id = ?", "i", in.leader_id)) != 0)
			return rc;
		if (!ok)
			return pl_fail(c, ERR_INVALID, "leader_id", "NotFound", "unknown user");
	}
	int64_t id = 0;
	if ((rc = team_create(c->db, &in, &id, &c->err)) != 0)
		return rc;
	return send_team(c, 201, id);
}

int api_team_patch(struct ctx *c)
{
	struct db_rows r;
	int rc = team_get(c->db, c->a, c->req.id[0], &r);
	if (rc || (rc = req_json_types(c, NULL, team_flags, &c->err)) != 0)
		return rc;
	struct team_input in = {0};
	in.name = db_getn(&r, 0, "name");
	in.alias = db_getn(&r, 0, "alias");
	in.leader_id = db_getn_i64(&r, 0, "leader_id");
	in.use_leads = db_getn_i64(&r, 0, "use_leads");
	in.use_opportunities = db_getn_i64(&r, 0, "use_opportunities");
	bool active = db_getn_i64(&r, 0, "active");
	if (req_has(c, "name") && (rc = req_text(c, "name", &in.name, 128, true, &c->err)) != 0)
		return rc;
	if (req_has(c, "alias") && (rc = req_text(c, "alias", &in.alias, 254, false, &c->err)) != 0)
		return rc;
	if (req_has(c, "leader_id") && (rc = req_int(c, "leader_id", &in.leader_id, 0, INT64_MAX, false, NULL, &c->err)) != 0)
		return rc;
	if ((req_has(c, "use_leads") && (rc = req_flag(c, "use_leads", &in.use_leads, &c->err)) != 0) ||
	    (req_has(c, "use_opportunities") &&
	     (rc = req_flag(c, "use_opportunities", &in.use_opportunities, &c->err)) != 0) ||
	    (req_has(c, "active") && (rc = req_flag(c, "active", &active, &c->err)) != 0))
		return rc;
	if ((rc = team_update(c->db, c->req.id[0], &in, active, &c->err)) != 0)
		return rc;
	return send_team(c, 200, c->req.id[0]);
}

static int send_members(struct ctx *c, int status)
{
	struct db_rows r;
	int rc = team_members(c->db, c->a, c->req.id[0], &r);
	if (rc)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < r.nrows; i++)
		json_array_append_new(
			items, json_pack("{s:o, s:o, s:o, s:o, s:b, s:o, s:b}", "user_id", jid(&r, i, "user_id"), "name",
					 jstr(&r, i, "name"), "login", jstr(&r, i, "login"), "capacity",
					 jid(&r, i, "capacity"), "skip_assignment", db_getn_i64(&r, i, "skip_assignment") != 0,
					 "filter", jstr(&r, i, "assignment_filter"), "is_default",
					 db_getn_i64(&r, i, "is_default") != 0));
	return http_json(c, status, json_pack("{s:I, s:o}", "team_id", (json_int_t)c->req.id[0], "items", items));
}

int api_team_members(struct ctx *c)
{
	struct db_rows r;
	int rc = team_get(c->db, c->a, c->req.id[0], &r);
	return rc ? rc : send_members(c, 200);
}

int api_team_member_post(struct ctx *c)
{
	int64_t user = 0, cap = 30;
	const char *filter = NULL;
	bool skip = false;
	int rc = req_int(c, "user_id", &user, 1, INT64_MAX, true, NULL, &c->err);
	if (!rc)
		rc = req_int(c, "capacity", &cap, 0, 100000, false, NULL, &c->err);
	if (!rc)
		rc = req_text(c, "filter", &filter, 2000, false, &c->err);
	if (!rc)
		rc = req_flag(c, "skip_assignment", &skip, &c->err);
	if (!rc)
		rc = team_join(c->db, c->req.id[0], user, (int)cap, skip, filter, &c->err);
	return rc ? rc : send_members(c, 201);
}

int api_lost_reasons(struct ctx *c)
{
	struct db_rows r;
	int rc = lost_reason_list(c->db, c->a, req_bool(c, "all"), &r);
	if (rc)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < r.nrows; i++)
		json_array_append_new(items, json_pack("{s:o, s:o, s:b, s:o}", "id", jid(&r, i, "id"), "name",
						       jstr(&r, i, "name"), "active", db_getn_i64(&r, i, "active") != 0,
						       "lead_count", jid(&r, i, "lead_count")));
	return http_json(c, 200, json_pack("{s:o}", "items", items));
}

int api_lost_reason_create(struct ctx *c)
{
	const char *name = NULL;
	int64_t id = 0;
	int rc = req_text(c, "name", &name, 128, true, &c->err);
	if (!rc)
		rc = lost_reason_save(c->db, 0, name, true, &id, &c->err);
	if (rc)
		return rc;
	return http_json(c, 201, json_pack("{s:I, s:s, s:b, s:i}", "id", (json_int_t)id, "name", name, "active", 1,
					   "lead_count", 0));
}

int api_tags(struct ctx *c)
{
	struct db_rows r;
	int rc = tag_list(c->db, c->a, &r);
	if (rc)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < r.nrows; i++)
		json_array_append_new(items, json_pack("{s:o, s:o, s:o}", "id", jid(&r, i, "id"), "name",
						       jstr(&r, i, "name"), "color", jid(&r, i, "color")));
	return http_json(c, 200, json_pack("{s:o}", "items", items));
}
