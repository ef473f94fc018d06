/*
 * test_store.c: the RRD layout (daemon/store.c) and its migration at
 * start-up (daemon/recover.c). A new file has two AVERAGE archives in
 * 87,192 bytes; files of the older layouts (four archives, 217,208 bytes;
 * 12,000 daily and 400 thirty-day rows, 99,992 bytes) are told from their
 * headers; rebuilt in the new layout from the same points, every daily row
 * of the new daily reach and every 30-day row reads the same, and past the
 * daily reach the 30-day rows hold the old daily rows' values but where a
 * row straddles a year's end; recover_check moves an old file that holds
 * only the journal's points and keeps one that holds more. After a clean
 * stop (DATA_DIR/rrd.clean) a file is checked from its header alone.
 * store_compare day by day against what an intact, truncated, emptied or
 * damaged journal would hold; appends; librrd's reasons in errors.
 * Real RRD files in a temporary directory.
 */
#include <sys/stat.h>

#include <errno.h>
#include <math.h>
#include <rrd.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "num.h"
#include "recover.h"
#include "rrdhead.h"
#include "store.h"

#define DAY		86400
#define T0		1609459200	/* 2021-01-01 */
#define FIRST_YEAR	1994
#define LAST_YEAR	2025
#define GAP_YEAR	2005	/* never reported: stays unknown */
#define OLD_SIZE	217208
#define MID_SIZE	99992
#define NEW_SIZE	87192

static char	 tmpdir[64];
static struct store *st;

