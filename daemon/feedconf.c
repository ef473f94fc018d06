/*
 * feedconf.c: the feeds list of the config, and copies and comparison of
 * feed settings (see feedconf.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feedconf.h"
#include "xmalloc.h"

static const char *const feed_keys[] = { "name", "type", "path", "command",
	"url", "format", "map", "interval", "timeout", "headers", "method",
	"body", "dataset", NULL };
static const char *const map_keys[] = { "code", "area", "indicator", NULL };
static const char *const formats[] = { "csv", "worldbank", "sdmx-json",
	"sdmx-csv", "jsonstat", "nbs", NULL };

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
feedconf_clear(struct feed_conf *fc)
{
	free(fc->name);
	free(fc->path);
	xstrv_free(fc->command);
	free(fc->url);
	free(fc->format);
	xstrv_free(fc->headers);
	free(fc->body);
	free(fc->dataset);
	confdata_maps_free(fc->map, fc->nmap);
}

void
feedconf_free(struct feed_conf *fc)
{
	if (fc == NULL)
		return;
	feedconf_clear(fc);
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

static int
parse_map(struct cfgget *c, const config_setting_t *f, struct feed_conf *fc)
{
	config_setting_t	*s, *e;
	int			 i, n;

	if ((s = config_setting_get_member(f, "map")) == NULL)
		return 0;
	if (!config_setting_is_list(s))
		return cfgget_err(c, s, "map must be a list ( { code = ...; "
		    "indicator = ...; }, ... )");
	n = config_setting_length(s);
	fc->map = xcalloc((size_t)n + 1, sizeof(*fc->map));
	for (i = 0; i < n; i++) {
		struct feed_map *m = &fc->map[fc->nmap++];

		e = config_setting_get_elem(s, i);
		if (!config_setting_is_group(e))
			return cfgget_err(c, e, "map entries must be groups");
		if (cfgget_check_keys(c, e, map_keys, "map entry") == -1 ||
		    cfgget_str(c, e, "code", 1, &m->code) == -1 ||
		    cfgget_str(c, e, "area", 0, &m->area) == -1 ||
		    cfgget_str(c, e, "indicator", 1, &m->indicator) == -1)
			return -1;
	}
	return 0;
}

/*
 * One header line "Name: value": a token name (RFC 9110), no CR, LF or NUL.
 * Errors never repeat the value: headers carry API keys.
 */
static int
check_header(struct cfgget *c, const config_setting_t *s, const char *feed,
    int i, const char *h)
{
	static const char	 tchar[] = "!#$%&'*+-.^_`|~";
	size_t			 n;

	for (n = 0; isalnum((unsigned char)h[n]) ||
	    (h[n] != '\0' && strchr(tchar, h[n]) != NULL); n++)
		;
	if (n == 0 || h[n] != ':')
		return cfgget_err(c, s, "feed \"%s\": headers[%d] must be "
		    "\"Name: value\" with a token name", feed, i);
	if (strpbrk(h + n, "\r\n") != NULL)
		return cfgget_err(c, s, "feed \"%s\": headers[%d] (%.*s) has a "
		    "line break in its value", feed, i, (int)n, h);
	return 0;
}

/* headers, method, body and dataset of an http feed. */
static int
parse_request(struct cfgget *c, const config_setting_t *f, struct feed_conf *fc)
{
	static const char *const methods[] = { "GET", "POST", NULL };
	config_setting_t	*s;
	char			*method = NULL;
	int			 i, rc = -1;

	if (cfgget_strv(c, f, "headers", 0, &fc->headers) == -1 ||
	    cfgget_str(c, f, "method", 0, &method) == -1 ||
	    cfgget_str(c, f, "body", 0, &fc->body) == -1 ||
	    cfgget_str(c, f, "dataset", 0, &fc->dataset) == -1)
		goto out;
	s = config_setting_get_member(f, "headers");
	for (i = 0; fc->headers != NULL && fc->headers[i] != NULL; i++)
		if (check_header(c, config_setting_get_elem(s, i), fc->name, i,
		    fc->headers[i]) == -1)
			goto out;
	if (method != NULL && !cfgget_in_list(method, methods)) {
		cfgget_err(c, config_setting_get_member(f, "method"),
		    "feed \"%s\": method \"%s\" (expected GET or POST)",
		    fc->name, method);
		goto out;
	}
	fc->post = method != NULL && strcmp(method, "POST") == 0;
	if ((s = config_setting_get_member(f, "body")) != NULL && !fc->post) {
		cfgget_err(c, s, "feed \"%s\": body needs method = \"POST\"",
		    fc->name);
		goto out;
	}
	if (fc->post && strcmp(fc->format, "worldbank") == 0) {
		cfgget_err(c, config_setting_get_member(f, "method"),
		    "feed \"%s\": the worldbank format pages with GET",
		    fc->name);
		goto out;
	}
	s = config_setting_get_member(f, "dataset");
	if (s != NULL && strcmp(fc->format, "jsonstat") != 0) {
		cfgget_err(c, s, "feed \"%s\": dataset is only for format "
		    "\"jsonstat\"", fc->name);
		goto out;
	}
	if (s != NULL && fc->dataset[0] == '\0') {
		cfgget_err(c, s, "feed \"%s\": dataset must not be empty",
		    fc->name);
		goto out;
	}
	rc = 0;
out:
	free(method);
	return rc;
}

static int
feed_type_parse(const char *s, enum feed_type *t)
{
	static const char *const names[] = { "csv", "exec", "http", "push",
	    NULL };
	int	 i;

	for (i = 0; names[i] != NULL; i++) {
		if (strcmp(s, names[i]) == 0) {
			*t = (enum feed_type)i;
			return 0;
		}
	}
	return -1;
}

