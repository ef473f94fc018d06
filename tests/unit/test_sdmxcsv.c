/*
 * test_sdmxcsv.c: SDMX-CSV 1.0 and 2.x data messages. Fixtures are read
 * from tests/fixtures/http (relative to the repository root) or from
 * $FIXTURES; the expected values come from Python's csv module (see
 * SOURCES.sdmxcsv.md).
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
#include "sdmxcsv.h"

#define check_rec	fixture_check_rec

/* The records a parse skipped, as "place: why" lines. */
struct sink {
	char	 text[4096];
};

static void
sink_add(void *arg, const char *place, const char *why)
{
	struct sink	*s = arg;
	size_t		 n = strlen(s->text);

	snprintf(s->text + n, sizeof(s->text) - n, "%s: %s\n", place, why);
}

/* Parse a fixture (or body, when name is NULL) into rv with sink s. */
static void
parse_ok(const char *name, const char *body, struct recvec *rv,
    struct sink *s)
{
	char	 err[256];

	recvec_init(rv);
	s->text[0] = '\0';
	rv->reject = sink_add;
	rv->reject_arg = s;
	if (fixture_parse(sdmxcsv_parse, name, body, rv, err,
	    sizeof(err)) != 0)
		fail_msg("parse failed: %s", err);
}

static void
check_error(const char *body, const char *msg)
{
	fixture_check_error(sdmxcsv_parse, NULL, body, msg);
}

static void
test_oecd_g20(void **state)
{
	struct recvec	 rv;
	struct sink	 s;

	(void)state;
	parse_ok("sdmxcsv10_oecd_g20.csv", NULL, &rv, &s);
	assert_int_equal(rv.n, 41);
	assert_int_equal(rv.rejected, 0);
	check_rec(&rv.v[0], "CHN.A.N.CPI.PA._T.N.GY", "1985", 9.3);
	check_rec(&rv.v[1], "CHN.A.N.CPI.PA._T.N.GY", "1986", 6.5);
	check_rec(&rv.v[20], "CHN.A.N.CPI.PA._T.N.GY", "2005", 1.8);
	check_rec(&rv.v[40], "CHN.A.N.CPI.PA._T.N.GY", "2025", 0);
	recvec_free(&rv);
}

static void
test_oecd_debt(void **state)
{
	struct recvec	 rv;
	struct sink	 s;

	(void)state;
	/* 695 rows, 5 of them with an empty OBS_VALUE. */
	parse_ok("sdmxcsv10_oecd_debt.csv", NULL, &rv, &s);
	assert_int_equal(rv.n, 690);
	assert_int_equal(rv.rejected, 0);
	check_rec(&rv.v[0], "A.IRL.GGD.PT_B1GQ.S13.YU.PF", "2010", 83.356);
	check_rec(&rv.v[1], "A.IRL.GGD.PT_B1GQ.S13.YU.PF", "2011", 109.771);
	check_rec(&rv.v[345], "A.FRA.GGD.PT_B1GQ.S13.YU.PF", "2018", 122.762);
	check_rec(&rv.v[689], "A.IRL.GGD.PT_B1GQ.S13.YU.PF", "2009", 67.47);
	recvec_free(&rv);
}

static void
test_bis_v10(void **state)
{
	struct recvec	 rv;
	struct sink	 s;

	(void)state;
	/* 1000 rows, 640 of them with an empty OBS_VALUE. */
	parse_ok("sdmxcsv10_bis_der.csv", NULL, &rv, &s);
	assert_int_equal(rv.n, 360);
	assert_int_equal(rv.rejected, 0);
	check_rec(&rv.v[0], "A.U.A.B.5J.A.1E.A.HKD.TO1.A.A.3.C", "2004",
	    14206.490766);
	check_rec(&rv.v[1], "A.U.A.B.5J.A.1E.A.HKD.TO1.A.A.3.C", "2007",
	    29929.036014);
	check_rec(&rv.v[180], "A.U.A.B.5J.A.1E.A.NOK.USD.A.A.3.C", "2004",
	    857.008357);
	check_rec(&rv.v[359], "A.U.A.B.5J.A.1E.A.TO1.EUR.A.A.3.C", "2007",
	    443666.734085);
	recvec_free(&rv);
}

