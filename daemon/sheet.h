/*
 * sheet.h: the rows of the downloads, whatever their format. One
 * indicator's observations (sheet_series) and every configured indicator
 * with its targets and their statuses (sheet_overview) are handed cell by
 * cell to a struct sheet_out: the CSV writer (sheetcsv.h) or the Excel
 * writer (sheetxlsx.h). The first row is the header, in the request's
 * language; numbers are the stored doubles, never rounded for people;
 * a number that is not known is an empty cell. Pure: reads a view only.
 */
#ifndef SHEET_H
#define SHEET_H

#include "lang.h"

struct iview;
struct view;

enum sheet_type {
	SHEET_HEAD = 0,		/* a column's header: text */
	SHEET_TEXT,
	SHEET_NUM,		/* a finite double */
	SHEET_BOOL,		/* num is 0 or 1 */
	SHEET_EMPTY
};

struct sheet_cell {
	enum sheet_type	 type;
	const char	*text;		/* HEAD and TEXT: UTF-8 */
	double		 num;		/* NUM and BOOL */
};

/* Where the rows go: cell is called for each cell of a row in order,
   end_row after its last one. */
struct sheet_out {
	void	(*cell)(void *arg, const struct sheet_cell *);
	void	(*end_row)(void *arg);
	void	*arg;
};

/*
 * Every observation of the configured indicator ind, oldest first: id,
 * name (in l), period, value, unit (the config's unit code: values are as
 * stored, a ratio is 0.77, not 77 %), the observation's source, when it
 * was stored (ISO 8601 UTC, empty when not known), revised (a later
 * record changed its value).
 */
void	 sheet_series(const struct iview *ind, enum lang l,
	    const struct sheet_out *);
/*
 * One row per target of each configured indicator, in config order (an
 * indicator without targets: one row with the target's cells empty): id,
 * name, unit, latest period and value, data age in days (one decimal),
 * stale, feed, feed up, target year, kind (min or max), target value,
 * status (eval_status_name), the status in words in l, R, actual and
 * required growth (a rate per year for CAGR, units per year for linear),
 * the value projected to the target year.
 */
void	 sheet_overview(const struct view *, enum lang l,
	    const struct sheet_out *);
/* The worksheet's name for each: "Observations", "观测值"; "Targets". */
const char *sheet_series_name(enum lang l);
const char *sheet_overview_name(enum lang l);

#endif
