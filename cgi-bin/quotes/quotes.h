/* quotes.h - handlers of the quotes program: quotations (/quotes), the
 * catalogue (/quotes/products, /quotes/taxes), quotation templates
 * (/quotes/templates), the administrators' outbox (/quotes/outbox) and the
 * JSON API (/api/v1/quotes, /api/v1/products, /api/v1/taxes). One file per
 * page or resource; the rules live in lib/crm (quote, product, qt_template,
 * pdf, mail). */
#ifndef QUOTES_H
#define QUOTES_H

#include "crm/quote.h"
#include "web/ctx.h"

/* Access of the current user (salesperson or manager). */
struct quote_acl quotes_acl(const struct ctx *c);
/* Money in the page's language ("1 234,56 €"), arena string. */
const char *quotes_money(struct ctx *c, const char *decimal);
/* Localised date from ISO, arena string ("" for NULL). */
const char *quotes_date(struct ctx *c, const char *iso);
/* Fill Taxes.<i>.{id,name,...} and Products.<i>... used by several forms. */
int quotes_fill_catalogue(struct ctx *c);

/* list.c */
int quotes_list(struct ctx *c);
int quotes_new_get(struct ctx *c);
int quotes_new_post(struct ctx *c);

/* form.c */
int quote_page(struct ctx *c);
int quote_page_render(struct ctx *c, int64_t id, int status, const struct err_info *e);
int quote_post(struct ctx *c);
int quote_line_add_post(struct ctx *c);
int quote_line_post(struct ctx *c);
int quote_line_delete_post(struct ctx *c);
int quote_line_up_post(struct ctx *c);
int quote_line_down_post(struct ctx *c);
int quote_lines_order_post(struct ctx *c);
int quote_confirm_post(struct ctx *c);
int quote_cancel_post(struct ctx *c);
int quote_draft_post(struct ctx *c);
int quote_token_post(struct ctx *c);
int quote_note_post(struct ctx *c);
int quote_pdf_get(struct ctx *c);
int quote_attachment_get(struct ctx *c);
int quote_preview_get(struct ctx *c);
/* Read the line fields of a form or JSON object into in (arena). */
int quotes_read_line(struct ctx *c, struct quote_line_input *in, struct err_info *e);

/* send.c */
int quote_send_get(struct ctx *c);
int quote_send_post(struct ctx *c);

/* catalogue.c */
int products_list(struct ctx *c);
int product_page(struct ctx *c);
int product_new_page(struct ctx *c);
int product_save_post(struct ctx *c);
int product_archive_post(struct ctx *c);
int taxes_list(struct ctx *c);
int tax_page(struct ctx *c);
int tax_new_page(struct ctx *c);
int tax_save_post(struct ctx *c);
int tax_archive_post(struct ctx *c);

/* templates.c */
int qtemplates_list(struct ctx *c);
int qtemplate_page(struct ctx *c);
int qtemplate_new_page(struct ctx *c);
int qtemplate_save_post(struct ctx *c);
int qtemplate_line_add_post(struct ctx *c);
int qtemplate_line_delete_post(struct ctx *c);
int qtemplate_archive_post(struct ctx *c);
int mailtpl_page(struct ctx *c);
int mailtpl_post(struct ctx *c);

/* outbox.c */
int outbox_list(struct ctx *c);
int outbox_message(struct ctx *c);

/* api.c */
int api_quotes_list(struct ctx *c);
int api_quotes_create(struct ctx *c);
int api_quote_get(struct ctx *c);
int api_quote_patch(struct ctx *c);
int api_quote_lines_add(struct ctx *c);
int api_quote_send(struct ctx *c);
int api_quote_confirm(struct ctx *c);
int api_quote_cancel(struct ctx *c);
int api_quote_draft(struct ctx *c);
int api_quote_pdf(struct ctx *c);
int api_products_list(struct ctx *c);
int api_products_create(struct ctx *c);
int api_product_get(struct ctx *c);
int api_product_patch(struct ctx *c);
int api_taxes_list(struct ctx *c);
int api_taxes_create(struct ctx *c);
int api_tax_get(struct ctx *c);
int api_tax_patch(struct ctx *c);

#endif
