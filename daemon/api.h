/*
 * api.h: the JSON API and the push endpoint, independent of the HTTP
 * transport: each call yields a status code, a content type and a body.
 */
#ifndef API_H
#define API_H

#include <stddef.h>

#include "buf.h"

struct registry;
struct view;

struct api_reply {
	unsigned int	 status;
	const char	*ctype;
	struct buf	 body;
	const char	*vary;		/* a Vary header's value, or NULL */
	char		 filename[128];	/* "": inline; else the download's
					   name (Content-Disposition) */
};

/*
 * POST /api/v1/observations: parse (CSV or JSON by content type, or by the
 * body's first byte), then ingest all-or-nothing. 200 with counts, 400
 * naming the first bad line, 503 when the journal cannot be written.
 * Takes body: it is freed once parsed (a push of 100,000 lines is 3 MB).
 */
void	 api_push(struct registry *, struct buf *body, const char *ctype,
	    struct api_reply *);
/*
 * GET /api/v1/indicators: every configured indicator, without series, a
 * piece at a time as HTTP sends it (a jansson tree of the whole list, or
 * the whole text, costs hundreds of MB at 100,000 indicators). *next is 0
 * at first; each call appends to b the next indicators, about
 * API_LIST_PIECE bytes, and returns 1, or 0 once the list's end is
 * written.
 */
#define API_LIST_PIECE	(64 * 1024)
int	 api_indicators_next(const struct view *, size_t *next, struct buf *b);
/*
 * GET /api/v1/feeds: every feed's state: up, last success and attempt,
 * last error, counters, and the map entries its last good run did not
 * match. Never a feed's URL, headers or body: they may hold keys.
 */
void	 api_feeds(const struct view *, struct api_reply *);
/* GET /api/v1/indicators/<id>: one indicator with its series; 404. */
void	 api_indicator(const struct view *, const char *id,
	    struct api_reply *);
/*
 * GET /api/v1/export?format=openmetrics: every stored observation of the
 * configured indicators (export.h); format NULL is openmetrics, another is
 * a 400.
 */
void	 api_export(const struct view *, const char *format,
	    struct api_reply *);
/* Constant-time comparison of a presented token with the configured one. */
int	 api_token_equal(const char *given, const char *want);

#endif
