/*
 * overview.h: GET / — every indicator and target of a view in one table
 * (ovsel.h chooses and orders the rows by the query, ovquery.h): name
 * (a link to /indicator/<id>), latest value and period, data age and the
 * stale flag, each target's year, value, status in words and projection,
 * and the feed's health; counts of targets by status that are links
 * filtering by it; a search form; links to the report and the exports.
 * Works without JavaScript; a little inline script sorts by a click on a
 * heading and filters as one types. Pure: writes into a struct buf.
 */
#ifndef OVERVIEW_H
#define OVERVIEW_H

#include "buf.h"
#include "lang.h"
#include "ovquery.h"

struct view;

void	 overview_render(const struct view *, enum lang,
	    const struct ovquery *, struct buf *);

#endif
