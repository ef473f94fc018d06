/*
 * test_jsonstat.c: JSON-stat 1.0 bundles, 2.0 datasets and collections.
 * Fixtures are read from tests/fixtures/http (relative to the repository
 * root) or from $FIXTURES; the real responses and how the expected values
 * were computed are in SOURCES.jsonstat.md.
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

static const char	*want;	/* the dataset the parsers below select */

static int
parse_want(const char *body, size_t len, struct recvec *rv, char *err,
    size_t errlen)
{
	return jsonstat_parse(body, len, want, rv, err, errlen);
}

/* Parse fixture name (or body) selecting dataset w; skipped ones into s. */
static int
parse(const char *name, const char *body, const char *w, struct recvec *rv,
    struct fixture_sink *s)
{
	char	 err[512];
	int	 rc;

	want = w;
	if (s != NULL) {
		memset(s, 0, sizeof(*s));
		rv->reject = fixture_sink_add;
		rv->reject_arg = s;
	}
	err[0] = '\0';
	rc = fixture_parse(parse_want, name, body, rv, err, sizeof(err));
	if (rc == -1)
		print_message("error: %s\n", err);
	return rc;
}

static void
check_error(const char *name, const char *body, const char *w,
    const char *msg)
{
	want = w;
	fixture_check_error(parse_want, name, body, msg);
}

#define check_rec	fixture_check_rec

/*
 * Statistics Sweden, PxWeb API v1, JSON-stat 1.0 (bundle "dataset"); 1969
 * and 1970 are before PERIOD_YEAR_MIN: those 80 cells are skipped.
 */
static void
test_scb_deaths(void **state)
{
	struct recvec	 rv;
	struct fixture_sink	 s;

	(void)state;
	recvec_init(&rv);
	assert_int_equal(parse("jsonstat_scb_deaths.json", NULL, NULL, &rv,
	    &s), 0);
	assert_int_equal(rv.n, 1040);
	assert_int_equal(rv.rejected, 80);
	check_rec(&rv.v[0], "25.23-28.0.1.HS0301A1", "1971", 0);
	check_rec(&rv.v[500], "25.23-28.40-44.2.HS0301A1", "1977", 3);
	check_rec(&rv.v[1039], "25.23-28.90+.2.HS0301A1", "1996", 137);
	fixture_check_reject(&s, 0, "dataset dataset series 25.23-28.0.1.HS0301A1 "
	    "period 1969", "bad period \"1969\": year out of range");
	recvec_clear(&rv);
	/* the name of a bundle's dataset selects it */
	assert_int_equal(parse("jsonstat_scb_deaths.json", NULL, "dataset",
	    &rv, NULL), 0);
	assert_int_equal(rv.n, 1040);
	recvec_free(&rv);
	check_error("jsonstat_scb_deaths.json", NULL, "Dataset",
	    "no dataset \"Dataset\" (the document has: dataset)");
}

/* CSO Ireland StatBank, JSON-stat 1.0, quarters as 1997Q1. */
static void
test_cso_quarterly(void **state)
{
	struct recvec	 rv;
	struct fixture_sink	 s;

	(void)state;
	recvec_init(&rv);
	assert_int_equal(parse("jsonstat_cso_nqq25.json", NULL, NULL, &rv,
	    &s), 0);
	assert_int_equal(rv.n, 1216);
	assert_int_equal(rv.rejected, 0);
	check_rec(&rv.v[0], "0.NQQ25C01", "1997-Q1", 19960);
	check_rec(&rv.v[77], "0.NQQ25S1", "2006-Q3", 38776);
	check_rec(&rv.v[1215], "08.NQQ25S1", "2015-Q4", 12521);
	recvec_free(&rv);
}

/* CSO Ireland, JSON-stat 1.0 with its sizes written as strings. */
static void
test_cso_size_strings(void **state)
{
	struct recvec	 rv;
	struct fixture_sink	 s;

	(void)state;
	recvec_init(&rv);
	assert_int_equal(parse("jsonstat_cso_cia01.json", NULL, NULL, &rv,
	    &s), 0);
	assert_int_equal(rv.n, 8325);
	assert_int_equal(rv.rejected, 0);
	check_rec(&rv.v[0], "-.CIA01C01", "2000", 41692);
	check_rec(&rv.v[4000], "IE1204.CIA01C11", "2011", 1500);
	check_rec(&rv.v[8324], "IE2503.CIA01C15", "2014", 89.5);
	recvec_free(&rv);
}

