/*
 * test_sheet.c: the downloads' rows (sheet.c) as CSV (sheetcsv.c), byte
 * for byte, for a view made by hand: quoting, the formula guard, Chinese
 * text, empty cells for numbers that are not known; the download paths
 * (sheetpath.c) and file names (download.c).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <unistd.h>

#include <cmocka.h>

#include "download.h"
#include "sheet.h"
#include "sheetcsv.h"
#include "sheetpath.h"
#include "sheetxlsx.h"
#include "view.h"
#include "srcfix.h"

struct fixture {
	struct config		 conf;
	struct indicator_conf	 ic[2];
	struct target_conf	 tc[2];
	struct iview		 iv[2], *ind[2];
	struct series		 s[2];
	struct point		 pts[3];
	struct eval_result	 er[2];
	struct feed_state	 fs;
	struct view		 v;
};

static void
period(struct point *p, const char *s)
{
	char	 err[128];

	assert_int_equal(period_parse(s, strlen(s), &p->period, err,
	    sizeof(err)), 0);
}

static void
result(struct eval_result *er, enum eval_status st, double r, double a,
    double q, double p)
{
	eval_result_unknown(er, EVAL_CAGR);
	er->status = st;
	er->ratio = r;
	er->actual = a;
	er->required = q;
	er->projected = p;
}

/*
 * gdp: two observations (one stored and revised), two targets; "=cmd":
 * one observation with a hostile name and source, no target, no feed
 * state.
 */
static void
fixture_init(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	f->ic[0] = (struct indicator_conf){ .id = "gdp",
	    .name = "GDP, \"nominal\"", .name_zh = "地区生产总值", .unit = "yuan", .source = "SZ",
	    .feed = "sz", .targets = f->tc, .ntargets = 2 };
	f->tc[0] = (struct target_conf){ .year = 2025, .value = 4e12,
	    .kind = EVAL_MIN };
	f->tc[1] = (struct target_conf){ .year = 2035, .value = 0.1,
	    .kind = EVAL_MAX };
	f->ic[1] = (struct indicator_conf){ .id = "odd", .name = "=1+2",
	    .unit = "ratio", .source = "", .feed = "gone" };
	period(&f->pts[0], "2023");
	f->pts[0].value = 3.46e12;
	f->pts[0].source = srctab_intern(&srcs, "Bureau, 2024\r\nrevised");
	period(&f->pts[1], "2024");
	f->pts[1].value = 0.1 + 0.2;
	f->pts[1].source = srctab_intern(&srcs, "统计局");
	f->pts[1].stored = 1764878400 + 59;
	f->pts[1].revised = 1;
	period(&f->pts[2], "2024-03");
	f->pts[2].value = -0.5;
	f->pts[2].source = srctab_intern(&srcs, "@SUM(A1)");
	f->s[0] = (struct series){ .n = 2, .pts = f->pts, .src = &srcs };
	f->s[1] = (struct series){ .n = 1, .pts = f->pts + 2, .src = &srcs };
	result(&f->er[0], EVAL_ON_TRACK, 1.25, 0.05, 0.04, 4.2e12);
	result(&f->er[1], EVAL_UNKNOWN, NAN, NAN, NAN, NAN);
	f->iv[0] = (struct iview){ .id = "gdp", .conf = &f->ic[0],
	    .series = &f->s[0], .results = f->er, .age = 86400 * 100.54,
	    .stale = 0 };
	f->iv[1] = (struct iview){ .id = "odd", .conf = &f->ic[1],
	    .series = &f->s[1], .age = NAN, .stale = 1 };
	f->ind[0] = &f->iv[0];
	f->ind[1] = &f->iv[1];
	f->conf.indicators = f->ic;
	f->conf.nindicators = 2;
	f->fs.name = "sz";
	f->fs.up = 1;
	f->v = (struct view){ .conf = &f->conf, .ind = f->ind, .nind = 2,
	    .feeds = &f->fs, .nfeeds = 1, .asof = 1764878400 };
}

static char *
csv_overview(const struct view *v, enum lang l)
{
	struct buf		 b;
	struct sheetcsv		 w;
	struct sheet_out	 o;

	buf_init(&b, 16);
	sheetcsv_start(&w, &b, &o);
	sheet_overview(v, l, &o);
	return buf_release(&b, NULL);
}

static char *
csv_series(const struct iview *ind, enum lang l)
{
	struct buf		 b;
	struct sheetcsv		 w;
	struct sheet_out	 o;

	buf_init(&b, 16);
	sheetcsv_start(&w, &b, &o);
	sheet_series(ind, l, &o);
	return buf_release(&b, NULL);
}

