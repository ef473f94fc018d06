/* fetch.c: feed bodies over HTTP(S) with libcurl, one easy handle a call. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "curlso.h"
#include "fetch.h"
#include "xmalloc.h"

#ifndef INDICATORD_VERSION
#define INDICATORD_VERSION	"dev"
#endif

#define FETCH_URL_QUOTE	200	/* longest URL repeated in an error */

/* The body being received. */
struct fetch_buf {
	CURL	*curl;
	char	*data;
	size_t	 len;
	size_t	 cap;
	size_t	 max;
	int	 toobig;
};

static pthread_once_t	 fetch_once = PTHREAD_ONCE_INIT;
static int		 fetch_ready;	/* 1: initialised, -1: failed */
static char		 fetch_error[512];	/* why, when it failed */

static void
fetch_init_once(void)
{
	CURLcode	 rc;

	fetch_ready = -1;
	if (curlso_load(fetch_error, sizeof(fetch_error)) == -1)
		return;
	if ((rc = curlso.global_init(CURL_GLOBAL_DEFAULT)) != CURLE_OK) {
		snprintf(fetch_error, sizeof(fetch_error),
		    "curl_global_init: %s", curlso.easy_strerror(rc));
		return;
	}
	fetch_ready = 1;
}

/*
 * libcurl's code and set-up (TLS libraries and all) cost about 3 MB of
 * memory: they are loaded by the first fetch or post, or at start-up by a
 * daemon configured to make them, not by one that never makes any.
 */
int
fetch_init(char *err, size_t errlen)
{
	pthread_once(&fetch_once, fetch_init_once);
	if (fetch_ready == 1)
		return 0;
	snprintf(err, errlen, "%s", fetch_error);
	return -1;
}

/*
 * libcurl stays loaded: unloading it gains nothing this close to exit, and
 * leak checkers could no longer name the library behind what it keeps.
 */
void
fetch_cleanup(void)
{
	if (fetch_ready == 1) {
		curlso.global_cleanup();
		snprintf(fetch_error, sizeof(fetch_error),
		    "libcurl was cleaned up");
	}
	fetch_ready = 0;
}

/* Append n bytes, growing geometrically; flags bodies over max. */
static size_t
fetch_write(char *p, size_t size, size_t nmemb, void *arg)
{
	struct fetch_buf	*b = arg;
	size_t			 n = size * nmemb;
	long			 status = 0;

	curlso.easy_getinfo(b->curl, CURLINFO_RESPONSE_CODE, &status);
	if (status >= 300)
		return n;	/* an error page: not kept */
	if (n > b->max - b->len) {
		b->toobig = 1;
		return 0;
	}
	if (b->len + n + 1 > b->cap) {
		while (b->len + n + 1 > b->cap)
			b->cap = b->cap == 0 ? 16384 : b->cap * 2;
		b->data = xreallocarray(b->data, b->cap, 1);
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return n;
}

/* url without "user:password@" for error messages, cut when long. */
static void
fetch_redact(const char *url, char *buf, size_t size)
{
	const char	*host = strstr(url, "://"), *at, *end;
	size_t		 n;

	if (host != NULL) {
		host += 3;
		end = host + strcspn(host, "/?#");
		at = memchr(host, '@', end - host);
		if (at != NULL) {
			n = host - url;
			snprintf(buf, size, "%.*s%.*s", (int)n, url,
			    FETCH_URL_QUOTE, at + 1);
			return;
		}
	}
	snprintf(buf, size, "%.*s", FETCH_URL_QUOTE, url);
}

static void
fetch_setopts(CURL *c, const char *url, long timeout_sec, size_t max_bytes,
    struct fetch_buf *b, char *cerr)
{
	curlso.easy_setopt(c, CURLOPT_URL, url);
	curlso.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curlso.easy_setopt(c, CURLOPT_TIMEOUT, timeout_sec);
	curlso.easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curlso.easy_setopt(c, CURLOPT_MAXREDIRS, (long)FETCH_REDIRS_MAX);
#if LIBCURL_VERSION_NUM >= 0x075500
	curlso.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curlso.easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	curlso.easy_setopt(c, CURLOPT_PROTOCOLS,
	    CURLPROTO_HTTP | CURLPROTO_HTTPS);
	curlso.easy_setopt(c, CURLOPT_REDIR_PROTOCOLS,
	    CURLPROTO_HTTP | CURLPROTO_HTTPS);
#endif
	curlso.easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max_bytes);
	curlso.easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curlso.easy_setopt(c, CURLOPT_USERAGENT,
	    "indicatord/" INDICATORD_VERSION);
	curlso.easy_setopt(c, CURLOPT_WRITEFUNCTION, fetch_write);
	curlso.easy_setopt(c, CURLOPT_WRITEDATA, b);
	curlso.easy_setopt(c, CURLOPT_ERRORBUFFER, cerr);
}

