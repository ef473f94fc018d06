/*
 * strtab.h: a hash table from strings to pointers (open addressing, linear
 * probing, at most half full). Keys are not copied: each must live, and stay
 * the same, as long as it is in the table. A zeroed struct strtab is empty.
 */
#ifndef STRTAB_H
#define STRTAB_H

#include <stddef.h>

struct strtab_slot {
	const char	*key;		/* NULL: free */
	void		*val;
};

struct strtab {
	struct strtab_slot *slot;
	size_t		 cap;		/* 0 or a power of two */
	size_t		 n;
};

/* The value of key, or NULL (values are never NULL). */
void	*strtab_get(const struct strtab *, const char *key);
/*
 * Add key with val unless the table has key: returns the value it has
 * (the table unchanged), or NULL once added.
 */
void	*strtab_put(struct strtab *, const char *key, void *val);
/* Frees the table, not the keys or values. */
void	 strtab_free(struct strtab *);
/*
 * A table as a set of strings it owns: the copy of s kept in it (made at
 * the first call for s), each its own value; strtab_free_strings frees
 * them and the table.
 */
const char *strtab_intern(struct strtab *, const char *s);
void	 strtab_free_strings(struct strtab *);

#endif
