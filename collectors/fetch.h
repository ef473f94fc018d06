/*
 * fetch.h: HTTP(S) GET of a feed body with libcurl. No logging: errors go
 * into the caller's buffer. fetch_url() is thread-safe. fetch_init() loads
 * libcurl (curlso.h) and sets it up, once, on the first call from any
 * thread (fetch_url calls it); fetch_cleanup() once after the last fetch.
 */
#ifndef FETCH_H
#define FETCH_H

#include <stddef.h>

#define FETCH_REDIRS_MAX	3

/*
 * 0 once libcurl is loaded and initialised. -1 with the reason in err
 * ("cannot load libcurl.so.4: libcurl.so.4: cannot open shared object
 * file: No such file or directory"); only the first call tries, later ones
 * give its result.
 */
int	 fetch_init(char *err, size_t errlen);
void	 fetch_cleanup(void);
/*
 * GET url (http or https only, also after redirects; at most
 * FETCH_REDIRS_MAX redirects followed; gzip/deflate accepted). On success
 * returns 0 with *body a NUL-terminated malloc'd copy of the (decoded)
 * body, *len its length without that NUL. Returns -1 with err set to e.g.
 * "HTTP 404 from http://host/x" (any final status outside 200..299),
 * "timeout after 30 s" (the whole transfer exceeded timeout_sec),
 * "body larger than 1048576 bytes" (max_bytes), fetch_init's reason, or
 * libcurl's; user:password in URLs is not repeated in err.
 */
/*
 * As fetch_url, but the transfer is abandoned ("Callback aborted") soon
 * after *cancel becomes non-zero (checked about once a second and on every
 * chunk received). cancel may be NULL.
 */
/* A request as an http feed asks it: fetch_url's GET, or a POST. */
struct fetch_req {
	const char	*url;
	char *const	*headers;	/* "Name: value" lines, NULL-terminated,
					   or NULL; never put into err */
	const char	*post;		/* body to POST, or NULL for a GET */
	long		 timeout_sec;
	size_t		 max_bytes;
	const int	*cancel;	/* may be NULL */
	int		*sized;		/* may be NULL; out: 1 when the final
					   response declared its length
					   (Content-Length), 0 when its end
					   was only the connection's close or
					   the last chunk */
};

/* As fetch_url_cancel, for any request. */
int	 fetch_req(const struct fetch_req *, char **body, size_t *len,
	    char *err, size_t errlen);
int	 fetch_url_cancel(const char *url, long timeout_sec, size_t max_bytes,
	    const int *cancel, char **body, size_t *len, char *err,
	    size_t errlen);
int	 fetch_url(const char *url, long timeout_sec, size_t max_bytes,
	    char **body, size_t *len, char *err, size_t errlen);

#endif