static void
test_bis_v20(void **state)
{
	struct recvec	 rv, v1;
	struct sink	 s;
	size_t		 i;

	(void)state;
	parse_ok("sdmxcsv20_bis_der.csv", NULL, &rv, &s);
	assert_int_equal(rv.n, 7);
	assert_int_equal(rv.rejected, 0);
	check_rec(&rv.v[0], "A.U.A.B.5J.A.1E.A.HKD.TO1.A.A.3.C", "2004",
	    14206.490766);
	check_rec(&rv.v[3], "A.U.A.B.5J.A.1E.A.HKD.TO1.A.A.3.C", "2013",
	    29910.713935);
	check_rec(&rv.v[6], "A.U.A.B.5J.A.1E.A.HKD.USD.A.A.3.C", "1992",
	    6672.275);
	/* The same rows in 1.0 give the same records. */
	parse_ok("sdmxcsv10_bis_der.csv", NULL, &v1, &s);
	for (i = 0; i < rv.n; i++) {
		assert_string_equal(rv.v[i].code, v1.v[i].code);
		assert_memory_equal(&rv.v[i].period, &v1.v[i].period,
		    sizeof(rv.v[i].period));
		assert_true(rv.v[i].value == v1.v[i].value);
	}
	recvec_free(&v1);
	recvec_free(&rv);
}

/* ILO (sdmx.ilo.org) 1.0: attributes after OBS_VALUE, one empty. */
static void
test_ilo(void **state)
{
	struct recvec	 rv;
	struct sink	 s;

	(void)state;
	parse_ok("sdmxcsv10_ilo_une_deap.csv", NULL, &rv, &s);
	assert_int_equal(rv.n, 2);
	assert_int_equal(rv.rejected, 0);
	check_rec(&rv.v[0], "ABW.A.UNE_DEAP_RT.SEX_T.AGE_YTHADULT_YGE15",
	    "2011", 8.9);
	check_rec(&rv.v[1], "ABW.A.UNE_DEAP_RT.SEX_M.AGE_YTHADULT_YGE15",
	    "2011", 8.6);
	recvec_free(&rv);
	parse_ok("sdmxcsv10_ilo_emp_temp.csv", NULL, &rv, &s);
	assert_int_equal(rv.n, 1);
	assert_int_equal(rv.rejected, 0);
	check_rec(&rv.v[0],
	    "KEN.A.EMP_TEMP_NB.SEX_T.INS_SECTOR_TOTAL.DSB_STATUS_TOTAL",
	    "2019", 18073.2);
	recvec_free(&rv);
	parse_ok("sdmxcsv10_ilo_lap_2lid.csv", NULL, &rv, &s);
	assert_int_equal(rv.n, 1);
	assert_int_equal(rv.rejected, 0);
	check_rec(&rv.v[0], "KEN.A.LAP_2LID_RT.DCL_DECILE_01", "2025", 0.517);
	recvec_free(&rv);
}

/* Eurostat's 1.0: LAST UPDATE, lowercase ids; BOM, CRLF, no last LF. */
static void
test_eurostat_shape(void **state)
{
	struct recvec	 rv;
	struct sink	 s;

	(void)state;
	parse_ok(NULL, "\xef\xbb\xbf"
	    "DATAFLOW,LAST UPDATE,freq,unit,na_item,geo,TIME_PERIOD,OBS_VALUE,"
	    "OBS_FLAG\r\n"
	    "ESTAT:NAMA_10_GDP(1.0),03/09/26 23:00:00,A,CLV05_MEUR,B1GQ,EL,"
	    "2023,\"190,5\",p\r\n"
	    "ESTAT:NAMA_10_GDP(1.0),03/09/26 23:00:00,A,CLV05_MEUR,B1GQ,EL,"
	    "2023,190712.3,p\r\n"
	    "\"ESTAT:NAMA_10_GDP(1.0)\",\"03/09/26 23:00:00\",A,\"CP_MEUR\","
	    "B1GQ,EL,2024,\"237\"\"\",\r\n"
	    "ESTAT:NAMA_10_GDP(1.0),03/09/26 23:00:00,A,CP_MEUR,B1GQ,EL,"
	    "\"2024\",-0.5e3,", &rv, &s);
	assert_int_equal(rv.n, 2);
	check_rec(&rv.v[0], "A.CLV05_MEUR.B1GQ.EL", "2023", 190712.3);
	check_rec(&rv.v[1], "A.CP_MEUR.B1GQ.EL", "2024", -500);
	assert_string_equal(s.text,
	    "line 2: value \"190,5\" is not a number\n"
	    "line 4: value \"237\"\" is not a number\n");
	recvec_free(&rv);
}

