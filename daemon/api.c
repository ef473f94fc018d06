/*
 * api.c: JSON API and push (see api.h).
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "clock.h"
#include "config.h"
#include "log.h"
#include "obs.h"
#include "push.h"
#include "explain.h"
#include "export.h"
#include "registry.h"
#include "trend.h"

#define CT_TEXT	"text/plain; charset=utf-8"
#define CT_JSON	"application/json"

int
api_token_equal(const char *given, const char *want)
{
	size_t		 gl = strlen(given), wl = strlen(want), i;
	unsigned char	 d = gl != wl;

	for (i = 0; i < wl; i++)
		d |= (unsigned char)(want[i] ^ (i < gl ? given[i] : 0));
	return d == 0;
}

static void
reply(struct api_reply *r, unsigned int status, const char *ctype)
{
	r->status = status;
	r->ctype = ctype;
}

void
api_push(struct registry *reg, struct buf *b, const char *ctype,
    struct api_reply *r)
{
	struct ingest_result	 res;
	struct obsvec		 ov;
	struct timespec		 t0, t1;
	const char		*body = b->data;
	char			 err[512];
	size_t			 len = b->len;
	int			 json;

	buf_init(&r->body, 256);
	if (ctype != NULL && strncasecmp(ctype, "application/json", 16) == 0)
		json = 1;
	else if (ctype != NULL && strncasecmp(ctype, "text/csv", 8) == 0)
		json = 0;
	else
		json = push_is_json(body, len);
	obsvec_init(&ov);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (push_parse(body, len, json, &ov, err, sizeof(err)) == -1) {
		reply(r, 400, CT_TEXT);
		buf_printf(&r->body, "%s\n", err);
		goto out;
	}
	/* The observations hold copies: the body need not wait for ingest. */
	buf_free(b);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	log_debug("push: %zu bytes, %zu observations parsed in %.1f ms", len,
	    ov.n, clock_diff_ms(&t1, &t0));
	switch (registry_ingest(reg, NULL, &ov, 1, NULL, NULL, &res, err,
	    sizeof(err))) {
	case INGEST_INVALID:
		reply(r, 400, CT_TEXT);
		buf_printf(&r->body, "%s\n", err);
		break;
	case INGEST_STORAGE:
		reply(r, 503, CT_TEXT);
		buf_printf(&r->body, "not stored: %s\n", err);
		break;
	case INGEST_OK:
		reply(r, 200, CT_JSON);
		buf_printf(&r->body, "{\"received\":%zu,\"stored\":%zu,"
		    "\"unchanged\":%zu", res.received, res.stored,
		    res.unchanged);
		/* Only a shard has them: the reply is as it was otherwise. */
		if (res.skipped > 0) {
			log_info("push: %zu observations of indicators other "
			    "shards own skipped", res.skipped);
			buf_printf(&r->body, ",\"skipped\":%zu", res.skipped);
		}
		buf_puts(&r->body, "}\n");
		break;
	}
out:
	buf_free(b);
	obsvec_free(&ov);
}

