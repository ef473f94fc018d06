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

#define NIND	300	/* three blocks: 128, 128, 44 */

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
	char	*t = malloc(metrics_length(s, om) + 1);

	assert_non_null(t);
	*len = (size_t)(metrics_copy(s, om, t) - t);
	assert_int_equal(*len, metrics_length(s, om));
	return t;
}

static char *
gunzip_of(const struct snapshot *s, int om, size_t *len)
{
	unsigned char	*gz, *tail, *p;
	size_t		 taillen, gzlen;
	z_stream	 z;
	char		*out;

	assert_true(s->gz);
	assert_int_equal(metrics_gz_tail(s, om, "", 0, &tail, &taillen), 0);
	gzlen = METRICS_GZ_HEAD + s->gzlen[om] + taillen;
	gz = malloc(gzlen);
	assert_non_null(gz);
	memcpy(gz, metrics_gz_head, METRICS_GZ_HEAD);
	p = metrics_gz_copy(s, om, gz + METRICS_GZ_HEAD);
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

/*
 * OpenMetrics is the snapshot's text in one piece; text 0.0.4 the same
 * text in pieces that leave out exactly its UNIT lines.
 */
static void
check_pieces(const struct snapshot *s)
{
	const char	*base[METRICS_PIECES_MAX], *p, *nl;
	size_t		 len[METRICS_PIECES_MAX], n, i, at;
	struct buf	 want;
	char		*got;

	assert_int_equal(metrics_pieces(s, 1, base, len), 1);
	assert_ptr_equal(base[0], s->text);
	assert_int_equal(len[0], metrics_length(s, 1));
	n = metrics_pieces(s, 0, base, len);
	/* Six gauge families of the registry part have a unit. */
	assert_int_equal(n, 7);
	for (i = 0; i < n; i++)
		assert_true(base[i] >= s->text && base[i] + len[i] <=
		    s->text + metrics_length(s, 1));
	buf_init(&want, metrics_length(s, 1) + 1);
	for (p = s->text, at = 0; at < metrics_length(s, 1); at += (size_t)(nl
	    - p) + 1, p = nl + 1) {
		nl = memchr(p, '\n', metrics_length(s, 1) - at);
		assert_non_null(nl);
		if (strncmp(p, "# UNIT ", 7) != 0)
			buf_add(&want, p, (size_t)(nl - p) + 1);
	}
	assert_int_equal(want.len, metrics_length(s, 0));
	assert_true(want.len < metrics_length(s, 1));
	got = text_of(s, 0, &at);
	assert_int_equal(at, want.len);
	assert_memory_equal(got, want.data, want.len);
	free(got);
	buf_free(&want);
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
		assert_int_equal(s->crc[om], full->crc[om]);
	}
	metrics_snapshot_free(full);
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
check_same(const struct snapshot *a, const struct snapshot *b)
{
	unsigned char	*za, *zb;
	int		 om;

	for (om = 0; om < 2; om++) {
		assert_int_equal(metrics_length(a, om), metrics_length(b, om));
		assert_int_equal(a->gzlen[om], b->gzlen[om]);
		assert_int_equal(a->crc[om], b->crc[om]);
		za = malloc(a->gzlen[om]);
		zb = malloc(b->gzlen[om]);
		assert_ptr_equal(metrics_gz_copy(a, om, za), za + a->gzlen[om]);
		assert_ptr_equal(metrics_gz_copy(b, om, zb), zb + b->gzlen[om]);
		assert_memory_equal(za, zb, a->gzlen[om]);
		free(za);
		free(zb);
	}
	assert_memory_equal(a->text, b->text, metrics_length(a, 1));
}

static void
test_incremental(void **state)
{
	struct registry	*r;
	struct expo	*e;
	struct snapshot	*s1, *s2, *s3, *o;
	struct metrics_cache *c;
	struct view	*v;
	struct buf	 csv;
	char		 err[512], cmd[600], *a, *big;
	size_t		 i, len;

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
	o = metrics_render(c, v);
	view_unref(v);
	assert_int_equal(o->rendered, 3);
	assert_false(o->gz);
	metrics_compress(o);
	check_same(o, s1);
	snapshot_unref(o);
	/* The 0.0.4 gzip is the OpenMetrics one less six UNIT segments. */
	assert_int_equal(s1->ncut, 6);
	for (i = 0; i < 6; i++)
		assert_true(s1->zcut[i].len > 0);
	assert_true(s1->gzlen[0] < s1->gzlen[1]);
	assert_true(has(s1, "indicatord_indicator_value{indicator=\"m200\","
	    "unit=\"count\"} 1310.25\n"));

	/*
	 * The tail goes right after the text, for one response at a time;
	 * the text itself is untouched.
	 */
	a = text_of(s1, 1, &len);
	assert_int_equal(metrics_tail_place(s1, "x 1\n# EOF\n", 10), 0);
	assert_memory_equal(s1->text, a, len);
	assert_memory_equal(s1->text + len, "x 1\n# EOF\n", 10);
	assert_int_equal(metrics_tail_place(s1, "y 2\n# EOF\n", 10), -1);
	assert_memory_equal(s1->text + len, "x 1\n# EOF\n", 10);
	metrics_tail_release(s1);
	assert_int_equal(metrics_tail_place(s1, "y 2\n# EOF\n", 10), 0);
	metrics_tail_release(s1);
	big = malloc(METRICS_TAIL_ROOM + 1);
	memset(big, 'z', METRICS_TAIL_ROOM + 1);
	assert_int_equal(metrics_tail_place(s1, big, METRICS_TAIL_ROOM + 1), -1);
	assert_int_equal(metrics_tail_place(s1, big, METRICS_TAIL_ROOM), 0);
	metrics_tail_release(s1);
	assert_memory_equal(s1->text, a, len);
	free(big);
	free(a);

	/* One indicator of the second block. */
	ingest(r, "m200,2024-03,4321.5\n");
	s2 = check_published(e);
	assert_true(has(s2, "indicatord_indicator_value{indicator=\"m200\","
	    "unit=\"count\"} 4321.5\n"));
	/* Only the second block is rendered again; the same as the expo's. */
	v = registry_view(r);
	o = metrics_render(c, v);
	view_unref(v);
	assert_int_equal(o->rendered, 1);
	metrics_compress(o);
	check_same(o, s2);
	snapshot_unref(o);

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
	o = metrics_render(c, v);
	view_unref(v);
	assert_int_equal(o->rendered, 3);
	metrics_compress(o);
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_incremental),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