/* Eurostat web service V1_1, JSON-stat 1.0: no role, nulls skipped. */
static void
test_eurostat(void **state)
{
	struct recvec	 rv;
	struct fixture_sink	 s;

	(void)state;
	recvec_init(&rv);
	assert_int_equal(parse("jsonstat_eurostat_gdp.json", NULL, NULL, &rv,
	    &s), 0);
	assert_int_equal(rv.n, 64);
	assert_int_equal(rv.rejected, 0);
	check_rec(&rv.v[0], "EUR_HAB.B1GM.FR", "1974", 4500);
	check_rec(&rv.v[40], "EUR_HAB.B1GM.IT", "1990", 15800);
	check_rec(&rv.v[63], "EUR_HAB.B1GM.IT", "2013", 25600);
	recvec_free(&rv);
}

/* json-stat.org sample: a JSON-stat 1.0 bundle of two datasets. */
static void
test_bundle(void **state)
{
	struct recvec	 rv;
	struct fixture_sink	 s;

	(void)state;
	recvec_init(&rv);
	assert_int_equal(parse("jsonstat_oecd_canada.json", NULL, NULL, &rv,
	    &s), 0);
	assert_int_equal(rv.n, 432 + 120);
	assert_int_equal(rv.rejected, 0);
	check_rec(&rv.v[0], "UNR.AU", "2003", 5.943826289);
	check_rec(&rv.v[100], "UNR.FI", "2007", 6.850344695);
	check_rec(&rv.v[431], "UNR.OECD", "2014", 8.004598637);
	check_rec(&rv.v[432], "CA.T.POP.T", "2012", 34880.5);
	check_rec(&rv.v[532], "CA.79.PERCENT.M", "2012", 2.4);
	recvec_clear(&rv);
	assert_int_equal(parse("jsonstat_oecd_canada.json", NULL, "canada",
	    &rv, &s), 0);
	assert_int_equal(rv.n, 120);
	check_rec(&rv.v[0], "CA.T.POP.T", "2012", 34880.5);
	check_rec(&rv.v[119], "CA.older.PERCENT.F", "2012", 1);
	recvec_free(&rv);
	check_error("jsonstat_oecd_canada.json", NULL, "oecd-canada",
	    "no dataset \"oecd-canada\" (the document has: oecd, canada)");
}

/*
 * ONS, JSON-stat 1.0: the time category ids are codes (CI_0000001, label
 * "2011"), not periods, so every cell is skipped; the document is read.
 */
static void
test_ons_time_codes(void **state)
{
	struct recvec	 rv;
	struct fixture_sink	 s;

	(void)state;
	recvec_init(&rv);
	assert_int_equal(parse("jsonstat_ons_st1117.json", NULL, NULL, &rv,
	    &s), 0);
	assert_int_equal(rv.n, 0);
	assert_int_equal(rv.rejected, 261);
	assert_int_equal(s.n, 261);
	fixture_check_reject(&s, 0, "dataset ST1117EWla series "
	    "K04000001.CI_0002762.CI_0000121.Segment_1 period CI_0000001",
	    "bad period \"CI_0000001\": unknown form");
	recvec_free(&rv);
}

/* INE via ICANE, JSON-stat 2.0: years and "2005 - 1" quarters. */
static void
test_icane(void **state)
{
	struct recvec	 rv;
	struct fixture_sink	 s;

	(void)state;
	recvec_init(&rv);
	assert_int_equal(parse("jsonstat_icane_epa.json", NULL, NULL, &rv,
	    &s), 0);
	assert_int_equal(rv.n, 4205);
	assert_int_equal(rv.rejected, 0);
	check_rec(&rv.v[0], "Ambos sexos.Total.Poblaci\xc3\xb3n", "2005-Q1",
	    477.8);
	check_rec(&rv.v[1], "Ambos sexos.Total.Activos", "2005-Q1", 258.2);
	check_rec(&rv.v[4], "Ambos sexos.Total.Parados que buscan primer "
	    "empleo", "2005-Q1", 2.5);
	check_rec(&rv.v[4204], "Mujeres.De 55 y m\xc3\xa1s a\xc3\xb1os."
	    "Inactivos", "2016-Q4", 87);
	recvec_free(&rv);
}

