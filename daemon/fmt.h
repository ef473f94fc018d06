/* fmt.h: numbers for people (dashboard, alert texts). Pure. */
#ifndef FMT_H
#define FMT_H

#include <stddef.h>

#include "lang.h"

/*
 * A value in its unit: "241,900", "4.50 trillion yuan", "US$ 8.68 billion",
 * "77.0 %" for ratios; "n/a" for NaN.
 */
void	 fmt_value(double v, const char *unit, char *buf, size_t len);
/* A growth rate as "8.2 %/yr" (CAGR) or "+1.5/yr" (linear slope). */
void	 fmt_growth(double g, int linear, const char *unit, char *buf,
	    size_t len);
/*
 * fmt_value and fmt_growth in l: LANG_EN is fmt_value/fmt_growth byte for
 * byte. LANG_ZH counts in 万 (1e4), 亿 (1e8) and 万亿 (1e12): the value is
 * divided by the largest of them not above its magnitude, rounded to two
 * decimals with trailing zeros dropped, and moves up a scale when the
 * rounding reaches 10000 (99,999,999 -> "1 亿"); below 1e4 it is written
 * the same way without a scale or grouping (GB/T 15835: four digits are
 * not grouped); what would need 10000 万亿 or more is written in %.3g
 * ("1.23e+16"). The unit follows the scale: "2.4 万亿元", "86.8 亿美元",
 * "5000 元", "24.19 万" (count has none); another unit after a space
 * ("5 万 t"); ratio as in English ("77.0 %"); growth "8.2 %/年",
 * "+1.5 万/年"; NaN and infinities "无数据".
 */
void	 fmt_value_lang(double v, const char *unit, enum lang l, char *buf,
	    size_t len);
void	 fmt_growth_lang(double g, int linear, const char *unit, enum lang l,
	    char *buf, size_t len);

#endif
