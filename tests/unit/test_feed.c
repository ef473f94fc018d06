/*
 * test_feed.c: feed_map_records, the step from a parser's records to the
 * observations of an http feed: the map, repeated and conflicting records,
 * map entries that match nothing, and the source text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "feed.h"
#include "rec.h"

struct seen {
	char	 bad[8][512];
	size_t	 nbad;
	char	 unmatched[8][128];
	size_t	 nunmatched;
};

static void
on_bad(void *arg, const char *feed, const char *place, const char *why)
{
	struct seen	*s = arg;

	assert_true(s->nbad < 8);
	snprintf(s->bad[s->nbad++], sizeof(s->bad[0]), "%s %s: %s", feed,
	    place, why);
}

static void
on_unmatched(void *arg, const char *feed, const struct feed_map *m)
{
	struct seen	*s = arg;

	assert_true(s->nunmatched < 8);
	snprintf(s->unmatched[s->nunmatched++], sizeof(s->unmatched[0]),
	    "%s %s/%s/%s", feed, m->code, m->area != NULL ? m->area : "-",
	    m->indicator);
}

static void
add(struct recvec *rv, const char *code, const char *area, const char *per,
    double v, const char *label)
{
	struct rec	 r;
	char		 err[128];

	memset(&r, 0, sizeof(r));
	snprintf(r.code, sizeof(r.code), "%s", code);
	snprintf(r.area, sizeof(r.area), "%s", area);
	snprintf(r.label, sizeof(r.label), "%s", label);
	assert_int_equal(rec_period_parse(per, strlen(per), &r.period, err,
	    sizeof(err)), 0);
	r.value = v;
	recvec_push(rv, &r);
}

static void
check_obs(const struct obs *o, const char *id, const char *per, double v,
    size_t line)
{
	char	 p[PERIOD_STRLEN];

	period_format(&o->period, p, sizeof(p));
	assert_string_equal(o->indicator, id);
	assert_string_equal(p, per);
	assert_true(o->value == v);
	assert_int_equal(o->line, line);
}

static struct feed_conf
conf(struct feed_map *map, size_t nmap)
{
	struct feed_conf	 fc;

	memset(&fc, 0, sizeof(fc));
	fc.name = "f";
	fc.type = FEED_HTTP;
	fc.url = "http://h/x";
	fc.format = "sdmx-json";
	fc.map = map;
	fc.nmap = nmap;
	return fc;
}

/* Without a map, codes that are indicator ids are taken as they are. */
static void
test_no_map(void **state)
{
	struct feed_conf	 fc = conf(NULL, 0);
	struct seen		 s = { .nbad = 0 };
	struct feed_io		 io = { on_bad, NULL, on_unmatched, &s, NULL,
	    NULL };
	struct recvec		 rv;
	struct obsvec		 ov;

	(void)state;
	recvec_init(&rv);
	obsvec_init(&ov);
	add(&rv, "gdp", "", "2024", 2.5, "");
	add(&rv, "A.CN.GDP", "", "2024", 1, "");
	add(&rv, "gdp", "", "2023", 2, "");
	assert_int_equal(feed_map_records(&fc, &rv, &ov, &io), 0);
	assert_int_equal(ov.n, 2);
	check_obs(&ov.v[0], "gdp", "2023", 2, 3);
	check_obs(&ov.v[1], "gdp", "2024", 2.5, 1);
	assert_string_equal(ov.v[0].source, "http://h/x gdp");
	assert_int_equal(s.nbad + s.nunmatched, 0);
	recvec_free(&rv);
	obsvec_free(&ov);
}

/*
 * A series repeated with the same value is one observation; with another
 * value that series and period is one skipped record, the rest is kept.
 */
static void
test_repeats(void **state)
{
	struct feed_map		 map[] = {
		{ "A.CN.GDP", NULL, "gdp" }, { "A.CN.EXP", "CHN", "exp" }
	};
	struct feed_conf	 fc = conf(map, 2);
	struct seen		 s = { .nbad = 0 };
	struct feed_io		 io = { on_bad, NULL, on_unmatched, &s, NULL,
	    NULL };
	struct recvec		 rv;
	struct obsvec		 ov;

	(void)state;
	recvec_init(&rv);
	obsvec_init(&ov);
	add(&rv, "A.CN.GDP", "", "2023", 1.5, "");
	add(&rv, "A.CN.GDP", "", "2024", 2, "");
	add(&rv, "A.CN.GDP", "", "2023", 1.5, "");	/* same: once */
	add(&rv, "A.CN.EXP", "CHN", "2024-Q1", 7, "");
	add(&rv, "A.CN.EXP", "CHN", "2024-Q1", 8, "");	/* conflict */
	add(&rv, "A.CN.EXP", "CHN", "2024-Q2", 9, "");
	add(&rv, "A.CN.EXP", "HKG", "2024-Q1", 1, "");	/* not mapped */
	add(&rv, "A.CN.EXP", "HKG", "2024-Q1", 2, "");	/* not reported */
	assert_int_equal(feed_map_records(&fc, &rv, &ov, &io), 1);
	assert_int_equal(s.nbad, 1);
	assert_string_equal(s.bad[0], "f series A.CN.EXP area CHN period "
	    "2024-Q1: conflicting values 7 and 8");
	assert_int_equal(ov.n, 3);
	check_obs(&ov.v[0], "exp", "2024-Q2", 9, 6);
	check_obs(&ov.v[1], "gdp", "2023", 1.5, 1);
	check_obs(&ov.v[2], "gdp", "2024", 2, 2);
	assert_string_equal(ov.v[0].source, "http://h/x A.CN.EXP CHN");
	assert_int_equal(s.nunmatched, 0);
	recvec_free(&rv);
	obsvec_free(&ov);
}

