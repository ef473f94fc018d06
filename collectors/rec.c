/* rec.c: records of the HTTP feed parsers and the helpers they share. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "jdup.h"
#include "num.h"
#include "quote.h"
#include "rec.h"
#include "xmalloc.h"

#define REC_NUM_MAX	64	/* longest number text accepted */
#define REC_PERIOD_MAX	32	/* longest period text accepted */

void
recvec_init(struct recvec *rv)
{
	rv->v = NULL;
	rv->n = rv->cap = 0;
	rv->rejected = 0;
	rv->reject = NULL;
	rv->reject_arg = NULL;
}

struct rec *
recvec_push(struct recvec *rv, const struct rec *r)
{
	size_t	 cap;

	if (rv->n == rv->cap) {
		cap = rv->cap == 0 ? 16 : rv->cap * 2;
		rv->v = xreallocarray(rv->v, cap, sizeof(*rv->v));
		rv->cap = cap;
	}
	rv->v[rv->n] = *r;
	return &rv->v[rv->n++];
}

void
recvec_reject(struct recvec *rv, const char *place, const char *why)
{
	rv->rejected++;
	if (rv->reject != NULL)
		rv->reject(rv->reject_arg, place, why);
}

void
recvec_clear(struct recvec *rv)
{
	rv->n = 0;
	rv->rejected = 0;
}

void
recvec_free(struct recvec *rv)
{
	if (rv == NULL)
		return;
	free(rv->v);
	recvec_init(rv);
}

const char *
rec_quote(const char *s, size_t len, char *buf)
{
	return quote_utf8(s, len, buf, REC_QUOTE_MAX);
}

