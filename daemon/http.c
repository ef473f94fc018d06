/*
 * http.c: libmicrohttpd server and request routing (see http.h).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "alert.h"
#include "api.h"
#include "buf.h"
#include "config.h"
#include "conns.h"
#include "dashboard.h"
#include "http.h"
#include "httpauth.h"
#include "httpgraph.h"
#include "log.h"
#include "metrics.h"
#include "registry.h"
#include "reply.h"
#include "uri.h"
#include "xmalloc.h"

#define HTTP_THREADS	4
/* The per-IP limit off loopback when the config sets none. */
#define HTTP_PER_IP_DEFAULT	32
/*
 * Open files kept for the rest of the daemon (journal, RRDs, feeds, hooks,
 * lingering closes) when the connection limit is fitted under the
 * process's limit.
 */
#define HTTP_FD_SPARE	(128 + CONNS_LINGER_MAX)
/* A push body is given at most this much room before it arrives. */
#define PUSH_PRESIZE_MAX	(32u << 20)

/*
 * What the tail of /metrics (feed families, process_* and alert counters)
 * was rendered from: while it is unchanged, so is the tail.
 */
struct tail_key {
	uint64_t		 feeds;		/* registry feed_gen */
	struct alerts		*alerts;
	uint64_t		 hooks;		/* alerts_metrics_gen */
	uint64_t		 proc;		/* metrics_process_gen */
	uint64_t		 http;		/* http_metrics_gen */
};

/*
 * The last /metrics response of each gzip format, and the last plain one,
 * queued again while the snapshot and the tail's key are unchanged: one
 * buffer, so MHD sends headers and body with one writev (an iovec
 * response's headers go in a send of their own), and nothing is built per
 * request. One plain slot only: it is megabytes, and Prometheus asks for
 * gzip.
 */
struct metrics_slot {
	struct snapshot		*snap;		/* holds a reference */
	struct tail_key		 key;
	int			 om;
	struct MHD_Response	*r;
};

struct http {
	struct MHD_Daemon	*d;
	struct registry		*reg;
	int			 port;
	size_t			 body_limit;
	struct httpgraph	*graphs;
	struct conns		*conns;
	struct httpauth		*auth;		/* the web configuration */
	pthread_mutex_t		 mlock;		/* gzslot, plainslot */
	struct metrics_slot	 gzslot[2];	/* by om */
	struct metrics_slot	 plainslot;	/* the last format asked for */
};

/*
 * Per-request state (con_cls) of a POST while its body arrives, or of a
 * GET waiting for its graph's render.
 */
struct req {
	struct buf		 body;
	int			 too_large;
	struct httpgraph_render	*render;
};

/* con_cls of a GET between its first and second handler call. */
static char	get_pending;
/*
 * con_cls from the URI log callback, which sees the raw request target:
 * %00 in the path (404) or in the query (400). MHD percent-decodes both
 * and cuts the string at the NUL, so the handler alone would see
 * "/metrics" in "/metrics%00".
 */
static char	bad_path, bad_query;

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

/*
 * The first place of token (tl bytes) in s, case-insensitive: strcasestr
 * without its per-call set-up, which cost more than the scan of a short
 * header (2,500 instructions a scrape for Accept and Accept-Encoding).
 */
static const char *
find_token(const char *s, const char *token, size_t tl)
{
	int	 c0 = tolower((unsigned char)token[0]);

	for (; *s != '\0'; s++)
		if (tolower((unsigned char)*s) == c0 &&
		    strncasecmp(s, token, tl) == 0)
			return s;
	return NULL;
}

/* 1 if header h of c lists token (case-insensitive), not with q=0. */
static int
header_accepts(struct MHD_Connection *c, const char *h, const char *token)
{
	const char	*v, *p, *end;
	size_t		 tl = strlen(token);

	v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, h);
	for (p = v; p != NULL && (p = find_token(p, token, tl)) != NULL;
	    p += tl) {
		end = p + tl + strcspn(p + tl, ",");
		if (memmem(p, (size_t)(end - p), "q=0", 3) != NULL &&
		    memmem(p, (size_t)(end - p), "q=0.", 4) == NULL)
			continue;
		return 1;
	}
	return 0;
}

