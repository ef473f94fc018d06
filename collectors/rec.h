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

struct rec {
	char		 code[REC_CODE_MAX];	/* e.g. "A.CN.GDP" */
	char		 area[REC_AREA_MAX];	/* "CHN", or "" when none */
	struct period	 period;
	double		 value;			/* always finite */
};

struct recvec {
	struct rec	*v;
	size_t		 n;
	size_t		 cap;
};

void	 recvec_init(struct recvec *);
/* Append a copy of r; returns the stored element. */
struct rec *recvec_push(struct recvec *, const struct rec *);
/* Drop every element, keep the storage. */
void	 recvec_clear(struct recvec *);
/* Release the storage; the vector is empty and reusable afterwards. */
void	 recvec_free(struct recvec *);

/*
 * Parse a period id as statistics offices write it (len bytes of s):
 *   annual 2024, 2024-A1; quarterly 2024Q3, 2024-Q3, 2024K3;
 *   monthly 2024M07, 2024-M07, 2024M7, 2024-07;
 *   daily 2024-07-15, 2024-D197 (day of year). Letters are case-insensitive.
 * Half-years (S, H), weeks (W), trimesters (T) and anything else are errors:
 * -1 with "bad period \"2024-S1\": half-years are not supported" in err.
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
/*
 * Copy len bytes of untrusted s into buf (REC_QUOTE_MAX bytes) for an error
 * message: bytes outside printable ASCII become '?', and a long text is cut
 * with "...". Returns buf.
 */
const char *rec_quote(const char *s, size_t len, char *buf);
/*
 * Decode len bytes of body (NULs allowed; they make it invalid) as a JSON
 * array or object, rejecting duplicate object keys. Returns a reference for
 * json_decref(), or NULL with "invalid JSON at line 3 column 7: ..." (or a
 * hint when the body looks like XML or HTML) in err. Nesting depth is bounded
 * by jansson (2048), so the decoded tree and its release are bounded too.
 */
struct json_t *rec_json_load(const char *body, size_t len, char *err,
	    size_t errlen);
/*
 * The value of a JSON number, or of a string holding one (see rec_strtod):
 * 0 with *v set, 1 for JSON null, -1 for anything else.
 */
int	 rec_json_number(const struct json_t *j, double *v);

#endif
