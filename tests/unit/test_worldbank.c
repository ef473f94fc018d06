/*
 * test_worldbank.c: World Bank API v2 pages, page URLs, and the shared
 * record helpers (rec.c). Fixtures are read from tests/fixtures/http
 * (relative to the repository root) or from $FIXTURES.
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
#include "worldbank.h"


/* Parse fixture name; returns the parser's result, err and *pages set. */
static int
parse_fixture(const char *name, struct recvec *rv, int *pages, char *err,
    size_t errlen)
{
	size_t	 len;
	char	*body = fixture(name, &len);
	int	 rc;

	rc = worldbank_parse(body, len, rv, pages, err, errlen);
	free(body);
	return rc;
}

static int
parse_str(const char *body, struct recvec *rv, int *pages, char *err,
    size_t errlen)
{
	return worldbank_parse(body, strlen(body), rv, pages, err, errlen);
}

static void
check_rec(const struct rec *r, const char *code, const char *area,
    const char *period, double value)
{
	char	 p[PERIOD_STRLEN];

	period_format(&r->period, p, sizeof(p));
	assert_string_equal(r->code, code);
	assert_string_equal(r->area, area);
	assert_string_equal(p, period);
	if (r->value != value)
		fail_msg("%s %s: value %.17g, expected %.17g", code, period,
		    r->value, value);
}

/* Expect an error with exactly msg, and out left as it was. */
static void
check_error(const char *name, const char *body, const char *msg)
{
	struct recvec	 rv;
	struct rec	 keep;
	char		 err[512];
	int		 pages = 77, rc;

	recvec_init(&rv);
	memset(&keep, 0, sizeof(keep));
	memcpy(keep.code, "KEEP", 5);
	recvec_push(&rv, &keep);
	if (name != NULL)
		rc = parse_fixture(name, &rv, &pages, err, sizeof(err));
	else
		rc = parse_str(body, &rv, &pages, err, sizeof(err));
	if (rc != -1)
		fail_msg("parsed, expected \"%s\"", msg);
	assert_string_equal(err, msg);
	assert_int_equal(rv.n, 1);
	assert_string_equal(rv.v[0].code, "KEEP");
	assert_int_equal(pages, 77);
	recvec_free(&rv);
}

/*
 * Parse fixture name (or body when name is NULL) into a fresh rv whose
 * skipped records go to k; expect success and return the page count.
 */
static int
parse_ok(const char *name, const char *body, struct recvec *rv,
    struct fixture_sink *k)
{
	char	 err[256];
	int	 pages = -1, rc;

	recvec_init(rv);
	memset(k, 0, sizeof(*k));
	rv->reject = fixture_sink_add;
	rv->reject_arg = k;
	if (name != NULL)
		rc = parse_fixture(name, rv, &pages, err, sizeof(err));
	else
		rc = parse_str(body, rv, &pages, err, sizeof(err));
	if (rc != 0)
		fail_msg("%s: %s", name ? name : body, err);
	assert_int_equal(rv->rejected, k->n);
	return pages;
}

/* Parse body expecting nrec records and one rejected row. */
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
test_page1(void **state)
{
	struct recvec	 rv;
	char		 err[256];
	int		 pages = -1;

	(void)state;
	recvec_init(&rv);
	assert_int_equal(parse_fixture("worldbank_gdp.json", &rv, &pages, err,
	    sizeof(err)), 0);
	assert_int_equal(pages, 2);
	assert_int_equal(rv.n, 2);	/* 2024 is null: skipped */
	check_rec(&rv.v[0], "NY.GDP.MKTP.CD", "CHN", "2023", 17794782039552.0);
	check_rec(&rv.v[1], "NY.GDP.MKTP.CD", "CHN", "2022", 17881782683707.3);
	recvec_free(&rv);
}

static void
test_page2_appends(void **state)
{
	struct recvec	 rv;
	char		 err[256];
	int		 pages = -1;

	(void)state;
	recvec_init(&rv);
	assert_int_equal(parse_fixture("worldbank_gdp.json", &rv, &pages, err,
	    sizeof(err)), 0);
	pages = -1;
	assert_int_equal(parse_fixture("worldbank_gdp.json.page2", &rv, &pages,
	    err, sizeof(err)), 0);
	assert_int_equal(pages, 2);	/* given as the string "2" */
	assert_int_equal(rv.n, 4);
	check_rec(&rv.v[2], "NY.GDP.MKTP.CD", "CHN", "2021", 17820459508852.2);
	check_rec(&rv.v[3], "NY.GDP.MKTP.CD", "CHN", "2020", 14687744162801.0);
	recvec_free(&rv);
}

