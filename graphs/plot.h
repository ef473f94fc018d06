/*
 * plot.h: the layout of one trend graph (its window, y scale, range and
 * grid, chosen from what the probe found) and the rrd_graph_v arguments
 * that draw it. Pure: builds strings, calls no librrd. Internal to
 * graphs/: other modules use graph.h.
 */
#ifndef PLOT_H
#define PLOT_H

#include <stddef.h>

#include "rrdargs.h"
#include "spec.h"

/* What the probe learnt and the choices derived from it. */
struct plot {
	const struct graph_spec *spec;
	double		 dmin, dmax;	/* data in the window, NAN: none */
	double		 scale;		/* divisor for everything drawn */
	const char	*scale_name;	/* "thousands", ... or NULL */
	double		 cap;		/* scaled; curves above are cut */
	double		 bottom, top;	/* scaled y range, NAN: automatic */
	double		 ystep;		/* y grid step, with bottom/top */
	int		 ydigits;	/* decimals of the y labels */
	size_t		 legend_chars;	/* legend line that fits the width */
	double		 start, end;	/* window, seconds */
};


/* UTC seconds of decimal year y: start of its year plus the fraction. */
double	 plot_year_time(double y);
/* --start and --end of the window, --daemon when the spec names one. */
void	 plot_add_window(struct rrdargs *, const struct plot *);
/* DEF:raw, the RRD's values. */
void	 plot_add_def(struct rrdargs *, const struct plot *);
/* scale, scale_name and cap, from dmin and dmax and the spec's values. */
void	 plot_choose_scale(struct plot *);
/* bottom, top, ystep and ydigits, after plot_choose_scale. */
void	 plot_choose_range(struct plot *);
/*
 * The whole graph from "graphv" on. Draw order sets what lies on top:
 * paths, bars, data, projection.
 */
void	 plot_build(struct rrdargs *, const struct plot *);

#endif
