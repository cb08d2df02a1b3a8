#include "crm/mailgate.h"

#include <ctype.h>
#include <stdint.h>
#include <gmime/gmime.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/crypt.h"
#include "core/err.h"
#include "core/log.h"
#include "core/str.h"
#include "crm/chatter.h"
#include "crm/follower.h"
#include "crm/intake.h"
#include "crm/lead.h"
#include "crm/sanitize.h"
#include "crm/team_alias.h"
#include "db/db.h"

void mailgate_init(void)
{
	g_mime_init();
}

void mailgate_shutdown(void)
{
	g_mime_shutdown();
}

/* ---- text helpers ------------------------------------------------------- */

/* Windows-1252 in 0x80-0x9F (where Latin-1 has unused control codes). */
static const uint16_t cp1252[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
	0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
	0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

static size_t put_cp(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	o[0] = (char)(0xE0 | (cp >> 12));
	o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[2] = (char)(0x80 | (cp & 0x3F));
	return 3;
}

/* Valid UTF-8 copy of s[0..n), NUL bytes dropped. Text that is not UTF-8 is
 * read as Windows-1252 (the usual undeclared charset, a superset of
 * Latin-1). In UTF-8 text, C1 control characters (U+0080-U+009F) are what a
 * Windows-1252 text decoded as Latin-1 looks like (GMime's default for an
 * undeclared charset): they are mapped the same way. */
static char *utf8(struct arena *a, const char *s, size_t n)
{
	if (!s)
		return NULL;
	if (memchr(s, 0, n)) {
		char *t = arena_alloc(a, n + 1);
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			if (s[i])
				t[k++] = s[i];
		s = t;
		n = k;
	}
	bool valid = str_utf8_valid(s, n);
	char *out = arena_alloc(a, n * 3 + 1);
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (valid) {
			if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
			    (unsigned char)s[i + 1] <= 0x9F) {
				o += put_cp(out + o, cp1252[(unsigned char)s[i + 1] - 0x80]);
				i++;
			} else {
				out[o++] = (char)c;
			}
		} else if (c < 0x80) {
			out[o++] = (char)c;
		} else if (c < 0xA0) {
			o += put_cp(out + o, cp1252[c - 0x80]);
		} else {
			o += put_cp(out + o, c);
		}
	}
	out[o] = '\0';
	return out;
}

static char *utf8s(struct arena *a, const char *s)
{
	return s ? utf8(a, s, strlen(s)) : NULL;
}

/* One line: control characters (folding, tabs) become spaces, runs of
 * spaces collapse, trimmed; cut to max characters. NULL when empty. */
static char *one_line(struct arena *a, const char *s, size_t max)
{
	if (!s)
		return NULL;
	char *t = utf8s(a, s);
	char *o = t;
	bool space = false;
	for (const char *p = t; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c == 0x7f || c == ' ') {
			if (!space && o != t)
				*o++ = ' ';
			space = true;
			continue;
		}
		space = false;
		*o++ = *p;
	}
	*o = '\0';
	str_trim(t);
	if (!*t)
		return NULL;
	if (str_utf8_len(t) > max) {
		str_utf8_truncate(t, max * 4);
		while (str_utf8_len(t) > max)
			str_utf8_truncate(t, strlen(t) - 1);
	}
	return t;
}

static const char *header(GMimeObject *o, const char *name)
{
	return g_mime_object_get_header(o, name);
}

/* "<id>" form of a Message-ID as GMime gives it (without brackets). */
static const char *bracket(struct arena *a, const char *id)
{
	if (!id || !*id)
		return NULL;
	char *t = one_line(a, id, 990);
	if (!t)
		return NULL;
	if (t[0] == '<')
		return t;
	return arena_printf(a, "<%s>", t);
}

/* ---- parsing ------------------------------------------------------------ */

struct walk {
	struct arena *a;
	struct mail_msg *m;
	size_t cap;
};

