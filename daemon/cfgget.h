/*
 * cfgget.h: typed getters over libconfig settings for the config parsers
 * (config.c, indconf.c, feedconf.c). Every getter checks the type and the
 * range; the first error is kept as "FILE:LINE: message" in the caller's
 * buffer and later ones are dropped. Internal to config's family: other
 * modules use config.h.
 */
#ifndef CFGGET_H
#define CFGGET_H

#include <stddef.h>

#include <libconfig.h>

/* One parse: where its first error goes. */
struct cfgget {
	const char	*file;		/* named in every error */
	char		*err;
	size_t		 errlen;
	int		 failed;	/* err holds the first error */
};

/*
 * Record the first error at the line of setting s (NULL, or no line: the
 * file alone). Returns -1.
 */
int	 cfgget_err(struct cfgget *, const config_setting_t *s,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* 1 if s is one of list (NULL-terminated), else 0. */
int	 cfgget_in_list(const char *s, const char *const *list);
/* Every member of group g must be one of keys; what names g in the error. */
int	 cfgget_check_keys(struct cfgget *, const config_setting_t *g,
	    const char *const *keys, const char *what);
/* *out: parent's member key, a group, or NULL when there is none. */
int	 cfgget_group(struct cfgget *, const config_setting_t *parent,
	    const char *key, config_setting_t **out);
/*
 * A string into *out (a copy; the old one is freed). Required strings must
 * be there and not empty; an optional one leaves *out as is when absent.
 */
int	 cfgget_str(struct cfgget *, const config_setting_t *g,
	    const char *key, int required, char **out);
/*
 * An optional text into *out as cfgget_str: when present, not empty and
 * printable UTF-8 (quote_safe), else "<what><key> must be printable UTF-8
 * text, not empty" (what: e.g. "http." or "indicator \"gdp\": ").
 */
int	 cfgget_text(struct cfgget *, const config_setting_t *g,
	    const char *key, const char *what, char **out);
/* An integer in min..max; *out stays as is when absent. */
int	 cfgget_llong(struct cfgget *, const config_setting_t *g,
	    const char *key, long long min, long long max, long long *out);
/* The same into an int. */
int	 cfgget_int(struct cfgget *, const config_setting_t *g,
	    const char *key, long long min, long long max, int *out);
/* true or false; *out stays as is when absent. */
int	 cfgget_bool(struct cfgget *, const config_setting_t *g,
	    const char *key, int *out);
/* Setting s as a finite number (an integer or a float); what names it. */
int	 cfgget_number(struct cfgget *, const config_setting_t *s,
	    const char *what, double *out);
/* Member key as cfgget_number; *out stays as is when absent, not required. */
int	 cfgget_num(struct cfgget *, const config_setting_t *g,
	    const char *key, int required, double *out);
/*
 * A non-empty array of strings into a NULL-terminated vector, left NULL
 * when the key is absent and not required. *out is set before the elements
 * are checked: free it (xstrv_free) on failure too.
 */
int	 cfgget_strv(struct cfgget *, const config_setting_t *g,
	    const char *key, int required, char ***out);
/* A command: a required cfgget_strv whose first string is an absolute path. */
int	 cfgget_argv(struct cfgget *, const config_setting_t *g,
	    const char *key, char ***out);
/* 1 if s is a feed or alert name: 1-64 of [a-z0-9_-], else 0. */
int	 cfgget_valid_name(const char *s);

#endif
