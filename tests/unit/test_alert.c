/*
 * test_alert.c: the slip state machine (daemon/alert.c), its state file,
 * and the hook payloads (daemon/hookmsg.c). Delivery is exercised through
 * exec hooks running small shell scripts in a temporary directory, and a
 * webhook aimed at a closed port.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "alert.h"
#include "buf.h"
#include "config.h"
#include "fetch.h"
#include "hook.h"
#include "hookmsg.h"
#include "xmalloc.h"

#define DRAIN_MS	15000

static char	 dir[64];

static void
sh(const char *fmt, ...)
{
	char	 cmd[2048];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	assert_int_equal(system(cmd), 0);
}

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test_alert.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	char	 cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* The whole of a file, or NULL; *len is its length. */
static char *
slurp(const char *path)
{
	FILE	*f;
	char	*buf;
	long	 n;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n)
		n = 0;
	fclose(f);
	return buf;
}

static size_t
count_lines(const char *path)
{
	char	*s = slurp(path), *p;
	size_t	 n = 0;

	if (s == NULL)
		return 0;
	for (p = s; *p != '\0'; p++)
		n += *p == '\n';
	free(s);
	return n;
}

static ino_t
inode(const char *path)
{
	struct stat	 sb;

	if (stat(path, &sb) == -1)
		return 0;
	return sb.st_ino;
}

/* A config with indicator "pat" (2025 and 2035 targets) and alerts. */
static struct config *
conf_with(const char *alerts, const char *slipping, int both_targets)
{
	struct config	*c;
	char		 text[4096], err[512];

	snprintf(text, sizeof(text),
	    "data_dir = \"%s\";\n"
	    "evaluation = { slipping = [%s]; };\n"
	    "feeds = ( { name = \"p\"; type = \"push\"; } );\n"
	    "indicators = ( { id = \"pat\"; name = \"Patents\"; unit = \"count\";\n"
	    "  feed = \"p\"; targets = ( { year = 2025; value = 250000.0; }%s ); } );\n"
	    "alerts = ( %s );\n", dir, slipping,
	    both_targets ? ", { year = 2035; value = 400000.0; }" : "",
	    alerts);
	c = config_load_string("test.conf", text, err, sizeof(err));
	if (c == NULL)
		fail_msg("%s", err);
	return c;
}

#define DEFAULT_SLIPPING "\"insufficient\", \"moving_away\", \"missed\""

/* An exec hook appending "EVENT STATUS PREVIOUS" lines to DIR/NAME.out. */
static char *
exec_hook(const char *name, const char *extra)
{
	char	 path[256], *s;
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s.sh", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "#!/bin/sh\n"
	    "echo \"$INDICATORD_EVENT $INDICATORD_INDICATOR $INDICATORD_TARGET_YEAR "
	    "$INDICATORD_STATUS $INDICATORD_PREVIOUS_STATUS\" >> %s/%s.out\n"
	    "cat > %s/%s.stdin\n%s\n", dir, name, dir, name, extra);
	fclose(f);
	chmod(path, 0755);
	if (asprintf(&s, "{ name = \"%s\"; type = \"exec\"; command = [\"%s\"]; "
	    "timeout = 5; }", name, path) == -1)
		fail();
	return s;
}

static struct alert_target
target(const char *id, int year, enum eval_status st)
{
	struct alert_target	 t;

	memset(&t, 0, sizeof(t));
	t.indicator = id;
	t.name = "Patent authorizations";
	t.unit = "count";
	t.period = "2023";
	t.year = year;
	t.value = 250000;
	t.kind = EVAL_MIN;
	t.res.status = st;
	t.res.method = EVAL_CAGR;
	t.res.base_t = 2015;
	t.res.base_v = 100000;
	t.res.latest_t = 2023;
	t.res.latest_v = 180000;
	t.res.actual = 0.031;
	t.res.required = 0.082;
	t.res.ratio = 0.031 / 0.082;
	t.res.projected = 210000;
	t.res.trend_growth = t.res.trend_projected = NAN;
	t.res.trend_lower = t.res.trend_upper = t.res.probability = NAN;
	return t;
}

static const struct alert_policy def_slipping = { .slipping = {
	[EVAL_INSUFFICIENT] = 1, [EVAL_MOVING_AWAY] = 1, [EVAL_MISSED] = 1 } };

