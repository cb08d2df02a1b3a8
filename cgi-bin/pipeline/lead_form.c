/* lead_form.c - the lead / opportunity record (P1): /crm/leads/new,
 * /crm/leads/:id (view and edit in one form), and its actions: stage, won,
 * lost (wizard), restore, notes. */
#include "pipeline.h"
#include "qualify.h"

#include "core/money.h"
#include "crm/quote.h"

#include <string.h>

#include "core/money.h"
#include "core/str.h"
#include "crm/activity.h"
#include "crm/lead.h"
#include "crm/partner.h"
#include "crm/refcache.h"
#include "crm/team.h"
#include "db/db.h"
#include "web/chatter_view.h"
#include "web/pages.h"
#include "web/request.h"
#include "web/response.h"
#include "web/view.h"

static const char *const form_fields[] = {
	"name", "type", "contact_name", "partner_name", "email", "email_cc", "phone", "mobile",
	"website", "function", "street", "street2", "zip", "city", "state", "country_code", "lang",
	"description", "referred", "campaign", "medium", "source", "date_deadline", "partner_id",
	"user_id", "team_id", "stage_id", "expected_revenue", "probability", "priority",
};
#define NFORM (sizeof form_fields / sizeof form_fields[0])

int lead_vals_from_request(struct ctx *c, struct lead_val_list *out)
{
	out->n = 0;
	for (size_t i = 0; i < NFORM; i++) {
		const char *name = form_fields[i];
		if (!req_has(c, name) && str_eq(name, "email") && req_has(c, "email_from"))
			name = "email_from";
		if (!req_has(c, name))
			continue;
		/* One value each: {"stage_id":[3]} is refused, not taken as 3. */
		const char *v;
		int rc = req_value(c, name, &v, &c->err);
		if (rc)
			return rc;
		out->v[out->n++] = (struct lead_val){form_fields[i], v};
	}
	return 0;
}

struct create_arg {
	struct ctx *c;
	struct lead_input *in;
	int64_t id;
	struct err_info *e;
};

static int create_tx(struct db *db, void *arg)
{
	struct create_arg *ca = arg;
	int rc = lead_create(db, ca->c->a, ca->in, &ca->id, ca->e);
	if (rc)
		return rc;
	return lead_after_create(db, ca->c->a, ca->c->user->id, ca->id);
}