static void add_attachment(struct walk *w, const char *name, const char *type, const char *data,
			   size_t len)
{
	struct mail_msg *m = w->m;
	if (m->natt >= MAIL_MAX_ATTACHMENTS || len > MAIL_MAX_ATTACHMENT) {
		m->nskipped++;
		return;
	}
	if (m->natt == w->cap) {
		size_t ncap = w->cap ? w->cap * 2 : 8;
		m->att = arena_realloc(w->a, m->att, w->cap * sizeof *m->att, ncap * sizeof *m->att);
		w->cap = ncap;
	}
	m->att[m->natt++] = (struct mail_attachment){name, type, data, len};
}

/* A file name safe to store and offer for download: no directories, no
 * control characters, at most 200 characters. */
static const char *safe_filename(struct arena *a, const char *name, const char *dflt)
{
	if (!name)
		return dflt;
	const char *base = name;
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	char *t = one_line(a, base, 200);
	if (!t || strcmp(t, ".") == 0 || strcmp(t, "..") == 0)
		return dflt;
	return t;
}

static void part_bytes(struct arena *a, GMimePart *part, const char **data, size_t *len)
{
	*data = NULL;
	*len = 0;
	GMimeDataWrapper *dw = g_mime_part_get_content(part);
	if (!dw)
		return;
	GMimeStream *ms = g_mime_stream_mem_new();
	g_mime_data_wrapper_write_to_stream(dw, ms);
	GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(ms));
	if (ba && ba->len) {
		char *d = arena_alloc(a, ba->len + 1);
		memcpy(d, ba->data, ba->len);
		*data = d;
		*len = ba->len;
	}
	g_object_unref(ms);
}

static void walk_part(struct walk *w, GMimeObject *obj, int depth)
{
	if (!obj || depth > 20)
		return;
	struct arena *a = w->a;
	struct mail_msg *m = w->m;
	if (GMIME_IS_MULTIPART(obj)) {
		GMimeMultipart *mp = GMIME_MULTIPART(obj);
		int n = g_mime_multipart_get_count(mp);
		for (int i = 0; i < n && i < 200; i++)
			walk_part(w, g_mime_multipart_get_part(mp, i), depth + 1);
		return;
	}
	if (GMIME_IS_MESSAGE_PART(obj)) {
		/* A forwarded message: kept whole as an .eml attachment. */
		GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
		if (!inner)
			return;
		char *s = g_mime_object_to_string(GMIME_OBJECT(inner), NULL);
		if (s) {
			const char *subj = g_mime_message_get_subject(inner);
			const char *nm = subj ? arena_printf(a, "%s.eml", subj) : "message.eml";
			size_t len = strlen(s);
			add_attachment(w, safe_filename(a, nm, "message.eml"), "message/rfc822",
				       arena_strndup(a, s, len), len);
			g_free(s);
		}
		return;
	}
	if (!GMIME_IS_PART(obj))
		return;
	GMimePart *part = GMIME_PART(obj);
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	bool attachment = g_mime_part_is_attachment(part);
	const char *fname = g_mime_part_get_filename(part);
	bool is_text = ct && g_mime_content_type_is_type(ct, "text", "plain");
	bool is_html = ct && g_mime_content_type_is_type(ct, "text", "html");
	if (!attachment && !fname && GMIME_IS_TEXT_PART(obj) && ((is_text && !m->text) || (is_html && !m->html))) {
		char *t = g_mime_text_part_get_text(GMIME_TEXT_PART(obj));
		if (t) {
			char *u = utf8s(a, t);
			g_free(t);
			if (is_text)
				m->text = u;
			else
				m->html = u;
		}
		return;
	}
	/* Any other leaf with content is a file: attachments, inline images,
	 * calendar invitations, a second text part. */
	const char *data;
	size_t len;
	part_bytes(a, part, &data, &len);
	if (!data)
		return;
	char *mt = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
	const char *type = mt ? one_line(a, mt, 120) : NULL;
	g_free(mt);
	const char *dflt = is_html ? "message.html" : (is_text ? "message.txt" : "attachment");
	add_attachment(w, safe_filename(a, fname, dflt), type ? str_lower(a, type) : "application/octet-stream",
		       data, len);
}

