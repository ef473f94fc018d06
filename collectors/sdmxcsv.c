/* sdmxcsv.c: SDMX-CSV 1.0 and 2.x data messages into records. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sdmxcsv.h"
#include "xmalloc.h"

#define SDMXCSV_NONE	SIZE_MAX	/* no such column */
#define SDMXCSV_WHY_MAX	256
#define SDMXCSV_NUM_MAX	64	/* longest value text accepted */

/* RFC 4180 records of one body, each field NUL-terminated in buf. */
struct sdmxcsv_reader {
	const char	*p, *end;
	size_t		 line;		/* physical line of p, 1-based */
	char		 delim;
	char		*buf;
	size_t		 blen, bcap;
	size_t		*off;		/* field i is buf + off[i] */
	size_t		 nf, fcap;
	int		 nul;		/* the record held a NUL byte */
};

/* What the header says about each column. */
struct sdmxcsv_hdr {
	size_t		 ncols;
	char		**names;	/* header names, label cut off */
	unsigned char	*labelled;	/* header was "ID: name" */
	size_t		*dims;		/* dimension columns, in order */
	size_t		 ndims;
	size_t		 first;		/* first column after the structure */
	size_t		 time, value, action;
	int		 decomma;	/* ';' delimiter: decimal comma */
};

static void
sdmxcsv_put(struct sdmxcsv_reader *r, char c)
{
	size_t	 cap;

	if (r->blen == r->bcap) {
		cap = r->bcap == 0 ? 256 : r->bcap * 2;
		r->buf = xreallocarray(r->buf, cap, 1);
		r->bcap = cap;
	}
	r->buf[r->blen++] = c;
}

/* One byte of field content, which may be a NUL. */
static void
sdmxcsv_byte(struct sdmxcsv_reader *r, char c)
{
	if (c == '\0')
		r->nul = 1;
	sdmxcsv_put(r, c);
}

/* Start a field at the current end of buf. */
static void
sdmxcsv_field(struct sdmxcsv_reader *r)
{
	size_t	 cap;

	if (r->nf == r->fcap) {
		cap = r->fcap == 0 ? 32 : r->fcap * 2;
		r->off = xreallocarray(r->off, cap, sizeof(*r->off));
		r->fcap = cap;
	}
	r->off[r->nf++] = r->blen;
}

/* Copy a quoted part (p after the opening quote) up to its closing quote. */
static void
sdmxcsv_quoted(struct sdmxcsv_reader *r)
{
	while (r->p < r->end) {
		if (*r->p == '"') {
			if (r->p + 1 < r->end && r->p[1] == '"') {
				sdmxcsv_put(r, '"');
				r->p += 2;
				continue;
			}
			r->p++;
			return;
		}
		if (*r->p == '\n')
			r->line++;
		sdmxcsv_byte(r, *r->p++);
	}
}

/* 1 if p is at a line end (LF or CRLF), which it then consumes. */
static int
sdmxcsv_eol(struct sdmxcsv_reader *r)
{
	if (*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n')
		r->p++;
	if (*r->p != '\n')
		return 0;
	r->p++;
	r->line++;
	return 1;
}

/*
 * Read the next record into r's fields; *line is where it starts. Returns
 * 0, or 1 at the end of the body.
 */
static int
sdmxcsv_record(struct sdmxcsv_reader *r, size_t *line)
{
	if (r->p >= r->end)
		return 1;
	*line = r->line;
	r->blen = r->nf = 0;
	r->nul = 0;
	sdmxcsv_field(r);
	while (r->p < r->end) {
		if (*r->p == '"') {
			r->p++;
			sdmxcsv_quoted(r);
		} else if (*r->p == r->delim) {
			r->p++;
			sdmxcsv_put(r, '\0');
			sdmxcsv_field(r);
		} else if (sdmxcsv_eol(r))
			break;
		else
			sdmxcsv_byte(r, *r->p++);
	}
	sdmxcsv_put(r, '\0');
	return 0;
}

static const char *
sdmxcsv_at(const struct sdmxcsv_reader *r, size_t i)
{
	return r->buf + r->off[i];
}

/* Length of the name part of a header or value: up to a first ':'. */
static size_t
sdmxcsv_name_len(const char *s)
{
	return strcspn(s, ":");
}

/* 1 if the n bytes of s form an SDMX identifier. */
static int
sdmxcsv_is_id(const char *s, size_t n)
{
	size_t	 i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789_-@$", s[i]) == NULL || s[i] == '\0')
			return 0;
	return 1;
}

/* 1 if header name s is one of the structure or key columns of 2.x. */
static int
sdmxcsv_special(const char *s)
{
	static const char *const names[] = { "DATAFLOW", "STRUCTURE",
	    "STRUCTURE_ID", "STRUCTURE_NAME", "ACTION", "SERIES_KEY",
	    "OBS_KEY" };
	size_t	 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(s, names[i]) == 0)
			return 1;
	return 0;
}