static void
metrics_headers(struct MHD_Response *r, int om, int gz)
{
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	    om ? METRICS_CT_OM : METRICS_CT_PROM);
	MHD_add_response_header(r, MHD_HTTP_HEADER_VARY,
	    "Accept, Accept-Encoding");
	if (gz)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING,
		    "gzip");
}

static void
metrics_slot_clear(struct metrics_slot *s)
{
	if (s->r != NULL)
		MHD_destroy_response(s->r);
	snapshot_unref(s->snap);
	memset(s, 0, sizeof(*s));
}

/*
 * A gzip response: the exposition as compressed at its render, then the
 * tail compressed now, as one gzip member (metrics_gz_tail), copied into
 * one buffer: MHD sends a buffer response's headers and body with one
 * writev, but an iovec response's headers on their own first, which
 * costs a second send and its round of TCP acknowledgements per scrape.
 */
static struct MHD_Response *
metrics_gz_response(struct snapshot *snap, const char *tail, size_t taillen,
    int om)
{
	struct MHD_Response	*r;
	unsigned char		*tgz, *body, *p;
	size_t			 tgzlen, len;

	if (metrics_gz_tail(snap, om, tail, taillen, &tgz, &tgzlen) == -1)
		return NULL;
	len = METRICS_GZ_HEAD + snap->gzlen[om] + tgzlen;
	p = body = xmalloc(len);
	memcpy(p, metrics_gz_head, METRICS_GZ_HEAD);
	p = metrics_gz_copy(snap, om, p + METRICS_GZ_HEAD);
	memcpy(p, tgz, tgzlen);
	free(tgz);
	if ((r = MHD_create_response_from_buffer_with_free_callback(len, body,
	    free)) == NULL) {
		free(body);
		return NULL;
	}
	metrics_headers(r, om, 1);
	return r;
}

/* What a plain response's pieces point into, let go when MHD is done. */
struct plain_body {
	struct snapshot	*snap;
	char		 tail[];
};

static void
plain_body_free(void *arg)
{
	struct plain_body	*b = arg;

	snapshot_unref(b->snap);
	free(b);
}

/* An OpenMetrics response sent from the snapshot's text and tail room. */
static void
plain_room_free(void *arg)
{
	struct snapshot	*snap = arg;

	metrics_tail_release(snap);
	snapshot_unref(snap);
}

/*
 * A plain response, the snapshot's text never copied (megabytes). For
 * OpenMetrics, what Prometheus asks for, the tail goes into the room after
 * the text and the two are one buffer (*keep: the response may be kept).
 * While an earlier response holds the room, and for text 0.0.4, the
 * response is in pieces (the text's, around the UNIT lines for 0.0.4, and
 * a copy of the tail); MHD sends its headers on their own before them.
 */
static struct MHD_Response *
metrics_plain_response(struct snapshot *snap, const char *tail,
    size_t taillen, int om, int *keep)
{
	struct MHD_Response	*r;
	struct MHD_IoVec	 iov[METRICS_PIECES_MAX + 1];
	struct plain_body	*b;
	const char		*base[METRICS_PIECES_MAX];
	size_t			 len[METRICS_PIECES_MAX], i, n;

	*keep = 1;
	if (om && metrics_tail_place(snap, tail, taillen) == 0) {
		if ((r = MHD_create_response_from_buffer_with_free_callback_cls(
		    metrics_length(snap, 1) + taillen, snap->text,
		    plain_room_free, snapshot_ref(snap))) == NULL) {
			plain_room_free(snap);
			return NULL;
		}
		metrics_headers(r, om, 0);
		return r;
	}
	/* The room's holder is on its way out: try it again next time. */
	*keep = !om;
	b = xmalloc(sizeof(*b) + taillen);
	b->snap = snapshot_ref(snap);
	memcpy(b->tail, tail, taillen);
	n = metrics_pieces(snap, om, base, len);
	for (i = 0; i < n; i++) {
		iov[i].iov_base = base[i];
		iov[i].iov_len = len[i];
	}
	iov[n].iov_base = b->tail;
	iov[n].iov_len = taillen;
	if ((r = MHD_create_response_from_iovec(iov, (unsigned int)n + 1,
	    plain_body_free, b)) == NULL) {
		plain_body_free(b);
		return NULL;
	}
	metrics_headers(r, om, 0);
	return r;
}

