/* Unit tests: the CSV of report exports - RFC 4180 quoting (commas, quotes,
 * CR/LF, edge spaces), UTF-8 BOM, and formula cells (=, +, -, @, tab, CR)
 * neutralised so a spreadsheet never runs them. */
#include <string.h>

#include "core/buf.h"
#include "crm/report.h"
#include "db/db.h"
#include "support/testutil.h"

static const char *cell(const char *v)
{
	static struct buf b;
	buf_reset(&b);
	report_csv_cell(&b, v, true);
	return b.p ? b.p : "";
}

START_TEST(quoting)
{
	ck_assert_str_eq(cell("plain"), "plain");
	ck_assert_str_eq(cell(NULL), "");
	ck_assert_str_eq(cell("a,b"), "\"a,b\"");
	ck_assert_str_eq(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
	ck_assert_str_eq(cell("two\r\nlines"), "\"two\r\nlines\"");
	ck_assert_str_eq(cell(" padded "), "\" padded \"");
	ck_assert_str_eq(cell("Société Générale"), "Société Générale");
}
END_TEST

START_TEST(formula_injection_neutralised)
{
	ck_assert_str_eq(cell("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
	ck_assert_str_eq(cell("+33 6 12"), "\"'+33 6 12\"");
	ck_assert_str_eq(cell("-2+3"), "\"'-2+3\"");
	ck_assert_str_eq(cell("@SUM(A1)"), "\"'@SUM(A1)\"");
	ck_assert_str_eq(cell("\tcmd"), "\"'\tcmd\"");
	ck_assert_str_eq(cell("a=b"), "a=b");
}
END_TEST

START_TEST(whole_file)
{
	char *cells[] = {"Won", "3", "=1+1", "2"};
	char *names[] = {"stage", "count"};
	size_t lens[4] = {3, 1, 4, 1};
	struct db_rows r = {.nrows = 2, .ncols = 2, .cells = cells, .lens = lens, .names = names};
	const char *cols[] = {"stage", "count"}, *heads[] = {"Étape", "Nombre, total"};
	struct buf b;
	buf_init(&b);
	report_csv(&b, &r, cols, heads, 2);
	ck_assert_str_eq(b.p, "\xEF\xBB\xBF" "Étape,\"Nombre, total\"\r\nWon,3\r\n\"'=1+1\",2\r\n");
	buf_free(&b);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("report_csv");
	TCase *tc = tcase_create("csv");
	tcase_add_test(tc, quoting);
	tcase_add_test(tc, formula_injection_neutralised);
	tcase_add_test(tc, whole_file);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(suite)
