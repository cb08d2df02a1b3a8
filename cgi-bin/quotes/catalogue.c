/* catalogue.c - products and taxes (Q1): /quotes/products and
 * /quotes/taxes, lists and forms, archive / restore. Every staff member may
 * add products and taxes; changing or archiving a tax is for managers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "core/str.h"
#include "crm/product.h"
#include "db/db.h"
#include "quotes.h"
#include "web/pages.h"
#include "web/request.h"
#include "web/response.h"
#include "web/view.h"

static void show_error(struct ctx *c, const struct err_info *e)
{
	if (!e || !e->code)
		return;
	view_set_error(c->view, e);
	const char *m = NULL;
	if (e->key[0]) {
		char k[96];
		snprintf(k, sizeof k, "Err.%s", e->key);
		m = view_tr(c->view, k);
	}
	view_set(c->view, "Error", m ? m : e->msg);
}

int products_list(struct ctx *c)
{
	const char *q = req_query(c, "q");
	if (q && strlen(q) > 100)
		q = NULL;
	bool archived = req_bool(c, "archived");
	struct db_rows r;
	int64_t total = 0;
	int rc = product_list(c->db, c->a, q, archived, 500, 0, &r, &total);
	if (rc)
		return rc;
	view_set_rows(c->view, "Products", &r);
	for (size_t i = 0; i < r.nrows; i++)
		view_setk(c->view, quotes_money(c, db_getn(&r, i, "list_price")), "Products.%zu.Price", i);
	view_set(c->view, "Filter.Q", q);
	if (archived)
		view_set(c->view, "Filter.Archived", "1");
	view_set_int(c->view, "List.Total", total);
	page_nav(c, "quotes", "Quotes.Products.Title");
	return http_page(c, 200, "quotes/products.cs");
}

static int product_form(struct ctx *c, int64_t id, int status, const struct err_info *e)
{
	struct db_rows p, t;
	int rc;
	if (id) {
		if ((rc = product_get(c->db, c->a, id, &p)))
			return rc;
		view_set_row(c->view, "Product", &p, 0);
		int64_t cents = 0;
		money_parse(db_getn(&p, 0, "list_price"), &cents);
		char b[40];
		money_to_decimal(cents, b, sizeof b);
		view_set(c->view, "Product.PriceInput", b);
		const char *ids = db_getn(&p, 0, "tax_ids");
		while (ids && *ids) {
			view_setk(c->view, "1", "Product.Tax.%lld", strtoll(ids, NULL, 10));
			ids += strcspn(ids, ",");
			if (*ids == ',')
				ids++;
		}
	} else {
		view_set(c->view, "Product.uom", "Unit");
	}
	if ((rc = tax_list(c->db, c->a, false, &t)))
		return rc;
	view_set_rows(c->view, "Taxes", &t);
	if (e && e->code) {
		/* Show what was typed. */
		static const char *const f[] = {"name", "default_code", "description", "uom"};
		for (size_t i = 0; i < 4; i++)
			if (req_form(c, f[i]))
				view_setk(c->view, req_form(c, f[i]), "Product.%s", f[i]);
		if (req_form(c, "price"))
			view_set(c->view, "Product.PriceInput", req_form(c, "price"));
	}
	show_error(c, e);
	page_nav(c, "quotes", id ? NULL : "Quotes.Products.New");
	if (id)
		view_set(c->view, "Page.Title", db_getn(&p, 0, "name"));
	return http_page(c, status, "quotes/product.cs");
}

int product_page(struct ctx *c)
{
	return product_form(c, c->req.id[0], 200, NULL);
}

int product_new_page(struct ctx *c)
{
	return product_form(c, 0, 200, NULL);
}

int product_save_post(struct ctx *c)
{
	int64_t id = c->req.nid ? c->req.id[0] : 0;
	struct product_input in = {0};
	int rc;
	const char *name, *code, *desc, *uom;
	if ((rc = req_text(c, "name", &name, 255, true, &c->err)) ||
	    (rc = req_text(c, "default_code", &code, 64, false, &c->err)) ||
	    (rc = req_text(c, "description", &desc, 5000, false, &c->err)) ||
	    (rc = req_text(c, "uom", &uom, 32, false, &c->err)) ||
	    (rc = req_money(c, "price", &in.list_price, false, NULL, &c->err)))
		goto fail;
	in.name = name;
	in.default_code = code;
	in.description = desc;
	in.uom = uom;
	const char **vals;
	size_t n;
	if ((rc = req_list(c, "tax_ids", &vals, &n, &c->err)))
		goto fail;
	int64_t *ids = arena_alloc(c->a, (n + 1) * sizeof *ids);
	for (size_t i = 0; i < n; i++)
		if (!str_to_i64(vals[i], &ids[i])) {
			rc = err_set(&c->err, ERR_INVALID, "tax_ids", "QUnknownTax", "unknown tax");
			goto fail;
		}
	in.tax_ids = ids;
	in.ntax = n;
	rc = id ? product_update(c->db, id, &in, &c->err) : product_create(c->db, &in, &id, &c->err);
	if (rc == 0)
		return http_redirect(c, "/quotes/products");
fail:
	if (rc == ERR_INVALID) {
		struct err_info e = c->err;
		err_clear(&c->err);
		int r2 = product_form(c, c->req.nid ? c->req.id[0] : 0, 422, &e);
		if (r2 == 0)
			return 0;
		c->err = e;
	}
	return rc;
}

