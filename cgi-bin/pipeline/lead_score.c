/* lead_score.c - /crm/leads/<id>/score: why a lead has its probability (S2):
 * the prior of its team (or of all teams) and each variable's factor, and the
 * "back to automatic" action when the probability was set by hand (S1). */
#include "pipeline.h"
#include "intel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "crm/scoring.h"
#include "db/db.h"
#include "web/pages.h"
#include "web/request.h"
#include "web/response.h"
#include "web/view.h"

int lead_score_page(struct ctx *c)
{
	int64_t id = c->req.id[0];
	if (!scoring_lead_visible(c->db, id, c->user->id, ctx_is_manager(c)))
		return err_set(&c->err, ERR_NOTFOUND, "", "NotFound", "no such record");
	view_lang(c->view, c->lang);
	struct db_rows r;
	int rc = scoring_lead_summary(c->db, c->a, id, &r);
	if (rc)
		return rc;
	view_set_row(c->view, "Lead", &r, 0);
	view_set_int(c->view, "Lead.id", id);
	struct scoring_explain ex;
	if ((rc = scoring_explain_lead(c->db, c->a, id, &ex)))
		return rc;
	view_set_int(c->view, "Score.Status", ex.status);
	view_set_int(c->view, "Score.Partition", ex.partition);
	view_set(c->view, "Score.Prior", arena_printf(c->a, "%.2f", 100 * ex.prior));
	view_set(c->view, "Score.Won", arena_printf(c->a, "%.0f", ex.W > 0.1 ? ex.W - 0.1 : 0));
	view_set(c->view, "Score.Lost", arena_printf(c->a, "%.0f", ex.L > 0.1 ? ex.L - 0.1 : 0));
	if (ex.e2 >= 0)
		view_set(c->view, "Score.Probability",
			 arena_printf(c->a, "%lld.%02lld", (long long)(ex.e2 / 100), (long long)(ex.e2 % 100)));
	for (size_t i = 0; i < ex.nf; i++) {
		const struct scoring_factor *f = &ex.f[i];
		view_setk(c->view, scoring_var_names[f->var], "Score.F.%zu.Var", i);
		view_setk(c->view, f->value, "Score.F.%zu.Value", i);
		if (f->skipped) {
			view_setk(c->view, f->skipped, "Score.F.%zu.Skipped", i);
		} else {
			view_setk(c->view, arena_printf(c->a, "%.2f", f->factor), "Score.F.%zu.Factor", i);
			view_setk(c->view, f->factor > 1.005 ? "up" : f->factor < 0.995 ? "down" : "same", "Score.F.%zu.Dir", i);
		}
		view_setk(c->view, arena_printf(c->a, "%.0f", f->won > 0.1 ? f->won - 0.1 : 0), "Score.F.%zu.Won", i);
		view_setk(c->view, arena_printf(c->a, "%.0f", f->lost > 0.1 ? f->lost - 0.1 : 0), "Score.F.%zu.Lost", i);
	}
	/* ?fragment=1: the explanation alone, shown inside the lead form. */
	if (req_query(c, "fragment"))
		return http_page(c, 200, "intel/score_fragment.cs");
	page_nav(c, "pipeline", "Intel.Score.Title");
	return http_page(c, 200, "intel/lead_score.cs");
}

int lead_score_automatic_post(struct ctx *c)
{
	int64_t id = c->req.id[0];
	if (!scoring_lead_visible(c->db, id, c->user->id, ctx_is_manager(c)))
		return err_set(&c->err, ERR_NOTFOUND, "", "NotFound", "no such record");
	int rc = scoring_set_automatic(c->db, id, NULL);
	if (rc == ERR_NOTFOUND)
		return err_set(&c->err, ERR_GONE, "", "Archived", "an archived record keeps its probability");
	if (rc)
		return rc;
	/* Back to where the button was: the lead form or the score page. */
	const char *next = req_get(c, "next");
	char loc[64];
	snprintf(loc, sizeof loc, "/crm/leads/%lld%s", (long long)id,
		 next && strcmp(next, "form") == 0 ? "" : "/score");
	return http_redirect(c, loc);
}
