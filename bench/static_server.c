/*
 * static_server.c: the limit of indicatord's HTTP stack. A minimal
 * libmicrohttpd program that answers every GET with the same bytes from
 * memory: PLAIN, or GZIP (already compressed) with Content-Encoding: gzip
 * when Accept-Encoding lists gzip. Both responses are built once at start
 * and queued again for every request. It runs MHD as daemon/http.c does
 * (internal polling thread, epoll, a pool of -t threads, 4 by default) and
 * prints "listening on 127.0.0.1:PORT" on stderr; SIGTERM or SIGINT stops it.
 *
 *   static_server [-t threads] [-c content-type] PLAIN [GZIP]
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct srv {
	struct MHD_Response	*plain;
	struct MHD_Response	*gz;
};

static void *
slurp(const char *path, size_t *len)
{
	struct stat	 st;
	char		*buf;
	ssize_t		 n;
	size_t		 off = 0;
	int		 fd;

	if ((fd = open(path, O_RDONLY)) == -1 || fstat(fd, &st) == -1) {
		perror(path);
		exit(1);
	}
	if ((buf = malloc((size_t)st.st_size + 1)) == NULL)
		exit(1);
	while (off < (size_t)st.st_size &&
	    (n = read(fd, buf + off, (size_t)st.st_size - off)) > 0)
		off += (size_t)n;
	close(fd);
	*len = off;
	return buf;
}

static struct MHD_Response *
response(const char *path, const char *ctype, int gz)
{
	struct MHD_Response	*r;
	size_t			 len;
	void			*data;

	data = slurp(path, &len);
	r = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		exit(1);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
	MHD_add_response_header(r, MHD_HTTP_HEADER_VARY,
	    "Accept, Accept-Encoding");
	if (gz)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING,
		    "gzip");
	return r;
}

static enum MHD_Result
handler(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct srv	*s = cls;
	const char	*ae;

	(void)url;
	(void)method;
	(void)version;
	(void)upload_data;
	(void)upload_data_size;
	/*
	 * Answer on the second call: a response queued on the first one makes
	 * MHD 0.9.7x close the connection (Connection: close) afterwards.
	 */
	if (*con_cls == NULL) {
		*con_cls = s;
		return MHD_YES;
	}
	ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_ACCEPT_ENCODING);
	return MHD_queue_response(c, MHD_HTTP_OK, s->gz != NULL && ae != NULL &&
	    strstr(ae, "gzip") != NULL ? s->gz : s->plain);
}

int
main(int argc, char *argv[])
{
	struct MHD_Daemon	*d;
	const union MHD_DaemonInfo *di;
	struct srv		 s = { NULL, NULL };
	const char		*ctype = "text/plain; version=0.0.4; charset=utf-8";
	struct sockaddr_in	 sin;
	sigset_t		 set;
	unsigned int		 threads = 4;
	int			 ch, sig;

	while ((ch = getopt(argc, argv, "c:t:")) != -1) {
		switch (ch) {
		case 'c':
			ctype = optarg;
			break;
		case 't':
			threads = (unsigned int)atoi(optarg);
			break;
		default:
			goto usage;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1 || argc > 2 || threads < 1)
		goto usage;
	s.plain = response(argv[0], ctype, 0);
	if (argc == 2)
		s.gz = response(argv[1], ctype, 1);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL,
	    0, NULL, NULL, handler, &s,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
	    MHD_OPTION_THREAD_POOL_SIZE, threads,
	    MHD_OPTION_CONNECTION_LIMIT, 1024u,
	    MHD_OPTION_CONNECTION_TIMEOUT, 30u,
	    MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
	    MHD_OPTION_SIGPIPE_HANDLED_BY_APP, 1,
	    MHD_OPTION_END);
	if (d == NULL) {
		fprintf(stderr, "static_server: cannot start\n");
		return 1;
	}
	di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	fprintf(stderr, "listening on 127.0.0.1:%u\n", di->port);
	while (sigwait(&set, &sig) != 0)
		;
	MHD_stop_daemon(d);
	MHD_destroy_response(s.plain);
	if (s.gz != NULL)
		MHD_destroy_response(s.gz);
	return 0;
usage:
	fprintf(stderr, "usage: static_server [-t threads] [-c content-type] "
	    "PLAIN [GZIP]\n");
	return 2;
}
