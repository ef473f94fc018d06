/*
 * test_metrics.c: the incremental /metrics render. After each change the
 * snapshot the exposition made from its cache must be byte for byte what a
 * render from scratch makes (both formats, and their gzip members, which
 * zlib checks against their CRC-32 and length), and a change in one block
 * must render that block only, the others' text copied. Both
 * formats are pieces of one text: text 0.0.4 is OpenMetrics without its
 * UNIT lines; a tail placed after the text leaves the text as it was.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <zlib.h>

#include "buf.h"
#include "config.h"
#include "expo.h"
#include "log.h"
#include "metrics.h"
#include "push.h"
#include "registry.h"

#define NIND	300	/* ten blocks: nine of 32, one of 12 */
#define NBLK	10

static char	 dir[] = "/tmp/test_metrics.XXXXXX";

/* The config: NIND indicators, or the first n with m001's unit as given. */
static struct config *
make_config(size_t n, const char *unit1)
{
	struct config	*c;
	struct buf	 b;
	char		 err[512];
	size_t		 i;

	buf_init(&b, 4096);
	buf_printf(&b, "data_dir = \"%s\";\nfeeds = ( { name = \"p\"; "
	    "type = \"push\"; } );\nindicators = (\n", dir);
	for (i = 1; i <= n; i++)
		buf_printf(&b, "  { id = \"m%03zu\"; unit = \"%s\"; feed = \"p\";"
		    " frequency = \"monthly\"; method = \"trend\";"
		    " targets = ( { year = 2025; "
		    "value = %zu.5; }, { year = 2035; value = %zu.0; } ); }%s\n",
		    i, i == 1 ? unit1 : "count", 1000 + i, 5000 + 7 * i,
		    i < n ? "," : "");
	buf_puts(&b, ");\n");
	c = config_load_string("t.conf", b.data, err, sizeof(err));
	if (c == NULL)
		fail_msg("%s", err);
	buf_free(&b);
	return c;
}

static void
ingest(struct registry *r, const char *csv)
{
	struct obsvec		 ov;
	struct ingest_result	 res;
	char			 err[512];
	size_t			 n;

	obsvec_init(&ov);
	if (push_parse(csv, strlen(csv), 0, &ov, err, sizeof(err)) == -1)
		fail_msg("%s", err);
	n = ov.n;
	if (registry_ingest(r, NULL, &ov, 1, NULL, NULL, &res, err,
	    sizeof(err)) != INGEST_OK)
		fail_msg("%s", err);
	assert_int_equal(res.stored, n);
	/* Emptied once in memory. */
	assert_int_equal(ov.n, 0);
	assert_null(ov.v);
	obsvec_free(&ov);
}

/* Format om of s as text, and decompressed from its gzip member. */
static char *
text_of(const struct snapshot *s, int om, size_t *len)
{
	char	*t = malloc(snapshot_length(s, om) + 1);

	assert_non_null(t);
	*len = (size_t)(snapshot_copy(s, om, t) - t);
	assert_int_equal(*len, snapshot_length(s, om));
	return t;
}

static char *
gunzip_of(struct snapshot *s, int om, size_t *len)
{
	unsigned char	*gz, *tail, *p;
	size_t		 taillen, gzlen;
	z_stream	 z;
	char		*out;

	assert_true(s->gz);
	assert_int_equal(snapshot_gz_tail(s, om, "", 0, &tail, &taillen), 0);
	gzlen = SNAPSHOT_GZ_HEAD + s->gzlen[om] + taillen;
	gz = malloc(gzlen);
	assert_non_null(gz);
	memcpy(gz, snapshot_gz_head, SNAPSHOT_GZ_HEAD);
	p = snapshot_gz_copy(s, om, gz + SNAPSHOT_GZ_HEAD);
	memcpy(p, tail, taillen);
	free(tail);
	out = malloc(s->len[om] + 1);
	assert_non_null(out);
	memset(&z, 0, sizeof(z));
	assert_int_equal(inflateInit2(&z, 31), Z_OK);
	z.next_in = gz;
	z.avail_in = (uInt)gzlen;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)s->len[om] + 1;
	/* Z_STREAM_END: the trailer's CRC-32 and length matched. */
	assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
	assert_int_equal(z.avail_in, 0);
	*len = z.total_out;
	inflateEnd(&z);
	free(gz);
	return out;
}

