/*
 * rrdw.c: RRD writer processes (see rrdw.h).
 *
 * A request is a 4-byte length (host order: both ends are this program)
 * and that many bytes: the path and each argument, each ending in NUL.
 * A reply is librrd's return code and the length of its message (4 bytes
 * each), then the message, without a NUL.
 */
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <rrd.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "rrdw.h"
#include "xmalloc.h"

/* Larger requests are refused by the writer (a rebuild's is a few MB). */
#define RRDW_MAX_REQUEST	(256u << 20)
/* librrd's messages fit in its 4,096-byte context buffer. */
#define RRDW_MAX_MESSAGE	4095
/* A spawned writer's socket, and the variable that names it (rrdw.h). */
#define RRDW_FD		3
#define RRDW_ENV	"INDICATORD_RRD_WRITER_FD"
#define RRDW_ARGV0	"indicatord-rrd"

extern char	**environ;

struct rrdw_chan {
	int		 fd;		/* -1 once retired */
	pid_t		 pid;
	int		 busy;
	int		 broken;	/* a send or receive failed */
};

struct rrdw {
	pthread_mutex_t	 lock;
	pthread_cond_t	 freed;
	struct rrdw_chan *ch;
	unsigned	 n;
	unsigned	 alive;
};

static int	 rrdw_read(int, void *, size_t);
static int	 rrdw_write(int, const void *, size_t);
static void	 rrdw_serve(int) __attribute__((noreturn));