int lead_create_from_request(struct ctx *c, const char *type_dflt, int64_t *id)
{
	struct lead_input in;
	lead_input_init(&in);
	struct err_info *e = &c->err;
	int rc;
#define TXT(field, dst, max)                                                   \
	if ((rc = req_text(c, field, &in.dst, max, false, e)) != 0)            \
		return rc;
	TXT("name", name, LEAD_NAME_MAX)
	TXT("contact_name", contact_name, LEAD_TEXT_MAX)
	TXT("partner_name", partner_name, LEAD_TEXT_MAX)
	TXT("email_cc", email_cc, 1000)
	TXT("phone", phone, 64)
	TXT("mobile", mobile, 64)
	TXT("website", website, LEAD_TEXT_MAX)
	TXT("function", function, 128)
	TXT("street", street, LEAD_TEXT_MAX)
	TXT("street2", street2, LEAD_TEXT_MAX)
	TXT("zip", zip, 24)
	TXT("city", city, 128)
	TXT("state", state, 128)
	TXT("country_code", country_code, 2)
	TXT("lang", lang, 8)
	TXT("description", description, LEAD_DESCRIPTION_MAX)
	TXT("referred", referred, LEAD_TEXT_MAX)
	TXT("campaign", campaign, 128)
	TXT("medium", medium, 128)
	TXT("source", source, 128)
	TXT("type", type, 16)
#undef TXT
	if (!in.name)
		return err_set(e, ERR_INVALID, "name", "Required", "the name is required");
	const char *email_field = req_has(c, "email") ? "email" : "email_from";
	if ((rc = req_email(c, email_field, &in.email, false, e)) != 0)
		return rc;
	if ((rc = req_date(c, "date_deadline", &in.date_deadline, false, e)) != 0)
		return rc;
	bool present;
	int64_t v = 0;
	if ((rc = req_int(c, "team_id", &in.team_id, 0, INT64_MAX, false, NULL, e)) != 0 ||
	    (rc = req_int(c, "stage_id", &in.stage_id, 0, INT64_MAX, false, NULL, e)) != 0 ||
	    (rc = req_int(c, "partner_id", &in.partner_id, 0, INT64_MAX, false, NULL, e)) != 0 ||
	    (rc = req_int(c, "user_id", &in.user_id, 0, INT64_MAX, false, &present, e)) != 0)
		return rc;
	if (!present && !req_has(c, "user_id"))
		in.user_id = c->user->id; /* Odoo: the creator is the salesperson */
	if ((rc = req_int(c, "priority", &v, 0, 3, false, NULL, e)) != 0)
		return rc;
	in.priority = (int)v;
	if ((rc = req_money(c, "expected_revenue", &in.expected_revenue, false, NULL, e)) != 0)
		return rc;
	const char *prob;
	if ((rc = req_value(c, "probability", &prob, e)) != 0)
		return rc;
	if (prob && *prob) {
		int64_t e2;
		if (!money_parse(prob, &e2) || e2 < 0 || e2 > 10000)
			return err_set(e, ERR_INVALID, "probability", "OutOfRange", "the probability must be between 0 and 100");
		in.probability_e2 = e2;
	}
	/* Ids named by the request: the pipeline's visibility rules (access.h),
	 * before anything is written. Team and stage are checked by lead_create. */
	struct access ac = pl_access(c);
	if ((rc = access_check_ref(c->db, &ac, ACCESS_REF_PARTNER, in.partner_id, "partner_id", e)) != 0 ||
	    (rc = access_check_ref(c->db, &ac, ACCESS_REF_USER, in.user_id, "user_id", e)) != 0 ||
	    (rc = access_check_ref(c->db, &ac, ACCESS_REF_TEAM, in.team_id, "team_id", e)) != 0 ||
	    (rc = access_check_ref(c->db, &ac, ACCESS_REF_STAGE, in.stage_id, "stage_id", e)) != 0)
		return rc;
	/* X6: with leads off, everything is an opportunity. */
	if (!pl_leads_enabled(c))
		in.type = "opportunity";
	else if (!in.type)
		in.type = type_dflt;
	const char **tags;
	if ((rc = pl_tags_input(c, "tags", &tags, &in.ntags)) != 0)
		return rc;
	in.tags = tags;
	in.create_uid = c->user->id;
	in.origin = c->req.wants_json && str_starts(c->req.path, "/api/") ? "api" : "manual";
	struct create_arg ca = {c, &in, 0, e};
	rc = db_tx(c->db, create_tx, &ca);
	if (rc)
		return rc;
	*id = ca.id;
	return 0;
}

/* ---- the form ---------------------------------------------------------------- */

static void set_money(struct ctx *c, const char *key, const char *decimal)
{
	view_set(c->view, key, pl_money(c, decimal));
}

static void fill_activities(struct ctx *c, int64_t id)
{
	struct db_rows r;
	if (activity_list_record(c->db, c->a, "lead", id, &r) != 0)
		return;
	view_set_rows(c->view, "Activities", &r);
	for (size_t i = 0; i < r.nrows; i++) {
		view_setk(c->view, pl_state(db_getn(&r, i, "date_deadline"), db_getn(&r, i, "tz")),
			  "Activities.%zu.state", i);
		view_setk(c->view, pl_date(c, db_getn(&r, i, "date_deadline")), "Activities.%zu.deadline_fmt", i);
	}
}

static void fill_partners(struct ctx *c, int64_t current)
{
	struct access ac = pl_access(c);
	struct db_rows r;
	if (partner_options(c->db, c->a, &ac, false, 300, &r) == 0)
		view_set_rows(c->view, "Opt.Partners", &r);
	if (current) {
		struct db_rows p;
		if (partner_get(c->db, c->a, current, &p) == 0) {
			view_set(c->view, "Opt.Current.id", db_getn(&p, 0, "id"));
			view_set(c->view, "Opt.Current.name", db_getn(&p, 0, "name"));
		}
	}
}

