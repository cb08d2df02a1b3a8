/* templates.c - quotation templates (Q4): /quotes/templates, list and form
 * with default lines; managers change them, everybody picks them. */
#include <stdio.h>
#include <string.h>

#include "core/str.h"
#include "crm/mail.h"
#include "crm/qt_template.h"
#include "db/db.h"
#include "quotes.h"
#include "web/pages.h"
#include "web/request.h"
#include "web/response.h"
#include "web/view.h"

int qtemplates_list(struct ctx *c)
{
	struct db_rows r;
	bool archived = req_bool(c, "archived");
	int rc = qt_list(c->db, c->a, archived, &r);
	if (rc)
		return rc;
	view_set_rows(c->view, "Templates", &r);
	if (archived)
		view_set(c->view, "Filter.Archived", "1");
	page_nav(c, "quotes", "Quotes.Templates.Title");
	return http_page(c, 200, "quotes/templates.cs");
}

static int form(struct ctx *c, int64_t id, int status, const struct err_info *e)
{
	struct db_rows t, l;
	int rc;
	struct view *v = c->view;
	if (id) {
		if ((rc = qt_get(c->db, c->a, id, &t)) || (rc = qt_lines(c->db, c->a, id, &l)))
			return rc;
		view_set_row(v, "Tpl", &t, 0);
		view_set_rows(v, "TplLines", &l);
		for (size_t i = 0; i < l.nrows; i++) {
			char b[40];
			quote_format_fixed(db_getn_i64(&l, i, "quantity_e3"), 3, c->lang, b, sizeof b);
			view_setk(v, b, "TplLines.%zu.Qty", i);
		}
		view_set(v, "Page.Title", db_getn(&t, 0, "name"));
		if ((rc = quotes_fill_catalogue(c)))
			return rc;
	} else {
		view_set(v, "Tpl.require_signature", "1");
		view_set(v, "Tpl.validity_days", "0");
	}
	if (e && e->code) {
		view_set_error(v, e);
		const char *m = NULL;
		if (e->key[0]) {
			char k[96];
			snprintf(k, sizeof k, "Err.%s", e->key);
			m = view_tr(v, k);
		}
		view_set(v, "Error", m ? m : e->msg);
	}
	page_nav(c, "quotes", id ? NULL : "Quotes.Templates.New");
	return http_page(c, status, "quotes/template.cs");
}

int qtemplate_page(struct ctx *c)
{
	return form(c, c->req.id[0], 200, NULL);
}

int qtemplate_new_page(struct ctx *c)
{
	return form(c, 0, 200, NULL);
}

static int fail(struct ctx *c, int rc)
{
	if (rc == ERR_INVALID) {
		struct err_info e = c->err;
		err_clear(&c->err);
		int r2 = form(c, c->req.nid ? c->req.id[0] : 0, 422, &e);
		if (r2 == 0)
			return 0;
		c->err = e;
	}
	return rc;
}

int qtemplate_save_post(struct ctx *c)
{
	struct qt_input in = {0};
	int rc;
	if ((rc = req_text(c, "name", &in.name, 128, true, &c->err)) ||
	    (rc = req_text(c, "terms", &in.terms, 20000, false, &c->err)) ||
	    (rc = req_text(c, "payment_terms", &in.payment_terms, 255, false, &c->err)) ||
	    (rc = req_int(c, "validity_days", &in.validity_days, 0, 3650, false, NULL, &c->err)))
		return fail(c, rc);
	in.require_signature = req_bool(c, "require_signature");
	int64_t id = c->req.nid ? c->req.id[0] : 0;
	rc = id ? qt_update(c->db, id, &in, &c->err) : qt_create(c->db, &in, &id, &c->err);
	if (rc)
		return fail(c, rc);
	return http_redirect(c, arena_printf(c->a, "/quotes/templates/%lld", (long long)id));
}

int qtemplate_line_add_post(struct ctx *c)
{
	int64_t product = 0, qty = 1000;
	const char *name;
	int rc;
	if ((rc = req_int(c, "product_id", &product, 0, INT64_MAX, false, NULL, &c->err)) ||
	    (rc = req_text(c, "description", &name, 5000, false, &c->err)))
		return fail(c, rc);
	const char *qs = req_get(c, "quantity");
	if (qs && *qs && !quote_parse_fixed(qs, 3, &qty))
		return fail(c, err_set(&c->err, ERR_INVALID, "quantity", "QBadQuantity", "the quantity must be a number"));
	rc = qt_line_add(c->db, c->req.id[0], req_get(c, "display_type"), product, name, qty, &c->err);
	if (rc)
		return fail(c, rc);
	return http_redirect(c, arena_printf(c->a, "/quotes/templates/%lld", (long long)c->req.id[0]));
}

int qtemplate_line_delete_post(struct ctx *c)
{
	int rc = qt_line_delete(c->db, c->req.id[0], c->req.id[1]);
	if (rc)
		return rc;
	return http_redirect(c, arena_printf(c->a, "/quotes/templates/%lld", (long long)c->req.id[0]));
}

int qtemplate_archive_post(struct ctx *c)
{
	struct db_rows t;
	int rc = qt_get(c->db, c->a, c->req.id[0], &t);
	if (rc)
		return rc;
	if ((rc = qt_set_active(c->db, c->req.id[0], !db_getn_i64(&t, 0, "active"))))
		return rc;
	return http_redirect(c, "/quotes/templates");
}

/* The e-mail that sends a quotation (Q6), per language: /quotes/templates/mail. */
static int mail_form(struct ctx *c, int status, const struct err_info *e)
{
	struct db_rows r;
	int rc = mail_template_list(c->db, c->a, "quote_send", &r);
	if (rc)
		return rc;
	for (size_t i = 0; i < r.nrows; i++) {
		const char *l = db_get(&r, i, 0);
		view_setk(c->view, db_get(&r, i, 1), "Mail.%s.Subject", l);
		view_setk(c->view, db_get(&r, i, 2), "Mail.%s.Body", l);
	}
	if (e && e->code) {
		const char *l = req_form(c, "lang");
		if (l && (str_eq(l, "fr") || str_eq(l, "en"))) {
			view_setk(c->view, req_form(c, "subject"), "Mail.%s.Subject", l);
			view_setk(c->view, req_form(c, "body"), "Mail.%s.Body", l);
		}
		view_set_error(c->view, e);
		view_set(c->view, "Error", e->msg);
	}
	if (req_query(c, "ok"))
		view_set(c->view, "Flash", view_tr(c->view, "Quotes.Flash.saved"));
	page_nav(c, "quotes", "Quotes.MailTpl.Title");
	return http_page(c, status, "quotes/mail_template.cs");
}

int mailtpl_page(struct ctx *c)
{
	return mail_form(c, 200, NULL);
}

int mailtpl_post(struct ctx *c)
{
	const char *lang, *subject, *body;
	int rc;
	if ((rc = req_text(c, "lang", &lang, 8, true, &c->err)) ||
	    (rc = req_text(c, "subject", &subject, 500, true, &c->err)) ||
	    (rc = req_text(c, "body", &body, 20000, true, &c->err)) ||
	    (rc = mail_template_set(c->db, "quote_send", lang, subject, body, &c->err))) {
		if (rc == ERR_INVALID) {
			struct err_info e = c->err;
			err_clear(&c->err);
			if (mail_form(c, 422, &e) == 0)
				return 0;
			c->err = e;
		}
		return rc;
	}
	return http_redirect(c, "/quotes/templates/mail?ok=1");
}