static void
test_mixed(void **state)
{
	struct recvec	 rv;
	char		 err[256];
	int		 pages = -1;

	(void)state;
	recvec_init(&rv);
	assert_int_equal(parse_fixture("worldbank_mixed.json", &rv, &pages,
	    err, sizeof(err)), 0);
	assert_int_equal(pages, 1);
	assert_int_equal(rv.n, 4);
	check_rec(&rv.v[0], "DT.DOD.DECT.CD.TL.US", "HKG", "2024-Q3", 1932.5);
	check_rec(&rv.v[1], "PCOMMODITY", "1W", "2024-07", 142);
	check_rec(&rv.v[2], "BX.KLT.DINV.CD.WD", "CHN", "2023", 42727000000.5);
	check_rec(&rv.v[3], "BX.KLT.DINV.CD.WD", "XD", "2023", -1500);
	recvec_free(&rv);
}

static void
test_empty(void **state)
{
	struct recvec	 rv;
	char		 err[256];
	int		 pages = -1;

	(void)state;
	recvec_init(&rv);
	assert_int_equal(parse_fixture("worldbank_empty.json", &rv, &pages,
	    err, sizeof(err)), 0);
	assert_int_equal(pages, 0);
	assert_int_equal(rv.n, 0);
	assert_int_equal(parse_str("[{\"page\":1,\"pages\":0}]", &rv, &pages,
	    err, sizeof(err)), 0);
	assert_int_equal(parse_str("\xef\xbb\xbf[{\"pages\":1},[]]", &rv, &pages,
	    err, sizeof(err)), 0);
	assert_int_equal(pages, 1);
	assert_int_equal(rv.n, 0);
	recvec_free(&rv);
}

static void
test_fixture_errors(void **state)
{
	(void)state;
	check_error("worldbank_error.json", NULL, "World Bank API error 120 "
	    "(Invalid value): The provided parameter value is not valid");
	check_error("worldbank_truncated.json", NULL, "invalid JSON at line 1 "
	    "column 103: '}' expected near end of file");
	check_error("worldbank_xml.json", NULL,
	    "body is XML or HTML, not JSON");
}

/*
 * Real pages of the World Bank API (recorded by wbdata-go): GDP of Japan
 * and the USA, page 1 of 3 (2020 is null); GDP of every economy for
 * 2018:2019, 2 per page; the same with footnote=y (extra "footnote" and
 * "scale" members; an aggregate, country.id "1A").
 */
static void
test_wdi_pages(void **state)
{
	struct recvec	 rv;
	struct fixture_sink	 k;

	(void)state;
	assert_int_equal(parse_ok("worldbank_wdi_jpn_usa_gdp_p1.json", NULL,
	    &rv, &k), 3);
	assert_int_equal(rv.n, 49);
	assert_int_equal(k.n, 0);
	check_rec(&rv.v[0], "NY.GDP.MKTP.CD", "JPN", "2019", 5081769542379.77);
	check_rec(&rv.v[21], "NY.GDP.MKTP.CD", "JPN", "1998", 4032509760872.94);
	check_rec(&rv.v[48], "NY.GDP.MKTP.CD", "JPN", "1971", 240151807460.241);
	recvec_free(&rv);
	assert_int_equal(parse_ok("worldbank_wdi_all_gdp_2018_2019.json", NULL,
	    &rv, &k), 264);
	assert_int_equal(rv.n, 2);
	assert_int_equal(k.n, 0);
	check_rec(&rv.v[0], "NY.GDP.MKTP.CD", "ARB", "2019", 2817414584665.11);
	check_rec(&rv.v[1], "NY.GDP.MKTP.CD", "ARB", "2018", 2771384097904.53);
	recvec_free(&rv);
	assert_int_equal(parse_ok("worldbank_wdi_all_gdp_footnote_p1.json",
	    NULL, &rv, &k), 323);
	assert_int_equal(rv.n, 49);
	assert_int_equal(k.n, 0);
	check_rec(&rv.v[2], "NY.GDP.MKTP.CD", "ARB", "2017", 2516121177762.82);
	check_rec(&rv.v[17], "NY.GDP.MKTP.CD", "ARB", "2002", 726832740066.549);
	check_rec(&rv.v[48], "NY.GDP.MKTP.CD", "ARB", "1971", 37045140366.8421);
	recvec_free(&rv);
	/* the first of several messages; an HTML error page after a BOM */
	check_error("worldbank_error_3msg.json", NULL, "World Bank API error "
	    "120 (Invalid value): The provided parameter value is not valid");
	check_error("worldbank_html_bom.json", NULL,
	    "body is XML or HTML, not JSON");
}

