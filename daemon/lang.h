/*
 * lang.h: the languages of the pages and graphs (English and Simplified
 * Chinese): which one a request gets, and the fixed words of the interface
 * in each. Pure; every string returned is static UTF-8.
 */
#ifndef LANG_H
#define LANG_H

#include "eval.h"

enum lang {
	LANG_EN = 0,
	LANG_ZH,		/* Simplified Chinese */
	LANG_NLANG
};

/* The fixed words of the pages and graphs (lang_text). */
enum lang_key {
	/* headings */
	LANG_K_OVERVIEW = 0,
	LANG_K_INDICATOR,
	LANG_K_INDICATORS,
	LANG_K_LATEST,
	LANG_K_PERIOD,
	LANG_K_VALUE,
	LANG_K_UNIT,
	LANG_K_DATA_AGE,
	LANG_K_STALE,
	LANG_K_TARGET,
	LANG_K_TARGETS,
	LANG_K_STATUS,
	LANG_K_PROJECTED,
	LANG_K_BASELINE,
	LANG_K_DIRECTION,
	LANG_K_TREND,
	LANG_K_FEED,
	LANG_K_FEED_OK,
	LANG_K_FEED_FAILING,
	LANG_K_SOURCE,
	LANG_K_METHOD,
	LANG_K_NOTES,
	LANG_K_STORED,
	LANG_K_REVISED,
	LANG_K_YES,
	LANG_K_NO,
	LANG_K_ALL,
	LANG_K_SEARCH,
	LANG_K_FILTER,
	LANG_K_SORT,
	LANG_K_FROM,
	LANG_K_TO,
	LANG_K_GRAPH,
	LANG_K_TABLE,
	LANG_K_DOWNLOAD_CSV,
	LANG_K_DOWNLOAD_EXCEL,
	LANG_K_LANGUAGE,
	LANG_K_NO_DATA,
	/* the figures of a target, and a one-line meaning of each */
	LANG_K_R,
	LANG_K_ACTUAL_GROWTH,
	LANG_K_REQUIRED_GROWTH,
	LANG_K_R_MEANS,
	LANG_K_ACTUAL_MEANS,
	LANG_K_REQUIRED_MEANS,
	/* the indicator's direction (config) and a target's kind */
	LANG_K_INCREASE,
	LANG_K_DECREASE,
	LANG_K_AT_LEAST,
	LANG_K_AT_MOST,
	/* methods (eval_method_name) */
	LANG_K_CAGR,
	LANG_K_LINEAR,
	LANG_K_TREND_METHOD,
	/* every page (page.c) */
	LANG_K_PLAN,
	LANG_K_AS_OF,
	LANG_K_API,

	/* the overview */
	LANG_K_OV_REPORT,
	LANG_K_OV_REPORT_HEADING,
	LANG_K_OV_NO_MATCH,
	LANG_K_OV_CLEAR,
	LANG_K_OV_SHOWN,
	LANG_K_OV_NO_TARGET,
	LANG_K_DAYS,		/* a data age's unit, and the trend's */
	LANG_K_YEARS,
	LANG_K_OV_OVER_LAST,
	LANG_K_OV_APPLY,
	LANG_K_OV_AT_BOUND,
	LANG_K_OV_TARGET_NOTE,
	LANG_K_OV_COUNTS,

	/* the indicator page */
	LANG_K_IP_BACK,		/* the link back to the overview */
	LANG_K_IP_RANGE,	/* the range picker's legend */
	LANG_K_IP_REDRAW,	/* its button */
	LANG_K_IP_GRAPH_OF,	/* the graph's alt text: "Graph of" NAME */
	LANG_K_IP_ABOUT,	/* the heading of source, method, feed */
	LANG_K_IP_OBSERVATIONS,	/* the data table's heading */
	LANG_K_IP_STANDING,	/* the heading of the explanations */
	LANG_K_IP_MEANING,	/* the heading of the figures' meanings */
	LANG_K_IP_NO_TARGET,	/* an indicator without targets */
	LANG_K_IP_STALE_AFTER,
	LANG_K_IP_LAST_SUCCESS,
	LANG_K_IP_NEVER,
	LANG_K_IP_LAST_ERROR,
	LANG_K_IP_CURRENT,	/* data not stale */

