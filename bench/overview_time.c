/*
 * overview_time.c: how long the overview page (GET /) takes to render.
 *
 *   overview_time CONFIG [TIMES]
 *
 * Opens the registry of CONFIG's data_dir as the daemon does at start,
 * then renders the overview (overview_render, what a cache miss of GET /
 * runs) TIMES times (default 5) for each of: the default query in
 * English, the same in Chinese, and "sort=status&order=desc" in English;
 * then gzips the default page as ovcache.c does. Prints the median
 * seconds of each and the sizes: "EN ZH SORTED GZIP_SECONDS BYTES
 * GZ_BYTES". Run it only on a data directory no daemon is using.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "buf.h"
#include "config.h"
#include "log.h"
#include "overview.h"
#include "ovquery.h"
#include "registry.h"
#include "view.h"

static int
cmp(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The median seconds of n renders of (l, q); *len gets the page's size. */
static double
time_render(const struct view *v, enum lang l, const struct ovquery *q,
    int n, struct buf *out)
{
	double	 t[101], a;
	int	 i;

	for (i = 0; i < n; i++) {
		out->len = 0;
		out->data[0] = '\0';
		a = now();
		overview_render(v, l, q, out);
		t[i] = now() - a;
	}
	qsort(t, (size_t)n, sizeof(t[0]), cmp);
	return t[n / 2];
}

/* Seconds of a gzip of b (level 6, as ovcache.c), its size in *gzlen. */
static double
time_gzip(const struct buf *b, size_t *gzlen)
{
	z_stream	 z;
	unsigned char	*out;
	size_t		 cap;
	double		 a = now();

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		exit(1);
	cap = deflateBound(&z, (uLong)b->len) + 32;
	if ((out = malloc(cap)) == NULL)
		exit(1);
	z.next_in = (unsigned char *)b->data;
	z.avail_in = (uInt)b->len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		exit(1);
	*gzlen = cap - z.avail_out;
	deflateEnd(&z);
	free(out);
	return now() - a;
}

int
main(int argc, char *argv[])
{
	struct config	*conf;
	struct registry	*reg;
	struct view	*v;
	struct ovquery	 q, sorted;
	struct buf	 b;
	double		 en, zh, st, gz;
	size_t		 len, gzlen;
	char		 err[1024];
	int		 n;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: overview_time CONFIG [TIMES]\n");
		return 2;
	}
	n = argc == 3 ? atoi(argv[2]) : 5;
	if (n < 1 || n > 100)
		n = 5;
	log_init(0);
	if ((conf = config_load(argv[1], err, sizeof(err))) == NULL ||
	    (reg = registry_open(conf, err, sizeof(err))) == NULL) {
		fprintf(stderr, "overview_time: %s\n", err);
		return 1;
	}
	v = registry_view(reg);
	ovquery_init(&q);
	ovquery_init(&sorted);
	if (ovquery_add(&sorted, "sort", "status", err, sizeof(err)) == -1 ||
	    ovquery_add(&sorted, "order", "desc", err, sizeof(err)) == -1)
		return 1;
	buf_init(&b, 65536);
	/* One render unmeasured: the caches and the buffer warm. */
	time_render(v, LANG_EN, &q, 1, &b);
	zh = time_render(v, LANG_ZH, &q, n, &b);
	st = time_render(v, LANG_EN, &sorted, n, &b);
	en = time_render(v, LANG_EN, &q, n, &b);
	len = b.len;
	gz = time_gzip(&b, &gzlen);
	printf("%.6f %.6f %.6f %.6f %zu %zu\n", en, zh, st, gz, len, gzlen);
	buf_free(&b);
	view_unref(v);
	registry_free(reg);
	return 0;
}
