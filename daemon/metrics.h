/*
 * metrics.h: Prometheus exposition of the registry, text 0.0.4 and
 * OpenMetrics 1.0.0. The registry part is rendered (and gzip-compressed)
 * once per change into a snapshot, one text for both formats; the feed,
 * process_* and alert counter part (the tail) is rendered by the HTTP layer
 * when what it is made from changes, and appended (in the same gzip member
 * when compressed: metrics_gz_tail).
 */
#ifndef METRICS_H
#define METRICS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "buf.h"

struct registry;
struct snapshot;

#define METRICS_CT_PROM	"text/plain; version=0.0.4; charset=utf-8"
#define METRICS_CT_OM	"application/openmetrics-text; version=1.0.0; charset=utf-8"
/* OpenMetrics UNIT lines a snapshot has room for. */
#define SNAP_UNITS_MAX		8
/* The most pieces a format of a snapshot comes in (metrics_pieces). */
#define METRICS_PIECES_MAX	(2 * SNAP_UNITS_MAX + 1)

/*
 * Render the registry (caller holds its lock) without the gzip copies;
 * refs is left 0. prev (or NULL), the last snapshot, sizes the buffer.
 * metrics_compress adds the gzip copies (no lock needed); metrics_build
 * does both.
 */
struct snapshot *metrics_render(const struct registry *,
	    const struct snapshot *prev);
void	 metrics_compress(struct snapshot *);
struct snapshot *metrics_build(const struct registry *);
/*
 * The feed families, rendered apart from the snapshot: a feed run changes
 * them (r->feed_gen says when), and
 * re-rendering every indicator for that would cost tens of milliseconds and
 * a second snapshot's memory. Takes r->feed_lock, not r->lock.
 */
void	 metrics_feeds(struct buf *, int om, struct registry *);
/* process_* gauges for this process (the caller ends OpenMetrics). */
void	 metrics_process(struct buf *, int om, double start_time);
/*
 * A number that changes whenever metrics_process would render something
 * else (the process_* texts are refreshed at most every 100 ms).
 */
uint64_t metrics_process_gen(double start_time);
/*
 * Format om (0: text 0.0.4, 1: OpenMetrics without "# EOF") of s as up to
 * METRICS_PIECES_MAX pieces into iov; returns how many. metrics_length is
 * their total.
 */
size_t	 metrics_pieces(const struct snapshot *, int om, struct iovec *iov);
size_t	 metrics_length(const struct snapshot *, int om);
/* gzip-compress (one member); -1 on zlib failure. */
int	 metrics_gzip(const void *, size_t, int level, unsigned char **out,
	    size_t *outlen);
/*
 * A gzip /metrics body is metrics_gz_head, s->gz[om], then what this makes
 * of the tail: its deflate blocks, the last one final, and the gzip trailer
 * for the whole text. One gzip member (some decoders read only the first).
 */
#define METRICS_GZ_HEAD	10
extern const unsigned char metrics_gz_head[METRICS_GZ_HEAD];
int	 metrics_gz_tail(const struct snapshot *, int om, const char *tail,
	    size_t taillen, unsigned char **out, size_t *outlen);
/* Append s escaped as a label value (\\, \", \n). */
void	 metrics_label_escape(struct buf *, const char *s);

#endif
