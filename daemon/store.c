/*
 * store.c: RRD files derived from the journal (see store.h).
 */
#include <errno.h>
#include <math.h>
#include <fcntl.h>
/* rrd.h then declares the file format too (rrd_format.h): store_last. */
#define RRD_EXPORT_DEPRECATED
#include <rrd.h>
#include <rrd_client.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cachemon.h"
#include "num.h"
#include "rrdcio.h"
#include "rrdhead.h"
#include "store.h"
#include "xmalloc.h"

struct store {
	char	*dir;		/* DATA_DIR/rrd; NULL when remote */
	char	*daemon;	/* rrdcached address or NULL */
	int	 remote;	/* over TCP: files only through rrdcached */
	int	 trust;		/* remote: a file's LAST tells (store_synced) */
	int	 clean_start;	/* local: rrd.clean was there (store_current) */
	char	*top;		/* DATA_DIR */
	char	*clean;		/* DATA_DIR/rrd.clean */
	struct cachemon *mon;	/* notices its restarts */
};

const char *
store_reason(char *buf, size_t size, int e)
{
	const char	*msg = rrd_get_error();
	const char	*why = e != 0 ? strerror(e) : "";

	if (msg == NULL || msg[0] == '\0')
		snprintf(buf, size, "librrd gave no reason%s%s",
		    e != 0 ? "; errno: " : "", why);
	else if (e != 0 && strstr(msg, why) == NULL)
		snprintf(buf, size, "%s: %s", msg, why);
	else
		snprintf(buf, size, "%s", msg);
	rrd_clear_error();
	return buf;
}

/*
 * rrd_get_error() is thread-local in librrd's _r interface. Call at once
 * after the failing call, which was made with errno 0: its errno is kept.
 */
static void
rrd_err(char *err, size_t errlen, const char *what, const char *path)
{
	char	 why[512];

	snprintf(err, errlen, "%s %s: %s", what, path, store_reason(why,
	    sizeof(why), errno));
}

/* DATA_DIR/rrd.clean: the mark of a clean stop (store.h). */
static char *
clean_path(const char *data_dir)
{
	char	*p;

	xasprintf(&p, "%s/rrd.clean", data_dir);
	return p;
}

/*
 * fsync the directory dir, or with fs, syncfs its file system: every
 * dirty page of every file on it, whichever process wrote it.
 */
static int
sync_dir(const char *dir, int fs)
{
	int	 fd, rc;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	rc = fs ? syncfs(fd) : fsync(fd);
	close(fd);
	return rc;
}

/*
 * Take the mark away before anything is written, durably (a mark that
 * came back after a crash would vouch for files this run changed): 1 if
 * it was there, 0 if not, -1 with err set.
 */
static int
take_mark(struct store *s, char *err, size_t errlen)
{
	if (unlink(s->clean) == -1) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", s->clean, strerror(errno));
		return -1;
	}
	if (sync_dir(s->top, 0) == -1) {
		snprintf(err, errlen, "%s: fsync: %s", s->top,
		    strerror(errno));
		return -1;
	}
	return 1;
}

struct store *
store_open(const char *data_dir, const char *rrdcached, char *err,
    size_t errlen)
{
	struct store	*s;

	char		*dir, *abs;
	int		 mark;

	s = xcalloc(1, sizeof(*s));
	s->top = xstrdup(data_dir);
	s->clean = clean_path(data_dir);
	if ((mark = take_mark(s, err, errlen)) == -1) {
		store_close(s);
		return NULL;
	}
	if (rrdcio_is_tcp(rrdcached)) {
		s->remote = 1;
		s->trust = mark;
		s->daemon = xstrdup(rrdcached);
		s->mon = cachemon_open(rrdcached);
		cachemon_check(s->mon);
		return s;
	}
	xasprintf(&dir, "%s/rrd", data_dir);
	if (mkdir(dir, 0750) == -1 && errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		free(dir);
		store_close(s);
		return NULL;
	}
	/* rrdcached resolves relative names against its own directory. */
	if ((abs = realpath(dir, NULL)) == NULL) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		free(dir);
		store_close(s);
		return NULL;
	}
	free(dir);
	s->dir = xstrdup(abs);
	free(abs);
	/* Through a unix socket rrdcached may have held updates queued. */
	s->clean_start = mark && rrdcached == NULL;
	if (rrdcached != NULL) {
		s->daemon = xstrdup(rrdcached);
		s->mon = cachemon_open(rrdcached);
		cachemon_check(s->mon);
	}
	return s;
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	cachemon_close(s->mon);
	free(s->dir);
	free(s->daemon);
	free(s->top);
	free(s->clean);
	free(s);
}

