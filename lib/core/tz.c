#include "core/tz.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ZONES 64

struct rule { /* one POSIX TZ transition rule: Mm.w.d/time */
	int month, week, wday, secs;
};

struct zone {
	char name[64];
	int64_t *trans;     /* transition times (UTC) */
	unsigned char *idx; /* index into offs for each transition */
	int32_t *offs;      /* utoff of each local time type */
	size_t ntrans, ntypes;
	/* footer rule */
	bool has_rule, has_dst;
	int std_off, dst_off; /* seconds east of UTC */
	struct rule start, end;
};

static struct zone *zones[MAX_ZONES];
static size_t nzones;
static pthread_mutex_t zlock = PTHREAD_MUTEX_INITIALIZER;

static int64_t be64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = (v << 8) | p[i];
	return (int64_t)v;
}

static int32_t be32(const unsigned char *p)
{
	return (int32_t)(((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3]);
}

/* POSIX offsets are "hours west": "-1" means UTC+1. Returns chars used. */
static const char *parse_offset(const char *s, int *secs_east, bool posix_sign)
{
	int sign = 1;
	if (*s == '+' || *s == '-') {
		sign = *s == '-' ? -1 : 1;
		s++;
	}
	if (!isdigit((unsigned char)*s))
		return NULL;
	int h = 0, m = 0, sec = 0;
	while (isdigit((unsigned char)*s))
		h = h * 10 + (*s++ - '0');
	if (*s == ':') {
		s++;
		while (isdigit((unsigned char)*s))
			m = m * 10 + (*s++ - '0');
		if (*s == ':') {
			s++;
			while (isdigit((unsigned char)*s))
				sec = sec * 10 + (*s++ - '0');
		}
	}
	int v = sign * (h * 3600 + m * 60 + sec);
	*secs_east = posix_sign ? -v : v;
	return s;
}

static const char *skip_name(const char *s)
{
	if (*s == '<') {
		while (*s && *s != '>')
			s++;
		return *s ? s + 1 : NULL;
	}
	const char *b = s;
	while (isalpha((unsigned char)*s))
		s++;
	return s - b >= 3 ? s : NULL;
}

static const char *parse_rule(const char *s, struct rule *r)
{
	if (*s != 'M')
		return NULL; /* Jn and n forms are not used by current zones */
	s++;
	r->month = (int)strtol(s, (char **)&s, 10);
	if (*s++ != '.')
		return NULL;
	r->week = (int)strtol(s, (char **)&s, 10);
	if (*s++ != '.')
		return NULL;
	r->wday = (int)strtol(s, (char **)&s, 10);
	r->secs = 7200;
	if (*s == '/') {
		int t;
		s = parse_offset(s + 1, &t, false);
		if (!s)
			return NULL;
		r->secs = t;
	}
	if (r->month < 1 || r->month > 12 || r->week < 1 || r->week > 5 || r->wday < 0 || r->wday > 6)
		return NULL;
	return s;
}

static void parse_footer(struct zone *z, const char *s)
{
	s = skip_name(s);
	if (!s || !(s = parse_offset(s, &z->std_off, true)))
		return;
	z->has_rule = true;
	if (!*s)
		return;
	if (!(s = skip_name(s)))
		return;
	z->dst_off = z->std_off + 3600;
	if (*s && *s != ',') {
		if (!(s = parse_offset(s, &z->dst_off, true)))
			return;
	}
	if (*s++ != ',' || !(s = parse_rule(s, &z->start)) || *s++ != ',' ||
	    !(s = parse_rule(s, &z->end)))
		return;
	z->has_dst = true;
}

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* Local (wall-clock, in the offset in force before the change) time of a
 * rule's transition in year y, as seconds since the epoch of that wall clock. */
static int64_t rule_time(const struct rule *r, int64_t y)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int64_t first = days_from_civil(y, (unsigned)r->month, 1);
	int wd_first = (int)((first % 7 + 11) % 7); /* 1970-01-01 was a Thursday (4) */
	int day = 1 + (r->wday - wd_first + 7) % 7 + (r->week - 1) * 7;
	int dim = mdays[r->month - 1] + (r->month == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	while (day > dim)
		day -= 7;
	return (first + day - 1) * 86400 + r->secs;
}

static int rule_offset(const struct zone *z, int64_t t)
{
	if (!z->has_dst)
		return z->std_off;
	int64_t days = (t + z->std_off) / 86400;
	int64_t y = 1970 + days / 365; /* refine below */
	while (days_from_civil(y, 1, 1) > days)
		y--;
	while (days_from_civil(y + 1, 1, 1) <= days)
		y++;
	int64_t start = rule_time(&z->start, y) - z->std_off; /* UTC */
	int64_t end = rule_time(&z->end, y) - z->dst_off;
	bool dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
	return dst ? z->dst_off : z->std_off;
}

static struct zone *load(const char *name)
{
	char path[256];
	snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", name);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	unsigned char *d = malloc(1 << 20);
	size_t n = d ? fread(d, 1, 1 << 20, f) : 0;
	fclose(f);
	struct zone *z = NULL;
	if (n < 44 || memcmp(d, "TZif", 4) != 0)
		goto out;
	/* Skip the v1 (32-bit) block to reach the v2 header. */
	size_t cnt[6];
	for (int i = 0; i < 6; i++)
		cnt[i] = (size_t)be32(d + 20 + 4 * i);
	size_t v1 = 44 + cnt[3] * 5 + cnt[4] * 6 + cnt[5] + cnt[2] * 8 + cnt[1] + cnt[0];
	if (d[4] < '2' || v1 + 44 > n || memcmp(d + v1, "TZif", 4) != 0)
		goto out;
	const unsigned char *h = d + v1;
	for (int i = 0; i < 6; i++)
		cnt[i] = (size_t)be32(h + 20 + 4 * i);
	size_t isutc = cnt[0], isstd = cnt[1], leap = cnt[2], timecnt = cnt[3], typecnt = cnt[4],
	       charcnt = cnt[5];
	const unsigned char *p = h + 44;
	size_t need = timecnt * 9 + typecnt * 6 + charcnt + leap * 12 + isstd + isutc;
	if ((size_t)(p - d) + need > n || typecnt == 0 || typecnt > 256)
		goto out;
	z = calloc(1, sizeof *z);
	snprintf(z->name, sizeof z->name, "%s", name);
	z->ntrans = timecnt;
	z->ntypes = typecnt;
	z->trans = malloc((timecnt + 1) * sizeof *z->trans);
	z->idx = malloc(timecnt + 1);
	z->offs = malloc(typecnt * sizeof *z->offs);
	for (size_t i = 0; i < timecnt; i++)
		z->trans[i] = be64(p + 8 * i);
	p += 8 * timecnt;
	for (size_t i = 0; i < timecnt; i++)
		z->idx[i] = p[i] < typecnt ? p[i] : 0;
	p += timecnt;
	for (size_t i = 0; i < typecnt; i++)
		z->offs[i] = be32(p + 6 * i);
	p += need - timecnt * 9;
	/* Footer: "\n<POSIX TZ>\n". */
	if ((size_t)(p - d) < n && *p == '\n') {
		char footer[128];
		size_t k = 0;
		p++;
		while ((size_t)(p - d) < n && *p != '\n' && k < sizeof footer - 1)
			footer[k++] = (char)*p++;
		footer[k] = '\0';
		parse_footer(z, footer);
	}
out:
	free(d);
	return z;
}

static bool name_ok(const char *name)
{
	if (!name || !*name || strlen(name) > 60 || strstr(name, "..") || name[0] == '/')
		return false;
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("/_+-", *p))
			return false;
	return true;
}

