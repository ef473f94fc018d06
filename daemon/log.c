/*
 * log.c: leveled logging to stderr, one line per message:
 *   2026-11-24T01:02:03Z warn: feed shenzhen line 4: bad value
 * Lines are written with one write(2) so concurrent threads do not interleave.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static int	 log_level = 1;

static void	 log_vwrite(const char *, const char *, va_list, int)
		    __attribute__((format(printf, 2, 0)));

void
log_init(int level)
{
	log_level = level;
}

/* Format one line, with strerror(errnum) appended when errnum != 0. */
static void
log_vwrite(const char *level, const char *fmt, va_list ap, int errnum)
{
	char		 line[2048], ts[32];
	struct tm	 tm;
	time_t		 now;
	int		 n;
	size_t		 len;

	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	n = snprintf(line, sizeof(line), "%s %s: ", ts, level);
	if (n < 0)
		return;
	len = (size_t)n;
	n = vsnprintf(line + len, sizeof(line) - len, fmt, ap);
	if (n < 0)
		return;
	len = strlen(line);
	if (errnum != 0 && len < sizeof(line))
		snprintf(line + len, sizeof(line) - len, ": %s", strerror(errnum));
	len = strlen(line);
	if (len >= sizeof(line) - 1)
		len = sizeof(line) - 2;
	line[len++] = '\n';
	if (write(STDERR_FILENO, line, len) == -1) {
		/* Nowhere left to report it. */
	}
}

void
log_warn(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	log_vwrite("warn", fmt, ap, saved);
	va_end(ap);
	errno = saved;
}

void
log_warnx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vwrite("warn", fmt, ap, 0);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	 ap;

	if (log_level < 1)
		return;
	va_start(ap, fmt);
	log_vwrite("info", fmt, ap, 0);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list	 ap;

	if (log_level < 2)
		return;
	va_start(ap, fmt);
	log_vwrite("debug", fmt, ap, 0);
	va_end(ap);
}

void
log_fatalx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vwrite("fatal", fmt, ap, 0);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	va_start(ap, fmt);
	log_vwrite("fatal", fmt, ap, saved);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	log_vwrite("fatal", fmt, ap, 0);
	va_end(ap);
	exit(1);
}
