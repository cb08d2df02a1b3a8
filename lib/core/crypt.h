/* crypto.h - the only user of libsodium: random tokens, token hashes,
 * HMAC signatures, password hashing (Argon2id), constant-time comparison,
 * SHA-256. */
#ifndef PISTE_CRYPT_H
#define PISTE_CRYPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Call once before threads start. Returns 0 or -1. */
int crypt_setup(void);

/* nbytes random bytes (CSPRNG) as unpadded base64url into out (size >=
 * 4*nbytes/3+2). */
void crypt_token(char *out, size_t outlen, size_t nbytes);
/* Hex of BLAKE2b-256 of s: what we store in place of session ids, API keys and
 * portal tokens so a database leak does not hand them out. out: 65 bytes. */
void crypt_token_hash(const char *s, char out[65]);
/* Hex SHA-256 of data. out: 65 bytes. */
void crypt_sha256_hex(const void *data, size_t n, char out[65]);
/* HMAC-SHA-512/256 of msg with key (any length), as base64url. out: 45 bytes. */
void crypt_sign(const char *key, const char *msg, char out[48]);
bool crypt_sign_verify(const char *key, const char *msg, const char *sig);
/* Constant-time string equality (length may leak, content does not). */
bool crypt_streq(const char *a, const char *b);

/* Argon2id with the OWASP minimum (19 MiB, t=2) unless configured higher.
 * out: crypto_pwhash_STRBYTES (128). Returns 0 or -1 (out of memory). */
int crypt_password_hash(const char *password, char out[128], uint64_t ops, size_t mem_kib);
bool crypt_password_verify(const char *hash, const char *password);
/* Verify against a fixed dummy hash so that an unknown login costs the same
 * time as a wrong password. */
void crypt_password_burn(const char *password);

/* Standard base64 (with or without padding, whitespace ignored) into out
 * (at most cap bytes). Returns the decoded length, or -1 when the text is not
 * base64 or does not fit. */
long crypt_base64_decode(const char *in, size_t n, unsigned char *out, size_t cap);

#endif
