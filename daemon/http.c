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

#include "api.h"
#include "buf.h"
#include "config.h"
#include "lang.h"
#include "clock.h"
#include "conns.h"
#include "dashboard.h"
#include "download.h"
#include "expo.h"
#include "http.h"
#include "httpauth.h"
#include "httpgraph.h"
#include "indpage.h"
#include "log.h"
#include "mquery.h"
#include "ovcache.h"
#include "promtext.h"
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

struct http {
	struct MHD_Daemon	*d;
	struct registry		*reg;
	struct expo		*expo;
	int			 port;
	size_t			 body_limit;
	struct httpgraph	*graphs;
	struct conns		*conns;
	struct httpauth		*auth;		/* the web configuration */
	struct ovcache		*overview;	/* GET /, kept */
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
 * without its per-call set-up, which costs more than the scan of a short
 * header (bench/results.md, "Header scan").
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

static const struct promtext_family fam_closed = {
    "indicatord_http_connections_closed", PROMTEXT_COUNTER, NULL,
    "HTTP connections the server ended, by reason: request_timeout (the "
    "request did not arrive whole within http.request_timeout), evicted "
    "(the oldest waiting for its request, to make room)." };

void
http_metrics(void *arg, struct buf *b, int om)
{
	struct http		*h = arg;
	struct conns_stats	 st;

	conns_stats(h->conns, &st);
	promtext_header(b, &fam_closed, om);
	promtext_begin(b, &fam_closed);
	promtext_label(b, 1, "reason", "request_timeout");
	promtext_end(b, (double)st.expired);
	promtext_begin(b, &fam_closed);
	promtext_label(b, 1, "reason", "evicted");
	promtext_end(b, (double)st.evicted);
	httpgraph_metrics(h->graphs, b, om);
}

uint64_t
http_metrics_gen(void *arg)
{
	struct http		*h = arg;
	struct conns_stats	 st;

	conns_stats(h->conns, &st);
	return st.expired + st.evicted + httpgraph_metrics_gen(h->graphs);
}

struct mquery_ctx {
	struct mquery	 q;
	int		 bad;
	char		 err[256];
};

static enum MHD_Result
mquery_iter(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct mquery_ctx	*qc = cls;

	(void)kind;
	if (!qc->bad && mquery_add(&qc->q, key, value, qc->err,
	    sizeof(qc->err)) == -1)
		qc->bad = 1;
	return MHD_YES;
}

/*
 * /metrics: the exposition of the indicators asked for (every one, a
 * feed's, a shard's), in the format and encoding asked for.
 */
static enum MHD_Result
serve_metrics(struct http *h, struct MHD_Connection *c)
{
	struct mquery_ctx	 qc;
	int			 om, gz;

	memset(&qc, 0, sizeof(qc));
	mquery_init(&qc.q);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, mquery_iter, &qc);
	if (qc.bad || mquery_end(&qc.q, qc.err, sizeof(qc.err)) == -1)
		return reply_error(c, MHD_HTTP_BAD_REQUEST, qc.err);
	if (qc.q.feed[0] != '\0' && !expo_has_feed(h->expo, qc.q.feed))
		return reply_error(c, MHD_HTTP_BAD_REQUEST,
		    "bad parameter feed: no feed of that name");
	om = qc.q.om != -1 ? qc.q.om : header_accepts(c,
	    MHD_HTTP_HEADER_ACCEPT, "application/openmetrics-text");
	gz = header_accepts(c, MHD_HTTP_HEADER_ACCEPT_ENCODING, "gzip");
	return expo_queue(h->expo, c, &qc.q, om, gz);
}

/*
 * GET /graph/<id>.png or .svg. A render suspends the connection: its state
 * goes into a struct req of *con_cls for the call after the resume.
 */
static enum MHD_Result
serve_graph(struct http *h, struct MHD_Connection *c, const char *id,
    enum graph_format format, void **con_cls)
{
	struct req		*rq = NULL;
	struct httpgraph_render	*r = NULL;
	enum MHD_Result		 rc;

	if (*con_cls != &get_pending) {
		rq = *con_cls;
		r = rq->render;
	}
	rc = httpgraph_serve(h->graphs, c, id, format, &r);
	if (rq == NULL && r != NULL) {
		rq = xcalloc(1, sizeof(*rq));
		rq->render = r;
		*con_cls = rq;
	}
	return rc;
}

/*
 * The language of a page or graph: ?lang= (en or zh; another value is
 * -1, for a 400), else Accept-Language, else http.language.
 */
static int
request_lang(struct MHD_Connection *c, const struct config *conf,
    enum lang *l)
{
	const char	*q;

	q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang");
	if (q != NULL)
		return lang_parse(q, l);
	*l = lang_accept(MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_ACCEPT_LANGUAGE), conf->http.language);
	return 0;
}

/* The query of an indicator's page, parameter by parameter. */
struct indquery_ctx {
	struct indquery	 q;
	int		 bad;
	char		 err[256];
};

