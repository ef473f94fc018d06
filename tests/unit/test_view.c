/*
 * test_view.c: the registry's views and their readers. A view made by hand
 * (no registry, no files) is rendered by metrics.c and answered by api.c,
 * to exact text; views copy what they show before it is written, and share
 * what did not change; the registry announces a new view after each change
 * to its subscribers, in order.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <math.h>

#include "api.h"
#include "buf.h"
#include "config.h"
#include "log.h"
#include "metrics.h"
#include "push.h"
#include "registry.h"
#include "view.h"
#include "srcfix.h"

static const char conf_text[] =
    "data_dir = \"%s\";\n"
    "feeds = ( { name = \"p\"; type = \"push\"; } );\n"
    "indicators = (\n"
    "  { id = \"pat\"; name = \"Patents\"; unit = \"count\"; feed = \"p\";\n"
    "    targets = ( { year = 2025; value = 250000.0; } ); },\n"
    "  { id = \"fdi\"; unit = \"usd\"; feed = \"p\"; }\n"
    ");\n";

static struct config *
load_conf(const char *dir)
{
	struct config	*c;
	char		 text[1024], err[512];

	snprintf(text, sizeof(text), conf_text, dir);
	if ((c = config_load_string("t.conf", text, err, sizeof(err))) == NULL)
		fail_msg("%s", err);
	return c;
}

/* Append an annual point of year y to iv's (writable) series. */
static void
add_point(struct iview *iv, int y, double value)
{
	struct series	*s = series_edit(iv, 1);
	struct point	*p = &s->pts[s->n++];

	memset(p, 0, sizeof(*p));
	p->period.kind = PERIOD_ANNUAL;
	p->period.year = y;
	p->value = value;
	p->source = srctab_intern(&srcs, "hand");
	s->src = &srcs;
}

/*
 * A view of the config's two indicators: pat with 2023 and 2024 and one
 * judged target, fdi with nothing; feed p up with 3 observations.
 */
static struct view *
hand_view(void)
{
	struct confref	*cref = confref_new(load_conf("/nonexistent"));
	struct feedset	*fset = feedset_new(1);
	struct view	*v;
	struct iview	*pat, *fdi;

	fset->fs[0].name = strdup("p");
	fset->fs[0].up = 1;
	fset->fs[0].observations = 3;
	v = view_new(2, cref, fset);
	confref_unref(cref);
	feedset_unref(fset);
	pat = iview_new("pat");
	pat->conf = &v->conf->indicators[0];
	add_point(pat, 2023, 210000);
	add_point(pat, 2024, 230000);
	pat->results = calloc(1, sizeof(*pat->results));
	eval_result_unknown(&pat->results[0], EVAL_LINEAR);
	pat->results[0].status = EVAL_ON_TRACK;
	pat->growth = 0.1;
	pat->age = 3600;
	fdi = iview_new("fdi");
	fdi->conf = &v->conf->indicators[1];
	v->ind[0] = pat;
	v->ind[1] = fdi;
	v->journal_corrupt = 2;
	return v;
}

/* Whether s has line (a whole line). */
static void
assert_line(const char *s, const char *line)
{
	char	 want[512];

	snprintf(want, sizeof(want), "\n%s\n", line);
	if (strstr(s, want) == NULL)
		fail_msg("no line \"%s\" in:\n%s", line, s);
}

static char *
snapshot_text(const struct snapshot *s, int om)
{
	char	*t = malloc(snapshot_length(s, om) + 1);

	*snapshot_copy(s, om, t) = '\0';
	return t;
}

