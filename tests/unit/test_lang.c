/*
 * test_lang.c: lang_parse, lang_accept on the headers browsers send and on
 * malformed ones, and the words of every key, status, direction, reason,
 * method and unit in both languages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lang.h"
#include "quote.h"

static void
test_parse(void **state)
{
	static const char *const bad[] = { "", "EN", "Zh", "zh-CN", "en ",
	    "fr", "*", "english" };
	enum lang	 l = LANG_NLANG;
	size_t		 i;

	(void)state;
	assert_int_equal(lang_parse("en", &l), 0);
	assert_int_equal(l, LANG_EN);
	assert_int_equal(lang_parse("zh", &l), 0);
	assert_int_equal(l, LANG_ZH);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		l = LANG_NLANG;
		assert_int_equal(lang_parse(bad[i], &l), -1);
		assert_int_equal(l, LANG_NLANG);
	}
	assert_string_equal(lang_code(LANG_EN), "en");
	assert_string_equal(lang_code(LANG_ZH), "zh");
	assert_string_equal(lang_tag(LANG_EN), "en");
	assert_string_equal(lang_tag(LANG_ZH), "zh-Hans");
	assert_string_equal(lang_name(LANG_EN), "English");
	assert_string_equal(lang_name(LANG_ZH), "中文");
	assert_string_equal(lang_code(LANG_NLANG), "");
	assert_string_equal(lang_tag((enum lang)-1), "");
}

/* hdr gives want whatever the default; with a default, see accept2. */
static void
accept(const char *hdr, enum lang want)
{
	assert_int_equal(lang_accept(hdr, LANG_EN), want);
	assert_int_equal(lang_accept(hdr, LANG_ZH), want);
}

/* hdr gives its default: nothing in it decides. */
static void
accept_dflt(const char *hdr)
{
	assert_int_equal(lang_accept(hdr, LANG_EN), LANG_EN);
	assert_int_equal(lang_accept(hdr, LANG_ZH), LANG_ZH);
}

static void
test_accept(void **state)
{
	(void)state;
	/* What browsers send. */
	accept("zh-CN,zh;q=0.9,en;q=0.8", LANG_ZH);
	accept("en-US,en;q=0.9,zh-CN;q=0.8", LANG_EN);
	accept("zh-TW,zh;q=0.9,en-US;q=0.8,en;q=0.7", LANG_ZH);
	accept("en-GB,en;q=0.9", LANG_EN);
	accept("zh", LANG_ZH);
	accept("zh-Hans", LANG_ZH);
	accept("zh-Hans-CN", LANG_ZH);
	accept("zh-TW", LANG_ZH);
	accept("ZH-cn", LANG_ZH);
	accept("en", LANG_EN);
	accept("EN-us", LANG_EN);
	/* Weights, ties and exclusion. */
	accept("en;q=0.5, zh;q=0.8", LANG_ZH);
	accept("en;q=0.8, zh;q=0.8", LANG_EN);
	accept("zh;q=0.8, en;q=0.8", LANG_ZH);
	accept("zh;q=0.5, en;q=0.5, zh-CN;q=0.5", LANG_ZH);
	accept("en;q=0.5, zh;q=0.5, en-GB;q=0.5", LANG_EN);
	accept("fr, en;q=0.001, zh;q=0", LANG_EN);
	accept("zh;q=0.001", LANG_ZH);
	accept("zh;Q=0.9,en;q=0.8", LANG_ZH);
	accept("zh-TW;q=0, zh-CN", LANG_ZH);	/* the highest q of zh-* */
	accept("zh-CN;q=0.2, en;q=0.5, zh;q=0.6", LANG_ZH);
	accept("zh;q=1.000, en;q=1", LANG_ZH);
	accept("zh;q=0., en;q=0.9", LANG_EN);	/* "0." is 0 */
	accept("en;q=1., zh;q=0.999", LANG_EN);
	accept("zh;q=0", LANG_EN);		/* refused: the other one */
	accept("en;q=0", LANG_ZH);
	accept("zh;q=0, fr", LANG_EN);
	accept_dflt("zh;q=0, en;q=0");
	/* "*": either language not named otherwise. */
	accept_dflt("*");
	accept_dflt("*;q=0.5");
	accept_dflt("*;q=0");
	accept("en;q=0, *", LANG_ZH);
	accept("*;q=0.5, en;q=0.4", LANG_ZH);
	accept("*;q=0.3, en;q=0.4", LANG_EN);
	accept("zh;q=0.2, *;q=0.5", LANG_EN);
	/* Neither language named. */
	accept_dflt(NULL);
	accept_dflt("");
	accept_dflt("fr-FR,fr;q=0.9,de;q=0.8");
	accept_dflt("zhongwen");		/* 8 letters, not zh */
	accept_dflt("ja, ko");
	/* OWS, empty elements and case. */
	accept(" ,, zh ; q=0.5 ,\ten ; q=0.4 , ", LANG_ZH);
	accept(",,,\t,zh", LANG_ZH);
	accept("en\t;\tq=0.3,zh;q=0.2", LANG_EN);
	/* Malformed elements are skipped, the others count. */
	accept("zh;q=2, en", LANG_EN);
	accept("zh;q=1.001, en;q=0.1", LANG_EN);
	accept("zh;q=0.5000, en;q=0.1", LANG_EN);
	accept("zh;q=.5, en;q=0.1", LANG_EN);
	accept("zh;q=-0.5, en;q=0.1", LANG_EN);
	accept("zh;q = 0.5, en;q=0.1", LANG_EN);
	accept("zh;q=0.5;x=1, en;q=0.1", LANG_EN);
	accept("zh;level=1, en;q=0.1", LANG_EN);
	accept("zh;, en;q=0.1", LANG_EN);
	accept("zh_CN, en;q=0.1", LANG_EN);
	accept("zh-, en;q=0.1", LANG_EN);
	accept("zh--CN, en;q=0.1", LANG_EN);
	accept("zh-abcdefghi, en;q=0.1", LANG_EN);
	accept("zh CN, en;q=0.1", LANG_EN);
	accept("-zh, en;q=0.1", LANG_EN);
	accept("\"zh\", en;q=0.1", LANG_EN);
	accept("zh\x01, en;q=0.1", LANG_EN);
	accept("中文, en;q=0.1", LANG_EN);
	accept("en;q=0.9x, zh;q=0.1", LANG_ZH);
	accept_dflt("zh;q=abc");
	accept_dflt(";q=1");
	accept_dflt("q=1");
	accept_dflt("**");
	accept_dflt(";;;,,,===");
	/* An out-of-range default counts as English. */
	assert_int_equal(lang_accept("fr", (enum lang)7), LANG_EN);
	assert_int_equal(lang_accept("zh", (enum lang)7), LANG_ZH);
}