/* The first column with name s, or SDMXCSV_NONE. */
static size_t
sdmxcsv_find(const struct sdmxcsv_hdr *h, const char *s)
{
	size_t	 i;

	for (i = 0; i < h->ncols; i++)
		if (strcasecmp(h->names[i], s) == 0)
			return i;
	return SDMXCSV_NONE;
}

static void
sdmxcsv_hdr_free(struct sdmxcsv_hdr *h)
{
	size_t	 i;

	for (i = 0; i < h->ncols; i++)
		free(h->names[i]);
	free(h->names);
	free(h->labelled);
	free(h->dims);
	memset(h, 0, sizeof(*h));
}

/* Copy the header names (label cut off) from the reader's record. */
static void
sdmxcsv_names(struct sdmxcsv_hdr *h, const struct sdmxcsv_reader *r)
{
	const char	*f;
	size_t		 i, n;

	h->ncols = r->nf;
	h->names = xcalloc(r->nf, sizeof(*h->names));
	h->labelled = xcalloc(r->nf, 1);
	h->dims = xcalloc(r->nf, sizeof(*h->dims));
	for (i = 0; i < r->nf; i++) {
		f = sdmxcsv_at(r, i);
		n = sdmxcsv_name_len(f);
		h->labelled[i] = f[n] == ':';
		h->names[i] = xstrndup(f, n);
	}
}

/* The candidate span of dimension columns: [h->first, end). */
static size_t
sdmxcsv_span_end(const struct sdmxcsv_hdr *h)
{
	return h->time < h->value ? h->time : h->value;
}

/*
 * 1 if names are in columns of their own (labels=name): STRUCTURE_NAME,
 * or a header that is no identifier right after an identifier of the
 * span or after TIME_PERIOD.
 */
static int
sdmxcsv_name_columns(const struct sdmxcsv_hdr *h)
{
	size_t	 i, end = sdmxcsv_span_end(h);
	char	*s;

	if (sdmxcsv_find(h, "STRUCTURE_NAME") != SDMXCSV_NONE)
		return 1;
	for (i = h->first + 1; i < end; i++) {
		s = h->names[i - 1];
		if (!sdmxcsv_is_id(h->names[i], strlen(h->names[i])) &&
		    sdmxcsv_is_id(s, strlen(s)) && !sdmxcsv_special(s))
			return 1;
	}
	if (h->time + 1 < h->ncols) {
		s = h->names[h->time + 1];
		return !sdmxcsv_is_id(s, strlen(s));
	}
	return 0;
}

/* 1 if column i is the "X_LABEL" column of dimension column i - 1. */
static int
sdmxcsv_label_of(const struct sdmxcsv_hdr *h, size_t i)
{
	const char	*d = h->names[i - 1], *s = h->names[i];
	size_t		 n = strlen(d);

	return strncasecmp(s, d, n) == 0 && strcasecmp(s + n, "_LABEL") == 0;
}

/* Decide the dimension columns (see sdmxcsv.h). */
static void
sdmxcsv_dims(struct sdmxcsv_hdr *h)
{
	size_t	 i, end = sdmxcsv_span_end(h);
	int	 names = sdmxcsv_name_columns(h), prevdim = 0;
	char	*s;

	for (i = h->first; i < end; i++) {
		s = h->names[i];
		if (sdmxcsv_special(s) || !sdmxcsv_is_id(s, strlen(s)) ||
		    (prevdim && (names || sdmxcsv_label_of(h, i)))) {
			prevdim = 0;
			continue;
		}
		h->dims[h->ndims++] = i;
		prevdim = 1;
	}
}

/*
 * The delimiter: the byte after the first header term, DATAFLOW or
 * STRUCTURE with an optional "[...]" (sub-field separators), quoted or
 * not; '\0' if there is no such term or that byte is neither ',' nor ';'.
 */
