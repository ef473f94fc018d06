/*
 * config.c: libconfig file -> struct config, with every key, type and range
 * checked. The first error wins and is reported as "FILE:LINE: message".
 * This file reads the top level, listen, http and alerts; feedconf.c the
 * feeds, indconf.c the evaluation group and the indicators, all through
 * the getters of cfgget.c.
 *
 * libconfig 1.5 silently truncates integer literals that do not fit in 32
 * bits unless they carry an L suffix (3000000000 reads as -1294967296), so
 * the raw text is scanned for such literals before libconfig sees it.
 */
#include <arpa/inet.h>
#include <netinet/in.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfgget.h"
#include "config.h"
#include "feedconf.h"
#include "indconf.h"
#include "shardconf.h"
#include "webconf.h"
#include "xmalloc.h"

static const char *const top_keys[] = { "listen", "data_dir", "rrdcached",
	"http", "evaluation", "feeds", "indicators", "alerts", "shard", NULL };
static const char *const http_keys[] = { "max_connections",
	"per_ip_connections", "timeout", "request_timeout", "body_limit",
	"connection_memory", "push_token", "push_token_file", "external_url",
	"web_config_file", "healthz_public", "language", "title", "title_zh",
	NULL };
static const char *const alert_keys[] = { "name", "type", "command", "url",
	"timeout", "resend", NULL };

/*
 * "host:port" or "[v6]:port" into *host (malloc'd) and *port; port 0 asks
 * the kernel for a free one. -1 with why.
 */
static int
listen_split(const char *v, char **host, int *port, char *why, size_t len)
{
	const char	*colon;
	char		*end;
	long		 n;

	if (*v == '[') {
		if ((colon = strstr(v, "]:")) == NULL) {
			snprintf(why, len, "expected [addr]:port");
			return -1;
		}
		*host = xstrndup(v + 1, (size_t)(colon - v - 1));
		colon++;
	} else {
		if ((colon = strrchr(v, ':')) == NULL) {
			snprintf(why, len, "expected host:port");
			return -1;
		}
		*host = xstrndup(v, (size_t)(colon - v));
	}
	errno = 0;
	n = strtol(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end != '\0' || errno != 0 || n < 0 ||
	    n > 65535)
		snprintf(why, len, "bad port");
	else if ((*host)[0] == '\0')
		snprintf(why, len, "empty host");
	else {
		*port = (int)n;
		return 0;
	}
	free(*host);
	*host = NULL;
	return -1;
}

static int
parse_listen(struct cfgget *c, const config_setting_t *s, const char *v,
    struct config *conf)
{
	char	 why[64];

	free(conf->listen_host);
	if (listen_split(v, &conf->listen_host, &conf->listen_port, why,
	    sizeof(why)) == -1)
		return cfgget_err(c, s, "listen \"%s\": %s", v, why);
	return 0;
}

int
config_listen_loopback(const struct config *conf)
{
	struct in_addr	 a4;
	struct in6_addr	 a6;
	const char	*host = conf->listen_host;

	if (strcmp(host, "localhost") == 0)
		return 1;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	return inet_pton(AF_INET6, host, &a6) == 1 &&
	    IN6_IS_ADDR_LOOPBACK(&a6);
}

int
config_token_placeholder(const struct config *conf)
{
	return conf->http.push_token != NULL && strncmp(conf->http.push_token,
	    CONFIG_TOKEN_PLACEHOLDER, strlen(CONFIG_TOKEN_PLACEHOLDER)) == 0;
}

/* The shipped placeholder token is for the demo on loopback only. */
static int
check_token(const struct config *conf, char *err, size_t errlen)
{
	if (!config_token_placeholder(conf) || config_listen_loopback(conf))
		return 0;
	snprintf(err, errlen, "%s: push_token \"%s...\" is the shipped "
	    "placeholder, accepted only on a loopback address; set a token "
	    "of your own (push_token_file) to listen on %s", conf->path,
	    CONFIG_TOKEN_PLACEHOLDER, conf->listen_host);
	return -1;
}

int
config_set_listen(struct config *conf, const char *addr, char *err,
    size_t errlen)
{
	char	*host, why[64];
	int	 port;

	if (listen_split(addr, &host, &port, why, sizeof(why)) == -1) {
		snprintf(err, errlen, "--listen \"%s\": %s", addr, why);
		return -1;
	}
	free(conf->listen_host);
	conf->listen_host = host;
	conf->listen_port = port;
	return check_token(conf, err, errlen);
}

