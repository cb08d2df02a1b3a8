/* Unit tests: the contact form's parsing and validation (SPEC I1, I3), the
 * visitor's language, allowed origins (I2) and the spool form of a
 * submission (I4). No database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "crm/intake.h"
#include "support/testutil.h"

static struct arena a;

static void setup(void)
{
	arena_init(&a, 0);
	test_config();
}

static void teardown(void)
{
	arena_free(&a);
}

#define KV(...) ((struct intake_kv[]){__VA_ARGS__})
#define N(arr) (sizeof(arr) / sizeof(arr[0]))

static int parse(const struct intake_kv *kv, size_t n, struct intake_form *f, struct err_info *errs,
		 size_t *nerr)
{
	return intake_form_parse(&a, kv, n, NULL, 0, f, errs, 8, nerr);
}

static const char *err_for(const struct err_info *errs, size_t n, const char *field)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(errs[i].field, field) == 0)
			return errs[i].key;
	return NULL;
}

START_TEST(valid_submission_with_defaults)
{
	struct intake_kv kv[] = {{"contact_name", "  Zoé Martin "}, {"email", "zoe@example.fr"},
				 {"description", "Bonjour,\nje voudrais un devis pour 12 postes.\nMerci"},
				 {"phone", "+33 6 12 34 56 78"}, {"partner_name", "Atelier Zoé"},
				 {"consent", "on"}, {"form_token", "x"}, {"homepage", ""}};
	struct intake_form f;
	struct err_info errs[8];
	size_t nerr;
	ck_assert_int_eq(parse(kv, N(kv), &f, errs, &nerr), 0);
	ck_assert_uint_eq(nerr, 0);
	ck_assert_str_eq(f.contact_name, "Zoé Martin");
	ck_assert_str_eq(f.email, "zoe@example.fr");
	ck_assert_str_eq(f.partner_name, "Atelier Zoé");
	/* No subject: the first line of the message. */
	ck_assert_str_eq(f.name, "Bonjour,");
	ck_assert(f.consent);
	ck_assert_ptr_null(f.extra); /* control fields are not "unknown" */
	ck_assert_uint_eq(strlen(f.key), INTAKE_KEY_LEN);
	ck_assert(f.submitted_at > 0);
}
END_TEST

START_TEST(every_validation_error_names_its_field)
{
	struct intake_kv kv[] = {{"email", "not an address"}, {"phone", "call me maybe"},
				 {"name", "line\001break"}};
	struct intake_form f;
	struct err_info errs[8];
	size_t nerr;
	ck_assert_int_eq(parse(kv, N(kv), &f, errs, &nerr), ERR_INVALID);
	ck_assert_str_eq(err_for(errs, nerr, "contact_name"), "Required");
	ck_assert_str_eq(err_for(errs, nerr, "description"), "Required");
	ck_assert_str_eq(err_for(errs, nerr, "email"), "BadEmail");
	ck_assert_str_eq(err_for(errs, nerr, "phone"), "IntakeBadPhone");
	ck_assert_str_eq(err_for(errs, nerr, "name"), "BadChars");
	ck_assert_uint_eq(nerr, 5);
	/* Empty after trimming is missing too. */
	struct intake_kv kv2[] = {{"contact_name", "   "}, {"email", "a@b.fr"}, {"description", "x"}};
	ck_assert_int_eq(parse(kv2, N(kv2), &f, errs, &nerr), ERR_INVALID);
	ck_assert_str_eq(errs[0].field, "contact_name");
}
END_TEST

