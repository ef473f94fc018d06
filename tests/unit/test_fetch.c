/*
 * test_fetch.c: fetch_url() against the fixture HTTP server, started from
 * $FIXTURE_SERVER (default build/tests/fixture_server) serving
 * tests/fixtures/http (or $FIXTURES): once plainly, once with -delay for
 * the timeout test. C11 threads rather than <pthread.h>: daemon/sched.h
 * shadows the system <sched.h> that <pthread.h> includes under -Idaemon.
 */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "feed.h"
#include "fetch.h"
#include "rec.h"
#include "worldbank.h"

#define FIXTURES	"tests/fixtures/http"
#define SERVER		"build/tests/fixture_server"
#define SLOW_DELAY	"2"
#define THREADS		8
#define THREAD_FETCHES	10

struct server {
	pid_t	 pid;
	int	 port;
	char	 tmp[64];
	char	 portfile[128];
};

static struct server	 plain, slow;

static const char *
fixtures_dir(void)
{
	const char	*d = getenv("FIXTURES");

	return d ? d : FIXTURES;
}

static char *
fixture(const char *name, size_t *len)
{
	char	 path[1024];
	char	*buf;
	FILE	*f;
	long	 n;

	snprintf(path, sizeof(path), "%s/%s", fixtures_dir(), name);
	if ((f = fopen(path, "rb")) == NULL)
		fail_msg("cannot open fixture %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* Wait up to 10 s for the server to write its port file. */
static int
server_wait(struct server *s)
{
	struct timespec	 ts = { 0, 50 * 1000 * 1000 };
	FILE		*f;
	int		 i, status;

	for (i = 0; i < 200; i++) {
		if ((f = fopen(s->portfile, "r")) != NULL) {
			if (fscanf(f, "%d", &s->port) != 1)
				s->port = 0;
			fclose(f);
			return s->port > 0 ? 0 : -1;
		}
		if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
			s->pid = -1;
			return -1;
		}
		nanosleep(&ts, NULL);
	}
	return -1;
}

static int
server_start(struct server *s, const char *delay)
{
	const char	*bin = getenv("FIXTURE_SERVER");

	if (bin == NULL)
		bin = SERVER;
	if (access(bin, X_OK) == -1) {
		fprintf(stderr, "test_fetch: %s: %s (build it, or set "
		    "FIXTURE_SERVER)\n", bin, strerror(errno));
		return -1;
	}
	snprintf(s->tmp, sizeof(s->tmp), "/tmp/test_fetch.XXXXXX");
	if (mkdtemp(s->tmp) == NULL)
		return -1;
	snprintf(s->portfile, sizeof(s->portfile), "%s/port", s->tmp);
	if ((s->pid = fork()) == -1)
		return -1;
	if (s->pid == 0) {
		if (delay != NULL)
			execl(bin, bin, "-d", fixtures_dir(), "-p", s->portfile,
			    "-delay", delay, (char *)NULL);
		else
			execl(bin, bin, "-d", fixtures_dir(), "-p", s->portfile,
			    (char *)NULL);
		_exit(127);
	}
	return server_wait(s);
}

static void
server_stop(struct server *s)
{
	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		waitpid(s->pid, NULL, 0);
		s->pid = -1;
	}
	unlink(s->portfile);
	rmdir(s->tmp);
}

static int
group_setup(void **state)
{
	char	 err[512];

	(void)state;
	if (fetch_init(err, sizeof(err)) == -1) {
		fprintf(stderr, "test_fetch: %s\n", err);
		return -1;
	}
	if (server_start(&plain, NULL) == -1 ||
	    server_start(&slow, SLOW_DELAY) == -1) {
		fprintf(stderr, "test_fetch: fixture server did not start\n");
		return -1;
	}
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	server_stop(&plain);
	server_stop(&slow);
	fetch_cleanup();
	return 0;
}

static void
url(char *buf, size_t len, const struct server *s, const char *path)
{
	snprintf(buf, len, "http://127.0.0.1:%d%s", s->port, path);
}

