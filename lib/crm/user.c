#include "crm/user.h"

#include <ctype.h>
#include <string.h>
#include <zxcvbn.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/crypt.h"
#include "core/err.h"
#include "core/str.h"
#include "db/db.h"

#define USER_COLS "id, login, name, email, role, lang, tz, active"

bool user_role_valid(const char *role)
{
	return str_eq(role, "admin") || str_eq(role, "manager") || str_eq(role, "sales");
}

/* zxcvbn's "words the user would pick": the login, the name and the e-mail
 * address, whole and cut into their parts ("jean-luc.martin" -> "jean",
 * "luc", "martin"). Copies go into buf; words[] points into it. */
static size_t personal_words(const char *const in[], size_t nin, char *buf, size_t bufsz,
			     const char *words[], size_t maxw)
{
	size_t nw = 0, used = 0;
	for (size_t i = 0; i < nin; i++) {
		const char *s = in[i];
		if (!s || !*s)
			continue;
		for (int whole = 1; whole >= 0; whole--) {
			const char *p = s;
			while (*p) {
				size_t len = whole ? strlen(p) : strcspn(p, " ._@-+'");
				if (len >= 3 && nw < maxw && used + len + 1 <= bufsz) {
					memcpy(buf + used, p, len);
					buf[used + len] = '\0';
					words[nw++] = buf + used;
					used += len + 1;
				}
				p += len;
				if (*p)
					p++;
			}
		}
	}
	words[nw] = NULL;
	return nw;
}

/* Why a weak password is weak, from its longest recognised part. */
static const char *weak_reason(const ZxcMatch_t *m, const char **msg)
{
	int best = 0;
	const char *key = "PasswordWeak";
	*msg = "too easy to guess: make it longer, for example with a few unrelated words";
	for (; m; m = m->Next) {
		int type = (int)m->Type & ~(int)MULTIPLE_MATCH;
		if (type == BRUTE_MATCH || type == NON_MATCH || m->Length <= best)
			continue;
		best = m->Length;
		switch (type) {
		case DICTIONARY_MATCH:
		case DICT_LEET_MATCH:
			key = "PasswordCommon";
			*msg = "too easy to guess: it is or contains a common password or word";
			break;
		case USER_MATCH:
		case USER_LEET_MATCH:
			key = "PasswordPersonal";
			*msg = "too easy to guess: it contains the login or the name";
			break;
		case DATE_MATCH:
		case YEAR_MATCH:
			key = "PasswordDate";
			*msg = "too easy to guess: it relies on a date or a year";
			break;
		default: /* repeats, sequences, keyboard patterns */
			key = "PasswordPattern";
			*msg = "too easy to guess: it relies on repeated characters, a sequence or "
			       "a keyboard pattern";
			break;
		}
	}
	return key;
}

int user_password_check(const char *pw, const char *login, const char *name, const char *email,
			struct err_info *e)
{
	if (!pw || strlen(pw) < USER_PASSWORD_MIN)
		return err_set(e, ERR_INVALID, "password", "PasswordShort",
			       "the password must have at least %d characters", USER_PASSWORD_MIN);
	if (strlen(pw) > USER_PASSWORD_MAX)
		return err_set(e, ERR_INVALID, "password", "TooLong", "the password is too long");
	if (!str_utf8_valid(pw, strlen(pw)))
		return err_set(e, ERR_INVALID, "password", "BadUtf8", "the password is not valid UTF-8");
	const char *in[] = {login, name, email, "piste"};
	char buf[1024];
	const char *words[48];
	personal_words(in, sizeof in / sizeof in[0], buf, sizeof buf, words, 47);
	ZxcMatch_t *info = NULL;
	double bits = ZxcvbnMatch(pw, words, &info);
	int rc = 0;
	if (bits < USER_PASSWORD_MIN_BITS) {
		const char *msg;
		const char *key = weak_reason(info, &msg);
		rc = err_set(e, ERR_INVALID, "password", key, "%s", msg);
	}
	ZxcvbnFreeInfo(info);
	return rc;
}

static int hash_password(const char *pw, char out[128], struct err_info *e)
{
	if (crypt_password_hash(pw, out, (uint64_t)config_int(piste_config, "argon2.ops", 2),
				 (size_t)config_int(piste_config, "argon2.mem_kib", 19456)) != 0)
		return err_set(e, ERR_NOMEM, "password", "", "cannot hash the password");
	return 0;
}

