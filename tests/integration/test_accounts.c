/* Integration tests (real MariaDB): users, sessions, throttling, API keys,
 * settings, and lead defaults. */
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/err.h"
#include "crm/apikey.h"
#include "crm/lead.h"
#include "crm/settings.h"
#include "crm/team.h"
#include "crm/user.h"
#include "db/db.h"
#include "support/testutil.h"
#include "web/auth.h"
#include "web/session.h"

static struct config *cfg;
static struct db *db;
static struct arena a;

static void setup(void)
{
	db = test_db_fresh(&cfg);
	arena_init(&a, 0);
}

static void teardown(void)
{
	arena_free(&a);
	db_close(db);
	config_free(cfg);
}

START_TEST(users_and_login)
{
	struct err_info e = {0};
	int64_t id;
	ck_assert_int_eq(user_create(db, "ana", "Ana", "ana@example.fr", "sales", "quill-harbor-kettle-42", &id, &e), 0);
	ck_assert_int_eq(user_create(db, "ana", "Ana 2", NULL, "sales", "quill-harbor-kettle-42", NULL, &e), ERR_CONFLICT);
	ck_assert_str_eq(e.field, "login");
	err_clear(&e);
	ck_assert_int_eq(user_create(db, "Bad Login", "x", NULL, "sales", "quill-harbor-kettle-42", NULL, &e), ERR_INVALID);
	err_clear(&e);
	ck_assert_int_eq(user_create(db, "bob", "x", NULL, "boss", "quill-harbor-kettle-42", NULL, &e), ERR_INVALID);
	err_clear(&e);
	struct auth_policy p;
	auth_default_policy(&p);
	struct user u;
	int64_t retry;
	ck_assert_int_eq(auth_login(db, &a, &p, "ana", "quill-harbor-kettle-42", "10.0.0.1", NULL, &u, &retry), 0);
	ck_assert_str_eq(u.name, "Ana");
	ck_assert_int_eq(auth_login(db, &a, &p, "ana", "wrong", "10.0.0.1", NULL, &u, &retry), ERR_AUTH);
	ck_assert_int_eq(auth_login(db, &a, &p, "nobody", "wrong", "10.0.0.1", NULL, &u, &retry), ERR_AUTH);
	int64_t n;
	ck_assert_int_eq(db_int(db, &n, 0,
				"SELECT COUNT(*) FROM audit_log WHERE action = 'login.failed' AND ip = '10.0.0.1'", ""),
			 0);
	ck_assert_int_eq(n, 2);
}
END_TEST

START_TEST(throttling_per_address_and_login)
{
	struct err_info e = {0};
	const char *pw = "quill-harbor-kettle-42";
	ck_assert_int_eq(user_create(db, "carl", "Carl", NULL, "sales", pw, NULL, &e), 0);
	struct auth_policy p = {.ip_login_failures = 3, .ip_failures = 5, .device_failures = 3,
				.window_s = 300, .lock_s = 900};
	struct user u;
	int64_t retry;
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(auth_login(db, &a, &p, "carl", "bad", "10.0.0.2", NULL, &u, &retry), ERR_AUTH);
	/* The attacker's address is locked for this login... */
	ck_assert_int_eq(auth_login(db, &a, &p, "carl", pw, "10.0.0.2", NULL, &u, &retry), ERR_LOCKED);
	ck_assert_int_gt(retry, 800);
	/* ...but not Carl elsewhere, nor Carl's trusted browser on that address. */
	ck_assert_int_eq(auth_login(db, &a, &p, "carl", pw, "10.0.0.3", NULL, &u, &retry), 0);
	ck_assert_int_eq(auth_login(db, &a, &p, "carl", pw, "10.0.0.2", "nonce-of-carl", &u, &retry), 0);
	/* Per address: many logins from one address lock it for all of them. */
	for (int i = 0; i < 2; i++)
		auth_login(db, &a, &p, "someone-else", "bad", "10.0.0.2", NULL, &u, &retry);
	ck_assert_int_eq(user_create(db, "dana", "Dana", NULL, "sales", pw, NULL, &e), 0);
	ck_assert_int_eq(auth_login(db, &a, &p, "dana", pw, "10.0.0.2", NULL, &u, &retry), ERR_LOCKED);
	ck_assert_int_eq(auth_login(db, &a, &p, "dana", pw, "10.0.0.9", NULL, &u, &retry), 0);
	/* A device cookie is no free pass: its own failures lock it. */
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(auth_login(db, &a, &p, "dana", "bad", "10.0.0.9", "stolen", &u, &retry), ERR_AUTH);
	ck_assert_int_eq(auth_login(db, &a, &p, "dana", pw, "10.0.0.9", "stolen", &u, &retry), ERR_LOCKED);
	ck_assert_int_eq(auth_login(db, &a, &p, "dana", pw, "10.0.0.9", NULL, &u, &retry), 0);
}
END_TEST