static void
test_fixture_rejects(void **state)
{
	struct recvec	 rv;
	struct fixture_sink	 k;

	(void)state;
	assert_int_equal(parse_ok("worldbank_bad_value.json", NULL, &rv, &k),
	    1);
	assert_int_equal(rv.n, 1);
	check_rec(&rv.v[0], "NY.GDP.MKTP.CD", "CHN", "2023", 1.5);
	assert_int_equal(k.n, 1);
	fixture_check_reject(&k, 0, "row 1 (NY.GDP.MKTP.CD CHN 2022)",
	    "value is not a number");
	recvec_free(&rv);
	parse_ok("worldbank_bad_date.json", NULL, &rv, &k);
	assert_int_equal(rv.n, 0);
	assert_int_equal(k.n, 1);
	fixture_check_reject(&k, 0, "row 0 (SE.XPD.TOTL.GD.ZS CHN 2010-2014)",
	    "bad period \"2010-2014\": expected YYYY, YYYY-Sn, YYYY-Qn, "
	    "YYYY-MM, YYYY-Www or YYYY-MM-DD");
	recvec_free(&rv);
}

static void
test_row_rejects(void **state)
{
	(void)state;
	check_one_reject("[{\"pages\":1},[7,{\"indicator\":{\"id\":\"X\"},"
	    "\"date\":\"2024\",\"value\":1}]]", 1, "row 0", "not an object");
	check_one_reject("[{\"pages\":1},[{\"date\":\"2024\",\"value\":1}]]", 0,
	    "row 0 (2024)", "indicator.id missing or too long");
	check_one_reject("[{\"pages\":1},[{\"indicator\":{\"id\":\"X\"},"
	    "\"countryiso3code\":\"CHN\",\"date\":2024,\"value\":1}]]", 0,
	    "row 0 (X CHN)", "date missing or not a string");
	check_one_reject("[{\"pages\":1},[{\"indicator\":{\"id\":\"X\"},"
	    "\"countryiso3code\":\"ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ\","
	    "\"date\":\"2024\",\"value\":1}]]", 0, "row 0 (X 2024)",
	    "countryiso3code is not a short string");
	check_one_reject("[{\"pages\":1},[{\"indicator\":{\"id\":\"X\"},"
	    "\"country\":{\"id\":5},\"date\":\"2024\",\"value\":1}]]", 0,
	    "row 0 (X 2024)", "country.id is not a short string");
	check_one_reject("[{\"pages\":1},[{\"indicator\":{\"id\":\"X\"},"
	    "\"country\":{\"id\":\"CN\"},\"date\":\"2024\"}]]", 0,
	    "row 0 (X CN 2024)", "value is not a number");
	check_one_reject("[{\"pages\":1},[{\"indicator\":{\"id\":\"Y\"},"
	    "\"date\":\"2023\",\"value\":2},{\"indicator\":{\"id\":\"X\"},"
	    "\"date\":\"2024\",\"value\":\"0x10\"}]]", 1, "row 1 (X 2024)",
	    "value is not a number");
	check_one_reject("[{\"pages\":1},[{\"indicator\":{\"id\":\"X\"},"
	    "\"date\":\"2024T2\",\"value\":1}]]", 0, "row 0 (X 2024T2)",
	    "bad period \"2024T2\": trimesters are not supported");
	check_one_reject("[{\"pages\":1},[{\"indicator\":{\"id\":\"X\"},"
	    "\"date\":\"20\\u00e924\",\"value\":1}]]", 0, "row 0 (X 20\xc3\xa9" "24)",
	    "bad period \"20\xc3\xa9" "24\": unknown form");
	/* a null value is skipped silently, whatever else the row holds */
	check_one_reject("[{\"pages\":1},[{\"date\":\"x\",\"value\":null},"
	    "{\"indicator\":{\"id\":\"X\"},\"date\":\"2024\",\"value\":null,"
	    "\"x\":1},{}]]", 0, "row 2", "indicator.id missing or too long");
}

static void
test_row_duplicates(void **state)
{
	(void)state;
	check_one_reject("[{\"pages\":1},[{\"indicator\":{\"id\":\"X\"},"
	    "\"date\":\"2024\",\"value\":1,\"value\":2},{\"indicator\":"
	    "{\"id\":\"X\"},\"date\":\"2023\",\"value\":3,\"value\":3}]]", 1,
	    "row 0 (X 2024)", "differing duplicate values");
	check_error(NULL, "[{\"pages\":1,\"pages\":2},[]]",
	    "meta: \"pages\" is not a count");
}

