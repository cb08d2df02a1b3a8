/* contact.c - /contact: the public contact form (GET), its submission
 * (POST), the thank-you page, the CORS preflight and the form description
 * embed.js renders (SPEC I1-I4, I7).
 *
 * The POST answers without the database when it has to: the form-signing
 * secret comes from var/secret, the rate limit from a shared file, and a
 * submission that cannot be stored is spooled durably and replayed later. */
#include "intake.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "core/config.h"
#include "core/crypt.h"
#include "core/log.h"
#include "core/str.h"
#include "crm/ratelimit.h"
#include "crm/settings.h"
#include "crm/spool.h"
#include "db/db.h"
#include "web/request.h"
#include "web/response.h"
#include "web/view.h"

#define MAX_ERRORS 12
/* How long a thread trusts the settings and the resolved route (team, stage,
 * type, followers) of form leads without asking the database again. A
 * change made in Piste's settings page applies at once (it touches
 * var/run/intake-settings.gen, which each request stat()s); other changes
 * (teams, stages, followers) within this delay. */
#define CACHE_TTL_MS 2000

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Whether the settings-change marker moved since this thread last looked. */
static bool marker_moved(struct ctx *c)
{
	struct intake_thread *t = c->app;
	char path[1024];
	intake_settings_marker(c->cfg, path);
	struct stat st;
	struct timespec m = {0, 0};
	ino_t ino = 0;
	if (stat(path, &st) == 0) {
		m = st.st_mtim;
		ino = st.st_ino;
	}
	bool moved = m.tv_sec != t->marker_mtime.tv_sec || m.tv_nsec != t->marker_mtime.tv_nsec ||
		     ino != t->marker_ino;
	t->marker_mtime = m;
	t->marker_ino = ino;
	return moved;
}

/* The route of this thread, resolved again when stale (or when fresh is
 * asked). NULL when the database cannot answer. */
static const struct intake_route *route(struct ctx *c, const struct intake_settings *s, bool fresh)
{
	struct intake_thread *t = c->app;
	int64_t now = mono_ms();
	if (!fresh && t->route_at && now - t->route_at < CACHE_TTL_MS &&
	    t->route.for_team == s->default_team_id && t->route.for_user == s->default_user_id)
		return &t->route;
	t->route_at = 0;
	if (intake_route_resolve(c->db, c->a, s, &t->route) != 0)
		return NULL;
	t->route_at = now;
	return &t->route;
}

/* The last settings read by any worker thread, shared through a small file
 * (var/run/intake-settings.bin): while the database is down every thread
 * applies the same, most recent settings, not whatever it read last. */
static void settings_file(struct ctx *c, char out[1024])
{
	snprintf(out, 1024, "%s/run/intake-settings.bin", config_get(c->cfg, "var_dir"));
}

