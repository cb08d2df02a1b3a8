/* portal.c - viewed log, signature images, EPC payment QR payload and
 * customer messages of the customer portal (see portal.h). */
#include "crm/portal.h"

#include <cairo.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/err.h"
#include "core/money.h"
#include "core/str.h"
#include "crm/chatter.h"
#include "crm/follower.h"
#include "crm/mail.h"
#include "crm/quote.h"
#include "crm/settings.h"
#include "db/db.h"

bool portal_is_preview_agent(const char *ua)
{
	/* Fetchers that open links pasted in chats, mails and social networks
	 * to draw a preview; their visit is not the customer's. */
	static const char *const bots[] = {
		"slackbot", "slack-imgproxy", "facebookexternalhit", "facebookcatalog", "twitterbot",
		"whatsapp", "telegrambot", "discordbot", "linkedinbot", "googlebot", "google-inspectiontool",
		"bingbot", "bingpreview", "applebot", "skypeuripreview", "microsoft office", "ms office",
		"outlook", "safelinks", "microsoftpreview", "pinterest", "redditbot", "embedly", "mattermost",
		"iframely", "vkshare", "yandexbot", "duckduckbot", "signal", "viber",
	};
	if (!ua || !*ua)
		return true;
	for (size_t i = 0; i < sizeof bots / sizeof bots[0]; i++)
		if (strcasestr(ua, bots[i]))
			return true;
	return false;
}

int portal_view_log(struct db *db, struct arena *a, int64_t quote_id, bool *logged)
{
	if (logged)
		*logged = false;
	/* The primary key (quote, day) makes this once a day across workers. */
	int64_t r = db_exec(db, "INSERT IGNORE INTO portal_view (quote_id, day) VALUES (?, UTC_DATE())", "i",
			    quote_id);
	if (r < 0)
		return (int)r;
	if (r == 0)
		return 0;
	struct chatter_msg m = {.res_model = "quote", .res_id = quote_id, .kind = "system",
				.body = "Quotation viewed by the customer"};
	int64_t mid = 0;
	int rc = chatter_post(db, &m, &mid);
	if (rc)
		return rc;
	struct db_rows q;
	if (db_query1(db, a, &q, "SELECT user_id, number FROM quote WHERE id = ?", "i", quote_id) == 0 &&
	    db_get(&q, 0, 0))
		notify_user(db, db_get_i64(&q, 0, 0), "quote", quote_id, "viewed",
			    arena_printf(a, "%s viewed by the customer", db_get(&q, 0, 1)), mid);
	if (logged)
		*logged = true;
	return 0;
}

/* ---- PNG --------------------------------------------------------------- */

struct png_reader {
	const unsigned char *p;
	size_t n, off;
};

static cairo_status_t png_read(void *closure, unsigned char *data, unsigned int length)
{
	struct png_reader *r = closure;
	if (length > r->n - r->off)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, r->p + r->off, length);
	r->off += length;
	return CAIRO_STATUS_SUCCESS;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int portal_png_check(const void *data, size_t len, int *w, int *h, struct err_info *e)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	const unsigned char *p = data;
	if (len > PORTAL_PNG_MAX)
		return err_set(e, ERR_TOOBIG, "signature", "QPortalPngSize",
			       "the signature image is too large (at most %d KB)", PORTAL_PNG_MAX / 1024);
	/* Signature, then the IHDR chunk (length 13) with width and height:
	 * checked before decoding so that a tiny file announcing a huge image
	 * never makes cairo allocate it. */
	if (len < 33 || memcmp(p, sig, 8) != 0 || be32(p + 8) != 13 || memcmp(p + 12, "IHDR", 4) != 0)
		return err_set(e, ERR_INVALID, "signature", "QPortalPngBad",
			       "the signature is not a PNG image");
	uint32_t pw = be32(p + 16), ph = be32(p + 20);
	if (pw < 1 || ph < 1 || pw > PORTAL_PNG_MAX_W || ph > PORTAL_PNG_MAX_H)
		return err_set(e, ERR_INVALID, "signature", "QPortalPngDims",
			       "the signature image must be at most %dx%d pixels", PORTAL_PNG_MAX_W,
			       PORTAL_PNG_MAX_H);
	struct png_reader r = {p, len, 0};
	cairo_surface_t *s = cairo_image_surface_create_from_png_stream(png_read, &r);
	int rc = 0;
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
		rc = err_set(e, ERR_INVALID, "signature", "QPortalPngBad",
			     "the signature image is damaged or not a PNG");
	else if ((uint32_t)cairo_image_surface_get_width(s) != pw ||
		 (uint32_t)cairo_image_surface_get_height(s) != ph)
		rc = err_set(e, ERR_INVALID, "signature", "QPortalPngBad",
			     "the signature image is damaged or not a PNG");
	if (rc == 0) {
		if (w)
			*w = (int)pw;
		if (h)
			*h = (int)ph;
	}
	cairo_surface_destroy(s);
	return rc;
}