/* Statistics Norway, PxWeb json-stat2: quarters as 2022K1, nulls. */
static void
test_ssb(void **state)
{
	struct recvec	 rv;
	struct fixture_sink	 s;

	(void)state;
	recvec_init(&rv);
	assert_int_equal(parse("jsonstat_ssb_07221.json", NULL, NULL, &rv,
	    &s), 0);
	assert_int_equal(rv.n, 264);
	assert_int_equal(rv.rejected, 0);
	check_rec(&rv.v[0], "TOTAL.01.Boligindeks", "2022-Q1", 136.2);
	check_rec(&rv.v[100], "004.01.Boligindeks", "2023-Q1", 139.2);
	check_rec(&rv.v[263], "011.03.Boligindeks", "2023-Q4", 134.6);
	recvec_free(&rv);
}

/* Statistics Finland, PxWeb json-stat2; a plain dataset's name is its label. */
static void
test_statfin(void **state)
{
	struct recvec	 rv;
	struct fixture_sink	 s;

	(void)state;
	recvec_init(&rv);
	assert_int_equal(parse("jsonstat_statfin_11rc.json", NULL, NULL, &rv,
	    &s), 0);
	assert_int_equal(rv.n, 90);
	assert_int_equal(rv.rejected, 0);
	check_rec(&rv.v[0], "SSS.20-24.vaesto", "2020", 308410);
	check_rec(&rv.v[45], "1.45-49.vaesto", "2021", 166795);
	check_rec(&rv.v[89], "2.65-69.vaesto", "2022", 181956);
	recvec_clear(&rv);
	assert_int_equal(parse("jsonstat_statfin_11rc.json", NULL,
	    "Befolkning 31.12. efter \xc3\x85r, K\xc3\xb6n, \xc3\x85lder och "
	    "Uppgifter", &rv, &s), 0);
	assert_int_equal(rv.n, 90);
	recvec_free(&rv);
	check_error("jsonstat_statfin_11rc.json", NULL, "vaerak",
	    "no dataset \"vaerak\" (the document has: Befolkning 31.12. "
	    "efter \xc3\x85r, K\xc3\xb6n, \xc3\x85lder och Uppgifter)");
}

/* json-stat.org sample: a 2.0 collection embedding two datasets. */
static void
test_collection(void **state)
{
	struct recvec	 rv;
	struct fixture_sink	 s;

	(void)state;
	recvec_init(&rv);
	assert_int_equal(parse("jsonstat_oecd_canada_col.json", NULL, NULL,
	    &rv, &s), 0);
	assert_int_equal(rv.n, 432 + 120);
	assert_int_equal(rv.rejected, 0);
	check_rec(&rv.v[0], "UNR.AU", "2003", 5.943826289);
	check_rec(&rv.v[431], "UNR.OECD", "2014", 8.004598637);
	check_rec(&rv.v[432], "CA.T.POP.T", "2012", 34880.5);
	check_rec(&rv.v[551], "CA.older.PERCENT.F", "2012", 1);
	recvec_clear(&rv);
	assert_int_equal(parse("jsonstat_oecd_canada_col.json", NULL,
	    "Population by sex and age group. Canada. 2012", &rv, &s), 0);
	assert_int_equal(rv.n, 120);
	check_rec(&rv.v[100], "CA.79.PERCENT.M", "2012", 2.4);
	recvec_free(&rv);
	check_error("jsonstat_oecd_canada_col.json", NULL, "canada",
	    "no dataset \"canada\" (the document has: Unemployment rate in "
	    "the OECD countries 2003-2014, Population by sex and age group. "
	    "Canada. 2012)");
	check_error("jsonstat_links_col.json", NULL, NULL, "no dataset: the "
	    "collection embeds none (its items are only links)");
	check_error("jsonstat_collection.json", NULL, NULL, "no dataset: the "
	    "collection embeds none (its items are only links)");
}

