#include "crm/normalize.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/str.h"

char *norm_email(struct arena *a, const char *raw)
{
	if (!raw)
		return NULL;
	/* Take what is inside <...> if present, else the first token that
	 * contains '@' (fields may hold "a@b, c@d"). */
	const char *lt = strchr(raw, '<'), *start = raw, *end = NULL;
	if (lt && strchr(lt, '>') && memchr(lt, '@', (size_t)(strchr(lt, '>') - lt))) {
		start = lt + 1;
		end = strchr(start, '>');
	} else {
		const char *at = strchr(raw, '@');
		if (!at)
			return NULL;
		start = at;
		while (start > raw && !strchr(" ,;<\t\r\n\"'", start[-1]))
			start--;
		end = at;
		while (*end && !strchr(" ,;>\t\r\n\"'", *end))
			end++;
	}
	char *e = arena_strndup(a, start, (size_t)(end - start));
	str_trim(e);
	for (char *p = e; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return str_email_valid(e) ? e : NULL;
}

/* Public mail providers: an address there says nothing about a company, so
 * the whole address is the criterion. Patterns ending in ".*" match any
 * top-level domain. */
static const char *const public_domains[] = {
	"gmail.com", "googlemail.com", "yahoo.*", "ymail.com", "rocketmail.com", "hotmail.*",
	"outlook.*", "live.*", "msn.com", "windowslive.com", "aol.*", "aim.com", "icloud.com",
	"me.com", "mac.com", "gmx.*", "web.de", "mail.com", "email.com", "protonmail.com",
	"proton.me", "pm.me", "tutanota.com", "tuta.io", "zoho.com", "yandex.*", "mail.ru",
	"orange.fr", "wanadoo.fr", "free.fr", "laposte.net", "sfr.fr", "neuf.fr", "bbox.fr",
	"numericable.fr", "club-internet.fr", "aliceadsl.fr", "voila.fr", "hotmail.fr",
	"skynet.be", "telenet.be", "bluewin.ch", "libero.it", "virgilio.it", "tiscali.*",
	"t-online.de", "freenet.de", "arcor.de", "btinternet.com", "sky.com", "comcast.net",
	"verizon.net", "att.net", "qq.com", "163.com", "126.com", "naver.com", "seznam.cz",
	"wp.pl", "o2.pl", "interia.pl", "hey.com", "fastmail.com", "fastmail.fm", NULL,
};

bool norm_is_public_domain(const char *domain)
{
	if (!domain)
		return false;
	for (int i = 0; public_domains[i]; i++) {
		const char *p = public_domains[i];
		size_t pl = strlen(p);
		if (pl > 2 && strcmp(p + pl - 2, ".*") == 0) {
			/* "yahoo.*": yahoo.fr, yahoo.co.uk ... */
			if (strncasecmp(domain, p, pl - 1) == 0 && domain[pl - 1] != '\0')
				return true;
		} else if (strcasecmp(domain, p) == 0) {
			return true;
		}
	}
	return false;
}

char *norm_email_domain_criterion(struct arena *a, const char *email)
{
	if (!email)
		return NULL;
	const char *at = strrchr(email, '@');
	if (!at || !at[1])
		return NULL;
	if (norm_is_public_domain(at + 1))
		return arena_strdup(a, email);
	return arena_strdup(a, at);
}

struct cc {
	const char *iso, *code;
	bool strip_trunk_zero; /* national numbers start with a trunk 0 to drop */
	int min, max;          /* national significant number length */
};

static const struct cc countries[] = {
	{"FR", "33", true, 9, 9},   {"BE", "32", true, 8, 9},  {"CH", "41", true, 9, 9},
	{"LU", "352", false, 6, 11}, {"DE", "49", true, 6, 13}, {"ES", "34", false, 9, 9},
	{"IT", "39", false, 6, 11},  {"GB", "44", true, 9, 10}, {"NL", "31", true, 9, 9},
	{"PT", "351", false, 9, 9},  {"US", "1", false, 10, 10}, {"CA", "1", false, 10, 10},
	{"MA", "212", true, 9, 9},  {"TN", "216", false, 8, 8}, {"SN", "221", false, 9, 9},
	{NULL, NULL, false, 0, 0},
};

char *norm_phone_e164(struct arena *a, const char *raw, const char *default_country)
{
	if (!raw)
		return NULL;
	char digits[40];
	size_t n = 0;
	bool plus = false;
	const char *p = raw;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+') {
		plus = true;
		p++;
	}
	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (isdigit(c)) {
			if (n >= sizeof digits - 1)
				return NULL;
			digits[n++] = (char)c;
		} else if (c == '(' && p[1] == '0' && p[2] == ')' && (plus || n > 0)) {
			p += 2; /* "+33 (0)6 ..." : the (0) is a trunk prefix */
		} else if (strchr(" .-/()\t", c)) {
			continue;
		} else if (c == 'x' || c == '#' || c == ',' || c == ';') {
			break; /* extension: not part of the number */
		} else {
			return NULL;
		}
	}
	digits[n] = '\0';
	const char *d = digits;
	if (!plus && n > 2 && d[0] == '0' && d[1] == '0') {
		plus = true; /* 00 international prefix */
		d += 2;
	}
	if (plus) {
		size_t l = strlen(d);
		if (l < 8 || l > 15 || d[0] == '0')
			return NULL;
		return arena_printf(a, "+%s", d);
	}
	const struct cc *cc = NULL;
	for (int i = 0; countries[i].iso; i++)
		if (default_country && strcasecmp(countries[i].iso, default_country) == 0)
			cc = &countries[i];
	if (!cc)
		cc = &countries[0]; /* France by default */
	if (cc->strip_trunk_zero) {
		if (d[0] != '0')
			return NULL;
		d++;
	}
	size_t l = strlen(d);
	if ((int)l < cc->min || (int)l > cc->max || d[0] == '0')
		return NULL;
	return arena_printf(a, "+%s%s", cc->code, d);
}
