/* test_eval.c: unit tests for daemon/eval.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>

#include "eval.h"
#include "trend.h"

#define EPS	1e-9
#define NPTS(a)	(sizeof(a) / sizeof((a)[0]))

/* cmocka 1.1.5 has no assert_double_equal. */
#define assert_near(a, b) do {						\
	double	 a_ = (a), b_ = (b);					\
	if (!(fabs(a_ - b_) <= EPS))					\
		fail_msg("%s = %.17g, want %.17g", #a, a_, b_);		\
} while (0)
#define assert_nan(a) do {						\
	double	 a_ = (a);						\
	if (!isnan(a_))							\
		fail_msg("%s = %.17g, want NAN", #a, a_);		\
} while (0)
#define assert_status(r, s) do {					\
	if ((r).status != (s))						\
		fail_msg("status %s, want %s",				\
		    eval_status_name((r).status), eval_status_name(s));	\
} while (0)

static struct eval_params
params(enum eval_method m)
{
	struct eval_params	 p;

	memset(&p, 0, sizeof(p));
	p.method = m;
	p.base_year = 2015;
	p.thresholds[0] = 0.95;
	p.thresholds[1] = 0.60;
	p.thresholds[2] = 0.0;
	return p;
}

static struct eval_target
target(double year, double value, enum eval_kind kind)
{
	struct eval_target	 t;

	memset(&t, 0, sizeof(t));
	t.year = year;
	t.value = value;
	t.kind = kind;
	return t;
}

static struct eval_result
run(const struct eval_point *pts, size_t n, enum eval_method m,
    const struct eval_target *tg)
{
	struct eval_params	 p = params(m);
	struct eval_result	 r;

	memset(&r, 0x5a, sizeof(r));	/* every field must be written */
	eval_target(pts, n, &p, tg, &r);
	return r;
}

/* 100 in 2015, 121 in 2017: 10 % a year; the target 200 in 2025. */
static void
test_cagr_known(void **state)
{
	static const struct eval_point	 pts[] = {
		{ 2015, 100 }, { 2017, 121 }
	};
	struct eval_target		 tg = target(2025, 200, EVAL_MIN);
	struct eval_result		 r;
	double				 req = pow(2.0, 0.1) - 1.0;

	(void)state;
	r = run(pts, NPTS(pts), EVAL_CAGR, &tg);
	assert_status(r, EVAL_ON_TRACK);
	assert_int_equal(r.method, EVAL_CAGR);
	assert_true(r.base_t == 2015 && r.base_v == 100);
	assert_true(r.latest_t == 2017 && r.latest_v == 121);
	assert_near(r.actual, 0.1);
	assert_near(r.required, req);
	assert_near(r.ratio, 0.1 / req);
	assert_near(r.ratio, 1.3932726172912973);
	assert_near(r.projected, 121.0 * pow(1.1, 8));
	assert_near(r.projected, 259.37424601);
}

static void
test_linear(void **state)
{
	static const struct eval_point	 pts[] = {
		{ 2020, 0 }, { 2022, 10 }
	};
	struct eval_target		 tg = target(2025, 50, EVAL_MIN);
	struct eval_result		 r;

	(void)state;
	r = run(pts, NPTS(pts), EVAL_LINEAR, &tg);
	assert_int_equal(r.method, EVAL_LINEAR);
	assert_near(r.actual, 5.0);		/* (10 - 0) / 2 */
	assert_near(r.required, 10.0);		/* (50 - 0) / 5 */
	assert_near(r.ratio, 0.5);
	assert_near(r.projected, 25.0);		/* 10 + 5 * 3 */
	assert_status(r, EVAL_INSUFFICIENT);
}