static int
setup(void **state)
{
	char	 err[256];

	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_store.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	st = store_open(tmpdir, NULL, err, sizeof(err));
	return st == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char	 cmd[128];

	(void)state;
	store_close(st);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static time_t
year_start(int y)
{
	struct tm	 tm = { .tm_year = y - 1900, .tm_mday = 1 };

	return timegm(&tm);
}

/* Annual points FIRST_YEAR..last but GAP_YEAR; returns their count. */
static size_t
annual(struct store_point *pts, int last)
{
	size_t	 n = 0;
	int	 y;

	for (y = FIRST_YEAR; y <= last; y++) {
		if (y == GAP_YEAR)
			continue;
		pts[n].start = year_start(y);
		pts[n].end = year_start(y + 1);
		pts[n].value = 1000.0 / 3 + (y - FIRST_YEAR) * 0.1;
		n++;
	}
	return n;
}

/*
 * The file the daemon wrote before: created with the old archives one day
 * before the first point, "start:U" before each period after a gap, then
 * "end:value", as store.c did.
 */
static void
make_rrd(const char *path, const char **argv, int argc,
    const struct store_point *pts, size_t n)
{
	char		 arg[64], *up[1] = { arg };
	time_t		 prev = pts[0].start - DAY;
	size_t		 i, w;

	assert_int_equal(rrd_create_r2(path, DAY, prev, 0, NULL, NULL, argc,
	    argv), 0);
	for (i = 0; i < n; i++) {
		if (prev < pts[i].start) {
			snprintf(arg, sizeof(arg), "%lld:U",
			    (long long)pts[i].start);
			assert_int_equal(rrd_update_r(path, NULL, 1,
			    (const char **)up), 0);
		}
		w = (size_t)snprintf(arg, sizeof(arg), "%lld:",
		    (long long)pts[i].end);
		num_format17(pts[i].value, arg + w);
		assert_int_equal(rrd_update_r(path, NULL, 1,
		    (const char **)up), 0);
		prev = pts[i].end;
	}
}

/* The file of the four-archive layout (RRDHEAD_OLD_LAST). */
static void
make_old(const char *path, const struct store_point *pts, size_t n)
{
	const char	*argv[] = { "DS:value:GAUGE:34560000:U:U",
	    "RRA:AVERAGE:0.99:1:12000", "RRA:LAST:0.99:1:12000",
	    "RRA:AVERAGE:0.99:30:1500", "RRA:LAST:0.99:30:1500" };

	make_rrd(path, argv, 5, pts, n);
}

/* The file of the 12000/400 layout (RRDHEAD_OLD_12000). */
static void
make_mid(const char *path, const struct store_point *pts, size_t n)
{
	const char	*argv[] = { "DS:value:GAUGE:34560000:U:U",
	    "RRA:AVERAGE:0.99:1:12000", "RRA:AVERAGE:0.99:30:400" };

	make_rrd(path, argv, 3, pts, n);
}

static char *
path_of(const char *id)
{
	return store_path(st, id);
}

static long long
file_size(const char *path)
{
	struct stat	 sb;

	assert_int_equal(stat(path, &sb), 0);
	return (long long)sb.st_size;
}

/* rrd_info_r's value for key, as text ("" when absent). */
static void
info(rrd_info_t *in, const char *key, char *buf, size_t len)
{
	buf[0] = '\0';
	for (; in != NULL; in = in->next) {
		if (strcmp(in->key, key) != 0)
			continue;
		if (in->type == RD_I_STR)
			snprintf(buf, len, "%s", in->value.u_str);
		else if (in->type == RD_I_CNT)
			snprintf(buf, len, "%lu", in->value.u_cnt);
		else if (in->type == RD_I_VAL)
			snprintf(buf, len, "%g", in->value.u_val);
		return;
	}
}

static void
test_new_layout(void **state)
{
	struct store_point	 pts[40];
	rrd_info_t		*in;
	char			*p, v[64];
	size_t			 n;
	long long		 size;

	(void)state;
	n = annual(pts, LAST_YEAR);
	assert_int_equal(store_rebuild(st, "new", PERIOD_ANNUAL, pts, n, v,
	    sizeof(v)), 0);
	p = path_of("new");
	assert_non_null(in = rrd_info_r(p));
	info(in, "step", v, sizeof(v));
	assert_string_equal(v, "86400");
	info(in, "rra[0].cf", v, sizeof(v));
	assert_string_equal(v, "AVERAGE");
	info(in, "rra[0].pdp_per_row", v, sizeof(v));
	assert_string_equal(v, "1");
	info(in, "rra[0].rows", v, sizeof(v));
	assert_string_equal(v, "10000");
	info(in, "rra[0].xff", v, sizeof(v));
	assert_string_equal(v, "0.99");
	info(in, "rra[1].cf", v, sizeof(v));
	assert_string_equal(v, "AVERAGE");
	info(in, "rra[1].pdp_per_row", v, sizeof(v));
	assert_string_equal(v, "30");
	info(in, "rra[1].rows", v, sizeof(v));
	assert_string_equal(v, "800");
	info(in, "rra[2].cf", v, sizeof(v));
	assert_string_equal(v, "");
	info(in, "ds[value].minimal_heartbeat", v, sizeof(v));
	assert_string_equal(v, "34560000");
	rrd_info_free(in);
	assert_int_equal(file_size(p), NEW_SIZE);
	assert_int_equal(rrdhead_layout(p, &size), RRDHEAD_CURRENT);
	assert_int_equal(size, NEW_SIZE);
	free(p);
}

static void
test_layout_of(void **state)
{
	struct store_point	 pts[40];
	const char		*last[] = { "DS:value:GAUGE:172800:U:U",
	    "RRA:LAST:0.99:1:10" };
	const char		*rows[] = { "DS:value:GAUGE:172800:U:U",
	    "RRA:AVERAGE:0.99:1:12000", "RRA:AVERAGE:0.99:30:401" };
	char			*p;
	long long		 size;
	FILE			*f;

	(void)state;
	p = path_of("old");
	make_old(p, pts, annual(pts, LAST_YEAR));
	assert_int_equal(rrdhead_layout(p, &size), RRDHEAD_OLD_LAST);
	assert_int_equal(size, OLD_SIZE);
	assert_int_equal(file_size(p), OLD_SIZE);
	free(p);
	p = path_of("mid");
	make_mid(p, pts, annual(pts, LAST_YEAR));
	assert_int_equal(rrdhead_layout(p, &size), RRDHEAD_OLD_12000);
	assert_int_equal(size, MID_SIZE);
	assert_int_equal(file_size(p), MID_SIZE);
	free(p);
	p = path_of("last");
	assert_int_equal(rrd_create_r2(p, DAY, 1e9, 0, NULL, NULL, 2, last),
	    0);
	assert_int_equal(rrdhead_layout(p, &size), RRDHEAD_OTHER);
	free(p);
	/* One row more is not the current layout either. */
	p = path_of("rows");
	assert_int_equal(rrd_create_r2(p, DAY, 1e9, 0, NULL, NULL, 3, rows),
	    0);
	assert_int_equal(rrdhead_layout(p, &size), RRDHEAD_OTHER);
	assert_int_equal(size, 100000);
	free(p);
	p = path_of("text");
	assert_non_null(f = fopen(p, "w"));
	fputs("not an RRD\n", f);
	fclose(f);
	assert_int_equal(rrdhead_layout(p, &size), RRDHEAD_OTHER);
	assert_int_equal(size, 11);
	free(p);
	p = path_of("absent");
	assert_int_equal(rrdhead_layout(p, &size), RRDHEAD_OTHER);
	assert_int_equal(size, 0);
	free(p);
}

/*
 * Fetch path's cf rows at resolution step over [start, end]: their count,
 * the values in *data (rrd_freemem).
 */
static unsigned long
fetch(const char *path, const char *cf, time_t start, time_t end,
    unsigned long step, rrd_value_t **data)
{
	unsigned long	 ds, i, want = step;
	char		**names;

	assert_int_equal(rrd_fetch_r(path, cf, &start, &end, &step, &ds,
	    &names, data), 0);
	assert_int_equal(ds, 1);
	assert_int_equal(step, want);
	for (i = 0; i < ds; i++)
		rrd_freemem(names[i]);
	rrd_freemem(names);
	return (unsigned long)(end - start) / step;
}

/* Rows a[0, n) and b[0, n) equal, unknown in both or the same double. */
static size_t
same_rows(const rrd_value_t *a, const rrd_value_t *b, unsigned long n)
{
	unsigned long	 i;
	size_t		 known = 0;

	for (i = 0; i < n; i++) {
		if (isnan(a[i]) || isnan(b[i])) {
			assert_true(isnan(a[i]) && isnan(b[i]));
			continue;
		}
		assert_memory_equal(&a[i], &b[i], sizeof(a[i]));
		known++;
	}
	return known;
}

/*
 * Past the new daily reach: 30-day rows of pn against the daily rows of po
 * over [start, end]; a row whose days all hold one value must hold it.
 * Returns the rows that straddle two values (a year's end), in *known the
 * known rows.
 */
static size_t
monthly_as_daily(const char *po, const char *pn, time_t start, time_t end,
    size_t *known)
{
	rrd_value_t	*a, *b;
	time_t		 as, ae, bs, be;
	unsigned long	 na, nb, i, j, k, step, ds;
	char		**names;
	size_t		 straddle = 0;
	int		 one;

	as = bs = start;
	ae = be = end;
	step = DAY;
	assert_int_equal(rrd_fetch_r(po, "AVERAGE", &as, &ae, &step, &ds,
	    &names, &a), 0);
	assert_int_equal(step, DAY);
	rrd_freemem(names[0]);
	rrd_freemem(names);
	step = 30 * DAY;
	assert_int_equal(rrd_fetch_r(pn, "AVERAGE", &bs, &be, &step, &ds,
	    &names, &b), 0);
	assert_int_equal(step, 30 * DAY);
	rrd_freemem(names[0]);
	rrd_freemem(names);
	na = (unsigned long)(ae - as) / DAY;
	nb = (unsigned long)(be - bs) / (30 * DAY);
	*known = 0;
	for (i = 0; i < nb; i++) {
		/* Row i covers the 30 days after bs + 30 i days. */
		k = (unsigned long)(bs - as) / DAY + i * 30;
		if (bs < as || k + 30 > na)
			continue;
		for (one = 1, j = 1; j < 30; j++)
			one = one && a[k + j] == a[k];
		if (isnan(b[i]))
			continue;
		(*known)++;
		if (one)
			assert_memory_equal(&b[i], &a[k], sizeof(b[i]));
		else
			straddle++;
	}
	rrd_freemem(a);
	rrd_freemem(b);
	return straddle;
}

static void
test_same_values(void **state)
{
	struct store_point	 pts[40];
	rrd_value_t		*a, *b;
	char			*po, *pn, *pm, err[256];
	time_t			 end = year_start(LAST_YEAR + 1), start;
	unsigned long		 na, nb;
	size_t			 n, known;

	(void)state;
	n = annual(pts, LAST_YEAR);
	po = path_of("old");
	make_old(po, pts, n);
	pm = path_of("mid");
	make_mid(pm, pts, n);
	assert_int_equal(store_rebuild(st, "new", PERIOD_ANNUAL, pts, n, err,
	    sizeof(err)), 0);
	pn = path_of("new");
	/* The daily reach: what store_compare reads, the old LAST rows. */
	start = end - (STORE_DAILY_ROWS - 1) * (time_t)DAY;
	na = fetch(po, "LAST", start, end, DAY, &a);
	nb = fetch(pn, "AVERAGE", start, end, DAY, &b);
	assert_int_equal(na, 10000);
	assert_int_equal(nb, 10000);
	/* 9,999 days to the end (the last row is after it) less 2005's. */
	assert_int_equal(same_rows(a, b, na), 9634);
	rrd_freemem(a);
	rrd_freemem(b);
	/* What rrdtool fetch AVERAGE shows, in either older file. */
	na = fetch(po, "AVERAGE", start, end, DAY, &a);
	nb = fetch(pn, "AVERAGE", start, end, DAY, &b);
	assert_int_equal(same_rows(a, b, na), 9634);
	rrd_freemem(a);
	na = fetch(pm, "AVERAGE", start, end, DAY, &a);
	assert_int_equal(same_rows(a, b, na), 9634);
	rrd_freemem(a);
	rrd_freemem(b);
	/* The 30-day rows a long graph draws, as far back as the old ones. */
	start = end - 11970 * (time_t)DAY;
	na = fetch(pm, "AVERAGE", start, end, 30 * DAY, &a);
	nb = fetch(pn, "AVERAGE", start, end, 30 * DAY, &b);
	assert_int_equal(na, nb);
	assert_int_equal(na, 400);
	/* Rows from 1994-01 on, less the 12 all of whose days are 2005's. */
	assert_int_equal(same_rows(a, b, na), 378);
	rrd_freemem(a);
	rrd_freemem(b);
	/*
	 * 27.4 to 32.9 years back (65 rows from 1993-04 to 1998-08): the old
	 * daily rows as 30-day rows, 56 known (the series begins in 1994),
	 * but the 5 rows that straddle the start of 1994 to 1998.
	 */
	start = end - 11940 * (time_t)DAY;
	start -= start % (30 * DAY);	/* where 30-day rows begin */
	assert_int_equal(monthly_as_daily(pm, pn, start, start + 1950 *
	    (time_t)DAY, &known), 5);
	assert_int_equal(known, 56);
	free(po);
	free(pm);
	free(pn);
}

/*
 * The file ID made by make, of layout and size, is rebuilt as the start-up
 * check does, and counted in m: its path.
 */
static char *
migrate_one(struct recover_migration *m, const char *id,
    void (*make)(const char *, const struct store_point *, size_t),
    enum rrdhead_layout layout, long long size,
    const struct store_point *pts, size_t n)
{
	struct recover_old	 old;
	char			*p, err[256];

	p = path_of(id);
	make(p, pts, n);
	assert_int_equal(recover_check(st, id, pts, n, 0, 0, &old),
	    RECOVER_REBUILD);
	assert_int_equal(old.layout, layout);
	assert_int_equal(old.size, size);
	assert_int_equal(store_rebuild(st, id, PERIOD_ANNUAL, pts, n, err,
	    sizeof(err)), 0);
	recover_migrated(m, st, id, &old);
	return p;
}

static void
test_recover_migrates(void **state)
{
	struct recover_migration m = { 0 };
	struct recover_old	 old;
	struct store_point	 pts[40];
	char			*p, *q;
	long long		 size;
	size_t			 n;

	(void)state;
	n = annual(pts, LAST_YEAR);
	p = migrate_one(&m, "old", make_old, RRDHEAD_OLD_LAST, OLD_SIZE, pts,
	    n);
	q = migrate_one(&m, "mid", make_mid, RRDHEAD_OLD_12000, MID_SIZE, pts,
	    n);
	assert_int_equal(m.files[RRDHEAD_OLD_LAST], 1);
	assert_int_equal(m.before[RRDHEAD_OLD_LAST], OLD_SIZE);
	assert_int_equal(m.files[RRDHEAD_OLD_12000], 1);
	assert_int_equal(m.before[RRDHEAD_OLD_12000], MID_SIZE);
	assert_int_equal(m.after, 2 * NEW_SIZE);
	assert_int_equal(rrdhead_layout(p, &size), RRDHEAD_CURRENT);
	assert_int_equal(rrdhead_layout(q, &size), RRDHEAD_CURRENT);
	assert_int_equal(size, NEW_SIZE);
	/* Once moved, it is checked and left alone. */
	assert_int_equal(recover_check(st, "old", pts, n, 0, 0, &old),
	    RECOVER_OK);
	assert_int_equal(old.size, 0);
	assert_int_equal(recover_check(st, "mid", pts, n, 0, 0, &old),
	    RECOVER_OK);
	assert_int_equal(old.size, 0);
	free(p);
	free(q);
}

/* An old file with a year the journal lacks keeps its layout. */
static void
test_recover_holds(void **state)
{
	struct recover_old	 old;
	struct store_point	 pts[40];
	char			*p;
	long long		 size;
	size_t			 n;

	(void)state;
	n = annual(pts, LAST_YEAR);
	p = path_of("held");
	make_mid(p, pts, n);
	assert_int_equal(recover_check(st, "held", pts, n - 1, 0, 0, &old),
	    RECOVER_HOLD);
	assert_int_equal(old.size, 0);
	assert_int_equal(rrdhead_layout(p, &size), RRDHEAD_OLD_12000);
	assert_int_equal(size, MID_SIZE);
	/* --rebuild: rebuilt from the journal, in the new layout. */
	assert_int_equal(recover_check(st, "held", pts, n - 1, 0, 1, &old),
	    RECOVER_REBUILD);
	assert_int_equal(old.layout, RRDHEAD_OLD_12000);
	assert_int_equal(old.size, MID_SIZE);
	free(p);
}

/* An old file behind the journal is rebuilt, and counts as migrated. */
static void
test_recover_behind(void **state)
{
	struct recover_old	 old;
	struct store_point	 pts[40];
	char			*p;
	size_t			 n;

	(void)state;
	n = annual(pts, LAST_YEAR);
	p = path_of("behind");
	make_old(p, pts, n - 1);
	assert_int_equal(recover_check(st, "behind", pts, n, 0, 0, &old),
	    RECOVER_REBUILD);
	assert_int_equal(old.layout, RRDHEAD_OLD_LAST);
	assert_int_equal(old.size, OLD_SIZE);
	free(p);
}

/*
 * rrdhead_daily against rrd_fetch_r over [start, end]: the same moved
 * start and end, the same rows; returns the known rows.
 */
static size_t
same_as_fetch(const char *path, time_t start, time_t end)
{
	time_t		 s = start, e = end;
	rrd_value_t	*a, *b;
	unsigned long	 na;
	size_t		 known;
	enum rrdhead_layout l;
	long long	 size;

	na = fetch(path, "AVERAGE", start, end, DAY, &a);
	assert_int_equal(rrdhead_daily(path, &s, &e, &b, &l, &size), 0);
	assert_int_equal((e - s) / DAY, na);
	known = same_rows(a, b, na);
	rrd_freemem(a);
	free(b);
	return known;
}

static void
test_read_daily(void **state)
{
	struct store_point	 pts[40];
	const char		*two[] = { "DS:a:GAUGE:172800:U:U",
	    "DS:b:GAUGE:172800:U:U", "RRA:AVERAGE:0.99:1:100" };
	char			*po, *pn, *p, cmd[512], err[256];
	time_t			 end = year_start(LAST_YEAR + 1), reach, s, e;
	double			*v;
	size_t			 n;
	enum rrdhead_layout	 l;
	long long		 size;

	(void)state;
	n = annual(pts, LAST_YEAR);
	po = path_of("old");
	make_old(po, pts, n);
	assert_int_equal(store_rebuild(st, "new", PERIOD_ANNUAL, pts, n, err,
	    sizeof(err)), 0);
	pn = path_of("new");
	reach = end - 12000 * (time_t)DAY;	/* the archive's first row's start */
	/* The whole reach (it wraps round the ring), from the first point. */
	assert_int_equal(same_as_fetch(po, reach, end), 11323);
	assert_int_equal(same_as_fetch(po, year_start(FIRST_YEAR), end),
	    11323);
	reach = end - STORE_DAILY_ROWS * (time_t)DAY;
	assert_int_equal(same_as_fetch(pn, reach, end), 9635);
	/* Behind: rows after the last update; starts and ends off the day. */
	assert_int_equal(same_as_fetch(pn, year_start(2020), end + 400 * DAY),
	    2192);
	assert_int_equal(same_as_fetch(po, year_start(2020) + 3600,
	    end - 7200), 2192);
	assert_int_equal(same_as_fetch(pn, end + 10 * DAY, end + 20 * DAY), 0);
	/* One second before the reach: rrd_fetch_r's choice, not ours. */
	s = reach - 1;
	e = end;
	assert_int_equal(rrdhead_daily(pn, &s, &e, &v, &l, &size), -1);
	assert_int_equal(s, reach - 1);
	/* Not files it reads: rrd_fetch_r says why. */
	snprintf(cmd, sizeof(cmd), "head -c 87000 %s > %s/short.rrd", pn,
	    tmpdir);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s/short.rrd", tmpdir);
	s = year_start(2020);
	assert_int_equal(rrdhead_daily(cmd, &s, &e, &v, &l, &size), -1);
	p = path_of("two");
	assert_int_equal(rrd_create_r2(p, DAY, 1e9, 0, NULL, NULL, 3, two),
	    0);
	assert_int_equal(rrdhead_daily(p, &s, &e, &v, &l, &size), -1);
	free(p);
	p = path_of("absent");
	assert_int_equal(rrdhead_daily(p, &s, &e, &v, &l, &size), -1);
	free(p);
	free(po);
	free(pn);
}

/* A monthly series, compared by recover_check on both readers' rows. */
static void
test_read_monthly(void **state)
{
	struct store_point	 pts[200];
	char			*p, err[256];
	time_t			 t = year_start(2010);
	struct recover_old	 old;
	size_t			 i;

	(void)state;
	for (i = 0; i < 192; i++) {
		pts[i].start = t;
		t += (time_t)((i % 12 == 1 ? 28 : 30) + (i % 12 < 7 ?
		    (i % 2 == 0) : (i % 2 == 1))) * DAY;
		pts[i].end = t;
		pts[i].value = 1e6 / 7 * (double)i;
	}
	assert_int_equal(store_rebuild(st, "mon", PERIOD_MONTHLY, pts, 192,
	    err, sizeof(err)), 0);
	p = path_of("mon");
	assert_int_equal(same_as_fetch(p, pts[0].start, t),
	    (size_t)((t - pts[0].start) / DAY));
	assert_int_equal(recover_check(st, "mon", pts, 192, 0, 0, &old),
	    RECOVER_OK);
	pts[100].value += 1;
	assert_int_equal(recover_check(st, "mon", pts, 192, 0, 0, &old),
	    RECOVER_REBUILD);
	free(p);
}

/* After a clean stop a file is checked from its header alone. */
static void
test_clean_start(void **state)
{
	struct recover_old	 old;
	struct store_point	 pts[40], other[40];
	struct store		*s2, *s3;
	char			 err[256], mark[96], cmd[512], *p;
	time_t			 end;
	size_t			 n;

	(void)state;
	n = annual(pts, LAST_YEAR);
	end = pts[n - 1].end;
	memcpy(other, pts, sizeof(pts));
	other[n / 2].value += 1;	/* a row changed behind its back */
	assert_int_equal(store_rebuild(st, "a", PERIOD_ANNUAL, pts, n, err,
	    sizeof(err)), 0);
	assert_int_equal(store_rebuild(st, "b", PERIOD_ANNUAL, other, n, err,
	    sizeof(err)), 0);
	assert_int_equal(store_rebuild(st, "c", PERIOD_ANNUAL, pts, n - 1,
	    err, sizeof(err)), 0);
	p = path_of("m");
	make_mid(p, pts, n);
	free(p);
	p = path_of("a");
	snprintf(cmd, sizeof(cmd), "head -c 87000 %s > %s/rrd/t.rrd", p,
	    tmpdir);
	free(p);
	assert_int_equal(system(cmd), 0);
	/* Without the mark nothing is current. */
	assert_int_equal(store_current(st, "a", end), 0);
	snprintf(mark, sizeof(mark), "%s/rrd.clean", tmpdir);
	store_mark_clean(st);
	assert_int_equal(access(mark, F_OK), 0);
	assert_non_null(s2 = store_open(tmpdir, NULL, err, sizeof(err)));
	assert_int_equal(access(mark, F_OK), -1);
	assert_int_equal(store_current(s2, "a", end), 1);
	assert_int_equal(store_current(s2, "a", end - DAY), 0);
	assert_int_equal(store_current(s2, "b", end), 1);
	assert_int_equal(store_current(s2, "c", end), 0);	/* behind */
	assert_int_equal(store_current(s2, "m", end), 0);	/* older */
	assert_int_equal(store_current(s2, "t", end), 0);	/* cut short */
	assert_int_equal(store_current(s2, "absent", end), 0);
	/* What the header does not show is not seen... */
	assert_int_equal(recover_check(s2, "b", pts, n, 0, 0, &old),
	    RECOVER_OK);
	/* ...but with --rebuild or a damaged journal the rows are read. */
	assert_int_equal(recover_check(s2, "b", pts, n, 0, 1, &old),
	    RECOVER_REBUILD);
	assert_int_equal(recover_check(s2, "b", pts, n, 1, 0, &old),
	    RECOVER_HOLD);
	assert_int_equal(recover_check(s2, "c", pts, n, 0, 0, &old),
	    RECOVER_REBUILD);
	assert_int_equal(recover_check(s2, "m", pts, n, 0, 0, &old),
	    RECOVER_REBUILD);
	assert_int_equal(old.layout, RRDHEAD_OLD_12000);
	assert_int_equal(recover_check(s2, "absent", pts, n, 0, 0, &old),
	    RECOVER_REBUILD);
	/* Once the start-up check is over, and at the next start, no more. */
	store_synced(s2);
	assert_int_equal(store_current(s2, "a", end), 0);
	store_close(s2);
	assert_non_null(s3 = store_open(tmpdir, NULL, err, sizeof(err)));
	assert_int_equal(store_current(s3, "a", end), 0);
	assert_int_equal(recover_check(s3, "b", pts, n, 0, 0, &old),
	    RECOVER_REBUILD);
	store_close(s3);
}

/* Monthly points: value base + i for month i (i from first). */
static void
monthly(struct store_point *p, size_t n, size_t first, double base)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		p[i] = (struct store_point){ T0 + (time_t)(first + i) * 31 * DAY,
		    T0 + (time_t)(first + i + 1) * 31 * DAY,
		    base + (double)(first + i) };
}

