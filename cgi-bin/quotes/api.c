/* api.c - the JSON API of quotations, products and taxes (SPEC X2a):
 * /api/v1/quotes, /api/v1/products, /api/v1/taxes. Same rules and access
 * as the pages: the handlers call the same crm functions. Money goes out as
 * decimal strings ("1234.50"); quantities, discounts and rates as numbers. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/money.h"
#include "core/str.h"
#include "crm/product.h"
#include "db/db.h"
#include "quotes.h"
#include "web/request.h"
#include "web/response.h"

/* ---- JSON helpers ------------------------------------------------------ */

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *jmoney(const char *dec)
{
	int64_t c = 0;
	if (dec)
		money_parse(dec, &c);
	char b[40];
	money_to_decimal(c, b, sizeof b);
	return json_string(b);
}

static json_t *jfixed(int64_t v, int decimals)
{
	double p = 1;
	for (int i = 0; i < decimals; i++)
		p *= 10;
	if (v % (int64_t)p == 0)
		return json_integer(v / (int64_t)p);
	return json_real((double)v / p);
}

static json_t *jids(const char *csv)
{
	json_t *a = json_array();
	while (csv && *csv) {
		json_array_append_new(a, json_integer(strtoll(csv, NULL, 10)));
		csv += strcspn(csv, ",");
		if (*csv == ',')
			csv++;
	}
	return a;
}

static json_t *jnames(const char *csv)
{
	json_t *a = json_array();
	while (csv && *csv) {
		size_t n = strcspn(csv, ",");
		char b[128];
		snprintf(b, sizeof b, "%.*s", (int)(n < 127 ? n : 127), csv);
		json_array_append_new(a, json_string(str_trim(b)));
		csv += n;
		if (*csv == ',')
			csv++;
	}
	return a;
}

/* A JSON number or numeric string as fixed point with at most `decimals`. */
static bool jnum_fixed(json_t *j, int decimals, int64_t *out)
{
	if (json_is_string(j))
		return quote_parse_fixed(json_string_value(j), decimals, out);
	if (json_is_integer(j)) {
		json_int_t v = json_integer_value(j);
		int64_t p = 1;
		for (int i = 0; i < decimals; i++)
			p *= 10;
		if (v > 1000000000000000LL / p || v < -1000000000000000LL / p)
			return false;
		*out = (int64_t)v * p;
		return true;
	}
	if (json_is_real(j)) {
		double v = json_real_value(j), p = pow(10, decimals);
		if (!isfinite(v) || fabs(v) > 1e15 / p)
			return false;
		double r = round(v * p);
		if (fabs(v * p - r) > 1e-6)
			return false;
		*out = (int64_t)r;
		return true;
	}
	return false;
}

