/* Integration tests (real MariaDB): predictive lead scoring (S1/S2) -
 * probabilities computed by hand for small datasets, the all-teams pool,
 * tags under 50 closed leads, clamping, manual overrides, lost leads, and the
 * property that live increments equal a full rebuild. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/err.h"
#include "crm/lead.h"
#include "crm/scoring.h"
#include "crm/settings.h"
#include "db/db.h"
#include "support/testutil.h"

static struct config *cfg;
static struct db *db;
static struct arena a;
/* Stages of 0002_crm.sql: New (1), Qualified (2), Proposition (3), Won (70). */
static int64_t s_new, s_qual, s_prop, s_won;

static int64_t q1(const char *sql)
{
	int64_t v = -1;
	ck_assert_int_eq(db_int(db, &v, -1, sql, ""), 0);
	return v;
}

static void setup(void)
{
	db = test_db_fresh(&cfg);
	arena_init(&a, 0);
	s_new = q1("SELECT id FROM stage WHERE name = 'New'");
	s_qual = q1("SELECT id FROM stage WHERE name = 'Qualified'");
	s_prop = q1("SELECT id FROM stage WHERE name = 'Proposition'");
	s_won = q1("SELECT id FROM stage WHERE name = 'Won'");
	settings_set(db, "scoring_fields", "country");
	settings_set(db, "scoring_start_date", "");
}

static void teardown(void)
{
	arena_free(&a);
	db_close(db);
	config_free(cfg);
}

static int64_t team(const char *name)
{
	ck_assert_int_eq(db_exec(db, "INSERT INTO team (name) VALUES (?)", "s", name), 1);
	return db_last_id(db);
}

/* A lead straight in SQL (the scoring module reads whatever the pipeline
 * wrote). prob < 0: open lead at 10 %; kind 'w' won, 'l' lost, 'o' open. */
static int64_t lead(int64_t team_id, int64_t stage, char kind, const char *country, int n)
{
	int64_t id = 0;
	for (int i = 0; i < n; i++) {
		int64_t r = db_exec(db,
				    "INSERT INTO crm_lead (name, type, team_id, stage_id, country_code, active, "
				    "probability, automated_probability) VALUES ('x', 'opportunity', NULLIF(?, 0), "
				    "NULLIF(?, 0), ?, ?, ?, ?)",
				    "iisiss", team_id, stage, country, (int64_t)(kind != 'l'),
				    kind == 'w' ? "100" : kind == 'l' ? "0" : "10", kind == 'w' ? "100" : kind == 'l' ? "0" : "10");
		ck_assert_int_eq(r, 1);
		id = db_last_id(db);
	}
	return id;
}

static void tag(int64_t lead_id, const char *name)
{
	ck_assert_int_ge(db_exec(db, "INSERT IGNORE INTO tag (name) VALUES (?)", "s", name), 0);
	ck_assert_int_eq(db_exec(db, "INSERT INTO lead_tag (lead_id, tag_id) SELECT ?, id FROM tag WHERE name = ?",
				 "is", lead_id, name), 1);
}

static int64_t prob_e2(int64_t id, const char *col)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT ROUND(%s * 100) FROM crm_lead WHERE id = ?", col);
	int64_t v = -1;
	ck_assert_int_eq(db_int(db, &v, -1, sql, "i", id), 0);
	return v;
}

static void rebuild(void)
{
	struct scoring_stats st;
	ck_assert_int_eq(scoring_rebuild(db, 0, NULL, NULL, &st), 0);
}

static const char *row(int64_t team_id, const char *var, const char *val)
{
	struct db_rows r;
	if (db_query1(db, &a, &r, "SELECT CONCAT(won_count, '/', lost_count) FROM scoring_frequency "
				  "WHERE team_id = ? AND variable = ? AND value = ?", "iss", team_id, var, val) != 0)
		return "none";
	return db_get(&r, 0, 0);
}

static const char *sid(int64_t id)
{
	return arena_printf(&a, "%lld", (long long)id);
}

