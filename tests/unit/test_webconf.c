/*
 * test_webconf.c: the exporter-toolkit web configuration (daemon/webconf.c)
 * and basic authentication against its bcrypt hashes (daemon/webauth.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "webauth.h"
#include "webconf.h"

/* PHP's password_hash documentation: "rasmuslerdorf" at cost 10. */
#define RASMUS	"$2y$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a"

static char	 dir[64];

static void
put(const char *name, const char *text)
{
	char	 path[128];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* The whole of DIR/name, malloc'd. */
static char *
slurp(const char *name)
{
	char	 path[128], *buf;
	FILE	*f;
	long	 n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test_webconf.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	char	 cmd[512];

	/* A real self-signed certificate and key, made by openssl. */
	snprintf(cmd, sizeof(cmd), "cd %s && openssl req -x509 -newkey ec "
	    "-pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server.key "
	    "-out server.crt -subj /CN=127.0.0.1 -days 2 2>/dev/null && "
	    "cp server.crt ca.crt && openssl req -x509 -newkey ec -pkeyopt "
	    "ec_paramgen_curve:P-256 -nodes -keyout other.key -out other.crt "
	    "-subj /CN=other -days 2 2>/dev/null", dir);
	if (system(cmd) != 0)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	char	 cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A node_exporter web config, relative paths beside the file. */
static void
test_full(void **state)
{
	struct webconf	*wc;
	char		 path[128], err[512], *text;

	(void)state;
	put("web.yml",
	    "# node_exporter's\n"
	    "tls_server_config:\n"
	    "  cert_file: server.crt\n"
	    "  key_file: server.key\n"
	    "  client_auth_type: RequireAndVerifyClientCert\n"
	    "  client_ca_file: ca.crt\n"
	    "  client_allowed_sans: [prometheus.example.org, 127.0.0.1]\n"
	    "  min_version: TLS13\n"
	    "  cipher_suites: [TLS_AES_128_GCM_SHA256]\n"
	    "http_server_config:\n"
	    "  http2: false\n"
	    "  headers:\n"
	    "    X-Frame-Options: deny\n"
	    "    Strict-Transport-Security: ''\n"
	    "basic_auth_users:\n"
	    "  alice: " RASMUS "\n"
	    "  bob: '$2b$12$abcdefghijklmnopqrstuuAbCdEfGhIjKlMnOpQrStUvWxYz01234'\n"
	    "rate_limit: { interval: 1s, burst: 20 }\n");
	snprintf(path, sizeof(path), "%s/web.yml", dir);
	wc = webconf_load(path, err, sizeof(err));
	if (wc == NULL)
		fail_msg("%s", err);
	assert_true(wc->tls);
	text = slurp("server.crt");
	assert_string_equal(wc->cert, text);
	assert_string_equal(wc->client_ca, text);
	free(text);
	text = slurp("server.key");
	assert_string_equal(wc->key, text);
	free(text);
	snprintf(path, sizeof(path), "%s/server.key", dir);
	assert_string_equal(wc->key_file, path);
	assert_int_equal(wc->client_auth, WEBCONF_REQUIRE_AND_VERIFY_CLIENT_CERT);
	assert_string_equal(wc->allowed_sans[0], "prometheus.example.org");
	assert_string_equal(wc->allowed_sans[1], "127.0.0.1");
	assert_null(wc->allowed_sans[2]);
	assert_int_equal(wc->min_version, WEBCONF_TLS13);
	assert_int_equal(wc->max_version, WEBCONF_TLS13);
	assert_int_equal(wc->nheaders, 1);
	assert_string_equal(wc->headers[0].name, "X-Frame-Options");
	assert_string_equal(wc->headers[0].value, "deny");
	assert_int_equal(wc->nusers, 2);
	assert_string_equal(webconf_user_hash(wc, "alice"), RASMUS);
	assert_null(webconf_user_hash(wc, "carol"));
	assert_string_equal(wc->ignored, "rate_limit, cipher_suites, http2");
	webconf_free(wc);
}

/* Only users, or nothing at all. */
static void
test_minimal(void **state)
{
	struct webconf	*wc;
	char		 err[512];

	(void)state;
	wc = webconf_parse("w.yml", "basic_auth_users:\n  alice: " RASMUS
	    "\n", strlen("basic_auth_users:\n  alice: " RASMUS "\n"), err,
	    sizeof(err));
	if (wc == NULL)
		fail_msg("%s", err);
	assert_false(wc->tls);
	assert_int_equal(wc->nusers, 1);
	assert_string_equal(wc->ignored, "");
	webconf_free(wc);
	wc = webconf_parse("w.yml", "", 0, err, sizeof(err));
	assert_non_null(wc);
	assert_false(wc->tls);
	assert_int_equal(wc->nusers, 0);
	webconf_free(wc);
}

static const struct {
	const char	*text;
	const char	*err;
} bad[] = {
	{ "tls_server_config:\n  cert_file: server.crt\n  key_file: [a\n",
	  "W:4: did not find expected ',' or ']'" },
	{ "basic_auth_user:\n  a: b\n", "W:1: the web configuration: unknown "
	  "key \"basic_auth_user\"" },
	{ "tls_server_config:\n  cert_file: server.crt\n  keyfile: x\n",
	  "W:3: tls_server_config: unknown key \"keyfile\"" },
	{ "tls_server_config:\n  cert_file: server.crt\n",
	  "W:2: tls_server_config: missing key_file (or key)" },
	{ "tls_server_config:\n  cert_file: server.crt\n  cert: x\n  key_file: server.key\n",
	  "W:2: tls_server_config: set cert or cert_file, not both" },
	{ "tls_server_config:\n  cert_file: nothere.crt\n  key_file: server.key\n",
	  "W:2: tls_server_config: cert_file \"DIR/nothere.crt\": No such file or directory" },
	{ "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: Always\n",
	  "W:4: tls_server_config: client_auth_type must be NoClientCert, RequestClientCert, RequireAnyClientCert, VerifyClientCertIfGiven or RequireAndVerifyClientCert" },
	{ "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: RequireAndVerifyClientCert\n",
	  "W:4: tls_server_config: client_auth_type RequireAndVerifyClientCert needs client_ca_file or client_ca" },
	{ "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  min_version: TLS13\n  max_version: TLS12\n",
	  "W:4: tls_server_config: min_version TLS13 is above max_version TLS12" },
	{ "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  min_version: SSL3\n",
	  "W:4: tls_server_config: min_version must be TLS10, TLS11, TLS12 or TLS13" },
	{ "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_allowed_sans: [a]\n",
	  "W:4: tls_server_config: client_allowed_sans needs client_auth_type RequireAnyClientCert or RequireAndVerifyClientCert" },
	{ "basic_auth_users:\n  alice: secret\n",
	  "W:2: basic_auth_users: user \"alice\": not a bcrypt hash ($2y$10$ and 53 characters, e.g. from htpasswd -nBC 10 \"\")" },
	{ "basic_auth_users:\n  alice: " RASMUS "\n  alice: " RASMUS "\n",
	  "W:3: basic_auth_users: user \"alice\" twice" },
	{ "basic_auth_users:\n  'a:b': " RASMUS "\n",
	  "W:2: basic_auth_users: user \"a:b\": a name must be non-empty, without ':'" },
	{ "http_server_config:\n  headers:\n    X-Powered-By: me\n",
	  "W:3: http_server_config: headers: unknown key \"X-Powered-By\"" },
	{ "- a\n- b\n", "W:1: the web configuration must be a mapping" },
	{ "tls_server_config:\n  cert_file: server.crt\n  key_file: other.key\n",
	  "W:3: tls_server_config: cert_file and key_file: The certificate and the given key do not match." },
	{ "tls_server_config:\n  cert_file: server.crt\n  key_file: server.crt\n",
	  "W:3: tls_server_config: cert_file and key_file: The requested data were not available." },
};

static void
test_errors(void **state)
{
	struct webconf	*wc;
	char		 name[128], err[512], want[512], *p;
	size_t		 i;

	(void)state;
	snprintf(name, sizeof(name), "%s/w.yml", dir);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		wc = webconf_parse(name, bad[i].text, strlen(bad[i].text), err,
		    sizeof(err));
		if (wc != NULL)
			fail_msg("case %zu: accepted", i);
		/* W is the file's name, DIR its directory. */
		snprintf(want, sizeof(want), "%s%s", name, bad[i].err + 1);
		if ((p = strstr(want, "DIR")) != NULL) {
			char	 tail[512];

			snprintf(tail, sizeof(tail), "%s", p + 3);
			snprintf(p, sizeof(want) - (size_t)(p - want), "%s%s",
			    dir, tail);
		}
		if (strcmp(err, want) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, err,
			    want);
	}
}

static void
test_parse_basic(void **state)
{
	char	 u[WEBAUTH_MAX + 1], p[WEBAUTH_MAX + 1];

	(void)state;
	/* RFC 7617's example: Aladdin / open sesame. */
	assert_int_equal(webauth_parse("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
	    u, p), 0);
	assert_string_equal(u, "Aladdin");
	assert_string_equal(p, "open sesame");
	assert_int_equal(webauth_parse("basic  YTo= ", u, p), 0);
	assert_string_equal(u, "a");
	assert_string_equal(p, "");
	assert_int_equal(webauth_parse("Basic YTpiOmM=", u, p), 0);
	assert_string_equal(p, "b:c");
	assert_int_equal(webauth_parse("Bearer QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
	    u, p), -1);
	assert_int_equal(webauth_parse("Basic YWxhZGRpbg==", u, p), -1);
	assert_int_equal(webauth_parse("Basic QWxh=GRp", u, p), -1);
	assert_int_equal(webauth_parse("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ",
	    u, p), -1);
	assert_int_equal(webauth_parse("Basic YQBiOmM=", u, p), -1);
	assert_int_equal(webauth_parse("Basic ", u, p), -1);
	assert_int_equal(webauth_parse(NULL, u, p), -1);
}

static void
test_check(void **state)
{
	struct webconf	*wc;
	struct webauth	*a;
	char		 err[512];
	const char	*text = "basic_auth_users:\n  alice: " RASMUS "\n";

	(void)state;
	wc = webconf_parse("w.yml", text, strlen(text), err, sizeof(err));
	assert_non_null(wc);
	a = webauth_new();
	/* alice:rasmuslerdorf */
	assert_int_equal(webauth_check(a, wc,
	    "Basic YWxpY2U6cmFzbXVzbGVyZG9yZg=="), 1);
	assert_int_equal(webauth_check(a, wc,
	    "Basic YWxpY2U6cmFzbXVzbGVyZG9yZg=="), 1);	/* cached */
	/* alice:rasmuslerdorF */
	assert_int_equal(webauth_check(a, wc,
	    "Basic YWxpY2U6cmFzbXVzbGVyZG9yRg=="), 0);
	/* bob:rasmuslerdorf */
	assert_int_equal(webauth_check(a, wc,
	    "Basic Ym9iOnJhc211c2xlcmRvcmY="), 0);
	assert_int_equal(webauth_check(a, wc, "Basic !!"), 0);
	webauth_free(a);
	webconf_free(wc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_minimal),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_parse_basic),
		cmocka_unit_test(test_check),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
