/* Unit tests: time zones against fixed instants (DST boundaries, the POSIX
 * footer beyond 2037, southern hemisphere, unknown zones). */
#include <string.h>

#include "core/tz.h"
#include "support/testutil.h"

START_TEST(offsets_and_dst_boundaries)
{
	/* 2026-03-29 01:00 UTC: Paris goes from +1 to +2. */
	int64_t t = tz_parse_utc("2026-03-29 00:59:59");
	ck_assert_int_eq(tz_offset("Europe/Paris", t), 3600);
	ck_assert_int_eq(tz_offset("Europe/Paris", t + 1), 7200);
	/* 2026-10-25 01:00 UTC: back to +1. */
	t = tz_parse_utc("2026-10-25 00:59:59");
	ck_assert_int_eq(tz_offset("Europe/Paris", t), 7200);
	ck_assert_int_eq(tz_offset("Europe/Paris", t + 1), 3600);
	ck_assert_int_eq(tz_offset("UTC", t), 0);
	ck_assert_int_eq(tz_offset("America/New_York", tz_parse_utc("2026-07-01 12:00:00")), -4 * 3600);
	ck_assert_int_eq(tz_offset("America/New_York", tz_parse_utc("2026-12-01 12:00:00")), -5 * 3600);
	ck_assert_int_eq(tz_offset("Australia/Sydney", tz_parse_utc("2026-01-15 12:00:00")), 11 * 3600);
	ck_assert_int_eq(tz_offset("Australia/Sydney", tz_parse_utc("2026-07-15 12:00:00")), 10 * 3600);
	ck_assert_int_eq(tz_offset("Asia/Kolkata", tz_parse_utc("2026-07-15 12:00:00")), 19800);
}
END_TEST

START_TEST(after_the_last_transition_uses_the_rule)
{
	/* 2045 is past the transitions stored in the file. */
	ck_assert_int_eq(tz_offset("Europe/Paris", tz_parse_utc("2045-07-01 12:00:00")), 7200);
	ck_assert_int_eq(tz_offset("Europe/Paris", tz_parse_utc("2045-01-15 12:00:00")), 3600);
	ck_assert_int_eq(tz_offset("Europe/Paris", tz_parse_utc("2045-03-26 00:59:59")), 3600);
	ck_assert_int_eq(tz_offset("Europe/Paris", tz_parse_utc("2045-03-26 01:00:00")), 7200);
	ck_assert_int_eq(tz_offset("Australia/Sydney", tz_parse_utc("2045-01-15 12:00:00")), 11 * 3600);
	ck_assert_int_eq(tz_offset("Australia/Sydney", tz_parse_utc("2045-07-15 12:00:00")), 10 * 3600);
}
END_TEST

START_TEST(local_dates_around_midnight)
{
	char d[11];
	int64_t t = tz_parse_utc("2026-11-25 23:30:00");
	tz_local_date("Europe/Paris", t, d);
	ck_assert_str_eq(d, "2026-11-26");
	tz_local_date("America/New_York", t, d);
	ck_assert_str_eq(d, "2026-11-25");
	tz_local_date("Pacific/Kiritimati", tz_parse_utc("2026-11-25 10:30:00"), d);
	ck_assert_str_eq(d, "2026-11-26");
	tz_local_date("Pacific/Pago_Pago", tz_parse_utc("2026-11-25 10:30:00"), d);
	ck_assert_str_eq(d, "2026-11-24");
}
END_TEST

START_TEST(bad_names)
{
	ck_assert(tz_valid("Europe/Paris"));
	ck_assert(!tz_valid("Europe/Atlantis"));
	ck_assert(!tz_valid("../../etc/passwd"));
	ck_assert(!tz_valid(""));
	ck_assert(!tz_valid(NULL));
	ck_assert_int_eq(tz_offset("Nowhere/Land", 0), 0);
	ck_assert_int_eq(tz_parse_utc("garbage"), -1);
	ck_assert_int_eq(tz_parse_utc("1970-01-02 00:00:00"), 86400);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("tz");
	TCase *t = tcase_create("tz");
	tcase_add_test(t, offsets_and_dst_boundaries);
	tcase_add_test(t, after_the_last_transition_uses_the_rule);
	tcase_add_test(t, local_dates_around_midnight);
	tcase_add_test(t, bad_names);
	suite_add_tcase(s, t);
	return s;
}

TEST_MAIN(suite)
