/* fmt.h - dates for people, per language (SPEC X7): fr "25/11/2026",
 * "25/11/2026 14:05"; en "Nov 25, 2026", "Nov 25, 2026 2:05 PM". Money is in
 * money.h. */
#ifndef PISTE_FMT_H
#define PISTE_FMT_H

#include <stddef.h>

/* iso "YYYY-MM-DD[...]" -> localised date; copies iso through when malformed. */
void fmt_date(const char *lang, const char *iso, char *out, size_t n);
/* UTC "YYYY-MM-DD HH:MM:SS" shown in time zone tz. */
void fmt_datetime(const char *lang, const char *tz, const char *utc, char *out, size_t n);

#endif
