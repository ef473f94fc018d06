/* sdmx.c: SDMX-JSON data messages (1.0 and 2.x) into records. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "jdup.h"
#include "sdmx.h"

#define SDMX_WHY_MAX	256
#define SDMX_INDEX_DIGITS	9	/* bound on one key part */
#define SDMX_PREFIX_MAX	32	/* "dataSets[N] " */
#define SDMX_WHERE_MAX	(REC_PLACE_MAX - SDMX_PREFIX_MAX)	/* place */

enum sdmx_level {
	SDMX_DATASET = 0,
	SDMX_SERIES,
	SDMX_OBS,
	SDMX_LEVELS
};

struct sdmx_dim {
	const char	*id;
	json_t		*values;	/* array of {"id": "..."} */
	json_int_t	 keypos;	/* -1 when absent */
};

/* One dataset against its structure, and where its records go. */
struct sdmx_ctx {
	struct sdmx_dim	 dims[SDMX_DIMS_MAX];	/* by level, then in order */
	size_t		 ndims;
	size_t		 first[SDMX_LEVELS];	/* first dim of each level */
	size_t		 nlevel[SDMX_LEVELS];
	size_t		 order[SDMX_DIMS_MAX];	/* code dims in key order */
	size_t		 norder;
	size_t		 tdim;			/* the time dimension */
	size_t		 idx[SDMX_DIMS_MAX];	/* current value per dim */
	struct recvec	*out;			/* NULL: check only */
	char		 prefix[SDMX_PREFIX_MAX];	/* "dataSets[1] " or "" */
	char		*err;
	size_t		 errlen;
};

static const char *sdmx_level_names[SDMX_LEVELS] =
    { "dataSet", "series", "observation" };

/*
 * Member key of object o, matched exactly or else case-insensitively:
 * publishers and the specification's own samples differ in case
 * ("dataSet" and "dataset", "dataSets" and "datasets").
 */
static json_t *
sdmx_get(json_t *o, const char *key)
{
	const char	*k;
	json_t		*v;

	if ((v = json_object_get(o, key)) != NULL)
		return v;
	json_object_foreach(o, k, v) {
		if (strcasecmp(k, key) == 0)
			return v;
	}
	return NULL;
}

/* 1 if r (a string or an array of strings) names the time role. */
static int
sdmx_role_is_time(json_t *r)
{
	const char	*s;
	size_t		 i;

	if (json_is_string(r)) {
		s = json_string_value(r);
		return strcasecmp(s, "time") == 0 ||
		    strcasecmp(s, "TIME_PERIOD") == 0;
	}
	for (i = 0; i < json_array_size(r); i++)
		if (sdmx_role_is_time(json_array_get(r, i)))
			return 1;
	return 0;
}

/* 1 if dimension object d is the time dimension by role or name. */
static int
sdmx_dim_is_time(json_t *d, const char *id, int strict)
{
	if (!strict)
		return strcasecmp(id, "TIME") == 0;
	return strcasecmp(id, "TIME_PERIOD") == 0 ||
	    sdmx_role_is_time(sdmx_get(d, "role")) ||
	    sdmx_role_is_time(sdmx_get(d, "roles"));
}

/* Check a dimension's values: non-empty array of objects with string ids. */
static int
sdmx_dim_values(struct sdmx_ctx *c, struct sdmx_dim *d, int level)
{
	char	 q[REC_QUOTE_MAX];
	json_t	*v;
	size_t	 i;

	if (!json_is_array(d->values) || json_array_size(d->values) == 0 ||
	    (level == SDMX_DATASET && json_array_size(d->values) != 1)) {
		snprintf(c->err, c->errlen, "structure: dimension %s: bad "
		    "values", rec_quote(d->id, strlen(d->id), q));
		return -1;
	}
	for (i = 0; i < json_array_size(d->values); i++) {
		v = json_object_get(json_array_get(d->values, i), "id");
		if (!json_is_string(v) || json_string_length(v) == 0) {
			snprintf(c->err, c->errlen, "structure: dimension %s "
			    "value %zu: no id", rec_quote(d->id, strlen(d->id),
			    q), i);
			return -1;
		}
	}
	return 0;
}

