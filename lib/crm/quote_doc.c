/* quote_doc.c - the documents of a quotation (part of crm/quote, see
 * quote.h): its PDF, the e-mail that sends it, and the sending itself. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/crypt.h"
#include "core/err.h"
#include "core/fmt.h"
#include "core/log.h"
#include "core/money.h"
#include "core/str.h"
#include "crm/activity.h"
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

/* ---- snapshots (see quote.h, quote_snapshot) --------------------------------
 * Every document is drawn from a snapshot, so that what a signature covers
 * is exactly what the documents show: an unsigned quotation's snapshot is
 * made from the live records at each rendering, a signed one's is the one
 * stored when the customer signed. */

static json_t *jstr(const char *s)
{
	json_t *j = s ? json_string(s) : NULL;
	return j ? j : json_null();
}

static json_t *jid(const char *s)
{
	return s ? json_integer(strtoll(s, NULL, 10)) : json_null();
}

static json_t *jcents(int64_t c)
{
	char b[32];
	money_to_decimal(c, b, sizeof b);
	return json_string(b);
}

/* The live snapshot of quotation id (q: its quote_get row). */
static int build_snapshot(struct db *db, struct arena *a, const struct config *cfg, int64_t id,
			  const struct db_rows *q, json_t **out)
{
	struct db_rows lines, taxes, cust, sh;
	int rc;
	if ((rc = quote_lines(db, a, id, &lines)))
		return rc;
	if ((rc = db_query(db, a, &taxes,
			   "SELECT DISTINCT t.id, t.name, t.rate, t.price_include FROM quote_line ql "
			   "JOIN quote_line_tax lt ON lt.line_id = ql.id JOIN tax t ON t.id = lt.tax_id "
			   "WHERE ql.quote_id = ? ORDER BY t.id",
			   "i", id)))
		return rc;
	const char *lang = quote_doc_lang(db, a, id);
	/* The address block is the invoice address (the customer by default). */
	const char *cname = NULL, *caddr = NULL, *cemail = NULL, *cship = NULL;
	int64_t pid = db_getn_i64(q, 0, "partner_invoice_id");
	if (!pid)
		pid = db_getn_i64(q, 0, "partner_id");
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
		cname = company && *company ? company : db_get(&cust, 0, 0);
		caddr = arena_strndup(a, b.p ? b.p : "", b.len);
		cemail = db_get(&cust, 0, 7);
		buf_free(&b);
	}
	int64_t ship = db_getn_i64(q, 0, "partner_shipping_id");
	if (ship && ship != pid &&
	    db_query1(db, a, &sh, "SELECT name, street, zip, city FROM partner WHERE id = ?", "i", ship) == 0)
		cship = arena_printf(a, "%s%s%s%s%s%s%s", db_get(&sh, 0, 0), db_get(&sh, 0, 1) ? ", " : "",
				     db_get(&sh, 0, 1) ? db_get(&sh, 0, 1) : "", db_get(&sh, 0, 2) ? ", " : "",
				     db_get(&sh, 0, 2) ? db_get(&sh, 0, 2) : "", db_get(&sh, 0, 3) ? " " : "",
				     db_get(&sh, 0, 3) ? db_get(&sh, 0, 3) : "");

	json_t *s = json_object(), *o;
	json_object_set_new(s, "v", json_integer(1));
	json_object_set_new(s, "number", jstr(db_getn(q, 0, "number")));
	json_object_set_new(s, "currency", jstr(db_getn(q, 0, "currency")));
	json_object_set_new(s, "lang", jstr(lang));
	json_object_set_new(s, "date_order", jstr(db_getn(q, 0, "date_order")));
	json_object_set_new(s, "validity_date", jstr(db_getn(q, 0, "validity_date")));
	json_object_set_new(s, "origin", jstr(db_getn(q, 0, "origin")));
	json_object_set_new(s, "payment_terms", jstr(db_getn(q, 0, "payment_terms")));
	json_object_set_new(s, "terms", jstr(db_getn(q, 0, "note")));
	json_object_set_new(s, "untaxed", jstr(db_getn(q, 0, "amount_untaxed")));
	json_object_set_new(s, "tax", jstr(db_getn(q, 0, "amount_tax")));
	json_object_set_new(s, "total", jstr(db_getn(q, 0, "amount_total")));
	o = json_object();
	static const char *const company_keys[] = {"name", "address", "email", "phone", "iban", "bic", "logo"};
	for (size_t k = 0; k < sizeof company_keys / sizeof company_keys[0]; k++)
		json_object_set_new(o, company_keys[k],
				    jstr(config_get(cfg, arena_printf(a, "company.%s", company_keys[k]))));
	json_object_set_new(s, "company", o);
	o = json_object();
	json_object_set_new(o, "name", jstr(db_getn(q, 0, "user_name")));
	json_object_set_new(o, "email", jstr(db_getn(q, 0, "user_email")));
	json_object_set_new(s, "salesperson", o);
	o = json_object();
	json_object_set_new(o, "id", jid(db_getn(q, 0, "partner_id")));
	json_object_set_new(o, "name", jstr(cname));
	json_object_set_new(o, "address", jstr(caddr));
	json_object_set_new(o, "email", jstr(cemail));
	json_object_set_new(o, "shipping", jstr(cship));
	json_object_set_new(s, "customer", o);

	/* Lines, and each tax's total (per line, then summed). */
	int64_t *tt = arena_alloc(a, (taxes.nrows + 1) * sizeof *tt);
	json_t *arr = json_array();
	for (size_t i = 0; i < lines.nrows; i++) {
		json_t *l = json_object(), *ids_j = json_array();
		const char *type = db_getn(&lines, i, "display_type");
		json_object_set_new(l, "type", jstr(type));
		json_object_set_new(l, "product_id", jid(db_getn(&lines, i, "product_id")));
		json_object_set_new(l, "code", jstr(db_getn(&lines, i, "default_code")));
		json_object_set_new(l, "name", jstr(db_getn(&lines, i, "name")));
		json_object_set_new(l, "quantity_e3", json_integer(db_getn_i64(&lines, i, "quantity_e3")));
		json_object_set_new(l, "uom", jstr(db_getn(&lines, i, "uom")));
		json_object_set_new(l, "price_unit", jstr(db_getn(&lines, i, "price_unit")));
		json_object_set_new(l, "discount_e2", json_integer(db_getn_i64(&lines, i, "discount_e2")));
		json_object_set_new(l, "subtotal", jstr(db_getn(&lines, i, "price_subtotal")));
		json_object_set_new(l, "tax", jstr(db_getn(&lines, i, "price_tax")));
		json_object_set_new(l, "total", jstr(db_getn(&lines, i, "price_total")));
		json_object_set_new(l, "taxes", jstr(db_getn(&lines, i, "tax_names")));
		const char *ids = db_getn(&lines, i, "tax_ids");
		for (const char *p = ids; p && *p;) {
			json_array_append_new(ids_j, json_integer(strtoll(p, NULL, 10)));
			p += strcspn(p, ",");
			if (*p == ',')
				p++;
		}
		json_object_set_new(l, "tax_ids", ids_j);
		json_array_append_new(arr, l);
		if (!ids || !str_eq(type, "line"))
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
		if (quote_line_compute(db_getn_i64(&lines, i, "quantity_e3"), cents(db_getn(&lines, i, "price_unit")),
				       db_getn_i64(&lines, i, "discount_e2"), lt, nt, &am, per) == 0)
			for (size_t k = 0; k < nt; k++)
				tt[map[k]] += per[k];
	}
	json_object_set_new(s, "lines", arr);
	arr = json_array();
	for (size_t k = 0; k < taxes.nrows; k++) {
		json_t *t = json_object();
		json_object_set_new(t, "id", jid(db_get(&taxes, k, 0)));
		json_object_set_new(t, "name", jstr(db_get(&taxes, k, 1)));
		json_object_set_new(t, "amount", jcents(tt[k]));
		json_array_append_new(arr, t);
	}
	json_object_set_new(s, "taxes", arr);
	*out = s;
	return 0;
}