/* CAGR cannot start from zero: the same numbers through linear. */
static void
test_fallback_zero(void **state)
{
	static const struct eval_point	 pts[] = {
		{ 2020, 0 }, { 2022, 10 }
	};
	static const struct eval_point	 neg[] = {
		{ 2015, 10 }, { 2020, -5 }
	};
	struct eval_target		 tg = target(2025, 50, EVAL_MIN);
	struct eval_result		 r;

	(void)state;
	r = run(pts, NPTS(pts), EVAL_CAGR, &tg);
	assert_int_equal(r.method, EVAL_LINEAR);
	assert_near(r.actual, 5.0);
	assert_near(r.required, 10.0);
	assert_near(r.ratio, 0.5);
	assert_near(r.projected, 25.0);
	assert_status(r, EVAL_INSUFFICIENT);

	/* A negative latest value, and a zero target (kind max). */
	r = run(neg, NPTS(neg), EVAL_CAGR, &tg);
	assert_int_equal(r.method, EVAL_LINEAR);
	assert_near(r.actual, -3.0);
	assert_near(r.required, 4.0);
	assert_status(r, EVAL_MOVING_AWAY);
	tg = target(2025, 0, EVAL_MAX);
	r = run(pts + 1, 1, EVAL_CAGR, &tg);
	assert_status(r, EVAL_UNKNOWN);
	r = run(neg, 1, EVAL_CAGR, &tg);
	assert_status(r, EVAL_UNKNOWN);
	assert_int_equal(r.method, EVAL_CAGR);	/* nothing computed */
}

/* direction = decrease: kind max, both growth rates negative. */
static void
test_decrease(void **state)
{
	static const struct eval_point	 pts[] = {
		{ 2015, 100 }, { 2020, 80 }
	};
	struct eval_target		 tg = target(2025, 50, EVAL_MAX);
	struct eval_result		 r;
	double				 a, q;

	(void)state;
	a = pow(0.8, 1.0 / 5) - 1.0;
	q = pow(0.5, 1.0 / 10) - 1.0;
	r = run(pts, NPTS(pts), EVAL_CAGR, &tg);
	assert_true(r.actual < 0 && r.required < 0);
	assert_near(r.actual, a);
	assert_near(r.required, q);
	assert_near(r.ratio, a / q);
	assert_near(r.ratio, 0.6517761687675385);
	assert_near(r.projected, 64.0);		/* 80 * 0.8 */
	assert_status(r, EVAL_MODERATE);

	r = run(pts, NPTS(pts), EVAL_LINEAR, &tg);
	assert_near(r.actual, -4.0);
	assert_near(r.required, -5.0);
	assert_near(r.ratio, 0.8);
	assert_near(r.projected, 60.0);
	assert_status(r, EVAL_MODERATE);

	/* Going up towards a "no more than" target is moving away. */
	tg = target(2025, 90, EVAL_MAX);
	r = run((const struct eval_point[]){ { 2015, 100 }, { 2020, 105 } }, 2,
	    EVAL_CAGR, &tg);
	assert_true(r.ratio < 0);
	assert_status(r, EVAL_MOVING_AWAY);
}

static void
test_achieved(void **state)
{
	static const struct eval_point	 pts[] = {
		{ 2015, 100 }, { 2020, 250 }
	};
	struct eval_target		 tg = target(2025, 200, EVAL_MIN);
	struct eval_result		 r;

	(void)state;
	r = run(pts, NPTS(pts), EVAL_CAGR, &tg);
	assert_status(r, EVAL_ACHIEVED);
	/* Met: no growth is required, so no R; the actual growth stays. */
	assert_near(r.actual, pow(2.5, 0.2) - 1);
	assert_nan(r.required);
	assert_nan(r.ratio);
	assert_int_equal(r.why_required, EVAL_WHY_TARGET_MET);
	assert_int_equal(r.why_ratio, EVAL_WHY_TARGET_MET);
	/* Two points, 625 in 2025: beyond 100..250 widened by its span. */
	assert_nan(r.projected);
	assert_int_equal(r.why_projected, EVAL_WHY_TWO_POINTS);
	/* Meeting the value exactly counts. */
	tg.value = 250;
	assert_status(run(pts, NPTS(pts), EVAL_CAGR, &tg), EVAL_ACHIEVED);
	/* Achieved at the deadline wins over missed. */
	tg = target(2020, 250, EVAL_MIN);
	assert_status(run(pts, NPTS(pts), EVAL_CAGR, &tg), EVAL_ACHIEVED);
	/* One point suffices when it meets the target. */
	r = run(pts + 1, 1, EVAL_CAGR, &tg);
	assert_status(r, EVAL_ACHIEVED);
	assert_nan(r.actual);
	assert_nan(r.ratio);
	assert_nan(r.projected);
	assert_int_equal(r.why_actual, EVAL_WHY_ONE_POINT);
	assert_int_equal(r.why_projected, EVAL_WHY_ONE_POINT);
	/* Kind max: at or below. */
	tg = target(2025, 100, EVAL_MAX);
	assert_status(run(pts, 1, EVAL_CAGR, &tg), EVAL_ACHIEVED);
	tg.value = 99.999;
	assert_status(run(pts, 1, EVAL_CAGR, &tg), EVAL_UNKNOWN);
}