	/* exports: column headers and sheet names */
	LANG_K_X_ID,
	LANG_K_X_NAME,
	LANG_K_X_PERIOD,
	LANG_K_X_VALUE,
	LANG_K_X_UNIT,
	LANG_K_X_SOURCE,
	LANG_K_X_STORED,
	LANG_K_X_REVISED,
	LANG_K_X_LATEST_PERIOD,
	LANG_K_X_LATEST_VALUE,
	LANG_K_X_AGE_DAYS,
	LANG_K_X_STALE,
	LANG_K_X_FEED,
	LANG_K_X_FEED_UP,
	LANG_K_X_TARGET_YEAR,
	LANG_K_X_KIND,
	LANG_K_X_TARGET_VALUE,
	LANG_K_X_STATUS,
	LANG_K_X_STATUS_WORDS,
	LANG_K_X_R,
	LANG_K_X_ACTUAL,
	LANG_K_X_REQUIRED,
	LANG_K_X_PROJECTED,
	LANG_K_X_SHEET_SERIES,
	LANG_K_X_SHEET_OVERVIEW,

	/* graphs */
	LANG_K_G_ACTUAL,
	LANG_K_G_LATEST,
	LANG_K_G_BAND,
	LANG_K_G_PROJECTION,
	LANG_K_G_PER_YEAR,
	LANG_K_G_COMPOUND,
	LANG_K_G_LINEAR,
	LANG_K_G_REQUIRED,
	LANG_K_G_REQUIRED_PATH,
	LANG_K_G_REQUIRED_FULL,
	LANG_K_G_TARGET,
	LANG_K_G_PROJECTED,
	LANG_K_G_INTERVAL,
	LANG_K_G_NOTE,
	LANG_K_G_NO_DATA,
	LANG_K_G_THOUSANDS,
	LANG_K_G_TEN_THOUSANDS,
	LANG_K_G_HUNDRED_MILLIONS,
	LANG_K_G_RATIO,
	LANG_K_G_MILLIONS,
	LANG_K_G_BILLIONS,
	LANG_K_G_TRILLIONS,
	LANG_K_G_MILLION,
	LANG_K_G_BILLION,
	LANG_K_G_TRILLION,

	LANG_NKEY
};

/* Parse "en" or "zh" (the ?lang= switch, http.language): 0, or -1. */
int	 lang_parse(const char *s, enum lang *l);
/* "en" or "zh": what lang_parse reads. */
const char *lang_code(enum lang l);
/* The BCP 47 tag for <html lang>: "en" or "zh-Hans". */
const char *lang_tag(enum lang l);
/* The language's name in itself, for the switch: "English", "中文". */
const char *lang_name(enum lang l);
/*
 * The language an Accept-Language header (RFC 9110 12.5.4) asks for, of
 * the two: a range whose primary subtag is "zh" (zh, zh-CN, zh-Hans,
 * zh-TW, ...) stands for Chinese, "en" (en, en-GB, ...) for English, "*"
 * for either one that no other range names. A language's weight is the
 * highest q of the ranges standing for it (q=0: not acceptable). The
 * highest weight above 0 wins; a tie goes to the range written first,
 * then to dflt. With none above 0 the answer is dflt, unless the header
 * refuses dflt (q=0) and does not name the other language: then that one.
 * A malformed element (a bad range, q out of 0..1 or with more than three
 * decimals, a parameter other than q) is skipped; NULL, an empty header or
 * one naming neither language gives dflt (LANG_EN if dflt is out of
 * range). Linear in the length, no allocation.
 */
enum lang lang_accept(const char *hdr, enum lang dflt);
/* The word for key in l; "" for a key or language out of range. */
const char *lang_text(enum lang l, enum lang_key key);
/* A status in words: "on track", "进展顺利". */
const char *lang_status(enum lang l, enum eval_status st);
/* A direction without a target in words: "improving", "改善". */
const char *lang_direction(enum lang l, enum eval_direction d);
/* Why a figure is not given (eval_why_text in l); "" for EVAL_WHY_NONE. */
const char *lang_why(enum lang l, enum eval_why w);
/* A method in words: "compound annual growth", "年均复合增长". */
const char *lang_method(enum lang l, enum eval_method m);
/*
 * The name of a config unit for a heading or an axis: count, yuan,
 * US dollars, percent; 个, 元, 美元, %. Another unit is returned as given.
 */
const char *lang_unit(enum lang l, const char *unit);

#endif