START_TEST(device_cookies)
{
	char v[200], nonce[AUTH_DEVICE_NONCE];
	auth_device_make("secret-1", "jean.luc", 1000000, v);
	ck_assert(auth_device_check("secret-1", v, "jean.luc", 1000000 + 86400, nonce));
	ck_assert_int_eq(strlen(nonce), 22);
	ck_assert(auth_device_check("secret-1", v, "Jean.Luc", 1000000, nonce));
	ck_assert(!auth_device_check("secret-1", v, "jean", 1000000, nonce));
	ck_assert(!auth_device_check("secret-2", v, "jean.luc", 1000000, nonce));
	ck_assert(!auth_device_check("secret-1", v, "jean.luc", 1000000 + 366 * 86400, nonce));
	ck_assert(!auth_device_check("secret-1", "1000000.x.y.jean.luc", "jean.luc", 1000000, nonce));
	ck_assert(!auth_device_check("secret-1", "", "jean.luc", 1000000, nonce));
	ck_assert(!auth_device_check("secret-1", NULL, "jean.luc", 1000000, nonce));
	/* Renamed: the signature covers the login. */
	char *forged = strdup(v);
	forged[strlen(forged) - 1] = 'x';
	ck_assert(!auth_device_check("secret-1", forged, "jean.lux", 1000000, nonce));
	free(forged);
}
END_TEST

START_TEST(password_strength)
{
	struct err_info e = {0};
	const char *weak[] = {"password", "12345678", "aaaaaaaaaaaaaaaa", "longenough", "s3cret-pass"};
	for (size_t i = 0; i < sizeof weak / sizeof weak[0]; i++) {
		err_clear(&e);
		ck_assert_msg(user_password_check(weak[i], "gina", "Gina", NULL, &e) == ERR_INVALID, "%s", weak[i]);
		ck_assert_str_eq(e.field, "password");
		ck_assert_str_ne(e.key, "");
	}
	err_clear(&e);
	ck_assert_int_eq(user_password_check("seven77", "gina", NULL, NULL, &e), ERR_INVALID);
	ck_assert_str_eq(e.key, "PasswordShort");
	/* The user's own login and name count as guessable. */
	err_clear(&e);
	ck_assert_int_eq(user_password_check("ginamartinez2026", "gina.martinez", "Gina Martinez", NULL, &e),
			 ERR_INVALID);
	ck_assert_str_eq(e.key, "PasswordPersonal");
	ck_assert_int_eq(user_password_check("quill-harbor-kettle-42", "gina", "Gina", NULL, NULL), 0);
	char longpw[USER_PASSWORD_MAX + 2];
	memset(longpw, 'k', sizeof longpw - 1);
	longpw[sizeof longpw - 1] = '\0';
	err_clear(&e);
	ck_assert_int_eq(user_password_check(longpw, "gina", NULL, NULL, &e), ERR_INVALID);
	ck_assert_str_eq(e.key, "TooLong");
	/* Creating a user and changing a password go through the same rule. */
	int64_t id;
	ck_assert_int_eq(user_create(db, "gina", "Gina", NULL, "sales", "password", &id, &e), ERR_INVALID);
	err_clear(&e);
	ck_assert_int_eq(user_create(db, "gina", "Gina", NULL, "sales", "quill-harbor-kettle-42", &id, &e), 0);
	ck_assert_int_eq(user_set_password(db, id, "aaaaaaaaaaaaaaaa", &e), ERR_INVALID);
}
END_TEST