/* Team A: won x3 (FR, FR, BE), lost at Qualified (FR), lost at New (BE). */
static int64_t dataset_a(void)
{
	int64_t t = team("A");
	lead(t, s_won, 'w', "FR", 2);
	lead(t, s_won, 'w', "BE", 1);
	lead(t, s_qual, 'l', "FR", 1);
	lead(t, s_new, 'l', "BE", 1);
	return t;
}

START_TEST(frequency_table_stage_reached)
{
	int64_t t = dataset_a();
	rebuild();
	/* Won: +1 on every stage; lost: +1 on stages up to where it was lost. */
	ck_assert_str_eq(row(t, "stage_id", sid(s_new)), "3.1/2.1");
	ck_assert_str_eq(row(t, "stage_id", sid(s_qual)), "3.1/1.1");
	ck_assert_str_eq(row(t, "stage_id", sid(s_prop)), "3.1/0.1");
	ck_assert_str_eq(row(t, "stage_id", sid(s_won)), "3.1/0.1");
	ck_assert_str_eq(row(t, "country", "FR"), "2.1/1.1");
	ck_assert_str_eq(row(t, "country", "BE"), "1.1/1.1");
	ck_assert_str_eq(row(0, "stage_id", sid(s_new)), "none");
}
END_TEST

START_TEST(hand_computed_probabilities)
{
	int64_t t = dataset_a();
	int64_t o1 = lead(t, s_qual, 'o', "FR", 1);
	int64_t o2 = lead(t, s_new, 'o', "BE", 1);
	int64_t o3 = lead(t, s_prop, 'o', NULL, 1);
	int64_t o4 = lead(t, s_qual, 'o', "DE", 1);
	int64_t o5 = lead(t, 0, 'o', "FR", 1);
	int64_t rev0 = lead_rev(db, t);
	rebuild();
	/* The per-row revision trigger is off during the rebuild: the team's
	 * revision still moves on once (kanban caches see the new values). */
	ck_assert_int_gt(lead_rev(db, t), rev0);
	/* W = 3.1, L = 2.1 (New). o1: Sw = 3.1/5.2 * 3.1/3.1 * 2.1/3.2,
	 * Sl = 2.1/5.2 * 1.1/2.1 * 1.1/2.2 -> 6.51 / (6.51 + 1.76) = 78.72 %. */
	ck_assert_int_eq(prob_e2(o1, "automated_probability"), 7872);
	ck_assert_int_eq(prob_e2(o1, "probability"), 7872);
	/* o2: 3.41 / (3.41 + 3.36) = 50.37 %. */
	ck_assert_int_eq(prob_e2(o2, "automated_probability"), 5037);
	/* o3, no country (skipped): 3.1 / (3.1 + 0.1) = 96.875, but computed
	 * in Odoo's order in binary floating point it is 96.87499999999999,
	 * which Python's round() (and Odoo) makes 96.87. */
	ck_assert_int_eq(prob_e2(o3, "automated_probability"), 9687);
	/* o4, a country never seen: skipped, 3.1 / 4.2 = 73.81 %. */
	ck_assert_int_eq(prob_e2(o4, "automated_probability"), 7381);
	/* No stage: not rescored by the rebuild (kept), 0 when scored live. */
	ck_assert_int_eq(prob_e2(o5, "automated_probability"), 1000);
	int64_t e2;
	ck_assert_int_eq(scoring_rescore_lead(db, o5, &e2), 0);
	ck_assert_int_eq(e2, 0);
	ck_assert_int_eq(prob_e2(o5, "automated_probability"), 0);
	/* Won stage -> 100. */
	int64_t w = lead(t, s_won, 'o', "FR", 1);
	ck_assert_int_eq(scoring_rescore_lead(db, w, &e2), 0);
	ck_assert_int_eq(e2, 10000);
	/* The explanation: prior and factors. */
	struct scoring_explain ex;
	ck_assert_int_eq(scoring_explain_lead(db, &a, o1, &ex), 0);
	ck_assert_int_eq(ex.status, 0);
	ck_assert_int_eq(ex.partition, t);
	ck_assert(fabs(ex.prior - 3.1 / 5.2) < 1e-12);
	ck_assert_uint_eq(ex.nf, 2);
	ck_assert_str_eq(ex.f[0].value, "Qualified");
	ck_assert(fabs(ex.f[0].factor - (3.1 / 3.1) / (1.1 / 2.1)) < 1e-9);
	ck_assert_str_eq(ex.f[1].value, "FR");
	ck_assert(fabs(ex.f[1].factor - (2.1 / 3.2) / (1.1 / 2.2)) < 1e-9);
	ck_assert_int_eq(ex.e2, 7872);
}
END_TEST

