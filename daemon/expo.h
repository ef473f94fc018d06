/*
 * expo.h: the /metrics exposition as served: a subscriber of the
 * registry's views that renders each new one's indicators (metrics.h), of
 * every selection scraped (every indicator, a feed's, a shard's), on a
 * thread of its own once changes settle, and answers scrapes with kept
 * responses, gzip or plain, text 0.0.4 or OpenMetrics. The feed families,
 * process_* and the parts others add (expo_add_tail) form the tail,
 * rendered when what it is made from changes.
 */
#ifndef EXPO_H
#define EXPO_H

#include <microhttpd.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "mquery.h"
#include "view.h"

struct expo;
struct snapshot;

/* A part of the tail: its text, and a number that moves when it changes. */
typedef void	 (*expo_tail_fn)(void *arg, struct buf *, int om);
typedef uint64_t (*expo_gen_fn)(void *arg);
#define EXPO_TAILS_MAX	4
/* Selections (mquery.h) kept rendered at once, every indicator's included. */
#define EXPO_SELS_MAX	16

/* Starts the rendering thread; NULL with err set. */
struct expo	*expo_open(char *err, size_t errlen);
/* A registry_cb: arg is the struct expo. */
void		 expo_update(void *arg, struct view *);
/* Append a part to the tail, after those added before. */
void		 expo_add_tail(struct expo *, expo_tail_fn, expo_gen_fn,
		    void *arg);
/*
 * Queue the exposition of the indicators q selects on c, in OpenMetrics
 * (om) or text 0.0.4, gzip or not, once it shows every view given before
 * the call. A selection asked for is rendered after every change from
 * then on, as every indicator's is, until nobody asked for it in 15
 * minutes; at most EXPO_SELS_MAX at once (a 503 past them).
 */
enum MHD_Result	 expo_queue(struct expo *, struct MHD_Connection *c,
		    const struct mquery *q, int om, int gz);
/* Whether the newest view has a feed of that name. */
int		 expo_has_feed(struct expo *, const char *feed);
/*
 * The snapshot of every indicator that expo_queue would serve now (a
 * reference; NULL only while stopping), and the view it is rendered from
 * in *vp (a reference).
 */
struct snapshot	*expo_snapshot(struct expo *, struct view **vp);
void		 expo_close(struct expo *);

#endif
