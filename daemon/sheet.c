/*
 * sheet.c: the rows of the downloads (see sheet.h).
 */
#include <math.h>
#include <string.h>
#include <time.h>

#include "page.h"
#include "sheet.h"
#include "view.h"

static const enum lang_key series_cols[] = {
	LANG_K_X_ID, LANG_K_X_NAME, LANG_K_X_PERIOD, LANG_K_X_VALUE,
	LANG_K_X_UNIT, LANG_K_X_SOURCE, LANG_K_X_STORED, LANG_K_X_REVISED
};

static const enum lang_key overview_cols[] = {
	LANG_K_X_ID, LANG_K_X_NAME, LANG_K_X_UNIT, LANG_K_X_LATEST_PERIOD,
	LANG_K_X_LATEST_VALUE, LANG_K_X_AGE_DAYS, LANG_K_X_STALE, LANG_K_X_FEED,
	LANG_K_X_FEED_UP, LANG_K_X_TARGET_YEAR, LANG_K_X_KIND,
	LANG_K_X_TARGET_VALUE, LANG_K_X_STATUS, LANG_K_X_STATUS_WORDS,
	LANG_K_X_R, LANG_K_X_ACTUAL, LANG_K_X_REQUIRED, LANG_K_X_PROJECTED
};

/* The number of empty cells an indicator without targets has at its end. */
#define SHEET_TARGET_COLS	9

static void
put(const struct sheet_out *o, enum sheet_type t, const char *s, double v)
{
	struct sheet_cell	 c = { t, s, v };

	o->cell(o->arg, &c);
}

static void
text(const struct sheet_out *o, const char *s)
{
	put(o, SHEET_TEXT, s != NULL ? s : "", 0);
}

/* A number, or an empty cell when it is not known. */
static void
num(const struct sheet_out *o, double v)
{
	if (isfinite(v))
		put(o, SHEET_NUM, NULL, v);
	else
		put(o, SHEET_EMPTY, NULL, 0);
}

static void
boolean(const struct sheet_out *o, int b)
{
	put(o, SHEET_BOOL, NULL, b ? 1 : 0);
}

static void
empty(const struct sheet_out *o, size_t n)
{
	while (n-- > 0)
		put(o, SHEET_EMPTY, NULL, 0);
}

static void
header(const struct sheet_out *o, enum lang l, const enum lang_key *keys,
    size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		put(o, SHEET_HEAD, lang_text(l, keys[i]), 0);
	o->end_row(o->arg);
}

/* When a record was stored, as ISO 8601 UTC; "" when not known. */
static void
stored(const struct sheet_out *o, time_t t)
{
	struct tm	 tm;
	char		 s[32] = "";

	if (t != 0 && gmtime_r(&t, &tm) != NULL)
		strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%SZ", &tm);
	text(o, s);
}

/* Point i of ind's series. */
static void
point_row(const struct sheet_out *o, const struct iview *ind, enum lang l,
    size_t i)
{
	const struct point	*p = &ind->series->pts[i];
	char			 per[PERIOD_STRLEN];

	period_format(&p->period, per, sizeof(per));
	text(o, ind->id);
	text(o, page_name(ind->conf, l));
	text(o, per);
	num(o, p->value);
	text(o, ind->conf->unit);
	text(o, series_source(ind->series, i));
	stored(o, p->stored);
	boolean(o, p->revised);
	o->end_row(o->arg);
}

void
sheet_series(const struct iview *ind, enum lang l, const struct sheet_out *o)
{
	size_t	 i;

	header(o, l, series_cols, sizeof(series_cols) / sizeof(series_cols[0]));
	for (i = 0; i < ind->series->n; i++)
		point_row(o, ind, l, i);
}

/* The cells of an indicator that every one of its rows repeats. */
static void
indicator_cells(const struct sheet_out *o, const struct view *v,
    const struct iview *ind, enum lang l)
{
	const struct series	*s = ind->series;
	const struct feed_state	*fs = view_feed(v, ind->conf->feed);
	char			 per[PERIOD_STRLEN] = "";

	if (s->n > 0)
		period_format(&s->pts[s->n - 1].period, per, sizeof(per));
	text(o, ind->id);
	text(o, page_name(ind->conf, l));
	text(o, ind->conf->unit);
	text(o, per);
	num(o, s->n > 0 ? s->pts[s->n - 1].value : NAN);
	num(o, round(ind->age / 8640) / 10);
	boolean(o, ind->stale);
	text(o, ind->conf->feed);
	if (fs != NULL)
		boolean(o, fs->up);
	else
		empty(o, 1);
}

static void
target_cells(const struct sheet_out *o, const struct target_conf *tc,
    const struct eval_result *er, enum lang l)
{
	num(o, tc->year);
	text(o, tc->kind == EVAL_MIN ? "min" : "max");
	num(o, tc->value);
	text(o, eval_status_name(er->status));
	text(o, lang_status(l, er->status));
	num(o, er->ratio);
	num(o, er->actual);
	num(o, er->required);
	num(o, er->projected);
}

void
sheet_overview(const struct view *v, enum lang l, const struct sheet_out *o)
{
	const struct iview	*ind;
	size_t			 i, j;

	header(o, l, overview_cols,
	    sizeof(overview_cols) / sizeof(overview_cols[0]));
	for (i = 0; i < view_nconf(v); i++) {
		ind = v->ind[i];
		for (j = 0; j < ind->conf->ntargets || j == 0; j++) {
			indicator_cells(o, v, ind, l);
			if (ind->conf->ntargets == 0)
				empty(o, SHEET_TARGET_COLS);
			else
				target_cells(o, &ind->conf->targets[j],
				    &ind->results[j], l);
			o->end_row(o->arg);
		}
	}
}

const char *
sheet_series_name(enum lang l)
{
	return lang_text(l, LANG_K_X_SHEET_SERIES);
}

const char *
sheet_overview_name(enum lang l)
{
	return lang_text(l, LANG_K_X_SHEET_OVERVIEW);
}
