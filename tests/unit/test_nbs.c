/*
 * test_nbs.c: NBS easyquery responses (nbs.c). Fixtures are real responses
 * of data.stats.gov.cn (see SOURCES.md) read from tests/fixtures/http or
 * $FIXTURES; expected values come from python3's json module.
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

#include "nbs.h"
#include "rec.h"

/* The records a reject sink was handed: how many, and the last one. */
struct sink {
	size_t	 n;
	char	 place[REC_PLACE_MAX];
	char	 why[256];
};

static void
sink_reject(void *arg, const char *place, const char *why)
{
	struct sink	*s = arg;

	s->n++;
	snprintf(s->place, sizeof(s->place), "%s", place);
	snprintf(s->why, sizeof(s->why), "%s", why);
}

static void
sink_init(struct recvec *rv, struct sink *s)
{
	memset(s, 0, sizeof(*s));
	recvec_init(rv);
	rv->reject = sink_reject;
	rv->reject_arg = s;
}

/* Parse fixture name (or body when name is NULL); it must parse. */
static void
parse_ok(const char *name, const char *body, struct recvec *rv)
{
	char	 err[512];

	if (fixture_parse(nbs_parse, name, body, rv, err, sizeof(err)) != 0)
		fail_msg("%s: %s", name ? name : body, err);
}

static void
check_rec(const struct rec *r, const char *code, const char *area,
    const char *period, double value, const char *label)
{
	char	 p[PERIOD_STRLEN];

	period_format(&r->period, p, sizeof(p));
	assert_string_equal(r->code, code);
	assert_string_equal(r->area, area);
	assert_string_equal(p, period);
	if (r->value != value)
		fail_msg("%s %s: value %.17g, expected %.17g", code, period,
		    r->value, value);
	assert_string_equal(r->label, label);
}

/* Exactly one cell of body is rejected, at place, for why. */
static void
check_reject(const char *body, const char *place, const char *why)
{
	struct recvec	 rv;
	struct sink	 s;

	sink_init(&rv, &s);
	parse_ok(NULL, body, &rv);
	assert_int_equal(rv.rejected, 1);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.place, place);
	assert_string_equal(s.why, why);
	recvec_free(&rv);
}

#define CELL(zb, sj, has, v)						\
	"{\"code\":\"zb." zb "_sj." sj "\",\"data\":{\"data\":" v	\
	",\"dotcount\":1,\"hasdata\":" has ",\"strdata\":\"\"},"	\
	"\"wds\":[{\"valuecode\":\"" zb "\",\"wdcode\":\"zb\"},"	\
	"{\"valuecode\":\"" sj "\",\"wdcode\":\"sj\"}]}"
#define DOC(cells, wdnodes)						\
	"{\"returncode\":200,\"returndata\":{\"datanodes\":[" cells	\
	"],\"freshsort\":0,\"hasdatacount\":1,\"wdnodes\":[" wdnodes "]}}"
#define ZB(code, cname, unit)						\
	"{\"nodes\":[{\"cname\":\"" cname "\",\"code\":\"" code "\","	\
	"\"unit\":\"" unit "\"}],\"wdcode\":\"zb\",\"wdname\":\"x\"}"
#define REG(code, cname)						\
	"{\"nodes\":[{\"cname\":\"" cname "\",\"code\":\"" code "\"}],"	\
	"\"wdcode\":\"reg\",\"wdname\":\"x\"}"

/* hgyd A020101 2024: monthly, unit %, two cells without data. */
static void
test_monthly(void **state)
{
	static const double	 v[10] = { 6.2, 5.4, 5.3, 5.4, 4.5, 5.1, 5.3,
	    5.6, 6.7, 4.5 };
	static const char	 label[] =
	    "\xe8\xa7\x84\xe4\xb8\x8a\xe5\xb7\xa5\xe4\xb8\x9a\xe5\xa2\x9e"
	    "\xe5\x8a\xa0\xe5\x80\xbc_\xe5\x90\x8c\xe6\xaf\x94\xe5\xa2\x9e"
	    "\xe9\x95\xbf (%)";	/* 规上工业增加值_同比增长 (%) */
	struct recvec		 rv;
	struct sink		 s;
	char			 p[16];
	int			 i;

	(void)state;
	sink_init(&rv, &s);
	parse_ok("nbs_hgyd_industry.json", NULL, &rv);
	assert_int_equal(rv.n, 10);	/* 202402, 202401: hasdata false */
	assert_int_equal(rv.rejected, 0);
	for (i = 0; i < 10; i++) {
		snprintf(p, sizeof(p), "2024-%02d", 12 - i);
		check_rec(&rv.v[i], "A020101", "", p, v[i], label);
	}
	recvec_free(&rv);
}

