/* ctx.h - everything one request handler sees.
 *
 * A struct ctx lives in a worker thread and is reused for each request: the
 * arena, response buffers, database connection and view (template cache) are
 * per thread; the request fields are reset by the server loop. Handlers are
 * `int fn(struct ctx *c)`: they fill c->resp (through the http_* helpers) and
 * return 0, or return a negative enum err and let the server answer with the
 * matching error page or JSON error. */
#ifndef PISTE_CTX_H
#define PISTE_CTX_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "crm/user.h"

struct db;
struct refcache;
struct view;
struct config;

struct kv {
	const char *key;
	const char *val; /* NULL: JSON null */
	size_t len;
};

struct upload {
	const char *field, *filename, *content_type;
	const char *data;
	size_t len;
};

enum http_method { M_GET = 1, M_POST = 2, M_HEAD = 4, M_PUT = 8, M_PATCH = 16, M_DELETE = 32, M_OPTIONS = 64 };

struct req {
	const char *method;
	enum http_method m;
	const char *path;          /* decoded path, from DOCUMENT_URI */
	const char *query_string;  /* raw */
	struct kv *query;
	size_t nquery;
	struct kv *form;           /* urlencoded, multipart text parts, or JSON object members */
	size_t nform;
	struct upload *files;
	size_t nfiles;
	json_t *json;              /* parsed JSON body (borrowed; freed by the server) */
	const char *body;
	size_t body_len;
	const char *content_type, *accept, *accept_language, *user_agent, *remote_addr,
		*origin, *authorization, *cookie_header, *referer, *csrf_header;
	const char *host;          /* Host header (same-origin checks), or NULL */
	bool https;
	bool wants_json;           /* /api/ path or Accept: application/json */
	int64_t id[4];             /* :id captures of the route pattern */
	int nid;
	const char *rest;          /* '*' capture */
};

struct resp {
	int status;
	const char *content_type;
	struct buf headers;        /* extra header lines, each ending in \r\n */
	struct buf body;
	bool sent;                 /* a handler has produced a response */
	bool no_security_headers;  /* e.g. embed.js served to other sites */
	const char *csp;           /* Content-Security-Policy override, or NULL */
};

struct session {
	const char *id_hash;
	const char *csrf;
	bool via_api_key;          /* Bearer: no cookie, no CSRF */
	const char *revs;          /* cache_rev of the session statement (crm/refcache.h), or NULL */
};

struct ctx {
	struct req req;
	struct resp resp;
	struct arena *a;
	struct db *db;
	struct view *view;
	struct refcache *ref;      /* the thread's reference data (crm/refcache.h) */
	const struct config *cfg;
	const char *program;       /* "pipeline", ... */
	const char *lang;          /* "en" | "fr" */
	struct user *user;         /* NULL when anonymous */
	struct session sess;
	void *app;                 /* per-thread data of the program, if any */
	struct err_info err;       /* filled by handlers that return an error */
	char secret[96];           /* form-signing secret (crm/settings.h), "" until loaded */
	int64_t start_us;
	uint64_t statements0;      /* db_query_count when the request began */
};

/* Role checks (X1). */
bool ctx_is_manager(const struct ctx *c); /* manager or admin */
bool ctx_is_admin(const struct ctx *c);

#endif
