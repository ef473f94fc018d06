/*
 * indpage.h: GET /indicator/<id>, the page of one indicator for a person:
 * the graph with a range picker, every target with its status and
 * explanation, R and the growth figures with what they mean, notes,
 * source, method, the feed's health, the data's age, and a table of every
 * observation, in English or Chinese. Pure: reads a view, writes HTML.
 */
#ifndef INDPAGE_H
#define INDPAGE_H

#include "buf.h"
#include "indquery.h"
#include "lang.h"

struct view;

/*
 * The page of the configured indicator id into b, with the graph's years
 * from q (its lang is not read: l is the page's language): 0, or -1 when
 * the view has no such indicator (nothing written).
 */
int	 indpage_render(const struct view *, const char *id,
	    const struct indquery *q, enum lang l, struct buf *b);

#endif
