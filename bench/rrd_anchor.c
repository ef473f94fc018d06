/*
 * rrd_anchor.c: the ingest anchors, librrd with nothing around it.
 *
 *   rrd_anchor create   DIR OBS.csv          one empty RRD per indicator
 *   rrd_anchor per-obs  DIR OBS.csv [ADDR]   rrd_update_r once per observation
 *   rrd_anchor per-file DIR OBS.csv [ADDR]   rrd_update_r once per file
 *   rrd_anchor flush    DIR OBS.csv ADDR     rrdc_flush every file
 *
 * OBS.csv holds "id,YYYY-MM,value" lines sorted by id then period (gen.sh
 * obs). The layout and the updates are daemon/store.c's: DS:value:GAUGE with
 * the monthly heartbeat, step 86400, AVERAGE and LAST RRAs, --start one step
 * before the first period's start; "start:U" where the previous update
 * (the file's last update, read before the clock starts) is older than a
 * period's start, then "end:value". With ADDR (rrdcached's address) updates
 * go through rrdc_update. The CSV is parsed before the clock starts; the
 * update strings are formatted inside the timed loop, as any caller of
 * rrd_update_r has to. The elapsed seconds go to stdout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rrd.h>
#include <rrd_client.h>

#include "num.h"

#define STEP		86400
#define HEARTBEAT	(35L * 86400)	/* store_heartbeat(PERIOD_MONTHLY) */

struct point {
	time_t	 start, end;
	double	 value;
};

struct series {
	char		*path;
	time_t		 last;		/* last update before the run */
	struct point	*pts;
	size_t		 n, cap;
};

struct set {
	struct series	*s;
	size_t		 n, cap;
};

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL) {
		perror("realloc");
		exit(1);
	}
	return p;
}

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static time_t
month_utc(int y, int m)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = 1;
	return timegm(&tm);
}

static struct series *
series_new(struct set *set, const char *dir, const char *id)
{
	struct series	*s;

	if (set->n == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 1024;
		set->s = xrealloc(set->s, set->cap * sizeof(*set->s));
	}
	s = &set->s[set->n++];
	memset(s, 0, sizeof(*s));
	if (asprintf(&s->path, "%s/%s.rrd", dir, id) == -1)
		exit(1);
	return s;
}

static void
series_add(struct series *s, time_t start, time_t end, double v)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 128;
		s->pts = xrealloc(s->pts, s->cap * sizeof(*s->pts));
	}
	s->pts[s->n].start = start;
	s->pts[s->n].end = end;
	s->pts[s->n].value = v;
	s->n++;
}

static void
load(const char *dir, const char *csv, struct set *set)
{
	FILE		*f;
	char		 line[256], id[128], last[128] = "";
	struct series	*s = NULL;
	double		 v;
	int		 y, m;

	if ((f = fopen(csv, "r")) == NULL) {
		perror(csv);
		exit(1);
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "%127[^,],%d-%d,%lf", id, &y, &m, &v) != 4) {
			fprintf(stderr, "%s: bad line: %s", csv, line);
			exit(1);
		}
		if (strcmp(id, last) != 0) {
			s = series_new(set, dir, id);
			snprintf(last, sizeof(last), "%s", id);
		}
		series_add(s, month_utc(y, m), month_utc(y, m + 1), v);
	}
	fclose(f);
}

/* The file's last update, or (no file yet) the --start of a new one. */
static void
load_last(struct set *set)
{
	struct series	*s;
	size_t		 i;

	for (i = 0; i < set->n; i++) {
		s = &set->s[i];
		if (access(s->path, F_OK) == 0) {
			if ((s->last = rrd_last_r(s->path)) == -1) {
				fprintf(stderr, "%s: %s\n", s->path,
				    rrd_get_error());
				exit(1);
			}
		} else
			s->last = s->pts[0].start - STEP;
	}
}

