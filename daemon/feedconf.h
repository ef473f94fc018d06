/*
 * feedconf.h: the config's feeds list, and a feed's settings apart from
 * the config they came from, so that a feed thread can outlive a reload
 * that keeps the feed as it is. A field added to struct feed_conf must be
 * added to feedconf_dup, feedconf_equal and feedconf_clear.
 */
#ifndef FEEDCONF_H
#define FEEDCONF_H

#include "cfgget.h"
#include "confdata.h"

/* root's feeds list into conf->feeds (config's family only). */
int	 feedconf_parse(struct cfgget *, const config_setting_t *root,
	    struct config *conf);
/*
 * Every map entry of an http feed must name an indicator of that feed:
 * run once conf->indicators are parsed (config's family only).
 */
int	 feedconf_check_maps(struct cfgget *, const struct config *conf);

/* Free what a feed's settings own (not fc itself). */
void	 feedconf_clear(struct feed_conf *fc);
/* A deep copy of fc; free with feedconf_free. */
struct feed_conf *feedconf_dup(const struct feed_conf *fc);
/* Free a copy made by feedconf_dup (NULL is fine). */
void	 feedconf_free(struct feed_conf *fc);
/*
 * 1 if a and b run the same feed: every setting equal (the line it was
 * written on aside).
 */
int	 feedconf_equal(const struct feed_conf *a, const struct feed_conf *b);

#endif