static void
test_missed(void **state)
{
	static const struct eval_point	 pts[] = {
		{ 2015, 100 }, { 2025, 150 }, { 2026, 300 }
	};
	struct eval_target		 tg = target(2025, 200, EVAL_MIN);
	struct eval_result		 r;

	(void)state;
	r = run(pts, NPTS(pts), EVAL_CAGR, &tg);
	assert_status(r, EVAL_MISSED);
	/* 2026 lies past the target year and is ignored. */
	assert_true(r.latest_t == 2025 && r.latest_v == 150);
	assert_near(r.projected, 150.0);
	assert_near(r.actual, pow(1.5, 0.1) - 1);
	/* A single point at the deadline is missed, not unknown. */
	r = run(pts + 1, 1, EVAL_CAGR, &tg);
	assert_status(r, EVAL_MISSED);
	assert_nan(r.ratio);
}

/*
 * Points after the target year do not enter R or the projection; but a
 * series that skipped the target year and goes on past it has passed the
 * deadline and is judged by its first value after the year.
 */
static void
test_ignore_after_target(void **state)
{
	static const struct eval_point	 pts[] = {
		{ 2015, 100 }, { 2020, 120 }, { 2030, 500 }
	};
	static const struct eval_point	 low[] = {
		{ 2015, 100 }, { 2020, 120 }, { 2030, 150 }, { 2031, 900 }
	};
	struct eval_target		 tg = target(2025, 200, EVAL_MIN);
	struct eval_result		 r;

	(void)state;
	r = run(pts, NPTS(pts), EVAL_CAGR, &tg);
	assert_true(r.latest_t == 2020 && r.latest_v == 120);
	assert_near(r.actual, pow(1.2, 0.2) - 1);
	assert_near(r.ratio, (pow(1.2, 0.2) - 1) / (pow(2.0, 0.1) - 1));
	assert_status(r, EVAL_ACHIEVED);	/* 500 in 2030 */
	r = run(low, NPTS(low), EVAL_CAGR, &tg);
	assert_status(r, EVAL_MISSED);		/* 150 in 2030; 2031 ignored */
	assert_near(r.ratio, (pow(1.2, 0.2) - 1) / (pow(2.0, 0.1) - 1));
	/* Only points after the target: judged by the first of them. */
	r = run(pts + 2, 1, EVAL_CAGR, &tg);
	assert_status(r, EVAL_ACHIEVED);
	assert_nan(r.latest_t);
	assert_nan(r.base_t);
	r = run(low + 2, 1, EVAL_CAGR, &tg);
	assert_status(r, EVAL_MISSED);
	/* Still before the deadline in the data: by R. */
	r = run(pts, 2, EVAL_CAGR, &tg);
	assert_status(r, EVAL_INSUFFICIENT);	/* R = 0.5174... */
}

