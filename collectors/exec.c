/*
 * exec.c: run a feed or hook command (see exec.h).
 *
 * The command runs under a keeper: a child of the daemon, forked without
 * exec, that is a child subreaper (PR_SET_CHILD_SUBREAPER). Whatever the
 * command leaves behind (a `setsid cmd &`, a double fork) becomes the
 * keeper's child rather than init's. When the command exits, when the
 * daemon asks (SIGTERM: timeout, output too large, cancel) or when the daemon
 * dies (PR_SET_PDEATHSIG), the keeper SIGKILLs its children until it has
 * none, then exits. One subreaper a run, not the daemon itself: orphans of
 * concurrent runs would all become the daemon's children with nothing to
 * tell which run they came from, and reaping them would race the waitpid()
 * of the threads running other commands.
 *
 * The keeper reports on a pipe: an int once the command runs (0) or could
 * not be started (its errno), then the command's wait status. Its own exit
 * status says nothing (under valgrind it can be valgrind's error code).
 *
 * The keeper is a copy of a multithreaded process: it calls only
 * async-signal-safe functions and system calls (no malloc, no stdio). The
 * command gets a default signal mask and dispositions (the daemon's threads
 * block SIGTERM/SIGHUP/SIGINT) and shares the keeper's process group.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "exec.h"
#include "xmalloc.h"

#define EXEC_REPORT_FD	3	/* in the keeper: the pipe for an errno */
#define EXEC_KILL_MS	2000	/* a keeper told to stop gets this long */

extern char **environ;

/* In the keeper: report errno e to the daemon and exit. */
static void __attribute__((noreturn))
keeper_fail(int fd, int e)
{
	(void)!write(fd, &e, sizeof(e));
	_exit(127);
}

/*
 * In the keeper: fds[0..3] onto 0, 1, 2 and EXEC_REPORT_FD (each first
 * moved above them, so that none is overwritten), every other descriptor
 * of the daemon closed.
 */
static int
keeper_fds(const int fds[4])
{
	struct rlimit	 rl;
	int		 i, hi[4];

	for (i = 0; i < 4; i++)
		if ((hi[i] = fcntl(fds[i], F_DUPFD_CLOEXEC, 10)) == -1)
			return -1;
	for (i = 0; i < 4; i++)
		if (dup2(hi[i], i) == -1)
			return -1;
	if (fcntl(EXEC_REPORT_FD, F_SETFD, FD_CLOEXEC) == -1)
		return -1;
	if (close_range(EXEC_REPORT_FD + 1, ~0U, 0) == 0)
		return 0;
	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		return -1;
	for (i = EXEC_REPORT_FD + 1; (rlim_t)i < rl.rlim_cur; i++)
		close(i);
	return 0;
}