START_TEST(pooled_fallback_for_teams_without_data)
{
	dataset_a();
	int64_t b = team("B");
	/* No team: won (FR), lost at New (FR). */
	lead(0, s_won, 'w', "FR", 1);
	lead(0, s_new, 'l', "FR", 1);
	int64_t ob = lead(b, s_qual, 'o', "FR", 1);
	int64_t on = lead(0, s_qual, 'o', "FR", 1);
	rebuild();
	/* Pool = team A + no-team rows: New 4.2/3.2, Qualified 4.2/1.2,
	 * FR 3.2/2.2, BE 1.1/1.1 (sum 4.3/3.3).
	 * Sw = 4.2/7.4 * 4.2/4.2 * 3.2/4.3, Sl = 3.2/7.4 * 1.2/3.2 * 2.2/3.3. */
	double sw = 4.2 / 7.4 * (4.2 / 4.2) * (3.2 / 4.3), sl = 3.2 / 7.4 * (1.2 / 3.2) * (2.2 / 3.3);
	int64_t want = (int64_t)llround(100 * 100 * sw / (sw + sl));
	ck_assert_int_eq(want, 7962); /* 79.62 % */
	ck_assert_int_eq(prob_e2(ob, "automated_probability"), want);
	/* Leads without a team use the pool too. */
	ck_assert_int_eq(prob_e2(on, "automated_probability"), want);
	struct scoring_explain ex;
	ck_assert_int_eq(scoring_explain_lead(db, &a, ob, &ex), 0);
	ck_assert_int_eq(ex.partition, -1);
}
END_TEST

START_TEST(tags_under_50_closed_leads_ignored)
{
	settings_set(db, "scoring_fields", "tags");
	int64_t t = team("T");
	/* 40 won and 20 lost (at New) with VIP; 3 won with Small. */
	for (int i = 0; i < 40; i++)
		tag(lead(t, s_won, 'w', NULL, 1), "VIP");
	for (int i = 0; i < 20; i++)
		tag(lead(t, s_new, 'l', NULL, 1), "VIP");
	for (int i = 0; i < 3; i++)
		tag(lead(t, s_won, 'w', NULL, 1), "Small");
	lead(t, s_new, 'l', NULL, 10);
	int64_t o1 = lead(t, s_new, 'o', NULL, 1);
	tag(o1, "VIP");
	tag(o1, "Small");
	int64_t o2 = lead(t, s_new, 'o', NULL, 1);
	tag(o2, "Small");
	rebuild();
	ck_assert_str_eq(row(t, "tag_id", sid(q1("SELECT id FROM tag WHERE name = 'Small'"))), "3.1/0.1");
	/* W = 43.1, L = 30.1. VIP 40.1/20.1 is the only tag row counted
	 * (Small: 3.2 < 50), so its totals are its own: factor 1 -> o1 =
	 * prior = 43.1 / 73.2 = 58.88 %; o2 (Small ignored) too. */
	double p = 43.1 / 73.2;
	ck_assert_int_eq(prob_e2(o1, "automated_probability"), scoring_round_e2(p));
	ck_assert_int_eq(prob_e2(o1, "automated_probability"), 5888);
	ck_assert_int_eq(prob_e2(o2, "automated_probability"), 5888);
	struct scoring_explain ex;
	ck_assert_int_eq(scoring_explain_lead(db, &a, o1, &ex), 0);
	ck_assert_uint_eq(ex.nf, 3);
	ck_assert_str_eq(ex.f[1].value, "VIP");
	ck_assert_ptr_null(ex.f[1].skipped);
	ck_assert_str_eq(ex.f[2].value, "Small");
	ck_assert_str_eq(ex.f[2].skipped, "few_closed");
	/* With a second tag over 50, VIP's factor is no longer 1. */
	for (int i = 0; i < 55; i++)
		tag(lead(t, s_new, 'l', NULL, 1), "Cold");
	rebuild();
	/* W = 43.1, L = 85.1; tags: VIP 40.1/20.1, Cold 0.1/55.1: totals
	 * 40.2/75.2. o1: Sw = 43.1/128.2 * 40.1/40.2, Sl = 85.1/128.2 * 20.1/75.2. */
	double sw = 43.1 / 128.2 * (40.1 / 40.2), sl = 85.1 / 128.2 * (20.1 / 75.2);
	ck_assert_int_eq(prob_e2(o1, "automated_probability"), scoring_round_e2(sw / (sw + sl)));
	ck_assert_int_eq(prob_e2(o1, "automated_probability"), 6540);
}
END_TEST

