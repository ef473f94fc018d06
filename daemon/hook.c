/*
 * hook.c: alert delivery (see hook.h). One thread per hook; the queue, the
 * flags and the wake-ups are under the hook's own lock, which is never held
 * while delivering. The exec hook runs its command through env(1) so that
 * collectors/exec.c can spawn it with the INDICATORD_* variables added and
 * still no shell.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "clock.h"
#include "curlso.h"
#include "exec.h"
#include "explain.h"
#include "fmt.h"
#include "fetch.h"
#include "hook.h"
#include "log.h"
#include "num.h"
#include "xmalloc.h"

#ifndef INDICATORD_VERSION
#define INDICATORD_VERSION	"dev"
#endif

#define HOOK_URL_QUOTE	200		/* longest URL repeated in an error */
#define HOOK_OUT_MAX	65536		/* exec hook stdout kept (ignored) */
#define HOOK_ZERO_TIME	"0001-01-01T00:00:00Z"	/* Alertmanager's "unset" */

struct hook_item {
	struct alert_notice	 n;
	struct hook_item	*next;
};

struct hook {
	char			*name;
	enum alert_type		 type;
	char		       **command;	/* exec */
	char			*url;		/* as configured */
	char			*post_url;	/* where to POST */
	char			*external_url;
	int			 timeout, resend;
	struct hook_counters	*counters;
	hook_set_fn		 set_fn;
	void			*set_arg;
	pthread_t		 thread;
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;		/* any change; broadcast */
	struct hook_item	*head, **tail;
	size_t			 queued;
	int			 stop, poked, busy, done;
	struct timespec		 next_sync;	/* alertmanager, monotonic */
};

/* What one attempt of a delivery needs. */
struct hook_job {
	const struct alert_notice *n;		/* exec */
	const char		*body;		/* webhook */
	struct alert_notice	*set;		/* alertmanager */
	size_t			 nset;
};

typedef int (*hook_attempt_fn)(struct hook *, const struct hook_job *,
	    char *, size_t);