/* A JSON number, or null for NaN and infinities. */
static json_t *
jnum(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

/* A stored time as ISO 8601 UTC, or null for 0 (not known). */
static json_t *
jstored(time_t t)
{
	struct tm	 tm;
	char		 s[32];

	if (t == 0 || gmtime_r(&t, &tm) == NULL)
		return json_null();
	strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_string(s);
}

/* Point i of s. */
static json_t *
jpoint(const struct series *s, size_t i)
{
	const struct point	*p = &s->pts[i];
	char			 per[PERIOD_STRLEN];

	period_format(&p->period, per, sizeof(per));
	return json_pack("{s:s, s:o, s:s, s:I, s:o, s:b}", "period", per,
	    "value", jnum(p->value), "source", series_source(s, i),
	    "period_end", (json_int_t)point_end(p), "stored",
	    jstored(p->stored), "revised", p->revised);
}

/* The least-squares trend, given whatever the method, to compare. */
static json_t *
jtrend(const struct view *v, const struct eval_result *er)
{
	return json_pack("{s:s, s:I, s:o, s:o, s:o, s:o, s:o, s:f, s:o}",
	    "scale", er->trend_log ? "log" : "linear",
	    "points", (json_int_t)er->trend_n,
	    "growth", jnum(er->trend_growth),
	    "projected", jnum(er->trend_projected),
	    "lower", jnum(er->trend_lower), "upper", jnum(er->trend_upper),
	    "probability", jnum(er->probability),
	    "interval", v->conf->eval.interval,
	    "reason", er->trend_why == 0 ? json_null() :
	    json_string(trend_reason_name(er->trend_why)));
}

/* Beside a number that is null: why, as a code; null when it is given. */
static void
jreason(json_t *o, const char *key, enum eval_why w)
{
	json_object_set_new(o, key, w == EVAL_WHY_NONE ? json_null() :
	    json_string(eval_why_name(w)));
}

static json_t *
jtarget(const struct view *v, const struct iview *ind, size_t i,
    const struct target_conf *tc, const struct eval_result *er)
{
	json_t	*t;
	char	 why[EXPLAIN_MAX];

	t = json_pack("{s:i, s:o, s:s, s:s, s:b, s:s, s:o, s:o, s:o, s:o}",
	    "year", tc->year, "value", jnum(tc->value),
	    "kind", tc->kind == EVAL_MIN ? "min" : "max",
	    "status", eval_status_name(er->status),
	    "slipping", v->conf->slipping[er->status],
	    "method", eval_method_name(er->method),
	    "ratio", jnum(er->ratio), "required_growth", jnum(er->required),
	    "actual_growth", jnum(er->actual), "projected",
	    jnum(er->projected));
	json_object_set_new(t, "baseline", isnan(er->base_t) ? json_null() :
	    json_pack("{s:o, s:o}", "year", jnum(er->base_t), "value",
	    jnum(er->base_v)));
	json_object_set_new(t, "projected_clamped", json_boolean(er->clamped));
	json_object_set_new(t, "note", tc->note != NULL ?
	    json_string(tc->note) : json_null());
	json_object_set_new(t, "trend", jtrend(v, er));
	view_explain(ind, i, why, sizeof(why));
	json_object_set_new(t, "explanation", json_string(why));
	jreason(t, "ratio_reason", er->why_ratio);
	jreason(t, "required_growth_reason", er->why_required);
	jreason(t, "actual_growth_reason", er->why_actual);
	jreason(t, "projected_reason", er->why_projected);
	return t;
}

static json_t *
jlabels(const struct indicator_conf *ic)
{
	json_t	*l = json_object();
	size_t	 i;

	for (i = 0; i < ic->nlabels; i++)
		json_object_set_new(l, ic->labels[i].name,
		    json_string(ic->labels[i].value));
	return l;
}

/* The indicator's page: absolute under http.external_url, else a path. */
static json_t *
jurl(const struct view *v, const char *id)
{
	const char	*base = v->conf->http.external_url;
	size_t		 n = base != NULL ? strlen(base) : 0;

	while (n > 0 && base[n - 1] == '/')
		n--;
	return json_sprintf("%.*s/indicator/%s", (int)n, n > 0 ? base : "",
	    id);
}

/* One configured indicator. */
static json_t *
jindicator(const struct view *v, const struct iview *ind, int with_series)
{
	const struct indicator_conf	*ic = ind->conf;
	const struct series		*s = ind->series;
	json_t				*o, *arr;
	char				 lag[32];
	size_t				 i;

	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:i}",
	    "id", ind->id, "name", ic->name, "unit", ic->unit,
	    "frequency", period_kind_name(ic->frequency),
	    "direction", ic->decrease ? "decrease" : "increase",
	    "feed", ic->feed, "source", ic->source, "labels", jlabels(ic),
	    "method", eval_method_name(ic->eval.method),
	    "base_year", ic->eval.base_year);
	json_object_set_new(o, "latest", s->n == 0 ? json_null() :
	    jpoint(s, s->n - 1));
	json_object_set_new(o, "growth", jnum(ind->growth));
	period_lag_format(ic->eval.stale_after, lag, sizeof(lag));
	json_object_set_new(o, "stale_after", json_string(lag));
	json_object_set_new(o, "age_seconds", jnum(ind->age));
	json_object_set_new(o, "stale", json_boolean(ind->stale));
	json_object_set_new(o, "direction", json_pack("{s:s, s:o, s:i, s:f}",
	    "status", eval_direction_name(ind->direction), "growth",
	    jnum(ind->dir_growth), "years", ic->eval.trend_years, "tolerance",
	    ic->eval.tolerance));
	arr = json_array();
	for (i = 0; i < ic->nnotes; i++) {
		period_format(&ic->notes[i].period, lag, sizeof(lag));
		json_array_append_new(arr, json_pack("{s:s, s:s}", "period",
		    lag, "text", ic->notes[i].text));
	}
	json_object_set_new(o, "notes", arr);
	arr = json_array();
	for (i = 0; i < ic->ntargets; i++)
		json_array_append_new(arr, jtarget(v, ind, i, &ic->targets[i],
		    &ind->results[i]));
	json_object_set_new(o, "targets", arr);
	json_object_set_new(o, "url", jurl(v, ind->id));
	json_object_set_new(o, "graph", json_sprintf("/graph/%s.png",
	    ind->id));
	if (with_series) {
		arr = json_array();
		for (i = 0; i < s->n; i++)
			json_array_append_new(arr, jpoint(s, i));
		json_object_set_new(o, "series", arr);
	}
	return o;
}