static void
test_metrics_of_hand_view(void **state)
{
	struct view	*v = hand_view();
	struct snapshot	*s;
	struct buf	 b;
	char		*t;

	(void)state;
	s = metrics_build(v);
	t = snapshot_text(s, 0);
	assert_line(t, "indicatord_indicator_value{indicator=\"pat\","
	    "unit=\"count\"} 230000");
	assert_line(t, "indicatord_indicator_period_end_timestamp_seconds{"
	    "indicator=\"pat\"} 1735689600");
	assert_line(t, "indicatord_indicator_age_seconds{indicator="
	    "\"pat\"} 3600");
	assert_line(t, "indicatord_indicator_growth_ratio{indicator="
	    "\"pat\"} 0.1");
	assert_line(t, "indicatord_target_value{indicator=\"pat\","
	    "target_year=\"2025\"} 250000");
	assert_line(t, "indicatord_target_status{indicator=\"pat\","
	    "target_year=\"2025\",status=\"on_track\"} 1");
	assert_line(t, "indicatord_target_status{indicator=\"pat\","
	    "target_year=\"2025\",status=\"missed\"} 0");
	assert_line(t, "indicatord_indicator_trend_status{indicator=\"fdi\","
	    "status=\"unknown\"} 1");
	/* fdi has no data: no value, no growth. */
	assert_null(strstr(t, "indicatord_indicator_value{indicator=\"fdi\""));
	free(t);
	snapshot_unref(s);

	buf_init(&b, 1024);
	metrics_feeds(&b, 0, v);
	buf_puts(&b, "");
	assert_line(b.data, "indicatord_feed_up{feed=\"p\"} 1");
	assert_line(b.data, "indicatord_observations_total{feed=\"p\"} 3");
	assert_line(b.data, "indicatord_journal_corrupt_records_total 2");
	/* Skipped observations: a shard's counter, no other's. */
	v->skipped = 28;
	assert_null(strstr(b.data, "indicatord_observations_skipped"));
	((struct config *)v->conf)->shard_count = 2;
	b.len = 0;
	metrics_feeds(&b, 0, v);
	assert_line(b.data, "# TYPE indicatord_observations_skipped_total "
	    "counter");
	assert_line(b.data, "indicatord_observations_skipped_total 28");
	buf_free(&b);
	view_unref(v);
}

static void
test_api_of_hand_view(void **state)
{
	struct view	*v = hand_view();
	struct api_reply ar = { 0 };
	size_t		 next;

	(void)state;
	api_indicator(v, "pat", &ar);
	assert_int_equal(ar.status, 200);
	buf_puts(&ar.body, "");
	assert_non_null(strstr(ar.body.data, "\"latest\": {\n  \"period\": "
	    "\"2024\",\n  \"value\": 230000.0,"));
	assert_non_null(strstr(ar.body.data, "\"status\": \"on_track\""));
	assert_non_null(strstr(ar.body.data, "\"age_seconds\": 3600.0"));
	buf_free(&ar.body);
	/* The indicator's page: a path, or under http.external_url. */
	api_indicator(v, "pat", &ar);
	buf_puts(&ar.body, "");
	assert_non_null(strstr(ar.body.data, "\"url\": \"/indicator/pat\""));
	buf_free(&ar.body);
	v->cref->conf->http.external_url = strdup("https://x.example/sz/");
	/* The list, as HTTP streams it: two indicators fit one piece. */
	next = 0;
	buf_init(&ar.body, 1024);
	assert_int_equal(api_indicators_next(v, &next, &ar.body), 0);
	assert_int_equal(next, 2);
	buf_puts(&ar.body, "");
	assert_non_null(strstr(ar.body.data, "\"url\": "
	    "\"https://x.example/sz/indicator/pat\""));
	assert_non_null(strstr(ar.body.data, "\"url\": "
	    "\"https://x.example/sz/indicator/fdi\""));
	assert_int_equal(strncmp(ar.body.data, "{\n \"indicators\": [\n  {", 20),
	    0);
	assert_string_equal(ar.body.data + strlen(ar.body.data) - 7,
	    "}\n ]\n}\n");
	buf_free(&ar.body);

	api_indicator(v, "nope", &ar);
	assert_int_equal(ar.status, 404);
	buf_puts(&ar.body, "");
	assert_string_equal(ar.body.data, "no indicator \"nope\"\n");
	buf_free(&ar.body);

	api_feeds(v, &ar);
	buf_puts(&ar.body, "");
	assert_non_null(strstr(ar.body.data, "\"name\": \"p\""));
	assert_non_null(strstr(ar.body.data, "\"observations\": 3"));
	buf_free(&ar.body);
	view_unref(v);
}