static void addr_list(struct arena *a, InternetAddressList *l, struct mail_addr **out, size_t *n,
		      int depth)
{
	if (!l || depth > 3)
		return;
	int cnt = internet_address_list_length(l);
	for (int i = 0; i < cnt && *n < 100; i++) {
		InternetAddress *ia = internet_address_list_get_address(l, i);
		if (INTERNET_ADDRESS_IS_GROUP(ia)) {
			addr_list(a, internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)), out, n,
				  depth + 1);
			continue;
		}
		if (!INTERNET_ADDRESS_IS_MAILBOX(ia))
			continue;
		const char *addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
		if (!addr || !*addr)
			continue;
		if (*n % 8 == 0)
			*out = arena_realloc(a, *out, *n * sizeof **out, (*n + 8) * sizeof **out);
		(*out)[(*n)++] = (struct mail_addr){one_line(a, internet_address_get_name(ia), 255),
						    one_line(a, addr, 254)};
	}
}

static void push_str(struct arena *a, const char ***v, size_t *n, const char *s)
{
	if (!s || *n >= 64)
		return;
	for (size_t i = 0; i < *n; i++)
		if (strcasecmp((*v)[i], s) == 0)
			return;
	if (*n % 8 == 0)
		*v = arena_realloc(a, *v, *n * sizeof **v, (*n + 8) * sizeof **v);
	(*v)[(*n)++] = s;
}

/* Addresses of a header holding addresses (Delivered-To may hold one bare). */
static void header_addrs(struct arena *a, GMimeParserOptions *opt, GMimeObject *o, const char *name,
			 struct mail_msg *m)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(o);
	int n = g_mime_header_list_get_count(hl);
	for (int i = 0; i < n; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
		if (strcasecmp(g_mime_header_get_name(h), name) != 0)
			continue;
		const char *v = g_mime_header_get_value(h);
		if (!v)
			continue;
		InternetAddressList *l = internet_address_list_parse(opt, v);
		struct mail_addr *tmp = NULL;
		size_t nt = 0;
		addr_list(a, l, &tmp, &nt, 0);
		if (l)
			g_object_unref(l);
		for (size_t k = 0; k < nt; k++)
			push_str(a, &m->recipients, &m->nrecipients, tmp[k].addr);
	}
}

static void references(struct arena *a, GMimeParserOptions *opt, const char *v, struct mail_msg *m,
		       bool newest_first)
{
	if (!v)
		return;
	GMimeReferences *r = g_mime_references_parse(opt, v);
	if (!r)
		return;
	int n = g_mime_references_length(r);
	for (int k = 0; k < n; k++) {
		int i = newest_first ? n - 1 - k : k;
		push_str(a, &m->refs, &m->nrefs, bracket(a, g_mime_references_get_message_id(r, i)));
	}
	g_mime_references_free(r);
}

/* Header value starts with word (case-insensitive, leading blanks skipped). */
static bool starts_word(const char *v, const char *word)
{
	if (!v)
		return false;
	while (*v == ' ' || *v == '\t')
		v++;
	return strncasecmp(v, word, strlen(word)) == 0;
}

static int priority_of(GMimeObject *o)
{
	int p = 0;
	const char *x = header(o, "X-Priority");
	if (x) {
		while (*x == ' ')
			x++;
		if (*x == '1')
			p = 3;
		else if (*x == '2')
			p = 2;
	}
	if ((starts_word(header(o, "Importance"), "high") ||
	     starts_word(header(o, "X-MSMail-Priority"), "high")) && p < 2)
		p = 2;
	if (starts_word(header(o, "Priority"), "urgent"))
		p = 3;
	return p;
}

