/*
 * test_jdup.c: JSON with duplicate object keys (jdup_loadb), and
 * rec_json_load, which falls back to it. Expected trees are written as JSON
 * with the conflict key spelled "\u001fconflict"; expected errors were
 * checked against json_loadb, which the tests also ask for bodies jansson
 * reads the same way (no NUL bytes).
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

#include "jdup.h"
#include "rec.h"
#include "sdmx.h"

#include "fixture.h"

#define C	"\"\\u001fconflict\""	/* the conflict key, in JSON */

/* ILOSTAT-like SDMX-JSON 1.0: REF_AREA.SEX.CLASSIF, three years. */
#define ILO_HEAD "{\"header\":{\"id\":\"UNE_DEAP_SEX_AGE_RT\"," \
	"\"prepared\":\"2024-05-02T09:12:51\"},\"dataSets\":[{\"action\":" \
	"\"Information\",\"series\":{"
#define ILO_TAIL "}}],\"structure\":{\"dimensions\":{\"series\":[" \
	"{\"id\":\"REF_AREA\",\"keyPosition\":0,\"values\":[{\"id\":\"CHN\"}]}," \
	"{\"id\":\"SEX\",\"keyPosition\":1,\"values\":[{\"id\":\"SEX_T\"}]}," \
	"{\"id\":\"CLASSIF1\",\"keyPosition\":2,\"values\":[{\"id\":" \
	"\"AGE_YTHADULT_YGE15\"}]}],\"observation\":[{\"id\":\"TIME_PERIOD\"," \
	"\"values\":[{\"id\":\"2021\"},{\"id\":\"2022\"},{\"id\":\"2023\"}]}]}}}"

static json_t *
parse_expected(const char *want)
{
	json_error_t	 e;
	json_t		*j;

	if ((j = json_loads(want, JSON_REJECT_DUPLICATES, &e)) == NULL)
		fail_msg("expected tree: %s", e.text);
	return j;
}

static void
assert_tree(json_t *got, const char *want)
{
	json_t	*exp = parse_expected(want);
	char	*g, *w;

	if (!json_equal(got, exp)) {
		g = json_dumps(got, JSON_COMPACT | JSON_SORT_KEYS);
		w = json_dumps(exp, JSON_COMPACT | JSON_SORT_KEYS);
		fail_msg("got %s\nexpected %s", g, w);
	}
	json_decref(exp);
}

/* body decodes to want, with jdup_loadb and with rec_json_load. */
static void
check_tree(const char *body, const char *want)
{
	json_error_t	 e;
	json_t		*j;
	char		 err[256];

	if ((j = jdup_loadb(body, strlen(body), &e)) == NULL)
		fail_msg("jdup_loadb: %s", e.text);
	assert_tree(j, want);
	assert_int_equal(e.position, (int)strlen(body));
	json_decref(j);
	if ((j = rec_json_load(body, strlen(body), err, sizeof(err))) == NULL)
		fail_msg("rec_json_load: %s", err);
	assert_tree(j, want);
	json_decref(j);
}

static void
check_sdmx_rec(const struct rec *r, const char *code, const char *period,
    double value)
{
	fixture_check_rec(r, code, period, value);
}

static void
test_ilostat_merged(void **state)
{
	static const char body[] = ILO_HEAD
	    "\"0:0:0\":{\"attributes\":[0],\"observations\":{\"0\":[4.8,0],"
	    "\"1\":[5.6,0]}},"
	    "\"0:0:0\":{\"attributes\":[0],\"observations\":{\"2\":[5.2,0]}}"
	    ILO_TAIL;
	struct recvec	 rv;
	char		 err[256];

	(void)state;
	check_tree(body, ILO_HEAD
	    "\"0:0:0\":{\"attributes\":[0],\"observations\":{\"0\":[4.8,0],"
	    "\"1\":[5.6,0],\"2\":[5.2,0]}}" ILO_TAIL);
	recvec_init(&rv);
	assert_int_equal(sdmx_parse(body, strlen(body), &rv, err,
	    sizeof(err)), 0);
	assert_int_equal(rv.n, 3);
	assert_int_equal(rv.rejected, 0);
	check_sdmx_rec(&rv.v[0], "CHN.SEX_T.AGE_YTHADULT_YGE15", "2021", 4.8);
	check_sdmx_rec(&rv.v[1], "CHN.SEX_T.AGE_YTHADULT_YGE15", "2022", 5.6);
	check_sdmx_rec(&rv.v[2], "CHN.SEX_T.AGE_YTHADULT_YGE15", "2023", 5.2);
	recvec_free(&rv);
}

