/*
 * webauth.h: HTTP basic authentication against the bcrypt hashes of a web
 * configuration (webconf.h), as the exporter-toolkit does it. A user that
 * does not exist costs one bcrypt all the same (against a fixed hash), so
 * the time taken does not tell which names exist, and hashes are compared
 * in constant time. A check that succeeded is remembered by a SHA-256 of
 * (user, hash, password), so a scrape every few seconds pays bcrypt (about
 * 70 ms at cost 10) once, not each time; a changed hash or password misses.
 */
#ifndef WEBAUTH_H
#define WEBAUTH_H

#include <stddef.h>

#include "webconf.h"

#define WEBAUTH_CACHE	64	/* remembered successful checks */
#define WEBAUTH_MAX	1024	/* longest user:password accepted */

struct webauth;

struct webauth *webauth_new(void);
void	 webauth_free(struct webauth *);
/*
 * 1 if header (the Authorization value, "Basic base64(user:password)")
 * names a user of wc with that password; else 0. Thread-safe.
 */
int	 webauth_check(struct webauth *, const struct webconf *wc,
	    const char *header);
/*
 * Whether the TLS session (a gnutls_session_t) meets wc's client_auth_type
 * and client_allowed_sans: 0, or -1 with why ("client certificate
 * required", "client certificate not trusted: ...", "no allowed SAN").
 */
int	 webauth_peer(void *session, const struct webconf *wc, char *why,
	    size_t len);
/*
 * Parse an Authorization value "Basic <base64 of user:password>" (scheme
 * case-insensitive, RFC 7617) into user and pass (NUL-terminated, each
 * buffer WEBAUTH_MAX + 1 bytes). 0, or -1 if it is not that. Pure.
 */
int	 webauth_parse(const char *header, char *user, char *pass);

#endif