/*
 * Read the token from h->push_token_file: its first line, without trailing
 * blanks. The file is read at start and on every reload.
 */
static int
read_token_file(struct cfgget *c, const config_setting_t *s,
    struct http_conf *h)
{
	char	 buf[1024];
	FILE	*f;
	size_t	 n;

	if ((f = fopen(h->push_token_file, "r")) == NULL)
		return cfgget_err(c, s, "push_token_file \"%s\": %s",
		    h->push_token_file, strerror(errno));
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	n = strlen(buf);
	while (n > 0 && isspace((unsigned char)buf[n - 1]))
		buf[--n] = '\0';
	if (n == 0)
		return cfgget_err(c, s, "push_token_file \"%s\": empty",
		    h->push_token_file);
	h->push_token = xstrdup(buf);
	explicit_bzero(buf, sizeof(buf));
	return 0;
}

/* Read h->web_config_file: every key, the certificates and hashes. */
static int
load_web(struct cfgget *c, const config_setting_t *s, struct http_conf *h)
{
	char	 why[512];

	webconf_free(h->web);
	if ((h->web = webconf_load(h->web_config_file, why,
	    sizeof(why))) == NULL)
		return cfgget_err(c, s, "web_config_file: %s", why);
	return 0;
}

int
config_set_web(struct config *conf, const char *path, char *err,
    size_t errlen)
{
	struct http_conf	*h = &conf->http;
	char			 why[512];

	webconf_free(h->web);
	free(h->web_config_file);
	h->web_config_file = xstrdup(path);
	if ((h->web = webconf_load(path, why, sizeof(why))) == NULL) {
		snprintf(err, errlen, "--web.config.file: %s", why);
		return -1;
	}
	return 0;
}

/* http.language: "en" or "zh". */
static int
parse_language(struct cfgget *c, const config_setting_t *g,
    struct http_conf *h)
{
	char	*v = NULL;
	int	 rc = 0;

	if (cfgget_str(c, g, "language", 0, &v) == -1)
		rc = -1;
	else if (v != NULL && lang_parse(v, &h->language) == -1)
		rc = cfgget_err(c, config_setting_get_member(g, "language"),
		    "http.language \"%s\" (expected en or zh)", v);
	free(v);
	return rc;
}

/* http.title and title_zh: optional, not empty, printable UTF-8. */
static int
parse_title(struct cfgget *c, const config_setting_t *g, struct http_conf *h)
{
	if (cfgget_text(c, g, "title", "http.", &h->title) == -1 ||
	    cfgget_text(c, g, "title_zh", "http.", &h->title_zh) == -1)
		return -1;
	return 0;
}

static int
parse_http(struct cfgget *c, const config_setting_t *root, struct config *conf)
{
	config_setting_t	*g, *s;
	struct http_conf	*h = &conf->http;
	long long		 body = h->body_limit;

	if (cfgget_group(c, root, "http", &g) == -1 || g == NULL)
		return c->failed ? -1 : 0;
	if (cfgget_check_keys(c, g, http_keys, "http") == -1 ||
	    cfgget_int(c, g, "max_connections", 1, 1000000,
	    &h->max_connections) == -1 ||
	    cfgget_int(c, g, "per_ip_connections", 0, 1000000,
	    &h->per_ip_connections) == -1 ||
	    cfgget_int(c, g, "timeout", 1, 3600, &h->timeout) == -1 ||
	    cfgget_int(c, g, "request_timeout", 1, 3600,
	    &h->request_timeout) == -1 ||
	    cfgget_int(c, g, "connection_memory", 8192, 16777216,
	    &h->connection_memory) == -1 ||
	    cfgget_llong(c, g, "body_limit", 1, 1L << 30, &body) == -1 ||
	    cfgget_str(c, g, "push_token", 0, &h->push_token) == -1 ||
	    cfgget_str(c, g, "push_token_file", 0, &h->push_token_file) == -1 ||
	    cfgget_str(c, g, "external_url", 0, &h->external_url) == -1 ||
	    cfgget_str(c, g, "web_config_file", 0, &h->web_config_file) == -1 ||
	    cfgget_bool(c, g, "healthz_public", &h->healthz_public) == -1 ||
	    parse_language(c, g, h) == -1 || parse_title(c, g, h) == -1)
		return -1;
	h->body_limit = (long)body;
	if (h->web_config_file != NULL && load_web(c, config_setting_get_member(
	    g, "web_config_file"), h) == -1)
		return -1;
	s = config_setting_get_member(g, "push_token");
	if (h->push_token_file != NULL) {
		if (h->push_token != NULL)
			return cfgget_err(c, s, "set push_token or "
			    "push_token_file, not both");
		s = config_setting_get_member(g, "push_token_file");
		if (read_token_file(c, s, h) == -1)
			return -1;
	}
	if (h->push_token != NULL && strlen(h->push_token) < 8)
		return cfgget_err(c, s, "push_token must be at least 8 "
		    "characters");
	return 0;
}

