/*
 * webconf.h: the web configuration file of the Prometheus exporter-toolkit
 * (the --web.config.file of node_exporter and the other exporters), read
 * unchanged: TLS (cert and key, inline or in files; client certificates
 * with client_auth_type, client_ca, client_allowed_sans; min and max
 * version), basic_auth_users with bcrypt hashes. Keys the toolkit has that
 * indicatord does not apply (cipher_suites, curve_preferences,
 * prefer_server_cipher_suites, http2, rate_limit, http_server_config's
 * headers) are checked, kept and reported in webconf.ignored, so a
 * file shared with an exporter still loads; any other key is an error, as
 * the toolkit's strict YAML decoding makes it. Parsing never logs: the
 * first error is "FILE:LINE: message" in the caller's buffer.
 */
#ifndef WEBCONF_H
#define WEBCONF_H

#include <stddef.h>

/* crypto/tls ClientAuthType, as the toolkit spells them. */
enum webconf_client_auth {
	WEBCONF_NO_CLIENT_CERT = 0,
	WEBCONF_REQUEST_CLIENT_CERT,
	WEBCONF_REQUIRE_ANY_CLIENT_CERT,
	WEBCONF_VERIFY_CLIENT_CERT_IF_GIVEN,
	WEBCONF_REQUIRE_AND_VERIFY_CLIENT_CERT
};

/* TLS versions, ordered. */
enum webconf_tls_version {
	WEBCONF_TLS10 = 10,
	WEBCONF_TLS11 = 11,
	WEBCONF_TLS12 = 12,
	WEBCONF_TLS13 = 13
};

struct webconf_user {
	char		*name;
	char		*hash;		/* bcrypt: $2a$, $2b$ or $2y$, 60 chars */
};

struct webconf_header {
	char		*name;		/* as the toolkit allows them */
	char		*value;
};

struct webconf {
	char		*path;
	int		 tls;		/* tls_server_config present */
	char		*cert;		/* PEM text, from cert or cert_file */
	char		*key;		/* PEM text, from key or key_file */
	char		*client_ca;	/* PEM text, or NULL */
	char		*cert_file, *key_file, *client_ca_file;	/* or NULL */
	enum webconf_client_auth client_auth;
	char		**allowed_sans;	/* NULL-terminated, or NULL */
	enum webconf_tls_version min_version, max_version;
	struct webconf_user *users;
	size_t		 nusers;
	struct webconf_header *headers;
	size_t		 nheaders;
	char		 ignored[256];	/* "cipher_suites, rate_limit", or "" */
};

/*
 * Read and check path: the YAML, every key and value, the certificate and
 * key files (read here, so that a bad path is an error now). NULL with err.
 */
struct webconf *webconf_load(const char *path, char *err, size_t errlen);
/* The same from text; name is used in messages and for relative paths. */
struct webconf *webconf_parse(const char *name, const char *text, size_t len,
	    char *err, size_t errlen);
void	 webconf_free(struct webconf *);
/* The user's bcrypt hash, or NULL. */
const char *webconf_user_hash(const struct webconf *, const char *user);
/* "TLS12" for WEBCONF_TLS12 ... */
const char *webconf_tls_version_name(enum webconf_tls_version);

#endif
