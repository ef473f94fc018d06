/*
 * test_graph.c: trend graphs rendered from real RRDs, and the PNG cache.
 *
 * The RRDs are built as store.c builds them: step 1 day, an annual value
 * written as U at the period's start (after a gap) and the value at its end.
 * Set GRAPH_TEST_OUT=dir to keep the demo PNGs for a look.
 */
#include <sys/stat.h>

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <rrd.h>

#include "cache.h"
#include "graph.h"

struct obs {
	int	 year;
	double	 value;
};

struct demo {
	const char		*name;
	const char		*title;
	const char		*unit;
	const struct obs	*obs;
	size_t			 nobs;
	const double		*goals;		/* 2025, 2035 */
};

static const struct obs patents[] = {
	{ 2018, 140000 }, { 2019, 166600 }, { 2020, 222400 },
	{ 2021, 279200 }, { 2022, 275800 }, { 2023, 235100 },
	{ 2024, 241900 }
};
static const struct obs trade[] = {
	{ 2017, 2.80e12 }, { 2018, 3.00e12 }, { 2019, 2.98e12 },
	{ 2020, 3.05e12 }, { 2021, 3.54e12 }, { 2022, 3.67e12 },
	{ 2023, 3.87e12 }, { 2024, 4.5e12 }
};
static const struct obs capital[] = {
	{ 2016, 6.6e9 }, { 2017, 7.4e9 }, { 2018, 8.2e9 }, { 2020, 8.68e9 },
	{ 2021, 10e9 }
};
static const struct obs services[] = {
	{ 2019, 0.72 }, { 2020, 0.725 }, { 2021, 0.73 }, { 2022, 0.74 },
	{ 2023, 0.745 }, { 2024, 0.75 }
};
static const double patents_goals[] = { 250000, 400000 };
static const double trade_goals[] = { 4.6e12, 6e12 };
static const double capital_goals[] = { 12e9, 15e9 };
static const double services_goals[] = { 0.77, 0.80 };

static const struct demo demos[] = {
	{ "patents", "Patent authorizations, Shenzhen", "count", patents,
	    sizeof(patents) / sizeof(patents[0]), patents_goals },
	{ "foreign_trade", "Foreign trade volume, Shenzhen", "yuan", trade,
	    sizeof(trade) / sizeof(trade[0]), trade_goals },
	{ "foreign_capital", "Foreign capital actually used, Shenzhen", "usd",
	    capital, sizeof(capital) / sizeof(capital[0]), capital_goals },
	{ "services_share", "Modern services, share of services value added",
	    "ratio", services, sizeof(services) / sizeof(services[0]),
	    services_goals },
};
#define NDEMOS	(sizeof(demos) / sizeof(demos[0]))

static char	 tmpdir[] = "/tmp/test_graph.XXXXXX";

static time_t
year_start(int y)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mday = 1;
	return timegm(&tm);
}

static void
rrd_path(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s.rrd", tmpdir, name);
}

static int
make_rrd(const char *name, const struct obs *o, size_t n)
{
	const char	*def[] = {
		"DS:value:GAUGE:34560000:U:U",
		"RRA:AVERAGE:0.99:1:10000", "RRA:AVERAGE:0.99:30:800"
	};
	char		 path[256], upd[2][64];
	const char	*argv[2];
	time_t		 last = year_start(2010);
	size_t		 i;
	int		 argc;

	rrd_path(path, sizeof(path), name);
	rrd_clear_error();
	if (rrd_create_r2(path, 86400, last, 0, NULL, NULL, 3, def) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		argc = 0;
		if (last < year_start(o[i].year)) {
			snprintf(upd[argc], sizeof(upd[argc]), "%lld:U",
			    (long long)year_start(o[i].year));
			argv[argc] = upd[argc];
			argc++;
		}
		last = year_start(o[i].year + 1);
		snprintf(upd[argc], sizeof(upd[argc]), "%lld:%.17g",
		    (long long)last, o[i].value);
		argv[argc] = upd[argc];
		argc++;
		if (rrd_update_r(path, NULL, argc, argv) != 0)
			return -1;
	}
	return 0;
}

/*
 * Status, R and projection as eval.c computes them by default (CAGR from
 * the first point, thresholds 0.95 / 0.60 / 0), so the demos show what the
 * daemon will.
 */
