/*
 * promtext.h: the pieces of the Prometheus text formats (0.0.4 and
 * OpenMetrics 1.0.0) that every writer of metrics shares: a family's HELP,
 * TYPE and UNIT lines, with the rule that text 0.0.4 names a counter
 * family with its _total and OpenMetrics without; a sample's name; labels
 * with their values escaped; a sample's value. Pure.
 */
#ifndef PROMTEXT_H
#define PROMTEXT_H

#include "buf.h"

enum promtext_type { PROMTEXT_GAUGE, PROMTEXT_COUNTER };

struct promtext_family {
	const char		*name;	/* without _total for counters */
	enum promtext_type	 type;
	const char		*unit;	/* OpenMetrics UNIT, or NULL */
	const char		*help;
};

/* HELP and TYPE lines (and UNIT in OpenMetrics). */
void	 promtext_header(struct buf *, const struct promtext_family *, int om);
/* A sample's name and "{": the caller adds labels, then promtext_end. */
void	 promtext_begin(struct buf *, const struct promtext_family *);
/* name="value", after a comma unless first. */
void	 promtext_label(struct buf *, int first, const char *name,
	    const char *value);
/* "} VALUE\n". */
void	 promtext_end(struct buf *, double v);
/* A whole sample without labels: "NAME VALUE\n". */
void	 promtext_sample(struct buf *, const struct promtext_family *,
	    double v);
/* Append s escaped as a label value (\\, \", \n). */
void	 promtext_escape(struct buf *, const char *s);

#endif
