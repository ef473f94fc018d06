/*
 * eval.h: progress of an indicator towards a target (pure maths).
 *
 * Default method (Eurostat / open-sdg): with baseline (t0, y0), latest
 * (t, y) and target (T, yT):
 *   CAGR_a = (y / y0)^(1/(t - t0)) - 1
 *   CAGR_r = (yT / y0)^(1/(T - t0)) - 1
 *   R      = CAGR_a / CAGR_r
 * Linear method: slope_a = (y - y0)/(t - t0), slope_r = (yT - y0)/(T - t0),
 *   R = slope_a / slope_r.
 * Trend method: the actual growth is the least-squares trend (trend.h) of
 *   the points from the baseline on, of log y when all are positive (then
 *   required is CAGR_r), else of y (then slope_r); projection and status
 *   as above from it; with three points or more it has a prediction
 *   interval and the probability that the target is met.
 * Status: achieved when the latest value (at or before T) meets the target;
 * missed when the latest value is for T or later and does not (a series
 * that skipped year T and goes on past it is judged by its first value after
 * T: achieved or missed); unknown with
 * fewer than two points; otherwise by R against thresholds:
 *   R >= th[0] on_track, >= th[1] moderate, >= th[2] insufficient,
 *   else moving_away. A target that lies behind the baseline (kind min below
 *   y0, kind max above y0) while unmet is moving_away.
 * The CAGR method needs positive values; with a zero or negative value it
 * falls back to linear (result.method says which was used).
 *
 * Only defined numbers are given; every other one is NAN with the reason
 * (enum eval_why) beside it:
 *   actual growth  needs two points: the baseline and a later one;
 *   required       needs a baseline that does not meet the target yet (else
 *                  no growth is required, or its sign points away), and a
 *                  target not met yet;
 *   R              needs actual and required;
 *   projection     needs the actual growth, and more than two points when
 *                  it leaves the plausible range: the span of the baseline,
 *                  latest and target values widened by that span on each
 *                  side (two points do not make a trend); it is clamped
 *                  into the indicator's bounds (a ratio stays in [0, 1]).
 */
#ifndef EVAL_H
#define EVAL_H

#include <stddef.h>

#include "period.h"

enum eval_status {
	EVAL_ACHIEVED = 0,
	EVAL_ON_TRACK,
	EVAL_MODERATE,
	EVAL_INSUFFICIENT,
	EVAL_MOVING_AWAY,
	EVAL_MISSED,
	EVAL_UNKNOWN,
	EVAL_NSTATUS
};

enum eval_method {
	EVAL_CAGR = 0,
	EVAL_LINEAR,
	EVAL_TREND	/* least squares over the points since the baseline */
};

enum eval_kind {
	EVAL_MIN = 0,	/* "more than": reach at least value */
	EVAL_MAX	/* "no more than": stay at or below value */
};

struct eval_point {
	double	 t;	/* decimal year (period_decimal_year) */
	double	 v;
};

struct eval_params {
	enum eval_method method;
	int		 base_year;	/* baseline = first point with t >= base_year */
	double		 thresholds[3];	/* descending: on_track, moderate, insufficient */
	int		 has_lo, has_hi;	/* bounds of the indicator's values */
	double		 lo, hi;	/* e.g. [0, 1] for a ratio */
	double		 interval;	/* prediction interval level, 0.9 */
	int		 trend_years;	/* window of eval_direction, 5 */
	double		 tolerance;	/* of eval_direction, 0.01 per year */
	int		 has_stale_after;	/* else the frequency's default */
	struct period_lag stale_after;	/* data older is stale (not eval's) */
};

/* Why a quantity of a result is NAN. */
enum eval_why {
	EVAL_WHY_NONE = 0,	/* it is defined */
	EVAL_WHY_NO_DATA,	/* no observation at or before the target year */
	EVAL_WHY_ONE_POINT,	/* no point after the baseline: no growth */
	EVAL_WHY_TARGET_MET,	/* the target is met: no growth is required */
	EVAL_WHY_BASELINE_MET,	/* the baseline met the target already */
	EVAL_WHY_TWO_POINTS,	/* two points projected out of range */
	EVAL_WHY_NOT_FINITE,	/* the arithmetic overflowed */
	EVAL_NWHY
};

