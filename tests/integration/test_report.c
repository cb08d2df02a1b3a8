/* Integration tests (real MariaDB): reports (S4) on generated data - totals
 * equal direct SQL sums for every grouping, filters and access rules, the
 * forecast and its drag to another month, unattended leads, lead quality,
 * distribution, win/loss and the activity report. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/err.h"
#include "crm/lead.h"
#include "crm/report.h"
#include "db/db.h"
#include "support/testutil.h"

static struct config *cfg;
static struct db *db;
static struct arena a;
static int64_t u1, u2;

static const char *s1(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *s1(const char *fmt, ...)
{
	char sql[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	struct db_rows r;
	ck_assert_msg(db_query1(db, &a, &r, sql, "") == 0, "%s: %s", sql, db_error(db));
	return db_get(&r, 0, 0) ? db_get(&r, 0, 0) : "NULL";
}

static void setup(void)
{
	db = test_db_fresh(&cfg);
	arena_init(&a, 0);
	ck_assert_int_ge(
		db_exec(db,
			"INSERT INTO app_user (login, name, role, password_hash) VALUES ('u1', 'Ana', 'sales', 'x'), "
			"('u2', 'Bob', 'sales', 'x')",
			""),
		0);
	u1 = strtoll(s1("SELECT id FROM app_user WHERE login = 'u1'"), NULL, 10);
	u2 = strtoll(s1("SELECT id FROM app_user WHERE login = 'u2'"), NULL, 10);
	ck_assert_int_ge(db_exec(db, "INSERT INTO team (name) VALUES ('North'), ('South')", ""), 0);
	ck_assert_int_ge(db_exec(db, "INSERT INTO tag (name) VALUES ('VIP'), ('Cold'), ('=HYPERLINK(\"x\")')", ""), 0);
	/* 3000 leads spread over users, teams, stages, sources, countries,
	 * months, revenues and probabilities; some won, some lost. */
	ck_assert_int_eq(db_exec(db,
				 "INSERT INTO crm_lead (name, type, team_id, user_id, stage_id, source, country_code, "
				 "expected_revenue, probability, automated_probability, active, lost_reason_id, create_date, "
				 "date_open, date_closed, date_deadline) "
				 "SELECT CONCAT('L', seq), IF(seq % 4 = 0, 'lead', 'opportunity'), "
				 "(SELECT id FROM team ORDER BY id LIMIT 1 OFFSET 0) + seq % 2, "
				 "IF(seq % 5 = 0, NULL, IF(seq % 3 = 0, ?, ?)), (SELECT MIN(id) FROM stage) + seq % 4, "
				 "ELT(1 + seq % 4, 'Web', 'Phone', 'Fair', NULL), ELT(1 + seq % 3, 'FR', 'BE', 'DE'), "
				 "(seq * 37) % 10000 + 0.25, IF(seq % 4 = 3, 100, IF(seq % 11 = 0, 0, seq % 97)), 0, "
				 "IF(seq % 11 = 0 AND seq % 4 <> 3, 0, 1), IF(seq % 11 = 0 AND seq % 4 <> 3, 1 + seq % 3, NULL), "
				 "UTC_TIMESTAMP() - INTERVAL seq % 200 DAY, UTC_TIMESTAMP() - INTERVAL seq % 150 DAY, "
				 "IF(seq % 4 = 3 OR seq % 11 = 0, UTC_TIMESTAMP() - INTERVAL seq % 100 DAY, NULL), "
				 "UTC_DATE() + INTERVAL seq % 180 DAY FROM seq_1_to_3000",
				 "ii", u1, u2),
			 3000);
	ck_assert_int_ge(db_exec(db,
				 "INSERT INTO lead_tag (lead_id, tag_id) SELECT l.id, t.id FROM crm_lead l JOIN tag t "
				 "WHERE (t.name = 'VIP' AND l.id % 3 = 0) OR (t.name = 'Cold' AND l.id % 5 = 0)",
				 ""),
			 0);
}

static void teardown(void)
{
	arena_free(&a);
	db_close(db);
	config_free(cfg);
}

static struct report_filter mgr(void)
{
	return (struct report_filter){.viewer_id = u1, .viewer_all = true};
}

