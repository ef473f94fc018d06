/*
 * shardconf.h: the config's shard = { index; count; }. An instance owns
 * only its shard's indicators: those whose id shard_of (shard.h) maps to
 * its index. The others of the shared config are dropped from
 * conf->indicators after the whole file was checked (indconf_keep_owned),
 * so nothing downstream (registry, feeds, views, /metrics, pages) sees
 * them; their ids stay in conf->others, so that records of them are told
 * apart from unknown ones (confdata_not_owned). Internal to config's
 * family, but for the /metrics part.
 */
#ifndef SHARDCONF_H
#define SHARDCONF_H

#include <stdint.h>

#include "buf.h"
#include "cfgget.h"
#include "confdata.h"

#define SHARDCONF_COUNT_MAX	65536

/*
 * root's shard group, if any, into conf->shard_index and shard_count:
 * both keys required, 1 <= count <= SHARDCONF_COUNT_MAX, index < count.
 */
int	 shardconf_parse(struct cfgget *, const config_setting_t *root,
	    struct config *conf);

/* What /metrics shows of the shard: fixed for the process's life. */
struct shardconf_info {
	unsigned	 index;
	unsigned	 count;
};

/*
 * A part of the /metrics tail (expo_add_tail; arg is a struct
 * shardconf_info): indicatord_shard_info{index="0",count="3"} 1.
 */
void	 shardconf_metrics(void *arg, struct buf *, int om);
uint64_t shardconf_metrics_gen(void *arg);

#endif
