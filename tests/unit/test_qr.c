/* Unit tests: QR codes (crm/qr) decode back to their text with a real
 * decoder (zbarimg): the PNG, and the SVG the portal shows (rasterised with
 * rsvg-convert). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "crm/qr.h"
#include "support/testutil.h"

static const char *URL = "https://crm.example.com/my/quotes/42?token=Zx9_kR-2vQpL0mN8sT4uW6yA1cE3gI5oK7qS9uX0zB2";

static char *decode(const char *png)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "zbarimg -q --raw -Sdisable -Sqrcode.enable %s 2>/dev/null", png);
	FILE *p = popen(cmd, "r");
	static char out[512];
	out[0] = '\0';
	if (p) {
		if (!fgets(out, sizeof out, p))
			out[0] = '\0';
		pclose(p);
	}
	out[strcspn(out, "\n")] = '\0';
	return out;
}

START_TEST(png_decodes_to_the_text)
{
	struct buf b;
	buf_init(&b);
	ck_assert_int_eq(qr_png(URL, 6, &b), 0);
	ck_assert(b.len > 100 && memcmp(b.p, "\x89PNG", 4) == 0);
	char path[] = "/tmp/piste-qr-XXXXXX";
	int fd = mkstemp(path);
	ck_assert(fd >= 0 && write(fd, b.p, b.len) == (ssize_t)b.len);
	close(fd);
	ck_assert_str_eq(decode(path), URL);
	unlink(path);
	buf_free(&b);
	ck_assert_int_eq(qr_png("", 4, &b), -1);
}
END_TEST

START_TEST(svg_is_clean_markup_and_decodes)
{
	struct arena a;
	arena_init(&a, 0);
	char *svg = qr_svg(&a, URL, 240);
	ck_assert_ptr_nonnull(svg);
	ck_assert(strncmp(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39) == 0);
	ck_assert(strstr(svg, "width=\"240\"") && strstr(svg, "shape-rendering=\"crispEdges\""));
	ck_assert(!strstr(svg, "<script") && !strstr(svg, URL)); /* no text of the URL in the markup */
	char svgp[] = "/tmp/piste-qrsvg-XXXXXX", cmd[256];
	int fd = mkstemp(svgp);
	ck_assert(fd >= 0 && write(fd, svg, strlen(svg)) == (ssize_t)strlen(svg));
	close(fd);
	snprintf(cmd, sizeof cmd, "rsvg-convert -o %s.png %s", svgp, svgp);
	ck_assert_int_eq(system(cmd), 0);
	char png[64];
	snprintf(png, sizeof png, "%s.png", svgp);
	ck_assert_str_eq(decode(png), URL);
	unlink(svgp);
	unlink(png);
	ck_assert_ptr_null(qr_svg(&a, "", 0));
	arena_free(&a);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("qr");
	TCase *t = tcase_create("qr");
	tcase_add_test(t, png_decodes_to_the_text);
	tcase_add_test(t, svg_is_clean_markup_and_decodes);
	suite_add_tcase(s, t);
	return s;
}

TEST_MAIN(suite)
