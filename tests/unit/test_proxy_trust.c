/* Unit tests (security finding 9d/e): X-Forwarded-Proto and X-Forwarded-For
 * count only from a proxy listed in proxy.trusted (req_proxy_trusted,
 * req_client), and what they decide follows through a whole request: the
 * client address, the Secure flag of cookies and the HSTS header. */
#include <string.h>

#include "core/buf.h"
#include "core/config.h"
#include "support/testutil.h"
#include "web/request.h"
#include "web/response.h"
#include "web/server.h"

START_TEST(trusted_list_matches_addresses_and_blocks)
{
	ck_assert(!req_proxy_trusted("", "127.0.0.1"));
	ck_assert(!req_proxy_trusted(NULL, "127.0.0.1"));
	ck_assert(req_proxy_trusted("10.0.0.1", "10.0.0.1"));
	ck_assert(!req_proxy_trusted("10.0.0.1", "10.0.0.2"));
	ck_assert(!req_proxy_trusted("10.0.0.1", ""));
	ck_assert(!req_proxy_trusted("10.0.0.1", NULL));
	const char *list = " 192.0.2.7,10.0.0.0/8  2001:db8::/32,172.16.0.0/12";
	ck_assert(req_proxy_trusted(list, "192.0.2.7"));
	ck_assert(req_proxy_trusted(list, "10.200.3.4"));
	ck_assert(req_proxy_trusted(list, "172.31.255.255"));
	ck_assert(!req_proxy_trusted(list, "172.32.0.1"));
	ck_assert(!req_proxy_trusted(list, "11.0.0.1"));
	ck_assert(req_proxy_trusted(list, "2001:db8:1::5"));
	ck_assert(!req_proxy_trusted(list, "2001:db9::5"));
	/* IPv4-mapped IPv6 is the same address. */
	ck_assert(req_proxy_trusted(list, "::ffff:192.0.2.7"));
	ck_assert(req_proxy_trusted("::ffff:192.0.2.7", "192.0.2.7"));
	/* Nonsense entries match nothing (and do not widen anything). */
	ck_assert(!req_proxy_trusted("banana 10.0.0.300 10.0.0.0/33 10.0.0.0/ /8", "10.0.0.1"));
	ck_assert(!req_proxy_trusted("10.0.0.1", "10.0.0.1, 1.2.3.4"));
	ck_assert(req_proxy_trusted("0.0.0.0/0", "203.0.113.9"));
}
END_TEST

START_TEST(forwarded_headers_only_from_a_trusted_proxy)
{
	char addr[64];
	bool https;
	/* Nobody trusted (the default): the client's own headers mean nothing. */
	req_client("", "198.51.100.7", NULL, "https", "203.0.113.5", addr, &https);
	ck_assert_str_eq(addr, "198.51.100.7");
	ck_assert(!https);
	/* nginx's own TLS always counts. */
	req_client("", "198.51.100.7", "on", NULL, NULL, addr, &https);
	ck_assert(https);
	req_client("", "198.51.100.7", "off", NULL, NULL, addr, &https);
	ck_assert(!https);
	/* From another address than the trusted one: ignored. */
	req_client("10.0.0.1", "198.51.100.7", NULL, "https", "203.0.113.5", addr, &https);
	ck_assert_str_eq(addr, "198.51.100.7");
	ck_assert(!https);
	/* From the trusted proxy: the scheme and the hop it appended. */
	req_client("10.0.0.1", "10.0.0.1", NULL, "https", "1.1.1.1, 203.0.113.5", addr, &https);
	ck_assert_str_eq(addr, "203.0.113.5");
	ck_assert(https);
	req_client("10.0.0.1", "10.0.0.1", NULL, "HTTPS", " 2001:DB8::0:1 ", addr, &https);
	ck_assert_str_eq(addr, "2001:db8::1");
	ck_assert(https);
	req_client("10.0.0.1", "10.0.0.1", "on", "http", NULL, addr, &https);
	ck_assert_str_eq(addr, "10.0.0.1");
	ck_assert(!https);
	/* A last hop that is not an address leaves the proxy's address. */
	req_client("10.0.0.1", "10.0.0.1", NULL, NULL, "203.0.113.5, unknown", addr, &https);
	ck_assert_str_eq(addr, "10.0.0.1");
	ck_assert(!https);
	req_client("10.0.0.1", "10.0.0.1", NULL, "https, http", "::ffff:203.0.113.5", addr, &https);
	ck_assert_str_eq(addr, "203.0.113.5");
	ck_assert(!https);
}
END_TEST

