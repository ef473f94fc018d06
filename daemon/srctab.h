/*
 * srctab.h: an append-only table of interned strings (the sources of
 * series points), each named by a 32-bit index. One writer at a time (the
 * caller's lock) adds; any thread resolves an index it was given, without
 * a lock, while the writer goes on adding: the strings live in chunks that
 * never move (chunk k holds SRCTAB_CHUNK0 << k of them), each chunk and
 * each entry published with a release store and read with an acquire load.
 * Index 0 is the empty string, in every table and without a table (NULL),
 * so a zeroed point has no source. A zeroed struct srctab is empty.
 */
#ifndef SRCTAB_H
#define SRCTAB_H

#include <stdatomic.h>
#include <stdint.h>

#include "strtab.h"

#define SRCTAB_CHUNK0	64	/* entries of chunk 0 */
#define SRCTAB_NCHUNKS	27	/* enough for every uint32_t index */

struct srctab {
	_Atomic(const char *) *_Atomic chunk[SRCTAB_NCHUNKS];
	struct strtab	 idx;		/* writer's: string -> index + 1 */
	uint32_t	 n;		/* writer's: indexes 1 .. n - 1 taken */
};

/*
 * The index of s, added at the first call for s (a copy kept until
 * srctab_free). Writers only, one at a time. Fatal past UINT32_MAX
 * strings (over 100 GB of them).
 */
uint32_t	 srctab_intern(struct srctab *, const char *s);
/* The string of index i, which srctab_intern returned: any thread. */
const char	*srctab_str(const struct srctab *, uint32_t i);
/* The index of s, or 0 if it has none: the writer's side. */
uint32_t	 srctab_find(const struct srctab *, const char *s);
/* Frees the strings and the table; no reader may be left. */
void		 srctab_free(struct srctab *);

#endif
