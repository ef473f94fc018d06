/*
 * httpgraph.h: GET /graph/<id>.png and /graph/<id>.svg for the HTTP
 * server. A graph is served from the image cache while its indicator's
 * data is unchanged; otherwise it
 * is rendered off libmicrohttpd's threads: the connection is suspended,
 * the render queued on a fair bounded work queue (one render at a time, as
 * librrd's graphing is serialised anyway), and the connection resumed with
 * the PNG. A request past the queue's bounds gets 503 with Retry-After at
 * once. The cache key is the parsed query (id, from, to, width, height,
 * language, format, defaults filled in), so equivalent queries share one
 * entry. The language is ?lang=, else Accept-Language, else
 * http.language (the pages' rule); every answer says Vary:
 * Accept-Language.
 */
#ifndef HTTPGRAPH_H
#define HTTPGRAPH_H

#include <stdint.h>

#include <microhttpd.h>

#include "spec.h"

/* The cache's bound on image bytes (plus entry overhead). */
#define HTTPGRAPH_CACHE_BYTES	(64u << 20)
/* Renders running at once, waiting per client address, waiting in all. */
#define HTTPGRAPH_RENDERS	1
#define HTTPGRAPH_PER_CLIENT	8
#define HTTPGRAPH_QUEUE		16

struct registry;
struct buf;
struct httpgraph;
struct httpgraph_render;

/* NULL with errno set when the render thread cannot start. */
struct httpgraph *httpgraph_new(struct registry *);
/*
 * Before libmicrohttpd stops: refuse renders from now on and resume every
 * connection waiting for one (MHD_stop_daemon must find none suspended).
 */
void	 httpgraph_close(struct httpgraph *);
void	 httpgraph_free(struct httpgraph *);
/*
 * Answer GET /graph/<id>.png or .svg (format) on c (the daemon must allow
 * suspend/resume).
 * *pending is NULL on a request's first call. When a render is queued,
 * *pending is set and c suspended; libmicrohttpd calls the handler again
 * once the render is done, which calls this again with *pending to answer.
 * Until the request completes, the caller owns *pending and frees it with
 * httpgraph_render_free.
 */
enum MHD_Result httpgraph_serve(struct httpgraph *, struct MHD_Connection *c,
	    const char *id, enum graph_format format,
	    struct httpgraph_render **pending);
void	 httpgraph_render_free(struct httpgraph_render *);
/* The render queue's counters as metric families (om: OpenMetrics). */
void	 httpgraph_metrics(struct httpgraph *, struct buf *, int om);
/* Changes whenever a counter of httpgraph_metrics does. */
uint64_t httpgraph_metrics_gen(struct httpgraph *);

#endif