/* Fetch path from s; returns fetch_url's result. */
static int
get(const struct server *s, const char *path, long timeout, size_t max,
    char **body, size_t *len, char *err, size_t errlen)
{
	char	 u[256];

	url(u, sizeof(u), s, path);
	*body = NULL;
	return fetch_url(u, timeout, max, body, len, err, errlen);
}

static void
check_error(const struct server *s, const char *path, const char *msg)
{
	char	 err[512], want[512], *body;
	size_t	 len;

	if (get(s, path, 10, 1 << 20, &body, &len, err, sizeof(err)) != -1)
		fail_msg("%s: fetched, expected an error", path);
	assert_null(body);
	snprintf(want, sizeof(want), msg, s->port);
	assert_string_equal(err, want);
}

static void
test_body_exact(void **state)
{
	char	 err[256], *body, *want;
	size_t	 len, wlen;

	(void)state;
	want = fixture("sdmx20_trade.json", &wlen);
	assert_int_equal(get(&plain, "/sdmx20_trade.json", 10, 1 << 20, &body,
	    &len, err, sizeof(err)), 0);
	assert_int_equal(len, wlen);
	assert_memory_equal(body, want, wlen);
	assert_int_equal(body[len], '\0');
	free(body);
	free(want);
}

static void
test_body_with_nul(void **state)
{
	char	 err[256], *body, *want;
	size_t	 len, wlen;

	(void)state;
	want = fixture("worldbank_nul.json", &wlen);
	assert_int_equal(get(&plain, "/worldbank_nul.json", 10, 1 << 20, &body,
	    &len, err, sizeof(err)), 0);
	assert_int_equal(len, wlen);
	assert_memory_equal(body, want, wlen);
	assert_int_equal(body[len], '\0');
	free(body);
	free(want);
}

/* The World Bank pages through worldbank_page_url and the server's page=N. */
static void
test_worldbank_pages(void **state)
{
	struct recvec	 rv;
	char		 base[256], err[256], *u, *body;
	size_t		 len;
	int		 page, pages = 1;

	(void)state;
	recvec_init(&rv);
	url(base, sizeof(base), &plain, "/worldbank_gdp.json");
	for (page = 1; page <= pages; page++) {
		u = worldbank_page_url(base, page);
		assert_int_equal(fetch_url(u, 10, 1 << 20, &body, &len, err,
		    sizeof(err)), 0);
		assert_int_equal(worldbank_parse(body, len, &rv, &pages, err,
		    sizeof(err)), 0);
		free(body);
		free(u);
	}
	assert_int_equal(pages, 2);
	assert_int_equal(rv.n, 4);
	assert_string_equal(rv.v[3].code, "NY.GDP.MKTP.CD");
	assert_true(rv.v[3].value == 14687744162801.0);
	recvec_free(&rv);
}

static void
test_http_errors(void **state)
{
	(void)state;
	check_error(&plain, "/nope.json",
	    "HTTP 404 from http://127.0.0.1:%d/nope.json");
	check_error(&plain, "/status/503",
	    "HTTP 503 from http://127.0.0.1:%d/status/503");
	check_error(&plain, "/status/500?x=1",
	    "HTTP 500 from http://127.0.0.1:%d/status/500?x=1");
	check_error(&plain, "/status/302",
	    "HTTP 302 from http://127.0.0.1:%d/status/302");
	check_error(&plain, "/%2e%2e/Makefile",
	    "HTTP 403 from http://127.0.0.1:%d/%%2e%%2e/Makefile");
	check_error(&plain, "/", "HTTP 404 from http://127.0.0.1:%d/");
}

static void
test_credentials_not_repeated(void **state)
{
	char	 u[256], err[256], want[256], *body = NULL;
	size_t	 len;

	(void)state;
	snprintf(u, sizeof(u), "http://user:s3cret@127.0.0.1:%d/nope.json",
	    plain.port);
	assert_int_equal(fetch_url(u, 10, 1024, &body, &len, err, sizeof(err)),
	    -1);
	snprintf(want, sizeof(want),
	    "HTTP 404 from http://127.0.0.1:%d/nope.json", plain.port);
	assert_string_equal(err, want);
	assert_null(body);
}

