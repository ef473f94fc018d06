/*
 * reply.c: small libmicrohttpd answers (see reply.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "buf.h"
#include "reply.h"

enum MHD_Result
reply_nostore(struct MHD_Connection *c, unsigned int status, const char *ct,
    struct MHD_Response *r)
{
	enum MHD_Result	 rc;

	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ct);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
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
