/*
 * rrdcio.c: RRD files through rrdcached only (see rrdcio.h).
 */
#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <rrd.h>
#include <rrd_client.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cachemon.h"
#include "rrdcio.h"

#define RRDCIO_TIMEOUT_MS	10000	/* for an answer to LAST */

/* Room kept in a request for "update ", the path and the line end. */
#define RRDCIO_HEAD	16

int
rrdcio_is_tcp(const char *addr)
{
	return addr != NULL && addr[0] != '/' &&
	    strncmp(addr, "unix:", 5) != 0;
}

static int
rrdcio_connect(const char *addr)
{
	if (rrdc_connect(addr) == 0)
		return 0;
	rrdc_disconnect();
	return rrdc_connect(addr) == 0 ? 0 : -1;
}

/*
 * After a failed request: 1 if it failed for the connection (to be tried
 * again on a new one), 0 if rrdcached answered it with an error. librrd
 * 1.7.2 prefixes what rrdcached answered with "rrdcached@".
 */
static int
rrdcio_lost(void)
{
	const char	*e = rrd_get_error();

	if (e != NULL && strncmp(e, "rrdcached@", 10) == 0)
		return 0;
	rrd_clear_error();
	rrdc_disconnect();
	return 1;
}

/* One UPDATE request, tried again on a new connection if it was lost. */
static int
rrdcio_update1(const char *addr, const char *path, int argc,
    const char *const *argv)
{
	rrd_clear_error();
	if (rrdcio_connect(addr) == 0 && rrdc_update(path, argc,
	    (const char **)argv) == 0)
		return 0;
	if (!rrdcio_lost() || rrdcio_connect(addr) == -1)
		return -1;
	return rrdc_update(path, argc, (const char **)argv) == 0 ? 0 : -1;
}

int
rrdcio_update(const char *addr, const char *path, int argc,
    const char *const *argv)
{
	size_t	 len;
	int	 i = 0, k;

	while (i < argc) {
		len = RRDCIO_HEAD + strlen(path) + strlen(argv[i]) + 1;
		for (k = i + 1; k < argc && len + strlen(argv[k]) + 1 <
		    RRD_CMD_MAX; k++)
			len += strlen(argv[k]) + 1;
		if (rrdcio_update1(addr, path, k - i, argv + i) == -1)
			return -1;
		i = k;
	}
	return 0;
}

int
rrdcio_create(const char *addr, const char *path, unsigned long step,
    time_t start, int argc, const char **argv)
{
	rrd_clear_error();
	if (rrdcio_connect(addr) == 0 && rrdc_create(path, step, start, 0,
	    argc, argv) == 0)
		return 0;
	if (!rrdcio_lost() || rrdcio_connect(addr) == -1)
		return -1;
	return rrdc_create(path, step, start, 0, argc, argv) == 0 ? 0 : -1;
}

int
rrdcio_forget(const char *addr, const char *path)
{
	rrd_clear_error();
	if (rrdcio_connect(addr) == -1)
		return -1;
	/* Refused: it holds nothing of path ("No such file"). */
	if (rrdc_flush(path) != 0 && rrdcio_lost() &&
	    (rrdcio_connect(addr) == -1 || (rrdc_flush(path) != 0 &&
	    rrdcio_lost())))
		return -1;
	rrd_clear_error();
	if (rrdc_forget(path) != 0 && rrdcio_lost())
		return -1;
	rrd_clear_error();
	return 0;
}

/* One line of fd's answer into buf within the timeout: 0 or -1. */
static int
rrdcio_readline(int fd, char *buf, size_t len)
{
	struct pollfd	 pfd = { .fd = fd, .events = POLLIN };
	size_t		 have = 0;
	ssize_t		 n;

	while (have < len - 1 && memchr(buf, '\n', have) == NULL) {
		if (poll(&pfd, 1, RRDCIO_TIMEOUT_MS) != 1 ||
		    (n = recv(fd, buf + have, len - 1 - have, 0)) <= 0)
			return -1;
		have += (size_t)n;
	}
	buf[have] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/*
 * On a connection of its own: librrd 1.7.2's rrdc_last reads the answer
 * after the function that received it returned, from its stack frame
 * (valgrind: invalid read below the stack pointer).
 */
time_t
rrdcio_last(const char *addr, const char *path)
{
	char		 buf[RRD_CMD_MAX], *msg;
	long long	 t = -1;
	int		 fd, n;

	rrd_clear_error();
	if ((fd = cachemon_dial(addr)) == -1) {
		rrd_set_error("Unable to connect to rrdcached %s", addr);
		return -1;
	}
	n = snprintf(buf, sizeof(buf), "LAST %s\n", path);
	if (n < 0 || (size_t)n >= sizeof(buf) ||
	    send(fd, buf, (size_t)n, MSG_NOSIGNAL) != n ||
	    rrdcio_readline(fd, buf, sizeof(buf)) == -1)
		rrd_set_error("rrdcached %s: no answer to LAST %s", addr, path);
	else if (strtol(buf, &msg, 10) < 0 || msg == buf)
		rrd_set_error("rrdcached@%s: %s", addr, msg + strspn(msg, " "));
	else
		t = strtoll(msg, NULL, 10);
	close(fd);
	return (time_t)t;
}

int
rrdcio_fetch(const char *addr, const char *path, const char *cf,
    time_t *start, time_t *end, unsigned long *step, unsigned long *ds_cnt,
    char ***names, rrd_value_t **data)
{
	time_t	 s = *start, e = *end;

	rrd_clear_error();
	if (rrdcio_connect(addr) == 0 && rrdc_fetch(path, cf, start, end,
	    step, ds_cnt, names, data) == 0)
		return 0;
	if (!rrdcio_lost() || rrdcio_connect(addr) == -1)
		return -1;
	*start = s;
	*end = e;
	return rrdc_fetch(path, cf, start, end, step, ds_cnt, names, data) ==
	    0 ? 0 : -1;
}
