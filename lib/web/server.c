#include "web/server.h"

#include <errno.h>
#include <fcgiapp.h>
#include <mysql.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/config.h"
#include "core/crypt.h"
#include "core/log.h"
#include "core/str.h"
#include "crm/apikey.h"
#include "crm/refcache.h"
#include "crm/settings.h"
#include "db/db.h"
#include "web/request.h"
#include "web/response.h"
#include "web/session.h"
#include "web/view.h"

#define MAX_WORKERS 64
#define MAX_THREADS 128

static volatile sig_atomic_t stopping;
static int listen_fd = -1;

static int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* ---- routing ---------------------------------------------------------- */

static bool match(const char *pattern, const char *path, struct req *r)
{
	int nid = 0;
	const char *p = pattern, *s = path;
	while (*p) {
		if (*p == '*') {
			r->rest = s;
			r->nid = nid;
			return true;
		}
		if (*p == ':') {
			/* :name -> one positive integer segment */
			while (*p && *p != '/')
				p++;
			const char *start = s;
			int64_t v = 0;
			while (*s >= '0' && *s <= '9') {
				if (s - start >= 18)
					return false;
				v = v * 10 + (*s - '0');
				s++;
			}
			if (s == start || (*s && *s != '/') || v <= 0 || nid >= 4)
				return false;
			r->id[nid++] = v;
			continue;
		}
		if (*p != *s)
			return false;
		p++;
		s++;
	}
	if (*s)
		return false;
	r->nid = nid;
	return true;
}

static const char *methods_str(struct arena *a, unsigned m)
{
	static const struct {
		unsigned m;
		const char *n;
	} names[] = {{M_GET, "GET, HEAD"}, {M_POST, "POST"},     {M_PUT, "PUT"},
		     {M_PATCH, "PATCH"},   {M_DELETE, "DELETE"}, {M_OPTIONS, "OPTIONS"}};
	char out[128] = "";
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (m & names[i].m) {
			if (out[0])
				strcat(out, ", ");
			strcat(out, names[i].n);
		}
	return arena_strdup(a, out);
}

static int health(struct ctx *c)
{
	int ok = db_ensure(c->db) == 0;
	if (ok) {
		int64_t one = 0;
		ok = db_int(c->db, &one, 0, "SELECT 1", "") == 0 && one == 1;
	}
	json_t *j = json_pack("{s:s, s:s}", "status", ok ? "ok" : "unavailable", "program",
			      c->program);
	return http_json(c, ok ? 200 : 503, j);
}

static const struct route health_route = {M_GET, "", health, R_NODB};

static const struct route *find_route(const struct app *app, struct ctx *c, unsigned *allowed)
{
	*allowed = 0;
	const char *path = c->req.path;
	if (strcmp(path, "/healthz") == 0 || (app->health_path && strcmp(path, app->health_path) == 0)) {
		*allowed = M_GET;
		return (c->req.m & (M_GET | M_HEAD)) ? &health_route : NULL;
	}
	const struct route *hit = NULL;
	for (size_t i = 0; i < app->nroutes; i++) {
		const struct route *rt = &app->routes[i];
		struct req tmp = {0};
		if (!match(rt->pattern, path, &tmp))
			continue;
		*allowed |= rt->methods;
		unsigned want = c->req.m == M_HEAD ? M_GET : c->req.m;
		if (!hit && (rt->methods & want)) {
			hit = rt;
			memcpy(c->req.id, tmp.id, sizeof tmp.id);
			c->req.nid = tmp.nid;
			c->req.rest = tmp.rest;
		}
	}
	return hit;
}

/* ---- guards ----------------------------------------------------------- */

/* Returns 0 (c->user set or not) or ERR_UNAVAILABLE when the database could
 * not answer: that is a 503, not an anonymous visitor. */
