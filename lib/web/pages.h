/* pages.h - pages several programs serve: the public home page, the
 * intranet home, and the placeholder shell for sections whose issue has not
 * landed yet (it says so plainly instead of pretending). Also the helpers
 * every handler uses to build page data. */
#ifndef PISTE_PAGES_H
#define PISTE_PAGES_H

#include <stdbool.h>

#include "web/ctx.h"

int page_home(struct ctx *c);
int page_shell(struct ctx *c);
int page_coming(struct ctx *c);

/* A local path that is safe to redirect to ("/..." but not "//..." nor
 * "/\..."), else dflt. */
const char *page_safe_next(const char *next, const char *dflt);
/* Mark the navigation entry and page title for a staff page. */
void page_nav(struct ctx *c, const char *active, const char *title_key);

#endif
