/*
 * snapshot.c: the /metrics exposition as shared segments (see snapshot.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "log.h"
#include "snapshot.h"
#include "xmalloc.h"

/*
 * Deflate parameters of a segment: level 6 as gzip's default; a hash of
 * 2^13 entries (memLevel 6) since deflateReset clears it for every
 * segment, and a full render at 100,000 indicators compresses 40,000.
 */
#define SEG_LEVEL	6
#define SEG_MEMLEVEL	6

struct seg_deflater {
	z_stream	 z;
};

struct seg_deflater *
seg_deflater_new(void)
{
	struct seg_deflater	*d = xcalloc(1, sizeof(*d));

	if (deflateInit2(&d->z, SEG_LEVEL, Z_DEFLATED, -15, SEG_MEMLEVEL,
	    Z_DEFAULT_STRATEGY) != Z_OK) {
		free(d);
		return NULL;
	}
	return d;
}

void
seg_deflater_free(struct seg_deflater *d)
{
	if (d == NULL)
		return;
	deflateEnd(&d->z);
	free(d);
}

/*
 * text as g's deflate: raw, of its own, ending on a sync flush. The
 * bound's slack is given back.
 */
static int
seg_deflate(struct seg *g, const char *text, struct seg_deflater *d)
{
	z_stream	*z = &d->z;
	size_t		 cap;
	int		 rc;

	if (deflateReset(z) != Z_OK)
		return -1;
	cap = deflateBound(z, (uLong)g->len) + 16;
	g->z = xmalloc(cap);
	z->next_in = (Bytef *)(uintptr_t)text;
	z->avail_in = (uInt)g->len;
	z->next_out = g->z;
	z->avail_out = (uInt)cap;
	rc = deflate(z, Z_SYNC_FLUSH);
	if ((rc != Z_OK && rc != Z_BUF_ERROR) || z->avail_in != 0 ||
	    z->avail_out == 0) {
		free(g->z);
		g->z = NULL;
		return -1;
	}
	g->zlen = cap - z->avail_out;
	g->z = xreallocarray(g->z, g->zlen, 1);
	return 0;
}

struct seg *
seg_new(const char *text, size_t len, int unit, struct seg_deflater *d)
{
	struct seg	*g;

	g = xcalloc(1, sizeof(*g));
	g->refs = 1;
	g->unit = unit;
	g->len = len;
	g->crc = crc32(crc32(0L, Z_NULL, 0), (const Bytef *)text, (uInt)len);
	if (d != NULL && seg_deflate(g, text, d) == 0)
		return g;
	g->text = xmalloc(len + 1);
	memcpy(g->text, text, len);
	return g;
}

struct seg *
seg_ref(struct seg *g)
{
	__atomic_add_fetch(&g->refs, 1, __ATOMIC_RELAXED);
	return g;
}

