#include "crm/lead.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/money.h"
#include "core/str.h"
#include "crm/normalize.h"
#include "crm/scoring.h"
#include "crm/settings.h"
#include "crm/stage.h"
#include "crm/tag.h"
#include "crm/team.h"
#include "db/db.h"

void lead_input_init(struct lead_input *in)
{
	memset(in, 0, sizeof *in);
	in->probability_e2 = -1;
}

bool lead_type_is_lead_for_team(struct db *db, int64_t team_id)
{
	if (!settings_bool(db, "leads_enabled", true))
		return false;
	return team_id ? team_uses_leads(db, team_id) : true;
}

static int check_text(struct err_info *e, const char *field, const char *v, size_t max)
{
	if (v && str_utf8_len(v) > max)
		return err_set(e, ERR_INVALID, field, "TooLong", "'%s' is too long (at most %zu characters)",
			       field, max);
	return 0;
}

static struct db_param pstr(const char *v)
{
	return (struct db_param){.type = 's', .s = v, .len = v ? strlen(v) : 0};
}

static const char *nz(const char *s)
{
	return s && *s ? s : NULL;
}

int lead_create(struct db *db, struct arena *a, const struct lead_input *in, int64_t *id,
		struct err_info *e)
{
	int rc;
	if (str_empty(in->name))
		return err_set(e, ERR_INVALID, "name", "Required", "the name is required");
	const struct {
		const char *f, *v;
		size_t max;
	} texts[] = {
		{"name", in->name, LEAD_NAME_MAX},       {"contact_name", in->contact_name, LEAD_TEXT_MAX},
		{"partner_name", in->partner_name, LEAD_TEXT_MAX}, {"phone", in->phone, 64},
		{"mobile", in->mobile, 64},              {"website", in->website, LEAD_TEXT_MAX},
		{"function", in->function, 128},         {"street", in->street, LEAD_TEXT_MAX},
		{"street2", in->street2, LEAD_TEXT_MAX}, {"zip", in->zip, 24},
		{"city", in->city, 128},                 {"state", in->state, 128},
		{"referred", in->referred, LEAD_TEXT_MAX}, {"campaign", in->campaign, 128},
		{"medium", in->medium, 128},             {"source", in->source, 128},
		{"description", in->description, LEAD_DESCRIPTION_MAX},
		{"email_cc", in->email_cc, 1000},
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		if ((rc = check_text(e, texts[i].f, texts[i].v, texts[i].max)))
			return rc;
	if (in->email && *in->email && (strlen(in->email) > 254 || !str_email_valid(in->email)))
		return err_set(e, ERR_INVALID, "email", "BadEmail", "invalid e-mail address");
	if (in->priority < 0 || in->priority > 3)
		return err_set(e, ERR_INVALID, "priority", "OutOfRange", "priority must be 0 to 3");
	if (in->expected_revenue < 0)
		return err_set(e, ERR_INVALID, "expected_revenue", "OutOfRange", "the expected revenue cannot be negative");
	if (in->country_code && *in->country_code &&
	    (strlen(in->country_code) != 2 || !isalpha((unsigned char)in->country_code[0]) ||
	     !isalpha((unsigned char)in->country_code[1])))
		return err_set(e, ERR_INVALID, "country_code", "BadCountry", "the country must be a 2-letter code");
	if (in->type && !str_eq(in->type, "lead") && !str_eq(in->type, "opportunity"))
		return err_set(e, ERR_INVALID, "type", "BadType", "type must be lead or opportunity");
	if (in->probability_e2 > 10000)
		return err_set(e, ERR_INVALID, "probability", "OutOfRange", "probability must be between 0 and 100");

	int64_t team = in->team_id;
	if (!team && !in->refs_checked &&
	    (rc = db_int(db, &team, 0, "SELECT CAST(v AS INTEGER) FROM setting WHERE k = 'default_team_id'", "")) < 0)
		return rc;
	if (team && !in->refs_checked) {
		int64_t ok = 0;
		if ((rc = db_int(db, &ok, 0, "SELECT COUNT(*) FROM team WHERE id = ?", "i", team)) < 0)
			return rc;
		if (!ok) {
			if (in->team_id)
				return err_set(e, ERR_INVALID, "team_id", "NotFound", "unknown team");
			team = 0;
		}
	}
	if (!team && !in->refs_checked)
		team_first(db, &team);
	/* X6: where leads are off (globally or for this team) everything is
	 * created as an opportunity, even when "lead" was asked for (callers
	 * that checked their references decided it already). */
	const char *type = in->type;
	if (!type || (str_eq(type, "lead") && !in->refs_checked))
		type = lead_type_is_lead_for_team(db, team) ? "lead" : "opportunity";
	int64_t stage = in->stage_id;
	if (stage && !in->refs_checked && !stage_valid_for_team(db, stage, team))
		return err_set(e, ERR_INVALID, "stage_id", "BadStage", "this stage does not belong to the team");
	if (!stage && !in->refs_checked)
		stage_default_for_team(db, team, &stage);

	char country[3] = "";
	if (in->country_code && *in->country_code) {
		country[0] = (char)toupper((unsigned char)in->country_code[0]);
		country[1] = (char)toupper((unsigned char)in->country_code[1]);
	}
	const char *email_norm = norm_email(a, in->email);
	const char *crit = norm_email_domain_criterion(a, email_norm);
	const char *phone_san = norm_phone_e164(a, nz(in->mobile) ? in->mobile : in->phone,
						country[0] ? country : "FR");
	if (!phone_san && nz(in->mobile))
		phone_san = norm_phone_e164(a, in->phone, country[0] ? country : "FR");
	char revenue[32];
	money_to_decimal(in->expected_revenue, revenue, sizeof revenue);
	int64_t prob = in->probability_e2 >= 0 ? in->probability_e2 : 0;
	if (in->lost)
		prob = 0;
	bool won = in->refs_checked ? in->stage_won : (stage && stage_is_won(db, stage));
	if (won)
		prob = 10000;
	char probs[32];
	snprintf(probs, sizeof probs, "%lld.%02lld", (long long)(prob / 100), (long long)(prob % 100));

	struct db_param p[64];
	size_t n = 0;
#define PS(v) p[n++] = pstr(v)
#define PI(v) p[n++] = (struct db_param){.type = 'i', .i = (v)}
	PS(in->name); PS(type); PS(nz(in->contact_name)); PS(nz(in->partner_name));
	PS(nz(in->email)); PS(email_norm); PS(crit); PS(nz(in->email_cc));
	PS(nz(in->phone)); PS(nz(in->mobile)); PS(phone_san); PS(nz(in->website));
	PS(nz(in->function)); PS(nz(in->street)); PS(nz(in->street2)); PS(nz(in->zip));
	PS(nz(in->city)); PS(nz(in->state)); PS(country[0] ? country : NULL); PS(nz(in->lang));
	PI(in->partner_id); PI(in->user_id); PI(team); PI(stage);
	PS(revenue); PS(probs); PS(probs); PI(in->priority);
	PS(nz(in->date_deadline)); PS(nz(in->referred)); PS(nz(in->description));
	PS(nz(in->campaign)); PS(nz(in->medium)); PS(nz(in->source));
	PS(in->origin ? in->origin : "manual");
	PI(in->consent); PS(in->consent ? in->consent_version : NULL);
	PS(in->consent ? in->consent_ip : NULL); PI(in->consent);
	PS(nz(in->intake_key)); PI(in->create_uid);
	PS(nz(in->create_date)); PS(nz(in->create_date));
	PI(in->user_id);
	PI(in->lost ? 0 : 1); PI(in->lost_reason_id);
	PI((in->lost || won) ? 1 : 0);
	PS(str_eq(type, "opportunity") ? "1" : NULL);
#undef PS
#undef PI
	int64_t r = db_execv(
		db,
		"INSERT INTO crm_lead (name, type, contact_name, partner_name, email_from, "
		"email_normalized, email_domain_criterion, email_cc, phone, mobile, phone_sanitized, "
		"website, function, street, street2, zip, city, state, country_code, lang, "
		"partner_id, user_id, team_id, stage_id, expected_revenue, probability, "
		"automated_probability, priority, date_deadline, referred, description, campaign, "
		"medium, source, origin, consent, consent_version, consent_ip, consent_at, intake_key, "
		"create_uid, create_date, date_last_stage_update, date_open, active, lost_reason_id, "
		"date_closed, date_conversion) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
		"?, ?, ?, ?, NULLIF(?, 0), NULLIF(?, 0), NULLIF(?, 0), NULLIF(?, 0), ?, ?, ?, ?, ?, ?, "
		"?, ?, ?, ?, ?, ?, ?, ?, IF(? = 1, UTC_TIMESTAMP(), NULL), ?, NULLIF(?, 0), "
		"COALESCE(?, UTC_TIMESTAMP()), COALESCE(?, UTC_TIMESTAMP()), "
		"IF(? > 0, UTC_TIMESTAMP(), NULL), ?, NULLIF(?, 0), IF(? = 1, UTC_TIMESTAMP(), NULL), "
		"IF(? IS NULL, NULL, UTC_TIMESTAMP()))",
		p, n);
	if (r == ERR_CONFLICT && in->intake_key) {
		int64_t existing = 0;
		if ((rc = db_int(db, &existing, 0, "SELECT id FROM crm_lead WHERE intake_key = ?", "s",
				 in->intake_key)) < 0)
			return rc;
		if (existing) {
			if (id)
				*id = existing;
			return ERR_CONFLICT;
		}
	}
	if (r == ERR_CONFLICT)
		return err_set(e, ERR_INVALID, "", "NotFound", "a referenced customer, salesperson, team or stage does not exist");
	if (r < 0)
		return (int)r;
	int64_t lid = db_last_id(db);
	for (size_t i = 0; i < in->ntags; i++) {
		if (str_empty(in->tags[i]))
			continue;
		char *t = str_trim(arena_strdup(a, in->tags[i]));
		int64_t tid;
		if ((rc = tag_ensure(db, t, &tid)) != 0)
			return rc == ERR_INVALID ? err_set(e, ERR_INVALID, "tags", "TooLong", "a tag is empty or longer than 64 characters") : rc;
		if ((r = db_exec(db, "INSERT IGNORE INTO lead_tag (lead_id, tag_id) VALUES (?, ?)", "ii", lid, tid)) < 0)
			return (int)r;
	}
	/* The new record's probability from predictive scoring (S1); a won
	 * or lost record keeps what it was created with. */
	if (!in->lost && !won && (rc = scoring_rescore_lead(db, lid, NULL)) != 0)
		return rc;
	if (id)
		*id = lid;
	return 0;
}
