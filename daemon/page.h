/*
 * page.h: what every HTML page shares. Escaping, the head with the one
 * stylesheet (screen, phone down to 360 px, print), the header with the
 * plan's title and the language switch, the footer, a status in words
 * with its colour, and an indicator's name and source in the page's
 * language. Pure: writes into a struct buf, never fetches anything.
 */
#ifndef PAGE_H
#define PAGE_H

#include "buf.h"
#include "eval.h"
#include "lang.h"

struct config;
struct indicator_conf;
struct view;

/* Append s with &, <, >, " and ' escaped: for text and quoted attributes. */
void	 page_html(struct buf *, const char *s);
/* Append s percent-encoded for a URL's query value (RFC 3986 unreserved
   bytes as they are, every other byte %XX). */
void	 page_urlenc(struct buf *, const char *s);

/*
 * The document's start: doctype, <html lang>, the head (title, viewport,
 * the shared stylesheet, then css when not NULL), and the header: the
 * plan's title (page_title), the date of the view, links to the overview
 * and the language switch. self is the page's path and query without a
 * lang parameter, already URL-encoded: the switch links to it with
 * lang=en or lang=zh added. heading is the page's <h1>, escaped here.
 */
void	 page_begin(struct buf *, const struct view *, enum lang,
	    const char *heading, const char *self, const char *css);
/* The footer (the API and metrics links, the version) and the end. */
void	 page_end(struct buf *, enum lang);

/*
 * A status badge: <span class="badge on_track">, a symbol and the status
 * in words in the page's language, so that colour is never the only
 * signal. The class is eval_status_name(st).
 */
void	 page_status(struct buf *, enum lang, enum eval_status st);

/*
 * A data age (seconds) as the overview and the indicator page show it:
 * whole days elapsed (a negative age is 0 days) under 90 days, else years
 * to one decimal; "no data" for NaN. The downloads give the exact figure.
 */
void	 page_age(struct buf *, double age, enum lang);
/*
 * The stale badge, as every page shows it: <span class="badge stale">, an
 * hourglass (aria-hidden) and "Stale" in the page's language.
 */
void	 page_stale(struct buf *, enum lang);

/* The plan's title in l: http.title_zh for Chinese when set, else
   http.title, else the interface's own words. */
const char *page_title(const struct config *, enum lang);
/* An indicator's name and source in l: name_zh/source_zh for Chinese
   when set, else name/source. */
const char *page_name(const struct indicator_conf *, enum lang);
const char *page_source(const struct indicator_conf *, enum lang);

#endif
