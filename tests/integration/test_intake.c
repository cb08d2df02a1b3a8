/* Integration tests (real MariaDB): a contact-form submission becomes a lead
 * with SPEC I1's defaults, its chatter message and the team followers'
 * notifications (P13), exactly once per idempotency key (I4) even when the
 * spool is replayed by several processes at once; the form's settings;
 * refusal counts (I3). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/err.h"
#include "core/log.h"
#include "crm/follower.h"
#include "crm/intake.h"
#include "crm/ratelimit.h"
#include "crm/settings.h"
#include "crm/spool.h"
#include "crm/stage.h"
#include "crm/team.h"
#include "crm/user.h"
#include "db/db.h"
#include "support/testutil.h"

static struct config *cfg;
static struct db *db;
static struct arena a;
static int64_t team_a, team_b, user_s, user_f1, user_f2, user_off;

static void setup(void)
{
	db = test_db_fresh(&cfg);
	log_set_quiet(1);
	arena_init(&a, 0);
	struct team_input ta = {"Direct", NULL, 0, true, true};
	struct team_input tb = {"Export", NULL, 0, false, true};
	ck_assert_int_eq(team_create(db, &ta, &team_a, NULL), 0);
	ck_assert_int_eq(team_create(db, &tb, &team_b, NULL), 0);
	ck_assert_int_eq(user_create(db, "seller", "Seller", NULL, "sales", "quill-harbor-kettle-42", &user_s, NULL), 0);
	ck_assert_int_eq(user_create(db, "f1", "Follower 1", NULL, "manager", "quill-harbor-kettle-42", &user_f1, NULL), 0);
	ck_assert_int_eq(user_create(db, "f2", "Follower 2", NULL, "sales", "quill-harbor-kettle-42", &user_f2, NULL), 0);
	ck_assert_int_eq(user_create(db, "off", "Gone", NULL, "sales", "quill-harbor-kettle-42", &user_off, NULL), 0);
	ck_assert_int_eq(user_set_active(db, user_off, false), 0);
}

static void teardown(void)
{
	arena_free(&a);
	db_close(db);
	config_free(cfg);
}

static const char *q1(const char *sql, int64_t id)
{
	struct db_rows r;
	if (db_query1(db, &a, &r, sql, "i", id) != 0)
		return NULL;
	return db_get(&r, 0, 0);
}

static int64_t count(const char *sql)
{
	int64_t n = -1;
	ck_assert_int_eq(db_int(db, &n, 0, sql, ""), 0);
	return n;
}

static void form(struct intake_form *f, const char *email)
{
	struct intake_kv kv[] = {{"contact_name", "Zoé Client"}, {"email", email},
				 {"phone", "06 12 34 56 78"}, {"partner_name", "Zoé & Co"},
				 {"description", "Need 3 licences"}, {"budget", "5k"}, {"consent", "1"}};
	struct err_info errs[4];
	size_t n;
	ck_assert_int_eq(intake_form_parse(&a, kv, 7, NULL, 0, f, errs, 4, &n), 0);
	f->lang = "de";
	f->ip = "203.0.113.9";
	f->consent_version = "v3";
}

START_TEST(lead_gets_the_I1_defaults_chatter_and_notifications)
{
	/* A folded first stage is skipped; a team-specific stage of another team too. */
	int64_t folded, other;
	ck_assert_int_eq(stage_create(db, "Inbox", 0, false, true, 0, &folded, NULL), 0);
	ck_assert_int_eq(stage_create(db, "Theirs", 0, false, false, team_a, &other, NULL), 0);
	ck_assert_int_eq(settings_set_int(db, "default_team_id", team_b), 0);
	ck_assert_int_eq(settings_set_int(db, "default_user_id", user_s), 0);
	ck_assert_int_eq(follower_add(db, "team", team_b, user_f1), 0);
	ck_assert_int_eq(follower_add(db, "team", team_b, user_f2), 0);
	ck_assert_int_eq(follower_add(db, "team", team_b, user_off), 0);
	ck_assert_int_eq(follower_add(db, "team", team_a, user_s), 0);
	struct intake_settings s;
	ck_assert_int_eq(intake_settings_load(db, &a, &s), 0);
	struct intake_form f;
	form(&f, "Zoe@Gmail.com");
	int64_t id = 0;
	struct err_info e = {0};
	ck_assert_int_eq(intake_create_lead(db, &a, &s, NULL, &f, &id, &e), 0);
	ck_assert_int_gt(id, 0);
	ck_assert_str_eq(q1("SELECT medium FROM crm_lead WHERE id = ?", id), "Website");
	ck_assert_str_eq(q1("SELECT origin FROM crm_lead WHERE id = ?", id), "form");
	ck_assert_int_eq(atoll(q1("SELECT team_id FROM crm_lead WHERE id = ?", id)), team_b);
	ck_assert_int_eq(atoll(q1("SELECT user_id FROM crm_lead WHERE id = ?", id)), user_s);
	/* Export does not use leads: an opportunity (X6). */
	ck_assert_str_eq(q1("SELECT type FROM crm_lead WHERE id = ?", id), "opportunity");
	ck_assert_str_eq(q1("SELECT s.name FROM crm_lead l JOIN stage s ON s.id = l.stage_id WHERE l.id = ?", id), "New");
	ck_assert_str_eq(q1("SELECT lang FROM crm_lead WHERE id = ?", id), "de");
	ck_assert_str_eq(q1("SELECT email_normalized FROM crm_lead WHERE id = ?", id), "zoe@gmail.com");
	ck_assert_str_eq(q1("SELECT email_domain_criterion FROM crm_lead WHERE id = ?", id), "zoe@gmail.com");
	ck_assert_str_eq(q1("SELECT phone_sanitized FROM crm_lead WHERE id = ?", id), "+33612345678");
	ck_assert_str_eq(q1("SELECT description FROM crm_lead WHERE id = ?", id), "Need 3 licences\n\nbudget: 5k");
	ck_assert_str_eq(q1("SELECT partner_name FROM crm_lead WHERE id = ?", id), "Zoé & Co");
	/* I7: consent with version, time and address. */
	ck_assert_str_eq(q1("SELECT consent FROM crm_lead WHERE id = ?", id), "1");
	ck_assert_str_eq(q1("SELECT consent_version FROM crm_lead WHERE id = ?", id), "v3");
	ck_assert_str_eq(q1("SELECT consent_ip FROM crm_lead WHERE id = ?", id), "203.0.113.9");
	ck_assert_ptr_nonnull(q1("SELECT consent_at FROM crm_lead WHERE id = ?", id));
	ck_assert_str_eq(q1("SELECT intake_key FROM crm_lead WHERE id = ?", id), f.key);
	ck_assert_str_eq(q1("SELECT body FROM message WHERE res_model = 'lead' AND res_id = ?", id),
			 "Lead created from the website form");
	/* Active followers of the team, not of the other team, not disabled users. */
	ck_assert_int_eq(count("SELECT COUNT(*) FROM notification WHERE event = 'lead_created' AND res_model = 'team'"), 2);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM notification WHERE user_id IN (SELECT id FROM app_user WHERE login IN ('seller', 'off'))"), 0);

	/* utm_medium replaces the "Website" default; the leads team gives a lead. */
	ck_assert_int_eq(settings_set_int(db, "default_team_id", team_a), 0);
	ck_assert_int_eq(intake_settings_load(db, &a, &s), 0);
	form(&f, "other@example.org");
	f.utm_medium = "cpc";
	f.utm_source = "google";
	f.utm_campaign = "spring";
	ck_assert_int_eq(intake_create_lead(db, &a, &s, NULL, &f, &id, &e), 0);
	ck_assert_str_eq(q1("SELECT medium FROM crm_lead WHERE id = ?", id), "cpc");
	ck_assert_str_eq(q1("SELECT source FROM crm_lead WHERE id = ?", id), "google");
	ck_assert_str_eq(q1("SELECT campaign FROM crm_lead WHERE id = ?", id), "spring");
	ck_assert_str_eq(q1("SELECT type FROM crm_lead WHERE id = ?", id), "lead");
	ck_assert_str_eq(q1("SELECT s.name FROM crm_lead l JOIN stage s ON s.id = l.stage_id WHERE l.id = ?", id), "Theirs");
}
END_TEST

