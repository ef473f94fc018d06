/*
 * test_exec.c: exec_run_cancel() with real commands: exit statuses, stdin
 * and stdout, and the processes a command leaves behind (setsid, double
 * fork, an orphan in another session) killed when the run ends by the
 * command's exit, its timeout or a cancel, with nothing left to reap. C11
 * threads rather than <pthread.h>: daemon/sched.h shadows the system
 * <sched.h>.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "exec.h"

#define NLEFT	4	/* processes the script leaves behind */

/* Starts NLEFT processes that outlive it, writing their pids to ./pids. */
static const char script[] =
    "cd \"$1\" || exit 9\n"
    "setsid sh -c 'echo $$ >> pids; exec ./sleeper 300' &\n"
    "( sh -c 'echo $$ >> pids; exec ./sleeper 301' & ) &\n"
    "setsid sh -c '(sh -c \"echo \\$\\$ >> pids; exec ./sleeper 302\" &);"
    " echo $$ >> pids; exec ./sleeper 303' &\n"
    "while [ \"$(cat pids 2>/dev/null | wc -l)\" != 4 ]; do sleep 0.05; done\n"
    "echo x,2020,1\n"
    "[ \"$2\" = hang ] && exec sleep 30\n"
    "exit 0\n";

static char	 dir[64];

static int
setup(void **state)
{
	char	 path[128], cmd[256];
	FILE	*f;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test_exec.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/left.sh", dir);
	if ((f = fopen(path, "w")) == NULL)
		return -1;
	fputs(script, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "cp /bin/sleep %s/sleeper", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	char	 cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* The pids the script's leftovers wrote; how many. */
static size_t
read_pids(pid_t *pids, size_t max)
{
	char	 path[128];
	FILE	*f;
	size_t	 n = 0;
	long	 p;

	snprintf(path, sizeof(path), "%s/pids", dir);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while (n < max && fscanf(f, "%ld", &p) == 1)
		pids[n++] = (pid_t)p;
	fclose(f);
	return n;
}

/* Each leftover is gone, and this process has no child left to reap. */
static void
assert_all_gone(void)
{
	pid_t	 pids[NLEFT + 1];
	size_t	 i, n;

	n = read_pids(pids, NLEFT + 1);
	assert_int_equal(n, NLEFT);
	for (i = 0; i < n; i++)
		if (kill(pids[i], 0) == 0 || errno != ESRCH)
			fail_msg("leftover %ld is alive", (long)pids[i]);
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

static void
clear_pids(void)
{
	char	 pids[128];

	snprintf(pids, sizeof(pids), "%s/pids", dir);
	unlink(pids);
}

static int
run_script(const char *mode, int timeout, const int *cancel,
    struct exec_result *res, char *err, size_t errlen)
{
	char	 path[128];
	char	*argv[] = { "/bin/sh", path, dir, (char *)mode, NULL };

	snprintf(path, sizeof(path), "%s/left.sh", dir);
	clear_pids();
	return exec_run_cancel(argv, NULL, 0, timeout, 1024, cancel, res, err,
	    errlen);
}

static void
test_leftovers_at_exit(void **state)
{
	struct exec_result	 res;
	char			 err[256] = "";

	(void)state;
	assert_int_equal(run_script("exit", 30, NULL, &res, err,
	    sizeof(err)), 0);
	assert_string_equal(res.out, "x,2020,1\n");
	exec_result_free(&res);
	assert_all_gone();
}

static void
test_leftovers_at_timeout(void **state)
{
	struct exec_result	 res;
	char			 err[256] = "";

	(void)state;
	assert_int_equal(run_script("hang", 2, NULL, &res, err, sizeof(err)),
	    -1);
	assert_string_equal(err, "timed out after 2 s");
	assert_string_equal(res.out, "x,2020,1\n");
	exec_result_free(&res);
	assert_all_gone();
}

/* Set *arg once every leftover has written its pid. */
static int
canceller(void *arg)
{
	struct timespec	 ts = { 0, 20 * 1000 * 1000 };
	pid_t		 pids[NLEFT];
	int		 i;

	for (i = 0; i < 1000 && read_pids(pids, NLEFT) < NLEFT; i++)
		nanosleep(&ts, NULL);
	__atomic_store_n((int *)arg, 1, __ATOMIC_RELAXED);
	return 0;
}

static void
test_leftovers_at_cancel(void **state)
{
	struct exec_result	 res;
	char			 err[256] = "";
	thrd_t			 t;
	int			 cancel = 0;

	(void)state;
	clear_pids();	/* the canceller must not see the last test's */
	assert_int_equal(thrd_create(&t, canceller, &cancel), thrd_success);
	assert_int_equal(run_script("hang", 60, &cancel, &res, err,
	    sizeof(err)), -1);
	thrd_join(t, NULL);
	assert_string_equal(err, "cancelled");
	exec_result_free(&res);
	assert_all_gone();
}

static void
check_run(char *const argv[], const char *input, size_t max, int rc,
    const char *out, const char *msg)
{
	struct exec_result	 res;
	char			 err[256] = "";

	assert_int_equal(exec_run_cancel(argv, input, input ? strlen(input) : 0,
	    10, max, NULL, &res, err, sizeof(err)), rc);
	assert_string_equal(res.out, out);
	assert_string_equal(err, msg);
	exec_result_free(&res);
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
}

static void
test_statuses(void **state)
{
	char	*ok[] = { "/bin/sh", "-c", "echo out; echo err >&2", NULL };
	char	*three[] = { "/bin/sh", "-c", "echo a; exit 3", NULL };
	char	*nine[] = { "/bin/sh", "-c", "kill -9 $$", NULL };
	char	*none[] = { "/nonexistent/cmd", NULL };
	char	*cat[] = { "/bin/cat", NULL };
	char	*big[] = { "/bin/sh", "-c", "yes | head -c 5000", NULL };
	char	 first[101];
	int	 i;

	(void)state;
	for (i = 0; i < 100; i += 2)
		memcpy(first + i, "y\n", 2);
	first[100] = '\0';
	check_run(ok, NULL, 1024, 0, "out\n", "");
	check_run(three, NULL, 1024, -1, "a\n", "exited with status 3");
	check_run(nine, NULL, 1024, -1, "", "killed by signal 9");
	check_run(none, NULL, 1024, -1, "",
	    "/nonexistent/cmd: No such file or directory");
	check_run(cat, "a,2020,1\nb,2021,2\n", 1024, 0, "a,2020,1\nb,2021,2\n",
	    "");
	check_run(big, NULL, 100, -1, first, "output larger than 100 bytes");
}

/* The command sees a default signal mask and only stdin, stdout, stderr. */
static void
test_environment(void **state)
{
	char	*fds[] = { "/bin/sh", "-c", "ls /proc/self/fd | sort -n | "
	    "tr '\\n' ' '", NULL };
	char	*mask[] = { "/bin/sh", "-c", "grep SigBlk /proc/self/status",
	    NULL };
	sigset_t	 set, old;

	(void)state;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	/* ls's own directory descriptor is the 3. */
	check_run(fds, NULL, 1024, 0, "0 1 2 3 ", "");
	check_run(mask, NULL, 1024, 0, "SigBlk:\t0000000000000000\n", "");
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_statuses),
		cmocka_unit_test(test_environment),
		cmocka_unit_test(test_leftovers_at_exit),
		cmocka_unit_test(test_leftovers_at_timeout),
		cmocka_unit_test(test_leftovers_at_cancel),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
