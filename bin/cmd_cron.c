/* piste cron [--loop SECONDS] - the periodic jobs (SPEC X5). Each job is one
 * line in the table below; a failing job is logged and the others still run. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "core/config.h"
#include "core/log.h"
#include "core/err.h"
#include "crm/assign.h"
#include "crm/merge.h"
#include "crm/scoring.h"
#include "crm/settings.h"
#include "crm/intake.h"
#include "crm/ratelimit.h"
#include "db/db.h"
#include "web/session.h"

static int job_sessions(struct cli *c, struct db *db)
{
	long idle = (long)config_int(c->cfg, "session.idle_hours", 8) * 3600;
	long abs_s = (long)config_int(c->cfg, "session.absolute_days", 7) * 86400;
	int n = session_purge(db, idle, abs_s);
	return n < 0 ? n : 0;
}

static int job_login_failures(struct cli *c, struct db *db)
{
	(void)c;
	int64_t r = db_exec(db, "DELETE FROM login_failure WHERE at < UTC_TIMESTAMP() - INTERVAL 1 DAY", "");
	if (r >= 0)
		r = db_exec(db, "DELETE FROM login_lock WHERE until < UTC_TIMESTAMP()", "");
	return r < 0 ? (int)r : 0;
}

/* Contact-form tokens remembered as used (single use) once they have
 * expired anyway. */
static int job_form_tokens(struct cli *c, struct db *db)
{
	(void)c;
	int64_t n = intake_token_purge(db);
	return n < 0 ? (int)n : 0;
}

/* Rule-based assignment in repeated mode, when its interval has elapsed. */
static int job_assignment(struct cli *c, struct db *db)
{
	(void)c;
	if (!assign_due(db))
		return 0;
	struct assign_opts o = {.cron = true, .merge = merge_assign_hook};
	struct assign_result r;
	struct err_info e = {0};
	int rc = assign_run(db, &o, &r, &e);
	if (rc == 0)
		log_info("cron: assignment: %s", r.summary);
	return rc;
}

/* Predictive scoring: a full rebuild once a day (or when asked from the
 * settings page for a database too large to rebuild within a request). */
static int job_scoring(struct cli *c, struct db *db)
{
	(void)c;
	int64_t due = 0;
	int rc = db_int(db, &due, 0,
			"SELECT COALESCE((SELECT v = '1' FROM setting WHERE k = 'scoring_rebuild_requested'), 0) OR "
			"COALESCE((SELECT v < DATE_FORMAT(UTC_TIMESTAMP() - INTERVAL 1 DAY, '%Y-%m-%d %H:%i:%s') "
			"FROM setting WHERE k = 'scoring_last_rebuild'), 1)",
			"");
	if (rc)
		return rc;
	if (!due)
		return 0;
	settings_set(db, "scoring_rebuild_requested", "0");
	struct scoring_stats st;
	rc = scoring_rebuild(db, 0, NULL, NULL, &st);
	if (rc == 0)
		log_info("cron: scoring rebuilt: %lld won, %lld lost learned; %lld leads rescored in %.1f s",
			 (long long)st.won, (long long)st.lost, (long long)st.candidates, st.learn_s + st.score_s);
	return rc;
}

/* Contact-form submissions spooled while the database was down (I4), and
 * the rejection counts kept meanwhile. */
static int job_intake_spool(struct cli *c, struct db *db)
{
	char path[1024];
	intake_ratelimit_path(c->cfg, path);
	struct ratelimit *rl;
	if (access(path, F_OK) == 0 && ratelimit_open(&rl, path) == 0) {
		intake_reject_flush(db, rl);
		ratelimit_close(rl);
	}
	intake_spool_dir(c->cfg, path);
	int done = 0, failed = 0;
	int rc = intake_spool_replay(db, path, 0, &done, &failed);
	if (done || failed)
		log_info("cron: spool: %d submission(s) replayed, %d set aside", done, failed);
	return rc;
}

static const struct {
	const char *name;
	int (*fn)(struct cli *, struct db *);
} jobs[] = {
	{"sessions.purge", job_sessions},
	{"login_failures.purge", job_login_failures},
	{"form_tokens.purge", job_form_tokens},
	{"assignment", job_assignment},
	{"scoring.rebuild", job_scoring},
	{"intake.spool_replay", job_intake_spool},
};

static volatile sig_atomic_t stop;
static void on_signal(int s)
{
	(void)s;
	stop = 1;
}

static int run_once(struct cli *c)
{
	struct db *db = cli_db(c);
	if (!db)
		return 75;
	int failed = 0;
	for (size_t i = 0; i < sizeof jobs / sizeof jobs[0]; i++) {
		arena_reset(&c->a);
		int rc = jobs[i].fn(c, db);
		if (rc != 0) {
			log_warnx("cron: job %s failed (%d)", jobs[i].name, rc);
			failed++;
		}
	}
	return failed ? 1 : 0;
}

int cmd_cron(struct cli *c)
{
	const char *loop = cli_opt(c, "loop");
	if (!loop)
		return run_once(c);
	int every = atoi(loop);
	if (every < 1)
		return cli_fail("--loop needs a number of seconds");
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	log_info("cron: running the jobs every %d s", every);
	while (!stop) {
		run_once(c);
		for (int i = 0; i < every * 10 && !stop; i++)
			usleep(100000);
	}
	log_info("cron: stopped");
	return 0;
}
