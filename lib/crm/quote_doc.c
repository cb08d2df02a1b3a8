/* quote_doc.c - the documents of a quotation (part of crm/quote, see
 * quote.h): its PDF, the e-mail that sends it, and the sending itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/err.h"
#include "core/fmt.h"
#include "core/money.h"
#include "core/str.h"
#include "crm/chatter.h"
#include "crm/mail.h"
#include "crm/pdf.h"
#include "crm/product.h"
#include "crm/quote.h"
#include "crm/settings.h"
#include "db/db.h"

static const struct quote_acl all = {0, true};

static int64_t cents(const char *dec)
{
	int64_t c = 0;
	if (dec)
		money_parse(dec, &c);
	return c;
}

const char *quote_doc_lang(struct db *db, struct arena *a, int64_t quote_id)
{
	struct db_rows r;
	if (db_query1(db, a, &r,
		      "SELECT p.lang, u.lang FROM quote q LEFT JOIN partner p ON p.id = q.partner_id "
		      "LEFT JOIN app_user u ON u.id = q.user_id WHERE q.id = ?",
		      "i", quote_id) != 0)
		return "en";
	for (int i = 0; i < 2; i++) {
		const char *l = db_get(&r, 0, (size_t)i);
		if (l && (str_starts(l, "fr") || str_starts(l, "en")))
			return str_starts(l, "fr") ? "fr" : "en";
	}
	return "en";
}

static bool has_tax(const char *csv, int64_t id)
{
	if (!csv)
		return false;
	const char *p = csv;
	while (*p) {
		if (strtoll(p, NULL, 10) == id)
			return true;
		p += strcspn(p, ",");
		if (*p == ',')
			p++;
	}
	return false;
}

/* Fill a pdf_quote from the database (arena memory). */
static int load_doc(struct db *db, struct arena *a, const struct config *cfg, int64_t id,
		    const char *lang, struct pdf_quote *d, struct err_info *e)
{
	struct db_rows q, lines, taxes, cust;
	int rc = quote_get(db, a, &all, id, &q);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "", "", "no such quotation");
	if (rc)
		return rc;
	if ((rc = quote_lines(db, a, id, &lines)))
		return rc;
	if ((rc = db_query(db, a, &taxes,
			   "SELECT DISTINCT t.id, t.name, t.rate, t.price_include FROM quote_line ql "
			   "JOIN quote_line_tax lt ON lt.line_id = ql.id JOIN tax t ON t.id = lt.tax_id "
			   "WHERE ql.quote_id = ? ORDER BY t.id",
			   "i", id)))
		return rc;
	memset(d, 0, sizeof *d);
	d->lang = lang ? lang : quote_doc_lang(db, a, id);
	d->company_name = config_get(cfg, "company.name");
	d->company_address = config_get(cfg, "company.address");
	d->company_email = config_get(cfg, "company.email");
	d->company_phone = config_get(cfg, "company.phone");
	d->company_iban = config_get(cfg, "company.iban");
	d->company_bic = config_get(cfg, "company.bic");
	d->company_logo = config_get(cfg, "company.logo");
	d->number = db_getn(&q, 0, "number");
	d->state = db_getn(&q, 0, "state");
	d->expired = db_getn_i64(&q, 0, "expired") != 0;
	d->date_order = db_getn(&q, 0, "date_order");
	d->validity_date = db_getn(&q, 0, "validity_date");
	d->salesperson = db_getn(&q, 0, "user_name");
	d->salesperson_email = db_getn(&q, 0, "user_email");
	d->origin = db_getn(&q, 0, "origin");
	d->payment_terms = db_getn(&q, 0, "payment_terms");
	d->note = db_getn(&q, 0, "note");
	d->untaxed = cents(db_getn(&q, 0, "amount_untaxed"));
	d->tax = cents(db_getn(&q, 0, "amount_tax"));
	d->total = cents(db_getn(&q, 0, "amount_total"));
	d->portal_url = quote_portal_url(a, cfg, id, db_getn(&q, 0, "access_token"));
	d->signed_by = db_getn(&q, 0, "signed_by");
	d->signed_on = db_getn(&q, 0, "signed_on");
	d->signature_hash = db_getn(&q, 0, "signature_hash");
	d->created = db_getn(&q, 0, "created_at");
	if (db_getn_i64(&q, 0, "has_signature")) {
		struct db_rows s;
		if (db_query1(db, a, &s, "SELECT signature FROM quote WHERE id = ?", "i", id) == 0) {
			d->signature_png = db_get(&s, 0, 0);
			d->signature_len = s.lens[0];
		}
	}
	/* The address block is the invoice address (the customer by default). */
	int64_t pid = db_getn_i64(&q, 0, "partner_invoice_id");
	if (!pid)
		pid = db_getn_i64(&q, 0, "partner_id");
	if (pid && db_query1(db, a, &cust,
			     "SELECT p.name, pp.name AS company, p.street, p.street2, p.zip, p.city, p.country_code, "
			     "p.email FROM partner p LEFT JOIN partner pp ON pp.id = p.parent_id WHERE p.id = ?",
			     "i", pid) == 0) {
		const char *company = db_get(&cust, 0, 1);
		struct buf b;
		buf_init(&b);
		if (company && *company)
			buf_printf(&b, "%s\n", db_get(&cust, 0, 0));
		for (int k = 2; k <= 3; k++)
			if (db_get(&cust, 0, (size_t)k) && *db_get(&cust, 0, (size_t)k))
				buf_printf(&b, "%s\n", db_get(&cust, 0, (size_t)k));
		const char *zip = db_get(&cust, 0, 4), *city = db_get(&cust, 0, 5), *cc = db_get(&cust, 0, 6);
		if ((zip && *zip) || (city && *city))
			buf_printf(&b, "%s%s%s\n", zip ? zip : "", zip && *zip && city ? " " : "", city ? city : "");
		if (cc && *cc && !str_eq(cc, "FR"))
			buf_printf(&b, "%s\n", cc);
		if (b.len && b.p[b.len - 1] == '\n')
			b.p[--b.len] = '\0';
		d->customer_name = company && *company ? company : db_get(&cust, 0, 0);
		d->customer_address = arena_strndup(a, b.p ? b.p : "", b.len);
		d->customer_email = db_get(&cust, 0, 7);
		buf_free(&b);
	}
	int64_t ship = db_getn_i64(&q, 0, "partner_shipping_id");
	struct db_rows sh;
	if (ship && ship != pid &&
	    db_query1(db, a, &sh, "SELECT name, street, zip, city FROM partner WHERE id = ?", "i", ship) == 0) {
		bool fr = str_eq(d->lang, "fr");
		d->customer_address = arena_printf(a, "%s%s%s: %s%s%s%s%s%s%s", d->customer_address ? d->customer_address : "",
						   d->customer_address && *d->customer_address ? "\n" : "",
						   fr ? "Livraison" : "Delivery", db_get(&sh, 0, 0),
						   db_get(&sh, 0, 1) ? ", " : "", db_get(&sh, 0, 1) ? db_get(&sh, 0, 1) : "",
						   db_get(&sh, 0, 2) ? ", " : "", db_get(&sh, 0, 2) ? db_get(&sh, 0, 2) : "",
						   db_get(&sh, 0, 3) ? " " : "", db_get(&sh, 0, 3) ? db_get(&sh, 0, 3) : "");
	}
	/* Lines, and each tax's total (per line, then summed). */
	struct pdf_line *pl = arena_alloc(a, (lines.nrows + 1) * sizeof *pl);
	struct pdf_tax_total *tt = arena_alloc(a, (taxes.nrows + 1) * sizeof *tt);
	for (size_t k = 0; k < taxes.nrows; k++)
		tt[k].name = db_get(&taxes, k, 1);
	for (size_t i = 0; i < lines.nrows; i++) {
		struct pdf_line *l = &pl[i];
		l->type = db_getn(&lines, i, "display_type");
		l->code = db_getn(&lines, i, "default_code");
		l->name = db_getn(&lines, i, "name");
		l->qty_e3 = db_getn_i64(&lines, i, "quantity_e3");
		l->uom = db_getn(&lines, i, "uom");
		l->price_unit = cents(db_getn(&lines, i, "price_unit"));
		l->discount_e2 = db_getn_i64(&lines, i, "discount_e2");
		l->subtotal = cents(db_getn(&lines, i, "price_subtotal"));
		l->taxes = db_getn(&lines, i, "tax_names");
		const char *ids = db_getn(&lines, i, "tax_ids");
		if (!ids || !str_eq(l->type, "line"))
			continue;
		struct quote_tax lt[16];
		size_t map[16], nt = 0;
		for (size_t k = 0; k < taxes.nrows && nt < 16; k++)
			if (has_tax(ids, db_get_i64(&taxes, k, 0))) {
				lt[nt].id = db_get_i64(&taxes, k, 0);
				lt[nt].rate_e4 = tax_rate_e4(db_get(&taxes, k, 2));
				lt[nt].included = db_get_i64(&taxes, k, 3) != 0;
				map[nt++] = k;
			}
		struct quote_amounts am;
		int64_t per[16];
		if (quote_line_compute(l->qty_e3, l->price_unit, l->discount_e2, lt, nt, &am, per) == 0)
			for (size_t k = 0; k < nt; k++)
				tt[map[k]].amount += per[k];
	}
	d->lines = pl;
	d->nlines = lines.nrows;
	d->taxes = tt;
	d->ntaxes = taxes.nrows;
	return 0;
}