static int
alert_type_parse(const char *s, enum alert_type *t)
{
	if (strcmp(s, "exec") == 0)
		*t = ALERT_EXEC;
	else if (strcmp(s, "alertmanager") == 0)
		*t = ALERT_ALERTMANAGER;
	else if (strcmp(s, "webhook") == 0)
		*t = ALERT_WEBHOOK;
	else
		return -1;
	return 0;
}

static int
parse_alert(struct cfgget *c, const config_setting_t *g, struct config *conf,
    struct alert_conf *ac)
{
	char	*type = NULL;
	size_t	 i;
	int	 rc = -1;

	ac->line = (int)config_setting_source_line(g);
	ac->timeout = 10;
	ac->resend = 60;
	if (!config_setting_is_group(g)) {
		cfgget_err(c, g, "alerts entries must be groups { ... }");
		goto out;
	}
	if (cfgget_check_keys(c, g, alert_keys, "alert") == -1 ||
	    cfgget_str(c, g, "name", 1, &ac->name) == -1 ||
	    cfgget_str(c, g, "type", 1, &type) == -1 ||
	    cfgget_int(c, g, "timeout", 1, 3600, &ac->timeout) == -1 ||
	    cfgget_int(c, g, "resend", 1, 86400, &ac->resend) == -1)
		goto out;
	if (!cfgget_valid_name(ac->name)) {
		cfgget_err(c, g, "alert name \"%s\": use 1-64 of [a-z0-9_-]",
		    ac->name);
		goto out;
	}
	for (i = 0; conf->alerts + i != ac; i++)
		if (strcmp(conf->alerts[i].name, ac->name) == 0) {
			cfgget_err(c, g, "duplicate alert name \"%s\"",
			    ac->name);
			goto out;
		}
	if (alert_type_parse(type, &ac->type) == -1) {
		cfgget_err(c, g, "alert \"%s\": type \"%s\" (expected exec, "
		    "alertmanager or webhook)", ac->name, type);
		goto out;
	}
	if (ac->type == ALERT_EXEC)
		rc = cfgget_argv(c, g, "command", &ac->command);
	else
		rc = cfgget_str(c, g, "url", 1, &ac->url);
out:
	free(type);
	return rc;
}

static int
parse_alerts(struct cfgget *c, const config_setting_t *root,
    struct config *conf)
{
	config_setting_t	*s;
	int			 i, n;

	if ((s = config_setting_get_member(root, "alerts")) == NULL)
		return 0;
	if (!config_setting_is_list(s))
		return cfgget_err(c, s, "alerts must be a list ( { ... }, "
		    "... )");
	n = config_setting_length(s);
	conf->alerts = xcalloc((size_t)n + 1, sizeof(*conf->alerts));
	for (i = 0; i < n; i++) {
		conf->nalerts++;
		if (parse_alert(c, config_setting_get_elem(s, i), conf,
		    &conf->alerts[i]) == -1)
			return -1;
	}
	return 0;
}

static void
config_defaults(struct config *conf)
{
	conf->http.max_connections = 4096;
	conf->http.per_ip_connections = -1;	/* by the listen address */
	conf->http.timeout = 10;
	conf->http.request_timeout = 10;
	conf->http.body_limit = 1048576;
	conf->http.connection_memory = 32768;
	conf->eval.method = EVAL_CAGR;
	conf->eval.base_year = 2015;
	conf->eval.interval = 0.9;
	conf->eval.trend_years = 5;
	conf->eval.tolerance = 0.01;
	conf->eval.thresholds[0] = 0.95;
	conf->eval.thresholds[1] = 0.60;
	conf->eval.thresholds[2] = 0.0;
	conf->slipping[EVAL_INSUFFICIENT] = 1;
	conf->slipping[EVAL_MOVING_AWAY] = 1;
	conf->slipping[EVAL_MISSED] = 1;
}

