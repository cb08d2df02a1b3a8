/* intake.h - handlers of the intake program: the public home page and the
 * contact form under /contact (SPEC I1-I4, I7). One file per page. */
#ifndef INTAKE_PROGRAM_H
#define INTAKE_PROGRAM_H

#include <stdbool.h>
#include <sys/types.h>
#include <time.h>

#include "crm/intake.h"
#include "web/ctx.h"

struct ratelimit;

/* Per worker thread (c->app). */
struct intake_thread {
	struct ratelimit *rl;
	struct intake_settings s; /* the last settings read (used while the DB is down) */
	bool shared;              /* s is the one in the shared settings file */
	int64_t settings_at;      /* when s was read (monotonic ms), 0: never */
	struct timespec marker_mtime; /* the settings-change marker last seen */
	ino_t marker_ino;
	struct intake_route route; /* where leads go, resolved at route_at (ms) */
	int64_t route_at;
	char spool_dir[1024];
	char *embed_js;           /* htdocs/js/contact-embed.js, read once */
	size_t embed_len;
};

/* contact.c */
int contact_get(struct ctx *c);
int contact_post(struct ctx *c);
int contact_options(struct ctx *c);
int contact_thanks(struct ctx *c);
int contact_form_json(struct ctx *c);
/* embed.c */
int contact_embed_js(struct ctx *c);

/* The current settings: read from the database when it answers, else the
 * last ones this thread read (or the defaults). */
const struct intake_settings *contact_settings(struct ctx *c);
/* CORS headers for an allowed cross-origin caller; false (no header) when
 * the Origin is absent, same-origin or not allowed. *denied is set for a
 * cross-origin caller that is not allowed. */
bool contact_cors(struct ctx *c, const struct intake_settings *s, bool *denied);

#endif
