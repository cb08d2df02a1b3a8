/* Integration tests (real MariaDB) of the pipeline library: editing with
 * tracking (old -> new values), won / lost / restore rules, activities
 * (state, done, chaining), teams (multi-team), and lists over 100 000 leads
 * paginated through indexes (EXPLAIN: no full scan). */
#include <jansson.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/err.h"
#include "core/str.h"
#include "crm/access.h"
#include "crm/activity.h"
#include "crm/chatter.h"
#include "crm/lead.h"
#include "crm/lost_reason.h"
#include "crm/settings.h"
#include "crm/stage.h"
#include "crm/team.h"
#include "crm/user.h"
#include "db/db.h"
#include "support/testutil.h"

static struct config *cfg;
static struct db *db;
static struct arena a;
static int64_t team1, team2, u_sales, u_other, u_mgr;
static struct access ac_sales, ac_other, ac_all;

static void setup(void)
{
	db = test_db_fresh(&cfg);
	arena_init(&a, 0);
	struct err_info e = {0};
	struct team_input t1 = {"North", NULL, 0, true, true}, t2 = {"South", NULL, 0, false, true};
	ck_assert_int_eq(team_create(db, &t1, &team1, &e), 0);
	ck_assert_int_eq(team_create(db, &t2, &team2, &e), 0);
	ck_assert_int_eq(user_create(db, "ana", "Ana", NULL, "sales", "quill-harbor-kettle-42", &u_sales, &e), 0);
	ck_assert_int_eq(user_create(db, "bob", "Bob", NULL, "sales", "quill-harbor-kettle-42", &u_other, &e), 0);
	ck_assert_int_eq(user_create(db, "max", "Max", NULL, "manager", "quill-harbor-kettle-42", &u_mgr, &e), 0);
	ck_assert_int_eq(team_add_member(db, team1, u_sales, 30, false, &e), 0);
	ac_sales = (struct access){u_sales, false};
	ac_other = (struct access){u_other, false};
	ac_all = (struct access){u_mgr, true};
}

static void teardown(void)
{
	arena_free(&a);
	db_close(db);
	config_free(cfg);
}

static int64_t new_lead(const char *name, int64_t user, int64_t team, const char *type)
{
	struct lead_input in;
	lead_input_init(&in);
	in.name = name;
	in.user_id = user;
	in.team_id = team;
	in.type = type;
	in.expected_revenue = 100000;
	int64_t id = 0;
	struct err_info e = {0};
	ck_assert_int_eq(lead_create(db, &a, &in, &id, &e), 0);
	return id;
}

static int64_t stage_named(const char *name)
{
	int64_t id = 0;
	ck_assert_int_eq(db_int(db, &id, 0, "SELECT id FROM stage WHERE name = ? ORDER BY id LIMIT 1", "s", name), 0);
	return id;
}

/* The tracked changes of the newest tracking message. */
static json_t *last_tracking(int64_t lead)
{
	struct db_rows r;
	ck_assert_int_eq(db_query1(db, &a, &r,
				   "SELECT tracking FROM message WHERE res_model = 'lead' AND res_id = ? AND kind = 'tracking' "
				   "ORDER BY id DESC LIMIT 1",
				   "i", lead),
			 0);
	return json_loads(db_get(&r, 0, 0), 0, NULL);
}

static bool has_change(json_t *t, const char *field, const char *old, const char *new)
{
	size_t i;
	json_t *o;
	json_array_foreach(t, i, o) {
		const char *f = json_string_value(json_object_get(o, "field"));
		const char *ov = json_string_value(json_object_get(o, "old"));
		const char *nv = json_string_value(json_object_get(o, "new"));
		if (str_eq(f, field) && str_eq(ov, old) && str_eq(nv, new))
			return true;
	}
	return false;
}

