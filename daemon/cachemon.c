/*
 * cachemon.c: a connection that only waits for rrdcached to go away (see
 * cachemon.h). It sends one PING when made, to know rrdcached serves it.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cachemon.h"
#include "xmalloc.h"

#define CACHEMON_PORT		"42217"	/* rrdcached's default */
#define CACHEMON_TIMEOUT_MS	200

struct cachemon {
	char	*addr;
	int	 fd;		/* -1: not connected */
	int	 lost;		/* a connection was made and lost since */
};

struct cachemon *
cachemon_open(const char *addr)
{
	struct cachemon	*m;

	m = xcalloc(1, sizeof(*m));
	m->addr = xstrdup(addr);
	m->fd = -1;
	return m;
}

void
cachemon_close(struct cachemon *m)
{
	if (m == NULL)
		return;
	if (m->fd != -1)
		close(m->fd);
	free(m->addr);
	free(m);
}

/* Finish a non-blocking connect of fd within the timeout: 0 or -1. */
static int
connect_wait(int fd, const struct sockaddr *sa, socklen_t len)
{
	struct pollfd	 pfd = { .fd = fd, .events = POLLOUT };
	socklen_t	 elen = sizeof(int);
	int		 e = 0;

	if (connect(fd, sa, len) == 0)
		return 0;
	if (errno != EINPROGRESS ||
	    poll(&pfd, 1, CACHEMON_TIMEOUT_MS) != 1 ||
	    getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &elen) == -1 || e != 0)
		return -1;
	return 0;
}

static int
connect_unix(const char *path)
{
	struct sockaddr_un	 sun;
	int			 fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path))
		return -1;
	memcpy(sun.sun_path, path, strlen(path));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd == -1)
		return -1;
	if (connect_wait(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/* "host", "host:port", "[v6]" or "[v6]:port" into host and port. */
static void
split_host(const char *addr, char *host, size_t hostlen, const char **port)
{
	const char	*colon, *end;

	*port = CACHEMON_PORT;
	if (addr[0] == '[' && (end = strchr(addr, ']')) != NULL) {
		snprintf(host, hostlen, "%.*s", (int)(end - addr - 1),
		    addr + 1);
		if (end[1] == ':')
			*port = end + 2;
		return;
	}
	colon = strchr(addr, ':');
	if (colon != NULL && strchr(colon + 1, ':') == NULL) {
		snprintf(host, hostlen, "%.*s", (int)(colon - addr), addr);
		*port = colon + 1;
	} else
		snprintf(host, hostlen, "%s", addr);
}

static int
connect_tcp(const char *addr)
{
	struct addrinfo	 hints, *res, *ai;
	const char	*port;
	char		 host[256];
	int		 fd = -1;

	split_host(addr, host, sizeof(host), &port);
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, port, &hints, &res) != 0)
		return -1;
	for (ai = res; ai != NULL && fd == -1; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC |
		    SOCK_NONBLOCK, ai->ai_protocol);
		if (fd != -1 && connect_wait(fd, ai->ai_addr,
		    ai->ai_addrlen) == -1) {
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(res);
	return fd;
}

/*
 * 0 when rrdcached answers PING on fd within the timeout. A connection can
 * succeed and get no answer: one made while rrdcached shuts down waits in
 * its listen backlog until the socket is closed, then is reset.
 */
static int
cachemon_ping(int fd)
{
	struct pollfd	 pfd = { .fd = fd, .events = POLLIN };
	char		 buf[64];
	size_t		 have = 0;
	ssize_t		 n;

	if (send(fd, "PING\n", 5, MSG_NOSIGNAL) != 5)
		return -1;
	while (have < sizeof(buf) - 1 && memchr(buf, '\n', have) == NULL) {
		if (poll(&pfd, 1, CACHEMON_TIMEOUT_MS) != 1 ||
		    (n = recv(fd, buf + have, sizeof(buf) - 1 - have, 0)) <= 0)
			return -1;
		have += (size_t)n;
	}
	buf[have] = '\0';
	return strcmp(buf, "0 PONG\n") == 0 ? 0 : -1;
}

int
cachemon_dial(const char *addr)
{
	if (strncmp(addr, "unix:", 5) == 0)
		return connect_unix(addr + 5);
	if (addr[0] == '/')
		return connect_unix(addr);
	return connect_tcp(addr);
}

/* A connection that rrdcached serves: its fd, or -1. */
static int
cachemon_connect(const char *addr)
{
	int	 fd;

	fd = cachemon_dial(addr);
	if (fd != -1 && cachemon_ping(fd) == -1) {
		close(fd);
		fd = -1;
	}
	return fd;
}

enum cachemon_event
cachemon_check(struct cachemon *m)
{
	struct pollfd	 pfd;
	int		 gone = 0;

	if (m->fd != -1) {
		pfd.fd = m->fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		/* Readable: end of file or an error; rrdcached is gone. */
		if (poll(&pfd, 1, 0) == 0)
			return CACHEMON_NONE;
		close(m->fd);
		m->fd = -1;
		m->lost = gone = 1;
	}
	if ((m->fd = cachemon_connect(m->addr)) == -1)
		return gone ? CACHEMON_GONE : CACHEMON_NONE;
	if (!m->lost)
		return CACHEMON_NONE;
	m->lost = 0;
	return CACHEMON_BACK;
}

int
cachemon_connected(const struct cachemon *m)
{
	return m->fd != -1;
}
