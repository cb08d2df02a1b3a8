/* pipeline - the staff intranet (/crm) and the JSON API (/api/v1).
 * The route table says, for each URL, who may call it. */
#include "pipeline.h"
#include "intel.h"
#include "qualify.h"
#include "settings_intake.h"

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
	{M_GET, "/crm", home_get, R_LOGIN},
	{M_GET, "/crm/", home_get, R_LOGIN},
	{M_GET, "/crm/login", login_get, R_PUBLIC},
	{M_POST, "/crm/login", login_post, R_NOCSRF},
	{M_POST, "/crm/logout", logout_post, R_LOGIN},
	{M_GET, "/crm/password", password_get, R_LOGIN},
	{M_POST, "/crm/password", password_post, R_LOGIN},
	{M_POST, "/crm/lang", lang_post, R_LOGIN},
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
	/* Lists (P2), records (P1), won / lost (P8), chatter (P9). */
	{M_GET, "/crm/leads", leads_list_get, R_LOGIN},
	{M_POST, "/crm/leads", lead_create_post, R_LOGIN},
	{M_GET, "/crm/opportunities", opportunities_list_get, R_LOGIN},
	{M_GET, "/crm/leads/new", lead_new_get, R_LOGIN},
	{M_GET, "/crm/leads/export.csv", leads_export_get, R_LOGIN},
	{M_POST, "/crm/leads/bulk", leads_bulk_post, R_LOGIN},
	/* Qualification (issue 5): similar leads, merge, unmerge, convert (P5-P7b). */
	{M_GET, "/crm/leads/merge", leads_merge_get, R_LOGIN},
	{M_POST, "/crm/leads/merge", leads_merge_post, R_LOGIN},
	{M_GET, "/crm/leads/convert", leads_convert_mass_get, R_LOGIN},
	{M_POST, "/crm/leads/convert", leads_convert_mass_post, R_LOGIN},
	{M_GET, "/crm/leads/:id/similar", lead_similar_get, R_LOGIN},
	{M_GET, "/crm/leads/:id/convert", lead_convert_get, R_LOGIN},
	{M_POST, "/crm/leads/:id/convert", lead_convert_post, R_LOGIN},
	{M_POST, "/crm/leads/:id/unmerge", lead_unmerge_post, R_LOGIN},
	{M_POST, "/api/v1/leads/merge", api_leads_merge, R_LOGIN},
	{M_GET, "/api/v1/leads/:id/similar", api_lead_similar, R_LOGIN},
	{M_POST, "/api/v1/leads/:id/convert", api_lead_convert, R_LOGIN},
	{M_POST, "/api/v1/leads/:id/unmerge", api_lead_unmerge, R_LOGIN},
	{M_GET, "/crm/leads/:id", lead_form_get, R_LOGIN},
	{M_POST, "/crm/leads/:id", lead_save_post, R_LOGIN},
	{M_POST, "/crm/leads/:id/stage", lead_stage_post, R_LOGIN},
	{M_POST, "/crm/leads/:id/won", lead_won_post, R_LOGIN},
	{M_GET, "/crm/leads/:id/lost", lead_lost_get, R_LOGIN},
	{M_POST, "/crm/leads/:id/lost", lead_lost_post, R_LOGIN},
	{M_POST, "/crm/leads/:id/restore", lead_restore_post, R_LOGIN},
	{M_POST, "/crm/leads/:id/notes", lead_note_post, R_LOGIN},
	{M_POST, "/crm/leads/:id/activities", lead_activity_post, R_LOGIN},
	/* Kanban (P3). */
	{M_GET, "/crm/pipeline", kanban_get, R_LOGIN},
	{M_GET, "/crm/pipeline/cards", kanban_cards_get, R_LOGIN},
	{M_POST, "/crm/pipeline/quick", kanban_quick_post, R_LOGIN},
	/* Activities (P10). */
	{M_GET, "/crm/activities", activities_get, R_LOGIN},
	{M_POST, "/crm/activities/:id/done", activity_done_post, R_LOGIN},
	{M_POST, "/crm/activities/:id/cancel", activity_cancel_post, R_LOGIN},
	/* Customers (P11). */
	{M_GET, "/crm/customers", customers_get, R_LOGIN},
	{M_POST, "/crm/customers", customer_create_post, R_LOGIN},
	{M_GET, "/crm/customers/new", customer_new_get, R_LOGIN},
	{M_GET, "/crm/customers/merge", customers_merge_get, R_MANAGER},
	{M_POST, "/crm/customers/merge", customers_merge_post, R_MANAGER},
	{M_POST, "/api/v1/partners/merge", customers_merge_post, R_MANAGER},
	{M_GET, "/crm/customers/:id", customer_get, R_LOGIN},
	{M_POST, "/crm/customers/:id", customer_save_post, R_LOGIN},
	/* Settings (managers): P4, P8, P10, P12, X6. */
	{M_GET, "/crm/settings", settings_get_page, R_MANAGER},
	{M_POST, "/crm/settings", settings_post, R_MANAGER},
	{M_GET, "/crm/settings/stages", stages_get, R_MANAGER},
	{M_POST, "/crm/settings/stages", stage_create_post, R_MANAGER},
	{M_POST, "/crm/settings/stages/:id", stage_save_post, R_MANAGER},
	{M_POST, "/crm/settings/stages/:id/move", stage_move_post, R_MANAGER},
	{M_POST, "/crm/settings/stages/:id/delete", stage_delete_post, R_MANAGER},
	{M_GET, "/crm/settings/teams", teams_get, R_MANAGER},
	{M_POST, "/crm/settings/teams", team_create_post, R_MANAGER},
	{M_GET, "/crm/settings/teams/:id", team_get_page, R_MANAGER},
	{M_POST, "/crm/settings/teams/:id", team_save_post, R_MANAGER},
	{M_POST, "/crm/settings/teams/:id/members", team_member_post, R_MANAGER},
	{M_POST, "/crm/settings/teams/:id/members/:id/remove", team_member_remove_post, R_MANAGER},
	{M_POST, "/crm/settings/teams/:id/members/:id/default", team_member_default_post, R_MANAGER},
	{M_GET, "/crm/settings/lost-reasons", reasons_get, R_MANAGER},
	{M_POST, "/crm/settings/lost-reasons", reason_create_post, R_MANAGER},
	{M_POST, "/crm/settings/lost-reasons/:id", reason_save_post, R_MANAGER},
	{M_GET, "/crm/settings/activity-types", types_get, R_MANAGER},
	{M_POST, "/crm/settings/activity-types", type_create_post, R_MANAGER},
	{M_POST, "/crm/settings/activity-types/:id", type_save_post, R_MANAGER},
	{M_GET, "/crm/settings/tags", tags_get, R_MANAGER},
	{M_POST, "/crm/settings/tags", tag_create_post, R_MANAGER},
	{M_POST, "/crm/settings/tags/:id", tag_save_post, R_MANAGER},
	{M_POST, "/crm/settings/tags/:id/delete", tag_delete_post, R_MANAGER},
	/* JSON API (X2a). */
	{M_GET, "/crm/settings/intake", settings_intake_get, R_MANAGER},
	{M_POST, "/crm/settings/intake", settings_intake_post, R_MANAGER},
	{M_GET, "/api/v1/me", api_me, R_LOGIN},
	{M_GET, "/api/v1/users", api_users, R_LOGIN},
	{M_GET, "/api/v1/leads", api_leads_list, R_LOGIN},
	{M_POST, "/api/v1/leads", api_leads_create, R_LOGIN},
	{M_GET, "/api/v1/leads/:id", api_lead_get, R_LOGIN},
	{M_PATCH, "/api/v1/leads/:id", api_lead_patch, R_LOGIN},
	{M_POST, "/api/v1/leads/:id/won", api_lead_won, R_LOGIN},
	{M_POST, "/api/v1/leads/:id/lost", api_lead_lost, R_LOGIN},
	{M_POST, "/api/v1/leads/:id/restore", api_lead_restore, R_LOGIN},
	{M_GET, "/api/v1/leads/:id/messages", api_lead_messages, R_LOGIN},
	{M_POST, "/api/v1/leads/:id/messages", api_lead_message_post, R_LOGIN},
	{M_GET, "/api/v1/leads/:id/activities", api_lead_activities, R_LOGIN},
	{M_POST, "/api/v1/leads/:id/activities", api_lead_activity_post, R_LOGIN},
	{M_GET, "/api/v1/activities", api_activities, R_LOGIN},
	{M_POST, "/api/v1/activities/:id/done", api_activity_done, R_LOGIN},
	{M_GET, "/api/v1/activity_types", api_activity_types, R_LOGIN},
	{M_GET, "/api/v1/stages", api_stages, R_LOGIN},
	{M_POST, "/api/v1/stages", api_stage_create, R_MANAGER},
	{M_PATCH, "/api/v1/stages/:id", api_stage_patch, R_MANAGER},
	{M_GET, "/api/v1/teams", api_teams, R_LOGIN},
	{M_POST, "/api/v1/teams", api_team_create, R_MANAGER},
	{M_PATCH, "/api/v1/teams/:id", api_team_patch, R_MANAGER},
	{M_GET, "/api/v1/teams/:id/members", api_team_members, R_LOGIN},
	{M_POST, "/api/v1/teams/:id/members", api_team_member_post, R_MANAGER},
	{M_GET, "/api/v1/lost_reasons", api_lost_reasons, R_LOGIN},
	{M_POST, "/api/v1/lost_reasons", api_lost_reason_create, R_MANAGER},
	{M_GET, "/api/v1/tags", api_tags, R_LOGIN},
	{M_GET, "/api/v1/partners", api_partners, R_LOGIN},
	{M_POST, "/api/v1/partners", api_partner_create, R_LOGIN},
	{M_GET, "/api/v1/partners/:id", api_partner_get, R_LOGIN},
	{M_PATCH, "/api/v1/partners/:id", api_partner_patch, R_LOGIN},
};

const struct app pipeline_app = {
	.name = "pipeline",
	.health_path = "/crm/healthz",
	.routes = routes,
	.nroutes = sizeof routes / sizeof routes[0],
	.thread_init = pipeline_thread_init,
	.thread_fini = pipeline_thread_fini,
};

int main(int argc, char **argv)
{
	return server_main(argc, argv, &pipeline_app);
}