void
seg_unref(struct seg *g)
{
	if (g == NULL || __atomic_sub_fetch(&g->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	free(g->z);
	free(g->text);
	free(g);
}

/* Compress g's kept text; the text goes once its deflate is made. */
static int
seg_compress(struct seg *g, struct seg_deflater *d)
{
	if (seg_deflate(g, g->text, d) == -1)
		return -1;
	free(g->text);
	g->text = NULL;
	return 0;
}

struct snapshot *
snapshot_new(size_t cap)
{
	struct snapshot	*s;

	s = xcalloc(1, sizeof(*s));
	s->refs = 1;
	s->cap = cap > 0 ? cap : 1;
	s->seg = xreallocarray(NULL, s->cap, sizeof(*s->seg));
	return s;
}

void
snapshot_add(struct snapshot *s, struct seg *g)
{
	if (s->nseg == s->cap) {
		s->cap *= 2;
		s->seg = xreallocarray(s->seg, s->cap, sizeof(*s->seg));
	}
	s->seg[s->nseg++] = seg_ref(g);
	s->len[1] += g->len;
	if (!g->unit)
		s->len[0] += g->len;
}

void
snapshot_compress(struct snapshot *s)
{
	struct seg_deflater	*d = NULL;
	struct seg		*g;
	size_t			 i;

	s->gzlen[0] = s->gzlen[1] = 0;
	for (i = 0; i < s->nseg; i++) {
		g = s->seg[i];
		if (g->z == NULL && d == NULL &&
		    (d = seg_deflater_new()) == NULL)
			goto fail;
		if (g->z == NULL && seg_compress(g, d) == -1)
			goto fail;
		s->gzlen[1] += g->zlen;
		if (!g->unit)
			s->gzlen[0] += g->zlen;
	}
	seg_deflater_free(d);
	s->gz = 1;
	return;
fail:
	seg_deflater_free(d);
	log_warnx("metrics: gzip failed; serving uncompressed");
}

struct snapshot *
snapshot_ref(struct snapshot *s)
{
	__atomic_add_fetch(&s->refs, 1, __ATOMIC_RELAXED);
	return s;
}

void
snapshot_unref(struct snapshot *s)
{
	size_t	 i;

	if (s == NULL || __atomic_sub_fetch(&s->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	for (i = 0; i < s->nseg; i++)
		seg_unref(s->seg[i]);
	free(s->seg);
	free(s);
}

size_t
snapshot_length(const struct snapshot *s, int om)
{
	return s->len[om != 0];
}

char *
snapshot_copy(const struct snapshot *s, int om, char *dst)
{
	struct snapshot_reader	 r;
	size_t			 len = snapshot_length(s, om);
	ssize_t			 n = 0;

	snapshot_reader_init(&r, s, om);
	if (len > 0)
		n = snapshot_read(&r, dst, len);
	snapshot_reader_end(&r);
	return n == (ssize_t)len ? dst + len : NULL;
}

void
snapshot_reader_init(struct snapshot_reader *r, const struct snapshot *s,
    int om)
{
	memset(r, 0, sizeof(*r));
	r->s = s;
	r->om = om != 0;
}

void
snapshot_reader_end(struct snapshot_reader *r)
{
	if (r->zinit)
		inflateEnd(&r->z);
	r->zinit = 0;
}

/* Put z on g's deflate, from its start. */
static int
reader_zstart(struct snapshot_reader *r, const struct seg *g)
{
	if (!r->zinit) {
		if (inflateInit2(&r->z, -15) != Z_OK)
			return -1;
		r->zinit = 1;
	} else if (inflateReset(&r->z) != Z_OK)
		return -1;
	r->z.next_in = g->z;
	r->z.avail_in = (uInt)g->zlen;
	r->zseg = 1;
	return 0;
}

/* Up to n bytes of g's text from r->off into dst, inflated if need be. */
static ssize_t
reader_seg(struct snapshot_reader *r, const struct seg *g, char *dst,
    size_t n)
{
	int	 rc;

	if (n > g->len - r->off)
		n = g->len - r->off;
	if (g->text != NULL) {
		memcpy(dst, g->text + r->off, n);
		return (ssize_t)n;
	}
	if (!r->zseg && reader_zstart(r, g) == -1)
		return -1;
	r->z.next_out = (Bytef *)dst;
	r->z.avail_out = (uInt)n;
	rc = inflate(&r->z, Z_SYNC_FLUSH);
	/* A segment ends on a sync flush, not a final block: no STREAM_END. */
	if ((rc != Z_OK && rc != Z_BUF_ERROR) || r->z.avail_out != 0)
		return -1;
	return (ssize_t)n;
}

ssize_t
snapshot_read(struct snapshot_reader *r, char *dst, size_t n)
{
	const struct seg	*g;
	size_t			 got = 0;
	ssize_t			 k;

	while (got < n && r->seg < r->s->nseg) {
		g = r->s->seg[r->seg];
		if ((g->unit && !r->om) || r->off == g->len) {
			r->seg++;
			r->off = 0;
			r->zseg = 0;
			continue;
		}
		if ((k = reader_seg(r, g, dst + got, n - got)) == -1)
			return -1;
		r->off += (size_t)k;
		got += (size_t)k;
	}
	r->pos += got;
	return (ssize_t)got;
}

unsigned char *
snapshot_gz_copy(const struct snapshot *s, int om, unsigned char *dst)
{
	size_t	 i;

	for (i = 0; i < s->nseg; i++) {
		if (s->seg[i]->unit && !om)
			continue;
		memcpy(dst, s->seg[i]->z, s->seg[i]->zlen);
		dst += s->seg[i]->zlen;
	}
	return dst;
}

unsigned long
snapshot_crc(struct snapshot *s, int om)
{
	unsigned long	 crc[2];
	struct seg	*g;
	size_t		 i;

	if (__atomic_load_n(&s->crc_done, __ATOMIC_ACQUIRE))
		return s->crc[om != 0];
	crc[0] = crc[1] = crc32(0L, Z_NULL, 0);
	for (i = 0; i < s->nseg; i++) {
		g = s->seg[i];
		crc[1] = crc32_combine(crc[1], g->crc, (z_off_t)g->len);
		if (!g->unit)
			crc[0] = crc32_combine(crc[0], g->crc, (z_off_t)g->len);
	}
	/* Two scrapes may both get here: they store the same values. */
	__atomic_store_n(&s->crc[0], crc[0], __ATOMIC_RELAXED);
	__atomic_store_n(&s->crc[1], crc[1], __ATOMIC_RELAXED);
	__atomic_store_n(&s->crc_done, 1, __ATOMIC_RELEASE);
	return crc[om != 0];
}

const unsigned char snapshot_gz_head[SNAPSHOT_GZ_HEAD] = {
	0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff	/* deflate, nothing optional */
};

/*
 * The tail as raw deflate blocks ending with a sync flush (byte-aligned,
 * not final). Small: no 256 KiB of zlib state for it.
 */
static int
deflate_tail(const char *in, size_t len, unsigned char **out, size_t *outlen)
{
	z_stream	 z;
	size_t		 cap;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 1, Z_DEFLATED, -9, 1, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	cap = deflateBound(&z, (uLong)len) + 64;
	*out = xmalloc(cap);
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)len;
	z.next_out = *out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_SYNC_FLUSH) != Z_OK || z.avail_in != 0 ||
	    z.avail_out == 0) {
		deflateEnd(&z);
		free(*out);
		*out = NULL;
		return -1;
	}
	*outlen = z.total_out;
	deflateEnd(&z);
	return 0;
}

static void
put_le32(unsigned char *p, unsigned long v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = (v >> 24) & 0xff;
}

int
snapshot_gz_tail(struct snapshot *s, int om, const char *tail,
    size_t taillen, unsigned char **out, size_t *outlen)
{
	unsigned char	*z;
	unsigned long	 crc;
	size_t		 zlen, total;

	/* The tail's blocks, */
	if (deflate_tail(tail, taillen, &z, &zlen) == -1)
		return -1;
	/* then a final empty block, byte-aligned, */
	z = xreallocarray(z, zlen + 2 + 8, 1);
	z[zlen++] = 0x03;
	z[zlen++] = 0x00;
	/* then the trailer: CRC-32 and length of the whole text. */
	crc = crc32_combine(snapshot_crc(s, om), crc32(crc32(0L, Z_NULL, 0),
	    (const Bytef *)tail, (uInt)taillen), (z_off_t)taillen);
	total = snapshot_length(s, om) + taillen;
	put_le32(z + zlen, crc);
	put_le32(z + zlen + 4, (unsigned long)(total & 0xffffffffUL));
	*out = z;
	*outlen = zlen + 8;
	return 0;
}