START_TEST(too_long_is_413_not_422)
{
	char *big = malloc(INTAKE_MESSAGE_MAX + 2);
	memset(big, 'x', INTAKE_MESSAGE_MAX + 1);
	big[INTAKE_MESSAGE_MAX + 1] = '\0';
	struct intake_kv kv[] = {{"contact_name", "A"}, {"email", "a@b.fr"}, {"description", big}};
	struct intake_form f;
	struct err_info errs[8];
	size_t nerr;
	ck_assert_int_eq(parse(kv, N(kv), &f, errs, &nerr), ERR_TOOBIG);
	ck_assert_str_eq(errs[0].field, "description");
	ck_assert_str_eq(errs[0].key, "IntakeTooLong");
	/* Exactly at the limit (in characters, not bytes) is fine. */
	big[INTAKE_MESSAGE_MAX] = '\0';
	ck_assert_int_eq(parse(kv, N(kv), &f, errs, &nerr), 0);
	free(big);
	/* 255 two-byte characters fit a 255-character name. */
	char name[600] = "";
	for (int i = 0; i < 255; i++)
		strcat(name, "é");
	struct intake_kv kv2[] = {{"contact_name", name}, {"email", "a@b.fr"}, {"description", "m"}};
	ck_assert_int_eq(parse(kv2, N(kv2), &f, errs, &nerr), 0);
	strcat(name, "é");
	ck_assert_int_eq(parse(kv2, N(kv2), &f, errs, &nerr), ERR_TOOBIG);
}
END_TEST

START_TEST(unknown_fields_are_appended_as_label_value)
{
	struct intake_kv kv[] = {{"contact_name", "A"}, {"email", "a@b.fr"}, {"description", "Hello"},
				 {"budget", " 5000 € "}, {"employees", "12"}, {"budget", "ignored"},
				 {"empty", "  "}, {"_gotcha", "x"}, {"multi", "two\nlines"}};
	struct intake_form f;
	struct err_info errs[8];
	size_t nerr;
	ck_assert_int_eq(parse(kv, N(kv), &f, errs, &nerr), 0);
	ck_assert_str_eq(f.extra, "budget: 5000 €\nemployees: 12\nmulti: two lines");
	ck_assert_str_eq(f.description, "Hello");
	/* Too many unknown fields: refused, not silently dropped. */
	struct intake_kv many[40];
	many[0] = (struct intake_kv){"contact_name", "A"};
	many[1] = (struct intake_kv){"email", "a@b.fr"};
	many[2] = (struct intake_kv){"description", "m"};
	for (int i = 3; i < 40; i++)
		many[i] = (struct intake_kv){arena_printf(&a, "f%d", i), "v"};
	ck_assert_int_eq(parse(many, 40, &f, errs, &nerr), ERR_TOOBIG);
}
END_TEST

START_TEST(utm_from_form_or_page_query_and_key_reuse)
{
	struct intake_kv kv[] = {{"contact_name", "A"}, {"email", "a@b.fr"}, {"description", "m"},
				 {"utm_source", "newsletter"},
				 {"submission_key", "abcdefghijABCDEFGHIJ0123456789-_abcdefghijk"}};
	struct intake_kv q[] = {{"utm_source", "google"}, {"utm_campaign", "spring"}};
	struct intake_form f;
	struct err_info errs[8];
	size_t nerr;
	ck_assert_int_eq(intake_form_parse(&a, kv, N(kv), q, N(q), &f, errs, 8, &nerr), 0);
	ck_assert_str_eq(f.utm_source, "newsletter"); /* the form wins */
	ck_assert_str_eq(f.utm_campaign, "spring");   /* else the page's query string */
	ck_assert_ptr_null(f.utm_medium);
	ck_assert_str_eq(f.key, "abcdefghijABCDEFGHIJ0123456789-_abcdefghijk");
	/* A malformed key is replaced by a fresh one. */
	kv[4].val = "short";
	ck_assert_int_eq(intake_form_parse(&a, kv, N(kv), q, N(q), &f, errs, 8, &nerr), 0);
	ck_assert_str_ne(f.key, "short");
	ck_assert_uint_eq(strlen(f.key), INTAKE_KEY_LEN);
}
END_TEST

