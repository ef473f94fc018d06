/*
 * push.c: push body parser (see push.h).
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "csv.h"
#include "push.h"

int
push_is_json(const char *body, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++) {
		if (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' ||
		    body[i] == '\n')
			continue;
		return body[i] == '{' || body[i] == '[';
	}
	return 0;
}

struct first_err {
	char	*err;
	size_t	 errlen;
	int	 seen;
};

static void
csv_first(void *arg, size_t lineno, const char *reason)
{
	struct first_err	*fe = arg;

	if (fe->seen++)
		return;
	snprintf(fe->err, fe->errlen, "line %zu: %s", lineno, reason);
}

static int
push_csv(const char *body, size_t len, struct obsvec *out, char *err,
    size_t errlen)
{
	struct first_err	 fe = { err, errlen, 0 };

	csv_parse_body(body, len, out, csv_first, &fe);
	if (fe.seen)
		return -1;
	if (out->n == 0) {
		snprintf(err, errlen, "no observations in the body");
		return -1;
	}
	return 0;
}

/* Fill o from one JSON element; -1 with the reason in why. */
static int
push_element(json_t *e, struct obs_buf *o, char *why, size_t whylen)
{
	json_t		*ind, *per, *val, *src;
	const char	*s;
	char		 perr[160];

	memset(o, 0, sizeof(*o));
	if (!json_is_object(e)) {
		snprintf(why, whylen, "not an object");
		return -1;
	}
	ind = json_object_get(e, "indicator");
	per = json_object_get(e, "period");
	val = json_object_get(e, "value");
	src = json_object_get(e, "source");
	if (!json_is_string(ind) || !json_is_string(per)) {
		snprintf(why, whylen, "\"indicator\" and \"period\" must be "
		    "strings");
		return -1;
	}
	s = json_string_value(ind);
	if (!obs_valid_id(s, json_string_length(ind))) {
		snprintf(why, whylen, "bad indicator id");
		return -1;
	}
	memcpy(o->indicator, s, json_string_length(ind));
	if (period_parse(json_string_value(per), json_string_length(per),
	    &o->period, perr, sizeof(perr)) == -1) {
		snprintf(why, whylen, "%s", perr);
		return -1;
	}
	if (!json_is_number(val) || !isfinite(json_number_value(val))) {
		snprintf(why, whylen, "\"value\" must be a finite number");
		return -1;
	}
	o->value = json_number_value(val);
	if (src != NULL && !json_is_null(src)) {
		if (!json_is_string(src)) {
			snprintf(why, whylen, "\"source\" must be a string");
			return -1;
		}
		snprintf(o->source, sizeof(o->source), "%s",
		    json_string_value(src));
	}
	return 0;
}

static int
push_json(const char *body, size_t len, struct obsvec *out, char *err,
    size_t errlen)
{
	json_error_t	 je;
	json_t		*root, *arr, *e;
	struct obs_buf	 o;
	char		 why[200];
	size_t		 i;
	int		 rc = -1;

	if ((root = json_loadb(body, len, JSON_REJECT_DUPLICATES |
	    JSON_DECODE_INT_AS_REAL, &je)) ==
	    NULL) {
		snprintf(err, errlen, "line %d: bad JSON: %s", je.line,
		    je.text);
		return -1;
	}
	arr = json_is_array(root) ? root :
	    json_object_get(root, "observations");
	if (!json_is_array(arr) || json_array_size(arr) == 0) {
		snprintf(err, errlen, "expected a non-empty array of "
		    "observations (or {\"observations\": [...]})");
		goto out;
	}
	if (json_array_size(arr) > PUSH_MAX_OBS) {
		snprintf(err, errlen, "more than %d observations",
		    PUSH_MAX_OBS);
		goto out;
	}
	obsvec_reserve(out, json_array_size(arr));
	json_array_foreach(arr, i, e) {
		if (push_element(e, &o, why, sizeof(why)) == -1) {
			snprintf(err, errlen, "observation %zu: %s", i + 1,
			    why);
			goto out;
		}
		o.line = i + 1;
		obsvec_push(out, &o);
	}
	rc = 0;
out:
	json_decref(root);
	return rc;
}

int
push_parse(const char *body, size_t len, int json, struct obsvec *out,
    char *err, size_t errlen)
{
	int	 rc;

	rc = json ? push_json(body, len, out, err, errlen) :
	    push_csv(body, len, out, err, errlen);
	if (rc == -1)
		obsvec_clear(out);
	return rc;
}