/* hgyd food CPI, 13 months of 8 series; 20 cells have no data. */
static void
test_monthly_skip(void **state)
{
	struct recvec	 rv;
	struct sink	 s;

	(void)state;
	sink_init(&rv, &s);
	parse_ok("nbs_hgyd_food_cpi.json", NULL, &rv);
	assert_int_equal(rv.n, 84);
	assert_int_equal(rv.rejected, 0);
	/* zb.A01010301_sj.201909 is hasdata false: the first is 201908. */
	check_rec(&rv.v[0], "A01010301", "", "2019-08", 110,
	    "\xe9\xa3\x9f\xe5\x93\x81\xe7\xb1\xbb\xe5\xb1\x85\xe6\xb0\x91"
	    "\xe6\xb6\x88\xe8\xb4\xb9\xe4\xbb\xb7\xe6\xa0\xbc\xe6\x8c\x87"
	    "\xe6\x95\xb0(\xe4\xb8\x8a\xe5\xb9\xb4\xe5\x90\x8c\xe6\x9c\x88"
	    "=100)");	/* 食品类居民消费价格指数(上年同月=100), no unit */
	check_rec(&rv.v[1], "A01010301", "", "2019-07", 109.1, rv.v[0].label);
	check_rec(&rv.v[78], "A01010308", "", "2019-02", 104.81780963,
	    "\xe9\xb2\x9c\xe6\x9e\x9c\xe7\xb1\xbb\xe5\xb1\x85\xe6\xb0\x91"
	    "\xe6\xb6\x88\xe8\xb4\xb9\xe4\xbb\xb7\xe6\xa0\xbc\xe6\x8c\x87"
	    "\xe6\x95\xb0(\xe4\xb8\x8a\xe5\xb9\xb4\xe5\x90\x8c\xe6\x9c\x88"
	    "=100)");	/* 鲜果类居民消费价格指数(上年同月=100) */
	check_rec(&rv.v[82], "A01010308", "", "2018-10", 111.5439392,
	    rv.v[78].label);
	check_rec(&rv.v[83], "A01010308", "", "2018-09", 110.16793844,
	    rv.v[78].label);
	recvec_free(&rv);
}

/* hgjd GDP indices: quarters 2018A..2019B of 32 series. */
static void
test_quarterly(void **state)
{
	static const char	 q[] =
	    "\xe5\x9b\xbd\xe5\x86\x85\xe7\x94\x9f\xe4\xba\xa7\xe6\x80\xbb"
	    "\xe5\x80\xbc\xe6\x8c\x87\xe6\x95\xb0(\xe4\xb8\x8a\xe5\xb9\xb4"
	    "\xe5\x90\x8c\xe6\x9c\x9f=100)_\xe5\xbd\x93\xe5\xad\xa3\xe5\x80"
	    "\xbc";	/* 国内生产总值指数(上年同期=100)_当季值 */
	struct recvec		 rv;
	struct sink		 s;

	(void)state;
	sink_init(&rv, &s);
	parse_ok("nbs_hgjd_gdp.json", NULL, &rv);
	assert_int_equal(rv.n, 192);
	assert_int_equal(rv.rejected, 0);
	check_rec(&rv.v[0], "A010301", "", "2019-Q2", 106.2, q);
	check_rec(&rv.v[1], "A010301", "", "2019-Q1", 106.4, q);
	check_rec(&rv.v[2], "A010301", "", "2018-Q4", 106.4, q);
	check_rec(&rv.v[3], "A010301", "", "2018-Q3", 106.5, q);
	check_rec(&rv.v[5], "A010301", "", "2018-Q1", 106.8, q);
	check_rec(&rv.v[60], "A01030B", "", "2019-Q2", 105.6,
	    "\xe5\xb7\xa5\xe4\xb8\x9a\xe5\xa2\x9e\xe5\x8a\xa0\xe5\x80\xbc"
	    "\xe6\x8c\x87\xe6\x95\xb0(\xe4\xb8\x8a\xe5\xb9\xb4\xe5\x90\x8c"
	    "\xe6\x9c\x9f=100)_\xe5\xbd\x93\xe5\xad\xa3\xe5\x80\xbc");
	/* "data":107 in the file: a JSON integer. */
	check_rec(&rv.v[183], "A01032P", "", "2018-Q3", 107,
	    rv.v[183].label);
	check_rec(&rv.v[191], "A01032Q", "", "2018-Q1", 106.1,
	    "\xe5\x85\xb6\xe4\xbb\x96\xe8\xa1\x8c\xe4\xb8\x9a\xe5\xa2\x9e"
	    "\xe5\x8a\xa0\xe5\x80\xbc\xe6\x8c\x87\xe6\x95\xb0(\xe4\xb8\x8a"
	    "\xe5\xb9\xb4\xe5\x90\x8c\xe6\x9c\x9f=100)_\xe7\xb4\xaf\xe8\xae"
	    "\xa1\xe5\x80\xbc");	/* 其他行业增加值指数(上年同期=100)_累计值 */
	recvec_free(&rv);
}