static int
create(const struct series *s)
{
	char		 ds[64];
	/* daemon/store.c's layout. */
	const char	*argv[] = { ds,
	    "RRA:AVERAGE:0.99:1:10000", "RRA:AVERAGE:0.99:30:800" };

	snprintf(ds, sizeof(ds), "DS:value:GAUGE:%ld:U:U", HEARTBEAT);
	return rrd_create_r2(s->path, STEP, s->pts[0].start - STEP, 0, NULL,
	    NULL, 3, argv);
}

/* daemon/store.c's build_updates, into caller-provided storage. */
static int
format(const struct point *p, size_t n, time_t *prev_end, char (*buf)[48],
    char **argv)
{
	size_t	 i;
	int	 argc = 0, w;

	for (i = 0; i < n; i++) {
		if (*prev_end < p[i].start) {
			snprintf(buf[argc], sizeof(buf[argc]), "%lld:U",
			    (long long)p[i].start);
			argv[argc] = buf[argc];
			argc++;
		}
		w = snprintf(buf[argc], sizeof(buf[argc]), "%lld:",
		    (long long)p[i].end);
		num_format17(p[i].value, buf[argc] + w);
		argv[argc] = buf[argc];
		argc++;
		*prev_end = p[i].end;
	}
	return argc;
}

static int
update(const char *addr, const char *path, int argc, char **argv)
{
	if (argc == 0)
		return 0;
	if (addr != NULL)
		return rrdc_update(path, argc, (const char **)argv);
	return rrd_update_r(path, NULL, argc, (const char **)argv);
}

static int
run_series(const char *mode, const char *addr, const struct series *s,
    char (*buf)[48], char **argv)
{
	time_t	 prev_end = s->last;
	size_t	 k;

	if (strcmp(mode, "create") == 0)
		return create(s);
	if (strcmp(mode, "flush") == 0)
		return rrdc_flush(s->path);
	if (strcmp(mode, "per-file") == 0)
		return update(addr, s->path, format(s->pts, s->n, &prev_end,
		    buf, argv), argv);
	for (k = 0; k < s->n; k++)
		if (update(addr, s->path, format(&s->pts[k], 1, &prev_end,
		    buf, argv), argv) != 0)
			return -1;
	return 0;
}

int
main(int argc, char *argv[])
{
	struct set	 set = { NULL, 0, 0 };
	const char	*mode = argv[1], *addr = argc > 4 ? argv[4] : NULL;
	char		 dir[4096], (*buf)[48], **uargv;
	size_t		 i, maxn = 0;
	double		 t0;

	if (argc < 4 || (strcmp(mode, "create") != 0 &&
	    strcmp(mode, "per-obs") != 0 && strcmp(mode, "per-file") != 0 &&
	    strcmp(mode, "flush") != 0) ||
	    (strcmp(mode, "flush") == 0 && addr == NULL)) {
		fprintf(stderr, "usage: rrd_anchor create|per-obs|per-file|"
		    "flush DIR OBS.csv [RRDCACHED_ADDR]\n");
		return 2;
	}
	/* rrdcached resolves relative names against its own directory. */
	if (realpath(argv[2], dir) == NULL) {
		perror(argv[2]);
		return 1;
	}
	load(dir, argv[3], &set);
	load_last(&set);
	for (i = 0; i < set.n; i++)
		maxn = set.s[i].n > maxn ? set.s[i].n : maxn;
	buf = xrealloc(NULL, (2 * maxn + 1) * sizeof(*buf));
	uargv = xrealloc(NULL, (2 * maxn + 1) * sizeof(*uargv));
	if (addr != NULL && rrdc_connect(addr) != 0) {
		fprintf(stderr, "rrdcached %s: %s\n", addr, rrd_get_error());
		return 1;
	}
	t0 = now();
	for (i = 0; i < set.n; i++)
		if (run_series(mode, addr, &set.s[i], buf, uargv) != 0) {
			fprintf(stderr, "rrd_anchor %s %s: %s\n", mode,
			    set.s[i].path, rrd_get_error());
			return 1;
		}
	printf("%.6f\n", now() - t0);
	return 0;
}
