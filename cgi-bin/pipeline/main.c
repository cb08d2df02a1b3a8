/* pipeline - the staff intranet (/crm) and the JSON API (/api/v1).
 * The route table says, for each URL, who may call it. */
#include "pipeline.h"
#include "settings_intake.h"

#include "web/pages.h"
#include "web/response.h"
#include "web/server.h"

/* The smallest FastCGI answer: the yardstick benchmarks compare pages to. */
static int hello(struct ctx *c)
{
	return http_body(c, 200, "text/plain; charset=utf-8", "hello\n", 6);
}

static const struct route routes[] = {
	{M_GET, "/crm/hello", hello, R_NODB},
	{M_GET, "/crm", page_shell, R_LOGIN},
	{M_GET, "/crm/", page_shell, R_LOGIN},
	{M_GET, "/crm/login", login_get, R_PUBLIC},
	{M_POST, "/crm/login", login_post, R_NOCSRF},
	{M_POST, "/crm/logout", logout_post, R_LOGIN},
	{M_GET, "/crm/password", password_get, R_LOGIN},
	{M_POST, "/crm/password", password_post, R_LOGIN},
	{M_POST, "/crm/lang", lang_post, R_LOGIN},
	{M_GET, "/crm/leads", page_coming, R_LOGIN},
	{M_GET, "/crm/opportunities", page_coming, R_LOGIN},
	{M_GET, "/crm/pipeline", page_coming, R_LOGIN},
	{M_GET, "/crm/activities", page_coming, R_LOGIN},
	{M_GET, "/crm/customers", page_coming, R_LOGIN},
	{M_GET, "/crm/reports", page_coming, R_LOGIN},
	{M_GET, "/crm/settings", page_coming, R_MANAGER},
	{M_GET, "/crm/settings/intake", settings_intake_get, R_MANAGER},
	{M_POST, "/crm/settings/intake", settings_intake_post, R_MANAGER},
	{M_GET, "/api/v1/me", api_me, R_LOGIN},
	{M_GET, "/api/v1/users", api_users, R_LOGIN},
};

const struct app pipeline_app = {
	.name = "pipeline",
	.health_path = "/crm/healthz",
	.routes = routes,
	.nroutes = sizeof routes / sizeof routes[0],
};

int main(int argc, char **argv)
{
	return server_main(argc, argv, &pipeline_app);
}
