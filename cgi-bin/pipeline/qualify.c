/* qualify.c - qualification pages (SPEC P5, P6, P7, P7b, P11):
 * /crm/leads/:id/similar, /crm/leads/merge (wizard), /crm/leads/:id/unmerge,
 * /crm/leads/:id/convert (wizard), /crm/leads/convert (mass conversion),
 * /crm/customers/merge. Thin: the rules live in crm/similar, crm/merge and
 * crm/convert. */
#include "pipeline.h"
#include "qualify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "crm/convert.h"
#include "crm/merge.h"
#include "crm/partner.h"
#include "crm/similar.h"
#include "db/db.h"
#include "web/pages.h"
#include "web/request.h"
#include "web/response.h"
#include "web/view.h"

int qualify_ids(struct ctx *c, const char *name, int64_t **ids, size_t *n)
{
	const char **vals;
	size_t m;
	int rc = req_list(c, name, &vals, &m, &c->err);
	if (rc)
		return rc;
	if (m > MERGE_MAX * 20)
		return pl_fail(c, ERR_INVALID, name, "OutOfRange", "too many records at once");
	int64_t *out = arena_alloc(c->a, (m + 1) * sizeof *out);
	size_t k = 0;
	for (size_t i = 0; i < m; i++) {
		int64_t v;
		if (str_empty(vals[i]))
			continue;
		if (!str_to_i64(vals[i], &v) || v <= 0)
			return pl_fail(c, ERR_INVALID, name, "BadId", "ids must be positive integers");
		out[k++] = v;
	}
	*ids = out;
	*n = k;
	return 0;
}

const char *qualify_field_label(void *arg, const char *field)
{
	struct ctx *c = arg;
	char key[96];
	snprintf(key, sizeof key, "Pl.Merge.Field.%s", field);
	return view_tr(c->view, key);
}

void qualify_merge_texts(struct ctx *c, struct merge_opts *mo)
{
	mo->label = qualify_field_label;
	mo->label_arg = c;
	mo->author_id = c->user->id;
	mo->subject = view_tr(c->view, "Pl.Merge.ChatterSubject");
	mo->line_tmpl = view_tr(c->view, "Pl.Merge.ChatterLine");
	mo->from_word = view_tr(c->view, "Pl.Merge.From");
}

int qualify_form_fill(struct ctx *c, const struct db_rows *lead, int nb)
{
	struct view *v = c->view;
	int64_t id = db_getn_i64(lead, 0, "id");
	const char *type = db_getn(lead, 0, "type");
	int64_t active = db_getn_i64(lead, 0, "active");
	int64_t *ids;
	size_t n;
	struct access ac = pl_access(c);
	int rc = similar_of_row(c->db, c->a, &ac, lead, 0, &ids, &n);
	if (rc)
		return rc;
	if (n) {
		view_setk(v, view_tr(v, "Pl.Similar.Button"), "Lead.Buttons.%d.Label", nb);
		view_setk_int(v, (int64_t)n, "Lead.Buttons.%d.Count", nb);
		view_setk(v, arena_printf(c->a, "/crm/leads/%lld/similar", (long long)id), "Lead.Buttons.%d.Url", nb);
		view_set_int(v, "Lead.similar_count", (int64_t)n);
	}
	if (str_eq(type, "lead") && active) {
		int na = 0;
		while (view_get(v, arena_printf(c->a, "Lead.Actions.%d.Label", na)))
			na++;
		view_setk(v, view_tr(v, "Pl.Convert.Action"), "Lead.Actions.%d.Label", na);
		view_setk(v, arena_printf(c->a, "/crm/leads/%lld/convert", (long long)id), "Lead.Actions.%d.Url", na);
	}
	struct db_rows m;
	if ((rc = merge_undoable(c->db, c->a, id, &m)) != 0)
		return rc;
	view_set_rows(v, "Merges", &m);
	for (size_t i = 0; i < m.nrows; i++)
		view_setk(v, pl_datetime(c, db_getn(&m, i, "created_at")), "Merges.%zu.date_fmt", i);
	return 0;
}

/* ---- similar leads (P6) ---------------------------------------------------- */

int lead_similar_get(struct ctx *c)
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
	if ((rc = similar_list(c->db, c->a, &ac, c->req.id[0], ids, n, &r)) != 0)
		return rc;
	struct view *v = c->view;
	view_set_row(v, "Lead", &lead, 0);
	view_set_rows(v, "Rows", &r);
	for (size_t i = 0; i < r.nrows; i++)
		view_setk(v, pl_money(c, db_getn(&r, i, "expected_revenue")), "Rows.%zu.revenue_fmt", i);
	view_set_int(v, "Similar.Count", (int64_t)n);
	page_nav(c, "leads", "Pl.Similar.Title");
	return pl_page(c, 200, "pipeline/similar.cs");
}