/* One dimension object o of a level into d. */
static int
sdmx_dim(struct sdmx_ctx *c, struct sdmx_dim *d, json_t *o, int level,
    size_t i)
{
	char	 q[REC_QUOTE_MAX];
	json_t	*kp;

	d->id = json_string_value(sdmx_get(o, "id"));
	d->values = sdmx_get(o, "values");
	if (d->id == NULL) {
		snprintf(c->err, c->errlen, "structure: dimensions.%s[%zu]: "
		    "no id", sdmx_level_names[level], i);
		return -1;
	}
	kp = sdmx_get(o, "keyPosition");
	if (rec_json_conflict(kp)) {
		snprintf(c->err, c->errlen, "structure: dimension %s: "
		    "differing keyPosition values", rec_quote(d->id,
		    strlen(d->id), q));
		return -1;
	}
	d->keypos = json_is_integer(kp) ? json_integer_value(kp) : -1;
	return sdmx_dim_values(c, d, level);
}

/* Append the dimensions of one level (an array, absent is empty). */
static int
sdmx_level(struct sdmx_ctx *c, json_t *dims, int level)
{
	size_t	 i;

	c->first[level] = c->ndims;
	c->nlevel[level] = json_array_size(dims);
	if (dims != NULL && !json_is_array(dims)) {
		snprintf(c->err, c->errlen, "structure: dimensions.%s is not "
		    "an array", sdmx_level_names[level]);
		return -1;
	}
	for (i = 0; i < json_array_size(dims); i++) {
		if (c->ndims == SDMX_DIMS_MAX) {
			snprintf(c->err, c->errlen, "structure: more than %d "
			    "dimensions", SDMX_DIMS_MAX);
			return -1;
		}
		if (sdmx_dim(c, &c->dims[c->ndims++], json_array_get(dims, i),
		    level, i) == -1)
			return -1;
	}
	return 0;
}

/* Find the one time dimension: by role or TIME_PERIOD, else by id TIME. */
static int
sdmx_find_time(struct sdmx_ctx *c, json_t *all[SDMX_DIMS_MAX])
{
	size_t	 i, n;
	int	 strict;

	for (strict = 1; strict >= 0; strict--) {
		for (i = n = 0; i < c->ndims; i++) {
			if (sdmx_dim_is_time(all[i], c->dims[i].id, strict)) {
				c->tdim = i;
				n++;
			}
		}
		if (n == 1)
			return 0;
		if (n > 1) {
			snprintf(c->err, c->errlen, "structure: several time "
			    "dimensions");
			return -1;
		}
	}
	snprintf(c->err, c->errlen, "structure: no TIME_PERIOD dimension");
	return -1;
}

/* The code dimensions: all but time, by keyPosition if all have one. */
static void
sdmx_order(struct sdmx_ctx *c)
{
	size_t	 i, j, t;
	int	 bykey = 1;

	c->norder = 0;
	for (i = 0; i < c->ndims; i++) {
		if (i == c->tdim)
			continue;
		c->order[c->norder++] = i;
		if (c->dims[i].keypos < 0)
			bykey = 0;
	}
	if (!bykey)
		return;
	for (i = 1; i < c->norder; i++) {
		t = c->order[i];
		for (j = i; j > 0 &&
		    c->dims[c->order[j - 1]].keypos > c->dims[t].keypos; j--)
			c->order[j] = c->order[j - 1];
		c->order[j] = t;
	}
}

static int
sdmx_structure(struct sdmx_ctx *c, json_t *st)
{
	json_t	*dims = sdmx_get(st, "dimensions"), *lv;
	json_t	*all[SDMX_DIMS_MAX];
	size_t	 i, l;

	if (!json_is_object(dims)) {
		snprintf(c->err, c->errlen, "structure: no dimensions");
		return -1;
	}
	c->ndims = 0;
	for (l = 0; l < SDMX_LEVELS; l++) {
		lv = sdmx_get(dims, sdmx_level_names[l]);
		if (sdmx_level(c, lv, l) == -1)
			return -1;
		for (i = 0; i < c->nlevel[l]; i++)
			all[c->first[l] + i] = json_array_get(lv, i);
	}
	for (i = 0; i < c->nlevel[SDMX_DATASET]; i++)
		c->idx[i] = 0;
	if (sdmx_find_time(c, all) == -1)
		return -1;
	sdmx_order(c);
	return 0;
}