static void
test_ilostat_equal(void **state)
{
	static const char body[] = ILO_HEAD
	    "\"0:0:0\":{\"attributes\":[0],\"observations\":{\"0\":[4.8,0],"
	    "\"1\":[5.6,0]}},"
	    "\"0:0:0\":{\"attributes\":[0],\"observations\":{\"1\":[5.6,0]}}"
	    ILO_TAIL;
	struct recvec	 rv;
	char		 err[256];

	(void)state;
	check_tree(body, ILO_HEAD
	    "\"0:0:0\":{\"attributes\":[0],\"observations\":{\"0\":[4.8,0],"
	    "\"1\":[5.6,0]}}" ILO_TAIL);
	recvec_init(&rv);
	assert_int_equal(sdmx_parse(body, strlen(body), &rv, err,
	    sizeof(err)), 0);
	assert_int_equal(rv.n, 2);
	check_sdmx_rec(&rv.v[0], "CHN.SEX_T.AGE_YTHADULT_YGE15", "2021", 4.8);
	check_sdmx_rec(&rv.v[1], "CHN.SEX_T.AGE_YTHADULT_YGE15", "2022", 5.6);
	recvec_free(&rv);
}

static void
test_ilostat_conflict(void **state)
{
	static const char body[] = ILO_HEAD
	    "\"0:0:0\":{\"attributes\":[0],\"observations\":{\"0\":[4.8,0],"
	    "\"1\":[5.6,0]}},"
	    "\"0:0:0\":{\"attributes\":[0],\"observations\":{\"1\":[5.7,0],"
	    "\"2\":[5.2,0]}}" ILO_TAIL;
	json_t	*root, *obs;
	char	 err[256];

	(void)state;
	check_tree(body, ILO_HEAD
	    "\"0:0:0\":{\"attributes\":[0],\"observations\":{\"0\":[4.8,0],"
	    "\"1\":{" C ":[[5.6,0],[5.7,0]]},\"2\":[5.2,0]}}" ILO_TAIL);
	root = rec_json_load(body, strlen(body), err, sizeof(err));
	assert_non_null(root);
	obs = json_object_get(json_object_get(json_object_get(json_array_get(
	    json_object_get(root, "dataSets"), 0), "series"), "0:0:0"),
	    "observations");
	assert_int_equal(rec_json_conflict(json_object_get(obs, "1")), 1);
	assert_int_equal(rec_json_conflict(json_object_get(obs, "0")), 0);
	assert_int_equal(rec_json_conflict(json_object_get(obs, "2")), 0);
	assert_int_equal(rec_json_conflict(obs), 0);
	json_decref(root);
}

static void
test_keyposition(void **state)
{
	(void)state;
	/* as in an SDMX-JSON 2.0 specification sample */
	check_tree("{\"structure\":{\"dimensions\":{\"dataSet\":[{\"id\":"
	    "\"REF_AREA\",\"keyPosition\":1,\"keyPosition\":1,\"values\":"
	    "[{\"id\":\"CN_SZ\"}]}]}}}",
	    "{\"structure\":{\"dimensions\":{\"dataSet\":[{\"id\":"
	    "\"REF_AREA\",\"keyPosition\":1,\"values\":[{\"id\":\"CN_SZ\"}]}]}}}");
}

static void
test_three(void **state)
{
	(void)state;
	check_tree("{\"a\":1,\"a\":2,\"a\":3}", "{\"a\":{" C ":[1,2,3]}}");
	/* repeats of values already in the conflict are dropped */
	check_tree("{\"a\":1,\"a\":2,\"a\":1,\"a\":3,\"a\":2,\"a\":3}",
	    "{\"a\":{" C ":[1,2,3]}}");
	check_tree("{\"a\":\"x\",\"b\":0,\"a\":\"y\",\"a\":null,\"a\":\"x\"}",
	    "{\"a\":{" C ":[\"x\",\"y\",null]},\"b\":0}");
}

