/*
 * test_overview.c: the overview's query parser (every parameter, its
 * errors, the canonical form) and its rows over a view made by hand: the
 * exact order of the indicators for every sort and order, the filters by
 * status, feed and text, the counts by status, and the rendered page
 * (row groups, escaping, the "no indicator matches" state).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>

#include "config.h"
#include "overview.h"
#include "ovquery.h"
#include "ovsel.h"
#include "view.h"
#include "srcfix.h"

static const char conf_text[] =
    "data_dir = \"/nonexistent\";\n"
    "feeds = ( { name = \"f1\"; type = \"push\"; },\n"
    "          { name = \"f2\"; type = \"push\"; } );\n"
    "indicators = (\n"
    "  { id = \"ind_a\"; name = \"Alpha\"; name_zh = \"甲指标\"; unit = \"count\";\n"
    "    feed = \"f1\"; targets = ( { year = 2025; value = 100.0; },\n"
    "    { year = 2035; value = 200.0; } ); },\n"
    "  { id = \"ind_b\"; name = \"beta <b>\"; unit = \"count\"; feed = \"f2\";\n"
    "    targets = ( { year = 2025; value = 10.0; } ); },\n"
    "  { id = \"ind_c\"; name = \"Gamma\"; name_zh = \"丙指标\"; unit = \"count\";\n"
    "    feed = \"f1\"; },\n"
    "  { id = \"ind_d\"; name = \"Delta\"; unit = \"count\"; feed = \"f2\";\n"
    "    targets = ( { year = 2030; value = 1000.0; } ); }\n"
    ");\n";

static void
add_point(struct iview *iv, int y, double value)
{
	struct series	*s = series_edit(iv, 1);
	struct point	*p = &s->pts[s->n++];

	memset(p, 0, sizeof(*p));
	p->period.kind = PERIOD_ANNUAL;
	p->period.year = y;
	p->value = value;
	p->source = srctab_intern(&srcs, "hand");
	s->src = &srcs;
}

static struct iview *
hand_iview(struct view *v, size_t i, double age)
{
	const struct indicator_conf	*ic = &v->conf->indicators[i];
	struct iview			*iv = iview_new(ic->id);
	size_t				 t;

	iv->conf = ic;
	iv->age = age;
	iv->direction = EVAL_DIR_UNKNOWN;
	if (ic->ntargets > 0)
		iv->results = calloc(ic->ntargets, sizeof(*iv->results));
	for (t = 0; t < ic->ntargets; t++)
		eval_result_unknown(&iv->results[t], EVAL_CAGR);
	v->ind[i] = iv;
	return iv;
}

/*
 * ind_a: 2023 50, 2024 80; 2025 on track (projected 110), 2035 moderate
 * (150); 100 days old. ind_b: 2022 7; 2025 missed (5); two years old,
 * stale. ind_c: nothing, no target. ind_d: 2024 1100; 2030 achieved
 * (1200); 50 days old. Feed f1 up, f2 failing.
 */
static struct view *
hand_view(void)
{
	struct confref	*cref;
	struct feedset	*fset = feedset_new(2);
	struct view	*v;
	struct iview	*iv;
	struct config	*c;
	char		 err[512];

	if ((c = config_load_string("t.conf", conf_text, err,
	    sizeof(err))) == NULL)
		fail_msg("%s", err);
	cref = confref_new(c);
	fset->fs[0].name = strdup("f1");
	fset->fs[0].up = 1;
	fset->fs[1].name = strdup("f2");
	v = view_new(4, cref, fset);
	confref_unref(cref);
	feedset_unref(fset);
	v->asof = 1767225600;	/* 2026-01-01 */
	iv = hand_iview(v, 0, 100 * 86400.0);
	add_point(iv, 2023, 50);
	add_point(iv, 2024, 80);
	iv->results[0].status = EVAL_ON_TRACK;
	iv->results[0].projected = 110;
	iv->results[1].status = EVAL_MODERATE;
	iv->results[1].projected = 150;
	iv = hand_iview(v, 1, 2 * 365.2425 * 86400);
	add_point(iv, 2022, 7);
	iv->stale = 1;
	iv->results[0].status = EVAL_MISSED;
	iv->results[0].projected = 5;
	hand_iview(v, 2, NAN);
	iv = hand_iview(v, 3, 50 * 86400.0);
	add_point(iv, 2024, 1100);
	iv->results[0].status = EVAL_ACHIEVED;
	iv->results[0].projected = 1200;
	return v;
}

