/*
 * test_feedconf.c: copies of feed settings equal their originals, outlive
 * the config, and every setting but the line tells two feeds apart.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "feedconf.h"

#define FEEDS \
	"data_dir = \"/x\";\nfeeds = (\n" \
	"  { name = \"h\"; type = \"http\"; url = \"http://127.0.0.1:1/a\";\n" \
	"    format = \"jsonstat\"; dataset = \"d\"; method = \"POST\";\n" \
	"    body = \"{}\"; headers = [\"X-Key: 1\", \"X-Other: 2\"];\n" \
	"    interval = 60; timeout = 5;\n" \
	"    map = ( { code = \"A\"; area = \"CN\"; indicator = \"a\"; },\n" \
	"            { code = \"B\"; indicator = \"b\"; } ); },\n" \
	"  { name = \"e\"; type = \"exec\";\n" \
	"    command = [\"/bin/x\", \"-y\"]; },\n" \
	"  { name = \"c\"; type = \"csv\"; path = \"/tmp/c.csv\"; }\n" \
	");\nindicators = (\n" \
	"  { id = \"a\"; unit = \"count\"; feed = \"h\"; },\n" \
	"  { id = \"b\"; unit = \"count\"; feed = \"h\"; },\n" \
	"  { id = \"c\"; unit = \"count\"; feed = \"h\"; } );\n"

static struct config *
load(const char *text)
{
	struct config	*conf;
	char		 err[512];

	if ((conf = config_load_string("t.conf", text, err,
	    sizeof(err))) == NULL)
		fail_msg("%s", err);
	return conf;
}

/* Each feed of FEEDS against its copy, and the copy outliving the config. */
static void
test_dup(void **state)
{
	struct config		*conf = load(FEEDS);
	struct feed_conf	*c[3];
	size_t			 i;

	(void)state;
	assert_int_equal(conf->nfeeds, 3);
	for (i = 0; i < 3; i++) {
		c[i] = feedconf_dup(&conf->feeds[i]);
		assert_true(feedconf_equal(c[i], &conf->feeds[i]));
		assert_true(c[i]->name != conf->feeds[i].name);
	}
	assert_false(feedconf_equal(c[0], c[1]));
	config_free(conf);
	assert_string_equal(c[0]->headers[1], "X-Other: 2");
	assert_string_equal(c[0]->map[0].area, "CN");
	assert_null(c[0]->map[1].area);
	assert_string_equal(c[1]->command[1], "-y");
	assert_null(c[1]->command[2]);
	assert_string_equal(c[2]->path, "/tmp/c.csv");
	for (i = 0; i < 3; i++)
		feedconf_free(c[i]);
	feedconf_free(NULL);
}

/*
 * FEEDS with from replaced by to: its first feed differs, or not (equal);
 * the second never does.
 */
static void
check_change(const char *from, const char *to, int equal)
{
	struct config	*a = load(FEEDS), *b;
	char		 text[2048];
	const char	*p = strstr(FEEDS, from);

	assert_non_null(p);
	snprintf(text, sizeof(text), "%.*s%s%s", (int)(p - FEEDS), FEEDS, to,
	    p + strlen(from));
	b = load(text);
	if (feedconf_equal(&a->feeds[0], &b->feeds[0]) != equal ||
	    !feedconf_equal(&a->feeds[1], &b->feeds[1]))
		fail_msg("%s -> %s: expected %s", from, to, equal ? "equal" :
		    "a difference");
	config_free(a);
	config_free(b);
}

static void
test_changes(void **state)
{
	(void)state;
	check_change("feeds = (\n", "feeds = (\n\n\n", 1);
	check_change("/a\";", "/b\";", 0);
	check_change("dataset = \"d\"", "dataset = \"e\"", 0);
	check_change("method = \"POST\";\n    body = \"{}\";", "", 0);
	check_change("body = \"{}\"", "body = \"{ }\"", 0);
	check_change("\"X-Other: 2\"]", "\"X-Other: 3\"]", 0);
	check_change(", \"X-Other: 2\"]", "]", 0);
	check_change("interval = 60", "interval = 61", 0);
	check_change("timeout = 5", "timeout = 6", 0);
	check_change("area = \"CN\"; ", "", 0);
	check_change("indicator = \"b\"", "indicator = \"c\"", 0);
	check_change(",\n            { code = \"B\"; indicator = \"b\"; }", "",
	    0);
	check_change("format = \"jsonstat\"; dataset = \"d\";",
	    "format = \"sdmx-json\";", 0);
}

/* The exec feed: its command's words. */
static void
test_command(void **state)
{
	struct config	*a = load(FEEDS), *b;
	char		 text[2048];
	const char	*p = strstr(FEEDS, ", \"-y\"]");

	(void)state;
	snprintf(text, sizeof(text), "%.*s]%s", (int)(p - FEEDS), FEEDS,
	    p + strlen(", \"-y\"]"));
	b = load(text);
	assert_true(feedconf_equal(&a->feeds[0], &b->feeds[0]));
	assert_false(feedconf_equal(&a->feeds[1], &b->feeds[1]));
	assert_true(feedconf_equal(&a->feeds[2], &b->feeds[2]));
	config_free(a);
	config_free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dup),
		cmocka_unit_test(test_changes),
		cmocka_unit_test(test_command),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