static const struct zone *get(const char *name)
{
	if (!name_ok(name))
		return NULL;
	pthread_mutex_lock(&zlock);
	struct zone *z = NULL;
	for (size_t i = 0; i < nzones; i++)
		if (strcmp(zones[i]->name, name) == 0)
			z = zones[i];
	if (!z && nzones < MAX_ZONES && (z = load(name)))
		zones[nzones++] = z;
	pthread_mutex_unlock(&zlock);
	return z;
}

bool tz_valid(const char *name)
{
	return get(name) != NULL;
}

int tz_offset(const char *zone, int64_t t)
{
	const struct zone *z = get(zone);
	if (!z)
		return 0;
	if (z->ntrans == 0 || t >= z->trans[z->ntrans - 1]) {
		if (z->has_rule)
			return rule_offset(z, t);
		return z->ntrans ? z->offs[z->idx[z->ntrans - 1]] : z->offs[0];
	}
	if (t < z->trans[0])
		return z->offs[0];
	size_t lo = 0, hi = z->ntrans - 1; /* trans[lo] <= t < trans[hi] */
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (z->trans[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return z->offs[z->idx[lo]];
}

void tz_localtime(const char *zone, int64_t t, struct tm *out)
{
	time_t local = (time_t)(t + tz_offset(zone, t));
	gmtime_r(&local, out);
}

void tz_local_date(const char *zone, int64_t t, char out[11])
{
	struct tm tm;
	tz_localtime(zone, t, &tm);
	char b[32];
	snprintf(b, sizeof b, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	memcpy(out, b, 10);
	out[10] = '\0';
}

int64_t tz_parse_utc(const char *s)
{
	int y, mo, d, h = 0, mi = 0, se = 0;
	if (!s || sscanf(s, "%4d-%2d-%2d %2d:%2d:%2d", &y, &mo, &d, &h, &mi, &se) < 3)
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
		return -1;
	return days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + se;
}