/* Two codes for one indicator and period: kept once if equal, else skipped. */
static void
test_two_codes(void **state)
{
	struct feed_map		 map[] = {
		{ "A.CN.GDP", NULL, "gdp" }, { "A.HK.GDP", NULL, "gdp" }
	};
	struct feed_conf	 fc = conf(map, 2);
	struct seen		 s = { .nbad = 0 };
	struct feed_io		 io = { on_bad, NULL, on_unmatched, &s, NULL,
	    NULL };
	struct recvec		 rv;
	struct obsvec		 ov;

	(void)state;
	recvec_init(&rv);
	obsvec_init(&ov);
	add(&rv, "A.CN.GDP", "", "2023", 5, "");
	add(&rv, "A.HK.GDP", "", "2023", 5, "");
	add(&rv, "A.CN.GDP", "", "2024", 6, "");
	add(&rv, "A.HK.GDP", "", "2024", 0.5, "");
	assert_int_equal(feed_map_records(&fc, &rv, &ov, &io), 1);
	assert_string_equal(s.bad[0], "f indicator gdp period 2024: codes "
	    "A.CN.GDP and A.HK.GDP give 6 and 0.5: add an area to the map");
	assert_int_equal(ov.n, 1);
	check_obs(&ov.v[0], "gdp", "2023", 5, 1);
	recvec_free(&rv);
	obsvec_free(&ov);
}

/* Every map entry that takes no record is reported, with its area. */
static void
test_unmatched(void **state)
{
	struct feed_map		 map[] = {
		{ "A020101", "440300", "gdp_sz" },
		{ "A020101", "440000", "gdp_gd" },
		{ "A0Z", NULL, "other" }
	};
	struct feed_conf	 fc = conf(map, 3);
	struct seen		 s = { .nbad = 0 };
	struct feed_io		 io = { on_bad, NULL, on_unmatched, &s, NULL,
	    NULL };
	struct recvec		 rv;
	struct obsvec		 ov;

	(void)state;
	recvec_init(&rv);
	obsvec_init(&ov);
	add(&rv, "A020101", "440300", "2024", 36801.87,
	    "\xe5\x9c\xb0\xe5\x8c\xba\xe7\x94\x9f\xe4\xba\xa7\xe6\x80\xbb"
	    "\xe5\x80\xbc (\xe4\xba\xbf\xe5\x85\x83), \xe6\xb7\xb1\xe5\x9c"
	    "\xb3\xe5\xb8\x82");
	assert_int_equal(feed_map_records(&fc, &rv, &ov, &io), 0);
	assert_int_equal(s.nunmatched, 2);
	assert_string_equal(s.unmatched[0], "f A020101/440000/gdp_gd");
	assert_string_equal(s.unmatched[1], "f A0Z/-/other");
	assert_int_equal(ov.n, 1);
	check_obs(&ov.v[0], "gdp_sz", "2024", 36801.87, 1);
	/* The publisher's label, in UTF-8, ends the source. */
	assert_string_equal(ov.v[0].source, "http://h/x A020101 440300 ("
	    "\xe5\x9c\xb0\xe5\x8c\xba\xe7\x94\x9f\xe4\xba\xa7\xe6\x80\xbb"
	    "\xe5\x80\xbc (\xe4\xba\xbf\xe5\x85\x83), \xe6\xb7\xb1\xe5\x9c"
	    "\xb3\xe5\xb8\x82)");
	recvec_free(&rv);
	obsvec_free(&ov);
}

/* A source too long is cut on a character boundary, never inside one. */
static void
test_source_cut(void **state)
{
	struct feed_conf	 fc = conf(NULL, 0);
	struct feed_io		 io = { NULL, NULL, NULL, NULL, NULL, NULL };
	char			 url[300], label[REC_LABEL_MAX];
	struct recvec		 rv;
	struct obsvec		 ov;
	size_t			 i, n;

	(void)state;
	memset(url, 'u', sizeof(url));
	memcpy(url, "http://", 7);
	url[OBS_SOURCE_MAX - 17] = '\0';	/* "URL gdp (" is 245 bytes */
	fc.url = url;
	for (i = 0; i + 3 < sizeof(label); i += 3)
		memcpy(label + i, "\xe5\x9c\xb0", 3);
	label[i] = '\0';
	recvec_init(&rv);
	obsvec_init(&ov);
	add(&rv, "gdp", "", "2024", 1, label);
	assert_int_equal(feed_map_records(&fc, &rv, &ov, &io), 0);
	n = strlen(ov.v[0].source);
	/* Room for 10 more bytes: three characters, not a third of one. */
	assert_int_equal(n, OBS_SOURCE_MAX - 17 + 6 + 9);
	assert_memory_equal(ov.v[0].source + n - 9,
	    "\xe5\x9c\xb0\xe5\x9c\xb0\xe5\x9c\xb0", 9);
	recvec_free(&rv);
	obsvec_free(&ov);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_map),
		cmocka_unit_test(test_repeats),
		cmocka_unit_test(test_two_codes),
		cmocka_unit_test(test_unmatched),
		cmocka_unit_test(test_source_cut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
