/* leads.c - the lists (P2): /crm/leads and /crm/opportunities with search,
 * filters, group by, sort and keyset pagination; bulk actions and CSV
 * export (P14). */
#include "pipeline.h"

#include <string.h>

#include "core/buf.h"
#include "core/str.h"
#include "crm/lead.h"
#include "db/db.h"
#include "web/pages.h"
#include "web/request.h"
#include "web/response.h"
#include "web/view.h"

#define LIST_PAGE 80
#define COUNT_CAP 1000 /* lists say "1000+" beyond: counting a million rows per page view costs too much */

int leads_query_from_request(struct ctx *c, struct lead_query *lq)
{
	struct err_info *e = &c->err;
	int rc;
	memset(lq, 0, sizeof *lq);
	lq->viewer_id = c->user->id;
	if ((rc = req_text(c, "q", &lq->q, 100, false, e)) != 0)
		return rc;
	const char **fs;
	size_t nf;
	if ((rc = req_list(c, "filter", &fs, &nf, e)) != 0)
		return rc;
	for (size_t i = 0; i < nf; i++) {
		if (!*fs[i])
			continue;
		unsigned bit = lead_filter_parse(fs[i]);
		if (!bit)
			return err_set(e, ERR_INVALID, "filter", "Unknown", "unknown filter '%.40s'", fs[i]);
		lq->filters |= bit;
	}
	const struct {
		const char *name;
		int64_t *dst;
	} ints[] = {{"stage_id", &lq->stage_id}, {"team_id", &lq->team_id}, {"user_id", &lq->user_id},
		    {"tag_id", &lq->tag_id}, {"partner_id", &lq->partner_id},
		    {"lost_reason_id", &lq->lost_reason_id}, {"after", &lq->after_id},
		    {"offset", &lq->offset}};
	for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
		if ((rc = req_int(c, ints[i].name, ints[i].dst, 0, INT64_MAX, false, NULL, e)) != 0)
			return rc;
	if ((rc = req_date(c, "created_from", &lq->created_from, false, e)) != 0 ||
	    (rc = req_date(c, "created_to", &lq->created_to, false, e)) != 0 ||
	    (rc = req_date(c, "closing_from", &lq->closing_from, false, e)) != 0 ||
	    (rc = req_date(c, "closing_to", &lq->closing_to, false, e)) != 0)
		return rc;
	const char *act = req_get(c, "activity");
	if (act && *act) {
		if (!str_eq(act, "overdue") && !str_eq(act, "today") && !str_eq(act, "planned") && !str_eq(act, "none"))
			return err_set(e, ERR_INVALID, "activity", "Unknown", "activity must be overdue, today, planned or none");
		lq->activity = act;
	}
	const char *sort = req_get(c, "sort");
	if (sort && *sort) {
		if (!lead_sort_known(sort))
			return err_set(e, ERR_INVALID, "sort", "Unknown", "unknown sort '%.40s'", sort);
		lq->sort = sort;
	}
	const char *order = req_get(c, "order");
	if (order && *order && !str_eq(order, "asc") && !str_eq(order, "desc"))
		return err_set(e, ERR_INVALID, "order", "Unknown", "order must be asc or desc");
	lq->asc = str_eq(order, "asc");
	int64_t limit = 0;
	if ((rc = req_int(c, "limit", &limit, 1, 1000, false, NULL, e)) != 0)
		return rc;
	lq->limit = limit ? (size_t)limit : LIST_PAGE;
	lq->today = pl_today(c);
	return 0;
}

/* The query string without the paging parameters (for next-page links). */
static const char *base_query(struct ctx *c)
{
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < c->req.nquery; i++) {
		const char *k = c->req.query[i].key;
		if (str_eq(k, "after") || str_eq(k, "offset") || !c->req.query[i].val)
			continue;
		buf_printf(&b, "%s%s=%s", b.len ? "&" : "", str_url_encode(c->a, k),
			   str_url_encode(c->a, c->req.query[i].val));
	}
	const char *s = arena_strdup(c->a, b.p ? b.p : "");
	buf_free(&b);
	return s;
}

