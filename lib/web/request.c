#include "web/request.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/config.h"
#include "core/money.h"
#include "core/str.h"

static const char *env_get(char **envp, const char *name)
{
	size_t n = strlen(name);
	for (char **e = envp; e && *e; e++)
		if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

static void kv_push(struct arena *a, struct kv **v, size_t *n, const char *key, const char *val,
		    size_t len)
{
	/* Capacity is implicit: 8, then doubled whenever n reaches a power of
	 * two (the old block stays in the arena). */
	size_t k = *n;
	if (k == 0 || (k >= 8 && (k & (k - 1)) == 0)) {
		size_t cap = k ? k * 2 : 8;
		struct kv *nv = arena_alloc(a, cap * sizeof *nv);
		if (k)
			memcpy(nv, *v, k * sizeof *nv);
		*v = nv;
	}
	(*v)[k].key = key;
	(*v)[k].val = val;
	(*v)[k].len = len;
	*n = k + 1;
}

/* Parse a=b&c=d into kv pairs. */
static int parse_urlencoded(struct ctx *c, const char *s, size_t n, struct kv **out, size_t *nout,
			    const struct req_limits *lim, struct err_info *e)
{
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		while (j < n && s[j] != '&' && s[j] != ';')
			j++;
		if (j > i) {
			const char *eq = memchr(s + i, '=', j - i);
			size_t kl = eq ? (size_t)(eq - (s + i)) : j - i;
			size_t klen, vlen = 0;
			char *key = str_url_decode(c->a, s + i, kl, true, &klen);
			char *val = eq ? str_url_decode(c->a, eq + 1, (size_t)(s + j - eq - 1), true,
							 &vlen)
				       : arena_strdup(c->a, "");
			if (!key || !val)
				return err_set(e, ERR_BADREQ, key ? key : "", "BadEncoding",
					       "malformed percent-encoding in field '%s'",
					       key ? key : "?");
			if (!str_utf8_valid(key, klen) || klen > 256)
				return err_set(e, ERR_BADREQ, "", "BadUtf8",
					       "a field name is not valid UTF-8 or too long");
			if (!str_utf8_valid(val, vlen))
				return err_set(e, ERR_BADREQ, key, "BadUtf8",
					       "field '%s' is not valid UTF-8", key);
			if (vlen > lim->field)
				return err_set(e, ERR_TOOBIG, key, "FieldTooLarge",
					       "field '%s' is too large", key);
			if (*nout >= lim->nfields)
				return err_set(e, ERR_TOOBIG, "", "TooManyFields",
					       "too many fields");
			kv_push(c->a, out, nout, key, val, vlen);
		}
		i = j + 1;
	}
	return 0;
}

int req_parse_query(struct ctx *c, const char *qs, const struct req_limits *lim,
		    struct err_info *e)
{
	c->req.query_string = qs ? qs : "";
	if (!qs || !*qs)
		return 0;
	return parse_urlencoded(c, qs, strlen(qs), &c->req.query, &c->req.nquery, lim, e);
}

/* Value of a parameter in a header like `multipart/form-data; boundary=x`. */
static char *header_param(struct arena *a, const char *h, const char *name)
{
	size_t nl = strlen(name);
	const char *p = h;
	while ((p = strchr(p, ';'))) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, name, nl) == 0 && p[nl] == '=') {
			p += nl + 1;
			if (*p == '"') {
				const char *q = strchr(p + 1, '"');
				if (!q)
					return NULL;
				return arena_strndup(a, p + 1, (size_t)(q - p - 1));
			}
			size_t l = strcspn(p, "; \t\r\n");
			return arena_strndup(a, p, l);
		}
	}
	return NULL;
}

static const char *memmem_s(const char *h, size_t hn, const char *n, size_t nn)
{
	if (nn == 0 || hn < nn)
		return NULL;
	return memmem(h, hn, n, nn);
}