const char *
store_daemon(const struct store *s)
{
	return s->daemon;
}

int
store_remote(const struct store *s)
{
	return s->remote;
}

void
store_synced(struct store *s)
{
	s->trust = 1;
	s->clean_start = 0;
}

void
store_mark_clean(struct store *s)
{
	int	 fd;

	/* rrdcached on a unix socket writes the files when it likes. */
	if (s->daemon != NULL && !s->remote)
		return;
	/* Every row written must be on the disk before the mark is. */
	if (!s->remote && sync_dir(s->dir, 1) == -1)
		return;
	/* Lost in a crash it costs a slower start only. */
	if ((fd = open(s->clean, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0640)) == -1)
		return;
	if (fsync(fd) == 0)
		sync_dir(s->top, 0);
	close(fd);
}

int
store_unmark_clean(const char *data_dir)
{
	char	*path;
	int	 rc;

	path = clean_path(data_dir);
	rc = unlink(path) == -1 && errno != ENOENT ? -1 : 0;
	free(path);
	return rc;
}

int
store_daemon_restarted(struct store *s)
{
	enum cachemon_event	 e;

	if (s->mon == NULL || (e = cachemon_check(s->mon)) == CACHEMON_NONE)
		return 0;
	/*
	 * librrd's connection to the old rrdcached is dead, and librrd 1.7.2
	 * can crash reading a reply on it (rrdc_flush, in a memchr on a
	 * freed buffer): the next call opens a new one.
	 */
	rrdc_disconnect();
	return e == CACHEMON_BACK;
}

char *
store_path(const struct store *s, const char *id)
{
	char	*p;

	/* rrdcached's, relative to its base directory. */
	if (s->remote)
		xasprintf(&p, "%s.rrd", id);
	else
		xasprintf(&p, "%s/%s.rrd", s->dir, id);
	return p;
}

long
store_heartbeat(enum period_kind k)
{
	switch (k) {
	case PERIOD_ANNUAL:
		return 400L * 86400;
	case PERIOD_SEMIANNUAL:
		return 190L * 86400;
	case PERIOD_QUARTERLY:
		return 100L * 86400;
	case PERIOD_MONTHLY:
		return 35L * 86400;
	case PERIOD_WEEKLY:
		return 8L * 86400;
	case PERIOD_DAILY:
		return 2L * 86400;
	}
	return 400L * 86400;
}

/* Room for one update argument: "-9223372036854775808:" and a value. */
#define UPDATE_ARGLEN	(21 + NUM_STRLEN)

/*
 * Build the update arguments for pts after a last update at prev_end:
 * "start:U" where there is a gap, then "end:value". argv[0] is the one
 * allocation all of them live in (free_argv); returns the count.
 */
static int
build_updates(time_t prev_end, const struct store_point *pts, size_t n,
    char ***argvp)
{
	char	**argv, *base, *p;
	size_t	 i;
	int	 argc = 0, w;

	argv = xcalloc(2 * n + 1, sizeof(*argv));
	p = base = xmalloc(2 * n * UPDATE_ARGLEN + 1);
	for (i = 0; i < n; i++) {
		if (prev_end < pts[i].start) {
			argv[argc++] = p;
			p += snprintf(p, UPDATE_ARGLEN, "%lld:U",
			    (long long)pts[i].start) + 1;
		}
		argv[argc++] = p;
		w = snprintf(p, UPDATE_ARGLEN, "%lld:", (long long)pts[i].end);
		p += w;
		p += num_format17(pts[i].value, p) + 1;
		prev_end = pts[i].end;
	}
	if (argc == 0)
		free(base);	/* nothing points into it */
	*argvp = argv;
	return argc;
}

static void
free_argv(char **argv, int argc)
{
	if (argv != NULL && argc > 0)
		free(argv[0]);
	free(argv);
}

/* Update path through rrdcached, or in-process. */
static int
update_file(struct store *s, const char *path, int argc, char **argv,
    char *err, size_t errlen)
{
	int	 rc;

	if (argc == 0)
		return 0;
	if (s->daemon != NULL) {
		/* After an rrdcached restart it tries on a new connection. */
		errno = 0;
		rc = rrdcio_update(s->daemon, path, argc,
		    (const char *const *)argv);
	} else {
		errno = 0;
		rc = rrd_update_r(path, NULL, argc, (const char **)argv);
	}
	if (rc != 0) {
		rrd_err(err, errlen, "update", path);
		return -1;
	}
	return 0;
}

