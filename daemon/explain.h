/*
 * explain.h: one sentence that says how a target stands, built from the
 * numbers of its evaluation, for the API, the dashboard and the alert
 * hooks' description. Pure: no I/O, no daemon state.
 */
#ifndef EXPLAIN_H
#define EXPLAIN_H

#include <stddef.h>

#include "eval.h"
#include "lang.h"
#include "period.h"

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
	enum lang	 lang;		/* of the sentence; 0 is English */
};

/*
 * The sentence into buf, e.g. "needs 8.6 %/yr from 140,000 (2018) to
 * reach 250,000 by 2025; the trend since 2018 is 10.0 %/yr; projected
 * 320,094 (90 %: 199,278-514,156), probability 83 %; latest data 2024,
 * current". Parts whose numbers are not defined say why instead.
 */
void	 explain_target(const struct explain *, char *buf, size_t len);
/*
 * The same in Chinese when e->lang is LANG_ZH, with the numbers of
 * fmt_value_lang and full-width punctuation: "所需增速 8.6 %/年：从 14 万
 * （2018 年）到 25 万（2025 年）；2018 年以来的趋势为 10 %/年；预计
 * 32.01 万（90 % 区间：19.93 万至 51.42 万），实现概率 83 %；最新数据
 * 2024，数据及时".
 */

/* A stale_after for e->stale_after in l: "18 months", "18 个月", "7 天". */
void	 explain_lag(struct period_lag, enum lang l, char *buf, size_t len);

#endif
