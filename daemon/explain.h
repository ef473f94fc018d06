/*
 * explain.h: one sentence that says how a target stands, built from the
 * numbers of its evaluation, for the API, the dashboard and the alert
 * hooks' description. Pure: no I/O, no daemon state.
 */
#ifndef EXPLAIN_H
#define EXPLAIN_H

#include <stddef.h>

#include "eval.h"

#define EXPLAIN_MAX	512	/* a sentence, NUL included */

struct explain {
	const char	*unit;		/* count, yuan, usd, ratio */
	int		 year;		/* the target's */
	double		 value;
	const struct eval_result *res;
	const char	*period;	/* the latest observation's, or NULL */
	double		 interval;	/* level of res's prediction interval */
	int		 stale;		/* the latest data is past stale_after */
	const char	*stale_after;	/* "18 months", or NULL */
};

/*
 * The sentence into buf, e.g. "needs 8.6 %/yr from 140,000 (2018) to
 * reach 250,000 by 2025; the trend since 2018 is 10.0 %/yr; projected
 * 320,094 (90 %: 199,278-514,156), probability 83 %; latest data 2024,
 * current". Parts whose numbers are not defined say why instead.
 */
void	 explain_target(const struct explain *, char *buf, size_t len);

#endif