static void
test_nested(void **state)
{
	(void)state;
	check_tree("{\"a\":{\"b\":{\"c\":{\"d\":1}}},"
	    "\"a\":{\"b\":{\"c\":{\"e\":2}},\"f\":3}}",
	    "{\"a\":{\"b\":{\"c\":{\"d\":1,\"e\":2}},\"f\":3}}");
	check_tree("{\"a\":{\"b\":{\"c\":1}},\"a\":{\"b\":{\"c\":2}},"
	    "\"a\":{\"b\":{\"c\":1,\"d\":4}}}",
	    "{\"a\":{\"b\":{\"c\":{" C ":[1,2]},\"d\":4}}}");
	/* a later value with its own duplicates, in document order */
	check_tree("{\"k\":{\"a\":1},\"k\":{\"a\":2,\"a\":3,\"a\":1}}",
	    "{\"k\":{\"a\":{" C ":[1,2,3]}}}");
	/* an object and a non-object differ; objects in a conflict stay */
	check_tree("{\"k\":{\"p\":1},\"k\":5,\"k\":{\"q\":2},\"k\":{\"p\":1}}",
	    "{\"k\":{" C ":[{\"p\":1},5,{\"q\":2}]}}");
}

static void
test_arrays(void **state)
{
	(void)state;
	check_tree("[{\"x\":1,\"x\":1},{\"y\":{\"p\":1},\"y\":{\"q\":2}},"
	    "[{\"z\":true,\"z\":false}]]",
	    "[{\"x\":1},{\"y\":{\"p\":1,\"q\":2}},[{\"z\":{" C
	    ":[true,false]}}]]");
	/* arrays are values: equal ones kept once, others a conflict */
	check_tree("{\"v\":[1,2],\"v\":[1,2],\"w\":[1],\"w\":[1,2]}",
	    "{\"v\":[1,2],\"w\":{" C ":[[1],[1,2]]}}");
}

static void
test_kinds(void **state)
{
	static const char nums[] = "{\"r\":-0.0,\"r\":2.5e-1,\"i\":-0,"
	    "\"i\":-9223372036854775808,\"i\":9223372036854775807}";
	json_error_t	 e;
	json_t		*j, *a;

	(void)state;
	/* 1 and 1.0 differ (json_equal); -0.0 equals 0.0 */
	check_tree("{\"n\":1,\"n\":1.0,\"z\":0.0,\"z\":-0.0,\"z\":-0}",
	    "{\"n\":{" C ":[1,1.0]},\"z\":{" C ":[0.0,0]}}");
	check_tree("{\"s\":\"\\u00e9\",\"s\":\"\xc3\xa9\",\"t\":\"\\ud83d"
	    "\\ude00\",\"t\":\"\xf0\x9f\x98\x80\"}",
	    "{\"s\":\"\xc3\xa9\",\"t\":\"\xf0\x9f\x98\x80\"}");
	j = jdup_loadb(nums, strlen(nums), &e);
	assert_non_null(j);
	a = json_object_get(json_object_get(j, "r"), JDUP_CONFLICT_KEY);
	assert_int_equal(json_array_size(a), 2);
	assert_true(json_is_real(json_array_get(a, 0)));
	assert_true(json_real_value(json_array_get(a, 1)) == 0.25);
	a = json_object_get(json_object_get(j, "i"), JDUP_CONFLICT_KEY);
	assert_int_equal(json_array_size(a), 3);
	assert_true(json_integer_value(json_array_get(a, 0)) == 0);
	assert_true(json_integer_value(json_array_get(a, 1)) == INT64_MIN);
	assert_true(json_integer_value(json_array_get(a, 2)) == INT64_MAX);
	json_decref(j);
}

static void
test_conflict_shape(void **state)
{
	json_t	*j;

	(void)state;
	j = parse_expected("[{" C ":[1,2]},{" C ":1},{" C ":[1],\"x\":1},"
	    "{\"x\":[1,2]},[1,2]]");
	assert_int_equal(jdup_is_conflict(json_array_get(j, 0)), 1);
	assert_int_equal(rec_json_conflict(json_array_get(j, 0)), 1);
	assert_int_equal(jdup_is_conflict(json_array_get(j, 1)), 0);
	assert_int_equal(jdup_is_conflict(json_array_get(j, 2)), 0);
	assert_int_equal(jdup_is_conflict(json_array_get(j, 3)), 0);
	assert_int_equal(jdup_is_conflict(json_array_get(j, 4)), 0);
	assert_int_equal(jdup_is_conflict(NULL), 0);
	json_decref(j);
}

