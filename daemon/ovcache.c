/*
 * ovcache.c: the overview's kept answers (see ovcache.h).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "buf.h"
#include "ovcache.h"
#include "overview.h"
#include "ovquery.h"
#include "reply.h"
#include "view.h"
#include "xmalloc.h"

/* One rendered page; counted: a slot and each response in flight. */
struct ovpage {
	atomic_int	 refs;
	char		*html;
	size_t		 len;
	unsigned char	*gz;		/* NULL until asked for */
	size_t		 gzlen;
};

struct ovslot {
	uint64_t	 seq;		/* the view's */
	enum lang	 l;
	char		*key;		/* the canonical query; NULL: empty */
	uint64_t	 used;		/* the tick of its last use */
	struct ovpage	*page;
};

struct ovcache {
	pthread_mutex_t	 lock;
	struct ovslot	 slot[OVCACHE_SLOTS];
	uint64_t	 tick;
	unsigned long long hits, renders;
};

/* The arguments of a request, into an ovquery; the first error wins. */
struct ovargs {
	struct ovquery	 q;
	char		 err[256];
	int		 bad;
};

static struct ovpage *
ovpage_ref(struct ovpage *p)
{
	atomic_fetch_add(&p->refs, 1);
	return p;
}

static void
ovpage_unref(void *arg)
{
	struct ovpage	*p = arg;

	if (p == NULL || atomic_fetch_sub(&p->refs, 1) != 1)
		return;
	free(p->html);
	free(p->gz);
	free(p);
}

struct ovcache *
ovcache_new(void)
{
	struct ovcache	*c = xcalloc(1, sizeof(*c));

	pthread_mutex_init(&c->lock, NULL);
	return c;
}

static void
ovslot_clear(struct ovslot *s)
{
	ovpage_unref(s->page);
	free(s->key);
	memset(s, 0, sizeof(*s));
}

void
ovcache_free(struct ovcache *c)
{
	size_t	 i;

	if (c == NULL)
		return;
	for (i = 0; i < OVCACHE_SLOTS; i++)
		ovslot_clear(&c->slot[i]);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

void
ovcache_stats(struct ovcache *c, unsigned long long *hits,
    unsigned long long *renders)
{
	pthread_mutex_lock(&c->lock);
	*hits = c->hits;
	*renders = c->renders;
	pthread_mutex_unlock(&c->lock);
}

static enum MHD_Result
ovcache_arg(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	struct ovargs	*a = cls;

	(void)kind;
	if (!a->bad && ovquery_add(&a->q, key, value, a->err,
	    sizeof(a->err)) == -1)
		a->bad = 1;
	return MHD_YES;
}

/* Whether the query's feed is one of v's (or none is asked for). */
static int
ovcache_feed_known(const struct view *v, const struct ovquery *q)
{
	return q->feed[0] == '\0' || view_feed(v, q->feed) != NULL;
}

/* The kept page of (v, l, key), a reference, or NULL; lock held. */
static struct ovpage *
ovcache_find(struct ovcache *c, const struct view *v, enum lang l,
    const char *key)
{
	struct ovslot	*s;
	size_t		 i;

	for (i = 0; i < OVCACHE_SLOTS; i++) {
		s = &c->slot[i];
		if (s->page != NULL && s->seq == v->seq && s->l == l &&
		    strcmp(s->key, key) == 0) {
			s->used = ++c->tick;
			return ovpage_ref(s->page);
		}
	}
	return NULL;
}

/* Keep p for (v, l, key) in the slot of an older view, else the LRU one. */
static void
ovcache_keep(struct ovcache *c, const struct view *v, enum lang l,
    const char *key, struct ovpage *p)
{
	struct ovslot	*s, *victim = &c->slot[0];
	size_t		 i;

	for (i = 0; i < OVCACHE_SLOTS; i++) {
		s = &c->slot[i];
		if (s->page != NULL && s->seq < v->seq)
			ovslot_clear(s);
		if (s->page == NULL || (victim->page != NULL &&
		    s->used < victim->used))
			victim = s;
	}
	ovslot_clear(victim);
	victim->seq = v->seq;
	victim->l = l;
	victim->key = xstrdup(key);
	victim->used = ++c->tick;
	victim->page = ovpage_ref(p);
}

/* p's gzip (RFC 1952), made once: 0, or -1 to serve it plain. */
static int
ovpage_gzip(struct ovpage *p)
{
	z_stream	 z;
	unsigned char	*out;
	size_t		 cap;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	cap = deflateBound(&z, (uLong)p->len) + 32;
	out = xmalloc(cap);
	z.next_in = (unsigned char *)p->html;
	z.avail_in = (uInt)p->len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
		deflateEnd(&z);
		free(out);
		return -1;
	}
	p->gzlen = cap - z.avail_out;
	p->gz = out;
	deflateEnd(&z);
	return 0;
}

