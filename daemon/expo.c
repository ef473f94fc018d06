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
#include "log.h"
#include "metrics.h"
#include "reply.h"
#include "shard.h"
#include "xmalloc.h"

/* The renderer starts once changes pause this long (expo_settle), */
#define EXPO_QUIET_MS	50
/* or once the first pending one has waited this long. */
#define EXPO_MAX_MS	2000
/* A selection not scraped for this long is let go (its memory with it). */
#define EXPO_IDLE_S	900
/* The largest plain text kept in one buffer (metrics_plain_buffer), */
#define EXPO_PLAIN_KEEP	(4 * 1024 * 1024)
/*
 * and the largest deflate (metrics_gz_response): 1,000 indicators make
 * 198 KB, sent with its headers in one writev; past it (about 1,300) the
 * deflate is copied from the segments a request (metrics_gz_stream).
 */
#define EXPO_GZ_KEEP	(256 * 1024)

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
 * The last gzip /metrics response of each format of a deflate up to
 * EXPO_GZ_KEEP, and the last plain one of a text up to EXPO_PLAIN_KEEP,
 * queued again while the snapshot and
 * the tail's key are unchanged: one buffer, so MHD sends headers and body
 * with one writev (an iovec response's headers go in a send of their
 * own), and nothing is built per request. A larger plain text is
 * inflated from the segments for each request (metrics_plain_response):
 * a kept copy would be ten times the exposition's memory (the segments
 * keep their deflate only), and Prometheus asks for gzip.
 */
struct metrics_slot {
	struct snapshot		*snap;		/* holds a reference */
	struct tail_key		 key;
	int			 om;
	struct MHD_Response	*r;
	const char		*text;		/* plain: r's body */
};

/*
 * The indicators one kind of scrape asks for (mquery.h), rendered ahead
 * after every change once it was asked for, until it goes idle. A
 * selection's slot is reused only by the renderer; a scrape that still
 * holds a pointer to it uses its slots only for the snapshot it took.
 */
struct esel {
	int			 inuse;
	struct mquery		 q;
	struct metrics_cache	*cache;		/* the rendering thread's */
	struct snapshot		*snap;		/* the last render, or NULL */
	uint64_t		 shown;		/* the ind_seq snap shows */
	time_t			 used;		/* last asked for (monotonic) */
	struct metrics_slot	 gzslot[2];	/* by om, under mlock */
	struct metrics_slot	 plainslot;	/* the last plain one kept */
};

struct expo {
	pthread_mutex_t		 lock;		/* the fields up to mlock */
	pthread_cond_t		 wake;		/* a view to render, or stop */
	pthread_cond_t		 done;		/* a selection's shown moved */
	struct view		*latest;	/* the newest view given */
	int			 waiting;	/* scrapes waiting for a render */
	int			 stop;
	struct tail		 tails[EXPO_TAILS_MAX];
	size_t			 ntails;
	pthread_t		 thread;
	int			 running;
	struct esel		 sel[EXPO_SELS_MAX];	/* [0]: every indicator */
	pthread_mutex_t		 mlock;		/* the selections' slots */
};

static time_t
mono_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* Whether the newest view shows indicators selection s does not. */
static int
sel_behind(const struct expo *e, const struct esel *s)
{
	return s->inuse && e->latest != NULL && (s->snap == NULL ||
	    e->latest->ind_seq != s->shown);
}

static int
expo_behind(const struct expo *e)
{
	size_t	 i;

	for (i = 0; i < EXPO_SELS_MAX; i++)
		if (sel_behind(e, &e->sel[i]))
			return 1;
	return 0;
}

/*
 * With a view to render (caller holds lock), wait until views stop coming
 * for EXPO_QUIET_MS, a scrape waits for it, or the first has waited
 * EXPO_MAX_MS. A render costs time in the number of indicators:
 * back-to-back ingests must not pay one each, and a scrape still sees
 * everything stored before it (expo_take).
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

/* The indicators of v that s selects: v's own array for every one. */
static struct iview **
sel_pick(const struct esel *s, struct view *v, size_t *n)
{
	struct iview	**ind;
	const char	 *feed;
	size_t		  i;

	if (mquery_all(&s->q)) {
		*n = v->nind;
		return v->ind;
	}
	ind = xreallocarray(NULL, v->nind + 1, sizeof(*ind));
	for (i = 0, *n = 0; i < v->nind; i++) {
		if (v->ind[i]->conf == NULL)
			continue;
		feed = v->ind[i]->conf->feed;
		if (s->q.feed[0] != '\0' && (feed == NULL ||
		    strcmp(feed, s->q.feed) != 0))
			continue;
		if (s->q.of > 0 && shard_of(v->ind[i]->id, s->q.of) !=
		    s->q.shard)
			continue;
		ind[(*n)++] = v->ind[i];
	}
	return ind;
}

