/*
 * ovcache.h: the overview as served: its rendered bytes, and a gzip of
 * them once a client accepts gzip, kept per (view, language, canonical
 * query) in a few slots, so that repeated requests between two changes
 * of the registry cost a lookup and no render. Like /metrics (expo.h) the
 * answer is made at most once per view and kept; unlike it, it is made
 * at the first request after a change rather than ahead of it: a render
 * of 1,000 indicators costs a few milliseconds (bench/README.md,
 * "overview"), and most views are never looked at.
 */
#ifndef OVCACHE_H
#define OVCACHE_H

#include <microhttpd.h>

#include "lang.h"

struct ovcache;
struct view;

/* How many answers are kept: LRU, those of older views dropped first. */
#define OVCACHE_SLOTS	8

struct ovcache	*ovcache_new(void);
void		 ovcache_free(struct ovcache *);
/*
 * Answer GET / on c from v in l: 400 naming a bad parameter of the query
 * (or an unknown feed), else the page, gzip when gz.
 */
enum MHD_Result	 ovcache_serve(struct ovcache *, struct MHD_Connection *c,
		    const struct view *v, enum lang l, int gz);
/* Requests answered from a kept render, and renders made (for tests). */
void		 ovcache_stats(struct ovcache *, unsigned long long *hits,
		    unsigned long long *renders);

#endif
