/*
 * plot.c: the layout of a trend graph and the rrd_graph_v arguments that
 * draw it (see plot.h). Everything on the graph is in scaled units
 * (thousands, billions, ...; 万, 亿, 万亿 in Chinese) so the axis never
 * shows SI prefixes such as "T" for trillions of yuan.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "plot.h"

#define PLOT_YEAR_SECS		31536000	/* label centring interval */
#define PLOT_CAP_FACTOR		2.5	/* projections above this × max are cut */

static double	 plot_point_time(double);
static void	 plot_add_fonts(struct rrdargs *);
static void	 plot_add_ylabel(struct rrdargs *, const struct plot *);
static void	 plot_choose_ygrid(struct plot *);
static void	 plot_add_options(struct rrdargs *, const struct plot *);
static void	 plot_add_xgrid(struct rrdargs *, const struct plot *);
#define CURVE_LINEAR	1	/* plot_add_curve: a straight line */
#define CURVE_CLAMP	2	/* plot_add_curve: held at the cap */
static void	 plot_add_curve(struct rrdargs *, const struct plot *,
		    const char *, double, double, double, double, int);
static void	 plot_add_bar(struct rrdargs *, const char *, double,
		    double, double);
static int	 plot_add_projection(struct rrdargs *, const struct plot *);
static int	 plot_add_required(struct rrdargs *, const struct plot *);
static void	 plot_add_bars(struct rrdargs *, const struct plot *);
static int	 plot_add_bands(struct rrdargs *, const struct plot *);

double
plot_year_time(double y)
{
	struct tm	 tm;
	double		 fy = floor(y);
	time_t		 t0, t1;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = (int)fy - 1900;
	tm.tm_mday = 1;
	t0 = timegm(&tm);
	tm.tm_year++;
	t1 = timegm(&tm);
	return (double)t0 + (y - fy) * (double)(t1 - t0);
}

/* Where a point for decimal year y is drawn: the end of its period. */
static double
plot_point_time(double y)
{
	return plot_year_time(y + 1.0);
}

const char *
plot_status_color(const char *status)
{
	static const struct { const char *name, *color; } map[] = {
		{ "achieved", "#116329" }, { "on_track", "#1A7F37" },
		{ "moderate", "#BF8700" }, { "insufficient", "#E16F24" },
		{ "moving_away", "#CF222E" }, { "missed", "#A40E26" },
	};
	size_t	 i;

	for (i = 0; status != NULL && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(status, map[i].name) == 0)
			return map[i].color;
	return "#6E7781";
}

void
plot_add_window(struct rrdargs *a, const struct plot *c)
{
	rrdargs_add(a, "--start");
	rrdargs_add(a, "%.0f", c->start);
	rrdargs_add(a, "--end");
	rrdargs_add(a, "%.0f", c->end);
	if (c->spec->daemon != NULL) {
		rrdargs_add(a, "--daemon");
		rrdargs_add(a, "%s", c->spec->daemon);
	}
}

void
plot_add_def(struct rrdargs *a, const struct plot *c)
{
	char	*path = rrdargs_escape(c->spec->rrd_path, 1);

	rrdargs_add(a, "DEF:raw=%s:value:AVERAGE", path);
	free(path);
}

/*
 * Pick the divisor for the y axis from the largest magnitude on the graph,
 * and the cap above which projections are cut so that a runaway growth
 * rate does not squash everything else to the floor.
 */
void
plot_choose_scale(struct plot *c)
{
	static const struct {
		double		 div, unit;
		enum lang_key	 name;
	} sc[LANG_NLANG][4] = {
		{ { 1e12, 1e12, LANG_K_G_TRILLIONS },
		  { 1e9, 1e9, LANG_K_G_BILLIONS },
		  { 1e6, 1e6, LANG_K_G_MILLIONS },
		  { 1e4, 1e3, LANG_K_G_THOUSANDS } },
		{ { 1e12, 1e12, LANG_K_G_TRILLIONS },
		  { 1e8, 1e8, LANG_K_G_HUNDRED_MILLIONS },
		  { 1e4, 1e4, LANG_K_G_TEN_THOUSANDS },
		  { INFINITY, 1, LANG_K_G_THOUSANDS } },
	};
	const struct graph_spec	*s = c->spec;
	double			 m = 0;
	size_t			 i, l = s->lang == LANG_ZH;

	if (!isnan(c->dmax))
		m = fmax(fabs(c->dmin), fabs(c->dmax));
	if (!isnan(s->latest_v))
		m = fmax(m, fabs(s->latest_v));
	for (i = 0; i < s->ntargets; i++) {
		m = fmax(m, fabs(s->targets[i].value));
		if (!isnan(s->targets[i].base_v))
			m = fmax(m, fabs(s->targets[i].base_v));
	}
	c->scale = 1;
	c->scale_name = NULL;
	for (i = 0; i < 4; i++)
		if (m >= sc[l][i].div) {
			c->scale = sc[l][i].unit;
			c->scale_name = lang_text(s->lang, sc[l][i].name);
			break;
		}
	c->cap = m > 0 ? PLOT_CAP_FACTOR * m / c->scale : INFINITY;
}

