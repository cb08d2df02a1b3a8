#include "core/money.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

bool money_parse(const char *s, int64_t *cents)
{
	if (!s)
		return false;
	while (isspace((unsigned char)*s))
		s++;
	bool neg = false;
	if (*s == '-' || *s == '+') {
		neg = *s == '-';
		s++;
	}
	/* Collect digits and separators; the last '.' or ',' followed by 1-2
	 * digits at the end is the decimal point, the others group thousands. */
	char digits[32];
	size_t nd = 0;
	int frac_digits = -1;
	const char *p = s;
	const char *last_sep = NULL;
	for (const char *q = s; *q; q++)
		if (*q == '.' || *q == ',')
			last_sep = q;
	if (last_sep) {
		size_t tail = strlen(last_sep + 1);
		bool all_digits = tail > 0;
		for (const char *q = last_sep + 1; *q; q++)
			if (!isdigit((unsigned char)*q))
				all_digits = false;
		/* "1,234" is one thousand two hundred thirty-four, "1,23" is
		 * 1.23: three digits after a lone separator means grouping. */
		if (!all_digits || tail > 3)
			return false;
		if (tail == 3) {
			int seps = 0;
			for (const char *q = s; *q; q++)
				if (*q == '.' || *q == ',')
					seps++;
			if (seps == 1 && *last_sep == '.')
				return false; /* "1.234": ambiguous, refuse */
			last_sep = NULL;
		}
	}
	bool any = false;
	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (isdigit(c)) {
			if (nd >= 15)
				return false;
			digits[nd++] = (char)c;
			any = true;
			if (frac_digits >= 0)
				frac_digits++;
			continue;
		}
		if (p == last_sep) {
			frac_digits = 0;
			continue;
		}
		if (c == ' ' || c == ',' || c == '.' || c == '\'')
			continue;
		/* U+202F and U+00A0 as thousands separators. */
		if (c == 0xE2 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0xAF) {
			p += 2;
			continue;
		}
		if (c == 0xC2 && (unsigned char)p[1] == 0xA0) {
			p += 1;
			continue;
		}
		return false;
	}
	if (!any || frac_digits > 2)
		return false;
	int64_t v = 0;
	for (size_t i = 0; i < nd; i++)
		v = v * 10 + (digits[i] - '0');
	if (frac_digits < 0)
		frac_digits = 0;
	for (int i = frac_digits; i < 2; i++)
		v *= 10;
	if (v >= 1000000000000000LL)
		return false;
	*cents = neg ? -v : v;
	return true;
}

void money_to_decimal(int64_t cents, char *out, size_t n)
{
	uint64_t a = cents < 0 ? (uint64_t)(-(cents + 1)) + 1 : (uint64_t)cents;
	snprintf(out, n, "%s%llu.%02llu", cents < 0 ? "-" : "", (unsigned long long)(a / 100),
		 (unsigned long long)(a % 100));
}

void money_format(int64_t cents, const char *lang, char *out, size_t n)
{
	bool fr = lang && strcmp(lang, "fr") == 0;
	uint64_t a = cents < 0 ? (uint64_t)(-(cents + 1)) + 1 : (uint64_t)cents;
	char whole[32], grouped[96];
	snprintf(whole, sizeof whole, "%llu", (unsigned long long)(a / 100));
	size_t wl = strlen(whole), o = 0;
	const char *sep = fr ? "\xE2\x80\xAF" : ",";
	for (size_t i = 0; i < wl; i++) {
		if (i && (wl - i) % 3 == 0) {
			size_t sl = strlen(sep);
			memcpy(grouped + o, sep, sl);
			o += sl;
		}
		grouped[o++] = whole[i];
	}
	grouped[o] = '\0';
	if (fr)
		snprintf(out, n, "%s%s,%02llu\xC2\xA0\xE2\x82\xAC", cents < 0 ? "-" : "", grouped,
			 (unsigned long long)(a % 100));
	else
		snprintf(out, n, "%s\xE2\x82\xAC%s.%02llu", cents < 0 ? "-" : "", grouped,
			 (unsigned long long)(a % 100));
}

int64_t money_div_round(int64_t num, int64_t den)
{
	if (num >= 0)
		return (num + den / 2) / den;
	return -((-num + den / 2) / den);
}
