#include "core/fmt.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/str.h"
#include "core/tz.h"

static const char *const en_months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void fmt_date(const char *lang, const char *iso, char *out, size_t n)
{
	int y, m, d;
	if (!iso || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12) {
		str_copy(out, iso ? iso : "", n);
		return;
	}
	if (str_eq(lang, "fr"))
		snprintf(out, n, "%02d/%02d/%04d", d, m, y);
	else
		snprintf(out, n, "%s %d, %04d", en_months[m - 1], d, y);
}

void fmt_datetime(const char *lang, const char *tz, const char *utc, char *out, size_t n)
{
	int64_t t = tz_parse_utc(utc);
	if (t < 0) {
		str_copy(out, utc ? utc : "", n);
		return;
	}
	struct tm tm;
	tz_localtime(tz && *tz ? tz : "UTC", t, &tm);
	if (str_eq(lang, "fr")) {
		snprintf(out, n, "%02d/%02d/%04d %02d:%02d", tm.tm_mday, tm.tm_mon + 1,
			 tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
	} else {
		int h12 = tm.tm_hour % 12 ? tm.tm_hour % 12 : 12;
		snprintf(out, n, "%s %d, %04d %d:%02d %s", en_months[tm.tm_mon], tm.tm_mday,
			 tm.tm_year + 1900, h12, tm.tm_min, tm.tm_hour < 12 ? "AM" : "PM");
	}
}