static void
test_no_duplicates(void **state)
{
	static const char body[] = " {\"a\":[1,2.5,-0,\"x\\u00e9\\n\","
	    "true,false,null,{}],\"b\":{\"c\":[],\"d\":1e2},\"\xc3\xa9\":\"\"}\n";
	json_error_t	 e;
	json_t		*j, *r;
	char		 err[256];

	(void)state;
	r = rec_json_load(body, strlen(body), err, sizeof(err));
	assert_non_null(r);
	j = json_loadb(body, strlen(body), 0, &e);
	assert_non_null(j);
	assert_true(json_equal(r, j));
	json_decref(r);
	r = jdup_loadb(body, strlen(body), &e);
	assert_non_null(r);
	assert_true(json_equal(r, j));
	assert_int_equal(e.position, (int)strlen(body));
	json_decref(r);
	json_decref(j);
	assert_null(rec_json_load(" <html>", 7, err, sizeof(err)));
	assert_string_equal(err, "body is XML or HTML, not JSON");
}

struct bad {
	const char	*body;
	size_t		 len;
	int		 line, column, position;
	int		 code;
	const char	*text;		/* as jansson has it */
	const char	*msg;		/* rec_json_load's, quoted */
};

#define DUP	"{\"a\":1,\"a\":1,\"b\":"	/* 17 bytes */
#define BAD(body, line, col, pos, code, text, msg) \
	{ body, sizeof(body) - 1, line, col, pos, code, text, msg }

