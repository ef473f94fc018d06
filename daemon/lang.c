/*
 * lang.c: languages and the interface's words (see lang.h).
 *
 * The Chinese status words follow the brief of issue 24; open-sdg's
 * zh-Hans translations (sdg-translations, status.yml) say 已达成目标,
 * 步入正轨, 取得了进展，但需要加速, 进展有限 and 恶化 for its five
 * statuses: its 恶化 is taken for the direction "deteriorating", and
 * "missed" is 到期未实现 (due and not met) because 未实现 alone reads as
 * "not met yet", which every open target is.
 */
#include <string.h>
#include <strings.h>

#include "lang.h"

/* A weight in thousandths (RFC 9110 qvalue), and where it was written. */
struct lang_weight {
	int	 q;		/* -1: no range stands for the language */
	size_t	 pos;		/* index of the element that gave q */
};

static const char *const lang_codes[LANG_NLANG] = { "en", "zh" };
static const char *const lang_tags[LANG_NLANG] = { "en", "zh-Hans" };
static const char *const lang_names[LANG_NLANG] = { "English", "中文" };

static const char *const lang_texts[LANG_NKEY][LANG_NLANG] = {
	[LANG_K_OVERVIEW] = { "Overview", "总览" },
	[LANG_K_INDICATOR] = { "Indicator", "指标" },
	[LANG_K_INDICATORS] = { "Indicators", "指标" },
	[LANG_K_LATEST] = { "Latest", "最新值" },
	[LANG_K_PERIOD] = { "Period", "统计期" },
	[LANG_K_VALUE] = { "Value", "数值" },
	[LANG_K_UNIT] = { "Unit", "单位" },
	[LANG_K_DATA_AGE] = { "Data age", "数据时效" },
	[LANG_K_STALE] = { "Stale", "数据过时" },
	[LANG_K_TARGET] = { "Target", "目标" },
	[LANG_K_TARGETS] = { "Targets", "目标" },
	[LANG_K_STATUS] = { "Status", "状态" },
	[LANG_K_PROJECTED] = { "Projected", "预测值" },
	[LANG_K_BASELINE] = { "Baseline", "基期值" },
	[LANG_K_DIRECTION] = { "Direction", "方向" },
	[LANG_K_TREND] = { "Trend", "趋势" },
	[LANG_K_FEED] = { "Feed", "数据源" },
	[LANG_K_FEED_OK] = { "OK", "正常" },
	[LANG_K_FEED_FAILING] = { "failing", "异常" },
	[LANG_K_SOURCE] = { "Source", "来源" },
	[LANG_K_METHOD] = { "Method", "方法" },
	[LANG_K_NOTES] = { "Notes", "备注" },
	[LANG_K_STORED] = { "Stored", "入库时间" },
	[LANG_K_REVISED] = { "Revised", "已修订" },
	[LANG_K_YES] = { "yes", "是" },
	[LANG_K_NO] = { "no", "否" },
	[LANG_K_ALL] = { "All", "全部" },
	[LANG_K_SEARCH] = { "Search", "搜索" },
	[LANG_K_FILTER] = { "Filter", "筛选" },
	[LANG_K_SORT] = { "Sort", "排序" },
	[LANG_K_FROM] = { "From", "从" },
	[LANG_K_TO] = { "To", "到" },
	[LANG_K_GRAPH] = { "Graph", "图表" },
	[LANG_K_TABLE] = { "Table", "表格" },
	[LANG_K_DOWNLOAD_CSV] = { "Download CSV", "下载 CSV" },
	[LANG_K_DOWNLOAD_EXCEL] = { "Download Excel", "下载 Excel" },
	[LANG_K_LANGUAGE] = { "Language", "语言" },
	[LANG_K_NO_DATA] = { "n/a", "无数据" },
	[LANG_K_R] = { "Progress ratio R", "进度比 R" },
	[LANG_K_ACTUAL_GROWTH] = { "Actual growth", "实际增速" },
	[LANG_K_REQUIRED_GROWTH] = { "Required growth", "所需增速" },
	[LANG_K_R_MEANS] = {
		"R is the actual growth divided by the required growth: 1 or "
		"more means the target is reached in time at this pace, below "
		"0 means moving away from it.",
		"R 为实际增速除以所需增速：不小于 1 表示按当前速度"
		"可如期实现目标，小于 0 表示正在偏离目标。" },
	[LANG_K_ACTUAL_MEANS] = {
		"Actual growth: how fast the indicator has grown per year "
		"since the baseline.",
		"实际增速：自基期以来指标每年的平均增长。" },
	[LANG_K_REQUIRED_MEANS] = {
		"Required growth: how fast it must grow per year from the "
		"baseline to reach the target by the target year.",
		"所需增速：从基期起到目标年实现目标每年需要的平均增长。" },
	[LANG_K_INCREASE] = { "higher is better", "越高越好" },
	[LANG_K_DECREASE] = { "lower is better", "越低越好" },
	[LANG_K_AT_LEAST] = { "at least", "不低于" },
	[LANG_K_AT_MOST] = { "no more than", "不高于" },
	[LANG_K_CAGR] = { "compound annual growth", "年均复合增长" },
	[LANG_K_LINEAR] = { "linear", "线性" },
	[LANG_K_TREND_METHOD] = { "least-squares trend", "最小二乘趋势" },
	/* every page */
	[LANG_K_PLAN] = { "Indicators against plan targets",
		"规划目标指标监测" },
	[LANG_K_AS_OF] = { "data as of", "数据截至" },
	[LANG_K_API] = { "JSON API", "JSON 接口" },

	/* the overview */
	[LANG_K_OV_REPORT] = { "Printable report", "打印版报告" },
	[LANG_K_OV_REPORT_HEADING] = { "Report: indicators against their "
		"targets", "报告：各指标目标进展" },
	[LANG_K_OV_NO_MATCH] = { "No indicator matches these filters.",
		"没有符合筛选条件的指标。" },
	[LANG_K_OV_CLEAR] = { "Clear the filters", "清除筛选" },
	[LANG_K_OV_SHOWN] = { "Indicators shown", "显示指标" },
	[LANG_K_OV_NO_TARGET] = { "no target", "无目标" },
	[LANG_K_DAYS] = { "days", "天" },
	[LANG_K_YEARS] = { "years", "年" },
	[LANG_K_OV_OVER_LAST] = { "Over the last", "近" },
	[LANG_K_OV_APPLY] = { "Apply", "应用" },
	[LANG_K_OV_AT_BOUND] = { "at its bound", "已达边界" },
	[LANG_K_OV_TARGET_NOTE] = { "target", "年目标" },
	[LANG_K_OV_COUNTS] = { "Targets by status", "各状态目标数" },

	/* the indicator page */
	[LANG_K_IP_BACK] = { "Back to the overview", "返回总览" },
	[LANG_K_IP_RANGE] = { "Years shown", "显示年份" },
	[LANG_K_IP_REDRAW] = { "Redraw", "重绘" },
	[LANG_K_IP_GRAPH_OF] = { "Graph of", "趋势图：" },
	[LANG_K_IP_ABOUT] = { "About the data", "数据说明" },
	[LANG_K_IP_OBSERVATIONS] = { "Observations", "观测数据" },
	[LANG_K_IP_STANDING] = { "How each target stands", "各目标进展说明" },
	[LANG_K_IP_MEANING] = { "What the figures mean", "指标含义" },
	[LANG_K_IP_NO_TARGET] = { "No target; the direction of its recent "
		"trend:", "未设目标；近期趋势方向：" },
	[LANG_K_IP_STALE_AFTER] = { "Stale after", "过时期限" },
	[LANG_K_IP_LAST_SUCCESS] = { "last success", "最近成功" },
	[LANG_K_IP_NEVER] = { "never", "从未" },
	[LANG_K_IP_LAST_ERROR] = { "last error", "最近错误" },
	[LANG_K_IP_CURRENT] = { "current", "数据及时" },

	/* exports */
	[LANG_K_X_ID] = { "ID", "指标代码" },
	[LANG_K_X_NAME] = { "Name", "指标名称" },
	[LANG_K_X_PERIOD] = { "Period", "统计期" },
	[LANG_K_X_VALUE] = { "Value", "数值" },
	[LANG_K_X_UNIT] = { "Unit", "单位" },
	[LANG_K_X_SOURCE] = { "Source", "来源" },
	[LANG_K_X_STORED] = { "Stored (UTC)", "入库时间（UTC）" },
	[LANG_K_X_REVISED] = { "Revised", "已修订" },
	[LANG_K_X_LATEST_PERIOD] = { "Latest period", "最新统计期" },
	[LANG_K_X_LATEST_VALUE] = { "Latest value", "最新值" },
	[LANG_K_X_AGE_DAYS] = { "Data age (days)", "数据时效（天）" },
	[LANG_K_X_STALE] = { "Stale", "数据过时" },
	[LANG_K_X_FEED] = { "Feed", "数据源" },
	[LANG_K_X_FEED_UP] = { "Feed up", "数据源正常" },
	[LANG_K_X_TARGET_YEAR] = { "Target year", "目标年份" },
	[LANG_K_X_KIND] = { "Kind", "目标类型" },
	[LANG_K_X_TARGET_VALUE] = { "Target value", "目标值" },
	[LANG_K_X_STATUS] = { "Status code", "状态代码" },
	[LANG_K_X_STATUS_WORDS] = { "Status", "状态" },
	[LANG_K_X_R] = { "R", "进度比 R" },
	[LANG_K_X_ACTUAL] = { "Actual growth", "实际增速" },
	[LANG_K_X_REQUIRED] = { "Required growth", "所需增速" },
	[LANG_K_X_PROJECTED] = { "Projected value", "预测值" },
	[LANG_K_X_SHEET_SERIES] = { "Observations", "观测值" },
	[LANG_K_X_SHEET_OVERVIEW] = { "Indicators and targets", "指标与目标" },

	/* graphs: legend words, and the scales of the y axis */
	[LANG_K_G_ACTUAL] = { "actual", "实际值" },
	[LANG_K_G_LATEST] = { "latest", "最新" },
	[LANG_K_G_BAND] = { "interval", "区间" },
	[LANG_K_G_PROJECTION] = { "projection", "预测" },
	[LANG_K_G_PER_YEAR] = { "per year", "每年" },
	[LANG_K_G_COMPOUND] = { "compound", "复合" },
	[LANG_K_G_LINEAR] = { "linear", "线性" },
	[LANG_K_G_REQUIRED] = { "required", "所需" },
	[LANG_K_G_REQUIRED_PATH] = { "required path", "所需路径" },
	[LANG_K_G_REQUIRED_FULL] = { "path from the baseline to each target",
		"从基期到各目标的路径" },
	[LANG_K_G_TARGET] = { "target", "目标" },
	[LANG_K_G_PROJECTED] = { "projected", "预计" },
	[LANG_K_G_INTERVAL] = { "prediction interval of the trend",
		"趋势预测区间" },
	[LANG_K_G_NOTE] = { "note", "注" },
	[LANG_K_G_NO_DATA] = { "no data for", "无数据" },
	[LANG_K_G_THOUSANDS] = { "thousands", "千" },
	[LANG_K_G_TEN_THOUSANDS] = { "ten thousands", "万" },
	[LANG_K_G_HUNDRED_MILLIONS] = { "hundred millions", "亿" },
	[LANG_K_G_RATIO] = { "ratio", "比率" },
	[LANG_K_G_MILLIONS] = { "millions", "百万" },
	[LANG_K_G_BILLIONS] = { "billions", "十亿" },
	[LANG_K_G_TRILLIONS] = { "trillions", "万亿" },
	[LANG_K_G_MILLION] = { "million", "百万" },
	[LANG_K_G_BILLION] = { "billion", "十亿" },
	[LANG_K_G_TRILLION] = { "trillion", "万亿" },

};