/* A header of 1 MB: its last element decides. */
static void
test_accept_long(void **state)
{
	const char	 el[] = "fr-CA;q=0.9, ";
	size_t		 n = 1 << 20, i;
	char		*h;

	(void)state;
	h = malloc(n + 16);
	assert_non_null(h);
	for (i = 0; i + sizeof(el) - 1 <= n; i += sizeof(el) - 1)
		memcpy(h + i, el, sizeof(el) - 1);
	memcpy(h + i, "zh;q=0.1", 9);
	accept(h, LANG_ZH);
	memcpy(h + i, "zh;q=0", 7);
	accept(h, LANG_EN);
	free(h);
}

/* Every word: non-empty, English printable ASCII, Chinese not ASCII only. */
static void
check_words(const char *en, const char *zh)
{
	const char	*p;

	assert_true(en[0] != '\0');
	assert_true(zh[0] != '\0');
	for (p = en; *p != '\0'; p++)
		assert_true(*p >= 0x20 && *p < 0x7f);
	assert_true(quote_safe(zh));
	for (p = zh; *p != '\0' && (*p & 0x80) == 0; p++)
		;
	assert_true(*p != '\0');
}

static void
test_texts(void **state)
{
	int	 k;

	(void)state;
	for (k = 0; k < LANG_NKEY; k++)
		check_words(lang_text(LANG_EN, (enum lang_key)k),
		    lang_text(LANG_ZH, (enum lang_key)k));
	assert_string_equal(lang_text(LANG_EN, LANG_K_INDICATOR), "Indicator");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_INDICATOR), "指标");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_LATEST), "最新值");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_PERIOD), "统计期");
	assert_string_equal(lang_text(LANG_EN, LANG_K_DATA_AGE), "Data age");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_DATA_AGE), "数据时效");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_STALE), "数据过时");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_TARGET), "目标");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_STATUS), "状态");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_PROJECTED), "预测值");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_FEED), "数据源");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_SOURCE), "来源");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_METHOD), "方法");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_NOTES), "备注");
	assert_string_equal(lang_text(LANG_EN, LANG_K_DOWNLOAD_CSV),
	    "Download CSV");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_DOWNLOAD_CSV),
	    "下载 CSV");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_DOWNLOAD_EXCEL),
	    "下载 Excel");
	assert_string_equal(lang_text(LANG_EN, LANG_K_NO_DATA), "n/a");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_NO_DATA), "无数据");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_ACTUAL_GROWTH),
	    "实际增速");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_REQUIRED_GROWTH),
	    "所需增速");
	assert_string_equal(lang_text(LANG_EN, LANG_K_R_MEANS),
	    "R is the actual growth divided by the required growth: 1 or "
	    "more means the target is reached in time at this pace, below 0 "
	    "means moving away from it.");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_R_MEANS),
	    "R 为实际增速除以所需增速：不小于 1 表示按当前速度可如期实现目标，"
	    "小于 0 表示正在偏离目标。");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_ACTUAL_MEANS),
	    "实际增速：自基期以来指标每年的平均增长。");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_REQUIRED_MEANS),
	    "所需增速：从基期起到目标年实现目标每年需要的平均增长。");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_INCREASE), "越高越好");
	assert_string_equal(lang_text(LANG_EN, LANG_K_DECREASE),
	    "lower is better");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_AT_LEAST), "不低于");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_AT_MOST), "不高于");
	assert_string_equal(lang_text(LANG_EN, LANG_K_X_STORED),
	    "Stored (UTC)");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_X_STORED),
	    "入库时间（UTC）");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_X_AGE_DAYS),
	    "数据时效（天）");
	assert_string_equal(lang_text(LANG_EN, LANG_K_X_STATUS), "Status code");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_X_STATUS_WORDS), "状态");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_X_R), "进度比 R");
	assert_string_equal(lang_text(LANG_EN, LANG_K_X_SHEET_OVERVIEW),
	    "Indicators and targets");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_X_SHEET_SERIES), "观测值");
	assert_string_equal(lang_text(LANG_NLANG, LANG_K_INDICATOR), "");
	assert_string_equal(lang_text(LANG_ZH, LANG_NKEY), "");
	assert_string_equal(lang_text(LANG_ZH, (enum lang_key)-1), "");
}