/* ---- merge wizard (P7) ----------------------------------------------------- */

static int merge_page(struct ctx *c, const int64_t *ids, size_t n, int status)
{
	struct access ac = pl_access(c);
	struct view *v = c->view;
	struct db_rows r;
	int rc = similar_list(c->db, c->a, &ac, 0, ids, n, &r);
	if (rc)
		return rc;
	view_set_rows(v, "Rows", &r);
	for (size_t i = 0; i < r.nrows; i++)
		view_setk(v, pl_money(c, db_getn(&r, i, "expected_revenue")), "Rows.%zu.revenue_fmt", i);
	int64_t master = 0;
	struct err_info pe = {0};
	if (merge_preview(c->db, c->a, &ac, ids, n, &master, &pe) == 0) {
		view_set_int(v, "Merge.Master", master);
		for (size_t i = 0; i < r.nrows; i++)
			if (db_getn_i64(&r, i, "id") == master) {
				view_set(v, "Merge.UserId", db_getn(&r, i, "user_id"));
			}
		struct db_rows m;
		if (db_query1(c->db, c->a, &m, "SELECT team_id FROM crm_lead WHERE id = ?", "i", master) == 0)
			view_set(v, "Merge.TeamId", db_get(&m, 0, 0));
	} else if (status == 200) {
		view_set_error(v, &pe);
		status = 422;
	}
	view_set(v, "Merge.Next", page_safe_next(req_get(c, "next"), NULL));
	pl_opt_users(c);
	pl_opt_teams(c);
	page_nav(c, "leads", "Pl.Merge.Title");
	return pl_page(c, status, "pipeline/merge.cs");
}

int leads_merge_get(struct ctx *c)
{
	int64_t *ids;
	size_t n;
	int rc = qualify_ids(c, "ids", &ids, &n);
	if (rc)
		return rc;
	return merge_page(c, ids, n, 200);
}

int qualify_check_user_team(struct ctx *c, int64_t user, bool set_user, int64_t team, bool set_team)
{
	/* A salesperson may only give records to themselves (X1). */
	if (set_user && user && user != c->user->id && !pl_access(c).all)
		return pl_fail(c, ERR_FORBIDDEN, "user_id", "NotYours", "you can only assign records to yourself");
	int64_t ok = 1;
	int rc;
	if (set_user && user && (rc = db_int(c->db, &ok, 0, "SELECT COUNT(*) FROM app_user WHERE id = ?", "i", user)))
		return rc;
	if (!ok)
		return pl_fail(c, ERR_INVALID, "user_id", "NotFound", "unknown salesperson");
	if (set_team && team && (rc = db_int(c->db, &ok, 0, "SELECT COUNT(*) FROM team WHERE id = ?", "i", team)))
		return rc;
	if (!ok)
		return pl_fail(c, ERR_INVALID, "team_id", "NotFound", "unknown team");
	return 0;
}

/* Salesperson / team of the wizard: an empty choice keeps the merged one. */
static int wizard_user_team(struct ctx *c, int64_t *user, bool *set_user, int64_t *team, bool *set_team)
{
	int rc;
	*set_user = *set_team = false;
	*user = *team = 0;
	if (req_has(c, "user_id") && !str_empty(req_get(c, "user_id"))) {
		if ((rc = req_int(c, "user_id", user, 1, INT64_MAX, false, NULL, &c->err)) != 0)
			return rc;
		*set_user = true;
	}
	if (req_has(c, "team_id") && !str_empty(req_get(c, "team_id"))) {
		if ((rc = req_int(c, "team_id", team, 1, INT64_MAX, false, NULL, &c->err)) != 0)
			return rc;
		*set_team = true;
	}
	return qualify_check_user_team(c, *user, *set_user, *team, *set_team);
}

