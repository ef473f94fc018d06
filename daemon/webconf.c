/* webconf.c: the exporter-toolkit web configuration file (see webconf.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <yaml.h>

#include "webconf.h"
#include "xmalloc.h"

#define WEBCONF_MAX_FILE	(1 << 20)	/* bytes of a file read */
#define BCRYPT_LEN		60

struct wctx {
	const char	*name;
	char		*dir;		/* for relative paths */
	yaml_document_t	*doc;
	char		*err;
	size_t		 errlen;
	struct webconf	*wc;
};

static const char *const top_keys[] = { "tls_server_config",
	"http_server_config", "basic_auth_users", "rate_limit", NULL };
static const char *const tls_keys[] = { "cert", "key", "client_ca",
	"cert_file", "key_file", "client_auth_type", "client_ca_file",
	"client_allowed_sans", "min_version", "max_version", "cipher_suites",
	"prefer_server_cipher_suites", "curve_preferences", NULL };
static const char *const http_keys[] = { "http2", "headers", NULL };
static const char *const header_keys[] = { "Content-Security-Policy",
	"X-Frame-Options", "X-Content-Type-Options", "X-XSS-Protection",
	"Strict-Transport-Security", NULL };
static const char *const client_auth_names[] = { "NoClientCert",
	"RequestClientCert", "RequireAnyClientCert", "VerifyClientCertIfGiven",
	"RequireAndVerifyClientCert", NULL };

static int __attribute__((format(printf, 3, 4)))
werr(struct wctx *c, const yaml_node_t *n, const char *fmt, ...)
{
	char	 msg[512];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n != NULL)
		snprintf(c->err, c->errlen, "%s:%zu: %s", c->name,
		    n->start_mark.line + 1, msg);
	else
		snprintf(c->err, c->errlen, "%s: %s", c->name, msg);
	return -1;
}

static yaml_node_t *
node(struct wctx *c, int i)
{
	return yaml_document_get_node(c->doc, i);
}

/* A scalar's text, or NULL if n is not a scalar. */
static const char *
scalar(const yaml_node_t *n)
{
	return n != NULL && n->type == YAML_SCALAR_NODE ?
	    (const char *)n->data.scalar.value : NULL;
}

/* YAML's null: an empty plain scalar, "~" or "null". */
static int
is_null(const yaml_node_t *n)
{
	const char	*s = scalar(n);

	return s != NULL && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    (*s == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0);
}

static int
in_list(const char *s, const char *const *list)
{
	size_t	 i;

	for (i = 0; list[i] != NULL; i++)
		if (strcmp(s, list[i]) == 0)
			return (int)i;
	return -1;
}

/* n must be a mapping (or null, taken as empty) with keys from keys. */
static int
check_map(struct wctx *c, yaml_node_t *n, const char *what,
    const char *const *keys)
{
	yaml_node_pair_t	*p;
	const char		*k;

	if (is_null(n))
		return 0;
	if (n->type != YAML_MAPPING_NODE)
		return werr(c, n, "%s must be a mapping", what);
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	    p++) {
		if ((k = scalar(node(c, p->key))) == NULL)
			return werr(c, node(c, p->key), "%s: a key must be a "
			    "string", what);
		if (keys != NULL && in_list(k, keys) == -1)
			return werr(c, node(c, p->key), "%s: unknown key "
			    "\"%s\"", what, k);
	}
	return 0;
}

/* The value of key in mapping n, or NULL. */
static yaml_node_t *
get(struct wctx *c, yaml_node_t *n, const char *key)
{
	yaml_node_pair_t	*p;
	const char		*k;

	if (n == NULL || n->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	    p++)
		if ((k = scalar(node(c, p->key))) != NULL &&
		    strcmp(k, key) == 0)
			return node(c, p->value);
	return NULL;
}

/* An optional string; *out stays NULL when absent, null or empty. */
static int
get_str(struct wctx *c, yaml_node_t *m, const char *key, char **out)
{
	yaml_node_t	*n = get(c, m, key);

	if (n == NULL || is_null(n))
		return 0;
	if (scalar(n) == NULL)
		return werr(c, n, "%s must be a string", key);
	if (*scalar(n) != '\0')
		*out = xstrdup(scalar(n));
	return 0;
}

