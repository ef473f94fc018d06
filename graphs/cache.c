/*
 * cache.c: a chained hash table of entries, also on a doubly linked list in
 * order of use (head most recent), under one mutex. Buffers are refcounted
 * with atomics because responses release them outside the lock.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "xmalloc.h"

struct cache_entry {
	struct cache_entry	*hnext;		/* hash chain */
	struct cache_entry	*prev, *next;	/* use order */
	uint64_t		 hash;
	uint64_t		 gen;
	int			 from, to, width, height, lang, format;
	size_t			 cost;
	struct cache_buf	*buf;
	void			*kept;		/* the caller's, see cache_serve */
	char			 id[];
};

struct cache {
	pthread_mutex_t		 lock;
	struct cache_entry	**buckets;
	size_t			 nbuckets;	/* a power of two */
	size_t			 nentries;
	struct cache_entry	*head, *tail;
	size_t			 bytes, max_bytes;
	uint64_t		 hits, misses, evictions;
	void			(*kept_free)(void *);
	size_t			 kept_cost;
};

#define CACHE_MIN_BUCKETS	64

static uint64_t	 cache_hash(const struct cache_key *);
static struct cache_entry **cache_slot(struct cache *,
		    const struct cache_key *, uint64_t);
static void	 cache_lru_unlink(struct cache *, struct cache_entry *);
static void	 cache_lru_push(struct cache *, struct cache_entry *);
static void	 cache_entry_free(struct cache *, struct cache_entry *);
static struct cache_entry *cache_hit(struct cache *,
		    const struct cache_key *, uint64_t);
static void	 cache_remove(struct cache *, struct cache_entry **);
static void	 cache_grow(struct cache *);
static void	 cache_make_room(struct cache *, size_t);

struct cache_buf *
cache_buf_new(const void *data, size_t len)
{
	struct cache_buf	*b;

	b = xmalloc(sizeof(*b) + len);
	atomic_init(&b->refs, 1);
	b->len = len;
	if (len > 0)
		memcpy(b->data, data, len);
	return b;
}

struct cache_buf *
cache_buf_ref(struct cache_buf *b)
{
	atomic_fetch_add_explicit(&b->refs, 1, memory_order_relaxed);
	return b;
}

void
cache_buf_unref(struct cache_buf *b)
{
	if (b == NULL)
		return;
	if (atomic_fetch_sub_explicit(&b->refs, 1, memory_order_acq_rel) == 1)
		free(b);
}

void
cache_buf_release(void *b)
{
	cache_buf_unref(b);
}

/* FNV-1a over the id and the six numbers. */
static uint64_t
cache_hash(const struct cache_key *k)
{
	const int	 nums[6] = { k->from, k->to, k->width, k->height,
			    k->lang, k->format };
	const unsigned char *p = (const unsigned char *)k->id;
	uint64_t	 h = 14695981039346656037ULL;
	size_t		 i;

	for (; *p != '\0'; p++)
		h = (h ^ *p) * 1099511628211ULL;
	p = (const unsigned char *)nums;
	for (i = 0; i < sizeof(nums); i++)
		h = (h ^ p[i]) * 1099511628211ULL;
	return h;
}

/* The link that points at key's entry, or at the NULL ending its chain. */
static struct cache_entry **
cache_slot(struct cache *c, const struct cache_key *k, uint64_t h)
{
	struct cache_entry	**ep, *e;

	for (ep = &c->buckets[h & (c->nbuckets - 1)]; (e = *ep) != NULL;
	    ep = &e->hnext)
		if (e->hash == h && e->from == k->from && e->to == k->to &&
		    e->width == k->width && e->height == k->height &&
		    e->lang == k->lang && e->format == k->format &&
		    strcmp(e->id, k->id) == 0)
			break;
	return ep;
}

static void
cache_lru_unlink(struct cache *c, struct cache_entry *e)
{
	if (e->prev != NULL)
		e->prev->next = e->next;
	else
		c->head = e->next;
	if (e->next != NULL)
		e->next->prev = e->prev;
	else
		c->tail = e->prev;
	e->prev = e->next = NULL;
}

static void
cache_lru_push(struct cache *c, struct cache_entry *e)
{
	e->prev = NULL;
	e->next = c->head;
	if (c->head != NULL)
		c->head->prev = e;
	else
		c->tail = e;
	c->head = e;
}

static void
cache_entry_free(struct cache *c, struct cache_entry *e)
{
	if (e->kept != NULL && c->kept_free != NULL)
		c->kept_free(e->kept);
	cache_buf_unref(e->buf);
	free(e);
}

/* Unlink *ep from its chain and the use list, and free it. */
static void
cache_remove(struct cache *c, struct cache_entry **ep)
{
	struct cache_entry	*e = *ep;

	*ep = e->hnext;
	cache_lru_unlink(c, e);
	c->bytes -= e->cost;
	c->nentries--;
	cache_entry_free(c, e);
}