/* In the keeper's child: become the command, or write errno to fd. */
static void __attribute__((noreturn))
keeper_exec(char *const argv[], int fd)
{
	struct sigaction	 sa;
	sigset_t		 none;
	int			 sig;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	for (sig = 1; sig < NSIG; sig++)
		sigaction(sig, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execve(argv[0], argv, environ);
	keeper_fail(fd, errno);
}

/*
 * In the keeper: wait for the command. 0 with its wait status, or -1 once
 * the daemon asks to stop or is gone. Orphans that exit are reaped.
 */
static int
keeper_wait(pid_t cmd, pid_t daemon, int *status)
{
	struct timespec	 ts = { 1, 0 };
	sigset_t	 set;
	pid_t		 p;
	int		 st;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	for (;;) {
		while ((p = waitpid(-1, &st, WNOHANG)) > 0)
			if (p == cmd) {
				*status = st;
				return 0;
			}
		if (sigtimedwait(&set, NULL, &ts) == SIGTERM ||
		    getppid() != daemon)
			return -1;
	}
}

/* In the keeper: SIGKILL each child; how many, or -1 without /proc. */
static int
keeper_kill_children(void)
{
	char		 buf[512];
	ssize_t		 n, i;
	long		 pid = 0;
	int		 fd, killed = 0;

	fd = open("/proc/thread-self/children", O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (i = 0; i < n; i++) {
			if (buf[i] >= '0' && buf[i] <= '9')
				pid = pid * 10 + (buf[i] - '0');
			else if (pid > 0) {
				killed += kill((pid_t)pid, SIGKILL) == 0;
				pid = 0;
			}
		}
	close(fd);
	if (pid > 0)
		killed += kill((pid_t)pid, SIGKILL) == 0;
	return killed;
}

/*
 * In the keeper: kill and reap children until there are none. A killed
 * child's own children become ours (we are their subreaper), so a tree
 * of any depth or session goes, a level a round.
 */
static void
keeper_kill_all(void)
{
	int	 n;

	for (;;) {
		if ((n = keeper_kill_children()) == -1)
			return;	/* no /proc: the daemon kills our group */
		while (n-- > 0)
			if (waitpid(-1, NULL, 0) == -1)
				break;
		if (waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD)
			return;
		clock_sleep_ms(1);
	}
}

/* In the keeper: fork the command; its errno if it cannot start. */
static int
keeper_start(char *const argv[], pid_t *cmd)
{
	ssize_t	 n;
	int	 p[2], e = 0;

	if (pipe2(p, O_CLOEXEC) == -1 || (*cmd = fork()) == -1)
		return errno;
	if (*cmd == 0)
		keeper_exec(argv, p[1]);
	close(p[1]);
	while ((n = read(p[0], &e, sizeof(e))) == -1 && errno == EINTR)
		;
	close(p[0]);
	return n == (ssize_t)sizeof(e) ? e : 0;
}

/*
 * The keeper (see the top of this file): fds are the command's stdin,
 * stdout and stderr and the report pipe.
 */
static void __attribute__((noreturn))
keeper(char *const argv[], const int fds[4], pid_t daemon)
{
	sigset_t	 all;
	pid_t		 cmd;
	int		 status, e, i;

	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	setpgid(0, 0);
	if (keeper_fds(fds) == -1)
		keeper_fail(fds[3], errno);
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) == -1 ||
	    prctl(PR_SET_CHILD_SUBREAPER, 1) == -1)
		keeper_fail(EXEC_REPORT_FD, errno);
	if (getppid() != daemon)
		_exit(127);
	e = keeper_start(argv, &cmd);
	for (i = 0; i < EXEC_REPORT_FD; i++)
		close(i);
	if (write(EXEC_REPORT_FD, &e, sizeof(e)) != sizeof(e) || e != 0) {
		keeper_kill_all();
		_exit(127);
	}
	i = keeper_wait(cmd, daemon, &status);
	keeper_kill_all();
	if (i == 0)
		(void)!write(EXEC_REPORT_FD, &status, sizeof(status));
	_exit(0);
}

static pid_t
exec_fork(char *const argv[], const int fds[4])
{
	pid_t	 daemon = getpid(), pid;

	if ((pid = fork()) == 0)
		keeper(argv, fds, daemon);
	if (pid > 0)
		setpgid(pid, pid);	/* before any kill(-pid) */
	return pid;
}

/* The keeper's next report into *v: 0, or -1 if it ended without one. */
static int
exec_report(int fd, int *v)
{
	ssize_t	 n;

	while ((n = read(fd, v, sizeof(*v))) == -1 && errno == EINTR)
		;
	return n == (ssize_t)sizeof(*v) ? 0 : -1;
}

/* Append what fd has to *buf (keeping at most keep bytes); 0 at EOF. */
static int
drain(int fd, char **buf, size_t *len, size_t *cap, size_t keep,
    int *overflow)
{
	char	 tmp[65536];
	ssize_t	 n;
	size_t	 take;

	n = read(fd, tmp, sizeof(tmp));
	if (n == -1)
		return errno == EINTR || errno == EAGAIN ? 1 : 0;
	if (n == 0)
		return 0;
	take = (size_t)n;
	if (*len + take > keep) {
		*overflow = 1;
		take = keep > *len ? keep - *len : 0;
	}
	if (*len + take + 1 > *cap) {
		while (*len + take + 1 > *cap)
			*cap *= 2;
		*buf = xreallocarray(*buf, *cap, 1);
	}
	memcpy(*buf + *len, tmp, take);
	*len += take;
	(*buf)[*len] = '\0';
	return 1;
}