static const char *const lang_statuses[EVAL_NSTATUS][LANG_NLANG] = {
	[EVAL_ACHIEVED] = { "achieved", "已实现" },
	[EVAL_ON_TRACK] = { "on track", "进展顺利" },
	[EVAL_MODERATE] = { "moderate progress", "进展一般" },
	[EVAL_INSUFFICIENT] = { "insufficient progress", "进展不足" },
	[EVAL_MOVING_AWAY] = { "moving away", "正在偏离" },
	[EVAL_MISSED] = { "missed", "到期未实现" },
	[EVAL_UNKNOWN] = { "unknown", "未知" },
};

static const char *const lang_directions[EVAL_NDIRECTION][LANG_NLANG] = {
	[EVAL_IMPROVING] = { "improving", "改善" },
	[EVAL_STABLE] = { "stable", "平稳" },
	[EVAL_DETERIORATING] = { "deteriorating", "恶化" },
	[EVAL_DIR_UNKNOWN] = { "unknown", "未知" },
};

/* Chinese for eval_why_text; English is eval_why_text itself. */
static const char *const lang_whys_zh[EVAL_NWHY] = {
	[EVAL_WHY_NONE] = "",
	[EVAL_WHY_NO_DATA] = "尚无观测值",
	[EVAL_WHY_ONE_POINT] = "仅有一个观测值：无法计算增长",
	[EVAL_WHY_TARGET_MET] = "目标已实现：无需增长",
	[EVAL_WHY_BASELINE_MET] = "基期值已达到目标：无需增长",
	[EVAL_WHY_TWO_POINTS] = "仅有两个观测值，不足以推算这么远的趋势",
	[EVAL_WHY_NOT_FINITE] = "数值过大，无法计算",
};

