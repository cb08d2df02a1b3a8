/* Unit tests: quotation money (exact cents, the table of SPEC Q3 cases),
 * fixed-point parsing and formatting, and the PDF generator on a synthetic
 * document (valid, deterministic, paginated). */
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "crm/pdf.h"
#include "crm/quote.h"
#include "support/testutil.h"

#define T20 {1, 200000, false}
#define T10 {2, 100000, false}
#define T55 {3, 55000, false}
#define T20I {4, 200000, true}
#define T55I {5, 55000, true}

static const struct {
	const char *what;
	int64_t qty_e3, price, disc_e2;
	struct quote_tax taxes[3];
	size_t ntax;
	int64_t subtotal, tax, total;
} cases[] = {
	{"1 x 100.00, 20 %", 1000, 10000, 0, {T20}, 1, 10000, 2000, 12000},
	{"3 x 19.99, 20 %", 3000, 1999, 0, {T20}, 1, 5997, 1199, 7196},
	{"100 % discount", 1000, 1000, 10000, {T20}, 1, 0, 0, 0},
	{"0 % discount, no tax", 2000, 4550, 0, {{0}}, 0, 9100, 0, 9100},
	{"2.5 x 33.33 - 15 %, 20 %", 2500, 3333, 1500, {T20}, 1, 7083, 1417, 8500},
	{"120.00 tax included 20 %", 1000, 12000, 0, {T20I}, 1, 10000, 2000, 12000},
	{"10.00 tax included 20 %", 1000, 1000, 0, {T20I}, 1, 833, 167, 1000},
	{"3 x 4.99 tax included 5.5 %", 3000, 499, 0, {T55I}, 1, 1419, 78, 1497},
	{"included 20 % + excluded 10 %", 1000, 12000, 0, {T20I, T10}, 2, 10000, 3000, 13000},
	{"large: 1,000,000 x 12,345.67 - 12.5 %", 1000000000, 1234567, 1250, {T20}, 1, 1080246125000LL,
	 216049225000LL, 1296295350000LL},
	{"half-up: 0.05 - 50 % = 2.5 cents", 1000, 5, 5000, {T20}, 1, 3, 1, 4},
	{"12.34 with 5.5 % (67.87 -> 68)", 1000, 1234, 0, {T55}, 1, 1234, 68, 1302},
	{"two taxes 20 % + 5.5 % on 100.01", 1000, 10001, 0, {T20, T55}, 2, 10001, 2550, 12551},
	{"negative price (rebate line)", 1000, -1000, 0, {T20}, 1, -1000, -200, -1200},
	{"quantity 0", 0, 99999, 0, {T20}, 1, 0, 0, 0},
	{"0.001 x 999.99", 1, 99999, 0, {T20}, 1, 100, 20, 120},
	{"7 x 0.99 - 33.33 %", 7000, 99, 3333, {T10}, 1, 462, 46, 508},
};

START_TEST(line_amounts_are_exact)
{
	struct quote_amounts a;
	int64_t per[3];
	int rc = quote_line_compute(cases[_i].qty_e3, cases[_i].price, cases[_i].disc_e2, cases[_i].taxes,
				    cases[_i].ntax, &a, per);
	ck_assert_msg(rc == 0, "%s: rc %d", cases[_i].what, rc);
	ck_assert_msg(a.subtotal == cases[_i].subtotal && a.tax == cases[_i].tax && a.total == cases[_i].total,
		      "%s: got %lld/%lld/%lld, want %lld/%lld/%lld", cases[_i].what, (long long)a.subtotal,
		      (long long)a.tax, (long long)a.total, (long long)cases[_i].subtotal,
		      (long long)cases[_i].tax, (long long)cases[_i].total);
	int64_t sum = 0;
	for (size_t k = 0; k < cases[_i].ntax; k++)
		sum += per[k];
	ck_assert_int_eq(sum, a.tax);
}
END_TEST

START_TEST(bad_inputs_are_refused)
{
	struct quote_amounts a;
	struct quote_tax t = T20;
	ck_assert_int_eq(quote_line_compute(-1000, 100, 0, &t, 1, &a, NULL), ERR_INVALID);
	ck_assert_int_eq(quote_line_compute(1000, 100, 15000, &t, 1, &a, NULL), ERR_INVALID);
	ck_assert_int_eq(quote_line_compute(1000, 100, -1, &t, 1, &a, NULL), ERR_INVALID);
	ck_assert_int_eq(quote_line_compute(QUOTE_QTY_MAX_E3 + 1, 100, 0, &t, 1, &a, NULL), ERR_INVALID);
	/* 10^9 units at 10^11 euros does not fit DECIMAL(15,2): refused, not wrapped. */
	ck_assert_int_eq(quote_line_compute(QUOTE_QTY_MAX_E3, 9000000000000LL, 0, &t, 1, &a, NULL), ERR_INVALID);
	struct quote_tax bad = {9, 1000001, false};
	ck_assert_int_eq(quote_line_compute(1000, 100, 0, &bad, 1, &a, NULL), ERR_INVALID);
}
END_TEST

