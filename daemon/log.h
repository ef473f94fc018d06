/* log.h: a small logging API in the style of OpenBSD's log.c. */
#ifndef LOG_H
#define LOG_H

#include <stdarg.h>

/* Levels: 0 = warnings and errors, 1 = info (default), 2 = debug. */
void	log_init(int level);
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
/* A fatal error the caller cleans up after and returns from. */
void	log_fatalx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	fatal(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
