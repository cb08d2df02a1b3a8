/* quote.h - quotations and sales orders (SPEC Q2, Q3, Q6, Q7; tables quote,
 * quote_line, quote_line_tax, quote_tag, quote_sequence).
 *
 * Money is exact: int64 cents, quantities in thousandths (qty_e3: 1.5 =
 * 1500), discounts in hundredths of a percent (discount_e2: 12.5 % = 1250),
 * tax rates in ten-thousandths of a percent (rate_e4: 20 % = 200000).
 * Intermediate products use 128-bit integers, so no value that fits the
 * columns can overflow, and no float ever touches an amount.
 *
 * Line amounts (round() is round-half-up, away from zero, to the cent):
 *   gross    = round(qty x price_unit x (1 - discount/100))
 *   Taxes excluded from the price (the usual case):
 *     subtotal = gross                      (untaxed amount of the line)
 *     tax_i    = round(subtotal x rate_i/100), for each tax
 *   Taxes included in the price (price_include, e.g. "TVA 20 % TTC"): the
 *   unit price already contains them, so the untaxed amount is taken out:
 *     subtotal = round(gross / (1 + sum of included rates/100))
 *     included tax amount = gross - subtotal (so untaxed + tax = the price
 *     the customer was shown, to the cent); with several included taxes,
 *     each is round(subtotal x rate_i/100) and the last one takes the
 *     remainder. Excluded taxes on the same line are then computed on the
 *     untaxed subtotal as above.
 *   line tax = sum of its taxes; line total = subtotal + line tax.
 * Quotation: amount_untaxed = sum of line subtotals, amount_tax = sum of line
 * taxes (tax rounded per line, then summed), amount_total = untaxed + tax.
 * Section and note lines carry no amount.
 *
 * Numbering: "S00042" (global sequence, the default) or "S2026-00042"
 * (setting quote_numbering = "year"), taken from table quote_sequence with a
 * row lock inside the transaction that inserts the quotation: a rolled back
 * creation gives its number back, so numbers have no gaps.
 *
 * States: draft -> sent -> confirmed (sales order) | cancelled; cancelled ->
 * draft. "Expired" is computed: draft or sent with a validity date before
 * today. A confirmed (or signed) quotation cannot be edited: ERR_CONFLICT.
 *
 * Access (struct quote_acl): managers see every quotation; a salesperson sees
 * those whose opportunity is theirs or unassigned, or whose salesperson they
 * are. Anything else is ERR_NOTFOUND (never revealing existence). */
#ifndef PISTE_QUOTE_H
#define PISTE_QUOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct buf;
struct config;
struct db;
struct db_rows;
struct err_info;

#define QUOTE_MAX_LINES 2000
#define QUOTE_QTY_MAX_E3 1000000000000LL     /* 10^9 units */
#define QUOTE_AMOUNT_MAX 100000000000000LL   /* 10^12 euros, in cents */

/* ---- pure money functions (no database) ---------------------------- */

struct quote_tax {
	int64_t id;
	int64_t rate_e4;
	bool included;
};

struct quote_amounts {
	int64_t subtotal, tax, total;
};

/* Amounts of one product line. ERR_INVALID when an input is out of range
 * (negative quantity, discount outside 0-100 %, rate outside 0-100 %) or a
 * result would not fit in DECIMAL(15,2). */
int quote_line_compute(int64_t qty_e3, int64_t price_unit, int64_t discount_e2,
		       const struct quote_tax *taxes, size_t ntax, struct quote_amounts *out,
		       int64_t *per_tax);
/* per_tax (may be NULL) receives each tax's amount, in the order given. */
/* Fixed-point parsing: "12", "12.5", "12,5" with at most `decimals`
 * decimals -> value x 10^decimals. Rejects signs other than a leading '-',
 * garbage, more decimals, and values above 10^15. */