int leads_merge_post(struct ctx *c)
{
	int64_t *ids;
	size_t n;
	int rc = qualify_ids(c, "ids", &ids, &n);
	if (rc)
		return rc;
	struct merge_opts mo = {0};
	qualify_merge_texts(c, &mo);
	if ((rc = wizard_user_team(c, &mo.user_id, &mo.set_user, &mo.team_id, &mo.set_team)) != 0) {
		view_set_error(c->view, &c->err);
		return merge_page(c, ids, n, 422);
	}
	struct access ac = pl_access(c);
	int64_t master = 0;
	rc = merge_leads(c->db, c->a, &ac, &mo, ids, n, &master, NULL, &c->err);
	if (rc == ERR_INVALID || rc == ERR_CONFLICT || (rc == ERR_NOTFOUND && c->err.code)) {
		view_set_error(c->view, &c->err);
		return merge_page(c, ids, n, rc == ERR_NOTFOUND ? 404 : rc == ERR_CONFLICT ? 409 : 422);
	}
	if (rc)
		return rc;
	return http_redirect(c, arena_printf(c->a, "/crm/leads/%lld", (long long)master));
}

/* ---- unmerge (P7b) --------------------------------------------------------- */

int lead_unmerge_post(struct ctx *c)
{
	int64_t mid = 0;
	int rc = req_int(c, "merge_id", &mid, 0, INT64_MAX, false, NULL, &c->err);
	if (rc)
		return rc;
	struct access ac = pl_access(c);
	struct merge_undo_opts o = {c->user->id, view_tr(c->view, "Pl.Merge.UndoneSubject"),
				    view_tr(c->view, "Pl.Merge.KeptEdits"), qualify_field_label, c};
	rc = merge_undo(c->db, c->a, &ac, &o, c->req.id[0], mid, NULL, &c->err);
	if (rc == ERR_CONFLICT || rc == ERR_GONE) {
		view_set_error(c->view, &c->err);
		return lead_form_render(c, c->req.id[0], 409);
	}
	if (rc)
		return rc;
	return http_redirect(c, arena_printf(c->a, "/crm/leads/%lld#chatter", (long long)c->req.id[0]));
}

/* ---- conversion (P5) ------------------------------------------------------- */

static const char *const CUSTOMER_NAMES[] = {"create", "link", "none", "auto"};

static int convert_page(struct ctx *c, int status)
{
	struct access ac = pl_access(c);
	struct db_rows lead;
	int rc = lead_get(c->db, c->a, &ac, c->req.id[0], &lead);
	if (rc)
		return rc;
	struct view *v = c->view;
	view_set_row(v, "Lead", &lead, 0);
	struct convert_defaults d;
	struct err_info e = {0};
	if ((rc = convert_defaults(c->db, c->a, &ac, c->req.id[0], &d, &e)) != 0)
		return rc;
	const char *prob = db_getn(&lead, 0, "probability");
	if (prob && atof(prob) >= 100.0)
		view_set(v, "Convert.Closed", "1");
	/* The similar records, the duplicates ticked (Odoo 4.2). */
	int64_t *sim;
	size_t ns;
	if ((rc = similar_of(c->db, c->a, &ac, c->req.id[0], &sim, &ns)) != 0)
		return rc;
	int64_t *all = arena_alloc(c->a, (ns + d.ndup + 1) * sizeof *all);
	memcpy(all, sim, ns * sizeof *sim);
	size_t na = ns;
	for (size_t i = 0; i < d.ndup; i++) {
		bool have = false;
		for (size_t k = 0; k < na && !have; k++)
			have = all[k] == d.dup_ids[i];
		if (!have)
			all[na++] = d.dup_ids[i];
	}
	struct db_rows r;
	if ((rc = similar_list(c->db, c->a, &ac, 0, all, na, &r)) != 0)
		return rc;
	view_set_rows(v, "Rows", &r);
	for (size_t i = 0; i < r.nrows; i++) {
		int64_t id = db_getn_i64(&r, i, "id");
		bool dup = false;
		for (size_t k = 0; k < d.ndup && !dup; k++)
			dup = d.dup_ids[k] == id;
		if (status == 200 ? dup : false)
			view_setk(v, "1", "Rows.%zu.checked", i);
		view_setk(v, pl_money(c, db_getn(&r, i, "expected_revenue")), "Rows.%zu.revenue_fmt", i);
	}
	if (status != 200) {
		int64_t *sel;
		size_t nsel;
		if (qualify_ids(c, "merge_ids", &sel, &nsel) == 0)
			for (size_t i = 0; i < r.nrows; i++)
				for (size_t k = 0; k < nsel; k++)
					if (sel[k] == db_getn_i64(&r, i, "id"))
						view_setk(v, "1", "Rows.%zu.checked", i);
	}
	view_set(v, "Convert.Action", status == 200 ? (d.merge ? "merge" : "convert") : req_get(c, "action"));
	view_set(v, "Convert.Customer", status == 200 ? CUSTOMER_NAMES[d.customer] : req_get(c, "customer"));
	if (d.partner_id)
		view_set_int(v, "Convert.PartnerId", d.partner_id);
	if (status != 200)
		view_set(v, "Convert.PartnerId", req_get(c, "partner_id"));
	view_set_int(v, "Convert.UserId", d.user_id);
	view_set_int(v, "Convert.TeamId", d.team_id);
	struct db_rows p;
	if (partner_options(c->db, c->a, &ac, false, 300, &p) == 0)
		view_set_rows(v, "Opt.Partners", &p);
	if (d.partner_id) {
		struct db_rows cp;
		if (partner_get(c->db, c->a, d.partner_id, &cp) == 0)
			view_set(v, "Convert.PartnerName", db_getn(&cp, 0, "name"));
	}
	pl_opt_users(c);
	pl_opt_teams(c);
	page_nav(c, "leads", "Pl.Convert.Title");
	return pl_page(c, status, "pipeline/convert.cs");
}

