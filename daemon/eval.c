/*
 * eval.c: progress of an indicator towards a target (pure maths).
 *
 * See eval.h for the formulas. Growth rates are computed as
 * expm1(log(y1 / y0) / dt), the same quantity as (y1 / y0)^(1 / dt) - 1 but
 * without losing the digits of a rate close to zero, so a tiny required
 * growth does not round to 0 and blow R up. Every output that would not be
 * finite is reported as NAN: callers export these values as JSON and
 * Prometheus gauges, and "unknown" is the honest answer there.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "trend.h"
#include "xmalloc.h"

static const char *eval_status_names[EVAL_NSTATUS] = {
	"achieved", "on_track", "moderate", "insufficient", "moving_away",
	"missed", "unknown"
};

static const char *eval_method_names[] = { "cagr", "linear", "trend" };

static const char *eval_why_names[EVAL_NWHY] = {
	"", "no_data", "one_point", "target_met", "baseline_met_target",
	"two_points", "not_finite"
};

static const char *eval_why_texts[EVAL_NWHY] = {
	"",
	"no observation yet",
	"one observation only: no growth to measure",
	"the target is met: no growth is required",
	"the baseline already met the target: no growth is required",
	"two observations do not make a trend this far out",
	"too large to compute"
};

#define EVAL_NMETHOD	(sizeof(eval_method_names) / sizeof(eval_method_names[0]))

static size_t	 eval_usable(const struct eval_point *, size_t, double);
static size_t	 eval_base(const struct eval_point *, size_t, int);
static double	 eval_rate(enum eval_method, double, double, double, double);
static double	 eval_project(enum eval_method, double, double, double,
		    double);
static double	 eval_finite(double);
static int	 eval_met(enum eval_kind, double, double);
static int	 eval_behind(enum eval_kind, double, double);
static void	 eval_compute(const struct eval_params *,
		    const struct eval_target *, struct eval_result *);
static void	 eval_define(const struct eval_params *,
		    const struct eval_target *, size_t, struct eval_result *);
static enum eval_status eval_classify(const double *, double);

/* Number of leading points (pts sorted by t) at or before year T. */
static size_t
eval_usable(const struct eval_point *pts, size_t n, double T)
{
	size_t	 m;

	for (m = 0; m < n && pts[m].t <= T; m++)
		;
	return m;
}

/*
 * Index of the default baseline: the first point at or after base_year, or
 * the first point when the series ends before base_year. n must be > 0.
 */
static size_t
eval_base(const struct eval_point *pts, size_t n, int base_year)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (pts[i].t >= base_year)
			return i;
	}
	return 0;
}

/* Growth per year from (t0, y0) to (t1, y1); t1 > t0, CAGR needs y > 0. */
static double
eval_rate(enum eval_method m, double t0, double y0, double t1, double y1)
{
	if (m == EVAL_CAGR)
		return expm1(log(y1 / y0) / (t1 - t0));
	return (y1 - y0) / (t1 - t0);
}

/* Value at year T continuing from (t, y) at growth a. */
static double
eval_project(enum eval_method m, double t, double y, double a, double T)
{
	if (m == EVAL_CAGR)
		return y * pow(1.0 + a, T - t);
	return y + a * (T - t);
}

static double
eval_finite(double x)
{
	return isfinite(x) ? x : NAN;
}

static int
eval_met(enum eval_kind k, double y, double yT)
{
	return k == EVAL_MAX ? y <= yT : y >= yT;
}

/*
 * 1 if the baseline already sat at or beyond the target. Then the required
 * growth is zero or points away from the target and R's sign means nothing:
 * an unmet target there can only have been lost since the baseline.
 */
static int
eval_behind(enum eval_kind k, double y0, double yT)
{
	return k == EVAL_MAX ? yT >= y0 : yT <= y0;
}

/*
 * Fill method, actual, required, ratio and projected from out's baseline and
 * latest point (latest_t > base_t). CAGR falls back to linear unless the
 * baseline, latest and target values are all positive.
 */
static void
eval_compute(const struct eval_params *params, const struct eval_target *tg,
    struct eval_result *out)
{
	enum eval_method	 m = params->method;
	int			 trend = m == EVAL_TREND;

