#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *err_str(int code)
{
	switch (code) {
	case ERR_OK: return "ok";
	case ERR_NOMEM: return "out_of_memory";
	case ERR_NOTFOUND: return "not_found";
	case ERR_INVALID: return "invalid";
	case ERR_CONFLICT: return "conflict";
	case ERR_DB: return "database_error";
	case ERR_FORBIDDEN: return "forbidden";
	case ERR_UNAVAILABLE: return "unavailable";
	case ERR_TOOBIG: return "too_large";
	case ERR_AUTH: return "unauthenticated";
	case ERR_RETRY: return "retry";
	case ERR_IO: return "io_error";
	case ERR_LOCKED: return "too_many_requests";
	case ERR_BADREQ: return "bad_request";
	case ERR_GONE: return "gone";
	}
	return "error";
}

int err_http_status(int code)
{
	switch (code) {
	case ERR_OK: return 200;
	case ERR_NOTFOUND: return 404;
	case ERR_INVALID: return 422;
	case ERR_CONFLICT: return 409;
	case ERR_FORBIDDEN: return 403;
	case ERR_UNAVAILABLE: return 503;
	case ERR_TOOBIG: return 413;
	case ERR_AUTH: return 401;
	case ERR_LOCKED: return 429;
	case ERR_BADREQ: return 400;
	case ERR_GONE: return 409;
	}
	return 500;
}

int err_set(struct err_info *e, int code, const char *field, const char *key,
	    const char *fmt, ...)
{
	if (!e || e->code)
		return code;
	e->code = code;
	snprintf(e->field, sizeof e->field, "%s", field ? field : "");
	snprintf(e->key, sizeof e->key, "%s", key ? key : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return code;
}

void err_clear(struct err_info *e)
{
	if (e)
		memset(e, 0, sizeof *e);
}
