/* webauth.c: basic authentication with bcrypt hashes (see webauth.h). */
#include <crypt.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <arpa/inet.h>

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "log.h"
#include "webauth.h"
#include "xmalloc.h"

#define DIGEST_LEN	32
/* A valid bcrypt hash no password is known for: users that do not exist. */
#define WEBAUTH_DUMMY	"$2y$10$ZjbjR8wRnFyIr0TUtrydLeUCI2bJRN6MSCTD1RIz8w.FGkcyk/K1W"

struct webauth {
	pthread_mutex_t	 lock;
	uint8_t		 cache[WEBAUTH_CACHE][DIGEST_LEN];
	size_t		 ncache, next;	/* next: the slot replaced next */
};

struct webauth *
webauth_new(void)
{
	struct webauth	*a;

	a = xcalloc(1, sizeof(*a));
	pthread_mutex_init(&a->lock, NULL);
	return a;
}

void
webauth_free(struct webauth *a)
{
	if (a == NULL)
		return;
	pthread_mutex_destroy(&a->lock);
	explicit_bzero(a->cache, sizeof(a->cache));
	free(a);
}

static int
b64_value(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Standard base64 with padding into out (at most max bytes); length or -1. */
static ssize_t
b64_decode(const char *s, size_t len, char *out, size_t max)
{
	uint32_t	 acc = 0;
	size_t		 i, pad = 0, n = 0;
	int		 v, bits = 0;

	if (len == 0 || len % 4 != 0)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] == '=') {
			if (i < len - 2 || (i == len - 2 && s[len - 1] != '='))
				return -1;
			pad++;
			continue;
		}
		if ((v = b64_value((unsigned char)s[i])) == -1)
			return -1;
		acc = (acc << 6) | (uint32_t)v;
		if ((bits += 6) >= 8) {
			bits -= 8;
			if (n == max)
				return -1;
			out[n++] = (char)((acc >> bits) & 0xff);
		}
	}
	(void)pad;
	return (ssize_t)n;
}

int
webauth_parse(const char *header, char *user, char *pass)
{
	char	 buf[WEBAUTH_MAX + 1], *colon;
	ssize_t	 n;
	size_t	 len;

	if (header == NULL || strncasecmp(header, "Basic ", 6) != 0)
		return -1;
	header += 6;
	while (*header == ' ')
		header++;
	len = strlen(header);
	while (len > 0 && header[len - 1] == ' ')
		len--;
	if ((n = b64_decode(header, len, buf, WEBAUTH_MAX)) < 0)
		return -1;
	buf[n] = '\0';
	if (memchr(buf, '\0', (size_t)n) != NULL ||
	    (colon = strchr(buf, ':')) == NULL) {
		explicit_bzero(buf, sizeof(buf));
		return -1;
	}
	*colon = '\0';
	strcpy(user, buf);
	strcpy(pass, colon + 1);
	explicit_bzero(buf, sizeof(buf));
	return 0;
}

/* a == b over n bytes, in time independent of where they differ. */
static int
same(const void *a, const void *b, size_t n)
{
	const uint8_t	*x = a, *y = b;
	uint8_t		 d = 0;
	size_t		 i;

	for (i = 0; i < n; i++)
		d |= x[i] ^ y[i];
	return d == 0;
}

static void
digest(const char *user, const char *hash, const char *pass,
    uint8_t out[DIGEST_LEN])
{
	size_t	 lu = strlen(user) + 1, lh = strlen(hash) + 1;
	size_t	 lp = strlen(pass);
	char	*buf;

	buf = xmalloc(lu + lh + lp + 1);
	memcpy(buf, user, lu);
	memcpy(buf + lu, hash, lh);
	memcpy(buf + lu + lh, pass, lp);
	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, buf, lu + lh + lp, out) < 0)
		fatalx("webauth: SHA-256 failed");
	explicit_bzero(buf, lu + lh + lp);
	free(buf);
}

static int
cached(struct webauth *a, const uint8_t d[DIGEST_LEN])
{
	size_t	 i;
	int	 hit = 0;

	pthread_mutex_lock(&a->lock);
	for (i = 0; i < a->ncache; i++)
		hit |= same(a->cache[i], d, DIGEST_LEN);
	pthread_mutex_unlock(&a->lock);
	return hit;
}

static void
remember(struct webauth *a, const uint8_t d[DIGEST_LEN])
{
	pthread_mutex_lock(&a->lock);
	memcpy(a->cache[a->next], d, DIGEST_LEN);
	a->next = (a->next + 1) % WEBAUTH_CACHE;
	if (a->ncache < WEBAUTH_CACHE)
		a->ncache++;
	pthread_mutex_unlock(&a->lock);
}

