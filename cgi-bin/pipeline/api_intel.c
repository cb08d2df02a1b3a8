/* api_intel.c - JSON API of the intelligence area (X2a): POST
 * /api/v1/scoring/rebuild, POST /api/v1/assignment/run {team_id?}, GET
 * /api/v1/leads/{id}/score (S2), POST /api/v1/leads/{id}/score/automatic,
 * GET /api/v1/filter/check?filter= (the settings pages' live check). The
 * reports' JSON is in reports.c with their pages. */
#include "pipeline.h"
#include "intel.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "crm/assign.h"
#include "crm/merge.h"
#include "crm/filter.h"
#include "crm/scoring.h"
#include "crm/settings.h"
#include "db/db.h"
#include "web/request.h"
#include "web/response.h"
#include "web/view.h"

/* Above this many leads the rebuild runs in `piste cron`, not in a request. */
#define REBUILD_INLINE_MAX 200000

int intel_rebuild_now(struct ctx *c, json_t **out, bool *scheduled)
{
	*out = NULL;
	struct scoring_stats st;
	int rc = scoring_rebuild_or_schedule(c->db, REBUILD_INLINE_MAX, scheduled, &st);
	if (rc || *scheduled)
		return rc;
	*out = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:f}", "learned_won", (json_int_t)st.won, "learned_lost",
			 (json_int_t)st.lost, "rows", (json_int_t)st.rows, "rescored", (json_int_t)st.candidates,
			 "updated", (json_int_t)st.updated, "unscored", (json_int_t)st.unscored, "seconds",
			 st.learn_s + st.score_s);
	return 0;
}

int api_scoring_rebuild(struct ctx *c)
{
	json_t *j;
	bool scheduled;
	int rc = intel_rebuild_now(c, &j, &scheduled);
	if (rc)
		return rc;
	if (scheduled)
		return http_json(c, 202, json_pack("{s:b}", "scheduled", 1));
	return http_json(c, 200, j);
}

int api_assignment_run(struct ctx *c)
{
	struct assign_opts o = {.author_id = c->user->id, .merge = merge_assign_hook};
	bool present;
	int rc = req_int(c, "team_id", &o.team_id, 1, INT64_MAX, false, &present, &c->err);
	if (rc)
		return rc;
	view_lang(c->view, c->lang);
	o.summary_tmpl = view_tr(c->view, "Intel.Assign.SummaryFmt");
	struct assign_result r;
	if ((rc = assign_run(c->db, &o, &r, &c->err)))
		return rc;
	json_t *teams = json_array();
	for (size_t i = 0; i < r.nteams; i++)
		json_array_append_new(teams, json_pack("{s:I, s:s, s:I, s:I, s:I, s:I, s:b}", "id",
						       (json_int_t)r.teams[i].team_id, "name", r.teams[i].name,
						       "allocated", (json_int_t)r.teams[i].allocated, "assigned",
						       (json_int_t)r.teams[i].assigned, "salespersons",
						       (json_int_t)r.teams[i].salespersons, "merged",
						       (json_int_t)r.teams[i].merged, "bad_filter", r.teams[i].bad_filter));
	return http_json(c, 200,
			 json_pack("{s:I, s:I, s:I, s:I, s:s, s:o, s:b}", "allocated", (json_int_t)r.allocated,
				   "assigned", (json_int_t)r.assigned, "salespersons", (json_int_t)r.salespersons,
				   "merged", (json_int_t)r.merged, "summary", r.summary, "teams", teams,
				   "merge_available", o.merge != NULL));
}

int api_lead_score(struct ctx *c)
{
	int64_t id = c->req.id[0];
	if (!scoring_lead_visible(c->db, id, c->user->id, ctx_is_manager(c)))
		return err_set(&c->err, ERR_NOTFOUND, "", "NotFound", "no such record");
	struct scoring_explain ex;
	int rc = scoring_explain_lead(c->db, c->a, id, &ex);
	if (rc)
		return rc;
	static const char *const status[] = {"scored", "no_stage", "won_stage", "cannot_score"};
	json_t *f = json_array();
	for (size_t i = 0; i < ex.nf; i++) {
		const struct scoring_factor *x = &ex.f[i];
		json_t *o = json_pack("{s:s, s:s, s:f, s:f, s:f, s:f, s:f}", "variable", scoring_var_names[x->var],
				      "value", x->value, "factor", x->factor, "won", x->won, "lost", x->lost,
				      "won_total", x->won_total, "lost_total", x->lost_total);
		json_object_set_new(o, "skipped", x->skipped ? json_string(x->skipped) : json_null());
		json_array_append_new(f, o);
	}
	json_t *j = json_pack("{s:I, s:s, s:I, s:f, s:f, s:f, s:o}", "id", (json_int_t)id, "status",
			      status[ex.status], "partition", (json_int_t)ex.partition, "won_total", ex.W,
			      "lost_total", ex.L, "prior", ex.status == 0 ? 100 * ex.prior : 0.0, "factors", f);
	json_object_set_new(j, "probability", ex.e2 >= 0 ? json_real((double)ex.e2 / 100) : json_null());
	return http_json(c, 200, j);
}

int api_lead_score_automatic(struct ctx *c)
{
	int64_t id = c->req.id[0];
	if (!scoring_lead_visible(c->db, id, c->user->id, ctx_is_manager(c)))
		return err_set(&c->err, ERR_NOTFOUND, "", "NotFound", "no such record");
	int64_t e2;
	int rc = scoring_set_automatic(c->db, id, &e2);
	if (rc == ERR_NOTFOUND)
		return err_set(&c->err, ERR_GONE, "", "Archived", "an archived record keeps its probability");
	if (rc)
		return rc;
	return http_json(c, 200, json_pack("{s:I, s:f, s:b}", "id", (json_int_t)id, "probability", (double)e2 / 100,
					   "probability_manual", 0));
}

int api_filter_check(struct ctx *c)
{
	const char *f = req_query(c, "filter");
	struct err_info e = {0};
	int pos = 0;
	if (filter_validate(f, "filter", &e, &pos) == 0)
		return http_json(c, 200, json_pack("{s:b}", "ok", 1));
	view_lang(c->view, c->lang);
	char key[96];
	snprintf(key, sizeof key, "Intel.Filter.%s", e.key);
	const char *msg = view_tr(c->view, key);
	return http_json(c, 200, json_pack("{s:b, s:s, s:s, s:i, s:s}", "ok", 0, "key", e.key, "message",
					   msg ? msg : e.msg, "position", pos, "detail", e.msg));
}
