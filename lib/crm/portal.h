/* portal.h - what the customer portal needs besides the quotation itself
 * (SPEC C2, C3, C6-C8). Owns table portal_view.
 *
 * - Viewed log (C6): the first customer view of a quotation per UTC day posts
 *   "Quotation viewed by the customer" in its chatter; link-preview robots
 *   (portal_is_preview_agent) and HEAD requests are the caller's to skip.
 * - Signature images (C3): portal_png_check accepts only a real PNG, decoded
 *   by cairo, within the size and dimension limits below.
 * - Payment QR (C7): the EPC069-12 ("BCD") payload of a SEPA credit transfer.
 * - Customer messages (C8): posted in the quotation's chatter as the
 *   customer's, public, with the salesperson notified. */
#ifndef PISTE_PORTAL_H
#define PISTE_PORTAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct config;
struct db;
struct db_rows;
struct err_info;

#define PORTAL_PNG_MAX (200 * 1024)
#define PORTAL_PNG_MAX_W 2000
#define PORTAL_PNG_MAX_H 1000
#define PORTAL_MESSAGE_MAX 5000

/* True for the user agents of known link-preview fetchers (Slackbot,
 * facebookexternalhit, Twitterbot, WhatsApp, TelegramBot, Discordbot,
 * LinkedInBot, Googlebot, Outlook/Office safe links, ...), and for an empty
 * user agent. Case-insensitive substring match. */
bool portal_is_preview_agent(const char *ua);

/* Log the customer's view of quotation id for today (UTC) unless already
 * logged: *logged says whether this call posted the chatter message. */
int portal_view_log(struct db *db, struct arena *a, int64_t quote_id, bool *logged);

/* 0 when data is a PNG of at most PORTAL_PNG_MAX bytes, whose header says
 * 1..PORTAL_PNG_MAX_W x 1..PORTAL_PNG_MAX_H pixels and that cairo decodes
 * entirely to that size; else ERR_TOOBIG or ERR_INVALID (e filled, field
 * "signature"). */
int portal_png_check(const void *data, size_t len, int *w, int *h, struct err_info *e);

/* The EPC QR payload (arena), or NULL when the IBAN is not a valid IBAN
 * (mod 97), the amount is outside 0.01..999999999.99 EUR, or the currency is
 * not EUR. BIC may be NULL/empty (version 002). name is cut to 70
 * characters, reference to 140. */
char *portal_epc_payload(struct arena *a, const char *bic, const char *name, const char *iban,
			 const char *currency, int64_t cents, const char *reference);

/* An IBAN as typed ("FR76 3000 ...") -> upper case without spaces in out,
 * true when it is a valid IBAN (ISO 13616 mod 97). "" is not valid. */
bool portal_iban_normalize(const char *in, char out[40]);
/* A BIC (8 or 11 letters/digits) -> upper case in out; true when valid. */
bool portal_bic_normalize(const char *in, char out[16]);

/* The IBAN / BIC in force: settings company_iban / company_bic, else the
 * configuration's company.iban / company.bic. Arena strings ("" if none). */
void portal_bank(struct db *db, struct arena *a, const struct config *cfg, const char **iban,
		 const char **bic);

/* The typed name of a signer: one line of printable text. 0, or
 * ERR_INVALID (e: field "name", key BadChars) when it holds a control
 * character (CR, LF, tab, DEL, C1), a line or paragraph separator or a
 * bidirectional override, which could forge extra lines or reorder the
 * name in the signature record, the PDF or the e-mail to the salesperson. */
int portal_signer_name_check(const char *name, struct err_info *e);

/* A message from the customer (C8), 1..PORTAL_MESSAGE_MAX characters:
 * public chatter message of kind "customer" signed author_name, and an in-app
 * notification to the salesperson. *message_id receives its id. */
int portal_message_post(struct db *db, struct arena *a, int64_t quote_id, const char *author_name,
			const char *body, int64_t *message_id, struct err_info *e);

/* Public messages of the quotation, oldest first, at most limit: id, kind,
 * author, body, created_at (staff messages marked public and the customer's
 * own messages). */
int portal_messages(struct db *db, struct arena *a, int64_t quote_id, size_t limit,
		    struct db_rows *out);

/* Tell the salesperson by e-mail (SMTP or outbox) what the customer did:
 * event "signed" (with the signed PDF), "declined" or "message". Best effort:
 * returns the delivery error, the caller logs it. */
int portal_mail_salesperson(struct db *db, struct arena *a, const struct config *cfg,
			    int64_t quote_id, const char *event, const char *detail);

#endif
