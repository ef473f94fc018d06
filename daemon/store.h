/*
 * store.h: one RRD per indicator under DATA_DIR/rrd/<id>.rrd, derived from
 * the journal. Layout: DS:value:GAUGE:<heartbeat>:U:U, step 86400, AVERAGE
 * at 1 day for 10,000 rows (27.4 years back from the last update) and at
 * 30 days for 800 rows (65.7 years, for graphs of long ranges), xff 0.99:
 * 87,192 bytes a file. A
 * period's value is written at its end; when the previous update is older
 * than the period's start, "U" is written at the start first, so a missing
 * period stays unknown instead of being lost.
 * Optionally every update goes through rrdcached; with rrdcached on TCP
 * every access does (rrdcio.h), to "<id>.rrd" under its base directory.
 * Callers serialise access to one file (the registry lock does).
 */
#ifndef STORE_H
#define STORE_H

#include <stddef.h>
#include <time.h>

#include "period.h"
#include "rrdhead.h"

#define STORE_STEP		RRDHEAD_STEP
#define STORE_DAILY_ROWS	RRDHEAD_DAILY_ROWS
#define STORE_DAILY_ROWS_S	RRDHEAD_DAILY_ROWS_S
#define STORE_MONTHLY_ROWS	RRDHEAD_MONTHLY_ROWS
#define STORE_MONTHLY_ROWS_S	RRDHEAD_MONTHLY_ROWS_S

/* One stored period: [start, end) with its value. */
struct store_point {
	time_t	 start;
	time_t	 end;
	double	 value;
};

struct store;

struct store *store_open(const char *data_dir, const char *rrdcached,
	    char *err, size_t errlen);
void	 store_close(struct store *);
/*
 * The reason of the librrd failure just seen, into buf, and librrd's error
 * cleared: rrd_get_error()'s text, completed with ": " and strerror(e)
 * when e (the errno saved after the call) is set and the text lacks it
 * ("Cannot create temporary file: Not a directory"); never empty ("librrd
 * gave no reason", with strerror(e) when set).
 */
const char *store_reason(char *buf, size_t size, int e);
/* Path of an indicator's RRD (static buffer per store is not used: malloc'd). */
char	*store_path(const struct store *, const char *id);
/* Heartbeat in seconds for a frequency. */
long	 store_heartbeat(enum period_kind);
/*
 * Write the whole series into a new file (id.rrd.tmp) and rename it over the
 * old one. pts sorted by start, non-overlapping; n may be 0 (empty RRD).
 */
int	 store_rebuild(struct store *, const char *id, enum period_kind freq,
	    const struct store_point *pts, size_t n, char *err, size_t errlen);
/*
 * Append points newer than every stored one. prev_end is the end of the
 * latest stored point (0 if none).
 */
int	 store_append(struct store *, const char *id, time_t prev_end,
	    const struct store_point *pts, size_t n, char *err, size_t errlen);

/* How a file differs from the journal's points, day by day. */
struct store_diff {
	size_t	 missing;	/* periods the file has no value for */
	size_t	 differ;	/* periods where it holds another value */
	time_t	 differ_first;	/* the first such day's end */
	size_t	 extra;		/* days with a value outside every period */
	time_t	 extra_first;	/* the first and last of them (ends) */
	time_t	 extra_last;
	enum rrdhead_layout layout;	/* the file's, from the header read */
	long long size;			/* its bytes */
};

/*
 * Compare the RRD's daily rows with pts: 0 with d filled, -1 if the file is
 * missing or unreadable (err says why). The rows compared end at its last
 * update or the last point, whichever is later, and start at the first
 * point, or, with whole or no points, STORE_DAILY_ROWS days before.
 * Rows that pts do not reach and that hold values (d->extra) are values
 * the journal lacks: the file cannot get ahead of an intact journal,
 * since it is written only after the journal is fsynced.
 * Over TCP (rrdcached's FETCH sends 10,000 rows as text: 20 ms a file),
 * when trusted (store_synced) and not whole, a file whose last update as
 * rrdcached has it is the last point's end is taken as it is, unfetched:
 * an append or a rebuild cut short, or updates rrdcached lost, leave it
 * behind; a file changed behind rrdcached's back is not seen.
 */
int	 store_compare(struct store *, const char *id,
	    const struct store_point *pts, size_t n, int whole,
	    struct store_diff *d, char *err, size_t errlen);
/*
 * 0 if the RRD exists and holds pts (every day of each period equal to
 * its value), -1 otherwise (err says why).
 */
int	 store_verify(struct store *, const char *id,
	    const struct store_point *pts, size_t n, char *err, size_t errlen);
/* Flush the file through rrdcached if one is configured (before reads). */
int	 store_flush(struct store *, const char *id);
const char *store_daemon(const struct store *);
/* 1 with rrdcached on TCP: rebuilds too are queued in rrdcached. */
int	 store_remote(const struct store *);
/*
 * DATA_DIR/rrd.clean is the mark of a clean stop: store_mark_clean, called
 * when every file holds the journal and nothing more will be written,
 * makes it (local files: after a syncfs of their file system, so every
 * row written is on the disk first; then the mark is fsynced, and its
 * directory). store_open takes it away, durably (fsync of DATA_DIR),
 * before anything is written. With rrdcached on a unix socket no mark is
 * made: rrdcached writes the files when it likes.
 * Over TCP, store_compare trusts a file's last update (see there) only
 * once the start-up check is over (store_synced), or at a start after a
 * clean stop. After a crash a journaled revision may not have reached its
 * file, whose last update can still be the last point's.
 */
void	 store_synced(struct store *);
void	 store_mark_clean(struct store *);
/*
 * At a start after a clean stop (local files, until store_synced): 1 if
 * id's file is whole, of the current layout and last updated at end, read
 * from its header with one open, fstat, pread and close; else 0 (and
 * always without the mark), when the caller compares its rows. A file
 * changed while the daemon was stopped is seen only if its last update
 * or layout moved.
 */
int	 store_current(struct store *, const char *id, time_t end);
/*
 * Take DATA_DIR/rrd.clean away without opening the store (0, or -1 with
 * errno): records appended behind the daemon's back (--journal-import)
 * may not be in their files.
 */
int	 store_unmark_clean(const char *data_dir);
/*
 * 1 once rrdcached is reachable again after it went away (cachemon.h):
 * updates it held queued may be lost. librrd's connection is closed as
 * soon as rrdcached is seen gone, and again when it is back. One caller
 * (the main loop).
 */
int	 store_daemon_restarted(struct store *);

#endif
