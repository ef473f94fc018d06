/* worldbank.c: pages of the World Bank Indicators API v2 (JSON). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "worldbank.h"
#include "xmalloc.h"

#define WB_WHY_MAX	256

/* The error form: [{"message":[{"id":"120","key":"...","value":"..."}]}]. */
static void
worldbank_api_error(json_t *msg, char *err, size_t errlen)
{
	char		 qid[REC_QUOTE_MAX], qkey[REC_QUOTE_MAX];
	char		 qval[REC_QUOTE_MAX];
	json_t		*m = json_array_get(msg, 0), *id;
	const char	*s;

	id = json_object_get(m, "id");
	s = json_string_value(id);
	rec_quote(s ? s : "?", s ? strlen(s) : 1, qid);
	if (json_is_integer(id))
		snprintf(qid, sizeof(qid), "%lld",
		    (long long)json_integer_value(id));
	s = json_string_value(json_object_get(m, "key"));
	rec_quote(s ? s : "", s ? strlen(s) : 0, qkey);
	s = json_string_value(json_object_get(m, "value"));
	rec_quote(s ? s : "", s ? strlen(s) : 0, qval);
	snprintf(err, errlen, "World Bank API error %s (%s): %s", qid, qkey,
	    qval);
}

/* meta.pages: a non-negative number or a string of digits. */
static int
worldbank_pages(json_t *meta, int *pages, char *err, size_t errlen)
{
	json_t		*j = json_object_get(meta, "pages");
	double		 v;

	if (j == NULL) {
		snprintf(err, errlen, "meta: no \"pages\"");
		return -1;
	}
	if (json_is_null(j) || json_is_real(j) ||
	    rec_json_number(j, &v) != 0 || v < 0 || v > INT_MAX ||
	    v != (int)v) {
		snprintf(err, errlen, "meta: \"pages\" is not a count");
		return -1;
	}
	*pages = (int)v;
	return 0;
}

/* Copy the string member key of o into buf; -1 if absent or too long. */
static int
worldbank_str(json_t *o, const char *key, char *buf, size_t size)
{
	json_t	*j = json_object_get(o, key);

	if (!json_is_string(j) || json_string_length(j) >= size ||
	    strlen(json_string_value(j)) != json_string_length(j))
		return -1;
	memcpy(buf, json_string_value(j), json_string_length(j) + 1);
	return 0;
}

/*
 * Copy the optional string member key of o into buf: absent or null leave
 * "", anything but a string that fits is -1.
 */
static int
worldbank_optstr(json_t *o, const char *key, char *buf, size_t size)
{
	json_t	*j = json_object_get(o, key);

	buf[0] = '\0';
	if (j == NULL || json_is_null(j))
		return 0;
	return worldbank_str(o, key, buf, size);
}

static int
worldbank_area(json_t *row, struct rec *r, char *why, size_t whylen)
{
	if (worldbank_optstr(row, "countryiso3code", r->area,
	    sizeof(r->area)) == -1) {
		snprintf(why, whylen, "countryiso3code is not a short string");
		return -1;
	}
	if (r->area[0] == '\0' && worldbank_optstr(json_object_get(row,
	    "country"), "id", r->area, sizeof(r->area)) == -1) {
		snprintf(why, whylen, "country.id is not a short string");
		return -1;
	}
	return 0;
}

/* The value and the period of a row; -1 with the reason in why. */
static int
worldbank_value(json_t *row, struct rec *r, char *why, size_t whylen)
{
	json_t	*date = json_object_get(row, "date");
	json_t	*val = json_object_get(row, "value");

	if (rec_json_conflict(date) || rec_json_conflict(val)) {
		snprintf(why, whylen, "differing duplicate values");
		return -1;
	}
	if (!json_is_string(date)) {
		snprintf(why, whylen, "date missing or not a string");
		return -1;
	}
	if (rec_period_parse(json_string_value(date), json_string_length(date),
	    &r->period, why, whylen) == -1)
		return -1;
	if (rec_json_number(val, &r->value) == -1) {
		snprintf(why, whylen, "value is not a number");
		return -1;
	}
	return 0;
}

/*
 * One row into r. Returns 0 (a record), 1 (null value: skip) or -1 with the
 * reason in why; r holds the code and area as far as they were read.
 */
static int
worldbank_row(json_t *row, struct rec *r, char *why, size_t whylen)
{
	memset(r, 0, sizeof(*r));
	if (!json_is_object(row)) {
		snprintf(why, whylen, "not an object");
		return -1;
	}
	if (json_is_null(json_object_get(row, "value")))
		return 1;
	if (worldbank_str(json_object_get(row, "indicator"), "id", r->code,
	    sizeof(r->code)) == -1 || r->code[0] == '\0') {
		r->code[0] = '\0';
		snprintf(why, whylen, "indicator.id missing or too long");
		return -1;
	}
	if (worldbank_area(row, r, why, whylen) == -1)
		return -1;
	return worldbank_value(row, r, why, whylen);
}

/*
 * The place of row i for a rejected record: "row 3", followed by what is
 * known of it, "row 3 (NY.GDP.MKTP.CD CHN 2024)".
 */
