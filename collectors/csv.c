/*
 * csv.c: the observation CSV format, `indicator,period,value[,source]`.
 *
 * Input is untrusted (feeds, exec output, push bodies): every byte of a line
 * is accounted for, numbers are checked for full consumption and finiteness,
 * and error messages quote input only in an escaped, bounded form so they are
 * safe to log. Nothing here logs or keeps state.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "num.h"
#include "quote.h"
#include "obs.h"
#include "period.h"

#define CSV_FIELDS_MAX	4

struct csv_field {
	const char	*s;	/* NUL-terminated, unescaped */
	size_t		 len;
};

static int	 csv_fail(char *, size_t, const char *, const char *, size_t);
static int	 csv_blank(int);
static int	 csv_skippable(const char *, size_t);
static int	 csv_split(const char *, size_t, char *, struct csv_field *,
		    size_t *, char *, size_t);
static int	 csv_value(const struct csv_field *, double *, char *, size_t);
static void	 csv_source(const struct csv_field *, char *);

/*
 * Write `<what> "<s>"` (or just what if s is NULL) into err. Returns -1,
 * which is also CSV_ERROR.
 */
static int
csv_fail(char *err, size_t errlen, const char *what, const char *s,
    size_t len)
{
	char	 q[QUOTE_BUFLEN];

	if (err == NULL || errlen == 0)
		return -1;
	if (s == NULL) {
		snprintf(err, errlen, "%s", what);
		return -1;
	}
	quote_text(s, len, q, sizeof(q));
	snprintf(err, errlen, "%s \"%s\"", what, q);
	return -1;
}

static int
csv_blank(int c)
{
	return c == ' ' || c == '\t';
}

/* 1 for a blank line or a comment (first non-blank byte '#'). */
static int
csv_skippable(const char *line, size_t len)
{
	size_t	 i;

	for (i = 0; i < len && csv_blank(line[i]); i++)
		;
	return i == len || line[i] == '#';
}

/*
 * Split line into fields, unescaping quoted ones into buf (at least len + 1
 * bytes: each field shrinks or keeps its size and gains one NUL in place of
 * its comma). Blanks around fields are trimmed; inside quotes they are kept.
 * The first CSV_FIELDS_MAX fields go to f; *nf counts all of them.
 */
static int
csv_split(const char *line, size_t len, char *buf, struct csv_field *f,
    size_t *nf, char *err, size_t errlen)
{
	size_t	 pos = 0, o = 0, start, end;

	for (*nf = 0;; pos++) {
		while (pos < len && csv_blank(line[pos]))
			pos++;
		start = o;
		if (pos < len && line[pos] == '"') {
			for (pos++;; pos++) {
				if (pos == len)
					return csv_fail(err, errlen,
					    "unterminated quote", NULL, 0);
				if (line[pos] == '"') {
					if (pos + 1 == len ||
					    line[pos + 1] != '"')
						break;
					pos++;
				}
				buf[o++] = line[pos];
			}
			for (pos++; pos < len && csv_blank(line[pos]); pos++)
				;
			if (pos < len && line[pos] != ',')
				return csv_fail(err, errlen,
				    "unexpected character after closing quote",
				    NULL, 0);
		} else {
			for (end = pos; end < len && line[end] != ','; end++)
				;
			memcpy(buf + o, line + pos, end - pos);
			o += end - pos;
			while (o > start && csv_blank(buf[o - 1]))
				o--;
			pos = end;
		}
		buf[o++] = '\0';
		if (*nf < CSV_FIELDS_MAX) {
			f[*nf].s = buf + start;
			f[*nf].len = o - 1 - start;
		}
		(*nf)++;
		if (pos >= len)
			return 0;
	}
}

/*
 * A finite decimal number using all of the field (num_read: no hex, "nan"
 * or "inf"; overflow is caught as not finite, underflow to a subnormal or
 * zero is accepted: the value is still finite).
 */
static int
csv_value(const struct csv_field *f, double *v, char *err, size_t errlen)
{
	switch (num_read(f->s, f->len, v)) {
	case 0:
		return 0;
	case -2:
		return csv_fail(err, errlen, "value is not finite", NULL, 0);
	default:
		return csv_fail(err, errlen, "bad value", f->s, f->len);
	}
}

/* Copy the source, cut to OBS_SOURCE_MAX - 1 bytes on a UTF-8 boundary. */
static void
csv_source(const struct csv_field *f, char *dst)
{
	size_t	 n = f->len;

	if (n > OBS_SOURCE_MAX - 1) {
		n = OBS_SOURCE_MAX - 1;
		while (n > 0 && ((unsigned char)f->s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(dst, f->s, n);
	dst[n] = '\0';
}

enum csv_result
csv_parse_line(const char *line, size_t len, struct obs_buf *o, char *err,
    size_t errlen)
{
	char			 buf[CSV_LINE_MAX + 1], msg[64];
	struct csv_field	 f[CSV_FIELDS_MAX];
	size_t			 nf;

	if (len > CSV_LINE_MAX) {
		snprintf(msg, sizeof(msg), "line too long (%zu bytes, limit %d)",
		    len, CSV_LINE_MAX);
		return csv_fail(err, errlen, msg, NULL, 0);
	}
	if (memchr(line, '\0', len) != NULL)
		return csv_fail(err, errlen, "NUL byte in line", NULL, 0);
	if (csv_skippable(line, len))
		return CSV_SKIP;
	if (csv_split(line, len, buf, f, &nf, err, errlen) == -1)
		return CSV_ERROR;
	if (strcmp(f[0].s, "indicator") == 0)
		return CSV_SKIP;
	if (nf < 3 || nf > CSV_FIELDS_MAX) {
		snprintf(msg, sizeof(msg), "expected 3 or 4 fields, got %zu",
		    nf);
		return csv_fail(err, errlen, msg, NULL, 0);
	}
	memset(o, 0, sizeof(*o));
	if (!obs_valid_id(f[0].s, f[0].len))
		return csv_fail(err, errlen, "bad indicator id", f[0].s,
		    f[0].len);
	memcpy(o->indicator, f[0].s, f[0].len + 1);
	if (period_parse(f[1].s, f[1].len, &o->period, err, errlen) == -1)
		return CSV_ERROR;
	if (csv_value(&f[2], &o->value, err, errlen) == -1)
		return CSV_ERROR;
	if (nf == 4)
		csv_source(&f[3], o->source);
	return CSV_OBS;
}

size_t
csv_parse_body(const char *body, size_t len, struct obsvec *out,
    csv_error_cb cb, void *arg)
{
	char		 err[256];
	const char	*p = body, *end = body + len, *nl;
	size_t		 lineno = 0, nbad = 0, n;
	struct obs_buf	 o;

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	/* One element a line: no copying as the vector grows. */
	for (n = 1, nl = p; (nl = memchr(nl, '\n', end - nl)) != NULL; nl++)
		n++;
	obsvec_reserve(out, n);
	while (p < end) {
		if ((nl = memchr(p, '\n', end - p)) == NULL)
			nl = end;
		n = nl - p;
		if (n > 0 && p[n - 1] == '\r')
			n--;
		lineno++;
		switch (csv_parse_line(p, n, &o, err, sizeof(err))) {
		case CSV_OBS:
			o.line = lineno;
			obsvec_push(out, &o);
			break;
		case CSV_ERROR:
			nbad++;
			if (cb != NULL)
				cb(arg, lineno, err);
			break;
		case CSV_SKIP:
			break;
		}
		if (nl == end)
			break;
		p = nl + 1;
	}
	return nbad;
}
