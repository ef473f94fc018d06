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
say(enum eval_method m, double value, int stale, const char *want)
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
	e.period = "2024";
	e.interval = 0.9;
	e.stale = stale;
	e.stale_after = "18 months";
	explain_target(&e, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

/* Shenzhen patent authorizations, 2018-2024, against 250,000 by 2025. */
static void
test_shenzhen(void **state)
{
	(void)state;
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shenzhen),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