int mail_parse(struct arena *a, const char *raw, size_t len, struct mail_msg *m)
{
	memset(m, 0, sizeof *m);
	if (!raw || len == 0 || len > MAIL_MAX_SIZE)
		return ERR_INVALID;
	GMimeStream *st = g_mime_stream_mem_new_with_buffer(raw, len);
	GMimeParser *p = g_mime_parser_new_with_stream(st);
	GMimeParserOptions *opt = g_mime_parser_options_new();
	/* Undeclared 8-bit headers: UTF-8 when valid, else Windows-1252. */
	const char *fallback[] = {"UTF-8", "windows-1252", NULL};
	g_mime_parser_options_set_fallback_charsets(opt, fallback);
	GMimeMessage *msg = g_mime_parser_construct_message(p, opt);
	g_object_unref(p);
	g_object_unref(st);
	int rc = ERR_INVALID;
	if (!msg)
		goto out;
	GMimeObject *o = GMIME_OBJECT(msg);
	struct mail_addr *from = NULL;
	size_t nfrom = 0;
	addr_list(a, g_mime_message_get_from(msg), &from, &nfrom, 0);
	if (nfrom == 0 || !from[0].addr || !strchr(from[0].addr, '@'))
		goto out; /* no sender: not something we can answer */
	m->from = from[0];
	m->subject = one_line(a, g_mime_message_get_subject(msg), 998);
	addr_list(a, g_mime_message_get_addresses(msg, GMIME_ADDRESS_TYPE_TO), &m->to, &m->nto, 0);
	addr_list(a, g_mime_message_get_addresses(msg, GMIME_ADDRESS_TYPE_CC), &m->cc, &m->ncc, 0);
	static const char *const rcpt_headers[] = {"Delivered-To", "X-Original-To", "Envelope-To",
						   "X-Envelope-To"};
	for (size_t i = 0; i < sizeof rcpt_headers / sizeof rcpt_headers[0]; i++)
		header_addrs(a, opt, o, rcpt_headers[i], m);
	for (size_t i = 0; i < m->nto; i++)
		push_str(a, &m->recipients, &m->nrecipients, m->to[i].addr);
	for (size_t i = 0; i < m->ncc; i++)
		push_str(a, &m->recipients, &m->nrecipients, m->cc[i].addr);
	m->message_id = bracket(a, g_mime_message_get_message_id(msg));
	references(a, opt, header(o, "In-Reply-To"), m, false);
	references(a, opt, header(o, "References"), m, true);
	m->priority = priority_of(o);
	GMimeObject *body = g_mime_message_get_mime_part(msg);
	/* GMime files Content-* headers under the top MIME part. */
	const char *cl = header(o, "Content-Language");
	if (!cl && body)
		cl = header(body, "Content-Language");
	m->lang = intake_visitor_lang(a, cl);
	m->auto_submitted = one_line(a, header(o, "Auto-Submitted"), 100);
	m->precedence = one_line(a, header(o, "Precedence"), 100);
	m->return_path = utf8s(a, header(o, "Return-Path"));
	m->x_autoreply = header(o, "X-Autoreply") || header(o, "X-Autorespond") ||
			 header(o, "X-Autoresponder");
	m->failed_recipients = header(o, "X-Failed-Recipients") != NULL;
	if (body) {
		GMimeContentType *ct = g_mime_object_get_content_type(body);
		char *mt = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
		m->content_type = mt ? str_lower(a, mt) : NULL;
		g_free(mt);
		struct walk w = {a, m, 0};
		walk_part(&w, body, 0);
	}
	rc = 0;
out:
	if (msg)
		g_object_unref(msg);
	g_mime_parser_options_free(opt);
	return rc;
}

/* ---- automatic messages -------------------------------------------------- */

static bool contains_ci(const char *h, const char *n)
{
	return h && strcasestr(h, n) != NULL;
}

