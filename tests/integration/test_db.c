/* Integration tests (real MariaDB): the db module - parameters, NULLs, binary
 * data, utf8mb4, error mapping, transactions, deadlock retry, reconnection
 * after the server drops the connection, migrations. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/err.h"
#include "db/db.h"
#include "db/migrate.h"
#include "support/testutil.h"

static struct config *cfg;
static struct db *db;
static struct arena a;

static void setup(void)
{
	db = test_db_fresh(&cfg);
	arena_init(&a, 0);
	char eb[256];
	ck_assert_int_eq(db_script(db,
				   "CREATE TABLE t (id BIGINT AUTO_INCREMENT PRIMARY KEY, s VARCHAR(64) UNIQUE, "
				   "n BIGINT, b MEDIUMBLOB, d DECIMAL(15,2), dt DATETIME) DEFAULT CHARSET=utf8mb4",
				   eb, sizeof eb),
			 0);
}

static void teardown(void)
{
	arena_free(&a);
	db_close(db);
	config_free(cfg);
}

START_TEST(parameters_and_results)
{
	ck_assert_int_eq(db_exec(db, "INSERT INTO t (s, n, d, dt) VALUES (?, ?, ?, ?)", "sisn",
				 "émoji 😀 <b>'\"", (int64_t)-42, "1234.50"),
			 1);
	int64_t id = db_last_id(db);
	ck_assert_int_gt(id, 0);
	ck_assert_int_eq(db_exec(db, "INSERT INTO t (s, n) VALUES (?, ?)", "si", NULL, (int64_t)7), 1);
	struct db_rows r;
	ck_assert_int_eq(db_query(db, &a, &r, "SELECT id, s, n, d, dt FROM t ORDER BY id", ""), 0);
	ck_assert_uint_eq(r.nrows, 2);
	ck_assert_str_eq(db_getn(&r, 0, "s"), "émoji 😀 <b>'\"");
	ck_assert_int_eq(db_getn_i64(&r, 0, "n"), -42);
	ck_assert_str_eq(db_getn(&r, 0, "d"), "1234.50");
	ck_assert_ptr_null(db_getn(&r, 0, "dt"));
	ck_assert_ptr_null(db_getn(&r, 1, "s"));
	ck_assert_int_eq(db_col(&r, "nope"), -1);
	/* SQL metacharacters are data, never SQL. */
	const char *evil = "x'); DROP TABLE t; --";
	ck_assert_int_eq(db_exec(db, "INSERT INTO t (s) VALUES (?)", "s", evil), 1);
	ck_assert_int_eq(db_query1(db, &a, &r, "SELECT s FROM t WHERE s = ?", "s", evil), 0);
	ck_assert_str_eq(db_get(&r, 0, 0), evil);
	ck_assert_int_eq(db_query1(db, &a, &r, "SELECT s FROM t WHERE s = ?", "s", "absent"), ERR_NOTFOUND);
}
END_TEST

START_TEST(binary_and_large_values)
{
	char bin[300000];
	for (size_t i = 0; i < sizeof bin; i++)
		bin[i] = (char)(i * 7);
	ck_assert_int_eq(db_exec(db, "INSERT INTO t (b) VALUES (?)", "S", bin, sizeof bin), 1);
	struct db_rows r;
	ck_assert_int_eq(db_query1(db, &a, &r, "SELECT b FROM t WHERE id = ?", "i", db_last_id(db)), 0);
	ck_assert_uint_eq(r.lens[0], sizeof bin);
	ck_assert(memcmp(r.cells[0], bin, sizeof bin) == 0);
}
END_TEST

START_TEST(duplicate_key_is_a_conflict)
{
	ck_assert_int_eq(db_exec(db, "INSERT INTO t (s) VALUES (?)", "s", "k"), 1);
	ck_assert_int_eq(db_exec(db, "INSERT INTO t (s) VALUES (?)", "s", "k"), ERR_CONFLICT);
	ck_assert_int_eq(db_exec(db, "INSERT INTO nosuchtable VALUES (1)", ""), ERR_DB);
	ck_assert_int_eq(db_exec(db, "INSERT INTO t (s) VALUES (?)", "", NULL), ERR_DB);
}
END_TEST

static int tx_insert_then_fail(struct db *d, void *arg)
{
	(void)arg;
	ck_assert_int_ge(db_exec(d, "INSERT INTO t (s) VALUES ('in-tx')", ""), 0);
	return ERR_INVALID;
}

static int tx_insert(struct db *d, void *arg)
{
	return db_exec(d, "INSERT INTO t (s) VALUES (?)", "s", (const char *)arg) == 1 ? 0 : ERR_DB;
}

