#include "crm/mail.h"

#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gmime/gmime.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/crypt.h"
#include "core/err.h"
#include "core/log.h"
#include "core/str.h"
#include "crm/settings.h"
#include "db/db.h"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void do_init(void)
{
	g_mime_init();
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

void mail_init(void)
{
	pthread_once(&init_once, do_init);
}

void mail_shutdown(void)
{
	/* GMime and libcurl keep process-lifetime state; nothing to undo that
	 * matters at exit (g_mime_shutdown is not safe with live threads). */
}

char *mail_message_id(struct arena *a, const char *from)
{
	const char *domain = "piste.localhost";
	const char *at = from ? strrchr(from, '@') : NULL;
	char dom[128] = "";
	if (at) {
		size_t n = strcspn(at + 1, "> \t\"");
		if (n > 0 && n < sizeof dom) {
			memcpy(dom, at + 1, n);
			dom[n] = '\0';
			domain = dom;
		}
	}
	char tok[40];
	crypt_token(tok, sizeof tok, 18);
	return arena_printf(a, "<%lld.%s@%s>", (long long)time(NULL), tok, domain);
}

/* Parse a list of addresses; every one must be a valid mailbox. */
static InternetAddressList *parse_addresses(const char *s, const char *field, struct err_info *e)
{
	/* The sender may be a local address (noreply@localhost). */
	bool strict = strcmp(field, "from") != 0;
	if (!s || !*s)
		return NULL;
	if (strlen(s) > 1000 || strpbrk(s, "\r\n")) {
		err_set(e, ERR_INVALID, field, "BadEmail", "invalid address list");
		return NULL;
	}
	InternetAddressList *l = internet_address_list_parse(NULL, s);
	int n = l ? internet_address_list_length(l) : 0;
	bool ok = n > 0;
	for (int i = 0; ok && i < n; i++) {
		InternetAddress *ia = internet_address_list_get_address(l, i);
		const char *addr = INTERNET_ADDRESS_IS_MAILBOX(ia)
					   ? internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia))
					   : NULL;
		if (!addr || (strict ? !str_email_valid(addr) : !strchr(addr, '@')))
			ok = false;
	}
	if (!ok) {
		if (l)
			g_object_unref(l);
		err_set(e, ERR_INVALID, field, "BadEmail", "'%s' is not a valid address list", field);
		return NULL;
	}
	return l;
}

static const char *from_of(const struct config *cfg, const struct mail_msg *m)
{
	if (m->from && *m->from)
		return m->from;
	const char *f = config_get(cfg, "smtp.from");
	return f && *f ? f : "Piste <noreply@localhost>";
}

