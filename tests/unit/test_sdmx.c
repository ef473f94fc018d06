/*
 * test_sdmx.c: SDMX-JSON 1.0 and 2.x data messages. Fixtures are read from
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

#include "rec.h"
#include "sdmx.h"


/* A structure with series FREQ (A) and REF_AREA (CN, HK), time 2023, 2024. */
#define ST2 "\"structure\":{\"dimensions\":{\"series\":[" \
	"{\"id\":\"FREQ\",\"values\":[{\"id\":\"A\"}]}," \
	"{\"id\":\"REF_AREA\",\"values\":[{\"id\":\"CN\"},{\"id\":\"HK\"}]}]," \
	"\"observation\":[{\"id\":\"TIME_PERIOD\"," \
	"\"values\":[{\"id\":\"2023\"},{\"id\":\"2024\"}]}]}}"

static int
parse(const char *name, const char *body, struct recvec *rv, char *err,
    size_t errlen)
{
	return fixture_parse(sdmx_parse, name, body, rv, err, errlen);
}

static void
check_error(const char *name, const char *body, const char *msg)
{
	fixture_check_error(sdmx_parse, name, body, msg);
}

#define check_rec	fixture_check_rec

static void
test_v10(void **state)
{
	struct recvec	 rv;
	char		 err[256];

	(void)state;
	recvec_init(&rv);
	assert_int_equal(parse("sdmx10_fdi.json", NULL, &rv, err,
	    sizeof(err)), 0);
	assert_int_equal(rv.n, 4);
	check_rec(&rv.v[0], "A.CN.FDI_INFLOW", "2021", 180957.1);
	check_rec(&rv.v[1], "A.CN.FDI_INFLOW", "2022", 344075.0);
	check_rec(&rv.v[2], "A.HK.FDI_INFLOW", "2021", 121137.6);
	check_rec(&rv.v[3], "A.HK.FDI_INFLOW", "2023", 112680);
	recvec_free(&rv);
}

static void
test_v20(void **state)
{
	struct recvec	 rv;
	char		 err[256];

	(void)state;
	recvec_init(&rv);
	assert_int_equal(parse("sdmx20_trade.json", NULL, &rv, err,
	    sizeof(err)), 0);
	assert_int_equal(rv.n, 5);
	/* REF_AREA is a dataSet dimension at keyPosition 1. */
	check_rec(&rv.v[0], "Q.CN_SZ.W1.EXP", "2024-Q1", 1012.4);
	check_rec(&rv.v[1], "Q.CN_SZ.W1.EXP", "2024-Q2", 998.75);
	check_rec(&rv.v[2], "Q.CN_SZ.W1.EXP", "2024-Q4", 1105.5);
	check_rec(&rv.v[3], "Q.CN_SZ.W1.IMP", "2024-Q1", 612.5);
	check_rec(&rv.v[4], "Q.CN_SZ.W1.IMP", "2024-Q4", 640);
	recvec_free(&rv);
}

static void
test_flat(void **state)
{
	struct recvec	 rv;
	char		 err[256];

	(void)state;
	recvec_init(&rv);
	assert_int_equal(parse("sdmx_flat.json", NULL, &rv, err,
	    sizeof(err)), 0);
	assert_int_equal(rv.n, 3);
	check_rec(&rv.v[0], "M.PMI", "2024-07", 301.25);
	check_rec(&rv.v[1], "M.PMI", "2024-08", 302.5);
	check_rec(&rv.v[2], "M.PMI", "2024-10-15", 303);
	recvec_free(&rv);
}