static void
test_step_transitions(void **state)
{
	struct alert_entry	 e;
	struct alert_target	 t;
	struct alert_notice	 n;
	int			 ch;

	(void)state;
	memset(&e, 0, sizeof(e));
	e.status = EVAL_UNKNOWN;
	t = target("pat", 2025, EVAL_ON_TRACK);
	assert_int_equal(alert_step(&e, &t, &def_slipping, 100, &n, &ch),
	    ALERT_NONE);
	assert_true(ch);			/* first status is state */
	assert_int_equal(alert_step(&e, &t, &def_slipping, 110, &n, &ch),
	    ALERT_NONE);
	assert_false(ch);
	t.res.status = EVAL_MODERATE;
	assert_int_equal(alert_step(&e, &t, &def_slipping, 115, &n, &ch),
	    ALERT_NONE);
	assert_true(ch);
	t.res.status = EVAL_MOVING_AWAY;
	assert_int_equal(alert_step(&e, &t, &def_slipping, 120, &n, &ch),
	    ALERT_FIRING);
	assert_true(ch);
	assert_int_equal(n.previous, EVAL_MODERATE);
	assert_int_equal(n.labelled, EVAL_MOVING_AWAY);
	assert_int_equal(n.starts_at, 120);
	assert_int_equal(n.ends_at, 0);
	assert_string_equal(n.t.indicator, "pat");
	/* Same status again: nothing. */
	assert_int_equal(alert_step(&e, &t, &def_slipping, 130, &n, &ch),
	    ALERT_NONE);
	assert_false(ch);
	t.res.status = EVAL_INSUFFICIENT;
	assert_int_equal(alert_step(&e, &t, &def_slipping, 140, &n, &ch),
	    ALERT_UPDATED);
	assert_int_equal(n.previous, EVAL_MOVING_AWAY);
	assert_int_equal(n.labelled, EVAL_INSUFFICIENT);
	assert_true(n.replaces);
	assert_int_equal(n.replaced, EVAL_MOVING_AWAY);
	assert_int_equal(n.replaced_starts_at, 120);
	assert_int_equal(n.starts_at, 140);
	assert_int_equal(e.nresolved, 1);
	t.res.status = EVAL_ON_TRACK;
	assert_int_equal(alert_step(&e, &t, &def_slipping, 150, &n, &ch),
	    ALERT_RESOLVED);
	assert_int_equal(n.previous, EVAL_INSUFFICIENT);
	assert_int_equal(n.labelled, EVAL_INSUFFICIENT);
	assert_int_equal(n.starts_at, 140);
	assert_int_equal(n.ends_at, 150);
	assert_false(e.firing);
	assert_int_equal(e.nresolved, 2);
	/* Slipping again fires again. */
	t.res.status = EVAL_MISSED;
	assert_int_equal(alert_step(&e, &t, &def_slipping, 160, &n, &ch),
	    ALERT_FIRING);
	assert_int_equal(n.previous, EVAL_ON_TRACK);
	alert_entry_clear(&e);
}

static void
test_step_custom_slipping(void **state)
{
	static const struct alert_policy only_missed = { .slipping = {
		[EVAL_MISSED] = 1 } };
	struct alert_entry	 e;
	struct alert_target	 t;
	struct alert_notice	 n;
	int			 ch;

	(void)state;
	memset(&e, 0, sizeof(e));
	t = target("pat", 2025, EVAL_MOVING_AWAY);
	assert_int_equal(alert_step(&e, &t, &only_missed, 1, &n, &ch),
	    ALERT_NONE);
	t.res.status = EVAL_MISSED;
	assert_int_equal(alert_step(&e, &t, &only_missed, 2, &n, &ch),
	    ALERT_FIRING);
	assert_int_equal(n.previous, EVAL_MOVING_AWAY);
	/* Unknown (no data) leaves the slipping set: resolved. */
	t.res.status = EVAL_UNKNOWN;
	assert_int_equal(alert_step(&e, &t, &only_missed, 3, &n, &ch),
	    ALERT_RESOLVED);
	alert_entry_clear(&e);
}

static void
test_resolved_kept_bounded(void **state)
{
	struct alert_entry	 e;
	struct alert_target	 t;
	struct alert_notice	 n;
	int			 ch, i;

	(void)state;
	memset(&e, 0, sizeof(e));
	t = target("pat", 2025, EVAL_ON_TRACK);
	for (i = 0; i < 3 * ALERT_RESOLVED_MAX; i++) {
		t.res.status = i % 2 == 0 ? EVAL_MISSED : EVAL_ON_TRACK;
		alert_step(&e, &t, &def_slipping, 10 + i, &n, &ch);
	}
	assert_int_equal(e.nresolved, ALERT_RESOLVED_MAX);
	assert_int_equal(e.resolved[ALERT_RESOLVED_MAX - 1].ends_at,
	    10 + 3 * ALERT_RESOLVED_MAX - 1);
	alert_entry_clear(&e);
}

static void
test_severity(void **state)
{
	(void)state;
	assert_string_equal(notice_status_severity(EVAL_INSUFFICIENT), "warning");
	assert_string_equal(notice_status_severity(EVAL_MOVING_AWAY), "critical");
	assert_string_equal(notice_status_severity(EVAL_MISSED), "critical");
	assert_string_equal(notice_event_name(ALERT_UPDATED), "updated");
}