/* The connection guard's and the render queue's counters. */
static void
http_metrics(struct http *h, struct buf *b, int om)
{
	struct conns_stats	 st;
	const char		*t = om ? "" : "_total";

	conns_stats(h->conns, &st);
	buf_printf(b, "# HELP indicatord_http_connections_closed%s HTTP "
	    "connections the server ended, by reason: request_timeout (the "
	    "request did not arrive whole within http.request_timeout), "
	    "evicted (the oldest waiting for its request, to make room).\n", t);
	buf_printf(b, "# TYPE indicatord_http_connections_closed%s counter\n",
	    t);
	buf_printf(b, "indicatord_http_connections_closed_total{reason="
	    "\"request_timeout\"} %llu\n", (unsigned long long)st.expired);
	buf_printf(b, "indicatord_http_connections_closed_total{reason="
	    "\"evicted\"} %llu\n", (unsigned long long)st.evicted);
	httpgraph_metrics(h->graphs, b, om);
}

/* Changes whenever a counter of http_metrics does (they only grow). */
static uint64_t
http_metrics_gen(struct http *h)
{
	struct conns_stats	 st;

	conns_stats(h->conns, &st);
	return st.expired + st.evicted + httpgraph_metrics_gen(h->graphs);
}

/* The current key of the tail; read before the tail is rendered. */
static void
tail_key_get(struct http *h, struct tail_key *k)
{
	k->feeds = __atomic_load_n(&h->reg->feed_gen, __ATOMIC_ACQUIRE);
	k->alerts = __atomic_load_n(&h->reg->alerts, __ATOMIC_ACQUIRE);
	k->hooks = alerts_metrics_gen(k->alerts);
	k->proc = metrics_process_gen(h->reg->start_time);
	k->http = http_metrics_gen(h);
}

static int
tail_key_eq(const struct tail_key *a, const struct tail_key *b)
{
	return a->feeds == b->feeds && a->alerts == b->alerts &&
	    a->hooks == b->hooks && a->proc == b->proc && a->http == b->http;
}

/* The tail of format om, rendered now; *len gets its length. */
static char *
tail_render(struct http *h, const struct tail_key *k, int om, size_t *len)
{
	struct buf	 tail;

	buf_init(&tail, 2048);
	metrics_feeds(&tail, om, h->reg);
	metrics_process(&tail, om, h->reg->start_time);
	alerts_metrics(k->alerts, &tail, om);
	http_metrics(h, &tail, om);
	if (om)
		buf_puts(&tail, "# EOF\n");
	return buf_release(&tail, len);
}

/*
 * Queue the kept response of format om (gzip or not), made anew if snap,
 * the format or the tail's key changed. Takes over the caller's reference
 * to snap.
 */
static enum MHD_Result
serve_metrics_kept(struct http *h, struct MHD_Connection *c,
    struct snapshot *snap, const struct tail_key *k, int om, int gz)
{
	struct metrics_slot	*s;
	struct MHD_Response	*r;
	enum MHD_Result		 rc = MHD_NO;
	char			*tail;
	size_t			 taillen;
	int			 i, keep = 1;

	pthread_mutex_lock(&h->mlock);
	/* Slots of an older snapshot go at once: they keep it in memory. */
	for (i = 0; i < 2; i++)
		if (h->gzslot[i].snap != NULL && h->gzslot[i].snap != snap)
			metrics_slot_clear(&h->gzslot[i]);
	if (h->plainslot.snap != NULL && h->plainslot.snap != snap)
		metrics_slot_clear(&h->plainslot);
	s = gz ? &h->gzslot[om] : &h->plainslot;
	if (s->r != NULL && s->om == om && tail_key_eq(&s->key, k)) {
		rc = MHD_queue_response(c, MHD_HTTP_OK, s->r);
		goto out;
	}
	/*
	 * The kept answer is stale: let it go before its successor is built
	 * (it holds its snapshot; MHD frees it once in-flight sends are done).
	 */
	if (s->r != NULL)
		metrics_slot_clear(s);
	/* Render and compress the tail without holding up other scrapes. */
	pthread_mutex_unlock(&h->mlock);
	tail = tail_render(h, k, om, &taillen);
	r = gz ? metrics_gz_response(snap, tail, taillen, om) :
	    metrics_plain_response(snap, tail, taillen, om, &keep);
	free(tail);
	pthread_mutex_lock(&h->mlock);
	if (r == NULL)
		goto out;
	rc = MHD_queue_response(c, MHD_HTTP_OK, r);
	if (keep && (s->snap == NULL || s->snap == snap)) {
		metrics_slot_clear(s);
		s->snap = snap;
		snap = NULL;
		s->key = *k;
		s->om = om;
		s->r = r;
	} else
		MHD_destroy_response(r);	/* a newer snapshot came, or not kept */
out:
	pthread_mutex_unlock(&h->mlock);
	snapshot_unref(snap);
	return rc;
}