static int authenticate(struct ctx *c)
{
	struct user *u = arena_alloc(c->a, sizeof *u);
	const char *auth = c->req.authorization;
	int rc;
	if (auth && str_starts(c->req.path, "/api/") && strncasecmp(auth, "Bearer ", 7) == 0) {
		rc = apikey_lookup(c->db, c->a, auth + 7, u, &c->sess.revs);
		if (rc == 0) {
			c->user = u;
			c->sess.via_api_key = true;
			refcache_sync(c->ref, c->sess.revs);
		}
		return rc == ERR_AUTH || rc == 0 ? 0 : ERR_UNAVAILABLE;
	}
	const char *tok = req_cookie(c, SESSION_COOKIE);
	if (!tok)
		return 0;
	long idle = (long)config_int(c->cfg, "session.idle_hours", 8) * 3600;
	long abs_s = (long)config_int(c->cfg, "session.absolute_days", 7) * 86400;
	rc = session_load(c->db, c->a, tok, u, &c->sess, idle, abs_s);
	if (rc == 0) {
		c->user = u;
		refcache_sync(c->ref, c->sess.revs);
	} else if (rc == ERR_AUTH) {
		http_cookie(c, SESSION_COOKIE, "", 0, true); /* expired: drop it */
	} else {
		return ERR_UNAVAILABLE;
	}
	return 0;
}

static void choose_lang(struct ctx *c)
{
	if (c->user && c->user->lang && (str_eq(c->user->lang, "fr") || str_eq(c->user->lang, "en"))) {
		c->lang = c->user->lang;
		return;
	}
	const char *q = req_query(c, "lang");
	if (q && (str_eq(q, "fr") || str_eq(q, "en"))) {
		/* Explicit choice on a public page: remember it. */
		c->lang = str_eq(q, "fr") ? "fr" : "en";
		http_cookie(c, "piste_lang", c->lang, 365L * 86400, true);
		return;
	}
	const char *ck = req_cookie(c, "piste_lang");
	if (ck && (str_eq(ck, "fr") || str_eq(ck, "en"))) {
		c->lang = str_eq(ck, "fr") ? "fr" : "en";
		return;
	}
	c->lang = req_pick_lang(c->req.accept_language);
}

static void pick_lang(struct ctx *c)
{
	choose_lang(c);
	view_lang(c->view, c->lang);
}

static int need_login(struct ctx *c)
{
	if (c->req.wants_json)
		return http_error(c, ERR_AUTH, NULL);
	/* Back to the page after login; only local paths are ever used. */
	const char *next = c->req.path;
	if (c->req.m == M_GET && c->req.query_string && *c->req.query_string)
		next = arena_printf(c->a, "%s?%s", c->req.path, c->req.query_string);
	const char *loc = arena_printf(c->a, "/crm/login?next=%s%s", str_url_encode(c->a, next),
				       req_cookie(c, SESSION_COOKIE) ? "&expired=1" : "");
	return http_redirect(c, loc);
}

static bool csrf_ok(struct ctx *c)
{
	const char *tok = req_form(c, "csrf_token");
	if (!tok) {
		/* fetch() callers send it as a header. */
		tok = c->req.csrf_header;
	}
	return c->sess.csrf && tok && crypt_streq(c->sess.csrf, tok);
}

