/* auth.h - password login with throttling (SPEC X1).
 *
 * A login name or an IP address with too many failures in a short window is
 * locked for a while (defaults: 10 failures per login or 30 per IP within 5
 * minutes -> locked 15 minutes). Unknown logins and wrong passwords get the
 * same answer after the same Argon2id work. */
#ifndef PISTE_AUTH_H
#define PISTE_AUTH_H

#include "web/ctx.h"

struct auth_policy {
	int login_failures, ip_failures; /* thresholds */
	int window_s, lock_s;
};

void auth_default_policy(struct auth_policy *p);
/* 0 and *u filled; ERR_AUTH (wrong login or password), ERR_LOCKED (throttled,
 * *retry_after seconds). Records failures and audit lines. */
int auth_login(struct db *db, struct arena *a, const struct auth_policy *p, const char *login,
	       const char *password, const char *ip, struct user *u, int64_t *retry_after);

#endif