static enum MHD_Result
indquery_iter(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct indquery_ctx	*qc = cls;

	(void)kind;
	if (!qc->bad && indquery_param(&qc->q, key, value, qc->err,
	    sizeof(qc->err)) == -1)
		qc->bad = 1;
	return MHD_YES;
}

/*
 * GET /indicator/<id>: 1 with the page or a 400 naming the bad parameter
 * in ar, -1 for an unknown indicator.
 */
static int
answer_indpage(struct MHD_Connection *c, const struct view *v,
    const char *id, struct api_reply *ar)
{
	struct indquery_ctx	 qc;
	enum lang		 l;

	if (view_find(v, id) == NULL)
		return -1;
	memset(&qc, 0, sizeof(qc));
	indquery_defaults(&qc.q);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, indquery_iter, &qc);
	if (!qc.bad && indquery_check(&qc.q, qc.err, sizeof(qc.err)) == -1)
		qc.bad = 1;
	if (request_lang(c, v->conf, &l) == -1)
		l = LANG_EN;	/* qc.bad says so */
	buf_init(&ar->body, 32768);
	if (!qc.bad)
		indpage_render(v, id, &qc.q, l, &ar->body);
	ar->status = qc.bad ? MHD_HTTP_BAD_REQUEST : MHD_HTTP_OK;
	ar->ctype = qc.bad ? "text/plain; charset=utf-8" :
	    "text/html; charset=utf-8";
	ar->vary = MHD_HTTP_HEADER_ACCEPT_LANGUAGE;
	if (qc.bad)
		buf_printf(&ar->body, "%s\n", qc.err);
	return 1;
}

/*
 * The HTML pages: 1, -1 for an indicator page whose id is not one, -2 for
 * a bad ?lang=, 0 when url is none of them.
 */
static int
answer_page(struct MHD_Connection *c, const struct view *v, const char *url,
    struct api_reply *ar)
{
	char		 id[OBS_ID_MAX + 1];
	enum lang	 l;
	int		 rc;

	if ((rc = uri_match_id(url, strlen(url), "/indicator/", "", id)) != 0)
		return rc == 1 ? answer_indpage(c, v, id, ar) : -1;
	if (strcmp(url, "/report") != 0)
		return 0;
	if (request_lang(c, v->conf, &l) == -1)
		return -2;
	buf_init(&ar->body, 65536);
	dashboard_render(v, l, &ar->body);
	ar->status = MHD_HTTP_OK;
	ar->ctype = "text/html; charset=utf-8";
	ar->vary = MHD_HTTP_HEADER_ACCEPT_LANGUAGE;
	return 1;
}

/* GET /: the overview, from its cache, gzip when the client accepts it. */
static enum MHD_Result
serve_overview(struct http *h, struct MHD_Connection *c)
{
	struct view	*v = registry_view(h->reg);
	enum lang	 l;
	enum MHD_Result	 rc;

	if (request_lang(c, v->conf, &l) == -1)
		rc = reply_error(c, MHD_HTTP_BAD_REQUEST, "bad parameter lang: "
		    "expected en or zh");
	else
		rc = ovcache_serve(h->overview, c, v, l, header_accepts(c,
		    MHD_HTTP_HEADER_ACCEPT_ENCODING, "gzip"));
	view_unref(v);
	return rc;
}

/* The downloads (download.h): as answer_page, and -1 for an unknown id. */
static int
answer_download(struct MHD_Connection *c, const struct view *v,
    const char *url, struct api_reply *ar)
{
	struct sheetpath	 sp;
	enum lang		 l;
	int			 rc;

	if ((rc = sheetpath_parse(url, &sp)) != 1)
		return rc;
	if (request_lang(c, v->conf, &l) == -1)
		return -2;
	if (download_reply(v, &sp, l, ar) == -1)
		return -1;
	ar->vary = MHD_HTTP_HEADER_ACCEPT_LANGUAGE;
	return 1;
}

/* The JSON API's answers: 1, -1 for an unknown id, 0 for another url. */
static int
answer_api(struct MHD_Connection *c, const struct view *v, const char *url,
    struct api_reply *ar)
{
	char	 id[OBS_ID_MAX + 1];
	int	 rc = 1;

	if (strcmp(url, "/api/v1/feeds") == 0)
		api_feeds(v, ar);
	else if (strcmp(url, "/api/v1/export") == 0)
		api_export(v, MHD_lookup_connection_value(c,
		    MHD_GET_ARGUMENT_KIND, "format"), ar);
	else if ((rc = uri_match_id(url, strlen(url), "/api/v1/indicators/",
	    "", id)) == 1)
		api_indicator(v, id, ar);
	return rc;
}

/* GET /api/v1/indicators as MHD reads it: a piece at a time. */
struct list_stream {
	struct view	*v;
	size_t		 next;	/* api_indicators_next's */
	int		 more;
	struct buf	 b;
	size_t		 off;	/* of b sent */
};

