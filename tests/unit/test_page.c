/*
 * test_page.c: what every page shares: escaping, URL encoding, the
 * header with the plan's title and the language switch, the status badge
 * in words, and names in the page's language.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "confdata.h"
#include "page.h"
#include "view.h"

static void
test_escape(void **state)
{
	struct buf	 b;

	(void)state;
	buf_init(&b, 16);
	page_html(&b, "<a href=\"x\">R&D's</a>");
	assert_string_equal(b.data,
	    "&lt;a href=&quot;x&quot;&gt;R&amp;D&#39;s&lt;/a&gt;");
	b.len = 0;
	page_html(&b, "专利 plain");
	assert_string_equal(b.data, "专利 plain");
	b.len = 0;
	page_urlenc(&b, "a b&c=d/专-_.~");
	assert_string_equal(b.data, "a%20b%26c%3Dd%2F%E4%B8%93-_.~");
	buf_free(&b);
}

static void
test_status(void **state)
{
	struct buf	 b;

	(void)state;
	buf_init(&b, 16);
	page_status(&b, LANG_EN, EVAL_ON_TRACK);
	assert_string_equal(b.data, "<span class=\"badge on_track\"><span "
	    "aria-hidden=\"true\">\u25b2</span> on track</span>");
	b.len = 0;
	page_status(&b, LANG_ZH, EVAL_MISSED);
	assert_string_equal(b.data, "<span class=\"badge missed\"><span "
	    "aria-hidden=\"true\">\u2716</span> 到期未实现</span>");
	b.len = 0;
	page_status(&b, LANG_EN, (enum eval_status)99);
	assert_string_equal(b.data, "<span class=\"badge unknown\"><span "
	    "aria-hidden=\"true\">?</span> unknown</span>");
	buf_free(&b);
}

/* A data age: whole days elapsed under 90 days, then years; both pages. */
/* And the stale badge. */
static void
test_age(void **state)
{
	static const struct {
		double		 age;
		enum lang	 l;
		const char	*want;
	} c[] = {
		{ 5.9 * 86400, LANG_EN, "5 days" },	/* elapsed, not rounded */
		{ 0, LANG_EN, "0 days" },
		{ -3600, LANG_EN, "0 days" },		/* a clock behind */
		{ 90 * 86400 - 1, LANG_ZH, "89 天" },
		{ 90 * 86400, LANG_EN, "0.2 years" },
		{ 703.25 * 86400, LANG_ZH, "1.9 年" },
		{ 3 * 365.2425 * 86400, LANG_EN, "3.0 years" },
	};
	struct buf	 b;
	size_t		 i;

	(void)state;
	buf_init(&b, 16);
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		b.len = 0;
		page_age(&b, c[i].age, c[i].l);
		assert_string_equal(b.data, c[i].want);
	}
	b.len = 0;
	page_age(&b, NAN, LANG_ZH);
	assert_string_equal(b.data, lang_text(LANG_ZH, LANG_K_NO_DATA));
	/* The stale badge beside it, the same on every page. */
	b.len = 0;
	page_stale(&b, LANG_EN);
	assert_string_equal(b.data, "<span class=\"badge stale\"><span "
	    "aria-hidden=\"true\">\u231b</span> Stale</span>");
	b.len = 0;
	page_stale(&b, LANG_ZH);
	assert_string_equal(b.data, "<span class=\"badge stale\"><span "
	    "aria-hidden=\"true\">\u231b</span> 数据过时</span>");
	buf_free(&b);
}

static void
test_names(void **state)
{
	struct config		 conf;
	struct indicator_conf	 ic;

	(void)state;
	memset(&conf, 0, sizeof(conf));
	memset(&ic, 0, sizeof(ic));
	assert_string_equal(page_title(&conf, LANG_EN),
	    "Indicators against plan targets");
	assert_string_equal(page_title(&conf, LANG_ZH), "规划目标指标监测");
	conf.http.title = "Shenzhen plan";
	assert_string_equal(page_title(&conf, LANG_ZH), "Shenzhen plan");
	conf.http.title_zh = "深圳规划";
	assert_string_equal(page_title(&conf, LANG_ZH), "深圳规划");
	assert_string_equal(page_title(&conf, LANG_EN), "Shenzhen plan");
	ic.name = "Patents";
	ic.source = "AMR";
	assert_string_equal(page_name(&ic, LANG_ZH), "Patents");
	assert_string_equal(page_source(&ic, LANG_ZH), "AMR");
	ic.name_zh = "专利";
	ic.source_zh = "市场监管局";
	assert_string_equal(page_name(&ic, LANG_ZH), "专利");
	assert_string_equal(page_name(&ic, LANG_EN), "Patents");
	assert_string_equal(page_source(&ic, LANG_ZH), "市场监管局");
	assert_string_equal(page_source(&ic, LANG_EN), "AMR");
}

/* The header: title escaped, the view's hour, the switch to the other
   language keeping the page's own query. */
static void
test_frame(void **state)
{
	struct config	 conf;
	struct view	 v;
	struct buf	 b;

	(void)state;
	memset(&conf, 0, sizeof(conf));
	memset(&v, 0, sizeof(v));
	conf.http.title = "Plan <A>";
	v.conf = &conf;
	v.asof = 1764878400;	/* 2025-12-04 20:00 UTC */
	buf_init(&b, 16);
	page_begin(&b, &v, LANG_EN, "Overview", "/?status=missed", NULL);
	assert_non_null(strstr(b.data, "<html lang=\"en\">"));
	assert_non_null(strstr(b.data, "<title>Overview \u2014 Plan &lt;A&gt;"
	    "</title>"));
	assert_non_null(strstr(b.data, "<a class=\"plan\" href=\"/?lang=en\">"
	    "Plan &lt;A&gt;</a><span class=\"asof\">data as of 2025-12-04 "
	    "20:00 UTC</span>"));
	assert_non_null(strstr(b.data, "<span aria-current=\"true\" lang=\"en\">"
	    "English</span><a href=\"/?status=missed&amp;lang=zh\" "
	    "hreflang=\"zh-Hans\" lang=\"zh-Hans\">中文</a>"));
	assert_non_null(strstr(b.data, "<h1>Overview</h1>"));
	page_end(&b, LANG_EN);
	assert_non_null(strstr(b.data, "</footer>\n</body></html>\n"));
	b.len = 0;
	page_begin(&b, &v, LANG_ZH, "总览", "/indicator/gdp", NULL);
	assert_non_null(strstr(b.data, "<html lang=\"zh-Hans\">"));
	assert_non_null(strstr(b.data, "数据截至 2025-12-04 20:00 UTC"));
	assert_non_null(strstr(b.data, "<a href=\"/indicator/gdp?lang=en\" "
	    "hreflang=\"en\" lang=\"en\">English</a>"));
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_age),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_frame),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
