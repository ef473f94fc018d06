/*
 * test_config.c: unit tests for daemon/config.c and the parsers behind it
 * (cfgget.c, feedconf.c, indconf.c): every error names file:line.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "config.h"

#define HEAD "data_dir = \"/tmp/x\";\nfeeds = ( { name = \"f\"; type = \"push\"; } );\n"

static const char good[] =
    "listen = \"127.0.0.1:9500\";\n"
    "data_dir = \"/tmp/x\";\n"
    "http = { max_connections = 10; per_ip_connections = 0; timeout = 5;\n"
    "         request_timeout = 7;\n"
    "         body_limit = 2048; push_token = \"secret-token\"; };\n"
    "evaluation = { method = \"linear\"; base_year = 2010;\n"
    "               thresholds = [0.9, 0.5, 0.1]; slipping = [\"missed\"]; };\n"
    "feeds = ( { name = \"f\"; type = \"csv\"; path = \"/d.csv\"; interval = 60; },\n"
    "          { name = \"x\"; type = \"exec\"; command = [\"/bin/echo\", \"a\"]; timeout = 3; },\n"
    "          { name = \"w\"; type = \"http\"; url = \"http://127.0.0.1:1/x\"; format = \"worldbank\";\n"
    "            map = ( { code = \"NY.GDP\"; indicator = \"gdp\"; } ); },\n"
    "          { name = \"px\"; type = \"http\"; url = \"https://h/api\"; format = \"jsonstat\";\n"
    "            method = \"POST\"; body = \"{}\"; dataset = \"TAB1\";\n"
    "            headers = [ \"Accept: application/json\", \"X-Api-Key: k\" ]; },\n"
    "          { name = \"p\"; type = \"push\"; } );\n"
    "indicators = (\n"
    "  { id = \"pat\"; unit = \"count\"; feed = \"f\"; method = \"cagr\"; base_year = 2018;\n"
    "    stale_after = \"2 years\"; min = 0; max = 1e7;\n"
    "    notes = ( { period = \"2022\"; text = \"method change\"; },\n"
    "              { period = \"2020\"; text = \"lockdown\"; } );\n"
    "    labels = { city = \"shenzhen\"; };\n"
    "    targets = ( { year = 2025; value = 250000; method = \"trend\"; },\n"
    "                { year = 2035; value = 4.5e12; kind = \"max\";\n"
    "                  baseline = { period = \"2018\"; value = 140000.0; }; } ); },\n"
    "  { id = \"gdp\"; name = \"GDP\"; unit = \"usd\"; frequency = \"quarterly\";\n"
    "    direction = \"decrease\"; feed = \"w\"; }\n"
    ");\n"
    "alerts = ( { name = \"am\"; type = \"alertmanager\"; url = \"http://127.0.0.1:9093\"; resend = 30; } );\n";

static void
test_good(void **state)
{
	struct config			*c;
	const struct indicator_conf	*ic;
	char				 err[512] = "";

	(void)state;
	c = config_load_string("good.conf", good, err, sizeof(err));
	if (c == NULL)
		fail_msg("%s", err);
	assert_string_equal(c->listen_host, "127.0.0.1");
	assert_int_equal(c->listen_port, 9500);
	assert_int_equal(c->http.max_connections, 10);
	assert_int_equal(c->http.per_ip_connections, 0);
	assert_int_equal(c->http.request_timeout, 7);
	assert_int_equal(c->http.body_limit, 2048);
	assert_string_equal(c->http.push_token, "secret-token");
	assert_int_equal(c->eval.method, EVAL_LINEAR);
	assert_true(c->eval.thresholds[1] == 0.5);
	assert_true(c->slipping[EVAL_MISSED] && !c->slipping[EVAL_INSUFFICIENT]);
	assert_int_equal(c->nfeeds, 5);
	assert_false(c->feeds[2].post);
	assert_null(c->feeds[2].headers);
	assert_null(c->feeds[2].dataset);
	assert_true(c->feeds[3].post);
	assert_string_equal(c->feeds[3].body, "{}");
	assert_string_equal(c->feeds[3].dataset, "TAB1");
	assert_string_equal(c->feeds[3].headers[0], "Accept: application/json");
	assert_string_equal(c->feeds[3].headers[1], "X-Api-Key: k");
	assert_null(c->feeds[3].headers[2]);
	assert_int_equal(c->feeds[0].interval, 60);
	assert_int_equal(c->feeds[1].interval, 3600);
	assert_int_equal(c->feeds[1].timeout, 3);
	assert_string_equal(c->feeds[1].command[1], "a");
	assert_null(c->feeds[1].command[2]);
	assert_int_equal(c->feeds[2].nmap, 1);
	ic = confdata_find_indicator(c, "pat");
	assert_non_null(ic);
	assert_int_equal(ic->eval.method, EVAL_CAGR);	/* override */
	assert_int_equal(ic->eval.base_year, 2018);
	assert_true(ic->eval.thresholds[0] == 0.9);	/* inherited */
	assert_string_equal(ic->name, "pat");
	assert_int_equal(ic->ntargets, 2);
	assert_true(ic->targets[0].value == 250000.0);
	assert_int_equal(ic->targets[0].kind, EVAL_MIN);
	assert_true(ic->targets[1].value == 4.5e12);
	assert_int_equal(ic->targets[1].kind, EVAL_MAX);
	assert_true(ic->targets[1].has_baseline);
	assert_int_equal(ic->targets[1].base_period.year, 2018);
	assert_string_equal(ic->labels[0].name, "city");
	assert_int_equal(ic->eval.stale_after.months, 24);
	assert_int_equal(ic->nnotes, 2);		/* in period order */
	assert_int_equal(ic->notes[0].period.year, 2020);
	assert_string_equal(ic->notes[0].text, "lockdown");
	assert_string_equal(ic->notes[1].text, "method change");
	assert_null(ic->targets[0].note);
	assert_int_equal(ic->targets[0].method, EVAL_TREND);
	assert_int_equal(ic->targets[1].method, EVAL_CAGR);
	assert_true(ic->eval.interval == 0.9);
	assert_true(ic->eval.has_lo && ic->eval.lo == 0);
	assert_true(ic->eval.has_hi && ic->eval.hi == 1e7);
	ic = confdata_find_indicator(c, "gdp");
	assert_int_equal(ic->frequency, PERIOD_QUARTERLY);
	assert_int_equal(ic->eval.stale_after.months, 6);	/* default */
	assert_false(ic->eval.has_lo || ic->eval.has_hi);
	assert_true(ic->decrease);
	assert_int_equal(c->alerts[0].resend, 30);
	config_free(c);
}

