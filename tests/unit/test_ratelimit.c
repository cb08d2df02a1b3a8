/* Unit tests: the per-client limit of the contact form (SPEC I3) holds across
 * handles and processes (the prefork workers), resets with its window,
 * answers how long to wait, and counts IPv6 clients per /64. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/err.h"
#include "crm/ratelimit.h"
#include "support/testutil.h"

static char path[256];

static void setup(void)
{
	snprintf(path, sizeof path, "/tmp/piste-rl-%d-%d.shm", (int)getpid(), rand());
	unlink(path);
}

static void teardown(void)
{
	unlink(path);
}

START_TEST(limit_window_and_retry_after)
{
	struct ratelimit *rl;
	ck_assert_int_eq(ratelimit_open(&rl, path), 0);
	int64_t retry;
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(ratelimit_hit(rl, "192.0.2.1", 3, 600, 1000 + i, &retry), 0);
	ck_assert_int_eq(ratelimit_hit(rl, "192.0.2.1", 3, 600, 1010, &retry), ERR_LOCKED);
	ck_assert_int_eq(retry, 590);
	/* Another client is not affected. */
	ck_assert_int_eq(ratelimit_hit(rl, "192.0.2.2", 3, 600, 1010, &retry), 0);
	/* A new window starts after 600 s. */
	ck_assert_int_eq(ratelimit_hit(rl, "192.0.2.1", 3, 600, 1600, &retry), 0);
	/* 0 disables the limit. */
	for (int i = 0; i < 100; i++)
		ck_assert_int_eq(ratelimit_hit(rl, "192.0.2.9", 0, 600, 1000, &retry), 0);
	ratelimit_close(rl);
}
END_TEST

START_TEST(shared_between_handles_and_processes)
{
	struct ratelimit *a, *b;
	ck_assert_int_eq(ratelimit_open(&a, path), 0);
	ck_assert_int_eq(ratelimit_open(&b, path), 0);
	int64_t retry;
	/* Four processes hit the same client 25 times each at the same moment:
	 * exactly 60 hits get through a limit of 60. */
	for (int p = 0; p < 4; p++) {
		if (fork() == 0) {
			struct ratelimit *r;
			if (ratelimit_open(&r, path) != 0)
				_exit(100);
			int ok = 0;
			for (int i = 0; i < 25; i++)
				ok += ratelimit_hit(r, "198.51.100.7", 60, 3600, 5000, NULL) == 0;
			ratelimit_close(r);
			_exit(ok);
		}
	}
	int total = 0;
	for (int p = 0; p < 4; p++) {
		int st;
		wait(&st);
		ck_assert(WIFEXITED(st) && WEXITSTATUS(st) != 100);
		total += WEXITSTATUS(st);
	}
	ck_assert_int_eq(total, 60);
	ck_assert_int_eq(ratelimit_hit(a, "198.51.100.7", 60, 3600, 5001, &retry), ERR_LOCKED);
	ck_assert_int_eq(ratelimit_hit(b, "198.51.100.7", 60, 3600, 5001, &retry), ERR_LOCKED);
	/* Pending counters travel through the file too. */
	ratelimit_pending_add(a, 3, 2);
	ratelimit_pending_add(b, 3, 5);
	ck_assert_int_eq(ratelimit_pending_take(b, 3), 7);
	ck_assert_int_eq(ratelimit_pending_take(a, 3), 0);
	ratelimit_close(a);
	ratelimit_close(b);
}
END_TEST

START_TEST(ipv6_per_64_and_many_clients)
{
	char k1[64], k2[64];
	ratelimit_client_key("2001:db8:1:2:aaaa::1", k1);
	ratelimit_client_key("2001:db8:1:2:bbbb::9", k2);
	ck_assert_str_eq(k1, k2);
	ck_assert_str_eq(k1, "2001:db8:1:2::/64");
	ratelimit_client_key("203.0.113.5", k1);
	ck_assert_str_eq(k1, "203.0.113.5");
	struct ratelimit *rl;
	ck_assert_int_eq(ratelimit_open(&rl, path), 0);
	ck_assert_int_eq(ratelimit_hit(rl, "2001:db8:1:2::1", 1, 60, 100, NULL), 0);
	ck_assert_int_eq(ratelimit_hit(rl, "2001:db8:1:2::2", 1, 60, 100, NULL), ERR_LOCKED);
	/* A flood of distinct addresses (more than the table holds) never locks
	 * out a newcomer: old windows are recycled. */
	char ip[64];
	for (int i = 0; i < RATELIMIT_SLOTS * 2; i++) {
		snprintf(ip, sizeof ip, "10.%d.%d.%d", (i >> 16) & 255, (i >> 8) & 255, i & 255);
		ratelimit_hit(rl, ip, 1, 60, 200, NULL);
	}
	ck_assert_int_eq(ratelimit_hit(rl, "192.0.2.200", 1, 60, 200, NULL), 0);
	ratelimit_close(rl);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("ratelimit");
	TCase *t = tcase_create("ratelimit");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, limit_window_and_retry_after);
	tcase_add_test(t, shared_between_handles_and_processes);
	tcase_add_test(t, ipv6_per_64_and_many_clients);
	suite_add_tcase(s, t);
	return s;
}

TEST_MAIN(suite)