/*
 * store_compare against a real file of four "months": what an intact,
 * truncated, emptied or damaged journal would hold.
 */
static void
test_store_compare(void **state)
{
	struct store_point	 p[5], q[4];
	struct store_diff	 d;
	char			 err[512], *path;

	(void)state;
	monthly(p, 5, 0, 10);
	assert_int_equal(store_rebuild(st, "c", PERIOD_MONTHLY, p, 4, err,
	    sizeof(err)), 0);
	path = store_path(st, "c");
	/* The header read agrees with librrd. */
	assert_int_equal(rrdhead_last(path), p[3].end);
	assert_int_equal(rrd_last_r(path), p[3].end);
	assert_int_equal(store_compare(st, "c", p, 4, 1, &d, err,
	    sizeof(err)), 0);
	assert_int_equal(d.missing + d.differ + d.extra, 0);
	/* A journal that lost its last record: 31 days it lacks. */
	assert_int_equal(store_compare(st, "c", p, 3, 0, &d, err,
	    sizeof(err)), 0);
	assert_int_equal(d.extra, 31);
	assert_int_equal(d.extra_first, p[3].start + DAY);
	assert_int_equal(d.extra_last, p[3].end);
	assert_int_equal(d.missing + d.differ, 0);
	/* An empty journal: every day of the file. */
	assert_int_equal(store_compare(st, "c", p, 0, 0, &d, err,
	    sizeof(err)), 0);
	assert_int_equal(d.extra, 4 * 31);
	assert_int_equal(d.extra_first, p[0].start + DAY);
	/* A record lost in the middle; another holding another value. */
	q[0] = p[0];
	q[1] = p[2];
	q[2] = p[3];
	q[2].value = 99;
	assert_int_equal(store_compare(st, "c", q, 3, 1, &d, err,
	    sizeof(err)), 0);
	assert_int_equal(d.extra, 31);
	assert_int_equal(d.extra_first, p[1].start + DAY);
	assert_int_equal(d.extra_last, p[1].end);
	assert_int_equal(d.differ, 1);
	assert_int_equal(d.differ_first, p[3].start + DAY);
	assert_int_equal(d.missing, 0);
	/* A file behind the journal: a period missing. */
	assert_int_equal(store_compare(st, "c", p, 5, 0, &d, err,
	    sizeof(err)), 0);
	assert_int_equal(d.missing, 1);
	assert_int_equal(d.extra + d.differ, 0);
	assert_int_equal(store_verify(st, "c", p, 5, err, sizeof(err)), -1);
	assert_string_equal(err, "c.rrd: 1 periods of the journal missing, "
	    "0 holding other values");
	assert_int_equal(store_verify(st, "c", p, 4, err, sizeof(err)), 0);
	free(path);
	assert_int_equal(store_compare(st, "none", p, 4, 0, &d, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "/rrd/none.rrd: No such file"));
}

