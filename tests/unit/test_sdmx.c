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

#include <jansson.h>

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

/* Parse into a fresh rv whose skipped records go to k; expect success. */
static void
parse_ok(const char *name, const char *body, struct recvec *rv,
    struct fixture_sink *k)
{
	char	 err[256];

	recvec_init(rv);
	memset(k, 0, sizeof(*k));
	rv->reject = fixture_sink_add;
	rv->reject_arg = k;
	if (parse(name, body, rv, err, sizeof(err)) != 0)
		fail_msg("%s: %s", name ? name : body, err);
	assert_int_equal(rv->rejected, k->n);
}

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

/* SDMX-JSON 1.0 sample (lowercase "dataset" level, "role" arrays). */
static void
test_spec10_agri(void **state)
{
	struct recvec	 rv;
	struct fixture_sink	 k;

	(void)state;
	parse_ok("sdmx_spec10_agri.json", NULL, &rv, &k);
	assert_int_equal(rv.n, 8);
	assert_int_equal(k.n, 0);
	/* REF_AREA is keyPosition 0, FREQ (a dataset dimension) 2 */
	check_rec(&rv.v[0], "ASIKHM001.A", "2014", 350.154);
	check_rec(&rv.v[3], "ASIKHM001.A", "2017", 433.638);
	check_rec(&rv.v[4], "ASIKHM002.A", "2014", 442.996);
	check_rec(&rv.v[7], "ASIKHM002.A", "2017", 522.296);
	recvec_free(&rv);
}

/*
 * SDMX-JSON 2.0 sample with five datasets: series, flat, series keys only
 * (empty arrays: no values), data only, and no data (the first element is
 * an attribute, not a number: rejected).
 */
static void
test_spec20_full(void **state)
{
	struct recvec	 rv;
	struct fixture_sink	 k;
	size_t		 i;

	(void)state;
	parse_ok("sdmx_spec20_constructed_full.json", NULL, &rv, &k);
	assert_int_equal(rv.n, 12);
	for (i = 0; i < 12; i += 4) {
		check_rec(&rv.v[i], "D.NZD.EUR.SP00.A", "2013-01-18", 1.5931);
		check_rec(&rv.v[i + 1], "D.NZD.EUR.SP00.A", "2013-01-21",
		    1.5925);
		check_rec(&rv.v[i + 2], "D.RUB.EUR.SP00.A", "2013-01-18",
		    40.3426);
		check_rec(&rv.v[i + 3], "D.RUB.EUR.SP00.A", "2013-01-21",
		    40.3);
	}
	assert_int_equal(k.n, 4);
	fixture_check_reject(&k, 0, "dataSets[4] series D.NZD.EUR.SP00.A period "
	    "2013-01-18", "value is not a number");
	fixture_check_reject(&k, 1, "dataSets[4] series D.NZD.EUR.SP00.A period "
	    "2013-01-21", "value is not a number");
	fixture_check_reject(&k, 2, "dataSets[4] series D.RUB.EUR.SP00.A period "
	    "2013-01-18", "value is not a number");
	fixture_check_reject(&k, 3, "dataSets[4] series D.RUB.EUR.SP00.A period "
	    "2013-01-21", "value is not a number");
	recvec_free(&rv);
}

/* SDMX-JSON 1.0 sample whose time dimension repeats keyPosition. */
static void
test_spec10_cross_section(void **state)
{
	struct recvec	 rv;
	struct fixture_sink	 k;

	(void)state;
	parse_ok("sdmx_spec10_exr_cross_section.json", NULL, &rv, &k);
	assert_int_equal(rv.n, 4);
	assert_int_equal(k.n, 0);
	/* time is the series dimension, CURRENCY the observation one */
	check_rec(&rv.v[0], "D.NZD.EUR.SP00.A", "2013-01-18", 1.5931);
	check_rec(&rv.v[1], "D.RUB.EUR.SP00.A", "2013-01-18", 40.3426);
	check_rec(&rv.v[2], "D.NZD.EUR.SP00.A", "2013-01-21", 1.5925);
	check_rec(&rv.v[3], "D.RUB.EUR.SP00.A", "2013-01-21", 40.3);
	recvec_free(&rv);
}