static const struct {
	const char	*unit;
	const char	*name[LANG_NLANG];
} lang_units[] = {
	{ "count", { "count", "个" } },
	{ "yuan", { "yuan", "元" } },
	{ "usd", { "US dollars", "美元" } },
	{ "ratio", { "percent", "%" } },
};

static int
lang_valid(enum lang l)
{
	return (unsigned)l < LANG_NLANG;
}

int
lang_parse(const char *s, enum lang *l)
{
	int	 i;

	for (i = 0; i < LANG_NLANG; i++)
		if (strcmp(s, lang_codes[i]) == 0) {
			*l = (enum lang)i;
			return 0;
		}
	return -1;
}

const char *
lang_code(enum lang l)
{
	return lang_valid(l) ? lang_codes[l] : "";
}

const char *
lang_tag(enum lang l)
{
	return lang_valid(l) ? lang_tags[l] : "";
}

const char *
lang_name(enum lang l)
{
	return lang_valid(l) ? lang_names[l] : "";
}

static int
lang_ows(char c)
{
	return c == ' ' || c == '\t';
}

static int
lang_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
lang_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * A language-range at s[0..n): "*", or 1-8 letters then any number of
 * "-" and 1-8 letters or digits. Returns the language it stands for,
 * LANG_NLANG for "*", or -1 for another language or a malformed range.
 */
