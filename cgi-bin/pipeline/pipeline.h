/* pipeline.h - handlers of the pipeline program (the staff intranet under
 * /crm and the JSON API under /api/v1). One file per page or resource;
 * common.c holds what they share. */
#ifndef PIPELINE_H
#define PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crm/access.h"
#include "crm/lead.h"
#include "web/ctx.h"

/* Field changes read from a form or a JSON body. */
struct lead_val_list {
	struct lead_val v[48];
	size_t n;
};

struct activity_today;

/* common.c */
struct access pl_access(struct ctx *c);
bool pl_leads_enabled(struct ctx *c);
/* http_page plus the layout's switches (Nav.NoLeads when leads are off). */
int pl_page(struct ctx *c, int status, const char *tmpl);
const char *pl_money(struct ctx *c, const char *decimal);      /* "€1,234.00" / "1 234,00 €" */
const char *pl_date(struct ctx *c, const char *iso);
const char *pl_datetime(struct ctx *c, const char *utc);
const char *pl_iso(struct ctx *c, const char *datetime);        /* ISO 8601 UTC for JSON */
const struct activity_today *pl_today(struct ctx *c);
const char *pl_state(const char *deadline, const char *tz);     /* overdue|today|planned|"" */
int pl_fail(struct ctx *c, int code, const char *field, const char *key, const char *msg);
void pl_opt_users(struct ctx *c);
void pl_opt_teams(struct ctx *c);
void pl_opt_stages(struct ctx *c, int64_t team_id);
void pl_opt_tags(struct ctx *c);
void pl_opt_reasons(struct ctx *c);
void pl_opt_types(struct ctx *c);
/* Tag names of a field: "a, b" text, repeated fields or a JSON array; ERR_INVALID
 * when a JSON body gives something else. */
int pl_tags_input(struct ctx *c, const char *name, const char ***out, size_t *n);
size_t pl_ids(struct ctx *c, const char *name, int64_t **out);

/* login.c */
int login_get(struct ctx *c);
int login_post(struct ctx *c);
int logout_post(struct ctx *c);
int password_get(struct ctx *c);
int password_post(struct ctx *c);
int lang_post(struct ctx *c);

/* home.c */
int home_get(struct ctx *c);

/* lead_form.c: /crm/leads/new, /crm/leads/:id and its actions */
int lead_new_get(struct ctx *c);
int lead_create_post(struct ctx *c);
int lead_form_get(struct ctx *c);
int lead_save_post(struct ctx *c);
int lead_stage_post(struct ctx *c);
int lead_won_post(struct ctx *c);
int lead_lost_get(struct ctx *c);
int lead_lost_post(struct ctx *c);
int lead_restore_post(struct ctx *c);
int lead_note_post(struct ctx *c);
/* The record page (status 422: with the submitted values and Errors). */
int lead_form_render(struct ctx *c, int64_t id, int status);
/* The lead fields present in the request (form or JSON), for lead_update. */
/* The lead fields of the request, each one value (ERR_INVALID naming a field
 * that a JSON body gives as a list, an object or a boolean). */
int lead_vals_from_request(struct ctx *c, struct lead_val_list *out);
/* Create a record from the request (same fields as the form / X2a), with the
 * follow-up of lead_after_create; type_dflt when the request has none. */
int lead_create_from_request(struct ctx *c, const char *type_dflt, int64_t *id);

/* leads.c: lists, bulk actions, CSV */
int leads_list_get(struct ctx *c);
int opportunities_list_get(struct ctx *c);
int leads_bulk_post(struct ctx *c);
int leads_export_get(struct ctx *c);
/* Read list filters from the query string (shared with the API and kanban). */
int leads_query_from_request(struct ctx *c, struct lead_query *lq);

/* kanban.c */
int pipeline_thread_init(struct ctx *c);
void pipeline_thread_fini(struct ctx *c);
int kanban_get(struct ctx *c);
int kanban_cards_get(struct ctx *c);
int kanban_quick_post(struct ctx *c);