/* Sum of a column over the report rows, as a decimal string (cents). */
static long long sum_cents(const struct db_rows *r, const char *col)
{
	long long t = 0;
	for (size_t i = 0; i < r->nrows; i++) {
		const char *v = db_getn(r, i, col);
		if (v)
			t += llround(strtod(v, NULL) * 100);
	}
	return t;
}

START_TEST(pipeline_totals_equal_sql_sums)
{
	struct report_filter f = mgr();
	struct db_rows r;
	struct err_info e = {0};
	const char *const *d;
	for (d = report_dims; *d; d++) {
		if (!strcmp(*d, "tag"))
			continue;
		ck_assert_msg(report_pipeline(db, &a, &f, *d, NULL, &r, &e) == 0, "%s: %s", *d, db_error(db));
		ck_assert_int_eq(sum_cents(&r, "count"), 100 * atoll(s1("SELECT COUNT(*) FROM crm_lead WHERE active = 1")));
		ck_assert_int_eq(sum_cents(&r, "expected_revenue"),
				 llround(100 * strtod(s1("SELECT SUM(expected_revenue) FROM crm_lead WHERE active = 1"), NULL)));
		ck_assert_int_eq(sum_cents(&r, "prorated_revenue"),
				 llround(100 * strtod(s1("SELECT SUM(ROUND(expected_revenue * probability / 100, 2)) FROM crm_lead WHERE active = 1"), NULL)));
	}
	/* By stage: each group's count, and the average probability. */
	ck_assert_int_eq(report_pipeline(db, &a, &f, "stage", NULL, &r, &e), 0);
	ck_assert_uint_eq(r.nrows, 4);
	ck_assert_str_eq(db_getn(&r, 0, "l1"), "New");
	ck_assert_str_eq(db_getn(&r, 0, "count"),
			 s1("SELECT COUNT(*) FROM crm_lead l JOIN stage s ON s.id = l.stage_id WHERE s.name = 'New' AND active = 1"));
	ck_assert_str_eq(db_getn(&r, 3, "probability"),
			 s1("SELECT ROUND(AVG(probability), 2) FROM crm_lead l JOIN stage s ON s.id = l.stage_id WHERE s.name = 'Won' AND active = 1"));
	/* Two dimensions: the cells add up to the whole. */
	ck_assert_int_eq(report_pipeline(db, &a, &f, "user", "stage", &r, &e), 0);
	ck_assert_uint_eq(r.nrows, 12); /* 2 users + unassigned, 4 stages */
	ck_assert_int_eq(sum_cents(&r, "count"), 100 * atoll(s1("SELECT COUNT(*) FROM crm_lead WHERE active = 1")));
	ck_assert_ptr_null(db_getn(&r, 11, "k1")); /* unassigned last */
	/* Days to assign / close. */
	ck_assert_int_eq(report_pipeline(db, &a, &f, "team", NULL, &r, &e), 0);
	ck_assert_str_eq(db_getn(&r, 0, "day_open"),
			 s1("SELECT ROUND(AVG(ABS(TIMESTAMPDIFF(DAY, create_date, date_open))), 1) FROM crm_lead "
			    "WHERE active = 1 AND team_id = (SELECT MIN(id) FROM team)"));
	/* Tags: a lead counts once per tag, untagged ones in "none". */
	ck_assert_int_eq(report_pipeline(db, &a, &f, "tag", NULL, &r, &e), 0);
	ck_assert_uint_eq(r.nrows, 3);
	ck_assert_str_eq(db_getn(&r, 1, "l1"), "VIP");
	ck_assert_str_eq(db_getn(&r, 1, "count"), s1("SELECT COUNT(*) FROM crm_lead WHERE active = 1 AND id %% 3 = 0"));
	ck_assert_str_eq(db_getn(&r, 2, "count"), s1("SELECT COUNT(*) FROM crm_lead WHERE active = 1 AND id %% 3 <> 0 AND id %% 5 <> 0"));
	/* Unknown grouping. */
	ck_assert_int_eq(report_pipeline(db, &a, &f, "shoe", NULL, &r, &e), ERR_INVALID);
	ck_assert_str_eq(e.field, "group_by");
}
END_TEST

