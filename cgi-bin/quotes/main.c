/* quotes - quotations, products and taxes (/quotes, /api/v1/quotes...). */
#include "web/pages.h"
#include "web/server.h"

static const struct route routes[] = {
	{M_GET, "/quotes", page_coming, R_LOGIN},
};

const struct app quotes_app = {
	.name = "quotes",
	.health_path = "/quotes/healthz",
	.routes = routes,
	.nroutes = sizeof routes / sizeof routes[0],
};

int main(int argc, char **argv)
{
	return server_main(argc, argv, &quotes_app);
}
