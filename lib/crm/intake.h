/* intake.h - leads from the website (SPEC I1-I4, I7): the contact form's
 * settings, the parsing and validation of a submission, the lead it becomes
 * (with I1's defaults, the chatter message and the team followers'
 * notification, in one transaction), its spool form for when the database is
 * down, and the count of refused submissions (table intake_reject).
 *
 * Pure parts (form parsing, origins, JSON) need no database: the web
 * program, the CLI, the tests and the fuzz target share them. */
#ifndef PISTE_INTAKE_H
#define PISTE_INTAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct config;
struct db;
struct db_rows;
struct err_info;

/* Form field limits (characters). Anything longer is refused with 413. */
#define INTAKE_TEXT_MAX 255
#define INTAKE_PHONE_MAX 64
#define INTAKE_MESSAGE_MAX 5000
#define INTAKE_UTM_MAX 128
#define INTAKE_EXTRA_MAX 2000   /* one unknown field's value */
#define INTAKE_EXTRA_FIELDS 30  /* unknown fields kept */
#define INTAKE_BODY_MAX 65536   /* whole request body, bytes */
#define INTAKE_KEY_LEN 43       /* idempotency key: 32 random bytes, base64url */

/* Settings of the form (table setting, edited on /crm/settings/intake).
 * Fixed-size copies so a worker thread can keep the last values it read and
 * serve the form while the database is down. */
struct intake_settings {
	int64_t default_team_id, default_user_id;
	int64_t min_seconds;  /* minimum time between display and submit */
	int64_t max_age;      /* a form older than this (seconds) must be reloaded */
	int64_t rate_limit;   /* submissions per IP per rate_window; 0: off */
	int64_t rate_window;  /* seconds */
	bool consent_show;
	char consent_version[33];
	char consent_text_en[1001], consent_text_fr[1001];
	char origins[2001];   /* allowed origins, one per line */
	char redirect_url[501]; /* default target after submit, "" = thank-you page */
};

void intake_settings_defaults(struct intake_settings *s);
/* The marker file ($var_dir/run/intake-settings.gen) whose change tells the
 * intake workers to read the settings again at once; touched by
 * intake_settings_touch() after every change made through Piste. */
void intake_settings_marker(const struct config *cfg, char out[1024]);
void intake_settings_touch(const struct config *cfg);
int intake_settings_load(struct db *db, struct arena *a, struct intake_settings *s);
/* Validate and store (settings page). Errors name the field. */
int intake_settings_save(struct db *db, struct arena *a, const struct intake_settings *s,
			 struct err_info *e);

/* "https://Example.com:443/path" -> "https://example.com"; NULL when it is
 * not an http(s) origin. */
char *intake_origin_normalize(struct arena *a, const char *url);
/* Whether origin (an Origin header or a URL) is one of the allowed origins:
 * the settings' list plus the configuration's form.allowed_origins (space or
 * comma separated). */
bool intake_origin_allowed(struct arena *a, const struct intake_settings *s,
			   const char *config_origins, const char *origin);

/* One field of a submission. */
struct intake_kv {
	const char *key, *val;
};

/* A validated submission. Strings are arena copies, NULL when empty. */
struct intake_form {
	const char *name, *contact_name, *email, *phone, *partner_name, *description;
	const char *utm_source, *utm_medium, *utm_campaign;
	const char *extra;       /* unknown fields as "label: value" lines */
	bool consent;
	const char *consent_version;
	const char *lang;        /* visitor's language (primary tag, e.g. "fr") */
	const char *ip;
	const char *key;         /* idempotency key (intake_key) */
	const char *token_hash;  /* intake_token_check's hash of the form token
				  * (single use), NULL: none (older spool entries) */
	int64_t submitted_at;    /* unix time */
};

/* Fields that are not lead fields nor unknown ones (anti-spam, routing). */
#define INTAKE_HONEYPOT "homepage"
#define INTAKE_TOKEN "form_token"

/* The form token (anti-spam, SPEC I3): "<unix time>.<nonce>.<mac>", where
 * the nonce is 16 random bytes (base64url) so that two visitors opening the
 * form in the same second get different tokens, and mac is crypt_sign(secret,
 * "contact||<time>|<nonce>"). It proves the form came from us, how long it
 * was open, and it is good for ONE submission: intake_create_lead records
 * its hash (table form_token) in the lead's transaction, and a second
 * submission with the same token is refused as a replay. */
#define INTAKE_TOKEN_LEN 96 /* buffer size, NUL included */
void intake_token_sign(const char *secret, int64_t now, char out[INTAKE_TOKEN_LEN]);
/* 0 when the signature is ours and min_age <= age <= max_age (seconds);
 * ERR_FORBIDDEN for a missing, malformed or forged token, ERR_GONE when too
 * old, ERR_INVALID when too young. hash (may be NULL) receives the token's
 * hash (hex, 65 bytes) to record its use. */
