/*
 * obs.c: observations and a growable vector of them.
 */
#include <stdlib.h>
#include <string.h>

#include "obs.h"
#include "xmalloc.h"

#define OBSVEC_MINCAP	16

void
obsvec_init(struct obsvec *ov)
{
	ov->v = NULL;
	ov->n = 0;
	ov->cap = 0;
}

/* The returned pointer is valid until the next push (the array may move). */
struct obs *
obsvec_push(struct obsvec *ov, const struct obs *o)
{
	size_t	 cap;

	if (ov->n == ov->cap) {
		cap = ov->cap == 0 ? OBSVEC_MINCAP : ov->cap * 2;
		ov->v = xreallocarray(ov->v, cap, sizeof(*ov->v));
		ov->cap = cap;
	}
	ov->v[ov->n] = *o;
	return &ov->v[ov->n++];
}

/* Forget the elements, keep the storage for reuse. */
void
obsvec_clear(struct obsvec *ov)
{
	ov->n = 0;
}

void
obsvec_free(struct obsvec *ov)
{
	if (ov == NULL)
		return;
	free(ov->v);
	obsvec_init(ov);
}

int
obs_valid_id(const char *s, size_t len)
{
	size_t	 i;

	if (len == 0 || len > OBS_ID_MAX || s[0] < 'a' || s[0] > 'z')
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] < 'a' || s[i] > 'z') &&
		    (s[i] < '0' || s[i] > '9') && s[i] != '_')
			return 0;
	}
	return 1;
}
