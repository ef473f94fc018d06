/*
 * test_indpage.c: the page of one indicator, rendered from a view made by
 * hand (no registry, no files) with the Shenzhen patent figures judged for
 * real: a target row, the explanation in both languages, the data table
 * with a revised value and when each was stored, the feed's health, and
 * hostile text from the config and a feed escaped. Then the page's query
 * parser.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "indpage.h"
#include "indquery.h"
#include "view.h"
#include "srcfix.h"

static const char conf_text[] =
    "data_dir = \"/nonexistent\";\n"
    "evaluation = { method = \"cagr\"; base_year = 2018; };\n"
    "feeds = ( { name = \"p\"; type = \"push\"; } );\n"
    "indicators = (\n"
    "  { id = \"pat\"; name = \"Patents <script>alert(1)</script>\";\n"
    "    name_zh = \"专利授权量\"; unit = \"count\"; feed = \"p\";\n"
    "    source = \"Bureau \\\"A&B\\\"\";\n"
    "    targets = ( { year = 2025; value = 250000.0;\n"
    "      note = \"plan <i>2021</i>\"; } );\n"
    "    notes = ( { period = \"2020\"; text = \"count <changed>\"; } ); },\n"
    "  { id = \"gdp\"; name = \"GDP\"; unit = \"yuan\"; feed = \"p\"; }\n"
    ");\n";

static const struct { int y; double v; } pat_data[] = {
	{ 2018, 140000 }, { 2019, 166600 }, { 2020, 222400 }, { 2021, 279200 },
	{ 2022, 275800 }, { 2023, 235100 }, { 2024, 241900 }
};

/* 2025-12-04 20:00 UTC: the view's hour. */
#define ASOF	1764878400

static void
add_point(struct iview *iv, int y, double value, const char *src)
{
	struct series	*s = series_edit(iv, 1);
	struct point	*p = &s->pts[s->n++];

	memset(p, 0, sizeof(*p));
	p->period.kind = PERIOD_ANNUAL;
	p->period.year = y;
	p->value = value;
	p->source = srctab_intern(&srcs, src);
	s->src = &srcs;
}

/*
 * pat: 2018-2024, judged at ASOF; 2023 was revised and 2024 was stored
 * at 2025-06-12 08:30 UTC; the feed is down with a hostile error. gdp:
 * no data, no target.
 */
static struct view *
hand_view(void)
{
	struct config	*c;
	struct confref	*cref;
	struct feedset	*fset = feedset_new(1);
	struct view	*v;
	struct iview	*pat, *gdp;
	char		 err[512];
	size_t		 i;

	if ((c = config_load_string("t.conf", conf_text, err,
	    sizeof(err))) == NULL)
		fail_msg("%s", err);
	cref = confref_new(c);
	fset->fs[0].name = strdup("p");
	fset->fs[0].up = 0;
	fset->fs[0].last_success = 1764864000;	/* 2025-12-04 16:00 */
	snprintf(fset->fs[0].last_error, sizeof(fset->fs[0].last_error),
	    "HTTP 500 <html>");
	v = view_new(2, cref, fset);
	v->asof = ASOF;
	confref_unref(cref);
	feedset_unref(fset);
	pat = iview_new("pat");
	pat->conf = &v->conf->indicators[0];
	for (i = 0; i < sizeof(pat_data) / sizeof(pat_data[0]); i++)
		add_point(pat, pat_data[i].y, pat_data[i].v, i == 6 ?
		    "SCIO <press>" : "press reports");
	pat->series->pts[5].revised = 1;
	pat->series->pts[6].stored = 1749717000;
	iview_evaluate(pat, ASOF);
	gdp = iview_new("gdp");
	gdp->conf = &v->conf->indicators[1];
	iview_evaluate(gdp, ASOF);
	v->ind[0] = pat;
	v->ind[1] = gdp;
	return v;
}

static char *
render(const struct view *v, const char *id, enum lang l, int from, int to)
{
	struct indquery	 q;
	struct buf	 b;

	indquery_defaults(&q);
	if (from != 0) {
		q.from = from;
		q.to = to;
		q.has_range = 1;
	}
	buf_init(&b, 1024);
	if (indpage_render(v, id, &q, l, &b) == -1) {
		buf_free(&b);
		return NULL;
	}
	return b.data;
}