static void
reply_json(struct api_reply *r, json_t *doc)
{
	char	*s;

	s = json_dumps(doc, JSON_INDENT(1) | JSON_REAL_PRECISION(17));
	json_decref(doc);
	reply(r, 200, CT_JSON);
	buf_puts(&r->body, s != NULL ? s : "null");
	buf_puts(&r->body, "\n");
	free(s);
}

/* Write one element of the list; jansson's callback for json_dump_callback. */
static int
dump_to_buf(const char *s, size_t n, void *arg)
{
	buf_add(arg, s, n);
	return 0;
}

int
api_indicators_next(const struct view *v, size_t *next, struct buf *b)
{
	size_t	 n = view_nconf(v), start = b->len;
	json_t	*o;

	if (*next == 0)
		buf_puts(b, "{\n \"indicators\": [");
	while (*next < n && b->len - start < API_LIST_PIECE) {
		o = jindicator(v, v->ind[*next], 0);
		buf_puts(b, *next > 0 ? ",\n  " : "\n  ");
		json_dump_callback(o, dump_to_buf, b,
		    JSON_INDENT(1) | JSON_REAL_PRECISION(17));
		json_decref(o);
		(*next)++;
	}
	if (*next < n)
		return 1;
	buf_puts(b, n > 0 ? "\n ]\n}\n" : "]\n}\n");
	return 0;
}

void
api_export(const struct view *v, const char *format, struct api_reply *r)
{
	const struct iview	*ind;
	size_t			 i, n = 0;

	if (format != NULL && strcmp(format, "openmetrics") != 0) {
		reply(r, 400, CT_TEXT);
		buf_init(&r->body, 64);
		buf_puts(&r->body, "format must be openmetrics\n");
		return;
	}
	reply(r, 200, EXPORT_CTYPE);
	for (i = 0; i < view_nconf(v); i++)
		n += v->ind[i]->series->n;
	buf_init(&r->body, 256 + n * 96);
	export_head(&r->body);
	for (i = 0; i < view_nconf(v); i++) {
		ind = v->ind[i];
		export_series(&r->body, ind->conf, ind->series->pts,
		    ind->series->n);
	}
	export_tail(&r->body);
}

/* A feed's state. */
static json_t *
jfeed(const struct feed_conf *fc, const struct feed_state *fs)
{
	json_t	*o, *um;
	size_t	 i;

	um = json_array();
	for (i = 0; i < fs->nunmatched; i++)
		json_array_append_new(um, json_pack("{s:s, s:o, s:s}", "code",
		    fs->unmatched[i].code, "area", fs->unmatched[i].area != NULL ?
		    json_string(fs->unmatched[i].area) : json_null(),
		    "indicator", fs->unmatched[i].indicator));
	o = json_pack("{s:s, s:s, s:b, s:o, s:o, s:o, s:I, s:I, s:I, s:o}",
	    "name", fs->name, "type", confdata_feed_type_name(fc->type),
	    "up", fs->up, "last_success", fs->last_success > 0 ?
	    json_real(fs->last_success) : json_null(), "last_attempt",
	    fs->last_attempt > 0 ? json_real(fs->last_attempt) : json_null(),
	    "last_error", fs->last_error[0] != '\0' ?
	    json_string(fs->last_error) : json_null(),
	    "errors", (json_int_t)fs->errors,
	    "records_rejected", (json_int_t)fs->rejected,
	    "observations", (json_int_t)fs->observations,
	    "unmatched_codes", um);
	if (fc->format != NULL)
		json_object_set_new(o, "format", json_string(fc->format));
	return o;
}

void
api_feeds(const struct view *v, struct api_reply *r)
{
	const struct feed_conf	*fc;
	json_t			*arr = json_array();
	size_t			 i;

	buf_init(&r->body, 4096);
	for (i = 0; i < v->nfeeds; i++) {
		fc = confdata_find_feed(v->conf, v->feeds[i].name);
		if (fc != NULL)
			json_array_append_new(arr, jfeed(fc, &v->feeds[i]));
	}
	reply_json(r, json_pack("{s:o}", "feeds", arr));
}

void
api_indicator(const struct view *v, const char *id, struct api_reply *r)
{
	const struct iview	*ind;
	json_t			*o = NULL;

	buf_init(&r->body, 4096);
	if ((ind = view_find(v, id)) != NULL)
		o = jindicator(v, ind, 1);
	if (o == NULL) {
		reply(r, 404, CT_TEXT);
		buf_printf(&r->body, "no indicator \"%s\"\n", id);
		return;
	}
	reply_json(r, o);
}