START_TEST(many_lines_round_tax_per_line)
{
	/* 1000 lines of 0.01 with 20 %: the tax of each line rounds to 0, so
	 * the quotation's tax is 0 (per-line rounding, then sum). */
	struct quote_tax t = T20;
	int64_t untaxed = 0, tax = 0;
	for (int i = 0; i < 1000; i++) {
		struct quote_amounts a;
		ck_assert_int_eq(quote_line_compute(1000, 1, 0, &t, 1, &a, NULL), 0);
		untaxed += a.subtotal;
		tax += a.tax;
	}
	ck_assert_int_eq(untaxed, 1000);
	ck_assert_int_eq(tax, 0);
	/* 100 lines of 3 x 3.33 with 5.5 %: 999 + 55 each. */
	struct quote_tax t55 = T55;
	untaxed = tax = 0;
	for (int i = 0; i < 100; i++) {
		struct quote_amounts a;
		ck_assert_int_eq(quote_line_compute(3000, 333, 0, &t55, 1, &a, NULL), 0);
		untaxed += a.subtotal;
		tax += a.tax;
	}
	ck_assert_int_eq(untaxed, 99900);
	ck_assert_int_eq(tax, 5500);
	ck_assert_int_eq(untaxed + tax, 105400);
}
END_TEST

START_TEST(fixed_point_parse_and_format)
{
	int64_t v;
	ck_assert(quote_parse_fixed("1.5", 3, &v) && v == 1500);
	ck_assert(quote_parse_fixed("1,5", 3, &v) && v == 1500);
	ck_assert(quote_parse_fixed(" 12 ", 2, &v) && v == 1200);
	ck_assert(quote_parse_fixed("-2", 3, &v) && v == -2000);
	ck_assert(quote_parse_fixed("12.25", 2, &v) && v == 1225);
	ck_assert(!quote_parse_fixed("1.2345", 3, &v));
	ck_assert(!quote_parse_fixed("abc", 3, &v));
	ck_assert(!quote_parse_fixed("", 3, &v));
	ck_assert(!quote_parse_fixed("1.", 3, &v));
	ck_assert(!quote_parse_fixed(".5", 3, &v));
	ck_assert(!quote_parse_fixed("1 000", 3, &v));
	ck_assert(!quote_parse_fixed("99999999999999999999", 3, &v));
	char b[32];
	quote_format_fixed(1500, 3, "en", b, sizeof b);
	ck_assert_str_eq(b, "1.5");
	quote_format_fixed(1500, 3, "fr", b, sizeof b);
	ck_assert_str_eq(b, "1,5");
	quote_format_fixed(2000, 3, "en", b, sizeof b);
	ck_assert_str_eq(b, "2");
	quote_format_fixed(1250, 2, "en", b, sizeof b);
	ck_assert_str_eq(b, "12.5");
	quote_format_fixed(-1, 3, "en", b, sizeof b);
	ck_assert_str_eq(b, "-0.001");
}
END_TEST

static struct pdf_quote sample(struct pdf_line *lines, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		lines[i] = (struct pdf_line){"line", "SRV", "Audit de sécurité — prestation sur site avec rapport détaillé et "
					     "recommandations, une journée", 1500, "Day", 95000, i % 3 ? 0 : 1000, 128250,
					     "TVA 20 %"};
		if (i % 10 == 0)
			lines[i].type = "section", lines[i].name = "Section été";
	}
	static const struct pdf_tax_total tt[] = {{"TVA 20 %", 12345}};
	struct pdf_quote q = {0};
	q.lang = "fr";
	q.company_name = "Piste Démo SARL";
	q.company_address = "12 rue des Lilas\n69001 Lyon";
	q.number = "S00042";
	q.state = "draft";
	q.date_order = "2026-01-15";
	q.validity_date = "2026-02-14";
	q.customer_name = "Boulangerie Lumière";
	q.customer_address = "Zoé Mercier\n3 place Bellecour\n69002 Lyon";
	q.salesperson = "Chloé Garcia";
	q.lines = lines;
	q.nlines = n;
	q.untaxed = 123456789;
	q.tax = 12345;
	q.total = 123469134;
	q.taxes = tt;
	q.ntaxes = 1;
	q.portal_url = "http://127.0.0.1:8080/my/quotes/42?token=abc";
	q.note = "Conditions générales de vente.\nPaiement à 30 jours.";
	q.created = "2026-01-15 10:00:00";
	return q;
}

START_TEST(pdf_is_valid_deterministic_and_paginates)
{
	static struct pdf_line lines[120];
	struct pdf_quote q = sample(lines, 5);
	struct buf a, b;
	buf_init(&a);
	buf_init(&b);
	int pages = 0;
	ck_assert_int_eq(pdf_render_quote(&q, &a, &pages), 0);
	ck_assert_int_eq(pages, 1);
	ck_assert(a.len > 1000 && memcmp(a.p, "%PDF-", 5) == 0);
	ck_assert_int_eq(pdf_render_quote(&q, &b, NULL), 0);
	ck_assert_msg(a.len == b.len && memcmp(a.p, b.p, a.len) == 0, "two renders differ");
	buf_reset(&a);
	q = sample(lines, 120);
	ck_assert_int_eq(pdf_render_quote(&q, &a, &pages), 0);
	ck_assert_msg(pages >= 4, "120 lines on %d pages", pages);
	buf_free(&a);
	buf_free(&b);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("quote_money");
	TCase *t = tcase_create("money");
	tcase_add_loop_test(t, line_amounts_are_exact, 0, sizeof cases / sizeof cases[0]);
	tcase_add_test(t, bad_inputs_are_refused);
	tcase_add_test(t, many_lines_round_tax_per_line);
	tcase_add_test(t, fixed_point_parse_and_format);
	tcase_add_test(t, pdf_is_valid_deterministic_and_paginates);
	tcase_set_timeout(t, 60);
	suite_add_tcase(s, t);
	return s;
}

TEST_MAIN(suite)