/* The query of "k=v" pairs (NULL-terminated); fails on an error. */
static void
query(struct ovquery *q, const char *const *kv)
{
	char	 err[256];

	ovquery_init(q);
	for (; kv[0] != NULL; kv += 2)
		if (ovquery_add(q, kv[0], kv[1], err, sizeof(err)) == -1)
			fail_msg("%s=%s: %s", kv[0], kv[1], err);
}

/* The indicators' ids in display order, then "|", then the rows. */
static void
assert_order(const struct view *v, const struct ovsel *sel, const char *want)
{
	char	 got[512] = "";
	size_t	 i, j;

	for (i = 0; i < sel->ngroups; i++) {
		const struct ovsel_group	*g = &sel->groups[i];

		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s:",
		    i > 0 ? " " : "", v->ind[g->ind]->id + 4);
		for (j = 0; j < g->n; j++)
			snprintf(got + strlen(got), sizeof(got) - strlen(got),
			    "%s", sel->row[g->first + j] == OVSEL_NO_TARGET ?
			    "-" : sel->row[g->first + j] == 0 ? "0" : "1");
	}
	assert_string_equal(got, want);
}

static void
check_order(const struct view *v, const char *sort, const char *order,
    const char *want)
{
	const char	*kv[] = { "sort", sort, "order", order, NULL };
	struct ovquery	 q;
	struct ovsel	 sel;

	query(&q, kv);
	ovsel_make(&sel, v, LANG_EN, &q);
	assert_order(v, &sel, want);
	ovsel_free(&sel);
}

static void
test_sorts(void **state)
{
	struct view	*v = hand_view();

	(void)state;
	check_order(v, "", "", "a:01 b:0 c:- d:0");
	check_order(v, "", "desc", "d:0 c:- b:0 a:01");
	check_order(v, "name", "asc", "a:01 b:0 d:0 c:-");
	check_order(v, "name", "desc", "c:- d:0 b:0 a:01");
	check_order(v, "value", "asc", "b:0 a:01 d:0 c:-");
	check_order(v, "value", "desc", "d:0 a:01 b:0 c:-");
	check_order(v, "period", "asc", "b:0 a:01 d:0 c:-");
	check_order(v, "period", "desc", "a:01 d:0 b:0 c:-");
	check_order(v, "age", "asc", "d:0 a:01 b:0 c:-");
	check_order(v, "age", "desc", "b:0 a:01 d:0 c:-");
	/* The worst shown target: achieved < moderate < missed. */
	check_order(v, "status", "asc", "d:0 a:01 b:0 c:-");
	check_order(v, "status", "desc", "b:0 a:01 d:0 c:-");
	check_order(v, "target", "asc", "a:01 b:0 d:0 c:-");
	check_order(v, "target", "desc", "d:0 a:01 b:0 c:-");
	/* Projected as a share of the target: 0.5, 1.1, 1.2. */
	check_order(v, "projected", "asc", "b:0 a:01 d:0 c:-");
	check_order(v, "projected", "desc", "d:0 a:01 b:0 c:-");
	check_order(v, "feed", "asc", "a:01 c:- b:0 d:0");
	check_order(v, "feed", "desc", "b:0 d:0 a:01 c:-");
	view_unref(v);
}

static void
check_filter(const struct view *v, const char *const *kv, const char *want,
    size_t matched, const size_t count[EVAL_NSTATUS])
{
	struct ovquery	 q;
	struct ovsel	 sel;
	int		 s;

	query(&q, kv);
	ovsel_make(&sel, v, LANG_EN, &q);
	assert_order(v, &sel, want);
	assert_int_equal(sel.matched, matched);
	assert_int_equal(sel.total, 4);
	for (s = 0; s < EVAL_NSTATUS; s++)
		assert_int_equal(sel.count[s], count[s]);
	ovsel_free(&sel);
}