/* The overview's and the report's words. */
static void
test_overview_texts(void **state)
{
	(void)state;
	assert_string_equal(lang_text(LANG_EN, LANG_K_OV_REPORT),
	    "Printable report");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_OV_REPORT), "打印版报告");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_OV_REPORT_HEADING),
	    "报告：各指标目标进展");
	assert_string_equal(lang_text(LANG_EN, LANG_K_OV_NO_MATCH),
	    "No indicator matches these filters.");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_OV_NO_MATCH),
	    "没有符合筛选条件的指标。");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_OV_CLEAR), "清除筛选");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_OV_SHOWN), "显示指标");
	assert_string_equal(lang_text(LANG_EN, LANG_K_OV_NO_TARGET),
	    "no target");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_OV_NO_TARGET), "无目标");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_DAYS), "天");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_YEARS), "年");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_OV_OVER_LAST), "近");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_OV_APPLY), "应用");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_OV_AT_BOUND), "已达边界");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_OV_TARGET_NOTE),
	    "年目标");
	assert_string_equal(lang_text(LANG_EN, LANG_K_OV_COUNTS),
	    "Targets by status");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_OV_COUNTS),
	    "各状态目标数");
}

/* The indicator page's words. */
static void
test_indpage_words(void **state)
{
	(void)state;
	assert_string_equal(lang_text(LANG_EN, LANG_K_IP_BACK),
	    "Back to the overview");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_IP_BACK), "返回总览");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_IP_RANGE), "显示年份");
	assert_string_equal(lang_text(LANG_EN, LANG_K_IP_REDRAW), "Redraw");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_IP_GRAPH_OF),
	    "趋势图：");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_IP_OBSERVATIONS),
	    "观测数据");
	assert_string_equal(lang_text(LANG_EN, LANG_K_IP_NO_TARGET),
	    "No target; the direction of its recent trend:");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_IP_NO_TARGET),
	    "未设目标；近期趋势方向：");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_IP_NEVER), "从未");
	assert_string_equal(lang_text(LANG_EN, LANG_K_IP_CURRENT), "current");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_IP_CURRENT), "数据及时");
}

static void
test_statuses(void **state)
{
	static const char *const en[EVAL_NSTATUS] = { "achieved", "on track",
	    "moderate progress", "insufficient progress", "moving away",
	    "missed", "unknown" };
	static const char *const zh[EVAL_NSTATUS] = { "已实现", "进展顺利",
	    "进展一般", "进展不足", "正在偏离", "到期未实现", "未知" };
	static const char *const den[EVAL_NDIRECTION] = { "improving",
	    "stable", "deteriorating", "unknown" };
	static const char *const dzh[EVAL_NDIRECTION] = { "改善", "平稳",
	    "恶化", "未知" };
	int	 i;

	(void)state;
	for (i = 0; i < EVAL_NSTATUS; i++) {
		assert_string_equal(lang_status(LANG_EN, i), en[i]);
		assert_string_equal(lang_status(LANG_ZH, i), zh[i]);
	}
	for (i = 0; i < EVAL_NDIRECTION; i++) {
		assert_string_equal(lang_direction(LANG_EN, i), den[i]);
		assert_string_equal(lang_direction(LANG_ZH, i), dzh[i]);
	}
	assert_string_equal(lang_status(LANG_ZH, EVAL_NSTATUS), "");
	assert_string_equal(lang_direction(LANG_EN, EVAL_NDIRECTION), "");
	assert_string_equal(lang_status(LANG_NLANG, EVAL_ACHIEVED), "");
}