static int parse_multipart(struct ctx *c, const char *body, size_t n, const char *ctype,
			   const struct req_limits *lim, struct err_info *e)
{
	char *boundary = header_param(c->a, ctype, "boundary");
	if (!boundary || !*boundary || strlen(boundary) > 200)
		return err_set(e, ERR_BADREQ, "", "BadMultipart", "multipart body without boundary");
	char *delim = arena_printf(c->a, "--%s", boundary);
	size_t dl = strlen(delim);
	const char *p = memmem_s(body, n, delim, dl);
	if (!p)
		return err_set(e, ERR_BADREQ, "", "BadMultipart", "malformed multipart body");
	const char *end = body + n;
	for (;;) {
		p += dl;
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			break; /* closing delimiter */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return err_set(e, ERR_BADREQ, "", "BadMultipart", "malformed multipart body");
		p += 2;
		const char *hend = memmem_s(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (!hend || hend - p > 4096)
			return err_set(e, ERR_BADREQ, "", "BadMultipart", "malformed part headers");
		char *headers = arena_strndup(c->a, p, (size_t)(hend - p));
		const char *data = hend + 4;
		char *next_delim = arena_printf(c->a, "\r\n%s", delim);
		const char *dend = memmem_s(data, (size_t)(end - data), next_delim, dl + 2);
		if (!dend)
			return err_set(e, ERR_BADREQ, "", "BadMultipart", "unterminated multipart part");
		size_t dlen = (size_t)(dend - data);
		char *name = NULL, *filename = NULL, *ptype = NULL;
		for (char *line = headers; line && *line;) {
			char *nl = strstr(line, "\r\n");
			if (nl)
				*nl = '\0';
			if (strncasecmp(line, "Content-Disposition:", 20) == 0) {
				name = header_param(c->a, line, "name");
				filename = header_param(c->a, line, "filename");
			} else if (strncasecmp(line, "Content-Type:", 13) == 0) {
				const char *v = line + 13;
				while (*v == ' ')
					v++;
				ptype = arena_strdup(c->a, v);
			}
			line = nl ? nl + 2 : NULL;
		}
		if (!name || !str_utf8_valid(name, strlen(name)))
			return err_set(e, ERR_BADREQ, "", "BadMultipart", "part without a valid name");
		if (filename) {
			if (dlen > lim->upload)
				return err_set(e, ERR_TOOBIG, name, "FileTooLarge",
					       "file '%s' is too large", name);
			if (c->req.nfiles >= 32)
				return err_set(e, ERR_TOOBIG, name, "TooManyFiles", "too many files");
			if (!c->req.files)
				c->req.files = arena_alloc(c->a, 32 * sizeof *c->req.files);
			struct upload *u = &c->req.files[c->req.nfiles++];
			u->field = name;
			u->filename = str_utf8_valid(filename, strlen(filename)) ? filename : "file";
			u->content_type = ptype ? ptype : "application/octet-stream";
			u->data = data;
			u->len = dlen;
		} else {
			if (!str_utf8_valid(data, dlen))
				return err_set(e, ERR_BADREQ, name, "BadUtf8",
					       "field '%s' is not valid UTF-8", name);
			if (dlen > lim->field)
				return err_set(e, ERR_TOOBIG, name, "FieldTooLarge",
					       "field '%s' is too large", name);
			if (c->req.nform >= lim->nfields)
				return err_set(e, ERR_TOOBIG, "", "TooManyFields", "too many fields");
			kv_push(c->a, &c->req.form, &c->req.nform, name,
				arena_strndup(c->a, data, dlen), dlen);
		}
		p = dend + 2;
	}
	return 0;
}

static int json_scalar(struct ctx *c, const char *key, json_t *v, struct err_info *e)
{
	const char *s;
	size_t len = 0;
	char tmp[64];
	switch (json_typeof(v)) {
	case JSON_STRING:
		s = json_string_value(v);
		len = json_string_length(v);
		if (memchr(s, '\0', len))
			return err_set(e, ERR_BADREQ, key, "BadUtf8", "'%s' contains a NUL character", key);
		break;
	case JSON_INTEGER:
		snprintf(tmp, sizeof tmp, "%lld", (long long)json_integer_value(v));
		s = tmp;
		break;
	case JSON_REAL:
		/* Keep what the client meant for money: 12.3 -> "12.30" style
		 * is up to money_parse; %.10g avoids binary noise. */
		snprintf(tmp, sizeof tmp, "%.10g", json_real_value(v));
		s = tmp;
		break;
	case JSON_TRUE:
		s = "1";
		break;
	case JSON_FALSE:
		s = "0";
		break;
	case JSON_NULL:
		kv_push(c->a, &c->req.form, &c->req.nform, key, NULL, 0);
		return 0;
	default:
		return 1; /* not a scalar: left in req.json */
	}
	if (!len)
		len = strlen(s);
	kv_push(c->a, &c->req.form, &c->req.nform, key, arena_strndup(c->a, s, len), len);
	return 0;
}

static int parse_json(struct ctx *c, const char *body, size_t n, const struct req_limits *lim,
		      struct err_info *e)
{
	json_error_t je;
	/* JSON_REJECT_DUPLICATES: {"a":1,"a":2} is ambiguous; refuse it. */
	json_t *root = json_loadb(body, n, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return err_set(e, ERR_BADREQ, "", "BadJson", "invalid JSON: %s (line %d)", je.text,
			       je.line);
	c->req.json = root;
	if (!json_is_object(root))
		return 0;
	const char *key;
	json_t *v;
	json_object_foreach(root, key, v) {
		if (c->req.nform >= lim->nfields)
			return err_set(e, ERR_TOOBIG, "", "TooManyFields", "too many fields");
		const char *k = arena_strdup(c->a, key);
		int rc = json_scalar(c, k, v, e);
		if (rc < 0)
			return rc;
		if (rc == 1 && json_is_array(v)) {
			size_t i;
			json_t *item;
			json_array_foreach(v, i, item) {
				if (i >= lim->nfields)
					return err_set(e, ERR_TOOBIG, k, "TooManyFields",
						       "too many values in '%s'", k);
				if (json_is_object(item) || json_is_array(item))
					break;
				if (json_scalar(c, k, item, e) < 0)
					return e->code;
			}
		}
	}
	return 0;
}

int req_parse_body(struct ctx *c, const char *body, size_t len, const struct req_limits *lim,
		   struct err_info *e)
{
	c->req.body = body;
	c->req.body_len = len;
	const char *ct = c->req.content_type ? c->req.content_type : "";
	if (len == 0)
		return 0;
	if (strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0)
		return parse_urlencoded(c, body, len, &c->req.form, &c->req.nform, lim, e);
	if (strncasecmp(ct, "multipart/form-data", 19) == 0)
		return parse_multipart(c, body, len, ct, lim, e);
	if (strncasecmp(ct, "application/json", 16) == 0)
		return parse_json(c, body, len, lim, e);
	return 0; /* other bodies (images...) are left to the handler */
}

/* ---- client address and scheme (trusted proxies) ------------------------- */

/* An address as 16 bytes (IPv4 as ::ffff:a.b.c.d, so that both spellings
 * of a v4 client compare equal); *bits receives the full prefix length. */
static bool addr_parse(const char *s, size_t n, unsigned char out[16], int *bits)
{
	char b[INET6_ADDRSTRLEN + 1];
	if (n == 0 || n >= sizeof b)
		return false;
	memcpy(b, s, n);
	b[n] = '\0';
	unsigned char v4[4];
	if (inet_pton(AF_INET, b, v4) == 1) {
		memset(out, 0, 10);
		out[10] = out[11] = 0xff;
		memcpy(out + 12, v4, 4);
		*bits = 128;
		return true;
	}
	*bits = 128;
	return inet_pton(AF_INET6, b, out) == 1;
}

static bool is_v4_mapped(const unsigned char a[16])
{
	static const unsigned char pre[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	return memcmp(a, pre, 12) == 0;
}

/* One entry of proxy.trusted: an address or a block (10.0.0.0/8). */
static bool entry_matches(const char *t, size_t n, const unsigned char a[16])
{
	const char *slash = memchr(t, '/', n);
	unsigned char net[16];
	int bits;
	if (!addr_parse(t, slash ? (size_t)(slash - t) : n, net, &bits))
		return false;
	if (slash) {
		char pl[8];
		size_t k = n - (size_t)(slash - t) - 1;
		int64_t len;
		if (k == 0 || k >= sizeof pl)
			return false;
		memcpy(pl, slash + 1, k);
		pl[k] = '\0';
		bool v4 = is_v4_mapped(net);
		if (!str_to_i64(pl, &len) || len < 0 || len > (v4 ? 32 : 128))
			return false;
		bits = (int)len + (v4 ? 96 : 0);
	}
	for (int i = 0; i < bits / 8; i++)
		if (net[i] != a[i])
			return false;
	int r = bits % 8;
	return !r || ((net[bits / 8] ^ a[bits / 8]) & (0xff << (8 - r))) == 0;
}

bool req_proxy_trusted(const char *list, const char *addr)
{
	unsigned char a[16];
	int bits;
	if (!list || !*list || !addr || !addr_parse(addr, strlen(addr), a, &bits))
		return false;
	for (const char *p = list; *p;) {
		p += strspn(p, " ,\t\r\n");
		size_t n = strcspn(p, " ,\t\r\n");
		if (n && entry_matches(p, n, a))
			return true;
		p += n;
	}
	return false;
}

/* The last element of a comma-separated header value, trimmed. */
static const char *last_hop(const char *v, size_t *n)
{
	const char *p = strrchr(v, ',');
	p = p ? p + 1 : v;
	while (*p == ' ' || *p == '\t')
		p++;
	size_t k = strlen(p);
	while (k && (p[k - 1] == ' ' || p[k - 1] == '\t'))
		k--;
	*n = k;
	return p;
}

void req_client(const char *trusted, const char *remote, const char *https, const char *xf_proto,
		const char *xf_for, char addr[64], bool *is_https)
{
	snprintf(addr, 64, "%s", remote ? remote : "");
	/* HTTPS is set by nginx itself (fastcgi_params: $https): no client
	 * can choose it. */
	*is_https = https && *https && strcasecmp(https, "off") != 0;
	if (!req_proxy_trusted(trusted, remote))
		return; /* a client's own X-Forwarded-* headers mean nothing */
	size_t n;
	if (xf_proto && *xf_proto) {
		const char *v = last_hop(xf_proto, &n);
		*is_https = n == 5 && strncasecmp(v, "https", 5) == 0;
	}
	unsigned char a[16];
	int bits;
	if (xf_for && *xf_for) {
		/* The hop the trusted proxy appended: the address it saw.
		 * Earlier entries were written by the client. */
		const char *v = last_hop(xf_for, &n);
		if (addr_parse(v, n, a, &bits)) {
			char s[INET6_ADDRSTRLEN];
			if (is_v4_mapped(a))
				inet_ntop(AF_INET, a + 12, s, sizeof s);
			else
				inet_ntop(AF_INET6, a, s, sizeof s);
			snprintf(addr, 64, "%s", s);
		}
	}
}

int req_parse(struct ctx *c, char **envp, req_read_fn rd, void *rd_ctx,
	      const struct req_limits *lim, struct err_info *e)
{
	struct req *r = &c->req;
	r->method = env_get(envp, "REQUEST_METHOD");
	if (!r->method)
		r->method = "GET";
	static const struct {
		const char *name;
		enum http_method m;
	} methods[] = {{"GET", M_GET},     {"POST", M_POST},	 {"HEAD", M_HEAD},
		       {"PUT", M_PUT},     {"PATCH", M_PATCH},	 {"DELETE", M_DELETE},
		       {"OPTIONS", M_OPTIONS}};
	r->m = 0;
	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
		if (strcmp(r->method, methods[i].name) == 0)
			r->m = methods[i].m;
	r->path = env_get(envp, "DOCUMENT_URI");
	if (!r->path)
		r->path = env_get(envp, "SCRIPT_NAME");
	if (!r->path)
		r->path = "/";
	r->path = arena_strdup(c->a, r->path);
	r->content_type = env_get(envp, "CONTENT_TYPE");
	r->accept = env_get(envp, "HTTP_ACCEPT");
	r->accept_language = env_get(envp, "HTTP_ACCEPT_LANGUAGE");
	r->user_agent = env_get(envp, "HTTP_USER_AGENT");
	r->origin = env_get(envp, "HTTP_ORIGIN");
	r->authorization = env_get(envp, "HTTP_AUTHORIZATION");
	r->cookie_header = env_get(envp, "HTTP_COOKIE");
	r->referer = env_get(envp, "HTTP_REFERER");
	/* The client's address and scheme: X-Forwarded-* only from a proxy
	 * listed in proxy.trusted (rate limits, audit, Secure cookies, HSTS). */
	char client[64];
	req_client(c->cfg ? config_get(c->cfg, "proxy.trusted") : "", env_get(envp, "REMOTE_ADDR"),
		   env_get(envp, "HTTPS"), env_get(envp, "HTTP_X_FORWARDED_PROTO"),
		   env_get(envp, "HTTP_X_FORWARDED_FOR"), client, &r->https);
	/* Copy header values into the arena: FCGX frees envp at finish, and
	 * nothing may point into it after the request. */
	r->content_type = arena_strdup(c->a, r->content_type);
	r->accept = arena_strdup(c->a, r->accept);
	r->accept_language = arena_strdup(c->a, r->accept_language);
	r->user_agent = arena_strdup(c->a, r->user_agent ? r->user_agent : "");
	r->remote_addr = arena_strdup(c->a, client);
	r->origin = arena_strdup(c->a, r->origin);
	r->authorization = arena_strdup(c->a, r->authorization);
	r->cookie_header = arena_strdup(c->a, r->cookie_header);
	r->referer = arena_strdup(c->a, r->referer);
	r->host = arena_strdup(c->a, env_get(envp, "HTTP_HOST"));
	r->wants_json = str_starts(r->path, "/api/") ||
			(r->accept && strstr(r->accept, "application/json") &&
			 !strstr(r->accept, "text/html"));

	int rc = req_parse_query(c, arena_strdup(c->a, env_get(envp, "QUERY_STRING")), lim, e);
	if (rc)
		return rc;

	const char *cl = env_get(envp, "CONTENT_LENGTH");
	int64_t len = 0;
	if (cl && *cl && (!str_to_i64(cl, &len) || len < 0))
		return err_set(e, ERR_BADREQ, "", "BadRequest", "invalid Content-Length");
	size_t max = lim->body;
	if (r->content_type && strncasecmp(r->content_type, "multipart/form-data", 19) == 0)
		max = lim->upload + lim->body;
	if ((uint64_t)len > max)
		return err_set(e, ERR_TOOBIG, "", "BodyTooLarge", "request body too large");
	if (len == 0 || !rd)
		return 0;
	char *body = arena_alloc(c->a, (size_t)len + 1);
	int got = rd(rd_ctx, body, (int)len);
	if (got != (int)len)
		return err_set(e, ERR_BADREQ, "", "BadRequest", "truncated request body");
	body[len] = '\0';
	return req_parse_body(c, body, (size_t)len, lim, e);
}

void req_cleanup(struct ctx *c)
{
	if (c->req.json) {
		json_decref(c->req.json);
		c->req.json = NULL;
	}
}

static const struct kv *find_kv(const struct kv *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].key, name) == 0)
			return &v[i];
	return NULL;
}

