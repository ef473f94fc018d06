/*
 * test_stored.c: when each point was stored and whether it was revised.
 * The registry sets them from the journal on replay and from the batch on
 * ingest, a restart gives back exactly the flags the live ingest gave, a
 * format 2 journal's points have no stored time, and the JSON API shows
 * both per point. A real registry on a temporary data_dir (real RRDs).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "api.h"
#include "buf.h"
#include "config.h"
#include "crc32c.h"
#include "journal.h"
#include "log.h"
#include "push.h"
#include "registry.h"
#include "view.h"

static const char conf_text[] =
    "data_dir = \"%s\";\n"
    "feeds = ( { name = \"p\"; type = \"push\"; } );\n"
    "indicators = (\n"
    "  { id = \"pat\"; unit = \"count\"; feed = \"p\"; },\n"
    "  { id = \"fdi\"; unit = \"usd\"; feed = \"p\"; }\n"
    ");\n";

static struct config *
load_conf(const char *dir)
{
	struct config	*c;
	char		 text[1024], err[512];

	snprintf(text, sizeof(text), conf_text, dir);
	if ((c = config_load_string("t.conf", text, err, sizeof(err))) == NULL)
		fail_msg("%s", err);
	return c;
}

static struct registry *
open_reg(const char *dir)
{
	struct registry	*r;
	char		 err[512];

	if ((r = registry_open(load_conf(dir), err, sizeof(err))) == NULL)
		fail_msg("%s", err);
	return r;
}

static void
ingest(struct registry *r, const char *csv)
{
	struct obsvec		 ov;
	struct ingest_result	 res;
	char			 err[512];

	obsvec_init(&ov);
	if (push_parse(csv, strlen(csv), 0, &ov, err, sizeof(err)) == -1)
		fail_msg("%s", err);
	if (registry_ingest(r, NULL, &ov, 1, NULL, NULL, &res, err,
	    sizeof(err)) != INGEST_OK)
		fail_msg("%s", err);
	obsvec_free(&ov);
}

/* Write dir/journal: head, then each of the n records with its checksum. */
static void
write_journal(const char *dir, const char *head, const char *const *f,
    size_t n)
{
	char	 path[300];
	FILE	*fp;
	size_t	 i;

	snprintf(path, sizeof(path), "%s/journal", dir);
	assert_non_null(fp = fopen(path, "w"));
	fputs(head, fp);
	for (i = 0; i < n; i++)
		fprintf(fp, "%s\t%08x\n", f[i], crc32c(0, f[i], strlen(f[i])));
	assert_int_equal(fclose(fp), 0);
}

/*
 * The point of indicator id for annual period year in r's current view,
 * and its source in *src (r's, kept while r is) unless src is NULL.
 */
static struct point
point_src(struct registry *r, const char *id, int year, const char **src)
{
	struct view		*v = registry_view(r);
	const struct iview	*iv = view_find(v, id);
	struct point		 p;
	size_t			 i;

	memset(&p, 0, sizeof(p));
	assert_non_null(iv);
	for (i = 0; i < iv->series->n; i++)
		if (iv->series->pts[i].period.year == year) {
			p = iv->series->pts[i];
			if (src != NULL)
				*src = series_source(iv->series, i);
		}
	view_unref(v);
	if (p.period.year == 0)
		fail_msg("%s has no point for %d", id, year);
	return p;
}

static struct point
point_of(struct registry *r, const char *id, int year)
{
	return point_src(r, id, year, NULL);
}

/* Every point of id in r's view, copied: *n of them. */
static struct point *
points(struct registry *r, const char *id, size_t *n)
{
	struct view	*v = registry_view(r);
	const struct series *s = view_find(v, id)->series;
	struct point	*p = calloc(s->n + 1, sizeof(*p));

	memcpy(p, s->pts, s->n * sizeof(*p));
	*n = s->n;
	view_unref(v);
	return p;
}

