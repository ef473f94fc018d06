/*
 * svg.c: an SVG's size in pixels and its title (see svg.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "svg.h"

static void	 svg_escape(struct buf *, const char *);
static void	 svg_element(struct buf *, const char *, const char *);
static void	 svg_copy_tag(struct buf *, const char *, size_t);

/* s with XML's five specials escaped; control characters XML 1.0 cannot
   hold are dropped. */
static void
svg_escape(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++)
		switch (*s) {
		case '&':
			buf_puts(b, "&amp;");
			break;
		case '<':
			buf_puts(b, "&lt;");
			break;
		case '>':
			buf_puts(b, "&gt;");
			break;
		case '"':
			buf_puts(b, "&quot;");
			break;
		case '\'':
			buf_puts(b, "&apos;");
			break;
		default:
			if ((unsigned char)*s >= 0x20 || *s == '\t' ||
			    *s == '\n')
				buf_add(b, s, 1);
		}
}

static void
svg_element(struct buf *b, const char *name, const char *text)
{
	if (text == NULL || *text == '\0')
		return;
	buf_printf(b, "\n<%s>", name);
	svg_escape(b, text);
	buf_printf(b, "</%s>", name);
}

/*
 * Copy the root's start tag, tag[0..n), to b with "pt" dropped from the
 * end of the values of its width and height.
 */
static void
svg_copy_tag(struct buf *b, const char *tag, size_t n)
{
	static const char *const attrs[] = { " width=\"", " height=\"" };
	size_t	 i = 0, k, an = 0, v;

	while (i < n) {
		for (k = 0; k < 2; k++) {
			an = strlen(attrs[k]);
			if (i + an <= n && memcmp(tag + i, attrs[k], an) == 0)
				break;
		}
		if (k == 2) {
			buf_add(b, tag + i++, 1);
			continue;
		}
		for (v = i + an; v < n && tag[v] != '"'; v++)
			;
		if (v - (i + an) > 2 && memcmp(tag + v - 2, "pt", 2) == 0)
			buf_add(b, tag + i, v - 2 - i);
		else
			buf_add(b, tag + i, v - i);
		i = v;
	}
}

int
svg_finish(const char *in, size_t len, const char *title, const char *desc,
    char **out, size_t *outlen, char *err, size_t errlen)
{
	struct buf	 b;
	const char	*root = NULL, *end = NULL;
	size_t		 i, at;

	for (i = 0; i + 5 <= len && root == NULL; i++)
		if (memcmp(in + i, "<svg", 4) == 0 &&
		    (in[i + 4] == ' ' || in[i + 4] == '>' || in[i + 4] == '\n'))
			root = in + i;
	if (root != NULL)
		end = memchr(root, '>', len - (size_t)(root - in));
	if (end == NULL) {
		snprintf(err, errlen, "rrd_graph: no <svg> element in the "
		    "image");
		return -1;
	}
	at = (size_t)(root - in);
	buf_init(&b, len + 512);
	buf_add(&b, in, at);
	svg_copy_tag(&b, root, (size_t)(end - root) + 1);
	svg_element(&b, "title", title);
	svg_element(&b, "desc", desc);
	at = (size_t)(end - in) + 1;
	buf_add(&b, in + at, len - at);
	*out = buf_release(&b, outlen);
	return 0;
}
