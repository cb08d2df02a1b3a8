#include "web/pages.h"

#include <string.h>

#include "core/str.h"
#include "web/response.h"
#include "web/view.h"

int page_home(struct ctx *c)
{
	return http_page(c, 200, "core/home.cs");
}

int page_shell(struct ctx *c)
{
	page_nav(c, "home", NULL);
	return http_page(c, 200, "core/shell.cs");
}

void page_nav(struct ctx *c, const char *active, const char *title_key)
{
	view_set(c->view, "Nav.Active", active);
	if (title_key) {
		const char *t = view_tr(c->view, title_key);
		view_set(c->view, "Page.Heading", t ? t : title_key);
		view_set(c->view, "Page.Title", t ? t : title_key);
	}
}

static const struct {
	const char *prefix, *nav, *title;
} sections[] = {
	{"/crm/leads", "leads", "Nav.Leads"},
	{"/crm/opportunities", "pipeline", "Nav.Opportunities"},
	{"/crm/pipeline", "pipeline", "Nav.Pipeline"},
	{"/crm/activities", "activities", "Nav.Activities"},
	{"/crm/customers", "customers", "Nav.Customers"},
	{"/crm/reports", "reports", "Nav.Reports"},
	{"/crm/settings", "settings", "Nav.Settings"},
	{"/quotes", "quotes", "Nav.Quotations"},
};

int page_coming(struct ctx *c)
{
	view_lang(c->view, c->lang);
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
		if (str_starts(c->req.path, sections[i].prefix)) {
			page_nav(c, sections[i].nav, sections[i].title);
			break;
		}
	return http_page(c, 200, "core/coming.cs");
}

const char *page_safe_next(const char *next, const char *dflt)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\')
		return dflt;
	for (const char *p = next; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == '\\')
			return dflt;
	return next;
}
