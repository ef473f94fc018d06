/*
 * reply.h: queueing libmicrohttpd responses: the small answers every
 * handler of the HTTP server gives (text, errors, API replies).
 */
#ifndef REPLY_H
#define REPLY_H

#include <microhttpd.h>

struct api_reply;
struct webconf;

/*
 * The headers every answer carries: X-Content-Type-Options: nosniff,
 * Referrer-Policy: no-referrer, and for HTML and SVG a Content-Security-
 * Policy that lets a page use its own inline style and script and images
 * from this server and nothing else, nor be framed. The web config's
 * http_server_config.headers (wc, or NULL) are added too, and replace a
 * default of the same name. Set before the server starts; a later call
 * replaces the set (wc NULL: the defaults only).
 */
void	 reply_headers_set(const struct webconf *wc);
/* Add them to r, whose content type is ct. */
void	 reply_headers_add(struct MHD_Response *r, const char *ct);

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