/* 2.0 actions: D is skipped, I A R M and empty are read. */
static void
test_actions(void **state)
{
	struct recvec	 rv;
	struct sink	 s;

	(void)state;
	parse_ok(NULL,
	    "STRUCTURE,STRUCTURE_ID,ACTION,FREQ,REF_AREA,TIME_PERIOD,OBS_VALUE\n"
	    "dataflow,IMF.STA:CPI(5.0.0),I,M,CN,2024-M01,1\n"
	    "dataflow,IMF.STA:CPI(5.0.0),D,M,CN,2024-M02,2\n"
	    "dataflow,IMF.STA:CPI(5.0.0),d,M,CN,,-\n"
	    "dataflow,IMF.STA:CPI(5.0.0),A,M,CN,2024-M03,3\n"
	    "dataflow,IMF.STA:CPI(5.0.0),R,M,CN,2024-M04,4\n"
	    "dataflow,IMF.STA:CPI(5.0.0),M,M,CN,2024-M05,5\n"
	    "dataflow,IMF.STA:CPI(5.0.0),,M,CN,2024-M06,6\n"
	    "dataflow,IMF.STA:CPI(5.0.0),X,M,CN,2024-M07,7\n"
	    "dataflow,IMF.STA:CPI(5.0.0),Delete,M,CN,2024-M08,8\n", &rv, &s);
	assert_int_equal(rv.n, 5);
	check_rec(&rv.v[0], "M.CN", "2024-01", 1);
	check_rec(&rv.v[1], "M.CN", "2024-03", 3);
	check_rec(&rv.v[4], "M.CN", "2024-06", 6);
	assert_string_equal(s.text,
	    "line 9: unknown action \"X\"\n"
	    "line 10: unknown action \"Delete\"\n");
	recvec_free(&rv);
}

/* Empty, NaN and #N/A values, and attribute-only rows, are no records. */
static void
test_missing(void **state)
{
	struct recvec	 rv;
	struct sink	 s;

	(void)state;
	parse_ok(NULL,
	    "STRUCTURE[;],STRUCTURE_ID,ACTION,FREQ,REF_AREA,TIME_PERIOD,"
	    "OBS_VALUE,OBS_STATUS\n"
	    "dataflow,X:Y(1.0),R,A,CN,2020,,M\n"
	    "dataflow,X:Y(1.0),R,A,CN,2021,NaN,O\n"
	    "dataflow,X:Y(1.0),R,A,CN,2022,nan,O\n"
	    "dataflow,X:Y(1.0),R,A,CN,2023,#N/A,O\n"
	    "dataflow,X:Y(1.0),R,,CN,,,A\n"
	    "\n"
	    "dataflow,X:Y(1.0),R,A,CN,2024,1e-3,A\n"
	    "\n", &rv, &s);
	assert_int_equal(rv.n, 1);
	assert_int_equal(rv.rejected, 0);
	check_rec(&rv.v[0], "A.CN", "2024", 0.001);
	recvec_free(&rv);
}

/* labels=both: "ID: name" headers and values; BIS writes no space. */
static void
test_labels_both(void **state)
{
	struct recvec	 rv;
	struct sink	 s;

	(void)state;
	parse_ok(NULL,
	    "STRUCTURE,STRUCTURE_ID,ACTION,FREQ: Frequency,REF_AREA: Reference "
	    "area,TIME_PERIOD: Time period,OBS_VALUE: Observation value\n"
	    "dataflow,ESTAT:NA_MAIN(1.6.0): National Accounts,I,A: Annual,"
	    "\"CN: China, People's Republic\",2014: 2014,12.4\n", &rv, &s);
	assert_int_equal(rv.n, 1);
	check_rec(&rv.v[0], "A.CN", "2014", 12.4);
	recvec_free(&rv);
	parse_ok(NULL,
	    "STRUCTURE,STRUCTURE_ID,ACTION,FREQ:Frequency,TENOR:Tenor,"
	    "TIME_PERIOD:Time period,OBS_VALUE:Observation value\n"
	    "dataflow,NB:GOVT_GENERIC_RATES(1.0),I,B:Business,10Y:10 years,"
	    "2019-01-02,1.73\n", &rv, &s);
	assert_int_equal(rv.n, 1);
	check_rec(&rv.v[0], "B.10Y", "2019-01-02", 1.73);
	recvec_free(&rv);
}