/* The canonical bytes of a snapshot (arena): compact, keys sorted, UTF-8
 * as is. */
static const char *canonical(struct arena *a, const json_t *s)
{
	char *js = json_dumps(s, JSON_COMPACT | JSON_SORT_KEYS);
	if (!js)
		return NULL;
	char *r = arena_strdup(a, js);
	free(js);
	return r;
}

static const char *sget(struct arena *a, const json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return json_is_string(v) ? arena_strndup(a, json_string_value(v), json_string_length(v)) : NULL;
}

static int64_t iget(const json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
}

/* The content of a document from a snapshot (arena memory; lang NULL: the
 * snapshot's). */
static void doc_from_snapshot(struct arena *a, const json_t *s, const char *lang, struct pdf_quote *d)
{
	memset(d, 0, sizeof *d);
	const char *sl = sget(a, s, "lang");
	d->lang = lang ? lang : str_eq(sl, "fr") ? "fr" : "en";
	const json_t *co = json_object_get(s, "company");
	d->company_name = sget(a, co, "name");
	d->company_address = sget(a, co, "address");
	d->company_email = sget(a, co, "email");
	d->company_phone = sget(a, co, "phone");
	d->company_iban = sget(a, co, "iban");
	d->company_bic = sget(a, co, "bic");
	d->company_logo = sget(a, co, "logo");
	d->number = sget(a, s, "number");
	d->date_order = sget(a, s, "date_order");
	d->validity_date = sget(a, s, "validity_date");
	d->origin = sget(a, s, "origin");
	d->payment_terms = sget(a, s, "payment_terms");
	d->note = sget(a, s, "terms");
	d->untaxed = cents(sget(a, s, "untaxed"));
	d->tax = cents(sget(a, s, "tax"));
	d->total = cents(sget(a, s, "total"));
	const json_t *sp = json_object_get(s, "salesperson");
	d->salesperson = sget(a, sp, "name");
	d->salesperson_email = sget(a, sp, "email");
	const json_t *cu = json_object_get(s, "customer");
	d->customer_name = sget(a, cu, "name");
	d->customer_address = sget(a, cu, "address");
	d->customer_email = sget(a, cu, "email");
	const char *ship = sget(a, cu, "shipping");
	if (ship)
		d->customer_address = arena_printf(a, "%s%s%s: %s", d->customer_address ? d->customer_address : "",
						   d->customer_address && *d->customer_address ? "\n" : "",
						   str_eq(d->lang, "fr") ? "Livraison" : "Delivery", ship);
	const json_t *ls = json_object_get(s, "lines");
	size_t n = json_array_size(ls);
	struct pdf_line *pl = arena_alloc(a, (n + 1) * sizeof *pl);
	for (size_t i = 0; i < n; i++) {
		const json_t *l = json_array_get(ls, i);
		pl[i].type = sget(a, l, "type");
		if (!pl[i].type)
			pl[i].type = "line";
		pl[i].code = sget(a, l, "code");
		pl[i].name = sget(a, l, "name");
		pl[i].qty_e3 = iget(l, "quantity_e3");
		pl[i].uom = sget(a, l, "uom");
		pl[i].price_unit = cents(sget(a, l, "price_unit"));
		pl[i].discount_e2 = iget(l, "discount_e2");
		pl[i].subtotal = cents(sget(a, l, "subtotal"));
		pl[i].taxes = sget(a, l, "taxes");
	}
	d->lines = pl;
	d->nlines = n;
	const json_t *ts = json_object_get(s, "taxes");
	n = json_array_size(ts);
	struct pdf_tax_total *tt = arena_alloc(a, (n + 1) * sizeof *tt);
	for (size_t k = 0; k < n; k++) {
		tt[k].name = sget(a, json_array_get(ts, k), "name");
		tt[k].amount = cents(sget(a, json_array_get(ts, k), "amount"));
	}
	d->taxes = tt;
	d->ntaxes = n;
}

