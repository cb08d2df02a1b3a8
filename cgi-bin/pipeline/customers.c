/* customers.c - customers (P11): companies and individuals, list with
 * search (/crm/customers), form (/crm/customers/new, /crm/customers/:id)
 * with the opportunities smart button. */
#include "pipeline.h"

#include <string.h>

#include "core/str.h"
#include "crm/partner.h"
#include "db/db.h"
#include "web/pages.h"
#include "web/request.h"
#include "web/response.h"
#include "web/view.h"

int customers_get(struct ctx *c)
{
	struct view *v = c->view;
	page_nav(c, "customers", "Nav.Customers");
	const char *q = NULL, *after_name = NULL;
	int64_t after = 0;
	int rc = req_text(c, "q", &q, 100, false, &c->err);
	if (!rc)
		rc = req_int(c, "after", &after, 0, INT64_MAX, false, NULL, &c->err);
	if (rc)
		return rc;
	after_name = req_get(c, "after_name");
	if (after_name && strlen(after_name) > 255)
		return pl_fail(c, ERR_INVALID, "after_name", "TooLong", "bad page");
	struct access ac = pl_access(c);
	struct db_rows r;
	if ((rc = partner_list(c->db, c->a, &ac, q, req_bool(c, "companies"), after ? after_name : NULL, after, 80, &r)) != 0)
		return rc;
	view_set_rows(v, "Rows", &r);
	view_set(v, "List.q", q);
	if (req_bool(c, "companies"))
		view_set(v, "List.companies", "1");
	if (r.nrows == 80)
		view_set(v, "List.Next",
			 arena_printf(c->a, "q=%s&companies=%s&after=%s&after_name=%s", str_url_encode(c->a, q ? q : ""),
				      req_bool(c, "companies") ? "1" : "", db_getn(&r, 79, "id"),
				      str_url_encode(c->a, db_getn(&r, 79, "name"))));
	return pl_page(c, 200, "pipeline/customers.cs");
}

static int read_input(struct ctx *c, struct partner_input *in)
{
	struct err_info *e = &c->err;
	memset(in, 0, sizeof *in);
	int rc;
	const struct {
		const char *f;
		const char **dst;
		size_t max;
	} t[] = {{"name", &in->name, 255},       {"phone", &in->phone, 64},     {"mobile", &in->mobile, 64},
		 {"street", &in->street, 255},   {"street2", &in->street2, 255}, {"zip", &in->zip, 24},
		 {"city", &in->city, 128},       {"state", &in->state, 128},    {"country_code", &in->country_code, 2},
		 {"website", &in->website, 255}, {"vat", &in->vat, 32},         {"function", &in->function, 128},
		 {"lang", &in->lang, 8},         {"comment", &in->comment, 20000}};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if ((rc = req_text(c, t[i].f, t[i].dst, t[i].max, i == 0, e)) != 0)
			return rc;
	if ((rc = req_email(c, "email", &in->email, false, e)) != 0)
		return rc;
	in->is_company = req_bool(c, "is_company");
	if ((rc = req_int(c, "parent_id", &in->parent_id, 0, INT64_MAX, false, NULL, e)) != 0 ||
	    (rc = req_int(c, "user_id", &in->user_id, 0, INT64_MAX, false, NULL, e)) != 0)
		return rc;
	return 0; /* parent_id and user_id: checked by partner_create / partner_update */
}

static void form_options(struct ctx *c)
{
	struct access ac = pl_access(c);
	struct db_rows r;
	if (partner_options(c->db, c->a, &ac, true, 300, &r) == 0)
		view_set_rows(c->view, "Opt.Companies", &r);
	pl_opt_users(c);
}

static void echo_form(struct ctx *c)
{
	const char *f[] = {"name", "email", "phone", "mobile", "street", "street2", "zip", "city", "state",
			   "country_code", "website", "vat", "function", "lang", "comment", "parent_id", "user_id", "tags"};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		view_setk(c->view, req_get(c, f[i]), "Partner.%s", f[i]);
	view_set(c->view, "Partner.is_company", req_bool(c, "is_company") ? "1" : "0");
}

int customer_new_get(struct ctx *c)
{
	page_nav(c, "customers", "Pl.Customer.New");
	view_set(c->view, "New", "1");
	view_set(c->view, "Partner.is_company", req_bool(c, "company") ? "1" : "0");
	form_options(c);
	return pl_page(c, 200, "pipeline/customer_form.cs");
}

int customer_create_post(struct ctx *c)
{
	struct partner_input in;
	int64_t id = 0;
	struct access ac = pl_access(c);
	int rc = read_input(c, &in);
	in.ac = &ac;
	if (!rc)
		rc = partner_create(c->db, c->a, &in, &id, &c->err);
	if (!rc) {
		const char **tags;
		size_t n;
		if ((rc = pl_tags_input(c, "tags", &tags, &n)) == 0)
			rc = partner_set_tags(c->db, c->a, id, tags, n, &c->err);
	}
	if (rc == ERR_INVALID) {
		page_nav(c, "customers", "Pl.Customer.New");
		view_set_error(c->view, &c->err);
		view_set(c->view, "New", "1");
		echo_form(c);
		form_options(c);
		return pl_page(c, 422, "pipeline/customer_form.cs");
	}
	if (rc)
		return rc;
	return http_redirect(c, arena_printf(c->a, "/crm/customers/%lld", (long long)id));
}

static int render(struct ctx *c, int status)
{
	struct access ac = pl_access(c);
	struct db_rows r;
	int rc = partner_get_for(c->db, c->a, &ac, c->req.id[0], &r);
	if (rc)
		return rc;
	view_set_row(c->view, "Partner", &r, 0);
	page_nav(c, "customers", NULL);
	view_set(c->view, "Page.Title", db_getn(&r, 0, "name"));
	struct db_rows t;
	if (partner_tags(c->db, c->a, c->req.id[0], &t) == 0) {
		char *joined = arena_strdup(c->a, "");
		for (size_t i = 0; i < t.nrows; i++)
			joined = arena_printf(c->a, "%s%s%s", joined, i ? ", " : "", db_get(&t, i, 1));
		view_set(c->view, "Partner.tags", joined);
		view_set_rows(c->view, "Partner.Tags", &t);
	}
	int64_t n = 0;
	partner_opportunity_count(c->db, c->req.id[0], &n);
	view_set_int(c->view, "Partner.opportunity_count", n);
	if (status == 422)
		echo_form(c);
	form_options(c);
	return pl_page(c, status, "pipeline/customer_form.cs");
}

int customer_get(struct ctx *c)
{
	return render(c, 200);
}

int customer_save_post(struct ctx *c)
{
	struct partner_input in;
	struct access ac = pl_access(c);
	int rc = read_input(c, &in);
	if (!rc)
		rc = partner_update(c->db, c->a, &ac, c->req.id[0], &in, &c->err);
	if (!rc && req_has(c, "tags")) {
		const char **tags;
		size_t n;
		if ((rc = pl_tags_input(c, "tags", &tags, &n)) == 0)
			rc = partner_set_tags(c->db, c->a, c->req.id[0], tags, n, &c->err);
	}
	if (rc == ERR_INVALID) {
		view_set_error(c->view, &c->err);
		return render(c, 422);
	}
	if (rc)
		return rc;
	return http_redirect(c, arena_printf(c->a, "/crm/customers/%lld", (long long)c->req.id[0]));
}
