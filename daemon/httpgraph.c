/*
 * httpgraph.c: graph requests, their cache and their render queue (see
 * httpgraph.h).
 */
#include <arpa/inet.h>
#include <math.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "buf.h"
#include "cache.h"
#include "config.h"
#include "graph.h"
#include "httpgraph.h"
#include "lang.h"
#include "log.h"
#include "page.h"
#include "promtext.h"
#include "registry.h"
#include "reply.h"
#include "store.h"
#include "uri.h"
#include "workq.h"
#include "xmalloc.h"

struct httpgraph {
	struct registry		*reg;
	struct cache		*cache;
	struct workq		*q;
};

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
graph_job_targets(struct graph_job *j, const struct iview *ind)
{
	const struct indicator_conf	*ic = ind->conf;
	const struct eval_result	*er;
	size_t				 i;

	for (i = 0; i < ic->ntargets && i < GRAPH_MAX_TARGETS; i++) {
		er = &ind->results[i];
		snprintf(j->status[i], sizeof(j->status[i]), "%s",
		    eval_status_name(er->status));
		j->targets[i].status_text = lang_status(j->spec.lang,
		    er->status);
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
		j->targets[i].trend_growth = er->method == EVAL_TREND ?
		    er->trend_growth : NAN;
		j->targets[i].trend_log = er->trend_log;
		j->spec.linear = eval_linear(er);
	}
	j->spec.ntargets = i;
}

/*
 * The generation of indicator id's data, for a cache look-up before any
 * of a render's work is done, and the configured language (http.language);
 * 0, or -1 when id is not a configured indicator.
 */
static int
graph_generation(struct httpgraph *g, const char *id, uint64_t *gen,
    enum lang *dflt)
{
	const struct iview	*ind;
	struct view		*v = registry_view(g->reg);
	int			 rc = -1;

	if ((ind = view_find(v, id)) != NULL) {
		*gen = ind->gen;
		*dflt = v->conf->http.language;
		rc = 0;
	}
	view_unref(v);
	return rc;
}

/*
 * The job for key (its id, size, years, language and format); 0, or -1
 * when the id is not a configured indicator.
 */
static int
graph_job_init(struct httpgraph *g, const struct cache_key *key,
    struct graph_job *j)
{
	const struct iview	*ind;
	const struct series	*s;
	struct view		*v = registry_view(g->reg);
	int			 rc = -1;

