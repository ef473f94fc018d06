/*
 * feed.c: runs one feed of any kind (see feed.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

int
feed_read_file(const char *path, long max, char **body, size_t *len,
    char *err, size_t errlen)
{
	struct stat	 st;
	char		*buf = NULL;
	size_t		 off = 0;
	ssize_t		 n;
	int		 fd;

	*body = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > max) {
		snprintf(err, errlen, "%s: %s", path, !S_ISREG(st.st_mode) ?
		    "not a regular file" : "file too large");
		goto fail;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	while (off < (size_t)st.st_size) {
		n = read(fd, buf + off, (size_t)st.st_size - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			goto fail;
		}
		if (n == 0)
			break;
		off += (size_t)n;
	}
	buf[off] = '\0';
	close(fd);
	*body = buf;
	*len = off;
	return 0;
fail:
	if (fd != -1)
		close(fd);
	free(buf);
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
    feed_bad_cb cb, void *arg, char *err, size_t errlen)
{
	struct bad_ctx	 bc = { fc->name, cb, arg };
	char		*body;
	size_t		 len;

	if (feed_read_file(fc->path, FEED_BODY_MAX, &body, &len, err,
	    errlen) == -1)
		return -1;
	*bad = csv_parse_body(body, len, out, csv_bad, &bc);
	free(body);
	return 0;
}

/*
 * exec: stdout is the CSV format; stderr lines are handed to the caller
 * through err_cb-free means: they are returned in *stderr_text.
 */
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
    char **body, size_t *len, char *err, size_t errlen)
{
	struct fetch_req	 rq = { url, fc->headers, NULL, fc->timeout,
	    FEED_BODY_MAX, io->cancel };

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
		rc = fetch_body(fc, io, url, &body, &len, err, errlen);
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
	int		 rc = -1;

	recvec_init(&rv);
	rv.reject = rec_bad;
	rv.reject_arg = &bc;
	if (strcmp(fc->format, "worldbank") == 0) {
		rc = feed_worldbank(fc, io, &rv, err, errlen);
		goto out;
	}
	if (fetch_body(fc, io, fc->url, &body, &len, err, errlen) == -1)
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
		rc = feed_run_csv(fc, out, bad, io->bad_cb, io->arg, err,
		    errlen);
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