/* RFC 3339 UTC, or Alertmanager's zero time for 0. */
static void
hook_time(time_t t, char *buf, size_t len)
{
	struct tm	 tm;

	if (t == 0 || gmtime_r(&t, &tm) == NULL) {
		snprintf(buf, len, "%s", HOOK_ZERO_TIME);
		return;
	}
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char *
hook_unit(const struct alert_target *t)
{
	return t->unit != NULL ? t->unit : "count";
}

static const char *
hook_type_name(enum alert_type type)
{
	if (type == ALERT_EXEC)
		return "exec";
	return type == ALERT_ALERTMANAGER ? "alertmanager" : "webhook";
}

/* EXTERNAL_URL/graph/ID.png, malloc'd. */
static char *
hook_graph_url(const struct alert_target *t, const char *external_url)
{
	char	*s;

	xasprintf(&s, "%s/graph/%s.png", external_url != NULL ?
	    external_url : "", t->indicator);
	return s;
}

/* A stale alert's summary: "ID data stale: latest 2021, due ..." */
static void
hook_stale_summary(const struct alert_notice *n, int resolved, char *buf,
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
hook_summary(const struct alert_notice *n, int resolved, char *buf,
    size_t len)
{
	if (n->t.rule == ALERT_RULE_STALE)
		hook_stale_summary(n, resolved, buf, len);
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
hook_stale_description(const struct alert_target *t, char *buf, size_t len)
{
	char	 v[64];

	if (t->period == NULL || isnan(t->age)) {
		snprintf(buf, len, "no data yet");
		return;
	}
	fmt_value(t->res.latest_v, hook_unit(t), v, sizeof(v));
	snprintf(buf, len, "latest data %s (%s), %.1f years after its "
	    "period's end; %s data is expected within %s", t->period, v,
	    t->age / (365.25 * 86400), t->stale ? "newer" : "new",
	    t->stale_after != NULL ? t->stale_after : "its publication lag");
}

void
hook_description(const struct alert_target *t, char *buf, size_t len)
{
	struct explain	 e;

	if (t->rule == ALERT_RULE_STALE) {
		hook_stale_description(t, buf, len);
		return;
	}
	memset(&e, 0, sizeof(e));
	e.unit = hook_unit(t);
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
hook_status(const struct alert_notice *n)
{
	if (n->t.rule == ALERT_RULE_STALE)
		return n->t.stale ? "stale" : "current";
	return eval_status_name(n->t.res.status);
}

static const char *
hook_previous(const struct alert_notice *n)
{
	if (n->t.rule == ALERT_RULE_STALE)
		return n->event == ALERT_FIRING ? "current" : "stale";
	return eval_status_name(n->previous);
}

/* The status the alert is labelled with. */
static const char *
hook_labelled(const struct alert_notice *n)
{
	if (n->t.rule == ALERT_RULE_STALE)
		return "stale";
	return eval_status_name(n->labelled);
}

static json_t *
hook_jnum(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static json_t *
hook_jstr(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *
hook_jtime(time_t t)
{
	char	 buf[32];

	if (t == 0)
		return json_null();
	hook_time(t, buf, sizeof(buf));
	return json_string(buf);
}

/* json_dumps that never returns NULL; takes ownership of j. */
static char *
hook_dump(json_t *j)
{
	char	*s;

	if (j == NULL || (s = json_dumps(j, JSON_COMPACT)) == NULL)
		fatalx("hook: cannot render JSON");
	json_decref(j);
	return s;
}

/* The target's fields, shared by the exec event. */
static void
hook_target_json(json_t *o, const struct alert_target *t)
{
	const struct eval_result *r = &t->res;

	json_object_set_new(o, "indicator", json_string(t->indicator));
	json_object_set_new(o, "name", hook_jstr(t->name != NULL ? t->name :
	    t->indicator));
	json_object_set_new(o, "unit", hook_jstr(t->unit));
	json_object_set_new(o, "value", hook_jnum(r->latest_v));
	json_object_set_new(o, "period", hook_jstr(t->period));
	json_object_set_new(o, "age_seconds", hook_jnum(t->age));
	if (t->rule == ALERT_RULE_STALE) {
		json_object_set_new(o, "stale_after", hook_jstr(
		    t->stale_after));
		return;
	}
	json_object_set_new(o, "target_year", json_integer(t->year));
	json_object_set_new(o, "target", hook_jnum(t->value));
	json_object_set_new(o, "kind", json_string(t->kind == EVAL_MAX ?
	    "max" : "min"));
	json_object_set_new(o, "projected", hook_jnum(r->projected));
	json_object_set_new(o, "progress_ratio", hook_jnum(r->ratio));
	json_object_set_new(o, "required_growth", hook_jnum(r->required));
	json_object_set_new(o, "actual_growth", hook_jnum(r->actual));
	json_object_set_new(o, "method", json_string(eval_method_name(
	    r->method)));
}

char *
hook_event_json(const struct alert_notice *n, const char *external_url)
{
	json_t	*o = json_object();
	char	 sum[512], desc[512], *url;

	hook_summary(n, n->event == ALERT_RESOLVED, sum, sizeof(sum));
	hook_description(&n->t, desc, sizeof(desc));
	url = hook_graph_url(&n->t, external_url);
	json_object_set_new(o, "event", json_string(notice_event_name(
	    n->event)));
	json_object_set_new(o, "alertname", json_string(notice_rule_name(
	    n->t.rule)));
	hook_target_json(o, &n->t);
	json_object_set_new(o, "status", json_string(hook_status(n)));
	json_object_set_new(o, "previous_status", json_string(
	    hook_previous(n)));
	json_object_set_new(o, "alert_status", json_string(hook_labelled(n)));
	json_object_set_new(o, "severity", json_string(notice_severity(
	    n)));
	json_object_set_new(o, "starts_at", hook_jtime(n->starts_at));
	json_object_set_new(o, "ends_at", hook_jtime(n->ends_at));
	json_object_set_new(o, "time", hook_jtime(n->at));
	json_object_set_new(o, "summary", json_string(sum));
	json_object_set_new(o, "description", json_string(desc));
	json_object_set_new(o, "url", json_string(url));
	free(url);
	return hook_dump(o);
}

static void
hook_env_add(char ***v, size_t *n, const char *name, const char *value)
{
	*v = xreallocarray(*v, *n + 2, sizeof(**v));
	xasprintf(&(*v)[(*n)++], "INDICATORD_%s=%s", name, value != NULL ?
	    value : "");
	(*v)[*n] = NULL;
}

static void
hook_env_num(char ***v, size_t *n, const char *name, double x)
{
	char	 buf[NUM_STRLEN];

	buf[0] = '\0';
	if (isfinite(x))
		num_text(x, buf);
	hook_env_add(v, n, name, buf);
}

char **
hook_env(const struct alert_notice *n, const char *external_url)
{
	char	**v = NULL, buf[512], *url;
	size_t	  k = 0;

	hook_env_add(&v, &k, "EVENT", notice_event_name(n->event));
	hook_env_add(&v, &k, "ALERTNAME", notice_rule_name(n->t.rule));
	hook_env_add(&v, &k, "INDICATOR", n->t.indicator);
	hook_env_add(&v, &k, "NAME", n->t.name != NULL ? n->t.name :
	    n->t.indicator);
	hook_env_add(&v, &k, "UNIT", n->t.unit);
	buf[0] = '\0';
	if (n->t.rule == ALERT_RULE_SLIPPING)
		snprintf(buf, sizeof(buf), "%d", n->t.year);
	hook_env_add(&v, &k, "TARGET_YEAR", buf);
	hook_env_add(&v, &k, "STATUS", hook_status(n));
	hook_env_add(&v, &k, "PREVIOUS_STATUS", hook_previous(n));
	hook_env_add(&v, &k, "SEVERITY", notice_severity(n));
	hook_env_num(&v, &k, "VALUE", n->t.res.latest_v);
	hook_env_add(&v, &k, "PERIOD", n->t.period);
	hook_env_num(&v, &k, "TARGET", n->t.value);
	hook_env_num(&v, &k, "PROJECTED", n->t.res.projected);
	hook_env_num(&v, &k, "AGE_SECONDS", n->t.age);
	hook_env_add(&v, &k, "STALE_AFTER", n->t.stale_after);
	hook_summary(n, n->event == ALERT_RESOLVED, buf, sizeof(buf));
	hook_env_add(&v, &k, "SUMMARY", buf);
	hook_description(&n->t, buf, sizeof(buf));
	hook_env_add(&v, &k, "DESCRIPTION", buf);
	url = hook_graph_url(&n->t, external_url);
	hook_env_add(&v, &k, "URL", url);
	free(url);
	return v;
}

static void
hook_argv_free(char **v)
{
	char	**p;

	if (v == NULL)
		return;
	for (p = v; *p != NULL; p++)
		free(*p);
	free(v);
}

void
hook_env_free(char **v)
{
	hook_argv_free(v);
}

/*
 * The labels of n's alert (its identity in Alertmanager): a stale alert is
 * the indicator's, without target_year and status.
 */
static json_t *
hook_labels(const struct alert_notice *n)
{
	json_t	*l = json_object();
	char	 year[16];

	json_object_set_new(l, "alertname", json_string(notice_rule_name(
	    n->t.rule)));
	json_object_set_new(l, "indicator", json_string(n->t.indicator));
	if (n->t.rule == ALERT_RULE_SLIPPING) {
		snprintf(year, sizeof(year), "%d", n->t.year);
		json_object_set_new(l, "target_year", json_string(year));
		json_object_set_new(l, "status", json_string(hook_labelled(n)));
	}
	json_object_set_new(l, "severity", json_string(notice_severity(
	    n)));
	return l;
}

static json_t *
hook_annotations(const struct alert_notice *n, int resolved)
{
	json_t	*a = json_object();
	char	 buf[512];

	hook_summary(n, resolved, buf, sizeof(buf));
	json_object_set_new(a, "summary", json_string(buf));
	hook_description(&n->t, buf, sizeof(buf));
	json_object_set_new(a, "description", json_string(buf));
	return a;
}

/* One alert in Alertmanager's shape; ends 0: firing without an end. */
static json_t *
hook_am_alert(const struct alert_notice *n, const char *external_url,
    time_t ends, int resolved)
{
	json_t	*o = json_object();
	char	*url, buf[32];

	url = hook_graph_url(&n->t, external_url);
	json_object_set_new(o, "labels", hook_labels(n));
	json_object_set_new(o, "annotations", hook_annotations(n, resolved));
	hook_time(n->starts_at, buf, sizeof(buf));
	json_object_set_new(o, "startsAt", json_string(buf));
	hook_time(ends, buf, sizeof(buf));
	json_object_set_new(o, "endsAt", json_string(buf));
	json_object_set_new(o, "generatorURL", json_string(url));
	free(url);
	return o;
}

char *
hook_am_json(const struct alert_notice *set, size_t n, const char *external_url,
    time_t now, int resend)
{
	json_t	*arr = json_array();
	size_t	 i;
	int	 resolved;

	for (i = 0; i < n; i++) {
		resolved = set[i].ends_at != 0;
		json_array_append_new(arr, hook_am_alert(&set[i], external_url,
		    resolved ? set[i].ends_at : now + 4 * (time_t)resend,
		    resolved));
	}
	return hook_dump(arr);
}

/* Alertmanager's label-set fingerprint: FNV-1a over the sorted pairs. */
static void
hook_fingerprint(json_t *labels, char *buf, size_t len)
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
hook_common(json_t *alerts, const char *field)
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
hook_wh_alert(const struct alert_notice *n, const char *external_url,
    int resolved)
{
	json_t	*o;
	char	 fp[20];

	o = hook_am_alert(n, external_url, resolved ? n->ends_at : 0,
	    resolved);
	json_object_set_new(o, "status", json_string(resolved ? "resolved" :
	    "firing"));
	hook_fingerprint(json_object_get(o, "labels"), fp, sizeof(fp));
	json_object_set_new(o, "fingerprint", json_string(fp));
	return o;
}

/*
 * groupKey and groupLabels: one group per (indicator, target year), and one
 * per indicator for its stale alert.
 */
static void
hook_wh_group(json_t *o, const struct alert_notice *n)
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
hook_webhook_json(const struct alert_notice *n, const char *receiver,
    const char *external_url)
{
	struct alert_notice	 old;
	json_t			*o = json_object(), *alerts = json_array();
	int			 resolved = n->event == ALERT_RESOLVED;

	if (n->event == ALERT_UPDATED && n->replaces) {
		old = *n;
		old.labelled = n->replaced;
		old.starts_at = n->replaced_starts_at;
		old.ends_at = n->at;
		json_array_append_new(alerts, hook_wh_alert(&old,
		    external_url, 1));
	}
	json_array_append_new(alerts, hook_wh_alert(n, external_url,
	    resolved));
	json_object_set_new(o, "version", json_string("4"));
	hook_wh_group(o, n);
	json_object_set_new(o, "truncatedAlerts", json_integer(0));
	json_object_set_new(o, "status", json_string(resolved ? "resolved" :
	    "firing"));
	json_object_set_new(o, "receiver", json_string(receiver));
	json_object_set_new(o, "commonLabels", hook_common(alerts, "labels"));
	json_object_set_new(o, "commonAnnotations", hook_common(alerts,
	    "annotations"));
	json_object_set_new(o, "externalURL", json_string(external_url != NULL ?
	    external_url : ""));
	json_object_set_new(o, "alerts", alerts);
	return hook_dump(o);
}

/* url without "user:password@", cut when long. */
static void
hook_redact(const char *url, char *buf, size_t len)
{
	const char	*host = strstr(url, "://"), *at, *end;

	if (host != NULL) {
		host += 3;
		end = host + strcspn(host, "/?#");
		if ((at = memchr(host, '@', (size_t)(end - host))) != NULL) {
			snprintf(buf, len, "%.*s%.*s", (int)(host - url), url,
			    HOOK_URL_QUOTE, at + 1);
			return;
		}
	}
	snprintf(buf, len, "%.*s", HOOK_URL_QUOTE, url);
}

static size_t
hook_discard(char *p, size_t size, size_t nmemb, void *arg)
{
	(void)p;
	(void)arg;
	return size * nmemb;
}

static void
hook_post_setopts(CURL *c, const char *url, const char *body, int timeout,
    struct curl_slist *hdr, char *cerr)
{
	curlso.easy_setopt(c, CURLOPT_URL, url);
	curlso.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curlso.easy_setopt(c, CURLOPT_TIMEOUT, (long)timeout);
	curlso.easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	curlso.easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curlso.easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
#if LIBCURL_VERSION_NUM >= 0x075500
	curlso.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curlso.easy_setopt(c, CURLOPT_PROTOCOLS,
	    CURLPROTO_HTTP | CURLPROTO_HTTPS);
#endif
	curlso.easy_setopt(c, CURLOPT_USERAGENT, "indicatord/"
	    INDICATORD_VERSION);
	curlso.easy_setopt(c, CURLOPT_WRITEFUNCTION, hook_discard);
	curlso.easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
}

int
hook_post(const char *url, const char *body, int timeout, char *err,
    size_t errlen)
{
	struct curl_slist	*hdr = NULL;
	CURL			*c;
	CURLcode		 rc;
	char			 cerr[CURL_ERROR_SIZE], u[HOOK_URL_QUOTE + 8];
	long			 status = 0;
	int			 ret = -1;

	if (fetch_init(err, errlen) == -1)
		return -1;
	if ((c = curlso.easy_init()) == NULL) {
		snprintf(err, errlen, "curl_easy_init failed");
		return -1;
	}
	cerr[0] = '\0';
	hdr = curlso.slist_append(hdr, "Content-Type: application/json");
	hdr = curlso.slist_append(hdr, "Expect:");
	hook_post_setopts(c, url, body, timeout, hdr, cerr);
	rc = curlso.easy_perform(c);
	hook_redact(url, u, sizeof(u));
	if (rc == CURLE_OPERATION_TIMEDOUT)
		snprintf(err, errlen, "timeout after %d s posting to %s",
		    timeout, u);
	else if (rc != CURLE_OK)
		snprintf(err, errlen, "%s: %s", u, cerr[0] != '\0' ? cerr :
		    curlso.easy_strerror(rc));
	else if (curlso.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status) !=
	    CURLE_OK || status < 200 || status > 299)
		snprintf(err, errlen, "HTTP %ld from %s", status, u);
	else
		ret = 0;
	curlso.slist_free_all(hdr);
	curlso.easy_cleanup(c);
	return ret;
}

/* HOOK_ENV -- NAME=value... command args... */
static char **
hook_exec_argv(char **command, char **env)
{
	char	**v;
	size_t	  ne = 0, nc = 0, k = 0;

	while (env[ne] != NULL)
		ne++;
	while (command[nc] != NULL)
		nc++;
	v = xcalloc(ne + nc + 3, sizeof(*v));
	v[k++] = HOOK_ENV;
	v[k++] = "--";
	memcpy(v + k, env, ne * sizeof(*v));
	memcpy(v + k + ne, command, nc * sizeof(*v));
	return v;
}

static int
hook_attempt_exec(struct hook *h, const struct hook_job *job, char *err,
    size_t errlen)
{
	struct exec_result	 res;
	char			**env, **argv, *in;
	size_t			 n;
	int			 rc;

	env = hook_env(job->n, h->external_url);
	argv = hook_exec_argv(h->command, env);
	in = hook_event_json(job->n, h->external_url);
	rc = exec_run_cancel(argv, in, strlen(in), h->timeout, HOOK_OUT_MAX,
	    &h->stop, &res, err, errlen);
	if (rc == -1 && res.errlen > 0) {
		n = strlen(err);
		snprintf(err + n, errlen - n, ": %.*s", (int)strcspn(res.errout,
		    "\n"), res.errout);
	}
	exec_result_free(&res);
	free(in);
	free(argv);
	hook_env_free(env);
	return rc;
}

static int
hook_attempt_post(struct hook *h, const struct hook_job *job, char *err,
    size_t errlen)
{
	char	*body;
	int	 rc;

	if (job->body != NULL)
		return hook_post(h->post_url, job->body, h->timeout, err,
		    errlen);
	body = hook_am_json(job->set, job->nset, h->external_url, time(NULL),
	    h->resend);
	rc = hook_post(h->post_url, body, h->timeout, err, errlen);
	free(body);
	return rc;
}

/* Wait s seconds unless asked to stop: 0, or -1 when stopping. */
static int
hook_backoff(struct hook *h, int s)
{
	struct timespec	 ts;
	int		 stop;

	clock_deadline(&ts, s * 1000L);
	pthread_mutex_lock(&h->lock);
	while (!h->stop && pthread_cond_timedwait(&h->cond, &h->lock,
	    &ts) != ETIMEDOUT)
		;
	stop = h->stop;
	pthread_mutex_unlock(&h->lock);
	return stop ? -1 : 0;
}

/* Up to HOOK_ATTEMPTS attempts, 1 s then 2 s apart; counted and logged. */
static void
hook_deliver(struct hook *h, hook_attempt_fn fn, const struct hook_job *job,
    const char *what)
{
	char	 err[1024];
	int	 i;

	for (i = 0; i < HOOK_ATTEMPTS; i++) {
		if (i > 0 && hook_backoff(h, i) == -1)
			break;
		if (fn(h, job, err, sizeof(err)) == 0) {
			__atomic_add_fetch(&h->counters->sent, 1,
			    __ATOMIC_RELAXED);
			log_debug("hook %s: delivered %s", h->name, what);
			return;
		}
		log_debug("hook %s: attempt %d: %s", h->name, i + 1, err);
	}
	__atomic_add_fetch(&h->counters->failures, 1, __ATOMIC_RELAXED);
	log_warnx("hook %s: %s not delivered after %d attempt%s: %s", h->name,
	    what, i, i == 1 ? "" : "s", err);
}

/* "firing alert for pat 2025", "resolved stale data alert for pat" */
static void
hook_what(const struct alert_notice *n, char *buf, size_t len)
{
	if (n->t.rule == ALERT_RULE_STALE)
		snprintf(buf, len, "%s stale data alert for %s",
		    notice_event_name(n->event), n->t.indicator);
	else
		snprintf(buf, len, "%s alert for %s %d", notice_event_name(
		    n->event), n->t.indicator, n->t.year);
}

static void
hook_deliver_event(struct hook *h, const struct alert_notice *n)
{
	struct hook_job	 job;
	char		 what[256];

	memset(&job, 0, sizeof(job));
	hook_what(n, what, sizeof(what));
	job.n = n;
	if (h->type == ALERT_EXEC) {
		hook_deliver(h, hook_attempt_exec, &job, what);
		return;
	}
	job.body = hook_webhook_json(n, h->name, h->external_url);
	hook_deliver(h, hook_attempt_post, &job, what);
	free((char *)job.body);
}

static void
hook_sync(struct hook *h)
{
	struct hook_job	 job;
	char		 what[64];
	size_t		 i;

	memset(&job, 0, sizeof(job));
	job.set = h->set_fn(h->set_arg, time(NULL), &job.nset);
	if (job.nset > 0) {
		snprintf(what, sizeof(what), "%zu alert%s", job.nset,
		    job.nset == 1 ? "" : "s");
		hook_deliver(h, hook_attempt_post, &job, what);
	}
	for (i = 0; i < job.nset; i++)
		notice_clear(&job.set[i]);
	free(job.set);
}

/* The next piece of work, or 0 to wait (caller holds the lock). */
static int
hook_next(struct hook *h, struct hook_item **it)
{
	*it = NULL;
	if ((*it = h->head) != NULL) {
		if ((h->head = (*it)->next) == NULL)
			h->tail = &h->head;
		h->queued--;
		return 1;
	}
	if (h->type == ALERT_ALERTMANAGER && (h->poked ||
	    clock_passed(&h->next_sync))) {
		h->poked = 0;
		return 1;
	}
	return 0;
}

static void *
hook_main(void *arg)
{
	struct hook		*h = arg;
	struct hook_item	*it;

	pthread_mutex_lock(&h->lock);
	while (!h->stop) {
		if (!hook_next(h, &it)) {
			if (h->type == ALERT_ALERTMANAGER)
				pthread_cond_timedwait(&h->cond, &h->lock,
				    &h->next_sync);
			else
				pthread_cond_wait(&h->cond, &h->lock);
			continue;
		}
		h->busy = 1;
		pthread_mutex_unlock(&h->lock);
		if (it != NULL) {
			hook_deliver_event(h, &it->n);
			notice_clear(&it->n);
			free(it);
		} else
			hook_sync(h);
		pthread_mutex_lock(&h->lock);
		if (it == NULL)
			clock_deadline(&h->next_sync, h->resend * 1000L);
		h->busy = 0;
		pthread_cond_broadcast(&h->cond);
	}
	h->done = 1;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
	return NULL;
}

static char **
hook_argv_dup(char **v)
{
	char	**d;
	size_t	  n = 0, i;

	if (v == NULL)
		return NULL;
	while (v[n] != NULL)
		n++;
	d = xcalloc(n + 1, sizeof(*d));
	for (i = 0; i < n; i++)
		d[i] = xstrdup(v[i]);
	return d;
}

static char *
hook_post_url(const struct alert_conf *ac)
{
	char	*s;
	size_t	 n;

	if (ac->type == ALERT_EXEC)
		return NULL;
	if (ac->type == ALERT_WEBHOOK)
		return xstrdup(ac->url);
	n = strlen(ac->url);
	while (n > 0 && ac->url[n - 1] == '/')
		n--;
	xasprintf(&s, "%.*s%s", (int)n, ac->url, HOOK_AM_PATH);
	return s;
}

struct hook *
hook_start(const struct alert_conf *ac, const char *external_url,
    struct hook_counters *counters, hook_set_fn set_fn, void *arg)
{
	struct hook		*h;
	int			 rc;

	h = xcalloc(1, sizeof(*h));
	h->name = xstrdup(ac->name);
	h->type = ac->type;
	h->command = hook_argv_dup(ac->command);
	h->url = ac->url != NULL ? xstrdup(ac->url) : NULL;
	h->post_url = hook_post_url(ac);
	h->external_url = xstrdup(external_url != NULL ? external_url : "");
	h->timeout = ac->timeout;
	h->resend = ac->resend;
	h->counters = counters;
	h->set_fn = set_fn;
	h->set_arg = arg;
	h->tail = &h->head;
	clock_deadline(&h->next_sync, 0);
	pthread_mutex_init(&h->lock, NULL);
	clock_cond_init(&h->cond);
	if ((rc = pthread_create(&h->thread, NULL, hook_main, h)) != 0)
		fatalx("hook %s: pthread_create: %s", h->name, strerror(rc));
	log_debug("hook %s (%s) started", h->name, hook_type_name(h->type));
	return h;
}

const char *
hook_name(const struct hook *h)
{
	return h->name;
}

enum alert_type
hook_type(const struct hook *h)
{
	return h->type;
}

static int
hook_str_equal(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

int
hook_matches(const struct hook *h, const struct alert_conf *ac)
{
	size_t	 i;

	if (strcmp(h->name, ac->name) != 0 || h->type != ac->type ||
	    h->timeout != ac->timeout || h->resend != ac->resend ||
	    !hook_str_equal(h->url, ac->url) ||
	    (h->command == NULL) != (ac->command == NULL))
		return 0;
	for (i = 0; h->command != NULL; i++) {
		if (!hook_str_equal(h->command[i], ac->command[i]))
			return 0;
		if (h->command[i] == NULL)
			break;
	}
	return 1;
}

void
hook_enqueue(struct hook *h, const struct alert_notice *n)
{
	struct hook_item	*it;
	char			 what[256];

	if (h->type == ALERT_ALERTMANAGER) {
		hook_poke(h);
		return;
	}
	pthread_mutex_lock(&h->lock);
	if (h->queued >= HOOK_QUEUE_MAX) {
		pthread_mutex_unlock(&h->lock);
		__atomic_add_fetch(&h->counters->failures, 1,
		    __ATOMIC_RELAXED);
		hook_what(n, what, sizeof(what));
		log_warnx("hook %s: queue full; dropped %s", h->name, what);
		return;
	}
	it = xcalloc(1, sizeof(*it));
	notice_copy(&it->n, n);
	*h->tail = it;
	h->tail = &it->next;
	h->queued++;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
}

void
hook_poke(struct hook *h)
{
	if (h->type != ALERT_ALERTMANAGER)
		return;
	pthread_mutex_lock(&h->lock);
	h->poked = 1;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
}

void
hook_move_queue(struct hook *from, struct hook *to)
{
	struct hook_item	*list;
	size_t			 n;

	pthread_mutex_lock(&from->lock);
	list = from->head;
	n = from->queued;
	from->head = NULL;
	from->tail = &from->head;
	from->queued = 0;
	pthread_mutex_unlock(&from->lock);
	if (list == NULL)
		return;
	pthread_mutex_lock(&to->lock);
	*to->tail = list;
	while (list->next != NULL)
		list = list->next;
	to->tail = &list->next;
	to->queued += n;
	pthread_cond_broadcast(&to->cond);
	pthread_mutex_unlock(&to->lock);
}

void
hook_stop(struct hook *h)
{
	pthread_mutex_lock(&h->lock);
	/* An exec attempt in flight polls it without the lock. */
	__atomic_store_n(&h->stop, 1, __ATOMIC_RELAXED);
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
}

int
hook_finished(struct hook *h)
{
	int	 done;

	pthread_mutex_lock(&h->lock);
	done = h->done;
	pthread_mutex_unlock(&h->lock);
	return done;
}

int
hook_drain(struct hook *h, int timeout_ms)
{
	struct timespec	 ts;
	int		 idle;

	clock_deadline(&ts, timeout_ms);
	pthread_mutex_lock(&h->lock);
	while ((h->head != NULL || h->busy || h->poked) && !h->done &&
	    pthread_cond_timedwait(&h->cond, &h->lock, &ts) != ETIMEDOUT)
		;
	idle = h->head == NULL && !h->busy && !h->poked;
	pthread_mutex_unlock(&h->lock);
	return idle ? 0 : -1;
}

void
hook_free(struct hook *h)
{
	struct hook_item	*it;

	if (h == NULL)
		return;
	hook_stop(h);
	pthread_join(h->thread, NULL);
	if (h->queued > 0)
		log_warnx("hook %s: stopping with %zu undelivered event%s",
		    h->name, h->queued, h->queued == 1 ? "" : "s");
	while ((it = h->head) != NULL) {
		h->head = it->next;
		notice_clear(&it->n);
		free(it);
	}
	free(h->name);
	hook_argv_free(h->command);
	free(h->url);
	free(h->post_url);
	free(h->external_url);
	pthread_mutex_destroy(&h->lock);
	pthread_cond_destroy(&h->cond);
	free(h);
}