static void
has(const char *page, const char *frag)
{
	if (strstr(page, frag) == NULL)
		fail_msg("no \"%s\" in the page", frag);
}

static void
test_english(void **state)
{
	struct view	*v = hand_view();
	char		*p = render(v, "pat", LANG_EN, 0, 0);

	(void)state;
	assert_non_null(p);
	has(p, "<h1>Patents &lt;script&gt;alert(1)&lt;/script&gt;</h1>");
	/* The target row: R = 9.5 / 8.6 %/yr. */
	has(p, "<tr><th scope=\"row\">2025</th><td>at least 250,000</td><td>"
	    "<span class=\"badge on_track\"><span aria-hidden=\"true\">\u25b2"
	    "</span> on track</span></td><td class=\"num\">1.11</td><td "
	    "class=\"num\">9.5 %/yr</td><td class=\"num\">8.6 %/yr</td><td "
	    "class=\"num\">264,985</td><td>compound annual growth</td></tr>");
	has(p, "<li><b>2025</b>: needs 8.6 %/yr from 140,000 (2018) to reach "
	    "250,000 by 2025; achieving 9.5 %/yr since 2018 (trend 9.5 %/yr); "
	    "projected 264,985; latest data 2024, current</li>");
	/* The data table: a revised value, a stored time, an unknown one. */
	has(p, "<tr class=\"revised\"><th scope=\"row\">2023</th><td "
	    "class=\"num\">235,100</td><td class=\"src\">press reports</td>"
	    "<td>\u2014</td><td>yes</td></tr>");
	has(p, "<tr><th scope=\"row\">2024</th><td class=\"num\">241,900</td>"
	    "<td class=\"src\">SCIO &lt;press&gt;</td><td>2025-06-12 08:30 "
	    "UTC</td><td>no</td></tr>");
	/*
	 * The graph of the default years, its alt text stating the status;
	 * a phone's drawn at 360 px.
	 */
	has(p, "<picture><source id=\"graph-phone\" media=\"(max-width: 600px)"
	    "\" srcset=\"/graph/pat.png?lang=en"
	    "&amp;from=2015&amp;to=2035&amp;width=360&amp;height=420\">"
	    "<img id=\"graph\" class=\"graph\" width=\"800\" height=\"300\" "
	    "src=\"/graph/pat.png?lang=en&amp;from=2015&amp;to=2035\" "
	    "alt=\"Graph of Patents &lt;script&gt;alert(1)&lt;/script&gt;, "
	    "2015\u20132035. Target 2025 (at least 250,000): on track.\">"
	    "</picture>");
	has(p, "<input type=\"number\" name=\"from\" min=\"1980\" max=\"2199\" "
	    "step=\"1\" required value=\"2015\">");
	/* Escaped: source, feed, its error, the notes. */
	has(p, "<dt>Source</dt><dd>Bureau &quot;A&amp;B&quot;</dd>");
	has(p, "<dt>Feed</dt><dd>p <span class=\"badge feed_failing\">"
	    "<span aria-hidden=\"true\">\u2715</span> failing</span>; last "
	    "success 2025-12-04 16:00 UTC; last error: <span class=\"why\">"
	    "HTTP 500 &lt;html&gt;</span></dd>");
	has(p, "<li>Target 2025: plan &lt;i&gt;2021&lt;/i&gt;</li>"
	    "<li>2020: count &lt;changed&gt;</li>");
	has(p, "<dt>Latest</dt><dd>241,900 (2024)</dd>");
	has(p, "<a href=\"/indicator/pat.csv?lang=en\">Download CSV</a>");
	assert_null(strstr(p, "<script>alert"));
	assert_null(strstr(p, "<changed>"));
	free(p);
	view_unref(v);
}

