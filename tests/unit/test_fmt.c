/*
 * test_fmt.c: fmt_value and fmt_growth in English (the strings the
 * dashboard, the explanations and the alerts already print) and in Chinese
 * (万, 亿, 万亿), for one table of values, and the Chinese text cut short
 * by a small buffer.
 */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fmt.h"
#include "quote.h"

struct row {
	double		 v;
	const char	*unit;
	const char	*en;	/* NULL: not checked */
	const char	*zh;
};

static const struct row values[] = {
	{ 0, "count", "0", "0" },
	{ 241900, "count", "241,900", "24.19 万" },
	{ -241900, "count", "-241,900", "-24.19 万" },
	{ 9999, "count", "9,999", "9999" },
	{ 10000, "count", "10,000", "1 万" },
	{ 10060, "count", "10,060", "1.01 万" },
	{ 99999999, "count", "99,999,999", "1 亿" },
	{ -99999999, "count", "-99,999,999", "-1 亿" },
	{ 1e8, "count", "100,000,000", "1 亿" },
	{ 123456789, "count", "123,456,789", "1.23 亿" },
	{ 3.14159, "count", "3.14", "3.14" },
	{ 70.38, "count", "70.38", "70.38" },
	{ 150.7, "count", "151", "150.7" },
	{ 9999.999, "count", "10,000", "1 万" },
	{ 0.001, "count", "0.00", "0" },
	{ -0.001, "count", "-0.00", "0" },
	{ 1e16, "count", "10,000,000,000,000,000", "1e+16" },
	{ 1.5e20, "count", "150,000,000,000,000,000,000", "1.5e+20" },
	{ -1e300, "count", NULL, "-1e+300" },
	{ DBL_MAX, "count", NULL, "1.8e+308" },
	{ NAN, "count", "n/a", "无数据" },
	{ INFINITY, "count", "n/a", "无数据" },
	{ -INFINITY, "yuan", "n/a", "无数据" },
	{ 2.4e12, "yuan", "2.40 trillion yuan", "2.4 万亿元" },
	{ 4.5e12, "yuan", "4.50 trillion yuan", "4.5 万亿元" },
	{ 0, "yuan", "0 yuan", "0 元" },
	{ 5000, "yuan", "5,000 yuan", "5000 元" },
	{ 1.23456e9, "yuan", "1.23 billion yuan", "12.35 亿元" },
	{ -3.5e8, "yuan", "-350.00 million yuan", "-3.5 亿元" },
	{ 9.999999e15, "yuan", "10000.00 trillion yuan", "1e+16 元" },
	{ 1e20, "yuan", "100000000.00 trillion yuan", "1e+20 元" },
	{ 8.68e9, "usd", "US$ 8.68 billion", "86.8 亿美元" },
	{ 1e6, "usd", "US$ 1.00 million", "100 万美元" },
	{ 999, "usd", "US$ 999", "999 美元" },
	{ NAN, "usd", "n/a", "无数据" },
	{ 0.77, "ratio", "77.0 %", "77.0 %" },
	{ -0.052, "ratio", "-5.2 %", "-5.2 %" },
	{ 0, "ratio", "0.0 %", "0.0 %" },
	{ NAN, "ratio", "n/a", "无数据" },
	{ 50000, "t", "50,000 t", "5 万 t" },
	{ 12, "t", "12 t", "12 t" },
};

struct growth {
	double		 g;
	int		 linear;
	const char	*unit;
	const char	*en, *zh;
};

static const struct growth growths[] = {
	{ 0.082, 0, "count", "8.2 %/yr", "8.2 %/年" },
	{ -0.035, 0, "yuan", "-3.5 %/yr", "-3.5 %/年" },
	{ 0, 0, "count", "0.0 %/yr", "0.0 %/年" },
	{ NAN, 0, "count", "n/a", "无数据" },
	{ INFINITY, 1, "count", "n/a", "无数据" },
	{ 15000, 1, "count", "+15,000/yr", "+1.5 万/年" },
	{ -4.5e9, 1, "yuan", "-4.50 billion yuan/yr", "-45 亿元/年" },
	{ 2.5e8, 1, "usd", "+US$ 250.00 million/yr", "+2.5 亿美元/年" },
	{ 1.5, 1, "count", "+1.50/yr", "+1.5/年" },
	{ 0, 1, "count", "+0/yr", "+0/年" },
	{ -0.01, 1, "ratio", "-1.0 %/yr", "-1.0 %/年" },
};

static void
test_values(void **state)
{
	char	 buf[128];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		const struct row	*r = &values[i];

		if (r->en != NULL) {
			fmt_value(r->v, r->unit, buf, sizeof(buf));
			assert_string_equal(buf, r->en);
			fmt_value_lang(r->v, r->unit, LANG_EN, buf,
			    sizeof(buf));
			assert_string_equal(buf, r->en);
		}
		fmt_value_lang(r->v, r->unit, LANG_ZH, buf, sizeof(buf));
		assert_string_equal(buf, r->zh);
	}
}

static void
test_growths(void **state)
{
	char	 buf[128];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(growths) / sizeof(growths[0]); i++) {
		const struct growth	*r = &growths[i];

		fmt_growth(r->g, r->linear, r->unit, buf, sizeof(buf));
		assert_string_equal(buf, r->en);
		fmt_growth_lang(r->g, r->linear, r->unit, LANG_EN, buf,
		    sizeof(buf));
		assert_string_equal(buf, r->en);
		fmt_growth_lang(r->g, r->linear, r->unit, LANG_ZH, buf,
		    sizeof(buf));
		assert_string_equal(buf, r->zh);
	}
}

/* A buffer too small cuts the Chinese text between characters. */
static void
test_cut(void **state)
{
	static const char *const want[] = {
		"", "2", "2.", "2.4", "2.4 ", "2.4 ", "2.4 ", "2.4 万",
		"2.4 万", "2.4 万", "2.4 万亿", "2.4 万亿", "2.4 万亿",
		"2.4 万亿元"
	};
	char	 buf[16];
	size_t	 len;

	(void)state;
	for (len = 1; len <= sizeof(want) / sizeof(want[0]); len++) {
		memset(buf, 'x', sizeof(buf));
		fmt_value_lang(2.4e12, "yuan", LANG_ZH, buf, len);
		assert_string_equal(buf, want[len - 1]);
		assert_true(quote_safe(buf));
	}
	fmt_value_lang(NAN, "count", LANG_ZH, buf, 5);
	assert_string_equal(buf, "无");
	fmt_growth_lang(0.082, 0, "count", LANG_ZH, buf, 9);
	assert_string_equal(buf, "8.2 %/");
	fmt_growth_lang(15000, 1, "count", LANG_ZH, buf, 11);
	assert_string_equal(buf, "+1.5 万/");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_growths),
		cmocka_unit_test(test_cut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
