/* quote.c: untrusted text for messages (see quote.h). */
#include <string.h>

#include "quote.h"

void
quote_text(const char *s, size_t len, char *buf, size_t size)
{
	static const char	 hex[] = "0123456789abcdef";
	size_t			 i, o = 0;
	unsigned char		 c;

	if (size == 0)
		return;
	for (i = 0; i < len && i < QUOTE_MAX; i++) {
		if (o + 5 > size)
			break;
		c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			buf[o++] = '\\';
			buf[o++] = (char)c;
		} else if (c >= 0x20 && c < 0x7f)
			buf[o++] = (char)c;
		else {
			buf[o++] = '\\';
			buf[o++] = 'x';
			buf[o++] = hex[c >> 4];
			buf[o++] = hex[c & 0xf];
		}
	}
	if (i < len && o + 4 <= size) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
}