/* Collection items: links and nested collections skipped, unnamed items. */
static void
test_collection_items(void **state)
{
	struct recvec	 rv;
	struct fixture_sink	 s;

	(void)state;
	recvec_init(&rv);
	assert_int_equal(parse(NULL, "{\"class\":\"collection\",\"link\":"
	    "{\"item\":[{\"class\":\"dataset\",\"href\":\"x\"},{\"class\":"
	    "\"collection\",\"link\":{\"item\":[]}},7,{\"class\":\"dataset\","
	    "\"id\":[\"time\"],\"size\":[1],\"dimension\":{\"time\":{"
	    "\"category\":{\"index\":[\"2024S1\"]}}},\"value\":[\"x\"]},"
	    DS2 "\"value\":[1,2,3,4]}]}}", NULL, &rv, &s), 0);
	assert_int_equal(rv.n, 4);
	check_rec(&rv.v[0], "CN", "2023", 1);
	check_rec(&rv.v[3], "HK", "2024", 4);
	/* an unnamed item's places carry no dataset */
	assert_int_equal(rv.rejected, 1);
	fixture_check_reject(&s, 0, "series  period 2024S1", "value is not a number");
	recvec_free(&rv);
	check_error(NULL, "{\"class\":\"collection\",\"link\":{\"item\":[{"
	    "\"class\":\"dataset\",\"dimension\":{}}]}}", NULL,
	    "link.item[0]: id and size must be arrays of 1 to 64 dimensions "
	    "of equal length");
	check_error(NULL, "{\"class\":\"collection\",\"link\":{\"item\":[{"
	    "\"class\":\"dataset\",\"dimension\":{}}]}}", "a",
	    "no dataset \"a\" (the document has: (unnamed))");
	check_error(NULL, "{\"class\":\"collection\"}", NULL, "no dataset: "
	    "the collection embeds none (its items are only links)");
}

/* Bundles: 1.0 without class, class "bundle", a broken member. */
static void
test_bundle_forms(void **state)
{
	struct recvec	 rv;
	struct fixture_sink	 s;

	(void)state;
	recvec_init(&rv);
	assert_int_equal(parse("jsonstat_bundle.json", NULL, NULL, &rv, &s),
	    0);
	assert_int_equal(rv.n, 2);
	check_rec(&rv.v[0], "CN", "2023", 1);
	check_rec(&rv.v[1], "CN", "2024", 2);
	recvec_clear(&rv);
	/* non-object members and objects without dimension are not datasets */
	assert_int_equal(parse(NULL, "{\"class\":\"bundle\",\"version\":\"1.03\","
	    "\"extension\":{},\"b\":{\"class\":\"dataset\",\"id\":[\"geo\","
	    "\"time\"],\"size\":[\"2\",2],\"dimension\":{\"geo\":{\"category\":"
	    "{\"index\":[\"CN\",\"HK\"]}},\"time\":{\"category\":{\"index\":"
	    "[\"2023\",\"2024\"]}}},\"value\":{\"1\":5,\"x\":6}}}", NULL, &rv,
	    &s), 0);
	assert_int_equal(rv.n, 1);
	check_rec(&rv.v[0], "CN", "2024", 5);
	fixture_check_reject(&s, 0, "dataset b value[x]", "not a cell number below 4");
	recvec_free(&rv);
	/* one broken dataset fails the document, unless another is selected */
	check_error(NULL, "{\"a\":{\"dimension\":{\"id\":[\"time\"],\"size\":"
	    "[1],\"time\":{\"category\":{\"index\":[\"2024\"]}}},\"value\":[1]},"
	    "\"b\":{\"dimension\":{\"id\":[\"geo\"],\"size\":[1],\"geo\":{"
	    "\"category\":{\"index\":[\"CN\"]}}},\"value\":[1]}}", NULL,
	    "dataset b: no time dimension (role.time, or id time, year, "
	    "TIME_PERIOD or Tid)");
	recvec_init(&rv);
	assert_int_equal(parse(NULL, "{\"a\":{\"dimension\":{\"id\":[\"time\"],"
	    "\"size\":[1],\"time\":{\"category\":{\"index\":[\"2024\"]}}},"
	    "\"value\":[1]},\"b\":{\"dimension\":{}}}", "a", &rv, &s), 0);
	assert_int_equal(rv.n, 1);
	check_rec(&rv.v[0], "", "2024", 1);
	recvec_free(&rv);
	check_error(NULL, "{\"dataset\":{\"label\":\"no dimension\"}}", NULL,
	    "no dataset: not JSON-stat (no class dataset or collection, and no "
	    "member with a dimension)");
}

