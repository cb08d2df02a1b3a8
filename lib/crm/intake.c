#include "crm/intake.h"

#include <ctype.h>
#include <fcntl.h>
#include <unistd.h>
#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/crypt.h"
#include "core/err.h"
#include "core/log.h"
#include "core/str.h"
#include "crm/chatter.h"
#include "crm/follower.h"
#include "crm/lead.h"
#include "crm/ratelimit.h"
#include "crm/settings.h"
#include "crm/spool.h"
#include "crm/stage.h"
#include "crm/team.h"
#include "crm/user.h"
#include "db/db.h"

/* ---- settings ------------------------------------------------------------ */

static const char *const setting_keys[] = {
	"default_team_id",        "default_user_id",       "intake.min_seconds",
	"intake.max_age",         "intake.rate_limit",     "intake.rate_window",
	"intake.consent_show",    "intake.consent_version", "intake.consent_text_en",
	"intake.consent_text_fr", "intake.allowed_origins", "intake.redirect_url",
};
#define NKEYS (sizeof setting_keys / sizeof setting_keys[0])

void intake_settings_defaults(struct intake_settings *s)
{
	memset(s, 0, sizeof *s);
	s->min_seconds = 3;
	s->max_age = 86400;
	s->rate_limit = 10;
	s->rate_window = 600;
	s->consent_show = true;
	snprintf(s->consent_version, sizeof s->consent_version, "1");
}

void intake_settings_marker(const struct config *cfg, char out[1024])
{
	snprintf(out, 1024, "%s/run/intake-settings.gen", config_get(cfg, "var_dir"));
}