static ssize_t
list_read(void *cls, uint64_t pos, char *out, size_t max)
{
	struct list_stream	*ls = cls;
	size_t			 n;

	(void)pos;
	while (ls->off == ls->b.len) {
		if (!ls->more)
			return MHD_CONTENT_READER_END_OF_STREAM;
		ls->b.len = ls->off = 0;
		ls->more = api_indicators_next(ls->v, &ls->next, &ls->b);
	}
	n = ls->b.len - ls->off < max ? ls->b.len - ls->off : max;
	memcpy(out, ls->b.data + ls->off, n);
	ls->off += n;
	return (ssize_t)n;
}

static void
list_free(void *cls)
{
	struct list_stream	*ls = cls;

	view_unref(ls->v);
	buf_free(&ls->b);
	free(ls);
}

/*
 * The indicator list, streamed (chunked; its length is not known before):
 * what it holds is the piece being sent, and the view it reads.
 */
static enum MHD_Result
serve_indicators(struct http *h, struct MHD_Connection *c)
{
	struct list_stream	*ls = xcalloc(1, sizeof(*ls));
	struct MHD_Response	*r;

	ls->v = registry_view(h->reg);
	ls->more = 1;
	buf_init(&ls->b, API_LIST_PIECE + 16384);
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN,
	    API_LIST_PIECE, list_read, ls, list_free);
	if (r == NULL) {
		list_free(ls);
		return MHD_NO;
	}
	return reply_nostore(c, MHD_HTTP_OK, "application/json", r);
}

/*
 * The pages and API answers made from the current view into ar: 1, -1
 * for an indicator path whose id is not one, -2 for a bad ?lang=, 0 when
 * url is none of them.
 */
static int
answer_view(struct http *h, struct MHD_Connection *c, const char *url,
    struct api_reply *ar)
{
	struct view	*v = registry_view(h->reg);
	int		 rc;

	if ((rc = answer_download(c, v, url, ar)) == 0 &&
	    (rc = answer_page(c, v, url, ar)) == 0)
		rc = answer_api(c, v, url, ar);
	view_unref(v);
	return rc;
}

static enum MHD_Result
route_get(struct http *h, struct MHD_Connection *c, const char *url,
    void **con_cls)
{
	struct api_reply	 ar = { 0 };
	char			 id[OBS_ID_MAX + 1];
	enum graph_format	 fmt = GRAPH_PNG;
	int			 rc;

	if (strcmp(url, "/metrics") == 0)
		return serve_metrics(h, c);
	if (strcmp(url, "/") == 0)
		return serve_overview(h, c);
	if (strcmp(url, "/healthz") == 0)
		return reply_text(c, MHD_HTTP_OK, "text/plain; charset=utf-8",
		    "ok\n");
	if (strcmp(url, "/api/v1/indicators") == 0)
		return serve_indicators(h, c);
	/* A graph takes its own view once its render starts. */
	if ((rc = uri_match_id(url, strlen(url), "/graph/", ".png", id)) == 0 &&
	    (rc = uri_match_id(url, strlen(url), "/graph/", ".svg", id)) == 1)
		fmt = GRAPH_SVG;
	switch (rc) {
	case 1:
		return serve_graph(h, c, id, fmt, con_cls);
	case -1:
		return reply_error(c, MHD_HTTP_NOT_FOUND, "no such indicator");
	}
	switch (answer_view(h, c, url, &ar)) {
	case 1:
		return reply_api(c, &ar);
	case -1:
		return reply_error(c, MHD_HTTP_NOT_FOUND, "no such indicator");
	case -2:
		return reply_error(c, MHD_HTTP_BAD_REQUEST, "bad parameter lang: "
		    "expected en or zh");
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

/* Bearer token check, against the token of the config in force. */
static int
authorized(struct http *h, struct MHD_Connection *c, int *configured)
{
	struct view	*v = registry_view(h->reg);
	const char	*auth, *want = v->conf->http.push_token;
	int		 ok = 0;

	*configured = want != NULL;
	auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_AUTHORIZATION);
	if (want != NULL && auth != NULL && strncasecmp(auth, "Bearer ",
	    7) == 0)
		ok = api_token_equal(auth + 7, want);
	view_unref(v);
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
	struct api_reply ar = { 0 };
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
	conns_done(h->conns, conn_of(c), clock_ms());
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
			    clock_ms());
		return;
	}
	conns_close(h->conns, *socket_context, clock_ms());
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
	reply_headers_add(r, NULL);
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
	httpauth_free(h->auth);
	ovcache_free(h->overview);
	free(h);
}

struct http *
http_start(struct registry *reg, struct expo *expo,
    const struct config *conf, char *err, size_t errlen)
{
	struct sockaddr_storage	 ss;
	const union MHD_DaemonInfo *di;
	struct http		*h;
	int			 maxconn;

	if (make_addr(conf->listen_host, conf->listen_port, &ss, err,
	    errlen) == -1)
		return NULL;
	h = xcalloc(1, sizeof(*h));
	h->reg = reg;
	h->expo = expo;
	h->body_limit = (size_t)conf->http.body_limit;
	reply_headers_set(conf->http.web);
	h->overview = ovcache_new();
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
	reply_headers_set(NULL);
}
