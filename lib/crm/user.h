/* user.h - staff users (table app_user): roles admin / manager / sales
 * (SPEC X1), Argon2id password hashes, language and time zone. */
#ifndef PISTE_USER_H
#define PISTE_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct db_rows;
struct err_info;

struct user {
	int64_t id;
	const char *login, *name, *email, *role, *lang, *tz;
	bool active;
};

#define USER_PASSWORD_MIN 8
#define USER_PASSWORD_MAX 256
/* At least 10^8 guesses as zxcvbn estimates them (log2: 8 / log10(2)). */
#define USER_PASSWORD_MIN_BITS 26.575424759098897

/* The one password rule (every caller that sets a password goes through
 * it): USER_PASSWORD_MIN..MAX bytes of UTF-8, not guessable in fewer than
 * 10^8 guesses by zxcvbn, which also tries the login, name and e-mail given
 * (each may be NULL). ERR_INVALID with field "password" and a key
 * (Lang.Err.<key>) that says why: PasswordShort, TooLong, BadUtf8,
 * PasswordCommon, PasswordPersonal, PasswordPattern, PasswordDate,
 * PasswordWeak. */
int user_password_check(const char *password, const char *login, const char *name,
			const char *email, struct err_info *e);

bool user_role_valid(const char *role);
/* Checks login syntax ([a-z0-9._@-], 1-64), role, user_password_check; hashes
 * the password. ERR_CONFLICT when the login exists. */
int user_create(struct db *db, const char *login, const char *name, const char *email,
		const char *role, const char *password, int64_t *id, struct err_info *e);
int user_set_password(struct db *db, int64_t id, const char *password, struct err_info *e);
int user_set_active(struct db *db, int64_t id, bool active);
int user_set_lang(struct db *db, int64_t id, const char *lang);
int user_get(struct db *db, struct arena *a, int64_t id, struct user *out);
/* The user and their password hash (for login). */
int user_by_login(struct db *db, struct arena *a, const char *login, struct user *out,
		  const char **hash);
/* Fill *out from a row whose columns include id, login, name, email, role,
 * lang, tz, active (used by session.c's join). */
void user_from_row(struct user *out, const struct db_rows *r, size_t row);
/* id, login, name, email, role, active, lang for all users, by name. */
int user_list(struct db *db, struct arena *a, struct db_rows *out);
int user_count(struct db *db, int64_t *n);

#endif
