/*
 * expo.h: the /metrics exposition as served: a subscriber of the
 * registry's views that renders each new one's indicators (metrics.h) on
 * a thread of its own once changes settle, and answers scrapes with kept
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
#include "view.h"

struct expo;
struct snapshot;

/* A part of the tail: its text, and a number that moves when it changes. */
typedef void	 (*expo_tail_fn)(void *arg, struct buf *, int om);
typedef uint64_t (*expo_gen_fn)(void *arg);
#define EXPO_TAILS_MAX	4

/* Starts the rendering thread; NULL with err set. */
struct expo	*expo_open(char *err, size_t errlen);
/* A registry_cb: arg is the struct expo. */
void		 expo_update(void *arg, struct view *);
/* Append a part to the tail, after those added before. */
void		 expo_add_tail(struct expo *, expo_tail_fn, expo_gen_fn,
		    void *arg);
/*
 * Queue the exposition on c, in OpenMetrics (om) or text 0.0.4, gzip or
 * not, once it shows every view given before the call.
 */
enum MHD_Result	 expo_queue(struct expo *, struct MHD_Connection *c, int om,
		    int gz);
/*
 * The snapshot that expo_queue would serve now (a reference), and the view
 * it is rendered from in *vp (a reference).
 */
struct snapshot	*expo_snapshot(struct expo *, struct view **vp);
void		 expo_close(struct expo *);

#endif
