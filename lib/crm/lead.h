/* lead.h - leads and opportunities (SPEC P1; tables crm_lead, lead_tag).
 *
 * lead_create applies the defaults every entry point shares (team, type per
 * the leads setting X6, first non-folded stage, normalised keys, assignment
 * date); callers (contact form, mail gateway, API, UI, demo) add their own
 * (medium "Website", chatter message...). */
#ifndef PISTE_LEAD_H
#define PISTE_LEAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct err_info;

/* Field limits (characters). */
#define LEAD_NAME_MAX 255
#define LEAD_TEXT_MAX 255
#define LEAD_DESCRIPTION_MAX 20000

struct lead_input {
	const char *name, *type, *contact_name, *partner_name, *email, *email_cc, *phone,
		*mobile, *website, *function, *street, *street2, *zip, *city, *state,
		*country_code, *lang, *description, *referred, *campaign, *medium, *source,
		*date_deadline, *origin, *intake_key, *create_date;
	int64_t partner_id, user_id, team_id, stage_id, create_uid;
	int64_t expected_revenue; /* cents */
	int priority;             /* 0..3 */
	const char *const *tags;
	size_t ntags;
	bool consent;
	const char *consent_version, *consent_ip;
	int64_t probability_e2;   /* probability x 100 (e.g. 2500 = 25%); -1: default */
	bool lost;                /* demo/import: create archived as lost */
	int64_t lost_reason_id;
	/* Set by a caller that resolved team_id (an existing team), stage_id
	 * (valid for that team, stage_won telling whether it is a won stage) and
	 * type itself, e.g. from a cache refreshed every few seconds (the
	 * contact form, SPEC I1): lead_create then looks nothing up. A stale
	 * reference still fails cleanly (ERR_INVALID, "NotFound"). */
	bool refs_checked, stage_won;
};

void lead_input_init(struct lead_input *in);
/* Validate and insert; *id receives the new id. When intake_key is set and a
 * lead with that key exists, returns ERR_CONFLICT with *id set to it (so a
 * replay is idempotent). */
int lead_create(struct db *db, struct arena *a, const struct lead_input *in, int64_t *id,
		struct err_info *e);
/* Whether new records of a team are leads (global switch AND the team's). */
bool lead_type_is_lead_for_team(struct db *db, int64_t team_id);

#endif
