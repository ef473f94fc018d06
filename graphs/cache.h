/*
 * cache.h: rendered graphs in memory, keyed by (indicator id, from, to,
 * width, height, language, format), each stored with the generation of the data it was drawn
 * from; an entry of another generation is a miss. Bounded in bytes, least
 * recently used evicted first. Thread-safe.
 *
 * The bytes live in refcounted immutable buffers, so a response can keep
 * using a buffer that the cache has meanwhile evicted or replaced: the HTTP
 * layer takes a reference per response and hands cache_buf_release to
 * libmicrohttpd as the free callback
 * (MHD_create_response_from_buffer_with_free_callback_cls(b->len, b->data,
 * cache_buf_release, b)). It keeps such a response with each entry
 * (cache_set_kept, cache_serve) so that a hit queues it as it is.
 */
#ifndef CACHE_H
#define CACHE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

/* Immutable once made: read len and data, never write; refs is private. */
struct cache_buf {
	atomic_size_t	 refs;
	size_t		 len;
	unsigned char	 data[];
};

struct cache_key {
	const char	*id;
	int		 from;
	int		 to;
	int		 width;
	int		 height;
	int		 lang;		/* enum lang */
	int		 format;	/* enum graph_format */
};

struct cache_stats {
	uint64_t	 hits;
	uint64_t	 misses;	/* absent, or of another generation */
	uint64_t	 evictions;	/* dropped to make room */
	size_t		 bytes;		/* charged, including entry overhead */
	size_t		 entries;
};

struct cache;

/* A buffer holding a copy of len bytes, with one reference. */
struct cache_buf *cache_buf_new(const void *data, size_t len);
/* Take another reference; returns b. */
struct cache_buf *cache_buf_ref(struct cache_buf *b);
/* Drop a reference; the last one frees. NULL is ignored. */
void	 cache_buf_unref(struct cache_buf *b);
/* cache_buf_unref for callbacks that pass a void * (libmicrohttpd). */
void	 cache_buf_release(void *b);

/* A cache charging at most max_bytes (image bytes plus entry overhead). */
struct cache *cache_new(size_t max_bytes);
/*
 * Let the caller keep an object of its own with each entry (cache_serve):
 * kept_free frees it when the entry goes (evicted, replaced, stale, or the
 * cache freed), and kept_cost bytes are charged per entry for it. Call
 * once, before the first cache_put.
 */
void	 cache_set_kept(struct cache *, void (*kept_free)(void *),
	    size_t kept_cost);
/* Free the cache and drop its references; buffers held elsewhere live on. */
void	 cache_free(struct cache *);
/*
 * The buffer for key drawn from generation gen, with a new reference the
 * caller drops, or NULL (a miss). An entry of an older generation is
 * dropped on the way, as it can never be served again.
 */
struct cache_buf *cache_get(struct cache *, const struct cache_key *,
	    uint64_t gen);
/*
 * On a hit (as cache_get, counted alike), fn(arg, b, kept) is called with
 * the cache's lock held: b is the entry's buffer, without a reference of
 * fn's own (take one for anything that outlives the entry), and *kept the
 * entry's slot for the caller's object made from it, NULL until fn sets it
 * and freed by the kept_free of cache_set_kept. fn must not call into the
 * cache. Returns fn's result, or -1 on a miss (fn not called).
 */
int	 cache_serve(struct cache *, const struct cache_key *, uint64_t gen,
	    int (*fn)(void *arg, struct cache_buf *b, void **kept), void *arg);
/*
 * Store b (the cache takes its own reference) for key and gen, replacing
 * an entry of the same or an older generation; an entry of a newer
 * generation is kept (a slow render of old data lost the race). A buffer
 * larger than the whole cache is not stored.
 */
void	 cache_put(struct cache *, const struct cache_key *, uint64_t gen,
	    struct cache_buf *b);
void	 cache_stats(struct cache *, struct cache_stats *);

#endif
