/*
 * feed.h: one interface for every feed kind. A run yields observations, or
 * an error naming its place; bad lines are reported one by one and skipped.
 */
#ifndef FEED_H
#define FEED_H

#include <stddef.h>

#include "config.h"
#include "obs.h"

/* Reported for each bad line: the feed, the line number, the reason. */
typedef void (*feed_bad_cb)(void *arg, const char *feed, size_t line,
	    const char *reason);

/* An exec feed's stderr text (NUL-terminated, possibly several lines). */
typedef void (*feed_stderr_cb)(void *arg, const char *feed,
	    const char *text);

struct feed_io {
	feed_bad_cb	 bad_cb;
	feed_stderr_cb	 stderr_cb;
	void		*arg;
	const int	*cancel;	/* non-zero: abandon the run (may be NULL) */
};

#define FEED_BODY_MAX	(64L << 20)	/* largest feed body read */

/*
 * Run fc once: append its observations to out. Returns 0 (bad lines were
 * reported through io->bad_cb and counted in *bad) or -1 with err set when
 * the whole run failed (file unreadable, command failed or timed out, HTTP
 * error, malformed body); then nothing is appended. Records of http feeds
 * carry o->line = their index in the parsed body, 1-based.
 */
int	 feed_run(const struct feed_conf *fc, struct obsvec *out, size_t *bad,
	    struct feed_io *io, char *err, size_t errlen);
/* Read a whole file of at most max bytes (NUL-terminated). */
int	 feed_read_file(const char *path, long max, char **body, size_t *len,
	    char *err, size_t errlen);

#endif
