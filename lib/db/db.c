#include "db/db.h"

#include <errno.h>
#include <mysql.h>
#include <mysqld_error.h>
#include <errmsg.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/err.h"
#include "core/log.h"

#define STMT_CACHE 512
#define MAX_PARAMS 256

struct stmt_entry {
	char *sql;
	uint64_t hash;
	MYSQL_STMT *stmt;
};

struct db {
	MYSQL *m;
	bool connected, in_tx, with_db;
	int64_t last_attempt_ms; /* last failed connection attempt (monotonic) */
	char host[256], user[128], pass[256], name[128], sock[512];
	unsigned port;
	struct stmt_entry cache[STMT_CACHE];
	size_t ncache;
	int64_t last_id;
	unsigned last_errno;
	char last_error[512];
	uint64_t nqueries;
	void (*on_connect)(struct db *, void *);
	void *on_connect_arg;
	bool in_hook;
};

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static void disconnect(struct db *db)
{
	if (!db->m)
		return;
	for (size_t i = 0; i < db->ncache; i++) {
		if (db->cache[i].stmt)
			mysql_stmt_close(db->cache[i].stmt);
		free(db->cache[i].sql);
	}
	db->ncache = 0;
	mysql_close(db->m);
	db->m = NULL;
	db->connected = false;
	db->in_tx = false;
}

