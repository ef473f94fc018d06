/*
 * strtab.c: string-keyed hash table (see strtab.h). FNV-1a hashes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strtab.h"
#include "xmalloc.h"

static uint64_t
hash(const char *s)
{
	uint64_t	 h = 1469598103934665603ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The slot of key, or the free slot where it would go. */
static struct strtab_slot *
find(const struct strtab *t, const char *key)
{
	size_t	 i;

	i = hash(key) & (t->cap - 1);
	for (; t->slot[i].key != NULL; i = (i + 1) & (t->cap - 1))
		if (strcmp(t->slot[i].key, key) == 0)
			break;
	return &t->slot[i];
}

static void
grow(struct strtab *t)
{
	struct strtab_slot	*old = t->slot;
	size_t			 oldcap = t->cap, i;

	t->cap = oldcap == 0 ? 64 : oldcap * 2;
	t->slot = xcalloc(t->cap, sizeof(*t->slot));
	for (i = 0; i < oldcap; i++)
		if (old[i].key != NULL)
			*find(t, old[i].key) = old[i];
	free(old);
}

void *
strtab_get(const struct strtab *t, const char *key)
{
	if (t->cap == 0)
		return NULL;
	return find(t, key)->val;
}

void *
strtab_put(struct strtab *t, const char *key, void *val)
{
	struct strtab_slot	*s;

	if ((t->n + 1) * 2 > t->cap)
		grow(t);
	s = find(t, key);
	if (s->key != NULL)
		return s->val;
	s->key = key;
	s->val = val;
	t->n++;
	return NULL;
}

void
strtab_free(struct strtab *t)
{
	free(t->slot);
	memset(t, 0, sizeof(*t));
}

const char *
strtab_intern(struct strtab *t, const char *s)
{
	const char	*k;
	char		*copy;

	if ((k = strtab_get(t, s)) != NULL)
		return k;
	copy = xstrdup(s);
	strtab_put(t, copy, copy);
	return copy;
}

void
strtab_free_strings(struct strtab *t)
{
	size_t	 i;

	for (i = 0; i < t->cap; i++)
		free((char *)t->slot[i].key);
	strtab_free(t);
}
