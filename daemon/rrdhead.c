/*
 * rrdhead.c: RRD files of the store read with pread, header and daily
 * rows, neither mapped nor fetched (see rrdhead.h).
 */
#include <fcntl.h>
#include <math.h>
/* rrd.h then declares the file format too (rrd_format.h). */
#define RRD_EXPORT_DEPRECATED
#include <rrd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rrdhead.h"
#include "xmalloc.h"

time_t
rrdhead_last(const char *path)
{
	stat_head_t	 sh;
	live_head_t	 lh;
	off_t		 off;
	int		 fd, v;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return rrd_last_r(path);
	v = pread(fd, &sh, sizeof(sh), 0) == (ssize_t)sizeof(sh) &&
	    memcmp(sh.cookie, RRD_COOKIE, 4) == 0 &&
	    sh.float_cookie == FLOAT_COOKIE && sh.version[4] == '\0' ?
	    atoi(sh.version) : 0;
	off = (off_t)(sizeof(sh) + sh.ds_cnt * sizeof(ds_def_t) +
	    sh.rra_cnt * sizeof(rra_def_t));
	/* Formats 3 to 5 have the same live head; older ones another. */
	if (v < 3 || v > 5 || sh.ds_cnt > 1000 || sh.rra_cnt > 1000 ||
	    pread(fd, &lh, sizeof(lh), off) != (ssize_t)sizeof(lh)) {
		close(fd);
		return rrd_last_r(path);
	}
	close(fd);
	return lh.last_up;
}

/* One archive of a layout: its function, days a row, rows. */
struct layout_rra {
	const char	*cf;
	unsigned long	 pdp_cnt;
	unsigned long	 row_cnt;
};

static const struct layout_rra layout_current[] = {
	{ "AVERAGE", 1, RRDHEAD_DAILY_ROWS },
	{ "AVERAGE", 30, RRDHEAD_MONTHLY_ROWS }
};
static const struct layout_rra layout_old_last[] = {
	{ "AVERAGE", 1, 12000 }, { "LAST", 1, 12000 },
	{ "AVERAGE", 30, 1500 }, { "LAST", 30, 1500 }
};
static const struct layout_rra layout_old_12000[] = {
	{ "AVERAGE", 1, 12000 },
	{ "AVERAGE", 30, 400 }
};

/* 1 if the archives rra[0, n) of a one-value file are those of l[0, nl). */
static int
layout_is(const rra_def_t *rra, unsigned long n, const struct layout_rra *l,
    size_t nl)
{
	size_t	 i;

	if (n != nl)
		return 0;
	for (i = 0; i < nl; i++)
		if (strncmp(rra[i].cf_nam, l[i].cf, CF_NAM_SIZE) != 0 ||
		    rra[i].pdp_cnt != l[i].pdp_cnt ||
		    rra[i].row_cnt != l[i].row_cnt)
			return 0;
	return 1;
}

/* The layout of a one-value file of archives rra[0, n). */
static enum rrdhead_layout
layout_of(const rra_def_t *rra, unsigned long n)
{
	if (layout_is(rra, n, layout_current, 2))
		return RRDHEAD_CURRENT;
	if (layout_is(rra, n, layout_old_last, 4))
		return RRDHEAD_OLD_LAST;
	if (layout_is(rra, n, layout_old_12000, 2))
		return RRDHEAD_OLD_12000;
	return RRDHEAD_OTHER;
}

enum rrdhead_layout
rrdhead_layout(const char *path, long long *size)
{
	stat_head_t	 sh;
	rra_def_t	 rra[4];
	struct stat	 st;
	enum rrdhead_layout l = RRDHEAD_OTHER;
	int		 fd;

	*size = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return l;
	if (fstat(fd, &st) == 0)
		*size = st.st_size;
	if (pread(fd, &sh, sizeof(sh), 0) != (ssize_t)sizeof(sh) ||
	    memcmp(sh.cookie, RRD_COOKIE, 4) != 0 ||
	    sh.float_cookie != FLOAT_COOKIE || sh.ds_cnt != 1 ||
	    sh.pdp_step != RRDHEAD_STEP || sh.rra_cnt < 2 || sh.rra_cnt > 4 ||
	    pread(fd, rra, sh.rra_cnt * sizeof(rra[0]),
	    (off_t)(sizeof(sh) + sizeof(ds_def_t))) !=
	    (ssize_t)(sh.rra_cnt * sizeof(rra[0])))
		goto out;
	l = layout_of(rra, sh.rra_cnt);
out:
	close(fd);
	return l;
}

/* The header up to the live head of a file of the current layout. */
#define CURRENT_HEAD	(sizeof(stat_head_t) + sizeof(ds_def_t) + \
	    2 * sizeof(rra_def_t) + sizeof(live_head_t))
/* Its size: the rest of the header, then the rows. */
#define CURRENT_SIZE	(CURRENT_HEAD + sizeof(pdp_prep_t) + \
	    2 * (sizeof(cdp_prep_t) + sizeof(rra_ptr_t)) + \
	    (RRDHEAD_DAILY_ROWS + RRDHEAD_MONTHLY_ROWS) * sizeof(rrd_value_t))

/* 1 if buf, a file's first CURRENT_HEAD bytes, is current and ends at end. */
static int
head_current(const char *buf, time_t end)
{
	stat_head_t	 sh;
	rra_def_t	 rra[2];
	live_head_t	 lh;
	size_t		 off = sizeof(sh) + sizeof(ds_def_t);

	memcpy(&sh, buf, sizeof(sh));
	if (memcmp(sh.cookie, RRD_COOKIE, 4) != 0 ||
	    memcmp(sh.version, "0003", 5) != 0 ||
	    sh.float_cookie != FLOAT_COOKIE || sh.ds_cnt != 1 ||
	    sh.pdp_step != RRDHEAD_STEP || sh.rra_cnt != 2)
		return 0;
	memcpy(rra, buf + off, sizeof(rra));
	memcpy(&lh, buf + off + sizeof(rra), sizeof(lh));
	return layout_of(rra, 2) == RRDHEAD_CURRENT && lh.last_up == end;
}

