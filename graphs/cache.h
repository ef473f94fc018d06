/*
 * cache.h: rendered PNGs in memory, keyed by (indicator id, from, to,
 * width, height), each stored with the generation of the data it was drawn
 * from; an entry of another generation is a miss. Bounded in bytes, least
 * recently used evicted first. Thread-safe.
 *
 * The bytes live in refcounted immutable buffers, so a response can keep
 * using a buffer that the cache has meanwhile evicted or replaced: the HTTP
 * layer takes a reference per response and hands cache_buf_release to
 * libmicrohttpd as the free callback
 * (MHD_create_response_from_buffer_with_free_callback_cls(b->len, b->data,
 * cache_buf_release, b)).
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

/* A cache charging at most max_bytes (PNG bytes plus entry overhead). */
struct cache *cache_new(size_t max_bytes);
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
 * Store b (the cache takes its own reference) for key and gen, replacing
 * an entry of the same or an older generation; an entry of a newer
 * generation is kept (a slow render of old data lost the race). A buffer
 * larger than the whole cache is not stored.
 */
void	 cache_put(struct cache *, const struct cache_key *, uint64_t gen,
	    struct cache_buf *b);
void	 cache_stats(struct cache *, struct cache_stats *);

#endif
