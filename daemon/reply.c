/*
 * reply.c: small libmicrohttpd answers (see reply.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api.h"
#include "buf.h"
#include "reply.h"
#include "webconf.h"
#include "xmalloc.h"

#define REPLY_CSP	"default-src 'none'; img-src 'self'; style-src " \
	"'unsafe-inline'; script-src 'unsafe-inline'; form-action 'self'; " \
	"base-uri 'none'; frame-ancestors 'none'"
#define REPLY_MAXHDR	8

/* The web config's headers; written only before the server's threads. */
static struct webconf_header	 reply_hdr[REPLY_MAXHDR];
static size_t			 reply_nhdr;

void
reply_headers_set(const struct webconf *wc)
{
	size_t	 i;

	for (i = 0; i < reply_nhdr; i++) {
		free(reply_hdr[i].name);
		free(reply_hdr[i].value);
	}
	reply_nhdr = 0;
	for (i = 0; wc != NULL && i < wc->nheaders && i < REPLY_MAXHDR; i++) {
		reply_hdr[i].name = xstrdup(wc->headers[i].name);
		reply_hdr[i].value = xstrdup(wc->headers[i].value);
		reply_nhdr++;
	}
}

/* Whether the web config sets header name. */
static int
reply_configured(const char *name)
{
	size_t	 i;

	for (i = 0; i < reply_nhdr; i++)
		if (strcasecmp(reply_hdr[i].name, name) == 0)
			return 1;
	return 0;
}

void
reply_headers_add(struct MHD_Response *r, const char *ct)
{
	size_t	 i;

	if (r == NULL)
		return;
	if (!reply_configured("X-Content-Type-Options"))
		MHD_add_response_header(r, "X-Content-Type-Options",
		    "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	if (!reply_configured("Content-Security-Policy") && ct != NULL &&
	    (strncmp(ct, "text/html", 9) == 0 ||
	    strncmp(ct, "image/svg+xml", 13) == 0))
		MHD_add_response_header(r, "Content-Security-Policy",
		    REPLY_CSP);
	for (i = 0; i < reply_nhdr; i++)
		MHD_add_response_header(r, reply_hdr[i].name,
		    reply_hdr[i].value);
}

enum MHD_Result
reply_nostore(struct MHD_Connection *c, unsigned int status, const char *ct,
    struct MHD_Response *r)
{
	enum MHD_Result	 rc;

	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ct);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	reply_headers_add(r, ct);
	rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

enum MHD_Result
reply_text(struct MHD_Connection *c, unsigned int status, const char *ct,
    const char *body)
{
	return reply_nostore(c, status, ct, MHD_create_response_from_buffer(
	    strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY));
}

enum MHD_Result
reply_error(struct MHD_Connection *c, unsigned int status, const char *msg)
{
	char	 body[1024];

	snprintf(body, sizeof(body), "%s\n", msg);
	return reply_text(c, status, "text/plain; charset=utf-8", body);
}

enum MHD_Result
reply_busy(struct MHD_Connection *c, int secs, const char *msg)
{
	struct MHD_Response	*r;
	char			 body[256], ra[16];

	snprintf(body, sizeof(body), "%s\n", msg);
	snprintf(ra, sizeof(ra), "%d", secs);
	r = MHD_create_response_from_buffer(strlen(body), body,
	    MHD_RESPMEM_MUST_COPY);
	if (r != NULL)
		MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, ra);
	return reply_nostore(c, MHD_HTTP_SERVICE_UNAVAILABLE,
	    "text/plain; charset=utf-8", r);
}

enum MHD_Result
reply_unauthorized(struct MHD_Connection *c, const char *challenge,
    const char *msg)
{
	struct MHD_Response	*r;
	char			 body[256];

	snprintf(body, sizeof(body), "%s\n", msg);
	r = MHD_create_response_from_buffer(strlen(body), body,
	    MHD_RESPMEM_MUST_COPY);
	if (r != NULL)
		MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
		    challenge);
	return reply_nostore(c, MHD_HTTP_UNAUTHORIZED,
	    "text/plain; charset=utf-8", r);
}

enum MHD_Result
reply_api(struct MHD_Connection *c, struct api_reply *ar)
{
	struct MHD_Response	*r;
	size_t			 len;
	char			*body;

	body = buf_release(&ar->body, &len);
	if ((r = MHD_create_response_from_buffer_with_free_callback(len, body,
	    free)) == NULL)
		free(body);
	if (r != NULL && ar->vary != NULL)
		MHD_add_response_header(r, MHD_HTTP_HEADER_VARY, ar->vary);
	if (r != NULL && ar->filename[0] != '\0') {
		char	 cd[sizeof(ar->filename) + 32];

		snprintf(cd, sizeof(cd), "attachment; filename=\"%s\"",
		    ar->filename);
		MHD_add_response_header(r,
		    MHD_HTTP_HEADER_CONTENT_DISPOSITION, cd);
	}
	return reply_nostore(c, ar->status, ar->ctype, r);
}
