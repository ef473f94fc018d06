/*
 * test_trend.c: least-squares trend, prediction interval, probability of a
 * target, and the Student-t CDF and quantile.
 *
 * The expected values come from python3 with numpy 1.24 / scipy 1.10
 * (Debian 12 python3-numpy, python3-scipy), run as
 *   /usr/bin/python3 ref.py
 * where ref.py is:
 *
 *   import numpy as np
 *   from scipy.stats import t as st
 *   def ref(name, t, y, T, yT, level):
 *       t = np.array(t, float); y = np.array(y, float); n = len(t)
 *       log = bool(np.all(y > 0)); z = np.log(y) if log else y
 *       X = np.column_stack([np.ones(n), t])
 *       (a, b), *_ = np.linalg.lstsq(X, z, rcond=None)
 *       g = np.expm1(b) if log else b
 *       tbar = t.mean(); sxx = ((t - tbar)**2).sum()
 *       zh = a + b * T
 *       out = dict(log=log, slope=b, intercept=a, growth=g,
 *                  value=np.exp(zh) if log else zh)
 *       if n >= 3:
 *           s = np.sqrt(((z - (a + b * t))**2).sum() / (n - 2))
 *           se = s * np.sqrt(1 + 1/n + (T - tbar)**2 / sxx)
 *           q = st.ppf((1 + level) / 2, n - 2)
 *           lo, hi = zh - q * se, zh + q * se
 *           d = ((np.log(yT) if log else yT) - zh) / se
 *           out.update(s=s, lower=np.exp(lo) if log else lo,
 *                      upper=np.exp(hi) if log else hi,
 *                      p_min=st.sf(d, n - 2), p_max=st.cdf(d, n - 2))
 *       print(name, {k: (repr(float(v)) if not isinstance(v, bool)
 *                        else v) for k, v in out.items()})
 *   ref("shenzhen", range(2018, 2025), [140000, 166600, 222400, 279200,
 *       276000, 249000, 241900], 2025, 250000, 0.9)
 *   ref("linear", range(2015, 2023), [-12.5, 3.0, 0, 8.25, 15.5, 11.0,
 *       22.75, 30.0], 2026, 40, 0.95)
 *   ref("two", [2020, 2023], [100, 121], 2025, 130, 0.9)
 *   ref("three", [2021, 2022, 2024], [10, 12, 13], 2026, 15, 0.8)
 *   ref("perfect", range(2020, 2025), [1000 * 1.5**k for k in range(5)],
 *       2026, 12000, 0.9)
 *
 * Its output is copied into the tests below. scipy's t.ppf is itself off
 * by up to 3.3e-10 (relative) at 0.95 with 5 degrees of freedom, which
 * moves the Shenzhen bounds by about 1.4e-10: inside the 1e-9 asked of
 * the trend values. The quantiles below are therefore checked against
 * mpmath (see test_t_quantile), the CDF against scipy's t.cdf, which
 * agrees with mpmath to 2e-15 at every point used.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <string.h>
#include <cmocka.h>

#include "trend.h"

#define REL	1e-9

static void
near(double got, double want, double rel)
{
	if (!(fabs(got - want) <= rel * fabs(want)))
		fail_msg("got %.17g, want %.17g (rel %g)", got, want, rel);
}

static void
nan_all(const struct trend_proj *p)
{
	assert_true(isnan(p->value));
	assert_true(isnan(p->lower));
	assert_true(isnan(p->upper));
	assert_true(isnan(p->probability));
}

static const double sz_t[] = {
	2018, 2019, 2020, 2021, 2022, 2023, 2024
};
static const double sz_y[] = {
	140000, 166600, 222400, 279200, 276000, 249000, 241900
};

/* Shenzhen patent authorizations, to 2025 against at least 250,000. */
static void
test_shenzhen(void **state)
{
	struct trend_fit	 f;
	struct trend_proj	 p;

	(void)state;
	assert_int_equal(trend_fit(sz_t, sz_y, 7, &f), 0);
	assert_int_equal(f.reason, TREND_OK);
	assert_int_equal(f.log_scale, 1);
	assert_int_equal(f.n, 7);
	near(f.slope, 0.09501012935088259, REL);
	near(f.intercept, -179.71914152980804, REL);
	near(f.growth, 0.0996699940129124, REL);
	near(f.s, 0.17962678231005305, REL);
	assert_true(f.tbar == 2021);
	assert_true(f.sxx == 28);
	trend_project(&f, 2025, 0.9, 250000, 0, &p);
	assert_int_equal(p.reason, TREND_OK);
	near(p.value, 320094.13574848906, REL);
	near(p.lower, 199278.35587255872, REL);
	near(p.upper, 514156.46868391935, REL);
	near(p.probability, 0.8292870427773303, REL);
	trend_project(&f, 2025, 0.9, 250000, 1, &p);
	near(p.probability, 0.17071295722266966, REL);
}