START_TEST(clamped_never_0_nor_100)
{
	int64_t hi = team("High"), lo = team("Low");
	ck_assert_int_eq(db_exec(db, "INSERT INTO crm_lead (name, team_id, stage_id, probability, active) "
				     "SELECT 'w', ?, ?, 100, 1 FROM seq_1_to_2000", "ii", hi, s_won), 2000);
	lead(hi, s_new, 'l', NULL, 1);
	ck_assert_int_eq(db_exec(db, "INSERT INTO crm_lead (name, team_id, stage_id, probability, active) "
				     "SELECT 'l', ?, ?, 0, 0 FROM seq_1_to_2000", "ii", lo, s_new), 2000);
	int64_t oh = lead(hi, s_prop, 'o', NULL, 1), ol = lead(lo, s_new, 'o', NULL, 1);
	rebuild();
	/* 2000.1 / 2000.2 = 99.995 % -> 100.00 -> clamped to 99.99. */
	ck_assert_int_eq(prob_e2(oh, "automated_probability"), 9999);
	/* W = 0.1 (initial), L = 2000.1: 0.005 % -> 0.01. */
	ck_assert_int_eq(prob_e2(ol, "automated_probability"), 1);
	ck_assert_int_eq(scoring_round_e2(0.5), 5000);
	ck_assert_int_eq(scoring_round_e2(0.12345), 1235); /* as Python: round(100 * 0.12345, 2) = 12.35 */
	ck_assert_int_eq(scoring_round_e2(1.0), 9999);
	ck_assert_int_eq(scoring_round_e2(0.0), 1);
}
END_TEST

START_TEST(missing_values_and_quality_fields)
{
	settings_set(db, "scoring_fields", "email_state,phone_state");
	int64_t t = team("Q");
	/* Won with a valid e-mail, lost with none: "False" is a value. */
	ck_assert_int_eq(db_exec(db, "INSERT INTO crm_lead (name, team_id, stage_id, probability, active, "
				     "email_from, email_normalized) VALUES ('w', ?, ?, 100, 1, 'a@b.fr', 'a@b.fr')",
				 "ii", t, s_won), 1);
	lead(t, s_new, 'l', NULL, 1);
	rebuild();
	ck_assert_str_eq(row(t, "email_state", "correct"), "1.1/0.1");
	ck_assert_str_eq(row(t, "email_state", "False"), "0.1/1.1");
	ck_assert_str_eq(row(t, "phone_state", "False"), "1.1/1.1");
}
END_TEST

