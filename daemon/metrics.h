/*
 * metrics.h: Prometheus exposition of a registry view, text 0.0.4 and
 * OpenMetrics 1.0.0. The indicators part is rendered once per change into
 * a snapshot, only the blocks that changed, and compressed whole; the feed,
 * process_* and alert counter part (the tail) is rendered by the HTTP layer
 * when what it is made from changes, and appended (in the same gzip member
 * when compressed: metrics_gz_tail).
 */
#ifndef METRICS_H
#define METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct metrics_cache;
struct view;

#define METRICS_CT_PROM	"text/plain; version=0.0.4; charset=utf-8"
#define METRICS_CT_OM	"application/openmetrics-text; version=1.0.0; charset=utf-8"
/*
 * Indicators per block: a render redoes only the blocks in which an
 * indicator changed (a new iview), and copies the others' text from the
 * last render.
 */
#define METRICS_BLOCK		128

/* Most pieces a format's text is in (metrics_pieces). */
#define METRICS_PIECES_MAX	16
/* Room after a snapshot's text for a tail (metrics_tail_place). */
#define METRICS_TAIL_ROOM	(64 * 1024)

/*
 * The rendered indicators part of the exposition, immutable once published.
 * Both formats have the same samples and, for these gauge families, the
 * same HELP and TYPE lines; OpenMetrics adds UNIT lines. text is the
 * OpenMetrics text (without "# EOF"), followed by METRICS_TAIL_ROOM bytes
 * where one response at a time may put its tail; text 0.0.4 is the same
 * without the cut UNIT lines, so a plain response points into text, never
 * copies it.
 * For gzip, z is the OpenMetrics text as raw deflate ending on a byte
 * boundary, not final, in segments that each stand alone: the text between
 * UNIT lines, and each UNIT line (zcut), so that text 0.0.4's deflate is z
 * without those. A response adds the gzip header, the tail's blocks and the
 * trailer (metrics_gz_tail): one gzip member. [0] text 0.0.4, [1]
 * OpenMetrics.
 */
struct snapshot {
	int		 refs;
	char		*text;
	struct mcut {
		size_t	 off, len;
	}		 cut[METRICS_PIECES_MAX - 1];	/* UNIT lines */
	size_t		 ncut;
	size_t		 len[2];	/* text bytes */
	unsigned char	*z;		/* NULL until compressed */
	struct mcut	 zcut[METRICS_PIECES_MAX - 1];	/* their deflate */
	size_t		 gzlen[2];	/* deflate bytes */
	unsigned long	 crc[2];	/* CRC-32 of the text */
	int		 gz;		/* compressed */
	size_t		 rendered;	/* blocks rendered, not copied */
	int		 tail_busy;	/* the room after text is in use */
};

/* The parts of the last render, kept by the one thread that renders. */
struct metrics_cache *metrics_cache_new(void);
void	 metrics_cache_free(struct metrics_cache *);
/*
 * Render the indicators of view v into a new snapshot (one
 * reference, the caller's; the cache keeps another until its next render),
 * copying the text of unchanged blocks from the last render; not
 * compressed yet. metrics_compress compresses it (no lock needed: the
 * snapshot is the caller's until published); metrics_build renders and
 * compresses everything with a cache of its own.
 */
struct snapshot *metrics_render(struct metrics_cache *, struct view *);
void	 metrics_compress(struct snapshot *);
struct snapshot *metrics_build(struct view *);
void	 metrics_snapshot_free(struct snapshot *);
struct snapshot *snapshot_ref(struct snapshot *);	/* another reference */
void	 snapshot_unref(struct snapshot *);
/* Text length of format om, and its text or deflate data copied to dst. */
size_t	 metrics_length(const struct snapshot *, int om);
char	*metrics_copy(const struct snapshot *, int om, char *dst);
/*
 * The text of format om as pieces in order, pointing into the snapshot
 * (valid while it is referenced): one for OpenMetrics, one more for text
 * 0.0.4 per cut UNIT line. Returns their number, at most
 * METRICS_PIECES_MAX.
 */
size_t	 metrics_pieces(const struct snapshot *, int om, const char **base,
	    size_t *len);
/*
 * Put tail right after the OpenMetrics text, making the two one buffer
 * (s->text, metrics_length(s, 1) + taillen bytes) that a response can send
 * as it is: with the headers in one write, where a response in pieces
 * costs a second send and the client's wake-up for it. Returns -1 if
 * another response still holds the room (until metrics_tail_release) or
 * tail does not fit. Thread-safe.
 */
int	 metrics_tail_place(struct snapshot *, const char *tail, size_t taillen);
void	 metrics_tail_release(struct snapshot *);
unsigned char *metrics_gz_copy(const struct snapshot *, int om,
	    unsigned char *dst);
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
/*
 * A gzip /metrics body is metrics_gz_head, metrics_gz_copy, then what this
 * makes of the tail: its deflate blocks, a final empty one, and the gzip
 * trailer for the whole text. One gzip member (some decoders read only the first).
 */
#define METRICS_GZ_HEAD	10
extern const unsigned char metrics_gz_head[METRICS_GZ_HEAD];
int	 metrics_gz_tail(const struct snapshot *, int om, const char *tail,
	    size_t taillen, unsigned char **out, size_t *outlen);

#endif
