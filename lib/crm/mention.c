#include "crm/mention.h"

#include <ctype.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "crm/follower.h"
#include "db/db.h"

static bool login_char(int c)
{
	return isalnum(c) || c == '.' || c == '_' || c == '-';
}

size_t mention_parse(struct arena *a, const char *text, const char **out, size_t max)
{
	size_t n = 0;
	if (!text)
		return 0;
	for (const char *p = text; *p && n < max; p++) {
		if (*p != '@')
			continue;
		if (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_' || p[-1] == '.'))
			continue; /* an e-mail address, not a mention */
		const char *s = p + 1, *e = s;
		while (*e && login_char((unsigned char)*e) && e - s < 64)
			e++;
		while (e > s && (e[-1] == '.' || e[-1] == '-'))
			e--;
		if (e == s)
			continue;
		char *login = arena_strndup(a, s, (size_t)(e - s));
		for (char *q = login; *q; q++)
			*q = (char)tolower((unsigned char)*q);
		bool dup = false;
		for (size_t i = 0; i < n; i++)
			if (strcmp(out[i], login) == 0)
				dup = true;
		if (!dup)
			out[n++] = login;
		p = e - 1;
	}
	return n;
}

int mention_notify(struct db *db, struct arena *a, const char *text, const char *res_model,
		   int64_t res_id, int64_t author_id, int64_t message_id, const char *summary)
{
	const char *logins[16];
	size_t n = mention_parse(a, text, logins, 16);
	int count = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t uid = 0;
		int rc = db_int(db, &uid, 0, "SELECT id FROM app_user WHERE login = ? AND active = 1", "s",
				logins[i]);
		if (rc)
			return rc;
		if (!uid || uid == author_id)
			continue;
		if ((rc = follower_add(db, res_model, res_id, uid)) != 0)
			return rc;
		if ((rc = notify_user(db, uid, res_model, res_id, "mention", summary ? summary : "", message_id)) != 0)
			return rc;
		count++;
	}
	return count;
}