static void
test_unknown(void **state)
{
	static const struct eval_point	 one[] = { { 2016, 100 } };
	static const struct eval_point	 dup[] = { { 2016, 100 }, { 2016, 110 } };
	struct eval_target		 tg = target(2025, 200, EVAL_MIN);
	struct eval_result		 r;

	(void)state;
	r = run(one, 1, EVAL_CAGR, &tg);
	assert_status(r, EVAL_UNKNOWN);
	assert_true(r.base_t == 2016 && r.base_v == 100);
	assert_true(r.latest_t == 2016 && r.latest_v == 100);
	assert_nan(r.actual);
	assert_nan(r.required);
	assert_nan(r.ratio);
	assert_nan(r.projected);
	assert_int_equal(r.method, EVAL_CAGR);

	r = run(NULL, 0, EVAL_LINEAR, &tg);
	assert_status(r, EVAL_UNKNOWN);
	assert_int_equal(r.method, EVAL_LINEAR);
	assert_nan(r.base_t);
	assert_nan(r.base_v);
	assert_nan(r.latest_t);
	assert_nan(r.latest_v);
	assert_nan(r.actual);
	assert_nan(r.required);
	assert_nan(r.ratio);
	assert_nan(r.projected);

	/* Two points in the same period give no time span. */
	r = run(dup, 2, EVAL_CAGR, &tg);
	assert_status(r, EVAL_UNKNOWN);
	assert_nan(r.ratio);

	/* Explicit baseline without points: baseline known, status not. */
	tg.has_baseline = 1;
	tg.base_t = 2015;
	tg.base_v = 90;
	r = run(NULL, 0, EVAL_CAGR, &tg);
	assert_status(r, EVAL_UNKNOWN);
	assert_true(r.base_t == 2015 && r.base_v == 90);
	assert_nan(r.latest_v);
}

/* Overflowing growth is not a number to report. */
static void
test_not_finite(void **state)
{
	static const struct eval_point	 pts[] = {
		{ 2015, 1e-300 }, { 2016, 1e300 }
	};
	struct eval_target		 tg = target(2025, 1e308, EVAL_MIN);
	struct eval_result		 r;

	(void)state;
	r = run(pts, NPTS(pts), EVAL_CAGR, &tg);
	assert_status(r, EVAL_UNKNOWN);
	assert_nan(r.actual);
	assert_nan(r.ratio);
	assert_nan(r.projected);
	assert_nan(r.required);
	tg.value = 1.75e308;
	r = run((const struct eval_point[]){ { 2015, -1.7e308 },
	    { 2016, 1.7e308 } }, 2, EVAL_LINEAR, &tg);
	assert_status(r, EVAL_UNKNOWN);
	assert_nan(r.actual);
}

static void
test_moving_away(void **state)
{
	static const struct eval_point	 pts[] = {
		{ 2015, 100 }, { 2020, 90 }
	};
	struct eval_target		 tg = target(2025, 200, EVAL_MIN);
	struct eval_result		 r;

	(void)state;
	r = run(pts, NPTS(pts), EVAL_CAGR, &tg);
	assert_true(r.ratio < 0);
	assert_near(r.ratio, (pow(0.9, 0.2) - 1) / (pow(2.0, 0.1) - 1));
	assert_status(r, EVAL_MOVING_AWAY);
	assert_near(r.projected, 81.0);		/* 90 * 0.9 */

	/*
	 * Target behind the baseline (min target below y0), now unmet: both
	 * rates are negative so R > 0 would look on track; it is moving away.
	 */
	tg = target(2025, 95, EVAL_MIN);
	r = run(pts, NPTS(pts), EVAL_CAGR, &tg);
	assert_true(r.actual < 0);
	assert_nan(r.required);		/* its sign would point away */
	assert_int_equal(r.why_required, EVAL_WHY_BASELINE_MET);
	assert_status(r, EVAL_MOVING_AWAY);
	assert_nan(r.ratio);
	assert_int_equal(r.why_ratio, EVAL_WHY_BASELINE_MET);
	/* Target equal to the baseline value: required 0, left out. */
	tg = target(2025, 100, EVAL_MIN);
	r = run(pts, NPTS(pts), EVAL_LINEAR, &tg);
	assert_nan(r.required);
	assert_int_equal(r.why_required, EVAL_WHY_BASELINE_MET);
	assert_status(r, EVAL_MOVING_AWAY);
	assert_nan(r.ratio);
	/* Kind max with the target above the baseline, now exceeded. */
	tg = target(2025, 110, EVAL_MAX);
	r = run((const struct eval_point[]){ { 2015, 100 }, { 2020, 120 } }, 2,
	    EVAL_CAGR, &tg);
	assert_status(r, EVAL_MOVING_AWAY);
	assert_nan(r.ratio);
}

/*
 * Linear from 0 (2020) to 100 (2022): required slope 50. A 2021 value y
 * gives R = y / 50 exactly, so each boundary can be hit exactly and then
 * missed by moving its threshold one ulp up.
 */