static void
test_shape_errors(void **state)
{
	(void)state;
	check_error(NULL, "{\"page\":1}",
	    "not a World Bank API response ([meta, rows] expected)");
	check_error(NULL, "[]",
	    "not a World Bank API response ([meta, rows] expected)");
	check_error(NULL, "[{\"pages\":1},[],[]]",
	    "not a World Bank API response ([meta, rows] expected)");
	check_error(NULL, "[{\"page\":1},[]]", "meta: no \"pages\"");
	check_error(NULL, "[{\"pages\":\"x\"},[]]",
	    "meta: \"pages\" is not a count");
	check_error(NULL, "[{\"pages\":-1},[]]",
	    "meta: \"pages\" is not a count");
	check_error(NULL, "[{\"pages\":1},{}]", "data: not an array");
	check_error(NULL, "[{\"message\":[{\"id\":\"175\",\"key\":\"Invalid "
	    "format\",\"value\":\"bad\\nline\"}]}]",
	    "World Bank API error 175 (Invalid format): bad\\x0aline");
}

static void
test_nul_in_body(void **state)
{
	static const char	 body[] = "[{\"pages\":1},[]]\0[]";
	struct recvec		 rv;
	char			 err[256];
	int			 pages = -1;

	(void)state;
	recvec_init(&rv);
	assert_int_equal(worldbank_parse(body, sizeof(body) - 1, &rv, &pages,
	    err, sizeof(err)), -1);
	assert_non_null(strstr(err, "invalid JSON"));
	assert_int_equal(worldbank_parse(body, 16, &rv, &pages, err,
	    sizeof(err)), 0);
	assert_int_equal(pages, 1);
	recvec_free(&rv);
}

static void
check_url(const char *url, int page, const char *want)
{
	char	*got = worldbank_page_url(url, page);

	assert_string_equal(got, want);
	free(got);
}

static void
test_page_url(void **state)
{
	(void)state;
	check_url("http://h/v2/country/CHN/indicator/NY.GDP.MKTP.CD", 1,
	    "http://h/v2/country/CHN/indicator/NY.GDP.MKTP.CD?page=1"
	    "&format=json");
	check_url("http://h/x?format=json&per_page=100", 3,
	    "http://h/x?format=json&per_page=100&page=3");
	check_url("http://h/x?page=1&date=2000:2024", 2,
	    "http://h/x?page=2&date=2000:2024&format=json");
	check_url("http://h/x?page=1&page=5&format=xml#frag", 12,
	    "http://h/x?page=12&format=xml");
	check_url("http://h/x?&&pagesize=3&page", 2,
	    "http://h/x?pagesize=3&page=2&format=json");
	check_url("http://h/x?", 1, "http://h/x?page=1&format=json");
	check_url("http://h/x?format&a=b&format=", 1,
	    "http://h/x?a=b&page=1&format=json");
	check_url("http://h/x#a?page=3", 4, "http://h/x?page=4&format=json");
	check_url("", 2147483647, "?page=2147483647&format=json");
}