static void
test_defaults(void **state)
{
	struct config	*c;
	char		 err[512];

	(void)state;
	c = config_load_string("d.conf", "data_dir = \"/x\";", err, sizeof(err));
	assert_non_null(c);
	assert_string_equal(c->listen_host, "127.0.0.1");
	assert_int_equal(c->listen_port, 9479);
	assert_int_equal(c->http.max_connections, 4096);
	/* -1: none on a loopback listen address, 32 elsewhere (http.c). */
	assert_int_equal(c->http.per_ip_connections, -1);
	assert_int_equal(c->http.timeout, 10);
	assert_int_equal(c->http.request_timeout, 10);
	assert_int_equal(c->http.body_limit, 1048576);
	assert_int_equal(c->http.connection_memory, 32768);
	assert_null(c->http.push_token);
	assert_int_equal(c->eval.base_year, 2015);
	assert_true(c->slipping[EVAL_INSUFFICIENT] && c->slipping[EVAL_MOVING_AWAY] &&
	    c->slipping[EVAL_MISSED] && !c->slipping[EVAL_MODERATE]);
	config_free(c);
}

/* Each bad config gives exactly this error. */
static const struct {
	const char	*text;
	const char	*err;
} bad[] = {
	{ "data_dir = \"/x\";\nlisten = ;", "t.conf:2: syntax error" },
	{ "listen = \"1.2.3.4\";\ndata_dir = \"/x\";",
	  "t.conf:1: listen \"1.2.3.4\": expected host:port" },
	{ "data_dir = \"/x\"; listen = \"127.0.0.1:70000\";",
	  "t.conf:1: listen \"127.0.0.1:70000\": bad port" },
	{ "listen = \"127.0.0.1:1\";", "t.conf: missing required key \"data_dir\"" },
	{ "data_dir = \"/x\";\nfoo = 1;", "t.conf:2: unknown key \"foo\" in the top level" },
	{ "data_dir = \"/x\";\nhttp = { timeout = \"5\"; };", "t.conf:2: timeout must be an integer" },
	{ "data_dir = \"/x\";\nhttp = { body_limit = 5000000000L; };",
	  "t.conf:2: body_limit 5000000000 out of range (1..1073741824)" },
	{ "data_dir = \"/x\";\nhttp = {\n max_connections = 4294967297; };",
	  "t.conf:3: integer 4294967297 does not fit in 32 bits: write it as 4294967297L or as a float (e.g. 4294967297.0)" },
	{ "data_dir = \"/x\";\nhttp = { connection_memory = 100; };",
	  "t.conf:2: connection_memory 100 out of range (8192..16777216)" },
	{ "data_dir = \"/x\";\nhttp = { push_token = \"short\"; };",
	  "t.conf:2: push_token must be at least 8 characters" },
	{ "data_dir = \"/x\";\nevaluation = { thresholds = [0.5, 0.9, 0.0]; };",
	  "t.conf:2: thresholds must be in descending order" },
	{ "data_dir = \"/x\";\nevaluation = { method = \"exp\"; };",
	  "t.conf:2: method \"exp\": expected \"cagr\", \"linear\" or \"trend\"" },
	{ "data_dir = \"/x\";\nevaluation = { slipping = [\"late\"]; };",
	  "t.conf:2: slipping: unknown status (expected achieved, on_track, moderate, insufficient, moving_away, missed or unknown)" },
	{ HEAD "indicators = ( { id = \"a\"; unit = \"count\"; feed = \"f\"; },\n"
	  "  { id = \"a\"; unit = \"count\"; feed = \"f\"; } );",
	  "t.conf:4: duplicate indicator id \"a\"" },
	{ HEAD "indicators = ( { id = \"9a\"; unit = \"count\"; feed = \"f\"; } );",
	  "t.conf:3: bad indicator id \"9a\": use [a-z][a-z0-9_]{0,63}" },
	{ HEAD "indicators = ( { id = \"a\"; unit = \"m2\"; feed = \"f\"; } );",
	  "t.conf:3: unit \"m2\" (expected count, yuan, usd or ratio)" },
	{ HEAD "indicators = ( { id = \"a\"; unit = \"count\"; feed = \"f\"; frequency = \"fortnightly\"; } );",
	  "t.conf:3: frequency \"fortnightly\" is not one of the allowed values" },
	{ HEAD "indicators = ( { id = \"a\"; unit = \"count\"; feed = \"f\";\n"
	  "  targets = ( { year = 1900; value = 1.0; } ); } );",
	  "t.conf:4: target year 1900 out of range (1971..2200)" },
	{ HEAD "indicators = ( { id = \"a\"; unit = \"count\"; feed = \"f\";\n"
	  "  targets = ( { year = 2025; value = 1.0; }, { year = 2025; value = 2.0; } ); } );",
	  "t.conf:4: indicator \"a\": two targets for 2025" },
	{ HEAD "indicators = ( { id = \"a\"; unit = \"count\"; feed = \"f\";\n"
	  "  targets = ( { year = 2025; value = 1e999; } ); } );",
	  "t.conf:4: value is not a finite number" },
	{ HEAD "indicators = ( { id = \"a\"; unit = \"count\"; feed = \"f\";\n"
	  "  targets = ( { year = 2025; value = 1.0; kind = \"atleast\"; } ); } );",
	  "t.conf:4: target kind \"atleast\" (expected \"min\" or \"max\")" },
	{ HEAD "indicators = ( { id = \"a\"; unit = \"count\"; feed = \"f\";\n"
	  "  targets = ( { year = 2025; value = 1.0; baseline = { period = \"2015-13\"; value = 1.0; }; } ); } );",
	  "t.conf:4: baseline: bad period \"2015-13\": month out of range" },
	{ "data_dir = \"/x\";\nfeeds = ( { name = \"f\"; type = \"csv\"; } );",
	  "t.conf:2: missing required key \"path\"" },
	{ "data_dir = \"/x\";\nfeeds = ( { name = \"f\"; type = \"ftp\"; } );",
	  "t.conf:2: feed \"f\": type \"ftp\" (expected csv, exec, http or push)" },
	{ "data_dir = \"/x\";\nfeeds = ( { name = \"f\"; type = \"push\"; path = \"/x\"; } );",
	  "t.conf:2: feed \"f\": path is only for type \"csv\"" },
	{ "data_dir = \"/x\";\nfeeds = ( { name = \"f\"; type = \"exec\"; command = [\"echo\"]; } );",
	  "t.conf:2: command[0] must be an absolute path, got \"echo\"" },
	{ "data_dir = \"/x\";\nfeeds = ( { name = \"f\"; type = \"http\"; url = \"ftp://x\"; format = \"csv\"; } );",
	  "t.conf:2: feed \"f\": url must start with http:// or https://" },
	{ "data_dir = \"/x\";\nfeeds = ( { name = \"f\"; type = \"http\"; url = \"http://x\"; format = \"xml\"; } );",
	  "t.conf:2: feed \"f\": format \"xml\" (expected csv, worldbank, sdmx-json, sdmx-csv, jsonstat or nbs)" },
	{ HEAD "indicators = ( { id = \"a\"; unit = \"count\"; feed = \"f\";\n notes = ( { period = \"2022-13\"; text = \"x\"; } ); } );",
	  "t.conf:4: note: bad period \"2022-13\": month out of range" },
	{ HEAD "indicators = ( { id = \"a\"; unit = \"count\"; feed = \"f\";\n notes = ( { period = \"2022\"; } ); } );",
	  "t.conf:4: missing required key \"text\"" },
	{ HEAD "indicators = ( { id = \"a\"; unit = \"count\"; feed = \"f\";\n targets = ( { year = 2025; value = 1.0; note = 3; } ); } );",
	  "t.conf:4: note must be a string" },
	{ HEAD "evaluation = { interval = 1.5; };",
	  "t.conf:3: interval 1.5: a level between 0 and 1, e.g. 0.9" },
	{ HEAD "indicators = ( { id = \"a\"; unit = \"count\"; feed = \"f\";\n targets = ( { year = 2025; value = 1.0; method = \"ols\"; } ); } );",
	  "t.conf:4: method \"ols\": expected \"cagr\", \"linear\" or \"trend\"" },
	{ HEAD "evaluation = { stale_after = \"soon\"; };",
	  "t.conf:3: stale_after \"soon\": expected a count and months, years, weeks or days, e.g. \"18 months\"" },
	{ HEAD "indicators = ( { id = \"a\"; unit = \"count\"; feed = \"f\"; stale_after = 18; } );",
	  "t.conf:3: stale_after must be a string, e.g. \"18 months\"" },
	{ HEAD "indicators = ( { id = \"a\"; unit = \"count\"; feed = \"f\"; min = 5; max = 5; } );",
	  "t.conf:3: indicator \"a\": min must be below max" },
	{ HEAD "indicators = ( { id = \"a\"; unit = \"count\"; feed = \"f\"; max = \"x\"; } );",
	  "t.conf:3: max must be a number" },
#define HTTPF "data_dir = \"/x\";\nfeeds = ( { name = \"f\"; type = \"http\"; url = \"http://x\"; "
	{ HTTPF "format = \"csv\";\n headers = [ \"X-Key secret\" ]; } );",
	  "t.conf:3: feed \"f\": headers[0] must be \"Name: value\" with a token name" },
	{ HTTPF "format = \"csv\";\n headers = [ \"A: b\", \": secret\" ]; } );",
	  "t.conf:3: feed \"f\": headers[1] must be \"Name: value\" with a token name" },
	{ HTTPF "format = \"csv\";\n headers = [ \"X-Key: sec\\r\\nHost: evil\" ]; } );",
	  "t.conf:3: feed \"f\": headers[0] (X-Key) has a line break in its value" },
	{ HTTPF "format = \"csv\";\n headers = \"A: b\"; } );",
	  "t.conf:3: headers must be a non-empty array of strings" },
	{ HTTPF "format = \"csv\";\n method = \"PUT\"; } );",
	  "t.conf:3: feed \"f\": method \"PUT\" (expected GET or POST)" },
	{ HTTPF "format = \"csv\";\n body = \"{}\"; } );",
	  "t.conf:3: feed \"f\": body needs method = \"POST\"" },
	{ HTTPF "format = \"worldbank\";\n method = \"POST\"; } );",
	  "t.conf:3: feed \"f\": the worldbank format pages with GET" },
	{ HTTPF "format = \"sdmx-json\";\n dataset = \"a\"; } );",
	  "t.conf:3: feed \"f\": dataset is only for format \"jsonstat\"" },
	{ HTTPF "format = \"jsonstat\";\n dataset = \"\"; } );",
	  "t.conf:3: feed \"f\": dataset must not be empty" },
	{ "data_dir = \"/x\";\nfeeds = ( { name = \"f\"; type = \"csv\"; path = \"/x\"; headers = [\"A: b\"]; } );",
	  "t.conf:2: feed \"f\": headers is only for type \"http\"" },
	{ "data_dir = \"/x\";\nfeeds = ( { name = \"f\"; type = \"push\"; },\n { name = \"f\"; type = \"push\"; } );",
	  "t.conf:3: duplicate feed name \"f\"" },
	{ "data_dir = \"/x\";\nfeeds = ( { name = \"f\"; type = \"push\"; interval = 0; } );",
	  "t.conf:2: interval 0 out of range (1..31536000)" },
	{ HEAD "indicators = ( { id = \"a\"; unit = \"count\"; feed = \"g\"; } );",
	  "t.conf:3: indicator \"a\": no feed named \"g\"" },
	{ "data_dir = \"/x\";\nalerts = ( { name = \"a\"; type = \"sms\"; } );",
	  "t.conf:2: alert \"a\": type \"sms\" (expected exec, alertmanager or webhook)" },
	{ "data_dir = \"/x\";\nshard = { index = 0; };",
	  "t.conf:2: shard: missing required key \"count\"" },
	{ "data_dir = \"/x\";\nshard = { count = 2; };",
	  "t.conf:2: shard: missing required key \"index\"" },
	{ "data_dir = \"/x\";\nshard = {\n index = 2;\n count = 2; };",
	  "t.conf:3: shard: index 2 out of range (0..1 for count 2)" },
	{ "data_dir = \"/x\";\nshard = { index = -1; count = 2; };",
	  "t.conf:2: index -1 out of range (0..65536)" },
	{ "data_dir = \"/x\";\nshard = { index = 0;\n count = 0; };",
	  "t.conf:3: count 0 out of range (1..65536)" },
	{ "data_dir = \"/x\";\nshard = { index = 0; count = \"2\"; };",
	  "t.conf:2: count must be an integer" },
	{ "data_dir = \"/x\";\nshard = { index = 0; count = 2; of = 3; };",
	  "t.conf:2: unknown key \"of\" in shard" },
	{ "data_dir = \"/x\";\nshard = 2;", "t.conf:2: shard must be a group { ... }" },
	{ "data_dir = \"/x\";\n# a comment with 99999999999\nlisten = \"127.0.0.1:1\"; /* 88888888888 */",
	  NULL },
};

