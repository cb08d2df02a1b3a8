/* api_settings.c - GET/PATCH /api/v1/settings (X2a, administrators): the
 * run-time settings the Settings pages edit, as one JSON object.
 *
 * PATCH takes any subset of the fields; every given field is validated and
 * all are written in one transaction, so a bad value (422 naming the field)
 * changes nothing. Unknown fields are refused rather than ignored: a client
 * with a typo must not believe a setting was saved. */
#include "pipeline.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/str.h"
#include "crm/assign.h"
#include "crm/audit.h"
#include "crm/intake.h"
#include "crm/mail.h"
#include "crm/scoring.h"
#include "crm/settings.h"
#include "db/db.h"
#include "web/request.h"
#include "web/response.h"

static const char *const known[] = {
	"leads_enabled", "multi_team", "require_lost_reason", "default_team_id", "default_user_id",
	"quotation_validity_days", "quote_numbering", "quote_followup_days", "scoring_fields",
	"scoring_start_date", "assignment_mode", "assignment_interval", "assignment_interval_unit",
	"smtp_url",
};

static json_t *opt_id(int64_t v)
{
	return v > 0 ? json_integer(v) : json_null();
}

/* The SMTP URL without any user:password@ part (never echoed back). */
static json_t *masked_url(struct arena *a, const char *url)
{
	if (!url || !*url)
		return json_null();
	const char *scheme = strstr(url, "://");
	const char *at = scheme ? strchr(scheme + 3, '@') : NULL;
	if (!at)
		return json_string(url);
	return json_string(arena_printf(a, "%.*s%s", (int)(scheme + 3 - url), url, at + 1));
}

static int send_settings(struct ctx *c)
{
	struct db *db = c->db;
	struct scoring_config sc;
	int rc = scoring_config_load(db, &sc);
	if (rc)
		return rc;
	json_t *fields = json_array();
	for (int v = SV_COUNTRY; v < SV_COUNT; v++)
		if (sc.vars & (1u << v))
			json_array_append_new(fields, json_string(scoring_setting_names[v]));
	const char *smtp = mail_smtp_url(db, c->a, c->cfg);
	json_t *o = json_object();
	json_object_set_new(o, "leads_enabled", json_boolean(settings_bool(db, "leads_enabled", true)));
	json_object_set_new(o, "multi_team", json_boolean(settings_bool(db, "multi_team", false)));
	json_object_set_new(o, "require_lost_reason", json_boolean(settings_bool(db, "require_lost_reason", false)));
	json_object_set_new(o, "default_team_id", opt_id(settings_int(db, "default_team_id", 0)));
	json_object_set_new(o, "default_user_id", opt_id(settings_int(db, "default_user_id", 0)));
	json_object_set_new(o, "quotation_validity_days", json_integer(settings_int(db, "quotation_validity_days", 30)));
	json_object_set_new(o, "quote_numbering", json_string(settings_get(db, c->a, "quote_numbering", "global")));
	json_object_set_new(o, "quote_followup_days", json_integer(settings_int(db, "quote_followup_days", 3)));
	json_object_set_new(o, "scoring_fields", fields);
	json_object_set_new(o, "scoring_start_date", sc.start_date[0] ? json_string(sc.start_date) : json_null());
	json_object_set_new(o, "assignment_mode", json_string(settings_get(db, c->a, "assignment_mode", "manual")));
	json_object_set_new(o, "assignment_interval", json_integer(settings_int(db, "assignment_interval", 1)));
	json_object_set_new(o, "assignment_interval_unit",
			    json_string(settings_get(db, c->a, "assignment_interval_unit", "days")));
	json_object_set_new(o, "smtp_url", masked_url(c->a, smtp));
	json_object_set_new(o, "smtp_configured", json_boolean(smtp && *smtp));
	return http_json(c, 200, o);
}

int api_settings_get(struct ctx *c)
{
	return send_settings(c);
}

struct patch {
	struct ctx *c;
};

static int set_flag(struct ctx *c, const char *key)
{
	if (!req_has(c, key))
		return 0;
	const char *v = req_get(c, key);
	if (!v || (!str_eq(v, "0") && !str_eq(v, "1")))
		return err_set(&c->err, ERR_INVALID, key, "BadBool", "%s must be true or false", key);
	return settings_set(c->db, key, v);
}

/* An id setting: null or 0 clears it; otherwise the row must exist. */
static int set_ref(struct ctx *c, const char *key, const char *check_sql)
{
	if (!req_has(c, key))
		return 0;
	int64_t id = 0;
	int rc;
	if (req_get(c, key) && (rc = req_int(c, key, &id, 0, INT64_MAX, false, NULL, &c->err)))
		return rc;
	if (id) {
		int64_t ok = 0;
		if ((rc = db_int(c->db, &ok, 0, check_sql, "i", id)))
			return rc;
		if (!ok)
			return err_set(&c->err, ERR_INVALID, key, "NotFound", "%s: no such record", key);
	}
	return settings_set_int(c->db, key, id);
}

static int set_range(struct ctx *c, const char *key, int64_t min, int64_t max)
{
	if (!req_has(c, key))
		return 0;
	int64_t v = 0;
	int rc = req_int(c, key, &v, min, max, true, NULL, &c->err);
	return rc ? rc : settings_set_int(c->db, key, v);
}

