/*
 * incr_time.c: the /metrics render after one indicator changed.
 *
 *   incr_time CONFIG [TIMES]
 *
 * Opens the registry of CONFIG's data_dir as the daemon does at start (the
 * journal replayed, every RRD checked) and renders its view once with a
 * metrics cache, as the exposition thread does at start. Then TIMES times
 * (default 9): one new observation of one indicator (another each time,
 * the period after its latest, through registry_ingest as a push), and
 * the render of the view that ingest made with the same cache:
 * metrics_render of every indicator and snapshot_compress, what the
 * exposition thread runs for a new view of the whole /metrics
 * (daemon/expo.c). Prints the medians, wall clock: "RENDER_MS
 * TEXT_MS INGEST_MS BLOCKS": the render with its compression, the
 * render alone (metrics_render, which compresses each segment as it
 * makes it: nearly the whole), the ingest (journal fdatasync, RRD update,
 * evaluation, new view), and the most blocks a render made anew (the
 * others copied from the last render).
 * It adds TIMES records to the journal and the RRDs: run it only on a
 * data directory no daemon is using, and one that may change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "log.h"
#include "metrics.h"
#include "obs.h"
#include "period.h"
#include "registry.h"
#include "snapshot.h"
#include "view.h"

#define TIMES_MAX	101

static int
cmp(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double
now_ms(void)
{
	struct timespec	 t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* The period after p: the next year, month or quarter. */
static struct period
period_next(struct period p)
{
	int	 subs = p.kind == PERIOD_MONTHLY ? 12 :
		    p.kind == PERIOD_QUARTERLY ? 4 : 0;

	if (subs == 0 || p.sub == subs) {
		p.year++;
		p.sub = subs == 0 ? 0 : 1;
	} else
		p.sub++;
	return p;
}

/*
 * One observation of iv, the period after its latest, 0.1 % above it,
 * ingested as a push. Returns 0, or -1 with err set.
 */
static int
ingest_one(struct registry *reg, const struct iview *iv, char *err,
    size_t errlen)
{
	const struct series	*s = iv->series;
	struct obsvec		 ov;
	struct obs_buf		 b;
	struct ingest_result	 res;
	enum ingest_rc		 rc;

	if (s->n == 0) {
		snprintf(err, errlen, "%s: no observations", iv->id);
		return -1;
	}
	memset(&b, 0, sizeof(b));
	snprintf(b.indicator, sizeof(b.indicator), "%s", iv->id);
	b.period = period_next(s->pts[s->n - 1].period);
	b.value = s->pts[s->n - 1].value * 1.001;
	obsvec_init(&ov);
	obsvec_push(&ov, &b);
	rc = registry_ingest(reg, NULL, &ov, 1, NULL, NULL, &res, err, errlen);
	obsvec_free(&ov);
	if (rc == INGEST_OK && res.stored != 1) {
		snprintf(err, errlen, "%s: %zu stored, not 1", iv->id,
		    res.stored);
		return -1;
	}
	return rc == INGEST_OK ? 0 : -1;
}

/*
 * The exposition thread's work for view v, timed; the text's part in
 * *text, the blocks made anew in *blocks.
 */
static double
render(struct metrics_cache *c, struct view *v, double *text, size_t *blocks)
{
	struct snapshot	*s;
	double		 t0, t;

	t0 = now_ms();
	s = metrics_render(c, v, v->ind, v->nind);
	*text = now_ms() - t0;
	snapshot_compress(s);
	t = now_ms() - t0;
	*blocks = s->rendered;
	snapshot_unref(s);
	return t;
}

int
main(int argc, char *argv[])
{
	struct config		*conf;
	struct registry		*reg;
	struct metrics_cache	*c;
	struct view		*v;
	static double		 tr[TIMES_MAX], tt[TIMES_MAX], ti[TIMES_MAX];
	size_t			 k, nconf, blocks, bl[TIMES_MAX];
	double			 t0;
	char			 err[1024];
	int			 n, i;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: incr_time CONFIG [TIMES]\n");
		return 2;
	}
	n = argc == 3 ? atoi(argv[2]) : 9;
	if (n < 1 || n > TIMES_MAX)
		n = 9;
	log_init(0);
	if ((conf = config_load(argv[1], err, sizeof(err))) == NULL ||
	    (reg = registry_open(conf, err, sizeof(err))) == NULL) {
		fprintf(stderr, "incr_time: %s\n", err);
		return 1;
	}
	c = metrics_cache_new();
	v = registry_view(reg);
	if ((nconf = view_nconf(v)) == 0)
		fatalx("no indicators");
	render(c, v, &tt[0], &blocks);
	for (i = 0; i < n; i++) {
		/* Indicators far apart: each in another block. */
		k = ((size_t)i * 7919 + 1) % nconf;
		t0 = now_ms();
		if (ingest_one(reg, v->ind[k], err, sizeof(err)) == -1)
			fatalx("ingest: %s", err);
		ti[i] = now_ms() - t0;
		view_unref(v);
		v = registry_view(reg);
		tr[i] = render(c, v, &tt[i], &bl[i]);
	}
	qsort(tr, (size_t)n, sizeof(tr[0]), cmp);
	qsort(tt, (size_t)n, sizeof(tt[0]), cmp);
	qsort(ti, (size_t)n, sizeof(ti[0]), cmp);
	for (blocks = 0, i = 0; i < n; i++)
		blocks = bl[i] > blocks ? bl[i] : blocks;
	printf("%.3f %.3f %.3f %zu\n", tr[n / 2], tt[n / 2], ti[n / 2],
	    blocks);
	metrics_cache_free(c);
	view_unref(v);
	registry_free(reg);
	return 0;
}
