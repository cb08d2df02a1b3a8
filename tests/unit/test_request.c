/* Unit tests: request parsing, typed getters, routing and the guards that need
 * no database (server_handle with a small app). */
#include <string.h>

#include "core/config.h"
#include "core/str.h"
#include "support/testutil.h"
#include "web/request.h"
#include "web/response.h"
#include "web/server.h"
#include "web/view.h"

static struct config *cfg;
static struct ctx *c;

static int h_hello(struct ctx *x)
{
	const char *who = req_get(x, "who");
	return http_body(x, 200, "text/plain", who ? who : "hello", strlen(who ? who : "hello"));
}

static int h_item(struct ctx *x)
{
	char b[64];
	snprintf(b, sizeof b, "%lld/%lld", (long long)x->req.id[0], (long long)x->req.id[1]);
	return http_body(x, 200, "text/plain", b, strlen(b));
}

static int h_fail(struct ctx *x)
{
	return err_set(&x->err, ERR_INVALID, "email", "BadEmail", "bad e-mail");
}

/* A handler that reads one number: answers it, or the getter's error. */
static int h_number(struct ctx *x)
{
	int64_t n = 0;
	int rc = req_int(x, "n", &n, 0, 1000, true, NULL, &x->err);
	if (rc)
		return rc;
	char b[32];
	snprintf(b, sizeof b, "%lld", (long long)n);
	return http_body(x, 200, "text/plain", b, strlen(b));
}

static const struct route routes[] = {
	{M_GET | M_POST, "/t/hello", h_hello, R_NODB},
	{M_GET, "/t/items/:id/lines/:line", h_item, R_NODB},
	{M_POST, "/t/fail", h_fail, R_NODB},
	{M_GET, "/t/secret", h_hello, R_LOGIN | R_NODB},
	{M_POST, "/t/number", h_number, R_NODB},
};
static const struct app app = {"test", "/t/healthz", routes, 5, NULL, NULL, NULL, 0, 0};

static void setup(void)
{
	cfg = test_config();
	c = server_ctx_new(&app, cfg, NULL);
	ck_assert_ptr_nonnull(c);
}

static void teardown(void)
{
	server_ctx_free(c);
	config_free(cfg);
}

static int run(const char *method, const char *uri, const char *ctype, const char *body)
{
	char m[64], path[512], qs[512], ct[128], cl[64];
	const char *q = strchr(uri, '?');
	snprintf(m, sizeof m, "REQUEST_METHOD=%s", method);
	snprintf(path, sizeof path, "DOCUMENT_URI=%.*s", q ? (int)(q - uri) : (int)strlen(uri), uri);
	snprintf(qs, sizeof qs, "QUERY_STRING=%s", q ? q + 1 : "");
	snprintf(ct, sizeof ct, "CONTENT_TYPE=%s", ctype ? ctype : "");
	snprintf(cl, sizeof cl, "CONTENT_LENGTH=%zu", body ? strlen(body) : 0);
	char *envp[] = {m, path, qs, ct, cl, NULL};
	server_handle(&app, c, envp, body, body ? strlen(body) : 0);
	return c->resp.status;
}

START_TEST(routing_and_captures)
{
	ck_assert_int_eq(run("GET", "/t/hello?who=%C3%A9mile", NULL, NULL), 200);
	ck_assert_str_eq(c->resp.body.p, "émile");
	ck_assert_int_eq(run("GET", "/t/items/12/lines/3", NULL, NULL), 200);
	ck_assert_str_eq(c->resp.body.p, "12/3");
	ck_assert_int_eq(run("GET", "/t/items/0/lines/3", NULL, NULL), 404);
	ck_assert_int_eq(run("GET", "/t/items/abc/lines/3", NULL, NULL), 404);
	ck_assert_int_eq(run("GET", "/t/items/12/lines/3/x", NULL, NULL), 404);
	ck_assert_int_eq(run("GET", "/t/items/99999999999999999999/lines/1", NULL, NULL), 404);
	ck_assert_int_eq(run("GET", "/nowhere", NULL, NULL), 404);
	ck_assert_int_eq(run("HEAD", "/t/hello", NULL, NULL), 200);
}
END_TEST