int mail_build(struct arena *a, const struct config *cfg, const struct mail_msg *m,
	       const char *message_id, char **out, size_t *len, struct err_info *e)
{
	mail_init();
	if (!m->subject || strpbrk(m->subject, "\r\n") || strlen(m->subject) > 900)
		return err_set(e, ERR_INVALID, "subject", "QBadSubject", "the subject is missing or invalid");
	InternetAddressList *to = parse_addresses(m->to, "to", e);
	if (!to)
		return m->to && *m->to ? ERR_INVALID
				       : err_set(e, ERR_INVALID, "to", "Required", "a recipient is required");
	InternetAddressList *cc = NULL, *from = NULL, *rt = NULL;
	if (m->cc && *m->cc && !(cc = parse_addresses(m->cc, "cc", e))) {
		g_object_unref(to);
		return ERR_INVALID;
	}
	from = parse_addresses(from_of(cfg, m), "from", e);
	if (m->reply_to && *m->reply_to)
		rt = parse_addresses(m->reply_to, "reply_to", e);
	if (!from) {
		g_object_unref(to);
		if (cc)
			g_object_unref(cc);
		if (rt)
			g_object_unref(rt);
		return ERR_INVALID;
	}

	GMimeMessage *msg = g_mime_message_new(TRUE);
	internet_address_list_append(g_mime_message_get_from(msg), from);
	internet_address_list_append(g_mime_message_get_addresses(msg, GMIME_ADDRESS_TYPE_TO), to);
	if (cc)
		internet_address_list_append(g_mime_message_get_addresses(msg, GMIME_ADDRESS_TYPE_CC), cc);
	if (rt)
		internet_address_list_append(g_mime_message_get_reply_to(msg), rt);
	g_mime_message_set_subject(msg, m->subject, "utf-8");
	/* Without the angle brackets: GMime adds them. */
	char mid[300];
	snprintf(mid, sizeof mid, "%s", message_id + (message_id[0] == '<'));
	size_t ml = strlen(mid);
	if (ml && mid[ml - 1] == '>')
		mid[ml - 1] = '\0';
	g_mime_message_set_message_id(msg, mid);
	GDateTime *now = g_date_time_new_now_utc();
	g_mime_message_set_date(msg, now);
	g_date_time_unref(now);
	if (m->in_reply_to && *m->in_reply_to && !strpbrk(m->in_reply_to, "\r\n"))
		g_mime_object_set_header(GMIME_OBJECT(msg), "In-Reply-To", m->in_reply_to, NULL);
	if (m->references && *m->references && !strpbrk(m->references, "\r\n"))
		g_mime_object_set_header(GMIME_OBJECT(msg), "References", m->references, NULL);

	GMimeTextPart *tp = g_mime_text_part_new_with_subtype("plain");
	g_mime_text_part_set_charset(tp, "utf-8");
	g_mime_text_part_set_text(tp, m->text ? m->text : "");
	g_mime_part_set_content_encoding(GMIME_PART(tp), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
	GMimeMultipart *mp = g_mime_multipart_new_with_subtype("mixed");
	g_mime_multipart_add(mp, GMIME_OBJECT(tp));
	g_object_unref(tp);
	for (size_t i = 0; i < m->natt; i++) {
		const struct mail_attachment *at = &m->att[i];
		const char *ct = at->content_type ? at->content_type : "application/octet-stream";
		char type[64] = "application", sub[64] = "octet-stream";
		const char *slash = strchr(ct, '/');
		if (slash && slash - ct < 63 && strlen(slash + 1) < 63) {
			snprintf(type, sizeof type, "%.*s", (int)(slash - ct), ct);
			snprintf(sub, sizeof sub, "%s", slash + 1);
		}
		GMimePart *part = g_mime_part_new_with_type(type, sub);
		GMimeStream *ms = g_mime_stream_mem_new_with_buffer(at->data, at->len);
		GMimeDataWrapper *dw = g_mime_data_wrapper_new_with_stream(ms, GMIME_CONTENT_ENCODING_DEFAULT);
		g_mime_part_set_content(part, dw);
		g_object_unref(dw);
		g_object_unref(ms);
		g_mime_object_set_disposition(GMIME_OBJECT(part), GMIME_DISPOSITION_ATTACHMENT);
		g_mime_part_set_filename(part, at->filename ? at->filename : "attachment");
		g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
		g_mime_multipart_add(mp, GMIME_OBJECT(part));
		g_object_unref(part);
	}
	g_mime_message_set_mime_part(msg, GMIME_OBJECT(mp));
	g_object_unref(mp);

	GMimeFormatOptions *fo = g_mime_format_options_new();
	g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_DOS);
	GMimeStream *os = g_mime_stream_mem_new();
	g_mime_object_write_to_stream(GMIME_OBJECT(msg), fo, os);
	GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(os));
	*out = arena_strndup(a, (const char *)ba->data, ba->len);
	*len = ba->len;
	g_object_unref(os);
	g_mime_format_options_free(fo);
	g_object_unref(msg);
	g_object_unref(from);
	g_object_unref(to);
	if (cc)
		g_object_unref(cc);
	if (rt)
		g_object_unref(rt);
	return 0;
}

const char *mail_smtp_url(struct db *db, struct arena *a, const struct config *cfg)
{
	const char *s = db ? settings_get(db, a, "smtp_url", NULL) : NULL;
	if (s && *s)
		return s;
	s = config_get(cfg, "smtp.url");
	return s ? s : "";
}

char *mail_outbox_dir(struct arena *a, const struct config *cfg)
{
	return arena_printf(a, "%s/outbox", config_get(cfg, "var_dir"));
}

struct smtp_upload {
	const char *p;
	size_t n, off;
};

static size_t smtp_read(char *ptr, size_t size, size_t nmemb, void *ud)
{
	struct smtp_upload *u = ud;
	size_t room = size * nmemb, left = u->n - u->off;
	size_t k = left < room ? left : room;
	memcpy(ptr, u->p + u->off, k);
	u->off += k;
	return k;
}

