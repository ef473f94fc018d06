/*
 * test_alertstate.c: the alert state file's parser (daemon/alertstate.c),
 * which gives the alerts one at a time: what it reads, and the error for
 * each kind of damage, naming the line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "alertstate.h"
#include "xmalloc.h"

struct got {
	struct alert_saved	 v[8];
	size_t			 n;
};

static void
keep(void *arg, const struct alert_saved *s)
{
	struct got	*g = arg;

	assert_true(g->n < 8);
	g->v[g->n] = *s;
	g->v[g->n++].indicator = xstrdup(s->indicator);
}

static void
got_free(struct got *g)
{
	size_t	 i;

	for (i = 0; i < g->n; i++)
		free(g->v[i].indicator);
	g->n = 0;
}

/* The parse of text: its return and the error (or ""). */
static int
parse(const char *text, struct got *g, char *err, size_t errlen)
{
	err[0] = '\0';
	return alertstate_parse(text, strlen(text), "f", keep, g, err, errlen);
}

static void
test_reads_each_alert(void **state)
{
	struct got	 g = { .n = 0 };
	char		 err[256];

	(void)state;
	assert_int_equal(parse("{\n \"version\": 1,\n \"targets\": [\n"
	    "  {\"indicator\":\"pat\",\"target_year\":2025,\"status\":"
	    "\"missed\",\"firing\":{\"status\":\"missed\",\"starts_at\":"
	    "1700000000},\"resolved\":[{\"status\":\"insufficient\","
	    "\"starts_at\":1600000000,\"ends_at\":1650000000}]},\n"
	    "  {\"indicator\":\"gdp\",\"alertname\":\"IndicatorDataStale\","
	    "\"status\":\"current\"}\n ]\n}\n", &g, err, sizeof(err)), 0);
	assert_string_equal(err, "");
	assert_int_equal(g.n, 2);
	assert_string_equal(g.v[0].indicator, "pat");
	assert_int_equal(g.v[0].rule, ALERT_RULE_SLIPPING);
	assert_int_equal(g.v[0].year, 2025);
	assert_int_equal(g.v[0].status, EVAL_MISSED);
	assert_int_equal(g.v[0].firing, 1);
	assert_int_equal(g.v[0].labelled, EVAL_MISSED);
	assert_int_equal(g.v[0].starts_at, 1700000000);
	assert_int_equal(g.v[0].nresolved, 1);
	assert_int_equal(g.v[0].resolved[0].status, EVAL_INSUFFICIENT);
	assert_int_equal(g.v[0].resolved[0].starts_at, 1600000000);
	assert_int_equal(g.v[0].resolved[0].ends_at, 1650000000);
	assert_string_equal(g.v[1].indicator, "gdp");
	assert_int_equal(g.v[1].rule, ALERT_RULE_STALE);
	assert_int_equal(g.v[1].year, 0);
	assert_int_equal(g.v[1].stale, 0);
	assert_int_equal(g.v[1].firing, 0);
	got_free(&g);
}

static void
test_other_members_skipped(void **state)
{
	struct got	 g = { .n = 0 };
	char		 err[256];

	(void)state;
	assert_int_equal(parse("{\"note\": {\"a\": [1, \"]\"]}, \"version\": "
	    "1, \"targets\": [{\"indicator\":\"a\",\"target_year\":2035,"
	    "\"status\":\"on_track\"}], \"after\": null}", &g, err,
	    sizeof(err)), 0);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.v[0].year, 2035);
	assert_int_equal(g.v[0].status, EVAL_ON_TRACK);
	got_free(&g);
	assert_int_equal(parse("{\"version\": 1, \"targets\": []}", &g, err,
	    sizeof(err)), 0);
	assert_int_equal(g.n, 0);
}

/* Each damage with its message: the line where it is. */
static void
test_errors_name_the_line(void **state)
{
	static const struct {
		const char	*text;
		const char	*err;
	} c[] = {
		{ "", "f:1: expected {" },
		{ "\n\n[]", "f:3: expected {" },
		{ "{\"version\": 1}", "f: not an alert state of version 1" },
		{ "{\"version\": 2, \"targets\": []}",
		  "f: not an alert state of version 1" },
		{ "{\"version\": \"1\", \"targets\": []}",
		  "f: not an alert state of version 1" },
		{ "{\"targets\": [], \"version\": 1}",
		  "f:1: \"targets\" before \"version\" or twice" },
		{ "{\"version\": 1, \"targets\": [],\n \"targets\": []}",
		  "f:2: \"targets\" before \"version\" or twice" },
		{ "{\"version\": 1,\n 5: 1}", "f:2: expected a key" },
		{ "{\"version\" 1}", "f:1: expected :" },
		{ "{\"version\": 1, \"targets\": {}}",
		  "f:1: expected [ after \"targets\"" },
		{ "{\n \"version\": 1,\n \"targets\": [\n  {\"indicator\":"
		  "\"Pat\",\"target_year\":2025,\"status\":\"missed\"}\n ]\n}",
		  "f:4: bad target 1" },
		{ "{\"version\": 1, \"targets\": [{\"indicator\":\"a\","
		  "\"target_year\":2025,\"status\":\"missed\"}\n {}]}",
		  "f:2: expected , or ] after a target" },
		{ "{\"version\": 1, \"targets\": []}\nx",
		  "f:2: text after the state" },
		{ "{\"version\": 1, \"targets\": []", "f:1: expected , or }" },
	};
	struct got	 g = { .n = 0 };
	char		 err[256];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		assert_int_equal(parse(c[i].text, &g, err, sizeof(err)), -1);
		assert_string_equal(err, c[i].err);
		got_free(&g);
	}
}

/* A damaged target after good ones: those were given, then -1. */
static void
test_given_before_damage(void **state)
{
	struct got	 g = { .n = 0 };
	char		 err[256];

	(void)state;
	assert_int_equal(parse("{\"version\": 1, \"targets\": [\n"
	    "{\"indicator\":\"a\",\"target_year\":2025,\"status\":\"missed\"},"
	    "\n{\"indicator\":\"b\",\"target_year\":0,\"status\":\"missed\"}]}",
	    &g, err, sizeof(err)), -1);
	assert_string_equal(err, "f:3: bad target 2");
	assert_int_equal(g.n, 1);
	assert_string_equal(g.v[0].indicator, "a");
	got_free(&g);
}

static void
test_load_file(void **state)
{
	struct got	 g = { .n = 0 };
	char		 path[] = "/tmp/test_alertstate.XXXXXX", err[512],
			 want[600];
	int		 fd;

	(void)state;
	assert_true((fd = mkstemp(path)) != -1);
	close(fd);
	/* empty: damaged */
	assert_int_equal(alertstate_load(path, keep, &g, err, sizeof(err)),
	    -1);
	snprintf(want, sizeof(want), "%s:1: expected {", path);
	assert_string_equal(err, want);
	unlink(path);
	/* none: nothing, no error */
	assert_int_equal(alertstate_load(path, keep, &g, err, sizeof(err)),
	    0);
	assert_int_equal(g.n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reads_each_alert),
		cmocka_unit_test(test_other_members_skipped),
		cmocka_unit_test(test_errors_name_the_line),
		cmocka_unit_test(test_given_before_damage),
		cmocka_unit_test(test_load_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
