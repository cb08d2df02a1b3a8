/* intel.h - handlers of the intelligence area (issue 8, SPEC S1-S4): reports
 * (reports.c), the scoring and assignment settings (settings_scoring.c,
 * settings_assignment.c), a lead's explained score (lead_score.c) and their
 * JSON API (api_intel.c). */
#ifndef PIPELINE_INTEL_H
#define PIPELINE_INTEL_H

#include "web/ctx.h"

struct report_filter;

/* reports.c */
int reports_index(struct ctx *c);
int report_pipeline_page(struct ctx *c);
int report_forecast_page(struct ctx *c);
int report_forecast_move_post(struct ctx *c);
int report_unattended_page(struct ctx *c);
int report_quality_page(struct ctx *c);
int report_distribution_page(struct ctx *c);
int report_winloss_page(struct ctx *c);
int report_activities_page(struct ctx *c);
/* The filters of the request (query string), validated. */
int intel_report_filter(struct ctx *c, struct report_filter *f);

/* settings_scoring.c */
int settings_scoring_get(struct ctx *c);
int settings_scoring_post(struct ctx *c);
int settings_scoring_rebuild_post(struct ctx *c);

/* settings_assignment.c */
int settings_assignment_get(struct ctx *c);
int settings_assignment_post(struct ctx *c);
int settings_assignment_run_post(struct ctx *c);
int settings_assignment_team_post(struct ctx *c);
int settings_assignment_member_post(struct ctx *c);

/* lead_score.c */
int lead_score_page(struct ctx *c);
int lead_score_automatic_post(struct ctx *c);

/* api_intel.c */
int api_scoring_rebuild(struct ctx *c);
int api_assignment_run(struct ctx *c);
int api_lead_score(struct ctx *c);
int api_lead_score_automatic(struct ctx *c);
int api_filter_check(struct ctx *c);
int api_report(struct ctx *c);
int api_report_forecast_move(struct ctx *c);
/* Shared by the API and the settings page: rebuild now when the database is
 * small enough for a request, else ask `piste cron` to do it (*scheduled). */
int intel_rebuild_now(struct ctx *c, json_t **out, bool *scheduled);

#endif