/* s's gzip member of format om inflates to its text. */
static void
check_gunzip(struct snapshot *s, int om)
{
	char	*z, *t;
	size_t	 zlen, len;

	z = gunzip_of(s, om, &zlen);
	t = text_of(s, om, &len);
	assert_int_equal(zlen, len);
	assert_memory_equal(z, t, len);
	free(z);
	free(t);
}

/* The text of segment g alone, read through a snapshot of it only. */
static void
seg_text(struct seg *g, struct buf *out)
{
	struct snapshot	*one = snapshot_new(1);
	char		*t = malloc(g->len + 1);

	assert_non_null(t);
	snapshot_add(one, g);
	assert_int_equal(snapshot_length(one, 1), g->len);
	assert_ptr_equal(snapshot_copy(one, 1, t), t + g->len);
	buf_add(out, t, g->len);
	free(t);
	snapshot_unref(one);
}

/*
 * A compressed snapshot's segments keep their deflate, not their text;
 * each inflates on its own to its length. Their texts in a row are
 * OpenMetrics; those of text 0.0.4 the same text less exactly its UNIT
 * lines, six segments of their own.
 */
static void
check_pieces(const struct snapshot *s)
{
	const char	*p, *nl;
	size_t		 i, at, units = 0;
	struct buf	 want, om, zero;
	char		*got;

	buf_init(&om, snapshot_length(s, 1) + 1);
	buf_init(&zero, snapshot_length(s, 0) + 1);
	for (i = 0; i < s->nseg; i++) {
		assert_true(s->gz);
		assert_null(s->seg[i]->text);
		assert_non_null(s->seg[i]->z);
		at = om.len;
		seg_text(s->seg[i], &om);
		assert_int_equal(om.len - at, s->seg[i]->len);
		assert_int_equal(crc32(crc32(0L, Z_NULL, 0),
		    (const Bytef *)om.data + at, (uInt)s->seg[i]->len),
		    s->seg[i]->crc);
		if (!s->seg[i]->unit)
			buf_add(&zero, om.data + at, s->seg[i]->len);
		units += s->seg[i]->unit;
	}
	assert_int_equal(units, 6);
	assert_int_equal(om.len, snapshot_length(s, 1));
	buf_init(&want, om.len + 1);
	for (p = om.data, at = 0; at < om.len; at += (size_t)(nl - p) + 1,
	    p = nl + 1) {
		nl = memchr(p, '\n', om.len - at);
		assert_non_null(nl);
		if (strncmp(p, "# UNIT ", 7) != 0)
			buf_add(&want, p, (size_t)(nl - p) + 1);
	}
	assert_int_equal(want.len, snapshot_length(s, 0));
	assert_true(want.len < om.len);
	assert_int_equal(zero.len, want.len);
	assert_memory_equal(zero.data, want.data, want.len);
	got = text_of(s, 0, &at);
	assert_int_equal(at, want.len);
	assert_memory_equal(got, want.data, want.len);
	free(got);
	got = text_of(s, 1, &at);
	assert_int_equal(at, om.len);
	assert_memory_equal(got, om.data, om.len);
	free(got);
	buf_free(&want);
	buf_free(&zero);
	buf_free(&om);
}

/* The published snapshot is what a render from scratch makes. */
static struct snapshot *
check_published(struct expo *e)
{
	struct snapshot	*s, *full;
	struct view	*v;
	char		*a, *b;
	size_t		 alen, blen;
	int		 om;

	s = expo_snapshot(e, &v);
	full = metrics_build(v);
	view_unref(v);
	for (om = 0; om < 2; om++) {
		a = text_of(s, om, &alen);
		b = text_of(full, om, &blen);
		assert_int_equal(alen, blen);
		assert_memory_equal(a, b, alen);
		free(b);
		b = gunzip_of(s, om, &blen);
		assert_int_equal(alen, blen);
		assert_memory_equal(a, b, alen);
		free(a);
		free(b);
		assert_int_equal(snapshot_crc(s, om), snapshot_crc(full, om));
	}
	snapshot_unref(full);
	check_pieces(s);
	return s;
}

