/* mail.h - outgoing e-mail for the whole product (tables mail_out and
 * mail_template).
 *
 * Messages are built with GMime 3: multipart/mixed (a text/plain UTF-8 part,
 * then the attachments in base64), headers with non-ASCII text encoded as
 * RFC 2047 words, a generated Message-ID (the caller records it with the
 * chatter message so that replies thread back through the mail gateway),
 * Date, In-Reply-To / References when given.
 *
 * Delivery: over SMTP with libcurl when an SMTP URL is configured (setting
 * smtp_url, else configuration smtp.url: smtp://host:port or smtps://...,
 * with smtp.user / smtp.password), otherwise into the outbox directory
 * <var_dir>/outbox/ as one .eml file per message (the development default,
 * readable on the administrators' Outbox page). A failed SMTP delivery
 * returns ERR_UNAVAILABLE with a clear message and records nothing. Each
 * delivery is logged in mail_out; with an idempotency key, a second call
 * with the same key does not deliver again (it returns the first
 * Message-ID with *already set). */
#ifndef PISTE_MAIL_H
#define PISTE_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct buf;
struct config;
struct db;
struct db_rows;
struct err_info;

struct mail_attachment {
	const char *filename, *content_type;
	const void *data;
	size_t len;
};

struct mail_msg {
	const char *from;        /* NULL: configuration smtp.from */
	const char *to, *cc;     /* comma-separated addresses ("Name <a@b>" allowed) */
	const char *reply_to;
	const char *subject;
	const char *text;        /* plain-text body (UTF-8) */
	const char *in_reply_to, *references;
	const struct mail_attachment *att;
	size_t natt;
	/* Bookkeeping (mail_out): the record it is about, the idempotency key. */
	const char *res_model;
	int64_t res_id;
	const char *idem_key;
};

/* Once per process, before threads start (GMime, libcurl). Idempotent. */
void mail_init(void);
void mail_shutdown(void);

/* "<random@domain>" with the domain of from (or "piste.localhost"). */
char *mail_message_id(struct arena *a, const char *from);
/* The RFC 5322 text of the message (arena). ERR_INVALID (e filled) when an
 * address or the subject is unusable. */
int mail_build(struct arena *a, const struct config *cfg, const struct mail_msg *m,
	       const char *message_id, char **out, size_t *len, struct err_info *e);
/* Build and deliver; *message_id receives the Message-ID (arena). */
int mail_send(struct db *db, struct arena *a, const struct config *cfg, const struct mail_msg *m,
	      const char **message_id, bool *already, struct err_info *e);
/* The SMTP URL in force ("" when mail goes to the outbox). */
const char *mail_smtp_url(struct db *db, struct arena *a, const struct config *cfg);
/* The outbox directory (arena). */
char *mail_outbox_dir(struct arena *a, const struct config *cfg);

/* A template's subject and body in lang (falls back to "en"), with
 * {{name}} placeholders replaced from vars (pairs name, value; values are
 * inserted as they are: the result is plain text). */
int mail_template_render(struct db *db, struct arena *a, const char *code, const char *lang,
			 const char *const *vars, size_t nvars, const char **subject,
			 const char **body);

/* lang, subject, body of a template's versions, by language. */
int mail_template_list(struct db *db, struct arena *a, const char *code, struct db_rows *out);
/* Create or replace one language version (subject one line, at most 500
 * characters; body at most 20000). */
int mail_template_set(struct db *db, const char *code, const char *lang, const char *subject,
		      const char *body, struct err_info *e);

/* Outbox page: files newest first (name, size, mtime, subject, to, date),
 * at most limit. */
struct mail_outbox_entry {
	const char *name, *subject, *to, *date, *message_id;
	int64_t size, mtime;
};
int mail_outbox_list(struct arena *a, const struct config *cfg, size_t limit,
		     struct mail_outbox_entry **out, size_t *n);
/* One outbox message parsed: headers, the text body and attachment names
 * (arena). name must be a plain file name from the list. */
struct mail_outbox_message {
	const char *subject, *from, *to, *cc, *date, *message_id, *text;
	const char *attachments[16];
	size_t attachment_sizes[16];
	size_t nattachments;
};
int mail_outbox_read(struct arena *a, const struct config *cfg, const char *name,
		     struct mail_outbox_message *out);

#endif