static void
test_errors(void **state)
{
	struct config	*c;
	char		 err[512];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		c = config_load_string("t.conf", bad[i].text, err, sizeof(err));
		if (bad[i].err == NULL) {
			if (c == NULL)
				fail_msg("case %zu: unexpected error %s", i, err);
			config_free(c);
			continue;
		}
		if (c != NULL)
			fail_msg("case %zu: accepted, want \"%s\"", i, bad[i].err);
		if (strcmp(err, bad[i].err) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, err, bad[i].err);
	}
}

#define SHARDED HEAD "indicators = (\n" \
    "  { id = \"a\"; unit = \"count\"; feed = \"f\"; },\n" \
    "  { id = \"b\"; unit = \"count\"; feed = \"f\"; },\n" \
    "  { id = \"c\"; unit = \"count\"; feed = \"f\"; },\n" \
    "  { id = \"d\"; unit = \"count\"; feed = \"f\"; },\n" \
    "  { id = \"e\"; unit = \"count\"; feed = \"f\"; name = \"E\"; } );\n"

/*
 * A shard keeps the indicators shard_of gives it, in the file's order:
 * FNV-1a of "a" .. "e" is 3826002220, 3876335077, 3859557458, 3775669363,
 * 3758891744, so of 2 shards 0 owns a, c, e and 1 owns b, d.
 */