static void
test_description(void **state)
{
	struct alert_target	 t;
	struct alert_notice	 n;
	char			 buf[512];

	(void)state;
	t = target("patent_authorizations", 2025, EVAL_INSUFFICIENT);
	hookmsg_description(&t, buf, sizeof(buf));
	assert_string_equal(buf, "needs 8.2 %/yr from 100,000 (2015) to "
	    "reach 250,000 by 2025; achieving 3.1 %/yr since 2015; projected "
	    "210,000; latest data 2023, current");
	memset(&n, 0, sizeof(n));
	n.t = t;
	n.labelled = EVAL_INSUFFICIENT;
	hookmsg_summary(&n, 0, buf, sizeof(buf));
	assert_string_equal(buf,
	    "patent_authorizations 2025 target slipping: insufficient");
	n.t.res.status = EVAL_ON_TRACK;
	hookmsg_summary(&n, 1, buf, sizeof(buf));
	assert_string_equal(buf, "patent_authorizations 2025 target no "
	    "longer insufficient: now on_track");
	t.res.status = EVAL_MISSED;
	t.period = "2025";
	t.res.latest_v = 241900;
	hookmsg_description(&t, buf, sizeof(buf));
	assert_string_equal(buf, "missed: 241,900 in 2025 against the target "
	    "of 250,000 for 2025; latest data 2025, current");
	t.res.status = EVAL_MOVING_AWAY;
	t.res.method = EVAL_LINEAR;
	t.res.required = 2.5;
	t.res.actual = -0.5;
	t.res.projected = 8;
	t.value = 20;
	hookmsg_description(&t, buf, sizeof(buf));
	assert_string_equal(buf, "needs +2.50/yr from 100,000 (2015) to reach "
	    "20 by 2025; achieving -0.50/yr since 2015; projected 8; latest "
	    "data 2025, current");
	t.res.required = t.res.actual = t.res.projected = NAN;
	t.res.why_required = t.res.why_actual = t.res.why_projected =
	    EVAL_WHY_ONE_POINT;
	t.res.status = EVAL_UNKNOWN;
	t.stale = 1;
	hookmsg_description(&t, buf, sizeof(buf));
	assert_string_equal(buf, "one observation only: no growth to "
	    "measure; target 20 by 2025; latest data 2025, stale");
	t.res.latest_v = NAN;
	t.period = NULL;
	hookmsg_description(&t, buf, sizeof(buf));
	assert_string_equal(buf, "no data yet; target 20 by 2025");
}

static json_t *
parse(char *s)
{
	json_error_t	 je;
	json_t		*j;

	j = json_loads(s, 0, &je);
	if (j == NULL)
		fail_msg("bad JSON: %s in %s", je.text, s);
	free(s);
	return j;
}

static const char *
jstr(json_t *o, const char *path)
{
	char		 key[128], *dot;
	const char	*p = path;

	while ((dot = strchr(p, '.')) != NULL) {
		snprintf(key, sizeof(key), "%.*s", (int)(dot - p), p);
		o = json_object_get(o, key);
		p = dot + 1;
	}
	o = json_object_get(o, p);
	if (!json_is_string(o))
		fail_msg("%s is not a string", path);
	return json_string_value(o);
}

static struct alert_notice
notice(enum alert_event ev, enum eval_status labelled, time_t starts,
    time_t ends)
{
	struct alert_notice	 n;

	memset(&n, 0, sizeof(n));
	n.event = ev;
	n.t = target("patent_authorizations", 2025, labelled);
	n.labelled = labelled;
	n.previous = EVAL_ON_TRACK;
	n.starts_at = starts;
	n.ends_at = ends;
	n.at = ends != 0 ? ends : starts;
	return n;
}

static void
test_am_payload(void **state)
{
	struct alert_notice	 set[2];
	json_t			*j, *a;

	(void)state;
	set[0] = notice(ALERT_FIRING, EVAL_INSUFFICIENT, 60, 0);
	set[1] = notice(ALERT_RESOLVED, EVAL_MOVING_AWAY, 10, 50);
	set[1].t.res.status = EVAL_INSUFFICIENT;
	j = parse(hookmsg_am_json(set, 2, "http://127.0.0.1:9479", 1000, 60));
	assert_true(json_is_array(j));
	assert_int_equal(json_array_size(j), 2);
	a = json_array_get(j, 0);
	assert_string_equal(jstr(a, "labels.alertname"),
	    "IndicatorTargetSlipping");
	assert_string_equal(jstr(a, "labels.indicator"),
	    "patent_authorizations");
	assert_string_equal(jstr(a, "labels.target_year"), "2025");
	assert_string_equal(jstr(a, "labels.status"), "insufficient");
	assert_string_equal(jstr(a, "labels.severity"), "warning");
	assert_int_equal(json_object_size(json_object_get(a, "labels")), 5);
	assert_string_equal(jstr(a, "annotations.summary"),
	    "patent_authorizations 2025 target slipping: insufficient");
	assert_string_equal(jstr(a, "annotations.description"),
	    "needs 8.2 %/yr from 100,000 (2015) to reach 250,000 by 2025; "
	    "achieving 3.1 %/yr since 2015; projected 210,000; latest data "
	    "2023, current");
	assert_string_equal(jstr(a, "startsAt"), "1970-01-01T00:01:00Z");
	/* endsAt = now + 4 x resend */
	assert_string_equal(jstr(a, "endsAt"), "1970-01-01T00:20:40Z");
	assert_string_equal(jstr(a, "generatorURL"),
	    "http://127.0.0.1:9479/indicator/patent_authorizations");
	a = json_array_get(j, 1);
	assert_string_equal(jstr(a, "labels.status"), "moving_away");
	assert_string_equal(jstr(a, "labels.severity"), "critical");
	assert_string_equal(jstr(a, "endsAt"), "1970-01-01T00:00:50Z");
	assert_string_equal(jstr(a, "annotations.summary"),
	    "patent_authorizations 2025 target no longer moving_away: now "
	    "insufficient");
	json_decref(j);
}

