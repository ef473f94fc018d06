/*
 * feed.c: runs one feed of any kind (see feed.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "csv.h"
#include "exec.h"
#include "feed.h"
#include "fetch.h"
#include "jsonstat.h"
#include "nbs.h"
#include "num.h"
#include "rec.h"
#include "sdmx.h"
#include "sdmxcsv.h"
#include "worldbank.h"
#include "xmalloc.h"

#define WB_MAX_PAGES	1000

/* 1 if a and b are one file of one size and modification time. */
static int
feed_same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
	    a->st_size == b->st_size &&
	    a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	    a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* Milliseconds since st was modified (negative: in the future). */
static long long
feed_age_ms(const struct stat *st)
{
	struct timespec	 now;

	clock_gettime(CLOCK_REALTIME, &now);
	return (long long)clock_diff_ms(&now, &st->st_mtim);
}

/* Read fd's st->st_size bytes into a new *body. */
static int
feed_read_fd(int fd, const struct stat *st, char **body, size_t *len)
{
	char	*buf;
	size_t	 off = 0;
	ssize_t	 n;

	buf = xmalloc((size_t)st->st_size + 1);
	while (off < (size_t)st->st_size) {
		n = read(fd, buf + off, (size_t)st->st_size - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			free(buf);
			return -1;
		}
		if (n == 0)
			break;
		off += (size_t)n;
	}
	buf[off] = '\0';
	*body = buf;
	*len = off;
	return 0;
}

/*
 * One read of path into *body: 0, or 1 with why set when the file may have
 * been read while being written: its size or modification time changed
 * during the read (fstat on the open file), the path names another file
 * after it (stat: a rename over it), it was modified less than
 * FEED_SETTLE_MS before, or its last line has no newline (a writer that
 * stalled mid-write leaves an old, stable, cut-off file). -1 with err set
 * when it cannot be read.
 */
static int
feed_read_once(const char *path, long max, char **body, size_t *len,
    char *why, size_t whylen, char *err, size_t errlen)
{
	struct stat	 st, after, named;
	long long	 age;
	int		 fd, rc = 1;

	*body = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		rc = -1;
	} else if (!S_ISREG(st.st_mode) || st.st_size > max) {
		snprintf(err, errlen, "%s: %s", path, !S_ISREG(st.st_mode) ?
		    "not a regular file" : "file too large");
		rc = -1;
	} else if (feed_read_fd(fd, &st, body, len) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		rc = -1;
	} else if (fstat(fd, &after) == -1 || stat(path, &named) == -1 ||
	    !feed_same_file(&st, &after) || !feed_same_file(&st, &named) ||
	    *len != (size_t)st.st_size)
		snprintf(why, whylen, "changed while being read");
	else if ((age = feed_age_ms(&st)) >= 0 && age < FEED_SETTLE_MS)
		snprintf(why, whylen, "modified %lld ms before the read", age);
	else if (*len > 0 && (*body)[*len - 1] != '\n')
		snprintf(why, whylen, "ends mid-line (no newline after its "
		    "last line)");
	else
		rc = 0;
	if (fd != -1)
		close(fd);
	if (rc != 0) {
		free(*body);
		*body = NULL;
	}
	return rc;
}

/* Sleep ms milliseconds, or less once *cancel is set (may be NULL). */
static void
feed_sleep_ms(int ms, const int *cancel)
{
	for (; ms > 0; ms -= 10) {
		if (cancel != NULL && __atomic_load_n(cancel, __ATOMIC_RELAXED))
			return;
		clock_sleep_ms(10);
	}
}

int
feed_read_stable(const char *path, long max, const struct feed_io *io,
    const char *feed, char **body, size_t *len, char *err, size_t errlen)
{
	char	 why[128], note[PATH_MAX + 256];
	int	 i, rc;

	for (i = 1; i <= FEED_READ_TRIES; i++) {
		if (i > 1)
			feed_sleep_ms(FEED_READ_PAUSE_MS, io->cancel);
		if ((rc = feed_read_once(path, max, body, len, why, sizeof(why),
		    err, errlen)) != 1)
			return rc;
		if (io->note_cb != NULL && i < FEED_READ_TRIES) {
			snprintf(note, sizeof(note), "%s %s; reading again in "
			    "%d ms (read %d of %d)", path, why,
			    FEED_READ_PAUSE_MS, i + 1, FEED_READ_TRIES);
			io->note_cb(io->arg, feed, note);
		}
	}
	snprintf(err, errlen, "%s: still being written after %d reads %d ms "
	    "apart (the last %s); nothing stored", path, FEED_READ_TRIES,
	    FEED_READ_PAUSE_MS, why);
	return -1;
}

struct bad_ctx {
	const char	*feed;
	feed_bad_cb	 cb;
	void		*arg;
};

