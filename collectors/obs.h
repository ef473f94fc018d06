/*
 * obs.h: an observation as every feed yields it, and a growable vector of them.
 * Pure data: no logging, no daemon state.
 */
#ifndef OBS_H
#define OBS_H

#include <stddef.h>

#include "period.h"

#define OBS_ID_MAX	64	/* indicator ids: [a-z][a-z0-9_]{0,63} */
#define OBS_SOURCE_MAX	256	/* source text, truncated beyond */

struct obs {
	char		 indicator[OBS_ID_MAX + 1];
	struct period	 period;
	double		 value;		/* always finite */
	char		 source[OBS_SOURCE_MAX];	/* may be empty */
	size_t		 line;		/* 1-based line in the feed body, 0 if none */
};

struct obsvec {
	struct obs	*v;
	size_t		 n;
	size_t		 cap;
};

void	 obsvec_init(struct obsvec *);
/* Append a copy; returns the stored element. */
struct obs *obsvec_push(struct obsvec *, const struct obs *);
void	 obsvec_clear(struct obsvec *);
void	 obsvec_free(struct obsvec *);
/* 1 if s is a valid indicator id ([a-z][a-z0-9_]{0,63}), else 0. */
int	 obs_valid_id(const char *s, size_t len);

#endif
