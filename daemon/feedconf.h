/*
 * feedconf.h: a feed's settings apart from the config they came from, so
 * that a feed thread can outlive a reload that keeps the feed as it is.
 * A field added to struct feed_conf must be added to all three functions.
 */
#ifndef FEEDCONF_H
#define FEEDCONF_H

#include "config.h"

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
