/* fmt.c: human-readable numbers (see fmt.h). */
#include <math.h>
#include <stdio.h>
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