/* A shown iview is copied before it is written; its series is shared. */
static void
test_copy_on_write(void **state)
{
	struct view		*v = hand_view();
	struct iview		*iv, *mine;
	const struct series	*shown;

	(void)state;
	iv = iview_ref(v->ind[0]);
	iv->shown = iv->series->shown = 1;
	shown = iv->series;
	mine = iview_edit(&iv);
	assert_ptr_not_equal(mine, v->ind[0]);
	assert_ptr_equal(mine->series, shown);		/* shared */
	assert_true(mine->gen != v->ind[0]->gen);
	mine->growth = 0.5;
	assert_true(v->ind[0]->growth == 0.1);
	add_point(mine, 2025, 260000);
	assert_ptr_not_equal(mine->series, shown);	/* copied */
	assert_int_equal(mine->series->n, 3);
	assert_int_equal(v->ind[0]->series->n, 2);
	assert_true(v->ind[0]->series->pts[1].value == 230000);
	/* A private one is written in place. */
	assert_ptr_equal(iview_edit(&mine), mine);
	iview_unref(mine);
	assert_ptr_equal(view_find(v, "fdi"), v->ind[1]);
	assert_null(view_find(v, "nope"));
	assert_int_equal(view_nconf(v), 2);
	view_unref(v);
}

/* What a subscriber was given. */
struct seen {
	struct view	*v[8];
	size_t		 n;
};

static void
seen_cb(void *arg, struct view *v)
{
	struct seen	*s = arg;

	if (s->n < 8)
		s->v[s->n++] = view_ref(v);
}

static void
ingest(struct registry *r, const char *csv)
{
	struct obsvec		 ov;
	struct ingest_result	 res;
	char			 err[512];

	obsvec_init(&ov);
	if (push_parse(csv, strlen(csv), 0, &ov, err, sizeof(err)) == -1)
		fail_msg("%s", err);
	if (registry_ingest(r, NULL, &ov, 1, NULL, NULL, &res, err,
	    sizeof(err)) != INGEST_OK)
		fail_msg("%s", err);
	obsvec_free(&ov);
}