const char *mail_auto_reply(const struct mail_msg *m)
{
	if (m->auto_submitted) {
		char v[32];
		snprintf(v, sizeof v, "%s", m->auto_submitted);
		v[strcspn(v, " ;(")] = '\0';
		if (strcasecmp(v, "no") != 0)
			return "Auto-Submitted";
	}
	if (m->x_autoreply)
		return "X-Autoreply";
	if (m->precedence && (contains_ci(m->precedence, "bulk") || contains_ci(m->precedence, "junk") ||
			      contains_ci(m->precedence, "auto_reply") || contains_ci(m->precedence, "list")))
		return "Precedence";
	if (m->failed_recipients || (m->content_type && strcmp(m->content_type, "multipart/report") == 0))
		return "delivery report";
	if (m->return_path) {
		const char *r = m->return_path;
		while (*r == ' ')
			r++;
		if (strncmp(r, "<>", 2) == 0)
			return "null sender";
	}
	if (m->from.addr && (strncasecmp(m->from.addr, "mailer-daemon@", 14) == 0 ||
			     strncasecmp(m->from.addr, "postmaster@", 11) == 0))
		return "mailer daemon";
	static const char *const subjects[] = {
		"out of office", "out-of-office", "automatic reply", "auto reply", "auto-reply",
		"autoreply", "auto response", "réponse automatique", "reponse automatique",
		"absence du bureau", "message d'absence", "abwesenheit", "automatische antwort",
		"respuesta automática", "risposta automatica", "undeliverable", "delivery status notification",
		"mail delivery failed", NULL,
	};
	if (m->subject) {
		for (size_t i = 0; subjects[i]; i++)
			if (contains_ci(m->subject, subjects[i]))
				return "out-of-office subject";
		if (strncasecmp(m->subject, "Auto:", 5) == 0)
			return "out-of-office subject";
	}
	return NULL;
}

const char *mail_body(struct arena *a, const struct mail_msg *m, bool *is_html)
{
	*is_html = false;
	if (m->html && *m->html) {
		char *s = sanitize_html(a, m->html, strlen(m->html));
		if (*str_trim(arena_strdup(a, s))) {
			*is_html = true;
			return s;
		}
	}
	if (m->text) {
		char *t = arena_strdup(a, m->text);
		if (strlen(t) > CHATTER_BODY_MAX - 16)
			str_utf8_truncate(t, CHATTER_BODY_MAX - 16);
		return t;
	}
	return "";
}

/* ---- delivery ------------------------------------------------------------ */

struct deliver {
	struct arena *a;
	const struct mail_msg *m;
	struct mailgate_result *res;
	const char *res_model;   /* threaded: the record */
	int64_t res_id;
	int64_t team_id;         /* new lead: the team */
	const char *tag;
	const char *message_id;
	struct err_info e;
};

static const char *author_of(struct arena *a, const struct mail_msg *m)
{
	if (m->from.name && *m->from.name)
		return one_line(a, arena_printf(a, "%s <%s>", m->from.name, m->from.addr), 255);
	return one_line(a, m->from.addr, 255);
}

/* CC addresses, ", "-separated, whole addresses only, within 1000 bytes. */
static const char *cc_list(struct arena *a, const struct mail_msg *m)
{
	char *out = NULL;
	for (size_t i = 0; i < m->ncc; i++) {
		const char *x = m->cc[i].addr;
		size_t cur = out ? strlen(out) : 0;
		if (cur + strlen(x) + 2 > 1000)
			break;
		out = arena_printf(a, "%s%s%s", out ? out : "", out ? ", " : "", x);
	}
	return out;
}

/* A +tag usable as a lead tag: letters, digits, . _ -; at most 32. */
static const char *clean_tag(struct arena *a, const char *t)
{
	if (!t || !*t || strlen(t) > 32)
		return NULL;
	for (const char *p = t; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("._-", *p))
			return NULL;
	return arena_strdup(a, t);
}