bool quote_parse_fixed(const char *s, int decimals, int64_t *out);
/* value / 10^decimals printed without trailing zeros ("1.5", "2"); fr uses a
 * comma. out >= 32 bytes. */
void quote_format_fixed(int64_t v, int decimals, const char *lang, char *out, size_t n);

/* ---- records ------------------------------------------------------------ */

struct quote_acl {
	int64_t user_id;
	bool manager;
};

struct quote_line_input {
	const char *display_type; /* "line" (default), "section", "note" */
	int64_t product_id;       /* 0: none */
	const char *name;         /* description; NULL: the product's name + description */
	bool has_qty, has_price, has_discount, has_taxes;
	int64_t qty_e3, price_unit, discount_e2;
	const int64_t *tax_ids; /* when has_taxes (else the product's taxes) */
	size_t ntax;
};

struct quote_new {
	int64_t opportunity_id;
	const char *customer; /* "create" | "link" | "none" | NULL (choose like Odoo) */
	int64_t partner_id;   /* with "link" */
	int64_t template_id;  /* 0: none */
	int64_t author_id;    /* acting user */
	const struct quote_line_input *lines;
	size_t nlines;
};

/* Create a quotation from an opportunity (Q2) in one transaction: customer
 * (created per odoo_behaviour 3.3 from the opportunity, linked, or none),
 * salesperson, team, tags, UTM, origin, number, validity, portal token,
 * template lines then the given lines, totals. The opportunity must be an
 * active opportunity the caller may see (leads and lost records: 422 on
 * field opportunity_id). */
int quote_create(struct db *db, struct arena *a, const struct quote_acl *acl,
		 const struct quote_new *in, int64_t *id, struct err_info *e);

/* The quotation with everything a page needs, if the caller may see it:
 * id, number, state, expired (0/1), opportunity_id, opportunity_name,
 * partner_id, partner_name, partner_email, partner_lang, partner_invoice_id,
 * partner_shipping_id, user_id, user_name, user_email, team_id, team_name,
 * template_id, template_name, date_order, validity_date, payment_terms,
 * note, currency, campaign, medium, source, origin, amount_untaxed,
 * amount_tax, amount_total, require_signature, access_token, signed_by,
 * signed_on, signature_hash, has_signature, sent_at, confirmed_at,
 * created_at, tags (comma separated names), and the opportunity's smart button
 * figures opp_quotations, opp_orders, opp_order_amount (see quote_lead_summary). */
int quote_get(struct db *db, struct arena *a, const struct quote_acl *acl, int64_t id,
	      struct db_rows *out);
/* Lines in order: id, sequence, display_type, product_id, product_name,
 * default_code, name, quantity_e3, uom, price_unit, discount_e2,
 * price_subtotal, price_tax, price_total, tax_ids (comma separated), tax_names. */
int quote_lines(struct db *db, struct arena *a, int64_t quote_id, struct db_rows *out);

struct quote_filter {
	const char *state;   /* NULL: all; "draft", "sent", "confirmed", "cancelled", "expired" */
	const char *q;       /* number, customer or origin contains */
	bool mine;
	int64_t opportunity_id;
	int64_t limit, offset;
};
/* id, number, state, expired, partner_name, origin, opportunity_id,
 * user_name, date_order, validity_date, amount_untaxed, amount_total; and the
 * total count. */
int quote_list(struct db *db, struct arena *a, const struct quote_acl *acl,
	       const struct quote_filter *f, struct db_rows *out, int64_t *total);

struct quote_update {
	bool has_partner;
	int64_t partner_id; /* 0: no customer */
	bool has_invoice, has_shipping;
	int64_t partner_invoice_id, partner_shipping_id;
	const char *date_order;    /* NULL: unchanged */
	bool has_validity;
	const char *validity_date; /* NULL with has_validity: no expiry */
	bool has_payment_terms, has_note, has_user;
	const char *payment_terms, *note;
	int64_t user_id;
	bool has_require_signature;
	bool require_signature;
};
int quote_update(struct db *db, struct arena *a, const struct quote_acl *acl, int64_t id,
		 const struct quote_update *u, int64_t author_id, struct err_info *e);