/* path, relative to the web config's directory unless absolute. */
static char *
resolve(struct wctx *c, const char *path)
{
	char	*s;

	if (path[0] == '/' || c->dir == NULL)
		return xstrdup(path);
	xasprintf(&s, "%s/%s", c->dir, path);
	return s;
}

/* The whole of a file (bounded), NUL-terminated; NULL with errno. */
static char *
slurp(const char *path)
{
	FILE	*f;
	char	*buf;
	size_t	 n;
	int	 bad;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	buf = xmalloc(WEBCONF_MAX_FILE + 1);
	n = fread(buf, 1, WEBCONF_MAX_FILE + 1, f);
	bad = ferror(f) ? EIO : n > WEBCONF_MAX_FILE ? EFBIG : 0;
	fclose(f);
	if (bad != 0) {
		free(buf);
		errno = bad;
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

/*
 * PEM text from key (inline) or key_file: not both; *text is NULL when
 * neither is set. The file is read now.
 */
static int
pem_pair(struct wctx *c, yaml_node_t *tls, const char *inl,
    const char *file, char **text, char **path)
{
	if (get_str(c, tls, inl, text) == -1 || get_str(c, tls, file,
	    path) == -1)
		return -1;
	if (*text != NULL && *path != NULL)
		return werr(c, get(c, tls, file), "tls_server_config: set "
		    "%s or %s, not both", inl, file);
	if (*path == NULL)
		return 0;
	{
		char	*full = resolve(c, *path);

		free(*path);
		*path = full;
	}
	if ((*text = slurp(*path)) == NULL)
		return werr(c, get(c, tls, file), "tls_server_config: %s "
		    "\"%s\": %s", file, *path, strerror(errno));
	if (strstr(*text, "-----BEGIN ") == NULL)
		return werr(c, get(c, tls, file), "tls_server_config: %s "
		    "\"%s\": no PEM block in it", file, *path);
	return 0;
}

static int
tls_version(struct wctx *c, yaml_node_t *tls, const char *key,
    enum webconf_tls_version def, enum webconf_tls_version *out)
{
	static const char *const names[] = { "TLS10", "TLS11", "TLS12",
	    "TLS13", NULL };
	yaml_node_t	*n = get(c, tls, key);
	int		 i;

	*out = def;
	if (n == NULL || is_null(n))
		return 0;
	if (scalar(n) == NULL || (i = in_list(scalar(n), names)) == -1)
		return werr(c, n, "tls_server_config: %s must be TLS10, "
		    "TLS11, TLS12 or TLS13", key);
	*out = (enum webconf_tls_version)(WEBCONF_TLS10 + i);
	return 0;
}

static int
string_list(struct wctx *c, yaml_node_t *n, const char *what, char ***out)
{
	yaml_node_item_t	*it;
	size_t			 k = 0;

	if (n == NULL || is_null(n))
		return 0;
	if (n->type != YAML_SEQUENCE_NODE)
		return werr(c, n, "%s must be a list of strings", what);
	*out = xcalloc((size_t)(n->data.sequence.items.top -
	    n->data.sequence.items.start) + 1, sizeof(**out));
	for (it = n->data.sequence.items.start;
	    it < n->data.sequence.items.top; it++) {
		if (scalar(node(c, *it)) == NULL)
			return werr(c, node(c, *it), "%s must be a list of "
			    "strings", what);
		(*out)[k++] = xstrdup(scalar(node(c, *it)));
	}
	return 0;
}

static void
ignore(struct webconf *wc, const char *key)
{
	size_t	 n = strlen(wc->ignored);

	snprintf(wc->ignored + n, sizeof(wc->ignored) - n, "%s%s",
	    n > 0 ? ", " : "", key);
}

static int
parse_client_auth(struct wctx *c, yaml_node_t *tls)
{
	struct webconf	*wc = c->wc;
	yaml_node_t	*n = get(c, tls, "client_auth_type");
	int		 i;

	if (n != NULL && !is_null(n)) {
		if (scalar(n) == NULL || (i = in_list(scalar(n),
		    client_auth_names)) == -1)
			return werr(c, n, "tls_server_config: client_auth_type "
			    "must be NoClientCert, RequestClientCert, "
			    "RequireAnyClientCert, VerifyClientCertIfGiven or "
			    "RequireAndVerifyClientCert");
		wc->client_auth = (enum webconf_client_auth)i;
	}
	if (pem_pair(c, tls, "client_ca", "client_ca_file", &wc->client_ca,
	    &wc->client_ca_file) == -1 || string_list(c, get(c, tls,
	    "client_allowed_sans"), "client_allowed_sans",
	    &wc->allowed_sans) == -1)
		return -1;
	/* libmicrohttpd asks for a client certificate only with a CA. */
	if (wc->client_auth != WEBCONF_NO_CLIENT_CERT && wc->client_ca == NULL)
		return werr(c, n, "tls_server_config: client_auth_type %s "
		    "needs client_ca_file or client_ca",
		    client_auth_names[wc->client_auth]);
	if (wc->client_ca != NULL && wc->client_auth ==
	    WEBCONF_NO_CLIENT_CERT)
		return werr(c, get(c, tls, wc->client_ca_file != NULL ?
		    "client_ca_file" : "client_ca"), "tls_server_config: "
		    "client CA set, but client_auth_type is NoClientCert");
	if (wc->allowed_sans != NULL && wc->client_auth !=
	    WEBCONF_REQUIRE_ANY_CLIENT_CERT && wc->client_auth !=
	    WEBCONF_REQUIRE_AND_VERIFY_CLIENT_CERT)
		return werr(c, get(c, tls, "client_allowed_sans"),
		    "tls_server_config: client_allowed_sans needs "
		    "client_auth_type RequireAnyClientCert or "
		    "RequireAndVerifyClientCert");
	return 0;
}

/*
 * The certificate and key must be PEM that GnuTLS reads and that belong
 * together; the client CA, PEM certificates. Errors name the key.
 */
static int
check_pem(struct wctx *c, yaml_node_t *tls)
{
	struct webconf			*wc = c->wc;
	gnutls_certificate_credentials_t cred;
	gnutls_datum_t			 cert, key, ca;
	int				 rc;

	if (gnutls_certificate_allocate_credentials(&cred) < 0)
		return werr(c, tls, "tls_server_config: GnuTLS cannot start");
	cert.data = (unsigned char *)wc->cert;
	cert.size = (unsigned int)strlen(wc->cert);
	key.data = (unsigned char *)wc->key;
	key.size = (unsigned int)strlen(wc->key);
	rc = gnutls_certificate_set_x509_key_mem(cred, &cert, &key,
	    GNUTLS_X509_FMT_PEM);
	if (rc < 0) {
		gnutls_certificate_free_credentials(cred);
		return werr(c, get(c, tls, wc->key_file != NULL ? "key_file" :
		    "key"), "tls_server_config: cert_file and key_file: %s",
		    gnutls_strerror(rc));
	}
	if (wc->client_ca != NULL) {
		ca.data = (unsigned char *)wc->client_ca;
		ca.size = (unsigned int)strlen(wc->client_ca);
		if ((rc = gnutls_certificate_set_x509_trust_mem(cred, &ca,
		    GNUTLS_X509_FMT_PEM)) <= 0) {
			gnutls_certificate_free_credentials(cred);
			return werr(c, get(c, tls, wc->client_ca_file != NULL ?
			    "client_ca_file" : "client_ca"),
			    "tls_server_config: client CA: %s", rc < 0 ?
			    gnutls_strerror(rc) : "no certificate in it");
		}
	}
	gnutls_certificate_free_credentials(cred);
	return 0;
}

static int
parse_tls(struct wctx *c, yaml_node_t *tls)
{
	struct webconf	*wc = c->wc;
	const char	*const skip[] = { "cipher_suites",
			    "prefer_server_cipher_suites", "curve_preferences",
			    NULL };
	size_t		 i;

	if (tls == NULL || is_null(tls))
		return 0;
	if (check_map(c, tls, "tls_server_config", tls_keys) == -1)
		return -1;
	wc->tls = 1;
	if (pem_pair(c, tls, "cert", "cert_file", &wc->cert,
	    &wc->cert_file) == -1 || pem_pair(c, tls, "key", "key_file",
	    &wc->key, &wc->key_file) == -1)
		return -1;
	if (wc->cert == NULL)
		return werr(c, tls, "tls_server_config: missing cert_file "
		    "(or cert)");
	if (wc->key == NULL)
		return werr(c, tls, "tls_server_config: missing key_file "
		    "(or key)");
	if (tls_version(c, tls, "min_version", WEBCONF_TLS12,
	    &wc->min_version) == -1 || tls_version(c, tls, "max_version",
	    WEBCONF_TLS13, &wc->max_version) == -1)
		return -1;
	if (wc->min_version > wc->max_version)
		return werr(c, get(c, tls, "min_version"), "tls_server_config: "
		    "min_version %s is above max_version %s",
		    webconf_tls_version_name(wc->min_version),
		    webconf_tls_version_name(wc->max_version));
	for (i = 0; skip[i] != NULL; i++)
		if (get(c, tls, skip[i]) != NULL)
			ignore(wc, skip[i]);
	if (parse_client_auth(c, tls) == -1)
		return -1;
	return check_pem(c, tls);
}

static int
parse_http(struct wctx *c, yaml_node_t *http)
{
	struct webconf		*wc = c->wc;
	yaml_node_t		*h;
	yaml_node_pair_t	*p;
	struct webconf_header	*d;

	if (http == NULL || is_null(http))
		return 0;
	if (check_map(c, http, "http_server_config", http_keys) == -1)
		return -1;
	if (get(c, http, "http2") != NULL)
		ignore(wc, "http2");
	if ((h = get(c, http, "headers")) == NULL || is_null(h))
		return 0;
	if (check_map(c, h, "http_server_config: headers", header_keys) == -1)
		return -1;
	wc->headers = xcalloc((size_t)(h->data.mapping.pairs.top -
	    h->data.mapping.pairs.start) + 1, sizeof(*wc->headers));
	for (p = h->data.mapping.pairs.start; p < h->data.mapping.pairs.top;
	    p++) {
		if (is_null(node(c, p->value)) || (scalar(node(c, p->value)) !=
		    NULL && *scalar(node(c, p->value)) == '\0'))
			continue;	/* "Unset if blank." */
		if (scalar(node(c, p->value)) == NULL ||
		    strpbrk(scalar(node(c, p->value)), "\r\n") != NULL)
			return werr(c, node(c, p->value), "http_server_config: "
			    "headers: %s must be a one-line string",
			    scalar(node(c, p->key)));
		d = &wc->headers[wc->nheaders++];
		d->name = xstrdup(scalar(node(c, p->key)));
		d->value = xstrdup(scalar(node(c, p->value)));
	}
	return 0;
}

/* "$2a$", "$2b$" or "$2y$", a two-digit cost, "$", 53 chars of ./A-Za-z0-9. */
static int
bcrypt_hash_ok(const char *h)
{
	return strlen(h) == BCRYPT_LEN && h[0] == '$' && h[1] == '2' &&
	    (h[2] == 'a' || h[2] == 'b' || h[2] == 'y') && h[3] == '$' &&
	    h[4] >= '0' && h[4] <= '3' && h[5] >= '0' && h[5] <= '9' &&
	    h[6] == '$' && strspn(h + 7, "./ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789") == BCRYPT_LEN - 7;
}

static int
parse_users(struct wctx *c, yaml_node_t *u)
{
	struct webconf		*wc = c->wc;
	yaml_node_pair_t	*p;
	const char		*name, *hash;
	size_t			 i;

	if (u == NULL || is_null(u))
		return 0;
	if (check_map(c, u, "basic_auth_users", NULL) == -1)
		return -1;
	wc->users = xcalloc((size_t)(u->data.mapping.pairs.top -
	    u->data.mapping.pairs.start) + 1, sizeof(*wc->users));
	for (p = u->data.mapping.pairs.start; p < u->data.mapping.pairs.top;
	    p++) {
		name = scalar(node(c, p->key));
		if (*name == '\0' || strchr(name, ':') != NULL)
			return werr(c, node(c, p->key), "basic_auth_users: "
			    "user \"%s\": a name must be non-empty, without "
			    "':'", name);
		for (i = 0; i < wc->nusers; i++)
			if (strcmp(wc->users[i].name, name) == 0)
				return werr(c, node(c, p->key),
				    "basic_auth_users: user \"%s\" twice",
				    name);
		if ((hash = scalar(node(c, p->value))) == NULL ||
		    !bcrypt_hash_ok(hash))
			return werr(c, node(c, p->value), "basic_auth_users: "
			    "user \"%s\": not a bcrypt hash ($2y$10$ and 53 "
			    "characters, e.g. from htpasswd -nBC 10 \"\")",
			    name);
		wc->users[wc->nusers].name = xstrdup(name);
		wc->users[wc->nusers++].hash = xstrdup(hash);
	}
	return 0;
}

static int
parse_root(struct wctx *c, yaml_node_t *root)
{
	if (root == NULL || is_null(root))
		return 0;	/* an empty file: no TLS, no users */
	if (check_map(c, root, "the web configuration", top_keys) == -1)
		return -1;
	if (get(c, root, "rate_limit") != NULL)
		ignore(c->wc, "rate_limit");
	return parse_tls(c, get(c, root, "tls_server_config")) == -1 ||
	    parse_http(c, get(c, root, "http_server_config")) == -1 ||
	    parse_users(c, get(c, root, "basic_auth_users")) == -1 ? -1 : 0;
}

struct webconf *
webconf_parse(const char *name, const char *text, size_t len, char *err,
    size_t errlen)
{
	struct wctx	 c;
	yaml_parser_t	 parser;
	yaml_document_t	 doc;
	const char	*slash;
	int		 rc = -1;

	memset(&c, 0, sizeof(c));
	c.name = name;
	c.err = err;
	c.errlen = errlen;
	c.doc = &doc;
	c.wc = xcalloc(1, sizeof(*c.wc));
	c.wc->path = xstrdup(name);
	if ((slash = strrchr(name, '/')) != NULL)
		c.dir = xstrndup(name, (size_t)(slash - name));
	if (!yaml_parser_initialize(&parser))
		goto out;
	yaml_parser_set_input_string(&parser, (const unsigned char *)text,
	    len);
	if (!yaml_parser_load(&parser, &doc)) {
		snprintf(err, errlen, "%s:%zu: %s", name,
		    parser.problem_mark.line + 1, parser.problem != NULL ?
		    parser.problem : "YAML error");
		yaml_parser_delete(&parser);
		goto out;
	}
	rc = parse_root(&c, yaml_document_get_root_node(&doc));
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
out:
	free(c.dir);
	if (rc == -1) {
		webconf_free(c.wc);
		return NULL;
	}
	return c.wc;
}

struct webconf *
webconf_load(const char *path, char *err, size_t errlen)
{
	struct webconf	*wc;
	char		*text;

	if ((text = slurp(path)) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	wc = webconf_parse(path, text, strlen(text), err, errlen);
	free(text);
	return wc;
}

static void
free_secret(char *s)
{
	if (s == NULL)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}

void
webconf_free(struct webconf *wc)
{
	size_t	 i;

	if (wc == NULL)
		return;
	free(wc->path);
	free(wc->cert);
	free_secret(wc->key);
	free(wc->client_ca);
	free(wc->cert_file);
	free(wc->key_file);
	free(wc->client_ca_file);
	for (i = 0; wc->allowed_sans != NULL && wc->allowed_sans[i] != NULL;
	    i++)
		free(wc->allowed_sans[i]);
	free(wc->allowed_sans);
	for (i = 0; i < wc->nusers; i++) {
		free(wc->users[i].name);
		free(wc->users[i].hash);
	}
	free(wc->users);
	for (i = 0; i < wc->nheaders; i++) {
		free(wc->headers[i].name);
		free(wc->headers[i].value);
	}
	free(wc->headers);
	free(wc);
}

const char *
webconf_user_hash(const struct webconf *wc, const char *user)
{
	size_t	 i;

	for (i = 0; i < wc->nusers; i++)
		if (strcmp(wc->users[i].name, user) == 0)
			return wc->users[i].hash;
	return NULL;
}

const char *
webconf_tls_version_name(enum webconf_tls_version v)
{
	switch (v) {
	case WEBCONF_TLS10:
		return "TLS10";
	case WEBCONF_TLS11:
		return "TLS11";
	case WEBCONF_TLS12:
		return "TLS12";
	default:
		return "TLS13";
	}
}