/*
 * Set the value indices of n dimensions from first on from a key such as
 * "0:1:0": a series key, or an observation key (of a flat dataset it spans
 * the series and observation dimensions); what names them in the reason
 * put in why on -1.
 */
static int
sdmx_key(struct sdmx_ctx *c, size_t first, size_t n, const char *what,
    const char *key, char *why, size_t whylen)
{
	struct sdmx_dim	*d;
	const char	*p = key;
	unsigned long	 v;
	size_t		 i, nd;
	char		 q[REC_QUOTE_MAX];

	for (i = 0; i < n; i++) {
		if ((i > 0 && *p++ != ':') || !isdigit((unsigned char)*p))
			goto bad;
		for (v = 0, nd = 0; isdigit((unsigned char)*p); p++, nd++)
			v = v * 10 + (*p - '0');
		if (nd > SDMX_INDEX_DIGITS)
			goto bad;
		d = &c->dims[first + i];
		if (v >= json_array_size(d->values)) {
			snprintf(why, whylen, "key index %lu out of range for "
			    "dimension %s", v, rec_quote(d->id, strlen(d->id),
			    q));
			return -1;
		}
		c->idx[first + i] = v;
	}
	if (*p == '\0')
		return 0;
bad:
	snprintf(why, whylen, "bad key: %zu %s dimension%s expected", n, what,
	    n == 1 ? "" : "s");
	return -1;
}

static const char *
sdmx_value_id(struct sdmx_ctx *c, size_t dim)
{
	return json_string_value(json_object_get(json_array_get(
	    c->dims[dim].values, c->idx[dim]), "id"));
}

/* Hand one skipped record to the sink: where is its place, without prefix. */
static void
sdmx_reject(struct sdmx_ctx *c, const char *where, const char *why)
{
	char	 place[REC_PLACE_MAX];

	snprintf(place, sizeof(place), "%s%s", c->prefix, where);
	recvec_reject(c->out, place, why);
}

/* The code and period of the observation whose indices are set in c. */
static int
sdmx_obs_key(struct sdmx_ctx *c, struct rec *r, char *why, size_t whylen)
{
	const char	*t;
	size_t		 i;

	for (i = 0; i < c->norder; i++) {
		if (rec_code_add(r->code, sizeof(r->code),
		    sdmx_value_id(c, c->order[i])) == -1) {
			snprintf(why, whylen, "code longer than %d bytes",
			    REC_CODE_MAX - 1);
			return -1;
		}
	}
	t = sdmx_value_id(c, c->tdim);
	return rec_period_parse(t, strlen(t), &r->period, why, whylen);
}

/*
 * The value of a conflict whose duplicates all carry the same value and
 * differ only in attributes ([1.5, 0] and [1.5, 1]), else NULL.
 */
static json_t *
sdmx_conflict_value(json_t *val)
{
	json_t	*alts = json_object_get(val, JDUP_CONFLICT_KEY);
	json_t	*v, *first = NULL;
	size_t	 i;

	for (i = 0; i < json_array_size(alts); i++) {
		v = json_array_get(alts, i);
		if (json_is_array(v))
			v = json_array_get(v, 0);
		if (v == NULL || (first != NULL && !json_equal(first, v)))
			return NULL;
		if (first == NULL)
			first = v;
	}
	return first;
}

/*
 * One observation value (an array [value, attr...] or a bare value) with
 * the indices in c set; key is where the publisher put it ("series 0:1:0
 * observation 4"). Null and an empty array are no value.
 */