START_TEST(filters_and_access)
{
	struct report_filter f = mgr();
	struct db_rows r;
	struct err_info e = {0};
	f.status = "won";
	f.type = "opportunity";
	f.country = "FR";
	f.q = "expected_revenue > 5000 and tag = 'VIP'";
	ck_assert_int_eq(report_pipeline(db, &a, &f, "source", NULL, &r, &e), 0);
	ck_assert_int_eq(sum_cents(&r, "count"),
			 100 * atoll(s1("SELECT COUNT(*) FROM crm_lead l WHERE active = 1 AND probability = 100 AND type = 'opportunity' "
					"AND country_code = 'FR' AND expected_revenue > 5000 AND id %% 3 = 0")));
	f = mgr();
	f.status = "lost";
	f.created_from = "2000-01-01";
	f.closed_to = "2999-12-31";
	ck_assert_int_eq(report_pipeline(db, &a, &f, "lost_reason", NULL, &r, &e), 0);
	ck_assert_int_eq(sum_cents(&r, "count"), 100 * atoll(s1("SELECT COUNT(*) FROM crm_lead WHERE active = 0 AND probability = 0")));
	ck_assert_str_eq(db_getn(&r, 0, "l1"), "Not enough stock"); /* by name */
	/* A salesperson sees own and unassigned records only. */
	struct report_filter s = {.viewer_id = u2, .viewer_all = false};
	ck_assert_int_eq(report_pipeline(db, &a, &s, "user", NULL, &r, &e), 0);
	ck_assert_uint_eq(r.nrows, 2);
	ck_assert_int_eq(sum_cents(&r, "count"),
			 100 * atoll(s1("SELECT COUNT(*) FROM crm_lead WHERE active = 1 AND (user_id = %lld OR user_id IS NULL)", (long long)u2)));
	s.mine = true;
	ck_assert_int_eq(report_pipeline(db, &a, &s, "user", NULL, &r, &e), 0);
	ck_assert_uint_eq(r.nrows, 1);
	/* Bad values are refused with the field named. */
	f = mgr();
	f.created_from = "2025-13-01";
	ck_assert_int_eq(report_filter_check(&a, &f, &e), ERR_INVALID);
	ck_assert_str_eq(e.field, "created_from");
	f = mgr();
	err_clear(&e);
	f.q = "nope = 1";
	ck_assert_int_eq(report_pipeline(db, &a, &f, "stage", NULL, &r, &e), ERR_INVALID);
	ck_assert_str_eq(e.field, "q");
}
END_TEST

START_TEST(forecast_and_drag_to_another_month)
{
	struct report_filter f = mgr();
	struct db_rows cols, cards;
	struct err_info e = {0};
	ck_assert_int_eq(report_forecast(db, &a, &f, NULL, 6, &cols, &cards, &e), 0);
	ck_assert_uint_eq(cols.nrows, 6);
	ck_assert_str_eq(db_getn(&cols, 0, "month"), s1("SELECT DATE_FORMAT(UTC_DATE(), '%%Y-%%m')"));
	const char *n = s1("SELECT COUNT(*) FROM crm_lead WHERE type = 'opportunity' AND active = 1 AND probability < 100 "
			   "AND date_deadline >= DATE_FORMAT(UTC_DATE(), '%%Y-%%m-01') "
			   "AND date_deadline < DATE_FORMAT(UTC_DATE(), '%%Y-%%m-01') + INTERVAL 6 MONTH");
	ck_assert_int_eq(sum_cents(&cols, "count"), 100 * atoll(n));
	ck_assert_int_gt(cards.nrows, 0);
	/* Empty months are shown too. */
	ck_assert_int_eq(report_forecast(db, &a, &f, "2001-01", 3, &cols, &cards, &e), 0);
	ck_assert_uint_eq(cols.nrows, 3);
	ck_assert_str_eq(db_getn(&cols, 2, "month"), "2001-03");
	ck_assert_str_eq(db_getn(&cols, 2, "count"), "0");
	ck_assert_uint_eq(cards.nrows, 0);
	/* Drag: the last day of the month, tracked in the chatter. */
	const char *nd;
	ck_assert_int_eq(report_forecast_move(db, &a, &f, u1, 1, "2028-02", &nd, &e), 0);
	ck_assert_str_eq(nd, "2028-02-29");
	ck_assert_str_eq(s1("SELECT date_deadline FROM crm_lead WHERE id = 1"), "2028-02-29");
	ck_assert_str_eq(s1("SELECT COUNT(*) FROM message WHERE res_model = 'lead' AND res_id = 1 AND tracking LIKE '%%2028-02-29%%'"), "1");
	ck_assert_int_eq(report_forecast_move(db, &a, &f, u1, 1, "2028-13", &nd, &e), ERR_INVALID);
	/* A salesperson cannot move someone else's card. */
	struct report_filter s = {.viewer_id = u2, .viewer_all = false};
	int64_t other = strtoll(s1("SELECT MIN(id) FROM crm_lead WHERE user_id = %lld", (long long)u1), NULL, 10);
	ck_assert_int_eq(report_forecast_move(db, &a, &s, u2, other, "2028-03", &nd, &e), ERR_NOTFOUND);
}
END_TEST

