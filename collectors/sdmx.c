/* sdmx.c: SDMX-JSON data messages (1.0 and 2.x) into records. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "sdmx.h"

#define SDMX_WHY_MAX	256
#define SDMX_INDEX_DIGITS	9	/* bound on one key part */

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

/* One dataset against its structure, and where the error goes. */
struct sdmx_ctx {
	struct sdmx_dim	 dims[SDMX_DIMS_MAX];	/* by level, then in order */
	size_t		 ndims;
	size_t		 first[SDMX_LEVELS];	/* first dim of each level */
	size_t		 nlevel[SDMX_LEVELS];
	size_t		 order[SDMX_DIMS_MAX];	/* code dims in key order */
	size_t		 norder;
	size_t		 tdim;			/* the time dimension */
	size_t		 idx[SDMX_DIMS_MAX];	/* current value per dim */
	struct recvec	*out;
	char		 prefix[32];		/* "dataSets[1] " or "" */
	char		*err;
	size_t		 errlen;
};

static const char *sdmx_level_names[SDMX_LEVELS] =
    { "dataSet", "series", "observation" };

/* 1 if dimension object d is the time dimension by role or name. */
static int
sdmx_dim_is_time(json_t *d, const char *id, int strict)
{
	json_t		*r;
	size_t		 i;
	const char	*s;

	if (!strict)
		return strcasecmp(id, "TIME") == 0;
	if (strcasecmp(id, "TIME_PERIOD") == 0)
		return 1;
	if ((s = json_string_value(json_object_get(d, "role"))) != NULL &&
	    strcasecmp(s, "time") == 0)
		return 1;
	r = json_object_get(d, "roles");
	for (i = 0; i < json_array_size(r); i++) {
		s = json_string_value(json_array_get(r, i));
		if (s != NULL && strcasecmp(s, "TIME_PERIOD") == 0)
			return 1;
	}
	return 0;
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

/* Append the dimensions of one level (an array, absent is empty). */
static int
sdmx_level(struct sdmx_ctx *c, json_t *dims, int level)
{
	struct sdmx_dim	*d;
	json_t		*o, *kp;
	size_t		 i;

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
		o = json_array_get(dims, i);
		d = &c->dims[c->ndims++];
		d->id = json_string_value(json_object_get(o, "id"));
		d->values = json_object_get(o, "values");
		kp = json_object_get(o, "keyPosition");
		d->keypos = json_is_integer(kp) ? json_integer_value(kp) : -1;
		if (d->id == NULL) {
			snprintf(c->err, c->errlen, "structure: dimensions.%s"
			    "[%zu]: no id", sdmx_level_names[level], i);
			return -1;
		}
		if (sdmx_dim_values(c, d, level) == -1)
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
	json_t	*dims = json_object_get(st, "dimensions");
	json_t	*all[SDMX_DIMS_MAX];
	size_t	 i, l;

	if (!json_is_object(dims)) {
		snprintf(c->err, c->errlen, "structure: no dimensions");
		return -1;
	}
	c->ndims = 0;
	for (l = 0; l < SDMX_LEVELS; l++) {
		if (sdmx_level(c, json_object_get(dims, sdmx_level_names[l]),
		    l) == -1)
			return -1;
		for (i = 0; i < c->nlevel[l]; i++)
			all[c->first[l] + i] = json_array_get(json_object_get(
			    dims, sdmx_level_names[l]), i);
	}
	for (i = 0; i < c->nlevel[SDMX_DATASET]; i++)
		c->idx[i] = 0;
	if (sdmx_find_time(c, all) == -1)
		return -1;
	sdmx_order(c);
	return 0;
}

/*
 * Set the value indices of one level from a key such as "0:1:0". -1 with
 * the reason in why.
 */
static int
sdmx_key(struct sdmx_ctx *c, int level, const char *key, char *why,
    size_t whylen)
{
	struct sdmx_dim	*d;
	const char	*p = key;
	unsigned long	 v;
	size_t		 i, nd, n = c->nlevel[level];
	char		 q[REC_QUOTE_MAX];

	for (i = 0; i < n; i++) {
		if ((i > 0 && *p++ != ':') || !isdigit((unsigned char)*p))
			goto bad;
		for (v = 0, nd = 0; isdigit((unsigned char)*p); p++, nd++)
			v = v * 10 + (*p - '0');
		if (nd > SDMX_INDEX_DIGITS)
			goto bad;
		d = &c->dims[c->first[level] + i];
		if (v >= json_array_size(d->values)) {
			snprintf(why, whylen, "key index %lu out of range for "
			    "dimension %s", v, rec_quote(d->id, strlen(d->id),
			    q));
			return -1;
		}
		c->idx[c->first[level] + i] = v;
	}
	if (*p == '\0')
		return 0;
bad:
	snprintf(why, whylen, "bad key: %zu %s dimension%s expected", n,
	    sdmx_level_names[level], n == 1 ? "" : "s");
	return -1;
}

static const char *
sdmx_value_id(struct sdmx_ctx *c, size_t dim)
{
	return json_string_value(json_object_get(json_array_get(
	    c->dims[dim].values, c->idx[dim]), "id"));
}

/*
 * One observation value (an array [value, attr...] or a bare value) with
 * the indices in c set. Returns 0, or -1 with the reason in why.
 */
static int
sdmx_obs(struct sdmx_ctx *c, json_t *val, char *why, size_t whylen)
{
	struct rec	 r;
	const char	*t;
	size_t		 i;
	int		 rc;

	memset(&r, 0, sizeof(r));
	if (json_is_array(val) && json_array_size(val) == 0) {
		snprintf(why, whylen, "empty value array");
		return -1;
	}
	if (json_is_array(val))
		val = json_array_get(val, 0);
	if ((rc = rec_json_number(val, &r.value)) == 1)
		return 0;
	if (rc == -1) {
		snprintf(why, whylen, "value is not a number");
		return -1;
	}
	t = sdmx_value_id(c, c->tdim);
	if (rec_period_parse(t, strlen(t), &r.period, why, whylen) == -1)
		return -1;
	for (i = 0; i < c->norder; i++) {
		if (rec_code_add(r.code, sizeof(r.code),
		    sdmx_value_id(c, c->order[i])) == -1) {
			snprintf(why, whylen, "code longer than %d bytes",
			    REC_CODE_MAX - 1);
			return -1;
		}
	}
	recvec_push(c->out, &r);
	return 0;
}

/*
 * The observations object of one series (series is its key) or of a flat
 * dataset (series is NULL).
 */
static int
sdmx_observations(struct sdmx_ctx *c, json_t *obs, const char *series)
{
	char		 why[SDMX_WHY_MAX], where[2 * REC_QUOTE_MAX + 32];
	char		 q[REC_QUOTE_MAX];
	const char	*key;
	json_t		*val;

	where[0] = '\0';
	if (series != NULL)
		snprintf(where, sizeof(where), "series %s ",
		    rec_quote(series, strlen(series), q));
	if (obs != NULL && !json_is_object(obs)) {
		snprintf(c->err, c->errlen, "%s%sobservations: not an object",
		    c->prefix, where);
		return -1;
	}
	json_object_foreach(obs, key, val) {
		if (sdmx_key(c, SDMX_OBS, key, why, sizeof(why)) == -1 ||
		    sdmx_obs(c, val, why, sizeof(why)) == -1) {
			snprintf(c->err, c->errlen, "%s%sobservation %s: %s",
			    c->prefix, where, rec_quote(key, strlen(key), q),
			    why);
			return -1;
		}
	}
	return 0;
}

static int
sdmx_series(struct sdmx_ctx *c, json_t *series)
{
	char		 why[SDMX_WHY_MAX], q[REC_QUOTE_MAX];
	const char	*key;
	json_t		*s;

	if (!json_is_object(series)) {
		snprintf(c->err, c->errlen, "%sseries: not an object",
		    c->prefix);
		return -1;
	}
	json_object_foreach(series, key, s) {
		if (!json_is_object(s))
			snprintf(why, sizeof(why), "not an object");
		if (!json_is_object(s) ||
		    sdmx_key(c, SDMX_SERIES, key, why, sizeof(why)) == -1) {
			snprintf(c->err, c->errlen, "%sseries %s: %s",
			    c->prefix, rec_quote(key, strlen(key), q), why);
			return -1;
		}
		if (sdmx_observations(c, json_object_get(s, "observations"),
		    key) == -1)
			return -1;
	}
	return 0;
}

/* The structure of dataset ds: its index into structures, or the one. */
static json_t *
sdmx_structure_of(json_t *ds, json_t *data)
{
	json_t	*sts = json_object_get(data, "structures");
	json_t	*i = json_object_get(ds, "structure");

	if (!json_is_array(sts))
		return json_object_get(data, "structure");
	if (i == NULL)
		return json_array_get(sts, 0);
	return json_is_integer(i) ? json_array_get(sts, json_integer_value(i)) :
	    NULL;
}

static int
sdmx_dataset(struct sdmx_ctx *c, json_t *ds, json_t *data)
{
	const char	*action;
	json_t		*st;

	if (!json_is_object(ds)) {
		snprintf(c->err, c->errlen, "%sdataset is not an object",
		    c->prefix);
		return -1;
	}
	action = json_string_value(json_object_get(ds, "action"));
	if (action != NULL && strcasecmp(action, "Delete") == 0)
		return 0;
	if ((st = sdmx_structure_of(ds, data)) == NULL) {
		snprintf(c->err, c->errlen, "%sno structure for the dataset",
		    c->prefix);
		return -1;
	}
	if (sdmx_structure(c, st) == -1)
		return -1;
	if (json_object_get(ds, "series") != NULL &&
	    sdmx_series(c, json_object_get(ds, "series")) == -1)
		return -1;
	if (json_object_get(ds, "observations") == NULL)
		return 0;
	if (c->nlevel[SDMX_SERIES] > 0) {
		snprintf(c->err, c->errlen, "%sobservations: the structure has "
		    "series dimensions", c->prefix);
		return -1;
	}
	return sdmx_observations(c, json_object_get(ds, "observations"), NULL);
}

/* A message without datasets: report its first error, if any. */
static void
sdmx_errors(json_t *root, char *err, size_t errlen)
{
	json_t		*e = json_array_get(json_object_get(root, "errors"), 0);
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

int
sdmx_parse(const char *body, size_t len, struct recvec *out, char *err,
    size_t errlen)
{
	struct sdmx_ctx	 c;
	json_t		*root, *data, *dss;
	size_t		 i, n0 = out->n;
	int		 rc = -1;

	if ((root = rec_json_load(body, len, err, errlen)) == NULL)
		return -1;
	data = json_object_get(root, "data");
	if (!json_is_object(data))
		data = root;
	if (!json_is_array(dss = json_object_get(data, "dataSets"))) {
		sdmx_errors(root, err, errlen);
		goto out;
	}
	memset(&c, 0, sizeof(c));
	c.out = out;
	c.err = err;
	c.errlen = errlen;
	for (i = 0; i < json_array_size(dss); i++) {
		if (json_array_size(dss) > 1)
			snprintf(c.prefix, sizeof(c.prefix), "dataSets[%zu] ",
			    i);
		if (sdmx_dataset(&c, json_array_get(dss, i), data) == -1)
			goto out;
	}
	rc = 0;
out:
	if (rc == -1)
		out->n = n0;
	json_decref(root);
	return rc;
}