static int post_message(struct db *db, struct deliver *d, const char *model, int64_t id)
{
	struct arena *a = d->a;
	const struct mail_msg *m = d->m;
	bool html;
	const char *body = mail_body(a, m, &html);
	struct chatter_msg cm = {0};
	cm.res_model = model;
	cm.res_id = id;
	cm.kind = "email_in";
	cm.author_name = author_of(a, m);
	cm.subject = m->subject;
	cm.body = *body ? body : NULL;
	cm.body_is_html = html;
	cm.message_id = d->message_id;
	int64_t mid = 0;
	int rc = chatter_post(db, &cm, &mid);
	if (rc)
		return rc;
	for (size_t i = 0; i < m->natt; i++) {
		const struct mail_attachment *x = &m->att[i];
		if ((rc = chatter_attach(db, model, id, mid, x->filename, x->mimetype, x->data, x->len,
					 NULL)) != 0)
			return rc;
	}
	d->res->message_id = mid;
	return 0;
}

static int thread_tx(struct db *db, void *arg)
{
	struct deliver *d = arg;
	int rc = post_message(db, d, d->res_model, d->res_id);
	if (rc)
		return rc;
	const char *summary = arena_printf(d->a, "New e-mail from %s: %s", d->m->from.addr,
					   d->m->subject ? d->m->subject : "(no subject)");
	int n = notify_followers(db, d->res_model, d->res_id, "email_in", summary,
				 d->res->message_id, 0);
	return n < 0 ? n : 0;
}

static int create_tx(struct db *db, void *arg)
{
	struct deliver *d = arg;
	struct arena *a = d->a;
	const struct mail_msg *m = d->m;
	struct lead_input in;
	lead_input_init(&in);
	const char *name = one_line(a, m->subject, LEAD_NAME_MAX);
	in.name = name ? name : "(no subject)";
	in.contact_name = one_line(a, m->from.name, LEAD_TEXT_MAX);
	if (m->from.addr && strlen(m->from.addr) <= 254 && str_email_valid(m->from.addr))
		in.email = m->from.addr;
	else if (!in.contact_name)
		in.contact_name = one_line(a, m->from.addr, LEAD_TEXT_MAX);
	in.email_cc = cc_list(a, m);
	in.priority = m->priority;
	in.team_id = d->team_id;
	in.user_id = 0; /* never the sender: assignment decides */
	in.origin = "email";
	in.medium = "Email";
	in.lang = m->lang;
	const char *tag = clean_tag(a, d->tag);
	const char *tags[1] = {tag};
	if (tag) {
		in.tags = tags;
		in.ntags = 1;
	}
	int64_t id = 0;
	int rc = lead_create(db, a, &in, &id, &d->e);
	if (rc)
		return rc;
	d->res->res_model = "lead";
	d->res->res_id = id;
	if ((rc = post_message(db, d, "lead", id)) != 0)
		return rc;
	if (d->team_id) {
		const char *summary = arena_printf(a, "New lead by e-mail: %s", in.name);
		int n = notify_followers(db, "team", d->team_id, "lead_created", summary,
					 d->res->message_id, 0);
		if (n < 0)
			return n;
	}
	return 0;
}

