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

#define PLOT_C_SERIES		"#0B57D0"
#define PLOT_C_AREA		"#0B57D022"
#define PLOT_C_PROJ		"#8250DF"
#define PLOT_C_REQUIRED		"#57606A"
#define PLOT_C_NOTE		"#9A6700"
#define PLOT_C_BAND		"#8250DF33"

/*
 * The fonts: a pango family list, so that fontconfig takes the CJK font
 * for what DejaVu has no glyph for (Chinese) and its Simplified Chinese
 * shapes rather than the Japanese ones a bare fallback may pick.
 */
#define PLOT_FONT		"DejaVu Sans,Noto Sans CJK SC"
#define PLOT_FONT_MONO		"DejaVu Sans Mono,Noto Sans Mono CJK SC"

/* What the probe learnt and the choices derived from it. */
struct plot {
	const struct graph_spec *spec;
	double		 dmin, dmax;	/* data in the window, NAN: none */
	double		 scale;		/* divisor for everything drawn */
	const char	*scale_name;	/* "thousands", "万", ... or NULL */
	double		 cap;		/* scaled; curves above are cut */
	double		 bottom, top;	/* scaled y range, NAN: automatic */
	double		 ystep;		/* y grid step, with bottom/top */
	int		 ydigits;	/* decimals of the y labels */
	size_t		 legend_chars;	/* legend columns that fit the width */
	int		 no_legend;	/* leave out the legend, */
	int		 no_title;	/*   the title (a small image) */
	double		 start, end;	/* window, seconds */
};

/* The legend's columns that fit the spec's width (legend_width). */
size_t	 plot_legend_chars(const struct graph_spec *);
/* A target status's colour: "on_track" is green, ...; NULL is grey. */
const char *plot_status_color(const char *status);


/* UTC seconds of decimal year y: start of its year plus the fraction. */
double	 plot_year_time(double y);
/* --start and --end of the window, --daemon when the spec names one. */
void	 plot_add_window(struct rrdargs *, const struct plot *);
/* DEF:raw, the RRD's values. */
void	 plot_add_def(struct rrdargs *, const struct plot *);
/*
 * scale, scale_name and cap, from dmin and dmax and the spec's values: in
 * thousands, millions, billions, trillions in English, in 万, 亿, 万亿 in
 * Chinese.
 */
void	 plot_choose_scale(struct plot *);
/* bottom, top, ystep and ydigits, after plot_choose_scale. */
void	 plot_choose_range(struct plot *);
/*
 * The whole graph from "graphv" on but its legend (legend_add). Draw order
 * sets what lies on top: paths, bars, data, projection. Returns what was
 * drawn of the optional lines, for the legend.
 */
#define PLOT_PROJ	0x1	/* a projection or a trend fit */
#define PLOT_REQUIRED	0x2	/* a required path */
#define PLOT_BAND	0x4	/* a prediction interval */
int	 plot_build(struct rrdargs *, const struct plot *);

#endif
