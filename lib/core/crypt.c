#include "core/crypt.h"

#include <sodium.h>
#include <string.h>

static char dummy_hash[crypto_pwhash_STRBYTES];

int crypt_setup(void)
{
	if (sodium_init() < 0)
		return -1;
	/* Computed once per process: the cost of an unknown-login attempt then
	 * matches the cost of a wrong password. */
	if (crypto_pwhash_str(dummy_hash, "piste-dummy-password", 14, 2,
			      (size_t)19456 * 1024) != 0)
		return -1;
	return 0;
}

void crypt_token(char *out, size_t outlen, size_t nbytes)
{
	unsigned char raw[64];
	if (nbytes > sizeof raw)
		nbytes = sizeof raw;
	randombytes_buf(raw, nbytes);
	sodium_bin2base64(out, outlen, raw, nbytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

void crypt_token_hash(const char *s, char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)s, strlen(s), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof h);
}

void crypt_sha256_hex(const void *data, size_t n, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, data, n);
	sodium_bin2hex(out, 65, h, sizeof h);
}

void crypt_sign(const char *key, const char *msg, char out[48])
{
	unsigned char k[crypto_auth_hmacsha512256_KEYBYTES];
	unsigned char mac[crypto_auth_hmacsha512256_BYTES];
	/* Derive a fixed-size key from the configured secret. */
	crypto_generichash(k, sizeof k, (const unsigned char *)key, strlen(key), NULL, 0);
	crypto_auth_hmacsha512256(mac, (const unsigned char *)msg, strlen(msg), k);
	sodium_bin2base64(out, 48, mac, sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

bool crypt_sign_verify(const char *key, const char *msg, const char *sig)
{
	char expect[48];
	crypt_sign(key, msg, expect);
	return sig && crypt_streq(expect, sig);
}

bool crypt_streq(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	size_t n = strlen(a);
	if (n != strlen(b))
		return false;
	return sodium_memcmp(a, b, n) == 0;
}

int crypt_password_hash(const char *password, char out[128], uint64_t ops, size_t mem_kib)
{
	if (ops < 2)
		ops = 2;
	if (mem_kib < 19456)
		mem_kib = 19456;
	return crypto_pwhash_str(out, password, strlen(password), ops, mem_kib * 1024) == 0 ? 0
											     : -1;
}

bool crypt_password_verify(const char *hash, const char *password)
{
	if (!hash || !*hash)
		return false;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void crypt_password_burn(const char *password)
{
	if (crypto_pwhash_str_verify(dummy_hash, password, strlen(password)) == 0)
		return; /* the outcome does not matter, only the time spent */
}

long crypt_base64_decode(const char *in, size_t n, unsigned char *out, size_t cap)
{
	size_t len = 0;
	if (sodium_base642bin(out, cap, in, n, " \t\r\n", &len, NULL, sodium_base64_VARIANT_ORIGINAL) == 0)
		return (long)len;
	if (sodium_base642bin(out, cap, in, n, " \t\r\n", &len, NULL,
			      sodium_base64_VARIANT_ORIGINAL_NO_PADDING) == 0)
		return (long)len;
	return -1;
}
