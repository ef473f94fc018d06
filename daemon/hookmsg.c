/* hookmsg.c: what the alert hooks send (see hookmsg.h). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "explain.h"
#include "fmt.h"
#include "hookmsg.h"
#include "log.h"
#include "num.h"
#include "xmalloc.h"

/* Alertmanager's "unset" time. */
#define HOOKMSG_ZERO_TIME	"0001-01-01T00:00:00Z"

/* RFC 3339 UTC, or Alertmanager's zero time for 0. */
static void
hookmsg_time(time_t t, char *buf, size_t len)
{
	struct tm	 tm;

	if (t == 0 || gmtime_r(&t, &tm) == NULL) {
		snprintf(buf, len, "%s", HOOKMSG_ZERO_TIME);
		return;
	}
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char *
hookmsg_unit(const struct alert_target *t)
{
	return t->unit != NULL ? t->unit : "count";
}

/* EXTERNAL_URL/indicator/ID, the indicator's page, malloc'd. */
static char *
hookmsg_page_url(const struct alert_target *t, const char *external_url)
{
	char	*s;

	xasprintf(&s, "%s/indicator/%s", external_url != NULL ?
	    external_url : "", t->indicator);
	return s;
}

/* EXTERNAL_URL/graph/ID.png, malloc'd. */
static char *
hookmsg_graph_url(const struct alert_target *t, const char *external_url)
{
	char	*s;

	xasprintf(&s, "%s/graph/%s.png", external_url != NULL ?
	    external_url : "", t->indicator);
	return s;
}

/* A stale alert's summary: "ID data stale: latest 2021, due ..." */
static void
hookmsg_stale_summary(const struct alert_notice *n, int resolved, char *buf,
    size_t len)
{
	const struct alert_target	*t = &n->t;

	if (resolved && t->period != NULL)
		snprintf(buf, len, "%s data no longer stale: latest %s",
		    t->indicator, t->period);
	else if (resolved)
		snprintf(buf, len, "%s data no longer watched for staleness",
		    t->indicator);
	else
		snprintf(buf, len, "%s data stale: latest %s", t->indicator,
		    t->period != NULL ? t->period : "none");
}

void
hookmsg_summary(const struct alert_notice *n, int resolved, char *buf,
    size_t len)
{
	if (n->t.rule == ALERT_RULE_STALE)
		hookmsg_stale_summary(n, resolved, buf, len);
	else if (resolved)
		snprintf(buf, len, "%s %d target no longer %s: now %s",
		    n->t.indicator, n->t.year, eval_status_name(n->labelled),
		    eval_status_name(n->t.res.status));
	else
		snprintf(buf, len, "%s %d target slipping: %s",
		    n->t.indicator, n->t.year, eval_status_name(n->labelled));
}

/* "latest data 2021 (1,234), 3.9 years after its period's end; ..." */
static void
hookmsg_stale_description(const struct alert_target *t, char *buf, size_t len)
{
	char	 v[64];

	if (t->period == NULL || isnan(t->age)) {
		snprintf(buf, len, "no data yet");
		return;
	}
	fmt_value(t->res.latest_v, hookmsg_unit(t), v, sizeof(v));
	snprintf(buf, len, "latest data %s (%s), %.1f years after its "
	    "period's end; %s data is expected within %s", t->period, v,
	    t->age / (365.25 * 86400), t->stale ? "newer" : "new",
	    t->stale_after != NULL ? t->stale_after : "its publication lag");
}

void
hookmsg_description(const struct alert_target *t, char *buf, size_t len)
{
	struct explain	 e;

	if (t->rule == ALERT_RULE_STALE) {
		hookmsg_stale_description(t, buf, len);
		return;
	}
	memset(&e, 0, sizeof(e));
	e.unit = hookmsg_unit(t);
	e.year = t->year;
	e.value = t->value;
	e.res = &t->res;
	e.period = t->period;
	e.interval = t->interval;
	e.stale = t->stale;
	e.stale_after = t->stale_after;
	explain_target(&e, buf, len);
}

/* The status now and before: a stale alert's are "stale" and "current". */
static const char *
hookmsg_status(const struct alert_notice *n)
{
	if (n->t.rule == ALERT_RULE_STALE)
		return n->t.stale ? "stale" : "current";
	return eval_status_name(n->t.res.status);
}

static const char *
hookmsg_previous(const struct alert_notice *n)
{
	if (n->t.rule == ALERT_RULE_STALE)
		return n->event == ALERT_FIRING ? "current" : "stale";
	return eval_status_name(n->previous);
}

/* The status the alert is labelled with. */
static const char *
hookmsg_labelled(const struct alert_notice *n)
{
	if (n->t.rule == ALERT_RULE_STALE)
		return "stale";
	return eval_status_name(n->labelled);
}

static json_t *
hookmsg_jnum(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *
hookmsg_jstr(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *
hookmsg_jtime(time_t t)
{
	char	 buf[32];

	if (t == 0)
		return json_null();
	hookmsg_time(t, buf, sizeof(buf));
	return json_string(buf);
}

/* json_dumps that never returns NULL; takes ownership of j. */
static char *
hookmsg_dump(json_t *j)
{
	char	*s;

	if (j == NULL || (s = json_dumps(j, JSON_COMPACT)) == NULL)
		fatalx("hook: cannot render JSON");
	json_decref(j);
	return s;
}

/* The target's fields, shared by the exec event. */
static void
hookmsg_target_json(json_t *o, const struct alert_target *t)
{
	const struct eval_result *r = &t->res;

	json_object_set_new(o, "indicator", json_string(t->indicator));
	json_object_set_new(o, "name", hookmsg_jstr(t->name != NULL ? t->name :
	    t->indicator));
	json_object_set_new(o, "unit", hookmsg_jstr(t->unit));
	json_object_set_new(o, "value", hookmsg_jnum(r->latest_v));
	json_object_set_new(o, "period", hookmsg_jstr(t->period));
	json_object_set_new(o, "age_seconds", hookmsg_jnum(t->age));
	if (t->rule == ALERT_RULE_STALE) {
		json_object_set_new(o, "stale_after", hookmsg_jstr(
		    t->stale_after));
		return;
	}
	json_object_set_new(o, "target_year", json_integer(t->year));
	json_object_set_new(o, "target", hookmsg_jnum(t->value));
	json_object_set_new(o, "kind", json_string(t->kind == EVAL_MAX ?
	    "max" : "min"));
	json_object_set_new(o, "projected", hookmsg_jnum(r->projected));
	json_object_set_new(o, "progress_ratio", hookmsg_jnum(r->ratio));
	json_object_set_new(o, "required_growth", hookmsg_jnum(r->required));
	json_object_set_new(o, "actual_growth", hookmsg_jnum(r->actual));
	json_object_set_new(o, "method", json_string(eval_method_name(
	    r->method)));
}

char *
hookmsg_event_json(const struct alert_notice *n, const char *external_url)
{
	json_t	*o = json_object();
	char	 sum[512], desc[512], *url;

	hookmsg_summary(n, n->event == ALERT_RESOLVED, sum, sizeof(sum));
	hookmsg_description(&n->t, desc, sizeof(desc));
	url = hookmsg_page_url(&n->t, external_url);
	json_object_set_new(o, "event", json_string(notice_event_name(
	    n->event)));
	json_object_set_new(o, "alertname", json_string(notice_rule_name(
	    n->t.rule)));
	hookmsg_target_json(o, &n->t);
	json_object_set_new(o, "status", json_string(hookmsg_status(n)));
	json_object_set_new(o, "previous_status", json_string(
	    hookmsg_previous(n)));
	json_object_set_new(o, "alert_status", json_string(
	    hookmsg_labelled(n)));
	json_object_set_new(o, "severity", json_string(notice_severity(
	    n)));
	json_object_set_new(o, "starts_at", hookmsg_jtime(n->starts_at));
	json_object_set_new(o, "ends_at", hookmsg_jtime(n->ends_at));
	json_object_set_new(o, "time", hookmsg_jtime(n->at));
	json_object_set_new(o, "summary", json_string(sum));
	json_object_set_new(o, "description", json_string(desc));
	json_object_set_new(o, "url", json_string(url));
	free(url);
	url = hookmsg_graph_url(&n->t, external_url);
	json_object_set_new(o, "graph_url", json_string(url));
	free(url);
	return hookmsg_dump(o);
}

static void
hookmsg_env_add(char ***v, size_t *n, const char *name, const char *value)
{
	*v = xreallocarray(*v, *n + 2, sizeof(**v));
	xasprintf(&(*v)[(*n)++], "INDICATORD_%s=%s", name, value != NULL ?
	    value : "");
	(*v)[*n] = NULL;
}

static void
hookmsg_env_num(char ***v, size_t *n, const char *name, double x)
{
	char	 buf[NUM_STRLEN];

	buf[0] = '\0';
	if (isfinite(x))
		num_text(x, buf);
	hookmsg_env_add(v, n, name, buf);
}

char **
hookmsg_env(const struct alert_notice *n, const char *external_url)
{
	char	**v = NULL, buf[512], *url;
	size_t	  k = 0;

	hookmsg_env_add(&v, &k, "EVENT", notice_event_name(n->event));
	hookmsg_env_add(&v, &k, "ALERTNAME", notice_rule_name(n->t.rule));
	hookmsg_env_add(&v, &k, "INDICATOR", n->t.indicator);
	hookmsg_env_add(&v, &k, "NAME", n->t.name != NULL ? n->t.name :
	    n->t.indicator);
	hookmsg_env_add(&v, &k, "UNIT", n->t.unit);
	buf[0] = '\0';
	if (n->t.rule == ALERT_RULE_SLIPPING)
		snprintf(buf, sizeof(buf), "%d", n->t.year);
	hookmsg_env_add(&v, &k, "TARGET_YEAR", buf);
	hookmsg_env_add(&v, &k, "STATUS", hookmsg_status(n));
	hookmsg_env_add(&v, &k, "PREVIOUS_STATUS", hookmsg_previous(n));
	hookmsg_env_add(&v, &k, "SEVERITY", notice_severity(n));
	hookmsg_env_num(&v, &k, "VALUE", n->t.res.latest_v);
	hookmsg_env_add(&v, &k, "PERIOD", n->t.period);
	hookmsg_env_num(&v, &k, "TARGET", n->t.value);
	hookmsg_env_num(&v, &k, "PROJECTED", n->t.res.projected);
	hookmsg_env_num(&v, &k, "AGE_SECONDS", n->t.age);
	hookmsg_env_add(&v, &k, "STALE_AFTER", n->t.stale_after);
	hookmsg_summary(n, n->event == ALERT_RESOLVED, buf, sizeof(buf));
	hookmsg_env_add(&v, &k, "SUMMARY", buf);
	hookmsg_description(&n->t, buf, sizeof(buf));
	hookmsg_env_add(&v, &k, "DESCRIPTION", buf);
	url = hookmsg_page_url(&n->t, external_url);
	hookmsg_env_add(&v, &k, "URL", url);
	free(url);
	url = hookmsg_graph_url(&n->t, external_url);
	hookmsg_env_add(&v, &k, "GRAPH_URL", url);
	free(url);
	return v;
}

/*
 * The labels of n's alert (its identity in Alertmanager): a stale alert is
 * the indicator's, without target_year and status.
 */
static json_t *
hookmsg_labels(const struct alert_notice *n)
{
	json_t	*l = json_object();
	char	 year[16];

	json_object_set_new(l, "alertname", json_string(notice_rule_name(
	    n->t.rule)));
	json_object_set_new(l, "indicator", json_string(n->t.indicator));
	if (n->t.rule == ALERT_RULE_SLIPPING) {
		snprintf(year, sizeof(year), "%d", n->t.year);
		json_object_set_new(l, "target_year", json_string(year));
		json_object_set_new(l, "status", json_string(
		    hookmsg_labelled(n)));
	}
	json_object_set_new(l, "severity", json_string(notice_severity(
	    n)));
	return l;
}

static json_t *
hookmsg_annotations(const struct alert_notice *n, int resolved)
{
	json_t	*a = json_object();
	char	 buf[512];

	hookmsg_summary(n, resolved, buf, sizeof(buf));
	json_object_set_new(a, "summary", json_string(buf));
	hookmsg_description(&n->t, buf, sizeof(buf));
	json_object_set_new(a, "description", json_string(buf));
	return a;
}

/* One alert in Alertmanager's shape; ends 0: firing without an end. */
static json_t *
hookmsg_am_alert(const struct alert_notice *n, const char *external_url,
    time_t ends, int resolved)
{
	json_t	*o = json_object();
	char	*url, buf[32];

	url = hookmsg_page_url(&n->t, external_url);
	json_object_set_new(o, "labels", hookmsg_labels(n));
	json_object_set_new(o, "annotations", hookmsg_annotations(n, resolved));
	hookmsg_time(n->starts_at, buf, sizeof(buf));
	json_object_set_new(o, "startsAt", json_string(buf));
	hookmsg_time(ends, buf, sizeof(buf));
	json_object_set_new(o, "endsAt", json_string(buf));
	json_object_set_new(o, "generatorURL", json_string(url));
	free(url);
	return o;
}

char *
hookmsg_am_json(const struct alert_notice *set, size_t n,
    const char *external_url, time_t now, int resend)
{
	json_t	*arr = json_array();
	size_t	 i;
	int	 resolved;

	for (i = 0; i < n; i++) {
		resolved = set[i].ends_at != 0;
		json_array_append_new(arr, hookmsg_am_alert(&set[i],
		    external_url, resolved ? set[i].ends_at :
		    now + 4 * (time_t)resend, resolved));
	}
	return hookmsg_dump(arr);
}

/* Alertmanager's label-set fingerprint: FNV-1a over the sorted pairs. */
static void
hookmsg_fingerprint(json_t *labels, char *buf, size_t len)
{
	static const char *const order[] = { "alertname", "indicator",
	    "severity", "status", "target_year" };
	uint64_t	 h = 14695981039346656037ULL;
	const char	*s;
	size_t		 i, k;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		for (k = 0; k < 2 && json_object_get(labels, order[i]) != NULL;
		    k++) {
			s = k == 0 ? order[i] : json_string_value(
			    json_object_get(labels, order[i]));
			for (; s != NULL && *s != '\0'; s++)
				h = (h ^ (unsigned char)*s) * 1099511628211ULL;
			h = (h ^ 0xff) * 1099511628211ULL;
		}
	snprintf(buf, len, "%016llx", (unsigned long long)h);
}

/* The key/values of each alert's field that all alerts share. */
static json_t *
hookmsg_common(json_t *alerts, const char *field)
{
	json_t		*first, *common = json_object(), *v, *w;
	const char	*key;
	size_t		 i;

	first = json_object_get(json_array_get(alerts, 0), field);
	json_object_foreach(first, key, v) {
		for (i = 1; i < json_array_size(alerts); i++) {
			w = json_object_get(json_object_get(json_array_get(
			    alerts, i), field), key);
			if (w == NULL || !json_equal(v, w))
				break;
		}
		if (i == json_array_size(alerts))
			json_object_set(common, key, v);
	}
	return common;
}

/* A webhook v4 alert: the AM alert plus status and fingerprint. */
static json_t *
hookmsg_wh_alert(const struct alert_notice *n, const char *external_url,
    int resolved)
{
	json_t	*o;
	char	 fp[20];

	o = hookmsg_am_alert(n, external_url, resolved ? n->ends_at : 0,
	    resolved);
	json_object_set_new(o, "status", json_string(resolved ? "resolved" :
	    "firing"));
	hookmsg_fingerprint(json_object_get(o, "labels"), fp, sizeof(fp));
	json_object_set_new(o, "fingerprint", json_string(fp));
	return o;
}

/*
 * groupKey and groupLabels: one group per (indicator, target year), and one
 * per indicator for its stale alert.
 */
static void
hookmsg_wh_group(json_t *o, const struct alert_notice *n)
{
	json_t		*g = json_object();
	const char	*name = notice_rule_name(n->t.rule);
	char		 year[16], *key;

	json_object_set_new(g, "alertname", json_string(name));
	json_object_set_new(g, "indicator", json_string(n->t.indicator));
	if (n->t.rule == ALERT_RULE_STALE)
		xasprintf(&key, "{}:{alertname=\"%s\", indicator=\"%s\"}",
		    name, n->t.indicator);
	else {
		snprintf(year, sizeof(year), "%d", n->t.year);
		json_object_set_new(g, "target_year", json_string(year));
		xasprintf(&key, "{}:{alertname=\"%s\", indicator=\"%s\", "
		    "target_year=\"%s\"}", name, n->t.indicator, year);
	}
	json_object_set_new(o, "groupKey", json_string(key));
	json_object_set_new(o, "groupLabels", g);
	free(key);
}

char *
hookmsg_webhook_json(const struct alert_notice *n, const char *receiver,
    const char *external_url)
{
	struct alert_notice	 old;
	json_t			*o = json_object();
	json_t			*alerts = json_array();
	int			 resolved = n->event == ALERT_RESOLVED;

	if (n->event == ALERT_UPDATED && n->replaces) {
		old = *n;
		old.labelled = n->replaced;
		old.starts_at = n->replaced_starts_at;
		old.ends_at = n->at;
		json_array_append_new(alerts, hookmsg_wh_alert(&old,
		    external_url, 1));
	}
	json_array_append_new(alerts, hookmsg_wh_alert(n, external_url,
	    resolved));
	json_object_set_new(o, "version", json_string("4"));
	hookmsg_wh_group(o, n);
	json_object_set_new(o, "truncatedAlerts", json_integer(0));
	json_object_set_new(o, "status", json_string(resolved ? "resolved" :
	    "firing"));
	json_object_set_new(o, "receiver", json_string(receiver));
	json_object_set_new(o, "commonLabels", hookmsg_common(alerts,
	    "labels"));
	json_object_set_new(o, "commonAnnotations", hookmsg_common(alerts,
	    "annotations"));
	json_object_set_new(o, "externalURL", json_string(external_url != NULL ?
	    external_url : ""));
	json_object_set_new(o, "alerts", alerts);
	return hookmsg_dump(o);
}
