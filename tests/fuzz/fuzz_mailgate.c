/* libFuzzer target: the mail gateway's entry point without the database
 * (SPEC I5): GMime parsing of one raw message, the auto-reply check, the
 * body made safe (HTML sanitiser), the alias form of every recipient. What
 * comes out must be valid UTF-8 without raw markup from the input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "crm/mailgate.h"
#include "crm/sanitize.h"
#include "crm/team_alias.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	if (!init) {
		mailgate_init();
		init = 1;
	}
	struct arena a;
	arena_init(&a, 16 * 1024);
	struct mail_msg m;
	if (mail_parse(&a, (const char *)data, size, &m) == 0) {
		mail_auto_reply(&m);
		bool html;
		const char *body = mail_body(&a, &m, &html);
		if (!str_utf8_valid(body, strlen(body)))
			abort();
		if (html && strstr(body, "<script"))
			abort();
		if (m.subject && !str_utf8_valid(m.subject, strlen(m.subject)))
			abort();
		for (size_t i = 0; i < m.nrecipients; i++) {
			const char *b, *l, *t;
			team_alias_split(&a, m.recipients[i], &b, &l, &t);
		}
		for (size_t i = 0; i < m.natt; i++)
			if (!m.att[i].filename || strchr(m.att[i].filename, '/'))
				abort();
	}
	/* The sanitiser alone, on raw bytes. */
	const char *s = sanitize_html(&a, (const char *)data, size);
	if (!str_utf8_valid(s, strlen(s)) || strstr(s, "<script"))
		abort();
	arena_free(&a);
	return 0;
}
