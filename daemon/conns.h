/*
 * conns.h: the guard of the HTTP server's connections. It learns of every
 * connection libmicrohttpd opens and closes (MHD_OPTION_NOTIFY_CONNECTION)
 * and of the progress of its request, and ends a connection by
 * shutdown(2) of its socket, which MHD then closes as if the client had
 * gone:
 *
 * - request deadline: a request must arrive whole (headers and body)
 *   within request_timeout of the connection's start or of the end of its
 *   previous request, however slowly it trickles (MHD's own timeout
 *   restarts at every byte, so a slowloris would keep its slot forever);
 * - eviction: when the live connections reach the limit less a reserve,
 *   the oldest one still waiting for its request headers (idle or
 *   slowloris) is ended, so that a client that sends its request at once
 *   finds a slot however many connections others hold;
 * - lingering close: a connection answered before its request body was
 *   read (413, 401) is kept open for a while after MHD closes it, reading
 *   and dropping what the client still sends, so that the client reads the
 *   answer instead of a reset (closing a socket with unread data sends a
 *   TCP RST, which discards the answer at the client).
 *
 * Times are milliseconds of CLOCK_MONOTONIC, passed in so that tests can
 * drive the clock. Thread-safe.
 */
#ifndef CONNS_H
#define CONNS_H

#include <stddef.h>
#include <stdint.h>

/* How long, and for how many bytes, a lingering close reads at most. */
#define CONNS_LINGER_MS		2000
#define CONNS_LINGER_BYTES	(16u << 20)
/* Sockets lingering at once; past that, a close is plain. */
#define CONNS_LINGER_MAX	64

struct conns;
struct conn;

struct conns_stats {
	uint64_t	 open;		/* connections now tracked */
	uint64_t	 expired;	/* ended at the request deadline */
	uint64_t	 evicted;	/* ended to make room */
	uint64_t	 lingered;	/* closes that drained the client first */
	uint64_t	 lingering;	/* sockets lingering now */
};

/*
 * A guard keeping at most max - reserve live connections (reserve: one
 * sixteenth of max, at least 1) and a request deadline of
 * request_timeout_ms.
 */
struct conns *conns_new(int max, uint64_t request_timeout_ms);
/* The reserve of a guard of max connections (see conns_new). */
int	 conns_reserve(int max);
/* Stop the sweeper if started, close lingering sockets, free. NULL is ok. */
void	 conns_free(struct conns *);
/*
 * Run conns_sweep and the lingering sockets in a thread of their own, every
 * 100 ms. 0, or -1 with errno set.
 */
int	 conns_start(struct conns *);

/*
 * A new connection on socket fd, waiting for its first request; the oldest
 * waiting connection is ended first if the live ones would pass the limit.
 */
struct conn *conns_open(struct conns *, int fd, uint64_t now);
/*
 * The connection is gone; called before its socket is closed (as MHD's
 * NOTIFY_CLOSED is). If conns_linger was called for it, a duplicate of its
 * socket is kept and drained (see above). NULL is ignored.
 */
void	 conns_close(struct conns *, struct conn *, uint64_t now);
/*
 * The request's headers have arrived: reading, its body is still to come
 * (still under the deadline); otherwise it is being answered (no deadline,
 * never evicted).
 */
void	 conns_begin(struct conns *, struct conn *, int reading);
/* The request's body has arrived: it is being answered. */
void	 conns_work(struct conns *, struct conn *);
/* The request was answered: the connection waits for its next one. */
void	 conns_done(struct conns *, struct conn *, uint64_t now);
/*
 * The answer went out before the body was read: linger at the close (MHD
 * closes such a connection once the answer is sent, after the request
 * completed, so the mark stays).
 */
void	 conns_linger(struct conns *, struct conn *);
/*
 * End every connection past its request deadline, and read what lingering
 * sockets have (closing those done). Returns how many connections it ended.
 */
int	 conns_sweep(struct conns *, uint64_t now);
void	 conns_stats(struct conns *, struct conns_stats *);

#endif