START_TEST(manual_override_kept_and_lost_untouched)
{
	int64_t t = dataset_a();
	int64_t m = lead(t, s_qual, 'o', "FR", 1);
	ck_assert_int_ge(
		db_exec(db, "UPDATE crm_lead SET probability = 42, probability_manual = 1 WHERE id = ?", "i", m), 0);
	int64_t lost = lead(t, s_qual, 'l', "FR", 1);
	ck_assert_int_ge(db_exec(db, "UPDATE crm_lead SET automated_probability = 33 WHERE id = ?", "i", lost), 0);
	rebuild();
	ck_assert_int_eq(prob_e2(m, "probability"), 4200);
	ck_assert_int_eq(prob_e2(m, "automated_probability") > 0, 1);
	ck_assert_int_ne(prob_e2(m, "automated_probability"), 4200);
	/* Lost: never rescored, by a rebuild or an edit. */
	ck_assert_int_eq(prob_e2(lost, "probability"), 0);
	ck_assert_int_eq(prob_e2(lost, "automated_probability"), 3300);
	int64_t e2;
	ck_assert_int_eq(scoring_rescore_lead(db, lost, &e2), 0);
	ck_assert_int_eq(prob_e2(lost, "probability"), 0);
	ck_assert_int_eq(prob_e2(lost, "automated_probability"), 3300);
	/* Back to automatic. */
	ck_assert_int_eq(scoring_set_automatic(db, m, &e2), 0);
	ck_assert_int_eq(e2, prob_e2(m, "automated_probability"));
	ck_assert_int_eq(prob_e2(m, "probability"), prob_e2(m, "automated_probability"));
	ck_assert_int_eq(q1(arena_printf(&a, "SELECT probability_manual FROM crm_lead WHERE id = %lld", (long long)m)), 0);
	/* A live rescore keeps a manual value too. */
	ck_assert_int_ge(
		db_exec(db, "UPDATE crm_lead SET probability = 42, probability_manual = 1 WHERE id = ?", "i", m), 0);
	ck_assert_int_eq(scoring_rescore_lead(db, m, &e2), 0);
	ck_assert_int_eq(prob_e2(m, "probability"), 4200);
	ck_assert_int_eq(prob_e2(m, "automated_probability"), e2);
}
END_TEST

START_TEST(partition_without_won_or_lost_cannot_score)
{
	int64_t t = team("OnlyWon");
	lead(t, s_won, 'w', "FR", 3);
	int64_t o = lead(t, s_new, 'o', "FR", 1);
	rebuild();
	/* W = 3.1, L = 0.1 (initial): it can score; with no row at all it
	 * cannot and keeps its value. */
	ck_assert_int_eq(prob_e2(o, "automated_probability"), scoring_round_e2(3.1 / 3.2));
	ck_assert_int_ge(db_exec(db, "DELETE FROM scoring_frequency", ""), 0);
	ck_assert_int_ge(
		db_exec(db, "UPDATE crm_lead SET automated_probability = 12, probability = 12 WHERE id = ?", "i", o),
		0);
	int64_t e2;
	ck_assert_int_eq(scoring_rescore_lead(db, o, &e2), 0);
	ck_assert_int_eq(e2, -1);
	ck_assert_int_eq(prob_e2(o, "automated_probability"), 1200);
}
END_TEST

