/*
 * trend.c: least-squares trend, prediction interval and probability of a
 * target (see trend.h).
 *
 * The Student-t CDF splits at 0: for x >= 0, tail = P(T < -x) and mid =
 * P(0 < T < x), so that P(T <= x) = 0.5 + mid and P(T <= -x) = tail. With
 * u = x^2 / df, a = df / 2:
 *   tail = I_w(a, 1/2) / 2,  mid = I_v(1/2, a) / 2,
 *   w = 1 / (1 + u), v = 1 - w = 1 / (1 + 1/u).
 * Whichever of the two has its continued fraction converging (Numerical
 * Recipes' betacf, modified Lentz) is computed, the other is 1/2 minus it;
 * the small one is always the computed one, so both keep their relative
 * digits. The prefactor w^a v^(1/2) / B(a, 1/2) is taken in logs from
 * log1p(u) rather than from w (pow(w, a) would multiply w's rounding by
 * a), and log B(a, 1/2) from the Stirling series of lgamma(a) -
 * lgamma(a + 1/2), whose two large terms cancel analytically; lgamma
 * itself would lose about log(a) ulps of 2600 at df = 1000.
 */
#include <float.h>
#include <math.h>

#include "trend.h"

#define TREND_CF_ITER	20000	/* betacf iterations; see trend_betacf */
#define TREND_FPMIN	1e-300
#define TREND_NOISE	1e-12	/* s below this of max |z|: rounding */
#define TREND_LOG_SQRTPI 0.57236494292470008707

static const char *const trend_names[TREND_NREASON] = {
	"", "too_few_points", "no_interval", "flat_time", "not_finite",
	"bad_level", "overflow"
};

static const char *const trend_texts[TREND_NREASON] = {
	"",
	"fewer than two observations: no trend",
	"two observations: no spread to give an interval or a probability",
	"every observation is for the same time: no trend",
	"an input is not a finite number",
	"the confidence level is not between 0 and 1",
	"too large to compute"
};

const char *
trend_reason_name(enum trend_reason r)
{
	return (unsigned)r < TREND_NREASON ? trend_names[r] : "unknown";
}

const char *
trend_reason_text(enum trend_reason r)
{
	return (unsigned)r < TREND_NREASON ? trend_texts[r] : "unknown";
}

/* Stirling's remainder: lgamma(z) - ((z - 1/2) log z - z + log(2 pi)/2). */
static double
trend_stirling(double z)
{
	double	 r = 1 / (z * z);

	/* z >= 10: the first term left out is below 4e-17 / z. */
	return (1.0 / 12 - r * (1.0 / 360 - r * (1.0 / 1260 - r * (1.0 / 1680 -
	    r * (1.0 / 1188 - r * (691.0 / 360360 - r / 156)))))) / z;
}

/* log B(a, 1/2) = lgamma(a) - lgamma(a + 1/2) + log sqrt(pi), a > 0. */
static double
trend_lbeta_half(double a)
{
	double	 acc = 0;

	/* Gamma(a)/Gamma(a + 1/2) = Gamma(a+1)/Gamma(a+3/2) (a + 1/2) / a. */
	while (a < 10) {
		acc += log1p(0.5 / a);
		a += 1;
	}
	return acc - 0.5 * log(a) - a * log1p(0.5 / a) + 0.5 +
	    trend_stirling(a) - trend_stirling(a + 0.5) + TREND_LOG_SQRTPI;
}

/*
 * The continued fraction of I_x(a, b) for x < (a + 1) / (a + b + 2), where
 * it converges in O(sqrt(max(a, b))) terms; TREND_DF_NORMAL keeps that
 * well inside TREND_CF_ITER.
 */