START_TEST(method_not_allowed_lists_methods)
{
	ck_assert_int_eq(run("DELETE", "/t/items/1/lines/2", NULL, NULL), 405);
	ck_assert_ptr_nonnull(strstr(c->resp.headers.p, "Allow: GET, HEAD\r\n"));
	ck_assert_int_eq(run("GET", "/t/fail", NULL, NULL), 405);
	ck_assert_ptr_nonnull(strstr(c->resp.headers.p, "Allow: POST\r\n"));
	ck_assert_int_eq(run("BREW", "/t/hello", NULL, NULL), 405);
}
END_TEST

START_TEST(urlencoded_form_and_errors)
{
	ck_assert_int_eq(run("POST", "/t/hello", "application/x-www-form-urlencoded", "who=a+b%26c&x=1"), 200);
	ck_assert_str_eq(c->resp.body.p, "a b&c");
	ck_assert_int_eq(run("POST", "/t/hello", "application/x-www-form-urlencoded", "who=%zz"), 400);
	ck_assert_int_eq(run("POST", "/t/hello", "application/x-www-form-urlencoded", "who=%FF%FE"), 400);
	ck_assert_int_eq(run("POST", "/t/hello", "application/x-www-form-urlencoded", "who=a%00b"), 400);
	ck_assert_int_eq(run("GET", "/t/hello?who=%C3", NULL, NULL), 400);
}
END_TEST

START_TEST(json_errors_for_api_clients)
{
	ck_assert_int_eq(run("POST", "/t/fail", "application/json", "{\"email\":\"x\"}"), 422);
	/* Not /api/ and no Accept: HTML error page. */
	ck_assert_ptr_nonnull(strstr(c->resp.body.p, "<html"));
	char m[] = "REQUEST_METHOD=POST", p[] = "DOCUMENT_URI=/t/fail",
	     a[] = "HTTP_ACCEPT=application/json", ct[] = "CONTENT_TYPE=application/json",
	     cl[] = "CONTENT_LENGTH=2";
	char *envp[] = {m, p, a, ct, cl, NULL};
	server_handle(&app, c, envp, "{}", 2);
	ck_assert_int_eq(c->resp.status, 422);
	ck_assert_str_eq(c->resp.body.p,
			 "{\"error\":{\"code\":\"invalid\",\"message\":\"bad e-mail\",\"field\":\"email\"}}");
	ck_assert_int_eq(run("POST", "/t/hello", "application/json", "{\"who\": \"json\"}"), 200);
	ck_assert_str_eq(c->resp.body.p, "json");
	ck_assert_int_eq(run("POST", "/t/hello", "application/json", "{bad"), 400);
	ck_assert_int_eq(run("POST", "/t/hello", "application/json", "{\"who\":1,\"who\":2}"), 400);
	ck_assert_int_eq(run("POST", "/t/hello", "application/json", "{\"who\":\"a\\u0000b\"}"), 400);
}
END_TEST

START_TEST(multipart_form)
{
	const char *body = "--XyZ\r\nContent-Disposition: form-data; name=\"who\"\r\n\r\nmulti\r\n"
			   "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.png\"\r\n"
			   "Content-Type: image/png\r\n\r\n\x89PNG\r\n--XyZ--\r\n";
	ck_assert_int_eq(run("POST", "/t/hello", "multipart/form-data; boundary=XyZ", body), 200);
	ck_assert_str_eq(c->resp.body.p, "multi");
	ck_assert_uint_eq(c->req.nfiles, 1);
	ck_assert_str_eq(c->req.files[0].filename, "a.png");
	ck_assert_uint_eq(c->req.files[0].len, 4);
	ck_assert_int_eq(run("POST", "/t/hello", "multipart/form-data", body), 400);
	ck_assert_int_eq(run("POST", "/t/hello", "multipart/form-data; boundary=XyZ", "--XyZ\r\ngarbage"), 400);
}
END_TEST

START_TEST(login_required_redirects)
{
	ck_assert_int_eq(run("GET", "/t/secret?a=1", NULL, NULL), 303);
	ck_assert_ptr_nonnull(strstr(c->resp.headers.p, "Location: /crm/login?next=%2Ft%2Fsecret%3Fa%3D1\r\n"));
}
END_TEST

