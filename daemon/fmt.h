/* fmt.h: numbers for people (dashboard, alert texts). Pure. */
#ifndef FMT_H
#define FMT_H

#include <stddef.h>

/*
 * A value in its unit: "241,900", "4.50 trillion yuan", "US$ 8.68 billion",
 * "77.0 %" for ratios; "n/a" for NaN.
 */
void	 fmt_value(double v, const char *unit, char *buf, size_t len);
/* A growth rate as "8.2 %/yr" (CAGR) or "+1.5/yr" (linear slope). */
void	 fmt_growth(double g, int linear, const char *unit, char *buf,
	    size_t len);

#endif