static void
demo_target(const struct obs *o, size_t n, int year, double goal,
    struct graph_target *t)
{
	double	 t0 = o[0].year, y0 = o[0].value;
	double	 tl = o[n - 1].year, yl = o[n - 1].value;
	double	 act = pow(yl / y0, 1 / (tl - t0)) - 1;
	double	 req = pow(goal / y0, 1 / (year - t0)) - 1;

	memset(t, 0, sizeof(*t));
	t->year = year;
	t->value = goal;
	t->kind = 0;
	t->ratio = act / req;
	t->projected = yl * pow(1 + act, year - tl);
	t->base_t = t0;
	t->base_v = y0;
	if (yl >= goal)
		t->status = "achieved";
	else if (t->ratio >= 0.95)
		t->status = "on_track";
	else if (t->ratio >= 0.60)
		t->status = "moderate";
	else if (t->ratio >= 0)
		t->status = "insufficient";
	else
		t->status = "moving_away";
}

/* A spec for demo d; targets must hold two. */
static void
demo_spec(const struct demo *d, struct graph_spec *s,
    struct graph_target *targets, char *path, size_t pathlen)
{
	const struct obs	*o = d->obs;
	size_t			 n = d->nobs;

	rrd_path(path, pathlen, d->name);
	demo_target(o, n, 2025, d->goals[0], &targets[0]);
	demo_target(o, n, 2035, d->goals[1], &targets[1]);
	memset(s, 0, sizeof(*s));
	s->rrd_path = path;
	s->title = d->title;
	s->unit = d->unit;
	s->from_year = 2015;
	s->to_year = 2035;
	s->width = 800;
	s->height = 300;
	s->latest_t = o[n - 1].year;
	s->latest_v = o[n - 1].value;
	s->growth = pow(o[n - 1].value / o[0].value,
	    1.0 / (o[n - 1].year - o[0].year)) - 1;
	s->targets = targets;
	s->ntargets = 2;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* The PNG signature, an IHDR first, and its size as rrdtool reported. */
static void
assert_png(const struct graph_image *img)
{
	static const unsigned char sig[8] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'
	};

	assert_non_null(img->data);
	assert_true(img->len > 33);
	assert_memory_equal(img->data, sig, 8);
	assert_memory_equal(img->data + 12, "IHDR", 4);
	assert_int_equal(be32(img->data + 16), img->width);
	assert_int_equal(be32(img->data + 20), img->height);
}

static void
save_png(const char *name, const struct graph_image *img)
{
	const char	*dir = getenv("GRAPH_TEST_OUT");
	char		 path[512];
	FILE		*f;

	if (dir == NULL)
		return;
	mkdir(dir, 0755);
	snprintf(path, sizeof(path), "%s/%s.png", dir, name);
	assert_non_null(f = fopen(path, "wb"));
	assert_int_equal(fwrite(img->data, 1, img->len, f), img->len);
	assert_int_equal(fclose(f), 0);
}

static int
setup(void **state)
{
	size_t	 i;

	(void)state;
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	for (i = 0; i < NDEMOS; i++)
		if (make_rrd(demos[i].name, demos[i].obs, demos[i].nobs) != 0)
			return -1;
	if (make_rrd("empty", NULL, 0) != 0)
		return -1;
	graph_init();
	return 0;
}