static void
test_webhook_payload(void **state)
{
	struct alert_notice	 n;
	json_t			*j, *alerts, *a, *common;
	const char		*fp;

	(void)state;
	n = notice(ALERT_UPDATED, EVAL_INSUFFICIENT, 200, 0);
	n.previous = EVAL_MOVING_AWAY;
	n.replaces = 1;
	n.replaced = EVAL_MOVING_AWAY;
	n.replaced_starts_at = 100;
	j = parse(hookmsg_webhook_json(&n, "hooky", "http://h:1"));
	assert_string_equal(jstr(j, "version"), "4");
	assert_string_equal(jstr(j, "status"), "firing");
	assert_string_equal(jstr(j, "receiver"), "hooky");
	assert_string_equal(jstr(j, "externalURL"), "http://h:1");
	assert_string_equal(jstr(j, "groupKey"), "{}:{alertname="
	    "\"IndicatorTargetSlipping\", indicator=\"patent_authorizations\", "
	    "target_year=\"2025\"}");
	assert_string_equal(jstr(j, "groupLabels.target_year"), "2025");
	assert_int_equal(json_integer_value(json_object_get(j,
	    "truncatedAlerts")), 0);
	common = json_object_get(j, "commonLabels");
	assert_int_equal(json_object_size(common), 3);
	assert_null(json_object_get(common, "status"));
	assert_string_equal(jstr(j, "commonAnnotations.description"),
	    "needs 8.2 %/yr from 100,000 (2015) to reach 250,000 by 2025; "
	    "achieving 3.1 %/yr since 2015; projected 210,000; latest data "
	    "2023, current");
	alerts = json_object_get(j, "alerts");
	assert_int_equal(json_array_size(alerts), 2);
	a = json_array_get(alerts, 0);
	assert_string_equal(jstr(a, "status"), "resolved");
	assert_string_equal(jstr(a, "labels.status"), "moving_away");
	assert_string_equal(jstr(a, "startsAt"), "1970-01-01T00:01:40Z");
	assert_string_equal(jstr(a, "endsAt"), "1970-01-01T00:03:20Z");
	a = json_array_get(alerts, 1);
	assert_string_equal(jstr(a, "status"), "firing");
	assert_string_equal(jstr(a, "labels.status"), "insufficient");
	assert_string_equal(jstr(a, "endsAt"), "0001-01-01T00:00:00Z");
	fp = jstr(a, "fingerprint");
	assert_int_equal(strlen(fp), 16);
	assert_int_equal(strspn(fp, "0123456789abcdef"), 16);
	assert_string_not_equal(fp, jstr(json_array_get(alerts, 0),
	    "fingerprint"));
	json_decref(j);
	n = notice(ALERT_RESOLVED, EVAL_MISSED, 100, 300);
	j = parse(hookmsg_webhook_json(&n, "hooky", "http://h:1"));
	assert_string_equal(jstr(j, "status"), "resolved");
	assert_int_equal(json_array_size(json_object_get(j, "alerts")), 1);
	assert_string_equal(jstr(j, "commonLabels.severity"), "critical");
	json_decref(j);
}

static const char *
env_get(char **env, const char *name)
{
	size_t	 n = strlen(name);

	for (; *env != NULL; env++)
		if (strncmp(*env, name, n) == 0 && (*env)[n] == '=')
			return *env + n + 1;
	fail_msg("%s not set", name);
	return NULL;
}

static void
test_event_json_env(void **state)
{
	struct alert_notice	 n;
	json_t			*j;
	char			**env;

	(void)state;
	n = notice(ALERT_FIRING, EVAL_MOVING_AWAY, 100, 0);
	n.t.res.projected = NAN;
	j = parse(hookmsg_event_json(&n, "http://x:2"));
	assert_string_equal(jstr(j, "event"), "firing");
	assert_string_equal(jstr(j, "indicator"), "patent_authorizations");
	assert_string_equal(jstr(j, "status"), "moving_away");
	assert_string_equal(jstr(j, "previous_status"), "on_track");
	assert_string_equal(jstr(j, "severity"), "critical");
	assert_string_equal(jstr(j, "period"), "2023");
	assert_string_equal(jstr(j, "method"), "cagr");
	assert_string_equal(jstr(j, "starts_at"), "1970-01-01T00:01:40Z");
	assert_true(json_is_null(json_object_get(j, "ends_at")));
	assert_true(json_is_null(json_object_get(j, "projected")));
	assert_int_equal(json_integer_value(json_object_get(j,
	    "target_year")), 2025);
	assert_true(json_real_value(json_object_get(j, "value")) == 180000);
	assert_string_equal(jstr(j, "url"),
	    "http://x:2/indicator/patent_authorizations");
	assert_string_equal(jstr(j, "graph_url"),
	    "http://x:2/graph/patent_authorizations.png");
	json_decref(j);
	env = hookmsg_env(&n, "http://x:2");
	assert_string_equal(env_get(env, "INDICATORD_INDICATOR"),
	    "patent_authorizations");
	assert_string_equal(env_get(env, "INDICATORD_TARGET_YEAR"), "2025");
	assert_string_equal(env_get(env, "INDICATORD_STATUS"), "moving_away");
	assert_string_equal(env_get(env, "INDICATORD_PREVIOUS_STATUS"),
	    "on_track");
	assert_string_equal(env_get(env, "INDICATORD_VALUE"), "180000");
	assert_string_equal(env_get(env, "INDICATORD_TARGET"), "250000");
	assert_string_equal(env_get(env, "INDICATORD_PROJECTED"), "");
	assert_string_equal(env_get(env, "INDICATORD_EVENT"), "firing");
	assert_string_equal(env_get(env, "INDICATORD_SEVERITY"), "critical");
	assert_string_equal(env_get(env, "INDICATORD_URL"),
	    "http://x:2/indicator/patent_authorizations");
	assert_string_equal(env_get(env, "INDICATORD_GRAPH_URL"),
	    "http://x:2/graph/patent_authorizations.png");
	xstrv_free(env);
}