START_TEST(missing_defaults_fall_back)
{
	/* A deleted default team -> the first active team; a disabled default
	 * salesperson -> nobody. */
	ck_assert_int_eq(settings_set_int(db, "default_team_id", 987654), 0);
	ck_assert_int_eq(settings_set_int(db, "default_user_id", user_off), 0);
	ck_assert_int_ge(db_exec(db, "UPDATE team SET active = 0 WHERE id = ?", "i", team_a), 0);
	struct intake_settings s;
	ck_assert_int_eq(intake_settings_load(db, &a, &s), 0);
	struct intake_form f;
	form(&f, "x@example.org");
	int64_t id;
	ck_assert_int_eq(intake_create_lead(db, &a, &s, NULL, &f, &id, NULL), 0);
	ck_assert_int_eq(atoll(q1("SELECT team_id FROM crm_lead WHERE id = ?", id)), team_b);
	ck_assert_ptr_null(q1("SELECT user_id FROM crm_lead WHERE id = ?", id));
}
END_TEST

START_TEST(a_stale_cached_route_fails_cleanly)
{
	struct intake_settings s;
	intake_settings_defaults(&s);
	s.default_team_id = team_b;
	struct intake_route r;
	ck_assert_int_eq(intake_route_resolve(db, &a, &s, &r), 0);
	ck_assert_int_eq(r.team_id, team_b);
	ck_assert(!r.is_lead);
	ck_assert_int_gt(r.stage_id, 0);
	/* The cached stage disappears: refused cleanly, nothing half-written. */
	int64_t stage;
	ck_assert_int_eq(stage_create(db, "Temp", 0, false, false, team_b, &stage, NULL), 0);
	r.stage_id = stage;
	ck_assert_int_eq(db_exec(db, "DELETE FROM stage WHERE id = ?", "i", stage), 1);
	struct intake_form f;
	form(&f, "stale@example.org");
	struct err_info e = {0};
	ck_assert_int_eq(intake_create_lead(db, &a, &s, &r, &f, NULL, &e), ERR_INVALID);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM crm_lead"), 0);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM message"), 0);
	ck_assert_int_eq(intake_route_resolve(db, &a, &s, &r), 0);
	ck_assert_int_eq(intake_create_lead(db, &a, &s, &r, &f, NULL, &e), 0);
}
END_TEST