static void
check_period(const char *s, const char *want)
{
	struct period	 p;
	char		 err[256], buf[PERIOD_STRLEN];

	if (rec_period_parse(s, strlen(s), &p, err, sizeof(err)) == -1) {
		assert_string_equal(err, want);
		return;
	}
	period_format(&p, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

static void
test_period_forms(void **state)
{
	(void)state;
	check_period("2024", "2024");
	check_period("2024-A1", "2024");
	check_period("2024Q3", "2024-Q3");
	check_period("2024-Q3", "2024-Q3");
	check_period("2024q1", "2024-Q1");
	check_period("2024K4", "2024-Q4");
	check_period("2024M07", "2024-07");
	check_period("2024-M07", "2024-07");
	check_period("2024M7", "2024-07");
	check_period("2024-07", "2024-07");
	check_period("2024-07-15", "2024-07-15");
	check_period("2024-D001", "2024-01-01");
	check_period("2024-D366", "2024-12-31");
	check_period("2023-D060", "2023-03-01");
	check_period("2024-D060", "2024-02-29");
	check_period("2023-D366",
	    "bad period \"2023-D366\": day of year out of range");
	check_period("2024Q5", "bad period \"2024Q5\": quarter out of range");
	check_period("2024M13", "bad period \"2024M13\": month out of range");
	check_period("2024M0", "bad period \"2024M0\": month out of range");
	check_period("1900Q1", "bad period \"1900Q1\": year out of range");
	check_period("2024-S1", "2024-S1");
	check_period("2024S2", "2024-S2");
	check_period("2024H2", "2024-S2");
	check_period("2024-h1", "2024-S1");
	check_period("2024S3", "bad period \"2024S3\": half-year out of range");
	check_period("2024-W01", "2024-W01");
	check_period("2024W5", "2024-W05");
	check_period("2020-W53", "2020-W53");
	check_period("2021-W53",
	    "bad period \"2021-W53\": out of range for the year");
	check_period("2024-W00", "bad period \"2024-W00\": week out of range");
	check_period("2024A", "2024-Q1");
	check_period("2024b", "2024-Q2");
	check_period("2024D", "2024-Q4");
	check_period("2024E", "bad period \"2024E\": unknown form");
	check_period("202409", "2024-09");
	check_period("202413", "bad period \"202413\": month out of range");
	check_period("2005 - 1", "2005-Q1");
	check_period("2005 - 4", "2005-Q4");
	check_period("2005 - 5", "bad period \"2005 - 5\": quarter out of range");
	check_period("2005 - 12", "bad period \"2005 - 12\": unknown form");
	check_period("2005 -1", "bad period \"2005 -1\": unknown form");
	check_period("2024-T2",
	    "bad period \"2024-T2\": trimesters are not supported");
	check_period("2024-A2", "bad period \"2024-A2\": unknown form");
	check_period("2024-", "bad period \"2024-\": unknown form");
	check_period("2024Q", "bad period \"2024Q\": unknown form");
	check_period("24", "bad period \"24\": unknown form");
	check_period("2024M99999999999",
	    "bad period \"2024M99999999999\": unknown form");
	check_period("2024-01-01/P1Y",
	    "bad period \"2024-01-01/P1Y\": expected YYYY, YYYY-Sn, YYYY-Qn, "
	    "YYYY-MM, YYYY-Www or YYYY-MM-DD");
	check_period("2024-01-01T00:00:00/P1Y",
	    "bad period \"2024-01-01T00:00:00/P1Y\": expected YYYY, YYYY-Sn, YYYY-Qn, "
	    "YYYY-MM, YYYY-Www or YYYY-MM-DD");
	check_period("2024-01-01T00:00:00.000/P1Y",
	    "bad period \"2024-01-01T00:00:00.000/P1Y\": unknown form");
}

static void
test_helpers(void **state)
{
	char	 q[REC_QUOTE_MAX], code[8] = "";
	char	 longs[200];
	double	 v;

	(void)state;
	assert_int_equal(rec_strtod("12.5", 4, &v), 0);
	assert_true(v == 12.5);
	assert_int_equal(rec_strtod("-.5e2", 5, &v), 0);
	assert_true(v == -50);
	assert_int_equal(rec_strtod("1.", 2, &v), 0);
	assert_int_equal(rec_strtod(".", 1, &v), -1);
	assert_int_equal(rec_strtod("1e", 2, &v), -1);
	assert_int_equal(rec_strtod(" 1", 2, &v), -1);
	assert_int_equal(rec_strtod("nan", 3, &v), -1);
	assert_int_equal(rec_strtod("inf", 3, &v), -1);
	assert_int_equal(rec_strtod("1e999", 5, &v), -1);
	assert_int_equal(rec_strtod("12", 1, &v), 0);
	assert_true(v == 1);
	assert_int_equal(rec_code_add(code, sizeof(code), "AB"), 0);
	assert_int_equal(rec_code_add(code, sizeof(code), "CD"), 0);
	assert_string_equal(code, "AB.CD");
	assert_int_equal(rec_code_add(code, sizeof(code), "E"), 0);
	assert_int_equal(rec_code_add(code, sizeof(code), ""), -1);
	assert_string_equal(code, "AB.CD.E");
	assert_string_equal(rec_quote("a\tb\0c", 5, q), "a\\x09b\\x00c");
	memset(longs, 'x', sizeof(longs));
	rec_quote(longs, sizeof(longs), q);
	assert_int_equal(strlen(q), REC_QUOTE_MAX - 1);
	assert_string_equal(q + REC_QUOTE_MAX - 4, "...");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_page1),
		cmocka_unit_test(test_page2_appends),
		cmocka_unit_test(test_mixed),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_fixture_errors),
		cmocka_unit_test(test_wdi_pages),
		cmocka_unit_test(test_fixture_rejects),
		cmocka_unit_test(test_row_rejects),
		cmocka_unit_test(test_row_duplicates),
		cmocka_unit_test(test_shape_errors),
		cmocka_unit_test(test_nul_in_body),
		cmocka_unit_test(test_page_url),
		cmocka_unit_test(test_period_forms),
		cmocka_unit_test(test_helpers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