static const struct bad bads[] = {
	/* truncated */
	BAD(DUP "[1,2", 1, 21, 21, json_error_premature_end_of_input,
	    "']' expected near end of file", NULL),
	BAD(DUP "\"abc", 1, 21, 21, json_error_premature_end_of_input,
	    "premature end of input near '\"abc'", NULL),
	BAD(DUP, 1, 17, 17, json_error_premature_end_of_input,
	    "unexpected token near end of file", NULL),
	/* bad escapes */
	BAD(DUP "\"x\\q\"}", 1, 21, 21, json_error_invalid_syntax,
	    "invalid escape near '\"x\\q'", NULL),
	BAD(DUP "\"\\u12G4\"}", 1, 23, 23, json_error_invalid_syntax,
	    "invalid escape near '\"\\u12G'", NULL),
	/* lone surrogates */
	BAD(DUP "\"\\ud800\"}", 1, 25, 25, json_error_invalid_syntax,
	    "invalid Unicode '\\uD800' near '\"\\ud800\"'", NULL),
	BAD(DUP "\"\\udc00\"}", 1, 25, 25, json_error_invalid_syntax,
	    "invalid Unicode '\\uDC00' near '\"\\udc00\"'", NULL),
	BAD(DUP "\"\\ud800\\u0041\"}", 1, 31, 31, json_error_invalid_syntax,
	    "invalid Unicode '\\uD800\\u0041' near '\"\\ud800\\u0041\"'",
	    NULL),
	BAD(DUP "\"a long text, then \\ud83d\"}", 1, 43, 43,
	    json_error_invalid_syntax, "invalid Unicode '\\uD83D'", NULL),
	/* invalid UTF-8: columns count characters, positions bytes */
	BAD("{\n  \"a\": 1,\n  \"a\": \"\xc3\xa9t\xe9\"\n}", 3, 10, 23,
	    json_error_invalid_utf8,
	    "unable to decode byte 0xe9 near '\"\xc3\xa9t'",
	    "invalid JSON at line 3 column 10: unable to decode byte 0xe9 "
	    "near '\"\xc3\xa9t'"),
	BAD(DUP "\"\xc0\x80\"}", 1, 18, 18, json_error_invalid_utf8,
	    "unable to decode byte 0xc0 near '\"'", NULL),
	BAD(DUP "\"\xed\xa0\x80\"}", 1, 18, 18, json_error_invalid_utf8,
	    "unable to decode byte 0xed near '\"'", NULL),
	BAD(DUP "\"\xf0\x9f\x98", 1, 18, 18, json_error_invalid_utf8,
	    "unable to decode byte 0xf0 near '\"'", NULL),
	BAD(DUP "\xff}", 1, 17, 17, json_error_invalid_utf8,
	    "unable to decode byte 0xff", NULL),
	/* NUL, raw and escaped */
	BAD(DUP "\"a\0b\"}", 1, 19, 19, json_error_invalid_syntax,
	    "control character 0x0 near '\"a'", NULL),
	BAD(DUP "\"\\u0000\"}", 1, 25, 25, json_error_null_character,
	    "\\u0000 is not allowed without JSON_ALLOW_NUL near '\"\\u0000\"'",
	    NULL),
	BAD("{\"a\":1,\"a\":1,\"\\u0000\":1}", 1, 21, 21,
	    json_error_null_byte_in_key,
	    "NUL byte in object key not supported near '\"\\u0000\"'", NULL),
	/* numbers */
	BAD(DUP "9223372036854775808}", 1, 36, 36, json_error_numeric_overflow,
	    "too big integer near '9223372036854775808'", NULL),
	BAD(DUP "-9223372036854775809}", 1, 37, 37,
	    json_error_numeric_overflow,
	    "too big negative integer near '-9223372036854775809'", NULL),
	BAD(DUP "123456789012345678901}", 1, 38, 38,
	    json_error_numeric_overflow, "too big integer", NULL),
	BAD(DUP "1e309}", 1, 22, 22, json_error_numeric_overflow,
	    "real number overflow near '1e309'", NULL),
	BAD(DUP "01}", 1, 18, 18, json_error_invalid_syntax,
	    "invalid token near '0'", NULL),
	BAD(DUP "1.}", 1, 19, 19, json_error_invalid_syntax,
	    "invalid token near '1.'", NULL),
	BAD(DUP "tru}", 1, 20, 20, json_error_invalid_syntax,
	    "invalid token near 'tru'", NULL),
	/* trailing garbage, and other syntax */
	BAD("{\"a\":1,\"a\":1} x", 1, 15, 15, json_error_end_of_input_expected,
	    "end of file expected near 'x'", NULL),
	BAD("{\"a\":1,\"a\":1}{}", 1, 14, 14, json_error_end_of_input_expected,
	    "end of file expected near '{'", NULL),
	BAD("{\"a\":1,\"a\":1,}", 1, 14, 14, json_error_invalid_syntax,
	    "string or '}' expected near '}'", NULL),
	BAD("{\"a\":1,\"a\" 1}", 1, 12, 12, json_error_invalid_syntax,
	    "':' expected near '1'", NULL),
	BAD("1", 1, 1, 1, json_error_invalid_syntax,
	    "'[' or '{' expected near '1'", NULL),
	BAD("", 1, 0, 0, json_error_premature_end_of_input,
	    "'[' or '{' expected near end of file", NULL),
};

/* The errors jansson would give, from jdup_loadb and rec_json_load. */
static void
test_errors(void **state)
{
	const struct bad	*b;
	json_error_t		 e, je;
	char			 err[256], msg[256], q[REC_QUOTE_MAX];
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		b = &bads[i];
		if (jdup_loadb(b->body, b->len, &e) != NULL)
			fail_msg("case %zu: parsed", i);
		assert_string_equal(e.text, b->text);
		assert_int_equal(e.line, b->line);
		assert_int_equal(e.column, b->column);
		assert_int_equal(e.position, b->position);
		assert_int_equal(json_error_code(&e), b->code);
		assert_string_equal(e.source, "<buffer>");
		assert_null(json_loadb(b->body, b->len, 0, &je));
		assert_string_equal(je.text, e.text);
		assert_int_equal(je.line, e.line);
		assert_int_equal(je.column, e.column);
		assert_int_equal(je.position, e.position);
		assert_int_equal(json_error_code(&je), json_error_code(&e));
		assert_null(rec_json_load(b->body, b->len, err, sizeof(err)));
		snprintf(msg, sizeof(msg), "invalid JSON at line %d column %d: "
		    "%s", b->line, b->column, rec_quote(b->text,
		    strlen(b->text), q));
		assert_string_equal(err, b->msg != NULL ? b->msg : msg);
	}
}