static void
rm_rf(const char *dir)
{
	char	 cmd[400];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/*
 * Replay: a point's stored time is its last record's; it is revised once
 * a record changed its value (a new source alone does not revise it).
 * Ingest: the batch's time, the same rules; a restart reproduces them.
 */
static void
test_flags(void **state)
{
	const char	*recs[] = {
	    "pat\t2023\t210000\tp\tnbs\t1700000000",
	    "pat\t2024\t220000\tp\tnbs\t1700000100",
	    "pat\t2024\t230000\tp\tnbs\t1700000200",
	    "fdi\t2024\t5\tp\tnbs\t1700000300",
	    "fdi\t2024\t5\tp\tother\t1700000400" };
	char		 dir[] = "/tmp/test_stored.XXXXXX";
	struct registry	*r;
	struct point	 p, *before, *after;
	const char	*src;
	size_t		 nb, na;
	time_t		 t0, t1;

	(void)state;
	log_init(0);
	assert_non_null(mkdtemp(dir));
	write_journal(dir, JOURNAL_HEADER, recs, 5);
	r = open_reg(dir);
	p = point_of(r, "pat", 2023);
	assert_int_equal(p.stored, 1700000000);
	assert_int_equal(p.revised, 0);
	p = point_of(r, "pat", 2024);
	assert_true(p.value == 230000);
	assert_int_equal(p.stored, 1700000200);
	assert_int_equal(p.revised, 1);
	p = point_src(r, "fdi", 2024, &src);
	assert_string_equal(src, "other");
	assert_int_equal(p.stored, 1700000400);
	assert_int_equal(p.revised, 0);

	t0 = time(NULL);
	ingest(r, "pat,2023,215000\npat,2025,250000\n");
	t1 = time(NULL);
	p = point_of(r, "pat", 2023);
	assert_int_equal(p.revised, 1);
	assert_true(p.stored >= t0 && p.stored <= t1);
	p = point_of(r, "pat", 2025);
	assert_int_equal(p.revised, 0);
	assert_true(p.stored >= t0 && p.stored <= t1);
	p = point_of(r, "pat", 2024);
	assert_int_equal(p.stored, 1700000200);
	assert_int_equal(p.revised, 1);
	/* Two records of one period in one batch: both journaled, revised. */
	ingest(r, "fdi,2025,1\nfdi,2025,2\n");
	p = point_of(r, "fdi", 2025);
	assert_true(p.value == 2);
	assert_int_equal(p.revised, 1);
	/* Back to its first value: still revised. */
	ingest(r, "pat,2023,210000\n");
	assert_int_equal(point_of(r, "pat", 2023).revised, 1);

	before = points(r, "pat", &nb);
	registry_free(r);
	r = open_reg(dir);
	after = points(r, "pat", &na);
	assert_int_equal(na, 3);
	assert_int_equal(na, nb);
	/*
	 * Field for field: the sources are interned anew, in journal order,
	 * so their indexes are the same too.
	 */
	for (size_t i = 0; i < na; i++) {
		assert_int_equal(point_end(&after[i]), point_end(&before[i]));
		assert_true(after[i].value == before[i].value);
		assert_int_equal(after[i].stored, before[i].stored);
		assert_int_equal(after[i].revised, before[i].revised);
		assert_int_equal(after[i].source, before[i].source);
	}
	assert_int_equal(point_of(r, "fdi", 2025).revised, 1);
	free(before);
	free(after);
	registry_free(r);
	rm_rf(dir);
}

/*
 * A format 2 journal: no stored times (0, null in JSON), flags from its
 * records; a format 3 record in it (an older indicatord kept it) keeps its
 * time.
 */
static void
test_format2_and_api(void **state)
{
	const char	*recs[] = {
	    "pat\t2023\t1\tp\t",
	    "pat\t2023\t2\tp\t",
	    "pat\t2024\t3\tp\t",
	    "fdi\t2024\t7\tp\t\t1700000000" };
	char		 dir[] = "/tmp/test_stored.XXXXXX";
	struct registry	*r;
	struct view	*v;
	struct api_reply ar = { 0 };
	struct point	 p;

	(void)state;
	log_init(0);
	assert_non_null(mkdtemp(dir));
	write_journal(dir, JOURNAL_HEADER_2, recs, 4);
	r = open_reg(dir);
	p = point_of(r, "pat", 2023);
	assert_int_equal(p.stored, 0);
	assert_int_equal(p.revised, 1);
	assert_int_equal(point_of(r, "pat", 2024).revised, 0);
	assert_int_equal(point_of(r, "fdi", 2024).stored, 1700000000);
	v = registry_view(r);
	api_indicator(v, "pat", &ar);
	assert_int_equal(ar.status, 200);
	buf_puts(&ar.body, "");
	assert_non_null(strstr(ar.body.data, "\"series\": [\n  {\n   "
	    "\"period\": \"2023\",\n   \"value\": 2.0,\n   \"source\": \"\",\n"
	    "   \"period_end\": 1704067200,\n   \"stored\": null,\n"
	    "   \"revised\": true\n  },\n  {\n   \"period\": \"2024\","));
	assert_non_null(strstr(ar.body.data, "\"stored\": null,\n"
	    "   \"revised\": false\n  }\n ]"));
	buf_free(&ar.body);
	api_indicator(v, "fdi", &ar);
	buf_puts(&ar.body, "");
	assert_non_null(strstr(ar.body.data, "\"period_end\": 1735689600,\n"
	    "   \"stored\": \"2023-11-14T22:13:20Z\",\n"
	    "   \"revised\": false\n  }\n ]"));
	buf_free(&ar.body);
	view_unref(v);
	registry_free(r);
	rm_rf(dir);
}

/*
 * A point keeps its stored time in 32 bits: 1970-01-01T00:00:01Z to
 * 2106-02-07T06:28:15Z. A journal time past that (the journal reads up to
 * 12 digits; no clock of the daemon's writes one) or 0 is not known, null
 * in JSON, and the journal keeps the record as it was.
 */
static void
test_stored_limits(void **state)
{
	const char	*recs[] = {
	    "pat\t2020\t1\tp\tnbs\t0",
	    "pat\t2021\t2\tp\tnbs\t1",
	    "pat\t2022\t3\tp\tnbs\t4294967295",
	    "pat\t2023\t4\tp\tnbs\t4294967296",
	    "pat\t2024\t5\tp\tnbs\t999999999999" };
	char		 dir[] = "/tmp/test_stored.XXXXXX", path[300];
	char		 line[128];
	struct registry	*r;
	struct view	*v;
	struct api_reply ar = { 0 };
	FILE		*fp;
	size_t		 i;

	(void)state;
	log_init(0);
	assert_non_null(mkdtemp(dir));
	write_journal(dir, JOURNAL_HEADER, recs, 5);
	r = open_reg(dir);
	assert_int_equal(point_of(r, "pat", 2020).stored, 0);
	assert_int_equal(point_of(r, "pat", 2021).stored, 1);
	assert_int_equal(point_of(r, "pat", 2022).stored, 4294967295U);
	assert_int_equal(point_of(r, "pat", 2023).stored, 0);
	assert_int_equal(point_of(r, "pat", 2024).stored, 0);
	assert_true(point_of(r, "pat", 2024).value == 5);
	v = registry_view(r);
	api_indicator(v, "pat", &ar);
	buf_puts(&ar.body, "");
	assert_non_null(strstr(ar.body.data, "\"period_end\": 1640995200,\n"
	    "   \"stored\": \"1970-01-01T00:00:01Z\",\n"));
	assert_non_null(strstr(ar.body.data, "\"period_end\": 1672531200,\n"
	    "   \"stored\": \"2106-02-07T06:28:15Z\",\n"));
	assert_non_null(strstr(ar.body.data, "\"period_end\": 1704067200,\n"
	    "   \"stored\": null,\n"));
	buf_free(&ar.body);
	view_unref(v);
	registry_free(r);
	snprintf(path, sizeof(path), "%s/journal", dir);
	assert_non_null(fp = fopen(path, "r"));
	assert_non_null(fgets(line, sizeof(line), fp));
	for (i = 0; i < 5; i++) {
		assert_non_null(fgets(line, sizeof(line), fp));
		assert_int_equal(strncmp(line, recs[i], strlen(recs[i])), 0);
		assert_int_equal(line[strlen(recs[i])], '\t');
	}
	assert_null(fgets(line, sizeof(line), fp));
	fclose(fp);
	rm_rf(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_format2_and_api),
		cmocka_unit_test(test_stored_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
