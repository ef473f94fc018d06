/*
 * cachemon.h: notices rrdcached restarts. rrdcached keeps updates queued in
 * memory (for up to -w seconds) and in its journal; one killed and started
 * without that journal has lost them, and librrd's shared connection, which
 * any thread (a graph's flush too) may re-open, does not tell. A monitor
 * holds a connection of its own on which it sends nothing: rrdcached never
 * writes to an idle client, so the socket turns readable only when the
 * daemon behind it is gone.
 */
#ifndef CACHEMON_H
#define CACHEMON_H

struct cachemon;

/*
 * A monitor of rrdcached at addr, as librrd reads it: "unix:/path",
 * "/path", "host", "host:port" or "[v6addr]:port" (port 42217 by default).
 * It connects at its first cachemon_check.
 */
struct cachemon *cachemon_open(const char *addr);
void	 cachemon_close(struct cachemon *);
enum cachemon_event {
	CACHEMON_NONE,		/* nothing changed */
	CACHEMON_GONE,		/* its connection was just lost */
	CACHEMON_BACK		/* connected again after a loss: rrdcached
				   restarted, what it held queued may be
				   gone */
};

/*
 * Look at the connection (and make one if it has none) without blocking
 * for more than 200 ms. Not thread-safe: one caller.
 */
enum cachemon_event cachemon_check(struct cachemon *);
/*
 * A connection to addr as cachemon_open reads it, made within 200 ms: a
 * non-blocking fd, or -1.
 */
int	 cachemon_dial(const char *addr);
/* 1 while it holds a connection (as of the last cachemon_check). */
int	 cachemon_connected(const struct cachemon *);

#endif