START_TEST(same_key_is_one_lead)
{
	struct intake_settings s;
	intake_settings_defaults(&s);
	struct intake_form f;
	form(&f, "once@example.org");
	int64_t id1, id2 = 0;
	ck_assert_int_eq(intake_create_lead(db, &a, &s, NULL, &f, &id1, NULL), 0);
	ck_assert_int_eq(intake_create_lead(db, &a, &s, NULL, &f, &id2, NULL), ERR_CONFLICT);
	ck_assert_int_eq(id2, id1);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM crm_lead"), 1);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM message"), 1);
}
END_TEST

START_TEST(a_form_token_is_used_once)
{
	struct intake_settings s;
	intake_settings_defaults(&s);
	char tok[INTAKE_TOKEN_LEN], hash[65];
	intake_token_sign("secret", 1000, tok);
	ck_assert_int_eq(intake_token_check("secret", tok, 1010, 3, 86400, hash), 0);
	struct intake_form f, g;
	form(&f, "first@example.org");
	form(&g, "replay@example.org");
	f.token_hash = g.token_hash = hash;
	int64_t id1 = 0, id2 = 0;
	ck_assert_int_eq(intake_create_lead(db, &a, &s, NULL, &f, &id1, NULL), 0);
	/* Another submission with the same token: refused, nothing stored. */
	struct err_info e = {0};
	ck_assert_int_eq(intake_create_lead(db, &a, &s, NULL, &g, &id2, &e), ERR_FORBIDDEN);
	ck_assert_str_eq(e.field, INTAKE_TOKEN);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM crm_lead"), 1);
	/* The same submission again (a spool entry replayed twice): its lead. */
	ck_assert_int_eq(intake_create_lead(db, &a, &s, NULL, &f, &id2, NULL), ERR_CONFLICT);
	ck_assert_int_eq(id2, id1);
	/* Through the spool (JSON keeps the hash): the replay is counted as spam. */
	char dir[256];
	snprintf(dir, sizeof dir, "/tmp/piste-it-token-%d/contact", (int)getpid());
	form(&g, "replay2@example.org");
	g.token_hash = hash;
	char *j = intake_form_to_json(&g);
	ck_assert_int_eq(spool_write(dir, g.key, j, strlen(j)), 0);
	free(j);
	int done = 0, failed = 0;
	ck_assert_int_eq(intake_spool_replay(db, dir, 0, &done, &failed), 0);
	ck_assert_int_eq(spool_count(dir), 0);
	ck_assert_int_eq(failed, 0);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM crm_lead"), 1);
	ck_assert_int_eq(count("SELECT n FROM intake_reject WHERE reason = 'replay'"), 1);
	/* Expired rows go at the next purge, live ones stay. */
	ck_assert_int_eq(count("SELECT COUNT(*) FROM form_token"), 1);
	ck_assert_int_eq(intake_token_purge(db), 0);
	ck_assert_int_ge(db_exec(db, "UPDATE form_token SET expires_at = UTC_TIMESTAMP() - INTERVAL 1 SECOND", ""), 0);
	ck_assert_int_eq(intake_token_purge(db), 1);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM form_token"), 0);
}
END_TEST