static void
worldbank_place(json_t *row, size_t i, const struct rec *r, char *buf,
    size_t len)
{
	char		 qc[REC_QUOTE_MAX], qa[REC_QUOTE_MAX];
	char		 qd[REC_QUOTE_MAX];
	json_t		*d = json_object_get(row, "date");

	rec_quote(r->code, strlen(r->code), qc);
	rec_quote(r->area, strlen(r->area), qa);
	rec_quote(json_is_string(d) ? json_string_value(d) : "",
	    json_is_string(d) ? json_string_length(d) : 0, qd);
	if (qc[0] == '\0' && qa[0] == '\0' && qd[0] == '\0') {
		snprintf(buf, len, "row %zu", i);
		return;
	}
	/* an area fits REC_AREA_MAX, so the place fits REC_PLACE_MAX */
	snprintf(buf, len, "row %zu (%s%s%.31s%s%s)", i, qc,
	    qc[0] && (qa[0] || qd[0]) ? " " : "", qa,
	    qa[0] && qd[0] ? " " : "", qd);
}

/* The rows array (absent or null is none); a bad row is a rejected record. */
static int
worldbank_rows(json_t *data, struct recvec *out, char *err, size_t errlen)
{
	struct rec	 r;
	json_t		*row;
	char		 why[WB_WHY_MAX], place[REC_PLACE_MAX];
	size_t		 i;
	int		 rc;

	if (data == NULL || json_is_null(data))
		return 0;
	if (!json_is_array(data)) {
		snprintf(err, errlen, "data: not an array");
		return -1;
	}
	json_array_foreach(data, i, row) {
		rc = worldbank_row(row, &r, why, sizeof(why));
		if (rc == 0)
			recvec_push(out, &r);
		if (rc != -1)
			continue;
		worldbank_place(row, i, &r, place, sizeof(place));
		recvec_reject(out, place, why);
	}
	return 0;
}

int
worldbank_parse(const char *body, size_t len, struct recvec *out,
    int *pages, char *err, size_t errlen)
{
	json_t	*root, *meta;
	size_t	 n0 = out->n;
	int	 np, rc = -1;

	if (len >= 3 && memcmp(body, "\xef\xbb\xbf", 3) == 0) {
		body += 3;	/* a UTF-8 byte order mark */
		len -= 3;
	}
	if ((root = rec_json_load(body, len, err, errlen)) == NULL)
		return -1;
	meta = json_array_get(root, 0);
	if (!json_is_array(root) || !json_is_object(meta) ||
	    json_array_size(root) > 2) {
		snprintf(err, errlen, "not a World Bank API response "
		    "([meta, rows] expected)");
		goto out;
	}
	if (json_is_array(json_object_get(meta, "message"))) {
		worldbank_api_error(json_object_get(meta, "message"), err,
		    errlen);
		goto out;
	}
	if (worldbank_pages(meta, &np, err, errlen) == -1 ||
	    worldbank_rows(json_array_get(root, 1), out, err, errlen) == -1)
		goto out;
	*pages = np;
	rc = 0;
out:
	if (rc == -1)
		out->n = n0;
	json_decref(root);
	return rc;
}

/* Length of the parameter name in the query segment s (n bytes). */
static size_t
worldbank_param_name(const char *s, size_t n)
{
	const char	*eq = memchr(s, '=', n);

	return eq ? (size_t)(eq - s) : n;
}

/* Append n bytes of s to the query being built in buf at *off. */
static void
worldbank_param_add(char *buf, size_t *off, const char *s, size_t n, char sep)
{
	buf[(*off)++] = sep;
	memcpy(buf + *off, s, n);
	*off += n;
	buf[*off] = '\0';
}

char *
worldbank_page_url(const char *url, int page)
{
	char		 pg[32], *buf;
	const char	*q, *seg, *end;
	size_t		 base, off, n, name;
	int		 have_page = 0, have_format = 0;

	base = strcspn(url, "#");
	q = memchr(url, '?', base);
	off = q ? (size_t)(q - url) : base;
	buf = xmalloc(base + sizeof(pg) + sizeof("&format=json") + 2);
	memcpy(buf, url, off);
	buf[off] = '\0';
	snprintf(pg, sizeof(pg), "page=%d", page);
	for (seg = q ? q + 1 : url + base; seg < url + base; seg = end + 1) {
		end = memchr(seg, '&', url + base - seg);
		if (end == NULL)
			end = url + base;
		if ((n = end - seg) == 0)
			continue;
		name = worldbank_param_name(seg, n);
		if (name == 4 && strncmp(seg, "page", 4) == 0) {
			if (!have_page)
				worldbank_param_add(buf, &off, pg, strlen(pg),
				    strchr(buf, '?') ? '&' : '?');
			have_page = 1;
			continue;
		}
		if (name == 6 && strncmp(seg, "format", 6) == 0) {
			if (n <= 7)
				continue;	/* no value: replaced */
			have_format = 1;
		}
		worldbank_param_add(buf, &off, seg, n,
		    strchr(buf, '?') ? '&' : '?');
	}
	if (!have_page)
		worldbank_param_add(buf, &off, pg, strlen(pg),
		    strchr(buf, '?') ? '&' : '?');
	if (!have_format)
		worldbank_param_add(buf, &off, "format=json", 11, '&');
	return buf;
}
