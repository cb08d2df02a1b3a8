/* Integration tests (real MariaDB): the reference-data cache (crm/refcache.h)
 * across "workers" - two connections, as two application machines sharing
 * one database would have. A change written through one connection is seen by
 * a cache synced from the other at its next request; while the revisions are
 * unchanged nothing is read again; only the domain that changed is reloaded;
 * the threads of a process share one load. */
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/err.h"
#include "crm/product.h"
#include "crm/refcache.h"
#include "crm/settings.h"
#include "crm/stage.h"
#include "crm/tag.h"
#include "crm/team.h"
#include "db/db.h"
#include "support/testutil.h"

static struct config *cfg;
static struct db *db_a, *db_b; /* worker A writes, worker B reads */
static struct arena a;

static void setup(void)
{
	db_a = test_db_fresh(&cfg);
	db_open(&db_b, cfg, true);
	ck_assert(db_b && db_connected(db_b));
	arena_init(&a, 0);
}

static void teardown(void)
{
	arena_free(&a);
	db_close(db_b);
	db_close(db_a);
	config_free(cfg);
}

/* What the session check does on worker B: the revisions come with it. */
static void request(struct refcache *rc, struct db *db)
{
	arena_reset(&a);
	refcache_begin(rc, false);
	struct db_rows r;
	ck_assert_int_eq(db_query1(db, &a, &r, "SELECT " REFCACHE_REVS_SQL, ""), 0);
	refcache_sync(rc, db_get(&r, 0, 0));
}

static const char *stage_name(struct refcache *rc, struct db *db, int64_t id)
{
	struct db_rows r;
	ck_assert_int_eq(refcache_stages_for_team(rc, db, &a, 0, &r), 0);
	for (size_t i = 0; i < r.nrows; i++)
		if (db_getn_i64(&r, i, "id") == id)
			return db_getn(&r, i, "name");
	return NULL;
}

static int64_t stage_new(void)
{
	int64_t id = 0;
	ck_assert_int_eq(db_int(db_a, &id, 0, "SELECT id FROM stage WHERE name = 'New'", ""), 0);
	ck_assert_int_gt(id, 0);
	return id;
}

START_TEST(change_on_one_worker_seen_by_the_other)
{
	struct refcache *rc = refcache_new(NULL);
	int64_t sid = stage_new();
	request(rc, db_b);
	ck_assert_str_eq(stage_name(rc, db_b, sid), "New");
	ck_assert_uint_eq(refcache_loads(rc), 1);

	/* Unchanged revisions: no statement at all, however often it is used. */
	request(rc, db_b);
	uint64_t q0 = db_query_count(db_b);
	ck_assert_str_eq(stage_name(rc, db_b, sid), "New");
	ck_assert_str_eq(stage_name(rc, db_b, sid), "New");
	ck_assert_uint_eq(db_query_count(db_b) - q0, 0);
	ck_assert_uint_eq(refcache_loads(rc), 1);

	/* Worker A renames the stage through its owner module. */
	struct err_info e = {0};
	struct stage_input in = {.name = "Fresh", .requirements = "", .sequence = 1};
	ck_assert_int_eq(stage_save(db_a, sid, &in, NULL, &e), 0);

	/* Worker B's next request sees it: one statement, the stages only. */
	request(rc, db_b);
	q0 = db_query_count(db_b);
	ck_assert_str_eq(stage_name(rc, db_b, sid), "Fresh");
	ck_assert_uint_eq(db_query_count(db_b) - q0, 1);
	ck_assert_uint_eq(refcache_loads(rc), 2);
	refcache_free(rc);
}
END_TEST