/*
 * The registry part comes from the snapshot as rendered at its last change;
 * the feed, process_* and alert counters part (the tail) is appended.
 */
static enum MHD_Result
serve_metrics(struct http *h, struct MHD_Connection *c)
{
	struct snapshot		*snap;
	struct tail_key		 k;
	const char		*fmt;
	int			 om, gz;

	fmt = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "format");
	if (fmt != NULL && strcmp(fmt, "openmetrics") == 0)
		om = 1;
	else if (fmt != NULL && strcmp(fmt, "prometheus") == 0)
		om = 0;
	else if (fmt != NULL)
		return reply_error(c, MHD_HTTP_BAD_REQUEST, "bad parameter "
		    "format: expected openmetrics or prometheus");
	else
		om = header_accepts(c, MHD_HTTP_HEADER_ACCEPT,
		    "application/openmetrics-text");
	gz = header_accepts(c, MHD_HTTP_HEADER_ACCEPT_ENCODING, "gzip");
	snap = registry_snapshot(h->reg);
	tail_key_get(h, &k);
	return serve_metrics_kept(h, c, snap, &k, om, gz && snap->gz);
}

static enum MHD_Result
serve_dashboard(struct http *h, struct MHD_Connection *c)
{
	struct api_reply	 ar;

	buf_init(&ar.body, 65536);
	dashboard_render(h->reg, &ar.body);
	ar.status = MHD_HTTP_OK;
	ar.ctype = "text/html; charset=utf-8";
	return reply_api(c, &ar);
}

/*
 * GET /graph/<id>.png. A render suspends the connection: its state goes
 * into a struct req of *con_cls for the call after the resume.
 */
static enum MHD_Result
serve_graph(struct http *h, struct MHD_Connection *c, const char *id,
    void **con_cls)
{
	struct req		*rq = NULL;
	struct httpgraph_render	*r = NULL;
	enum MHD_Result		 rc;

	if (*con_cls != &get_pending) {
		rq = *con_cls;
		r = rq->render;
	}
	rc = httpgraph_serve(h->graphs, c, id, &r);
	if (rq == NULL && r != NULL) {
		rq = xcalloc(1, sizeof(*rq));
		rq->render = r;
		*con_cls = rq;
	}
	return rc;
}

static enum MHD_Result
route_get(struct http *h, struct MHD_Connection *c, const char *url,
    void **con_cls)
{
	struct api_reply	 ar;
	char			 id[OBS_ID_MAX + 1];
	size_t			 len = strlen(url);

	if (strcmp(url, "/metrics") == 0)
		return serve_metrics(h, c);
	if (strcmp(url, "/healthz") == 0)
		return reply_text(c, MHD_HTTP_OK, "text/plain; charset=utf-8",
		    "ok\n");
	if (strcmp(url, "/") == 0)
		return serve_dashboard(h, c);
	if (strcmp(url, "/api/v1/indicators") == 0) {
		api_indicators(h->reg, &ar);
		return reply_api(c, &ar);
	}
	if (strcmp(url, "/api/v1/feeds") == 0) {
		api_feeds(h->reg, &ar);
		return reply_api(c, &ar);
	}
	if (strcmp(url, "/api/v1/export") == 0) {
		api_export(h->reg, MHD_lookup_connection_value(c,
		    MHD_GET_ARGUMENT_KIND, "format"), &ar);
		return reply_api(c, &ar);
	}
	switch (uri_match_id(url, len, "/api/v1/indicators/", "", id)) {
	case 1:
		api_indicator(h->reg, id, &ar);
		return reply_api(c, &ar);
	case -1:
		return reply_error(c, MHD_HTTP_NOT_FOUND, "no such indicator");
	}
	switch (uri_match_id(url, len, "/graph/", ".png", id)) {
	case 1:
		return serve_graph(h, c, id, con_cls);
	case -1:
		return reply_error(c, MHD_HTTP_NOT_FOUND, "no such indicator");
	}
	return reply_error(c, MHD_HTTP_NOT_FOUND, "not found");
}