/*
 * The page of (v, l, q), rendered or kept, with its gzip when gz (unless
 * it fails): a reference.
 */
static struct ovpage *
ovcache_page(struct ovcache *c, const struct view *v, enum lang l,
    const struct ovquery *q, int gz)
{
	struct ovpage	*p, *kept;
	struct buf	 key, b;

	buf_init(&key, 256);
	ovquery_canon(q, &key);
	pthread_mutex_lock(&c->lock);
	if ((p = ovcache_find(c, v, l, key.data)) != NULL) {
		c->hits++;
		if (gz && p->gz == NULL)
			ovpage_gzip(p);
		pthread_mutex_unlock(&c->lock);
		buf_free(&key);
		return p;
	}
	pthread_mutex_unlock(&c->lock);
	/* Render without the lock: another request may do the same. */
	p = xcalloc(1, sizeof(*p));
	atomic_init(&p->refs, 1);
	buf_init(&b, 65536 + 600 * view_nconf(v));
	overview_render(v, l, q, &b);
	p->html = buf_release(&b, &p->len);
	if (gz)
		ovpage_gzip(p);
	pthread_mutex_lock(&c->lock);
	c->renders++;
	if ((kept = ovcache_find(c, v, l, key.data)) == NULL)
		ovcache_keep(c, v, l, key.data, p);
	else
		ovpage_unref(kept);
	pthread_mutex_unlock(&c->lock);
	buf_free(&key);
	return p;
}

static enum MHD_Result
ovcache_queue(struct MHD_Connection *conn, struct ovpage *p, int gz)
{
	struct MHD_Response	*r;
	enum MHD_Result		 rc;

	gz = gz && p->gz != NULL;
	r = MHD_create_response_from_buffer_with_free_callback_cls(
	    gz ? p->gzlen : p->len, gz ? (void *)p->gz : p->html,
	    ovpage_unref, p);
	if (r == NULL) {
		ovpage_unref(p);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
	    "text/html; charset=utf-8");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(r, MHD_HTTP_HEADER_VARY,
	    "Accept-Language, Accept-Encoding");
	if (gz)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING,
		    "gzip");
	reply_headers_add(r, "text/html");
	rc = MHD_queue_response(conn, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return rc;
}

enum MHD_Result
ovcache_serve(struct ovcache *c, struct MHD_Connection *conn,
    const struct view *v, enum lang l, int gz)
{
	struct ovargs	 a;

	memset(&a, 0, sizeof(a));
	ovquery_init(&a.q);
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, ovcache_arg, &a);
	if (a.bad)
		return reply_error(conn, MHD_HTTP_BAD_REQUEST, a.err);
	if (!ovcache_feed_known(v, &a.q))
		return reply_error(conn, MHD_HTTP_BAD_REQUEST,
		    "bad parameter feed: no such feed");
	return ovcache_queue(conn, ovcache_page(c, v, l, &a.q, gz), gz);
}
