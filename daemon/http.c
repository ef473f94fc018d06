/*
 * http.c: libmicrohttpd server and request routing (see http.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "buf.h"
#include "config.h"
#include "http.h"
#include "log.h"
#include "metrics.h"
#include "registry.h"
#include "xmalloc.h"

#define HTTP_THREADS	4

struct http {
	struct MHD_Daemon	*d;
	struct registry		*reg;
	int			 port;
};

/* A /metrics response: the snapshot stays referenced until MHD is done. */
struct metrics_resp {
	struct snapshot	*snap;
	char		*tail;
	unsigned char	*tailgz;
};

static void
http_logger(void *cls, const char *fmt, va_list ap)
{
	char	 msg[512];
	size_t	 n;

	(void)cls;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	while (n > 0 && msg[n - 1] == '\n')
		msg[--n] = '\0';
	log_debug("http: %s", msg);
}

static enum MHD_Result
respond(struct MHD_Connection *c, unsigned int status, const char *ct,
    const char *body)
{
	struct MHD_Response	*r;
	enum MHD_Result		 rc;

	r = MHD_create_response_from_buffer(strlen(body), (void *)body,
	    MHD_RESPMEM_MUST_COPY);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ct);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result
respond_error(struct MHD_Connection *c, unsigned int status, const char *msg)
{
	char	 body[1024];

	snprintf(body, sizeof(body), "%s\n", msg);
	return respond(c, status, "text/plain; charset=utf-8", body);
}

/* 1 if header h of c lists token (case-insensitive), not with q=0. */
static int
header_accepts(struct MHD_Connection *c, const char *h, const char *token)
{
	const char	*v, *p, *end;
	size_t		 tl = strlen(token);

	v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, h);
	for (p = v; p != NULL && (p = strcasestr(p, token)) != NULL; p += tl) {
		end = p + tl + strcspn(p + tl, ",");
		if (memmem(p, (size_t)(end - p), "q=0", 3) != NULL &&
		    memmem(p, (size_t)(end - p), "q=0.", 4) == NULL)
			continue;
		return 1;
	}
	return 0;
}

static void
metrics_resp_free(void *cls)
{
	struct metrics_resp	*m = cls;

	snapshot_unref(m->snap);
	free(m->tail);
	free(m->tailgz);
	free(m);
}

/*
 * The registry part comes from the snapshot as rendered at its last change;
 * the process_* part is rendered now and appended (as a second gzip member,
 * which every gzip reader concatenates).
 */
static enum MHD_Result
serve_metrics(struct http *h, struct MHD_Connection *c)
{
	struct metrics_resp	*m;
	struct MHD_Response	*r;
	struct MHD_IoVec	 iov[2];
	struct expo		*e;
	struct buf		 tail;
	enum MHD_Result		 rc;
	size_t			 taillen, tailgzlen;
	int			 om, gz;

	om = header_accepts(c, MHD_HTTP_HEADER_ACCEPT,
	    "application/openmetrics-text");
	gz = header_accepts(c, MHD_HTTP_HEADER_ACCEPT_ENCODING, "gzip");
	m = xcalloc(1, sizeof(*m));
	m->snap = registry_snapshot(h->reg);
	e = om ? &m->snap->om : &m->snap->prom;
	buf_init(&tail, 2048);
	metrics_process(&tail, om, h->reg->start_time);
	m->tail = buf_release(&tail, &taillen);
	if (gz && e->gz != NULL && metrics_gzip(m->tail, taillen, 1,
	    &m->tailgz, &tailgzlen) == 0) {
		iov[0].iov_base = e->gz;
		iov[0].iov_len = e->gzlen;
		iov[1].iov_base = m->tailgz;
		iov[1].iov_len = tailgzlen;
	} else {
		gz = 0;
		iov[0].iov_base = e->text;
		iov[0].iov_len = e->len;
		iov[1].iov_base = m->tail;
		iov[1].iov_len = taillen;
	}
	if ((r = MHD_create_response_from_iovec(iov, 2, metrics_resp_free,
	    m)) == NULL) {
		metrics_resp_free(m);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	    om ? METRICS_CT_OM : METRICS_CT_PROM);
	MHD_add_response_header(r, MHD_HTTP_HEADER_VARY,
	    "Accept, Accept-Encoding");
	if (gz)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING,
		    "gzip");
	rc = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result