void intake_settings_touch(const struct config *cfg)
{
	char path[1024], tmp[1100];
	intake_settings_marker(cfg, path);
	/* A new file each time (rename): its inode changes even when two
	 * changes fall within the file system's time resolution. */
	snprintf(tmp, sizeof tmp, "%s.%d.tmp", path, (int)gettid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	close(fd);
	if (rename(tmp, path) != 0)
		unlink(tmp);
}

static int64_t to_int(const char *v, int64_t dflt)
{
	int64_t x;
	return v && str_to_i64(v, &x) ? x : dflt;
}

int intake_settings_load(struct db *db, struct arena *a, struct intake_settings *s)
{
	const char *v[NKEYS];
	int rc = settings_get_many(db, a, setting_keys, NKEYS, v);
	if (rc)
		return rc;
	intake_settings_defaults(s);
	s->default_team_id = to_int(v[0], 0);
	s->default_user_id = to_int(v[1], 0);
	s->min_seconds = to_int(v[2], s->min_seconds);
	s->max_age = to_int(v[3], s->max_age);
	s->rate_limit = to_int(v[4], s->rate_limit);
	s->rate_window = to_int(v[5], s->rate_window);
	s->consent_show = to_int(v[6], 1) != 0;
	if (v[7] && *v[7])
		str_copy(s->consent_version, v[7], sizeof s->consent_version);
	if (v[8])
		str_copy(s->consent_text_en, v[8], sizeof s->consent_text_en);
	if (v[9])
		str_copy(s->consent_text_fr, v[9], sizeof s->consent_text_fr);
	if (v[10])
		str_copy(s->origins, v[10], sizeof s->origins);
	if (v[11])
		str_copy(s->redirect_url, v[11], sizeof s->redirect_url);
	/* str_copy may cut inside a character: keep the strings valid. */
	str_utf8_truncate(s->consent_text_en, strlen(s->consent_text_en));
	str_utf8_truncate(s->consent_text_fr, strlen(s->consent_text_fr));
	return 0;
}

char *intake_origin_normalize(struct arena *a, const char *url)
{
	if (!url)
		return NULL;
	while (*url == ' ' || *url == '\t')
		url++;
	const char *scheme;
	const char *p;
	if (strncasecmp(url, "https://", 8) == 0) {
		scheme = "https";
		p = url + 8;
	} else if (strncasecmp(url, "http://", 7) == 0) {
		scheme = "http";
		p = url + 7;
	} else {
		return NULL;
	}
	size_t hl = strcspn(p, "/?#");
	if (hl == 0 || hl > 255)
		return NULL;
	char host[256];
	memcpy(host, p, hl);
	host[hl] = '\0';
	/* Trailing whitespace of a line in the settings. */
	while (hl > 0 && (host[hl - 1] == ' ' || host[hl - 1] == '\t' || host[hl - 1] == '\r'))
		host[--hl] = '\0';
	if (strchr(host, '@'))
		return NULL; /* userinfo: never part of an origin */
	char *port = NULL;
	if (host[0] == '[') {
		char *end = strchr(host, ']');
		if (!end)
			return NULL;
		for (char *q = host + 1; q < end; q++)
			if (!isxdigit((unsigned char)*q) && *q != ':' && *q != '.')
				return NULL;
		if (end[1] == ':')
			port = end + 2;
		else if (end[1])
			return NULL;
		end[1] = '\0';
	} else {
		char *colon = strchr(host, ':');
		if (colon) {
			*colon = '\0';
			port = colon + 1;
		}
		if (!host[0])
			return NULL;
		for (char *q = host; *q; q++) {
			if (!isalnum((unsigned char)*q) && *q != '-' && *q != '.')
				return NULL;
			*q = (char)tolower((unsigned char)*q);
		}
	}
	if (port) {
		int64_t pn;
		if (!*port || strlen(port) > 5 || !str_to_i64(port, &pn) || pn < 1 || pn > 65535)
			return NULL;
		if ((pn == 443 && scheme[4] == 's') || (pn == 80 && !scheme[4]))
			port = NULL;
		else
			return arena_printf(a, "%s://%s:%lld", scheme, host, (long long)pn);
	}
	return arena_printf(a, "%s://%s", scheme, host);
}

static bool in_list(struct arena *a, const char *list, const char *origin)
{
	if (!list || !*list)
		return false;
	char *copy = arena_strdup(a, list);
	char *save = NULL;
	for (char *t = strtok_r(copy, " ,\t\r\n", &save); t; t = strtok_r(NULL, " ,\t\r\n", &save)) {
		const char *n = intake_origin_normalize(a, t);
		if (n && strcmp(n, origin) == 0)
			return true;
	}
	return false;
}

bool intake_origin_allowed(struct arena *a, const struct intake_settings *s,
			   const char *config_origins, const char *origin)
{
	const char *o = intake_origin_normalize(a, origin);
	if (!o)
		return false;
	return in_list(a, s->origins, o) || in_list(a, config_origins, o);
}

static bool user_ok(struct db *db, struct arena *a, int64_t id)
{
	struct user u;
	return id > 0 && user_get(db, a, id, &u) == 0 && u.active;
}

static bool team_ok(struct db *db, struct arena *a, int64_t id)
{
	struct db_rows r;
	if (id <= 0 || team_list(db, a, &r) != 0)
		return false;
	for (size_t i = 0; i < r.nrows; i++)
		if (db_getn_i64(&r, i, "id") == id)
			return db_getn_i64(&r, i, "active") != 0;
	return false;
}

static bool printable_line(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

int intake_settings_save(struct db *db, struct arena *a, const struct intake_settings *s,
			 struct err_info *e)
{
	if (s->min_seconds < 0 || s->min_seconds > 3600)
		return err_set(e, ERR_INVALID, "min_seconds", "OutOfRange",
			       "the minimum time must be between 0 and 3600 seconds");
	if (s->max_age < 60 || s->max_age > 30 * 86400 || s->max_age <= s->min_seconds)
		return err_set(e, ERR_INVALID, "max_age", "OutOfRange",
			       "the maximum age must be between 60 seconds and 30 days, and above the minimum time");
	if (s->rate_limit < 0 || s->rate_limit > 100000)
		return err_set(e, ERR_INVALID, "rate_limit", "OutOfRange",
			       "the rate limit must be between 0 (off) and 100000");
	if (s->rate_window < 10 || s->rate_window > 86400)
		return err_set(e, ERR_INVALID, "rate_window", "OutOfRange",
			       "the period must be between 10 seconds and one day");
	if (!*s->consent_version || strlen(s->consent_version) > 32 ||
	    !printable_line(s->consent_version))
		return err_set(e, ERR_INVALID, "consent_version", "Required",
			       "the consent version is required (at most 32 characters)");
	if (str_utf8_len(s->consent_text_en) > 1000)
		return err_set(e, ERR_INVALID, "consent_text_en", "TooLong", "the consent text is too long");
	if (str_utf8_len(s->consent_text_fr) > 1000)
		return err_set(e, ERR_INVALID, "consent_text_fr", "TooLong", "the consent text is too long");
	/* Origins: one per line, normalised. */
	char *copy = arena_strdup(a, s->origins);
	char *save = NULL;
	char *norm = arena_strdup(a, "");
	for (char *t = strtok_r(copy, " ,\t\r\n", &save); t; t = strtok_r(NULL, " ,\t\r\n", &save)) {
		const char *n = intake_origin_normalize(a, t);
		if (!n)
			return err_set(e, ERR_INVALID, "origins", "IntakeBadOrigin",
				       "'%.100s' is not a web origin such as https://www.example.com", t);
		norm = arena_printf(a, "%s%s%s", norm, *norm ? "\n" : "", n);
	}
	if (strlen(norm) > 2000)
		return err_set(e, ERR_INVALID, "origins", "TooLong", "too many allowed origins");
	const char *redirect = str_trim(arena_strdup(a, s->redirect_url));
	if (*redirect) {
		struct intake_settings tmp = *s;
		str_copy(tmp.origins, norm, sizeof tmp.origins);
		if (strlen(redirect) > 500 || !printable_line(redirect) ||
		    !intake_origin_allowed(a, &tmp, NULL, redirect))
			return err_set(e, ERR_INVALID, "redirect_url", "IntakeBadRedirect",
				       "the page after sending must be on one of the allowed origins");
	}
	if (s->default_team_id && !team_ok(db, a, s->default_team_id))
		return err_set(e, ERR_INVALID, "default_team_id", "IntakeNotFound", "unknown team");
	if (s->default_user_id && !user_ok(db, a, s->default_user_id))
		return err_set(e, ERR_INVALID, "default_user_id", "IntakeNotFound", "unknown or disabled user");
	int rc;
	if ((rc = settings_set_int(db, "default_team_id", s->default_team_id)) ||
	    (rc = settings_set_int(db, "default_user_id", s->default_user_id)) ||
	    (rc = settings_set_int(db, "intake.min_seconds", s->min_seconds)) ||
	    (rc = settings_set_int(db, "intake.max_age", s->max_age)) ||
	    (rc = settings_set_int(db, "intake.rate_limit", s->rate_limit)) ||
	    (rc = settings_set_int(db, "intake.rate_window", s->rate_window)) ||
	    (rc = settings_set_int(db, "intake.consent_show", s->consent_show)) ||
	    (rc = settings_set(db, "intake.consent_version", s->consent_version)) ||
	    (rc = settings_set(db, "intake.consent_text_en", s->consent_text_en)) ||
	    (rc = settings_set(db, "intake.consent_text_fr", s->consent_text_fr)) ||
	    (rc = settings_set(db, "intake.allowed_origins", norm)) ||
	    (rc = settings_set(db, "intake.redirect_url", redirect)))
		return rc;
	return 0;
}

/* ---- form token ---------------------------------------------------------- */

/* What the MAC covers: the scope and (empty) binding of the former
 * csrf_sign token, then the time and the nonce. */
static void token_message(char m[160], const char *t, size_t tl, const char *nonce, size_t nl)
{
	snprintf(m, 160, "contact||%.*s|%.*s", (int)tl, t, (int)nl, nonce);
}

void intake_token_sign(const char *secret, int64_t now, char out[INTAKE_TOKEN_LEN])
{
	char t[24], nonce[32], m[160], mac[48];
	snprintf(t, sizeof t, "%lld", (long long)now);
	crypt_token(nonce, sizeof nonce, 16);
	token_message(m, t, strlen(t), nonce, strlen(nonce));
	crypt_sign(secret, m, mac);
	snprintf(out, INTAKE_TOKEN_LEN, "%s.%s.%s", t, nonce, mac);
}

static bool b64url(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
			return false;
	return n > 0;
}

int intake_token_check(const char *secret, const char *token, int64_t now, int64_t min_age,
		       int64_t max_age, char hash[65])
{
	if (hash)
		hash[0] = '\0';
	if (!token || strlen(token) >= INTAKE_TOKEN_LEN)
		return ERR_FORBIDDEN;
	const char *d1 = strchr(token, '.');
	const char *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
	if (!d1 || !d2 || d1 == token || d1 - token > 20 || d2 - d1 - 1 < 16 || d2 - d1 - 1 > 43 ||
	    !b64url(d1 + 1, (size_t)(d2 - d1 - 1)))
		return ERR_FORBIDDEN;
	char ts[24];
	snprintf(ts, sizeof ts, "%.*s", (int)(d1 - token), token);
	int64_t t;
	if (!str_to_i64(ts, &t))
		return ERR_FORBIDDEN;
	char m[160];
	token_message(m, ts, strlen(ts), d1 + 1, (size_t)(d2 - d1 - 1));
	if (!crypt_sign_verify(secret, m, d2 + 1))
		return ERR_FORBIDDEN;
	if (hash)
		crypt_token_hash(token, hash);
	/* Never older than used tokens are remembered (a value set behind the
	 * settings page's back would let a purged token be replayed). */
	if (max_age > INTAKE_TOKEN_KEEP - 86400)
		max_age = INTAKE_TOKEN_KEEP - 86400;
	int64_t age = now - t;
	if (age > max_age || age < -60)
		return ERR_GONE;
	if (age < min_age)
		return ERR_INVALID;
	return 0;
}

int64_t intake_token_purge(struct db *db)
{
	/* In slices: a long backlog does not hold locks for long. */
	int64_t total = 0, n;
	do {
		n = db_exec(db, "DELETE FROM form_token WHERE expires_at < UTC_TIMESTAMP() LIMIT 5000", "");
		if (n < 0)
			return n;
		total += n;
	} while (n == 5000);
	return total;
}

/* ---- form parsing ------------------------------------------------------- */

enum fkind { F_LINE, F_TEXT, F_EMAIL, F_PHONE, F_BOOL };

static const struct field {
	const char *name;
	size_t off;
	size_t max;
	enum fkind kind;
	bool required;
} fields[] = {
	{"name", offsetof(struct intake_form, name), INTAKE_TEXT_MAX, F_LINE, false},
	{"contact_name", offsetof(struct intake_form, contact_name), INTAKE_TEXT_MAX, F_LINE, true},
	{"email", offsetof(struct intake_form, email), 254, F_EMAIL, true},
	{"phone", offsetof(struct intake_form, phone), INTAKE_PHONE_MAX, F_PHONE, false},
	{"partner_name", offsetof(struct intake_form, partner_name), INTAKE_TEXT_MAX, F_LINE, false},
	{"description", offsetof(struct intake_form, description), INTAKE_MESSAGE_MAX, F_TEXT, true},
	{"utm_source", offsetof(struct intake_form, utm_source), INTAKE_UTM_MAX, F_LINE, false},
	{"utm_medium", offsetof(struct intake_form, utm_medium), INTAKE_UTM_MAX, F_LINE, false},
	{"utm_campaign", offsetof(struct intake_form, utm_campaign), INTAKE_UTM_MAX, F_LINE, false},
};
#define NFIELDS (sizeof fields / sizeof fields[0])

/* Fields that steer the submission and are never appended to the message. */
static const char *const control[] = {
	INTAKE_HONEYPOT, INTAKE_TOKEN, "consent", "consent_version", "redirect", "submission_key",
	"csrf_token", "lang", "submit", NULL,
};

static bool is_control(const char *k)
{
	for (size_t i = 0; control[i]; i++)
		if (strcmp(k, control[i]) == 0)
			return true;
	return k[0] == '_';
}

static const char *find(const struct intake_kv *v, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].key && strcmp(v[i].key, key) == 0)
			return v[i].val;
	return NULL;
}

