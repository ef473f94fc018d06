/*
 * test_graphlang.c: graphs in the page's language (legend words, value
 * scales, the y axis's label), the whole image's size (full-size mode,
 * and the legend and title given up when the image is too small), and
 * SVG (size in pixels, <title> and <desc>). Rendered from a real RRD.
 * Set GRAPH_TEST_OUT=dir to keep the images for a look.
 */
#include <sys/stat.h>

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <rrd.h>

#include "graph.h"
#include "legend.h"
#include "plot.h"
#include "svg.h"

static char	 tmpdir[] = "/tmp/test_graphlang.XXXXXX";
static char	 rrd[256];

/* Patent authorizations, Shenzhen, 2018..2024, as store.c writes them. */
static const double values[] = {
	140000, 166600, 222400, 279200, 275800, 235100, 241900
};

static time_t
year_start(int y)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mday = 1;
	return timegm(&tm);
}

static int
setup(void **state)
{
	const char	*def[] = { "DS:value:GAUGE:34560000:U:U",
	    "RRA:AVERAGE:0.99:1:10000", "RRA:AVERAGE:0.99:30:800" };
	char		 upd[2][64];
	const char	*argv[2] = { upd[0], upd[1] };
	size_t		 i;

	(void)state;
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(rrd, sizeof(rrd), "%s/patents.rrd", tmpdir);
	if (rrd_create_r2(rrd, 86400, year_start(2010), 0, NULL, NULL, 3,
	    def) != 0)
		return -1;
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		snprintf(upd[0], sizeof(upd[0]), "%lld:U",
		    (long long)year_start(2018 + (int)i));
		snprintf(upd[1], sizeof(upd[1]), "%lld:%.17g",
		    (long long)year_start(2019 + (int)i), values[i]);
		if (rrd_update_r(rrd, NULL, i == 0 ? 2 : 1, argv + (i != 0)) !=
		    0)
			return -1;
	}
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

