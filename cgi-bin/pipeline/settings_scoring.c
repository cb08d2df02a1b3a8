/* settings_scoring.c - /crm/settings/scoring (managers): the variables and
 * start date of predictive scoring (S1), what the model learned per team, and
 * the "Rebuild now" button. */
#include "pipeline.h"
#include "intel.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/err.h"
#include "core/str.h"
#include "crm/scoring.h"
#include "crm/settings.h"
#include "db/db.h"
#include "web/pages.h"
#include "web/request.h"
#include "web/response.h"
#include "web/view.h"

static int page(struct ctx *c, int status, const char *fields_override, const char *date_override)
{
	view_lang(c->view, c->lang);
	page_nav(c, "settings", "Intel.Scoring.Title");
	struct scoring_config cfg;
	int rc = scoring_config_load(c->db, &cfg);
	if (rc)
		return rc;
	for (int v = SV_COUNTRY; v < SV_COUNT; v++) {
		view_setk(c->view, scoring_setting_names[v], "Scoring.Vars.%d.Key", v);
		bool on = fields_override ? strstr(fields_override, scoring_setting_names[v]) != NULL
					  : (cfg.vars & (1u << v)) != 0;
		if (on)
			view_setk(c->view, "1", "Scoring.Vars.%d.On", v);
	}
	view_set(c->view, "Scoring.StartDate", date_override ? date_override : cfg.start_date);
	view_set(c->view, "Scoring.LastRebuild", settings_get(c->db, c->a, "scoring_last_rebuild", NULL));
	if (settings_bool(c->db, "scoring_rebuild_requested", false))
		view_set(c->view, "Scoring.Requested", "1");
	struct db_rows r;
	if ((rc = scoring_team_totals(c->db, c->a, &r)))
		return rc;
	view_set_rows(c->view, "Scoring.Teams", &r);
	const char *keys[] = {"saved", "rebuilt", "updated", "scheduled", NULL};
	for (size_t i = 0; keys[i]; i++)
		view_setk(c->view, req_query(c, keys[i]), "Scoring.Done.%s", keys[i]);
	return http_page(c, status, "intel/settings_scoring.cs");
}

int settings_scoring_get(struct ctx *c)
{
	return page(c, 200, NULL, NULL);
}

int settings_scoring_post(struct ctx *c)
{
	const char **vals;
	size_t n;
	int rc = req_list(c, "field", &vals, &n, &c->err);
	char fields[200] = "";
	for (size_t i = 0; !rc && i < n && i < 16; i++) {
		size_t l = strlen(fields);
		snprintf(fields + l, sizeof fields - l, "%s%s", l ? "," : "", vals[i] ? vals[i] : "");
	}
	const char *date = NULL;
	if (!rc)
		rc = req_text(c, "start_date", &date, 10, false, &c->err);
	if (!rc)
		rc = scoring_settings_save(c->db, fields, date ? date : "", &c->err);
	if (rc == ERR_INVALID) {
		view_set_error(c->view, &c->err);
		return page(c, 422, fields, date);
	}
	if (rc)
		return rc;
	return http_redirect(c, "/crm/settings/scoring?saved=1");
}

int settings_scoring_rebuild_post(struct ctx *c)
{
	json_t *j;
	bool scheduled;
	int rc = intel_rebuild_now(c, &j, &scheduled);
	if (rc)
		return rc;
	if (scheduled)
		return http_redirect(c, "/crm/settings/scoring?scheduled=1");
	char loc[128];
	snprintf(loc, sizeof loc, "/crm/settings/scoring?rebuilt=%lld&updated=%lld",
		 (long long)json_integer_value(json_object_get(j, "rescored")),
		 (long long)json_integer_value(json_object_get(j, "updated")));
	json_decref(j);
	return http_redirect(c, loc);
}
