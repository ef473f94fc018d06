/*
 * http.h: the HTTP server (libmicrohttpd, epoll with an internal thread
 * pool). Routes requests to /metrics, /healthz and the API; enforces the
 * connection, per-IP, timeout and body limits of the config.
 */
#ifndef HTTP_H
#define HTTP_H

#include <stddef.h>
#include <stdint.h>

struct buf;
struct config;
struct expo;
struct http;
struct registry;

/* Listen as conf says; NULL with err set on failure. */
struct http *http_start(struct registry *, struct expo *,
	    const struct config *, char *err, size_t errlen);
/* The bound port (useful with port 0). */
int	 http_port(const struct http *);
/* Stop accepting, finish requests in flight, free. */
void	 http_stop(struct http *);
/*
 * A part of the /metrics tail (expo_add_tail; arg is the struct http): the
 * connection guard's and the graph renders' counters, and a number that
 * moves when they do.
 */
void	 http_metrics(void *arg, struct buf *, int om);
uint64_t http_metrics_gen(void *arg);

#endif