START_TEST(transactions_commit_or_roll_back)
{
	ck_assert_int_eq(db_tx(db, tx_insert_then_fail, NULL), ERR_INVALID);
	int64_t n;
	ck_assert_int_eq(db_int(db, &n, -1, "SELECT COUNT(*) FROM t WHERE s = 'in-tx'", ""), 0);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(db_tx(db, tx_insert, "committed"), 0);
	ck_assert_int_eq(db_int(db, &n, -1, "SELECT COUNT(*) FROM t WHERE s = 'committed'", ""), 0);
	ck_assert_int_eq(n, 1);
	ck_assert(!db_in_tx(db));
}
END_TEST

/* Two connections lock two rows in opposite orders: the server kills one
 * transaction (1213); db_tx re-runs it and both end up committed. */
struct dl {
	struct config *cfg;
	int first, second, rc, attempts;
};

static int tx_deadlock(struct db *d, void *arg)
{
	struct dl *x = arg;
	x->attempts++;
	int64_t r = db_exec(d, "UPDATE t SET n = n + 1 WHERE id = ?", "i", (int64_t)x->first);
	if (r < 0)
		return (int)r;
	usleep(200000);
	r = db_exec(d, "UPDATE t SET n = n + 1 WHERE id = ?", "i", (int64_t)x->second);
	return r < 0 ? (int)r : 0;
}

static void *deadlock_thread(void *arg)
{
	struct dl *x = arg;
	struct db *d;
	db_open(&d, x->cfg, true);
	x->rc = db_tx(d, tx_deadlock, x);
	db_close(d);
	return NULL;
}

START_TEST(deadlock_victim_is_retried)
{
	ck_assert_int_ge(db_exec(db, "INSERT INTO t (id, n) VALUES (1, 0), (2, 0)", ""), 0);
	struct dl x1 = {cfg, 1, 2, -99, 0}, x2 = {cfg, 2, 1, -99, 0};
	pthread_t t1, t2;
	pthread_create(&t1, NULL, deadlock_thread, &x1);
	pthread_create(&t2, NULL, deadlock_thread, &x2);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	ck_assert_int_eq(x1.rc, 0);
	ck_assert_int_eq(x2.rc, 0);
	ck_assert_int_ge(x1.attempts + x2.attempts, 3); /* one of them ran twice */
	int64_t n;
	ck_assert_int_eq(db_int(db, &n, -1, "SELECT SUM(n) FROM t", ""), 0);
	ck_assert_int_eq(n, 4);
}
END_TEST

START_TEST(reconnects_after_the_connection_is_killed)
{
	int64_t me;
	ck_assert_int_eq(db_int(db, &me, 0, "SELECT CONNECTION_ID()", ""), 0);
	struct db *other;
	db_open(&other, cfg, true);
	char sql[64];
	snprintf(sql, sizeof sql, "KILL %lld", (long long)me);
	char eb[256];
	ck_assert_int_eq(db_script(other, sql, eb, sizeof eb), 0);
	db_close(other);
	/* The cached prepared statement died with the connection: the next
	 * query reconnects, re-prepares and succeeds. */
	int64_t again = 0;
	ck_assert_int_eq(db_int(db, &again, 0, "SELECT CONNECTION_ID()", ""), 0);
	ck_assert_int_ne(again, me);
	ck_assert_int_eq(db_exec(db, "INSERT INTO t (s) VALUES ('after')", ""), 1);
}
END_TEST

START_TEST(migrations_are_recorded_and_idempotent)
{
	char eb[512];
	ck_assert_int_eq(migrate_run(cfg, 0, eb, sizeof eb), 0);
	int64_t n;
	ck_assert_int_eq(db_int(db, &n, 0, "SELECT COUNT(*) FROM schema_version WHERE version LIKE '0001%'", ""), 0);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(db_int(db, &n, 0, "SELECT COUNT(*) FROM stage", ""), 0);
	ck_assert_int_eq(n, 4); /* seeded once, not twice */
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("db");
	TCase *t = tcase_create("db");
	tcase_set_timeout(t, 60);
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, parameters_and_results);
	tcase_add_test(t, binary_and_large_values);
	tcase_add_test(t, duplicate_key_is_a_conflict);
	tcase_add_test(t, transactions_commit_or_roll_back);
	tcase_add_test(t, deadlock_victim_is_retried);
	tcase_add_test(t, reconnects_after_the_connection_is_killed);
	tcase_add_test(t, migrations_are_recorded_and_idempotent);
	suite_add_tcase(s, t);
	return s;
}

TEST_MAIN(suite)