int product_archive_post(struct ctx *c)
{
	struct db_rows p;
	int rc = product_get(c->db, c->a, c->req.id[0], &p);
	if (rc)
		return rc;
	if ((rc = product_set_active(c->db, c->req.id[0], !db_getn_i64(&p, 0, "active"))))
		return rc;
	return http_redirect(c, "/quotes/products");
}

int taxes_list(struct ctx *c)
{
	struct db_rows r;
	bool archived = req_bool(c, "archived");
	int rc = tax_list(c->db, c->a, archived, &r);
	if (rc)
		return rc;
	view_set_rows(c->view, "Taxes", &r);
	for (size_t i = 0; i < r.nrows; i++) {
		char b[32];
		quote_format_fixed(tax_rate_e4(db_getn(&r, i, "rate")), 4, c->lang, b, sizeof b);
		view_setk(c->view, b, "Taxes.%zu.Rate", i);
	}
	if (archived)
		view_set(c->view, "Filter.Archived", "1");
	page_nav(c, "quotes", "Quotes.Taxes.Title");
	return http_page(c, 200, "quotes/taxes.cs");
}

static int tax_form(struct ctx *c, int64_t id, int status, const struct err_info *e)
{
	struct db_rows t;
	int rc;
	if (id) {
		if ((rc = tax_get(c->db, c->a, id, &t)))
			return rc;
		view_set_row(c->view, "Tax", &t, 0);
		char b[32];
		quote_format_fixed(tax_rate_e4(db_getn(&t, 0, "rate")), 4, "en", b, sizeof b);
		view_set(c->view, "Tax.RateInput", b);
		view_set(c->view, "Page.Title", db_getn(&t, 0, "name"));
	}
	if (e && e->code) {
		if (req_form(c, "name"))
			view_set(c->view, "Tax.name", req_form(c, "name"));
		if (req_form(c, "rate"))
			view_set(c->view, "Tax.RateInput", req_form(c, "rate"));
	}
	show_error(c, e);
	page_nav(c, "quotes", id ? NULL : "Quotes.Taxes.New");
	if (id)
		view_set(c->view, "Page.Title", db_getn(&t, 0, "name"));
	return http_page(c, status, "quotes/tax.cs");
}

int tax_page(struct ctx *c)
{
	return tax_form(c, c->req.id[0], 200, NULL);
}

int tax_new_page(struct ctx *c)
{
	return tax_form(c, 0, 200, NULL);
}

int tax_save_post(struct ctx *c)
{
	int64_t id = c->req.nid ? c->req.id[0] : 0;
	const char *name, *desc, *rate_s;
	int rc;
	int64_t rate = 0;
	if ((rc = req_text(c, "name", &name, 64, true, &c->err)) ||
	    (rc = req_text(c, "description", &desc, 128, false, &c->err)) ||
	    (rc = req_text(c, "rate", &rate_s, 20, true, &c->err)))
		goto fail;
	if (!quote_parse_fixed(rate_s, 4, &rate) || rate < 0 || rate > 1000000) {
		rc = err_set(&c->err, ERR_INVALID, "rate", "OutOfRange", "the rate must be between 0 and 100");
		goto fail;
	}
	bool incl = req_bool(c, "price_include");
	rc = id ? tax_update(c->db, id, name, rate, incl, desc, &c->err)
		: tax_create(c->db, name, rate, incl, &id, &c->err);
	if (rc == 0 && !c->req.nid && desc)
		rc = tax_update(c->db, id, name, rate, incl, desc, &c->err);
	if (rc == 0)
		return http_redirect(c, "/quotes/taxes");
fail:
	if (rc == ERR_INVALID) {
		struct err_info e = c->err;
		err_clear(&c->err);
		int r2 = tax_form(c, c->req.nid ? c->req.id[0] : 0, 422, &e);
		if (r2 == 0)
			return 0;
		c->err = e;
	}
	return rc;
}

int tax_archive_post(struct ctx *c)
{
	struct db_rows t;
	int rc = tax_get(c->db, c->a, c->req.id[0], &t);
	if (rc)
		return rc;
	if ((rc = tax_set_active(c->db, c->req.id[0], !db_getn_i64(&t, 0, "active"))))
		return rc;
	return http_redirect(c, "/quotes/taxes");
}
