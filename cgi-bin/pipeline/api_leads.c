/* api_leads.c - JSON API for leads (X2a): /api/v1/leads list / create,
 * /api/v1/leads/:id get / patch, won / lost / restore, messages, activities.
 * Same lib functions as the HTML pages, same access rules. */
#include "pipeline.h"

#include "core/money.h"
#include "crm/quote.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "crm/activity.h"
#include "crm/chatter.h"
#include "crm/lead.h"
#include "crm/similar.h"
#include "db/db.h"
#include "web/request.h"
#include "web/response.h"
#include "web/view.h"

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *jid(const struct db_rows *r, size_t i, const char *col)
{
	const char *v = db_getn(r, i, col);
	return v ? json_integer(atoll(v)) : json_null();
}

static json_t *jnum(const struct db_rows *r, size_t i, const char *col)
{
	const char *v = db_getn(r, i, col);
	return v ? json_real(atof(v)) : json_null();
}

static json_t *jbool(const struct db_rows *r, size_t i, const char *col)
{
	return json_boolean(db_getn_i64(r, i, col) != 0);
}

json_t *api_lead_json(struct ctx *c, const struct db_rows *r, size_t i, const struct db_rows *tags)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", jid(r, i, "id"));
	const char *const text[] = {"name", "type", "contact_name", "partner_name", "email_cc", "phone",
				    "mobile", "website", "function", "street", "street2", "zip", "city", "state",
				    "country_code", "lang", "description", "referred", "campaign", "medium",
				    "source", "date_deadline", "origin"};
	for (size_t k = 0; k < sizeof text / sizeof text[0]; k++)
		json_object_set_new(o, text[k], jstr(db_getn(r, i, text[k])));
	json_object_set_new(o, "email", jstr(db_getn(r, i, "email_from")));
	json_object_set_new(o, "active", jbool(r, i, "active"));
	json_t *stage = json_null();
	if (db_getn(r, i, "stage_id"))
		stage = json_pack("{s:o, s:o, s:b}", "id", jid(r, i, "stage_id"), "name",
				  jstr(db_getn(r, i, "stage_name")), "is_won", db_getn_i64(r, i, "stage_is_won") != 0);
	json_object_set_new(o, "stage", stage);
	const char *const ids[] = {"stage_id", "team_id", "user_id", "partner_id", "lost_reason_id", "merged_into_id"};
	for (size_t k = 0; k < sizeof ids / sizeof ids[0]; k++)
		json_object_set_new(o, ids[k], jid(r, i, ids[k]));
	json_object_set_new(o, "team", jstr(db_getn(r, i, "team_name")));
	json_object_set_new(o, "user", jstr(db_getn(r, i, "user_name")));
	json_object_set_new(o, "customer", jstr(db_getn(r, i, "customer_name")));
	json_object_set_new(o, "expected_revenue", jstr(db_getn(r, i, "expected_revenue")));
	json_object_set_new(o, "prorated_revenue", jstr(db_getn(r, i, "prorated_revenue")));
	json_object_set_new(o, "probability", jnum(r, i, "probability"));
	json_object_set_new(o, "automated_probability", jnum(r, i, "automated_probability"));
	json_object_set_new(o, "probability_manual", jbool(r, i, "probability_manual"));
	json_object_set_new(o, "priority", jid(r, i, "priority"));
	json_t *tg = json_array();
	for (size_t k = 0; tags && k < tags->nrows; k++)
		json_array_append_new(tg, json_string(db_get(tags, k, 1)));
	json_object_set_new(o, "tags", tg);
	json_object_set_new(o, "lost_reason", jstr(db_getn(r, i, "lost_reason_name")));
	const char *const dates[] = {"date_open", "date_closed", "date_conversion", "create_date", "write_date",
				     "date_last_stage_update"};
	for (size_t k = 0; k < sizeof dates / sizeof dates[0]; k++)
		json_object_set_new(o, dates[k], jstr(pl_iso(c, db_getn(r, i, dates[k]))));
	json_object_set_new(o, "day_open", jid(r, i, "day_open"));
	json_object_set_new(o, "day_close", jid(r, i, "day_close"));
	json_object_set_new(o, "is_won", jbool(r, i, "is_won"));
	json_object_set_new(o, "is_lost", jbool(r, i, "is_lost"));
	json_object_set_new(o, "activity_date_deadline", jstr(db_getn(r, i, "activity_deadline")));
	json_object_set_new(o, "activity_user_id", jid(r, i, "activity_user_id"));
	/* Filled by the callers that compute them (similar leads, quotations). */
	json_object_set_new(o, "similar_count", json_integer(0));
	json_object_set_new(o, "quote_count", json_integer(0));
	json_object_set_new(o, "order_amount", json_string("0.00"));
	return o;
}