static int
lang_range(const char *s, size_t n)
{
	size_t	 i = 0, k;

	if (n == 1 && s[0] == '*')
		return LANG_NLANG;
	while (i < n && i < 9 && lang_alpha(s[i]))
		i++;
	if (i == 0 || i > 8)
		return -1;
	k = i;
	while (i < n) {
		size_t	 start;

		if (s[i++] != '-')
			return -1;
		for (start = i; i < n && (lang_alpha(s[i]) ||
		    lang_digit(s[i])); i++)
			;
		if (i == start || i - start > 8)
			return -1;
	}
	if (k == 2 && strncasecmp(s, "zh", 2) == 0)
		return LANG_ZH;
	if (k == 2 && strncasecmp(s, "en", 2) == 0)
		return LANG_EN;
	return -1;
}

/* A qvalue at s[0..n) in thousandths: "0", "0.5", "1.000"; -1 if bad. */
static int
lang_qvalue(const char *s, size_t n)
{
	size_t	 i;
	int	 q, scale = 100;

	if (n == 0 || (s[0] != '0' && s[0] != '1'))
		return -1;
	q = s[0] == '1' ? 1000 : 0;
	if (n == 1)
		return q;
	if (s[1] != '.' || n > 5)
		return -1;
	for (i = 2; i < n; i++, scale /= 10) {
		if (!lang_digit(s[i]) || (q == 1000 && s[i] != '0'))
			return -1;
		q += (s[i] - '0') * scale;
	}
	return q;
}

/*
 * One element of the list, s[0..n) without its OWS: range [OWS ";" OWS
 * "q=" qvalue]. Sets *q and returns what lang_range does (-1 when the
 * weight is malformed too).
 */