START_TEST(sessions_expire)
{
	struct err_info e = {0};
	int64_t id;
	ck_assert_int_eq(user_create(db, "eve", "Eve", NULL, "manager", "quill-harbor-kettle-42", &id, &e), 0);
	char tok[64], csrf[48];
	ck_assert_int_eq(session_create(db, id, "1.2.3.4", "test", tok, csrf), 0);
	struct user u;
	struct session s;
	ck_assert_int_eq(session_load(db, &a, tok, &u, &s, 3600, 86400), 0);
	ck_assert_str_eq(u.login, "eve");
	ck_assert_str_eq(s.csrf, csrf);
	ck_assert_int_eq(session_load(db, &a, "x", &u, &s, 3600, 86400), ERR_AUTH);
	ck_assert_int_ge(db_exec(db, "UPDATE session SET last_seen = UTC_TIMESTAMP() - INTERVAL 2 HOUR", ""), 0);
	ck_assert_int_eq(session_load(db, &a, tok, &u, &s, 3600, 86400), ERR_AUTH);
	int64_t n;
	ck_assert_int_eq(db_int(db, &n, -1, "SELECT COUNT(*) FROM session", ""), 0);
	ck_assert_int_eq(n, 0); /* the expired row is gone */
	ck_assert_int_eq(session_create(db, id, "", "", tok, csrf), 0);
	ck_assert_int_eq(session_destroy_user(db, id, NULL), 0);
	ck_assert_int_eq(session_load(db, &a, tok, &u, &s, 3600, 86400), ERR_AUTH);
}
END_TEST

START_TEST(api_keys)
{
	struct err_info e = {0};
	int64_t id;
	ck_assert_int_eq(user_create(db, "fay", "Fay", NULL, "sales", "quill-harbor-kettle-42", &id, &e), 0);
	char key[64];
	int64_t kid;
	ck_assert_int_eq(apikey_create(db, id, "script", key, &kid), 0);
	struct user u;
	ck_assert_int_eq(apikey_lookup(db, &a, key, &u, NULL), 0);
	ck_assert_str_eq(u.login, "fay");
	ck_assert_int_eq(apikey_lookup(db, &a, "pk_nope", &u, NULL), ERR_AUTH);
	ck_assert_int_eq(apikey_revoke(db, id, kid), 1);
	ck_assert_int_eq(apikey_lookup(db, &a, key, &u, NULL), ERR_AUTH);
}
END_TEST

START_TEST(settings_and_secret)
{
	ck_assert_str_eq(settings_get(db, &a, "leads_enabled", "x"), "1");
	ck_assert_str_eq(settings_get(db, &a, "absent", "dflt"), "dflt");
	ck_assert_int_eq(settings_set(db, "k", "v"), 0);
	ck_assert_int_eq(settings_set(db, "k", "w"), 0);
	ck_assert_str_eq(settings_get(db, &a, "k", NULL), "w");
	char s1[96], s2[96];
	ck_assert_int_eq(settings_secret(db, s1), 0);
	ck_assert_int_eq(settings_secret(db, s2), 0);
	ck_assert_str_eq(s1, s2);
	ck_assert_uint_eq(strlen(s1), 64);
}
END_TEST