START_TEST(other_reports)
{
	struct report_filter f = mgr();
	struct db_rows r;
	/* Unattended: two overdue activities, one in the future. */
	int64_t type = strtoll(s1("SELECT MIN(id) FROM activity_type"), NULL, 10);
	ck_assert_int_ge(
		db_exec(db,
			"INSERT INTO activity (res_model, res_id, activity_type_id, summary, date_deadline, user_id) VALUES "
			"('lead', 2, ?, 'call back', UTC_DATE() - INTERVAL 3 DAY, ?), ('lead', 6, ?, 'today', UTC_DATE(), ?), "
			"('lead', 7, ?, 'later', UTC_DATE() + INTERVAL 3 DAY, ?)",
			"iiiiii", type, u1, type, u2, type, u1),
		0);
	ck_assert_int_eq(report_unattended(db, &a, &f, s1("SELECT UTC_DATE()"), &r), 0);
	ck_assert_uint_eq(r.nrows, 2);
	ck_assert_str_eq(db_getn(&r, 0, "user_name"), "Ana");
	ck_assert_str_eq(db_getn(&r, 0, "summary"), "call back");
	/* Lead quality: every record counted once, rates from the counts. */
	ck_assert_int_eq(report_quality(db, &a, &f, &r), 0);
	ck_assert_int_eq(sum_cents(&r, "leads"), 300000);
	for (size_t i = 0; i < r.nrows; i++) {
		long leads = atol(db_getn(&r, i, "leads")), won = atol(db_getn(&r, i, "won")), lost = atol(db_getn(&r, i, "lost"));
		char want[32];
		snprintf(want, sizeof want, "%.1f", 100.0 * won / (double)(won + lost));
		ck_assert_str_eq(db_getn(&r, i, "win_rate"), want);
		ck_assert_int_gt(leads, 0);
	}
	/* Distribution: assigned in the period versus capacity. */
	ck_assert_int_ge(db_exec(db,
				 "INSERT INTO team_member (team_id, user_id, capacity) SELECT MIN(id), ?, 60 FROM team",
				 "i", u1),
			 0);
	ck_assert_int_eq(report_distribution(db, &a, &f, s1("SELECT DATE_FORMAT(UTC_DATE() - INTERVAL 29 DAY, '%%Y-%%m-%%d')"),
					     s1("SELECT DATE_FORMAT(UTC_DATE(), '%%Y-%%m-%%d')"), &r), 0);
	ck_assert_uint_eq(r.nrows, 1);
	ck_assert_str_eq(db_getn(&r, 0, "capacity_period"), "60");
	ck_assert_str_eq(db_getn(&r, 0, "assigned"),
			 s1("SELECT COUNT(*) FROM crm_lead WHERE user_id = %lld AND team_id = (SELECT MIN(id) FROM team) "
			    "AND date_open >= UTC_DATE() - INTERVAL 29 DAY", (long long)u1));
	/* Win/loss by reason. */
	ck_assert_int_eq(report_winloss(db, &a, &f, &r), 0);
	ck_assert_str_eq(db_getn(&r, 0, "outcome"), "won");
	ck_assert_int_eq(sum_cents(&r, "count"),
			 100 * atoll(s1("SELECT COUNT(*) FROM crm_lead WHERE (active = 1 AND probability = 100) OR (active = 0 AND probability = 0)")));
	/* Activities done: messages with an activity type, per week. */
	ck_assert_int_ge(
		db_exec(db,
			"INSERT INTO message (res_model, res_id, kind, author_id, activity_type_id, created_at) VALUES "
			"('lead', 1, 'activity', ?, ?, '2025-03-03 10:00:00'), ('lead', 2, 'activity', ?, ?, '2025-03-04 10:00:00'), "
			"('lead', 2, 'activity', ?, ?, '2025-03-12 10:00:00'), ('lead', 2, 'note', ?, NULL, '2025-03-12 10:00:00')",
			"iiiiiii", u1, type, u1, type, u2, type, u2),
		0);
	ck_assert_int_eq(report_activities(db, &a, &f, "2025-03-01", "2025-03-31", &r), 0);
	ck_assert_uint_eq(r.nrows, 2);
	ck_assert_str_eq(db_getn(&r, 0, "week"), "2025-W10");
	ck_assert_str_eq(db_getn(&r, 0, "count"), "2");
	ck_assert_str_eq(db_getn(&r, 1, "week"), "2025-W11");
	ck_assert_str_eq(db_getn(&r, 1, "user_name"), "Bob");
}
END_TEST

