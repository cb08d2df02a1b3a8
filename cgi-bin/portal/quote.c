/* quote.c - the customer's quotation page and its actions (SPEC C1-C8):
 * GET  /my/quotes/<id>?token=T           the page (C2), viewed log (C6)
 * GET  /my/quotes/<id>/pdf?token=T       the PDF
 * POST /my/quotes/<id>/sign              accept and sign (C3, C5)
 * POST /my/quotes/<id>/decline           decline with a reason (C4)
 * POST /my/quotes/<id>/message           a message to the salesperson (C8)
 * Every route answers the same 404 for an unknown id and for a missing,
 * wrong or revoked token; failures are rate limited per client address. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/config.h"
#include "core/crypt.h"
#include "core/fmt.h"
#include "core/log.h"
#include "core/money.h"
#include "core/str.h"
#include "crm/pdf.h"
#include "crm/portal.h"
#include "crm/qr.h"
#include "crm/quote.h"
#include "crm/ratelimit.h"
#include "crm/settings.h"
#include "db/db.h"
#include "portal.h"
#include "web/csrf.h"
#include "web/request.h"
#include "web/response.h"
#include "web/view.h"

#define FORM_MAX_AGE (7 * 86400) /* a page left open for a week still works */

/* A failed token check: count it for the client's address; past the limit
 * answer 429 (for every failure, so it reveals nothing about the ids). */
static int fail(struct ctx *c)
{
	struct portal_thread *t = c->app;
	if (t && t->rl && c->req.remote_addr) {
		int64_t limit = settings_int(c->db, "portal_fail_limit", 60);
		int64_t window = settings_int(c->db, "portal_fail_window", 600);
		int64_t retry = 0;
		if (ratelimit_hit(t->rl, c->req.remote_addr, limit, window, (int64_t)time(NULL), &retry) ==
		    ERR_LOCKED) {
			http_header(c, "Retry-After", arena_printf(c->a, "%lld", (long long)(retry > 0 ? retry : 1)));
			return err_set(&c->err, ERR_LOCKED, "", "PortalRate",
				       "too many failed attempts from your address: try again later");
		}
	}
	return ERR_NOTFOUND;
}

/* An address past the failure limit gets 429 for every request, right
 * token or wrong: otherwise the limit would still answer which guess was
 * right. The limit is read only for an address with failures. */
static int locked(struct ctx *c)
{
	struct portal_thread *t = c->app;
	if (!t || !t->rl || !c->req.remote_addr || ratelimit_count(t->rl, c->req.remote_addr) == 0)
		return 0;
	int64_t limit = settings_int(c->db, "portal_fail_limit", 60);
	int64_t window = settings_int(c->db, "portal_fail_window", 600);
	int64_t retry = 0;
	if (ratelimit_check(t->rl, c->req.remote_addr, limit, window, (int64_t)time(NULL), &retry) == 0)
		return 0;
	http_header(c, "Retry-After", arena_printf(c->a, "%lld", (long long)(retry > 0 ? retry : 1)));
	return err_set(&c->err, ERR_LOCKED, "", "PortalRate",
		       "too many failed attempts from your address: try again later");
}

/* The quotation of the URL if the request carries its token (query string,
 * or form field for POSTs). */
static int load(struct ctx *c, struct db_rows *q, const char **token)
{
	const char *tok = req_get(c, "token");
	*token = tok;
	int lk = locked(c);
	if (lk)
		return lk;
	int rc = quote_portal_get(c->db, c->a, c->req.id[0], tok, q);
	if (rc == ERR_NOTFOUND)
		return fail(c);
	return rc;
}

/* The customer's language, unless the visitor chose one (?lang=). */
static void pick_lang(struct ctx *c, const struct db_rows *q)
{
	const char *l = req_query(c, "lang");
	if (!str_eq(l, "fr") && !str_eq(l, "en")) {
		const char *pl = db_getn(q, 0, "partner_lang");
		l = pl && str_starts(pl, "fr") ? "fr" : pl && str_starts(pl, "en") ? "en" : c->lang;
	}
	c->lang = l;
	view_lang(c->view, l);
}

