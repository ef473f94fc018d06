/* jsonstat.c: JSON-stat 2.0 datasets into records. */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "jsonstat.h"
#include "xmalloc.h"

#define JSONSTAT_WHY_MAX	256
#define JSONSTAT_CELLS_MAX	(1ULL << 52)	/* exact as doubles, too */

struct jsonstat_dim {
	const char	*id;
	size_t		 size;
	const char	**cat;		/* category id by position */
};

struct jsonstat_ctx {
	struct jsonstat_dim	 dims[JSONSTAT_DIMS_MAX];
	size_t			 ndims;
	size_t			 tdim;
	uint64_t		 cells;		/* product of the sizes */
	struct recvec		*out;
	char			*err;
	size_t			 errlen;
};

static const char *jsonstat_time_names[] =
    { "time", "year", "TIME_PERIOD", "Tid" };

/* Error about dimension id: "dimension \"geo\": " and the reason. */
static int __attribute__((format(printf, 3, 4)))
jsonstat_dim_error(struct jsonstat_ctx *c, const char *id, const char *fmt,
    ...)
{
	char	 q[REC_QUOTE_MAX], why[JSONSTAT_WHY_MAX];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	snprintf(c->err, c->errlen, "dimension \"%s\": %s",
	    rec_quote(id, strlen(id), q), why);
	return -1;
}

/* Category index as an array of ids. */
static int
jsonstat_cat_array(struct jsonstat_ctx *c, struct jsonstat_dim *d, json_t *ix)
{
	size_t	 i;

	for (i = 0; i < d->size; i++) {
		d->cat[i] = json_string_value(json_array_get(ix, i));
		if (d->cat[i] == NULL || d->cat[i][0] == '\0')
			return jsonstat_dim_error(c, d->id, "category index "
			    "[%zu] is not an id", i);
	}
	return 0;
}

/* Category index as an object {id: position}; every position once. */
static int
jsonstat_cat_object(struct jsonstat_ctx *c, struct jsonstat_dim *d, json_t *ix)
{
	const char	*key;
	json_t		*pos;
	json_int_t	 p;

	json_object_foreach(ix, key, pos) {
		p = json_integer_value(pos);
		if (!json_is_integer(pos) || p < 0 || (uint64_t)p >= d->size ||
		    key[0] == '\0')
			return jsonstat_dim_error(c, d->id, "category index "
			    "has a bad position");
		if (d->cat[p] != NULL)
			return jsonstat_dim_error(c, d->id, "category index "
			    "has position %lld twice", (long long)p);
		d->cat[p] = key;
	}
	return 0;
}

static int
jsonstat_category(struct jsonstat_ctx *c, struct jsonstat_dim *d, json_t *dim)
{
	json_t		*cat = json_object_get(dim, "category"), *ix, *lab;
	size_t		 n;

	ix = json_object_get(cat, "index");
	lab = json_object_get(cat, "label");
	if (ix == NULL && json_object_size(lab) == 1) {
		d->cat = xcalloc(1, sizeof(*d->cat));
		d->cat[0] = json_object_iter_key(json_object_iter(lab));
		return d->size == 1 ? 0 : jsonstat_dim_error(c, d->id,
		    "1 category, size %zu", d->size);
	}
	if (!json_is_array(ix) && !json_is_object(ix))
		return jsonstat_dim_error(c, d->id, "no category index");
	n = json_is_array(ix) ? json_array_size(ix) : json_object_size(ix);
	if (n != d->size)
		return jsonstat_dim_error(c, d->id, "%zu categories, size %zu",
		    n, d->size);
	d->cat = xcalloc(n, sizeof(*d->cat));
	if (json_is_array(ix))
		return jsonstat_cat_array(c, d, ix);
	return jsonstat_cat_object(c, d, ix);
}

