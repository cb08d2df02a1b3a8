/* insert_bench - the yardstick of the intake benchmark: the raw rate of a
 * durable single-row INSERT into crm_lead through libmariadb (prepared
 * statement, autocommit: one commit, flushed to disk, per row), with N
 * connections in parallel for D seconds. Built and run by
 * tests/bench/bench_intake.py; prints one line:
 *   rate=<rows/s> p50=<ms> p99=<ms> n=<rows> errors=<n>
 *
 *   insert_bench SOCKET DBNAME CONNECTIONS SECONDS */
#include <mysql.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *sock, *dbname;
static int seconds;
static double t_end;

struct worker {
	pthread_t tid;
	int id;
	long n, errors;
	double *lat;
	size_t cap;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *run(void *p)
{
	struct worker *w = p;
	MYSQL *m = mysql_init(NULL);
	mysql_options(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	if (!mysql_real_connect(m, NULL, "root", NULL, dbname, 0, sock, 0)) {
		fprintf(stderr, "connect: %s\n", mysql_error(m));
		w->errors++;
		mysql_close(m);
		return NULL;
	}
	const char *sql = "INSERT INTO crm_lead (name, type, contact_name, email_from, email_normalized, "
			  "description, medium, origin, intake_key) "
			  "VALUES (?, 'lead', ?, ?, ?, ?, 'Website', 'form', ?)";
	MYSQL_STMT *st = mysql_stmt_init(m);
	if (mysql_stmt_prepare(st, sql, strlen(sql)) != 0) {
		fprintf(stderr, "prepare: %s\n", mysql_stmt_error(st));
		w->errors++;
		return NULL;
	}
	char name[64], contact[64], email[96], desc[128], key[64];
	unsigned long len[6];
	MYSQL_BIND b[6];
	memset(b, 0, sizeof b);
	char *bufs[6] = {name, contact, email, email, desc, key};
	for (int i = 0; i < 6; i++) {
		b[i].buffer_type = MYSQL_TYPE_STRING;
		b[i].buffer = bufs[i];
		b[i].length = &len[i];
	}
	mysql_stmt_bind_param(st, b);
	long k = 0;
	while (now() < t_end) {
		k++;
		snprintf(name, sizeof name, "Raw insert %d-%ld", w->id, k);
		snprintf(contact, sizeof contact, "Bench %d", w->id);
		snprintf(email, sizeof email, "raw%d.%ld@bench.example", w->id, k);
		snprintf(desc, sizeof desc, "Raw INSERT yardstick, connection %d, row %ld", w->id, k);
		snprintf(key, sizeof key, "raw-%d-%ld-%lld", w->id, k, (long long)time(NULL));
		for (int i = 0; i < 6; i++)
			len[i] = strlen(bufs[i]);
		double t0 = now();
		if (mysql_stmt_execute(st) != 0) {
			w->errors++;
			continue;
		}
		double dt = (now() - t0) * 1000.0;
		if ((size_t)w->n == w->cap) {
			w->cap = w->cap ? w->cap * 2 : 4096;
			w->lat = realloc(w->lat, w->cap * sizeof *w->lat);
		}
		w->lat[w->n++] = dt;
	}
	mysql_stmt_close(st);
	mysql_close(m);
	mysql_thread_end();
	return NULL;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: insert_bench SOCKET DBNAME CONNECTIONS SECONDS\n");
		return 64;
	}
	sock = argv[1];
	dbname = argv[2];
	int conns = atoi(argv[3]);
	seconds = atoi(argv[4]);
	if (conns < 1 || conns > 512 || seconds < 1)
		return 64;
	mysql_library_init(0, NULL, NULL);
	struct worker *w = calloc((size_t)conns, sizeof *w);
	double t0 = now();
	t_end = t0 + seconds;
	for (int i = 0; i < conns; i++) {
		w[i].id = i;
		pthread_create(&w[i].tid, NULL, run, &w[i]);
	}
	long total = 0, errors = 0;
	for (int i = 0; i < conns; i++) {
		pthread_join(w[i].tid, NULL);
		total += w[i].n;
		errors += w[i].errors;
	}
	double elapsed = now() - t0;
	double *all = malloc(((size_t)total + 1) * sizeof *all);
	size_t k = 0;
	for (int i = 0; i < conns; i++) {
		memcpy(all + k, w[i].lat, (size_t)w[i].n * sizeof *all);
		k += (size_t)w[i].n;
		free(w[i].lat);
	}
	qsort(all, k, sizeof *all, cmp);
	double p50 = k ? all[k / 2] : 0, p99 = k ? all[(size_t)((double)k * 0.99)] : 0;
	printf("rate=%.1f p50=%.3f p99=%.3f n=%ld errors=%ld\n", (double)total / elapsed, p50, p99,
	       total, errors);
	free(all);
	free(w);
	mysql_library_end();
	return errors && !total ? 1 : 0;
}
