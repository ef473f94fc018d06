/*
 * test_rrdw.c: RRD writer processes (daemon/rrdw.c) writing real RRD files,
 * read back with rrd_fetch_r; their errors; writers killed under load; and
 * the store falling back to in-process writes once none is left.
 */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <rrd.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "log.h"
#include "rrdhead.h"
#include "rrdw.h"
#include "store.h"

#define DAY		86400
#define T0		1609459200	/* 2021-01-01 */
#define THREADS		4
#define PER_THREAD	40

static char	 tmpdir[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_rrdw.XXXXXX");
	return mkdtemp(tmpdir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char	 cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A daily RRD of one gauge, last update at T0. */
static void
make_rrd(const char *path)
{
	const char	*argv[] = { "DS:v:GAUGE:172800:U:U",
	    "RRA:LAST:0.5:1:1000" };

	assert_int_equal(rrd_create_r2(path, DAY, T0, 0, NULL, NULL, 2,
	    argv), 0);
}

/* The LAST value of the day ending at t. */
static double
value_at(const char *path, time_t t)
{
	time_t		 start = t - DAY, end = t;
	unsigned long	 step = DAY, ds, i;
	char		**names;
	rrd_value_t	*data;
	double		 v;

	assert_int_equal(rrd_fetch_r(path, "LAST", &start, &end, &step, &ds,
	    &names, &data), 0);
	for (i = 0; i < ds; i++)
		rrd_freemem(names[i]);
	rrd_freemem(names);
	/* rows are (start, end]: the row of t is the one ending at t */
	v = data[(t - start) / (time_t)step - 1];
	rrd_freemem(data);
	return v;
}

/* One "t:v" update of path through w. */
static int
update(struct rrdw *w, const char *path, time_t t, double v, char *err,
    size_t errlen)
{
	char	 arg[64], *argv[1] = { arg };

	snprintf(arg, sizeof(arg), "%lld:%.17g", (long long)t, v);
	return rrdw_update(w, path, 1, argv, err, errlen);
}

/* The pids of this thread's children (the writers it started). */
static size_t
children(pid_t *pids, size_t max)
{
	char	 path[64];
	FILE	*f;
	size_t	 n = 0;
	long	 p;

	snprintf(path, sizeof(path), "/proc/self/task/%ld/children",
	    (long)gettid());
	assert_non_null(f = fopen(path, "r"));
	while (n < max && fscanf(f, "%ld", &p) == 1)
		pids[n++] = (pid_t)p;
	fclose(f);
	return n;
}

/* Until pid (killed, not reaped) is a zombie: its sockets are closed. */
static void
wait_zombie(pid_t pid)
{
	char	 path[64], state = '?';
	FILE	*f;
	int	 i;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	for (i = 0; i < 5000 && state != 'Z'; i++) {
		assert_non_null(f = fopen(path, "r"));
		assert_int_equal(fscanf(f, "%*d (%*[^)]) %c", &state), 1);
		fclose(f);
		if (state != 'Z')
			usleep(1000);
	}
	assert_int_equal(state, 'Z');
}

static void
test_update(void **state)
{
	struct rrdw	*w;
	char		 path[128], err[512];
	char		 a1[64], a2[64], a3[64], *argv[3] = { a1, a2, a3 };

	(void)state;
	snprintf(path, sizeof(path), "%s/one.rrd", tmpdir);
	make_rrd(path);
	assert_non_null(w = rrdw_start(2, err, sizeof(err)));
	assert_int_equal(rrdw_alive(w), 2);
	snprintf(a1, sizeof(a1), "%d:1.5", T0 + DAY);
	snprintf(a2, sizeof(a2), "%d:U", T0 + 2 * DAY);
	snprintf(a3, sizeof(a3), "%d:0.30000000000000004", T0 + 3 * DAY);
	assert_int_equal(rrdw_update(w, path, 3, argv, err, sizeof(err)), 0);
	assert_true(value_at(path, T0 + DAY) == 1.5);
	assert_true(isnan(value_at(path, T0 + 2 * DAY)));
	assert_true(value_at(path, T0 + 3 * DAY) == 0.30000000000000004);
	rrdw_stop(w);
	rrdw_stop(NULL);
}

/*
 * A writer is this program started anew, not a copy of it: its command line
 * is the one rrdw gives, its file ours, fd 3 its socket; past the standard
 * streams and fd 3 it holds only what this process holds without
 * close-on-exec (what its parent passed down), none of the writers'
 * sockets.
 */
static void
test_spawned(void **state)
{
	struct rrdw	*w;
	struct stat	 mine, its;
	struct dirent	*e;
	DIR		*d;
	pid_t		 pids[8];
	char		 path[128], rrd[128], err[512], cmd[64];
	char		 arg[64], *argv[1] = { arg };
	FILE		*f;
	size_t		 i, n;
	int		 fd, k0, k1;

	(void)state;
	snprintf(rrd, sizeof(rrd), "%s/spawned.rrd", tmpdir);
	make_rrd(rrd);
	assert_non_null(w = rrdw_start(2, err, sizeof(err)));
	assert_int_equal(n = children(pids, 8), 2);
	assert_int_equal(stat("/proc/self/exe", &mine), 0);
	/* an update through each: both writers past their start-up */
	k0 = rrdw_acquire(w);
	k1 = rrdw_acquire(w);
	assert_true(k0 >= 0 && k1 >= 0 && k0 != k1);
	snprintf(arg, sizeof(arg), "%d:1", T0 + DAY);
	assert_int_equal(rrdw_send(w, k0, rrd, 1, argv), 0);
	assert_int_equal(rrdw_recv(w, k0, rrd, err, sizeof(err)), 0);
	snprintf(arg, sizeof(arg), "%d:2", T0 + 2 * DAY);
	assert_int_equal(rrdw_send(w, k1, rrd, 1, argv), 0);
	assert_int_equal(rrdw_recv(w, k1, rrd, err, sizeof(err)), 0);
	assert_true(value_at(rrd, T0 + 2 * DAY) == 2);
	rrdw_release(w, k0);
	rrdw_release(w, k1);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/proc/%ld/cmdline", (long)pids[i]);
		assert_non_null(f = fopen(path, "r"));
		memset(cmd, 0, sizeof(cmd));
		assert_int_equal(fread(cmd, 1, sizeof(cmd), f), 15);
		fclose(f);
		assert_memory_equal(cmd, "indicatord-rrd", 15);
		snprintf(path, sizeof(path), "/proc/%ld/exe", (long)pids[i]);
		assert_int_equal(stat(path, &its), 0);
		assert_true(its.st_dev == mine.st_dev &&
		    its.st_ino == mine.st_ino);
		snprintf(path, sizeof(path), "/proc/%ld/fd/3", (long)pids[i]);
		assert_int_equal(stat(path, &its), 0);
		assert_true(S_ISSOCK(its.st_mode));
		snprintf(path, sizeof(path), "/proc/%ld/fd", (long)pids[i]);
		assert_non_null(d = opendir(path));
		while ((e = readdir(d)) != NULL)
			if (e->d_name[0] != '.' && (fd = atoi(e->d_name)) > 3)
				assert_int_equal(fcntl(fd, F_GETFD), 0);
		closedir(d);
	}
	rrdw_stop(w);
}

static void
test_errors(void **state)
{
	struct rrdw	*w;
	char		 path[128], missing[128], err[512], want[512];

	(void)state;
	snprintf(path, sizeof(path), "%s/err.rrd", tmpdir);
	snprintf(missing, sizeof(missing), "%s/missing.rrd", tmpdir);
	make_rrd(path);
	assert_non_null(w = rrdw_start(1, err, sizeof(err)));
	assert_int_equal(update(w, missing, T0 + DAY, 1, err, sizeof(err)),
	    -1);
	snprintf(want, sizeof(want), "update %s: opening '%s': No such file "
	    "or directory", missing, missing);
	assert_string_equal(err, want);
	assert_int_equal(update(w, path, T0 + DAY, 2, err, sizeof(err)), 0);
	/* the same time again: librrd refuses it, the file keeps 2 */
	assert_int_equal(update(w, path, T0 + DAY, 3, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "update %s: ", path);
	assert_memory_equal(err, want, strlen(want));
	assert_non_null(strstr(err, "illegal attempt to update using time"));
	assert_true(value_at(path, T0 + DAY) == 2);
	/* an error leaves the writer serving */
	assert_int_equal(update(w, path, T0 + 2 * DAY, 4, err, sizeof(err)),
	    0);
	assert_int_equal(rrdw_alive(w), 1);
	rrdw_stop(w);
}

struct job {
	struct rrdw	*w;
	int		 k;
	int		 failed;
};

static void *
job_run(void *arg)
{
	struct job	*j = arg;
	char		 path[128], err[512];
	int		 i;

	snprintf(path, sizeof(path), "%s/t%d.rrd", tmpdir, j->k);
	for (i = 1; i <= PER_THREAD; i++)
		if (update(j->w, path, T0 + i * DAY, j->k * 1000 + i, err,
		    sizeof(err)) != 0)
			j->failed++;
	return NULL;
}

/* More threads than writers: each call waits for a free writer. */
static void
test_threads(void **state)
{
	struct rrdw	*w;
	struct job	 jobs[THREADS];
	pthread_t	 th[THREADS];
	char		 path[128], err[512];
	int		 k, i;

	(void)state;
	for (k = 0; k < THREADS; k++) {
		snprintf(path, sizeof(path), "%s/t%d.rrd", tmpdir, k);
		make_rrd(path);
	}
	assert_non_null(w = rrdw_start(2, err, sizeof(err)));
	for (k = 0; k < THREADS; k++) {
		jobs[k] = (struct job){ w, k, 0 };
		assert_int_equal(pthread_create(&th[k], NULL, job_run,
		    &jobs[k]), 0);
	}
	for (k = 0; k < THREADS; k++) {
		assert_int_equal(pthread_join(th[k], NULL), 0);
		assert_int_equal(jobs[k].failed, 0);
	}
	rrdw_stop(w);
	for (k = 0; k < THREADS; k++) {
		snprintf(path, sizeof(path), "%s/t%d.rrd", tmpdir, k);
		for (i = 1; i <= PER_THREAD; i++)
			assert_true(value_at(path, T0 + i * DAY) ==
			    k * 1000 + i);
	}
}

/*
 * Writers killed: each is retired at the first call that meets it (that
 * call is RRDW_GONE and writes nothing); with none left, RRDW_GONE at once.
 */
static void
test_killed(void **state)
{
	struct rrdw	*w;
	pid_t		 pids[8];
	char		 path[128], err[512];
	int		 i, gone = 0, ok = 0, st;

	(void)state;
	snprintf(path, sizeof(path), "%s/kill.rrd", tmpdir);
	make_rrd(path);
	assert_non_null(w = rrdw_start(2, err, sizeof(err)));
	assert_int_equal(children(pids, 8), 2);
	assert_int_equal(kill(pids[0], SIGKILL), 0);
	/* met at once if it is the first free writer, else not at all */
	for (i = 1; i <= 4; i++) {
		switch (update(w, path, T0 + i * DAY, i, err, sizeof(err))) {
		case 0:
			ok++;
			assert_true(value_at(path, T0 + i * DAY) == i);
			break;
		case RRDW_GONE:
			gone++;
			break;
		default:
			fail_msg("unexpected error: %s", err);
		}
	}
	assert_true(gone <= 1);
	assert_int_equal(ok + gone, 4);
	assert_int_equal(rrdw_alive(w), 2 - (unsigned)gone);
	assert_int_equal(kill(pids[1], SIGKILL), 0);
	/* each call retires one dead writer until none is left */
	for (i = 0; i < 2 - gone; i++)
		assert_int_equal(update(w, path, T0 + 10 * DAY, 10, err,
		    sizeof(err)), RRDW_GONE);
	assert_int_equal(rrdw_alive(w), 0);
	assert_int_equal(update(w, path, T0 + 11 * DAY, 11, err, sizeof(err)),
	    RRDW_GONE);
	assert_true(isnan(value_at(path, T0 + 10 * DAY)));
	/* both reaped: no zombie left behind */
	for (i = 0; i < 2; i++) {
		assert_int_equal(waitpid(pids[i], &st, WNOHANG), -1);
		assert_int_equal(errno, ECHILD);
	}
	rrdw_stop(w);
}

/* The store writes in-process once its writers are gone: nothing lost. */
static void
test_store_fallback(void **state)
{
	struct store		*s;
	struct store_point	 p[3];
	pid_t			 pids[8];
	char			 dir[128], err[512], *path;
	size_t			 n, i;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/data", tmpdir);
	assert_int_equal(mkdir(dir, 0750), 0);
	assert_non_null(s = store_open(dir, NULL, 2, err, sizeof(err)));
	assert_int_equal(n = children(pids, 8), 2);
	for (i = 0; i < 3; i++)
		p[i] = (struct store_point){ T0 + (time_t)i * 31 * DAY,
		    T0 + (time_t)(i + 1) * 31 * DAY, 10.25 * (double)(i + 1) };
	assert_int_equal(store_rebuild(s, "x", PERIOD_MONTHLY, p, 1, err,
	    sizeof(err)), 0);
	assert_int_equal(store_append(s, "x", p[0].end, &p[1], 1, err,
	    sizeof(err)), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(kill(pids[i], SIGKILL), 0);
	/* meets a dead writer, retires it, and writes in-process */
	assert_int_equal(store_append(s, "x", p[1].end, &p[2], 1, err,
	    sizeof(err)), 0);
	assert_int_equal(store_verify(s, "x", p, 3, err, sizeof(err)), 0);
	path = store_path(s, "x");
	assert_true(value_at(path, p[2].end) == 30.75);
	free(path);
	store_close(s);
}

/* Monthly points of file id: value base + i for month i (i from 0). */
static void
points(struct store_point *p, size_t n, size_t first, double base)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		p[i] = (struct store_point){ T0 + (time_t)(first + i) * 31 * DAY,
		    T0 + (time_t)(first + i + 1) * 31 * DAY,
		    base + (double)(first + i) };
}

/*
 * Appends in flight on queues: two queues hold both writers, each keeps
 * two appends in flight; results come back in order, an error names its
 * file and leaves the next append alone; writers killed with appends in
 * flight: those are written in-process; a store without writers too.
 */
static void
test_store_queue(void **state)
{
	struct store		*s;
	struct store_queue	*q1, *q2;
	struct store_append	 a[4];
	struct store_point	 p[8];
	pid_t			 pids[8];
	char			 dir[128], err[512], *path;
	const char		*ids[4] = { "a", "b", "c", "d" };
	size_t			 i, n;
	int			 writers;

	(void)state;
	for (writers = 2; writers >= 0; writers -= 2) {
		snprintf(dir, sizeof(dir), "%s/q%d", tmpdir, writers);
		assert_int_equal(mkdir(dir, 0750), 0);
		assert_non_null(s = store_open(dir, NULL, (unsigned)writers,
		    err, sizeof(err)));
		for (i = 0; i < 4; i++) {
			points(p, 2, 0, 100.0 * (double)i);
			assert_int_equal(store_rebuild(s, ids[i],
			    PERIOD_MONTHLY, p, 2, err, sizeof(err)), 0);
		}
		q1 = store_queue_open(s);
		q2 = store_queue_open(s);
		/* a and b on q1, c and d on q2, two in flight on each */
		for (i = 0; i < 4; i++) {
			points(p, 2, 2, 100.0 * (double)i);
			store_append_start(i < 2 ? q1 : q2, &a[i], ids[i],
			    p[0].start, p, 2);
		}
		for (i = 0; i < 4; i++)
			assert_int_equal(store_append_finish(i < 2 ? q1 : q2,
			    &a[i], err, sizeof(err)), 0);
		/* b again at the same months: refused, named; a goes on */
		points(p, 2, 4, 0);
		store_append_start(q1, &a[0], "a", p[0].start, p, 2);
		points(p, 1, 3, 100);
		store_append_start(q1, &a[1], "b", p[0].start, p, 1);
		assert_int_equal(store_append_finish(q1, &a[0], err,
		    sizeof(err)), 0);
		assert_int_equal(store_append_finish(q1, &a[1], err,
		    sizeof(err)), -1);
		path = store_path(s, "b");
		assert_memory_equal(err, "update ", 7);
		assert_memory_equal(err + 7, path, strlen(path));
		free(path);
		/*
		 * The writers dead (before the sends, or a writer could
		 * write before it dies): the appends are made in-process.
		 */
		n = children(pids, 8);
		assert_int_equal(n, (size_t)writers);
		for (i = 0; i < n; i++) {
			assert_int_equal(kill(pids[i], SIGKILL), 0);
			wait_zombie(pids[i]);
		}
		points(p, 1, 6, 0);
		store_append_start(q1, &a[0], "a", p[0].start, p, 1);
		points(p, 1, 4, 200);
		store_append_start(q2, &a[2], "c", p[0].start, p, 1);
		assert_int_equal(store_append_finish(q1, &a[0], err,
		    sizeof(err)), 0);
		assert_int_equal(store_append_finish(q2, &a[2], err,
		    sizeof(err)), 0);
		store_queue_close(q1);
		store_queue_close(q2);
		/* every file holds every month it was given */
		points(p, 7, 0, 0);
		assert_int_equal(store_verify(s, "a", p, 7, err, sizeof(err)),
		    0);
		points(p, 4, 0, 100);
		assert_int_equal(store_verify(s, "b", p, 4, err, sizeof(err)),
		    0);
		points(p, 5, 0, 200);
		assert_int_equal(store_verify(s, "c", p, 5, err, sizeof(err)),
		    0);
		points(p, 4, 0, 300);
		assert_int_equal(store_verify(s, "d", p, 4, err, sizeof(err)),
		    0);
		store_close(s);
		assert_int_equal(children(pids, 8), 0);
	}
}

/*
 * store_compare against a real file of four "months": what an intact,
 * truncated, emptied or damaged journal would hold.
 */
static void
test_store_compare(void **state)
{
	struct store		*s;
	struct store_point	 p[5], q[4];
	struct store_diff	 d;
	char			 dir[128], err[512], *path;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/cmp", tmpdir);
	assert_int_equal(mkdir(dir, 0750), 0);
	assert_non_null(s = store_open(dir, NULL, 0, err, sizeof(err)));
	points(p, 5, 0, 10);
	assert_int_equal(store_rebuild(s, "c", PERIOD_MONTHLY, p, 4, err,
	    sizeof(err)), 0);
	path = store_path(s, "c");
	/* The header read agrees with librrd. */
	assert_int_equal(rrdhead_last(path), p[3].end);
	assert_int_equal(rrd_last_r(path), p[3].end);
	assert_int_equal(store_compare(s, "c", p, 4, 1, &d, err,
	    sizeof(err)), 0);
	assert_int_equal(d.missing + d.differ + d.extra, 0);
	/* A journal that lost its last record: 31 days it lacks. */
	assert_int_equal(store_compare(s, "c", p, 3, 0, &d, err,
	    sizeof(err)), 0);
	assert_int_equal(d.extra, 31);
	assert_int_equal(d.extra_first, p[3].start + DAY);
	assert_int_equal(d.extra_last, p[3].end);
	assert_int_equal(d.missing + d.differ, 0);
	/* An empty journal: every day of the file. */
	assert_int_equal(store_compare(s, "c", p, 0, 0, &d, err,
	    sizeof(err)), 0);
	assert_int_equal(d.extra, 4 * 31);
	assert_int_equal(d.extra_first, p[0].start + DAY);
	/* A record lost in the middle; another holding another value. */
	q[0] = p[0];
	q[1] = p[2];
	q[2] = p[3];
	q[2].value = 99;
	assert_int_equal(store_compare(s, "c", q, 3, 1, &d, err,
	    sizeof(err)), 0);
	assert_int_equal(d.extra, 31);
	assert_int_equal(d.extra_first, p[1].start + DAY);
	assert_int_equal(d.extra_last, p[1].end);
	assert_int_equal(d.differ, 1);
	assert_int_equal(d.differ_first, p[3].start + DAY);
	assert_int_equal(d.missing, 0);
	/* A file behind the journal: a period missing. */
	assert_int_equal(store_compare(s, "c", p, 5, 0, &d, err,
	    sizeof(err)), 0);
	assert_int_equal(d.missing, 1);
	assert_int_equal(d.extra + d.differ, 0);
	assert_int_equal(store_verify(s, "c", p, 5, err, sizeof(err)), -1);
	assert_string_equal(err, "c.rrd: 1 periods of the journal missing, "
	    "0 holding other values");
	assert_int_equal(store_verify(s, "c", p, 4, err, sizeof(err)), 0);
	free(path);
	assert_int_equal(store_compare(s, "none", p, 4, 0, &d, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "/rrd/none.rrd: No such file"));
	store_close(s);
}

/* librrd's reason, completed with errno's, never empty; then cleared. */
static void
test_reason(void **state)
{
	char	 buf[256];

	(void)state;
	rrd_set_error("Cannot create temporary file");
	assert_string_equal(rrdw_reason(buf, sizeof(buf), ENOTDIR),
	    "Cannot create temporary file: Not a directory");
	assert_string_equal(rrd_get_error(), "");
	rrd_set_error("opening 'x.rrd': No such file or directory");
	assert_string_equal(rrdw_reason(buf, sizeof(buf), ENOENT),
	    "opening 'x.rrd': No such file or directory");
	rrd_set_error("reached EOF while loading header rrd->stat_head");
	assert_string_equal(rrdw_reason(buf, sizeof(buf), 0),
	    "reached EOF while loading header rrd->stat_head");
	assert_string_equal(rrdw_reason(buf, sizeof(buf), ECONNREFUSED),
	    "librrd gave no reason; errno: Connection refused");
	assert_string_equal(rrdw_reason(buf, sizeof(buf), 0),
	    "librrd gave no reason");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_update),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_spawned),
		cmocka_unit_test(test_killed),
		cmocka_unit_test(test_store_fallback),
		cmocka_unit_test(test_store_queue),
		cmocka_unit_test(test_store_compare),
		cmocka_unit_test(test_reason),
	};

	log_init(0);
	return cmocka_run_group_tests(tests, setup, teardown);
}