int quote_snapshot_stored(struct db *db, struct arena *a, int64_t id, const char **json, const char **hash)
{
	struct db_rows r;
	int rc = db_query1(db, a, &r,
			   "SELECT signed_snapshot, signature_hash FROM quote WHERE id = ? AND signed_snapshot IS NOT NULL",
			   "i", id);
	if (rc)
		return rc;
	if (json)
		*json = db_get(&r, 0, 0);
	if (hash)
		*hash = db_get(&r, 0, 1);
	return 0;
}

int quote_snapshot(struct db *db, struct arena *a, const struct config *cfg, int64_t id, const char **json)
{
	struct db_rows q;
	int rc = quote_get(db, a, &all, id, &q);
	if (rc)
		return rc;
	json_t *s;
	if ((rc = build_snapshot(db, a, cfg, id, &q, &s)))
		return rc;
	*json = canonical(a, s);
	json_decref(s);
	return *json ? 0 : ERR_NOMEM;
}

int quote_content_hash(struct db *db, struct arena *a, const struct config *cfg, int64_t id, char out[65],
		       const char **json)
{
	const char *js;
	int rc = quote_snapshot(db, a, cfg, id, &js);
	if (rc)
		return rc;
	crypt_sha256_hex(js, strlen(js), out);
	if (json)
		*json = js;
	return 0;
}

