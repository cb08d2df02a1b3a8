/* log.h - logging to stderr (the supervisor redirects it to var/log/) or
 * syslog when configured. log_warn appends strerror(errno), log_warnx does
 * not (OpenBSD style). One line per message, prefixed with time and pid. */
#ifndef PISTE_LOG_H
#define PISTE_LOG_H

void log_init(const char *progname, int use_syslog);
/* Drop log_info lines (the CLI: its own output is the information). */
void log_set_quiet(int quiet);
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* For the impossible only: logs and exits(1). */
void log_fatalx(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