/*
 * jansson reads past a NUL byte after a number or literal; jdup_loadb and
 * rec_json_load do not.
 */
static void
test_nul(void **state)
{
	static const char	 body[] = "{\"a\":[1\0]}";
	static const char	 dup[] = "{\"a\":1,\"a\":1,\"b\":[true\0]}";
	json_error_t		 e;
	json_t			*j;
	char			 err[256];

	(void)state;
	j = json_loadb(body, sizeof(body) - 1, 0, &e);
	assert_non_null(j);	/* jansson's behaviour, not ours */
	json_decref(j);
	assert_null(jdup_loadb(body, sizeof(body) - 1, &e));
	assert_string_equal(e.text, "']' expected near NUL byte");
	assert_int_equal(e.column, 8);
	assert_int_equal(json_error_code(&e), json_error_invalid_syntax);
	assert_null(rec_json_load(body, sizeof(body) - 1, err, sizeof(err)));
	assert_string_equal(err,
	    "invalid JSON at line 1 column 8: ']' expected near NUL byte");
	assert_null(rec_json_load(dup, sizeof(dup) - 1, err, sizeof(err)));
	assert_string_equal(err,
	    "invalid JSON at line 1 column 23: ']' expected near NUL byte");
	assert_null(rec_json_load("[]\0", 3, err, sizeof(err)));
	assert_string_equal(err, "invalid JSON at line 1 column 3: "
	    "end of file expected near NUL byte");
}

/* n arrays nested inside an object with a duplicate key. */
static char *
nested(size_t n)
{
	size_t	 i, head = strlen(DUP);
	char	*s = malloc(head + 2 * n + 2);

	assert_non_null(s);
	memcpy(s, DUP, head);
	for (i = 0; i < n; i++) {
		s[head + i] = '[';
		s[head + n + i] = ']';
	}
	memcpy(s + head + 2 * n, "}", 2);
	return s;
}

static void
test_depth(void **state)
{
	json_error_t	 e;
	json_t		*j, *a;
	char		*s, err[256];
	size_t		 depth;

	(void)state;
	/* the object is depth 1: 2047 arrays reach the limit, 2048 pass it */
	s = nested(JDUP_DEPTH_MAX - 1);
	j = jdup_loadb(s, strlen(s), &e);
	assert_non_null(j);
	for (depth = 1, a = json_object_get(j, "b"); json_is_array(a);
	    a = json_array_get(a, 0))
		depth++;
	assert_int_equal(depth, JDUP_DEPTH_MAX);
	json_decref(j);
	free(s);
	s = nested(JDUP_DEPTH_MAX);
	assert_null(jdup_loadb(s, strlen(s), &e));
	assert_string_equal(e.text, "maximum parsing depth reached near '['");
	assert_int_equal(e.line, 1);
	assert_int_equal(e.column, 17 + JDUP_DEPTH_MAX);
	assert_int_equal(json_error_code(&e), json_error_stack_overflow);
	assert_null(rec_json_load(s, strlen(s), err, sizeof(err)));
	assert_string_equal(err, "invalid JSON at line 1 column 2065: "
	    "maximum parsing depth reached near '['");
	free(s);
}

/* Duplicates before a syntax error: the syntax error is reported. */
static void
test_duplicate_then_syntax(void **state)
{
	static const char	 body[] =
	    "{\"series\":{\"0:0\":{\"observations\":{\"0\":[1]}},\n"
	    " \"0:0\":{\"observations\":{\"1\":[2],}}}}";
	char			 err[256];

	(void)state;
	assert_null(rec_json_load(body, sizeof(body) - 1, err, sizeof(err)));
	assert_string_equal(err, "invalid JSON at line 2 column 33: "
	    "string or '}' expected near '}'");
	/* and a duplicate after it does not matter */
	assert_null(rec_json_load("{\"a\":1,,\"a\":2}", 14, err, sizeof(err)));
	assert_string_equal(err, "invalid JSON at line 1 column 8: "
	    "string or '}' expected near ','");
}

