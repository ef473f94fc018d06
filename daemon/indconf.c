/*
 * indconf.c: the evaluation group and the indicators list of the config
 * (see indconf.h).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "indconf.h"
#include "shard.h"
#include "obs.h"
#include "xmalloc.h"

static const char *const eval_keys[] = { "method", "base_year", "stale_after",
	"interval", "trend_years", "tolerance",
	"thresholds",
	"slipping", "alert_stale", NULL };
static const char *const ind_keys[] = { "id", "name", "unit", "frequency",
	"direction", "feed", "source", "labels", "method", "base_year",
	"thresholds", "targets", "min", "max", "stale_after", "notes",
	"trend_years", "tolerance", "name_zh", "source_zh", NULL };
static const char *const target_keys[] = { "year", "value", "kind",
	"baseline", "note", "method", NULL };
static const char *const note_keys[] = { "period", "text", NULL };
static const char *const baseline_keys[] = { "period", "value", NULL };
static const char *const units[] = { "count", "yuan", "usd", "ratio", NULL };

static int
parse_thresholds(struct cfgget *c, const config_setting_t *g,
    struct eval_params *p)
{
	config_setting_t	*s;
	int			 i;

	if ((s = config_setting_get_member(g, "thresholds")) == NULL)
		return 0;
	if (!config_setting_is_array(s) && !config_setting_is_list(s))
		return cfgget_err(c, s, "thresholds must be an array of 3 "
		    "numbers");
	if (config_setting_length(s) != 3)
		return cfgget_err(c, s, "thresholds must have exactly 3 "
		    "numbers (on_track, moderate, insufficient)");
	for (i = 0; i < 3; i++)
		if (cfgget_number(c, config_setting_get_elem(s, i),
		    "threshold", &p->thresholds[i]) == -1)
			return -1;
	if (!(p->thresholds[0] >= p->thresholds[1] &&
	    p->thresholds[1] >= p->thresholds[2]))
		return cfgget_err(c, s, "thresholds must be in descending "
		    "order");
	return 0;
}

/* method, base_year and thresholds: global or per-indicator overrides. */
static int
parse_eval_params(struct cfgget *c, const config_setting_t *g,
    struct eval_params *p)
{
	config_setting_t	*s;
	const char		*v;
	char			 err[256];
	int			 by = p->base_year;

	if ((s = config_setting_get_member(g, "method")) != NULL) {
		if (config_setting_type(s) != CONFIG_TYPE_STRING ||
		    eval_method_parse(config_setting_get_string(s),
		    &p->method) == -1) {
			v = config_setting_type(s) == CONFIG_TYPE_STRING ?
			    config_setting_get_string(s) : "?";
			return cfgget_err(c, s, "method \"%s\": expected "
			    "\"cagr\", \"linear\" or \"trend\"", v);
		}
	}
	if (cfgget_int(c, g, "base_year", PERIOD_YEAR_MIN, PERIOD_YEAR_MAX,
	    &by) == -1)
		return -1;
	p->base_year = by;
	if (cfgget_num(c, g, "interval", 0, &p->interval) == -1 ||
	    cfgget_int(c, g, "trend_years", 1, 100, &p->trend_years) == -1 ||
	    cfgget_num(c, g, "tolerance", 0, &p->tolerance) == -1)
		return -1;
	if (!(p->tolerance >= 0 && p->tolerance < 1))
		return cfgget_err(c, config_setting_get_member(g, "tolerance"),
		    "tolerance %g: a growth per year between 0 and 1, e.g. "
		    "0.01", p->tolerance);
	if (!(p->interval > 0 && p->interval < 1))
		return cfgget_err(c, config_setting_get_member(g, "interval"),
		    "interval %g: a level between 0 and 1, e.g. 0.9",
		    p->interval);
	if ((s = config_setting_get_member(g, "stale_after")) != NULL) {
		if (config_setting_type(s) != CONFIG_TYPE_STRING)
			return cfgget_err(c, s, "stale_after must be a string, "
			    "e.g. \"18 months\"");
		if (period_lag_parse(config_setting_get_string(s),
		    &p->stale_after, err, sizeof(err)) == -1)
			return cfgget_err(c, s, "%s", err);
		p->has_stale_after = 1;
	}
	return parse_thresholds(c, g, p);
}