static json_t *quote_json(struct ctx *c, int64_t id)
{
	struct quote_acl acl = quotes_acl(c);
	struct db_rows q, l;
	if (quote_get(c->db, c->a, &acl, id, &q) != 0 || quote_lines(c->db, c->a, id, &l) != 0)
		return NULL;
	json_t *lines = json_array();
	for (size_t i = 0; i < l.nrows; i++) {
		json_t *o = json_pack("{s:I, s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
				      "id", (json_int_t)db_getn_i64(&l, i, "id"), "sequence",
				      (json_int_t)db_getn_i64(&l, i, "sequence"), "display_type",
				      db_getn(&l, i, "display_type"), "product_id",
				      db_getn(&l, i, "product_id") ? json_integer(db_getn_i64(&l, i, "product_id")) : json_null(),
				      "name", jstr(db_getn(&l, i, "name")), "description", jstr(db_getn(&l, i, "name")),
				      "quantity", jfixed(db_getn_i64(&l, i, "quantity_e3"), 3), "uom",
				      jstr(db_getn(&l, i, "uom")), "price_unit", jmoney(db_getn(&l, i, "price_unit")),
				      "discount", jfixed(db_getn_i64(&l, i, "discount_e2"), 2), "tax_ids",
				      jids(db_getn(&l, i, "tax_ids")), "price_subtotal",
				      jmoney(db_getn(&l, i, "price_subtotal")), "price_tax",
				      jmoney(db_getn(&l, i, "price_tax")), "price_total", jmoney(db_getn(&l, i, "price_total")));
		json_array_append_new(lines, o);
	}
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(id));
	json_object_set_new(o, "number", jstr(db_getn(&q, 0, "number")));
	json_object_set_new(o, "state", jstr(db_getn(&q, 0, "state")));
	json_object_set_new(o, "expired", json_boolean(db_getn_i64(&q, 0, "expired")));
	static const char *const ids[] = {"opportunity_id", "partner_id", "partner_invoice_id", "partner_shipping_id",
					  "user_id", "team_id", "template_id"};
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
		json_object_set_new(o, ids[i], db_getn(&q, 0, ids[i]) ? json_integer(db_getn_i64(&q, 0, ids[i])) : json_null());
	static const char *const strs[] = {"partner_name", "user_name", "date_order", "validity_date", "payment_terms",
					   "note", "currency", "origin", "campaign", "medium", "source", "signed_by",
					   "signed_on", "signature_hash", "sent_at", "confirmed_at", "created_at"};
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
		json_object_set_new(o, strs[i], jstr(db_getn(&q, 0, strs[i])));
	json_object_set_new(o, "amount_untaxed", jmoney(db_getn(&q, 0, "amount_untaxed")));
	json_object_set_new(o, "amount_tax", jmoney(db_getn(&q, 0, "amount_tax")));
	json_object_set_new(o, "amount_total", jmoney(db_getn(&q, 0, "amount_total")));
	json_object_set_new(o, "require_signature", json_boolean(db_getn_i64(&q, 0, "require_signature")));
	json_object_set_new(o, "portal_url", json_string(quote_portal_url(c->a, c->cfg, id, db_getn(&q, 0, "access_token"))));
	json_object_set_new(o, "tags", jnames(db_getn(&q, 0, "tags")));
	json_object_set_new(o, "lines", lines);
	return o;
}

static int reply_quote(struct ctx *c, int status, int64_t id)
{
	json_t *j = quote_json(c, id);
	if (!j)
		return ERR_NOTFOUND;
	return http_json(c, status, j);
}

static const char *const line_lists[] = {"tax_ids", NULL};

/* One line object of a JSON body. */
static int json_line(struct ctx *c, json_t *o, struct quote_line_input *in, struct err_info *e)
{
	memset(in, 0, sizeof *in);
	if (!json_is_object(o))
		return err_set(e, ERR_INVALID, "lines", "QBadLine", "each line must be an object");
	/* Its read-only members too (id, subtotals...): one value each. */
	int rc = req_json_object_types(o, line_lists, NULL, e);
	if (rc)
		return rc;
	json_t *v;
	if ((v = json_object_get(o, "display_type")) && !json_is_null(v)) {
		if (!json_is_string(v))
			return err_set(e, ERR_INVALID, "display_type", "QBadLineType", "display_type must be line, section or note");
		in->display_type = arena_strdup(c->a, json_string_value(v));
	}
	if ((v = json_object_get(o, "product_id")) && !json_is_null(v)) {
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return err_set(e, ERR_INVALID, "product_id", "QUnknownProduct", "unknown product");
		in->product_id = json_integer_value(v);
	}
	v = json_object_get(o, "description");
	if (!v || json_is_null(v))
		v = json_object_get(o, "name");
	if (v && !json_is_null(v)) {
		if (!json_is_string(v))
			return err_set(e, ERR_INVALID, "description", "QBadText", "description must be a string");
		in->name = arena_strdup(c->a, json_string_value(v));
	}
	if ((v = json_object_get(o, "quantity")) && !json_is_null(v)) {
		if (!jnum_fixed(v, 3, &in->qty_e3))
			return err_set(e, ERR_INVALID, "quantity", "QBadQuantity", "the quantity must be a number (at most 3 decimals)");
		in->has_qty = true;
	}
	if ((v = json_object_get(o, "price_unit")) && !json_is_null(v)) {
		if (!jnum_fixed(v, 2, &in->price_unit))
			return err_set(e, ERR_INVALID, "price_unit", "BadAmount", "the unit price must be an amount");
		in->has_price = true;
	}
	if ((v = json_object_get(o, "discount")) && !json_is_null(v)) {
		if (!jnum_fixed(v, 2, &in->discount_e2))
			return err_set(e, ERR_INVALID, "discount", "QBadDiscount", "the discount must be between 0 and 100 %%");
		in->has_discount = true;
	}
	if ((v = json_object_get(o, "tax_ids")) && !json_is_null(v)) {
		if (!json_is_array(v) || json_array_size(v) > 16)
			return err_set(e, ERR_INVALID, "tax_ids", "QUnknownTax", "tax_ids must be a list of tax ids");
		int64_t *ids = arena_alloc(c->a, (json_array_size(v) + 1) * sizeof *ids);
		size_t i;
		json_t *t;
		json_array_foreach(v, i, t) {
			if (!json_is_integer(t) || json_integer_value(t) <= 0)
				return err_set(e, ERR_INVALID, "tax_ids", "QUnknownTax", "unknown tax");
			ids[i] = json_integer_value(t);
		}
		in->has_taxes = true;
		in->tax_ids = ids;
		in->ntax = json_array_size(v);
	}
	return 0;
}

