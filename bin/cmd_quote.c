/* piste quote - quotations from the command line:
 *   piste quote pdf --id N [--lang fr|en] [--out FILE]   the PDF (stdout without --out)
 *   piste quote verify --id N
 *       "valid" (exit 0) when the SHA-256 of the signed snapshot equals the
 *       stored content hash; else what differs (exit 1). The snapshot fields
 *       that differ from the live quotation are listed either way, for
 *       information (a renamed customer does not make a signature invalid).
 *   piste quote bench-pdf --id N [--count N] [--lang fr|en]
 *       render the quotation's PDF N times with the real generator and print
 *       the rate (documents per second) and the time per document, both for
 *       rendering alone and for loading from the database + rendering. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "core/buf.h"
#include "core/err.h"
#include "crm/pdf.h"
#include "crm/quote.h"
#include "db/db.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of this thread: what one PDF costs, whatever else the machine
 * is doing (wall-clock rates fall when other processes take the cores). */
static double cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct worker {
	const struct pdf_quote *doc;
	int count, failed;
};

static void *render_many(void *arg)
{
	struct worker *w = arg;
	struct buf out;
	buf_init(&out);
	for (int i = 0; i < w->count; i++) {
		buf_reset(&out);
		if (pdf_render_quote(w->doc, &out, NULL) != 0)
			w->failed++;
	}
	buf_free(&out);
	return NULL;
}

static int verify(struct cli *c, struct db *db, int64_t id)
{
	struct quote_verification v;
	int rc = quote_verify(db, &c->a, c->cfg, id, &v);
	if (rc == ERR_NOTFOUND)
		return cli_fail("quote %lld: no such quotation", (long long)id);
	if (rc)
		return cli_fail("quote %lld: %s", (long long)id, err_str(rc));
	if (!v.is_signed) {
		printf("not signed\n");
		return 1;
	}
	if (!v.has_snapshot) {
		/* Signed before snapshots were kept (schema 0070). */
		printf("no snapshot (signed before snapshots were kept): the current content %s the signed hash\n",
		       v.legacy_match ? "still matches" : "no longer matches");
		return 1;
	}
	if (v.valid)
		printf("valid\n");
	else
		printf("hash mismatch: stored %s computed %s\n", v.stored_hash ? v.stored_hash : "(none)",
		       v.computed_hash);
	for (size_t i = 0; i < v.nchanged; i++)
		printf("changed since signing: %s\n", v.changed[i]);
	return v.valid ? 0 : 1;
}

int cmd_quote(struct cli *c)
{
	const char *sub = c->argc > 0 ? c->argv[0] : "";
	const char *ids = cli_opt(c, "id");
	int64_t id = ids ? strtoll(ids, NULL, 10) : 0;
	if ((strcmp(sub, "pdf") != 0 && strcmp(sub, "bench-pdf") != 0 && strcmp(sub, "verify") != 0) || id <= 0)
		return cli_fail("usage: piste quote pdf --id N [--lang fr|en] [--out FILE] | "
				"piste quote verify --id N | piste quote bench-pdf --id N [--count N]");
	struct db *db = cli_db(c);
	if (!db)
		return 75;
	if (strcmp(sub, "verify") == 0)
		return verify(c, db, id);
	const char *lang = cli_opt(c, "lang");
	struct err_info e = {0};
	struct buf out;
	buf_init(&out);
	if (strcmp(sub, "pdf") == 0) {
		int rc = quote_pdf(db, &c->a, c->cfg, id, lang, &out, &e);
		if (rc) {
			buf_free(&out);
			return cli_fail("quote %lld: %s", (long long)id, e.msg[0] ? e.msg : err_str(rc));
		}
		const char *path = cli_opt(c, "out");
		FILE *f = path ? fopen(path, "wb") : stdout;
		if (!f || fwrite(out.p, 1, out.len, f) != out.len) {
			buf_free(&out);
			return cli_fail("cannot write %s", path ? path : "stdout");
		}
		if (path)
			fclose(f);
		buf_free(&out);
		return 0;
	}
	const char *cs = cli_opt(c, "count");
	int count = cs ? atoi(cs) : 500;
	if (count < 1)
		count = 1;
	struct pdf_quote doc;
	int rc = quote_pdf_doc(db, &c->a, c->cfg, id, lang, &doc, &e);
	if (rc)
		return cli_fail("quote %lld: %s", (long long)id, e.msg[0] ? e.msg : err_str(rc));
	int pages = 0;
	/* Warm up (fonts, caches), then measure. */
	pdf_render_quote(&doc, &out, &pages);
	size_t bytes = out.len;
	double t0 = now_s(), c0 = cpu_s();
	for (int i = 0; i < count; i++) {
		buf_reset(&out);
		if (pdf_render_quote(&doc, &out, NULL) != 0) {
			buf_free(&out);
			return cli_fail("rendering failed");
		}
	}
	double render = now_s() - t0, render_cpu = cpu_s() - c0;
	struct arena a;
	arena_init(&a, 64 * 1024);
	t0 = now_s();
	for (int i = 0; i < count; i++) {
		buf_reset(&out);
		arena_reset(&a);
		if (quote_pdf(db, &a, c->cfg, id, lang, &out, &e) != 0) {
			arena_free(&a);
			buf_free(&out);
			return cli_fail("rendering failed");
		}
	}
	double full = now_s() - t0;
	arena_free(&a);
	buf_free(&out);
	/* The machine's throughput: one rendering thread per core, as the
	 * quotes program runs one worker process per core. */
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int nthreads = ncpu > 1 ? (int)(ncpu > 8 ? 8 : ncpu) : 1;
	const char *ts = cli_opt(c, "threads");
	if (ts && atoi(ts) > 0 && atoi(ts) <= 16)
		nthreads = atoi(ts);
	struct worker w[16];
	pthread_t th[16];
	t0 = now_s();
	for (int i = 0; i < nthreads; i++) {
		w[i] = (struct worker){&doc, count / nthreads, 0};
		pthread_create(&th[i], NULL, render_many, &w[i]);
	}
	int done = 0;
	for (int i = 0; i < nthreads; i++) {
		pthread_join(th[i], NULL);
		done += w[i].count - w[i].failed;
	}
	double par = now_s() - t0;
	printf("quotation %lld: %zu lines, %d page(s), %zu bytes per PDF\n", (long long)id, doc.nlines, pages, bytes);
	printf("render only:      %d PDFs in %.3f s = %.1f PDFs/s, %.3f ms per PDF\n", count, render,
	       count / render, render * 1000 / count);
	printf("render CPU time:  %.3f ms per PDF = %.1f PDFs/s per core\n", render_cpu * 1000 / count,
	       count / render_cpu);
	printf("load + render:    %d PDFs in %.3f s = %.1f PDFs/s, %.3f ms per PDF\n", count, full,
	       count / full, full * 1000 / count);
	printf("render, %d threads: %d PDFs in %.3f s = %.1f PDFs/s\n", nthreads, done, par, done / par);
	return 0;
}
