/*
 * fuzz_lang.c: libFuzzer target for lang_accept (Accept-Language) and
 * fmt_value_lang's Chinese numbers. Input: a header up to its first NUL;
 * the 8 bytes after it, if there are, are a double.
 * Invariants: lang_accept agrees with a second, plainer reading of RFC 9110
 * written here (split, trim, check each part), for both defaults, and does
 * not change when the header's ASCII letters change case; the Chinese
 * number is valid UTF-8 at every buffer size, and read back (mantissa x
 * scale) it is the value to within the rounding it documents.
 */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "lang.h"
#include "quote.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct ref_weight {
	long	 q;		/* -1: not named */
	size_t	 pos;
};

static int
ref_ows(int c)
{
	return c == ' ' || c == '\t';
}

/* s with OWS cut from both ends, in place. */
static char *
ref_trim(char *s)
{
	char	*e = s + strlen(s);

	while (ref_ows(*s))
		s++;
	while (e > s && ref_ows(e[-1]))
		*--e = '\0';
	return s;
}

/* 1 if every subtag of r (split at '-') is 1-8 letters (first) or alnum. */
static int
ref_range_ok(const char *r)
{
	const char	*p = r, *dash;
	size_t		 n, i;
	int		 first = 1;

	for (;;) {
		dash = strchr(p, '-');
		n = dash != NULL ? (size_t)(dash - p) : strlen(p);
		if (n < 1 || n > 8)
			return 0;
		for (i = 0; i < n; i++)
			if (!(isascii((unsigned char)p[i]) &&
			    (first ? isalpha((unsigned char)p[i]) :
			    isalnum((unsigned char)p[i]))))
				return 0;
		if (dash == NULL)
			return 1;
		p = dash + 1;
		first = 0;
	}
}

/* The weight in thousandths of "q=..." (already trimmed), or -1. */
static long
ref_q(const char *p)
{
	const char	*v = p + 2;
	size_t		 n;

	if ((p[0] != 'q' && p[0] != 'Q') || p[1] != '=')
		return -1;
	n = strlen(v);
	if (n == 1 && (v[0] == '0' || v[0] == '1'))
		return v[0] == '1' ? 1000 : 0;
	if (n < 2 || n > 5 || v[1] != '.')
		return -1;
	if (v[0] == '1')
		return strspn(v + 2, "0") == n - 2 ? 1000 : -1;
	if (v[0] == '0' && strspn(v + 2, "0123456789") == n - 2)
		return lround(strtod(v, NULL) * 1000);
	return -1;
}

/* 0 en, 1 zh, 2 "*", -1 anything else; *q its weight. */
static int
ref_element(char *el, long *q)
{
	char	*semi, *range;

	*q = 1000;
	if ((semi = strchr(el, ';')) != NULL) {
		*semi = '\0';
		if ((*q = ref_q(ref_trim(semi + 1))) == -1)
			return -1;
	}
	range = ref_trim(el);
	if (strcmp(range, "*") == 0)
		return 2;
	if (!ref_range_ok(range))
		return -1;
	if (strncasecmp(range, "zh", 2) == 0 && (range[2] == '\0' ||
	    range[2] == '-'))
		return 1;
	if (strncasecmp(range, "en", 2) == 0 && (range[2] == '\0' ||
	    range[2] == '-'))
		return 0;
	return -1;
}

static int
ref_accept(const char *hdr, int dflt)
{
	struct ref_weight	 w[3] = { { -1, 0 }, { -1, 0 }, { -1, 0 } };
	char			*copy, *el, *next;
	size_t			 pos = 0;
	long			 q;
	int			 l, best = dflt;

	copy = strdup(hdr);
	for (el = copy; el != NULL; el = next, pos++) {
		if ((next = strchr(el, ',')) != NULL)
			*next++ = '\0';
		if ((l = ref_element(el, &q)) != -1 && q > w[l].q)
			w[l] = (struct ref_weight){ q, pos };
	}
	free(copy);
	for (l = 0; l < 2; l++)
		if (w[l].q == -1)
			w[l] = w[2];
	for (l = 0; l < 2; l++)
		if (w[l].q > 0 && (w[l].q > w[best].q ||
		    (w[l].q == w[best].q && w[l].pos < w[best].pos)))
			best = l;
	if (w[best].q > 0)
		return best;
	if (w[dflt].q == 0 && w[!dflt].q == -1)
		return !dflt;
	return dflt;
}

static void
check_accept(const char *hdr)
{
	char	*up;
	size_t	 i;
	int	 d;

	up = strdup(hdr);
	for (i = 0; up[i] != '\0'; i++)
		if (isascii((unsigned char)up[i]))
			up[i] = (char)toupper((unsigned char)up[i]);
	for (d = 0; d < 2; d++) {
		enum lang	 l = lang_accept(hdr, (enum lang)d);

		if ((int)l != ref_accept(hdr, d) ||
		    lang_accept(up, (enum lang)d) != l)
			abort();
	}
	free(up);
}

/* The value read back from a Chinese number: mantissa times scale. */
static double
readback(const char *s, double *scale)
{
	static const struct {
		const char	*name;
		double		 mult;
	} scales[] = { { "万亿", 1e12 }, { "亿", 1e8 }, { "万", 1e4 } };
	char	*end;
	double	 m = strtod(s, &end);
	size_t	 i;

	*scale = 1;
	if (*end == ' ')
		end++;
	for (i = 0; i < sizeof(scales) / sizeof(scales[0]); i++)
		if (strncmp(end, scales[i].name, strlen(scales[i].name)) == 0) {
			*scale = scales[i].mult;
			break;
		}
	return m;
}

static void
check_number(double v)
{
	char	 buf[128], small[40];
	double	 m, scale, tol;
	size_t	 len;

	fmt_value_lang(v, "yuan", LANG_ZH, buf, sizeof(buf));
	if (!quote_safe(buf) || strlen(buf) + 1 >= sizeof(buf))
		abort();
	for (len = 1; len <= sizeof(small); len++) {
		fmt_value_lang(v, "usd", LANG_ZH, small, len);
		if (!quote_safe(small))
			abort();
	}
	if (!isfinite(v)) {
		if (strcmp(buf, "无数据") != 0)
			abort();
		return;
	}
	m = readback(buf, &scale);
	if (isinf(m)) {		/* %.3g rounded past DBL_MAX: "1.8e+308" */
		if (fabs(v) < 1.79e308)
			abort();
		return;
	}
	/* Two decimals of the scale, or three digits in %.3g. */
	tol = strchr(buf, 'e') != NULL ? fabs(v) * 5e-3 : scale * 5e-3;
	if (fabs(m * scale - v) > tol * (1 + 1e-9) + fabs(v) * 1e-12 ||
	    (strchr(buf, 'e') == NULL && fabs(m) >= 1e4) ||
	    (scale > 1 && fabs(m) < 1))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*buf;
	size_t	 hlen;
	double	 v;

	buf = malloc(size + 1);
	memcpy(buf, data, size);
	buf[size] = '\0';
	hlen = strlen(buf);
	check_accept(buf);
	if (size - hlen > sizeof(v)) {
		memcpy(&v, data + hlen + 1, sizeof(v));
		check_number(v);
	}
	free(buf);
	return 0;
}