	if (trend)	/* required on the scale the trend was fitted on */
		m = out->trend_log ? EVAL_CAGR : EVAL_LINEAR;
	if (m == EVAL_CAGR && !(out->base_v > 0 && out->latest_v > 0 &&
	    tg->value > 0))
		m = EVAL_LINEAR;
	out->method = trend ? EVAL_TREND : m;
	out->why_actual = out->why_required = out->why_ratio =
	    out->why_projected = EVAL_WHY_NOT_FINITE;
	out->actual = trend ? out->trend_growth : eval_finite(eval_rate(m,
	    out->base_t, out->base_v, out->latest_t, out->latest_v));
	out->required = eval_finite(eval_rate(m, out->base_t, out->base_v,
	    tg->year, tg->value));
	if (!isnan(out->required))
		out->why_required = EVAL_WHY_NONE;
	if (isnan(out->actual))
		return;
	out->why_actual = EVAL_WHY_NONE;
	out->projected = trend ? out->trend_projected :
	    eval_finite(eval_project(m, out->latest_t, out->latest_v,
	    out->actual, tg->year));
	if (!isnan(out->projected))
		out->why_projected = EVAL_WHY_NONE;
	if (!isnan(out->required) && out->required != 0)
		out->ratio = eval_finite(out->actual / out->required);
	if (!isnan(out->ratio))
		out->why_ratio = EVAL_WHY_NONE;
}

#define EVAL_FIT_STACK	256	/* points fitted without a malloc */

/*
 * Fit the trend of pts[0..n), after the explicit baseline of base when it
 * is not NULL. trend_fit's result.
 */
static int
eval_fit(const struct eval_point *pts, size_t n,
    const struct eval_target *base, struct trend_fit *f)
{
	double	 tbuf[EVAL_FIT_STACK], ybuf[EVAL_FIT_STACK], *t = tbuf,
		*y = ybuf;
	size_t	 i, k = 0;
	int	 rc;

	/* On the stack for most series: judging threads share one heap. */
	if (n + 2 > EVAL_FIT_STACK) {
		t = xcalloc(n + 2, sizeof(*t));
		y = xcalloc(n + 2, sizeof(*y));
	}
	if (base != NULL) {
		t[k] = base->base_t;
		y[k++] = base->base_v;
	}
	for (i = 0; i < n; i++) {
		t[k] = pts[i].t;
		y[k++] = pts[i].v;
	}
	rc = trend_fit(t, y, k, f);
	if (t != tbuf) {
		free(t);
		free(y);
	}
	return rc;
}

/*
 * The least-squares trend of the points from the baseline to the latest:
 * pts[first..m) and, when the target gives it, the explicit baseline.
 */
static void
eval_trend(const struct eval_point *pts, size_t first, size_t m,
    const struct eval_params *params, const struct eval_target *tg,
    struct eval_result *out)
{
	struct trend_fit	 f;
	struct trend_proj	 p;

	out->trend_growth = out->trend_projected = out->trend_lower =
	    out->trend_upper = out->probability = NAN;
	out->trend_n = m - first + (tg->has_baseline != 0);
	/* No arithmetic on pts when there are none (it may be NULL). */
	if (eval_fit(first < m ? pts + first : NULL, m - first,
	    tg->has_baseline ? tg : NULL, &f) == 0) {
		trend_project(&f, tg->year, params->interval > 0 ?
		    params->interval : 0.9, tg->value, tg->kind == EVAL_MAX, &p);
		out->trend_log = f.log_scale;
		out->trend_growth = eval_finite(f.growth);
		out->trend_projected = p.value;
		out->trend_lower = p.lower;
		out->trend_upper = p.upper;
		out->probability = p.probability;
		out->trend_why = p.reason;
	} else
		out->trend_why = f.reason;
}

/* The growth per year of the least-squares trend of n points; NAN if none. */
static double
eval_trend_growth(const struct eval_point *pts, size_t n)
{
	struct trend_fit	 f;

	return eval_fit(pts, n, NULL, &f) == 0 ? eval_finite(f.growth) : NAN;
}

/* v clamped into the bounds of params; *clamped set when it was cut. */
static double
eval_clamp(const struct eval_params *params, double v, int *clamped)
{
	if (params->has_lo && v < params->lo) {
		*clamped = 1;
		return params->lo;
	}
	if (params->has_hi && v > params->hi) {
		*clamped = 1;
		return params->hi;
	}
	return v;
}

/*
 * 1 if p lies in the plausible range of a projection: the span of the
 * baseline, latest and target values, widened by that span on each side.
 */
static int
eval_plausible(double y0, double y, double yT, double p)
{
	double	 lo = fmin(y0, fmin(y, yT)), hi = fmax(y0, fmax(y, yT));

	return p >= lo - (hi - lo) && p <= hi + (hi - lo);
}