/* A plain dataset with a label must match the name; one without, any. */
static void
test_plain_name(void **state)
{
	struct recvec	 rv;
	struct fixture_sink	 s;

	(void)state;
	recvec_init(&rv);
	assert_int_equal(parse("jsonstat_dense.json", NULL,
	    "High-tech enterprises and patent grants", &rv, &s), 0);
	assert_int_equal(rv.n, 9);
	recvec_clear(&rv);
	assert_int_equal(parse(NULL, DS2 "\"value\":[1,2,3,4]}", "anything",
	    &rv, &s), 0);
	assert_int_equal(rv.n, 4);
	recvec_free(&rv);
	check_error("jsonstat_dense.json", NULL, "dense", "no dataset "
	    "\"dense\" (the document has: High-tech enterprises and patent "
	    "grants)");
}

static void
test_dense(void **state)
{
	struct recvec	 rv;
	struct fixture_sink	 s;

	(void)state;
	recvec_init(&rv);
	assert_int_equal(parse("jsonstat_dense.json", NULL, NULL, &rv, &s), 0);
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
	assert_int_equal(rv.rejected, 0);
	recvec_free(&rv);
}

static void
test_sparse(void **state)
{
	struct recvec	 rv;
	struct fixture_sink	 s;

	(void)state;
	recvec_init(&rv);
	assert_int_equal(parse("jsonstat_sparse.json", NULL, NULL, &rv, &s),
	    0);
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
	struct fixture_sink	 s;

	(void)state;
	recvec_init(&rv);
	assert_int_equal(parse("jsonstat_monthly.json", NULL, NULL, &rv, &s),
	    0);
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
	struct fixture_sink	 s;

	(void)state;
	recvec_init(&rv);
	/* role.time wins over a dimension named "year" */
	assert_int_equal(parse(NULL, "{\"class\":\"dataset\",\"id\":[\"year\","
	    "\"per\"],\"size\":[1,1],\"role\":{\"time\":[\"per\"]},"
	    "\"dimension\":{\"year\":{\"category\":{\"index\":[\"Y\"]}},"
	    "\"per\":{\"category\":{\"index\":{\"2024Q2\":0}}}},\"value\":[5]}",
	    NULL, &rv, &s), 0);
	check_rec(&rv.v[0], "Y", "2024-Q2", 5);
	/* role.time naming no dimension falls back to names */
	assert_int_equal(parse(NULL, "{\"class\":\"dataset\",\"id\":[\"YEAR\"],"
	    "\"size\":[1],\"role\":{\"time\":[\"nope\",3]},\"dimension\":"
	    "{\"YEAR\":{\"category\":{\"index\":[\"2020\"]}}},\"value\":{\"0\":"
	    "-2.5e1}}", NULL, &rv, &s), 0);
	check_rec(&rv.v[1], "", "2020", -25);
	assert_int_equal(rv.n, 2);
	recvec_free(&rv);
}