/* The error of a finished transfer, or 0 if it succeeded with 2xx. */
static int
fetch_result(CURLcode rc, struct fetch_buf *b, const char *url,
    long timeout_sec, const char *cerr, char *err, size_t errlen)
{
	char	 u[FETCH_URL_QUOTE + 8];
	long	 status = 0;

	if (rc == CURLE_OPERATION_TIMEDOUT)
		snprintf(err, errlen, "timeout after %ld s", timeout_sec);
	else if (b->toobig || rc == CURLE_FILESIZE_EXCEEDED)
		snprintf(err, errlen, "body larger than %zu bytes", b->max);
	else if (rc == CURLE_TOO_MANY_REDIRECTS)
		snprintf(err, errlen, "more than %d redirects",
		    FETCH_REDIRS_MAX);
	else if (rc != CURLE_OK)
		snprintf(err, errlen, "%s", cerr[0] ? cerr :
		    curlso.easy_strerror(rc));
	if (rc != CURLE_OK)
		return -1;
	curlso.easy_getinfo(b->curl, CURLINFO_RESPONSE_CODE, &status);
	if (status >= 200 && status < 300)
		return 0;
	fetch_redact(url, u, sizeof(u));
	snprintf(err, errlen, "HTTP %ld from %s", status, u);
	return -1;
}

/* 1 if the transfer's final response declared its length. */
static int
fetch_sized(CURL *c)
{
	curl_off_t	 cl = -1;

	if (curlso.easy_getinfo(c, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T,
	    &cl) != CURLE_OK)
		return 0;
	return cl >= 0;
}

/* Abort the transfer once *cancel is set (the daemon is stopping). */
static int
fetch_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow,
    curl_off_t ultotal, curl_off_t ulnow)
{
	const int	*cancel = arg;

	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	return __atomic_load_n(cancel, __ATOMIC_RELAXED) ? 1 : 0;
}

int
fetch_url(const char *url, long timeout_sec, size_t max_bytes, char **body,
    size_t *len, char *err, size_t errlen)
{
	return fetch_url_cancel(url, timeout_sec, max_bytes, NULL, body, len,
	    err, errlen);
}

int
fetch_url_cancel(const char *url, long timeout_sec, size_t max_bytes,
    const int *cancel, char **body, size_t *len, char *err, size_t errlen)
{
	struct fetch_req	 rq = { url, NULL, NULL, timeout_sec, max_bytes,
	    cancel, NULL };

	return fetch_req(&rq, body, len, err, errlen);
}

/* The request's headers and POST body on c; headers go into *hl. */
static int
fetch_setreq(CURL *c, const struct fetch_req *rq, struct curl_slist **hl,
    char *err, size_t errlen)
{
	struct curl_slist	*l;
	size_t			 i;

	for (i = 0; rq->headers != NULL && rq->headers[i] != NULL; i++) {
		if ((l = curlso.slist_append(*hl, rq->headers[i])) == NULL) {
			snprintf(err, errlen, "out of memory for headers");
			return -1;
		}
		*hl = l;
	}
	if (*hl != NULL)
		curlso.easy_setopt(c, CURLOPT_HTTPHEADER, *hl);
	if (rq->post != NULL) {
		curlso.easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)strlen(rq->post));
		curlso.easy_setopt(c, CURLOPT_POSTFIELDS, rq->post);
	}
	if (rq->cancel != NULL) {
		curlso.easy_setopt(c, CURLOPT_XFERINFOFUNCTION,
		    fetch_progress);
		curlso.easy_setopt(c, CURLOPT_XFERINFODATA, rq->cancel);
		curlso.easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	}
	return 0;
}

int
fetch_req(const struct fetch_req *rq, char **body, size_t *len, char *err,
    size_t errlen)
{
	struct fetch_buf	 b;
	struct curl_slist	*hl = NULL;
	char			 cerr[CURL_ERROR_SIZE];
	CURLcode		 rc;
	int			 ret = -1;

	memset(&b, 0, sizeof(b));
	cerr[0] = '\0';
	b.max = rq->max_bytes;
	if (fetch_init(err, errlen) == -1)
		return -1;
	if ((b.curl = curlso.easy_init()) == NULL) {
		snprintf(err, errlen, "curl_easy_init failed");
		return -1;
	}
	fetch_setopts(b.curl, rq->url, rq->timeout_sec, rq->max_bytes, &b,
	    cerr);
	if (fetch_setreq(b.curl, rq, &hl, err, errlen) == -1)
		goto out;
	rc = curlso.easy_perform(b.curl);
	if (fetch_result(rc, &b, rq->url, rq->timeout_sec, cerr, err,
	    errlen) == -1)
		goto out;
	if (rq->sized != NULL)
		*rq->sized = fetch_sized(b.curl);
	if (b.data == NULL)
		b.data = xcalloc(1, 1);
	*body = b.data;
	*len = b.len;
	b.data = NULL;
	ret = 0;
out:
	free(b.data);
	curlso.easy_cleanup(b.curl);
	curlso.slist_free_all(hl);
	return ret;
}
