/*
 * shard.c: the stable hash of an indicator id to its shard (see shard.h).
 */
#include "shard.h"

#define FNV_BASIS	2166136261u
#define FNV_PRIME	16777619u

uint32_t
shard_hash(const char *s)
{
	uint32_t	 h = FNV_BASIS;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= FNV_PRIME;
	}
	return h;
}

unsigned
shard_of(const char *id, unsigned n)
{
	return shard_hash(id) % n;
}
