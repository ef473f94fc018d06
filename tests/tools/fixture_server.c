/*
 * fixture_server: a tiny HTTP server for tests.
 *   fixture_server -d DIR -p PORTFILE [-delay SECONDS]
 * Binds 127.0.0.1 on a port the kernel picks, writes that port (decimal and
 * a newline) to PORTFILE once it is listening (atomically: tmp + rename),
 * and serves DIR until SIGTERM or SIGINT:
 *  - GET /a/b.json serves DIR/a/b.json; a path with a ".." segment is 403,
 *    a missing file 404; the query string is ignored except page=N, which
 *    serves DIR/a/b.json.pageN instead when that file exists;
 *  - GET /status/NNN answers status NNN (200..599) with a short body;
 *  - -delay sleeps that many seconds (fractions allowed) before answering
 *    each request, to test client timeouts;
 *  - cut=N in the query serves only the file's first N bytes, without a
 *    Content-Length: ended by closing the connection (HTTP/1.0 style), or
 *    with chunked=1 too, by the last chunk.
 */
#include <sys/stat.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#define FS_BODY_MAX	(64 * 1024 * 1024)

static const char	*fs_dir;
static double		 fs_delay;

static void __attribute__((noreturn))
fs_usage(void)
{
	fprintf(stderr, "usage: fixture_server -d DIR -p PORTFILE "
	    "[-delay SECONDS]\n");
	exit(2);
}

static void
fs_sleep(double s)
{
	struct timespec	 ts;

	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* Read a regular file whole; NULL if absent or not regular. */
static char *
fs_read(const char *path, size_t *len)
{
	struct stat	 st;
	char		*buf;
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY)) == -1)
		return NULL;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size > FS_BODY_MAX ||
	    (buf = malloc((size_t)st.st_size + 1)) == NULL) {
		close(fd);
		return NULL;
	}
	for (*len = 0; *len < (size_t)st.st_size; *len += (size_t)n) {
		n = read(fd, buf + *len, (size_t)st.st_size - *len);
		if (n <= 0)
			break;
	}
	close(fd);
	return buf;
}

