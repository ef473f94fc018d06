/*
 * exec.c: run a feed or hook command (see exec.h).
 * posix_spawn gives the child a default signal mask and dispositions (the
 * daemon's threads block SIGTERM/SIGHUP/SIGINT) and its own process group,
 * so a timeout kills everything it started.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "exec.h"
#include "xmalloc.h"

extern char **environ;

static long long
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
spawn(char *const argv[], int in, int out, int errfd, pid_t *pid)
{
	posix_spawn_file_actions_t	 fa;
	posix_spawnattr_t		 sa;
	sigset_t			 none, all;
	int				 rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in, 0);
	posix_spawn_file_actions_adddup2(&fa, out, 1);
	posix_spawn_file_actions_adddup2(&fa, errfd, 2);
	posix_spawnattr_init(&sa);
	sigemptyset(&none);
	sigfillset(&all);
	posix_spawnattr_setsigmask(&sa, &none);
	posix_spawnattr_setsigdefault(&sa, &all);
	posix_spawnattr_setpgroup(&sa, 0);
	posix_spawnattr_setflags(&sa, POSIX_SPAWN_SETSIGMASK |
	    POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
	rc = posix_spawn(pid, argv[0], &fa, &sa, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&sa);
	return rc;
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
	size_t	 outcap, errcap;
	int	 overflow, errflow;
};

/*
 * Move data until both outputs close, the deadline passes (-1), stdout
 * overflows (-2) or *cancel is set (-3).
 */
static int
pump(struct io *io, const char *input, size_t inputlen, size_t max,
    struct exec_result *res, long long deadline, const int *cancel)
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
		if ((left = (int)(deadline - now_ms())) <= 0)
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

int
exec_run(char *const argv[], const char *input, size_t inputlen, int timeout,
    size_t max, struct exec_result *res, char *err, size_t errlen)
{
	return exec_run_cancel(argv, input, inputlen, timeout, max, NULL, res,
	    err, errlen);
}

int
exec_run_cancel(char *const argv[], const char *input, size_t inputlen,
    int timeout, size_t max, const int *cancel, struct exec_result *res,
    char *err, size_t errlen)
{
	struct io	 io;
	int		 pin[2] = { -1, -1 }, pout[2] = { -1, -1 };
	int		 perr[2] = { -1, -1 }, status, rc, i;
	pid_t		 pid;

	memset(res, 0, sizeof(*res));
	memset(&io, 0, sizeof(io));
	io.outcap = io.errcap = 4096;
	res->out = xcalloc(1, io.outcap);
	res->errout = xcalloc(1, io.errcap);
	if (pipe2(pin, O_CLOEXEC) == -1 || pipe2(pout, O_CLOEXEC) == -1 ||
	    pipe2(perr, O_CLOEXEC) == -1) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		rc = -1;
		goto out;
	}
	if ((rc = spawn(argv, pin[0], pout[1], perr[1], &pid)) != 0) {
		snprintf(err, errlen, "%s: %s", argv[0], strerror(rc));
		rc = -1;
		goto out;
	}
	close(pin[0]);
	close(pout[1]);
	close(perr[1]);
	pin[0] = pout[1] = perr[1] = -1;
	io.fds[0] = pin[1];
	io.fds[1] = pout[0];
	io.fds[2] = perr[0];
	pin[1] = pout[0] = perr[0] = -1;
	if (input == NULL) {
		close(io.fds[0]);
		io.fds[0] = -1;
	}
	rc = pump(&io, input, inputlen, max, res,
	    now_ms() + (long long)timeout * 1000, cancel);
	if (rc != 0)
		kill(-pid, SIGKILL);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (rc == -1)
		snprintf(err, errlen, "timed out after %d s", timeout);
	else if (rc == -2)
		snprintf(err, errlen, "output larger than %zu bytes", max);
	else if (rc == -3)
		snprintf(err, errlen, "cancelled: shutting down");
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		describe_status(status, err, errlen);
		rc = -1;
	}
	rc = rc == 0 ? 0 : -1;
out:
	for (i = 0; i < 3; i++)
		if (io.fds[i] > 0)
			close(io.fds[i]);
	for (i = 0; i < 2; i++) {
		if (pin[i] != -1)
			close(pin[i]);
		if (pout[i] != -1)
			close(pout[i]);
		if (perr[i] != -1)
			close(perr[i]);
	}
	return rc;
}

void
exec_result_free(struct exec_result *res)
{
	free(res->out);
	free(res->errout);
	res->out = res->errout = NULL;
}
