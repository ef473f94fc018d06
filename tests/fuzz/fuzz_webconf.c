/*
 * fuzz_webconf.c: libFuzzer target for the web configuration file and the
 * Authorization header. Input: one byte choosing the reader, then the text.
 * Invariants: a parsed web config has, for every user, a hash of 60
 * characters; TLS implies PEM text for cert and key; min <= max version; a
 * parsed Authorization header gives a user without ':' and NUL-free parts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "webauth.h"
#include "webconf.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_conf(const char *text, size_t len)
{
	struct webconf	*wc;
	char		 err[512];
	size_t		 i;

	if ((wc = webconf_parse("fuzz.yml", text, len, err,
	    sizeof(err))) == NULL) {
		if (strncmp(err, "fuzz.yml", 8) != 0)
			abort();
		return;
	}
	for (i = 0; i < wc->nusers; i++)
		if (strlen(wc->users[i].hash) != 60 ||
		    strchr(wc->users[i].name, ':') != NULL)
			abort();
	if (wc->tls && (wc->cert == NULL || wc->key == NULL ||
	    wc->min_version > wc->max_version))
		abort();
	webconf_free(wc);
}

static void
check_header(const char *text)
{
	char	 u[WEBAUTH_MAX + 1], p[WEBAUTH_MAX + 1];

	if (webauth_parse(text, u, p) == 0 && strchr(u, ':') != NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s;

	if (size < 1 || size > 65536)
		return 0;
	s = malloc(size);
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	if (data[0] & 1)
		check_header(s);
	else
		check_conf(s, strlen(s));
	free(s);
	return 0;
}