/* ---- EPC QR (C7) --------------------------------------------------------- */

static bool iban_valid(const char *s)
{
	size_t n = strlen(s);
	if (n < 15 || n > 34 || !isalpha((unsigned char)s[0]) || !isalpha((unsigned char)s[1]) ||
	    !isdigit((unsigned char)s[2]) || !isdigit((unsigned char)s[3]))
		return false;
	/* ISO 13616: move the first four characters to the end, letters as
	 * 10..35, the number mod 97 must be 1. */
	unsigned rem = 0;
	for (size_t k = 0; k < n; k++) {
		char ch = s[(k + 4) % n];
		if (isdigit((unsigned char)ch))
			rem = (rem * 10 + (unsigned)(ch - '0')) % 97;
		else if (isupper((unsigned char)ch))
			rem = (rem * 100 + (unsigned)(ch - 'A' + 10)) % 97;
		else
			return false;
	}
	return rem == 1;
}

/* Copy at most max characters (UTF-8 aware) of s, newlines turned into
 * spaces (each EPC field is one line). */
static char *epc_field(struct arena *a, const char *s, size_t max)
{
	struct buf b;
	buf_init(&b);
	size_t chars = 0;
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if ((*p & 0xc0) != 0x80 && chars++ == max)
			break;
		buf_addc(&b, *p == '\n' || *p == '\r' ? ' ' : (char)*p);
	}
	char *r = arena_strndup(a, b.p ? b.p : "", b.len);
	buf_free(&b);
	return r;
}

bool portal_iban_normalize(const char *in, char out[40])
{
	size_t k = 0;
	for (const char *p = in ? in : ""; *p; p++) {
		if (*p == ' ')
			continue;
		if (k == 39)
			return false;
		out[k++] = (char)toupper((unsigned char)*p);
	}
	out[k] = '\0';
	return iban_valid(out);
}

bool portal_bic_normalize(const char *in, char out[16])
{
	size_t k = 0;
	for (const char *p = in ? in : ""; *p; p++) {
		if (*p == ' ')
			continue;
		if (k == 15 || !isalnum((unsigned char)*p))
			return false;
		out[k++] = (char)toupper((unsigned char)*p);
	}
	out[k] = '\0';
	return k == 8 || k == 11;
}

char *portal_epc_payload(struct arena *a, const char *bic, const char *name, const char *iban,
			 const char *currency, int64_t cents, const char *reference)
{
	if (!iban || !str_eq(currency ? currency : "EUR", "EUR") || cents < 1 || cents > 99999999999LL)
		return NULL;
	char ib[40];
	size_t k = 0;
	for (const char *p = iban; *p && k < sizeof ib - 1; p++)
		if (*p != ' ')
			ib[k++] = (char)toupper((unsigned char)*p);
	ib[k] = '\0';
	if (!iban_valid(ib))
		return NULL;
	char bc[16] = "";
	k = 0;
	for (const char *p = bic ? bic : ""; *p && k < sizeof bc - 1; p++)
		if (*p != ' ')
			bc[k++] = (char)toupper((unsigned char)*p);
	bc[k] = '\0';
	if (k != 0 && k != 8 && k != 11)
		bc[0] = '\0'; /* not a BIC: version 002 lets the bank find it */
	/* EPC069-12: service tag, version, UTF-8, SEPA credit transfer, BIC,
	 * beneficiary, IBAN, amount, purpose, structured reference, text. */
	return arena_printf(a, "BCD\n002\n1\nSCT\n%s\n%s\n%s\nEUR%lld.%02lld\n\n\n%s", bc,
			    epc_field(a, name, 70), ib, (long long)(cents / 100), (long long)(cents % 100),
			    epc_field(a, reference, 140));
}

void portal_bank(struct db *db, struct arena *a, const struct config *cfg, const char **iban,
		 const char **bic)
{
	static const char *const keys[] = {"company_iban", "company_bic"};
	const char *v[2] = {NULL, NULL};
	if (settings_get_many(db, a, keys, 2, v) != 0)
		v[0] = v[1] = NULL;
	*iban = v[0] && *v[0] ? v[0] : config_get(cfg, "company.iban");
	*bic = v[1] && *v[1] ? v[1] : config_get(cfg, "company.bic");
	if (!*iban)
		*iban = "";
	if (!*bic)
		*bic = "";
}

/* ---- messages (C8) --------------------------------------------------------- */

