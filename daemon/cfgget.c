/*
 * cfgget.c: typed getters over libconfig settings (see cfgget.h).
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfgget.h"
#include "quote.h"
#include "xmalloc.h"

int
cfgget_err(struct cfgget *c, const config_setting_t *s, const char *fmt, ...)
{
	char	 msg[512];
	va_list	 ap;
	int	 line;

	if (c->failed)
		return -1;
	c->failed = 1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	line = s != NULL ? (int)config_setting_source_line(s) : 0;
	if (line > 0)
		snprintf(c->err, c->errlen, "%s:%d: %s", c->file, line, msg);
	else
		snprintf(c->err, c->errlen, "%s: %s", c->file, msg);
	return -1;
}

int
cfgget_in_list(const char *s, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

int
cfgget_check_keys(struct cfgget *c, const config_setting_t *g,
    const char *const *keys, const char *what)
{
	config_setting_t	*m;
	int			 i;

	for (i = 0; (m = config_setting_get_elem(g, i)) != NULL; i++) {
		const char *name = config_setting_name(m);

		if (name != NULL && !cfgget_in_list(name, keys))
			return cfgget_err(c, m, "unknown key \"%s\" in %s",
			    name, what);
	}
	return 0;
}

int
cfgget_group(struct cfgget *c, const config_setting_t *parent,
    const char *key, config_setting_t **out)
{
	config_setting_t	*s;

	*out = NULL;
	if ((s = config_setting_get_member(parent, key)) == NULL)
		return 0;
	if (!config_setting_is_group(s))
		return cfgget_err(c, s, "%s must be a group { ... }", key);
	*out = s;
	return 0;
}

int
cfgget_str(struct cfgget *c, const config_setting_t *g, const char *key,
    int required, char **out)
{
	config_setting_t	*s;
	const char		*v;

	if ((s = config_setting_get_member(g, key)) == NULL) {
		if (required)
			return cfgget_err(c, g, "missing required key \"%s\"",
			    key);
		return 0;
	}
	if (config_setting_type(s) != CONFIG_TYPE_STRING)
		return cfgget_err(c, s, "%s must be a string", key);
	v = config_setting_get_string(s);
	if (required && *v == '\0')
		return cfgget_err(c, s, "%s must not be empty", key);
	free(*out);
	*out = xstrdup(v);
	return 0;
}

int
cfgget_text(struct cfgget *c, const config_setting_t *g, const char *key,
    const char *what, char **out)
{
	if (cfgget_str(c, g, key, 0, out) == -1)
		return -1;
	if (*out != NULL && (**out == '\0' || !quote_safe(*out)))
		return cfgget_err(c, config_setting_get_member(g, key),
		    "%s%s must be printable UTF-8 text, not empty", what, key);
	return 0;
}

int
cfgget_llong(struct cfgget *c, const config_setting_t *g, const char *key,
    long long min, long long max, long long *out)
{
	config_setting_t	*s;
	long long		 v;

	if ((s = config_setting_get_member(g, key)) == NULL)
		return 0;
	if (config_setting_type(s) != CONFIG_TYPE_INT &&
	    config_setting_type(s) != CONFIG_TYPE_INT64)
		return cfgget_err(c, s, "%s must be an integer", key);
	v = config_setting_get_int64(s);
	if (v < min || v > max)
		return cfgget_err(c, s, "%s %lld out of range (%lld..%lld)",
		    key, v, min, max);
	*out = v;
	return 0;
}

int
cfgget_int(struct cfgget *c, const config_setting_t *g, const char *key,
    long long min, long long max, int *out)
{
	long long	 v = *out;

	if (cfgget_llong(c, g, key, min, max, &v) == -1)
		return -1;
	*out = (int)v;
	return 0;
}

int
cfgget_bool(struct cfgget *c, const config_setting_t *g, const char *key,
    int *out)
{
	config_setting_t	*s;

	if ((s = config_setting_get_member(g, key)) == NULL)
		return 0;
	if (config_setting_type(s) != CONFIG_TYPE_BOOL)
		return cfgget_err(c, s, "%s must be true or false", key);
	*out = config_setting_get_bool(s);
	return 0;
}

int
cfgget_number(struct cfgget *c, const config_setting_t *s, const char *what,
    double *out)
{
	switch (config_setting_type(s)) {
	case CONFIG_TYPE_INT:
	case CONFIG_TYPE_INT64:
		*out = (double)config_setting_get_int64(s);
		return 0;
	case CONFIG_TYPE_FLOAT:
		*out = config_setting_get_float(s);
		if (!isfinite(*out))
			return cfgget_err(c, s, "%s is not a finite number",
			    what);
		return 0;
	default:
		return cfgget_err(c, s, "%s must be a number", what);
	}
}

int
cfgget_num(struct cfgget *c, const config_setting_t *g, const char *key,
    int required, double *out)
{
	config_setting_t	*s;

	if ((s = config_setting_get_member(g, key)) == NULL) {
		if (required)
			return cfgget_err(c, g, "missing required key \"%s\"",
			    key);
		return 0;
	}
	return cfgget_number(c, s, key, out);
}

int
cfgget_strv(struct cfgget *c, const config_setting_t *g, const char *key,
    int required, char ***out)
{
	config_setting_t	*s, *e;
	char			**v;
	int			 i, n;

	if ((s = config_setting_get_member(g, key)) == NULL)
		return required ? cfgget_err(c, g, "missing required key "
		    "\"%s\"", key) : 0;
	if (!config_setting_is_array(s) || (n = config_setting_length(s)) == 0)
		return cfgget_err(c, s, "%s must be a non-empty array of "
		    "strings", key);
	v = xcalloc((size_t)n + 1, sizeof(*v));
	*out = v;
	for (i = 0; i < n; i++) {
		e = config_setting_get_elem(s, i);
		if (config_setting_type(e) != CONFIG_TYPE_STRING)
			return cfgget_err(c, e, "%s must be an array of "
			    "strings", key);
		v[i] = xstrdup(config_setting_get_string(e));
	}
	return 0;
}

int
cfgget_argv(struct cfgget *c, const config_setting_t *g, const char *key,
    char ***out)
{
	if (cfgget_strv(c, g, key, 1, out) == -1)
		return -1;
	if ((*out)[0][0] != '/')
		return cfgget_err(c, config_setting_get_member(g, key),
		    "%s[0] must be an absolute path, got \"%s\"", key,
		    (*out)[0]);
	return 0;
}

int
cfgget_valid_name(const char *s)
{
	size_t	 n = strlen(s);

	if (n == 0 || n > 64)
		return 0;
	for (; *s != '\0'; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s)
		    && *s != '_' && *s != '-')
			return 0;
	return 1;
}