static int
teardown(void **state)
{
	char	 cmd[256];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
test_patents(void **state)
{
	struct graph_spec	 s;
	struct graph_target	 t[2];
	struct graph_image	 img;
	char			 path[256], err[256];

	(void)state;
	demo_spec(&demos[0], &s, t, path, sizeof(path));
	assert_string_equal(t[0].status, "on_track");
	assert_int_equal(graph_render_image(&s, &img, err, sizeof(err)), 0);
	assert_png(&img);
	/* full-size mode: the whole image is width x height */
	assert_int_equal(img.width, 800);
	assert_int_equal(img.height, 300);
	free(img.data);
	/* canvas mode: rrdtool adds axes, title and legend around it */
	s.canvas = 1;
	assert_int_equal(graph_render_image(&s, &img, err, sizeof(err)), 0);
	assert_png(&img);
	assert_true(img.width > s.width && img.height > s.height);
	free(img.data);
}

/*
 * A trend target's prediction interval is a shaded band: the image with
 * it differs from the one without, and is taller by the band's legend
 * line; an empty interval (lower not below upper) draws nothing.
 */
static void
test_band(void **state)
{
	struct graph_spec	 s;
	struct graph_target	 t[2];
	struct graph_image	 a, b, c, d;
	char			 path[256], err[256];
	double			 proj;

	(void)state;
	demo_spec(&demos[0], &s, t, path, sizeof(path));
	s.canvas = 1;		/* the legend's line adds to the height */
	t[0].trend_growth = t[1].trend_growth = NAN;
	assert_int_equal(graph_render_image(&s, &a, err, sizeof(err)), 0);
	s.interval = 0.9;
	t[0].lower = 199278.36;
	t[0].upper = 514156.47;
	assert_int_equal(graph_render_image(&s, &b, err, sizeof(err)), 0);
	assert_png(&b);
	save_png("band", &b);
	assert_true(b.height > a.height);
	/*
	 * Judged by the trend fit: the line and band start from the fit at
	 * the latest period, not from the latest value.
	 */
	proj = t[0].projected;
	t[0].projected = 320094.0;
	t[0].trend_growth = 0.1;
	t[0].trend_log = 1;
	assert_int_equal(graph_render_image(&s, &d, err, sizeof(err)), 0);
	assert_png(&d);
	save_png("band_fit", &d);
	assert_false(d.len == b.len && memcmp(d.data, b.data, b.len) == 0);
	t[0].trend_growth = NAN;
	t[0].projected = proj;
	t[0].upper = t[0].lower;
	assert_int_equal(graph_render_image(&s, &c, err, sizeof(err)), 0);
	assert_int_equal(c.height, a.height);
	assert_true(c.len == a.len && memcmp(c.data, a.data, a.len) == 0);
	free(a.data);
	free(b.data);
	free(c.data);
	free(d.data);
}

/* The fit through the projection: (1 + g)^-(T - t), or the slope back. */
static void
test_fit_at(void **state)
{
	struct graph_target	 t;

	(void)state;
	memset(&t, 0, sizeof(t));
	t.year = 2025;
	t.projected = 320094.0;
	t.trend_growth = 0.1;
	t.trend_log = 1;
	/* 320094 / 1.1^1 and / 1.1^0.5, computed with python3 */
	assert_true(fabs(spec_fit_at(&t, 2024) - 290994.5454545454) < 1e-9);
	assert_true(fabs(spec_fit_at(&t, 2024.5) - 305197.6540419786) < 1e-9);
	assert_true(spec_fit_at(&t, 2025) == 320094.0);
	t.trend_log = 0;
	t.trend_growth = 2.5;
	t.projected = 20;
	assert_true(spec_fit_at(&t, 2021) == 10);
}

static void
test_demos(void **state)
{
	struct graph_spec	 s;
	struct graph_target	 t[2];
	struct graph_image	 img;
	char			 path[256], err[256];
	size_t			 i;

	(void)state;
	for (i = 0; i < NDEMOS; i++) {
		demo_spec(&demos[i], &s, t, path, sizeof(path));
		if (graph_render_image(&s, &img, err, sizeof(err)) != 0)
			fail_msg("%s: %s", demos[i].name, err);
		assert_png(&img);
		save_png(demos[i].name, &img);
		free(img.data);
	}
}

/* The demo RRDs under other settings: linear, a missed goal, no latest. */
static void
test_variants(void **state)
{
	struct graph_spec	 s;
	struct graph_target	 t[2];
	struct graph_image	 img;
	char			 path[256], err[256];

	(void)state;
	demo_spec(&demos[0], &s, t, path, sizeof(path));
	t[1].value = 900000;
	demo_target(patents, 7, 2035, 900000, &t[1]);
	s.linear = 1;
	s.growth = (241900 - 140000) / 6.0;
	t[1].projected = 241900 + s.growth * 11;
	t[0].projected = 241900 + s.growth;
	assert_int_equal(graph_render_image(&s, &img, err, sizeof(err)), 0);
	assert_png(&img);
	save_png("patents_linear_insufficient", &img);
	free(img.data);

	s.latest_t = s.latest_v = s.growth = NAN;
	s.from_year = 1990;
	s.to_year = 2100;
	s.width = 300;
	s.height = 100;
	assert_int_equal(graph_render_image(&s, &img, err, sizeof(err)), 0);
	assert_png(&img);
	save_png("patents_no_latest_small", &img);
	free(img.data);
}

/* The limits of a valid spec all render. */
static void
test_extremes(void **state)
{
	static const int lim[][4] = {
		{ 100, 80, 1980, 2200 }, { 4000, 2000, 1980, 2200 },
		{ 100, 80, 2024, 2025 }, { 4000, 2000, 2015, 2035 },
	};
	struct graph_spec	 s;
	struct graph_target	 t[2];
	struct graph_image	 img;
	char			 path[256], err[256], name[64];
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(lim) / sizeof(lim[0]); i++) {
		demo_spec(&demos[i % NDEMOS], &s, t, path, sizeof(path));
		s.width = lim[i][0];
		s.height = lim[i][1];
		s.from_year = lim[i][2];
		s.to_year = lim[i][3];
		if (graph_render_image(&s, &img, err, sizeof(err)) != 0)
			fail_msg("%zu: %s", i, err);
		assert_png(&img);
		snprintf(name, sizeof(name), "extreme%zu", i);
		save_png(name, &img);
		free(img.data);
	}
}