int portal_message_post(struct db *db, struct arena *a, int64_t quote_id, const char *author_name,
			const char *body, int64_t *message_id, struct err_info *e)
{
	if (!body || !*body)
		return err_set(e, ERR_INVALID, "body", "QPortalMessageEmpty", "write a message first");
	struct chatter_msg m = {.res_model = "quote", .res_id = quote_id, .kind = "customer",
				.author_name = author_name && *author_name ? author_name : "Customer",
				.body = body, .is_public = true};
	int64_t mid = 0;
	int rc = chatter_post(db, &m, &mid);
	if (rc)
		return rc;
	if (message_id)
		*message_id = mid;
	struct db_rows q;
	if (db_query1(db, a, &q, "SELECT user_id, number FROM quote WHERE id = ?", "i", quote_id) == 0 &&
	    db_get(&q, 0, 0))
		rc = notify_user(db, db_get_i64(&q, 0, 0), "quote", quote_id, "message",
				 arena_printf(a, "Message from %s on %s", m.author_name, db_get(&q, 0, 1)), mid);
	return rc;
}

int portal_signer_name_check(const char *name, struct err_info *e)
{
	const unsigned char *p = (const unsigned char *)(name ? name : "");
	for (; *p; p++) {
		bool bad = *p < 0x20 || *p == 0x7f;
		/* U+0080-U+009F (C1 controls): C2 80..C2 9F. */
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			bad = true;
		/* U+200E/F, U+202A-U+202E (marks, embeddings, overrides),
		 * U+2028/9 (line and paragraph separators): E2 80 8E-8F, A8-AE;
		 * U+2066-U+2069 (isolates): E2 81 A6-A9. */
		if (p[0] == 0xe2 && p[1] == 0x80 &&
		    (p[2] == 0x8e || p[2] == 0x8f || (p[2] >= 0xa8 && p[2] <= 0xae)))
			bad = true;
		if (p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)
			bad = true;
		if (bad)
			return err_set(e, ERR_INVALID, "name", "BadChars",
				       "the name may not contain line breaks or control characters");
	}
	return 0;
}

int portal_messages(struct db *db, struct arena *a, int64_t quote_id, size_t limit,
		    struct db_rows *out)
{
	return db_query(db, a, out,
			"SELECT m.id, m.kind, COALESCE(u.name, m.author_name) AS author, m.body, m.created_at "
			"FROM message m LEFT JOIN app_user u ON u.id = m.author_id "
			"WHERE m.res_model = 'quote' AND m.res_id = ? AND m.is_public = 1 AND m.body_is_html = 0 "
			"ORDER BY m.id DESC LIMIT ?",
			"ii", quote_id, (int64_t)limit);
}

int portal_mail_salesperson(struct db *db, struct arena *a, const struct config *cfg,
			    int64_t quote_id, const char *event, const char *detail)
{
	struct db_rows q;
	int rc = db_query1(db, a, &q,
			   "SELECT q.number, u.email, u.name, p.name, q.access_token FROM quote q "
			   "JOIN app_user u ON u.id = q.user_id LEFT JOIN partner p ON p.id = q.partner_id "
			   "WHERE q.id = ?",
			   "i", quote_id);
	if (rc == ERR_NOTFOUND)
		return 0; /* no salesperson: nobody to tell */
	if (rc)
		return rc;
	const char *to = db_get(&q, 0, 1);
	if (!to || !*to)
		return 0;
	const char *number = db_get(&q, 0, 0), *cust = db_get(&q, 0, 3) ? db_get(&q, 0, 3) : "The customer";
	const char *what = str_eq(event, "signed")	? "signed"
			   : str_eq(event, "declined") ? "declined"
						       : "sent a message about";
	const char *base = config_get(cfg, "base_url");
	struct mail_msg m = {.to = to, .res_model = "quote", .res_id = quote_id};
	m.subject = arena_printf(a, "%s %s quotation %s", cust, what, number);
	m.text = arena_printf(a, "Hello %s,\n\n%s %s quotation %s.\n\n%s%s%s/quotes/%lld\n", db_get(&q, 0, 2),
			      cust, what, number, detail ? detail : "", detail ? "\n\n" : "", base ? base : "",
			      (long long)quote_id);
	struct buf pdf;
	buf_init(&pdf);
	struct mail_attachment att;
	if (str_eq(event, "signed") && quote_pdf(db, a, cfg, quote_id, NULL, &pdf, NULL) == 0) {
		att = (struct mail_attachment){arena_printf(a, "%s - signed.pdf", number), "application/pdf",
					       pdf.p, pdf.len};
		m.att = &att;
		m.natt = 1;
	}
	const char *mid;
	bool already = false;
	/* One mail per event and quotation (a retried request does not resend),
	 * except messages, each of which is new. */
	if (!str_eq(event, "message"))
		m.idem_key = arena_printf(a, "portal-%s-%lld", event, (long long)quote_id);
	rc = mail_send(db, a, cfg, &m, &mid, &already, NULL);
	buf_free(&pdf);
	return rc;
}