/* id[] and size[] into c->dims, and the number of cells. */
static int
jsonstat_sizes(struct jsonstat_ctx *c, json_t *root)
{
	json_t		*ids = json_object_get(root, "id");
	json_t		*sizes = json_object_get(root, "size");
	json_t		*sz;
	size_t		 i;

	c->ndims = json_array_size(ids);
	if (c->ndims == 0 || c->ndims > JSONSTAT_DIMS_MAX ||
	    json_array_size(sizes) != c->ndims) {
		snprintf(c->err, c->errlen, "id and size must be arrays of "
		    "1 to %d dimensions of equal length", JSONSTAT_DIMS_MAX);
		return -1;
	}
	for (i = 0, c->cells = 1; i < c->ndims; i++) {
		sz = json_array_get(sizes, i);
		if ((c->dims[i].id = json_string_value(json_array_get(ids, i)))
		    == NULL) {
			snprintf(c->err, c->errlen, "id[%zu]: not a string", i);
			return -1;
		}
		if (!json_is_integer(sz) || json_integer_value(sz) < 1 ||
		    (uint64_t)json_integer_value(sz) > JSONSTAT_CELLS_MAX /
		    c->cells) {
			snprintf(c->err, c->errlen, "size[%zu]: not a count, "
			    "or too many cells", i);
			return -1;
		}
		c->dims[i].size = (size_t)json_integer_value(sz);
		c->cells *= c->dims[i].size;
	}
	return 0;
}

/* The categories of every dimension, from dimension{}. */
static int
jsonstat_dims(struct jsonstat_ctx *c, json_t *root)
{
	json_t	*dim;
	size_t	 i;

	if (jsonstat_sizes(c, root) == -1)
		return -1;
	for (i = 0; i < c->ndims; i++) {
		dim = json_object_get(json_object_get(root, "dimension"),
		    c->dims[i].id);
		if (!json_is_object(dim))
			return jsonstat_dim_error(c, c->dims[i].id,
			    "missing from dimension");
		if (jsonstat_category(c, &c->dims[i], dim) == -1)
			return -1;
	}
	return 0;
}

/* Index of the dimension whose id is s, or -1. */
static int
jsonstat_dim_index(struct jsonstat_ctx *c, const char *s)
{
	size_t	 i;

	for (i = 0; i < c->ndims; i++)
		if (strcmp(c->dims[i].id, s) == 0)
			return (int)i;
	return -1;
}

/* 1 if id is a usual name of a time dimension. */
static int
jsonstat_time_name(const char *id)
{
	size_t	 k;

	for (k = 0; k < sizeof(jsonstat_time_names) /
	    sizeof(jsonstat_time_names[0]); k++)
		if (strcasecmp(id, jsonstat_time_names[k]) == 0)
			return 1;
	return 0;
}

/* How many dimensions role.time names; sets c->tdim to the last. */
static size_t
jsonstat_time_byrole(struct jsonstat_ctx *c, json_t *root)
{
	json_t		*rt = json_object_get(json_object_get(root, "role"),
			    "time");
	const char	*s;
	size_t		 i, n = 0;
	int		 t;

	for (i = 0; i < json_array_size(rt); i++) {
		s = json_string_value(json_array_get(rt, i));
		if (s != NULL && (t = jsonstat_dim_index(c, s)) != -1) {
			c->tdim = (size_t)t;
			n++;
		}
	}
	return n;
}

/* How many dimensions have a usual time name; sets c->tdim to the last. */
static size_t
jsonstat_time_byname(struct jsonstat_ctx *c)
{
	size_t	 i, n = 0;

	for (i = 0; i < c->ndims; i++) {
		if (jsonstat_time_name(c->dims[i].id)) {
			c->tdim = i;
			n++;
		}
	}
	return n;
}

/* The time dimension: the one role.time names, else by its usual name. */
static int
jsonstat_time(struct jsonstat_ctx *c, json_t *root)
{
	size_t	 n;

	if ((n = jsonstat_time_byrole(c, root)) == 0)
		n = jsonstat_time_byname(c);
	if (n == 1)
		return 0;
	snprintf(c->err, c->errlen, "%s time dimension (role.time, or id "
	    "time, year, TIME_PERIOD or Tid)", n == 0 ? "no" : "more than one");
	return -1;
}

/*
 * Cell k with JSON value v into a record. Returns 0 (a record or a null
 * skipped) or -1 with the reason in why.
 */
static int
jsonstat_cell(struct jsonstat_ctx *c, uint64_t k, json_t *v, char *why,
    size_t whylen)
{
	struct rec	 r;
	size_t		 pos[JSONSTAT_DIMS_MAX], i;
	const char	*t;
	int		 rc;

	memset(&r, 0, sizeof(r));
	if ((rc = rec_json_number(v, &r.value)) == 1)
		return 0;
	if (rc == -1) {
		snprintf(why, whylen, "not a number");
		return -1;
	}
	for (i = c->ndims; i-- > 0; k /= c->dims[i].size)
		pos[i] = k % c->dims[i].size;
	t = c->dims[c->tdim].cat[pos[c->tdim]];
	if (rec_period_parse(t, strlen(t), &r.period, why, whylen) == -1)
		return -1;
	for (i = 0; i < c->ndims; i++) {
		if (i != c->tdim && rec_code_add(r.code, sizeof(r.code),
		    c->dims[i].cat[pos[i]]) == -1) {
			snprintf(why, whylen, "code longer than %d bytes",
			    REC_CODE_MAX - 1);
			return -1;
		}
	}
	recvec_push(c->out, &r);
	return 0;
}

