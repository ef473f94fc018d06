/*
 * expo.c: the served exposition (see expo.h).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "expo.h"
#include "metrics.h"
#include "reply.h"
#include "xmalloc.h"

/* The renderer starts once changes pause this long (expo_settle), */
#define EXPO_QUIET_MS	50
/* or once the first pending one has waited this long. */
#define EXPO_MAX_MS	2000

/* What the tail was rendered from: while it is unchanged, so is the tail. */
struct tail_key {
	uint64_t		 feeds;		/* the view's feed_seq */
	uint64_t		 proc;		/* metrics_process_gen */
	uint64_t		 gen[EXPO_TAILS_MAX];
	size_t			 n;
};

struct tail {
	expo_tail_fn		 fn;
	expo_gen_fn		 gen;
	void			*arg;
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

struct expo {
	pthread_mutex_t		 lock;		/* the fields up to mlock */
	pthread_cond_t		 wake;		/* a view to render, or stop */
	pthread_cond_t		 done;		/* shown moved */
	struct view		*latest;	/* the newest view given */
	struct snapshot		*snap;		/* the last render */
	uint64_t		 shown;		/* the ind_seq snap shows */
	int			 waiting;	/* scrapes waiting for a render */
	int			 stop;
	struct tail		 tails[EXPO_TAILS_MAX];
	size_t			 ntails;
	pthread_t		 thread;
	int			 running;
	struct metrics_cache	*cache;		/* the rendering thread's */
	pthread_mutex_t		 mlock;		/* gzslot, plainslot */
	struct metrics_slot	 gzslot[2];	/* by om */
	struct metrics_slot	 plainslot;	/* the last format asked for */
};

/* Whether the newest view shows indicators the snapshot does not. */
static int
expo_behind(const struct expo *e)
{
	return e->latest != NULL && e->latest->ind_seq != e->shown;
}

/*
 * With a view to render (caller holds lock), wait until views stop coming
 * for EXPO_QUIET_MS, a scrape waits for it, or the first has waited
 * EXPO_MAX_MS. A render costs time in the number of indicators:
 * back-to-back ingests must not pay one each, and a scrape still sees
 * everything stored before it (expo_snapshot).
 */
static void
expo_settle(struct expo *e)
{
	struct timespec	 quiet, last;
	uint64_t	 seen;

	clock_deadline(&last, EXPO_MAX_MS);
	while (!e->stop && e->waiting == 0) {
		seen = e->latest->ind_seq;
		clock_deadline(&quiet, EXPO_QUIET_MS);
		if (clock_cmp(&quiet, &last) > 0)
			quiet = last;
		if (pthread_cond_timedwait(&e->wake, &e->lock, &quiet) ==
		    ETIMEDOUT && e->latest->ind_seq == seen)
			break;
		if (clock_passed(&last))
			break;
	}
}

static void *
expo_main(void *arg)
{
	struct expo	*e = arg;
	struct snapshot	*snap, *old;
	struct view	*v;

	pthread_mutex_lock(&e->lock);
	for (;;) {
		while (!e->stop && !expo_behind(e))
			pthread_cond_wait(&e->wake, &e->lock);
		expo_settle(e);
		if (e->stop)
			break;
		v = view_ref(e->latest);
		pthread_mutex_unlock(&e->lock);
		/* Only this thread renders: the cache is its own. */
		snap = metrics_render(e->cache, v);
		metrics_compress(snap);
		pthread_mutex_lock(&e->lock);
		old = e->snap;
		e->snap = snap;
		e->shown = v->ind_seq;
		pthread_cond_broadcast(&e->done);
		pthread_mutex_unlock(&e->lock);
		snapshot_unref(old);
		view_unref(v);
		pthread_mutex_lock(&e->lock);
	}
	pthread_mutex_unlock(&e->lock);
	return NULL;
}

struct expo *
expo_open(char *err, size_t errlen)
{
	struct expo		*e = xcalloc(1, sizeof(*e));

	e->cache = metrics_cache_new();
	pthread_mutex_init(&e->lock, NULL);
	pthread_mutex_init(&e->mlock, NULL);
	/* expo_settle's deadlines do not move with the clock. */
	clock_cond_init(&e->wake);
	pthread_cond_init(&e->done, NULL);
	if ((errno = pthread_create(&e->thread, NULL, expo_main, e)) != 0) {
		snprintf(err, errlen, "metrics thread: %s", strerror(errno));
		expo_close(e);
		return NULL;
	}
	e->running = 1;
	return e;
}

void
expo_update(void *arg, struct view *v)
{
	struct expo	*e = arg;
	struct view	*old;

	pthread_mutex_lock(&e->lock);
	old = e->latest;
	e->latest = view_ref(v);
	if (expo_behind(e))
		pthread_cond_signal(&e->wake);
	pthread_mutex_unlock(&e->lock);
	view_unref(old);
}

void
expo_add_tail(struct expo *e, expo_tail_fn fn, expo_gen_fn gen, void *arg)
{
	pthread_mutex_lock(&e->lock);
	if (e->ntails < EXPO_TAILS_MAX) {
		e->tails[e->ntails].fn = fn;
		e->tails[e->ntails].gen = gen;
		e->tails[e->ntails++].arg = arg;
	}
	pthread_mutex_unlock(&e->lock);
}

/*
 * The snapshot to serve (a reference) once it shows the newest view, that
 * view (a reference), and a copy of the tail's parts when tails is not
 * NULL: one hold of the lock a scrape.
 */
static struct snapshot *
expo_take(struct expo *e, struct view **vp, struct tail *tails,
    size_t *ntails)
{
	struct snapshot	*s;

	pthread_mutex_lock(&e->lock);
	if (expo_behind(e) && !e->stop) {
		/* Have the renderer start now rather than settle. */
		e->waiting++;
		pthread_cond_signal(&e->wake);
		while (expo_behind(e) && !e->stop)
			pthread_cond_wait(&e->done, &e->lock);
		e->waiting--;
	}
	s = snapshot_ref(e->snap);
	*vp = view_ref(e->latest);
	if (tails != NULL) {
		memcpy(tails, e->tails, sizeof(e->tails));
		*ntails = e->ntails;
	}
	pthread_mutex_unlock(&e->lock);
	return s;
}

struct snapshot *
expo_snapshot(struct expo *e, struct view **vp)
{
	return expo_take(e, vp, NULL, NULL);
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
	reply_headers_add(r, NULL);
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

/* The current key of the tail of v and parts tails; read before a render. */
static void
tail_key_get(const struct view *v, const struct tail *tails, size_t n,
    struct tail_key *k)
{
	size_t	 i;

	k->n = n;
	k->feeds = v->feed_seq;
	k->proc = metrics_process_gen(v->start_time);
	for (i = 0; i < k->n; i++)
		k->gen[i] = tails[i].gen(tails[i].arg);
}

static int
tail_key_eq(const struct tail_key *a, const struct tail_key *b)
{
	size_t	 i;

	if (a->feeds != b->feeds || a->proc != b->proc || a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (a->gen[i] != b->gen[i])
			return 0;
	return 1;
}

/* The tail of format om, rendered now; *len gets its length. */
static char *
tail_render(const struct view *v, const struct tail *tails, size_t n,
    int om, size_t *len)
{
	struct buf	 tail;
	size_t		 i;

	buf_init(&tail, 2048);
	metrics_feeds(&tail, om, v);
	metrics_process(&tail, om, v->start_time);
	for (i = 0; i < n; i++)
		tails[i].fn(tails[i].arg, &tail, om);
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
serve_metrics_kept(struct expo *h, struct MHD_Connection *c,
    struct snapshot *snap, const struct view *v, const struct tail *tails,
    size_t ntails, int om, int gz)
{
	struct metrics_slot	*s;
	struct MHD_Response	*r;
	struct tail_key		 key, *k = &key;
	enum MHD_Result		 rc = MHD_NO;
	char			*tail;
	size_t			 taillen;
	int			 i, keep = 1;

	tail_key_get(v, tails, ntails, k);
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
	tail = tail_render(v, tails, k->n, om, &taillen);
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

enum MHD_Result
expo_queue(struct expo *e, struct MHD_Connection *c, int om, int gz)
{
	struct snapshot	*snap;
	struct view	*v;
	struct tail	 tails[EXPO_TAILS_MAX];
	size_t		 ntails;
	enum MHD_Result	 rc;

	snap = expo_take(e, &v, tails, &ntails);
	rc = serve_metrics_kept(e, c, snap, v, tails, ntails, om,
	    gz && snap->gz);
	view_unref(v);
	return rc;
}

void
expo_close(struct expo *e)
{
	if (e == NULL)
		return;
	pthread_mutex_lock(&e->lock);
	e->stop = 1;
	pthread_cond_broadcast(&e->wake);
	pthread_cond_broadcast(&e->done);
	pthread_mutex_unlock(&e->lock);
	if (e->running)
		pthread_join(e->thread, NULL);
	metrics_slot_clear(&e->gzslot[0]);
	metrics_slot_clear(&e->gzslot[1]);
	metrics_slot_clear(&e->plainslot);
	snapshot_unref(e->snap);
	view_unref(e->latest);
	metrics_cache_free(e->cache);
	pthread_mutex_destroy(&e->lock);
	pthread_mutex_destroy(&e->mlock);
	pthread_cond_destroy(&e->wake);
	pthread_cond_destroy(&e->done);
	free(e);
}
