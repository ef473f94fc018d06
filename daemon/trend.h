/*
 * trend.h: a least-squares trend through a series, its projection to a
 * target year with a prediction interval, and the probability that the
 * target is met. Pure: no I/O, no logging, no allocation.
 *
 * Points (t_i, y_i), i = 0..n-1, t in decimal years. Let z = log y when
 * every y > 0 (the log scale), else z = y (the linear scale). The fit is
 * ordinary least squares of z on t:
 *   tbar = mean t, zbar = mean z, Sxx = sum (t - tbar)^2,
 *   slope b = sum (t - tbar)(z - zbar) / Sxx, intercept a = zbar - b tbar,
 *   s^2 = SSE / (n - 2) (n >= 3),
 *   growth per year: exp(b) - 1 on the log scale, b on the linear scale.
 * At year T: zhat = zbar + b (T - tbar), se = s sqrt(1 + 1/n + (T - tbar)^2
 * / Sxx), and with q the Student-t quantile of n - 2 degrees of freedom at
 * (1 + level) / 2:
 *   value = exp(zhat), the median of the log-normal (not its mean), on the
 *     log scale; zhat on the linear scale;
 *   [lower, upper] = zhat -/+ q se, exponentiated on the log scale: the
 *     prediction interval for a new observation at T;
 *   probability = P(Y_T >= yT) for a target "at least" yT, P(Y_T <= yT)
 *     for "at most", where (z(yT) - zhat) / se is Student-t with n - 2
 *     degrees of freedom. On the log scale a yT <= 0 is met for sure
 *     ("at least": 1) or never ("at most": 0).
 * A perfect fit (s = 0) has a zero-width interval, lower = value = upper,
 * and probability 1 when value meets the target (value >= yT, or <= for
 * "at most") and 0 otherwise; s below 1e-12 of the largest |z| is rounding
 * of such a fit and counts as 0.
 */
#ifndef TREND_H
#define TREND_H

#include <stddef.h>

/* Why a quantity is NAN; TREND_OK when none is. Codes as eval_why_name. */
enum trend_reason {
	TREND_OK = 0,
	TREND_TOO_FEW,		/* "too_few_points": n < 2, no line */
	TREND_NO_INTERVAL,	/* "no_interval": n = 2, no spread to measure */
	TREND_FLAT_TIME,	/* "flat_time": every t equal, no slope */
	TREND_NOT_FINITE,	/* "not_finite": an input is NaN or infinite */
	TREND_BAD_LEVEL,	/* "bad_level": level not inside (0, 1) */
	TREND_OVERFLOW,		/* "overflow": a result is beyond a double */
	TREND_NREASON
};

struct trend_fit {
	size_t	 n;
	int	 log_scale;	/* 1: z = log y; 0: z = y */
	double	 slope;		/* b, per year, in z */
	double	 intercept;	/* a: z at t = 0 */
	double	 growth;	/* exp(b) - 1 (log scale) or b, per year */
	double	 tbar;		/* mean t */
	double	 zbar;		/* mean z */
	double	 sxx;		/* sum (t - tbar)^2 */
	double	 s;		/* residual standard deviation; NAN if n < 3 */
	enum trend_reason reason;
};

struct trend_proj {
	double	 value;		/* projected value at T (median on log scale) */
	double	 lower;		/* prediction interval bounds */
	double	 upper;
	double	 probability;	/* that the target is met at T, in [0, 1] */
	enum trend_reason reason;	/* why the first NAN is */
};

/* A reason's code for the API ("too_few_points"); "" for TREND_OK. */
const char	*trend_reason_name(enum trend_reason r);
/* The reason in words for a page ("fewer than two observations"). */
const char	*trend_reason_text(enum trend_reason r);

/*
 * Fit t[0, n) and y[0, n) into *f; t need not be sorted. Returns 0 when
 * there is a line (n >= 2): f->reason is TREND_OK, or TREND_NO_INTERVAL
 * with n = 2 (f->s NAN). Returns -1 with every double NAN and f->reason
 * TREND_TOO_FEW, TREND_FLAT_TIME, TREND_NOT_FINITE or TREND_OVERFLOW
 * (exp(b) - 1 or a sum beyond a double).
 */
int		 trend_fit(const double *t, const double *y, size_t n,
		    struct trend_fit *f);

/*
 * Project f to year T against target yT ("at most" if kind_max, else "at
 * least") at confidence level (e.g. 0.9) into *p. Every output is finite
 * or NAN, lower <= value <= upper when all three are finite, probability
 * in [0, 1] or NAN. p->reason names the first cause of a NAN: f->reason
 * of a failed fit (all NAN); TREND_NOT_FINITE for T (all NAN);
 * TREND_OVERFLOW for the value (all NAN); TREND_NO_INTERVAL with n = 2
 * (interval and probability NAN); TREND_BAD_LEVEL (interval NAN);
 * TREND_OVERFLOW for a bound (interval NAN); TREND_NOT_FINITE for yT
 * (probability NAN).
 */
void		 trend_project(const struct trend_fit *f, double T,
		    double level, double yT, int kind_max,
		    struct trend_proj *p);

/*
 * Student-t distribution with df > 0 degrees of freedom (df = INFINITY is
 * the normal): P(T <= x). Through the regularized incomplete beta
 * function (continued fraction, modified Lentz); relative error below
 * 1e-12 for df in [1, 1000] and results in [1e-6, 1 - 1e-6] (3e-14
 * measured against mpmath). Above TREND_DF_NORMAL degrees of freedom the
 * normal stands in (off by less than 2e-7). NAN for a NaN x or a df that
 * is NaN or <= 0.
 */
#define TREND_DF_NORMAL	1e6
double		 trend_t_cdf(double x, double df);
/*
 * The x with trend_t_cdf(x, df) = p: safeguarded Newton on the CDF (on
 * the tail nearest p, so that p near 0, 1/2 or 1 keeps its digits).
 * -INFINITY for p = 0, INFINITY for p = 1 (or an x beyond a double), NAN
 * for p outside [0, 1] or a bad df.
 */
double		 trend_t_quantile(double p, double df);

#endif
