/* test_explain.c: the sentence that says how a target stands. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>

#include "eval.h"
#include "explain.h"

static const struct eval_point	 pts[] = {
	{ 2018, 140000 }, { 2019, 166600 }, { 2020, 222400 }, { 2021, 279200 },
	{ 2022, 276000 }, { 2023, 249000 }, { 2024, 241900 }
};

static void
say_in(enum lang l, enum eval_method m, double value, int stale,
    const char *want)
{
	struct eval_params	 p;
	struct eval_target	 tg;
	struct eval_result	 r;
	struct explain		 e;
	char			 buf[EXPLAIN_MAX];

	memset(&p, 0, sizeof(p));
	p.method = m;
	p.base_year = 2018;
	p.thresholds[0] = 0.95;
	p.thresholds[1] = 0.6;
	p.interval = 0.9;
	memset(&tg, 0, sizeof(tg));
	tg.year = 2025;
	tg.value = value;
	eval_target(pts, 7, &p, &tg, &r);
	memset(&e, 0, sizeof(e));
	e.unit = "count";
	e.year = 2025;
	e.value = value;
	e.res = &r;
	e.period = want != NULL ? "2024" : NULL;
	e.interval = 0.9;
	e.stale = stale;
	e.stale_after = l == LANG_ZH ? "18 个月" : "18 months";
	e.lang = l;
	explain_target(&e, buf, sizeof(buf));
	if (want == NULL)
		want = l == LANG_ZH ? "尚无数据；目标 25 万（2025 年）" :
		    "no data yet; target 250,000 by 2025";
	assert_string_equal(buf, want);
}

static void
say(enum eval_method m, double value, int stale, const char *want)
{
	say_in(LANG_EN, m, value, stale, want);
}

static void
say_zh(enum eval_method m, double value, int stale, const char *want)
{
	say_in(LANG_ZH, m, value, stale, want);
}

/* Shenzhen patent authorizations, 2018-2024, against 250,000 by 2025. */
static void
test_shenzhen(void **state)
{
	(void)state;
	say(EVAL_CAGR, 250000, 0, NULL);
	/* Trend: 10.0 %/yr, 320,094 (199,278-514,156), P = 0.829. */
	say(EVAL_TREND, 250000, 0, "needs 8.6 %/yr from 140,000 (2018) to "
	    "reach 250,000 by 2025; the trend since 2018 is 10.0 %/yr; "
	    "projected 320,094 (90 %: 199,278-514,156), probability 83 %; "
	    "latest data 2024, current");
	/* Endpoints: (241,900 / 140,000)^(1/6) - 1 = 9.5 %/yr. */
	say(EVAL_CAGR, 250000, 1, "needs 8.6 %/yr from 140,000 (2018) to "
	    "reach 250,000 by 2025; achieving 9.5 %/yr since 2018 (trend "
	    "10.0 %/yr); projected 264,985; latest data 2024, stale "
	    "(expected within 18 months)");
	/* A target the latest value meets. */
	say(EVAL_CAGR, 200000, 0, "achieved: 241,900 in 2024 meets the "
	    "target of 200,000 for 2025; latest data 2024, current");
	/* A target the baseline met: no growth is needed, none is shown. */
	say(EVAL_CAGR, 100000, 0, "achieved: 241,900 in 2024 meets the "
	    "target of 100,000 for 2025; latest data 2024, current");
}

/* The same four in Chinese. */
static void
test_shenzhen_zh(void **state)
{
	(void)state;
	/* 万 for ten thousand, full-width punctuation. */
	say_zh(EVAL_TREND, 250000, 0, "所需增速 8.6 %/年：从 14 万（2018 年）"
	    "到 25 万（2025 年）；2018 年以来的趋势为 10.0 %/年；预计 32.01 万"
	    "（90 % 区间：19.93 万 至 51.42 万），实现概率 83 %；最新数据 2024，"
	    "数据及时");
	say_zh(EVAL_CAGR, 250000, 1, "所需增速 8.6 %/年：从 14 万（2018 年）"
	    "到 25 万（2025 年）；2018 年以来实际增速 9.5 %/年（趋势 10.0 %/年）"
	    "；预计 26.5 万；最新数据 2024，数据过时（应在 18 个月内更新）");
	say_zh(EVAL_CAGR, 200000, 0, "已实现：24.19 万（2024）达到目标 20 万"
	    "（2025 年）；最新数据 2024，数据及时");
	say_zh(EVAL_CAGR, 100000, 0, "已实现：24.19 万（2024）达到目标 10 万"
	    "（2025 年）；最新数据 2024，数据及时");
	/* A period that has no observation yet. */
	{
		char	 lag[32];

		explain_lag((struct period_lag){ 18, 0 }, LANG_ZH, lag,
		    sizeof(lag));
		assert_string_equal(lag, "18 个月");
		explain_lag((struct period_lag){ 0, 7 }, LANG_ZH, lag,
		    sizeof(lag));
		assert_string_equal(lag, "7 天");
		explain_lag((struct period_lag){ 1, 0 }, LANG_EN, lag,
		    sizeof(lag));
		assert_string_equal(lag, "1 month");
	}
	say_in(LANG_ZH, EVAL_CAGR, 250000, 0, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shenzhen),
		cmocka_unit_test(test_shenzhen_zh),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