START_TEST(typed_getters)
{
	run("GET", "/t/hello?n=12&bad=1x&big=999&e=a@b.fr&bade=nope&d=2024-02-29&dd=2023-02-29&t=%20hi%20&m=1%20234,5", NULL, NULL);
	struct err_info e = {0};
	int64_t n = 0;
	bool present;
	ck_assert_int_eq(req_int(c, "n", &n, 0, 100, true, &present, &e), 0);
	ck_assert(present && n == 12);
	ck_assert_int_eq(req_int(c, "bad", &n, 0, 100, true, NULL, &e), ERR_INVALID);
	ck_assert_str_eq(e.field, "bad");
	err_clear(&e);
	ck_assert_int_eq(req_int(c, "big", &n, 0, 100, true, NULL, &e), ERR_INVALID);
	ck_assert_str_eq(e.key, "OutOfRange");
	err_clear(&e);
	ck_assert_int_eq(req_int(c, "none", &n, 0, 100, true, NULL, &e), ERR_INVALID);
	ck_assert_str_eq(e.key, "Required");
	err_clear(&e);
	const char *s;
	ck_assert_int_eq(req_email(c, "e", &s, true, &e), 0);
	ck_assert_int_eq(req_email(c, "bade", &s, true, &e), ERR_INVALID);
	err_clear(&e);
	ck_assert_int_eq(req_date(c, "d", &s, true, &e), 0);
	ck_assert_int_eq(req_date(c, "dd", &s, true, &e), ERR_INVALID);
	err_clear(&e);
	ck_assert_int_eq(req_text(c, "t", &s, 10, true, &e), 0);
	ck_assert_str_eq(s, "hi");
	ck_assert_int_eq(req_text(c, "t", &s, 1, true, &e), ERR_INVALID);
	err_clear(&e);
	int64_t cents;
	ck_assert_int_eq(req_money(c, "m", &cents, true, NULL, &e), 0);
	ck_assert_int_eq(cents, 123450);
}
END_TEST

/* The error of the last getter call is e's, on the named field, "NotSingle"
 * or "NotList"; then e is cleared for the next. */
static void expect_err(struct err_info *e, int rc, const char *field, const char *key)
{
	ck_assert_int_eq(rc, ERR_INVALID);
	ck_assert_str_eq(e->field, field);
	ck_assert_str_eq(e->key, key);
	err_clear(e);
}

