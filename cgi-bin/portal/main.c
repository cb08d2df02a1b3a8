/* portal - what customers see: /my/quotes/<id>?token=... (SPEC C1-C8).
 * No route needs a login: each checks the quotation's token itself, and the
 * POSTs check the page's signed form token (R_NOCSRF: customers have no
 * session, so no session CSRF token). */
#include <stdio.h>
#include <stdlib.h>

#include "core/config.h"
#include "core/log.h"
#include "crm/mail.h"
#include "crm/ratelimit.h"
#include "portal.h"
#include "web/server.h"

static const struct route routes[] = {
	{M_GET, "/my/quotes/:id", portal_quote_get, R_PUBLIC},
	{M_GET, "/my/quotes/:id/pdf", portal_pdf_get, R_PUBLIC},
	{M_GET, "/my/quotes/:id/signature.png", portal_signature_get, R_PUBLIC},
	{M_POST, "/my/quotes/:id/sign", portal_sign_post, R_NOCSRF},
	{M_POST, "/my/quotes/:id/decline", portal_decline_post, R_NOCSRF},
	{M_POST, "/my/quotes/:id/message", portal_message_post_h, R_NOCSRF},
};

static int thread_init(struct ctx *c)
{
	struct portal_thread *t = calloc(1, sizeof *t);
	if (!t)
		return -1;
	char path[1024];
	snprintf(path, sizeof path, "%s/run/portal-ratelimit.shm", config_get(c->cfg, "var_dir"));
	if (ratelimit_open(&t->rl, path) != 0)
		log_warnx("portal: no rate limit on token failures (%s)", path);
	c->app = t;
	return 0;
}

static void thread_fini(struct ctx *c)
{
	struct portal_thread *t = c->app;
	if (!t)
		return;
	ratelimit_close(t->rl);
	for (int i = 0; i < PORTAL_QR_CACHE; i++) {
		free(t->page_qr[i].text);
		free(t->page_qr[i].svg);
		free(t->epc_qr[i].text);
		free(t->epc_qr[i].svg);
		free(t->pages[i].token);
		free(t->pages[i].stamp);
		free(t->pages[i].body);
	}
	free(t);
	c->app = NULL;
}

const struct app portal_app = {
	.name = "portal",
	.health_path = "/my/healthz",
	.routes = routes,
	.nroutes = sizeof routes / sizeof routes[0],
	.thread_init = thread_init,
	.thread_fini = thread_fini,
	/* A drawn signature arrives as a PNG data URL in one field: up to
	 * 200 KB of PNG is ~270 KB of base64; anything bigger is refused by
	 * portal_png_check with a clear message, far beyond by the parser (413). */
	.field_limit = 400 * 1024,
};

int main(int argc, char **argv)
{
	/* GMime and libcurl global state (salesperson e-mails), before threads. */
	mail_init();
	return server_main(argc, argv, &portal_app);
}
