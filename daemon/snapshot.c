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

struct seg *
seg_new(const char *text, size_t len, int unit)
{
	struct seg	*g;

	g = xmalloc(sizeof(*g) + len);
	g->refs = 1;
	g->unit = unit;
	g->len = len;
	g->z = NULL;
	g->zlen = 0;
	memcpy(g->text, text, len);
	g->crc = crc32(crc32(0L, Z_NULL, 0), (const Bytef *)g->text,
	    (uInt)len);
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
	free(g);
}

/* g's text as raw deflate of its own, ending on a sync flush. */
static int
seg_compress(struct seg *g, z_stream *z)
{
	size_t	 cap;
	int	 rc;

	if (deflateReset(z) != Z_OK)
		return -1;
	cap = deflateBound(z, (uLong)g->len) + 16;
	g->z = xmalloc(cap);
	z->next_in = (Bytef *)g->text;
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
	/* The bound's slack: keep what was used. */
	g->z = xreallocarray(g->z, g->zlen, 1);
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
	z_stream	 z;
	struct seg	*g;
	size_t		 i;

	memset(&z, 0, sizeof(z));
	s->gzlen[0] = s->gzlen[1] = 0;
	if (deflateInit2(&z, SEG_LEVEL, Z_DEFLATED, -15, SEG_MEMLEVEL,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		goto fail;
	for (i = 0; i < s->nseg; i++) {
		g = s->seg[i];
		if (g->z == NULL && seg_compress(g, &z) == -1)
			goto fail;
		s->gzlen[1] += g->zlen;
		if (!g->unit)
			s->gzlen[0] += g->zlen;
	}
	deflateEnd(&z);
	s->gz = 1;
	return;
fail:
	deflateEnd(&z);
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
	size_t	 i;

	for (i = 0; i < s->nseg; i++) {
		if (s->seg[i]->unit && !om)
			continue;
		memcpy(dst, s->seg[i]->text, s->seg[i]->len);
		dst += s->seg[i]->len;
	}
	return dst;
}

size_t
snapshot_pieces(const struct snapshot *s, int om, const char **base,
    size_t *len)
{
	size_t	 i, n = 0;

	for (i = 0; i < s->nseg; i++) {
		if (s->seg[i]->unit && !om)
			continue;
		base[n] = s->seg[i]->text;
		len[n++] = s->seg[i]->len;
	}
	return n;
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