static struct snapshot *
sel_render(struct esel *s, struct view *v)
{
	struct snapshot	*snap;
	struct iview	**ind;
	size_t		  n;

	ind = sel_pick(s, v, &n);
	snap = metrics_render(s->cache, v, ind, n);
	if (ind != v->ind)
		free(ind);
	snapshot_compress(snap);
	return snap;
}

static void
metrics_slot_clear(struct metrics_slot *s)
{
	if (s->r != NULL)
		MHD_destroy_response(s->r);
	snapshot_unref(s->snap);
	memset(s, 0, sizeof(*s));
}

/* Let go of selections nobody asked for in EXPO_IDLE_S (lock held). */
static void
expo_forget_idle(struct expo *e)
{
	struct esel	*s;
	time_t		 now = mono_now();
	size_t		 i;

	for (i = 0; i < EXPO_SELS_MAX; i++) {
		s = &e->sel[i];
		if (!s->inuse || now - s->used < EXPO_IDLE_S)
			continue;
		pthread_mutex_lock(&e->mlock);
		metrics_slot_clear(&s->gzslot[0]);
		metrics_slot_clear(&s->gzslot[1]);
		metrics_slot_clear(&s->plainslot);
		pthread_mutex_unlock(&e->mlock);
		snapshot_unref(s->snap);
		s->snap = NULL;
		metrics_cache_free(s->cache);
		s->cache = NULL;
		s->inuse = 0;
	}
}

/*
 * Let go of s's kept responses of another snapshot than snap: they hold
 * it, and its segments the new one does not share, until the next scrape.
 */
static void
sel_slots_trim(struct expo *e, struct esel *s, const struct snapshot *snap)
{
	int	 i;

	pthread_mutex_lock(&e->mlock);
	for (i = 0; i < 2; i++)
		if (s->gzslot[i].snap != NULL && s->gzslot[i].snap != snap)
			metrics_slot_clear(&s->gzslot[i]);
	if (s->plainslot.snap != NULL && s->plainslot.snap != snap)
		metrics_slot_clear(&s->plainslot);
	pthread_mutex_unlock(&e->mlock);
}

/* Render every selection behind v, one at a time (lock held). */
static void
expo_render(struct expo *e, struct view *v)
{
	struct snapshot	*snap, *old;
	struct esel	*s;
	size_t		 i;

	for (i = 0; i < EXPO_SELS_MAX && !e->stop; i++) {
		s = &e->sel[i];
		if (!s->inuse || (s->snap != NULL && s->shown == v->ind_seq))
			continue;
		pthread_mutex_unlock(&e->lock);
		/* Only this thread renders and forgets: s stays s. */
		snap = sel_render(s, v);
		pthread_mutex_lock(&e->lock);
		old = s->snap;
		s->snap = snap;
		s->shown = v->ind_seq;
		pthread_cond_broadcast(&e->done);
		pthread_mutex_unlock(&e->lock);
		sel_slots_trim(e, s, snap);
		snapshot_unref(old);
		pthread_mutex_lock(&e->lock);
	}
}