static char
sdmxcsv_delim(const char *p, const char *end)
{
	const char	*s;
	int		 quoted = p < end && *p == '"';

	p += quoted;
	if (end - p >= 8 && strncasecmp(p, "DATAFLOW", 8) == 0)
		s = p + 8;
	else if (end - p >= 9 && strncasecmp(p, "STRUCTURE", 9) == 0) {
		s = p + 9;
		if (s < end && *s == '[' &&
		    (s = memchr(s, ']', end - s)) != NULL)
			s++;
		if (s == NULL)
			return '\0';
	} else
		return '\0';
	if (quoted && (s == end || *s++ != '"'))
		return '\0';
	return s < end && (*s == ',' || *s == ';') ? *s : '\0';
}

/*
 * Read the header record: the delimiter, the version by the first column,
 * and the roles of the columns. -1 with err set if it is not SDMX-CSV.
 */
static int
sdmxcsv_header(struct sdmxcsv_hdr *h, struct sdmxcsv_reader *r, char *err,
    size_t errlen)
{
	size_t	 line;

	r->delim = sdmxcsv_delim(r->p, r->end);
	if (r->delim == '\0') {
		snprintf(err, errlen, "not SDMX-CSV: the first column is not "
		    "DATAFLOW or STRUCTURE");
		return -1;
	}
	sdmxcsv_record(r, &line);
	sdmxcsv_names(h, r);
	h->decomma = r->delim == ';';
	h->first = 1;
	if (strncasecmp(h->names[0], "STRUCTURE", 9) == 0) {
		if (h->ncols < 2 || strcasecmp(h->names[1], "STRUCTURE_ID")) {
			snprintf(err, errlen, "not SDMX-CSV: no STRUCTURE_ID "
			    "column after STRUCTURE");
			return -1;
		}
		h->first = 2;
	}
	h->time = sdmxcsv_find(h, "TIME_PERIOD");
	h->value = sdmxcsv_find(h, "OBS_VALUE");
	h->action = sdmxcsv_find(h, "ACTION");
	if (h->time == SDMXCSV_NONE || h->value == SDMXCSV_NONE) {
		snprintf(err, errlen, "not SDMX-CSV: no %s column",
		    h->time == SDMXCSV_NONE ? "TIME_PERIOD" : "OBS_VALUE");
		return -1;
	}
	sdmxcsv_dims(h);
	return 0;
}

/* Field i of the row, cut at its first ':' when the header had a label. */
static const char *
sdmxcsv_cell(const struct sdmxcsv_hdr *h, const struct sdmxcsv_reader *r,
    size_t i, size_t *len)
{
	const char	*f = sdmxcsv_at(r, i);

	*len = h->labelled[i] ? sdmxcsv_name_len(f) : strlen(f);
	return f;
}

/* 1 if the row stands for no observation: empty, NaN or #N/A value. */
static int
sdmxcsv_missing(const char *v, size_t n)
{
	return n == 0 || (n == 3 && strncasecmp(v, "NaN", 3) == 0) ||
	    (n == 4 && strncasecmp(v, "#N/A", 4) == 0);
}

/* OBS_VALUE as a number; a decimal comma is a point when h->decomma. */
static int
sdmxcsv_number(const struct sdmxcsv_hdr *h, const char *v, size_t n,
    double *d, char *why, size_t whylen)
{
	char	 buf[SDMXCSV_NUM_MAX], q[REC_QUOTE_MAX];
	char	*c;

	if (n < sizeof(buf)) {
		memcpy(buf, v, n);
		buf[n] = '\0';
		if (h->decomma && (c = strchr(buf, ',')) != NULL)
			*c = '.';
		if (rec_strtod(buf, n, d) == 0)
			return 0;
	}
	snprintf(why, whylen, "value \"%s\" is not a number",
	    rec_quote(v, n, q));
	return -1;
}

/* Append the n bytes of dimension value v to code. */
static int
sdmxcsv_code_add(char *code, const char *v, size_t n)
{
	char	 part[REC_CODE_MAX];

	if (n >= sizeof(part))
		return -1;
	memcpy(part, v, n);
	part[n] = '\0';
	return rec_code_add(code, REC_CODE_MAX, part);
}