static int
store_create(struct store *s, const char *path, enum period_kind freq,
    time_t start, char *err, size_t errlen)
{
	char		 ds[64];
	const char	*argv[] = { ds,
	    "RRA:AVERAGE:0.99:1:" STORE_DAILY_ROWS_S,
	    "RRA:AVERAGE:0.99:30:" STORE_MONTHLY_ROWS_S };
	int		 nargs = (int)(sizeof(argv) / sizeof(argv[0]));

	snprintf(ds, sizeof(ds), "DS:value:GAUGE:%ld:U:U",
	    store_heartbeat(freq));
	rrd_clear_error();
	errno = 0;
	/* librrd 1.7.2 returns 0 when renaming its temporary file failed. */
	if ((s->remote ? rrdcio_create(s->daemon, path, STORE_STEP, start,
	    nargs, argv) : rrd_create_r2(path, STORE_STEP, start, 0, NULL,
	    NULL, nargs, argv)) != 0 || rrd_get_error()[0] != '\0') {
		rrd_err(err, errlen, "create", path);
		return -1;
	}
	return 0;
}

/* Flush (to keep nothing queued) and forget path in rrdcached. */
static int
store_daemon_forget(struct store *s, const char *path)
{
	if (access(path, F_OK) == -1)
		return 0;
	if (rrdc_connect(s->daemon) != 0) {
		rrdc_disconnect();
		if (rrdc_connect(s->daemon) != 0)
			return -1;
	}
	if (rrdc_flush(path) != 0) {
		/*
		 * librrd 1.7.2 keeps the connection after a failed reply read,
		 * its read buffer past its end: the next call could crash.
		 */
		rrd_clear_error();
		rrdc_disconnect();
		if (rrdc_connect(s->daemon) != 0)
			return -1;
	}
	if (rrdc_forget(path) != 0) {
		/* Not known to rrdcached: nothing to forget. */
		rrd_clear_error();
	}
	return 0;
}

/*
 * store_rebuild over TCP, where nothing can be renamed: have rrdcached
 * write out and forget the old file, create it anew over it and update
 * it. A crash in between leaves the file empty or partly written; the
 * start-up check against the journal rebuilds it again.
 */
static int
store_rebuild_remote(struct store *s, const char *path, enum period_kind freq,
    const struct store_point *pts, size_t n, char *err, size_t errlen)
{
	char	**argv = NULL, why[512];
	time_t	 start;
	int	 argc = 0, rc = -1;

	start = n > 0 ? pts[0].start - STORE_STEP : time(NULL) - STORE_STEP;
	errno = 0;
	if (rrdcio_forget(s->daemon, path) == -1) {
		snprintf(err, errlen, "rrdcached %s: cannot forget %s: %s",
		    s->daemon, path, store_reason(why, sizeof(why), errno));
		return -1;
	}
	if (store_create(s, path, freq, start, err, errlen) == -1)
		return -1;
	argc = build_updates(start, pts, n, &argv);
	rc = update_file(s, path, argc, argv, err, errlen);
	free_argv(argv, argc);
	return rc;
}

