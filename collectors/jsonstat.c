/* jsonstat.c: JSON-stat 1.0 bundles, 2.0 datasets and collections into records. */
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
#define JSONSTAT_COUNT_DIGITS	15		/* a size written as text */

struct jsonstat_dim {
	const char	*id;
	size_t		 size;
	const char	**cat;		/* category id by position */
};

/* One dataset being read. */
struct jsonstat_ds {
	const char		*name;		/* in places; NULL: none */
	json_t			*value;
	struct jsonstat_dim	 dims[JSONSTAT_DIMS_MAX];
	size_t			 ndims;
	size_t			 tdim;
	uint64_t		 cells;		/* product of the sizes */
	char			*err;
	size_t			 errlen;
};

/* The datasets of a document, in document order. */
struct jsonstat_doc {
	const char	*kind;		/* "bundle", "collection", "dataset" */
	json_t		**set;
	const char	**name;		/* NULL: the dataset has none */
	size_t		*item;		/* position in link.item[] */
	size_t		 n;
	size_t		 cap;
};

static const char *jsonstat_time_names[] =
    { "time", "year", "TIME_PERIOD", "Tid" };

/* Error about dimension id: "dimension \"geo\": " and the reason. */
static int __attribute__((format(printf, 3, 4)))
jsonstat_dim_error(struct jsonstat_ds *d, const char *id, const char *fmt,
    ...)
{
	char	 q[REC_QUOTE_MAX], why[JSONSTAT_WHY_MAX];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	snprintf(d->err, d->errlen, "dimension \"%s\": %s",
	    rec_quote(id, strlen(id), q), why);
	return -1;
}

/* Member key of dataset js: at its top (2.0), else in dimension (1.0). */
static json_t *
jsonstat_member(json_t *js, const char *key)
{
	json_t	*j;

	if ((j = json_object_get(js, key)) != NULL)
		return j;
	return json_object_get(json_object_get(js, "dimension"), key);
}

/* Category index as an array of ids. */
static int
jsonstat_cat_array(struct jsonstat_ds *d, struct jsonstat_dim *dim,
    json_t *ix)
{
	size_t	 i;

	for (i = 0; i < dim->size; i++) {
		dim->cat[i] = json_string_value(json_array_get(ix, i));
		if (dim->cat[i] == NULL || dim->cat[i][0] == '\0')
			return jsonstat_dim_error(d, dim->id, "category index "
			    "[%zu] is not an id", i);
	}
	return 0;
}

/* Category index as an object {id: position}; every position once. */
static int
jsonstat_cat_object(struct jsonstat_ds *d, struct jsonstat_dim *dim,
    json_t *ix)
{
	const char	*key;
	json_t		*pos;
	json_int_t	 p;

	json_object_foreach(ix, key, pos) {
		p = json_integer_value(pos);
		if (!json_is_integer(pos) || p < 0 ||
		    (uint64_t)p >= dim->size || key[0] == '\0')
			return jsonstat_dim_error(d, dim->id, "category index "
			    "has a bad position");
		if (dim->cat[p] != NULL)
			return jsonstat_dim_error(d, dim->id, "category index "
			    "has position %lld twice", (long long)p);
		dim->cat[p] = key;
	}
	return 0;
}

static int
jsonstat_category(struct jsonstat_ds *d, struct jsonstat_dim *dim,
    json_t *js)
{
	json_t		*cat = json_object_get(js, "category"), *ix, *lab;
	size_t		 n;

	ix = json_object_get(cat, "index");
	lab = json_object_get(cat, "label");
	if (ix == NULL && json_object_size(lab) == 1) {
		dim->cat = xcalloc(1, sizeof(*dim->cat));
		dim->cat[0] = json_object_iter_key(json_object_iter(lab));
		return dim->size == 1 ? 0 : jsonstat_dim_error(d, dim->id,
		    "1 category, size %zu", dim->size);
	}
	if (!json_is_array(ix) && !json_is_object(ix))
		return jsonstat_dim_error(d, dim->id, "no category index");
	n = json_is_array(ix) ? json_array_size(ix) : json_object_size(ix);
	if (n != dim->size)
		return jsonstat_dim_error(d, dim->id,
		    "%zu categories, size %zu", n, dim->size);
	dim->cat = xcalloc(n, sizeof(*dim->cat));
	if (json_is_array(ix))
		return jsonstat_cat_array(d, dim, ix);
	return jsonstat_cat_object(d, dim, ix);
}

