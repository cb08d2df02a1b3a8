/* qualify.h - qualification pages and API (issue 5, SPEC P5-P7b, P11):
 * similar leads, the merge wizard, unmerge, the conversion wizards
 * (qualify.c), merging contacts (qualify.c) and their JSON API
 * (api_qualify.c). */
#ifndef PIPELINE_QUALIFY_H
#define PIPELINE_QUALIFY_H

#include <stddef.h>
#include <stdint.h>

#include "web/ctx.h"

struct convert_mass_opts;
struct merge_opts;

/* qualify.c */
int lead_similar_get(struct ctx *c);
int leads_merge_get(struct ctx *c);
int leads_merge_post(struct ctx *c);
int lead_unmerge_post(struct ctx *c);
int lead_convert_get(struct ctx *c);
int lead_convert_post(struct ctx *c);
int leads_convert_mass_get(struct ctx *c);
int leads_convert_mass_post(struct ctx *c);
/* P11, managers: /crm/customers/merge (also JSON: POST /api/v1/partners/merge). */
int customers_merge_get(struct ctx *c);
int customers_merge_post(struct ctx *c);
/* The lead form's part: "Similar leads (N)" button, Convert action,
 * undoable merges (Merges.N.*). */
struct db_rows;
int qualify_form_fill(struct ctx *c, const struct db_rows *lead, int nbuttons);
/* Chatter texts of a merge in the user's language. */
void qualify_merge_texts(struct ctx *c, struct merge_opts *mo);
/* The salesperson / team a wizard or API call asked for (0: clear): a
 * salesperson may only name themselves; both must exist (422 naming the
 * field otherwise). */
int qualify_check_user_team(struct ctx *c, int64_t user, bool set_user, int64_t team, bool set_team);
/* A lead field's label in the user's language (arg: the ctx), or NULL. */
const char *qualify_field_label(void *arg, const char *field);
/* Record ids from the request ("ids", repeated or a JSON array): 422 on
 * anything but positive integers. */
int qualify_ids(struct ctx *c, const char *name, int64_t **ids, size_t *n);

/* api_leads.c: the lead object of X2a (GET /api/v1/leads/:id) */
int api_send_lead(struct ctx *c, int status, int64_t id);

/* api_qualify.c */
int api_lead_similar(struct ctx *c);
int api_lead_convert(struct ctx *c);
int api_leads_merge(struct ctx *c);
int api_lead_unmerge(struct ctx *c);

#endif
