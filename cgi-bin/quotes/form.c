/* form.c - one quotation: GET /quotes/<id> (header, lines, totals,
 * history), the changes posted from it (header, lines: add, edit, delete,
 * reorder; confirm, cancel, back to draft, new customer link, notes), its
 * PDF and the customer's view (Q8). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/money.h"
#include "core/str.h"
#include "crm/chatter.h"
#include "crm/pdf.h"
#include "crm/product.h"
#include "db/db.h"
#include "quotes.h"
#include "web/chatter_view.h"
#include "web/pages.h"
#include "web/request.h"
#include "web/response.h"
#include "web/view.h"

static const char *fixed(struct ctx *c, int64_t v, int decimals)
{
	char b[40];
	quote_format_fixed(v, decimals, c->lang, b, sizeof b);
	return arena_strdup(c->a, b);
}

static const char *cents_fmt(struct ctx *c, int64_t cents)
{
	char b[32];
	money_to_decimal(cents, b, sizeof b);
	return quotes_money(c, b);
}

/* A signed quotation shows what the customer signed (its snapshot, see
 * crm/quote.h), and which parts of the live records changed since. false:
 * no snapshot (signed before snapshots were kept), the live values stand. */
static bool signed_view(struct ctx *c, int64_t id)
{
	struct pdf_quote d;
	struct err_info de = {0};
	struct quote_verification qv;
	struct view *v = c->view;
	if (quote_snapshot_stored(c->db, c->a, id, NULL, NULL) != 0)
		return false;
	if (quote_pdf_doc(c->db, c->a, c->cfg, id, c->lang, &d, &de) != 0 ||
	    quote_verify(c->db, c->a, c->cfg, id, &qv) != 0) {
		view_set(v, "Quote.SnapshotInvalid", "1"); /* damaged beyond reading */
		return false;
	}
	view_set(v, "Quote.partner_name", d.customer_name ? d.customer_name : "");
	view_set(v, "Quote.user_name", d.salesperson ? d.salesperson : "");
	view_set(v, "Quote.payment_terms", d.payment_terms ? d.payment_terms : "");
	view_set(v, "Quote.note", d.note ? d.note : "");
	view_set(v, "Quote.DateFmt", quotes_date(c, d.date_order));
	view_set(v, "Quote.ValidityFmt", quotes_date(c, d.validity_date));
	view_set(v, "Quote.Untaxed", cents_fmt(c, d.untaxed));
	view_set(v, "Quote.Tax", cents_fmt(c, d.tax));
	view_set(v, "Quote.Total", cents_fmt(c, d.total));
	for (size_t i = 0; i < d.nlines; i++) {
		const struct pdf_line *l = &d.lines[i];
		view_setk(v, l->type, "Lines.%zu.type", i);
		view_setk(v, l->name, "Lines.%zu.name", i);
		view_setk(v, l->code, "Lines.%zu.code", i);
		view_setk(v, l->uom, "Lines.%zu.uom", i);
		view_setk(v, l->taxes, "Lines.%zu.taxes", i);
		view_setk(v, fixed(c, l->qty_e3, 3), "Lines.%zu.qty", i);
		view_setk(v, fixed(c, l->discount_e2, 2), "Lines.%zu.disc", i);
		if (l->discount_e2)
			view_setk(v, "1", "Lines.%zu.HasDisc", i);
		view_setk(v, cents_fmt(c, l->price_unit), "Lines.%zu.PriceFmt", i);
		view_setk(v, cents_fmt(c, l->subtotal), "Lines.%zu.SubtotalFmt", i);
	}
	view_set_int(v, "Quote.NLines", (int64_t)d.nlines);
	if (!qv.valid)
		view_set(v, "Quote.SnapshotInvalid", "1");
	/* The parts that changed, once each, in the snapshot's order. */
	static const char *const parts[] = {"company", "customer", "salesperson", "lines", "taxes", "untaxed",
					    "tax", "total", "payment_terms", "terms"};
	size_t n = 0;
	for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++)
		for (size_t i = 0; i < qv.nchanged; i++) {
			size_t pl = strlen(parts[k]);
			const char *f = qv.changed[i];
			if (strncmp(f, parts[k], pl) == 0 && (f[pl] == '\0' || f[pl] == '.' || f[pl] == '[')) {
				view_setk(v, parts[k], "Quote.SnapshotChanged.%zu", n++);
				break;
			}
		}
	return true;
}