/* c's entry in the connection guard (MHD's socket context). */
static struct conn *
conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo	*ci;

	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci != NULL ? ci->socket_context : NULL;
}

/* Bearer token check; the token can change on reload, so copy it. */
static int
authorized(struct http *h, struct MHD_Connection *c, int *configured)
{
	const char	*auth;
	char		*want = NULL;
	int		 ok = 0;

	registry_lock(h->reg);
	if (h->reg->conf->http.push_token != NULL)
		want = strdup(h->reg->conf->http.push_token);
	registry_unlock(h->reg);
	*configured = want != NULL;
	auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_AUTHORIZATION);
	if (want != NULL && auth != NULL && strncasecmp(auth, "Bearer ",
	    7) == 0)
		ok = api_token_equal(auth + 7, want);
	free(want);
	return ok;
}

static enum MHD_Result
respond_unauthorized(struct MHD_Connection *c, int configured)
{
	if (!configured)
		return reply_error(c, MHD_HTTP_FORBIDDEN,
		    "push is disabled: no http.push_token in the config");
	return reply_unauthorized(c, "Bearer realm=\"indicatord\"",
	    "missing or wrong bearer token");
}

/*
 * POST /api/v1/observations. First call: check the token and the declared
 * length before any body is read. Then collect the body up to the limit;
 * the last call (no more data) answers.
 */
static enum MHD_Result
handle_push(struct http *h, struct MHD_Connection *c, const char *data,
    size_t *size, void **con_cls)
{
	struct req	*rq = *con_cls;
	struct api_reply ar;
	const char	*cl;
	unsigned long long len = 0;
	int		 configured;

	if (rq == NULL) {
		if (!authorized(h, c, &configured))
			return respond_unauthorized(c, configured);
		cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl != NULL && (len = strtoull(cl, NULL, 10)) > h->body_limit)
			return reply_error(c, MHD_HTTP_CONTENT_TOO_LARGE,
			    "body larger than http.body_limit");
		rq = xcalloc(1, sizeof(*rq));
		/* Room for the declared length, so the body is copied once. */
		buf_init(&rq->body, len < 4096 ? 4096 : len < PUSH_PRESIZE_MAX ?
		    (size_t)len + 1 : PUSH_PRESIZE_MAX);
		*con_cls = rq;
		return MHD_YES;
	}
	if (*size != 0) {
		if (rq->body.len + *size > h->body_limit)
			rq->too_large = 1;
		else
			buf_add(&rq->body, data, *size);
		*size = 0;
		return MHD_YES;
	}
	conns_work(h->conns, conn_of(c));
	if (rq->too_large)
		return reply_error(c, MHD_HTTP_CONTENT_TOO_LARGE,
		    "body larger than http.body_limit");
	api_push(h->reg, &rq->body, MHD_lookup_connection_value(c,
	    MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE), &ar);
	return reply_api(c, &ar);
}

/* The request is over: free its state; the connection waits for another. */
static void
request_completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct http	*h = cls;
	struct req	*rq = *con_cls;

	(void)toe;
	conns_done(h->conns, conn_of(c), conns_now());
	if (rq != NULL && *con_cls != &get_pending && *con_cls != &bad_path &&
	    *con_cls != &bad_query) {
		httpgraph_render_free(rq->render);
		buf_free(&rq->body);
		free(rq);
	}
	*con_cls = NULL;
}

/* MHD_OPTION_URI_LOG_CALLBACK: the raw target, before percent-decoding. */
static void *
uri_logged(void *cls, const char *uri, struct MHD_Connection *c)
{
	(void)cls;
	(void)c;
	switch (uri_raw_check(uri)) {
	case URI_RAW_BADPATH:
		return &bad_path;
	case URI_RAW_BADQUERY:
		return &bad_query;
	}
	return NULL;
}