int lead_convert_get(struct ctx *c)
{
	return convert_page(c, 200);
}

/* The convert options from the request (form or JSON). */
static int convert_opts_from_request(struct ctx *c, struct convert_opts *o, struct merge_opts *mo)
{
	memset(o, 0, sizeof *o);
	o->author_id = c->user->id;
	const char *action = req_get(c, "action");
	if (str_empty(action) || str_eq(action, "convert"))
		o->merge = false;
	else if (str_eq(action, "merge"))
		o->merge = true;
	else
		return pl_fail(c, ERR_INVALID, "action", "BadAction", "action must be convert or merge");
	const char *cust = req_get(c, "customer");
	int cc = str_empty(cust) ? CONVERT_CUSTOMER_NONE : convert_customer_parse(cust);
	if (cc < 0 || cc == CONVERT_CUSTOMER_AUTO)
		return pl_fail(c, ERR_INVALID, "customer", "BadCustomer", "customer must be create, link or none");
	o->customer = (enum convert_customer)cc;
	int rc = req_int(c, "partner_id", &o->partner_id, 0, INT64_MAX, false, NULL, &c->err);
	if (rc)
		return rc;
	if ((rc = wizard_user_team(c, &o->user_id, &o->set_user, &o->team_id, &o->set_team)) != 0)
		return rc;
	int64_t *ids;
	size_t n;
	if ((rc = qualify_ids(c, "merge_ids", &ids, &n)) != 0)
		return rc;
	if (n > MERGE_MAX)
		return pl_fail(c, ERR_INVALID, "merge_ids", "MergeTooMany", "too many records to merge");
	o->merge_ids = ids;
	o->nmerge = n;
	qualify_merge_texts(c, mo);
	o->mo = mo;
	return 0;
}

int lead_convert_post(struct ctx *c)
{
	struct convert_opts o;
	struct merge_opts mo = {0};
	int rc = convert_opts_from_request(c, &o, &mo);
	struct access ac = pl_access(c);
	int64_t result = 0;
	if (!rc)
		rc = lead_convert(c->db, c->a, &ac, &o, c->req.id[0], &result, &c->err);
	if ((rc == ERR_INVALID || rc == ERR_CONFLICT || rc == ERR_FORBIDDEN) && c->err.code) {
		view_set_error(c->view, &c->err);
		return convert_page(c, rc == ERR_CONFLICT ? 409 : rc == ERR_FORBIDDEN ? 403 : 422);
	}
	if (rc)
		return rc;
	return http_redirect(c, arena_printf(c->a, "/crm/leads/%lld", (long long)result));
}

/* ---- mass conversion (P5) -------------------------------------------------- */

static int mass_page(struct ctx *c, const int64_t *ids, size_t n, int status)
{
	struct access ac = pl_access(c);
	struct db_rows r;
	int rc = similar_list(c->db, c->a, &ac, 0, ids, n, &r);
	if (rc)
		return rc;
	view_set_rows(c->view, "Rows", &r);
	pl_opt_users(c);
	pl_opt_teams(c);
	page_nav(c, "leads", "Pl.ConvertMass.Title");
	return pl_page(c, status, "pipeline/convert_mass.cs");
}

int leads_convert_mass_get(struct ctx *c)
{
	int64_t *ids;
	size_t n;
	int rc = qualify_ids(c, "ids", &ids, &n);
	if (rc)
		return rc;
	if (n > LEAD_BULK_MAX)
		return pl_fail(c, ERR_INVALID, "ids", "OutOfRange", "too many records at once");
	return mass_page(c, ids, n, 200);
}

