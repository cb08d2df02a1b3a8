/* quotes - quotations, products, taxes, templates and the outbox (/quotes)
 * and their JSON API (/api/v1/quotes, /api/v1/products, /api/v1/taxes).
 * The route table says, for each URL, who may call it: the catalogue
 * (products, taxes, quotation templates) is read by everyone and written by
 * managers only. */
#include "quotes.h"

#include "crm/mail.h"
#include "web/server.h"

static const struct route routes[] = {
	{M_GET, "/quotes", quotes_list, R_LOGIN},
	{M_GET, "/quotes/", quotes_list, R_LOGIN},
	{M_GET, "/quotes/new", quotes_new_get, R_LOGIN},
	{M_POST, "/quotes/new", quotes_new_post, R_LOGIN},
	{M_GET, "/quotes/:id", quote_page, R_LOGIN},
	{M_POST, "/quotes/:id", quote_post, R_LOGIN},
	{M_POST, "/quotes/:id/lines", quote_line_add_post, R_LOGIN},
	{M_POST, "/quotes/:id/lines/order", quote_lines_order_post, R_LOGIN},
	{M_POST, "/quotes/:id/lines/:id", quote_line_post, R_LOGIN},
	{M_POST, "/quotes/:id/lines/:id/delete", quote_line_delete_post, R_LOGIN},
	{M_POST, "/quotes/:id/lines/:id/up", quote_line_up_post, R_LOGIN},
	{M_POST, "/quotes/:id/lines/:id/down", quote_line_down_post, R_LOGIN},
	{M_POST, "/quotes/:id/confirm", quote_confirm_post, R_LOGIN},
	{M_POST, "/quotes/:id/cancel", quote_cancel_post, R_LOGIN},
	{M_POST, "/quotes/:id/draft", quote_draft_post, R_LOGIN},
	{M_POST, "/quotes/:id/token", quote_token_post, R_LOGIN},
	{M_POST, "/quotes/:id/note", quote_note_post, R_LOGIN},
	{M_GET, "/quotes/:id/pdf", quote_pdf_get, R_LOGIN},
	{M_GET, "/quotes/:id/attachments/:id", quote_attachment_get, R_LOGIN},
	{M_GET, "/quotes/:id/preview", quote_preview_get, R_LOGIN},
	{M_GET, "/quotes/:id/send", quote_send_get, R_LOGIN},
	{M_POST, "/quotes/:id/send", quote_send_post, R_LOGIN},

	{M_GET, "/quotes/products", products_list, R_LOGIN},
	{M_GET, "/quotes/products/new", product_new_page, R_MANAGER},
	{M_POST, "/quotes/products/new", product_save_post, R_MANAGER},
	{M_GET, "/quotes/products/:id", product_page, R_LOGIN},
	{M_POST, "/quotes/products/:id", product_save_post, R_MANAGER},
	{M_POST, "/quotes/products/:id/archive", product_archive_post, R_MANAGER},
	{M_GET, "/quotes/taxes", taxes_list, R_LOGIN},
	{M_GET, "/quotes/taxes/new", tax_new_page, R_MANAGER},
	{M_POST, "/quotes/taxes/new", tax_save_post, R_MANAGER},
	{M_GET, "/quotes/taxes/:id", tax_page, R_LOGIN},
	{M_POST, "/quotes/taxes/:id", tax_save_post, R_MANAGER},
	{M_POST, "/quotes/taxes/:id/archive", tax_archive_post, R_MANAGER},

	{M_GET, "/quotes/templates", qtemplates_list, R_LOGIN},
	{M_GET, "/quotes/templates/new", qtemplate_new_page, R_MANAGER},
	{M_GET, "/quotes/templates/mail", mailtpl_page, R_MANAGER},
	{M_POST, "/quotes/templates/mail", mailtpl_post, R_MANAGER},
	{M_POST, "/quotes/templates/new", qtemplate_save_post, R_MANAGER},
	{M_GET, "/quotes/templates/:id", qtemplate_page, R_LOGIN},
	{M_POST, "/quotes/templates/:id", qtemplate_save_post, R_MANAGER},
	{M_POST, "/quotes/templates/:id/lines", qtemplate_line_add_post, R_MANAGER},
	{M_POST, "/quotes/templates/:id/lines/:id/delete", qtemplate_line_delete_post, R_MANAGER},
	{M_POST, "/quotes/templates/:id/archive", qtemplate_archive_post, R_MANAGER},

	{M_GET, "/quotes/outbox", outbox_list, R_ADMIN},
	{M_GET, "/quotes/outbox/*", outbox_message, R_ADMIN},

	{M_GET, "/api/v1/quotes", api_quotes_list, R_LOGIN},
	{M_POST, "/api/v1/quotes", api_quotes_create, R_LOGIN},
	{M_GET, "/api/v1/quotes/:id", api_quote_get, R_LOGIN},
	{M_PATCH, "/api/v1/quotes/:id", api_quote_patch, R_LOGIN},
	{M_POST, "/api/v1/quotes/:id/lines", api_quote_lines_add, R_LOGIN},
	{M_POST, "/api/v1/quotes/:id/send", api_quote_send, R_LOGIN},
	{M_POST, "/api/v1/quotes/:id/confirm", api_quote_confirm, R_LOGIN},
	{M_POST, "/api/v1/quotes/:id/cancel", api_quote_cancel, R_LOGIN},
	{M_POST, "/api/v1/quotes/:id/draft", api_quote_draft, R_LOGIN},
	{M_GET, "/api/v1/quotes/:id/pdf", api_quote_pdf, R_LOGIN},
	{M_GET, "/api/v1/products", api_products_list, R_LOGIN},
	{M_POST, "/api/v1/products", api_products_create, R_MANAGER},
	{M_GET, "/api/v1/products/:id", api_product_get, R_LOGIN},
	{M_PATCH, "/api/v1/products/:id", api_product_patch, R_MANAGER},
	{M_GET, "/api/v1/taxes", api_taxes_list, R_LOGIN},
	{M_POST, "/api/v1/taxes", api_taxes_create, R_MANAGER},
	{M_GET, "/api/v1/taxes/:id", api_tax_get, R_LOGIN},
	{M_PATCH, "/api/v1/taxes/:id", api_tax_patch, R_MANAGER},
};

const struct app quotes_app = {
	.name = "quotes",
	.health_path = "/quotes/healthz",
	.routes = routes,
	.nroutes = sizeof routes / sizeof routes[0],
};

int main(int argc, char **argv)
{
	/* GMime and libcurl global state, before the workers' threads. */
	mail_init();
	return server_main(argc, argv, &quotes_app);
}