/* Whether text of s (format 0) has needle. */
static int
has(const struct snapshot *s, const char *needle)
{
	char	*t;
	size_t	 len;
	int	 found;

	t = text_of(s, 0, &len);
	t[len] = '\0';
	found = strstr(t, needle) != NULL;
	free(t);
	return found;
}

/* Whether a and b have the same text and deflate data in both formats. */
static void
check_same(struct snapshot *a, struct snapshot *b)
{
	unsigned char	*za, *zb;
	char		*ta, *tb;
	size_t		 la, lb;
	int		 om;

	for (om = 0; om < 2; om++) {
		assert_int_equal(snapshot_length(a, om), snapshot_length(b, om));
		assert_int_equal(a->gzlen[om], b->gzlen[om]);
		assert_int_equal(snapshot_crc(a, om), snapshot_crc(b, om));
		za = malloc(a->gzlen[om]);
		zb = malloc(b->gzlen[om]);
		assert_ptr_equal(snapshot_gz_copy(a, om, za), za + a->gzlen[om]);
		assert_ptr_equal(snapshot_gz_copy(b, om, zb), zb + b->gzlen[om]);
		assert_memory_equal(za, zb, a->gzlen[om]);
		free(za);
		free(zb);
		ta = text_of(a, om, &la);
		tb = text_of(b, om, &lb);
		assert_int_equal(la, lb);
		assert_memory_equal(ta, tb, la);
		free(ta);
		free(tb);
	}
}

/* How many families have a sample whose labels start with labels. */
static size_t
families_of(const struct snapshot *s, const char *labels)
{
	char	*t, *p, *nl, last[128] = "";
	size_t	 len, n = 0, k;

	t = text_of(s, 1, &len);
	t[len] = '\0';
	for (p = t; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		assert_non_null(nl);
		k = strcspn(p, "{ ");
		if (*p == '#' || strncmp(p + k, labels, strlen(labels)) != 0)
			continue;
		if (k < sizeof(last) && (strlen(last) != k ||
		    strncmp(last, p, k) != 0)) {
			memcpy(last, p, k);
			last[k] = '\0';
			n++;
		}
	}
	free(t);
	return n;
}

/* How many segments of b are a's too (the same, not equal copies). */
static size_t
shared(const struct snapshot *a, const struct snapshot *b)
{
	size_t	 i, j, n = 0;

	for (j = 0; j < b->nseg; j++)
		for (i = 0; i < a->nseg; i++)
			if (a->seg[i] == b->seg[j]) {
				n++;
				break;
			}
	return n;
}

