/*
 * rrdhead.h: the store's RRD files (store.h) read with pread: their
 * header and daily rows, without librrd mapping and unmapping the file.
 * Paths are local files; rrdcached is not asked.
 */
#ifndef RRDHEAD_H
#define RRDHEAD_H

#include <time.h>

/* The store's layout: one value, a step of a day, two AVERAGE archives. */
#define RRDHEAD_STEP		86400
#define RRDHEAD_DAILY_ROWS	10000	/* days kept at full resolution */
#define RRDHEAD_DAILY_ROWS_S	"10000"
#define RRDHEAD_MONTHLY_ROWS	800	/* of 30 days: 2.4 times further back */
#define RRDHEAD_MONTHLY_ROWS_S	"800"

enum rrdhead_layout {
	RRDHEAD_CURRENT,	/* what store_rebuild (store.h) makes now */
	/*
	 * What it made first: AVERAGE and LAST at 1 day (12,000 rows) and
	 * at 30 days (1,500 rows) of one value, 217,208 bytes. With one
	 * update per period each daily LAST row holds what its AVERAGE row
	 * holds: a redundant archive.
	 */
	RRDHEAD_OLD_LAST,
	/*
	 * Then: AVERAGE at 1 day (12,000 rows) and at 30 days (400 rows),
	 * 99,992 bytes. The 30-day rows reached no further back than the
	 * daily ones: a redundant archive too.
	 */
	RRDHEAD_OLD_12000,
	RRDHEAD_OTHER	/* anything else, or an unreadable header */
};

/*
 * The file's last update, as rrd_last_r gives it (-1 with librrd's error
 * set when unreadable), read from its header without mapping the file:
 * rrd_last_r maps and unmaps it, 0.1 ms a file (1,000 files: 84 to 118 ms).
 */
time_t	 rrdhead_last(const char *path);

/*
 * The layout of the file at path from its header, read with pread (the
 * file is neither mapped nor fetched), and its size in *size (0 when it
 * cannot be opened).
 */
enum rrdhead_layout rrdhead_layout(const char *path, long long *size);

/*
 * The daily AVERAGE rows of the file at path as rrd_fetch_r(path,
 * "AVERAGE", start, end, step 1 day) gives them: *start and *end moved as
 * it moves them, then (*end - *start) / RRDHEAD_STEP rows in *data (free),
 * row i the day that ends at *start + (i + 1) days, unknown where the
 * daily archive does not reach. Read with pread, not mapped: 21-27 us a
 * file of 3,654 rows against rrd_fetch_r's 306-461 us, mostly its munmap.
 * -1 (nothing changed) for a file of another format or first archive, a
 * short one, or a start before the daily archive's reach, where
 * rrd_fetch_r could choose another archive: ask rrd_fetch_r. The file's
 * layout and size go to *layout and *size once its header is read.
 */
int	 rrdhead_daily(const char *path, time_t *start, time_t *end,
	    double **data, enum rrdhead_layout *layout, long long *size);

/*
 * 1 if the file at path is of the current layout, whole (its size at
 * least the layout's) and last updated at end, from one open, fstat,
 * pread of its first 504 bytes (to the live head) and close; 0 otherwise.
 */
int	 rrdhead_current(const char *path, time_t end);

#endif