START_TEST(update_tracks_old_and_new_values)
{
	int64_t id = new_lead("Tracked", u_sales, team1, "opportunity");
	struct err_info e = {0};
	char st[24], us[24];
	snprintf(st, sizeof st, "%lld", (long long)stage_named("Proposition"));
	snprintf(us, sizeof us, "%lld", (long long)u_other);
	struct lead_val v[] = {{"stage_id", st}, {"expected_revenue", "2 500,00"}, {"probability", "45"},
			       {"user_id", us}};
	struct lead_update u = {v, 4, NULL, 0, false, false};
	ck_assert_int_eq(lead_update(db, &a, &ac_sales, u_sales, id, &u, &e), 0);
	json_t *t = last_tracking(id);
	ck_assert(has_change(t, "stage", "New", "Proposition"));
	ck_assert(has_change(t, "expected_revenue", "1000.00", "2500.00"));
	ck_assert(has_change(t, "probability", "0.00", "45.00"));
	ck_assert(has_change(t, "user", "Ana", "Bob"));
	/* Bob is in no team: the team stays (clearing never happens). */
	json_decref(t);
	struct db_rows r;
	ck_assert_int_eq(lead_get(db, &a, &ac_all, id, &r), 0);
	ck_assert_str_eq(db_getn(&r, 0, "probability_manual"), "1");
	ck_assert_ptr_nonnull(db_getn(&r, 0, "date_open"));
	ck_assert_str_eq(db_getn(&r, 0, "prorated_revenue"), "1125.00");
	/* Ana no longer sees it; Bob does; bad values change nothing. */
	ck_assert_int_eq(lead_get(db, &a, &ac_sales, id, &r), ERR_NOTFOUND);
	struct lead_val bad[] = {{"expected_revenue", "999"}, {"email", "nope"}};
	struct lead_update ub = {bad, 2, NULL, 0, false, false};
	err_clear(&e);
	ck_assert_int_eq(lead_update(db, &a, &ac_other, u_other, id, &ub, &e), ERR_INVALID);
	ck_assert_str_eq(e.field, "email");
	ck_assert_int_eq(lead_get(db, &a, &ac_other, id, &r), 0);
	ck_assert_str_eq(db_getn(&r, 0, "expected_revenue"), "2500.00");
	/* Salesperson change moves the record to the new salesperson's team. */
	snprintf(us, sizeof us, "%lld", (long long)u_sales);
	struct lead_val back[] = {{"user_id", us}};
	struct lead_update ubk = {back, 1, NULL, 0, false, false};
	ck_assert_int_eq(team_join(db, team2, u_other, 10, false, NULL, &e), 0);
	ck_assert_int_eq(lead_update(db, &a, &ac_all, u_mgr, id, &ubk, &e), 0);
	ck_assert_int_eq(lead_get(db, &a, &ac_all, id, &r), 0);
	ck_assert_int_eq(db_getn_i64(&r, 0, "team_id"), team1);
}
END_TEST