static void
test_timeout(void **state)
{
	char		 err[256], *body;
	size_t		 len;
	time_t		 t0 = time(NULL);

	(void)state;
	assert_int_equal(get(&slow, "/sdmx_flat.json", 1, 1 << 20, &body, &len,
	    err, sizeof(err)), -1);
	assert_string_equal(err, "timeout after 1 s");
	assert_true(time(NULL) - t0 <= 2);
	assert_int_equal(get(&slow, "/sdmx_flat.json", 10, 1 << 20, &body, &len,
	    err, sizeof(err)), 0);
	free(body);
}

static void
test_max_bytes(void **state)
{
	char	 err[256], msg[64], *body, *want;
	size_t	 len, wlen;

	(void)state;
	want = fixture("jsonstat_dense.json", &wlen);
	assert_int_equal(get(&plain, "/jsonstat_dense.json", 10, wlen - 1,
	    &body, &len, err, sizeof(err)), -1);
	snprintf(msg, sizeof(msg), "body larger than %zu bytes", wlen - 1);
	assert_string_equal(err, msg);
	assert_int_equal(get(&plain, "/jsonstat_dense.json", 10, 100, &body,
	    &len, err, sizeof(err)), -1);
	assert_string_equal(err, "body larger than 100 bytes");
	assert_int_equal(get(&plain, "/jsonstat_dense.json", 10, wlen, &body,
	    &len, err, sizeof(err)), 0);
	assert_int_equal(len, wlen);
	free(body);
	free(want);
}

static void
test_other_failures(void **state)
{
	char	 u[256], err[256], *body = NULL;
	size_t	 len;

	(void)state;
	snprintf(u, sizeof(u), "ftp://127.0.0.1:%d/x", plain.port);
	assert_int_equal(fetch_url(u, 5, 1024, &body, &len, err, sizeof(err)),
	    -1);
	assert_true(strlen(err) > 0);
	assert_int_equal(fetch_url("file:///etc/passwd", 5, 1024, &body, &len,
	    err, sizeof(err)), -1);
	assert_true(strlen(err) > 0);
	assert_int_equal(fetch_url("http://127.0.0.1:1/", 5, 1024, &body, &len,
	    err, sizeof(err)), -1);
	assert_true(strlen(err) > 0);
	assert_null(body);
}

static int
fetch_thread(void *arg)
{
	char	 err[256], *body;
	size_t	 len, i;
	int	 bad = 0;

	(void)arg;
	for (i = 0; i < THREAD_FETCHES; i++) {
		if (get(&plain, "/worldbank_mixed.json", 10, 1 << 20, &body,
		    &len, err, sizeof(err)) == -1)
			bad++;
		else
			free(body);
	}
	return bad;
}

static void
test_threads(void **state)
{
	thrd_t	 t[THREADS];
	size_t	 i;
	int	 bad;

	(void)state;
	for (i = 0; i < THREADS; i++)
		assert_int_equal(thrd_create(&t[i], fetch_thread, NULL),
		    thrd_success);
	for (i = 0; i < THREADS; i++) {
		assert_int_equal(thrd_join(t[i], &bad), thrd_success);
		assert_int_equal(bad, 0);
	}
}

/* fetch_req's sized: 1 only for a body of declared length. */
static void
test_sized(void **state)
{
	const char	*paths[] = { "/obs.csv", "/obs.csv?cut=30",
	    "/obs.csv?cut=30&chunked=1" };
	const int	 want[] = { 1, 0, 0 };
	const size_t	 wlen[] = { 53, 30, 30 };
	struct fetch_req rq;
	char		 u[256], err[256], *body;
	size_t		 i, len;
	int		 sized;

	(void)state;
	for (i = 0; i < 3; i++) {
		url(u, sizeof(u), &plain, paths[i]);
		memset(&rq, 0, sizeof(rq));
		rq.url = u;
		rq.timeout_sec = 10;
		rq.max_bytes = 1 << 20;
		rq.sized = &sized;
		sized = -1;
		assert_int_equal(fetch_req(&rq, &body, &len, err, sizeof(err)),
		    0);
		assert_int_equal(sized, want[i]);
		assert_int_equal(len, wlen[i]);
		assert_memory_equal(body, "indicator,period,value\na,2020,"
		    "114168.5\nb,2021,987654\n", len);
		free(body);
	}
}

