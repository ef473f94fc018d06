/*
 * test_jsonstat.c: JSON-stat 2.0 datasets. Fixtures are read from
 * tests/fixtures/http (relative to the repository root) or from $FIXTURES.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"

#include "jsonstat.h"
#include "rec.h"


/* Head of a dataset with dimensions geo (CN, HK) and time (2023, 2024). */
#define DS2 "{\"class\":\"dataset\",\"id\":[\"geo\",\"time\"],\"size\":[2,2]," \
	"\"dimension\":{\"geo\":{\"category\":{\"index\":[\"CN\",\"HK\"]}}," \
	"\"time\":{\"category\":{\"index\":[\"2023\",\"2024\"]}}},"

static int
parse(const char *name, const char *body, struct recvec *rv, char *err,
    size_t errlen)
{
	return fixture_parse(jsonstat_parse, name, body, rv, err, errlen);
}

static void
check_error(const char *name, const char *body, const char *msg)
{
	fixture_check_error(jsonstat_parse, name, body, msg);
}

#define check_rec	fixture_check_rec

static void
test_dense(void **state)
{
	struct recvec	 rv;
	char		 err[256];

	(void)state;
	recvec_init(&rv);
	assert_int_equal(parse("jsonstat_dense.json", NULL, &rv, err,
	    sizeof(err)), 0);
	assert_int_equal(rv.n, 9);
	check_rec(&rv.v[0], "A.HT_ENT.SZ", "2022", 21000);
	check_rec(&rv.v[1], "A.HT_ENT.SZ", "2023", 23000);
	check_rec(&rv.v[2], "A.HT_ENT.SZ", "2024", 25000);
	check_rec(&rv.v[3], "A.PAT_GRANT.SZ", "2022", 275774);
	check_rec(&rv.v[4], "A.PAT_GRANT.SZ", "2023", 237000);
	check_rec(&rv.v[5], "A.PAT_GRANT.SZ", "2024", 241900);
	check_rec(&rv.v[6], "A.PAT_GRANT.HK", "2022", 8732);
	check_rec(&rv.v[7], "A.PAT_GRANT.HK", "2023", 9874.5);
	check_rec(&rv.v[8], "A.PAT_GRANT.HK", "2024", 10102);
	recvec_free(&rv);
}

static void
test_sparse(void **state)
{
	struct recvec	 rv;
	char		 err[256];

	(void)state;
	recvec_init(&rv);
	assert_int_equal(parse("jsonstat_sparse.json", NULL, &rv, err,
	    sizeof(err)), 0);
	assert_int_equal(rv.n, 4);
	/* Region has no index: its one category is its label's key "0". */
	check_rec(&rv.v[0], "0.Eksport", "2024-Q1", 512.3);
	check_rec(&rv.v[1], "0.Eksport", "2024-Q2", 498);
	check_rec(&rv.v[2], "0.Import", "2024-Q2", 231.75);
	check_rec(&rv.v[3], "0.Import", "2024-Q4", 240);
	recvec_free(&rv);
}

static void
test_time_first(void **state)
{
	struct recvec	 rv;
	char		 err[256];

	(void)state;
	recvec_init(&rv);
	assert_int_equal(parse("jsonstat_monthly.json", NULL, &rv, err,
	    sizeof(err)), 0);
	assert_int_equal(rv.n, 3);
	check_rec(&rv.v[0], "PMI.MFG", "2024-11", 50.3);
	check_rec(&rv.v[1], "PMI.MFG", "2024-12", 50.5);
	check_rec(&rv.v[2], "PMI.MFG", "2025-01", 49.1);
	recvec_free(&rv);
}

static void
test_time_choice(void **state)
{
	struct recvec	 rv;
	char		 err[256];

	(void)state;
	recvec_init(&rv);
	/* role.time wins over a dimension named "year" */
	assert_int_equal(parse(NULL, "{\"class\":\"dataset\",\"id\":[\"year\","
	    "\"per\"],\"size\":[1,1],\"role\":{\"time\":[\"per\"]},"
	    "\"dimension\":{\"year\":{\"category\":{\"index\":[\"Y\"]}},"
	    "\"per\":{\"category\":{\"index\":{\"2024Q2\":0}}}},\"value\":[5]}",
	    &rv, err, sizeof(err)), 0);
	check_rec(&rv.v[0], "Y", "2024-Q2", 5);
	/* role.time naming no dimension falls back to names */
	assert_int_equal(parse(NULL, "{\"class\":\"dataset\",\"id\":[\"YEAR\"],"
	    "\"size\":[1],\"role\":{\"time\":[\"nope\",3]},\"dimension\":"
	    "{\"YEAR\":{\"category\":{\"index\":[\"2020\"]}}},\"value\":{\"0\":"
	    "-2.5e1}}", &rv, err, sizeof(err)), 0);
	check_rec(&rv.v[1], "", "2020", -25);
	assert_int_equal(rv.n, 2);
	recvec_free(&rv);
}

static void
test_fixture_errors(void **state)
{
	(void)state;
	check_error("jsonstat_bad_value.json", NULL, "value[4]: not a number");
	check_error("jsonstat_no_time.json", NULL, "no time dimension "
	    "(role.time, or id time, year, TIME_PERIOD or Tid)");
	check_error("jsonstat_size_mismatch.json", NULL,
	    "dimension \"geo\": 3 categories, size 2");
	check_error("jsonstat_bundle.json", NULL,
	    "not a JSON-stat 2.0 dataset (no class)");
	check_error("jsonstat_collection.json", NULL, "class \"collection\" is "
	    "not supported (a JSON-stat 2.0 dataset is needed)");
	check_error("jsonstat_bad_sparse.json", NULL,
	    "value[2]: not a cell number below 2");
}