static void
test_whys(void **state)
{
	static const char *const zh[EVAL_NWHY] = { "", "尚无观测值",
	    "仅有一个观测值：无法计算增长", "目标已实现：无需增长",
	    "基期值已达到目标：无需增长",
	    "仅有两个观测值，不足以推算这么远的趋势", "数值过大，无法计算" };
	int	 i;

	(void)state;
	for (i = 0; i < EVAL_NWHY; i++) {
		assert_string_equal(lang_why(LANG_EN, i), eval_why_text(i));
		assert_string_equal(lang_why(LANG_ZH, i), zh[i]);
		if (i != EVAL_WHY_NONE)
			check_words(lang_why(LANG_EN, i), lang_why(LANG_ZH, i));
	}
	assert_string_equal(lang_why(LANG_EN, EVAL_WHY_TARGET_MET),
	    "the target is met: no growth is required");
	assert_string_equal(lang_why(LANG_ZH, EVAL_NWHY), "");
}

static void
test_methods_units(void **state)
{
	(void)state;
	assert_string_equal(lang_method(LANG_EN, EVAL_CAGR),
	    "compound annual growth");
	assert_string_equal(lang_method(LANG_ZH, EVAL_CAGR), "年均复合增长");
	assert_string_equal(lang_method(LANG_EN, EVAL_LINEAR), "linear");
	assert_string_equal(lang_method(LANG_ZH, EVAL_LINEAR), "线性");
	assert_string_equal(lang_method(LANG_EN, EVAL_TREND),
	    "least-squares trend");
	assert_string_equal(lang_method(LANG_ZH, EVAL_TREND), "最小二乘趋势");
	assert_string_equal(lang_method(LANG_ZH, (enum eval_method)3), "");
	assert_string_equal(lang_unit(LANG_EN, "count"), "count");
	assert_string_equal(lang_unit(LANG_ZH, "count"), "个");
	assert_string_equal(lang_unit(LANG_EN, "yuan"), "yuan");
	assert_string_equal(lang_unit(LANG_ZH, "yuan"), "元");
	assert_string_equal(lang_unit(LANG_EN, "usd"), "US dollars");
	assert_string_equal(lang_unit(LANG_ZH, "usd"), "美元");
	assert_string_equal(lang_unit(LANG_EN, "ratio"), "percent");
	assert_string_equal(lang_unit(LANG_ZH, "ratio"), "%");
	assert_string_equal(lang_unit(LANG_ZH, "tonnes"), "tonnes");
	assert_string_equal(lang_unit(LANG_NLANG, "yuan"), "yuan");
}

/* The graphs' words: the legend's and the y axis's scales. */
static void
test_graph_words(void **state)
{
	(void)state;
	assert_string_equal(lang_text(LANG_EN, LANG_K_G_ACTUAL), "actual");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_G_ACTUAL), "实际值");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_G_PROJECTION), "预测");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_G_TARGET), "目标");
	assert_string_equal(lang_text(LANG_EN, LANG_K_G_REQUIRED_FULL),
	    "path from the baseline to each target");
	assert_string_equal(lang_text(LANG_EN, LANG_K_G_THOUSANDS),
	    "thousands");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_G_TEN_THOUSANDS), "万");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_G_HUNDRED_MILLIONS),
	    "亿");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_G_TRILLIONS), "万亿");
	assert_string_equal(lang_text(LANG_EN, LANG_K_G_TRILLION),
	    "trillion");
	assert_string_equal(lang_text(LANG_EN, LANG_K_G_BILLIONS),
	    "billions");
	assert_string_equal(lang_text(LANG_ZH, LANG_K_G_RATIO), "比率");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_accept),
		cmocka_unit_test(test_accept_long),
		cmocka_unit_test(test_texts),
		cmocka_unit_test(test_overview_texts),
		cmocka_unit_test(test_graph_words),
		cmocka_unit_test(test_indpage_words),
		cmocka_unit_test(test_statuses),
		cmocka_unit_test(test_whys),
		cmocka_unit_test(test_methods_units),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