int quote_pdf_doc(struct db *db, struct arena *a, const struct config *cfg, int64_t id,
		  const char *lang, struct pdf_quote *out, struct err_info *e)
{
	return load_doc(db, a, cfg, id, lang, out, e);
}

int quote_pdf(struct db *db, struct arena *a, const struct config *cfg, int64_t id,
	      const char *lang, struct buf *out, struct err_info *e)
{
	struct pdf_quote d;
	int rc = load_doc(db, a, cfg, id, lang, &d, e);
	if (rc)
		return rc;
	rc = pdf_render_quote(&d, out, NULL);
	if (rc)
		return err_set(e, rc, "", "", "the PDF could not be generated");
	return 0;
}

static const char *pdf_name(struct arena *a, const char *lang, const char *state, const char *number)
{
	bool fr = str_eq(lang, "fr");
	const char *kind = str_eq(state, "confirmed") ? (fr ? "Commande" : "Order") : (fr ? "Devis" : "Quotation");
	return arena_printf(a, "%s - %s.pdf", kind, number);
}

int quote_mail_defaults(struct db *db, struct arena *a, const struct config *cfg,
			const struct quote_acl *acl, int64_t id, const char **to,
			const char **subject, const char **body, struct err_info *e)
{
	struct db_rows q;
	int rc = quote_get(db, a, acl, id, &q);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "", "", "no such quotation");
	if (rc)
		return rc;
	const char *lang = quote_doc_lang(db, a, id);
	const char *email = db_getn(&q, 0, "partner_email"), *pname = db_getn(&q, 0, "partner_name");
	*to = NULL;
	if (email && *email) {
		/* "Name <address>" when the name is safe to put in a header. */
		bool plain = pname && !strpbrk(pname, "\"<>,;\\\r\n");
		*to = plain ? arena_printf(a, "%s <%s>", pname, email) : arena_strdup(a, email);
	}
	char total[64], vdate[64] = "";
	money_format(cents(db_getn(&q, 0, "amount_total")), lang, total, sizeof total);
	const char *validity = "";
	if (db_getn(&q, 0, "validity_date")) {
		fmt_date(lang, db_getn(&q, 0, "validity_date"), vdate, sizeof vdate);
		validity = str_eq(lang, "fr") ? arena_printf(a, ", valable jusqu'au %s", vdate)
					      : arena_printf(a, ", valid until %s", vdate);
	}
	const char *vars[] = {
		"number", db_getn(&q, 0, "number"),
		"customer", pname ? pname : (str_eq(lang, "fr") ? "Madame, Monsieur" : "Sir or Madam"),
		"total", total,
		"validity", validity,
		"portal_url", quote_portal_url(a, cfg, id, db_getn(&q, 0, "access_token")),
		"salesperson", db_getn(&q, 0, "user_name") ? db_getn(&q, 0, "user_name") : "",
		"company", config_get(cfg, "company.name"),
		"origin", db_getn(&q, 0, "origin") ? db_getn(&q, 0, "origin") : "",
	};
	rc = mail_template_render(db, a, "quote_send", lang, vars, sizeof vars / sizeof vars[0] / 2, subject, body);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "", "", "the e-mail template quote_send is missing");
	return rc;
}