static void
test_chinese(void **state)
{
	struct view	*v = hand_view();
	char		*p = render(v, "pat", LANG_ZH, 2010, 2030);

	(void)state;
	assert_non_null(p);
	has(p, "<html lang=\"zh-Hans\">");
	has(p, "<h1>专利授权量</h1>");
	has(p, "<tr><th scope=\"row\">2025</th><td>不低于 25 万</td><td>"
	    "<span class=\"badge on_track\"><span aria-hidden=\"true\">\u25b2"
	    "</span> 进展顺利</span></td><td class=\"num\">1.11</td><td "
	    "class=\"num\">9.5 %/年</td><td class=\"num\">8.6 %/年</td><td "
	    "class=\"num\">26.5 万</td><td>年均复合增长</td></tr>");
	has(p, "<li><b>2025</b>：所需增速 8.6 %/年：从 14 万（2018 年）到 25 万"
	    "（2025 年）；2018 年以来实际增速 9.5 %/年（趋势 9.5 %/年）；预计 "
	    "26.5 万；最新数据 2024，数据及时</li>");
	has(p, "src=\"/graph/pat.png?lang=zh&amp;from=2010&amp;to=2030\" "
	    "alt=\"趋势图：专利授权量，2010\u20132030。目标 2025（不低于 25 万）："
	    "进展顺利。\"");
	/* The range stays in the language switch. */
	has(p, "<a href=\"/indicator/pat?from=2010&amp;to=2030&amp;lang=en\"");
	has(p, "<tr class=\"revised\"><th scope=\"row\">2023</th><td "
	    "class=\"num\">23.51 万</td><td class=\"src\">press reports</td>"
	    "<td>\u2014</td><td>是</td></tr>");
	has(p, "<dt>数据源</dt><dd>p <span class=\"badge "
	    "feed_failing\"><span aria-hidden=\"true\">\u2715</span> 异常</span>"
	    "；最近成功 2025-12-04 16:00 UTC；最近错误：");
	has(p, "<dt>过时期限</dt><dd>18 个月</dd>");
	free(p);
	view_unref(v);
}

/* No target, no data; an unknown id renders nothing. */
static void
test_empty(void **state)
{
	struct view	*v = hand_view();
	char		*p = render(v, "gdp", LANG_EN, 0, 0);

	(void)state;
	assert_non_null(p);
	has(p, "<p>No target; the direction of its recent trend: <span "
	    "class=\"badge dir_unknown\">unknown</span></p>");
	has(p, "alt=\"Graph of GDP, 2015\u20132035. Direction: unknown.\"");
	has(p, "<h2 id=\"h-obs\">Observations</h2>\n<p>n/a</p>");
	has(p, "<dt>Data age</dt><dd>n/a</dd>");
	free(p);
	assert_null(render(v, "nope", LANG_EN, 0, 0));
	assert_null(render(v, "../pat", LANG_EN, 0, 0));
	view_unref(v);
}

static int
parse(struct indquery *q, const char *key, const char *value, char *err)
{
	return indquery_param(q, key, value, err, 256);
}

static void
test_query(void **state)
{
	struct indquery	 q;
	char		 err[256];

	(void)state;
	indquery_defaults(&q);
	assert_int_equal(q.from, 2015);
	assert_int_equal(q.to, 2035);
	assert_int_equal(q.has_range + q.has_lang, 0);
	assert_int_equal(parse(&q, "from", "1990", err), 0);
	assert_int_equal(parse(&q, "to", "2000", err), 0);
	assert_int_equal(parse(&q, "lang", "zh", err), 0);
	assert_int_equal(q.from, 1990);
	assert_int_equal(q.to, 2000);
	assert_int_equal(q.lang, LANG_ZH);
	assert_int_equal(q.has_range && q.has_lang, 1);
	assert_int_equal(indquery_check(&q, err, sizeof(err)), 0);
	assert_int_equal(parse(&q, "lang", "fr", err), -1);
	assert_string_equal(err, "bad parameter lang: expected en or zh");
	assert_int_equal(parse(&q, "lang", NULL, err), -1);
	assert_int_equal(parse(&q, "from", "<script>", err), -1);
	assert_string_equal(err, "bad parameter from=\"\\x3cscript\\x3e\": "
	    "expected an integer from 1980 to 2200");
	assert_int_equal(parse(&q, "to", "1979", err), -1);
	assert_string_equal(err, "bad parameter to=\"1979\": expected an "
	    "integer from 1980 to 2200");
	assert_int_equal(parse(&q, "a&b", "1", err), -1);
	assert_string_equal(err, "unknown parameter \"a\\x26b\" (expected "
	    "lang, from, to)");
	assert_int_equal(parse(&q, "width", "800", err), -1);
	q.from = 2030;
	q.to = 2030;
	assert_int_equal(indquery_check(&q, err, sizeof(err)), -1);
	assert_string_equal(err, "bad parameters: from=2030 must be before "
	    "to=2030");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_english),
		cmocka_unit_test(test_chinese),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_query),
	};

	return cmocka_run_group_tests(tests, NULL, srcs_free);
}