/* Keys that belong to another feed type are errors, not silently ignored. */
static int
check_feed_keys(struct cfgget *c, const config_setting_t *f,
    const struct feed_conf *fc)
{
	static const char *const only[][2] = { { "path", "csv" },
	    { "command", "exec" }, { "url", "http" }, { "format", "http" },
	    { "map", "http" }, { "headers", "http" }, { "method", "http" },
	    { "body", "http" }, { "dataset", "http" } };
	config_setting_t	*s;
	size_t			 i;

	for (i = 0; i < sizeof(only) / sizeof(only[0]); i++) {
		s = config_setting_get_member(f, only[i][0]);
		if (s != NULL && strcmp(confdata_feed_type_name(fc->type),
		    only[i][1]) != 0)
			return cfgget_err(c, s, "feed \"%s\": %s is only for "
			    "type \"%s\"", fc->name, only[i][0], only[i][1]);
	}
	return 0;
}

static int
parse_feed_type_keys(struct cfgget *c, const config_setting_t *f,
    struct feed_conf *fc)
{
	switch (fc->type) {
	case FEED_CSV:
		return cfgget_str(c, f, "path", 1, &fc->path);
	case FEED_EXEC:
		return cfgget_argv(c, f, "command", &fc->command);
	case FEED_HTTP:
		if (cfgget_str(c, f, "url", 1, &fc->url) == -1 ||
		    cfgget_str(c, f, "format", 1, &fc->format) == -1)
			return -1;
		if (strncmp(fc->url, "http://", 7) != 0 &&
		    strncmp(fc->url, "https://", 8) != 0)
			return cfgget_err(c, f, "feed \"%s\": url must start "
			    "with http:// or https://", fc->name);
		if (!cfgget_in_list(fc->format, formats))
			return cfgget_err(c,
			    config_setting_get_member(f, "format"),
			    "feed \"%s\": format \"%s\" (expected csv, "
			    "worldbank, sdmx-json, sdmx-csv, jsonstat or nbs)",
			    fc->name, fc->format);
		if (parse_request(c, f, fc) == -1)
			return -1;
		return parse_map(c, f, fc);
	case FEED_PUSH:
		return 0;
	}
	return 0;
}

static int
parse_feed(struct cfgget *c, const config_setting_t *f, struct config *conf,
    struct feed_conf *fc)
{
	char	*type = NULL;
	int	 rc = -1;

	fc->line = (int)config_setting_source_line(f);
	fc->interval = 3600;
	fc->timeout = 30;
	if (!config_setting_is_group(f)) {
		cfgget_err(c, f, "feeds entries must be groups { ... }");
		goto out;
	}
	if (cfgget_check_keys(c, f, feed_keys, "feed") == -1 ||
	    cfgget_str(c, f, "name", 1, &fc->name) == -1 ||
	    cfgget_str(c, f, "type", 1, &type) == -1)
		goto out;
	if (!cfgget_valid_name(fc->name)) {
		cfgget_err(c, f, "feed name \"%s\": use 1-64 of [a-z0-9_-]",
		    fc->name);
		goto out;
	}
	if (confdata_find_feed(conf, fc->name) != fc) {
		cfgget_err(c, f, "duplicate feed name \"%s\"", fc->name);
		goto out;
	}
	if (feed_type_parse(type, &fc->type) == -1) {
		cfgget_err(c, f, "feed \"%s\": type \"%s\" (expected csv, "
		    "exec, http or push)", fc->name, type);
		goto out;
	}
	if (check_feed_keys(c, f, fc) == -1 ||
	    parse_feed_type_keys(c, f, fc) == -1 ||
	    cfgget_int(c, f, "interval", 1, 31536000, &fc->interval) == -1 ||
	    cfgget_int(c, f, "timeout", 1, 3600, &fc->timeout) == -1)
		goto out;
	rc = 0;
out:
	free(type);
	return rc;
}

int
feedconf_parse(struct cfgget *c, const config_setting_t *root,
    struct config *conf)
{
	config_setting_t	*s;
	int			 i, n;

	if ((s = config_setting_get_member(root, "feeds")) == NULL)
		return 0;
	if (!config_setting_is_list(s))
		return cfgget_err(c, s, "feeds must be a list ( { ... }, "
		    "... )");
	n = config_setting_length(s);
	conf->feeds = xcalloc((size_t)n + 1, sizeof(*conf->feeds));
	for (i = 0; i < n; i++) {
		conf->nfeeds++;
		if (parse_feed(c, config_setting_get_elem(s, i), conf,
		    &conf->feeds[i]) == -1)
			return -1;
	}
	return 0;
}

int
feedconf_check_maps(struct cfgget *c, const struct config *conf)
{
	const struct indicator_conf	*ic;
	size_t				 i, j;

	for (i = 0; i < conf->nfeeds; i++) {
		const struct feed_conf *fc = &conf->feeds[i];

		for (j = 0; j < fc->nmap; j++) {
			ic = confdata_find_indicator(conf,
			    fc->map[j].indicator);
			if (ic == NULL || strcmp(ic->feed, fc->name) != 0) {
				snprintf(c->err, c->errlen, "%s:%d: feed "
				    "\"%s\": map names indicator \"%s\", which "
				    "is not an indicator of this feed", c->file,
				    fc->line, fc->name, fc->map[j].indicator);
				c->failed = 1;
				return -1;
			}
		}
	}
	return 0;
}
