/* Unit tests: HTML from e-mails made safe (SPEC I5): the allow-list keeps
 * formatting and http(s)/mailto links, drops every script vector. */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "crm/sanitize.h"
#include "support/testutil.h"

static struct arena a;

static void setup(void)
{
	arena_init(&a, 0);
}

static void teardown(void)
{
	arena_free(&a);
}

static const char *clean(const char *html)
{
	return sanitize_html(&a, html, strlen(html));
}

START_TEST(keeps_formatting)
{
	ck_assert_str_eq(clean("<p>Hello <b>bold</b> <i>it</i><br>line</p>"),
			 "<p>Hello <b>bold</b> <i>it</i><br>line</p>");
	ck_assert_str_eq(clean("<ul><li>one<li>two</ul>"), "<ul><li>one</li><li>two</li></ul>");
	ck_assert_str_eq(clean("<table><tr><td colspan=\"2\" style=\"x\">c</td></tr></table>"),
			 "<table><tbody><tr><td colspan=\"2\">c</td></tr></tbody></table>");
	/* Text is escaped on the way out. */
	ck_assert_str_eq(clean("a &lt; b &amp; \"c\""), "a &lt; b &amp; &quot;c&quot;");
}
END_TEST

START_TEST(links_only_http_https_mailto)
{
	ck_assert_str_eq(clean("<a href=\"https://ex.com/?a=1&amp;b=2\">x</a>"),
			 "<a href=\"https://ex.com/?a=1&amp;b=2\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">x</a>");
	ck_assert_str_eq(clean("<a href=\"mailto:a@b.fr\">m</a>"),
			 "<a href=\"mailto:a@b.fr\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">m</a>");
	ck_assert_str_eq(clean("<a href=\"javascript:alert(1)\">x</a>"), "<a>x</a>");
	ck_assert_str_eq(clean("<a href=\" JaVaScRiPt:alert(1)\">x</a>"), "<a>x</a>");
	ck_assert_str_eq(clean("<a href=\"java&#x09;script:alert(1)\">x</a>"), "<a>x</a>");
	ck_assert_str_eq(clean("<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>"), "<a>x</a>");
	ck_assert_str_eq(clean("<a href=\"/crm/leads/1/delete\">x</a>"), "<a>x</a>");
	ck_assert_str_eq(clean("<a href=\"https://ok\" onclick=\"evil()\">x</a>"),
			 "<a href=\"https://ok\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">x</a>");
}
END_TEST

START_TEST(drops_script_vectors)
{
	const char *vectors[] = {
		"<script>alert(1)</script>",
		"<img src=x onerror=alert(1)>",
		"<svg onload=alert(1)><script>alert(1)</script></svg>",
		"<iframe src=\"javascript:alert(1)\"></iframe>",
		"<style>body{background:url(javascript:alert(1))}</style>",
		"<body onload=alert(1)>",
		"<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
		"<object data=\"x.swf\"></object><embed src=x>",
		"<form action=\"https://evil\"><input name=p></form>",
		"<div style=\"background:url(javascript:alert(1))\">t</div>",
		"<scr<script>ipt>alert(1)</script>",
		"<!--<script>alert(1)</script>-->",
		"<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
		"<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
		"<base href=\"javascript:alert(1)//\">",
		"<template><script>alert(1)</script></template>",
		"<p onmouseover=\"alert(1)\">hover</p>",
		"<a href=\"jav\tascript:alert(1)\">t</a>",
		"<textarea><script>alert(1)</script></textarea>",
		"<xmp><script>alert(1)</script></xmp>",
	};
	for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
		const char *out = clean(vectors[i]);
		ck_assert_msg(!strcasestr(out, "<script"), "%s -> %s", vectors[i], out);
		ck_assert_msg(!strcasestr(out, "onerror") || strstr(out, "&lt;"), "%s -> %s", vectors[i], out);
		ck_assert_msg(!strcasestr(out, "onload="), "%s -> %s", vectors[i], out);
		ck_assert_msg(!strcasestr(out, "onmouseover="), "%s -> %s", vectors[i], out);
		ck_assert_msg(!strcasestr(out, "href=\"jav"), "%s -> %s", vectors[i], out);
		ck_assert_msg(!strcasestr(out, "<iframe") && !strcasestr(out, "<img") &&
				      !strcasestr(out, "<svg") && !strcasestr(out, "<style") &&
				      !strcasestr(out, "<meta") && !strcasestr(out, "<base") &&
				      !strcasestr(out, "<form") && !strcasestr(out, "style="),
			      "%s -> %s", vectors[i], out);
	}
	/* Unknown tags are unwrapped, their text kept; image alt text kept. */
	ck_assert_str_eq(clean("<font color=red>red</font> <img alt=\"logo\" src=x>"), "red [logo]");
}
END_TEST

START_TEST(hostile_structure)
{
	/* Very deep nesting: no stack overflow in our walker. */
	size_t depth = SANITIZE_MAX_INPUT / 5 + 1000; /* the worst the input cap allows */
	char *s = malloc(depth * 5 + 16);
	char *p = s;
	for (size_t i = 0; i < depth; i++) {
		memcpy(p, "<div>", 5);
		p += 5;
	}
	strcpy(p, "deep");
	const char *out = sanitize_html(&a, s, strlen(s));
	/* Cut where it becomes absurd, quickly, the start kept. */
	ck_assert_ptr_nonnull(strstr(out, "<div><div>"));
	free(s);
	/* Invalid UTF-8 and NUL bytes come out as valid UTF-8. */
	const char bad[] = "caf\xe9 \xff\xfe <b>x</b>\0after";
	out = sanitize_html(&a, bad, sizeof bad - 1);
	ck_assert(str_utf8_valid(out, strlen(out)));
	ck_assert_str_eq(sanitize_html(&a, NULL, 0), "");
	/* Text extraction (summaries). */
	ck_assert_str_eq(sanitize_html_text(&a, "<p>Hello<br>world</p><script>x</script>", 38),
			 "Hello\nworld");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("sanitize");
	TCase *t = tcase_create("sanitize");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, keeps_formatting);
	tcase_add_test(t, links_only_http_https_mailto);
	tcase_add_test(t, drops_script_vectors);
	tcase_add_test(t, hostile_structure);
	suite_add_tcase(s, t);
	return s;
}

TEST_MAIN(suite)