const char *req_form(const struct ctx *c, const char *name)
{
	const struct kv *k = find_kv(c->req.form, c->req.nform, name);
	return k ? k->val : NULL;
}

const char *req_query(const struct ctx *c, const char *name)
{
	const struct kv *k = find_kv(c->req.query, c->req.nquery, name);
	return k ? k->val : NULL;
}

const char *req_get(const struct ctx *c, const char *name)
{
	const struct kv *k = find_kv(c->req.form, c->req.nform, name);
	if (k)
		return k->val;
	k = find_kv(c->req.query, c->req.nquery, name);
	return k ? k->val : NULL;
}

/* The member `name` of a JSON object body, or NULL. The parsed tree is the
 * record of each member's JSON type: parse_json flattened the scalars and
 * arrays of scalars into form fields, where [3] and 3 look the same. */
static json_t *json_member(const struct ctx *c, const char *name)
{
	return json_is_object(c->req.json) ? json_object_get(c->req.json, name) : NULL;
}

static int not_single(struct err_info *e, const char *name)
{
	return err_set(e, ERR_INVALID, name, "NotSingle", "'%s' must be a single value", name);
}

static int not_list(struct err_info *e, const char *name)
{
	return err_set(e, ERR_INVALID, name, "NotList", "'%s' must be a list of values", name);
}