/* Set q to NAN with reason w, unless it is NAN already for a reason. */
static void
eval_undefine(double *q, enum eval_why *why, enum eval_why w)
{
	if (*why == EVAL_WHY_NONE) {
		*q = NAN;
		*why = w;
	}
}

/*
 * Leave out what has no meaning once the status is known (see eval.h):
 * used is the number of points from the baseline to the latest one.
 */
static void
eval_define(const struct eval_params *params, const struct eval_target *tg,
    size_t used, struct eval_result *out)
{
	int	 k = 0;

	if (!(out->latest_t > out->base_t)) {
		out->why_actual = out->why_required = out->why_ratio =
		    out->why_projected = isnan(out->latest_t) ?
		    EVAL_WHY_NO_DATA : EVAL_WHY_ONE_POINT;
		return;
	}
	if (eval_behind(tg->kind, out->base_v, tg->value))
		eval_undefine(&out->required, &out->why_required,
		    EVAL_WHY_BASELINE_MET);
	else if (eval_met(tg->kind, out->latest_v, tg->value))
		eval_undefine(&out->required, &out->why_required,
		    EVAL_WHY_TARGET_MET);
	if (out->why_required != EVAL_WHY_NONE)
		eval_undefine(&out->ratio, &out->why_ratio, out->why_required);
	if (used <= 2 && !eval_plausible(out->base_v, out->latest_v,
	    tg->value, out->projected))
		eval_undefine(&out->projected, &out->why_projected,
		    EVAL_WHY_TWO_POINTS);
	out->projected = eval_clamp(params, out->projected, &out->clamped);
	out->trend_projected = eval_clamp(params, out->trend_projected, &k);
	out->trend_lower = eval_clamp(params, out->trend_lower, &k);
	out->trend_upper = eval_clamp(params, out->trend_upper, &k);
}

/* Status for a computable R against descending thresholds th[0..2]. */
static enum eval_status
eval_classify(const double *th, double r)
{
	if (r >= th[0])
		return EVAL_ON_TRACK;
	if (r >= th[1])
		return EVAL_MODERATE;
	if (r >= th[2])
		return EVAL_INSUFFICIENT;
	return EVAL_MOVING_AWAY;
}

void
eval_result_unknown(struct eval_result *out, enum eval_method method)
{
	memset(out, 0, sizeof(*out));
	out->status = EVAL_UNKNOWN;
	out->method = method;
	out->base_t = out->base_v = out->latest_t = out->latest_v = NAN;
	out->actual = out->required = out->ratio = out->projected = NAN;
	out->why_actual = out->why_required = out->why_ratio =
	    out->why_projected = EVAL_WHY_NO_DATA;
	out->trend_growth = out->trend_projected = out->trend_lower =
	    out->trend_upper = out->probability = NAN;
}

/*
 * Status precedence: a series that skipped the target year and goes on
 * past it → achieved or missed by its first value after the year; no point
 * → unknown; target met → achieved; latest at the deadline → missed; one point only → unknown; target behind the
 * baseline → moving_away; otherwise by R.
 */
void
eval_target(const struct eval_point *pts, size_t n,
    const struct eval_params *params, const struct eval_target *tg,
    struct eval_result *out)
{
	size_t	 m, b = 0, used;

	eval_result_unknown(out, params->method);

	m = eval_usable(pts, n, tg->year);
	if (tg->has_baseline) {
		out->base_t = tg->base_t;
		out->base_v = tg->base_v;
		while (b < m && pts[b].t <= tg->base_t)
			b++;
		used = m - b + 1;
	} else {
		if (m > 0)
			b = eval_base(pts, m, params->base_year);
		if (m > 0) {
			out->base_t = pts[b].t;
			out->base_v = pts[b].v;
		}
		used = m - b;
	}
	eval_trend(pts, b, m, params, tg, out);
	if (m < n && (m == 0 || pts[m - 1].t < tg->year)) {
		/*
		 * The series skipped the target year and goes on past it:
		 * the deadline has passed, judged by the first value after it.
		 */
		out->status = eval_met(tg->kind, pts[m].v, tg->value) ?
		    EVAL_ACHIEVED : EVAL_MISSED;
		if (m == 0)
			return;
		out->latest_t = pts[m - 1].t;
		out->latest_v = pts[m - 1].v;
		if (out->latest_t > out->base_t)
			eval_compute(params, tg, out);
		eval_define(params, tg, used, out);
		return;
	}
	if (m == 0)
		return;
	out->latest_t = pts[m - 1].t;
	out->latest_v = pts[m - 1].v;
	if (out->latest_t > out->base_t)
		eval_compute(params, tg, out);

