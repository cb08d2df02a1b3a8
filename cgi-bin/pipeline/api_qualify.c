/* api_qualify.c - JSON API of qualification (X2a): GET
 * /api/v1/leads/:id/similar, POST /api/v1/leads/:id/convert, POST
 * /api/v1/leads/merge, POST /api/v1/leads/:id/unmerge, POST
 * /api/v1/partners/merge. Same lib functions and access rules as the pages. */
#include "pipeline.h"
#include "qualify.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "crm/convert.h"
#include "crm/merge.h"
#include "crm/similar.h"
#include "db/db.h"
#include "web/request.h"
#include "web/response.h"
#include "web/view.h"

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *jint(const char *s)
{
	return s ? json_integer(atoll(s)) : json_null();
}

int api_lead_similar(struct ctx *c)
{
	struct access ac = pl_access(c);
	struct db_rows lead;
	int rc = lead_get(c->db, c->a, &ac, c->req.id[0], &lead);
	if (rc)
		return rc;
	int64_t *ids;
	size_t n;
	if ((rc = similar_of(c->db, c->a, &ac, c->req.id[0], &ids, &n)) != 0)
		return rc;
	struct db_rows r;
	if ((rc = similar_list(c->db, c->a, &ac, 0, ids, n, &r)) != 0)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < r.nrows; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "id", jint(db_getn(&r, i, "id")));
		const char *const text[] = {"name", "type", "contact_name", "partner_name", "phone", "stage_name",
					    "user_name", "expected_revenue"};
		for (size_t k = 0; k < sizeof text / sizeof text[0]; k++)
			json_object_set_new(o, text[k], jstr(db_getn(&r, i, text[k])));
		json_object_set_new(o, "email", jstr(db_getn(&r, i, "email_from")));
		json_object_set_new(o, "stage", jstr(db_getn(&r, i, "stage_name")));
		json_object_set_new(o, "user_id", jint(db_getn(&r, i, "user_id")));
		json_object_set_new(o, "merged_into_id", jint(db_getn(&r, i, "merged_into_id")));
		json_object_set_new(o, "probability", json_real(atof(db_getn(&r, i, "probability"))));
		json_object_set_new(o, "active", json_boolean(db_getn_i64(&r, i, "active")));
		json_object_set_new(o, "is_won", json_boolean(db_getn_i64(&r, i, "is_won")));
		json_object_set_new(o, "is_lost", json_boolean(db_getn_i64(&r, i, "is_lost")));
		json_object_set_new(o, "create_date", jstr(pl_iso(c, db_getn(&r, i, "create_date"))));
		json_array_append_new(items, o);
	}
	/* total: the similar records the viewer may see, like the count on the form. */
	return http_json(c, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)n));
}

/* The API's salesperson / team: present (even null) means set. */
static int api_user_team(struct ctx *c, int64_t *user, bool *set_user, int64_t *team, bool *set_team)
{
	int rc;
	*user = *team = 0;
	*set_user = req_has(c, "user_id") || (c->req.json && json_object_get(c->req.json, "user_id"));
	*set_team = req_has(c, "team_id") || (c->req.json && json_object_get(c->req.json, "team_id"));
	if ((rc = req_int(c, "user_id", user, 0, INT64_MAX, false, NULL, &c->err)) != 0 ||
	    (rc = req_int(c, "team_id", team, 0, INT64_MAX, false, NULL, &c->err)) != 0)
		return rc;
	return qualify_check_user_team(c, *user, *set_user, *team, *set_team);
}

int api_leads_merge(struct ctx *c)
{
	int64_t *ids;
	size_t n;
	int rc = qualify_ids(c, "ids", &ids, &n);
	if (rc)
		return rc;
	struct merge_opts mo = {0};
	qualify_merge_texts(c, &mo);
	if ((rc = api_user_team(c, &mo.user_id, &mo.set_user, &mo.team_id, &mo.set_team)) != 0)
		return rc;
	struct access ac = pl_access(c);
	int64_t master = 0, mid = 0;
	if ((rc = merge_leads(c->db, c->a, &ac, &mo, ids, n, &master, &mid, &c->err)) != 0)
		return rc;
	c->req.id[0] = master;
	return api_send_lead(c, 200, master);
}

int api_lead_unmerge(struct ctx *c)
{
	int64_t mid = 0;
	int rc = req_int(c, "merge_id", &mid, 0, INT64_MAX, false, NULL, &c->err);
	if (rc)
		return rc;
	struct access ac = pl_access(c);
	struct merge_undo_opts o = {c->user->id, view_tr(c->view, "Pl.Merge.UndoneSubject"),
				    view_tr(c->view, "Pl.Merge.KeptEdits"), qualify_field_label, c};
	const char *kept = NULL;
	if ((rc = merge_undo(c->db, c->a, &ac, &o, c->req.id[0], mid, &kept, &c->err)) != 0)
		return rc;
	return api_send_lead(c, 200, c->req.id[0]);
}

int api_lead_convert(struct ctx *c)
{
	struct convert_opts o;
	memset(&o, 0, sizeof o);
	o.author_id = c->user->id;
	const char *action = NULL, *cust = NULL;
	int rc = req_value(c, "action", &action, &c->err);
	if (!rc)
		rc = req_value(c, "customer", &cust, &c->err);
	if (rc)
		return rc;
	if (!str_empty(action) && !str_eq(action, "convert") && !str_eq(action, "merge"))
		return pl_fail(c, ERR_INVALID, "action", "BadAction", "action must be convert or merge");
	o.merge = str_eq(action, "merge");
	struct access ac = pl_access(c);
	/* Defaults of the wizard for what the request leaves out (SPEC P5). */
	struct convert_defaults d;
	if ((rc = convert_defaults(c->db, c->a, &ac, c->req.id[0], &d, &c->err)) != 0)
		return rc;
	if (str_empty(cust)) {
		o.customer = d.customer;
		o.partner_id = d.partner_id;
	} else {
		int cc = convert_customer_parse(cust);
		if (cc < 0 || cc == CONVERT_CUSTOMER_AUTO)
			return pl_fail(c, ERR_INVALID, "customer", "BadCustomer", "customer must be create, link or none");
		o.customer = (enum convert_customer)cc;
		if (o.customer == CONVERT_CUSTOMER_LINK)
			o.partner_id = d.partner_id;
	}
	if (req_has(c, "partner_id") &&
	    (rc = req_int(c, "partner_id", &o.partner_id, 1, INT64_MAX, false, NULL, &c->err)) != 0)
		return rc;
	if ((rc = api_user_team(c, &o.user_id, &o.set_user, &o.team_id, &o.set_team)) != 0)
		return rc;
	int64_t *ids;
	size_t n;
	if ((rc = qualify_ids(c, "merge_ids", &ids, &n)) != 0)
		return rc;
	if (o.merge && n == 0) {
		ids = d.dup_ids; /* default: the duplicates */
		n = d.ndup;
	}
	o.merge_ids = ids;
	o.nmerge = n;
	struct merge_opts mo = {0};
	qualify_merge_texts(c, &mo);
	o.mo = &mo;
	int64_t result = 0;
	if ((rc = lead_convert(c->db, c->a, &ac, &o, c->req.id[0], &result, &c->err)) != 0)
		return rc;
	return api_send_lead(c, 200, result);
}