static int json_lines(struct ctx *c, struct quote_line_input **out, size_t *n, bool *present)
{
	json_t *arr = c->req.json ? json_object_get(c->req.json, "lines") : NULL;
	*out = NULL;
	*n = 0;
	*present = arr && !json_is_null(arr);
	if (!*present)
		return 0;
	if (!json_is_array(arr))
		return err_set(&c->err, ERR_INVALID, "lines", "QBadLine", "lines must be a list");
	if (json_array_size(arr) > QUOTE_MAX_LINES)
		return err_set(&c->err, ERR_INVALID, "lines", "QTooMany", "too many lines");
	struct quote_line_input *v = arena_alloc(c->a, (json_array_size(arr) + 1) * sizeof *v);
	size_t i;
	json_t *o;
	json_array_foreach(arr, i, o) {
		int rc = json_line(c, o, &v[i], &c->err);
		if (rc)
			return rc;
	}
	*out = v;
	*n = json_array_size(arr);
	return 0;
}

static bool id_field(struct ctx *c, const char *name, int64_t *out, int *rc)
{
	bool present = false;
	*rc = req_int(c, name, out, 0, INT64_MAX, false, &present, &c->err);
	return present;
}

/* JSON types of the members of each resource (the lists and booleans of its
 * representation; every other member is one value), checked before anything
 * is read: some fields are read as they come. */
static const char *const quote_lists[] = {"lines", "tags", NULL};
static const char *const quote_flags[] = {"expired", "require_signature", NULL};
static const char *const product_lists[] = {"tax_ids", NULL};
static const char *const product_flags[] = {"active", NULL};
static const char *const tax_flags[] = {"included", "price_include", "active", NULL};

/* ---- quotations ---------------------------------------------------------- */

