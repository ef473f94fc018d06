/*
 * portfix.h: a free TCP port of 127.0.0.1 for unit tests that start a
 * server of their own (rrdcached). Include after <cmocka.h>.
 */
#ifndef PORTFIX_H
#define PORTFIX_H

#include <sys/socket.h>

#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/*
 * A free TCP port of 127.0.0.1, below the kernel's ephemeral range: a port
 * the kernel hands out (bind to 0, outgoing connections of other tests)
 * can be taken again before rrdcached binds it.
 */
static int
free_port(void)
{
	struct sockaddr_in	 sin;
	static int		 seeded;
	int			 fd, port, ok;

	if (!seeded++)
		srand((unsigned)getpid() ^ (unsigned)time(NULL));
	do {
		port = 10000 + rand() % 22000;
		fd = socket(AF_INET, SOCK_STREAM, 0);
		assert_true(fd >= 0);
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		sin.sin_port = htons(port);
		ok = bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0;
		close(fd);
	} while (!ok);
	return port;
}

#endif