/*
 * The y range: headroom above the highest thing drawn, so that a target bar
 * or the end of the projection does not sit on the frame; zero at the
 * bottom when all is positive and zero is not far below the data (counts,
 * money), else just under the lowest value (shares such as 0.72 to 0.77,
 * where a zero base would flatten the progress that matters). Curves
 * beyond this range still widen it: the limits are not rigid.
 */
void
plot_choose_range(struct plot *c)
{
	const struct graph_spec		*s = c->spec;
	const struct graph_target	*t;
	double				 hi = -INFINITY, lo = INFINITY;
	size_t				 i;

	if (!isnan(c->dmax)) {
		hi = c->dmax;
		lo = c->dmin;
	}
	if (!isnan(s->latest_v)) {
		hi = fmax(hi, s->latest_v);
		lo = fmin(lo, s->latest_v);
	}
	for (i = 0; i < s->ntargets; i++) {
		t = &s->targets[i];
		hi = fmax(hi, t->value);
		lo = fmin(lo, t->value);
		if (!isnan(t->projected))
			hi = fmax(hi, fmin(t->projected, c->cap * c->scale));
		if (!isnan(t->base_v))
			lo = fmin(lo, t->base_v);
	}
	c->bottom = c->top = NAN;
	if (isinf(hi))
		return;		/* nothing known: rrdtool's defaults */
	hi /= c->scale;
	lo /= c->scale;
	if (lo >= 0 && lo <= 0.5 * hi)
		lo = 0;
	else
		lo -= 0.05 * (hi - lo);
	hi += 0.05 * (hi - lo);
	if (hi <= lo)
		hi = lo + fmax(fabs(lo) * 0.1, 1);
	c->bottom = lo;
	c->top = hi;
	plot_choose_ygrid(c);
}

/*
 * A y grid of 1, 2, 2.5 or 5 times a power of ten, about one label per 45
 * pixels, each labelled with just the decimals the step needs: rrdtool's
 * own choice with --units-exponent 0 prints 0.72 and 0.74 both as "0.7".
 */
static void
plot_choose_ygrid(struct plot *c)
{
	static const double nice[] = { 1, 2, 2.5, 5, 10 };
	double	 raw, p, step = 0;
	int	 n = c->spec->height / 45, d;
	size_t	 i;

	raw = (c->top - c->bottom) / (n < 2 ? 2 : n);
	p = pow(10, floor(log10(raw)));
	for (i = 0; i < sizeof(nice) / sizeof(nice[0]); i++)
		if ((step = nice[i] * p) >= raw * (1 - 1e-9))
			break;
	for (d = 0; d < 12; d++)
		if (fabs(step * pow(10, d) - round(step * pow(10, d))) <
		    1e-6 * step * pow(10, d))
			break;
	c->ystep = step;
	c->ydigits = d;
}

/*
 * The y axis's label: the unit in the spec's language with the scale,
 * "yuan, trillions" or "万亿元" ("count" has no word in Chinese: "万").
 */
static void
plot_add_ylabel(struct rrdargs *a, const struct plot *c)
{
	const struct graph_spec	*s = c->spec;
	const char		*unit = s->unit != NULL ? s->unit : "";
	const char		*scale = c->scale_name;

	if (strcmp(unit, "ratio") == 0)
		unit = lang_text(s->lang, LANG_K_G_RATIO);
	else if (s->lang == LANG_ZH && strcmp(unit, "count") == 0)
		unit = "";
	else
		unit = lang_unit(s->lang, unit);
	if (scale == NULL && *unit == '\0')
		return;
	if (scale == NULL)
		rrdargs_add(a, "--vertical-label=%s", unit);
	else if (s->lang == LANG_ZH)
		rrdargs_add(a, "--vertical-label=%s%s", scale, unit);
	else
		rrdargs_add(a, "--vertical-label=%s%s%s", unit,
		    *unit != '\0' ? ", " : "", scale);
}