int
rrdhead_current(const char *path, time_t end)
{
	char		 buf[CURRENT_HEAD];
	struct stat	 st;
	int		 fd, rc;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	rc = fstat(fd, &st) == 0 && st.st_size >= (off_t)CURRENT_SIZE &&
	    pread(fd, buf, sizeof(buf), 0) == (ssize_t)sizeof(buf) &&
	    head_current(buf, end);
	close(fd);
	return rc;
}

/* What rrdhead_daily reads of a header: librrd's layout of format 3. */
struct daily_head {
	stat_head_t	 sh;
	rra_def_t	 rra[4];
	live_head_t	 lh;
	rra_ptr_t	 ptr[4];
	off_t		 rows;		/* where the first archive begins */
	long long	 size;		/* of the file */
};

/* 0 if fd is a whole file of format 3, one value, a daily AVERAGE first. */
static int
daily_head(int fd, struct daily_head *h)
{
	struct stat	 st;
	off_t		 off, size;
	size_t		 nr;
	unsigned long	 i;

	if (pread(fd, &h->sh, sizeof(h->sh), 0) != (ssize_t)sizeof(h->sh) ||
	    memcmp(h->sh.cookie, RRD_COOKIE, 4) != 0 ||
	    memcmp(h->sh.version, "0003", 5) != 0 ||
	    h->sh.float_cookie != FLOAT_COOKIE || h->sh.ds_cnt != 1 ||
	    h->sh.pdp_step != RRDHEAD_STEP || h->sh.rra_cnt < 1 ||
	    h->sh.rra_cnt > 4)
		return -1;
	nr = h->sh.rra_cnt;
	off = (off_t)(sizeof(h->sh) + sizeof(ds_def_t));
	if (pread(fd, h->rra, nr * sizeof(rra_def_t), off) !=
	    (ssize_t)(nr * sizeof(rra_def_t)))
		return -1;
	off += (off_t)(nr * sizeof(rra_def_t));
	if (pread(fd, &h->lh, sizeof(h->lh), off) != (ssize_t)sizeof(h->lh))
		return -1;
	off += (off_t)(sizeof(h->lh) + sizeof(pdp_prep_t) +
	    nr * sizeof(cdp_prep_t));
	if (pread(fd, h->ptr, nr * sizeof(rra_ptr_t), off) !=
	    (ssize_t)(nr * sizeof(rra_ptr_t)))
		return -1;
	h->rows = size = off + (off_t)(nr * sizeof(rra_ptr_t));
	for (i = 0; i < nr; i++)
		size += (off_t)(h->rra[i].row_cnt * sizeof(rrd_value_t));
	if (fstat(fd, &st) == -1)
		return -1;
	h->size = (long long)st.st_size;
	return st.st_size >= size &&
	    strncmp(h->rra[0].cf_nam, "AVERAGE", CF_NAM_SIZE) == 0 &&
	    h->rra[0].pdp_cnt == 1 && h->rra[0].row_cnt > 0 &&
	    h->ptr[0].cur_row < h->rra[0].row_cnt ? 0 : -1;
}

/*
 * Rows [i0, i0 + m) of the first archive in time order (0: the oldest),
 * into v: the ring starts after cur_row.
 */
static int
daily_rows(int fd, const struct daily_head *h, long i0, long m,
    rrd_value_t *v)
{
	long	 cnt = (long)h->rra[0].row_cnt, p, a;

	p = ((long)h->ptr[0].cur_row + 1 + i0) % cnt;
	a = m < cnt - p ? m : cnt - p;
	if (pread(fd, v, (size_t)a * sizeof(*v), h->rows +
	    (off_t)p * (off_t)sizeof(*v)) != (ssize_t)(a * sizeof(*v)))
		return -1;
	if (m > a && pread(fd, v + a, (size_t)(m - a) * sizeof(*v),
	    h->rows) != (ssize_t)((m - a) * sizeof(*v)))
		return -1;
	return 0;
}

int
rrdhead_daily(const char *path, time_t *start, time_t *end, double **data,
    enum rrdhead_layout *layout, long long *size)
{
	struct daily_head h;
	const time_t	 step = RRDHEAD_STEP;
	time_t		 rra_end, rra_start, s = *start, e = *end;
	long		 rows, i0, m, k;
	double		*v = NULL;
	int		 fd, rc = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (daily_head(fd, &h) == -1)
		goto out;
	*layout = layout_of(h.rra, h.sh.rra_cnt);
	*size = h.size;
	rra_end = h.lh.last_up - h.lh.last_up % step;
	rra_start = rra_end - step * (time_t)(h.rra[0].row_cnt - 1);
	/* Before the daily reach rrd_fetch_r may take another archive. */
	if (rra_start - step > s || e < s)
		goto out;
	s -= s % step;
	e += step - e % step;
	rows = (long)((e - s) / step);
	v = xreallocarray(NULL, (size_t)rows + 1, sizeof(*v));
	for (k = 0; k < rows; k++)
		v[k] = NAN;
	i0 = (long)((s + step - rra_start) / step);
	m = (long)h.rra[0].row_cnt - i0;
	m = m < rows ? m : rows;
	if (m > 0 && daily_rows(fd, &h, i0, m, v) == -1)
		goto out;
	*start = s;
	*end = e;
	*data = v;
	v = NULL;
	rc = 0;
out:
	free(v);
	close(fd);
	return rc;
}
