/*
 * graph_argv.c: an LD_PRELOAD shim for the graph benchmark. It passes every
 * rrd_graph_v call on to librrd and, when BENCH_GRAPH_ARGV names a file,
 * first appends the call's arguments to it: a line with the count, then one
 * argument a line. graph_anchor replays a recorded call with nothing around
 * it, so the daemon's render and the bare call take the same arguments.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <rrd.h>

typedef rrd_info_t *(*graph_fn)(int, char **);

static pthread_mutex_t	 argv_lock = PTHREAD_MUTEX_INITIALIZER;

static void
record(int argc, char **argv)
{
	const char	*path = getenv("BENCH_GRAPH_ARGV");
	FILE		*f;
	int		 i;

	if (path == NULL)
		return;
	pthread_mutex_lock(&argv_lock);
	if ((f = fopen(path, "a")) != NULL) {
		fprintf(f, "%d\n", argc);
		for (i = 0; i < argc; i++)
			fprintf(f, "%s\n", argv[i]);
		fclose(f);
	}
	pthread_mutex_unlock(&argv_lock);
}

/* With BENCH_GRAPH_TIMES set, append the call's seconds to that file. */
static rrd_info_t *
timed(graph_fn real, int argc, char **argv)
{
	const char	*path = getenv("BENCH_GRAPH_TIMES");
	struct timespec	 a, b;
	rrd_info_t	*info;
	FILE		*f;

	clock_gettime(CLOCK_MONOTONIC, &a);
	info = real(argc, argv);
	clock_gettime(CLOCK_MONOTONIC, &b);
	if (path != NULL && (f = fopen(path, "a")) != NULL) {
		fprintf(f, "%.6f\n", (double)(b.tv_sec - a.tv_sec) +
		    (b.tv_nsec - a.tv_nsec) / 1e9);
		fclose(f);
	}
	return info;
}

rrd_info_t *
rrd_graph_v(int argc, char **argv)
{
	static graph_fn	 real;

	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "rrd_graph_v");
	record(argc, argv);
	return timed(real, argc, argv);
}