START_TEST(only_changed_domains_reload)
{
	struct refcache *rc = refcache_new(NULL);
	int64_t team = 0, uid;
	struct err_info e = {0};
	ck_assert_int_eq(db_exec(db_a, "INSERT INTO app_user (login, name, password_hash) VALUES ('rc', 'Rc', 'x')", ""), 1);
	uid = db_last_id(db_a);
	struct team_input ti = {.name = "Alpha", .use_leads = true, .use_opportunities = true};
	ck_assert_int_eq(team_create(db_a, &ti, &team, &e), 0);
	request(rc, db_b);
	ck_assert_int_eq(refcache_setting_bool(rc, db_b, &a, "leads_enabled", true), true);
	struct db_rows tags;
	ck_assert_int_eq(refcache_tags(rc, db_b, &a, &tags), 0);
	size_t ntags = tags.nrows;
	int64_t t = -1;
	ck_assert_int_eq(refcache_team_for_user(rc, db_b, &a, uid, true, &t), 0);
	ck_assert_int_gt(t, 0); /* not a member: the first active team */
	ck_assert_int_eq(refcache_team_for_user(rc, db_b, &a, uid, false, &t), 0);
	ck_assert_int_eq(t, 0);
	ck_assert_uint_eq(refcache_loads(rc), 3);

	/* A setting changes on worker A: only the settings are read again. */
	ck_assert_int_eq(settings_set(db_a, "leads_enabled", "0"), 0);
	request(rc, db_b);
	uint64_t q0 = db_query_count(db_b);
	ck_assert_int_eq(refcache_setting_bool(rc, db_b, &a, "leads_enabled", true), false);
	ck_assert_int_eq(refcache_tags(rc, db_b, &a, &tags), 0);
	ck_assert_int_eq(refcache_team_for_user(rc, db_b, &a, uid, true, &t), 0);
	ck_assert_uint_eq(db_query_count(db_b) - q0, 1);
	ck_assert_uint_eq(refcache_loads(rc), 4);

	/* Known tags named again by a lead write bump nothing; a new one does. */
	int64_t tid = 0;
	ck_assert_int_eq(tag_ensure(db_a, "vip", &tid), 0);
	request(rc, db_b);
	ck_assert_int_eq(refcache_tags(rc, db_b, &a, &tags), 0);
	ck_assert_uint_eq(tags.nrows, ntags + 1);
	uint64_t loads = refcache_loads(rc);
	ck_assert_int_eq(tag_ensure(db_a, "vip", &tid), 0);
	request(rc, db_b);
	ck_assert_int_eq(refcache_tags(rc, db_b, &a, &tags), 0);
	ck_assert_uint_eq(refcache_loads(rc), loads);

	/* Taxes: archiving one on worker A hides it from B's next request. */
	struct db_rows taxes;
	int64_t tax = 0;
	ck_assert_int_eq(tax_create(db_a, "VAT cache", 200000, false, &tax, &e), 0);
	request(rc, db_b);
	ck_assert_int_eq(refcache_taxes(rc, db_b, &a, false, &taxes), 0);
	size_t ntaxes = taxes.nrows;
	ck_assert_int_gt(ntaxes, 0);
	ck_assert_int_eq(tax_set_active(db_a, tax, false), 0);
	request(rc, db_b);
	ck_assert_int_eq(refcache_taxes(rc, db_b, &a, false, &taxes), 0);
	ck_assert_uint_eq(taxes.nrows, ntaxes - 1);
	ck_assert_int_eq(refcache_taxes(rc, db_b, &a, true, &taxes), 0);
	ck_assert_uint_ge(taxes.nrows, ntaxes);

	/* Membership: the user's default team follows team_member writes. */
	ck_assert_int_eq(team_add_member(db_a, team, uid, 30, false, &e), 0);
	ck_assert_int_eq(team_set_default(db_a, uid, team, &e), 0);
	request(rc, db_b);
	ck_assert_int_eq(refcache_team_for_user(rc, db_b, &a, uid, true, &t), 0);
	ck_assert_int_eq(t, team);
	refcache_free(rc);
}
END_TEST

START_TEST(threads_of_a_process_share_one_load)
{
	struct refcache_shared *sh = refcache_shared_new();
	struct refcache *t1 = refcache_new(sh), *t2 = refcache_new(sh);
	int64_t sid = stage_new();
	request(t1, db_a);
	ck_assert_str_eq(stage_name(t1, db_a, sid), "New");
	request(t2, db_b);
	uint64_t q0 = db_query_count(db_b);
	ck_assert_str_eq(stage_name(t2, db_b, sid), "New");
	ck_assert_uint_eq(db_query_count(db_b) - q0, 0);
	ck_assert_uint_eq(refcache_loads(t1) + refcache_loads(t2), 1);
	refcache_free(t1);
	/* t2's snapshot outlives t1. */
	request(t2, db_b);
	ck_assert_str_eq(stage_name(t2, db_b, sid), "New");
	refcache_free(t2);
	refcache_shared_free(sh);
}
END_TEST

START_TEST(writing_requests_and_transactions_read_fresh)
{
	struct refcache *rc = refcache_new(NULL);
	int64_t sid = stage_new();
	/* An anonymous request: the revisions cost one statement, once. */
	arena_reset(&a);
	refcache_begin(rc, false);
	uint64_t q0 = db_query_count(db_b);
	ck_assert_str_eq(stage_name(rc, db_b, sid), "New");
	ck_assert_str_eq(stage_name(rc, db_b, sid), "New");
	ck_assert_uint_eq(db_query_count(db_b) - q0, 2);

	/* A request that writes reference data and reads it back. */
	refcache_begin(rc, true);
	ck_assert_str_eq(stage_name(rc, db_b, sid), "New");
	struct err_info e = {0};
	struct stage_input in = {.name = "Renamed", .requirements = "", .sequence = 1};
	ck_assert_int_eq(stage_save(db_b, sid, &in, NULL, &e), 0);
	ck_assert_str_eq(stage_name(rc, db_b, sid), "Renamed");

	/* Inside a transaction: read through, nothing kept. */
	uint64_t loads = refcache_loads(rc);
	ck_assert_int_eq(db_begin(db_b), 0);
	in.name = "Uncommitted";
	ck_assert_int_eq(stage_save(db_b, sid, &in, NULL, &e), 0);
	ck_assert_str_eq(stage_name(rc, db_b, sid), "Uncommitted");
	db_rollback(db_b);
	ck_assert_uint_eq(refcache_loads(rc), loads);
	request(rc, db_b);
	ck_assert_str_eq(stage_name(rc, db_b, sid), "Renamed");
	refcache_free(rc);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("refcache");
	TCase *tc = tcase_create("refcache");
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, change_on_one_worker_seen_by_the_other);
	tcase_add_test(tc, only_changed_domains_reload);
	tcase_add_test(tc, threads_of_a_process_share_one_load);
	tcase_add_test(tc, writing_requests_and_transactions_read_fresh);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN(suite)