/* fsnd Guangxi (450000), 11 series 2009..2018; the file has a BOM. */
static void
test_annual_region(void **state)
{
	static const char	 gx[] = ", \xe5\xb9\xbf\xe8\xa5\xbf\xe5\xa3\xae"
	    "\xe6\x97\x8f\xe8\x87\xaa\xe6\xb2\xbb\xe5\x8c\xba";	/* 广西壮族自治区 */
	struct recvec		 rv;
	struct sink		 s;
	char			 l[REC_LABEL_MAX];

	(void)state;
	sink_init(&rv, &s);
	parse_ok("nbs_fsnd_guangxi.json", NULL, &rv);
	assert_int_equal(rv.n, 110);
	assert_int_equal(rv.rejected, 0);
	snprintf(l, sizeof(l), "%s (%s)%s", "\xe5\x9c\xb0\xe7\xba\xa7\xe5"
	    "\x8c\xba\xe5\x88\x92\xe6\x95\xb0", "\xe4\xb8\xaa", gx);
	check_rec(&rv.v[0], "A010101", "450000", "2018", 14, l);	/* 地级区划数 (个) */
	check_rec(&rv.v[9], "A010101", "450000", "2009", 14, l);
	snprintf(l, sizeof(l), "%s (%s)%s", "\xe5\x8e\xbf\xe6\x95\xb0",
	    "\xe4\xb8\xaa", gx);
	check_rec(&rv.v[50], "A010106", "450000", "2018", 51, l);	/* 县数 (个) */
	check_rec(&rv.v[51], "A010106", "450000", "2017", 52, l);
	snprintf(l, sizeof(l), "%s (%s)%s", "\xe4\xb9\xa1\xe6\x95\xb0",
	    "\xe4\xb8\xaa", gx);
	check_rec(&rv.v[98], "A01010A", "450000", "2010", 424, l);	/* 乡数 (个) */
	snprintf(l, sizeof(l), "%s (%s)%s", "\xe8\xa1\x97\xe9\x81\x93\xe5"
	    "\x8a\x9e\xe4\xba\x8b\xe5\xa4\x84", "\xe4\xb8\xaa", gx);
	check_rec(&rv.v[100], "A01010B", "450000", "2018", 133, l);	/* 街道办事处 (个) */
	check_rec(&rv.v[109], "A01010B", "450000", "2009", 106, l);
	recvec_free(&rv);
}

/* Responses without observations: no records, nothing rejected. */
static void
test_no_data(void **state)
{
	struct recvec	 rv;
	struct sink	 s;

	(void)state;
	sink_init(&rv, &s);
	/* fsnd Beijing 2023: one cell, hasdata false. */
	parse_ok("nbs_fsnd_nodata.json", NULL, &rv);
	/* csnd: "datanodes":[] and a zb entry "nodes":[null]. */
	parse_ok("nbs_csnd_empty.json", NULL, &rv);
	assert_int_equal(rv.n, 0);
	assert_int_equal(rv.rejected, 0);
	assert_int_equal(s.n, 0);
	recvec_free(&rv);
}

