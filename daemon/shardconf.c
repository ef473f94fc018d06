/*
 * shardconf.c: the shard setting and the owner filter (see shardconf.h).
 */
#include <stdio.h>

#include "promtext.h"
#include "shardconf.h"

static const char *const shard_keys[] = { "index", "count", NULL };

static const struct promtext_family fam_shard = {
    "indicatord_shard_info", PROMTEXT_GAUGE, NULL,
    "1: this instance owns the indicators whose id's FNV-1a hash modulo "
    "count is index." };

/* A required integer member of the shard group, in min..max. */
static int
shard_int(struct cfgget *c, const config_setting_t *g, const char *key,
    long long min, long long max, long long *out)
{
	if (config_setting_get_member(g, key) == NULL)
		return cfgget_err(c, g, "shard: missing required key \"%s\"",
		    key);
	return cfgget_llong(c, g, key, min, max, out);
}

int
shardconf_parse(struct cfgget *c, const config_setting_t *root,
    struct config *conf)
{
	config_setting_t	*g;
	long long		 index = 0, count = 0;

	if (cfgget_group(c, root, "shard", &g) == -1)
		return -1;
	if (g == NULL)
		return 0;
	if (cfgget_check_keys(c, g, shard_keys, "shard") == -1 ||
	    shard_int(c, g, "count", 1, SHARDCONF_COUNT_MAX, &count) == -1 ||
	    shard_int(c, g, "index", 0, SHARDCONF_COUNT_MAX, &index) == -1)
		return -1;
	if (index >= count)
		return cfgget_err(c, config_setting_get_member(g, "index"),
		    "shard: index %lld out of range (0..%lld for count %lld)",
		    index, count - 1, count);
	conf->shard_index = (unsigned)index;
	conf->shard_count = (unsigned)count;
	return 0;
}

void
shardconf_metrics(void *arg, struct buf *b, int om)
{
	const struct shardconf_info	*si = arg;
	char				 v[16];

	promtext_header(b, &fam_shard, om);
	promtext_begin(b, &fam_shard);
	snprintf(v, sizeof(v), "%u", si->index);
	promtext_label(b, 1, "index", v);
	snprintf(v, sizeof(v), "%u", si->count);
	promtext_label(b, 0, "count", v);
	promtext_end(b, 1);
}

uint64_t
shardconf_metrics_gen(void *arg)
{
	(void)arg;
	return 0;
}