/* Many distinct values under one key: linear, all kept in order. */
static void
test_many(void **state)
{
	enum { N = 200000 };
	json_error_t	 e;
	json_t		*j, *a;
	char		*s;
	size_t		 i, n = 0;

	(void)state;
	s = malloc(N * 16 + 2);
	assert_non_null(s);
	s[n++] = '{';
	for (i = 0; i < N; i++)
		n += (size_t)sprintf(s + n, "\"k\":%zu,", i % 2 ? N - i : i);
	s[n - 1] = '}';
	j = jdup_loadb(s, n, &e);
	assert_non_null(j);
	a = json_object_get(json_object_get(j, "k"), JDUP_CONFLICT_KEY);
	assert_int_equal(json_array_size(a), N);
	assert_true(json_integer_value(json_array_get(a, 0)) == 0);
	assert_true(json_integer_value(json_array_get(a, 1)) == N - 1);
	assert_true(json_integer_value(json_array_get(a, N - 1)) == 1);
	json_decref(j);
	free(s);
}

/* Conflicts anywhere in j. */
static size_t
count_conflicts(json_t *j)
{
	const char	*k;
	json_t		*m;
	size_t		 i, n = rec_json_conflict(j);

	if (json_is_object(j))
		json_object_foreach(j, k, m)
			n += count_conflicts(m);
	json_array_foreach(j, i, m)
		n += count_conflicts(m);
	return n;
}

static json_t *
load_fixture(const char *name)
{
	json_t	*j;
	char	*body, err[256];
	size_t	 len;

	body = fixture(name, &len);
	if ((j = rec_json_load(body, len, err, sizeof(err))) == NULL)
		fail_msg("%s: %s", name, err);
	free(body);
	return j;
}

static void
check_ilostat_series(json_t *series, const char *key, double first,
    double second, double last)
{
	json_t	*obs = json_object_get(json_object_get(series, key),
	    "observations");

	assert_int_equal(json_object_size(obs), 13);
	assert_true(json_real_value(json_array_get(json_object_get(obs, "0"),
	    0)) == first);
	assert_true(json_real_value(json_array_get(json_object_get(obs, "1"),
	    0)) == second);
	assert_true(json_real_value(json_array_get(json_object_get(obs, "12"),
	    0)) == last);
}

/*
 * Real messages with duplicate keys (tests/fixtures/SOURCES.md): ILOSTAT
 * repeats each series key once per observation, 13 times; the merged
 * series hold all 13. The ECB sample repeats keyPosition with one value.
 * The counts and values were read with python3's json module, with an
 * object_pairs_hook merging duplicate objects member by member.
 */
static void
test_fixtures(void **state)
{
	static const char	*ilo[] = { "sdmx_ilostat10_chl_lfpr.json",
	    "sdmx_ilostat20_chl_lfpr.json" };
	json_error_t		 e;
	json_t			*j, *ds, *plain;
	char			*body;
	size_t			 i, len;

	(void)state;
	for (i = 0; i < 2; i++) {
		j = load_fixture(ilo[i]);
		ds = json_object_get(j, "dataSets");
		if (ds == NULL)
			ds = json_object_get(json_object_get(j, "data"),
			    "dataSets");
		ds = json_object_get(json_array_get(ds, 0), "series");
		assert_int_equal(json_object_size(ds), 3);
		check_ilostat_series(ds, "0:0:0:0:0", 58.69, 60.02, 60.14);
		check_ilostat_series(ds, "0:0:0:1:0", 72.34, 72.94, 70.59);
		check_ilostat_series(ds, "0:0:0:2:0", 45.53, 47.55, 50.1);
		assert_int_equal(count_conflicts(j), 0);
		json_decref(j);
	}
	j = load_fixture("sdmx_spec10_exr_cross_section.json");
	body = fixture("sdmx_spec10_exr_cross_section.json", &len);
	plain = json_loadb(body, len, 0, &e);
	assert_non_null(plain);
	assert_true(json_equal(j, plain));
	json_decref(plain);
	json_decref(j);
	free(body);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ilostat_merged),
		cmocka_unit_test(test_ilostat_equal),
		cmocka_unit_test(test_ilostat_conflict),
		cmocka_unit_test(test_keyposition),
		cmocka_unit_test(test_three),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_arrays),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_conflict_shape),
		cmocka_unit_test(test_no_duplicates),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_duplicate_then_syntax),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_fixtures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
