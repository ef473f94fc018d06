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
/*
 * Without blocking for more than 200 ms: 1 when it has just connected
 * after its connection was lost (so rrdcached restarted, and what it held
 * queued may be gone), else 0. Not thread-safe: one caller.
 */
int	 cachemon_check(struct cachemon *);
/* 1 while it holds a connection (as of the last cachemon_check). */
int	 cachemon_connected(const struct cachemon *);

#endif