/* With a zero and a negative value: y on t. */
static void
test_linear(void **state)
{
	static const double	 t[] = {
		2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022
	};
	static const double	 y[] = {
		-12.5, 3.0, 0, 8.25, 15.5, 11.0, 22.75, 30.0
	};
	struct trend_fit	 f;
	struct trend_proj	 p;

	(void)state;
	assert_int_equal(trend_fit(t, y, 8, &f), 0);
	assert_int_equal(f.log_scale, 0);
	near(f.slope, 5.196428571428344, REL);
	near(f.intercept, -10479.241071428112, REL);
	assert_true(f.growth == f.slope);
	near(f.s, 4.4253900823489865, REL);
	trend_project(&f, 2026, 0.95, 40, 0, &p);
	assert_int_equal(p.reason, TREND_OK);
	near(p.value, 48.72321428571195, REL);
	near(p.lower, 31.724525928795323, REL);
	near(p.upper, 65.72190264262858, REL);
	near(p.probability, 0.8720422051653061, REL);
	trend_project(&f, 2026, 0.95, 40, 1, &p);
	near(p.probability, 0.12795779483469394, REL);
}

/* Two points: a line, its value, no interval and no probability. */
static void
test_two(void **state)
{
	static const double	 t[] = { 2020, 2023 }, y[] = { 100, 121 };
	struct trend_fit	 f;
	struct trend_proj	 p;

	(void)state;
	assert_int_equal(trend_fit(t, y, 2, &f), 0);
	assert_int_equal(f.reason, TREND_NO_INTERVAL);
	assert_int_equal(f.log_scale, 1);
	near(f.slope, 0.0635401198695533, REL);
	near(f.intercept, -123.74587195050955, REL);
	near(f.growth, 0.06560223676661432, REL);
	assert_true(isnan(f.s));
	trend_project(&f, 2025, 0.9, 130, 0, &p);
	assert_int_equal(p.reason, TREND_NO_INTERVAL);
	near(p.value, 137.39648336724704, REL);
	assert_true(isnan(p.lower));
	assert_true(isnan(p.upper));
	assert_true(isnan(p.probability));
	assert_string_equal(trend_reason_name(p.reason), "no_interval");
}

/* Three points: one degree of freedom, a target "at most". */
static void
test_three(void **state)
{
	static const double	 t[] = { 2021, 2022, 2024 };
	static const double	 y[] = { 10, 12, 13 };
	struct trend_fit	 f;
	struct trend_proj	 p;

	(void)state;
	assert_int_equal(trend_fit(t, y, 3, &f), 0);
	assert_int_equal(f.reason, TREND_OK);
	near(f.slope, 0.08067855468167763, REL);
	near(f.intercept, -160.7081167178315, REL);
	near(f.growth, 0.08402238663517775, REL);
	near(f.s, 0.07606265793344033, REL);
	trend_project(&f, 2026, 0.8, 15, 1, &p);
	assert_int_equal(p.reason, TREND_OK);
	near(p.value, 15.590083939556271, REL);
	near(p.lower, 9.641379425620695, REL);
	near(p.upper, 25.20912273160157, REL);
	near(p.probability, 0.422888421593599, REL);
	trend_project(&f, 2026, 0.8, 15, 0, &p);
	near(p.probability, 0.5771115784064009, REL);
}

/*
 * 1000 * 1.5^k: s is rounding (numpy: 5.8e-13) and counts as 0, so the
 * interval has zero width and the probability is 0 or 1 (numpy's own t
 * gives 7.2e-33 and 1.0).
 */
