/* Unit tests: the filter language of assignment rules and reports compiles to
 * parameterised SQL from a whitelist; hostile input gives an error with its
 * position, never SQL. */
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "crm/filter.h"
#include "support/testutil.h"

static struct arena a;
static struct filter_sql f;
static struct err_info e;

static int compile(const char *text)
{
	arena_reset(&a);
	err_clear(&e);
	return filter_compile(&a, text, "filter", &f, &e);
}

static void setup(void)
{
	arena_init(&a, 0);
}

static void teardown(void)
{
	arena_free(&a);
}

START_TEST(example_from_the_spec)
{
	ck_assert_int_eq(compile("probability >= 50 and expected_revenue > 10000 and country = \"FR\" and "
				 "tag in (\"VIP\",\"Partner\")"), 0);
	ck_assert_str_eq(f.sql, "(((l.probability >= ?) AND (l.expected_revenue > ?) AND (l.country_code = ?) AND "
				"EXISTS (SELECT 1 FROM lead_tag ft JOIN tag tg ON tg.id = ft.tag_id WHERE ft.lead_id = l.id "
				"AND tg.name IN (?,?))))");
	ck_assert_uint_eq(f.np, 5);
	ck_assert_str_eq(f.p[0].s, "50");
	ck_assert_str_eq(f.p[1].s, "10000");
	ck_assert_str_eq(f.p[2].s, "FR");
	ck_assert_str_eq(f.p[3].s, "VIP");
	ck_assert_str_eq(f.p[4].s, "Partner");
}
END_TEST

START_TEST(or_not_parentheses_and_operators)
{
	ck_assert_int_eq(compile("not (source = 'Phone' or city contains \"ly\") OR priority != 2"), 0);
	ck_assert_str_eq(f.sql, "(((NOT ((((l.source = ?)) OR ((l.city LIKE ?)))))) OR ((NOT (l.priority <=> ?))))");
	ck_assert_str_eq(f.p[1].s, "%ly%");
	ck_assert_int_eq(f.p[2].type, 'i');
	ck_assert_int_eq(f.p[2].i, 2);
	ck_assert_int_eq(compile("country not in ('FR', 'BE') and stage = \"Won\" and tag != 'Cold'"), 0);
	ck_assert(strstr(f.sql, "(l.country_code IS NULL OR l.country_code NOT IN (?,?))"));
	ck_assert(strstr(f.sql, "l.stage_id IN (SELECT sg.id FROM stage sg WHERE sg.name IN (?))"));
	ck_assert(strstr(f.sql, "NOT EXISTS (SELECT 1 FROM lead_tag"));
	ck_assert_int_eq(compile("country = null and expected_closing <= \"2025-12-31\" and tag = null"), 0);
	ck_assert(strstr(f.sql, "(COALESCE(l.country_code, '') = '')"));
	ck_assert_uint_eq(f.np, 1);
	ck_assert_int_eq(compile("PROBABILITY > 10.5 AnD Type == 'lead'"), 0);
	ck_assert_int_eq(compile("   "), 0);
	ck_assert_str_eq(f.sql, "1");
	ck_assert_int_eq(compile(NULL), 0);
	/* Wildcards in contains are literal. */
	ck_assert_int_eq(compile("name contains '50%_\\\\'"), 0);
	ck_assert_str_eq(f.p[0].s, "%50\\%\\_\\\\%");
}
END_TEST

START_TEST(errors_name_the_position)
{
	ck_assert_int_eq(compile("probability >= 50 and shoe_size = 42"), ERR_INVALID);
	ck_assert_str_eq(e.key, "FilterUnknownField");
	ck_assert_int_eq(f.pos, 23);
	ck_assert_str_eq(e.msg, "unknown field 'shoe_size' at position 23");
	ck_assert_str_eq(e.field, "filter");
	ck_assert_int_eq(compile("country = 'FR' and"), ERR_INVALID);
	ck_assert_str_eq(e.key, "FilterSyntax");
	ck_assert_int_eq(compile("probability >= 'high'"), ERR_INVALID);
	ck_assert_str_eq(e.key, "FilterValue");
	ck_assert_int_eq(f.pos, 16);
	ck_assert_int_eq(compile("country > 'FR'"), ERR_INVALID);
	ck_assert_str_eq(e.key, "FilterOperator");
	ck_assert_int_eq(compile("(country = 'FR'"), ERR_INVALID);
	ck_assert_int_eq(f.pos, 1);
	ck_assert_int_eq(compile("country = 'FR')"), ERR_INVALID);
	ck_assert_int_eq(f.pos, 15);
	/* Positions count characters, not bytes. */
	ck_assert_int_eq(compile("city = 'Orléans' and x = 1"), ERR_INVALID);
	ck_assert_int_eq(f.pos, 22);
	ck_assert_int_eq(compile("created > '2025-02-30'"), ERR_INVALID);
	ck_assert_int_eq(compile("priority = 1.5"), ERR_INVALID);
}
END_TEST

