/* Unit tests: normalised keys for duplicate detection (e-mail, domain
 * criterion, E.164 phone numbers). */
#include <string.h>

#include "core/arena.h"
#include "crm/normalize.h"
#include "support/testutil.h"

static struct arena a;

START_TEST(emails)
{
	arena_init(&a, 0);
	ck_assert_str_eq(norm_email(&a, "  Jean.Dupont@Example.FR "), "jean.dupont@example.fr");
	ck_assert_str_eq(norm_email(&a, "Jean Dupont <JD@Acme.com>"), "jd@acme.com");
	ck_assert_str_eq(norm_email(&a, "a@b.com, c@d.com"), "a@b.com");
	ck_assert_ptr_null(norm_email(&a, "not an address"));
	ck_assert_ptr_null(norm_email(&a, NULL));
	ck_assert_ptr_null(norm_email(&a, "x@y"));
	arena_free(&a);
}
END_TEST

START_TEST(domain_criterion)
{
	arena_init(&a, 0);
	ck_assert_str_eq(norm_email_domain_criterion(&a, "jd@acme.com"), "@acme.com");
	ck_assert_str_eq(norm_email_domain_criterion(&a, "jd@gmail.com"), "jd@gmail.com");
	ck_assert_str_eq(norm_email_domain_criterion(&a, "jd@yahoo.fr"), "jd@yahoo.fr");
	ck_assert_str_eq(norm_email_domain_criterion(&a, "jd@yahoo.co.uk"), "jd@yahoo.co.uk");
	ck_assert_str_eq(norm_email_domain_criterion(&a, "jd@hotmail.com"), "jd@hotmail.com");
	ck_assert_str_eq(norm_email_domain_criterion(&a, "jd@outlook.fr"), "jd@outlook.fr");
	ck_assert_str_eq(norm_email_domain_criterion(&a, "x@orange.fr"), "x@orange.fr");
	ck_assert_str_eq(norm_email_domain_criterion(&a, "x@free.fr"), "x@free.fr");
	ck_assert_str_eq(norm_email_domain_criterion(&a, "x@laposte.net"), "x@laposte.net");
	ck_assert_str_eq(norm_email_domain_criterion(&a, "x@gmx.de"), "x@gmx.de");
	ck_assert_str_eq(norm_email_domain_criterion(&a, "x@icloud.com"), "x@icloud.com");
	ck_assert_str_eq(norm_email_domain_criterion(&a, "x@yahoofinance.com"), "@yahoofinance.com");
	ck_assert_str_eq(norm_email_domain_criterion(&a, "x@free.fr.example.com"), "@free.fr.example.com");
	ck_assert_ptr_null(norm_email_domain_criterion(&a, NULL));
	arena_free(&a);
}
END_TEST

static const struct {
	const char *in, *country, *out;
} phones[] = {
	{"06 12 34 56 78", "FR", "+33612345678"},
	{"06.12.34.56.78", "FR", "+33612345678"},
	{"0612345678", NULL, "+33612345678"},
	{"+33 6 12 34 56 78", "FR", "+33612345678"},
	{"+33 (0)6 12 34 56 78", "FR", "+33612345678"},
	{"0033 6 12 34 56 78", "FR", "+33612345678"},
	{"04-72-00-00-00", "FR", "+33472000000"},
	{"+32 2 555 12 34", "FR", "+3225551234"},
	{"02 555 12 34", "BE", "+3225551234"},
	{"+1 (415) 555-0100", NULL, "+14155550100"},
	{"(415) 555-0100", "US", "+14155550100"},
	{"06 12 34 56 78 x12", "FR", "+33612345678"},
	{"612345678", "FR", NULL},     /* national without trunk 0 */
	{"06 12 34", "FR", NULL},      /* too short */
	{"phone me", "FR", NULL},
	{"", "FR", NULL},
	{"+0 123 456 789", NULL, NULL},
	{"+123", NULL, NULL},
};

START_TEST(phone_numbers)
{
	arena_init(&a, 0);
	const char *got = norm_phone_e164(&a, phones[_i].in, phones[_i].country);
	if (phones[_i].out)
		ck_assert_msg(got && strcmp(got, phones[_i].out) == 0, "%s -> %s, want %s",
			      phones[_i].in, got ? got : "NULL", phones[_i].out);
	else
		ck_assert_msg(got == NULL, "%s -> %s, want NULL", phones[_i].in, got);
	arena_free(&a);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("normalize");
	TCase *t = tcase_create("normalize");
	tcase_add_test(t, emails);
	tcase_add_test(t, domain_criterion);
	tcase_add_loop_test(t, phone_numbers, 0, sizeof phones / sizeof phones[0]);
	suite_add_tcase(s, t);
	return s;
}

TEST_MAIN(suite)