/* A stale-data observation of "patent_authorizations". */
static struct alert_target
stale_target(int stale)
{
	struct alert_target	 t;

	memset(&t, 0, sizeof(t));
	t.rule = ALERT_RULE_STALE;
	t.indicator = "patent_authorizations";
	t.name = "Patent authorizations";
	t.unit = "count";
	t.period = "2021";
	t.value = NAN;
	t.res.status = EVAL_UNKNOWN;
	t.res.latest_v = 279200;
	t.stale = stale;
	t.age = 3.5 * 365.25 * 86400;
	t.stale_after = "18 months";
	return t;
}

/* Stale data fires only with alert_stale, once, and current data resolves. */
static void
test_step_stale(void **state)
{
	struct alert_policy	 p = def_slipping;
	struct alert_entry	 e;
	struct alert_target	 t;
	struct alert_notice	 n;
	int			 ch;

	(void)state;
	memset(&e, 0, sizeof(e));
	e.rule = ALERT_RULE_STALE;
	t = stale_target(1);
	assert_int_equal(alert_step(&e, &t, &p, 10, &n, &ch), ALERT_NONE);
	assert_int_equal(ch, 1);
	assert_int_equal(e.stale, 1);
	p.stale = 1;
	assert_int_equal(alert_step(&e, &t, &p, 20, &n, &ch), ALERT_FIRING);
	assert_int_equal(ch, 1);
	assert_int_equal(n.starts_at, 20);
	assert_string_equal(notice_severity(&n), "warning");
	assert_int_equal(alert_step(&e, &t, &p, 30, &n, &ch), ALERT_NONE);
	assert_int_equal(ch, 0);
	t = stale_target(0);
	assert_int_equal(alert_step(&e, &t, &p, 40, &n, &ch), ALERT_RESOLVED);
	assert_int_equal(n.starts_at, 20);
	assert_int_equal(n.ends_at, 40);
	assert_int_equal(e.firing, 0);
	assert_int_equal(e.nresolved, 1);
	assert_int_equal(e.resolved[0].ends_at, 40);
	/* A slipping status means nothing to a stale alert. */
	t = stale_target(0);
	t.res.status = EVAL_MISSED;
	assert_int_equal(alert_step(&e, &t, &p, 50, &n, &ch), ALERT_NONE);
	alert_entry_clear(&e);
}

/* The stale alert in each payload: its own alertname and labels. */
static void
test_stale_payloads(void **state)
{
	struct alert_notice	 n;
	json_t			*j, *a;
	char			**env, buf[512];

	(void)state;
	memset(&n, 0, sizeof(n));
	n.event = ALERT_FIRING;
	n.t = stale_target(1);
	n.starts_at = n.at = 100;
	hookmsg_summary(&n, 0, buf, sizeof(buf));
	assert_string_equal(buf, "patent_authorizations data stale: latest "
	    "2021");
	hookmsg_description(&n.t, buf, sizeof(buf));
	assert_string_equal(buf, "latest data 2021 (279,200), 3.5 years after "
	    "its period's end; newer data is expected within 18 months");
	j = parse(hookmsg_event_json(&n, "http://x:2"));
	assert_string_equal(jstr(j, "alertname"), "IndicatorDataStale");
	assert_string_equal(jstr(j, "status"), "stale");
	assert_string_equal(jstr(j, "previous_status"), "current");
	assert_string_equal(jstr(j, "alert_status"), "stale");
	assert_string_equal(jstr(j, "severity"), "warning");
	assert_string_equal(jstr(j, "stale_after"), "18 months");
	assert_true(json_real_value(json_object_get(j, "age_seconds")) ==
	    3.5 * 365.25 * 86400);
	assert_null(json_object_get(j, "target_year"));
	assert_null(json_object_get(j, "projected"));
	json_decref(j);
	env = hookmsg_env(&n, "http://x:2");
	assert_string_equal(env_get(env, "INDICATORD_ALERTNAME"),
	    "IndicatorDataStale");
	assert_string_equal(env_get(env, "INDICATORD_TARGET_YEAR"), "");
	assert_string_equal(env_get(env, "INDICATORD_STATUS"), "stale");
	assert_string_equal(env_get(env, "INDICATORD_AGE_SECONDS"),
	    "110451600");
	assert_string_equal(env_get(env, "INDICATORD_STALE_AFTER"),
	    "18 months");
	xstrv_free(env);
	j = parse(hookmsg_am_json(&n, 1, "http://x:2", 1000, 60));
	a = json_array_get(j, 0);
	assert_string_equal(jstr(a, "labels.alertname"), "IndicatorDataStale");
	assert_string_equal(jstr(a, "labels.severity"), "warning");
	assert_int_equal(json_object_size(json_object_get(a, "labels")), 3);
	json_decref(j);
	n.event = ALERT_RESOLVED;
	n.t = stale_target(0);
	n.t.period = "2024";
	n.ends_at = n.at = 200;
	j = parse(hookmsg_webhook_json(&n, "hooky", "http://h:1"));
	assert_string_equal(jstr(j, "groupKey"), "{}:{alertname="
	    "\"IndicatorDataStale\", indicator=\"patent_authorizations\"}");
	assert_int_equal(json_object_size(json_object_get(j, "groupLabels")),
	    2);
	a = json_array_get(json_object_get(j, "alerts"), 0);
	assert_string_equal(jstr(a, "status"), "resolved");
	assert_string_equal(jstr(a, "annotations.summary"),
	    "patent_authorizations data no longer stale: latest 2024");
	/*
	 * Alertmanager's fingerprint, FNV-1a 64 over name 0xff value 0xff of
	 * the sorted labels, computed independently with python3.
	 */
	assert_string_equal(jstr(a, "fingerprint"), "da33ce7212b7788f");
	json_decref(j);
}

