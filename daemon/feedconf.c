/*
 * feedconf.c: copies and comparison of feed settings (see feedconf.h).
 */
#include <stdlib.h>
#include <string.h>

#include "feedconf.h"
#include "xmalloc.h"

static char *
dup_str(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* A NULL-terminated vector, or NULL. */
static char **
dup_argv(char *const *v)
{
	char	**c;
	size_t	  i, n;

	if (v == NULL)
		return NULL;
	for (n = 0; v[n] != NULL; n++)
		;
	c = xcalloc(n + 1, sizeof(*c));
	for (i = 0; i < n; i++)
		c[i] = xstrdup(v[i]);
	return c;
}

struct feed_conf *
feedconf_dup(const struct feed_conf *fc)
{
	struct feed_conf	*c;
	size_t			 i;

	c = xcalloc(1, sizeof(*c));
	*c = *fc;
	c->name = dup_str(fc->name);
	c->path = dup_str(fc->path);
	c->command = dup_argv(fc->command);
	c->url = dup_str(fc->url);
	c->format = dup_str(fc->format);
	c->headers = dup_argv(fc->headers);
	c->body = dup_str(fc->body);
	c->dataset = dup_str(fc->dataset);
	c->map = xcalloc(fc->nmap + 1, sizeof(*c->map));
	for (i = 0; i < fc->nmap; i++) {
		c->map[i].code = dup_str(fc->map[i].code);
		c->map[i].area = dup_str(fc->map[i].area);
		c->map[i].indicator = dup_str(fc->map[i].indicator);
	}
	return c;
}

void
feedconf_free(struct feed_conf *fc)
{
	if (fc == NULL)
		return;
	config_feed_clear(fc);
	free(fc);
}

/* Two strings that may be NULL. */
static int
str_eq(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static int
argv_eq(char *const *a, char *const *b)
{
	size_t	 i;

	if (a == NULL || b == NULL)
		return a == b;
	for (i = 0; a[i] != NULL && b[i] != NULL; i++)
		if (strcmp(a[i], b[i]) != 0)
			return 0;
	return a[i] == NULL && b[i] == NULL;
}

static int
map_eq(const struct feed_conf *a, const struct feed_conf *b)
{
	size_t	 i;

	if (a->nmap != b->nmap)
		return 0;
	for (i = 0; i < a->nmap; i++)
		if (!str_eq(a->map[i].code, b->map[i].code) ||
		    !str_eq(a->map[i].area, b->map[i].area) ||
		    !str_eq(a->map[i].indicator, b->map[i].indicator))
			return 0;
	return 1;
}

int
feedconf_equal(const struct feed_conf *a, const struct feed_conf *b)
{
	return a->type == b->type && a->post == b->post &&
	    a->interval == b->interval && a->timeout == b->timeout &&
	    str_eq(a->name, b->name) && str_eq(a->path, b->path) &&
	    argv_eq(a->command, b->command) && str_eq(a->url, b->url) &&
	    str_eq(a->format, b->format) && argv_eq(a->headers, b->headers) &&
	    str_eq(a->body, b->body) && str_eq(a->dataset, b->dataset) &&
	    map_eq(a, b);
}
