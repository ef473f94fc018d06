/*
 * test_rrdcio.c: daemon/rrdcio.c against a real rrdcached on 127.0.0.1
 * TCP (-B -b a temporary directory): files named relative to its base
 * directory, an UPDATE longer than librrd's 4,096-byte request split,
 * refusals told from lost connections, and a new connection after a
 * restart.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "portfix.h"
#include "rrdcio.h"

#define DAY		86400
#define T0		1262304000	/* 2010-01-01 */
#define NPOINTS		300		/* 300 "T:V" arguments: 5,700 bytes */

static char	 dir[64];
static char	 addr[64];
static pid_t	 cached;		/* the running rrdcached, for teardown */

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test_rrdcio.XXXXXX");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char	 cmd[128];

	(void)state;
	if (cached > 0) {
		kill(cached, SIGKILL);
		waitpid(cached, NULL, 0);
	}
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
nap(long ms)
{
	struct timespec	 ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* rrdcached on addr, its base directory dir, until it answers (5 s). */
static pid_t
rrdcached(void)
{
	char	 pidfile[128];
	pid_t	 pid;
	int	 i;

	snprintf(pidfile, sizeof(pidfile), "%s/rrdcached.pid", dir);
	unlink(pidfile);
	if ((pid = fork()) == 0) {
		if (freopen("/dev/null", "w", stderr) == NULL)
			_exit(126);
		execlp("rrdcached", "rrdcached", "-g", "-B", "-b", dir, "-p",
		    pidfile, "-w", "3600", "-f", "7200", "-l", addr,
		    (char *)NULL);
		_exit(127);
	}
	assert_true(pid > 0);
	cached = pid;
	/* Answered: refused for the missing file, not for want of a socket. */
	for (i = 0; i < 250; i++) {
		if (rrdcio_last(addr, "none.rrd") == -1 &&
		    strncmp(rrd_get_error(), "rrdcached@", 10) == 0)
			break;
		nap(20);
	}
	assert_true(i < 250);
	rrd_clear_error();
	return pid;
}

static void
stop(pid_t pid, int sig)
{
	assert_int_equal(kill(pid, sig), 0);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	cached = 0;
}

static void
test_is_tcp(void **state)
{
	(void)state;
	assert_int_equal(rrdcio_is_tcp("127.0.0.1:42217"), 1);
	assert_int_equal(rrdcio_is_tcp("cache.example.org"), 1);
	assert_int_equal(rrdcio_is_tcp("[::1]:42217"), 1);
	assert_int_equal(rrdcio_is_tcp("unix:/run/rrdcached.sock"), 0);
	assert_int_equal(rrdcio_is_tcp("/run/rrdcached.sock"), 0);
	assert_int_equal(rrdcio_is_tcp(NULL), 0);
}

/*
 * Every row of x.rrd from T0 holds i + 0.5: fetched through rrdcached,
 * which ends the fetch a row past the last update, as rrd_fetch_r does.
 */
static void
check_rows(void)
{
	time_t		 start = T0 - DAY, end = T0 + (NPOINTS - 1) * DAY;
	unsigned long	 step = DAY, ds_cnt = 0, i;
	char		**names = NULL;
	rrd_value_t	*data = NULL;

	assert_int_equal(rrdcio_fetch(addr, "x.rrd", "LAST", &start, &end,
	    &step, &ds_cnt, &names, &data), 0);
	assert_int_equal(step, DAY);
	assert_int_equal(ds_cnt, 1);
	assert_string_equal(names[0], "value");
	assert_int_equal(start, T0 - DAY);
	assert_int_equal(end, T0 + NPOINTS * DAY);
	for (i = 0; i < NPOINTS; i++)
		if (data[i] != (double)i + 0.5)
			fail_msg("row %lu: %.17g, want %.17g", i, data[i],
			    (double)i + 0.5);
	assert_true(isnan(data[NPOINTS]));
	free(names[0]);
	free(names);
	free(data);
}

static void
test_files(void **state)
{
	const char	*rra[] = { "DS:value:GAUGE:172800:U:U",
	    "RRA:LAST:0.99:1:1000" };
	char		*argv[NPOINTS], path[128];
	struct stat	 sb;
	pid_t		 pid;
	size_t		 len = 0;
	int		 i;

	(void)state;
	snprintf(addr, sizeof(addr), "127.0.0.1:%d", free_port());
	pid = rrdcached();

	/* Nothing of x.rrd yet: LAST refused, FORGET a no-op. */
	assert_int_equal(rrdcio_last(addr, "x.rrd"), -1);
	assert_non_null(strstr(rrd_get_error(), "No such file or directory"));
	assert_int_equal(rrdcio_forget(addr, "x.rrd"), 0);

	assert_int_equal(rrdcio_create(addr, "x.rrd", DAY, T0 - DAY, 2, rra),
	    0);
	snprintf(path, sizeof(path), "%s/x.rrd", dir);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(rrdcio_last(addr, "x.rrd"), T0 - DAY);

	for (i = 0; i < NPOINTS; i++) {
		if (asprintf(&argv[i], "%lld:%d.5", (long long)T0 +
		    (long long)i * DAY, i) == -1)
			fail();
		len += strlen(argv[i]) + 1;
	}
	assert_true(len > 4096);
	assert_int_equal(rrdcio_update(addr, "x.rrd", NPOINTS,
	    (const char *const *)argv), 0);
	assert_int_equal(rrdcio_last(addr, "x.rrd"), T0 + (NPOINTS - 1) * DAY);
	check_rows();

	/* A refusal keeps the connection: the next request is answered. */
	assert_int_equal(rrdcio_update(addr, "x.rrd", 1,
	    (const char *const *)argv), -1);
	assert_int_equal(strncmp(rrd_get_error(), "rrdcached@", 10), 0);
	rrd_clear_error();
	assert_int_equal(rrdcio_last(addr, "x.rrd"), T0 + (NPOINTS - 1) * DAY);

	/* rrdcached killed and started again: a new connection, same file. */
	stop(pid, SIGKILL);
	pid = rrdcached();
	check_rows();

	/* Forgotten and created anew over the file: empty again. */
	assert_int_equal(rrdcio_forget(addr, "x.rrd"), 0);
	assert_int_equal(rrdcio_create(addr, "x.rrd", DAY, T0 - DAY, 2, rra),
	    0);
	assert_int_equal(rrdcio_last(addr, "x.rrd"), T0 - DAY);
	for (i = 0; i < NPOINTS; i++)
		free(argv[i]);
	stop(pid, SIGTERM);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_is_tcp),
		cmocka_unit_test(test_files),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, setup, teardown);
}