int api_quotes_list(struct ctx *c)
{
	struct quote_acl acl = quotes_acl(c);
	struct quote_filter f = {0};
	int rc;
	f.state = req_query(c, "state");
	f.q = req_query(c, "q");
	if (f.q && strlen(f.q) > 100)
		return err_set(&c->err, ERR_INVALID, "q", "TooLong", "q is too long");
	f.mine = req_bool(c, "mine");
	if ((rc = req_int(c, "opportunity_id", &f.opportunity_id, 0, INT64_MAX, false, NULL, &c->err)) ||
	    (rc = req_int(c, "limit", &f.limit, 1, 500, false, NULL, &c->err)) ||
	    (rc = req_int(c, "offset", &f.offset, 0, INT64_MAX / 2, false, NULL, &c->err)))
		return rc;
	struct db_rows r;
	int64_t total = 0;
	if ((rc = quote_list(c->db, c->a, &acl, &f, &r, &total)))
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < r.nrows; i++) {
		int64_t id = db_getn_i64(&r, i, "id");
		json_array_append_new(
			items, json_pack("{s:I, s:o, s:o, s:b, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)id,
					 "number", jstr(db_getn(&r, i, "number")), "state", jstr(db_getn(&r, i, "state")),
					 "expired", (int)db_getn_i64(&r, i, "expired"), "partner_name",
					 jstr(db_getn(&r, i, "partner_name")), "origin", jstr(db_getn(&r, i, "origin")),
					 "opportunity_id",
					 db_getn(&r, i, "opportunity_id") ? json_integer(db_getn_i64(&r, i, "opportunity_id"))
									  : json_null(),
					 "date_order", jstr(db_getn(&r, i, "date_order")), "validity_date",
					 jstr(db_getn(&r, i, "validity_date")), "amount_untaxed",
					 jmoney(db_getn(&r, i, "amount_untaxed")), "amount_total",
					 jmoney(db_getn(&r, i, "amount_total"))));
	}
	return http_json(c, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

int api_quotes_create(struct ctx *c)
{
	struct quote_new in = {0};
	int rc;
	if ((rc = req_json_types(c, quote_lists, quote_flags, &c->err)))
		return rc;
	if ((rc = req_int(c, "opportunity_id", &in.opportunity_id, 1, INT64_MAX, true, NULL, &c->err)))
		return rc;
	id_field(c, "partner_id", &in.partner_id, &rc);
	if (rc)
		return rc;
	id_field(c, "template_id", &in.template_id, &rc);
	if (rc)
		return rc;
	const char *choice = req_get(c, "customer");
	if (choice && *choice)
		in.customer = choice;
	struct quote_line_input *lines;
	size_t n;
	bool present;
	if ((rc = json_lines(c, &lines, &n, &present)))
		return rc;
	in.lines = lines;
	in.nlines = n;
	in.author_id = c->user->id;
	struct quote_acl acl = quotes_acl(c);
	int64_t id = 0;
	if ((rc = quote_create(c->db, c->a, &acl, &in, &id, &c->err)))
		return rc;
	http_header(c, "Location", arena_printf(c->a, "/api/v1/quotes/%lld", (long long)id));
	return reply_quote(c, 201, id);
}

int api_quote_get(struct ctx *c)
{
	return reply_quote(c, 200, c->req.id[0]);
}

int api_quote_patch(struct ctx *c)
{
	struct quote_update u = {0};
	int rc;
	int64_t id = c->req.id[0];
	struct quote_acl acl = quotes_acl(c);
	struct db_rows q;
	if ((rc = quote_get(c->db, c->a, &acl, id, &q)) || (rc = req_json_types(c, quote_lists, quote_flags, &c->err)))
		return rc;
	u.has_partner = id_field(c, "partner_id", &u.partner_id, &rc);
	if (rc)
		return rc;
	u.has_invoice = id_field(c, "partner_invoice_id", &u.partner_invoice_id, &rc);
	if (rc)
		return rc;
	u.has_shipping = id_field(c, "partner_shipping_id", &u.partner_shipping_id, &rc);
	if (rc)
		return rc;
	u.has_user = id_field(c, "user_id", &u.user_id, &rc);
	if (rc)
		return rc;
	if ((rc = req_date(c, "date_order", &u.date_order, false, &c->err)))
		return rc;
	if (c->req.json && json_object_get(c->req.json, "validity_date")) {
		u.has_validity = true;
		if ((rc = req_date(c, "validity_date", &u.validity_date, false, &c->err)))
			return rc;
	}
	if (req_has(c, "payment_terms") || (c->req.json && json_object_get(c->req.json, "payment_terms"))) {
		u.has_payment_terms = true;
		if ((rc = req_text(c, "payment_terms", &u.payment_terms, 255, false, &c->err)))
			return rc;
	}
	if (req_has(c, "note") || (c->req.json && json_object_get(c->req.json, "note"))) {
		u.has_note = true;
		if ((rc = req_text(c, "note", &u.note, 20000, false, &c->err)))
			return rc;
	}
	if (req_has(c, "require_signature")) {
		u.has_require_signature = true;
		if ((rc = req_flag(c, "require_signature", &u.require_signature, &c->err)))
			return rc;
	}
	struct quote_line_input *lines;
	size_t n;
	bool present;
	if ((rc = json_lines(c, &lines, &n, &present)))
		return rc;
	if ((rc = quote_update(c->db, c->a, &acl, id, &u, c->user->id, &c->err)))
		return rc;
	if (present && (rc = quote_lines_replace(c->db, c->a, &acl, id, lines, n, &c->err)))
		return rc;
	return reply_quote(c, 200, id);
}

int api_quote_lines_add(struct ctx *c)
{
	struct quote_line_input in;
	int rc;
	if (c->req.json)
		rc = json_line(c, c->req.json, &in, &c->err);
	else
		rc = quotes_read_line(c, &in, &c->err);
	if (rc)
		return rc;
	struct quote_acl acl = quotes_acl(c);
	int64_t line = 0;
	if ((rc = quote_line_add(c->db, c->a, &acl, c->req.id[0], &in, &line, &c->err)))
		return rc;
	return reply_quote(c, 201, c->req.id[0]);
}

int api_quote_send(struct ctx *c)
{
	struct quote_send_input in = {0};
	int rc;
	const char *to, *cc, *subject, *body, *key;
	if ((rc = req_text(c, "to", &to, 1000, false, &c->err)) || (rc = req_text(c, "cc", &cc, 1000, false, &c->err)) ||
	    (rc = req_text(c, "subject", &subject, 500, false, &c->err)) ||
	    (rc = req_text(c, "body", &body, 100000, false, &c->err)) ||
	    (rc = req_text(c, "idem_key", &key, 64, false, &c->err)))
		return rc;
	if (!key && c->req.json)
		req_text(c, "idempotency_key", &key, 64, false, &c->err);
	int64_t days = -1;
	if ((rc = req_int(c, "followup_days", &days, 0, 365, false, NULL, &c->err)))
		return rc;
	in.to = to;
	in.cc = cc;
	in.subject = subject;
	in.body = body;
	in.idem_key = key;
	in.followup_days = (int)days;
	in.author_id = c->user->id;
	struct quote_acl acl = quotes_acl(c);
	const char *mid = NULL;
	if ((rc = quote_send(c->db, c->a, c->cfg, &acl, c->req.id[0], &in, &mid, &c->err)))
		return rc;
	json_t *j = quote_json(c, c->req.id[0]);
	if (!j)
		return ERR_NOTFOUND;
	json_object_set_new(j, "message_id", jstr(mid));
	return http_json(c, 200, j);
}

static int state_change(struct ctx *c, int (*fn)(struct db *, struct arena *, const struct quote_acl *, int64_t,
						int64_t, struct err_info *))
{
	struct quote_acl acl = quotes_acl(c);
	int rc = fn(c->db, c->a, &acl, c->req.id[0], c->user->id, &c->err);
	if (rc)
		return rc;
	return reply_quote(c, 200, c->req.id[0]);
}

int api_quote_confirm(struct ctx *c)
{
	return state_change(c, quote_confirm);
}

int api_quote_cancel(struct ctx *c)
{
	return state_change(c, quote_cancel);
}

int api_quote_draft(struct ctx *c)
{
	return state_change(c, quote_set_draft);
}

int api_quote_pdf(struct ctx *c)
{
	return quote_pdf_get(c);
}

/* ---- products and taxes -------------------------------------------------- */

static json_t *product_json(const struct db_rows *r, size_t i)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:b, s:o}", "id", (json_int_t)db_getn_i64(r, i, "id"), "name",
			 jstr(db_getn(r, i, "name")), "default_code", jstr(db_getn(r, i, "default_code")), "description",
			 jstr(db_getn(r, i, "description")), "price", jmoney(db_getn(r, i, "list_price")), "uom",
			 jstr(db_getn(r, i, "uom")), "active", (int)db_getn_i64(r, i, "active"), "tax_ids",
			 jids(db_getn(r, i, "tax_ids")));
}