/* Bare addresses of a list, for the SMTP envelope. */
static struct curl_slist *envelope(struct curl_slist *l, const char *s)
{
	if (!s || !*s)
		return l;
	InternetAddressList *al = internet_address_list_parse(NULL, s);
	int n = al ? internet_address_list_length(al) : 0;
	for (int i = 0; i < n; i++) {
		InternetAddress *ia = internet_address_list_get_address(al, i);
		if (!INTERNET_ADDRESS_IS_MAILBOX(ia))
			continue;
		char b[320];
		snprintf(b, sizeof b, "<%s>", internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia)));
		l = curl_slist_append(l, b);
	}
	if (al)
		g_object_unref(al);
	return l;
}

static int deliver_smtp(const struct config *cfg, const char *url, const char *from,
			const struct mail_msg *m, const char *data, size_t len, struct err_info *e)
{
	CURL *c = curl_easy_init();
	if (!c)
		return ERR_NOMEM;
	struct curl_slist *rcpt = envelope(NULL, m->to);
	rcpt = envelope(rcpt, m->cc);
	struct curl_slist *fl = envelope(NULL, from);
	char errbuf[CURL_ERROR_SIZE] = "";
	struct smtp_upload u = {data, len, 0};
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, fl ? fl->data : "<noreply@localhost>");
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, smtp_read);
	curl_easy_setopt(c, CURLOPT_READDATA, &u);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	const char *user = config_get(cfg, "smtp.user");
	if (user && *user) {
		curl_easy_setopt(c, CURLOPT_USERNAME, user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, config_get(cfg, "smtp.password"));
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	}
	CURLcode rc = curl_easy_perform(c);
	curl_slist_free_all(rcpt);
	curl_slist_free_all(fl);
	curl_easy_cleanup(c);
	if (rc != CURLE_OK) {
		log_warnx("mail: SMTP delivery to %s failed: %s", url, errbuf[0] ? errbuf : curl_easy_strerror(rc));
		return err_set(e, ERR_UNAVAILABLE, "smtp", "QSmtpDown",
			       "the mail server could not be reached (%s): nothing was sent, try again later",
			       errbuf[0] ? errbuf : curl_easy_strerror(rc));
	}
	return 0;
}

static int deliver_outbox(struct arena *a, const struct config *cfg, const char *data, size_t len,
			  const char **file, struct err_info *e)
{
	const char *dir = mail_outbox_dir(a, cfg);
	mkdir(dir, 0700);
	char tok[16];
	crypt_token(tok, sizeof tok, 6);
	for (char *t = tok; *t; t++)
		if (*t == '-' || *t == '_')
			*t = 'x';
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	char name[96];
	snprintf(name, sizeof name, "%04d%02d%02d-%02d%02d%02d-%s.eml", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tok);
	char *tmp = arena_printf(a, "%s/.%s.tmp", dir, name), *path = arena_printf(a, "%s/%s", dir, name);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		log_warn("mail: cannot write %s", tmp);
		return err_set(e, ERR_IO, "", "QOutboxFailed", "the outbox is not writable");
	}
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w <= 0) {
			close(fd);
			unlink(tmp);
			return err_set(e, ERR_IO, "", "QOutboxFailed", "the outbox is not writable");
		}
		off += (size_t)w;
	}
	fsync(fd);
	close(fd);
	if (rename(tmp, path) != 0) {
		unlink(tmp);
		return err_set(e, ERR_IO, "", "QOutboxFailed", "the outbox is not writable");
	}
	*file = arena_strdup(a, name);
	return 0;
}

int mail_send(struct db *db, struct arena *a, const struct config *cfg, const struct mail_msg *m,
	      const char **message_id, bool *already, struct err_info *e)
{
	int rc;
	if (already)
		*already = false;
	if (m->idem_key && *m->idem_key) {
		if (strlen(m->idem_key) > 64)
			return err_set(e, ERR_INVALID, "idem_key", "TooLong", "idempotency key too long");
		struct db_rows r;
		rc = db_query1(db, a, &r, "SELECT message_id FROM mail_out WHERE idem_key = ?", "s", m->idem_key);
		if (rc == 0) {
			*message_id = db_get(&r, 0, 0);
			if (already)
				*already = true;
			return 0;
		}
		if (rc != ERR_NOTFOUND)
			return rc;
	}
	const char *from = from_of(cfg, m);
	char *mid = mail_message_id(a, from);
	char *data;
	size_t len;
	if ((rc = mail_build(a, cfg, m, mid, &data, &len, e)))
		return rc;
	const char *url = mail_smtp_url(db, a, cfg);
	const char *file = NULL;
	if (*url)
		rc = deliver_smtp(cfg, url, from, m, data, len, e);
	else
		rc = deliver_outbox(a, cfg, data, len, &file, e);
	if (rc)
		return rc;
	int64_t r = db_exec(db,
			    "INSERT INTO mail_out (idem_key, message_id, res_model, res_id, mail_to, subject, "
			    "transport, outbox_file) VALUES (?, ?, ?, NULLIF(?, 0), LEFT(?, 1000), LEFT(?, 998), ?, ?)",
			    "sssissss", m->idem_key && *m->idem_key ? m->idem_key : NULL, mid, m->res_model,
			    m->res_id, m->to, m->subject, *url ? "smtp" : "outbox", file);
	if (r < 0)
		log_warnx("mail: delivered %s but could not log it (%d)", mid, (int)r);
	*message_id = mid;
	return 0;
}