START_TEST(concurrent_spool_replays_create_each_lead_once)
{
	char dir[256];
	snprintf(dir, sizeof dir, "/tmp/piste-it-spool-%d/contact", (int)getpid());
	struct intake_settings s;
	intake_settings_defaults(&s);
	char keys[40][48];
	for (int i = 0; i < 40; i++) {
		struct intake_form f;
		form(&f, arena_printf(&a, "spool%d@example.org", i));
		f.submitted_at -= 3600; /* submitted an hour ago, while the database was down */
		snprintf(keys[i], sizeof keys[i], "%s", f.key);
		char *j = intake_form_to_json(&f);
		ck_assert_int_eq(spool_write(dir, f.key, j, strlen(j)), 0);
		free(j);
		/* Entry 7 was committed just before a crash that kept its file. */
		if (i == 7)
			ck_assert_int_eq(intake_create_lead(db, &a, &s, NULL, &f, NULL, NULL), 0);
	}
	ck_assert_int_eq(spool_write(dir, "notjsonatall", "{", 1), 0);
	/* A replay with a time budget stops when it runs out; the rest waits. */
	int done = -1;
	ck_assert_int_eq(intake_spool_replay(db, dir, 1, &done, NULL), ERR_UNAVAILABLE);
	ck_assert_int_lt(done, 40);
	ck_assert_int_gt(spool_count(dir), 0);
	for (int p = 0; p < 4; p++) {
		if (fork() == 0) {
			struct db *mine;
			db_open(&mine, cfg, true);
			int rc = intake_spool_replay(mine, dir, 0, NULL, NULL);
			db_close(mine);
			_exit(rc == 0 ? 0 : 1);
		}
	}
	for (int p = 0; p < 4; p++) {
		int st;
		wait(&st);
		ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	ck_assert_int_eq(count("SELECT COUNT(*) FROM crm_lead"), 40);
	ck_assert_int_eq(count("SELECT COUNT(DISTINCT intake_key) FROM crm_lead"), 40);
	ck_assert_int_eq(count("SELECT COUNT(*) FROM message"), 40);
	for (int i = 0; i < 40; i++) {
		int64_t n;
		ck_assert_int_eq(db_int(db, &n, 0, "SELECT COUNT(*) FROM crm_lead WHERE intake_key = ?", "s", keys[i]),
				 0);
		ck_assert_int_eq(n, 1);
	}
	/* The submission time is kept, not the replay time. */
	ck_assert_int_eq(count("SELECT COUNT(*) FROM crm_lead WHERE create_date < UTC_TIMESTAMP() - INTERVAL 50 MINUTE"), 40);
	ck_assert_int_eq(spool_count(dir), 0);
	char failed[300];
	snprintf(failed, sizeof failed, "%s/failed", dir);
	ck_assert_int_eq(spool_count(failed), 1);
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf /tmp/piste-it-spool-%d", (int)getpid());
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(settings_round_trip_and_validation)
{
	struct intake_settings s;
	ck_assert_int_eq(intake_settings_load(db, &a, &s), 0);
	ck_assert_int_eq(s.min_seconds, 3);
	ck_assert_int_eq(s.rate_limit, 10);
	ck_assert(s.consent_show);
	s.default_team_id = team_b;
	s.default_user_id = user_s;
	s.min_seconds = 5;
	s.rate_limit = 4;
	s.rate_window = 60;
	strcpy(s.consent_version, "2026-11");
	strcpy(s.consent_text_fr, "J'accepte « tout »");
	strcpy(s.origins, "HTTPS://www.Example.com/contact\n http://shop.example:8080 ");
	strcpy(s.redirect_url, "https://www.example.com/merci");
	struct err_info e = {0};
	ck_assert_int_eq(intake_settings_save(db, &a, &s, &e), 0);
	struct intake_settings t;
	ck_assert_int_eq(intake_settings_load(db, &a, &t), 0);
	ck_assert_int_eq(t.default_team_id, team_b);
	ck_assert_int_eq(t.min_seconds, 5);
	ck_assert_int_eq(t.rate_window, 60);
	ck_assert_str_eq(t.consent_version, "2026-11");
	ck_assert_str_eq(t.consent_text_fr, "J'accepte « tout »");
	ck_assert_str_eq(t.origins, "https://www.example.com\nhttp://shop.example:8080");
	ck_assert_str_eq(t.redirect_url, "https://www.example.com/merci");

	strcpy(t.redirect_url, "https://evil.example/");
	err_clear(&e);
	ck_assert_int_eq(intake_settings_save(db, &a, &t, &e), ERR_INVALID);
	ck_assert_str_eq(e.field, "redirect_url");
	t.redirect_url[0] = '\0';
	strcpy(t.origins, "javascript:alert(1)");
	err_clear(&e);
	ck_assert_int_eq(intake_settings_save(db, &a, &t, &e), ERR_INVALID);
	ck_assert_str_eq(e.field, "origins");
	t.origins[0] = '\0';
	t.default_user_id = user_off;
	err_clear(&e);
	ck_assert_int_eq(intake_settings_save(db, &a, &t, &e), ERR_INVALID);
	ck_assert_str_eq(e.field, "default_user_id");
	t.default_user_id = 0;
	t.max_age = 2;
	err_clear(&e);
	ck_assert_int_eq(intake_settings_save(db, &a, &t, &e), ERR_INVALID);
	ck_assert_str_eq(e.field, "max_age");
	t.max_age = 3600;
	t.consent_version[0] = '\0';
	err_clear(&e);
	ck_assert_int_eq(intake_settings_save(db, &a, &t, &e), ERR_INVALID);
	ck_assert_str_eq(e.field, "consent_version");
}
END_TEST

START_TEST(rejections_are_counted_and_flushed)
{
	ck_assert_int_eq(intake_reject_add(db, REJ_HONEYPOT, 1), 0);
	ck_assert_int_eq(intake_reject_add(db, REJ_HONEYPOT, 2), 0);
	/* Counted while the database was down: kept in the shared file. */
	char path[256];
	snprintf(path, sizeof path, "/tmp/piste-it-rl-%d.shm", (int)getpid());
	struct ratelimit *rl;
	ck_assert_int_eq(ratelimit_open(&rl, path), 0);
	ratelimit_pending_add(rl, REJ_RATE, 5);
	ratelimit_pending_add(rl, REJ_HONEYPOT, 1);
	ck_assert_int_eq(intake_reject_flush(db, rl), 0);
	ck_assert_int_eq(intake_reject_flush(db, rl), 0); /* nothing twice */
	ratelimit_close(rl);
	unlink(path);
	struct db_rows r;
	ck_assert_int_eq(intake_reject_list(db, &a, &r), 0);
	ck_assert_uint_eq(r.nrows, 2);
	ck_assert_str_eq(db_getn(&r, 0, "reason"), "honeypot");
	ck_assert_str_eq(db_getn(&r, 0, "n"), "4");
	ck_assert_str_eq(db_getn(&r, 1, "reason"), "rate");
	ck_assert_str_eq(db_getn(&r, 1, "n"), "5");
	ck_assert_str_eq(intake_reason_name(REJ_MAIL_ALIAS), "mail_unknown_alias");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("intake");
	TCase *t = tcase_create("intake");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_set_timeout(t, 60);
	tcase_add_test(t, lead_gets_the_I1_defaults_chatter_and_notifications);
	tcase_add_test(t, missing_defaults_fall_back);
	tcase_add_test(t, a_stale_cached_route_fails_cleanly);
	tcase_add_test(t, same_key_is_one_lead);
	tcase_add_test(t, a_form_token_is_used_once);
	tcase_add_test(t, concurrent_spool_replays_create_each_lead_once);
	tcase_add_test(t, settings_round_trip_and_validation);
	tcase_add_test(t, rejections_are_counted_and_flushed);
	suite_add_tcase(s, t);
	return s;
}

TEST_MAIN(suite)
