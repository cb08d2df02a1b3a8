/* server.h - the FastCGI server every program runs, and its route table.
 *
 * A program is a struct app: a name, a table of routes (method mask, path
 * pattern, handler, what it needs) and optional per-thread hooks. server_main
 * opens the listening socket, forks `workers` processes (restarting any that
 * dies) each running `threads` threads that accept requests with
 * FCGX_Accept_r, and stops gracefully on SIGTERM/SIGINT.
 *
 * Each request goes through the same guards, in order: parse (400/413) ->
 * route (404/405 with Allow) -> database (503) -> authentication (session
 * cookie, or Bearer API key under /api/) -> role (redirect to login / 401,
 * 403) -> CSRF on state-changing methods (403) -> handler. A handler that
 * returns an error code gets the matching error page or JSON error.
 *
 * Patterns: literal segments, ":id" (a positive integer, captured in order
 * into c->req.id[]), and a final "*" (the rest, in c->req.rest). */
#ifndef PISTE_SERVER_H
#define PISTE_SERVER_H

#include <stddef.h>

#include "web/ctx.h"

enum route_flags {
	R_PUBLIC = 0,
	R_LOGIN = 1 << 0,   /* a staff session or API key */
	R_MANAGER = 1 << 1, /* manager or admin */
	R_ADMIN = 1 << 2,
	R_NODB = 1 << 3,    /* answers without the database */
	R_NOCSRF = 1 << 4,  /* state-changing but checks its own anti-forgery token */
};

struct route {
	unsigned methods; /* M_GET | M_POST ...; GET also answers HEAD */
	const char *pattern;
	int (*fn)(struct ctx *c);
	unsigned flags;
};

struct app {
	const char *name;
	const char *health_path; /* e.g. "/crm/healthz" (plus "/healthz") */
	const struct route *routes;
	size_t nroutes;
	/* Optional: per worker thread, after the DB connection and view exist. */
	int (*thread_init)(struct ctx *c);
	void (*thread_fini)(struct ctx *c);
	/* Optional: after each (re)connection of a thread's DB (spool replay). */
	void (*on_db_connect)(struct db *db, void *arg);
	size_t body_limit; /* 0: the configured default */
	size_t field_limit; /* bytes of one form field; 0: the configured default */
};

int server_main(int argc, char **argv, const struct app *app);

/* One request from parameters and a body buffer, without FastCGI: used by
 * unit tests and fuzz targets. The ctx must come from server_ctx_new. */
struct ctx *server_ctx_new(const struct app *app, const struct config *cfg, struct db *db);
void server_ctx_free(struct ctx *c);
int server_handle(const struct app *app, struct ctx *c, char **envp, const char *body,
		  size_t len);
/* Serialize the response (status line, headers, body) into out. */
void server_serialize(struct ctx *c, struct buf *out);
/* Reset per-request state of a ctx. */
void server_ctx_reset(struct ctx *c);

#endif