/* Two targets, 2025 on track and 2035 moderate, as the daemon judges. */
static void
spec(struct graph_spec *s, struct graph_target *t, enum lang l)
{
	memset(t, 0, 2 * sizeof(*t));
	t[0].year = 2025;
	t[0].value = 250000;
	t[0].status = "on_track";
	t[0].status_text = lang_status(l, EVAL_ON_TRACK);
	t[0].ratio = 0.97;
	t[0].projected = 260000;
	t[0].base_t = t[1].base_t = 2018;
	t[0].base_v = t[1].base_v = 140000;
	t[0].lower = t[0].upper = t[1].lower = t[1].upper = NAN;
	t[0].trend_growth = t[1].trend_growth = NAN;
	t[1].year = 2035;
	t[1].value = 400000;
	t[1].status = "moderate";
	t[1].status_text = lang_status(l, EVAL_MODERATE);
	t[1].ratio = 0.8;
	t[1].projected = 360000;
	memset(s, 0, sizeof(*s));
	s->rrd_path = rrd;
	s->title = l == LANG_ZH ? "专利授权量" : "Patent authorizations";
	s->unit = "count";
	s->lang = l;
	s->from_year = 2015;
	s->to_year = 2035;
	s->width = 800;
	s->height = 300;
	s->latest_t = 2024;
	s->latest_v = 241900;
	s->growth = 0.0957;
	s->targets = t;
	s->ntargets = 2;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
save(const char *name, const struct graph_image *img, const char *ext)
{
	const char	*dir = getenv("GRAPH_TEST_OUT");
	char		 path[512];
	FILE		*f;

	if (dir == NULL)
		return;
	mkdir(dir, 0755);
	snprintf(path, sizeof(path), "%s/%s.%s", dir, name, ext);
	assert_non_null(f = fopen(path, "wb"));
	assert_int_equal(fwrite(img->data, 1, img->len, f), img->len);
	assert_int_equal(fclose(f), 0);
}

/* The PNG's size read from its IHDR. */
static void
assert_png_size(const struct graph_image *img, uint32_t w, uint32_t h)
{
	assert_true(img->len > 24);
	assert_memory_equal(img->data, "\x89PNG\r\n\x1a\n", 8);
	assert_memory_equal(img->data + 12, "IHDR", 4);
	assert_int_equal(be32(img->data + 16), w);
	assert_int_equal(be32(img->data + 20), h);
}

/* The argument of a that starts with prefix, or NULL. */
static const char *
arg(const struct rrdargs *a, const char *prefix)
{
	size_t	 i;

	for (i = 0; i < a->n; i++)
		if (strncmp(a->v[i], prefix, strlen(prefix)) == 0)
			return a->v[i];
	return NULL;
}

/* The arguments of spec s as graph.c builds them after its probe. */
static void
build(struct rrdargs *a, const struct graph_spec *s, double dmin,
    double dmax)
{
	struct plot	 c;

	memset(&c, 0, sizeof(c));
	c.spec = s;
	c.dmin = dmin;
	c.dmax = dmax;
	c.start = plot_year_time(s->from_year);
	c.end = plot_year_time(s->to_year + 1);
	c.legend_chars = plot_legend_chars(s);
	plot_choose_scale(&c);
	plot_choose_range(&c);
	legend_add(a, &c, plot_build(a, &c));
}

static void
test_values(void **state)
{
	static const struct { double v; enum lang l; const char *s; } t[] = {
		{ 241900, LANG_EN, "241,900" }, { 241900, LANG_ZH, "24.19 万" },
		{ 4.5e12, LANG_EN, "4.5 trillion" },
		{ 4.5e12, LANG_ZH, "4.5 万亿" }, { 4.816e12, LANG_ZH, "4.82 万亿" },
		{ 8.68e9, LANG_EN, "8.68 billion" },
		{ 8.68e9, LANG_ZH, "86.8 亿" },
		{ 2.5e6, LANG_EN, "2.5 million" }, { 2.5e6, LANG_ZH, "250 万" },
		{ 9999, LANG_ZH, "9999" }, { 0.745, LANG_EN, "0.745" },
		{ 0.745, LANG_ZH, "0.74" }, { -12000, LANG_ZH, "-1.2 万" },
		{ NAN, LANG_EN, "n/a" }, { NAN, LANG_ZH, "无数据" },
	};
	char	 buf[64];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		legend_fmt_value(buf, sizeof(buf), t[i].v, t[i].l);
		assert_string_equal(buf, t[i].s);
	}
	assert_int_equal(legend_width("actual"), 6);
	assert_int_equal(legend_width("实际值 R=1"), 10);
	assert_int_equal(legend_width("é"), 1);
}

/* The words, scale, label and fonts a Chinese graph is drawn with. */
static void
test_args_zh(void **state)
{
	struct graph_spec	 s;
	struct graph_target	 t[2];
	struct rrdargs		 a = { NULL, 0, 0 };

	(void)state;
	spec(&s, t, LANG_ZH);
	s.unit = "yuan";
	s.latest_v = 4.5e12;
	t[0].value = 4.6e12;
	t[1].value = 6e12;
	t[0].projected = t[1].projected = NAN;
	t[0].base_v = t[1].base_v = 3e12;
	build(&a, &s, 2.8e12, 4.5e12);
	assert_string_equal(arg(&a, "--vertical-label="),
	    "--vertical-label=万亿元");
	assert_string_equal(arg(&a, "--title="), "--title=专利授权量");
	assert_non_null(arg(&a, "--full-size-mode"));
	assert_string_equal(arg(&a, "--font=DEFAULT:"),
	    "--font=DEFAULT:8:DejaVu Sans,Noto Sans CJK SC");
	assert_string_equal(arg(&a, "--font=LEGEND:"),
	    "--font=LEGEND:8:DejaVu Sans Mono,Noto Sans Mono CJK SC");
	assert_string_equal(arg(&a, "--imgformat="), "--imgformat=PNG");
	assert_string_equal(arg(&a, "LINE2:nil" PLOT_C_SERIES),
	    "LINE2:nil" PLOT_C_SERIES ":实际值   最新 4.5 万亿 (2024)\\l");
	assert_string_equal(arg(&a, "LINE4:nil#1A7F37"), "LINE4:nil#1A7F37:"
	    "2025 目标 > 4.6 万亿        进展顺利   R=0.97\\l");
	assert_string_equal(arg(&a, "LINE1:nil"), "LINE1:nil"
	    PLOT_C_REQUIRED ":所需     从基期到各目标的路径\\l");
	rrdargs_free(&a);

	/* counts: the scale alone; English: unit and scale, words */
	spec(&s, t, LANG_ZH);
	build(&a, &s, 140000, 279200);
	assert_string_equal(arg(&a, "--vertical-label="),
	    "--vertical-label=万");
	rrdargs_free(&a);
	spec(&s, t, LANG_EN);
	s.format = GRAPH_SVG;
	s.canvas = 1;
	build(&a, &s, 140000, 279200);
	assert_string_equal(arg(&a, "--vertical-label="),
	    "--vertical-label=count, thousands");
	assert_null(arg(&a, "--full-size-mode"));
	assert_string_equal(arg(&a, "--imgformat="), "--imgformat=SVG");
	assert_string_equal(arg(&a, "LINE4:nil#BF8700"), "LINE4:nil#BF8700:"
	    "2035 target > 400,000         moderate progress     R=0.80  "
	    "projected 360,000\\l");
	rrdargs_free(&a);
}