START_TEST(lead_defaults)
{
	struct err_info e = {0};
	struct team_input ti = {"Leadless", NULL, 0, false, true};
	int64_t t1, t2, id;
	struct team_input ti2 = {"Qualifiers", NULL, 0, true, true};
	ck_assert_int_eq(team_create(db, &ti2, &t1, &e), 0);
	ck_assert_int_eq(team_create(db, &ti, &t2, &e), 0);
	struct lead_input in;
	lead_input_init(&in);
	in.name = "Need a quote";
	in.email = "Jo@Acme.FR";
	in.phone = "06 12 34 56 78";
	ck_assert_int_eq(lead_create(db, &a, &in, &id, &e), 0);
	struct db_rows r;
	ck_assert_int_eq(db_query1(db, &a, &r,
				   "SELECT l.type, l.team_id, s.name AS stage, l.email_normalized, "
				   "l.email_domain_criterion, l.phone_sanitized, l.active FROM crm_lead l "
				   "JOIN stage s ON s.id = l.stage_id WHERE l.id = ?",
				   "i", id),
			 0);
	ck_assert_str_eq(db_getn(&r, 0, "type"), "lead");
	ck_assert_int_eq(db_getn_i64(&r, 0, "team_id"), t1); /* first team */
	ck_assert_str_eq(db_getn(&r, 0, "stage"), "New");
	ck_assert_str_eq(db_getn(&r, 0, "email_normalized"), "jo@acme.fr");
	ck_assert_str_eq(db_getn(&r, 0, "email_domain_criterion"), "@acme.fr");
	ck_assert_str_eq(db_getn(&r, 0, "phone_sanitized"), "+33612345678");
	/* A team without leads: opportunities directly (X6). */
	in.team_id = t2;
	ck_assert_int_eq(lead_create(db, &a, &in, &id, &e), 0);
	ck_assert_int_eq(db_query1(db, &a, &r, "SELECT type FROM crm_lead WHERE id = ?", "i", id), 0);
	ck_assert_str_eq(db_get(&r, 0, 0), "opportunity");
	/* Global switch off: opportunities everywhere. */
	settings_set(db, "leads_enabled", "0");
	in.team_id = t1;
	ck_assert_int_eq(lead_create(db, &a, &in, &id, &e), 0);
	ck_assert_int_eq(db_query1(db, &a, &r, "SELECT type FROM crm_lead WHERE id = ?", "i", id), 0);
	ck_assert_str_eq(db_get(&r, 0, 0), "opportunity");
	/* Validation. */
	in.email = "not-an-email";
	ck_assert_int_eq(lead_create(db, &a, &in, &id, &e), ERR_INVALID);
	ck_assert_str_eq(e.field, "email");
	err_clear(&e);
	in.email = NULL;
	in.name = "  ";
	ck_assert_int_eq(lead_create(db, &a, &in, &id, &e), ERR_INVALID);
	ck_assert_str_eq(e.field, "name");
	err_clear(&e);
	/* Idempotency key: the same submission twice makes one lead. */
	in.name = "Once";
	in.intake_key = "k-0123456789";
	int64_t first, second;
	ck_assert_int_eq(lead_create(db, &a, &in, &first, &e), 0);
	ck_assert_int_eq(lead_create(db, &a, &in, &second, &e), ERR_CONFLICT);
	ck_assert_int_eq(first, second);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("accounts");
	TCase *t = tcase_create("accounts");
	tcase_set_timeout(t, 60);
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, users_and_login);
	tcase_add_test(t, throttling_per_address_and_login);
	tcase_add_test(t, device_cookies);
	tcase_add_test(t, password_strength);
	tcase_add_test(t, sessions_expire);
	tcase_add_test(t, api_keys);
	tcase_add_test(t, settings_and_secret);
	tcase_add_test(t, lead_defaults);
	suite_add_tcase(s, t);
	return s;
}

TEST_MAIN(suite)
