/*
 * abuse.c: hostile and measuring HTTP clients for tests/integration/
 * t_abuse.sh, all from 127.0.0.1 to 127.0.0.1:PORT.
 *
 *   abuse hold -p PORT -s NSLOW -i NIDLE -t SECS
 *	Holds NSLOW slowloris connections (a request whose headers never end:
 *	one more byte every 2 s) and NIDLE idle ones (nothing sent), opening
 *	a new one at once whenever the server closes one. Prints
 *	"opened N closed C".
 *   abuse probe -p PORT -t SECS -u PATH [-u PATH ...]
 *	Normal clients, one a PATH: a GET every 10 ms, each on a new
 *	connection, allowed 2 s. Prints per path
 *	"probe PATH n N fail F p50 A p99 B max C" (milliseconds).
 *   abuse render -p PORT -n N -c CONC -u ID [-t SECS]
 *	N graph requests of ID at 4000x2000, each with a distinct from/to,
 *	CONC at a time, each allowed 30 s; with -t, the N again and again
 *	until SECS have passed. Prints "ok A busy B retry R other C": 200s,
 *	503s, 503s with a Retry-After header, anything else.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_PATHS	4

static int	port;

static double
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* A socket connecting (non-blocking) to 127.0.0.1:port, or -1. */
static int
dial(void)
{
	struct sockaddr_in	 sa;
	int			 fd;

	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) == -1)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1 &&
	    errno != EINPROGRESS) {
		close(fd);
		return -1;
	}
	return fd;
}

/* hold: see the top of the file. */
static int
hold(int nslow, int nidle, int secs)
{
	static const char req[] =
	    "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: ";
	struct pollfd	*pfd;
	int		*sent, n = nslow + nidle, i;
	long		 opened = 0, closed = 0;
	double		 end = now_ms() + secs * 1e3, next = 0;
	char		 buf[4096];

	pfd = calloc((size_t)n, sizeof(*pfd));
	sent = calloc((size_t)n, sizeof(*sent));
	for (i = 0; i < n; i++) {
		pfd[i].fd = dial();
		pfd[i].events = POLLIN;
		opened += pfd[i].fd != -1;
	}
	while (now_ms() < end) {
		poll(pfd, (nfds_t)n, 100);
		for (i = 0; i < n; i++) {
			if (pfd[i].fd != -1 && !(pfd[i].revents &
			    (POLLIN | POLLHUP | POLLERR)))
				continue;
			if (pfd[i].fd != -1 && recv(pfd[i].fd, buf, sizeof(buf),
			    MSG_DONTWAIT) > 0)
				continue;
			if (pfd[i].fd != -1) {
				close(pfd[i].fd);
				closed++;
			}
			pfd[i].fd = dial();
			sent[i] = 0;
			opened += pfd[i].fd != -1;
		}
		if (now_ms() < next)
			continue;
		/* One more byte on every slowloris connection every 2 s. */
		next = now_ms() + 2000;
		for (i = 0; i < nslow; i++) {
			if (pfd[i].fd == -1)
				continue;
			if (send(pfd[i].fd, sent[i] < (int)sizeof(req) - 1 ?
			    &req[sent[i]] : "a", 1, MSG_NOSIGNAL) == 1)
				sent[i]++;
		}
	}
	printf("opened %ld closed %ld\n", opened, closed);
	for (i = 0; i < n; i++)
		if (pfd[i].fd != -1)
			close(pfd[i].fd);
	free(pfd);
	free(sent);
	return 0;
}

/*
 * One GET of path on a new connection within limit ms; its status, or -1.
 * *retry is set when a Retry-After header came.
 */
static int
get(const char *path, double limit, int *retry)
{
	struct pollfd	 p;
	char		 req[512], resp[8192];
	size_t		 got = 0;
	ssize_t		 r = -1;
	double		 end = now_ms() + limit;
	int		 status = -1, left;

	snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: x\r\n"
	    "Connection: close\r\n\r\n", path);
	if ((p.fd = dial()) == -1)
		return -1;
	p.events = POLLOUT;
	if (poll(&p, 1, (int)limit) != 1 ||
	    send(p.fd, req, strlen(req), MSG_NOSIGNAL) != (ssize_t)strlen(req))
		goto out;
	p.events = POLLIN;
	while ((left = (int)(end - now_ms())) > 0 && poll(&p, 1, left) == 1) {
		r = recv(p.fd, resp + got, sizeof(resp) - 1 - got, 0);
		if (r <= 0)
			break;
		got += (size_t)r;
		if (got == sizeof(resp) - 1)
			got = 1024;	/* keep the head, drop the body */
	}
	resp[got] = '\0';
	if (r == 0 && got > 12)
		(void)sscanf(resp, "HTTP/1.1 %d", &status);
	if (retry != NULL)
		*retry = strcasestr(resp, "\r\nRetry-After: ") != NULL;
out:
	close(p.fd);
	return r == 0 ? status : -1;
}

