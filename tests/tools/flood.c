/*
 * flood.c: hostile HTTP clients for tests. Opens N connections from a given
 * loopback source address and holds them for a while, either idle or as a
 * slowloris (a request whose header never ends, one more header line every
 * second).
 *
 *   flood -a SRCADDR -p PORT -n N -t SECONDS [-s]
 *
 * Prints "connected C closed S" at the end: how many connections were
 * established, and how many of those the server closed before the end.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int
dial(const char *src, int port)
{
	struct sockaddr_in	 sa, da;
	int			 fd;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	inet_pton(AF_INET, src, &sa.sin_addr);
	memset(&da, 0, sizeof(da));
	da.sin_family = AF_INET;
	da.sin_port = htons((uint16_t)port);
	inet_pton(AF_INET, "127.0.0.1", &da.sin_addr);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    connect(fd, (struct sockaddr *)&da, sizeof(da)) == -1) {
		close(fd);
		return -1;
	}
	fcntl(fd, F_SETFL, O_NONBLOCK);
	return fd;
}

/* 1 if the server closed fd (EOF or reset). */
static int
closed(int fd)
{
	char	 buf[4096];
	ssize_t	 n;

	n = recv(fd, buf, sizeof(buf), 0);
	return n == 0 || (n == -1 && errno != EAGAIN && errno != EWOULDBLOCK);
}

int
main(int argc, char *argv[])
{
	const char	*src = "127.0.0.2";
	int		 ch, port = 0, n = 100, secs = 5, slow = 0, i, t;
	int		*fds, connected = 0, gone = 0;
	char		 line[64];

	signal(SIGPIPE, SIG_IGN);
	while ((ch = getopt(argc, argv, "a:p:n:t:s")) != -1) {
		switch (ch) {
		case 'a': src = optarg; break;
		case 'p': port = atoi(optarg); break;
		case 'n': n = atoi(optarg); break;
		case 't': secs = atoi(optarg); break;
		case 's': slow = 1; break;
		default:
			fprintf(stderr, "usage: flood -a SRC -p PORT -n N -t SECS [-s]\n");
			return 2;
		}
	}
	fds = calloc((size_t)n, sizeof(*fds));
	for (i = 0; i < n; i++) {
		fds[i] = dial(src, port);
		if (fds[i] != -1)
			connected++;
		if (fds[i] != -1 && slow)
			(void)send(fds[i], "GET /metrics HTTP/1.1\r\nHost: x\r\n",
			    32, MSG_NOSIGNAL);
	}
	for (t = 0; t < secs; t++) {
		sleep(1);
		for (i = 0; i < n; i++) {
			if (fds[i] == -1)
				continue;
			if (closed(fds[i])) {
				close(fds[i]);
				fds[i] = -1;
				gone++;
				continue;
			}
			if (slow) {
				snprintf(line, sizeof(line), "X-%d: %d\r\n", t, i);
				(void)send(fds[i], line, strlen(line), MSG_NOSIGNAL);
			}
		}
	}
	printf("connected %d closed %d\n", connected, gone);
	for (i = 0; i < n; i++)
		if (fds[i] != -1)
			close(fds[i]);
	free(fds);
	return 0;
}