struct io {
	int	 fds[3];	/* stdin writer, stdout reader, stderr reader */
	int	 report;	/* the keeper's reports */
	size_t	 outcap, errcap;
	int	 overflow, errflow;
};

/*
 * Move data until both outputs close, the deadline passes (-1), stdout
 * overflows (-2) or *cancel is set (-3).
 */
static int
pump(struct io *io, const char *input, size_t inputlen, size_t max,
    struct exec_result *res, uint64_t deadline, const int *cancel)
{
	struct pollfd	 pfd[3];
	size_t		 off = 0;
	ssize_t		 w;
	int		 i, n, left;

	for (;;) {
		for (i = 0, n = 0; i < 3; i++) {
			pfd[i].fd = io->fds[i];
			pfd[i].events = i == 0 ? POLLOUT : POLLIN;
			n += io->fds[i] != -1;
		}
		if (io->fds[1] == -1 && io->fds[2] == -1)
			return 0;
		if ((left = clock_left_ms(deadline)) == 0)
			return -1;
		if (cancel != NULL && __atomic_load_n(cancel, __ATOMIC_RELAXED))
			return -3;
		if (cancel != NULL && left > 100)
			left = 100;
		if (poll(pfd, 3, left) == -1 && errno != EINTR)
			return -1;
		if (io->fds[0] != -1 && pfd[0].revents != 0) {
			w = inputlen > off ? write(io->fds[0], input + off,
			    inputlen - off) : 0;
			if (w > 0)
				off += (size_t)w;
			if (w <= 0 || off == inputlen) {
				close(io->fds[0]);
				io->fds[0] = -1;
			}
		}
		if (io->fds[1] != -1 && pfd[1].revents != 0 &&
		    !drain(io->fds[1], &res->out, &res->outlen, &io->outcap,
		    max, &io->overflow)) {
			close(io->fds[1]);
			io->fds[1] = -1;
		}
		if (io->fds[2] != -1 && pfd[2].revents != 0 &&
		    !drain(io->fds[2], &res->errout, &res->errlen, &io->errcap,
		    EXEC_STDERR_MAX, &io->errflow)) {
			close(io->fds[2]);
			io->fds[2] = -1;
		}
		if (io->overflow)
			return -2;
	}
}