/* labels=name: a name column after each id column. */
static void
test_labels_name(void **state)
{
	struct recvec	 rv;
	struct sink	 s;

	(void)state;
	/* OECD and ABS: STRUCTURE_NAME says so. */
	parse_ok(NULL,
	    "STRUCTURE,STRUCTURE_ID,STRUCTURE_NAME,ACTION,MEASURE,Measure,"
	    "REGION,Region,FREQ,Frequency,TIME_PERIOD,Time Period,OBS_VALUE,"
	    "Observation Value\r\n"
	    "DATAFLOW,ABS:RES_DWELL_ST(1.0.0),\"Residential Dwellings: Values\","
	    "I,5,Mean price,1,New South Wales,Q,Quarterly,2011-Q3,,540.8,\r\n",
	    &rv, &s);
	assert_int_equal(rv.n, 1);
	check_rec(&rv.v[0], "5.1.Q", "2011-Q3", 540.8);
	recvec_free(&rv);
	/* .Stat without STRUCTURE_NAME: a name that is no identifier. */
	parse_ok(NULL,
	    "STRUCTURE,STRUCTURE_ID,ACTION,FREQ,Frequency of observation,"
	    "REF_AREA,Region,TIME_PERIOD,OBS_VALUE\n"
	    "dataflow,SPC:DF_SDG(4.3),I,A,Annual,FJ,Fiji,2020,7\n", &rv, &s);
	assert_int_equal(rv.n, 1);
	check_rec(&rv.v[0], "A.FJ", "2020", 7);
	recvec_free(&rv);
	/* Names after TIME_PERIOD tell too. */
	parse_ok(NULL,
	    "STRUCTURE,STRUCTURE_ID,ACTION,FREQ,Frequency,TIME_PERIOD,"
	    "Time period,OBS_VALUE,Observation value\n"
	    "dataflow,X:Y(1.0),I,A,Annual,2020,2020,7,\n", &rv, &s);
	check_rec(&rv.v[0], "A", "2020", 7);
	recvec_free(&rv);
	/* ILO: X_LABEL after X. */
	parse_ok(NULL,
	    "STRUCTURE,STRUCTURE_ID,ACTION,FREQ,FREQ_LABEL,REF_AREA,"
	    "REF_AREA_LABEL,SEX,TIME_PERIOD,OBS_VALUE\n"
	    "dataflow,ILO:DF_X(1.0),I,A,Annual,FJ,Fiji,SEX_T,2020,7\n", &rv, &s);
	check_rec(&rv.v[0], "A.FJ.SEX_T", "2020", 7);
	recvec_free(&rv);
}

