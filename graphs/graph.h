/*
 * graph.h: trend graphs of one indicator as PNG, rendered in memory by
 * librrd's rrd_graph_v. What to draw is a struct graph_spec (spec.h, which
 * this header brings to every caller).
 */
#ifndef GRAPH_H
#define GRAPH_H

#include <stddef.h>

#include "spec.h"

/* A rendered graph; png is malloc'd and owned by the caller. */
struct graph_image {
	unsigned char	*png;
	size_t		 len;
	long		 width;		/* whole image as rrdtool reports it */
	long		 height;
};

/*
 * Prepare the module (the lock that serialises librrd's graphing, which is
 * not thread-safe). Idempotent; graph_render calls it too.
 */
void	 graph_init(void);
/*
 * Check a spec without rendering. 0, or -1 with a message in err.
 */
int	 graph_check(const struct graph_spec *, char *err, size_t errlen);
/*
 * Render the spec to a PNG in memory. 0, or -1 with a message in err (bad
 * spec, unreadable RRD, rrdcached down). Safe from any thread: renders are
 * serialised. An RRD without data in the window renders with a "no data"
 * note. The caller frees img->png.
 */
int	 graph_render_image(const struct graph_spec *, struct graph_image *img,
	    char *err, size_t errlen);
/* As graph_render_image, returning only the bytes; *png is malloc'd. */
int	 graph_render(const struct graph_spec *, unsigned char **png,
	    size_t *len, char *err, size_t errlen);

#endif