int mail_template_render(struct db *db, struct arena *a, const char *code, const char *lang,
			 const char *const *vars, size_t nvars, const char **subject,
			 const char **body)
{
	struct db_rows r;
	int rc = db_query1(db, a, &r,
			   "SELECT subject, body FROM mail_template WHERE code = ? AND lang IN (?, 'en') "
			   "ORDER BY lang = ? DESC LIMIT 1",
			   "sss", code, lang ? lang : "en", lang ? lang : "en");
	if (rc)
		return rc;
	for (int k = 0; k < 2; k++) {
		const char *src = db_get(&r, 0, (size_t)k);
		struct buf b;
		buf_init(&b);
		while (*src) {
			const char *open = strstr(src, "{{");
			if (!open) {
				buf_adds(&b, src);
				break;
			}
			buf_add(&b, src, (size_t)(open - src));
			const char *close = strstr(open + 2, "}}");
			if (!close) {
				buf_adds(&b, open);
				break;
			}
			size_t nl = (size_t)(close - open - 2);
			bool done = false;
			for (size_t i = 0; i + 1 < nvars * 2 && !done; i += 2)
				if (strlen(vars[i]) == nl && strncmp(vars[i], open + 2, nl) == 0) {
					buf_adds(&b, vars[i + 1] ? vars[i + 1] : "");
					done = true;
				}
			src = close + 2;
		}
		char *s = arena_strndup(a, b.p ? b.p : "", b.len);
		buf_free(&b);
		if (k == 0)
			*subject = s;
		else
			*body = s;
	}
	return 0;
}

int mail_template_list(struct db *db, struct arena *a, const char *code, struct db_rows *out)
{
	return db_query(db, a, out, "SELECT lang, subject, body FROM mail_template WHERE code = ? ORDER BY lang", "s",
			code);
}

int mail_template_set(struct db *db, const char *code, const char *lang, const char *subject,
		      const char *body, struct err_info *e)
{
	if (!lang || (!str_eq(lang, "fr") && !str_eq(lang, "en")))
		return err_set(e, ERR_INVALID, "lang", "Required", "the language must be fr or en");
	if (str_empty(subject) || strpbrk(subject, "\r\n") || str_utf8_len(subject) > 500)
		return err_set(e, ERR_INVALID, "subject", "QBadSubject", "the subject is missing or invalid");
	if (str_empty(body) || str_utf8_len(body) > 20000)
		return err_set(e, ERR_INVALID, "body", "Required", "the message is required (at most 20000 characters)");
	int64_t r = db_exec(db,
			    "INSERT INTO mail_template (code, lang, subject, body) VALUES (?, ?, ?, ?) "
			    "ON DUPLICATE KEY UPDATE subject = VALUES(subject), body = VALUES(body)",
			    "ssss", code, lang, subject, body);
	return r < 0 ? (int)r : 0;
}

/* ---- outbox reading ------------------------------------------------------ */

static bool safe_name(const char *n)
{
	if (!n || !*n || n[0] == '.' || strlen(n) > 100 || !str_ends(n, ".eml"))
		return false;
	for (const char *p = n; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '_' || *p == '.'))
			return false;
	return true;
}

static GMimeMessage *parse_file(const char *path)
{
	mail_init();
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return NULL;
	GMimeStream *s = g_mime_stream_fs_new(fd);
	GMimeParser *p = g_mime_parser_new_with_stream(s);
	GMimeMessage *m = g_mime_parser_construct_message(p, NULL);
	g_object_unref(p);
	g_object_unref(s);
	return m;
}

static const char *addr_str(struct arena *a, InternetAddressList *l)
{
	if (!l || internet_address_list_length(l) == 0)
		return NULL;
	char *s = internet_address_list_to_string(l, NULL, FALSE);
	char *out = arena_strdup(a, s);
	g_free(s);
	return out;
}