static void
test_shard(void **state)
{
	struct config	*c;
	char		 err[512];

	(void)state;
	c = config_load_string("s.conf", SHARDED
	    "shard = { index = 0; count = 2; };", err, sizeof(err));
	assert_non_null(c);
	assert_int_equal(c->shard_index, 0);
	assert_int_equal(c->shard_count, 2);
	assert_int_equal(c->nconfigured, 5);
	assert_int_equal(c->nindicators, 3);
	assert_string_equal(c->indicators[0].id, "a");
	assert_string_equal(c->indicators[1].id, "c");
	assert_string_equal(c->indicators[2].id, "e");
	assert_string_equal(c->indicators[2].name, "E");
	assert_ptr_equal(confdata_find_indicator(c, "e"), &c->indicators[2]);
	assert_null(confdata_find_indicator(c, "b"));
	assert_int_equal(confdata_not_owned(c, "b"), 1);
	assert_int_equal(confdata_not_owned(c, "d"), 1);
	assert_int_equal(confdata_not_owned(c, "a"), 0);
	assert_int_equal(confdata_not_owned(c, "zz"), 0);
	config_free(c);

	c = config_load_string("s.conf", SHARDED
	    "shard = { index = 1; count = 2; };", err, sizeof(err));
	assert_non_null(c);
	assert_int_equal(c->nindicators, 2);
	assert_string_equal(c->indicators[0].id, "b");
	assert_string_equal(c->indicators[1].id, "d");
	assert_ptr_equal(confdata_find_indicator(c, "d"), &c->indicators[1]);
	assert_int_equal(confdata_not_owned(c, "a"), 1);
	config_free(c);

	/* One shard of one, and no shard: every indicator, none another's. */
	c = config_load_string("s.conf", SHARDED
	    "shard = { index = 0; count = 1; };", err, sizeof(err));
	assert_non_null(c);
	assert_int_equal(c->nindicators, 5);
	assert_int_equal(c->nconfigured, 5);
	config_free(c);
	c = config_load_string("s.conf", SHARDED, err, sizeof(err));
	assert_non_null(c);
	assert_int_equal(c->shard_count, 0);
	assert_int_equal(c->nindicators, 5);
	assert_int_equal(c->nconfigured, 5);
	assert_int_equal(confdata_not_owned(c, "b"), 0);
	config_free(c);
}

