/*
 * rec.h: a record as the HTTP feed parsers (World Bank, SDMX-JSON, JSON-stat)
 * yield it: a source series code, an optional area, a period and a value.
 * The feed layer maps codes to indicators. Also the small helpers the three
 * parsers share: JSON loading, period forms used by statistics offices,
 * strict numbers, codes joined with '.', and untrusted text made safe for
 * error messages. Pure functions: no logging, no daemon state.
 */
#ifndef REC_H
#define REC_H

#include <stddef.h>

#include "period.h"

struct json_t;

#define REC_CODE_MAX	256	/* code and area sizes, NUL included */
#define REC_AREA_MAX	32
#define REC_QUOTE_MAX	96	/* rec_quote() output size, NUL included */
#define REC_LABEL_MAX	160	/* label size, NUL included */
#define REC_PLACE_MAX	(3 * REC_QUOTE_MAX + 64)	/* a record's place */

struct rec {
	char		 code[REC_CODE_MAX];	/* e.g. "A.CN.GDP" */
	char		 area[REC_AREA_MAX];	/* "CHN", or "" when none */
	char		 label[REC_LABEL_MAX];	/* publisher's name, UTF-8, or "" */
	struct period	 period;
	double		 value;			/* always finite */
};

/*
 * Where a parser reports a record it skips (one bad cell never fails the
 * document): place names the record as the publisher keys it, e.g.
 * "series A.CN.GDP period 2024", "row 3" or "line 12" (untrusted parts
 * quoted with rec_quote); why is the reason, e.g. "value is not a number".
 */
typedef void (*rec_reject_fn)(void *arg, const char *place, const char *why);

struct recvec {
	struct rec	*v;
	size_t		 n;
	size_t		 cap;
	size_t		 rejected;	/* records skipped, see recvec_reject */
	rec_reject_fn	 reject;	/* NULL: skipped records only counted */
	void		*reject_arg;
};

/* An empty vector that counts skipped records and reports none. */
void	 recvec_init(struct recvec *);
/* Append a copy of r; returns the stored element. */
struct rec *recvec_push(struct recvec *, const struct rec *);
/* Count one skipped record and hand its place and reason to the sink. */
void	 recvec_reject(struct recvec *, const char *place, const char *why);
/* Drop every element and the count of skipped ones, keep the storage. */
void	 recvec_clear(struct recvec *);
/* Release the storage; the vector is empty and reusable afterwards. */
void	 recvec_free(struct recvec *);

/*
 * Parse a period id as statistics offices write it (len bytes of s). Letters
 * are case-insensitive; the result is the period's canonical form:
 *   annual      2024, 2024-A1, 2024A1
 *   semiannual  2024-S1, 2024S1, 2024-H1, 2024H1 (halves 1..2)
 *   quarterly   2024-Q3, 2024Q3, 2024K3; 2024A..2024D (NBS: A is Q1);
 *               "2024 - 3" (INE/ICANE JSON-stat: year, " - ", quarter)
 *   monthly     2024-07, 2024M07, 2024-M07, 2024M7, 202407 (NBS)
 *   weekly      2024-W05, 2024W05 (ISO 8601 weeks 1..52 or 53)
 *   daily       2024-07-15, 2024-D197 (day of year)
 * Anything else is -1 with the text quoted and the reason in err, e.g.
 * "bad period \"2024-T1\": trimesters are not supported".
 */
int	 rec_period_parse(const char *s, size_t len, struct period *p,
	    char *err, size_t errlen);
/*
 * Parse len bytes of s as a finite decimal number:
 * [+-]digits[.digits][e[+-]digits] with digits on at least one side of the
 * point; no spaces, hex, NaN or Inf.
 */
int	 rec_strtod(const char *s, size_t len, double *v);
/*
 * Append part to the NUL-terminated code in buf (size bytes), with a '.'
 * before it unless code is empty. -1 if it does not fit (buf unchanged).
 */
int	 rec_code_add(char *buf, size_t size, const char *part);
/* quote_utf8 (quote.h) of len bytes of untrusted s into buf[REC_QUOTE_MAX]. */
const char *rec_quote(const char *s, size_t len, char *buf);
/*
 * Decode len bytes of body (NULs allowed; they make it invalid) as a JSON
 * array or object. Duplicate object keys, as real publishers emit them, are
 * merged: two objects under one key are merged member by member (the same
 * rule applies inside), equal values are kept once, and differing values
 * under one key become a conflict (rec_json_conflict) for the reader to
 * reject as one record. Returns a reference for json_decref(), or NULL with
 * "invalid JSON at line 3 column 7: ..." (or a hint when the body looks
 * like XML or HTML) in err. Nesting depth is bounded (2048), so the decoded
 * tree and its release are bounded too.
 */
struct json_t *rec_json_load(const char *body, size_t len, char *err,
	    size_t errlen);
/*
 * The value of a JSON number, or of a string holding one (see rec_strtod):
 * 0 with *v set, 1 for JSON null, -1 for anything else.
 */
int	 rec_json_number(const struct json_t *j, double *v);
/* 1 if j stands for differing values under one duplicated key, else 0. */
int	 rec_json_conflict(const struct json_t *j);

#endif