static int send_lead(struct ctx *c, int status, int64_t id)
{
	struct access ac = pl_access(c);
	struct db_rows r, t;
	int rc = lead_get(c->db, c->a, &ac, id, &r);
	if (rc)
		return rc;
	if ((rc = lead_tags(c->db, c->a, id, &t)) != 0)
		return rc;
	json_t *o = api_lead_json(c, &r, 0, &t);
	json_object_set_new(o, "activity_state",
			    json_string(pl_state(db_getn(&r, 0, "activity_deadline"), NULL)));
	/* Quotation figures (Q7) of this record. */
	int64_t quotations = 0, orders = 0, amount = 0;
	if ((rc = quote_lead_summary(c->db, id, &quotations, &orders, &amount)) != 0)
		return rc;
	char dec[32];
	money_to_decimal(amount, dec, sizeof dec);
	json_object_set_new(o, "quote_count", json_integer(quotations));
	json_object_set_new(o, "order_count", json_integer(orders));
	json_object_set_new(o, "order_amount", json_string(dec));
	/* Similar leads (P6). */
	int64_t *sim;
	size_t nsim = 0;
	if ((rc = similar_of_row(c->db, c->a, &ac, &r, 0, &sim, &nsim)) != 0)
		return rc;
	json_object_set_new(o, "similar_count", json_integer((json_int_t)nsim));
	return http_json(c, status, o);
}