START_TEST(live_increments_and_start_date)
{
	int64_t t = dataset_a();
	rebuild();
	int64_t o = lead(t, s_qual, 'o', "FR", 1);
	/* Won: +1 won on every stage and on FR. */
	ck_assert_int_eq(scoring_on_close(db, o, true, s_won), 0);
	ck_assert_int_ge(
		db_exec(db, "UPDATE crm_lead SET stage_id = ?, probability = 100 WHERE id = ?", "ii", s_won, o), 0);
	ck_assert_str_eq(row(t, "stage_id", sid(s_new)), "4.1/2.1");
	ck_assert_str_eq(row(t, "stage_id", sid(s_prop)), "4.1/0.1");
	ck_assert_str_eq(row(t, "country", "FR"), "3.1/1.1");
	/* Moving between won stages counts nothing more. */
	int64_t won2 = 0;
	ck_assert_int_ge(db_exec(db, "INSERT INTO stage (name, sequence, is_won) VALUES ('Signed', 80, 1)", ""), 0);
	won2 = db_last_id(db);
	ck_assert_int_eq(scoring_on_stage_change(db, o, s_won, won2), 0);
	ck_assert_str_eq(row(t, "country", "FR"), "3.1/1.1");
	/* Back out of won: -1 won (and the Signed row, created by the
	 * rebuild-less path, is not there to decrement). */
	ck_assert_int_eq(scoring_on_stage_change(db, o, s_won, s_prop), 0);
	ck_assert_int_ge(
		db_exec(db, "UPDATE crm_lead SET stage_id = ?, probability = 50 WHERE id = ?", "ii", s_prop, o), 0);
	ck_assert_str_eq(row(t, "stage_id", sid(s_new)), "3.1/2.1");
	/* Lost at Proposition: +1 lost on New, Qualified, Proposition. */
	ck_assert_int_eq(scoring_on_close(db, o, false, 0), 0);
	ck_assert_int_ge(db_exec(db, "UPDATE crm_lead SET active = 0, probability = 0 WHERE id = ?", "i", o), 0);
	ck_assert_str_eq(row(t, "stage_id", sid(s_prop)), "3.1/1.1");
	ck_assert_str_eq(row(t, "stage_id", sid(s_new)), "3.1/3.1");
	/* Restore: -1 lost; the Proposition row is back to 3.1/0.1. */
	ck_assert_int_eq(scoring_on_restore(db, o), 0);
	ck_assert_int_ge(db_exec(db, "UPDATE crm_lead SET active = 1, probability = 50 WHERE id = ?", "i", o), 0);
	ck_assert_str_eq(row(t, "stage_id", sid(s_prop)), "3.1/0.1");
	/* Leads created before the start date never count. */
	ck_assert_int_ge(db_exec(db, "UPDATE crm_lead SET create_date = '2020-01-01' WHERE id = ?", "i", o), 0);
	settings_set(db, "scoring_start_date", "2021-01-01");
	ck_assert_int_eq(scoring_on_close(db, o, false, 0), 0);
	ck_assert_str_eq(row(t, "stage_id", sid(s_prop)), "3.1/0.1");
}
END_TEST

/* Property: after any sequence of won / lost / restore / stage moves, the
 * live-incremented table equals a full rebuild. */
static uint64_t rs = 88172645463325252ULL;
static unsigned rnd(unsigned n)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return (unsigned)(rs % n);
}

static char *table_dump(void)
{
	struct db_rows r;
	ck_assert_int_eq(db_query(db, &a, &r, "SELECT GROUP_CONCAT(CONCAT_WS(':', team_id, variable, value, "
					      "won_count, lost_count) ORDER BY team_id, variable, value SEPARATOR ' ') "
					      "FROM scoring_frequency", ""), 0);
	return arena_strdup(&a, db_get(&r, 0, 0) ? db_get(&r, 0, 0) : "");
}