static int do_patch(struct db *db, void *arg)
{
	struct ctx *c = ((struct patch *)arg)->c;
	(void)db;
	int rc;
	if ((rc = set_flag(c, "leads_enabled")) || (rc = set_flag(c, "multi_team")) ||
	    (rc = set_flag(c, "require_lost_reason")))
		return rc;
	if ((rc = set_ref(c, "default_team_id", "SELECT COUNT(*) FROM team WHERE id = ? AND active = 1")) ||
	    (rc = set_ref(c, "default_user_id", "SELECT COUNT(*) FROM app_user WHERE id = ? AND active = 1")))
		return rc;
	if ((rc = set_range(c, "quotation_validity_days", 0, 3650)) || (rc = set_range(c, "quote_followup_days", 0, 365)))
		return rc;
	if (req_has(c, "quote_numbering")) {
		const char *n = req_get(c, "quote_numbering");
		if (!n || (!str_eq(n, "global") && !str_eq(n, "year")))
			return err_set(&c->err, ERR_INVALID, "quote_numbering", "BadChoice",
				       "quote_numbering must be global or year");
		if ((rc = settings_set(c->db, "quote_numbering", n)))
			return rc;
	}
	json_t *sf = json_object_get(c->req.json, "scoring_fields");
	if (sf || req_has(c, "scoring_start_date")) {
		struct scoring_config sc;
		if ((rc = scoring_config_load(c->db, &sc)))
			return rc;
		/* A list of names, or null for none (req_json_types refused
		 * anything else). */
		char fields[256] = "";
		if (json_is_array(sf)) {
			size_t i;
			json_t *it;
			json_array_foreach(sf, i, it) {
				size_t l = strlen(fields);
				const char *name = json_string_value(it);
				if (!name || l + strlen(name) + 2 > sizeof fields)
					return err_set(&c->err, ERR_INVALID, "scoring_fields", "ScoringFields",
						       "scoring_fields: a list of country, state, email_state, "
						       "phone_state, source, lang, tags");
				snprintf(fields + l, sizeof fields - l, "%s%s", l ? "," : "", name);
			}
		} else if (sf && !json_is_null(sf)) {
			return err_set(&c->err, ERR_INVALID, "scoring_fields", "ScoringFields",
				       "scoring_fields: a list of names");
		} else if (!sf) {
			for (int v = SV_COUNTRY; v < SV_COUNT; v++)
				if (sc.vars & (1u << v)) {
					size_t l = strlen(fields);
					snprintf(fields + l, sizeof fields - l, "%s%s", l ? "," : "",
						 scoring_setting_names[v]);
				}
		}
		const char *start = sc.start_date;
		if (req_has(c, "scoring_start_date")) {
			start = req_get(c, "scoring_start_date");
			if (!start)
				start = "";
		}
		if ((rc = scoring_settings_save(c->db, fields, start, &c->err)))
			return rc;
	}
	if (req_has(c, "assignment_mode") || req_has(c, "assignment_interval") ||
	    req_has(c, "assignment_interval_unit")) {
		const char *mode = settings_get(c->db, c->a, "assignment_mode", "manual");
		const char *unit = settings_get(c->db, c->a, "assignment_interval_unit", "days");
		int64_t every = settings_int(c->db, "assignment_interval", 1);
		if (req_has(c, "assignment_mode"))
			mode = req_get(c, "assignment_mode") ? req_get(c, "assignment_mode") : "";
		if (req_has(c, "assignment_interval_unit"))
			unit = req_get(c, "assignment_interval_unit") ? req_get(c, "assignment_interval_unit") : "";
		if (req_has(c, "assignment_interval") &&
		    (rc = req_int(c, "assignment_interval", &every, 1, 99, true, NULL, &c->err)))
			return rc;
		if ((rc = assign_settings_save(c->db, mode, every, unit, &c->err)))
			return rc;
	}
	if (req_has(c, "smtp_url")) {
		const char *u = req_get(c, "smtp_url");
		if (u && *u) {
			bool ok = strlen(u) <= 255 && (str_starts(u, "smtp://") || str_starts(u, "smtps://"));
			for (const char *p = u; ok && *p; p++)
				if ((unsigned char)*p <= ' ' || *p == 0x7f)
					ok = false;
			if (!ok)
				return err_set(&c->err, ERR_INVALID, "smtp_url", "BadUrl",
					       "smtp_url must be smtp://host:port or smtps://host:port (or empty: outbox)");
		}
		if ((rc = settings_set(c->db, "smtp_url", u ? u : "")))
			return rc;
	}
	return 0;
}

int api_settings_patch(struct ctx *c)
{
	if (!json_is_object(c->req.json))
		return err_set(&c->err, ERR_INVALID, "", "BadJson", "the body must be a JSON object");
	const char *key;
	json_t *v;
	json_object_foreach(c->req.json, key, v) {
		bool ok = false;
		for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
			if (str_eq(key, known[i]))
				ok = true;
		if (!ok)
			return err_set(&c->err, ERR_INVALID, key, "UnknownField", "unknown setting '%s'", key);
	}
	/* One value per setting (the flags may be JSON booleans), a list for
	 * scoring_fields: the setters read values as they come. */
	static const char *const lists[] = {"scoring_fields", NULL};
	static const char *const flags[] = {"leads_enabled", "multi_team", "require_lost_reason", NULL};
	int rc = req_json_types(c, lists, flags, &c->err);
	if (rc)
		return rc;
	struct patch p = {c};
	rc = db_tx(c->db, do_patch, &p);
	if (rc)
		return rc;
	if (req_has(c, "leads_enabled") || req_has(c, "default_team_id") || req_has(c, "default_user_id"))
		intake_settings_touch(c->cfg); /* the contact form's workers read them again at once */
	/* The names only: values may hold credentials (smtp_url). */
	struct buf names;
	buf_init(&names);
	json_object_foreach(c->req.json, key, v)
		buf_printf(&names, "%s%s", names.len ? " " : "", key);
	audit_log(c->db, c->user->id, c->user->login, c->req.remote_addr, "settings.api",
		  names.len ? names.p : "");
	buf_free(&names);
	return send_settings(c);
}
