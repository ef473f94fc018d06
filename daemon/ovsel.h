/*
 * ovsel.h: the overview's rows: which indicators and targets of a view a
 * query (ovquery.h) shows, and in what order. One group per indicator,
 * its rows together: a row per target the status filter lets through, or
 * one row for an indicator without targets (shown only when no status is
 * asked for).
 *
 * Filters: feed (the indicator's), q (a substring of the id, name or
 * name_zh; ASCII letters in either case, other bytes as they are, so
 * UTF-8 matches exactly) and status (a target's). Sort keys of a group:
 * name (in the page's language, ASCII letters in either case, then
 * bytes: Chinese in code point order), latest value, latest period's
 * end, data age, status (the worst of its shown targets, in the order of
 * enum eval_status), target (the first shown target's year), projected
 * (the first shown target's projection as a share of its value), feed
 * name. Ties, and sort absent, keep the config's order; a group without
 * the key (no data, no target) comes last in either order.
 */
#ifndef OVSEL_H
#define OVSEL_H

#include <stddef.h>

#include "eval.h"
#include "lang.h"
#include "ovquery.h"

struct view;

#define OVSEL_NO_TARGET	((size_t)-1)

struct ovsel_group {
	size_t		 ind;		/* index in the view's ind */
	size_t		 first, n;	/* its rows: row[first .. first+n) */
};

struct ovsel {
	struct ovsel_group *groups;	/* in display order */
	size_t		 ngroups;
	size_t		*row;		/* a target index, or OVSEL_NO_TARGET */
	size_t		 nrows;
	size_t		 count[EVAL_NSTATUS];	/* targets by status, of the
					   indicators feed and q let through */
	size_t		 matched;	/* indicators feed and q let through */
	size_t		 total;		/* configured indicators */
};

void	 ovsel_make(struct ovsel *, const struct view *, enum lang,
	    const struct ovquery *);
void	 ovsel_free(struct ovsel *);
/* Whether needle is in hay, ASCII letters in either case. */
int	 ovsel_contains(const char *hay, const char *needle);

#endif