static int
parse_slipping(struct cfgget *c, const config_setting_t *g, struct config *conf)
{
	config_setting_t	*s, *e;
	enum eval_status	 st;
	int			 i;

	if ((s = config_setting_get_member(g, "slipping")) == NULL)
		return 0;
	if (!config_setting_is_array(s) && !config_setting_is_list(s))
		return cfgget_err(c, s, "slipping must be an array of status "
		    "names");
	memset(conf->slipping, 0, sizeof(conf->slipping));
	for (i = 0; (e = config_setting_get_elem(s, i)) != NULL; i++) {
		if (config_setting_type(e) != CONFIG_TYPE_STRING ||
		    eval_status_parse(config_setting_get_string(e), &st) == -1)
			return cfgget_err(c, e, "slipping: unknown status "
			    "(expected achieved, on_track, moderate, "
			    "insufficient, moving_away, missed or unknown)");
		conf->slipping[st] = 1;
	}
	return 0;
}

int
indconf_evaluation(struct cfgget *c, const config_setting_t *root,
    struct config *conf)
{
	config_setting_t	*g;

	if (cfgget_group(c, root, "evaluation", &g) == -1 || g == NULL)
		return c->failed ? -1 : 0;
	if (cfgget_check_keys(c, g, eval_keys, "evaluation") == -1 ||
	    parse_eval_params(c, g, &conf->eval) == -1 ||
	    cfgget_bool(c, g, "alert_stale", &conf->alert_stale) == -1)
		return -1;
	return parse_slipping(c, g, conf);
}

static int
parse_baseline(struct cfgget *c, const config_setting_t *t,
    struct target_conf *tc)
{
	config_setting_t	*b;
	char			*per = NULL, perr[160];
	int			 rc = -1;

	if (cfgget_group(c, t, "baseline", &b) == -1 || b == NULL)
		return c->failed ? -1 : 0;
	if (cfgget_check_keys(c, b, baseline_keys, "baseline") == -1 ||
	    cfgget_str(c, b, "period", 1, &per) == -1 ||
	    cfgget_num(c, b, "value", 1, &tc->base_value) == -1)
		goto out;
	if (period_parse(per, strlen(per), &tc->base_period, perr,
	    sizeof(perr)) == -1) {
		cfgget_err(c, b, "baseline: %s", perr);
		goto out;
	}
	tc->has_baseline = 1;
	rc = 0;
out:
	free(per);
	return rc;
}

static int
parse_target(struct cfgget *c, const config_setting_t *t,
    struct indicator_conf *ic, struct target_conf *tc)
{
	char	*kind = NULL;
	size_t	 i;
	int	 rc = -1;

	tc->line = (int)config_setting_source_line(t);
	if (!config_setting_is_group(t)) {
		cfgget_err(c, t, "targets entries must be groups { ... }");
		goto out;
	}
	if (cfgget_check_keys(c, t, target_keys, "target") == -1 ||
	    cfgget_int(c, t, "year", 0, INT_MAX, &tc->year) == -1 ||
	    cfgget_num(c, t, "value", 1, &tc->value) == -1 ||
	    cfgget_str(c, t, "kind", 0, &kind) == -1 ||
	    cfgget_str(c, t, "note", 0, &tc->note) == -1 ||
	    parse_baseline(c, t, tc) == -1)
		goto out;
	tc->method = ic->eval.method;
	if (config_setting_get_member(t, "method") != NULL) {
		struct eval_params	 p = ic->eval;

		if (parse_eval_params(c, t, &p) == -1)
			goto out;
		tc->method = p.method;
	}
	if (config_setting_get_member(t, "year") == NULL) {
		cfgget_err(c, t, "missing required key \"year\"");
		goto out;
	}
	if (tc->year < PERIOD_YEAR_MIN || tc->year > PERIOD_YEAR_MAX) {
		cfgget_err(c, t, "target year %d out of range (%d..%d)",
		    tc->year, PERIOD_YEAR_MIN, PERIOD_YEAR_MAX);
		goto out;
	}
	if (kind == NULL || strcmp(kind, "min") == 0)
		tc->kind = EVAL_MIN;
	else if (strcmp(kind, "max") == 0)
		tc->kind = EVAL_MAX;
	else {
		cfgget_err(c, t, "target kind \"%s\" (expected \"min\" or "
		    "\"max\")", kind);
		goto out;
	}
	for (i = 0; ic->targets + i != tc; i++)
		if (ic->targets[i].year == tc->year) {
			cfgget_err(c, t, "indicator \"%s\": two targets for %d",
			    ic->id, tc->year);
			goto out;
		}
	rc = 0;
out:
	free(kind);
	return rc;
}