START_TEST(won_lost_restore_rules)
{
	struct err_info e = {0};
	int64_t id = new_lead("Deal", u_sales, team1, "opportunity");
	/* Two won stages: Won (70) and a later one; from New the first after it. */
	int64_t late_won;
	ck_assert_int_eq(stage_create(db, "Signed", 90, true, false, 0, &late_won, &e), 0);
	int64_t st;
	ck_assert_int_eq(lead_won_stage(db, team1, stage_named("New"), &st), 0);
	ck_assert_int_eq(st, stage_named("Won"));
	ck_assert_int_eq(lead_won_stage(db, team1, stage_named("Won"), &st), 0);
	ck_assert_int_eq(st, late_won);
	ck_assert_int_eq(lead_won_stage(db, team1, late_won, &st), 0);
	ck_assert_int_eq(st, late_won);
	ck_assert_int_eq(lead_won(db, &a, &ac_sales, u_sales, id, "Won!", &e), 0);
	struct db_rows r;
	ck_assert_int_eq(lead_get(db, &a, &ac_sales, id, &r), 0);
	ck_assert_str_eq(db_getn(&r, 0, "probability"), "100.00");
	ck_assert_str_eq(db_getn(&r, 0, "is_won"), "1");
	ck_assert_ptr_nonnull(db_getn(&r, 0, "date_closed"));
	/* Lost: reason required by the stage setting. */
	ck_assert_int_eq(db_exec(db, "UPDATE stage SET require_lost_reason = 1 WHERE id = ?", "i", stage_named("Won")), 1);
	ck_assert_int_eq(lead_lost(db, &a, &ac_sales, u_sales, id, 0, NULL, "Lost", &e), ERR_INVALID);
	ck_assert_str_eq(e.field, "lost_reason_id");
	int64_t reason;
	err_clear(&e);
	ck_assert_int_eq(lost_reason_save(db, 0, "Too slow", true, &reason, &e), 0);
	ck_assert_int_eq(lead_lost(db, &a, &ac_sales, u_sales, id, reason, "Chose a competitor", "Lost", &e), 0);
	ck_assert_int_eq(lead_get(db, &a, &ac_sales, id, &r), 0);
	ck_assert_str_eq(db_getn(&r, 0, "active"), "0");
	ck_assert_str_eq(db_getn(&r, 0, "probability"), "0.00");
	ck_assert_str_eq(db_getn(&r, 0, "is_lost"), "1");
	ck_assert_str_eq(db_getn(&r, 0, "lost_reason_name"), "Too slow");
	ck_assert_int_eq(lost_reason_list(db, &a, false, &r), 0);
	for (size_t i = 0; i < r.nrows; i++)
		if (str_eq(db_getn(&r, i, "name"), "Too slow"))
			ck_assert_str_eq(db_getn(&r, i, "lead_count"), "1");
	/* Restore: reason cleared, active, won stage keeps 100. */
	ck_assert_int_eq(lead_restore(db, &a, &ac_sales, u_sales, id, "Restored", &e), 0);
	ck_assert_int_eq(lead_get(db, &a, &ac_sales, id, &r), 0);
	ck_assert_str_eq(db_getn(&r, 0, "active"), "1");
	ck_assert_ptr_null(db_getn(&r, 0, "lost_reason_id"));
	ck_assert_str_eq(db_getn(&r, 0, "probability"), "100.00");
	ck_assert_int_eq(lead_restore(db, &a, &ac_sales, u_sales, id, "Restored", &e), ERR_CONFLICT);
	/* Leaving the won stage: open again, never 0 or 100. */
	char s[24];
	snprintf(s, sizeof s, "%lld", (long long)stage_named("Qualified"));
	struct lead_val v[] = {{"stage_id", s}};
	struct lead_update u = {v, 1, NULL, 0, false, false};
	ck_assert_int_eq(lead_update(db, &a, &ac_sales, u_sales, id, &u, &e), 0);
	ck_assert_int_eq(lead_get(db, &a, &ac_sales, id, &r), 0);
	ck_assert_str_eq(db_getn(&r, 0, "probability"), "10.00");
	ck_assert_ptr_null(db_getn(&r, 0, "date_closed"));
	/* A stage turned won lifts its records to 100. */
	struct stage_input si = {"Qualified", "", 2, true, false, false, 0};
	ck_assert_int_eq(stage_save(db, stage_named("Qualified"), &si, NULL, &e), 0);
	ck_assert_int_eq(lead_get(db, &a, &ac_sales, id, &r), 0);
	ck_assert_str_eq(db_getn(&r, 0, "probability"), "100.00");
}
END_TEST