static const char *binding(struct ctx *c, int64_t id, const char *token)
{
	char h[65];
	crypt_token_hash(token ? token : "", h);
	return arena_printf(c->a, "portal:%lld:%s", (long long)id, h);
}

static const char *money(struct ctx *c, int64_t cents)
{
	char b[64];
	money_format(cents, c->lang, b, sizeof b);
	return arena_strdup(c->a, b);
}

static const char *date(struct ctx *c, const char *iso)
{
	if (!iso)
		return NULL;
	char b[64];
	fmt_date(c->lang, iso, b, sizeof b);
	return arena_strdup(c->a, b);
}

/* Days from today (UTC) to an ISO date; INT64_MIN when unparsable. */
static int64_t days_until(const char *iso)
{
	struct tm tm = {0};
	if (!iso || sscanf(iso, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return INT64_MIN;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	int64_t then = (int64_t)timegm(&tm) / 86400, now = (int64_t)time(NULL) / 86400;
	return then - now;
}

/* The SVG of text from the thread's cache slot (encoded on a miss). */
static const char *cached_qr(struct portal_qr_slot *cache, int64_t id, const char *text, int size)
{
	struct portal_qr_slot *s = &cache[(uint64_t)id % PORTAL_QR_CACHE];
	if (s->id == id && s->text && strcmp(s->text, text) == 0)
		return s->svg;
	struct arena a;
	arena_init(&a, 16384);
	char *svg = qr_svg(&a, text, size);
	char *copy = svg ? strdup(svg) : NULL, *tcopy = strdup(text);
	arena_free(&a);
	if (!copy || !tcopy) {
		free(copy);
		free(tcopy);
		return NULL;
	}
	free(s->text);
	free(s->svg);
	s->id = id;
	s->text = tcopy;
	s->svg = copy;
	return s->svg;
}

/* C6: the customer's first view of the day, not a robot's, not staff's, not
 * HEAD. A per-thread memo avoids a write on every view. */
static void log_view(struct ctx *c, int64_t id)
{
	if (c->req.m != M_GET || c->user || portal_is_preview_agent(c->req.user_agent))
		return;
	struct portal_thread *t = c->app;
	int64_t day = (int64_t)time(NULL) / 86400;
	size_t k = (uint64_t)id % PORTAL_QR_CACHE;
	if (t && t->viewed_id[k] == id && t->viewed_day[k] == day)
		return;
	bool logged;
	if (portal_view_log(c->db, c->a, id, &logged) != 0) {
		log_warnx("portal: viewed log of quotation %lld failed", (long long)id);
		return;
	}
	if (t) {
		t->viewed_id[k] = id;
		t->viewed_day[k] = day;
	}
}

/* The page holds a secret link: no caching by proxies, no referrer. */
static void page_headers(struct ctx *c)
{
	http_header(c, "Cache-Control", "private, no-store");
	http_header(c, "Referrer-Policy", "no-referrer");
	http_header(c, "X-Robots-Tag", "noindex, nofollow");
}

static int render(struct ctx *c, const struct db_rows *q, const char *token, int status,
		  const struct err_info *e)
{
	struct view *v = c->view;
	int64_t id = c->req.id[0];
	struct pdf_quote d;
	struct err_info de = {0};
	int rc = quote_pdf_doc(c->db, c->a, c->cfg, id, c->lang, &d, &de);
	if (rc)
		return rc;
	const char *state = db_getn(q, 0, "state");
	bool expired = db_getn_i64(q, 0, "expired") != 0;
	bool is_signed = db_getn(q, 0, "signed_on") != NULL;
	bool open = (str_eq(state, "draft") || str_eq(state, "sent")) && !expired && !is_signed;
	const char *url = quote_portal_url(c->a, c->cfg, id, token);
	const char *tq = str_url_encode(c->a, token);

	view_set(v, "Portal.Url", url);
	view_set(v, "Portal.Token", token);
	view_set(v, "Portal.Base", arena_printf(c->a, "/my/quotes/%lld", (long long)id));
	view_set(v, "Portal.TokenQ", tq);
	view_set(v, "Portal.Lang", c->lang);
	view_set(v, "Portal.Other", str_eq(c->lang, "fr") ? "en" : "fr");
	view_set(v, "Portal.QrSvg", cached_qr(((struct portal_thread *)c->app)->page_qr, id, url, 160));
	char ft[80];
	csrf_sign(c->secret, "portal", binding(c, id, token), (int64_t)time(NULL), ft);
	view_set(v, "Portal.FormToken", ft);
	const char *msg = req_query(c, "message");
	if (str_eq(msg, "signed") || str_eq(msg, "declined") || str_eq(msg, "sent"))
		view_set(v, "Portal.Notice", msg);

	view_set(v, "Company.Name", d.company_name);
	view_set(v, "Company.Address", d.company_address);
	view_set(v, "Company.Email", d.company_email);
	view_set(v, "Company.Phone", d.company_phone);
	view_set(v, "Quote.Number", d.number);
	view_set(v, "Quote.State", state);
	view_set(v, "Quote.Kind", str_eq(state, "confirmed") ? "order" : "quotation");
	view_set(v, "Quote.DateOrder", date(c, d.date_order));
	view_set(v, "Quote.Validity", date(c, d.validity_date));
	if (expired)
		view_set(v, "Quote.Expired", "1");
	else if (d.validity_date && (str_eq(state, "draft") || str_eq(state, "sent")) && !is_signed)
		view_set_int(v, "Quote.ExpiresIn", days_until(d.validity_date));
	view_set(v, "Quote.Customer", d.customer_name);
	view_set(v, "Quote.CustomerAddress", d.customer_address);
	view_set(v, "Quote.Salesperson", d.salesperson);
	view_set(v, "Quote.SalespersonEmail", d.salesperson_email);
	view_set(v, "Quote.PaymentTerms", d.payment_terms);
	view_set(v, "Quote.Terms", d.note);
	view_set(v, "Quote.Untaxed", money(c, d.untaxed));
	view_set(v, "Quote.Tax", money(c, d.tax));
	view_set(v, "Quote.Total", money(c, d.total));
	view_set(v, "Quote.SignedBy", d.signed_by);
	if (d.signed_on) {
		char b[64];
		fmt_datetime(c->lang, "UTC", d.signed_on, b, sizeof b);
		view_set(v, "Quote.SignedOn", arena_strdup(c->a, b));
	}
	view_set(v, "Quote.SignatureHash", d.signature_hash);
	if (db_getn_i64(q, 0, "has_signature"))
		view_set(v, "Quote.HasSignatureImage", "1");
	if (str_eq(state, "cancelled"))
		view_set(v, "Quote.DeclineReason", db_getn(q, 0, "decline_reason"));
	if (db_getn_i64(q, 0, "require_signature"))
		view_set(v, "Quote.RequireSignature", "1");
	for (size_t i = 0; i < d.nlines; i++) {
		const struct pdf_line *l = &d.lines[i];
		view_setk(v, l->type, "Lines.%zu.Type", i);
		view_setk(v, l->name, "Lines.%zu.Name", i);
		view_setk(v, l->code, "Lines.%zu.Code", i);
		if (!str_eq(l->type, "line"))
			continue;
		char b[40];
		quote_format_fixed(l->qty_e3, 3, c->lang, b, sizeof b);
		view_setk(v, b, "Lines.%zu.Qty", i);
		view_setk(v, l->uom, "Lines.%zu.Uom", i);
		view_setk(v, money(c, l->price_unit), "Lines.%zu.Price", i);
		if (l->discount_e2) {
			quote_format_fixed(l->discount_e2, 2, c->lang, b, sizeof b);
			view_setk(v, b, "Lines.%zu.Disc", i);
		}
		view_setk(v, l->taxes, "Lines.%zu.Taxes", i);
		view_setk(v, money(c, l->subtotal), "Lines.%zu.Subtotal", i);
	}
	for (size_t i = 0; i < d.ntaxes; i++) {
		view_setk(v, d.taxes[i].name, "TaxTotals.%zu.Name", i);
		view_setk(v, money(c, d.taxes[i].amount), "TaxTotals.%zu.Amount", i);
	}
	if (open) {
		view_set(v, "Quote.Open", "1");
		char h[65];
		if ((rc = quote_content_hash(c->db, c->a, c->cfg, id, h, NULL)))
			return rc;
		view_set(v, "Portal.ContentHash", h);
	}
	/* C7: pay by bank transfer from a banking app. */
	const char *iban, *bic;
	portal_bank(c->db, c->a, c->cfg, &iban, &bic);
	if (*iban && !str_eq(state, "cancelled")) {
		char *epc = portal_epc_payload(c->a, bic, d.company_name, iban, db_getn(q, 0, "currency"), d.total,
					       d.number);
		if (epc) {
			view_set(v, "Pay.Svg", cached_qr(((struct portal_thread *)c->app)->epc_qr, id, epc, 180));
			view_set(v, "Pay.Iban", iban);
			view_set(v, "Pay.Bic", bic);
			view_set(v, "Pay.Payload", epc);
		}
	}
	struct db_rows m;
	if ((rc = portal_messages(c->db, c->a, id, 50, &m)))
		return rc;
	for (size_t i = 0; i < m.nrows; i++) {
		view_setk(v, db_get(&m, i, 1), "Messages.%zu.Kind", i);
		view_setk(v, db_get(&m, i, 2), "Messages.%zu.Author", i);
		view_setk(v, db_get(&m, i, 3), "Messages.%zu.Body", i);
		char b[64];
		fmt_datetime(c->lang, "UTC", db_get(&m, i, 4), b, sizeof b);
		view_setk(v, b, "Messages.%zu.Date", i);
	}
	if (e && e->code) {
		view_set_error(v, e);
		const char *t = NULL;
		if (e->key[0])
			t = view_tr(v, arena_printf(c->a, "Err.%s", e->key));
		view_set(v, "Portal.Error", t ? t : e->msg);
		view_set(v, "Portal.ErrorField", e->field);
	}
	page_headers(c);
	return http_page(c, status, "portal/quote.cs");
}

int portal_quote_get(struct ctx *c)
{
	struct db_rows q;
	const char *token;
	int rc = load(c, &q, &token);
	if (rc)
		return rc;
	pick_lang(c, &q);
	int64_t id = c->req.id[0];
	log_view(c, id);
	/* The plain page (no notice) comes from the thread's cache while the
	 * quotation's stamp is unchanged: one query per view. */
	struct portal_thread *t = c->app;
	struct portal_page_slot *s = t ? &t->pages[(uint64_t)id % PORTAL_QR_CACHE] : NULL;
	const char *stamp = db_getn(&q, 0, "stamp");
	int64_t now = (int64_t)time(NULL);
	bool cacheable = s && stamp && !req_query(c, "message");
	if (cacheable && s->id == id && s->body && str_eq(s->lang, c->lang) && str_eq(s->token, token) &&
	    str_eq(s->stamp, stamp) && now - s->at < PORTAL_PAGE_TTL) {
		page_headers(c);
		return http_body(c, 200, "text/html; charset=utf-8", s->body, s->len);
	}
	if ((rc = render(c, &q, token, 200, NULL)) || !cacheable)
		return rc;
	char *body = malloc(c->resp.body.len + 1), *tk = strdup(token), *st = strdup(stamp);
	if (!body || !tk || !st) {
		free(body);
		free(tk);
		free(st);
		return 0;
	}
	memcpy(body, c->resp.body.p, c->resp.body.len);
	free(s->body);
	free(s->token);
	free(s->stamp);
	*s = (struct portal_page_slot){.id = id, .at = now, .token = tk, .stamp = st, .body = body,
				       .len = c->resp.body.len};
	snprintf(s->lang, sizeof s->lang, "%s", c->lang);
	return 0;
}

int portal_pdf_get(struct ctx *c)
{
	struct db_rows q;
	const char *token;
	int rc = load(c, &q, &token);
	if (rc)
		return rc;
	pick_lang(c, &q);
	struct buf pdf;
	buf_init(&pdf);
	rc = quote_pdf(c->db, c->a, c->cfg, c->req.id[0], c->lang, &pdf, &c->err);
	if (rc == 0) {
		bool fr = str_eq(c->lang, "fr");
		const char *kind = str_eq(db_getn(&q, 0, "state"), "confirmed") ? (fr ? "Commande" : "Order")
										   : (fr ? "Devis" : "Quotation");
		http_header(c, "Content-Disposition",
			    arena_printf(c->a, "%s; filename=\"%s - %s.pdf\"",
					 req_bool(c, "download") ? "attachment" : "inline", kind, db_getn(&q, 0, "number")));
		http_header(c, "Cache-Control", "private, no-store");
		http_header(c, "Referrer-Policy", "no-referrer");
		http_body(c, 200, "application/pdf", pdf.p, pdf.len);
	}
	buf_free(&pdf);
	return rc;
}

/* GET /my/quotes/<id>/signature.png?token=...: the drawn signature, shown
 * on the signed page (same token rules as the page). */
int portal_signature_get(struct ctx *c)
{
	struct db_rows q, s;
	const char *token;
	int rc = load(c, &q, &token);
	if (rc)
		return rc;
	if ((rc = quote_signature_png(c->db, c->a, c->req.id[0], &s)))
		return rc;
	http_header(c, "Cache-Control", "private, no-store");
	http_header(c, "Referrer-Policy", "no-referrer");
	return http_body(c, 200, "image/png", s.cells[0], s.lens[0]);
}

/* The page again with the refusal explained, with the status of the error. */
static int refuse(struct ctx *c, const char *token, int rc)
{
	struct db_rows q;
	/* Reload: the state may have changed under the failed action. */
	if (quote_portal_get(c->db, c->a, c->req.id[0], token, &q) != 0)
		return rc;
	struct err_info e = c->err;
	if (!e.code)
		err_set(&e, rc, "", "", "%s", err_str(rc));
	return render(c, &q, token, err_http_status(rc), &e);
}

/* Common guards of the POSTs: token (404), then the page's signed form
 * token (403: a cross-site POST cannot have it). */
static int post_guard(struct ctx *c, struct db_rows *q, const char **token)
{
	int rc = load(c, q, token);
	if (rc)
		return rc;
	pick_lang(c, q);
	int ck = csrf_check(c->secret, "portal", binding(c, c->req.id[0], *token), req_form(c, "form_token"),
			    (int64_t)time(NULL), 0, FORM_MAX_AGE, NULL);
	if (ck == ERR_GONE)
		return refuse(c, *token,
			      err_set(&c->err, ERR_GONE, "form_token", "PortalFormOld",
				      "this page is too old: reload it and try again"));
	if (ck != 0)
		return refuse(c, *token,
			      err_set(&c->err, ERR_FORBIDDEN, "form_token", "PortalForm",
				      "this form did not come from the quotation page: open the page and try again"));
	return 1;
}

static const char *page_url(struct ctx *c, const char *token, const char *message)
{
	return arena_printf(c->a, "/my/quotes/%lld?token=%s&message=%s", (long long)c->req.id[0],
			    str_url_encode(c->a, token), message);
}

/* The drawn signature: a multipart file part "signature", or a data URL
 * "data:image/png;base64,..." in the field "signature" (what the canvas
 * gives). Empty: typed name only. */
static int read_signature(struct ctx *c, const void **png, size_t *len)
{
	*png = NULL;
	*len = 0;
	const struct upload *f = req_file(c, "signature");
	const void *data = NULL;
	size_t n = 0;
	if (f && f->len) {
		data = f->data;
		n = f->len;
	} else {
		const char *s = req_form(c, "signature");
		if (!s || !*s)
			return 0;
		static const char prefix[] = "data:image/png;base64,";
		if (!str_starts(s, prefix))
			return err_set(&c->err, ERR_INVALID, "signature", "QPortalPngBad",
				       "the signature is not a PNG image");
		s += sizeof prefix - 1;
		size_t sl = strlen(s);
		if (sl / 4 * 3 > PORTAL_PNG_MAX + 3)
			return err_set(&c->err, ERR_INVALID, "signature", "QPortalPngSize",
				       "the signature image is too large (at most %d KB)", PORTAL_PNG_MAX / 1024);
		unsigned char *out = arena_alloc(c->a, sl / 4 * 3 + 4);
		long k = crypt_base64_decode(s, sl, out, sl / 4 * 3 + 4);
		if (k < 0)
			return err_set(&c->err, ERR_INVALID, "signature", "QPortalPngBad",
				       "the signature is not a PNG image");
		data = out;
		n = (size_t)k;
	}
	int rc = portal_png_check(data, n, NULL, NULL, &c->err);
	if (rc == ERR_TOOBIG) {
		/* Oversize is a bad signature like any other: 422 naming the field. */
		c->err.code = ERR_INVALID;
		rc = ERR_INVALID;
	}
	if (rc)
		return rc;
	*png = data;
	*len = n;
	return 0;
}

int portal_sign_post(struct ctx *c)
{
	struct db_rows q;
	const char *token;
	int rc = post_guard(c, &q, &token);
	if (rc <= 0)
		return rc;
	const char *name;
	if ((rc = req_text(c, "name", &name, 255, true, &c->err)) ||
	    (rc = portal_signer_name_check(name, &c->err)))
		return refuse(c, token, rc);
	if (!req_bool(c, "accept"))
		return refuse(c, token, err_set(&c->err, ERR_INVALID, "accept", "QPortalAccept",
						"tick \"I accept\" to sign the quotation"));
	const void *png;
	size_t plen;
	if ((rc = read_signature(c, &png, &plen)))
		return refuse(c, token, rc);
	struct quote_signature s = {.token = token, .content_hash = req_form(c, "content_hash"), .name = name,
				    .png = png, .png_len = plen, .ip = c->req.remote_addr,
				    .user_agent = c->req.user_agent};
	if ((rc = quote_portal_sign(c->db, c->a, c->cfg, c->req.id[0], &s, &c->err)))
		return rc == ERR_NOTFOUND ? fail(c) : refuse(c, token, rc);
	if ((rc = portal_mail_salesperson(c->db, c->a, c->cfg, c->req.id[0], "signed",
					  arena_printf(c->a, "Signed by %s.", name))))
		log_warnx("portal: mail to the salesperson of quotation %lld failed (%s)", (long long)c->req.id[0],
			  err_str(rc));
	return http_redirect(c, page_url(c, token, "signed"));
}

int portal_decline_post(struct ctx *c)
{
	struct db_rows q;
	const char *token;
	int rc = post_guard(c, &q, &token);
	if (rc <= 0)
		return rc;
	const char *reason;
	if ((rc = req_text(c, "reason", &reason, 5000, true, &c->err)))
		return refuse(c, token, rc);
	if ((rc = quote_portal_decline(c->db, c->a, c->req.id[0], token, reason, &c->err)))
		return rc == ERR_NOTFOUND ? fail(c) : refuse(c, token, rc);
	if ((rc = portal_mail_salesperson(c->db, c->a, c->cfg, c->req.id[0], "declined",
					  arena_printf(c->a, "Reason: %s", reason))))
		log_warnx("portal: mail to the salesperson of quotation %lld failed (%s)", (long long)c->req.id[0],
			  err_str(rc));
	return http_redirect(c, page_url(c, token, "declined"));
}

int portal_message_post_h(struct ctx *c)
{
	struct db_rows q;
	const char *token;
	int rc = post_guard(c, &q, &token);
	if (rc <= 0)
		return rc;
	const char *body;
	if ((rc = req_text(c, "body", &body, PORTAL_MESSAGE_MAX, true, &c->err)))
		return refuse(c, token, rc);
	const char *who = db_getn(&q, 0, "partner_name");
	if ((rc = portal_message_post(c->db, c->a, c->req.id[0], who, body, NULL, &c->err)))
		return refuse(c, token, rc);
	if ((rc = portal_mail_salesperson(c->db, c->a, c->cfg, c->req.id[0], "message", body)))
		log_warnx("portal: mail to the salesperson of quotation %lld failed (%s)", (long long)c->req.id[0],
			  err_str(rc));
	return http_redirect(c, page_url(c, token, "sent"));
}