/* Parse exactly n (1..6) decimal digits of s into *v. */
static int
rec_digits(const char *s, size_t n, int *v)
{
	size_t	 i;

	*v = 0;
	if (n == 0 || n > 6)
		return -1;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

static int
rec_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Day d (1-based) of year y as "YYYY-MM-DD" into buf; -1 if out of range. */
static int
rec_yday(int y, int d, char *buf, size_t len)
{
	static const int mdays[12] =
	    { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int	 m, md;

	if (d < 1 || d > (rec_leap(y) ? 366 : 365))
		return -1;
	for (m = 0; m < 12; m++) {
		md = mdays[m] + (m == 1 && rec_leap(y));
		if (d <= md)
			break;
		d -= md;
	}
	snprintf(buf, len, "%04d-%02d-%02d", y, m + 1, d);
	return 0;
}

/*
 * Rewrite the letter forms ("Q3", "K3", "S1", "H1", "W05", "M07", "A1",
 * "D197"; the year and an optional '-' already cut off) into the canonical
 * text of period_parse in buf, checking ranges here so that errors quote
 * the text as written. On error returns -1 and sets *why.
 */
static int
rec_period_letter(int year, char letter, const char *d, size_t n,
    char *buf, size_t len, const char **why)
{
	int	 v;

	*why = "unknown form";
	if (rec_digits(d, n, &v) == -1)
		return -1;
	switch (toupper((unsigned char)letter)) {
	case 'A':
		if (n != 1 || v != 1)
			return -1;
		snprintf(buf, len, "%04d", year);
		return 0;
	case 'S':
	case 'H':
		*why = "half-year out of range";
		if (n != 1 || v < 1 || v > 2)
			return -1;
		snprintf(buf, len, "%04d-S%d", year, v);
		return 0;
	case 'Q':
	case 'K':
		*why = "quarter out of range";
		if (n != 1 || v < 1 || v > 4)
			return -1;
		snprintf(buf, len, "%04d-Q%d", year, v);
		return 0;
	case 'M':
		*why = "month out of range";
		if (n > 2 || v < 1 || v > 12)
			return -1;
		snprintf(buf, len, "%04d-%02d", year, v);
		return 0;
	case 'W':
		*why = "week out of range";
		if (n > 2 || v < 1 || v > 53)
			return -1;
		snprintf(buf, len, "%04d-W%02d", year, v);
		return 0;
	case 'D':
		*why = "day of year out of range";
		if (n != 3)
			return -1;
		return rec_yday(year, v, buf, len);
	case 'T':
		*why = "trimesters are not supported";
		return -1;
	}
	return -1;
}

/*
 * The forms without a letter and digits after the year (r, n bytes):
 * NBS quarters "A".."D" and months "07", INE/ICANE quarters " - 3".
 * 0 with the canonical text in buf, 1 if r is none of them, -1 with *why.
 */
static int
rec_period_bare(int year, const char *r, size_t n, char *buf, size_t len,
    const char **why)
{
	int	 v;
	char	 c = (char)toupper((unsigned char)r[0]);

	if (n == 1 && c >= 'A' && c <= 'D') {
		snprintf(buf, len, "%04d-Q%d", year, c - 'A' + 1);
		return 0;
	}
	if (n == 2 && rec_digits(r, 2, &v) == 0) {
		*why = "month out of range";
		if (v < 1 || v > 12)
			return -1;
		snprintf(buf, len, "%04d-%02d", year, v);
		return 0;
	}
	if (n == 4 && memcmp(r, " - ", 3) == 0 && rec_digits(r + 3, 1,
	    &v) == 0) {
		*why = "quarter out of range";
		if (v < 1 || v > 4)
			return -1;
		snprintf(buf, len, "%04d-Q%d", year, v);
		return 0;
	}
	return 1;
}

int
rec_period_parse(const char *s, size_t len, struct period *p,
    char *err, size_t errlen)
{
	char		 buf[REC_PERIOD_MAX], q[REC_QUOTE_MAX];
	const char	*r, *why = "unknown form";
	size_t		 n;
	int		 year, rc;

	if (len > REC_PERIOD_MAX - 8 || len < 4 ||
	    rec_digits(s, 4, &year) == -1)
		goto bad;
	r = s + 4;
	n = len - 4;
	if (n == 0 || (r[0] == '-' && n > 1 && isdigit((unsigned char)r[1])))
		return period_parse(s, len, p, err, errlen);
	if (year < PERIOD_YEAR_MIN || year > PERIOD_YEAR_MAX) {
		why = "year out of range";
		goto bad;
	}
	if ((rc = rec_period_bare(year, r, n, buf, sizeof(buf), &why)) == 0)
		return period_parse(buf, strlen(buf), p, err, errlen);
	if (rc == -1)
		goto bad;
	if (r[0] == '-') {
		r++;
		n--;
	}
	if (n < 2 || rec_period_letter(year, r[0], r + 1, n - 1, buf,
	    sizeof(buf), &why) == -1)
		goto bad;
	if (period_parse(buf, strlen(buf), p, NULL, 0) == -1) {
		why = "out of range for the year";
		goto bad;
	}
	return 0;
bad:
	snprintf(err, errlen, "bad period \"%s\": %s", rec_quote(s, len, q),
	    why);
	return -1;
}

int
rec_strtod(const char *s, size_t len, double *v)
{
	if (len == 0 || len >= REC_NUM_MAX)
		return -1;
	return num_read(s, len, v) == 0 ? 0 : -1;
}

int
rec_code_add(char *buf, size_t size, const char *part)
{
	size_t	 have = strlen(buf), add = strlen(part), sep = have > 0;

	if (have + sep + add + 1 > size)
		return -1;
	if (sep)
		buf[have++] = '.';
	memcpy(buf + have, part, add + 1);
	return 0;
}

json_t *
rec_json_load(const char *body, size_t len, char *err, size_t errlen)
{
	json_error_t	 jerr;
	json_t		*root;
	char		 q[REC_QUOTE_MAX];
	size_t		 i;
	int		 nul;

	for (i = 0; i < len && isspace((unsigned char)body[i]); i++)
		;
	if (i < len && body[i] == '<') {
		snprintf(err, errlen, "body is XML or HTML, not JSON");
		return NULL;
	}
	/*
	 * jansson skips a NUL byte that ends a number or literal; jdup_loadb
	 * rejects it, so bodies with NULs go there. So do bodies with
	 * duplicate keys, which jdup_loadb merges.
	 */
	nul = len > 0 && memchr(body, '\0', len) != NULL;
	root = nul ? NULL :
	    json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
	if (nul || (root == NULL &&
	    json_error_code(&jerr) == json_error_duplicate_key))
		root = jdup_loadb(body, len, &jerr);
	if (root == NULL) {
		snprintf(err, errlen, "invalid JSON at line %d column %d: %s",
		    jerr.line, jerr.column,
		    rec_quote(jerr.text, strlen(jerr.text), q));
		return NULL;
	}
	return root;
}

int
rec_json_number(const json_t *j, double *v)
{
	if (json_is_null(j))
		return 1;
	if (json_is_integer(j)) {
		*v = (double)json_integer_value(j);
		return 0;
	}
	if (json_is_real(j)) {
		*v = json_real_value(j);
		return isfinite(*v) ? 0 : -1;
	}
	if (json_is_string(j))
		return rec_strtod(json_string_value(j), json_string_length(j),
		    v);
	return -1;
}

int
rec_json_conflict(const json_t *j)
{
	return jdup_is_conflict(j);
}
