/*
 * fuzz_rec.h: the checks every record parser's fuzz target makes of what
 * reaches the log. Include after <stdlib.h>, <string.h>, "quote.h" and
 * "rec.h".
 */
#ifndef FUZZ_REC_H
#define FUZZ_REC_H

/* An error or reason: non-empty, and safe to log (UTF-8 names allowed). */
static inline void
fuzz_text(const char *s)
{
	if (s[0] == '\0' || !quote_safe(s))
		abort();
}

/*
 * A rec_reject_fn: each skipped record's place and reason are safe to log
 * and the place fits REC_PLACE_MAX; counted in *(size_t *)arg.
 */
static inline void
fuzz_reject(void *arg, const char *place, const char *why)
{
	fuzz_text(place);
	fuzz_text(why);
	if (strlen(place) >= REC_PLACE_MAX)
		abort();
	(*(size_t *)arg)++;
}

#endif
