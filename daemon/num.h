/*
 * num.h: doubles as short decimal text that reads back exactly. Pure.
 */
#ifndef NUM_H
#define NUM_H

#include <stddef.h>

/* Room for any num_format result and its NUL. */
#define NUM_STRLEN	32

/*
 * Write v into buf (at least NUM_STRLEN bytes) as the shortest plain
 * decimal with at most 9 fractional digits that a correctly rounded strtod
 * reads back as v, e.g. "1234.5678", "0.7", "-42"; returns its length.
 * Returns 0 (buf untouched) when there is none: |v| of 2^53 or more, more
 * than 9 decimals needed, -0, NaN or infinity. Used where printf's "%.17g"
 * (arbitrary-precision digit generation, about a microsecond a value) was
 * the cost of writing a batch: the journal, RRD updates, /metrics.
 */
size_t	 num_format(double v, char *buf);
/*
 * v as the exposition formats and people read it: NaN, +Inf, -Inf, else
 * the shortest of num_format's plain decimal (for 1e-4 <= |v| < 1e15) or
 * "%.15g" / "%.17g" that reads back as v, e.g. "241900", "0.378", "1e-07".
 * buf is at least NUM_STRLEN bytes.
 */
void	 num_text(double v, char *buf);
/* num_format, or printf's "%.17g" where it has no answer. */
size_t	 num_format17(double v, char *buf);
/*
 * Read all of s[0, len) as a plain decimal, [+-]D[.D][(e|E)[+-]D] with at
 * least one digit in its significand, into *v, as a correctly rounded
 * strtod would; 0 on success. Returns -1 (v untouched) for anything else
 * and for numbers this path does not take: significand digits making an
 * integer of 2^53 or more, or a decimal exponent beyond ±22. The caller
 * then asks strtod, so the answer is the same either way; this path only
 * skips strtod's multi-precision work (a third of parsing a CSV feed).
 */
int	 num_parse(const char *s, size_t len, double *v);
/*
 * Read all of s[0, len) as a finite decimal in num_parse's syntax (so no
 * hex, "nan", "inf" or blanks) into *v: 0; -1 when s is not such a
 * decimal; -2 when it is but overflows to infinity. Underflow to a
 * subnormal or zero is a value. num_parse, and strtod for what it leaves.
 */
int	 num_read(const char *s, size_t len, double *v);
/*
 * Read all of s (a query parameter: width=800, shard=2) as a whole number
 * at most max into *out: decimal digits only (leading zeros too: 0800 is
 * 800), no sign or blank. 0, or -1 with *out untouched.
 */
int	 num_uint(const char *s, unsigned int max, unsigned int *out);

#endif
