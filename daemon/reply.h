/*
 * reply.h: queueing libmicrohttpd responses: the small answers every
 * handler of the HTTP server gives (text, errors, API replies).
 */
#ifndef REPLY_H
#define REPLY_H

#include <microhttpd.h>

struct api_reply;

/*
 * Queue r (NULL: making it failed) with content type ct and Cache-Control:
 * no-store, and drop the caller's reference to it.
 */
enum MHD_Result reply_nostore(struct MHD_Connection *, unsigned int status,
	    const char *ct, struct MHD_Response *r);
/* A copy of body as the answer. */
enum MHD_Result reply_text(struct MHD_Connection *, unsigned int status,
	    const char *ct, const char *body);
/* msg and a newline as text/plain. */
enum MHD_Result reply_error(struct MHD_Connection *, unsigned int status,
	    const char *msg);
/* 503 with msg and Retry-After: secs. */
enum MHD_Result reply_busy(struct MHD_Connection *, int secs,
	    const char *msg);
/* 401 with msg and WWW-Authenticate: challenge. */
enum MHD_Result reply_unauthorized(struct MHD_Connection *,
	    const char *challenge, const char *msg);
/* An API reply; its body is handed over to the response. */
enum MHD_Result reply_api(struct MHD_Connection *, struct api_reply *);

#endif