static void
csv_bad(void *arg, size_t lineno, const char *reason)
{
	struct bad_ctx	*bc = arg;
	char		 place[32];

	snprintf(place, sizeof(place), "line %zu", lineno);
	if (bc->cb != NULL)
		bc->cb(bc->arg, bc->feed, place, reason);
}

/* A parser's skipped record, handed on with the feed's name. */
static void
rec_bad(void *arg, const char *place, const char *why)
{
	struct bad_ctx	*bc = arg;

	if (bc->cb != NULL)
		bc->cb(bc->arg, bc->feed, place, why);
}

static int
feed_run_csv(const struct feed_conf *fc, struct obsvec *out, size_t *bad,
    const struct feed_io *io, char *err, size_t errlen)
{
	struct bad_ctx	 bc = { fc->name, io->bad_cb, io->arg };
	char		*body;
	size_t		 len;

	if (feed_read_stable(fc->path, FEED_BODY_MAX, io, fc->name, &body,
	    &len, err, errlen) == -1)
		return -1;
	*bad = csv_parse_body(body, len, out, csv_bad, &bc);
	free(body);
	return 0;
}

/*
 * 1 with err set when fc's body of len bytes is CSV (an exec feed's output,
 * an http feed's csv or sdmx-csv) and its last line has no newline. Such a
 * body may have been cut off mid-value ("987" of "987654"): by a connection
 * closed early, or by a command killed in a pipeline whose last stage still
 * exited 0. Only an http body of declared length vouches for its end (the
 * caller checks that); JSON formats need no check: a cut-off document does
 * not parse.
 */
static int
feed_cut_off(const struct feed_conf *fc, const char *body, size_t len,
    const char *what, char *err, size_t errlen)
{
	if (fc->type == FEED_HTTP && strcmp(fc->format, "csv") != 0 &&
	    strcmp(fc->format, "sdmx-csv") != 0)
		return 0;
	if (len == 0 || body[len - 1] == '\n')
		return 0;
	snprintf(err, errlen, "%s: possibly cut off; nothing stored", what);
	return 1;
}

/* exec: stdout is the CSV format; stderr goes to io->stderr_cb. */
static int
feed_run_exec(const struct feed_conf *fc, struct obsvec *out, size_t *bad,
    struct feed_io *io, char *err, size_t errlen)
{
	struct bad_ctx		 bc = { fc->name, io->bad_cb, io->arg };
	struct exec_result	 res;
	int			 rc;

	rc = exec_run_cancel(fc->command, NULL, 0, fc->timeout, FEED_BODY_MAX,
	    io->cancel, &res, err, errlen);
	if (io->stderr_cb != NULL && res.errlen > 0)
		io->stderr_cb(io->arg, fc->name, res.errout);
	if (rc == 0 && feed_cut_off(fc, res.out, res.outlen, "output ends "
	    "mid-line (no newline after its last line)", err, errlen))
		rc = -1;
	if (rc == 0)
		*bad = csv_parse_body(res.out, res.outlen, out, csv_bad, &bc);
	exec_result_free(&res);
	return rc;
}

/* 1 if map entry m takes record r. */
static int
map_match(const struct feed_map *m, const struct rec *r)
{
	return strcmp(m->code, r->code) == 0 &&
	    (m->area == NULL || strcmp(m->area, r->area) == 0);
}

/* The indicator a record maps to, or NULL when the feed does not want it. */
static const char *
map_rec(const struct feed_conf *fc, const struct rec *r)
{
	size_t	 i;

	if (fc->nmap == 0)
		return obs_valid_id(r->code, strlen(r->code)) ? r->code : NULL;
	for (i = 0; i < fc->nmap; i++)
		if (map_match(&fc->map[i], r))
			return fc->map[i].indicator;
	return NULL;
}

/* Report every map entry that takes none of the records. */
static void
map_unmatched(const struct feed_conf *fc, const struct recvec *rv,
    const struct feed_io *io)
{
	size_t	 i, j;

	for (i = 0; i < fc->nmap; i++) {
		for (j = 0; j < rv->n; j++)
			if (map_match(&fc->map[i], &rv->v[j]))
				break;
		if (j == rv->n && io->unmatched_cb != NULL)
			io->unmatched_cb(io->arg, fc->name, &fc->map[i]);
	}
}