/* bcrypt of pass against hash; 1 on a match. */
static int
bcrypt_match(const char *pass, const char *hash)
{
	struct crypt_data	*cd;
	const char		*r;
	int			 ok;

	cd = xcalloc(1, sizeof(*cd));
	r = crypt_rn(pass, hash, cd, sizeof(*cd));
	ok = r != NULL && strlen(r) == strlen(hash) && same(r, hash,
	    strlen(hash));
	explicit_bzero(cd, sizeof(*cd));
	free(cd);
	return ok;
}

int
webauth_check(struct webauth *a, const struct webconf *wc, const char *header)
{
	char		 user[WEBAUTH_MAX + 1], pass[WEBAUTH_MAX + 1];
	const char	*hash;
	uint8_t		 d[DIGEST_LEN];
	int		 ok = 0;

	if (webauth_parse(header, user, pass) == -1)
		return 0;
	if ((hash = webconf_user_hash(wc, user)) == NULL) {
		(void)bcrypt_match(pass, WEBAUTH_DUMMY);
		goto out;
	}
	digest(user, hash, pass, d);
	if (cached(a, d))
		ok = 1;
	else if ((ok = bcrypt_match(pass, hash)))
		remember(a, d);
out:
	explicit_bzero(pass, sizeof(pass));
	explicit_bzero(d, sizeof(d));
	return ok;
}

/* Whether one of crt's subject alternative names is in sans. */
static int
san_allowed(gnutls_x509_crt_t crt, char *const *sans)
{
	char		 buf[1024], ip[INET6_ADDRSTRLEN];
	const char	*name;
	size_t		 size, j;
	unsigned int	 i;
	int		 type;

	for (i = 0;; i++) {
		size = sizeof(buf) - 1;
		type = gnutls_x509_crt_get_subject_alt_name(crt, i, buf, &size,
		    NULL);
		if (type == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			return 0;
		if (type < 0)
			continue;
		buf[size] = '\0';
		name = buf;
		if (type == GNUTLS_SAN_IPADDRESS) {
			if (inet_ntop(size == 4 ? AF_INET : AF_INET6, buf, ip,
			    sizeof(ip)) == NULL)
				continue;
			name = ip;
		}
		for (j = 0; sans[j] != NULL; j++)
			if (strcmp(sans[j], name) == 0)
				return 1;
	}
}

/* The SANs of the peer's first certificate against wc's list. */
static int
peer_sans(gnutls_session_t s, const struct webconf *wc, char *why, size_t len)
{
	const gnutls_datum_t	*certs;
	gnutls_x509_crt_t	 crt;
	unsigned int		 n = 0;
	int			 ok;

	if ((certs = gnutls_certificate_get_peers(s, &n)) == NULL || n == 0 ||
	    gnutls_x509_crt_init(&crt) < 0) {
		snprintf(why, len, "client certificate unreadable");
		return -1;
	}
	ok = gnutls_x509_crt_import(crt, &certs[0], GNUTLS_X509_FMT_DER) >= 0 &&
	    san_allowed(crt, wc->allowed_sans);
	gnutls_x509_crt_deinit(crt);
	if (!ok)
		snprintf(why, len, "client certificate has no SAN in "
		    "client_allowed_sans");
	return ok ? 0 : -1;
}

int
webauth_peer(void *session, const struct webconf *wc, char *why, size_t len)
{
	gnutls_session_t	 s = session;
	unsigned int		 n = 0, status = 0;
	int			 has, verify;

	if (wc->client_auth == WEBCONF_NO_CLIENT_CERT ||
	    wc->client_auth == WEBCONF_REQUEST_CLIENT_CERT)
		return 0;
	has = s != NULL && gnutls_certificate_get_peers(s, &n) != NULL &&
	    n > 0;
	verify = wc->client_auth == WEBCONF_VERIFY_CLIENT_CERT_IF_GIVEN ||
	    wc->client_auth == WEBCONF_REQUIRE_AND_VERIFY_CLIENT_CERT;
	if (!has && wc->client_auth != WEBCONF_VERIFY_CLIENT_CERT_IF_GIVEN) {
		snprintf(why, len, "client certificate required");
		return -1;
	}
	if (has && verify && (gnutls_certificate_verify_peers2(s,
	    &status) < 0 || status != 0)) {
		snprintf(why, len, "client certificate not trusted");
		return -1;
	}
	if (has && wc->allowed_sans != NULL)
		return peer_sans(s, wc, why, len);
	return 0;
}