/* The per-bucket sums (report_sum, kept by triggers) give exactly what the
 * lead table gives, after inserts, updates, merges and deletes too. */
static void same_both_ways(const struct report_filter *base, const char *g1, const char *g2)
{
	struct report_filter f = *base, raw = *base;
	raw.force_raw = true;
	struct db_rows x, y;
	struct err_info e = {0};
	ck_assert_int_eq(report_pipeline(db, &a, &f, g1, g2, &x, &e), 0);
	ck_assert_int_eq(report_pipeline(db, &a, &raw, g1, g2, &y, &e), 0);
	ck_assert_uint_eq(x.nrows, y.nrows);
	for (size_t i = 0; i < x.nrows; i++)
		for (size_t k = 0; k < x.ncols; k++) {
			const char *p = db_get(&x, i, k), *q = db_get(&y, i, k);
			ck_assert_msg((!p && !q) || (p && q && !strcmp(p, q)), "%s/%s row %zu col %s: %s vs %s", g1,
				      g2 ? g2 : "", i, x.names[k], p ? p : "NULL", q ? q : "NULL");
		}
}

START_TEST(summary_equals_lead_table)
{
	struct report_filter f = mgr();
	const char *g[][2] = {{"stage", NULL}, {"user", "stage"}, {"team", "created_month"}, {"lost_reason", NULL},
			      {"created_month", "user"}};
	const char *status[] = {NULL, "open", "won", "lost", "archived", "all"};
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < 5; i++)
			for (size_t s = 0; s < 6; s++) {
				f = mgr();
				f.status = status[s];
				same_both_ways(&f, g[i][0], g[i][1]);
			}
		f = mgr();
		f.type = "opportunity";
		f.team_id = strtoll(s1("SELECT MIN(id) FROM team"), NULL, 10);
		same_both_ways(&f, "stage", "user");
		struct report_filter sp = {.viewer_id = u2, .viewer_all = false, .mine = round == 1};
		same_both_ways(&sp, "user", "stage");
		/* Then writes of every kind, and again. */
		ck_assert_int_ge(
			db_exec(db,
				"UPDATE crm_lead SET probability = 55, stage_id = (SELECT MAX(id) FROM stage) - 1 WHERE id % 7 = 1",
				""),
			0);
		ck_assert_int_ge(
			db_exec(db,
				"UPDATE crm_lead SET active = 0, probability = 0, lost_reason_id = 2 WHERE id % 13 = 5",
				""),
			0);
		ck_assert_int_ge(
			db_exec(db, "UPDATE crm_lead SET merged_into_id = 1, active = 0 WHERE id % 17 = 3", ""), 0);
		ck_assert_int_ge(
			db_exec(db, "UPDATE crm_lead SET user_id = NULL, date_open = NULL WHERE id % 19 = 4", ""), 0);
		ck_assert_int_ge(db_exec(db, "DELETE FROM crm_lead WHERE id % 23 = 6", ""), 0);
		ck_assert_int_ge(
			db_exec(db,
				"INSERT INTO crm_lead (name, expected_revenue, probability) VALUES ('new', 10.5, 33)",
				""),
			0);
	}
	/* Recomputed from scratch: the same sums. */
	struct db_rows before, after;
	struct err_info e = {0};
	f = mgr();
	ck_assert_int_eq(report_pipeline(db, &a, &f, "user", "stage", &before, &e), 0);
	ck_assert_int_eq(report_sum_rebuild(db), 0);
	ck_assert_int_eq(report_pipeline(db, &a, &f, "user", "stage", &after, &e), 0);
	ck_assert_uint_eq(before.nrows, after.nrows);
	for (size_t i = 0; i < before.nrows * before.ncols; i++)
		ck_assert_msg((!before.cells[i] && !after.cells[i]) || !strcmp(before.cells[i], after.cells[i]), "cell %zu", i);
}
END_TEST