struct sent_tx {
	struct arena *a;
	int64_t id, lead, user, author;
	const char *number, *message_id, *to, *subject, *body, *state, *lang, *pdf_name;
	const struct buf *pdf;
	int followup_days;
};

static int do_sent(struct db *db, void *arg)
{
	struct sent_tx *t = arg;
	int rc;
	/* Already applied (a retry after a delivery whose bookkeeping failed)? */
	int64_t seen = 0;
	if ((rc = db_int(db, &seen, 0, "SELECT COUNT(*) FROM message WHERE res_model = 'quote' AND res_id = ? "
				       "AND message_id_hash = SHA2(?, 256)", "is", t->id, t->message_id)))
		return rc;
	if (seen)
		return 0;
	struct chatter_msg m = {0};
	m.kind = "email_out";
	m.author_id = t->author;
	m.subject = t->subject;
	m.body = arena_printf(t->a, "To: %s\n\n%s", t->to, t->body);
	m.message_id = t->message_id;
	int64_t mid = 0;
	if (t->lead) {
		/* The opportunity's copy first: replies found by Message-ID
		 * thread into the opportunity, where the mail gateway works. */
		m.res_model = "lead";
		m.res_id = t->lead;
		if ((rc = chatter_post(db, &m, NULL)))
			return rc;
	}
	m.res_model = "quote";
	m.res_id = t->id;
	if ((rc = chatter_post(db, &m, &mid)))
		return rc;
	if ((rc = chatter_attach(db, "quote", t->id, mid, t->pdf_name, "application/pdf", t->pdf->p,
				 t->pdf->len, NULL)))
		return rc;
	int64_t r = db_exec(db,
			    "UPDATE quote SET state = IF(state = 'draft', 'sent', state), sent_at = UTC_TIMESTAMP() "
			    "WHERE id = ?",
			    "i", t->id);
	if (r < 0)
		return (int)r;
	if (str_eq(t->state, "draft")) {
		struct chatter_change ch = {"state", "draft", "sent"};
		if ((rc = chatter_track(db, t->a, "quote", t->id, t->author, NULL, &ch, 1)))
			return rc;
	}
	if (t->followup_days > 0) {
		const char *summary = str_eq(t->lang, "fr") ? arena_printf(t->a, "Relancer le devis %s", t->number)
							    : arena_printf(t->a, "Follow up on quotation %s", t->number);
		rc = quote_activity_schedule(db, t->lead ? "lead" : "quote", t->lead ? t->lead : t->id, "call",
					     t->followup_days, summary, t->user ? t->user : t->author, t->author);
		if (rc && rc != ERR_NOTFOUND)
			return rc;
	}
	return 0;
}