static void
path_of(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", dir, name);
}

/* alerts_open and alerts_start, as the daemon calls them: NULL with err. */
static struct alerts *
open_started(const struct config *c, const char *url, char *err,
    size_t errlen)
{
	struct alerts	*a = alerts_open(c);

	if (alerts_start(a, c, url, err, errlen) == -1) {
		alerts_close(a);
		return NULL;
	}
	return a;
}

/* Fire, persist, reopen: the same status does not fire again. */
static void
test_persist_no_repeat(void **state)
{
	struct config		*c;
	struct alerts		*a;
	struct alert_target	 t;
	char			 err[256], st[256], out[256], tmp[300], *hk;
	char			*text;
	json_t			*j, *e;
	ino_t			 ino;

	(void)state;
	hk = exec_hook("x", "");
	c = conf_with(hk, DEFAULT_SLIPPING, 0);
	path_of(st, sizeof(st), "alerts.state");
	path_of(out, sizeof(out), "x.out");
	snprintf(tmp, sizeof(tmp), "%s.tmp", st);
	a = open_started(c, "http://127.0.0.1:9479/", err, sizeof(err));
	assert_non_null(a);
	t = target("pat", 2025, EVAL_ON_TRACK);
	alerts_observe(a, &t);
	t.res.status = EVAL_MOVING_AWAY;
	alerts_observe(a, &t);
	assert_int_equal(alerts_drain(a, DRAIN_MS), 0);
	text = slurp(out);
	assert_non_null(text);
	assert_string_equal(text, "firing pat 2025 moving_away on_track\n");
	free(text);
	alerts_close(a);
	assert_int_equal(access(tmp, F_OK), -1);	/* no temporary left */
	j = parse(slurp(st));
	assert_int_equal(json_integer_value(json_object_get(j, "version")), 1);
	e = json_array_get(json_object_get(j, "targets"), 0);
	assert_string_equal(jstr(e, "indicator"), "pat");
	assert_string_equal(jstr(e, "status"), "moving_away");
	assert_string_equal(jstr(e, "firing.status"), "moving_away");
	json_decref(j);
	/* Restart: the same evaluation repeats nothing, writes nothing. */
	ino = inode(st);
	a = open_started(c, "http://127.0.0.1:9479", err, sizeof(err));
	assert_non_null(a);
	alerts_observe(a, &t);
	assert_int_equal(alerts_drain(a, DRAIN_MS), 0);
	assert_int_equal(count_lines(out), 1);
	assert_true(inode(st) == ino);
	/* Recovery after the restart resolves the loaded alert. */
	t.res.status = EVAL_ON_TRACK;
	alerts_observe(a, &t);
	assert_int_equal(alerts_drain(a, DRAIN_MS), 0);
	assert_int_equal(count_lines(out), 2);
	text = slurp(out);
	assert_non_null(strstr(text, "resolved pat 2025 on_track moving_away\n"));
	free(text);
	assert_true(inode(st) != ino);
	alerts_close(a);
	j = parse(slurp(st));
	e = json_array_get(json_object_get(j, "targets"), 0);
	assert_null(json_object_get(e, "firing"));
	assert_int_equal(json_array_size(json_object_get(e, "resolved")), 1);
	assert_string_equal(jstr(json_array_get(json_object_get(e,
	    "resolved"), 0), "status"), "moving_away");
	json_decref(j);
	/* The event on stdin is the JSON document. */
	path_of(out, sizeof(out), "x.stdin");
	j = parse(slurp(out));
	assert_string_equal(jstr(j, "event"), "resolved");
	assert_string_equal(jstr(j, "url"),
	    "http://127.0.0.1:9479/indicator/pat");
	assert_string_equal(jstr(j, "graph_url"),
	    "http://127.0.0.1:9479/graph/pat.png");
	json_decref(j);
	free(hk);
	config_free(c);
	unlink(st);
}

/* A failing hook: three attempts, one failure counted, no block. */