int quote_page_render(struct ctx *c, int64_t id, int status, const struct err_info *e)
{
	struct quote_acl acl = quotes_acl(c);
	struct db_rows q, lines, partners;
	int rc = quote_get(c->db, c->a, &acl, id, &q);
	if (rc)
		return rc;
	if ((rc = quote_lines(c->db, c->a, id, &lines)))
		return rc;
	struct view *v = c->view;
	view_set_row(v, "Quote", &q, 0);
	const char *state = db_getn(&q, 0, "state");
	bool editable = (str_eq(state, "draft") || str_eq(state, "sent")) && !db_getn(&q, 0, "signed_on");
	if (editable) {
		view_set(v, "Quote.Editable", "1");
		if ((rc = quotes_fill_catalogue(c)) || (rc = quote_partner_choices(c->db, c->a, &acl, db_getn_i64(&q, 0, "partner_id"), &partners)))
			return rc;
		view_set_rows(v, "Partners", &partners);
	}
	view_set(v, "Quote.Untaxed", quotes_money(c, db_getn(&q, 0, "amount_untaxed")));
	view_set(v, "Quote.Tax", quotes_money(c, db_getn(&q, 0, "amount_tax")));
	view_set(v, "Quote.Total", quotes_money(c, db_getn(&q, 0, "amount_total")));
	view_set(v, "Quote.DateFmt", quotes_date(c, db_getn(&q, 0, "date_order")));
	view_set(v, "Quote.ValidityFmt", quotes_date(c, db_getn(&q, 0, "validity_date")));
	view_set(v, "Quote.PortalUrl", quote_portal_url(c->a, c->cfg, id, db_getn(&q, 0, "access_token")));
	bool frozen = db_getn(&q, 0, "signed_on") && signed_view(c, id);
	for (size_t i = 0; i < lines.nrows && !frozen; i++) {
		view_setk(v, db_getn(&lines, i, "id"), "Lines.%zu.id", i);
		view_setk(v, db_getn(&lines, i, "display_type"), "Lines.%zu.type", i);
		view_setk(v, db_getn(&lines, i, "name"), "Lines.%zu.name", i);
		view_setk(v, db_getn(&lines, i, "product_name"), "Lines.%zu.product", i);
		view_setk(v, db_getn(&lines, i, "default_code"), "Lines.%zu.code", i);
		view_setk(v, db_getn(&lines, i, "uom"), "Lines.%zu.uom", i);
		view_setk(v, db_getn(&lines, i, "tax_names"), "Lines.%zu.taxes", i);
		view_setk(v, fixed(c, db_getn_i64(&lines, i, "quantity_e3"), 3), "Lines.%zu.qty", i);
		view_setk(v, fixed(c, db_getn_i64(&lines, i, "discount_e2"), 2), "Lines.%zu.disc", i);
		if (db_getn_i64(&lines, i, "discount_e2"))
			view_setk(v, "1", "Lines.%zu.HasDisc", i);
		int64_t price = 0;
		money_parse(db_getn(&lines, i, "price_unit"), &price);
		char pb[40];
		money_to_decimal(price, pb, sizeof pb);
		view_setk(v, pb, "Lines.%zu.price", i);
		view_setk(v, quotes_money(c, db_getn(&lines, i, "price_unit")), "Lines.%zu.PriceFmt", i);
		view_setk(v, quotes_money(c, db_getn(&lines, i, "price_subtotal")), "Lines.%zu.SubtotalFmt", i);
		const char *ids = db_getn(&lines, i, "tax_ids");
		while (ids && *ids) {
			long long t = strtoll(ids, NULL, 10);
			view_setk(v, "1", "Lines.%zu.Tax.%lld", i, t);
			ids += strcspn(ids, ",");
			if (*ids == ',')
				ids++;
		}
		if (i == 0)
			view_setk(v, "1", "Lines.%zu.First", i);
		if (i + 1 == lines.nrows)
			view_setk(v, "1", "Lines.%zu.Last", i);
	}
	if (!frozen)
		view_set_int(v, "Quote.NLines", (int64_t)lines.nrows);
	if (db_getn_i64(&q, 0, "opportunity_id")) {
		view_set(v, "Opp.Quotations", db_getn(&q, 0, "opp_quotations"));
		view_set(v, "Opp.Orders", db_getn(&q, 0, "opp_orders"));
		view_set(v, "Opp.OrderAmount", quotes_money(c, db_getn(&q, 0, "opp_order_amount")));
	}
	const char *ok = req_query(c, "ok");
	if (ok && strlen(ok) < 32) {
		char k[64];
		snprintf(k, sizeof k, "Quotes.Flash.%s", ok);
		view_set(v, "Flash", view_tr(v, k));
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
		view_set(v, "ErrorField", e->field);
	}
	view_set(c->view, "Chatter.PublicOption", "1");
	if ((rc = chatter_view_fill(c, "quote", id, arena_printf(c->a, "/quotes/%lld/note", (long long)id))))
		return rc;
	page_nav(c, "quotes", NULL);
	view_set(v, "Page.Title", db_getn(&q, 0, "number"));
	view_set(v, "Page.Js.0", "/static/vendor/Sortable.min.js");
	view_set(v, "Page.Js.1", "/static/js/quotes.js");
	return http_page(c, status, "quotes/form.cs");
}