int leads_convert_mass_post(struct ctx *c)
{
	int64_t *ids, *users;
	size_t n, nu;
	int rc = qualify_ids(c, "ids", &ids, &n);
	if (!rc)
		rc = qualify_ids(c, "user_ids", &users, &nu);
	if (rc)
		return rc;
	if (n == 0)
		return pl_fail(c, ERR_INVALID, "ids", "Required", "select at least one record");
	struct access ac = pl_access(c);
	for (size_t i = 0; i < nu; i++)
		if (users[i] != c->user->id && !ac.all)
			return pl_fail(c, ERR_FORBIDDEN, "user_ids", "NotYours", "you can only assign records to yourself");
	struct convert_mass_opts o = {0};
	struct merge_opts mo = {0};
	qualify_merge_texts(c, &mo);
	o.author_id = c->user->id;
	o.user_ids = users;
	o.nusers = nu;
	if ((rc = req_int(c, "team_id", &o.team_id, 0, INT64_MAX, false, NULL, &c->err)) != 0)
		return rc;
	o.dedupe = req_bool(c, "dedupe");
	o.customer = str_eq(req_get(c, "customer"), "none") ? CONVERT_CUSTOMER_NONE : CONVERT_CUSTOMER_AUTO;
	o.mo = &mo;
	size_t done = 0, merged = 0;
	rc = lead_convert_mass(c->db, c->a, &ac, &o, ids, n, &done, &merged, &c->err);
	if (rc == ERR_INVALID || rc == ERR_CONFLICT) {
		view_set_error(c->view, &c->err);
		return mass_page(c, ids, n, rc == ERR_CONFLICT ? 409 : 422);
	}
	if (rc)
		return rc;
	if (c->req.wants_json)
		return http_json(c, 200, json_pack("{s:I, s:I}", "done", (json_int_t)done, "merged", (json_int_t)merged));
	return http_redirect(c, "/crm/opportunities");
}

/* ---- merging contacts (P11) ------------------------------------------------ */

static int customers_merge_page(struct ctx *c, const int64_t *ids, size_t n, int status)
{
	struct view *v = c->view;
	size_t k = 0;
	for (size_t i = 0; i < n && i < MERGE_MAX; i++) {
		struct db_rows p;
		if (partner_get(c->db, c->a, ids[i], &p) != 0)
			continue;
		view_setk(v, db_getn(&p, 0, "id"), "Rows.%zu.id", k);
		view_setk(v, db_getn(&p, 0, "name"), "Rows.%zu.name", k);
		view_setk(v, db_getn(&p, 0, "email"), "Rows.%zu.email", k);
		view_setk(v, db_getn(&p, 0, "phone"), "Rows.%zu.phone", k);
		view_setk(v, db_getn(&p, 0, "city"), "Rows.%zu.city", k);
		k++;
	}
	view_set(v, "Merge.Dest", req_get(c, "dest_id"));
	page_nav(c, "customers", "Pl.MergeContacts.Title");
	return pl_page(c, status, "pipeline/customers_merge.cs");
}

int customers_merge_get(struct ctx *c)
{
	int64_t *ids;
	size_t n;
	int rc = qualify_ids(c, "ids", &ids, &n);
	if (rc)
		return rc;
	return customers_merge_page(c, ids, n, 200);
}

int customers_merge_post(struct ctx *c)
{
	int64_t *ids;
	size_t n;
	int64_t dest = 0;
	int rc = qualify_ids(c, "ids", &ids, &n);
	if (!rc)
		rc = req_int(c, "dest_id", &dest, 1, INT64_MAX, true, NULL, &c->err);
	if (!rc)
		rc = merge_partners(c->db, c->a, c->user->id, dest, ids, n, &c->err);
	if ((rc == ERR_INVALID || rc == ERR_CONFLICT || rc == ERR_NOTFOUND) && c->err.code && !c->req.wants_json) {
		view_set_error(c->view, &c->err);
		return customers_merge_page(c, ids, n, rc == ERR_CONFLICT ? 409 : rc == ERR_NOTFOUND ? 404 : 422);
	}
	if (rc)
		return rc;
	if (c->req.wants_json)
		return http_json(c, 200, json_pack("{s:I}", "id", (json_int_t)dest));
	return http_redirect(c, arena_printf(c->a, "/crm/customers/%lld", (long long)dest));
}