/* Double the buckets once entries outnumber them. */
static void
cache_grow(struct cache *c)
{
	struct cache_entry	**nb, *e, *next;
	size_t			 i, n = c->nbuckets * 2;

	if (c->nentries < c->nbuckets)
		return;
	nb = xcalloc(n, sizeof(*nb));
	for (i = 0; i < c->nbuckets; i++)
		for (e = c->buckets[i]; e != NULL; e = next) {
			next = e->hnext;
			e->hnext = nb[e->hash & (n - 1)];
			nb[e->hash & (n - 1)] = e;
		}
	free(c->buckets);
	c->buckets = nb;
	c->nbuckets = n;
}

/* Evict from the least recently used end until cost more bytes fit. */
static void
cache_make_room(struct cache *c, size_t cost)
{
	struct cache_entry	*e;
	struct cache_key	 k;

	while (c->tail != NULL && c->bytes + cost > c->max_bytes) {
		e = c->tail;
		k.id = e->id;
		k.from = e->from;
		k.to = e->to;
		k.width = e->width;
		k.height = e->height;
		k.lang = e->lang;
		k.format = e->format;
		cache_remove(c, cache_slot(c, &k, e->hash));
		c->evictions++;
	}
}

struct cache *
cache_new(size_t max_bytes)
{
	struct cache	*c;

	c = xcalloc(1, sizeof(*c));
	pthread_mutex_init(&c->lock, NULL);
	c->nbuckets = CACHE_MIN_BUCKETS;
	c->buckets = xcalloc(c->nbuckets, sizeof(*c->buckets));
	c->max_bytes = max_bytes;
	return c;
}

void
cache_free(struct cache *c)
{
	struct cache_entry	*e, *next;

	if (c == NULL)
		return;
	for (e = c->head; e != NULL; e = next) {
		next = e->next;
		cache_entry_free(c, e);
	}
	free(c->buckets);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

void
cache_set_kept(struct cache *c, void (*kept_free)(void *), size_t kept_cost)
{
	c->kept_free = kept_free;
	c->kept_cost = kept_cost;
}

/* Under the lock: key's entry of generation gen, made the freshest; or NULL. */
static struct cache_entry *
cache_hit(struct cache *c, const struct cache_key *k, uint64_t gen)
{
	struct cache_entry	**ep, *e;

	ep = cache_slot(c, k, cache_hash(k));
	if ((e = *ep) != NULL && e->gen == gen) {
		cache_lru_unlink(c, e);
		cache_lru_push(c, e);
		c->hits++;
		return e;
	}
	if (e != NULL && e->gen < gen)
		cache_remove(c, ep);
	c->misses++;
	return NULL;
}

struct cache_buf *
cache_get(struct cache *c, const struct cache_key *k, uint64_t gen)
{
	struct cache_entry	*e;
	struct cache_buf	*b = NULL;

	pthread_mutex_lock(&c->lock);
	if ((e = cache_hit(c, k, gen)) != NULL)
		b = cache_buf_ref(e->buf);
	pthread_mutex_unlock(&c->lock);
	return b;
}

int
cache_serve(struct cache *c, const struct cache_key *k, uint64_t gen,
    int (*fn)(void *, struct cache_buf *, void **), void *arg)
{
	struct cache_entry	*e;
	int			 rc = -1;

	pthread_mutex_lock(&c->lock);
	if ((e = cache_hit(c, k, gen)) != NULL)
		rc = fn(arg, e->buf, &e->kept);
	pthread_mutex_unlock(&c->lock);
	return rc;
}

void
cache_put(struct cache *c, const struct cache_key *k, uint64_t gen,
    struct cache_buf *b)
{
	struct cache_entry	**ep, *e;
	size_t			 idlen = strlen(k->id);
	size_t			 cost = sizeof(*e) + idlen + 1 + b->len +
				     c->kept_cost;
	uint64_t		 h = cache_hash(k);

	if (cost > c->max_bytes)
		return;
	pthread_mutex_lock(&c->lock);
	ep = cache_slot(c, k, h);
	if (*ep != NULL && (*ep)->gen > gen)
		goto out;
	if (*ep != NULL)
		cache_remove(c, ep);
	cache_make_room(c, cost);
	cache_grow(c);
	e = xcalloc(1, sizeof(*e) + idlen + 1);
	memcpy(e->id, k->id, idlen + 1);
	e->hash = h;
	e->gen = gen;
	e->from = k->from;
	e->to = k->to;
	e->width = k->width;
	e->height = k->height;
	e->lang = k->lang;
	e->format = k->format;
	e->cost = cost;
	e->buf = cache_buf_ref(b);
	ep = &c->buckets[h & (c->nbuckets - 1)];
	e->hnext = *ep;
	*ep = e;
	cache_lru_push(c, e);
	c->bytes += cost;
	c->nentries++;
 out:
	pthread_mutex_unlock(&c->lock);
}

void
cache_stats(struct cache *c, struct cache_stats *st)
{
	pthread_mutex_lock(&c->lock);
	st->hits = c->hits;
	st->misses = c->misses;
	st->evictions = c->evictions;
	st->bytes = c->bytes;
	st->entries = c->nentries;
	pthread_mutex_unlock(&c->lock);
}
