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
#include <sys/socket.h>

#include "alert.h"
#include "api.h"
#include "buf.h"
#include "cache.h"
#include "config.h"
#include "dashboard.h"
#include "graph.h"
#include "http.h"
#include "log.h"
#include "metrics.h"
#include "registry.h"
#include "store.h"
#include "uri.h"
#include "xmalloc.h"

#define HTTP_THREADS	4
#define GRAPH_CACHE_BYTES	(64u << 20)
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
	struct cache		*graphs;
	pthread_mutex_t		 mlock;		/* gzslot, plainslot */
	struct metrics_slot	 gzslot[2];	/* by om */
	struct metrics_slot	 plainslot;	/* the last format asked for */
};

/* Per-request state of a POST while its body arrives. */
struct req {
	struct buf	 body;
	int		 too_large;
};

/* con_cls of a GET between its first and second handler call. */
static char	get_pending;

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

/* Queue r (NULL: failed) with content type ct, not to be cached. */
static enum MHD_Result
queue_nostore(struct MHD_Connection *c, unsigned int status, const char *ct,
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

static enum MHD_Result
respond(struct MHD_Connection *c, unsigned int status, const char *ct,
    const char *body)
{
	return queue_nostore(c, status, ct, MHD_create_response_from_buffer(
	    strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY));
}

static enum MHD_Result
respond_error(struct MHD_Connection *c, unsigned int status, const char *msg)
{
	char	 body[1024];

	snprintf(body, sizeof(body), "%s\n", msg);
	return respond(c, status, "text/plain; charset=utf-8", body);
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

/* The current key of the tail; read before the tail is rendered. */
static void
tail_key_get(struct http *h, struct tail_key *k)
{
	k->feeds = __atomic_load_n(&h->reg->feed_gen, __ATOMIC_ACQUIRE);
	k->alerts = __atomic_load_n(&h->reg->alerts, __ATOMIC_ACQUIRE);
	k->hooks = alerts_metrics_gen(k->alerts);
	k->proc = metrics_process_gen(h->reg->start_time);
}

static int
tail_key_eq(const struct tail_key *a, const struct tail_key *b)
{
	return a->feeds == b->feeds && a->alerts == b->alerts &&
	    a->hooks == b->hooks && a->proc == b->proc;
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
		return respond_error(c, MHD_HTTP_BAD_REQUEST, "bad parameter "
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
serve_reply(struct MHD_Connection *c, struct api_reply *ar)
{
	struct MHD_Response	*r;
	size_t			 len;
	char			*body;

	body = buf_release(&ar->body, &len);
	if ((r = MHD_create_response_from_buffer_with_free_callback(len, body,
	    free)) == NULL)
		free(body);
	return queue_nostore(c, ar->status, ar->ctype, r);
}

static enum MHD_Result
serve_dashboard(struct http *h, struct MHD_Connection *c)
{
	struct api_reply	 ar;

	buf_init(&ar.body, 65536);
	dashboard_render(h->reg, &ar.body);
	ar.status = MHD_HTTP_OK;
	ar.ctype = "text/html; charset=utf-8";
	return serve_reply(c, &ar);
}

/* Everything a render needs, copied out of the registry under its lock. */
struct graph_job {
	struct graph_spec	 spec;
	struct graph_target	 targets[GRAPH_MAX_TARGETS];
	char			 status[GRAPH_MAX_TARGETS][16];
	char			 id[OBS_ID_MAX + 1];
	char			*title, *unit, *path;
	struct graph_note	*notes;
	char			**note_texts;	/* the notes' texts, malloc'd */
	size_t			 nnotes;
	uint64_t		 generation;
};

/* The indicator's notes as the graph marks them: "2022: text". */
static void
graph_job_notes(struct graph_job *j, const struct indicator_conf *ic)
{
	char	 per[PERIOD_STRLEN], *s;
	size_t	 i;

	j->notes = xcalloc(ic->nnotes + 1, sizeof(*j->notes));
	j->note_texts = xcalloc(ic->nnotes + 1, sizeof(*j->note_texts));
	for (i = 0; i < ic->nnotes; i++) {
		period_format(&ic->notes[i].period, per, sizeof(per));
		xasprintf(&s, "%s: %s", per, ic->notes[i].text);
		j->notes[i].t = (double)period_end(&ic->notes[i].period);
		j->notes[i].text = j->note_texts[i] = s;
	}
	j->nnotes = ic->nnotes;
}

static void
graph_job_targets(struct graph_job *j, const struct indicator *ind)
{
	const struct indicator_conf	*ic = ind->conf;
	const struct eval_result	*er;
	size_t				 i;

	for (i = 0; i < ic->ntargets && i < GRAPH_MAX_TARGETS; i++) {
		er = &ind->results[i];
		snprintf(j->status[i], sizeof(j->status[i]), "%s",
		    eval_status_name(er->status));
		j->targets[i].year = ic->targets[i].year;
		j->targets[i].value = ic->targets[i].value;
		j->targets[i].kind = ic->targets[i].kind == EVAL_MAX;
		j->targets[i].status = j->status[i];
		j->targets[i].ratio = er->ratio;
		j->targets[i].projected = er->projected;
		j->targets[i].base_t = er->base_t;
		j->targets[i].base_v = er->base_v;
		j->targets[i].lower = er->method == EVAL_TREND ?
		    er->trend_lower : NAN;
		j->targets[i].upper = er->method == EVAL_TREND ?
		    er->trend_upper : NAN;
		j->spec.linear = eval_linear(er);
	}
	j->spec.ntargets = i;
}

/*
 * The generation of indicator id's data, for a cache look-up before any
 * of a render's work is done; 0, or -1 when id is not a configured
 * indicator.
 */
static int
graph_generation(struct http *h, const char *id, uint64_t *gen)
{
	struct indicator	*ind;
	int			 rc = -1;

	registry_lock(h->reg);
	if ((ind = registry_find(h->reg, id)) != NULL && ind->conf != NULL) {
		*gen = ind->generation;
		rc = 0;
	}
	registry_unlock(h->reg);
	return rc;
}

/* 0, or -1 when id is not a configured indicator. */
static int
graph_job_init(struct http *h, const char *id, const struct graph_query *q,
    struct graph_job *j)
{
	struct indicator	*ind;
	int			 rc = -1;

	memset(j, 0, sizeof(*j));
	snprintf(j->id, sizeof(j->id), "%s", id);
	registry_lock(h->reg);
	if ((ind = registry_find(h->reg, id)) == NULL || ind->conf == NULL)
		goto out;
	j->title = xstrdup(ind->conf->name);
	j->unit = xstrdup(ind->conf->unit);
	j->path = store_path(h->reg->store, id);
	j->generation = ind->generation;
	j->spec.linear = ind->conf->eval.method == EVAL_LINEAR;
	j->spec.latest_t = ind->npts > 0 ?
	    period_decimal_year(&ind->pts[ind->npts - 1].period) : NAN;
	j->spec.latest_v = ind->npts > 0 ? ind->pts[ind->npts - 1].value : NAN;
	j->spec.growth = ind->growth;
	j->spec.interval = ind->conf->eval.interval;
	graph_job_targets(j, ind);
	graph_job_notes(j, ind->conf);
	j->spec.daemon = store_daemon(h->reg->store);
	rc = 0;
out:
	registry_unlock(h->reg);
	j->spec.rrd_path = j->path;
	j->spec.title = j->title;
	j->spec.unit = j->unit;
	j->spec.targets = j->targets;
	j->spec.notes = j->notes;
	j->spec.nnotes = j->nnotes;
	j->spec.from_year = q->from;
	j->spec.to_year = q->to;
	j->spec.width = q->width;
	j->spec.height = q->height;
	return rc;
}

static void
graph_job_free(struct graph_job *j)
{
	size_t	 i;

	free(j->title);
	free(j->unit);
	free(j->path);
	for (i = 0; i < j->nnotes; i++)
		free(j->note_texts[i]);
	free(j->note_texts);
	free(j->notes);
}

struct query_ctx {
	struct graph_query	 q;
	char			 err[200];
	int			 bad;
};

static enum MHD_Result
query_iter(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct query_ctx	*qc = cls;

	(void)kind;
	if (!qc->bad && uri_graph_param(&qc->q, key, value, qc->err,
	    sizeof(qc->err)) == -1)
		qc->bad = 1;
	return MHD_YES;
}

/* A response of b's bytes, holding its own reference to b. */
static struct MHD_Response *
png_response(struct cache_buf *b, int hit)
{
	struct MHD_Response	*r;

	r = MHD_create_response_from_buffer_with_free_callback_cls(b->len,
	    b->data, cache_buf_release, cache_buf_ref(b));
	if (r == NULL) {
		cache_buf_unref(b);
		return NULL;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "image/png");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	/* Whether librrd was called for this response. */
	MHD_add_response_header(r, "X-Cache", hit ? "hit" : "miss");
	return r;
}

/* The cache's kept_free: MHD frees the response after its last send. */
static void
png_kept_free(void *r)
{
	MHD_destroy_response(r);
}

/*
 * What the graph cache charges per entry for its kept response: an
 * allowance for an MHD_Response and its three headers (a few hundred bytes
 * of malloc).
 */
#define PNG_KEPT_COST	1024

struct png_hit {
	struct MHD_Connection	*c;
	enum MHD_Result		 rc;
};

/*
 * cache_serve's callback, on a hit: the entry's response, made at its
 * first hit and kept with it, is queued as it is.
 */
static int
png_hit(void *arg, struct cache_buf *b, void **kept)
{
	struct png_hit		*ph = arg;

	if (*kept == NULL && (*kept = png_response(b, 1)) == NULL) {
		ph->rc = MHD_NO;
		return 0;
	}
	ph->rc = MHD_queue_response(ph->c, MHD_HTTP_OK, *kept);
	return 0;
}

/* A freshly rendered b; takes over the caller's reference. */
static enum MHD_Result
respond_png(struct MHD_Connection *c, struct cache_buf *b)
{
	struct MHD_Response	*r;
	enum MHD_Result		 rc = MHD_NO;

	if ((r = png_response(b, 0)) != NULL) {
		rc = MHD_queue_response(c, MHD_HTTP_OK, r);
		MHD_destroy_response(r);
	}
	cache_buf_unref(b);
	return rc;
}

/*
 * GET /graph/<id>.png: from the cache when the indicator's generation is
 * unchanged; otherwise rendered (librrd graphing is serialised inside
 * graph_render) and cached.
 */
static enum MHD_Result
serve_graph(struct http *h, struct MHD_Connection *c, const char *id)
{
	struct query_ctx	 qc;
	struct graph_job	 j;
	struct cache_key	 key;
	struct cache_buf	*b;
	struct png_hit		 ph = { c, MHD_NO };
	unsigned char		*png;
	size_t			 len;
	uint64_t		 gen;
	char			 err[512];

	memset(&qc, 0, sizeof(qc));
	uri_graph_defaults(&qc.q);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, query_iter, &qc);
	if (qc.bad || uri_graph_check(&qc.q, qc.err, sizeof(qc.err)) == -1)
		return respond_error(c, MHD_HTTP_BAD_REQUEST, qc.err);
	if (graph_generation(h, id, &gen) == -1)
		return respond_error(c, MHD_HTTP_NOT_FOUND, "no such indicator");
	key = (struct cache_key){ id, qc.q.from, qc.q.to, qc.q.width,
	    qc.q.height };
	if (cache_serve(h->graphs, &key, gen, png_hit, &ph) == 0)
		return ph.rc;
	/* The data may have changed since: the render keeps its own gen. */
	if (graph_job_init(h, id, &qc.q, &j) == -1) {
		graph_job_free(&j);
		return respond_error(c, MHD_HTTP_NOT_FOUND, "no such indicator");
	}
	store_flush(h->reg->store, id);
	if (graph_render(&j.spec, &png, &len, err, sizeof(err)) == -1) {
		log_warnx("graph %s: %s", id, err);
		graph_job_free(&j);
		return respond_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "graph rendering failed");
	}
	b = cache_buf_new(png, len);
	free(png);
	cache_put(h->graphs, &key, j.generation, b);
	graph_job_free(&j);
	return respond_png(c, b);
}

static enum MHD_Result
route_get(struct http *h, struct MHD_Connection *c, const char *url)
{
	struct api_reply	 ar;
	char			 id[OBS_ID_MAX + 1];
	size_t			 len = strlen(url);

	if (strcmp(url, "/metrics") == 0)
		return serve_metrics(h, c);
	if (strcmp(url, "/healthz") == 0)
		return respond(c, MHD_HTTP_OK, "text/plain; charset=utf-8",
		    "ok\n");
	if (strcmp(url, "/") == 0)
		return serve_dashboard(h, c);
	if (strcmp(url, "/api/v1/indicators") == 0) {
		api_indicators(h->reg, &ar);
		return serve_reply(c, &ar);
	}
	if (strcmp(url, "/api/v1/feeds") == 0) {
		api_feeds(h->reg, &ar);
		return serve_reply(c, &ar);
	}
	if (strcmp(url, "/api/v1/export") == 0) {
		api_export(h->reg, MHD_lookup_connection_value(c,
		    MHD_GET_ARGUMENT_KIND, "format"), &ar);
		return serve_reply(c, &ar);
	}
	switch (uri_match_id(url, len, "/api/v1/indicators/", "", id)) {
	case 1:
		api_indicator(h->reg, id, &ar);
		return serve_reply(c, &ar);
	case -1:
		return respond_error(c, MHD_HTTP_NOT_FOUND, "no such indicator");
	}
	switch (uri_match_id(url, len, "/graph/", ".png", id)) {
	case 1:
		return serve_graph(h, c, id);
	case -1:
		return respond_error(c, MHD_HTTP_NOT_FOUND, "no such indicator");
	}
	return respond_error(c, MHD_HTTP_NOT_FOUND, "not found");
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
	struct MHD_Response	*r;
	const char		*msg;
	enum MHD_Result		 rc;

	if (!configured)
		return respond_error(c, MHD_HTTP_FORBIDDEN,
		    "push is disabled: no http.push_token in the config");
	msg = "missing or wrong bearer token\n";
	r = MHD_create_response_from_buffer(strlen(msg), (void *)msg,
	    MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
	    "Bearer realm=\"indicatord\"");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	    "text/plain; charset=utf-8");
	rc = MHD_queue_response(c, MHD_HTTP_UNAUTHORIZED, r);
	MHD_destroy_response(r);
	return rc;
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
			return respond_error(c, MHD_HTTP_CONTENT_TOO_LARGE,
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
	if (rq->too_large)
		return respond_error(c, MHD_HTTP_CONTENT_TOO_LARGE,
		    "body larger than http.body_limit");
	api_push(h->reg, &rq->body, MHD_lookup_connection_value(c,
	    MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE), &ar);
	return serve_reply(c, &ar);
}

static void
request_completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct req	*rq = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (rq == NULL || *con_cls == &get_pending) {
		*con_cls = NULL;
		return;
	}
	buf_free(&rq->body);
	free(rq);
	*con_cls = NULL;
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
handler(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct http	*h = cls;
	int		 is_push = strcmp(url, "/api/v1/observations") == 0;

	(void)version;
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
			return respond_error(c, MHD_HTTP_BAD_REQUEST,
			    "GET with a body");
		return route_get(h, c, url);
	}
	return method_not_allowed(c, "GET, HEAD");
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
	pthread_mutex_init(&h->mlock, NULL);
	h->reg = reg;
	h->body_limit = (size_t)conf->http.body_limit;
	h->graphs = cache_new(GRAPH_CACHE_BYTES);
	cache_set_kept(h->graphs, png_kept_free, PNG_KEPT_COST);
	graph_init();
	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_ERROR_LOG | (af == AF_INET6 ? MHD_USE_IPv6 : 0);
	h->d = MHD_start_daemon(flags, (uint16_t)conf->listen_port, NULL, NULL,
	    handler, h,
	    MHD_OPTION_EXTERNAL_LOGGER, http_logger, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)HTTP_THREADS,
	    MHD_OPTION_CONNECTION_LIMIT,
	    (unsigned int)conf->http.max_connections,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	    (unsigned int)conf->http.per_ip_connections,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)conf->http.timeout,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT,
	    (size_t)conf->http.connection_memory,
	    MHD_OPTION_SIGPIPE_HANDLED_BY_APP, 1,
	    MHD_OPTION_NOTIFY_COMPLETED, request_completed, NULL,
	    MHD_OPTION_END);
	if (h->d == NULL) {
		snprintf(err, errlen, "cannot listen on %s:%d: %s%s",
		    conf->listen_host, conf->listen_port, strerror(errno),
		    errno == EADDRINUSE ? " (is another indicatord running? "
		    "choose another port with -l/--listen or listen in the "
		    "config)" : "");
		cache_free(h->graphs);
		pthread_mutex_destroy(&h->mlock);
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
	metrics_slot_clear(&h->gzslot[0]);
	metrics_slot_clear(&h->gzslot[1]);
	metrics_slot_clear(&h->plainslot);
	pthread_mutex_destroy(&h->mlock);
	cache_free(h->graphs);
	free(h);
}