static int
lang_element(const char *s, size_t n, int *q)
{
	size_t	 r = 0, i;

	while (r < n && s[r] != ';' && !lang_ows(s[r]))
		r++;
	*q = 1000;
	for (i = r; i < n && lang_ows(s[i]); i++)
		;
	if (i < n) {
		if (s[i++] != ';')
			return -1;
		while (i < n && lang_ows(s[i]))
			i++;
		if (n - i < 2 || (s[i] != 'q' && s[i] != 'Q') ||
		    s[i + 1] != '=')
			return -1;
		if ((*q = lang_qvalue(s + i + 2, n - i - 2)) == -1)
			return -1;
	}
	return lang_range(s, r);
}

/* Keep the higher weight; at equal weights the earlier one. */
static void
lang_weigh(struct lang_weight *w, int q, size_t pos)
{
	if (q > w->q)
		*w = (struct lang_weight){ q, pos };
}

/* Weigh the element s[0..n) of the list (OWS around it allowed) at pos. */
static void
lang_weigh_element(struct lang_weight *w, const char *s, size_t n,
    size_t pos)
{
	int	 l, q;

	while (n > 0 && lang_ows(*s)) {
		s++;
		n--;
	}
	while (n > 0 && lang_ows(s[n - 1]))
		n--;
	if ((l = lang_element(s, n, &q)) != -1)
		lang_weigh(&w[l], q, pos);
}

enum lang
lang_accept(const char *hdr, enum lang dflt)
{
	struct lang_weight	 w[LANG_NLANG + 1];	/* the last: "*" */
	size_t			 n, pos;
	int			 i;
	enum lang		 best = dflt;

	if (!lang_valid(dflt))
		best = dflt = LANG_EN;
	if (hdr == NULL)
		return dflt;
	for (i = 0; i <= LANG_NLANG; i++)
		w[i] = (struct lang_weight){ -1, 0 };
	for (pos = 0; *hdr != '\0'; pos++) {
		n = strcspn(hdr, ",");
		lang_weigh_element(w, hdr, n, pos);
		hdr += n + (hdr[n] == ',');
	}
	for (i = 0; i < LANG_NLANG; i++)
		if (w[i].q == -1)
			w[i] = w[LANG_NLANG];
	for (i = 0; i < LANG_NLANG; i++)
		if (w[i].q > 0 && (w[i].q > w[best].q ||
		    (w[i].q == w[best].q && w[i].pos < w[best].pos)))
			best = (enum lang)i;
	if (w[best].q > 0)
		return best;
	if (w[dflt].q == 0)
		for (i = 0; i < LANG_NLANG; i++)
			if (w[i].q == -1)
				return (enum lang)i;
	return dflt;
}

const char *
lang_text(enum lang l, enum lang_key key)
{
	if (!lang_valid(l) || (unsigned)key >= LANG_NKEY)
		return "";
	return lang_texts[key][l];
}

const char *
lang_status(enum lang l, enum eval_status st)
{
	if (!lang_valid(l) || (unsigned)st >= EVAL_NSTATUS)
		return "";
	return lang_statuses[st][l];
}

const char *
lang_direction(enum lang l, enum eval_direction d)
{
	if (!lang_valid(l) || (unsigned)d >= EVAL_NDIRECTION)
		return "";
	return lang_directions[d][l];
}

const char *
lang_why(enum lang l, enum eval_why w)
{
	if (!lang_valid(l) || (unsigned)w >= EVAL_NWHY)
		return "";
	return l == LANG_ZH ? lang_whys_zh[w] : eval_why_text(w);
}

const char *
lang_method(enum lang l, enum eval_method m)
{
	static const enum lang_key keys[] = { [EVAL_CAGR] = LANG_K_CAGR,
	    [EVAL_LINEAR] = LANG_K_LINEAR, [EVAL_TREND] = LANG_K_TREND_METHOD };

	if ((unsigned)m >= sizeof(keys) / sizeof(keys[0]))
		return "";
	return lang_text(l, keys[m]);
}

const char *
lang_unit(enum lang l, const char *unit)
{
	size_t	 i;

	if (!lang_valid(l))
		return unit;
	for (i = 0; i < sizeof(lang_units) / sizeof(lang_units[0]); i++)
		if (strcmp(unit, lang_units[i].unit) == 0)
			return lang_units[i].name[l];
	return unit;
}