/* A size: a positive integer, or a string of decimal digits holding one. */
static int
jsonstat_count(json_t *j, uint64_t *n)
{
	const char	*s = json_string_value(j);
	size_t		 i, len = json_string_length(j);

	if (json_is_integer(j)) {
		*n = (uint64_t)json_integer_value(j);
		return json_integer_value(j) < 1 ? -1 : 0;
	}
	if (s == NULL || len == 0 || len > JSONSTAT_COUNT_DIGITS ||
	    s[0] == '0')
		return -1;
	for (*n = 0, i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		*n = *n * 10 + (uint64_t)(s[i] - '0');
	}
	return 0;
}

/* id[] and size[] into d->dims, and the number of cells. */
static int
jsonstat_sizes(struct jsonstat_ds *d, json_t *js)
{
	json_t		*ids = jsonstat_member(js, "id");
	json_t		*sizes = jsonstat_member(js, "size");
	uint64_t	 n;
	size_t		 i;

	d->ndims = json_array_size(ids);
	if (d->ndims == 0 || d->ndims > JSONSTAT_DIMS_MAX ||
	    json_array_size(sizes) != d->ndims) {
		snprintf(d->err, d->errlen, "id and size must be arrays of "
		    "1 to %d dimensions of equal length", JSONSTAT_DIMS_MAX);
		return -1;
	}
	for (i = 0, d->cells = 1; i < d->ndims; i++) {
		if ((d->dims[i].id = json_string_value(json_array_get(ids, i)))
		    == NULL) {
			snprintf(d->err, d->errlen, "id[%zu]: not a string", i);
			return -1;
		}
		if (jsonstat_count(json_array_get(sizes, i), &n) == -1 ||
		    n > JSONSTAT_CELLS_MAX / d->cells) {
			snprintf(d->err, d->errlen, "size[%zu]: not a count, "
			    "or too many cells", i);
			return -1;
		}
		d->dims[i].size = (size_t)n;
		d->cells *= n;
	}
	return 0;
}

/* The categories of every dimension, from dimension{}. */
static int
jsonstat_dims(struct jsonstat_ds *d, json_t *js)
{
	json_t	*dim;
	size_t	 i;

	if (jsonstat_sizes(d, js) == -1)
		return -1;
	for (i = 0; i < d->ndims; i++) {
		dim = json_object_get(json_object_get(js, "dimension"),
		    d->dims[i].id);
		if (!json_is_object(dim))
			return jsonstat_dim_error(d, d->dims[i].id,
			    "missing from dimension");
		if (jsonstat_category(d, &d->dims[i], dim) == -1)
			return -1;
	}
	return 0;
}