/* A whole request through the server: what the handler sees and what the
 * response carries. */
static int h_echo(struct ctx *x)
{
	http_cookie(x, "piste_test", "1", -1, true);
	const char *b = arena_printf(x->a, "%s %s", x->req.remote_addr, x->req.https ? "https" : "http");
	return http_body(x, 200, "text/plain", b, strlen(b));
}

static const struct route routes[] = {{M_GET, "/t/echo", h_echo, R_NODB}};
static const struct app app = {"test", "/t/healthz", routes, 1, NULL, NULL, NULL, 0, 0};

static const char *serve(struct config *cfg, struct ctx **cp, struct buf *out, const char *https)
{
	struct ctx *c = server_ctx_new(&app, cfg, NULL);
	ck_assert_ptr_nonnull(c);
	char m[] = "REQUEST_METHOD=GET", p[] = "DOCUMENT_URI=/t/echo", ra[] = "REMOTE_ADDR=198.51.100.7",
	     xp[] = "HTTP_X_FORWARDED_PROTO=https", xf[] = "HTTP_X_FORWARDED_FOR=203.0.113.5", hs[32];
	snprintf(hs, sizeof hs, "HTTPS=%s", https ? https : "");
	char *envp[] = {m, p, ra, xp, xf, hs, NULL};
	server_handle(&app, c, envp, NULL, 0);
	ck_assert_int_eq(c->resp.status, 200);
	buf_reset(out);
	server_serialize(c, out);
	*cp = c;
	return c->resp.body.p;
}

START_TEST(request_secure_cookie_and_hsts_follow_the_decision)
{
	struct config *cfg = test_config();
	config_set(cfg, "https", "0");
	struct buf out;
	buf_init(&out);
	struct ctx *c;
	/* Default: nobody trusted. The spoofed headers change nothing. */
	config_set(cfg, "proxy.trusted", "");
	ck_assert_str_eq(serve(cfg, &c, &out, NULL), "198.51.100.7 http");
	ck_assert_ptr_null(strstr(out.p, "Strict-Transport-Security"));
	ck_assert_ptr_null(strstr(out.p, "Secure"));
	server_ctx_free(c);
	/* The same request from a trusted proxy: HTTPS, the forwarded client. */
	config_set(cfg, "proxy.trusted", "192.0.2.1, 198.51.100.0/24");
	ck_assert_str_eq(serve(cfg, &c, &out, NULL), "203.0.113.5 https");
	ck_assert_ptr_nonnull(strstr(out.p, "\r\nStrict-Transport-Security: max-age=31536000; includeSubDomains\r\n"));
	ck_assert_ptr_nonnull(strstr(out.p, "piste_test=1; Path=/; SameSite=Lax; HttpOnly; Secure"));
	/* Once. */
	const char *first = strstr(out.p, "Strict-Transport-Security");
	ck_assert_ptr_null(strstr(first + 1, "Strict-Transport-Security"));
	server_ctx_free(c);
	/* nginx's own TLS, nobody trusted: HSTS too. */
	config_set(cfg, "proxy.trusted", "");
	ck_assert_str_eq(serve(cfg, &c, &out, "on"), "198.51.100.7 https");
	ck_assert_ptr_nonnull(strstr(out.p, "Strict-Transport-Security: max-age=31536000; includeSubDomains"));
	server_ctx_free(c);
	buf_free(&out);
	config_free(cfg);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("proxy_trust");
	TCase *t = tcase_create("proxy_trust");
	tcase_add_test(t, trusted_list_matches_addresses_and_blocks);
	tcase_add_test(t, forwarded_headers_only_from_a_trusted_proxy);
	tcase_add_test(t, request_secure_cookie_and_hsts_follow_the_decision);
	suite_add_tcase(s, t);
	return s;
}

TEST_MAIN(suite)