static int
fs_has_dotdot(const char *url)
{
	const char	*p;

	for (p = strstr(url, ".."); p != NULL; p = strstr(p + 1, ".."))
		if ((p == url || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
			return 1;
	return 0;
}

static enum MHD_Result
fs_send(struct MHD_Connection *conn, unsigned int status, void *body,
    size_t len, enum MHD_ResponseMemoryMode mode, const char *type)
{
	struct MHD_Response	*r;
	enum MHD_Result		 ret;

	r = MHD_create_response_from_buffer(len, body, mode);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", type);
	ret = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
fs_text(struct MHD_Connection *conn, unsigned int status, const char *msg)
{
	return fs_send(conn, status, (void *)msg, strlen(msg),
	    MHD_RESPMEM_PERSISTENT, "text/plain");
}

static const char *
fs_type(const char *path)
{
	if (strstr(path, ".json") != NULL)
		return "application/json";
	if (strstr(path, ".csv") != NULL)
		return "text/csv";
	return "application/octet-stream";
}

/* DIR + url, or DIR + url + ".pageN" when page=N and that file exists. */
static char *
fs_file(struct MHD_Connection *conn, const char *url, size_t *len,
    char *path, size_t size)
{
	const char	*page;
	char		*body;

	page = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "page");
	if (page != NULL && strspn(page, "0123456789") == strlen(page) &&
	    *page != '\0') {
		snprintf(path, size, "%s%s.page%s", fs_dir, url, page);
		if ((body = fs_read(path, len)) != NULL)
			return body;
	}
	snprintf(path, size, "%s%s", fs_dir, url);
	return fs_read(path, len);
}

/* A body of unknown length, handed out in pieces of at most 7 bytes. */
struct fs_stream {
	char	*body;
	size_t	 len;
};

static ssize_t
fs_stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct fs_stream	*st = cls;
	size_t			 n;

	if (pos >= st->len)
		return MHD_CONTENT_READER_END_OF_STREAM;
	n = st->len - (size_t)pos < 7 ? st->len - (size_t)pos : 7;
	if (n > max)
		n = max;
	memcpy(buf, st->body + pos, n);
	return (ssize_t)n;
}

static void
fs_stream_free(void *cls)
{
	struct fs_stream	*st = cls;

	free(st->body);
	free(st);
}

/* The first cut bytes of body (taken), of no declared length. */
static enum MHD_Result
fs_send_cut(struct MHD_Connection *conn, char *body, size_t len,
    const char *cut, const char *path)
{
	struct MHD_Response	*r;
	struct fs_stream	*st;
	const char		*chunked;
	enum MHD_Result		 ret;

	if ((st = malloc(sizeof(*st))) == NULL) {
		free(body);
		return MHD_NO;
	}
	st->body = body;
	st->len = (size_t)strtoul(cut, NULL, 10);
	if (st->len > len)
		st->len = len;
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 1024,
	    fs_stream_read, st, fs_stream_free);
	if (r == NULL) {
		fs_stream_free(st);
		return MHD_NO;
	}
	chunked = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND,
	    "chunked");
	if (chunked == NULL || strcmp(chunked, "1") != 0)
		MHD_set_response_options(r, MHD_RF_HTTP_1_0_COMPATIBLE_STRICT,
		    MHD_RO_END);
	MHD_add_response_header(r, "Content-Type", fs_type(path));
	ret = MHD_queue_response(conn, 200, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
fs_handler(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	char		 path[4096];
	char		*body;
	const char	*cut;
	size_t		 len;
	int		 st;

	(void)cls; (void)version; (void)upload_data; (void)upload_data_size;
	if (*con_cls == NULL) {
		*con_cls = conn;	/* headers only: answer next call */
		return MHD_YES;
	}
	if (fs_delay > 0)
		fs_sleep(fs_delay);
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return fs_text(conn, 405, "method not allowed\n");
	if (sscanf(url, "/status/%d", &st) == 1 && st >= 200 && st <= 599)
		return fs_text(conn, (unsigned int)st, "status\n");
	if (fs_has_dotdot(url))
		return fs_text(conn, 403, "forbidden\n");
	if ((body = fs_file(conn, url, &len, path, sizeof(path))) == NULL)
		return fs_text(conn, 404, "not found\n");
	cut = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "cut");
	if (cut != NULL)
		return fs_send_cut(conn, body, len, cut, path);
	return fs_send(conn, 200, body, len, MHD_RESPMEM_MUST_FREE,
	    fs_type(path));
}

static int
fs_write_port(const char *portfile, unsigned int port)
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
fs_start(void)
{
	struct sockaddr_in	 sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = 0;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ERROR_LOG, 0, NULL, NULL,
	    fs_handler, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sin,
	    MHD_OPTION_CONNECTION_TIMEOUT, 60U, MHD_OPTION_END);
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
		if (strcmp(argv[i], "-d") == 0)
			fs_dir = argv[i + 1];
		else if (strcmp(argv[i], "-p") == 0)
			portfile = argv[i + 1];
		else if (strcmp(argv[i], "-delay") == 0)
			fs_delay = atof(argv[i + 1]);
		else
			fs_usage();
	}
	if (i != argc || fs_dir == NULL || portfile == NULL || fs_delay < 0)
		fs_usage();
	/* Block the signals before MHD starts threads; sigwait takes them. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if ((d = fs_start()) == NULL) {
		fprintf(stderr, "fixture_server: cannot start\n");
		return 1;
	}
	di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	if (di == NULL || fs_write_port(portfile, di->port) == -1) {
		fprintf(stderr, "fixture_server: cannot write %s\n", portfile);
		MHD_stop_daemon(d);
		return 1;
	}
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	return 0;
}
