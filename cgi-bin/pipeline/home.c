/* home.c - /crm: the intranet home (welcome and sections). */
#include "pipeline.h"

#include "web/pages.h"

int home_get(struct ctx *c)
{
	page_nav(c, "home", NULL);
	return pl_page(c, 200, "core/shell.cs");
}