/* Fill a pdf_quote (arena memory): the content from the snapshot, the
 * state, portal link and signature from the quotation as it is now. */
static int load_doc(struct db *db, struct arena *a, const struct config *cfg, int64_t id,
		    const char *lang, struct pdf_quote *d, struct err_info *e)
{
	struct db_rows q;
	int rc = quote_get(db, a, &all, id, &q);
	if (rc == ERR_NOTFOUND)
		return err_set(e, ERR_NOTFOUND, "", "", "no such quotation");
	if (rc)
		return rc;
	json_t *s = NULL;
	const char *stored = NULL;
	/* Signed: the stored snapshot. Signed before snapshots were kept
	 * (README, "piste quote verify"): the live records, as then. */
	if (db_getn(&q, 0, "signed_on") && (rc = quote_snapshot_stored(db, a, id, &stored, NULL)) &&
	    rc != ERR_NOTFOUND)
		return rc;
	if (stored && !(s = json_loads(stored, 0, NULL)))
		return err_set(e, ERR_DB, "", "", "the signed snapshot of this quotation is damaged");
	if (!s && (rc = build_snapshot(db, a, cfg, id, &q, &s)))
		return rc;
	doc_from_snapshot(a, s, lang, d);
	json_decref(s);
	d->state = db_getn(&q, 0, "state");
	d->expired = db_getn_i64(&q, 0, "expired") != 0;
	d->portal_url = quote_portal_url(a, cfg, id, db_getn(&q, 0, "access_token"));
	d->signed_by = db_getn(&q, 0, "signed_by");
	d->signed_on = db_getn(&q, 0, "signed_on");
	d->signature_hash = db_getn(&q, 0, "signature_hash");
	d->created = db_getn(&q, 0, "created_at");
	if (db_getn_i64(&q, 0, "has_signature")) {
		struct db_rows sg;
		if (db_query1(db, a, &sg, "SELECT signature FROM quote WHERE id = ?", "i", id) == 0) {
			d->signature_png = db_get(&sg, 0, 0);
			d->signature_len = sg.lens[0];
		}
	}
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
		/* Through the activity module, the owner of activities: it sets
		 * the lead's next-activity deadline (kanban bar, "late" filter)
		 * and counts the days in the assignee's time zone. No call type,
		 * or an assignee who can no longer take it: no follow-up. */
		int64_t type = 0;
		rc = activity_type_resolve(db, t->a, "call", &type);
		if (rc == 0) {
			struct activity_input ai = {.res_model = t->lead ? "lead" : "quote",
						    .res_id = t->lead ? t->lead : t->id,
						    .type_id = type,
						    .summary = summary,
						    .user_id = t->user ? t->user : t->author,
						    .create_uid = t->author,
						    .delay_days = t->followup_days,
						    .automated = true};
			struct err_info ae = {0};
			rc = activity_schedule(db, t->a, &ai, NULL, &ae);
			if (rc == ERR_INVALID)
				log_warnx("quote %lld: no follow-up call: %s", (long long)t->id, ae.msg);
		}
		if (rc && rc != ERR_NOTFOUND && rc != ERR_INVALID)
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