int api_leads_list(struct ctx *c)
{
	struct lead_query lq;
	int rc = leads_query_from_request(c, &lq);
	if (rc)
		return rc;
	const char *type = req_get(c, "type");
	if (type && *type) {
		if (!str_eq(type, "lead") && !str_eq(type, "opportunity"))
			return pl_fail(c, ERR_INVALID, "type", "BadType", "type must be lead or opportunity");
		lq.type = type;
	}
	const char *active = req_get(c, "active");
	if (active && (str_eq(active, "0") || str_eq(active, "false")))
		lq.filters |= LF_ARCHIVED;
	struct access ac = pl_access(c);
	struct db_rows r;
	if ((rc = lead_list(c->db, c->a, &ac, &lq, &r)) != 0)
		return rc;
	int64_t total = 0;
	if ((rc = lead_count(c->db, c->a, &ac, &lq, 0, &total)) != 0)
		return rc;
	int64_t *ids = arena_alloc(c->a, (r.nrows + 1) * sizeof *ids);
	for (size_t i = 0; i < r.nrows; i++)
		ids[i] = db_getn_i64(&r, i, "id");
	struct db_rows tags = {0};
	if ((rc = lead_tags_for(c->db, c->a, ids, r.nrows, &tags)) != 0)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < r.nrows; i++) {
		struct db_rows mine = {0};
		/* The tags of this lead (rows are ordered by lead id). */
		size_t from = tags.nrows, n = 0;
		for (size_t k = 0; k < tags.nrows; k++)
			if (db_get_i64(&tags, k, 0) == ids[i]) {
				if (from == tags.nrows)
					from = k;
				n++;
			}
		if (n) {
			mine = tags;
			mine.cells = tags.cells + from * tags.ncols;
			mine.nrows = n;
		}
		json_t *o = api_lead_json(c, &r, i, n ? &mine : NULL);
		/* lead_tags_for's name is column 2, lead_tags' column 1. */
		json_t *tg = json_array();
		for (size_t k = 0; k < n; k++)
			json_array_append_new(tg, json_string(db_get(&mine, k, 2)));
		json_object_set_new(o, "tags", tg);
		json_object_set_new(o, "activity_state",
				    json_string(pl_state(db_getn(&r, i, "activity_deadline"), db_getn(&r, i, "activity_tz"))));
		int64_t *sim;
		size_t nsim = 0;
		if ((rc = similar_of(c->db, c->a, &ac, ids[i], &sim, &nsim)) != 0) {
			json_decref(items);
			json_decref(o);
			return rc;
		}
		json_object_set_new(o, "similar_count", json_integer((json_int_t)nsim));
		json_array_append_new(items, o);
	}
	return http_json(c, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

/* JSON types of a lead's members (the booleans and lists of its
 * representation): checked before anything is read, since the form code
 * shared with the pages reads some fields as they come. */
static const char *const lead_lists[] = {"tags", NULL};
static const char *const lead_flags[] = {"active", "is_won", "is_lost", "probability_manual", "update_customer", NULL};

int api_leads_create(struct ctx *c)
{
	int64_t id = 0;
	int rc = req_json_types(c, lead_lists, lead_flags, &c->err);
	if (!rc)
		rc = lead_create_from_request(c, NULL, &id);
	if (rc)
		return rc;
	return send_lead(c, 201, id);
}

int api_lead_get(struct ctx *c)
{
	return send_lead(c, 200, c->req.id[0]);
}

int api_lead_patch(struct ctx *c)
{
	/* The whole body first, read-only members included: {"stage_id":[3]}
	 * must not move the lead, nor {"stage":{"a":1}} pass unnoticed. */
	int rc = req_json_types(c, lead_lists, lead_flags, &c->err);
	if (rc)
		return rc;
	struct lead_val_list vl;
	if ((rc = lead_vals_from_request(c, &vl)) != 0)
		return rc;
	const char **tags = NULL;
	size_t ntags = 0;
	if ((rc = pl_tags_input(c, "tags", &tags, &ntags)) != 0)
		return rc;
	bool tags_set = req_has(c, "tags") || (c->req.json && json_is_array(json_object_get(c->req.json, "tags")));
	/* Unknown members are refused, so a typo does not silently do nothing. */
	if (c->req.json && json_is_object(c->req.json)) {
		const char *key;
		json_t *val;
		json_object_foreach(c->req.json, key, val) {
			if (!lead_field_known(key) && !str_eq(key, "tags") && !str_eq(key, "update_customer"))
				return pl_fail(c, ERR_INVALID, key, "Unknown", "unknown or read-only field");
		}
	}
	bool update_customer = false;
	if ((rc = req_flag(c, "update_customer", &update_customer, &c->err)) != 0)
		return rc;
	struct lead_update u = {vl.v, vl.n, tags, ntags, tags_set, update_customer};
	struct access ac = pl_access(c);
	rc = lead_update(c->db, c->a, &ac, c->user->id, c->req.id[0], &u, &c->err);
	if (rc)
		return rc;
	return send_lead(c, 200, c->req.id[0]);
}

int api_lead_won(struct ctx *c)
{
	struct access ac = pl_access(c);
	int rc = lead_won(c->db, c->a, &ac, c->user->id, c->req.id[0], view_tr(c->view, "Pl.Chatter.Won"), &c->err);
	return rc ? rc : send_lead(c, 200, c->req.id[0]);
}

int api_lead_lost(struct ctx *c)
{
	int64_t reason = 0;
	const char *note = NULL;
	int rc = req_int(c, "lost_reason_id", &reason, 0, INT64_MAX, false, NULL, &c->err);
	if (!rc)
		rc = req_text(c, "note", &note, LEAD_DESCRIPTION_MAX, false, &c->err);
	struct access ac = pl_access(c);
	if (!rc)
		rc = lead_lost(c->db, c->a, &ac, c->user->id, c->req.id[0], reason, note,
			       view_tr(c->view, "Pl.Chatter.Lost"), &c->err);
	return rc ? rc : send_lead(c, 200, c->req.id[0]);
}

int api_lead_restore(struct ctx *c)
{
	struct access ac = pl_access(c);
	int rc = lead_restore(c->db, c->a, &ac, c->user->id, c->req.id[0], view_tr(c->view, "Pl.Chatter.Restored"), &c->err);
	return rc ? rc : send_lead(c, 200, c->req.id[0]);
}

int api_lead_messages(struct ctx *c)
{
	struct access ac = pl_access(c);
	struct db_rows lead, r;
	int rc = lead_get(c->db, c->a, &ac, c->req.id[0], &lead);
	if (rc)
		return rc;
	int64_t before = 0, limit = 100;
	if ((rc = req_int(c, "before", &before, 0, INT64_MAX, false, NULL, &c->err)) != 0 ||
	    (rc = req_int(c, "limit", &limit, 1, 500, false, NULL, &c->err)) != 0)
		return rc;
	if ((rc = chatter_list(c->db, c->a, "lead", c->req.id[0], (size_t)limit, before, &r)) != 0)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < r.nrows; i++) {
		const char *tr = db_getn(&r, i, "tracking");
		json_t *tracking = tr ? json_loads(tr, 0, NULL) : NULL;
		json_array_append_new(
			items, json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b}", "id", jid(&r, i, "id"),
					 "date", jstr(pl_iso(c, db_getn(&r, i, "created_at"))), "author",
					 jstr(db_getn(&r, i, "author")), "author_id", jid(&r, i, "author_id"), "kind",
					 jstr(db_getn(&r, i, "kind")), "subject", jstr(db_getn(&r, i, "subject")),
					 "body", jstr(db_getn(&r, i, "body")), "tracking",
					 tracking ? tracking : json_array(), "is_html",
					 db_getn_i64(&r, i, "body_is_html") != 0));
		if (db_getn(&r, i, "activity_type_id"))
			json_object_set_new(json_array_get(items, json_array_size(items) - 1), "activity_type_id",
					    jid(&r, i, "activity_type_id"));
	}
	return http_json(c, 200, json_pack("{s:o}", "items", items));
}