static void
test_perfect(void **state)
{
	static const double	 t[] = { 2020, 2021, 2022, 2023, 2024 };
	static const double	 y[] = { 1000, 1500, 2250, 3375, 5062.5 };
	struct trend_fit	 f;
	struct trend_proj	 p;

	(void)state;
	assert_int_equal(trend_fit(t, y, 5, &f), 0);
	assert_int_equal(f.reason, TREND_OK);
	near(f.slope, 0.40546510810804787, REL);
	near(f.growth, 0.5, REL);
	assert_true(f.s == 0);
	trend_project(&f, 2026, 0.9, 12000, 1, &p);
	assert_int_equal(p.reason, TREND_OK);
	near(p.value, 11390.625, REL);
	assert_true(p.lower == p.value);
	assert_true(p.upper == p.value);
	assert_true(p.probability == 1);
	trend_project(&f, 2026, 0.9, 12000, 0, &p);
	assert_true(p.probability == 0);
	trend_project(&f, 2026, 0.9, 11000, 0, &p);
	assert_true(p.probability == 1);
	trend_project(&f, 2026, 0.9, 11000, 1, &p);
	assert_true(p.probability == 0);
}

/* Exactly linear values on the linear scale: s is 0, growth exact. */
static void
test_perfect_linear(void **state)
{
	static const double	 t[] = { 2020, 2021, 2022, 2023 };
	static const double	 y[] = { -3, -1, 1, 3 };
	struct trend_fit	 f;
	struct trend_proj	 p;

	(void)state;
	assert_int_equal(trend_fit(t, y, 4, &f), 0);
	assert_int_equal(f.log_scale, 0);
	assert_true(f.slope == 2);
	assert_true(f.s == 0);
	trend_project(&f, 2025, 0.9, 7, 0, &p);
	assert_true(p.value == 7);
	assert_true(p.lower == 7 && p.upper == 7);
	assert_true(p.probability == 1);	/* 7 >= 7 */
}

/* The order of the points does not matter; equal values give slope 0. */
static void
test_order_constant(void **state)
{
	static const double	 t[] = {
		2024, 2018, 2021, 2019, 2023, 2020, 2022
	};
	static const double	 y[] = {
		241900, 140000, 279200, 166600, 249000, 222400, 276000
	};
	static const double	 c[] = { 0.1, 0.1, 0.1 };
	struct trend_fit	 f;

	(void)state;
	assert_int_equal(trend_fit(t, y, 7, &f), 0);
	near(f.slope, 0.09501012935088259, REL);
	near(f.s, 0.17962678231005305, REL);
	assert_int_equal(trend_fit(sz_t, c, 3, &f), 0);
	assert_true(f.slope == 0);
	assert_true(f.growth == 0);
	assert_true(f.s == 0);
}

