/* login.c - /crm/login, /crm/logout, /crm/password, /crm/lang. */
#include "pipeline.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/config.h"
#include "core/crypt.h"
#include "core/str.h"
#include "crm/audit.h"
#include "crm/user.h"
#include "web/auth.h"
#include "web/csrf.h"
#include "web/pages.h"
#include "web/request.h"
#include "web/response.h"
#include "web/session.h"
#include "web/view.h"

#define PRE_COOKIE "piste_pre"
#define LOGIN_FORM_MAX_AGE (2 * 3600)

/* The login form has no session yet: its anti-forgery token is signed and
 * bound to a random cookie, so a third-party site can neither forge it nor
 * log a victim into the attacker's account. */
static const char *pre_nonce(struct ctx *c)
{
	const char *pre = req_cookie(c, PRE_COOKIE);
	if (pre && strlen(pre) >= 16 && strlen(pre) <= 64)
		return pre;
	char fresh[32];
	crypt_token(fresh, sizeof fresh, 16);
	http_cookie(c, PRE_COOKIE, fresh, 2 * 3600, true);
	return arena_strdup(c->a, fresh);
}

static int login_form(struct ctx *c, int status, const char *error, const char *login)
{
	const char *pre = pre_nonce(c);
	char tok[80];
	csrf_sign(c->secret, "login", pre, (int64_t)time(NULL), tok);
	view_set(c->view, "Login.Token", tok);
	view_set(c->view, "Login.Next", page_safe_next(req_get(c, "next"), ""));
	view_set(c->view, "Login.Error", error);
	view_set(c->view, "Login.Login", login);
	if (req_query(c, "expired"))
		view_set(c->view, "Login.Notice", "expired");
	else if (req_query(c, "loggedout"))
		view_set(c->view, "Login.Notice", "loggedout");
	return http_page(c, status, "core/login.cs");
}

int login_get(struct ctx *c)
{
	if (c->user)
		return http_redirect(c, page_safe_next(req_query(c, "next"), "/crm"));
	return login_form(c, 200, NULL, NULL);
}

int login_post(struct ctx *c)
{
	const char *login = req_form(c, "login");
	const char *password = req_form(c, "password");
	const char *pre = req_cookie(c, PRE_COOKIE);
	if (login && strlen(login) > 64)
		login = NULL;
	if (csrf_check(c->secret, "login", pre ? pre : "", req_form(c, "form_token"),
		       (int64_t)time(NULL), 0, LOGIN_FORM_MAX_AGE, NULL) != 0)
		return login_form(c, 403, "form", login);
	if (!login || !*login || !password || !*password)
		return login_form(c, 401, "bad", login);
	struct auth_policy pol;
	auth_default_policy(&pol);
	struct user u;
	int64_t retry = 0;
	/* A browser that logged in as this user before is trusted: failures
	 * from elsewhere cannot lock it out, its own are counted apart. */
	const char *device = auth_device_of(c, login);
	int rc = auth_login(c->db, c->a, &pol, login, password, c->req.remote_addr, device, &u,
			    &retry);
	if (rc == ERR_LOCKED) {
		char ra[24];
		snprintf(ra, sizeof ra, "%lld", (long long)(retry > 0 ? retry : 60));
		http_header(c, "Retry-After", ra);
		return login_form(c, 429, "locked", login);
	}
	if (rc == ERR_AUTH)
		return login_form(c, 401, "bad", login);
	if (rc)
		return rc;
	char token[64], csrf[48];
	if ((rc = session_create(c->db, u.id, c->req.remote_addr, c->req.user_agent, token, csrf)))
		return rc;
	long max_age = (long)config_int(c->cfg, "session.absolute_days", 7) * 86400;
	http_cookie(c, SESSION_COOKIE, token, max_age, true);
	http_cookie(c, PRE_COOKIE, "", 0, true);
	auth_device_issue(c, u.login);
	return http_redirect(c, page_safe_next(req_form(c, "next"), "/crm"));
}

/* The device cookie (auth.h) stays: logging out does not make the browser
 * a stranger. */
int logout_post(struct ctx *c)
{
	session_destroy(c->db, req_cookie(c, SESSION_COOKIE));
	audit_log(c->db, c->user->id, c->user->login, c->req.remote_addr, "logout", "");
	http_cookie(c, SESSION_COOKIE, "", 0, true);
	return http_redirect(c, "/crm/login?loggedout=1");
}

int password_get(struct ctx *c)
{
	page_nav(c, "", "Password.Title");
	return http_page(c, 200, "core/password.cs");
}

int password_post(struct ctx *c)
{
	const char *cur = req_form(c, "current"), *pw = req_form(c, "password"),
		   *confirm = req_form(c, "confirm");
	struct err_info e = {0};
	struct user u;
	const char *hash = NULL;
	int rc = user_by_login(c->db, c->a, c->user->login, &u, &hash);
	if (rc)
		return rc;
	if (!cur || !crypt_password_verify(hash, cur)) {
		err_set(&e, ERR_INVALID, "current", "", "the current password is wrong");
		snprintf(e.msg, sizeof e.msg, "%s", view_tr(c->view, "Password.WrongCurrent"));
	} else if (!pw || !confirm || strcmp(pw, confirm) != 0) {
		err_set(&e, ERR_INVALID, "confirm", "", "the two new passwords differ");
		snprintf(e.msg, sizeof e.msg, "%s", view_tr(c->view, "Password.Mismatch"));
	} else if ((rc = user_set_password(c->db, c->user->id, pw, &e)) != 0 && !e.code) {
		return rc;
	}
	page_nav(c, "", "Password.Title");
	if (e.code) {
		view_set_error(c->view, &e);
		return http_page(c, 422, "core/password.cs");
	}
	/* Other sessions of this user end: a changed password locks out
	 * whoever knew the old one. */
	session_destroy_user(c->db, c->user->id, c->sess.id_hash);
	audit_log(c->db, c->user->id, c->user->login, c->req.remote_addr, "password.changed", "");
	view_set(c->view, "Password.Done", "1");
	return http_page(c, 200, "core/password.cs");
}

int lang_post(struct ctx *c)
{
	const char *lang = req_form(c, "lang");
	if (!str_eq(lang, "fr") && !str_eq(lang, "en")) {
		err_set(&c->err, ERR_INVALID, "lang", "", "language must be fr or en");
		return ERR_INVALID;
	}
	int rc = user_set_lang(c->db, c->user->id, lang);
	if (rc)
		return rc;
	return http_redirect(c, page_safe_next(req_form(c, "next"), "/crm"));
}