/* No hot rows: two writers of one team, each inside its open transaction,
 * create and change leads without waiting on each other (the report sums
 * and the team's lead revision were one row per key, locked by the first
 * writer until its commit), and the sums stay exact when rows written by
 * one connection are changed or deleted by another. */
START_TEST(concurrent_writers_of_a_team_do_not_wait)
{
	struct db *w[3];
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(db_open(&w[i], cfg, true), 0);
		ck_assert_int_ge(db_exec(w[i], "SET SESSION innodb_lock_wait_timeout = 1", ""), 0);
	}
	int64_t team = strtoll(s1("SELECT MIN(id) FROM team"), NULL, 10);
	int64_t rev0 = lead_rev(db, team);
	ck_assert_int_eq(db_begin(w[0]), 0);
	ck_assert_int_eq(db_begin(w[1]), 0);
	for (int k = 0; k < 3; k++)
		for (int i = 0; i < 2; i++)
			ck_assert_msg(db_exec(w[i], "INSERT INTO crm_lead (name, type, team_id, user_id, stage_id, "
						    "expected_revenue, probability) VALUES ('hot', 'opportunity', ?, ?, "
						    "(SELECT MIN(id) FROM stage), 100, 10)",
					      "ii", team, u1) == 1,
				      "writer %d waited: %s", i, db_error(w[i]));
	ck_assert_int_eq(db_commit(w[0]), 0);
	ck_assert_int_eq(db_commit(w[1]), 0);
	ck_assert_int_gt(lead_rev(db, team), rev0);
	/* Rows written by one connection, changed and deleted by others. */
	ck_assert_int_ge(
		db_exec(w[2],
			"UPDATE crm_lead SET active = 0, probability = 0, lost_reason_id = 2 WHERE name = 'hot' AND id % 2 = 0",
			""),
		0);
	ck_assert_int_ge(
		db_exec(w[0],
			"UPDATE crm_lead SET stage_id = stage_id + 1, expected_revenue = 250 WHERE name = 'hot' AND id % 2 = 1",
			""),
		0);
	ck_assert_int_ge(db_exec(w[1], "DELETE FROM crm_lead WHERE name = 'hot' AND id % 3 = 0", ""), 0);
	ck_assert_int_gt(strtoll(s1("SELECT COUNT(DISTINCT shard) FROM report_sum"), NULL, 10), 1);
	const char *g[][2] = {{"stage", NULL}, {"user", "stage"}, {"team", "created_month"}, {"lost_reason", NULL}};
	const char *status[] = {NULL, "open", "won", "lost", "all"};
	for (size_t i = 0; i < 4; i++)
		for (size_t k = 0; k < 5; k++) {
			struct report_filter f = mgr();
			f.status = status[k];
			same_both_ways(&f, g[i][0], g[i][1]);
		}
	/* The nightly rebuild folds the shards back into one row per key. */
	ck_assert_int_eq(report_sum_rebuild(db), 0);
	ck_assert_str_eq(s1("SELECT COUNT(DISTINCT shard) FROM report_sum"), "1");
	for (int i = 0; i < 3; i++)
		db_close(w[i]);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("report");
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, pipeline_totals_equal_sql_sums);
	tcase_add_test(tc, filters_and_access);
	tcase_add_test(tc, forecast_and_drag_to_another_month);
	tcase_add_test(tc, other_reports);
	tcase_add_test(tc, summary_equals_lead_table);
	tcase_add_test(tc, concurrent_writers_of_a_team_do_not_wait);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(suite)
