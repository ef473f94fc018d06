/*
 * obs.h: an observation as every feed yields it, and a growable vector of them.
 * Pure data: no logging, no daemon state.
 */
#ifndef OBS_H
#define OBS_H

#include <stddef.h>

#include "period.h"
#include "strtab.h"

#define OBS_ID_MAX	64	/* indicator ids: [a-z][a-z0-9_]{0,63} */
#define OBS_SOURCE_MAX	256	/* source text, truncated beyond */

/*
 * An observation as the registry and the journal take it. The strings
 * belong to whoever made it: an obsvec keeps one copy of each distinct
 * string (ids and sources repeat on every line of a feed).
 */
struct obs {
	const char	*indicator;	/* a valid id (obs_valid_id) */
	const char	*source;	/* may be empty, never NULL */
	struct period	 period;
	double		 value;		/* always finite */
	size_t		 line;		/* 1-based line in the feed body, 0 if none */
};

/* One observation as a parser fills it in, with room for its strings. */
struct obs_buf {
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
	struct strtab	 strs;		/* the elements' strings, each its own value */
};

/* A view of b as an obs, valid as long as b is. */
void	 obs_view(const struct obs_buf *b, struct obs *o);
void	 obsvec_init(struct obsvec *);
/*
 * Append a copy of the observation with its strings; returns the stored
 * element, valid until the next push.
 */
struct obs *obsvec_push(struct obsvec *, const struct obs_buf *);
struct obs *obsvec_add(struct obsvec *, const struct obs *);
/* Reserve room for n more elements. */
void	 obsvec_reserve(struct obsvec *, size_t n);
void	 obsvec_clear(struct obsvec *);
void	 obsvec_free(struct obsvec *);
/* 1 if s is a valid indicator id ([a-z][a-z0-9_]{0,63}), else 0. */
int	 obs_valid_id(const char *s, size_t len);

#endif