static void
test_layouts(void **state)
{
	struct recvec	 rv;
	char		 err[256];

	(void)state;
	recvec_init(&rv);
	/* 2.x with one "structure" object, a bare value, a Delete dataset. */
	assert_int_equal(parse(NULL, "{\"data\":{\"dataSets\":["
	    "{\"action\":\"Delete\",\"series\":{\"9:9\":{}}},"
	    "{\"series\":{\"0:1\":{\"observations\":{\"1\":7.5}}}}]," ST2 "}}",
	    &rv, err, sizeof(err)), 0);
	assert_int_equal(rv.n, 1);
	check_rec(&rv.v[0], "A.HK", "2024", 7.5);
	/* time found by role, by roles, and by the id TIME */
	recvec_clear(&rv);
	assert_int_equal(parse(NULL, "{\"dataSets\":[{\"observations\":"
	    "{\"0:0\":[1]}}],\"structure\":{\"dimensions\":{\"observation\":["
	    "{\"id\":\"PERIOD\",\"role\":\"time\",\"values\":[{\"id\":\"2020\"}]},"
	    "{\"id\":\"TIME\",\"values\":[{\"id\":\"X\"}]}]}}}",
	    &rv, err, sizeof(err)), 0);
	check_rec(&rv.v[0], "X", "2020", 1);
	assert_int_equal(parse(NULL, "{\"dataSets\":[{\"observations\":"
	    "{\"0:0\":[2]}}],\"structure\":{\"dimensions\":{\"observation\":["
	    "{\"id\":\"Y\",\"values\":[{\"id\":\"Z\"}]},"
	    "{\"id\":\"TIME\",\"values\":[{\"id\":\"2021-Q2\"}]}]}}}",
	    &rv, err, sizeof(err)), 0);
	check_rec(&rv.v[1], "Z", "2021-Q2", 2);
	assert_int_equal(parse(NULL, "{\"data\":{\"dataSets\":[{\"structure\":1,"
	    "\"observations\":{\"0\":[3]}}],\"structures\":[{},{\"dimensions\":"
	    "{\"observation\":[{\"id\":\"P\",\"roles\":[\"TIME_PERIOD\"],"
	    "\"values\":[{\"id\":\"2022\"}]}]}}]}}", &rv, err, sizeof(err)), 0);
	check_rec(&rv.v[2], "", "2022", 3);
	/* no keyPosition on one dimension: structure order */
	assert_int_equal(parse(NULL, "{\"dataSets\":[{\"series\":{\"0\":"
	    "{\"observations\":{\"0\":[4]}}}}],\"structure\":{\"dimensions\":"
	    "{\"dataSet\":[{\"id\":\"B\",\"keyPosition\":1,\"values\":[{\"id\":"
	    "\"b\"}]}],\"series\":[{\"id\":\"A\",\"values\":[{\"id\":\"a\"}]}],"
	    "\"observation\":[{\"id\":\"TIME_PERIOD\",\"values\":[{\"id\":"
	    "\"2023\"}]}]}}}", &rv, err, sizeof(err)), 0);
	check_rec(&rv.v[3], "b.a", "2023", 4);
	/* no datasets at all is fine; series without observations too */
	assert_int_equal(parse(NULL, "{\"dataSets\":[]}", &rv, err,
	    sizeof(err)), 0);
	assert_int_equal(parse(NULL, "{\"dataSets\":[{\"series\":{\"0:0\":{}}}],"
	    ST2 "}", &rv, err, sizeof(err)), 0);
	assert_int_equal(rv.n, 4);
	recvec_free(&rv);
}

static void
test_fixture_errors(void **state)
{
	(void)state;
	check_error("sdmx_error.json", NULL, "SDMX error 404: No Results Found");
	check_error("sdmx_bad_period.json", NULL, "series 0:0 observation 0: "
	    "bad period \"2024-T1\": trimesters are not supported");
	check_error("sdmx_bad_key.json", NULL, "series 0:5: key index 5 out "
	    "of range for dimension REF_AREA");
	check_error("sdmx_bad_value.json", NULL,
	    "series 0:1:0 observation 4: value is not a number");
}

static void
test_key_errors(void **state)
{
	(void)state;
	check_error(NULL, "{\"dataSets\":[{\"series\":{\"0:0:0\":{}}}]," ST2 "}",
	    "series 0:0:0: bad key: 2 series dimensions expected");
	check_error(NULL, "{\"dataSets\":[{\"series\":{\"0\":{}}}]," ST2 "}",
	    "series 0: bad key: 2 series dimensions expected");
	check_error(NULL, "{\"dataSets\":[{\"series\":{\"0:-1\":{}}}]," ST2 "}",
	    "series 0:-1: bad key: 2 series dimensions expected");
	check_error(NULL, "{\"dataSets\":[{\"series\":{\"0:99999999999999\":"
	    "{}}}]," ST2 "}", "series 0:99999999999999: bad key: 2 series "
	    "dimensions expected");
	check_error(NULL, "{\"dataSets\":[{\"series\":{\"0:1\":{\"observations\":"
	    "{\"2\":[1]}}}}]," ST2 "}", "series 0:1 observation 2: key index 2 "
	    "out of range for dimension TIME_PERIOD");
	check_error(NULL, "{\"dataSets\":[{\"series\":{\"0:1\":{\"observations\":"
	    "{\"\":[1]}}}}]," ST2 "}", "series 0:1 observation : bad key: "
	    "1 observation dimension expected");
	check_error(NULL, "{\"dataSets\":[{\"series\":{\"0:1\":7}}]," ST2 "}",
	    "series 0:1: not an object");
	check_error(NULL, "{\"dataSets\":[{\"series\":{\"0:1\":{\"observations\":"
	    "[]}}}]," ST2 "}", "series 0:1 observations: not an object");
	check_error(NULL, "{\"dataSets\":[{\"series\":[]}]," ST2 "}",
	    "series: not an object");
	check_error(NULL, "{\"dataSets\":[{\"observations\":{\"0\":[1]}}]," ST2
	    "}", "observations: the structure has series dimensions");
}

