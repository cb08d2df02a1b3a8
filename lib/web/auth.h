/* auth.h - password login with throttling (SPEC X1) that nobody can turn
 * against someone else (OWASP "slow brute force protection using device
 * cookies", ASVS 5.0 6.3).
 *
 * A browser that has logged in as a user carries a signed device cookie
 * naming that login. Each attempt is either
 *   trusted   - it shows a valid device cookie for the login it tries: only
 *               that cookie's own failures can lock it (10 within 5 minutes
 *               -> that cookie refused for 15 minutes);
 *   untrusted - anything else: locked when its address has too many failures
 *               for this login (10) or for all logins together (30) within 5
 *               minutes, for 15 minutes.
 * So failures from another address never lock a user out, and a user with a
 * device cookie is not locked by failures without it, even from the same
 * address. Unknown logins and wrong passwords get the same answer after the
 * same Argon2id work. Owns tables login_failure and login_lock. */
#ifndef PISTE_AUTH_H
#define PISTE_AUTH_H

#include "web/ctx.h"

#define AUTH_DEVICE_COOKIE "piste_dev"
#define AUTH_DEVICE_DAYS 365
#define AUTH_DEVICE_NONCE 33 /* buffer size of a device cookie's nonce */

struct auth_policy {
	int ip_login_failures; /* untrusted, per (address, login) */
	int ip_failures;       /* untrusted, per address */
	int device_failures;   /* trusted, per device cookie */
	int window_s, lock_s;
};

void auth_default_policy(struct auth_policy *p);

/* A device cookie value for login issued at now: "<now>.<nonce>.<mac>.<login>"
 * where mac = HMAC(secret, "device|now|nonce|login"). out: 200 bytes. */
void auth_device_make(const char *secret, const char *login, int64_t now, char out[200]);
/* True when cookie is a device cookie signed with secret, for login (ASCII
 * case ignored, as logins compare in the database), at most AUTH_DEVICE_DAYS
 * old; its nonce is then copied into nonce. */
bool auth_device_check(const char *secret, const char *cookie, const char *login, int64_t now,
		       char nonce[AUTH_DEVICE_NONCE]);
/* The nonce of the request's device cookie when it is valid for login, else
 * NULL (arena string). */
const char *auth_device_of(struct ctx *c, const char *login);
/* Give the browser a fresh device cookie for login: long-lived, HttpOnly,
 * SameSite=Strict, Path=/crm, Secure over HTTPS. Logout leaves it. */
void auth_device_issue(struct ctx *c, const char *login);

/* 0 and *u filled; ERR_AUTH (wrong login or password), ERR_LOCKED (throttled,
 * *retry_after seconds). device: the nonce from auth_device_of (trusted
 * attempt) or NULL. Records failures, locks and audit lines. */
int auth_login(struct db *db, struct arena *a, const struct auth_policy *p, const char *login,
	       const char *password, const char *ip, const char *device, struct user *u,
	       int64_t *retry_after);

#endif
