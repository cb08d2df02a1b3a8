/* piste score rebuild [--batch N] [--connections N] | piste score explain --lead ID - predictive
 * lead scoring (SPEC S1/S2): learn from every closed lead and rescore the
 * open ones, printing progress; or explain one lead's probability. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "core/str.h"
#include "crm/scoring.h"
#include "db/db.h"

static void progress(void *arg, const struct scoring_stats *st, int64_t done, int64_t total)
{
	(void)arg;
	double rate = st->score_s > 0 ? (double)done / st->score_s : 0;
	printf("rescored %lld/%lld leads (%lld updated, %.0f leads/s)\n", (long long)done, (long long)total,
	       (long long)st->updated, rate);
	fflush(stdout);
}

static int rebuild(struct cli *c, struct db *db)
{
	int64_t batch = 5000;
	const char *b = cli_opt(c, "batch");
	if (b && (!str_to_i64(b, &batch) || batch < 100 || batch > 50000))
		return cli_fail("--batch must be 100 to 50000");
	/* Rescoring reads and writes a million rows: one connection per core
	 * (at most 4) lets the server work on several batches at once. */
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int64_t conns = ncpu < 1 ? 1 : ncpu > 4 ? 4 : ncpu;
	const char *cn = cli_opt(c, "connections");
	if (cn && (!str_to_i64(cn, &conns) || conns < 1 || conns > SCORING_MAX_CONNECTIONS))
		return cli_fail("--connections must be 1 to %d", SCORING_MAX_CONNECTIONS);
	struct db *dbs[SCORING_MAX_CONNECTIONS] = {db};
	size_t ndb = 1;
	/* A connection that cannot be opened is simply not used. */
	while (ndb < (size_t)conns) {
		struct db *x = NULL;
		if (db_open(&x, c->cfg, true) != 0 || !x) {
			db_close(x);
			break;
		}
		dbs[ndb++] = x;
	}
	struct scoring_stats st;
	printf("learning from closed leads...\n");
	fflush(stdout);
	int rc = scoring_rebuild_on(dbs, ndb, (size_t)batch, progress, NULL, &st);
	for (size_t i = 1; i < ndb; i++)
		db_close(dbs[i]);
	if (rc)
		return cli_fail("score rebuild failed (%d): %s", rc, db_error(db));
	double total_s = st.learn_s + st.score_s;
	printf("learned from %lld won and %lld lost leads (%lld frequency rows) in %.2f s\n", (long long)st.won,
	       (long long)st.lost, (long long)st.rows, st.learn_s);
	printf("rescored %lld open leads, %lld updated, %lld in teams without enough data, in %.2f s "
	       "(%.0f leads/s)\n",
	       (long long)st.candidates, (long long)st.updated, (long long)st.unscored, st.score_s,
	       total_s > 0 ? (double)st.candidates / total_s : 0);
	return 0;
}

static int explain(struct cli *c, struct db *db)
{
	const char *l = cli_opt(c, "lead");
	int64_t id;
	if (!l || !str_to_i64(l, &id) || id <= 0)
		return cli_fail("usage: piste score explain --lead ID");
	struct scoring_explain ex;
	int rc = scoring_explain_lead(db, &c->a, id, &ex);
	if (rc == -2)
		return cli_fail("no lead %lld", (long long)id);
	if (rc)
		return cli_fail("explain failed (%d)", rc);
	static const char *const status[] = {"scored", "no stage: 0 %", "won stage: 100 %",
					     "the team has no won or no lost lead yet: cannot score"};
	printf("lead %lld: %s\n", (long long)id, status[ex.status]);
	if (ex.status != 0)
		return 0;
	printf("partition: %s\n", ex.partition < 0 ? "all teams (the team has no data)" : "the lead's team");
	printf("prior: %.2f %% (won %.1f, lost %.1f)\n", 100 * ex.prior, ex.W, ex.L);
	for (size_t i = 0; i < ex.nf; i++) {
		const struct scoring_factor *f = &ex.f[i];
		if (f->skipped)
			printf("  %-12s %-24s (ignored: %s)\n", scoring_var_names[f->var], f->value, f->skipped);
		else
			printf("  %-12s %-24s x%.2f (won %.1f/%.1f, lost %.1f/%.1f)\n", scoring_var_names[f->var],
			       f->value, f->factor, f->won, f->won_total, f->lost, f->lost_total);
	}
	printf("probability: %lld.%02lld %%\n", (long long)(ex.e2 / 100), (long long)(ex.e2 % 100));
	return 0;
}

int cmd_score(struct cli *c)
{
	if (c->argc < 1 || (strcmp(c->argv[0], "rebuild") != 0 && strcmp(c->argv[0], "explain") != 0))
		return cli_fail("usage: piste score rebuild [--batch N] [--connections N] | piste score explain --lead ID");
	struct db *db = cli_db(c);
	if (!db)
		return 75;
	return strcmp(c->argv[0], "rebuild") == 0 ? rebuild(c, db) : explain(c, db);
}
