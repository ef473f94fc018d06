/*
 * conns.c: the connection guard (see conns.h). Connections waiting for
 * their request headers are on one list in the order they began waiting,
 * so the oldest is at its head for eviction and the deadline sweep stops at
 * the first one not yet due; connections reading a body are on a short
 * list of their own, swept whole. A connection being answered is on
 * neither. One mutex over all of it.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "conns.h"
#include "xmalloc.h"

#define SWEEP_MS	100
/* What one sweep reads of one lingering socket at most. */
#define LINGER_READ_MAX	(1u << 20)

enum conn_state { CONN_WAIT, CONN_READ, CONN_WORK };

struct conn {
	struct conn	*prev, *next;	/* on wait or read, per state */
	int		 fd;
	enum conn_state	 state;
	int		 doomed;	/* shut down, not yet closed by MHD */
	int		 linger;
	uint64_t	 since;		/* the request's wait began */
};

struct conn_list {
	struct conn	*head, *tail;
};

struct lingerer {
	int		 fd;
	uint64_t	 until;
	size_t		 bytes;
};

struct conns {
	pthread_mutex_t	 lock;
	struct conn_list wait;
	struct conn_list read;
	int		 limit;		/* live connections kept at most */
	uint64_t	 timeout;	/* request deadline, ms */
	uint64_t	 nopen, ndoomed;
	uint64_t	 expired, evicted, lingered;
	struct lingerer	 lingering[CONNS_LINGER_MAX];
	size_t		 nlinger;
	pthread_t	 thread;
	int		 started;
	atomic_int	 stop;
};

static void
list_append(struct conn_list *l, struct conn *c)
{
	c->next = NULL;
	c->prev = l->tail;
	if (l->tail != NULL)
		l->tail->next = c;
	else
		l->head = c;
	l->tail = c;
}

static void
list_unlink(struct conn_list *l, struct conn *c)
{
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		l->head = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	else
		l->tail = c->prev;
	c->prev = c->next = NULL;
}

/* The list c is on by its state, or NULL (answering, or shut down). */
static struct conn_list *
conn_list_of(struct conns *cs, struct conn *c)
{
	if (c->doomed || c->state == CONN_WORK)
		return NULL;
	return c->state == CONN_WAIT ? &cs->wait : &cs->read;
}

/* Under the lock: end c; MHD sees end of file and closes it. */
static void
conn_doom(struct conns *cs, struct conn *c)
{
	struct conn_list	*l;

	if ((l = conn_list_of(cs, c)) != NULL)
		list_unlink(l, c);
	c->doomed = 1;
	cs->ndoomed++;
	shutdown(c->fd, SHUT_RDWR);
}

int
conns_reserve(int max)
{
	return max / 16 > 1 ? max / 16 : 1;
}

struct conns *
conns_new(int max, uint64_t request_timeout_ms)
{
	struct conns	*cs;

	cs = xcalloc(1, sizeof(*cs));
	pthread_mutex_init(&cs->lock, NULL);
	cs->limit = max - conns_reserve(max);
	if (cs->limit < 1)
		cs->limit = 1;
	cs->timeout = request_timeout_ms;
	atomic_init(&cs->stop, 0);
	return cs;
}

struct conn *
conns_open(struct conns *cs, int fd, uint64_t now)
{
	struct conn	*c;

	c = xcalloc(1, sizeof(*c));
	c->fd = fd;
	c->state = CONN_WAIT;
	c->since = now;
	pthread_mutex_lock(&cs->lock);
	if (cs->nopen - cs->ndoomed >= (uint64_t)cs->limit &&
	    cs->wait.head != NULL) {
		conn_doom(cs, cs->wait.head);
		cs->evicted++;
	}
	list_append(&cs->wait, c);
	cs->nopen++;
	pthread_mutex_unlock(&cs->lock);
	return c;
}

/* Under the lock: keep a duplicate of c's socket to drain it. */
static void
linger_add(struct conns *cs, const struct conn *c, uint64_t now)
{
	struct lingerer	*l;
	int		 fd;

	if (cs->nlinger == CONNS_LINGER_MAX ||
	    (fd = fcntl(c->fd, F_DUPFD_CLOEXEC, 0)) == -1)
		return;
	l = &cs->lingering[cs->nlinger++];
	l->fd = fd;
	l->until = now + CONNS_LINGER_MS;
	l->bytes = 0;
	cs->lingered++;
}

void
conns_close(struct conns *cs, struct conn *c, uint64_t now)
{
	struct conn_list	*l;

	if (c == NULL)
		return;
	pthread_mutex_lock(&cs->lock);
	if ((l = conn_list_of(cs, c)) != NULL)
		list_unlink(l, c);
	if (c->doomed)
		cs->ndoomed--;
	else if (c->linger)
		linger_add(cs, c, now);
	cs->nopen--;
	pthread_mutex_unlock(&cs->lock);
	free(c);
}