static void
test_incremental(void **state)
{
	struct registry	*r;
	struct expo	*e;
	struct snapshot	*s1, *s2, *s3, *o;
	struct metrics_cache *c, *sc;
	struct iview	**sel;
	struct view	*v;
	struct buf	 csv;
	char		 err[512], cmd[600];
	size_t		 i, n;

	(void)state;
	log_init(0);
	assert_non_null(mkdtemp(dir));
	if ((r = registry_open(make_config(NIND, "count"), err,
	    sizeof(err))) == NULL)
		fail_msg("%s", err);
	if ((e = expo_open(err, sizeof(err))) == NULL)
		fail_msg("%s", err);
	registry_subscribe(r, expo_update, e);
	buf_init(&csv, 65536);
	for (i = 1; i <= NIND; i++)
		buf_printf(&csv, "m%03zu,2023-12,%zu\nm%03zu,2024-01,%zu\n"
		    "m%03zu,2024-02,%zu.25\n", i, 890 + i, i, 900 + i, i,
		    910 + 2 * i);	/* three points: a projection is given */
	ingest(r, csv.data);
	buf_free(&csv);
	s1 = check_published(e);
	/* A cache of the test's own: its first render renders every block. */
	c = metrics_cache_new();
	v = registry_view(r);
	o = metrics_render(c, v, v->ind, v->nind);
	view_unref(v);
	assert_int_equal(o->rendered, NBLK);
	assert_false(o->gz);
	/* Its segments were compressed as they were made: no text kept. */
	for (i = 0; i < o->nseg; i++)
		assert_null(o->seg[i]->text);
	snapshot_compress(o);
	check_same(o, s1);
	snapshot_unref(o);
	assert_true(s1->gzlen[0] < s1->gzlen[1]);
	assert_true(has(s1, "indicatord_indicator_value{indicator=\"m200\","
	    "unit=\"count\"} 1310.25\n"));

	/* One indicator of the seventh block (m193 to m224). */
	ingest(r, "m200,2024-03,4321.5\n");
	s2 = check_published(e);
	assert_true(has(s2, "indicatord_indicator_value{indicator=\"m200\","
	    "unit=\"count\"} 4321.5\n"));
	/*
	 * Only that block is rendered again, the same as the expo's; every
	 * other segment is the last render's own, shared, not copied.
	 */
	v = registry_view(r);
	o = metrics_render(c, v, v->ind, v->nind);
	view_unref(v);
	assert_int_equal(o->rendered, 1);
	snapshot_compress(o);
	check_same(o, s2);
	assert_int_equal(o->nseg, s2->nseg);
	/* Two caches share nothing; the expo's renders share all but 10. */
	assert_int_equal(shared(o, s2), 0);
	/*
	 * New: the block's segment of each family with samples, each of
	 * which has one of m200 (13 of 14: no trend status with targets).
	 */
	assert_int_equal(families_of(s2, "{indicator=\"m200\""), 13);
	assert_int_equal(shared(s1, s2), s2->nseg - 13);
	snapshot_unref(o);

	/* A selection: the same cache type over a subset, in view order. */
	v = registry_view(r);
	sel = calloc(v->nind, sizeof(*sel));
	for (i = 0, n = 0; i < v->nind; i++)
		if (i % 3 == 0)
			sel[n++] = v->ind[i];
	sc = metrics_cache_new();
	o = metrics_render(sc, v, sel, n);
	snapshot_compress(o);
	assert_int_equal(o->rendered, (n + METRICS_BLOCK - 1) / METRICS_BLOCK);
	assert_true(has(o, "indicatord_indicator_value{indicator=\"m001\","));
	assert_true(has(o, "indicatord_indicator_value{indicator=\"m004\","));
	assert_false(has(o, "indicatord_indicator_value{indicator=\"m002\","));
	check_pieces(o);
	check_gunzip(o, 1);
	snapshot_unref(o);
	metrics_cache_free(sc);
	free(sel);
	view_unref(v);

	/*
	 * A reload that drops the last indicator and changes the first's
	 * unit: no block may show what it showed before.
	 */
	registry_reconfigure(r, make_config(NIND - 1, "usd"));
	s3 = check_published(e);
	assert_false(has(s3, "indicator=\"m300\""));
	assert_true(has(s3, "indicatord_indicator_value{indicator=\"m001\","
	    "unit=\"usd\"} 912.25\n"));
	assert_false(has(s3, "indicator=\"m001\",unit=\"count\""));
	assert_true(has(s3, "indicator=\"m299\""));
	/* The reload's new iviews: every block again. */
	v = registry_view(r);
	o = metrics_render(c, v, v->ind, v->nind);
	view_unref(v);
	assert_int_equal(o->rendered, NBLK);
	snapshot_compress(o);
	check_same(o, s3);
	snapshot_unref(o);
	metrics_cache_free(c);

	snapshot_unref(s1);
	snapshot_unref(s2);
	snapshot_unref(s3);
	registry_unsubscribe(r, expo_update, e);
	expo_close(e);
	registry_free(r);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/*
 * snapshot_read gives the text of a snapshot whose segments are kept as
 * text, compressed at once, or compressed later, byte for byte in reads
 * of any size across their ends, a unit segment only in OpenMetrics, and
 * starts over when made anew.
 */
static void
test_reader(void **state)
{
	static const char *const part[5] = {
	    "# HELP a_total The a.\n# TYPE a counter\n",
	    "# UNIT a seconds\n",
	    "a_total{x=\"1\"} 1\na_total{x=\"2\"} 22\n",
	    "b 3\nb 3\nb 3\nb 3\nb 3\nb 3\nb 3\nb 3\nb 3\nb 3\n",
	    "c{y=\"\xc3\xa9\"} 4.5\n" };
	struct seg_deflater	*d = seg_deflater_new();
	struct snapshot_reader	 r;
	struct snapshot		*s = snapshot_new(1);
	struct seg		*g;
	struct buf		 want[2];
	char			 got[512];
	size_t			 i, step, at;
	ssize_t			 k;
	int			 om, pass;

	(void)state;
	assert_non_null(d);
	buf_init(&want[0], 256);
	buf_init(&want[1], 256);
	for (i = 0; i < 5; i++) {
		/* 0, 2, 4 kept as text; 1 and 3 compressed at once. */
		g = seg_new(part[i], strlen(part[i]), i == 1, i % 2 ? d : NULL);
		assert_true(i % 2 ? g->text == NULL : g->z == NULL);
		snapshot_add(s, g);
		seg_unref(g);
		if (i != 1)
			buf_puts(&want[0], part[i]);
		buf_puts(&want[1], part[i]);
	}
	seg_deflater_free(d);
	for (pass = 0; pass < 2; pass++) {
		for (om = 0; om < 2; om++) {
			assert_int_equal(snapshot_length(s, om), want[om].len);
			for (step = 1; step <= want[om].len + 1; step++) {
				snapshot_reader_init(&r, s, om);
				for (at = 0; (k = snapshot_read(&r, got + at,
				    step)) > 0; at += (size_t)k)
					assert_true((size_t)k <= step);
				assert_int_equal(k, 0);
				assert_int_equal(at, want[om].len);
				assert_int_equal(r.pos, at);
				assert_memory_equal(got, want[om].data, at);
				snapshot_reader_end(&r);
			}
		}
		/* The second pass: every segment compressed, no text kept. */
		snapshot_compress(s);
		assert_true(s->gz);
		for (i = 0; i < s->nseg; i++)
			assert_null(s->seg[i]->text);
		assert_int_equal(s->gzlen[1], s->gzlen[0] + s->seg[1]->zlen);
	}
	buf_free(&want[0]);
	buf_free(&want[1]);
	snapshot_unref(s);
}

/*
 * A render of METRICS_SPREAD_MIN blocks or more is shared among the CPUs,
 * each a run of blocks with its own buffer and deflater: every
 * indicator's samples still come once, in the view's order, with their
 * own values, and the gzip stream is the text.
 */
#define NSPREAD	2100	/* 66 blocks */

static void
test_spread(void **state)
{
	struct registry		*r;
	struct metrics_cache	*c;
	struct snapshot		*o;
	struct view		*v;
	struct buf		 csv, want;
	char			 err[512], cmd[600], *t, *p;
	size_t			 i, len;

	(void)state;
	log_init(0);
	strcpy(dir, "/tmp/test_metrics.XXXXXX");
	assert_non_null(mkdtemp(dir));
	if ((r = registry_open(make_config(NSPREAD, "count"), err,
	    sizeof(err))) == NULL)
		fail_msg("%s", err);
	buf_init(&csv, 65536);
	for (i = 1; i <= NSPREAD; i++)
		buf_printf(&csv, "m%03zu,2024-01,%zu\nm%03zu,2024-02,%zu.5\n",
		    i, 100 + i, i, 7 * i);
	ingest(r, csv.data);
	buf_free(&csv);
	c = metrics_cache_new();
	v = registry_view(r);
	assert_true((NSPREAD + METRICS_BLOCK - 1) / METRICS_BLOCK >= 64);
	o = metrics_render(c, v, v->ind, v->nind);
	view_unref(v);
	assert_int_equal(o->rendered, (NSPREAD + METRICS_BLOCK - 1) /
	    METRICS_BLOCK);
	snapshot_compress(o);
	t = text_of(o, 0, &len);
	t[len] = '\0';
	/* each value line once, in order */
	buf_init(&want, 128);
	for (p = t, i = 1; i <= NSPREAD; i++) {
		want.len = 0;
		buf_printf(&want, "\nindicatord_indicator_value{indicator="
		    "\"m%03zu\",unit=\"count\"} %zu.5\n", i, 7 * i);
		assert_non_null(p = strstr(p, want.data));
		p += want.len - 1;
		assert_null(strstr(p, want.data));
	}
	buf_free(&want);
	free(t);
	check_gunzip(o, 0);
	check_pieces(o);
	snapshot_unref(o);
	metrics_cache_free(c);
	registry_free(r);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_incremental),
		cmocka_unit_test(test_reader),
		cmocka_unit_test(test_spread),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