static int
parse_targets(struct cfgget *c, const config_setting_t *g,
    struct indicator_conf *ic)
{
	config_setting_t	*s;
	int			 i, n;

	if ((s = config_setting_get_member(g, "targets")) == NULL)
		return 0;
	if (!config_setting_is_list(s))
		return cfgget_err(c, s, "targets must be a list ( { ... }, "
		    "... )");
	n = config_setting_length(s);
	ic->targets = xcalloc((size_t)n + 1, sizeof(*ic->targets));
	for (i = 0; i < n; i++) {
		ic->ntargets++;
		if (parse_target(c, config_setting_get_elem(s, i), ic,
		    &ic->targets[i]) == -1)
			return -1;
	}
	return 0;
}

static int
note_cmp(const void *a, const void *b)
{
	return period_cmp(&((const struct note_conf *)a)->period,
	    &((const struct note_conf *)b)->period);
}

/* notes = ( { period = "2022"; text = "..."; }, ... ), sorted by period. */
static int
parse_notes(struct cfgget *c, const config_setting_t *g,
    struct indicator_conf *ic)
{
	config_setting_t	*s, *e;
	char			*per = NULL, perr[128];
	int			 i, n, rc;

	if ((s = config_setting_get_member(g, "notes")) == NULL)
		return 0;
	if (!config_setting_is_list(s))
		return cfgget_err(c, s, "notes must be a list ( { period = "
		    "...; text = ...; }, ... )");
	n = config_setting_length(s);
	ic->notes = xcalloc((size_t)n + 1, sizeof(*ic->notes));
	for (i = 0; i < n; i++) {
		struct note_conf *nc = &ic->notes[ic->nnotes++];

		e = config_setting_get_elem(s, i);
		if (!config_setting_is_group(e))
			return cfgget_err(c, e, "notes entries must be groups");
		if (cfgget_check_keys(c, e, note_keys, "note") == -1 ||
		    cfgget_str(c, e, "period", 1, &per) == -1 ||
		    cfgget_str(c, e, "text", 1, &nc->text) == -1)
			goto fail;
		rc = period_parse(per, strlen(per), &nc->period, perr,
		    sizeof(perr));
		free(per);
		per = NULL;
		if (rc == -1)
			return cfgget_err(c, e, "note: %s", perr);
	}
	qsort(ic->notes, ic->nnotes, sizeof(*ic->notes), note_cmp);
	return 0;
fail:
	free(per);
	return -1;
}

static int
parse_labels(struct cfgget *c, const config_setting_t *g,
    struct indicator_conf *ic)
{
	config_setting_t	*s, *e;
	const char		*name;
	int			 i, n;

	if (cfgget_group(c, g, "labels", &s) == -1 || s == NULL)
		return c->failed ? -1 : 0;
	n = config_setting_length(s);
	ic->labels = xcalloc((size_t)n + 1, sizeof(*ic->labels));
	for (i = 0; i < n; i++) {
		e = config_setting_get_elem(s, i);
		name = config_setting_name(e);
		if (config_setting_type(e) != CONFIG_TYPE_STRING)
			return cfgget_err(c, e, "label %s must be a string",
			    name);
		if (cfgget_in_list(name, (const char *const[]){ "indicator",
		    "unit", "target_year", "status", "feed", NULL }))
			return cfgget_err(c, e, "label name \"%s\" is reserved",
			    name);
		ic->labels[ic->nlabels].name = xstrdup(name);
		ic->labels[ic->nlabels++].value =
		    xstrdup(config_setting_get_string(e));
	}
	return 0;
}

