/* intake - the public side: home page and the contact form (/contact), the
 * embeddable form (/contact/embed.js) and its description (SPEC I1-I4). */
#include "intake.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/log.h"
#include "crm/ratelimit.h"
#include "db/db.h"
#include "web/pages.h"
#include "web/server.h"

static const struct route routes[] = {
	{M_GET, "/", page_home, R_NODB},
	{M_GET, "/contact", contact_get, R_NODB},
	{M_POST, "/contact", contact_post, R_NODB | R_NOCSRF},
	{M_OPTIONS, "/contact", contact_options, R_NODB},
	{M_GET, "/contact/thanks", contact_thanks, R_NODB},
	{M_GET, "/contact/form.json", contact_form_json, R_NODB},
	{M_OPTIONS, "/contact/form.json", contact_options, R_NODB},
	{M_GET, "/contact/embed.js", contact_embed_js, R_NODB},
};

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *b = NULL;
	if (fseek(f, 0, SEEK_END) == 0) {
		long n = ftell(f);
		if (n >= 0 && n < (1 << 20) && fseek(f, 0, SEEK_SET) == 0 && (b = malloc((size_t)n + 1))) {
			*len = fread(b, 1, (size_t)n, f);
			b[*len] = '\0';
		}
	}
	fclose(f);
	return b;
}

static int thread_init(struct ctx *c)
{
	struct intake_thread *t = calloc(1, sizeof *t);
	if (!t)
		return -1;
	intake_settings_defaults(&t->s);
	intake_spool_dir(c->cfg, t->spool_dir);
	char path[1024];
	intake_ratelimit_path(c->cfg, path);
	if (ratelimit_open(&t->rl, path) != 0)
		log_warnx("contact form: no app-side rate limit (%s); nginx's still applies", path);
	snprintf(path, sizeof path, "%s/js/contact-embed.js", config_get(c->cfg, "htdocs_dir"));
	t->embed_js = slurp(path, &t->embed_len);
	if (!t->embed_js)
		log_warnx("contact form: %s is missing: /contact/embed.js answers 404", path);
	c->app = t;
	return 0;
}

static void thread_fini(struct ctx *c)
{
	struct intake_thread *t = c->app;
	if (!t)
		return;
	ratelimit_close(t->rl);
	free(t->embed_js);
	free(t);
	c->app = NULL;
}

/* After each (re)connection of a thread's database: write the rejection
 * counts kept meanwhile, and replay the submissions spooled while it was
 * down, for at most half a second (the request that reconnected is waiting;
 * other threads, the next reconnection or `piste cron` do the rest). Several
 * threads and processes may do this at once: the spool takes each entry
 * under a lock and the lead's intake_key makes it exactly once. */
static void on_db_connect(struct db *db, void *arg)
{
	(void)arg;
	const struct config *cfg = piste_config;
	char path[1024];
	intake_ratelimit_path(cfg, path);
	struct ratelimit *rl;
	if (ratelimit_open(&rl, path) == 0) {
		intake_reject_flush(db, rl);
		ratelimit_close(rl);
	}
	intake_spool_dir(cfg, path);
	int done = 0, failed = 0;
	intake_spool_replay(db, path, 500, &done, &failed);
	if (done || failed)
		log_info("contact form: %d spooled submission(s) replayed, %d set aside", done, failed);
}

const struct app intake_app = {
	.name = "intake",
	.health_path = "/contact/healthz",
	.routes = routes,
	.nroutes = sizeof routes / sizeof routes[0],
	.thread_init = thread_init,
	.thread_fini = thread_fini,
	.on_db_connect = on_db_connect,
};

int main(int argc, char **argv)
{
	return server_main(argc, argv, &intake_app);
}