/*
 * The same graph in English and Chinese: both exactly the size asked for,
 * and not the same picture.
 */
static void
test_render_langs(void **state)
{
	struct graph_spec	 s;
	struct graph_target	 t[2];
	struct graph_image	 en, zh;
	char			 err[256];

	(void)state;
	spec(&s, t, LANG_EN);
	assert_int_equal(graph_render_image(&s, &en, err, sizeof(err)), 0);
	assert_png_size(&en, 800, 300);
	save("patents_en", &en, "png");
	spec(&s, t, LANG_ZH);
	assert_int_equal(graph_render_image(&s, &zh, err, sizeof(err)), 0);
	assert_png_size(&zh, 800, 300);
	save("patents_zh", &zh, "png");
	assert_false(en.len == zh.len && memcmp(en.data, zh.data,
	    en.len) == 0);
	free(en.data);
	free(zh.data);
}

/*
 * Full-size mode at the bounds and in between: the image is exactly
 * width x height; a short image gives up its legend (then its title)
 * rather than its plot.
 */
static void
test_full_size(void **state)
{
	static const int sz[][2] = {
		{ 100, 80 }, { 390, 260 }, { 360, 120 }, { 800, 300 },
		{ 4000, 2000 }, { 1400, 500 },
	};
	struct graph_spec	 s;
	struct graph_target	 t[2];
	struct graph_image	 img, small;
	char			 err[256], name[64];
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(sz) / sizeof(sz[0]); i++) {
		spec(&s, t, i % 2 ? LANG_ZH : LANG_EN);
		s.width = sz[i][0];
		s.height = sz[i][1];
		if (graph_render_image(&s, &img, err, sizeof(err)) != 0)
			fail_msg("%dx%d: %s", sz[i][0], sz[i][1], err);
		assert_png_size(&img, (uint32_t)sz[i][0], (uint32_t)sz[i][1]);
		assert_int_equal(img.width, sz[i][0]);
		assert_int_equal(img.height, sz[i][1]);
		snprintf(name, sizeof(name), "full_%dx%d", sz[i][0], sz[i][1]);
		save(name, &img, "png");
		free(img.data);
	}
	/* at 120 px the legend goes: the same image as without targets */
	spec(&s, t, LANG_EN);
	s.width = 360;
	s.height = 120;
	assert_int_equal(graph_render_image(&s, &img, err, sizeof(err)), 0);
	s.ntargets = 0;
	s.growth = NAN;
	assert_int_equal(graph_render_image(&s, &small, err, sizeof(err)), 0);
	assert_false(img.len == small.len && memcmp(img.data, small.data,
	    img.len) == 0);
	free(img.data);
	free(small.data);
}