int quote_page(struct ctx *c)
{
	return quote_page_render(c, c->req.id[0], 200, NULL);
}

/* After a change: back to the page, or the page again with the error. */
static int after(struct ctx *c, int rc, const char *ok, const char *anchor)
{
	int64_t id = c->req.id[0];
	if (rc == 0)
		return http_redirect(c, arena_printf(c->a, "/quotes/%lld%s%s%s%s", (long long)id, ok ? "?ok=" : "",
						     ok ? ok : "", anchor ? "#" : "", anchor ? anchor : ""));
	if (rc == ERR_INVALID || rc == ERR_CONFLICT) {
		struct err_info e = c->err;
		err_clear(&c->err);
		int r2 = quote_page_render(c, id, err_http_status(rc), &e);
		if (r2 == 0)
			return 0;
		c->err = e;
	}
	return rc;
}

int quotes_read_line(struct ctx *c, struct quote_line_input *in, struct err_info *e)
{
	memset(in, 0, sizeof *in);
	int rc;
	const char *t = req_get(c, "display_type");
	in->display_type = t && *t ? t : NULL;
	if ((rc = req_int(c, "product_id", &in->product_id, 0, INT64_MAX, false, NULL, e)))
		return err_set(e, ERR_INVALID, "product_id", "QUnknownProduct", "unknown product");
	const char *name;
	if ((rc = req_text(c, "description", &name, 5000, false, e)))
		return rc;
	if (!name && req_has(c, "name") && (rc = req_text(c, "name", &name, 5000, false, e)))
		return rc;
	in->name = name;
	const char *s = req_get(c, "quantity");
	if (s && *s) {
		if (!quote_parse_fixed(s, 3, &in->qty_e3))
			return err_set(e, ERR_INVALID, "quantity", "QBadQuantity",
				       "the quantity must be a number (at most 3 decimals)");
		in->has_qty = true;
	}
	bool present = false;
	if ((rc = req_money(c, "price_unit", &in->price_unit, false, &present, e)))
		return rc;
	in->has_price = present;
	s = req_get(c, "discount");
	if (s && *s) {
		if (!quote_parse_fixed(s, 2, &in->discount_e2))
			return err_set(e, ERR_INVALID, "discount", "QBadDiscount",
				       "the discount must be between 0 and 100 %%");
		in->has_discount = true;
	}
	const char **vals;
	size_t n;
	if ((rc = req_list(c, "tax_ids", &vals, &n, e)))
		return rc;
	if (n || req_bool(c, "taxes_present")) {
		if (n > 16)
			return err_set(e, ERR_INVALID, "tax_ids", "QTooMany", "at most 16 taxes per line");
		int64_t *ids = arena_alloc(c->a, (n + 1) * sizeof *ids);
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			if (!*vals[i])
				continue;
			if (!str_to_i64(vals[i], &ids[k]) || ids[k] <= 0)
				return err_set(e, ERR_INVALID, "tax_ids", "QUnknownTax", "unknown tax");
			k++;
		}
		in->has_taxes = true;
		in->tax_ids = ids;
		in->ntax = k;
	}
	return 0;
}