static void
test_empty(void **state)
{
	struct graph_spec	 s;
	struct graph_target	 t[2];
	struct graph_image	 img;
	char			 path[256], err[256];

	(void)state;
	demo_spec(&demos[0], &s, t, path, sizeof(path));
	rrd_path(path, sizeof(path), "empty");
	s.title = "Empty";
	s.latest_t = s.latest_v = s.growth = NAN;
	t[0].status = t[1].status = "unknown";
	t[0].ratio = t[1].ratio = NAN;
	t[0].projected = t[1].projected = NAN;
	t[0].base_t = t[0].base_v = t[1].base_t = t[1].base_v = NAN;
	assert_int_equal(graph_render_image(&s, &img, err, sizeof(err)), 0);
	assert_png(&img);
	save_png("empty", &img);
	free(img.data);

	s.ntargets = 0;
	assert_int_equal(graph_render_image(&s, &img, err, sizeof(err)), 0);
	assert_png(&img);
	save_png("empty_no_targets", &img);
	free(img.data);
}

static void
test_render_bytes(void **state)
{
	struct graph_spec	 s;
	struct graph_target	 t[2];
	unsigned char		*png;
	size_t			 len;
	char			 path[256], err[256];

	(void)state;
	demo_spec(&demos[1], &s, t, path, sizeof(path));
	assert_int_equal(graph_render(&s, &png, &len, err, sizeof(err)), 0);
	assert_true(len > 8 && memcmp(png, "\x89PNG", 4) == 0);
	free(png);
}

struct bad {
	const char	*what;
	void		(*mutate)(struct graph_spec *, struct graph_target *);
	const char	*err;
};

static void bad_width(struct graph_spec *s, struct graph_target *t)
{ (void)t; s->width = 99; }
static void bad_width2(struct graph_spec *s, struct graph_target *t)
{ (void)t; s->width = 4001; }
static void bad_height(struct graph_spec *s, struct graph_target *t)
{ (void)t; s->height = 2001; }
static void bad_from(struct graph_spec *s, struct graph_target *t)
{ (void)t; s->from_year = 1979; }
static void bad_to(struct graph_spec *s, struct graph_target *t)
{ (void)t; s->to_year = 2201; }
static void bad_order(struct graph_spec *s, struct graph_target *t)
{ (void)t; s->from_year = 2035; }
static void bad_path(struct graph_spec *s, struct graph_target *t)
{ (void)t; s->rrd_path = ""; }
static void bad_latest(struct graph_spec *s, struct graph_target *t)
{ (void)t; s->latest_v = NAN; }
static void bad_latest2(struct graph_spec *s, struct graph_target *t)
{ (void)t; s->latest_t = 1e9; }
static void bad_growth(struct graph_spec *s, struct graph_target *t)
{ (void)t; s->growth = -1; }
static void bad_count(struct graph_spec *s, struct graph_target *t)
{ (void)t; s->ntargets = GRAPH_MAX_TARGETS + 1; }
static void bad_kind(struct graph_spec *s, struct graph_target *t)
{ (void)s; t[1].kind = 2; }
static void bad_value(struct graph_spec *s, struct graph_target *t)
{ (void)s; t[0].value = INFINITY; }
static void bad_base(struct graph_spec *s, struct graph_target *t)
{ (void)s; t[0].base_v = NAN; }
static void bad_file(struct graph_spec *s, struct graph_target *t)
{ (void)t; s->rrd_path = "/nonexistent/x.rrd"; }
static void bad_daemon(struct graph_spec *s, struct graph_target *t)
{ (void)t; s->daemon = "unix:/nonexistent/rrdcached.sock"; }