START_TEST(json_types_in_getters)
{
	run("POST", "/t/hello", "application/json",
	    "{\"s\":\"x\",\"n\":3,\"ns\":\"12\",\"arr\":[3],\"sarr\":[\"arr\"],\"obj\":{\"a\":1},"
	    "\"t\":true,\"f\":false,\"nul\":null,\"list\":[1,\"b\",null],\"nested\":[1,[2]],"
	    "\"bools\":[true],\"objs\":[{\"a\":1}],\"empty\":[],\"d\":\"2024-02-29\"}");
	struct err_info e = {0};
	const char *s = NULL;
	int64_t n = 0;
	bool b = false, present = true;
	/* Single values: strings, numbers; a number for text, a numeric string for a number. */
	ck_assert_int_eq(req_text(c, "s", &s, 10, true, &e), 0);
	ck_assert_str_eq(s, "x");
	ck_assert_int_eq(req_text(c, "n", &s, 10, true, &e), 0);
	ck_assert_str_eq(s, "3");
	ck_assert_int_eq(req_int(c, "ns", &n, 0, 100, true, NULL, &e), 0);
	ck_assert_int_eq(n, 12);
	ck_assert_int_eq(req_date(c, "d", &s, true, &e), 0);
	/* Arrays, objects and booleans are refused by every getter of one value. */
	n = 77;
	expect_err(&e, req_int(c, "arr", &n, 0, 100, true, NULL, &e), "arr", "NotSingle");
	ck_assert_int_eq(n, 77);
	expect_err(&e, req_text(c, "sarr", &s, 10, false, &e), "sarr", "NotSingle");
	ck_assert_ptr_null(s);
	expect_err(&e, req_int(c, "obj", &n, 0, 100, false, NULL, &e), "obj", "NotSingle");
	ck_assert(req_has(c, "obj") && req_has(c, "empty") && !req_has(c, "absent"));
	expect_err(&e, req_text(c, "obj", &s, 10, false, &e), "obj", "NotSingle");
	expect_err(&e, req_int(c, "t", &n, 0, 100, false, NULL, &e), "t", "NotSingle");
	expect_err(&e, req_text(c, "f", &s, 10, false, &e), "f", "NotSingle");
	expect_err(&e, req_email(c, "sarr", &s, false, &e), "sarr", "NotSingle");
	expect_err(&e, req_date(c, "arr", &s, false, &e), "arr", "NotSingle");
	int64_t cents = 0;
	expect_err(&e, req_money(c, "t", &cents, false, NULL, &e), "t", "NotSingle");
	expect_err(&e, req_money(c, "empty", &cents, false, NULL, &e), "empty", "NotSingle");
	expect_err(&e, req_value(c, "obj", &s, &e), "obj", "NotSingle");
	expect_err(&e, req_value(c, "t", &s, &e), "t", "NotSingle");
	ck_assert_int_eq(req_value(c, "s", &s, &e), 0);
	ck_assert_str_eq(s, "x");
	/* A boolean is fine where one is expected. */
	ck_assert_int_eq(req_flag(c, "t", &b, &e), 0);
	ck_assert(b);
	ck_assert_int_eq(req_flag(c, "f", &b, &e), 0);
	ck_assert(!b);
	expect_err(&e, req_flag(c, "arr", &b, &e), "arr", "NotSingle");
	expect_err(&e, req_flag(c, "obj", &b, &e), "obj", "NotSingle");
	/* null: present, no value (clears a field), as before. */
	ck_assert(req_has(c, "nul"));
	ck_assert_int_eq(req_text(c, "nul", &s, 10, false, &e), 0);
	ck_assert_ptr_null(s);
	ck_assert_int_eq(req_int(c, "nul", &n, 0, 100, false, &present, &e), 0);
	ck_assert(!present);
	/* Lists: an array of strings and numbers; null and absent are empty. */
	const char **vals = NULL;
	size_t k = 9;
	ck_assert_int_eq(req_list(c, "list", &vals, &k, &e), 0);
	ck_assert_uint_eq(k, 2);
	ck_assert_str_eq(vals[0], "1");
	ck_assert_str_eq(vals[1], "b");
	ck_assert_int_eq(req_list(c, "empty", &vals, &k, &e), 0);
	ck_assert_uint_eq(k, 0);
	ck_assert_int_eq(req_list(c, "nul", &vals, &k, &e), 0);
	ck_assert_uint_eq(k, 0);
	ck_assert_int_eq(req_list(c, "absent", &vals, &k, &e), 0);
	ck_assert_uint_eq(k, 0);
	expect_err(&e, req_list(c, "s", &vals, &k, &e), "s", "NotList");
	ck_assert_uint_eq(k, 0);
	expect_err(&e, req_list(c, "n", &vals, &k, &e), "n", "NotList");
	expect_err(&e, req_list(c, "t", &vals, &k, &e), "t", "NotList");
	expect_err(&e, req_list(c, "obj", &vals, &k, &e), "obj", "NotList");
	expect_err(&e, req_list(c, "nested", &vals, &k, &e), "nested", "NotList");
	expect_err(&e, req_list(c, "bools", &vals, &k, &e), "bools", "NotList");
	expect_err(&e, req_list(c, "objs", &vals, &k, &e), "objs", "NotList");
	/* The whole body at once: lists, flags, and one value for the rest. */
	const char *const lists[] = {"list", "nested", "bools", "objs", "empty", NULL};
	const char *const flags[] = {"t", "f", NULL};
	run("POST", "/t/hello", "application/json", "{\"s\":\"x\",\"n\":1,\"t\":true,\"nul\":null,\"list\":[1],\"empty\":null}");
	ck_assert_int_eq(req_json_types(c, lists, flags, &e), 0);
	run("POST", "/t/hello", "application/json", "{\"s\":\"x\",\"stage_id\":[3]}");
	expect_err(&e, req_json_types(c, lists, flags, &e), "stage_id", "NotSingle");
	run("POST", "/t/hello", "application/json", "{\"name\":{\"a\":1}}");
	expect_err(&e, req_json_types(c, lists, flags, &e), "name", "NotSingle");
	run("POST", "/t/hello", "application/json", "{\"s\":true}");
	expect_err(&e, req_json_types(c, lists, flags, &e), "s", "NotSingle");
	run("POST", "/t/hello", "application/json", "{\"list\":\"a, b\"}");
	expect_err(&e, req_json_types(c, lists, flags, &e), "list", "NotList");
	/* Form bodies have no JSON types: repeated fields are a list, one is a value. */
	run("POST", "/t/hello", "application/x-www-form-urlencoded", "a=1&a=2&t=on");
	ck_assert_int_eq(req_list(c, "a", &vals, &k, &e), 0);
	ck_assert_uint_eq(k, 2);
	ck_assert_int_eq(req_int(c, "a", &n, 0, 100, true, NULL, &e), 0);
	ck_assert_int_eq(req_flag(c, "t", &b, &e), 0);
	ck_assert(b);
	ck_assert_int_eq(req_json_types(c, lists, NULL, &e), 0);
	/* Through a handler: 422 naming the field, for [3] as for {"a":1} and true. */
	ck_assert_int_eq(run("POST", "/t/number", "application/json", "{\"n\":[3]}"), 422);
	ck_assert_str_eq(c->err.field, "n");
	ck_assert_str_eq(c->err.key, "NotSingle");
	ck_assert_int_eq(run("POST", "/t/number", "application/json", "{\"n\":{\"a\":1}}"), 422);
	ck_assert_int_eq(run("POST", "/t/number", "application/json", "{\"n\":true}"), 422);
	ck_assert_int_eq(run("POST", "/t/number", "application/json", "{\"n\":3}"), 200);
	ck_assert_str_eq(c->resp.body.p, "3");
	ck_assert_int_eq(run("POST", "/t/number", "application/json", "{\"n\":\"4\"}"), 200);
}
END_TEST