static enum eval_status
status_at(double y, const double th[3], double *ratio)
{
	struct eval_point	 pts[2] = { { 2020, 0 }, { 2021, 0 } };
	struct eval_target	 tg = target(2022, 100, EVAL_MIN);
	struct eval_params	 p = params(EVAL_LINEAR);
	struct eval_result	 r;

	pts[1].v = y;
	memcpy(p.thresholds, th, sizeof(p.thresholds));
	eval_target(pts, 2, &p, &tg, &r);
	*ratio = r.ratio;
	return r.status;
}

/*
 * The "little giant" enterprises of the shipped data: baseline 754 (2021)
 * above the 2025 target of 600, 1,025 in 2024. Achieved, and neither R nor
 * a required growth (-5.4 %/yr) means anything; the 2035 projection from
 * two points at 10.8 %/yr (about 3,160) leaves the plausible range of
 * 754..1,500 widened by its span (8..2,246), so it is left out too.
 */
static void
test_defined_only(void **state)
{
	static const struct eval_point	 pts[] = {
		{ 2021, 754 }, { 2024, 1025 }
	};
	struct eval_target		 tg = target(2025, 600, EVAL_MIN);
	struct eval_params		 p = params(EVAL_CAGR);
	struct eval_result		 r;

	(void)state;
	p.base_year = 2018;
	eval_target(pts, 2, &p, &tg, &r);
	assert_status(r, EVAL_ACHIEVED);
	assert_near(r.actual, pow(1025.0 / 754, 1.0 / 3) - 1);
	assert_nan(r.required);
	assert_nan(r.ratio);
	assert_int_equal(r.why_required, EVAL_WHY_BASELINE_MET);
	assert_int_equal(r.why_ratio, EVAL_WHY_BASELINE_MET);
	assert_string_equal(eval_why_name(r.why_ratio), "baseline_met_target");
	/* 2025: one year past 2024, in range. */
	assert_near(r.projected, 1025 * pow(1025.0 / 754, 1.0 / 3));
	assert_int_equal(r.why_projected, EVAL_WHY_NONE);
	tg = target(2035, 1500, EVAL_MIN);
	eval_target(pts, 2, &p, &tg, &r);
	assert_status(r, EVAL_ON_TRACK);
	assert_near(r.ratio, (pow(1025.0 / 754, 1.0 / 3) - 1) /
	    (pow(1500.0 / 754, 1.0 / 14) - 1));
	assert_nan(r.projected);
	assert_int_equal(r.why_projected, EVAL_WHY_TWO_POINTS);
	assert_string_equal(eval_why_text(r.why_projected),
	    "two observations do not make a trend this far out");
	/* A third point makes a trend: the projection is given. */
	eval_target((const struct eval_point[]){ { 2021, 754 }, { 2023, 900 },
	    { 2024, 1025 } }, 3, &p, &tg, &r);
	assert_near(r.projected, 1025 * pow(1025.0 / 754, 11.0 / 3));
	/* No data at all. */
	eval_target(pts, 0, &p, &tg, &r);
	assert_int_equal(r.why_actual, EVAL_WHY_NO_DATA);
	assert_int_equal(r.why_projected, EVAL_WHY_NO_DATA);
	assert_string_equal(eval_why_name(EVAL_WHY_NONE), "");
}

/* A ratio is projected within [0, 1]; any indicator may set bounds. */
static void
test_bounds(void **state)
{
	static const struct eval_point	 pts[] = {
		{ 2018, 0.70 }, { 2020, 0.74 }, { 2022, 0.78 }, { 2024, 0.82 }
	};
	struct eval_target		 tg = target(2035, 0.80, EVAL_MIN);
	struct eval_params		 p = params(EVAL_LINEAR);
	struct eval_result		 r;

	(void)state;
	p.base_year = 2018;
	eval_target(pts, 4, &p, &tg, &r);
	assert_near(r.projected, 0.82 + 0.02 * 11);	/* 1.04 unbounded */
	assert_false(r.clamped);
	p.has_lo = p.has_hi = 1;
	p.lo = 0;
	p.hi = 1;
	eval_target(pts, 4, &p, &tg, &r);
	assert_true(r.projected == 1.0);
	assert_true(r.clamped);
	tg = target(2025, 0.90, EVAL_MIN);
	eval_target(pts, 4, &p, &tg, &r);
	assert_near(r.projected, 0.84);
	assert_false(r.clamped);
	/* A falling series stops at the lower bound. */
	p.lo = 0.5;
	tg = target(2040, 0.9, EVAL_MIN);
	eval_target((const struct eval_point[]){ { 2018, 0.8 }, { 2020, 0.7 },
	    { 2022, 0.6 } }, 3, &p, &tg, &r);
	assert_true(r.projected == 0.5);
	assert_true(r.clamped);
}