/* A stale alert persists across a restart and ends with alert_stale off. */
static void
test_stale_persist(void **state)
{
	struct config		*c, *off;
	struct alerts		*a;
	struct alert_target	 t;
	char			 err[512], st[256], out[256], *hk, *text;
	char			 cfg[4096];
	json_t			*j, *e;

	(void)state;
	hk = exec_hook("s", "");
	snprintf(cfg, sizeof(cfg), "data_dir = \"%s\";\n"
	    "evaluation = { alert_stale = true; };\n"
	    "feeds = ( { name = \"p\"; type = \"push\"; } );\n"
	    "indicators = ( { id = \"patent_authorizations\"; name = \"P\"; unit = \"count\"; feed = \"p\"; } );\n"
	    "alerts = ( %s );\n", dir, hk);
	c = config_load_string("stale.conf", cfg, err, sizeof(err));
	if (c == NULL)
		fail_msg("%s", err);
	assert_int_equal(c->alert_stale, 1);
	path_of(st, sizeof(st), "alerts.state");
	path_of(out, sizeof(out), "s.out");
	a = open_started(c, "http://127.0.0.1:9479", err, sizeof(err));
	assert_non_null(a);
	t = stale_target(1);
	alerts_observe(a, &t);
	assert_int_equal(alerts_drain(a, DRAIN_MS), 0);
	alerts_close(a);
	j = parse(slurp(st));
	e = json_array_get(json_object_get(j, "targets"), 0);
	assert_string_equal(jstr(e, "alertname"), "IndicatorDataStale");
	assert_string_equal(jstr(e, "status"), "stale");
	assert_string_equal(jstr(e, "firing.status"), "stale");
	assert_null(json_object_get(e, "target_year"));
	json_decref(j);
	/* Restart: still stale, nothing repeated. */
	a = open_started(c, "http://127.0.0.1:9479", err, sizeof(err));
	assert_non_null(a);
	alerts_observe(a, &t);
	assert_int_equal(alerts_drain(a, DRAIN_MS), 0);
	/* alert_stale turned off: the open alert is resolved. */
	cfg[0] = '\0';
	snprintf(cfg, sizeof(cfg), "data_dir = \"%s\";\n"
	    "feeds = ( { name = \"p\"; type = \"push\"; } );\n"
	    "indicators = ( { id = \"patent_authorizations\"; name = \"P\"; unit = \"count\"; feed = \"p\"; } );\n"
	    "alerts = ( %s );\n", dir, hk);
	off = config_load_string("off.conf", cfg, err, sizeof(err));
	assert_non_null(off);
	alerts_reconfigure(a, off);
	assert_int_equal(alerts_drain(a, DRAIN_MS), 0);
	alerts_close(a);
	text = slurp(out);
	assert_non_null(text);
	assert_string_equal(text, "firing patent_authorizations  stale current\n"
	    "resolved patent_authorizations  current stale\n");
	free(text);
	config_free(off);
	config_free(c);
	free(hk);
}

static void
test_failures_counted(void **state)
{
	struct config		*c;
	struct alerts		*a;
	struct alert_target	 t;
	struct timespec		 t0, t1;
	struct buf		 b;
	char			 err[256], text[1024], out[256], *hk;
	double			 ms;

	(void)state;
	hk = exec_hook("bad", "exit 3");
	snprintf(text, sizeof(text), "%s, { name = \"dead\"; type = "
	    "\"webhook\"; url = \"http://127.0.0.1:1/hook\"; timeout = 2; }",
	    hk);
	c = conf_with(text, DEFAULT_SLIPPING, 0);
	a = open_started(c, "http://127.0.0.1:9479", err, sizeof(err));
	assert_non_null(a);
	t = target("pat", 2025, EVAL_MISSED);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	alerts_observe(a, &t);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	assert_true(ms < 50);
	assert_int_equal(alerts_drain(a, DRAIN_MS), 0);
	path_of(out, sizeof(out), "bad.out");
	assert_int_equal(count_lines(out), HOOK_ATTEMPTS);
	buf_init(&b, 256);
	alerts_metrics(a, &b, 0);
	assert_non_null(strstr(b.data,
	    "indicatord_alert_failures_total{hook=\"bad\"} 1\n"));
	assert_non_null(strstr(b.data,
	    "indicatord_alert_failures_total{hook=\"dead\"} 1\n"));
	assert_non_null(strstr(b.data,
	    "indicatord_alerts_sent_total{hook=\"bad\"} 0\n"));
	assert_non_null(strstr(b.data,
	    "# TYPE indicatord_alerts_sent_total counter\n"));
	buf_free(&b);
	buf_init(&b, 256);
	alerts_metrics(a, &b, 1);
	assert_non_null(strstr(b.data,
	    "# TYPE indicatord_alert_failures counter\n"));
	assert_non_null(strstr(b.data,
	    "indicatord_alert_failures_total{hook=\"dead\"} 1\n"));
	buf_free(&b);
	alerts_close(a);
	free(hk);
	config_free(c);
	path_of(out, sizeof(out), "alerts.state");
	unlink(out);
}

