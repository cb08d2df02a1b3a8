#include "crm/team_alias.h"

#include <ctype.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/str.h"
#include "db/db.h"

static int local_char(char c)
{
	return isalnum((unsigned char)c) || strchr("!#$%&'*+-/=?^_`{|}~.", c) != NULL;
}

int team_alias_valid(const char *alias)
{
	size_t n = alias ? strlen(alias) : 0;
	if (n == 0 || n > 254)
		return 0;
	const char *at = strchr(alias, '@');
	if (at)
		return str_email_valid(alias) && !memchr(alias, '+', (size_t)(at - alias));
	if (n > 64 || alias[0] == '.' || alias[n - 1] == '.')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!local_char(alias[i]) || alias[i] == '+')
			return 0;
	return 1;
}

int team_alias_split(struct arena *a, const char *address, const char **base,
		     const char **local, const char **tag)
{
	*base = *local = *tag = NULL;
	if (!address)
		return ERR_INVALID;
	char *s = str_trim(arena_strdup(a, address));
	size_t n = strlen(s);
	if (n >= 2 && s[0] == '<' && s[n - 1] == '>') {
		s[n - 1] = '\0';
		s++;
	}
	char *at = strrchr(s, '@');
	if (!at || at == s || !at[1] || strlen(s) > 254)
		return ERR_INVALID;
	*at = '\0';
	char *loc = s, *dom = at + 1;
	char *plus = strchr(loc, '+');
	if (plus) {
		*plus = '\0';
		if (plus[1])
			*tag = plus + 1;
	}
	if (!*loc)
		return ERR_INVALID;
	char *l = str_lower(a, loc), *d = str_lower(a, dom);
	*local = l;
	*base = arena_printf(a, "%s@%s", l, d);
	return 0;
}

int team_alias_find(struct db *db, struct arena *a, const char *address, int64_t *team_id,
		    const char **tag)
{
	*team_id = 0;
	const char *base, *local, *t;
	if (tag)
		*tag = NULL;
	if (team_alias_split(a, address, &base, &local, &t) != 0)
		return ERR_NOTFOUND;
	int rc = db_int(db, team_id, 0,
			"SELECT id FROM team WHERE active = 1 AND alias IN (?, ?) "
			"ORDER BY alias = ? DESC, id LIMIT 1",
			"sss", base, local, base);
	if (rc)
		return rc;
	if (!*team_id)
		return ERR_NOTFOUND;
	if (tag)
		*tag = t;
	return 0;
}

int team_alias_set(struct db *db, struct arena *a, int64_t team_id, const char *alias,
		   struct err_info *e)
{
	const char *v = NULL;
	if (alias && !str_empty(alias)) {
		char *t = str_trim(arena_strdup(a, alias));
		if (!team_alias_valid(t))
			return err_set(e, ERR_INVALID, "alias", "IntakeBadAlias",
				       "'%s' is not a valid e-mail alias (a local part such as sales, or an address)",
				       t);
		v = str_lower(a, t);
	}
	int64_t r = db_exec(db, "UPDATE team SET alias = ? WHERE id = ?", "si", v, team_id);
	if (r == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "alias", "IntakeAliasTaken",
			       "this alias is already used by another team");
	if (r < 0)
		return (int)r;
	if (r == 0) {
		int64_t exists = 0;
		int rc = db_int(db, &exists, 0, "SELECT COUNT(*) FROM team WHERE id = ?", "i", team_id);
		if (rc)
			return rc;
		if (!exists)
			return ERR_NOTFOUND;
	}
	return 0;
}