/* The code of the row: its dimension values joined with '.'. */
static int
sdmxcsv_code(const struct sdmxcsv_hdr *h, const struct sdmxcsv_reader *r,
    char *code, char *why, size_t whylen)
{
	char		 q[REC_QUOTE_MAX];
	const char	*v, *name;
	size_t		 i, n;

	code[0] = '\0';
	for (i = 0; i < h->ndims; i++) {
		v = sdmxcsv_cell(h, r, h->dims[i], &n);
		name = h->names[h->dims[i]];
		if (n == 0) {
			snprintf(why, whylen, "empty value for dimension %s",
			    rec_quote(name, strlen(name), q));
			return -1;
		}
		if (sdmxcsv_code_add(code, v, n) == -1) {
			snprintf(why, whylen, "code longer than %d bytes",
			    REC_CODE_MAX - 1);
			return -1;
		}
	}
	return 0;
}

/* 1 to read the row, 0 to skip it (delete), -1 for an unknown action. */
static int
sdmxcsv_action(const struct sdmxcsv_hdr *h, const struct sdmxcsv_reader *r,
    char *why, size_t whylen)
{
	const char	*a;
	char		 q[REC_QUOTE_MAX];
	size_t		 n;

	if (h->action == SDMXCSV_NONE)
		return 1;
	a = sdmxcsv_cell(h, r, h->action, &n);
	if (n == 1 && (*a == 'D' || *a == 'd'))
		return 0;
	if (n == 0 || (n == 1 && strchr("IiAaRrMm", *a) != NULL))
		return 1;
	snprintf(why, whylen, "unknown action \"%s\"", rec_quote(a, n, q));
	return -1;
}

/*
 * One data row into a record. Returns 1 for a record in *rec, 0 for a row
 * without observation, -1 with the reason in why.
 */
static int
sdmxcsv_row(const struct sdmxcsv_hdr *h, const struct sdmxcsv_reader *r,
    struct rec *rec, char *why, size_t whylen)
{
	const char	*v, *t;
	size_t		 vn, tn;
	int		 rc;

	if (r->nf != h->ncols) {
		snprintf(why, whylen, "%zu fields, the header has %zu", r->nf,
		    h->ncols);
		return -1;
	}
	if (r->nul) {
		snprintf(why, whylen, "NUL byte in the row");
		return -1;
	}
	if ((rc = sdmxcsv_action(h, r, why, whylen)) != 1)
		return rc;
	v = sdmxcsv_cell(h, r, h->value, &vn);
	if (sdmxcsv_missing(v, vn))
		return 0;
	memset(rec, 0, sizeof(*rec));
	t = sdmxcsv_cell(h, r, h->time, &tn);
	if (rec_period_parse(t, tn, &rec->period, why, whylen) == -1 ||
	    sdmxcsv_number(h, v, vn, &rec->value, why, whylen) == -1 ||
	    sdmxcsv_code(h, r, rec->code, why, whylen) == -1)
		return -1;
	return 1;
}

/* The data rows after the header. */
static void
sdmxcsv_rows(const struct sdmxcsv_hdr *h, struct sdmxcsv_reader *r,
    struct recvec *out)
{
	struct rec	 rec;
	char		 why[SDMXCSV_WHY_MAX], place[32];
	size_t		 line;
	int		 rc;

	while (sdmxcsv_record(r, &line) == 0) {
		if (r->nf == 1 && r->blen == 1)
			continue;	/* empty line */
		if ((rc = sdmxcsv_row(h, r, &rec, why, sizeof(why))) == 1)
			recvec_push(out, &rec);
		else if (rc == -1) {
			snprintf(place, sizeof(place), "line %zu", line);
			recvec_reject(out, place, why);
		}
	}
}

int
sdmxcsv_parse(const char *body, size_t len, struct recvec *out, char *err,
    size_t errlen)
{
	struct sdmxcsv_reader	 r;
	struct sdmxcsv_hdr	 h;
	int			 rc = -1;

	memset(&r, 0, sizeof(r));
	memset(&h, 0, sizeof(h));
	r.p = body;
	r.end = body + len;
	r.line = 1;
	if (len >= 3 && memcmp(body, "\xef\xbb\xbf", 3) == 0)
		r.p += 3;
	if (r.p == r.end) {
		snprintf(err, errlen, "empty body");
		return -1;
	}
	if (sdmxcsv_header(&h, &r, err, errlen) == -1)
		goto out;
	sdmxcsv_rows(&h, &r, out);
	rc = 0;
out:
	sdmxcsv_hdr_free(&h);
	free(r.buf);
	free(r.off);
	return rc;
}