/* feed_run of an http feed of format at path: rc, err, observations. */
static int
run_http(const char *format, const char *path, struct obsvec *ov, char *err,
    size_t errlen)
{
	struct feed_io	 io = { NULL, NULL, NULL, NULL, NULL, NULL };
	struct feed_conf fc;
	char		 u[256], name[] = "web";
	size_t		 bad;

	url(u, sizeof(u), &plain, path);
	memset(&fc, 0, sizeof(fc));
	fc.name = name;
	fc.type = FEED_HTTP;
	fc.url = u;
	fc.format = (char *)format;
	fc.interval = 60;
	fc.timeout = 10;
	err[0] = '\0';
	obsvec_init(ov);
	return feed_run(&fc, ov, &bad, &io, err, errlen);
}

#define CUT_MSG	"body ends mid-line without a declared length: possibly " \
	"cut off; nothing stored"

/*
 * A CSV body cut mid-line ("b,2021,987" of 987654) without a declared
 * length fails the run; cut at a line end, or missing its last newline
 * with a Content-Length, it is stored.
 */
static void
test_cut_csv(void **state)
{
	struct obsvec	 ov;
	char		 err[256];

	(void)state;
	assert_int_equal(run_http("csv", "/obs.csv?cut=49", &ov, err,
	    sizeof(err)), -1);
	assert_string_equal(err, CUT_MSG);
	assert_int_equal(ov.n, 0);
	obsvec_free(&ov);
	assert_int_equal(run_http("csv", "/obs.csv?cut=52&chunked=1", &ov,
	    err, sizeof(err)), -1);
	assert_string_equal(err, CUT_MSG);
	obsvec_free(&ov);
	assert_int_equal(run_http("csv", "/obs.csv?cut=39", &ov, err,
	    sizeof(err)), 0);
	assert_int_equal(ov.n, 1);
	assert_string_equal(ov.v[0].indicator, "a");
	assert_true(ov.v[0].value == 114168.5);
	obsvec_free(&ov);
	assert_int_equal(run_http("csv", "/obs_nonl.csv", &ov, err,
	    sizeof(err)), 0);
	assert_int_equal(ov.n, 2);
	assert_true(ov.v[1].value == 987654);
	obsvec_free(&ov);
	assert_int_equal(run_http("sdmx-csv", "/sdmxcsv10_ilo_emp_temp.csv?"
	    "cut=200", &ov, err, sizeof(err)), -1);
	assert_string_equal(err, CUT_MSG);
	obsvec_free(&ov);
}

/* Cut-off JSON of every JSON format fails to parse: nothing stored. */
static void
test_cut_json(void **state)
{
	const char	*cases[][3] = {
		{ "worldbank", "/worldbank_gdp.json?cut=700", "invalid JSON "
		    "at line 1 column 700: premature end of input near "
		    "'\"uni'" },
		{ "sdmx-json", "/sdmx20_trade.json?cut=900", "invalid JSON "
		    "at line 36 column 7: string or '}' expected near end of "
		    "file" },
		{ "jsonstat", "/jsonstat_dense.json?cut=300", "invalid JSON "
		    "at line 9 column 58: premature end of input near '\"i'" },
		{ "nbs", "/nbs_hgjd_gdp.json?cut=800", "invalid JSON at line "
		    "1 column 800: premature end of input near '\"'" },
	};
	struct obsvec	 ov;
	char		 err[256];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(run_http(cases[i][0], cases[i][1], &ov, err,
		    sizeof(err)), -1);
		assert_string_equal(err, cases[i][2]);
		assert_int_equal(ov.n, 0);
		obsvec_free(&ov);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_body_exact),
		cmocka_unit_test(test_body_with_nul),
		cmocka_unit_test(test_worldbank_pages),
		cmocka_unit_test(test_http_errors),
		cmocka_unit_test(test_credentials_not_repeated),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_max_bytes),
		cmocka_unit_test(test_other_failures),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_sized),
		cmocka_unit_test(test_cut_csv),
		cmocka_unit_test(test_cut_json),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