static void *
expo_main(void *arg)
{
	struct expo	*e = arg;
	struct view	*v;

	pthread_mutex_lock(&e->lock);
	for (;;) {
		while (!e->stop && !expo_behind(e))
			pthread_cond_wait(&e->wake, &e->lock);
		expo_settle(e);
		if (e->stop)
			break;
		expo_forget_idle(e);
		v = view_ref(e->latest);
		expo_render(e, v);
		pthread_mutex_unlock(&e->lock);
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

	/* Every indicator: rendered from the first view on. */
	e->sel[0].inuse = 1;
	mquery_init(&e->sel[0].q);
	e->sel[0].cache = metrics_cache_new();
	e->sel[0].used = mono_now();
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

/* The selection of q, made if new; NULL when every one is in use. */
static struct esel *
sel_get(struct expo *e, const struct mquery *q)
{
	struct esel	*s, *free = NULL;
	size_t		 i;

	for (i = 0; i < EXPO_SELS_MAX; i++) {
		s = &e->sel[i];
		if (s->inuse && mquery_same(&s->q, q))
			return s;
		if (!s->inuse && free == NULL)
			free = s;
	}
	if ((s = free) == NULL)
		return NULL;
	s->inuse = 1;
	s->q = *q;
	s->cache = metrics_cache_new();
	s->snap = NULL;
	return s;
}

/*
 * The snapshot of q's selection to serve (a reference) once it shows the
 * newest view, that view (a reference), the selection in *sp, and a copy
 * of the tail's parts when tails is not NULL: one hold of the lock a
 * scrape. NULL when EXPO_SELS_MAX selections are in use and q is new.
 */
static struct snapshot *
expo_take(struct expo *e, const struct mquery *q, struct esel **sp,
    struct view **vp, struct tail *tails, size_t *ntails)
{
	struct snapshot	*snap = NULL;
	struct esel	*s;

	pthread_mutex_lock(&e->lock);
	if ((s = sel_get(e, q)) == NULL)
		goto out;
	s->used = mono_now();
	if (sel_behind(e, s) && !e->stop) {
		/* Have the renderer start now rather than settle. */
		e->waiting++;
		pthread_cond_signal(&e->wake);
		while (sel_behind(e, s) && !e->stop)
			pthread_cond_wait(&e->done, &e->lock);
		e->waiting--;
	}
	if (s->snap == NULL)		/* stopping before the first render */
		goto out;
	snap = snapshot_ref(s->snap);
	*sp = s;
	*vp = view_ref(e->latest);
	if (tails != NULL) {
		memcpy(tails, e->tails, sizeof(e->tails));
		*ntails = e->ntails;
	}
out:
	pthread_mutex_unlock(&e->lock);
	return snap;
}

struct snapshot *
expo_snapshot(struct expo *e, struct view **vp)
{
	struct mquery	 q;
	struct esel	*s;

	mquery_init(&q);
	return expo_take(e, &q, &s, vp, NULL, NULL);
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

/*
 * A gzip response: the exposition as compressed at its render, then the
 * tail compressed now, as one gzip member (snapshot_gz_tail), copied into
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

	if (snapshot_gz_tail(snap, om, tail, taillen, &tgz, &tgzlen) == -1)
		return NULL;
	len = SNAPSHOT_GZ_HEAD + snap->gzlen[om] + tgzlen;
	p = body = xmalloc(len);
	memcpy(p, snapshot_gz_head, SNAPSHOT_GZ_HEAD);
	p = snapshot_gz_copy(snap, om, p + SNAPSHOT_GZ_HEAD);
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

/*
 * A plain response's reader: the snapshot's text of its format, read on
 * as MHD asks for it, then the tail.
 */
struct plain_body {
	struct snapshot		*snap;
	struct snapshot_reader	 rd;
	size_t			 len;		/* the snapshot's text */
	size_t			 taillen;
	char			 tail[];
};

static void
plain_body_free(void *arg)
{
	struct plain_body	*b = arg;

	snapshot_reader_end(&b->rd);
	snapshot_unref(b->snap);
	free(b);
}

/*
 * Bring b's reader to pos of the text, with buf (max bytes) to read into
 * what is skipped: MHD reads in order from 0, so this only starts over
 * if asked for an earlier byte.
 */
static int
plain_seek(struct plain_body *b, uint64_t pos, char *buf, size_t max)
{
	uint64_t	 left;

	if (pos < b->rd.pos) {
		snapshot_reader_end(&b->rd);
		snapshot_reader_init(&b->rd, b->snap, b->rd.om);
	}
	while ((left = pos - b->rd.pos) > 0)
		if (snapshot_read(&b->rd, buf, left < max ? left : max) <= 0)
			return -1;
	return 0;
}

static ssize_t
plain_read(void *arg, uint64_t pos, char *buf, size_t max)
{
	struct plain_body	*b = arg;
	size_t			 n = 0, off;
	ssize_t			 k;

	if (pos < b->len) {
		if (plain_seek(b, pos, buf, max) == -1 ||
		    (k = snapshot_read(&b->rd, buf, b->len - pos < max ?
		    b->len - pos : max)) <= 0) {
			log_warnx("metrics: plain body: inflate failed");
			return MHD_CONTENT_READER_END_WITH_ERROR;
		}
		n = (size_t)k;
	}
	if (n < max && (off = (size_t)(pos + n - b->len)) < b->taillen) {
		k = (ssize_t)(b->taillen - off < max - n ? b->taillen - off :
		    max - n);
		memcpy(buf + n, b->tail + off, (size_t)k);
		n += (size_t)k;
	}
	return n > 0 ? (ssize_t)n : MHD_CONTENT_READER_END_OF_STREAM;
}

/*
 * A plain response of a text past EXPO_PLAIN_KEEP: the snapshot's
 * segments inflated as MHD sends them, then the tail; one a request,
 * never kept. The segments keep no text (snapshot.h), and a buffer of the
 * whole would be 240 MB at 100,000 indicators; an iovec response of
 * thousands of pieces makes libmicrohttpd 0.9.75 abort when it is
 * destroyed (seen at 4,400).
 */
#define PLAIN_BLOCK	(256 * 1024)

static struct MHD_Response *
metrics_plain_response(struct snapshot *snap, const char *tail,
    size_t taillen, int om)
{
	struct MHD_Response	*r;
	struct plain_body	*b;

	b = xcalloc(1, sizeof(*b) + taillen);
	b->snap = snapshot_ref(snap);
	snapshot_reader_init(&b->rd, snap, om);
	b->len = snapshot_length(snap, om);
	b->taillen = taillen;
	memcpy(b->tail, tail, taillen);
	if ((r = MHD_create_response_from_callback(b->len + taillen,
	    PLAIN_BLOCK, plain_read, b, plain_body_free)) == NULL) {
		plain_body_free(b);
		return NULL;
	}
	metrics_headers(r, om, 0);
	return r;
}

/*
 * A gzip response's reader past EXPO_GZ_KEEP: the gzip header, the
 * snapshot's segments' deflate of its format, then the tail's (made by
 * snapshot_gz_tail). seg and at: the segment MHD reads in, where its
 * deflate starts in the body.
 */
struct gz_body {
	struct snapshot	*snap;
	int		 om;
	size_t		 seg;
	uint64_t	 at;
	uint64_t	 end;		/* the segments' end in the body */
	unsigned char	*tgz;
	size_t		 tgzlen;
};

static void
gz_body_free(void *arg)
{
	struct gz_body	*b = arg;

	snapshot_unref(b->snap);
	free(b->tgz);
	free(b);
}

/* Move b to the segment whose deflate holds pos (MHD reads in order). */
static void
gz_seek(struct gz_body *b, uint64_t pos)
{
	const struct snapshot	*s = b->snap;
	const struct seg	*g;

	if (pos < b->at) {
		b->seg = 0;
		b->at = SNAPSHOT_GZ_HEAD;
	}
	while (b->seg < s->nseg) {
		g = s->seg[b->seg];
		if (!(g->unit && !b->om)) {
			if (b->at + g->zlen > pos)
				break;
			b->at += g->zlen;
		}
		b->seg++;
	}
}

/* Up to max bytes of the body at pos: of the header, a segment or the tail. */
static size_t
gz_piece(struct gz_body *b, uint64_t pos, unsigned char *buf, size_t max)
{
	const unsigned char	*from;
	size_t			 left;

	if (pos < SNAPSHOT_GZ_HEAD) {
		from = snapshot_gz_head + pos;
		left = SNAPSHOT_GZ_HEAD - (size_t)pos;
	} else if (pos < b->end) {
		gz_seek(b, pos);
		if (b->seg == b->snap->nseg)
			return 0;	/* not reached: end is their sum */
		from = b->snap->seg[b->seg]->z + (pos - b->at);
		left = (size_t)(b->at + b->snap->seg[b->seg]->zlen - pos);
	} else if (pos - b->end < b->tgzlen) {
		from = b->tgz + (pos - b->end);
		left = b->tgzlen - (size_t)(pos - b->end);
	} else
		return 0;
	if (left > max)
		left = max;
	memcpy(buf, from, left);
	return left;
}

static ssize_t
gz_read(void *arg, uint64_t pos, char *buf, size_t max)
{
	struct gz_body	*b = arg;
	size_t		 n = 0, k;

	while (n < max && (k = gz_piece(b, pos + n, (unsigned char *)buf + n,
	    max - n)) > 0)
		n += k;
	return n > 0 ? (ssize_t)n : MHD_CONTENT_READER_END_OF_STREAM;
}

/*
 * A gzip response of a deflate past EXPO_GZ_KEEP: the segments' deflate
 * copied as MHD sends it, one a request, never kept: a kept buffer is a
 * second copy of the deflate for each format (19.5 MB at 100,000
 * indicators), and a copy made a request costs a few ms of its CPU.
 */
static struct MHD_Response *
metrics_gz_stream(struct snapshot *snap, const char *tail, size_t taillen,
    int om)
{
	struct MHD_Response	*r;
	struct gz_body		*b;

	b = xcalloc(1, sizeof(*b));
	if (snapshot_gz_tail(snap, om, tail, taillen, &b->tgz,
	    &b->tgzlen) == -1) {
		free(b);
		return NULL;
	}
	b->snap = snapshot_ref(snap);
	b->om = om;
	b->at = SNAPSHOT_GZ_HEAD;
	b->end = SNAPSHOT_GZ_HEAD + snap->gzlen[om];
	if ((r = MHD_create_response_from_callback(b->end + b->tgzlen,
	    PLAIN_BLOCK, gz_read, b, gz_body_free)) == NULL) {
		gz_body_free(b);
		return NULL;
	}
	metrics_headers(r, om, 1);
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
 * A plain response in one buffer, kept like the gzip one while the
 * snapshot and the tail are unchanged: MHD sends it with its headers in
 * one writev and copies nothing a request. For texts up to
 * EXPO_PLAIN_KEEP (about 1,700 indicators): the plain goal of
 * bench/README.md at 1,000 indicators (0.80 of the limit read from the
 * segments, 0.3 against 0.6 ms of CPU a scrape), without a second copy
 * of a large exposition. The snapshot's text is copied from text (the
 * last kept body of it) if not NULL, else inflated from its segments; the
 * body in *bodyp.
 */
static struct MHD_Response *
metrics_plain_buffer(struct snapshot *snap, const char *tail,
    size_t taillen, int om, const char *text, char **bodyp)
{
	struct MHD_Response	*r;
	char			*body, *p;
	size_t			 len;

	len = snapshot_length(snap, om);
	body = xmalloc(len + taillen + 1);
	if (text != NULL)
		p = (char *)memcpy(body, text, len) + len;
	else if ((p = snapshot_copy(snap, om, body)) == NULL) {
		free(body);
		return NULL;
	}
	memcpy(p, tail, taillen);
	if ((r = MHD_create_response_from_buffer_with_free_callback(len +
	    taillen, body, free)) == NULL) {
		free(body);
		return NULL;
	}
	metrics_headers(r, om, 0);
	*bodyp = body;
	return r;
}

/*
 * Queue the kept response of format om (gzip or plain) of selection sel,
 * made anew if snap, the format or the tail's key changed. Takes over the
 * caller's reference to snap.
 */
static enum MHD_Result
serve_metrics_kept(struct expo *h, struct esel *sel, struct MHD_Connection *c,
    struct snapshot *snap, const struct view *v, const struct tail *tails,
    size_t ntails, int om, int gz)
{
	struct metrics_slot	*s;
	struct MHD_Response	*r;
	struct tail_key		 key, *k = &key;
	enum MHD_Result		 rc = MHD_NO;
	char			*tail, *body = NULL;
	size_t			 taillen;
	int			 i;

	tail_key_get(v, tails, ntails, k);
	pthread_mutex_lock(&h->mlock);
	/*
	 * Slots of an older snapshot go at once: they keep it in memory (a
	 * scrape that took the snapshot before a render may have kept one
	 * after the renderer's sel_slots_trim).
	 */
	for (i = 0; i < 2; i++)
		if (sel->gzslot[i].snap != NULL && sel->gzslot[i].snap != snap)
			metrics_slot_clear(&sel->gzslot[i]);
	if (sel->plainslot.snap != NULL && sel->plainslot.snap != snap)
		metrics_slot_clear(&sel->plainslot);
	s = gz ? &sel->gzslot[om] : &sel->plainslot;
	if (s->r != NULL && s->om == om && tail_key_eq(&s->key, k)) {
		rc = MHD_queue_response(c, MHD_HTTP_OK, s->r);
		goto out;
	}
	if (!gz) {
		/*
		 * Under mlock: scrapes at once wait for one copy of the text
		 * rather than each inflate it; when only the tail changed,
		 * the stale body gives it.
		 */
		tail = tail_render(v, tails, k->n, om, &taillen);
		r = metrics_plain_buffer(snap, tail, taillen, om,
		    s->r != NULL && s->om == om ? s->text : NULL, &body);
		free(tail);
		goto keep;
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
	r = metrics_gz_response(snap, tail, taillen, om);
	free(tail);
	pthread_mutex_lock(&h->mlock);
keep:
	if (r == NULL)
		goto out;
	rc = MHD_queue_response(c, MHD_HTTP_OK, r);
	if (s->snap == NULL || s->snap == snap) {
		metrics_slot_clear(s);
		s->snap = snap;
		snap = NULL;
		s->key = *k;
		s->om = om;
		s->r = r;
		s->text = body;
	} else
		MHD_destroy_response(r);	/* a newer snapshot came */
out:
	pthread_mutex_unlock(&h->mlock);
	snapshot_unref(snap);
	return rc;
}

/*
 * Queue a response of format om read from the segments as it is sent,
 * gzip or plain (one a request, never kept).
 */
static enum MHD_Result
serve_metrics_stream(struct MHD_Connection *c, struct snapshot *snap,
    const struct view *v, const struct tail *tails, size_t ntails, int om,
    int gz)
{
	struct MHD_Response	*r;
	enum MHD_Result		 rc = MHD_NO;
	char			*tail;
	size_t			 taillen;

	tail = tail_render(v, tails, ntails, om, &taillen);
	r = gz ? metrics_gz_stream(snap, tail, taillen, om) :
	    metrics_plain_response(snap, tail, taillen, om);
	if (r != NULL) {
		rc = MHD_queue_response(c, MHD_HTTP_OK, r);
		MHD_destroy_response(r);
	}
	free(tail);
	snapshot_unref(snap);
	return rc;
}

enum MHD_Result
expo_queue(struct expo *e, struct MHD_Connection *c, const struct mquery *q,
    int om, int gz)
{
	struct snapshot	*snap;
	struct esel	*s;
	struct view	*v;
	struct tail	 tails[EXPO_TAILS_MAX];
	size_t		 ntails;
	enum MHD_Result	 rc;

	if ((snap = expo_take(e, q, &s, &v, tails, &ntails)) == NULL)
		return reply_error(c, MHD_HTTP_SERVICE_UNAVAILABLE,
		    __atomic_load_n(&e->stop, __ATOMIC_RELAXED) ?
		    "shutting down" : "too many distinct /metrics selections "
		    "in use (16); one goes after 15 minutes without a scrape");
	if (gz && snap->gz && snap->gzlen[om] <= EXPO_GZ_KEEP)
		rc = serve_metrics_kept(e, s, c, snap, v, tails, ntails, om, 1);
	else if (gz && snap->gz)
		rc = serve_metrics_stream(c, snap, v, tails, ntails, om, 1);
	else if (snapshot_length(snap, 1) <= EXPO_PLAIN_KEEP)
		rc = serve_metrics_kept(e, s, c, snap, v, tails, ntails, om, 0);
	else
		rc = serve_metrics_stream(c, snap, v, tails, ntails, om, 0);
	view_unref(v);
	return rc;
}

int
expo_has_feed(struct expo *e, const char *feed)
{
	int	 found;

	pthread_mutex_lock(&e->lock);
	found = e->latest != NULL && view_feed(e->latest, feed) != NULL;
	pthread_mutex_unlock(&e->lock);
	return found;
}

void
expo_close(struct expo *e)
{
	struct esel	*s;
	size_t		 i;

	if (e == NULL)
		return;
	pthread_mutex_lock(&e->lock);
	e->stop = 1;
	pthread_cond_broadcast(&e->wake);
	pthread_cond_broadcast(&e->done);
	pthread_mutex_unlock(&e->lock);
	if (e->running)
		pthread_join(e->thread, NULL);
	for (i = 0; i < EXPO_SELS_MAX; i++) {
		s = &e->sel[i];
		metrics_slot_clear(&s->gzslot[0]);
		metrics_slot_clear(&s->gzslot[1]);
		metrics_slot_clear(&s->plainslot);
		snapshot_unref(s->snap);
		metrics_cache_free(s->cache);
	}
	view_unref(e->latest);
	pthread_mutex_destroy(&e->lock);
	pthread_mutex_destroy(&e->mlock);
	pthread_cond_destroy(&e->wake);
	pthread_cond_destroy(&e->done);
	free(e);
}