static int
jsonstat_dense(struct jsonstat_ctx *c, json_t *val)
{
	char	 why[JSONSTAT_WHY_MAX];
	size_t	 i;

	if (json_array_size(val) != c->cells) {
		snprintf(c->err, c->errlen, "value has %zu entries, the sizes "
		    "make %llu", json_array_size(val),
		    (unsigned long long)c->cells);
		return -1;
	}
	for (i = 0; i < json_array_size(val); i++) {
		if (jsonstat_cell(c, i, json_array_get(val, i), why,
		    sizeof(why)) == -1) {
			snprintf(c->err, c->errlen, "value[%zu]: %s", i, why);
			return -1;
		}
	}
	return 0;
}

/* A sparse cell number: decimal digits, below c->cells. */
static int
jsonstat_key(struct jsonstat_ctx *c, const char *key, uint64_t *k)
{
	const char	*p;

	if (*key == '\0' || (key[0] == '0' && key[1] != '\0'))
		return -1;
	for (*k = 0, p = key; *p != '\0'; p++) {
		if (!isdigit((unsigned char)*p) || *k >= c->cells)
			return -1;
		*k = *k * 10 + (uint64_t)(*p - '0');
	}
	return *k < c->cells ? 0 : -1;
}

static int
jsonstat_sparse(struct jsonstat_ctx *c, json_t *val)
{
	char		 why[JSONSTAT_WHY_MAX], q[REC_QUOTE_MAX];
	const char	*key;
	json_t		*v;
	uint64_t	 k;

	json_object_foreach(val, key, v) {
		if (jsonstat_key(c, key, &k) == -1) {
			snprintf(c->err, c->errlen, "value[%s]: not a cell "
			    "number below %llu", rec_quote(key, strlen(key), q),
			    (unsigned long long)c->cells);
			return -1;
		}
		if (jsonstat_cell(c, k, v, why, sizeof(why)) == -1) {
			snprintf(c->err, c->errlen, "value[%s]: %s", key, why);
			return -1;
		}
	}
	return 0;
}

/* Only class "dataset" is read. */
static int
jsonstat_class(json_t *root, char *err, size_t errlen)
{
	const char	*cl = json_string_value(json_object_get(root, "class"));
	char		 q[REC_QUOTE_MAX];

	if (json_is_object(root) && cl != NULL && strcmp(cl, "dataset") == 0)
		return 0;
	if (cl == NULL)
		snprintf(err, errlen, "not a JSON-stat 2.0 dataset (no class)");
	else
		snprintf(err, errlen, "class \"%s\" is not supported (a "
		    "JSON-stat 2.0 dataset is needed)",
		    rec_quote(cl, strlen(cl), q));
	return -1;
}

int
jsonstat_parse(const char *body, size_t len, struct recvec *out, char *err,
    size_t errlen)
{
	struct jsonstat_ctx	*c;
	json_t			*root, *val;
	size_t			 i, n0 = out->n;
	int			 rc = -1;

	if ((root = rec_json_load(body, len, err, errlen)) == NULL)
		return -1;
	c = xcalloc(1, sizeof(*c));
	c->out = out;
	c->err = err;
	c->errlen = errlen;
	if (jsonstat_class(root, err, errlen) == -1 ||
	    jsonstat_dims(c, root) == -1 || jsonstat_time(c, root) == -1)
		goto out;
	val = json_object_get(root, "value");
	if (json_is_array(val))
		rc = jsonstat_dense(c, val);
	else if (json_is_object(val))
		rc = jsonstat_sparse(c, val);
	else
		snprintf(err, errlen, "value: not an array or object");
out:
	if (rc == -1)
		out->n = n0;
	for (i = 0; i < JSONSTAT_DIMS_MAX; i++)
		free(c->dims[i].cat);
	free(c);
	json_decref(root);
	return rc;
}