static int cmp_desc(const void *x, const void *y)
{
	return strcmp(*(char *const *)y, *(char *const *)x);
}

int mail_outbox_list(struct arena *a, const struct config *cfg, size_t limit,
		     struct mail_outbox_entry **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	const char *dir = mail_outbox_dir(a, cfg);
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	size_t cap = 64, cnt = 0;
	char **names = malloc(cap * sizeof *names);
	struct dirent *de;
	while (names && (de = readdir(d))) {
		if (!safe_name(de->d_name))
			continue;
		if (cnt == cap) {
			char **nn = realloc(names, (cap *= 2) * sizeof *names);
			if (!nn)
				break;
			names = nn;
		}
		names[cnt++] = strdup(de->d_name);
	}
	closedir(d);
	if (!names)
		return ERR_NOMEM;
	qsort(names, cnt, sizeof *names, cmp_desc);
	size_t k = cnt < limit ? cnt : limit;
	struct mail_outbox_entry *v = arena_alloc(a, (k + 1) * sizeof *v);
	for (size_t i = 0; i < k; i++) {
		char *path = arena_printf(a, "%s/%s", dir, names[i]);
		struct stat st;
		v[i].name = arena_strdup(a, names[i]);
		if (stat(path, &st) == 0) {
			v[i].size = st.st_size;
			v[i].mtime = st.st_mtime;
		}
		GMimeMessage *m = parse_file(path);
		if (m) {
			v[i].subject = arena_strdup(a, g_mime_message_get_subject(m));
			v[i].to = addr_str(a, g_mime_message_get_addresses(m, GMIME_ADDRESS_TYPE_TO));
			v[i].date = arena_strdup(a, g_mime_object_get_header(GMIME_OBJECT(m), "Date"));
			v[i].message_id = arena_strdup(a, g_mime_message_get_message_id(m));
			g_object_unref(m);
		}
	}
	for (size_t i = 0; i < cnt; i++)
		free(names[i]);
	free(names);
	*out = v;
	*n = k;
	return 0;
}

struct walk {
	struct arena *a;
	struct mail_outbox_message *out;
};

static void walk_part(GMimeObject *parent, GMimeObject *part, gpointer data)
{
	(void)parent;
	struct walk *w = data;
	if (!GMIME_IS_PART(part))
		return;
	GMimePart *p = GMIME_PART(part);
	if (g_mime_part_is_attachment(p)) {
		if (w->out->nattachments < 16) {
			GMimeStream *ms = g_mime_stream_mem_new();
			GMimeDataWrapper *dw = g_mime_part_get_content(p);
			if (dw)
				g_mime_data_wrapper_write_to_stream(dw, ms);
			GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(ms));
			size_t i = w->out->nattachments++;
			w->out->attachments[i] = arena_strdup(w->a, g_mime_part_get_filename(p));
			w->out->attachment_sizes[i] = ba ? ba->len : 0;
			g_object_unref(ms);
		}
		return;
	}
	if (GMIME_IS_TEXT_PART(part) && !w->out->text) {
		char *t = g_mime_text_part_get_text(GMIME_TEXT_PART(part));
		w->out->text = arena_strdup(w->a, t);
		g_free(t);
	}
}

int mail_outbox_read(struct arena *a, const struct config *cfg, const char *name,
		     struct mail_outbox_message *out)
{
	memset(out, 0, sizeof *out);
	if (!safe_name(name))
		return ERR_NOTFOUND;
	char *path = arena_printf(a, "%s/%s", mail_outbox_dir(a, cfg), name);
	GMimeMessage *m = parse_file(path);
	if (!m)
		return ERR_NOTFOUND;
	out->subject = arena_strdup(a, g_mime_message_get_subject(m));
	out->from = addr_str(a, g_mime_message_get_from(m));
	out->to = addr_str(a, g_mime_message_get_addresses(m, GMIME_ADDRESS_TYPE_TO));
	out->cc = addr_str(a, g_mime_message_get_addresses(m, GMIME_ADDRESS_TYPE_CC));
	out->date = arena_strdup(a, g_mime_object_get_header(GMIME_OBJECT(m), "Date"));
	out->message_id = arena_strdup(a, g_mime_message_get_message_id(m));
	struct walk w = {a, out};
	g_mime_message_foreach(m, walk_part, &w);
	g_object_unref(m);
	return 0;
}