serve_index(struct MHD_Connection *c)
{
	return respond(c, MHD_HTTP_OK, "text/plain; charset=utf-8",
	    "indicatord " INDICATORD_VERSION "\n"
	    "GET /metrics  Prometheus metrics\n"
	    "GET /healthz  liveness\n");
}

static enum MHD_Result
route_get(struct http *h, struct MHD_Connection *c, const char *url)
{
	if (strcmp(url, "/metrics") == 0)
		return serve_metrics(h, c);
	if (strcmp(url, "/healthz") == 0)
		return respond(c, MHD_HTTP_OK, "text/plain; charset=utf-8",
		    "ok\n");
	if (strcmp(url, "/") == 0)
		return serve_index(c);
	return respond_error(c, MHD_HTTP_NOT_FOUND, "not found");
}

static enum MHD_Result
handler(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct http		*h = cls;
	struct MHD_Response	*r;
	enum MHD_Result		 rc;

	(void)version;
	(void)upload_data;
	(void)con_cls;
	if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0) {
		if (*upload_data_size != 0)
			return respond_error(c, MHD_HTTP_BAD_REQUEST,
			    "GET with a body");
		return route_get(h, c, url);
	}
	r = MHD_create_response_from_buffer(strlen("method not allowed\n"),
	    (void *)"method not allowed\n", MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	rc = MHD_queue_response(c, MHD_HTTP_METHOD_NOT_ALLOWED, r);
	MHD_destroy_response(r);
	return rc;
}

/* "localhost" means 127.0.0.1; otherwise a literal IPv4 or IPv6 address. */
static int
make_addr(const char *host, int port, struct sockaddr_storage *ss,
    char *err, size_t errlen)
{
	struct sockaddr_in	*sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6	*sin6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (strcmp(host, "localhost") == 0)
		host = "127.0.0.1";
	if (inet_pton(AF_INET, host, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)port);
		return AF_INET;
	}
	if (inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)port);
		return AF_INET6;
	}
	snprintf(err, errlen, "listen: \"%s\" is not an IP address", host);
	return -1;
}

struct http *
http_start(struct registry *reg, const struct config *conf, char *err,
    size_t errlen)
{
	struct sockaddr_storage	 ss;
	const union MHD_DaemonInfo *di;
	struct http		*h;
	unsigned int		 flags;
	int			 af;

	if ((af = make_addr(conf->listen_host, conf->listen_port, &ss, err,
	    errlen)) == -1)
		return NULL;
	h = xcalloc(1, sizeof(*h));
	h->reg = reg;
	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_ERROR_LOG | (af == AF_INET6 ? MHD_USE_IPv6 : 0);
	h->d = MHD_start_daemon(flags, (uint16_t)conf->listen_port, NULL, NULL,
	    handler, h,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)HTTP_THREADS,
	    MHD_OPTION_CONNECTION_LIMIT,
	    (unsigned int)conf->http.max_connections,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	    (unsigned int)conf->http.per_ip_connections,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)conf->http.timeout,
	    MHD_OPTION_SIGPIPE_HANDLED_BY_APP, 1,
	    MHD_OPTION_EXTERNAL_LOGGER, http_logger, NULL,
	    MHD_OPTION_END);
	if (h->d == NULL) {
		snprintf(err, errlen, "cannot listen on %s:%d: %s",
		    conf->listen_host, conf->listen_port, strerror(errno));
		free(h);
		return NULL;
	}
	di = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
	h->port = di != NULL ? di->port : conf->listen_port;
	return h;
}

int
http_port(const struct http *h)
{
	return h->port;
}

void
http_stop(struct http *h)
{
	if (h == NULL)
		return;
	MHD_stop_daemon(h->d);
	free(h);
}