/*
 * ILOSTAT labour force participation rate, Chile 2010-2022, as 1.0 and 2.0:
 * each series key is repeated once per observation; merged, they are three
 * series of 13 observations.
 */
static void
check_ilostat(const char *name)
{
	struct recvec	 rv;
	struct fixture_sink	 k;

	parse_ok(name, NULL, &rv, &k);
	assert_int_equal(rv.n, 39);
	assert_int_equal(k.n, 0);
	check_rec(&rv.v[0], "CHL.A.EAP_DWAP_RT.SEX_T.AGE_YTHADULT_YGE15",
	    "2010", 58.69);
	check_rec(&rv.v[10], "CHL.A.EAP_DWAP_RT.SEX_T.AGE_YTHADULT_YGE15",
	    "2020", 56.36);
	check_rec(&rv.v[12], "CHL.A.EAP_DWAP_RT.SEX_T.AGE_YTHADULT_YGE15",
	    "2022", 60.14);
	check_rec(&rv.v[13], "CHL.A.EAP_DWAP_RT.SEX_M.AGE_YTHADULT_YGE15",
	    "2010", 72.34);
	check_rec(&rv.v[24], "CHL.A.EAP_DWAP_RT.SEX_M.AGE_YTHADULT_YGE15",
	    "2021", 68.9);
	check_rec(&rv.v[28], "CHL.A.EAP_DWAP_RT.SEX_F.AGE_YTHADULT_YGE15",
	    "2012", 47.8);
	check_rec(&rv.v[38], "CHL.A.EAP_DWAP_RT.SEX_F.AGE_YTHADULT_YGE15",
	    "2022", 50.1);
	recvec_free(&rv);
}

static void
test_ilostat(void **state)
{
	(void)state;
	check_ilostat("sdmx_ilostat10_chl_lfpr.json");
	check_ilostat("sdmx_ilostat20_chl_lfpr.json");
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
	/* a UTF-8 byte order mark is skipped */
	assert_int_equal(parse(NULL, "\xef\xbb\xbf{\"dataSets\":[]}", &rv, err,
	    sizeof(err)), 0);
	/* no datasets at all is fine; series without observations too */
	assert_int_equal(parse(NULL, "{\"dataSets\":[]}", &rv, err,
	    sizeof(err)), 0);
	assert_int_equal(parse(NULL, "{\"dataSets\":[{\"series\":{\"0:0\":{}}}],"
	    ST2 "}", &rv, err, sizeof(err)), 0);
	assert_int_equal(rv.n, 4);
	recvec_free(&rv);
}

static void
test_fixture_rejects(void **state)
{
	struct recvec	 rv;
	struct fixture_sink	 k;

	(void)state;
	parse_ok("sdmx_bad_period.json", NULL, &rv, &k);
	assert_int_equal(rv.n, 0);
	assert_int_equal(k.n, 4);
	fixture_check_reject(&k, 0, "series 0:0 observation 0",
	    "bad period \"2024-T1\": trimesters are not supported");
	fixture_check_reject(&k, 1, "series 0:0 observation 1",
	    "bad period \"2024-T2\": trimesters are not supported");
	fixture_check_reject(&k, 2, "series 0:1 observation 0",
	    "bad period \"2024-T1\": trimesters are not supported");
	fixture_check_reject(&k, 3, "series 0:1 observation 1",
	    "bad period \"2024-T2\": trimesters are not supported");
	recvec_free(&rv);
	parse_ok("sdmx_bad_key.json", NULL, &rv, &k);
	assert_int_equal(rv.n, 1);
	check_rec(&rv.v[0], "A.CN", "2024", 1.5);
	assert_int_equal(k.n, 1);
	fixture_check_reject(&k, 0, "series 0:5",
	    "key index 5 out of range for dimension REF_AREA");
	recvec_free(&rv);
	parse_ok("sdmx_bad_value.json", NULL, &rv, &k);
	assert_int_equal(rv.n, 1);
	check_rec(&rv.v[0], "A.HK.GDP", "2020", 1.5);
	assert_int_equal(k.n, 1);
	fixture_check_reject(&k, 0, "series A.HK.GDP period 2024",
	    "value is not a number");
	recvec_free(&rv);
}

