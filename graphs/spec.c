/*
 * spec.c: the pure functions over a graph's spec (see spec.h).
 */
#include <math.h>

#include "spec.h"

double
spec_fit_at(const struct graph_target *t, double at)
{
	if (t->trend_log)
		return t->projected / pow(1 + t->trend_growth, t->year - at);
	return t->projected - t->trend_growth * (t->year - at);
}