/* A field read as one value: from a JSON body it must be a string, a number
 * or null, or a boolean where one is expected (flag). */
static int check_single(const struct ctx *c, const char *name, bool flag, struct err_info *e)
{
	json_t *m = json_member(c, name);
	if (m && (json_is_array(m) || json_is_object(m) || (json_is_boolean(m) && !flag)))
		return not_single(e, name);
	return 0;
}

bool req_has(const struct ctx *c, const char *name)
{
	/* Also a JSON member that parse_json did not flatten (an object, an
	 * empty array...), so that a handler testing req_has before a getter
	 * reaches the getter's type check instead of skipping the field. */
	return find_kv(c->req.form, c->req.nform, name) ||
	       find_kv(c->req.query, c->req.nquery, name) || json_member(c, name);
}

static bool in_list(const char *const *names, const char *name)
{
	for (size_t i = 0; names && names[i]; i++)
		if (strcmp(names[i], name) == 0)
			return true;
	return false;
}

int req_json_types(struct ctx *c, const char *const *lists, const char *const *flags,
		   struct err_info *e)
{
	return req_json_object_types(c->req.json, lists, flags, e);
}

int req_json_object_types(const json_t *o, const char *const *lists, const char *const *flags,
			  struct err_info *e)
{
	if (!json_is_object(o))
		return 0;
	const char *key;
	json_t *v;
	/* json_object_foreach wants a non-const object; it only reads it. */
	json_object_foreach((json_t *)o, key, v) {
		if (json_is_null(v))
			continue; /* null keeps its meaning: clear, none, default */
		if (in_list(lists, key)) {
			if (!json_is_array(v))
				return not_list(e, key);
		} else if (json_is_array(v) || json_is_object(v) ||
			   (json_is_boolean(v) && !in_list(flags, key))) {
			return not_single(e, key);
		}
	}
	return 0;
}