static void
describe_status(int status, char *err, size_t errlen)
{
	if (WIFEXITED(status))
		snprintf(err, errlen, "exited with status %d",
		    WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(err, errlen, "killed by signal %d", WTERMSIG(status));
	else
		snprintf(err, errlen, "ended with wait status %d", status);
}

/* Reap the keeper: 0, or -1 if it is still running at the deadline. */
static int
exec_reap(pid_t pid, uint64_t deadline, int *status)
{
	pid_t	 p;
	int	 ms = 1;

	while ((p = waitpid(pid, status, WNOHANG)) != pid) {
		if (p == -1 && errno != EINTR)
			return 0;
		if (clock_left_ms(deadline) == 0)
			return -1;
		clock_sleep_ms(ms);
		ms = ms < 50 ? ms * 2 : 50;
	}
	return 0;
}

/*
 * Wait for the keeper's report of the command's wait status, and for the
 * keeper to exit: 0 with *status the command's (the keeper's own if it
 * ended without a report), -1 once the deadline passes, -3 once *cancel is
 * set.
 */
static int
exec_wait(pid_t pid, int report, uint64_t deadline, const int *cancel,
    int *status)
{
	struct pollfd	 pfd = { report, POLLIN, 0 };
	int		 left, keeper;

	for (;;) {
		if ((left = clock_left_ms(deadline)) == 0)
			return -1;
		if (cancel != NULL && __atomic_load_n(cancel, __ATOMIC_RELAXED))
			return -3;
		if (poll(&pfd, 1, left < 100 ? left : 100) > 0)
			break;
	}
	if (exec_report(report, status) == -1)
		return exec_reap(pid, deadline, status);
	/* It exits right after its report. */
	while (waitpid(pid, &keeper, 0) == -1 && errno == EINTR)
		;
	return 0;
}

/*
 * Stop the keeper: SIGTERM, upon which it kills the command's tree; after
 * EXEC_KILL_MS, SIGKILL to its process group.
 */
static void
exec_stop(pid_t pid, int *status)
{
	if (kill(pid, SIGTERM) == 0 && exec_reap(pid, clock_ms() + EXEC_KILL_MS,
	    status) == 0)
		return;
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	while (waitpid(pid, status, 0) == -1 && errno == EINTR)
		;
}

static void
close_pair(int p[2])
{
	if (p[0] != -1)
		close(p[0]);
	if (p[1] != -1)
		close(p[1]);
	p[0] = p[1] = -1;
}

/* Start the keeper; io->fds get the daemon's ends of the pipes. */
static int
exec_start(char *const argv[], int input, struct io *io, pid_t *pid,
    char *err, size_t errlen)
{
	int	 p[4][2], fds[4], i, e = 0, st, rc = -1;

	for (i = 0; i < 4; i++)
		p[i][0] = p[i][1] = -1;
	for (i = 0; i < 4; i++)
		if (pipe2(p[i], O_CLOEXEC) == -1) {
			snprintf(err, errlen, "pipe: %s", strerror(errno));
			goto out;
		}
	for (i = 0; i < 4; i++)
		fds[i] = p[i][i == 0 ? 0 : 1];
	if ((*pid = exec_fork(argv, fds)) == -1) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		goto out;
	}
	for (i = 0; i < 4; i++) {
		close(fds[i]);
		p[i][i == 0 ? 0 : 1] = -1;
	}
	if (exec_report(p[3][0], &e) == -1 || e != 0) {
		snprintf(err, errlen, "%s: %s", argv[0], e != 0 ? strerror(e) :
		    "not started: its keeper process ended");
		exec_stop(*pid, &st);
		goto out;
	}
	for (i = 0; i < 3; i++) {
		io->fds[i] = p[i][i == 0 ? 1 : 0];
		p[i][i == 0 ? 1 : 0] = -1;
	}
	io->report = p[3][0];
	p[3][0] = -1;
	if (!input) {
		close(io->fds[0]);
		io->fds[0] = -1;
	}
	rc = 0;
out:
	for (i = 0; i < 4; i++)
		close_pair(p[i]);
	return rc;
}

int
exec_run_cancel(char *const argv[], const char *input, size_t inputlen,
    int timeout, size_t max, const int *cancel, struct exec_result *res,
    char *err, size_t errlen)
{
	struct io	 io;
	uint64_t	 deadline = clock_ms() + (uint64_t)timeout * 1000;
	int		 status = 0, rc, i;
	pid_t		 pid = -1;

	memset(res, 0, sizeof(*res));
	memset(&io, 0, sizeof(io));
	io.fds[0] = io.fds[1] = io.fds[2] = io.report = -1;
	io.outcap = io.errcap = 4096;
	res->out = xcalloc(1, io.outcap);
	res->errout = xcalloc(1, io.errcap);
	if (exec_start(argv, input != NULL, &io, &pid, err, errlen) == -1)
		return -1;
	rc = pump(&io, input, inputlen, max, res, deadline, cancel);
	if (rc == 0)
		rc = exec_wait(pid, io.report, deadline, cancel, &status);
	if (rc != 0)
		exec_stop(pid, &status);
	if (rc == -1)
		snprintf(err, errlen, "timed out after %d s", timeout);
	else if (rc == -2)
		snprintf(err, errlen, "output larger than %zu bytes", max);
	else if (rc == -3)
		snprintf(err, errlen, "cancelled");
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		describe_status(status, err, errlen);
		rc = -1;
	}
	for (i = 0; i < 3; i++)
		if (io.fds[i] != -1)
			close(io.fds[i]);
	close(io.report);
	return rc == 0 ? 0 : -1;
}

void
exec_result_free(struct exec_result *res)
{
	free(res->out);
	free(res->errout);
	res->out = res->errout = NULL;
}
