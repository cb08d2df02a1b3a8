/* mailgate.h - the e-mail alias gateway (SPEC I5): one RFC 5322 message, as
 * an MTA's pipe delivers it, becomes a lead of the team whose alias it was
 * sent to, or a new message on the record it replies to.
 *
 * Parsing uses GMime 3 (encoded words, quoted-printable, base64, nested
 * multiparts, charsets, attachments); HTML bodies are made safe by
 * crm/sanitize.h. mail_parse and mail_auto_reply need no database (the fuzz
 * target drives them); mailgate_process does the rest and answers with a
 * sysexits(3) code for the MTA:
 *   0  delivered (also: auto-replies and repeated deliveries, which create
 *      nothing)
 *   65 EX_DATAERR  unparsable message (bounced)
 *   67 EX_NOUSER   no team has this alias (bounced)
 *   75 EX_TEMPFAIL the database is unavailable (the MTA keeps the message
 *      and retries: nothing is lost)
 *
 * Delivery is idempotent on the Message-ID: a message delivered twice (MTA
 * retry after a crash, or sent to two aliases) is stored once. */
#ifndef PISTE_MAILGATE_H
#define PISTE_MAILGATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;

#define MAIL_MAX_SIZE (25 << 20)        /* larger messages are refused (65) */
#define MAIL_MAX_ATTACHMENT (15 << 20)  /* larger attachments are not stored */
#define MAIL_MAX_ATTACHMENTS 50

enum { EX_MAIL_OK = 0, EX_MAIL_DATAERR = 65, EX_MAIL_NOUSER = 67, EX_MAIL_TEMPFAIL = 75 };

struct mail_addr {
	const char *name; /* display name, decoded (may be NULL) */
	const char *addr; /* address as written (may be NULL for groups) */
};

struct mail_attachment {
	const char *filename, *mimetype;
	const char *data;
	size_t len;
};

/* A parsed message: arena strings, UTF-8. */
struct mail_msg {
	const char *subject;            /* decoded, NULL when absent */
	struct mail_addr from;
	struct mail_addr *to, *cc;
	size_t nto, ncc;
	const char **recipients;        /* Delivered-To, X-Original-To, Envelope-To, To, Cc */
	size_t nrecipients;
	const char *message_id;         /* "<id>", NULL when absent */
	const char **refs;              /* In-Reply-To first, then References newest first; "<id>" */
	size_t nrefs;
	const char *text;               /* text/plain body */
	const char *html;               /* text/html body, NOT sanitised */
	struct mail_attachment *att;
	size_t natt, nskipped;          /* attachments stored / too large or too many */
	int priority;                   /* 0..3 from X-Priority, Importance, Priority */
	const char *lang;               /* Content-Language primary tag, or NULL */
	/* Header facts for the auto-reply check. */
	const char *auto_submitted, *precedence, *return_path, *content_type;
	bool x_autoreply, failed_recipients;
};

/* Once per process (g_mime_init / g_mime_shutdown). */
void mailgate_init(void);
void mailgate_shutdown(void);

/* Parse raw[0..len). Returns 0, or ERR_INVALID when it is not a message
 * (no header a message has, or no sender address). */
int mail_parse(struct arena *a, const char *raw, size_t len, struct mail_msg *m);
/* Why the message is an automatic one (auto-reply, out-of-office, bounce,
 * bulk), or NULL for a message written by a person. */
const char *mail_auto_reply(const struct mail_msg *m);
/* The safe body for the chatter: sanitised HTML when the message has an HTML
 * part (is_html true), else its text; "" when it has neither. */
const char *mail_body(struct arena *a, const struct mail_msg *m, bool *is_html);

struct mailgate_result {
	int status;               /* the exit code */
	const char *res_model;    /* record the message went to */
	int64_t res_id;
	int64_t message_id;       /* chatter message id */
	bool created;             /* a new lead */
	bool threaded;            /* appended to an existing record */
	bool duplicate;           /* already delivered before */
	const char *auto_reason;  /* not NULL: ignored as automatic */
	char detail[256];         /* one line for the MTA / logs */
};

/* The whole delivery. recipient: the envelope recipient given by the MTA
 * (NULL: taken from the headers). db may be disconnected (75). */
int mailgate_process(struct db *db, struct arena *a, const char *raw, size_t len,
		     const char *recipient, struct mailgate_result *res);

#endif