/* Parse body (with structure ST2) expecting one rejected record. */
static void
check_one_reject(const char *body, size_t nrec, const char *place,
    const char *why)
{
	struct recvec	 rv;
	struct fixture_sink	 k;

	parse_ok(NULL, body, &rv, &k);
	assert_int_equal(rv.n, nrec);
	assert_int_equal(k.n, 1);
	fixture_check_reject(&k, 0, place, why);
	recvec_free(&rv);
}

static void
test_key_rejects(void **state)
{
	(void)state;
	check_one_reject("{\"dataSets\":[{\"series\":{\"0:0:0\":{}}}]," ST2 "}",
	    0, "series 0:0:0", "bad key: 2 series dimensions expected");
	check_one_reject("{\"dataSets\":[{\"series\":{\"0\":{},\"0:1\":"
	    "{\"observations\":{\"1\":[2.5]}}}}]," ST2 "}", 1, "series 0",
	    "bad key: 2 series dimensions expected");
	check_one_reject("{\"dataSets\":[{\"series\":{\"0:-1\":{}}}]," ST2 "}",
	    0, "series 0:-1", "bad key: 2 series dimensions expected");
	check_one_reject("{\"dataSets\":[{\"series\":{\"0:99999999999999\":"
	    "{}}}]," ST2 "}", 0, "series 0:99999999999999",
	    "bad key: 2 series dimensions expected");
	check_one_reject("{\"dataSets\":[{\"series\":{\"0:1\":{\"observations\":"
	    "{\"2\":[1],\"1\":[2]}}}}]," ST2 "}", 1, "series 0:1 observation 2",
	    "key index 2 out of range for dimension TIME_PERIOD");
	check_one_reject("{\"dataSets\":[{\"series\":{\"0:1\":{\"observations\":"
	    "{\"\":[1]}}}}]," ST2 "}", 0, "series 0:1 observation ",
	    "bad key: 1 observation dimension expected");
	check_one_reject("{\"dataSets\":[{\"series\":{\"0:1\":7,\"0:0\":"
	    "{\"observations\":{\"0\":[1]}}}}]," ST2 "}", 1, "series 0:1",
	    "not an object");
	check_one_reject("{\"dataSets\":[{\"series\":{\"0:1\":{\"observations\":"
	    "[]}}}]," ST2 "}", 0, "series 0:1",
	    "observations is not an object");
	check_one_reject("{\"dataSets\":[{\"observations\":{\"0:x\":[1],"
	    "\"0:0\":[2]}}],\"structure\":{\"dimensions\":{\"observation\":"
	    "[{\"id\":\"A\",\"values\":[{\"id\":\"a\"}]},{\"id\":\"TIME_PERIOD\","
	    "\"values\":[{\"id\":\"2024-W05\"}]}]}}}", 1, "observation 0:x",
	    "bad key: 2 observation dimensions expected");
}