static void
plot_add_fonts(struct rrdargs *a)
{
	rrdargs_add(a, "--font=DEFAULT:8:" PLOT_FONT);
	rrdargs_add(a, "--font=TITLE:11:" PLOT_FONT);
	rrdargs_add(a, "--font=LEGEND:8:" PLOT_FONT_MONO);
}

static void
plot_add_options(struct rrdargs *a, const struct plot *c)
{
	const struct graph_spec	*s = c->spec;

	rrdargs_add(a, "--imgformat=%s", s->format == GRAPH_SVG ? "SVG" :
	    "PNG");
	rrdargs_add(a, "--width=%d", s->width);
	rrdargs_add(a, "--height=%d", s->height);
	if (!s->canvas)
		rrdargs_add(a, "--full-size-mode");
	if (s->title != NULL && *s->title != '\0' && !c->no_title)
		rrdargs_add(a, "--title=%s", s->title);
	if (c->no_legend)
		rrdargs_add(a, "--no-legend");
	plot_add_ylabel(a, c);
	rrdargs_add(a, "--units-exponent=0");
	if (!isnan(c->top)) {
		rrdargs_add(a, "--lower-limit=%.17g", c->bottom);
		rrdargs_add(a, "--upper-limit=%.17g", c->top);
		rrdargs_add(a, "--y-grid=%.17g:1", c->ystep);
		rrdargs_add(a, "--left-axis-format=%%.%dlf", c->ydigits);
	}
	plot_add_xgrid(a, c);
	plot_add_fonts(a);
	rrdargs_add(a, "--color=BACK#FFFFFF");
	rrdargs_add(a, "--color=CANVAS#FFFFFF");
	rrdargs_add(a, "--color=SHADEA#FFFFFF");
	rrdargs_add(a, "--color=SHADEB#FFFFFF");
	rrdargs_add(a, "--color=GRID#D0D7DE");
	rrdargs_add(a, "--color=MGRID#8C959F");
	rrdargs_add(a, "--border=0");
	rrdargs_add(a, "--disable-rrdtool-tag");
}

/*
 * Year grid: lines every year (or every few when years are narrow), labels
 * every year if they fit, else on round years; each label is centred on
 * the year it names, under that year's value.
 */
static void
plot_add_xgrid(struct rrdargs *a, const struct plot *c)
{
	static const int steps[] = { 1, 5, 10, 20, 50, 100 };
	const struct graph_spec	*s = c->spec;
	double	 ppy = (double)s->width / (s->to_year - s->from_year + 1);
	int	 grid = 100, lab = 100;
	size_t	 i;

	for (i = sizeof(steps) / sizeof(steps[0]); i-- > 0; ) {
		if (steps[i] * ppy >= 6)
			grid = steps[i];
		if (steps[i] * ppy >= 34)
			lab = steps[i];
	}
	rrdargs_add(a, "--x-grid=YEAR:%d:YEAR:%d:YEAR:%d:%d:%%Y", grid,
	    lab < 5 ? 5 : lab, lab, PLOT_YEAR_SECS);
}

/*
 * CDEF name: a curve from time t0 (value y0, scaled) to t1, as
 * y0 * exp(k * (t - t0)) or, with CURVE_LINEAR, y0 + k * (t - t0); unknown
 * elsewhere. Beyond the cap it is unknown, or with CURVE_CLAMP held at the
 * cap (an area's edge, so that the area does not vanish there).
 */