static int reply_product(struct ctx *c, int status, int64_t id)
{
	struct db_rows r;
	int rc = product_get(c->db, c->a, id, &r);
	if (rc)
		return rc;
	return http_json(c, status, product_json(&r, 0));
}

int api_products_list(struct ctx *c)
{
	struct db_rows r;
	int64_t total = 0, limit = 200, offset = 0;
	int rc;
	if ((rc = req_int(c, "limit", &limit, 1, 1000, false, NULL, &c->err)) ||
	    (rc = req_int(c, "offset", &offset, 0, INT64_MAX / 2, false, NULL, &c->err)))
		return rc;
	const char *q = req_query(c, "q");
	if (q && strlen(q) > 100)
		return err_set(&c->err, ERR_INVALID, "q", "TooLong", "q is too long");
	if ((rc = product_list(c->db, c->a, q, req_bool(c, "archived"), limit, offset, &r, &total)))
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < r.nrows; i++)
		json_array_append_new(items, product_json(&r, i));
	return http_json(c, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

/* Product fields of the body over base (NULL: a new product). */
static int read_product(struct ctx *c, const struct db_rows *base, struct product_input *in)
{
	int rc;
	memset(in, 0, sizeof *in);
	if ((rc = req_json_types(c, product_lists, product_flags, &c->err)))
		return rc;
	if (base) {
		in->name = db_getn(base, 0, "name");
		in->default_code = db_getn(base, 0, "default_code");
		in->description = db_getn(base, 0, "description");
		in->uom = db_getn(base, 0, "uom");
		money_parse(db_getn(base, 0, "list_price"), &in->list_price);
		const char *csv = db_getn(base, 0, "tax_ids");
		int64_t *ids = arena_alloc(c->a, 17 * sizeof *ids);
		while (csv && *csv && in->ntax < 16) {
			ids[in->ntax++] = strtoll(csv, NULL, 10);
			csv += strcspn(csv, ",");
			if (*csv == ',')
				csv++;
		}
		in->tax_ids = ids;
	}
	const char *s;
	if (!base || req_has(c, "name")) {
		if ((rc = req_text(c, "name", &s, 255, true, &c->err)))
			return rc;
		in->name = s;
	}
	static const char *const opt[] = {"default_code", "description", "uom"};
	const char **dst[] = {&in->default_code, &in->description, &in->uom};
	static const size_t max[] = {64, 5000, 32};
	for (size_t i = 0; i < 3; i++)
		if (req_has(c, opt[i])) {
			if ((rc = req_text(c, opt[i], &s, max[i], false, &c->err)))
				return rc;
			*dst[i] = s;
		}
	json_t *p = c->req.json ? json_object_get(c->req.json, "price") : NULL;
	if (!p && c->req.json)
		p = json_object_get(c->req.json, "list_price");
	if (p && !json_is_null(p)) {
		if (!jnum_fixed(p, 2, &in->list_price))
			return err_set(&c->err, ERR_INVALID, "price", "BadAmount", "the price must be an amount");
	} else if (!c->req.json && req_has(c, "price")) {
		if ((rc = req_money(c, "price", &in->list_price, false, NULL, &c->err)))
			return rc;
	}
	json_t *t = c->req.json ? json_object_get(c->req.json, "tax_ids") : NULL;
	if (t && !json_is_null(t)) {
		if (!json_is_array(t) || json_array_size(t) > 16)
			return err_set(&c->err, ERR_INVALID, "tax_ids", "QUnknownTax", "tax_ids must be a list of tax ids");
		int64_t *ids = arena_alloc(c->a, (json_array_size(t) + 1) * sizeof *ids);
		size_t i;
		json_t *x;
		json_array_foreach(t, i, x) {
			if (!json_is_integer(x))
				return err_set(&c->err, ERR_INVALID, "tax_ids", "QUnknownTax", "unknown tax");
			ids[i] = json_integer_value(x);
		}
		in->tax_ids = ids;
		in->ntax = json_array_size(t);
	}
	return 0;
}

int api_products_create(struct ctx *c)
{
	struct product_input in;
	int rc = read_product(c, NULL, &in);
	if (rc)
		return rc;
	int64_t id = 0;
	if ((rc = product_create(c->db, &in, &id, &c->err)))
		return rc;
	http_header(c, "Location", arena_printf(c->a, "/api/v1/products/%lld", (long long)id));
	return reply_product(c, 201, id);
}

int api_product_get(struct ctx *c)
{
	return reply_product(c, 200, c->req.id[0]);
}

int api_product_patch(struct ctx *c)
{
	struct db_rows base;
	int rc = product_get(c->db, c->a, c->req.id[0], &base);
	if (rc)
		return rc;
	struct product_input in;
	if ((rc = read_product(c, &base, &in)) || (rc = product_update(c->db, c->req.id[0], &in, &c->err)))
		return rc;
	bool active = false;
	if (req_has(c, "active") && ((rc = req_flag(c, "active", &active, &c->err)) ||
				     (rc = product_set_active(c->db, c->req.id[0], active))))
		return rc;
	return reply_product(c, 200, c->req.id[0]);
}

static json_t *tax_json(const struct db_rows *r, size_t i)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:b, s:b}", "id", (json_int_t)db_getn_i64(r, i, "id"), "name",
			 jstr(db_getn(r, i, "name")), "description", jstr(db_getn(r, i, "description")), "rate",
			 jfixed(tax_rate_e4(db_getn(r, i, "rate")), 4), "included", (int)db_getn_i64(r, i, "price_include"),
			 "active", (int)db_getn_i64(r, i, "active"));
}