static void
test_filters(void **state)
{
	struct view	*v = hand_view();
	/* achieved, on_track, moderate, insufficient, moving_away, missed, unknown */
	const size_t	 all[] = { 1, 1, 1, 0, 0, 1, 0 };
	const size_t	 f2[] = { 1, 0, 0, 0, 0, 1, 0 };
	const size_t	 a[] = { 0, 1, 1, 0, 0, 0, 0 };
	const size_t	 none[] = { 0, 0, 0, 0, 0, 0, 0 };

	(void)state;
	check_filter(v, (const char *[]){ "status", "on_track", NULL },
	    "a:0", 4, all);
	check_filter(v, (const char *[]){ "status", "missed,achieved", NULL },
	    "b:0 d:0", 4, all);
	check_filter(v, (const char *[]){ "status", "moderate", "status",
	    "on_track", "sort", "name", "order", "desc", NULL }, "a:01", 4, all);
	check_filter(v, (const char *[]){ "status", "insufficient", NULL }, "",
	    4, all);
	check_filter(v, (const char *[]){ "feed", "f2", NULL }, "b:0 d:0", 2,
	    f2);
	check_filter(v, (const char *[]){ "q", "ALP", NULL }, "a:01", 1, a);
	check_filter(v, (const char *[]){ "q", "甲", NULL }, "a:01", 1, a);
	check_filter(v, (const char *[]){ "q", "丙指", NULL }, "c:-", 1, none);
	check_filter(v, (const char *[]){ "q", "IND_C", NULL }, "c:-", 1, none);
	check_filter(v, (const char *[]){ "q", "ET", NULL }, "b:0", 1,
	    (const size_t[]){ 0, 0, 0, 0, 0, 1, 0 });
	check_filter(v, (const char *[]){ "q", "zzz", NULL }, "", 0, none);
	check_filter(v, (const char *[]){ "feed", "f1", "status", "on_track",
	    NULL }, "a:0", 2, a);
	view_unref(v);
}

static void
check_bad(const char *key, const char *val, const char *want)
{
	struct ovquery	 q;
	char		 err[256];

	ovquery_init(&q);
	assert_int_equal(ovquery_add(&q, key, val, err, sizeof(err)), -1);
	assert_string_equal(err, want);
}

static void
test_parse_errors(void **state)
{
	struct ovquery	 q;
	char		 err[256], big[OVQ_Q_MAX + 2];

	(void)state;
	check_bad("sort", "<script>", "bad parameter sort: expected name, "
	    "value, period, age, status, target, projected or feed");
	check_bad("order", "up", "bad parameter order: expected asc or desc");
	check_bad("status", "bogus", "bad parameter status: expected "
	    "achieved, on_track, moderate, insufficient, moving_away, missed "
	    "or unknown, comma-separated");
	check_bad("status", "achieved,", "bad parameter status: expected "
	    "achieved, on_track, moderate, insufficient, moving_away, missed "
	    "or unknown, comma-separated");
	check_bad("feed", "F1", "bad parameter feed: expected a feed's name "
	    "(1-64 of a-z, 0-9, _ and -)");
	check_bad("q", "\xc3\x28", "bad parameter q: not UTF-8");
	check_bad("q", "\xc0\xaf", "bad parameter q: not UTF-8");
	check_bad("q", "\xed\xa0\x80", "bad parameter q: not UTF-8");
	check_bad("q", "\xf4\x90\x80\x80", "bad parameter q: not UTF-8");
	check_bad("q", "a\x01", "bad parameter q: a control character");
	check_bad("x", "1", "unknown parameter: expected sort, order, status, "
	    "feed, q or lang");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	check_bad("q", big, "bad parameter q: longer than 200 bytes");
	ovquery_init(&q);
	assert_int_equal(ovquery_add(&q, "sort", "name", err, sizeof(err)), 0);
	assert_int_equal(ovquery_add(&q, "sort", "", err, sizeof(err)), -1);
	assert_string_equal(err, "bad parameter sort: given twice");
	ovquery_init(&q);
	assert_int_equal(ovquery_add(&q, "q", "a", err, sizeof(err)), 0);
	assert_int_equal(ovquery_add(&q, "q", "b", err, sizeof(err)), -1);
	assert_string_equal(err, "bad parameter q: given twice");
}