static int dispatch(const struct app *app, struct ctx *c)
{
	if (c->req.m == 0)
		return http_method_not_allowed(c, "GET, HEAD, POST");
	unsigned allowed;
	const struct route *rt = find_route(app, c, &allowed);
	if (!rt) {
		if (allowed) {
			pick_lang(c);
			return http_method_not_allowed(c, methods_str(c->a, allowed));
		}
		pick_lang(c);
		return http_error(c, ERR_NOTFOUND, NULL);
	}
	if (!(rt->flags & R_NODB)) {
		if (db_ensure(c->db) != 0) {
			pick_lang(c);
			return http_error(c, ERR_UNAVAILABLE, NULL);
		}
		if (!c->secret[0] && settings_secret(c->db, c->secret) != 0)
			c->secret[0] = '\0';
		if (!c->secret[0] || authenticate(c) != 0) {
			pick_lang(c);
			return http_error(c, ERR_UNAVAILABLE, NULL);
		}
	}
	pick_lang(c);
	if ((rt->flags & (R_LOGIN | R_MANAGER | R_ADMIN)) && !c->user)
		return need_login(c);
	if ((rt->flags & R_ADMIN) && !ctx_is_admin(c))
		return http_error(c, ERR_FORBIDDEN, NULL);
	if ((rt->flags & R_MANAGER) && !ctx_is_manager(c))
		return http_error(c, ERR_FORBIDDEN, NULL);
	bool changes = !(c->req.m & (M_GET | M_HEAD | M_OPTIONS));
	if (changes && c->user && !c->sess.via_api_key && !(rt->flags & R_NOCSRF) && !csrf_ok(c)) {
		struct err_info e = {0};
		err_set(&e, ERR_FORBIDDEN, "csrf_token", "Csrf",
			"the form has expired or did not come from this site; reload the page and try again");
		return http_error(c, ERR_FORBIDDEN, &e);
	}
	err_clear(&c->err);
	int rc = rt->fn(c);
	if (rc < 0 && !c->resp.sent) {
		if (rc == ERR_AUTH && !c->req.wants_json)
			return need_login(c);
		return http_error(c, rc, c->err.code ? &c->err : NULL);
	}
	if (!c->resp.sent)
		return http_error(c, ERR_DB, NULL);
	return 0;
}

/* ---- one request ------------------------------------------------------ */

static void limits_for(const struct app *app, const struct config *cfg, struct req_limits *lim)
{
	lim->body = app->body_limit ? app->body_limit : (size_t)config_int(cfg, "limits.body", 1 << 20);
	lim->upload = (size_t)config_int(cfg, "limits.upload", 10 << 20);
	lim->field = app->field_limit ? app->field_limit : (size_t)config_int(cfg, "limits.field", 65536);
	lim->nfields = 1000;
}

