/* send.c - the "Send by e-mail" dialog (Q6): GET /quotes/<id>/send shows
 * the message pre-filled from the e-mail template in the customer's
 * language, POST sends it with the PDF attached. Each dialog carries a
 * one-time key, so submitting it twice (or retrying after an error) never
 * sends the e-mail twice. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/crypt.h"
#include "core/str.h"
#include "crm/mail.h"
#include "crm/settings.h"
#include "db/db.h"
#include "quotes.h"
#include "web/pages.h"
#include "web/request.h"
#include "web/response.h"
#include "web/view.h"

static int send_page(struct ctx *c, int status, const struct err_info *e)
{
	int64_t id = c->req.id[0];
	struct quote_acl acl = quotes_acl(c);
	struct db_rows q;
	int rc = quote_get(c->db, c->a, &acl, id, &q);
	if (rc)
		return rc;
	struct view *v = c->view;
	view_set_row(v, "Quote", &q, 0);
	const char *to = NULL, *subject = NULL, *body = NULL;
	struct err_info de = {0};
	if (quote_mail_defaults(c->db, c->a, c->cfg, &acl, id, &to, &subject, &body, &de) != 0)
		to = subject = body = NULL;
	/* What the user typed wins over the template (error re-display). */
	view_set(v, "Send.To", req_form(c, "to") ? req_form(c, "to") : to);
	view_set(v, "Send.Cc", req_form(c, "cc"));
	view_set(v, "Send.Subject", req_form(c, "subject") ? req_form(c, "subject") : subject);
	view_set(v, "Send.Body", req_form(c, "body") ? req_form(c, "body") : body);
	const char *key = req_form(c, "idem_key");
	char fresh[48];
	if (!key || strlen(key) > 64) {
		crypt_token(fresh, sizeof fresh, 18);
		key = fresh;
	}
	view_set(v, "Send.Key", key);
	int64_t days = settings_int(c->db, "quote_followup_days", 3);
	view_set_int(v, "Send.FollowupDays", req_form(c, "followup_days") ? atoll(req_form(c, "followup_days")) : days);
	if (days > 0 && (!req_form(c, "idem_key") || req_bool(c, "followup")))
		view_set(v, "Send.Followup", "1");
	const char *lang = quote_doc_lang(c->db, c->a, id);
	view_set(v, "Send.Lang", lang);
	view_set(v, "Send.Attachment",
		 arena_printf(c->a, "%s - %s.pdf", str_eq(lang, "fr") ? "Devis" : "Quotation", db_getn(&q, 0, "number")));
	const char *url = mail_smtp_url(c->db, c->a, c->cfg);
	if (!*url)
		view_set(v, "Send.Outbox", "1");
	if (!db_getn_i64(&q, 0, "partner_id"))
		view_set(v, "Send.NoCustomer", "1");
	if (e && e->code) {
		view_set_error(v, e);
		const char *m = NULL;
		if (e->key[0]) {
			char k[96];
			snprintf(k, sizeof k, "Err.%s", e->key);
			m = view_tr(v, k);
		}
		view_set(v, "Error", m ? m : e->msg);
		if (e->code == ERR_UNAVAILABLE)
			view_set(v, "ErrorDetail", e->msg);
	}
	page_nav(c, "quotes", "Quotes.Send.Title");
	return http_page(c, status, "quotes/send.cs");
}

int quote_send_get(struct ctx *c)
{
	return send_page(c, 200, NULL);
}

int quote_send_post(struct ctx *c)
{
	struct quote_send_input in = {0};
	int rc;
	const char *to, *cc, *subject, *body, *key;
	if ((rc = req_text(c, "to", &to, 1000, true, &c->err)) || (rc = req_text(c, "cc", &cc, 1000, false, &c->err)) ||
	    (rc = req_text(c, "subject", &subject, 500, true, &c->err)) ||
	    (rc = req_text(c, "body", &body, 100000, true, &c->err)) ||
	    (rc = req_text(c, "idem_key", &key, 64, false, &c->err)))
		goto fail;
	in.to = to;
	in.cc = cc;
	in.subject = subject;
	in.body = body;
	in.idem_key = key;
	in.followup_days = 0;
	if (req_bool(c, "followup")) {
		int64_t d = 3;
		if ((rc = req_int(c, "followup_days", &d, 1, 365, false, NULL, &c->err)))
			goto fail;
		in.followup_days = (int)d;
	}
	in.author_id = c->user->id;
	struct quote_acl acl = quotes_acl(c);
	const char *mid = NULL;
	rc = quote_send(c->db, c->a, c->cfg, &acl, c->req.id[0], &in, &mid, &c->err);
	if (rc == 0)
		return http_redirect(c, arena_printf(c->a, "/quotes/%lld?ok=sent", (long long)c->req.id[0]));
fail:
	if (rc == ERR_INVALID || rc == ERR_CONFLICT || rc == ERR_UNAVAILABLE || rc == ERR_IO) {
		struct err_info e = c->err;
		err_clear(&c->err);
		int r2 = send_page(c, err_http_status(rc), &e);
		if (r2 == 0)
			return 0;
		c->err = e;
	}
	return rc;
}