/*
 * The trend method on Shenzhen patent authorizations 2018-2024: the
 * growth, projection, interval and probability of the least-squares fit of
 * log y (values from numpy and scipy, see test_trend.c); R against the
 * CAGR required from the 2018 baseline. Whatever the method, the trend is
 * given beside the endpoint result.
 */
static void
test_trend_method(void **state)
{
	static const struct eval_point	 pts[] = {
		{ 2018, 140000 }, { 2019, 166600 }, { 2020, 222400 },
		{ 2021, 279200 }, { 2022, 276000 }, { 2023, 249000 },
		{ 2024, 241900 }
	};
	struct eval_target		 tg = target(2025, 250000, EVAL_MIN);
	struct eval_params		 p = params(EVAL_TREND);
	struct eval_result		 r;
	double				 req = pow(250000.0 / 140000, 1.0 / 7) - 1;

	(void)state;
	p.base_year = 2018;
	p.interval = 0.9;
	eval_target(pts, NPTS(pts), &p, &tg, &r);
	assert_int_equal(r.method, EVAL_TREND);
	assert_false(eval_linear(&r));
	assert_near(r.actual, 0.0996699940129124);
	assert_near(r.required, req);
	assert_near(r.ratio, 0.0996699940129124 / req);
	assert_status(r, EVAL_ON_TRACK);
	assert_true(fabs(r.projected / 320094.13574848906 - 1) < 1e-9);
	assert_true(fabs(r.trend_lower / 199278.35587255872 - 1) < 1e-9);
	assert_true(fabs(r.trend_upper / 514156.46868391935 - 1) < 1e-9);
	assert_near(r.probability, 0.8292870427773303);
	assert_int_equal(r.trend_n, 7);
	/* The endpoint method gives the same trend beside its own numbers. */
	p.method = EVAL_CAGR;
	eval_target(pts, NPTS(pts), &p, &tg, &r);
	assert_near(r.actual, pow(241900.0 / 140000, 1.0 / 6) - 1);
	assert_near(r.trend_growth, 0.0996699940129124);
	assert_near(r.probability, 0.8292870427773303);
	/* Two points: a trend, but no interval and no probability. */
	p.method = EVAL_TREND;
	eval_target(pts + 5, 2, &p, &tg, &r);
	assert_near(r.actual, 241900.0 / 249000 - 1);
	assert_nan(r.trend_lower);
	assert_nan(r.probability);
	assert_string_equal(trend_reason_name(r.trend_why), "no_interval");
	/* eval_growth follows the method. */
	assert_near(eval_growth(pts, NPTS(pts), &p), 0.0996699940129124);
}

/*
 * Progress without a target over the last 5 years (expected growths from
 * numpy: exp(polyfit(t, log y, 1)[0]) - 1, and the slope over the mean
 * absolute value for a series with a negative value).
 */