START_TEST(increments_equal_rebuild_property)
{
	settings_set(db, "scoring_fields", "country,tags");
	int64_t teams[2] = {team("P1"), team("P2")};
	const char *countries[] = {"FR", "BE", NULL};
	int64_t stages[] = {s_new, s_qual, s_prop};
	int64_t ids[24];
	for (int i = 0; i < 24; i++) {
		ids[i] = lead(i % 3 == 2 ? 0 : teams[i % 2], stages[rnd(3)], 'o', countries[rnd(3)], 1);
		if (rnd(2))
			tag(ids[i], rnd(2) ? "Hot" : "Cold");
	}
	rebuild(); /* empty table: nothing closed yet */
	for (int round = 0; round < 6; round++) {
		for (int step = 0; step < 40; step++) {
			int64_t id = ids[rnd(24)];
			struct db_rows r;
			ck_assert_int_eq(db_query1(db, &a, &r, "SELECT l.active, l.probability, s.is_won FROM crm_lead l "
							       "LEFT JOIN stage s ON s.id = l.stage_id WHERE l.id = ?", "i", id), 0);
			bool active = db_get_i64(&r, 0, 0) != 0, won = db_get_i64(&r, 0, 2) != 0;
			switch (rnd(4)) {
			case 0: /* won (restores a lost lead too) */
				if (won && active)
					break;
				ck_assert_int_eq(scoring_before_write(db, id, s_won, active ? -1 : 1), 0);
				ck_assert_int_ge(
					db_exec(db,
						"UPDATE crm_lead SET stage_id = ?, probability = 100, active = 1 WHERE id = ?",
						"ii", s_won, id),
					0);
				break;
			case 1: /* lost */
				if (!active)
					break;
				ck_assert_int_eq(scoring_on_close(db, id, false, 0), 0);
				ck_assert_int_ge(db_exec(db,
							 "UPDATE crm_lead SET active = 0, probability = 0 WHERE id = ?",
							 "i", id),
						 0);
				break;
			case 2: /* restore: in a won stage it is won again */
				if (active)
					break;
				ck_assert_int_eq(scoring_on_restore(db, id), 0);
				ck_assert_int_ge(
					db_exec(db,
						"UPDATE crm_lead SET active = 1, probability = IF(stage_id = ?, 100, 30) "
						"WHERE id = ?",
						"ii", s_won, id),
					0);
				break;
			default: { /* move an open or won lead to another open stage */
				if (!active)
					break;
				int64_t to = stages[rnd(3)];
				ck_assert_int_eq(scoring_before_write(db, id, to, -1), 0);
				ck_assert_int_ge(
					db_exec(db, "UPDATE crm_lead SET stage_id = ?, probability = 30 WHERE id = ?",
						"ii", to, id),
					0);
			}
			}
		}
		char *live = table_dump();
		rebuild();
		char *full = table_dump();
		ck_assert_msg(strcmp(live, full) == 0, "round %d:\nlive %s\nfull %s", round, live, full);
	}
	ck_assert_int_gt(q1("SELECT COUNT(*) FROM scoring_frequency"), 10);
}
END_TEST

/* The rescoring spread over several connections (`piste score rebuild`
 * uses one per core) gives every lead the probability one connection
 * gives, manual probabilities kept; the learning scan counts values
 * byte for byte ("fr" and "FR" are two rows). */
static char *lead_dump(void)
{
	struct db_rows r;
	ck_assert_int_eq(db_query1(db, &a, &r, "SELECT CONCAT(COUNT(*), '/', SUM(automated_probability * 100), '/', "
					       "SUM(probability * 100), '/', BIT_XOR(CRC32(CONCAT(id, ':', automated_probability, "
					       "':', probability)))) FROM crm_lead", ""), 0);
	return arena_strdup(&a, db_get(&r, 0, 0));
}