/* The token from a file: its first line without trailing blanks. */
static void
test_token_file(void **state)
{
	struct config	*c;
	char		 err[512], path[] = "/tmp/test_config.XXXXXX", text[256];
	FILE		*f;
	int		 fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("s3cret-from-file \t\nsecond line\n", f);
	fclose(f);
	snprintf(text, sizeof(text), "data_dir = \"/x\";\n"
	    "http = { push_token_file = \"%s\"; };\n", path);
	c = config_load_string("t.conf", text, err, sizeof(err));
	if (c == NULL)
		fail_msg("%s", err);
	assert_string_equal(c->http.push_token, "s3cret-from-file");
	assert_string_equal(c->http.push_token_file, path);
	config_free(c);
	f = fopen(path, "w");
	fputs("short\n", f);
	fclose(f);
	assert_null(config_load_string("t.conf", text, err, sizeof(err)));
	assert_string_equal(err, "t.conf:2: push_token must be at least 8 "
	    "characters");
	unlink(path);
}

/* -l: another address, checked as the config's own is. */
static void
test_set_listen(void **state)
{
	struct config	*c;
	char		 err[512];

	(void)state;
	c = config_load_string("t.conf", "data_dir = \"/x\";\n"
	    "http = { push_token = \"change-me-demo\"; };\n", err,
	    sizeof(err));
	if (c == NULL)
		fail_msg("%s", err);
	assert_true(config_token_placeholder(c));
	assert_int_equal(config_set_listen(c, "[::1]:0", err, sizeof(err)),
	    0);
	assert_string_equal(c->listen_host, "::1");
	assert_int_equal(c->listen_port, 0);
	assert_int_equal(config_set_listen(c, "localhost", err, sizeof(err)),
	    -1);
	assert_string_equal(err, "--listen \"localhost\": expected "
	    "host:port");
	assert_string_equal(c->listen_host, "::1");
	assert_int_equal(config_set_listen(c, "127.0.0.1:x", err,
	    sizeof(err)), -1);
	assert_string_equal(err, "--listen \"127.0.0.1:x\": bad port");
	assert_int_equal(config_set_listen(c, "192.0.2.1:9479", err,
	    sizeof(err)), -1);
	assert_string_equal(err, "t.conf: push_token \"change-me...\" is the "
	    "shipped placeholder, accepted only on a loopback address; set a "
	    "token of your own (push_token_file) to listen on 192.0.2.1");
	config_free(c);
}