static void
sdmx_obs(struct sdmx_ctx *c, json_t *val, const char *key)
{
	struct rec	 r;
	json_t		*same;
	char		 why[SDMX_WHY_MAX], where[SDMX_WHERE_MAX];
	char		 q[REC_QUOTE_MAX], p[PERIOD_STRLEN];

	memset(&r, 0, sizeof(r));
	if (rec_json_conflict(val) && (same = sdmx_conflict_value(val)) != NULL)
		val = same;
	else if (json_is_array(val))
		val = json_array_get(val, 0);
	if (val == NULL || json_is_null(val))
		return;
	if (sdmx_obs_key(c, &r, why, sizeof(why)) == -1) {
		sdmx_reject(c, key, why);
		return;
	}
	period_format(&r.period, p, sizeof(p));
	snprintf(where, sizeof(where), "series %s period %s",
	    rec_quote(r.code, strlen(r.code), q), p);
	if (rec_json_conflict(val))
		sdmx_reject(c, where, "differing duplicate values");
	else if (rec_json_number(val, &r.value) == -1)
		sdmx_reject(c, where, "value is not a number");
	else
		recvec_push(c->out, &r);
}

/*
 * The observations object of one series (series is its key) or of a flat
 * dataset (series is NULL).
 */
static void
sdmx_observations(struct sdmx_ctx *c, json_t *obs, const char *series)
{
	char		 why[SDMX_WHY_MAX], where[SDMX_WHERE_MAX];
	char		 qs[REC_QUOTE_MAX], qo[REC_QUOTE_MAX];
	const char	*key;
	json_t		*val;
	size_t		 first, n;

	first = series != NULL ? c->first[SDMX_OBS] : c->first[SDMX_SERIES];
	n = c->nlevel[SDMX_OBS] + (series != NULL ? 0 : c->nlevel[SDMX_SERIES]);
	json_object_foreach(obs, key, val) {
		if (series != NULL)
			snprintf(where, sizeof(where), "series %s observation "
			    "%s", rec_quote(series, strlen(series), qs),
			    rec_quote(key, strlen(key), qo));
		else
			snprintf(where, sizeof(where), "observation %s",
			    rec_quote(key, strlen(key), qo));
		if (sdmx_key(c, first, n, "observation", key, why,
		    sizeof(why)) == -1)
			sdmx_reject(c, where, why);
		else
			sdmx_obs(c, val, where);
	}
}

/* One series object s under its key; -1 with the reason in why. */
static int
sdmx_one_series(struct sdmx_ctx *c, const char *key, json_t *s, char *why,
    size_t whylen)
{
	json_t	*obs;

	if (rec_json_conflict(s)) {
		snprintf(why, whylen, "differing duplicate series");
		return -1;
	}
	if (!json_is_object(s)) {
		snprintf(why, whylen, "not an object");
		return -1;
	}
	if (sdmx_key(c, c->first[SDMX_SERIES], c->nlevel[SDMX_SERIES],
	    "series", key, why, whylen) == -1)
		return -1;
	obs = sdmx_get(s, "observations");
	if (obs != NULL && !json_is_object(obs)) {
		snprintf(why, whylen, "observations is not an object");
		return -1;
	}
	sdmx_observations(c, obs, key);
	return 0;
}

static void
sdmx_series(struct sdmx_ctx *c, json_t *series)
{
	char		 why[SDMX_WHY_MAX], where[SDMX_WHERE_MAX];
	char		 q[REC_QUOTE_MAX];
	const char	*key;
	json_t		*s;

	json_object_foreach(series, key, s) {
		if (sdmx_one_series(c, key, s, why, sizeof(why)) == 0)
			continue;
		snprintf(where, sizeof(where), "series %s",
		    rec_quote(key, strlen(key), q));
		sdmx_reject(c, where, why);
	}
}

/*
 * The structure of dataset ds: an index into an array of structures
 * (default 0), or the one structure object. 2.x names the member
 * "structures", 1.0 "structure"; either may carry either form.
 */
static json_t *
sdmx_structure_of(json_t *ds, json_t *data)
{
	json_t		*st = sdmx_get(data, "structures");
	json_t		*i = sdmx_get(ds, "structure");
	json_int_t	 n = 0;

	if (st == NULL)
		st = sdmx_get(data, "structure");
	if (json_is_object(st))
		return st;
	if (i != NULL && !json_is_integer(i))
		return NULL;
	if (i != NULL)
		n = json_integer_value(i);
	return n < 0 ? NULL : json_array_get(st, (size_t)n);
}

