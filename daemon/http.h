/*
 * http.h: the HTTP server (libmicrohttpd, epoll with an internal thread
 * pool). Routes requests to /metrics, /healthz and the API; enforces the
 * connection, per-IP, timeout and body limits of the config.
 */
#ifndef HTTP_H
#define HTTP_H

#include <stddef.h>

struct registry;
struct config;
struct http;

/* Listen as conf says; NULL with err set on failure. */
struct http *http_start(struct registry *, const struct config *, char *err,
	    size_t errlen);
/* The bound port (useful with port 0). */
int	 http_port(const struct http *);
/* Stop accepting, finish requests in flight, free. */
void	 http_stop(struct http *);

#endif