START_TEST(rebuild_on_several_connections_same_result)
{
	settings_set(db, "scoring_fields", "country,tags,email_state");
	int64_t t1 = team("C1"), t2 = team("C2");
	ck_assert_int_eq(db_exec(db,
				 "INSERT INTO crm_lead (name, type, team_id, stage_id, country_code, email_from, active, "
				 "probability, automated_probability, probability_manual) "
				 "SELECT CONCAT('p', seq), 'opportunity', ELT(1 + seq % 3, ?, ?, NULL), "
				 "ELT(1 + seq % 4, ?, ?, ?, ?), ELT(1 + seq % 5, 'FR', 'fr', 'BE', 'DE', ''), "
				 "IF(seq % 7 = 0, 'x', NULL), IF(seq % 4 <> 3 AND seq % 6 = 0, 0, 1), "
				 "IF(seq % 4 = 3, 100, IF(seq % 6 = 0, 0, 10 + seq % 50)), 0, seq % 11 = 0 "
				 "FROM seq_1_to_100000 WHERE seq <= 3000",
				 "iiiiii", t1, t2, s_new, s_qual, s_prop, s_won), 3000);
	ck_assert_int_eq(db_exec(db, "INSERT IGNORE INTO tag (name) VALUES ('Hot')", ""), 1);
	ck_assert_int_eq(db_exec(db, "INSERT INTO lead_tag (lead_id, tag_id) SELECT l.id, t.id FROM crm_lead l "
				     "JOIN tag t ON t.name = 'Hot' WHERE l.id % 3 = 0", ""), 1000);
	struct scoring_stats st1, st3;
	ck_assert_int_eq(scoring_rebuild_on(&db, 1, 100, NULL, NULL, &st1), 0);
	char *one = lead_dump();
	/* Team C1 (seq % 3 = 0): FR is seq % 15 = 0 (50 won, 100 lost), fr
	 * seq % 15 = 6 (as many). */
	ck_assert_str_eq(row(t1, "country", "FR"), "50.1/100.1");
	ck_assert_str_eq(row(t1, "country", "fr"), "50.1/100.1");
	/* Back to the values before, then three connections. */
	ck_assert_int_gt(db_exec(db, "UPDATE crm_lead SET automated_probability = 0, "
				     "probability = IF(probability_manual = 1, probability, 10 + id % 50) "
				     "WHERE active = 1 AND probability < 100", ""), 1000);
	struct db *dbs[3] = {db, NULL, NULL};
	ck_assert_int_eq(db_open(&dbs[1], cfg, true), 0);
	ck_assert_int_eq(db_open(&dbs[2], cfg, true), 0);
	ck_assert_int_eq(scoring_rebuild_on(dbs, 3, 100, NULL, NULL, &st3), 0);
	db_close(dbs[1]);
	db_close(dbs[2]);
	ck_assert_str_eq(lead_dump(), one);
	ck_assert_int_eq(st3.candidates, st1.candidates);
	ck_assert_int_eq(st3.updated, st1.updated);
	ck_assert_int_gt(st1.updated, 1000);
	ck_assert_int_eq(st3.rows, st1.rows);
}
END_TEST

START_TEST(settings_validated_and_team_fold)
{
	struct err_info e = {0};
	ck_assert_int_eq(scoring_settings_save(db, "country, tags,phone_state", "2024-01-31", &e), 0);
	struct scoring_config c;
	ck_assert_int_eq(scoring_config_load(db, &c), 0);
	ck_assert_uint_eq(c.vars, (1u << SV_STAGE) | (1u << SV_COUNTRY) | (1u << SV_TAG) | (1u << SV_PHONE_STATE));
	ck_assert_str_eq(c.start_date, "2024-01-31");
	ck_assert_int_eq(scoring_settings_save(db, "country,shoe_size", "", &e), ERR_INVALID);
	ck_assert_str_eq(e.field, "scoring_fields");
	err_clear(&e);
	ck_assert_int_eq(scoring_settings_save(db, "country", "31/01/2024", &e), ERR_INVALID);
	ck_assert_str_eq(e.field, "scoring_start_date");
	/* Deleting a team folds its rows into the no-team rows. */
	scoring_settings_save(db, "country", "", &e);
	int64_t t = dataset_a();
	lead(0, s_won, 'w', "FR", 1);
	rebuild();
	ck_assert_str_eq(row(0, "country", "FR"), "1.1/0.1");
	ck_assert_int_eq(scoring_team_deleted(db, t), 0);
	ck_assert_str_eq(row(0, "country", "FR"), "3.1/1.1");
	ck_assert_str_eq(row(t, "country", "FR"), "none");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("scoring");
	TCase *tc = tcase_create("scoring");
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, frequency_table_stage_reached);
	tcase_add_test(tc, hand_computed_probabilities);
	tcase_add_test(tc, pooled_fallback_for_teams_without_data);
	tcase_add_test(tc, tags_under_50_closed_leads_ignored);
	tcase_add_test(tc, clamped_never_0_nor_100);
	tcase_add_test(tc, missing_values_and_quality_fields);
	tcase_add_test(tc, manual_override_kept_and_lost_untouched);
	tcase_add_test(tc, partition_without_won_or_lost_cannot_score);
	tcase_add_test(tc, live_increments_and_start_date);
	tcase_add_test(tc, increments_equal_rebuild_property);
	tcase_add_test(tc, rebuild_on_several_connections_same_result);
	tcase_add_test(tc, settings_validated_and_team_fold);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(suite)