static void
test_errors(void **state)
{
	char	 want[128];

	(void)state;
	/* The publisher's Chinese message reaches the log as UTF-8. */
	snprintf(want, sizeof(want), "NBS error 501: %s",
	    "\xe5\xaf\xb9\xe4\xb8\x8d\xe8\xb5\xb7\xef\xbc\x8c\xe6\x9c\xaa"
	    "\xe8\x83\xbd\xe6\x89\xbe\xe5\x88\xb0\xe7\xac\xa6\xe5\x90\x88"
	    "\xe6\x9f\xa5\xe8\xaf\xa2\xe6\x9d\xa1\xe4\xbb\xb6\xe7\x9a\x84"
	    "\xe4\xbf\xa1\xe6\x81\xaf\xe3\x80\x82");
	/* 对不起，未能找到符合查询条件的信息。 */
	fixture_check_error(nbs_parse, "nbs_error_501.json", NULL, want);
	fixture_check_error(nbs_parse, NULL,
	    "{\"returncode\":501,\"returndata\":\"bad\\tquery\"}",
	    "NBS error 501: bad\\x09query");
	fixture_check_error(nbs_parse, NULL,
	    "{\"returncode\":404,\"returndata\":{\"datanodes\":[]}}",
	    "NBS error 404");
	fixture_check_error(nbs_parse, NULL, "{}",
	    "not an NBS easyquery response");
	fixture_check_error(nbs_parse, NULL, "[{\"returncode\":200}]",
	    "not an NBS easyquery response");
	fixture_check_error(nbs_parse, NULL,
	    "{\"returncode\":200,\"returndata\":\"x\"}",
	    "not an NBS easyquery response");
	fixture_check_error(nbs_parse, NULL,
	    "{\"returncode\":200,\"returndata\":{\"datanodes\":{}}}",
	    "not an NBS easyquery response");
	fixture_check_error(nbs_parse, NULL,
	    "{\"returncode\":200,\"returndata\":{\"wdnodes\":[]}}",
	    "not an NBS easyquery response");
	fixture_check_error(nbs_parse, NULL, "<html><body>403</body></html>",
	    "body is XML or HTML, not JSON");
	fixture_check_error(nbs_parse, NULL, "{\"returncode\":200,",
	    "invalid JSON at line 1 column 18: string or '}' expected near "
	    "end of file");
	fixture_check_error(nbs_parse, NULL, "\xef\xbb\xbf",
	    "invalid JSON at line 1 column 0: '[' or '{' expected near end "
	    "of file");
}