static void
test_reasons(void **state)
{
	static const double	 t[] = { 2020, 2020, 2020 }, y[] = { 1, 2, 3 };
	static const double	 bad[] = { 1, NAN, 3 };
	static const double	 big_t[] = { 0, 1 };
	static const double	 big_y[] = { 1e-300, 1e300 };
	struct trend_fit	 f;
	struct trend_proj	 p;

	(void)state;
	assert_int_equal(trend_fit(sz_t, sz_y, 0, &f), -1);
	assert_int_equal(f.reason, TREND_TOO_FEW);
	assert_int_equal(trend_fit(sz_t, sz_y, 1, &f), -1);
	assert_int_equal(f.reason, TREND_TOO_FEW);
	assert_true(isnan(f.slope) && isnan(f.growth) && isnan(f.s));
	trend_project(&f, 2025, 0.9, 1, 0, &p);
	assert_int_equal(p.reason, TREND_TOO_FEW);
	nan_all(&p);
	assert_int_equal(trend_fit(t, y, 3, &f), -1);
	assert_int_equal(f.reason, TREND_FLAT_TIME);
	assert_int_equal(trend_fit(sz_t, bad, 3, &f), -1);
	assert_int_equal(f.reason, TREND_NOT_FINITE);
	assert_int_equal(trend_fit(bad, sz_y, 3, &f), -1);
	assert_int_equal(f.reason, TREND_NOT_FINITE);
	/* log slope 1381.6: exp(b) - 1 is beyond a double. */
	assert_int_equal(trend_fit(big_t, big_y, 2, &f), -1);
	assert_int_equal(f.reason, TREND_OVERFLOW);

	assert_int_equal(trend_fit(sz_t, sz_y, 7, &f), 0);
	trend_project(&f, INFINITY, 0.9, 1, 0, &p);
	assert_int_equal(p.reason, TREND_NOT_FINITE);
	nan_all(&p);
	trend_project(&f, 1e6, 0.9, 1, 0, &p);		/* exp(95000) */
	assert_int_equal(p.reason, TREND_OVERFLOW);
	nan_all(&p);
	trend_project(&f, 2025, 1, 250000, 0, &p);
	assert_int_equal(p.reason, TREND_BAD_LEVEL);
	assert_true(isnan(p.lower) && isnan(p.upper));
	near(p.value, 320094.13574848906, REL);
	near(p.probability, 0.8292870427773303, REL);
	trend_project(&f, 2025, 0.9, NAN, 0, &p);
	assert_int_equal(p.reason, TREND_NOT_FINITE);
	assert_true(isnan(p.probability));
	near(p.upper, 514156.46868391935, REL);
	/* The first cause wins. */
	trend_project(&f, 2025, -0.5, NAN, 0, &p);
	assert_int_equal(p.reason, TREND_BAD_LEVEL);
	/* On the log scale a target of 0 or less is met or never is. */
	trend_project(&f, 2025, 0.9, 0, 0, &p);
	assert_true(p.probability == 1);
	trend_project(&f, 2025, 0.9, -5, 1, &p);
	assert_true(p.probability == 0);
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(trend_reason_name(TREND_OK), "");
	assert_string_equal(trend_reason_name(TREND_TOO_FEW), "too_few_points");
	assert_string_equal(trend_reason_name(TREND_NO_INTERVAL),
	    "no_interval");
	assert_string_equal(trend_reason_name(TREND_FLAT_TIME), "flat_time");
	assert_string_equal(trend_reason_name(TREND_NOT_FINITE), "not_finite");
	assert_string_equal(trend_reason_name(TREND_BAD_LEVEL), "bad_level");
	assert_string_equal(trend_reason_name(TREND_OVERFLOW), "overflow");
	assert_string_equal(trend_reason_name(TREND_NREASON), "unknown");
	assert_string_equal(trend_reason_text(TREND_OK), "");
	assert_string_equal(trend_reason_text(TREND_NO_INTERVAL),
	    "two observations: no spread to give an interval or a probability");
	assert_string_equal(trend_reason_text(TREND_NREASON), "unknown");
}

/*
 * scipy.stats.t.cdf(x, df), printed with repr(float(...)); mpmath's
 * betainc at 50 digits agrees with each to 2e-15.
 */