START_TEST(hostile_values_are_kept_verbatim)
{
	const char *xss = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>";
	const char *sql = "Robert'); DROP TABLE crm_lead;-- \\ %";
	struct intake_kv kv[] = {{"contact_name", sql}, {"email", "a@b.fr"}, {"description", xss},
				 {"name", xss}};
	struct intake_form f;
	struct err_info errs[8];
	size_t nerr;
	ck_assert_int_eq(parse(kv, N(kv), &f, errs, &nerr), 0);
	ck_assert_str_eq(f.contact_name, sql);
	ck_assert_str_eq(f.description, xss);
	ck_assert_str_eq(f.name, xss);
}
END_TEST

START_TEST(visitor_language)
{
	ck_assert_str_eq(intake_visitor_lang(&a, "fr-CA,fr;q=0.9,en;q=0.5"), "fr");
	ck_assert_str_eq(intake_visitor_lang(&a, "en-US;q=0.4, de;q=0.8"), "de");
	ck_assert_str_eq(intake_visitor_lang(&a, "PT_br"), "pt");
	ck_assert_ptr_null(intake_visitor_lang(&a, "*"));
	ck_assert_ptr_null(intake_visitor_lang(&a, NULL));
	ck_assert_ptr_null(intake_visitor_lang(&a, "x-klingon-long"));
}
END_TEST

START_TEST(origins)
{
	ck_assert_str_eq(intake_origin_normalize(&a, "HTTPS://WWW.Example.com:443/contact?x"),
			 "https://www.example.com");
	ck_assert_str_eq(intake_origin_normalize(&a, "http://shop.example:8080"), "http://shop.example:8080");
	ck_assert_str_eq(intake_origin_normalize(&a, "http://[::1]:80/"), "http://[::1]");
	ck_assert_ptr_null(intake_origin_normalize(&a, "javascript:alert(1)"));
	ck_assert_ptr_null(intake_origin_normalize(&a, "https://user@evil.example"));
	ck_assert_ptr_null(intake_origin_normalize(&a, "https://exa mple.com"));
	ck_assert_ptr_null(intake_origin_normalize(&a, "https://x.com:99999"));
	ck_assert_ptr_null(intake_origin_normalize(&a, "null"));
	struct intake_settings s;
	intake_settings_defaults(&s);
	strcpy(s.origins, "https://www.example.com\nhttp://shop.example:8080");
	ck_assert(intake_origin_allowed(&a, &s, "", "https://www.example.com"));
	ck_assert(intake_origin_allowed(&a, &s, "", "https://www.example.com/merci"));
	ck_assert(intake_origin_allowed(&a, &s, "", "http://shop.example:8080"));
	ck_assert(!intake_origin_allowed(&a, &s, "", "http://www.example.com"));   /* scheme */
	ck_assert(!intake_origin_allowed(&a, &s, "", "https://evil.example.com"));
	ck_assert(!intake_origin_allowed(&a, &s, "", "https://www.example.com.evil.io"));
	ck_assert(!intake_origin_allowed(&a, &s, "", "null"));
	/* The configuration's list adds to the settings'. */
	ck_assert(intake_origin_allowed(&a, &s, "https://a.example, https://b.example", "https://b.example"));
}
END_TEST

START_TEST(spool_json_round_trip)
{
	struct intake_kv kv[] = {{"contact_name", "Zoé \"Z\""}, {"email", "z@b.fr"},
				 {"description", "l1\nl2"}, {"x", "y"}, {"consent", "1"}};
	struct intake_form f, g;
	struct err_info errs[8];
	size_t nerr;
	ck_assert_int_eq(parse(kv, N(kv), &f, errs, &nerr), 0);
	f.lang = "fr";
	f.ip = "2001:db8::1";
	f.consent_version = "v2";
	char *j = intake_form_to_json(&f);
	ck_assert_int_eq(intake_form_from_json(&a, j, strlen(j), &g), 0);
	free(j);
	ck_assert_str_eq(g.contact_name, f.contact_name);
	ck_assert_str_eq(g.description, "l1\nl2");
	ck_assert_str_eq(g.extra, "x: y");
	ck_assert_str_eq(g.key, f.key);
	ck_assert_str_eq(g.ip, "2001:db8::1");
	ck_assert_str_eq(g.consent_version, "v2");
	ck_assert(g.consent);
	ck_assert_int_eq(g.submitted_at, f.submitted_at);
	ck_assert_ptr_null(g.phone);
	ck_assert_int_eq(intake_form_from_json(&a, "{\"v\":1}", 7, &g), ERR_INVALID);
	ck_assert_int_eq(intake_form_from_json(&a, "garbage", 7, &g), ERR_INVALID);
}
END_TEST