/* Lowercase headers, key columns, ';' with decimal commas, quoting. */
static void
test_header_forms(void **state)
{
	struct recvec	 rv;
	struct sink	 s;

	(void)state;
	parse_ok(NULL, "dataflow,freq,geo,time_period,obs_value\n"
	    "ESTAT:X(1.0),A,DE,2020,1\n", &rv, &s);
	check_rec(&rv.v[0], "A.DE", "2020", 1);
	recvec_free(&rv);
	parse_ok(NULL, "STRUCTURE,STRUCTURE_ID,ACTION,SERIES_KEY,OBS_KEY,"
	    "FREQ,REF_AREA,TIME_PERIOD,OBS_VALUE\n"
	    "dataflow,X:Y(1.0),I,A.DE,A.DE.2020,A,DE,2020,2\n", &rv, &s);
	check_rec(&rv.v[0], "A.DE", "2020", 2);
	recvec_free(&rv);
	parse_ok(NULL, "STRUCTURE[|];STRUCTURE_ID;ACTION;FREQ;REF_AREA;"
	    "TIME_PERIOD;OBS_VALUE;ATTR\n"
	    "dataflow;X:Y(1.0);I;A;DE;2020;12,4;\"a;b\"\n"
	    "dataflow;X:Y(1.0);I;A;DE;2021;12.5;x\n", &rv, &s);
	assert_int_equal(rv.n, 2);
	check_rec(&rv.v[0], "A.DE", "2020", 12.4);
	check_rec(&rv.v[1], "A.DE", "2021", 12.5);
	recvec_free(&rv);
	parse_ok(NULL, "\"DATAFLOW\",\"FREQ\",\"TIME_PERIOD\",\"OBS_VALUE\"\n"
	    "\"X:Y(1.0)\",\"Q\",\"2020-Q4\",\"3\"", &rv, &s);
	check_rec(&rv.v[0], "Q", "2020-Q4", 3);
	recvec_free(&rv);
	/* OBS_VALUE before TIME_PERIOD ends the dimensions too. */
	parse_ok(NULL, "DATAFLOW,FREQ,OBS_VALUE,TIME_PERIOD,UNIT\n"
	    "X:Y(1.0),M,4,2020-07,EUR\n", &rv, &s);
	check_rec(&rv.v[0], "M", "2020-07", 4);
	recvec_free(&rv);
}

/* Period forms go through rec_period_parse. */
static void
test_periods(void **state)
{
	struct recvec	 rv;
	struct sink	 s;

	(void)state;
	parse_ok(NULL, "DATAFLOW,FREQ,TIME_PERIOD,OBS_VALUE\n"
	    "X:Y(1.0),A,2024-A1,1\n"
	    "X:Y(1.0),S,2024-S2,2\n"
	    "X:Y(1.0),Q,2024-Q3,3\n"
	    "X:Y(1.0),M,2024-M07,4\n"
	    "X:Y(1.0),W,2024-W05,5\n"
	    "X:Y(1.0),D,2024-07-15,6\n"
	    "X:Y(1.0),D,2024-T1,7\n"
	    "X:Y(1.0),D,2024-07-15T00:00:00,8\n", &rv, &s);
	assert_int_equal(rv.n, 6);
	check_rec(&rv.v[0], "A", "2024", 1);
	check_rec(&rv.v[1], "S", "2024-S2", 2);
	check_rec(&rv.v[2], "Q", "2024-Q3", 3);
	check_rec(&rv.v[3], "M", "2024-07", 4);
	check_rec(&rv.v[4], "W", "2024-W05", 5);
	check_rec(&rv.v[5], "D", "2024-07-15", 6);
	assert_int_equal(rv.rejected, 2);
	assert_non_null(strstr(s.text, "line 8: bad period \"2024-T1\""));
	assert_non_null(strstr(s.text,
	    "line 9: bad period \"2024-07-15T00:00:00\""));
	recvec_free(&rv);
}