static void
test_value_rejects(void **state)
{
	struct recvec	 rv;
	struct fixture_sink	 k;

	(void)state;
	/* an empty array is no value, as null is: skipped silently */
	parse_ok(NULL, "{\"dataSets\":[{\"series\":{\"0:1\":{\"observations\":"
	    "{\"0\":[],\"1\":null}}}}]," ST2 "}", &rv, &k);
	assert_int_equal(rv.n, 0);
	assert_int_equal(k.n, 0);
	recvec_free(&rv);
	check_one_reject("{\"dataSets\":[{\"series\":{\"0:1\":{\"observations\":"
	    "{\"0\":[\"NaN\"],\"1\":[\"7.25\"]}}}}]," ST2 "}", 1,
	    "series A.HK period 2023", "value is not a number");
	check_one_reject("{\"dataSets\":[{},{\"series\":{\"0:1\":"
	    "{\"observations\":{\"1\":[{}]}}}}]," ST2 "}", 0,
	    "dataSets[1] series A.HK period 2024", "value is not a number");
	check_one_reject("{\"dataSets\":[{\"series\":{\"1:1\":{\"observations\":"
	    "{\"0\":[1]}},\"0:0\":{\"observations\":{\"0\":[2]}}}}],"
	    "\"structure\":{\"dimensions\":{\"series\":[{\"id\":"
	    "\"A\",\"values\":[{\"id\":\"x\"},{\"id\":\"" "AAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}]},{\"id\":\"B\",\"values\":[{\"id\":"
	    "\"y\"},{\"id\":\"z\"}]}],\"observation\":[{\"id\":\"TIME_PERIOD\","
	    "\"values\":[{\"id\":\"2024\"}]}]}}}", 1,
	    "series 1:1 observation 0", "code longer than 255 bytes");
	/* a flat key spans the series, then the observation dimensions */
	check_one_reject("{\"dataSets\":[{\"observations\":{\"0:1:1\":[8],"
	    "\"0:1\":[9]}}]," ST2 "}", 1, "observation 0:1",
	    "bad key: 3 observation dimensions expected");
	/* periods of the newer kinds are records */
	parse_ok(NULL, "{\"dataSets\":[{\"observations\":{\"0\":[1],\"1\":[2]}}],"
	    "\"structure\":{\"dimensions\":{\"observation\":[{\"id\":"
	    "\"TIME_PERIOD\",\"values\":[{\"id\":\"2024-S1\"},{\"id\":"
	    "\"2024-W05\"}]}]}}}", &rv, &k);
	assert_int_equal(rv.n, 2);
	check_rec(&rv.v[0], "", "2024-S1", 1);
	check_rec(&rv.v[1], "", "2024-W05", 2);
	recvec_free(&rv);
}

static void
test_duplicates(void **state)
{
	struct recvec	 rv;
	struct fixture_sink	 k;

	(void)state;
	/* differing values reject the observation; attributes alone do not */
	parse_ok(NULL, "{\"dataSets\":[{\"series\":{\"0:1\":{\"observations\":"
	    "{\"0\":[1.5,0],\"1\":[5,0]}},\"0:1\":{\"observations\":{\"0\":[2.5,0],"
	    "\"1\":[5,1]}}}}]," ST2 "}", &rv, &k);
	assert_int_equal(rv.n, 1);
	check_rec(&rv.v[0], "A.HK", "2024", 5);
	assert_int_equal(k.n, 1);
	fixture_check_reject(&k, 0, "series A.HK period 2023",
	    "differing duplicate values");
	recvec_free(&rv);
	check_one_reject("{\"dataSets\":[{\"series\":{\"0:0\":{\"observations\":"
	    "{\"0\":[1]}},\"0:1\":{\"observations\":{\"0\":[3]}},\"0:0\":7}}]," ST2
	    "}", 1, "series 0:0", "differing duplicate series");
	check_error(NULL, "{\"dataSets\":[{}],\"structure\":{\"dimensions\":"
	    "{\"observation\":[{\"id\":\"A\",\"keyPosition\":0,\"keyPosition\":1,"
	    "\"values\":[{\"id\":\"a\"}]},{\"id\":\"TIME_PERIOD\",\"values\":"
	    "[{\"id\":\"2024\"}]}]}}}",
	    "structure: dimension A: differing keyPosition values");
}