int req_value(struct ctx *c, const char *name, const char **out, struct err_info *e)
{
	*out = NULL;
	int rc = check_single(c, name, false, e);
	if (rc)
		return rc;
	*out = req_get(c, name);
	return 0;
}

int req_list(struct ctx *c, const char *name, const char ***out, size_t *n, struct err_info *e)
{
	json_t *m = json_member(c, name);
	*n = 0;
	if (m && !json_is_null(m)) {
		if (!json_is_array(m))
			return not_list(e, name);
		size_t i;
		json_t *it;
		json_array_foreach(m, i, it) {
			if (!json_is_string(it) && !json_is_number(it) && !json_is_null(it))
				return not_list(e, name);
		}
	}
	*n = req_all(c, name, out);
	return 0;
}

size_t req_all(const struct ctx *c, const char *name, const char ***out)
{
	size_t n = 0;
	for (size_t i = 0; i < c->req.nform; i++)
		if (strcmp(c->req.form[i].key, name) == 0 && c->req.form[i].val)
			n++;
	const struct kv *src = c->req.form;
	size_t ns = c->req.nform;
	if (n == 0) {
		for (size_t i = 0; i < c->req.nquery; i++)
			if (strcmp(c->req.query[i].key, name) == 0)
				n++;
		src = c->req.query;
		ns = c->req.nquery;
	}
	const char **v = arena_alloc(c->a, (n + 1) * sizeof *v);
	size_t k = 0;
	for (size_t i = 0; i < ns; i++)
		if (strcmp(src[i].key, name) == 0 && src[i].val)
			v[k++] = src[i].val;
	*out = v;
	return k;
}

