/* db.h - the only user of MariaDB Connector/C.
 *
 * One struct db per worker thread (or per CLI process): a connection plus a
 * cache of prepared statements keyed by SQL text. Every query is a prepared
 * statement with bound parameters; there is no way to splice a value into
 * SQL text through this interface.
 *
 * Parameters are described by a type string, one letter per parameter:
 *   i  int64_t            n  SQL NULL (consumes no argument)
 *   s  const char * (NULL binds SQL NULL)
 *   S  const char *, size_t length (binary-safe)
 *   d  double
 * Results are copied into the caller's arena as NUL-terminated strings (NULL
 * for SQL NULL), so nothing points into libmariadb buffers afterwards.
 *
 * Errors: 1062 -> ERR_CONFLICT; 1213/1205 -> ERR_RETRY (whole transaction
 * rolled back, db_tx retries it); lost connection -> reconnect, re-prepare and
 * retry once outside a transaction, ERR_UNAVAILABLE when the server is down. */
#ifndef PISTE_DB_H
#define PISTE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Every statement can fail (server down, deadlock victim, constraint): a
 * caller that drops the result may report a failed write as success or
 * commit half a transaction, so the compiler refuses to let it. */
#define DB_MUST_CHECK __attribute__((warn_unused_result))

struct arena;
struct config;
struct err_info;
struct db;

struct db_rows {
	size_t nrows, ncols;
	char **cells;       /* nrows * ncols, row-major; NULL = SQL NULL */
	size_t *lens;       /* byte lengths of cells */
	char **names;       /* column names */
};

struct db_param {
	char type;          /* one of the letters above */
	int64_t i;
	double d;
	const char *s;
	size_t len;
};

/* Open a connection (or remember the settings and stay disconnected when the
 * server is down: *out is always set unless out of memory). Returns 0,
 * ERR_UNAVAILABLE (not connected yet; later calls retry) or ERR_NOMEM. */
int db_open(struct db **out, const struct config *cfg, bool with_database);
void db_close(struct db *db);
/* Reconnect if needed (at most every 100 ms while the server is down).
 * Returns 0 or ERR_UNAVAILABLE. */
int db_ensure(struct db *db);
bool db_connected(const struct db *db);
/* Called after each successful (re)connection, e.g. to replay the spool. */
void db_on_connect(struct db *db, void (*fn)(struct db *, void *), void *arg);

int64_t db_execv(struct db *db, const char *sql, const struct db_param *p, size_t np) DB_MUST_CHECK;
/* Returns the number of affected rows (>= 0) or a negative error. */
int64_t db_exec(struct db *db, const char *sql, const char *types, ...) DB_MUST_CHECK;
int64_t db_last_id(const struct db *db);

int db_queryv(struct db *db, struct arena *a, struct db_rows *out, const char *sql,
	      const struct db_param *p, size_t np) DB_MUST_CHECK;
int db_query(struct db *db, struct arena *a, struct db_rows *out, const char *sql,
	     const char *types, ...) DB_MUST_CHECK;
/* First row only; ERR_NOTFOUND when there is none. */
int db_query1(struct db *db, struct arena *a, struct db_rows *out, const char *sql,
	      const char *types, ...) DB_MUST_CHECK;
/* A single integer (first column of first row); dflt when no row or NULL. */
int db_int(struct db *db, int64_t *out, int64_t dflt, const char *sql, const char *types, ...) DB_MUST_CHECK;

/* Multi-statement script (migrations only: no parameters). */
int db_script(struct db *db, const char *sql, char *errbuf, size_t errlen) DB_MUST_CHECK;

int db_begin(struct db *db) DB_MUST_CHECK;
int db_commit(struct db *db) DB_MUST_CHECK;
void db_rollback(struct db *db);
bool db_in_tx(const struct db *db);
/* Run fn inside a transaction; commit on 0, roll back otherwise; retry the
 * whole function (up to 4 times) when the server chose it as a deadlock
 * victim. fn must be re-runnable. */
int db_tx(struct db *db, int (*fn)(struct db *, void *), void *arg);

/* Last server error text (for logs only, never for users). */
const char *db_error(const struct db *db);
unsigned db_errno(const struct db *db);
/* Number of statements executed since open, counted as MariaDB's Questions
 * counts them (prepares excluded: they happen once per worker thread). */
uint64_t db_query_count(const struct db *db);

/* Row accessors. Column by index; db_col finds an index by name (-1). */
const char *db_get(const struct db_rows *r, size_t row, size_t col);
int64_t db_get_i64(const struct db_rows *r, size_t row, size_t col);
int db_col(const struct db_rows *r, const char *name);
const char *db_getn(const struct db_rows *r, size_t row, const char *name);
int64_t db_getn_i64(const struct db_rows *r, size_t row, const char *name);

#endif
