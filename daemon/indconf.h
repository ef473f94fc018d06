/*
 * indconf.h: the config's evaluation group (the defaults every indicator
 * starts from) and its indicators with their targets, notes, labels and
 * bounds. Internal to config's family: other modules use config.h.
 */
#ifndef INDCONF_H
#define INDCONF_H

#include "cfgget.h"
#include "confdata.h"

/* root's evaluation group, if any, into conf->eval, slipping, alert_stale. */
int	 indconf_evaluation(struct cfgget *, const config_setting_t *root,
	    struct config *conf);
/*
 * root's indicators list into conf->indicators and conf->ids, each
 * starting from conf->eval. Their feeds must be in conf->feeds already.
 */
int	 indconf_parse(struct cfgget *, const config_setting_t *root,
	    struct config *conf);
/*
 * The one owner filter: keep the indicators conf's shard owns (all without
 * a shard: shardconf.h), those whose id shard_of (shard.h) maps to its
 * index, dropping the others' settings and keeping their ids in
 * conf->others; sets conf->nconfigured to the number in the file first.
 * Call once the whole file is checked.
 */
void	 indconf_keep_owned(struct config *conf);
/* Free what an indicator's settings own (not ic itself). */
void	 indconf_free(struct indicator_conf *ic);

#endif
