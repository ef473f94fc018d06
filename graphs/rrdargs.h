/*
 * rrdargs.h: an argument vector for a librrd call such as rrd_graph_v,
 * built one printf-formatted argument at a time, and text made safe to
 * stand inside an argument.
 */
#ifndef RRDARGS_H
#define RRDARGS_H

#include <stddef.h>

/* Start from { NULL, 0, 0 }; v is NULL-terminated once anything is added. */
struct rrdargs {
	char	**v;
	size_t	  n;
	size_t	  cap;
};

/* Append one argument formatted as printf does. */
void	 rrdargs_add(struct rrdargs *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Free the arguments; a is empty again, ready for reuse. */
void	 rrdargs_free(struct rrdargs *a);
/*
 * Text made safe for an rrdtool legend: ':' escaped (it separates fields),
 * backslashes and control characters dropped (they are format codes).
 * With path set only ':' is escaped (file names in DEF). s may be NULL
 * (empty); the result is malloc'd.
 */
char	*rrdargs_escape(const char *s, int path);

#endif