/* Read exactly len bytes: 0, or -1 on an error or end of file. */
static int
rrdw_read(int fd, void *p, size_t len)
{
	ssize_t	 n;

	while (len > 0) {
		if ((n = read(fd, p, len)) == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p = (char *)p + n;
		len -= (size_t)n;
	}
	return 0;
}

/* Write all of p (MSG_NOSIGNAL: a dead peer is an error, not SIGPIPE). */
static int
rrdw_write(int fd, const void *p, size_t len)
{
	ssize_t	 n;

	while (len > 0) {
		if ((n = send(fd, p, len, MSG_NOSIGNAL)) == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p = (const char *)p + n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * The writer: one request at a time until the daemon closes its end. It
 * ignores the signals meant for the daemon (a terminal's ^C reaches the
 * whole process group): it stops when the daemon is done with it.
 */
const char *
rrdw_reason(char *buf, size_t size, int e)
{
	const char	*msg = rrd_get_error();
	const char	*why = e != 0 ? strerror(e) : "";

	if (msg == NULL || msg[0] == '\0')
		snprintf(buf, size, "librrd gave no reason%s%s",
		    e != 0 ? "; errno: " : "", why);
	else if (e != 0 && strstr(msg, why) == NULL)
		snprintf(buf, size, "%s: %s", msg, why);
	else
		snprintf(buf, size, "%s", msg);
	rrd_clear_error();
	return buf;
}

static void
rrdw_serve(int fd)
{
	char		*req = NULL, **argv = NULL;
	char		 why[RRDW_MAX_MESSAGE];
	const char	*msg;
	uint32_t	 len, mlen;
	int32_t		 rc;
	size_t		 i, argc, cap = 0;

	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	prctl(PR_SET_NAME, "indicatord-rrd");
	while (rrdw_read(fd, &len, sizeof(len)) == 0) {
		if (len == 0 || len > RRDW_MAX_REQUEST)
			break;
		req = xreallocarray(req, len, 1);
		if (rrdw_read(fd, req, len) == -1 || req[len - 1] != '\0')
			break;
		for (argc = 0, i = 0; i < len; i++)
			argc += req[i] == '\0';
		if (argc > cap)
			argv = xreallocarray(argv, cap = argc, sizeof(*argv));
		for (argc = 0, i = 0; i < len; i += strlen(req + i) + 1)
			argv[argc++] = req + i;
		errno = 0;
		rc = rrd_update_r(argv[0], NULL, (int)argc - 1,
		    (const char **)argv + 1);
		msg = rc != 0 ? rrdw_reason(why, sizeof(why), errno) : "";
		if ((mlen = (uint32_t)strlen(msg)) > RRDW_MAX_MESSAGE)
			mlen = RRDW_MAX_MESSAGE;
		if (rrdw_write(fd, &rc, sizeof(rc)) == -1 ||
		    rrdw_write(fd, &mlen, sizeof(mlen)) == -1 ||
		    rrdw_write(fd, msg, mlen) == -1)
			break;
		rrd_clear_error();
	}
	free(req);
	free(argv);
	/* No atexit handlers: they are the daemon's, not this copy's. */
	_exit(0);
}

/*
 * In a process that rrdw_spawn started (the daemon's binary, or a test's
 * or bench's that links this file), before main: serve, never return.
 * glibc passes a constructor main's arguments: the command line rrdw_spawn
 * gives, and its variable (first in the environment), both, so that a
 * daemon started with the variable set by someone is not taken for one.
 */
__attribute__((constructor)) static void
rrdw_child(int argc, char **argv, char **envp)
{
	(void)envp;
	if (argc == 1 && argv != NULL && strcmp(argv[0], RRDW_ARGV0) == 0 &&
	    getenv(RRDW_ENV) != NULL && strcmp(getenv(RRDW_ENV), "3") == 0)
		rrdw_serve(RRDW_FD);
}

/*
 * This program's file: the path /proc/self/exe links to (under valgrind,
 * the program valgrind runs, not valgrind), or the link itself once that
 * path is gone or another file (an upgrade replaced it: the running
 * binary's writers must be the same binary).
 */
static void
rrdw_exe(char *buf, size_t size)
{
	ssize_t	 n;

	n = readlink("/proc/self/exe", buf, size - 1);
	if (n <= 0 || (size_t)n >= size - 1 ||
	    (buf[n] = '\0', strstr(buf, " (deleted)") != NULL) ||
	    access(buf, X_OK) == -1)
		snprintf(buf, size, "/proc/self/exe");
}

/*
 * Start this program (exe) anew as a writer on fd (its end of a socketpair,
 * close-on-exec like every descriptor of the daemon's): the writer's fd
 * RRDW_FD, nothing else of the daemon's but the standard streams, a
 * default signal mask. 0, or an errno.
 */
static int
rrdw_spawn(const char *exe, int fd, pid_t *pid)
{
	posix_spawn_file_actions_t	 fa;
	posix_spawnattr_t		 at;
	sigset_t			 none;
	char				*argv[] = { RRDW_ARGV0, NULL };
	char				**envp;
	size_t				 n;
	int				 src = fd, rc;

	/* dup2 onto itself would keep close-on-exec */
	if (fd == RRDW_FD &&
	    (src = fcntl(fd, F_DUPFD_CLOEXEC, RRDW_FD + 1)) == -1)
		return errno;
	for (n = 0; environ[n] != NULL; n++)
		;
	envp = xcalloc(n + 2, sizeof(*envp));
	envp[0] = RRDW_ENV "=3";	/* first: getenv finds it first */
	memcpy(envp + 1, environ, n * sizeof(*envp));
	sigemptyset(&none);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, src, RRDW_FD);
	posix_spawnattr_init(&at);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK);
	posix_spawnattr_setsigmask(&at, &none);
	rc = posix_spawn(pid, exe, &fa, &at, argv, envp);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	free(envp);
	if (src != fd)
		close(src);
	return rc;
}

struct rrdw *
rrdw_start(unsigned n, char *err, size_t errlen)
{
	struct rrdw	*w;
	char		 exe[PATH_MAX];
	int		 sv[2], rc;
	unsigned	 i;
	pid_t		 pid;

	rrdw_exe(exe, sizeof(exe));
	w = xcalloc(1, sizeof(*w));
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->freed, NULL);
	w->ch = xcalloc(n, sizeof(*w->ch));
	for (i = 0; i < n; i++) {
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0,
		    sv) == -1) {
			snprintf(err, errlen, "RRD writer: socketpair: %s",
			    strerror(errno));
			goto fail;
		}
		rc = rrdw_spawn(exe, sv[1], &pid);
		close(sv[1]);
		if (rc != 0) {
			snprintf(err, errlen, "RRD writer: cannot start %s: %s",
			    exe, strerror(rc));
			close(sv[0]);
			goto fail;
		}
		w->ch[i].fd = sv[0];
		w->ch[i].pid = pid;
		w->n++;
		w->alive++;
	}
	return w;
fail:
	rrdw_stop(w);
	return NULL;
}