static int reply_tax(struct ctx *c, int status, int64_t id)
{
	struct db_rows r;
	int rc = tax_get(c->db, c->a, id, &r);
	if (rc)
		return rc;
	return http_json(c, status, tax_json(&r, 0));
}

int api_taxes_list(struct ctx *c)
{
	struct db_rows r;
	int rc = tax_list(c->db, c->a, req_bool(c, "archived"), &r);
	if (rc)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < r.nrows; i++)
		json_array_append_new(items, tax_json(&r, i));
	return http_json(c, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)r.nrows));
}

static int read_tax(struct ctx *c, const struct db_rows *base, const char **name, int64_t *rate, bool *incl,
		    const char **desc)
{
	int rc;
	if ((rc = req_json_types(c, NULL, tax_flags, &c->err)))
		return rc;
	if (base) {
		*name = db_getn(base, 0, "name");
		*rate = tax_rate_e4(db_getn(base, 0, "rate"));
		*incl = db_getn_i64(base, 0, "price_include") != 0;
		*desc = db_getn(base, 0, "description");
	} else {
		*name = *desc = NULL;
		*rate = 0;
		*incl = false;
	}
	if (!base || req_has(c, "name"))
		if ((rc = req_text(c, "name", name, 64, true, &c->err)))
			return rc;
	if (req_has(c, "description") && (rc = req_text(c, "description", desc, 128, false, &c->err)))
		return rc;
	json_t *r = c->req.json ? json_object_get(c->req.json, "rate") : NULL;
	if (r && !json_is_null(r)) {
		if (!jnum_fixed(r, 4, rate))
			return err_set(&c->err, ERR_INVALID, "rate", "OutOfRange", "the rate must be between 0 and 100");
	} else if (req_has(c, "rate")) {
		if (!quote_parse_fixed(req_get(c, "rate"), 4, rate))
			return err_set(&c->err, ERR_INVALID, "rate", "OutOfRange", "the rate must be between 0 and 100");
	} else if (!base) {
		return err_set(&c->err, ERR_INVALID, "rate", "Required", "'rate' is required");
	}
	if (req_has(c, "included"))
		return req_flag(c, "included", incl, &c->err);
	if (req_has(c, "price_include"))
		return req_flag(c, "price_include", incl, &c->err);
	return 0;
}