	memset(j, 0, sizeof(*j));
	snprintf(j->id, sizeof(j->id), "%s", key->id);
	j->spec.lang = (enum lang)key->lang;
	j->spec.format = (enum graph_format)key->format;
	if ((ind = view_find(v, key->id)) == NULL)
		goto out;
	s = ind->series;
	j->title = xstrdup(page_name(ind->conf, j->spec.lang));
	j->unit = xstrdup(ind->conf->unit);
	j->path = store_path(registry_store(g->reg), key->id);
	j->generation = ind->gen;
	j->spec.linear = ind->conf->eval.method == EVAL_LINEAR;
	j->spec.latest_t = s->n > 0 ?
	    period_decimal_year(&s->pts[s->n - 1].period) : NAN;
	j->spec.latest_v = s->n > 0 ? s->pts[s->n - 1].value : NAN;
	j->spec.growth = ind->growth;
	j->spec.interval = ind->conf->eval.interval;
	graph_job_targets(j, ind);
	graph_job_notes(j, ind->conf);
	j->spec.daemon = store_daemon(registry_store(g->reg));
	rc = 0;
out:
	view_unref(v);
	j->spec.rrd_path = j->path;
	j->spec.title = j->title;
	j->spec.unit = j->unit;
	j->spec.targets = j->targets;
	j->spec.notes = j->notes;
	j->spec.nnotes = j->nnotes;
	j->spec.from_year = key->from;
	j->spec.to_year = key->to;
	j->spec.width = key->width;
	j->spec.height = key->height;
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

/* A response of b's bytes in format, holding its own reference to b. */
static struct MHD_Response *
image_response(struct cache_buf *b, int format, int hit)
{
	struct MHD_Response	*r;
	const char		*ct = format == GRAPH_SVG ? "image/svg+xml" :
				    "image/png";

	r = MHD_create_response_from_buffer_with_free_callback_cls(b->len,
	    b->data, cache_buf_release, cache_buf_ref(b));
	if (r == NULL) {
		cache_buf_unref(b);
		return NULL;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ct);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	MHD_add_response_header(r, MHD_HTTP_HEADER_VARY,
	    MHD_HTTP_HEADER_ACCEPT_LANGUAGE);
	/* Whether librrd was called for this response. */
	MHD_add_response_header(r, "X-Cache", hit ? "hit" : "miss");
	reply_headers_add(r, ct);
	return r;
}

/* The cache's kept_free: MHD frees the response after its last send. */
static void
image_kept_free(void *r)
{
	MHD_destroy_response(r);
}

/*
 * What the graph cache charges per entry for its kept response: an
 * allowance for an MHD_Response and its headers (content type, cache,
 * vary, X-Cache and reply_headers_add's: well under a kilobyte of malloc).
 */
#define IMAGE_KEPT_COST	1024

struct image_hit {
	struct MHD_Connection	*c;
	int			 format;
	enum MHD_Result		 rc;
};

/*
 * cache_serve's callback, on a hit: the entry's response, made at its
 * first hit and kept with it, is queued as it is.
 */
static int
image_hit(void *arg, struct cache_buf *b, void **kept)
{
	struct image_hit	*ph = arg;

	if (*kept == NULL && (*kept = image_response(b, ph->format, 1)) ==
	    NULL) {
		ph->rc = MHD_NO;
		return 0;
	}
	ph->rc = MHD_queue_response(ph->c, MHD_HTTP_OK, *kept);
	return 0;
}

/*
 * A render on its way: made by the handler, run by the queue's thread,
 * answered by the handler's call after the connection is resumed. The
 * handler and the thread meet under lock: whichever of "suspended" and
 * "done" comes second resumes the connection (after the unlock: the
 * resumed request may complete and free r at once), so it is never
 * resumed before it was suspended.
 */
struct httpgraph_render {
	struct httpgraph	*g;
	struct MHD_Connection	*c;
	struct graph_job	 j;
	struct cache_key	 key;
	pthread_mutex_t		 lock;
	int			 suspended;
	int			 done;
	int			 cancelled;
	int			 failed;
	struct cache_buf	*img;		/* the result, one reference */
};

void
httpgraph_render_free(struct httpgraph_render *r)
{
	if (r == NULL)
		return;
	graph_job_free(&r->j);
	cache_buf_unref(r->img);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

/* The queue's job: render, cache, and have the connection resumed. */
static void
render_run(void *arg, int cancelled)
{
	struct httpgraph_render	*r = arg;
	struct MHD_Connection	*c;
	unsigned char		*data;
	size_t			 len;
	char			 err[512];
	int			 resume;

	if (!cancelled) {
		store_flush(registry_store(r->g->reg), r->j.id);
		if (graph_render(&r->j.spec, &data, &len, err,
		    sizeof(err)) == 0) {
			r->img = cache_buf_new(data, len);
			free(data);
			cache_put(r->g->cache, &r->key, r->j.generation,
			    r->img);
		} else {
			log_warnx("graph %s: %s", r->j.id, err);
			r->failed = 1;
		}
	}
	c = r->c;
	pthread_mutex_lock(&r->lock);
	r->cancelled = cancelled;
	r->done = 1;
	resume = r->suspended;
	pthread_mutex_unlock(&r->lock);
	/*
	 * Not r from here: once resumed, the request may complete and r be
	 * freed. c lives on: it stays suspended until this call.
	 */
	if (resume)
		MHD_resume_connection(c);
}

/* The answer to a render, on the handler's call after the resume. */
static enum MHD_Result
render_answer(struct MHD_Connection *c, struct httpgraph_render *r)
{
	struct MHD_Response	*rp;
	enum MHD_Result		 rc;

	if (r->cancelled)
		return reply_busy(c, 1, "shutting down");
	if (r->failed)
		return reply_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "graph rendering failed");
	if ((rp = image_response(r->img, r->key.format, 0)) == NULL)
		return MHD_NO;
	rc = MHD_queue_response(c, MHD_HTTP_OK, rp);
	MHD_destroy_response(rp);
	return rc;
}

/* The client's address as the render queue's fairness key. */
static void
client_key(struct MHD_Connection *c, char *key, size_t keylen)
{
	const union MHD_ConnectionInfo	*ci;
	const struct sockaddr		*sa;

	snprintf(key, keylen, "?");
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || (sa = ci->client_addr) == NULL)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
		    key, (socklen_t)keylen);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
		    &((const struct sockaddr_in6 *)sa)->sin6_addr, key,
		    (socklen_t)keylen);
}

/*
 * Queue a render of key and suspend c until it is done; 503 with
 * Retry-After when the queue refuses it.
 */
