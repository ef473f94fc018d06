/*
 * fuzz_trend.c: libFuzzer target for trend_fit, trend_project and the
 * Student-t functions.
 * Input: a flags byte (bit 0: raw doubles, bit 1: "at most"), then either
 * raw doubles T, level, yT and (t, y) pairs, or a compact series: a scale
 * byte, T, level and yT bytes, then (dt byte, int16 y) points, so that
 * plausible series (and repeated t, zeros, negatives) are common.
 * Invariants: a fit answers 0 with reason ok or no_interval and finite
 * numbers, or -1 with NaN; every projected output is finite or NaN;
 * lower <= value <= upper when all are finite; probability in [0, 1];
 * reason ok means nothing is NaN; the t CDF is in [0, 1] and undoes the
 * quantile to 1e-11 for df in [1, 1000] and p in [1e-6, 1 - 1e-6].
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "trend.h"

#define FUZZ_MAXN	4096

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static double	 ft[FUZZ_MAXN], fy[FUZZ_MAXN];

static double
rd(const uint8_t *p)
{
	double	 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static int
bad(double v)
{
	return isinf(v);
}

static void
check_fit(const struct trend_fit *f, int rc, size_t n)
{
	if (f->n != n || (unsigned)f->reason >= TREND_NREASON)
		abort();
	if (rc == -1) {
		if (f->reason == TREND_OK || f->reason == TREND_NO_INTERVAL ||
		    !isnan(f->slope) || !isnan(f->growth) || !isnan(f->s))
			abort();
		return;
	}
	if (rc != 0 || n < 2 || !isfinite(f->slope) ||
	    !isfinite(f->intercept) || !isfinite(f->growth) ||
	    !isfinite(f->tbar) || !isfinite(f->zbar) || !(f->sxx > 0))
		abort();
	if (f->log_scale && !(f->growth >= -1))
		abort();
	if ((n >= 3) != (f->reason == TREND_OK) ||
	    (n >= 3 && !(f->s >= 0 && isfinite(f->s))))
		abort();
}

static void
check_proj(const struct trend_proj *p)
{
	if (bad(p->value) || bad(p->lower) || bad(p->upper) ||
	    bad(p->probability))
		abort();
	if ((unsigned)p->reason >= TREND_NREASON)
		abort();
	if (!isnan(p->value) && !isnan(p->lower) && !isnan(p->upper) &&
	    !(p->lower <= p->value && p->value <= p->upper))
		abort();
	if (!isnan(p->probability) &&
	    !(p->probability >= 0 && p->probability <= 1))
		abort();
	if (p->reason == TREND_OK && (isnan(p->value) || isnan(p->lower) ||
	    isnan(p->upper) || isnan(p->probability)))
		abort();
}

static void
run(size_t n, double T, double level, double yT, int kind_max)
{
	struct trend_fit	 f;
	struct trend_proj	 p;
	int			 rc;

	rc = trend_fit(ft, fy, n, &f);
	check_fit(&f, rc, n);
	trend_project(&f, T, level, yT, kind_max, &p);
	check_proj(&p);
}

/* cdf in [0, 1]; the quantile of p read back by the cdf. */
static void
check_t(double x, double df, double p)
{
	double	 c, q, back, m;

	c = trend_t_cdf(x, df);
	if (!isnan(c) && !(c >= 0 && c <= 1))
		abort();
	if (!(df >= 1 && df <= 1000 && p >= 1e-6 && p <= 1 - 1e-6))
		return;
	q = trend_t_quantile(p, df);
	back = trend_t_cdf(q, df);
	m = p < 0.5 ? p : 1 - p;
	if (!(fabs(back - p) <= 1e-11 * m))
		abort();
}

static void
raw(const uint8_t *d, size_t size, int kind_max)
{
	size_t	 n, i;

	if (size < 24)
		return;
	n = (size - 24) / 16;
	n = n > FUZZ_MAXN ? FUZZ_MAXN : n;
	for (i = 0; i < n; i++) {
		ft[i] = rd(d + 24 + 16 * i);
		fy[i] = rd(d + 32 + 16 * i);
	}
	run(n, rd(d), rd(d + 8), rd(d + 16), kind_max);
	check_t(rd(d), rd(d + 16), rd(d + 8));
}

static void
compact(const uint8_t *d, size_t size, int kind_max)
{
	double	 scale, t = 2000, T, level, yT;
	size_t	 n, i;

	if (size < 5)
		return;
	scale = pow(10, (int)(d[0] % 25) - 12);
	n = (size - 5) / 3;
	n = n > FUZZ_MAXN ? FUZZ_MAXN : n;
	for (i = 0; i < n; i++) {
		t += d[5 + 3 * i] / 4.0;
		ft[i] = t;
		fy[i] = (int16_t)(d[6 + 3 * i] | d[7 + 3 * i] << 8) * scale;
	}
	T = t + (int8_t)d[1] / 2.0;
	level = d[2] / 256.0;
	yT = (int8_t)d[3] * scale * 100;
	run(n, T, level, yT, kind_max);
	check_t((int8_t)d[1] / 8.0, 1 + d[2] % 200 * 5 + d[4] % 5,
	    1e-6 + (1 - 2e-6) * (d[3] | d[4] << 8) / 65535.0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] & 1)
		raw(data + 1, size - 1, (data[0] & 2) != 0);
	else
		compact(data + 1, size - 1, (data[0] & 2) != 0);
	return 0;
}