/* Render the record page; status 422 keeps the submitted values. */
int lead_form_render(struct ctx *c, int64_t id, int status)
{
	struct access ac = pl_access(c);
	struct db_rows r;
	int rc = lead_get(c->db, c->a, &ac, id, &r);
	if (rc)
		return rc;
	struct view *v = c->view;
	view_set_row(v, "Lead", &r, 0);
	bool opp = str_eq(db_getn(&r, 0, "type"), "opportunity");
	page_nav(c, opp ? "pipeline" : "leads", NULL);
	view_set(v, "Page.Title", db_getn(&r, 0, "name"));
	set_money(c, "Lead.revenue_fmt", db_getn(&r, 0, "expected_revenue"));
	set_money(c, "Lead.prorated_fmt", db_getn(&r, 0, "prorated_revenue"));
	view_set(v, "Lead.create_fmt", pl_datetime(c, db_getn(&r, 0, "create_date")));
	view_set(v, "Lead.open_fmt", pl_datetime(c, db_getn(&r, 0, "date_open")));
	view_set(v, "Lead.closed_fmt", pl_datetime(c, db_getn(&r, 0, "date_closed")));
	view_set(v, "Lead.conversion_fmt", pl_datetime(c, db_getn(&r, 0, "date_conversion")));
	view_set(v, "Lead.stage_update_fmt", pl_datetime(c, db_getn(&r, 0, "date_last_stage_update")));
	view_set(v, "Lead.deadline_fmt", pl_date(c, db_getn(&r, 0, "date_deadline")));
	const char *p = db_getn(&r, 0, "probability");
	const char *ap = db_getn(&r, 0, "automated_probability");
	if (db_getn_i64(&r, 0, "probability_manual") && !str_eq(p, ap))
		view_set(v, "Lead.show_automated", "1");
	if (status == 422) {
		for (size_t i = 0; i < NFORM; i++) {
			const char *f = form_fields[i];
			if (!req_has(c, f))
				continue;
			const char *col = str_eq(f, "email") ? "email_from" : f;
			view_setk(v, req_get(c, f), "Lead.%s", col);
		}
	}
	struct db_rows t;
	if (lead_tags(c->db, c->a, id, &t) == 0) {
		view_set_rows(v, "Lead.Tags", &t);
		char *joined = arena_strdup(c->a, "");
		for (size_t i = 0; i < t.nrows; i++)
			joined = arena_printf(c->a, "%s%s%s", joined, i ? ", " : "", db_get(&t, i, 1));
		view_set(v, "Lead.tags_text", status == 422 && req_has(c, "tags") ? req_get(c, "tags") : joined);
	}
	/* Smart buttons: other areas add theirs (similar leads, quotations). */
	int64_t partner = db_getn_i64(&r, 0, "partner_id");
	if (partner) {
		int64_t n = 0;
		partner_opportunity_count(c->db, partner, &n);
		view_set(v, "Lead.Buttons.0.Label", view_tr(v, "Pl.Lead.CustomerOpportunities"));
		view_set_int(v, "Lead.Buttons.0.Count", n);
		view_set(v, "Lead.Buttons.0.Url", arena_printf(c->a, "/crm/opportunities?partner_id=%lld", (long long)partner));
	}
	/* Quotations (Q2, Q7): on opportunities only. */
	if (str_eq(db_getn(&r, 0, "type"), "opportunity")) {
		int64_t quotations = 0, orders = 0, amount = 0;
		if ((rc = quote_lead_summary(c->db, id, &quotations, &orders, &amount)) != 0)
			return rc;
		int nb = partner ? 1 : 0;
		view_setk(v, view_tr(v, "Pl.Lead.Quotations"), "Lead.Buttons.%d.Label", nb);
		view_setk_int(v, quotations, "Lead.Buttons.%d.Count", nb);
		view_setk(v, arena_printf(c->a, "/quotes?opportunity_id=%lld", (long long)id), "Lead.Buttons.%d.Url", nb);
		nb++;
		if (orders) {
			char money[64];
			money_format(amount, c->lang, money, sizeof money);
			view_setk(v, view_tr(v, "Pl.Lead.Orders"), "Lead.Buttons.%d.Label", nb);
			view_setk(v, money, "Lead.Buttons.%d.Count", nb);
			view_setk(v, arena_printf(c->a, "/quotes?opportunity_id=%lld&state=confirmed", (long long)id),
				  "Lead.Buttons.%d.Url", nb);
		}
		if (db_getn_i64(&r, 0, "active")) {
			view_set(v, "Lead.Actions.0.Label", view_tr(v, "Pl.Lead.NewQuotation"));
			view_set(v, "Lead.Actions.0.Url", arena_printf(c->a, "/quotes/new?opportunity_id=%lld", (long long)id));
		}
	}
	/* Similar leads (P6), Convert (P5), undoable merges (P7b). */
	int nbuttons = 0;
	while (view_get(v, arena_printf(c->a, "Lead.Buttons.%d.Label", nbuttons)))
		nbuttons++;
	if ((rc = qualify_form_fill(c, &r, nbuttons)) != 0)
		return rc;
	pl_opt_users(c);
	pl_opt_teams(c);
	pl_opt_stages(c, db_getn_i64(&r, 0, "team_id"));
	pl_opt_types(c);
	fill_partners(c, partner);
	fill_activities(c, id);
	rc = chatter_view_fill(c, "lead", id, arena_printf(c->a, "/crm/leads/%lld/notes", (long long)id));
	if (rc)
		return rc;
	if (req_query(c, "next_type"))
		view_set(v, "Schedule.Type", req_query(c, "next_type"));
	if (req_query(c, "schedule"))
		view_set(v, "Schedule.Open", "1");
	return pl_page(c, status, "pipeline/lead_form.cs");
}