const char *req_cookie(const struct ctx *c, const char *name)
{
	const char *h = c->req.cookie_header;
	if (!h)
		return NULL;
	size_t nl = strlen(name);
	const char *p = h;
	while (*p) {
		while (*p == ' ' || *p == ';')
			p++;
		const char *eq = strchr(p, '=');
		const char *semi = strchr(p, ';');
		if (!eq || (semi && semi < eq)) {
			if (!semi)
				break;
			p = semi + 1;
			continue;
		}
		if ((size_t)(eq - p) == nl && strncmp(p, name, nl) == 0) {
			const char *v = eq + 1;
			size_t vl = semi ? (size_t)(semi - v) : strlen(v);
			return arena_strndup(c->a, v, vl);
		}
		if (!semi)
			break;
		p = semi + 1;
	}
	return NULL;
}

const struct upload *req_file(const struct ctx *c, const char *field)
{
	for (size_t i = 0; i < c->req.nfiles; i++)
		if (strcmp(c->req.files[i].field, field) == 0)
			return &c->req.files[i];
	return NULL;
}

int req_text(struct ctx *c, const char *name, const char **out, size_t max, bool required,
	     struct err_info *e)
{
	*out = NULL;
	int rc = check_single(c, name, false, e);
	if (rc)
		return rc;
	const char *v = req_get(c, name);
	if (v) {
		char *t = str_trim(arena_strdup(c->a, v));
		/* Refuse control characters except tab and newlines. */
		for (const char *p = t; *p; p++)
			if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\r' && *p != '\t')
				return err_set(e, ERR_INVALID, name, "BadChars",
					       "'%s' contains control characters", name);
		if (max && str_utf8_len(t) > max)
			return err_set(e, ERR_INVALID, name, "TooLong",
				       "'%s' is too long (at most %zu characters)", name, max);
		*out = *t ? t : NULL;
	}
	if (required && !*out)
		return err_set(e, ERR_INVALID, name, "Required", "'%s' is required", name);
	return 0;
}

