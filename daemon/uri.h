/*
 * uri.h: parsing of request paths and query parameters (untrusted input).
 * libmicrohttpd hands over the path percent-decoded and the query as
 * decoded key/value pairs; these functions judge them. Pure: no logging.
 */
#ifndef URI_H
#define URI_H

#include <stddef.h>

#include "obs.h"

struct graph_query {
	int	 from;		/* first year, default 2015 */
	int	 to;		/* last year, default 2035 */
	int	 width;		/* default 800, 100..4000 */
	int	 height;	/* default 300, 80..2000 */
};

/*
 * If path is prefix + ID + suffix with a valid indicator id, copy the id
 * into id (OBS_ID_MAX + 1 bytes) and return 1; return 0 when the path does
 * not have that shape, -1 when it does but the id is invalid (too long, bad
 * characters, "..", NUL): a 404 either way, never a file name.
 */
int	 uri_match_id(const char *path, size_t pathlen, const char *prefix,
	    const char *suffix, char *id);
/*
 * Judge a raw request target (path and query as sent, before
 * percent-decoding, which cuts a string at %00): URI_RAW_BADPATH if its
 * path holds %00 (a 404), URI_RAW_BADQUERY if its query does (a 400),
 * otherwise URI_RAW_OK.
 */
#define URI_RAW_OK		0
#define URI_RAW_BADPATH		1
#define URI_RAW_BADQUERY	2
int	 uri_raw_check(const char *target);
void	 uri_graph_defaults(struct graph_query *);
/*
 * Apply one query parameter (from, to, width, height: decimal integers in
 * range; lang: en or zh, checked only). -1 with "bad parameter
 * width=\"abc\": ..." in err.
 */
int	 uri_graph_param(struct graph_query *, const char *key,
	    const char *value, char *err, size_t errlen);
/* Cross-parameter checks (from < to). */
int	 uri_graph_check(const struct graph_query *, char *err, size_t errlen);

#endif