int api_taxes_create(struct ctx *c)
{
	const char *name, *desc;
	int64_t rate, id = 0;
	bool incl;
	int rc = read_tax(c, NULL, &name, &rate, &incl, &desc);
	if (rc || (rc = tax_create(c->db, name, rate, incl, &id, &c->err)))
		return rc;
	if (desc && (rc = tax_update(c->db, id, name, rate, incl, desc, &c->err)))
		return rc;
	http_header(c, "Location", arena_printf(c->a, "/api/v1/taxes/%lld", (long long)id));
	return reply_tax(c, 201, id);
}

int api_tax_get(struct ctx *c)
{
	return reply_tax(c, 200, c->req.id[0]);
}

int api_tax_patch(struct ctx *c)
{
	struct db_rows base;
	int rc = tax_get(c->db, c->a, c->req.id[0], &base);
	if (rc)
		return rc;
	const char *name, *desc;
	int64_t rate;
	bool incl;
	if ((rc = read_tax(c, &base, &name, &rate, &incl, &desc)) ||
	    (rc = tax_update(c->db, c->req.id[0], name, rate, incl, desc, &c->err)))
		return rc;
	bool active = false;
	if (req_has(c, "active") &&
	    ((rc = req_flag(c, "active", &active, &c->err)) || (rc = tax_set_active(c->db, c->req.id[0], active))))
		return rc;
	return reply_tax(c, 200, c->req.id[0]);
}
