/*
 * feed.h: one interface for every feed kind. A run yields observations, or
 * an error naming its place; bad records (a CSV line, a cell of a JSON
 * message) are reported one by one and skipped.
 */
#ifndef FEED_H
#define FEED_H

#include <stddef.h>

#include "config.h"
#include "obs.h"
#include "rec.h"

/*
 * Reported for each skipped record: the feed, the record's place ("line 12",
 * "series A.CN.GDP period 2024", "row 3 (...)"), the reason.
 */
typedef void (*feed_bad_cb)(void *arg, const char *feed, const char *place,
	    const char *reason);
/* A map entry that matched no record of a run whose body was read. */
typedef void (*feed_unmatched_cb)(void *arg, const char *feed,
	    const struct feed_map *m);

/* An exec feed's stderr text (NUL-terminated, possibly several lines). */
typedef void (*feed_stderr_cb)(void *arg, const char *feed,
	    const char *text);

/* A step of a run worth a log line ("... reading again in 200 ms"). */
typedef void (*feed_note_cb)(void *arg, const char *feed, const char *text);

struct feed_io {
	feed_bad_cb	 bad_cb;
	feed_stderr_cb	 stderr_cb;
	feed_unmatched_cb unmatched_cb;	/* may be NULL */
	void		*arg;
	const int	*cancel;	/* non-zero: abandon the run (may be NULL) */
	feed_note_cb	 note_cb;	/* may be NULL */
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
/*
 * The records of one run of http feed fc into observations, by its map
 * (without a map, codes that are valid indicator ids are taken as they
 * are). Records repeated with the same code, area and period are stored
 * once; with differing values that series and period is a skipped record.
 * Two codes mapped to one indicator and period with differing values are
 * a skipped record too (the map needs an area). Reports each skip through
 * io->bad_cb and each map entry that matched nothing through
 * io->unmatched_cb; returns the number of skipped records. o->line is the
 * record's 1-based index in rv.
 */
size_t	 feed_map_records(const struct feed_conf *fc, const struct recvec *rv,
	    struct obsvec *out, const struct feed_io *io);
/*
 * A csv file is read again when it may have been read while being written
 * (in place, or renamed over): its size or modification time changed
 * during the read, it was modified less than FEED_SETTLE_MS before, or its
 * last line has no newline. After FEED_READ_TRIES such reads,
 * FEED_READ_PAUSE_MS apart, the run fails.
 */
#define FEED_READ_TRIES		5
#define FEED_READ_PAUSE_MS	200
#define FEED_SETTLE_MS		100

/*
 * Read the whole file path of at most max bytes (NUL-terminated) as above,
 * reporting each read again through io->note_cb for the feed named feed.
 * -1 with err set when it cannot be read or was still being written
 * ("PATH: still being written after 5 reads 200 ms apart (the last changed
 * while being read); nothing stored").
 */
int	 feed_read_stable(const char *path, long max, const struct feed_io *io,
	    const char *feed, char **body, size_t *len, char *err,
	    size_t errlen);

#endif