static enum MHD_Result
render_queue(struct httpgraph *g, struct MHD_Connection *c,
    const struct cache_key *key, struct httpgraph_render **pending)
{
	struct httpgraph_render	*r;
	char			 client[WORKQ_KEY_MAX];
	int			 done;

	r = xcalloc(1, sizeof(*r));
	pthread_mutex_init(&r->lock, NULL);
	r->g = g;
	r->c = c;
	if (graph_job_init(g, key, &r->j) == -1) {
		httpgraph_render_free(r);
		return reply_error(c, MHD_HTTP_NOT_FOUND, "no such indicator");
	}
	r->key = *key;
	r->key.id = r->j.id;
	client_key(c, client, sizeof(client));
	if (workq_submit(g->q, client, render_run, r) == -1) {
		httpgraph_render_free(r);
		return reply_busy(c, workq_retry_after(g->q), "busy rendering "
		    "other graphs: try again later");
	}
	*pending = r;
	MHD_suspend_connection(c);
	pthread_mutex_lock(&r->lock);
	r->suspended = 1;
	done = r->done;
	pthread_mutex_unlock(&r->lock);
	if (done)
		MHD_resume_connection(c);
	return MHD_YES;
}

enum MHD_Result
httpgraph_serve(struct httpgraph *g, struct MHD_Connection *c,
    const char *id, enum graph_format format,
    struct httpgraph_render **pending)
{
	struct query_ctx	 qc;
	struct cache_key	 key;
	struct image_hit	 ph = { c, format, MHD_NO };
	uint64_t		 gen;
	enum lang		 dflt;

	if (*pending != NULL)
		return render_answer(c, *pending);
	memset(&qc, 0, sizeof(qc));
	uri_graph_defaults(&qc.q);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, query_iter, &qc);
	if (qc.bad || uri_graph_check(&qc.q, qc.err, sizeof(qc.err)) == -1)
		return reply_error(c, MHD_HTTP_BAD_REQUEST, qc.err);
	if (graph_generation(g, id, &gen, &dflt) == -1)
		return reply_error(c, MHD_HTTP_NOT_FOUND, "no such indicator");
	if (qc.q.lang == -1)
		qc.q.lang = (int)lang_accept(MHD_lookup_connection_value(c,
		    MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_LANGUAGE), dflt);
	key = (struct cache_key){ id, qc.q.from, qc.q.to, qc.q.width,
	    qc.q.height, qc.q.lang, (int)format };
	if (cache_serve(g->cache, &key, gen, image_hit, &ph) == 0)
		return ph.rc;
	/* The data may change meanwhile: the render keeps its own gen. */
	return render_queue(g, c, &key, pending);
}

struct httpgraph *
httpgraph_new(struct registry *reg)
{
	struct httpgraph	*g;

	g = xcalloc(1, sizeof(*g));
	if ((g->q = workq_new(HTTPGRAPH_RENDERS, HTTPGRAPH_PER_CLIENT,
	    HTTPGRAPH_QUEUE)) == NULL) {
		free(g);
		return NULL;
	}
	g->reg = reg;
	g->cache = cache_new(HTTPGRAPH_CACHE_BYTES);
	cache_set_kept(g->cache, image_kept_free, IMAGE_KEPT_COST);
	graph_init();
	return g;
}

void
httpgraph_close(struct httpgraph *g)
{
	workq_close(g->q);
}

void
httpgraph_free(struct httpgraph *g)
{
	if (g == NULL)
		return;
	workq_free(g->q);
	cache_free(g->cache);
	free(g);
}

static const struct promtext_family fam_rejected = {
    "indicatord_http_requests_rejected", PROMTEXT_COUNTER, NULL,
    "HTTP requests refused with 503 before any work, by reason." };
static const struct promtext_family fam_renders = {
    "indicatord_graph_renders", PROMTEXT_COUNTER, NULL,
    "Graphs rendered (cache misses that reached librrd)." };

void
httpgraph_metrics(struct httpgraph *g, struct buf *b, int om)
{
	struct workq_stats	 st;

	workq_stats(g->q, &st);
	promtext_header(b, &fam_rejected, om);
	promtext_begin(b, &fam_rejected);
	promtext_label(b, 1, "reason", "render_busy");
	promtext_end(b, (double)st.rejected);
	promtext_header(b, &fam_renders, om);
	promtext_sample(b, &fam_renders, (double)st.done);
}

uint64_t
httpgraph_metrics_gen(struct httpgraph *g)
{
	struct workq_stats	 st;

	workq_stats(g->q, &st);
	return st.rejected + st.done;
}