/* Index of the dimension whose id is s, or -1. */
static int
jsonstat_dim_index(struct jsonstat_ds *d, const char *s)
{
	size_t	 i;

	for (i = 0; i < d->ndims; i++)
		if (strcmp(d->dims[i].id, s) == 0)
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

/* How many dimensions role.time names; sets d->tdim to the last. */
static size_t
jsonstat_time_byrole(struct jsonstat_ds *d, json_t *js)
{
	json_t		*rt = json_object_get(jsonstat_member(js, "role"),
			    "time");
	const char	*s;
	size_t		 i, n = 0;
	int		 t;

	for (i = 0; i < json_array_size(rt); i++) {
		s = json_string_value(json_array_get(rt, i));
		if (s != NULL && (t = jsonstat_dim_index(d, s)) != -1) {
			d->tdim = (size_t)t;
			n++;
		}
	}
	return n;
}

/* How many dimensions have a usual time name; sets d->tdim to the last. */
static size_t
jsonstat_time_byname(struct jsonstat_ds *d)
{
	size_t	 i, n = 0;

	for (i = 0; i < d->ndims; i++) {
		if (jsonstat_time_name(d->dims[i].id)) {
			d->tdim = i;
			n++;
		}
	}
	return n;
}

/* The time dimension: the one role.time names, else by its usual name. */
static int
jsonstat_time(struct jsonstat_ds *d, json_t *js)
{
	size_t	 n;

	if ((n = jsonstat_time_byrole(d, js)) == 0)
		n = jsonstat_time_byname(d);
	if (n == 1)
		return 0;
	snprintf(d->err, d->errlen, "%s time dimension (role.time, or id "
	    "time, year, TIME_PERIOD or Tid)", n == 0 ? "no" : "more than one");
	return -1;
}

/* value[]: as many entries as cells, or an object of cells. */
static int
jsonstat_values(struct jsonstat_ds *d, json_t *js)
{
	d->value = json_object_get(js, "value");
	if (json_is_object(d->value))
		return 0;
	if (!json_is_array(d->value)) {
		snprintf(d->err, d->errlen, "value: not an array or object");
		return -1;
	}
	if (json_array_size(d->value) == d->cells)
		return 0;
	snprintf(d->err, d->errlen, "value has %zu entries, the sizes make "
	    "%llu", json_array_size(d->value), (unsigned long long)d->cells);
	return -1;
}

static void
jsonstat_ds_free(struct jsonstat_ds *d)
{
	size_t	 i;

	for (i = 0; i < JSONSTAT_DIMS_MAX; i++)
		free(d->dims[i].cat);
	free(d);
}

/*
 * Check the structure of dataset js and make it ready for its cells.
 * Returns NULL with the reason in err.
 */
static struct jsonstat_ds *
jsonstat_ds_open(json_t *js, const char *name, char *err, size_t errlen)
{
	struct jsonstat_ds	*d;

	d = xcalloc(1, sizeof(*d));
	d->name = name;
	d->err = err;
	d->errlen = errlen;
	if (jsonstat_dims(d, js) == -1 || jsonstat_time(d, js) == -1 ||
	    jsonstat_values(d, js) == -1) {
		jsonstat_ds_free(d);
		return NULL;
	}
	return d;
}

/* Report a skipped cell at "dataset NAME what", or at what alone. */
static void
jsonstat_reject(struct jsonstat_ds *d, struct recvec *out, const char *what,
    const char *why)
{
	char	 place[REC_PLACE_MAX], q[REC_QUOTE_MAX];

	if (d->name == NULL)
		snprintf(place, sizeof(place), "%s", what);
	else
		snprintf(place, sizeof(place), "dataset %s %s",
		    rec_quote(d->name, strlen(d->name), q), what);
	recvec_reject(out, place, why);
}

/* Report a skipped cell at "series CODE period T". */
static void
jsonstat_reject_series(struct jsonstat_ds *d, struct recvec *out,
    const char *code, const char *t, const char *why)
{
	char	 what[REC_PLACE_MAX], qc[REC_QUOTE_MAX], qt[REC_QUOTE_MAX];

	snprintf(what, sizeof(what), "series %s period %s",
	    rec_quote(code, strlen(code), qc), rec_quote(t, strlen(t), qt));
	jsonstat_reject(d, out, what, why);
}

/* Report a skipped cell at "value[key]", or "value[k]" for key NULL. */
static void
jsonstat_reject_key(struct jsonstat_ds *d, struct recvec *out, uint64_t k,
    const char *key, const char *why)
{
	char	 what[REC_PLACE_MAX], q[REC_QUOTE_MAX];

	if (key == NULL)
		snprintf(what, sizeof(what), "value[%llu]",
		    (unsigned long long)k);
	else
		snprintf(what, sizeof(what), "value[%s]",
		    rec_quote(key, strlen(key), q));
	jsonstat_reject(d, out, what, why);
}

/* The code of the cell at pos: non-time category ids joined with '.'. */
static int
jsonstat_code(struct jsonstat_ds *d, const size_t *pos, char *code,
    size_t size)
{
	size_t	 i;

	for (i = 0; i < d->ndims; i++)
		if (i != d->tdim && rec_code_add(code, size,
		    d->dims[i].cat[pos[i]]) == -1)
			return -1;
	return 0;
}

/*
 * Cell k with JSON value v into out; key is k as the sparse value writes
 * it, or NULL for a dense value.
 */
static void
jsonstat_cell(struct jsonstat_ds *d, uint64_t k, const char *key, json_t *v,
    struct recvec *out)
{
	struct rec	 r;
	size_t		 pos[JSONSTAT_DIMS_MAX], i;
	char		 why[JSONSTAT_WHY_MAX];
	const char	*t;
	uint64_t	 rest = k;
	int		 rc;

	memset(&r, 0, sizeof(r));
	if ((rc = rec_json_number(v, &r.value)) == 1)
		return;
	for (i = d->ndims; i-- > 0; rest /= d->dims[i].size)
		pos[i] = rest % d->dims[i].size;
	if (jsonstat_code(d, pos, r.code, sizeof(r.code)) == -1) {
		snprintf(why, sizeof(why), "code longer than %d bytes",
		    REC_CODE_MAX - 1);
		jsonstat_reject_key(d, out, k, key, why);
		return;
	}
	t = d->dims[d->tdim].cat[pos[d->tdim]];
	if (rc == -1)
		jsonstat_reject_series(d, out, r.code, t, rec_json_conflict(v) ?
		    "differing values under one key" : "value is not a number");
	else if (rec_period_parse(t, strlen(t), &r.period, why,
	    sizeof(why)) == -1)
		jsonstat_reject_series(d, out, r.code, t, why);
	else
		recvec_push(out, &r);
}

static void
jsonstat_dense(struct jsonstat_ds *d, struct recvec *out)
{
	size_t	 i;

	for (i = 0; i < json_array_size(d->value); i++)
		jsonstat_cell(d, i, NULL, json_array_get(d->value, i), out);
}

/* A sparse cell number: decimal digits, below d->cells. */
static int
jsonstat_key(struct jsonstat_ds *d, const char *key, uint64_t *k)
{
	const char	*p;

	if (*key == '\0' || (key[0] == '0' && key[1] != '\0'))
		return -1;
	for (*k = 0, p = key; *p != '\0'; p++) {
		if (!isdigit((unsigned char)*p) || *k >= d->cells)
			return -1;
		*k = *k * 10 + (uint64_t)(*p - '0');
	}
	return *k < d->cells ? 0 : -1;
}

static void
jsonstat_sparse(struct jsonstat_ds *d, struct recvec *out)
{
	char		 why[JSONSTAT_WHY_MAX];
	const char	*key;
	json_t		*v;
	uint64_t	 k;

	json_object_foreach(d->value, key, v) {
		if (jsonstat_key(d, key, &k) == 0) {
			jsonstat_cell(d, k, key, v, out);
			continue;
		}
		snprintf(why, sizeof(why), "not a cell number below %llu",
		    (unsigned long long)d->cells);
		jsonstat_reject_key(d, out, 0, key, why);
	}
}

static void
jsonstat_doc_add(struct jsonstat_doc *doc, json_t *js, const char *name,
    size_t item)
{
	size_t	 cap;

	if (doc->n == doc->cap) {
		cap = doc->cap == 0 ? 4 : doc->cap * 2;
		doc->set = xreallocarray(doc->set, cap, sizeof(*doc->set));
		doc->name = xreallocarray(doc->name, cap, sizeof(*doc->name));
		doc->item = xreallocarray(doc->item, cap, sizeof(*doc->item));
		doc->cap = cap;
	}
	doc->set[doc->n] = js;
	doc->name[doc->n] = name;
	doc->item[doc->n++] = item;
}

/* The label of js, or NULL when it has none. */
static const char *
jsonstat_label(json_t *js)
{
	const char	*s = json_string_value(json_object_get(js, "label"));

	return s != NULL && s[0] != '\0' ? s : NULL;
}

/* Bundle: every member that is an object with a dimension. */
static void
jsonstat_doc_bundle(struct jsonstat_doc *doc, json_t *root)
{
	const char	*key;
	json_t		*js;

	doc->kind = "bundle";
	json_object_foreach(root, key, js)
		if (json_is_object(json_object_get(js, "dimension")))
			jsonstat_doc_add(doc, js, key, 0);
}

/* Collection: the link.item[] datasets that embed a dimension. */
static void
jsonstat_doc_collection(struct jsonstat_doc *doc, json_t *root)
{
	json_t		*items, *js;
	const char	*cl;
	size_t		 i;

	doc->kind = "collection";
	items = json_object_get(json_object_get(root, "link"), "item");
	json_array_foreach(items, i, js) {
		cl = json_string_value(json_object_get(js, "class"));
		if (cl != NULL && strcmp(cl, "dataset") == 0 &&
		    json_is_object(json_object_get(js, "dimension")))
			jsonstat_doc_add(doc, js, jsonstat_label(js), i);
	}
}

/* The datasets of root by its class; -1 if it has none. */
static int
jsonstat_doc_read(struct jsonstat_doc *doc, json_t *root, char *err,
    size_t errlen)
{
	const char	*cl = json_string_value(json_object_get(root, "class"));
	char		 q[REC_QUOTE_MAX];

	if (!json_is_object(root)) {
		snprintf(err, errlen, "not JSON-stat: not an object");
		return -1;
	}
	if (cl != NULL && strcmp(cl, "dataset") == 0) {
		doc->kind = "dataset";
		jsonstat_doc_add(doc, root, jsonstat_label(root), 0);
	} else if (cl != NULL && strcmp(cl, "collection") == 0)
		jsonstat_doc_collection(doc, root);
	else if (cl == NULL || strcmp(cl, "bundle") == 0)
		jsonstat_doc_bundle(doc, root);
	else {
		snprintf(err, errlen, "class \"%s\" is not supported (dataset, "
		    "bundle or collection)", rec_quote(cl, strlen(cl), q));
		return -1;
	}
	if (doc->n > 0)
		return 0;
	if (strcmp(doc->kind, "collection") == 0)
		snprintf(err, errlen, "no dataset: the collection embeds none "
		    "(its items are only links)");
	else
		snprintf(err, errlen, "no dataset: not JSON-stat (no class "
		    "dataset or collection, and no member with a dimension)");
	return -1;
}

/* "no dataset \"x\" (the document has: a, b)" into err. */
static void
jsonstat_doc_none(struct jsonstat_doc *doc, const char *want, char *err,
    size_t errlen)
{
	char		 q[REC_QUOTE_MAX];
	const char	*s;
	size_t		 i, at;

	snprintf(err, errlen, "no dataset \"%s\" (the document has: ",
	    rec_quote(want, strlen(want), q));
	for (i = 0; i < doc->n; i++) {
		s = doc->name[i] != NULL ? rec_quote(doc->name[i],
		    strlen(doc->name[i]), q) : "(unnamed)";
		at = strlen(err);
		snprintf(err + at, errlen - at, "%s%s", i > 0 ? ", " : "", s);
	}
	at = strlen(err);
	snprintf(err + at, errlen - at, ")");
}

/*
 * Keep the datasets named want (all for NULL; an unnamed plain dataset
 * takes any name); -1 if none is.
 */
static int
jsonstat_doc_select(struct jsonstat_doc *doc, const char *want, char *err,
    size_t errlen)
{
	size_t	 i, n;

	if (want == NULL || (strcmp(doc->kind, "dataset") == 0 &&
	    doc->name[0] == NULL))
		return 0;
	for (i = n = 0; i < doc->n; i++) {
		if (doc->name[i] == NULL || strcmp(doc->name[i], want) != 0)
			continue;
		doc->set[n] = doc->set[i];
		doc->name[n] = doc->name[i];
		doc->item[n++] = doc->item[i];
	}
	if (n > 0) {
		doc->n = n;
		return 0;
	}
	jsonstat_doc_none(doc, want, err, errlen);
	return -1;
}

/* Open dataset i of doc; errors carry its place unless it is the whole. */
static struct jsonstat_ds *
jsonstat_doc_open(struct jsonstat_doc *doc, size_t i, char *err,
    size_t errlen)
{
	struct jsonstat_ds	*d;
	char			 why[JSONSTAT_WHY_MAX], q[REC_QUOTE_MAX];
	const char		*name = doc->name[i];

	if (strcmp(doc->kind, "dataset") == 0)
		return jsonstat_ds_open(doc->set[i], NULL, err, errlen);
	if ((d = jsonstat_ds_open(doc->set[i], name, why,
	    sizeof(why))) != NULL)
		return d;
	if (name != NULL)
		snprintf(err, errlen, "dataset %s: %s",
		    rec_quote(name, strlen(name), q), why);
	else
		snprintf(err, errlen, "link.item[%zu]: %s", doc->item[i], why);
	return NULL;
}

/* Every dataset of doc opens: structure errors fail the whole document. */
static int
jsonstat_doc_check(struct jsonstat_doc *doc, char *err, size_t errlen)
{
	struct jsonstat_ds	*d;
	size_t			 i;

	for (i = 0; i < doc->n; i++) {
		if ((d = jsonstat_doc_open(doc, i, err, errlen)) == NULL)
			return -1;
		jsonstat_ds_free(d);
	}
	return 0;
}

static void
jsonstat_doc_cells(struct jsonstat_doc *doc, struct recvec *out)
{
	struct jsonstat_ds	*d;
	char			 err[JSONSTAT_WHY_MAX];
	size_t			 i;

	for (i = 0; i < doc->n; i++) {
		if ((d = jsonstat_doc_open(doc, i, err, sizeof(err))) == NULL)
			continue;	/* not reached: checked before */
		if (json_is_array(d->value))
			jsonstat_dense(d, out);
		else
			jsonstat_sparse(d, out);
		jsonstat_ds_free(d);
	}
}

int
jsonstat_parse(const char *body, size_t len, const char *dataset,
    struct recvec *out, char *err, size_t errlen)
{
	struct jsonstat_doc	 doc;
	json_t			*root;
	int			 rc = -1;

	if ((root = rec_json_load(body, len, err, errlen)) == NULL)
		return -1;
	memset(&doc, 0, sizeof(doc));
	if (jsonstat_doc_read(&doc, root, err, errlen) == -1 ||
	    jsonstat_doc_select(&doc, dataset, err, errlen) == -1 ||
	    jsonstat_doc_check(&doc, err, errlen) == -1)
		goto out;
	jsonstat_doc_cells(&doc, out);
	rc = 0;
out:
	free(doc.set);
	free(doc.name);
	free(doc.item);
	json_decref(root);
	return rc;
}
