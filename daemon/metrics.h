/*
 * metrics.h: Prometheus exposition of the registry, text 0.0.4 and
 * OpenMetrics 1.0.0. The registry part is rendered (and gzip-compressed)
 * once per change into a snapshot; the process_* part is rendered per
 * request and appended (as a second gzip member when compressed).
 */
#ifndef METRICS_H
#define METRICS_H

#include <stddef.h>

#include "buf.h"

struct registry;
struct snapshot;

#define METRICS_CT_PROM	"text/plain; version=0.0.4; charset=utf-8"
#define METRICS_CT_OM	"application/openmetrics-text; version=1.0.0; charset=utf-8"

/*
 * Render the registry (caller holds its lock), both formats, without the
 * gzip copies; refs is left 0. prev (or NULL), the last snapshot, sizes the
 * buffers. metrics_compress adds the gzip copies (no lock needed);
 * metrics_build does both.
 */
struct snapshot *metrics_render(const struct registry *,
	    const struct snapshot *prev);
void	 metrics_compress(struct snapshot *);
struct snapshot *metrics_build(const struct registry *);
/*
 * The feed families, rendered per request: a feed run changes them, and
 * re-rendering every indicator for that would cost tens of milliseconds and
 * a second snapshot's memory. Takes r->feed_lock, not r->lock.
 */
void	 metrics_feeds(struct buf *, int om, struct registry *);
/* process_* gauges for this process (the caller ends OpenMetrics). */
void	 metrics_process(struct buf *, int om, double start_time);
/* gzip-compress (one member); -1 on zlib failure. */
int	 metrics_gzip(const void *, size_t, int level, unsigned char **out,
	    size_t *outlen);
/* Append s escaped as a label value (\\, \", \n). */
void	 metrics_label_escape(struct buf *, const char *s);

#endif