	if (eval_met(tg->kind, out->latest_v, tg->value))
		out->status = EVAL_ACHIEVED;
	else if (out->latest_t >= tg->year)
		out->status = EVAL_MISSED;
	else if (!(out->latest_t > out->base_t))
		out->status = EVAL_UNKNOWN;
	else if (eval_behind(tg->kind, out->base_v, tg->value)) {
		out->status = EVAL_MOVING_AWAY;
		out->ratio = NAN;
	} else if (isnan(out->ratio))
		out->status = EVAL_UNKNOWN;
	else
		out->status = eval_classify(params->thresholds, out->ratio);
	eval_define(params, tg, used, out);
}

static const char *eval_direction_names[EVAL_NDIRECTION] = {
	"improving", "stable", "deteriorating", "unknown"
};

enum eval_direction
eval_direction(const struct eval_point *pts, size_t n, int years,
    double tolerance, int decrease, double *growth)
{
	struct trend_fit	 f;
	double			 g, mean = 0;
	size_t			 first = n, i;

	*growth = NAN;
	while (first > 0 && pts[first - 1].t >= pts[n - 1].t - years)
		first--;
	if (n - first < 2 || eval_fit(pts + first, n - first, NULL, &f) == -1)
		return EVAL_DIR_UNKNOWN;
	g = f.growth;
	if (!f.log_scale) {
		for (i = first; i < n; i++)
			mean += fabs(pts[i].v) / (double)(n - first);
		g = mean > 0 ? f.slope / mean : NAN;
	}
	if (!isfinite(g))
		return EVAL_DIR_UNKNOWN;
	*growth = g;
	if (fabs(g) <= tolerance)
		return EVAL_STABLE;
	return (g > 0) != (decrease != 0) ? EVAL_IMPROVING :
	    EVAL_DETERIORATING;
}

const char *
eval_direction_name(enum eval_direction d)
{
	return (unsigned)d < EVAL_NDIRECTION ? eval_direction_names[d] :
	    "unknown";
}

int
eval_linear(const struct eval_result *r)
{
	return r->method == EVAL_LINEAR ||
	    (r->method == EVAL_TREND && !r->trend_log);
}

const char *
eval_why_name(enum eval_why w)
{
	return (unsigned)w < EVAL_NWHY ? eval_why_names[w] : "";
}

const char *
eval_why_text(enum eval_why w)
{
	return (unsigned)w < EVAL_NWHY ? eval_why_texts[w] : "";
}

const char *
eval_status_name(enum eval_status s)
{
	if ((unsigned)s >= EVAL_NSTATUS)
		return "unknown";
	return eval_status_names[s];
}

/* The index of s in names[0 .. n - 1], or -1. */
static int
name_find(const char *const *names, int n, const char *s)
{
	int	 i;

	for (i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

int
eval_status_parse(const char *s, enum eval_status *st)
{
	int	 i;

	if ((i = name_find(eval_status_names, EVAL_NSTATUS, s)) == -1)
		return -1;
	*st = (enum eval_status)i;
	return 0;
}

const char *
eval_method_name(enum eval_method m)
{
	if ((unsigned)m >= EVAL_NMETHOD)
		return "unknown";
	return eval_method_names[m];
}

int
eval_method_parse(const char *s, enum eval_method *m)
{
	int	 i;

	if ((i = name_find(eval_method_names, EVAL_NMETHOD, s)) == -1)
		return -1;
	*m = (enum eval_method)i;
	return 0;
}

double
eval_growth(const struct eval_point *pts, size_t n,
    const struct eval_params *params)
{
	size_t	 b;

	if (n == 0)
		return NAN;
	b = eval_base(pts, n, params->base_year);
	if (!(pts[n - 1].t > pts[b].t))
		return NAN;
	if (params->method == EVAL_TREND)
		return eval_trend_growth(pts + b, n - b);
	if (params->method == EVAL_CAGR && !(pts[b].v > 0 && pts[n - 1].v > 0))
		return NAN;
	return eval_finite(eval_rate(params->method, pts[b].t, pts[b].v,
	    pts[n - 1].t, pts[n - 1].v));
}