/* Copy src into dst (size bytes), cut on a UTF-8 character boundary. */
static void
utf8_copy(char *dst, size_t size, const char *src)
{
	size_t	 n = strlen(src);

	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* "URL CODE [AREA] [(LABEL)]", cut to fit. */
static void
rec_source(const struct feed_conf *fc, const struct rec *r, char *dst,
    size_t dstlen)
{
	char	*s;

	xasprintf(&s, "%s %s%s%s%s%s%s", fc->url, r->code, r->area[0] ? " " :
	    "", r->area, r->label[0] ? " (" : "", r->label,
	    r->label[0] ? ")" : "");
	utf8_copy(dst, dstlen, s);
	free(s);
}

/* A record as the map sees it, and the indicator it feeds. */
struct mapped {
	const struct rec	*r;
	const char		*id;
};

/* By code, area and period: repeats of one series and period meet. */
static int
mapped_series_cmp(const void *a, const void *b)
{
	const struct rec	*x = ((const struct mapped *)a)->r;
	const struct rec	*y = ((const struct mapped *)b)->r;
	int			 c;

	if ((c = strcmp(x->code, y->code)) != 0 ||
	    (c = strcmp(x->area, y->area)) != 0)
		return c;
	if ((c = period_cmp(&x->period, &y->period)) != 0)
		return c;
	return x < y ? -1 : x > y;
}

/* By indicator and period, then record order. */
static int
mapped_obs_cmp(const void *a, const void *b)
{
	const struct mapped	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->id, y->id)) != 0 ||
	    (c = period_cmp(&x->r->period, &y->r->period)) != 0)
		return c;
	return x->r < y->r ? -1 : x->r > y->r;
}

/*
 * Report the run [i, j) of m as one skipped record when its values
 * differ; returns 1 then, else 0 (the run is one observation).
 */
static int
mapped_conflict(const struct feed_conf *fc, const struct mapped *m,
    size_t i, size_t j, int by_series, const struct feed_io *io)
{
	char		 place[REC_PLACE_MAX], why[REC_PLACE_MAX + 64];
	char		 per[PERIOD_STRLEN], q[REC_QUOTE_MAX], q2[REC_QUOTE_MAX];
	char		 a[NUM_STRLEN], b[NUM_STRLEN];
	size_t		 k;

	for (k = i + 1; k < j && m[k].r->value == m[i].r->value; k++)
		;
	if (k == j)
		return 0;
	if (io->bad_cb == NULL)
		return 1;
	period_format(&m[i].r->period, per, sizeof(per));
	num_format(m[i].r->value, a);
	num_format(m[k].r->value, b);
	if (by_series) {
		snprintf(place, sizeof(place), "series %s%s%s period %s",
		    rec_quote(m[i].r->code, strlen(m[i].r->code), q),
		    m[i].r->area[0] ? " area " : "", rec_quote(m[i].r->area,
		    strlen(m[i].r->area), q2), per);
		snprintf(why, sizeof(why), "conflicting values %s and %s",
		    a, b);
	} else {
		snprintf(place, sizeof(place), "indicator %s period %s",
		    m[i].id, per);
		snprintf(why, sizeof(why), "codes %s and %s give %s and %s: "
		    "add an area to the map", rec_quote(m[i].r->code,
		    strlen(m[i].r->code), q), rec_quote(m[k].r->code,
		    strlen(m[k].r->code), q2), a, b);
	}
	io->bad_cb(io->arg, fc->name, place, why);
	return 1;
}

static int
same_series(const struct mapped *x, const struct mapped *y)
{
	return strcmp(x->r->code, y->r->code) == 0 &&
	    strcmp(x->r->area, y->r->area) == 0 &&
	    period_cmp(&x->r->period, &y->r->period) == 0;
}

static int
same_obs(const struct mapped *x, const struct mapped *y)
{
	return strcmp(x->id, y->id) == 0 &&
	    period_cmp(&x->r->period, &y->r->period) == 0;
}

/*
 * Sort m[0..*n) by the series (by_series) or by the observation it makes,
 * keep the first of each run of one series and period (or indicator and
 * period), and drop the runs whose values differ, reported; returns the
 * number of runs dropped.
 */
static size_t
mapped_dedup(const struct feed_conf *fc, struct mapped *m, size_t *n,
    int by_series, const struct feed_io *io)
{
	int	 (*same)(const struct mapped *, const struct mapped *) =
	    by_series ? same_series : same_obs;
	size_t	 i, j, keep = 0, bad = 0;

	qsort(m, *n, sizeof(*m), by_series ? mapped_series_cmp :
	    mapped_obs_cmp);
	for (i = 0; i < *n; i = j) {
		for (j = i + 1; j < *n && same(&m[i], &m[j]); j++)
			;
		if (mapped_conflict(fc, m, i, j, by_series, io))
			bad++;
		else
			m[keep++] = m[i];
	}
	*n = keep;
	return bad;
}

size_t
feed_map_records(const struct feed_conf *fc, const struct recvec *rv,
    struct obsvec *out, const struct feed_io *io)
{
	struct mapped	*m;
	struct obs_buf	 o;
	size_t		 i, n = 0, bad;