static void
test_value_errors(void **state)
{
	(void)state;
	check_error(NULL, DS2 "\"value\":[1,2,3]}",
	    "value has 3 entries, the sizes make 4");
	check_error(NULL, DS2 "\"value\":[1,2,3,4,5]}",
	    "value has 5 entries, the sizes make 4");
	check_error(NULL, DS2 "\"value\":[1,null,true,4]}",
	    "value[2]: not a number");
	check_error(NULL, DS2 "\"value\":{\"3\":1,\"01\":2}}",
	    "value[01]: not a cell number below 4");
	check_error(NULL, DS2 "\"value\":{\"-1\":2}}",
	    "value[-1]: not a cell number below 4");
	check_error(NULL, DS2 "\"value\":{\"99999999999999999999999\":2}}",
	    "value[99999999999999999999999]: not a cell number below 4");
	check_error(NULL, DS2 "\"value\":{\"1\":\"1,5\"}}",
	    "value[1]: not a number");
	check_error(NULL, DS2 "\"value\":7}",
	    "value: not an array or object");
	check_error(NULL, DS2 "\"value\":null}",
	    "value: not an array or object");
	check_error(NULL, "{\"class\":\"dataset\",\"id\":[\"time\"],\"size\":[2],"
	    "\"dimension\":{\"time\":{\"category\":{\"index\":[\"2024\","
	    "\"2024-T2\"]}}},\"value\":[1,2]}",
	    "value[1]: bad period \"2024-T2\": trimesters are not supported");
}

static void
test_dimension_errors(void **state)
{
	(void)state;
	check_error(NULL, "{\"class\":\"dataset\",\"value\":[]}",
	    "id and size must be arrays of 1 to 64 dimensions of equal length");
	check_error(NULL, "{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[1,2],"
	    "\"value\":[]}",
	    "id and size must be arrays of 1 to 64 dimensions of equal length");
	check_error(NULL, "{\"class\":\"dataset\",\"id\":[1],\"size\":[1]}",
	    "id[0]: not a string");
	check_error(NULL, "{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[0]}",
	    "size[0]: not a count, or too many cells");
	check_error(NULL, "{\"class\":\"dataset\",\"id\":[\"a\",\"b\",\"c\","
	    "\"d\"],\"size\":[100000,100000,100000,100000]}",
	    "size[3]: not a count, or too many cells");
	check_error(NULL, "{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[1]}",
	    "dimension \"a\": missing from dimension");
	check_error(NULL, "{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[1],"
	    "\"dimension\":{\"a\":{}}}", "dimension \"a\": no category index");
	check_error(NULL, "{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[2],"
	    "\"dimension\":{\"a\":{\"category\":{\"label\":{\"x\":\"X\"}}}}}",
	    "dimension \"a\": 1 category, size 2");
	check_error(NULL, "{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[2],"
	    "\"dimension\":{\"a\":{\"category\":{\"index\":[\"x\",3]}}}}",
	    "dimension \"a\": category index [1] is not an id");
	check_error(NULL, "{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[2],"
	    "\"dimension\":{\"a\":{\"category\":{\"index\":{\"x\":1,\"y\":1}}}}}",
	    "dimension \"a\": category index has position 1 twice");
	check_error(NULL, "{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[2],"
	    "\"dimension\":{\"a\":{\"category\":{\"index\":{\"x\":0,\"y\":2}}}}}",
	    "dimension \"a\": category index has a bad position");
	check_error(NULL, "{\"class\":\"dataset\",\"id\":[\"time\",\"Year\"],"
	    "\"size\":[1,1],\"dimension\":{\"time\":{\"category\":{\"index\":"
	    "[\"2020\"]}},\"Year\":{\"category\":{\"index\":[\"2020\"]}}},"
	    "\"value\":[1]}", "more than one time dimension (role.time, or id "
	    "time, year, TIME_PERIOD or Tid)");
	check_error(NULL, "{\"class\":\"dataset\",\"id\":[\"a\",\"b\"],"
	    "\"size\":[1,1],\"role\":{\"time\":[\"a\",\"b\"]},\"dimension\":"
	    "{\"a\":{\"category\":{\"index\":[\"2020\"]}},\"b\":{\"category\":"
	    "{\"index\":[\"2020\"]}}},\"value\":[1]}", "more than one time "
	    "dimension (role.time, or id time, year, TIME_PERIOD or Tid)");
}

static void
test_message_errors(void **state)
{
	(void)state;
	check_error(NULL, "[]", "not a JSON-stat 2.0 dataset (no class)");
	check_error(NULL, "{\"class\":\"dataset\\u0001x\"}", "class "
	    "\"dataset?x\" is not supported (a JSON-stat 2.0 dataset is needed)");
	check_error(NULL, "", "invalid JSON at line 1 column 0: '[' or '{' "
	    "expected near end of file");
	check_error(NULL, "{\"a\":1 \"b\":2}", "invalid JSON at line 1 column "
	    "10: '}' expected near '\"b\"'");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dense),
		cmocka_unit_test(test_sparse),
		cmocka_unit_test(test_time_first),
		cmocka_unit_test(test_time_choice),
		cmocka_unit_test(test_fixture_errors),
		cmocka_unit_test(test_value_errors),
		cmocka_unit_test(test_dimension_errors),
		cmocka_unit_test(test_message_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