static void
plot_add_curve(struct rrdargs *a, const struct plot *c,
    const char *name, double t0, double t1, double y0, double k, int flags)
{
	double	 cap = isinf(c->cap) ? 1e300 : c->cap;
	char	 expr[192];

	if (flags & CURVE_LINEAR)
		snprintf(expr, sizeof(expr), "TIME,%.17g,-,%.17g,*,%.17g,+",
		    t0, k, y0);
	else
		snprintf(expr, sizeof(expr), "TIME,%.17g,-,%.17g,*,EXP,%.17g,*",
		    t0, k, y0);
	rrdargs_add(a, flags & CURVE_CLAMP ?
	    "CDEF:%s=raw,POP,TIME,%.17g,GE,TIME,%.17g,LE,*,%s,UNKN,IF,"
	    "%.17g,MAX,%.17g,MIN" :
	    "CDEF:%s=raw,POP,TIME,%.17g,GE,TIME,%.17g,LE,*,%s,UNKN,IF,"
	    "%.17g,%.17g,LIMIT", name, t0, t1, expr, -cap, cap);
}

/* CDEF name: the constant y (scaled) between t0 and t1. */
static void
plot_add_bar(struct rrdargs *a, const char *name, double t0, double t1,
    double y)
{
	rrdargs_add(a, "CDEF:%s=raw,POP,TIME,%.17g,GE,TIME,%.17g,LE,*,"
	    "%.17g,UNKN,IF", name, t0, t1, y);
}

/* Whether t's projection is a trend fit with its interval drawn. */
static int
plot_fit_drawn(const struct graph_target *t, double latest_t)
{
	return !isnan(t->trend_growth) && !isnan(t->projected) &&
	    t->lower < t->upper && t->year > latest_t;
}

/*
 * The projection from the latest point to the last target year after it:
 * one curve, which passes every earlier target year on the way. Targets
 * judged by a trend fit with an interval get the fit itself instead, from
 * the latest period to their year, where it meets their projection in the
 * middle of their band. 1 if anything was drawn.
 */
static int
plot_add_projection(struct rrdargs *a, const struct plot *c)
{
	const struct graph_spec		*s = c->spec;
	const struct graph_target	*t;
	double				 last = NAN, t0, t1, k, y0;
	size_t				 i;
	int				 drawn = 0;
	char				 name[32];

	if (isnan(s->latest_t))
		return 0;
	t0 = plot_point_time(s->latest_t);
	for (i = 0; i < s->ntargets; i++) {
		t = &s->targets[i];
		if (plot_fit_drawn(t, s->latest_t)) {
			t1 = plot_point_time(t->year);
			y0 = spec_fit_at(t, s->latest_t);
			k = t->trend_log ? log1p(t->trend_growth) *
			    (t->year - s->latest_t) / (t1 - t0) :
			    t->trend_growth / c->scale * (t->year -
			    s->latest_t) / (t1 - t0);
			snprintf(name, sizeof(name), "fit%zu", i);
			plot_add_curve(a, c, name, t0, t1, y0 / c->scale, k,
			    t->trend_log ? 0 : CURVE_LINEAR);
			rrdargs_add(a, "LINE2:%s%s::dashes=8,4", name,
			    PLOT_C_PROJ);
			drawn = 1;
		} else if (t->year > s->latest_t && !(t->year <= last))
			last = t->year;
	}
	if (isnan(last) || isnan(s->growth))
		return drawn;
	t1 = plot_point_time(last);
	/* per second, so that the curve lands exactly on (t1, projected) */
	if (s->linear)
		k = s->growth / c->scale * (last - s->latest_t) / (t1 - t0);
	else
		k = log1p(s->growth) * (last - s->latest_t) / (t1 - t0);
	plot_add_curve(a, c, "proj", t0, t1, s->latest_v / c->scale, k,
	    s->linear ? CURVE_LINEAR : 0);
	rrdargs_add(a, "LINE2:proj%s::dashes=8,4", PLOT_C_PROJ);
	return 1;
}

/*
 * Each target's prediction interval (method trend) as a shaded band that
 * opens from the fit at the latest period to the interval at the target
 * year. 1 if any was drawn.
 */
