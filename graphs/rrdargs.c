/*
 * rrdargs.c: argument vectors for librrd calls (see rrdargs.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rrdargs.h"
#include "xmalloc.h"

void
rrdargs_add(struct rrdargs *a, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1)
		s = NULL;
	va_end(ap);
	if (s == NULL)
		s = xstrdup("");	/* xstrdup is fatal on out of memory */
	if (a->n + 1 >= a->cap) {
		a->cap = a->cap ? a->cap * 2 : 64;
		a->v = xreallocarray(a->v, a->cap, sizeof(*a->v));
	}
	a->v[a->n++] = s;
	a->v[a->n] = NULL;
}

void
rrdargs_free(struct rrdargs *a)
{
	size_t	 i;

	for (i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
	a->v = NULL;
	a->n = a->cap = 0;
}

char *
rrdargs_escape(const char *s, int path)
{
	char	*out, *o;

	if (s == NULL)
		s = "";
	out = o = xmalloc(strlen(s) * 2 + 1);
	for (; *s != '\0'; s++) {
		if (*s == ':')
			*o++ = '\\';
		else if (!path && (*s == '\\' || (unsigned char)*s < 0x20))
			continue;
		*o++ = *s;
	}
	*o = '\0';
	return out;
}