/* Bad rows are rejected with the physical line where they start. */
static void
test_rejects(void **state)
{
	struct recvec	 rv;
	struct sink	 s;
	static const char nul[] = "DATAFLOW,FREQ,TIME_PERIOD,OBS_VALUE\n"
	    "X,A\0B,2020,1\nX,A,2021,2\n";
	char		 a[128], b[129], err[64];
	char		*body;

	(void)state;
	parse_ok(NULL, "STRUCTURE,STRUCTURE_ID,ACTION,FREQ,REF_AREA,"
	    "TIME_PERIOD,OBS_VALUE,COMMENT\n"
	    "dataflow,X:Y(1.0),I,A,CN,2020,1,\"two\nlines\"\n"
	    "dataflow,X:Y(1.0),I,A,CN,2021,2\n"
	    "dataflow,X:Y(1.0),I,A,,2022,3,\n"
	    "dataflow,X:Y(1.0),I,A,CN,2023,0x10,\n"
	    "dataflow,X:Y(1.0),I,A,CN,2024,inf,\n"
	    "dataflow,X:Y(1.0),I,A,CN,2025,5,\"unterminated\n", &rv, &s);
	assert_int_equal(rv.n, 2);
	check_rec(&rv.v[0], "A.CN", "2020", 1);
	check_rec(&rv.v[1], "A.CN", "2025", 5);
	assert_string_equal(s.text,
	    "line 4: 7 fields, the header has 8\n"
	    "line 5: empty value for dimension REF_AREA\n"
	    "line 6: value \"0x10\" is not a number\n"
	    "line 7: value \"inf\" is not a number\n");
	recvec_free(&rv);

	/* A code of 256 bytes is too long; 255 fit. */
	memset(a, 'a', 127);
	a[127] = '\0';
	memset(b, 'b', 128);
	b[128] = '\0';
	body = NULL;
	assert_true(asprintf(&body, "DATAFLOW,A,B,TIME_PERIOD,OBS_VALUE\n"
	    "X,%s,%s,2020,1\nX,%s,%s,2021,2\n", a, b, a, a) > 0);
	parse_ok(NULL, body, &rv, &s);
	assert_int_equal(rv.n, 1);
	assert_int_equal(strlen(rv.v[0].code), 255);
	assert_string_equal(s.text, "line 2: code longer than 255 bytes\n");
	recvec_free(&rv);
	free(body);

	/* A NUL byte in a row rejects the row only. */
	recvec_init(&rv);
	assert_int_equal(sdmxcsv_parse(nul, sizeof(nul) - 1, &rv, err,
	    sizeof(err)), 0);
	assert_int_equal(rv.n, 1);
	assert_int_equal(rv.rejected, 1);
	check_rec(&rv.v[0], "A", "2021", 2);
	recvec_free(&rv);
}

static void
test_header_only(void **state)
{
	struct recvec	 rv;
	struct sink	 s;

	(void)state;
	parse_ok(NULL, "STRUCTURE,STRUCTURE_ID,ACTION,FREQ,TIME_PERIOD,"
	    "OBS_VALUE\r\n", &rv, &s);
	assert_int_equal(rv.n, 0);
	assert_int_equal(rv.rejected, 0);
	recvec_free(&rv);
	parse_ok(NULL, "DATAFLOW,FREQ,TIME_PERIOD,OBS_VALUE", &rv, &s);
	assert_int_equal(rv.n, 0);
	recvec_free(&rv);
}

static void
test_errors(void **state)
{
	(void)state;
	check_error("", "empty body");
	check_error("\xef\xbb\xbf", "empty body");
	check_error("KEY,FREQ,TIME_PERIOD,OBS_VALUE\nA,A,2020,1\n",
	    "not SDMX-CSV: the first column is not DATAFLOW or STRUCTURE");
	check_error("{\"data\":{}}",
	    "not SDMX-CSV: the first column is not DATAFLOW or STRUCTURE");
	check_error("DATAFLOW\tFREQ\tTIME_PERIOD\tOBS_VALUE\n",
	    "not SDMX-CSV: the first column is not DATAFLOW or STRUCTURE");
	check_error("DATAFLOWS,FREQ\n",
	    "not SDMX-CSV: the first column is not DATAFLOW or STRUCTURE");
	check_error("STRUCTURE,ACTION,FREQ,TIME_PERIOD,OBS_VALUE\n",
	    "not SDMX-CSV: no STRUCTURE_ID column after STRUCTURE");
	/* The field guide's example 1: DIM_3 holds the time. */
	check_error("STRUCTURE,STRUCTURE_ID,ACTION,DIM_1,DIM_2,DIM_3,"
	    "OBS_VALUE\ndataflow,ESTAT:NA_MAIN(1.6.0),M,A,B,2014-01,12.4\n",
	    "not SDMX-CSV: no TIME_PERIOD column");
	check_error("DATAFLOW,FREQ,TIME_PERIOD,OBS_VAL\nX,A,2020,1\n",
	    "not SDMX-CSV: no OBS_VALUE column");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oecd_g20),
		cmocka_unit_test(test_oecd_debt),
		cmocka_unit_test(test_bis_v10),
		cmocka_unit_test(test_bis_v20),
		cmocka_unit_test(test_ilo),
		cmocka_unit_test(test_eurostat_shape),
		cmocka_unit_test(test_actions),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_labels_both),
		cmocka_unit_test(test_labels_name),
		cmocka_unit_test(test_header_forms),
		cmocka_unit_test(test_periods),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_header_only),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
