/* fmt.c: human-readable numbers (see fmt.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"

/* Integer part with thousands separators, then up to two decimals. */
static void
fmt_grouped(double v, char *buf, size_t len)
{
	char	 digits[64], out[96];
	double	 a = fabs(v);
	size_t	 n, i, j = 0;
	int	 decimals = a < 100 && a != floor(a) ? 2 : 0;

	snprintf(digits, sizeof(digits), "%.*f", decimals, a);
	n = strcspn(digits, ".");
	if (v < 0)
		out[j++] = '-';
	for (i = 0; i < n && j + 2 < sizeof(out); i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[j++] = ',';
		out[j++] = digits[i];
	}
	out[j] = '\0';
	snprintf(buf, len, "%s%s", out, digits + n);
}

static void
fmt_scaled(double v, char *buf, size_t len)
{
	static const struct {
		double		 div;
		const char	*name;
	} scales[] = { { 1e12, "trillion" }, { 1e9, "billion" },
	    { 1e6, "million" } };
	size_t	 i;

	for (i = 0; i < sizeof(scales) / sizeof(scales[0]); i++)
		if (fabs(v) >= scales[i].div) {
			snprintf(buf, len, "%.2f %s", v / scales[i].div,
			    scales[i].name);
			return;
		}
	fmt_grouped(v, buf, len);
}

void
fmt_value(double v, const char *unit, char *buf, size_t len)
{
	char	 num[64];

	if (isnan(v) || isinf(v)) {
		snprintf(buf, len, "n/a");
		return;
	}
	if (strcmp(unit, "ratio") == 0) {
		snprintf(buf, len, "%.1f %%", v * 100);
		return;
	}
	if (strcmp(unit, "count") == 0) {
		fmt_grouped(v, buf, len);
		return;
	}
	fmt_scaled(v, num, sizeof(num));
	if (strcmp(unit, "usd") == 0)
		snprintf(buf, len, "US$ %s", num);
	else
		snprintf(buf, len, "%s %s", num, unit);
}

void
fmt_growth(double g, int linear, const char *unit, char *buf, size_t len)
{
	char	 num[64];

	if (isnan(g) || isinf(g)) {
		snprintf(buf, len, "n/a");
		return;
	}
	if (!linear) {
		snprintf(buf, len, "%.1f %%/yr", g * 100);
		return;
	}
	fmt_value(fabs(g), unit, num, sizeof(num));
	snprintf(buf, len, "%s%s/yr", g < 0 ? "-" : "+", num);
}

/* m rounded to two decimals, trailing zeros dropped, never "-0". */
static void
fmt_zh_decimals(double m, char *buf, size_t len)
{
	size_t	 n;

	snprintf(buf, len, "%.2f", m);
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == '0')
		buf[--n] = '\0';
	if (n > 0 && buf[n - 1] == '.')
		buf[--n] = '\0';
	if (strcmp(buf, "-0") == 0)
		snprintf(buf, len, "0");
}

/*
 * v in 万, 亿 or 万亿: the number into num, the scale's name into *scale
 * ("" below 1e4, and for the %.3g form of what would need 10000 万亿 or
 * more).
 */
static void
fmt_zh_scaled(double v, char *num, size_t len, const char **scale)
{
	static const struct {
		double		 div;
		const char	*name;
	} scales[] = { { 1e12, "万亿" }, { 1e8, "亿" }, { 1e4, "万" },
	    { 1, "" } };
	size_t	 i = 0;

	*scale = "";
	while (i + 1 < sizeof(scales) / sizeof(scales[0]) &&
	    fabs(v) < scales[i].div)
		i++;
	fmt_zh_decimals(v / scales[i].div, num, len);
	if (fabs(strtod(num, NULL)) >= 1e4) {
		if (i == 0) {
			snprintf(num, len, "%.3g", v);
			return;
		}
		fmt_zh_decimals(v / scales[--i].div, num, len);
	}
	*scale = scales[i].name;
}

/*
 * A UTF-8 text that snprintf cut at len bytes ends on a character
 * boundary: the bytes of a character left incomplete are dropped.
 */
static void
fmt_utf8_cut(char *buf, size_t len)
{
	size_t	 n = strlen(buf), i = n, need;

	if (len == 0 || n + 1 < len)
		return;
	while (i > 0 && n - i < 3 && (buf[i - 1] & 0xc0) == 0x80)
		i--;
	if (i == 0 || (buf[i - 1] & 0x80) == 0)
		return;
	i--;
	need = (buf[i] & 0xe0) == 0xc0 ? 2 : (buf[i] & 0xf0) == 0xe0 ? 3 : 4;
	if (i + need > n)
		buf[i] = '\0';
}

static void
fmt_value_zh(double v, const char *unit, char *buf, size_t len)
{
	char		 num[64];
	const char	*scale, *name, *sep = "";

	if (isnan(v) || isinf(v)) {
		snprintf(buf, len, "%s", lang_text(LANG_ZH, LANG_K_NO_DATA));
		fmt_utf8_cut(buf, len);
		return;
	}
	if (strcmp(unit, "ratio") == 0) {
		snprintf(buf, len, "%.1f %%", v * 100);
		return;
	}
	fmt_zh_scaled(v, num, sizeof(num), &scale);
	if (strcmp(unit, "count") == 0)
		name = "";
	else if (strcmp(unit, "yuan") == 0 || strcmp(unit, "usd") == 0)
		name = lang_unit(LANG_ZH, unit);
	else {
		name = unit;
		sep = *scale != '\0' ? " " : "";
	}
	snprintf(buf, len, "%s%s%s%s%s", num,
	    *scale != '\0' || *name != '\0' ? " " : "", scale, sep, name);
	fmt_utf8_cut(buf, len);
}

void
fmt_value_lang(double v, const char *unit, enum lang l, char *buf, size_t len)
{
	if (l == LANG_ZH)
		fmt_value_zh(v, unit, buf, len);
	else
		fmt_value(v, unit, buf, len);
}

void
fmt_growth_lang(double g, int linear, const char *unit, enum lang l,
    char *buf, size_t len)
{
	char	 num[64];

	if (l != LANG_ZH) {
		fmt_growth(g, linear, unit, buf, len);
		return;
	}
	if (isnan(g) || isinf(g))
		snprintf(buf, len, "%s", lang_text(LANG_ZH, LANG_K_NO_DATA));
	else if (!linear)
		snprintf(buf, len, "%.1f %%/年", g * 100);
	else {
		fmt_value_zh(fabs(g), unit, num, sizeof(num));
		snprintf(buf, len, "%s%s/年", g < 0 ? "-" : "+", num);
	}
	fmt_utf8_cut(buf, len);
}
