/*
 * snapshot.h: a rendered /metrics exposition, immutable once published, as
 * a row of segments. A segment is a piece of text (a family's header, or
 * one block of indicators' samples of one family) with its CRC-32 and its
 * raw deflate, made on its own: no reference to any text before it, ending
 * on a sync flush (byte-aligned, not final). Segments are counted and
 * shared: a render after a change makes new segments for the changed
 * blocks only and takes the others from the last snapshot, so neither
 * their text nor their deflate is copied or redone.
 * Both formats are the same segments; OpenMetrics has the UNIT lines of
 * the headers, segments of their own (unit) that text 0.0.4 leaves out.
 * A gzip body is snapshot_gz_head, the segments' deflate in a row, then
 * what snapshot_gz_tail makes of the tail: one gzip member.
 * A compressed segment keeps its deflate only, not its text (240 MB of
 * text at 100,000 indicators against 19.5 MB of deflate): the text is
 * read by inflating each segment on its own (snapshot_read).
 */
#ifndef SNAPSHOT_H
#define SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <zlib.h>

/* A segment: its text until compressed, then its deflate only. */
struct seg {
	int		 refs;
	int		 unit;		/* OpenMetrics only */
	unsigned long	 crc;		/* CRC-32 of the text */
	size_t		 len;		/* text bytes */
	unsigned char	*z;		/* NULL until compressed */
	size_t		 zlen;
	char		*text;		/* NULL once compressed */
};

/* A deflate stream that compresses segments one after the other. */
struct seg_deflater;

struct snapshot {
	int		 refs;
	struct seg	**seg;
	size_t		 nseg, cap;
	size_t		 len[2];	/* text bytes: [0] 0.0.4, [1] OpenMetrics */
	size_t		 gzlen[2];	/* deflate bytes, once gz */
	int		 gz;		/* every segment compressed */
	size_t		 rendered;	/* blocks rendered anew, not shared */
	unsigned long	 crc[2];	/* CRC-32 of each text, once crc_done */
	int		 crc_done;
};

/*
 * A segment of len bytes of text (one reference, the caller's). With a
 * deflater d it is compressed at once and its text never copied (it is
 * kept only if the deflate fails); without, it keeps a copy of the text
 * until snapshot_compress.
 */
struct seg	*seg_new(const char *text, size_t len, int unit,
		    struct seg_deflater *d);
struct seg_deflater *seg_deflater_new(void);
void		 seg_deflater_free(struct seg_deflater *);
struct seg	*seg_ref(struct seg *);
void		 seg_unref(struct seg *);

/* An empty snapshot with room for cap segments (one reference). */
struct snapshot	*snapshot_new(size_t cap);
/* Append seg (the snapshot takes a reference of its own). */
void		 snapshot_add(struct snapshot *, struct seg *);
/*
 * Compress the segments not compressed yet, dropping their text; sets gz
 * and gzlen when all are. Only the rendering thread, before the snapshot
 * is published.
 */
void		 snapshot_compress(struct snapshot *);
struct snapshot	*snapshot_ref(struct snapshot *);
void		 snapshot_unref(struct snapshot *);
/*
 * Text of format om: its length, a copy into dst (returns dst's end, NULL
 * if zlib fails: out of memory).
 */
size_t		 snapshot_length(const struct snapshot *, int om);
char		*snapshot_copy(const struct snapshot *, int om, char *dst);
/*
 * A reader of format om's text from its start, inflating the compressed
 * segments as it goes (one inflate state, 7 KB and a 32 KB window, made
 * at the first compressed segment). The snapshot must stay referenced.
 */
struct snapshot_reader {
	const struct snapshot	*s;
	int		 om;
	size_t		 seg;		/* the segment being read */
	size_t		 off;		/* its text bytes given */
	uint64_t	 pos;		/* text bytes given */
	int		 zinit;		/* z made */
	int		 zseg;		/* z is on segment seg */
	z_stream	 z;
};
void		 snapshot_reader_init(struct snapshot_reader *,
		    const struct snapshot *, int om);
/*
 * Up to n bytes of the text at the reader's position into dst: the number
 * given, 0 at the end, -1 if zlib fails or a segment's deflate does not
 * give its length of text.
 */
ssize_t		 snapshot_read(struct snapshot_reader *, char *dst, size_t n);
void		 snapshot_reader_end(struct snapshot_reader *);
/* The deflate of format om's text copied to dst (returns dst's end). */
unsigned char	*snapshot_gz_copy(const struct snapshot *, int om,
		    unsigned char *dst);
/*
 * CRC-32 of format om's text: combined from the segments' at the first
 * call (one crc32_combine a segment), kept after. Thread-safe.
 */
unsigned long	 snapshot_crc(struct snapshot *, int om);

#define SNAPSHOT_GZ_HEAD	10
extern const unsigned char snapshot_gz_head[SNAPSHOT_GZ_HEAD];
/*
 * The end of a gzip body of format om with tail after the snapshot's
 * text: the tail's deflate, a final empty block and the trailer (CRC-32
 * and length of the whole text). *out is malloc'd.
 */
int		 snapshot_gz_tail(struct snapshot *, int om, const char *tail,
		    size_t taillen, unsigned char **out, size_t *outlen);

#endif
