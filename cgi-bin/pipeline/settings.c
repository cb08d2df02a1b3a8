/* settings.c - /crm/settings (managers): the index of settings pages and
 * the pipeline switches: leads on/off (X6), several teams per user (P12),
 * lost reason required (P8), default team; and the quotation defaults
 * (Q3, Q6): validity in days, numbering, follow-up call after sending. */
#include "pipeline.h"

#include "core/str.h"
#include "crm/audit.h"
#include "crm/portal.h"
#include "crm/settings.h"
#include "db/db.h"
#include "web/pages.h"
#include "web/request.h"
#include "web/response.h"
#include "web/view.h"

static int render(struct ctx *c, int status)
{
	page_nav(c, "settings", "Nav.Settings");
	struct view *v = c->view;
	view_set(v, "Settings.leads_enabled", settings_bool(c->db, "leads_enabled", true) ? "1" : "0");
	view_set(v, "Settings.multi_team", settings_bool(c->db, "multi_team", false) ? "1" : "0");
	view_set(v, "Settings.require_lost_reason", settings_bool(c->db, "require_lost_reason", false) ? "1" : "0");
	view_set_int(v, "Settings.default_team_id", settings_int(c->db, "default_team_id", 0));
	if (!view_get(v, "Quote.validity_days")) {
		view_set_int(v, "Quote.validity_days", settings_int(c->db, "quotation_validity_days", 30));
		view_set_int(v, "Quote.followup_days", settings_int(c->db, "quote_followup_days", 3));
		const char *num = settings_get(c->db, c->a, "quote_numbering", "global");
		view_set(v, "Quote.numbering", num ? num : "global");
	}
	/* Bank account of the EPC payment QR code on the portal (C7); a
	 * refused value is shown back as typed. */
	view_set(v, "Settings.company_iban", req_has(c, "company_iban") ? req_form(c, "company_iban")
					     : settings_get(c->db, c->a, "company_iban", ""));
	view_set(v, "Settings.company_bic", req_has(c, "company_bic") ? req_form(c, "company_bic")
					    : settings_get(c->db, c->a, "company_bic", ""));
	pl_opt_teams(c);
	if (req_query(c, "saved"))
		view_set(v, "Flash", view_tr(v, "Pl.Settings.Saved"));
	return pl_page(c, status, "pipeline/settings.cs");
}

int settings_get_page(struct ctx *c)
{
	return render(c, 200);
}

int settings_post(struct ctx *c)
{
	int64_t team = 0;
	int rc = req_int(c, "default_team_id", &team, 0, INT64_MAX, false, NULL, &c->err);
	if (!rc && team) {
		int64_t ok = 0;
		rc = db_int(c->db, &ok, 0, "SELECT COUNT(*) FROM team WHERE id = ?", "i", team);
		if (!rc && !ok)
			rc = err_set(&c->err, ERR_INVALID, "default_team_id", "NotFound", "unknown team");
	}
	/* The IBAN fields are optional in the POST (older forms, API tools):
	 * absent means unchanged, empty means none. */
	char iban[40] = "", bic[16] = "";
	const char *iv = req_form(c, "company_iban"), *bv = req_form(c, "company_bic");
	if (!rc && iv && !str_empty(iv) && !portal_iban_normalize(iv, iban))
		rc = err_set(&c->err, ERR_INVALID, "company_iban", "BadIban",
			     "not a valid IBAN (check the digits)");
	if (!rc && bv && !str_empty(bv) && !portal_bic_normalize(bv, bic))
		rc = err_set(&c->err, ERR_INVALID, "company_bic", "BadBic", "a BIC has 8 or 11 letters and digits");
	if (rc == ERR_INVALID) {
		view_set_error(c->view, &c->err);
		return render(c, 422);
	}
	if (rc)
		return rc;
	const char *flags[] = {"leads_enabled", "multi_team", "require_lost_reason"};
	for (size_t i = 0; i < 3; i++)
		if ((rc = settings_set(c->db, flags[i], req_bool(c, flags[i]) ? "1" : "0")) != 0)
			return rc;
	if ((rc = settings_set_int(c->db, "default_team_id", team)) != 0)
		return rc;
	if (iv && (rc = settings_set(c->db, "company_iban", iban)) != 0)
		return rc;
	if (bv && (rc = settings_set(c->db, "company_bic", bic)) != 0)
		return rc;
	audit_log(c->db, c->user->id, c->user->login, c->req.remote_addr, "settings.pipeline",
		  req_bool(c, "leads_enabled") ? "leads on" : "leads off");
	return http_redirect(c, "/crm/settings?saved=1");
}

/* POST /crm/settings/quotations: default validity (0 = none), numbering
 * (one sequence, or one per year: S2026-00001), follow-up call days. */
int settings_quotes_post(struct ctx *c)
{
	struct err_info *e = &c->err;
	int64_t validity = 0, followup = 0;
	const char *numbering = req_get(c, "numbering");
	int rc = req_int(c, "validity_days", &validity, 0, 3650, true, NULL, e);
	if (!rc)
		rc = req_int(c, "followup_days", &followup, 0, 365, true, NULL, e);
	if (!rc && (!numbering || (!str_eq(numbering, "global") && !str_eq(numbering, "year"))))
		rc = err_set(e, ERR_INVALID, "numbering", "Invalid", "numbering must be global or year");
	if (rc == ERR_INVALID) {
		view_set_error(c->view, e);
		view_set(c->view, "Quote.validity_days", req_get(c, "validity_days") ? req_get(c, "validity_days") : "");
		view_set(c->view, "Quote.followup_days", req_get(c, "followup_days") ? req_get(c, "followup_days") : "");
		view_set(c->view, "Quote.numbering", numbering ? numbering : "");
		return render(c, 422);
	}
	if (rc)
		return rc;
	if ((rc = settings_set_int(c->db, "quotation_validity_days", validity)) != 0 ||
	    (rc = settings_set_int(c->db, "quote_followup_days", followup)) != 0 ||
	    (rc = settings_set(c->db, "quote_numbering", numbering)) != 0)
		return rc;
	audit_log(c->db, c->user->id, c->user->login, c->req.remote_addr, "settings.quotations", numbering);
	return http_redirect(c, "/crm/settings?saved=1");
}
