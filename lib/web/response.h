/* response.h - building responses: status, headers, cookies, rendered pages,
 * JSON, redirects and errors. Everything is buffered and sent by the server
 * loop with Content-Length and the security headers (one place: server.c). */
#ifndef PISTE_RESPONSE_H
#define PISTE_RESPONSE_H

#include <jansson.h>
#include <stdbool.h>

#include "web/ctx.h"

const char *http_reason(int status);
void http_header(struct ctx *c, const char *name, const char *value);
/* max_age < 0: session cookie; 0: delete. Always Path=/, SameSite=Lax, and
 * Secure when the request came over HTTPS. */
void http_cookie(struct ctx *c, const char *name, const char *value, long max_age,
		 bool http_only);

/* Fill the data every page uses (user, CSRF token, language, path), then
 * render tmpl into the body. */
int http_page(struct ctx *c, int status, const char *tmpl);
/* Send j (reference stolen). */
int http_json(struct ctx *c, int status, json_t *j);
int http_body(struct ctx *c, int status, const char *content_type, const char *data, size_t n);
/* 303 See Other to a local path (or an absolute URL the caller validated). */
int http_redirect(struct ctx *c, const char *location);
/* The error response for code: JSON {"error": {code, message, field}} for
 * API/JSON clients, else the error page. e may be NULL. */
int http_error(struct ctx *c, int code, const struct err_info *e);
/* 405 with Allow. */
int http_method_not_allowed(struct ctx *c, const char *allow);

/* JSON error body helper (also used by the server for early errors). */
json_t *http_error_json(int code, const struct err_info *e);

#endif
