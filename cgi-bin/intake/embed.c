/* embed.c - /contact/embed.js: the script other websites include to show the
 * contact form (SPEC I2). It is a static file (htdocs/js/contact-embed.js)
 * read once per thread; it is served here, under /contact, so that sites
 * embed one stable address, and without the X-Frame-Options / CSP headers of
 * our own pages, which only make sense for HTML. */
#include "intake.h"

#include "web/response.h"

int contact_embed_js(struct ctx *c)
{
	struct intake_thread *t = c->app;
	if (!t->embed_js)
		return ERR_NOTFOUND;
	c->resp.no_security_headers = true;
	http_header(c, "Cache-Control", "public, max-age=3600");
	http_header(c, "Access-Control-Allow-Origin", "*");
	return http_body(c, 200, "application/javascript; charset=utf-8", t->embed_js, t->embed_len);
}
