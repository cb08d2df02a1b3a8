/* settings_misc.c - smaller settings pages (managers): lost reasons with
 * their counts (/crm/settings/lost-reasons), activity types
 * (/crm/settings/activity-types), tags (/crm/settings/tags). */
#include "pipeline.h"

#include "core/str.h"
#include "crm/activity.h"
#include "crm/lost_reason.h"
#include "crm/tag.h"
#include "db/db.h"
#include "web/pages.h"
#include "web/request.h"
#include "web/response.h"
#include "web/view.h"

/* ---- lost reasons ---- */

static int reasons_page(struct ctx *c, int status)
{
	page_nav(c, "settings", "Pl.Reasons.Title");
	struct db_rows r;
	int rc = lost_reason_list(c->db, c->a, true, &r);
	if (rc)
		return rc;
	view_set_rows(c->view, "Reasons", &r);
	return pl_page(c, status, "pipeline/settings_reasons.cs");
}

int reasons_get(struct ctx *c)
{
	return reasons_page(c, 200);
}

static int reason_save(struct ctx *c, int64_t id)
{
	const char *name = NULL;
	int rc = req_text(c, "name", &name, 128, true, &c->err);
	bool active = id == 0 || req_bool(c, "active");
	if (!rc)
		rc = lost_reason_save(c->db, id, name, active, NULL, &c->err);
	if (rc == ERR_INVALID) {
		view_set_error(c->view, &c->err);
		return reasons_page(c, 422);
	}
	if (rc)
		return rc;
	return http_redirect(c, "/crm/settings/lost-reasons");
}

int reason_create_post(struct ctx *c)
{
	return reason_save(c, 0);
}

int reason_save_post(struct ctx *c)
{
	return reason_save(c, c->req.id[0]);
}

/* ---- activity types ---- */

static int types_page(struct ctx *c, int status)
{
	page_nav(c, "settings", "Pl.Types.Title");
	struct db_rows r;
	int rc = activity_type_list(c->db, c->a, true, &r);
	if (rc)
		return rc;
	view_set_rows(c->view, "Types", &r);
	return pl_page(c, status, "pipeline/settings_types.cs");
}

int types_get(struct ctx *c)
{
	return types_page(c, 200);
}

static int type_save(struct ctx *c, int64_t id)
{
	struct activity_type_input in = {0};
	struct err_info *e = &c->err;
	int64_t delay = 0, seq = 10;
	int rc;
	if ((rc = req_text(c, "name", &in.name, 64, true, e)) == 0 &&
	    (rc = req_text(c, "summary", &in.summary, 255, false, e)) == 0 &&
	    (rc = req_text(c, "default_note", &in.default_note, 1000, false, e)) == 0 &&
	    (rc = req_int(c, "delay_count", &delay, 0, 3650, false, NULL, e)) == 0 &&
	    (rc = req_int(c, "sequence", &seq, 0, 100000, false, NULL, e)) == 0 &&
	    (rc = req_int(c, "next_type_id", &in.next_type_id, 0, INT64_MAX, false, NULL, e)) == 0) {
		in.delay_count = (int)delay;
		in.sequence = (int)seq;
		in.delay_unit = req_get(c, "delay_unit");
		in.delay_from = req_get(c, "delay_from");
		in.chaining_type = req_get(c, "chaining_type");
		in.active = id == 0 || req_bool(c, "active");
		rc = activity_type_save(c->db, id, &in, NULL, e);
	}
	if (rc == ERR_INVALID) {
		view_set_error(c->view, e);
		return types_page(c, 422);
	}
	if (rc)
		return rc;
	return http_redirect(c, "/crm/settings/activity-types");
}

int type_create_post(struct ctx *c)
{
	return type_save(c, 0);
}

int type_save_post(struct ctx *c)
{
	return type_save(c, c->req.id[0]);
}

/* ---- tags ---- */

static int tags_page(struct ctx *c, int status)
{
	page_nav(c, "settings", "Pl.Tags.Title");
	pl_opt_tags(c);
	return pl_page(c, status, "pipeline/settings_tags.cs");
}

int tags_get(struct ctx *c)
{
	return tags_page(c, 200);
}

int tag_create_post(struct ctx *c)
{
	const char *name = NULL;
	int rc = req_text(c, "name", &name, 64, true, &c->err);
	int64_t id;
	if (!rc && (rc = tag_ensure(c->db, name, &id)) == ERR_INVALID)
		err_set(&c->err, ERR_INVALID, "name", "TooLong", "the tag must have 1 to 64 characters");
	if (rc == ERR_INVALID) {
		view_set_error(c->view, &c->err);
		return tags_page(c, 422);
	}
	if (rc)
		return rc;
	return http_redirect(c, "/crm/settings/tags");
}

int tag_save_post(struct ctx *c)
{
	const char *name = NULL;
	int64_t color = 0;
	int rc = req_text(c, "name", &name, 64, true, &c->err);
	if (!rc)
		rc = req_int(c, "color", &color, 0, 11, false, NULL, &c->err);
	if (!rc)
		rc = tag_update(c->db, c->req.id[0], name, (int)color, &c->err);
	if (rc == ERR_INVALID || (rc == ERR_CONFLICT && c->err.code)) {
		view_set_error(c->view, &c->err);
		return tags_page(c, rc == ERR_CONFLICT ? 409 : 422);
	}
	if (rc)
		return rc;
	return http_redirect(c, "/crm/settings/tags");
}

int tag_delete_post(struct ctx *c)
{
	int rc = tag_delete(c->db, c->req.id[0]);
	if (rc)
		return rc;
	return http_redirect(c, "/crm/settings/tags");
}