int intake_token_check(const char *secret, const char *token, int64_t now, int64_t min_age,
		       int64_t max_age, char hash[65]);
/* How long a used token is remembered: longer than any form may stay open
 * (intake.max_age is at most 30 days), so a purged token is always refused
 * as expired. */
#define INTAKE_TOKEN_KEEP (31 * 86400)
/* Forget used tokens that have expired (piste cron). Returns the number of
 * rows removed or a negative error. */
int64_t intake_token_purge(struct db *db);

/* Parse and validate fields (form first, then the page's query string for
 * UTM values). Collects up to maxerr errors (field + message key); returns 0,
 * ERR_INVALID (422) or ERR_TOOBIG (413: a field over its limit, or too many
 * fields). key: a client-chosen idempotency key when well-formed, else a new
 * random one. */
int intake_form_parse(struct arena *a, const struct intake_kv *fields, size_t n,
		      const struct intake_kv *query, size_t nq, struct intake_form *f,
		      struct err_info *errs, size_t maxerr, size_t *nerr);
/* Primary language tag of the best-weighted Accept-Language entry
 * ("fr-CA;q=0.9" -> "fr"); NULL when none. */
const char *intake_visitor_lang(struct arena *a, const char *accept_language);

/* Spool form (JSON, malloc'd by jansson: free()) and back. */
char *intake_form_to_json(const struct intake_form *f);
int intake_form_from_json(struct arena *a, const char *json, size_t len, struct intake_form *f);

/* Where a form lead goes (I1): the default team if it exists and is active
 * (else the first active team), the default salesperson if active, the
 * team's leads switch (X6) and its first non-folded stage. The web program
 * keeps one per thread for a couple of seconds. */
struct intake_route {
	int64_t team_id, user_id, stage_id;
	bool is_lead, stage_won;
	bool followers;             /* the team has followers to notify */
	int64_t for_team, for_user; /* the settings it was resolved from */
};
int intake_route_resolve(struct db *db, struct arena *a, const struct intake_settings *s,
			 struct intake_route *r);

/* Create the lead for a submission, in one transaction: lead (I1 defaults:
 * medium "Website" unless a utm_medium is given, origin form, default team
 * and salesperson from settings, type per the team's leads switch, first
 * non-folded stage, language, UTM, consent), the chatter message "Lead
 * created from the website form", and a notification for each follower of
 * the team. route: resolved earlier (NULL: resolved now). ERR_CONFLICT with
 * *id set when a lead with this key exists (replay). ERR_UNAVAILABLE when
 * the database went away; ERR_INVALID when the route is stale (a team or
 * stage removed meanwhile: resolve again and retry); ERR_FORBIDDEN (field
 * form_token) when f->token_hash was already used by another submission (a
 * replay: nothing stored). The same submission again (same key: a double
 * click, a spool entry replayed twice) is ERR_CONFLICT with *id set. */
int intake_create_lead(struct db *db, struct arena *a, const struct intake_settings *s,
		       const struct intake_route *route, const struct intake_form *f, int64_t *id,
		       struct err_info *e);

/* Replay the contact-form spool directory into the database (exactly once
 * per submission). budget_ms > 0 stops after that long (what is left waits
 * for the next replay: a worker replaying on reconnect does not keep its
 * visitor waiting behind a long backlog). Returns 0 or ERR_UNAVAILABLE (the
 * database, or the budget, ran out); counts in *done and *failed (may be
 * NULL). */
int intake_spool_replay(struct db *db, const char *dir, int64_t budget_ms, int *done, int *failed);
/* $var_dir/spool/contact for a configuration. out: 1024 bytes. */
void intake_spool_dir(const struct config *cfg, char out[1024]);

/* $var_dir/run/intake-ratelimit.shm (crm/ratelimit.h). out: 1024 bytes. */
void intake_ratelimit_path(const struct config *cfg, char out[1024]);

/* Rejections (I3, I5): reasons, counted in table intake_reject. */
enum intake_reason {
	REJ_HONEYPOT, REJ_TOO_FAST, REJ_EXPIRED, REJ_TOKEN, REJ_RATE, REJ_SIZE, REJ_INVALID,
	REJ_ORIGIN, REJ_MAIL_AUTO, REJ_MAIL_ALIAS, REJ_MAIL_UNPARSABLE, REJ_REPLAY, REJ_COUNT
};
const char *intake_reason_name(enum intake_reason r);
/* Add n to a reason's count. */
int intake_reject_add(struct db *db, enum intake_reason r, int64_t n);
/* Write the counts kept in the rate-limit file while the database was down
 * (ratelimit_pending_*, indexed by reason). */
struct ratelimit;
int intake_reject_flush(struct db *db, struct ratelimit *rl);
/* reason, n, last_at for every reason counted so far. */
int intake_reject_list(struct db *db, struct arena *a, struct db_rows *out);

#endif