void
rrdw_stop(struct rrdw *w)
{
	unsigned	 i;

	if (w == NULL)
		return;
	for (i = 0; i < w->n; i++)
		if (w->ch[i].fd != -1) {
			close(w->ch[i].fd);
			while (waitpid(w->ch[i].pid, NULL, 0) == -1 &&
			    errno == EINTR)
				;
		}
	pthread_cond_destroy(&w->freed);
	pthread_mutex_destroy(&w->lock);
	free(w->ch);
	free(w);
}

unsigned
rrdw_alive(struct rrdw *w)
{
	unsigned	 n;

	pthread_mutex_lock(&w->lock);
	n = w->alive;
	pthread_mutex_unlock(&w->lock);
	return n;
}

int
rrdw_acquire(struct rrdw *w)
{
	unsigned	 i;
	int		 k = -1;

	pthread_mutex_lock(&w->lock);
	while (w->alive > 0) {
		for (i = 0; i < w->n && k == -1; i++)
			if (w->ch[i].fd != -1 && !w->ch[i].busy)
				k = (int)i;
		if (k != -1) {
			w->ch[k].busy = 1;
			break;
		}
		pthread_cond_wait(&w->freed, &w->lock);
	}
	pthread_mutex_unlock(&w->lock);
	return k;
}

void
rrdw_release(struct rrdw *w, int k)
{
	struct rrdw_chan *c = &w->ch[k];
	unsigned	 left;
	int		 status = 0, broken = c->broken;

	if (broken) {
		close(c->fd);
		while (waitpid(c->pid, &status, 0) == -1 && errno == EINTR)
			;
	}
	pthread_mutex_lock(&w->lock);
	c->busy = 0;
	if (broken) {
		c->fd = -1;
		w->alive--;
	}
	left = w->alive;
	pthread_cond_broadcast(&w->freed);
	pthread_mutex_unlock(&w->lock);
	if (broken)
		log_warnx("RRD writer %d (pid %ld) %s; %s", k, (long)c->pid,
		    WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) :
		    "stopped", left > 0 ? "the others write" :
		    "none left: the daemon writes its RRDs itself");
}

int
rrdw_send(struct rrdw *w, int k, const char *path, int argc,
    char *const *argv)
{
	struct rrdw_chan *c = &w->ch[k];
	char		*req, *p;
	size_t		 len, l, i;
	uint32_t	 ulen;
	int		 rc;

	if (c->broken)
		return RRDW_GONE;
	len = strlen(path) + 1;
	for (i = 0; i < (size_t)argc; i++)
		len += strlen(argv[i]) + 1;
	if (len > RRDW_MAX_REQUEST)
		return RRDW_GONE;	/* the daemon writes it itself */
	p = req = xmalloc(sizeof(ulen) + len);
	ulen = (uint32_t)len;
	memcpy(p, &ulen, sizeof(ulen));
	p += sizeof(ulen);
	for (i = 0; i <= (size_t)argc; i++) {
		l = strlen(i == 0 ? path : argv[i - 1]) + 1;
		memcpy(p, i == 0 ? path : argv[i - 1], l);
		p += l;
	}
	rc = rrdw_write(c->fd, req, sizeof(ulen) + len);
	free(req);
	if (rc == -1) {
		c->broken = 1;
		return RRDW_GONE;
	}
	return 0;
}

int
rrdw_recv(struct rrdw *w, int k, const char *path, char *err, size_t errlen)
{
	struct rrdw_chan *c = &w->ch[k];
	char		 msg[RRDW_MAX_MESSAGE + 1];
	uint32_t	 mlen;
	int32_t		 rc;

	if (c->broken || rrdw_read(c->fd, &rc, sizeof(rc)) == -1 ||
	    rrdw_read(c->fd, &mlen, sizeof(mlen)) == -1 ||
	    mlen > RRDW_MAX_MESSAGE || rrdw_read(c->fd, msg, mlen) == -1) {
		c->broken = 1;
		return RRDW_GONE;
	}
	msg[mlen] = '\0';
	if (rc != 0) {
		snprintf(err, errlen, "update %s: %s", path, msg);
		return -1;
	}
	return 0;
}

int
rrdw_update(struct rrdw *w, const char *path, int argc, char *const *argv,
    char *err, size_t errlen)
{
	int	 k, rc;

	if ((k = rrdw_acquire(w)) == -1)
		return RRDW_GONE;
	if ((rc = rrdw_send(w, k, path, argc, argv)) == 0)
		rc = rrdw_recv(w, k, path, err, errlen);
	rrdw_release(w, k);
	return rc;
}