START_TEST(language_negotiation)
{
	ck_assert_str_eq(req_pick_lang(NULL), "en");
	ck_assert_str_eq(req_pick_lang("fr-FR,fr;q=0.9,en;q=0.8"), "fr");
	ck_assert_str_eq(req_pick_lang("en-GB,en;q=0.9,fr;q=0.8"), "en");
	ck_assert_str_eq(req_pick_lang("de-DE,fr;q=0.5,en;q=0.7"), "en");
	ck_assert_str_eq(req_pick_lang("de-DE,fr;q=0.5"), "fr");
	ck_assert_str_eq(req_pick_lang("frisian"), "en");
	ck_assert_str_eq(req_pick_lang(";;,,q=;"), "en");
}
END_TEST

START_TEST(cookies_and_header_injection)
{
	char m[] = "REQUEST_METHOD=GET", p[] = "DOCUMENT_URI=/t/hello",
	     ck[] = "HTTP_COOKIE=a=1; piste_sid=abc; b";
	char *envp[] = {m, p, ck, NULL};
	server_handle(&app, c, envp, NULL, 0);
	ck_assert_str_eq(req_cookie(c, "piste_sid"), "abc");
	ck_assert_str_eq(req_cookie(c, "a"), "1");
	ck_assert_ptr_null(req_cookie(c, "b"));
	size_t before = c->resp.headers.len;
	http_header(c, "X-Test", "a\r\nSet-Cookie: evil=1");
	ck_assert_uint_eq(c->resp.headers.len, before);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("request");
	TCase *t = tcase_create("request");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, routing_and_captures);
	tcase_add_test(t, method_not_allowed_lists_methods);
	tcase_add_test(t, urlencoded_form_and_errors);
	tcase_add_test(t, json_errors_for_api_clients);
	tcase_add_test(t, multipart_form);
	tcase_add_test(t, login_required_redirects);
	tcase_add_test(t, typed_getters);
	tcase_add_test(t, json_types_in_getters);
	tcase_add_test(t, language_negotiation);
	tcase_add_test(t, cookies_and_header_injection);
	suite_add_tcase(s, t);
	return s;
}

TEST_MAIN(suite)