int quote_line_add(struct db *db, struct arena *a, const struct quote_acl *acl, int64_t quote_id,
		   const struct quote_line_input *in, int64_t *line_id, struct err_info *e);
/* Update: fields not marked present keep their value (name NULL: keep). */
int quote_line_update(struct db *db, struct arena *a, const struct quote_acl *acl,
		      int64_t quote_id, int64_t line_id, const struct quote_line_input *in,
		      struct err_info *e);
int quote_line_delete(struct db *db, struct arena *a, const struct quote_acl *acl,
		      int64_t quote_id, int64_t line_id, struct err_info *e);
/* Move one line up (dir < 0) or down (dir > 0). */
int quote_line_move(struct db *db, struct arena *a, const struct quote_acl *acl,
		    int64_t quote_id, int64_t line_id, int dir, struct err_info *e);
/* New order: every line id of the quotation exactly once. */
int quote_lines_reorder(struct db *db, struct arena *a, const struct quote_acl *acl,
			int64_t quote_id, const int64_t *ids, size_t n, struct err_info *e);
/* Replace all lines (API PATCH with "lines"). */
int quote_lines_replace(struct db *db, struct arena *a, const struct quote_acl *acl,
			int64_t quote_id, const struct quote_line_input *lines, size_t n,
			struct err_info *e);

/* State changes; each posts a tracking message. Confirm raises the
 * opportunity's expected revenue to the untaxed total when higher (Q7). */
int quote_confirm(struct db *db, struct arena *a, const struct quote_acl *acl, int64_t id,
		  int64_t author_id, struct err_info *e);
int quote_cancel(struct db *db, struct arena *a, const struct quote_acl *acl, int64_t id,
		 int64_t author_id, struct err_info *e);
int quote_set_draft(struct db *db, struct arena *a, const struct quote_acl *acl, int64_t id,
		    int64_t author_id, struct err_info *e);
/* New portal token (the old link stops working). */
int quote_regenerate_token(struct db *db, struct arena *a, const struct quote_acl *acl,
			   int64_t id, int64_t author_id, struct err_info *e);

/* base_url + "/my/quotes/<id>?token=<token>" (arena string). */
char *quote_portal_url(struct arena *a, const struct config *cfg, int64_t id, const char *token);

/* Opportunity smart buttons (Q7): count of draft/sent quotations, and sum
 * of the untaxed amounts of confirmed ones (cents), plus how many. The
 * buttons link to /quotes?opportunity_id=N (that opportunity's quotations)
 * and "New quotation" to /quotes/new?opportunity_id=N (opportunities only,
 * not leads nor lost records). */
int quote_lead_summary(struct db *db, int64_t lead_id, int64_t *quotations, int64_t *orders,
		       int64_t *order_amount);

/* The opportunity a new quotation would come from, if the caller may see
 * it: id, name, type, active, partner_id, partner_display (customer name),
 * contact_name, partner_name, email_from, match_id / match_name (an existing
 * customer with exactly the same e-mail). */
int quote_opportunity_info(struct db *db, struct arena *a, const struct quote_acl *acl,
			   int64_t lead_id, struct db_rows *out);
/* Customers to choose from (id, name, email, is_company, company): the
 * current one (0: none) first, then active ones the user may see, by name,
 * at most 300. */
int quote_partner_choices(struct db *db, struct arena *a, const struct quote_acl *acl, int64_t current,
			  struct db_rows *out);
/* Active salespeople (id, name). */
int quote_user_choices(struct db *db, struct arena *a, struct db_rows *out);

/* ---- documents and sending ------------------------------------------ */

/* The language a quotation's documents are written in: the customer's
 * (fr/en), else the salesperson's, else "en". */