int user_create(struct db *db, const char *login, const char *name, const char *email,
		const char *role, const char *password, int64_t *id, struct err_info *e)
{
	if (!login || !*login || strlen(login) > 64)
		return err_set(e, ERR_INVALID, "login", "Required", "the login is required (1-64 characters)");
	for (const char *p = login; *p; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || strchr("._@-", *p)))
			return err_set(e, ERR_INVALID, "login", "BadLogin",
				       "the login may only use a-z, 0-9 and . _ @ -");
	if (!user_role_valid(role))
		return err_set(e, ERR_INVALID, "role", "BadRole", "the role must be admin, manager or sales");
	if (email && *email && !str_email_valid(email))
		return err_set(e, ERR_INVALID, "email", "BadEmail", "invalid e-mail address");
	int rc = user_password_check(password, login, name, email, e);
	if (rc)
		return rc;
	char hash[128];
	if ((rc = hash_password(password, hash, e)) != 0)
		return rc;
	int64_t r = db_exec(db,
			    "INSERT INTO app_user (login, name, email, role, password_hash, "
			    "password_changed_at) VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP())",
			    "sssss", login, name && *name ? name : login,
			    email && *email ? email : NULL, role, hash);
	if (r == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "login", "LoginTaken", "the login '%s' already exists", login);
	if (r < 0)
		return err_set(e, (int)r, "", "", "cannot create the user");
	if (id)
		*id = db_last_id(db);
	return 0;
}

int user_set_password(struct db *db, int64_t id, const char *password, struct err_info *e)
{
	struct arena a;
	arena_init(&a, 0);
	struct user u;
	int rc = user_get(db, &a, id, &u);
	if (rc == 0)
		rc = user_password_check(password, u.login, u.name, u.email, e);
	arena_free(&a);
	if (rc)
		return rc;
	char hash[128];
	if ((rc = hash_password(password, hash, e)) != 0)
		return rc;
	int64_t r = db_exec(db,
			    "UPDATE app_user SET password_hash = ?, password_changed_at = UTC_TIMESTAMP() "
			    "WHERE id = ?",
			    "si", hash, id);
	if (r < 0)
		return (int)r;
	return r == 0 ? ERR_NOTFOUND : 0;
}

int user_set_active(struct db *db, int64_t id, bool active)
{
	int64_t r = db_exec(db, "UPDATE app_user SET active = ? WHERE id = ?", "ii",
			    (int64_t)active, id);
	return r < 0 ? (int)r : 0;
}

int user_set_lang(struct db *db, int64_t id, const char *lang)
{
	if (lang && !str_eq(lang, "en") && !str_eq(lang, "fr"))
		return ERR_INVALID;
	int64_t r = db_exec(db, "UPDATE app_user SET lang = ? WHERE id = ?", "si", lang, id);
	return r < 0 ? (int)r : 0;
}

void user_from_row(struct user *u, const struct db_rows *r, size_t row)
{
	u->id = db_getn_i64(r, row, "id");
	u->login = db_getn(r, row, "login");
	u->name = db_getn(r, row, "name");
	u->email = db_getn(r, row, "email");
	u->role = db_getn(r, row, "role");
	u->lang = db_getn(r, row, "lang");
	u->tz = db_getn(r, row, "tz");
	u->active = db_getn_i64(r, row, "active") != 0;
}

int user_get(struct db *db, struct arena *a, int64_t id, struct user *out)
{
	struct db_rows r;
	int rc = db_query1(db, a, &r, "SELECT " USER_COLS " FROM app_user WHERE id = ?", "i", id);
	if (rc)
		return rc;
	user_from_row(out, &r, 0);
	return 0;
}

int user_by_login(struct db *db, struct arena *a, const char *login, struct user *out,
		  const char **hash)
{
	struct db_rows r;
	int rc = db_query1(db, a, &r,
			   "SELECT " USER_COLS ", password_hash FROM app_user WHERE login = ?", "s",
			   login);
	if (rc)
		return rc;
	user_from_row(out, &r, 0);
	if (hash)
		*hash = db_getn(&r, 0, "password_hash");
	return 0;
}

int user_list(struct db *db, struct arena *a, struct db_rows *out)
{
	return db_query(db, a, out,
			"SELECT id, login, name, email, role, active, lang FROM app_user ORDER BY name, id",
			"");
}

int user_count(struct db *db, int64_t *n)
{
	return db_int(db, n, 0, "SELECT COUNT(*) FROM app_user", "");
}