static void
test_direction(void **state)
{
	static const struct eval_point	 pts[] = {
		{ 2018, 140000 }, { 2019, 166600 }, { 2020, 222400 },
		{ 2021, 279200 }, { 2022, 276000 }, { 2023, 249000 },
		{ 2024, 241900 }
	};
	static const struct eval_point	 neg[] = {
		{ 2020, -2 }, { 2021, 0 }, { 2022, 1 }
	};
	double				 g;

	(void)state;
	/* 2019-2024: +6.5 %/yr, above the 1 % tolerance. */
	assert_int_equal(eval_direction(pts, 7, 5, 0.01, 0, &g),
	    EVAL_IMPROVING);
	assert_near(g, 0.06463260691702954);
	assert_int_equal(eval_direction(pts, 7, 5, 0.01, 1, &g),
	    EVAL_DETERIORATING);
	assert_int_equal(eval_direction(pts, 7, 5, 0.07, 0, &g),
	    EVAL_STABLE);
	/* The last two years only: 249,000 to 241,900, falling. */
	assert_int_equal(eval_direction(pts, 7, 1, 0.01, 0, &g),
	    EVAL_DETERIORATING);
	assert_near(g, 241900.0 / 249000 - 1);
	/* A zero or negative value: the slope over the mean |y|. */
	assert_int_equal(eval_direction(neg, 3, 5, 0.01, 0, &g),
	    EVAL_IMPROVING);
	assert_near(g, 1.5000000000001126);
	/* One point: unknown. */
	assert_int_equal(eval_direction(pts + 6, 1, 5, 0.01, 0, &g),
	    EVAL_DIR_UNKNOWN);
	assert_nan(g);
	assert_string_equal(eval_direction_name(EVAL_STABLE), "stable");
}

static void
test_thresholds(void **state)
{
	double	 th[3] = { 0.95, 0.60, 0.0 }, r;

	(void)state;
	assert_int_equal(status_at(47.5, th, &r), EVAL_ON_TRACK);
	assert_true(r == 0.95);
	assert_int_equal(status_at(50, th, &r), EVAL_ON_TRACK);
	assert_int_equal(status_at(30, th, &r), EVAL_MODERATE);
	assert_true(r == 0.60);
	assert_int_equal(status_at(0, th, &r), EVAL_INSUFFICIENT);
	assert_true(r == 0.0);
	assert_int_equal(status_at(-1, th, &r), EVAL_MOVING_AWAY);
	assert_int_equal(status_at(40, th, &r), EVAL_MODERATE);
	assert_int_equal(status_at(20, th, &r), EVAL_INSUFFICIENT);

	th[0] = nextafter(0.95, 1.0);
	assert_int_equal(status_at(47.5, th, &r), EVAL_MODERATE);
	th[1] = nextafter(0.60, 1.0);
	assert_int_equal(status_at(30, th, &r), EVAL_INSUFFICIENT);
	th[2] = nextafter(0.0, 1.0);
	assert_int_equal(status_at(0, th, &r), EVAL_MOVING_AWAY);

	/* Custom thresholds. */
	th[0] = 1.0;
	th[1] = 0.5;
	th[2] = -0.5;
	assert_int_equal(status_at(49, th, &r), EVAL_MODERATE);
	assert_int_equal(status_at(-10, th, &r), EVAL_INSUFFICIENT);
	assert_int_equal(status_at(-30, th, &r), EVAL_MOVING_AWAY);
}

static void
test_baseline(void **state)
{
	static const struct eval_point	 pts[] = {
		{ 2010, 50 }, { 2015, 100 }, { 2017, 121 }
	};
	struct eval_target		 tg = target(2025, 200, EVAL_MIN);
	struct eval_params		 p = params(EVAL_CAGR);
	struct eval_result		 r;

	(void)state;
	/* base_year 2015 skips 2010. */
	r = run(pts, NPTS(pts), EVAL_CAGR, &tg);
	assert_true(r.base_t == 2015 && r.base_v == 100);
	assert_near(r.ratio, 0.1 / (pow(2.0, 0.1) - 1));

	/* base_year before the data: the first point. */
	p.base_year = 2000;
	eval_target(pts, NPTS(pts), &p, &tg, &r);
	assert_true(r.base_t == 2010 && r.base_v == 50);
	assert_near(r.actual, pow(121.0 / 50, 1.0 / 7) - 1);

	/* base_year after all the data: falls back to the first point. */
	p.base_year = 2030;
	eval_target(pts, NPTS(pts), &p, &tg, &r);
	assert_true(r.base_t == 2010 && r.base_v == 50);

	/* An explicit baseline overrides base_year and the points. */
	p.base_year = 2010;
	tg.has_baseline = 1;
	tg.base_t = 2015;
	tg.base_v = 100;
	eval_target(pts, NPTS(pts), &p, &tg, &r);
	assert_true(r.base_t == 2015 && r.base_v == 100);
	assert_near(r.actual, 0.1);
	assert_near(r.ratio, 0.1 / (pow(2.0, 0.1) - 1));
	assert_status(r, EVAL_ON_TRACK);

	/* ... even one that is not a point: one observation then suffices. */
	tg.base_t = 2014;
	tg.base_v = 100;
	eval_target(pts + 2, 1, &p, &tg, &r);
	assert_near(r.actual, pow(1.21, 1.0 / 3) - 1);
	assert_near(r.required, pow(2.0, 1.0 / 11) - 1);
	assert_near(r.ratio, (pow(1.21, 1.0 / 3) - 1) /
	    (pow(2.0, 1.0 / 11) - 1));
	assert_status(r, EVAL_ON_TRACK);

	/* A zero explicit baseline forces linear. */
	tg.base_v = 0;
	eval_target(pts + 2, 1, &p, &tg, &r);
	assert_int_equal(r.method, EVAL_LINEAR);
	assert_near(r.actual, 121.0 / 3);
	assert_near(r.required, 200.0 / 11);
	assert_status(r, EVAL_ON_TRACK);

	/* A baseline after the latest point leaves no span: unknown. */
	tg.base_t = 2018;
	tg.base_v = 100;
	eval_target(pts + 2, 1, &p, &tg, &r);
	assert_status(r, EVAL_UNKNOWN);
	assert_nan(r.ratio);
}

