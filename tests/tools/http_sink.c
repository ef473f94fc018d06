/*
 * http_sink: a tiny HTTP receiver for the alert and http feed tests.
 *   http_sink -p PORTFILE -o OUTFILE [-stall SECONDS] [-status NNN]
 *             [-reply FILE] [-header NAME]
 * Binds 127.0.0.1 on a port the kernel picks, writes that port (decimal and
 * a newline) to PORTFILE once it is listening (tmp + rename), and until
 * SIGTERM or SIGINT answers every request with NNN (default 200) after
 * appending "METHOD URL BODY\n" to OUTFILE in one write (bodies are one-line
 * JSON), preceded by "HEADER NAME: value\n" when -header names a request
 * header that is present. -stall sleeps before answering, to play a
 * receiver that hangs. -reply answers with the bytes of FILE instead of
 * "ok" (read once at start), to play an API that wants a POST.
 */
#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#define SINK_BODY_MAX	(4 * 1024 * 1024)

struct sink_req {
	char	*data;
	size_t	 len;
};

static const char	*sink_out;
static double		 sink_stall;
static unsigned int	 sink_status = 200;
static const char	*sink_header;
static char		*sink_reply;
static size_t		 sink_replylen;

static void __attribute__((noreturn))
sink_usage(void)
{
	fprintf(stderr, "usage: http_sink -p PORTFILE -o OUTFILE "
	    "[-stall SECONDS] [-status NNN] [-reply FILE] [-header NAME]\n");
	exit(2);
}

static void
sink_sleep(double s)
{
	struct timespec	 ts;

	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/*
 * Append "METHOD URL BODY\n" (after "HEADER NAME: value\n" when hv is not
 * NULL) to the output file in a single write.
 */
static void
sink_record(const char *method, const char *url, const char *hv,
    const struct sink_req *r)
{
	char	*line;
	size_t	 n;
	int	 fd;

	n = strlen(method) + strlen(url) + r->len + 3;
	if (hv != NULL)
		n += strlen(sink_header) + strlen(hv) + 10;
	if ((line = malloc(n + 1)) == NULL)
		return;
	snprintf(line, n + 1, "%s%s%s%s%s%s %s %.*s\n", hv != NULL ? "HEADER " :
	    "", hv != NULL ? sink_header : "", hv != NULL ? ": " : "",
	    hv != NULL ? hv : "", hv != NULL ? "\n" : "", method, url,
	    (int)r->len, r->data != NULL ? r->data : "");
	if ((fd = open(sink_out, O_WRONLY | O_APPEND | O_CREAT, 0644)) != -1) {
		if (write(fd, line, n) != (ssize_t)n)
			fprintf(stderr, "http_sink: short write\n");
		close(fd);
	}
	free(line);
}

/* Read the -reply file whole. */
static int
sink_load(const char *path)
{
	FILE	*f;
	long	 n;

	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	if (fseek(f, 0, SEEK_END) == -1 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) == -1 ||
	    (sink_reply = malloc((size_t)n + 1)) == NULL ||
	    fread(sink_reply, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		return -1;
	}
	fclose(f);
	sink_replylen = (size_t)n;
	return 0;
}

static int
sink_add(struct sink_req *r, const char *data, size_t len)
{
	char	*p;

	if (r->len + len > SINK_BODY_MAX ||
	    (p = realloc(r->data, r->len + len + 1)) == NULL)
		return -1;
	memcpy(p + r->len, data, len);
	r->data = p;
	r->len += len;
	r->data[r->len] = '\0';
	return 0;
}

static enum MHD_Result
sink_handler(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct MHD_Response	*resp;
	struct sink_req		*r = *con_cls;
	enum MHD_Result		 ret;
	static const char	 ok[] = "ok\n";

	(void)cls; (void)version;
	if (r == NULL) {
		if ((r = calloc(1, sizeof(*r))) == NULL)
			return MHD_NO;
		*con_cls = r;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (sink_add(r, upload_data, *upload_data_size) == -1)
			return MHD_NO;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (sink_stall > 0)
		sink_sleep(sink_stall);
	sink_record(method, url, sink_header == NULL ? NULL :
	    MHD_lookup_connection_value(conn, MHD_HEADER_KIND, sink_header), r);
	if (sink_reply != NULL)
		resp = MHD_create_response_from_buffer(sink_replylen,
		    sink_reply, MHD_RESPMEM_PERSISTENT);
	else
		resp = MHD_create_response_from_buffer(sizeof(ok) - 1,
		    (void *)ok, MHD_RESPMEM_PERSISTENT);
	if (resp == NULL)
		return MHD_NO;
	ret = MHD_queue_response(conn, sink_status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static void
sink_done(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct sink_req	*r = *con_cls;

	(void)cls; (void)conn; (void)toe;
	if (r != NULL) {
		free(r->data);
		free(r);
	}
	*con_cls = NULL;
}

static int
sink_write_port(const char *portfile, unsigned int port)
{
	char	 tmp[4096];
	FILE	*f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", portfile);
	if ((f = fopen(tmp, "w")) == NULL)
		return -1;
	fprintf(f, "%u\n", port);
	if (fclose(f) != 0 || rename(tmp, portfile) == -1)
		return -1;
	return 0;
}

static struct MHD_Daemon *
sink_start(void)
{
	struct sockaddr_in	 sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = 0;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ERROR_LOG, 0, NULL, NULL,
	    sink_handler, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
	    MHD_OPTION_NOTIFY_COMPLETED, sink_done, NULL,
	    MHD_OPTION_CONNECTION_TIMEOUT, 120U, MHD_OPTION_END);
}

int
main(int argc, char *argv[])
{
	const union MHD_DaemonInfo	*di;
	struct MHD_Daemon		*d;
	const char			*portfile = NULL;
	sigset_t			 set;
	int				 i, sig;

	for (i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "-p") == 0)
			portfile = argv[i + 1];
		else if (strcmp(argv[i], "-o") == 0)
			sink_out = argv[i + 1];
		else if (strcmp(argv[i], "-stall") == 0)
			sink_stall = atof(argv[i + 1]);
		else if (strcmp(argv[i], "-status") == 0)
			sink_status = (unsigned int)atoi(argv[i + 1]);
		else if (strcmp(argv[i], "-header") == 0)
			sink_header = argv[i + 1];
		else if (strcmp(argv[i], "-reply") == 0) {
			if (sink_load(argv[i + 1]) == -1)
				sink_usage();
		} else
			sink_usage();
	}
	if (i != argc || portfile == NULL || sink_out == NULL ||
	    sink_stall < 0 || sink_status < 100 || sink_status > 599)
		sink_usage();
	/* Block the signals before MHD starts threads; sigwait takes them. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if ((d = sink_start()) == NULL) {
		fprintf(stderr, "http_sink: cannot start\n");
		return 1;
	}
	di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	if (di == NULL || sink_write_port(portfile, di->port) == -1) {
		fprintf(stderr, "http_sink: cannot write %s\n", portfile);
		MHD_stop_daemon(d);
		return 1;
	}
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	return 0;
}
