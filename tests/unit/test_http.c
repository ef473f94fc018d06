/*
 * test_http.c: the HTTP server answering from the registry's views. A real
 * server on 127.0.0.1 (port 0), a registry in a temporary directory, the
 * exposition subscribed as the daemon wires it; requests over a socket.
 * What a push stores is in the next answer of every reader.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "buf.h"
#include "config.h"
#include "expo.h"
#include "http.h"
#include "log.h"
#include "registry.h"

static const char conf_text[] =
    "listen = \"127.0.0.1:0\";\n"
    "data_dir = \"%s\";\n"
    "http = { push_token = \"unit-test-token\"; };\n"
    "feeds = ( { name = \"p\"; type = \"push\"; } );\n"
    "indicators = (\n"
    "  { id = \"pat\"; unit = \"count\"; feed = \"p\";\n"
    "    targets = ( { year = 2025; value = 250000.0; } ); }\n"
    ");\n";

/* The whole answer to one request (HTTP/1.0: the server closes). */
static char *
request(int port, const char *req)
{
	struct sockaddr_in	 sin;
	struct buf		 b;
	char			 chunk[4096];
	ssize_t			 n;
	int			 fd;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(write(fd, req, strlen(req)), (ssize_t)strlen(req));
	buf_init(&b, 8192);
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_add(&b, chunk, (size_t)n);
	close(fd);
	buf_puts(&b, "");
	return buf_release(&b, NULL);
}

static void
assert_has(const char *s, const char *needle)
{
	if (strstr(s, needle) == NULL)
		fail_msg("no \"%s\" in:\n%.2000s", needle, s);
}

static void
test_answers_from_views(void **state)
{
	char		 dir[] = "/tmp/test_http.XXXXXX", text[1024];
	char		 err[512], push[512], *a;
	struct config	*conf;
	struct registry	*r;
	struct expo	*e;
	struct http	*h;
	int		 port;

	(void)state;
	log_init(0);
	assert_non_null(mkdtemp(dir));
	snprintf(text, sizeof(text), conf_text, dir);
	if ((conf = config_load_string("t.conf", text, err,
	    sizeof(err))) == NULL)
		fail_msg("%s", err);
	if ((r = registry_open(conf, err, sizeof(err))) == NULL)
		fail_msg("%s", err);
	if ((e = expo_open(err, sizeof(err))) == NULL)
		fail_msg("%s", err);
	registry_subscribe(r, expo_update, e);
	if ((h = http_start(r, e, conf, err, sizeof(err))) == NULL)
		fail_msg("%s", err);
	expo_add_tail(e, http_metrics, http_metrics_gen, h);
	port = http_port(h);

	a = request(port, "GET /api/v1/indicators/pat HTTP/1.0\r\n\r\n");
	assert_has(a, "HTTP/1.1 200 OK");
	assert_has(a, "\"latest\": null");
	free(a);
	a = request(port, "GET /api/v1/indicators/nope HTTP/1.0\r\n\r\n");
	assert_has(a, "HTTP/1.1 404 Not Found");
	assert_has(a, "no indicator \"nope\"\n");
	free(a);

	a = request(port, "POST /api/v1/observations HTTP/1.0\r\n"
	    "Content-Type: text/csv\r\nContent-Length: 15\r\n\r\n"
	    "pat,2024,230000");
	assert_has(a, "HTTP/1.1 401 Unauthorized");
	free(a);
	snprintf(push, sizeof(push), "POST /api/v1/observations HTTP/1.0\r\n"
	    "Authorization: Bearer unit-test-token\r\n"
	    "Content-Type: text/csv\r\nContent-Length: 32\r\n\r\n"
	    "pat,2023,210000\npat,2024,230000\n");
	a = request(port, push);
	assert_has(a, "HTTP/1.1 200 OK");
	assert_has(a, "\"stored\":2");
	free(a);

	/* Every reader shows the push at once. */
	a = request(port, "GET /api/v1/indicators/pat HTTP/1.0\r\n\r\n");
	assert_has(a, "\"period\": \"2024\",\n  \"value\": 230000.0");
	free(a);
	a = request(port, "GET /metrics HTTP/1.0\r\nAccept: "
	    "application/openmetrics-text; version=1.0.0\r\n\r\n");
	assert_has(a, "HTTP/1.1 200 OK");
	assert_has(a, "\nindicatord_indicator_value{indicator=\"pat\","
	    "unit=\"count\"} 230000\n");
	assert_has(a, "\nindicatord_observations_total{feed=\"p\"} 2\n");
	assert_has(a, "\nindicatord_http_connections_closed_total{reason="
	    "\"evicted\"} 0\n");
	assert_has(a, "\n# EOF\n");
	free(a);
	a = request(port, "GET /report HTTP/1.0\r\n\r\n");
	assert_has(a, "Content-Type: text/html; charset=utf-8");
	assert_has(a, "<section class=\"ind block\" id=\"pat\">");
	free(a);
	a = request(port, "GET /?sort=name HTTP/1.0\r\n\r\n");
	assert_has(a, "Content-Type: text/html; charset=utf-8");
	assert_has(a, "<tbody id=\"i-pat\" data-idx=\"0\"");
	assert_has(a, "<td class=\"num\" rowspan=\"1\">230,000</td>");
	free(a);
	a = request(port, "GET /?sort=%3Cx%3E HTTP/1.0\r\n\r\n");
	assert_has(a, "HTTP/1.1 400 Bad Request");
	assert_has(a, "bad parameter sort: expected name");
	free(a);

	http_stop(h);
	registry_unsubscribe(r, expo_update, e);
	expo_close(e);
	registry_free(r);
	snprintf(text, sizeof(text), "rm -rf '%s'", dir);
	assert_int_equal(system(text), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_answers_from_views),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