static void
test_registry_announces(void **state)
{
	char			 dir[] = "/tmp/test_view.XXXXXX", cmd[600];
	char			 err[512];
	struct registry		*r;
	struct seen		 s = { .n = 0 };
	struct view		*now;
	const struct iview	*pat;
	size_t			 i;

	(void)state;
	log_init(0);
	assert_non_null(mkdtemp(dir));
	if ((r = registry_open(load_conf(dir), err, sizeof(err))) == NULL)
		fail_msg("%s", err);
	registry_subscribe(r, seen_cb, &s);
	assert_int_equal(s.n, 1);		/* the current view, at once */
	assert_int_equal(s.v[0]->nind, 2);
	assert_int_equal(s.v[0]->ind[0]->series->n, 0);

	ingest(r, "pat,2023,210000\npat,2024,230000\n");
	assert_int_equal(s.n, 2);
	pat = view_find(s.v[1], "pat");
	assert_int_equal(pat->series->n, 2);
	assert_true(pat->series->pts[1].value == 230000);
	assert_true(fabs(pat->growth - (230000.0 / 210000.0 - 1)) < 1e-9);
	assert_true(s.v[1]->ind_seq > s.v[0]->ind_seq);
	/* The earlier view is as it was. */
	assert_int_equal(view_find(s.v[0], "pat")->series->n, 0);
	/* fdi did not change: the same iview in both views. */
	assert_ptr_equal(view_find(s.v[1], "fdi"), view_find(s.v[0], "fdi"));
	assert_true(s.v[1]->feeds[0].observations == 2);

	/* A feed's result: a new view, its indicators all shared. */
	registry_feed_result(r, "p", 0, 0, NULL, 0, "broken");
	assert_int_equal(s.n, 3);
	assert_true(s.v[2]->ind_seq == s.v[1]->ind_seq);
	assert_true(s.v[2]->feed_seq > s.v[1]->feed_seq);
	assert_ptr_equal(s.v[2]->ind[0], s.v[1]->ind[0]);
	assert_string_equal(s.v[2]->feeds[0].last_error, "broken");
	assert_string_equal(s.v[1]->feeds[0].last_error, "");

	now = registry_view(r);
	assert_ptr_equal(now, s.v[2]);
	view_unref(now);
	registry_unsubscribe(r, seen_cb, &s);
	ingest(r, "pat,2025,250000\n");
	assert_int_equal(s.n, 3);		/* no longer told */
	for (i = 0; i < s.n; i++)
		view_unref(s.v[i]);
	registry_free(r);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/*
 * A point's end is its period's for every kind, year (1971 to 2199) and
 * sub-period, and the start of the kind's next period (a series sorted by
 * end is sorted by start); a daily point (the first of each month) ends a
 * day after it starts.
 */
static void
test_point_end(void **state)
{
	static const int	 nsub[PERIOD_NKINDS] = { 0, 4, 12, 12, 2, 53 };
	struct point		 p, prev;
	char			 s[PERIOD_STRLEN], err[128];
	int			 k, y, sub, have;
	size_t			 n = 0;

	(void)state;
	memset(&p, 0, sizeof(p));
	for (k = 0; k < PERIOD_NKINDS; k++) {
		have = 0;
		for (y = PERIOD_YEAR_MIN; y < PERIOD_YEAR_MAX; y++)
			for (sub = nsub[k] > 0; sub <= nsub[k]; sub++) {
				p.period = (struct period){ .kind = k,
				    .year = y, .sub = sub,
				    .day = k == PERIOD_DAILY };
				period_format(&p.period, s, sizeof(s));
				/* W53 of a year of 52 weeks. */
				if (period_parse(s, strlen(s), &p.period, err,
				    sizeof(err)) == -1)
					continue;
				assert_int_equal(point_end(&p),
				    period_end(&p.period));
				if (k == PERIOD_DAILY)
					assert_int_equal(point_end(&p),
					    period_start(&p.period) + 86400);
				else if (have)
					assert_int_equal(point_end(&prev),
					    period_start(&p.period));
				prev = p;
				have = 1;
				n++;
			}
	}
	/* 229 years of 1 + 4 + 12 + 12 + 2 + 52 or 53 periods. */
	assert_true(n > 229 * 83 && n < 229 * 84);
}

/*
 * A journal time as a point keeps it: unix seconds 1 to 2^32 - 1, the
 * rest 0 (not known).
 */
static void
test_point_stored(void **state)
{
	(void)state;
	assert_int_equal(point_stored(0), 0);
	assert_int_equal(point_stored(-1), 0);
	assert_int_equal(point_stored(INT64_MIN), 0);
	assert_int_equal(point_stored(1), 1);
	assert_int_equal(point_stored(1764878400), 1764878400);
	assert_int_equal(point_stored((time_t)UINT32_MAX), UINT32_MAX);
	assert_int_equal(point_stored((time_t)UINT32_MAX + 1), 0);
	assert_int_equal(point_stored(INT64_MAX), 0);
	assert_int_equal(sizeof(struct point), 24);
}

/*
 * series_find: the point of an end, or where one would go, before, among
 * and after the points (the last one is looked at first).
 */
static void
test_series_find(void **state)
{
	struct iview	*iv = iview_new("x");
	struct period	 y = { .kind = PERIOD_ANNUAL };
	int		 found, i;

	(void)state;
	y.year = 2020;
	assert_int_equal(series_find(iv->series, period_end(&y), &found), 0);
	assert_int_equal(found, 0);
	for (i = 2018; i <= 2024; i += 2)
		add_point(iv, i, i);
	for (i = 2016; i <= 2026; i++) {
		y.year = i;
		assert_int_equal(series_find(iv->series, period_end(&y),
		    &found), i < 2018 ? 0 : i > 2024 ? 4 : (i - 2017) / 2);
		assert_int_equal(found, i >= 2018 && i <= 2024 && i % 2 == 0);
	}
	iview_unref(iv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_metrics_of_hand_view),
		cmocka_unit_test(test_api_of_hand_view),
		cmocka_unit_test(test_copy_on_write),
		cmocka_unit_test(test_registry_announces),
		cmocka_unit_test(test_point_end),
		cmocka_unit_test(test_series_find),
		cmocka_unit_test(test_point_stored),
	};

	return cmocka_run_group_tests(tests, NULL, srcs_free);
}