/* Bad cells are skipped with their place; the other cells are read. */
static void
test_rejects(void **state)
{
	struct recvec	 rv;
	struct fixture_sink	 s;
	char		 body[1024], a[201], b[101];

	(void)state;
	recvec_init(&rv);
	assert_int_equal(parse("jsonstat_bad_value.json", NULL, NULL, &rv, &s),
	    0);
	assert_int_equal(rv.n, 5);
	check_rec(&rv.v[3], "HK", "2022", 4);
	check_rec(&rv.v[4], "HK", "2024", 6);
	assert_int_equal(rv.rejected, 1);
	fixture_check_reject(&s, 0, "series HK period 2023", "value is not a number");
	recvec_clear(&rv);
	assert_int_equal(parse("jsonstat_bad_sparse.json", NULL, NULL, &rv,
	    &s), 0);
	assert_int_equal(rv.n, 1);
	check_rec(&rv.v[0], "CN", "2023", 1);
	fixture_check_reject(&s, 0, "value[2]", "not a cell number below 2");
	recvec_clear(&rv);
	assert_int_equal(parse(NULL, DS2 "\"value\":{\"3\":1,\"01\":2,\"-1\":3,"
	    "\"99999999999999999999999\":4,\"1\":\"1,5\",\"0\":[]}}", NULL,
	    &rv, &s), 0);
	assert_int_equal(rv.n, 1);
	check_rec(&rv.v[0], "HK", "2024", 1);
	assert_int_equal(rv.rejected, 5);
	fixture_check_reject(&s, 0, "value[01]", "not a cell number below 4");
	fixture_check_reject(&s, 1, "value[-1]", "not a cell number below 4");
	fixture_check_reject(&s, 2, "value[99999999999999999999999]",
	    "not a cell number below 4");
	fixture_check_reject(&s, 3, "series CN period 2024", "value is not a number");
	recvec_clear(&rv);
	assert_int_equal(parse(NULL, "{\"class\":\"dataset\",\"id\":[\"time\"],"
	    "\"size\":[3],\"dimension\":{\"time\":{\"category\":{\"index\":"
	    "[\"2024\",\"2024-T2\",\"2024-S2\"]}}},\"value\":[1,2,3]}", NULL,
	    &rv, &s), 0);
	assert_int_equal(rv.n, 2);
	check_rec(&rv.v[1], "", "2024-S2", 3);
	fixture_check_reject(&s, 0, "series  period 2024-T2",
	    "bad period \"2024-T2\": trimesters are not supported");
	recvec_clear(&rv);
	memset(a, 'a', sizeof(a) - 1);
	a[sizeof(a) - 1] = '\0';
	memset(b, 'b', sizeof(b) - 1);
	b[sizeof(b) - 1] = '\0';
	snprintf(body, sizeof(body), "{\"x\":{\"dimension\":{\"id\":[\"a\","
	    "\"b\",\"time\"],\"size\":[1,1,1],\"a\":{\"category\":{\"index\":"
	    "[\"%s\"]}},\"b\":{\"category\":{\"index\":[\"%s\"]}},\"time\":{"
	    "\"category\":{\"index\":[\"2024\"]}}},\"value\":[1]}}", a, b);
	assert_int_equal(parse(NULL, body, NULL, &rv, &s), 0);
	assert_int_equal(rv.n, 0);
	fixture_check_reject(&s, 0, "dataset x value[0]",
	    "code longer than 255 bytes");
	recvec_free(&rv);
}

static void
test_fixture_errors(void **state)
{
	(void)state;
	check_error("jsonstat_no_time.json", NULL, NULL, "no time dimension "
	    "(role.time, or id time, year, TIME_PERIOD or Tid)");
	check_error("jsonstat_size_mismatch.json", NULL, NULL,
	    "dimension \"geo\": 3 categories, size 2");
}

static void
test_value_errors(void **state)
{
	(void)state;
	check_error(NULL, DS2 "\"value\":[1,2,3]}", NULL,
	    "value has 3 entries, the sizes make 4");
	check_error(NULL, DS2 "\"value\":[1,2,3,4,5]}", NULL,
	    "value has 5 entries, the sizes make 4");
	check_error(NULL, DS2 "\"value\":7}", NULL,
	    "value: not an array or object");
	check_error(NULL, DS2 "\"value\":null}", NULL,
	    "value: not an array or object");
}