static const char *env_of(char **envp, const char *name)
{
	size_t n = strlen(name);
	for (char **e = envp; e && *e; e++)
		if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

struct membody {
	const char *p;
	size_t n, off;
};

static int mem_read(void *ctx, char *buf, int n)
{
	struct membody *m = ctx;
	size_t k = m->n - m->off < (size_t)n ? m->n - m->off : (size_t)n;
	memcpy(buf, m->p + m->off, k);
	m->off += k;
	return (int)k;
}

static int fcgx_read(void *ctx, char *buf, int n)
{
	return FCGX_GetStr(buf, n, (FCGX_Stream *)ctx);
}

static int handle(const struct app *app, struct ctx *c, char **envp, req_read_fn rd, void *rdc)
{
	struct req_limits lim;
	limits_for(app, c->cfg, &lim);
	c->statements0 = c->db ? db_query_count(c->db) : 0;
	struct err_info e = {0};
	int rc = req_parse(c, envp, rd, rdc, &lim, &e);
	const char *ch = env_of(envp, "HTTP_X_CSRF_TOKEN");
	c->req.csrf_header = ch ? arena_strdup(c->a, ch) : NULL;
	if (rc != 0) {
		c->lang = req_pick_lang(c->req.accept_language);
		return http_error(c, rc, &e);
	}
	/* A request that may write reference data reads it back fresh. */
	refcache_begin(c->ref, !(c->req.m & (M_GET | M_HEAD | M_OPTIONS)));
	return dispatch(app, c);
}

void server_serialize(struct ctx *c, struct buf *out)
{
	struct resp *r = &c->resp;
	int status = r->status ? r->status : 500;
	buf_printf(out, "Status: %d %s\r\n", status, http_reason(status));
	if (r->content_type)
		buf_printf(out, "Content-Type: %s\r\n", r->content_type);
	buf_printf(out, "Content-Length: %zu\r\n", r->body.len);
	const char *h = r->headers.p ? r->headers.p : "";
	if (!r->no_security_headers) {
		buf_adds(out, "X-Content-Type-Options: nosniff\r\n"
			      "X-Frame-Options: DENY\r\n"
			      "Referrer-Policy: same-origin\r\n");
		buf_printf(out, "Content-Security-Policy: %s\r\n",
			   r->csp ? r->csp
				  : "default-src 'self'; img-src 'self' data:; style-src 'self'; "
				    "script-src 'self'; object-src 'none'; base-uri 'self'; "
				    "frame-ancestors 'none'; form-action 'self'");
	} else {
		buf_adds(out, "X-Content-Type-Options: nosniff\r\n");
	}
	if (!strstr(h, "Cache-Control:"))
		buf_adds(out, "Cache-Control: no-store\r\n");
	/* HSTS only on a request that came over HTTPS (nginx's own TLS, or a
	 * trusted proxy's X-Forwarded-Proto: see req_client), never on plain
	 * HTTP, where a man in the middle could strip or forge it anyway. */
	if (c->req.https)
		buf_adds(out, "Strict-Transport-Security: max-age=31536000; includeSubDomains\r\n");
	/* Round trips of this request, from the session or API-key check to
	 * the response: the statement budgets' tests read it (off in
	 * production: it tells a client something about the server). */
	if (c->db && config_bool(c->cfg, "debug.statements"))
		buf_printf(out, "X-Piste-Statements: %llu\r\n",
			   (unsigned long long)(db_query_count(c->db) - c->statements0));
	buf_adds(out, h);
	buf_adds(out, "\r\n");
	if (c->req.m != M_HEAD)
		buf_add(out, r->body.p ? r->body.p : "", r->body.len);
}

void server_ctx_reset(struct ctx *c)
{
	req_cleanup(c);
	arena_reset(c->a);
	buf_reset(&c->resp.headers);
	buf_reset(&c->resp.body);
	struct buf hb = c->resp.headers, bb = c->resp.body;
	memset(&c->req, 0, sizeof c->req);
	memset(&c->resp, 0, sizeof c->resp);
	c->resp.headers = hb;
	c->resp.body = bb;
	c->user = NULL;
	memset(&c->sess, 0, sizeof c->sess);
	err_clear(&c->err);
	c->lang = "en";
	if (c->view)
		view_reset(c->view);
	refcache_begin(c->ref, false);
}

/* The form-signing secret: the `secret` setting, else the file
 * $var_dir/secret (written by bin/stack), so that signed forms (login, contact
 * form, portal) work even while the database is down. Empty when neither
 * exists: the database setting is used then (settings_secret). */
static void load_secret(const struct config *cfg, char out[96])
{
	out[0] = '\0';
	const char *s = config_get(cfg, "secret");
	if (*s) {
		snprintf(out, 96, "%s", s);
		return;
	}
	char path[1024];
	snprintf(path, sizeof path, "%s/secret", config_get(cfg, "var_dir"));
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	if (fgets(out, 96, f))
		out[strcspn(out, "\r\n")] = '\0';
	fclose(f);
	if (strlen(out) < 32)
		out[0] = '\0'; /* too short to be a secret: ignore it */
}

struct ctx *server_ctx_new(const struct app *app, const struct config *cfg, struct db *db)
{
	struct ctx *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->a = calloc(1, sizeof *c->a);
	arena_init(c->a, 64 * 1024);
	buf_init(&c->resp.headers);
	buf_init(&c->resp.body);
	c->cfg = cfg;
	c->db = db;
	c->program = app->name;
	c->lang = "en";
	load_secret(cfg, c->secret);
	if (!(c->ref = refcache_new(NULL))) {
		server_ctx_free(c);
		return NULL;
	}
	char eb[256];
	if (view_open(&c->view, config_get(cfg, "templates_dir"), eb, sizeof eb) != 0) {
		log_warnx("templates: %s", eb);
		server_ctx_free(c);
		return NULL;
	}
	return c;
}

void server_ctx_free(struct ctx *c)
{
	if (!c)
		return;
	req_cleanup(c);
	view_close(c->view);
	refcache_free(c->ref);
	buf_free(&c->resp.headers);
	buf_free(&c->resp.body);
	arena_free(c->a);
	free(c->a);
	free(c);
}

int server_handle(const struct app *app, struct ctx *c, char **envp, const char *body,
		  size_t len)
{
	server_ctx_reset(c);
	struct membody m = {body, len, 0};
	return handle(app, c, envp, mem_read, &m);
}

/* ---- worker threads --------------------------------------------------- */

struct thread_arg {
	const struct app *app;
	const struct config *cfg;
	pthread_t tid;
	int index;
	bool in_accept; /* guarded by accept_mu */
	struct refcache_shared *ref; /* the process's reference data */
};

/* Shutdown of a worker must not lose a request: threads blocked in
 * accept() are woken with SIGUSR1, threads serving a request are left to
 * finish it. libfcgi's own shutdown (FCGX_ShutdownPending) makes every
 * read and write of a request in flight fail, and its accept cannot tell
 * the two cases apart, so the threads accept connections themselves and
 * hand them to libfcgi (a request whose ipcFd is open is read from it). */
static pthread_mutex_t accept_mu = PTHREAD_MUTEX_INITIALIZER;

static void log_request(struct ctx *c, int64_t t0)
{
	if (!config_bool(c->cfg, "log.requests"))
		return;
	double ms = (double)(now_us() - t0) / 1000.0;
	log_info("%s %s %d %.1fms%s%s", c->req.method ? c->req.method : "-",
		 c->req.path ? c->req.path : "-", c->resp.status, ms, c->user ? " user=" : "",
		 c->user ? c->user->login : "");
}

/* Blocks until a connection arrives (returns its fd) or the worker stops
 * (returns -1). */
static int accept_connection(struct thread_arg *ta)
{
	for (;;) {
		pthread_mutex_lock(&accept_mu);
		if (stopping) {
			pthread_mutex_unlock(&accept_mu);
			return -1;
		}
		ta->in_accept = true;
		pthread_mutex_unlock(&accept_mu);
		int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
		int err = errno;
		pthread_mutex_lock(&accept_mu);
		ta->in_accept = false;
		pthread_mutex_unlock(&accept_mu);
		if (fd >= 0)
			return fd; /* served even if stopping meanwhile */
		if (err == EINTR || err == ECONNABORTED || err == EPROTO || err == EAGAIN)
			continue;
		if (err == EMFILE || err == ENFILE || err == ENOBUFS || err == ENOMEM) {
			log_warn("accept");
			usleep(100000);
			continue;
		}
		log_warnx("accept: %s", strerror(err));
		return -1;
	}
}

static void *worker_thread(void *p)
{
	struct thread_arg *ta = p;
	const struct app *app = ta->app;
	struct db *db = NULL;
	db_open(&db, ta->cfg, true);
	if (!db) {
		log_warnx("thread %d: out of memory", ta->index);
		return NULL;
	}
	if (app->on_db_connect) {
		db_on_connect(db, app->on_db_connect, NULL);
		if (db_connected(db))
			app->on_db_connect(db, NULL);
	}
	struct ctx *c = server_ctx_new(app, ta->cfg, db);
	if (!c) {
		db_close(db);
		log_fatalx("thread %d: cannot load templates", ta->index);
	}
	/* Reference data is shared by the threads of the process. */
	refcache_free(c->ref);
	if (!(c->ref = refcache_new(ta->ref)))
		log_fatalx("thread %d: out of memory", ta->index);
	if (app->thread_init && app->thread_init(c) != 0)
		log_fatalx("thread %d: init failed", ta->index);
	/* No listening socket for libfcgi: if a connection turns out to be
	 * unusable, FCGX_Accept_r fails instead of blocking in its accept. */
	FCGX_Request req;
	FCGX_InitRequest(&req, -1, 0);
	struct buf out;
	buf_init(&out);
	for (;;) {
		if (req.ipcFd < 0) {
			int fd = accept_connection(ta);
			if (fd < 0)
				break;
			req.ipcFd = fd;
			/* Keeps FCGX_Accept_r's opening "finish" from closing it. */
			req.keepConnection = 1;
		}
		if (FCGX_Accept_r(&req) < 0) {
			if (req.ipcFd >= 0)
				close(req.ipcFd);
			req.ipcFd = -1;
			continue;
		}
		int64_t t0 = now_us();
		server_ctx_reset(c);
		c->start_us = t0;
		handle(app, c, req.envp, fcgx_read, req.in);
		buf_reset(&out);
		server_serialize(c, &out);
		FCGX_PutStr(out.p, (int)out.len, req.out);
		log_request(c, t0);
		FCGX_Finish_r(&req);
		if (stopping && req.ipcFd >= 0) { /* a kept-alive web server link */
			close(req.ipcFd);
			req.ipcFd = -1;
		}
	}
	FCGX_Free(&req, 0);
	buf_free(&out);
	server_ctx_reset(c);
	if (app->thread_fini)
		app->thread_fini(c);
	server_ctx_free(c);
	db_close(db);
	mysql_thread_end();
	return NULL;
}

static void on_wake(int sig)
{
	(void)sig; /* only interrupts accept() */
}

static void run_worker(const struct app *app, const struct config *cfg, int nthreads)
{
	struct sigaction sa = {0};
	sa.sa_handler = on_wake; /* no SA_RESTART: accept() must return EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	/* SIGTERM/SIGINT stay blocked in every thread; this (main) thread
	 * waits for them with sigwait and then stops the others. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_SETMASK, &set, NULL);

	struct thread_arg ta[MAX_THREADS];
	struct refcache_shared *ref = refcache_shared_new();
	if (!ref)
		log_fatalx("out of memory");
	for (int i = 0; i < nthreads; i++) {
		ta[i] = (struct thread_arg){app, cfg, 0, i, false, ref};
		if (pthread_create(&ta[i].tid, NULL, worker_thread, &ta[i]) != 0)
			log_fatalx("cannot start thread %d", i);
	}
	int sig = 0;
	sigwait(&set, &sig);
	pthread_mutex_lock(&accept_mu);
	stopping = 1;
	pthread_mutex_unlock(&accept_mu);
	/* Wake only the threads waiting in accept(); a thread serving a
	 * request finishes it, then sees `stopping`. The signal is repeated
	 * because a thread may be between its check and the accept() call.
	 * Never shutdown() the listening socket: it is shared with the other
	 * workers, which go on serving. */
	bool joined[MAX_THREADS] = {false};
	int left = nthreads;
	for (int round = 0; round < 300 && left > 0; round++) {
		pthread_mutex_lock(&accept_mu);
		for (int i = 0; i < nthreads; i++)
			if (!joined[i] && ta[i].in_accept)
				pthread_kill(ta[i].tid, SIGUSR1);
		pthread_mutex_unlock(&accept_mu);
		struct timespec dl;
		clock_gettime(CLOCK_REALTIME, &dl);
		dl.tv_nsec += 50 * 1000000L;
		if (dl.tv_nsec >= 1000000000L) {
			dl.tv_sec++;
			dl.tv_nsec -= 1000000000L;
		}
		for (int i = 0; i < nthreads; i++) {
			if (joined[i])
				continue;
			if (pthread_timedjoin_np(ta[i].tid, NULL, &dl) == 0) {
				joined[i] = true;
				left--;
			}
		}
	}
	if (left > 0) {
		log_warnx("%d thread(s) did not stop within 15 s", left);
		_exit(0);
	}
	refcache_shared_free(ref);
}

static pid_t spawn(const struct app *app, const struct config *cfg, int nthreads)
{
	pid_t pid = fork();
	if (pid == 0) {
		run_worker(app, cfg, nthreads);
		config_free((struct config *)cfg);
		mysql_library_end();
		exit(0);
	}
	return pid;
}

static void usage(const char *name)
{
	fprintf(stderr, "usage: %s [--listen PATH|HOST:PORT] [--workers N] [--threads N]\n", name);
	exit(64);
}

int server_main(int argc, char **argv, const struct app *app)
{
	const char *listen = NULL;
	int workers = -1, threads = -1;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--listen") == 0 && i + 1 < argc)
			listen = argv[++i];
		else if (strcmp(argv[i], "--workers") == 0 && i + 1 < argc)
			workers = atoi(argv[++i]);
		else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
			threads = atoi(argv[++i]);
		else
			usage(app->name);
	}
	char eb[512];
	struct config *cfg = config_load(eb, sizeof eb);
	if (!cfg) {
		fprintf(stderr, "%s: %s\n", app->name, eb);
		return 78;
	}
	piste_config = cfg;
	log_init(app->name, config_bool(cfg, "log.syslog"));
	char key[64];
	snprintf(key, sizeof key, "workers.%s", app->name);
	if (workers < 0)
		workers = (int)config_int(cfg, key, config_int(cfg, "workers", 2));
	snprintf(key, sizeof key, "threads.%s", app->name);
	if (threads < 0)
		threads = (int)config_int(cfg, key, config_int(cfg, "threads", 8));
	if (workers < 1 || workers > MAX_WORKERS || threads < 1 || threads > MAX_THREADS)
		usage(app->name);
	char defpath[1024];
	if (!listen) {
		snprintf(defpath, sizeof defpath, "%s/run/%s.sock", config_get(cfg, "var_dir"),
			 app->name);
		listen = defpath;
	}
	if (listen[0] == '/' || listen[0] == '.') {
		if (strlen(listen) >= 108)
			log_fatalx("socket path too long (max 107 bytes): %s", listen);
		unlink(listen);
	}
	if (crypt_setup() != 0)
		log_fatalx("libsodium initialisation failed");
	if (mysql_library_init(0, NULL, NULL))
		log_fatalx("cannot initialise the MariaDB client library");
	FCGX_Init();
	mode_t old = umask(0);
	listen_fd = FCGX_OpenSocket(listen, 1024);
	umask(old);
	if (listen_fd < 0)
		log_fatalx("cannot listen on %s", listen);
	if (listen[0] == '/' || listen[0] == '.')
		chmod(listen, 0666); /* nginx workers may run as another user */
	log_info("listening on %s with %d workers x %d threads", listen, workers, threads);

	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	pid_t pids[MAX_WORKERS];
	time_t started[MAX_WORKERS];
	for (int i = 0; i < workers; i++) {
		pids[i] = spawn(app, cfg, threads);
		started[i] = time(NULL);
	}
	bool stop = false;
	while (!stop) {
		struct timespec to = {1, 0};
		int sig = sigtimedwait(&set, NULL, &to);
		if (sig == SIGTERM || sig == SIGINT) {
			stop = true;
			break;
		}
		pid_t dead;
		int st;
		while ((dead = waitpid(-1, &st, WNOHANG)) > 0) {
			for (int i = 0; i < workers; i++) {
				if (pids[i] != dead)
					continue;
				if (WIFSIGNALED(st))
					log_warnx("worker %d died (signal %d); restarting", (int)dead,
						  WTERMSIG(st));
				else
					log_warnx("worker %d exited (%d); restarting", (int)dead,
						  WEXITSTATUS(st));
				/* A worker that dies at once every time would spin:
				 * wait a little before restarting it. */
				if (time(NULL) - started[i] < 2)
					sleep(1);
				pids[i] = spawn(app, cfg, threads);
				started[i] = time(NULL);
			}
		}
	}
	log_info("stopping");
	for (int i = 0; i < workers; i++)
		kill(pids[i], SIGTERM);
	time_t deadline = time(NULL) + 12;
	int alive = workers;
	while (alive > 0 && time(NULL) < deadline) {
		pid_t dead = waitpid(-1, NULL, WNOHANG);
		if (dead > 0)
			alive--;
		else
			usleep(20000);
	}
	if (alive > 0)
		for (int i = 0; i < workers; i++)
			kill(pids[i], SIGKILL);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	if (listen[0] == '/' || listen[0] == '.')
		unlink(listen);
	close(listen_fd);
	config_free(cfg);
	mysql_library_end();
	return 0;
}