/* The data members of a dataset are absent or objects. */
static int
sdmx_data_shape(struct sdmx_ctx *c, json_t *series, json_t *obs)
{
	if (series != NULL && !json_is_object(series)) {
		snprintf(c->err, c->errlen, "%sseries: not an object",
		    c->prefix);
		return -1;
	}
	if (obs != NULL && !json_is_object(obs)) {
		snprintf(c->err, c->errlen, "%sobservations: not an object",
		    c->prefix);
		return -1;
	}
	return 0;
}

/* Check one dataset and, when c->out is set, append its records. */
static int
sdmx_dataset(struct sdmx_ctx *c, json_t *ds, json_t *data)
{
	const char	*action;
	json_t		*st, *series, *obs;

	if (!json_is_object(ds)) {
		snprintf(c->err, c->errlen, "%sdataset is not an object",
		    c->prefix);
		return -1;
	}
	action = json_string_value(sdmx_get(ds, "action"));
	if (action != NULL && strcasecmp(action, "Delete") == 0)
		return 0;
	if ((st = sdmx_structure_of(ds, data)) == NULL) {
		snprintf(c->err, c->errlen, "%sno structure for the dataset",
		    c->prefix);
		return -1;
	}
	series = sdmx_get(ds, "series");
	obs = sdmx_get(ds, "observations");
	if (sdmx_structure(c, st) == -1 ||
	    sdmx_data_shape(c, series, obs) == -1)
		return -1;
	if (c->out == NULL)
		return 0;
	sdmx_series(c, series);
	sdmx_observations(c, obs, NULL);
	return 0;
}

/* A message without datasets: report its first error, if any. */
static void
sdmx_errors(json_t *root, char *err, size_t errlen)
{
	json_t		*e = json_array_get(sdmx_get(root, "errors"), 0);
	const char	*s;
	char		 q[REC_QUOTE_MAX];

	s = json_string_value(e);
	if (s == NULL)
		s = json_string_value(json_object_get(e, "title"));
	if (s == NULL)
		s = json_string_value(json_object_get(e, "detail"));
	if (s == NULL)
		s = json_string_value(json_object_get(e, "message"));
	if (s == NULL) {
		snprintf(err, errlen, "not an SDMX-JSON data message "
		    "(no dataSets)");
		return;
	}
	rec_quote(s, strlen(s), q);
	if (json_is_integer(json_object_get(e, "code")))
		snprintf(err, errlen, "SDMX error %lld: %s", (long long)
		    json_integer_value(json_object_get(e, "code")), q);
	else
		snprintf(err, errlen, "SDMX error: %s", q);
}

/*
 * Walk every dataset: first only checking (out NULL), so that a message
 * that fails reports no skipped records, then appending to out.
 */
static int
sdmx_datasets(json_t *dss, json_t *data, struct recvec *out, char *err,
    size_t errlen)
{
	struct sdmx_ctx	 c;
	size_t		 i;

	memset(&c, 0, sizeof(c));
	c.out = out;
	c.err = err;
	c.errlen = errlen;
	for (i = 0; i < json_array_size(dss); i++) {
		if (json_array_size(dss) > 1)
			snprintf(c.prefix, sizeof(c.prefix), "dataSets[%zu] ",
			    i);
		if (sdmx_dataset(&c, json_array_get(dss, i), data) == -1)
			return -1;
	}
	return 0;
}

int
sdmx_parse(const char *body, size_t len, struct recvec *out, char *err,
    size_t errlen)
{
	json_t	*root, *data, *dss;
	int	 rc = -1;

	if (len >= 3 && memcmp(body, "\xef\xbb\xbf", 3) == 0) {
		body += 3;	/* a UTF-8 byte order mark */
		len -= 3;
	}
	if ((root = rec_json_load(body, len, err, errlen)) == NULL)
		return -1;
	data = sdmx_get(root, "data");
	if (!json_is_object(data) || sdmx_get(data, "dataSets") == NULL)
		data = root;
	if ((dss = sdmx_get(data, "dataSets")) == NULL) {
		sdmx_errors(root, err, errlen);
		goto out;
	}
	if (!json_is_array(dss)) {
		snprintf(err, errlen, "dataSets: not an array");
		goto out;
	}
	if (sdmx_datasets(dss, data, NULL, err, errlen) == -1)
		goto out;
	rc = sdmx_datasets(dss, data, out, err, errlen);
out:
	json_decref(root);
	return rc;
}