static int
plot_add_bands(struct rrdargs *a, const struct plot *c)
{
	const struct graph_spec		*s = c->spec;
	const struct graph_target	*t;
	double				 t0, t1, y0;
	size_t				 i;
	int				 drawn = 0;
	char				 lo[32], hi[32];

	if (isnan(s->latest_t))
		return 0;
	t0 = plot_point_time(s->latest_t);
	for (i = 0; i < s->ntargets; i++) {
		t = &s->targets[i];
		if (!(t->lower < t->upper) || t->year <= s->latest_t)
			continue;
		y0 = (plot_fit_drawn(t, s->latest_t) ? spec_fit_at(t,
		    s->latest_t) : s->latest_v) / c->scale;
		t1 = plot_point_time(t->year);
		snprintf(lo, sizeof(lo), "blo%zu", i);
		snprintf(hi, sizeof(hi), "bhi%zu", i);
		plot_add_curve(a, c, lo, t0, t1, y0,
		    (t->lower / c->scale - y0) / (t1 - t0),
		    CURVE_LINEAR | CURVE_CLAMP);
		plot_add_curve(a, c, hi, t0, t1, y0,
		    (t->upper / c->scale - y0) / (t1 - t0),
		    CURVE_LINEAR | CURVE_CLAMP);
		rrdargs_add(a, "CDEF:bw%zu=%s,%s,-", i, hi, lo);
		rrdargs_add(a, "AREA:%s#00000000", lo);
		rrdargs_add(a, "AREA:bw%zu%s::STACK", i, PLOT_C_BAND);
		drawn = 1;
	}
	return drawn;
}

/*
 * Each target's required path from its baseline: compound growth, or a
 * straight line when the spec is linear or the values cannot compound
 * (zero or a change of sign). 1 if any was drawn.
 */
static int
plot_add_required(struct rrdargs *a, const struct plot *c)
{
	const struct graph_spec		*s = c->spec;
	const struct graph_target	*t;
	double				 t0, t1, k;
	size_t				 i;
	int				 lin, drawn = 0;
	char				 name[32];

	for (i = 0; i < s->ntargets; i++) {
		t = &s->targets[i];
		if (isnan(t->base_t) || t->base_t >= t->year)
			continue;
		t0 = plot_point_time(t->base_t);
		t1 = plot_point_time(t->year);
		lin = s->linear || t->base_v == 0 || t->value / t->base_v <= 0;
		if (lin)
			k = (t->value - t->base_v) / c->scale / (t1 - t0);
		else
			k = log(t->value / t->base_v) / (t1 - t0);
		snprintf(name, sizeof(name), "req%zu", i);
		plot_add_curve(a, c, name, t0, t1, t->base_v / c->scale, k,
		    lin ? CURVE_LINEAR : 0);
		rrdargs_add(a, "LINE1:%s%s::dashes=3,3", name,
		    PLOT_C_REQUIRED);
		drawn = 1;
	}
	return drawn;
}

/*
 * Target markers: a thick bar at the target value over the target year, as
 * the data draws a year's value; the projection and the required path
 * reach the year at the bar's right end.
 */
static void
plot_add_bars(struct rrdargs *a, const struct plot *c)
{
	const struct graph_spec		*s = c->spec;
	const struct graph_target	*t;
	double				 t0, t1;
	size_t				 i;
	char				 name[32];

	for (i = 0; i < s->ntargets; i++) {
		t = &s->targets[i];
		t0 = plot_point_time(t->year - 1);
		t1 = plot_point_time(t->year);
		snprintf(name, sizeof(name), "tgt%zu", i);
		plot_add_bar(a, name, t0, t1, t->value / c->scale);
		rrdargs_add(a, "LINE4:%s%s", name,
		    plot_status_color(t->status));
	}
}

size_t
plot_legend_chars(const struct graph_spec *s)
{
	/*
	 * 7 pixels a column of DejaVu Sans Mono at 8 points; the legend has
	 * the canvas plus ~35 pixels, or the image less ~16 on either side.
	 */
	if (s->canvas)
		return (size_t)(s->width + 35) / 7;
	return (size_t)(s->width > 32 ? s->width - 32 : 0) / 7;
}

int
plot_build(struct rrdargs *a, const struct plot *c)
{
	int	 proj, req, band;

	rrdargs_add(a, "graphv");
	rrdargs_add(a, "-");
	plot_add_window(a, c);
	plot_add_options(a, c);
	plot_add_def(a, c);
	rrdargs_add(a, "CDEF:v=raw,%.17g,/", c->scale);
	rrdargs_add(a, "AREA:v%s", PLOT_C_AREA);
	req = plot_add_required(a, c);
	band = plot_add_bands(a, c);
	plot_add_bars(a, c);
	rrdargs_add(a, "LINE2:v%s", PLOT_C_SERIES);
	proj = plot_add_projection(a, c);
	return (proj ? PLOT_PROJ : 0) | (req ? PLOT_REQUIRED : 0) |
	    (band ? PLOT_BAND : 0);
}