static void
test_bad_cells(void **state)
{
	(void)state;
	check_reject(DOC(CELL("A01", "2024-T1", "true", "1"), ""),
	    "zb A01 sj 2024-T1",
	    "bad period \"2024-T1\": trimesters are not supported");
	check_reject(DOC(CELL("A01", "2024", "true", "\"abc\""), ""),
	    "zb A01 sj 2024", "value is not a number");
	check_reject(DOC(CELL("A01", "2024", "true", "null"), ""),
	    "zb A01 sj 2024", "value is not a number");
	check_reject(DOC(CELL("A01", "2024", "true", "[1]"), ""),
	    "zb A01 sj 2024", "value is not a number");
	check_reject(DOC(CELL("A01", "2024", "1", "1"), ""),
	    "zb A01 sj 2024", "hasdata is not true or false");
	check_reject(DOC("{\"data\":{\"data\":1,\"hasdata\":true}}", ""),
	    "datanode 0", "wds is not an array");
	check_reject(DOC(CELL("A01", "2024", "true", "1") ",7", ""),
	    "datanode 1", "not an object");
	check_reject(DOC("{\"data\":1,\"wds\":[{\"valuecode\":\"A01\","
	    "\"wdcode\":\"zb\"}]}", ""), "zb A01 sj (none)",
	    "data is not an object");
	check_reject(DOC("{\"data\":{\"data\":1,\"hasdata\":true},\"wds\":"
	    "[{\"valuecode\":\"2024\",\"wdcode\":\"sj\"}]}", ""),
	    "zb (none) sj 2024", "wds has no zb");
	check_reject(DOC("{\"data\":{\"data\":1,\"hasdata\":true},\"wds\":"
	    "[{\"valuecode\":\"A01\",\"wdcode\":\"zb\"},{\"valuecode\":"
	    "\"110000\",\"wdcode\":\"reg\"}]}", ""),
	    "zb A01 reg 110000 sj (none)", "wds has no sj");
	check_reject(DOC("{\"data\":{\"data\":1,\"hasdata\":true},\"wds\":"
	    "[{\"valuecode\":\"A01\",\"wdcode\":\"zb\"},{\"valuecode\":"
	    "\"A02\",\"wdcode\":\"zb\"},{\"valuecode\":\"2024\",\"wdcode\":"
	    "\"sj\"}]}", ""), "zb A01 sj (none)", "wds names zb twice");
	check_reject(DOC("{\"data\":{\"data\":1,\"hasdata\":true},\"wds\":"
	    "[{\"valuecode\":\"2024\",\"wdcode\":\"sj\"},{\"valuecode\":"
	    "2024,\"wdcode\":\"zb\"}]}", ""), "zb (none) sj 2024",
	    "wds: zb valuecode is not a string");
	check_reject(DOC(CELL("", "2024", "true", "1"), ""),
	    "zb  sj 2024", "zb code empty or too long");
	check_reject(DOC("{\"data\":{\"data\":1,\"hasdata\":true},\"wds\":"
	    "[{\"valuecode\":\"A01\",\"wdcode\":\"zb\"},{\"valuecode\":"
	    "\"1234567890123456789012345678901\\u00e9\",\"wdcode\":\"reg\"},"
	    "{\"valuecode\":\"2024\",\"wdcode\":\"sj\"}]}", ""),
	    "zb A01 reg 1234567890123456789012345678901\xc3\xa9 sj 2024",
	    "reg code too long");
}

/* Bad cells cost only themselves; hasdata false hides anything. */
static void
test_mixed(void **state)
{
	struct recvec	 rv;
	struct sink	 s;

	(void)state;
	sink_init(&rv, &s);
	parse_ok(NULL, DOC(CELL("A01", "2024", "true", "\"12.5\"") ","
	    CELL("A01", "2023", "true", "\"n/a\"") ","
	    CELL("A01", "2022", "false", "\"n/a\"") ","
	    "{\"data\":{\"hasdata\":false}},"
	    CELL("A01", "2021", "true", "-0.25e1"),
	    ZB("A01", "GDP", "")), &rv);
	assert_int_equal(rv.n, 2);
	assert_int_equal(rv.rejected, 1);
	assert_string_equal(s.place, "zb A01 sj 2023");
	check_rec(&rv.v[0], "A01", "", "2024", 12.5, "GDP");
	check_rec(&rv.v[1], "A01", "", "2021", -2.5, "GDP");
	recvec_free(&rv);
}

/* A region with no node in wdnodes, a zb with none: partial labels. */
static void
test_labels(void **state)
{
	struct recvec	 rv;
	struct sink	 s;
	const char	*cell =
	    "{\"data\":{\"data\":3,\"hasdata\":true},\"wds\":[{\"wdcode\":"
	    "\"sj\",\"valuecode\":\"2024\"},{\"wdcode\":\"reg\",\"valuecode\":"
	    "\"440300\"},{\"wdcode\":\"zb\",\"valuecode\":\"A020101\"},"
	    "{\"wdcode\":\"other\",\"valuecode\":7}]}";
	char		 body[1024];

	(void)state;
	sink_init(&rv, &s);
	snprintf(body, sizeof(body), DOC("%s", ZB("A020101", "GDP", "yuan")
	    "," REG("440300", "Shenzhen")), cell);
	parse_ok(NULL, body, &rv);
	snprintf(body, sizeof(body), DOC("%s", ZB("A020101", "GDP", "")),
	    cell);
	parse_ok(NULL, body, &rv);
	snprintf(body, sizeof(body), DOC("%s", REG("440300", "Shenzhen")),
	    cell);
	parse_ok(NULL, body, &rv);
	snprintf(body, sizeof(body), "{\"returncode\":200,\"returndata\":{"
	    "\"datanodes\":[%s],\"wdnodes\":{\"zb\":1}}}", cell);
	parse_ok(NULL, body, &rv);
	assert_int_equal(rv.n, 4);
	assert_int_equal(rv.rejected, 0);
	check_rec(&rv.v[0], "A020101", "440300", "2024", 3,
	    "GDP (yuan), Shenzhen");
	check_rec(&rv.v[1], "A020101", "440300", "2024", 3, "GDP");
	check_rec(&rv.v[2], "A020101", "440300", "2024", 3, "");
	check_rec(&rv.v[3], "A020101", "440300", "2024", 3, "");
	recvec_free(&rv);
}