START_TEST(hostile_input_never_reaches_sql)
{
	/* Quotes, semicolons and comments stay inside bound values... */
	ck_assert_int_eq(compile("name = \"x' OR '1'='1\""), 0);
	ck_assert_str_eq(f.sql, "(((l.name = ?)))");
	ck_assert_str_eq(f.p[0].s, "x' OR '1'='1");
	ck_assert_int_eq(compile("name = 'a\\'; DROP TABLE crm_lead; --'"), 0);
	ck_assert_str_eq(f.p[0].s, "a'; DROP TABLE crm_lead; --");
	ck_assert(!strchr(f.sql, ';'));
	/* ...and outside values they are syntax errors. */
	const char *bad[] = {
		"country = 'FR'; DROP TABLE crm_lead",
		"country = 'FR' -- comment",
		"country = 'FR' /* x */",
		"country = FR",
		"1 = 1",
		"country = 'FR' or 1=1",
		"l.country_code = 'FR'",
		"country = 'FR\\x'",
		"country = 'unterminated",
		"country = `FR`",
		"country = 'a\nb'",
		"tag in ()",
		"expected_revenue > 1e9",
		"probability >= 0x10",
		"(((((((((((((((((((country = 'FR')))))))))))))))))))",
		"not not not not not not not not not not not not not not not not not country = 'FR'",
		"country in ('FR' 'BE')",
		"and",
		"()",
		"",
	};
	for (size_t i = 0; i + 1 < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_msg(compile(bad[i]) == ERR_INVALID, "accepted: %s", bad[i]);
		ck_assert_msg(f.pos > 0, "no position: %s", bad[i]);
		ck_assert_msg(e.msg[0], "no message: %s", bad[i]);
	}
	ck_assert_int_eq(compile("(((((((((((((((((((country = 'FR')))))))))))))))))))"), ERR_INVALID);
	ck_assert_str_eq(e.key, "FilterTooDeep");
	/* Size limits. */
	char big[4000];
	memset(big, ' ', sizeof big);
	big[sizeof big - 1] = '\0';
	memcpy(big, "country = 'FR'", 14);
	ck_assert_int_eq(compile(big), ERR_INVALID);
	ck_assert_str_eq(e.key, "FilterTooLong");
	char many[1900] = "country in (";
	for (int i = 0; i < 101; i++)
		strcat(many, i ? ",'X'" : "'X'");
	strcat(many, ")");
	ck_assert_int_eq(compile(many), ERR_INVALID);
	char terms[2000] = "";
	for (int i = 0; i < 101; i++)
		strcat(terms, i ? " or zip='1'" : "zip='1'");
	ck_assert_int_eq(compile(terms), ERR_INVALID);
	ck_assert_str_eq(e.key, "FilterTooLong");
	/* Invalid UTF-8. */
	ck_assert_int_eq(compile("city = '\xff\xfe'"), ERR_INVALID);
	int pos;
	ck_assert_int_eq(filter_validate("country = 'FR' and nope = 1", "assignment_filter", &e, &pos), ERR_INVALID);
	ck_assert_int_eq(pos, 20);
	ck_assert_int_eq(filter_validate("country = 'FR'", "x", &e, &pos), 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("filter");
	TCase *tc = tcase_create("filter");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, example_from_the_spec);
	tcase_add_test(tc, or_not_parentheses_and_operators);
	tcase_add_test(tc, errors_name_the_position);
	tcase_add_test(tc, hostile_input_never_reaches_sql);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(suite)
