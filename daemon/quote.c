/* quote.c: untrusted text for messages (see quote.h). */
#include <stdint.h>
#include <string.h>

#include "quote.h"

#define QUOTE_CUT	"..."
#define QUOTE_CUTLEN	3

/*
 * Bytes of the character at s (n > 0 bytes left) when it is printable ASCII
 * (1) or a well-formed UTF-8 character from U+00A0 up (2..4); 0 otherwise.
 */
static size_t
quote_char_len(const char *s, size_t n)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 need, i;
	unsigned long		 cp;

	if (u[0] >= 0x20 && u[0] < 0x7f)
		return 1;
	if (u[0] < 0xc2 || u[0] > 0xf4)
		return 0;
	need = u[0] < 0xe0 ? 2 : u[0] < 0xf0 ? 3 : 4;
	if (n < need)
		return 0;
	cp = u[0] & (0x3fu >> (need - 1));
	for (i = 1; i < need; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (u[i] & 0x3f);
	}
	if (cp < 0xa0 || (need == 3 && cp < 0x800) ||
	    (need == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return need;
}

/*
 * The quoted form of the character at s (n > 0 bytes left) into out (at
 * least 4 bytes), its length in *olen; returns the input bytes it stands for.
 */
static size_t
quote_char(const char *s, size_t n, int utf8, char *out, size_t *olen)
{
	static const char	 hex[] = "0123456789abcdef";
	unsigned char		 c = (unsigned char)s[0];
	size_t			 k;

	if (!utf8 && (c == '"' || c == '\\')) {
		out[0] = '\\';
		out[1] = (char)c;
		*olen = 2;
		return 1;
	}
	k = quote_char_len(s, n);
	if (k == 1 || (k > 1 && utf8)) {
		memcpy(out, s, k);
		*olen = k;
		return k;
	}
	out[0] = '\\';
	out[1] = 'x';
	out[2] = hex[c >> 4];
	out[3] = hex[c & 0xf];
	*olen = 4;
	return 1;
}

/* 1 if the quoted form of len bytes of s takes more than room bytes. */
static int
quote_overflows(const char *s, size_t len, int utf8, size_t room)
{
	char	 out[4];
	size_t	 i, olen, total = 0;

	for (i = 0; i < len && total <= room; total += olen)
		i += quote_char(s + i, len - i, utf8, out, &olen);
	return total > room;
}

/*
 * Quote at most max of the len bytes of s into buf (size > 0 bytes), whole
 * characters only, marking a cut with "...".
 */
static const char *
quote_run(const char *s, size_t len, size_t max, int utf8, char *buf,
    size_t size)
{
	char	 out[4];
	size_t	 i, k, o = 0, olen, n = len < max ? len : max;
	size_t	 room = size - 1;

	if (n < len || quote_overflows(s, n, utf8, room))
		room = room > QUOTE_CUTLEN ? room - QUOTE_CUTLEN : 0;
	for (i = 0; i < n; i += k) {
		k = quote_char(s + i, n - i, utf8, out, &olen);
		if (o + olen > room)
			break;
		memcpy(buf + o, out, olen);
		o += olen;
	}
	if (i < len && o + QUOTE_CUTLEN < size) {
		memcpy(buf + o, QUOTE_CUT, QUOTE_CUTLEN);
		o += QUOTE_CUTLEN;
	}
	buf[o] = '\0';
	return buf;
}

const char *
quote_text(const char *s, size_t len, char *buf, size_t size)
{
	if (size == 0)
		return buf;
	return quote_run(s, len, QUOTE_MAX, 0, buf, size);
}

const char *
quote_utf8(const char *s, size_t len, char *buf, size_t size)
{
	if (size == 0)
		return buf;
	return quote_run(s, len, SIZE_MAX, 1, buf, size);
}

int
quote_safe(const char *s)
{
	size_t	 n = strlen(s), c;

	for (; n > 0; s += c, n -= c)
		if ((c = quote_char_len(s, n)) == 0)
			return 0;
	return 1;
}