static int
parse_choice(struct cfgget *c, const config_setting_t *g, const char *key,
    const char *const *choices, const char *def, int *idx)
{
	config_setting_t	*s;
	const char		*v = def;
	int			 i;

	if ((s = config_setting_get_member(g, key)) != NULL) {
		if (config_setting_type(s) != CONFIG_TYPE_STRING)
			return cfgget_err(c, s, "%s must be a string", key);
		v = config_setting_get_string(s);
	}
	for (i = 0; choices[i] != NULL; i++)
		if (strcmp(v, choices[i]) == 0) {
			*idx = i;
			return 0;
		}
	return cfgget_err(c, s != NULL ? s : g, "%s \"%s\" is not one of the "
	    "allowed values", key, v);
}

static int
parse_indicator_kinds(struct cfgget *c, const config_setting_t *g,
    struct indicator_conf *ic)
{
	/* In enum period_kind order. */
	static const char *const freqs[] = { "annual", "quarterly", "monthly",
	    "daily", "semiannual", "weekly", NULL };
	static const char *const dirs[] = { "increase", "decrease", NULL };
	int	 freq = 0;

	if (parse_choice(c, g, "frequency", freqs, "annual", &freq) == -1 ||
	    parse_choice(c, g, "direction", dirs, "increase",
	    &ic->decrease) == -1)
		return -1;
	ic->frequency = (enum period_kind)freq;
	if (!cfgget_in_list(ic->unit, units))
		return cfgget_err(c, config_setting_get_member(g, "unit"),
		    "unit \"%s\" (expected count, yuan, usd or ratio)",
		    ic->unit);
	return 0;
}

/*
 * The bounds of an indicator's values, min and max: a ratio lies in [0, 1]
 * unless it says otherwise. Projections are clamped into them.
 */
static int
parse_bounds(struct cfgget *c, const config_setting_t *g,
    struct indicator_conf *ic)
{
	struct eval_params	*p = &ic->eval;

	if (!p->has_stale_after)
		p->stale_after = period_lag_default(ic->frequency);
	if (strcmp(ic->unit, "ratio") == 0) {
		p->has_lo = p->has_hi = 1;
		p->lo = 0;
		p->hi = 1;
	}
	if (config_setting_get_member(g, "min") != NULL) {
		if (cfgget_num(c, g, "min", 1, &p->lo) == -1)
			return -1;
		p->has_lo = 1;
	}
	if (config_setting_get_member(g, "max") != NULL) {
		if (cfgget_num(c, g, "max", 1, &p->hi) == -1)
			return -1;
		p->has_hi = 1;
	}
	if (p->has_lo && p->has_hi && !(p->lo < p->hi))
		return cfgget_err(c, config_setting_get_member(g, "max") !=
		    NULL ? config_setting_get_member(g, "max") : g,
		    "indicator \"%s\": min must be below max", ic->id);
	return 0;
}

/* name_zh and source_zh: optional, not empty, printable UTF-8. */
static int
parse_zh(struct cfgget *c, const config_setting_t *g, struct indicator_conf *ic)
{
	char	 what[96];

	snprintf(what, sizeof(what), "indicator \"%s\": ", ic->id);
	if (cfgget_text(c, g, "name_zh", what, &ic->name_zh) == -1 ||
	    cfgget_text(c, g, "source_zh", what, &ic->source_zh) == -1)
		return -1;
	return 0;
}

static int
parse_indicator(struct cfgget *c, const config_setting_t *g,
    struct config *conf, struct indicator_conf *ic)
{
	const struct feed_conf	*fc;