struct eval_target {
	double		 year;		/* T */
	double		 value;		/* yT */
	enum eval_kind	 kind;
	int		 has_baseline;	/* explicit baseline overrides base_year */
	double		 base_t;
	double		 base_v;
};

struct eval_result {
	enum eval_status status;
	enum eval_method method;	/* the method actually used */
	double		 base_t, base_v;	/* NAN when unknown */
	double		 latest_t, latest_v;	/* NAN when no point */
	double		 actual;	/* CAGR_a or slope_a; NAN when unknown */
	double		 required;	/* CAGR_r or slope_r; NAN when unknown */
	double		 ratio;		/* R; NAN when not computable */
	double		 projected;	/* value projected to T; NAN when unknown */
	int		 clamped;	/* projected was cut to a bound */
	enum eval_why	 why_actual, why_required, why_ratio, why_projected;
	/*
	 * The least-squares trend over the points from the baseline to the
	 * latest, whatever the method: its growth per year (log scale when
	 * every value is positive), projection to T (clamped as projected),
	 * prediction interval at params.interval and the probability that the
	 * target is met; NAN with trend_why (enum trend_reason) otherwise.
	 */
	int		 trend_log;
	double		 trend_growth, trend_projected;
	double		 trend_lower, trend_upper, probability;
	int		 trend_why;
	size_t		 trend_n;	/* points the fit used */
};

/*
 * Evaluate one target. pts must be sorted by t ascending, n may be 0.
 * Only points with t <= target year are used. Always fills *out.
 */
/* out as nothing is known: status unknown, every number NAN (no data). */
void	 eval_result_unknown(struct eval_result *out, enum eval_method method);
void	 eval_target(const struct eval_point *pts, size_t n,
	    const struct eval_params *params, const struct eval_target *tg,
	    struct eval_result *out);
/* Progress without a target (as open-sdg reports it). */
enum eval_direction {
	EVAL_IMPROVING = 0,
	EVAL_STABLE,
	EVAL_DETERIORATING,
	EVAL_DIR_UNKNOWN,	/* fewer than two points in the window */
	EVAL_NDIRECTION
};

/*
 * The direction of the series over its last years years (the points whose
 * t is at least the latest t minus years): the growth per year of their
 * least-squares trend, relative (of log y when every value is positive,
 * else the slope over the mean absolute value), into *growth; stable
 * within +-tolerance, else improving or deteriorating against the
 * indicator's direction (decrease: falling is improving).
 */
enum eval_direction eval_direction(const struct eval_point *pts, size_t n,
	    int years, double tolerance, int decrease, double *growth);
const char *eval_direction_name(enum eval_direction d);
/* 1 when r's growth is a slope per year (linear), 0 when a rate. */
int	 eval_linear(const struct eval_result *r);
/* A reason's code for the API ("target_met", ...); "" for EVAL_WHY_NONE. */
const char *eval_why_name(enum eval_why w);
/* The reason in words for a page ("the target is met: no growth is required"). */
const char *eval_why_text(enum eval_why w);
/* Status name as in metrics: "achieved", "on_track", ... "unknown". */
const char *eval_status_name(enum eval_status s);
/* Parse a status name; -1 if unknown. */
int	 eval_status_parse(const char *s, enum eval_status *st);
const char *eval_method_name(enum eval_method m);
int	 eval_method_parse(const char *s, enum eval_method *m);
/*
 * Growth of the series from the baseline (first point with t >= base_year)
 * to the latest point, by method: CAGR or slope per year. NAN if fewer
 * than two points (or CAGR with non-positive values).
 */
double	 eval_growth(const struct eval_point *pts, size_t n,
	    const struct eval_params *params);

#endif
