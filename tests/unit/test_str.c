/* Unit tests: core/str, core/money, core/config, core/arena. */
#include <string.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/money.h"
#include "core/str.h"
#include "support/testutil.h"

START_TEST(utf8_validation)
{
	ck_assert(str_utf8_valid("hello", 5));
	ck_assert(str_utf8_valid("été € 😀", strlen("été € 😀")));
	ck_assert(!str_utf8_valid("\xC3\x28", 2));         /* bad continuation */
	ck_assert(!str_utf8_valid("\xC0\xAF", 2));         /* overlong */
	ck_assert(!str_utf8_valid("\xE0\x80\xAF", 3));     /* overlong 3-byte */
	ck_assert(!str_utf8_valid("\xED\xA0\x80", 3));     /* surrogate */
	ck_assert(!str_utf8_valid("\xF4\x90\x80\x80", 4)); /* > U+10FFFF */
	ck_assert(!str_utf8_valid("\xE2\x82", 2));         /* truncated */
	ck_assert(!str_utf8_valid("a\0b", 3));             /* NUL */
	ck_assert_uint_eq(str_utf8_len("été"), 3);
	char s[] = "ééé";
	ck_assert_uint_eq(str_utf8_truncate(s, 3), 2);
	ck_assert_str_eq(s, "é");
}
END_TEST

START_TEST(url_decoding)
{
	struct arena a;
	arena_init(&a, 0);
	size_t n;
	ck_assert_str_eq(str_url_decode(&a, "a+b%20c", 7, true, &n), "a b c");
	ck_assert_str_eq(str_url_decode(&a, "a+b", 3, false, &n), "a+b");
	ck_assert_str_eq(str_url_decode(&a, "%C3%A9", 6, true, &n), "é");
	ck_assert_ptr_null(str_url_decode(&a, "%zz", 3, true, &n));
	ck_assert_ptr_null(str_url_decode(&a, "%4", 2, true, &n));
	ck_assert_ptr_null(str_url_decode(&a, "abc%", 4, true, &n));
	ck_assert_str_eq(str_url_encode(&a, "a b/é?"), "a%20b%2F%C3%A9%3F");
	arena_free(&a);
}
END_TEST

START_TEST(email_syntax)
{
	ck_assert(str_email_valid("jean.dupont@example.fr"));
	ck_assert(str_email_valid("a+tag@sub.example.co.uk"));
	ck_assert(!str_email_valid("no-at.example.com"));
	ck_assert(!str_email_valid("two@@example.com"));
	ck_assert(!str_email_valid("a@b"));
	ck_assert(!str_email_valid("a b@example.com"));
	ck_assert(!str_email_valid("<a@example.com>"));
	ck_assert(!str_email_valid("a@example..com"));
	ck_assert(!str_email_valid("@example.com"));
	ck_assert(!str_email_valid(NULL));
}
END_TEST

START_TEST(integers_and_trim)
{
	int64_t v;
	ck_assert(str_to_i64("42", &v) && v == 42);
	ck_assert(str_to_i64("-7", &v) && v == -7);
	ck_assert(!str_to_i64("4x", &v));
	ck_assert(!str_to_i64("", &v));
	ck_assert(!str_to_i64(" 4", &v));
	ck_assert(!str_to_i64("99999999999999999999", &v));
	char s[] = "  hi there \n";
	ck_assert_str_eq(str_trim(s), "hi there");
	ck_assert(str_empty("  \t"));
	ck_assert(!str_empty(" x"));
}
END_TEST

START_TEST(money_parse_and_format)
{
	int64_t c;
	ck_assert(money_parse("1234", &c) && c == 123400);
	ck_assert(money_parse("1234.5", &c) && c == 123450);
	ck_assert(money_parse("1 234,56", &c) && c == 123456);
	ck_assert(money_parse("1,234.56", &c) && c == 123456);
	ck_assert(money_parse("1.234,56", &c) && c == 123456);
	ck_assert(money_parse("-0.01", &c) && c == -1);
	ck_assert(money_parse("12,3", &c) && c == 1230);
	ck_assert(money_parse("1,234", &c) && c == 123400);
	ck_assert(!money_parse("1.234", &c)); /* ambiguous */
	ck_assert(!money_parse("12.345", &c));
	ck_assert(!money_parse("abc", &c));
	ck_assert(!money_parse("", &c));
	ck_assert(!money_parse("1e5", &c));
	char b[64];
	money_format(123456789, "fr", b, sizeof b);
	ck_assert_str_eq(b, "1\xE2\x80\xAF" "234\xE2\x80\xAF" "567,89\xC2\xA0\xE2\x82\xAC");
	money_format(123456789, "en", b, sizeof b);
	ck_assert_str_eq(b, "\xE2\x82\xAC" "1,234,567.89");
	money_format(-5, "en", b, sizeof b);
	ck_assert_str_eq(b, "-\xE2\x82\xAC" "0.05");
	money_to_decimal(-123456, b, sizeof b);
	ck_assert_str_eq(b, "-1234.56");
	ck_assert_int_eq(money_div_round(5, 10), 1);
	ck_assert_int_eq(money_div_round(4, 10), 0);
	ck_assert_int_eq(money_div_round(-5, 10), -1);
	ck_assert_int_eq(money_div_round(15, 10), 2);
}
END_TEST

START_TEST(config_file_and_env)
{
	struct config *c = config_new_defaults();
	int bad = 0;
	ck_assert_int_eq(config_parse(c, "# comment\n db.name = shop \ncompany.address = \"a\\nb\"\n", &bad), 0);
	ck_assert_str_eq(config_get(c, "db.name"), "shop");
	ck_assert_str_eq(config_get(c, "company.address"), "a\nb");
	ck_assert_int_eq(config_parse(c, "ok = 1\nnot a line\n", &bad), -1);
	ck_assert_int_eq(bad, 2);
	ck_assert_int_eq(config_parse(c, "bad key! = 1\n", &bad), -1);
	ck_assert_int_eq(config_int(c, "port", 0), 8080);
	ck_assert_str_eq(config_get(c, "missing"), "");
	config_free(c);
	setenv("PISTE_DB_SOCKET", "/tmp/x.sock", 1);
	setenv("PISTE_COMPANY_NAME", "ACME", 1);
	char eb[128];
	c = config_load(eb, sizeof eb);
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(config_get(c, "db.socket"), "/tmp/x.sock");
	ck_assert_str_eq(config_get(c, "company.name"), "ACME");
	config_free(c);
}
END_TEST

START_TEST(arena_many_allocations)
{
	struct arena a;
	arena_init(&a, 1024);
	for (int i = 0; i < 10000; i++) {
		char *p = arena_printf(&a, "item %d", i);
		ck_assert_str_eq(p, arena_printf(&a, "item %d", i));
	}
	void *big = arena_alloc(&a, 100000);
	memset(big, 1, 100000);
	arena_reset(&a);
	ck_assert_uint_eq(a.total, 0);
	arena_free(&a);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("core");
	TCase *t = tcase_create("core");
	tcase_add_test(t, utf8_validation);
	tcase_add_test(t, url_decoding);
	tcase_add_test(t, email_syntax);
	tcase_add_test(t, integers_and_trim);
	tcase_add_test(t, money_parse_and_format);
	tcase_add_test(t, config_file_and_env);
	tcase_add_test(t, arena_many_allocations);
	suite_add_tcase(s, t);
	return s;
}

TEST_MAIN(suite)