/* Labels are cut on a character boundary, and nothing follows a cut. */
static void
test_label_cut(void **state)
{
	struct recvec	 rv;
	struct sink	 s;
	char		 name[256], body[2048], want[REC_LABEL_MAX];
	size_t		 i;

	(void)state;
	sink_init(&rv, &s);
	/* "A" and 60 three-byte characters: 52 fit after the "A". */
	name[0] = 'A';
	for (i = 0; i < 60; i++)
		memcpy(name + 1 + 3 * i, "\xe5\x9b\xbd", 3);
	name[181] = '\0';
	snprintf(body, sizeof(body), DOC(CELL("A01", "2024", "true", "1"),
	    ZB("A01", "%s", "")), name);
	parse_ok(NULL, body, &rv);
	/* 150 + " (" + 亿元 + ")" is 159 bytes: ", " and the region lost. */
	memset(name, 'x', 150);
	name[150] = '\0';
	snprintf(body, sizeof(body), DOC("{\"data\":{\"data\":1,\"hasdata\":"
	    "true},\"wds\":[{\"valuecode\":\"A01\",\"wdcode\":\"zb\"},"
	    "{\"valuecode\":\"11\",\"wdcode\":\"reg\"},{\"valuecode\":"
	    "\"2024\",\"wdcode\":\"sj\"}]}", ZB("A01", "%s",
	    "\xe4\xba\xbf\xe5\x85\x83") "," REG("11", "Beijing")), name);
	parse_ok(NULL, body, &rv);
	assert_int_equal(rv.n, 2);
	assert_int_equal(strlen(rv.v[0].label), 1 + 52 * 3);
	assert_memory_equal(rv.v[0].label, "A", 1);
	assert_memory_equal(rv.v[0].label + 1 + 51 * 3, "\xe5\x9b\xbd", 3);
	snprintf(want, sizeof(want), "%s (\xe4\xba\xbf\xe5\x85\x83)", name);
	assert_string_equal(rv.v[1].label, want);
	assert_int_equal(strlen(want), REC_LABEL_MAX - 1);
	recvec_free(&rv);
}

/* Records already in the vector stay; a second response appends. */
static void
test_appends(void **state)
{
	struct recvec	 rv;
	struct sink	 s;

	(void)state;
	sink_init(&rv, &s);
	parse_ok("nbs_hgyd_industry.json", NULL, &rv);
	parse_ok("nbs_fsnd_guangxi.json", NULL, &rv);
	assert_int_equal(rv.n, 120);
	assert_string_equal(rv.v[9].code, "A020101");
	assert_string_equal(rv.v[10].area, "450000");
	recvec_free(&rv);
}

static void
test_nul_in_body(void **state)
{
	static const char	 body[] = DOC("", "") "\0{}";
	struct recvec		 rv;
	char			 err[256];

	(void)state;
	recvec_init(&rv);
	assert_int_equal(nbs_parse(body, sizeof(body) - 1, &rv, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "invalid JSON"));
	assert_int_equal(nbs_parse(body, sizeof(body) - 4, &rv, err,
	    sizeof(err)), 0);
	assert_int_equal(rv.n, 0);
	recvec_free(&rv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_monthly),
		cmocka_unit_test(test_monthly_skip),
		cmocka_unit_test(test_quarterly),
		cmocka_unit_test(test_annual_region),
		cmocka_unit_test(test_no_data),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_bad_cells),
		cmocka_unit_test(test_mixed),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_label_cut),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_nul_in_body),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