static void
check_canon(const char *const *kv, const char *want)
{
	struct ovquery	 q;
	struct buf	 b;

	query(&q, kv);
	buf_init(&b, 64);
	ovquery_canon(&q, &b);
	assert_string_equal(b.data, want);
	buf_free(&b);
}

static void
test_canon(void **state)
{
	(void)state;
	check_canon((const char *[]){ NULL }, "");
	check_canon((const char *[]){ "lang", "zh", "sort", "", "feed", "",
	    "status", "", "order", "asc", "q", NULL, NULL }, "");
	check_canon((const char *[]){ "q", "甲 x&y", "feed", "f1", "status",
	    "missed", "order", "desc", "status", "on_track", "sort", "name",
	    NULL }, "sort=name&order=desc&status=on_track,missed&feed=f1&"
	    "q=%E7%94%B2%20x%26y");
	check_canon((const char *[]){ "status", "missed,on_track,missed",
	    NULL }, "status=on_track,missed");
}

/* The ids of the page's row groups, in order. */
static void
assert_tbodies(const char *html, const char *want)
{
	char		 got[256] = "";
	const char	*p = html;

	while ((p = strstr(p, "<tbody id=\"i-")) != NULL) {
		p += strlen("<tbody id=\"i-");
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%.*s",
		    got[0] != '\0' ? " " : "", (int)strcspn(p, "\""), p);
	}
	assert_string_equal(got, want);
}

static void
test_render(void **state)
{
	struct view	*v = hand_view();
	struct ovquery	 q;
	struct buf	 b;

	(void)state;
	buf_init(&b, 4096);
	query(&q, (const char *[]){ "sort", "status", "order", "desc", NULL });
	overview_render(v, LANG_EN, &q, &b);
	assert_tbodies(b.data, "ind_b ind_a ind_d ind_c");
	assert_non_null(strstr(b.data, "<th scope=\"row\" rowspan=\"2\"><a "
	    "href=\"/indicator/ind_a?lang=en\">Alpha</a>"));
	assert_non_null(strstr(b.data, "<a href=\"/indicator/ind_b?lang=en\">"
	    "beta &lt;b&gt;</a>"));
	assert_null(strstr(b.data, "beta <b>"));
	assert_non_null(strstr(b.data, "<th scope=\"col\" data-k=\"status\" "
	    "aria-sort=\"descending\"><a href=\"/?sort=status&amp;lang=en\">"));
	assert_non_null(strstr(b.data, "<td class=\"num\">2025: &ge; 100</td>"
	    "<td><span class=\"badge on_track\"><span aria-hidden=\"true\">"
	    "\u25b2</span> on track</span></td><td class=\"num\">110</td>"));
	assert_non_null(strstr(b.data, "2.0 years <span class=\"badge stale\">"
	    "<span aria-hidden=\"true\">\u231b</span> Stale</span>"));
	assert_non_null(strstr(b.data, "f2<br><span class=\"feed down\">"
	    "\u2717 failing</span>"));
	assert_non_null(strstr(b.data, "<li><a href=\"/?sort=status&amp;"
	    "order=desc&amp;status=missed&amp;lang=en\"><span class=\"badge "
	    "missed\">"));
	assert_non_null(strstr(b.data, "<p id=\"empty\" class=\"empty\" "
	    "hidden>"));
	b.len = 0;
	query(&q, (const char *[]){ "q", "<x>\"", NULL });
	overview_render(v, LANG_ZH, &q, &b);
	assert_tbodies(b.data, "");
	assert_null(strstr(b.data, "<x>"));
	assert_non_null(strstr(b.data, "value=\"&lt;x&gt;&quot;\""));
	assert_non_null(strstr(b.data, "<p id=\"empty\" class=\"empty\">"
	    "没有符合筛选条件的指标。 <a href=\"/?lang=zh\">清除筛选</a></p>"));
	assert_null(strstr(b.data, "<table"));
	buf_free(&b);
	view_unref(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sorts),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_canon),
		cmocka_unit_test(test_render),
	};

	return cmocka_run_group_tests(tests, NULL, srcs_free);
}
