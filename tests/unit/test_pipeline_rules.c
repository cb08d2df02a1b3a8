/* Unit tests: pipeline rules without a database - activity state in the
 * assignee's time zone at day boundaries (fixed clocks), activity delays,
 * CSV cells (quoting, formula neutralising), @mentions, access rules. */
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/tz.h"
#include "crm/access.h"
#include "crm/activity.h"
#include "crm/csv.h"
#include "crm/mention.h"
#include "crm/user.h"
#include "support/testutil.h"

START_TEST(state_at_time_zone_boundaries)
{
	/* 2026-11-25 23:30 UTC: already the 26th in Paris, still the 25th in New York. */
	int64_t t = tz_parse_utc("2026-11-25 23:30:00");
	ck_assert_int_eq(activity_state_at("2026-11-25", "Europe/Paris", t), ACT_OVERDUE);
	ck_assert_int_eq(activity_state_at("2026-11-26", "Europe/Paris", t), ACT_TODAY);
	ck_assert_int_eq(activity_state_at("2026-11-25", "America/New_York", t), ACT_TODAY);
	ck_assert_int_eq(activity_state_at("2026-11-26", "America/New_York", t), ACT_PLANNED);
	ck_assert_int_eq(activity_state_at("2026-11-25", "UTC", t), ACT_TODAY);
	/* One second before and after midnight in Paris (winter: UTC+1). */
	ck_assert_int_eq(activity_state_at("2026-11-25", "Europe/Paris", tz_parse_utc("2026-11-25 22:59:59")), ACT_TODAY);
	ck_assert_int_eq(activity_state_at("2026-11-25", "Europe/Paris", tz_parse_utc("2026-11-25 23:00:00")), ACT_OVERDUE);
	/* Summer time: midnight in Paris is 22:00 UTC. */
	ck_assert_int_eq(activity_state_at("2026-07-01", "Europe/Paris", tz_parse_utc("2026-06-30 21:59:59")), ACT_PLANNED);
	ck_assert_int_eq(activity_state_at("2026-07-01", "Europe/Paris", tz_parse_utc("2026-06-30 22:00:00")), ACT_TODAY);
	/* The DST night itself (2026-03-29, 01:00 UTC): the date does not jump. */
	ck_assert_int_eq(activity_state_at("2026-03-29", "Europe/Paris", tz_parse_utc("2026-03-29 00:30:00")), ACT_TODAY);
	/* Far east and far west of UTC at the same instant. */
	int64_t u = tz_parse_utc("2026-11-25 10:30:00");
	ck_assert_int_eq(activity_state_at("2026-11-25", "Pacific/Kiritimati", u), ACT_OVERDUE);
	ck_assert_int_eq(activity_state_at("2026-11-25", "Pacific/Pago_Pago", u), ACT_PLANNED);
	ck_assert_int_eq(activity_state_at("2026-11-25", "Asia/Kolkata", u), ACT_TODAY);
	ck_assert_int_eq(activity_state_at(NULL, "UTC", u), ACT_NONE);
	ck_assert_str_eq(activity_state_name(ACT_OVERDUE), "overdue");
	ck_assert_str_eq(activity_state_name(ACT_NONE), "");
}
END_TEST

START_TEST(delays_in_days_weeks_months)
{
	char out[11];
	ck_assert_int_eq(activity_add_delay("2026-11-25", 5, "days", out), 0);
	ck_assert_str_eq(out, "2026-11-30");
	ck_assert_int_eq(activity_add_delay("2026-12-29", 5, "days", out), 0);
	ck_assert_str_eq(out, "2027-01-03");
	ck_assert_int_eq(activity_add_delay("2026-11-25", 2, "weeks", out), 0);
	ck_assert_str_eq(out, "2026-12-09");
	ck_assert_int_eq(activity_add_delay("2026-01-31", 1, "months", out), 0);
	ck_assert_str_eq(out, "2026-02-28");
	ck_assert_int_eq(activity_add_delay("2028-01-31", 1, "months", out), 0);
	ck_assert_str_eq(out, "2028-02-29");
	ck_assert_int_eq(activity_add_delay("2026-11-30", 3, "months", out), 0);
	ck_assert_str_eq(out, "2027-02-28");
	ck_assert_int_eq(activity_add_delay("2026-03-28", 1, "days", out), 0); /* across DST */
	ck_assert_str_eq(out, "2026-03-29");
	ck_assert_int_eq(activity_add_delay("bad", 1, "days", out), -3);
	ck_assert_int_eq(activity_add_delay("2026-01-01", -1, "days", out), -3);
}
END_TEST

static const char *csv(const char *a, const char *b)
{
	static char out[256];
	struct buf x;
	buf_init(&x);
	csv_cell(&x, a, true);
	csv_cell(&x, b, false);
	csv_end(&x);
	snprintf(out, sizeof out, "%s", x.p);
	buf_free(&x);
	return out;
}

START_TEST(csv_cells)
{
	ck_assert_str_eq(csv("plain", "also plain"), "plain,also plain\r\n");
	ck_assert_str_eq(csv("a,b", "say \"hi\""), "\"a,b\",\"say \"\"hi\"\"\"\r\n");
	ck_assert_str_eq(csv("line1\r\nline2", NULL), "\"line1\r\nline2\",\r\n");
	ck_assert_str_eq(csv("=SUM(A1:A9)", "+33 6 12"), "\"'=SUM(A1:A9)\",\"'+33 6 12\"\r\n");
	ck_assert_str_eq(csv("-2+3", "@cmd"), "\"'-2+3\",\"'@cmd\"\r\n");
	ck_assert_str_eq(csv("\tTAB", "Zoé €"), "\"'\tTAB\",Zoé €\r\n");
	ck_assert_str_eq(csv("", NULL), ",\r\n");
}
END_TEST

START_TEST(mentions)
{
	struct arena a;
	arena_init(&a, 0);
	const char *out[8];
	size_t n = mention_parse(&a, "Ask @Lucas.Bernard and @emma.petit. Mail me at jo@x.fr, @lucas.bernard again", out, 8);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(out[0], "lucas.bernard");
	ck_assert_str_eq(out[1], "emma.petit");
	ck_assert_uint_eq(mention_parse(&a, "@ alone, a@b and @@", out, 8), 0);
	ck_assert_uint_eq(mention_parse(&a, "(@hugo)", out, 8), 1);
	ck_assert_str_eq(out[0], "hugo");
	ck_assert_uint_eq(mention_parse(&a, NULL, out, 8), 0);
	arena_free(&a);
}
END_TEST

START_TEST(access_rules)
{
	struct user sales = {.id = 7, .role = "sales"}, mgr = {.id = 8, .role = "manager"},
		    adm = {.id = 9, .role = "admin"};
	struct access s = access_for(&sales), m = access_for(&mgr), d = access_for(&adm), sys = access_for(NULL);
	ck_assert(access_owner_ok(&s, 7));
	ck_assert(access_owner_ok(&s, 0));
	ck_assert(!access_owner_ok(&s, 8));
	ck_assert(access_owner_ok(&m, 7) && access_owner_ok(&d, 7) && access_owner_ok(&sys, 7));
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("pipeline_rules");
	TCase *t = tcase_create("rules");
	tcase_add_test(t, state_at_time_zone_boundaries);
	tcase_add_test(t, delays_in_days_weeks_months);
	tcase_add_test(t, csv_cells);
	tcase_add_test(t, mentions);
	tcase_add_test(t, access_rules);
	suite_add_tcase(s, t);
	return s;
}

TEST_MAIN(suite)