/*
 * store_append: months after the file's last, in one update; a repeat of
 * months it holds is refused naming the file, which keeps what it had.
 */
static void
test_store_append(void **state)
{
	struct store_point	 p[4];
	char			 err[512], *path;

	(void)state;
	monthly(p, 2, 0, 10);
	assert_int_equal(store_rebuild(st, "ap", PERIOD_MONTHLY, p, 2, err,
	    sizeof(err)), 0);
	monthly(p, 2, 2, 10);
	assert_int_equal(store_append(st, "ap", p[0].start, p, 2, err,
	    sizeof(err)), 0);
	monthly(p, 4, 0, 10);
	assert_int_equal(store_verify(st, "ap", p, 4, err, sizeof(err)), 0);
	monthly(p, 1, 3, 99);
	assert_int_equal(store_append(st, "ap", p[0].start, p, 1, err,
	    sizeof(err)), -1);
	path = store_path(st, "ap");
	assert_memory_equal(err, "update ", 7);
	assert_memory_equal(err + 7, path, strlen(path));
	free(path);
	monthly(p, 4, 0, 10);
	assert_int_equal(store_verify(st, "ap", p, 4, err, sizeof(err)), 0);
}

/* librrd's reason, completed with errno's, never empty; then cleared. */
static void
test_reason(void **state)
{
	char	 buf[256];

	(void)state;
	rrd_set_error("Cannot create temporary file");
	assert_string_equal(store_reason(buf, sizeof(buf), ENOTDIR),
	    "Cannot create temporary file: Not a directory");
	assert_string_equal(rrd_get_error(), "");
	rrd_set_error("opening 'x.rrd': No such file or directory");
	assert_string_equal(store_reason(buf, sizeof(buf), ENOENT),
	    "opening 'x.rrd': No such file or directory");
	rrd_set_error("reached EOF while loading header rrd->stat_head");
	assert_string_equal(store_reason(buf, sizeof(buf), 0),
	    "reached EOF while loading header rrd->stat_head");
	assert_string_equal(store_reason(buf, sizeof(buf), ECONNREFUSED),
	    "librrd gave no reason; errno: Connection refused");
	assert_string_equal(store_reason(buf, sizeof(buf), 0),
	    "librrd gave no reason");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_layout, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_layout_of, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_same_values, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_recover_migrates, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_recover_holds, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_recover_behind, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_read_daily, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_clean_start, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_read_monthly, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_store_compare, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_store_append, setup,
		    teardown),
		cmocka_unit_test(test_reason),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
