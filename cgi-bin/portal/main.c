/* portal - what customers see: /my/quotes/<id>?token=... */
#include "web/server.h"

static const struct route routes[] = {
	{0, "", NULL, 0},
};

const struct app portal_app = {
	.name = "portal",
	.health_path = "/my/healthz",
	.routes = routes,
	.nroutes = 0,
};

int main(int argc, char **argv)
{
	return server_main(argc, argv, &portal_app);
}