int lead_form_get(struct ctx *c)
{
	return lead_form_render(c, c->req.id[0], 200);
}

int lead_new_get(struct ctx *c)
{
	struct view *v = c->view;
	const char *type = req_query(c, "type");
	bool opp = str_eq(type, "opportunity") || !pl_leads_enabled(c);
	page_nav(c, opp ? "pipeline" : "leads", opp ? "Pl.Lead.NewOpportunity" : "Pl.Lead.NewLead");
	view_set(v, "Lead.type", opp ? "opportunity" : "lead");
	view_set_int(v, "Lead.user_id", c->user->id);
	int64_t team = 0;
	refcache_team_for_user(c->ref, c->db, c->a, c->user->id, false, &team);
	view_set_int(v, "Lead.team_id", team);
	view_set(v, "Lead.priority", "0");
	view_set(v, "New", "1");
	pl_opt_users(c);
	pl_opt_teams(c);
	fill_partners(c, 0);
	return pl_page(c, 200, "pipeline/lead_form.cs");
}

int lead_create_post(struct ctx *c)
{
	int64_t id = 0;
	int rc = lead_create_from_request(c, "lead", &id);
	if (rc == ERR_INVALID) {
		struct view *v = c->view;
		view_set_error(v, &c->err);
		for (size_t i = 0; i < NFORM; i++)
			if (req_has(c, form_fields[i]))
				view_setk(v, req_get(c, form_fields[i]),
					  "Lead.%s", str_eq(form_fields[i], "email") ? "email_from" : form_fields[i]);
		view_set(v, "Lead.tags_text", req_get(c, "tags"));
		view_set(v, "New", "1");
		if (!req_has(c, "type"))
			view_set(v, "Lead.type", "lead");
		page_nav(c, str_eq(req_get(c, "type"), "opportunity") ? "pipeline" : "leads", "Pl.Lead.NewLead");
		pl_opt_users(c);
		pl_opt_teams(c);
		fill_partners(c, 0);
		return pl_page(c, 422, "pipeline/lead_form.cs");
	}
	if (rc)
		return rc;
	const char *next = page_safe_next(req_get(c, "next"), NULL);
	return http_redirect(c, next ? next : arena_printf(c->a, "/crm/leads/%lld", (long long)id));
}

int lead_save_post(struct ctx *c)
{
	struct lead_val_list vl;
	const char **tags = NULL;
	size_t ntags = 0;
	int rc = lead_vals_from_request(c, &vl);
	if (!rc)
		rc = pl_tags_input(c, "tags", &tags, &ntags);
	struct lead_update u = {vl.v, vl.n, tags, ntags, req_has(c, "tags"), req_bool(c, "update_customer")};
	struct access ac = pl_access(c);
	if (!rc)
		rc = lead_update(c->db, c->a, &ac, c->user->id, c->req.id[0], &u, &c->err);
	if (rc == ERR_INVALID || (rc == ERR_CONFLICT && c->err.code)) {
		view_set_error(c->view, &c->err);
		return lead_form_render(c, c->req.id[0], 422);
	}
	if (rc)
		return rc;
	return http_redirect(c, arena_printf(c->a, "/crm/leads/%lld", (long long)c->req.id[0]));
}

