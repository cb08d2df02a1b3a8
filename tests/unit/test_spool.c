/* Unit tests: the durable spool of contact-form submissions (SPEC I4):
 * entries come back in order, once each, even with several replays running
 * at the same time in different processes; a replay stopped by an
 * unavailable database keeps what is left; a poisoned entry is set aside. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/err.h"
#include "crm/spool.h"
#include "support/testutil.h"

static char dir[256];

static void setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/piste-spool-%d-%d/contact", (int)getpid(), rand());
}

static void teardown(void)
{
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%.*s'", (int)(strrchr(dir, '/') - dir), dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cleanup failed\n");
}

struct seen {
	char keys[64][80];
	int n;
	int stop_after; /* answer ERR_UNAVAILABLE after this many */
	const char *poison;
};

static int record(void *arg, const char *key, const char *data, size_t len)
{
	struct seen *s = arg;
	if (s->stop_after >= 0 && s->n >= s->stop_after)
		return ERR_UNAVAILABLE;
	if (s->poison && strcmp(key, s->poison) == 0)
		return ERR_INVALID;
	ck_assert_uint_eq(len, strlen(data));
	ck_assert(strstr(data, key) != NULL);
	snprintf(s->keys[s->n++], 80, "%s", key);
	return 0;
}

static void put(const char *key)
{
	char body[128];
	snprintf(body, sizeof body, "{\"key\":\"%s\"}", key);
	ck_assert_int_eq(spool_write(dir, key, body, strlen(body)), 0);
}

START_TEST(in_order_once_and_resumable)
{
	put("k1");
	put("k2");
	put("k3");
	ck_assert_int_eq(spool_count(dir), 3);
	struct seen s = {.stop_after = 1};
	struct spool_stats st;
	ck_assert_int_eq(spool_replay(dir, record, &s, &st), ERR_UNAVAILABLE);
	ck_assert_int_eq(st.done, 1);
	ck_assert_int_eq(st.left, 2);
	ck_assert_str_eq(s.keys[0], "k1");
	ck_assert_int_eq(spool_count(dir), 2);
	s.stop_after = -1;
	ck_assert_int_eq(spool_replay(dir, record, &s, &st), 0);
	ck_assert_int_eq(s.n, 3);
	ck_assert_str_eq(s.keys[1], "k2");
	ck_assert_str_eq(s.keys[2], "k3");
	ck_assert_int_eq(spool_count(dir), 0);
	/* Files are private. */
	put("k4");
	DIR *d = opendir(dir);
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char p[600];
		struct stat sb;
		snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
		ck_assert_int_eq(stat(p, &sb), 0);
		ck_assert_int_eq(sb.st_mode & 077, 0);
	}
	closedir(d);
}
END_TEST

START_TEST(poisoned_entry_is_set_aside)
{
	put("good1");
	put("bad");
	put("good2");
	struct seen s = {.stop_after = -1, .poison = "bad"};
	struct spool_stats st;
	ck_assert_int_eq(spool_replay(dir, record, &s, &st), 0);
	ck_assert_int_eq(st.done, 2);
	ck_assert_int_eq(st.failed, 1);
	ck_assert_int_eq(spool_count(dir), 0);
	char failed[300];
	snprintf(failed, sizeof failed, "%s/failed", dir);
	ck_assert_int_eq(spool_count(failed), 1);
	ck_assert_int_eq(spool_write(dir, "../escape", "x", 1), ERR_INVALID);
	ck_assert_int_eq(spool_write(dir, "", "x", 1), ERR_INVALID);
}
END_TEST

/* Each replaying process appends the keys it handled to one log file. */
static int log_key(void *arg, const char *key, const char *data, size_t len)
{
	int fd = *(int *)arg;
	char line[96];
	int n = snprintf(line, sizeof line, "%s\n", key);
	if (write(fd, line, (size_t)n) != n)
		return ERR_IO;
	usleep(200); /* widen the race window */
	return 0;
}

START_TEST(concurrent_replays_process_each_entry_once)
{
	for (int i = 0; i < 150; i++) {
		char k[16];
		snprintf(k, sizeof k, "e%03d", i);
		put(k);
	}
	char logp[300];
	snprintf(logp, sizeof logp, "%s/../replayed.log", dir);
	int fd = open(logp, O_WRONLY | O_CREAT | O_APPEND, 0600);
	ck_assert_int_ge(fd, 0);
	for (int p = 0; p < 4; p++)
		if (fork() == 0)
			_exit(spool_replay(dir, log_key, &fd, NULL) == 0 ? 0 : 1);
	for (int p = 0; p < 4; p++) {
		int st;
		wait(&st);
		ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	close(fd);
	FILE *f = fopen(logp, "r");
	char line[96];
	int count[150] = {0}, total = 0;
	while (fgets(line, sizeof line, f)) {
		int i = atoi(line + 1);
		ck_assert(i >= 0 && i < 150);
		count[i]++;
		total++;
	}
	fclose(f);
	for (int i = 0; i < 150; i++)
		ck_assert_msg(count[i] == 1, "entry %d replayed %d times", i, count[i]);
	ck_assert_int_eq(total, 150);
	ck_assert_int_eq(spool_count(dir), 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("spool");
	TCase *t = tcase_create("spool");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_set_timeout(t, 20);
	tcase_add_test(t, in_order_once_and_resumable);
	tcase_add_test(t, poisoned_entry_is_set_aside);
	tcase_add_test(t, concurrent_replays_process_each_entry_once);
	suite_add_tcase(s, t);
	return s;
}

TEST_MAIN(suite)