static void
test_value_errors(void **state)
{
	(void)state;
	check_error(NULL, "{\"dataSets\":[{\"series\":{\"0:1\":{\"observations\":"
	    "{\"0\":[]}}}}]," ST2 "}",
	    "series 0:1 observation 0: empty value array");
	check_error(NULL, "{\"dataSets\":[{\"series\":{\"0:1\":{\"observations\":"
	    "{\"0\":[\"NaN\"]}}}}]," ST2 "}",
	    "series 0:1 observation 0: value is not a number");
	check_error(NULL, "{\"dataSets\":[{},{\"series\":{\"0:1\":"
	    "{\"observations\":{\"1\":[{}]}}}}]," ST2 "}",
	    "dataSets[1] series 0:1 observation 1: value is not a number");
	check_error(NULL, "{\"dataSets\":[{\"series\":{\"1:1\":{\"observations\":"
	    "{\"0\":[1]}}}}],\"structure\":{\"dimensions\":{\"series\":[{\"id\":"
	    "\"A\",\"values\":[{\"id\":\"x\"},{\"id\":\"" "AAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}]},{\"id\":\"B\",\"values\":[{\"id\":"
	    "\"y\"},{\"id\":\"z\"}]}],\"observation\":[{\"id\":\"TIME_PERIOD\","
	    "\"values\":[{\"id\":\"2024\"}]}]}}}",
	    "series 1:1 observation 0: code longer than 255 bytes");
}

static void
test_structure_errors(void **state)
{
	(void)state;
	check_error(NULL, "{\"dataSets\":[{}]}",
	    "no structure for the dataset");
	check_error(NULL, "{\"dataSets\":[{}],\"structure\":{}}",
	    "structure: no dimensions");
	check_error(NULL, "{\"dataSets\":[{}],\"structure\":{\"dimensions\":"
	    "{\"series\":{}}}}", "structure: dimensions.series is not an array");
	check_error(NULL, "{\"dataSets\":[{}],\"structure\":{\"dimensions\":"
	    "{\"series\":[{\"values\":[]}]}}}",
	    "structure: dimensions.series[0]: no id");
	check_error(NULL, "{\"dataSets\":[{}],\"structure\":{\"dimensions\":"
	    "{\"series\":[{\"id\":\"A\",\"values\":[]}]}}}",
	    "structure: dimension A: bad values");
	check_error(NULL, "{\"dataSets\":[{}],\"structure\":{\"dimensions\":"
	    "{\"dataSet\":[{\"id\":\"A\",\"values\":[{\"id\":\"a\"},{\"id\":"
	    "\"b\"}]}]}}}", "structure: dimension A: bad values");
	check_error(NULL, "{\"dataSets\":[{}],\"structure\":{\"dimensions\":"
	    "{\"series\":[{\"id\":\"A\",\"values\":[{\"id\":\"a\"},{\"name\":"
	    "\"b\"}]}]}}}", "structure: dimension A value 1: no id");
	check_error(NULL, "{\"dataSets\":[{}],\"structure\":{\"dimensions\":"
	    "{\"series\":[{\"id\":\"A\",\"values\":[{\"id\":\"a\"}]}]}}}",
	    "structure: no TIME_PERIOD dimension");
	check_error(NULL, "{\"dataSets\":[{}],\"structure\":{\"dimensions\":"
	    "{\"series\":[{\"id\":\"TIME_PERIOD\",\"values\":[{\"id\":\"a\"}]}],"
	    "\"observation\":[{\"id\":\"T\",\"role\":\"time\",\"values\":"
	    "[{\"id\":\"a\"}]}]}}}", "structure: several time dimensions");
	check_error(NULL, "{\"data\":{\"dataSets\":[{\"structure\":2}],"
	    "\"structures\":[{}]}}", "no structure for the dataset");
	check_error(NULL, "{\"data\":{\"dataSets\":[{\"structure\":\"0\"}],"
	    "\"structures\":[{}]}}", "no structure for the dataset");
	check_error(NULL, "{\"dataSets\":[1,2]}",
	    "dataSets[0] dataset is not an object");
}

static void
test_message_errors(void **state)
{
	(void)state;
	check_error(NULL, "{}", "not an SDMX-JSON data message (no dataSets)");
	check_error(NULL, "[1]", "not an SDMX-JSON data message (no dataSets)");
	check_error(NULL, "{\"errors\":[\"Service unavailable\"]}",
	    "SDMX error: Service unavailable");
	check_error(NULL, "{\"errors\":[{\"code\":500,\"detail\":\"boom\"}]}",
	    "SDMX error 500: boom");
	check_error(NULL, "{\"dataSets\":", "invalid JSON at line 1 column 12: "
	    "unexpected token near end of file");
	check_error(NULL, "  <html><body>502 Bad Gateway</body></html>",
	    "body is XML or HTML, not JSON");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v10),
		cmocka_unit_test(test_v20),
		cmocka_unit_test(test_flat),
		cmocka_unit_test(test_layouts),
		cmocka_unit_test(test_fixture_errors),
		cmocka_unit_test(test_key_errors),
		cmocka_unit_test(test_value_errors),
		cmocka_unit_test(test_structure_errors),
		cmocka_unit_test(test_message_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