static void
test_field(void **state)
{
	struct buf	 b;

	(void)state;
	buf_init(&b, 16);
	sheetcsv_field(&b, "plain");
	assert_string_equal(b.data, "plain");
	b.len = 0;
	sheetcsv_field(&b, "a,b");
	assert_string_equal(b.data, "\"a,b\"");
	b.len = 0;
	sheetcsv_field(&b, "say \"hi\"\"");
	assert_string_equal(b.data, "\"say \"\"hi\"\"\"\"\"");
	b.len = 0;
	sheetcsv_field(&b, "two\nlines\r");
	assert_string_equal(b.data, "\"two\nlines\r\"");
	b.len = 0;
	sheetcsv_field(&b, "=HYPERLINK(\"http://x\",\"y\")");
	assert_string_equal(b.data,
	    "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
	b.len = 0;
	sheetcsv_field(&b, "+1");
	assert_string_equal(b.data, "'+1");
	b.len = 0;
	sheetcsv_field(&b, "-2");
	assert_string_equal(b.data, "'-2");
	b.len = 0;
	sheetcsv_field(&b, "@x");
	assert_string_equal(b.data, "'@x");
	b.len = 0;
	sheetcsv_field(&b, "\tx");
	assert_string_equal(b.data, "'\tx");
	b.len = 0;
	sheetcsv_field(&b, "\rx");
	assert_string_equal(b.data, "\"'\rx\"");
	b.len = 0;
	sheetcsv_field(&b, "x=1");
	assert_string_equal(b.data, "x=1");
	b.len = 0;
	sheetcsv_field(&b, "");
	assert_string_equal(b.data, "");
	buf_free(&b);
}

static void
test_overview_en(void **state)
{
	struct fixture	 f;
	char		*s;

	(void)state;
	fixture_init(&f);
	s = csv_overview(&f.v, LANG_EN);
	assert_string_equal(s, SHEETCSV_BOM
	    "ID,Name,Unit,Latest period,Latest value,Data age (days),Stale,"
	    "Feed,Feed up,Target year,Kind,Target value,Status code,Status,R,"
	    "Actual growth,Required growth,Projected value\r\n"
	    "gdp,\"GDP, \"\"nominal\"\"\",yuan,2024,0.30000000000000004,100.5,"
	    "false,sz,true,2025,min,4000000000000,on_track,on track,1.25,0.05,"
	    "0.04,4200000000000\r\n"
	    "gdp,\"GDP, \"\"nominal\"\"\",yuan,2024,0.30000000000000004,100.5,"
	    "false,sz,true,2035,max,0.1,unknown,unknown,,,,\r\n"
	    "odd,'=1+2,ratio,2024-03,-0.5,,true,gone,,,,,,,,,,\r\n");
	free(s);
}

static void
test_overview_zh(void **state)
{
	struct fixture	 f;
	char		*s;

	(void)state;
	fixture_init(&f);
	s = csv_overview(&f.v, LANG_ZH);
	assert_string_equal(s, SHEETCSV_BOM
	    "指标代码,指标名称,单位,最新统计期,最新值,数据时效（天）,数据过时,"
	    "数据源,数据源正常,目标年份,目标类型,目标值,状态代码,状态,"
	    "进度比 R,实际增速,所需增速,预测值\r\n"
	    "gdp,地区生产总值,yuan,2024,0.30000000000000004,100.5,false,sz,"
	    "true,2025,min,4000000000000,on_track,进展顺利,1.25,0.05,0.04,"
	    "4200000000000\r\n"
	    "gdp,地区生产总值,yuan,2024,0.30000000000000004,100.5,false,sz,"
	    "true,2035,max,0.1,unknown,未知,,,,\r\n"
	    "odd,'=1+2,ratio,2024-03,-0.5,,true,gone,,,,,,,,,,\r\n");
	free(s);
}

static void
test_series(void **state)
{
	struct fixture	 f;
	char		*s;

	(void)state;
	fixture_init(&f);
	s = csv_series(&f.iv[0], LANG_EN);
	assert_string_equal(s, SHEETCSV_BOM
	    "ID,Name,Period,Value,Unit,Source,Stored (UTC),Revised\r\n"
	    "gdp,\"GDP, \"\"nominal\"\"\",2023,3460000000000,yuan,"
	    "\"Bureau, 2024\r\nrevised\",,false\r\n"
	    "gdp,\"GDP, \"\"nominal\"\"\",2024,0.30000000000000004,yuan,统计局,"
	    "2025-12-04T20:00:59Z,true\r\n");
	free(s);
	s = csv_series(&f.iv[1], LANG_ZH);
	assert_string_equal(s, SHEETCSV_BOM
	    "指标代码,指标名称,统计期,数值,单位,来源,入库时间（UTC）,已修订\r\n"
	    "odd,'=1+2,2024-03,-0.5,ratio,'@SUM(A1),,false\r\n");
	free(s);
	f.s[1].n = 0;
	s = csv_series(&f.iv[1], LANG_EN);
	assert_string_equal(s, SHEETCSV_BOM
	    "ID,Name,Period,Value,Unit,Source,Stored (UTC),Revised\r\n");
	free(s);
}

static void
test_path(void **state)
{
	struct sheetpath	 sp;

	(void)state;
	assert_int_equal(sheetpath_parse("/export.csv", &sp), 1);
	assert_true(sp.all);
	assert_int_equal(sp.format, SHEETPATH_CSV);
	assert_int_equal(sheetpath_parse("/export.xlsx", &sp), 1);
	assert_true(sp.all);
	assert_int_equal(sp.format, SHEETPATH_XLSX);
	assert_int_equal(sheetpath_parse("/indicator/gdp_2.csv", &sp), 1);
	assert_false(sp.all);
	assert_int_equal(sp.format, SHEETPATH_CSV);
	assert_string_equal(sp.id, "gdp_2");
	assert_int_equal(sheetpath_parse("/indicator/gdp.xlsx", &sp), 1);
	assert_int_equal(sp.format, SHEETPATH_XLSX);
	assert_string_equal(sp.id, "gdp");
	assert_int_equal(sheetpath_parse("/indicator/../x.csv", &sp), -1);
	assert_int_equal(sheetpath_parse("/indicator/.csv", &sp), -1);
	assert_int_equal(sheetpath_parse("/indicator/GDP.xlsx", &sp), -1);
	assert_int_equal(sheetpath_parse("/indicator/gdp", &sp), 0);
	assert_int_equal(sheetpath_parse("/indicator/gdp.xls", &sp), 0);
	assert_int_equal(sheetpath_parse("/export.csvx", &sp), 0);
	assert_int_equal(sheetpath_parse("/export", &sp), 0);
	assert_int_equal(sheetpath_parse("/exports.csv", &sp), 0);
	assert_int_equal(sheetpath_parse("//export.csv", &sp), 0);
	assert_int_equal(sheetpath_parse("", &sp), 0);
}

static void
test_filename(void **state)
{
	struct sheetpath	 sp = { SHEETPATH_XLSX, 1, "" };
	char			 name[128];

	(void)state;
	download_filename(&sp, 1764878400, name, sizeof(name));
	assert_string_equal(name, "indicatord-export-2025-12-04.xlsx");
	sp.format = SHEETPATH_CSV;
	download_filename(&sp, 1764892799, name, sizeof(name));
	assert_string_equal(name, "indicatord-export-2025-12-04.csv");
	sp.all = 0;
	strcpy(sp.id, "gdp");
	download_filename(&sp, 0, name, sizeof(name));
	assert_string_equal(name, "gdp.csv");
	sp.format = SHEETPATH_XLSX;
	download_filename(&sp, 0, name, sizeof(name));
	assert_string_equal(name, "gdp.xlsx");
}

/* The entries of dir other than . and .. */
static int
entries(const char *dir)
{
	DIR		*d = opendir(dir);
	struct dirent	*e;
	int		 n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 &&
		    strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

/*
 * A workbook made in a private directory is a zip (the LibreOffice test
 * in t_exports.sh reads it back) and leaves nothing behind; a directory
 * that is not there and a string longer than Excel takes are errors.
 */
static void
test_xlsx(void **state)
{
	struct fixture		 f;
	struct sheetxlsx	*x;
	struct sheet_out	 o;
	struct sheet_cell	 c = { SHEET_TEXT, NULL, 0 };
	struct buf		 b;
	char			 dir[] = "/tmp/test_sheet.XXXXXX", err[256];
	char			*big;

	(void)state;
	fixture_init(&f);
	assert_non_null(mkdtemp(dir));
	buf_init(&b, 16);
	x = sheetxlsx_open(dir, sheet_overview_name(LANG_ZH), &o, err,
	    sizeof(err));
	assert_non_null(x);
	assert_int_equal(entries(dir), 1);
	sheet_overview(&f.v, LANG_ZH, &o);
	assert_int_equal(sheetxlsx_close(x, &b, err, sizeof(err)), 0);
	assert_true(b.len > 1000);
	assert_memory_equal(b.data, "PK\x03\x04", 4);
	assert_int_equal(entries(dir), 0);

	x = sheetxlsx_open(dir, "s", &o, err, sizeof(err));
	assert_non_null(x);
	big = malloc(40000);
	memset(big, 'a', 39999);
	big[39999] = '\0';
	c.text = big;
	o.cell(o.arg, &c);
	o.end_row(o.arg);
	b.len = 0;
	assert_int_equal(sheetxlsx_close(x, &b, err, sizeof(err)), -1);
	assert_string_equal(err, "cannot write the workbook: String exceeds "
	    "Excel's limit of 32,767 characters.");
	assert_int_equal(entries(dir), 0);
	free(big);

	x = sheetxlsx_open(dir, "s", &o, err, sizeof(err));
	sheetxlsx_free(x);
	assert_int_equal(entries(dir), 0);
	assert_int_equal(rmdir(dir), 0);
	assert_null(sheetxlsx_open(dir, "s", &o, err, sizeof(err)));
	assert_string_equal(err + strlen(err) - strlen("No such file or "
	    "directory"), "No such file or directory");
	assert_memory_equal(err, "cannot make a workbook's file in /tmp/"
	    "test_sheet.", 43);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_field),
		cmocka_unit_test(test_overview_en),
		cmocka_unit_test(test_overview_zh),
		cmocka_unit_test(test_series),
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_filename),
		cmocka_unit_test(test_xlsx),
	};

	return cmocka_run_group_tests(tests, NULL, srcs_free);
}
