#include "web/csrf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/crypt.h"
#include "core/err.h"
#include "core/str.h"

static void message(char *m, size_t n, const char *scope, const char *binding, int64_t t)
{
	snprintf(m, n, "%s|%s|%lld", scope, binding ? binding : "", (long long)t);
}

void csrf_sign(const char *secret, const char *scope, const char *binding, int64_t now,
	       char out[80])
{
	char m[512], sig[48];
	message(m, sizeof m, scope, binding, now);
	crypt_sign(secret, m, sig);
	snprintf(out, 80, "%lld.%s", (long long)now, sig);
}

int csrf_check(const char *secret, const char *scope, const char *binding, const char *token,
	       int64_t now, int64_t min_age, int64_t max_age, int64_t *age)
{
	if (!token || strlen(token) > 79)
		return ERR_FORBIDDEN;
	const char *dot = strchr(token, '.');
	if (!dot || dot == token || dot - token > 20)
		return ERR_FORBIDDEN;
	char ts[24];
	snprintf(ts, sizeof ts, "%.*s", (int)(dot - token), token);
	int64_t t;
	if (!str_to_i64(ts, &t))
		return ERR_FORBIDDEN;
	char m[512];
	message(m, sizeof m, scope, binding, t);
	if (!crypt_sign_verify(secret, m, dot + 1))
		return ERR_FORBIDDEN;
	int64_t a = now - t;
	if (age)
		*age = a;
	if (a > max_age || a < -60)
		return ERR_GONE;
	if (a < min_age)
		return ERR_INVALID;
	return 0;
}