static void share_settings(struct ctx *c, const struct intake_settings *s)
{
	char path[1024], tmp[1100];
	settings_file(c, path);
	snprintf(tmp, sizeof tmp, "%s.%d.tmp", path, (int)gettid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	bool ok = write(fd, s, sizeof *s) == (ssize_t)sizeof *s;
	close(fd);
	if (!ok || rename(tmp, path) != 0)
		unlink(tmp);
}

static void shared_settings(struct ctx *c, struct intake_settings *s)
{
	char path[1024];
	settings_file(c, path);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	struct intake_settings x;
	if (read(fd, &x, sizeof x) == (ssize_t)sizeof x && x.consent_version[sizeof x.consent_version - 1] == 0 &&
	    x.origins[sizeof x.origins - 1] == 0 && x.redirect_url[sizeof x.redirect_url - 1] == 0 &&
	    x.consent_text_en[sizeof x.consent_text_en - 1] == 0 &&
	    x.consent_text_fr[sizeof x.consent_text_fr - 1] == 0)
		*s = x;
	close(fd);
}

const struct intake_settings *contact_settings(struct ctx *c)
{
	struct intake_thread *t = c->app;
	int64_t now = mono_ms();
	if (marker_moved(c))
		t->settings_at = t->route_at = 0;
	if (t->settings_at && now - t->settings_at < CACHE_TTL_MS)
		return &t->s;
	struct intake_settings s;
	memset(&s, 0, sizeof s); /* padding too: compared and written as bytes */
	if (db_ensure(c->db) == 0 && intake_settings_load(c->db, c->a, &s) == 0) {
		if (!t->shared || memcmp(&s, &t->s, sizeof s) != 0) {
			share_settings(c, &s);
			t->shared = true;
		}
		t->s = s;
		t->settings_at = now;
	} else {
		shared_settings(c, &t->s);
		t->shared = false;
	}
	return &t->s;
}

/* The signing key: var/secret (loaded by the server, works without the
 * database), else the one stored in the database. */
static bool have_secret(struct ctx *c)
{
	if (c->secret[0])
		return true;
	if (db_ensure(c->db) == 0 && settings_secret(c->db, c->secret) == 0)
		return true;
	c->secret[0] = '\0';
	return false;
}

/* host[:port] of an origin, to compare with the Host header. */
static const char *origin_hostport(const char *origin)
{
	const char *p = strstr(origin, "://");
	return p ? p + 3 : origin;
}

bool contact_cors(struct ctx *c, const struct intake_settings *s, bool *denied)
{
	*denied = false;
	const char *o = c->req.origin;
	if (!o || !*o)
		return false;
	const char *hp = origin_hostport(o);
	if (c->req.host && strcasecmp(hp, c->req.host) == 0)
		return false; /* same origin */
	const char *base = intake_origin_normalize(c->a, config_get(c->cfg, "base_url"));
	const char *norm = intake_origin_normalize(c->a, o);
	if (base && norm && strcmp(base, norm) == 0)
		return false;
	if (!intake_origin_allowed(c->a, s, config_get(c->cfg, "form.allowed_origins"), o)) {
		*denied = true;
		return false;
	}
	http_header(c, "Access-Control-Allow-Origin", norm);
	http_header(c, "Vary", "Origin");
	return true;
}

static void count_reject(struct ctx *c, enum intake_reason r)
{
	struct intake_thread *t = c->app;
	if (db_connected(c->db) && intake_reject_add(c->db, r, 1) == 0)
		return;
	/* The database is away: keep the count in the shared file. */
	ratelimit_pending_add(t->rl, (unsigned)r, 1);
}

/* ---- the form ------------------------------------------------------------ */

static const char *const form_fields[] = {"name", "contact_name", "email", "phone",
					  "partner_name", "description", NULL};
static const char *const utm_fields[] = {"utm_source", "utm_medium", "utm_campaign", NULL};

static bool is_known(const char *k)
{
	for (size_t i = 0; form_fields[i]; i++)
		if (strcmp(k, form_fields[i]) == 0)
			return true;
	for (size_t i = 0; utm_fields[i]; i++)
		if (strcmp(k, utm_fields[i]) == 0)
			return true;
	static const char *const control[] = {INTAKE_HONEYPOT, INTAKE_TOKEN, "consent", "consent_version",
					      "redirect", "submission_key", "csrf_token", "lang", "submit",
					      NULL};
	for (size_t i = 0; control[i]; i++)
		if (strcmp(k, control[i]) == 0)
			return true;
	return k[0] == '_';
}

static const char *consent_text(struct ctx *c, const struct intake_settings *s)
{
	const char *t = strcmp(c->lang, "fr") == 0 ? s->consent_text_fr : s->consent_text_en;
	if (t && *t)
		return t;
	return view_tr(c->view, "Contact.ConsentDefault");
}

/* A target after submit: an absolute URL on an allowed origin, else NULL. */
static const char *redirect_target(struct ctx *c, const struct intake_settings *s, const char *want)
{
	if (!want || !*want || strlen(want) > 500)
		return NULL;
	for (const char *p = want; *p; p++)
		if ((unsigned char)*p < 0x21 || *p == 0x7f)
			return NULL;
	if (!intake_origin_allowed(c->a, s, config_get(c->cfg, "form.allowed_origins"), want))
		return NULL;
	return want;
}

/* The form page: fresh token, values kept from the request (when shown
 * again after an error), unknown fields carried as hidden fields. */
static int show_form(struct ctx *c, int status, const struct intake_settings *s,
		     const struct err_info *errs, size_t nerr, const char *notice)
{
	struct view *v = c->view;
	char tok[INTAKE_TOKEN_LEN];
	intake_token_sign(c->secret, (int64_t)time(NULL), tok);
	view_set(v, "Contact.Token", tok);
	const char *key = req_form(c, "submission_key");
	char fresh[48];
	if (!key || strlen(key) != INTAKE_KEY_LEN) {
		crypt_token(fresh, sizeof fresh, 32);
		key = fresh;
	}
	view_set(v, "Contact.Key", key);
	bool post = c->req.m == M_POST;
	for (size_t i = 0; post && form_fields[i]; i++)
		view_setk(v, req_form(c, form_fields[i]), "Contact.Values.%s", form_fields[i]);
	for (size_t i = 0; utm_fields[i]; i++)
		view_setk(v, req_get(c, utm_fields[i]), "Contact.Utm.%s", utm_fields[i]);
	if (post && req_bool(c, "consent"))
		view_set(v, "Contact.Values.consent", "1");
	const char *redir = redirect_target(c, s, req_get(c, "redirect"));
	view_set(v, "Contact.Redirect", redir);
	if (post) {
		int k = 0;
		for (size_t i = 0; i < c->req.nform && k < INTAKE_EXTRA_FIELDS; i++) {
			const struct kv *f = &c->req.form[i];
			if (!f->val || is_known(f->key))
				continue;
			view_setk(v, f->key, "Contact.Extra.%d.Key", k);
			view_setk(v, f->val, "Contact.Extra.%d.Value", k);
			k++;
		}
	}
	if (s->consent_show) {
		view_set(v, "Contact.Consent.Show", "1");
		view_set(v, "Contact.Consent.Text", consent_text(c, s));
	}
	for (size_t i = 0; i < nerr; i++)
		view_set_error(v, &errs[i]);
	view_set(v, "Contact.Notice", notice);
	return http_page(c, status, "intake/contact.cs");
}

int contact_get(struct ctx *c)
{
	const struct intake_settings *s = contact_settings(c);
	if (!have_secret(c))
		return ERR_UNAVAILABLE;
	return show_form(c, 200, s, NULL, 0, NULL);
}

int contact_thanks(struct ctx *c)
{
	if (req_query(c, "queued"))
		view_set(c->view, "Contact.Queued", "1");
	return http_page(c, 200, "intake/thanks.cs");
}

/* ---- JSON answers -------------------------------------------------------- */

/* {"error": {code, message (in the visitor's language), field, key}}. */
static int json_error(struct ctx *c, int code, const struct err_info *e, const char *notice)
{
	const char *msg = NULL, *key = e && e->key[0] ? e->key : NULL;
	char k[96];
	if (notice) {
		snprintf(k, sizeof k, "Contact.Notice.%s", notice);
		msg = view_tr(c->view, k);
	} else if (key) {
		snprintf(k, sizeof k, "Err.%s", key);
		msg = view_tr(c->view, k);
	}
	if (!msg)
		msg = e && e->msg[0] ? e->msg : err_str(code);
	json_t *err = json_pack("{s:s, s:s}", "code", err_str(code), "message", msg);
	json_object_set_new(err, "field", e && e->field[0] ? json_string(e->field) : json_null());
	if (notice || key)
		json_object_set_new(err, "key", json_string(notice ? notice : key));
	return http_json(c, err_http_status(code), json_pack("{s:o}", "error", err));
}

static int refuse(struct ctx *c, const struct intake_settings *s, int code, const char *field,
		  const char *notice, const char *english)
{
	struct err_info e = {0};
	err_set(&e, code, field, "", "%s", english);
	if (c->req.wants_json)
		return json_error(c, code, &e, notice);
	return show_form(c, err_http_status(code), s, NULL, 0, notice);
}

/* Accepted (stored or spooled), or made to look so (honeypot). */
static int accepted(struct ctx *c, const struct intake_settings *s, int64_t id, bool queued)
{
	if (c->req.wants_json) {
		if (id > 0)
			return http_json(c, 201, json_pack("{s:I}", "id", (json_int_t)id));
		return http_json(c, 202, json_pack("{s:n, s:b}", "id", "queued", 1));
	}
	const char *to = redirect_target(c, s, req_form(c, "redirect"));
	if (!to)
		to = redirect_target(c, s, s->redirect_url);
	if (!to)
		to = queued ? "/contact/thanks?queued=1" : "/contact/thanks";
	return http_redirect(c, to);
}

/* ---- POST ------------------------------------------------------------------ */

static struct intake_kv *to_kv(struct ctx *c, const struct kv *v, size_t n)
{
	struct intake_kv *out = arena_alloc(c->a, (n + 1) * sizeof *out);
	for (size_t i = 0; i < n; i++)
		out[i] = (struct intake_kv){v[i].key, v[i].val};
	return out;
}

int contact_post(struct ctx *c)
{
	struct intake_thread *t = c->app;
	int64_t now = (int64_t)time(NULL);
	const struct intake_settings *s = contact_settings(c);
	if (!have_secret(c))
		return ERR_UNAVAILABLE;

	/* 1. Cross-origin posts only from the allowed sites. */
	bool denied;
	contact_cors(c, s, &denied);
	if (denied) {
		count_reject(c, REJ_ORIGIN);
		return refuse(c, s, ERR_FORBIDDEN, "", "origin",
			      "this site may not send the contact form");
	}
	/* 2. Per-client rate limit, shared by every worker. */
	int64_t retry = 0;
	if (ratelimit_hit(t->rl, c->req.remote_addr, s->rate_limit, s->rate_window, now, &retry) ==
	    ERR_LOCKED) {
		count_reject(c, REJ_RATE);
		char ra[24];
		snprintf(ra, sizeof ra, "%lld", (long long)retry);
		http_header(c, "Retry-After", ra);
		view_set_int(c->view, "Contact.RetryMinutes", (retry + 59) / 60);
		return refuse(c, s, ERR_LOCKED, "", "rate", "too many messages from your address, try again later");
	}
	/* 3. Size of the whole body. */
	if (c->req.body_len > INTAKE_BODY_MAX) {
		count_reject(c, REJ_SIZE);
		return refuse(c, s, ERR_TOOBIG, "", "size", "the message is too large");
	}
	/* 4. The honeypot: bots fill every field; they get a normal answer. */
	const char *hp = req_form(c, INTAKE_HONEYPOT);
	if (hp && *hp) {
		count_reject(c, REJ_HONEYPOT);
		return accepted(c, s, 0, true);
	}
	/* 5. The signed time stamp: from our form, not too fast, not too old
	 * (and used once: checked when the lead is stored, step 7). */
	char token_hash[65];
	int tr = intake_token_check(c->secret, req_form(c, INTAKE_TOKEN), now, s->min_seconds, s->max_age,
				    token_hash);
	if (tr == ERR_FORBIDDEN) {
		count_reject(c, REJ_TOKEN);
		return refuse(c, s, ERR_FORBIDDEN, INTAKE_TOKEN, "token",
			      "please confirm sending this message");
	}
	if (tr == ERR_GONE) {
		count_reject(c, REJ_EXPIRED);
		return refuse(c, s, ERR_INVALID, INTAKE_TOKEN, "expired",
			      "the form has expired; check your message and send it again");
	}
	if (tr == ERR_INVALID) {
		count_reject(c, REJ_TOO_FAST);
		return refuse(c, s, ERR_INVALID, INTAKE_TOKEN, "too_fast",
			      "that was very fast; check your message and send it again");
	}
	/* 6. The fields. */
	struct intake_form f;
	struct err_info errs[MAX_ERRORS];
	size_t nerr = 0;
	int rc = intake_form_parse(c->a, to_kv(c, c->req.form, c->req.nform), c->req.nform,
				   to_kv(c, c->req.query, c->req.nquery), c->req.nquery, &f, errs,
				   MAX_ERRORS, &nerr);
	if (rc) {
		count_reject(c, rc == ERR_TOOBIG ? REJ_SIZE : REJ_INVALID);
		if (c->req.wants_json)
			return json_error(c, rc, &errs[0], NULL);
		return show_form(c, err_http_status(rc), s, errs, nerr, NULL);
	}
	f.lang = intake_visitor_lang(c->a, c->req.accept_language);
	f.ip = c->req.remote_addr && *c->req.remote_addr ? c->req.remote_addr : NULL;
	if (f.consent)
		f.consent_version = s->consent_version;
	f.token_hash = token_hash;

	/* 7. Store it, or spool it when the database cannot. */
	int64_t id = 0;
	struct err_info e = {0};
	rc = ERR_UNAVAILABLE;
	const struct intake_route *r = db_ensure(c->db) == 0 ? route(c, s, false) : NULL;
	if (r) {
		rc = intake_create_lead(c->db, c->a, s, r, &f, &id, &e);
		if (rc == ERR_INVALID && (r = route(c, s, true))) {
			/* A team or stage changed under the cached route. */
			err_clear(&e);
			rc = intake_create_lead(c->db, c->a, s, r, &f, &id, &e);
		}
	}
	if (rc == 0 || (rc == ERR_CONFLICT && id > 0))
		return accepted(c, s, id, false);
	if (rc == ERR_FORBIDDEN) {
		/* The token was already used by another submission: a replay. */
		count_reject(c, REJ_REPLAY);
		return refuse(c, s, ERR_FORBIDDEN, INTAKE_TOKEN, "token",
			      "please confirm sending this message");
	}
	if (rc == ERR_INVALID) {
		if (c->req.wants_json)
			return json_error(c, rc, &e, NULL);
		return show_form(c, 422, s, &e, 1, NULL);
	}
	char *json = intake_form_to_json(&f);
	int sr = json ? spool_write(t->spool_dir, f.key, json, strlen(json)) : ERR_NOMEM;
	free(json);
	if (sr != 0) {
		log_warnx("contact: submission %s lost: database (%s) and spool both failed", f.key,
			  err_str(rc));
		return ERR_UNAVAILABLE;
	}
	log_info("contact: database unavailable (%s); submission %s spooled", err_str(rc), f.key);
	return accepted(c, s, 0, true);
}

int contact_options(struct ctx *c)
{
	const struct intake_settings *s = contact_settings(c);
	bool denied;
	if (!contact_cors(c, s, &denied)) {
		if (denied)
			return http_error(c, ERR_FORBIDDEN, NULL);
	}
	http_header(c, "Access-Control-Allow-Methods", "GET, POST, OPTIONS");
	http_header(c, "Access-Control-Allow-Headers", "Content-Type, Accept");
	http_header(c, "Access-Control-Max-Age", "600");
	return http_body(c, 204, NULL, "", 0);
}

/* What embed.js needs to render the form in another site: a fresh token and
 * key, the labels in the visitor's language, the consent wording. */
int contact_form_json(struct ctx *c)
{
	const struct intake_settings *s = contact_settings(c);
	bool denied;
	contact_cors(c, s, &denied);
	if (denied)
		return http_error(c, ERR_FORBIDDEN, NULL);
	if (!have_secret(c))
		return ERR_UNAVAILABLE;
	char tok[INTAKE_TOKEN_LEN], key[48];
	intake_token_sign(c->secret, (int64_t)time(NULL), tok);
	crypt_token(key, sizeof key, 32);
	static const char *const labels[] = {
		"Title", "Intro", "Name", "ContactName", "Email", "Phone", "PartnerName", "Description",
		"Send", "Sending", "Thanks", "ThanksText", "Honeypot", "Required", "NetworkError", NULL};
	json_t *l = json_object();
	for (size_t i = 0; labels[i]; i++) {
		char k[64];
		snprintf(k, sizeof k, "Contact.%s", labels[i]);
		const char *v = view_tr(c->view, k);
		json_object_set_new(l, labels[i], json_string(v ? v : ""));
	}
	json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:o, s:{s:b, s:s, s:s}}", "token", tok,
			      "submission_key", key, "lang", c->lang, "honeypot", INTAKE_HONEYPOT,
			      "labels", l, "consent", "show", s->consent_show, "text",
			      consent_text(c, s) ? consent_text(c, s) : "", "version", s->consent_version);
	const char *redir = redirect_target(c, s, s->redirect_url);
	json_object_set_new(j, "redirect", redir ? json_string(redir) : json_null());
	return http_json(c, 200, j);
}