static void
test_bad_specs(void **state)
{
	static const struct bad bad[] = {
		{ "narrow", bad_width, "width 99 not in 100..4000" },
		{ "wide", bad_width2, "width 4001 not in 100..4000" },
		{ "tall", bad_height, "height 2001 not in 80..2000" },
		{ "early", bad_from, "years 1979..2035 not within 1980..2200" },
		{ "late", bad_to, "years 2015..2201 not within 1980..2200" },
		{ "order", bad_order, "from year 2035 not before to year 2035" },
		{ "path", bad_path, "no RRD file" },
		{ "latest", bad_latest, "latest point needs a finite year" },
		{ "latest2", bad_latest2, "latest year out of range" },
		{ "growth", bad_growth, "growth rate out of range" },
		{ "count", bad_count, "17 targets, at most 16" },
		{ "kind", bad_kind, "target 1: kind must be 0" },
		{ "value", bad_value, "target 0: value is not finite" },
		{ "base", bad_base, "target 0: baseline needs" },
		{ "file", bad_file, "rrd_graph: " },
		{ "daemon", bad_daemon, "rrd_graph: " },
	};
	struct graph_spec	 s;
	struct graph_target	 t[GRAPH_MAX_TARGETS + 1];
	struct graph_image	 img;
	char			 path[256], err[256];
	size_t			 i;

	(void)state;
	assert_int_equal(graph_check(NULL, err, sizeof(err)), -1);
	assert_string_equal(err, "no RRD file");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		demo_spec(&demos[0], &s, t, path, sizeof(path));
		bad[i].mutate(&s, t);
		err[0] = '\0';
		if (graph_render_image(&s, &img, err, sizeof(err)) != -1)
			fail_msg("%s: accepted", bad[i].what);
		assert_null(img.data);
		if (strncmp(err, bad[i].err, strlen(bad[i].err)) != 0)
			fail_msg("%s: error \"%s\", want \"%s\"", bad[i].what,
			    err, bad[i].err);
	}
}

#define THREADS		4
#define RENDERS		20

static void *
render_thread(void *arg)
{
	const struct demo	*d = &demos[(uintptr_t)arg % NDEMOS];
	struct graph_spec	 s;
	struct graph_target	 t[2];
	struct graph_image	 img;
	char			 path[256], err[256];
	uintptr_t		 ok = 0;
	int			 i;

	demo_spec(d, &s, t, path, sizeof(path));
	for (i = 0; i < RENDERS; i++) {
		s.width = 400 + 10 * i;
		if (graph_render_image(&s, &img, err, sizeof(err)) == 0 &&
		    img.len > 8 && memcmp(img.data, "\x89PNG", 4) == 0)
			ok++;
		free(img.data);
	}
	return (void *)ok;
}

static void
test_concurrent(void **state)
{
	pthread_t	 th[THREADS];
	void		*ok;
	uintptr_t	 i;

	(void)state;
	for (i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, render_thread,
		    (void *)i), 0);
	for (i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(th[i], &ok), 0);
		assert_int_equal((uintptr_t)ok, RENDERS);
	}
}

