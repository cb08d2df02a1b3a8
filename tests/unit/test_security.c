/* Unit tests: anti-forgery tokens, token hashing, password hashing, keys. */
#include <stdio.h>
#include <string.h>

#include "core/err.h"

#include "core/crypt.h"
#include "support/testutil.h"
#include "web/csrf.h"

START_TEST(signed_form_tokens)
{
	test_config();
	char tok[80];
	csrf_sign("secret", "login", "nonce", 1000, tok);
	ck_assert_int_eq(csrf_check("secret", "login", "nonce", tok, 1005, 0, 60, NULL), 0);
	ck_assert_int_eq(csrf_check("secret", "login", "other", tok, 1005, 0, 60, NULL), ERR_FORBIDDEN);
	ck_assert_int_eq(csrf_check("secret", "contact", "nonce", tok, 1005, 0, 60, NULL), ERR_FORBIDDEN);
	ck_assert_int_eq(csrf_check("other", "login", "nonce", tok, 1005, 0, 60, NULL), ERR_FORBIDDEN);
	ck_assert_int_eq(csrf_check("secret", "login", "nonce", tok, 1100, 0, 60, NULL), ERR_GONE);
	int64_t age;
	ck_assert_int_eq(csrf_check("secret", "login", "nonce", tok, 1001, 3, 60, &age), ERR_INVALID);
	ck_assert_int_eq(age, 1);
	ck_assert_int_eq(csrf_check("secret", "login", "nonce", NULL, 1001, 0, 60, NULL), ERR_FORBIDDEN);
	ck_assert_int_eq(csrf_check("secret", "login", "nonce", "", 1001, 0, 60, NULL), ERR_FORBIDDEN);
	ck_assert_int_eq(csrf_check("secret", "login", "nonce", "1000.", 1001, 0, 60, NULL), ERR_FORBIDDEN);
	ck_assert_int_eq(csrf_check("secret", "login", "nonce", "abc.def", 1001, 0, 60, NULL), ERR_FORBIDDEN);
	/* Changing the time breaks the signature. */
	char forged[80];
	snprintf(forged, sizeof forged, "999%s", tok + 4);
	ck_assert_int_eq(csrf_check("secret", "login", "nonce", forged, 1001, 0, 60000, NULL), ERR_FORBIDDEN);
}
END_TEST

START_TEST(random_tokens_and_hashes)
{
	test_config();
	char a[64], b[64], h1[65], h2[65];
	crypt_token(a, sizeof a, 32);
	crypt_token(b, sizeof b, 32);
	ck_assert_uint_eq(strlen(a), 43);
	ck_assert_str_ne(a, b);
	crypt_token_hash(a, h1);
	crypt_token_hash(a, h2);
	ck_assert_str_eq(h1, h2);
	ck_assert_uint_eq(strlen(h1), 64);
	crypt_sha256_hex("abc", 3, h1);
	ck_assert_str_eq(h1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	ck_assert(crypt_streq("same", "same"));
	ck_assert(!crypt_streq("same", "Same"));
	ck_assert(!crypt_streq("same", "same!"));
	ck_assert(!crypt_streq(NULL, "x"));
}
END_TEST

START_TEST(argon2id_passwords)
{
	test_config();
	char h[128];
	ck_assert_int_eq(crypt_password_hash("correct horse", h, 2, 19456), 0);
	ck_assert(strncmp(h, "$argon2id$", 10) == 0);
	ck_assert_ptr_nonnull(strstr(h, "m=19456,t=2"));
	ck_assert(crypt_password_verify(h, "correct horse"));
	ck_assert(!crypt_password_verify(h, "correct horsE"));
	ck_assert(!crypt_password_verify("", "x"));
	ck_assert(!crypt_password_verify("garbage", "x"));
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("security");
	TCase *t = tcase_create("security");
	tcase_set_timeout(t, 30);
	tcase_add_test(t, signed_form_tokens);
	tcase_add_test(t, random_tokens_and_hashes);
	tcase_add_test(t, argon2id_passwords);
	suite_add_tcase(s, t);
	return s;
}

TEST_MAIN(suite)
