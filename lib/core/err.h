/* err.h - the one error convention of Piste.
 *
 * Functions return int: 0 on success, a negative enum err on failure, and may
 * fill a struct err_info with a message for the user and the offending field.
 * err_str() names a code; err_http_status() maps it to the HTTP status a
 * handler answers with. */
#ifndef PISTE_ERR_H
#define PISTE_ERR_H

enum err {
	ERR_OK = 0,
	ERR_NOMEM = -1,
	ERR_NOTFOUND = -2,
	ERR_INVALID = -3,     /* bad input: 422 (or 400 for malformed syntax) */
	ERR_CONFLICT = -4,    /* duplicate key, state changed under us: 409 */
	ERR_DB = -5,          /* unexpected database error: 500 */
	ERR_FORBIDDEN = -6,   /* 403 */
	ERR_UNAVAILABLE = -7, /* database down: 503 */
	ERR_TOOBIG = -8,      /* 413 */
	ERR_AUTH = -9,        /* not authenticated: 401 / redirect to login */
	ERR_RETRY = -10,      /* deadlock or lock wait: the caller retries */
	ERR_IO = -11,
	ERR_LOCKED = -12,     /* throttled: 429 */
	ERR_BADREQ = -13,     /* malformed request syntax: 400 */
	ERR_GONE = -14,       /* expired / no longer possible: 409 or 410 */
};

struct err_info {
	int code;
	char field[64];  /* form field or JSON member the error is about, or "" */
	char key[48];    /* message key under Lang.Err. for the UI, or "" */
	char msg[256];   /* English message (JSON API, logs, fallback) */
};

const char *err_str(int code);
int err_http_status(int code);

/* Record an error (code, field, key, printf-style English message) and return
 * code, so callers can write `return err_set(e, ERR_INVALID, "email", ...)`.
 * e may be NULL. Only the first error set is kept. */
int err_set(struct err_info *e, int code, const char *field, const char *key,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void err_clear(struct err_info *e);

#endif