static void set_rows(struct ctx *c, const char *prefix, const struct db_rows *r)
{
	view_set_rows(c->view, prefix, r);
	for (size_t i = 0; i < r->nrows; i++) {
		view_setk(c->view, pl_money(c, db_getn(r, i, "expected_revenue")), "%s.%zu.revenue_fmt", prefix, i);
		view_setk(c->view, pl_date(c, db_getn(r, i, "date_deadline")), "%s.%zu.deadline_fmt", prefix, i);
		view_setk(c->view, pl_date(c, db_getn(r, i, "create_date")), "%s.%zu.create_fmt", prefix, i);
		view_setk(c->view, pl_state(db_getn(r, i, "activity_deadline"), db_getn(r, i, "activity_tz")),
			  "%s.%zu.activity_state", prefix, i);
	}
}

static int list_page(struct ctx *c, const char *type)
{
	struct view *v = c->view;
	bool opp = str_eq(type, "opportunity");
	if (!opp && !pl_leads_enabled(c))
		return http_redirect(c, "/crm/opportunities");
	page_nav(c, opp ? "pipeline" : "leads", opp ? "Nav.Opportunities" : "Nav.Leads");
	struct lead_query lq;
	int rc = leads_query_from_request(c, &lq);
	if (rc == ERR_INVALID) {
		view_set_error(v, &c->err);
		memset(&lq, 0, sizeof lq);
		lq.viewer_id = c->user->id;
		lq.limit = LIST_PAGE;
		rc = 0;
		c->resp.status = 422;
	}
	if (rc)
		return rc;
	lq.type = type;
	struct access ac = pl_access(c);
	view_set(v, "List.Type", type);
	view_set(v, "List.Path", opp ? "/crm/opportunities" : "/crm/leads");
	view_set(v, "List.Query", base_query(c));
	view_set(v, "List.q", lq.q);
	for (size_t i = 0; i < c->req.nquery; i++)
		if (str_eq(c->req.query[i].key, "filter") && c->req.query[i].val)
			view_setk(v, "1", "List.Filter.%s", c->req.query[i].val);
	const char *keep[] = {"stage_id", "team_id", "user_id", "tag_id", "partner_id", "lost_reason_id",
			      "created_from", "created_to", "closing_from", "closing_to", "sort", "order",
			      "group_by", "activity"};
	for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
		view_setk(v, req_query(c, keep[i]), "List.%s", keep[i]);
	const char *group = req_query(c, "group_by");
	if (group && *group) {
		if (!lead_group_known(group)) {
			err_set(&c->err, ERR_INVALID, "group_by", "Unknown", "unknown group");
			view_set_error(v, &c->err);
			c->resp.status = 422;
		} else {
			struct db_rows g;
			if ((rc = lead_group(c->db, c->a, &ac, &lq, group, &g)) != 0)
				return rc;
			view_set_rows(v, "Groups", &g);
			for (size_t i = 0; i < g.nrows; i++)
				view_setk(v, pl_money(c, db_getn(&g, i, "revenue")), "Groups.%zu.revenue_fmt", i);
			view_set(v, "List.GroupBy", group);
		}
	}
	struct db_rows r;
	if ((rc = lead_list(c->db, c->a, &ac, &lq, &r)) != 0)
		return rc;
	set_rows(c, "Rows", &r);
	int64_t total = 0;
	if ((rc = lead_count(c->db, c->a, &ac, &lq, COUNT_CAP + 1, &total)) != 0)
		return rc;
	view_set_int(v, "List.Total", total > COUNT_CAP ? COUNT_CAP : total);
	if (total > COUNT_CAP)
		view_set(v, "List.TotalMore", "1");
	bool by_id = !lq.sort || str_eq(lq.sort, "id");
	if (r.nrows == lq.limit) {
		if (by_id)
			view_set(v, "List.Next", arena_printf(c->a, "after=%s", db_getn(&r, r.nrows - 1, "id")));
		else
			view_set(v, "List.Next", arena_printf(c->a, "offset=%lld", (long long)(lq.offset + (int64_t)r.nrows)));
	}
	if (lq.after_id || lq.offset)
		view_set(v, "List.IsLater", "1");
	pl_opt_users(c);
	pl_opt_teams(c);
	pl_opt_stages(c, lq.team_id);
	pl_opt_tags(c);
	pl_opt_reasons(c);
	return pl_page(c, c->resp.status ? c->resp.status : 200, "pipeline/list.cs");
}

int leads_list_get(struct ctx *c)
{
	return list_page(c, "lead");
}