static double
trend_betacf(double a, double b, double x)
{
	double	 c = 1, d, h, aa, del;
	int	 m;

	d = 1 - (a + b) * x / (a + 1);
	d = 1 / (fabs(d) < TREND_FPMIN ? TREND_FPMIN : d);
	h = d;
	for (m = 1; m <= TREND_CF_ITER; m++) {
		aa = m * (b - m) * x / ((a - 1 + 2 * m) * (a + 2 * m));
		d = 1 + aa * d;
		d = 1 / (fabs(d) < TREND_FPMIN ? TREND_FPMIN : d);
		c = 1 + aa / c;
		c = fabs(c) < TREND_FPMIN ? TREND_FPMIN : c;
		h *= d * c;
		aa = -(a + m) * (a + b + m) * x /
		    ((a + 2 * m) * (a + 1 + 2 * m));
		d = 1 + aa * d;
		d = 1 / (fabs(d) < TREND_FPMIN ? TREND_FPMIN : d);
		c = 1 + aa / c;
		c = fabs(c) < TREND_FPMIN ? TREND_FPMIN : c;
		del = d * c;
		h *= del;
		if (fabs(del - 1) <= DBL_EPSILON)
			break;
	}
	return h;
}

static double
trend_clamp(double v, double hi)
{
	return v < 0 ? 0 : v > hi ? hi : v;	/* NaN passes */
}

/* tail and mid (see the top) of x >= 0 under the normal distribution. */
static void
trend_normal_parts(double x, double *tail, double *mid)
{
	if (x < 0.5) {
		*mid = 0.5 * erf(x / M_SQRT2);
		*tail = 0.5 - *mid;
	} else {
		*tail = 0.5 * erfc(x / M_SQRT2);
		*mid = 0.5 - *tail;
	}
}

/* tail = P(T < -x) and mid = P(0 < T < x) for x >= 0 and a good df. */
static void
trend_t_parts(double x, double df, double *tail, double *mid)
{
	double	 a = df / 2, u = x * x / df, lw, lv, front;

	if (df > TREND_DF_NORMAL) {
		trend_normal_parts(x, tail, mid);
		return;
	}
	if (u == 0) {
		*tail = 0.5;
		*mid = 0;
		return;
	}
	lw = isinf(u) ? log(df) - 2 * log(x) : -log1p(u);
	lv = u < 1 ? log(u) - log1p(u) : -log1p(1 / u);
	front = exp(a * lw + 0.5 * lv - trend_lbeta_half(a));
	if (1 / (1 + u) < (a + 1) / (a + 2.5)) {
		*tail = trend_clamp(front * trend_betacf(a, 0.5,
		    1 / (1 + u)) / (2 * a), 0.5);
		*mid = 0.5 - *tail;
	} else {
		*mid = trend_clamp(front * trend_betacf(0.5, a,
		    1 / (1 + 1 / u)), 0.5);
		*tail = 0.5 - *mid;
	}
}

static int
trend_bad_df(double df)
{
	return isnan(df) || df <= 0;
}

double
trend_t_cdf(double x, double df)
{
	double	 tail, mid;

	if (isnan(x) || trend_bad_df(df))
		return NAN;
	trend_t_parts(fabs(x), df, &tail, &mid);
	return x < 0 ? tail : 0.5 + mid;
}

/* The density at x. */
static double
trend_t_pdf(double x, double df)
{
	if (df > TREND_DF_NORMAL)
		return exp(-x * x / 2) / sqrt(2 * M_PI);
	return exp(-(df + 1) / 2 * log1p(x * x / df) - 0.5 * log(df) -
	    trend_lbeta_half(df / 2));
}

/* mid(x) - target, or target - tail(x): increasing in x >= 0. */
static double
trend_t_gap(double x, double df, int use_mid, double target)
{
	double	 tail, mid;

	trend_t_parts(x, df, &tail, &mid);
	return use_mid ? mid - target : target - tail;
}

/*
 * The x >= 0 with mid(x) = target (use_mid) or tail(x) = target, target
 * in (0, 1/4]. Newton from below the root stays below it (tail is convex
 * and mid concave for x >= 0); the bracket catches what rounding does.
 */
