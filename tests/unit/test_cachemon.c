/*
 * test_cachemon.c: daemon/cachemon.c against a real rrdcached, on a unix
 * socket and on TCP: it notices a restart once, and only a restart.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <netinet/in.h>
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

#include "cachemon.h"
#include "portfix.h"

static char	 dir[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test_cachemon.XXXXXX");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char	 cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
nap(long ms)
{
	struct timespec	 ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* rrdcached in the foreground listening on listen ("unix:PATH" or host:port). */
static pid_t
rrdcached(const char *listen)
{
	char	 pidfile[128];
	pid_t	 pid;

	snprintf(pidfile, sizeof(pidfile), "%s/rrdcached.pid", dir);
	unlink(pidfile);
	if ((pid = fork()) == 0) {
		if (freopen("/dev/null", "w", stderr) == NULL)
			_exit(126);
		execlp("rrdcached", "rrdcached", "-g", "-l", listen, "-p",
		    pidfile, "-b", dir, "-w", "3600", "-f", "7200",
		    (char *)NULL);
		_exit(127);
	}
	assert_true(pid > 0);
	return pid;
}

static void
stop(pid_t pid, int sig)
{
	assert_int_equal(kill(pid, sig), 0);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
}

/* Check m every 50 ms until it says BACK or 5 s pass: how many checks before. */
static int
zeros_before_one(struct cachemon *m)
{
	int	 i;

	for (i = 0; i < 100; i++) {
		if (cachemon_check(m) == CACHEMON_BACK)
			return i;
		nap(50);
	}
	fail_msg("no restart noticed in 5 s");
	return -1;
}

/*
 * Restarts noticed: one per restart, none while it keeps running. With
 * clean, a SIGTERM restart too (rrdcached takes a second to stop while a
 * client is connected).
 */
static void
restarts(const char *listen, const char *addr, const char *sock, int clean)
{
	struct cachemon	*m;
	pid_t		 pid;
	int		 i;

	pid = rrdcached(listen);
	m = cachemon_open(addr);
	/* The first connection is no restart. */
	for (i = 0; i < 250 && !cachemon_connected(m); i++) {
		assert_int_equal(cachemon_check(m), CACHEMON_NONE);
		nap(20);
	}
	assert_true(cachemon_connected(m));
	for (i = 0; i < 10; i++)
		assert_int_equal(cachemon_check(m), CACHEMON_NONE);
	stop(pid, SIGKILL);
	if (sock != NULL)
		unlink(sock);
	/* Gone, once: nothing to reconnect to yet. */
	assert_int_equal(cachemon_check(m), CACHEMON_GONE);
	assert_false(cachemon_connected(m));
	assert_int_equal(cachemon_check(m), CACHEMON_NONE);
	pid = rrdcached(listen);
	assert_true(zeros_before_one(m) >= 0);
	assert_int_equal(cachemon_check(m), CACHEMON_NONE);
	if (clean) {
		/* A clean stop and start is a restart too. */
		stop(pid, SIGTERM);
		pid = rrdcached(listen);
		assert_true(zeros_before_one(m) >= 0);
		for (i = 0; i < 10; i++)
			assert_int_equal(cachemon_check(m), CACHEMON_NONE);
	}
	stop(pid, SIGKILL);
	if (sock != NULL)
		unlink(sock);
	cachemon_close(m);
}

static void
test_unix(void **state)
{
	char	 listen[160], sock[96];

	(void)state;
	snprintf(sock, sizeof(sock), "%s/sock", dir);
	snprintf(listen, sizeof(listen), "unix:%s", sock);
	restarts(listen, listen, sock, 1);
	/* librrd's other form of a unix address: the bare path. */
	restarts(listen, sock, sock, 0);
}

static void
test_tcp(void **state)
{
	char	 addr[64];

	(void)state;
	snprintf(addr, sizeof(addr), "127.0.0.1:%d", free_port());
	restarts(addr, addr, NULL, 0);
}

/* Nothing listening: never a restart, and never a hang. */
static void
test_nothing(void **state)
{
	struct cachemon	*m;
	char		 addr[96];

	(void)state;
	snprintf(addr, sizeof(addr), "unix:%s/none", dir);
	m = cachemon_open(addr);
	assert_int_equal(cachemon_check(m), CACHEMON_NONE);
	assert_int_equal(cachemon_check(m), CACHEMON_NONE);
	assert_false(cachemon_connected(m));
	cachemon_close(m);
	snprintf(addr, sizeof(addr), "127.0.0.1:%d", free_port());
	m = cachemon_open(addr);
	assert_int_equal(cachemon_check(m), CACHEMON_NONE);
	cachemon_close(m);
	m = cachemon_open("[::1");
	assert_int_equal(cachemon_check(m), CACHEMON_NONE);
	cachemon_close(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unix),
		cmocka_unit_test(test_tcp),
		cmocka_unit_test(test_nothing),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, setup, teardown);
}
