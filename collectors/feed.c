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
#include "rec.h"
#include "sdmx.h"
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

	if (bc->cb != NULL)
		bc->cb(bc->arg, bc->feed, lineno, reason);
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

/* The indicator a record maps to, or NULL when the feed does not want it. */
static const char *
map_rec(const struct feed_conf *fc, const struct rec *r)
{
	size_t	 i;

	if (fc->nmap == 0)
		return obs_valid_id(r->code, strlen(r->code)) ? r->code : NULL;
	for (i = 0; i < fc->nmap; i++)
		if (strcmp(fc->map[i].code, r->code) == 0 &&
		    (fc->map[i].area == NULL ||
		    strcmp(fc->map[i].area, r->area) == 0))
			return fc->map[i].indicator;
	return NULL;
}

/* "URL CODE [AREA]", cut to fit. */
static void
rec_source(const struct feed_conf *fc, const struct rec *r, char *dst,
    size_t dstlen)
{
	char	*s;

	xasprintf(&s, "%s %s%s%s", fc->url, r->code, r->area[0] ? " " : "",
	    r->area);
	if (strlen(s) >= dstlen)
		s[dstlen - 1] = '\0';
	memcpy(dst, s, strlen(s) + 1);
	free(s);
}

/*
 * Mapped records into observations. Two records for one indicator and
 * period (say two countries under one code) make the run fail: storing
 * either would be a guess.
 */
static int
recs_to_obs(const struct feed_conf *fc, const struct recvec *rv,
    struct obsvec *out, char *err, size_t errlen)
{
	struct obs_buf	 o;
	const char	*id;
	size_t		 i, j, first = out->n;

	for (i = 0; i < rv->n; i++) {
		if ((id = map_rec(fc, &rv->v[i])) == NULL)
			continue;
		memset(&o, 0, sizeof(o));
		snprintf(o.indicator, sizeof(o.indicator), "%s", id);
		o.period = rv->v[i].period;
		o.value = rv->v[i].value;
		o.line = i + 1;
		rec_source(fc, &rv->v[i], o.source, sizeof(o.source));
		for (j = first; j < out->n; j++)
			if (strcmp(out->v[j].indicator, o.indicator) == 0 &&
			    period_cmp(&out->v[j].period, &o.period) == 0) {
				snprintf(err, errlen, "two records for "
				    "indicator %s in one period (code %s): add "
				    "an area to the map", o.indicator,
				    rv->v[i].code);
				return -1;
			}
		obsvec_push(out, &o);
	}
	return 0;
}

static int
fetch_body(const struct feed_conf *fc, struct feed_io *io, const char *url,
    char **body, size_t *len, char *err, size_t errlen)
{
	return fetch_url_cancel(url, fc->timeout, FEED_BODY_MAX, io->cancel,
	    body, len, err, errlen);
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
	if (strcmp(fc->format, "worldbank") == 0) {
		if (feed_worldbank(fc, io, &rv, err, errlen) == 0)
			rc = recs_to_obs(fc, &rv, out, err, errlen);
		goto out;
	}
	if (fetch_body(fc, io, fc->url, &body, &len, err, errlen) == -1)
		goto out;
	if (strcmp(fc->format, "csv") == 0) {
		*bad = csv_parse_body(body, len, out, csv_bad, &bc);
		rc = 0;
	} else if ((strcmp(fc->format, "sdmx-json") == 0 ?
	    sdmx_parse(body, len, &rv, err, errlen) :
	    jsonstat_parse(body, len, NULL, &rv, err, errlen)) == 0)
		rc = recs_to_obs(fc, &rv, out, err, errlen);
out:
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