int
store_rebuild(struct store *s, const char *id, enum period_kind freq,
    const struct store_point *pts, size_t n, char *err, size_t errlen)
{
	char	*path, *tmp = NULL, **argv = NULL, why[512];
	time_t	 start;
	int	 argc = 0, rc = -1;

	path = store_path(s, id);
	if (s->remote) {
		rc = store_rebuild_remote(s, path, freq, pts, n, err, errlen);
		free(path);
		return rc;
	}
	xasprintf(&tmp, "%s.tmp", path);
	/* The first update (U at the first start) must be after --start. */
	start = n > 0 ? pts[0].start - STORE_STEP : time(NULL) - STORE_STEP;
	unlink(tmp);
	if (store_create(s, tmp, freq, start, err, errlen) == -1)
		goto out;
	argc = build_updates(start, pts, n, &argv);
	/* A new file is written directly: rrdcached must not hold it yet. */
	errno = 0;
	if (argc > 0 && rrd_update_r(tmp, NULL, argc,
	    (const char **)argv) != 0) {
		rrd_err(err, errlen, "update", tmp);
		goto out;
	}
	/* rrdcached must drop what it queued for the old file. */
	if (s->daemon != NULL && store_daemon_forget(s, path) == -1) {
		snprintf(err, errlen, "rrdcached %s: cannot forget %s: %s",
		    s->daemon, path, store_reason(why, sizeof(why), errno));
		goto out;
	}
	if (rename(tmp, path) == -1) {
		snprintf(err, errlen, "rename %s: %s", tmp, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (rc == -1)
		unlink(tmp);
	free_argv(argv, argc);
	free(tmp);
	free(path);
	return rc;
}

int
store_append(struct store *s, const char *id, time_t prev_end,
    const struct store_point *pts, size_t n, char *err, size_t errlen)
{
	char	*path, **argv;
	int	 argc, rc;

	path = store_path(s, id);
	argc = build_updates(prev_end, pts, n, &argv);
	rc = update_file(s, path, argc, argv, err, errlen);
	free_argv(argv, argc);
	free(path);
	return rc;
}

int
store_flush(struct store *s, const char *id)
{
	char	*path;
	int	 rc = 0;

	/* Remote: rrdcached's FETCH (graphs' too) writes the queue first. */
	if (s->daemon == NULL || s->remote)
		return 0;
	path = store_path(s, id);
	if (rrdc_connect(s->daemon) != 0 || rrdc_flush(path) != 0) {
		rrd_clear_error();
		rrdc_disconnect();
		if (rrdc_connect(s->daemon) != 0 || rrdc_flush(path) != 0) {
			rrd_clear_error();
			rc = -1;
		}
	}
	free(path);
	return rc;
}

int
store_current(struct store *s, const char *id, time_t end)
{
	char	*path;
	int	 rc;

	if (!s->clean_start)
		return 0;
	path = store_path(s, id);
	rc = rrdhead_current(path, end);
	free(path);
	return rc;
}

/* Row i of a fetch from start covers the day that ends at this time. */
#define ROW_END(start, i)	((start) + ((time_t)(i) + 1) * STORE_STEP)

static int
same_value(double stored, double v)
{
	return fabs(stored - v) <= 1e-12 * fabs(v);
}

/*
 * Walk the daily rows data[0, nrows) from start against pts: a period
 * covers the days (start, end], each holding its value.
 */
static void
compare_rows(const rrd_value_t *data, unsigned long nrows, time_t start,
    const struct store_point *pts, size_t n, struct store_diff *d)
{
	unsigned long	 i;
	size_t		 k = 0;
	time_t		 t;
	int		 bad = 0;	/* the current period's worst row */

	for (i = 0; i < nrows; i++) {
		t = ROW_END(start, i);
		while (k < n && pts[k].end < t) {
			if (bad == 1)
				d->missing++;
			else if (bad == 2)
				d->differ++;
			bad = 0;
			k++;
		}
		if (k < n && pts[k].start < t) {
			if (isnan(data[i]))
				bad = bad == 0 ? 1 : bad;
			else if (!same_value(data[i], pts[k].value)) {
				bad = 2;
				if (d->differ_first == 0)
					d->differ_first = t;
			}
			continue;
		}
		if (isnan(data[i]))
			continue;
		if (d->extra++ == 0)
			d->extra_first = t;
		d->extra_last = t;
	}
	/* Periods past the last row are missing from the file. */
	for (; k < n; k++, bad = 0)
		if (bad == 2)
			d->differ++;
		else if (bad == 1 || pts[k].end > ROW_END(start, nrows - 1))
			d->missing++;
}

/* rrd_fetch_r, or rrdcached's FETCH when remote. */
static int
fetch_file(const struct store *s, const char *path, const char *cf,
    time_t *start, time_t *end, unsigned long *step, unsigned long *ds_cnt,
    char ***names, rrd_value_t **data)
{
	if (s->remote)
		return rrdcio_fetch(s->daemon, path, cf, start, end, step,
		    ds_cnt, names, data);
	return rrd_fetch_r(path, cf, start, end, step, ds_cnt, names, data);
}

/*
 * From the first point on, or (whole) over the daily archive's reach: the
 * last STORE_DAILY_ROWS days before end.
 */
static int
compare_file(const struct store *s, const char *path,
    const struct store_point *pts, size_t n, int whole, struct store_diff *d,
    char *err, size_t errlen)
{
	time_t		 start, end, last;
	unsigned long	 step, ds_cnt, i;
	char		**names;
	rrd_value_t	*data;

	errno = 0;
	if ((last = s->remote ? rrdcio_last(s->daemon, path) :
	    rrdhead_last(path)) == -1) {
		rrd_err(err, errlen, "last", path);
		return -1;
	}
	end = n > 0 && pts[n - 1].end > last ? pts[n - 1].end : last;
	end += (STORE_STEP - end % STORE_STEP) % STORE_STEP;
	start = end - (time_t)(STORE_DAILY_ROWS - 1) * STORE_STEP;
	/* Older points are beyond the daily rows: not compared. */
	while (n > 0 && pts[0].end <= start + STORE_STEP) {
		pts++;
		n--;
	}
	/*
	 * A first period that began before the reach is compared from it:
	 * a start before it would have rrd_fetch_r take the 30-day rows.
	 */
	if (!whole && n > 0 && pts[0].start > start)
		start = pts[0].start - pts[0].start % STORE_STEP;
	/* Over TCP the file is rrdcached's: no pread, no layout to read. */
	if (!s->remote && rrdhead_daily(path, &start, &end, &data, &d->layout,
	    &d->size) == 0) {
		compare_rows(data, (unsigned long)((end - start) / STORE_STEP),
		    start, pts, n, d);
		free(data);
		return 0;
	}
	if (!s->remote)
		d->layout = rrdhead_layout(path, &d->size);
	step = STORE_STEP;	/* an input too: the resolution asked for */
	errno = 0;
	if (fetch_file(s, path, "AVERAGE", &start, &end, &step, &ds_cnt, &names,
	    &data) != 0) {
		rrd_err(err, errlen, "fetch", path);
		return -1;
	}
	if (step != STORE_STEP || ds_cnt != 1 || end <= start)
		snprintf(err, errlen, "%s: not a daily RRD of one value", path);
	else
		compare_rows(data, (unsigned long)((end - start) / STORE_STEP),
		    start, pts, n, d);
	for (i = 0; i < ds_cnt; i++)
		rrd_freemem(names[i]);
	rrd_freemem(names);
	rrd_freemem(data);
	return step != STORE_STEP || ds_cnt != 1 || end <= start ? -1 : 0;
}

/* One read of the rows per file (start-up runs this for each). */
static int
compare_id(struct store *s, const char *id, const struct store_point *pts,
    size_t n, int whole, struct store_diff *d, char *err, size_t errlen)
{
	char	*path;
	int	 rc = -1;

	memset(d, 0, sizeof(*d));
	path = store_path(s, id);
	/* Remote: rrdcached's LAST tells of a missing file. */
	if (!s->remote && access(path, R_OK) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	store_flush(s, id);
	rc = compare_file(s, path, pts, n, whole || n == 0, d, err, errlen);
out:
	free(path);
	return rc;
}

/*
 * 1 if rrdcached's last update of path (queued ones included) is end:
 * updates reach it in order, a rebuild forgets the file and ends with the
 * last point, and rrdcached started without its queue answers from the
 * file, so an append or rebuild cut short shows here.
 */
static int
remote_current(struct store *s, const char *path, time_t end)
{
	time_t	 last;

	last = rrdcio_last(s->daemon, path);
	rrd_clear_error();
	return last == end;
}

/*
 * Start-up runs this for each file. Over TCP, when trusted and not whole,
 * a file whose last update is the last point's end is not fetched:
 * rrdcached sends the rows as text, 12,000 lines a file.
 */
int
store_compare(struct store *s, const char *id, const struct store_point *pts,
    size_t n, int whole, struct store_diff *d, char *err, size_t errlen)
{
	char	*path;
	int	 cur;

	if (s->remote && s->trust && !whole && n > 0) {
		path = store_path(s, id);
		cur = remote_current(s, path, pts[n - 1].end);
		free(path);
		if (cur) {
			memset(d, 0, sizeof(*d));
			return 0;
		}
	}
	return compare_id(s, id, pts, n, whole, d, err, errlen);
}

int
store_verify(struct store *s, const char *id, const struct store_point *pts,
    size_t n, char *err, size_t errlen)
{
	struct store_diff	 d;

	if (compare_id(s, id, pts, n, 0, &d, err, errlen) == -1)
		return -1;
	if (d.missing > 0 || d.differ > 0) {
		snprintf(err, errlen, "%s.rrd: %zu periods of the journal "
		    "missing, %zu holding other values", id, d.missing,
		    d.differ);
		return -1;
	}
	return 0;
}