/* A path with ':' (a field separator for rrdtool) still reaches the file. */
static void
test_colon_path(void **state)
{
	struct graph_spec	 s;
	struct graph_target	 t[2];
	struct graph_image	 img;
	char			 path[256], dir[200], cmd[600], err[256];

	(void)state;
	demo_spec(&demos[0], &s, t, path, sizeof(path));
	snprintf(dir, sizeof(dir), "%s/a:b", tmpdir);
	assert_int_equal(mkdir(dir, 0755), 0);
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s/p.rrd'", path, dir);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/p.rrd", dir);
	if (graph_render_image(&s, &img, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_png(&img);
	free(img.data);
}

/* Through a real rrdcached (--daemon), when it is installed. */
static void
test_daemon(void **state)
{
	struct graph_spec	 s;
	struct graph_target	 t[2];
	struct graph_image	 img;
	char			 path[256], sock[300], addr[310], pid[300];
	char			 cmd[1200], err[256];
	FILE			*f;
	long			 p = 0;
	int			 i;

	(void)state;
	if (access("/usr/bin/rrdcached", X_OK) != 0)
		skip();
	snprintf(sock, sizeof(sock), "%s/rrdcached.sock", tmpdir);
	snprintf(pid, sizeof(pid), "%s/rrdcached.pid", tmpdir);
	snprintf(addr, sizeof(addr), "unix:%s", sock);
	snprintf(cmd, sizeof(cmd), "/usr/bin/rrdcached -l '%s' -p '%s' "
	    "-b '%s' -B >/dev/null 2>&1", addr, pid, tmpdir);
	assert_int_equal(system(cmd), 0);	/* daemonises */
	for (i = 0; i < 50 && access(sock, F_OK) != 0; i++)
		usleep(100000);
	demo_spec(&demos[0], &s, t, path, sizeof(path));
	s.daemon = addr;
	if (graph_render_image(&s, &img, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_png(&img);
	free(img.data);
	if ((f = fopen(pid, "r")) != NULL) {
		if (fscanf(f, "%ld", &p) == 1 && p > 1)
			kill((pid_t)p, SIGTERM);
		fclose(f);
	}
	/* gone before teardown removes its directory */
	for (i = 0; i < 50 && p > 1 && kill((pid_t)p, 0) == 0; i++)
		usleep(100000);
}

static struct cache_buf *
buf_of(int fill, size_t len)
{
	unsigned char	 data[4096];

	memset(data, fill, len);
	return cache_buf_new(data, len);
}

static void
test_cache_hit(void **state)
{
	struct cache		*c = cache_new(1 << 20);
	struct cache_key	 k = { "patents", 2015, 2035, 800, 300, 0, 0 };
	struct cache_key	 k2 = { "patents", 2015, 2035, 800, 301, 0, 0 };
	struct cache_buf	*b = buf_of('a', 100), *g;
	struct cache_stats	 st;

	(void)state;
	assert_null(cache_get(c, &k, 1));
	cache_put(c, &k, 1, b);
	assert_non_null(g = cache_get(c, &k, 1));
	assert_ptr_equal(g, b);
	assert_int_equal(g->len, 100);
	assert_int_equal(g->data[99], 'a');
	cache_buf_unref(g);
	assert_null(cache_get(c, &k2, 1));
	k.id = "trade";
	assert_null(cache_get(c, &k, 1));
	cache_stats(c, &st);
	assert_int_equal(st.hits, 1);
	assert_int_equal(st.misses, 3);
	assert_int_equal(st.entries, 1);
	assert_true(st.bytes > 100);
	cache_buf_unref(b);
	cache_free(c);
}

static void
test_cache_generation(void **state)
{
	struct cache		*c = cache_new(1 << 20);
	struct cache_key	 k = { "patents", 2015, 2035, 800, 300, 0, 0 };
	struct cache_buf	*b1 = buf_of('1', 10), *b2 = buf_of('2', 10);
	struct cache_buf	*g;
	struct cache_stats	 st;

	(void)state;
	cache_put(c, &k, 1, b1);
	assert_null(cache_get(c, &k, 2));	/* newer data: a miss */
	cache_stats(c, &st);
	assert_int_equal(st.misses, 1);
	assert_int_equal(st.entries, 0);	/* the stale entry went */
	cache_put(c, &k, 2, b2);
	cache_put(c, &k, 1, b1);		/* late old render: ignored */
	assert_non_null(g = cache_get(c, &k, 2));
	assert_int_equal(g->data[0], '2');
	cache_buf_unref(g);
	assert_null(cache_get(c, &k, 1));	/* older asker: miss, kept */
	cache_put(c, &k, 3, b1);		/* newer replaces */
	assert_null(cache_get(c, &k, 2));
	assert_non_null(g = cache_get(c, &k, 3));
	assert_int_equal(g->data[0], '1');
	cache_buf_unref(g);
	cache_stats(c, &st);
	assert_int_equal(st.entries, 1);
	assert_int_equal(st.hits, 2);
	cache_buf_unref(b1);
	cache_buf_unref(b2);
	cache_free(c);
}

static void
test_cache_eviction(void **state)
{
	struct cache		*c;
	struct cache_key	 k[4] = {
		{ "a", 2015, 2035, 800, 300, 0, 0 },
		{ "b", 2015, 2035, 800, 300, 0, 0 },
		{ "c", 2015, 2035, 800, 300, 0, 0 },
		{ "d", 2015, 2035, 800, 300, 0, 0 }
	};
	struct cache_buf	*b, *g;
	struct cache_stats	 st;
	size_t			 one;
	int			 i;

	(void)state;
	/* learn what one entry costs, then allow three */
	c = cache_new(1 << 20);
	b = buf_of('x', 1000);
	cache_put(c, &k[0], 1, b);
	cache_stats(c, &st);
	one = st.bytes;
	cache_free(c);
	c = cache_new(3 * one);
	for (i = 0; i < 3; i++)
		cache_put(c, &k[i], 1, b);
	g = cache_get(c, &k[0], 1);		/* a is now the freshest */
	cache_buf_unref(g);
	cache_put(c, &k[3], 1, b);		/* evicts b, the oldest */
	cache_stats(c, &st);
	assert_int_equal(st.evictions, 1);
	assert_int_equal(st.entries, 3);
	assert_true(st.bytes <= 3 * one);
	assert_null(cache_get(c, &k[1], 1));
	for (i = 0; i < 4; i += 1 + (i == 0)) {
		assert_non_null(g = cache_get(c, &k[i], 1));
		cache_buf_unref(g);
	}
	cache_buf_unref(b);
	b = buf_of('y', 4000);		/* larger than the whole cache */
	cache_put(c, &k[1], 1, b);
	assert_null(cache_get(c, &k[1], 1));
	cache_stats(c, &st);
	assert_int_equal(st.entries, 3);
	cache_buf_unref(b);
	cache_free(c);
}

static void
test_cache_refcount(void **state)
{
	struct cache		*c = cache_new(1 << 20);
	struct cache_key	 k = { "patents", 2015, 2035, 800, 300, 0, 0 };
	struct cache_buf	*b = buf_of('r', 64), *b2 = buf_of('s', 8), *g;

	(void)state;
	assert_int_equal(atomic_load(&b->refs), 1);
	cache_put(c, &k, 1, b);
	assert_int_equal(atomic_load(&b->refs), 2);
	g = cache_get(c, &k, 1);
	assert_int_equal(atomic_load(&b->refs), 3);
	cache_buf_unref(b);			/* the maker lets go */
	cache_put(c, &k, 2, b2);		/* replaced in the cache... */
	cache_buf_unref(b2);
	cache_buf_unref(cache_get(c, &k, 2));
	assert_int_equal(atomic_load(&g->refs), 1);
	assert_int_equal(g->data[63], 'r');	/* ...but still ours */
	cache_free(c);
	assert_int_equal(g->data[0], 'r');
	cache_buf_release(g);			/* as libmicrohttpd would */
	cache_buf_unref(NULL);
}

/* A kept object: counts how often it was made and freed. */
struct kept_obj {
	struct cache_buf	*buf;
	int			*freed;
};

static int kept_made;

static void
kept_free(void *p)
{
	struct kept_obj		*o = p;

	(*o->freed)++;
	cache_buf_unref(o->buf);
	free(o);
}

/* cache_serve's callback: makes the entry's object once, returns its byte. */
static int
kept_serve(void *arg, struct cache_buf *b, void **kept)
{
	struct kept_obj		*o;

	if (*kept == NULL) {
		o = malloc(sizeof(*o));
		o->buf = cache_buf_ref(b);
		o->freed = arg;
		*kept = o;
		kept_made++;
	}
	o = *kept;
	assert_ptr_equal(o->buf, b);
	return b->data[0];
}

static void
test_cache_serve(void **state)
{
	struct cache		*c;
	struct cache_key	 k = { "patents", 2015, 2035, 800, 300, 0, 0 };
	struct cache_key	 k2 = { "trade", 2015, 2035, 800, 300, 0, 0 };
	struct cache_buf	*b1 = buf_of('1', 100), *b2 = buf_of('2', 100);
	struct cache_stats	 st;
	size_t			 plain, kept;
	int			 freed = 0;

	(void)state;
	/* what an entry costs without, then with, a kept allowance */
	c = cache_new(1 << 20);
	cache_put(c, &k, 1, b1);
	cache_stats(c, &st);
	plain = st.bytes;
	cache_free(c);
	c = cache_new(1 << 20);
	cache_set_kept(c, kept_free, 512);
	assert_int_equal(cache_serve(c, &k, 1, kept_serve, &freed), -1);
	assert_int_equal(kept_made, 0);
	cache_put(c, &k, 1, b1);
	cache_stats(c, &st);
	kept = st.bytes;
	assert_int_equal(kept, plain + 512);
	/* made at the first hit, then reused */
	assert_int_equal(cache_serve(c, &k, 1, kept_serve, &freed), '1');
	assert_int_equal(cache_serve(c, &k, 1, kept_serve, &freed), '1');
	assert_int_equal(kept_made, 1);
	assert_int_equal(atomic_load(&b1->refs), 3);	/* ours, cache, kept */
	/* newer data: a miss that drops the entry and frees its object */
	assert_int_equal(cache_serve(c, &k, 2, kept_serve, &freed), -1);
	assert_int_equal(freed, 1);
	assert_int_equal(atomic_load(&b1->refs), 1);
	/* replaced by a newer render: the old object goes */
	cache_put(c, &k, 2, b1);
	assert_int_equal(cache_serve(c, &k, 2, kept_serve, &freed), '1');
	cache_put(c, &k, 3, b2);
	assert_int_equal(freed, 2);
	assert_int_equal(cache_serve(c, &k, 3, kept_serve, &freed), '2');
	assert_int_equal(kept_made, 3);
	cache_free(c);				/* frees the object */
	assert_int_equal(freed, 3);
	/* evicted to make room: the object goes with its entry */
	c = cache_new(kept);
	cache_set_kept(c, kept_free, 512);
	cache_put(c, &k, 1, b1);
	assert_int_equal(cache_serve(c, &k, 1, kept_serve, &freed), '1');
	cache_put(c, &k2, 1, b2);
	assert_int_equal(freed, 4);
	cache_stats(c, &st);
	assert_int_equal(st.evictions, 1);
	assert_int_equal(st.hits, 1);
	assert_int_equal(cache_serve(c, &k, 1, kept_serve, &freed), -1);
	/* an entry never hit has no object to free */
	cache_free(c);
	assert_int_equal(freed, 4);
	assert_int_equal(kept_made, 4);
	assert_int_equal(atomic_load(&b1->refs), 1);
	assert_int_equal(atomic_load(&b2->refs), 1);
	cache_buf_unref(b1);
	cache_buf_unref(b2);
}

static void *
cache_thread(void *arg)
{
	struct cache		*c = arg;
	struct cache_key	 k = { "t", 2015, 2035, 800, 300, 0, 0 };
	struct cache_buf	*b, *g;
	unsigned int		 seed = (unsigned int)(uintptr_t)&k;
	int			 i;

	for (i = 0; i < 5000; i++) {
		k.width = 100 + rand_r(&seed) % 64;
		if ((g = cache_get(c, &k, (uint64_t)(i / 1000))) != NULL) {
			if (g->len != (size_t)k.width || g->data[0] != 'z')
				return (void *)1;
			cache_buf_unref(g);
			continue;
		}
		b = buf_of('z', (size_t)k.width);
		cache_put(c, &k, (uint64_t)(i / 1000), b);
		cache_buf_unref(b);
	}
	return NULL;
}

static void
test_cache_threads(void **state)
{
	struct cache		*c = cache_new(8192);
	struct cache_stats	 st;
	pthread_t		 th[THREADS];
	void			*rv;
	int			 i;

	(void)state;
	for (i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&th[i], NULL, cache_thread,
		    c), 0);
	for (i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(th[i], &rv), 0);
		assert_null(rv);
	}
	cache_stats(c, &st);
	assert_int_equal(st.hits + st.misses, (uint64_t)THREADS * 5000);
	assert_true(st.bytes <= 8192);
	cache_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_patents),
		cmocka_unit_test(test_demos),
		cmocka_unit_test(test_band),
		cmocka_unit_test(test_fit_at),
		cmocka_unit_test(test_variants),
		cmocka_unit_test(test_extremes),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_render_bytes),
		cmocka_unit_test(test_bad_specs),
		cmocka_unit_test(test_concurrent),
		cmocka_unit_test(test_colon_path),
		cmocka_unit_test(test_daemon),
		cmocka_unit_test(test_cache_hit),
		cmocka_unit_test(test_cache_generation),
		cmocka_unit_test(test_cache_eviction),
		cmocka_unit_test(test_cache_refcount),
		cmocka_unit_test(test_cache_serve),
		cmocka_unit_test(test_cache_threads),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
