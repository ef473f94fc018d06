/*
 * graph_anchor.c: the graph anchor, a bare rrd_graph_v call.
 *
 *   graph_anchor ARGV_FILE [TIMES [BACK]]
 *
 * Replays the last call recorded by graph_argv.so (the final drawing call
 * of the daemon's latest render; BACK 1 is the call before it, and so on) once to warm librrd, fontconfig and the
 * page cache up, as the daemon is, then TIMES (default 3) more times, and
 * prints the median seconds of those. Each call gets a fresh copy of the
 * argument vector because librrd's option parser reorders it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rrd.h>

static char **
load_call(const char *path, int back, int *argcp)
{
	FILE	*f;
	char	 line[8192], ***calls = NULL, **argv;
	int	 argc = 0, ncalls = 0, *argcs = NULL, n;
	size_t	 len;

	if ((f = fopen(path, "r")) == NULL) {
		perror(path);
		exit(1);
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		n = atoi(line);
		if (n <= 0 || n > 100000)
			break;
		argv = calloc((size_t)n + 1, sizeof(*argv));
		for (argc = 0; argc < n && fgets(line, sizeof(line), f) != NULL;
		    argc++) {
			len = strlen(line);
			if (len > 0 && line[len - 1] == '\n')
				line[len - 1] = '\0';
			argv[argc] = strdup(line);
		}
		calls = realloc(calls, (size_t)(ncalls + 1) * sizeof(*calls));
		argcs = realloc(argcs, (size_t)(ncalls + 1) * sizeof(*argcs));
		calls[ncalls] = argv;
		argcs[ncalls++] = argc;
	}
	fclose(f);
	if (back < 0 || back >= ncalls) {
		fprintf(stderr, "%s: no such recorded call\n", path);
		exit(1);
	}
	*argcp = argcs[ncalls - 1 - back];
	return calls[ncalls - 1 - back];
}

static double
call(int argc, char **argv)
{
	struct timespec	 a, b;
	rrd_info_t	*info;
	char		**v;

	v = calloc((size_t)argc + 1, sizeof(*v));
	memcpy(v, argv, (size_t)argc * sizeof(*v));
	clock_gettime(CLOCK_MONOTONIC, &a);
	info = rrd_graph_v(argc, v);
	clock_gettime(CLOCK_MONOTONIC, &b);
	if (rrd_test_error() || info == NULL) {
		fprintf(stderr, "rrd_graph_v: %s\n", rrd_get_error());
		exit(1);
	}
	rrd_info_free(info);
	free(v);
	return (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
}

static int
cmp(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int
main(int argc, char *argv[])
{
	double	 t[101];
	char	**gargv;
	int	 gargc, n, i;

	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: graph_anchor ARGV_FILE [TIMES [BACK]]\n");
		return 2;
	}
	n = argc >= 3 ? atoi(argv[2]) : 3;
	if (n < 1 || n > 100)
		n = 3;
	gargv = load_call(argv[1], argc == 4 ? atoi(argv[3]) : 0, &gargc);
	call(gargc, gargv);
	for (i = 0; i < n; i++)
		t[i] = call(gargc, gargv);
	qsort(t, (size_t)n, sizeof(t[0]), cmp);
	printf("%.6f\n", t[n / 2]);
	return 0;
}