int req_email(struct ctx *c, const char *name, const char **out, bool required,
	      struct err_info *e)
{
	int rc = req_text(c, name, out, 254, required, e);
	if (rc)
		return rc;
	if (*out && !str_email_valid(*out))
		return err_set(e, ERR_INVALID, name, "BadEmail", "'%s' is not a valid e-mail address",
			       name);
	return 0;
}

int req_int(struct ctx *c, const char *name, int64_t *out, int64_t min, int64_t max,
	    bool required, bool *present, struct err_info *e)
{
	if (present)
		*present = false;
	int rc = check_single(c, name, false, e);
	if (rc)
		return rc;
	const char *v = req_get(c, name);
	if (!v || !*v) {
		if (required)
			return err_set(e, ERR_INVALID, name, "Required", "'%s' is required", name);
		return 0;
	}
	int64_t x;
	if (!str_to_i64(v, &x))
		return err_set(e, ERR_INVALID, name, "BadNumber", "'%s' must be a whole number", name);
	if (x < min || x > max)
		return err_set(e, ERR_INVALID, name, "OutOfRange",
			       "'%s' must be between %lld and %lld", name, (long long)min,
			       (long long)max);
	*out = x;
	if (present)
		*present = true;
	return 0;
}

bool req_bool(const struct ctx *c, const char *name)
{
	const char *v = req_get(c, name);
	return v && (strcmp(v, "1") == 0 || strcasecmp(v, "on") == 0 ||
		     strcasecmp(v, "true") == 0 || strcasecmp(v, "yes") == 0);
}