static void add_err(struct err_info *errs, size_t maxerr, size_t *nerr, int code,
		    const char *field, const char *key, const char *msg)
{
	for (size_t i = 0; i < *nerr; i++)
		if (strcmp(errs[i].field, field) == 0)
			return; /* one message per field */
	if (*nerr >= maxerr)
		return;
	struct err_info *e = &errs[(*nerr)++];
	err_clear(e);
	err_set(e, code, field, key, "%s", msg);
}

/* Trimmed copy; NULL when empty. bad: control characters (newlines are
 * allowed in multi-line text only). */
static char *clean(struct arena *a, const char *v, bool multiline, bool *bad)
{
	*bad = false;
	if (!v)
		return NULL;
	char *t = str_trim(arena_strdup(a, v));
	for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
		if (*p == '\t' || (multiline && (*p == '\n' || *p == '\r')))
			continue;
		if (*p < 0x20 || *p == 0x7f)
			*bad = true;
	}
	return *t ? t : NULL;
}

static bool phone_ok(const char *s)
{
	int digits = 0;
	for (const char *p = s; *p; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (!strchr(" +-.()/", *p))
			return false;
	}
	return digits >= 6 && digits <= 20;
}

static bool key_ok(const char *k)
{
	if (!k || strlen(k) != INTAKE_KEY_LEN)
		return false;
	for (const char *p = k; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
			return false;
	return true;
}

/* The first line of the message, cut to about 80 characters. */
static const char *default_name(struct arena *a, const char *description)
{
	char *t = arena_strdup(a, description);
	t[strcspn(t, "\r\n")] = '\0';
	str_trim(t);
	if (str_utf8_len(t) <= 80)
		return t;
	str_utf8_truncate(t, 240);
	while (str_utf8_len(t) > 77)
		str_utf8_truncate(t, strlen(t) - 1);
	return arena_printf(a, "%s…", str_trim(t));
}

int intake_form_parse(struct arena *a, const struct intake_kv *kv, size_t n,
		      const struct intake_kv *query, size_t nq, struct intake_form *f,
		      struct err_info *errs, size_t maxerr, size_t *nerr)
{
	memset(f, 0, sizeof *f);
	*nerr = 0;
	bool toobig = false;
	for (size_t i = 0; i < NFIELDS; i++) {
		const struct field *d = &fields[i];
		const char *raw = find(kv, n, d->name);
		if (!raw && str_starts(d->name, "utm_"))
			raw = find(query, nq, d->name);
		bool bad;
		char *v = clean(a, raw, d->kind == F_TEXT, &bad);
		const char **slot = (const char **)((char *)f + d->off);
		if (v && str_utf8_len(v) > d->max) {
			add_err(errs, maxerr, nerr, ERR_TOOBIG, d->name, "IntakeTooLong",
				"this field is too long");
			toobig = true;
			continue;
		}
		if (bad) {
			add_err(errs, maxerr, nerr, ERR_INVALID, d->name, "BadChars",
				"this value contains forbidden characters");
			continue;
		}
		if (!v) {
			if (d->required)
				add_err(errs, maxerr, nerr, ERR_INVALID, d->name, "Required",
					"this field is required");
			continue;
		}
		if (d->kind == F_EMAIL && !str_email_valid(v)) {
			add_err(errs, maxerr, nerr, ERR_INVALID, d->name, "BadEmail",
				"this is not a valid e-mail address");
			continue;
		}
		if (d->kind == F_PHONE && !phone_ok(v)) {
			add_err(errs, maxerr, nerr, ERR_INVALID, d->name, "IntakeBadPhone",
				"this is not a phone number");
			continue;
		}
		*slot = v;
	}
	const char *c = find(kv, n, "consent");
	f->consent = c && (strcmp(c, "1") == 0 || strcasecmp(c, "on") == 0 ||
			   strcasecmp(c, "true") == 0 || strcasecmp(c, "yes") == 0);

	/* Unknown fields: "label: value" lines after the message. */
	char *extra = NULL;
	size_t nextra = 0;
	for (size_t i = 0; i < n; i++) {
		const char *k = kv[i].key;
		if (!k || is_control(k))
			continue;
		bool known = false;
		for (size_t j = 0; j < NFIELDS && !known; j++)
			known = strcmp(k, fields[j].name) == 0;
		if (known)
			continue;
		/* Only the first value of a repeated field. */
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = kv[j].key && strcmp(kv[j].key, k) == 0;
		if (seen)
			continue;
		bool bad;
		char *v = clean(a, kv[i].val, true, &bad);
		if (!v)
			continue;
		if (++nextra > INTAKE_EXTRA_FIELDS || str_utf8_len(k) > 64 ||
		    str_utf8_len(v) > INTAKE_EXTRA_MAX) {
			add_err(errs, maxerr, nerr, ERR_TOOBIG, k, "IntakeTooLong", "this field is too long");
			toobig = true;
			break;
		}
		char *label = arena_strdup(a, k);
		for (char *p = label; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = ' ';
		for (char *p = v; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = ' ';
		extra = arena_printf(a, "%s%s%s: %s", extra ? extra : "", extra ? "\n" : "", label,
				     str_trim(v));
	}
	f->extra = extra;
	if (f->description && extra &&
	    str_utf8_len(f->description) + 2 + str_utf8_len(extra) > LEAD_DESCRIPTION_MAX) {
		add_err(errs, maxerr, nerr, ERR_TOOBIG, "description", "IntakeTooLong",
			"this field is too long");
		toobig = true;
	}
	if (*nerr)
		return toobig ? ERR_TOOBIG : ERR_INVALID;
	if (!f->name)
		f->name = default_name(a, f->description);
	const char *k = find(kv, n, "submission_key");
	if (key_ok(k)) {
		f->key = arena_strdup(a, k);
	} else {
		char *nk = arena_alloc(a, 48);
		crypt_token(nk, 48, 32);
		f->key = nk;
	}
	f->submitted_at = (int64_t)time(NULL);
	return 0;
}

const char *intake_visitor_lang(struct arena *a, const char *al)
{
	if (!al)
		return NULL;
	double best_q = -1;
	char best[4] = "";
	const char *p = al;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		if (!*p)
			break;
		size_t tl = strcspn(p, ",;");
		size_t ll = 0;
		while (ll < tl && isalpha((unsigned char)p[ll]))
			ll++;
		const char *entry = p;
		p += tl;
		double q = 1.0;
		if (*p == ';') {
			const char *qs = strstr(p, "q=");
			const char *next = strchr(p, ',');
			if (qs && (!next || qs < next))
				q = strtod(qs + 2, NULL);
			p = next ? next : p + strlen(p);
		}
		bool ok = (ll == 2 || ll == 3) && (ll == tl || entry[ll] == '-' || entry[ll] == '_' ||
						  entry[ll] == ' ' || entry[ll] == ';');
		if (ok && q > best_q && q > 0) {
			best_q = q;
			for (size_t i = 0; i < ll; i++)
				best[i] = (char)tolower((unsigned char)entry[i]);
			best[ll] = '\0';
		}
	}
	return best[0] ? arena_strdup(a, best) : NULL;
}

/* ---- spool form ---------------------------------------------------------- */

#define JSON_STR_FIELDS(X)                                                          \
	X(name) X(contact_name) X(email) X(phone) X(partner_name) X(description)    \
	X(utm_source) X(utm_medium) X(utm_campaign) X(extra) X(consent_version)     \
	X(lang) X(ip) X(key) X(token_hash)

char *intake_form_to_json(const struct intake_form *f)
{
	json_t *o = json_object();
	json_object_set_new(o, "v", json_integer(1));
#define X(m)                                                                   \
	if (f->m)                                                              \
		json_object_set_new(o, #m, json_string(f->m));
	JSON_STR_FIELDS(X)
#undef X
	json_object_set_new(o, "consent", json_boolean(f->consent));
	json_object_set_new(o, "submitted_at", json_integer(f->submitted_at));
	char *s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}

int intake_form_from_json(struct arena *a, const char *json, size_t len, struct intake_form *f)
{
	memset(f, 0, sizeof *f);
	json_error_t je;
	json_t *o = json_loadb(json, len, 0, &je);
	if (!o || !json_is_object(o)) {
		json_decref(o);
		return ERR_INVALID;
	}
#define X(m)                                                                   \
	{                                                                      \
		json_t *x = json_object_get(o, #m);                            \
		if (json_is_string(x))                                         \
			f->m = arena_strdup(a, json_string_value(x));          \
	}
	JSON_STR_FIELDS(X)
#undef X
	f->consent = json_is_true(json_object_get(o, "consent"));
	f->submitted_at = json_integer_value(json_object_get(o, "submitted_at"));
	json_decref(o);
	if (!f->name && f->description)
		f->name = default_name(a, f->description);
	if (!key_ok(f->key) || !f->name || !f->submitted_at)
		return ERR_INVALID;
	if (f->token_hash && (strlen(f->token_hash) != 64 || strspn(f->token_hash, "0123456789abcdef") != 64))
		return ERR_INVALID;
	return 0;
}

/* ---- the lead ------------------------------------------------------------ */

/* The configured default team when it exists and is active, else the first
 * active team (0 without teams). */
static int64_t pick_team(struct db *db, struct arena *a, int64_t want)
{
	struct db_rows r;
	if (team_list(db, a, &r) != 0)
		return 0;
	int64_t first = 0;
	for (size_t i = 0; i < r.nrows; i++) {
		if (!db_getn_i64(&r, i, "active"))
			continue;
		int64_t id = db_getn_i64(&r, i, "id");
		if (id == want)
			return id;
		if (!first)
			first = id;
	}
	return first;
}

int intake_route_resolve(struct db *db, struct arena *a, const struct intake_settings *s,
			 struct intake_route *r)
{
	memset(r, 0, sizeof *r);
	r->for_team = s->default_team_id;
	r->for_user = s->default_user_id;
	r->team_id = pick_team(db, a, s->default_team_id);
	if (user_ok(db, a, s->default_user_id))
		r->user_id = s->default_user_id;
	r->is_lead = lead_type_is_lead_for_team(db, r->team_id);
	int rc = stage_default_for_team(db, r->team_id, &r->stage_id);
	if (rc)
		return rc;
	r->stage_won = r->stage_id && stage_is_won(db, r->stage_id);
	if (r->team_id) {
		struct db_rows f;
		if ((rc = follower_list(db, a, "team", r->team_id, &f)) != 0)
			return rc;
		r->followers = f.nrows > 0;
	}
	return db_connected(db) ? 0 : ERR_UNAVAILABLE;
}

struct create {
	struct arena *a;
	const struct intake_settings *s;
	const struct intake_route *route;
	const struct intake_form *f;
	int64_t id;
	struct err_info *e;
};

static int create_tx(struct db *db, void *arg)
{
	struct create *cr = arg;
	const struct intake_form *f = cr->f;
	struct arena *a = cr->a;
	struct intake_route fresh;
	const struct intake_route *r = cr->route;
	int rc;
	if (!r) {
		if ((rc = intake_route_resolve(db, a, cr->s, &fresh)) != 0)
			return rc;
		r = &fresh;
	}
	/* The form token is good for one submission: its hash is recorded in
	 * this transaction, so a replay (another submission with the same
	 * token, on any worker or host) hits the primary key. The same
	 * submission again (same key) is not a replay: it finds its lead. */
	if (f->token_hash) {
		int64_t x = db_exec(db,
				    "INSERT INTO form_token (hash, expires_at) "
				    "VALUES (?, UTC_TIMESTAMP() + INTERVAL ? SECOND)",
				    "si", f->token_hash, (int64_t)INTAKE_TOKEN_KEEP);
		if (x == ERR_CONFLICT) {
			int64_t existing = 0;
			/* A locking read: the latest committed row, not this
			 * transaction's snapshot. */
			if ((rc = db_int(db, &existing, 0,
					 "SELECT id FROM crm_lead WHERE intake_key = ? LOCK IN SHARE MODE", "s",
					 f->key)) != 0)
				return rc;
			if (existing) {
				cr->id = existing;
				return ERR_CONFLICT;
			}
			return err_set(cr->e, ERR_FORBIDDEN, INTAKE_TOKEN, "",
				       "this form was already sent once");
		}
		if (x < 0)
			return (int)x;
	}
	struct lead_input in;
	lead_input_init(&in);
	in.name = f->name;
	in.contact_name = f->contact_name;
	in.partner_name = f->partner_name;
	in.email = f->email;
	in.phone = f->phone;
	in.description = f->extra ? arena_printf(a, "%s\n\n%s", f->description ? f->description : "",
						f->extra)
				  : f->description;
	in.source = f->utm_source;
	in.medium = f->utm_medium ? f->utm_medium : "Website";
	in.campaign = f->utm_campaign;
	in.lang = f->lang;
	in.origin = "form";
	in.intake_key = f->key;
	in.consent = f->consent;
	in.consent_version = f->consent_version;
	in.consent_ip = f->ip;
	in.team_id = r->team_id;
	in.user_id = r->user_id;
	in.type = r->is_lead ? "lead" : "opportunity";
	in.stage_id = r->stage_id;
	in.stage_won = r->stage_won;
	in.refs_checked = true;
	if (f->submitted_at > 0) {
		time_t t = (time_t)f->submitted_at;
		struct tm tm;
		gmtime_r(&t, &tm);
		char *d = arena_alloc(a, 24);
		strftime(d, 24, "%Y-%m-%d %H:%M:%S", &tm);
		in.create_date = d;
	}
	if ((rc = lead_create(db, a, &in, &cr->id, cr->e)) != 0)
		return rc;
	struct chatter_msg m = {0};
	m.res_model = "lead";
	m.res_id = cr->id;
	m.kind = "system";
	m.body = "Lead created from the website form";
	int64_t mid = 0;
	if ((rc = chatter_post(db, &m, &mid)) != 0)
		return rc;
	if (in.team_id && r->followers) {
		const char *summary = arena_printf(a, "New lead from the website form: %s", f->name);
		int n = notify_followers(db, "team", in.team_id, "lead_created", summary, mid, 0);
		if (n < 0)
			return n;
	}
	return 0;
}

int intake_create_lead(struct db *db, struct arena *a, const struct intake_settings *s,
		       const struct intake_route *route, const struct intake_form *f, int64_t *id,
		       struct err_info *e)
{
	struct create cr = {a, s, route, f, 0, e};
	int rc = db_tx(db, create_tx, &cr);
	if (id)
		*id = cr.id;
	return rc;
}

/* ---- spool replay -------------------------------------------------------- */

void intake_spool_dir(const struct config *cfg, char out[1024])
{
	snprintf(out, 1024, "%s/spool/contact", config_get(cfg, "var_dir"));
}

void intake_ratelimit_path(const struct config *cfg, char out[1024])
{
	snprintf(out, 1024, "%s/run/intake-ratelimit.shm", config_get(cfg, "var_dir"));
}

struct replay {
	struct db *db;
	struct arena a;
	struct intake_settings s;
	int64_t deadline_ms; /* 0: none */
};

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int replay_one(void *arg, const char *key, const char *data, size_t len)
{
	struct replay *r = arg;
	if (r->deadline_ms && mono_ms() > r->deadline_ms)
		return ERR_UNAVAILABLE; /* out of time: the rest waits */
	arena_reset(&r->a);
	struct intake_form f;
	if (intake_form_from_json(&r->a, data, len, &f) != 0 || strcmp(f.key, key) != 0) {
		log_warnx("spool: entry %s is not a contact-form submission", key);
		return ERR_INVALID;
	}
	struct err_info e = {0};
	int64_t id = 0;
	int rc = intake_create_lead(r->db, &r->a, &r->s, NULL, &f, &id, &e);
	if (rc == 0) {
		log_info("spool: submission %s replayed as lead %lld", key, (long long)id);
		return 0;
	}
	if (rc == ERR_CONFLICT && id) {
		log_info("spool: submission %s was already lead %lld", key, (long long)id);
		return 0;
	}
	if (rc == ERR_UNAVAILABLE || rc == ERR_RETRY)
		return ERR_UNAVAILABLE;
	if (rc == ERR_FORBIDDEN) {
		/* Its token had been used by another submission (a replay sent
		 * while the database was down): spam, counted and dropped. */
		log_info("spool: submission %s refused: its form token was already used", key);
		intake_reject_add(r->db, REJ_REPLAY, 1);
		return 0;
	}
	log_warnx("spool: submission %s refused (%s: %s)", key, err_str(rc), e.msg);
	return rc;
}

int intake_spool_replay(struct db *db, const char *dir, int64_t budget_ms, int *done, int *failed)
{
	if (done)
		*done = 0;
	if (failed)
		*failed = 0;
	if (spool_count(dir) == 0)
		return 0;
	if (db_ensure(db) != 0)
		return ERR_UNAVAILABLE;
	struct replay r = {.db = db, .deadline_ms = budget_ms > 0 ? mono_ms() + budget_ms : 0};
	arena_init(&r.a, 16 * 1024);
	int rc = intake_settings_load(db, &r.a, &r.s);
	struct spool_stats st = {0};
	if (rc == 0)
		rc = spool_replay(dir, replay_one, &r, &st);
	else
		rc = ERR_UNAVAILABLE;
	arena_free(&r.a);
	if (done)
		*done = st.done;
	if (failed)
		*failed = st.failed;
	return rc;
}

/* ---- rejections ---------------------------------------------------------- */

static const char *const reasons[REJ_COUNT] = {
	[REJ_HONEYPOT] = "honeypot",
	[REJ_TOO_FAST] = "too_fast",
	[REJ_EXPIRED] = "expired",
	[REJ_TOKEN] = "token",
	[REJ_RATE] = "rate",
	[REJ_SIZE] = "size",
	[REJ_INVALID] = "invalid",
	[REJ_ORIGIN] = "origin",
	[REJ_MAIL_AUTO] = "mail_auto_reply",
	[REJ_MAIL_ALIAS] = "mail_unknown_alias",
	[REJ_MAIL_UNPARSABLE] = "mail_unparsable",
	[REJ_REPLAY] = "replay",
};

const char *intake_reason_name(enum intake_reason r)
{
	return (unsigned)r < REJ_COUNT ? reasons[r] : "unknown";
}

int intake_reject_add(struct db *db, enum intake_reason r, int64_t n)
{
	if ((unsigned)r >= REJ_COUNT || n <= 0)
		return 0;
	int64_t x = db_exec(db,
			    "INSERT INTO intake_reject (reason, n, last_at) VALUES (?, ?, UTC_TIMESTAMP()) "
			    "ON DUPLICATE KEY UPDATE n = n + VALUES(n), last_at = VALUES(last_at)",
			    "si", reasons[r], n);
	return x < 0 ? (int)x : 0;
}

int intake_reject_list(struct db *db, struct arena *a, struct db_rows *out)
{
	return db_query(db, a, out, "SELECT reason, n, last_at FROM intake_reject ORDER BY reason", "");
}

int intake_reject_flush(struct db *db, struct ratelimit *rl)
{
	for (unsigned r = 0; r < REJ_COUNT; r++) {
		int64_t n = ratelimit_pending_take(rl, r);
		if (n <= 0)
			continue;
		int rc = intake_reject_add(db, (enum intake_reason)r, n);
		if (rc) {
			ratelimit_pending_add(rl, r, n); /* keep them for the next time */
			return rc;
		}
	}
	return 0;
}