const char *quote_doc_lang(struct db *db, struct arena *a, int64_t quote_id);

/* The printable description of a quotation (what quote_pdf renders). */
struct pdf_quote;
int quote_pdf_doc(struct db *db, struct arena *a, const struct config *cfg, int64_t id,
		  const char *lang, struct pdf_quote *out, struct err_info *e);
/* The PDF of a quotation (Q5) into out, in lang (NULL: quote_doc_lang). No
 * access check: callers check with quote_get first. */
int quote_pdf(struct db *db, struct arena *a, const struct config *cfg, int64_t id,
	      const char *lang, struct buf *out, struct err_info *e);

/* Compose defaults (Q6) from the "quote_send" e-mail template in the
 * customer's language: recipient, subject, body (with the portal link). */
int quote_mail_defaults(struct db *db, struct arena *a, const struct config *cfg,
			const struct quote_acl *acl, int64_t id, const char **to,
			const char **subject, const char **body, struct err_info *e);

struct quote_send_input {
	const char *to, *cc, *subject, *body; /* NULL: the template's */
	const char *idem_key;                 /* one per compose dialog: a retry never resends */
	int followup_days;                    /* < 0: the setting; 0: no follow-up activity */
	int64_t author_id;
};
/* Send the quotation by e-mail with its PDF: deliver (SMTP or outbox), copy
 * the message into the opportunity's and the quotation's chatter with its
 * Message-ID, draft -> sent, optional follow-up activity. When delivery
 * fails nothing changes (ERR_UNAVAILABLE with a clear message). *message_id
 * receives the Message-ID (arena). */
int quote_send(struct db *db, struct arena *a, const struct config *cfg,
	       const struct quote_acl *acl, int64_t id, const struct quote_send_input *in,
	       const char **message_id, struct err_info *e);

/* ---- customer portal (SPEC C1, C3-C5) ---------------------------------- */

/* The quotation when token is its current portal token: id, number, state,
 * expired, partner_lang (the signed snapshot's language once signed),
 * partner_name, currency, require_signature,
 * signed_on, decline_reason, access_token, and stamp (changes whenever the
 * quotation, its lines, its customer, its public messages, the bank settings
 * or the day change: the portal's page cache key). The stored and the given token are both hashed (BLAKE2b) and the
 * hashes compared in constant time, and an unknown id costs the same lookup
 * and comparison: wrong, missing, revoked or another quotation's token and an
 * unknown id are all ERR_NOTFOUND, indistinguishable. */
int quote_portal_get(struct db *db, struct arena *a, int64_t id, const char *token,
		     struct db_rows *out);

/* ---- signed snapshots ------------------------------------------------------
 * What a customer signs is frozen: the snapshot, a JSON object of everything
 * the documents show (schema/0070_signed_snapshot.sql; quote.signed_snapshot
 * is written once, by quote_portal_sign, and read by the documents):
 *   {"v": 1, "number", "currency", "lang", "date_order", "validity_date",
 *    "origin", "payment_terms", "terms", "untaxed", "tax", "total",
 *    "company": {"name", "address", "email", "phone", "iban", "bic", "logo"},
 *    "customer": {"id", "name", "address", "email", "shipping"},
 *    "salesperson": {"name", "email"},
 *    "lines": [{"type", "product_id", "code", "name", "quantity_e3", "uom",
 *               "price_unit", "discount_e2", "subtotal", "tax", "total",
 *               "taxes", "tax_ids": [..]}...],
 *    "taxes": [{"id", "name", "amount"}...]}
 * with amounts as DECIMAL strings ("950.00"), ids and quantities as
 * integers, absent values as null, lines in their order. Its canonical bytes
 * are the compact JSON with keys sorted and UTF-8 as is; the content hash is
 * their SHA-256, printed on the signed PDF and stored in signature_hash
 * beside the bytes, so anyone can recompute it from the snapshot.
 * Every document of a signed quotation (portal page, PDFs, e-mails) is drawn
 * from the stored snapshot; an unsigned one's from a fresh snapshot of the
 * live records. Quotations signed before snapshots were kept have none: their
 * documents show the live records, and quote_verify says so. */