/* MHD_OPTION_NOTIFY_CONNECTION: the guard learns of each connection. */
static void
conn_notify(void *cls, struct MHD_Connection *c, void **socket_context,
    enum MHD_ConnectionNotificationCode code)
{
	struct http			*h = cls;
	const union MHD_ConnectionInfo	*ci;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		ci = MHD_get_connection_info(c,
		    MHD_CONNECTION_INFO_CONNECTION_FD);
		if (ci != NULL)
			*socket_context = conns_open(h->conns, ci->connect_fd,
			    conns_now());
		return;
	}
	conns_close(h->conns, *socket_context, conns_now());
	*socket_context = NULL;
}

static enum MHD_Result
method_not_allowed(struct MHD_Connection *c, const char *allow)
{
	struct MHD_Response	*r;
	enum MHD_Result		 rc;

	r = MHD_create_response_from_buffer(strlen("method not allowed\n"),
	    (void *)"method not allowed\n", MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, allow);
	rc = MHD_queue_response(c, MHD_HTTP_METHOD_NOT_ALLOWED, r);
	MHD_destroy_response(r);
	return rc;
}

/* 1 if the request says a body follows. */
static int
declares_body(struct MHD_Connection *c)
{
	const char	*cl;

	cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_LENGTH);
	return (cl != NULL && strcmp(cl, "0") != 0) ||
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_TRANSFER_ENCODING) != NULL;
}

static enum MHD_Result
route(struct http *h, struct MHD_Connection *c, const char *url,
    const char *method, const char *upload_data, size_t *upload_data_size,
    void **con_cls)
{
	int	 is_push = strcmp(url, "/api/v1/observations") == 0;

	if (*con_cls == &bad_path)
		return reply_error(c, MHD_HTTP_NOT_FOUND, "not found");
	if (*con_cls == &bad_query)
		return reply_error(c, MHD_HTTP_BAD_REQUEST,
		    "bad query: NUL byte (%00)");
	if (is_push && strcmp(method, "POST") == 0)
		return handle_push(h, c, upload_data, upload_data_size,
		    con_cls);
	if (is_push)
		return method_not_allowed(c, "POST");
	if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0) {
		/*
		 * Answer on the second call, when the request has been read:
		 * MHD closes a connection whose response was queued on the
		 * first call (Connection: close), so scrapers could not keep
		 * theirs alive.
		 */
		if (*con_cls == NULL && !declares_body(c)) {
			*con_cls = &get_pending;
			return MHD_YES;
		}
		if (*upload_data_size != 0 || declares_body(c))
			return reply_error(c, MHD_HTTP_BAD_REQUEST,
			    "GET with a body");
		return route_get(h, c, url, con_cls);
	}
	return method_not_allowed(c, "GET, HEAD");
}

/*
 * The first call of a request tells the guard its headers are in (a push
 * still has its body to read). A request answered on its first call whose
 * body was declared but not read (401, 413, 405, 400) gets a lingering
 * close, so the client reads the answer and not a reset.
 */
static enum MHD_Result
handler(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct http	*h = cls;
	enum MHD_Result	 rc;
	int		 first, body, passed = 1;

	(void)version;
	first = *con_cls == NULL || *con_cls == &bad_path ||
	    *con_cls == &bad_query;
	body = first && declares_body(c);
	if (first)
		conns_begin(h->conns, conn_of(c), body &&
		    strcmp(method, "POST") == 0 &&
		    strcmp(url, "/api/v1/observations") == 0);
	if (first)
		rc = httpauth_gate(h->auth, c, url, &passed);
	if (passed)
		rc = route(h, c, url, method, upload_data, upload_data_size,
		    con_cls);
	/* Still a first call's state: the answer was queued already. */
	if (body && (*con_cls == NULL || *con_cls == &bad_path ||
	    *con_cls == &bad_query))
		conns_linger(h->conns, conn_of(c));
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

/*
 * The connections MHD may hold: want, or fewer if the open file limit
 * (raised to its hard limit first, for all the daemon) leaves less room
 * than that plus HTTP_FD_SPARE.
 */
static int
fd_budget(int want)
{
	struct rlimit	 rl;
	rlim_t		 soft;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		return want;
	if ((soft = rl.rlim_cur) < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) == 0) {
			log_info("open file limit raised from %llu to %llu",
			    (unsigned long long)soft,
			    (unsigned long long)rl.rlim_max);
			soft = rl.rlim_max;
		}
	}
	if (soft == RLIM_INFINITY || (rlim_t)want + HTTP_FD_SPARE <= soft)
		return want;
	soft = soft > 2 * HTTP_FD_SPARE ? soft - HTTP_FD_SPARE : soft / 2;
	log_warnx("http.max_connections lowered from %d to %llu: the open "
	    "file limit is %llu", want, (unsigned long long)soft,
	    (unsigned long long)(soft + HTTP_FD_SPARE));
	return (int)soft;
}