int quote_post(struct ctx *c)
{
	struct quote_update u = {0};
	int rc;
	if (req_has(c, "partner_id")) {
		u.has_partner = true;
		if ((rc = req_int(c, "partner_id", &u.partner_id, 0, INT64_MAX, false, NULL, &c->err)))
			return after(c, rc, NULL, NULL);
	}
	/* 0 = "same as the customer" (stored as NULL, the PDF falls back). */
	if (req_has(c, "partner_invoice_id")) {
		u.has_invoice = true;
		if ((rc = req_int(c, "partner_invoice_id", &u.partner_invoice_id, 0, INT64_MAX, false, NULL,
				  &c->err)))
			return after(c, rc, NULL, NULL);
	}
	if (req_has(c, "partner_shipping_id")) {
		u.has_shipping = true;
		if ((rc = req_int(c, "partner_shipping_id", &u.partner_shipping_id, 0, INT64_MAX, false, NULL,
				  &c->err)))
			return after(c, rc, NULL, NULL);
	}
	if ((rc = req_date(c, "date_order", &u.date_order, false, &c->err)))
		return after(c, rc, NULL, NULL);
	if (req_has(c, "validity_date")) {
		u.has_validity = true;
		if ((rc = req_date(c, "validity_date", &u.validity_date, false, &c->err)))
			return after(c, rc, NULL, NULL);
	}
	if (req_has(c, "payment_terms")) {
		u.has_payment_terms = true;
		if ((rc = req_text(c, "payment_terms", &u.payment_terms, 255, false, &c->err)))
			return after(c, rc, NULL, NULL);
	}
	if (req_has(c, "note")) {
		u.has_note = true;
		if ((rc = req_text(c, "note", &u.note, 20000, false, &c->err)))
			return after(c, rc, NULL, NULL);
	}
	if (req_has(c, "signature_present")) {
		u.has_require_signature = true;
		u.require_signature = req_bool(c, "require_signature");
	}
	struct quote_acl acl = quotes_acl(c);
	rc = quote_update(c->db, c->a, &acl, c->req.id[0], &u, c->user->id, &c->err);
	return after(c, rc, "saved", NULL);
}

int quote_line_add_post(struct ctx *c)
{
	struct quote_line_input in;
	int rc = quotes_read_line(c, &in, &c->err);
	if (rc)
		return after(c, rc, NULL, NULL);
	struct quote_acl acl = quotes_acl(c);
	rc = quote_line_add(c->db, c->a, &acl, c->req.id[0], &in, NULL, &c->err);
	return after(c, rc, NULL, "lines");
}

int quote_line_post(struct ctx *c)
{
	struct quote_line_input in;
	int rc = quotes_read_line(c, &in, &c->err);
	if (rc)
		return after(c, rc, NULL, NULL);
	struct quote_acl acl = quotes_acl(c);
	rc = quote_line_update(c->db, c->a, &acl, c->req.id[0], c->req.id[1], &in, &c->err);
	return after(c, rc, NULL, "lines");
}

int quote_line_delete_post(struct ctx *c)
{
	struct quote_acl acl = quotes_acl(c);
	int rc = quote_line_delete(c->db, c->a, &acl, c->req.id[0], c->req.id[1], &c->err);
	return after(c, rc, NULL, "lines");
}

int quote_line_up_post(struct ctx *c)
{
	struct quote_acl acl = quotes_acl(c);
	int rc = quote_line_move(c->db, c->a, &acl, c->req.id[0], c->req.id[1], -1, &c->err);
	return after(c, rc, NULL, "lines");
}

int quote_line_down_post(struct ctx *c)
{
	struct quote_acl acl = quotes_acl(c);
	int rc = quote_line_move(c->db, c->a, &acl, c->req.id[0], c->req.id[1], 1, &c->err);
	return after(c, rc, NULL, "lines");
}

int quote_lines_order_post(struct ctx *c)
{
	const char **vals;
	size_t n;
	int rc = req_list(c, "ids", &vals, &n, &c->err);
	if (rc)
		return rc;
	if (n > QUOTE_MAX_LINES)
		return err_set(&c->err, ERR_INVALID, "ids", "QTooMany", "too many lines");
	int64_t *ids = arena_alloc(c->a, (n + 1) * sizeof *ids);
	for (size_t i = 0; i < n; i++)
		if (!str_to_i64(vals[i], &ids[i]))
			return err_set(&c->err, ERR_INVALID, "ids", "QBadOrder", "give every line of the quotation once");
	struct quote_acl acl = quotes_acl(c);
	rc = quote_lines_reorder(c->db, c->a, &acl, c->req.id[0], ids, n, &c->err);
	if (rc == 0 && c->req.csrf_header) /* fetch() from the drag and drop */
		return http_body(c, 200, "application/json", "{\"ok\":true}", 11);
	return after(c, rc, NULL, "lines");
}

