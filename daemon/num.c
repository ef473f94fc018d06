/*
 * num.c: short exact decimals (see num.h).
 *
 * Why it is exact: m < 2^53 and 10^k (k <= 9) are doubles exactly, and IEEE
 * division is correctly rounded, so m / 10^k computed in double is the
 * double nearest to the rational m / 10^k, which is what a correctly
 * rounded strtod makes of the text "m" with the point k digits from the
 * right. When that division gives back v, the text reads back as v.
 *
 * num_parse goes the other way on the same grounds (Clinger's fast path):
 * an integer m < 2^53 and 10^k with k <= 22 are doubles exactly, so one
 * IEEE multiplication or division rounds m * 10^e to the nearest double,
 * which is what a correctly rounded strtod returns for the text.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "xmalloc.h"

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

#define NUM_MAXEXP	22
#define NUM_M_END	(UINT64_C(1) << 53)	/* m stays below */

static const double p10x[NUM_MAXEXP + 1] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

static int
num_digit(const char *p, const char *end)
{
	return p < end && *p >= '0' && *p <= '9';
}

/* The digits at *pp into *m, counted in *nd; -1 when m would reach 2^53. */
static int
num_digits(const char **pp, const char *end, uint64_t *m, int *nd)
{
	const char	*p = *pp;
	uint64_t	 d;

	for (; num_digit(p, end); p++, (*nd)++) {
		d = (uint64_t)(*p - '0');
		if (*m > (NUM_M_END - 1 - d) / 10)
			return -1;
		*m = *m * 10 + d;
	}
	*pp = p;
	return 0;
}

/* The exponent's [+-]D at *pp; -1 without digits or beyond 9999. */
static int
num_exponent(const char **pp, const char *end, int *e)
{
	const char	*p = *pp;
	int		 neg = 0, x = 0;

	if (p < end && (*p == '+' || *p == '-'))
		neg = *p++ == '-';
	if (!num_digit(p, end))
		return -1;
	for (; num_digit(p, end); p++) {
		if (x > 999)
			return -1;
		x = x * 10 + (*p - '0');
	}
	*e = neg ? -x : x;
	*pp = p;
	return 0;
}

int
num_parse(const char *s, size_t len, double *v)
{
	const char	*p = s, *end = s + len;
	uint64_t	 m = 0;
	double		 d;
	int		 neg = 0, nd = 0, nfrac = 0, e = 0;

	if (p < end && (*p == '+' || *p == '-'))
		neg = *p++ == '-';
	if (num_digits(&p, end, &m, &nd) == -1)
		return -1;
	if (p < end && *p == '.') {
		p++;
		if (num_digits(&p, end, &m, &nfrac) == -1)
			return -1;
	}
	if (nd + nfrac == 0)
		return -1;
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (num_exponent(&p, end, &e) == -1)
			return -1;
	}
	if (p != end)
		return -1;
	e -= nfrac;
	if (e < -NUM_MAXEXP || e > NUM_MAXEXP)
		return -1;
	d = (double)m;
	d = e < 0 ? d / p10x[-e] : d * p10x[e];
	*v = neg ? -d : d;
	return 0;
}

/* 1 if s[0, len) has num_parse's decimal syntax, whatever its size. */
static int
num_syntax(const char *s, size_t len)
{
	const char	*p = s, *end = s + len;
	size_t		 nd = 0;

	if (p < end && (*p == '+' || *p == '-'))
		p++;
	for (; num_digit(p, end); p++)
		nd++;
	if (p < end && *p == '.')
		for (p++; num_digit(p, end); p++)
			nd++;
	if (nd == 0)
		return 0;
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (!num_digit(p, end))
			return 0;
		while (num_digit(p, end))
			p++;
	}
	return p == end;
}

int
num_read(const char *s, size_t len, double *v)
{
	char	 small[128], *buf = small, *end;
	int	 rc = 0;

	if (num_parse(s, len, v) == 0)
		return 0;
	if (!num_syntax(s, len))
		return -1;
	if (len >= sizeof(small))
		buf = xmalloc(len + 1);
	memcpy(buf, s, len);
	buf[len] = '\0';
	*v = strtod(buf, &end);
	if (end != buf + len)
		rc = -1;	/* cannot happen after num_syntax */
	else if (!isfinite(*v))
		rc = -2;
	if (buf != small)
		free(buf);
	return rc;
}

void
num_text(double v, char *s)
{
	if (isnan(v)) {
		strcpy(s, "NaN");
		return;
	}
	if (isinf(v)) {
		strcpy(s, v > 0 ? "+Inf" : "-Inf");
		return;
	}
	/* Where %.15g prints plainly, the short exact text is the same. */
	if ((v == 0 || (fabs(v) >= 1e-4 && fabs(v) < 1e15)) &&
	    num_format(v, s) > 0)
		return;
	snprintf(s, NUM_STRLEN, "%.15g", v);
	if (strtod(s, NULL) != v)
		snprintf(s, NUM_STRLEN, "%.17g", v);
}

int
num_uint(const char *s, unsigned int max, unsigned int *out)
{
	unsigned long long	 v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (unsigned long long)(*s - '0');
		if (v > max)
			return -1;
	}
	*out = (unsigned int)v;
	return 0;
}
