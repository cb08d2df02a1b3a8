/* tz.h - time zones without touching the process-wide TZ: reads the TZif
 * files of /usr/share/zoneinfo (v2+ 64-bit data, and the POSIX rule in the
 * footer for dates after the last transition). Thread-safe; zones are loaded
 * once per process and cached. Times in the database are UTC; each user has a
 * zone, in which "today" (activity states) and displayed times are computed. */
#ifndef PISTE_TZ_H
#define PISTE_TZ_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* True when name is a zone we can load ("Europe/Paris", "UTC"...). */
bool tz_valid(const char *name);
/* Seconds east of UTC in zone at UTC instant t (0 for unknown zones). */
int tz_offset(const char *zone, int64_t t);
/* Broken-down local time of UTC instant t in zone. */
void tz_localtime(const char *zone, int64_t t, struct tm *out);
/* "YYYY-MM-DD" of instant t in zone. out: 11 bytes. */
void tz_local_date(const char *zone, int64_t t, char out[11]);
/* Parse "YYYY-MM-DD HH:MM:SS" (UTC, as MariaDB prints DATETIME) to a Unix
 * time; -1 when malformed. */
int64_t tz_parse_utc(const char *s);

#endif
