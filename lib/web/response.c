#include "web/response.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/log.h"
#include "core/str.h"
#include "crm/follower.h"
#include "web/view.h"

const char *http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 202: return "Accepted";
	case 204: return "No Content";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 410: return "Gone";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Entity";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	}
	return "Unknown";
}

void http_header(struct ctx *c, const char *name, const char *value)
{
	/* Header injection guard: values never carry CR or LF. */
	if (strpbrk(value, "\r\n") || strpbrk(name, "\r\n:"))
		return;
	buf_printf(&c->resp.headers, "%s: %s\r\n", name, value);
}

void http_cookie(struct ctx *c, const char *name, const char *value, long max_age,
		 bool http_only)
{
	char line[1024];
	int n = snprintf(line, sizeof line, "%s=%s; Path=/; SameSite=Lax%s%s", name, value,
			 http_only ? "; HttpOnly" : "",
			 (c->req.https || config_bool(c->cfg, "https")) ? "; Secure" : "");
	if (max_age >= 0 && n > 0 && (size_t)n < sizeof line)
		snprintf(line + n, sizeof line - (size_t)n, "; Max-Age=%ld", max_age);
	http_header(c, "Set-Cookie", line);
}

static void common_data(struct ctx *c)
{
	struct view *v = c->view;
	view_lang(v, c->lang);
	view_set(v, "Req.Path", c->req.path);
	view_set(v, "Req.Lang", c->lang);
	view_set(v, "App.Program", c->program);
	view_set(v, "App.Company", config_get(c->cfg, "company.name"));
	if (c->user) {
		view_set_int(v, "User.Id", c->user->id);
		view_set(v, "User.Login", c->user->login);
		view_set(v, "User.Name", c->user->name);
		view_set(v, "User.Role", c->user->role);
		if (ctx_is_manager(c))
			view_set(v, "User.IsManager", "1");
		if (ctx_is_admin(c))
			view_set(v, "User.IsAdmin", "1");
		/* The header's bell: unread notifications (an index range of at
		 * most 100 entries, so a flood of them costs no more). */
		int64_t unread = 0;
		if (c->db && notify_unread_count(c->db, c->user->id, 99, &unread) == 0 && unread > 0)
			view_set(v, "User.Unread", unread > 99 ? "99+" : arena_printf(c->a, "%lld", (long long)unread));
	}
	if (c->sess.csrf)
		view_set(v, "Csrf", c->sess.csrf);
}

int http_body(struct ctx *c, int status, const char *content_type, const char *data, size_t n)
{
	c->resp.status = status;
	c->resp.content_type = content_type;
	buf_reset(&c->resp.body);
	buf_add(&c->resp.body, data, n);
	c->resp.sent = true;
	return 0;
}

int http_page(struct ctx *c, int status, const char *tmpl)
{
	common_data(c);
	buf_reset(&c->resp.body);
	int rc = view_render(c->view, tmpl, &c->resp.body);
	if (rc != 0) {
		log_warnx("render %s failed (%s)", tmpl, err_str(rc));
		buf_reset(&c->resp.body);
		return ERR_DB;
	}
	c->resp.status = status;
	c->resp.content_type = "text/html; charset=utf-8";
	c->resp.sent = true;
	return 0;
}

int http_json(struct ctx *c, int status, json_t *j)
{
	buf_reset(&c->resp.body);
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (!s)
		return ERR_NOMEM;
	buf_adds(&c->resp.body, s);
	free(s);
	c->resp.status = status;
	c->resp.content_type = "application/json";
	c->resp.sent = true;
	return 0;
}

int http_redirect(struct ctx *c, const char *location)
{
	buf_reset(&c->resp.body);
	http_header(c, "Location", location);
	c->resp.status = 303;
	c->resp.content_type = "text/plain; charset=utf-8";
	c->resp.sent = true;
	return 0;
}

json_t *http_error_json(int code, const struct err_info *e)
{
	const char *msg = e && e->msg[0] ? e->msg : NULL;
	if (!msg) {
		switch (code) {
		case ERR_NOTFOUND: msg = "not found"; break;
		case ERR_FORBIDDEN: msg = "forbidden"; break;
		case ERR_AUTH: msg = "authentication required"; break;
		case ERR_UNAVAILABLE: msg = "the database is unavailable, try again shortly"; break;
		case ERR_TOOBIG: msg = "request too large"; break;
		case ERR_LOCKED: msg = "too many requests, try again later"; break;
		case ERR_BADREQ: msg = "malformed request"; break;
		default: msg = "internal error"; break;
		}
	}
	json_t *err = json_pack("{s:s, s:s}", "code", err_str(code), "message", msg);
	if (e && e->field[0])
		json_object_set_new(err, "field", json_string(e->field));
	else
		json_object_set_new(err, "field", json_null());
	return json_pack("{s:o}", "error", err);
}

static int error_response(struct ctx *c, int status, int code, const char *json_code,
			  const struct err_info *e)
{
	buf_reset(&c->resp.body);
	if (status == 429 && !strstr(c->resp.headers.p ? c->resp.headers.p : "", "Retry-After"))
		http_header(c, "Retry-After", "60");
	if (c->req.wants_json) {
		json_t *j = http_error_json(code, e);
		if (json_code)
			json_object_set_new(json_object_get(j, "error"), "code",
					    json_string(json_code));
		return http_json(c, status, j);
	}
	view_reset(c->view);
	view_set_int(c->view, "Error.Status", status);
	char key[64];
	snprintf(key, sizeof key, "Err.Http%d", status);
	const char *title = view_tr(c->view, key);
	view_set(c->view, "Error.Title", title ? title : http_reason(status));
	if (e && e->code) {
		const char *m = NULL;
		if (e->key[0]) {
			char k[96];
			snprintf(k, sizeof k, "Err.%s", e->key);
			m = view_tr(c->view, k);
		}
		view_set(c->view, "Error.Message", m ? m : e->msg);
	}
	if (http_page(c, status, "core/error.cs") != 0) {
		/* Even the error page failed: plain text, never a crash. */
		const char *t = http_reason(status);
		http_body(c, status, "text/plain; charset=utf-8", t, strlen(t));
	}
	return 0;
}

int http_error(struct ctx *c, int code, const struct err_info *e)
{
	return error_response(c, err_http_status(code), code, NULL, e);
}

int http_method_not_allowed(struct ctx *c, const char *allow)
{
	http_header(c, "Allow", allow);
	struct err_info e = {0};
	err_set(&e, ERR_BADREQ, "", "MethodNotAllowed", "method not allowed (allowed: %s)", allow);
	return error_response(c, 405, ERR_BADREQ, "method_not_allowed", &e);
}

bool ctx_is_manager(const struct ctx *c)
{
	return c->user && (str_eq(c->user->role, "manager") || str_eq(c->user->role, "admin"));
}

bool ctx_is_admin(const struct ctx *c)
{
	return c->user && str_eq(c->user->role, "admin");
}