int quote_send(struct db *db, struct arena *a, const struct config *cfg,
	       const struct quote_acl *acl, int64_t id, const struct quote_send_input *in,
	       const char **message_id, struct err_info *e)
{
	struct db_rows q;
	int rc = quote_get(db, a, acl, id, &q);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "", "", "no such quotation");
	if (rc)
		return rc;
	const char *state = db_getn(&q, 0, "state");
	if (str_eq(state, "cancelled"))
		return err_set(e, ERR_CONFLICT, "state", "QSendCancelled", "a cancelled quotation cannot be sent");
	if (!db_getn_i64(&q, 0, "partner_id"))
		return err_set(e, ERR_INVALID, "partner_id", "QCustomerRequired",
			       "a customer is required before sending: choose one on the quotation");
	const char *to = in->to, *subject = in->subject, *body = in->body;
	if (!to || !subject || !body) {
		const char *dto, *dsub, *dbody;
		if ((rc = quote_mail_defaults(db, a, cfg, acl, id, &dto, &dsub, &dbody, e)))
			return rc;
		to = to ? to : dto;
		subject = subject ? subject : dsub;
		body = body ? body : dbody;
	}
	if (!to || !*to)
		return err_set(e, ERR_INVALID, "to", "QNoRecipient",
			       "the customer has no e-mail address: enter the recipient");
	if (strlen(body) > 100000)
		return err_set(e, ERR_INVALID, "body", "TooLong", "the message is too long");
	const char *lang = quote_doc_lang(db, a, id);
	struct buf pdf;
	buf_init(&pdf);
	if ((rc = quote_pdf(db, a, cfg, id, lang, &pdf, e))) {
		buf_free(&pdf);
		return rc;
	}
	const char *fname = pdf_name(a, lang, state, db_getn(&q, 0, "number"));
	struct mail_attachment att = {fname, "application/pdf", pdf.p, pdf.len};
	struct mail_msg m = {0};
	m.to = to;
	m.cc = in->cc;
	m.reply_to = db_getn(&q, 0, "user_email");
	m.subject = subject;
	m.text = body;
	m.att = &att;
	m.natt = 1;
	m.res_model = "quote";
	m.res_id = id;
	m.idem_key = in->idem_key;
	const char *mid = NULL;
	bool already = false;
	rc = mail_send(db, a, cfg, &m, &mid, &already, e);
	if (rc) {
		buf_free(&pdf);
		return rc;
	}
	int followup = in->followup_days >= 0 ? in->followup_days : (int)settings_int(db, "quote_followup_days", 3);
	if (followup > 365)
		followup = 365;
	struct sent_tx t = {a, id, db_getn_i64(&q, 0, "opportunity_id"), db_getn_i64(&q, 0, "user_id"),
			    in->author_id, db_getn(&q, 0, "number"), mid, to, subject, body, state, lang,
			    fname, &pdf, followup};
	rc = db_tx(db, do_sent, &t);
	buf_free(&pdf);
	if (rc)
		return rc;
	if (message_id)
		*message_id = mid;
	return 0;
}
