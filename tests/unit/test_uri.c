/* test_uri.c: unit tests for daemon/uri.c (request paths and graph queries). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lang.h"
#include "uri.h"

static int
match(const char *path, char *id)
{
	return uri_match_id(path, strlen(path), "/graph/", ".png", id);
}

static void
test_paths(void **state)
{
	char	 id[OBS_ID_MAX + 1], big[200];

	(void)state;
	assert_int_equal(match("/graph/patent_authorizations.png", id), 1);
	assert_string_equal(id, "patent_authorizations");
	assert_int_equal(match("/graph/.png", id), -1);
	assert_int_equal(match("/graph/../../etc/passwd.png", id), -1);
	assert_int_equal(match("/graph/a/b.png", id), -1);
	assert_int_equal(match("/graph/Pat.png", id), -1);
	assert_int_equal(match("/graph/pat.PNG", id), 0);
	assert_int_equal(match("/metrics", id), 0);
	memset(big, 'a', sizeof(big));
	memcpy(big, "/graph/", 7);
	memcpy(big + 7 + 65, ".png", 5);
	assert_int_equal(match(big, id), -1);	/* 65-character id */
	big[7 + 64] = '.';
	memcpy(big + 7 + 64, ".png", 5);
	assert_int_equal(match(big, id), 1);	/* 64 is the limit */
	assert_int_equal(strlen(id), 64);
	/* A NUL inside the path (percent-decoded %00) is not an id. */
	assert_int_equal(uri_match_id("/graph/a\0b.png", 14, "/graph/",
	    ".png", id), -1);
	assert_int_equal(uri_match_id("/graph/gdp.svg", 14, "/graph/",
	    ".svg", id), 1);
	assert_string_equal(id, "gdp");
	assert_int_equal(uri_match_id("/graph/gdp.svg", 14, "/graph/",
	    ".png", id), 0);
	assert_int_equal(uri_match_id("/graph/.svg", 11, "/graph/",
	    ".svg", id), -1);
	assert_int_equal(uri_match_id("/api/v1/indicators/gdp", 22,
	    "/api/v1/indicators/", "", id), 1);
	assert_string_equal(id, "gdp");
}

static void
test_query(void **state)
{
	struct graph_query	 q;
	char			 err[256];

	(void)state;
	uri_graph_defaults(&q);
	assert_int_equal(q.from, 2015);
	assert_int_equal(q.to, 2035);
	assert_int_equal(q.width, 800);
	assert_int_equal(q.height, 300);
	assert_int_equal(q.lang, -1);
	assert_int_equal(uri_graph_param(&q, "lang", "zh", err,
	    sizeof(err)), 0);
	assert_int_equal(q.lang, LANG_ZH);
	assert_int_equal(uri_graph_param(&q, "lang", "en", err,
	    sizeof(err)), 0);
	assert_int_equal(q.lang, LANG_EN);
	assert_int_equal(uri_graph_param(&q, "lang", "zh-CN", err,
	    sizeof(err)), -1);
	assert_string_equal(err, "bad parameter lang: expected en or zh");
	assert_int_equal(uri_graph_param(&q, "lang", "<b>", err,
	    sizeof(err)), -1);
	assert_string_equal(err, "bad parameter lang: expected en or zh");
	assert_int_equal(uri_graph_param(&q, "lang", NULL, err,
	    sizeof(err)), -1);
	assert_int_equal(q.lang, LANG_EN);
	assert_int_equal(uri_graph_param(&q, "width", "400", err,
	    sizeof(err)), 0);
	assert_int_equal(q.width, 400);
	assert_int_equal(uri_graph_param(&q, "width", "4001", err,
	    sizeof(err)), -1);
	assert_string_equal(err, "bad parameter width=\"4001\": expected an "
	    "integer from 100 to 4000");
	assert_int_equal(uri_graph_param(&q, "width", "0400", err,
	    sizeof(err)), 0);
	assert_int_equal(q.width, 400);
	assert_int_equal(uri_graph_param(&q, "width", "+500", err,
	    sizeof(err)), -1);
	assert_int_equal(q.width, 400);
	assert_int_equal(uri_graph_param(&q, "height", "-5", err,
	    sizeof(err)), -1);
	assert_int_equal(uri_graph_param(&q, "from", "1979", err,
	    sizeof(err)), -1);
	assert_int_equal(uri_graph_param(&q, "to", "", err, sizeof(err)), -1);
	assert_int_equal(uri_graph_param(&q, "to", NULL, err, sizeof(err)),
	    -1);
	assert_int_equal(uri_graph_param(&q, "from", "99999999999999", err,
	    sizeof(err)), -1);
	assert_int_equal(uri_graph_param(&q, "x\"y", "1", err, sizeof(err)),
	    -1);
	assert_string_equal(err, "unknown parameter \"x\\\"y\" (expected from, "
	    "to, width, height, lang)");
	assert_int_equal(uri_graph_param(&q, "from", "2030", err,
	    sizeof(err)), 0);
	assert_int_equal(uri_graph_param(&q, "to", "2020", err, sizeof(err)),
	    0);
	assert_int_equal(uri_graph_check(&q, err, sizeof(err)), -1);
	assert_string_equal(err, "bad parameters: from=2030 must be before "
	    "to=2020");
}

static void
test_raw(void **state)
{
	(void)state;
	assert_int_equal(uri_raw_check("/metrics"), URI_RAW_OK);
	assert_int_equal(uri_raw_check("/metrics?format=openmetrics"),
	    URI_RAW_OK);
	assert_int_equal(uri_raw_check("/metrics%00"), URI_RAW_BADPATH);
	assert_int_equal(uri_raw_check("/graph/a%00b.png?width=800"),
	    URI_RAW_BADPATH);
	assert_int_equal(uri_raw_check("/graph/a.png?width=800%00"),
	    URI_RAW_BADQUERY);
	assert_int_equal(uri_raw_check("/a?b=%00&c%00"), URI_RAW_BADQUERY);
	/* %000 is %00 then 0; %0 and %100 are not NUL. */
	assert_int_equal(uri_raw_check("/x%000"), URI_RAW_BADPATH);
	assert_int_equal(uri_raw_check("/x%0?y=%100"), URI_RAW_OK);
	assert_int_equal(uri_raw_check(""), URI_RAW_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_query),
		cmocka_unit_test(test_raw),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
