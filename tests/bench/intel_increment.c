/* Benchmark helper (built and run by bench_intel.py): the cost of the live
 * scoring increments of a won / lost transition (SPEC S1: computed before the
 * write, in the writer's transaction), measured on n open leads of the
 * benchmark database. Each lead is "won" then "moved back out of won", each in
 * its own committed transaction, so the frequency table ends as it started.
 * Prints the average and the 99th percentile in microseconds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/crypt.h"
#include "crm/scoring.h"
#include "db/db.h"

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1000;
	char eb[256];
	struct config *cfg = config_load(eb, sizeof eb);
	if (!cfg) {
		fprintf(stderr, "config: %s\n", eb);
		return 2;
	}
	piste_config = cfg;
	crypt_setup();
	struct db *db;
	db_open(&db, cfg, true);
	if (!db || !db_connected(db)) {
		fprintf(stderr, "database unavailable\n");
		return 2;
	}
	struct arena a;
	arena_init(&a, 0);
	struct db_rows r;
	int64_t won = 0, back = 0;
	if (db_int(db, &won, 0, "SELECT id FROM stage WHERE is_won = 1 ORDER BY sequence LIMIT 1", "") != 0) {
		fprintf(stderr, "bench query failed\n");
		return 2;
	}
	if (db_int(db, &back, 0, "SELECT id FROM stage WHERE is_won = 0 AND team_id IS NULL ORDER BY sequence LIMIT 1", "") != 0) {
		fprintf(stderr, "bench query failed\n");
		return 2;
	}
	if (db_query(db, &a, &r, "SELECT id FROM crm_lead WHERE active = 1 AND probability < 100 AND stage_id = ? "
				 "ORDER BY id DESC LIMIT ?", "ii", back, (int64_t)n) != 0 || r.nrows == 0) {
		fprintf(stderr, "no open leads\n");
		return 2;
	}
	double *t = calloc(r.nrows * 2, sizeof *t), *inc = calloc(r.nrows * 2, sizeof *inc);
	size_t k = 0;
	uint64_t q0 = db_query_count(db);
	for (size_t i = 0; i < r.nrows; i++) {
		int64_t id = db_get_i64(&r, i, 0);
		/* won: reach won */
		double t0 = now_us();
		if (db_begin(db) != 0) {
			fprintf(stderr, "bench transaction failed\n");
			return 2;
		}
		double i0 = now_us();
		int rc = scoring_before_write(db, id, won, -1);
		inc[k] = now_us() - i0;
		if (db_exec(db, "UPDATE crm_lead SET stage_id = ?, probability = 100 WHERE id = ?", "ii", won, id) < 0) {
			fprintf(stderr, "bench statement failed\n");
			return 2;
		}
		if (db_commit(db) != 0) {
			fprintf(stderr, "bench transaction failed\n");
			return 2;
		}
		t[k++] = now_us() - t0;
		/* and back: leave won */
		t0 = now_us();
		if (db_begin(db) != 0) {
			fprintf(stderr, "bench transaction failed\n");
			return 2;
		}
		i0 = now_us();
		rc |= scoring_before_write(db, id, back, -1);
		inc[k] = now_us() - i0;
		if (db_exec(db, "UPDATE crm_lead SET stage_id = ?, probability = 50 WHERE id = ?", "ii", back, id) < 0) {
			fprintf(stderr, "bench statement failed\n");
			return 2;
		}
		if (db_commit(db) != 0) {
			fprintf(stderr, "bench transaction failed\n");
			return 2;
		}
		t[k++] = now_us() - t0;
		if (rc) {
			fprintf(stderr, "increment failed (%d)\n", rc);
			return 1;
		}
	}
	double statements = (double)(db_query_count(db) - q0) / (double)k;
	qsort(t, k, sizeof *t, cmp);
	qsort(inc, k, sizeof *inc, cmp);
	double sum = 0, isum = 0;
	for (size_t i = 0; i < k; i++) {
		sum += t[i];
		isum += inc[i];
	}
	printf("live increment (won / leave won): %zu transitions, avg %.0f us, p50 %.0f us, p99 %.0f us\n", k,
	       isum / (double)k, inc[k / 2], inc[k * 99 / 100]);
	printf("whole transition with the lead UPDATE and COMMIT: avg %.0f us, p99 %.0f us, %.1f statements\n",
	       sum / (double)k, t[k * 99 / 100], statements);
	free(t);
	free(inc);
	arena_free(&a);
	db_close(db);
	config_free(cfg);
	return 0;
}
