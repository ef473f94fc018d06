/*
 * publish_time.c: the CPU time of one /metrics publish.
 *
 *   publish_time CONFIG [ROUNDS]
 *
 * Opens the registry of CONFIG's data_dir as render_time does, then runs
 * ROUNDS rounds (default 21). A round makes a view in which one indicator,
 * another each round, is a new iview (its age one second more), and
 * publishes it with a warm cache of each kind: metrics_render and
 * snapshot_compress, what the exposition thread runs ("gz"), or
 * metrics_render alone ("text"; metrics_render compresses each segment
 * as it makes it, so "text" is "gz" but for snapshot_compress's
 * bookkeeping, and the two figures are alike). Then a full render of the
 * view from an empty cache both ways: what block reuse saves. Within a
 * round the kinds take turns, the first of them changing from round to
 * round.
 * Prints the medians of the thread's CPU time in milliseconds and the
 * sizes: "ONE_GZ ONE_TEXT FULL_GZ FULL_TEXT OM_GZ_BYTES OM_BYTES".
 * Run it only on a data directory no daemon is using.
 * (The per-part deflate it was first written to weigh, bench/manual.md,
 * is gone.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "config.h"
#include "log.h"
#include "metrics.h"
#include "registry.h"
#include "view.h"

#define ROUNDS_MAX	101

/* The kinds of publish; a full render's time is at FULL + kind. */
enum { GZ, TEXT, NKIND, FULL = NKIND, NT = 2 * NKIND };

static int
cmp(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
cpu_ms(void)
{
	struct timespec	 t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* A view like v with ind[k] a new iview: a one-indicator change. */
static struct view *
view_touch(struct view *v, size_t k)
{
	struct view	*n = view_new(v->nind, v->cref, v->fset);
	struct iview	*iv;
	size_t		 i;

	for (i = 0; i < v->nind; i++)
		n->ind[i] = iview_ref(v->ind[i]);
	iv = iview_edit(&n->ind[k]);
	if (iv == v->ind[k])
		fatalx("indicator %zu not shown: no copy", k);
	iv->age += 1;
	iv->shown = 1;
	n->asof = v->asof;
	n->start_time = v->start_time;
	n->seq = n->ind_seq = v->seq + 1;
	n->feed_seq = v->feed_seq;
	return n;
}

/* One publish of v with cache c, timed. */
static double
publish(struct metrics_cache *c, struct view *v, int kind)
{
	struct snapshot	*s;
	double		 t0, t;

	t0 = cpu_ms();
	s = metrics_render(c, v, v->ind, v->nind);
	if (kind == GZ)
		snapshot_compress(s);
	t = cpu_ms() - t0;
	snapshot_unref(s);
	return t;
}

/* A publish of v from an empty cache, timed. */
static double
full(struct view *v, int kind)
{
	struct metrics_cache	*c;
	double			 t0 = cpu_ms();

	c = metrics_cache_new();
	publish(c, v, kind);
	metrics_cache_free(c);
	return cpu_ms() - t0;
}

int
main(int argc, char *argv[])
{
	struct config		*conf;
	struct registry		*reg;
	struct view		*v, *next;
	struct metrics_cache	*c[NKIND];
	struct snapshot		*s;
	static double		 t[NT][ROUNDS_MAX];
	size_t			 k;
	char			 err[1024];
	int			 n, r, i, w;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: publish_time CONFIG [ROUNDS]\n");
		return 2;
	}
	n = argc == 3 ? atoi(argv[2]) : 21;
	if (n < 1 || n > ROUNDS_MAX)
		n = 21;
	log_init(0);
	if ((conf = config_load(argv[1], err, sizeof(err))) == NULL ||
	    (reg = registry_open(conf, err, sizeof(err))) == NULL) {
		fprintf(stderr, "publish_time: %s\n", err);
		return 1;
	}
	v = registry_view(reg);
	if (v->nind == 0)
		fatalx("no indicators");
	/* Warm caches: the first render of each is a full one. */
	for (w = 0; w < NKIND; w++) {
		c[w] = metrics_cache_new();
		publish(c[w], v, w);
	}
	for (r = 0; r < n; r++) {
		k = ((size_t)r * 7919) % v->nind;
		next = view_touch(v, k);
		view_unref(v);
		v = next;
		for (i = 0; i < NKIND; i++) {
			w = (i + r) % NKIND;
			t[w][r] = publish(c[w], v, w);
		}
		for (i = 0; i < NKIND; i++) {
			w = (i + r) % NKIND;
			t[FULL + w][r] = full(v, w);
		}
	}
	s = metrics_build(v);
	for (i = 0; i < NT; i++) {
		qsort(t[i], (size_t)n, sizeof(t[i][0]), cmp);
		printf("%.3f ", t[i][n / 2]);
	}
	printf("%zu %zu\n", s->gzlen[1], snapshot_length(s, 1));
	snapshot_unref(s);
	for (w = 0; w < NKIND; w++)
		metrics_cache_free(c[w]);
	view_unref(v);
	registry_free(reg);
	return 0;
}