static int
parse_top(struct cfgget *c, const config_setting_t *root, struct config *conf)
{
	char	*listen = NULL;
	int	 rc = -1;

	if (cfgget_check_keys(c, root, top_keys, "the top level") == -1 ||
	    cfgget_str(c, root, "listen", 0, &listen) == -1 ||
	    cfgget_str(c, root, "data_dir", 1, &conf->data_dir) == -1 ||
	    cfgget_str(c, root, "rrdcached", 0, &conf->rrdcached) == -1)
		goto out;
	if (listen == NULL)
		listen = xstrdup("127.0.0.1:9479");
	if (parse_listen(c, config_setting_get_member(root, "listen"), listen,
	    conf) == -1)
		goto out;
	if (conf->rrdcached != NULL && conf->rrdcached[0] == '\0') {
		cfgget_err(c, config_setting_get_member(root, "rrdcached"),
		    "rrdcached must not be empty");
		goto out;
	}
	rc = 0;
out:
	free(listen);
	return rc;
}

/* Skip a string literal starting at p (on the quote), counting newlines. */
static const char *
skip_string(const char *p, int *line)
{
	for (p++; *p != '\0' && *p != '"'; p++) {
		if (*p == '\\' && p[1] != '\0')
			p++;
		else if (*p == '\n')
			(*line)++;
	}
	return *p == '"' ? p + 1 : p;
}

/* Skip a comment starting at p, counting newlines. */
static const char *
skip_comment(const char *p, int *line)
{
	if (p[0] == '/' && p[1] == '*') {
		for (p += 2; *p != '\0' && !(p[0] == '*' && p[1] == '/'); p++)
			if (*p == '\n')
				(*line)++;
		return *p != '\0' ? p + 2 : p;
	}
	while (*p != '\0' && *p != '\n')
		p++;
	return p;
}

/*
 * Scan a number starting at p. Sets *big when it is a plain decimal or hex
 * integer literal (no '.', exponent or L suffix) that does not fit in a
 * 32-bit int, which libconfig 1.5 would silently truncate.
 */
static const char *
scan_number(const char *p, int *big)
{
	const char	*s = p;
	int		 hex = p[0] == '0' && (p[1] == 'x' || p[1] == 'X');
	size_t		 n;

	*big = 0;
	p += hex ? 2 : 0;
	while (hex ? isxdigit((unsigned char)*p) : isdigit((unsigned char)*p))
		p++;
	if (*p == '.' || isalpha((unsigned char)*p) || *p == '_') {
		while (isalnum((unsigned char)*p) || *p == '.' || *p == '_' ||
		    ((*p == '-' || *p == '+') && (p[-1] == 'e' ||
		    p[-1] == 'E')))
			p++;
		return p;
	}
	n = (size_t)(p - s);
	if (hex)
		*big = n - 2 > 8;
	else
		*big = n > 10 || (n == 10 && strncmp(s, "2147483647", 10) > 0);
	return p;
}

/*
 * Find the first integer literal beyond 32 bits without an L suffix,
 * outside strings and comments. Returns its line (0: none) and copies the
 * literal into lit.
 */
static int
scan_big_ints(const char *p, char *lit, size_t litlen)
{
	const char	*s;
	int		 line = 1, big;

	while (*p != '\0') {
		if (*p == '\n') {
			line++;
			p++;
		} else if (*p == '"')
			p = skip_string(p, &line);
		else if (*p == '#' || (p[0] == '/' && (p[1] == '/' ||
		    p[1] == '*')))
			p = skip_comment(p, &line);
		else if (isdigit((unsigned char)*p)) {
			s = p;
			p = scan_number(p, &big);
			if (big) {
				snprintf(lit, litlen, "%.*s",
				    (int)(p - s > 40 ? 40 : p - s), s);
				return line;
			}
		} else if (isalpha((unsigned char)*p) || *p == '_') {
			while (isalnum((unsigned char)*p) || *p == '_' ||
			    *p == '-' || *p == '*')
				p++;
		} else
			p++;
	}
	return 0;
}

