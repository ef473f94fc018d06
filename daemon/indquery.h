/*
 * indquery.h: the query of an indicator's page (/indicator/<id>): lang,
 * from and to (untrusted input). from and to are the graph's own
 * (uri_graph_param: years 1980..2200, from before to). Pure: no logging.
 */
#ifndef INDQUERY_H
#define INDQUERY_H

#include <stddef.h>

#include "lang.h"

struct indquery {
	int		 from;		/* first year of the graph */
	int		 to;		/* last year */
	int		 has_range;	/* from or to was given */
	int		 has_lang;	/* lang was given: lang holds it */
	enum lang	 lang;
};

/* The graph's default years, no language. */
void	 indquery_defaults(struct indquery *);
/*
 * Apply one parameter (value NULL: given without '='). -1 with the
 * reason in err naming the parameter: "bad parameter lang: expected en or
 * zh", "bad parameter from=\"abc\": expected an integer from 1980 to 2200",
 * "unknown parameter \"x\" (expected lang, from, to)". Names and values
 * are quoted with quote_text and their <, > and & written as \xNN, so that
 * the message is inert in any page or log; lang's value is never shown.
 */
int	 indquery_param(struct indquery *, const char *key, const char *value,
	    char *err, size_t errlen);
/* After the last parameter: from before to, or -1 with err. */
int	 indquery_check(const struct indquery *, char *err, size_t errlen);

#endif
