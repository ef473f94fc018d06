/*
 * spec.h: what one trend graph is asked to show (struct graph_spec, its
 * targets and notes) and the pure functions over it. graph.c checks and
 * renders a spec, plot.c lays it out; callers reach it through graph.h.
 *
 * Time: every "decimal year" here follows period_decimal_year(): a point
 * with decimal year y stands for a period that ENDS at y + 1, so the annual
 * period 2024 is 2024.0 and its value is drawn over 2024-01-01..2025-01-01,
 * ending where the RRD holds it. Points (latest value, baseline, projected
 * and target values) are therefore placed at the end of their period: the
 * marker of a target for year T is drawn over the year T and ends at
 * (T+1)-01-01, where the projection and the required path reach it.
 * Year labels sit in the middle of the year they name.
 */
#ifndef SPEC_H
#define SPEC_H

#include <stddef.h>

#include "lang.h"

#define GRAPH_MAX_TARGETS	16
/*
 * librrd 1.7.2 refuses to fetch from before 1980 ("the first entry to fetch
 * should be after 1980") and reads a --start below 315360000 as a date, not
 * seconds, so graphs start in 1980 at the earliest.
 */
#define GRAPH_MIN_YEAR		1980
#define GRAPH_MAX_YEAR		2200

struct graph_target {
	int		 year;		/* T: the annual period the target is for */
	double		 value;
	int		 kind;		/* 0 min ("more than"), 1 max ("no more than") */
	const char	*status;	/* "on_track", ...; NULL is "unknown" */
	const char	*status_text;	/* the status in the graph's language,
					   "on track"; NULL: status */
	double		 ratio;		/* R, NAN if unknown */
	double		 projected;	/* value projected to T, NAN if unknown */
	double		 base_t;	/* baseline decimal year, NAN if none */
	double		 base_v;	/* baseline value, NAN if none */
	double		 lower;		/* prediction interval at T (method */
	double		 upper;		/*   trend), NAN if none */
	double		 trend_growth;	/* method trend: the fit's growth per
					   year (a rate, or a slope when not
					   trend_log), so that the line drawn
					   to T is the fit; NAN otherwise */
	int		 trend_log;	/* the fit is of log(value) */
};

/* An event that explains the data, drawn as a marked line at its time. */
struct graph_note {
	double		 t;		/* UTC seconds: the period's end */
	const char	*text;		/* "2022: method change" */
};

/* The image's format. */
enum graph_format {
	GRAPH_PNG = 0,
	GRAPH_SVG
};

struct graph_spec {
	const char	*rrd_path;
	const char	*daemon;	/* rrdcached address, NULL for none */
	const char	*title;		/* NULL: no title; in the graph's lang */
	const char	*unit;		/* config unit ("yuan"), NULL: none */
	enum lang	 lang;		/* of the legend, axis label and scale */
	enum graph_format format;
	int		 from_year;	/* first year shown */
	int		 to_year;	/* last year shown (inclusive) */
	int		 width;		/* the whole image (rrdtool's full-size */
	int		 height;	/*   mode), or the canvas with canvas */
	int		 canvas;	/* 1: rrdtool adds axes, title, legend */
	double		 latest_t;	/* decimal year, NAN if no data */
	double		 latest_v;
	double		 growth;	/* CAGR per year, or slope if linear; NAN */
	int		 linear;	/* 1: projection and required paths linear */
	const struct graph_target *targets;
	size_t		 ntargets;
	const struct graph_note *notes;	/* NULL when none */
	size_t		 nnotes;
	double		 interval;	/* level of the targets' intervals */
};

/*
 * The trend fit of t (trend_growth, trend_log) at decimal year at, through
 * its projection at T: where the graph's fit line and band start. Pure.
 */
double	 spec_fit_at(const struct graph_target *t, double at);

#endif
