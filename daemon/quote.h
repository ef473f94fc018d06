/*
 * quote.h: untrusted text made safe for error messages and logs. Pure.
 * Every quoter of the daemon and its parsers is one of these two.
 */
#ifndef QUOTE_H
#define QUOTE_H

#include <stddef.h>

#define QUOTE_MAX	32			/* quote_text's input shown */
#define QUOTE_BUFLEN	(QUOTE_MAX * 4 + 8)	/* any quote_text output */

/*
 * Copy len bytes of s into buf (size bytes) as printable ASCII for a message
 * that puts it between double quotes: '"' and '\' get a '\' before them,
 * every other byte outside 0x20..0x7e becomes \xNN (so that invisible bytes
 * in ids and numbers show), and input beyond QUOTE_MAX bytes is cut with
 * "...". Always NUL-terminates (size > 0). Returns buf.
 */
const char *quote_text(const char *s, size_t len, char *buf, size_t size);
/*
 * The same for text shown as written (publishers' names and messages, which
 * may hold quotes of their own): well-formed UTF-8 characters from U+00A0 up
 * (names in Chinese, Swedish, ...), '"' and '\' are kept, other bytes
 * outside 0x20..0x7e become \xNN, and the input is limited by size alone: a
 * text whose quoted form does not fit whole is cut on a character boundary
 * and ends in "...". The result always passes quote_safe. Returns buf.
 */
const char *quote_utf8(const char *s, size_t len, char *buf, size_t size);
/*
 * 1 if the NUL-terminated s is safe to log: printable ASCII and well-formed
 * UTF-8 characters from U+00A0 up only (no controls, C1 controls,
 * surrogates or overlong forms), else 0.
 */
int	 quote_safe(const char *s);

#endif