/*
 * The per-IP limit: as configured, or by default none on a loopback
 * address, where every client shares 127.0.0.1 (or ::1) and a per-IP
 * limit would be the whole limit; 32 elsewhere.
 */
static unsigned int
per_ip_limit(const struct config *conf)
{
	if (conf->http.per_ip_connections >= 0)
		return (unsigned int)conf->http.per_ip_connections;
	return config_listen_loopback(conf) ? 0 : HTTP_PER_IP_DEFAULT;
}

static struct MHD_Daemon *
http_daemon(struct http *h, const struct config *conf,
    const struct sockaddr_storage *ss, int maxconn)
{
	struct MHD_OptionItem	 tls[HTTPAUTH_OPTIONS];
	unsigned int		 flags;

	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME |
	    (ss->ss_family == AF_INET6 ? MHD_USE_IPv6 : 0) |
	    httpauth_tls(h->auth, tls);
	return MHD_start_daemon(flags, (uint16_t)conf->listen_port, NULL, NULL,
	    handler, h,
	    MHD_OPTION_EXTERNAL_LOGGER, http_logger, NULL,
	    MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)ss,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)HTTP_THREADS,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)maxconn,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip_limit(conf),
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)conf->http.timeout,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT,
	    (size_t)conf->http.connection_memory,
	    MHD_OPTION_SIGPIPE_HANDLED_BY_APP, 1,
	    MHD_OPTION_NOTIFY_COMPLETED, request_completed, h,
	    MHD_OPTION_NOTIFY_CONNECTION, conn_notify, h,
	    MHD_OPTION_URI_LOG_CALLBACK, uri_logged, NULL,
	    MHD_OPTION_ARRAY, tls,
	    MHD_OPTION_END);
}


static void
http_free(struct http *h)
{
	httpgraph_free(h->graphs);
	conns_free(h->conns);
	metrics_slot_clear(&h->gzslot[0]);
	metrics_slot_clear(&h->gzslot[1]);
	metrics_slot_clear(&h->plainslot);
	pthread_mutex_destroy(&h->mlock);
	httpauth_free(h->auth);
	free(h);
}

struct http *
http_start(struct registry *reg, const struct config *conf, char *err,
    size_t errlen)
{
	struct sockaddr_storage	 ss;
	const union MHD_DaemonInfo *di;
	struct http		*h;
	int			 maxconn;

	if (make_addr(conf->listen_host, conf->listen_port, &ss, err,
	    errlen) == -1)
		return NULL;
	h = xcalloc(1, sizeof(*h));
	pthread_mutex_init(&h->mlock, NULL);
	h->reg = reg;
	h->body_limit = (size_t)conf->http.body_limit;
	if ((h->auth = httpauth_new(conf, err, errlen)) == NULL)
		goto fail;
	maxconn = fd_budget(conf->http.max_connections);
	h->conns = conns_new(maxconn,
	    (uint64_t)conf->http.request_timeout * 1000);
	if ((h->graphs = httpgraph_new(reg)) == NULL ||
	    conns_start(h->conns) == -1) {
		snprintf(err, errlen, "http: cannot start a thread: %s",
		    strerror(errno));
		goto fail;
	}
	if ((h->d = http_daemon(h, conf, &ss, maxconn)) == NULL) {
		snprintf(err, errlen, "cannot listen on %s:%d: %s%s",
		    conf->listen_host, conf->listen_port, strerror(errno),
		    errno == EADDRINUSE ? " (is another indicatord running? "
		    "choose another port with -l/--listen or listen in the "
		    "config)" : "");
		goto fail;
	}
	di = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
	h->port = di != NULL ? di->port : conf->listen_port;
	return h;
fail:
	http_free(h);
	return NULL;
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
	/* No connection may be left suspended for a render when MHD stops. */
	httpgraph_close(h->graphs);
	MHD_stop_daemon(h->d);
	http_free(h);
}