static void
test_t_cdf(void **state)
{
	static const struct {
		double	 x, df, want;
	} c[] = {
		{ -6.313751514675041, 1, 0.05000000000000002 },
		{ 0.5, 1, 0.6475836176504333 },
		{ -2.0, 2, 0.09175170953613696 },
		{ 1.5, 3, 0.8847080673775886 },
		{ -4.0, 5, 0.005161707740415726 },
		{ 2.2281388519649385, 10, 0.9749999999990957 },
		{ -3.5, 30, 0.0007384037188221277 },
		{ 0.1, 100, 0.5397277344520743 },
		{ -4.753, 1000, 1.1488764097603567e-06 },
		{ 1.6448536269514722, 1000, 0.9498428599202485 },
		{ -12.0, 7, 3.179155189092547e-06 },
		{ 0.0, 4, 0.5 },
		{ -0.001, 20, 0.4996060114832366 },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		near(trend_t_cdf(c[i].x, c[i].df), c[i].want, 1e-12);
	assert_true(trend_t_cdf(-INFINITY, 3) == 0);
	assert_true(trend_t_cdf(INFINITY, 3) == 1);
	assert_true(isnan(trend_t_cdf(NAN, 3)));
	assert_true(isnan(trend_t_cdf(1, 0)));
	assert_true(isnan(trend_t_cdf(1, -2)));
	assert_true(isnan(trend_t_cdf(1, NAN)));
	/* The normal: 0.5 erfc(1.96 / sqrt 2). */
	near(trend_t_cdf(-1.96, INFINITY), 0.024997895148220435, 1e-12);
}

/*
 * The quantiles of mpmath 1.2.1 at 50 digits, the root of the CDF above:
 *   import mpmath as M; from scipy.stats import t as st
 *   M.mp.dps = 50
 *   def mcdf(x, df):
 *       x = M.mpf(x); df = M.mpf(df)
 *       tail = M.betainc(df/2, M.mpf(1)/2, 0, df/(df+x*x),
 *                        regularized=True)/2
 *       return tail if x < 0 else 1 - tail
 *   def mppf(p, df):
 *       return M.findroot(lambda x: mcdf(x, df) - M.mpf(p),
 *           M.mpf(float(st.ppf(p, df))), tol=M.mpf(10)**-40)
 *   print(repr(float(mppf(p, df))))
 * scipy's t.ppf differs from these by up to 3.3e-10 (0.95, df 5) and
 * 2e-8 near p = 1/2; its value (print(repr(float(st.ppf(p, df))))) is
 * the last column where it is within 1e-10 of mpmath's, 0 elsewhere.
 */
static void
test_t_quantile(void **state)
{
	static const struct {
		double	 p, df, want, scipy;
	} q[] = {
		{ 0.95, 1, 6.3137515146750373979,
		    6.313751514800932 },
		{ 0.95, 2, 2.9199855803537241703,
		    2.919985580355516 },
		{ 0.95, 5, 2.0150483733330235417,
		    0 },
		{ 0.975, 10, 2.2281388519862742245,
		    2.2281388519649385 },
		{ 0.9, 20, 1.3253407069850464795,
		    1.3253407069850462 },
		{ 0.95, 100, 1.660234326085339115,
		    1.66023432606575 },
		{ 0.975, 1000, 1.9623390808264081039,
		    1.9623390808264074 },
		{ 0.05, 3, -2.3533634348018238165,
		    -2.3533634348018273 },
		{ 0.6, 8, 0.26192109674883230694,
		    0.26192109674883074 },
		{ 1e-6, 4, -41.577854150450975198,
		    -41.577854150453575 },
		{ 0.999, 50, 3.2614090557983179012,
		    3.261409055798235 },
		{ 0.8, 1, 1.376381920471173942,
		    1.3763819204924512 },
		{ 1e-6, 1, -318309.8861827435,
		    0 },
		{ 0.4999, 1, -0.0003141592756943707,
		    0 },
		{ 0.500000001, 1000, 2.507254939023837e-09,
		    0 },
		{ 1 - 1e-6, 1000, 4.781608620452438,
		    0 },
		{ 1e-6, 1000, -4.781608620458351,
		    0 },
	};
	size_t	 i;
	double	 p;

	(void)state;
	for (i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		near(trend_t_quantile(q[i].p, q[i].df), q[i].want, 1e-12);
		if (q[i].scipy != 0)
			near(trend_t_quantile(q[i].p, q[i].df), q[i].scipy,
			    1e-10);
	}
	/* Closed forms: df 1 tan(pi (p - 1/2)), df 2 (2p-1)/sqrt(2p(1-p)). */
	near(trend_t_quantile(0.75, 1), 1, 1e-15);
	for (p = 0.01; p < 1; p += 0.07)
		near(trend_t_quantile(p, 2),
		    (2 * p - 1) / sqrt(2 * p * (1 - p)), 1e-13);
	assert_true(trend_t_quantile(0.5, 7) == 0);
	assert_true(trend_t_quantile(0, 7) == -INFINITY);
	assert_true(trend_t_quantile(1, 7) == INFINITY);
	assert_true(isnan(trend_t_quantile(-0.1, 7)));
	assert_true(isnan(trend_t_quantile(1.1, 7)));
	assert_true(isnan(trend_t_quantile(NAN, 7)));
	assert_true(isnan(trend_t_quantile(0.9, 0)));
	/* The normal's 0.975 quantile. */
	near(trend_t_quantile(0.975, INFINITY), 1.959963984540054, 1e-12);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shenzhen),
		cmocka_unit_test(test_linear),
		cmocka_unit_test(test_two),
		cmocka_unit_test(test_three),
		cmocka_unit_test(test_perfect),
		cmocka_unit_test(test_perfect_linear),
		cmocka_unit_test(test_order_constant),
		cmocka_unit_test(test_reasons),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_t_cdf),
		cmocka_unit_test(test_t_quantile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