static void
test_svg(void **state)
{
	struct graph_spec	 s;
	struct graph_target	 t[2];
	struct graph_image	 img;
	char			 err[256], *p;

	(void)state;
	spec(&s, t, LANG_ZH);
	s.format = GRAPH_SVG;
	s.title = "专利 <授权> & \"量\"";
	assert_int_equal(graph_render_image(&s, &img, err, sizeof(err)), 0);
	save("patents_zh", &img, "svg");
	assert_int_equal(img.width, 800);
	assert_int_equal(img.height, 300);
	assert_true(img.len > 1000);
	assert_memory_equal(img.data, "<?xml", 5);
	assert_non_null(p = strstr((char *)img.data, "<svg "));
	assert_non_null(strstr(p, " width=\"800\" height=\"300\""));
	assert_null(strstr((char *)img.data, "800pt"));
	assert_non_null(strstr(p, ">\n<title>专利 &lt;授权&gt; &amp; "
	    "&quot;量&quot;</title>\n<desc>2025 目标: 进展顺利; 2035 目标: "
	    "进展一般</desc>"));
	assert_non_null(strstr(p, "</svg>"));
	free(img.data);
}

static void
test_svg_finish(void **state)
{
	static const char in[] = "<?xml version=\"1.0\"?>\n<svg xmlns="
	    "\"http://www.w3.org/2000/svg\" width=\"390pt\" height=\"260pt\" "
	    "viewBox=\"0 0 390 260\" version=\"1.1\">\n<g/>\n</svg>\n";
	char	*out, err[128];
	size_t	 len;

	(void)state;
	assert_int_equal(svg_finish(in, sizeof(in) - 1, "a\x01<b>", NULL,
	    &out, &len, err, sizeof(err)), 0);
	assert_string_equal(out, "<?xml version=\"1.0\"?>\n<svg xmlns="
	    "\"http://www.w3.org/2000/svg\" width=\"390\" height=\"260\" "
	    "viewBox=\"0 0 390 260\" version=\"1.1\">\n<title>a&lt;b&gt;"
	    "</title>\n<g/>\n</svg>\n");
	assert_int_equal(len, strlen(out));
	free(out);
	assert_int_equal(svg_finish(in, sizeof(in) - 1, "", "d'", &out, &len,
	    err, sizeof(err)), 0);
	assert_non_null(strstr(out, "version=\"1.1\">\n<desc>d&apos;</desc>"
	    "\n<g/>"));
	free(out);
	assert_int_equal(svg_finish("<svgx/>", 7, "t", NULL, &out, &len, err,
	    sizeof(err)), -1);
	assert_string_equal(err, "rrd_graph: no <svg> element in the image");
	assert_int_equal(svg_finish("<svg", 4, "t", NULL, &out, &len, err,
	    sizeof(err)), -1);
}

/* A note too long for a phone's legend is cut on a character boundary. */
static void
test_note_cut(void **state)
{
	struct graph_spec	 s;
	struct graph_target	 t[2];
	struct graph_note	 n = { 0, "2022：专利审查标准调整，授权量统计口径变化" };
	struct rrdargs		 a = { NULL, 0, 0 };
	const char		*v;

	(void)state;
	spec(&s, t, LANG_ZH);
	s.width = 200;
	n.t = plot_year_time(2023);
	s.notes = &n;
	s.nnotes = 1;
	build(&a, &s, 140000, 279200);
	/* 200 px: 24 columns, "注 " and 22 columns of the note */
	assert_int_equal(plot_legend_chars(&s), 24);
	assert_non_null(v = arg(&a, "VRULE:"));
	assert_string_equal(strchr(v, '#'), "#9A6700:注 2022：专利审查标准调"
	    "\\l:dashes=3,3");
	rrdargs_free(&a);
}

static void
test_bad_lang(void **state)
{
	struct graph_spec	 s;
	struct graph_target	 t[2];
	char			 err[256];

	(void)state;
	spec(&s, t, LANG_EN);
	s.lang = LANG_NLANG;
	assert_int_equal(graph_check(&s, err, sizeof(err)), -1);
	assert_string_equal(err, "language 2 unknown");
	s.lang = LANG_EN;
	s.format = (enum graph_format)7;
	assert_int_equal(graph_check(&s, err, sizeof(err)), -1);
	assert_string_equal(err, "format 7 unknown");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_args_zh),
		cmocka_unit_test(test_render_langs),
		cmocka_unit_test(test_full_size),
		cmocka_unit_test(test_svg),
		cmocka_unit_test(test_svg_finish),
		cmocka_unit_test(test_note_cut),
		cmocka_unit_test(test_bad_lang),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