int req_flag(struct ctx *c, const char *name, bool *out, struct err_info *e)
{
	int rc = check_single(c, name, true, e);
	if (rc)
		return rc;
	*out = req_bool(c, name);
	return 0;
}

int req_money(struct ctx *c, const char *name, int64_t *cents, bool required, bool *present,
	      struct err_info *e)
{
	if (present)
		*present = false;
	int rc = check_single(c, name, false, e);
	if (rc)
		return rc;
	const char *v = req_get(c, name);
	if (!v || str_empty(v)) {
		if (required)
			return err_set(e, ERR_INVALID, name, "Required", "'%s' is required", name);
		return 0;
	}
	if (!money_parse(v, cents))
		return err_set(e, ERR_INVALID, name, "BadAmount", "'%s' is not a valid amount", name);
	if (present)
		*present = true;
	return 0;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int req_date(struct ctx *c, const char *name, const char **out, bool required,
	     struct err_info *e)
{
	*out = NULL;
	int rc = check_single(c, name, false, e);
	if (rc)
		return rc;
	const char *v = req_get(c, name);
	if (!v || !*v) {
		if (required)
			return err_set(e, ERR_INVALID, name, "Required", "'%s' is required", name);
		return 0;
	}
	int y, m, d;
	char tail;
	if (strlen(v) < 10 || sscanf(v, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
	    !isdigit((unsigned char)v[0]) || v[4] != '-' || v[7] != '-')
		return err_set(e, ERR_INVALID, name, "BadDate", "'%s' must be a date (YYYY-MM-DD)",
			       name);
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1] + (m == 2 && leap(y)))
		return err_set(e, ERR_INVALID, name, "BadDate", "'%s' is not a valid date", name);
	*out = arena_strndup(c->a, v, 10);
	return 0;
}

const char *req_pick_lang(const char *al)
{
	/* Take the highest q among fr and en; ties go to the first listed. */
	if (!al)
		return "en";
	double best_q = -1;
	const char *best = "en";
	const char *p = al;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		if (!*p)
			break;
		size_t tl = strcspn(p, ",;");
		char tag[16] = "";
		snprintf(tag, sizeof tag, "%.*s", (int)(tl < 15 ? tl : 15), p);
		p += tl;
		double q = 1.0;
		if (*p == ';') {
			const char *qs = strstr(p, "q=");
			const char *comma = strchr(p, ',');
			if (qs && (!comma || qs < comma))
				q = strtod(qs + 2, NULL);
			p = comma ? comma : p + strlen(p);
		}
		const char *lang = NULL;
		if (strncasecmp(tag, "fr", 2) == 0 && (tag[2] == '\0' || tag[2] == '-' || tag[2] == ' '))
			lang = "fr";
		else if (strncasecmp(tag, "en", 2) == 0 &&
			 (tag[2] == '\0' || tag[2] == '-' || tag[2] == ' '))
			lang = "en";
		if (lang && q > best_q) {
			best_q = q;
			best = lang;
		}
	}
	return best;
}