int api_lead_message_post(struct ctx *c)
{
	const char *body = NULL;
	int rc = req_text(c, "body", &body, 20000, true, &c->err);
	struct access ac = pl_access(c);
	int64_t mid = 0;
	if (!rc)
		rc = lead_post_note(c->db, c->a, &ac, c->user->id, c->req.id[0], body, &mid, &c->err);
	if (rc)
		return rc;
	return http_json(c, 201, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)mid, "kind", "note", "body", body));
}

json_t *api_activity_json(struct ctx *c, const struct db_rows *r, size_t i)
{
	(void)c;
	json_t *o = json_pack("{s:o, s:o, s:o, s:{s:o, s:o}, s:o, s:o, s:o, s:o, s:o, s:o, s:s}", "id",
			      jid(r, i, "id"), "res_model", jstr(db_getn(r, i, "res_model")), "res_id",
			      jid(r, i, "res_id"), "type", "id", jid(r, i, "activity_type_id"), "name",
			      jstr(db_getn(r, i, "type_name")), "activity_type_id", jid(r, i, "activity_type_id"),
			      "summary", jstr(db_getn(r, i, "summary")), "note", jstr(db_getn(r, i, "note")),
			      "date_deadline", jstr(db_getn(r, i, "date_deadline")), "user_id", jid(r, i, "user_id"),
			      "user", jstr(db_getn(r, i, "user_name")), "state",
			      pl_state(db_getn(r, i, "date_deadline"), db_getn(r, i, "tz")));
	if (db_col(r, "res_name") >= 0)
		json_object_set_new(o, "res_name", jstr(db_getn(r, i, "res_name")));
	return o;
}

int api_lead_activities(struct ctx *c)
{
	struct access ac = pl_access(c);
	struct db_rows lead, r;
	int rc = lead_get(c->db, c->a, &ac, c->req.id[0], &lead);
	if (rc)
		return rc;
	if ((rc = activity_list_record(c->db, c->a, "lead", c->req.id[0], &r)) != 0)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < r.nrows; i++)
		json_array_append_new(items, api_activity_json(c, &r, i));
	return http_json(c, 200, json_pack("{s:o}", "items", items));
}

int api_lead_activity_post(struct ctx *c)
{
	int64_t id = 0;
	int rc = req_json_types(c, NULL, NULL, &c->err); /* "type" is read as it comes */
	if (!rc)
		rc = activity_from_request(c, c->req.id[0], &id);
	if (rc)
		return rc;
	struct access ac = pl_access(c);
	struct db_rows r;
	if ((rc = activity_get(c->db, c->a, &ac, id, &r)) != 0)
		return rc;
	return http_json(c, 201, api_activity_json(c, &r, 0));
}

int api_send_lead(struct ctx *c, int status, int64_t id)
{
	return send_lead(c, status, id);
}