static int
cmp_double(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* One path's prober: a GET every 10 ms until end. */
struct probe_ctx {
	const char	*path;
	double		 end;
	double		*lat;
	long		 n, cap, fail;
};

static void *
probe_main(void *arg)
{
	struct probe_ctx	*pc = arg;
	double			 t0;

	while (now_ms() < pc->end && pc->n < pc->cap) {
		t0 = now_ms();
		if (get(pc->path, 2000, NULL) != 200)
			pc->fail++;
		pc->lat[pc->n++] = now_ms() - t0;
		usleep(10000);
	}
	return NULL;
}

/* probe: see the top of the file. */
static int
probe(char **paths, int npaths, int secs)
{
	struct probe_ctx	 pc[MAX_PATHS];
	pthread_t		 t[MAX_PATHS];
	long			 k;
	int			 i;

	for (i = 0; i < npaths; i++) {
		pc[i].path = paths[i];
		pc[i].end = now_ms() + secs * 1e3;
		pc[i].cap = (long)secs * 100 + 16;
		pc[i].lat = calloc((size_t)pc[i].cap, sizeof(double));
		pc[i].n = pc[i].fail = 0;
		pthread_create(&t[i], NULL, probe_main, &pc[i]);
	}
	for (i = 0; i < npaths; i++) {
		pthread_join(t[i], NULL);
		qsort(pc[i].lat, (size_t)pc[i].n, sizeof(double), cmp_double);
		k = pc[i].n * 99 / 100;
		printf("probe %s n %ld fail %ld p50 %.1f p99 %.1f max %.1f\n",
		    paths[i], pc[i].n, pc[i].fail, pc[i].lat[pc[i].n / 2],
		    pc[i].lat[k < pc[i].n ? k : pc[i].n - 1],
		    pc[i].lat[pc[i].n - 1]);
		free(pc[i].lat);
	}
	return 0;
}

struct render_ctx {
	pthread_mutex_t	 lock;
	const char	*id;
	double		 end;		/* 0: one round */
	int		 next, n;
	int		 ok, busy, retry, other;
};

static void *
render_main(void *arg)
{
	struct render_ctx	*rc = arg;
	char			 path[256];
	int			 i, st, retry;

	for (;;) {
		pthread_mutex_lock(&rc->lock);
		if (rc->next == rc->n && rc->end > now_ms())
			rc->next = 0;
		i = rc->next < rc->n ? rc->next++ : -1;
		pthread_mutex_unlock(&rc->lock);
		if (i == -1)
			return NULL;
		snprintf(path, sizeof(path), "/graph/%s.png?width=4000&"
		    "height=2000&from=%d&to=%d", rc->id, 1980 + i % 100,
		    2101 + i / 100);
		retry = 0;
		st = get(path, 30000, &retry);
		pthread_mutex_lock(&rc->lock);
		if (st == 200)
			rc->ok++;
		else if (st == 503) {
			rc->busy++;
			rc->retry += retry;
		} else
			rc->other++;
		pthread_mutex_unlock(&rc->lock);
	}
}

/* render: see the top of the file. */
static int
render(const char *id, int n, int conc, int secs)
{
	struct render_ctx	 rc;
	pthread_t		 t[64];
	int			 i;

	memset(&rc, 0, sizeof(rc));
	pthread_mutex_init(&rc.lock, NULL);
	rc.id = id;
	rc.n = n;
	rc.end = secs > 0 ? now_ms() + secs * 1e3 : 0;
	if (conc > 64)
		conc = 64;
	for (i = 0; i < conc; i++)
		pthread_create(&t[i], NULL, render_main, &rc);
	for (i = 0; i < conc; i++)
		pthread_join(t[i], NULL);
	printf("ok %d busy %d retry %d other %d\n", rc.ok, rc.busy, rc.retry,
	    rc.other);
	return 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: abuse hold -p PORT -s NSLOW -i NIDLE -t SECS\n"
	    "       abuse probe -p PORT -t SECS -u PATH [-u PATH ...]\n"
	    "       abuse render -p PORT -n N -c CONC -u ID [-t SECS]\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	struct rlimit	 rl;
	char		*paths[MAX_PATHS], *cmd;
	int		 ch, nslow = 0, nidle = 0, secs = 0, n = 1, conc = 1;
	int		 npaths = 0;

	if (argc < 2)
		usage();
	cmd = argv[1];
	argc--;
	argv++;
	signal(SIGPIPE, SIG_IGN);
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	while ((ch = getopt(argc, argv, "p:s:i:t:u:n:c:")) != -1) {
		switch (ch) {
		case 'p': port = atoi(optarg); break;
		case 's': nslow = atoi(optarg); break;
		case 'i': nidle = atoi(optarg); break;
		case 't': secs = atoi(optarg); break;
		case 'n': n = atoi(optarg); break;
		case 'c': conc = atoi(optarg); break;
		case 'u':
			if (npaths == MAX_PATHS)
				usage();
			paths[npaths++] = optarg;
			break;
		default:
			usage();
		}
	}
	if (port == 0)
		usage();
	if (strcmp(cmd, "hold") == 0 && secs > 0)
		return hold(nslow, nidle, secs);
	if (strcmp(cmd, "probe") == 0 && npaths > 0 && secs > 0)
		return probe(paths, npaths, secs);
	if (strcmp(cmd, "render") == 0 && npaths == 1)
		return render(paths[0], n, conc, secs);
	usage();
}