START_TEST(activities_refresh_the_lead_and_chain)
{
	struct err_info e = {0};
	int64_t id = new_lead("With activities", u_sales, team1, "opportunity");
	int64_t call, todo;
	ck_assert_int_eq(activity_type_resolve(db, &a, "call", &call), 0);
	ck_assert_int_eq(activity_type_resolve(db, &a, "To-Do", &todo), 0);
	struct activity_input in = {.res_model = "lead", .res_id = id, .type_id = call, .summary = "Ring",
				    .date_deadline = "2030-01-10", .user_id = u_sales, .create_uid = u_sales};
	int64_t aid;
	ck_assert_int_eq(activity_schedule(db, &a, &in, &aid, &e), 0);
	struct activity_input in2 = {.res_model = "lead", .res_id = id, .type_id = todo,
				     .date_deadline = "2030-01-05", .user_id = u_other, .create_uid = u_sales};
	int64_t aid2;
	ck_assert_int_eq(activity_schedule(db, &a, &in2, &aid2, &e), 0);
	struct db_rows r;
	ck_assert_int_eq(lead_get(db, &a, &ac_all, id, &r), 0);
	ck_assert_str_eq(db_getn(&r, 0, "activity_deadline"), "2030-01-05");
	ck_assert_int_eq(db_getn_i64(&r, 0, "activity_user_id"), u_other);
	/* Bob was notified and follows the record. */
	int64_t n = 0;
	ck_assert_int_eq(db_int(db, &n, 0, "SELECT COUNT(*) FROM notification WHERE user_id = ? AND event = 'activity'",
				"i", u_other),
			 0);
	ck_assert_int_eq(n, 1);
	/* Bob cannot mark Ana's record's call done; Ana can. Triggered chain. */
	ck_assert_int_eq(db_exec(db, "UPDATE activity_type SET chaining_type = 'trigger', next_type_id = ? WHERE id = ?",
				 "ii", todo, call), 1);
	int64_t next = 0, sug = 0;
	ck_assert_int_eq(activity_done(db, &a, &ac_other, aid, u_other, "x", &next, &sug, &e), ERR_NOTFOUND);
	ck_assert_int_eq(activity_done(db, &a, &ac_sales, aid, u_sales, "Talked", &next, &sug, &e), 0);
	ck_assert_int_gt(next, 0);
	ck_assert_int_eq(activity_get(db, &a, &ac_all, next, &r), 0);
	ck_assert_str_eq(db_getn(&r, 0, "date_deadline"), "2030-01-15"); /* To-Do: +5 days from the call */
	ck_assert_int_eq(
		db_int(db, &n, 0,
		       "SELECT COUNT(*) FROM message WHERE res_id = ? AND kind = 'activity' AND activity_type_id = ?",
		       "ii", id, call),
		0);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(activity_cancel(db, &a, &ac_other, aid2), 0); /* Bob's own activity */
	ck_assert_int_eq(activity_cancel(db, &a, &ac_other, aid2), ERR_NOTFOUND);
}
END_TEST

START_TEST(multi_team_setting)
{
	struct err_info e = {0};
	ck_assert_int_eq(team_join(db, team2, u_sales, 20, true, NULL, &e), 0);
	int64_t n = 0;
	ck_assert_int_eq(db_int(db, &n, 0, "SELECT COUNT(*) FROM team_member WHERE user_id = ?", "i", u_sales), 0);
	ck_assert_int_eq(n, 1);
	settings_set(db, "multi_team", "1");
	ck_assert_int_eq(team_join(db, team1, u_sales, 20, false, NULL, &e), 0);
	ck_assert_int_eq(db_int(db, &n, 0, "SELECT COUNT(*) FROM team_member WHERE user_id = ?", "i", u_sales), 0);
	ck_assert_int_eq(n, 2);
	int64_t t = 0;
	ck_assert_int_eq(team_default_for_user(db, u_sales, &t), 0);
	ck_assert_int_eq(t, team2);
	ck_assert_int_eq(team_set_default(db, u_sales, team1, &e), 0);
	ck_assert_int_eq(team_default_for_user(db, u_sales, &t), 0);
	ck_assert_int_eq(t, team1);
	ck_assert_int_eq(team_join(db, team1, u_sales, -5, false, NULL, &e), ERR_INVALID);
}
END_TEST