	ic->line = (int)config_setting_source_line(g);
	ic->eval = conf->eval;
	if (!config_setting_is_group(g))
		return cfgget_err(c, g, "indicators entries must be groups "
		    "{ ... }");
	if (cfgget_check_keys(c, g, ind_keys, "indicator") == -1 ||
	    cfgget_str(c, g, "id", 1, &ic->id) == -1)
		return -1;
	if (!obs_valid_id(ic->id, strlen(ic->id)))
		return cfgget_err(c, g, "bad indicator id \"%s\": use "
		    "[a-z][a-z0-9_]{0,63}", ic->id);
	if (strtab_put(&conf->ids, ic->id, ic) != NULL)
		return cfgget_err(c, g, "duplicate indicator id \"%s\"",
		    ic->id);
	if (cfgget_str(c, g, "name", 0, &ic->name) == -1 ||
	    cfgget_str(c, g, "unit", 1, &ic->unit) == -1 ||
	    cfgget_str(c, g, "source", 0, &ic->source) == -1 ||
	    parse_zh(c, g, ic) == -1 ||
	    cfgget_str(c, g, "feed", 1, &ic->feed) == -1 ||
	    parse_indicator_kinds(c, g, ic) == -1 ||
	    parse_eval_params(c, g, &ic->eval) == -1 ||
	    parse_bounds(c, g, ic) == -1 ||
	    parse_labels(c, g, ic) == -1 ||
	    parse_notes(c, g, ic) == -1 ||
	    parse_targets(c, g, ic) == -1)
		return -1;
	if (ic->name == NULL)
		ic->name = xstrdup(ic->id);
	if (ic->source == NULL)
		ic->source = xstrdup("");
	if ((fc = confdata_find_feed(conf, ic->feed)) == NULL)
		return cfgget_err(c, config_setting_get_member(g, "feed"),
		    "indicator \"%s\": no feed named \"%s\"", ic->id, ic->feed);
	return 0;
}

int
indconf_parse(struct cfgget *c, const config_setting_t *root,
    struct config *conf)
{
	config_setting_t	*s;
	int			 i, n;

	if ((s = config_setting_get_member(root, "indicators")) == NULL)
		return 0;
	if (!config_setting_is_list(s))
		return cfgget_err(c, s, "indicators must be a list ( { ... }, "
		    "... )");
	n = config_setting_length(s);
	conf->indicators = xcalloc((size_t)n + 1, sizeof(*conf->indicators));
	for (i = 0; i < n; i++) {
		conf->nindicators++;
		if (parse_indicator(c, config_setting_get_elem(s, i), conf,
		    &conf->indicators[i]) == -1)
			return -1;
	}
	return 0;
}

void
indconf_free(struct indicator_conf *ic)
{
	size_t	 i;

	free(ic->id);
	free(ic->name);
	free(ic->unit);
	free(ic->source);
	free(ic->name_zh);
	free(ic->source_zh);
	free(ic->feed);
	for (i = 0; i < ic->nlabels; i++) {
		free(ic->labels[i].name);
		free(ic->labels[i].value);
	}
	free(ic->labels);
	for (i = 0; i < ic->ntargets; i++)
		free(ic->targets[i].note);
	free(ic->targets);
	for (i = 0; i < ic->nnotes; i++)
		free(ic->notes[i].text);
	free(ic->notes);
}

void
indconf_keep_owned(struct config *conf)
{
	struct indicator_conf	*ic;
	size_t			 i, k = 0;

	conf->nconfigured = conf->nindicators;
	if (conf->shard_count == 0)
		return;
	/* conf->ids points into the array being compacted: made anew. */
	strtab_free(&conf->ids);
	memset(&conf->ids, 0, sizeof(conf->ids));
	for (i = 0; i < conf->nindicators; i++) {
		ic = &conf->indicators[i];
		if (shard_of(ic->id, conf->shard_count) != conf->shard_index) {
			strtab_intern(&conf->others, ic->id);
			indconf_free(ic);
			continue;
		}
		if (k != i)
			conf->indicators[k] = *ic;
		strtab_put(&conf->ids, conf->indicators[k].id,
		    &conf->indicators[k]);
		k++;
	}
	memset(&conf->indicators[k], 0, (conf->nindicators - k) *
	    sizeof(*conf->indicators));
	conf->nindicators = k;
}
