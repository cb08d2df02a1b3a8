/* settings_stages.c - /crm/settings/stages (managers, P4): create, rename,
 * reorder, won / folded flags, requirements, team, lost reason required. */
#include "pipeline.h"

#include "core/str.h"
#include "crm/stage.h"
#include "db/db.h"
#include "web/pages.h"
#include "web/request.h"
#include "web/response.h"
#include "web/view.h"

static int render(struct ctx *c, int status)
{
	page_nav(c, "settings", "Pl.Stages.Title");
	struct db_rows r;
	int rc = stage_list_all(c->db, c->a, &r);
	if (rc)
		return rc;
	view_set_rows(c->view, "Stages", &r);
	pl_opt_teams(c);
	return pl_page(c, status, "pipeline/settings_stages.cs");
}

int stages_get(struct ctx *c)
{
	return render(c, 200);
}

int stage_input_from_request(struct ctx *c, struct stage_input *in)
{
	struct err_info *e = &c->err;
	int64_t seq = 10;
	int rc;
	if ((rc = req_text(c, "name", &in->name, 128, true, e)) != 0 ||
	    (rc = req_text(c, "requirements", &in->requirements, 1000, false, e)) != 0 ||
	    (rc = req_int(c, "sequence", &seq, 0, 100000, false, NULL, e)) != 0 ||
	    (rc = req_int(c, "team_id", &in->team_id, 0, INT64_MAX, false, NULL, e)) != 0)
		return rc;
	in->sequence = (int)seq;
	in->is_won = req_bool(c, "is_won");
	in->folded = req_bool(c, "folded");
	in->require_lost_reason = req_bool(c, "require_lost_reason");
	return 0;
}

static int save(struct ctx *c, int64_t id)
{
	struct stage_input in = {0};
	int rc = stage_input_from_request(c, &in);
	if (!rc)
		rc = stage_save(c->db, id, &in, NULL, &c->err);
	if (rc == ERR_INVALID) {
		view_set_error(c->view, &c->err);
		view_set_int(c->view, "ErrorId", id);
		return render(c, 422);
	}
	if (rc)
		return rc;
	return http_redirect(c, "/crm/settings/stages");
}

int stage_create_post(struct ctx *c)
{
	return save(c, 0);
}

int stage_save_post(struct ctx *c)
{
	return save(c, c->req.id[0]);
}

int stage_move_post(struct ctx *c)
{
	int rc = stage_move(c->db, c->a, c->req.id[0], str_eq(req_get(c, "dir"), "up") ? -1 : 1);
	if (rc)
		return rc;
	return http_redirect(c, "/crm/settings/stages");
}

int stage_delete_post(struct ctx *c)
{
	int rc = stage_delete(c->db, c->req.id[0], &c->err);
	if (rc == ERR_CONFLICT) {
		view_set_error(c->view, &c->err);
		return render(c, 409);
	}
	if (rc)
		return rc;
	return http_redirect(c, "/crm/settings/stages");
}
