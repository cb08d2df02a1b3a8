/* str.h - string helpers that every layer needs: UTF-8 validation,
 * percent-decoding, number parsing, trimming, e-mail syntax. */
#ifndef PISTE_STR_H
#define PISTE_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

/* True when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates, no
 * code points above U+10FFFF) and contains no NUL byte. */
bool str_utf8_valid(const char *s, size_t n);
/* Number of code points in a valid UTF-8 string. */
size_t str_utf8_len(const char *s);
/* Truncate a valid UTF-8 string to at most max_bytes without splitting a
 * character; returns the new length. */
size_t str_utf8_truncate(char *s, size_t max_bytes);

/* Decode application/x-www-form-urlencoded (plus = space when form is true)
 * into a new arena string. Returns NULL on malformed %-escapes. */
char *str_url_decode(struct arena *a, const char *s, size_t n, bool form, size_t *out_len);
/* Percent-encode everything except unreserved characters (RFC 3986). */
char *str_url_encode(struct arena *a, const char *s);

/* Strict integer parsing: whole string, optional sign, no overflow. */
bool str_to_i64(const char *s, int64_t *out);
/* Trim ASCII whitespace in place; returns s. */
char *str_trim(char *s);
bool str_empty(const char *s);      /* NULL or only whitespace */
bool str_eq(const char *a, const char *b); /* NULL-safe */
bool str_starts(const char *s, const char *prefix);
bool str_ends(const char *s, const char *suffix);
/* ASCII lower-case copy. */
char *str_lower(struct arena *a, const char *s);
/* Pragmatic e-mail syntax check: local@domain.tld, no spaces/controls, length
 * limits of RFC 5321. */
bool str_email_valid(const char *s);
/* Copy at most n-1 bytes and NUL-terminate (like strlcpy). */
size_t str_copy(char *dst, const char *src, size_t n);

#endif