/* Under the lock: move c to state st (its list, if any, by st). */
static void
conn_move(struct conns *cs, struct conn *c, enum conn_state st)
{
	struct conn_list	*l;

	if (c->doomed)
		return;
	if ((l = conn_list_of(cs, c)) != NULL)
		list_unlink(l, c);
	c->state = st;
	if ((l = conn_list_of(cs, c)) != NULL)
		list_append(l, c);
}

void
conns_begin(struct conns *cs, struct conn *c, int reading)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&cs->lock);
	conn_move(cs, c, reading ? CONN_READ : CONN_WORK);
	pthread_mutex_unlock(&cs->lock);
}

void
conns_work(struct conns *cs, struct conn *c)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&cs->lock);
	conn_move(cs, c, CONN_WORK);
	pthread_mutex_unlock(&cs->lock);
}

void
conns_done(struct conns *cs, struct conn *c, uint64_t now)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&cs->lock);
	c->since = now;
	conn_move(cs, c, CONN_WAIT);
	pthread_mutex_unlock(&cs->lock);
}

void
conns_linger(struct conns *cs, struct conn *c)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&cs->lock);
	c->linger = 1;
	pthread_mutex_unlock(&cs->lock);
}

/*
 * Under the lock: read and drop what l's client sent; 1 when l is done
 * (end of file, an error, its time or bytes used up).
 */
static int
linger_drain(struct lingerer *l, uint64_t now)
{
	char	 buf[65536];
	size_t	 got = 0;
	ssize_t	 n;

	while (got < LINGER_READ_MAX) {
		n = recv(l->fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n == 0 || (n == -1 && errno != EAGAIN &&
		    errno != EWOULDBLOCK && errno != EINTR))
			return 1;
		if (n == -1)
			break;
		got += (size_t)n;
	}
	l->bytes += got;
	return now >= l->until || l->bytes >= CONNS_LINGER_BYTES;
}

/* Under the lock: drain every lingering socket, closing those done. */
static void
linger_sweep(struct conns *cs, uint64_t now)
{
	size_t	 i = 0;

	while (i < cs->nlinger) {
		if (!linger_drain(&cs->lingering[i], now)) {
			i++;
			continue;
		}
		close(cs->lingering[i].fd);
		cs->lingering[i] = cs->lingering[--cs->nlinger];
	}
}

int
conns_sweep(struct conns *cs, uint64_t now)
{
	struct conn	*c, *next;
	int		 n = 0;

	pthread_mutex_lock(&cs->lock);
	while ((c = cs->wait.head) != NULL && c->since + cs->timeout <= now) {
		conn_doom(cs, c);
		n++;
	}
	for (c = cs->read.head; c != NULL; c = next) {
		next = c->next;
		if (c->since + cs->timeout <= now) {
			conn_doom(cs, c);
			n++;
		}
	}
	cs->expired += (uint64_t)n;
	linger_sweep(cs, now);
	pthread_mutex_unlock(&cs->lock);
	return n;
}

/* The sweeper: wake at a lingering socket's data, or every SWEEP_MS. */
static void *
conns_main(void *arg)
{
	struct conns	*cs = arg;
	struct pollfd	 pfd[CONNS_LINGER_MAX];
	size_t		 i, n;

	while (!atomic_load(&cs->stop)) {
		pthread_mutex_lock(&cs->lock);
		n = cs->nlinger;
		for (i = 0; i < n; i++) {
			pfd[i].fd = cs->lingering[i].fd;
			pfd[i].events = POLLIN;
		}
		pthread_mutex_unlock(&cs->lock);
		/* Only this thread closes those sockets: they stay valid. */
		(void)poll(pfd, n, SWEEP_MS);
		conns_sweep(cs, clock_ms());
	}
	return NULL;
}

int
conns_start(struct conns *cs)
{
	int	 rc;

	if ((rc = pthread_create(&cs->thread, NULL, conns_main, cs)) != 0) {
		errno = rc;
		return -1;
	}
	cs->started = 1;
	return 0;
}

void
conns_free(struct conns *cs)
{
	size_t	 i;

	if (cs == NULL)
		return;
	if (cs->started) {
		atomic_store(&cs->stop, 1);
		pthread_join(cs->thread, NULL);
	}
	for (i = 0; i < cs->nlinger; i++)
		close(cs->lingering[i].fd);
	pthread_mutex_destroy(&cs->lock);
	free(cs);
}

void
conns_stats(struct conns *cs, struct conns_stats *st)
{
	pthread_mutex_lock(&cs->lock);
	st->open = cs->nopen;
	st->expired = cs->expired;
	st->evicted = cs->evicted;
	st->lingered = cs->lingered;
	st->lingering = cs->nlinger;
	pthread_mutex_unlock(&cs->lock);
}