	map_unmatched(fc, rv, io);
	m = xreallocarray(NULL, rv->n + 1, sizeof(*m));
	for (i = 0; i < rv->n; i++)
		if ((m[n].id = map_rec(fc, &rv->v[i])) != NULL)
			m[n++].r = &rv->v[i];
	bad = mapped_dedup(fc, m, &n, 1, io);
	bad += mapped_dedup(fc, m, &n, 0, io);
	obsvec_reserve(out, n);
	for (i = 0; i < n; i++) {
		memset(&o, 0, sizeof(o));
		snprintf(o.indicator, sizeof(o.indicator), "%s", m[i].id);
		o.period = m[i].r->period;
		o.value = m[i].r->value;
		o.line = (size_t)(m[i].r - rv->v) + 1;
		rec_source(fc, m[i].r, o.source, sizeof(o.source));
		obsvec_push(out, &o);
	}
	free(m);
	return bad;
}

static int
fetch_body(const struct feed_conf *fc, struct feed_io *io, const char *url,
    char **body, size_t *len, int *sized, char *err, size_t errlen)
{
	struct fetch_req	 rq = { url, fc->headers, NULL, fc->timeout,
	    FEED_BODY_MAX, io->cancel, sized };

	if (fc->post)
		rq.post = fc->body != NULL ? fc->body : "";
	return fetch_req(&rq, body, len, err, errlen);
}

/* World Bank API v2: every page of the response. */
static int
feed_worldbank(const struct feed_conf *fc, struct feed_io *io,
    struct recvec *rv, char *err, size_t errlen)
{
	char	*body, *url;
	size_t	 len;
	int	 page = 1, pages = 1, rc;

	do {
		url = worldbank_page_url(fc->url, page);
		rc = fetch_body(fc, io, url, &body, &len, NULL, err, errlen);
		free(url);
		if (rc == -1)
			return -1;
		rc = worldbank_parse(body, len, rv, &pages, err, errlen);
		free(body);
		if (rc == -1)
			return -1;
	} while (++page <= pages && page <= WB_MAX_PAGES);
	return 0;
}

/* A body of a record format into rv. */
static int
feed_parse(const struct feed_conf *fc, const char *body, size_t len,
    struct recvec *rv, char *err, size_t errlen)
{
	if (strcmp(fc->format, "sdmx-json") == 0)
		return sdmx_parse(body, len, rv, err, errlen);
	if (strcmp(fc->format, "sdmx-csv") == 0)
		return sdmxcsv_parse(body, len, rv, err, errlen);
	if (strcmp(fc->format, "nbs") == 0)
		return nbs_parse(body, len, rv, err, errlen);
	return jsonstat_parse(body, len, fc->dataset, rv, err, errlen);
}

static int
feed_run_http(const struct feed_conf *fc, struct obsvec *out, size_t *bad,
    struct feed_io *io, char *err, size_t errlen)
{
	struct bad_ctx	 bc = { fc->name, io->bad_cb, io->arg };
	struct recvec	 rv;
	char		*body = NULL;
	size_t		 len;
	int		 rc = -1, sized = 0;

	recvec_init(&rv);
	rv.reject = rec_bad;
	rv.reject_arg = &bc;
	if (strcmp(fc->format, "worldbank") == 0) {
		rc = feed_worldbank(fc, io, &rv, err, errlen);
		goto out;
	}
	if (fetch_body(fc, io, fc->url, &body, &len, &sized, err,
	    errlen) == -1)
		goto out;
	if (!sized && feed_cut_off(fc, body, len, "body ends mid-line "
	    "without a declared length", err, errlen))
		goto out;
	if (strcmp(fc->format, "csv") == 0) {
		*bad = csv_parse_body(body, len, out, csv_bad, &bc);
		rc = 0;
	} else
		rc = feed_parse(fc, body, len, &rv, err, errlen);
out:
	if (rc == 0 && strcmp(fc->format, "csv") != 0)
		*bad = rv.rejected + feed_map_records(fc, &rv, out, io);
	free(body);
	recvec_free(&rv);
	return rc;
}

int
feed_run(const struct feed_conf *fc, struct obsvec *out, size_t *bad,
    struct feed_io *io, char *err, size_t errlen)
{
	int	 rc = 0;

	*bad = 0;
	switch (fc->type) {
	case FEED_CSV:
		rc = feed_run_csv(fc, out, bad, io, err, errlen);
		break;
	case FEED_EXEC:
		rc = feed_run_exec(fc, out, bad, io, err, errlen);
		break;
	case FEED_HTTP:
		rc = feed_run_http(fc, out, bad, io, err, errlen);
		break;
	case FEED_PUSH:
		break;
	}
	if (rc == -1)
		obsvec_clear(out);
	return rc;
}
