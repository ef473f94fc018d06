/*
 * render_time.c: how long the /metrics exposition takes to render.
 *
 *   render_time CONFIG [TIMES]
 *
 * Opens the registry of CONFIG's data_dir as the daemon does at start (the
 * journal replayed, every RRD checked), then calls metrics_build, what the
 * exposition thread runs when every indicator changed (every block of both
 * formats rendered and gzipped), TIMES times (default 5), and prints
 * the median seconds and the sizes: "SECONDS PROM_BYTES PROM_GZ_BYTES OM_BYTES".
 * Run it only on a data directory no daemon is using.
 *
 * Under valgrind --tool=callgrind --instr-atstart=no
 * --toggle-collect=metrics_build, only the renders are instrumented and
 * counted: their instructions, free of the machine's timing noise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <valgrind/callgrind.h>

#include "config.h"
#include "log.h"
#include "metrics.h"
#include "registry.h"

static int
cmp(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int
main(int argc, char *argv[])
{
	struct config	*conf;
	struct registry	*reg;
	struct view	*v;
	struct snapshot	*s, *next;
	struct timespec	 a, b;
	double		 t[101];
	char		 err[1024];
	int		 n, i;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: render_time CONFIG [TIMES]\n");
		return 2;
	}
	n = argc == 3 ? atoi(argv[2]) : 5;
	if (n < 1 || n > 100)
		n = 5;
	log_init(0);
	if ((conf = config_load(argv[1], err, sizeof(err))) == NULL ||
	    (reg = registry_open(conf, err, sizeof(err))) == NULL) {
		fprintf(stderr, "render_time: %s\n", err);
		return 1;
	}
	v = registry_view(reg);
	s = metrics_build(v);
	CALLGRIND_START_INSTRUMENTATION;
	for (i = 0; i < n; i++) {
		clock_gettime(CLOCK_MONOTONIC, &a);
		next = metrics_build(v);
		clock_gettime(CLOCK_MONOTONIC, &b);
		snapshot_unref(s);
		s = next;
		t[i] = (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) /
		    1e9;
	}
	CALLGRIND_STOP_INSTRUMENTATION;
	qsort(t, (size_t)n, sizeof(t[0]), cmp);
	printf("%.6f %zu %zu %zu\n", t[n / 2], s->len[0], s->gzlen[0],
	    s->len[1]);
	snapshot_unref(s);
	view_unref(v);
	registry_free(reg);
	return 0;
}
