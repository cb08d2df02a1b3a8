/* Benchmark helper (built and run by bench_qualify.py) on the benchmark
 * database:
 *   qualify_bench similar N   - the similar-leads count of N leads spread over
 *                               the table (what the lead form adds): average
 *                               and 99th percentile in microseconds
 *   qualify_bench merge N     - N merges of 5 fresh records with 100 messages
 *                               each (plus an activity and a tag), each in its
 *                               own committed transaction, then their undo:
 *                               average and worst in milliseconds */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/crypt.h"
#include "core/err.h"
#include "crm/access.h"
#include "crm/merge.h"
#include "crm/similar.h"
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

static void report(const char *what, double *t, size_t n, double scale, const char *unit)
{
	qsort(t, n, sizeof *t, cmp);
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += t[i];
	printf("%s: %zu runs, average %.3f %s, p50 %.3f %s, p99 %.3f %s, max %.3f %s\n", what, n, sum / n / scale, unit,
	       t[n / 2] / scale, unit, t[n * 99 / 100] / scale, unit, t[n - 1] / scale, unit);
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	int n = atoi(argv[2]);
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
	int64_t maxid = 0;
	if (db_int(db, &maxid, 0, "SELECT MAX(id) FROM crm_lead", "") != 0) {
		fprintf(stderr, "bench query failed\n");
		return 2;
	}
	double *t = calloc((size_t)n + 1, sizeof *t), *u = calloc((size_t)n + 1, sizeof *u);
	if (strcmp(argv[1], "similar") == 0) {
		size_t total = 0;
		for (int pass = 0; pass < 2; pass++) {
		total = 0;
		srand(42);
		for (int i = 0; i < n; i++) {
			int64_t id = 1 + (int64_t)(((uint64_t)rand() * RAND_MAX + (uint64_t)rand()) % (uint64_t)maxid);
			int64_t *ids;
			size_t k = 0;
			double t0 = now_us();
			int rc = similar_of(db, &a, NULL, id, &ids, &k);
			t[i] = now_us() - t0;
			if (rc && rc != ERR_NOTFOUND) {
				fprintf(stderr, "similar_of: %d\n", rc);
				return 1;
			}
			total += k;
			arena_reset(&a);
		}
		report(pass ? "similar-leads count per lead form, same leads again (warm)"
			    : "similar-leads count per lead form, first touch (cold cache)",
		       t, (size_t)n, 1000.0, "ms");
		}
		printf("  (%.1f similar records per lead on average)\n", (double)total / n);
		return 0;
	}
	/* merge */
	struct access sys = access_for(NULL);
	int64_t tagid = 0;
	if (db_int(db, &tagid, 0, "SELECT MIN(id) FROM tag", "") != 0) {
		fprintf(stderr, "bench query failed\n");
		return 2;
	}
	int64_t atype = 0;
	if (db_int(db, &atype, 0, "SELECT MIN(id) FROM activity_type", "") != 0) {
		fprintf(stderr, "bench query failed\n");
		return 2;
	}
	int64_t uid = 0;
	if (db_int(db, &uid, 0, "SELECT MIN(id) FROM app_user", "") != 0) {
		fprintf(stderr, "bench query failed\n");
		return 2;
	}
	for (int i = 0; i < n; i++) {
		int64_t ids[5];
		for (int k = 0; k < 5; k++) {
			if (db_exec(db, "INSERT INTO crm_lead (name, type, email_from, email_normalized, email_domain_criterion, "
				    "phone, city, description, probability) VALUES (CONCAT('Merge bench ', ?), 'lead', "
				    "'dup@merge-bench.example', 'dup@merge-bench.example', '@merge-bench.example', '0102030405', "
				    "'Paris', 'note', ?)",
				"ii", (int64_t)(i * 5 + k), (int64_t)(10 + k)) < 0) {
				fprintf(stderr, "bench statement failed\n");
				return 2;
			}
			ids[k] = db_last_id(db);
			if (db_exec(db, "INSERT INTO message (res_model, res_id, kind, subject, body) SELECT 'lead', ?, 'note', "
				    "CONCAT('subject ', seq), 'a message body of some length' FROM seq_1_to_100",
				"i", ids[k]) < 0) {
				fprintf(stderr, "bench statement failed\n");
				return 2;
			}
			if (db_exec(db, "INSERT INTO activity (res_model, res_id, activity_type_id, summary, date_deadline, user_id) "
				    "VALUES ('lead', ?, ?, 'call', UTC_DATE(), ?)", "iii", ids[k], atype, uid) < 0) {
				fprintf(stderr, "bench statement failed\n");
				return 2;
			}
			if (tagid)
				if (db_exec(db, "INSERT IGNORE INTO lead_tag (lead_id, tag_id) VALUES (?, ?)", "ii", ids[k], tagid) < 0) {
					fprintf(stderr, "bench statement failed\n");
					return 2;
				}
		}
		struct merge_opts o = {0};
		struct err_info e = {0};
		int64_t master = 0, mid = 0;
		double t0 = now_us();
		int rc = merge_leads(db, &a, &sys, &o, ids, 5, &master, &mid, &e);
		t[i] = now_us() - t0;
		if (rc) {
			fprintf(stderr, "merge: %d %s\n", rc, e.msg);
			return 1;
		}
		struct merge_undo_opts uo = {0};
		t0 = now_us();
		rc = merge_undo(db, &a, &sys, &uo, master, mid, NULL, &e);
		u[i] = now_us() - t0;
		if (rc) {
			fprintf(stderr, "undo: %d %s\n", rc, e.msg);
			return 1;
		}
		arena_reset(&a);
	}
	report("merge of 5 records x 100 messages", t, (size_t)n, 1000.0, "ms");
	report("undo of that merge", u, (size_t)n, 1000.0, "ms");
	return 0;
}