int opportunities_list_get(struct ctx *c)
{
	return list_page(c, "opportunity");
}

static int send_csv(struct ctx *c, struct buf *b)
{
	http_header(c, "Content-Disposition", "attachment; filename=\"piste-export.csv\"");
	int rc = http_body(c, 200, "text/csv; charset=utf-8", b->p ? b->p : "", b->len);
	buf_free(b);
	return rc;
}

int leads_export_get(struct ctx *c)
{
	struct lead_query lq;
	int rc = leads_query_from_request(c, &lq);
	if (rc)
		return rc;
	const char *type = req_get(c, "type");
	if (type && *type && !str_eq(type, "lead") && !str_eq(type, "opportunity"))
		return pl_fail(c, ERR_INVALID, "type", "BadType", "type must be lead or opportunity");
	lq.type = type && *type ? type : NULL;
	struct access ac = pl_access(c);
	struct buf b;
	buf_init(&b);
	rc = lead_export_csv(c->db, c->a, &ac, &lq, NULL, 0, 100000, &b);
	if (rc) {
		buf_free(&b);
		return rc;
	}
	return send_csv(c, &b);
}

int leads_bulk_post(struct ctx *c)
{
	int64_t *ids;
	size_t n = pl_ids(c, "ids", &ids);
	const char *action = req_get(c, "action");
	struct access ac = pl_access(c);
	struct err_info *e = &c->err;
	size_t done = 0;
	int rc;
	if (n == 0)
		return pl_fail(c, ERR_INVALID, "ids", "Required", "select at least one record");
	if (n > LEAD_BULK_MAX)
		return pl_fail(c, ERR_INVALID, "ids", "OutOfRange", "too many records at once");
	if (str_eq(action, "merge") || str_eq(action, "convert")) {
		/* Both open a wizard with the selection (P5, P7). */
		char *url = arena_printf(c->a, "/crm/leads/%s?", action);
		for (size_t i = 0; i < n; i++)
			url = arena_printf(c->a, "%s%sids=%lld", url, i ? "&" : "", (long long)ids[i]);
		return http_redirect(c, url);
	}
	if (str_eq(action, "assign")) {
		int64_t user = -1, team = 0;
		const char *us = req_get(c, "user_id");
		if (us && *us) {
			if ((rc = req_int(c, "user_id", &user, 0, INT64_MAX, false, NULL, e)) != 0)
				return rc;
		} else if (us && str_eq(req_get(c, "unassign"), "1")) {
			user = 0;
		}
		if ((rc = req_int(c, "team_id", &team, 0, INT64_MAX, false, NULL, e)) != 0)
			return rc;
		rc = lead_bulk_assign(c->db, c->a, &ac, c->user->id, ids, n, user, team, &done, e);
	} else if (str_eq(action, "tag")) {
		const char *tag = NULL;
		if ((rc = req_text(c, "tag", &tag, 64, true, e)) != 0)
			return rc;
		rc = lead_bulk_tag(c->db, c->a, &ac, ids, n, tag, &done, e);
	} else if (str_eq(action, "lost")) {
		int64_t reason = 0;
		const char *note = NULL;
		if ((rc = req_int(c, "lost_reason_id", &reason, 0, INT64_MAX, false, NULL, e)) != 0 ||
		    (rc = req_text(c, "note", &note, LEAD_DESCRIPTION_MAX, false, e)) != 0)
			return rc;
		rc = lead_bulk_lost(c->db, c->a, &ac, c->user->id, ids, n, reason, note,
				    view_tr(c->view, "Pl.Chatter.Lost"), &done, e);
	} else if (str_eq(action, "export")) {
		struct lead_query lq;
		memset(&lq, 0, sizeof lq);
		struct buf b;
		buf_init(&b);
		rc = lead_export_csv(c->db, c->a, &ac, &lq, ids, n, LEAD_BULK_MAX, &b);
		if (rc) {
			buf_free(&b);
			return rc;
		}
		return send_csv(c, &b);
	} else {
		return pl_fail(c, ERR_INVALID, "action", "Unknown", "action must be assign, tag, lost, export, merge or convert");
	}
	if (rc)
		return rc;
	if (c->req.wants_json)
		return http_json(c, 200, json_pack("{s:I}", "done", (json_int_t)done));
	return http_redirect(c, page_safe_next(req_get(c, "next"), "/crm/leads"));
}