/* activities.c */
int activities_get(struct ctx *c);
int lead_activity_post(struct ctx *c);
int activity_done_post(struct ctx *c);
int activity_cancel_post(struct ctx *c);
/* Schedule from the request (type, summary, note, date_deadline, user_id). */
int activity_from_request(struct ctx *c, int64_t lead_id, int64_t *id);

/* customers.c */
int customers_get(struct ctx *c);
int customer_new_get(struct ctx *c);
int customer_create_post(struct ctx *c);
int customer_get(struct ctx *c);
int customer_save_post(struct ctx *c);

/* settings.c, settings_stages.c, settings_teams.c, settings_misc.c */
int settings_get_page(struct ctx *c);
int settings_post(struct ctx *c);
int settings_quotes_post(struct ctx *c);
int stages_get(struct ctx *c);
int stage_create_post(struct ctx *c);
int stage_save_post(struct ctx *c);
int stage_move_post(struct ctx *c);
int stage_delete_post(struct ctx *c);
int teams_get(struct ctx *c);
int team_create_post(struct ctx *c);
int team_get_page(struct ctx *c);
int team_save_post(struct ctx *c);
int team_member_post(struct ctx *c);
int team_member_remove_post(struct ctx *c);
int team_member_default_post(struct ctx *c);
int reasons_get(struct ctx *c);
int reason_create_post(struct ctx *c);
int reason_save_post(struct ctx *c);
int types_get(struct ctx *c);
int type_create_post(struct ctx *c);
int type_save_post(struct ctx *c);
int tags_get(struct ctx *c);
int tag_create_post(struct ctx *c);
int tag_save_post(struct ctx *c);
int tag_delete_post(struct ctx *c);
struct stage_input;
struct team_input;
int stage_input_from_request(struct ctx *c, struct stage_input *in);
int team_input_from_request(struct ctx *c, struct team_input *in, bool *active);

/* api_users.c */
int api_me(struct ctx *c);
int api_users(struct ctx *c);

/* api_leads.c */
#include <jansson.h>
struct db_rows;
json_t *api_lead_json(struct ctx *c, const struct db_rows *r, size_t i, const struct db_rows *tags);
json_t *api_activity_json(struct ctx *c, const struct db_rows *r, size_t i);
int api_leads_list(struct ctx *c);
int api_leads_create(struct ctx *c);
int api_lead_get(struct ctx *c);
int api_lead_patch(struct ctx *c);
int api_lead_won(struct ctx *c);
int api_lead_lost(struct ctx *c);
int api_lead_restore(struct ctx *c);
int api_lead_messages(struct ctx *c);
int api_lead_message_post(struct ctx *c);
int api_lead_activities(struct ctx *c);
int api_lead_activity_post(struct ctx *c);

/* api_activities.c */
int api_activities(struct ctx *c);
int api_activity_done(struct ctx *c);
int api_activity_types(struct ctx *c);

/* api_config.c: stages, teams, lost reasons, tags */
int api_stages(struct ctx *c);
int api_stage_create(struct ctx *c);
int api_stage_patch(struct ctx *c);
int api_teams(struct ctx *c);
int api_team_create(struct ctx *c);
int api_team_patch(struct ctx *c);
int api_settings_get(struct ctx *c);
int notifications_get(struct ctx *c);
int lead_attachment_get(struct ctx *c);
int notification_open_post(struct ctx *c);
int notifications_read_all_post(struct ctx *c);
int api_notifications(struct ctx *c);
int api_notification_read(struct ctx *c);
int team_follow_post(struct ctx *c);
int api_settings_patch(struct ctx *c);
int api_team_members(struct ctx *c);
int api_team_member_post(struct ctx *c);
int api_lost_reasons(struct ctx *c);
int api_lost_reason_create(struct ctx *c);
int api_tags(struct ctx *c);

/* api_partners.c */
int api_partners(struct ctx *c);
int api_partner_create(struct ctx *c);
int api_partner_get(struct ctx *c);
int api_partner_patch(struct ctx *c);

#endif