/* The canonical snapshot of the quotation as it is now (arena). */
int quote_snapshot(struct db *db, struct arena *a, const struct config *cfg, int64_t id,
		   const char **json);
/* SHA-256 (hex) of quote_snapshot: what a signature covers. The canonical
 * text itself goes to *json when not NULL (arena). out: 65 bytes. */
int quote_content_hash(struct db *db, struct arena *a, const struct config *cfg, int64_t id,
		       char out[65], const char **json);
/* The stored snapshot and hash of a signed quotation (arena), as stored;
 * ERR_NOTFOUND when it has none. Either pointer may be NULL. */
int quote_snapshot_stored(struct db *db, struct arena *a, int64_t id, const char **json,
			  const char **hash);

struct quote_verification {
	bool is_signed, has_snapshot;
	bool valid;           /* SHA-256 of the stored snapshot = the stored hash */
	const char *stored_hash, *computed_hash;
	/* Informational: the snapshot fields ("customer.name", "lines[0].code")
	 * that differ from the live quotation, at most 64. */
	const char **changed;
	size_t nchanged;
	/* No snapshot: whether the content hash of the live records computed as
	 * before snapshots existed still equals the stored hash. */
	bool legacy_match;
};
/* Check a quotation's signed snapshot against its stored hash. No access
 * check (CLI and callers that checked with quote_get). */
int quote_verify(struct db *db, struct arena *a, const struct config *cfg, int64_t id,
		 struct quote_verification *out);

struct quote_signature {
	const char *token;        /* the portal token of the page */
	const char *content_hash; /* quote_content_hash when the page was rendered */
	const char *name;         /* typed full name (1-255 characters) */
	const void *png;          /* validated PNG (portal_png_check), or NULL: typed name only */
	size_t png_len;
	const char *ip, *user_agent;
};

/* Accept and sign (C3, C5), in one transaction: the quotation must be draft
 * or sent, not expired today (checked now, not when the page was shown), not
 * signed, and its content must still hash to content_hash. Stores signer,
 * time, IP, user agent, image, the snapshot and its hash, confirms it (sales order,
 * with the usual confirmation effects), posts "Signed by <name>" in the
 * chatter with the signed PDF attached, and notifies the salesperson in-app.
 * Refusals: ERR_NOTFOUND (token), ERR_CONFLICT (already signed: key
 * QPortalSigned; cancelled or confirmed: QPortalClosed; content changed:
 * QPortalChanged), ERR_GONE (expired: QPortalExpired). */
int quote_portal_sign(struct db *db, struct arena *a, const struct config *cfg, int64_t id,
		      const struct quote_signature *s, struct err_info *e);

/* Decline (C4): reason required (1-5000 characters); same state and expiry
 * rules as signing; cancels the quotation, stores the reason, posts it in the
 * chatter as the customer's and notifies the salesperson in-app. */
int quote_portal_decline(struct db *db, struct arena *a, int64_t id, const char *token,
			 const char *reason, struct err_info *e);
/* Merge (P7): the quotations of opportunity from_id now belong to to_id.
 * Unmerge: put back those merge merge_id moved (read from lead_merge_move,
 * owned by crm/merge.c). */
int quote_move_opportunity(struct db *db, int64_t from_id, int64_t to_id);
int quote_unmove_merge(struct db *db, int64_t merge_id);

/* The drawn signature (PNG, row 0 column 0, length in lens[0]) of a signed
 * quotation; ERR_NOTFOUND when it was signed with a typed name only. The
 * caller has checked the portal token or the staff access. */
int quote_signature_png(struct db *db, struct arena *a, int64_t id, struct db_rows *out);

#endif
