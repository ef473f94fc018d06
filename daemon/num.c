/*
 * num.c: short exact decimals (see num.h).
 *
 * Why it is exact: m < 2^53 and 10^k (k <= 9) are doubles exactly, and IEEE
 * division is correctly rounded, so m / 10^k computed in double is the
 * double nearest to the rational m / 10^k, which is what a correctly
 * rounded strtod makes of the text "m" with the point k digits from the
 * right. When that division gives back v, the text reads back as v.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "num.h"

#define NUM_MAXDEC	9
#define TWO53		9007199254740992.0

static const double p10[NUM_MAXDEC + 1] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9
};

/* m with the point k digits from the right, after sign; returns length. */
static size_t
num_emit(int neg, uint64_t m, int k, char *buf)
{
	char	 d[24];
	size_t	 nd = 0, n = 0;
	int	 i;

	do {
		d[nd++] = (char)('0' + m % 10);
		m /= 10;
	} while (m > 0);
	while ((int)nd <= k)
		d[nd++] = '0';		/* 0.000123: leading zeros */
	if (neg)
		buf[n++] = '-';
	for (i = (int)nd - 1; i >= 0; i--) {
		buf[n++] = d[i];
		if (i == k && k > 0)
			buf[n++] = '.';
	}
	buf[n] = '\0';
	return n;
}

size_t
num_format(double v, char *buf)
{
	double		 a, s;
	uint64_t	 m;
	int		 k;

	if (!isfinite(v) || (v == 0 && signbit(v)))
		return 0;
	a = fabs(v);
	for (k = 0; k <= NUM_MAXDEC; k++) {
		s = a * p10[k];
		if (s >= TWO53)
			return 0;
		m = (uint64_t)rint(s);	/* exact: s < 2^53 */
		if ((double)m / p10[k] != a)
			continue;
		/* Not shortest if it ends in 0 after the point: drop them. */
		while (k > 0 && m % 10 == 0) {
			m /= 10;
			k--;
		}
		return num_emit(v < 0, m, k, buf);
	}
	return 0;
}

size_t
num_format17(double v, char *buf)
{
	size_t	 n;
	int	 w;

	if ((n = num_format(v, buf)) > 0)
		return n;
	w = snprintf(buf, NUM_STRLEN, "%.17g", v);
	return w > 0 ? (size_t)w : 0;
}
