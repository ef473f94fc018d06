/*
 * metrics.h: Prometheus exposition of a registry view, text 0.0.4 and
 * OpenMetrics 1.0.0. The indicators part is rendered once per change into
 * a snapshot (snapshot.h), only the blocks that changed, and only their
 * segments compressed; the feed, process_* and alert counter part (the
 * tail) is rendered by the HTTP layer when what it is made from changes,
 * and appended (in the same gzip member when compressed:
 * snapshot_gz_tail).
 */
#ifndef METRICS_H
#define METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "snapshot.h"

struct iview;
struct metrics_cache;
struct view;

#define METRICS_CT_PROM	"text/plain; version=0.0.4; charset=utf-8"
#define METRICS_CT_OM	"application/openmetrics-text; version=1.0.0; charset=utf-8"
/*
 * Indicators per block: a render redoes only the blocks in which an
 * indicator changed (a new iview), one segment per family (snapshot.h),
 * and shares the others' segments with the last render. 32: one changed
 * indicator costs the text and deflate of 32 indicators' samples (about
 * 75 KB), and a segment is still long enough to compress well on its own
 * (bench/README.md, the growth section).
 */
#define METRICS_BLOCK		32

/* The segments of the last render, kept by the one thread that renders. */
struct metrics_cache *metrics_cache_new(void);
void	 metrics_cache_free(struct metrics_cache *);
/*
 * Render the indicators ind[0, n) of view v (every indicator of v, or a
 * selection of them in v's order, the same selection each time with one
 * cache) into a new snapshot (one reference, the caller's), sharing the
 * segments of unchanged blocks with the last render; the new segments are
 * compressed as they are made and keep no text (snapshot.h), and
 * snapshot_compress then sets the snapshot's gz and gzlen (no lock needed:
 * the snapshot is the caller's until published). metrics_build renders and
 * compresses every indicator of v with a cache of its own.
 */
struct snapshot *metrics_render(struct metrics_cache *, struct view *v,
	    struct iview *const *ind, size_t n);
struct snapshot *metrics_build(struct view *);
/*
 * The feed families of v, rendered apart from the snapshot: a feed run
 * changes them (v->feed_seq says when), and re-rendering every indicator
 * for that would cost tens of milliseconds and a second snapshot's memory.
 */
void	 metrics_feeds(struct buf *, int om, const struct view *);
/* process_* gauges for this process (the caller ends OpenMetrics). */
void	 metrics_process(struct buf *, int om, double start_time);
/*
 * A number that changes whenever metrics_process would render something
 * else (the process_* texts are refreshed at most every 100 ms).
 */
uint64_t metrics_process_gen(double start_time);
#endif