static void
test_dimension_errors(void **state)
{
	(void)state;
	check_error(NULL, "{\"class\":\"dataset\",\"value\":[]}", NULL,
	    "id and size must be arrays of 1 to 64 dimensions of equal length");
	check_error(NULL, "{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[1,2],"
	    "\"value\":[]}", NULL,
	    "id and size must be arrays of 1 to 64 dimensions of equal length");
	check_error(NULL, "{\"class\":\"dataset\",\"id\":[1],\"size\":[1]}",
	    NULL, "id[0]: not a string");
	check_error(NULL, "{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[0]}",
	    NULL, "size[0]: not a count, or too many cells");
	check_error(NULL, "{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":"
	    "[\"01\"]}", NULL, "size[0]: not a count, or too many cells");
	check_error(NULL, "{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":"
	    "[\"1 \"]}", NULL, "size[0]: not a count, or too many cells");
	check_error(NULL, "{\"class\":\"dataset\",\"id\":[\"a\",\"b\",\"c\","
	    "\"d\"],\"size\":[100000,100000,100000,100000]}", NULL,
	    "size[3]: not a count, or too many cells");
	check_error(NULL, "{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[1]}",
	    NULL, "dimension \"a\": missing from dimension");
	check_error(NULL, "{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[1],"
	    "\"dimension\":{\"a\":{}}}", NULL,
	    "dimension \"a\": no category index");
	check_error(NULL, "{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[2],"
	    "\"dimension\":{\"a\":{\"category\":{\"label\":{\"x\":\"X\"}}}}}",
	    NULL, "dimension \"a\": 1 category, size 2");
	check_error(NULL, "{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[2],"
	    "\"dimension\":{\"a\":{\"category\":{\"index\":[\"x\",3]}}}}", NULL,
	    "dimension \"a\": category index [1] is not an id");
	check_error(NULL, "{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[2],"
	    "\"dimension\":{\"a\":{\"category\":{\"index\":{\"x\":1,\"y\":1}}}}}",
	    NULL, "dimension \"a\": category index has position 1 twice");
	check_error(NULL, "{\"class\":\"dataset\",\"id\":[\"a\"],\"size\":[2],"
	    "\"dimension\":{\"a\":{\"category\":{\"index\":{\"x\":0,\"y\":2}}}}}",
	    NULL, "dimension \"a\": category index has a bad position");
	check_error(NULL, "{\"class\":\"dataset\",\"id\":[\"time\",\"Year\"],"
	    "\"size\":[1,1],\"dimension\":{\"time\":{\"category\":{\"index\":"
	    "[\"2020\"]}},\"Year\":{\"category\":{\"index\":[\"2020\"]}}},"
	    "\"value\":[1]}", NULL, "more than one time dimension (role.time, "
	    "or id time, year, TIME_PERIOD or Tid)");
	check_error(NULL, "{\"class\":\"dataset\",\"id\":[\"a\",\"b\"],"
	    "\"size\":[1,1],\"role\":{\"time\":[\"a\",\"b\"]},\"dimension\":"
	    "{\"a\":{\"category\":{\"index\":[\"2020\"]}},\"b\":{\"category\":"
	    "{\"index\":[\"2020\"]}}},\"value\":[1]}", NULL, "more than one "
	    "time dimension (role.time, or id time, year, TIME_PERIOD or Tid)");
}

static void
test_message_errors(void **state)
{
	(void)state;
	check_error(NULL, "[]", NULL, "not JSON-stat: not an object");
	check_error(NULL, "{}", NULL, "no dataset: not JSON-stat (no class "
	    "dataset or collection, and no member with a dimension)");
	check_error(NULL, "{\"class\":\"dataset\\u0001x\"}", NULL, "class "
	    "\"dataset\\x01x\" is not supported (dataset, bundle or collection)");
	check_error(NULL, "{\"class\":\"dimension\"}", NULL, "class "
	    "\"dimension\" is not supported (dataset, bundle or collection)");
	check_error(NULL, "", NULL, "invalid JSON at line 1 column 0: '[' or "
	    "'{' expected near end of file");
	check_error(NULL, "{\"a\":1 \"b\":2}", NULL, "invalid JSON at line 1 "
	    "column 10: '}' expected near '\"b\"'");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scb_deaths),
		cmocka_unit_test(test_cso_quarterly),
		cmocka_unit_test(test_cso_size_strings),
		cmocka_unit_test(test_eurostat),
		cmocka_unit_test(test_bundle),
		cmocka_unit_test(test_ons_time_codes),
		cmocka_unit_test(test_icane),
		cmocka_unit_test(test_ssb),
		cmocka_unit_test(test_statfin),
		cmocka_unit_test(test_collection),
		cmocka_unit_test(test_collection_items),
		cmocka_unit_test(test_bundle_forms),
		cmocka_unit_test(test_plain_name),
		cmocka_unit_test(test_dense),
		cmocka_unit_test(test_sparse),
		cmocka_unit_test(test_time_first),
		cmocka_unit_test(test_time_choice),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_fixture_errors),
		cmocka_unit_test(test_value_errors),
		cmocka_unit_test(test_dimension_errors),
		cmocka_unit_test(test_message_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
