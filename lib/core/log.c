#include "core/log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

static const char *log_prog = "piste";
static int log_syslog;
static int log_quiet;

void log_set_quiet(int quiet)
{
	log_quiet = quiet;
}

void log_init(const char *progname, int use_syslog)
{
	log_prog = progname;
	log_syslog = use_syslog;
	if (use_syslog)
		openlog(progname, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

static void vlog(int prio, const char *fmt, va_list ap, const char *suffix)
{
	char msg[2048];
	vsnprintf(msg, sizeof msg, fmt, ap);
	if (log_syslog) {
		syslog(prio, "%s%s%s", msg, suffix ? ": " : "", suffix ? suffix : "");
		return;
	}
	char ts[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* One fprintf call per line so concurrent threads do not interleave. */
	fprintf(stderr, "%s %s[%d] %s%s%s\n", ts, log_prog, (int)getpid(), msg,
		suffix ? ": " : "", suffix ? suffix : "");
}

void log_info(const char *fmt, ...)
{
	if (log_quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	vlog(LOG_INFO, fmt, ap, NULL);
	va_end(ap);
}

void log_warn(const char *fmt, ...)
{
	char eb[128];
	int saved = errno;
	const char *es = strerror_r(saved, eb, sizeof eb);
	va_list ap;
	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap, es);
	va_end(ap);
}

void log_warnx(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog(LOG_WARNING, fmt, ap, NULL);
	va_end(ap);
}

void log_fatalx(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog(LOG_ERR, fmt, ap, NULL);
	va_end(ap);
	exit(1);
}