static int finish(struct mailgate_result *res, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int finish(struct mailgate_result *res, int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(res->detail, sizeof res->detail, fmt, ap);
	va_end(ap);
	res->status = status;
	return status;
}

static int temp_or_data(struct mailgate_result *res, int rc, const struct err_info *e)
{
	if (rc == ERR_INVALID)
		return finish(res, EX_MAIL_DATAERR, "refused: %s", e->msg[0] ? e->msg : "invalid message");
	return finish(res, EX_MAIL_TEMPFAIL, "database error (%s), try again later", err_str(rc));
}

int mailgate_process(struct db *db, struct arena *a, const char *raw, size_t len,
		     const char *recipient, struct mailgate_result *res)
{
	memset(res, 0, sizeof *res);
	struct mail_msg m;
	if (len > MAIL_MAX_SIZE) {
		if (db && db_ensure(db) == 0)
			intake_reject_add(db, REJ_MAIL_UNPARSABLE, 1);
		return finish(res, EX_MAIL_DATAERR, "message too large (over %d MiB)", MAIL_MAX_SIZE >> 20);
	}
	if (mail_parse(a, raw, len, &m) != 0) {
		if (db && db_ensure(db) == 0)
			intake_reject_add(db, REJ_MAIL_UNPARSABLE, 1);
		return finish(res, EX_MAIL_DATAERR, "not an e-mail message (no sender)");
	}
	res->auto_reason = mail_auto_reply(&m);
	if (res->auto_reason) {
		if (db && db_ensure(db) == 0)
			intake_reject_add(db, REJ_MAIL_AUTO, 1);
		return finish(res, EX_MAIL_OK, "ignored: automatic message (%s)", res->auto_reason);
	}
	if (!db || db_ensure(db) != 0)
		return finish(res, EX_MAIL_TEMPFAIL, "database unavailable, try again later");

	struct deliver d = {.a = a, .m = &m, .res = res};
	/* Idempotent on the Message-ID; without one, on the content. */
	if (m.message_id) {
		d.message_id = m.message_id;
	} else {
		char h[65];
		crypt_sha256_hex(raw, len, h);
		d.message_id = arena_printf(a, "<%s@mailgate.piste.invalid>", h);
	}
	const char *model;
	int64_t rid;
	int rc = chatter_find_message_id(db, a, d.message_id, &model, &rid);
	if (rc == 0) {
		res->duplicate = true;
		res->res_model = model;
		res->res_id = rid;
		return finish(res, EX_MAIL_OK, "already delivered to %s %lld", model, (long long)rid);
	}
	if (rc != ERR_NOTFOUND)
		return temp_or_data(res, rc, &d.e);

	/* A reply to a message we sent or received: onto that record. */
	for (size_t i = 0; i < m.nrefs && i < 20; i++) {
		const char *ref = m.refs[i];
		rc = chatter_find_message_id(db, a, ref, &model, &rid);
		if (rc == ERR_NOTFOUND && ref[0] == '<') {
			/* Stored without brackets by another sender? */
			rc = chatter_find_message_id(db, a, arena_strndup(a, ref + 1, strlen(ref) - 2),
						     &model, &rid);
		}
		if (rc == ERR_NOTFOUND)
			continue;
		if (rc)
			return temp_or_data(res, rc, &d.e);
		d.res_model = model;
		d.res_id = rid;
		res->res_model = model;
		res->res_id = rid;
		rc = db_tx(db, thread_tx, &d);
		if (rc)
			return temp_or_data(res, rc, &d.e);
		res->threaded = true;
		return finish(res, EX_MAIL_OK, "appended to %s %lld", model, (long long)rid);
	}

	/* A new inquiry: the team of the alias it was sent to. */
	int64_t team = 0;
	const char *tag = NULL;
	const char *via = NULL;
	if (recipient && *recipient) {
		rc = team_alias_find(db, a, recipient, &team, &tag);
		via = recipient;
	} else {
		rc = ERR_NOTFOUND;
		for (size_t i = 0; i < m.nrecipients && rc == ERR_NOTFOUND; i++) {
			rc = team_alias_find(db, a, m.recipients[i], &team, &tag);
			via = m.recipients[i];
		}
	}
	if (rc == ERR_NOTFOUND) {
		intake_reject_add(db, REJ_MAIL_ALIAS, 1);
		return finish(res, EX_MAIL_NOUSER, "no team has the alias %s",
			      recipient && *recipient ? recipient : "of any recipient");
	}
	if (rc)
		return temp_or_data(res, rc, &d.e);
	d.team_id = team;
	d.tag = tag;
	rc = db_tx(db, create_tx, &d);
	if (rc)
		return temp_or_data(res, rc, &d.e);
	res->created = true;
	return finish(res, EX_MAIL_OK, "lead %lld created for team %lld (%s)", (long long)res->res_id,
		      (long long)team, via ? via : "");
}