static double
trend_t_solve(double target, double df, int use_mid)
{
	double	 lo = 0, hi = 1, x, nx, g;
	int	 i;

	while (trend_t_gap(hi, df, use_mid, target) < 0) {
		lo = hi;
		if (isinf(hi *= 2))
			return INFINITY;
	}
	for (x = lo, i = 0; i < 200; i++) {
		if ((g = trend_t_gap(x, df, use_mid, target)) == 0)
			return x;
		if (g < 0)
			lo = x;
		else
			hi = x;
		nx = x - g / trend_t_pdf(x, df);
		if (!(nx > lo && nx < hi))
			nx = lo + (hi - lo) / 2;
		if (fabs(nx - x) <= 2 * DBL_EPSILON * nx ||
		    hi - lo <= 2 * DBL_EPSILON * hi)
			return nx;
		x = nx;
	}
	return x;
}

double
trend_t_quantile(double p, double df)
{
	if (isnan(p) || p < 0 || p > 1 || trend_bad_df(df))
		return NAN;
	if (p == 0 || p == 1)
		return p == 0 ? -INFINITY : INFINITY;
	if (p < 0.25)
		return -trend_t_solve(p, df, 0);
	if (p > 0.75)
		return trend_t_solve(1 - p, df, 0);	/* exact: p > 1/2 */
	if (p == 0.5)
		return 0;
	/* p - 0.5 is exact for p in [1/4, 1]. */
	if (p < 0.5)
		return -trend_t_solve(0.5 - p, df, 1);
	return trend_t_solve(p - 0.5, df, 1);
}

static double
trend_z(const struct trend_fit *f, double y)
{
	return f->log_scale ? log(y) : y;
}

/* Mean, refined once so that n equal values average to that value. */
static double
trend_mean(const struct trend_fit *f, const double *v, int is_z)
{
	double	 sum = 0, m, x;
	size_t	 i;

	for (i = 0; i < f->n; i++)
		sum += is_z ? trend_z(f, v[i]) : v[i];
	m = sum / f->n;
	for (sum = 0, i = 0; i < f->n; i++) {
		x = is_z ? trend_z(f, v[i]) : v[i];
		sum += x - m;
	}
	return m + sum / f->n;
}

/* 0 when t and y are finite; log_scale when every y > 0. */
static int
trend_check(const double *t, const double *y, struct trend_fit *f)
{
	size_t	 i;

	f->log_scale = 1;
	for (i = 0; i < f->n; i++) {
		if (!isfinite(t[i]) || !isfinite(y[i]))
			return -1;
		if (!(y[i] > 0))
			f->log_scale = 0;
	}
	return 0;
}

static int
trend_flat(const double *t, size_t n)
{
	size_t	 i;

	for (i = 1; i < n; i++)
		if (t[i] != t[0])
			return 0;
	return 1;
}

/* slope, sxx and, with n >= 3, s from the means. */
static void
trend_sums(const double *t, const double *y, struct trend_fit *f)
{
	double	 sxz = 0, sse = 0, dt, dz, r, zmax = 0;
	size_t	 i;

	f->sxx = 0;
	for (i = 0; i < f->n; i++) {
		dt = t[i] - f->tbar;
		f->sxx += dt * dt;
		sxz += dt * (trend_z(f, y[i]) - f->zbar);
	}
	f->slope = sxz / f->sxx;
	if (f->n < 3)
		return;
	for (i = 0; i < f->n; i++) {
		dz = trend_z(f, y[i]);
		zmax = fmax(zmax, fabs(dz));
		r = (dz - f->zbar) - f->slope * (t[i] - f->tbar);
		sse += r * r;
	}
	f->s = sqrt(sse / (f->n - 2));
	if (f->s <= TREND_NOISE * zmax)
		f->s = 0;
}