static void
test_file(void **state)
{
	char	 err[512], path[] = "/tmp/test_config.XXXXXX";
	FILE	*f;
	int	 fd;

	(void)state;
	assert_null(config_load("/nonexistent/x.conf", err, sizeof(err)));
	assert_string_equal(err, "/nonexistent/x.conf: No such file or directory");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("data_dir = \"/x\";\n\nhttp = { timeout = 99999; };\n", f);
	fclose(f);
	assert_null(config_load(path, err, sizeof(err)));
	{
		char want[600];

		snprintf(want, sizeof(want), "%s:3: timeout 99999 out of range (1..3600)", path);
		assert_string_equal(err, want);
	}
	unlink(path);
}

/* http.language and the Chinese names and sources of indicators. */
static void
test_lang_keys(void **state)
{
	static const struct {
		const char	*text;
		const char	*err;
	} bad_lang[] = {
		{ "data_dir = \"/x\";\nhttp = { language = \"fr\"; };",
		  "t.conf:2: http.language \"fr\" (expected en or zh)" },
		{ "data_dir = \"/x\";\nhttp = { language = \"zh-CN\"; };",
		  "t.conf:2: http.language \"zh-CN\" (expected en or zh)" },
		{ "data_dir = \"/x\";\nhttp = {\n language = \"\"; };",
		  "t.conf:3: http.language \"\" (expected en or zh)" },
		{ "data_dir = \"/x\";\nhttp = { language = 1; };",
		  "t.conf:2: language must be a string" },
		{ HEAD "indicators = ( { id = \"a\"; unit = \"count\"; feed = \"f\";\n"
		  "  name_zh = \"\"; } );",
		  "t.conf:4: indicator \"a\": name_zh must be printable UTF-8 "
		  "text, not empty" },
		{ HEAD "indicators = ( { id = \"a\"; unit = \"count\"; feed = \"f\";\n"
		  "  name_zh = \"专利\";\n  source_zh = \"\xe5\xb8\"; } );",
		  "t.conf:5: indicator \"a\": source_zh must be printable UTF-8 "
		  "text, not empty" },
		{ HEAD "indicators = ( { id = \"a\"; unit = \"count\"; feed = \"f\";\n"
		  "  source_zh = \"a\tb\"; } );",
		  "t.conf:4: indicator \"a\": source_zh must be printable UTF-8 "
		  "text, not empty" },
		{ HEAD "indicators = ( { id = \"a\"; unit = \"count\"; feed = \"f\";\n"
		  "  name_zh = 3; } );",
		  "t.conf:4: name_zh must be a string" },
		{ HEAD "indicators = ( { id = \"a\"; unit = \"count\"; feed = \"f\";\n"
		  "  title_zh = \"x\"; } );",
		  "t.conf:4: unknown key \"title_zh\" in indicator" },
		{ "data_dir = \"/x\";\nhttp = {\n title = \"\"; };",
		  "t.conf:3: http.title must be printable UTF-8 text, not empty" },
		{ "data_dir = \"/x\";\nhttp = { title_zh = \"a\\nb\"; };",
		  "t.conf:2: http.title_zh must be printable UTF-8 text, not "
		  "empty" },
		{ "data_dir = \"/x\";\nhttp = { title = 2; };",
		  "t.conf:2: title must be a string" },
	};
	struct config			*c;
	const struct indicator_conf	*ic;
	char				 err[512];
	size_t				 i;

	(void)state;
	c = config_load_string("t.conf", HEAD "http = { language = \"zh\";\n"
	    "  title = \"Shenzhen plan\"; title_zh = \"深圳规划\"; };\n"
	    "indicators = ( { id = \"pat\"; name = \"Patent authorizations\";\n"
	    "  name_zh = \"专利授权量\"; unit = \"count\"; feed = \"f\";\n"
	    "  source = \"Shenzhen AMR\"; source_zh = \"深圳市市场监督管理局\"; },\n"
	    "  { id = \"gdp\"; unit = \"yuan\"; feed = \"f\"; } );\n",
	    err, sizeof(err));
	if (c == NULL)
		fail_msg("%s", err);
	assert_int_equal(c->http.language, LANG_ZH);
	assert_string_equal(c->http.title, "Shenzhen plan");
	assert_string_equal(c->http.title_zh, "深圳规划");
	ic = confdata_find_indicator(c, "pat");
	assert_string_equal(ic->name, "Patent authorizations");
	assert_string_equal(ic->name_zh, "专利授权量");
	assert_string_equal(ic->source, "Shenzhen AMR");
	assert_string_equal(ic->source_zh, "深圳市市场监督管理局");
	ic = confdata_find_indicator(c, "gdp");
	assert_null(ic->name_zh);
	assert_null(ic->source_zh);
	config_free(c);
	c = config_load_string("t.conf", "data_dir = \"/x\";\n"
	    "http = { language = \"en\"; };", err, sizeof(err));
	assert_non_null(c);
	assert_int_equal(c->http.language, LANG_EN);
	config_free(c);
	c = config_load_string("t.conf", "data_dir = \"/x\";", err,
	    sizeof(err));
	assert_non_null(c);
	assert_int_equal(c->http.language, LANG_EN);	/* the default */
	assert_null(c->http.title);
	assert_null(c->http.title_zh);
	config_free(c);
	for (i = 0; i < sizeof(bad_lang) / sizeof(bad_lang[0]); i++) {
		err[0] = '\0';
		c = config_load_string("t.conf", bad_lang[i].text, err,
		    sizeof(err));
		if (c != NULL)
			fail_msg("case %zu: accepted, want \"%s\"", i,
			    bad_lang[i].err);
		assert_string_equal(err, bad_lang[i].err);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_shard),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_token_file),
		cmocka_unit_test(test_set_listen),
		cmocka_unit_test(test_lang_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