/* Reload: a narrower slipping set and a removed target resolve. */
static void
test_reconfigure(void **state)
{
	struct config		*c, *c2;
	struct alerts		*a;
	struct alert_target	 t;
	struct buf		 b;
	char			 err[256], out[256], *hk, *text;

	(void)state;
	hk = exec_hook("r", "");
	c = conf_with(hk, DEFAULT_SLIPPING, 1);
	a = open_started(c, "http://127.0.0.1:9479", err, sizeof(err));
	assert_non_null(a);
	t = target("pat", 2025, EVAL_MOVING_AWAY);
	alerts_observe(a, &t);
	t.year = 2035;
	t.res.status = EVAL_INSUFFICIENT;
	alerts_observe(a, &t);
	assert_int_equal(alerts_drain(a, DRAIN_MS), 0);
	path_of(out, sizeof(out), "r.out");
	assert_int_equal(count_lines(out), 2);
	/* 2035 leaves the config; insufficient leaves the slipping set. */
	c2 = conf_with(hk, "\"moving_away\"", 0);
	alerts_reconfigure(a, c2);
	assert_int_equal(alerts_drain(a, DRAIN_MS), 0);
	text = slurp(out);
	assert_non_null(strstr(text, "resolved pat 2035 unknown insufficient\n"));
	free(text);
	assert_int_equal(count_lines(out), 3);
	config_free(c2);
	c2 = conf_with(hk, "\"missed\"", 0);
	alerts_reconfigure(a, c2);
	assert_int_equal(alerts_drain(a, DRAIN_MS), 0);
	text = slurp(out);
	assert_non_null(strstr(text,
	    "resolved pat 2025 moving_away moving_away\n"));
	free(text);
	/* The hook was unchanged: the same thread and counters go on. */
	buf_init(&b, 256);
	alerts_metrics(a, &b, 0);
	assert_non_null(strstr(b.data,
	    "indicatord_alerts_sent_total{hook=\"r\"} 4\n"));
	buf_free(&b);
	alerts_close(a);
	config_free(c2);
	config_free(c);
	free(hk);
	path_of(out, sizeof(out), "alerts.state");
	unlink(out);
}

static void
test_damaged_state(void **state)
{
	struct config	*c;
	struct alerts	*a;
	char		 err[256], st[256], bad[300];

	(void)state;
	path_of(st, sizeof(st), "alerts.state");
	snprintf(bad, sizeof(bad), "%s.bad", st);
	sh("printf '{\"version\": 1, \"targets\": [' > %s", st);
	c = conf_with("", DEFAULT_SLIPPING, 0);
	a = open_started(c, "http://127.0.0.1:9479", err, sizeof(err));
	assert_non_null(a);
	assert_int_equal(access(bad, F_OK), 0);
	alerts_close(a);
	sh("printf '{\"version\": 1, \"targets\": [{\"indicator\": \"pat\", "
	    "\"target_year\": 2025, \"status\": \"bogus\"}]}' > %s", st);
	a = open_started(c, "http://127.0.0.1:9479", err, sizeof(err));
	assert_non_null(a);
	alerts_close(a);
	config_free(c);
	unlink(st);
	unlink(bad);
}

/*
 * Opened and closed without alerts_start (the registry beside it failed:
 * the data_dir may be another daemon's): no keeper to join, and no file
 * changed, neither the state whose target the config no longer has (it
 * is resolved in memory only) nor a damaged state (not moved aside).
 */
static void
test_unstarted(void **state)
{
	static const char *const files[2] = {
	    "{\"version\": 1, \"targets\": [{\"indicator\": \"gone\", "
	    "\"target_year\": 2025, \"status\": \"missed\", \"firing\": "
	    "{\"status\": \"missed\", \"starts_at\": 1700000000}}]}\n",
	    "{\"version\": 1, \"targets\": [\n" };
	struct config	*c;
	struct alerts	*a;
	char		 st[256], bad[300], *text;
	FILE		*f;
	int		 i;

	(void)state;
	path_of(st, sizeof(st), "alerts.state");
	snprintf(bad, sizeof(bad), "%s.bad", st);
	c = conf_with("", DEFAULT_SLIPPING, 0);
	for (i = 0; i < 2; i++) {
		assert_non_null(f = fopen(st, "w"));
		assert_true(fputs(files[i], f) >= 0);
		assert_int_equal(fclose(f), 0);
		assert_non_null(a = alerts_open(c));
		alerts_close(a);
		text = slurp(st);
		assert_string_equal(text, files[i]);
		free(text);
		assert_int_equal(access(bad, F_OK), -1);
	}
	config_free(c);
	unlink(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_step_transitions),
		cmocka_unit_test(test_step_custom_slipping),
		cmocka_unit_test(test_resolved_kept_bounded),
		cmocka_unit_test(test_severity),
		cmocka_unit_test(test_description),
		cmocka_unit_test(test_am_payload),
		cmocka_unit_test(test_webhook_payload),
		cmocka_unit_test(test_event_json_env),
		cmocka_unit_test(test_step_stale),
		cmocka_unit_test(test_stale_payloads),
		cmocka_unit_test(test_persist_no_repeat),
		cmocka_unit_test(test_stale_persist),
		cmocka_unit_test(test_failures_counted),
		cmocka_unit_test(test_reconfigure),
		cmocka_unit_test(test_damaged_state),
		cmocka_unit_test(test_unstarted),
	};
	char	 err[512];
	int	 rc;

	signal(SIGPIPE, SIG_IGN);
	if (fetch_init(err, sizeof(err)) == -1) {
		fprintf(stderr, "test_alert: %s\n", err);
		return 1;
	}
	rc = cmocka_run_group_tests(tests, setup, teardown);
	fetch_cleanup();
	return rc;
}