int quote_confirm_post(struct ctx *c)
{
	struct quote_acl acl = quotes_acl(c);
	return after(c, quote_confirm(c->db, c->a, &acl, c->req.id[0], c->user->id, &c->err), "confirmed", NULL);
}

int quote_cancel_post(struct ctx *c)
{
	struct quote_acl acl = quotes_acl(c);
	return after(c, quote_cancel(c->db, c->a, &acl, c->req.id[0], c->user->id, &c->err), "cancelled", NULL);
}

int quote_draft_post(struct ctx *c)
{
	struct quote_acl acl = quotes_acl(c);
	return after(c, quote_set_draft(c->db, c->a, &acl, c->req.id[0], c->user->id, &c->err), "draft", NULL);
}

int quote_token_post(struct ctx *c)
{
	struct quote_acl acl = quotes_acl(c);
	return after(c, quote_regenerate_token(c->db, c->a, &acl, c->req.id[0], c->user->id, &c->err), "token",
		     NULL);
}

int quote_note_post(struct ctx *c)
{
	struct quote_acl acl = quotes_acl(c);
	struct db_rows q;
	int rc = quote_get(c->db, c->a, &acl, c->req.id[0], &q);
	if (rc)
		return rc;
	const char *body;
	if ((rc = req_text(c, "body", &body, 20000, true, &c->err)))
		return after(c, rc, NULL, NULL);
	/* "public": shown to the customer on the portal page (C8). */
	struct chatter_msg m = {.res_model = "quote", .res_id = c->req.id[0], .kind = "note",
				.author_id = c->user->id, .body = body, .is_public = req_bool(c, "public")};
	rc = chatter_post(c->db, &m, NULL);
	return after(c, rc, NULL, "history");
}

int quote_pdf_get(struct ctx *c)
{
	struct quote_acl acl = quotes_acl(c);
	struct db_rows q;
	int rc = quote_get(c->db, c->a, &acl, c->req.id[0], &q);
	if (rc)
		return rc;
	const char *lang = req_query(c, "lang");
	if (lang && !str_eq(lang, "fr") && !str_eq(lang, "en"))
		lang = NULL;
	struct buf pdf;
	buf_init(&pdf);
	rc = quote_pdf(c->db, c->a, c->cfg, c->req.id[0], lang, &pdf, &c->err);
	if (rc == 0) {
		const char *l = lang ? lang : quote_doc_lang(c->db, c->a, c->req.id[0]);
		bool fr = str_eq(l, "fr");
		const char *kind = str_eq(db_getn(&q, 0, "state"), "confirmed") ? (fr ? "Commande" : "Order")
										   : (fr ? "Devis" : "Quotation");
		http_header(c, "Content-Disposition",
			    arena_printf(c->a, "%s; filename=\"%s - %s.pdf\"", req_bool(c, "download") ? "attachment" : "inline",
					 kind, db_getn(&q, 0, "number")));
		http_header(c, "Cache-Control", "private, no-store");
		http_body(c, 200, "application/pdf", pdf.p, pdf.len);
	}
	buf_free(&pdf);
	return rc;
}

int quote_preview_get(struct ctx *c)
{
	struct quote_acl acl = quotes_acl(c);
	struct db_rows q;
	int rc = quote_get(c->db, c->a, &acl, c->req.id[0], &q);
	if (rc)
		return rc;
	return http_redirect(c, quote_portal_url(c->a, c->cfg, c->req.id[0], db_getn(&q, 0, "access_token")));
}

/* GET /quotes/<id>/attachments/<id>: a file of the quotation's chatter (the
 * signed PDF, a customer's attachment), for those who may see it. */
int quote_attachment_get(struct ctx *c)
{
	struct quote_acl acl = quotes_acl(c);
	struct db_rows q;
	int rc = quote_get(c->db, c->a, &acl, c->req.id[0], &q);
	return rc ? rc : chatter_attachment_send(c, "quote", c->req.id[0], c->req.id[1]);
}