static int back(struct ctx *c, const char *dflt)
{
	return http_redirect(c, page_safe_next(req_get(c, "next"), dflt));
}

static const char *record_url(struct ctx *c)
{
	return arena_printf(c->a, "/crm/leads/%lld", (long long)c->req.id[0]);
}

int lead_stage_post(struct ctx *c)
{
	const char *st;
	int rc = req_value(c, "stage_id", &st, &c->err);
	if (rc)
		return rc;
	if (!st || !*st)
		return pl_fail(c, ERR_INVALID, "stage_id", "Required", "the stage is required");
	struct lead_val v = {"stage_id", st};
	struct lead_update u = {&v, 1, NULL, 0, false, false};
	struct access ac = pl_access(c);
	rc = lead_update(c->db, c->a, &ac, c->user->id, c->req.id[0], &u, &c->err);
	if (rc)
		return rc;
	if (c->req.wants_json) {
		struct db_rows r;
		if ((rc = lead_get(c->db, c->a, &ac, c->req.id[0], &r)) != 0)
			return rc;
		return http_json(c, 200, json_pack("{s:I, s:I, s:s, s:s, s:b}", "id", (json_int_t)c->req.id[0],
						       "stage_id", (json_int_t)db_getn_i64(&r, 0, "stage_id"),
						       "stage", db_getn(&r, 0, "stage_name") ? db_getn(&r, 0, "stage_name") : "",
						       "probability", db_getn(&r, 0, "probability"),
						       "won", db_getn_i64(&r, 0, "is_won") != 0));
	}
	return back(c, "/crm/pipeline");
}

int lead_won_post(struct ctx *c)
{
	struct access ac = pl_access(c);
	int rc = lead_won(c->db, c->a, &ac, c->user->id, c->req.id[0], view_tr(c->view, "Pl.Chatter.Won"), &c->err);
	if (rc)
		return rc;
	return back(c, record_url(c));
}

static int lost_page(struct ctx *c, int status)
{
	struct access ac = pl_access(c);
	struct db_rows r;
	int rc = lead_get(c->db, c->a, &ac, c->req.id[0], &r);
	if (rc)
		return rc;
	view_set_row(c->view, "Lead", &r, 0);
	page_nav(c, "pipeline", "Pl.Lost.Title");
	pl_opt_reasons(c);
	view_set(c->view, "Lost.Reason", req_get(c, "lost_reason_id"));
	view_set(c->view, "Lost.Note", req_get(c, "note"));
	view_set(c->view, "Lost.Next", page_safe_next(req_get(c, "next"), NULL));
	return pl_page(c, status, "pipeline/lead_lost.cs");
}

int lead_lost_get(struct ctx *c)
{
	return lost_page(c, 200);
}

int lead_lost_post(struct ctx *c)
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
	if (rc == ERR_INVALID) {
		view_set_error(c->view, &c->err);
		return lost_page(c, 422);
	}
	if (rc)
		return rc;
	return back(c, record_url(c));
}

int lead_restore_post(struct ctx *c)
{
	struct access ac = pl_access(c);
	int rc = lead_restore(c->db, c->a, &ac, c->user->id, c->req.id[0], view_tr(c->view, "Pl.Chatter.Restored"), &c->err);
	if (rc)
		return rc;
	return back(c, record_url(c));
}

int lead_note_post(struct ctx *c)
{
	const char *body = NULL;
	int rc = req_text(c, "body", &body, 20000, true, &c->err);
	struct access ac = pl_access(c);
	if (!rc)
		rc = lead_post_note(c->db, c->a, &ac, c->user->id, c->req.id[0], body, NULL, &c->err);
	if (rc == ERR_INVALID) {
		view_set_error(c->view, &c->err);
		return lead_form_render(c, c->req.id[0], 422);
	}
	if (rc)
		return rc;
	return http_redirect(c, arena_printf(c->a, "/crm/leads/%lld#chatter", (long long)c->req.id[0]));
}
