/* pipeline - the staff intranet (/crm) and the JSON API (/api/v1).
 * The route table says, for each URL, who may call it. */
#include "pipeline.h"
#include "intel.h"

#include "web/pages.h"
#include "web/response.h"
#include "web/server.h"

/* The smallest FastCGI answer: the yardstick benchmarks compare pages to. */
static int hello(struct ctx *c)
{
	return http_body(c, 200, "text/plain; charset=utf-8", "hello\n", 6);
}

static const struct route routes[] = {
	{M_GET, "/crm/hello", hello, R_NODB},
	{M_GET, "/crm", page_shell, R_LOGIN},
	{M_GET, "/crm/", page_shell, R_LOGIN},
	{M_GET, "/crm/login", login_get, R_PUBLIC},
	{M_POST, "/crm/login", login_post, R_NOCSRF},
	{M_POST, "/crm/logout", logout_post, R_LOGIN},
	{M_GET, "/crm/password", password_get, R_LOGIN},
	{M_POST, "/crm/password", password_post, R_LOGIN},
	{M_POST, "/crm/lang", lang_post, R_LOGIN},
	{M_GET, "/crm/leads", page_coming, R_LOGIN},
	{M_GET, "/crm/opportunities", page_coming, R_LOGIN},
	{M_GET, "/crm/pipeline", page_coming, R_LOGIN},
	{M_GET, "/crm/activities", page_coming, R_LOGIN},
	{M_GET, "/crm/customers", page_coming, R_LOGIN},
	/* Intelligence (issue 8): reports, scoring and assignment settings. */
	{M_GET, "/crm/reports", reports_index, R_LOGIN},
	{M_GET, "/crm/reports/pipeline", report_pipeline_page, R_LOGIN},
	{M_GET, "/crm/reports/forecast", report_forecast_page, R_LOGIN},
	{M_POST, "/crm/reports/forecast/:id/move", report_forecast_move_post, R_LOGIN},
	{M_GET, "/crm/reports/unattended", report_unattended_page, R_LOGIN},
	{M_GET, "/crm/reports/quality", report_quality_page, R_LOGIN},
	{M_GET, "/crm/reports/distribution", report_distribution_page, R_LOGIN},
	{M_GET, "/crm/reports/winloss", report_winloss_page, R_LOGIN},
	{M_GET, "/crm/reports/activities", report_activities_page, R_LOGIN},
	{M_GET, "/crm/settings/scoring", settings_scoring_get, R_MANAGER},
	{M_POST, "/crm/settings/scoring", settings_scoring_post, R_MANAGER},
	{M_POST, "/crm/settings/scoring/rebuild", settings_scoring_rebuild_post, R_MANAGER},
	{M_GET, "/crm/settings/assignment", settings_assignment_get, R_MANAGER},
	{M_POST, "/crm/settings/assignment", settings_assignment_post, R_MANAGER},
	{M_POST, "/crm/settings/assignment/run", settings_assignment_run_post, R_MANAGER},
	{M_POST, "/crm/settings/assignment/teams/:id", settings_assignment_team_post, R_MANAGER},
	{M_POST, "/crm/settings/assignment/teams/:id/members/:id", settings_assignment_member_post, R_MANAGER},
	{M_GET, "/crm/leads/:id/score", lead_score_page, R_LOGIN},
	{M_POST, "/crm/leads/:id/score/automatic", lead_score_automatic_post, R_LOGIN},
	{M_POST, "/api/v1/scoring/rebuild", api_scoring_rebuild, R_MANAGER},
	{M_POST, "/api/v1/assignment/run", api_assignment_run, R_MANAGER},
	{M_GET, "/api/v1/leads/:id/score", api_lead_score, R_LOGIN},
	{M_POST, "/api/v1/leads/:id/score/automatic", api_lead_score_automatic, R_LOGIN},
	{M_GET, "/api/v1/filter/check", api_filter_check, R_LOGIN},
	{M_POST, "/api/v1/reports/forecast/:id/move", api_report_forecast_move, R_LOGIN},
	{M_GET, "/api/v1/reports/*", api_report, R_LOGIN},
	{M_GET, "/crm/settings", page_coming, R_MANAGER},
	{M_GET, "/api/v1/me", api_me, R_LOGIN},
	{M_GET, "/api/v1/users", api_users, R_LOGIN},
};

const struct app pipeline_app = {
	.name = "pipeline",
	.health_path = "/crm/healthz",
	.routes = routes,
	.nroutes = sizeof routes / sizeof routes[0],
};

int main(int argc, char **argv)
{
	return server_main(argc, argv, &pipeline_app);
}
