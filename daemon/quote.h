/*
 * quote.h: untrusted text made safe for error messages and logs. Pure.
 */
#ifndef QUOTE_H
#define QUOTE_H

#include <stddef.h>

#define QUOTE_MAX	32			/* input bytes shown */
#define QUOTE_BUFLEN	(QUOTE_MAX * 4 + 8)	/* enough for any output */

/*
 * Copy len bytes of s into buf as printable ASCII: '"' and '\' escaped,
 * other bytes outside 0x20..0x7e as \xNN, input beyond QUOTE_MAX bytes cut
 * with "...". Always NUL-terminates (size > 0).
 */
void	 quote_text(const char *s, size_t len, char *buf, size_t size);

#endif