static void
test_growth(void **state)
{
	static const struct eval_point	 pts[] = {
		{ 2010, 50 }, { 2015, 100 }, { 2017, 121 }
	};
	static const struct eval_point	 zero[] = { { 2015, 0 }, { 2017, 10 } };
	struct eval_params		 p = params(EVAL_CAGR);

	(void)state;
	assert_near(eval_growth(pts, 3, &p), 0.1);
	p.method = EVAL_LINEAR;
	assert_near(eval_growth(pts, 3, &p), 10.5);
	assert_near(eval_growth(zero, 2, &p), 5.0);
	p.base_year = 2030;
	assert_near(eval_growth(pts, 3, &p), 71.0 / 7);
	p = params(EVAL_CAGR);
	assert_nan(eval_growth(zero, 2, &p));	/* no linear fallback */
	assert_nan(eval_growth(pts, 0, &p));
	assert_nan(eval_growth(pts + 2, 1, &p));
	assert_nan(eval_growth(pts, 2, &p));	/* baseline is the latest */
}

static void
test_names(void **state)
{
	static const char	*names[] = {
		"achieved", "on_track", "moderate", "insufficient",
		"moving_away", "missed", "unknown"
	};
	enum eval_status	 s;
	enum eval_method	 m;
	int			 i;

	(void)state;
	for (i = 0; i < EVAL_NSTATUS; i++) {
		assert_string_equal(eval_status_name((enum eval_status)i),
		    names[i]);
		assert_int_equal(eval_status_parse(names[i], &s), 0);
		assert_int_equal(s, i);
	}
	assert_string_equal(eval_status_name(EVAL_NSTATUS), "unknown");
	assert_int_equal(eval_status_parse("ontrack", &s), -1);
	assert_int_equal(eval_status_parse("", &s), -1);
	assert_string_equal(eval_method_name(EVAL_CAGR), "cagr");
	assert_string_equal(eval_method_name(EVAL_LINEAR), "linear");
	assert_int_equal(eval_method_parse("cagr", &m), 0);
	assert_int_equal(m, EVAL_CAGR);
	assert_int_equal(eval_method_parse("linear", &m), 0);
	assert_int_equal(m, EVAL_LINEAR);
	assert_int_equal(eval_method_parse("CAGR", &m), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cagr_known),
		cmocka_unit_test(test_linear),
		cmocka_unit_test(test_fallback_zero),
		cmocka_unit_test(test_decrease),
		cmocka_unit_test(test_achieved),
		cmocka_unit_test(test_missed),
		cmocka_unit_test(test_ignore_after_target),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_not_finite),
		cmocka_unit_test(test_moving_away),
		cmocka_unit_test(test_defined_only),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_trend_method),
		cmocka_unit_test(test_direction),
		cmocka_unit_test(test_thresholds),
		cmocka_unit_test(test_baseline),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