static struct config *
config_parse(const char *name, const char *text, char *err, size_t errlen)
{
	struct cfgget	 c = { name, err, errlen, 0 };
	struct config	*conf;
	config_t	 lc;
	char		 lit[48];
	int		 line;

	conf = xcalloc(1, sizeof(*conf));
	conf->path = xstrdup(name);
	config_defaults(conf);
	config_init(&lc);
	if ((line = scan_big_ints(text, lit, sizeof(lit))) != 0) {
		snprintf(err, errlen, "%s:%d: integer %s does not fit in 32 "
		    "bits: write it as %sL or as a float (e.g. %s.0)", name,
		    line, lit, lit, lit);
		goto fail;
	}
	if (!config_read_string(&lc, text)) {
		snprintf(err, errlen, "%s:%d: %s", name,
		    config_error_line(&lc), config_error_text(&lc));
		goto fail;
	}
	if (parse_top(&c, config_root_setting(&lc), conf) == -1 ||
	    parse_http(&c, config_root_setting(&lc), conf) == -1 ||
	    indconf_evaluation(&c, config_root_setting(&lc), conf) == -1 ||
	    feedconf_parse(&c, config_root_setting(&lc), conf) == -1 ||
	    indconf_parse(&c, config_root_setting(&lc), conf) == -1 ||
	    feedconf_check_maps(&c, conf) == -1 ||
	    parse_alerts(&c, config_root_setting(&lc), conf) == -1 ||
	    shardconf_parse(&c, config_root_setting(&lc), conf) == -1 ||
	    check_token(conf, err, errlen) == -1)
		goto fail;
	/* After every check: each shard checks the whole shared file. */
	indconf_keep_owned(conf);
	config_destroy(&lc);
	return conf;
fail:
	config_destroy(&lc);
	config_free(conf);
	return NULL;
}

struct config *
config_load_string(const char *name, const char *text, char *err,
    size_t errlen)
{
	return config_parse(name, text, err, errlen);
}

/* Read the whole file (bounded to CONFIG_FILE_MAX) and parse it. */
struct config *
config_load(const char *path, char *err, size_t errlen)
{
	struct config	*conf;
	FILE		*f;
	char		*buf;
	size_t		 n, cap = 65536, len = 0;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	buf = xmalloc(cap);
	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (len == cap - 1) {
			if (cap >= CONFIG_FILE_MAX) {
				snprintf(err, errlen, "%s: larger than %u MiB",
				    path, CONFIG_FILE_MAX >> 20);
				goto fail;
			}
			cap *= 2;
			buf = xreallocarray(buf, cap, 1);
		}
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	buf[len] = '\0';
	if (memchr(buf, '\0', len) != NULL) {
		snprintf(err, errlen, "%s: contains a NUL byte", path);
		goto fail;
	}
	fclose(f);
	conf = config_parse(path, buf, err, errlen);
	free(buf);
	return conf;
fail:
	fclose(f);
	free(buf);
	return NULL;
}

void
config_free(struct config *conf)
{
	size_t	 i;

	if (conf == NULL)
		return;
	free(conf->path);
	free(conf->listen_host);
	free(conf->data_dir);
	free(conf->rrdcached);
	if (conf->http.push_token != NULL)
		explicit_bzero(conf->http.push_token,
		    strlen(conf->http.push_token));
	free(conf->http.push_token);
	free(conf->http.push_token_file);
	free(conf->http.web_config_file);
	webconf_free(conf->http.web);
	free(conf->http.external_url);
	free(conf->http.title);
	free(conf->http.title_zh);
	for (i = 0; i < conf->nfeeds; i++)
		feedconf_clear(&conf->feeds[i]);
	free(conf->feeds);
	for (i = 0; i < conf->nindicators; i++)
		indconf_free(&conf->indicators[i]);
	free(conf->indicators);
	strtab_free(&conf->ids);
	strtab_free_strings(&conf->others);
	for (i = 0; i < conf->nalerts; i++) {
		free(conf->alerts[i].name);
		xstrv_free(conf->alerts[i].command);
		free(conf->alerts[i].url);
	}
	free(conf->alerts);
	free(conf);
}
