/* intake - the public side: home page and the contact form (/contact). */
#include "web/pages.h"
#include "web/server.h"

static const struct route routes[] = {
	{M_GET, "/", page_home, R_NODB},
	{M_GET, "/contact", page_coming, R_NODB},
};

const struct app intake_app = {
	.name = "intake",
	.health_path = "/contact/healthz",
	.routes = routes,
	.nroutes = sizeof routes / sizeof routes[0],
};

int main(int argc, char **argv)
{
	return server_main(argc, argv, &intake_app);
}