static int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int connect_now(struct db *db)
{
	MYSQL *m = mysql_init(NULL);
	if (!m)
		return ERR_NOMEM;
	unsigned timeout = 3;
	mysql_options(m, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	unsigned rw_timeout = 60;
	mysql_options(m, MYSQL_OPT_READ_TIMEOUT, &rw_timeout);
	mysql_options(m, MYSQL_OPT_WRITE_TIMEOUT, &rw_timeout);
	mysql_options(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	/* UTC everywhere in SQL; each user's time zone is applied for display. */
	mysql_options(m, MYSQL_INIT_COMMAND, "SET time_zone = '+00:00'");
	const char *host = db->sock[0] ? NULL : (db->host[0] ? db->host : "127.0.0.1");
	if (!mysql_real_connect(m, host, db->user, db->pass[0] ? db->pass : NULL,
				db->with_db ? db->name : NULL, db->port,
				db->sock[0] ? db->sock : NULL, CLIENT_FOUND_ROWS)) {
		db->last_errno = mysql_errno(m);
		snprintf(db->last_error, sizeof db->last_error, "%s", mysql_error(m));
		mysql_close(m);
		db->last_attempt_ms = mono_ms();
		return ERR_UNAVAILABLE;
	}
	db->m = m;
	db->connected = true;
	db->in_tx = false;
	if (db->on_connect && !db->in_hook) {
		db->in_hook = true;
		db->on_connect(db, db->on_connect_arg);
		db->in_hook = false;
	}
	return 0;
}

int db_open(struct db **out, const struct config *cfg, bool with_database)
{
	struct db *db = calloc(1, sizeof *db);
	if (!db)
		return ERR_NOMEM;
	snprintf(db->host, sizeof db->host, "%s", config_get(cfg, "db.host"));
	snprintf(db->user, sizeof db->user, "%s", config_get(cfg, "db.user"));
	snprintf(db->pass, sizeof db->pass, "%s", config_get(cfg, "db.password"));
	snprintf(db->name, sizeof db->name, "%s", config_get(cfg, "db.name"));
	snprintf(db->sock, sizeof db->sock, "%s", config_get(cfg, "db.socket"));
	db->port = (unsigned)config_int(cfg, "db.port", 3306);
	db->with_db = with_database;
	*out = db;
	return connect_now(db);
}

void db_close(struct db *db)
{
	if (!db)
		return;
	disconnect(db);
	free(db);
}

void db_on_connect(struct db *db, void (*fn)(struct db *, void *), void *arg)
{
	db->on_connect = fn;
	db->on_connect_arg = arg;
}

bool db_connected(const struct db *db)
{
	return db && db->connected;
}

int db_ensure(struct db *db)
{
	if (db->connected)
		return 0;
	/* While the server is down, try again at most every 100 ms: a failed
	 * attempt over TCP can cost the connect timeout. */
	if (db->last_attempt_ms && mono_ms() - db->last_attempt_ms < 100)
		return ERR_UNAVAILABLE;
	return connect_now(db);
}

static bool lost_connection(unsigned e)
{
	return e == CR_SERVER_GONE_ERROR || e == CR_SERVER_LOST || e == CR_CONNECTION_ERROR ||
	       e == CR_CONN_HOST_ERROR || e == ER_CONNECTION_KILLED || e == 4031 /* idle */ ||
	       e == ER_SERVER_SHUTDOWN || e == CR_COMMANDS_OUT_OF_SYNC;
}

static int map_error(struct db *db, unsigned e, const char *msg, const char *sql)
{
	db->last_errno = e;
	snprintf(db->last_error, sizeof db->last_error, "%s", msg ? msg : "");
	if (e == ER_DUP_ENTRY || e == ER_DUP_ENTRY_WITH_KEY_NAME)
		return ERR_CONFLICT;
	if (e == ER_LOCK_DEADLOCK || e == ER_LOCK_WAIT_TIMEOUT)
		return ERR_RETRY;
	if (lost_connection(e)) {
		disconnect(db);
		return ERR_UNAVAILABLE;
	}
	if (e == ER_NO_REFERENCED_ROW_2 || e == ER_ROW_IS_REFERENCED_2)
		return ERR_CONFLICT;
	log_warnx("db error %u: %s [%.200s]", e, msg ? msg : "", sql);
	return ERR_DB;
}

static MYSQL_STMT *prepare(struct db *db, const char *sql, int *err)
{
	uint64_t h = fnv1a(sql);
	for (size_t i = 0; i < db->ncache; i++)
		if (db->cache[i].hash == h && strcmp(db->cache[i].sql, sql) == 0)
			return db->cache[i].stmt;
	if (db->ncache == STMT_CACHE) {
		/* Dynamic SQL (filters) could fill the cache: start over rather
		 * than grow without bound. */
		for (size_t i = 0; i < db->ncache; i++) {
			mysql_stmt_close(db->cache[i].stmt);
			free(db->cache[i].sql);
		}
		db->ncache = 0;
	}
	MYSQL_STMT *st = mysql_stmt_init(db->m);
	if (!st) {
		*err = ERR_NOMEM;
		return NULL;
	}
	if (mysql_stmt_prepare(st, sql, (unsigned long)strlen(sql))) {
		*err = map_error(db, mysql_stmt_errno(st), mysql_stmt_error(st), sql);
		mysql_stmt_close(st);
		return NULL;
	}
	my_bool upd = 1;
	mysql_stmt_attr_set(st, STMT_ATTR_UPDATE_MAX_LENGTH, &upd);
	char *copy = strdup(sql);
	if (!copy) {
		mysql_stmt_close(st);
		*err = ERR_NOMEM;
		return NULL;
	}
	db->cache[db->ncache++] = (struct stmt_entry){copy, h, st};
	return st;
}

static int bind_params(MYSQL_STMT *st, MYSQL_BIND *b, const struct db_param *p, size_t np)
{
	if (mysql_stmt_param_count(st) != np) {
		log_warnx("db: statement wants %lu parameters, got %zu",
			  mysql_stmt_param_count(st), np);
		return ERR_DB;
	}
	static my_bool is_null_true = 1;
	for (size_t i = 0; i < np; i++) {
		memset(&b[i], 0, sizeof b[i]);
		switch (p[i].type) {
		case 'i':
			b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			b[i].buffer = (void *)&p[i].i;
			break;
		case 'd':
			b[i].buffer_type = MYSQL_TYPE_DOUBLE;
			b[i].buffer = (void *)&p[i].d;
			break;
		case 's':
		case 'S':
			if (!p[i].s) {
				b[i].buffer_type = MYSQL_TYPE_NULL;
				b[i].is_null = &is_null_true;
				break;
			}
			b[i].buffer_type = MYSQL_TYPE_STRING;
			b[i].buffer = (void *)p[i].s;
			b[i].buffer_length = (unsigned long)p[i].len;
			break;
		case 'n':
		default:
			b[i].buffer_type = MYSQL_TYPE_NULL;
			b[i].is_null = &is_null_true;
			break;
		}
	}
	if (np && mysql_stmt_bind_param(st, b))
		return ERR_DB;
	return 0;
}

static int fetch_all(struct db *db, MYSQL_STMT *st, struct arena *a, struct db_rows *out,
		     const char *sql)
{
	memset(out, 0, sizeof *out);
	MYSQL_RES *meta = mysql_stmt_result_metadata(st);
	if (!meta)
		return 0;
	if (mysql_stmt_store_result(st)) {
		mysql_free_result(meta);
		return map_error(db, mysql_stmt_errno(st), mysql_stmt_error(st), sql);
	}
	size_t nc = mysql_num_fields(meta);
	size_t nr = (size_t)mysql_stmt_num_rows(st);
	MYSQL_FIELD *f = mysql_fetch_fields(meta);
	out->ncols = nc;
	out->nrows = nr;
	out->names = arena_alloc(a, nc * sizeof(char *));
	out->cells = arena_alloc(a, (nr * nc + 1) * sizeof(char *));
	out->lens = arena_alloc(a, (nr * nc + 1) * sizeof(size_t));
	MYSQL_BIND *b = arena_alloc(a, nc * sizeof *b);
	unsigned long *len = arena_alloc(a, nc * sizeof *len);
	my_bool *isnull = arena_alloc(a, nc * sizeof *isnull);
	char **bufs = arena_alloc(a, nc * sizeof(char *));
	for (size_t c = 0; c < nc; c++) {
		out->names[c] = arena_strdup(a, f[c].name);
		/* max_length is filled thanks to STMT_ATTR_UPDATE_MAX_LENGTH;
		 * numbers and dates converted to text can be longer than the
		 * binary width, hence the margin. */
		unsigned long cap = f[c].max_length + 64;
		bufs[c] = arena_alloc(a, cap);
		b[c].buffer_type = MYSQL_TYPE_STRING;
		b[c].buffer = bufs[c];
		b[c].buffer_length = cap;
		b[c].length = &len[c];
		b[c].is_null = &isnull[c];
	}
	mysql_free_result(meta);
	if (mysql_stmt_bind_result(st, b))
		return map_error(db, mysql_stmt_errno(st), mysql_stmt_error(st), sql);
	for (size_t r = 0; r < nr; r++) {
		int rc = mysql_stmt_fetch(st);
		if (rc == 1)
			return map_error(db, mysql_stmt_errno(st), mysql_stmt_error(st), sql);
		if (rc == MYSQL_NO_DATA) {
			out->nrows = r;
			break;
		}
		for (size_t c = 0; c < nc; c++) {
			size_t k = r * nc + c;
			if (isnull[c]) {
				out->cells[k] = NULL;
				out->lens[k] = 0;
				continue;
			}
			if (rc == MYSQL_DATA_TRUNCATED && len[c] > b[c].buffer_length) {
				char *big = arena_alloc(a, len[c] + 1);
				MYSQL_BIND one;
				memset(&one, 0, sizeof one);
				one.buffer_type = MYSQL_TYPE_STRING;
				one.buffer = big;
				one.buffer_length = len[c] + 1;
				mysql_stmt_fetch_column(st, &one, (unsigned)c, 0);
				big[len[c]] = '\0';
				out->cells[k] = big;
			} else {
				out->cells[k] = arena_strndup(a, bufs[c], len[c]);
			}
			out->lens[k] = len[c];
		}
	}
	mysql_stmt_free_result(st);
	return 0;
}

/* Run one statement; retries once after reconnecting when the connection was
 * lost outside a transaction. */
static int run(struct db *db, struct arena *a, struct db_rows *out, const char *sql,
	       const struct db_param *p, size_t np, int64_t *affected)
{
	if (np > MAX_PARAMS)
		return ERR_INVALID;
	for (int attempt = 0; attempt < 2; attempt++) {
		bool was_in_tx = db->in_tx;
		if (!db->connected) {
			/* A transaction died with the connection: the caller must
			 * start over. Otherwise reconnect and go on. */
			if (was_in_tx || db_ensure(db) != 0)
				return ERR_UNAVAILABLE;
		}
		int err = 0;
		MYSQL_STMT *st = prepare(db, sql, &err);
		if (!st) {
			if (err == ERR_UNAVAILABLE && !was_in_tx && attempt == 0)
				continue;
			return err;
		}
		MYSQL_BIND b[MAX_PARAMS];
		if ((err = bind_params(st, b, p, np)) != 0)
			return err;
		db->nqueries++;
		if (mysql_stmt_execute(st)) {
			err = map_error(db, mysql_stmt_errno(st), mysql_stmt_error(st), sql);
			if (err == ERR_UNAVAILABLE && !was_in_tx && attempt == 0)
				continue;
			if (err == ERR_RETRY)
				db->in_tx = false; /* the server rolled it back */
			return err;
		}
		/* A statement that returns rows (SELECT ... FOR UPDATE, ANALYZE)
		 * reports (my_ulonglong)-1 here, which would read as ERR_NOMEM. */
		if (affected)
			*affected = mysql_stmt_field_count(st) ? 0 : (int64_t)mysql_stmt_affected_rows(st);
		db->last_id = (int64_t)mysql_stmt_insert_id(st);
		if (out)
			return fetch_all(db, st, a, out, sql);
		/* Statements that return rows but whose result we ignore. */
		if (mysql_stmt_field_count(st))
			mysql_stmt_free_result(st);
		return 0;
	}
	return ERR_UNAVAILABLE;
}

static size_t collect(struct db_param *p, const char *types, va_list ap)
{
	size_t n = 0;
	for (const char *t = types ? types : ""; *t && n < MAX_PARAMS; t++, n++) {
		memset(&p[n], 0, sizeof p[n]);
		p[n].type = *t;
		switch (*t) {
		case 'i':
			p[n].i = va_arg(ap, int64_t);
			break;
		case 'd':
			p[n].d = va_arg(ap, double);
			break;
		case 's':
			p[n].s = va_arg(ap, const char *);
			p[n].len = p[n].s ? strlen(p[n].s) : 0;
			break;
		case 'S':
			p[n].s = va_arg(ap, const char *);
			p[n].len = va_arg(ap, size_t);
			break;
		case 'n':
			break;
		default:
			log_fatalx("db: unknown parameter type '%c'", *t);
		}
	}
	return n;
}

int64_t db_execv(struct db *db, const char *sql, const struct db_param *p, size_t np)
{
	int64_t aff = 0;
	int rc = run(db, NULL, NULL, sql, p, np, &aff);
	return rc < 0 ? rc : aff;
}

int64_t db_exec(struct db *db, const char *sql, const char *types, ...)
{
	struct db_param p[MAX_PARAMS];
	va_list ap;
	va_start(ap, types);
	size_t n = collect(p, types, ap);
	va_end(ap);
	return db_execv(db, sql, p, n);
}

int64_t db_last_id(const struct db *db)
{
	return db->last_id;
}

int db_queryv(struct db *db, struct arena *a, struct db_rows *out, const char *sql,
	      const struct db_param *p, size_t np)
{
	memset(out, 0, sizeof *out);
	return run(db, a, out, sql, p, np, NULL);
}

int db_query(struct db *db, struct arena *a, struct db_rows *out, const char *sql,
	     const char *types, ...)
{
	struct db_param p[MAX_PARAMS];
	va_list ap;
	va_start(ap, types);
	size_t n = collect(p, types, ap);
	va_end(ap);
	return db_queryv(db, a, out, sql, p, n);
}

int db_query1(struct db *db, struct arena *a, struct db_rows *out, const char *sql,
	      const char *types, ...)
{
	struct db_param p[MAX_PARAMS];
	va_list ap;
	va_start(ap, types);
	size_t n = collect(p, types, ap);
	va_end(ap);
	int rc = db_queryv(db, a, out, sql, p, n);
	if (rc < 0)
		return rc;
	return out->nrows ? 0 : ERR_NOTFOUND;
}

int db_int(struct db *db, int64_t *out, int64_t dflt, const char *sql, const char *types, ...)
{
	struct db_param p[MAX_PARAMS];
	va_list ap;
	va_start(ap, types);
	size_t n = collect(p, types, ap);
	va_end(ap);
	struct arena a;
	arena_init(&a, 4096);
	struct db_rows r;
	int rc = db_queryv(db, &a, &r, sql, p, n);
	*out = dflt;
	if (rc == 0 && r.nrows && r.ncols && r.cells[0]) {
		char *end;
		long long v = strtoll(r.cells[0], &end, 10);
		*out = v;
	}
	arena_free(&a);
	return rc;
}

int db_script(struct db *db, const char *sql, char *errbuf, size_t errlen)
{
	if (db_ensure(db) != 0) {
		snprintf(errbuf, errlen, "database unavailable: %s", db->last_error);
		return ERR_UNAVAILABLE;
	}
	mysql_set_server_option(db->m, MYSQL_OPTION_MULTI_STATEMENTS_ON);
	int rc = 0;
	if (mysql_real_query(db->m, sql, (unsigned long)strlen(sql))) {
		snprintf(errbuf, errlen, "%s", mysql_error(db->m));
		rc = ERR_DB;
	} else {
		do {
			MYSQL_RES *res = mysql_store_result(db->m);
			if (res)
				mysql_free_result(res);
			int next = mysql_next_result(db->m);
			if (next > 0) {
				snprintf(errbuf, errlen, "%s", mysql_error(db->m));
				rc = ERR_DB;
				break;
			}
			if (next < 0)
				break;
		} while (1);
	}
	mysql_set_server_option(db->m, MYSQL_OPTION_MULTI_STATEMENTS_OFF);
	return rc;
}

static int simple(struct db *db, const char *sql)
{
	if (!db->connected && db_ensure(db) != 0)
		return ERR_UNAVAILABLE;
	db->nqueries++;
	if (mysql_real_query(db->m, sql, (unsigned long)strlen(sql)))
		return map_error(db, mysql_errno(db->m), mysql_error(db->m), sql);
	return 0;
}

int db_begin(struct db *db)
{
	int rc = simple(db, "START TRANSACTION");
	if (rc == 0)
		db->in_tx = true;
	return rc;
}

int db_commit(struct db *db)
{
	int rc = simple(db, "COMMIT");
	db->in_tx = false;
	return rc;
}

void db_rollback(struct db *db)
{
	if (db->connected)
		(void)simple(db, "ROLLBACK");
	db->in_tx = false;
}

bool db_in_tx(const struct db *db)
{
	return db->in_tx;
}

int db_tx(struct db *db, int (*fn)(struct db *, void *), void *arg)
{
	int rc = ERR_RETRY;
	for (int attempt = 0; attempt < 4 && rc == ERR_RETRY; attempt++) {
		if (attempt)
			usleep(2000u * (unsigned)attempt);
		if ((rc = db_begin(db)) != 0)
			return rc;
		rc = fn(db, arg);
		if (rc == 0) {
			rc = db_commit(db);
			if (rc == 0)
				return 0;
		}
		db_rollback(db);
	}
	return rc;
}

const char *db_error(const struct db *db)
{
	return db->last_error;
}

unsigned db_errno(const struct db *db)
{
	return db->last_errno;
}

uint64_t db_query_count(const struct db *db)
{
	return db->nqueries;
}

const char *db_get(const struct db_rows *r, size_t row, size_t col)
{
	if (row >= r->nrows || col >= r->ncols)
		return NULL;
	return r->cells[row * r->ncols + col];
}

int64_t db_get_i64(const struct db_rows *r, size_t row, size_t col)
{
	const char *s = db_get(r, row, col);
	return s ? strtoll(s, NULL, 10) : 0;
}

int db_col(const struct db_rows *r, const char *name)
{
	for (size_t c = 0; c < r->ncols; c++)
		if (strcmp(r->names[c], name) == 0)
			return (int)c;
	return -1;
}

const char *db_getn(const struct db_rows *r, size_t row, const char *name)
{
	int c = db_col(r, name);
	return c < 0 ? NULL : db_get(r, row, (size_t)c);
}

int64_t db_getn_i64(const struct db_rows *r, size_t row, const char *name)
{
	int c = db_col(r, name);
	return c < 0 ? 0 : db_get_i64(r, row, (size_t)c);
}