int
trend_fit(const double *t, const double *y, size_t n, struct trend_fit *f)
{
	f->n = n;
	f->log_scale = 0;
	f->reason = TREND_OK;
	if (n < 2) {
		f->reason = TREND_TOO_FEW;
		goto fail;
	}
	if (trend_check(t, y, f) == -1) {
		f->reason = TREND_NOT_FINITE;
		goto fail;
	}
	if (trend_flat(t, n)) {
		f->reason = TREND_FLAT_TIME;
		goto fail;
	}
	f->tbar = trend_mean(f, t, 0);
	f->zbar = trend_mean(f, y, 1);
	f->s = NAN;
	trend_sums(t, y, f);
	f->intercept = f->zbar - f->slope * f->tbar;
	f->growth = f->log_scale ? expm1(f->slope) : f->slope;
	if (!isfinite(f->tbar) || !isfinite(f->zbar) || !isfinite(f->sxx) ||
	    !isfinite(f->intercept) || !isfinite(f->growth) ||
	    (n >= 3 && !isfinite(f->s))) {
		f->reason = TREND_OVERFLOW;
		goto fail;
	}
	if (n < 3)
		f->reason = TREND_NO_INTERVAL;
	return 0;
fail:
	f->slope = f->intercept = f->growth = f->tbar = f->zbar = NAN;
	f->sxx = f->s = NAN;
	return -1;
}

/* Record r as p's reason unless an earlier one is there. */
static void
trend_why(struct trend_proj *p, enum trend_reason r)
{
	if (p->reason == TREND_OK)
		p->reason = r;
}

static void
trend_interval(const struct trend_fit *f, double zhat, double se,
    double level, struct trend_proj *p)
{
	double	 h = 0, lo, hi;

	if (!(level > 0 && level < 1)) {
		trend_why(p, TREND_BAD_LEVEL);
		return;
	}
	if (se > 0)
		h = se * trend_t_quantile(0.5 + level / 2, f->n - 2);
	lo = f->log_scale ? exp(zhat - h) : zhat - h;
	hi = f->log_scale ? exp(zhat + h) : zhat + h;
	if (!isfinite(lo) || !isfinite(hi)) {
		trend_why(p, TREND_OVERFLOW);
		return;
	}
	/* exp need not be monotone to the last bit. */
	p->lower = fmin(lo, p->value);
	p->upper = fmax(hi, p->value);
}

static void
trend_probability(const struct trend_fit *f, double zhat, double se,
    double yT, int kind_max, struct trend_proj *p)
{
	double	 d;

	if (!isfinite(yT)) {
		trend_why(p, TREND_NOT_FINITE);
		return;
	}
	if (f->log_scale && yT <= 0)
		p->probability = kind_max ? 0 : 1;
	else if (se == 0)
		p->probability = kind_max ? p->value <= yT : p->value >= yT;
	else {
		d = (trend_z(f, yT) - zhat) / se;
		p->probability = trend_t_cdf(kind_max ? d : -d, f->n - 2);
	}
}

void
trend_project(const struct trend_fit *f, double T, double level, double yT,
    int kind_max, struct trend_proj *p)
{
	double	 zhat, d, se;

	p->value = p->lower = p->upper = p->probability = NAN;
	p->reason = TREND_OK;
	if (f->reason != TREND_OK && f->reason != TREND_NO_INTERVAL) {
		p->reason = f->reason;
		return;
	}
	if (!isfinite(T)) {
		p->reason = TREND_NOT_FINITE;
		return;
	}
	d = T - f->tbar;
	zhat = f->zbar + f->slope * d;
	p->value = f->log_scale ? exp(zhat) : zhat;
	if (!isfinite(p->value)) {
		p->value = NAN;
		p->reason = TREND_OVERFLOW;
		return;
	}
	if (f->n < 3) {
		p->reason = TREND_NO_INTERVAL;
		return;
	}
	se = f->s * sqrt(1 + 1.0 / f->n + d * d / f->sxx);
	if (!isfinite(se)) {
		p->reason = TREND_OVERFLOW;
		return;
	}
	trend_interval(f, zhat, se, level, p);
	trend_probability(f, zhat, se, yT, kind_max, p);
}