static void
test_member_case(void **state)
{
	struct recvec	 rv;
	struct fixture_sink	 k;

	(void)state;
	/* "datasets", "Structure", "Dimensions", "dataset", "keyposition" */
	parse_ok(NULL, "{\"datasets\":[{\"Series\":{\"0\":{\"Observations\":"
	    "{\"0\":[4]}}}}],\"Structure\":{\"Dimensions\":{\"dataset\":[{\"id\":"
	    "\"B\",\"keyposition\":0,\"values\":[{\"id\":\"b\"}]}],\"SERIES\":"
	    "[{\"id\":\"A\",\"KeyPosition\":1,\"values\":[{\"id\":\"a\"}]}],"
	    "\"observation\":[{\"id\":\"T\",\"roles\":\"time\",\"values\":"
	    "[{\"id\":\"2023\"}]}]}}}", &rv, &k);
	assert_int_equal(rv.n, 1);
	check_rec(&rv.v[0], "b.a", "2023", 4);
	recvec_free(&rv);
	/* a 2.x message with one "structure"; a 1.0 one with "structures" */
	parse_ok(NULL, "{\"data\":{\"dataSets\":[{\"structure\":0,\"observations\""
	    ":{\"0\":[5]}}],\"structure\":{\"dimensions\":{\"observation\":[{\"id\":"
	    "\"P\",\"role\":[\"TIME_PERIOD\"],\"values\":[{\"id\":\"2022\"}]}]}}}}",
	    &rv, &k);
	check_rec(&rv.v[0], "", "2022", 5);
	recvec_free(&rv);
	parse_ok(NULL, "{\"dataSets\":[{\"observations\":{\"0\":[6]}}],"
	    "\"structures\":{\"dimensions\":{\"observation\":[{\"id\":"
	    "\"TIME_PERIOD\",\"values\":[{\"id\":\"2021\"}]}]}}}", &rv, &k);
	check_rec(&rv.v[0], "", "2021", 6);
	recvec_free(&rv);
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
	check_error(NULL, "{\"dataSets\":{}}", "dataSets: not an array");
	check_error(NULL, "{\"dataSets\":[{\"series\":[]}]," ST2 "}",
	    "series: not an object");
	check_error(NULL, "{\"dataSets\":[{\"observations\":[]}]," ST2 "}",
	    "observations: not an object");

}

/* A message that fails reports no skipped records and keeps out. */
static void
test_failed_rejects_nothing(void **state)
{
	static const char	 body[] = "{\"dataSets\":[{\"series\":{\"9\":{}}},"
	    "{\"series\":[]}]," ST2 "}";
	struct recvec		 rv;
	struct fixture_sink		 k;
	char			 err[256];

	(void)state;
	recvec_init(&rv);
	memset(&k, 0, sizeof(k));
	rv.reject = fixture_sink_add;
	rv.reject_arg = &k;
	assert_int_equal(sdmx_parse(body, strlen(body), &rv, err, sizeof(err)),
	    -1);
	assert_string_equal(err, "dataSets[1] series: not an object");
	assert_int_equal(rv.n, 0);
	assert_int_equal(rv.rejected, 0);
	assert_int_equal(k.n, 0);
	recvec_free(&rv);
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
		cmocka_unit_test(test_spec10_agri),
		cmocka_unit_test(test_spec20_full),
		cmocka_unit_test(test_spec10_cross_section),
		cmocka_unit_test(test_ilostat),
		cmocka_unit_test(test_layouts),
		cmocka_unit_test(test_fixture_rejects),
		cmocka_unit_test(test_key_rejects),
		cmocka_unit_test(test_value_rejects),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_member_case),
		cmocka_unit_test(test_structure_errors),
		cmocka_unit_test(test_failed_rejects_nothing),
		cmocka_unit_test(test_message_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
