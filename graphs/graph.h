/*
 * graph.h: trend graphs of one indicator as PNG or SVG, rendered in memory
 * by librrd's rrd_graph_v. What to draw is a struct graph_spec (spec.h,
 * which this header brings to every caller).
 */
#ifndef GRAPH_H
#define GRAPH_H

#include <stddef.h>

#include "spec.h"

/* A rendered graph; data is malloc'd and owned by the caller. */
struct graph_image {
	unsigned char	*data;		/* PNG, or SVG (UTF-8 XML) */
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
 * Render the spec in its format in memory. 0, or -1 with a message in err
 * (bad spec, unreadable RRD, rrdcached down). Safe from any thread: renders
 * are serialised. An RRD without data in the window renders with a "no
 * data" note. Unless spec->canvas, the image is width x height exactly;
 * when the legend would leave the plot less than a third of the height
 * (or under 40 pixels) it is left out, then the title too. Text is drawn
 * in "DejaVu Sans" with "Noto Sans CJK SC" for Chinese glyphs. An SVG's
 * text is drawn as glyph outlines, so the title is also its <title> and
 * the targets' statuses its <desc>. The caller frees img->data.
 */
int	 graph_render_image(const struct graph_spec *, struct graph_image *img,
	    char *err, size_t errlen);
/* As graph_render_image, returning only the bytes; *data is malloc'd. */
int	 graph_render(const struct graph_spec *, unsigned char **data,
	    size_t *len, char *err, size_t errlen);

#endif