START_TEST(form_token_has_a_nonce_and_a_signature)
{
	char t1[INTAKE_TOKEN_LEN], t2[INTAKE_TOKEN_LEN], h1[65], h2[65];
	intake_token_sign("secret", 1000, t1);
	intake_token_sign("secret", 1000, t2);
	/* Same second, different tokens (and hashes: used once each). */
	ck_assert_str_ne(t1, t2);
	ck_assert(strncmp(t1, "1000.", 5) == 0 && strchr(t1 + 5, '.'));
	ck_assert_int_eq(intake_token_check("secret", t1, 1010, 3, 86400, h1), 0);
	ck_assert_int_eq(intake_token_check("secret", t2, 1010, 3, 86400, h2), 0);
	ck_assert_uint_eq(strlen(h1), 64);
	ck_assert_str_ne(h1, h2);
	ck_assert_int_eq(intake_token_check("secret", t1, 1001, 3, 86400, NULL), ERR_INVALID);
	ck_assert_int_eq(intake_token_check("secret", t1, 1000 + 86401, 3, 86400, NULL), ERR_GONE);
	/* A month-old token is refused whatever the setting says. */
	ck_assert_int_eq(intake_token_check("secret", t1, 1000 + 40 * 86400, 3, 365 * 86400, NULL), ERR_GONE);
	ck_assert_int_eq(intake_token_check("other", t1, 1010, 3, 86400, NULL), ERR_FORBIDDEN);
	/* Another nonce or time under the same MAC is a forgery. */
	char forged[INTAKE_TOKEN_LEN];
	snprintf(forged, sizeof forged, "%s", t1);
	forged[6] = forged[6] == 'A' ? 'B' : 'A';
	ck_assert_int_eq(intake_token_check("secret", forged, 1010, 3, 86400, NULL), ERR_FORBIDDEN);
	snprintf(forged, sizeof forged, "1001%s", t1 + 4);
	ck_assert_int_eq(intake_token_check("secret", forged, 1010, 3, 86400, NULL), ERR_FORBIDDEN);
	/* The former format (time.mac) and junk. */
	const char *mac = strrchr(t1, '.') + 1;
	snprintf(forged, sizeof forged, "1000.%s", mac);
	ck_assert_int_eq(intake_token_check("secret", forged, 1010, 3, 86400, NULL), ERR_FORBIDDEN);
	ck_assert_int_eq(intake_token_check("secret", NULL, 1010, 3, 86400, NULL), ERR_FORBIDDEN);
	ck_assert_int_eq(intake_token_check("secret", "", 1010, 3, 86400, NULL), ERR_FORBIDDEN);
	ck_assert_int_eq(intake_token_check("secret", "1000..x", 1010, 3, 86400, NULL), ERR_FORBIDDEN);
	ck_assert_int_eq(intake_token_check("secret", "a.b.c", 1010, 3, 86400, NULL), ERR_FORBIDDEN);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("intake_form");
	TCase *t = tcase_create("form");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, valid_submission_with_defaults);
	tcase_add_test(t, every_validation_error_names_its_field);
	tcase_add_test(t, too_long_is_413_not_422);
	tcase_add_test(t, unknown_fields_are_appended_as_label_value);
	tcase_add_test(t, utm_from_form_or_page_query_and_key_reuse);
	tcase_add_test(t, hostile_values_are_kept_verbatim);
	tcase_add_test(t, visitor_language);
	tcase_add_test(t, origins);
	tcase_add_test(t, spool_json_round_trip);
	tcase_add_test(t, form_token_has_a_nonce_and_a_signature);
	suite_add_tcase(s, t);
	return s;
}

TEST_MAIN(suite)