/* No row of the plan reads crm_lead (or its alias l) by a full scan, and the
 * estimated rows stay far below the table size. */
static void assert_indexed(const struct db_rows *plan, const char *what)
{
	ck_assert_msg(plan->nrows > 0, "%s: no plan", what);
	for (size_t i = 0; i < plan->nrows; i++) {
		const char *table = db_getn(plan, i, "table");
		const char *type = db_getn(plan, i, "type");
		const char *key = db_getn(plan, i, "key");
		bool lead_table = str_eq(table, "l") || str_eq(table, "crm_lead");
		if (!lead_table)
			continue;
		ck_assert_msg(!str_eq(type, "ALL"), "%s: full scan of %s", what, table);
		ck_assert_msg(key != NULL || str_eq(type, "fulltext"), "%s: no index on %s (type %s)", what, table, type);
	}
}

START_TEST(hundred_thousand_leads_paginated_through_indexes)
{
	int64_t r = db_exec(db,
			    "INSERT INTO crm_lead (name, type, active, team_id, stage_id, user_id, expected_revenue, "
			    "probability, email_from, email_normalized, partner_name, create_date) "
			    "SELECT CONCAT('Lead ', seq), IF(seq % 3 = 0, 'lead', 'opportunity'), IF(seq % 20 = 0, 0, 1), "
			    "IF(seq % 2 = 0, ?, ?), 1 + seq % 3, IF(seq % 5 = 0, NULL, IF(seq % 2 = 0, ?, ?)), "
			    "seq % 1000 * 10, 10, CONCAT('p', seq, '@firm', seq % 500, '.example'), "
			    "CONCAT('p', seq, '@firm', seq % 500, '.example'), CONCAT('Firm ', seq % 500), "
			    "UTC_TIMESTAMP() - INTERVAL seq MINUTE FROM seq_1_to_100000",
			    "iiii", team1, team2, u_sales, u_other);
	ck_assert_int_eq(r, 100000);
	ck_assert_int_ge(db_exec(db, "ANALYZE TABLE crm_lead", ""), 0);
	struct db_rows plan, rows;
	struct lead_query q;
	struct activity_today today;
	ck_assert_int_eq(activity_today_load(db, &a, (int64_t)time(NULL), &today), 0);
	const struct {
		const char *what, *type, *search;
		unsigned filters;
		int64_t team, stage, user, after;
		const struct access *ac;
		const char *sort;
	} cases[] = {
		{"opportunities, manager", "opportunity", NULL, 0, 0, 0, 0, 0, &ac_all, NULL},
		{"leads, salesperson (own + unassigned)", "lead", NULL, 0, 0, 0, 0, 0, &ac_sales, NULL},
		{"next page (keyset)", "opportunity", NULL, 0, 0, 0, 0, 50000, &ac_all, NULL},
		{"team filter", "opportunity", NULL, 0, 0, 0, 0, 0, &ac_all, NULL},
		{"stage filter", "opportunity", NULL, 0, 0, 2, 0, 0, &ac_all, NULL},
		{"mine", "opportunity", NULL, LF_MINE, 0, 0, 0, 0, &ac_sales, NULL},
		{"search by e-mail", NULL, "p777@firm277.example", 0, 0, 0, 0, 0, &ac_all, NULL},
		{"search by name", "opportunity", "Lead 4242", 0, 0, 0, 0, 0, &ac_all, NULL},
		{"lost", "opportunity", NULL, LF_LOST, 0, 0, 0, 0, &ac_all, NULL},
		{"late activities", "opportunity", NULL, LF_LATE_ACTIVITIES, 0, 0, 0, 0, &ac_all, NULL},
		{"salesperson filter", NULL, NULL, 0, 0, 0, 1, 0, &ac_all, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(&q, 0, sizeof q);
		q.type = cases[i].type;
		q.q = cases[i].search;
		q.filters = cases[i].filters;
		q.team_id = i == 3 ? team1 : 0;
		q.stage_id = cases[i].stage;
		q.user_id = cases[i].user ? u_other : 0;
		q.after_id = cases[i].after;
		q.viewer_id = u_sales;
		q.today = &today;
		q.limit = 80;
		q.explain = true;
		ck_assert_int_eq(lead_list(db, &a, cases[i].ac, &q, &plan), 0);
		assert_indexed(&plan, cases[i].what);
		q.explain = false;
		ck_assert_int_eq(lead_list(db, &a, cases[i].ac, &q, &rows), 0);
	}
	/* Kanban: header aggregates (one grouped query) and first cards per column. */
	memset(&q, 0, sizeof q);
	q.type = "opportunity";
	q.team_id = team1;
	q.today = &today;
	q.viewer_id = u_mgr;
	q.explain = true;
	ck_assert_int_eq(lead_kanban_stats(db, &a, &ac_all, &q, &plan), 0);
	assert_indexed(&plan, "kanban stats");
	int64_t stages[] = {1, 2, 3, 4};
	ck_assert_int_eq(lead_kanban_cards(db, &a, &ac_all, &q, stages, 4, 21, &plan), 0);
	assert_indexed(&plan, "kanban cards");
	q.explain = false;
	ck_assert_int_eq(lead_kanban_stats(db, &a, &ac_all, &q, &rows), 0);
	int64_t total = 0;
	for (size_t i = 0; i < rows.nrows; i++)
		total += db_getn_i64(&rows, i, "n");
	ck_assert_int_eq(total, 30000); /* team1 (even seq), not lead (seq % 3), active (seq % 20) */
	ck_assert_int_eq(lead_kanban_cards(db, &a, &ac_all, &q, stages, 4, 21, &rows), 0);
	ck_assert_uint_eq(rows.nrows, 42); /* opportunities are in stages 2 and 3 (1 + seq % 3) */
	/* Keyset pages over the salesperson's view: disjoint, ordered, complete. */
	memset(&q, 0, sizeof q);
	q.type = "opportunity";
	q.team_id = team2;
	q.limit = 1000;
	q.viewer_id = u_sales;
	q.today = &today;
	int64_t seen = 0, last = 0;
	for (int page = 0; page < 100; page++) {
		ck_assert_int_eq(lead_list(db, &a, &ac_sales, &q, &rows), 0);
		if (!rows.nrows)
			break;
		for (size_t i = 0; i < rows.nrows; i++) {
			int64_t id = db_getn_i64(&rows, i, "id");
			ck_assert(last == 0 || id < last);
			last = id;
			int64_t owner = db_getn_i64(&rows, i, "user_id");
			ck_assert(owner == 0 || owner == u_sales);
		}
		seen += (int64_t)rows.nrows;
		q.after_id = last;
	}
	int64_t expect = 0;
	struct lead_query cq = {.type = "opportunity", .team_id = team2, .today = &today};
	ck_assert_int_eq(lead_count(db, &a, &ac_sales, &cq, 0, &expect), 0);
	ck_assert_int_eq(seen, expect);
	ck_assert_int_gt(seen, 1000);
	/* The capped count stops early. */
	memset(&q, 0, sizeof q);
	q.today = &today;
	ck_assert_int_eq(lead_count(db, &a, &ac_all, &q, 10001, &expect), 0);
	ck_assert_int_eq(expect, 10001);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("pipeline");
	TCase *t = tcase_create("pipeline");
	tcase_set_timeout(t, 120);
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, update_tracks_old_and_new_values);
	tcase_add_test(t, won_lost_restore_rules);
	tcase_add_test(t, activities_refresh_the_lead_and_chain);
	tcase_add_test(t, multi_team_setting);
	tcase_add_test(t, hundred_thousand_leads_paginated_through_indexes);
	suite_add_tcase(s, t);
	return s;
}

TEST_MAIN(suite)
