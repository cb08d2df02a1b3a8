/* outbox.c - the administrators' Outbox (Q6): the e-mails written to
 * <var_dir>/outbox/ when no SMTP server is configured, newest first, and
 * one message with its text and attachments. */
#include <stdio.h>
#include <string.h>

#include "core/fmt.h"
#include "crm/mail.h"
#include "quotes.h"
#include "web/pages.h"
#include "web/response.h"
#include "web/view.h"

int outbox_list(struct ctx *c)
{
	struct mail_outbox_entry *e;
	size_t n;
	int rc = mail_outbox_list(c->a, c->cfg, 200, &e, &n);
	if (rc)
		return rc;
	struct view *v = c->view;
	for (size_t i = 0; i < n; i++) {
		view_setk(v, e[i].name, "Outbox.%zu.Name", i);
		view_setk(v, e[i].subject, "Outbox.%zu.Subject", i);
		view_setk(v, e[i].to, "Outbox.%zu.To", i);
		view_setk(v, e[i].date, "Outbox.%zu.Date", i);
		view_setk_int(v, (e[i].size + 1023) / 1024, "Outbox.%zu.Kb", i);
	}
	view_set_int(v, "OutboxCount", (int64_t)n);
	view_set(v, "OutboxDir", mail_outbox_dir(c->a, c->cfg));
	const char *url = mail_smtp_url(c->db, c->a, c->cfg);
	if (*url)
		view_set(v, "SmtpUrl", url);
	page_nav(c, "quotes", "Quotes.Outbox.Title");
	return http_page(c, 200, "quotes/outbox.cs");
}

int outbox_message(struct ctx *c)
{
	struct mail_outbox_message m;
	if (mail_outbox_read(c->a, c->cfg, c->req.rest, &m) != 0)
		return ERR_NOTFOUND;
	struct view *v = c->view;
	view_set(v, "Mail.Name", c->req.rest);
	view_set(v, "Mail.Subject", m.subject);
	view_set(v, "Mail.From", m.from);
	view_set(v, "Mail.To", m.to);
	view_set(v, "Mail.Cc", m.cc);
	view_set(v, "Mail.Date", m.date);
	view_set(v, "Mail.MessageId", m.message_id);
	view_set(v, "Mail.Text", m.text);
	for (size_t i = 0; i < m.nattachments; i++) {
		view_setk(v, m.attachments[i], "Mail.Att.%zu.Name", i);
		view_setk_int(v, (int64_t)((m.attachment_sizes[i] + 1023) / 1024), "Mail.Att.%zu.Kb", i);
	}
	page_nav(c, "quotes", "Quotes.Outbox.Title");
	if (m.subject)
		view_set(v, "Page.Title", m.subject);
	return http_page(c, 200, "quotes/outbox_message.cs");
}
