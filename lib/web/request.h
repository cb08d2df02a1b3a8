/* request.h - request parsing and typed, validated field access.
 *
 * req_parse turns the FastCGI parameters and body into struct req: query
 * string, urlencoded or multipart form, or a JSON object (whose top-level
 * scalar members become form fields, arrays of scalars multi-valued fields),
 * with limits on body size, field count and field size, strict
 * percent-decoding and UTF-8 validation of every text value.
 *
 * The req_* getters validate one field each and, on failure, fill err_info
 * with the field name and a message key, so the HTML form and the JSON API
 * answer the same errors from the same code. Members of a JSON body keep
 * their JSON type (the parsed tree stays in req.json): a getter of one value
 * refuses an array or an object (and a boolean, except req_flag), and
 * req_list refuses a single value, so that {"stage_id":[3]} or
 * {"name":{"a":1}} is a 422 naming the field, never the first item or
 * nothing. */
#ifndef PISTE_REQUEST_H
#define PISTE_REQUEST_H

#include <stdbool.h>
#include <stdint.h>

#include "web/ctx.h"

/* Limits applied by req_parse (bytes). */
struct req_limits {
	size_t body, upload, field, nfields;
};

/* Reads up to n bytes of body into buf; returns the count read. */
typedef int (*req_read_fn)(void *ctx, char *buf, int n);

/* Parse the request from FastCGI-style parameters (NAME=value strings) and a
 * body reader. Returns 0, ERR_TOOBIG or ERR_BADREQ (e filled). */
int req_parse(struct ctx *c, char **envp, req_read_fn rd, void *rd_ctx,
	      const struct req_limits *lim, struct err_info *e);
/* Parse an already-read body (shared by req_parse and the fuzz target). */
int req_parse_body(struct ctx *c, const char *body, size_t len, const struct req_limits *lim,
		   struct err_info *e);
int req_parse_query(struct ctx *c, const char *qs, const struct req_limits *lim,
		    struct err_info *e);
/* Free what the parser allocated outside the arena (the JSON tree). */
void req_cleanup(struct ctx *c);

/* Whether addr (REMOTE_ADDR) is a trusted proxy: list is the configuration's
 * proxy.trusted, addresses or blocks (192.0.2.1, 10.0.0.0/8, 2001:db8::/32)
 * separated by spaces or commas; empty: none. IPv4 and IPv4-mapped IPv6
 * spellings of an address are the same address. */
bool req_proxy_trusted(const char *list, const char *addr);
/* The client of a request (req_parse fills req.remote_addr and req.https
 * with it): REMOTE_ADDR and nginx's HTTPS, unless REMOTE_ADDR is a trusted
 * proxy: then X-Forwarded-Proto (its last value) says the scheme and the
 * last hop of X-Forwarded-For (when it is an address) the client. Headers
 * from anyone else are ignored: a client cannot claim HTTPS or another
 * address. addr: 64 bytes. */
void req_client(const char *trusted, const char *remote, const char *https, const char *xf_proto,
		const char *xf_for, char addr[64], bool *is_https);

/* Raw access: form first, then query string. NULL when absent (and for a
 * JSON null). These do not check JSON types: handlers that take a field's
 * value as it is use req_value. */
const char *req_get(const struct ctx *c, const char *name);
/* The field is in the form, the query string or the JSON body (any type,
 * null included). */
bool req_has(const struct ctx *c, const char *name);
const char *req_query(const struct ctx *c, const char *name);
const char *req_form(const struct ctx *c, const char *name);
/* All values of a repeated field (form, then query). Returns count. No JSON
 * type check: handlers use req_list. */
size_t req_all(const struct ctx *c, const char *name, const char ***out);
/* A list: the values of a repeated form field, or a JSON array of strings
 * and numbers (null items skipped; a JSON null is the empty list). A JSON
 * body giving anything else (a single value, an object, nested arrays,
 * booleans) is ERR_INVALID "NotList" naming the field. */
int req_list(struct ctx *c, const char *name, const char ***out, size_t *n, struct err_info *e);
/* One value as it was sent (NULL when absent or null), for handlers that
 * parse it themselves: ERR_INVALID "NotSingle" when a JSON body gives an
 * array, an object or a boolean. */
int req_value(struct ctx *c, const char *name, const char **out, struct err_info *e);
/* The JSON body as a whole, checked before a handler reads or writes
 * anything: members named in lists (NULL-terminated, or NULL) must be arrays
 * or null, members named in flags may be booleans, every other member must be
 * a string, a number or null. Returns 0 (also without a JSON object body) or
 * ERR_INVALID naming the first wrong member. */
int req_json_types(struct ctx *c, const char *const *lists, const char *const *flags,
		   struct err_info *e);
/* The same check of any JSON object (a nested one, such as a quotation line);
 * 0 for anything that is not an object. */
int req_json_object_types(const json_t *o, const char *const *lists, const char *const *flags,
			  struct err_info *e);
const char *req_cookie(const struct ctx *c, const char *name);
const struct upload *req_file(const struct ctx *c, const char *field);

/* Typed getters: return 0 (value stored; *present says if the field was
 * there) or ERR_INVALID with e filled. Text is trimmed; max is in
 * characters. A JSON array, object or boolean is refused ("NotSingle"); a
 * JSON number is fine for text, a numeric string for a number. */
int req_text(struct ctx *c, const char *name, const char **out, size_t max, bool required,
	     struct err_info *e);
int req_email(struct ctx *c, const char *name, const char **out, bool required,
	      struct err_info *e);
int req_int(struct ctx *c, const char *name, int64_t *out, int64_t min, int64_t max,
	    bool required, bool *present, struct err_info *e);
/* Checkbox / JSON boolean: "1", "on", "true", "yes" -> true. */
bool req_bool(const struct ctx *c, const char *name);
/* req_bool with the JSON type check: an array or an object is ERR_INVALID
 * "NotSingle" (a boolean, a string or a number is fine). */
int req_flag(struct ctx *c, const char *name, bool *out, struct err_info *e);
/* Money as a decimal string ("1234.5", "1 234,50") -> cents. */
int req_money(struct ctx *c, const char *name, int64_t *cents, bool required, bool *present,
	      struct err_info *e);
/* ISO date YYYY-MM-DD, validated; stored as the same string. */
int req_date(struct ctx *c, const char *name, const char **out, bool required,
	     struct err_info *e);

/* Best of "fr"/"en" for an Accept-Language header ("en" when nothing fits). */
const char *req_pick_lang(const char *accept_language);

#endif
