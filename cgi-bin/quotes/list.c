/* list.c - GET /quotes (the quotations list) and /quotes/new (a quotation
 * from an opportunity, with the customer choice of Q2). */
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "crm/qt_template.h"
#include "db/db.h"
#include "quotes.h"
#include "web/pages.h"
#include "web/request.h"
#include "web/response.h"
#include "web/view.h"

#define PAGE_SIZE 50

int quotes_list(struct ctx *c)
{
	struct quote_acl acl = quotes_acl(c);
	struct quote_filter f = {0};
	const char *state = req_query(c, "state");
	static const char *const states[] = {"draft", "sent", "confirmed", "cancelled", "expired"};
	for (size_t i = 0; state && i < sizeof states / sizeof states[0]; i++)
		if (str_eq(state, states[i]))
			f.state = states[i];
	const char *q = req_query(c, "q");
	if (q && strlen(q) <= 100 && *q)
		f.q = q;
	f.mine = req_bool(c, "mine");
	/* The opportunity's "Quotations" smart button opens its quotations. */
	const char *opp = req_query(c, "opportunity_id");
	if (opp && (!str_to_i64(opp, &f.opportunity_id) || f.opportunity_id < 0))
		f.opportunity_id = 0;
	int64_t page = 1;
	const char *ps = req_query(c, "page");
	if (ps && (!str_to_i64(ps, &page) || page < 1 || page > 100000))
		page = 1;
	f.limit = PAGE_SIZE;
	f.offset = (page - 1) * PAGE_SIZE;
	struct db_rows r;
	int64_t total = 0;
	int rc = quote_list(c->db, c->a, &acl, &f, &r, &total);
	if (rc)
		return rc;
	struct view *v = c->view;
	view_set_rows(v, "Quotes", &r);
	for (size_t i = 0; i < r.nrows; i++) {
		view_setk(v, quotes_money(c, db_getn(&r, i, "amount_untaxed")), "Quotes.%zu.Untaxed", i);
		view_setk(v, quotes_money(c, db_getn(&r, i, "amount_total")), "Quotes.%zu.Total", i);
		view_setk(v, quotes_date(c, db_getn(&r, i, "date_order")), "Quotes.%zu.Date", i);
		view_setk(v, quotes_date(c, db_getn(&r, i, "validity_date")), "Quotes.%zu.Validity", i);
	}
	view_set(v, "Filter.State", f.state);
	view_set(v, "Filter.Q", f.q);
	if (f.opportunity_id)
		view_set_int(v, "Filter.Opportunity", f.opportunity_id);
	if (f.mine)
		view_set(v, "Filter.Mine", "1");
	view_set_int(v, "List.Total", total);
	view_set_int(v, "List.Page", page);
	if (page > 1)
		view_set_int(v, "List.Prev", page - 1);
	if (page * PAGE_SIZE < total)
		view_set_int(v, "List.Next", page + 1);
	page_nav(c, "quotes", "Quotes.Title");
	return http_page(c, 200, "quotes/list.cs");
}

static int new_page(struct ctx *c, int64_t lead_id, int status, const struct err_info *e)
{
	struct quote_acl acl = quotes_acl(c);
	struct db_rows l, partners, tpl;
	int rc = quote_opportunity_info(c->db, c->a, &acl, lead_id, &l);
	if (rc)
		return rc;
	struct view *v = c->view;
	view_set_row(v, "Opp", &l, 0);
	if (!str_eq(db_getn(&l, 0, "type"), "opportunity"))
		view_set(v, "Opp.Refused", "lead");
	else if (!db_getn_i64(&l, 0, "active"))
		view_set(v, "Opp.Refused", "lost");
	if (!db_getn_i64(&l, 0, "partner_id")) {
		if ((rc = quote_partner_choices(c->db, c->a, &acl, db_getn_i64(&l, 0, "match_id"), &partners)))
			return rc;
		view_set_rows(v, "Partners", &partners);
		const char *dflt = db_getn(&l, 0, "match_id")	? "link"
				   : (db_getn(&l, 0, "contact_name") || db_getn(&l, 0, "partner_name")) ? "create"
													: "none";
		const char *chosen = req_get(c, "customer");
		view_set(v, "New.Customer", chosen ? chosen : dflt);
		view_set(v, "New.PartnerId", req_get(c, "partner_id") ? req_get(c, "partner_id") : db_getn(&l, 0, "match_id"));
	}
	if ((rc = qt_list(c->db, c->a, false, &tpl)))
		return rc;
	view_set_rows(v, "Templates", &tpl);
	view_set(v, "New.TemplateId", req_get(c, "template_id"));
	if (e && e->code) {
		view_set_error(v, e);
		view_set(v, "Error", e->msg);
	}
	page_nav(c, "quotes", "Quotes.New");
	return http_page(c, status, "quotes/new.cs");
}

int quotes_new_get(struct ctx *c)
{
	int64_t lead = 0;
	int rc = req_int(c, "opportunity_id", &lead, 1, INT64_MAX, true, NULL, &c->err);
	if (rc)
		return rc;
	rc = new_page(c, lead, 200, NULL);
	return rc == ERR_NOTFOUND ? err_set(&c->err, ERR_NOTFOUND, "", "", "no such opportunity") : rc;
}

int quotes_new_post(struct ctx *c)
{
	struct quote_new in = {0};
	int rc;
	if ((rc = req_int(c, "opportunity_id", &in.opportunity_id, 1, INT64_MAX, true, NULL, &c->err)) ||
	    (rc = req_int(c, "partner_id", &in.partner_id, 0, INT64_MAX, false, NULL, &c->err)) ||
	    (rc = req_int(c, "template_id", &in.template_id, 0, INT64_MAX, false, NULL, &c->err)))
		return rc;
	const char *choice = req_form(c, "customer");
	if (choice && *choice)
		in.customer = choice;
	if (str_eq(choice, "link") && !in.partner_id) {
		err_set(&c->err, ERR_INVALID, "partner_id", "Required", "choose the customer to link");
		return new_page(c, in.opportunity_id, 422, &c->err);
	}
	if (!str_eq(choice, "link"))
		in.partner_id = 0;
	in.author_id = c->user->id;
	struct quote_acl acl = quotes_acl(c);
	int64_t id = 0;
	rc = quote_create(c->db, c->a, &acl, &in, &id, &c->err);
	if (rc == ERR_INVALID) {
		int prc = new_page(c, in.opportunity_id, 422, &c->err);
		return prc == ERR_NOTFOUND ? rc : prc;
	}
	if (rc)
		return rc;
	return http_redirect(c, arena_printf(c->a, "/quotes/%lld", (long long)id));
}
