/* csrf.h - anti-forgery tokens.
 *
 * Logged-in forms carry the session's CSRF token (session.h) and are checked
 * by the server loop on every state-changing request. Forms used without a
 * session (login, public contact form, portal) carry a signed token instead:
 * "<unix time>.<HMAC(secret, scope|binding|time)>", where binding ties it to
 * something the attacker cannot choose (a cookie nonce, a portal token hash).
 * The embedded time also gives the contact form its minimum time-to-submit. */
#ifndef PISTE_CSRF_H
#define PISTE_CSRF_H

#include <stdbool.h>
#include <stdint.h>

/* out: 80 bytes. */
void csrf_sign(const char *secret, const char *scope, const char *binding, int64_t now,
	       char out[80]);
/* 0 when valid and min_age <= age <= max_age seconds; ERR_FORBIDDEN on a bad
 * or missing signature, ERR_GONE when too old, ERR_INVALID when too young. age
 * (may be NULL) receives the token's age. */
int csrf_check(const char *secret, const char *scope, const char *binding, const char *token,
	       int64_t now, int64_t min_age, int64_t max_age, int64_t *age);

#endif
